"""The backward pass: from the output back to the leaves, applying the chain rule.

`backward()` accumulates into the leaves' `.grad`, like PyTorch's `loss.backward()`;
`grad()` returns gradients instead, and with `create_graph=True` records the backward
pass itself as a graph, so the gradients can be differentiated again. Both are built on
`backpropagate`.

Every op's backward rule is written once, with what NumPy arrays and Tensors share
(operators, `.T`, `.sum(axis, keepdims)`, `.reshape`). In a plain backward the engine
hands it arrays, and it costs what NumPy costs; under `create_graph=True` it hands it
Tensors, and the same rule records a graph of its own.
"""

from __future__ import annotations

from operator import attrgetter

import numpy as np

from .. import tensor as _tensor
from ..broadcast import unbroadcast
from ..hooks import run_hooks, tensor_hooks
from ..inplace import check_saved
from ..tensor import Tensor, constant, set_grad_enabled


def topological_sort(roots) -> list[Tensor]:
    """Every tensor needing a gradient on the way to `roots`, each after all its inputs.

    A depth-first search with an explicit stack instead of recursion, so a chain of
    50,000 ops does not hit Python's recursion limit. A node is pushed twice: once to
    visit its parents, and once more (`parents_done`) to be appended after them. A leaf
    has no parents to wait for: it is appended as soon as it is found.

    >>> x = Tensor(2.0, requires_grad=True)
    >>> y = x * 3
    >>> z = y + x
    >>> [t is x for t in topological_sort([z])], topological_sort([z])[-1] is z
    ([True, False, False], True)
    """
    order = []
    visited = set()  # the tensors themselves: a Tensor hashes by identity
    stack = [(root, False) for root in roots]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            for parent in node._parents:
                if parent.requires_grad and parent not in visited:
                    if parent._backward is None:  # a leaf has no parents to wait for
                        visited.add(parent)
                        order.append(parent)
                    else:
                        stack.append((parent, False))
    return order


def backpropagate(
    roots,
    seeds,
    *,
    retain_graph=False,
    create_graph=False,
    wanted=(),
    accumulate=False,
) -> dict:
    """Push gradients from `roots` (seeded with `seeds`) back through the graph.

    Returns the gradient of every leaf reached, and of every node in `wanted`:
    `backward` adds the leaves' into `.grad`, `grad` picks out its inputs. The gradients
    are NumPy arrays, or Tensors when `create_graph` (then the seeds are Tensors too).
    Tensor hooks run on a node's gradient once it is complete (`hooks.run_hooks`; with
    `accumulate`, as in `backward`, retained gradients go to `.grad`).
    """
    grads = {}  # node -> the gradient summed so far over the uses of that node
    for root, seed in zip(roots, seeds):
        grads[root] = seed if root not in grads else grads[root] + seed
    found = {}
    now = _tensor._version_clock  # a node born before this saw an in-place op
    # Users before what they use: a node's gradient is complete when its turn comes.
    for node in reversed(topological_sort(roots)):
        g = grads.pop(node, None)
        if g is None:
            continue
        if tensor_hooks and id(node) in tensor_hooks:
            g = run_hooks(node, g, create_graph, accumulate)
        if node._backward is None or node in wanted:
            found[node] = g
            if node._backward is None:  # a leaf: the gradient stops here
                continue
        parents = targets = node._parents
        if node._born != now:  # raise if a value the rule reads was changed in place
            targets = check_saved(node, node._backward)
        if create_graph:  # the rule runs on Tensors, so it is recorded
            out, inputs = node, parents
        else:  # the rule runs on the arrays: no Tensors, no graph
            out, inputs = node.data, map(_data, parents)
        local = node._backward(g, out, *inputs, **(node._ctx or {}))
        for parent, parent_grad in zip(targets, local):
            if parent_grad is None or not parent.requires_grad:
                continue
            data = parent.data
            if parent_grad.shape != data.shape or parent_grad.dtype != data.dtype:
                parent_grad = _fit(parent_grad, data, node)
            previous = grads.get(parent)
            grads[parent] = parent_grad if previous is None else previous + parent_grad
        if not retain_graph:  # drop what only backward needed: freed as we go
            node._parents, node._ctx, node._backward = (), None, _graph_freed_backward
    return found


_data = attrgetter("data")  # a Tensor's array, read in C: the engine's hottest loop


def _fit(g, like: np.ndarray, node: Tensor):
    """`g`, a gradient for an input shaped and typed like `like`, made to fit it.

    A gradient larger than its input comes from broadcasting in the forward pass: summed
    back here, once for every op (`unbroadcast`). A gradient of another dtype comes from
    a mixed-precision op: each gradient takes its tensor's dtype.
    """
    if g.shape != like.shape:
        try:
            g = unbroadcast(g, like.shape)
        except ValueError:
            raise RuntimeError(
                f"{node._backward.__name__} returned a gradient of shape {g.shape} "
                f"for an input of shape {like.shape}, which does not broadcast to it"
            ) from None
    if g.dtype != like.dtype:
        g = g.astype(like.dtype)
    return g


def _graph_freed_backward(g, out, *inputs, **ctx):
    raise RuntimeError(
        "backward through a graph a second time: its intermediate values were freed by "
        "the first backward. Pass retain_graph=True to the first backward() (or "
        "grad()) if you need to go through the graph twice."
    )


def _seed(output: Tensor, grad, create_graph: bool):
    """The gradient flowing into `output`: 1 for a one-element output, else `grad`
    (checked); a Tensor when `create_graph`, else an array."""
    if grad is None:
        if output.data.size != 1:
            raise RuntimeError(
                f"backward() on a tensor of shape {output.shape} needs a `grad` of the "
                "same shape (the gradient flowing into it); only a one-element output, "
                "like a loss, can leave it out. Did you forget a .sum() or .mean()?"
            )
        seed = np.ones(output.data.shape, output.data.dtype)
    elif isinstance(grad, Tensor):
        seed = grad if create_graph else grad.data
    else:
        seed = np.asarray(grad, dtype=output.dtype)
    if seed.shape != output.shape:
        raise ValueError(
            f"the grad given has shape {seed.shape} but the output has shape "
            f"{output.shape}"
        )
    if create_graph and not isinstance(seed, Tensor):
        seed = constant(seed)
    return seed


def backward(output: Tensor, grad=None, retain_graph: bool = False) -> None:
    """`output.backward(grad)`: accumulate d(output)/d(leaf) into every leaf's `.grad`.

    A leaf's first gradient is copied, so the leaf owns its `.grad` (an optimizer or the
    user may change it in place, and the same array may have reached several leaves);
    later ones are added into a new array.

    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> backward((x * x).sum())
    >>> x.grad
    array([2., 4.])
    """
    if not output.requires_grad:
        raise RuntimeError(
            "backward() on a tensor that does not require grad: it was computed from "
            "tensors without requires_grad=True, or under no_grad()"
        )
    seed = _seed(output, grad, create_graph=False)
    leaf_grads = backpropagate(
        [output], [seed], retain_graph=retain_graph, accumulate=True
    )
    for leaf, g in leaf_grads.items():
        # the slot behind `.grad`: the engine's gradients need no checking
        if leaf._grad is None:
            leaf._grad = np.array(g)  # a copy (and a 0-d array, never a NumPy scalar)
        else:
            leaf._grad = np.asarray(leaf._grad + g)


def _as_tensor_list(name: str, values) -> list[Tensor]:
    values = [values] if isinstance(values, Tensor) else list(values)
    for i, v in enumerate(values):
        if not isinstance(v, Tensor):
            got = type(v).__name__
            raise TypeError(f"grad(): {name}[{i}] is a {got}, expected a Tensor")
    return values


def _grad_outputs(grad_outputs, n: int) -> list:
    """`grad_outputs` as a list with one entry per output."""
    if grad_outputs is None:
        return [None] * n
    if isinstance(grad_outputs, (Tensor, np.ndarray, int, float, np.number)):
        grad_outputs = [grad_outputs]  # one gradient, for a single output
    else:
        try:
            grad_outputs = list(grad_outputs)
        except TypeError:
            raise TypeError(
                "grad(): grad_outputs must be a Tensor, an array or a number for a "
                "single output, or a list of them, one per output; got "
                f"{type(grad_outputs).__name__} {grad_outputs!r}"
            ) from None
    if len(grad_outputs) != n:
        raise ValueError(f"grad(): {len(grad_outputs)} grad_outputs for {n} outputs")
    return grad_outputs


def grad(
    outputs,
    inputs,
    grad_outputs=None,
    retain_graph=None,
    create_graph=False,
    allow_unused=False,
):
    """The gradients of `outputs` with respect to `inputs`, as a tuple of Tensors.

    Args:
        outputs: a Tensor or a sequence of them (their gradients add up).
        inputs: a Tensor or a sequence of them; each must require grad. An input may be
            any node of the graph, not only a leaf.
        grad_outputs: the gradient flowing into each output (a list, one per output; a
            Tensor, array or number alone for a single output); None for one-element
            outputs.
        retain_graph: keep the graph for another backward pass; defaults to
            `create_graph`.
        create_graph: record the backward pass too, so the gradients are differentiable
            (second derivatives, Hessian-vector products).
        allow_unused: return zeros for an input the outputs do not depend on, instead of
            raising.

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
            raise ValueError(
                f"grad(): inputs[{i}] (shape {x.shape}) does not require grad"
            )
    for i, y in enumerate(outputs):
        if not y.requires_grad:
            raise ValueError(
                f"grad(): outputs[{i}] does not require grad: it does not depend on "
                "any input that requires grad (or was computed under no_grad)"
            )
    grad_outputs = _grad_outputs(grad_outputs, len(outputs))
    seeds = [_seed(y, g, create_graph) for y, g in zip(outputs, grad_outputs)]
    if retain_graph is None:
        retain_graph = create_graph
    # With create_graph the rules run on Tensors, which must record even under no_grad.
    with set_grad_enabled(create_graph):
        found = backpropagate(
            outputs,
            seeds,
            retain_graph=retain_graph,
            create_graph=create_graph,
            wanted=set(inputs),
        )
    result = []
    for i, x in enumerate(inputs):
        g = found.get(x)
        if g is None:
            if not allow_unused:
                raise ValueError(
                    f"grad(): inputs[{i}] (shape {x.shape}) was not used to compute "
                    "the outputs, so it has no gradient; pass allow_unused=True to get "
                    "zeros for it"
                )
            g = np.zeros_like(x.data)
        result.append(g if isinstance(g, Tensor) else constant(np.array(g)))
    return tuple(result)


from . import functional  # noqa: E402  (it uses grad, defined above)
from .function import Function, FunctionCtx  # noqa: E402
