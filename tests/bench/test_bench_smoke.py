"""The benchmarks keep working: each runs at tiny sizes, with its peers when they are installed
(``uv run --group bench``) and without them, when each missing peer is skipped with a message.

No timing is asserted: a benchmark's numbers depend on the machine, so only its shape is checked.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest
from outside_files import block_imports
from scalar_autograd import bench as scalar_bench
from tensor_autograd import bench as tensor_bench


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


# -- scalar_autograd.bench ----------------------------------------------------------------------
def test_scalar_bench_quick_writes_a_report(tmp_path, capsys):
    path = tmp_path / "scalar.json"
    assert scalar_bench.main(["--quick", "--rounds", "1", "--json", str(path)]) == 0
    out = capsys.readouterr().out
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["benchmark"] == "scalar_autograd.bench" and report["settings"]["quick"]
    assert {"cpu", "cores", "python"} <= report["machine"].keys()
    results = report["results"]
    ours = results["mlp"]["ours"]
    assert ours["nodes"] > 1000 and ours["step"]["seconds"] > 0
    assert ours["step"]["unreachable_per_step"] == 0  # our graph has no cycles
    assert results["chain"]["ours"]["backward_error"] is None
    assert results["chain"]["ours"]["peak_bytes"] > 0
    assert results["memory"]["ours"]["bytes_per_node_chain"] > 0
    if _installed("micrograd"):
        assert results["mlp"]["same_loss"]
        assert results["mlp"]["micrograd"]["step"]["unreachable_per_step"] > 0  # its closures' cycles
        assert results["chain"]["micrograd"]["backward_error"].startswith("RecursionError")
        assert "RecursionError" in out
    else:
        assert "micrograd: skipped" in out
    assert "ours/micrograd" in out


def test_scalar_bench_without_micrograd_skips_it(monkeypatch, capsys):
    block_imports(monkeypatch, "micrograd")
    assert scalar_bench.main(["--quick", "--rounds", "1", "--only", "mlp", "memory"]) == 0
    out = capsys.readouterr().out
    assert "micrograd: skipped — micrograd is not installed" in out
    assert "MLP demo step" in out


def test_scalar_bench_help_names_every_option(capsys):
    with pytest.raises(SystemExit) as exit_info:
        scalar_bench.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--quick", "--rounds", "--timer", "--only", "--engines", "--json PATH"):
        assert option in out


def test_scalar_bench_rejects_a_bad_round_count(capsys):
    with pytest.raises(SystemExit):
        scalar_bench.main(["--rounds", "0"])
    assert "expected a positive whole number, got 0" in capsys.readouterr().err


@pytest.mark.parametrize("bench", [scalar_bench, tensor_bench])
def test_round_counts_are_capped(bench, capsys):
    with pytest.raises(SystemExit) as info:
        bench.main(["--rounds", "1000000000000"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "--rounds: expected at most 10,000, got 1000000000000 (a cap against typos)" in err


def test_tensor_bench_memory_steps_are_capped(capsys):
    with pytest.raises(SystemExit) as info:
        tensor_bench.main(["--memory-steps", "1000000000000"])
    assert info.value.code == 2
    assert "expected at most 10,000,000" in capsys.readouterr().err


# -- tensor_autograd.bench ----------------------------------------------------------------------
def test_tensor_bench_runs_as_a_command(tmp_path):
    """The real command line, in a process of its own: it restarts itself with one BLAS thread."""
    path = tmp_path / "tensor.json"
    environment = {k: v for k, v in os.environ.items() if k not in tensor_bench.THREAD_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-m", "tensor_autograd.bench", "--quick", "--rounds", "1", "--json", str(path)],
        capture_output=True, text=True, env=environment, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["machine"]["threads"]["environment_at_start"]  # the restart set the variables
    assert report["machine"]["threads"]["blas_threads"] in (1, None)
    sizes = report["results"]["step"]["sizes"]
    assert [s["label"] for s in (sizes[0], sizes[-1])] == ["small", "large"]
    for record in sizes:
        assert record["engines"]["ours"]["dtypes"] == {"loss": "float32", "grads": ["float32"]}
        assert record["engines"]["numpy"]["seconds"] > 0
        for peer, module in (("torch", "torch"), ("autograd", "autograd")):
            assert ("skipped" in record["engines"][peer]) != _installed(module)
    assert report["results"]["memory"]["ours"]["unreachable_after"] == 0
    assert {"float32_seconds", "float64_seconds"} <= report["results"]["dtype"]["ours"].keys()
    assert [r["elements"] for r in report["results"]["per_op"]["sizes"]] == tensor_bench.QUICK_PER_OP_SIZES
    if not _installed("torch"):
        assert "torch: skipped — PyTorch is not installed" in result.stdout


def test_tensor_bench_without_peers_skips_them(monkeypatch, capsys):
    block_imports(monkeypatch, "torch", "autograd")
    monkeypatch.setattr(tensor_bench, "limit_threads", lambda: {"method": None, "blas_threads": None})
    assert tensor_bench.main(["--quick", "--rounds", "1", "--only", "step", "per_op"]) == 0
    out = capsys.readouterr().out
    assert "torch: skipped — PyTorch is not installed" in out
    assert "autograd: skipped — HIPS autograd is not installed" in out
    assert "ours/numpy" in out


def test_tensor_bench_help_names_every_option(capsys):
    with pytest.raises(SystemExit) as exit_info:
        tensor_bench.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--quick", "--rounds", "--timer", "--only", "--engines", "--memory-steps", "--json PATH"):
        assert option in out


def test_the_hand_written_numpy_step_matches_the_engine():
    """The floor computes the same step as the engine, so the ratio compares like with like."""
    import numpy as np

    engines, _ = tensor_bench.make_engines((8, 3, 5, 2), np.float64, ["ours", "numpy"])
    tensor_bench.check_agreement(engines, np.float64)  # raises if they differ
    for _ in range(3):
        losses = [engine.step().item() for engine in engines.values()]
    np.testing.assert_allclose(losses[0], losses[1], rtol=1e-12)


def test_the_bench_limits_openblas_through_the_one_lookup_in_training_threads(monkeypatch):
    # One copy of the OpenBLAS lookup: the bench uses training.threads', not its own.
    from tensor_autograd.training import threads

    class FakeOpenBLAS:
        count = 4

        def openblas_get_num_threads(self):
            return self.count

        def openblas_set_num_threads(self, n):
            self.count = n

    fake = FakeOpenBLAS()
    block_imports(monkeypatch, "threadpoolctl")
    monkeypatch.setattr(
        threads, "openblas_library",
        lambda: (fake, "openblas_get_num_threads", "openblas_set_num_threads"),
    )
    for name in tensor_bench.THREAD_VARIABLES:
        monkeypatch.setenv(name, os.environ.get(name, ""))
    info = tensor_bench.limit_threads()
    assert info["method"] == "openblas_set_num_threads" and fake.count == 1
    assert not hasattr(tensor_bench, "_openblas_library")
