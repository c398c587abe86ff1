"""Reductions built on the mean and the exponential: `var`, `std` and `logsumexp`.

Each is one op whose rule is a line of calculus, written with what arrays and Tensors
share (see `elementwise`), so it serves plain and `create_graph` backward passes alike.
"""

from __future__ import annotations

import numpy as np

from .elementwise import _exp, sqrt
from .reductions import _axis, _with_kept_axes
from .tensor import Tensor, make_node


def _count(x: Tensor, axis) -> int:
    """How many elements each result of a reduction over `axis` combines."""
    if axis is None:
        return x.data.size
    axes = axis if isinstance(axis, tuple) else (axis,)
    return int(np.prod([x.shape[a] for a in axes]))


def _correction(unbiased, correction) -> int:
    """PyTorch's two spellings: `correction=` (default 1), or the older `unbiased=`."""
    if unbiased is None:
        return 1 if correction is None else correction
    if correction is not None:
        raise TypeError("var/std: give correction= or unbiased=, not both")
    return 1 if unbiased else 0


def var(
    x: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None
) -> Tensor:
    """The variance along `dim` (None: all): Σ(x - mean)² / (n - correction).

    `correction=1` (Bessel's, PyTorch's default; or `unbiased=True`) gives the unbiased
    estimate; 0 (`unbiased=False`) the population variance (NumPy's default `ddof=0`).
    The gradient is 2(x - mean)/(n - c): the mean's own dependence on x drops out
    because the deviations sum to zero.

    >>> var(Tensor([1.0, 2.0, 3.0, 4.0]))
    Tensor(1.66666667)
    """
    dim = _axis(dim)
    correction = _correction(unbiased, correction)
    denominator = _count(x, dim) - correction
    if denominator <= 0:
        raise ValueError(
            f"var: {_count(x, dim)} elements with correction={correction} leave no "
            "degrees of freedom (n - correction must be > 0)"
        )
    data = x.data.var(axis=dim, ddof=correction, keepdims=keepdim)
    ctx = {"dim": dim, "keepdim": keepdim, "denominator": denominator}
    return make_node(data, (x,), var_backward, ctx)


def var_backward(g, out, x, *, dim, keepdim, denominator):
    deviations = x - x.mean(axis=dim, keepdims=True)
    return (_with_kept_axes(g, x.shape, dim, keepdim) * deviations * (2 / denominator),)


def std(
    x: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None
) -> Tensor:
    """The standard deviation, √var: its gradient comes from `var`'s rule and `sqrt`'s.

    >>> std(Tensor([2.0, 4.0]))
    Tensor(1.41421356)
    """
    return sqrt(var(x, dim, unbiased, keepdim, correction=correction))


def logsumexp(x: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """log Σ exp(x) along `dim`, computed stably (the maximum is taken out first).

    Its gradient is softmax(x) along `dim`: exp(x - logsumexp(x)), from the output.
    PyTorch requires `dim`; here None reduces over all axes.

    >>> round(logsumexp(Tensor([1000.0, 1000.0]), dim=0).item() - 1000, 6)  # log 2
    0.693147
    """
    dim = _axis(dim)
    if x.data.size == 0:
        raise ValueError(f"logsumexp of an empty tensor (shape {x.shape})")
    shift = x.data.max(axis=dim, keepdims=True)
    shift = np.where(
        np.isfinite(shift), shift, 0
    )  # all -inf (or an inf): shift nothing
    with np.errstate(divide="ignore"):  # log(0) = -inf when every element is -inf
        kept = np.log(np.exp(x.data - shift).sum(axis=dim, keepdims=True)) + shift
    if keepdim:
        data = kept
    else:
        data = kept.reshape(()) if dim is None else np.squeeze(kept, axis=dim)
    return make_node(data, (x,), logsumexp_backward, {"dim": dim, "keepdim": keepdim})


def logsumexp_backward(g, out, x, *, dim, keepdim):
    out = _with_kept_axes(out, x.shape, dim, keepdim)
    return (_with_kept_axes(g, x.shape, dim, keepdim) * _exp(x - out),)
