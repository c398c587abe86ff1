"""`torch.autograd.functional`: derivatives of a whole function, by name.

Each takes `func` and its `inputs` (a Tensor, or a tuple of them) with PyTorch's
signature and returns PyTorch's structure: a Tensor for a Tensor input, tuples for
tuples. How each is computed, all from reverse mode (`autograd.grad`):

- `vjp`: one backward pass, vᵀJ.
- `jacobian`: one backward pass per output element (reverse mode, row by row).
- `jvp`: the double-vjp trick, as PyTorch does: g(u) = uᵀJ is linear in u, so
  backpropagating v through g (a second backward, through the first one recorded with
  `create_graph`) gives Jv.
- `hessian`: the jacobian of the gradient (each row a double backward).
- `hvp`, `vhp`: double backward, vᵀH: the gradient of (∇f · v). The Hessian of a
  twice-differentiable function is symmetric, so this is also Hv.

With `create_graph=False` the results are constants; with `create_graph=True` they stay
in the graph and can be differentiated again. With `strict=True` an output that does
not depend on an input is an error; otherwise its derivative is zeros, as in PyTorch.

>>> from tensor_autograd import Tensor
>>> hessian(lambda x: (x ** 3).sum(), Tensor([1.0, 2.0]))
Tensor([[ 6.,  0.],
        [ 0., 12.]])
"""

from __future__ import annotations

import numpy as np

from ..tensor import Tensor, constant
from . import grad as _autograd_grad
from . import topological_sort


def _as_tuple(name: str, values) -> tuple[bool, tuple]:
    """(whether `values` was a tuple, the values as a tuple of Tensors)."""
    is_tuple = isinstance(values, (tuple, list))
    values = tuple(values) if is_tuple else (values,)
    for i, v in enumerate(values):
        if not isinstance(v, Tensor):
            raise TypeError(
                f"The {name} given to the function must be either a Tensor or a tuple "
                f"of Tensors but the value at index {i} has type {type(v).__name__}."
            )
    return is_tuple, values


def _prepare(inputs: tuple, create_graph: bool) -> tuple:
    """Fresh inputs to differentiate with respect to: leaves sharing the data, or,
    with `create_graph`, copies still linked to the caller's graph."""
    return tuple(
        x.clone()
        if create_graph and x.requires_grad
        else Tensor(x.data, requires_grad=True)
        for x in inputs
    )


def _finish(values, create_graph: bool):
    """Results as constants, unless they should stay in the graph."""
    if isinstance(values, tuple):
        return tuple(_finish(v, create_graph) for v in values)
    return values if create_graph else constant(values.data)


def _unpack(is_tuple: bool, values: tuple):
    return values if is_tuple else values[0]


def _grad(
    outputs: tuple,
    inputs: tuple,
    grad_outputs,
    create_graph: bool,
    strict: bool,
    retain_graph: bool = True,
) -> tuple:
    """grad(outputs, inputs), with zeros (or, if `strict`, an error) for an input the
    outputs do not depend on."""
    wanted = [y for y in outputs if y.requires_grad]
    reached = set(topological_sort(wanted)) if wanted else set()
    for i, x in enumerate(inputs):
        if strict and x not in reached:
            raise RuntimeError(
                f"The output of the user-provided function is independent of input {i}."
                " This is not allowed in strict mode."
            )
    if not wanted:
        return tuple(constant(np.zeros_like(x.data)) for x in inputs)
    pairs = [(y, g) for y, g in zip(outputs, grad_outputs) if y.requires_grad]
    used = [x for x in inputs if x in reached]
    found = (
        _autograd_grad(
            [y for y, _ in pairs],
            used,
            [g for _, g in pairs],
            retain_graph=retain_graph,
            create_graph=create_graph,
            allow_unused=True,
        )
        if used
        else ()
    )
    by_input = dict(zip(map(id, used), found))
    zeros = [constant(np.zeros_like(x.data)) for x in inputs]
    return tuple(by_input.get(id(x), zero) for x, zero in zip(inputs, zeros))


def _call(func, inputs: tuple) -> tuple[bool, tuple]:
    is_tuple, outputs = _as_tuple(
        "outputs of the user-provided function", func(*inputs)
    )
    return is_tuple, outputs


def _vectors(name: str, v, like: tuple, is_tuple: bool) -> tuple:
    if v is None:
        for y in like:
            if y.data.size != 1:
                raise RuntimeError(
                    f"The vector v can only be None if the {name} is a single element "
                    f"Tensor, but it has shape {y.shape}"
                )
        return tuple(constant(np.ones_like(y.data)) for y in like)
    _, v = _as_tuple("v", v)
    if len(v) != len(like):
        raise RuntimeError(
            f"v is a tuple of invalid length: should be {len(like)} but got {len(v)}."
        )
    for vi, y in zip(v, like):
        if vi.shape != y.shape:
            raise RuntimeError(
                f"Mismatch in shape: v has shape {vi.shape} but the {name} has shape "
                f"{y.shape}"
            )
    return v


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), vᵀJ): one backward pass. `v` may be left out for a one-element
    output.

    >>> out, g = vjp(lambda x: x ** 2, Tensor([1.0, 3.0]), Tensor([1.0, 1.0]))
    >>> g
    Tensor([2., 6.])
    """
    in_tuple, inputs = _as_tuple("inputs", inputs)
    inputs = _prepare(inputs, create_graph)
    out_tuple, outputs = _call(func, inputs)
    v = _vectors("user-provided function's output", v, outputs, out_tuple)
    grads = _grad(outputs, inputs, v, create_graph, strict)
    return (
        _unpack(out_tuple, _finish(outputs, create_graph)),
        _unpack(in_tuple, _finish(grads, create_graph)),
    )


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), Jv), by the double-vjp trick: g(u) = uᵀJ is linear in u, and
    the vjp of g with v is (Jv)ᵀ.

    >>> out, jv = jvp(lambda x: x ** 2, Tensor([1.0, 3.0]), Tensor([1.0, 0.0]))
    >>> jv
    Tensor([2., 0.])
    """
    in_tuple, inputs = _as_tuple("inputs", inputs)
    inputs = _prepare(inputs, create_graph)
    v = _vectors("input", v, inputs, in_tuple)
    out_tuple, outputs = _call(func, inputs)
    # u: a dummy gradient for the outputs; uᵀJ is recorded, to be differentiated.
    us = tuple(Tensor(np.zeros_like(y.data), requires_grad=True) for y in outputs)
    g = _grad(outputs, inputs, us, True, strict)
    g_used = [(gi, vi) for gi, vi in zip(g, v) if gi.requires_grad]
    jv = _grad(
        tuple(gi for gi, _ in g_used),
        us,
        tuple(vi for _, vi in g_used),
        create_graph,
        strict=False,
    )
    return (
        _unpack(out_tuple, _finish(outputs, create_graph)),
        _unpack(out_tuple, _finish(jv, create_graph)),
    )


def jacobian(
    func,
    inputs,
    create_graph=False,
    strict=False,
    vectorize=False,
    strategy="reverse-mode",
):
    """The Jacobian: d output[i...] / d input[j...], shaped output.shape + input.shape.

    Reverse mode, one backward pass per output element. For tuples, `J[i][j]` is
    output i by input j (`J[j]` for one output, `J[i]` for one input). `vectorize` is
    accepted and ignored (the rows are computed one by one); `strategy` must be
    "reverse-mode", as the engine has no forward mode.

    >>> jacobian(lambda x: x ** 2, Tensor([1.0, 3.0]))
    Tensor([[2., 0.],
            [0., 6.]])
    """
    if strategy != "reverse-mode":
        raise NotImplementedError(
            f"jacobian: strategy={strategy!r}; only 'reverse-mode' is implemented here"
        )
    in_tuple, inputs = _as_tuple("inputs", inputs)
    inputs = _prepare(inputs, create_graph)
    out_tuple, outputs = _call(func, inputs)
    from ..shapes import stack  # the rows, stacked: an op, so create_graph keeps them

    result = []
    for y in outputs:
        rows = []
        for k in range(y.data.size):
            seed = np.zeros(y.data.size, dtype=y.dtype)
            seed[k] = 1
            seeds = tuple(
                constant(seed.reshape(y.shape))
                if z is y
                else constant(np.zeros_like(z.data))
                for z in outputs
            )
            rows.append(_grad(outputs, inputs, seeds, create_graph, strict))
        per_input = []
        for j, x in enumerate(inputs):
            if rows:
                block = stack([row[j] for row in rows]).reshape(y.shape + x.shape)
            else:
                block = constant(np.zeros(y.shape + x.shape, dtype=x.dtype))
            per_input.append(_finish(block, create_graph))
        result.append(_unpack(in_tuple, tuple(per_input)))
    return _unpack(out_tuple, tuple(result))


def hessian(
    func,
    inputs,
    create_graph=False,
    strict=False,
    vectorize=False,
    outer_jacobian_strategy="reverse-mode",
):
    """The Hessian of a function with a one-element output: the jacobian of its
    gradient, shaped input.shape + input.shape (`H[i][j]` for tuples of inputs).

    >>> hessian(lambda x, y: (x * y).sum(), (Tensor([1.0]), Tensor([2.0])))[0][1]
    Tensor([[1.]])
    """
    in_tuple, inputs = _as_tuple("inputs", inputs)

    def gradient(*xs):
        _, out = _call(func, xs)
        if len(out) != 1 or out[0].data.size != 1:
            raise RuntimeError(
                "The function given to hessian should return a single Tensor with one "
                "element"
            )
        return _grad(out, xs, (constant(np.ones_like(out[0].data)),), True, strict)

    return jacobian(
        lambda *xs: _unpack(in_tuple, gradient(*xs)),
        _unpack(in_tuple, inputs),
        create_graph=create_graph,
        strict=strict,
        strategy=outer_jacobian_strategy,
    )


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), vᵀH), by double backward: the gradient of (∇f · v)."""
    in_tuple, inputs = _as_tuple("inputs", inputs)
    inputs = _prepare(inputs, create_graph)
    v = _vectors("input", v, inputs, in_tuple)
    _, outputs = _call(func, inputs)
    if len(outputs) != 1 or outputs[0].data.size != 1:
        raise RuntimeError(
            "The function given to hvp/vhp should return a single Tensor with one "
            "element"
        )
    g = _grad(outputs, inputs, (constant(np.ones_like(outputs[0].data)),), True, strict)
    g_used = [(gi, vi) for gi, vi in zip(g, v) if gi.requires_grad]
    hv = _grad(
        tuple(gi for gi, _ in g_used),
        inputs,
        tuple(vi for _, vi in g_used),
        create_graph,
        strict=False,
    )
    return (
        _finish(outputs[0], create_graph),
        _unpack(in_tuple, _finish(hv, create_graph)),
    )


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), Hv), by double backward: the Hessian is symmetric, so Hv = vᵀH
    (`vhp`), one backward through a recorded backward.

    >>> hvp(lambda x: (x ** 3).sum(), Tensor([1.0, 2.0]), Tensor([1.0, 1.0]))[1]
    Tensor([ 6., 12.])
    """
    return vhp(func, inputs, v, create_graph=create_graph, strict=strict)


__all__ = ["hessian", "hvp", "jacobian", "jvp", "vhp", "vjp"]
