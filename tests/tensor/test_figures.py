"""Every figure Part II's chapters show can be drawn, and is what its file name says it is."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

FIGURES_PY = Path(__file__).resolve().parents[2] / "packages" / "tensor_autograd" / "docs" / "figures.py"
MERMAID_STARTS = ("flowchart", "graph", "sequenceDiagram", "classDiagram", "stateDiagram", "xychart")


def _figures() -> dict:
    spec = importlib.util.spec_from_file_location("part2_figures", FIGURES_PY)
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
        assert "-->" in out or "->>" in out or "xychart" in out, f"{name} has no edges"
    elif name.endswith(".md"):
        assert isinstance(out, str) and out.strip(), name
    else:
        pytest.fail(f"{name}: a figure must be .png, .svg, .mmd or .md")
