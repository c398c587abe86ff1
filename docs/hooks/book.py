"""MkDocs hook that gathers the book from its packages.

Each part of the book lives beside the code it explains, in ``packages/<name>/docs``. This hook
adds those chapters to the site under ``part1/`` and ``part2/`` so the navigation in ``mkdocs.yml``
can name them, and it draws the figures the chapters show from the packages' own code at build
time, so a picture can never disagree with the code.

A package's ``docs/figures.py`` may define ``FIGURES``, a dict from a file name to a function:

* a name ending in ``.png`` or ``.svg`` maps to a function returning the image's bytes; the image
  is served at ``<part>/figures/<name>`` and a chapter shows it with ``![…](figures/<name>)``;
* a name ending in ``.mmd`` maps to a function returning Mermaid text; a chapter line that reads
  exactly ``<!-- mermaid: <name> -->`` is replaced by a Mermaid diagram of that text.
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
PARTS = {
    "part1": ROOT / "packages" / "scalar_autograd" / "docs",
    "part2": ROOT / "packages" / "tensor_autograd" / "docs",
}
MERMAID_MARKER = re.compile(r"^<!-- mermaid: (?P<name>[\w.-]+\.mmd) -->$", re.MULTILINE)

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
        if not docs.is_dir():
            continue
        for source in sorted(docs.rglob("*")):
            # figures.py is the recipe for the pictures, not a page of the book.
            if source.is_dir() or source.suffix == ".py" or "__pycache__" in source.parts:
                continue
            uri = f"{part}/{source.relative_to(docs).as_posix()}"
            files.append(File.generated(config, uri, abs_src_path=str(source)))
        texts: dict[str, str] = {}
        for name, make in _load_figures(part, docs).items():
            if name.endswith(".mmd"):
                texts[name] = make()
            else:
                files.append(File.generated(config, f"{part}/figures/{name}", content=make()))
        _text_figures[part] = texts
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    part = page.file.src_uri.split("/", 1)[0]

    def diagram(match: re.Match) -> str:
        name = match["name"]
        texts = _text_figures.get(part, {})
        if name not in texts:
            raise KeyError(f"{page.file.src_uri}: no Mermaid figure {name!r} in {part}'s figures.py")
        return f"```mermaid\n{texts[name].strip()}\n```"

    return MERMAID_MARKER.sub(diagram, markdown)
