"""The book's Python code fits on the page.

The site's code column shows about 88 characters; a longer line is cut off (a trailing comment simply
disappears), so every line a reader is meant to read and copy is kept at most that long. Snippets of
the packages' own source (```` ```py3 ```` fences) are the package's business, not the chapter's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINE = 88
# An opening fence, maybe indented (inside an admonition), and its info string.
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
PYTHON_INFO = re.compile(r"^\s*(python\b|\{\s*\.python\b)")


def _chapters() -> list[Path]:
    pages = sorted(ROOT.glob("packages/*/docs/*.md")) + sorted((ROOT / "docs").rglob("*.md"))
    return [page for page in pages if "vendor" not in page.parts]


def python_lines(text: str):
    """Yield (line number, line) for every line inside a ```python or ```{.python ...} fence."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, indent = opening["fence"], opening["indent"]
        is_python = bool(PYTHON_INFO.match(opening["info"]))
        i += 1
        while i < len(lines):
            stripped = lines[i].strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
                break
            if is_python:
                line = lines[i]
                # The admonition's indentation is not shown on the page.
                yield i + 1, line[len(indent) :] if line.startswith(indent) else line
            i += 1
        i += 1


def test_python_lines_finds_only_python_fences():
    text = "\n".join(
        [
            "```python",
            "a = 1",
            "```",
            "```py3",
            "skipped = 1",
            "```",
            "    ```{.python continuation}",
            "    b = 2",
            "    ```",
            "```text",
            "not code",
            "```",
        ]
    )
    assert list(python_lines(text)) == [(2, "a = 1"), (8, "b = 2")]


@pytest.mark.parametrize("page", _chapters(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_python_code_lines_fit_on_the_page(page):
    too_long = [
        f"{page.relative_to(ROOT)}:{number}: {len(line)} characters"
        for number, line in python_lines(page.read_text(encoding="utf-8"))
        if len(line) > MAX_LINE
    ]
    assert not too_long, f"lines longer than {MAX_LINE} characters:\n" + "\n".join(too_long)
