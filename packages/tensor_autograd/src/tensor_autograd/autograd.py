"""The backward pass: walk the graph from the output back to the leaves, applying the chain rule.

`backward()` accumulates into the leaves' `.grad`, like PyTorch's `loss.backward()`; `grad()` returns
gradients instead, and with `create_graph=True` records the backward pass itself as a graph, so the
gradients can be differentiated again.
"""

from __future__ import annotations

import numpy as np

from .tensor import Tensor, constant, set_grad_enabled


# --8<-- [start:topological_sort]
def topological_sort(roots) -> list[Tensor]:
    """Every tensor that needs a gradient on the way to `roots`, each one after all its inputs.

    A depth-first search with an explicit stack instead of recursion, so a chain of 50,000 ops does
    not hit Python's recursion limit. A node is pushed twice: once to visit its parents, and once
    more (`parents_done`) to be appended after them.

    >>> x = Tensor(2.0, requires_grad=True)
    >>> y = x * 3
    >>> z = y + x
    >>> [t is x for t in topological_sort([z])], topological_sort([z])[-1] is z
    ([True, False, False], True)
    """
    order = []
    visited = set()
    stack = [(root, False) for root in roots]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in visited:
            visited.add(id(node))
            stack.append((node, True))
            for parent in node._parents:
                if parent.requires_grad and id(parent) not in visited:
                    stack.append((parent, False))
    return order


# --8<-- [end:topological_sort]


def _graph_freed_backward(out, g):
    raise RuntimeError(
        "backward through a graph a second time: its intermediate values were freed by the first "
        "backward. Pass retain_graph=True to the first backward() (or grad()) if you need to "
        "go through the graph twice."
    )


def _seed(output: Tensor, grad, create_graph: bool) -> Tensor:
    """The gradient flowing into `output`: 1 for a one-element output, else `grad` (checked)."""
    if grad is None:
        if output.data.size != 1:
            raise RuntimeError(
                f"backward() on a tensor of shape {output.shape} needs a `grad` of the same shape "
                "(the gradient flowing into it); only a one-element output, like a loss, can "
                "leave it out. Did you forget a .sum() or .mean()?"
            )
        return constant(np.ones_like(output.data))
    if isinstance(grad, Tensor):
        seed = grad if create_graph else constant(grad.data)
    else:
        seed = constant(np.array(grad, dtype=output.dtype))  # a copy: the caller keeps their array
    if seed.shape != output.shape:
        raise ValueError(f"the grad given has shape {seed.shape} but the output has shape {output.shape}")
    return seed


# --8<-- [start:backpropagate]
def backpropagate(roots, seeds, *, retain_graph: bool, create_graph: bool, inputs=None) -> dict:
    """Push gradients from `roots` (seeded with `seeds`) back through the graph.

    With `inputs=None`, gradients accumulate into the `.grad` of each leaf that requires grad.
    Otherwise the gradients reaching `inputs` are returned, keyed by `id`, and `.grad` is untouched.
    """
    order = topological_sort(roots)
    grads = {}  # id(node) -> the gradient accumulated so far for that node
    for root, seed in zip(roots, seeds):
        _add_grad(grads, root, seed)
    # Arrays a leaf may not keep as its `.grad` without a copy: the caller's seeds, and (added as
    # we go) every array already handed to a leaf, since `a + b` passes the same g to both.
    handed_out = {id(_memory_owner(seed.data)) for seed in seeds}
    wanted = None if inputs is None else {id(t) for t in inputs}
    found = {}
    # Backward functions are written with Tensor ops: recording them is what create_graph means.
    with set_grad_enabled(create_graph):
        for node in reversed(order):  # outputs first, so a node's gradient is complete when used
            g = grads.pop(id(node), None)
            if g is None:
                continue
            if wanted is not None and id(node) in wanted:
                found[id(node)] = g
            if node._backward is None:  # a leaf
                if wanted is None:
                    _accumulate_leaf(node, g, handed_out)
                continue
            parent_grads = node._backward(node, g)
            for parent, parent_grad in zip(node._parents, parent_grads):
                if parent_grad is not None and parent.requires_grad:
                    _add_grad(grads, parent, parent_grad, node)
            if not retain_graph:  # drop what only backward needed: the graph is freed as we go
                node._parents = ()
                node._ctx = None
                node._backward = _graph_freed_backward
    return found


def _add_grad(grads: dict, node: Tensor, g: Tensor, op: Tensor | None = None) -> None:
    """Add `g` to the gradient of `node` (a node used twice gets the sum of both gradients)."""
    if g.data.shape != node.data.shape:
        by = f"{op._backward.__name__} returned" if op is not None else "got"
        raise RuntimeError(f"{by} a gradient of shape {g.shape} for a tensor of shape {node.shape}")
    if g.data.dtype != node.data.dtype:  # mixed-precision graphs: each gradient has its tensor's dtype
        g = g.astype(node.dtype)
    previous = grads.get(id(node))
    grads[id(node)] = g if previous is None else previous + g


def _accumulate_leaf(leaf: Tensor, g: Tensor, handed_out: set) -> None:
    """Add `g` into `leaf.grad`. A first gradient must become an array the leaf owns, since an
    optimizer may change `.grad` in place: copied only when it is read-only (np.broadcast_to's
    view) or its memory is already someone else's (another leaf's `.grad`, the caller's seed)."""
    data = g.data
    if leaf.grad is not None:
        # A new array; np.asarray because NumPy's sum of two 0-d arrays is a scalar.
        leaf.grad = np.asarray(leaf.grad + data)
        return
    owner = _memory_owner(data)
    if not data.flags.writeable or id(owner) in handed_out:
        data = owner = data.copy()
    handed_out.add(id(owner))
    leaf.grad = data


def _memory_owner(array: np.ndarray):
    """The object holding `array`'s memory: itself, or the array it is a view of (reshape, .T)."""
    return array if array.base is None else array.base


# --8<-- [end:backpropagate]


# --8<-- [start:backward]
def backward(output: Tensor, grad=None, retain_graph: bool = False) -> None:
    """`output.backward(grad)`: accumulate d(output)/d(leaf) into every leaf's `.grad`.

    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> backward((x * x).sum())
    >>> x.grad
    array([2., 4.])
    """
    if not output.requires_grad:
        raise RuntimeError(
            "backward() on a tensor that does not require grad: it was computed from tensors "
            "without requires_grad=True, or under no_grad()"
        )
    seed = _seed(output, grad, create_graph=False)
    backpropagate([output], [seed], retain_graph=retain_graph, create_graph=False)


# --8<-- [end:backward]


def _as_tensor_list(name: str, values) -> list[Tensor]:
    values = [values] if isinstance(values, Tensor) else list(values)
    for i, v in enumerate(values):
        if not isinstance(v, Tensor):
            raise TypeError(f"grad(): {name}[{i}] is a {type(v).__name__}, expected a Tensor")
    return values


# --8<-- [start:grad]
def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False):
    """The gradients of `outputs` with respect to `inputs`, returned as a tuple of Tensors.

    Args:
        outputs: a Tensor or a sequence of them (their gradients add up).
        inputs: a Tensor or a sequence of them; each must require grad.
        grad_outputs: the gradient flowing into each output (a list, one per output; a Tensor,
            array or number alone for a single output); None for one-element outputs.
        retain_graph: keep the graph for another backward pass; defaults to `create_graph`.
        create_graph: record the backward pass too, so the gradients are differentiable
            (second derivatives, Hessian-vector products).
        allow_unused: return zeros for an input the outputs do not depend on, instead of raising.

    >>> x = Tensor(3.0, requires_grad=True)
    >>> (dy,) = grad(x ** 3, x, create_graph=True)  # 3x² = 27
    >>> (d2y,) = grad(dy, x)                         # 6x = 18
    >>> dy.item(), d2y.item()
    (27.0, 18.0)
    """
    outputs = _as_tensor_list("outputs", outputs)
    inputs = _as_tensor_list("inputs", inputs)
    for i, x in enumerate(inputs):
        if not x.requires_grad:
            raise ValueError(f"grad(): inputs[{i}] (shape {x.shape}) does not require grad")
    for i, y in enumerate(outputs):
        if not y.requires_grad:
            raise ValueError(
                f"grad(): outputs[{i}] does not require grad: it does not depend on any input "
                "that requires grad (or was computed under no_grad)"
            )
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    elif isinstance(grad_outputs, (Tensor, np.ndarray, int, float, np.number)):
        grad_outputs = [grad_outputs]  # one gradient, for a single output
    else:
        try:
            grad_outputs = list(grad_outputs)
        except TypeError:
            raise TypeError(
                "grad(): grad_outputs must be a Tensor, an array or a number for a single output, or a "
                f"list of them, one per output; got {type(grad_outputs).__name__} {grad_outputs!r}"
            ) from None
    if len(grad_outputs) != len(outputs):
        raise ValueError(f"grad(): {len(grad_outputs)} grad_outputs for {len(outputs)} outputs")
    seeds = [_seed(y, g, create_graph) for y, g in zip(outputs, grad_outputs)]
    found = backpropagate(
        outputs,
        seeds,
        retain_graph=create_graph if retain_graph is None else retain_graph,
        create_graph=create_graph,
        inputs=inputs,
    )
    result = []
    for i, x in enumerate(inputs):
        g = found.get(id(x))
        if g is None:
            if not allow_unused:
                raise ValueError(
                    f"grad(): inputs[{i}] (shape {x.shape}) was not used to compute the outputs, "
                    "so it has no gradient; pass allow_unused=True to get zeros for it"
                )
            g = constant(np.zeros_like(x.data))
        result.append(g)
    return tuple(result)


# --8<-- [end:grad]
