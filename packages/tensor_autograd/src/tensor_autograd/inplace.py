"""In-place ops (`add_`, `mul_`, `x[i] = v`, …) and the version counter that keeps
them honest.

An in-place op changes an array a backward rule may still need. PyTorch's answer, and
this one: every array has a *version*, bumped by each in-place op; the engine knows when
each node was made, and before it runs a rule it checks that nothing the rule reads was
modified since (`check_saved`). If something was, backward stops with PyTorch's error
instead of computing a silently wrong gradient.

To stay free when no in-place op is used, the bookkeeping is a clock, not a list of
versions per node: the clock ticks at every in-place op, each node records the tick it
was made at (`Tensor._born`), and each modified array keeps the ticks at which it was
modified. A node born at the current tick cannot have seen a modification: the engine
skips the check with one comparison.

An in-place op on a tensor in the graph records itself like any op: the tensor object
takes the new node's place (`x` now means the modified value), and a copy of its former
node (`previous`) keeps the old value's place for the ops that used it before.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right

import numpy as np

from . import tensor as _tensor
from .tensor import Tensor, is_grad_enabled, make_node, no_grad


class VersionCounter:
    """The ticks at which an array was modified in place; its version is their number.

    Kept per NumPy array, so a tensor and its `detach()` (the same array) share it, as
    PyTorch's share their storage's counter.
    """

    __slots__ = ("ticks", "dropped")
    KEEP = 1024  # the latest ticks kept: a parameter updated in place for a million
    # steps must not hold a million of them; older nodes than these are long freed

    def __init__(self):
        self.ticks = []
        self.dropped = 0  # the oldest ticks, forgotten (still counted in the version)

    @property
    def version(self) -> int:
        return self.dropped + len(self.ticks)

    def version_at(self, tick: int) -> int:
        """The version the array had at `tick` (at least that far back)."""
        return self.dropped + bisect_right(self.ticks, tick)

    def bump(self, tick: int) -> None:
        self.ticks.append(tick)
        if len(self.ticks) > 2 * self.KEEP:
            del self.ticks[: self.KEEP]
            self.dropped += self.KEEP


_counters: dict[int, VersionCounter] = {}  # id(array) -> its counter, while it lives


def counter_of(array: np.ndarray, create: bool = False) -> VersionCounter | None:
    """The array's counter (None if never modified in place, unless `create`)."""
    counter = _counters.get(id(array))
    if counter is None and create:
        counter = _counters[id(array)] = VersionCounter()
        weakref.finalize(array, _counters.pop, id(array), None)  # ids are reused
    return counter


def version(x: Tensor) -> int:
    """How many in-place ops changed `x`'s array: PyTorch's `x._version`."""
    counter = _counters.get(id(x.data))
    return 0 if counter is None else counter.version


def bump(x: Tensor) -> int:
    """Record an in-place change of `x`'s array: the clock ticks; returns the tick."""
    _tensor._version_clock += 1
    counter_of(x.data, create=True).bump(_tensor._version_clock)
    return _tensor._version_clock


def check_saved(node: Tensor, rule) -> tuple:
    """Raise if a value `node`'s rule reads was modified in place after `node` was made.

    Called by the engine only for a node made before the latest in-place op. A rule
    says what it reads in its `reads` attribute (input positions, and "out" for the
    output), or, as a dict, what it reads for the gradient of which inputs (`mul` reads
    `b` only for `a`'s gradient); a rule without one is assumed to read everything.
    Returns where each
    parent's gradient goes: a parent modified in place since is now a later node, and
    the gradient belongs to the value `node` used (`previous`).
    """
    if rule is inplace_backward:
        rule = node._ctx["rule"]
    reads = getattr(rule, "reads", None)
    parents = node._parents
    if isinstance(reads, dict):  # read only for the gradients of inputs that need one
        reads = [
            what
            for what, needed_for in reads.items()
            if any(parents[i].requires_grad for i in needed_for)
        ]
    for i, x in enumerate(parents):
        if reads is None or i in reads:
            _check(x, node, rule, f"input {i}")
    if reads is None or "out" in reads:
        _check(node, node, rule, "output 0")
    return tuple(_as_used_by(node, p) for p in parents)


def _check(x: Tensor, node: Tensor, rule, which: str) -> None:
    counter = _counters.get(id(x.data))
    if counter is None:
        return
    expected = counter.version_at(node._born)
    if counter.version != expected:
        dtype, shape = x.data.dtype, list(x.data.shape)
        raise RuntimeError(
            "one of the variables needed for gradient computation has been modified by "
            f"an inplace operation: [tensor_autograd.Tensor {dtype} {shape}], which is "
            f"{which} of {_rule_name(rule)}, is at version {counter.version}; expected "
            f"version {expected} instead. Hint: the in-place op came after this op "
            "saved the value; use the out-of-place op (x = x + 1, not x.add_(1)) or "
            "clone() the value first."
        )


def _rule_name(rule) -> str:
    return getattr(rule, "__qualname__", type(rule).__name__)


def _as_used_by(node: Tensor, x: Tensor) -> Tensor:
    """The node that held `x`'s value when `node` was made (x itself, unless an
    in-place op has changed x since)."""
    while x._backward is inplace_backward and x._born > node._born:
        x = x._ctx["previous"]
    return x


def apply_inplace(x: Tensor, op, *operands, clone_self: bool = False) -> Tensor:
    """Make `x` hold `op(x, *operands)`, in its own array: the in-place form of `op`.

    Recorded like any op when a gradient can flow: `x` becomes the node of `op`, and a
    copy of its former node (`previous`) stays behind for the ops that used the old
    value. `clone_self` is for ops whose rule reads their first input (`mul_`,
    `clamp_`): it gets a copy of the old value, which the op is about to overwrite.
    """
    recording = is_grad_enabled() and (
        x.requires_grad
        or any(isinstance(o, Tensor) and o.requires_grad for o in operands)
    )
    if recording and x.requires_grad and x._backward is None:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
    if not recording:
        with no_grad():
            result = op(x, *operands)
        _write(x, result)
        bump(x)
        return x
    previous = _node_copy(x)
    source = previous.clone() if clone_self else previous
    result = op(source, *operands)
    _write(x, result)
    tick = bump(x)
    x._parents = result._parents
    x._backward = inplace_backward
    x._ctx = {"rule": result._backward, "ctx": result._ctx or {}, "previous": previous}
    x.requires_grad = True
    x._born = tick
    return x


def inplace_backward(g, out, *inputs, rule, ctx, previous):
    """The rule of an in-place op: the out-of-place op's rule, on the same inputs."""
    return rule(g, out, *inputs, **ctx)


def _node_copy(x: Tensor) -> Tensor:
    """A new tensor object holding `x`'s place in the graph (same array, same node)."""
    copy = object.__new__(Tensor)
    copy.data, copy._grad, copy.requires_grad = x.data, None, x.requires_grad
    copy._parents, copy._backward, copy._ctx = x._parents, x._backward, x._ctx
    copy._born = getattr(x, "_born", 0)
    return copy


def _write(x: Tensor, result: Tensor) -> None:
    """Copy `result` into `x`'s own array, which must already have its shape."""
    if result.shape != x.shape:
        raise RuntimeError(
            f"output with shape {list(x.shape)} doesn't match the broadcast shape "
            f"{list(result.shape)}"
        )
    np.copyto(x.data, result.data, casting="same_kind")


def filled(x: Tensor, value) -> Tensor:
    """A tensor like `x`, every element `value`: the out-of-place `fill_`.

    The gradient of `x` is 0 (its values are gone); a `value` that is a Tensor gets the
    sum of the gradient.
    """
    value = value if isinstance(value, Tensor) else _tensor.lift(value, x)
    data = np.full(x.shape, value.data, dtype=x.dtype)
    return make_node(data, (x, value), fill_backward)


def fill_backward(g, out, x, value):
    return g * 0, g  # the engine sums g down to value's shape


fill_backward.reads = ()


def setitem(x: Tensor, index, value) -> Tensor:
    """A copy of `x` with `x[index] = value`: the out-of-place `__setitem__`.

    The gradient of `x` is `g` with the overwritten places zeroed; `value` gets
    `g[index]` (summed down to its shape if it was broadcast).
    """
    value = value if isinstance(value, Tensor) else _tensor.lift(value, x)
    data = x.data.copy()
    data[index] = value.data
    return make_node(data, (x, value), setitem_backward, {"index": index})


def setitem_backward(g, out, x, value, *, index):
    kept = np.ones(out.shape, dtype=bool)
    kept[index] = False
    return g * kept, g[index]


setitem_backward.reads = ()
