"""Matrix multiplication: 1-D, 2-D and batched like np.matmul, and the fused `linear`."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tensor_autograd import Tensor, check_grads
from tensor_autograd.linalg import linear

SETTINGS = settings(max_examples=40)  # the "book" profile (tests/book_plugin.py) sets the rest

CASES = {
    "vector @ vector": ((3,), (3,)),
    "matrix @ vector": ((2, 3), (3,)),
    "vector @ matrix": ((3,), (3, 4)),
    "matrix @ matrix": ((2, 3), (3, 4)),
    "batch @ matrix": ((5, 2, 3), (3, 4)),
    "matrix @ batch": ((2, 3), (5, 3, 4)),
    "batch @ batch": ((5, 2, 3), (5, 3, 4)),
    "broadcast batches": ((2, 1, 2, 3), (5, 3, 4)),
    "batch @ vector": ((5, 2, 3), (3,)),
    "vector @ batch": ((3,), (5, 3, 4)),
}


@pytest.mark.parametrize("case", CASES)
def test_matmul_values_and_gradients(case):
    shape_a, shape_b = CASES[case]
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(shape_a), rng.standard_normal(shape_b)
    np.testing.assert_allclose((Tensor(a) @ Tensor(b)).data, a @ b)
    check_grads(lambda x, y: x @ y, a, b)
    check_grads(lambda x, y: (x @ y) ** 2, a, b, order=2, elementwise=False)


@st.composite
def matmul_shapes(draw):
    n, k, m = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    batch = tuple(draw(st.lists(st.integers(1, 3), max_size=2)))
    left = draw(st.sampled_from([(k,), (n, k), batch + (n, k)]))
    right_batch = tuple(1 if draw(st.booleans()) else s for s in batch)  # size-1 batch axes broadcast
    right = draw(st.sampled_from([(k,), (k, m), right_batch + (k, m)]))
    return left, right


@SETTINGS
@given(shapes=matmul_shapes(), seed=st.integers(0, 2**32 - 1))
def test_matmul_gradients_for_random_shapes(shapes, seed):
    rng = np.random.default_rng(seed)
    a, b = (rng.standard_normal(s) for s in shapes)
    check_grads(lambda x, y: x @ y, a, b)


def test_matmul_with_plain_arrays_on_either_side():
    w = Tensor(np.eye(2), requires_grad=True)
    x = np.array([[1.0, 2.0]])
    assert isinstance(x @ w, Tensor) and isinstance(w @ x.T, Tensor)
    (x @ w @ x.T).sum().backward()
    np.testing.assert_allclose(w.grad, x.T @ x)


@pytest.mark.parametrize(
    "shape_a, shape_b, why",
    [
        ((2, 3), (4, 5), "inner sizes differ: 3"),
        ((3,), (4,), "inner sizes differ"),
        ((2, 2, 3), (3, 3, 4), "batch axes"),
        ((), (3,), "at least 1-D"),
    ],
)
def test_shapes_that_do_not_multiply_are_named(shape_a, shape_b, why):
    with pytest.raises(ValueError, match=rf"cannot multiply shapes {shape_a} and {shape_b}".replace("(", r"\(").replace(")", r"\)")) as info:
        Tensor(np.ones(shape_a)) @ Tensor(np.ones(shape_b))
    assert why in str(info.value)


@pytest.mark.parametrize("x_shape", [(4,), (2, 4), (3, 2, 4)])
def test_linear_matches_matmul_plus_bias(x_shape):
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal(x_shape), rng.standard_normal((5, 4)), rng.standard_normal(5)
    np.testing.assert_allclose(linear(Tensor(x), Tensor(w), Tensor(b)).data, x @ w.T + b)
    check_grads(lambda x, w, b: linear(x, w, b), x, w, b)
    check_grads(lambda x, w: linear(x, w), x, w)
    check_grads(lambda x, w, b: linear(x, w, b) ** 2, x, w, b, order=2, elementwise=False)


def test_linear_weight_gradient_is_contiguous_like_the_weight():
    # The optimizer then updates weights in place at full speed (no strided, transposed gradient).
    w = Tensor(np.ones((5, 4), dtype=np.float32), requires_grad=True)
    linear(Tensor(np.ones((3, 4), dtype=np.float32)), w).sum().backward()
    assert w.grad.flags.c_contiguous and w.grad.dtype == np.float32


def test_linear_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"input of shape \(2, 3\) does not fit a weight of shape \(5, 4\)"):
        linear(Tensor(np.ones((2, 3))), Tensor(np.ones((5, 4))))
    with pytest.raises(ValueError, match=r"bias of shape \(4,\)"):
        linear(Tensor(np.ones((2, 4))), Tensor(np.ones((5, 4))), Tensor(np.ones(4)))
