"""Training the MNIST-1D models: shapes, early stopping with the best weights kept, the
failure modes. Few steps each: the full-accuracy runs are the CLI's, recorded in
docs/, not tests."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tensor_autograd.data import load_mnist1d
from tensor_autograd.training.classification import (
    MODELS,
    NothingLearned,
    Settings,
    build_classifier,
    count_parameters,
    evaluate,
    fit_classifier,
    train_mnist1d,
)
from tensor_autograd.training.loop import TrainingDiverged


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return load_mnist1d()


@pytest.mark.parametrize(
    "kind, parameters",
    [("linear", 410), ("mlp", 4100 + 10100 + 1010), ("cnn", 150 + 1900 + 1900 + 1260)],
)
def test_models_have_the_papers_shapes(kind, parameters):
    model = build_classifier(kind, seed=0)
    assert count_parameters(model) == parameters
    from tensor_autograd import Tensor

    assert model(Tensor(np.zeros((3, 40), np.float32))).shape == (3, 10)


def test_same_seed_same_weights_other_seed_other_weights():
    a, b, c = (build_classifier("cnn", seed=s) for s in (0, 0, 1))
    for (name, x), (_, y), (_, z) in zip(
        a.state_dict().items(), b.state_dict().items(), c.state_dict().items()
    ):
        assert np.array_equal(x, y), name
        assert not np.array_equal(x, z), name


def test_unknown_model_is_named():
    with pytest.raises(ValueError, match=r"unknown MNIST-1D model 'rnn'.*linear.*mlp.*cnn"):
        build_classifier("rnn")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"steps": 0}, "steps must be a positive integer, got 0"),
        ({"patience": -1}, "patience must be a positive integer"),
        ({"lr": float("nan")}, "lr must be a positive number"),
        ({"validation_fraction": 1.0}, "validation_fraction must be between 0 and 1"),
        ({"schedule": "step"}, "unknown schedule 'step'"),
    ],
)
def test_bad_settings_are_refused(change, message):
    with pytest.raises(ValueError, match=message):
        Settings(**change)


@pytest.mark.parametrize("kind, floor", [("linear", 0.2), ("mlp", 0.3), ("cnn", 0.3)])
def test_a_short_run_learns_something(data, kind, floor):
    run = train_mnist1d(kind, Settings(steps=150, eval_every=50), data=data)
    assert run.test_accuracy > floor > run.majority_accuracy
    assert run.confusion.shape == (10, 10) and run.confusion.sum() == 1000
    assert np.trace(run.confusion) == round(run.test_accuracy * 1000)
    assert run.history.step == [50, 100, 150]


def test_runs_are_reproducible(data):
    settings = Settings(steps=60, eval_every=30)
    first, second = (train_mnist1d("mlp", settings, data=data) for _ in range(2))
    assert first.history.to_dict() == second.history.to_dict()
    assert first.test_accuracy == second.test_accuracy


def test_early_stopping_keeps_the_best_weights(data):
    """The MLP overfits quickly: patience runs out, and the weights kept are those of the
    best validation accuracy, not the last ones."""
    settings = Settings(steps=3000, eval_every=50, patience=5)
    run = train_mnist1d("mlp", settings, data=data)
    history = run.history
    assert history.stopped_early and history.step[-1] < settings.steps
    # Stopped `patience` evaluations after the best one (ties go to the later one).
    best = history.step.index(history.best_step)
    assert len(history.step) - 1 - best == settings.patience
    assert history.best_val_accuracy == max(history.val_accuracy)
    assert max(history.val_accuracy[best + 1 :]) < history.best_val_accuracy
    # The model holds the best weights: scoring it again gives the best evaluation.
    from tensor_autograd.data import validation_split

    x_train, y_train, x_val, y_val = validation_split(
        data.x_train, data.y_train, settings.validation_fraction, seed=settings.seed
    )
    loss, accuracy = evaluate(run.model, x_val, y_val)
    assert accuracy == history.best_val_accuracy
    assert math.isclose(loss, history.val_loss[best], rel_tol=1e-6)
    # It overfitted: the training accuracy ends well above the validation accuracy.
    assert history.train_accuracy[-1] > history.val_accuracy[-1] + 0.2


def test_validation_rows_are_not_trained_on(data):
    """The validation rows are carved out of the training set, never seen by a step."""
    settings = Settings(steps=1, eval_every=1, validation_fraction=0.25)
    model = build_classifier("linear")
    x, y = data.x_train[:8], data.y_train[:8]
    seen = []
    original = model.forward

    def spy(inputs):
        seen.append(inputs.data.copy())
        return original(inputs)

    model.forward = spy
    fit_classifier(model, (x[:6], y[:6]), (x[6:], y[6:]), settings)
    trained_on = seen[0]  # the first call is the training step; then the evaluations
    assert len(trained_on) == 6
    assert not any((row == x[6:]).all(axis=1).any() for row in trained_on)


def test_a_diverging_run_raises(data):
    with pytest.raises(TrainingDiverged, match=r"loss grew from .* at step .*--lr 100000"):
        train_mnist1d("mlp", Settings(steps=200, eval_every=100, lr=1e6), data=data)


def test_a_run_that_learns_nothing_fails(data):
    """A learning rate so small the weights barely move: no better than the majority."""
    with pytest.raises(NothingLearned, match="learned nothing"):
        train_mnist1d("linear", Settings(steps=2, eval_every=1, lr=1e-12), data=data)


def test_models_listed_in_the_papers_order():
    assert MODELS == ("linear", "mlp", "cnn")
