"""Every command the README gives a reader works, and each is checked here or by CI.

The README's shell blocks are read for ``uv run …`` lines. Each must have a check in ``CHECKS``
(or be in ``RUN_BY_CI``): a command added to the README without one fails this test, so the README
cannot promise what nothing verifies.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# `uv run pytest` is this very run, and .ci/run runs `mkdocs build --strict` after it.
RUN_BY_CI = {"pytest", "mkdocs build"}


def _without_group(command: str) -> str:
    """``--group bench python -m …`` → ``python -m …``: the group only adds the benchmarks' peers."""
    words = shlex.split(command)
    while words[:1] == ["--group"]:
        words = words[2:]
    return shlex.join(words)


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:bash|sh|console)\n(.*?)```", text, flags=re.DOTALL)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("uv run "):
                commands.append(_without_group(line.removeprefix("uv run ").strip()))
    return commands


def run_module(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``python -m …`` with this interpreter, as ``uv run python -m …`` would in the project's venv."""
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )


def check_python_module(command: str, tmp_path: Path) -> None:
    args = shlex.split(command)[1:]  # drop "python"
    result = run_module(args, cwd=tmp_path)
    assert result.returncode == 0, f"`uv run {command}` failed:\n{result.stdout}\n{result.stderr}"
    assert result.stdout.strip(), f"`uv run {command}` printed nothing"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_mkdocs_serve(command: str, tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        deadline = time.monotonic() + 180
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
        while True:
            try:
                with direct.open(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    pytest.fail(f"`uv run {command}` never served the site:\n{server.stdout.read()}")
                time.sleep(0.5)
        assert "Deep Learning From Scratch" in page
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_readme_names_the_two_commands_a_newcomer_needs():
    commands = readme_commands()
    assert commands[:2] == ["python -m scalar_autograd.train", "pytest"]


def test_readme_python_commands_work_in_order(tmp_path):
    """Run in one fresh folder, in the README's order, as a reader would: predict uses train's model.

    A benchmark runs with ``--quick`` (its tiny sizes; the full run takes minutes), and without its
    peers unless the ``bench`` group is installed: it must then say they were skipped, not fail.
    """
    commands = [c for c in readme_commands() if c.startswith("python -m ")]
    assert any("tensor_autograd.predict" in c for c in commands)
    for command in commands:
        if command.split()[2].endswith(".bench"):
            command += " --quick"
        check_python_module(command, tmp_path)


def test_readme_mkdocs_serve_serves_the_book(tmp_path):
    commands = [c for c in readme_commands() if c.startswith("mkdocs serve")]
    assert commands, "the README no longer says how to read the book"
    for command in commands:
        check_mkdocs_serve(command, tmp_path)


def test_every_readme_command_is_checked():
    unchecked = [
        c for c in readme_commands()
        if c not in RUN_BY_CI and not c.startswith(("python -m ", "mkdocs serve"))
    ]
    assert not unchecked, f"the README says `uv run {unchecked[0]}`, and nothing checks it: add a check here"
