"""The ``--plot`` guard of both parts: our loss curves are marked, so only they are
replaced.

Every image ``--plot`` writes carries `MARK` in its metadata (a PNG text chunk, the
SVG's ``dc:creator``, the PDF's and PostScript's Creator). An existing file is replaced
only when it is such an image, or with ``--force``; anything else — a user's
``thesis.png``, even one drawn by matplotlib — is refused. Formats that cannot carry the
mark (JPEG, TIFF, raw, ...) are refused with a message naming the ones that can.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> check_plot_path(folder / "loss.png")
('wrote', 'png')
>>> check_plot_path(folder / "loss.jpg")  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
...
FilePathError: cannot write the loss curve to .../loss.jpg: the name must end in ...
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

from .files import FilePathError, atomic_write_bytes, check_output_path, read_bytes

__all__ = ["MARK", "FORMATS", "check_plot_path", "is_our_plot", "save_figure"]

MARK = (
    "loss curve drawn by Deep Learning From Scratch: scalar_autograd, tensor_autograd"
)
# The formats whose files carry the mark, with the bytes each starts with.
FORMATS = {
    "png": b"\x89PNG\r\n\x1a\n",
    "svg": b"<?xml",
    "pdf": b"%PDF-",
    "ps": b"%!PS",
    "eps": b"%!PS",
}
_NEAR = 1 << 16  # the mark sits in the first (PNG, SVG, PS) or last (PDF) 64 kB


def require_matplotlib(extra: str) -> None:
    """Raise ImportError, saying how to install it, when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ImportError(
            f"plotting needs matplotlib: install the plot extra with "
            f"`pip install '{extra}[plot]'` (or `uv sync --extra plot`)"
        ) from None


def check_plot_path(
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    formats: Sequence[str] = tuple(FORMATS),
    make_folders: bool = False,
) -> tuple[str, str]:
    """Check that a loss curve may be drawn into `path`, before training.

    Returns ``(action, image_format)``: ``"wrote"`` or ``"replaced"``, and the format
    the suffix names. Raises FilePathError for a suffix not in `formats`, a folder, a
    missing folder (unless `make_folders`), a device or FIFO, or an existing file that
    is not one of our plots (unless `force`).
    """
    path = Path(path)
    where = f"cannot write the loss curve to {path}"
    if path.is_dir():
        raise FilePathError(
            f"{where}: it is a folder; give a file name, such as {path / 'loss.png'}"
        )
    image_format = path.suffix.lstrip(".").lower()
    if image_format not in formats:
        names = ", ".join("." + name for name in formats)
        raise FilePathError(
            f"{where}: the name must end in {names} (the image formats that can be "
            "marked as our loss curve, so a later run knows it may replace the file)"
        )
    action = check_output_path(
        path,
        what="the loss curve",
        force=force,
        option="--plot path",
        is_ours=lambda p: is_our_plot(p, image_format),
        make_folders=make_folders,
    )
    return action, image_format


def is_our_plot(path: str | os.PathLike[str], image_format: str) -> bool:
    """Whether `path` is an image of that format carrying `MARK`, i.e. a loss curve of
    ours."""
    try:
        data = read_bytes(path, "plot")
    except (OSError, FilePathError):
        return False
    signature = FORMATS.get(image_format)
    mark = MARK.encode("ascii")
    return (
        signature is not None
        and data.startswith(signature)
        and (mark in data[:_NEAR] or mark in data[-_NEAR:])
    )


def save_figure(
    figure,
    path: str | os.PathLike[str],
    image_format: str,
    *,
    dpi: float | None = None,
    make_folders: bool = False,
) -> Path:
    """Render a matplotlib Figure with `MARK` in its metadata and write it
    atomically."""
    buffer = io.BytesIO()
    figure.savefig(
        buffer, format=image_format, dpi=dpi or "figure", metadata={"Creator": MARK}
    )
    return atomic_write_bytes(path, buffer.getvalue(), make_folders=make_folders)
