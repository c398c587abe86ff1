"""Turn the chapters' marker includes into by-name ```` ```include ```` fences (one-off migration).

A chapter used to show package source with pymdownx.snippets::

    ```{.py3 title="scalar_autograd/engine.py"}
    --8<-- "packages/scalar_autograd/src/scalar_autograd/engine.py:add"
    ```

which refers to ``# --8<-- [start:add]`` … ``# --8<-- [end:add]`` in the package. This script replaces
each such fence by the names of the definitions inside the marked regions::

    ```include
    scalar_autograd.engine.Value.__add__
    scalar_autograd.engine.Value.__radd__
    ```

A region that holds the start of a class but not its end becomes ``module.Class: member, …``.
Statements in a region that have no name (an import, a bare expression) are reported, since the
by-name fence cannot show them; check those fences by hand. A region that is part of a function's
body (a chapter showing a long function piece by piece) has no name: its fence is left as it is,
reported, and ``--remove-markers`` keeps the markers such fences still use.

Usage, from the repository's root::

    uv run python docs/hooks/convert_snippets.py [--write] [--remove-markers] [CHAPTER.md ...]

Without ``--write`` it prints a unified diff and changes nothing. Without chapters it converts every
chapter (``packages/*/docs/*.md`` and ``docs/**/*.md``). ``--remove-markers`` also deletes the
``# --8<--`` marker lines from the packages' source (do this once every chapter is converted).
Afterwards, build the site strictly (``uv run mkdocs build --strict``) to check every name.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNIPPET = re.compile(r'^\s*--8<--\s+"(?P<file>[^":]+\.py):(?P<section>[\w-]+)"\s*$')
OPENING = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,})\s*\{?\.?py3\b.*$")
MARKER = re.compile(r"^\s*# --8<-- \[(?P<kind>start|end):(?P<section>[\w-]+)\]\s*$")


def module_name(path: Path) -> str:
    relative = path.resolve().relative_to(ROOT)
    parts = relative.parts
    src = parts.index("src")
    dotted = list(parts[src + 1 :])
    dotted[-1] = dotted[-1].removesuffix(".py")
    if dotted[-1] == "__init__":
        dotted.pop()
    return ".".join(dotted)


def region(lines: list[str], section: str) -> tuple[int, int]:
    """1-based first and last line strictly between the section's start and end markers."""
    start = end = None
    for number, line in enumerate(lines, 1):
        match = MARKER.match(line)
        if match and match["section"] == section:
            if match["kind"] == "start":
                start = number
            else:
                end = number
    if start is None or end is None:
        raise LookupError(f"no section {section!r}")
    return start + 1, end - 1


class PartOfADefinition(LookupError):
    """A marked region that shows part of a function's body, which no name can stand for."""


def _names(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _first_line(node: ast.stmt) -> int:
    return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])


def names_in(path: Path, section: str, problems: list[str]) -> list[str]:
    """The by-name lines that show what the section ``section`` of ``path`` shows."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    first, last = region(lines, section)
    tree = ast.parse(text)
    module = module_name(path)
    found: list[str] = []

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            start, end = _first_line(node), node.end_lineno
            if end < first or start > last:
                continue
            if start >= first and end <= last:
                names = _names(node)
                if not names:
                    problems.append(
                        f"{path.relative_to(ROOT)}:{node.lineno}: [{section}] shows an unnamed "
                        f"{type(node).__name__}, which a by-name include cannot show"
                    )
                found.extend(f"{prefix}.{name}" for name in names[:1])
            elif isinstance(node, ast.ClassDef) and start >= first:
                # The class starts in the region but goes on past it: its head and some members.
                members = [
                    name
                    for child in node.body
                    if first <= _first_line(child) and child.end_lineno <= last
                    for name in _names(child)[:1]
                ]
                found.append(f"{prefix}.{node.name}: {', '.join(members)}")
            elif isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}.{node.name}")  # a region inside a class: its members
            else:
                raise PartOfADefinition(
                    f"{path.relative_to(ROOT)}:{first}: [{section}] is part of the body of "
                    f"{prefix}.{(_names(node) or ['?'])[0]}; left as a marker include"
                )

    visit(tree.body, module)
    if not found:
        raise PartOfADefinition(f"{path.relative_to(ROOT)}: [{section}] names nothing; left as is")
    return found


def convert(text: str, where: str, problems: list[str], kept: set[tuple[str, str]]) -> str:
    """``text`` with its snippet fences by name; ``kept`` collects the sections left as markers."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        opening = OPENING.match(lines[i])
        if not opening:
            out.append(lines[i])
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        j = i + 1
        body = []
        while j < len(lines) and lines[j].strip() != fence:
            body.append(lines[j])
            j += 1
        snippets = [SNIPPET.match(line) for line in body if line.strip()]
        if not snippets or not all(snippets):
            out.extend(lines[i : j + 1])  # not a fence of snippet lines only: leave it
            i = j + 1
            continue
        names = []
        try:
            for snippet in snippets:
                names += names_in(ROOT / snippet["file"], snippet["section"], problems)
        except (LookupError, OSError, ValueError) as error:
            problems.append(f"{where}:{i + 1}: {error}")
            kept.update((s["file"], s["section"]) for s in snippets)
            out.extend(lines[i : j + 1])
            i = j + 1
            continue
        out.append(f"{indent}```include")
        out.extend(f"{indent}{name}" for name in names)
        out.append(f"{indent}```")
        i = j + 1
    return "\n".join(out)


def remove_markers(path: Path, still_used: set[str]) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        marker = MARKER.match(line)
        if marker and marker["section"] not in still_used:
            continue
        # A marker between blank lines leaves one blank line, not two.
        if not line.strip() and i and MARKER.match(lines[i - 1]) and kept and not kept[-1].strip():
            continue
        kept.append(line)
    path.write_text("\n".join(kept), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("chapters", nargs="*", type=Path)
    parser.add_argument("--write", action="store_true", help="rewrite the chapters in place")
    parser.add_argument("--remove-markers", action="store_true", help="delete the markers from the packages")
    args = parser.parse_args(argv)
    chapters = args.chapters or sorted(ROOT.glob("packages/*/docs/*.md")) + sorted(
        p for p in (ROOT / "docs").rglob("*.md") if "vendor" not in p.parts
    )
    problems: list[str] = []
    kept: set[tuple[str, str]] = set()
    for chapter in chapters:
        text = chapter.read_text(encoding="utf-8")
        new = convert(text, str(chapter), problems, kept)
        if new == text:
            continue
        if args.write:
            chapter.write_text(new, encoding="utf-8")
            print(f"converted {chapter}")
        else:
            sys.stdout.writelines(
                difflib.unified_diff(
                    text.splitlines(True), new.splitlines(True), str(chapter), f"{chapter} (by name)"
                )
            )
    if args.remove_markers:
        for source in sorted(ROOT.glob("packages/*/src/**/*.py")):
            relative = source.relative_to(ROOT).as_posix()
            remove_markers(source, {section for file, section in kept if file == relative})
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
