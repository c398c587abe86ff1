"""Scans: running totals along an axis (`cumsum`).

out[i] = x[0] + … + x[i], so x[j] reaches every out[i] with i ≥ j: its gradient is the
sum of g[i] over i ≥ j — a running total taken from the other end, i.e. `cumsum` of the
reversed `g`, reversed back.
"""

from __future__ import annotations

import numpy as np

from .tensor import Tensor, make_node


def _dim(op: str, x: Tensor, dim) -> int:
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"{op}: dim must be an int, got {dim!r}")
    ndim = max(x.ndim, 1)
    if not -ndim <= dim < ndim:
        raise ValueError(
            f"{op}: dim {dim} is out of range for a tensor of shape {x.shape}"
        )
    return int(dim) % ndim


def cumsum(x: Tensor, dim: int) -> Tensor:
    """The running sum along `dim`, as `torch.cumsum(x, dim)` (dim is required there
    too).

    >>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> cumsum(x, 0)
    Tensor([1., 3., 6.], requires_grad=True)
    >>> cumsum(x, 0).sum().backward(); x.grad
    array([3., 2., 1.])
    """
    dim = _dim("cumsum", x, dim)
    data = np.cumsum(x.data, axis=dim) if x.ndim else x.data.copy()
    return make_node(data, (x,), cumsum_backward, {"dim": dim})


def cumsum_backward(g, out, x, *, dim):
    if not x.ndim:
        return (g,)
    reverse = (slice(None),) * dim + (slice(None, None, -1),)
    total = (
        cumsum(g[reverse], dim) if isinstance(g, Tensor) else np.cumsum(g[reverse], dim)
    )
    return (total[reverse],)
