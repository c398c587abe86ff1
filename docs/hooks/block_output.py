"""Run a page's Python blocks as the tests do, and show what each printed under it, as a notebook does.

The blocks are the ones pytest-markdown-docs runs: fences whose language is ``python`` (``py``,
``python3``), written plainly or as ``{.python continuation}``, without ``notest``, found with the same
Markdown parser (CommonMark plus admonitions, so solutions folded in ``??? success`` run too). A
``continuation`` block runs in the namespace of the block before it; any other block starts a fresh
namespace in a fresh empty scratch folder, as ``tests/book_plugin.py`` gives each test. A page runs
in a subprocess of its own (``python block_output.py``) with ``MPLBACKEND=Agg``, and any connection
to another machine is refused there, so the build is offline even on a machine that is not.

What the blocks printed is cached in ``.cache/book-outputs/``, keyed by a hash of the page's blocks,
the packages' source and data, and this file, so an unchanged book builds without running them
again. Each block's standard output is captured; a block that printed something is followed on the page
by an ``Output`` box (``.book-output``). A block that raises stops the page and fails the build,
naming the page, the block and its line.
"""

from __future__ import annotations

import contextlib
import hashlib
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


_TAB = re.compile(r'^===[!+]{0,2} +".*"\s*$')


def _content_tab(state, start_line: int, end_line: int, silent: bool) -> bool:
    """pymdownx.tabbed's ``=== "Title"``: the lines indented under it are Markdown like any other
    (so a fence there is a fence, not an indented code block). tests/book_plugin.py parses
    chapters with this very rule, so the build runs the blocks the tests run."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    if not _TAB.match(state.src[start : state.eMarks[start_line]]):
        return False
    if silent:
        return True
    saved = state.parentType, state.lineMax, state.blkIndent
    state.parentType, state.blkIndent = "content_tab", state.sCount[start_line] + 4
    next_line = start_line + 1
    while next_line < end_line and (
        state.isEmpty(next_line) or state.sCount[next_line] >= state.blkIndent
    ):
        next_line += 1
    state.lineMax = next_line
    state.push("content_tab_open", "div", 1).map = [start_line, next_line]
    state.md.block.tokenize(state, start_line + 1, next_line)
    state.push("content_tab_close", "div", -1)
    state.parentType, state.lineMax, state.blkIndent = saved
    state.line = next_line
    return True


def python_blocks(markdown: str) -> list[Block]:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin

    parser = MarkdownIt(config="commonmark").use(admon_plugin)
    # Fences in content tabs (``=== "tensor_autograd"``) run too, as tests/book_plugin.py
    # parses them.
    parser.block.ruler.before("fence", "content_tab", _content_tab,
                              {"alt": ["paragraph", "reference", "blockquote", "list"]})
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


_TAB = re.compile(r'^===[!+]{0,2} +".*"\s*$')


class BlockError(RuntimeError):
    """A block of a page raised when run."""


ROOT = Path(__file__).resolve().parents[2]
# Outputs of pages already run, by a hash of everything they depend on; `rm -r .cache` forgets them.
CACHE = Path(os.environ.get("BOOK_OUTPUT_CACHE", ROOT / ".cache" / "book-outputs"))


def _sources_digest() -> str:
    """A hash of the packages' source and data and of this runner: change any, and pages run again."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted((ROOT / "packages").glob("*/src/**/*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def run(page: str, blocks: list[Block], timeout: float = 600) -> list[str]:
    """Each block's standard output (cached by content); BlockError names the block that raised."""
    key = hashlib.sha256(
        json.dumps([page, [b.__dict__ for b in blocks], sys.version, _sources_digest()]).encode()
    ).hexdigest()
    cached = CACHE / f"{key}.json"
    if cached.is_file():
        return json.loads(cached.read_text())
    outputs = _run(page, blocks, timeout)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(outputs))
    partial.replace(cached)  # whole or not at all, even with two builds at once
    return outputs


def _run(page: str, blocks: list[Block], timeout: float) -> list[str]:
    """Each block's standard output, run in a subprocess."""
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


def _stay_offline() -> None:
    """Refuse every connection that would leave this machine: the site is built without a network."""
    import socket

    local = {"localhost", "127.0.0.1", "::1"}
    connect, getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def refuse(what) -> OSError:
        return OSError(f"no network while the site is built (asked for {what!r})")

    def offline_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in local:
            raise refuse(address)
        return connect(self, address)

    def offline_getaddrinfo(host, *args, **kwargs):
        if host not in local and host is not None:
            raise socket.gaierror(socket.EAI_NONAME, str(refuse(host)))
        return getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = offline_connect
    socket.getaddrinfo = offline_getaddrinfo


def _run_request(request: Path, reply: Path) -> None:
    """In the subprocess: run the blocks in order and write what each printed to ``reply``."""
    _stay_offline()
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
