"""Argument types for the package's command lines: a bad value is named with what was expected.

argparse calls a ``type=`` function on the text of an option and, on ``ArgumentTypeError``, prints
``argument --lr: <message>`` and exits with status 2.

>>> positive_int("3")
3
>>> positive_float("0")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: expected a positive finite number, got 0
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def _number(convert: Callable[[str], float], accepts: Callable[[float], bool], expected: str):
    """An argparse type that converts the text, then checks the value."""

    def parse(text: str):
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
        if not accepts(value):
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text}")
        return value

    return parse


positive_int = _number(int, lambda v: v > 0, "a positive whole number")
non_negative_int = _number(int, lambda v: v >= 0, "a whole number >= 0")
positive_float = _number(float, lambda v: math.isfinite(v) and v > 0, "a positive finite number")
fraction = _number(float, lambda v: 0.0 < v < 1.0, "a number strictly between 0 and 1")
