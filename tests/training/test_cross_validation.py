"""--folds: the train command reports a cross-validated score, not only one split's."""

from __future__ import annotations

import re

import numpy as np
import pytest
from .conftest import FAST, run_train

from tensor_autograd import optim
from tensor_autograd.data import (
    REGRESS,
    DataLoader,
    kfold_indices,
    load_gender_data,
    prepare_rows,
)
from tensor_autograd.training import metrics
from tensor_autograd.training.loop import fit, predict
from tensor_autograd.training.models import Architecture, build_model


def test_without_folds_the_report_has_no_cross_validation_line():
    status, out = run_train(*FAST)
    assert status == 0 and "cross-validation" not in out


def test_folds_report_the_mean_and_spread_of_each_folds_test_r2():
    status, out = run_train(*FAST, "--folds", "5", "--seed", "3")
    assert status == 0
    line = next(row for row in out.splitlines() if row.startswith("cross-validation"))
    found = re.fullmatch(
        r"cross-validation, 5 folds \(seed 3\): test R² (-?[\d.]+) ± ([\d.]+) "
        r"\(from (-?[\d.]+) to (-?[\d.]+); each fold trained like the model above\)",
        line,
    )
    assert found, line
    # The same five fits, done by hand: fresh weights, the fold's own scalers.
    people = load_gender_data("synthetic").frame
    scores = []
    for train_rows, test_rows in kfold_indices(len(people), 5, seed=3):
        fold = prepare_rows(people, REGRESS, train_rows, test_rows)
        model = build_model(Architecture("linear", inputs=3), seed=[3, 1])
        loader = DataLoader(fold.train, 16, shuffle=True, seed=[3, 2])
        fit(model, loader, optim.SGD(model.parameters(), lr=0.3), 5, True, progress=False)
        scores.append(metrics.r2_score(fold.test.y, predict(model, fold.test.x)))
    expected = [np.mean(scores), np.std(scores), min(scores), max(scores)]
    assert [float(value) for value in found.groups()] == pytest.approx(expected, abs=6e-4)
    # The one-split report is still there, unchanged by the folds.
    assert out.count("test metrics") == 1 and "R²" in out


def test_classification_folds_report_accuracy():
    status, out = run_train(*FAST, "--task", "classify", "--folds", "3")
    assert status == 0
    assert re.search(r"cross-validation, 3 folds \(seed 0\): test accuracy [\d.]+% ± ", out)


def test_one_fold_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        run_train(*FAST, "--folds", "1")
    assert stop.value.code == 2
    assert "--folds needs at least 2 folds to cross-validate, got 1" in capsys.readouterr().err


def test_more_folds_than_rows_is_a_usage_error_before_training(tmp_path, capsys, monkeypatch):
    from tensor_autograd.cli import train

    def no_training(*args, **kwargs):
        raise AssertionError("trained before checking --folds")

    monkeypatch.setattr(train, "fit", no_training)
    path = tmp_path / "m.npz"
    with pytest.raises(SystemExit) as stop:
        run_train(*FAST, "--folds", "1000", "--save", str(path))
    assert stop.value.code == 2 and not path.exists()
    assert "--folds 1000: the data has 130 rows, so at most 130 folds" in capsys.readouterr().err


def test_folds_with_undefined_r2_are_left_out_of_the_mean_with_a_note():
    # 130 rows in 70 folds: ten folds test a single row, where R² is undefined.
    status, out = run_train(*FAST, "--folds", "70")
    assert status == 0
    assert "nan" not in out
    match = re.search(r"note: (\d+) of the 70 folds left out of the mean: their test R² is undefined", out)
    assert match and int(match.group(1)) >= 10


def test_no_fold_with_a_defined_r2_fails_and_saves_nothing(tmp_path, capsys):
    path = tmp_path / "m.npz"
    status, out = run_train(*FAST, "--folds", "130", "--save", str(path))
    assert status == 1 and not path.exists() and "nan" not in out
    assert "the test R² is undefined on every fold" in capsys.readouterr().err
