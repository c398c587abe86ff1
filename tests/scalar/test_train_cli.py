"""`python -m scalar_autograd.train`: options, progress, data creation and every failure path."""

import re

import pytest

from scalar_autograd.cli.data import write_csv
from scalar_autograd.cli.train import DivergedError, fit, main


@pytest.fixture(autouse=True)
def in_tmp_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def small_data(path="small.csv", n=20):
    xs = [-2 + 4 * i / (n - 1) for i in range(n)]
    write_csv(path, xs, [x - 1 for x in xs])
    return path


def test_creates_missing_data_and_says_so(in_tmp_cwd, capsys):
    assert main(["--epochs", "2"]) == 0
    out = capsys.readouterr().out
    assert "data/linear.csv not found: creating it" in out
    assert (in_tmp_cwd / "data" / "linear.csv").exists()
    assert main(["--epochs", "2"]) == 0
    assert "not found" not in capsys.readouterr().out  # the second run just reads it


def test_prints_progress_per_epoch_then_w_b_loss(capsys):
    assert main(["--data", small_data(), "--epochs", "7", "--lr", "0.2"]) == 0
    out = capsys.readouterr().out.splitlines()
    epochs = [line for line in out if line.startswith("epoch")]
    assert [line.split()[1] for line in epochs] == [f"{i}/7" for i in range(1, 8)]
    assert all("loss" in line for line in epochs)
    number = r"-?\d+(\.\d+)?(e[-+]\d+)?"
    assert re.fullmatch(rf"w = {number}, b = {number}, loss = {number}", out[-1])


@pytest.mark.parametrize(
    "argv, message",
    [
        # the same wording as tensor_autograd.cli.train's (one set of argument types for both parts)
        (["--lr", "0"], "argument --lr: expected a positive finite number, got 0"),
        (["--lr", "-0.1"], "argument --lr: expected a positive finite number, got -0.1"),
        (["--lr", "nan"], "argument --lr: expected a positive finite number, got nan"),
        (["--lr", "fast"], "argument --lr: expected a positive finite number, got 'fast'"),
        (["--epochs", "0"], "argument --epochs: expected a positive whole number, got 0"),
        (["--epochs", "-5"], "argument --epochs: expected a positive whole number, got -5"),
        (["--epochs", "2.5"], "argument --epochs: expected a positive whole number, got '2.5'"),
        (["--epochs", "1000000000000"], "argument --epochs: expected at most 1,000,000, got 1000000000000"),
        (["--seed", "1_0"], "argument --seed: expected a whole number >= 0, got '1_0'"),
        (["--lr", "1e-320"], "argument --lr: expected a learning rate of at least 2.23e-308, got 1e-320"),
        (["--seed", "-1"], "argument --seed: expected a whole number >= 0, got -1"),
    ],
)
def test_bad_lr_or_epochs_exit_2(argv, message, capsys, in_tmp_cwd):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err
    assert not (in_tmp_cwd / "data").exists()  # rejected before touching anything


def test_fit_raises_diverged_error_on_nan():
    with pytest.raises(DivergedError) as info:  # data too large to square: tests/scalar/test_train_bad_data.py
        fit([1.0, -1.0], [0.0, 0.0], epochs=100, lr=1e10)
    assert info.value.epoch > 1 and info.value.lr == 1e10


def test_empty_csv_is_named(in_tmp_cwd, capsys):
    (in_tmp_cwd / "empty.csv").write_text("")
    assert main(["--data", "empty.csv"]) == 1
    assert capsys.readouterr().err == (
        "train: error: empty.csv: is empty, expected a header 'x,y' and at least one row\n"
    )


def test_malformed_csv_names_file_and_line(in_tmp_cwd, capsys):
    (in_tmp_cwd / "bad.csv").write_text("x,y\n1,0\n2,one\n")
    assert main(["--data", "bad.csv"]) == 1
    assert capsys.readouterr().err == (
        "train: error: bad.csv, line 3: y is 'one', expected a finite number\n"
    )


def test_unreadable_data_path_is_named(in_tmp_cwd, capsys):
    (in_tmp_cwd / "folder.csv").mkdir()
    assert main(["--data", "folder.csv"]) == 1
    assert "folder.csv: is a directory" in capsys.readouterr().err


def test_plot_writes_a_png(in_tmp_cwd, capsys):
    (in_tmp_cwd / "plots").mkdir()
    assert main(["--data", small_data(), "--epochs", "5", "--plot", "plots/loss.png"]) == 0
    png = (in_tmp_cwd / "plots" / "loss.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    assert "wrote loss curve plots/loss.png" in capsys.readouterr().out


def test_seed_changes_the_start_not_the_answer():
    xs = [-1.0, 0.0, 1.0, 2.0]
    ys = [x - 1 for x in xs]
    a, b = fit(xs, ys, epochs=3, seed=1), fit(xs, ys, epochs=3, seed=2)
    assert a.losses[0] != b.losses[0]
    assert fit(xs, ys, epochs=3, seed=1) == a  # reproducible
    long = fit(xs, ys, epochs=300, seed=2)
    assert abs(long.w - 1) < 1e-6 and abs(long.b + 1) < 1e-6


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(xs=[], ys=[]), "at least one"),
        (dict(xs=[1.0], ys=[1.0, 2.0]), "need as many xs as ys"),
        (dict(xs=[1.0], ys=[1.0], epochs=0), "epochs must be a positive integer"),
        (dict(xs=[1.0], ys=[1.0], lr=0.0), "lr must be a positive"),
    ],
)
def test_fit_validates_its_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        fit(**kwargs)
