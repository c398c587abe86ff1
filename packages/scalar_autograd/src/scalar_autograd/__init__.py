"""Part I: reverse-mode automatic differentiation on Python floats.

>>> from scalar_autograd import Value
>>> x = Value(3.0)
>>> y = x ** 2 + 2 * x
>>> y.backward()
>>> x.grad  # dy/dx = 2x + 2
8.0

The engine — `engine`, `local_derivatives`, `checks`, `forward`, `nn`, `optim`,
`gradcheck`, `graph` — imports the standard library only. The applications sit apart:
`cli` (the `train` and `create_data` programs, the data file, the loss plot; run as
`python -m scalar_autograd.train` and `python -m scalar_autograd.create_data` through
two tiny entry modules), `bench` (`python -m scalar_autograd.bench`) and `plumbing`
(file, argument and plot helpers shared by both parts' programs).
"""

from .engine import Value, topological_sort
from .forward import Dual, derivative
from .gradcheck import GradientCheckError, check_grads, numerical_grad
from .graph import to_dot, to_mermaid
from .nn import MLP, Layer, Module, Neuron
from .optim import SGD

__version__ = "0.1.0"

__all__ = [
    "Value",
    "topological_sort",
    "Module",
    "Neuron",
    "Layer",
    "MLP",
    "SGD",
    "check_grads",
    "numerical_grad",
    "GradientCheckError",
    "to_mermaid",
    "to_dot",
    "Dual",
    "derivative",
]
