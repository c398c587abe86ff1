"""Mini-batches: a dataset of (features, target) rows and a loader that walks it in
batches.

Features and targets are stored as ``float32`` by default — the dtype the tensor
engine's fast path uses, and plenty for inputs scaled to [0, 1]. Pass
``dtype=np.float64`` for exact comparisons with double-precision references.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from tensor_autograd.data.errors import DataError


class ArrayDataset:
    """Rows of a feature table ``x`` (n, d) paired with targets ``y`` (n, k); a 1-D
    ``y`` becomes (n, 1).

    >>> data = ArrayDataset([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]], [1.0, 2.0, 3.0])
    >>> len(data), data.x.shape, data.y.shape, data.x.dtype
    (3, (3, 2), (3, 1), dtype('float32'))
    >>> x, y = data[1]
    >>> x.tolist(), y.tolist()
    ([0.5, 0.5], [2.0])
    """

    __slots__ = ("x", "y")

    def __init__(self, x: Any, y: Any, dtype: Any = np.float32) -> None:
        x = np.asarray(x, dtype=dtype)
        y = np.asarray(y, dtype=dtype)
        if y.ndim == 1:
            y = y[:, None]
        if x.ndim != 2 or y.ndim != 2:
            raise ValueError(
                f"ArrayDataset expects 2-D features and targets, got shapes {x.shape} "
                f"and {y.shape}"
            )
        if len(x) != len(y):
            raise ValueError(
                f"ArrayDataset got {len(x)} feature rows but {len(y)} targets; they "
                "must match"
            )
        self.x, self.y = x, y

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, index: Any) -> tuple[np.ndarray, np.ndarray]:
        return self.x[index], self.y[index]


class DataLoader:
    """Iterate over a dataset in mini-batches of ``batch_size`` rows, as ``(x_batch,
    y_batch)`` arrays.

    With ``shuffle=True`` the rows are visited in a new random order on every pass,
    drawn from a generator seeded once with ``seed``: two loaders built with the same
    seed yield the same batches, pass after pass. ``drop_last=True`` skips a final batch
    smaller than ``batch_size``.

    >>> data = ArrayDataset(np.arange(10).reshape(5, 2), np.arange(5))
    >>> [y.ravel().tolist() for _, y in DataLoader(data, batch_size=2)]
    [[0.0, 1.0], [2.0, 3.0], [4.0]]
    >>> len(DataLoader(data, batch_size=2, drop_last=True))
    2
    >>> def labels(loader):
    ...     return [y.ravel().tolist() for _, y in loader]
    >>> first = labels(DataLoader(data, 2, shuffle=True, seed=0))
    >>> first == labels(DataLoader(data, 2, shuffle=True, seed=0))
    True
    """

    __slots__ = ("dataset", "batch_size", "shuffle", "drop_last", "_rng")

    def __init__(
        self,
        dataset: ArrayDataset,
        batch_size: int = 32,
        shuffle: bool = False,
        seed: int | None = None,
        drop_last: bool = False,
    ) -> None:
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, (int, np.integer))
            or batch_size <= 0
        ):
            raise ValueError(
                f"batch_size must be a positive integer, got {batch_size!r}"
            )
        if len(dataset) == 0:
            raise DataError(
                "DataLoader got an empty dataset (0 rows); there is nothing to batch"
            )
        if drop_last and len(dataset) < batch_size:
            raise DataError(
                f"the dataset has {len(dataset)} rows, fewer than "
                f"batch_size={batch_size}, so with drop_last=True "
                "not a single batch would be produced; use a batch size of at most "
                f"{len(dataset)} or drop_last=False"
            )
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.drop_last = drop_last
        self._rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        """Batches per pass."""
        full, rest = divmod(len(self.dataset), self.batch_size)
        return full if self.drop_last or rest == 0 else full + 1

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        n = len(self.dataset)
        order = self._rng.permutation(n) if self.shuffle else None
        for batch in range(len(self)):
            start = batch * self.batch_size
            rows = (
                slice(start, start + self.batch_size)
                if order is None
                else order[start : start + self.batch_size]
            )
            yield self.dataset[rows]
