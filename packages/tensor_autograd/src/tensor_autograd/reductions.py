"""Reductions: `sum`, `mean` and `max` over all axes or some (`axis`, `keepdims`).

Their backward sends the gradient back along the reduced axes: `g` is first given back
the reduced axes as size-1 axes (the `keepdims` shape), then broadcast over them.
"""

from __future__ import annotations

import builtins
import functools

import numpy as np

from .broadcast import expand
from .elementwise import _where
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


def _with_kept_axes(g, shape: tuple, axis, keepdims: bool):
    """`g`, the gradient of a reduction, with the reduced axes back as size-1 axes."""
    if keepdims or axis is None:  # a 0-d g broadcasts as it is
        return g
    return g.reshape(_kept_shape(shape, axis))


def dim_error(op: str, axis, shape: tuple) -> IndexError:
    """PyTorch's error for an axis a tensor of `shape` does not have, naming `op`.

    The ops call NumPy first and build this only when it raised: a check before every
    call would cost every reduction.

    >>> dim_error("sum", 5, (2, 3))
    IndexError('sum: Dimension out of range (expected to be in range of [-2, 1], but \
got 5) for a tensor of shape (2, 3)')
    """
    n = builtins.max(len(shape), 1)
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    bad = next((a for a in axes if not -n <= a < n), axis)
    return IndexError(
        f"{op}: Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
        f"but got {bad}) for a tensor of shape {tuple(shape)}"
    )


def sum(x: Tensor, axis=None, keepdims: bool = False) -> Tensor:
    """Sum over `axis` (None: all). Every input element adds 1× to its sum, so the
    gradient is `g` copied back over the summed axes.

    >>> x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> x.sum(axis=0)
    Tensor([4., 6.], requires_grad=True)
    """
    axis = _axis(axis)
    try:
        data = x.data.sum(axis=axis, keepdims=keepdims)
    except np.exceptions.AxisError:
        raise dim_error("sum", axis, x.shape) from None
    return make_node(data, (x,), sum_backward, {"axis": axis, "keepdims": keepdims})


def sum_backward(g, out, x, *, axis, keepdims):
    if axis is not None and not keepdims:  # give g back the summed axes, as size 1
        g = g.reshape(_kept_shape(x.shape, axis))
    return (expand(g, x.shape),)


sum_backward.reads = ()


def mean(x: Tensor, axis=None, keepdims: bool = False) -> Tensor:
    """The average over `axis`: the sum times 1/n, so its gradient is the sum's, over n.

    One op rather than a sum and a product: `((pred - y) ** 2).mean()` is a loss many
    write, and every op costs bookkeeping whatever the size of its arrays.

    >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).mean(axis=1)
    Tensor([1.5, 3.5])
    """
    axis = _axis(axis)
    try:
        total = x.data.sum(axis=axis, keepdims=keepdims)
    except np.exceptions.AxisError:
        raise dim_error("mean", axis, x.shape) from None
    count = x.data.size // total.size if total.size else 1  # elements per average
    if count == 0:
        raise ValueError(f"mean over an empty axis of a tensor of shape {x.shape}")
    ctx = {"axis": axis, "keepdims": keepdims, "count": count}
    return make_node(total / count, (x,), mean_backward, ctx)


def mean_backward(g, out, x, *, axis, keepdims, count):
    if axis is not None and not keepdims:
        g = g.reshape(_kept_shape(x.shape, axis))
    return (expand(g / count, x.shape),)


mean_backward.reads = ()


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
    try:
        data = x.data.max(axis=axis, keepdims=keepdims)
    except np.exceptions.AxisError:
        raise dim_error("max", axis, x.shape) from None
    return make_node(data, (x,), max_backward, {"axis": axis, "keepdims": keepdims})


def max_backward(g, out, x, *, axis, keepdims):
    kept = _kept_shape(x.shape, axis)
    is_max = data_of(x) == data_of(out).reshape(kept)
    share = is_max.astype(x.dtype)
    share /= is_max.sum(axis=axis, keepdims=True)  # ties split the gradient evenly
    return (g.reshape(kept) * share,)


def resolve_dim(op: str, axis, keepdims, dim, keepdim) -> tuple:
    """PyTorch's `dim=`/`keepdim=` as aliases of NumPy's `axis=`/`keepdims=` (not both).

    >>> resolve_dim("sum", None, None, 1, True)
    (1, True)
    """
    if dim is not None:
        if axis is not None:
            raise TypeError(f"{op}: give axis= or dim= (the same thing), not both")
        axis = dim
    if keepdim is not None:
        if keepdims is not None:
            raise TypeError(
                f"{op}: give keepdims= or keepdim= (the same thing), not both"
            )
        keepdims = keepdim
    if keepdims is None:
        keepdims = False
    elif not isinstance(keepdims, (bool, np.bool_)):
        raise TypeError(f"{op}: keepdim must be True or False, got {keepdims!r}")
    return _axis(axis), bool(keepdims)


def min(x: Tensor, axis=None, keepdims: bool = False) -> Tensor:
    """The smallest element over `axis` (None: all); ties split the gradient as in
    `max`.

    >>> min(Tensor([[1.0, -3.0], [2.0, 0.0]]), axis=1)
    Tensor([-3.,  0.])
    """
    axis = _axis(axis)
    try:
        data = x.data.min(axis=axis, keepdims=keepdims)
    except np.exceptions.AxisError:
        raise dim_error("min", axis, x.shape) from None
    # max's rule fits as it is: the gradient goes to the elements equal to the result.
    return make_node(data, (x,), max_backward, {"axis": axis, "keepdims": keepdims})


class ValuesIndices(tuple):
    """What `x.max(dim=...)` returns, as PyTorch's `torch.return_types.max` does: the
    values and the positions they came from, unpackable as a pair."""

    __slots__ = ()

    def __new__(cls, values, indices):
        return super().__new__(cls, (values, indices))

    @property
    def values(self) -> Tensor:
        return self[0]

    @property
    def indices(self) -> np.ndarray:
        return self[1]


def _check_single_dim(op: str, x: Tensor, dim) -> None:
    if dim is not None and not isinstance(dim, (int, np.integer)):
        raise TypeError(f"{op}: dim must be one axis (an int) or None, got {dim!r}")
    ndim = builtins.max(x.ndim, 1)
    if dim is not None and not -ndim <= dim < ndim:
        raise ValueError(
            f"{op}: dim {dim} is out of range for a tensor of shape {x.shape}"
        )


def argmax(x: Tensor, dim=None, keepdim: bool = False) -> np.ndarray:
    """The position of the largest element along `dim` (None: of the flattened tensor).

    An index has no gradient, so this returns an integer (int64) NumPy array, where
    PyTorch returns an int64 tensor: our tensors hold floats. The first of tied maxima
    wins.

    >>> argmax(Tensor([[1.0, 5.0], [7.0, 2.0]]), dim=1)
    array([1, 0])
    """
    _check_single_dim("argmax", x, dim)
    data = x.data if x.ndim else x.data.reshape(1)
    return np.asarray(np.argmax(data, axis=dim, keepdims=keepdim), dtype=np.int64)


def argmin(x: Tensor, dim=None, keepdim: bool = False) -> np.ndarray:
    """The position of the smallest element along `dim`; see `argmax`.

    >>> argmin(Tensor([3.0, -1.0, 2.0]))
    array(1)
    """
    _check_single_dim("argmin", x, dim)
    data = x.data if x.ndim else x.data.reshape(1)
    return np.asarray(np.argmin(data, axis=dim, keepdims=keepdim), dtype=np.int64)


def prod(x: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """The product of the elements along `dim` (one axis, as in PyTorch; None: all).

    d(x₁x₂…xₙ)/dxᵢ is the product of the *other* elements. Dividing the product by xᵢ
    would fail where xᵢ = 0, so the rule multiplies the others directly: each row,
    repeated n times with its diagonal set to 1, is an (n, n) matrix whose row products
    are exactly those. That costs n² per row, fine at the sizes `prod` is used for.

    >>> x = Tensor([2.0, 0.0, 5.0], requires_grad=True)
    >>> x.prod().backward()
    >>> x.grad
    array([ 0., 10.,  0.])
    """
    _check_single_dim("prod", x, dim)
    data = x.data.prod(axis=dim, keepdims=keepdim)
    return make_node(data, (x,), prod_backward, {"dim": dim, "keepdim": keepdim})


def prod_backward(g, out, x, *, dim, keepdim):
    g = _with_kept_axes(g, x.shape, dim, keepdim)
    if dim is None:
        return (g * _product_of_others(x.reshape(-1)).reshape(x.shape),)
    last = x.ndim - 1
    dim = dim % x.ndim
    axes = list(range(x.ndim))
    axes[dim], axes[last] = last, dim  # swap `dim` with the last axis (its own inverse)
    others = _product_of_others(x.transpose(tuple(axes))).transpose(tuple(axes))
    return (g * others,)


def _product_of_others(x):
    """For each element along the last axis, the product of the other elements there."""
    n = x.shape[-1]
    rows = x.reshape(x.shape[:-1] + (1, n))  # broadcast to (..., n, n) by `_where`
    with_ones = _where(np.eye(n, dtype=bool), 1.0, rows)
    if isinstance(with_ones, Tensor):
        return prod(with_ones, dim=-1)
    return with_ones.prod(axis=-1)
