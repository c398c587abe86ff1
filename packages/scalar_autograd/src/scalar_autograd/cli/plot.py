"""Loss-curve pictures (PNG) with matplotlib, the optional ``plot`` extra.

matplotlib is imported inside the functions, so the rest of the package
works without it. The figure is drawn with the non-interactive Agg canvas
directly (no pyplot, no global backend switch, no window). Every PNG carries
a mark in its metadata (`plumbing.plots.MARK`), so a later ``--plot`` knows
it may replace it, and refuses any other file without ``--force``.

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

from ..plumbing import plots

__all__ = ["check_plot_path", "loss_curve_figure", "loss_curve_png", "save_loss_curve"]


def _require_matplotlib():
    plots.require_matplotlib("scalar-autograd")


def loss_curve_figure(losses: Sequence[float], title: str = "Training loss"):
    """A matplotlib Figure of loss per epoch, on a log scale when every loss is
    positive."""
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
        ax.set_yscale(
            "log"
        )  # loss falls by orders of magnitude; a log axis shows each one
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (mean squared error)")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    return fig


def loss_curve_png(
    losses: Sequence[float], title: str = "Training loss", dpi: int = 100
) -> bytes:
    """The loss curve as PNG bytes, marked as ours."""
    buffer = io.BytesIO()
    loss_curve_figure(losses, title).savefig(
        buffer, format="png", dpi=dpi, metadata={"Creator": plots.MARK}
    )
    return buffer.getvalue()


def check_plot_path(path: str | os.PathLike, force: bool = False) -> str:
    """Check that `save_loss_curve` may write `path`; return what it will do: "wrote" or
    "replaced".

    The name must end in ``.png``. An existing file is only replaced when it is
    an earlier loss curve of ours (its PNG metadata says so) or with `force`, so
    a slip such as ``--plot data/linear.csv`` or ``--plot thesis.png`` cannot
    destroy a file. Call it before training: a bad path then fails at once.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> check_plot_path(folder / "loss.png")
    'wrote'
    >>> (folder / "points.csv").write_text("x,y")
    3
    >>> check_plot_path(folder / "points.csv")
    ... # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    scalar_autograd.plumbing.files.FilePathError: cannot write the loss curve to
    .../points.csv: the name must end in .png ...
    """
    _require_matplotlib()
    action, _ = plots.check_plot_path(
        path, force=force, formats=("png",)
    )
    return action


def save_loss_curve(
    losses: Sequence[float],
    path: str | os.PathLike,
    title: str = "Training loss",
    dpi: int = 100,
    force: bool = False,
) -> Path:
    """Write the loss curve to a PNG file (atomically) and return its path. The folder
    must exist, as for Part II's plots: a typo in it is refused, not created.

    The path is checked first with `check_plot_path`: a ``.png`` name, and no
    existing file other than an earlier plot of ours (unless `force`).
    """
    check_plot_path(path, force=force)
    return plots.save_figure(
        loss_curve_figure(losses, title), path, "png", dpi=dpi
    )
