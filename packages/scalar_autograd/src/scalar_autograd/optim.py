"""Optimizers: update parameters from their gradients.

>>> from scalar_autograd.engine import Value
>>> w = Value(3.0)
>>> opt = SGD([w], lr=0.1)
>>> loss = w * w
>>> loss.backward()
>>> opt.step()
>>> w.data  # 3 - 0.1 * 6
2.4
>>> opt.zero_grad()
>>> w.grad
0.0
"""

from __future__ import annotations

from collections.abc import Iterable

from .checks import positive_real
from .engine import Value

__all__ = ["SGD"]


class SGD:
    """Plain stochastic gradient descent: ``p.data -= lr * p.grad`` for every parameter.

    `params` is any iterable of Values (kept as a list); `lr` must be a
    positive, finite real number: a Python or NumPy int or float, not a bool.
    """

    def __init__(self, params: Iterable[Value], lr: float):
        self.params = list(params)
        if not self.params:
            raise ValueError("SGD got no parameters to optimize (an empty list)")
        first_seen = {}  # id(parameter) -> its first position
        for i, p in enumerate(self.params):
            if not isinstance(p, Value):
                raise TypeError(f"SGD parameters must be Values, but item {i} is {p!r}")
            if id(p) in first_seen:  # it would be stepped twice per step()
                raise ValueError(
                    f"SGD parameters must each be listed once, but item {i} is "
                    f"item {first_seen[id(p)]} again ({p!r})"
                )
            first_seen[id(p)] = i
        self.lr = positive_real(lr, "SGD lr")  # np.float32(0.1) too; True is no rate

    def step(self) -> None:
        """Move every parameter a small step against its gradient (downhill)."""
        lr = self.lr
        for p in self.params:
            p.data -= lr * p.grad

    def zero_grad(self) -> None:
        """Reset gradients to 0.0; backward adds to them, so call this every step."""
        for p in self.params:
            p.grad = 0.0

    def __repr__(self) -> str:
        return f"SGD({len(self.params)} params, lr={self.lr})"
