"""More activations, as in `torch.nn.functional`: `softplus`, `gelu`, `silu`,
`leaky_relu`, and `erf`, the error function `gelu` is made of.

Each is one op whose rule is its derivative, written with what arrays and Tensors share
(see `elementwise`), so second derivatives work too.
"""

from __future__ import annotations

import math

import numpy as np

from .elementwise import _exp, _sigmoid, _sigmoid_of, _tanh, _where
from .tensor import Tensor, data_of, make_node

# NumPy has no erf; Python's is exact to double precision, one element at a time.
_erf_of_floats = np.vectorize(math.erf, otypes=[np.float64])
_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)
_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)


def erf(x: Tensor) -> Tensor:
    """The error function (2/√π) ∫₀ˣ e^(-t²) dt, elementwise; its derivative is
    (2/√π) e^(-x²).

    NumPy has no `erf`; Python's `math.erf` is applied element by element (exact, but a
    Python call per element: fine at the sizes of this book).

    >>> round(erf(Tensor([1.0])).item(), 6)
    0.842701
    """
    return make_node(_erf_of(x.data), (x,), erf_backward)


def erf_backward(g, out, x):
    return (g * _TWO_OVER_SQRT_PI * _exp(-(x * x)),)


def _erf_of(x):
    if isinstance(x, Tensor):
        return erf(x)
    return _erf_of_floats(x).astype(x.dtype, copy=False)


def softplus(x: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + e^(βx)) / β, a smooth ReLU; as in PyTorch, where βx > `threshold` it is x
    itself (the two agree to float precision there, and e^(βx) could overflow).

    Its derivative is sigmoid(βx) (1 above the threshold).

    >>> softplus(Tensor([0.0, 100.0]))
    Tensor([  0.69314718, 100.        ])
    """
    scaled = x.data * beta
    linear = scaled > threshold
    smooth = np.log1p(np.exp(np.where(linear, 0, scaled))) / beta
    data = np.where(linear, x.data, smooth).astype(x.dtype, copy=False)
    ctx = {"beta": beta, "linear": linear}
    return make_node(data, (x,), softplus_backward, ctx)


def softplus_backward(g, out, x, *, beta, linear):
    return (g * _where(linear, 1.0, _sigmoid_of(x * beta)),)


def gelu(x: Tensor, approximate: str = "none") -> Tensor:
    """x·Φ(x), with Φ the standard normal's cumulative distribution, 0.5(1 + erf(x/√2)).

    `approximate="tanh"` is the tanh formula of the GELU paper (and PyTorch's):
    0.5x(1 + tanh(√(2/π)(x + 0.044715x³))). The derivative of the exact one is
    Φ(x) + x·φ(x), with φ the normal density.

    >>> round(gelu(Tensor([1.0])).item(), 6)
    0.841345
    """
    if approximate == "none":
        data = x.data * 0.5 * (1 + _erf_of(x.data * _SQRT_HALF))
        return make_node(data.astype(x.dtype, copy=False), (x,), gelu_backward)
    if approximate == "tanh":
        inner = _GELU_C * (x.data + 0.044715 * x.data**3)
        data = 0.5 * x.data * (1 + np.tanh(inner))
        return make_node(data.astype(x.dtype, copy=False), (x,), gelu_tanh_backward)
    raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")


_GELU_C = math.sqrt(2 / math.pi)


def gelu_backward(g, out, x):
    cdf = 0.5 * (1 + _erf_of(x * _SQRT_HALF))
    pdf = _exp(-0.5 * (x * x)) * _INV_SQRT_2PI
    return (g * (cdf + x * pdf),)


def gelu_tanh_backward(g, out, x):
    t = _tanh(_GELU_C * (x + 0.044715 * (x * x * x)))
    slope = _GELU_C * (1 + 3 * 0.044715 * (x * x))
    return (g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * slope),)


def silu(x: Tensor) -> Tensor:
    """x·sigmoid(x) (also called swish); derivative σ(x)(1 + x(1 - σ(x))).

    >>> silu(Tensor([0.0, 1000.0]))
    Tensor([   0., 1000.])
    """
    return make_node(x.data * _sigmoid(x.data), (x,), silu_backward)


def silu_backward(g, out, x):
    s = _sigmoid_of(x)
    return (g * s * (1 + x * (1 - s)),)


def leaky_relu(x: Tensor, negative_slope: float = 0.01) -> Tensor:
    """x where x > 0, else negative_slope·x; the derivative is 1 or negative_slope (the
    slope at 0, as in PyTorch).

    >>> leaky_relu(Tensor([-2.0, 3.0]))
    Tensor([-0.02,  3.  ])
    """
    positive = x.data > 0
    data = np.where(positive, x.data, x.data * negative_slope)  # stays x's dtype
    return make_node(data, (x,), leaky_relu_backward, {"slope": negative_slope})


def leaky_relu_backward(g, out, x, *, slope):
    return (g * np.where(data_of(x) > 0, 1.0, slope).astype(data_of(x).dtype),)
