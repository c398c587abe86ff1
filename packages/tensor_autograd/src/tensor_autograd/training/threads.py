"""One BLAS thread, for a while: small matrix products run faster without threads.

NumPy's OpenBLAS starts a thread per core for every matrix product big enough, and for
the products of a small model — a batch of 100 through layers of 100 units — starting,
waking and waiting for those threads costs more than the arithmetic they share. On a
busy machine it is far worse: threads that spin while they wait for a core burn CPU
time. Training MNIST-1D's MLP took 1.6 s of CPU on one thread and 21 s on two threads of
a loaded 2-core machine. `one_blas_thread` limits OpenBLAS to one thread for the
duration of a ``with`` block, through OpenBLAS's own API, and restores the count after.
Where that API cannot be found (another BLAS), it changes nothing.

>>> with one_blas_thread():
...     pass
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
from collections.abc import Iterator


@functools.cache
def openblas_library():
    """NumPy's OpenBLAS as ``(library, getter name, setter name)``, or None: found in
    this process's memory map (Linux only)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps
                     if "openblas" in line.lower() and "/" in line}  # fmt: skip
    except OSError:
        return None
    for path in sorted(paths):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in ("scipy_openblas", "openblas"):
            for suffix in ("64_", ""):
                getter = f"{prefix}_get_num_threads{suffix}"
                if hasattr(library, getter):
                    return library, getter, f"{prefix}_set_num_threads{suffix}"
    return None


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with OpenBLAS limited to one thread; put the count back after."""
    import numpy  # noqa: F401  (loads OpenBLAS, so that it can be found)

    found = openblas_library()
    if found is None:
        yield
        return
    library, getter, setter = found
    before = getattr(library, getter)()
    getattr(library, setter)(1)
    try:
        yield
    finally:
        getattr(library, setter)(before)
