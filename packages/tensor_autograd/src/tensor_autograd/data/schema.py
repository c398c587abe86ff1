"""What the gender table must look like, and how a raw CSV is cleaned into it.

The Kaggle file ``gender.csv`` has a few quirks, and the cleaning below undoes each one:

* names and values carry leading spaces in some rows and not others → strip every name
  and value;
* every line ends with a comma, which pandas reads as an empty column ``Unnamed: 9`` →
  drop nameless columns (and reject one that holds a value: that is a misaligned row);
* at least one row appears twice → drop exact duplicates (after stripping, so rows that
  differ only in spacing count too) and report how many, because a repeated row can land
  in both the training and the test split and make the test score look better than it
  is;
* Gender is ``male``/``female`` (any letter case is accepted; it is lower-cased).

Every number must be finite and within :data:`PLAUSIBLE_RANGES` (an age of -40 is a
typo, not a person). Only the columns the models use are required
(:data:`REQUIRED_COLUMNS`); the others (Occupation, Education Level, Marital Status,
Favorite Color) are kept when present.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tensor_autograd.data.errors import DataError

GENDER = "Gender"
AGE = "Age"
HEIGHT = "Height (cm)"
WEIGHT = "Weight (kg)"
INCOME = "Income (USD)"

#: Every column of the Kaggle file, in its order.
ALL_COLUMNS = (
    GENDER,
    AGE,
    HEIGHT,
    WEIGHT,
    "Occupation",
    "Education Level",
    "Marital Status",
    INCOME,
    "Favorite Color",
)
#: Columns that must hold numbers.
NUMERIC_COLUMNS = (AGE, HEIGHT, WEIGHT, INCOME)
#: Columns the regression and classification tasks read; a file without one of them is
#: rejected.
REQUIRED_COLUMNS = (GENDER, *NUMERIC_COLUMNS)
#: The only Gender labels, with the number each one is encoded as.
GENDER_CODES = {"female": 0, "male": 1}
#: The values each numeric column can plausibly hold, ends included. Generous on
#: purpose: they catch typos, wrong units and impossible values (an age of -40, a
#: height of 9000 cm, an income of 1e308 that overflows when squared), not unusual
#: people. ``train`` rejects a row outside them and ``predict`` an input outside them,
#: so a model is never asked about what it could not have learnt from.
PLAUSIBLE_RANGES = {
    AGE: (0.0, 130.0),
    HEIGHT: (50.0, 260.0),
    WEIGHT: (10.0, 400.0),
    INCOME: (0.0, 1e9),
}


@dataclass(frozen=True)
class CleanResult:
    """A cleaned table and how many duplicate rows were dropped from it."""

    frame: pd.DataFrame
    duplicates: int


def clean_gender_frame(
    raw: pd.DataFrame, origin: str = "the data", lines: Sequence[int] | None = None
) -> CleanResult:
    """Strip, drop the empty nameless columns and duplicate rows, and check every
    required column and value.

    ``raw`` holds the file's fields as strings. ``lines[i]`` is the line of the file row
    ``i`` came from (by default ``i + 2``: line 1 is the header), so that errors can
    point at it; ``origin`` names the file in those messages.

    >>> raw = pd.DataFrame({
    ...     " Gender": ["male", " female", "male"], " Age": ["30", " 41", "30"],
    ...     " Height (cm)": ["180", "165", "180"], " Weight (kg)": ["80", "60", "80"],
    ...     " Income (USD)": ["50000", " 60000", "50000"], "Unnamed: 5": ["", "", ""]})
    >>> result = clean_gender_frame(raw)
    >>> list(result.frame.columns)
    ['Gender', 'Age', 'Height (cm)', 'Weight (kg)', 'Income (USD)']
    >>> result.frame["Gender"].tolist(), result.frame["Age"].tolist(), result.duplicates
    (['male', 'female'], [30, 41], 1)
    """
    frame = _strip(raw, origin)
    line_numbers = range(2, len(frame) + 2) if lines is None else lines
    line_of = pd.Series(list(line_numbers), index=frame.index)

    blank_rows = (frame == "").all(axis=1)
    frame, line_of = frame[~blank_rows], line_of[~blank_rows]
    if len(frame.columns) == 0 or len(frame) == 0:
        what = "no header" if len(frame.columns) == 0 else "a header but no data rows"
        raise DataError(
            f"{origin} is empty: it has {what}; expected a CSV with columns "
            f"{list(ALL_COLUMNS)}"
        )

    frame = _drop_unnamed(frame, line_of, origin)
    frame = _validate(frame, line_of, origin)
    return _drop_duplicates(frame)


def _strip(raw: pd.DataFrame, origin: str) -> pd.DataFrame:
    """A copy with every column name and every value stripped of spaces."""
    frame = raw.copy()
    frame.columns = [str(name).strip() for name in frame.columns]
    repeated = sorted(
        {name for name in frame.columns if list(frame.columns).count(name) > 1}
    )
    if repeated:
        raise DataError(
            f"{origin} names the column(s) {repeated} more than once; columns found: "
            f"{list(frame.columns)}"
        )
    for name in frame.columns:
        frame[name] = frame[name].astype(str).str.strip()
    return frame


def _drop_unnamed(frame: pd.DataFrame, line_of: pd.Series, origin: str) -> pd.DataFrame:
    """Without the nameless columns, which must be empty.

    The comma at the end of every line makes a nameless, empty column. A nameless column
    that holds something is a misaligned row, not a quirk: say where.
    """
    unnamed = [name for name in frame.columns if _is_unnamed(name)]
    for name in unnamed:
        filled = frame[name] != ""
        if filled.any():
            first = filled.idxmax()
            raise DataError(
                f"{origin}: line {line_of[first]} has the value {frame[name][first]!r} "
                "in a column without a name "
                f"(position {list(frame.columns).index(name) + 1}); is a comma missing "
                "or extra on that line?"
            )
    frame = frame.drop(columns=unnamed)
    return frame


def _validate(frame: pd.DataFrame, line_of: pd.Series, origin: str) -> pd.DataFrame:
    """The required columns present, numbers parsed and plausible, genders as labels."""
    missing = [name for name in REQUIRED_COLUMNS if name not in frame.columns]
    if missing:
        raise DataError(
            f"{origin} is missing column(s) {missing}; columns found: "
            f"{list(frame.columns)} "
            f"(names are compared after stripping spaces)"
        )

    for name in NUMERIC_COLUMNS:
        frame[name] = _to_numbers(frame[name], line_of, name, origin)
        _check_plausible(frame[name], line_of, name, origin)
    frame[GENDER] = _to_gender_labels(frame[GENDER], line_of, origin)
    return frame


def _drop_duplicates(frame: pd.DataFrame) -> CleanResult:
    """The first of each set of identical rows, and how many were dropped."""
    duplicated = frame.duplicated(keep="first")
    frame = frame[~duplicated].reset_index(drop=True)
    return CleanResult(frame=frame, duplicates=int(duplicated.sum()))


def _is_unnamed(name: str) -> bool:
    return name == "" or name.startswith("Unnamed:")


def _to_numbers(
    column: pd.Series, lines: pd.Series, name: str, origin: str
) -> pd.Series:
    numbers = pd.to_numeric(column, errors="coerce")
    # "inf" and "-Infinity" parse as numbers, but no age, height or income is infinite:
    # an infinite value let through here would only surface later, as a NaN loss or
    # metric far from its cause.
    bad = pd.Series(
        ~np.isfinite(numbers.to_numpy(dtype=np.float64)), index=column.index
    )
    if bad.any():
        first = bad.idxmax()
        value = column[first]
        if value == "":
            shown = "an empty value"
        elif pd.isna(numbers[first]):
            shown = f"the non-numeric value {value!r}"
        else:
            shown = f"the infinite value {value!r}"
        raise DataError(
            f"{origin}: column {name!r} holds {shown} on line {lines[first]} "
            f"(data row {lines[first] - 1}); expected a finite number"
        )
    return numbers


def _check_plausible(
    numbers: pd.Series, lines: pd.Series, name: str, origin: str
) -> None:
    low, high = PLAUSIBLE_RANGES[name]
    outside = (numbers < low) | (numbers > high)
    if outside.any():
        first = outside.idxmax()
        raise DataError(
            f"{origin}: column {name!r} holds {numbers[first]:g} "
            f"on line {lines[first]} (data row {lines[first] - 1}), "
            f"outside the plausible range {low:g} to {high:g}; "
            "is it a typo, or in another unit?"
        )


def _to_gender_labels(column: pd.Series, lines: pd.Series, origin: str) -> pd.Series:
    labels = column.str.lower()
    bad = ~labels.isin(list(GENDER_CODES))
    if bad.any():
        first = bad.idxmax()
        raise DataError(
            f"{origin}: column {GENDER!r} holds the unknown label {column[first]!r} on "
            f"line {lines[first]} "
            f"(data row {lines[first] - 1}); expected one of {sorted(GENDER_CODES)}"
        )
    return labels.astype(object)
