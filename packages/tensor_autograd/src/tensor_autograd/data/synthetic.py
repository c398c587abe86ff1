"""Generate the SYNTHETIC stand-in for Kaggle's ``gender.csv`` shipped in the package.

When Kaggle cannot be reached and nothing is cached, the command-line tools fall back to
``tensor_autograd/data/gender_synthetic.csv``. It is **made up** by this script: same
columns and same quirks as the real file (leading spaces in some rows, a trailing comma
on every line, a duplicate row), calibrated to the real file's summary statistics, but
every person in it is invented. Every run that uses it says so.

The real file, for comparison (131 rows, one an exact duplicate): 68 men and 63 women;
Age 24-52, mean 34.6; Height 160-190 cm, mean 173.2; Weight 50-94 kg, correlated 0.98
with Height; Income 30,000-500,000 USD, mean 93,206, median 75,000, with six CEOs at
250,000-500,000; mean income 62,937 for women and 121,250 for men; Income correlated
0.66 with Age and 0.46 with Height; 19 occupations. ``tests/data/test_synthetic.py``
checks the shipped file against these numbers.

How the people are drawn (all integers, like the real file):

* Gender: 67 of the 130 people are men (the duplicate row makes it 131 rows).
* Height: around 165 cm for women (160-171) and 181 cm for men (175-190). The ranges
  do not overlap, so height alone separates the genders, as it nearly does in the real
  file.
* Weight: a straight line in height plus a little noise; the two correlate about 0.98.
* Age: skewed towards the young end of 24-52 (mean about 35).
* Income: a linear function of age, height and gender plus Gaussian noise, rounded to
  5,000 USD and at least 30,000, so a linear regression on (Gender, Age, Height) has
  real signal to find. Six men aged 42-52 are CEOs, with incomes of 250,000 to 500,000
  USD in steps of 50,000: far above what the features predict, and, as in the real
  file, they dominate any squared error.
* Occupation: one of 19 (CEO only for those six); education, marital status and
  favourite colour: uniformly at random. No model in the book uses them.

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

#: The seed of the shipped file. Change it only together with the file (see above).
SYNTHETIC_SEED = 7
#: Distinct people in the shipped file; a duplicate row makes 131 rows, as in Kaggle's.
SYNTHETIC_PEOPLE = 130
MAX_PEOPLE = 1_000_000  # --people: more would only exhaust memory

OCCUPATIONS = (
    "Software Engineer", "Teacher", "Doctor", "Nurse", "Lawyer", "Accountant",
    "Sales Representative", "Marketing Manager", "Graphic Designer", "Chef",
    "Architect", "Data Scientist", "Pharmacist", "Dentist", "Journalist", "Pilot",
    "Electrician", "Receptionist", "CEO",
)  # fmt: skip
EDUCATION_LEVELS = ("High School", "Bachelor's Degree", "Master's Degree", "Doctorate")
MARITAL_STATUSES = ("Single", "Married", "Divorced", "Widowed")
COLORS = (
    "Blue", "Green", "Red", "Black", "Purple", "Yellow", "White", "Pink", "Orange",
    "Gray",
)  # fmt: skip

#: The share of men: 67 of 130.
MALE_SHARE = 67 / 130
# Income = BASE + per-year * (age - 24) + per-cm * (height - 160) + male bonus + noise.
INCOME_BASE = 27_000
INCOME_PER_YEAR = 3_200
INCOME_PER_CM = 1_000
INCOME_MALE_BONUS = 14_000
INCOME_NOISE = 14_000
#: The CEOs' incomes: six men aged 42-52, far above what their features predict.
CEO_INCOMES = (250_000, 300_000, 350_000, 400_000, 450_000, 500_000)


def synthetic_rows(
    seed: int = SYNTHETIC_SEED, people: int = SYNTHETIC_PEOPLE
) -> list[list[str]]:
    """Draw ``people`` invented people as lists of strings, columns as in `ALL_COLUMNS`.

    >>> rows = synthetic_rows(seed=0, people=3)
    >>> len(rows), len(rows[0])
    (3, 9)
    >>> rows[0][0] in ("male", "female"), rows == synthetic_rows(seed=0, people=3)
    (True, True)
    """
    rng = np.random.default_rng(seed)
    male = np.zeros(people, dtype=bool)
    male[rng.choice(people, round(MALE_SHARE * people), replace=False)] = True
    # Non-overlapping height ranges: height alone tells the genders apart.
    man_height = np.clip(np.rint(rng.normal(181.0, 4.0, people)), 175, 190)
    woman_height = np.clip(np.rint(rng.normal(165.0, 3.0, people)), 160, 171)
    height = np.where(male, man_height, woman_height)
    weight = 50.0 + 1.45 * (height - 160) + rng.normal(0.0, 2.5, people)
    weight = np.clip(np.rint(weight), 50, 94)
    age = 24 + np.rint(28 * rng.beta(1.3, 2.2, people)).astype(np.int64)
    income = (
        INCOME_BASE
        + INCOME_PER_YEAR * (age - 24)
        + INCOME_PER_CM * (height - 160)
        + INCOME_MALE_BONUS * male
        + rng.normal(0.0, INCOME_NOISE, people)
    )
    income = np.maximum(30_000, np.rint(income / 5_000) * 5_000)
    occupation = rng.choice(OCCUPATIONS[:-1], people)
    # Small samples (doctests, quick tests) have no CEOs: too few men to spare six.
    if male.sum() >= 4 * len(CEO_INCOMES):
        ceo = rng.choice(np.flatnonzero(male), len(CEO_INCOMES), replace=False)
        age[ceo] = rng.integers(42, 53, len(ceo))  # top salaries come late in a career
        income[ceo] = rng.permutation(CEO_INCOMES)
        occupation[ceo] = "CEO"
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


def synthetic_csv_text(
    seed: int = SYNTHETIC_SEED, people: int = SYNTHETIC_PEOPLE
) -> str:
    """The CSV text of the synthetic sample, quirks included.

    Some rows separate fields with ``", "`` (leading spaces), others with ``","``;
    every line, the header too, ends with a comma; one row is repeated verbatim,
    somewhere after its original.

    >>> text = synthetic_csv_text(seed=0, people=6)
    >>> text.splitlines()[0].split(", ")[:4]
    ['Gender', 'Age', 'Height (cm)', 'Weight (kg)']
    >>> len(text.splitlines()), all(line.endswith(",") for line in text.splitlines())
    (8, True)
    """
    # A stream of its own, so that the people do not depend on it.
    rng = np.random.default_rng([seed, 1])
    rows = synthetic_rows(seed, people)
    spaced = rng.random(len(rows)) < 0.35

    def line(fields: list[str], with_spaces: bool) -> str:
        return (", " if with_spaces else ",").join(fields) + ","

    lines = [line(row, bool(flag)) for row, flag in zip(rows, spaced, strict=True)]
    original = int(rng.integers(len(rows)))
    # The copy goes somewhere after its original, as a later re-entry of a record would.
    lines.insert(int(rng.integers(original + 1, len(lines) + 1)), lines[original])
    header = ", ".join(ALL_COLUMNS) + ","
    return "\n".join([header, *lines]) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the synthetic CSV, or write it with ``--out``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "sample_synthetic.csv"
    >>> main(["--out", str(target), "--people", "8"])
    wrote 9 rows of SYNTHETIC data (seed 7) to ...sample_synthetic.csv
    0
    """
    parser = argparse.ArgumentParser(
        prog="python -m tensor_autograd.data.synthetic",
        description=(
            "Generate the SYNTHETIC stand-in for Kaggle's gender.csv "
            "(invented people, same quirks)."
        ),
    )
    parser.add_argument(
        "--out", type=Path, help="write the CSV to this file (default: print it)"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=SYNTHETIC_SEED,
        help="random seed (default: %(default)s)",
    )
    parser.add_argument(
        "--people",
        type=int,
        default=SYNTHETIC_PEOPLE,
        help="distinct people, before 1 duplicate row (default: %(default)s)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite --out if it exists with other contents",
    )
    args = parser.parse_args(argv)
    if not 2 <= args.people <= MAX_PEOPLE:
        parser.error(
            f"--people must be from 2 (a row gets duplicated) to {MAX_PEOPLE:,}, "
            f"got {args.people}"
        )
    text = synthetic_csv_text(args.seed, args.people)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:  # an identical earlier sample may be replaced; another file only with --force
        check_output_path(
            args.out,
            what="the SYNTHETIC sample",
            force=args.force,
            option="--out path",
            is_ours=lambda path: read_text(path, "CSV file") == text,
        )
        atomic_write_text(args.out, text)
    except (FilePathError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    rows = len(text.splitlines()) - 1
    print(f"wrote {rows} rows of SYNTHETIC data (seed {args.seed}) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
