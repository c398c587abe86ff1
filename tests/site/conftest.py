from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import book_plugin
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def built_site(request, tmp_path_factory) -> Path:
    """The book, built strictly (any warning fails) into a temporary folder, as CI builds it.

    In a whole run the build was started at collection (tests/book_plugin.py) and ran
    beside the other tests; here we wait for it. Run alone, these tests build it now.
    """
    build = request.config.stash.get(book_plugin.SITE_BUILD, None)
    if build is not None:
        process, folder, log = build
        returncode = process.wait()
        log.seek(0)
        output = log.read()
        assert returncode == 0, f"mkdocs build --strict failed:\n{output}"
        return folder / "site"
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site
