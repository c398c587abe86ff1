"""MNIST-1D: ten digit templates made into noisy 1-D signals of 40 samples.

The data of Greydanus, "Scaling down Deep Learning" (2020). The `mnist1d` package
generates it procedurally, offline, from its default settings (``seed`` 42): 4,000
training and 1,000 test signals, 10 classes. We never use its download path nor its
pickles (`from_pickle` would run whatever code a pickle holds). Two of its habits are
undone here:

* ``make_dataset`` seeds Python's `random` and NumPy's global random state
  (``np.random.seed``); the caller's states are put back afterwards, so loading the data
  changes no other random numbers.
* importing it imports ``matplotlib.pyplot``; if matplotlib is not imported yet and
  nobody chose a backend (no ``MPLBACKEND``, none in a matplotlibrc), the
  non-interactive Agg backend is chosen first, so loading data never opens a window or
  needs a display.

Importing and generating take a few seconds, so the arrays are kept in the user's cache
folder (`mnist1d_cache_path`) as a ``.npz`` file of plain arrays, written atomically and
read back with ``allow_pickle=False``. A file there that we did not write is left alone.

>>> data = load_mnist1d()
>>> data.x_train.shape, data.x_train.dtype, data.y_train.shape, data.y_train.dtype
((4000, 40), dtype('float32'), (4000,), dtype('int64'))
>>> data.x_test.shape, sorted(set(data.y_test.tolist())) == list(range(10))
((1000, 40), True)
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import os
import random
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scalar_autograd.plumbing.files import atomic_write_bytes

#: What the generated arrays hold (and what a cache file must hold, exactly).
ARRAYS = ("x_train", "y_train", "x_test", "y_test")
SIGNAL_LENGTH = 40
CLASSES = 10
TRAIN_SIZE, TEST_SIZE = 4000, 1000
#: Written into every cache file, checked on reading: how we recognise a file as ours.
CACHE_FORMAT = "tensor_autograd.data.mnist1d cache v1"


@dataclass(frozen=True)
class MNIST1D:
    """The MNIST-1D arrays: signals ``x`` (n, 40) as float32, labels ``y`` (n,) as int64
    in 0..9.

    ``from_cache`` tells whether they were read from `cache_path` rather than generated.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    from_cache: bool = False
    cache_path: Path | None = None

    def summary(self) -> str:
        """One line for a run's output: what the data is and where it came from.

        >>> print(load_mnist1d().summary())  # doctest: +ELLIPSIS
        data: MNIST-1D (mnist1d ..., seed 42), 4000 training and 1000 test signals, ...
        """
        where = "generated"
        if self.from_cache:
            where = f"read from the cache {_home_as_tilde(self.cache_path)}"
        return (
            f"data: MNIST-1D (mnist1d {_mnist1d_version()}, seed 42), "
            f"{len(self.y_train)} training and {len(self.y_test)} test signals, {where}"
        )

    def arrays(self) -> dict[str, np.ndarray]:
        """The four arrays by name, in the order of :data:`ARRAYS`."""
        return {name: getattr(self, name) for name in ARRAYS}


def _home_as_tilde(path: Path | None) -> str:
    """``path`` with the home folder written ``~``, as a shell would: output that is
    shown (or pasted into a page) should not carry the user's name or machine layout.

    >>> _home_as_tilde(Path.home() / ".cache" / "x.npz")
    '~/.cache/x.npz'
    """
    try:
        return str(Path("~", Path(path).relative_to(Path.home())))
    except (ValueError, TypeError, RuntimeError):  # not under home, or no home known
        return str(path)


def fingerprint(data: MNIST1D) -> str:
    """The SHA-256 of the four arrays (dtype, shape and values): same data, same digest.

    >>> len(fingerprint(load_mnist1d()))
    64
    """
    digest = hashlib.sha256()
    for name, array in data.arrays().items():
        digest.update(f"{name} {array.dtype.str} {array.shape}\n".encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def load_mnist1d(cache: bool = True) -> MNIST1D:
    """The MNIST-1D training and test sets, the same arrays on every run.

    Args:
        cache: read the arrays from the user's cache folder if they are there, and write
            them there after generating them (`mnist1d_cache_path`). ``False`` always
            generates, and writes nothing.
    """
    path = mnist1d_cache_path() if cache else None
    if path is not None:
        cached = _read_cache(path)
        if cached is not None:
            return cached
    data = generate_mnist1d()
    # Write only where nothing is: never replace a file we did not write.
    if path is not None and not os.path.lexists(path):
        try:
            _write_cache(path, data)
        except OSError:
            return data  # a read-only or full disk: the data is fine, only uncached
        return MNIST1D(**data.arrays(), cache_path=path)
    return data


def generate_mnist1d() -> MNIST1D:
    """Generate the data with `mnist1d`'s default settings, leaving the caller's random
    states as they were."""
    mnist1d_data = _import_mnist1d_data()
    python_state, numpy_state = random.getstate(), np.random.get_state()
    try:
        generated = mnist1d_data.make_dataset(mnist1d_data.get_dataset_args())
    finally:  # make_dataset seeds both global generators; give the caller theirs back
        random.setstate(python_state)
        np.random.set_state(numpy_state)
    return MNIST1D(
        x_train=generated["x"].astype(np.float32),
        y_train=generated["y"].astype(np.int64),
        x_test=generated["x_test"].astype(np.float32),
        y_test=generated["y_test"].astype(np.int64),
    )


def _import_mnist1d_data():
    """``mnist1d.data``, imported with a non-interactive matplotlib unless a backend was
    chosen before."""
    if "matplotlib" not in sys.modules and not os.environ.get("MPLBACKEND"):
        import matplotlib

        backend_or_none = getattr(matplotlib.rcParams, "_get_backend_or_none", None)
        if backend_or_none is not None and backend_or_none() is None:  # none in an rc
            matplotlib.use("Agg")
    from mnist1d import data

    return data


def _mnist1d_version() -> str:
    try:
        return importlib.metadata.version("mnist1d")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def mnist1d_cache_path() -> Path:
    """Where `load_mnist1d` keeps the arrays: ``$XDG_CACHE_HOME/tensor-autograd/`` (or
    ``~/.cache/tensor-autograd/`` when that is unset or not an absolute path), in a file
    named after the `mnist1d` version that generated it.

    >>> mnist1d_cache_path().name  # doctest: +ELLIPSIS
    'mnist1d-...-seed42.npz'
    """
    root = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(root):  # the XDG spec: relative paths are invalid and ignored
        root = os.path.join(Path.home(), ".cache")
    return Path(root, "tensor-autograd", f"mnist1d-{_mnist1d_version()}-seed42.npz")


def _read_cache(path: Path) -> MNIST1D | None:
    """The arrays in ``path`` if it is a cache file we wrote, as expected; else None."""
    if not path.is_file():  # missing, a folder, a FIFO...: nothing we can read
        return None
    try:
        with np.load(path, allow_pickle=False) as npz:
            if set(npz.files) != {*ARRAYS, "format"}:
                return None
            if str(npz["format"]) != CACHE_FORMAT:
                return None
            arrays = {name: npz[name] for name in ARRAYS}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError):
        return None
    data = MNIST1D(**arrays, from_cache=True, cache_path=path)
    return data if _has_expected_shapes(data) else None


def _has_expected_shapes(data: MNIST1D) -> bool:
    expected = {
        "x_train": ((TRAIN_SIZE, SIGNAL_LENGTH), np.float32),
        "y_train": ((TRAIN_SIZE,), np.int64),
        "x_test": ((TEST_SIZE, SIGNAL_LENGTH), np.float32),
        "y_test": ((TEST_SIZE,), np.int64),
    }
    for name, (shape, dtype) in expected.items():
        array = getattr(data, name)
        if array.shape != shape or array.dtype != dtype:
            return False
    labels = np.concatenate([data.y_train, data.y_test])
    return bool(labels.min() >= 0 and labels.max() < CLASSES)


def _write_cache(path: Path, data: MNIST1D) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez(buffer, format=np.array(CACHE_FORMAT), **data.arrays())
    atomic_write_bytes(path, buffer.getvalue())
