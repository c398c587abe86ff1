"""Broadcasting's backward ("unbroadcast"): gradients come back in each input's own shape."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tensor_autograd import Tensor, check_grads
from tensor_autograd.broadcast import broadcast_to, sum_to

SETTINGS = settings(max_examples=40)  # the "book" profile (tests/book_plugin.py) sets the rest


@SETTINGS
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=3))
def test_each_input_gets_a_gradient_of_its_own_shape(shapes):
    shape_a, shape_b = shapes.input_shapes
    a = Tensor(np.ones(shape_a), requires_grad=True)
    b = Tensor(np.ones(shape_b), requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.shape == shape_a and b.grad.shape == shape_b
    # d(sum(a*b))/da[i] = sum of the b's that a[i] met: how many copies of a[i] broadcasting made
    np.testing.assert_allclose(a.grad, np.full(shape_a, np.prod(shapes.result_shape) / max(a.data.size, 1)))


@SETTINGS
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
       seed=st.integers(0, 2**32 - 1))
def test_sum_to_is_the_sum_over_broadcast_copies(shapes, seed):
    small, _ = shapes.input_shapes
    big = shapes.result_shape
    g = np.random.default_rng(seed).standard_normal(big)
    expected = np.zeros(small)
    for index in np.ndindex(*big):  # each element of g lands on the element of `small` it came from
        source = tuple(i if n > 1 else 0 for i, n in zip(index[len(big) - len(small):], small))
        expected[source] += g[index]
    np.testing.assert_allclose(sum_to(Tensor(g), small).data, expected)


@SETTINGS
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
       seed=st.integers(0, 2**32 - 1))
def test_broadcast_to_and_sum_to_gradients(shapes, seed):
    small, _ = shapes.input_shapes
    big = shapes.result_shape
    rng = np.random.default_rng(seed)
    check_grads(lambda x: broadcast_to(x, big), rng.standard_normal(small), order=2)
    check_grads(lambda x: sum_to(x, small), rng.standard_normal(big), order=2)


def test_the_bug_unbroadcast_prevents():
    # Without summing back, the bias of a batch of 4 rows would get a (4, 3) "gradient".
    x = Tensor(np.ones((4, 3)))
    bias = Tensor(np.zeros(3), requires_grad=True)
    (x + bias).sum().backward()
    np.testing.assert_array_equal(bias.grad, [4.0, 4.0, 4.0])


@pytest.mark.parametrize("op", ["+", "-", "*", "/", "**"])
def test_shapes_that_do_not_broadcast_are_named(op):
    a, b = Tensor(np.ones((2, 3))), Tensor(np.ones((4,)))
    with pytest.raises(ValueError, match=r"shapes \(2, 3\) and \(4,\) do not broadcast"):
        eval(f"a {op} b")
