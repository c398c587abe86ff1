"""The recorded command-line runs (packages/tensor_autograd/docs/results/mnist1d.json,
which chapter 13's table shows) reproduce the paper's table within a few points, and
the CNN's run took under a minute."""

from __future__ import annotations

import json
from pathlib import Path

RECORD = (
    Path(__file__).resolve().parents[2]
    / "packages/tensor_autograd/docs/results/mnist1d.json"
)


def test_the_recorded_runs_reproduce_the_papers_table():
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    runs = {run["model"]: run for run in record["runs"]}
    assert list(runs) == ["linear", "mlp", "cnn"]
    assert 0.29 <= runs["linear"]["test_accuracy"] <= 0.36  # the paper: 32 %
    assert 0.62 <= runs["mlp"]["test_accuracy"] <= 0.70  # the paper: 68 %
    assert runs["cnn"]["test_accuracy"] >= 0.90  # the paper: 94 %
    assert runs["cnn"]["wall_seconds"] < 60 and runs["cnn"]["cpu_seconds"] < 60
    for run in runs.values():
        assert run["command"].endswith(f"--dataset mnist1d --model {run['model']}")
        assert f"test accuracy: {run['test_accuracy']:.1%}" in run["output"]
