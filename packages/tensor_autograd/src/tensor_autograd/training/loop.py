"""The training loop: forward, loss, backward, step — batch after batch, epoch after epoch.

The learning rate follows a schedule: ``cosine`` (the default) lowers it smoothly from ``lr`` to
0 over the run, ``constant`` keeps it. With mini-batches each step follows a noisy estimate of
the gradient, so at a constant rate the weights keep jittering around the minimum; letting the
rate go to zero lets them settle, which is what brings the linear model within 1 % of the
closed-form least-squares loss.
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


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite: the steps were too large and the weights blew up."""


# --8<-- [start:loss_function]
def loss_function(regression: bool) -> Callable[[Tensor, np.ndarray], Tensor]:
    """Mean squared error for regression; binary cross-entropy on logits for classification."""
    return functional.mse_loss if regression else functional.binary_cross_entropy_with_logits
# --8<-- [end:loss_function]


# --8<-- [start:learning_rate]
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
    raise ValueError(f"unknown learning-rate schedule {schedule!r}; expected one of {list(SCHEDULES)}")
# --8<-- [end:learning_rate]


def predict(model: nn.Module, x: np.ndarray) -> np.ndarray:
    """The model's raw outputs for the rows of ``x``, as a NumPy array (no graph is recorded).

    >>> from tensor_autograd.training.models import Architecture, build_model
    >>> predict(build_model(Architecture("mlp", inputs=2, hidden=(4,))), np.zeros((5, 2), np.float32)).shape
    (5, 1)
    """
    with no_grad():
        return model(Tensor(x)).data


def evaluate_loss(model: nn.Module, x: np.ndarray, y: np.ndarray, regression: bool) -> float:
    """The training objective on a whole split, in float64.

    >>> from tensor_autograd.training.models import Architecture, build_model
    >>> model = build_model(Architecture("linear", inputs=1))
    >>> evaluate_loss(model, np.zeros((3, 1), np.float32), model.state_dict()["0.bias"][None].repeat(3, 0), True)
    0.0
    """
    with no_grad(), np.errstate(over="ignore", invalid="ignore"):
        out = model(Tensor(x)).data.astype(np.float64)
        loss = loss_function(regression)(Tensor(out), Tensor(np.asarray(y, dtype=np.float64)))
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
    """Train ``model`` in place; return the mean batch loss of every epoch (the loss curve).

    A tqdm progress bar (on ``file``, stderr by default) shows the running loss of the current
    epoch. A loss that is NaN or infinite stops training with `TrainingDiverged`.

    >>> from tensor_autograd import optim
    >>> from tensor_autograd.data import ArrayDataset
    >>> from tensor_autograd.training.models import Architecture, build_model
    >>> x = np.linspace(0, 1, 16)[:, None]
    >>> model = build_model(Architecture("linear", inputs=1), seed=0)
    >>> curve = fit(model, DataLoader(ArrayDataset(x, 3 * x), 4, shuffle=True, seed=0),
    ...             optim.SGD(model.parameters(), lr=0.5), epochs=50, regression=True, progress=False)
    >>> curve[-1] < 1e-3 < curve[0]
    True
    """
    from tqdm import tqdm  # imported here so the module imports fast

    loss_of = loss_function(regression)
    base_lr = optimizer.lr
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
        # Blown-up weights overflow before the loss turns NaN; we detect that ourselves, so NumPy's
        # overflow warnings would only be noise.
        with bar, np.errstate(over="ignore", invalid="ignore"):
            # --8<-- [start:fit_loop]
            for epoch in bar:
                optimizer.lr = learning_rate(base_lr, epoch, epochs, schedule)
                total, rows = 0.0, 0
                for batch, (x, y) in enumerate(loader, start=1):
                    loss = loss_of(model(Tensor(x)), Tensor(y))
                    value = float(loss.data)
                    if not math.isfinite(value):
                        raise TrainingDiverged(
                            f"the loss became {value} at epoch {epoch + 1}, batch {batch}: the steps are too large "
                            f"and the weights blew up; try a smaller learning rate, e.g. --lr {base_lr / 10:g}"
                        )
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
                    total += value * len(x)
                    rows += len(x)
                    bar.set_postfix(loss=f"{total / rows:.5f}", refresh=False)
                curve.append(total / rows)
            # --8<-- [end:fit_loop]
    finally:
        optimizer.lr = base_lr  # also when training stops early: the optimizer is the caller's
    return curve
