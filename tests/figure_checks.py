"""Shared checks for the figures the chapters show (``packages/*/docs/figures.py`` and ``docs/*/figures.py``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

MERMAID_STARTS = ("flowchart", "graph", "sequenceDiagram", "classDiagram", "stateDiagram", "xychart")


def load_figures(figures_py: Path, module_name: str):
    """Import a figures.py by path, as the site's hook does, and return the module."""
    spec = importlib.util.spec_from_file_location(module_name, figures_py)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_is_figure(name: str, out) -> None:
    """``out`` is what the file name promises: PNG or SVG bytes, Mermaid with edges, or Markdown."""
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
        raise AssertionError(f"{name}: a figure must be .png, .svg, .mmd or .md")
