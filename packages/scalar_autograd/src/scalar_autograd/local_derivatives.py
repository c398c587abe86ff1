"""Each operation's value and local derivatives on plain floats: one copy of each rule.

Both modes of automatic differentiation need the same numbers: reverse mode
(`scalar_autograd.engine.Value`) stores the local derivatives for ``backward``,
forward mode (`scalar_autograd.forward.Dual`) multiplies them by the tangents
at once. So each rule is written here once, its forward value and its local
derivative side by side, and both classes call it. Every function returns
``(value, derivative)`` (one derivative per input). Where the value does not
exist as a real number, the error names the number.

>>> exp(0.0)  # e⁰ and d/dx eˣ = eˣ at 0
(1.0, 1.0)
>>> power(3.0, 2.0)  # 3² and 2·3¹
(9.0, 6.0)

Addition, subtraction, negation and multiplication have local derivatives
that are constants or the other operand (1, −1, b, a); their classes write
them inline.
"""

from __future__ import annotations

import math

__all__ = [
    "div",
    "power",
    "power_variable",
    "exp",
    "log",
    "tanh",
    "sigmoid",
    "softplus",
    "relu",
]


def div(a: float, b: float) -> tuple[float, float, float]:
    """a / b, d/da = 1/b, d/db = -a/b², computed as -(a/b)/b because b·b
    underflows to 0 for a tiny b (1e-200, say) that a/b still divides by.

    >>> div(1.0, 4.0)
    (0.25, 0.25, -0.0625)
    """
    if b == 0.0:
        raise ZeroDivisionError(f"division by zero: {a!r} / {b!r}")
    q = a / b
    return q, 1.0 / b, -q / b


def power(x: float, n: float) -> tuple[float, float]:
    """xⁿ for a constant n, and the power rule d/dx xⁿ = n·xⁿ⁻¹.

    At x = 0, xⁿ⁻¹ on its own would divide by zero for n < 1: the slope there
    is 0 for n = 0 (a constant) and infinite otherwise (√x is vertical at 0).

    >>> power(4.0, 0.5), power(0.0, 0.5)
    ((2.0, 0.25), (0.0, inf))
    >>> power(-8.0, 0.5)
    Traceback (most recent call last):
    ...
    ValueError: fractional power of a negative base: -8.0 ** 0.5 (not a real number)
    """
    _check_power(x, n)
    if x == 0.0 and n < 1.0:
        return _float_power(x, n), (0.0 if n == 0.0 else math.inf)
    return _float_power(x, n), n * _float_power(x, n - 1.0)


def _check_power(x: float, n: float) -> None:
    """Raise a clear error where the real power ``x ** n`` does not exist."""
    if x < 0.0 and not n.is_integer():
        raise ValueError(
            f"fractional power of a negative base: {x!r} ** {n!r} (not a real number)"
        )
    if x == 0.0 and n < 0.0:
        raise ZeroDivisionError(f"zero to a negative power: {x!r} ** {n!r}")


def _float_power(x: float, n: float) -> float:
    """``x ** n``, where an overflow becomes ±inf as it does for a float product."""
    try:
        return x**n
    except OverflowError:
        odd = n.is_integer() and n % 2.0 == 1.0
        return -math.inf if x < 0.0 and odd else math.inf


def power_variable(x: float, y: float) -> tuple[float, float, float]:
    """xʸ when the exponent y is a variable too: d/dx = y·xʸ⁻¹ and d/dy = xʸ·ln x.

    ln x is real only for x > 0. The one exception allowed is 0ʸ with y > 0:
    it is 0 for every such y, so its derivative in y is 0.

    >>> power_variable(2.0, 3.0)  # 2³, 3·2², 2³·ln 2
    (8.0, 12.0, 5.545177444479562)
    """
    out, d_x = power(x, y)
    if x > 0.0:
        return out, d_x, out * math.log(x)
    if x == 0.0 and y > 0.0:
        return out, d_x, 0.0  # 0**y is 0 for every y > 0: flat in y
    raise ValueError(
        f"{x!r} ** {y!r}: a variable exponent needs a base > 0, "
        "because d/dy x**y = x**y * ln(x) is real only for x > 0"
    )


def exp(x: float) -> tuple[float, float]:
    """eˣ, and d/dx eˣ = eˣ: the result itself. Overflows to inf like a float product.

    >>> exp(1000.0)
    (inf, inf)
    """
    try:
        e = math.exp(x)
    except OverflowError:  # math.exp raises where x * x would just give inf
        e = math.inf
    return e, e


def log(x: float) -> tuple[float, float]:
    """ln x for x > 0, and d/dx ln x = 1/x.

    >>> log(1.0)
    (0.0, 1.0)
    >>> log(0.0)
    Traceback (most recent call last):
    ...
    ValueError: log of a non-positive value: 0.0 (log needs x > 0)
    """
    if not x > 0.0:  # `not >` also refuses NaN
        raise ValueError(f"log of a non-positive value: {x!r} (log needs x > 0)")
    return math.log(x), 1.0 / x


def tanh(x: float) -> tuple[float, float]:
    """tanh x, and d/dx tanh x = 1 − tanh²x, from the result: nothing computed twice.

    >>> tanh(0.0)
    (0.0, 1.0)
    """
    t = math.tanh(x)
    return t, 1.0 - t * t


def sigmoid(x: float) -> tuple[float, float]:
    """σ(x) = 1 / (1 + e⁻ˣ), and d/dx σ(x) = σ(x)·(1 − σ(x)), from the result.

    >>> sigmoid(0.0), sigmoid(-1000.0)
    ((0.5, 0.25), (0.0, 0.0))
    """
    if x >= 0.0:
        s = 1.0 / (1.0 + math.exp(-x))
    else:  # the same formula rearranged, so exp never overflows
        e = math.exp(x)
        s = e / (1.0 + e)
    return s, s * (1.0 - s)


def softplus(x: float) -> tuple[float, float]:
    """softplus(x) = ln(1 + eˣ), and d/dx softplus(x) = σ(x); never overflows.

    Computed as max(x, 0) + ln(1 + e^(−|x|)): the exponential only ever sees a
    number ≤ 0, where ln(1 + eˣ) composed from exp and log overflows for x > 709.

    >>> softplus(0.0)  # ln 2 and σ(0)
    (0.6931471805599453, 0.5)
    >>> softplus(1000.0), softplus(-1000.0)
    ((1000.0, 1.0), (0.0, 0.0))
    """
    out = max(x, 0.0) + math.log1p(math.exp(-abs(x)))
    return out, sigmoid(x)[0]


def relu(x: float) -> tuple[float, float]:
    """max(0, x), and its slope: 1 for x > 0, else 0 (0 at the kink, like PyTorch).

    NaN stays NaN with slope 0, as in PyTorch (``max(0.0, nan)`` would say 0.0).

    >>> relu(-2.0), relu(3.0), relu(math.nan)
    ((0.0, 0.0), (3.0, 1.0), (nan, 0.0))
    """
    if x > 0.0:
        return x, 1.0
    return (x if x != x else 0.0), 0.0  # x != x only for NaN
