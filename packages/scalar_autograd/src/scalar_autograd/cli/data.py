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

import csv
import io
import math
import os
from collections.abc import Sequence
from pathlib import Path

from ..plumbing.files import (
    FilePathError,
    atomic_write_bytes,
    check_output_path,
    read_bytes,
    read_text,
)

__all__ = ["DEFAULT_DATA_PATH", "DataError", "read_csv", "read_csv_lines", "write_csv"]

DEFAULT_DATA_PATH = Path("data") / "linear.csv"  # relative to the current directory
HEADER = "x,y"


class DataError(ValueError):
    """A data file is missing, empty or malformed; the message names the file (and
    line)."""


def read_csv(path: str | os.PathLike) -> tuple[list[float], list[float]]:
    """Read an ``x,y`` CSV file into two lists of floats.

    The ``x,y`` header line is optional (any other header is an error: the
    columns must be x, then y); blank lines are skipped. Read like Part II's
    loader: a UTF-8 byte-order mark, quoted fields (``"1.5"``), spaces around
    a field and empty fields after the second (a trailing comma) are fine.
    Raises `DataError` for a missing, unreadable, empty or malformed file.
    """
    xs, ys, _ = read_csv_lines(path)
    return xs, ys


def read_csv_lines(
    path: str | os.PathLike,
) -> tuple[list[float], list[float], list[int]]:
    """`read_csv`, plus the line of the file each point came from (for error messages).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "points.csv"
    >>> _ = path.write_text('x,y\\n\\n"1.5",2\\n')
    >>> read_csv_lines(path)
    ([1.5], [2.0], [3])
    """
    path = Path(path)
    try:
        # A FIFO or device is refused, not waited on; utf-8-sig drops a byte-order mark
        # (spreadsheets write one).
        text = read_text(path, "data file", encoding="utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""))
        rows = [(reader.line_num, fields) for fields in reader]
    except FilePathError as error:
        reason = str(error).split(": ", 1)[1]
        raise DataError(f"{path}: {reason}, expected a CSV file") from None
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, expected a CSV file") from None
    except UnicodeDecodeError:
        raise DataError(
            f"{path}: not a UTF-8 text file, expected CSV rows 'x,y'"
        ) from None
    except csv.Error as error:
        raise DataError(f"{path}: not a well-formed CSV file ({error})") from None
    except OSError as error:
        raise DataError(f"{path}: cannot read it ({error.strerror})") from None

    xs: list[float] = []
    ys: list[float] = []
    lines: list[int] = []
    for number, fields in rows:
        fields = [field.strip() for field in fields]
        while len(fields) > 2 and not fields[-1]:  # a trailing comma, as Part II allows
            fields.pop()
        if not any(fields):
            continue  # a blank line
        shown = ",".join(fields)
        if not xs and [field.lower() for field in fields] == ["x", "y"]:
            continue
        if not xs and not any(
            _is_number(field) for field in fields
        ):  # a header, not x,y
            raise DataError(
                f"{path}, line {number}: the header is {shown!r}, expected '{HEADER}' "
                "(column x first, then y), or no header and rows of two numbers"
            )
        if len(fields) != 2:
            raise DataError(
                f"{path}, line {number}: expected 2 comma-separated numbers 'x,y', "
                f"got {len(fields)} field(s): {shown!r}"
            )
        x, y = (
            _parse_number(field, name, path, number)
            for field, name in zip(fields, "xy")
        )
        xs.append(x)
        ys.append(y)
        lines.append(number)
    if not xs:
        raise DataError(
            f"{path}: is empty, expected a header '{HEADER}' and at least one row"
        )
    return xs, ys, lines


def _is_number(field: str) -> bool:
    return _to_float(field) is not None


def _to_float(field: str) -> float | None:
    """The number a field spells, or None. Like Part II's reader (pandas), a plain
    decimal only: Python's float() alone would also read "1_0" as 10, and non-ASCII
    digits."""
    if "_" in field or not field.isascii():
        return None
    try:
        return float(field)
    except ValueError:
        return None


def _parse_number(field: str, name: str, path: Path, number: int) -> float:
    value = _to_float(field)
    if value is None or not math.isfinite(value):
        raise DataError(
            f"{path}, line {number}: {name} is {field!r}, expected a finite number"
        )
    return value


def write_csv(
    path: str | os.PathLike,
    xs: Sequence[float],
    ys: Sequence[float],
    force: bool = False,
    make_folders: bool = True,
) -> Path:
    """Write points to an ``x,y`` CSV file atomically and return its path.

    Creates missing parent folders (unless `make_folders` is false: then a missing
    folder raises FilePathError). An existing file with the same contents
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
            f"{path} is a folder, not a CSV file; give a file path such as "
            f"{path / 'linear.csv'}"
        )
    # Not even --force writes through a device or a FIFO, or into a folder we cannot
    # write.
    check_output_path(path, what="the data", force=True, make_folders=make_folders)
    if path.is_file() and read_bytes(path) == payload:
        return path  # already up to date: even with force, no need to rewrite it
    if path.exists() and not force:
        raise FileExistsError(
            f"{path} already exists with different contents; "
            "refusing to replace it (use --force / force=True to overwrite)"
        )
    atomic_write_bytes(path, payload, make_folders=make_folders)
    return path
