"""Write a file so that it is either fully there or not touched at all.

A crash (or Ctrl-C) halfway through ``open(path, "wb").write(...)`` leaves a truncated file behind.
Writing to a temporary file in the same folder and then renaming it over the target avoids that:
``os.replace`` is atomic on POSIX and Windows when both paths are on the same file system.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


# --8<-- [start:atomic_write_bytes]
def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_bytes(folder / "hello.txt", b"hi").read_bytes()
    b'hi'
    >>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
    ['hello.txt']
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"cannot write {target}: folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        # mkstemp creates the file readable by its owner only; give it the usual permissions.
        os.chmod(temporary, 0o666 & ~_current_umask())
        os.replace(temporary, target)
    except BaseException:
        # Whatever went wrong, the target is untouched; only the temporary file must go.
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


# --8<-- [end:atomic_write_bytes]


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 with ``\\n`` line endings, atomically.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> atomic_write_text(target, "x,y\\n1,2\\n").read_text()
    'x,y\\n1,2\\n'
    """
    return atomic_write_bytes(path, text.encode("utf-8"))


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
