"""The model file: round trip, atomic writes, versions, and what it refuses."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from tensor_autograd.training.checkpoint import FORMAT_VERSION, ModelFileError, load_model, model_bytes, save_model


def test_round_trip(tmp_path):
    path = tmp_path / "m.npz"
    state = {"0.weight": np.arange(6, dtype=np.float32).reshape(2, 3), "0.bias": np.zeros(2, np.float32)}
    assert save_model(path, state, {"task": "classify", "features": ["Age"]}) == "wrote"
    saved = load_model(path, task="classify")
    assert saved.task == "classify" and saved.meta["features"] == ["Age"] and saved.meta["version"] == FORMAT_VERSION
    assert saved.state["0.weight"].dtype == np.float32
    np.testing.assert_array_equal(saved.state["0.weight"], state["0.weight"])


def test_a_failed_write_leaves_the_previous_model(tmp_path, monkeypatch):
    path = tmp_path / "m.npz"
    save_model(path, {"w": np.ones(1)}, {"task": "regress"})
    before = path.read_bytes()
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        save_model(path, {"w": np.zeros(1)}, {"task": "regress"})
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["m.npz"]


def test_another_format_version_is_refused(tmp_path):
    path = tmp_path / "m.npz"
    data = model_bytes({"w": np.ones(1)}, {"task": "regress"})
    path.write_bytes(data)
    with np.load(path) as archive:
        meta = json.loads(str(archive["__meta__"]))
    meta["version"] = FORMAT_VERSION + 1
    np.savez(path, __meta__=np.array(json.dumps(meta)), **{"param:w": np.ones(1)})
    with pytest.raises(ModelFileError, match=f"format version {FORMAT_VERSION + 1}"):
        load_model(path)


def test_a_folder_is_not_a_model(tmp_path):
    with pytest.raises(ModelFileError, match="is a folder"):
        load_model(tmp_path)


def test_nothing_is_unpickled(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, __meta__=np.array([{"task": "regress"}], dtype=object))
    with pytest.raises(ModelFileError, match="not a model saved by tensor_autograd.train"):
        load_model(path)
