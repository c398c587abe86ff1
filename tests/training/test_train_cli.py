"""`python -m tensor_autograd.train`: the report, reproducibility, saving, plotting."""

from __future__ import annotations

import io
import sys

import numpy as np
import pytest

from tensor_autograd.cli import train
from tensor_autograd.training.checkpoint import load_model

from .conftest import FAST, run_train


def test_default_run_falls_back_to_synthetic_offline_and_reports_against_least_squares():
    status, out = run_train("--quiet")
    assert status == 0
    assert out.startswith("data: SYNTHETIC sample")
    assert "Kaggle was unreachable" in out
    assert "regress: Income (USD) from Gender, Age, Height (cm)" in out
    assert "closed-form least squares" in out
    for metric in ("MSE (scaled)", "RMSE (USD)", "MAE (USD)", "R²"):
        assert metric in out
    assert "note: these numbers come from the SYNTHETIC sample" in out


def test_classification_reports_accuracy_confusion_matrix_and_majority_class():
    status, out = run_train(*FAST, "--task", "classify")
    assert status == 0
    assert "classify: Gender from Age, Height (cm), Weight (kg), Income (USD)" in out
    assert "test accuracy: model" in out and "majority class (always" in out
    assert "confusion matrix (rows: true, columns: predicted)" in out


def test_same_seed_same_numbers_other_seed_other_numbers():
    first = run_train(*FAST, "--seed", "3")
    assert first == run_train(*FAST, "--seed", "3")
    assert first != run_train(*FAST, "--seed", "4")


@pytest.mark.parametrize(
    "options",
    [
        ["--model", "mlp", "--hidden", "8,4"],
        ["--optimizer", "adam", "--lr", "0.01", "--schedule", "constant"],
        ["--batch-size", "200"],  # larger than the training split: one batch per epoch
        ["--drop-last", "--batch-size", "10", "--test-fraction", "0.3"],
    ],
)
def test_every_option_trains(options):
    status, out = run_train(*FAST, *options)
    assert status == 0, out


def test_the_progress_bar_shows_the_running_loss(capsys):
    status = train.main(["--source", "synthetic", "--epochs", "3"], out=io.StringIO())
    assert status == 0
    err = capsys.readouterr().err
    assert "training" in err and "loss=" in err and "3/3" in err


def test_save_writes_a_model_file_with_scalers_task_features_and_architecture(tmp_path):
    path = tmp_path / "model.npz"
    status, out = run_train(*FAST, "--model", "mlp", "--hidden", "6", "--save", str(path))
    assert status == 0 and f"wrote model file {path}" in out
    saved = load_model(path)
    meta = saved.meta
    assert meta["task"] == "regress" and meta["target"] == "Income (USD)"
    assert meta["features"] == ["Gender", "Age", "Height (cm)"]
    assert meta["architecture"] == {"kind": "mlp", "inputs": 3, "hidden": [6], "outputs": 1}
    assert meta["x_scaler"]["names"] == meta["features"] and meta["y_scaler"]["names"] == ["Income (USD)"]
    assert meta["data"]["source"] == "synthetic"
    assert sorted(saved.state) == ["0.bias", "0.weight", "2.bias", "2.weight"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left


def test_saving_again_replaces_a_model_but_never_another_file(tmp_path, capsys):
    path = tmp_path / "model.npz"
    run_train(*FAST, "--save", str(path))
    status, out = run_train(*FAST, "--seed", "1", "--save", str(path))
    assert status == 0 and f"replaced model file {path}" in out
    data = tmp_path / "gender.csv"
    data.write_text("precious")
    status, _ = run_train(*FAST, "--save", str(data))
    assert status == 1
    assert "is not a model saved by tensor_autograd; refusing to overwrite it" in capsys.readouterr().err
    assert data.read_text() == "precious"


def test_plot_writes_a_png(tmp_path):
    path = tmp_path / "loss.png"
    status, out = run_train(*FAST, "--plot", str(path))
    assert status == 0 and f"wrote loss curve {path}" in out
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_run_returns_the_numbers_it_prints():
    args = train.build_parser().parse_args(FAST)
    result = train.run(args, io.StringIO())
    assert len(result.curve) == 5 and np.isfinite(result.curve).all()
    assert set(result.test) == {"mse_scaled", "rmse_usd", "mae_usd", "r2"}


# -- output paths are checked before training, and only the package's own errors become messages --
@pytest.mark.parametrize(
    "option, name, expected",
    [
        ("--save", "no-such-folder/m.npz", "cannot save the model to {path}: folder {folder} does not exist"),
        ("--save", "a-folder", "cannot save the model to {path}: it is a folder"),
        ("--plot", "no-such-folder/x.png", "cannot write the loss curve to {path}: folder {folder} does not exist"),
        ("--plot", "a-folder", "cannot write the loss curve to {path}: it is a folder"),
        ("--plot", "curve.xyz", "cannot write the loss curve to {path}: the name must end in .png, .svg"),
    ],
)
def test_a_bad_output_path_fails_at_once_naming_it(tmp_path, capsys, monkeypatch, option, name, expected):
    (tmp_path / "a-folder").mkdir()
    path = tmp_path / name

    def no_training(*args, **kwargs):
        raise AssertionError("training started before the output path was checked")

    monkeypatch.setattr(train, "fit", no_training)
    status, out = run_train(*FAST, option, str(path))
    assert status == 1 and out == ""  # not even the data was loaded
    assert expected.format(path=path, folder=path.parent) in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "kagglehub-cache") == ["a-folder"]


def test_an_engine_bug_is_not_hidden_behind_an_error_message(monkeypatch):
    def buggy_fit(*args, **kwargs):
        raise ValueError("operands could not be broadcast together")  # a bug, not bad input

    monkeypatch.setattr(train, "fit", buggy_fit)
    with pytest.raises(ValueError, match="could not be broadcast"):
        run_train(*FAST)


@pytest.mark.parametrize(
    "options, expected",
    [
        (["--drop-last", "--batch-size", "500"], "fewer than batch_size=500"),
        (["--test-fraction", "0.001"], "both need at least one"),
    ],
)
def test_data_too_small_for_the_options_is_a_clear_error(capsys, options, expected):
    status, _ = run_train(*FAST, *options)
    assert status == 1
    assert expected in capsys.readouterr().err


def test_the_plot_needs_neither_pyplot_nor_a_backend_switch(tmp_path, monkeypatch):
    import matplotlib  # a dependency of the workspace (the [plot] extra): never skipped

    backend = matplotlib.get_backend()
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)  # importing pyplot now fails

    def no_switch(*args, **kwargs):
        raise AssertionError("matplotlib.use() changes the backend for the whole process")

    monkeypatch.setattr(matplotlib, "use", no_switch)
    path = tmp_path / "loss.svg"
    status, out = run_train(*FAST, "--plot", str(path))
    assert status == 0 and f"wrote loss curve {path}" in out
    assert path.read_text().lstrip().startswith("<?xml") and matplotlib.get_backend() == backend
