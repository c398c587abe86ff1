"""Train a model on the gender dataset: ``python -m tensor_autograd.train``.

By default: linear regression of Income (USD) from Gender, Age and Height (cm), features
and target min-max scaled on the training split, SGD on mini-batches of 16 with a cosine
learning rate from 0.3, 200 epochs, seed 0 — a couple of seconds. ``--task classify``
predicts Gender from Age, Height, Weight and Income instead (logistic regression, or an
MLP with ``--model mlp``).

At the end it prints the test metrics next to a baseline — the closed-form least-squares
fit for regression (and how close gradient descent came to its training loss), the
majority class for classification — and, with ``--save``, writes a model file that
``tensor_autograd.predict`` reads. The same seed gives the same numbers, run after run.
One split is one draw, though: with ``--folds K`` the run also trains the same model on
each of K cross-validation folds and prints the mean and spread of their test R² (or
accuracy), a far steadier number on a table as small as this one.

A run that fails says so and writes nothing: bad data (a row outside the plausible
ranges, one class only for a classifier), a loss that becomes NaN or grows past where
it started (the message suggests a smaller learning rate), or no step that moved
the weights (a learning rate too small for float32) — each prints ``error: ...``
on stderr and exits with status 1, before the model file or the plot is written. Bad
options exit with status 2.

Data: ``--data PATH`` reads a local CSV; otherwise ``--source auto`` (default) uses
Kaggle's dataset (from kagglehub's cache when it was downloaded before) and falls back
to the bundled SYNTHETIC sample, ``--source kaggle`` insists on the real data,
``--source synthetic`` never goes online. The output always says which one was used.

``--dataset mnist1d`` trains on MNIST-1D instead (signals of 40 samples, ten classes)
one of the models of Greydanus (2020), ``--model linear``, ``mlp`` or ``cnn``: Adam at
0.01 on mini-batches of 100, up to 6,000 steps, a validation set of 10 % of the
training signals, early stopping on its accuracy with the best weights kept; it prints
the test accuracy and the confusion matrix (see `tensor_autograd.cli.mnist1d`).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
from scalar_autograd.plumbing.args import (
    MAX_EPOCHS,
    MAX_STEPS,
    epochs,
    fraction,
    learning_rate,
    non_negative_int,
    positive_int,
    steps,
)
from scalar_autograd.plumbing.files import FilePathError, stale_note
from scalar_autograd.plumbing.plots import (
    check_plot_path,
    require_matplotlib,
    save_figure,
)

from tensor_autograd.data import (
    SOURCES,
    TASKS,
    DataError,
    DataLoader,
    DataSourceError,
    LoadedData,
    PreparedData,
    get_task,
    kfold_indices,
    load_gender_data,
    prepare_rows,
    prepare_task,
)
from tensor_autograd.training import metrics
from tensor_autograd.training.baselines import LeastSquares, MajorityClass
from tensor_autograd.training.checkpoint import (
    ModelFileError,
    check_save_path,
    save_model,
)
from tensor_autograd.training.loop import (
    SCHEDULES,
    TrainingDiverged,
    evaluate_loss,
    fit,
    predict,
)
from tensor_autograd.cli import mnist1d
from tensor_autograd.training.classification import MODELS, Settings
from tensor_autograd.training.models import Architecture, build_model

#: Below this share of the training targets' variance, least squares fits the training
#: rows exactly (up to rounding): a gap in percent to a loss of about 0 means nothing.
EXACT_FIT = 1e-12

DEFAULTS = {
    "task": "regress",
    "model": "linear",
    "hidden": "16",
    "epochs": 200,
    "batch_size": 16,
    "lr": 0.3,
    "optimizer": "sgd",
    "schedule": "cosine",
    "seed": 0,
    "test_fraction": 0.2,
    "source": "auto",
}
OPTIMIZERS = ("sgd", "adam")
#: MNIST-1D's defaults: the paper's settings, with early stopping.
MNIST1D_DEFAULTS = Settings()


class FoldsError(ValueError):
    """``--folds K`` asks for more folds than the data has rows: a usage error (exit
    status 2), found once the data is loaded and before any training."""


class PlotError(ValueError):
    """``--plot`` cannot draw its file: matplotlib is missing, the suffix names no image
    format we can mark as ours, the path is a folder, a device or in a folder that does
    not exist, or a file that is not an earlier plot is in the way (without --force)."""


# -- argument checking: each bad value gets a message naming it and what was expected --
def _widths(text: str) -> tuple[int, ...]:
    # Plain ASCII digits only: int() would also read "1_6" as 16 and "١٦" as 16.
    parts = [part.strip() for part in text.split(",")]
    if not all(re.fullmatch(r"[+-]?[0-9]+", part) for part in parts):
        raise argparse.ArgumentTypeError(
            f"expected hidden widths like 16 or 32,16, got {text!r}"
        )
    widths = tuple(int(part) for part in parts)
    if not widths or any(w <= 0 for w in widths):
        raise argparse.ArgumentTypeError(
            f"hidden widths must be positive whole numbers, got {text!r}"
        )
    return widths


def build_parser() -> argparse.ArgumentParser:
    d = DEFAULTS
    parser = argparse.ArgumentParser(
        prog="python -m tensor_autograd.train",
        description=(
            "Train a model with the tensor_autograd engine. On the gender dataset (the "
            "default): regression of Income (USD) from Gender, Age, Height (cm), or "
            "--task classify to predict Gender from Age, Height (cm), Weight (kg), "
            "Income (USD); without network or --data it uses the bundled SYNTHETIC "
            "sample, and says so. With --dataset mnist1d: one of the MNIST-1D paper's "
            "classifiers of 40-sample signals into 10 classes (--model linear, mlp or "
            "cnn), Adam with early stopping on a validation set; it prints the test "
            "accuracy and the confusion matrix."
        ),
        epilog=(
            "Exit status: 0 when the model trained; 1 when the data, a file or the "
            "training fails (a value outside the plausible ranges, a single class to "
            "classify, a loss that becomes NaN or grows past where it started, no "
            "step that moved the weights, an mnist1d model no better than the most "
            "frequent class): the reason is printed on stderr and no model file or "
            "plot is written; 2 for a bad option. --save replaces only an earlier "
            "model file."
        ),
    )
    add = parser.add_argument
    add(
        "--dataset",
        choices=mnist1d.DATASETS,
        default="gender",
        help=(
            "gender: the gender table (Kaggle, or the SYNTHETIC sample); mnist1d: "
            "MNIST-1D's signals, generated offline (default: %(default)s)"
        ),
    )
    add(
        "--task",
        choices=list(TASKS),
        help=f"gender data: what to predict (default: {d['task']})",
    )
    add(
        "--model",
        choices=MODELS,
        default=d["model"],
        help=(
            "a linear layer, a ReLU MLP, or (mnist1d only) the paper's CNN of three "
            "Conv1d layers (default: %(default)s)"
        ),
    )
    add(
        "--hidden",
        type=_widths,
        metavar="WIDTHS",
        help=f"mlp hidden widths, e.g. 32,16 (default: {d['hidden']})",
    )
    add(
        "--epochs",
        type=epochs,
        help=(
            f"gender data: passes over the training set, at most {MAX_EPOCHS:,} "
            f"(default: {d['epochs']})"
        ),
    )
    add(
        "--steps",
        type=steps,
        help=(
            f"mnist1d: most training steps, at most {MAX_STEPS:,} (default: "
            f"{MNIST1D_DEFAULTS.steps})"
        ),
    )
    add(
        "--eval-every",
        type=positive_int,
        metavar="STEPS",
        help=(
            "mnist1d: score the model on the validation set every this many steps "
            f"(default: {MNIST1D_DEFAULTS.eval_every})"
        ),
    )
    add(
        "--patience",
        type=positive_int,
        metavar="EVALUATIONS",
        help=(
            "mnist1d: stop after this many evaluations without a better validation "
            "accuracy; the best weights are kept (default: "
            f"{MNIST1D_DEFAULTS.patience})"
        ),
    )
    add(
        "--validation-fraction",
        type=fraction,
        help=(
            "mnist1d: share of the training signals held out for validation "
            f"(default: {MNIST1D_DEFAULTS.validation_fraction})"
        ),
    )
    add(
        "--batch-size",
        type=positive_int,
        help=(
            f"rows per mini-batch (default: {d['batch_size']}; mnist1d: "
            f"{MNIST1D_DEFAULTS.batch_size})"
        ),
    )
    add(
        "--drop-last",
        action="store_true",
        help="gender data: skip the last, smaller batch of each epoch",
    )
    add(
        "--lr",
        type=learning_rate(float(np.finfo(np.float32).tiny), "float32"),
        help=(
            f"learning rate at the start (default: {d['lr']}; mnist1d: "
            f"{MNIST1D_DEFAULTS.lr}, with Adam)"
        ),
    )
    add(
        "--optimizer",
        choices=OPTIMIZERS,
        help=f"gender data: update rule (default: {d['optimizer']})",
    )
    add(
        "--schedule",
        choices=SCHEDULES,
        help=(
            "learning rate: cosine decay to 0, or constant (default: "
            f"{d['schedule']}; mnist1d: {MNIST1D_DEFAULTS.schedule}, as in the paper)"
        ),
    )
    add(
        "--seed",
        type=non_negative_int,
        default=d["seed"],
        help=(
            "seed of the split, the initial weights and the shuffling (default: "
            "%(default)s)"
        ),
    )
    add(
        "--test-fraction",
        type=fraction,
        help=(
            "gender data: share of rows held out for testing (default: "
            f"{d['test_fraction']})"
        ),
    )
    add(
        "--folds",
        type=positive_int,
        metavar="K",
        help=(
            "also cross-validate: train the same model on each of K folds (K >= 2, "
            "split with "
            "--seed) and report the test R² (or accuracy) as mean ± spread; --save and "
            "--plot still use the one split; folds whose R² is undefined (all their "
            "test targets equal) are left out of the mean, with a note"
        ),
    )
    add(
        "--data",
        type=Path,
        metavar="PATH",
        help="a local gender CSV (or a folder holding gender.csv)",
    )
    add(
        "--source",
        choices=SOURCES,
        help=(
            "gender data: auto: Kaggle, else the bundled SYNTHETIC sample; kaggle: "
            "the real data or an error; synthetic: the bundled sample, offline "
            f"(default: {d['source']})"
        ),
    )
    add(
        "--save",
        type=Path,
        metavar="PATH",
        help="write the trained model (.npz) here, for tensor_autograd.predict",
    )
    add(
        "--plot",
        type=Path,
        metavar="PATH",
        help=(
            "draw the loss curve (mnist1d: the training and validation curves) into "
            "this image file, in the format its suffix names (.png, .svg, .pdf, .ps or "
            ".eps; needs matplotlib); an existing file is only replaced if it is an "
            "earlier plot (marked as ours in its metadata), or with --force"
        ),
    )
    add(
        "--force",
        action="store_true",
        help="let --plot replace an existing file that is not an earlier plot",
    )
    add("--quiet", action="store_true", help="no progress bar")
    return parser


@dataclass
class RunResult:
    """What a run measured, for tests and the chapters (the printed report shows the
    same numbers)."""

    loaded: LoadedData
    prepared: PreparedData
    architecture: Architecture
    curve: list[float]
    train_loss: float
    test: dict[str, Any]
    baseline: dict[str, Any] = field(default_factory=dict)
    model: Any = None
    #: With ``--folds``: each fold's test R² (regression) or accuracy (classification).
    fold_scores: list[float] = field(default_factory=list)


def run(
    args: argparse.Namespace, out: IO[str], written: list[Path] | None = None
) -> RunResult:
    """Everything ``main`` does after parsing; errors propagate (``main`` turns them
    into messages). Each file written is appended to `written`, so that a failure can
    say what is on disk.
    """
    written = [] if written is None else written
    args = with_gender_defaults(args)
    # Check where the results go first, so a typo in a path fails now, not after the
    # whole run.
    if args.save is not None:
        check_save_path(args.save)
        if note := stale_note(args.save):  # an earlier run was killed while saving
            print(f"note: {note}", file=sys.stderr)
    plot_format = (
        _check_plot_path(args.plot, args.force)[1] if args.plot is not None else None
    )
    task = get_task(args.task)
    loaded = load_gender_data(args.source, args.data)
    print(loaded.summary(), file=out)
    if args.folds is not None and args.folds > len(loaded.frame):
        raise FoldsError(
            f"--folds {args.folds}: the data has {len(loaded.frame)} rows, so at most "
            f"{len(loaded.frame)} folds (each fold tests at least one row)"
        )
    prepared = prepare_task(loaded.frame, task, args.test_fraction, args.seed)
    loader = DataLoader(
        prepared.train,
        args.batch_size,
        shuffle=True,
        seed=[args.seed, 2],
        drop_last=args.drop_last,
    )
    arch = architecture(args)
    model = build_model(arch, seed=[args.seed, 1])
    optimizer = _make_optimizer(args.optimizer, model.parameters(), args.lr)
    print(
        f"{task.name}: {task.target} from {', '.join(task.features)} | model "
        f"{arch.describe()} | "
        f"{len(prepared.train)} training rows, {len(prepared.test)} test rows | "
        f"{args.optimizer} lr {args.lr:g} "
        f"({args.schedule}), batch {args.batch_size}, {args.epochs} "
        f"epoch{'s' if args.epochs != 1 else ''}, "
        f"seed {args.seed}",
        file=out,
    )
    start = model.state_dict()
    curve = fit(
        model,
        loader,
        optimizer,
        args.epochs,
        task.regression,
        args.schedule,
        progress=not args.quiet,
    )
    _check_weights_moved(start, model.state_dict(), args.lr)
    train_x, train_y = prepared.train.x, prepared.train.y
    train_loss = evaluate_loss(model, train_x, train_y, task.regression)
    if task.regression:
        result = _report_regression(model, prepared, train_loss, arch, out)
    else:
        result = _report_classification(model, prepared, train_loss, out)
    test, baseline = result
    fold_scores = _cross_validate(args, loaded, arch, out) if args.folds else []
    if loaded.is_synthetic:
        print(
            "note: these numbers come from the SYNTHETIC sample (invented people), not "
            "the Kaggle data",
            file=out,
        )
    run_result = RunResult(
        loaded, prepared, arch, curve, train_loss, test, baseline, model, fold_scores
    )
    if args.save is not None:
        try:
            action = save_model(
                args.save, model.state_dict(), _model_meta(args, run_result)
            )
        except (
            OSError
        ) as error:  # checked before training, but e.g. the disk may be full by now
            raise ModelFileError(
                f"cannot write the model file {args.save}: {error}"
            ) from error
        written.append(args.save)
        print(f"{action} model file {args.save}", file=out)
    if args.plot is not None:
        action, _ = _check_plot_path(
            args.plot, args.force
        )  # again: a file may have appeared
        _plot_curve(curve, args.plot, plot_format, task.name, loaded)
        print(f"{action} loss curve {args.plot}", file=out)
    return run_result


def _check_weights_moved(before: dict, after: dict, lr: float) -> None:
    """Raise TrainingDiverged when no step changed any weight: the model is still its
    random start, and its metrics would mean nothing. It happens when every update
    ``lr * gradient`` is too small to change a float32 weight."""
    if all(np.array_equal(before[name], after[name]) for name in before):
        raise TrainingDiverged(
            f"no training step changed the weights: the learning rate {lr:g} is too "
            "small to move float32 weights, so the model is its random start; try a "
            "larger --lr"
        )


def with_gender_defaults(args: argparse.Namespace) -> argparse.Namespace:
    """A copy of `args` with the gender data's defaults where an option was not given
    (the parser leaves those None: MNIST-1D has defaults of its own)."""
    filled = argparse.Namespace(**vars(args))
    for name, value in DEFAULTS.items():
        if name != "hidden" and getattr(filled, name, None) is None:
            setattr(filled, name, value)
    return filled


def architecture(args: argparse.Namespace) -> Architecture:
    """The model the options ask for; a ValueError names widths too large to build."""
    hidden = (args.hidden or _widths(DEFAULTS["hidden"])) if args.model == "mlp" else ()
    inputs = len(get_task(args.task).features)
    return Architecture(args.model, inputs=inputs, hidden=hidden)


def main(argv: Sequence[str] | None = None, out: IO[str] | None = None) -> int:
    """Run the command; return its exit status (0 ok, 1 a problem with data, files or
    training, 2 usage).

    A failed run writes neither the model file nor the plot.

    >>> main(["--source", "synthetic", "--quiet", "--epochs", "20"])
    ... # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    data: SYNTHETIC sample bundled with tensor_autograd (...); 130 rows, 1 duplicate row
    dropped
    regress: Income (USD) from Gender, Age, Height (cm) | model linear 3 → 1 | 104
    training rows, 26 test rows | ...
    training MSE (scaled): linear model trained by gradient descent ... | closed-form
    least squares ... (+...%)
    test metrics                   model   least squares
    ...
    note: these numbers come from the SYNTHETIC sample (invented people), not the Kaggle
    data
    0
    """
    out = out if out is not None else sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    mnist1d.check_options(args, parser)
    if (
        args.save is not None
        and args.plot is not None
        and os.path.realpath(args.save) == os.path.realpath(args.plot)
    ):  # the plot would replace the model file just written
        parser.error(f"--save and --plot name the same file {args.save}; give two")
    if args.dataset == "mnist1d":
        return _main_mnist1d(args, out)
    args = with_gender_defaults(args)
    if args.hidden is not None and args.model != "mlp":
        parser.error("--hidden only applies to --model mlp")
    if args.folds is not None and args.folds < 2:
        parser.error(
            f"--folds needs at least 2 folds to cross-validate, got {args.folds}"
        )
    if args.data is not None and args.source != "auto":
        parser.error(
            "--data reads a local file; it cannot be combined with --source "
            f"{args.source}"
        )
    try:
        architecture(args)  # before any work or memory: --hidden 10000000000 is a typo
    except ValueError as error:
        parser.error(f"--hidden: {error}")
    written: list[Path] = []
    try:
        run(args, out, written)
    except FoldsError as error:
        parser.error(str(error))
    # Only the package's own errors: a bad file, too few rows for the split or for a
    # batch with
    # --drop-last, an unreachable source, a diverged run. Anything else is a bug, and
    # shows as one.
    except (
        DataError,
        DataSourceError,
        ModelFileError,
        PlotError,
        TrainingDiverged,
    ) as error:
        _report_failure(error, args, written)
        return 1
    return 0


def _main_mnist1d(args: argparse.Namespace, out: IO[str]) -> int:
    """``--dataset mnist1d``: train, report, save and plot (`cli.mnist1d.run`)."""
    written: list[Path] = []
    try:
        mnist1d.run(args, out, written, _check_plot_path, PlotError)
    except (ModelFileError, PlotError, TrainingDiverged) as error:
        _report_failure(error, args, written)
        return 1
    return 0


def _report_failure(error: Exception, args: argparse.Namespace, written) -> None:
    print(f"error: {error}", file=sys.stderr)
    outputs = [path for path in (args.save, args.plot) if path is not None]
    if outputs:
        kept = ", ".join(str(path) for path in outputs if path not in written)
        done = ", ".join(map(str, written))
        done = f" (written before the error: {done})" if done else ""
        print(f"not written: {kept}{done}", file=sys.stderr)


def _cross_validate(
    args: argparse.Namespace, loaded: LoadedData, arch: Architecture, out: IO[str]
) -> list[float]:
    """Train the run's model afresh on each fold and print its scores' mean and
    spread."""
    task = get_task(args.task)
    frame = loaded.frame
    scores = []
    for train_rows, test_rows in kfold_indices(len(frame), args.folds, args.seed):
        fold = prepare_rows(frame, task, train_rows, test_rows, seed=args.seed)
        model = build_model(arch, seed=[args.seed, 1])
        loader = DataLoader(
            fold.train, args.batch_size, shuffle=True, seed=[args.seed, 2],
            drop_last=args.drop_last,
        )  # fmt: skip
        optimizer = _make_optimizer(args.optimizer, model.parameters(), args.lr)
        fit(model, loader, optimizer, args.epochs, task.regression, args.schedule,
            progress=False)  # fmt: skip
        output = predict(model, fold.test.x).astype(np.float64)
        if task.regression:
            scores.append(metrics.r2_score(fold.test.y, output))  # R² is scale-free
        else:
            scores.append(metrics.accuracy(fold.test.y, output >= 0))
    name, form = (
        ("test R²", "{:.3f}") if task.regression else ("test accuracy", "{:.1%}")
    )
    # R² is undefined (NaN) on a fold whose test targets are all equal, e.g. one row:
    # such folds say nothing, and would make the mean NaN.
    undefined = sum(math.isnan(score) for score in scores)
    if undefined == len(scores):
        raise DataError(
            f"cross-validation, {args.folds} folds: the {name} is undefined on every "
            "fold (each fold's test rows have the same target); use fewer --folds"
        )
    scores = [score for score in scores if not math.isnan(score)]
    mean, spread = (form.format(v) for v in (np.mean(scores), np.std(scores)))
    low, high = (form.format(v) for v in (min(scores), max(scores)))
    print(
        f"cross-validation, {args.folds} folds (seed {args.seed}): {name} {mean} ± "
        f"{spread} "
        f"(from {low} to {high}; each fold trained like the model above)",
        file=out,
    )
    if undefined:
        print(
            f"note: {undefined} of the {args.folds} folds left out of the mean: their "
            f"{name} is undefined (every test row has the same {task.target}); use "
            "fewer --folds",
            file=out,
        )
    return scores


def _make_optimizer(name: str, parameters, lr: float):
    from tensor_autograd import optim

    return (
        optim.SGD(parameters, lr=lr) if name == "sgd" else optim.Adam(parameters, lr=lr)
    )


def _report_regression(
    model, prepared: PreparedData, train_loss: float, arch: Architecture, out: IO[str]
):
    y_scaler = prepared.y_scaler
    closed_form = LeastSquares().fit(prepared.train.x, prepared.train.y)
    closed_train = metrics.mse(prepared.train.y, closed_form.predict(prepared.train.x))

    def scores(scaled_prediction: np.ndarray) -> dict[str, float]:
        usd_true = y_scaler.inverse_transform(prepared.test.y.astype(np.float64))
        usd_pred = y_scaler.inverse_transform(
            np.asarray(scaled_prediction, dtype=np.float64)
        )
        return {
            "mse_scaled": metrics.mse(prepared.test.y, scaled_prediction),
            "rmse_usd": math.sqrt(metrics.mse(usd_true, usd_pred)),
            "mae_usd": metrics.mae(usd_true, usd_pred),
            "r2": metrics.r2_score(usd_true, usd_pred),
        }

    test = scores(predict(model, prepared.test.x))
    baseline = {
        "train_mse_scaled": closed_train,
        **scores(closed_form.predict(prepared.test.x)),
    }
    _check_finite({**test, **baseline})
    verdict = (
        "linear model trained by gradient descent" if arch.kind == "linear" else "model"
    )
    target_variance = float(np.var(prepared.train.y, dtype=np.float64))
    gap = _gap(train_loss, closed_train, target_variance)
    print(
        f"training MSE (scaled): {verdict} {train_loss:.6f} | closed-form least "
        f"squares {closed_train:.6f} "
        f"({gap})",
        file=out,
    )
    print(f"{'test metrics':<22}{'model':>14}{'least squares':>16}", file=out)
    rows = (
        ("MSE (scaled)", "mse_scaled", "{:.6f}"),
        ("RMSE (USD)", "rmse_usd", "${:,.0f}"),
        ("MAE (USD)", "mae_usd", "${:,.0f}"),
        ("R²", "r2", "{:.3f}"),
    )

    def shown(form: str, value: float) -> str:
        return "n/a" if math.isnan(value) else form.format(value)

    for label, key, form in rows:
        model_value, baseline_value = shown(form, test[key]), shown(form, baseline[key])
        print(f"{label:<22}{model_value:>14}{baseline_value:>16}", file=out)
    if math.isnan(test["r2"]):
        print(
            "note: R² is undefined: every test row has the same "
            f"{prepared.task.target} "
            f"({len(prepared.test)} test row{'s' if len(prepared.test) != 1 else ''})",
            file=out,
        )
    return test, baseline


def _gap(train_loss: float, closed_train: float, target_variance: float) -> str:
    """How far the trained loss is above least squares', for the report: a percentage,
    unless least squares fits the training rows exactly — then any loss is infinitely
    many percent above it.

    >>> _gap(0.0102, 0.01, 0.05)
    '+2.00%'
    >>> _gap(1e-9, 0.0, 0.25)
    'it fits the training rows exactly, so no gap in percent'
    """
    if closed_train <= EXACT_FIT * target_variance:
        return "it fits the training rows exactly, so no gap in percent"
    return f"{train_loss / closed_train - 1.0:+.2%}"


def _check_finite(numbers: dict[str, float]) -> None:
    """Raise TrainingDiverged if a metric overflowed: such a result means nothing, so
    nothing is saved. (R² alone may be NaN: it is undefined when every test target is
    equal.)"""
    bad = [
        f"{key} {value}"
        for key, value in numbers.items()
        if not math.isfinite(value) and not (key == "r2" and math.isnan(value))
    ]
    if bad:
        raise TrainingDiverged(
            f"the metrics are not finite numbers ({', '.join(bad)}): the result is "
            "meaningless; check the data for extreme values, "
            "or try a smaller learning rate"
        )


def _report_classification(
    model, prepared: PreparedData, train_loss: float, out: IO[str]
):
    probability_male = 1.0 / (
        1.0 + np.exp(-predict(model, prepared.test.x).astype(np.float64))
    )
    predicted = (probability_male >= 0.5).astype(np.float64)
    truth = prepared.test.y
    majority = MajorityClass().fit(prepared.train.y)
    test = {
        "accuracy": metrics.accuracy(truth, predicted),
        "confusion": metrics.confusion_matrix(truth, predicted).tolist(),
    }
    baseline = {
        "accuracy": metrics.accuracy(truth, majority.predict(prepared.test.x)),
        "label": "male" if majority.label == 1.0 else "female",
    }
    print(f"training loss (binary cross-entropy): {train_loss:.5f}", file=out)
    print(
        f"test accuracy: model {test['accuracy']:.1%} | majority class (always "
        f"{baseline['label']}) "
        f"{baseline['accuracy']:.1%}",
        file=out,
    )
    (ff, fm), (mf, mm) = test["confusion"]
    print("confusion matrix (rows: true, columns: predicted)", file=out)
    print(f"{'':>10}{'female':>8}{'male':>8}", file=out)
    print(f"{'female':>10}{ff:>8}{fm:>8}", file=out)
    print(f"{'male':>10}{mf:>8}{mm:>8}", file=out)
    if ff + fm == 0 or mf + mm == 0:
        only = "female" if mf + mm == 0 else "male"
        print(
            f"note: every test row is {only}, so the test accuracy says nothing about "
            "the other class; use more rows, or another --seed or --test-fraction",
            file=out,
        )
    return test, baseline


def _model_meta(args: argparse.Namespace, result: RunResult) -> dict[str, Any]:
    task = result.prepared.task
    return {
        "task": task.name,
        "features": list(task.features),
        "target": task.target,
        "architecture": result.architecture.to_dict(),
        "x_scaler": result.prepared.x_scaler.to_dict(),
        "y_scaler": result.prepared.y_scaler.to_dict()
        if result.prepared.y_scaler is not None
        else None,
        "data": {
            "source": result.loaded.source,
            "description": result.loaded.description,
        },
        "training": {
            "epochs": args.epochs,
            "batch_size": args.batch_size,
            "lr": args.lr,
            "optimizer": args.optimizer,
            "schedule": args.schedule,
            "seed": args.seed,
            "test_fraction": args.test_fraction,
        },
        "test_metrics": result.test,
    }


def _check_plot_path(path: Path, force: bool) -> tuple[str, str]:
    """What `--plot` will do ("wrote" or "replaced") and its image format, checked
    before training."""
    try:
        require_matplotlib("tensor-autograd")
        return check_plot_path(path, force=force)
    except (ImportError, FilePathError) as error:
        raise PlotError(str(error)) from None


def _plot_curve(
    curve: list[float], path: Path, image_format: str, task: str, loaded: LoadedData
) -> None:
    # A Figure drawn on its own Agg canvas: no pyplot, no switch of matplotlib's global
    # backend.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 3.5))
    FigureCanvasAgg(figure)  # attaches itself to the figure, so savefig can render
    axes = figure.add_subplot()
    axes.plot(range(1, len(curve) + 1), curve)
    axes.set_xlabel("epoch")
    axes.set_ylabel("mean training loss")
    axes.set_yscale("log")
    label = " (SYNTHETIC data)" if loaded.is_synthetic else ""
    axes.set_title(f"{task}: training loss{label}")
    figure.tight_layout()
    try:  # marked as our plot in its metadata, so a later --plot may replace it
        save_figure(figure, path, image_format)
    except (ValueError, RuntimeError, OSError) as error:  # e.g. a full disk
        raise PlotError(f"cannot write the loss curve to {path}: {error}") from error


if __name__ == "__main__":
    raise SystemExit(main())
