"""Find the gender table — on Kaggle, in a local file, or the bundled synthetic sample —
and clean it.

Three places the data can come from:

* **Kaggle**, through ``kagglehub.dataset_download`` with a *version-pinned* handle
  (:data:`KAGGLE_HANDLE`). kagglehub keeps what it downloads under
  ``$KAGGLEHUB_CACHE/datasets/<owner>/<dataset>/versions/<N>/`` (``KAGGLEHUB_CACHE``
  defaults to ``~/.cache/kagglehub``) and marks a finished download with
  ``$KAGGLEHUB_CACHE/datasets/<owner>/<dataset>/<N>.complete``. With a pinned version it
  serves that folder without a network call; an unpinned handle would first ask Kaggle
  for the latest version number, which fails offline even when the data is cached.
* **A local CSV** (``--data PATH`` on the command-line tools), or a folder holding
  ``gender.csv``.
* **The synthetic sample** shipped in the package (``gender_synthetic.csv``, made by
  `tensor_autograd.data.synthetic`): invented people with the schema and quirks of the
  real file.

``source="auto"`` tries Kaggle and falls back to the synthetic sample, saying so in
`description`; ``source="kaggle"`` insists on the real data and raises
`DataSourceError` explaining what was tried and how to fix it.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd
from scalar_autograd.plumbing.files import FilePathError, read_text

from tensor_autograd.data.errors import DataError, DataSourceError
from tensor_autograd.data.schema import CleanResult, clean_gender_frame

KAGGLE_DATASET = "muhammadtalharasool/simple-gender-classification"
#: The pinned dataset version. Kaggle could not be queried while this was written, so 1
#: (the first and, for this small dataset, presumably only version) is assumed. Pinning
#: is what lets kagglehub serve a cached copy offline; change it here only, if Kaggle
#: ever publishes a new version.
KAGGLE_VERSION = 1
KAGGLE_HANDLE = f"{KAGGLE_DATASET}/versions/{KAGGLE_VERSION}"
KAGGLE_FILE = "gender.csv"
SYNTHETIC_FILE = "gender_synthetic.csv"
#: What `load_gender_data` accepts as ``source``.
SOURCES = ("auto", "kaggle", "synthetic")

_HOW_TO_FIX = (
    "To fix it: connect to the internet (if Kaggle asks you to log in, create an API "
    "token as "
    "kagglehub's README explains), or download gender.csv from "
    f"https://www.kaggle.com/datasets/{KAGGLE_DATASET} and pass --data PATH, "
    "or use --source auto / --source synthetic to run on the bundled synthetic sample."
)


@dataclass(frozen=True)
class LoadedData:
    """A cleaned table and where it came from.

    ``source`` is ``"kaggle"``, ``"file"`` or ``"synthetic"``; ``description`` is the
    sentence every run prints, and it says SYNTHETIC whenever the data is;
    ``duplicates`` counts the duplicate rows that were dropped; ``fallback_reason`` says
    why Kaggle was not used when ``source="auto"`` fell back to the synthetic sample.
    """

    frame: pd.DataFrame
    source: str
    path: Path
    duplicates: int
    description: str
    fallback_reason: str | None = None

    @property
    def is_synthetic(self) -> bool:
        """Whether the rows are the invented sample rather than real data."""
        return self.source == "synthetic"

    def summary(self) -> str:
        """One line for a run's output: where the data came from and how many rows
        survived cleaning.

        >>> loaded = load_gender_data("synthetic")
        >>> print(loaded.summary())  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
        data: SYNTHETIC sample bundled with tensor_autograd (...); 130 rows, 1 duplicate
        row dropped
        """
        plural = "" if self.duplicates == 1 else "s"
        return (
            f"data: {self.description}; {len(self.frame)} rows, "
            f"{self.duplicates} duplicate row{plural} dropped"
        )


def synthetic_csv_path() -> Path:
    """Where the bundled synthetic sample lives inside the installed package.

    >>> synthetic_csv_path().name
    'gender_synthetic.csv'
    """
    return Path(str(resources.files("tensor_autograd.data") / SYNTHETIC_FILE))


def kaggle_cache_folder(cache_root: str | os.PathLike[str] | None = None) -> Path:
    """The folder kagglehub serves :data:`KAGGLE_HANDLE` from once it is downloaded.

    ``cache_root`` defaults to ``$KAGGLEHUB_CACHE``, or ``~/.cache/kagglehub`` when that
    is unset.

    >>> kaggle_cache_folder("/tmp/kh").as_posix()
    '/tmp/kh/datasets/muhammadtalharasool/simple-gender-classification/versions/1'
    """
    if cache_root is None:
        cache_root = os.environ.get(
            "KAGGLEHUB_CACHE", str(Path.home() / ".cache" / "kagglehub")
        )
    return Path(cache_root, "datasets", KAGGLE_DATASET, "versions", str(KAGGLE_VERSION))


def read_gender_csv(path: str | os.PathLike[str]) -> CleanResult:
    """Read and clean a gender CSV (see `clean_gender_frame`).

    >>> result = read_gender_csv(synthetic_csv_path())
    >>> len(result.frame), result.duplicates
    (130, 1)
    """
    path = Path(path)
    if not path.exists():
        raise DataError(
            f"data file {path} does not exist; expected a CSV like Kaggle's "
            f"{KAGGLE_FILE}"
        )
    if path.is_dir():
        path = _find_in_folder(path, DataError)
    raw, lines = _read_fields(path)
    return clean_gender_frame(raw, origin=str(path), lines=lines)


def download_kaggle_csv() -> Path:
    """Return the path of ``gender.csv`` from Kaggle, downloading it unless kagglehub
    has it cached.

    Raises `DataSourceError` saying what was tried and how to fix it when that fails.
    """
    import kagglehub  # imported here: it is slow to import and only this path needs it

    try:
        folder = Path(kagglehub.dataset_download(KAGGLE_HANDLE))
    # Offline, unauthenticated, HTTP errors...: all mean "unreachable".
    except Exception as error:  # noqa: BLE001
        raise DataSourceError(
            f"could not get the Kaggle dataset {KAGGLE_HANDLE}: tried "
            "kagglehub.dataset_download("
            f"{KAGGLE_HANDLE!r}), which serves {kaggle_cache_folder()} when it was "
            "downloaded before and "
            f"downloads it otherwise; that failed with {_short(error)}. {_HOW_TO_FIX}"
        ) from error
    return _find_in_folder(folder, DataSourceError)


def load_gender_data(
    source: str = "auto", path: str | os.PathLike[str] | None = None
) -> LoadedData:
    """Load and clean the gender table from ``path`` if given, otherwise from
    ``source``.

    ``source`` is one of :data:`SOURCES`: ``"kaggle"`` (the real data, or an error),
    ``"synthetic"`` (the bundled invented sample, never touches the network) or
    ``"auto"`` (Kaggle, falling back to the synthetic sample). A ``path`` is only
    combined with ``source="auto"``.

    >>> loaded = load_gender_data("synthetic")
    >>> loaded.source, loaded.is_synthetic, loaded.duplicates
    ('synthetic', True, 1)
    >>> list(loaded.frame.columns)[:4]
    ['Gender', 'Age', 'Height (cm)', 'Weight (kg)']
    """
    if source not in SOURCES:
        raise ValueError(
            f"unknown data source {source!r}; expected one of {list(SOURCES)}"
        )
    if path is not None:
        if source != "auto":
            raise ValueError(
                f"give either a data file ({path}) or source={source!r}, not both"
            )
        path = Path(path)
        if path.is_dir():
            path = _find_in_folder(path, DataError)
        result = read_gender_csv(path)
        return LoadedData(
            result.frame, "file", path, result.duplicates, f"local file {path}"
        )
    if source == "synthetic":
        return _load_synthetic(reason=None)
    return _load_kaggle(source)


def _load_kaggle(source: str) -> LoadedData:
    """Kaggle's file; with ``source="auto"``, the synthetic sample when it cannot be
    had."""
    try:
        csv = download_kaggle_csv()
    except DataSourceError as error:
        if source == "kaggle":
            raise
        cause = error.__cause__ if error.__cause__ is not None else error
        return _load_synthetic(reason=_short(cause), error_type=type(cause).__name__)
    result = read_gender_csv(csv)
    return LoadedData(
        result.frame,
        "kaggle",
        csv,
        result.duplicates,
        f"Kaggle dataset {KAGGLE_HANDLE} ({csv})",
    )


def _load_synthetic(reason: str | None, error_type: str | None = None) -> LoadedData:
    path = synthetic_csv_path()
    result = read_gender_csv(path)
    description = (
        f"SYNTHETIC sample bundled with tensor_autograd ({path.name}: invented people, "
        "not the Kaggle data)"
    )
    if reason is not None:
        description += (
            f", used because Kaggle was unreachable ({error_type}; --source kaggle "
            "shows why)"
        )
    return LoadedData(
        result.frame,
        "synthetic",
        path,
        result.duplicates,
        description,
        fallback_reason=reason,
    )


def _read_fields(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """Every field of the file as a string, with the line each row starts on.

    The csv module rather than ``pd.read_csv``: it keeps every field as written (numbers
    are converted after stripping, so a bad value can be reported with its line) and it
    tells us the line of each row. Fields past the header's width must be empty — the
    trailing comma — and a row that really has more fields than the header is an error
    rather than silently cut.
    """
    try:  # read_text refuses a FIFO or a device (reading a FIFO would wait forever)
        text = read_text(path, "data file", encoding="utf-8-sig")
    except FilePathError as error:
        raise DataError(str(error)) from None
    except OSError as error:
        raise DataError(
            f"cannot read the data file {path}: {error.strerror or error}"
        ) from error
    except UnicodeDecodeError as error:
        raise DataError(
            f"{path} is not a UTF-8 text file ({error.reason} at byte {error.start})"
        ) from error
    try:
        with io.StringIO(text, newline="") as file:
            reader = csv.reader(file)
            header, rows, lines = _rows_by_header(reader, path)
    except csv.Error as error:
        raise DataError(f"{path} is not a well-formed CSV file: {error}") from error
    if header is None:
        return pd.DataFrame(), []
    names = [name if name.strip() else f"Unnamed: {i}" for i, name in enumerate(header)]
    return pd.DataFrame(rows, columns=names, dtype=object), lines


def _rows_by_header(
    reader, path: Path
) -> tuple[list[str] | None, list[list[str]], list[int]]:
    """The header, then each row cut to the header's width, and the line each starts on.

    Blank lines are skipped; a field past the header's width must be empty.
    """
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    for fields in reader:
        if not any(field.strip() for field in fields):
            continue  # blank line
        if header is None:
            header = fields
            continue
        extra = [field for field in fields[len(header) :] if field.strip()]
        if extra:
            raise DataError(
                f"{path}: line {reader.line_num} has {len(fields)} fields but the "
                "header names only "
                f"{len(header)} columns; extra values {extra}"
            )
        rows.append((fields + [""] * len(header))[: len(header)])
        lines.append(reader.line_num)
    return header, rows, lines


def _find_in_folder(folder: Path, error_type: type[Exception]) -> Path:
    candidates = sorted(folder.rglob(KAGGLE_FILE))
    if not candidates:
        found = sorted(
            str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()
        )[:10]
        raise error_type(
            f"no {KAGGLE_FILE} in {folder}; files found: {found or 'none'}"
        )
    return candidates[0]


def _short(error: BaseException, limit: int = 200) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= limit else text[: limit - 3] + "..."
