"""A diverging run is an error, and the learning rate it suggests converges on the data."""

import math
import statistics

import pytest

from scalar_autograd.cli.create_data import make_linear_data
from scalar_autograd.cli.data import write_csv
from scalar_autograd.cli.train import DivergedError, fit, main, max_stable_lr, suggested_lr


@pytest.fixture(autouse=True)
def in_tmp_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_max_stable_lr_is_2_over_the_largest_eigenvalue_of_the_hessian():
    xs, _ = make_linear_data()
    m, mxx = statistics.fmean(xs), statistics.fmean(x * x for x in xs)
    trace, det = 2 * (mxx + 1), 4 * (mxx - m * m)
    lam_max = (trace + math.sqrt(trace**2 - 4 * det)) / 2
    assert math.isclose(max_stable_lr(xs), 2 / lam_max, rel_tol=1e-12)
    assert max_stable_lr([0.0, 0.0]) == 1.0  # only b moves: H = [[0, 0], [0, 2]]


def test_the_limit_is_where_training_starts_to_diverge():
    xs, ys = make_linear_data()
    limit = max_stable_lr(xs)
    below, above = fit(xs, ys, epochs=200, lr=0.98 * limit), fit(xs, ys, epochs=200, lr=1.02 * limit)
    assert below.loss < below.losses[0] / 100 and above.loss > above.losses[0]


@pytest.mark.parametrize("lr", [0.8, 1.0, 5.0, 1000.0])
def test_the_suggested_lr_converges(lr):
    xs, ys = make_linear_data()
    suggestion = suggested_lr(xs, lr)
    assert suggestion == 0.4  # half of the limit, about 0.73, to one digit
    result = fit(xs, ys, lr=suggestion)
    assert abs(result.w - 1) < 1e-2 and abs(result.b + 1) < 1e-2


def test_the_suggestion_is_smaller_than_the_rate_that_failed():
    assert suggested_lr([-1.0, 1.0], lr=0.3) == pytest.approx(0.03)  # half the limit is 0.5: not smaller
    assert suggested_lr([1e200, -1e200], lr=10.0) == 1.0  # x² overflows: fall back to lr / 10


def test_a_growing_finite_loss_exits_1_with_a_converging_suggestion(capsys):
    assert main(["--lr", "5"]) == 1
    captured = capsys.readouterr()
    assert "w = -1.31484e+54" in captured.out  # what the review saw
    assert captured.err == (
        "train: error: the loss grew from 2.3734 to 2.42085e+108: learning rate 5 is above 0.73, "
        "the largest at which gradient descent converges on this data (2 / the largest eigenvalue "
        "of the Hessian); try --lr 0.4\n"
    )
    assert main(["--lr", "0.4"]) == 0


def test_an_overflowing_loss_exits_1_with_the_same_kind_of_suggestion(capsys):
    xs = [-2 + 4 * i / 19 for i in range(20)]
    write_csv("small.csv", xs, [x - 1 for x in xs])
    assert main(["--data", "small.csv", "--lr", "1000"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("train: error: the loss became inf at epoch ")
    suggestion = suggested_lr(xs, 1000.0)
    assert err.endswith(f"try a smaller learning rate, e.g. {suggestion:g} (--lr {suggestion:g})\n")
    assert suggestion < max_stable_lr(xs)


def test_a_rate_just_over_the_limit_warns_even_if_the_loss_fell_so_far(capsys):
    assert main(["--lr", "0.74"]) == 0  # the loss still fell in 50 epochs, but slowly grows along one axis
    err = capsys.readouterr().err
    assert err.startswith("train: warning: learning rate 0.74 is above 0.73")
    assert err.rstrip().endswith("try --lr 0.4")


def test_diverged_error_keeps_its_old_signature():
    error = DivergedError(3, math.inf, 2.0)
    assert error.suggestion == pytest.approx(0.2) and str(error).endswith("e.g. 0.2")


def test_a_learning_rate_too_small_to_move_w_and_b_fails_and_writes_no_plot(in_tmp_cwd, capsys):
    xs = [-1.0, 0.0, 1.0, 2.0]
    write_csv("small.csv", xs, [x - 1 for x in xs])
    assert main(["--data", "small.csv", "--epochs", "3", "--lr", "1e-300", "--plot", "l.png"]) == 1
    err = capsys.readouterr().err
    assert "the loss did not change from" in err and "learning rate 1e-300 is too small to move w and b" in err
    assert not (in_tmp_cwd / "l.png").exists()
