"""Ten classes: the MNIST-1D paper's three models, trained with early stopping.

Greydanus (2020) trains on MNIST-1D a linear model, an MLP and a CNN, with Adam at a
learning rate of 0.01 on mini-batches of 100 for 6,000 steps, and reports test
accuracies of 32 %, 68 % and 94 %. `train_mnist1d` does the same with this package,
plus what the paper's table does not show: a validation set carved from the training
set, evaluated every ``eval_every`` steps, and *early stopping* — training ends when
the validation accuracy has not improved for ``patience`` evaluations, and the weights
of the best evaluation are the ones kept.

>>> run = train_mnist1d("linear", Settings(steps=200, eval_every=50))
>>> run.test_accuracy > 0.2, run.confusion.shape, int(run.confusion.sum())
(True, (10, 10), 1000)
"""

from __future__ import annotations

import math
import sys
from dataclasses import asdict, dataclass, field
from typing import IO

import numpy as np

from tensor_autograd import Tensor, functional, nn, no_grad, optim
from tensor_autograd.data.batching import ArrayDataset, DataLoader
from tensor_autograd.data.mnist1d import CLASSES, SIGNAL_LENGTH, MNIST1D, load_mnist1d
from tensor_autograd.data.split import validation_split
from tensor_autograd.training import metrics
from tensor_autograd.training.loop import (
    DIVERGENCE_FACTOR,
    NEGLIGIBLE_LOSS,
    SCHEDULES,
    TrainingDiverged,
    learning_rate,
)
from tensor_autograd.training.threads import one_blas_thread

#: The paper's models, in the order of its table.
MODELS = ("linear", "mlp", "cnn")
#: The paper's test accuracies (Greydanus 2020, table 1), for comparison.
PAPER_ACCURACY = {"linear": 0.32, "mlp": 0.68, "cnn": 0.94}
#: Rows per forward pass when evaluating: bounds the memory of a CNN's unfolded input.
EVAL_BATCH = 1000


class NothingLearned(TrainingDiverged):
    """Training ended with a model no better than always answering the most frequent
    class: its accuracy means nothing, so the run fails rather than report it."""


# -- the models ------------------------------------------------------------------------
def build_classifier(kind: str, seed=0) -> nn.Sequential:
    """A freshly initialised MNIST-1D model (40 inputs, 10 logits); same seed, same
    weights.

    * ``linear``: ``Linear(40, 10)`` — multinomial logistic regression;
    * ``mlp``: ``40 → 100 → 100 → 10`` with ReLUs;
    * ``cnn``: three ``Conv1d`` layers of 25 channels (kernels 5, 3, 3, stride 2,
      padding 1, each followed by a ReLU) on the signal as one channel, and a
      ``Linear`` layer from the 25 × 5 features to 10.

    >>> cnn = build_classifier("cnn")
    >>> cnn(Tensor(np.zeros((2, 40), np.float32))).shape, count_parameters(cnn)
    ((2, 10), 5210)
    """
    rng = np.random.default_rng(seed)
    if kind == "linear":
        return nn.Sequential(nn.Linear(SIGNAL_LENGTH, CLASSES, rng=rng))
    if kind == "mlp":
        return nn.Sequential(
            nn.Linear(SIGNAL_LENGTH, 100, rng=rng), nn.ReLU(),
            nn.Linear(100, 100, rng=rng), nn.ReLU(),
            nn.Linear(100, CLASSES, rng=rng),
        )  # fmt: skip
    if kind == "cnn":
        return nn.Sequential(
            nn.Unflatten(1, (1, SIGNAL_LENGTH)),  # N, 40 -> N, 1, 40: one channel
            nn.Conv1d(1, 25, 5, stride=2, padding=1, rng=rng), nn.ReLU(),  # N, 25, 19
            nn.Conv1d(25, 25, 3, stride=2, padding=1, rng=rng), nn.ReLU(),  # N, 25, 10
            nn.Conv1d(25, 25, 3, stride=2, padding=1, rng=rng), nn.ReLU(),  # N, 25, 5
            nn.Flatten(),  # N, 125
            nn.Linear(25 * 5, CLASSES, rng=rng),
        )  # fmt: skip
    raise ValueError(f"unknown MNIST-1D model {kind!r}; expected one of {list(MODELS)}")


def count_parameters(model: nn.Module) -> int:
    """How many numbers the model learns.

    >>> count_parameters(build_classifier("linear"))  # 40 · 10 weights + 10 biases
    410
    """
    return sum(p.data.size for p in model.parameters())


# -- evaluating ------------------------------------------------------------------------
def logits_of(model: nn.Module, x: np.ndarray) -> np.ndarray:
    """The model's logits for the rows of ``x``, recording no graph."""
    outputs = []
    with no_grad():
        for start in range(0, len(x), EVAL_BATCH):
            outputs.append(model(Tensor(x[start : start + EVAL_BATCH])).data)
    return np.concatenate(outputs) if outputs else np.zeros((0, CLASSES), np.float32)


def classify(model: nn.Module, x: np.ndarray) -> np.ndarray:
    """The predicted class of every row of ``x``: the index of its largest logit."""
    return logits_of(model, x).argmax(axis=1)


def evaluate(model: nn.Module, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The mean cross-entropy and the accuracy of ``model`` on ``x``, labels ``y``."""
    logits = logits_of(model, x)
    with np.errstate(over="ignore", invalid="ignore"):
        loss = functional.cross_entropy(Tensor(logits.astype(np.float64)), y).item()
    return loss, metrics.accuracy(y, logits.argmax(axis=1))


# -- training --------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    """How to train: the paper's Adam, learning rate, batch size and steps, plus the
    validation split and early stopping (the defaults are the command line's).

    ``patience`` counts evaluations, one every ``eval_every`` steps (250, as in the
    paper's code): the default stops a run whose validation accuracy has not improved
    for 3,000 steps. ``schedule`` is the learning rate's, as in `loop.learning_rate`:
    ``constant`` (the paper's) or ``cosine``.
    """

    steps: int = 6000
    batch_size: int = 100
    lr: float = 0.01
    eval_every: int = 250
    patience: int = 12
    validation_fraction: float = 0.1
    seed: int = 0
    schedule: str = "constant"

    def __post_init__(self) -> None:
        for name in ("steps", "batch_size", "eval_every", "patience"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise ValueError(f"lr must be a positive number, got {self.lr!r}")
        if self.schedule not in SCHEDULES:
            raise ValueError(
                f"unknown schedule {self.schedule!r}; expected one of {list(SCHEDULES)}"
            )
        if not 0.0 < self.validation_fraction < 1.0:
            raise ValueError(
                "validation_fraction must be between 0 and 1 (exclusive), "
                f"got {self.validation_fraction!r}"
            )


@dataclass
class History:
    """What `fit_classifier` saw at each evaluation: the step, the mean training loss of
    the batches since the previous evaluation, and the loss and accuracy on the whole
    training and validation sets."""

    step: list[int] = field(default_factory=list)
    batch_loss: list[float] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    #: The evaluation whose weights were kept, and whether patience ran out.
    best_step: int = 0
    best_val_accuracy: float = 0.0
    stopped_early: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def fit_classifier(
    model: nn.Module,
    train: tuple[np.ndarray, np.ndarray],
    val: tuple[np.ndarray, np.ndarray],
    settings: Settings = Settings(),
    progress: bool = False,
    file: IO[str] | None = None,
) -> History:
    """Train ``model`` with Adam on softmax cross-entropy; keep the best weights.

    Every ``settings.eval_every`` steps the model is scored on the training and the
    validation rows. The weights with the best validation accuracy so far are copied
    aside; when ``settings.patience`` evaluations in a row bring no improvement,
    training stops, and at the end those best weights are put back into ``model``.
    A batch loss that becomes NaN or infinite, or grows to `loop.DIVERGENCE_FACTOR`
    times the loss before the first step, raises `TrainingDiverged`.
    """
    from tqdm import tqdm  # imported here so the module imports fast

    x_train, y_train = train
    loader = DataLoader(
        ArrayDataset(x_train, y_train), settings.batch_size, shuffle=True,
        seed=[settings.seed, 2], drop_last=len(x_train) >= settings.batch_size,
    )  # fmt: skip
    optimizer = optim.Adam(model.parameters(), lr=settings.lr)
    base_lr, schedule = settings.lr, settings.schedule
    history = History()
    start = evaluate(model, *train)[0]
    ceiling = DIVERGENCE_FACTOR * max(start, NEGLIGIBLE_LOSS)
    best_state, waited, losses = model.state_dict(), 0, []
    bar = tqdm(
        total=settings.steps, desc="training", unit="step", disable=not progress,
        file=file if file is not None else sys.stderr, dynamic_ncols=True,
    )  # fmt: skip
    # One BLAS thread: for products this small, threads cost more than they share.
    with bar, np.errstate(over="ignore", invalid="ignore"), one_blas_thread():
        step = 0
        while step < settings.steps and not history.stopped_early:
            for x, y in loader:  # one pass over the shuffled rows
                optimizer.lr = learning_rate(base_lr, step, settings.steps, schedule)
                step += 1
                labels = y[:, 0].astype(np.int64)  # ArrayDataset keeps floats
                loss = functional.cross_entropy(model(Tensor(x)), labels)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
                if not losses[-1] <= ceiling:  # NaN too
                    raise TrainingDiverged(
                        f"the loss grew from {start:.4g} to {losses[-1]:.4g} at step "
                        f"{step}: learning rate {base_lr:g} is too large; try e.g. "
                        f"--lr {base_lr / 10:g}"
                    )
                bar.update()
                if step % settings.eval_every == 0 or step == settings.steps:
                    improved = _record(history, model, step, losses, train, val)
                    losses = []
                    if improved:
                        best_state, waited = model.state_dict(), 0
                    else:
                        waited += 1
                        out_of_patience = waited >= settings.patience
                        history.stopped_early = (
                            out_of_patience and step < settings.steps
                        )
                    bar.set_postfix(
                        loss=f"{history.batch_loss[-1]:.3f}",
                        val=f"{history.val_accuracy[-1]:.1%}",
                        best=f"{history.best_val_accuracy:.1%}", refresh=False,
                    )  # fmt: skip
                if step >= settings.steps or history.stopped_early:
                    break
    model.load_state_dict(best_state)
    return history


def _record(history: History, model, step: int, losses, train, val) -> bool:
    """Score the model on both sets into ``history``; True if it is the best yet."""
    model.eval()
    train_loss, train_accuracy = evaluate(model, *train)
    val_loss, val_accuracy = evaluate(model, *val)
    model.train()
    history.step.append(step)
    history.batch_loss.append(float(np.mean(losses)))
    history.train_loss.append(train_loss)
    history.train_accuracy.append(train_accuracy)
    history.val_loss.append(val_loss)
    history.val_accuracy.append(val_accuracy)
    if len(history.step) == 1 or val_accuracy >= history.best_val_accuracy:
        history.best_step, history.best_val_accuracy = step, val_accuracy
        return True
    return False


# -- a whole run -----------------------------------------------------------------------
@dataclass
class MNIST1DRun:
    """A trained model and what it scored."""

    kind: str
    settings: Settings
    model: nn.Module
    history: History
    test_accuracy: float
    test_loss: float
    #: Counts ``[true class, predicted class]`` over the test set.
    confusion: np.ndarray
    #: The accuracy of always answering the most frequent training class.
    majority_accuracy: float


def train_mnist1d(
    kind: str,
    settings: Settings = Settings(),
    data: MNIST1D | None = None,
    progress: bool = False,
    file: IO[str] | None = None,
) -> MNIST1DRun:
    """Train the paper's model ``kind`` on MNIST-1D and score it on the test set.

    The validation set is a seeded ``settings.validation_fraction`` of the 4,000
    training signals; the test set is used once, at the end. Raises `NothingLearned`
    when the kept model is no better on the validation set than the majority class.
    """
    data = data if data is not None else load_mnist1d()
    x_train, y_train, x_val, y_val = validation_split(
        data.x_train, data.y_train, settings.validation_fraction, seed=settings.seed
    )
    model = build_classifier(kind, seed=[settings.seed, 1])
    history = fit_classifier(
        model, (x_train, y_train), (x_val, y_val), settings, progress, file
    )
    majority = int(np.bincount(y_train, minlength=CLASSES).argmax())
    majority_val = metrics.accuracy(y_val, np.full(len(y_val), majority))
    if not history.best_val_accuracy > majority_val:
        raise NothingLearned(
            f"the {kind} model's best validation accuracy, "
            f"{history.best_val_accuracy:.1%}, is no better than always answering "
            f"class {majority} ({majority_val:.1%}): it learned nothing; train longer "
            "(--steps) or change the learning rate (--lr)"
        )
    model.eval()
    with one_blas_thread():
        test_loss, test_accuracy = evaluate(model, data.x_test, data.y_test)
        predicted = classify(model, data.x_test)
    confusion = metrics.confusion_matrix(data.y_test, predicted, n_classes=CLASSES)
    majority_test = metrics.accuracy(data.y_test, np.full(len(data.y_test), majority))
    return MNIST1DRun(
        kind,
        settings,
        model,
        history,
        test_accuracy,
        test_loss,
        confusion,
        majority_test,
    )
