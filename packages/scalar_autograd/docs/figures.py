"""Figures for Part I, drawn from `scalar_autograd`'s own code when the site is built.

``FIGURES`` maps a file name to a function that makes it (see ``docs/hooks/book.py``):
``.mmd`` functions return Mermaid text, shown where a chapter has the line
``<!-- mermaid: name.mmd -->``; ``.png``/``.svg`` functions return image bytes.
Each function builds its graph from scratch, so the picture is the code's own output.

>>> regression_loss().splitlines()[0]
'flowchart LR'
"""

from __future__ import annotations

from scalar_autograd.engine import Value
from scalar_autograd.graph import to_mermaid


def regression_loss() -> str:
    """Chapter 1: the squared error of one sample for y = w·x + b, after backward."""
    w, b = Value(0.5), Value(-0.5)
    x, y = Value(3.0), Value(2.0)
    pred = w * x + b
    err = pred - y
    loss = err**2
    loss.backward()
    names = {w: "w", b: "b", x: "x", y: "y", pred: "pred", err: "err", loss: "loss"}
    return to_mermaid(loss, names=names)


def skip_connection() -> str:
    """Chapter 3: out = h + 2h with h = 3x, the graph breadth-first backward gets wrong."""
    x = Value(1.0)
    h = x * 3
    g = h * 2
    out = h + g
    out.backward()
    return to_mermaid(out, names={x: "x", h: "h", g: "g", out: "out"})


FIGURES = {
    "regression-loss.mmd": regression_loss,
    "skip-connection.mmd": skip_connection,
}
