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
