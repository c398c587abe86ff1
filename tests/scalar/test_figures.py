"""Every figure Part I's chapters show can be drawn, and is what its file name says it is."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

FIGURES_PY = Path(__file__).resolve().parents[2] / "packages" / "scalar_autograd" / "docs" / "figures.py"
MERMAID_STARTS = ("flowchart", "graph", "sequenceDiagram", "classDiagram", "stateDiagram", "xychart")


def _figures() -> dict:
    spec = importlib.util.spec_from_file_location("part1_figures", FIGURES_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FIGURES


@pytest.mark.parametrize("name", sorted(_figures()))
def test_figure_is_drawn(name):
    out = _figures()[name]()
    if name.endswith(".png"):
        assert isinstance(out, bytes) and out.startswith(b"\x89PNG\r\n\x1a\n"), name
    elif name.endswith(".svg"):
        assert isinstance(out, bytes) and b"<svg" in out[:2000], name
    elif name.endswith(".mmd"):
        assert isinstance(out, str) and out.strip().startswith(MERMAID_STARTS), name
        assert "-->" in out or "->>" in out, f"{name} has no edges"
    elif name.endswith(".md"):
        assert isinstance(out, str) and out.strip(), name
    else:
        pytest.fail(f"{name}: a figure must be .png, .svg, .mmd or .md")


def test_regression_loss_graph_names_every_value():
    text = _figures()["regression-loss.mmd"]()
    for name in ("w", "b", "x", "y", "pred", "err", "loss"):
        assert f'"{name}<br/>' in text, name
    assert "grad -6" in text  # dloss/dw = 2·(w·x + b − y)·x = 2·(−1)·3


def test_decision_boundary_uses_chapter_7s_own_code():
    """The figure retrains Chapter 7's classifier, so it must run exactly the code the chapter shows."""
    import inspect

    spec = importlib.util.spec_from_file_location("part1_figures_source", FIGURES_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
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
