"""Optimizers: SGD (with momentum and weight decay), Adam, AdamW and RMSprop, with
PyTorch's update rules; learning-rate schedulers are in `optim.lr_scheduler`.

An optimizer reads each parameter's `.grad` and changes its `.data` in place. That
happens outside the graph (plain NumPy on `.data`), so no `no_grad()` is needed.
Parameters whose `.grad` is None are skipped, like in PyTorch.

Unlike PyTorch's, an optimizer here has a single parameter group: `param_groups` is a
list of one dict, `{"params": [...], "lr": ...}`, which is what schedulers read and
write, and `optimizer.lr` is that dict's "lr" (setting either changes both). Per-group
options (a list of dicts as `params`) are not supported.
"""

from __future__ import annotations

import math

import numpy as np

from ..tensor import Tensor


class Optimizer:
    """What every optimizer shares: the checked list of parameters, the learning rate,
    zero_grad."""

    def __init__(self, params, lr: float):
        if isinstance(params, Tensor):  # iterating it would give its rows, not itself
            raise TypeError(
                "params argument given to the optimizer should be an iterable of "
                f"Tensors or dicts, but got {type(params).__name__} of shape "
                f"{params.shape}; pass [tensor]"
            )
        self.params = list(params)
        if self.params and isinstance(self.params[0], dict):
            raise TypeError(
                f"{type(self).__name__}: parameter groups (a list of dicts) are not "
                "supported here; pass one list of parameters (one group)"
            )
        if not self.params:
            raise ValueError(
                f"{type(self).__name__} got an empty list of parameters; pass "
                "model.parameters() "
                "of a model that has some (a generator can be used only once)"
            )
        first_seen = {}  # id(parameter) -> its first position
        for i, p in enumerate(self.params):
            if not isinstance(p, Tensor):
                raise TypeError(
                    f"{type(self).__name__}: parameter {i} is a {type(p).__name__}, "
                    "expected a Tensor"
                )
            if not p.requires_grad:
                raise ValueError(
                    f"{type(self).__name__}: parameter {i} (shape {p.shape}) does not "
                    "require grad"
                )
            if id(p) in first_seen:  # it would be stepped twice per step()
                raise ValueError(
                    f"{type(self).__name__}: parameter {i} (shape {p.shape}) is "
                    f"parameter {first_seen[id(p)]} "
                    "again; list each parameter once (model.parameters() already does)"
                )
            first_seen[id(p)] = i
        lr = _positive("lr", lr, type(self).__name__)
        self.param_groups = [{"params": self.params, "lr": lr}]

    @property
    def lr(self) -> float:
        """The learning rate: `param_groups[0]["lr"]`, where a scheduler sets it."""
        return self.param_groups[0]["lr"]

    @lr.setter
    def lr(self, value: float) -> None:
        self.param_groups[0]["lr"] = _non_negative("lr", value, type(self).__name__)

    def zero_grad(self) -> None:
        """Forget the accumulated gradients (set each `.grad` to None)."""
        for p in self.params:
            p.grad = None

    def step(self) -> None:
        raise NotImplementedError


def _is_number(value) -> bool:
    """A real number; a bool is not one here (`lr=True` is a mistake, not 1.0)."""
    number = isinstance(value, (int, float, np.floating, np.integer))
    return number and not isinstance(value, bool)


def _positive(name: str, value, owner: str) -> float:
    if not (_is_number(value) and 0 < value < math.inf):
        raise ValueError(
            f"{owner}: {name} must be a positive, finite number, got {name}={value!r}"
        )
    return float(value)


def _non_negative(name: str, value, owner: str) -> float:
    if not (_is_number(value) and 0 <= value < math.inf):
        raise ValueError(
            f"{owner}: {name} must be a finite number >= 0, got {name}={value!r}"
        )
    return float(value)


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum and L2 weight decay.

    With g = grad + weight_decay·p, PyTorch's rule (dampening 0, no Nesterov) is

        v ← g on the first step, then v ← momentum·v + g;   p ← p - lr·v

    and with momentum 0 simply p ← p - lr·g.

    >>> from tensor_autograd.nn import Parameter
    >>> w = Parameter([1.0])
    >>> w.grad = np.array([0.5])
    >>> SGD([w], lr=0.1).step()
    >>> w.data
    array([0.95])
    """

    def __init__(
        self, params, lr: float, momentum: float = 0.0, weight_decay: float = 0.0
    ):
        super().__init__(params, lr)
        self.momentum = _non_negative("momentum", momentum, "SGD")
        self.weight_decay = _non_negative("weight_decay", weight_decay, "SGD")
        self.velocity = [None] * len(self.params)

    def step(self) -> None:
        for i, p in enumerate(self.params):
            g = p.grad
            if g is None:
                continue
            if self.weight_decay:
                g = g + self.weight_decay * p.data
            if self.momentum:
                v = self.velocity[i]
                if v is None:
                    # Our own buffer, updated in place from now on. np.array, not
                    # g.copy(): for a 0-d parameter g may be a NumPy scalar, which
                    # cannot change in place.
                    v = self.velocity[i] = np.array(g)
                else:
                    v *= self.momentum
                    v += g
                g = v
            p.data -= self.lr * g


class Adam(Optimizer):
    """Adam: a step along a running mean of gradients, scaled per element by a running
    RMS. (PyTorch's `amsgrad`, `foreach` and other implementation switches are not
    here.)

    With g = grad + weight_decay·p (L2, as in PyTorch's Adam; AdamW differs) and t the
    step count:

        m ← β₁·m + (1-β₁)·g          v ← β₂·v + (1-β₂)·g²
        p ← p - lr·m̂ / (√v̂ + eps),   where m̂ = m/(1-β₁ᵗ), v̂ = v/(1-β₂ᵗ)

    The bias corrections undo the pull towards the zeros m and v start from.

    >>> from tensor_autograd.nn import Parameter
    >>> w = Parameter([1.0])
    >>> w.grad = np.array([0.5])
    >>> Adam([w], lr=0.1).step()  # the first step moves each weight by about lr
    >>> w.data.round(6)
    array([0.9])
    """

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        betas=(0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ):
        super().__init__(params, lr)
        if not (isinstance(betas, (tuple, list)) and len(betas) == 2):
            raise ValueError(
                f"{type(self).__name__}: betas must be a pair (beta1, beta2), got "
                f"{betas!r}"
            )
        beta1, beta2 = betas
        for name, beta in (("betas[0]", beta1), ("betas[1]", beta2)):
            if not (_is_number(beta) and 0 <= beta < 1):
                raise ValueError(
                    f"{type(self).__name__}: {name} must be in [0, 1), got {beta!r}"
                )
        self.betas = (float(beta1), float(beta2))
        self.eps = _non_negative("eps", eps, type(self).__name__)
        self.weight_decay = _non_negative(
            "weight_decay", weight_decay, type(self).__name__
        )
        self.steps = [0] * len(
            self.params
        )  # per parameter: one without a grad is not stepped
        self.m = [None] * len(self.params)
        self.v = [None] * len(self.params)

    decoupled_weight_decay = False  # Adam's decay is L2; AdamW's shrinks p directly

    def step(self) -> None:
        beta1, beta2 = self.betas
        for i, p in enumerate(self.params):
            g = p.grad
            if g is None:
                continue
            if self.weight_decay and self.decoupled_weight_decay:  # AdamW
                p.data *= 1 - self.lr * self.weight_decay
            elif self.weight_decay:  # Adam: L2, added to the gradient
                g = g + self.weight_decay * p.data
            if self.m[i] is None:
                self.m[i], self.v[i] = np.zeros_like(p.data), np.zeros_like(p.data)
            m, v = self.m[i], self.v[i]
            self.steps[i] += 1
            t = self.steps[i]
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * (g * g)
            # PyTorch's arrangement of lr·m̂/(√v̂ + eps): the same value, fewer array
            # passes.
            denom = np.sqrt(v) / math.sqrt(1 - beta2**t) + self.eps
            p.data -= (self.lr / (1 - beta1**t)) * m / denom


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter), as `torch.optim.AdamW`.

    Adam's `weight_decay` adds weight_decay·p to the gradient, which then goes through
    the division by √v̂: a weight with large gradients is barely decayed. AdamW shrinks
    the weight itself, p ← p·(1 - lr·weight_decay), before the Adam step on the raw
    gradient, so every weight decays at the same rate. Its default weight_decay is 0.01.

    >>> from tensor_autograd.nn import Parameter
    >>> w = Parameter([1.0])
    >>> w.grad = np.array([0.0])
    >>> AdamW([w], lr=0.1, weight_decay=0.5).step()  # a zero gradient: only the decay
    >>> w.data
    array([0.95])
    """

    decoupled_weight_decay = True

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        betas=(0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
    ):
        super().__init__(params, lr, betas, eps, weight_decay)


class RMSprop(Optimizer):
    """RMSprop: each weight's step divided by a running root-mean-square of its
    gradients, as `torch.optim.RMSprop` (no bias correction, unlike Adam).

    With g = grad + weight_decay·p:

        s ← α·s + (1-α)·g²;   d = √s + eps
        (centered: d = √(s - ḡ²) + eps, with ḡ ← α·ḡ + (1-α)·g)
        p ← p - lr·g/d,   or with momentum:   b ← momentum·b + g/d;   p ← p - lr·b

    >>> from tensor_autograd.nn import Parameter
    >>> w = Parameter([1.0])
    >>> w.grad = np.array([0.5])
    >>> RMSprop([w], lr=0.01).step()  # the first step is lr/√(1-α) = 0.1
    >>> w.data.round(6)
    array([0.9])
    """

    def __init__(
        self,
        params,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
    ):
        super().__init__(params, lr)
        if not (_is_number(alpha) and 0 <= alpha <= 1):
            raise ValueError(f"RMSprop: alpha must be in [0, 1], got {alpha!r}")
        self.alpha = float(alpha)
        self.eps = _non_negative("eps", eps, "RMSprop")
        self.weight_decay = _non_negative("weight_decay", weight_decay, "RMSprop")
        self.momentum = _non_negative("momentum", momentum, "RMSprop")
        if not isinstance(centered, bool):
            raise TypeError(
                f"RMSprop: centered must be True or False, got {centered!r}"
            )
        self.centered = centered
        self.square_avg = [None] * len(self.params)
        self.grad_avg = [None] * len(self.params)
        self.momentum_buffer = [None] * len(self.params)

    def step(self) -> None:
        alpha = self.alpha
        for i, p in enumerate(self.params):
            g = p.grad
            if g is None:
                continue
            if self.weight_decay:
                g = g + self.weight_decay * p.data
            if self.square_avg[i] is None:
                self.square_avg[i] = np.zeros_like(p.data)
                self.grad_avg[i] = np.zeros_like(p.data) if self.centered else None
                buffer = np.zeros_like(p.data) if self.momentum else None
                self.momentum_buffer[i] = buffer
            s = self.square_avg[i]
            s *= alpha
            s += (1 - alpha) * (g * g)
            if self.centered:  # the variance instead of the mean square
                m = self.grad_avg[i]
                m *= alpha
                m += (1 - alpha) * g
                denom = np.sqrt(s - m * m) + self.eps
            else:
                denom = np.sqrt(s) + self.eps
            if self.momentum:
                b = self.momentum_buffer[i]
                b *= self.momentum
                b += g / denom
                p.data -= self.lr * b
            else:
                p.data -= self.lr * g / denom


# optim.lr_scheduler is a submodule, as in PyTorch.
from . import lr_scheduler  # noqa: E402, F401
