"""Indexing `x[index]`, and its backward: adding the gradient back into a zero tensor at
`index`.

The backward must *add*, not assign: an integer index may pick the same element twice
(`x[[0, 0]]`), and then that element's gradient is the sum of both. `np.add.at` does
that, where `grad[index] += g` would silently keep only one of the two.
"""

from __future__ import annotations

import numpy as np

from . import elementwise
from .tensor import Tensor, make_node


def _is_basic(part) -> bool:
    """Whether an index part picks a plain position or range: it can never repeat an
    element."""
    return (
        part is None or part is Ellipsis or isinstance(part, (slice, int, np.integer))
    )


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
                "index with integers, slices, or NumPy arrays of integers or bools, "
                "not a Tensor "
                "(Tensors always hold floats); use tensor.data.astype(int) if you mean "
                "its values"
            )
        if not _is_basic(part):
            part = np.array(part)
            if (
                part.size == 0 and part.dtype.kind == "f"
            ):  # `[]`: NumPy reads it as no integers
                part = part.astype(np.intp)
        normalised.append(part)
    return tuple(normalised) if isinstance(index, tuple) else normalised[0]


def _has_integer_array(index) -> bool:
    """Whether `index` picks elements by integer arrays, which may repeat an element."""
    parts = index if isinstance(index, tuple) else (index,)
    return any(
        not _is_basic(part) and np.asarray(part).dtype.kind in "iu" for part in parts
    )


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


getitem_backward.reads = ()


def scatter_add(g: Tensor, index, shape: tuple) -> Tensor:
    """A zero tensor of `shape` with `g` added in at `index`: the backward of
    `x[index]`.

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
        data[index] = (
            g  # slices and masks never pick an element twice: plain assignment
        )
    return data


def scatter_add_backward(g, out, src, *, index):
    return (g[index],)


def _integer_array(op: str, what: str, value) -> np.ndarray:
    """`value` as an integer NumPy array (indices and class labels), or a clear
    error."""
    if isinstance(value, Tensor):
        raise TypeError(
            f"{op}: {what} must be integers (a NumPy integer array), not a Tensor: "
            "Tensors hold floats; use tensor.data.astype(np.int64) if you mean its "
            "values"
        )
    array = np.asarray(value)
    if array.dtype.kind not in "iu":
        raise TypeError(f"{op}: {what} must be integers, got dtype {array.dtype}")
    return array


def gather(x: Tensor, dim: int, index) -> Tensor:
    """`out[i][j] = x[i][index[i][j]]` for dim=1 (likewise for any dim), as
    `torch.gather`.

    `index` has as many axes as `x`; along the other axes it may be shorter than `x`.
    This is `x[full_index]` with an integer array for every axis (`dim`'s from `index`,
    the rest counting positions), so its backward is `getitem`'s: repeated indices add
    up.

    >>> x = Tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> gather(x, 1, np.array([[0, 0], [1, 0]]))
    Tensor([[1., 1.],
            [4., 3.]])
    """
    index = _integer_array("gather", "index", index)
    if index.ndim != x.ndim:
        raise ValueError(
            f"gather: index has {index.ndim} dimensions but the tensor has {x.ndim} "
            f"(shape {x.shape}); they must match"
        )
    if not -x.ndim <= dim < x.ndim:
        raise ValueError(
            f"gather: dim {dim} is out of range for a tensor of shape {x.shape}"
        )
    dim %= x.ndim
    if any(m > n for i, (m, n) in enumerate(zip(index.shape, x.shape)) if i != dim):
        raise ValueError(
            f"gather: index of shape {index.shape} is larger than the tensor {x.shape} "
            f"along a dimension other than dim {dim}"
        )
    outside = (index < 0) | (index >= x.shape[dim])  # no negative indices, as PyTorch
    if outside.any():
        raise IndexError(
            f"gather: index {index[outside].flat[0]} is out of range for dim {dim} of "
            f"size {x.shape[dim]} (0..{x.shape[dim] - 1})"
        )
    positions = list(np.indices(index.shape, sparse=True))
    positions[dim] = index
    return getitem(x, tuple(positions))


def masked_fill(x: Tensor, mask, value) -> Tensor:
    """`x` with `value` wherever the boolean `mask` is true (broadcasting), as in
    PyTorch.

    The gradient flows to `x` where the mask is false, and nowhere where it is true. A
    `value` that is a Tensor (0-d, as in PyTorch) gets the gradient of the filled
    places.

    >>> masked_fill(Tensor([1.0, 2.0, 3.0]), np.array([True, False, True]), 0.0)
    Tensor([0., 2., 0.])
    """
    mask = np.asarray(mask.data if isinstance(mask, Tensor) else mask)
    if mask.dtype != bool:
        raise TypeError(
            f"masked_fill: mask must be a boolean array, got dtype {mask.dtype}"
        )
    if isinstance(value, Tensor) and value.ndim:
        raise ValueError(
            f"masked_fill: value must be a number or a 0-d tensor, got {value.shape}"
        )
    try:
        np.broadcast_shapes(mask.shape, x.shape)
    except ValueError:
        raise ValueError(
            f"masked_fill: mask {mask.shape} does not broadcast to {x.shape}"
        ) from None
    return elementwise.where(mask, value, x)


def one_hot(tensor, num_classes: int = -1) -> np.ndarray:
    """Class indices as one-hot rows: an int64 NumPy array with a new last axis of size
    `num_classes` (-1: the largest index + 1), as `torch.nn.functional.one_hot`.

    PyTorch returns an int64 tensor; ours is a NumPy array, since Tensors hold floats.
    Multiplying it with a Tensor takes the Tensor's dtype.

    >>> one_hot(np.array([0, 2]), 3)
    array([[1, 0, 0],
           [0, 0, 1]])
    """
    labels = _integer_array("one_hot", "the class indices", tensor)
    if num_classes == -1:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"one_hot: class values must be in [0, {num_classes}), got "
            f"{labels.min()}..{labels.max()}"
        )
    return (labels[..., None] == np.arange(num_classes)).astype(np.int64)
