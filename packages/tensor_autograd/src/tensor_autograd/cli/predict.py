"""Use a saved model: ``python -m tensor_autograd.predict --model PATH --gender female
--age 30 --height 165``.

The model file (written by ``tensor_autograd.train --save``) says which task it was
trained for and which inputs it needs; the scalers inside it bring the inputs to the
model's scale and, for regression, the output back to US dollars. A regressor prints the
estimated income; a classifier (``--task classify``) needs ``--age --height --weight
--income`` and prints the predicted gender with its probability.

It never writes a file. Exit status: 0 with the prediction — with a warning on stderr
when an estimated income lies far outside the incomes the model was trained on; 1 when
the model file is missing, damaged or not ours; 2 for a missing, extra or implausible
input.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import numpy as np

from tensor_autograd.data.scaling import MinMaxScaler
from tensor_autograd.data.schema import (
    AGE,
    GENDER,
    GENDER_CODES,
    HEIGHT,
    INCOME,
    PLAUSIBLE_RANGES,
    WEIGHT,
)
from tensor_autograd.data.tasks import TASKS
from tensor_autograd.training.checkpoint import ModelFileError, SavedModel, load_model
from tensor_autograd.training.loop import predict
from tensor_autograd.training.models import Architecture, build_model

#: Each column's command-line option.
OPTIONS = {
    GENDER: "--gender",
    AGE: "--age",
    HEIGHT: "--height",
    WEIGHT: "--weight",
    INCOME: "--income",
}
#: The values that make sense for each column (beyond them: an error): the very ranges
#: train accepts in the data.
LIMITS = PLAUSIBLE_RANGES
#: An estimate more than this many times the training targets' span outside their range
#: gets a warning: the model is broken, or the inputs are unlike every training row.
FAR_OUTSIDE = 1.0

# A decimal number as people write it: float() also accepts "1_0" (as 10), "١٠", "nan".
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text}")
    if not _DECIMAL.fullmatch(text.strip()):
        raise argparse.ArgumentTypeError(
            f"expected a plain decimal number such as 30 or 172.5, got {text!r} "
            "(no underscores, no digits other than 0-9)"
        )
    return value


def _gender(text: str) -> str:
    label = text.strip().lower()
    if label not in GENDER_CODES:
        raise argparse.ArgumentTypeError(
            f"expected one of {sorted(GENDER_CODES)}, got {text!r}"
        )
    return label


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tensor_autograd.predict",
        description=(
            "Predict with a model saved by `python -m tensor_autograd.train --save "
            "PATH`: "
            "a regressor needs --gender --age --height and prints the income in USD; "
            "a classifier needs --age --height --weight --income and prints the gender "
            "and its probability."
        ),
        epilog=(
            "Writes no file. Exit status: 0 with the prediction (and a warning on "
            "stderr when an estimated income lies far outside the incomes the model "
            "was trained on); 1 for a missing, damaged or foreign model file; 2 for "
            "a missing, extra or implausible input."
        ),
    )
    add = parser.add_argument
    add(
        "--model",
        type=Path,
        required=True,
        metavar="PATH",
        help="the model file (.npz) written by train --save",
    )
    add(
        "--task",
        choices=list(TASKS),
        help="fail unless the model was trained for this task",
    )
    add("--gender", type=_gender, help="female or male")
    add("--age", type=_number, help="age in years")
    add("--height", type=_number, help="height in cm")
    add("--weight", type=_number, help="weight in kg")
    add("--income", type=_number, help="yearly income in USD")
    return parser


def rebuild(saved: SavedModel):
    """The model, input scaler and (for regression) target scaler stored in a model
    file, and its feature names: each checked against the others, since a file may be
    damaged or hand-edited."""
    meta = saved.meta
    try:
        arch = Architecture.from_dict(meta["architecture"])
        x_scaler = MinMaxScaler.from_dict(meta["x_scaler"])
        y_scaler = (
            MinMaxScaler.from_dict(meta["y_scaler"])
            if meta.get("y_scaler") is not None
            else None
        )
        features = list(meta["features"])
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(
            f"the model file is damaged or incomplete: {error}"
        ) from error
    # The header's sizes are checked against the stored weights before the model is
    # built, so a header claiming huge layers is an error, not an attempt to allocate.
    expected = arch.parameter_shapes()
    stored = {name: tuple(np.shape(value)) for name, value in saved.state.items()}
    if stored != expected:
        raise ModelFileError(
            f"the model file is inconsistent: its header describes a "
            f"{arch.describe()} model with parameters {_shapes(expected)}, "
            f"but it stores {_shapes(stored)}"
        )
    try:
        model = build_model(arch)
        model.load_state_dict(saved.state)
    except (TypeError, ValueError) as error:
        raise ModelFileError(f"the model file is damaged: {error}") from error
    task = meta.get("task")
    if (
        not isinstance(task, str)
        or task not in TASKS
        or (task == "regress") != (y_scaler is not None)
    ):
        raise ModelFileError(
            f"the model file names an unknown or inconsistent task {meta.get('task')!r}"
        )
    _check_columns(meta, features, arch, x_scaler, y_scaler)
    return model, x_scaler, y_scaler, features


def _shapes(shapes: dict[str, tuple[int, ...]]) -> str:
    listed = [f"{name} {list(shape)}" for name, shape in shapes.items()]
    return ", ".join(listed) or "none"


def _check_columns(
    meta: dict, features: list, arch: Architecture, x_scaler, y_scaler
) -> None:
    """Raise a ModelFileError unless the features and the target are columns this
    command takes, in agreement with the model's input width and the scalers, and the
    data note is an object."""
    inconsistent = "the model file is inconsistent"
    unknown = [f for f in features if not isinstance(f, str) or f not in OPTIONS]
    if unknown or len(set(features)) != len(features):
        detail = f"; unknown: {unknown}" if unknown else "; some are repeated"
        raise ModelFileError(
            f"{inconsistent}: its features {features} must be distinct columns among "
            f"{list(OPTIONS)}{detail}"
        )
    target = meta.get("target")
    if not isinstance(target, str) or target not in OPTIONS or target in features:
        raise ModelFileError(
            f"{inconsistent}: its target {target!r} must be a column among "
            f"{list(OPTIONS)}, not one of its features"
        )
    if not len(features) == arch.inputs == x_scaler.minimum.size:
        raise ModelFileError(
            f"{inconsistent}: it lists {len(features)} features {features}, but the "
            "model takes "
            f"{arch.inputs} inputs and the input scaler has {x_scaler.minimum.size} "
            "columns"
        )
    if x_scaler.names is not None and list(x_scaler.names) != features:
        raise ModelFileError(
            f"{inconsistent}: the input scaler's columns {x_scaler.names} are not its "
            f"features {features}"
        )
    if arch.outputs != 1 or (y_scaler is not None and y_scaler.minimum.size != 1):
        raise ModelFileError(
            f"{inconsistent}: the model must have one output, {target}, and so must "
            "its target scaler"
        )
    data = meta.get("data", {})
    if not isinstance(data, dict):
        raise ModelFileError(
            f'{inconsistent}: its "data" entry must be an object like '
            f'{{"source": "kaggle"}}, got {json.dumps(data)}'
        )


def main(argv: Sequence[str] | None = None, out: IO[str] | None = None) -> int:
    """Run the command; return its exit status (0 ok, 1 a bad model file, 2 bad
    options).

    >>> import io, pathlib, tempfile
    >>> from tensor_autograd.cli import train
    >>> path = str(pathlib.Path(tempfile.mkdtemp()) / "income.npz")
    >>> args = ["--source", "synthetic", "--quiet", "--save", path]
    >>> train.main(args, out=io.StringIO())
    0
    >>> main(["--model", path, "--gender", "female", "--age", "30", "--height", "165"])
    ... # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    note: this model was trained on the SYNTHETIC sample (invented people), not the
    Kaggle data
    estimated Income (USD): $...
    0
    """
    out = out if out is not None else sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        saved = load_model(args.model, task=args.task)
    except ModelFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        model, x_scaler, y_scaler, features = rebuild(saved)
    except ModelFileError as error:
        print(f"error: {args.model}: {error}", file=sys.stderr)
        return 1

    task, target = saved.meta["task"], saved.meta.get("target")
    given = {column: getattr(args, option[2:]) for column, option in OPTIONS.items()}
    if target in given and given[target] is not None:
        parser.error(
            f"this is a {task} model: it predicts {target}, so {OPTIONS[target]} is "
            "not an input "
            f"(it needs {' '.join(OPTIONS[f] for f in features)})"
        )
    missing = [OPTIONS[f] for f in features if given.get(f) is None]
    if missing:
        parser.error(
            f"this {task} model predicts {target} from {', '.join(features)}: "
            f"missing {' '.join(missing)}"
        )
    unused = [
        OPTIONS[c]
        for c, v in given.items()
        if v is not None and c not in features and c != target
    ]
    if unused:
        needed = " ".join(OPTIONS[f] for f in features)
        parser.error(
            f"this {task} model does not use {' '.join(unused)}; it needs {needed}"
        )
    for column in features:
        if column in LIMITS:
            low, high = LIMITS[column]
            if not low <= given[column] <= high:
                parser.error(
                    f"{OPTIONS[column]} {given[column]:g} is out of range; "
                    f"expected {low:g} to {high:g} "
                    "(the plausible range, as in the training data)"
                )

    row = np.array(
        [[GENDER_CODES[given[f]] if f == GENDER else given[f] for f in features]],
        dtype=np.float64,
    )
    for column, value, low, high in zip(
        features, row[0], x_scaler.minimum, x_scaler.maximum, strict=True
    ):
        if not low <= value <= high:
            print(
                f"note: {column} {value:g} is outside the training range "
                f"{low:g}–{high:g}; "
                f"the prediction is an extrapolation",
                file=out,
            )
    with np.errstate(over="ignore", invalid="ignore"):  # checked just below
        scaled = x_scaler.transform(row).astype(np.float32)
        output = predict(model, scaled).astype(np.float64)
        if y_scaler is not None:
            output = y_scaler.inverse_transform(output)
    if not np.all(np.isfinite(output)):
        print(
            f"error: {args.model}: the model's output is {float(output[0, 0])}, "
            "not a number it can answer with: its weights or scalers are damaged; "
            "retrain it",
            file=sys.stderr,
        )
        return 1
    if saved.meta.get("data", {}).get("source") == "synthetic":
        print(
            "note: this model was trained on the SYNTHETIC sample (invented people), "
            "not the Kaggle data",
            file=out,
        )
    if y_scaler is not None:
        income = float(output[0, 0])
        print(f"estimated {target}: ${income:,.0f}", file=out)
        low, high = float(y_scaler.minimum[0]), float(y_scaler.maximum[0])
        _warn_if_far_outside(income, low, high, target)
    else:
        probability_male = float(1.0 / (1.0 + np.exp(-output[0, 0])))
        label, probability = (
            ("male", probability_male)
            if probability_male >= 0.5
            else ("female", 1 - probability_male)
        )
        print(f"predicted {target}: {label} (probability {probability:.2f})", file=out)
    return 0


def _warn_if_far_outside(estimate: float, low: float, high: float, target: str) -> None:
    """Warn on stderr when `estimate` lies more than FAR_OUTSIDE spans outside
    [low, high], the range of the training targets: no trustworthy model answers that
    far from what it saw."""
    span = high - low
    if low - FAR_OUTSIDE * span <= estimate <= high + FAR_OUTSIDE * span:
        return
    print(
        f"WARNING: this estimate is far outside the {target} values the model was "
        f"trained on (${low:,.0f} to ${high:,.0f}); do not trust it: the model may be "
        "broken (retrain it), "
        "or these inputs are unlike anyone in the training data",
        file=sys.stderr,
    )


if __name__ == "__main__":
    raise SystemExit(main())
