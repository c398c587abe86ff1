"""sum, mean and max over all axes or some, with keepdims; and max's rule for ties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tensor_autograd import Tensor, check_grads

SETTINGS = settings(max_examples=40)  # the "book" profile (tests/book_plugin.py) sets the rest


@st.composite
def shape_and_axis(draw):
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3))
    axis = draw(st.one_of(st.none(), hnp.valid_tuple_axes(len(shape)),
                          st.integers(-len(shape), len(shape) - 1) if shape else st.none()))
    return shape, axis, draw(st.booleans())


def distinct_values(rng, shape):
    """Well separated values, so finite differences never straddle a tie in max."""
    n = int(np.prod(shape))
    return (rng.permutation(n) + rng.uniform(0.1, 0.4, n)).reshape(shape) / 2


@SETTINGS
@given(case=shape_and_axis(), reduction=st.sampled_from(["sum", "mean", "max"]), seed=st.integers(0, 2**32 - 1))
def test_reduction_values_and_gradients(case, reduction, seed):
    shape, axis, keepdims = case
    x = distinct_values(np.random.default_rng(seed), shape)
    if reduction == "max" and axis == ():
        return  # NumPy's max over no axes is the identity; nothing to check beyond sum's case
    out = getattr(Tensor(x), reduction)(axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(out.data, getattr(np, reduction)(x, axis=axis, keepdims=keepdims))
    check_grads(lambda t: getattr(t, reduction)(axis=axis, keepdims=keepdims) ** 2, x)
    check_grads(lambda t: getattr(t, reduction)(axis=axis, keepdims=keepdims) ** 2, x,
                order=2, elementwise=False, rtol=1e-4, atol=1e-5)


def test_max_ties_split_the_gradient_evenly():
    x = Tensor([[1.0, 5.0, 5.0], [7.0, 7.0, 7.0], [0.0, 2.0, -1.0]], requires_grad=True)
    x.max(axis=1).backward(np.array([1.0, 3.0, 2.0]))
    np.testing.assert_allclose(x.grad, [[0.0, 0.5, 0.5], [1.0, 1.0, 1.0], [0.0, 2.0, 0.0]])


def test_max_ties_over_all_axes():
    x = Tensor([[2.0, 1.0], [2.0, 2.0]], requires_grad=True)
    x.max().backward()
    np.testing.assert_allclose(x.grad, [[1 / 3, 0.0], [1 / 3, 1 / 3]])


def test_axis_forms_and_keepdims_shapes():
    x = Tensor(np.ones((2, 3, 4)))
    assert x.sum().shape == ()
    assert x.sum(axis=1).shape == (2, 4)
    assert x.sum(axis=-1, keepdims=True).shape == (2, 3, 1)
    assert x.mean(axis=(0, 2)).shape == (3,)
    assert x.max(axis=(0, -1), keepdims=True).shape == (1, 3, 1)


def test_mean_of_an_empty_axis_is_an_error():
    with pytest.raises(ValueError, match="empty axis"):
        Tensor(np.ones((0, 3))).mean(axis=0)


def test_float32_reductions_stay_float32():
    x = Tensor(np.ones((2, 3), dtype=np.float32), requires_grad=True)
    for out in (x.sum(), x.mean(axis=0), x.max(axis=1, keepdims=True)):
        assert out.dtype == np.float32
        x.grad = None
        out.sum().backward()
        assert x.grad.dtype == np.float32
