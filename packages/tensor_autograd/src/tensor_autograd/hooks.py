"""Hooks: functions PyTorch calls for you in the middle of backward (or of a forward).

A tensor hook (`x.register_hook(fn)`) sees `x`'s gradient once it is complete, as a
Tensor, and may return a replacement; `retain_grad()` is the hook that keeps a
non-leaf's gradient in `.grad`. Module hooks are in `nn.Module`.

The hooks live in a table outside the tensors, keyed by the tensor's id, so a tensor
without hooks pays nothing: the engine tests the table once per node, and only when it
is not empty.
"""

from __future__ import annotations

import itertools
import weakref

import numpy as np

from .tensor import Tensor, constant


class RemovableHandle:
    """What `register_hook` and `register_forward_hook` return: `remove()` undoes it.

    >>> x = Tensor([1.0], requires_grad=True)
    >>> handle = x.register_hook(lambda g: g * 2)
    >>> handle.remove()
    >>> (x * 3).sum().backward(); x.grad
    array([3.])
    """

    _ids = itertools.count()

    def __init__(self, hooks: dict):
        self.hooks = hooks  # the dict the hook is in, under `self.id`
        self.id = next(RemovableHandle._ids)

    def remove(self) -> None:
        self.hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.remove()


class _TensorHooks:
    """A tensor's hooks, in the order they were registered, and its retain flag."""

    __slots__ = ("fns", "retain")

    def __init__(self):
        self.fns = {}  # handle id -> hook
        self.retain = False


tensor_hooks: dict[int, _TensorHooks] = {}  # id(tensor) -> its hooks, while it lives


def _hooks_of(x: Tensor) -> _TensorHooks:
    if not x.requires_grad:
        raise RuntimeError(
            "cannot register a hook on a tensor that doesn't require gradient"
        )
    entry = tensor_hooks.get(id(x))
    if entry is None:
        entry = tensor_hooks[id(x)] = _TensorHooks()
        weakref.finalize(x, tensor_hooks.pop, id(x), None)  # ids are reused
    return entry


def register_tensor_hook(x: Tensor, hook) -> RemovableHandle:
    """`x.register_hook(hook)`: `hook(grad)` runs when x's gradient is complete."""
    entry = _hooks_of(x)
    handle = RemovableHandle(entry.fns)
    entry.fns[handle.id] = hook
    return handle


def retain_grad(x: Tensor) -> None:
    """`x.retain_grad()`: a leaf keeps its gradient anyway; a non-leaf now does too."""
    if x._backward is not None:
        _hooks_of(x).retain = True
    elif not x.requires_grad:
        raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")


def retains_grad(x: Tensor) -> bool:
    entry = tensor_hooks.get(id(x))
    return entry is not None and entry.retain


def run_hooks(node: Tensor, g, create_graph: bool, accumulate: bool):
    """Called by the engine with `node`'s complete gradient `g`; returns the gradient
    to go on with.

    Each hook gets the gradient as a Tensor (an array in a plain backward is wrapped,
    without a copy) and may return a replacement. Then, after every hook, as in
    PyTorch, a non-leaf that retains its gradient adds it into `.grad` (in `backward()`
    only, not in `grad()`).
    """
    entry = tensor_hooks[id(node)]
    for hook in list(entry.fns.values()):
        new = hook(g if isinstance(g, Tensor) else constant(g))
        if new is not None:
            if not create_graph:
                new = new.data if isinstance(new, Tensor) else np.asarray(new)
            elif not isinstance(new, Tensor):
                new = constant(np.asarray(new))
            if new.shape != node.shape:
                raise RuntimeError(
                    f"hook {getattr(hook, '__name__', hook)!r} returned a gradient of "
                    f"shape {new.shape} for a tensor of shape {node.shape}"
                )
            g = new
    if entry.retain and accumulate:
        value = np.array(g.data if isinstance(g, Tensor) else g)
        node._grad = value if node._grad is None else node._grad + value
    return g
