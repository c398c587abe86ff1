"""What both benchmarks share around the measuring: number formats (also used by the
book's tables), the machine description, and the command line's ``--json`` checks and
flow.

>>> format_seconds(0.0000234), format_seconds(0.0123), format_seconds(2.5)
('23.4 µs', '12.3 ms', '2.50 s')
>>> format_bytes(2_345_678), format_ratio(3.0, 1.5), format_ratio(None, 1.0)
('2.35 MB', '2.00', '—')
>>> rows = [["ours", "1 µs"], ["numpy", "10 µs"]]
>>> print("\\n".join(text_table(["engine", "time"], rows)))
engine   time
ours     1 µs
numpy   10 µs
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .files import (
    FilePathError,
    atomic_write_text,
    check_output_path,
    read_text,
    stale_note,
)

MISSING = "—"


def format_seconds(seconds) -> str:
    """A duration to three significant digits, in s, ms or µs."""
    if seconds is None:
        return MISSING
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds * 1e6:.3g} µs"


def format_bytes(n) -> str:
    """A size to three significant digits, in GB, MB, kB or B."""
    if n is None:
        return MISSING
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if abs(n) >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n:.0f} B"


def format_ratio(ours, theirs) -> str:
    """ours / theirs to two decimals, or a dash when either is missing."""
    return f"{ours / theirs:.2f}" if ours is not None and theirs else MISSING


def text_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Lines of a text table: first column left-aligned, the others right-aligned."""
    table = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return [
        "  ".join(
            [row[0].ljust(widths[0])]
            + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        )
        for row in table
    ]


def cpu_model() -> str:
    """The CPU's model name (from /proc/cpuinfo on Linux), or what `platform` knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def package_version(name: str) -> str | None:
    """The installed version of a distribution, or None when it is not installed."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def is_bench_json(path: str | os.PathLike[str], benchmark: str) -> bool:
    """Whether `path` holds a report by `benchmark` (which ``--json`` may replace)."""
    try:
        report = json.loads(read_text(path, "benchmark results"))
    except (OSError, ValueError):
        return False
    return isinstance(report, dict) and report.get("benchmark") == benchmark


def check_json_path(
    path: str | os.PathLike[str], benchmark: str, force: bool = False
) -> str:
    """`check_output_path` for ``--json``: an earlier report of `benchmark` is ours."""
    return check_output_path(
        Path(path),
        what="the benchmark results",
        force=force,
        option="--json path",
        is_ours=lambda p: is_bench_json(p, benchmark),
    )


def write_report(
    report: dict, path: str | os.PathLike[str], force: bool = False
) -> int:
    """Write a report as JSON (atomically, after checking `path` again) and say so.

    Returns the exit status: 1, with a message, when the file cannot be written; the
    report's tables were printed before, so the numbers are not lost.
    """
    try:
        action = check_json_path(path, report["benchmark"], force)
        atomic_write_text(path, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    except (FilePathError, OSError) as error:
        print(
            f"bench: error: {error}; the results above were not saved", file=sys.stderr
        )
        return 1
    print(f"\n{action} {path}")
    if note := stale_note(path):  # an earlier run was killed while writing
        print(f"bench: note: {note}", file=sys.stderr)
    return 0


def add_timer_argument(parser) -> None:
    """``--timer cpu|wall``, worded the same in both benchmarks."""
    parser.add_argument(
        "--timer",
        choices=("cpu", "wall"),
        default="cpu",
        help=(
            "cpu: this process's CPU time (default, steadier on a busy machine); "
            "wall: elapsed time"
        ),
    )


def add_json_arguments(parser) -> None:
    """``--json PATH`` and ``--force``, worded the same in both benchmarks."""
    parser.add_argument(
        "--json",
        metavar="PATH",
        help="also write the results, with the machine and date, as JSON to PATH "
        "(checked before the run, written atomically; an existing file is "
        "replaced only if it is an earlier report of this benchmark)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="let --json replace an existing file that is not an earlier report",
    )


def run_and_report(
    benchmark: str,
    missing: dict[str, str],
    requested: Sequence[str],
    json_path: str | None,
    force: bool,
    measure: Callable[[], dict],
    describe: Callable[[dict], str],
) -> int:
    """A benchmark's command line after parsing; returns the exit status.

    Refuses before measuring anything when none of the `requested` engines can run
    (`missing` maps each that cannot to why) or when `json_path` may not be written;
    then measures, prints the report and writes the JSON.
    """
    if len(missing) == len(requested):  # nothing left to measure
        for name, reason in missing.items():
            print(f"bench: {name}: {reason}", file=sys.stderr)
        print(
            "bench: error: none of the requested engines can be measured here",
            file=sys.stderr,
        )
        return 1
    if json_path:  # checked before the run, so a bad path does not cost the results
        try:
            check_json_path(json_path, benchmark, force=force)
        except FilePathError as error:
            print(f"bench: error: {error}", file=sys.stderr)
            return 1
    report = measure()
    print(describe(report))
    return write_report(report, json_path, force) if json_path else 0
