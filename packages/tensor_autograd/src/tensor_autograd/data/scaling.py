"""Min-max scaling to [0, 1], fitted on the training split only.

Fitting on the whole table would let the test rows decide the scale the model trains
with — a small leak of test information into training. So the scaler is fitted on the
training rows and then *applied* to the test rows, which may therefore fall a little
outside [0, 1]; that is expected and not clipped. Saved with a model
(`MinMaxScaler.to_dict`), it turns new inputs into the model's scale and predictions
back into dollars.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from tensor_autograd.data.errors import DataError


class MinMaxScaler:
    """Map each column linearly so that its training minimum goes to 0 and its maximum
    to 1.

    >>> scaler = MinMaxScaler(["Age", "Height (cm)"]).fit([[20, 150], [40, 200]])
    >>> scaler.transform([[30, 175]])
    array([[0.5, 0.5]])
    >>> scaler.inverse_transform([[1.0, 0.0]])
    array([[ 40., 150.]])
    >>> MinMaxScaler.from_dict(scaler.to_dict()).transform([[40, 150]])
    array([[1., 0.]])
    """

    __slots__ = ("names", "minimum", "maximum")

    def __init__(self, names: Sequence[str] | None = None) -> None:
        self.names: list[str] | None = list(names) if names is not None else None
        self.minimum: np.ndarray | None = None
        self.maximum: np.ndarray | None = None

    @property
    def is_fitted(self) -> bool:
        return self.minimum is not None

    def fit(self, values: Any) -> MinMaxScaler:
        """Remember each column's minimum and maximum; a constant column is an error (0
        / 0)."""
        values = self._as_table(values, "fit")
        if len(values) == 0:
            raise DataError("cannot fit a MinMaxScaler on zero rows")
        if not np.all(np.isfinite(values)):
            raise DataError(
                "cannot fit a MinMaxScaler on values that are NaN or infinite"
            )
        minimum, maximum = values.min(axis=0), values.max(axis=0)
        constant = np.flatnonzero(maximum == minimum)
        if constant.size:
            column = int(constant[0])
            raise DataError(
                f"column {self._name(column)} is constant in the data the scaler is "
                "fitted on "
                f"(every value is {minimum[column]:g}), so min-max scaling would "
                "divide by zero; "
                f"drop that column or use more (or other) training rows"
            )
        self.minimum, self.maximum = minimum, maximum
        return self

    def transform(self, values: Any) -> np.ndarray:
        """Scale ``values`` with the fitted minimum and maximum (floating dtypes are
        kept)."""
        values = self._as_table(values, "transform")
        minimum, span = self._fitted("transform", values.dtype)
        return (values - minimum) / span

    def fit_transform(self, values: Any) -> np.ndarray:
        """Fit on ``values`` and scale them.

        >>> values = np.array([[1.0], [3.0], [2.0]], dtype=np.float32)
        >>> MinMaxScaler().fit_transform(values).ravel()
        array([0. , 1. , 0.5], dtype=float32)
        """
        return self.fit(values).transform(values)

    def inverse_transform(self, scaled: Any) -> np.ndarray:
        """Map scaled values back to the original units (e.g. a predicted income back to
        USD)."""
        scaled = self._as_table(scaled, "inverse_transform")
        minimum, span = self._fitted("inverse_transform", scaled.dtype)
        return scaled * span + minimum

    def to_dict(self) -> dict[str, Any]:
        """Plain lists and strings, ready for JSON, so the scaler can be saved next to a
        model."""
        if not self.is_fitted:
            raise RuntimeError(
                "MinMaxScaler.to_dict() called before fit(); there is nothing to save "
                "yet"
            )
        return {
            "names": self.names,
            "minimum": self.minimum.tolist(),
            "maximum": self.maximum.tolist(),
        }

    @classmethod
    def from_dict(cls, state: Mapping[str, Any]) -> MinMaxScaler:
        """Rebuild a fitted scaler from `to_dict`'s output, checking it is well
        formed."""
        try:
            minimum = np.asarray(state["minimum"], dtype=np.float64)
            maximum = np.asarray(state["maximum"], dtype=np.float64)
            names = state.get("names")
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                "not a saved MinMaxScaler (expected keys names, minimum, maximum): "
                f"{error}"
            ) from error
        if (
            minimum.ndim != 1
            or minimum.shape != maximum.shape
            or not np.all(maximum > minimum)
        ):
            raise ValueError(
                f"not a saved MinMaxScaler: minimum {minimum.tolist()} and maximum "
                f"{maximum.tolist()} must be "
                f"equally long lists with every maximum above its minimum"
            )
        if names is not None and len(names) != minimum.size:
            raise ValueError(
                f"saved MinMaxScaler has {len(names)} names for {minimum.size} columns"
            )
        scaler = cls(names)
        scaler.minimum, scaler.maximum = minimum, maximum
        return scaler

    def __repr__(self) -> str:
        if not self.is_fitted:
            return f"MinMaxScaler(names={self.names}, not fitted)"
        return (
            f"MinMaxScaler(names={self.names}, minimum={self.minimum.tolist()}, "
            f"maximum={self.maximum.tolist()})"
        )

    def _fitted(self, method: str, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
        if not self.is_fitted:
            raise RuntimeError(
                f"MinMaxScaler.{method}() called before fit(); fit it on the training "
                "split first"
            )
        # Compute in the caller's floating dtype, so float32 features stay float32.
        return self.minimum.astype(dtype), (self.maximum - self.minimum).astype(dtype)

    def _as_table(self, values: Any, method: str) -> np.ndarray:
        table = np.asarray(values)
        if not np.issubdtype(table.dtype, np.floating):
            table = table.astype(np.float64)
        if table.ndim != 2:
            raise ValueError(
                f"MinMaxScaler.{method}() expects a 2-D table (rows, columns), got "
                f"shape {table.shape}"
            )
        expected = (
            self.minimum.size
            if self.is_fitted
            else (len(self.names) if self.names is not None else None)
        )
        if expected is not None and table.shape[1] != expected:
            raise ValueError(
                f"MinMaxScaler.{method}() expects {expected} column(s) "
                f"{self.names or ''}, got {table.shape[1]}"
            )
        return table

    def _name(self, column: int) -> str:
        return repr(self.names[column]) if self.names is not None else f"{column}"
