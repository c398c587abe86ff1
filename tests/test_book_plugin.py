"""The chapters' parser finds fences where MkDocs renders them: in admonitions and content tabs."""

from book_plugin import pytest_markdown_docs_markdown_it

CHAPTER = '''
=== "tensor_autograd"

    ```python
    ran = True
    ```

=== "PyTorch"

    ```py3
    import torch
    ```

!!! note

    ```{.python continuation}
    ran = ran
    ```

    ```python
    outside = 1
    ```
'''


def test_fences_in_content_tabs_and_admonitions_are_fences_not_indented_code():
    tokens = pytest_markdown_docs_markdown_it().parse(CHAPTER)
    fences = [(t.info, t.content, t.map[0]) for t in tokens if t.type == "fence"]
    assert [info for info, _, _ in fences] == ["python", "py3", "{.python continuation}", "python"]
    assert fences[0][1] == "ran = True\n" and fences[0][2] == 3
    assert not [t for t in tokens if t.type == "code_block"]
