"""More losses, as in `torch.nn.functional`: `nll_loss`, `binary_cross_entropy`,
`l1_loss`, `huber_loss`, and the general forms of `cross_entropy` (logits of shape
(N, C, …), `weight`, `ignore_index`, `label_smoothing`, probability targets).

Each loss takes PyTorch's `reduction`: 'mean' (the default), 'sum' or 'none' (one loss
per element). The elementwise ones are one op with its rule; `nll_loss` and the general
`cross_entropy` are composed of ops (picking with `gather`, `log_softmax`, sums), so
their gradients come from those ops' rules, to any order.
"""

from __future__ import annotations

import numpy as np

from .elementwise import _log, _where
from .indexing import gather
from .tensor import Tensor, constant, data_of, make_node

_REDUCTIONS = ("mean", "sum", "none")


def _reduce(name: str, losses: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        if losses.data.size == 0:
            raise ValueError(
                f"{name}: no elements to average (input of shape {losses.shape})"
            )
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    if reduction == "none":
        return losses
    raise ValueError(
        f"{name}: reduction must be one of {_REDUCTIONS}, got {reduction!r}"
    )


def _pair(name: str, input, target) -> tuple[Tensor, Tensor]:
    """`input` as a Tensor and `target` in its dtype; their shapes must match
    exactly."""
    input = input if isinstance(input, Tensor) else Tensor(input)
    if isinstance(target, Tensor):
        target = target.astype(input.dtype) if target.dtype != input.dtype else target
    else:
        target = constant(np.asarray(target, dtype=input.dtype))
    if input.shape != target.shape:
        raise ValueError(
            f"{name}: input has shape {input.shape} but target has shape "
            f"{target.shape}; they must match (broadcasting them would pair the "
            "wrong elements)"
        )
    return input, target


def l1_loss(input: Tensor, target, reduction: str = "mean") -> Tensor:
    """|input - target|, reduced: its gradient is the sign of the difference (0 at 0).

    >>> l1_loss(Tensor([1.0, 5.0]), [2.0, 2.0])
    Tensor(2.)
    """
    input, target = _pair("l1_loss", input, target)
    return _reduce("l1_loss", (input - target).abs(), reduction)


def huber_loss(
    input: Tensor, target, reduction: str = "mean", delta: float = 1.0
) -> Tensor:
    """Squared error for small errors, absolute error for large ones: with d = input -
    target, d²/2 where |d| < delta, else delta(|d| - delta/2). Its gradient is d,
    clipped to [-delta, delta].

    >>> huber_loss(Tensor([0.5, 3.0]), [0.0, 0.0], reduction="none")
    Tensor([0.125, 2.5  ])
    """
    if delta <= 0:
        raise ValueError(f"huber_loss: delta must be > 0, got {delta}")
    input, target = _pair("huber_loss", input, target)
    d = input.data - target.data
    small = np.abs(d) < delta
    data = np.where(small, 0.5 * d * d, delta * (np.abs(d) - 0.5 * delta))
    ctx = {"small": small, "delta": delta}
    losses = make_node(data, (input, target), huber_loss_backward, ctx)
    return _reduce("huber_loss", losses, reduction)


def huber_loss_backward(g, out, input, target, *, small, delta):
    d = input - target
    clipped = np.sign(data_of(d)) * delta  # a constant: the slope of the linear parts
    grad = g * _where(small, d, clipped)
    return grad, -grad


def binary_cross_entropy(input: Tensor, target, weight=None, reduction: str = "mean"):
    """-[y·log p + (1 - y)·log(1 - p)] for probabilities p = `input` in [0, 1].

    As PyTorch does, each log is clamped at -100, so p = 0 or 1 gives a large finite
    loss rather than inf; and the gradient (p - y) / (p(1 - p)) has its denominator kept
    at least 1e-12. Prefer `binary_cross_entropy_with_logits` on logits: it never needs
    these clamps.

    >>> round(binary_cross_entropy(Tensor([0.8]), [1.0]).item(), 6)
    0.223144
    """
    input, target = _pair("binary_cross_entropy", input, target)
    p, y = input.data, target.data
    if p.size and not ((p >= 0) & (p <= 1)).all():
        bad = p[~((p >= 0) & (p <= 1))].flat[0]
        raise ValueError(
            f"binary_cross_entropy: input must hold probabilities in [0, 1], got {bad} "
            "(for logits, use binary_cross_entropy_with_logits)"
        )
    if y.size and not ((y >= 0) & (y <= 1)).all():  # as PyTorch: y is a probability
        bad = y[~((y >= 0) & (y <= 1))].flat[0]
        raise ValueError(
            "binary_cross_entropy: all elements of target should be between 0 and 1, "
            f"got {bad}"
        )
    with np.errstate(divide="ignore"):  # log(0) = -inf, clamped at -100 next
        log_p = np.maximum(np.log(p), -100)
        log_not_p = np.maximum(np.log1p(-p), -100)
    data = -(y * log_p + (1 - y) * log_not_p)
    if weight is not None:
        data = data * data_of(weight)
    ctx = {"weight": None if weight is None else np.asarray(data_of(weight), p.dtype)}
    losses = make_node(data, (input, target), binary_cross_entropy_backward, ctx)
    return _reduce("binary_cross_entropy", losses, reduction)


def binary_cross_entropy_backward(g, out, p, y, *, weight):
    if weight is not None:
        g = g * weight
    spread = p * (1 - p)
    spread = _where(data_of(spread) < 1e-12, 1e-12, spread)
    # d/dy = log(1 - p) - log(p), each log clamped at -100 as in the forward
    log_p = _log(_where(data_of(p) > 0, p, 1.0))
    log_p = _where(data_of(p) > np.exp(-100), log_p, -100.0)
    log_not_p = _log(_where(data_of(p) < 1, 1 - p, 1.0))
    log_not_p = _where(1 - data_of(p) > np.exp(-100), log_not_p, -100.0)
    return g * (p - y) / spread, g * (log_not_p - log_p)


def _class_indices(name: str, target, input: Tensor, ignore_index: int) -> np.ndarray:
    """Integer class indices shaped like `input` without its class axis (axis 1), each
    in [0, C) or equal to `ignore_index`."""
    t = np.asarray(data_of(target))
    if t.dtype.kind == "f" and np.all(t == np.round(t)):
        t = t.astype(np.int64)  # whole numbers stored as floats (a Tensor holds floats)
    if t.dtype.kind not in "iu":
        raise TypeError(
            f"{name}: target must be integer class indices, got dtype {t.dtype}"
        )
    if input.ndim == 0:
        raise ValueError(f"{name}: input must have a class axis, got a 0-d tensor")
    classes = input.shape[1] if input.ndim > 1 else input.shape[0]
    expected = input.shape[:1] + input.shape[2:] if input.ndim > 1 else ()
    if t.shape != expected:
        raise ValueError(
            f"{name}: target must have shape {expected} (input {input.shape} "
            f"without its class axis), got {t.shape}"
        )
    bad = (t != ignore_index) & ((t < 0) | (t >= classes))
    if bad.any():
        raise ValueError(
            f"{name}: target {t[bad].flat[0]} is out of range for {classes} classes "
            f"(0..{classes - 1})"
        )
    return t


def _pick_classes(input: Tensor, t: np.ndarray) -> Tensor:
    """input[n, t[n], …] for every n (and trailing position), via `gather` on axis 1."""
    if input.ndim == 1:
        return input[t]
    return gather(input, 1, t[:, None, ...]).squeeze(1)


def _class_weights(name: str, weight, input: Tensor):
    if weight is None:
        return None
    w = np.asarray(data_of(weight), dtype=input.dtype)
    classes = input.shape[1] if input.ndim > 1 else input.shape[0]
    if w.shape != (classes,):
        raise ValueError(f"{name}: weight must have shape ({classes},), got {w.shape}")
    return w


def _weighted_mean_or(name: str, losses: Tensor, weights: np.ndarray, reduction: str):
    """'mean' divides by the total weight of the elements counted (as PyTorch does)."""
    if reduction != "mean":
        return _reduce(name, losses, reduction)
    total = weights.sum()
    if total == 0:  # everything ignored: PyTorch's 0/0
        return losses.sum() * np.array(np.nan, dtype=losses.dtype)
    return losses.sum() / total


def nll_loss(
    input: Tensor,
    target,
    weight=None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """The negative log-likelihood -input[n, target[n]], for `input` holding
    log-probabilities (as `log_softmax` gives) of shape (N, C), (N, C, d₁, …) or (C,).

    `weight` (one per class, a constant) scales each element's loss; elements whose
    target is `ignore_index` count for nothing; 'mean' divides by the total weight
    counted.

    >>> logp = Tensor([[-0.1, -2.0], [-3.0, -0.5]])
    >>> nll_loss(logp, np.array([0, 1]))
    Tensor(0.3)
    """
    input = input if isinstance(input, Tensor) else Tensor(input)
    t = _class_indices("nll_loss", target, input, ignore_index)
    kept = t != ignore_index
    w = _class_weights("nll_loss", weight, input)
    safe = np.where(kept, t, 0)  # any valid class where ignored: its weight is zeroed
    weights = (np.ones(t.shape, input.dtype) if w is None else w[safe]) * kept
    losses = -_pick_classes(input, safe) * weights
    return _weighted_mean_or("nll_loss", losses, weights, reduction)


def cross_entropy_general(
    input: Tensor,
    target,
    weight=None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """`cross_entropy` in all its PyTorch forms, composed of `log_softmax` and
    `nll_loss`.

    With label smoothing ε the target becomes (1 - ε)·one_hot + ε/C, so the loss adds
    ε·(-Σ_c w_c log p_c)/C to (1 - ε)·nll. `target` may also hold class probabilities (a
    float array shaped like `input`); then the loss is -Σ_c w_c y_c log p_c per element.
    """
    from .functional import log_softmax  # functional imports this module

    input = input if isinstance(input, Tensor) else Tensor(input)
    if not 0 <= label_smoothing <= 1:
        raise ValueError(
            f"cross_entropy: label_smoothing must be in [0, 1], got {label_smoothing}"
        )
    if reduction not in _REDUCTIONS:
        raise ValueError(
            f"cross_entropy: reduction must be one of {_REDUCTIONS}, got {reduction!r}"
        )
    class_axis = 1 if input.ndim > 1 else 0
    w = _class_weights("cross_entropy", weight, input)
    w_along = (
        1.0 if w is None else w.reshape((-1,) + (1,) * (input.ndim - class_axis - 1))
    )
    logp = log_softmax(input, axis=class_axis)
    classes = input.shape[class_axis]
    t = np.asarray(data_of(target))
    if t.dtype.kind == "f" and t.shape == input.shape:  # class probabilities
        y = t.astype(input.dtype) * (1 - label_smoothing) + label_smoothing / classes
        losses = -(logp * (y * w_along)).sum(axis=class_axis)
        return _reduce("cross_entropy", losses, reduction)
    t = _class_indices("cross_entropy", target, input, ignore_index)
    kept = t != ignore_index
    safe = np.where(kept, t, 0)
    weights = (np.ones(t.shape, input.dtype) if w is None else w[safe]) * kept
    losses = -_pick_classes(logp, safe) * weights
    if label_smoothing:
        smooth = -(logp * w_along).sum(axis=class_axis) * (
            kept.astype(input.dtype) / classes
        )
        losses = losses * (1 - label_smoothing) + smooth * label_smoothing
    return _weighted_mean_or("cross_entropy", losses, weights, reduction)
