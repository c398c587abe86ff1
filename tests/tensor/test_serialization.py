"""Saving and loading a model's state to .npz: atomic, never silently overwriting, clear errors."""

import os

import numpy as np
import pytest

from tensor_autograd import nn


def model(seed):
    return nn.Sequential(nn.Linear(3, 4, rng=seed), nn.ReLU(), nn.Linear(4, 2, rng=seed + 1))


def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / "model.npz"
    original = model(0)
    original.save(path)
    restored = model(10).load(path)
    for (name, p), (_, q) in zip(original.named_parameters(), restored.named_parameters()):
        np.testing.assert_array_equal(p.data, q.data, err_msg=name)
        assert q.dtype == np.float32
    assert sorted(nn.load(path)) == sorted(original.state_dict())


def test_save_refuses_to_overwrite_unless_asked(tmp_path):
    path = tmp_path / "model.npz"
    model(0).save(path)
    first = path.read_bytes()
    with pytest.raises(FileExistsError, match="overwrite=True"):
        model(1).save(path)
    assert path.read_bytes() == first
    model(1).save(path, overwrite=True)
    assert path.read_bytes() != first


def test_a_failed_save_leaves_no_file_and_no_temporary(tmp_path):
    path = tmp_path / "model.npz"
    with pytest.raises(ValueError):
        nn.save({"ok": np.ones(2), "bad": np.array([object()])}, path)  # objects can't be saved
    assert os.listdir(tmp_path) == []


def test_a_failed_overwrite_keeps_the_old_file(tmp_path):
    path = tmp_path / "model.npz"
    nn.save({"w": np.ones(2)}, path)
    with pytest.raises(ValueError):
        nn.save({"w": np.array([object()])}, path, overwrite=True)
    np.testing.assert_array_equal(nn.load(path)["w"], np.ones(2))
    assert os.listdir(tmp_path) == ["model.npz"]


def test_load_errors_are_clear(tmp_path):
    with pytest.raises(FileNotFoundError, match="no saved model at"):
        nn.load(tmp_path / "missing.npz")
    not_npz = tmp_path / "notes.npz"
    not_npz.write_text("hello")
    with pytest.raises(ValueError, match="is not a .npz file"):
        nn.load(not_npz)


def test_loading_into_a_different_architecture_names_the_problem(tmp_path):
    path = tmp_path / "model.npz"
    model(0).save(path)
    wider = nn.Sequential(nn.Linear(3, 5, rng=0), nn.ReLU(), nn.Linear(5, 2, rng=1))
    with pytest.raises(ValueError, match=r"0.weight has shape \(4, 3\), the model expects \(5, 3\)"):
        wider.load(path)
    deeper = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2), nn.ReLU(), nn.Linear(2, 2))
    with pytest.raises(ValueError, match="missing: 4.weight, 4.bias"):
        deeper.load(path)
