"""`tensor_autograd.cli.train` counts in plain words: "1 epoch", "5 epochs"."""

from __future__ import annotations

import pytest

from .conftest import run_train


@pytest.mark.parametrize("epochs, words", [("1", "1 epoch,"), ("5", "5 epochs,")])
def test_epoch_count_is_pluralised(epochs, words):
    status, out = run_train("--source", "synthetic", "--quiet", "--epochs", epochs)
    assert status == 0
    assert f"batch 16, {words} seed 0" in out
