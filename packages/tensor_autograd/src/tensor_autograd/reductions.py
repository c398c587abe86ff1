"""Reductions: `sum`, `mean` and `max` over all axes or some (`axis`, `keepdims`).

Their backward sends the gradient back along the reduced axes: `g` is first given back
the reduced axes as size-1 axes (the `keepdims` shape), then broadcast over them.
"""

from __future__ import annotations

import functools

import numpy as np

from .broadcast import expand
from .tensor import Tensor, data_of, make_node


@functools.lru_cache(maxsize=1024)
def _kept_shape(shape: tuple, axis) -> tuple:
    """The shape of the reduction with keepdims=True: each reduced axis becomes 1.

    >>> _kept_shape((2, 3, 4), (0, -1))
    (1, 3, 1)
    """
    if axis is None:
        return (1,) * len(shape)
    axes = {a % len(shape) for a in (axis if isinstance(axis, tuple) else (axis,))}
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def _axis(axis):
    """`axis` in a form that can key a cache: a list of axes becomes a tuple."""
    return tuple(axis) if isinstance(axis, list) else axis


# --8<-- [start:sum]
def sum(x: Tensor, axis=None, keepdims: bool = False) -> Tensor:
    """Sum over `axis` (None: all). Every input element adds 1× to its sum, so the
    gradient is `g` copied back over the summed axes.

    >>> x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> x.sum(axis=0)
    Tensor([4., 6.], requires_grad=True)
    """
    axis = _axis(axis)
    data = x.data.sum(axis=axis, keepdims=keepdims)
    return make_node(data, (x,), sum_backward, {"axis": axis, "keepdims": keepdims})


def sum_backward(g, out, x, *, axis, keepdims):
    if axis is not None and not keepdims:  # give g back the summed axes, as size 1
        g = g.reshape(_kept_shape(x.shape, axis))
    return (expand(g, x.shape),)


# --8<-- [end:sum]


# --8<-- [start:mean]
def mean(x: Tensor, axis=None, keepdims: bool = False) -> Tensor:
    """The average over `axis`: the sum times 1/n, so its gradient is the sum's, over n.

    One op rather than a sum and a product: `((pred - y) ** 2).mean()` is a loss many
    write, and every op costs bookkeeping whatever the size of its arrays.

    >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).mean(axis=1)
    Tensor([1.5, 3.5])
    """
    axis = _axis(axis)
    total = x.data.sum(axis=axis, keepdims=keepdims)
    count = x.data.size // total.size if total.size else 1  # elements per average
    if count == 0:
        raise ValueError(f"mean over an empty axis of a tensor of shape {x.shape}")
    ctx = {"axis": axis, "keepdims": keepdims, "count": count}
    return make_node(total / count, (x,), mean_backward, ctx)


def mean_backward(g, out, x, *, axis, keepdims, count):
    if axis is not None and not keepdims:
        g = g.reshape(_kept_shape(x.shape, axis))
    return (expand(g / count, x.shape),)


# --8<-- [end:mean]


# --8<-- [start:max]
def max(x: Tensor, axis=None, keepdims: bool = False) -> Tensor:
    """The largest element over `axis` (None: all).

    The gradient goes to the element that is the maximum. When several elements tie for
    the maximum, it is split evenly between them (like PyTorch's `amax`): each tied
    element gets `g / count`, so the shares still add up to `g`.

    >>> x = Tensor([1.0, 3.0, 3.0], requires_grad=True)
    >>> x.max().backward()
    >>> x.grad
    array([0. , 0.5, 0.5])
    """
    axis = _axis(axis)
    data = x.data.max(axis=axis, keepdims=keepdims)
    return make_node(data, (x,), max_backward, {"axis": axis, "keepdims": keepdims})


def max_backward(g, out, x, *, axis, keepdims):
    kept = _kept_shape(x.shape, axis)
    is_max = data_of(x) == data_of(out).reshape(kept)
    share = is_max.astype(x.dtype)
    share /= is_max.sum(axis=axis, keepdims=True)  # ties split the gradient evenly
    return (g.reshape(kept) * share,)


# --8<-- [end:max]
