"""The bundled synthetic sample: reproducible, labelled, with the real file's schema, quirks and signal."""

from __future__ import annotations

import numpy as np
from tensor_autograd.data import ALL_COLUMNS, read_gender_csv, synthetic_csv_path
from tensor_autograd.data.synthetic import (
    SYNTHETIC_PEOPLE,
    SYNTHETIC_SEED,
    main,
    synthetic_csv_text,
)


def test_the_shipped_file_is_exactly_the_generators_output():
    shipped = synthetic_csv_path().read_text(encoding="utf-8")
    assert shipped == synthetic_csv_text(SYNTHETIC_SEED, SYNTHETIC_PEOPLE), (
        "gender_synthetic.csv is stale; regenerate it with "
        "`uv run python -m tensor_autograd.data.synthetic --out <that file> --force`"
    )


def test_the_file_name_says_synthetic():
    assert "synthetic" in synthetic_csv_path().name


def test_same_seed_same_text_other_seed_other_text():
    assert synthetic_csv_text(seed=7, people=20) == synthetic_csv_text(seed=7, people=20)
    assert synthetic_csv_text(seed=7, people=20) != synthetic_csv_text(seed=8, people=20)


def test_it_has_the_quirks_of_the_real_file():
    lines = synthetic_csv_path().read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 131  # header + about as many rows as the real file
    assert all(line.endswith(",") for line in lines)  # trailing comma → empty unnamed column
    body = lines[1:]
    assert any(", " in line for line in body) and any(", " not in line for line in body)  # spaces in some rows
    assert len(set(body)) < len(body)  # a verbatim duplicate
    stripped = [",".join(field.strip() for field in line.split(",")) for line in body]
    assert len(set(stripped)) == len(body) - 2  # and one that differs only in spacing


def test_it_has_the_schema_and_ranges_of_the_real_file():
    result = read_gender_csv(synthetic_csv_path())
    frame = result.frame
    assert list(frame.columns) == list(ALL_COLUMNS) and result.duplicates == 2
    assert set(frame["Gender"]) == {"male", "female"}
    assert frame["Age"].between(24, 52).all()
    assert frame["Height (cm)"].between(160, 190).all()
    assert frame["Weight (kg)"].between(50, 94).all()
    assert frame["Income (USD)"].between(30_000, 500_000).all()
    assert (frame["Income (USD)"] >= 300_000).sum() == 2  # a few very large incomes
    for name in ("Age", "Height (cm)", "Weight (kg)", "Income (USD)"):
        assert frame[name].dtype.kind == "i"


def test_income_and_gender_carry_signal():
    frame = read_gender_csv(synthetic_csv_path()).frame
    typical = frame[frame["Income (USD)"] < 300_000]
    male = (typical["Gender"] == "male").to_numpy(float)
    x = np.column_stack([male, typical["Age"], typical["Height (cm)"], np.ones(len(typical))])
    y = typical["Income (USD)"].to_numpy(float)
    residual = y - x @ np.linalg.lstsq(x, y, rcond=None)[0]
    assert 1 - residual.var() / y.var() > 0.5  # R² of income on gender, age, height
    tall = frame["Height (cm)"] > 172
    assert ((frame["Gender"] == "male") == tall).mean() > 0.75  # height alone predicts gender


def test_main_writes_atomically_and_refuses_to_overwrite_other_contents(tmp_path, capsys):
    target = tmp_path / "sample_synthetic.csv"
    assert main(["--out", str(target), "--people", "10", "--seed", "1"]) == 0
    assert target.read_text() == synthetic_csv_text(seed=1, people=10)
    assert "SYNTHETIC" in capsys.readouterr().out
    assert main(["--out", str(target), "--people", "10", "--seed", "2"]) == 1
    assert "pass --force" in capsys.readouterr().err
    assert target.read_text() == synthetic_csv_text(seed=1, people=10)
    assert main(["--out", str(target), "--people", "10", "--seed", "2", "--force"]) == 0
    assert target.read_text() == synthetic_csv_text(seed=2, people=10)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_main_prints_to_stdout_by_default(capsys):
    assert main(["--people", "5"]) == 0
    assert capsys.readouterr().out == synthetic_csv_text(people=5)
