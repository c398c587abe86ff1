"""Ops that move values around without changing them: reshape, transpose, concatenate,
stack.

Their backward moves the gradient back the same way: reshape it back, transpose it back,
cut it back into pieces.
"""

from __future__ import annotations

import numpy as np

from .tensor import Tensor, make_node


def reshape(x: Tensor, shape: tuple) -> Tensor:
    """The same values in a new shape (one size may be -1).

    >>> reshape(Tensor([1.0, 2.0, 3.0, 4.0]), (2, 2))
    Tensor([[1., 2.],
            [3., 4.]])
    """
    try:
        data = x.data.reshape(shape)
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"reshape: cannot reshape a tensor of shape {x.shape} into {shape}: {error}"
        ) from None
    return make_node(data, (x,), reshape_backward)


def reshape_backward(g, out, x):
    return (g.reshape(x.shape),)


reshape_backward.reads = ()


def transpose(x: Tensor, axes=None) -> Tensor:
    """Permute the axes (None: reverse them). The backward applies the inverse
    permutation.

    >>> transpose(Tensor(np.zeros((2, 3, 4))), (1, 2, 0)).shape
    (3, 4, 2)
    """
    if axes is None:
        axes = tuple(range(x.ndim - 1, -1, -1))
    try:
        data = x.data.transpose(axes)
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"transpose: axes {axes} do not fit a tensor of shape {x.shape}: {error}"
        ) from None
    return make_node(data, (x,), transpose_backward, {"axes": axes})


def transpose_backward(g, out, x, *, axes):
    inverse = [0] * len(axes)
    for i, axis in enumerate(
        axes
    ):  # axis `axis` of x became axis i of out: send it back
        inverse[axis % len(axes)] = i
    return (g.transpose(tuple(inverse)),)


transpose_backward.reads = ()


def _axis_or_dim(op: str, axis: int, dim: int | None) -> int:
    """PyTorch's `dim=` as an alias of `axis=` (default 0; not both)."""
    if dim is None:
        return axis
    if axis != 0:
        raise TypeError(f"{op}: give axis= or dim= (the same thing), not both")
    return dim


def _check_tensors(name: str, tensors) -> list[Tensor]:
    tensors = list(tensors)
    if not tensors:
        raise ValueError(f"{name}: needs at least one tensor")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(
                f"{name}: item {i} is a {type(t).__name__}, expected a Tensor"
            )
    return tensors


def concatenate(tensors, axis: int = 0, *, dim: int | None = None) -> Tensor:
    """Join tensors along an existing axis. Each input's gradient is its slice of `g`.

    >>> concatenate([Tensor([1.0, 2.0]), Tensor([3.0])])
    Tensor([1., 2., 3.])
    """
    tensors = _check_tensors("concatenate", tensors)
    axis = _axis_or_dim("concatenate", axis, dim)
    try:
        data = np.concatenate([t.data for t in tensors], axis=axis)
    except ValueError as error:
        shapes = ", ".join(str(t.shape) for t in tensors)
        raise ValueError(
            f"concatenate: cannot join shapes {shapes} along axis {axis}: {error}"
        ) from None
    axis = axis % data.ndim
    ends = np.cumsum([t.shape[axis] for t in tensors])
    return make_node(
        data, tuple(tensors), concatenate_backward, {"axis": axis, "ends": ends}
    )


def concatenate_backward(g, out, *tensors, axis, ends):
    before = (slice(None),) * axis  # keep every axis before `axis` whole
    starts = [0, *ends[:-1]]
    return tuple(g[before + (slice(start, end),)] for start, end in zip(starts, ends))


def stack(tensors, axis: int = 0, *, dim: int | None = None) -> Tensor:
    """Join same-shaped tensors along a new axis. Input i's gradient is `g` at index i
    of it.

    >>> stack([Tensor([1.0, 2.0]), Tensor([3.0, 4.0])], axis=1)
    Tensor([[1., 3.],
            [2., 4.]])
    """
    tensors = _check_tensors("stack", tensors)
    axis = _axis_or_dim("stack", axis, dim)
    try:
        data = np.stack([t.data for t in tensors], axis=axis)
    except ValueError as error:
        shapes = ", ".join(str(t.shape) for t in tensors)
        raise ValueError(
            f"stack: cannot stack shapes {shapes} along axis {axis}: {error}"
        ) from None
    return make_node(data, tuple(tensors), stack_backward, {"axis": axis % data.ndim})


def stack_backward(g, out, *tensors, axis):
    before = (slice(None),) * axis
    return tuple(g[before + (i,)] for i in range(len(tensors)))


def _axis_index(op: str, axis, ndim: int) -> int:
    """`axis` as a position in 0..ndim-1 (negative counts from the end), or a clear
    error."""
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"{op}: dim must be an int, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"{op}: dim {axis} is out of range for {ndim} dimensions")
    return int(axis) % ndim


def squeeze(x: Tensor, dim=None) -> Tensor:
    """Drop size-1 axes: all of them (dim=None), or those of `dim` (an int or a tuple)
    that have size 1 — like PyTorch, an axis of another size is left alone, not an
    error. A reshape, so the gradient is reshaped back.

    >>> squeeze(Tensor(np.zeros((2, 1, 3, 1)))).shape
    (2, 3)
    """
    if dim is None:
        drop = {i for i, n in enumerate(x.shape) if n == 1}
    else:
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        ndim = max(x.ndim, 1)
        drop = {_axis_index("squeeze", d, ndim) for d in dims}
        drop = {i for i in drop if i < x.ndim and x.shape[i] == 1}
    return reshape(x, tuple(n for i, n in enumerate(x.shape) if i not in drop))


def unsqueeze(x: Tensor, dim: int) -> Tensor:
    """Insert a size-1 axis at position `dim` (in 0..x.ndim; negative counts from the
    end).

    >>> unsqueeze(Tensor([1.0, 2.0]), 1).shape
    (2, 1)
    """
    dim = _axis_index("unsqueeze", dim, x.ndim + 1)
    return reshape(x, x.shape[:dim] + (1,) + x.shape[dim:])


def flatten(x: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge the axes from `start_dim` to `end_dim` (both included) into one.

    >>> flatten(Tensor(np.zeros((2, 3, 4))), 1).shape
    (2, 12)
    """
    if x.ndim == 0:
        return reshape(x, (1,))
    start = _axis_index("flatten", start_dim, x.ndim)
    end = _axis_index("flatten", end_dim, x.ndim)
    if start > end:
        raise ValueError(
            f"flatten: start_dim {start_dim} comes after end_dim {end_dim}"
        )
    merged = int(np.prod(x.shape[start : end + 1]))
    return reshape(x, x.shape[:start] + (merged,) + x.shape[end + 1 :])


def permute(x: Tensor, *dims) -> Tensor:
    """Reorder the axes: `x.permute(2, 0, 1)` or `permute(x, (2, 0, 1))`; every axis
    once.

    >>> permute(Tensor(np.zeros((2, 3, 4))), (2, 0, 1)).shape
    (4, 2, 3)
    """
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = tuple(dims[0])
    if sorted(d % max(x.ndim, 1) for d in dims) != list(range(x.ndim)):
        raise ValueError(
            f"permute: dims {dims} must name each of the {x.ndim} axes of a tensor "
            f"of shape {x.shape} exactly once"
        )
    return transpose(x, tuple(dims))
