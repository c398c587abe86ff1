"""Files named by a user: checked first, written atomically, never through a device.

The rules every command follows:

- a path is checked before the long work (`check_output_path`), so a typo fails at once;
- an existing file is replaced only when it is one of ours (the caller says how to
  recognise it) or the user passed ``--force``;
- only regular files are read or written: a device (``/dev/null``), a FIFO (``mkfifo
  f.csv``, which would hang) or a socket is refused with a message naming it;
- a write goes to a temporary file next to the target, renamed over it at the end
  (`atomic_write_bytes`), so the target is either the old file or the new one, and the
  temporary file is removed on an error, Ctrl-C or SIGTERM. Only SIGKILL can leave one
  behind; `stale_temporaries` finds those so a command can say where they are.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> check_output_path(folder / "out.json", what="the results")
'wrote'
>>> atomic_write_bytes(folder / "out.json", b"{}").read_bytes()
b'{}'
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "FilePathError",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_path",
    "check_input_file",
    "read_bytes",
    "read_text",
    "stale_temporaries",
    "stale_note",
]


class FilePathError(ValueError):
    """A path we refuse to read or write; the message says which, why and what to do."""


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)  # follows a symlink: what matters is what it points to
    except (FileNotFoundError, NotADirectoryError):
        return None


def check_input_file(path: str | os.PathLike[str], what: str = "file") -> Path:
    """Raise unless `path` is an existing regular file: missing, a folder, a FIFO or a
    device (reading a FIFO would wait forever for a writer) each get a message naming
    the path.

    >>> check_input_file("/dev/null", "data file")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    FilePathError: cannot read the data file /dev/null: it is a character device, ...
    """
    path = Path(path)
    info = _stat(path)
    if info is None:
        raise FileNotFoundError(f"cannot read the {what} {path}: no such file")
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(f"cannot read the {what} {path}: it is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise FilePathError(
            f"cannot read the {what} {path}: it is {_kind(info.st_mode)}, "
            "not a regular file"
        )
    return path


def read_bytes(path: str | os.PathLike[str], what: str = "file") -> bytes:
    """The bytes of a regular file; a FIFO or device is refused, never waited on.

    The file is opened without blocking and checked on the open descriptor, so a file
    swapped for a FIFO between the check and the open cannot hang the reader either.
    """
    path = check_input_file(path, what)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise FilePathError(
                f"cannot read the {what} {path}: it is {_kind(mode)}, "
                "not a regular file"
            )
        return file.read()


def read_text(
    path: str | os.PathLike[str], what: str = "file", encoding: str = "utf-8"
) -> str:
    """`read_bytes`, decoded (UnicodeDecodeError for a file that is not text)."""
    return read_bytes(path, what).decode(encoding)


def check_output_path(
    path: str | os.PathLike[str],
    *,
    what: str,
    is_ours: Callable[[Path], bool] | None = None,
    force: bool = False,
    make_folders: bool = False,
    option: str = "the path",
) -> str:
    """Raise FilePathError unless we may write `path`; else return what we will do:
    ``"wrote"`` or ``"replaced"``.

    Refused: a folder, a missing parent folder (unless `make_folders`), a device, FIFO
    or socket (even with `force`), a folder we cannot write to, and an existing file
    that `is_ours` does not recognise, unless `force`. Call it before the long work, and
    the write itself checks again.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> _ = path.write_text("mine")
    >>> check_output_path(path, what="the results")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    scalar_autograd.plumbing.files.FilePathError: cannot write the results to ...
    >>> check_output_path(path, what="the results", force=True)
    'replaced'
    """
    path = Path(path)
    where = f"cannot write {what} to {path}"
    info = _stat(path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise FilePathError(f"{where}: it is a folder; give a file name inside it")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise FilePathError(
            f"{where}: it is {_kind(info.st_mode)}, not a regular file "
            "(refused even with --force)"
        )
    folder = _existing_folder(path, where, make_folders)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FilePathError(f"{where}: folder {folder} is not writable")
    if info is None:
        return "wrote"
    if not force and not (is_ours is not None and is_ours(path)):
        raise FilePathError(
            f"{where}: that file exists and is not {what} written by this package; "
            f"refusing to replace it (choose another {option}, remove the file, or "
            "pass --force)"
        )
    return "replaced"


def _existing_folder(path: Path, where: str, make_folders: bool) -> Path:
    folder = path.parent
    if make_folders:
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
    if not folder.is_dir():
        problem = (
            f"{folder} is a file, not a folder"
            if folder.exists()
            else f"folder {folder} does not exist"
        )
        raise FilePathError(f"{where}: {problem}")
    return folder


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, *, make_folders: bool = False
) -> Path:
    """Write `data` to `path` atomically and return the path written.

    The bytes go to a temporary file in the same folder (``os.replace`` is atomic only
    within one file system), which then takes the target's name: readers see the old
    file or the new one, never half of one. A symlink is followed: its target is
    replaced, as ``open(path, "wb")``, ``np.save`` and ``torch.save`` would write
    through it. A device, FIFO or socket is refused. On an error, Ctrl-C or SIGTERM the
    temporary file is removed.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_bytes(folder / "hello.txt", b"hi").read_bytes()
    b'hi'
    >>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
    ['hello.txt']
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    info = _stat(target)
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise FilePathError(
            f"cannot write {path}: it is {_kind(info.st_mode)}, not a regular file"
        )
    if make_folders:
        target.parent.mkdir(parents=True, exist_ok=True)
    folder = target.parent
    if not folder.is_dir():
        if folder.exists():
            raise NotADirectoryError(
                f"cannot write {path}: {folder} is a file, not a folder"
            )
        raise FileNotFoundError(f"cannot write {path}: folder {folder} does not exist")
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_current_umask()
    with _sigterm_raises():
        handle, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{target.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, mode)  # mkstemp makes it private (0600)
            os.replace(temporary, target)
        except BaseException:  # an error, Ctrl-C or SIGTERM: the target is untouched
            Path(temporary).unlink(missing_ok=True)
            raise
    return Path(path)


def atomic_write_text(
    path: str | os.PathLike[str], text: str, *, make_folders: bool = False
) -> Path:
    """Write `text` as UTF-8 atomically (see `atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode("utf-8"), make_folders=make_folders)


class Terminated(SystemExit):
    """SIGTERM arrived during a write: exit with 128 + 15 once the temporary file is
    gone."""


@contextmanager
def _sigterm_raises():
    """Turn SIGTERM into an exception while a write is under way, so cleanup code
    runs."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set signal handlers
        return

    def handler(signum, frame):
        raise Terminated(128 + signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stale_temporaries(path: str | os.PathLike[str]) -> list[Path]:
    """Temporary files an interrupted `atomic_write_bytes` (a SIGKILL, a power cut) left
    next to `path`: ``.NAME.XXXXXXXX.tmp`` in the same folder."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        return sorted(folder.glob(f".{_glob_escape(target.name)}.*.tmp"))
    except OSError:
        return []


def stale_note(path: str | os.PathLike[str]) -> str | None:
    """A sentence naming the stale temporary files next to `path`, or None when there
    are none."""
    found = stale_temporaries(path)
    if not found:
        return None
    names = ", ".join(str(p) for p in found)
    return (
        f"found {len(found)} temporary file{'s' if len(found) > 1 else ''} left by an "
        f"interrupted write of {path}: {names}; it is safe to delete"
    )


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
