"""Loss-curve pictures (PNG) with matplotlib, the optional ``plot`` extra.

matplotlib is imported inside the functions, so the rest of the package
works without it. The figure is drawn with the non-interactive Agg canvas
directly (no pyplot, no global backend switch, no window).

>>> png = loss_curve_png([1.0, 0.5, 0.25, 0.125])
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Sequence
from pathlib import Path

from .data import atomic_write_bytes

__all__ = ["loss_curve_figure", "loss_curve_png", "save_loss_curve"]


def _require_matplotlib():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ImportError(
            "plotting needs matplotlib: install the extra with "
            "`pip install 'scalar-autograd[plot]'` (a plain `uv sync` in the book's repo has it)"
        ) from None


# --8<-- [start:loss_curve]
def loss_curve_figure(losses: Sequence[float], title: str = "Training loss"):
    """A matplotlib Figure of loss per epoch, on a log scale when every loss is positive."""
    _require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if not losses:
        raise ValueError("no losses to plot: the list is empty")
    fig = Figure(figsize=(6, 3.5), layout="constrained")
    FigureCanvasAgg(fig)  # attaches itself to the figure, so savefig can render
    ax = fig.add_subplot()
    epochs = range(1, len(losses) + 1)
    ax.plot(epochs, losses, marker="o", markersize=3)
    if all(loss > 0 and math.isfinite(loss) for loss in losses):
        ax.set_yscale("log")  # loss falls by orders of magnitude; a log axis shows each one
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (mean squared error)")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    return fig
# --8<-- [end:loss_curve]


def loss_curve_png(losses: Sequence[float], title: str = "Training loss", dpi: int = 100) -> bytes:
    """The loss curve as PNG bytes."""
    buffer = io.BytesIO()
    loss_curve_figure(losses, title).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def save_loss_curve(
    losses: Sequence[float], path: str | os.PathLike, title: str = "Training loss", dpi: int = 100
) -> Path:
    """Write the loss curve to a PNG file (atomically, creating folders) and return its path."""
    path = Path(path)
    atomic_write_bytes(path, loss_curve_png(losses, title, dpi))
    return path
