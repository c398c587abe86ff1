"""Seeded splits: a train/test split, and k folds for cross-validation. The same seed
always gives the same rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tensor_autograd.data.errors import DataError


def split_indices(
    n_rows: int, test_fraction: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Shuffle ``range(n_rows)`` with ``seed``; cut it into training and test rows.

    The test set gets ``round(test_fraction * n_rows)`` rows; both must be non-empty.

    >>> train, test = split_indices(10, test_fraction=0.3, seed=0)
    >>> len(train), len(test), sorted([*train, *test]) == list(range(10))
    (7, 3, True)
    >>> bool((split_indices(10, 0.3, seed=0)[1] == test).all())
    True
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(
            f"test_fraction must be between 0 and 1 (exclusive), got {test_fraction}"
        )
    n_test = round(test_fraction * n_rows)
    if n_test == 0 or n_test == n_rows:
        raise DataError(
            f"cannot split {n_rows} row(s) with test_fraction={test_fraction}: "
            f"that leaves {n_rows - n_test} training and {n_test} test row(s); "
            "both need at least one"
        )
    order = np.random.default_rng(seed).permutation(n_rows)
    return np.sort(order[n_test:]), np.sort(order[:n_test])


def train_test_split(
    frame: pd.DataFrame, test_fraction: float = 0.2, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split a table's rows into a training and a test table (see `split_indices`).

    >>> frame = pd.DataFrame({"x": range(5)})
    >>> train, test = train_test_split(frame, test_fraction=0.4, seed=1)
    >>> len(train), len(test)
    (3, 2)
    """
    train, test = split_indices(len(frame), test_fraction, seed)
    return (
        frame.iloc[train].reset_index(drop=True),
        frame.iloc[test].reset_index(drop=True),
    )


def kfold_indices(
    n_rows: int, folds: int = 5, seed: int = 0
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Shuffle the row numbers with ``seed`` and cut them into ``folds`` test sets.

    Returns one ``(train, test)`` pair of row numbers per fold: every row is a test row
    in exactly one fold and a training row in all the others. Scoring a model on each
    fold and reporting the mean and spread of the scores is *k-fold cross-validation*;
    repeating it with other seeds averages over the luck of the shuffle too.

    >>> pairs = kfold_indices(10, folds=3, seed=0)
    >>> [len(test) for _, test in pairs]
    [4, 3, 3]
    >>> sorted(int(row) for _, test in pairs for row in test) == list(range(10))
    True
    """
    if not 2 <= folds <= n_rows:
        raise DataError(
            f"cannot cut {n_rows} row(s) into {folds} folds: "
            "expected at least 2 folds and no more folds than rows"
        )
    order = np.random.default_rng(seed).permutation(n_rows)
    pairs = []
    for test in np.array_split(order, folds):
        train = np.setdiff1d(order, test)  # sorted, like split_indices' parts
        pairs.append((train, np.sort(test)))
    return pairs


def validation_split(
    x: np.ndarray, y: np.ndarray, fraction: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Carve a validation set out of a training set: ``(x_train, y_train, x_val,
    y_val)``.

    The validation rows are a seeded random ``fraction`` of the rows (`split_indices`),
    the same for the same seed; both parts keep the rows' original order.

    >>> x, y = np.arange(20).reshape(10, 2), np.arange(10)
    >>> x_train, y_train, x_val, y_val = validation_split(x, y, fraction=0.2, seed=0)
    >>> x_train.shape, x_val.shape, sorted([*y_train, *y_val]) == list(range(10))
    ((8, 2), (2, 2), True)
    """
    if len(x) != len(y):
        raise DataError(
            f"validation_split got {len(x)} rows of x but {len(y)} of y; they must "
            "match"
        )
    if not 0.0 < fraction < 1.0:
        raise ValueError(
            "the validation fraction must be between 0 and 1 (exclusive), got "
            f"{fraction}"
        )
    train, val = split_indices(len(x), test_fraction=fraction, seed=seed)
    return x[train], y[train], x[val], y[val]
