"""`torch.sum(x, dim=1)` and friends: module-level forms of the methods whose PyTorch
arguments need the method's handling (`dim=`/`keepdim=` aliases, `max`'s pair), and
`cat`, PyTorch's name for `concatenate`.

Every other op is exported from its own module as it is (`tensor_autograd.abs`,
`tensor_autograd.einsum`, …).
"""

from __future__ import annotations

from .shapes import concatenate
from .tensor import Tensor


def sum(input: Tensor, dim=None, keepdim=None, *, axis=None, keepdims=None) -> Tensor:
    """`input.sum(...)`: `sum(x, 1)`, `sum(x, dim=1, keepdim=True)` or `sum(x, axis=1)`.

    >>> sum(Tensor([[1.0, 2.0], [3.0, 4.0]]), dim=1)
    Tensor([3., 7.])
    """
    return input.sum(axis, keepdims, dim=dim, keepdim=keepdim)


def mean(input: Tensor, dim=None, keepdim=None, *, axis=None, keepdims=None) -> Tensor:
    """`input.mean(...)`, in the same forms as `sum`."""
    return input.mean(axis, keepdims, dim=dim, keepdim=keepdim)


def max(input: Tensor, dim=None, keepdim=None, *, axis=None, keepdims=None):
    """`torch.max`: the maximum (no dim), the pair (values, indices) along `dim`, or the
    elementwise maximum when `dim` is a Tensor.

    >>> max(Tensor([[1.0, 5.0], [7.0, 2.0]]), 1).indices
    array([1, 0])
    """
    return input.max(dim, keepdim, axis=axis, keepdims=keepdims)


def min(input: Tensor, dim=None, keepdim=None, *, axis=None, keepdims=None):
    """`torch.min`, in the same forms as `max`."""
    return input.min(dim, keepdim, axis=axis, keepdims=keepdims)


def numel(input: Tensor) -> int:
    """The number of elements of `input`."""
    return input.numel()


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """`torch.transpose`: swap two axes.

    >>> transpose(Tensor([[1.0, 2.0]]), 0, 1).shape
    (2, 1)
    """
    order = list(range(input.ndim))
    order[dim0], order[dim1] = order[dim1], order[dim0]
    return input.transpose(tuple(order))


def cat(tensors, dim: int = 0) -> Tensor:
    """`torch.cat`: join tensors along an existing axis (`shapes.concatenate`)."""
    return concatenate(tensors, axis=dim)
