"""Chapters 12 and 13 show figures drawn at build time from runs the chapters also make:
the figures must train what the chapters train."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

from figure_checks import load_figures

DOCS = Path(__file__).resolve().parents[2] / "packages" / "tensor_autograd" / "docs"


def _module():
    return load_figures(DOCS / "figures.py", "part2_figures_mnist1d")


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


def test_chapter_12_trains_the_figures_runs():
    chapter = (DOCS / "12-ten-classes.md").read_text(encoding="utf-8")
    assert 'linear = train_mnist1d("linear", Settings(), data=data)' in chapter
    assert 'mlp = train_mnist1d("mlp", Settings(), data=data)' in chapter
    source = inspect.getsource(_module().mnist1d_run)
    assert "train_mnist1d(kind, Settings(steps=steps))" in source


def test_chapter_13_trains_the_figures_cnn_and_shifts_alike():
    module = _module()
    chapter = (DOCS / "13-convolutions.md").read_text(encoding="utf-8")
    steps = module.CNN_CHAPTER_STEPS
    assert f'cnn = train_mnist1d("cnn", Settings(steps={steps}), data=data)' in chapter
    assert 'mlp = train_mnist1d("mlp", Settings(), data=data).model' in chapter
    # The figure's shift is the chapter's, line for line (but the name and docstring).
    body = inspect.getsource(module._shift).splitlines()[2:]
    assert _lines("\n".join(body)) <= _lines(chapter)


def test_the_table_is_drawn_from_the_record():
    module = _module()
    record = json.loads(module.MNIST1D_RESULTS.read_text(encoding="utf-8"))
    table = module.FIGURES["mnist1d-table.md"]()
    for run in record["runs"]:
        assert f"**{run['test_accuracy']:.1%}**" in table
    assert record["machine"]["cpu"] in table and record["date"][:10] in table
    # The table's times are the whole command's; chapter 12's, the training's alone.
    assert "whole command" in table and "chapter 12 times the training alone" in table


def test_chapter_12_shows_the_commands_the_figure_runs():
    module = _module()
    chapter = (DOCS / "12-ten-classes.md").read_text(encoding="utf-8")
    train = " ".join(o for o in module.MNIST1D_TRAIN_OPTIONS if o != "--quiet")
    assert f"uv run python -m tensor_autograd.train {train} --save mlp.npz" in chapter
    predict = " ".join(module.MNIST1D_PREDICT_OPTIONS)
    assert f"uv run python -m tensor_autograd.predict --model mlp.npz {predict}" in chapter
    assert "<!-- figure: mnist1d-cli.md -->" in chapter
