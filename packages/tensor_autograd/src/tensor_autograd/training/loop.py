"""The training loop: forward, loss, backward, step — batch after batch, epoch after
epoch.

The learning rate follows a schedule: ``cosine`` (the default) lowers it smoothly from
``lr`` to 0 over the run, ``constant`` keeps it. With mini-batches each step follows a
noisy estimate of the gradient, so at a constant rate the weights keep jittering around
the minimum; letting the rate go to zero lets them settle, which is what brings the
linear model within 1 % of the closed-form least-squares loss.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import IO

import numpy as np

from tensor_autograd import Tensor, functional, no_grad, nn
from tensor_autograd.data.batching import DataLoader

SCHEDULES = ("cosine", "constant")


#: A batch loss this many times the loss training started from means the weights are
#: blowing up: the run stops there rather than waiting for the numbers to overflow.
DIVERGENCE_FACTOR = 100.0


#: A loss this small counts as zero for the divergence checks: for min-max scaled
#: targets it is an error of 0.1 % of their range; for cross-entropy, sure answers.
NEGLIGIBLE_LOSS = 1e-6


class TrainingDiverged(RuntimeError):
    """Training made the model worse instead of better: the loss became NaN or infinite,
    grew far past where it started, or ended above it. The steps were too large."""


def loss_function(regression: bool) -> Callable[[Tensor, np.ndarray], Tensor]:
    """Mean squared error for regression; binary cross-entropy on logits for
    classification."""
    return (
        functional.mse_loss
        if regression
        else functional.binary_cross_entropy_with_logits
    )


def learning_rate(base: float, epoch: int, epochs: int, schedule: str) -> float:
    """The rate for ``epoch`` (0-based) of ``epochs``.

    >>> [round(learning_rate(1.0, e, 4, "cosine"), 3) for e in range(4)]
    [1.0, 0.854, 0.5, 0.146]
    >>> learning_rate(0.1, 3, 4, "constant")
    0.1
    """
    if schedule == "constant":
        return base
    if schedule == "cosine":
        return base * 0.5 * (1.0 + math.cos(math.pi * epoch / epochs))
    raise ValueError(
        f"unknown learning-rate schedule {schedule!r}; expected one of "
        f"{list(SCHEDULES)}"
    )


def predict(model: nn.Module, x: np.ndarray) -> np.ndarray:
    """The model's raw outputs for the rows of ``x``, as a NumPy array (no graph is
    recorded).

    >>> from tensor_autograd.training.models import Architecture, build_model
    >>> model = build_model(Architecture("mlp", inputs=2, hidden=(4,)))
    >>> predict(model, np.zeros((5, 2), np.float32)).shape
    (5, 1)
    """
    with no_grad():
        return model(Tensor(x)).data


def evaluate_loss(
    model: nn.Module, x: np.ndarray, y: np.ndarray, regression: bool
) -> float:
    """The training objective on a whole split, in float64.

    >>> from tensor_autograd.training.models import Architecture, build_model
    >>> model = build_model(Architecture("linear", inputs=1))
    >>> targets = model.state_dict()["0.bias"][None].repeat(3, 0)
    >>> evaluate_loss(model, np.zeros((3, 1), np.float32), targets, True)
    0.0
    """
    with no_grad(), np.errstate(over="ignore", invalid="ignore"):
        out = model(Tensor(x)).data.astype(np.float64)
        loss = loss_function(regression)(
            Tensor(out), Tensor(np.asarray(y, dtype=np.float64))
        )
    return float(loss.data)


def fit(
    model: nn.Module,
    loader: DataLoader,
    optimizer,
    epochs: int,
    regression: bool,
    schedule: str = "cosine",
    progress: bool = True,
    file: IO[str] | None = None,
) -> list[float]:
    """Train ``model`` in place; return the mean batch loss of every epoch (the loss
    curve).

    A tqdm progress bar (on ``file``, stderr by default) shows the running loss of the
    current epoch. Training stops with `TrainingDiverged` when a batch loss is NaN or
    infinite or more than :data:`DIVERGENCE_FACTOR` times the loss on the whole training
    set before the first step, and fails the same way when the loss at the end is above
    that starting loss: either way the weights are no answer, and the message suggests a
    smaller learning rate.

    >>> from tensor_autograd import optim
    >>> from tensor_autograd.data import ArrayDataset
    >>> from tensor_autograd.training.models import Architecture, build_model
    >>> x = np.linspace(0, 1, 16)[:, None]
    >>> model = build_model(Architecture("linear", inputs=1), seed=0)
    >>> curve = fit(model, DataLoader(ArrayDataset(x, 3 * x), 4, shuffle=True, seed=0),
    ...             optim.SGD(model.parameters(), lr=0.5), epochs=50, regression=True,
    ...             progress=False)
    >>> curve[-1] < 1e-3 < curve[0]
    True
    """
    from tqdm import tqdm  # imported here so the module imports fast

    loss_of = loss_function(regression)
    base_lr = optimizer.lr
    x_all, y_all = loader.dataset[np.arange(len(loader.dataset))]
    start = evaluate_loss(model, x_all, y_all, regression)
    # A model that fits from the start (a loss of about 0) may wobble: that is no growth
    ceiling = max(start, NEGLIGIBLE_LOSS)
    curve: list[float] = []
    bar = tqdm(
        range(epochs),
        desc="training",
        unit="epoch",
        disable=not progress,
        file=file if file is not None else sys.stderr,
        dynamic_ncols=True,
    )
    try:
        # Blown-up weights overflow before the loss turns NaN; we detect that ourselves,
        # so NumPy's overflow warnings would only be noise.
        with bar, np.errstate(over="ignore", invalid="ignore"):
            for epoch in bar:
                optimizer.lr = learning_rate(base_lr, epoch, epochs, schedule)
                limits = (start, ceiling, base_lr)
                mean = train_epoch(
                    model, loader, optimizer, loss_of, epoch, limits, bar
                )
                curve.append(mean)
    finally:
        optimizer.lr = (
            base_lr  # also when training stops early: the optimizer is the caller's
        )
    end = evaluate_loss(model, x_all, y_all, regression)
    if not end <= ceiling:  # NaN too: the last step may have overflowed
        raise TrainingDiverged(
            f"the loss grew from {start:.6g} to {end:.6g} "
            f"over {epochs} epoch{'s' if epochs != 1 else ''}: {_too_large(base_lr)}"
        )
    return curve


def train_epoch(model, loader, optimizer, loss_of, epoch, limits, bar) -> float:
    """One pass over the batches — forward, loss, backward, step — returning the mean
    loss per row. `limits` is `(start, ceiling, base_lr)`: the loss before training, the
    loss above which a run has diverged, and the learning rate to name in the error.

    Raises `TrainingDiverged` when a batch's loss is not finite or grows past
    `DIVERGENCE_FACTOR * ceiling` (it stops before the weights overflow).
    """
    start, ceiling, base_lr = limits
    total, rows = 0.0, 0
    for batch, (x, y) in enumerate(loader, start=1):
        loss = loss_of(model(Tensor(x)), Tensor(y))
        value = float(loss.data)
        where = f"at epoch {epoch + 1}, batch {batch}"
        if not math.isfinite(value):
            raise TrainingDiverged(
                f"the loss became {value} {where}: {_too_large(base_lr)}"
            )
        if value > DIVERGENCE_FACTOR * ceiling:  # stop before it overflows
            raise TrainingDiverged(
                f"the loss grew from {start:.6g} to {value:.6g} {where}: "
                + _too_large(base_lr)
            )
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += value * len(x)
        rows += len(x)
        bar.set_postfix(loss=f"{total / rows:.5f}", refresh=False)
    return total / rows


def _too_large(lr: float) -> str:
    return (
        f"learning rate {lr:g} is too large, each step overshoots the minimum and the "
        f"weights blow up; try a smaller learning rate, e.g. --lr {lr / 10:g}"
    )
