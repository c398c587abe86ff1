"""`nn.save` / `nn.load`: np.savez without pickles, atomic, through a symlink like np.save, and
names that round-trip (strings without NUL) or a clear error."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest
from tensor_autograd import nn


def test_a_symlink_is_written_through_not_replaced(tmp_path):
    # np.save(link) and torch.save(obj, link) write into the file the link points to.
    real = tmp_path / "real.npz"
    nn.save({"w": np.zeros(2)}, real)
    link = tmp_path / "link.npz"
    link.symlink_to(real)
    nn.save({"w": np.ones(2)}, link, overwrite=True)
    assert link.is_symlink()
    np.testing.assert_array_equal(nn.load(real)["w"], np.ones(2))


@pytest.mark.parametrize("name", ["a\0b", 3, ("a", "b"), None])
def test_names_that_would_not_round_trip_are_refused(tmp_path, name):
    with pytest.raises(ValueError, match="names must be strings without NUL characters"):
        nn.save({name: np.ones(1)}, tmp_path / "m.npz")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name", ["0.weight", "layer/with/slash", "ünïcode", "", "arr_0"])
def test_string_names_round_trip(tmp_path, name):
    nn.save({name: np.arange(3.0)}, tmp_path / "m.npz")
    assert list(nn.load(tmp_path / "m.npz")) == [name]


def test_no_pickle_on_either_side(tmp_path):
    with pytest.raises(ValueError):
        nn.save({"o": np.array([object()])}, tmp_path / "m.npz")
    path = tmp_path / "p.npz"
    np.savez(path, o=np.array([{"a": 1}], dtype=object))  # someone else's pickled archive
    with pytest.raises(ValueError, match="allow_pickle"):
        nn.load(path)


def test_a_stale_temporary_file_is_reported(tmp_path):
    stale = tmp_path / ".m.npz.k1ll3d00.tmp"
    stale.write_bytes(b"half a model")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nn.save({"w": np.ones(1)}, tmp_path / "m.npz")
    assert any(str(stale) in str(w.message) for w in caught)
