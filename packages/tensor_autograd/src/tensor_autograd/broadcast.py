"""Broadcasting and its backward: `broadcast_to` copies values out, `sum_to` adds gradients back.

When NumPy broadcasts `b` of shape (3,) against `a` of shape (2, 3), each `b[j]` is used twice, so
its gradient is the sum of the two gradients flowing back. Every op that broadcasts therefore ends its
backward with `sum_to(g, input.shape)`, the "unbroadcast". The two ops are each other's backward.
"""

from __future__ import annotations

import numpy as np

from .tensor import Tensor, make_node


# --8<-- [start:sum_to]
def sum_to(x: Tensor, shape: tuple) -> Tensor:
    """Sum `x` down to `shape`, undoing broadcasting: the backward of `broadcast_to`.

    Broadcasting adds leading axes and stretches size-1 axes, so we sum over the added leading
    axes and over every axis that `shape` has as 1.

    >>> sum_to(Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), (3,))
    Tensor([5., 7., 9.])
    >>> sum_to(Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), (2, 1))
    Tensor([[ 6.],
            [15.]])
    """
    shape = tuple(shape)
    if x.shape == shape:  # still a new node: an op never hands back its input
        return make_node(x.data, (x,), sum_to_backward)
    leading = x.ndim - len(shape)
    stretched = tuple(leading + i for i, n in enumerate(shape) if n == 1 and x.shape[leading + i] != 1)
    summed = x.data.sum(axis=tuple(range(leading)) + stretched, keepdims=True)
    return make_node(summed.reshape(shape), (x,), sum_to_backward)


def sum_to_backward(out, g):
    (x,) = out._parents
    return (broadcast_to(g, x.shape),)


# --8<-- [end:sum_to]


# --8<-- [start:broadcast_to]
def broadcast_to(x: Tensor, shape: tuple) -> Tensor:
    """Repeat `x` along new leading axes and size-1 axes to `shape` (a read-only view, no copy).

    >>> broadcast_to(Tensor([1.0, 2.0]), (2, 2))
    Tensor([[1., 2.],
            [1., 2.]])
    """
    return make_node(np.broadcast_to(x.data, shape), (x,), broadcast_to_backward)


def broadcast_to_backward(out, g):
    (x,) = out._parents
    return (sum_to(g, x.shape),)


# --8<-- [end:broadcast_to]
