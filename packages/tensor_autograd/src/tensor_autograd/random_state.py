"""The package's random generator, in one place, so one seed reaches every random op.

Layers take an optional `rng` (a seed or a `numpy.random.Generator`) for a private
stream; without one they draw from the package's generator, which `reseed` resets (what
a `manual_seed`, as in PyTorch, calls).

>>> reseed(0); a = generator().random()
>>> reseed(0); a == generator().random()
True
"""

from __future__ import annotations

import numpy as np

_generator = np.random.default_rng()


def generator(rng=None) -> np.random.Generator:
    """`rng` as a `numpy.random.Generator` (a seed makes a new one); None: the
    package's."""
    if rng is None:
        return _generator
    return np.random.default_rng(rng)


def reseed(seed) -> None:
    """Start the package's generator afresh from `seed` (an int)."""
    global _generator
    _generator = np.random.default_rng(seed)
