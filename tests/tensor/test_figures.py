"""Every figure Part II's chapters show can be drawn, and is what its file name says it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from figure_checks import assert_is_figure, load_figures

FIGURES_PY = Path(__file__).resolve().parents[2] / "packages" / "tensor_autograd" / "docs" / "figures.py"


def _figures() -> dict:
    return load_figures(FIGURES_PY, "part2_figures").FIGURES


@pytest.mark.parametrize("name", sorted(_figures()))
def test_figure_is_drawn(name):
    assert_is_figure(name, _figures()[name]())


def _chapter_code_lines(chapter: str) -> set[str]:
    """Every line of the chapter, stripped of indentation, for checking that code appears in it."""
    return {line.strip() for line in chapter.splitlines() if line.strip()}


def test_newton_figure_runs_chapter_7s_own_code():
    """The Newton figure reruns Chapter 7's comparison, so it must be the code the chapter shows."""
    import inspect

    module = load_figures(FIGURES_PY, "part2_figures_source")
    chapter = (FIGURES_PY.parent / "07-higher-order.md").read_text(encoding="utf-8")
    for function in (module.gradient_and_hessian, module.newtons_method, module.gradient_descent):
        assert inspect.getsource(function) in chapter, f"{function.__name__} differs from Chapter 7's"

    source = inspect.getsource(module.newton_vs_gradient_descent)
    run = source.split("# -- Chapter 7's run --\n")[1].split("# -- end of Chapter 7's run --")[0]
    lines = [line.strip() for line in run.splitlines() if line.strip()]
    assert "w, descent = gradient_descent(loss_fn, np.zeros(3), lr, steps=100)" in lines
    missing = [line for line in lines if line not in _chapter_code_lines(chapter)]
    assert not missing, f"lines of the figure's run that Chapter 7 does not show: {missing}"


def test_regression_cli_figure_runs_chapter_10s_commands():
    """The page shows the commands' output from a build-time run with the chapter's own arguments."""
    import json

    module = load_figures(FIGURES_PY, "part2_figures_cli")
    chapter = (FIGURES_PY.parent / "10-regression.md").read_text(encoding="utf-8")
    assert f"options = {json.dumps(module.REGRESSION_TRAIN_OPTIONS)}" in chapter
    assert f"person = {json.dumps(module.REGRESSION_PERSON)}" in chapter
    assert 'train_cli.main([*options, "--save", "income.npz"], out=report)' in chapter
    assert 'predict_cli.main(["--model", "income.npz", *person], out=answer)' in chapter
    text = module.FIGURES["regression-cli.md"]()
    assert text.startswith("```text\n$ python -m tensor_autograd.train --source synthetic")
    assert "estimated Income (USD): $" in text


def test_decision_boundary_trains_chapter_11s_models():
    """The boundary figure retrains Chapter 11's two models: its lines must be the chapter's."""
    import inspect

    module = load_figures(FIGURES_PY, "part2_figures_boundary")
    chapter = (FIGURES_PY.parent / "11-classification.md").read_text(encoding="utf-8")
    source = inspect.getsource(module.height_weight_models)
    run = source.split("# -- Chapter 11's run --\n")[1].split("# -- end of Chapter 11's run --")[0]
    lines = [line.strip() for line in run.splitlines() if line.strip()]
    assert "fit(curve, loader, adam, 500, regression=False, progress=False)" in lines
    missing = [line for line in lines if line not in _chapter_code_lines(chapter)]
    assert not missing, f"lines of the figure's training that Chapter 11 does not show: {missing}"
    # The titles report the test loss the chapter's prose is about, not only the accuracy.
    assert "loss: train" in inspect.getsource(module.decision_boundary)
