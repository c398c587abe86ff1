"""The MNIST-1D side of the ``train`` and ``predict`` commands (``--dataset mnist1d``).

``train --dataset mnist1d --model {linear,mlp,cnn}`` trains the paper's model with
`training.classification` (Adam, mini-batches of 100, a validation set carved from the
training set, early stopping on its accuracy, the best weights kept), shows a progress
bar, and prints the test accuracy and the confusion matrix. ``--save`` writes a model
file that ``predict`` reads; ``--plot`` draws the training and validation curves.

``predict --model FILE`` with an MNIST-1D model classifies either a signal of yours,
``--signal FILE.npy`` (a NumPy ``.npy`` array of 40 numbers, or of shape (n, 40) for n
signals), or test signal ``--test-index K`` (0 to 999) of the generated test set, and
prints the class with its probability.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import IO, Any

import numpy as np
from scalar_autograd.plumbing.files import FilePathError, read_bytes, stale_note

from tensor_autograd.data.mnist1d import CLASSES, SIGNAL_LENGTH, TEST_SIZE, load_mnist1d
from tensor_autograd.training.checkpoint import (
    ModelFileError,
    SavedModel,
    check_save_path,
    save_model,
)
from tensor_autograd.training.classification import (
    MODELS,
    PAPER_ACCURACY,
    MNIST1DRun,
    Settings,
    build_classifier,
    count_parameters,
    logits_of,
    train_mnist1d,
)

#: What a model file's ``task`` says for an MNIST-1D classifier.
TASK = "mnist1d"
DATASETS = ("gender", "mnist1d")
#: The models each dataset can train: a CNN needs a signal, the gender data is a row
#: of 3 or 4 columns.
MODELS_BY_DATASET = {"gender": ("linear", "mlp"), "mnist1d": MODELS}
#: Options for the gender data only, and for MNIST-1D only (as argparse names them).
GENDER_ONLY = ("task", "hidden", "epochs", "drop_last", "optimizer", "folds", "data",
               "source", "test_fraction")  # fmt: skip
MNIST1D_ONLY = ("steps", "eval_every", "patience", "validation_fraction")
#: Options both datasets take, with defaults of their own for each (MNIST-1D's are
#: `Settings`', the paper's).
SHARED = ("lr", "batch_size", "schedule")


def option(name: str) -> str:
    return "--" + name.replace("_", "-")


def check_options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """Exit with status 2 (``parser.error``) when an option does not fit the dataset:
    a model it cannot train, or an option of the other dataset."""
    models = MODELS_BY_DATASET[args.dataset]
    if args.model not in models:
        parser.error(
            f"--model {args.model} does not fit --dataset {args.dataset}: a "
            f"convolution needs signals, and the gender data is a table of 3 or 4 "
            f"columns; use --dataset mnist1d (or --model {' or '.join(models)})"
        )
    other = GENDER_ONLY if args.dataset == "mnist1d" else MNIST1D_ONLY
    given = [
        option(name) for name in other if getattr(args, name, None) not in (None, False)
    ]
    if given:
        needs = "gender" if args.dataset == "mnist1d" else "mnist1d"
        parser.error(
            f"{' '.join(given)} only appl{'y' if len(given) > 1 else 'ies'} to "
            f"--dataset {needs}, not --dataset {args.dataset}"
        )
    if args.dataset == "mnist1d":
        try:
            settings(args)
        except ValueError as error:
            parser.error(str(error))


def settings(args: argparse.Namespace) -> Settings:
    """The training settings the options ask for, MNIST-1D's defaults for the rest."""
    given = {name: getattr(args, name) for name in (*MNIST1D_ONLY, *SHARED)}
    given["seed"] = args.seed
    return Settings(
        **{name: value for name, value in given.items() if value is not None}
    )


def run(
    args: argparse.Namespace, out: IO[str], written: list[Path], check_plot, plot_error
) -> MNIST1DRun:
    """Train and report; save and plot if asked. ``check_plot(path, force)`` returns
    ``(action, image_format)`` or raises ``plot_error``, the command's PlotError."""
    if args.save is not None:
        check_save_path(args.save)
        if note := stale_note(args.save):  # an earlier run was killed while saving
            print(f"note: {note}", file=sys.stderr)
    plot_format = (
        check_plot(args.plot, args.force)[1] if args.plot is not None else None
    )
    chosen = settings(args)
    data = load_mnist1d()
    print(data.summary(), file=out)
    model_size = count_parameters(build_classifier(args.model))
    n_val = round(chosen.validation_fraction * len(data.y_train))
    print(
        f"mnist1d: model {args.model} ({model_size:,} parameters) | "
        f"{len(data.y_train) - n_val:,} training, {n_val:,} validation, "
        f"{len(data.y_test):,} test signals | adam lr {chosen.lr:g} "
        f"({chosen.schedule}), "
        f"batch {chosen.batch_size}, up to {chosen.steps:,} steps, evaluated every "
        f"{chosen.eval_every}, patience {chosen.patience}, seed {chosen.seed}",
        file=out,
    )
    result = train_mnist1d(args.model, chosen, data, progress=not args.quiet)
    report(result, out)
    if args.save is not None:
        meta = model_meta(result, data.summary())
        try:
            action = save_model(args.save, result.model.state_dict(), meta)
        except OSError as error:  # checked before training; the disk may be full by now
            raise ModelFileError(
                f"cannot write the model file {args.save}: {error}"
            ) from error
        written.append(args.save)
        print(f"{action} model file {args.save}", file=out)
    if args.plot is not None:
        action, _ = check_plot(args.plot, args.force)  # again: a file may have appeared
        try:
            plot_curves(result, args.plot, plot_format)
        except (ValueError, RuntimeError, OSError) as error:  # e.g. a full disk
            raise plot_error(
                f"cannot write the training curves to {args.plot}: {error}"
            ) from error
        written.append(args.plot)
        print(f"{action} training curves {args.plot}", file=out)
    return result


def report(result: MNIST1DRun, out: IO[str]) -> None:
    """Where training stopped, the test accuracy, and the confusion matrix."""
    h = result.history
    if h.stopped_early:
        why = (f"stopped at step {h.step[-1]:,}: no better validation accuracy for "
               f"{result.settings.patience} evaluations")  # fmt: skip
    else:
        why = f"trained {h.step[-1]:,} steps"
    print(
        f"{why}; kept the weights of step {h.best_step:,} "
        f"(validation accuracy {h.best_val_accuracy:.1%})",
        file=out,
    )
    print(
        f"test accuracy: {result.test_accuracy:.1%} | always the most frequent class "
        f"{result.majority_accuracy:.1%} | the paper's {result.kind}: "
        f"{PAPER_ACCURACY[result.kind]:.0%}",
        file=out,
    )
    print("confusion matrix (rows: true class, columns: predicted class)", file=out)
    print("     " + "".join(f"{c:>5}" for c in range(CLASSES)), file=out)
    for digit, row in enumerate(result.confusion):
        print(f"{digit:>5}" + "".join(f"{n:>5}" for n in row), file=out)


def model_meta(result: MNIST1DRun, description: str) -> dict[str, Any]:
    return {
        "task": TASK,
        "architecture": {
            "kind": result.kind,
            "inputs": SIGNAL_LENGTH,
            "outputs": CLASSES,
        },
        "data": {"source": "mnist1d", "description": description},
        "training": {**vars(result.settings), "best_step": result.history.best_step},
        "test_metrics": {
            "accuracy": result.test_accuracy,
            "confusion": result.confusion.tolist(),
        },
    }


def plot_curves(result: MNIST1DRun, path: Path, image_format: str) -> None:
    """Training and validation accuracy and loss at every evaluation, marked as ours."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from scalar_autograd.plumbing.plots import save_figure

    h = result.history
    figure = Figure(figsize=(10, 3.8))
    FigureCanvasAgg(figure)  # attaches itself to the figure, so savefig can render
    accuracy, loss = figure.subplots(1, 2)
    for axes, values in ((accuracy, (h.train_accuracy, h.val_accuracy)),
                         (loss, (h.train_loss, h.val_loss))):  # fmt: skip
        axes.plot(h.step, values[0], "--", label="training")
        axes.plot(h.step, values[1], "-", label="validation")
        axes.axvline(h.best_step, color="0.6", lw=1, label="weights kept")
        axes.set_xlabel("step")
    accuracy.set_ylabel("accuracy")
    loss.set_ylabel("cross-entropy")
    loss.set_yscale("log")
    accuracy.legend(fontsize=8)
    figure.suptitle(
        f"MNIST-1D, {result.kind}: test accuracy {result.test_accuracy:.1%}"
    )
    figure.tight_layout()
    # Marked as ours: a later --plot may replace it.
    save_figure(figure, path, image_format)


# -- predict ---------------------------------------------------------------------------
def rebuild(saved: SavedModel):
    """The classifier stored in an MNIST-1D model file, checked against its header."""
    architecture = saved.meta.get("architecture")
    kind = architecture.get("kind") if isinstance(architecture, dict) else None
    if kind not in MODELS:
        raise ModelFileError(
            f"the model file is damaged: its architecture {architecture!r} names no "
            f"MNIST-1D model (expected one of {list(MODELS)})"
        )
    model = build_classifier(kind)
    expected = {name: value.shape for name, value in model.state_dict().items()}
    stored = {name: np.shape(value) for name, value in saved.state.items()}
    if stored != expected:
        raise ModelFileError(
            f"the model file is inconsistent: its header describes the {kind} model, "
            f"with parameters {expected}, but it stores {stored}"
        )
    try:
        model.load_state_dict(saved.state)
    except (TypeError, ValueError) as error:
        raise ModelFileError(f"the model file is damaged: {error}") from error
    return model


def read_signals(path: Path) -> np.ndarray:
    """The signals in a ``.npy`` file as float32 (n, 40); a ValueError says what is
    wrong with it. Never unpickles."""
    try:
        raw = read_bytes(path, "signal file")
    except (OSError, FilePathError) as error:
        raise ValueError(str(error)) from None
    try:
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except (ValueError, OSError, EOFError) as error:
        raise ValueError(
            f"{path} is not a NumPy .npy array of numbers ({error}); save one with "
            "numpy.save(path, signal)"
        ) from None
    if not isinstance(array, np.ndarray) or array.dtype.kind not in "biuf":
        raise ValueError(
            f"{path} holds {getattr(array, 'dtype', type(array))}, not numbers"
        )
    if array.shape == (SIGNAL_LENGTH,):
        array = array[None]
    if array.ndim != 2 or array.shape[1] != SIGNAL_LENGTH or len(array) == 0:
        raise ValueError(
            f"{path} holds an array of shape {array.shape}; expected one signal of "
            f"{SIGNAL_LENGTH} samples, shape ({SIGNAL_LENGTH},), or n of them, "
            f"shape (n, {SIGNAL_LENGTH})"
        )
    if not np.isfinite(array).all():
        raise ValueError(
            f"{path} holds values that are not finite numbers (NaN or inf)"
        )
    return array.astype(np.float32)


def predict(
    saved: SavedModel, args, parser: argparse.ArgumentParser, out: IO[str]
) -> int:
    """Classify ``--signal`` or ``--test-index`` with an MNIST-1D model file."""
    try:
        model = rebuild(saved)
    except ModelFileError as error:
        print(f"error: {args.model}: {error}", file=sys.stderr)
        return 1
    columns = ("gender", "age", "height", "weight", "income")
    unused = [f"--{name}" for name in columns if getattr(args, name, None) is not None]
    if unused:
        parser.error(
            f"this MNIST-1D model does not use {' '.join(unused)}; it classifies a "
            "signal: give --signal FILE.npy or --test-index K"
        )
    if (args.signal is None) == (args.test_index is None):
        parser.error(
            "this MNIST-1D model classifies a signal: give --signal FILE.npy "
            f"or --test-index K (0 to {TEST_SIZE - 1}), one of the two"
        )
    truth = None
    if args.signal is not None:
        try:
            signals = read_signals(args.signal)
        except ValueError as error:
            parser.error(f"--signal: {error}")
        names = (
            [f"signal {i}" for i in range(len(signals))]
            if len(signals) > 1
            else [f"the signal in {args.signal}"]
        )
    else:
        if not 0 <= args.test_index < TEST_SIZE:
            parser.error(
                f"--test-index {args.test_index} is out of range; expected 0 to "
                f"{TEST_SIZE - 1} (MNIST-1D has {TEST_SIZE} test signals)"
            )
        data = load_mnist1d()
        signals = data.x_test[args.test_index : args.test_index + 1]
        truth = int(data.y_test[args.test_index])
        names = [f"test signal {args.test_index}"]
    logits = logits_of(model.eval(), signals).astype(np.float64)
    if not np.isfinite(logits).all():
        print(f"error: {args.model}: the model's output is not a finite number: its "
              "weights are damaged; retrain it", file=sys.stderr)  # fmt: skip
        return 1
    probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    for name, p in zip(names, probabilities, strict=True):
        ranked = np.argsort(-p)
        first, runners = int(ranked[0]), ranked[1:3]
        others = ", ".join(f"{int(c)} ({p[c]:.2f})" for c in runners)
        line = f"{name}: class {first} (probability {p[first]:.2f}; next: {others})"
        if truth is not None:
            line += f"; its true class is {truth}" + (
                ", right" if truth == first else ", wrong"
            )
        print(line, file=out)
    return 0


def is_mnist1d(saved: SavedModel) -> bool:
    return saved.meta.get("task") == TASK
