"""Comparisons give boolean arrays (no gradient) while tensors keep hashing by identity;
maximum, minimum and clamp send the gradient to the value they picked."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tensor_autograd as ta
from tensor_autograd import Tensor, check_grads, grad


def test_operators_compare_elementwise_into_boolean_arrays():
    x = Tensor([0.2, 0.5, 0.9], requires_grad=True)
    for result, expected in [
        (x > 0.5, [False, False, True]), (x >= 0.5, [False, True, True]),
        (x < 0.5, [True, False, False]), (x <= 0.5, [True, True, False]),
        (x == 0.5, [False, True, False]), (x != 0.5, [True, False, True]),
        (0.5 < x, [False, False, True]),  # reflected: Python asks x.__gt__(0.5)
        (np.array([0.0, 1.0, 1.0]) < x, [True, False, False]),  # NumPy defers to us
        (x == Tensor([0.2, 0.0, 0.9]), [True, False, True]),
    ]:
        assert isinstance(result, np.ndarray) and result.dtype == bool
        np.testing.assert_array_equal(result, expected)


def test_comparison_with_anything_else_falls_back_to_identity():
    x = Tensor([1.0])
    assert (x == None) is False  # noqa: E711  (the point of the test)
    assert (x != "one") is True
    assert x is not None


def test_tensors_stay_hashable_by_identity():
    a, b = Tensor([1.0]), Tensor([1.0])
    assert len({a, b}) == 2
    assert {a: "a", b: "b"}[b] == "b"
    assert a in [a] and hash(a) != hash(b)


def test_accuracy_reads_as_in_pytorch():
    pred, labels = Tensor([0.1, 0.7, 0.6, 0.2]), np.array([0, 1, 0, 0])
    assert ((pred > 0.5) == labels).mean() == 0.75


def test_comparing_shapes_that_do_not_broadcast_names_them():
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        Tensor([1.0, 2.0]) < Tensor([1.0, 2.0, 3.0])


def test_maximum_and_minimum_split_ties_like_pytorch():
    a = Tensor([1.0, 2.0, 2.0], requires_grad=True)
    b = Tensor([2.0, 1.0, 2.0], requires_grad=True)
    ga, gb = grad(ta.maximum(a, b).sum(), [a, b])
    np.testing.assert_array_equal(ga.data, [0.0, 1.0, 0.5])  # PyTorch's, computed once
    np.testing.assert_array_equal(gb.data, [1.0, 0.0, 0.5])
    ga, gb = grad(ta.minimum(a, b).sum(), [a, b])
    np.testing.assert_array_equal(ga.data, [1.0, 0.0, 0.5])


def test_clamp_passes_the_gradient_between_its_bounds_inclusive():
    c = Tensor([-1.0, 0.0, 0.5, 1.0, 2.0], requires_grad=True)
    (g,) = grad(c.clamp(0, 1).sum(), c)
    np.testing.assert_array_equal(g.data, [0.0, 1.0, 1.0, 1.0, 0.0])  # as PyTorch
    np.testing.assert_array_equal(c.clamp(min=0.5).data, [0.5, 0.5, 0.5, 1.0, 2.0])
    np.testing.assert_array_equal(ta.clamp(c, max=0.0).data, [-1.0, 0.0, 0.0, 0.0, 0.0])
    assert Tensor([1.0], dtype=np.float32).clamp(0, np.array([0.5])).dtype == np.float32


def test_clamp_needs_a_bound():
    with pytest.raises(ValueError, match="at least one of min and max"):
        Tensor([1.0]).clamp()


separated = hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=3),
                       elements=st.integers(-20, 20).map(lambda k: k / 4 + 0.1))


@settings(max_examples=15)
@given(a=separated, seed=st.integers(0, 2**16))
def test_maximum_minimum_clamp_gradients_first_and_second_order(a, seed):
    b = a + np.random.default_rng(seed).choice([-0.3, 0.3], a.shape)  # never a tie
    for f in (lambda x, y: ta.maximum(x, y) * x, lambda x, y: ta.minimum(x, y) ** 2,
              lambda x, y: x.clamp(-1.0, 1.0) * y, lambda x, y: ta.clamp(x, y, y + 1) * x):
        check_grads(f, a, b, order=2)
