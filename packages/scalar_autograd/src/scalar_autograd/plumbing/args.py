"""Argument types for both parts' command lines: a bad value is named with what was
expected.

argparse calls a ``type=`` function on the text of an option and, on
``ArgumentTypeError``, prints ``argument --lr: <message>`` and exits with status 2.

>>> positive_int("3")
3
>>> positive_float("0")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: expected a positive finite number, got 0
>>> int_up_to(1_000)("5000")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: expected a whole number from 1 to 1,000, got 5000
>>> epochs("2000000")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
argparse.ArgumentTypeError: expected at most 1,000,000, got 2000000 (a cap ...)
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def _number(
    convert: Callable[[str], float], accepts: Callable[[float], bool], expected: str
):
    """An argparse type that converts the text, then checks the value."""

    def parse(text: str):
        # int() and float() read "1_0" as 10: more often a typo than a number
        try:
            if "_" in text:
                raise ValueError(text)
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected {expected}, got {text!r}"
            ) from None
        if not accepts(value):
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text}")
        return value

    return parse


positive_int = _number(int, lambda v: v > 0, "a positive whole number")
non_negative_int = _number(int, lambda v: v >= 0, "a whole number >= 0")
positive_float = _number(
    float, lambda v: math.isfinite(v) and v > 0, "a positive finite number"
)
non_negative_float = _number(
    float, lambda v: math.isfinite(v) and v >= 0, "a finite number >= 0"
)
fraction = _number(float, lambda v: 0.0 < v < 1.0, "a number strictly between 0 and 1")


def int_up_to(largest: int):
    """A whole number from 1 to `largest`: for sizes that must fit in memory."""
    return _number(
        int, lambda v: 1 <= v <= largest, f"a whole number from 1 to {largest:,}"
    )


#: Caps on counts of work: generous, but a typo such as 1000000000000 is refused rather
#: than run until killed.
MAX_EPOCHS = 1_000_000
MAX_STEPS = 10_000_000
MAX_ROUNDS = 10_000


def positive_int_at_most(largest: int):
    """A positive whole number no larger than `largest`: for counts of work."""

    def parse(text: str) -> int:
        value = positive_int(text)
        if value > largest:
            raise argparse.ArgumentTypeError(
                f"expected at most {largest:,}, got {text} (a cap against typos)"
            )
        return value

    return parse


epochs = positive_int_at_most(MAX_EPOCHS)
steps = positive_int_at_most(MAX_STEPS)
rounds = positive_int_at_most(MAX_ROUNDS)


def learning_rate(smallest: float, dtype: str):
    """A positive finite learning rate that is a normal number in the model's `dtype`
    (`smallest` is its smallest one): a smaller one is 0 or subnormal there, and no
    step would move the weights."""

    def parse(text: str) -> float:
        value = positive_float(text)
        if value < smallest:
            raise argparse.ArgumentTypeError(
                f"expected a learning rate of at least {smallest:.3g}, got {text}: "
                f"smaller is 0 or subnormal in {dtype}, the model's dtype, so no step "
                "would move the weights"
            )
        return value

    return parse
