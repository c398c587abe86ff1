"""The scalar autograd engine: `Value`, its operations and reverse-mode `backward`.

Every operation does two things at once, side by side: it computes its result
(the forward pass) and records, for each input, the *local derivative* of the
result with respect to that input. `backward` then only has to apply the chain
rule, ``input.grad += local_grad * output.grad``, in reverse topological order.

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

import math
from numbers import Real

__all__ = ["Value", "topo_sort"]


def _to_float(data: object) -> float:
    """Return `data` as a float, or raise a TypeError naming it.

    `bool` is rejected on purpose: ``Value(x > 0)`` is far more often a bug
    than a wish to differentiate through 0 and 1.

    >>> _to_float(3)
    3.0
    >>> _to_float("3")
    Traceback (most recent call last):
    ...
    TypeError: Value expects a real number (int or float), got str '3'
    """
    if isinstance(data, Real) and not isinstance(data, bool):
        return float(data)
    raise TypeError(
        f"Value expects a real number (int or float), got {type(data).__name__} {data!r}"
    )


# --8<-- [start:lift]
def _lift(other: object) -> Value:
    """Wrap a plain number as a constant leaf; anything else is NotImplemented.

    Returning NotImplemented (instead of raising) lets Python try the other
    operand's method and then raise its usual ``unsupported operand`` error.
    """
    if isinstance(other, Real) and not isinstance(other, bool):
        return Value(float(other))
    return NotImplemented
# --8<-- [end:lift]


# --8<-- [start:value_init]
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
        self.data = data if type(data) is float else _to_float(data)
        self.grad = 0.0
        self.parents = parents
        self.local_grads = local_grads
        self.op = op

    def __repr__(self) -> str:
        op = f", op={self.op!r}" if self.op else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{op})"

    # --8<-- [end:value_init]

    # --8<-- [start:add]
    def __add__(self, other):
        """``a + b``; d/da = 1, d/db = 1.

        >>> (Value(2.0) + 3).data
        5.0
        """
        other = other if isinstance(other, Value) else _lift(other)
        if other is NotImplemented:
            return NotImplemented
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    __radd__ = __add__  # other + self: addition commutes
    # --8<-- [end:add]

    # --8<-- [start:sub]
    def __sub__(self, other):
        """``a - b``; d/da = 1, d/db = -1.

        >>> (Value(2.0) - 3).data, (1 - Value(2.0)).data
        (-1.0, -1.0)
        """
        other = other if isinstance(other, Value) else _lift(other)
        if other is NotImplemented:
            return NotImplemented
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __rsub__(self, other):
        other = _lift(other)
        if other is NotImplemented:
            return NotImplemented
        return other - self
    # --8<-- [end:sub]

    # --8<-- [start:neg]
    def __neg__(self):
        """``-a``; d/da = -1.

        >>> (-Value(2.0)).data
        -2.0
        """
        return Value(-self.data, (self,), (-1.0,), "neg")
    # --8<-- [end:neg]

    # --8<-- [start:mul]
    def __mul__(self, other):
        """``a * b``; d/da = b, d/db = a.

        >>> (Value(2.0) * 3).data, (3 * Value(2.0)).data
        (6.0, 6.0)
        """
        other = other if isinstance(other, Value) else _lift(other)
        if other is NotImplemented:
            return NotImplemented
        a, b = self.data, other.data
        return Value(a * b, (self, other), (b, a), "*")

    __rmul__ = __mul__  # other * self: multiplication commutes
    # --8<-- [end:mul]

    # --8<-- [start:div]
    def __truediv__(self, other):
        """``a / b``; d/da = 1/b, d/db = -a/b², computed as -(a/b)/b because b·b underflows
        to 0 for a tiny b (1e-200, say) that a/b still divides by.

        >>> (Value(1.0) / 4).data, (2 / Value(4.0)).data
        (0.25, 0.5)
        >>> Value(1.0) / 0
        Traceback (most recent call last):
        ...
        ZeroDivisionError: division by zero: Value(data=1.0, grad=0.0) / Value(data=0.0, grad=0.0)
        """
        other = other if isinstance(other, Value) else _lift(other)
        if other is NotImplemented:
            return NotImplemented
        a, b = self.data, other.data
        if b == 0.0:
            raise ZeroDivisionError(f"division by zero: {self!r} / {other!r}")
        q = a / b
        return Value(q, (self, other), (1.0 / b, -q / b), "/")

    def __rtruediv__(self, other):
        other = _lift(other)
        if other is NotImplemented:
            return NotImplemented
        return other / self
    # --8<-- [end:div]

    # --8<-- [start:pow]
    def __pow__(self, exponent):
        """``x ** n`` for a number n: d/dx = n·xⁿ⁻¹. ``x ** y`` for a Value y
        also has d/dy = xʸ·ln x, real only for x > 0.

        >>> (Value(3.0) ** 2).data, (Value(4.0) ** 0.5).data
        (9.0, 2.0)
        >>> Value(-8.0) ** (1 / 3)
        Traceback (most recent call last):
        ...
        ValueError: fractional power of a negative base: Value(data=-8.0, grad=0.0) ** 0.3333333333333333 (the result is not real)
        """
        if isinstance(exponent, Value):
            return self._pow_value(exponent)
        if isinstance(exponent, bool) or not isinstance(exponent, Real):
            return NotImplemented
        x, n = self.data, float(exponent)
        _check_power(self, exponent, x, n)
        return Value(_power(x, n), (self,), (_dpow_dx(x, n),), "**")

    def _pow_value(self, exponent):
        out, d_base, d_exponent = _power_and_partials(self, exponent, self.data, exponent.data)
        return Value(out, (self, exponent), (d_base, d_exponent), "**")

    def __rpow__(self, base):
        base = _lift(base)
        if base is NotImplemented:
            return NotImplemented
        return base ** self
    # --8<-- [end:pow]

    # --8<-- [start:exp]
    def exp(self):
        """eˣ; d/dx = eˣ (the result itself). Overflows to inf like a float product.

        >>> Value(0.0).exp().data
        1.0
        """
        try:
            e = math.exp(self.data)
        except OverflowError:
            e = math.inf
        return Value(e, (self,), (e,), "exp")
    # --8<-- [end:exp]

    # --8<-- [start:log]
    def log(self):
        """ln x for x > 0; d/dx = 1/x.

        >>> Value(1.0).log().data
        0.0
        >>> Value(0.0).log()
        Traceback (most recent call last):
        ...
        ValueError: log of a non-positive value: Value(data=0.0, grad=0.0) (log needs x > 0)
        """
        x = self.data
        if not x > 0.0:
            raise ValueError(f"log of a non-positive value: {self!r} (log needs x > 0)")
        return Value(math.log(x), (self,), (1.0 / x,), "log")
    # --8<-- [end:log]

    # --8<-- [start:tanh]
    def tanh(self):
        """tanh x; d/dx = 1 - tanh²x.

        >>> Value(0.0).tanh().data
        0.0
        """
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,), "tanh")
    # --8<-- [end:tanh]

    # --8<-- [start:relu]
    def relu(self):
        """max(0, x); d/dx = 1 for x > 0, else 0 (0 at the kink, like PyTorch).
        NaN stays NaN, as in PyTorch (its derivative is 0 there, as PyTorch's is).

        >>> Value(-2.0).relu().data, Value(3.0).relu().data, Value(math.nan).relu().data
        (0.0, 3.0, nan)
        """
        x = self.data
        if x > 0.0:
            return Value(x, (self,), (1.0,), "relu")
        return Value(x if x != x else 0.0, (self,), (0.0,), "relu")  # x != x: x is NaN
    # --8<-- [end:relu]

    # --8<-- [start:sigmoid]
    def sigmoid(self):
        """σ(x) = 1 / (1 + e⁻ˣ); d/dx = σ(x)·(1 - σ(x)).

        >>> Value(0.0).sigmoid().data
        0.5
        """
        x = self.data
        if x >= 0.0:
            s = 1.0 / (1.0 + math.exp(-x))
        else:  # the same formula rearranged, so exp never overflows
            e = math.exp(x)
            s = e / (1.0 + e)
        return Value(s, (self,), (s * (1.0 - s),), "sigmoid")
    # --8<-- [end:sigmoid]

    # --8<-- [start:backward]
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
        order = topo_sort(self)
        for node in order:
            if node.parents:  # start intermediate nodes afresh; leaves accumulate
                node.grad = 0.0
        self.grad += 1.0  # d(self)/d(self)
        for node in reversed(order):  # every consumer of a node comes before it
            grad = node.grad
            for parent, local_grad in zip(node.parents, node.local_grads):
                parent.grad += local_grad * grad  # the chain rule
    # --8<-- [end:backward]

    def to_mermaid(self, names=None) -> str:
        """This Value's graph as Mermaid flowchart text; see `scalar_autograd.graph.to_mermaid`."""
        from .graph import to_mermaid  # graph.py imports this module

        return to_mermaid(self, names)

    def to_dot(self, names=None) -> str:
        """This Value's graph as Graphviz dot text; see `scalar_autograd.graph.to_dot`."""
        from .graph import to_dot

        return to_dot(self, names)


# --8<-- [start:topo_sort]
def topo_sort(root: Value) -> list[Value]:
    """All Values that `root` depends on, each listed after all of its parents.

    A depth-first search with an explicit stack instead of recursion, so a
    graph a million nodes deep does not hit Python's recursion limit. Each
    node is popped twice: the first time it goes back on the stack beneath
    its parents; the second time its parents are all listed, so it is
    listed too (post-order). A node reused many times is listed once.

    >>> a = Value(1.0)
    >>> b = a * 2
    >>> c = b + a
    >>> [v.data for v in topo_sort(c)]
    [1.0, 2.0, 2.0, 3.0]
    """
    order: list[Value] = []
    expanded: set[Value] = set()
    listed: set[Value] = set()
    stack = [root]
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
# --8<-- [end:topo_sort]


def _check_power(base: Value, exponent: object, x: float, n: float) -> None:
    """Raise a clear error where the real power ``x ** n`` does not exist."""
    if x < 0.0 and not n.is_integer():
        raise ValueError(
            f"fractional power of a negative base: {base!r} ** {exponent!r} "
            "(the result is not real)"
        )
    if x == 0.0 and n < 0.0:
        raise ZeroDivisionError(f"zero to a negative power: {base!r} ** {exponent!r}")


def _power(x: float, n: float) -> float:
    """``x ** n``, where an overflow becomes ±inf as it does for a float product."""
    try:
        return x**n
    except OverflowError:
        odd = n.is_integer() and n % 2.0 == 1.0
        return -math.inf if x < 0.0 and odd else math.inf


# --8<-- [start:dpow_dx]
def _dpow_dx(x: float, n: float) -> float:
    """d/dx xⁿ = n·xⁿ⁻¹, including x = 0 where xⁿ⁻¹ alone would divide by zero."""
    if x == 0.0 and n < 1.0:
        return 0.0 if n == 0.0 else math.inf  # e.g. √x has a vertical tangent at 0
    return n * _power(x, n - 1.0)
# --8<-- [end:dpow_dx]


# --8<-- [start:power_and_partials]
def _power_and_partials(base, exponent, x: float, y: float) -> tuple[float, float, float]:
    """``x ** y`` and its derivatives in x and in y, for an exponent that is a variable too.

    `base` and `exponent` (Values, or `Dual`s in forward mode) only name the operands in errors.

    >>> _power_and_partials("x", "y", 2.0, 3.0)  # 2³, 3·2², 2³·ln 2
    (8.0, 12.0, 5.545177444479562)
    """
    _check_power(base, exponent, x, y)
    if x > 0.0:
        out = _power(x, y)
        d_exponent = out * math.log(x)
    elif x == 0.0 and y > 0.0:
        out, d_exponent = 0.0, 0.0  # 0**y is 0 for every y > 0: flat in y
    else:
        raise ValueError(
            f"{base!r} ** {exponent!r}: a {type(exponent).__name__} exponent needs a base > 0, "
            "because d/dy x**y = x**y * ln(x) is real only for x > 0"
        )
    return out, _dpow_dx(x, y), d_exponent
# --8<-- [end:power_and_partials]
