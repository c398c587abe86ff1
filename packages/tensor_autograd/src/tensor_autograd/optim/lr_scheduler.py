"""Learning-rate schedulers, as `torch.optim.lr_scheduler` (reached as
`optim.lr_scheduler`).

A scheduler owns the learning rate of an optimizer's `param_groups`. Made with
`last_epoch=-1`, it takes its first step at once (epoch 0: the lr is the optimizer's,
saved as each group's "initial_lr"); each `step()`, called once per epoch *after*
`optimizer.step()`, moves to the next epoch and writes the new lr into the group.

StepLR and CosineAnnealingLR compute the new lr from the current one, as PyTorch's
"chainable" form does, so that two schedulers on one optimizer compose; without another
scheduler it equals the closed form given in each docstring. LambdaLR is a closed form.

>>> from tensor_autograd import nn, optim
>>> opt = optim.SGD([nn.Parameter([0.0])], lr=1.0)
>>> sched = StepLR(opt, step_size=2, gamma=0.5)
>>> lrs = []
>>> for epoch in range(5):
...     lrs.append(sched.get_last_lr()[0])
...     opt.step(); sched.step()
>>> lrs
[1.0, 1.0, 0.5, 0.5, 0.25]
"""

from __future__ import annotations

import math


class LRScheduler:
    """What every scheduler shares: the base lrs, `last_epoch`, `step()`,
    `get_last_lr()`."""

    def __init__(self, optimizer, last_epoch: int = -1):
        groups = getattr(optimizer, "param_groups", None)
        if not groups:
            raise TypeError(
                f"{type(optimizer).__name__} is not an optimizer with param_groups"
            )
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in groups:
                group.setdefault("initial_lr", group["lr"])
        elif any("initial_lr" not in group for group in groups):
            raise KeyError(
                "param 'initial_lr' is not specified in param_groups when "
                "resuming an optimizer (last_epoch != -1)"
            )
        self.base_lrs = [group["initial_lr"] for group in groups]
        self.last_epoch = last_epoch
        self._step_count = 0
        self._is_initial = True  # the first step keeps the lr a resumed run left
        self.step()  # epoch 0 (or the epoch after the one resumed from)
        self._is_initial = False

    def get_lr(self) -> list[float]:
        """The lr of each group at `self.last_epoch`, from their current lr."""
        raise NotImplementedError

    def step(self) -> None:
        """Move to the next epoch and set each group's lr for it."""
        self._step_count += 1
        self.last_epoch += 1
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def get_last_lr(self) -> list[float]:
        """The lr of each group, as last set by `step()`."""
        return list(self._last_lr)

    def state_dict(self) -> dict:
        """The scheduler's state, without the optimizer (as in PyTorch)."""
        return {
            k: v for k, v in vars(self).items() if k not in ("optimizer", "_is_initial")
        }

    def load_state_dict(self, state: dict) -> None:
        vars(self).update(state)


def _group_lrs(scheduler) -> list[float]:
    return [group["lr"] for group in scheduler.optimizer.param_groups]


class StepLR(LRScheduler):
    """Multiply the lr by `gamma` every `step_size` epochs:
    lr = base_lr · gamma^(epoch // step_size).
    """

    def __init__(
        self, optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1
    ):
        if (
            not isinstance(step_size, int)
            or isinstance(step_size, bool)
            or step_size <= 0
        ):
            raise ValueError(
                f"StepLR: step_size must be a positive integer, got {step_size!r}"
            )
        self.step_size, self.gamma = step_size, gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return _group_lrs(self)
        return [lr * self.gamma for lr in _group_lrs(self)]


class CosineAnnealingLR(LRScheduler):
    """Follow half a cosine from the base lr down to `eta_min` over `T_max` epochs
    (and back up over the next T_max, as PyTorch's does):

        lr = eta_min + (base_lr - eta_min) · (1 + cos(π · epoch / T_max)) / 2

    Computed, as in PyTorch, as the previous lr times the ratio of two consecutive
    cosine factors, which gives the same numbers when no other scheduler changes the lr.
    """

    def __init__(
        self, optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1
    ):
        if not isinstance(T_max, int) or isinstance(T_max, bool) or T_max <= 0:
            raise ValueError(
                f"CosineAnnealingLR: T_max must be a positive integer, got {T_max!r}"
            )
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        epoch, T, eta_min = self.last_epoch, self.T_max, self.eta_min
        if self._is_initial:
            return _group_lrs(self)
        if (epoch - 1 - T) % (
            2 * T
        ) == 0:  # at the bottom, where the ratio would be 0/0
            return [
                lr + (base - eta_min) * (1 - math.cos(math.pi / T)) / 2
                for base, lr in zip(self.base_lrs, _group_lrs(self))
            ]
        ratio = (1 + math.cos(math.pi * epoch / T)) / (
            1 + math.cos(math.pi * (epoch - 1) / T)
        )
        return [ratio * (lr - eta_min) + eta_min for lr in _group_lrs(self)]


class LambdaLR(LRScheduler):
    """lr = base_lr · lr_lambda(epoch), with `lr_lambda` a function of the epoch (or a
    list of them, one per parameter group). Warm-up, for one, is
    `lambda e: min(1, (e + 1) / 5)`.
    """

    def __init__(self, optimizer, lr_lambda, last_epoch: int = -1):
        groups = getattr(optimizer, "param_groups", [])
        lambdas = list(lr_lambda) if isinstance(lr_lambda, (list, tuple)) else None
        if lambdas is None:
            lambdas = [lr_lambda] * len(groups)
        elif len(lambdas) != len(groups):
            raise ValueError(
                f"Expected {len(groups)} lr_lambdas, but got {len(lambdas)}"
            )
        if not all(callable(f) for f in lambdas):
            raise TypeError(
                "LambdaLR: lr_lambda must be a function of the epoch (or a list)"
            )
        self.lr_lambdas = lambdas
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        return [
            base * f(self.last_epoch) for base, f in zip(self.base_lrs, self.lr_lambdas)
        ]

    def state_dict(self) -> dict:
        return {k: v for k, v in super().state_dict().items() if k != "lr_lambdas"}
