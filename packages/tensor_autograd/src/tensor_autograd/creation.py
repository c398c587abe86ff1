"""Making tensors as PyTorch does: `tensor`, `zeros`, `ones`, `full`, `arange`,
`linspace`, `randn`, `rand`, `randint`, and `manual_seed` for the random ones.

So that a script ports by changing its imports, these follow `torch`'s names, arguments
and defaults, with two deliberate differences:

- Floating results default to float32, PyTorch's default dtype (the `Tensor` constructor
  itself keeps NumPy's float64 for Python floats). A NumPy float64 array given to
  `tensor` stays float64, as in PyTorch.
- Our tensors hold floats only. Where PyTorch would make an integer or bool tensor
  (`tensor([1, 2])`, `arange(5)`, `randint(...)`, `dtype=int64`) these return an integer
  NumPy array instead: class labels and indices, which every op here takes as arrays.

The random functions draw from the package's one NumPy `Generator`,
`random_state.default_generator`, which `manual_seed(s)` resets in place (so code that
took a reference to it sees the new state). The layers of `nn` and dropout draw from it
too, unless given an `rng` of their own (a seed or a Generator).
"""

from __future__ import annotations

import numbers

import numpy as np

from . import random_state
from .random_state import default_generator
from .tensor import Tensor, _check_bool

float16 = np.float16
float32 = np.float32
float64 = np.float64
int32 = np.int32
int64 = np.int64
long = np.int64
bool_ = np.bool_
# torch.half, torch.float, torch.double
half, float_, double = float16, float32, float64

DEFAULT_DTYPE = np.dtype(np.float32)


def manual_seed(seed: int) -> np.random.Generator:
    """Seed the generator behind `randn`, `rand` and `randint`; returns it.

    >>> _ = manual_seed(0); a = randn(2)
    >>> _ = manual_seed(0); bool((randn(2).data == a.data).all())
    True
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise TypeError(f"manual_seed: seed must be an int, got {seed!r}")
    random_state.reseed(seed)
    return default_generator


def _finish(array: np.ndarray, dtype, requires_grad: bool):
    """A Tensor for floating data, an integer (or bool) NumPy array for the rest."""
    requires_grad = _check_bool("requires_grad", requires_grad)
    if dtype is not None:
        array = array.astype(np.dtype(dtype), copy=False)
    if array.dtype.kind == "f":
        return Tensor(array, requires_grad=requires_grad)
    if requires_grad:
        raise TypeError(
            f"only floating tensors can require grad, got dtype {array.dtype}: pass a "
            "floating dtype (float32, float64)"
        )
    return array


def _shape(size) -> tuple:
    """`zeros(2, 3)` or `zeros((2, 3))`: the shape as a tuple of ints >= 0."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    for n in size:
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 0:
            raise ValueError(f"sizes must be ints >= 0, got {size!r}")
    return tuple(int(n) for n in size)


def tensor(data, dtype=None, requires_grad: bool = False):
    """A new tensor holding a copy of `data`, as `torch.tensor`.

    Python floats give float32 (PyTorch's default); NumPy arrays keep their floating
    dtype; integer and bool data give an integer (or bool) NumPy array, see the module
    docstring.

    >>> tensor([1.0, 2.0])
    Tensor([1., 2.], dtype=float32)
    >>> tensor([0, 2])
    array([0, 2])
    """
    source = data.data if isinstance(data, Tensor) else data
    array = np.array(source, copy=True)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"tensor: data must be numbers, got {type(data).__name__} of "
            f"dtype {array.dtype}"
        )
    if dtype is None and array.dtype.kind == "f" and not _keeps_dtype(source):
        dtype = DEFAULT_DTYPE
    if dtype is None and array.dtype.kind in "iu":
        dtype = np.int64
    return _finish(array, dtype, requires_grad)


def _keeps_dtype(data) -> bool:
    """NumPy floating data keeps its dtype; Python numbers take the default."""
    return isinstance(data, (np.ndarray, np.floating))


def _float_dtype(dtype):
    return DEFAULT_DTYPE if dtype is None else dtype


def zeros(*size, dtype=None, requires_grad: bool = False):
    """A tensor of zeros: `zeros(2, 3)` or `zeros((2, 3))`.

    >>> zeros(2)
    Tensor([0., 0.], dtype=float32)
    """
    return _finish(np.zeros(_shape(size), _float_dtype(dtype)), None, requires_grad)


def ones(*size, dtype=None, requires_grad: bool = False):
    """A tensor of ones: `ones(2, 3)` or `ones((2, 3))`."""
    return _finish(np.ones(_shape(size), _float_dtype(dtype)), None, requires_grad)


def full(size, fill_value, dtype=None, requires_grad: bool = False):
    """A tensor of shape `size` filled with `fill_value`.

    >>> full((2,), 7.0)
    Tensor([7., 7.], dtype=float32)
    """
    size = _shape((size,) if isinstance(size, (int, np.integer)) else (size,))
    if dtype is None:
        dtype = np.int64 if isinstance(fill_value, numbers.Integral) else DEFAULT_DTYPE
        dtype = np.bool_ if isinstance(fill_value, (bool, np.bool_)) else dtype
    return _finish(np.full(size, fill_value, dtype=dtype), None, requires_grad)


def _like(x, dtype):
    data = x.data if isinstance(x, Tensor) else np.asarray(x)
    return data.shape, (data.dtype if dtype is None else dtype)


def zeros_like(input, dtype=None, requires_grad: bool = False):
    """Zeros of `input`'s shape and dtype.

    >>> zeros_like(Tensor([[1.0, 2.0]]))
    Tensor([[0., 0.]])
    """
    shape, dtype = _like(input, dtype)
    return _finish(np.zeros(shape, dtype), None, requires_grad)


def ones_like(input, dtype=None, requires_grad: bool = False):
    """Ones of `input`'s shape and dtype."""
    shape, dtype = _like(input, dtype)
    return _finish(np.ones(shape, dtype), None, requires_grad)


def arange(start, end=None, step=1, dtype=None, requires_grad: bool = False):
    """`start, start + step, …` up to but not including `end`; `arange(n)` is 0..n-1.

    Whole-number arguments give int64 (a NumPy array), any float gives float32.

    >>> arange(3)
    array([0, 1, 2])
    >>> arange(0, 1, 0.25)
    Tensor([0.  , 0.25, 0.5 , 0.75], dtype=float32)
    """
    if end is None:
        start, end = 0, start
    if step == 0:
        raise ValueError("arange: step must not be zero")
    whole = all(isinstance(v, numbers.Integral) for v in (start, end, step))
    if dtype is None:
        dtype = np.int64 if whole else DEFAULT_DTYPE
    # Computed in float64 (or int64) and converted once, so float32 steps do not drift.
    array = np.arange(start, end, step, dtype=np.int64 if whole else np.float64)
    return _finish(array, dtype, requires_grad)


def linspace(start, end, steps: int, dtype=None, requires_grad: bool = False):
    """`steps` evenly spaced values from `start` to `end`, both included.

    >>> linspace(0, 1, 5)
    Tensor([0.  , 0.25, 0.5 , 0.75, 1.  ], dtype=float32)
    """
    if not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"linspace: steps must be an int >= 0, got {steps!r}")
    array = np.linspace(start, end, int(steps))
    return _finish(array, _float_dtype(dtype), requires_grad)


def _generator(generator):
    return default_generator if generator is None else generator


def randn(*size, generator=None, dtype=None, requires_grad: bool = False):
    """Samples of the standard normal distribution, of shape `size`.

    >>> randn(2, 3).shape
    (2, 3)
    """
    array = _generator(generator).standard_normal(_shape(size))
    return _finish(array, _float_dtype(dtype), requires_grad)


def rand(*size, generator=None, dtype=None, requires_grad: bool = False):
    """Samples uniform on [0, 1), of shape `size`."""
    array = _generator(generator).random(_shape(size))
    return _finish(array, _float_dtype(dtype), requires_grad)


def randint(low, high=None, size=None, *, generator=None, dtype=None):
    """Random integers in [low, high), of shape `size`: `randint(high, size)` or
    `randint(low, high, size)`, as `torch.randint`. An int64 NumPy array.

    >>> randint(0, 3, (4,)).shape
    (4,)
    """
    if size is None:  # randint(high, size)
        if high is None:
            raise TypeError(
                "randint: give randint(high, size) or randint(low, high, size)"
            )
        low, high, size = 0, low, high
    if high is None:
        raise TypeError("randint: give randint(high, size) or randint(low, high, size)")
    if low >= high:
        raise ValueError(f"randint: low ({low}) must be less than high ({high})")
    size = _shape((size,) if isinstance(size, (int, np.integer)) else (size,))
    array = _generator(generator).integers(low, high, size, dtype=np.int64)
    return array if dtype is None else _finish(array, dtype, False)
