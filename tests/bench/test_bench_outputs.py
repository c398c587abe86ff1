"""`bench --json PATH` is checked before the run, and a bench with nothing to measure says so.

Both benches share the check (scalar_autograd.plumbing.benchmarks): an earlier report of the same
benchmark is replaced, any other file only with --force, a folder or a device never.
"""

from __future__ import annotations

import json
import os

import pytest
from outside_files import block_imports
from scalar_autograd import bench as scalar_bench
from tensor_autograd import bench as tensor_bench

BENCHES = [
    pytest.param(scalar_bench, "scalar_autograd.bench", ["--only", "memory"], id="scalar"),
    pytest.param(tensor_bench, "tensor_autograd.bench", ["--only", "dtype", "--engines", "ours", "numpy"],
                 id="tensor"),
]


def _no_run(monkeypatch, bench):
    """Fail the test if the bench starts measuring: the path must be refused first."""

    def run(**kwargs):
        raise AssertionError("the benchmark ran before its --json path was checked")

    monkeypatch.setattr(bench, "run", run)


@pytest.fixture(autouse=True)
def _one_thread(monkeypatch):
    monkeypatch.setattr(tensor_bench, "limit_threads", lambda: {"method": None, "blas_threads": None})


@pytest.mark.parametrize(("bench", "name", "only"), BENCHES)
def test_an_unrelated_file_is_refused_before_the_run(bench, name, only, tmp_path, monkeypatch, capsys):
    path = tmp_path / "p.txt"
    path.write_text("my notes")
    _no_run(monkeypatch, bench)
    assert bench.main(["--quick", "--rounds", "1", *only, "--json", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"bench: error: cannot write the benchmark results to {path}: that file exists" in err
    assert "--force" in err
    assert path.read_text() == "my notes"


@pytest.mark.parametrize(("bench", "name", "only"), BENCHES)
def test_a_folder_is_refused_before_the_run(bench, name, only, tmp_path, monkeypatch, capsys):
    _no_run(monkeypatch, bench)
    assert bench.main(["--quick", *only, "--json", str(tmp_path)]) == 1
    assert "it is a folder" in capsys.readouterr().err


@pytest.mark.parametrize(("bench", "name", "only"), BENCHES)
def test_a_device_is_refused_even_with_force(bench, name, only, monkeypatch, capsys):
    _no_run(monkeypatch, bench)
    assert bench.main(["--quick", *only, "--json", "/dev/null", "--force"]) == 1
    assert "character device, not a regular file" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
@pytest.mark.parametrize(("bench", "name", "only"), BENCHES)
def test_a_read_only_folder_is_refused_before_the_run(bench, name, only, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    _no_run(monkeypatch, bench)
    try:
        assert bench.main(["--quick", *only, "--json", str(folder / "r.json")]) == 1
    finally:
        folder.chmod(0o700)
    assert "is not writable" in capsys.readouterr().err


@pytest.mark.parametrize(("bench", "name", "only"), BENCHES)
def test_an_earlier_report_is_replaced_and_force_replaces_anything(bench, name, only, tmp_path, capsys):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"benchmark": name, "results": {}}))
    assert bench.main(["--quick", "--rounds", "1", *only, "--json", str(path)]) == 0
    assert f"replaced {path}" in capsys.readouterr().out
    assert json.loads(path.read_text())["benchmark"] == name
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"benchmark": "someone else's"}))
    assert bench.main(["--quick", "--rounds", "1", *only, "--json", str(other), "--force"]) == 0
    assert json.loads(other.read_text())["benchmark"] == name


@pytest.mark.parametrize("peer", ["torch", "autograd"])
def test_tensor_bench_with_only_a_missing_peer_says_so(peer, monkeypatch, capsys):
    block_imports(monkeypatch, peer)
    assert tensor_bench.main(["--quick", "--rounds", "1", "--engines", peer]) == 1
    err = capsys.readouterr().err
    assert f"bench: {peer}: " in err and "not installed" in err
    assert "bench: error: none of the requested engines can be measured here" in err


@pytest.mark.parametrize("peer", ["torch", "autograd"])
def test_tensor_bench_skips_a_missing_peer_next_to_numpy(peer, monkeypatch, capsys):
    block_imports(monkeypatch, peer)
    assert tensor_bench.main(["--quick", "--rounds", "1", "--only", "step", "dtype", "memory",
                              "--engines", "numpy", peer]) == 0
    assert f"{peer}: skipped" in capsys.readouterr().out


def test_scalar_bench_with_only_a_missing_micrograd_says_so(monkeypatch, capsys):
    block_imports(monkeypatch, "micrograd")
    assert scalar_bench.main(["--quick", "--rounds", "1", "--engines", "micrograd"]) == 1
    assert "none of the requested engines can be measured here" in capsys.readouterr().err


def test_a_stale_temporary_file_is_named(tmp_path, capsys):
    path = tmp_path / "r.json"
    stale = tmp_path / ".r.json.k1ll3d00.tmp"
    stale.write_text("{half")
    assert scalar_bench.main(["--quick", "--rounds", "1", "--only", "memory", "--json", str(path)]) == 0
    assert f"bench: note: found 1 temporary file left by an interrupted write of {path}: {stale}" in \
        capsys.readouterr().err
