"""The gradient checker passes right gradients and catches wrong ones, at first and second order."""

import numpy as np
import pytest

from tensor_autograd import Tensor, check_grads, numerical_grad
from tensor_autograd.gradcheck import GradientCheckError
from tensor_autograd.tensor import data_of, make_node


def square_with_a_bug(x, factor=3.0):
    """x², with a backward that says factor·x (right only when factor is 2)."""
    return make_node(x.data**2, (x,), lambda g, out, x: (g * factor * x,))


def square_with_a_second_order_bug(x):
    """x², whose backward is right in value (2x) but builds a wrong graph: its derivative is 0."""
    return make_node(x.data**2, (x,), lambda g, out, x: (g * (2 * data_of(x)),))


def test_numerical_grad_of_a_known_function():
    a, b = np.array([1.0, 2.0]), np.array([[3.0]])
    ga, gb = numerical_grad(lambda x, y: (x * x * y).sum(), [a, b])
    np.testing.assert_allclose(ga, 2 * a * 3.0, rtol=1e-8)
    np.testing.assert_allclose(gb, [[(a * a).sum()]], rtol=1e-8)


def test_right_gradients_pass():
    check_grads(lambda x: square_with_a_bug(x, factor=2.0), np.array([1.0, -2.0]))
    check_grads(lambda x, y: (x @ y).tanh(), np.ones((2, 3)), np.ones((3, 2)) * 0.1, order=2)


def test_a_wrong_gradient_is_caught_element_by_element_and_along_random_directions():
    x = np.array([1.0, -2.0, 0.5])
    with pytest.raises(GradientCheckError) as info:
        check_grads(square_with_a_bug, x)
    # the output is weighted by a random u, so the gradients are u·3x against u·2x: a ratio of 1.5
    message = str(info.value)
    assert message.startswith("input 0: analytic gradient") and "at index (" in message
    analytic, numeric = (float(s) for s in message.split("gradient ")[1].split(" at")[0].split(" vs finite differences "))
    assert analytic / numeric == pytest.approx(1.5, rel=1e-4)
    with pytest.raises(GradientCheckError, match="random direction"):
        check_grads(square_with_a_bug, x, elementwise=False)


def test_a_wrong_second_derivative_is_caught_only_at_order_two():
    x = np.array([1.0, -2.0])
    check_grads(square_with_a_second_order_bug, x)  # the first derivative is right
    with pytest.raises(GradientCheckError):
        check_grads(square_with_a_second_order_bug, x, order=2)


def test_functions_of_several_inputs_and_non_scalar_outputs():
    rng = np.random.default_rng(0)
    check_grads(lambda a, b, c: a * b + c.exp(), rng.standard_normal((2, 3)), rng.standard_normal(3),
                rng.standard_normal(()), order=2)


def test_a_function_that_ignores_an_input_has_zero_gradient_for_it():
    check_grads(lambda a, b: a * 2, np.ones(2), np.ones(3), order=2)
