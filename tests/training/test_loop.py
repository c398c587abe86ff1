"""The training loop: learning-rate schedules, the progress bar, NaN detection; metrics and baselines."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

from tensor_autograd import optim
from tensor_autograd.data import ArrayDataset, DataLoader
from tensor_autograd.training import metrics
from tensor_autograd.training.baselines import LeastSquares, MajorityClass
from tensor_autograd.training.loop import TrainingDiverged, fit, learning_rate
from tensor_autograd.training.models import Architecture, build_model


def line_data(n=32):
    x = np.linspace(0, 1, n)[:, None]
    return ArrayDataset(x, 2 * x - 1)


def test_cosine_goes_from_lr_to_almost_zero():
    rates = [learning_rate(0.5, e, 10, "cosine") for e in range(10)]
    assert rates[0] == 0.5 and rates[-1] < 0.02 and rates == sorted(rates, reverse=True)
    with pytest.raises(ValueError, match="unknown learning-rate schedule 'step'"):
        learning_rate(0.5, 0, 10, "step")


def test_fit_learns_a_line_and_restores_the_learning_rate():
    model = build_model(Architecture("linear", inputs=1), seed=0)
    optimizer = optim.SGD(model.parameters(), lr=0.5)
    loader = DataLoader(line_data(), 8, shuffle=True, seed=0)
    curve = fit(model, loader, optimizer, 100, regression=True, progress=False)
    assert curve[-1] < 1e-4 < curve[0]
    assert optimizer.lr == 0.5
    assert abs(model.state_dict()["0.weight"].item() - 2) < 1e-2


def test_the_progress_bar_reports_the_running_loss():
    model = build_model(Architecture("linear", inputs=1), seed=0)
    bar = io.StringIO()
    fit(model, DataLoader(line_data(), 8), optim.SGD(model.parameters(), lr=0.1), 2, regression=True, file=bar)
    assert "2/2" in bar.getvalue() and "loss=" in bar.getvalue()


def test_a_nan_loss_stops_training():
    model = build_model(Architecture("linear", inputs=1), seed=0)
    optimizer = optim.SGD(model.parameters(), lr=1e6)
    with pytest.raises(TrainingDiverged, match=r"try a smaller learning rate, e\.g\. --lr 100000"):
        fit(model, DataLoader(line_data(), 8), optimizer, 50, regression=True, progress=False)


def test_a_diverged_run_still_gives_the_optimizer_its_learning_rate_back():
    # The schedule sets optimizer.lr every epoch; an exception must not leave the scheduled value
    # behind in an optimizer that belongs to the caller.
    model = build_model(Architecture("linear", inputs=1), seed=0)
    optimizer = optim.SGD(model.parameters(), lr=1.2)
    with pytest.raises(TrainingDiverged, match=r"at epoch [2-9]"):  # after the schedule changed the rate
        fit(model, DataLoader(line_data(), 8), optimizer, 50, regression=True, schedule="cosine", progress=False)
    assert optimizer.lr == 1.2


def test_metrics():
    assert metrics.mse([1, 2], [1, 4]) == 2.0
    assert metrics.mae([1, 2], [1, 4]) == 1.0
    assert metrics.r2_score([1, 2, 3], [1, 2, 3]) == 1.0
    assert math.isnan(metrics.r2_score([2, 2], [1, 3]))
    assert metrics.confusion_matrix([0, 0, 1], [1, 0, 1]).tolist() == [[1, 1], [0, 1]]
    with pytest.raises(ValueError, match="2 targets but 3 predictions"):
        metrics.mse([1, 2], [1, 2, 3])


def test_least_squares_is_exact_and_majority_class_counts():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 3))
    y = x @ np.array([[1.0], [-2.0], [0.5]]) + 3.0
    fit_ = LeastSquares().fit(x, y)
    np.testing.assert_allclose(fit_.predict(x), y, atol=1e-10)
    assert MajorityClass().fit([0, 0, 1]).predict(np.zeros((2, 1))).tolist() == [0.0, 0.0]
    with pytest.raises(RuntimeError, match="before fit"):
        LeastSquares().predict(x)
