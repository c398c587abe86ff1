"""Bad input to `python -m tensor_autograd.train`: each gets a clear message and a non-zero exit status."""

from __future__ import annotations

import pytest

from .conftest import FAST, run_train

HEADER = (
    "Gender, Age, Height (cm), Weight (kg), Occupation, Education Level, Marital Status, Income (USD), "
    "Favorite Color,"
)


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--epochs", "0", "expected a positive whole number, got 0"),
        ("--epochs", "ten", "expected a positive whole number, got 'ten'"),
        ("--batch-size", "-1", "expected a positive whole number, got -1"),
        ("--lr", "0", "expected a positive finite number, got 0"),
        ("--lr", "nan", "expected a positive finite number, got nan"),
        ("--lr", "inf", "expected a positive finite number, got inf"),
        ("--seed", "-3", "expected a whole number >= 0, got -3"),
        ("--epochs", "1000000000000", "expected at most 1,000,000, got 1000000000000 (a cap"),
        ("--steps", "1000000000000", "expected at most 10,000,000, got 1000000000000"),
        ("--test-fraction", "1", "expected a number strictly between 0 and 1, got 1"),
        ("--hidden", "8,0", "hidden widths must be positive whole numbers, got '8,0'"),
        ("--task", "cluster", "invalid choice: 'cluster'"),
        ("--optimizer", "rmsprop", "invalid choice: 'rmsprop'"),
        ("--source", "web", "invalid choice: 'web'"),
    ],
)
def test_out_of_range_options(option, value, expected, capsys):
    with pytest.raises(SystemExit) as exit_:
        run_train(*FAST, option, value)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert option in err and expected in err


def test_hidden_needs_an_mlp(capsys):
    with pytest.raises(SystemExit):
        run_train(*FAST, "--hidden", "8")
    assert "--hidden only applies to --model mlp" in capsys.readouterr().err


def test_a_diverging_loss_stops_and_suggests_a_smaller_learning_rate(capsys):
    status, _ = run_train("--source", "synthetic", "--quiet", "--lr", "1000")
    assert status == 1
    err = capsys.readouterr().err
    assert "the loss grew from" in err and "try a smaller learning rate, e.g. --lr 100" in err


def test_fewer_rows_than_a_batch_with_drop_last(capsys):
    status, _ = run_train(*FAST, "--drop-last", "--batch-size", "500")
    assert status == 1
    assert "fewer than batch_size=500" in capsys.readouterr().err


def test_source_kaggle_offline_explains_how_to_fix_it(capsys):
    status, _ = run_train("--source", "kaggle", "--quiet")
    assert status == 1
    err = capsys.readouterr().err
    assert "could not get the Kaggle dataset" in err and "--data PATH" in err


def test_data_with_missing_columns(tmp_path, capsys):
    path = tmp_path / "gender.csv"
    path.write_text("Gender,Age\nmale,30\n")
    status, _ = run_train("--data", str(path), "--quiet")
    assert status == 1
    assert "missing column(s) ['Height (cm)', 'Weight (kg)', 'Income (USD)']; columns found: ['Gender', 'Age']" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "male,thirty,175,70,Doctor,PhD,Married,75000,Blue,",
            "column 'Age' holds the non-numeric value 'thirty' on line 3",
        ),
        ("robot,30,175,70,Doctor,PhD,Married,75000,Blue,", "unknown label 'robot' on line 3"),
    ],
)
def test_bad_values_in_the_data(tmp_path, capsys, row, expected):
    path = tmp_path / "gender.csv"
    path.write_text("\n".join([HEADER, "female,28,165,55,Nurse,BSc,Single,52000,Green,", row]) + "\n")
    status, _ = run_train("--data", str(path), "--quiet")
    assert status == 1
    assert expected in capsys.readouterr().err


def test_an_empty_data_file(tmp_path, capsys):
    path = tmp_path / "gender.csv"
    path.write_text("")
    status, _ = run_train("--data", str(path), "--quiet")
    assert status == 1
    assert "is empty" in capsys.readouterr().err


def test_too_few_rows_to_split(tmp_path, capsys):
    path = tmp_path / "gender.csv"
    path.write_text("\n".join([HEADER, "female,28,165,55,Nurse,BSc,Single,52000,Green,"]) + "\n")
    status, _ = run_train("--data", str(path), "--quiet")
    assert status == 1
    assert "cannot split 1 row(s)" in capsys.readouterr().err


def test_data_and_a_source_other_than_auto_conflict(tmp_path, capsys):
    with pytest.raises(SystemExit):
        run_train("--data", str(tmp_path / "gender.csv"), "--source", "kaggle")
    assert "cannot be combined with --source kaggle" in capsys.readouterr().err


@pytest.mark.parametrize("dataset", [FAST, ["--dataset", "mnist1d", "--steps", "1"]])
def test_save_and_plot_on_the_same_file_are_refused_before_training(dataset, tmp_path, capsys):
    path = tmp_path / "same.png"
    other = tmp_path / "sub" / ".." / "same.png"
    (tmp_path / "sub").mkdir()
    for plot in (path, other):
        with pytest.raises(SystemExit) as exit_:
            run_train(*dataset, "--save", str(path), "--plot", str(plot), "--force")
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert "--save and --plot name the same file" in err
        assert not path.exists()


def test_save_inside_a_file_names_the_file_as_a_file(tmp_path, capsys):
    data = tmp_path / "lin.csv"
    data.write_text("x,y\n")
    status, _ = run_train(*FAST, "--save", str(data / "m.npz"))
    assert status == 1
    err = capsys.readouterr().err
    assert f"{data} is a file, not a folder" in err
    assert f"folder {data} is a file" not in err


@pytest.mark.parametrize("lr", ["1e-320", "1e-46", "1e-39"])
def test_a_learning_rate_that_is_0_or_subnormal_in_float32_is_refused(lr, tmp_path, capsys):
    path = tmp_path / "m.npz"
    with pytest.raises(SystemExit) as exit_:
        run_train(*FAST, "--lr", lr, "--save", str(path))
    assert exit_.value.code == 2 and not path.exists()
    err = capsys.readouterr().err
    assert f"argument --lr: expected a learning rate of at least 1.18e-38, got {lr}" in err
    assert "subnormal in float32" in err


def test_a_run_whose_steps_never_moved_the_weights_fails_and_saves_nothing(tmp_path, capsys):
    # 1e-30 is a normal float32, but lr * gradient is far below a weight's rounding step.
    path = tmp_path / "m.npz"
    status, out = run_train(*FAST, "--lr", "1e-30", "--save", str(path))
    assert status == 1 and not path.exists()
    assert "R²" not in out
    assert "no training step changed the weights: the learning rate 1e-30" in capsys.readouterr().err
