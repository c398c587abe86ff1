"""A run that fails says so, exits non-zero and writes nothing; a meaningless number is not printed
as if it meant something (issue 8, items 4, 5, 6, 11 and 14)."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

from tensor_autograd.cli import predict, train
from tensor_autograd.training import loop
from tensor_autograd.training.baselines import LeastSquares
from tensor_autograd.training.checkpoint import load_model, model_bytes
from tensor_autograd.training.models import MAX_PARAMETERS, Architecture

from .conftest import FAST, run_train

HEADER = "Gender,Age,Height (cm),Weight (kg),Income (USD)"
# Least squares fits these training rows exactly: income is a linear function of the features.
FIVE_ROWS = (
    "male,20,160,70,30000",
    "female,30,150,60,20000",
    "female,30,150,61,20000",
    "male,20,160,71,30000",
    "male,20,160,72,30000",
)


def run_predict(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return predict.main(list(argv), out=out), out.getvalue()


@pytest.fixture
def write_csv(tmp_path):
    def write(*rows: str):
        path = tmp_path / "people.csv"
        path.write_text("\n".join([HEADER, *rows]) + "\n")
        return path

    return write


# -- 4. least squares that fits exactly --------------------------------------------------------------
class ExactLeastSquares(LeastSquares):
    """Least squares as a BLAS that rounds exactly computes it: residuals of exactly zero."""

    def predict(self, x):
        return np.round(super().predict(x), 9)


def test_an_exact_least_squares_fit_is_no_division_by_zero(write_csv, monkeypatch):
    monkeypatch.setattr(train, "LeastSquares", ExactLeastSquares)
    status, out = run_train("--data", str(write_csv(*FIVE_ROWS)), "--seed", "1", "--quiet")
    assert status == 0
    assert "closed-form least squares 0.000000 (it fits the training rows exactly, so no gap in percent)" in out


def test_an_exact_fit_prints_no_meaningless_percentage(write_csv):
    # Least squares ends some 1e-33 above zero here: any loss is then "-100 %" or "+1e31 %" above it.
    status, out = run_train("--data", str(write_csv(*FIVE_ROWS)), "--seed", "1", "--quiet")
    assert status == 0
    assert "it fits the training rows exactly" in out and "%" not in out


def test_income_set_by_gender_alone_prints_no_huge_percentage(write_csv):
    rows = [
        f"{gender},{20 + i},{150 + i},{60 + i},{30000 if gender == 'male' else 20000}"
        for i, gender in enumerate(["male", "female"] * 20)
    ]
    status, out = run_train("--data", str(write_csv(*rows)), "--quiet", "--epochs", "5")
    assert status == 0
    assert "it fits the training rows exactly" in out and "%" not in out


def test_r2_of_a_constant_test_target_is_named_undefined_not_nan(write_csv):
    status, out = run_train("--data", str(write_csv(*FIVE_ROWS)), "--seed", "1", "--quiet")
    assert status == 0
    assert "nan" not in out
    assert "note: R² is undefined: every test row has the same Income (USD) (1 test row)" in out


# -- 5. a diverged run -------------------------------------------------------------------------------
def test_a_diverged_run_exits_1_with_advice_and_writes_no_model(tmp_path, capsys):
    path = tmp_path / "d.npz"
    argv = ["--source", "synthetic", "--lr", "0.8", "--schedule", "constant", "--epochs", "5", "--quiet"]
    status, out = run_train(*argv, "--save", str(path))
    assert status == 1
    assert not path.exists()
    err = capsys.readouterr().err
    assert err.startswith("error: the loss grew from 0.752025 to ")
    assert "learning rate 0.8 is too large" in err and "try a smaller learning rate, e.g. --lr 0.08" in err
    assert f"not written: {path}" in err
    assert "test metrics" not in out and "model file" not in out


def test_fit_fails_when_the_loss_ends_above_where_it_started(monkeypatch):
    monkeypatch.setattr(loop, "DIVERGENCE_FACTOR", math.inf)  # only the end-of-run check is left
    from tensor_autograd import optim
    from tensor_autograd.data import ArrayDataset, DataLoader
    from tensor_autograd.training.models import build_model

    x = np.linspace(0, 1, 32)[:, None]
    model = build_model(Architecture("linear", inputs=1), seed=0)
    optimizer = optim.SGD(model.parameters(), lr=1.2)
    with pytest.raises(loop.TrainingDiverged, match=r"the loss grew from 0\.368926 to .* over 3 epochs: "):
        loop.fit(model, DataLoader(ArrayDataset(x, 2 * x - 1), 8), optimizer, 3, True, "constant", progress=False)


def _scale_weights(path, factor):
    saved = load_model(path)
    meta = {k: v for k, v in saved.meta.items() if k not in ("format", "version")}
    path.write_bytes(model_bytes({name: value * factor for name, value in saved.state.items()}, meta))


def test_predict_warns_loudly_when_the_estimate_is_far_outside_the_training_incomes(regression_model, capsys):
    person = ["--gender", "female", "--age", "30", "--height", "165"]
    status, out = run_predict("--model", str(regression_model), *person)
    assert status == 0 and "WARNING" not in capsys.readouterr().err
    _scale_weights(regression_model, 1000.0)  # as a diverged run would leave them
    status, out = run_predict("--model", str(regression_model), *person)
    assert status == 0 and "estimated Income (USD): $" in out
    err = capsys.readouterr().err
    assert err.startswith("WARNING: this estimate is far outside the Income (USD) values the model was trained on ($")
    assert "do not trust it" in err


# -- 6. meaningless data -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("male,40,175,70,1e308", "column 'Income (USD)' holds 1e+308 on line 3 (data row 2), outside the plausible range"),
        ("male,-40,175,70,50000", "column 'Age' holds -40 on line 3"),
        ("male,40,9000,70,50000", "column 'Height (cm)' holds 9000 on line 3"),
    ],
)
def test_implausible_data_is_refused_naming_the_row(write_csv, tmp_path, capsys, row, expected):
    path = tmp_path / "m.npz"
    status, _ = run_train("--data", str(write_csv(FIVE_ROWS[0], row, *FIVE_ROWS[1:])), "--quiet", "--save", str(path))
    assert status == 1 and not path.exists()
    assert expected in capsys.readouterr().err


def test_a_classifier_on_one_gender_is_refused_and_saves_nothing(write_csv, tmp_path, capsys):
    rows = [f"male,{20 + i},{150 + i},{60 + i},{30000 + 1000 * i}" for i in range(40)]
    path = tmp_path / "g.npz"
    status, out = run_train("--data", str(write_csv(*rows)), "--task", "classify", "--quiet", "--save", str(path))
    assert status == 1 and not path.exists()
    assert "test accuracy" not in out
    err = capsys.readouterr().err
    assert "cannot train a classifier: every row's Gender is 'male'; it needs rows of both classes" in err


def test_a_test_split_of_one_class_is_noted(write_csv):
    rows = [f"{g},{20 + i},{150 + i},{60 + i},{30000 + 1000 * i}" for i, g in enumerate(["male"] * 7 + ["female"])]
    status, out = run_train("--data", str(write_csv(*rows)), "--task", "classify", "--quiet", "--epochs", "5",
                            "--test-fraction", "0.25")
    assert status == 0
    assert "note: every test row is male, so the test accuracy says nothing about the other class" in out


# -- 11. sizes checked before allocating -------------------------------------------------------------
def test_train_refuses_a_huge_hidden_layer_before_allocating(capsys):
    with pytest.raises(SystemExit) as exit_:
        run_train(*FAST, "--model", "mlp", "--hidden", "10000000000")
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--hidden: layer widths [3, 10000000000, 1] make a model of 50,000,000,001 parameters" in err
    assert f"more than the {MAX_PARAMETERS:,} this package builds" in err


def test_predict_refuses_a_header_with_huge_layers_before_allocating(regression_model, capsys):
    saved = load_model(regression_model)
    meta = {k: v for k, v in saved.meta.items() if k not in ("format", "version")}
    meta["architecture"] = {"kind": "mlp", "inputs": 3, "hidden": [1000000, 1000000], "outputs": 1}
    regression_model.write_bytes(model_bytes(saved.state, meta))
    status, _ = run_predict("--model", str(regression_model), "--gender", "male", "--age", "30", "--height", "170")
    assert status == 1
    err = capsys.readouterr().err
    assert "make a model of 1,000,006,000,001 parameters" in err and "error: " in err


def test_predict_compares_the_header_with_the_stored_weights_before_building(regression_model, capsys):
    saved = load_model(regression_model)
    meta = {k: v for k, v in saved.meta.items() if k not in ("format", "version")}
    meta["architecture"] = {"kind": "mlp", "inputs": 3, "hidden": [2000], "outputs": 1}
    regression_model.write_bytes(model_bytes(saved.state, meta))
    status, _ = run_predict("--model", str(regression_model), "--gender", "male", "--age", "30", "--height", "170")
    assert status == 1
    err = capsys.readouterr().err
    assert "its header describes a mlp 3 → 2000 → 1 (ReLU) model with parameters 0.weight [2000, 3]" in err
    assert "but it stores 0.weight [1, 3], 0.bias [1]" in err


def test_the_parameter_cap():
    assert Architecture("mlp", inputs=4, hidden=(2000, 2000)).parameter_count == 4_014_001
    with pytest.raises(ValueError, match="make a model of 10,000,400,001 parameters"):
        Architecture("mlp", inputs=1, hidden=(100_000, 100_000))


# -- 14. numbers as people write them ----------------------------------------------------------------
@pytest.mark.parametrize("text", ["1_0", "\u0661\u0660", " 3_0 "])
def test_predict_refuses_numbers_python_reads_but_people_do_not_write(regression_model, capsys, text):
    with pytest.raises(SystemExit) as exit_:
        run_predict("--model", str(regression_model), "--gender", "male", "--age", text, "--height", "170")
    assert exit_.value.code == 2
    assert f"argument --age: expected a plain decimal number such as 30 or 172.5, got {text!r}" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize("text", ["30", "30.", ".5e2", "+30", "3e1", " 30 "])
def test_predict_reads_plain_decimal_numbers(regression_model, text):
    status, out = run_predict("--model", str(regression_model), "--gender", "male", "--age", text, "--height", "170")
    assert status == 0 and "estimated Income (USD)" in out


def test_train_refuses_underscores_in_hidden_widths(capsys):
    with pytest.raises(SystemExit):
        run_train(*FAST, "--model", "mlp", "--hidden", "1_6")
    assert "expected hidden widths like 16 or 32,16, got '1_6'" in capsys.readouterr().err


# -- done when: --help says what a failed run does ---------------------------------------------------
@pytest.mark.parametrize(
    ("module", "phrases"),
    [
        (train, ["Exit status: 0 when the model trained; 1 when", "no model file or plot is written", "2 for a bad option"]),
        (predict, ["Writes no file. Exit status: 0 with the prediction", "1 for a missing, damaged", "2 for a missing"]),
    ],
)
def test_help_states_the_exit_status_and_what_is_written(module, phrases, capsys):
    with pytest.raises(SystemExit):
        module.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    for phrase in phrases:
        assert phrase in text


@pytest.mark.parametrize("model_fixture", ["regression_model", "classifier_model"])
def test_predict_refuses_to_print_a_non_finite_output(model_fixture, request, capsys):
    path = request.getfixturevalue(model_fixture)
    _scale_weights(path, np.inf)  # a damaged file: every weight infinite
    inputs = {
        "regression_model": ["--gender", "male", "--age", "30", "--height", "170"],
        "classifier_model": ["--age", "30", "--height", "170", "--weight", "70", "--income", "50000"],
    }[model_fixture]
    status, out = run_predict("--model", str(path), *inputs)
    assert status == 1 and "estimated" not in out and "predicted" not in out
    err = capsys.readouterr().err
    assert f"error: {path}: the model's output is " in err and "damaged; retrain it" in err


def test_a_model_that_fits_from_the_start_is_not_called_diverged():
    from tensor_autograd import optim
    from tensor_autograd.data import ArrayDataset, DataLoader
    from tensor_autograd.training.models import build_model

    model = build_model(Architecture("linear", inputs=1), seed=0)
    state = model.state_dict()
    x = np.linspace(0, 1, 32)[:, None]
    y = x @ state["0.weight"].T + state["0.bias"]  # what the model already says
    optimizer = optim.Adam(model.parameters(), lr=1e-3)  # Adam steps ~lr even on tiny gradients
    curve = loop.fit(model, DataLoader(ArrayDataset(x, y), 8, shuffle=True, seed=0), optimizer, 3, True,
                     progress=False)
    assert max(curve) < loop.NEGLIGIBLE_LOSS  # it wobbled, and that is no divergence


def test_regression_on_one_gender_says_what_to_do_with_the_data(write_csv, tmp_path, capsys):
    rows = [f"female,{20 + i},{150 + i},{60 + i},{30000 + 1000 * i}" for i in range(40)]
    path = tmp_path / "g.npz"
    status, _ = run_train("--data", str(write_csv(*rows)), "--quiet", "--save", str(path))
    assert status == 1 and not path.exists()
    err = capsys.readouterr().err
    assert "the data holds one gender only (every row is 'female')" in err
    assert "use a CSV with rows of both genders" in err
    assert "drop that column" not in err
