"""Ops that copy values into a new layout: `expand`, `repeat`, `flip`, `pad`, and the
ones that cut a tensor into pieces, `split` and `chunk`.

Each backward sends the gradient back along the way the values came: an expanded or
repeated value was used several times, so its copies' gradients add up; a flipped one is
flipped back; padding is cut off again; the pieces are slices (`getitem`), whose
backward places each piece's gradient where it came from.
"""

from __future__ import annotations

import numpy as np

from .broadcast import broadcast_to
from .shapes import _axis_index
from .tensor import Tensor, make_node


def _sizes(args) -> tuple:
    """`f(2, 3)` or `f((2, 3))`: the sizes as a tuple of ints."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = tuple(args[0])
    if not all(
        isinstance(n, (int, np.integer)) and not isinstance(n, bool) for n in args
    ):
        raise TypeError(f"sizes must be ints, got {args!r}")
    return tuple(int(n) for n in args)


def expand(x: Tensor, *sizes) -> Tensor:
    """`x` broadcast to `sizes` without copying; -1 keeps an axis's size, as in PyTorch.

    New axes go in front; a size-1 axis may grow. The gradient is summed back over the
    copies (it is `broadcast_to`, whose backward the engine's `unbroadcast` does).

    >>> expand(Tensor([[1.0], [2.0]]), -1, 3)
    Tensor([[1., 1., 1.],
            [2., 2., 2.]])
    """
    sizes = _sizes(sizes)
    extra = len(sizes) - x.ndim
    if extra < 0:
        raise ValueError(
            f"expand: {len(sizes)} sizes for a tensor of {x.ndim} dimensions"
        )
    shape = tuple(
        x.shape[i - extra] if n == -1 and i >= extra else n for i, n in enumerate(sizes)
    )
    if any(n < 0 for n in shape):
        raise ValueError(f"expand: -1 only keeps an existing axis, got sizes {sizes}")
    try:
        return broadcast_to(x, shape)
    except ValueError:
        raise ValueError(
            f"expand: a tensor of shape {x.shape} cannot be expanded to {shape}: only "
            "axes of size 1 can grow"
        ) from None


def repeat(x: Tensor, *repeats) -> Tensor:
    """Tile `x`: `repeats[i]` copies along axis i (as `torch.Tensor.repeat`, `np.tile`).

    There may be more repeats than axes: `x` is then given leading size-1 axes first.
    The output, seen as (r₀, n₀, r₁, n₁, …), holds each value once per copy: the
    gradient is summed over the copy axes r.

    >>> repeat(Tensor([1.0, 2.0]), 2, 2)
    Tensor([[1., 2., 1., 2.],
            [1., 2., 1., 2.]])
    """
    repeats = _sizes(repeats)
    if len(repeats) < x.ndim:
        raise ValueError(
            f"repeat: {len(repeats)} repeats for a tensor of {x.ndim} dimensions; "
            "give one per axis (at least)"
        )
    if any(r < 0 for r in repeats):
        raise ValueError(f"repeat: repeats must be >= 0, got {repeats}")
    shape = (1,) * (len(repeats) - x.ndim) + x.shape
    data = np.tile(x.data.reshape(shape), repeats)
    return make_node(data, (x,), repeat_backward, {"repeats": repeats, "shape": shape})


def repeat_backward(g, out, x, *, repeats, shape):
    interleaved = tuple(n for pair in zip(repeats, shape) for n in pair)
    copy_axes = tuple(range(0, 2 * len(shape), 2))
    return (g.reshape(interleaved).sum(axis=copy_axes).reshape(x.shape),)


def _flip_index(dims, ndim: int) -> tuple:
    """The slices that reverse the axes `dims`."""
    dims = {_axis_index("flip", d, max(ndim, 1)) for d in dims}
    return tuple(
        slice(None, None, -1) if i in dims else slice(None) for i in range(ndim)
    )


def flip(x: Tensor, dims) -> Tensor:
    """Reverse the order along each axis in `dims` (an int or a tuple); flipped back in
    the backward.

    >>> flip(Tensor([[1.0, 2.0], [3.0, 4.0]]), (1,))
    Tensor([[2., 1.],
            [4., 3.]])
    """
    dims = tuple(dims) if isinstance(dims, (tuple, list)) else (dims,)
    index = _flip_index(dims, x.ndim)
    return make_node(x.data[index], (x,), flip_backward, {"index": index})


def flip_backward(g, out, x, *, index):
    return (g[index],)  # for a Tensor g, a slice: an op, so this is differentiable too


def pad(x: Tensor, pad, mode: str = "constant", value: float = 0.0) -> Tensor:
    """Pad with `value`, as `torch.nn.functional.pad`: `pad` lists (before, after) sizes
    starting from the *last* axis — (left, right), then (top, bottom), and so on.

    Only `mode="constant"` and sizes >= 0 (PyTorch also crops with negative ones). The
    gradient is `g` with the padding cut off.

    >>> pad(Tensor([[1.0, 2.0]]), (1, 2))
    Tensor([[0., 1., 2., 0., 0.]])
    """
    if mode != "constant":
        raise NotImplementedError(
            f"pad: only mode='constant' is supported, got {mode!r}"
        )
    pad = tuple(pad)
    if len(pad) % 2 or len(pad) // 2 > x.ndim:
        raise ValueError(
            f"pad: needs (before, after) pairs for at most {x.ndim} axes, got {pad}"
        )
    if any(not isinstance(n, (int, np.integer)) or n < 0 for n in pad):
        raise ValueError(f"pad: sizes must be ints >= 0, got {pad}")
    widths = [(0, 0)] * x.ndim
    for k in range(len(pad) // 2):
        widths[x.ndim - 1 - k] = (int(pad[2 * k]), int(pad[2 * k + 1]))
    data = np.pad(x.data, widths, constant_values=value)
    index = tuple(slice(before, before + n) for (before, _), n in zip(widths, x.shape))
    return make_node(data, (x,), pad_backward, {"index": index})


def pad_backward(g, out, x, *, index):
    return (g[index],)


def split(x: Tensor, split_size_or_sections, dim: int = 0) -> tuple:
    """Cut `x` along `dim` into pieces of `split_size_or_sections` elements (the last
    may be smaller), or of the sizes in a list of them (which must add up to the axis's
    size).

    >>> [t.shape for t in split(Tensor(np.zeros((5, 2))), 2)]
    [(2, 2), (2, 2), (1, 2)]
    """
    dim = _axis_index("split", dim, x.ndim)
    n = x.shape[dim]
    if isinstance(split_size_or_sections, (int, np.integer)):
        size = int(split_size_or_sections)
        if size <= 0:
            raise ValueError(f"split: split_size must be > 0, got {size}")
        sizes = [size] * (n // size) + ([n % size] if n % size else [])
    else:
        sizes = [int(s) for s in split_size_or_sections]
        if sum(sizes) != n or any(s < 0 for s in sizes):
            raise ValueError(
                f"split: sections {sizes} must be >= 0 and add up to {n}, the size of "
                f"dim {dim} of a tensor of shape {x.shape}"
            )
    before = (slice(None),) * dim
    starts = np.cumsum([0] + sizes[:-1])
    return tuple(
        x[before + (slice(int(s), int(s) + k),)] for s, k in zip(starts, sizes)
    )


def chunk(x: Tensor, chunks: int, dim: int = 0) -> tuple:
    """Cut `x` into `chunks` pieces along `dim`, each of ⌈n / chunks⌉ elements (so there
    may be fewer pieces), as `torch.chunk`.

    >>> [t.shape for t in chunk(Tensor(np.zeros(5)), 2)]
    [(3,), (2,)]
    """
    if not isinstance(chunks, (int, np.integer)) or chunks <= 0:
        raise ValueError(f"chunk: chunks must be an int > 0, got {chunks!r}")
    n = x.shape[_axis_index("chunk", dim, x.ndim)]
    return split(x, max(-(-n // int(chunks)), 1), dim)
