"""Helpers for tests of what the commands do to files and environments that are not theirs."""

from __future__ import annotations

import sys


def matplotlib_figure(path):
    """Draw a figure with matplotlib into `path`, as a user's own thesis.png would be drawn;
    return its bytes. It carries matplotlib's name in its metadata, but not our mark."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure()
    FigureCanvasAgg(figure)
    figure.add_subplot().plot([1, 2, 3])
    figure.savefig(path)
    return path.read_bytes()


def block_imports(monkeypatch, *names: str) -> None:
    """Make `import name` raise ImportError, as if the package were not installed."""
    for name in names:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            monkeypatch.delitem(sys.modules, module)
        monkeypatch.setitem(sys.modules, name, None)


# Prepended to a child process's script: the first fsync (every atomic write makes one, halfway
# through) sends SIGTERM to the process itself, as `kill` would at that moment.
SIGTERM_AT_FSYNC = """
import os, signal
_real_fsync = os.fsync
def _fsync_then_terminate(fd):
    os.kill(os.getpid(), signal.SIGTERM)
    _real_fsync(fd)
os.fsync = _fsync_then_terminate
"""
