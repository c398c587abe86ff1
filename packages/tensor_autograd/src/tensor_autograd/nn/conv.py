"""Layers for signals and images: `Conv1d`, `Conv2d`, `MaxPool1d`, `AvgPool1d`,
`Flatten` and `Unflatten`, with PyTorch's signatures (the ops are in `conv`).

>>> model = Sequential(Unflatten(1, (1, 40)), Conv1d(1, 25, 5, stride=2, rng=0),
...                    ReLU(), Flatten(), Linear(25 * 18, 10, rng=1))
>>> model(Tensor(np.zeros((8, 40), dtype=np.float32))).shape
(8, 10)
"""

from __future__ import annotations

import math

import numpy as np

from .. import conv
from . import Linear, Module, Parameter, ReLU, Sequential  # noqa: F401  (doctests)
from ..tensor import Tensor


class _ConvNd(Module):
    """What `Conv1d` and `Conv2d` share: the parameters and PyTorch's initialisation."""

    dims = 0

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        *,
        bias: bool = True,
        dtype=np.float32,
        rng=None,
    ):
        name = type(self).__name__
        for label, n in (("in_channels", in_channels), ("out_channels", out_channels)):
            if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
                raise ValueError(
                    f"{name}: {label} must be a positive integer, got {n!r}"
                )
        dims = self.dims
        self.kernel_size = conv._int_tuple(name, "kernel_size", kernel_size, dims, 1)
        self.stride = conv._int_tuple(name, "stride", stride, dims, 1)
        self.padding = conv._int_tuple(name, "padding", padding, dims, 0)
        self.dilation = conv._int_tuple(name, "dilation", dilation, dims, 1)
        # PyTorch's default, kaiming_uniform_(a=√5), works out to U(±1/√fan_in), where
        # fan_in = C_in · kernel elements: the inputs of one output number.
        bound = 1 / math.sqrt(in_channels * math.prod(self.kernel_size))
        rng = np.random.default_rng(rng)
        shape = (out_channels, in_channels, *self.kernel_size)
        self.weight = Parameter(rng.uniform(-bound, bound, shape), dtype=dtype)
        self.bias = None
        if bias:
            self.bias = Parameter(rng.uniform(-bound, bound, out_channels), dtype=dtype)

    def forward(self, x: Tensor) -> Tensor:
        op = type(self).__name__.lower()
        return conv.conv(
            op,
            self.dims,
            x,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            self.dilation,
        )


class Conv1d(_ConvNd):
    """A 1-D convolution layer: (N, C_in, L) -> (N, C_out, L_out), with a weight
    (C_out, C_in, k).

    Arguments as PyTorch's `nn.Conv1d` (no ``groups`` nor ``padding_mode``; ``bias`` and
    the rest keyword-only), plus ``dtype`` (float32 by default) and ``rng`` (a seed or a
    `numpy.random.Generator`, for reproducible initialisation).

    >>> layer = Conv1d(1, 4, kernel_size=3, padding=1, rng=0)
    >>> layer.weight.shape, layer(Tensor(np.ones((2, 1, 10), dtype=np.float32))).shape
    ((4, 1, 3), (2, 4, 10))
    """

    dims = 1


class Conv2d(_ConvNd):
    """A 2-D convolution layer: (N, C_in, H, W) -> (N, C_out, H_out, W_out), weight
    (C_out, C_in, kH, kW); kernel_size, stride, padding and dilation each an int or a
    pair.

    >>> Conv2d(3, 8, kernel_size=(3, 5), rng=0).weight.shape
    (8, 3, 3, 5)
    """

    dims = 2


class MaxPool1d(Module):
    """`conv.max_pool1d` as a layer: the largest value of each window (stride defaults
    to kernel_size, as in PyTorch).

    >>> MaxPool1d(2)(Tensor([[[1.0, 3.0, 2.0, 0.0]]]))
    Tensor([[[3., 2.]]])
    """

    def __init__(self, kernel_size, stride=None, padding=0):
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def forward(self, x: Tensor) -> Tensor:
        return conv.max_pool1d(x, self.kernel_size, self.stride, self.padding)


class AvgPool1d(Module):
    """`conv.avg_pool1d` as a layer: the mean of each window.

    >>> AvgPool1d(2)(Tensor([[[1.0, 3.0, 2.0, 0.0]]]))
    Tensor([[[2., 1.]]])
    """

    def __init__(self, kernel_size, stride=None, padding=0):
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def forward(self, x: Tensor) -> Tensor:
        return conv.avg_pool1d(x, self.kernel_size, self.stride, self.padding)


class Flatten(Module):
    """Merge axes `start_dim` to `end_dim` into one, like PyTorch's `nn.Flatten` (by
    default all but the batch axis: (N, C, L) -> (N, C·L)).

    >>> Flatten()(Tensor(np.zeros((2, 3, 4)))).shape
    (2, 12)
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1):
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, x: Tensor) -> Tensor:
        start, end, n = self.start_dim, self.end_dim, x.ndim
        if not (-n <= start < n and -n <= end < n) or start % n > end % n:
            raise ValueError(
                f"Flatten: start_dim={start} and end_dim={end} do not select axes in "
                f"order of an input of shape {x.shape}"
            )
        start, end = start % n, end % n
        merged = math.prod(x.shape[start : end + 1])
        return x.reshape(x.shape[:start] + (merged,) + x.shape[end + 1 :])


class Unflatten(Module):
    """Split axis `dim` into `unflattened_size`, like PyTorch's `nn.Unflatten`: the
    inverse of `Flatten`, e.g. to give signals (N, L) a channel axis, (N, 1, L).

    >>> Unflatten(1, (1, 40))(Tensor(np.zeros((2, 40)))).shape
    (2, 1, 40)
    """

    def __init__(self, dim: int, unflattened_size):
        self.dim, self.unflattened_size = dim, tuple(unflattened_size)

    def forward(self, x: Tensor) -> Tensor:
        fits = -x.ndim <= self.dim < x.ndim
        if not fits or math.prod(self.unflattened_size) != x.shape[self.dim]:
            raise ValueError(
                f"Unflatten: cannot split axis {self.dim} of an input of shape "
                f"{x.shape} into {self.unflattened_size}"
            )
        dim = self.dim % x.ndim
        return x.reshape(x.shape[:dim] + self.unflattened_size + x.shape[dim + 1 :])
