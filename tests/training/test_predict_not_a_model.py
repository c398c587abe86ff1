"""`predict --model` given a file that is not a model (a CSV, a .npy, a pickle) says so plainly."""

from __future__ import annotations

import io
import pickle

import numpy as np
import pytest

from tensor_autograd.cli import predict
from tensor_autograd.training.checkpoint import ModelFileError, load_model

INPUTS = ["--gender", "male", "--age", "30", "--height", "170"]


def write_csv(path):
    path.write_text("Gender,Age,Height (cm)\nmale,30,170\n")


def write_npy(path):
    np.save(path, np.ones(3))


def write_pickle(path):
    path.write_bytes(pickle.dumps({"weights": [1.0, 2.0]}))


@pytest.mark.parametrize("name, write", [("data.csv", write_csv), ("w.npy", write_npy), ("m.pkl", write_pickle)])
def test_a_file_that_is_no_npz_is_named_as_such(tmp_path, capsys, name, write):
    path = tmp_path / name
    write(path)
    status = predict.main(["--model", str(path), *INPUTS], out=io.StringIO())
    assert status == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: {path} is not a model saved by tensor_autograd.train: it is not a .npz archive at all "
        "(model files are the .npz archives that `python -m tensor_autograd.train --save PATH` writes)\n"
    )
    assert "allow_pickle" not in err  # NumPy's advice to load it unsafely is not passed on


def test_an_unreadable_file_is_a_read_error_not_a_wrong_kind(tmp_path, monkeypatch):
    path = tmp_path / "m.npz"
    path.write_bytes(b"PK")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tensor_autograd.training.checkpoint.read_bytes", refuse)
    with pytest.raises(ModelFileError, match=r"cannot read the model file .*m\.npz: Permission denied"):
        load_model(path)
