"""The synthetic sample is package data: it must be inside the wheel, or installed copies cannot fall back to it."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_contains_the_synthetic_csv(tmp_path):
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH")
    build = subprocess.run(
        [uv, "build", "--package", "tensor-autograd", "--wheel", "--offline", "-o", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if build.returncode != 0 and "offline" in build.stderr.lower():
        pytest.skip(f"the build backend is not in uv's cache and we are offline: {build.stderr[-300:]}")
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("tensor_autograd-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "tensor_autograd/data/gender_synthetic.csv" in names
