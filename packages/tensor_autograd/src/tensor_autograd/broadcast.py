"""Broadcasting and its backward: `broadcast_to` copies out, `sum_to` adds back.

When NumPy broadcasts `b` of shape (3,) against `a` of shape (2, 3), each `b[j]` is used
twice, so its gradient is the sum of the two gradients flowing back: `sum_to(g,
b.shape)`, the "unbroadcast". The two ops are each other's backward. Since every op that
broadcasts needs the same sum, the engine does it, once, for every op (`unbroadcast`,
called by `backpropagate`): an op's rule may return a gradient in the broadcast shape
and leave the sum to the engine.
"""

from __future__ import annotations

import functools

import numpy as np

from .tensor import Tensor, make_node


@functools.lru_cache(maxsize=1024)
def summed_axes(shape: tuple, target: tuple) -> tuple:
    """The axes to sum `shape` over (keepdims) to undo broadcasting `target` to it.

    Broadcasting adds leading axes and stretches size-1 axes, so these are the added
    leading axes and every axis that `target` has as 1. Cached: a training loop asks the
    same questions every step.

    >>> summed_axes((4, 2, 3), (2, 1))
    (0, 2)
    """
    leading = len(shape) - len(target)
    if leading < 0 or any(n not in (1, m) for n, m in zip(target, shape[leading:])):
        raise ValueError(f"shape {target} does not broadcast to {shape}")
    stretched = tuple(
        leading + i for i, n in enumerate(target) if n == 1 and shape[leading + i] != 1
    )
    return tuple(range(leading)) + stretched


def sum_to(x: Tensor, shape: tuple) -> Tensor:
    """Sum `x` down to `shape`, undoing broadcasting: the backward of `broadcast_to`.

    >>> sum_to(Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), (3,))
    Tensor([5., 7., 9.])
    >>> sum_to(Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), (2, 1))
    Tensor([[ 6.],
            [15.]])
    """
    shape = tuple(shape)
    axes = summed_axes(x.shape, shape)
    data = x.data.sum(axis=axes, keepdims=True) if axes else x.data
    # A new node even when nothing is summed: an op never hands back its input.
    return make_node(data.reshape(shape), (x,), sum_to_backward)


def sum_to_backward(g, out, x):
    return (expand(g, x.shape),)


def broadcast_to(x: Tensor, shape: tuple) -> Tensor:
    """Repeat `x` along new leading axes and size-1 axes to `shape` (a read-only view).

    >>> broadcast_to(Tensor([1.0, 2.0]), (2, 2))
    Tensor([[1., 2.],
            [1., 2.]])
    """
    return make_node(np.broadcast_to(x.data, shape), (x,), broadcast_to_backward)


def broadcast_to_backward(g, out, x):
    return (g,)  # the engine sums it back to x's shape (`unbroadcast`)


def unbroadcast(g, shape: tuple):
    """`g` summed to `shape`: the engine's step for a gradient larger than its input.

    A backward rule runs on arrays in a plain backward and on Tensors under
    `create_graph`; so does this: the `sum_to` op for a Tensor, the same sum in NumPy
    for an array.

    >>> unbroadcast(np.ones((2, 3)), (3,))
    array([2., 2., 2.])
    """
    if isinstance(g, Tensor):
        return sum_to(g, shape)
    return g.sum(axis=summed_axes(g.shape, shape), keepdims=True).reshape(shape)


def expand(g, shape: tuple):
    """`g` broadcast to `shape`, an array or a Tensor alike (`unbroadcast`'s opposite).

    For an array, a new array filled by broadcasting: `np.broadcast_to` would give a
    view without copying, but it is Python code inside NumPy and costs more than the
    copy does for the gradients of a loss or a bias.
    """
    if isinstance(g, Tensor):
        return broadcast_to(g, shape)
    out = np.empty(shape, dtype=g.dtype)
    out[...] = g
    return out
