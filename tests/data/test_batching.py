"""ArrayDataset and DataLoader: batch sizes, shuffling, seeds, drop_last and their errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tensor_autograd.data import ArrayDataset, DataLoader


def dataset(n):
    return ArrayDataset(np.arange(2 * n).reshape(n, 2), np.arange(n))


@given(st.integers(1, 60), st.integers(1, 70), st.booleans(), st.booleans())
def test_every_row_is_visited_once_per_pass(n, batch_size, shuffle, drop_last):
    if drop_last and n < batch_size:
        return
    loader = DataLoader(dataset(n), batch_size, shuffle=shuffle, seed=0, drop_last=drop_last)
    batches = list(loader)
    assert len(batches) == len(loader)
    assert all(len(x) == len(y) <= batch_size for x, y in batches)
    seen = np.concatenate([y.ravel() for _, y in batches])
    expected = n - n % batch_size if drop_last else n
    assert len(seen) == expected and len(set(seen.tolist())) == expected
    for x, y in batches:  # rows stay paired with their targets
        assert np.array_equal(x[:, 0], 2 * y[:, 0])


def test_batches_are_float32_numpy_arrays_by_default():
    x, y = next(iter(DataLoader(dataset(4), 2)))
    assert isinstance(x, np.ndarray) and x.dtype == np.float32 and y.dtype == np.float32
    assert ArrayDataset([[1.0]], [1.0], dtype=np.float64).x.dtype == np.float64


def test_shuffling_is_seeded_and_changes_every_pass():
    def order(loader):
        return [y.ravel().tolist() for _, y in loader]

    a, b = DataLoader(dataset(20), 5, shuffle=True, seed=1), DataLoader(dataset(20), 5, shuffle=True, seed=1)
    first_a, first_b = order(a), order(b)
    assert first_a == first_b  # same seed, same batches
    second_a = order(a)
    assert second_a != first_a  # a new order on the next pass...
    assert order(b) == second_a  # ...the same one for both loaders
    assert order(DataLoader(dataset(20), 5, shuffle=True, seed=2)) != first_a
    assert order(DataLoader(dataset(20), 5)) == [list(range(i, i + 5)) for i in range(0, 20, 5)]  # unshuffled


def test_fewer_rows_than_a_batch_with_drop_last_is_an_error():
    with pytest.raises(ValueError, match=r"has 3 rows, fewer than batch_size=8, .*drop_last=True"):
        DataLoader(dataset(3), batch_size=8, drop_last=True)
    assert len(DataLoader(dataset(3), batch_size=8)) == 1  # without drop_last: one short batch


@pytest.mark.parametrize("batch_size", [0, -4, 2.5, True, "8"])
def test_batch_size_must_be_a_positive_integer(batch_size):
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        DataLoader(dataset(4), batch_size)


def test_an_empty_dataset_is_an_error():
    with pytest.raises(ValueError, match="empty dataset"):
        DataLoader(ArrayDataset(np.zeros((0, 2)), np.zeros(0)), 2)


def test_dataset_shape_errors():
    with pytest.raises(ValueError, match="3 feature rows but 2 targets"):
        ArrayDataset(np.zeros((3, 2)), np.zeros(2))
    with pytest.raises(ValueError, match="2-D features"):
        ArrayDataset(np.zeros(3), np.zeros(3))
