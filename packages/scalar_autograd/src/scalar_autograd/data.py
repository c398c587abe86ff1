"""Read and write (x, y) datasets as CSV files, safely.

The format is a header line ``x,y`` followed by one ``x,y`` row per point.
Reading names the file and line of anything wrong with it; writing goes to a
temporary file in the same folder that then atomically replaces the target,
so a crash never leaves half a file, and an existing file with different
contents is only replaced when asked to (``force=True``).

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "points.csv"
>>> write_csv(path, [0.0, 1.5], [-1.0, 0.5]).name
'points.csv'
>>> print(path.read_text(), end="")
x,y
0.0,-1.0
1.5,0.5
>>> read_csv(path)
([0.0, 1.5], [-1.0, 0.5])
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path

from .plumbing.files import (
    FilePathError,
    atomic_write_bytes,
    check_output_path,
    read_bytes,
    read_text,
)

__all__ = ["DEFAULT_DATA_PATH", "DataError", "read_csv", "write_csv"]

DEFAULT_DATA_PATH = Path("data") / "linear.csv"  # relative to the current directory
HEADER = "x,y"


class DataError(ValueError):
    """A data file is missing, empty or malformed; the message names the file (and line)."""


# --8<-- [start:read_csv]
def read_csv(path: str | os.PathLike) -> tuple[list[float], list[float]]:
    """Read an ``x,y`` CSV file into two lists of floats.

    The ``x,y`` header line is optional (any other header is an error: the
    columns must be x, then y); blank lines are skipped. Raises `DataError`
    for a missing, unreadable, empty or malformed file.
    """
    path = Path(path)
    try:
        text = read_text(path, "data file")  # a FIFO or device is refused, not waited on
    except FilePathError as error:
        raise DataError(f"{path}: {str(error).split(': ', 1)[1]}, expected a CSV file") from None
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, expected a CSV file") from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: not a UTF-8 text file, expected CSV rows 'x,y'") from None
    except OSError as error:
        raise DataError(f"{path}: cannot read it ({error.strerror})") from None

    xs: list[float] = []
    ys: list[float] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or (not xs and line.replace(" ", "").lower() == HEADER):
            continue
        fields = [field.strip() for field in line.split(",")]
        if not xs and not any(_is_number(field) for field in fields):  # a header, but not x,y
            raise DataError(
                f"{path}, line {number}: the header is {line!r}, expected '{HEADER}' "
                "(column x first, then y), or no header and rows of two numbers"
            )
        if len(fields) != 2:
            raise DataError(
                f"{path}, line {number}: expected 2 comma-separated numbers 'x,y', "
                f"got {len(fields)} field(s): {line!r}"
            )
        x, y = (_parse_number(field, name, path, number) for field, name in zip(fields, "xy"))
        xs.append(x)
        ys.append(y)
    if not xs:
        raise DataError(f"{path}: is empty, expected a header '{HEADER}' and at least one row")
    return xs, ys
# --8<-- [end:read_csv]


def _is_number(field: str) -> bool:
    try:
        float(field)
    except ValueError:
        return False
    return True


def _parse_number(field: str, name: str, path: Path, number: int) -> float:
    try:
        value = float(field)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise DataError(f"{path}, line {number}: {name} is {field!r}, expected a finite number")
    return value


# --8<-- [start:write_csv]
def write_csv(
    path: str | os.PathLike, xs: Sequence[float], ys: Sequence[float], force: bool = False
) -> Path:
    """Write points to an ``x,y`` CSV file atomically and return its path.

    Creates missing parent folders. An existing file with the same contents
    is left alone; one with different contents raises FileExistsError unless
    `force` is true; a folder at `path` raises IsADirectoryError, and a
    device or FIFO `FilePathError` (whatever `force` says).
    """
    path = Path(path)
    if len(xs) != len(ys):
        raise ValueError(f"xs and ys differ in length: {len(xs)} != {len(ys)}")
    rows = [HEADER] + [f"{float(x)!r},{float(y)!r}" for x, y in zip(xs, ys)]
    payload = ("\n".join(rows) + "\n").encode("utf-8")
    if path.is_dir():  # not even --force replaces a folder
        raise IsADirectoryError(
            f"{path} is a folder, not a CSV file; give a file path such as {path / 'linear.csv'}"
        )
    # Not even --force writes through a device or a FIFO, or into a folder we cannot write.
    check_output_path(path, what="the data", force=True, make_folders=True)
    if path.is_file() and read_bytes(path) == payload:
        return path  # already up to date: even with force, no need to rewrite it
    if path.exists() and not force:
        raise FileExistsError(
            f"{path} already exists with different contents; "
            "refusing to replace it (use --force / force=True to overwrite)"
        )
    atomic_write_bytes(path, payload, make_folders=True)
    return path
# --8<-- [end:write_csv]
