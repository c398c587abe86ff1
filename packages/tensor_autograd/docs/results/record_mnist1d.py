"""Run the three MNIST-1D commands of chapter 13's table and record what they printed.

    uv run python packages/tensor_autograd/docs/results/record_mnist1d.py

runs ``python -m tensor_autograd.train --dataset mnist1d --model M --quiet`` for the
linear model, the MLP and the CNN, each in a process of its own with default settings
and seed, times each (elapsed and CPU), reads the test accuracy and the steps from its
output, and writes ``mnist1d.json`` beside this file, with the machine and the date.
Chapter 13 draws its table from that file when the site is built.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

COMMAND = "python -m tensor_autograd.train --dataset mnist1d --model {model}"
MODELS = ("linear", "mlp", "cnn")
OUTPUT = Path(__file__).resolve().parent / "mnist1d.json"


def _number(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    if match is None:
        raise RuntimeError(f"no match for {pattern!r} in the command's output:\n{text}")
    return float(match.group(1).replace(",", ""))


def run_one(model: str) -> dict:
    """One command in a fresh process: its numbers, and its elapsed and CPU seconds."""
    argv = [sys.executable, "-m", "tensor_autograd.train", "--dataset", "mnist1d",
            "--model", model, "--quiet"]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")
    out = done.stdout
    return {
        "model": model,
        "command": COMMAND.format(model=model),
        "test_accuracy": _number(r"test accuracy: ([\d.]+)%", out) / 100,
        "parameters": int(_number(r"\(([\d,]+) parameters\)", out)),
        "steps": int(_number(r"(?:stopped at step|trained) ([\d,]+)", out)),
        "best_step": int(_number(r"kept the weights of step ([\d,]+)", out)),
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(
            (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 2
        ),
        "output": out,
    }


def main() -> int:
    import numpy as np
    from scalar_autograd.plumbing.benchmarks import cpu_model
    from scalar_autograd.plumbing.files import atomic_write_text

    load = os.getloadavg()[0]
    runs = [run_one(model) for model in MODELS]
    record = {
        "record": "MNIST-1D, the train command with default settings and seed",
        "command": COMMAND.format(model="{linear,mlp,cnn}"),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "load_average_at_start": round(load, 2),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "numpy": np.__version__,
        },
        "runs": runs,
    }
    atomic_write_text(OUTPUT, json.dumps(record, indent=2) + "\n")
    for run in runs:
        print(f"{run['model']:>6}: {run['test_accuracy']:.1%} in {run['wall_seconds']} s "
              f"({run['cpu_seconds']} s CPU)")  # fmt: skip
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
