"""Every figure Part I's chapters show can be drawn, and is what its file name says it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from figure_checks import assert_is_figure, load_figures

FIGURES_PY = Path(__file__).resolve().parents[2] / "packages" / "scalar_autograd" / "docs" / "figures.py"


def _figures() -> dict:
    return load_figures(FIGURES_PY, "part1_figures").FIGURES


@pytest.mark.parametrize("name", sorted(_figures()))
def test_figure_is_drawn(name):
    assert_is_figure(name, _figures()[name]())


def test_regression_loss_graph_names_every_value():
    text = _figures()["regression-loss.mmd"]()
    for name in ("w", "b", "x", "y", "pred", "err", "loss"):
        assert f'"{name}<br/>' in text, name
    assert "grad -6" in text  # dloss/dw = 2·(w·x + b − y)·x = 2·(−1)·3


def test_decision_boundary_uses_chapter_7s_own_code():
    """The figure retrains Chapter 7's classifier, so it must run exactly the code the chapter shows."""
    import inspect

    module = load_figures(FIGURES_PY, "part1_figures_source")
    chapter = (FIGURES_PY.parent / "07-neuron-to-mlp.md").read_text(encoding="utf-8")
    for function in (module.make_circles, module.logistic_loss, module.train_classifier):
        assert inspect.getsource(function) in chapter, f"{function.__name__} differs from Chapter 7's"
    calls = ("make_circles(40)", "MLP(2, [12, 1], seed=0)", "Neuron(2, nonlin=False, rng=random.Random(0))")
    for call in calls:
        assert call in chapter and call in inspect.getsource(module.decision_boundary), call


def test_train_help_figure_is_the_real_help():
    text = _figures()["train-help.md"]()
    assert text.startswith("```text\nusage: python -m scalar_autograd.train")
    for option in ("--epochs", "--lr", "--seed", "--data", "--plot PATH"):
        assert option in text
