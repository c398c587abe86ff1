"""The seeded train/test split."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tensor_autograd.data import DataError, split_indices, train_test_split


@given(st.integers(2, 500), st.floats(0.05, 0.95), st.integers(0, 2**32 - 1))
def test_the_parts_are_disjoint_cover_every_row_and_have_the_requested_size(n, fraction, seed):
    if round(fraction * n) in (0, n):
        return
    train, test = split_indices(n, fraction, seed)
    assert len(test) == round(fraction * n)
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(n))


def test_same_seed_same_split_other_seed_other_split():
    assert all(np.array_equal(a, b) for a, b in zip(split_indices(100, 0.2, 3), split_indices(100, 0.2, 3)))
    assert not np.array_equal(split_indices(100, 0.2, 3)[1], split_indices(100, 0.2, 4)[1])


def test_frames_are_split_by_rows():
    frame = pd.DataFrame({"x": range(10), "y": range(10, 20)})
    train, test = train_test_split(frame, 0.3, seed=0)
    assert sorted([*train["x"], *test["x"]]) == list(range(10))
    assert (train["y"] - train["x"] == 10).all()


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.1, 1.5])
def test_the_fraction_must_be_strictly_between_0_and_1(fraction):
    with pytest.raises(ValueError, match="test_fraction must be between 0 and 1"):
        split_indices(10, fraction)


def test_both_parts_must_be_non_empty():
    with pytest.raises(ValueError, match="leaves 3 training and 0 test row"):
        split_indices(3, 0.1)


@given(st.integers(2, 300), st.integers(2, 12), st.integers(0, 2**32 - 1))
def test_k_folds_test_every_row_exactly_once_in_nearly_equal_parts(n, folds, seed):
    from tensor_autograd.data import kfold_indices

    if folds > n:
        with pytest.raises(DataError, match=f"cannot cut {n} row"):
            kfold_indices(n, folds, seed)
        return
    pairs = kfold_indices(n, folds, seed)
    assert len(pairs) == folds
    tests = np.concatenate([test for _, test in pairs])
    assert np.array_equal(np.sort(tests), np.arange(n))  # each row tested once
    assert max(map(len, (t for _, t in pairs))) - min(map(len, (t for _, t in pairs))) <= 1
    for train, test in pairs:
        assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(n))


def test_k_folds_are_reproducible_and_refuse_one_fold():
    from tensor_autograd.data import kfold_indices

    a, b = kfold_indices(50, 5, seed=1), kfold_indices(50, 5, seed=1)
    assert all(np.array_equal(x[1], y[1]) for x, y in zip(a, b))
    assert not np.array_equal(a[0][1], kfold_indices(50, 5, seed=2)[0][1])
    with pytest.raises(DataError, match="at least 2 folds"):
        kfold_indices(50, 1)
