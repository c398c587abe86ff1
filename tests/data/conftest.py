"""Shared fixtures for the data tests: no network, an isolated kagglehub, and CSV writing helpers."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

HEADER = (
    "Gender, Age, Height (cm), Weight (kg), Occupation, Education Level, Marital Status, Income (USD), "
    "Favorite Color,"
)


@pytest.fixture
def no_network(monkeypatch):
    """Make every attempt to resolve a host name or open a connection fail, as it does offline."""

    def refuse(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "network disabled in tests")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture
def kaggle_cache(tmp_path, monkeypatch, no_network):
    """An empty kagglehub cache in a temporary folder, no credentials, no Kaggle/Colab notebook."""
    cache = tmp_path / "kagglehub-cache"
    cache.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("KAGGLEHUB_CACHE", str(cache))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("KAGGLE_CONFIG_DIR", str(home / ".kaggle"))
    for name in ("KAGGLE_USERNAME", "KAGGLE_KEY", "KAGGLE_API_TOKEN", "TBE_RUNTIME_ADDR", "KAGGLE_KERNEL_RUN_TYPE"):
        monkeypatch.delenv(name, raising=False)
    return cache


@pytest.fixture
def write_csv(tmp_path):
    """Write ``lines`` (joined with newlines) to a CSV in tmp_path and return its path."""

    def write(*lines: str, name: str = "gender.csv") -> Path:
        path = tmp_path / name
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return path

    return write
