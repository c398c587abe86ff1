"""What a trained model must beat (or match): closed-form least squares and the majority
class."""

from __future__ import annotations

import numpy as np


class LeastSquares:
    """The linear model ``x @ w + b`` with the smallest squared error, solved in one
    step.

    ``np.linalg.lstsq`` on ``[x, 1]`` gives the exact minimiser that gradient descent on
    a linear model can only approach, so its training MSE is the floor for the
    GD-trained model.

    >>> x = np.array([[0.0], [1.0], [2.0]]); y = 2 * x + 1
    >>> fit = LeastSquares().fit(x, y)
    >>> np.round(fit.weight.ravel(), 6).tolist(), np.round(fit.bias, 6).tolist()
    ([2.0], [1.0])
    >>> np.round(fit.predict([[3.0]]), 6).tolist()
    [[7.0]]
    """

    __slots__ = ("weight", "bias")

    def __init__(self) -> None:
        self.weight: np.ndarray | None = None
        self.bias: np.ndarray | None = None

    def fit(self, x, y) -> LeastSquares:
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64).reshape(len(x), -1)
        design = np.column_stack([x, np.ones(len(x))])
        solution, *_ = np.linalg.lstsq(design, y, rcond=None)
        self.weight, self.bias = solution[:-1], solution[-1]
        return self

    def predict(self, x) -> np.ndarray:
        if self.weight is None:
            raise RuntimeError("LeastSquares.predict() called before fit()")
        return np.asarray(x, dtype=np.float64) @ self.weight + self.bias


class MajorityClass:
    """Always predict the most frequent training label (ties go to the smaller label).

    >>> MajorityClass().fit([1, 0, 1]).predict(np.zeros((2, 4))).tolist()
    [1.0, 1.0]
    """

    __slots__ = ("label",)

    def __init__(self) -> None:
        self.label: float | None = None

    def fit(self, y) -> MajorityClass:
        labels, counts = np.unique(
            np.asarray(y, dtype=np.float64).ravel(), return_counts=True
        )
        self.label = float(labels[np.argmax(counts)])
        return self

    def predict(self, x) -> np.ndarray:
        if self.label is None:
            raise RuntimeError("MajorityClass.predict() called before fit()")
        return np.full(len(x), self.label)
