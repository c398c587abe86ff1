"""The two model shapes the commands train, described by data so a model file can
rebuild them.

* ``linear``: one `Linear` layer, ``x @ Wᵀ + b`` — linear regression,
  or logistic regression when its output is read as a logit.
* ``mlp``: ``Linear → ReLU → ... → Linear`` with the given hidden widths.

Both output one number per row: the scaled income, or the logit of ``male``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tensor_autograd import nn

KINDS = ("linear", "mlp")
#: The most parameters a model may have: far beyond what a table of a few thousand rows
#: can use (the default MLP has 81), and about 40 MB of float32 — so a typo such as
#: ``--hidden 10000000000``, or a model file claiming layers of a million units, is an
#: error before any memory is allocated.
MAX_PARAMETERS = 10_000_000


@dataclass(frozen=True)
class Architecture:
    """Which model: ``kind`` (``linear`` or ``mlp``), input width, hidden widths (none
    for linear).

    >>> arch = Architecture("mlp", inputs=3, hidden=(16,))
    >>> Architecture.from_dict(arch.to_dict()) == arch
    True
    >>> arch.describe()
    'mlp 3 → 16 → 1 (ReLU)'
    """

    kind: str
    inputs: int
    hidden: tuple[int, ...] = ()
    outputs: int = 1

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(
                f"unknown model kind {self.kind!r}; expected one of {list(KINDS)}"
            )
        if self.kind == "linear" and self.hidden:
            raise ValueError(
                f"a linear model has no hidden layers, got hidden={list(self.hidden)}"
            )
        if self.kind == "mlp" and not self.hidden:
            raise ValueError("an mlp needs at least one hidden layer")
        widths = (self.inputs, *self.hidden, self.outputs)
        if not all(type(w) is int and w > 0 for w in widths):  # not bool, not float
            raise ValueError(
                f"layer widths must be positive integers, got {list(widths)}"
            )
        if self.parameter_count > MAX_PARAMETERS:
            gigabytes = 4e-9 * self.parameter_count  # float32: 4 bytes a parameter
            size = f"{gigabytes:,.0f}" if gigabytes >= 10 else f"{gigabytes:.2g}"
            raise ValueError(
                f"layer widths {list(widths)} make a model of "
                f"{self.parameter_count:,} parameters, more than the "
                f"{MAX_PARAMETERS:,} this package builds "
                f"(about {size} GB of float32); "
                "use smaller hidden widths"
            )

    @property
    def parameter_count(self) -> int:
        """How many numbers the model holds: a weight matrix and a bias per layer.

        >>> Architecture("mlp", inputs=3, hidden=(16,)).parameter_count  # 64 + 17
        81
        """
        return sum(math.prod(shape) for shape in self.parameter_shapes().values())

    def parameter_shapes(self) -> dict[str, tuple[int, ...]]:
        """The name and shape of each parameter `build_model` makes, without making it.

        >>> Architecture("mlp", inputs=3, hidden=(16,)).parameter_shapes()
        {'0.weight': (16, 3), '0.bias': (16,), '2.weight': (1, 16), '2.bias': (1,)}
        """
        widths = (self.inputs, *self.hidden, self.outputs)
        shapes: dict[str, tuple[int, ...]] = {}
        pairs = zip(widths[:-1], widths[1:], strict=True)
        for i, (fan_in, fan_out) in enumerate(pairs):
            layer = 2 * i  # a ReLU sits between two Linear layers (see build_model)
            shapes[f"{layer}.weight"] = (fan_out, fan_in)
            shapes[f"{layer}.bias"] = (fan_out,)
        return shapes

    def describe(self) -> str:
        widths = " → ".join(str(w) for w in (self.inputs, *self.hidden, self.outputs))
        return f"{self.kind} {widths}" + (" (ReLU)" if self.hidden else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "inputs": self.inputs,
            "hidden": list(self.hidden),
            "outputs": self.outputs,
        }

    @classmethod
    def from_dict(cls, state: Mapping[str, Any]) -> Architecture:
        try:
            hidden = tuple(int(w) for w in state["hidden"])
            return cls(
                state["kind"], int(state["inputs"]), hidden, int(state["outputs"])
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"not a saved architecture: {state!r} ({error})"
            ) from error


def build_model(
    arch: Architecture, seed: int | Sequence[int] = 0, dtype: Any = np.float32
) -> nn.Module:
    """A freshly initialised model for ``arch``; the same seed gives the same initial
    weights.

    >>> model = build_model(Architecture("linear", inputs=3), seed=0)
    >>> [(name, p.shape) for name, p in model.named_parameters()]
    [('0.weight', (1, 3)), ('0.bias', (1,))]
    """
    rng = np.random.default_rng(seed)
    widths = (arch.inputs, *arch.hidden, arch.outputs)
    layers: list[nn.Module] = []
    for i, (fan_in, fan_out) in enumerate(zip(widths[:-1], widths[1:], strict=True)):
        if i > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(fan_in, fan_out, dtype=dtype, rng=rng))
    return nn.Sequential(*layers)
