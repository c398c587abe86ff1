"""Check backward's gradients against central finite differences.

The numerical derivative of f at x is ``(f(x + h) - f(x - h)) / 2h``; its
error shrinks like h² (truncation) until float round-off, which grows like
1/h, takes over — hence a default h of 1e-6 and a tolerance well above it.

>>> report = check_grads(lambda x, y: x * y + x.tanh(), 0.5, -2.0)
>>> report.ok
True
>>> [round(g, 4) for g in report.analytic]
[-1.2136, 0.5]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .checks import is_real, positive_real
from .engine import Value

__all__ = ["GradientCheckError", "GradientCheckReport", "check_grads", "numerical_grad"]


class GradientCheckError(AssertionError):
    """Raised by `check_grads` when a backward gradient is off."""

    def __init__(self, report: GradientCheckReport):
        super().__init__(str(report))
        self.report = report


@dataclass(frozen=True)
class GradientCheckReport:
    """Per-input analytic (backward) and numerical (finite-difference) gradients."""

    inputs: tuple[float, ...]
    analytic: tuple[float, ...]
    numeric: tuple[float, ...]
    atol: float
    rtol: float

    @property
    def errors(self) -> tuple[float, ...]:
        return tuple(abs(a - n) for a, n in zip(self.analytic, self.numeric))

    @property
    def failures(self) -> tuple[int, ...]:
        """Indices of inputs whose gradients differ by over atol + rtol·|numeric|."""
        return tuple(
            i
            for i, (a, n) in enumerate(zip(self.analytic, self.numeric))
            # `not <=` also catches NaN
            if not abs(a - n) <= self.atol + self.rtol * abs(n)
        )

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def max_error(self) -> float:
        return max(self.errors, default=0.0)

    def __str__(self) -> str:
        bad = set(self.failures)
        verdict = "gradients match" if self.ok else f"{len(bad)} gradient(s) differ"
        lines = [
            f"check_grads: {verdict} (rtol={self.rtol:g}, atol={self.atol:g})",
            f"{'input':>5} {'x':>14} {'backward':>14} {'numerical':>14} "
            f"{'|error|':>10}",
        ]
        rows = zip(self.inputs, self.analytic, self.numeric, self.errors)
        for i, (x, a, n, e) in enumerate(rows):
            mark = "  <-- mismatch" if i in bad else ""
            lines.append(f"{i:>5} {x:>14.6g} {a:>14.8g} {n:>14.8g} {e:>10.2e}{mark}")
        return "\n".join(lines)


def numerical_grad(
    f: Callable[..., Value], inputs: Sequence[float], eps: float = 1e-6
) -> list[float]:
    """Central differences: ∂f/∂xᵢ ≈ (f(..xᵢ+ε..) - f(..xᵢ-ε..)) / 2ε for each input.

    >>> [round(g, 6) for g in numerical_grad(lambda x: x ** 3, [2.0])]
    [12.0]
    """
    eps = positive_real(eps, "numerical_grad eps")
    xs = [float(x) for x in inputs]
    grads = []
    for i in range(len(xs)):
        up = xs.copy()
        up[i] += eps
        down = xs.copy()
        down[i] -= eps
        f_up = f(*map(Value, up)).data
        f_down = f(*map(Value, down)).data
        grads.append((f_up - f_down) / (2 * eps))
    return grads


def check_grads(
    f: Callable[..., Value],
    *inputs: float,
    eps: float = 1e-6,
    rtol: float = 1e-4,
    atol: float = 1e-5,
    raise_on_failure: bool = True,
) -> GradientCheckReport:
    """Compare backward's gradient of ``f(*inputs)`` with `numerical_grad`.

    `f` takes one Value per number in `inputs` and returns a Value. Returns a
    `GradientCheckReport`; if a gradient is off, raises `GradientCheckError`
    with the report as its message (or just returns it, with
    ``raise_on_failure=False``). The same name and call as Part II's
    `tensor_autograd.check_grads`.

    >>> bad = lambda x: Value(x.data**2, (x,), (1.0,), "bad square")  # wrong local grad
    >>> print(check_grads(bad, 3.0, raise_on_failure=False))
    check_grads: 1 gradient(s) differ (rtol=0.0001, atol=1e-05)
    input              x       backward      numerical    |error|
        0              3              1              6   5.00e+00  <-- mismatch
    """
    eps = positive_real(eps, "check_grads eps")
    rtol, atol = _tolerance(rtol, "rtol"), _tolerance(atol, "atol")
    values = [Value(x) for x in inputs]
    f(*values).backward()
    report = GradientCheckReport(
        inputs=tuple(v.data for v in values),
        analytic=tuple(v.grad for v in values),
        numeric=tuple(numerical_grad(f, inputs, eps)),
        atol=atol,
        rtol=rtol,
    )
    if raise_on_failure and not report.ok:
        raise GradientCheckError(report)
    return report


def _tolerance(value: object, name: str) -> float:
    """A tolerance may be 0 (exact agreement), but not negative, NaN or a bool."""
    if value == 0 and is_real(value):
        return 0.0
    return positive_real(value, f"check_grads {name}")
