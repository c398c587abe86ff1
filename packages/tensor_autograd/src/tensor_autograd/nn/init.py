"""Initialisers, as `torch.nn.init` (reached as `nn.init`): fill a tensor in place,
return it.

Xavier (Glorot) keeps the variance of activations and of gradients about constant across
layers without a ReLU: Var(w) = gain² · 2 / (fan_in + fan_out). Kaiming (He) accounts
for a ReLU zeroing half of its inputs: Var(w) = gain² / fan, with gain √2 for ReLU. A
uniform distribution in ±bound has variance bound²/3, hence the √3 in the uniform
versions.

`Linear`'s default, uniform in ±1/√fan_in, is `kaiming_uniform_(w, a=√5)`: the
leaky-ReLU gain √(2/(1 + 5)) times √3 over √fan_in.

Each takes `generator` as PyTorch does: here a seed or a `numpy.random.Generator`; None
draws from the package's generator (`random_state`).

>>> from tensor_autograd.nn import Parameter
>>> w = Parameter(np.zeros((64, 32)))
>>> bool(np.abs(xavier_uniform_(w, generator=0).data).max() <= np.sqrt(6 / 96))
True
"""

from __future__ import annotations

import math

import numpy as np

from .. import random_state
from ..tensor import Tensor


def calculate_gain(nonlinearity: str, param=None) -> float:
    """The factor that keeps a layer's output variance what its input's was, through
    `nonlinearity`, as `torch.nn.init.calculate_gain`.

    >>> calculate_gain("relu") == math.sqrt(2), calculate_gain("tanh")
    (True, 1.6666666666666667)
    """
    linear = (
        "linear",
        "conv1d",
        "conv2d",
        "conv3d",
        "conv_transpose1d",
        "conv_transpose2d",
        "conv_transpose3d",
        "sigmoid",
    )
    if nonlinearity in linear:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        if isinstance(slope, bool) or not isinstance(slope, (int, float)):
            raise ValueError(f"negative_slope {slope!r} is not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity!r}")


def _fans(tensor: Tensor) -> tuple[int, int]:
    """(fan_in, fan_out): a weight (out, in, *kernel) sees in·kernel inputs per
    output."""
    if tensor.ndim < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 "
            f"dimensions (got shape {tensor.shape})"
        )
    receptive = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fill(tensor: Tensor, values: np.ndarray) -> Tensor:
    tensor.data[...] = values  # in place, in the tensor's own dtype
    return tensor


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator=None) -> Tensor:
    """Fill with values drawn uniformly from [a, b)."""
    return _fill(tensor, random_state.generator(generator).uniform(a, b, tensor.shape))


def normal_(
    tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator=None
) -> Tensor:
    """Fill with values drawn from a normal distribution N(mean, std²)."""
    return _fill(
        tensor, random_state.generator(generator).normal(mean, std, tensor.shape)
    )


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill with `val`."""
    return _fill(tensor, val)


def zeros_(tensor: Tensor) -> Tensor:
    """Fill with zeros."""
    return _fill(tensor, 0)


def ones_(tensor: Tensor) -> Tensor:
    """Fill with ones."""
    return _fill(tensor, 1)


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    """Uniform in ±gain·√(6 / (fan_in + fan_out)): variance gain²·2/(fan_in +
    fan_out)."""
    fan_in, fan_out = _fans(tensor)
    bound = math.sqrt(3.0) * gain * math.sqrt(2.0 / (fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    """Normal with standard deviation gain·√(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _fans(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), generator)


def _kaiming_std(tensor: Tensor, a, mode: str, nonlinearity: str) -> float:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(
            f"Mode {mode!r} not supported, please use one of fan_in, fan_out"
        )
    fan_in, fan_out = _fans(tensor)
    fan = fan_in if mode == "fan_in" else fan_out
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator=None,
) -> Tensor:
    """Uniform in ±√3·gain/√fan, gain from `nonlinearity` (with `a` the leaky-ReLU
    slope)."""
    bound = math.sqrt(3.0) * _kaiming_std(tensor, a, mode, nonlinearity)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator=None,
) -> Tensor:
    """Normal with standard deviation gain/√fan."""
    return normal_(tensor, 0.0, _kaiming_std(tensor, a, mode, nonlinearity), generator)
