"""Create the synthetic linear-regression dataset y = x − 1 (+ Gaussian noise) as a CSV.

Run ``python -m scalar_autograd.create_data --help`` for the options.

>>> xs, ys = make_linear_data(size=3, noise=0.0, seed=0)
>>> [round(y - (x - 1), 12) for x, y in zip(xs, ys)]
[0.0, 0.0, 0.0]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from .data import DEFAULT_DATA_PATH, write_csv
from ..plumbing.args import int_up_to, non_negative_float, non_negative_int
from ..plumbing.files import FilePathError, read_bytes, stale_note

__all__ = [
    "DEFAULT_SIZE",
    "MAX_SIZE",
    "DEFAULT_NOISE",
    "DEFAULT_SEED",
    "make_linear_data",
    "main",
]

DEFAULT_SIZE = 500
MAX_SIZE = 1_000_000  # a million points is a 40 MB file; more only exhausts memory
DEFAULT_NOISE = 0.05
DEFAULT_SEED = 0
X_RANGE = (-2.0, 2.0)


def make_linear_data(
    size: int = DEFAULT_SIZE,
    noise: float = DEFAULT_NOISE,
    seed: int | None = DEFAULT_SEED,
) -> tuple[list[float], list[float]]:
    """`size` points with x uniform in [-2, 2] and y = x − 1 + N(0, noise²)."""
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_SIZE:
        raise ValueError(
            f"size must be a whole number from 1 to {MAX_SIZE:,}, got {size!r}"
        )
    if not noise >= 0:
        raise ValueError(f"noise must be a standard deviation >= 0, got {noise!r}")
    rng = random.Random(seed)
    xs = [rng.uniform(*X_RANGE) for _ in range(size)]
    ys = [x - 1.0 + (rng.gauss(0.0, noise) if noise else 0.0) for x in xs]
    return xs, ys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scalar_autograd.create_data",
        description="Write points of y = x - 1 (+ Gaussian noise), x uniform in "
        "[-2, 2], to a CSV file with header 'x,y'. The file is written atomically; an "
        "existing file with different contents is only replaced with --force; a "
        "device, FIFO or folder never is.",
    )
    parser.add_argument(
        "--path",
        default=str(DEFAULT_DATA_PATH),
        help="CSV file to write (default: %(default)s, relative to the current "
        "folder); its folder must exist, except the default data/, which is created",
    )
    parser.add_argument(
        "--size",
        type=int_up_to(MAX_SIZE),
        default=DEFAULT_SIZE,
        help=f"number of points, at most {MAX_SIZE:,} (default: %(default)s)",
    )
    parser.add_argument(
        "--noise",
        type=non_negative_float,
        default=DEFAULT_NOISE,
        help="standard deviation of the noise added to y (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=non_negative_int,
        default=DEFAULT_SEED,
        help="random seed, for reproducible data (default: %(default)s)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an existing file whose contents differ",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: returns the exit status (0 on success, 1 on a refused or failed
    write)."""
    args = build_parser().parse_args(argv)
    xs, ys = make_linear_data(args.size, args.noise, args.seed)
    existed = Path(args.path).exists()
    try:
        before = read_bytes(args.path) if Path(args.path).is_file() else None
        # Only the default folder (data/) is created: a typo in a folder is refused,
        # as by every other command's output paths.
        make_folders = Path(args.path).parent == DEFAULT_DATA_PATH.parent
        path = write_csv(
            args.path, xs, ys, force=args.force, make_folders=make_folders
        )
        unchanged = before is not None and read_bytes(path) == before
    except (
        OSError,
        FilePathError,
    ) as error:  # e.g. a different file in the way, a device
        print(f"create_data: error: {error}", file=sys.stderr)
        return 1
    if note := stale_note(path):
        print(f"create_data: note: {note}", file=sys.stderr)
    what = f"{len(xs)} points of y = x - 1 (noise {args.noise:g}, seed {args.seed})"
    if (
        unchanged
    ):  # write_csv leaves a file that already holds these points alone, --force or not
        print(f"{path} already holds these {what}; left it unchanged")
    else:
        print(f"{'replaced' if existed else 'wrote'} {path} with {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
