"""`python -m tensor_autograd.predict`: estimates in USD, classes with probabilities, and clear errors."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest

from tensor_autograd.cli import predict
from tensor_autograd.training.checkpoint import load_model, model_bytes


def run_predict(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return predict.main(list(argv), out=out), out.getvalue()


def test_a_regressor_prints_income_in_usd_and_the_synthetic_label(regression_model):
    status, out = run_predict("--model", str(regression_model), "--gender", "female", "--age", "30", "--height", "165")
    assert status == 0
    assert re.search(r"estimated Income \(USD\): \$\d{1,3}(,\d{3})+\n", out)
    assert "SYNTHETIC" in out


def test_predictions_follow_the_saved_model(regression_model):
    def income(age):
        _, out = run_predict("--model", str(regression_model), "--gender", "male", "--age", age, "--height", "180")
        return float(re.search(r"\$([\d,]+)", out).group(1).replace(",", ""))

    assert income("50") > income("25")  # the synthetic income grows with age


def test_a_classifier_prints_the_class_and_its_probability(classifier_model):
    status, out = run_predict(
        "--model", str(classifier_model), "--age", "30", "--height", "188", "--weight", "85", "--income", "60000"
    )
    assert status == 0
    match = re.search(r"predicted Gender: (male|female) \(probability (0\.\d\d|1\.00)\)", out)
    assert match and float(match.group(2)) >= 0.5


def test_inputs_outside_the_training_range_are_flagged(regression_model):
    _, out = run_predict("--model", str(regression_model), "--gender", "male", "--age", "90", "--height", "180")
    assert "note: Age 90 is outside the training range" in out and "extrapolation" in out


def test_a_missing_model_file(tmp_path, capsys):
    status, _ = run_predict("--model", str(tmp_path / "nope.npz"), "--gender", "male", "--age", "30", "--height", "170")
    assert status == 1
    assert "does not exist; train one with `python -m tensor_autograd.train --save" in capsys.readouterr().err


@pytest.mark.parametrize("contents", [b"", b"not a zip file", b"PK\x03\x04 truncated"])
def test_a_corrupt_model_file(tmp_path, capsys, contents):
    path = tmp_path / "model.npz"
    path.write_bytes(contents)
    status, _ = run_predict("--model", str(path), "--gender", "male", "--age", "30", "--height", "170")
    assert status == 1
    assert "is not a model saved by tensor_autograd.train" in capsys.readouterr().err


def test_a_truncated_model_file(regression_model, capsys):
    data = regression_model.read_bytes()
    regression_model.write_bytes(data[: len(data) // 2])
    status, _ = run_predict("--model", str(regression_model), "--gender", "male", "--age", "30", "--height", "170")
    assert status == 1
    assert "is not a model saved by tensor_autograd.train" in capsys.readouterr().err


def test_an_npz_that_is_not_a_model(tmp_path, capsys):
    path = tmp_path / "weights.npz"
    np.savez(path, w=np.ones(3))
    status, _ = run_predict("--model", str(path), "--gender", "male", "--age", "30", "--height", "170")
    assert status == 1
    assert "has no __meta__ entry" in capsys.readouterr().err


def test_a_model_with_mismatched_weights(regression_model, capsys):
    saved = load_model(regression_model)
    state = {name: np.zeros((7, 7)) for name in saved.state}
    meta = {k: v for k, v in saved.meta.items() if k not in ("format", "version")}
    regression_model.write_bytes(model_bytes(state, meta))
    status, _ = run_predict("--model", str(regression_model), "--gender", "male", "--age", "30", "--height", "170")
    assert status == 1
    err = capsys.readouterr().err
    assert "the model file is inconsistent" in err and "but it stores 0.weight [7, 7]" in err


def test_a_model_from_another_task(regression_model, classifier_model, capsys):
    status, _ = run_predict("--model", str(regression_model), "--task", "classify", "--age", "30")
    assert status == 1
    assert "is a model for the task 'regress', not 'classify'" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # regression inputs given to a classifier
        run_predict("--model", str(classifier_model), "--gender", "female", "--age", "30", "--height", "165")
    assert "it predicts Gender, so --gender is not an input" in capsys.readouterr().err


def test_missing_and_unused_inputs(regression_model, capsys):
    with pytest.raises(SystemExit):
        run_predict("--model", str(regression_model), "--gender", "female", "--age", "30")
    assert "missing --height" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run_predict(
            "--model", str(regression_model), "--gender", "female", "--age", "30", "--height", "165", "--weight", "60"
        )
    assert "does not use --weight" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--age", "-5", "--age -5 is out of range; expected 0 to 130"),
        ("--height", "1000", "--height 1000 is out of range; expected 50 to 260"),
        ("--age", "nan", "expected a finite number, got nan"),
        ("--age", "old", "expected a number, got 'old'"),
        ("--gender", "robot", "expected one of ['female', 'male'], got 'robot'"),
    ],
)
def test_out_of_range_inputs(regression_model, capsys, option, value, expected):
    argv = {"--gender": "female", "--age": "30", "--height": "165", option: value}
    with pytest.raises(SystemExit) as exit_:
        run_predict("--model", str(regression_model), *[x for pair in argv.items() for x in pair])
    assert exit_.value.code == 2
    assert expected in capsys.readouterr().err


def _rewrite_meta(path, **changes):
    """Save the model at `path` again with some of its header entries changed."""
    saved = load_model(path)
    meta = {k: v for k, v in saved.meta.items() if k not in ("format", "version")}
    meta.update(changes)
    path.write_bytes(model_bytes(saved.state, meta))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"features": ["Age", "Gender"]}, "it lists 2 features ['Age', 'Gender'], but the model takes 3 inputs"),
        ({"features": ["Gender", "Age", "Shoe size"]}, "unknown: ['Shoe size']"),
        ({"features": ["Gender", "Age", "Age"]}, "some are repeated"),
        ({"features": ["Gender", "Age", "Weight (kg)"]}, "the input scaler's columns"),
        ({"target": "Age"}, "its target 'Age' must be a column among"),
        ({"data": None}, 'its "data" entry must be an object like {"source": "kaggle"}, got null'),
        ({"task": ["regress"]}, "unknown or inconsistent task ['regress']"),
    ],
    ids=["too few features", "unknown feature", "repeated feature", "scaler disagrees", "target", "data", "task"],
)
def test_a_model_file_with_inconsistent_metadata_is_a_clear_error(regression_model, capsys, changes, expected):
    _rewrite_meta(regression_model, **changes)
    status, _ = run_predict("--model", str(regression_model), "--gender", "male", "--age", "30", "--height", "170")
    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {regression_model}: the model file ") and expected in err
