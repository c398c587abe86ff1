"""Draw a Value's computational graph as text: Mermaid flowcharts and Graphviz dot.

Both are plain strings, so no native library is needed: paste Mermaid into a
```` ```mermaid ```` fence (the book's site renders it), or feed dot text to
Graphviz if you have it. Each Value becomes a box showing its data and grad;
each operation becomes a round node between its inputs and its result.

>>> from scalar_autograd.engine import Value
>>> a = Value(2.0)
>>> b = a * 3
>>> print(to_mermaid(b, names={a: "a", b: "b"}))
flowchart LR
    v0["a<br/>data 2 · grad 0"]
    v1["data 3 · grad 0"]
    v2["b<br/>data 6 · grad 0"]
    v2_op(("*"))
    v0 --> v2_op
    v1 --> v2_op
    v2_op --> v2
"""

from __future__ import annotations

from collections.abc import Mapping

from .engine import Value, topological_sort

__all__ = ["to_mermaid", "to_dot"]

MAX_NODES = (
    500  # beyond this a drawing is unreadable; raise instead of emitting megabytes
)
# Which way the arrows run: left to right, right to left, top to bottom (TB or TD),
# bottom to top.
DIRECTIONS = ("LR", "RL", "TB", "TD", "BT")


def _nodes(root: Value, max_nodes: int) -> list[Value]:
    order = topological_sort([root])
    if len(order) > max_nodes:
        raise ValueError(
            f"the graph has {len(order)} Values, more than max_nodes={max_nodes}; "
            "drawings are for small graphs (raise max_nodes if you really want it)"
        )
    return order


def _check_direction(direction: str) -> str:
    if direction not in DIRECTIONS:
        raise ValueError(
            f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}"
        )
    return direction


def _label(v: Value, names: Mapping[Value, str], escape, newline: str) -> str:
    """'name, newline, data · grad' (or just the numbers), each piece escaped for the
    format."""
    text = escape(f"data {v.data:.4g} · grad {v.grad:.4g}")
    name = names.get(v)
    return f"{escape(name)}{newline}{text}" if name else text


def _mermaid_escape(text: str) -> str:
    return text.replace('"', "#quot;")


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_mermaid(
    root: Value,
    names: Mapping[Value, str] | None = None,
    max_nodes: int = MAX_NODES,
    *,
    direction: str = "LR",
) -> str:
    """Mermaid flowchart text for the graph that produced `root`.

    `names` optionally labels some Values, e.g. ``{a: "a"}``. `direction` is Mermaid's:
    "LR" (left to right) suits short chains; "TB" (top to bottom) keeps a long graph
    readable in a narrow page, where a wide one is shrunk to fit.

    >>> to_mermaid(Value(1.0).exp(), direction="TB").splitlines()[0]
    'flowchart TB'
    """
    names = names or {}
    order = _nodes(root, max_nodes)
    ids = {v: f"v{i}" for i, v in enumerate(order)}

    lines = [f"flowchart {_check_direction(direction)}"]
    lines += [
        f'    {ids[v]}["{_label(v, names, _mermaid_escape, "<br/>")}"]' for v in order
    ]
    for v in order:
        if v.parents:
            op = f"{ids[v]}_op"
            lines.append(f'    {op}(("{_mermaid_escape(v.op)}"))')
            lines += [f"    {ids[p]} --> {op}" for p in v.parents]
            lines.append(f"    {op} --> {ids[v]}")
    return "\n".join(lines)


def to_dot(
    root: Value,
    names: Mapping[Value, str] | None = None,
    max_nodes: int = MAX_NODES,
    *,
    direction: str = "LR",
) -> str:
    """Graphviz dot text for the graph that produced `root` (render with ``dot -Tsvg``).

    `direction` becomes dot's ``rankdir``, as in `to_mermaid` ("TD" is dot's "TB").

    >>> print(to_dot(Value(1.0).exp()))
    digraph {
        rankdir=LR;
        node [fontname="monospace"];
        v0 [shape=box, label="data 1 · grad 0"];
        v1 [shape=box, label="data 2.718 · grad 0"];
        v1_op [shape=circle, label="exp"];
        v0 -> v1_op;
        v1_op -> v1;
    }
    """
    names = names or {}
    order = _nodes(root, max_nodes)
    ids = {v: f"v{i}" for i, v in enumerate(order)}

    rankdir = _check_direction(direction).replace("TD", "TB")
    lines = ["digraph {", f"    rankdir={rankdir};", '    node [fontname="monospace"];']
    newline = "\\n"  # dot's own escape for a line break inside a label
    lines += [
        f'    {ids[v]} [shape=box, label="{_label(v, names, _dot_escape, newline)}"];'
        for v in order
    ]
    for v in order:
        if v.parents:
            op = f"{ids[v]}_op"
            lines.append(f'    {op} [shape=circle, label="{_dot_escape(v.op)}"];')
            lines += [f"    {ids[p]} -> {op};" for p in v.parents]
            lines.append(f"    {op} -> {ids[v]};")
    lines.append("}")
    return "\n".join(lines)
