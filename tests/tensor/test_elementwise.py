"""Every elementwise op against finite differences (float64), over every broadcasting pattern.

Each check runs at first order element by element, and at second order along random directions
(which exercises each backward rule under create_graph=True).
"""

import operator
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tensor_autograd import Tensor, check_grads, grad, where

SETTINGS = settings(max_examples=40)  # the "book" profile (tests/book_plugin.py) sets the rest

# name -> (left shape, right shape): every way NumPy can broadcast two operands.
PATTERNS = {
    "same shape": ((2, 3), (2, 3)),
    "scalar on the right": ((2, 3), ()),
    "scalar on the left": ((), (2, 3)),
    "trailing axes": ((2, 3), (3,)),
    "size-1 axis": ((2, 3), (2, 1)),
    "size-1 axes on both sides": ((2, 1, 3), (1, 4, 1)),
    "extra leading axes": ((4, 2, 3), (2, 3)),
    "extra leading axes on the right": ((3,), (2, 2, 3)),
}


def anything(rng, shape):
    return rng.standard_normal(shape)


def away_from_zero(rng, shape):
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)


def positive(rng, shape):
    return rng.uniform(0.5, 2.0, size=shape)


# name -> (function of two tensors, how to draw the left values, the right values)
BINARY = {
    "add": (operator.add, anything, anything),
    "sub": (operator.sub, anything, anything),
    "mul": (operator.mul, anything, anything),
    "div": (operator.truediv, anything, away_from_zero),
    "pow": (operator.pow, positive, anything),  # a tensor exponent, so both gradients count
}

UNARY = {
    "neg": (operator.neg, anything),
    "exp": (lambda x: x.exp(), anything),
    "log": (lambda x: x.log(), positive),
    "tanh": (lambda x: x.tanh(), anything),
    "sigmoid": (lambda x: x.sigmoid(), anything),
    "relu": (lambda x: x.relu(), away_from_zero),  # not differentiable at 0
    "square": (lambda x: x**2, anything),
    "cube root of a positive": (lambda x: x ** (1 / 3), positive),
    "reciprocal": (lambda x: 1 / x, away_from_zero),
}


def check_first_and_second_order(f, *arrays):
    check_grads(f, *arrays)  # element by element
    check_grads(f, *arrays, order=2, elementwise=False, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("name", BINARY)
def test_binary_op_gradients_for_each_broadcasting_pattern(name, pattern):
    f, draw_a, draw_b = BINARY[name]
    shape_a, shape_b = PATTERNS[pattern]
    rng = np.random.default_rng(0)
    check_first_and_second_order(f, draw_a(rng, shape_a), draw_b(rng, shape_b))


@SETTINGS
@given(
    name=st.sampled_from(sorted(BINARY)),
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
    seed=st.integers(0, 2**32 - 1),
)
def test_binary_op_gradients_for_random_broadcastable_shapes(name, shapes, seed):
    f, draw_a, draw_b = BINARY[name]
    shape_a, shape_b = shapes.input_shapes
    rng = np.random.default_rng(seed)
    check_first_and_second_order(f, draw_a(rng, shape_a), draw_b(rng, shape_b))


@SETTINGS
@given(
    name=st.sampled_from(sorted(UNARY)),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3),
    seed=st.integers(0, 2**32 - 1),
)
def test_unary_op_gradients(name, shape, seed):
    f, draw = UNARY[name]
    check_first_and_second_order(f, draw(np.random.default_rng(seed), shape))


@pytest.mark.parametrize("pattern", PATTERNS)
def test_where_gradients(pattern):
    shape_a, shape_b = PATTERNS[pattern]
    rng = np.random.default_rng(1)
    condition = rng.random(np.broadcast_shapes(shape_a, shape_b)) > 0.5
    check_first_and_second_order(
        lambda a, b: where(condition, a, b) * (a + b), anything(rng, shape_a), anything(rng, shape_b)
    )


def unwrap(value):
    return value.data if isinstance(value, Tensor) else value


@pytest.mark.parametrize("op", [operator.add, operator.sub, operator.mul, operator.truediv, operator.pow])
@pytest.mark.parametrize(
    "plain", [2, 0.5, np.float64(1.5), np.array(3.0), np.array([[0.5], [2.0]])], ids=repr
)
def test_numbers_and_arrays_work_on_either_side(op, plain):
    x = Tensor([[1.5, 2.0, 0.5]], requires_grad=True)
    for left, right in ((x, plain), (plain, x)):
        out = op(left, right)
        assert isinstance(out, Tensor) and out.requires_grad
        np.testing.assert_allclose(out.data, op(unwrap(left), unwrap(right)))
        check_grads(lambda t: op(t, right) if left is x else op(left, t), x.data)


def test_pow_gradient_for_the_exponent_is_zero_where_the_base_is_not_positive():
    base = Tensor([0.0, -2.0, 3.0])
    exponent = Tensor([2.0, 2.0, 2.0], requires_grad=True)
    (base**exponent).sum().backward()
    np.testing.assert_allclose(exponent.grad, [0.0, 0.0, 9 * np.log(3.0)])


def test_pow_to_the_zeroth_power_has_gradient_zero_even_at_zero():
    # a⁰ = 1 is flat: b·aᵇ⁻¹ must not become 0·0⁻¹ = nan at a = 0 (PyTorch and Part I give 0).
    for exponent in (0, Tensor([0.0, 0.0], requires_grad=True), np.array([[0.0], [2.0]])):
        x = Tensor([0.0, 1.0], requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no "divide by zero" RuntimeWarning either
            (x**exponent).sum().backward()
        expected = [0.0, 0.0] if np.ndim(exponent) < 2 else [0.0, 2.0]  # the (2, 1) one adds x²'s 2x
        np.testing.assert_array_equal(x.grad, expected)
    x = Tensor([0.0, 3.0], requires_grad=True)
    (dy,) = grad((x**0).sum(), x, create_graph=True)  # the zero gradient is differentiable too
    (d2y,) = grad(dy.sum(), x, allow_unused=True)
    np.testing.assert_array_equal(dy.data, [0.0, 0.0])
    np.testing.assert_array_equal(d2y.data, [0.0, 0.0])


def test_relu_gradient_at_zero_is_zero():
    x = Tensor([-1.0, 0.0, 1.0], requires_grad=True)
    x.relu().sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 1.0])


def test_sigmoid_is_finite_and_exact_at_the_extremes():
    x = Tensor([-1000.0, -30.0, 0.0, 30.0, 1000.0], requires_grad=True)
    s = x.sigmoid()
    assert np.all(np.isfinite(s.data))
    np.testing.assert_allclose(s.data, [0.0, 1 / (1 + np.exp(30.0)), 0.5, 1 / (1 + np.exp(-30.0)), 1.0])
    s.sum().backward()
    assert np.all(np.isfinite(x.grad))
