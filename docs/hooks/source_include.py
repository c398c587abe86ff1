"""Show the packages' real source in a chapter by naming it: the ```` ```include ```` fence.

A chapter writes the dotted names of what it shows, one a line, in a fence whose language is
``include``::

    ```include
    tensor_autograd.elementwise.mul
    tensor_autograd.elementwise.mul_backward
    ```

and the site shows those definitions, read with :mod:`ast` from the package's source file (found
under ``packages/*/src`` without importing anything), in one Python block titled with the file's
path, ``packages/tensor_autograd/src/tensor_autograd/elementwise.py``. A name may be

* a module (``tensor_autograd.broadcast``): the whole file;
* a function or class (``tensor_autograd.elementwise.mul``), with its decorators and the comment
  lines right above it;
* a method or class attribute (``scalar_autograd.engine.Value.backward``,
  ``scalar_autograd.engine.Value.__radd__``), shown dedented;
* a module-level assignment (``tensor_autograd.elementwise.EXP_OVERFLOW``);
* a class shown with only some members: ``scalar_autograd.engine.Value: __slots__, __init__``
  gives the class line, its docstring and those members, in the order they are listed.

Names from different files in one fence become one block per file. Options after
``include`` (```` ```include hl_lines="3 4" ````) go to the first block. A name that does not exist is
reported as a warning (so ``mkdocs build --strict`` fails) and shown as a failure box.

Marker comments ``# --8<-- [start:…]`` / ``[end:…]`` left in the source are never shown.
pytest-markdown-docs runs only ``python`` fences, so an ``include`` fence is never executed.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE_ROOTS = tuple(sorted((ROOT / "packages").glob("*/src")))
MARKER = re.compile(r"^\s*# --8<-- \[(?:start|end):[\w-]+\]\s*$")
# An ```include fence, maybe indented inside an admonition, maybe with options for the
# first block (```include hl_lines="3 4"``).
OPENING = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*include(?:\s+(?P<options>[^`]*?))?\s*$"
)


class IncludeError(LookupError):
    """A name in an ```include fence that the packages do not define."""


@dataclass(frozen=True)
class Piece:
    path: Path  # the source file
    text: str  # the lines shown, dedented
    owner: str  # the class a member belongs to ("" at module level), to space pieces apart


def find_module(dotted: str) -> tuple[Path, str] | None:
    """The file of the longest module prefix of ``dotted``, and what is left of the name."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        relative = Path(*parts[:cut])
        for root in SOURCE_ROOTS:
            for candidate in (root / relative.with_suffix(".py"), root / relative / "__init__.py"):
                if candidate.is_file():
                    return candidate, ".".join(parts[cut:])
    return None


@lru_cache(maxsize=None)
def _parsed(path: Path, mtime: float) -> tuple[list[str], ast.Module]:
    text = path.read_text(encoding="utf-8")
    return text.splitlines(), ast.parse(text, filename=str(path))


def _names(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _find(body: list[ast.stmt], name: str) -> ast.stmt | None:
    found = None
    for node in body:
        if name in _names(node):
            found = node  # the last definition wins, as at run time
    return found


def _start(node: ast.stmt, lines: list[str]) -> int:
    """First line (0-based) of a definition: its decorators and the comments right above it."""
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
    while start > 0 and lines[start - 1].lstrip().startswith("#") and not MARKER.match(lines[start - 1]):
        start -= 1
    return start


def _lines(lines: list[str], start: int, end: int) -> str:
    shown = [line for line in lines[start:end] if not MARKER.match(line)]
    return textwrap.dedent("\n".join(shown)).strip("\n")


def resolve(spec: str) -> Piece:
    """The source of one line of an ```include fence (see the module docstring)."""
    spec = spec.strip()
    dotted, _, members = spec.partition(":")
    dotted = dotted.strip()
    located = find_module(dotted)
    if located is None:
        raise IncludeError(f"{dotted!r}: no module of it under packages/*/src")
    path, qualname = located
    lines, tree = _parsed(path, path.stat().st_mtime)
    if not qualname:
        if members:
            raise IncludeError(f"{spec!r}: members can be listed only after a class")
        return Piece(path, _lines(lines, 0, len(lines)), "")
    body, node, owner = tree.body, None, ""
    parts = qualname.split(".")
    for i, part in enumerate(parts):
        node = _find(body, part)
        if node is None:
            missing = ".".join(parts[: i + 1])
            raise IncludeError(f"{dotted!r}: {path.relative_to(ROOT)} defines no {missing!r}")
        if i < len(parts) - 1:
            if not isinstance(node, ast.ClassDef):
                raise IncludeError(f"{dotted!r}: {part!r} is not a class")
            owner, body = part, node.body
    if not members:
        return Piece(path, _lines(lines, _start(node, lines), node.end_lineno), owner)
    if not isinstance(node, ast.ClassDef):
        raise IncludeError(f"{spec!r}: members can be listed only after a class")
    # The class line (with decorators) and its docstring, then the members asked for.
    first = node.body[0]
    has_doc = isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant)
    head_end = first.end_lineno if has_doc else node.body[0].lineno - 1
    shown = [_lines(lines, _start(node, lines), head_end)]
    for member in (m.strip() for m in members.split(",")):
        child = _find(node.body, member)
        if child is None:
            raise IncludeError(f"{spec!r}: class {node.name} (in {path.relative_to(ROOT)}) has no {member!r}")
        shown.append(textwrap.indent(_lines(lines, _start(child, lines), child.end_lineno), "    "))
    return Piece(path, "\n\n".join(shown), owner)


def render(specs: list[str], options: str = "") -> str:
    """The Markdown for one ```include fence: a titled Python block per source file.
    ``options`` (like ``hl_lines="3 4"``, counted in the first block) go to the first block."""
    pieces = [resolve(spec) for spec in specs if spec.strip() and not spec.lstrip().startswith("#")]
    if not pieces:
        raise IncludeError("an ```include fence names nothing")
    blocks: list[tuple[Path, list[Piece]]] = []
    for piece in pieces:
        if blocks and blocks[-1][0] == piece.path:
            blocks[-1][1].append(piece)
        else:
            blocks.append((piece.path, [piece]))
    out = []
    for path, group in blocks:
        text = group[0].text
        for before, piece in zip(group, group[1:]):
            # Methods of one class one blank line apart, as in the class; anything else two (PEP 8).
            gap = "\n\n" if before.owner and before.owner == piece.owner else "\n\n\n"
            text += gap + piece.text
        fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", text)), default=0))
        title = path.relative_to(ROOT).as_posix()
        extra = f" {options}" if options and not out else ""
        out.append(f'{fence}{{.python title="{title}"{extra}}}\n{text}\n{fence}')
    return "\n\n".join(out)


def expand(markdown: str, on_error) -> str:
    """Replace every ```include fence in ``markdown``; ``on_error(message)`` returns a stand-in."""
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        opening = OPENING.match(lines[i])
        if not opening:
            out.append(lines[i])
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        specs = []
        i += 1
        while i < len(lines) and lines[i].strip() != fence:
            specs.append(lines[i])
            i += 1
        i += 1  # the closing fence
        try:
            block = render(specs, opening["options"] or "")
        except IncludeError as error:
            block = on_error(str(error))
        out.extend(indent + line if line else line for line in block.split("\n"))
    return "\n".join(out)
