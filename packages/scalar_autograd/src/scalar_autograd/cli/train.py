"""Linear regression y = w·x + b, trained with SGD on the y = x − 1 dataset.

``python -m scalar_autograd.train`` creates the default data file
data/linear.csv if it is missing, trains for 50 epochs, prints the loss of
every epoch and ends with the learned w and b (close to 1 and −1); a run whose
loss grows is an error. `fit` is the training loop itself, for reuse:

>>> xs = [-1.0, 0.0, 1.0, 2.0]
>>> result = fit(xs, [x - 1 for x in xs], epochs=200, lr=0.1)
>>> round(result.w, 3), round(result.b, 3)
(1.0, -1.0)
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import create_data
from .. import checks
from .data import DEFAULT_DATA_PATH, DataError, read_csv_lines, write_csv
from ..engine import Value
from ..optim import SGD
from ..plumbing.args import MAX_EPOCHS, epochs, learning_rate, non_negative_int

__all__ = [
    "DEFAULT_EPOCHS",
    "DEFAULT_LR",
    "BadDataError",
    "DivergedError",
    "FitResult",
    "mse",
    "fit",
    "max_stable_lr",
    "suggested_lr",
    "main",
]

DEFAULT_EPOCHS = 50
DEFAULT_LR = 0.1
DEFAULT_SEED = 0


class DivergedError(ArithmeticError):
    """The loss became NaN or infinite: the learning rate is too large for the data.

    `suggestion` is the smaller learning rate the message proposes (`fit`
    passes one that converges on its data; without it, ``lr / 10``).
    """

    def __init__(
        self, epoch: int, loss: float, lr: float, suggestion: float | None = None
    ):
        suggestion = lr / 10 if suggestion is None else suggestion
        super().__init__(
            f"the loss became {loss} at epoch {epoch} with learning rate {lr:g}: "
            "each step overshoots the minimum; try a smaller learning rate, e.g. "
            f"{suggestion:g}"
        )
        self.epoch, self.loss, self.lr, self.suggestion = epoch, loss, lr, suggestion


class BadDataError(ValueError):
    """The data cannot be fitted as it is, whatever the learning rate.

    A value is not a finite number, or the numbers are so large that the loss,
    its gradient or its curvature (x²) overflows float arithmetic. `index` is
    the position of the point to blame in xs and ys (None when no single point
    is: the sum over all of them overflows); `reason` says what is wrong.
    """

    def __init__(self, index: int | None, reason: str):
        where = "the data" if index is None else f"point {index}"
        super().__init__(f"{where}: {reason}")
        self.index, self.reason = index, reason


@dataclass
class FitResult:
    """What `fit` learned: the weight `w`, bias `b`, the final `loss`, and the
    loss of every epoch in `losses` (measured before that epoch's step)."""

    w: float
    b: float
    loss: float
    losses: list[float] = field(default_factory=list)


def mse(w: Value, b: Value, xs: Sequence[float], ys: Sequence[float]) -> Value:
    """Mean squared error of the line w·x + b: (1/n) Σ (w·xᵢ + b − yᵢ)².

    >>> mse(Value(1.0), Value(-1.0), [0.0, 2.0], [-1.0, 1.0]).data  # y = x - 1 exactly
    0.0
    >>> # ((0+1)² + (0-1)²) / 2
    >>> mse(Value(0.0), Value(0.0), [0.0, 2.0], [-1.0, 1.0]).data
    1.0
    """
    total = sum(((w * x + b - y) ** 2 for x, y in zip(xs, ys)), Value(0.0))
    return total / len(xs)


def fit(
    xs: Sequence[float],
    ys: Sequence[float],
    epochs: int = DEFAULT_EPOCHS,
    lr: float = DEFAULT_LR,
    seed: int | None = DEFAULT_SEED,
    on_epoch: Callable[[int, float, float, float], None] | None = None,
) -> FitResult:
    """Fit y ≈ w·x + b by gradient descent on the mean squared error.

    Every epoch is one step on the whole dataset: forward (the loss),
    backward (its gradient), then ``SGD.step``. `seed` picks the random
    starting w and b. ``on_epoch(epoch, loss, w, b)`` is called after each
    epoch with that epoch's loss and the w, b its step produced, e.g. to
    print progress. Raises `BadDataError` when the data itself cannot be
    fitted (a value not finite, or too large for float arithmetic), and
    `DivergedError` when the loss becomes NaN or infinite during training (a
    finite loss that grows is returned: see `max_stable_lr`).
    """
    if len(xs) != len(ys) or not xs:
        raise ValueError(
            f"need as many xs as ys, at least one: got {len(xs)} and {len(ys)}"
        )
    epochs = checks.positive_int(epochs, "epochs")
    check_data(xs, ys)
    rng = random.Random(seed)
    w = Value(rng.uniform(-1.0, 1.0))
    b = Value(rng.uniform(-1.0, 1.0))
    optimizer = SGD([w, b], lr=lr)
    losses = []
    for epoch in range(1, epochs + 1):
        loss = mse(w, b, xs, ys)
        optimizer.zero_grad()  # backward adds to .grad: clear last epoch's
        loss.backward()
        if epoch == 1 and not _all_finite(loss.data, w.grad, b.grad):
            _blame_the_data(xs, ys, w.data, b.data)  # before any step: not the lr
        if not math.isfinite(loss.data):
            raise DivergedError(epoch, loss.data, lr, suggested_lr(xs, lr))
        optimizer.step()
        losses.append(loss.data)
        if on_epoch is not None:
            on_epoch(epoch, loss.data, w.data, b.data)
    final = mse(w, b, xs, ys).data
    if not math.isfinite(final):
        raise DivergedError(
            epochs, final, lr, suggested_lr(xs, lr)
        )  # the last step overshot
    return FitResult(w=w.data, b=b.data, loss=final, losses=losses)


def check_data(xs: Sequence[float], ys: Sequence[float]) -> None:
    """Raise `BadDataError` unless every x and y is a finite number whose x² is finite
    too.

    x² is the curvature of the loss (its Hessian holds mean x²): where it
    overflows, no learning rate converges.

    >>> check_data([1.0, 1e200], [0.0, 1.0])  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    scalar_autograd.cli.train.BadDataError: point 1: x = 1e+200 is too large: x²
    overflows to inf in float arithmetic (above about 1.8e+308), so no learning rate can
    fit it; rescale the data (divide x and y by 1e+200, say)
    """
    for i, (x, y) in enumerate(zip(xs, ys)):
        for name, value in (("x", x), ("y", y)):
            if not (checks.is_real(value) and math.isfinite(value)):
                raise BadDataError(i, f"{name} is {value!r}, expected a finite number")
        if not math.isfinite(float(x) * float(x)):
            raise BadDataError(i, _too_large("x", x, "x²"))
    if not math.isfinite(sum(float(x) * float(x) for x in xs)):
        raise BadDataError(
            None, "the sum of x² over the points overflows to inf; rescale the data"
        )


def _too_large(name: str, value: float, what: str) -> str:
    return (
        f"{name} = {value:g} is too large: {what} overflows to inf in float arithmetic "
        f"(above about {sys.float_info.max:.2g}), so no learning rate can fit it; "
        "rescale the data (divide x and y by "
        f"{10 ** math.floor(math.log10(abs(value))):g}, say)"
    )


def _all_finite(*numbers: float) -> bool:
    return all(math.isfinite(n) for n in numbers)


def _blame_the_data(
    xs: Sequence[float], ys: Sequence[float], w: float, b: float
) -> None:
    """Raise `BadDataError` naming the point whose loss term or gradient overflows at
    the starting w and b (before any step, so the learning rate has played no part
    yet)."""
    for i, (x, y) in enumerate(zip(xs, ys)):
        error = w * x + b - y
        if not math.isfinite(error * error):
            name, value = ("y", y) if abs(y) >= abs(x) else ("x", x)
            raise BadDataError(
                i, _too_large(name, value, "the squared error (w·x + b − y)²")
            )
        if not math.isfinite(2.0 * error * x):
            raise BadDataError(i, _too_large("x", x, "the gradient 2·(w·x + b − y)·x"))
    raise BadDataError(
        None,
        f"the loss or its gradient, a sum over the {len(xs)} points, overflows to inf "
        "at the start, before any step; rescale the data",
    )


def max_stable_lr(xs: Sequence[float]) -> float:
    """The learning rate above which `fit` on these xs diverges: 2 / λ_max.

    λ_max is the largest eigenvalue of the Hessian of `mse`,
    H = 2·[[mean x², mean x], [mean x, 1]] (chapter 6). Along its eigenvector
    each step multiplies the error by 1 − lr·λ_max, which is below −1, so the
    error grows, once lr > 2 / λ_max. The ys do not matter.

    >>> max_stable_lr([-1.0, 1.0])  # H = 2·I, λ_max = 2
    1.0
    """
    mean_x = sum(xs) / len(xs)
    mean_xx = sum(x * x for x in xs) / len(xs)
    # The eigenvalues of [[a, m], [m, 1]] are (a + 1)/2 ± √(((a − 1)/2)² + m²); H
    # doubles them.
    lam_max = mean_xx + 1 + math.hypot(mean_xx - 1, 2 * mean_x)
    return 2 / lam_max


def suggested_lr(xs: Sequence[float], lr: float) -> float:
    """A learning rate to try instead of `lr`: half of `max_stable_lr`, to one digit,
    which converges briskly; ``lr / 10`` when that is no smaller than `lr`.

    >>> suggested_lr([-1.0, 1.0], lr=5.0)  # the limit is 1.0
    0.5
    """
    suggestion = float(
        f"{max_stable_lr(xs) / 2:.1g}"
    )  # 0.0 when x² overflows to infinity
    return suggestion if 0 < suggestion < lr else lr / 10


def _missing_data(path: Path) -> str:
    """What to say about a --data file that does not exist: a command that works."""
    create = f"`python -m scalar_autograd.create_data --path {path}`"
    folder = next(
        (p for p in path.parents if p.exists()), Path(".")
    )  # the deepest part of the path that exists
    if not folder.is_dir():
        return (
            f"{path}: no such file: {folder} is a file, not a folder; "
            f"did you mean --data {folder}?"
        )
    if folder != path.parent and path.parent != DEFAULT_DATA_PATH.parent:
        return (
            f"{path}: no such file, and folder {path.parent} does not exist; create "
            f"the folder, then the data with {create}"
        )
    return (
        f"{path}: no such file; create it with {create} (only the default "
        f"{DEFAULT_DATA_PATH} is created automatically)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scalar_autograd.train",
        description="Fit y = w*x + b to the CSV data with gradient descent (SGD) on "
        "the mean squared error, printing the loss every epoch, then w, b and the "
        f"final loss. When the default data file {DEFAULT_DATA_PATH} is missing, it is "
        "created first (y = x - 1 + noise). A run that fails exits with status 1 and "
        "writes no plot: a malformed data file or one no learning rate can fit (a "
        "value not finite, or too large to square; named with its line), a loss "
        "that grows (learning rate too large) or does not change at all (too small).",
    )
    parser.add_argument(
        "--epochs",
        type=epochs,
        default=DEFAULT_EPOCHS,
        help=f"passes over the data, one step each, at most {MAX_EPOCHS:,} "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--lr",
        type=learning_rate(sys.float_info.min, "float64"),
        default=DEFAULT_LR,
        help="learning rate, > 0 and a normal float64 (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=non_negative_int,
        default=DEFAULT_SEED,
        help="random seed for the initial w and b, and for data it creates "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--data",
        default=str(DEFAULT_DATA_PATH),
        help="CSV file with header 'x,y' (default: %(default)s, relative to "
        "the current folder; only the default is created when missing, make "
        "another with python -m scalar_autograd.create_data --path PATH)",
    )
    parser.add_argument(
        "--plot",
        metavar="PATH",
        help="also save the loss curve as a PNG image, a name ending in .png, in a "
        "folder that exists (needs matplotlib); an existing file is only replaced "
        "if it is an earlier plot of ours (marked in its metadata), or with --force",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="let --plot replace an existing file that is not an earlier plot",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: returns the exit status (0 trained, 1 bad data or diverged)."""
    args = build_parser().parse_args(argv)
    path = Path(args.data)
    if (
        args.plot
    ):  # checked before any work, so a bad --plot fails at once, not after training
        from .plot import check_plot_path  # only now: matplotlib is optional

        try:
            check_plot_path(args.plot, force=args.force)
        except (ImportError, OSError, ValueError) as error:
            return _fail(error)
    try:
        if (
            not path.exists() and path != DEFAULT_DATA_PATH
        ):  # a typo must not train on made-up data
            raise DataError(_missing_data(path))
        if not path.exists():
            size, noise = create_data.DEFAULT_SIZE, create_data.DEFAULT_NOISE
            print(
                f"{path} not found: creating it ({size} points of y = x - 1, "
                f"noise {noise:g}, seed {args.seed})"
            )
            write_csv(path, *create_data.make_linear_data(size, noise, args.seed))
        xs, ys, lines = read_csv_lines(path)
        check_data(xs, ys)
    except BadDataError as error:
        return _fail(_located(error, path, lines))
    except (DataError, OSError) as error:
        return _fail(error)
    print(
        f"training y = w*x + b on {len(xs)} points from {path}: "
        f"{args.epochs} epoch{'s' if args.epochs != 1 else ''}, lr {args.lr:g}, seed "
        f"{args.seed}"
    )

    def progress(epoch: int, loss: float, w: float, b: float) -> None:
        print(
            f"epoch {epoch:>{len(str(args.epochs))}}/{args.epochs}  loss {loss:<12.6g} "
            " "
            f"w {w:<+12.6g}  b {b:+.6g}",
            flush=True,
        )

    try:
        result = fit(xs, ys, args.epochs, args.lr, args.seed, on_epoch=progress)
    except BadDataError as error:
        return _fail(_located(error, path, lines))
    except DivergedError as error:
        return _fail(f"{error} (--lr {error.suggestion:g})")
    print(f"w = {result.w:.6g}, b = {result.b:.6g}, loss = {result.loss:.6g}")
    limit, suggestion = max_stable_lr(xs), suggested_lr(xs, args.lr)
    if result.loss > result.losses[0]:  # finite, but diverging: w and b are no answer
        why = (
            f"is above {limit:.3g}, the largest at which gradient descent converges on "
            "this "
            "data (2 / the largest eigenvalue of the Hessian)"
            if args.lr > limit
            else "is too large"
        )
        return _fail(
            f"the loss grew from {result.losses[0]:.6g} to {result.loss:.6g}: learning "
            "rate "
            f"{args.lr:g} {why}; try --lr {suggestion:g}"
        )
    if result.loss == result.losses[0] and result.loss > 0:
        # no step changed the loss: lr * gradient is too small to move w and b, which
        # are still their random start
        return _fail(
            f"the loss did not change from {result.loss:.6g}: learning rate "
            f"{args.lr:g} is too small to move w and b; try --lr {suggestion:g}"
        )
    if args.lr > limit:
        print(
            f"train: warning: learning rate {args.lr:g} is above {limit:.3g}, the "
            "largest at which "
            "gradient descent converges on this data: the loss fell over these "
            "epochs, but more "
            f"would make it grow; try --lr {suggestion:g}",
            file=sys.stderr,
        )
    if args.plot:
        from .plot import check_plot_path, save_loss_curve

        try:
            action = check_plot_path(
                args.plot, args.force
            )  # again: a file may have appeared
            saved = save_loss_curve(
                result.losses,
                args.plot,
                title="Linear regression: loss",
                force=args.force,
            )
        except (ImportError, OSError, ValueError) as error:
            return _fail(error)
        print(f"{action} loss curve {saved}")
    return 0


def _located(error: BadDataError, path: Path, lines: Sequence[int]) -> str:
    """The error with the file and line of its point, the way a data file's errors
    read."""
    if error.index is None:
        return f"{path}: {error.reason}"
    return f"{path}, line {lines[error.index]}: {error.reason}"


def _fail(error: object) -> int:
    print(f"train: error: {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
