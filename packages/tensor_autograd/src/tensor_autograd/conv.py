"""Convolution and pooling, built on one data movement: the unfold (im2col).

A convolution slides a small kernel along the input and takes a dot product at every
position. Copy the input under each position of the kernel into a row of its own (the
*unfold*, or im2col), and the convolution is one matrix product of those rows with the
kernel flattened into a matrix: the arithmetic is BLAS's, and Python never loops over
positions. The backward of the unfold is the *fold* (col2im), which adds every row back
where it was copied from.

Shapes and keywords are PyTorch's: `conv1d` takes an input (N, C_in, L) and a weight
(C_out, C_in, k); `conv2d` an input (N, C_in, H, W) and a weight (C_out, C_in, kH, kW),
with an int or a pair for each of stride, padding and dilation. Deliberate differences:
no ``groups``, no ``padding="same"``, no unbatched input; the pools have no dilation and
no ceil_mode.

>>> x = Tensor(np.arange(6.0).reshape(1, 1, 6), requires_grad=True)
>>> w = Tensor([[[1.0, 0.0, -1.0]]], requires_grad=True)  # a difference of neighbours
>>> conv1d(x, w, padding=1)
Tensor([[[-1., -2., -2., -2., -2.,  4.]]], requires_grad=True)
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import NamedTuple

import numpy as np

from .linalg import _check_same_dtype
from .tensor import Tensor, lift, make_node


class Window(NamedTuple):
    """Where a kernel goes: its size, dilation, padding and stride along each spatial
    axis, the input's spatial size (unpadded), and how many positions fit along each.

    >>> window = make_window("conv1d", (2, 3, 10), 3, dilation=1, padding=1, stride=2)
    >>> window.out_size  # starts 0, 2, 4, 6, 8 of the padded input, of length 12
    (5,)
    """

    kernel_size: tuple
    dilation: tuple
    padding: tuple
    stride: tuple
    in_size: tuple
    out_size: tuple

    @property
    def padded_size(self) -> tuple:
        return tuple(n + 2 * p for n, p in zip(self.in_size, self.padding))

    @property
    def crop(self) -> tuple:
        """The slices of the padded input that hold the input itself."""
        return tuple(slice(p, p + n) for p, n in zip(self.padding, self.in_size))


def make_window(op: str, input_shape, kernel_size, dilation, padding, stride) -> Window:
    """Check the arguments of `op` for an input of `input_shape` (N, C, *spatial): each
    an int, or a tuple with one int per spatial axis. The kernel must fit the padded
    input."""
    dims = len(input_shape) - 2
    kernel_size = _int_tuple(op, "kernel_size", kernel_size, dims, 1)
    dilation = _int_tuple(op, "dilation", dilation, dims, 1)
    padding = _int_tuple(op, "padding", padding, dims, 0)
    stride = _int_tuple(op, "stride", stride, dims, 1)
    in_size, out_size = tuple(input_shape[2:]), []
    geometry = zip(in_size, kernel_size, dilation, padding, stride)
    for axis, (n, k, d, p, s) in enumerate(geometry, start=2):
        span = d * (k - 1) + 1  # from the first to the last element the kernel touches
        if n + 2 * p < span:
            raise ValueError(
                f"{op}: the kernel spans {span} samples along axis {axis} "
                f"(kernel_size {k}, dilation {d}), more than the padded input's "
                f"{n + 2 * p} (size {n} + 2 × padding {p}); the input has shape "
                f"{tuple(input_shape)}"
            )
        out_size.append((n + 2 * p - span) // s + 1)
    return Window(kernel_size, dilation, padding, stride, in_size, tuple(out_size))


def _int_tuple(op: str, name: str, value, dims: int, minimum: int) -> tuple:
    """`value` as a tuple of `dims` ints, each at least `minimum`, or a clear error."""
    values = tuple(value) if isinstance(value, (tuple, list)) else (value,) * dims
    if len(values) != dims or not all(_is_int_at_least(v, minimum) for v in values):
        kind = "a positive integer" if minimum == 1 else "a non-negative integer"
        several = f" or a tuple of {dims} of them" if dims > 1 else ""
        raise ValueError(f"{op}: {name} must be {kind}{several}, got {value!r}")
    return tuple(int(v) for v in values)


def _is_int_at_least(value, minimum: int) -> bool:
    is_int = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    return is_int and value >= minimum


@functools.lru_cache(maxsize=256)
def _window_indices(channels: int, window: Window) -> np.ndarray:
    """indices[p, c·K + j]: where kernel element j over channel c at window position p
    is, in one padded sample (C, *padded) read flat. Computed once per shape."""

    def grid(counts, steps):  # the multi-indices of `counts` points, `steps` apart
        axes = [np.arange(n) * step for n, step in zip(counts, steps)]
        points = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1)
        return points.reshape(-1, len(counts))

    starts = grid(window.out_size, window.stride)  # (P, dims): where each window begins
    offsets = grid(window.kernel_size, window.dilation)  # (K, dims): kernel elements
    where = np.moveaxis(starts[:, None] + offsets, -1, 0)  # (dims, P, K)
    spatial = np.ravel_multi_index(tuple(where), window.padded_size)
    channel = np.arange(channels) * math.prod(window.padded_size)
    indices = (channel[None, :, None] + spatial[:, None, :]).reshape(len(starts), -1)
    indices.flags.writeable = False  # shared by every call with this shape
    return indices


def _unfold_rows(x: np.ndarray, window: Window, fill: float = 0.0) -> np.ndarray:
    """(N, P, C·K): row p of sample n holds window p of every channel, channel by
    channel. The padding holds `fill` (0 for a convolution, -inf for a max pool)."""
    n, channels = x.shape[:2]
    padded = x
    if any(window.padding):
        padded = np.full((n, channels, *window.padded_size), fill, dtype=x.dtype)
        padded[(slice(None), slice(None), *window.crop)] = x
    flat = padded.reshape(n, padded[:1].size)  # not -1: N may be 0 (an empty batch)
    return np.take(flat, _window_indices(channels, window), axis=1)


def _fold_rows(rows: np.ndarray, channels: int, window: Window) -> np.ndarray:
    """The transpose of `_unfold_rows`: add each entry of the rows (N, P, C·K) back into
    the input position it was copied from, giving (N, C, *in_size); padding is dropped.
    One slice-add per kernel element, channels last so each add runs over contiguous
    memory."""
    n, dims = rows.shape[0], len(window.kernel_size)
    blocks = rows.reshape(n, *window.out_size, channels, *window.kernel_size)
    total = np.zeros((n, *window.padded_size, channels), dtype=rows.dtype)
    for element in itertools.product(*map(range, window.kernel_size)):
        # Kernel element j sits at j·d, j·d + s, ..., once per window position.
        geometry = zip(element, window.dilation, window.stride, window.out_size)
        covered = tuple(
            slice(j * d, j * d + s * (m - 1) + 1, s) for j, d, s, m in geometry
        )
        total[(slice(None), *covered)] += blocks[(slice(None),) * (dims + 2) + element]
    return _channels_first(total[(slice(None), *window.crop)])


def _channels_first(a: np.ndarray) -> np.ndarray:
    """A view of `a` (N, *spatial, C) as (N, C, *spatial): np.moveaxis, minus checks."""
    return a.transpose(0, a.ndim - 1, *range(1, a.ndim - 1))


def unfold(x: Tensor, window: Window) -> Tensor:
    """Every window of `x` (N, C, *spatial) as a column: (N, C·K, P) for K kernel
    elements and P positions, like PyTorch's `F.unfold`; any number of spatial axes.

    Why the fold is its backward. The unfold is linear: cols = U x, where U is a matrix
    of zeros and ones with at most a single 1 in each row, saying which entry of x that
    entry of cols is a copy of (none, for padding). The gradient of a linear map
    y = U x is x̄ = Uᵀ ȳ (for f(U x), ∂f/∂xᵢ = Σⱼ ȳⱼ Uⱼᵢ), and row i of Uᵀ picks
    every entry of cols that was copied from xᵢ: the product adds up their gradients.
    That sum is the fold: where windows overlap their gradients add, and padding is
    dropped. So `fold` is Uᵀ, and its own backward is (Uᵀ)ᵀ = U, the unfold: the two
    are each other's backward, as `broadcast_to` (copy) and `sum_to` (add back) are.
    """
    rows = _unfold_rows(x.data, window)
    return make_node(rows.transpose(0, 2, 1), (x,), unfold_backward, {"window": window})


def unfold_backward(g, out, x, *, window):
    return (_fold(g, window),)


def fold(cols: Tensor, window: Window) -> Tensor:
    """Add columns (N, C·K, P) back into an input (N, C, *in_size): the transpose of
    `unfold`."""
    channels = cols.shape[1] // math.prod(window.kernel_size)
    data = _fold_rows(cols.data.transpose(0, 2, 1), channels, window)
    return make_node(data, (cols,), fold_backward, {"window": window})


def fold_backward(g, out, cols, *, window):
    return (_unfold(g, window),)


def _unfold(x, window: Window):
    """`unfold` of a Tensor (recorded, under create_graph) or of an array (a plain
    backward: no node)."""
    if isinstance(x, Tensor):
        return unfold(x, window)
    return _unfold_rows(x, window).transpose(0, 2, 1)


def _fold(cols, window: Window):
    """`fold` of a Tensor or of an array, like `_unfold`."""
    if isinstance(cols, Tensor):
        return fold(cols, window)
    channels = cols.shape[1] // math.prod(window.kernel_size)
    return _fold_rows(cols.transpose(0, 2, 1), channels, window)


def _as_tensor(x, like: Tensor | None = None) -> Tensor:
    if isinstance(x, Tensor):
        return x
    return Tensor(x) if like is None else lift(x, like)


_SPATIAL = {1: "L", 2: "H, W"}


def _public_unfold(op, dims, input, kernel_size, dilation, padding, stride) -> Tensor:
    x = _as_tensor(input)
    if x.ndim != dims + 2:
        raise ValueError(
            f"{op}: input must have shape (N, C, {_SPATIAL[dims]}), got shape {x.shape}"
        )
    return unfold(x, make_window(op, x.shape, kernel_size, dilation, padding, stride))


def _public_fold(op, dims, input, output_size, kernel_size, dilation, padding, stride):
    cols = _as_tensor(input)
    if cols.ndim != 3:
        raise ValueError(
            f"{op}: input must have shape (N, C·K, blocks), got shape {cols.shape}"
        )
    kernel = _int_tuple(op, "kernel_size", kernel_size, dims, 1)
    k = math.prod(kernel)
    if cols.shape[1] % k:
        raise ValueError(
            f"{op}: the input's axis 1 has {cols.shape[1]} entries, not a multiple of "
            f"the {k} elements of kernel_size {kernel_size} (input shape {cols.shape})"
        )
    size = _int_tuple(op, "output_size", output_size, dims, 1)
    shape = (cols.shape[0], cols.shape[1] // k, *size)
    window = make_window(op, shape, kernel, dilation, padding, stride)
    if cols.shape[2] != math.prod(window.out_size):
        raise ValueError(
            f"{op}: the input has {cols.shape[2]} blocks (shape {cols.shape}), but "
            f"output_size {output_size} with these kernel_size, dilation, padding and "
            f"stride has {math.prod(window.out_size)}"
        )
    return fold(cols, window)


def unfold1d(input, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """The windows of a batch of signals (N, C, L) as columns (N, C·k, L_out), as
    PyTorch's `F.unfold` does for images. Column l holds the window at l·stride (in the
    padded input).

    >>> unfold1d(Tensor([[[1.0, 2.0, 3.0, 4.0]]]), kernel_size=2, stride=2)
    Tensor([[[1., 3.],
             [2., 4.]]])
    """
    return _public_unfold("unfold1d", 1, input, kernel_size, dilation, padding, stride)


def fold1d(input, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """Columns (N, C·k, L_out) added back into signals (N, C, output_size): the
    transpose of `unfold1d` with the same arguments (PyTorch's `F.fold`, for signals).

    >>> fold1d(Tensor(np.ones((1, 2, 3))), output_size=4, kernel_size=2)
    Tensor([[[1., 2., 2., 1.]]])
    """
    args = (output_size, kernel_size, dilation, padding, stride)
    return _public_fold("fold1d", 1, input, *args)


def unfold2d(input, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """The windows of a batch of images (N, C, H, W) as columns
    (N, C·kH·kW, H_out·W_out), like PyTorch's `F.unfold`; each argument an int or a
    pair.

    >>> unfold2d(Tensor(np.arange(9.0).reshape(1, 1, 3, 3)), kernel_size=2).shape
    (1, 4, 4)
    """
    return _public_unfold("unfold2d", 2, input, kernel_size, dilation, padding, stride)


def fold2d(input, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """Columns (N, C·kH·kW, blocks) added back into images (N, C, *output_size), like
    PyTorch's `F.fold`: the transpose of `unfold2d`.

    >>> fold2d(Tensor(np.ones((1, 4, 4))), output_size=3, kernel_size=2)[0, 0]
    Tensor([[1., 2., 1.],
            [2., 4., 2.],
            [1., 2., 1.]])
    """
    args = (output_size, kernel_size, dilation, padding, stride)
    return _public_fold("fold2d", 2, input, *args)


def _conv_window(op, dims, x, weight, bias, stride, padding, dilation) -> Window:
    spatial, kernel = _SPATIAL[dims], "k" if dims == 1 else "kH, kW"
    if x.ndim != dims + 2:
        raise ValueError(
            f"{op}: input must have shape (N, C_in, {spatial}), got shape {x.shape}"
        )
    if weight.ndim != dims + 2:
        raise ValueError(
            f"{op}: weight must have shape (C_out, C_in, {kernel}), "
            f"got shape {weight.shape}"
        )
    if x.shape[1] != weight.shape[1]:
        raise ValueError(
            f"{op}: the input has {x.shape[1]} channels (shape {x.shape}) but the "
            f"weight of shape {weight.shape} expects C_in = {weight.shape[1]}"
        )
    if bias is not None and bias.shape != weight.shape[:1]:
        raise ValueError(
            f"{op}: bias must have shape ({weight.shape[0]},), one number per output "
            f"channel of the weight of shape {weight.shape}; got shape {bias.shape}"
        )
    return make_window(op, x.shape, weight.shape[2:], dilation, padding, stride)


def conv(op: str, dims: int, input, weight, bias=None, stride=1, padding=0, dilation=1):
    """The convolution over `dims` spatial axes behind `conv1d` and `conv2d` (`op` names
    it in errors): the unfolded input, as rows (N·P, C_in·K), times the weight as a
    matrix (C_out, C_in·K), transposed. Like PyTorch's, a cross-correlation: no flip."""
    weight = _as_tensor(weight)
    x = _as_tensor(input, like=weight)
    bias = None if bias is None else _as_tensor(bias, like=weight)
    window = _conv_window(op, dims, x, weight, bias, stride, padding, dilation)
    # one dtype, as matmul and linear ask: a float64 input would silently make the
    # float32 layer's output, and every step after it, float64
    _check_same_dtype(op, x, weight)
    if bias is not None:
        _check_same_dtype(op, weight, bias)
    n, c_out = x.shape[0], weight.shape[0]
    rows = _unfold_rows(x.data, window)  # (N, P, C_in·K)
    w = weight.data.reshape(c_out, -1)  # (C_out, C_in·K)
    out = rows.reshape(-1, rows.shape[-1]) @ w.T  # (N·P, C_out)
    if bias is not None:
        out += bias.data  # in place: the product is a fresh array of our own
    out = _channels_first(out.reshape(n, *window.out_size, c_out))  # (N, C_out, ...)
    parents = (x, weight) if bias is None else (x, weight, bias)
    needs = tuple(t.requires_grad for t in parents)
    ctx = {"window": window, "rows": rows, "needs": needs}
    return make_node(out, parents, conv_backward, ctx)


def conv_backward(g, out, x, weight, bias=None, *, window, rows, needs):
    n, c_out, p = g.shape[0], g.shape[1], math.prod(window.out_size)
    # g as rows like the forward's product: (N·P, C_out), one row per window position.
    g_rows = g.reshape(n, c_out, p).transpose(0, 2, 1).reshape(-1, c_out)
    w = weight.reshape(c_out, -1)  # (C_out, C_in·K)
    dx = dw = db = None
    if needs[0]:  # each row's gradient, folded back onto the input
        g_x_rows = (g_rows @ w).reshape(n, p, w.shape[1])  # not -1: N may be 0
        dx = _fold(g_x_rows.transpose(0, 2, 1), window)
    if needs[1]:
        if isinstance(x, Tensor):  # create_graph: dw is a function of x too
            rows = _unfold(x, window).transpose(0, 2, 1)
        dw = (g_rows.T @ rows.reshape(-1, w.shape[1])).reshape(weight.shape)
    if bias is not None and needs[2]:
        db = g_rows.sum(axis=0)
    return dx, dw, db


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1) -> Tensor:
    """1-D convolution, like PyTorch's `F.conv1d`: input (N, C_in, L), weight
    (C_out, C_in, k), bias (C_out,) or None; the output is (N, C_out, L_out) with
    L_out = (L + 2·padding - dilation·(k - 1) - 1) // stride + 1.

    >>> x = Tensor(np.ones((2, 3, 8)))
    >>> conv1d(x, Tensor(np.ones((4, 3, 3))), stride=2, padding=1).shape
    (2, 4, 4)
    """
    return conv("conv1d", 1, input, weight, bias, stride, padding, dilation)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1) -> Tensor:
    """2-D convolution, like PyTorch's `F.conv2d`: input (N, C_in, H, W), weight
    (C_out, C_in, kH, kW); stride, padding and dilation each an int or a pair.

    >>> x = Tensor(np.ones((1, 2, 5, 6)))
    >>> conv2d(x, Tensor(np.ones((3, 2, 3, 3))), padding=(1, 0)).shape
    (1, 3, 5, 4)
    """
    return conv("conv2d", 2, input, weight, bias, stride, padding, dilation)


def _pool_window(op, dims, input, kernel_size, stride, padding):
    x = _as_tensor(input)
    if x.ndim != dims + 2:
        raise ValueError(
            f"{op}: input must have shape (N, C, {_SPATIAL[dims]}), got shape {x.shape}"
        )
    stride = kernel_size if stride is None else stride  # PyTorch's default
    window = make_window(op, x.shape, kernel_size, 1, padding, stride)
    if any(2 * p > k for p, k in zip(window.padding, window.kernel_size)):
        raise ValueError(
            f"{op}: padding must be at most half the kernel size (as in PyTorch), got "
            f"padding {padding} for kernel_size {kernel_size}"
        )
    return x, window


def max_pool1d(input, kernel_size, stride=None, padding=0) -> Tensor:
    """The largest value of each window, channel by channel: (N, C, L) -> (N, C, L_out),
    like PyTorch's `F.max_pool1d` (stride defaults to kernel_size; padding is -inf).

    The gradient goes to the first largest element of each window, as in PyTorch.

    >>> max_pool1d(Tensor([[[1.0, 3.0, 2.0, 0.0, 5.0]]]), kernel_size=2)
    Tensor([[[3., 2.]]])
    """
    return _max_pool("max_pool1d", 1, input, kernel_size, stride, padding)


def _max_pool(op, dims, input, kernel_size, stride, padding) -> Tensor:
    x, window = _pool_window(op, dims, input, kernel_size, stride, padding)
    n, c = x.shape[:2]
    # Channels become batch entries: each window is then one row of K values.
    signals = x.data.reshape(n * c, 1, *window.in_size)
    windows = _unfold_rows(signals, window, fill=-np.inf)  # (N·C, P, K)
    picked = windows.argmax(axis=2)  # (N·C, P): the first maximum of each window
    out = np.take_along_axis(windows, picked[..., None], axis=2)
    out = out.reshape(n, c, *window.out_size)
    return make_node(out, (x,), max_pool_backward, {"window": window, "picked": picked})


def max_pool_backward(g, out, x, *, window, picked):
    n, c = x.shape[:2]
    k = math.prod(window.kernel_size)
    chosen = picked[..., None] == np.arange(k)  # (N·C, P, K): one-hot
    p = math.prod(window.out_size)  # not -1 below: N may be 0 (an empty batch)
    g_windows = g.reshape(n * c, p, 1) * chosen  # each window's g, on its maximum only
    return (_fold(g_windows.transpose(0, 2, 1), window).reshape(x.shape),)


def avg_pool1d(input, kernel_size, stride=None, padding=0) -> Tensor:
    """The mean of each window, channel by channel, like PyTorch's `F.avg_pool1d`:
    stride defaults to kernel_size, and padded zeros count (``count_include_pad=True``).

    Built from ops that have a backward already, so it needs none of its own.

    >>> avg_pool1d(Tensor([[[1.0, 3.0, 2.0, 0.0, 5.0]]]), kernel_size=2)
    Tensor([[[2., 1.]]])
    """
    x, window = _pool_window("avg_pool1d", 1, input, kernel_size, stride, padding)
    n, c = x.shape[:2]
    windows = unfold(x.reshape(n * c, 1, *window.in_size), window)  # (N·C, K, P)
    return windows.mean(axis=1).reshape(n, c, *window.out_size)
