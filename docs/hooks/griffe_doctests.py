"""Griffe extension: show a docstring's doctest examples as code in the API reference.

The packages' docstrings carry plain ``>>>`` examples, which ``pytest --doctest-modules`` runs. In
Markdown those lines would read as block quotes, so for the site each run of them (up to the next
blank line, as doctest reads it) is wrapped in a ``pycon`` fence. The source files stay as they are.
"""

from __future__ import annotations

from griffe import Extension, Object


def fence_doctests(text: str) -> str:
    """Wrap each unindented ``>>>`` example and its expected output in a ``pycon`` code fence."""
    out: list[str] = []
    in_example = False
    for line in text.splitlines():
        if not in_example and line.startswith(">>>"):
            out.append("```pycon")
            in_example = True
        elif in_example and not line.strip():
            out.append("```")
            in_example = False
        out.append(line)
    if in_example:
        out.append("```")
    return "\n".join(out)


class DoctestBlocks(Extension):
    def on_object(self, *, obj: Object, **kwargs) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
