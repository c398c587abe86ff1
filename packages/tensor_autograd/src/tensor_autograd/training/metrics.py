"""Test metrics, computed with plain NumPy so they do not depend on the engine being
right.

>>> y, pred = np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0])
>>> mse(y, pred), mae(y, pred), round(r2_score(y, pred), 3)
(1.3333333333333333, 0.6666666666666666, -1.0)
"""

from __future__ import annotations

import numpy as np


def _flat(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true = np.asarray(y_true, dtype=np.float64).ravel()
    y_pred = np.asarray(y_pred, dtype=np.float64).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"got {y_true.size} targets but {y_pred.size} predictions")
    if y_true.size == 0:
        raise ValueError("metrics need at least one row")
    return y_true, y_pred


def mse(y_true, y_pred) -> float:
    """Mean squared error."""
    y_true, y_pred = _flat(y_true, y_pred)
    return float(np.mean((y_pred - y_true) ** 2))


def mae(y_true, y_pred) -> float:
    """Mean absolute error, in the targets' units (USD for income)."""
    y_true, y_pred = _flat(y_true, y_pred)
    return float(np.mean(np.abs(y_pred - y_true)))


def r2_score(y_true, y_pred) -> float:
    """Coefficient of determination: 1 is perfect, 0 is no better than predicting the
    mean.

    >>> r2_score([1.0, 2.0, 3.0], [2.0, 2.0, 2.0])
    0.0
    """
    y_true, y_pred = _flat(y_true, y_pred)
    spread = np.sum((y_true - y_true.mean()) ** 2)
    if spread == 0:
        return float("nan")  # every target equal: R² is undefined
    return float(1.0 - np.sum((y_pred - y_true) ** 2) / spread)


def accuracy(y_true, y_pred) -> float:
    """Fraction of labels predicted exactly.

    >>> accuracy([0, 1, 1, 0], [0, 1, 0, 0])
    0.75
    """
    y_true, y_pred = _flat(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes: int = 2) -> np.ndarray:
    """Counts ``[true class, predicted class]``.

    >>> confusion_matrix([0, 1, 1, 0], [0, 1, 0, 0]).tolist()
    [[2, 0], [1, 1]]
    """
    y_true, y_pred = _flat(y_true, y_pred)
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(matrix, (y_true.astype(np.int64), y_pred.astype(np.int64)), 1)
    return matrix
