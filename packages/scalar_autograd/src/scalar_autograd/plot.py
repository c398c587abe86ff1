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

__all__ = ["check_plot_path", "loss_curve_figure", "loss_curve_png", "save_loss_curve"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"  # the first 8 bytes of every PNG file


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


def check_plot_path(path: str | os.PathLike) -> str:
    """Check that `save_loss_curve` may write `path`; return what it will do: "wrote" or "replaced".

    The name must end in ``.png``. An existing file is only replaced when it is
    an earlier plot (a PNG whose header says matplotlib drew it), so a slip such
    as ``--plot data/linear.csv`` or ``--plot photo.png`` cannot destroy a file.
    Call it before training: a bad path then fails at once, not after the run.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> check_plot_path(folder / "loss.png")
    'wrote'
    >>> (folder / "points.csv").write_text("x,y")
    3
    >>> check_plot_path(folder / "points.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: cannot save the loss curve to .../points.csv: the name must end in .png (it is a PNG image)
    """
    _require_matplotlib()
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(
            f"cannot save the loss curve to {path}: it is a folder; give a file name, such as {path / 'loss.png'}"
        )
    if path.suffix.lower() != ".png":
        raise ValueError(f"cannot save the loss curve to {path}: the name must end in .png (it is a PNG image)")
    folder = path.parent
    while not folder.exists():  # missing folders are created; the first existing one must be a folder
        folder = folder.parent
    if not folder.is_dir():
        raise NotADirectoryError(f"cannot save the loss curve to {path}: {folder} is a file, not a folder")
    if not path.exists():
        return "wrote"
    with path.open("rb") as file:
        head = file.read(4096)  # matplotlib's "Software" text chunk comes right after the PNG header
    if not (head.startswith(PNG_SIGNATURE) and b"matplotlib" in head.lower()):
        raise FileExistsError(
            f"cannot save the loss curve to {path}: that file exists and is not an earlier loss curve "
            "(a PNG drawn by matplotlib); refusing to overwrite it, choose another path or remove the file"
        )
    return "replaced"


def save_loss_curve(
    losses: Sequence[float], path: str | os.PathLike, title: str = "Training loss", dpi: int = 100
) -> Path:
    """Write the loss curve to a PNG file (atomically, creating folders) and return its path.

    The path is checked first with `check_plot_path`: a ``.png`` name, and no
    existing file other than an earlier plot.
    """
    path = Path(path)
    check_plot_path(path)
    atomic_write_bytes(path, loss_curve_png(losses, title, dpi))
    return path
