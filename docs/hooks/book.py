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

Two more things happen to every page before Markdown sees it:

* **Code shown by name.** A fence whose language is ``include`` lists dotted names, one a line::

      ```include
      tensor_autograd.elementwise.mul
      tensor_autograd.elementwise.mul_backward
      ```

  and is replaced by those definitions, read with ``ast`` from the package's source file and titled
  with its path (``packages/tensor_autograd/src/tensor_autograd/elementwise.py``). A name may be a
  module (the whole file), a function or class (with its decorators), a method or class attribute
  (``scalar_autograd.engine.Value.backward``, dedented), a module-level assignment, or a class with
  only some members (``scalar_autograd.engine.Value: __slots__, __init__``). A name that does not
  exist fails ``mkdocs build --strict``. pytest-markdown-docs runs only ``python`` fences, so an
  ``include`` fence is never executed. Details: ``source_include.py``.
* **Results shown.** The page's Python blocks run as the tests run them (in order, ``continuation``
  blocks sharing one namespace, in a scratch folder, ``MPLBACKEND=Agg``), and what a block printed
  is shown under it in an ``Output`` box. A block that raises fails the build, naming the page and
  the block. Details: ``block_output.py``.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))
import block_output  # noqa: E402 - the hook's own modules sit beside it
import source_include  # noqa: E402

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
# Pages' blocks start running as soon as the files are known, two pages at a time, while the rest
# of the build goes on; keyed by the blocks' code, so an edited page is simply run again.
_runs: dict[tuple[str, ...], Future] = {}
_pool: ThreadPoolExecutor | None = None


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
    if Path(config["docs_dir"]).resolve() != ROOT / "docs":
        # Another site using this hook (the tests' small ones) gets includes and outputs only.
        _start_runs(files)
        return files
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
    _start_runs(files)
    return files


def _start_runs(files: Files) -> None:
    global _pool
    _runs.clear()
    _pool = _pool or ThreadPoolExecutor(max_workers=2)
    for file in files:
        if not file.src_uri.endswith(".md") or not file.abs_src_path or file.inclusion.is_excluded():
            continue
        blocks = block_output.python_blocks(Path(file.abs_src_path).read_text(encoding="utf-8"))
        if blocks:
            _runs[_key(blocks)] = _pool.submit(block_output.run, _shown_path(file), blocks)


def _key(blocks) -> tuple[str, ...]:
    return tuple(f"{b.continuation}:{b.line}:{b.code}" for b in blocks)


def _shown_path(file) -> str:
    path = Path(file.abs_src_path or file.src_uri).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else file.src_uri


def _show_outputs(markdown: str, page) -> str:
    blocks = block_output.python_blocks(markdown)
    if not blocks:
        return markdown
    run = _runs.pop(_key(blocks), None)
    try:
        outputs = run.result() if run else block_output.run(_shown_path(page.file), blocks)
    except block_output.BlockError as error:
        raise PluginError(str(error)) from None
    return block_output.with_outputs(markdown, blocks, outputs)


def _include_source(markdown: str, page) -> str:
    def failure(message: str) -> str:
        log.warning(f"{page.file.src_uri}: include: {message}")
        return f'!!! failure "Missing source"\n    {message}'

    return source_include.expand(markdown, failure)


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

    markdown = _show_outputs(markdown, page)
    markdown = TEXT_FIGURE.sub(figure, markdown)
    return _include_source(markdown, page)
