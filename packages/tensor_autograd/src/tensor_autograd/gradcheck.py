"""Checking gradients against finite differences.

Two checks, in the spirit of HIPS autograd's `check_grads` (PyTorch calls its own
`gradcheck` and `gradgradcheck`):

- element by element: nudge each input element by ±eps and compare the central
  difference (f(x+eps) - f(x-eps)) / 2eps with that element of the gradient. Thorough,
  but 2 evaluations of f per element.
- along a random direction v: (f(x+eps·v) - f(x-eps·v)) / 2eps must equal the gradient
  dotted with v. Two evaluations in all, whatever the size, and a wrong entry anywhere
  almost surely shows.

A function with a non-scalar output is first reduced to a scalar, sum(f(x)·u) with a
fixed random u, so every output element takes part. `order=2` then checks the gradient
itself the same way (it must be differentiable with `create_graph=True`): that is a
check of Hessian-vector products.
"""

from __future__ import annotations

import numpy as np

from .autograd import grad
from .tensor import Tensor


class GradientCheckError(AssertionError):
    """An analytic gradient disagrees with finite differences."""


def numerical_grad(f, inputs, eps: float = 1e-6) -> list[np.ndarray]:
    """Central differences of the scalar function `f` at `inputs`, one array per input.

    >>> numerical_grad(lambda x: (x * x).sum(), [np.array([1.0, 2.0])]).pop().round(6)
    array([2., 4.])
    """
    arrays = [
        np.array(getattr(x, "data", x), dtype=np.float64) for x in inputs
    ]  # our own copies

    def value() -> float:
        return float(f(*[Tensor(a) for a in arrays]).data)

    grads = []
    for a in arrays:
        g = np.zeros_like(a)
        flat_a, flat_g = a.reshape(-1), g.reshape(-1)  # views: writing flat_a nudges a
        for i in range(flat_a.size):
            original = flat_a[i]
            flat_a[i] = original + eps
            plus = value()
            flat_a[i] = original - eps
            minus = value()
            flat_a[i] = original
            flat_g[i] = (plus - minus) / (2 * eps)
        grads.append(g)
    return grads


def _gradients(f, arrays) -> tuple[Tensor, list[Tensor]]:
    """f at `arrays` (as tensors requiring grad), and its gradient with respect to
    each."""
    inputs = [Tensor(a, requires_grad=True) for a in arrays]
    out = f(*inputs)
    if not out.requires_grad:  # f does not depend on its inputs: the gradient is zero
        return out, [Tensor(np.zeros_like(a)) for a in arrays]
    return out, list(grad(out, inputs, allow_unused=True))


def _fail_if_far(what: str, analytic, numeric, rtol: float, atol: float) -> None:
    analytic, numeric = np.asarray(analytic), np.asarray(numeric)
    if analytic.shape != numeric.shape:
        raise GradientCheckError(
            f"{what}: gradient has shape {analytic.shape}, expected {numeric.shape}"
        )
    if not np.allclose(analytic, numeric, rtol=rtol, atol=atol):
        error = np.abs(analytic - numeric)
        worst = np.unravel_index(np.argmax(error), error.shape) if error.ndim else ()
        raise GradientCheckError(
            f"{what}: analytic gradient {analytic[worst]:.6g} vs finite differences "
            f"{numeric[worst]:.6g}"
            + (f" at index {tuple(int(i) for i in worst)}" if worst else "")
            + f" (rtol={rtol}, atol={atol})"
        )


def check_grads(
    f,
    *inputs,
    eps: float = 1e-6,
    rtol: float = 1e-5,
    atol: float = 1e-6,
    order: int = 1,
    elementwise: bool = True,
    rng=0,
) -> None:
    """Raise `GradientCheckError` unless `f`'s gradients match finite differences at
    `inputs`.

    Args:
        f: a function of Tensors returning a Tensor (of any shape).
        inputs: arrays or Tensors where to check; they are copied to float64.
        eps: the finite-difference step.
        rtol: the relative tolerance, as in `np.allclose`.
        atol: the absolute tolerance, as in `np.allclose`.
        order: 1 checks gradients; 2 also checks the gradient of the gradient
            (create_graph).
        elementwise: also check element by element (2 evaluations per element); the
            random direction check always runs.
        rng: a seed or `numpy.random.Generator` for the random weights and directions.

    >>> check_grads(lambda x: x.tanh() * x, np.array([0.5, -1.0]), order=2)
    """
    arrays = [np.array(getattr(x, "data", x), dtype=np.float64) for x in inputs]
    rng = np.random.default_rng(rng)
    out_shape = f(*[Tensor(a) for a in arrays]).shape
    weights = rng.standard_normal(out_shape)

    def scalar_f(*xs):  # every output element counts, each with its own random weight
        return (f(*xs) * weights).sum()

    _, analytic = _gradients(scalar_f, arrays)

    if elementwise:
        for i, (g, numeric) in enumerate(
            zip(analytic, numerical_grad(scalar_f, arrays, eps))
        ):
            _fail_if_far(f"input {i}", g.data, numeric, rtol, atol)

    # Along a random direction: one directional derivative, two evaluations of f.
    directions = [rng.standard_normal(a.shape) for a in arrays]
    plus = scalar_f(*[Tensor(a + eps * d) for a, d in zip(arrays, directions)]).item()
    minus = scalar_f(*[Tensor(a - eps * d) for a, d in zip(arrays, directions)]).item()
    along = sum(float((g.data * d).sum()) for g, d in zip(analytic, directions))
    _fail_if_far("random direction", along, (plus - minus) / (2 * eps), rtol, atol)

    if order > 1:
        # The gradient, dotted with fixed random vectors, is itself a scalar function to
        # check.
        vectors = [rng.standard_normal(a.shape) for a in arrays]

        def grad_dot_vectors(*xs):
            xs = [
                x if x.requires_grad else Tensor(x.data, requires_grad=True) for x in xs
            ]
            out = scalar_f(*xs)
            if not out.requires_grad:
                return Tensor(0.0)
            grads = grad(out, xs, create_graph=True, allow_unused=True)
            return sum((g * v).sum() for g, v in zip(grads, vectors))

        check_grads(
            grad_dot_vectors,
            *arrays,
            eps=eps,
            rtol=rtol,
            atol=atol,
            order=order - 1,
            elementwise=elementwise,
            rng=rng,
        )
