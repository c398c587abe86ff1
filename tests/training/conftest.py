"""Fixtures for the training and prediction tests: no network, a kagglehub cache of our own, a trained model."""

from __future__ import annotations

import io
import socket

import pytest

from tensor_autograd.cli import train

FAST = ["--source", "synthetic", "--quiet", "--epochs", "5"]


@pytest.fixture(autouse=True)
def no_network(monkeypatch, tmp_path):
    """Every test here runs offline with an empty kagglehub cache: resolving a host name fails."""

    def refuse(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "network disabled in tests")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("KAGGLEHUB_CACHE", str(tmp_path / "kagglehub-cache"))
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("KAGGLE_USERNAME", "KAGGLE_KEY", "KAGGLE_API_TOKEN", "TBE_RUNTIME_ADDR", "KAGGLE_KERNEL_RUN_TYPE"):
        monkeypatch.delenv(name, raising=False)


def run_train(*argv: str) -> tuple[int, str]:
    """Run the train command in-process; return its exit status and what it printed on stdout."""
    out = io.StringIO()
    status = train.main(list(argv), out=out)
    return status, out.getvalue()


@pytest.fixture
def regression_model(tmp_path):
    path = tmp_path / "income.npz"
    status, _ = run_train(*FAST, "--save", str(path))
    assert status == 0
    return path


@pytest.fixture
def classifier_model(tmp_path):
    path = tmp_path / "gender.npz"
    status, _ = run_train(*FAST, "--task", "classify", "--save", str(path))
    assert status == 0
    return path
