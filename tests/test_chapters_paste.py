"""A reader can paste a chapter's blocks into one Python session, in a folder that is not empty.

The home page tells readers to paste each chapter's blocks, in order, into `uv run python` started
in a scratch folder. The tests run each chapter in a fresh empty folder, which hides a block that
only works there: Chapter 6 once asserted that `data/linear.csv` was missing, and wrote
`data/broken.csv` into whatever folder it ran in. Here the chapters that touch files run the way a
reader runs them: every block in one namespace, twice over, in a folder that already holds a data
file, a plot and a model of someone else's; those must be untouched afterwards. Part II's chapters
on the engine, the dataset and the classifier are pasted the same way.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "packages/scalar_autograd/docs/06-linear-regression.md",
    "docs/appendix/engineering.md",
    "packages/tensor_autograd/docs/06-modules-optimizers.md",
    # Part II's chapters on the engine and the classifier, pasted the same way.
    *(
        f"packages/tensor_autograd/docs/{name}.md"
        for name in (
            "01-scalars-to-arrays", "02-broadcasting", "03-matmul", "04-reductions-indexing",
            "05-nonlinearities-losses", "07-higher-order", "08-gradient-checking",
            "09-dataset", "11-classification",
        )
    ),
]
# What a reader's folder may already hold: files that are not the book's to touch.
THEIRS = {
    "data/linear.csv": b"x,y\n1.0,2.0\n",
    "data/broken.csv": b"x,y\n0.5,oops\n",
    "loss.png": b"\x89PNG\r\n\x1a\nsomeone else's picture",
    "run/loss.png": b"\x89PNG\r\n\x1a\nsomeone else's picture",
    "model.npz": b"not ours",
}


def _python_blocks(page: Path):
    spec = importlib.util.spec_from_file_location("book_block_output", ROOT / "docs/hooks/block_output.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module.python_blocks(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES)
def test_pasting_a_chapter_twice_into_one_session_works_anywhere(page, tmp_path, monkeypatch):
    for name, data in THEIRS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["python"])
    session: dict = {"__name__": "__main__"}  # one session, as in `uv run python`
    blocks = _python_blocks(ROOT / page)
    assert blocks
    try:
        for attempt in (1, 2):
            for block in blocks:
                code = compile(block.code, f"{page}:{block.line}", "exec")
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(code, session)
    finally:
        os.chdir(tmp_path)
    for name, data in THEIRS.items():
        assert (tmp_path / name).read_bytes() == data, f"{page} changed the reader's {name}"
