"""The book's Python code fits on the page.

The site's code column shows 88 characters at 1280 px (docs/stylesheets/book.css; the browser test
checks it); a longer line has to be scrolled to, so every line a reader is meant to read and copy is
kept at most that long: the chapters' own code, and the package source they show, whether named in
an ```` ```include ```` fence or marked for an older ``--8<--`` snippet include.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _source_include():
    spec = importlib.util.spec_from_file_location("book_source_include", ROOT / "docs/hooks/source_include.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


source_include = _source_include()
SNIPPET = re.compile(r'^\s*--8<--\s+"(?P<file>[^":]+):(?P<section>[\w-]+)"\s*$')
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


def included_lines(text: str):
    """Yield (where, line) for every line of package source a chapter shows."""
    for number, line in enumerate(text.splitlines(), 1):
        if snippet := SNIPPET.match(line):
            source = (ROOT / snippet["file"]).read_text(encoding="utf-8").splitlines()
            start = source.index(next(s for s in source if s.strip() == f"# --8<-- [start:{snippet['section']}]"))
            end = source.index(next(s for s in source if s.strip() == f"# --8<-- [end:{snippet['section']}]"))
            # The site dedents a section (dedent_subsections), so a method loses its class's indent.
            shown = textwrap.dedent("\n".join(source[start + 1 : end])).split("\n")
            for i, shown_line in enumerate(shown, start + 2):
                yield f"{snippet['file']}:{i} (shown at line {number})", shown_line
    included = source_include.expand(text, on_error=lambda message: "")
    # An included block may be indented (inside an admonition) and carry options (hl_lines).
    fences = re.finditer(
        r'^(?P<indent>[ \t]*)```\{\.python title="(?P<path>[^"]+)"[^}\n]*\}\n(?P<code>.*?)\n(?P=indent)```',
        included, re.S | re.M,
    )
    for fence in fences:
        source = (ROOT / fence["path"]).read_text(encoding="utf-8").splitlines()
        for line in fence["code"].splitlines():
            line = line.removeprefix(fence["indent"])
            # Name the file's line; included code is dedented, so match it stripped.
            at = next((i for i, s in enumerate(source, 1) if s.strip() == line.strip() and line.strip()), "?")
            yield f"{fence['path']}:{at}", line


def test_included_lines_reads_include_fences_and_snippets():
    text = "```include\nscalar_autograd.engine.Value.__add__\n```\n"
    lines = [line for _, line in included_lines(text)]
    assert lines[0] == "def __add__(self, other):"


@pytest.mark.parametrize("page", _chapters(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_included_package_code_fits_on_the_page(page):
    too_long = sorted(
        {f"{where}: {len(line)} characters" for where, line in included_lines(page.read_text(encoding="utf-8"))
         if len(line) > MAX_LINE}
    )
    assert not too_long, f"package lines longer than {MAX_LINE} characters:\n" + "\n".join(too_long)


@pytest.mark.parametrize("page", _chapters(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_money_is_written_so_it_cannot_become_math(page):
    """`\\$11,200 … \\$14,200` once rendered as one formula; the book writes USD 11,200."""
    text = page.read_text(encoding="utf-8")
    escaped = [n for n, line in enumerate(text.splitlines(), 1) if "\\$" in line]
    assert not escaped, f"{page.relative_to(ROOT)}: an escaped dollar on lines {escaped}; write USD 11,200"
