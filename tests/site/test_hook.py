"""The site hook's two page transformations, on small sites built in a temporary folder.

``include`` fences show package source by dotted name (docs/hooks/source_include.py); executed
blocks get their printed output shown under them (docs/hooks/block_output.py).
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "docs" / "hooks"


def _hook_module(name: str):
    spec = importlib.util.spec_from_file_location(f"book_hook_{name}", HOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


source_include = _hook_module("source_include")


def _build(tmp_path: Path, page: str) -> subprocess.CompletedProcess:
    """Build a one-page site that uses the book's hook and Markdown settings, strictly."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(textwrap.dedent(page))
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: hook test
            hooks: [{HOOKS / 'book.py'}]
            markdown_extensions:
              - admonition
              - attr_list
              - pymdownx.highlight
              - pymdownx.superfences
            """
        )
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        # A cache of its own, so each test really runs its blocks.
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "BOOK_OUTPUT_CACHE": str(tmp_path / "cache")},
    )


@pytest.mark.parametrize(
    "name",
    [
        "tensor_autograd.elementwise.mul",
        "tensor_autograd.elementwise.mul_backward",
        "scalar_autograd.engine.Value",
        "scalar_autograd.engine.Value.backward",
        "tensor_autograd.tensor.Tensor.shape",  # a property: its decorator comes along
    ],
)
def test_an_included_definition_is_its_source(name):
    module_name, _, qualname = name.partition(".")
    module = None
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            module = __import__(".".join(parts[:cut]), fromlist=["_"])
        except ImportError:
            continue
        qualname = parts[cut:]
        break
    obj = module
    for part in qualname:
        obj = getattr(obj, part)
    obj = obj.fget if isinstance(obj, property) else obj
    piece = source_include.resolve(name)
    source = "\n".join(
        line for line in textwrap.dedent(inspect.getsource(obj)).strip("\n").split("\n") if "# --8<-- [" not in line
    )
    # The definition as inspect reads it, after the comment lines right above it (if any).
    assert piece.text.endswith(source)
    above = piece.text[: -len(source)].splitlines()
    assert all(line.lstrip().startswith("#") for line in above), above
    assert [line.strip() for line in above] == [
        line.strip() for line in (inspect.getcomments(obj) or "").splitlines() if "--8<--" not in line
    ]
    assert piece.path == Path(inspect.getsourcefile(obj)).resolve()


def test_a_whole_module_and_a_class_with_some_members():
    module = source_include.resolve("tensor_autograd.broadcast")
    assert "def sum_to" in module.text and "--8<--" not in module.text
    head = source_include.resolve("scalar_autograd.engine.Value: __slots__, __init__").text
    assert head.startswith("class Value:")
    assert "    __slots__ = " in head and "    def __init__(" in head and "def backward" not in head


def test_an_include_is_titled_with_its_path_and_names_from_two_files_make_two_blocks():
    markdown = source_include.render(
        [
            "tensor_autograd.elementwise.mul",
            "tensor_autograd.elementwise.mul_backward",
            "scalar_autograd.engine.topological_sort",
        ]
    )
    assert markdown.count('{.python title="packages/tensor_autograd/src/tensor_autograd/elementwise.py"}') == 1
    assert markdown.count('{.python title="packages/scalar_autograd/src/scalar_autograd/engine.py"}') == 1


@pytest.mark.parametrize(
    "name", ["tensor_autograd.elementwise.no_such_op", "scalar_autograd.engine.Value.nope", "no_such_package.x"]
)
def test_a_name_that_does_not_exist_is_an_error(name):
    with pytest.raises(source_include.IncludeError, match="no"):
        source_include.resolve(name)


def test_a_missing_name_fails_the_strict_build(tmp_path):
    result = _build(tmp_path, "# Page\n\n```include\ntensor_autograd.elementwise.no_such_op\n```\n")
    assert result.returncode != 0
    assert "no_such_op" in result.stderr + result.stdout


def test_includes_and_outputs_are_rendered(tmp_path):
    page = """\
        # Page

        ```include
        tensor_autograd.elementwise.mul
        ```

        ```python
        import os
        assert os.listdir(".") == []  # a scratch folder of its own
        x = 6 * 7
        print("the answer is", x)
        open("made.txt", "w").close()
        ```

        ```{.python continuation}
        print(sorted(os.listdir(".")), x, os.environ["MPLBACKEND"])
        import socket
        try:
            socket.create_connection(("192.0.2.1", 80), timeout=5)  # TEST-NET-1: nowhere
        except OSError as error:
            assert "no network while the site is built" in str(error), error
        else:
            raise AssertionError("a block reached the network")
        try:
            socket.getaddrinfo("pypi.org", 443)
        except OSError as error:
            assert "no network while the site is built" in str(error), error
        else:
            raise AssertionError("a block looked a host up")
        ```

        ```python
        assert "x" not in globals()  # a block without `continuation` starts afresh
        ```

        !!! note "Solution"

            ```python
            print("from inside a box")
            ```
        """
    result = _build(tmp_path, page)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert "packages/tensor_autograd/src/tensor_autograd/elementwise.py" in html
    assert html.count("book-output") == 3
    # The output of a block in an admonition stays in the admonition.
    assert re.search(r'class="admonition note".*from inside a box.*</div>', html, re.S)
    assert "the answer is 42" in html
    assert "[&#39;made.txt&#39;] 42 Agg" in html or "['made.txt'] 42 Agg" in html
    # What the page printed is kept, by content, for the next build.
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1


def test_a_block_that_raises_fails_the_build_naming_page_and_block(tmp_path):
    page = """\
        # Page

        ```python
        x = 1
        ```

        Text.

        ```{.python continuation}
        assert x == 2, "x is not 2"
        ```
        """
    result = _build(tmp_path, page)
    assert result.returncode != 0
    message = result.stderr + result.stdout
    assert "index.md: code block 2 (line 9) raised" in message
    assert "x is not 2" in message


def test_blocks_inside_content_tabs_run_on_the_site_as_in_the_tests():
    """Regression: the site's runner skipped fences under `=== "..."` tabs (indented code
    to CommonMark), so a later continuation block failed the build."""
    block_output = _hook_module("block_output")
    page = textwrap.dedent('''\
        === "tensor_autograd"

            ```python
            x = 1
            ```

        === "PyTorch"

            ```py3
            shown = "not run"
            ```

        ```{.python continuation}
        assert x == 1
        ```
        ''')
    blocks = block_output.python_blocks(page)
    assert [(b.line, b.indent, b.continuation) for b in blocks] == [
        (3, "    ", False), (13, "", True)]
