"""Data that no learning rate can fit is blamed on the data, not on the learning rate (issue 8, item 6)."""

import math

import numpy as np
import pytest

from scalar_autograd.cli.train import BadDataError, DivergedError, fit, main


@pytest.fixture(autouse=True)
def in_tmp_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "rows, line, words",
    [
        ("1,0\n1e200,1e200\n2,1\n", 3, "x = 1e+200 is too large: x² overflows to inf"),
        ("1,0\n1,1e200\n", 3, "y = 1e+200 is too large: the squared error"),
        ("1,0\n1e100,1e200\n", 3, "y = 1e+200 is too large"),
    ],
)
def test_overflow_from_the_data_names_the_value_and_line(tmp_path, capsys, rows, line, words):
    (tmp_path / "big.csv").write_text("x,y\n" + rows)
    assert main(["--data", "big.csv", "--plot", "loss.png"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"train: error: big.csv, line {line}: {words}")
    assert "rescale the data" in err
    assert "learning rate" in err and "--lr" not in err  # no lr advice: none would help
    assert not (tmp_path / "loss.png").exists()  # nothing saved


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_input_is_named_not_blamed_on_the_lr(bad):
    with pytest.raises(BadDataError, match=rf"point 1: x is {bad!r}, expected a finite number"):
        fit([0.0, bad], [1.0, 2.0])
    with pytest.raises(BadDataError, match=rf"point 0: y is {bad!r}"):
        fit([0.0, 1.0], [bad, 2.0])


def test_a_non_finite_row_in_a_file_is_named_with_its_line(tmp_path, capsys):
    (tmp_path / "nan.csv").write_text("x,y\n1,0\n2,nan\n")
    assert main(["--data", "nan.csv"]) == 1
    assert capsys.readouterr().err == (
        "train: error: nan.csv, line 3: y is 'nan', expected a finite number\n"
    )


def test_a_sum_that_overflows_names_no_single_point():
    xs = [1e154] * 100  # each x² is finite; their sum is not
    with pytest.raises(BadDataError, match="the data: the sum of x² over the points overflows"):
        fit(xs, [0.0] * 100)


def test_genuine_divergence_still_gets_the_lr_advice():
    with pytest.raises(DivergedError, match="try a smaller learning rate"):
        fit([-1.0, 0.0, 1.0, 2.0], [-2.0, -1.0, 0.0, 1.0], epochs=2000, lr=10.0)


def test_numpy_numbers_are_accepted_as_data_and_epochs():
    xs = np.array([-1.0, 0.0, 1.0, 2.0], dtype=np.float32)
    result = fit(list(xs), list(xs - 1), epochs=np.int64(200), lr=np.float32(0.1))
    assert round(result.w, 3) == 1.0 and round(result.b, 3) == -1.0
