"""Reductions: `sum`, `mean` and `max` over all axes or some, with NumPy's `axis` and `keepdims`.

Their backward sends the gradient back along the reduced axes: `g` is first given back the reduced
axes as size-1 axes (the `keepdims` shape), then broadcast over them.
"""

from __future__ import annotations

import numpy as np

from .broadcast import broadcast_to
from .tensor import Tensor, make_node


def _kept_shape(shape: tuple, axis) -> tuple:
    """The shape of the reduction with keepdims=True: each reduced axis becomes 1.

    >>> _kept_shape((2, 3, 4), (0, -1))
    (1, 3, 1)
    """
    if axis is None:
        return (1,) * len(shape)
    axes = {a % len(shape) for a in (axis if isinstance(axis, tuple) else (axis,))}
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


# --8<-- [start:sum]
def sum(x: Tensor, axis=None, keepdims: bool = False) -> Tensor:
    """Sum over `axis` (None: all). Every input element adds 1× to its sum, so the gradient is
    `g` copied back over the summed axes.

    >>> x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> x.sum(axis=0)
    Tensor([4., 6.], requires_grad=True)
    """
    return make_node(x.data.sum(axis=axis, keepdims=keepdims), (x,), sum_backward, (axis, keepdims))


def sum_backward(out, g):
    (x,) = out._parents
    axis, keepdims = out._ctx
    if not keepdims:
        g = g.reshape(_kept_shape(x.shape, axis))
    return (broadcast_to(g, x.shape),)


# --8<-- [end:sum]


# --8<-- [start:mean]
def mean(x: Tensor, axis=None, keepdims: bool = False) -> Tensor:
    """The average over `axis`: the sum times 1/n, so its backward comes for free.

    >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).mean(axis=1)
    Tensor([1.5, 3.5])
    """
    total = sum(x, axis, keepdims)
    count = x.data.size // total.data.size if total.data.size else 1  # elements per average
    if count == 0:
        raise ValueError(f"mean over an empty axis of a tensor of shape {x.shape}")
    return total * (1 / count)


# --8<-- [end:mean]


# --8<-- [start:max]
def max(x: Tensor, axis=None, keepdims: bool = False) -> Tensor:
    """The largest element over `axis` (None: all).

    The gradient goes to the element that is the maximum. When several elements tie for the
    maximum, it is split evenly between them (like PyTorch's `amax`): each tied element gets
    `g / count`, so the shares still add up to `g`.

    >>> x = Tensor([1.0, 3.0, 3.0], requires_grad=True)
    >>> x.max().backward()
    >>> x.grad
    array([0. , 0.5, 0.5])
    """
    return make_node(x.data.max(axis=axis, keepdims=keepdims), (x,), max_backward, (axis, keepdims))


def max_backward(out, g):
    (x,) = out._parents
    axis, keepdims = out._ctx
    kept = _kept_shape(x.shape, axis)
    is_max = x.data == out.data.reshape(kept)
    share = is_max.astype(x.dtype)
    share /= is_max.sum(axis=axis, keepdims=True)  # ties split the gradient evenly
    return (g.reshape(kept) * share,)


# --8<-- [end:max]
