"""Pytest plugin that makes every chapter of the book an executed test.

Loaded with ``-p book_plugin`` (see ``[tool.pytest.ini_options]``) so it applies however pytest is
called, whether on the whole tree or on one chapter.
"""

from __future__ import annotations

import os

import pytest

# Chapters that draw figures must never try to open a window.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.hookimpl(tryfirst=True)
def pytest_markdown_docs_markdown_it():
    """Parse chapters as MkDocs does, so fences indented in admonitions (``??? success "Solution"``) run."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin

    return MarkdownIt(config="commonmark").use(admon_plugin)


@pytest.fixture(autouse=True)
def _chapter_runs_in_a_scratch_folder(request, tmp_path, monkeypatch):
    """A chapter's code runs in an empty folder of its own, so files it writes never land in the repo."""
    if request.node.get_closest_marker("markdown-docs") is not None:
        monkeypatch.chdir(tmp_path)


def _hypothesis_profile() -> None:
    """Property tests run the same examples on every machine, so a CI failure can be reproduced."""
    from hypothesis import settings

    settings.register_profile("book", deadline=None, derandomize=True, database=None, print_blob=True)
    settings.load_profile("book")


_hypothesis_profile()  # before any test module is imported, so its @settings inherit the profile
