"""Which columns go in and which comes out, for the two tasks the book trains.

* ``regress``: Income (USD) from Gender, Age and Height (cm) — the seed's task.
* ``classify``: Gender from the numeric columns Age, Height (cm), Weight (kg) and Income
  (USD).

Gender is encoded ``female → 0``, ``male → 1``
(:data:`~tensor_autograd.data.schema.GENDER_CODES`), so a classifier's output is the
probability of ``male``. Every feature, and the regression target, is min-max scaled
with scalers fitted on the training split only (`prepare_task`); the classification
target stays 0/1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tensor_autograd.data.batching import ArrayDataset
from tensor_autograd.data.errors import DataError
from tensor_autograd.data.scaling import MinMaxScaler
from tensor_autograd.data.schema import (
    AGE,
    GENDER,
    GENDER_CODES,
    HEIGHT,
    INCOME,
    WEIGHT,
)
from tensor_autograd.data.split import split_indices


@dataclass(frozen=True)
class Task:
    """A learning task: its name, its input columns and its target column."""

    name: str
    features: tuple[str, ...]
    target: str
    #: True for regression (scaled target, squared error), False for classification (0/1
    #: target).
    regression: bool


REGRESS = Task("regress", (GENDER, AGE, HEIGHT), INCOME, regression=True)
CLASSIFY = Task("classify", (AGE, HEIGHT, WEIGHT, INCOME), GENDER, regression=False)
#: The tasks by name, as ``--task`` spells them.
TASKS = {task.name: task for task in (REGRESS, CLASSIFY)}


def get_task(name: str) -> Task:
    """Look a task up by name, with a clear error for unknown names.

    >>> get_task("classify").features
    ('Age', 'Height (cm)', 'Weight (kg)', 'Income (USD)')
    """
    try:
        return TASKS[name]
    except KeyError:
        raise ValueError(
            f"unknown task {name!r}; expected one of {list(TASKS)}"
        ) from None


def encode_column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """One column as float64 numbers; Gender becomes female 0, male 1.

    >>> encode_column(pd.DataFrame({"Gender": ["male", "female"]}), "Gender").tolist()
    [1.0, 0.0]
    """
    if name == GENDER:
        return frame[name].map(GENDER_CODES).to_numpy(dtype=np.float64)
    return frame[name].to_numpy(dtype=np.float64)


def encode(frame: pd.DataFrame, task: Task) -> tuple[np.ndarray, np.ndarray]:
    """The task's features ``(n, d)`` and target ``(n, 1)`` as unscaled float64 arrays.

    >>> frame = pd.DataFrame({"Gender": ["male"], "Age": [30], "Height (cm)": [180],
    ...                       "Income (USD)": [50000]})
    >>> x, y = encode(frame, REGRESS)
    >>> x.tolist(), y.tolist()
    ([[1.0, 30.0, 180.0]], [[50000.0]])
    """
    x = np.column_stack([encode_column(frame, name) for name in task.features])
    y = encode_column(frame, task.target)[:, None]
    return x, y


@dataclass(frozen=True)
class PreparedData:
    """Scaled training and test sets for a task, with the scalers that produced them.

    ``y_scaler`` is ``None`` for classification (the target is already 0/1).
    """

    task: Task
    train: ArrayDataset
    test: ArrayDataset
    x_scaler: MinMaxScaler
    y_scaler: MinMaxScaler | None


def prepare_task(
    frame: pd.DataFrame,
    task: Task,
    test_fraction: float = 0.2,
    seed: int = 0,
    dtype: type = np.float32,
) -> PreparedData:
    """Split ``frame`` with ``seed``, fit the scalers on the training rows, scale both
    splits.

    >>> from tensor_autograd.data.loading import load_gender_data
    >>> prepared = prepare_task(load_gender_data("synthetic").frame, REGRESS, seed=0)
    >>> len(prepared.train), len(prepared.test), prepared.train.x.dtype
    (104, 26, dtype('float32'))
    >>> # fitted on these rows
    >>> float(prepared.train.x.min()), float(prepared.train.x.max())
    (0.0, 1.0)
    """
    train_rows, test_rows = split_indices(len(frame), test_fraction, seed)
    return prepare_rows(frame, task, train_rows, test_rows, dtype, seed=seed)


def prepare_rows(
    frame: pd.DataFrame,
    task: Task,
    train_rows: np.ndarray,
    test_rows: np.ndarray,
    dtype: type = np.float32,
    seed: int | None = None,
) -> PreparedData:
    """Like `prepare_task`, for given training and test row numbers (a fold, say).

    >>> from tensor_autograd.data.loading import load_gender_data
    >>> from tensor_autograd.data.split import kfold_indices
    >>> people = load_gender_data("synthetic").frame
    >>> train_rows, test_rows = kfold_indices(len(people), folds=5, seed=0)[0]
    >>> prepared = prepare_rows(people, REGRESS, train_rows, test_rows)
    >>> len(prepared.train), len(prepared.test)
    (104, 26)
    """
    x, y = encode(frame, task)
    if not task.regression:
        _require_both_classes(y[:, 0], train_rows, task, seed)
    _require_varied_features(x, train_rows, task, seed)
    x_scaler = MinMaxScaler(task.features).fit(x[train_rows])
    y_scaler = (
        MinMaxScaler([task.target]).fit(y[train_rows]) if task.regression else None
    )

    def scaled(rows: np.ndarray) -> ArrayDataset:
        target = y_scaler.transform(y[rows]) if y_scaler is not None else y[rows]
        return ArrayDataset(x_scaler.transform(x[rows]), target, dtype=dtype)

    return PreparedData(task, scaled(train_rows), scaled(test_rows), x_scaler, y_scaler)


def _require_varied_features(
    x: np.ndarray, train_rows: np.ndarray, task: Task, seed: int | None
) -> None:
    """Raise a DataError naming the feature whose training rows all hold one value:
    min-max scaling cannot scale it, and the model cannot learn from it. The message
    says what to do with the data, since the command line has no option to drop a
    feature."""
    train = x[train_rows]
    for column, name in enumerate(task.features):
        values = np.unique(train[:, column])
        if values.size != 1:
            continue
        value = values[0]
        if name == "Gender":
            names = {code: gender for gender, code in GENDER_CODES.items()}
            shown = repr(names.get(int(value), value))
        else:
            shown = f"{value:g}"
        if np.unique(x[:, column]).size == 1:
            if name == "Gender":
                problem = f"the data holds one gender only (every row is {shown})"
                fix = "use a CSV with rows of both genders"
            else:
                problem = f"every row's {name} is {shown}"
                fix = f"use a CSV whose {name} varies"
        else:
            split = f"the split with seed={seed}" if seed is not None else "these rows"
            problem = (
                f"the {len(train_rows)} training rows of {split} all have {name} "
                f"{shown}"
            )
            fix = "use more rows, or another seed"
        raise DataError(
            f"cannot train: {problem}; {task.name} predicts {task.target} from "
            f"{', '.join(task.features)} and needs rows with different values of "
            f"each; {fix}"
        )


def _require_both_classes(
    labels: np.ndarray, train_rows: np.ndarray, task: Task, seed: int | None
) -> None:
    """Raise a DataError unless the training rows hold both classes: trained on one,
    a classifier only learns to repeat it, and its test accuracy matches "always that
    class" by construction."""
    names = {code: name for name, code in GENDER_CODES.items()}
    present = np.unique(labels[train_rows])
    if present.size >= 2:
        return
    only = names[int(present[0])]
    if np.unique(labels).size < 2:
        where = f"every row's {task.target} is {only!r}"
        fix = "use data with rows of both classes"
    else:
        split = f"the split with seed={seed}" if seed is not None else "these rows"
        where = f"the {len(train_rows)} training rows of {split} are all {only!r}"
        fix = "use more rows, or another seed"
    raise DataError(
        f"cannot train a classifier: {where}; it needs rows of both classes "
        f"({' and '.join(sorted(GENDER_CODES))}) to learn anything, and its accuracy "
        f"would only repeat the majority class; {fix}"
    )
