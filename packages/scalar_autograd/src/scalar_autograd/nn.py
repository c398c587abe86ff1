"""Neural-network building blocks made of `Value`s: `Neuron`, `Layer`, `MLP`.

>>> model = MLP(2, [4, 1], seed=0)
>>> out = model([1.0, -2.0])
>>> out.backward()
>>> len(model.parameters())
17
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from .checks import positive_int
from .engine import Value

__all__ = ["Module", "Neuron", "Layer", "MLP"]


class Module:
    """Anything with parameters: `parameters()` lists them, `zero_grad()` resets their
    grads."""

    def parameters(self) -> list[Value]:
        return []

    def zero_grad(self) -> None:
        """Set every parameter's grad to 0.0, since backward accumulates into it."""
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """``act(w · x + b)`` with weights drawn uniformly from [-1, 1] and b = 0.

    `nonlin` picks ReLU (True) or the identity (False, for an output layer).

    >>> n = Neuron(2, nonlin=False, rng=random.Random(0))
    >>> y = n([1.0, 1.0])
    >>> y.data == n.w[0].data + n.w[1].data + n.b.data
    True
    """

    def __init__(self, nin: int, nonlin: bool = True, rng: random.Random | None = None):
        uniform = (rng or random).uniform
        self.w = [Value(uniform(-1.0, 1.0)) for _ in range(nin)]
        self.b = Value(0.0)
        self.nonlin = nonlin

    def __call__(self, x: Sequence[Value | float]) -> Value:
        if len(x) != len(self.w):
            raise ValueError(
                f"{self!r} expects {len(self.w)} inputs, got {len(x)}: {x!r}"
            )
        act = self.b
        for wi, xi in zip(self.w, x):
            act = act + wi * xi
        return act.relu() if self.nonlin else act

    def parameters(self) -> list[Value]:
        return self.w + [self.b]

    def __repr__(self) -> str:
        return f"{'ReLU' if self.nonlin else 'Linear'}Neuron({len(self.w)})"


class Layer(Module):
    """`nout` neurons that all read the same `nin` inputs.

    >>> Layer(3, 2, rng=random.Random(0))([1.0, 2.0, 3.0])[1].op
    'relu'
    """

    def __init__(
        self, nin: int, nout: int, nonlin: bool = True, rng: random.Random | None = None
    ):
        self.neurons = [Neuron(nin, nonlin, rng) for _ in range(nout)]

    def __call__(self, x: Sequence[Value | float]) -> list[Value]:
        return [n(x) for n in self.neurons]

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(map(repr, self.neurons))}]"


class MLP(Module):
    """A multi-layer perceptron: ReLU layers, then a linear output layer.

    ``MLP(2, [16, 16, 1])`` maps 2 inputs through two hidden layers of 16 to
    one output; a single output is returned as a Value, several as a list.
    `seed` makes the initial weights reproducible.

    >>> MLP(2, [3, 1], seed=0)  # doctest: +NORMALIZE_WHITESPACE
    MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)],
            Layer of [LinearNeuron(3)]]
    """

    def __init__(self, nin: int, nouts: Sequence[int], seed: int | None = None):
        rng = random.Random(seed)
        sizes = [
            positive_int(n, "MLP layer size") for n in (nin, *nouts)
        ]  # np.int64 too
        last = len(nouts) - 1
        self.layers = [
            Layer(sizes[i], sizes[i + 1], nonlin=i != last, rng=rng)
            for i in range(len(nouts))
        ]

    def __call__(self, x: Sequence[Value | float]) -> Value | list[Value]:
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(map(repr, self.layers))}]"
