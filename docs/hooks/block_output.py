"""Run a page's Python blocks as the tests do, and show what each printed under it, as a notebook does.

The blocks are the ones pytest-markdown-docs runs: fences whose language is ``python`` (``py``,
``python3``), written plainly or as ``{.python continuation}``, without ``notest``, found with the same
Markdown parser (CommonMark plus admonitions, so solutions folded in ``??? success`` run too). A
``continuation`` block runs in the namespace of the block before it; any other block starts a fresh
namespace in a fresh empty scratch folder, as ``tests/book_plugin.py`` gives each test. A page runs
in a subprocess of its own (``python block_output.py``) with ``MPLBACKEND=Agg``, never with the network.

Each block's standard output is captured; a block that printed something is followed on the page
by an ``Output`` box (``.book-output``). A block that raises stops the page and fails the build,
naming the page, the block and its line.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback
import types
from dataclasses import dataclass
from pathlib import Path

PYTHON_LANGS = ("py", "python", "python3")


@dataclass(frozen=True)
class Block:
    number: int  # 1-based, among the page's Python blocks
    line: int  # 1-based line of the opening fence
    after: int  # 0-based index of the line after the closing fence
    indent: str
    code: str
    continuation: bool


def _info(info: str) -> list[str]:
    """The fence's language and options, as pytest-markdown-docs reads ``{.python continuation}``."""
    info = info.strip()
    if not info.startswith("{"):
        return info.split()
    words = info.strip("{}").split()
    lang = next((w for w in words if w.startswith(".")), None)
    if lang:
        words.remove(lang)
        words.insert(0, lang[1:])
    return words


def python_blocks(markdown: str) -> list[Block]:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin

    parser = MarkdownIt(config="commonmark").use(admon_plugin)
    lines = markdown.split("\n")
    blocks = []
    for token in parser.parse(markdown):
        if token.type != "fence" or not token.map:
            continue
        words = _info(token.info)
        if not words or words[0] not in PYTHON_LANGS or "notest" in words[1:]:
            continue
        opening = lines[token.map[0]]
        indent = opening[: len(opening) - len(opening.lstrip())]
        continuation = "continuation" in words[1:]
        number, line, after = len(blocks) + 1, token.map[0] + 1, token.map[1]
        blocks.append(Block(number, line, after, indent, token.content, continuation))
    return blocks


class BlockError(RuntimeError):
    """A block of a page raised when run."""


def run(page: str, blocks: list[Block], timeout: float = 600) -> list[str]:
    """Each block's standard output, run in a subprocess; BlockError names the block that raised."""
    with tempfile.TemporaryDirectory(prefix="book-blocks-") as scratch:
        request = Path(scratch) / "request.json"
        reply = Path(scratch) / "reply.json"
        request.write_text(json.dumps({"page": page, "blocks": [b.__dict__ for b in blocks]}))
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
        done = subprocess.run(
            [sys.executable, __file__, str(request), str(reply)],
            cwd=scratch,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if not reply.exists():
            raise BlockError(f"{page}: running its code blocks failed:\n{done.stdout}\n{done.stderr}")
        result = json.loads(reply.read_text())
    if result["error"]:
        raise BlockError(result["error"])
    return result["outputs"]


def with_outputs(markdown: str, blocks: list[Block], outputs: list[str]) -> str:
    """``markdown`` with an Output box after every block that printed."""
    lines = markdown.split("\n")
    for block, output in sorted(zip(blocks, outputs), key=lambda pair: -pair[0].after):
        if not output.strip():
            continue
        text = output.rstrip("\n").expandtabs()
        fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", text)), default=0))
        box = ["", f"{fence}{{.text .book-output}}", *text.split("\n"), fence]
        lines[block.after : block.after] = [block.indent + line if line else line for line in box]
    return "\n".join(lines)


def _run_request(request: Path, reply: Path) -> None:
    """In the subprocess: run the blocks in order and write what each printed to ``reply``."""
    data = json.loads(request.read_text())
    page, outputs, error = data["page"], [], None
    namespace: dict = {}
    home = Path.cwd()
    scratch = None
    for block in data["blocks"]:
        if not block["continuation"] or scratch is None:
            if scratch is not None:
                os.chdir(home)
                scratch.cleanup()
            scratch = tempfile.TemporaryDirectory(prefix="block-")
            os.chdir(scratch.name)
            namespace = types.ModuleType("fence").__dict__
        # Blank lines in front keep the page's line numbers in a traceback.
        source = "\n" * block["line"] + block["code"]
        captured = io.StringIO()
        try:
            with contextlib.redirect_stdout(captured):
                exec(compile(source, page, "exec", dont_inherit=True), namespace)
        except BaseException:  # noqa: BLE001 - any failure of a block fails the build
            error = (
                f"{page}: code block {block['number']} (line {block['line']}) raised:\n"
                + traceback.format_exc()
            )
            break
        finally:
            sys.stdout.flush()
        outputs.append(captured.getvalue())
    os.chdir(home)
    if scratch is not None:
        scratch.cleanup()
    reply.write_text(json.dumps({"outputs": outputs, "error": error}))


if __name__ == "__main__":
    _run_request(Path(sys.argv[1]), Path(sys.argv[2]))
