"""Part I: reverse-mode automatic differentiation on Python floats.

>>> from scalar_autograd import Value
>>> x = Value(3.0)
>>> y = x ** 2 + 2 * x
>>> y.backward()
>>> x.grad  # dy/dx = 2x + 2
8.0
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
