"""The bench's ``cnn`` workload: chapter 13's CNN step, against PyTorch when it is
installed, and the NumPy pieces of our convolutions. Shapes only: no timing is asserted."""

from __future__ import annotations

import importlib.util
import json

from outside_files import block_imports
from tensor_autograd import bench as tensor_bench


def test_cnn_workload_reports_the_step_and_the_conv_pieces(tmp_path, capsys):
    path = tmp_path / "cnn.json"
    argv = ["--quick", "--rounds", "1", "--only", "cnn", "--engines", "ours", "torch"]
    assert tensor_bench.main([*argv, "--json", str(path)]) == 0
    cnn = json.loads(path.read_text(encoding="utf-8"))["results"]["cnn"]
    assert cnn["batch"] == 100 and cnn["engines"]["ours"]["seconds"] > 0
    layers = list(cnn["conv_parts"].values())
    assert len(layers) == 3 and "fold" not in layers[0]  # the data needs no gradient
    assert all(set(layer) == {"unfold", "matmul", "fold"} for layer in layers[1:])
    assert cnn["rest_seconds"] >= 0
    out = capsys.readouterr().out
    assert "one training step of the MNIST-1D CNN" in out and "unfold" in out
    if importlib.util.find_spec("torch") is None:
        assert "torch: skipped — PyTorch is not installed" in out
    else:
        assert cnn["engines"]["torch"]["seconds"] > 0 and "ours/torch" in out


def test_without_pytorch_the_cnn_step_is_ours_alone(monkeypatch, capsys):
    block_imports(monkeypatch, "torch")
    argv = ["--quick", "--rounds", "1", "--only", "cnn", "--engines", "ours", "torch"]
    assert tensor_bench.main(argv) == 0
    assert "torch: skipped" in capsys.readouterr().out


def test_the_ours_and_torch_steps_agree():
    """The agreement check runs before timing; with PyTorch, one step of each agrees."""
    from tensor_autograd.bench import cnn

    engines, skipped = cnn.make_engines(["ours", "torch"])
    cnn.check_agreement(engines)  # raises if they disagree
    assert "ours" in engines and ("torch" in engines or "torch" in skipped)
