"""reshape, transpose, .T, concatenate and stack: values move, gradients move back."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tensor_autograd import Tensor, check_grads, concatenate, stack

SETTINGS = settings(max_examples=40)  # the "book" profile (tests/book_plugin.py) sets the rest


def test_reshape_accepts_ints_a_tuple_and_minus_one():
    x = Tensor(np.arange(6.0))
    assert x.reshape(2, 3).shape == (2, 3)
    assert x.reshape((3, 2)).shape == (3, 2)
    assert x.reshape(-1, 1).shape == (6, 1)
    assert x.reshape([1, 6]).shape == (1, 6)


@SETTINGS
@given(shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=3), seed=st.integers(0, 2**32 - 1))
def test_reshape_gradients(shape, seed):
    x = np.random.default_rng(seed).standard_normal(shape)
    check_grads(lambda t: t.reshape(-1) * np.arange(x.size), x)
    check_grads(lambda t: t.reshape(1, *shape, 1) ** 2, x, order=2, elementwise=False)


@SETTINGS
@given(data=st.data(), seed=st.integers(0, 2**32 - 1))
def test_transpose_gradients(data, seed):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=4, max_side=3))
    axes = tuple(data.draw(st.permutations(range(len(shape)))))
    x = np.random.default_rng(seed).standard_normal(shape)
    np.testing.assert_array_equal(Tensor(x).transpose(*axes).data, x.transpose(axes))
    np.testing.assert_array_equal(Tensor(x).transpose(axes).data, x.transpose(axes))
    weights = np.random.default_rng(seed).standard_normal(x.transpose(axes).shape)
    check_grads(lambda t: t.transpose(axes) * weights, x)
    check_grads(lambda t: t.T ** 2, x, order=2, elementwise=False)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concatenate_values_and_gradients(axis):
    rng = np.random.default_rng(0)
    shapes = {0: [(1, 3), (2, 3), (3, 3)], 1: [(2, 1), (2, 2), (2, 3)], -1: [(2, 1), (2, 2), (2, 3)]}[axis]
    arrays = [rng.standard_normal(s) for s in shapes]
    np.testing.assert_array_equal(concatenate([Tensor(a) for a in arrays], axis).data, np.concatenate(arrays, axis))
    check_grads(lambda *ts: concatenate(ts, axis) ** 2, *arrays, order=2)


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_stack_values_and_gradients(axis):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal((2, 3)) for _ in range(3)]
    np.testing.assert_array_equal(stack([Tensor(a) for a in arrays], axis).data, np.stack(arrays, axis))
    check_grads(lambda *ts: stack(ts, axis) ** 2, *arrays, order=2)


def test_concatenate_with_a_constant_gives_only_the_variable_a_gradient():
    x = Tensor([1.0, 2.0], requires_grad=True)
    concatenate([Tensor([0.0]), x, x]).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


def test_shape_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"cannot reshape a tensor of shape \(2, 3\) into \(4,\)"):
        Tensor(np.ones((2, 3))).reshape(4)
    with pytest.raises(ValueError, match=r"axes \(0, 0\) do not fit a tensor of shape \(2, 3\)"):
        Tensor(np.ones((2, 3))).transpose(0, 0)
    with pytest.raises(ValueError, match=r"cannot join shapes \(2, 3\), \(2, 4\) along axis 0"):
        concatenate([Tensor(np.ones((2, 3))), Tensor(np.ones((2, 4)))])
    with pytest.raises(ValueError, match=r"cannot stack shapes \(2,\), \(3,\)"):
        stack([Tensor(np.ones(2)), Tensor(np.ones(3))])
    with pytest.raises(ValueError, match="at least one tensor"):
        stack([])
    with pytest.raises(TypeError, match="item 1 is a ndarray"):
        concatenate([Tensor(np.ones(2)), np.ones(2)])


@st.composite
def joinable(draw, same_shape):
    base = list(draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=3)))
    axis = draw(st.integers(-len(base), len(base) - 1))
    shapes = []
    for _ in range(draw(st.integers(1, 3))):
        shape = list(base)
        if not same_shape:
            shape[axis] = draw(st.integers(1, 3))  # concatenate: sizes may differ along the axis
        shapes.append(tuple(shape))
    return shapes, axis


@SETTINGS
@given(case=joinable(same_shape=False), seed=st.integers(0, 2**32 - 1))
def test_concatenate_random_shapes(case, seed):
    shapes, axis = case
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(s) for s in shapes]
    np.testing.assert_array_equal(concatenate([Tensor(a) for a in arrays], axis).data, np.concatenate(arrays, axis))
    check_grads(lambda *ts: concatenate(ts, axis) ** 2, *arrays)


@SETTINGS
@given(case=joinable(same_shape=True), seed=st.integers(0, 2**32 - 1))
def test_stack_random_shapes(case, seed):
    shapes, axis = case
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(s) for s in shapes]
    np.testing.assert_array_equal(stack([Tensor(a) for a in arrays], axis).data, np.stack(arrays, axis))
    check_grads(lambda *ts: stack(ts, axis) ** 2, *arrays)
