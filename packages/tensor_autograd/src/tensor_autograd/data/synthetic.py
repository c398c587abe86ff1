"""Generate the SYNTHETIC stand-in for Kaggle's ``gender.csv`` that ships inside the package.

When Kaggle cannot be reached and nothing is cached, the command-line tools fall back to
``tensor_autograd/data/gender_synthetic.csv``. It is **made up** by this script: same columns and
same quirks as the real file (leading spaces in some rows, a trailing comma on every line,
duplicate rows, a few very large incomes), but every person in it is invented. Every run that uses
it says so.

How the people are drawn (all integers, like the real file):

* Gender: male or female with equal chance.
* Height: centred on 178 cm for men and 166 cm for women (spread 6 cm), clipped to 160–190,
  so height tells the classifier a lot about gender, but not everything.
* Weight: grows with height (and is a bit higher for men), clipped to 50–94 kg.
* Age: uniform over 24–52.
* Income: a linear function of age, height and gender plus Gaussian noise, rounded to USD 1,000 and
  at least USD 30,000, so a linear regression on (Gender, Age, Height) has real signal to find.
  Two people past 45 get a very large income (300,000–500,000), far above what the features
  predict, like the few very large incomes of the real file.

Regenerate the shipped file (a test checks it equals this script's output)::

    uv run python -m tensor_autograd.data.synthetic --out \\
        packages/tensor_autograd/src/tensor_autograd/data/gender_synthetic.csv --force
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scalar_autograd.plumbing.files import (
    FilePathError,
    atomic_write_text,
    check_output_path,
    read_text,
)

from tensor_autograd.data.schema import ALL_COLUMNS

#: The seed of the shipped file. Change it only together with the file (see the module docstring).
#: Picked among the first few seeds so that the commands' default split (``--seed 0``) keeps both very
#: large incomes among the training rows — the likelier case; other ``--seed`` values show what an
#: outlier among the test rows does to the test metrics.
SYNTHETIC_SEED = 3
#: Distinct people in the shipped file; two duplicate rows bring it to 131 rows like the real one.
SYNTHETIC_PEOPLE = 129
MAX_PEOPLE = 1_000_000  # --people: more would only exhaust memory

OCCUPATIONS = (
    "Software Engineer", "Teacher", "Doctor", "Nurse", "Lawyer", "Accountant", "Sales Representative",
    "Marketing Manager", "Graphic Designer", "Chef", "Architect", "Data Scientist", "Pharmacist",
)  # fmt: skip
EDUCATION_LEVELS = ("High School", "Bachelor's Degree", "Master's Degree", "Doctorate")
MARITAL_STATUSES = ("Single", "Married", "Divorced", "Widowed")
COLORS = ("Blue", "Green", "Red", "Black", "Purple", "Yellow", "White", "Pink", "Orange", "Gray")

# Income = BASE + per-year * (age - 24) + per-cm * (height - 160) + male bonus + noise.
INCOME_BASE = 35_000
INCOME_PER_YEAR = 2_800
INCOME_PER_CM = 700
INCOME_MALE_BONUS = 9_000
INCOME_NOISE = 10_000
VERY_LARGE_INCOMES = 2


def synthetic_rows(seed: int = SYNTHETIC_SEED, people: int = SYNTHETIC_PEOPLE) -> list[list[str]]:
    """Draw ``people`` invented people as lists of strings, in the column order of :data:`ALL_COLUMNS`.

    >>> rows = synthetic_rows(seed=0, people=3)
    >>> len(rows), len(rows[0])
    (3, 9)
    >>> rows[0][0] in ("male", "female"), rows == synthetic_rows(seed=0, people=3)
    (True, True)
    """
    if people < VERY_LARGE_INCOMES + 2:
        # Small samples skip the very large incomes (used by doctests and quick tests).
        very_large = 0
    else:
        very_large = VERY_LARGE_INCOMES
    rng = np.random.default_rng(seed)
    male = rng.random(people) < 0.5
    height = np.clip(np.rint(np.where(male, 178.0, 166.0) + rng.normal(0.0, 6.0, people)), 160, 190)
    weight = np.clip(np.rint(0.9 * (height - 100) + 5.0 * male + rng.normal(0.0, 7.0, people)), 50, 94)
    age = rng.integers(24, 53, people)
    income = (
        INCOME_BASE
        + INCOME_PER_YEAR * (age - 24)
        + INCOME_PER_CM * (height - 160)
        + INCOME_MALE_BONUS * male
        + rng.normal(0.0, INCOME_NOISE, people)
    )
    income = np.maximum(30_000, np.rint(income / 1_000) * 1_000)
    # The very large incomes go to people past 45, the way top salaries come late in a career.
    senior = np.flatnonzero(age >= 45)
    lucky = rng.choice(senior, size=min(very_large, len(senior)), replace=False)
    income[lucky] = rng.integers(300, 501, len(lucky)) * 1_000
    occupation = rng.choice(OCCUPATIONS, people)
    education = rng.choice(EDUCATION_LEVELS, people)
    marital = rng.choice(MARITAL_STATUSES, people)
    color = rng.choice(COLORS, people)
    return [
        [
            "male" if male[i] else "female",
            str(int(age[i])),
            str(int(height[i])),
            str(int(weight[i])),
            str(occupation[i]),
            str(education[i]),
            str(marital[i]),
            str(int(income[i])),
            str(color[i]),
        ]
        for i in range(people)
    ]


def synthetic_csv_text(seed: int = SYNTHETIC_SEED, people: int = SYNTHETIC_PEOPLE) -> str:
    """The CSV text of the synthetic sample, quirks included.

    Some rows separate fields with ``", "`` (leading spaces), others with ``","``; every line,
    the header too, ends with a comma; one row is repeated verbatim and another repeated with
    different spacing, so only stripping before de-duplicating finds both.

    >>> text = synthetic_csv_text(seed=0, people=6)
    >>> text.splitlines()[0]
    'Gender, Age, Height (cm), Weight (kg), Occupation, Education Level, Marital Status, Income (USD), Favorite Color,'
    >>> len(text.splitlines()), all(line.endswith(",") for line in text.splitlines())
    (9, True)
    """
    rng = np.random.default_rng([seed, 1])  # a stream of its own, so the people do not depend on it
    rows = synthetic_rows(seed, people)
    spaced = rng.random(len(rows)) < 0.35

    def line(fields: list[str], with_spaces: bool) -> str:
        return (", " if with_spaces else ",").join(fields) + ","

    lines = [line(row, bool(flag)) for row, flag in zip(rows, spaced, strict=True)]
    verbatim, respaced = (int(i) for i in rng.choice(len(rows), size=2, replace=False))
    copies = [
        (verbatim, lines[verbatim]),
        (respaced, line(rows[respaced], not spaced[respaced])),
    ]
    # Put each copy somewhere after its original, as a later re-entry of the same record would be.
    for original, copy in copies:
        position = int(rng.integers(original + 1, len(lines) + 1))
        lines.insert(position, copy)
    header = ", ".join(ALL_COLUMNS) + ","
    return "\n".join([header, *lines]) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the synthetic CSV, or write it with ``--out``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "sample_synthetic.csv"
    >>> main(["--out", str(target), "--people", "8"])
    wrote 10 rows of SYNTHETIC data (seed 3) to ...sample_synthetic.csv
    0
    """
    parser = argparse.ArgumentParser(
        prog="python -m tensor_autograd.data.synthetic",
        description="Generate the SYNTHETIC stand-in for Kaggle's gender.csv (invented people, same quirks).",
    )
    parser.add_argument("--out", type=Path, help="write the CSV to this file (default: print it)")
    parser.add_argument("--seed", type=int, default=SYNTHETIC_SEED, help="random seed (default: %(default)s)")
    parser.add_argument(
        "--people",
        type=int,
        default=SYNTHETIC_PEOPLE,
        help="distinct people, before 2 duplicates (default: %(default)s)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite --out if it exists with other contents")
    args = parser.parse_args(argv)
    if not 2 <= args.people <= MAX_PEOPLE:
        parser.error(f"--people must be from 2 (two rows get duplicated) to {MAX_PEOPLE:,}, got {args.people}")
    text = synthetic_csv_text(args.seed, args.people)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:  # an identical earlier sample may be replaced; another file only with --force
        check_output_path(args.out, what="the SYNTHETIC sample", force=args.force, option="--out path",
                          is_ours=lambda path: read_text(path, "CSV file") == text)
        atomic_write_text(args.out, text)
    except (FilePathError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {len(text.splitlines()) - 1} rows of SYNTHETIC data (seed {args.seed}) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
