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

# The same rules as reverse mode, not written twice.
from . import local_derivatives as local
from .checks import is_real, lift, to_real

__all__ = ["Dual", "derivative", "jvp", "gradient"]


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
        if type(primal) is not float:
            primal = to_real(primal, "Dual", "primal")
        if type(tangent) is not float:
            tangent = to_real(tangent, "Dual", "tangent")
        self.primal, self.tangent = primal, tangent

    def __repr__(self) -> str:
        return f"Dual(primal={self.primal!r}, tangent={self.tangent!r})"

    def __add__(self, other):
        """``(a + ȧε) + (b + ḃε) = (a + b) + (ȧ + ḃ)ε``.

        >>> Dual(1.0, 1.0) + 2
        Dual(primal=3.0, tangent=1.0)
        """
        other = lift(other, Dual)
        if other is NotImplemented:
            return NotImplemented
        return Dual(self.primal + other.primal, self.tangent + other.tangent)

    __radd__ = __add__

    def __sub__(self, other):
        """``(a + ȧε) - (b + ḃε) = (a - b) + (ȧ - ḃ)ε``.

        >>> 1 - Dual(3.0, 1.0)
        Dual(primal=-2.0, tangent=-1.0)
        """
        other = lift(other, Dual)
        if other is NotImplemented:
            return NotImplemented
        return Dual(self.primal - other.primal, self.tangent - other.tangent)

    def __rsub__(self, other):
        other = lift(other, Dual)
        if other is NotImplemented:
            return NotImplemented
        return other - self

    def __neg__(self):
        """``-(a + ȧε) = -a - ȧε``."""
        return Dual(-self.primal, -self.tangent)

    def __mul__(self, other):
        """``(a + ȧε)(b + ḃε) = ab + (ȧb + aḃ)ε``: the ε² term vanishes.

        >>> Dual(3.0, 1.0) * 2
        Dual(primal=6.0, tangent=2.0)
        """
        other = lift(other, Dual)
        if other is NotImplemented:
            return NotImplemented
        a, b = self.primal, other.primal
        return Dual(a * b, self.tangent * b + a * other.tangent)

    __rmul__ = __mul__

    def __truediv__(self, other):
        """``a / b``, tangent ``ȧ·(1/b) + ḃ·(-a/b²)`` (see `local_derivatives.div`).

        >>> Dual(1.0, 1.0) / 4
        Dual(primal=0.25, tangent=0.25)
        """
        other = lift(other, Dual)
        if other is NotImplemented:
            return NotImplemented
        q, d_a, d_b = local.div(self.primal, other.primal)
        return Dual(q, _chain((d_a, self.tangent), (d_b, other.tangent)))

    def __rtruediv__(self, other):
        other = lift(other, Dual)
        if other is NotImplemented:
            return NotImplemented
        return other / self

    def __pow__(self, n):
        """``x ** n``, tangent ``n·xⁿ⁻¹·ẋ``; with a Dual exponent y, plus ``xʸ·ln x·ẏ``.

        >>> Dual(3.0, 1.0) ** 2
        Dual(primal=9.0, tangent=6.0)
        """
        if isinstance(n, Dual):
            out, d_x, d_y = local.power_variable(self.primal, n.primal)
            return Dual(out, _chain((d_x, self.tangent), (d_y, n.tangent)))
        if not is_real(n):
            return NotImplemented
        out, d_x = local.power(self.primal, float(n))
        return Dual(out, d_x * self.tangent)

    def __rpow__(self, base):
        base = lift(base, Dual)
        if base is NotImplemented:
            return NotImplemented
        return base**self

    def exp(self):
        """eˣ, tangent ``eˣ·ẋ``.

        >>> Dual(0.0, 1.0).exp()
        Dual(primal=1.0, tangent=1.0)
        """
        e, d_x = local.exp(self.primal)
        return Dual(e, d_x * self.tangent)

    def log(self):
        """ln x for x > 0, tangent ``ẋ/x``.

        >>> Dual(2.0, 1.0).log().tangent
        0.5
        """
        out, d_x = local.log(self.primal)
        return Dual(out, d_x * self.tangent)

    def tanh(self):
        """tanh x, tangent ``(1 - tanh²x)·ẋ``.

        >>> Dual(0.0, 1.0).tanh()
        Dual(primal=0.0, tangent=1.0)
        """
        t, d_x = local.tanh(self.primal)
        return Dual(t, d_x * self.tangent)

    def relu(self):
        """max(0, x), tangent ẋ for x > 0, else 0 (0 at the kink, like `Value.relu`).

        >>> Dual(-2.0, 1.0).relu(), Dual(3.0, 1.0).relu()
        (Dual(primal=0.0, tangent=0.0), Dual(primal=3.0, tangent=1.0))
        """
        out, d_x = local.relu(self.primal)
        return Dual(out, d_x * self.tangent)

    def sigmoid(self):
        """σ(x) = 1 / (1 + e⁻ˣ), tangent ``σ(x)·(1 - σ(x))·ẋ``; never overflows.

        >>> Dual(0.0, 1.0).sigmoid()
        Dual(primal=0.5, tangent=0.25)
        """
        s, d_x = local.sigmoid(self.primal)
        return Dual(s, d_x * self.tangent)

    def softplus(self):
        """ln(1 + eˣ), tangent ``σ(x)·ẋ``; never overflows, like `Value.softplus`.

        >>> Dual(0.0, 1.0).softplus().tangent
        0.5
        """
        out, d_x = local.softplus(self.primal)
        return Dual(out, d_x * self.tangent)


def _chain(*terms: tuple[float, float]) -> float:
    """Σᵢ ∂out/∂inᵢ · tangent(inᵢ) over (local derivative, tangent) pairs, skipping
    inputs whose tangent is exactly 0: a constant's local derivative may be infinite
    (d/db of a/b for b = 1e-200), and inf · 0 would be NaN where the answer is 0.

    >>> _chain((2.0, 1.0), (-math.inf, 0.0))
    2.0
    """
    return sum((d * t for d, t in terms if t), 0.0)


def _unpack(out: object) -> tuple[float, float]:
    """(primal, tangent) of one output; a plain number is a constant, tangent 0."""
    if isinstance(out, Dual):
        return out.primal, out.tangent
    if is_real(out):
        return float(out), 0.0
    raise TypeError(
        f"f must return a Dual or a number (or a list of them), got {out!r}"
    )


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
            f"need one tangent per input: got {len(primals)} primals "
            f"and {len(tangents)} tangents"
        )
    out = f(*(Dual(x, v) for x, v in zip(primals, tangents)))
    if isinstance(out, (list, tuple)):
        pairs = [_unpack(o) for o in out]
        return [p for p, _ in pairs], [t for _, t in pairs]
    return _unpack(out)


def derivative(f: Callable[[Dual], object], x: float) -> float | list[float]:
    """f'(x) for a function of one number, in one forward pass (the tangent of x is 1).

    When `f` returns a list of outputs, the result is the list of their derivatives.

    >>> derivative(lambda x: x.tanh(), 0.0)
    1.0
    >>> derivative(lambda x: 5, 1.0)  # a constant function
    0.0
    """
    return jvp(f, [x], [1.0])[1]


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
            raise TypeError(
                "gradient needs f to return one number; use jvp for several outputs"
            )
        grads.append(partial)
    return grads
