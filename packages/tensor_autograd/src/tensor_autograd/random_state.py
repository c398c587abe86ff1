"""The package's random generator, in one place, so one seed reaches every random op.

Layers take an optional `rng` (a seed or a `numpy.random.Generator`) for a private
stream; without one they draw from the package's generator, `default_generator`, as do
`randn`, `rand` and `randint`. `reseed` (what `tensor_autograd.manual_seed` calls, as in
PyTorch) resets it in place, so code that took a reference to it sees the new state.

>>> reseed(0); a = generator().random()
>>> reseed(0); a == generator().random()
True
"""

from __future__ import annotations

import numpy as np

default_generator = np.random.default_rng()


def generator(rng=None) -> np.random.Generator:
    """`rng` as a `numpy.random.Generator` (a seed makes a new one); None: the
    package's."""
    if rng is None:
        return default_generator
    return np.random.default_rng(rng)


def reseed(seed) -> None:
    """Start the package's generator afresh from `seed` (an int): the same stream as
    `numpy.random.default_rng(seed)`."""
    default_generator.bit_generator.state = np.random.PCG64(int(seed) % 2**64).state
