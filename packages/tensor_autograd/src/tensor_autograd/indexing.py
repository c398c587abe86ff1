"""Indexing `x[index]`, and its backward: adding the gradient back into a zero tensor at `index`.

The backward must *add*, not assign: an integer index may pick the same element twice
(`x[[0, 0]]`), and then that element's gradient is the sum of both. `np.add.at` does
that, where `grad[index] += g` would silently keep only one of the two.
"""

from __future__ import annotations

import numpy as np

from .tensor import Tensor, make_node


def _is_basic(part) -> bool:
    """Whether an index part picks a plain position or range: it can never repeat an element."""
    return part is None or part is Ellipsis or isinstance(part, (slice, int, np.integer))


def _normalise_index(index):
    """`index` with every part that is not basic as a NumPy array of its own.

    Nested tuples and lists are arrays to NumPy (`x[(0, 0), (1, 1)]` picks one element
    twice), so they become arrays here too, where their dtype says whether they can
    repeat an element. And the arrays are copies: the caller may change their list after
    the forward pass, but its backward must scatter the gradient to the elements the
    forward pass picked.
    """
    parts = index if isinstance(index, tuple) else (index,)
    normalised = []
    for part in parts:
        if isinstance(part, Tensor):
            raise TypeError(
                "index with integers, slices, or NumPy arrays of integers or bools, not a Tensor "
                "(Tensors always hold floats); use tensor.data.astype(int) if you mean its values"
            )
        if not _is_basic(part):
            part = np.array(part)
            if part.size == 0 and part.dtype.kind == "f":  # `[]`: NumPy reads it as no integers
                part = part.astype(np.intp)
        normalised.append(part)
    return tuple(normalised) if isinstance(index, tuple) else normalised[0]


def _has_integer_array(index) -> bool:
    """Whether `index` picks elements by integer arrays, which may repeat an element."""
    parts = index if isinstance(index, tuple) else (index,)
    return any(not _is_basic(part) and np.asarray(part).dtype.kind in "iu" for part in parts)


# --8<-- [start:getitem]
def getitem(x: Tensor, index) -> Tensor:
    """`x[index]`: basic slices, integer arrays (repeats allowed) and boolean masks.

    >>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> x[[0, 0, 2]].sum().backward()
    >>> x.grad
    array([2., 0., 1.])
    """
    index = _normalise_index(index)
    return make_node(x.data[index], (x,), getitem_backward, {"index": index})


def getitem_backward(g, out, x, *, index):
    if isinstance(g, Tensor):  # create_graph: the scatter must be an op of its own
        return (scatter_add(g, index, x.shape),)
    return (_scatter_add(g, index, x.shape),)


# --8<-- [end:getitem]


# --8<-- [start:scatter_add]
def scatter_add(g: Tensor, index, shape: tuple) -> Tensor:
    """A zero tensor of `shape` with `g` added in at `index`: the backward of `x[index]`.

    >>> scatter_add(Tensor([1.0, 1.0]), np.array([2, 2]), (3,))
    Tensor([0., 0., 2.])
    """
    data = _scatter_add(g.data, index, shape)
    return make_node(data, (g,), scatter_add_backward, {"index": index})


def _scatter_add(g: np.ndarray, index, shape: tuple) -> np.ndarray:
    data = np.zeros(shape, dtype=g.dtype)
    if _has_integer_array(index):
        np.add.at(data, index, g)  # repeated indices add up
    else:
        data[index] = g  # slices and masks never pick an element twice: plain assignment
    return data


def scatter_add_backward(g, out, src, *, index):
    return (g[index],)


# --8<-- [end:scatter_add]
