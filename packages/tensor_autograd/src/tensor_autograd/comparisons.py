"""Comparisons, and the ops that pick between values by comparing them.

`a < b`, `a == b` and the rest compare elementwise and return a boolean NumPy array,
with no gradient (a step function's derivative is 0 wherever it exists), so
`(pred > 0.5)` works as in PyTorch. PyTorch returns a bool tensor; ours is a NumPy
array, because a `Tensor` holds floats. So `(pred.argmax(dim=1) == y).mean()` is the
accuracy, where PyTorch writes `.float().mean()` (NumPy's bool arrays have no
`.float()`; use `.astype(float)` where a float array is needed). Identity is still `is`,
and a Tensor still hashes by identity, so tensors work as dict keys and in sets.

`maximum`, `minimum` and `clamp` pick values: the gradient goes to the value picked.
"""

from __future__ import annotations

import numbers

import numpy as np

from .elementwise import _broadcasting, operands, where
from .tensor import Tensor, data_of, make_node

_COMPARABLE = (Tensor, numbers.Real, np.ndarray, np.generic, list, tuple)


def _compare(ufunc, a, b) -> np.ndarray:
    """`ufunc(a, b)` on the values of `a` and `b`, with an error naming both shapes."""
    a_data, b_data = np.asarray(data_of(a)), np.asarray(data_of(b))
    try:
        return ufunc(a_data, b_data)
    except ValueError:
        raise ValueError(
            f"{ufunc.__name__}: shapes {a_data.shape} and {b_data.shape} "
            "do not broadcast"
        ) from None


def comparable(value) -> bool:
    """Whether `value` can be compared with a Tensor (else `==` falls back to
    identity)."""
    return isinstance(value, _COMPARABLE)


def eq(a, b) -> np.ndarray:
    """`a == b`, elementwise, as a boolean array.

    >>> eq(Tensor([1.0, 2.0]), 2)
    array([False,  True])
    """
    return _compare(np.equal, a, b)


def ne(a, b) -> np.ndarray:
    """`a != b`, elementwise, as a boolean array."""
    return _compare(np.not_equal, a, b)


def lt(a, b) -> np.ndarray:
    """`a < b`, elementwise, as a boolean array."""
    return _compare(np.less, a, b)


def le(a, b) -> np.ndarray:
    """`a <= b`, elementwise, as a boolean array."""
    return _compare(np.less_equal, a, b)


def gt(a, b) -> np.ndarray:
    """`a > b`, elementwise, as a boolean array.

    >>> gt(Tensor([0.2, 0.7]), 0.5)
    array([False,  True])
    """
    return _compare(np.greater, a, b)


def ge(a, b) -> np.ndarray:
    """`a >= b`, elementwise, as a boolean array."""
    return _compare(np.greater_equal, a, b)


def maximum(a, b) -> Tensor:
    """The larger of `a` and `b`, elementwise (broadcasting).

    The gradient goes to the larger one; where they tie it is split in half between
    them, as PyTorch does.

    >>> maximum(Tensor([1.0, 5.0]), Tensor([3.0, 2.0]))
    Tensor([3., 5.])
    """
    a, b = operands(a, b)
    return make_node(_broadcasting(np.maximum, a, b), (a, b), maximum_backward)


def maximum_backward(g, out, a, b):
    a, b = data_of(a), data_of(b)
    share_a = (a > b) + 0.5 * (a == b)  # a constant: 1 where a wins, 1/2 at a tie
    return g * share_a, g * (1 - share_a)


def minimum(a, b) -> Tensor:
    """The smaller of `a` and `b`, elementwise; ties split the gradient, as in
    `maximum`.

    >>> minimum(Tensor([1.0, 5.0]), 3)
    Tensor([1., 3.])
    """
    a, b = operands(a, b)
    return make_node(_broadcasting(np.minimum, a, b), (a, b), minimum_backward)


def minimum_backward(g, out, a, b):
    a, b = data_of(a), data_of(b)
    share_a = (a < b) + 0.5 * (a == b)
    return g * share_a, g * (1 - share_a)


def clamp(x: Tensor, min=None, max=None) -> Tensor:
    """`x` with values below `min` raised to `min` and above `max` lowered to `max`.

    The gradient passes where min <= x <= max (both ends included, as in PyTorch) and is
    0 where a bound took over. Bounds that are Tensors are differentiable too: then
    `clamp` is `minimum(maximum(x, min), max)`.

    >>> clamp(Tensor([-2.0, 0.5, 3.0]), min=0.0, max=1.0)
    Tensor([0. , 0.5, 1. ])
    """
    if min is None and max is None:
        raise ValueError("clamp: give at least one of min and max")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        out = x if min is None else maximum(x, min)
        return out if max is None else minimum(out, max)
    data = np.clip(x.data, min, max)
    if data.dtype != x.dtype:  # an array bound of a wider dtype: keep x's, as PyTorch
        data = data.astype(x.dtype)
    return make_node(data, (x,), clamp_backward, {"low": min, "high": max})


def clamp_backward(g, out, x, *, low, high):
    x = data_of(x)
    inside = np.ones(x.shape, dtype=bool)
    if low is not None:
        inside &= x >= low
    if high is not None:
        inside &= x <= high
    return (g * inside,)  # a constant mask, as in relu's rule


clamp_backward.reads = (0,)


__all__ = ["clamp", "eq", "ge", "gt", "le", "lt", "maximum", "minimum", "ne", "where"]
