"""Indexing: basic slices, integer arrays with repeated indices (np.add.at), boolean masks."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tensor_autograd import Tensor, check_grads

SETTINGS = settings(max_examples=40)  # the "book" profile (tests/book_plugin.py) sets the rest

INDICES = {
    "integer": 1,
    "negative integer": -1,
    "slice": slice(1, None),
    "step slice": slice(None, None, -2),
    "tuple of slices": (slice(None), slice(0, 2)),
    "ellipsis and new axis": (Ellipsis, None, 1),
    "integer array with repeats": np.array([0, 2, 0, 0]),
    "list with repeats": [1, 1],
    "two integer arrays (pairs)": (np.array([0, 2, 2]), np.array([1, 0, 0])),
    "integer array and slice": (np.array([2, 2]), slice(1, 3)),
    "boolean mask of rows": np.array([True, False, True]),
    "boolean mask of elements": np.arange(12).reshape(3, 4) % 3 == 0,
}


@pytest.mark.parametrize("name", INDICES)
def test_index_values_and_gradients(name):
    index = INDICES[name]
    x = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_array_equal(Tensor(x)[index].data, x[index])
    check_grads(lambda t: t[index] ** 2, x, order=2)


def test_repeated_indices_add_their_gradients():
    x = Tensor([10.0, 20.0, 30.0], requires_grad=True)
    x[np.array([2, 0, 2, 2])].sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 0.0, 3.0])


@SETTINGS
@given(data=st.data(), seed=st.integers(0, 2**32 - 1))
def test_random_basic_indices(data, seed):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4))
    index = data.draw(hnp.basic_indices(shape, allow_newaxis=True))
    x = np.random.default_rng(seed).standard_normal(shape)
    if x[index].size:
        check_grads(lambda t: t[index] ** 2, x)


@SETTINGS
@given(data=st.data(), seed=st.integers(0, 2**32 - 1))
def test_random_integer_array_indices_with_repeats(data, seed):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4))
    index = data.draw(hnp.integer_array_indices(shape, result_shape=hnp.array_shapes(max_dims=2, max_side=5)))
    x = np.random.default_rng(seed).standard_normal(shape)
    check_grads(lambda t: t[index] * np.arange(x[index].size).reshape(x[index].shape), x)


@SETTINGS
@given(data=st.data(), seed=st.integers(0, 2**32 - 1))
def test_random_boolean_masks(data, seed):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4))
    mask = data.draw(hnp.arrays(bool, shape))
    x = np.random.default_rng(seed).standard_normal(shape)
    if mask.any():
        check_grads(lambda t: t[mask] ** 2, x)
        np.testing.assert_array_equal(Tensor(x)[mask].data, x[mask])


def test_a_tensor_as_index_is_refused_with_a_hint():
    with pytest.raises(TypeError, match="not a Tensor"):
        Tensor([1.0, 2.0])[Tensor([0.0])]


def test_out_of_range_index_is_numpys_index_error():
    with pytest.raises(IndexError):
        Tensor([1.0, 2.0])[5]


@pytest.mark.parametrize(
    "index, expected",
    [
        (((0, 0), (1, 1)), [[0.0, 2.0, 0.0], [0.0, 0.0, 0.0]]),  # one entry, twice, by tuples
        ((((0, 0),)), [[2.0, 2.0, 2.0], [0.0, 0.0, 0.0]]),  # a row, twice, by a tuple in a tuple
        (([1, 1], slice(None)), [[0.0, 0.0, 0.0], [2.0, 2.0, 2.0]]),
        ((np.int64(1), [[0, 0]]), [[0.0, 0.0, 0.0], [2.0, 0.0, 0.0]]),
    ],
    ids=["tuples", "nested tuple", "list and slice", "numpy int and nested list"],
)
def test_nested_tuples_and_lists_are_integer_arrays_whose_repeats_add_up(index, expected):
    x = Tensor(np.zeros((2, 3)), requires_grad=True)
    y = x[index]
    np.testing.assert_array_equal(y.data, x.data[index])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, expected)


def test_changing_the_index_after_the_forward_pass_does_not_change_the_backward():
    x = Tensor([10.0, 11.0, 12.0], requires_grad=True)
    rows, array = [0, 0], np.array([2, 2])
    y = x[rows] + x[array]
    rows[1] = 1  # the caller reuses their list and array
    array[:] = 0
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 0.0, 2.0])


def test_an_empty_list_index_picks_nothing_like_numpy():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    y = x[[]]
    assert y.shape == x.data[[]].shape == (0, 3)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, np.zeros((2, 3)))
