"""Pytest plugin that makes every chapter of the book an executed test.

Loaded with ``-p book_plugin`` (see ``[tool.pytest.ini_options]``) so it applies however pytest is
called, whether on the whole tree or on one chapter.
"""

from __future__ import annotations

import os
import sys

import pytest

# Chapters that draw figures must never try to open a window.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.hookimpl(tryfirst=True)
def pytest_markdown_docs_markdown_it():
    """Parse chapters as MkDocs does, so fences indented in admonitions (``??? success "Solution"``)
    and in content tabs (``=== "tensor_autograd"``) run."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin

    md = MarkdownIt(config="commonmark").use(admon_plugin)
    md.block.ruler.before("fence", "content_tab", _content_tab,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    return md


def _load_block_output():
    """The site hook's block finder (docs/hooks/block_output.py): its content-tab rule is the
    one the tests parse chapters with, so the tests run exactly the blocks the site runs."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "docs" / "hooks" / "block_output.py"
    spec = importlib.util.spec_from_file_location("book_hook_block_output", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


_content_tab = _load_block_output()._content_tab


@pytest.fixture(autouse=True)
def _chapter_runs_in_a_scratch_folder(request, tmp_path, monkeypatch):
    """A chapter's code runs in an empty folder of its own, so files it writes never land in the repo."""
    if request.node.get_closest_marker("markdown-docs") is not None:
        monkeypatch.chdir(tmp_path)


def _hypothesis_profile() -> None:
    """Property tests run the same examples on every machine, so a CI failure can be reproduced."""
    from hypothesis import settings

    settings.register_profile("book", deadline=None, derandomize=True, database=None, print_blob=True)
    settings.load_profile("book")


_hypothesis_profile()  # before any test module is imported, so its @settings inherit the profile


# -- the site's tests: last, with the site built meanwhile on the other core -------------
_SITE_TESTS = "tests/site/"


def pytest_collection_modifyitems(session, config, items):
    """Run the site's tests last, and start building the site now, in a process of its own.

    The strict build runs every chapter's blocks again (for their output boxes) and takes
    half a minute; started here, it runs on the second core while the other tests run on
    the first, and `built_site` (tests/site/conftest.py) only waits for it to finish.
    """
    site = [item for item in items if item.nodeid.startswith(_SITE_TESTS)]
    if not site or len(site) == len(items):
        return  # nothing to overlap: `built_site` builds when it is first asked
    chosen = set(map(id, site))
    items[:] = [item for item in items if id(item) not in chosen] + site
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="book-site-"))
    log = open(folder / "build.log", "w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder / "site")],
        cwd=Path(__file__).resolve().parents[1],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    config.stash[SITE_BUILD] = (process, folder, log)


def pytest_unconfigure(config):
    """A build still running when the session ends (interrupted) is stopped, its folder removed."""
    build = config.stash.get(SITE_BUILD, None)
    if build is None:
        return
    process, folder, log = build
    if process.poll() is None:
        process.kill()
        process.wait()
    log.close()
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


SITE_BUILD = pytest.StashKey()
