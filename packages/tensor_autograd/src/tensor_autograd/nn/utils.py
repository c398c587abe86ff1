"""Gradient clipping, as `torch.nn.utils` (reached as `nn.utils`)."""

from __future__ import annotations

import math

import numpy as np

from ..tensor import Tensor


def _grads(parameters) -> list[np.ndarray]:
    parameters = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    for i, p in enumerate(parameters):
        if not isinstance(p, Tensor):
            raise TypeError(
                f"parameters[{i}] is a {type(p).__name__}, expected a Tensor"
            )
    return [p.grad for p in parameters if p.grad is not None]


def clip_grad_norm_(
    parameters,
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
    foreach=None,
) -> Tensor:
    """Scale the gradients of `parameters` in place so that their norm, taken over all
    of them as one long vector, is at most `max_norm`; return that total norm (before
    clipping) as a 0-d Tensor, as PyTorch does.

    The scale is max_norm / (total + 1e-6), capped at 1, applied to every gradient:
    their direction is kept, only the step is shortened. `norm_type` may be `math.inf`
    (the largest absolute entry). `foreach` (a PyTorch speed switch) is accepted and
    ignored.

    >>> from tensor_autograd.nn import Parameter
    >>> w = Parameter([0.0, 0.0]); w.grad = np.array([3.0, 4.0])
    >>> clip_grad_norm_([w], max_norm=1.0), w.grad.round(4)
    (Tensor(5.), array([0.6, 0.8]))
    """
    grads = _grads(parameters)
    norm_type = float(norm_type)
    if not grads:
        return Tensor(0.0)
    if norm_type == math.inf:
        norms = [np.abs(g).max() if g.size else 0.0 for g in grads]
        total = np.max(norms)
    else:
        norms = [np.sum(np.abs(g) ** norm_type) for g in grads]
        total = np.sum(norms) ** (1 / norm_type)
    total = np.asarray(total, dtype=np.result_type(*grads))
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is "
            "non-finite, so it cannot be clipped. To disable this error and scale the "
            "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`"
        )
    scale = min(float(max_norm) / (float(total) + 1e-6), 1.0)
    for g in grads:
        g *= scale  # in place: the arrays are the parameters' .grad
    return Tensor(total)


def clip_grad_value_(parameters, clip_value: float) -> None:
    """Clamp every gradient entry into [-clip_value, clip_value], in place."""
    for g in _grads(parameters):
        np.clip(g, -clip_value, clip_value, out=g)
