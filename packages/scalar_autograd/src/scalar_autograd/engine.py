"""The scalar autograd engine: `Value`, its operations and reverse-mode `backward`.

Every operation does two things at once, side by side: it computes its result
(the forward pass) and records, for each input, the *local derivative* of the
result with respect to that input. `backward` then only has to apply the chain
rule, ``input.grad += local_grad * output.grad``, in reverse topological order.
Rules that take more than a line (division, powers, exp, log, the activations)
come from `scalar_autograd.local_derivatives`, which forward mode shares.

Storing numbers instead of a closure per node is a deliberate design choice:
a closure that refers to its own output node creates a reference cycle, and
reference cycles are freed only by Python's cyclic garbage collector, which
then becomes the largest cost of a training loop. A `Value` graph has no
cycles, so it is freed by reference counting the moment it is unused.

>>> x = Value(2.0)
>>> y = x * x + 3 * x
>>> y.backward()
>>> y.data, x.grad
(10.0, 7.0)
"""

from __future__ import annotations

from collections.abc import Iterable

from . import local_derivatives as local
from .checks import is_real, lift, to_real

__all__ = ["Value", "topological_sort"]


class Value:
    """A scalar that remembers how it was computed, so it can be differentiated.

    `data` is the number; `grad` is d(output)/d(self) after ``output.backward()``
    (0.0 before). `parents` are the Values this one was computed from and
    `local_grads` the derivative of this Value with respect to each of them,
    in the same order; `op` names the operation ("" for a leaf).

    >>> a = Value(3)
    >>> a
    Value(data=3.0, grad=0.0)
    >>> b = a * 2
    >>> b.parents[0] is a, b.local_grads, b.op
    (True, (2.0, 3.0), '*')
    """

    __slots__ = ("data", "grad", "parents", "local_grads", "op")

    def __init__(self, data, parents=(), local_grads=(), op=""):
        # Operations always pass floats; only user input pays for the check.
        self.data = data if type(data) is float else to_real(data, "Value")
        self.grad = 0.0
        self.parents = parents
        self.local_grads = local_grads
        self.op = op

    def __repr__(self) -> str:
        op = f", op={self.op!r}" if self.op else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{op})"

    def __add__(self, other):
        """``a + b``; d/da = 1, d/db = 1.

        >>> (Value(2.0) + 3).data
        5.0
        """
        other = other if isinstance(other, Value) else lift(other, Value)
        if other is NotImplemented:
            return NotImplemented
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    __radd__ = __add__  # other + self: addition commutes

    def __sub__(self, other):
        """``a - b``; d/da = 1, d/db = -1.

        >>> (Value(2.0) - 3).data, (1 - Value(2.0)).data
        (-1.0, -1.0)
        """
        other = other if isinstance(other, Value) else lift(other, Value)
        if other is NotImplemented:
            return NotImplemented
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __rsub__(self, other):
        other = lift(other, Value)
        if other is NotImplemented:
            return NotImplemented
        return other - self

    def __neg__(self):
        """``-a``; d/da = -1.

        >>> (-Value(2.0)).data
        -2.0
        """
        return Value(-self.data, (self,), (-1.0,), "neg")

    def __mul__(self, other):
        """``a * b``; d/da = b, d/db = a.

        >>> (Value(2.0) * 3).data, (3 * Value(2.0)).data
        (6.0, 6.0)
        """
        other = other if isinstance(other, Value) else lift(other, Value)
        if other is NotImplemented:
            return NotImplemented
        a, b = self.data, other.data
        return Value(a * b, (self, other), (b, a), "*")

    __rmul__ = __mul__  # other * self: multiplication commutes

    def __truediv__(self, other):
        """``a / b``; d/da = 1/b, d/db = -a/b² (see `local_derivatives.div`).

        >>> (Value(1.0) / 4).data, (2 / Value(4.0)).data
        (0.25, 0.5)
        >>> Value(1.0) / 0
        Traceback (most recent call last):
        ...
        ZeroDivisionError: division by zero: 1.0 / 0.0
        """
        other = other if isinstance(other, Value) else lift(other, Value)
        if other is NotImplemented:
            return NotImplemented
        q, d_a, d_b = local.div(self.data, other.data)
        return Value(q, (self, other), (d_a, d_b), "/")

    def __rtruediv__(self, other):
        other = lift(other, Value)
        if other is NotImplemented:
            return NotImplemented
        return other / self

    def __pow__(self, n):
        """``x ** n`` for a number n; d/dx = n·xⁿ⁻¹ (see `local_derivatives.power`).

        >>> (Value(3.0) ** 2).data, (Value(4.0) ** 0.5).data
        (9.0, 2.0)
        """
        if isinstance(n, Value):  # a variable exponent: see _pow_variable below
            return self._pow_variable(n)
        if not is_real(n):
            return NotImplemented
        out, d_x = local.power(self.data, float(n))
        return Value(out, (self,), (d_x,), "**")

    def exp(self):
        """eˣ; d/dx = eˣ, the result itself (see `local_derivatives.exp`).

        >>> Value(0.0).exp().data
        1.0
        """
        e, d_x = local.exp(self.data)
        return Value(e, (self,), (d_x,), "exp")

    def log(self):
        """ln x for x > 0; d/dx = 1/x (see `local_derivatives.log`).

        >>> Value(1.0).log().data
        0.0
        """
        out, d_x = local.log(self.data)
        return Value(out, (self,), (d_x,), "log")

    def tanh(self):
        """tanh x; d/dx = 1 - tanh²x (see `local_derivatives.tanh`).

        >>> Value(0.0).tanh().data
        0.0
        """
        t, d_x = local.tanh(self.data)
        return Value(t, (self,), (d_x,), "tanh")

    def relu(self):
        """max(0, x); d/dx = 1 for x > 0, else 0 (see `local_derivatives.relu`).

        >>> Value(-2.0).relu().data, Value(3.0).relu().data
        (0.0, 3.0)
        """
        out, d_x = local.relu(self.data)
        return Value(out, (self,), (d_x,), "relu")

    def sigmoid(self):
        """σ(x) = 1 / (1 + e⁻ˣ); d/dx = σ(x)·(1 - σ(x)) (`local_derivatives.sigmoid`).

        >>> Value(0.0).sigmoid().data
        0.5
        """
        s, d_x = local.sigmoid(self.data)
        return Value(s, (self,), (d_x,), "sigmoid")

    def softplus(self):
        """ln(1 + eˣ); d/dx = σ(x) (see `local_derivatives.softplus`). Never overflows.

        >>> Value(1000.0).softplus().data
        1000.0
        """
        out, d_x = local.softplus(self.data)
        return Value(out, (self,), (d_x,), "softplus")

    def _pow_variable(self, y: Value) -> Value:
        """``x ** y`` for a Value y: d/dx = y·xʸ⁻¹ and d/dy = xʸ·ln x, for x > 0.

        >>> x, y = Value(2.0), Value(3.0)
        >>> (x ** y).local_grads  # 3·2², 2³·ln 2
        (12.0, 5.545177444479562)
        """
        out, d_x, d_y = local.power_variable(self.data, y.data)
        return Value(out, (self, y), (d_x, d_y), "**")

    def __rpow__(self, base):
        """``2 ** x``: a number base, a Value exponent."""
        base = lift(base, Value)
        if base is NotImplemented:
            return NotImplemented
        return base._pow_variable(self)

    def backward(self) -> None:
        """Fill in ``grad`` of every Value this one depends on: d(self)/d(node).

        Leaves (Values you created) *accumulate*: a second backward adds to
        their grad, as in PyTorch, so zero them between steps. Intermediate
        nodes hold the gradient of the latest backward only.

        >>> a = Value(2.0)
        >>> b = a + a
        >>> c = b + b
        >>> c.backward()
        >>> a.grad
        4.0
        >>> c.backward()  # accumulates
        >>> a.grad
        8.0
        """
        order = topological_sort([self])
        for node in order:
            if node.parents:  # start intermediate nodes afresh; leaves accumulate
                node.grad = 0.0
        self.grad += 1.0  # d(self)/d(self)
        for node in reversed(order):  # every consumer of a node comes before it
            grad = node.grad
            for parent, local_grad in zip(node.parents, node.local_grads):
                parent.grad += local_grad * grad  # the chain rule

    def to_mermaid(self, names=None) -> str:
        """This Value's graph as Mermaid flowchart text; see `graph.to_mermaid`."""
        from .graph import to_mermaid  # graph.py imports this module

        return to_mermaid(self, names)

    def to_dot(self, names=None) -> str:
        """This Value's graph as Graphviz dot text; see `graph.to_dot`."""
        from .graph import to_dot

        return to_dot(self, names)


def topological_sort(roots: Iterable[Value]) -> list[Value]:
    """All Values that `roots` depend on, each listed after all of its parents.

    A depth-first search with an explicit stack instead of recursion, so a
    graph a million nodes deep does not hit Python's recursion limit. Each
    node is popped twice: the first time it goes back on the stack beneath
    its parents; the second time its parents are all listed, so it is
    listed too (post-order). A node reused many times is listed once.

    >>> a = Value(1.0)
    >>> b = a * 2
    >>> c = b + a
    >>> [v.data for v in topological_sort([c])]
    [1.0, 2.0, 2.0, 3.0]
    """
    order: list[Value] = []
    expanded: set[Value] = set()
    listed: set[Value] = set()
    stack = list(roots)[::-1]  # so the first root is sorted first
    while stack:
        node = stack.pop()
        if node not in expanded:  # first visit: come back after the parents
            expanded.add(node)
            stack.append(node)
            for parent in reversed(node.parents):  # so the first parent pops first
                if parent not in expanded:
                    stack.append(parent)
        elif node not in listed:  # second visit: every parent is listed by now
            listed.add(node)
            order.append(node)
    return order
