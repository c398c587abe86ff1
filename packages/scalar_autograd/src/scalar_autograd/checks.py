"""What counts as a number in Part I, and the checks on numeric hyperparameters.

A *real number* is any `numbers.Real` — a Python int or float, a Fraction, or a NumPy
scalar such as ``np.float32(0.1)`` or ``np.int64(3)`` — except a bool: ``lr=True`` or
``Value(x > 0)`` is far more often a bug than a wish for 1 or 0.

>>> is_real(0.5), is_real(True), is_real("0.5")
(True, False, False)
>>> positive_real(0.1, "SGD lr")
0.1
>>> positive_real(True, "SGD lr")
Traceback (most recent call last):
...
TypeError: SGD lr must be a number (int or float, not bool), got bool True
"""

from __future__ import annotations

import math
from numbers import Integral, Real

__all__ = ["is_real", "to_real", "lift", "positive_real", "positive_int"]


def is_real(value: object) -> bool:
    """Whether `value` is a real number other than a bool (``np.bool_`` is no Real)."""
    return isinstance(value, Real) and not isinstance(value, bool)


def to_real(value: object, owner: str, role: str = "") -> float:
    """`value` as a float, or a TypeError saying that `owner` expects a real number.

    >>> to_real(3, "Value")
    3.0
    >>> to_real("3", "Value")
    Traceback (most recent call last):
    ...
    TypeError: Value expects a real number (int or float), got str '3'
    """
    if is_real(value):
        return float(value)
    role = f" as its {role}" if role else ""
    raise TypeError(
        f"{owner} expects a real number (int or float){role}, "
        f"got {type(value).__name__} {value!r}"
    )


def lift(other: object, kind: type):
    """A plain number as a constant of `kind` (`Value` or `Dual`); else NotImplemented.

    Returning NotImplemented (instead of raising) lets Python try the other
    operand's method and then raise its usual ``unsupported operand`` error.

    >>> from scalar_autograd import Value
    >>> lift(2, Value), lift("2", Value)
    (Value(data=2.0, grad=0.0), NotImplemented)
    """
    if isinstance(other, kind):
        return other
    if is_real(other):
        return kind(float(other))
    return NotImplemented


def positive_real(value: object, what: str) -> float:
    """`value` as a float, if it is a positive, finite real number; else a clear error.

    >>> import numpy as np
    >>> positive_real(np.float32(0.5), "lr")
    0.5
    >>> positive_real(float("inf"), "lr")
    Traceback (most recent call last):
    ...
    ValueError: lr must be a positive, finite number, got inf
    """
    if not is_real(value):
        raise TypeError(
            f"{what} must be a number (int or float, not bool), "
            f"got {type(value).__name__} {value!r}"
        )
    number = float(value)
    if not (number > 0.0 and math.isfinite(number)):
        raise ValueError(f"{what} must be a positive, finite number, got {value!r}")
    return number


def positive_int(value: object, what: str) -> int:
    """`value` as an int, if it is a positive integer (NumPy's too); else a clear error.

    >>> positive_int(3, "epochs")
    3
    >>> positive_int(2.0, "epochs")
    Traceback (most recent call last):
    ...
    TypeError: epochs must be a positive integer, got float 2.0
    """
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(
            f"{what} must be a positive integer, got {type(value).__name__} {value!r}"
        )
    if value < 1:
        raise ValueError(f"{what} must be a positive integer, got {value!r}")
    return int(value)
