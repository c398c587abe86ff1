"""MkDocs hook that gathers the book from its packages.

Each part of the book lives beside the code it explains, in ``packages/<name>/docs``. This hook
adds those chapters to the site under ``part1/`` and ``part2/`` so the navigation in ``mkdocs.yml``
can name them, and it draws the figures the chapters show from the packages' own code at build
time, so a picture can never disagree with the code.

A package's ``docs/figures.py`` may define ``FIGURES``, a dict from a file name to a function:

* a name ending in ``.png`` or ``.svg`` maps to a function returning the image's bytes; the image
  is served at ``<part>/figures/<name>`` and a chapter shows it with ``![…](figures/<name>)``;
* a name ending in ``.mmd`` maps to a function returning Mermaid text, and one ending in ``.md``
  to a function returning Markdown (a table of measured numbers, say); a chapter line that reads
  exactly ``<!-- figure: <name> -->`` is replaced by that diagram or that Markdown.

Chapters kept in ``docs/`` itself (``docs/performance``) may have a ``figures.py`` too.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path
from types import ModuleType

from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.book")

ROOT = Path(__file__).resolve().parents[2]
# Site folder -> where its pages and figures.py are; the packages' chapters are copied in.
PARTS = {
    "part1": ROOT / "packages" / "scalar_autograd" / "docs",
    "part2": ROOT / "packages" / "tensor_autograd" / "docs",
}
IN_DOCS = {"performance": ROOT / "docs" / "performance"}
TEXT_FIGURE = re.compile(r"^<!-- (?:figure|mermaid): (?P<name>[\w.-]+\.(?:mmd|md)) -->$", re.MULTILINE)

_text_figures: dict[str, dict[str, str]] = {}


def _load_figures(part: str, docs: Path) -> dict:
    path = docs / "figures.py"
    if not path.exists():
        return {}
    spec = importlib.util.spec_from_file_location(f"book_figures_{part}", path)
    module: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(getattr(module, "FIGURES", {}))


def on_files(files: Files, config) -> Files:
    _text_figures.clear()
    for part, docs in PARTS.items():
        for source in sorted(docs.rglob("*")):
            # figures.py is the recipe for the pictures, not a page of the book.
            if source.is_dir() or source.suffix == ".py" or "__pycache__" in source.parts:
                continue
            uri = f"{part}/{source.relative_to(docs).as_posix()}"
            files.append(File.generated(config, uri, abs_src_path=str(source)))
    for part, docs in {**PARTS, **IN_DOCS}.items():
        texts: dict[str, str] = {}
        for name, make in _load_figures(part, docs).items():
            if name.endswith((".mmd", ".md")):
                texts[name] = make()
            else:
                files.append(File.generated(config, f"{part}/figures/{name}", content=make()))
        _text_figures[part] = texts
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    part = page.file.src_uri.split("/", 1)[0]

    def figure(match: re.Match) -> str:
        name = match["name"]
        texts = _text_figures.get(part, {})
        if name not in texts:
            # A warning, not an exception: `mkdocs serve` keeps running while a chapter is written,
            # and `mkdocs build --strict` still fails on it.
            log.warning(f"{page.file.src_uri}: no figure {name!r} in the FIGURES of {part}'s figures.py")
            return f'!!! failure "Missing figure"\n    `{name}` is not in the FIGURES of figures.py.'
        text = texts[name].strip()
        return f"```mermaid\n{text}\n```" if name.endswith(".mmd") else text

    return TEXT_FIGURE.sub(figure, markdown)
