"""`autograd.Function`: an op written by the user, forward and backward, as in PyTorch.

`forward(ctx, *args)` computes the output (under `no_grad`: nothing inside is recorded)
and saves what backward needs with `ctx.save_for_backward`; `backward(ctx, *grads)`
returns one gradient per argument of `forward` (None for one that needs none). `apply`
makes the output a node of the graph whose rule calls `backward`, the same way every
engine op is a node with a rule.

`backward` gets Tensors and returns Tensors. In a plain backward pass it runs under
`no_grad`; under `create_graph=True` it is recorded, so a `backward` written with Tensor
ops has a gradient of its own (second derivatives), as in PyTorch.

One output only: a `forward` returning a tuple is refused (a deliberate difference).
"""

from __future__ import annotations

import numpy as np

from ..tensor import Tensor, constant, is_grad_enabled, make_node, no_grad


class FunctionCtx:
    """The `ctx` that `forward` and `backward` share: saved tensors and flags."""

    def __init__(self, needs_input_grad: tuple):
        self.needs_input_grad = needs_input_grad  # one bool per argument of forward
        self.to_save = ()
        self.saved_versions = ()

    def save_for_backward(self, *tensors) -> None:
        """Keep `tensors` (or None) for backward; their versions are checked then."""
        for i, t in enumerate(tensors):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(
                    f"save_for_backward can only save variables, but argument {i} is "
                    f"of type {type(t).__name__}"
                )
        self.to_save = tensors
        self.saved_versions = tuple(None if t is None else t._version for t in tensors)

    @property
    def saved_tensors(self) -> tuple:
        """What `save_for_backward` kept, checked not to be changed in place since."""
        for t, saved in zip(self.to_save, self.saved_versions):
            if t is not None and t._version != saved:
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been "
                    "modified by an inplace operation: [tensor_autograd.Tensor "
                    f"{t.dtype} {list(t.shape)}] is at version {t._version}; "
                    f"expected version {saved} instead."
                )
        return self.to_save


class Function:
    """Subclass it with static `forward(ctx, *args)` and `backward(ctx, *grads)`, then
    call `YourFunction.apply(*args)`.

    >>> class Cube(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x ** 3
    ...     @staticmethod
    ...     def backward(ctx, grad_output):
    ...         (x,) = ctx.saved_tensors
    ...         return grad_output * 3 * x ** 2
    >>> x = Tensor([2.0], requires_grad=True)
    >>> Cube.apply(x).sum().backward(); x.grad
    array([12.])
    """

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("a Function subclass must define forward(ctx, ...)")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("a Function subclass must define backward(ctx, ...)")

    @classmethod
    def apply(cls, *args, **kwargs):
        needs = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        ctx = FunctionCtx(needs)
        with no_grad():
            output = cls.forward(ctx, *args, **kwargs)
        if isinstance(output, (tuple, list)):
            raise TypeError(
                f"{cls.__name__}.forward returned a {type(output).__name__}: this "
                "engine's Function has one output (a Tensor)"
            )
        if not isinstance(output, Tensor):
            output = _output_array(cls, output)
        if any(output is a for a in args):
            output = constant(output.data)
        if not (is_grad_enabled() and any(needs)):
            return output
        positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        node = make_node(
            output.data,
            tuple(args[i] for i in positions),
            function_backward,
            {
                "function": cls,
                "fn_ctx": ctx,
                "positions": positions,
                "n_args": len(args),
            },
        )
        # The output object itself becomes the node, so a saved output is the node.
        output._parents, output._backward = node._parents, node._backward
        output._ctx, output._born, output.requires_grad = node._ctx, node._born, True
        return output


def _output_array(cls, output) -> Tensor:
    """A NumPy floating array (or scalar) returned by `forward`, as a Tensor; anything
    else (a Python number, an integer array) is refused, not turned into a Tensor no
    gradient could flow through."""
    if isinstance(output, (np.ndarray, np.floating)) and output.dtype.kind == "f":
        return constant(np.asarray(output))
    dtype = f" of dtype {output.dtype}" if isinstance(output, np.ndarray) else ""
    raise TypeError(
        f"{cls.__name__}.forward returned a {type(output).__name__}{dtype} "
        f"({output!r}); it must return a Tensor (or a floating NumPy array)"
    )


def function_backward(g, out, *inputs, function, fn_ctx, positions, n_args):
    """The rule of a `Function` node: its `backward`, on Tensors."""
    recording = isinstance(g, Tensor)  # create_graph: backward is recorded
    if recording:
        grads = function.backward(fn_ctx, g)
    else:
        with no_grad():
            grads = function.backward(fn_ctx, constant(g))
    if not isinstance(grads, tuple):
        grads = (grads,)
    if len(grads) != n_args:
        raise RuntimeError(
            f"function {function.__name__}Backward returned an incorrect number of "
            f"gradients (expected {n_args}, got {len(grads)})"
        )
    result = []
    for i in positions:
        grad = grads[i]
        if grad is not None and not recording:
            grad = grad.data if isinstance(grad, Tensor) else np.asarray(grad)
        elif grad is not None and not isinstance(grad, Tensor):
            grad = constant(np.asarray(grad))
        result.append(grad)
    return result


function_backward.reads = ()  # the ctx checks what it saved (`saved_tensors`)
