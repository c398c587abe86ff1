"""Forward-mode automatic differentiation with dual numbers.

A dual number ``a + b·ε``, with the rule ``ε² = 0``, carries a value `a` (the
*primal*) and a derivative `b` (the *tangent*) through a computation. By
Taylor's theorem ``f(a + b·ε) = f(a) + f'(a)·b·ε``, so evaluating ``f`` on a
dual number whose tangent is 1 returns ``f(x)`` and ``f'(x)`` together, in the
same single pass, with no graph kept.

Each operation uses the same local derivatives as `scalar_autograd.engine`,
but multiplies them by its inputs' tangents right away, instead of storing
them for a later backward pass:
``tangent(out) = Σᵢ ∂out/∂inᵢ · tangent(inᵢ)``.

>>> derivative(lambda x: x * x + 3 * x, 2.0)  # d/dx (x² + 3x) = 2x + 3
7.0
>>> Dual(2.0, 1.0) * Dual(5.0, 0.0)
Dual(primal=10.0, tangent=5.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from numbers import Real

# The same rules as reverse mode, not written twice.
from .engine import _check_power, _dpow_dx, _power, _power_and_partials

__all__ = ["Dual", "derivative", "jvp", "gradient"]


def _real(number: object, what: str) -> float:
    if isinstance(number, Real) and not isinstance(number, bool):
        return float(number)
    raise TypeError(
        f"Dual expects a real number (int or float) as its {what}, "
        f"got {type(number).__name__} {number!r}"
    )


def _lift(other: object) -> Dual:
    """A plain number is a constant: its tangent is 0. Anything else is NotImplemented."""
    if isinstance(other, Dual):
        return other
    if isinstance(other, Real) and not isinstance(other, bool):
        return Dual(float(other), 0.0)
    return NotImplemented


# --8<-- [start:dual_init]
class Dual:
    """A number ``primal + tangent·ε`` with ``ε² = 0``: a value and its derivative.

    `primal` is the value; `tangent` is its derivative with respect to
    whichever input was seeded with tangent 1 (0 for a constant).

    >>> x = Dual(3.0, 1.0)  # x = 3, dx/dx = 1
    >>> x * x
    Dual(primal=9.0, tangent=6.0)
    """

    __slots__ = ("primal", "tangent")

    def __init__(self, primal, tangent=0.0):
        self.primal = primal if type(primal) is float else _real(primal, "primal")
        self.tangent = tangent if type(tangent) is float else _real(tangent, "tangent")

    def __repr__(self) -> str:
        return f"Dual(primal={self.primal!r}, tangent={self.tangent!r})"

    # --8<-- [end:dual_init]

    # --8<-- [start:add_sub]
    def __add__(self, other):
        """``(a + ȧε) + (b + ḃε) = (a + b) + (ȧ + ḃ)ε``.

        >>> Dual(1.0, 1.0) + 2
        Dual(primal=3.0, tangent=1.0)
        """
        other = _lift(other)
        if other is NotImplemented:
            return NotImplemented
        return Dual(self.primal + other.primal, self.tangent + other.tangent)

    __radd__ = __add__

    def __sub__(self, other):
        """``(a + ȧε) - (b + ḃε) = (a - b) + (ȧ - ḃ)ε``.

        >>> 1 - Dual(3.0, 1.0)
        Dual(primal=-2.0, tangent=-1.0)
        """
        other = _lift(other)
        if other is NotImplemented:
            return NotImplemented
        return Dual(self.primal - other.primal, self.tangent - other.tangent)

    def __rsub__(self, other):
        other = _lift(other)
        if other is NotImplemented:
            return NotImplemented
        return other - self

    def __neg__(self):
        """``-(a + ȧε) = -a - ȧε``."""
        return Dual(-self.primal, -self.tangent)
    # --8<-- [end:add_sub]

    # --8<-- [start:mul]
    def __mul__(self, other):
        """``(a + ȧε)(b + ḃε) = ab + (ȧb + aḃ)ε``: the ε² term vanishes.

        >>> Dual(3.0, 1.0) * 2
        Dual(primal=6.0, tangent=2.0)
        """
        other = _lift(other)
        if other is NotImplemented:
            return NotImplemented
        a, b = self.primal, other.primal
        return Dual(a * b, self.tangent * b + a * other.tangent)

    __rmul__ = __mul__
    # --8<-- [end:mul]

    # --8<-- [start:div]
    def __truediv__(self, other):
        """``a / b``, tangent ``ȧ/b - ḃ·a/b²``, computed as ``ȧ/b - ḃ·(a/b)/b``, since b·b
        underflows to 0 for a tiny b (1e-200, say) that a/b still divides by.

        >>> Dual(1.0, 1.0) / 4
        Dual(primal=0.25, tangent=0.25)
        >>> Dual(1.0) / 0
        Traceback (most recent call last):
        ...
        ZeroDivisionError: division by zero: Dual(primal=1.0, tangent=0.0) / Dual(primal=0.0, tangent=0.0)
        """
        other = _lift(other)
        if other is NotImplemented:
            return NotImplemented
        a, b = self.primal, other.primal
        if b == 0.0:
            raise ZeroDivisionError(f"division by zero: {self!r} / {other!r}")
        q = a / b
        return Dual(q, self.tangent / b - other.tangent * q / b)

    def __rtruediv__(self, other):
        other = _lift(other)
        if other is NotImplemented:
            return NotImplemented
        return other / self
    # --8<-- [end:div]

    # --8<-- [start:pow]
    def __pow__(self, exponent):
        """``x ** n``, tangent ``n·xⁿ⁻¹·ẋ``; with a Dual exponent y, plus ``xʸ·ln x·ẏ``.

        >>> Dual(3.0, 1.0) ** 2
        Dual(primal=9.0, tangent=6.0)
        >>> Dual(-8.0) ** (1 / 3)
        Traceback (most recent call last):
        ...
        ValueError: fractional power of a negative base: Dual(primal=-8.0, tangent=0.0) ** 0.3333333333333333 (the result is not real)
        """
        if isinstance(exponent, Dual):
            return self._pow_dual(exponent)
        if isinstance(exponent, bool) or not isinstance(exponent, Real):
            return NotImplemented
        x, n = self.primal, float(exponent)
        _check_power(self, exponent, x, n)
        return Dual(_power(x, n), _dpow_dx(x, n) * self.tangent)

    def _pow_dual(self, exponent):
        out, d_base, d_exponent = _power_and_partials(self, exponent, self.primal, exponent.primal)
        return Dual(out, d_base * self.tangent + d_exponent * exponent.tangent)

    def __rpow__(self, base):
        base = _lift(base)
        if base is NotImplemented:
            return NotImplemented
        return base ** self
    # --8<-- [end:pow]

    # --8<-- [start:exp_log]
    def exp(self):
        """eˣ, tangent ``eˣ·ẋ``.

        >>> Dual(0.0, 1.0).exp()
        Dual(primal=1.0, tangent=1.0)
        """
        try:
            e = math.exp(self.primal)
        except OverflowError:
            e = math.inf
        return Dual(e, e * self.tangent)

    def log(self):
        """ln x for x > 0, tangent ``ẋ/x``.

        >>> Dual(2.0, 1.0).log().tangent
        0.5
        >>> Dual(0.0).log()
        Traceback (most recent call last):
        ...
        ValueError: log of a non-positive value: Dual(primal=0.0, tangent=0.0) (log needs x > 0)
        """
        x = self.primal
        if not x > 0.0:
            raise ValueError(f"log of a non-positive value: {self!r} (log needs x > 0)")
        return Dual(math.log(x), self.tangent / x)
    # --8<-- [end:exp_log]

    # --8<-- [start:activations]
    def tanh(self):
        """tanh x, tangent ``(1 - tanh²x)·ẋ``.

        >>> Dual(0.0, 1.0).tanh()
        Dual(primal=0.0, tangent=1.0)
        """
        t = math.tanh(self.primal)
        return Dual(t, (1.0 - t * t) * self.tangent)

    def relu(self):
        """max(0, x), tangent ẋ for x > 0, else 0 (0 at the kink, like `Value.relu`).

        >>> Dual(-2.0, 1.0).relu(), Dual(3.0, 1.0).relu()
        (Dual(primal=0.0, tangent=0.0), Dual(primal=3.0, tangent=1.0))
        """
        x = self.primal
        if x > 0.0:
            return Dual(x, self.tangent)
        return Dual(x if x != x else 0.0, 0.0)  # NaN stays NaN, as in PyTorch

    def sigmoid(self):
        """σ(x) = 1 / (1 + e⁻ˣ), tangent ``σ(x)·(1 - σ(x))·ẋ``; never overflows.

        >>> Dual(0.0, 1.0).sigmoid()
        Dual(primal=0.5, tangent=0.25)
        """
        x = self.primal
        if x >= 0.0:
            s = 1.0 / (1.0 + math.exp(-x))
        else:  # the same formula rearranged, so exp never overflows
            e = math.exp(x)
            s = e / (1.0 + e)
        return Dual(s, s * (1.0 - s) * self.tangent)
    # --8<-- [end:activations]


def _unpack(out: object) -> tuple[float, float]:
    """(primal, tangent) of one output; a plain number is a constant, tangent 0."""
    if isinstance(out, Dual):
        return out.primal, out.tangent
    if isinstance(out, Real) and not isinstance(out, bool):
        return float(out), 0.0
    raise TypeError(f"f must return a Dual or a number (or a list of them), got {out!r}")


# --8<-- [start:jvp]
def jvp(
    f: Callable[..., object], primals: Sequence[float], tangents: Sequence[float]
) -> tuple[float, float] | tuple[list[float], list[float]]:
    """One forward pass: f at `primals` and its derivative in the direction `tangents`.

    `f` takes one Dual per input. Returns ``(f(x), J·v)``, where J is f's
    Jacobian at x and v the tangent vector: for a scalar output, the
    directional derivative ``Σᵢ ∂f/∂xᵢ · vᵢ``. When `f` returns a list or
    tuple, both results are lists, one entry per output.

    >>> jvp(lambda x, y: x * y, [3.0, 4.0], [1.0, 0.0])  # (xy, ∂(xy)/∂x = y)
    (12.0, 4.0)
    >>> jvp(lambda t: [t * t, t.exp()], [0.0], [1.0])  # one pass, every output
    ([0.0, 1.0], [0.0, 1.0])
    """
    if len(primals) != len(tangents):
        raise ValueError(
            f"need one tangent per input: got {len(primals)} primals and {len(tangents)} tangents"
        )
    out = f(*(Dual(x, v) for x, v in zip(primals, tangents)))
    if isinstance(out, (list, tuple)):
        pairs = [_unpack(o) for o in out]
        return [p for p, _ in pairs], [t for _, t in pairs]
    return _unpack(out)
# --8<-- [end:jvp]


# --8<-- [start:derivative]
def derivative(f: Callable[[Dual], object], x: float) -> float | list[float]:
    """f'(x) for a function of one number, in one forward pass (the tangent of x is 1).

    When `f` returns a list of outputs, the result is the list of their derivatives.

    >>> derivative(lambda x: x.tanh(), 0.0)
    1.0
    >>> derivative(lambda x: 5, 1.0)  # a constant function
    0.0
    """
    return jvp(f, [x], [1.0])[1]
# --8<-- [end:derivative]


# --8<-- [start:gradient]
def gradient(f: Callable[..., object], xs: Sequence[float]) -> list[float]:
    """∇f at `xs` for a scalar f of n inputs: n forward passes, one per input.

    Pass i seeds input i with tangent 1 and every other input with 0, so its
    output tangent is ∂f/∂xᵢ. Reverse mode gets all n in one backward pass.

    >>> gradient(lambda x, y: x * y + y, [3.0, 4.0])  # (y, x + 1)
    [4.0, 4.0]
    """
    n = len(xs)
    grads = []
    for i in range(n):
        basis = [1.0 if j == i else 0.0 for j in range(n)]  # the i-th unit vector
        _, partial = jvp(f, xs, basis)
        if isinstance(partial, list):
            raise TypeError("gradient needs f to return one number; use jvp for several outputs")
        grads.append(partial)
    return grads
# --8<-- [end:gradient]
