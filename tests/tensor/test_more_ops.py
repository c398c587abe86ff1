"""The elementwise ops and reductions a PyTorch user reaches for: values against NumPy,
gradients against finite differences at first and second order, PyTorch's keywords."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tensor_autograd as ta
from tensor_autograd import Tensor, check_grads, grad

SETTINGS = settings(max_examples=15)


@st.composite
def shape_and_dim(draw, min_dims=0):
    """A shape, one of its axes (or None) and keepdim."""
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=3, min_side=1, max_side=3))
    dim = draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1))
               if shape else st.none())
    return shape, dim, draw(st.booleans())


def values(seed, shape, low=0.5, high=2.0):
    """Positive values with random signs kept away from 0 (|x| in [low, high])."""
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, shape) * rng.choice([-1.0, 1.0], shape)


@pytest.mark.parametrize("name, reference, positive", [
    ("abs", np.abs, False), ("sqrt", np.sqrt, True), ("log1p", np.log1p, True),
    ("clone", np.copy, False),
])
def test_elementwise_values_and_gradients(name, reference, positive):
    x = np.abs(values(0, (2, 3))) if positive else values(0, (2, 3))
    np.testing.assert_allclose(getattr(Tensor(x), name)().data, reference(x))
    np.testing.assert_allclose(getattr(ta, name)(Tensor(x)).data, reference(x))
    check_grads(lambda t: getattr(t, name)() * t, x, order=2)


def test_abs_gradient_at_zero_is_zero_and_builtin_abs_works():
    x = Tensor([-2.0, 0.0, 3.0], requires_grad=True)
    (g,) = grad(abs(x).sum(), x)
    np.testing.assert_array_equal(g.data, [-1.0, 0.0, 1.0])  # PyTorch's, computed once


def test_clone_is_a_copy_that_stays_in_the_graph():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x.clone()
    assert y.data is not x.data and y.requires_grad
    y.data[0] = 5.0
    assert x.data[0] == 1.0


@SETTINGS
@given(case=shape_and_dim(), op=st.sampled_from(["prod", "var", "std", "logsumexp", "norm",
                                                  "min"]), seed=st.integers(0, 2**16))
def test_reductions_match_numpy_and_finite_differences(case, op, seed):
    shape, dim, keepdim = case
    x = values(seed, shape)
    axis = dim
    n = x.size if dim is None else shape[dim]
    expected = {
        "prod": lambda: x.prod(axis=axis, keepdims=keepdim),
        "var": lambda: x.var(axis=axis, ddof=1, keepdims=keepdim) if n > 1 else None,
        "std": lambda: x.std(axis=axis, ddof=1, keepdims=keepdim) if n > 1 else None,
        "logsumexp": lambda: np.log(np.exp(x).sum(axis=axis, keepdims=keepdim)),
        "norm": lambda: np.sqrt((x * x).sum(axis=axis, keepdims=keepdim)),
        "min": lambda: x.min(axis=axis, keepdims=keepdim),
    }[op]()
    if expected is None:
        with pytest.raises(ValueError, match="degrees of freedom"):
            getattr(Tensor(x), op)(dim, keepdim=keepdim)
        return
    if op == "min":
        def f(t):
            return t.min(axis=dim, keepdims=keepdim)
        x = x + np.arange(x.size).reshape(shape) * 3  # distinct values: no ties to straddle
        expected = x.min(axis=axis, keepdims=keepdim)
    else:
        def f(t):
            return getattr(t, op)(dim=dim, keepdim=keepdim)
    np.testing.assert_allclose(f(Tensor(x)).data, expected, rtol=1e-12)
    check_grads(lambda t: f(t) ** 2, x, order=2, elementwise=x.size <= 9, rtol=1e-4,
                atol=1e-5)


def test_prod_gradient_with_zeros_is_the_product_of_the_others():
    x = Tensor([[2.0, 0.0, 5.0], [0.0, 0.0, 3.0]], requires_grad=True)
    (g,) = grad(x.prod(dim=1).sum(), x)
    np.testing.assert_array_equal(g.data, [[0.0, 10.0, 0.0], [0.0, 0.0, 0.0]])
    check_grads(lambda t: t.prod(1), x.data, order=2)


def test_var_and_std_follow_pytorch():
    x = Tensor([[1.0, 2.0, 4.0], [3.0, 3.0, 9.0]])
    np.testing.assert_allclose(x.var(dim=1).data, [2.333333333333333, 12.0])  # PyTorch's
    assert ta.std(Tensor([1.0, 2.0, 4.0]), correction=0).item() == pytest.approx(
        1.247219128924647)
    np.testing.assert_array_equal(x.var(1, False).data, x.var(1, correction=0).data)
    assert x.std(unbiased=True).item() == x.std().item()
    np.testing.assert_allclose(x.var((0, 1)).data, x.data.var(ddof=1))
    check_grads(lambda t: t.var((0, 1), keepdim=True) * t, x.data, order=2)
    with pytest.raises(TypeError, match="not both"):
        x.var(unbiased=True, correction=1)


def test_norm_orders_and_the_zero_vector():
    x = np.array([[3.0, -4.0], [1.0, 0.5]])
    assert ta.norm(Tensor(x)).item() == pytest.approx(np.linalg.norm(x))
    for p, expected in [(1, np.abs(x).sum(1)), (np.inf, np.abs(x).max(1)),
                        (3, (np.abs(x) ** 3).sum(1) ** (1 / 3))]:
        np.testing.assert_allclose(Tensor(x).norm(p, dim=1).data, expected)
        check_grads(lambda t, p=p: t.norm(p, dim=1), x, order=2)
    z = Tensor(np.zeros(3), requires_grad=True)
    (g,) = grad(z.norm(), z)
    np.testing.assert_array_equal(g.data, [0.0, 0.0, 0.0])  # as PyTorch, not nan
    with pytest.raises(ValueError, match="p must be"):
        Tensor(x).norm(-1)


def test_logsumexp_is_stable_and_handles_minus_infinity():
    assert ta.logsumexp(Tensor([1000.0, 1000.0]), 0).item() == pytest.approx(1000 + np.log(2))
    x = Tensor([[-np.inf, -np.inf], [0.0, -np.inf]])
    np.testing.assert_array_equal(x.logsumexp(1).data, [-np.inf, 0.0])


@SETTINGS
@given(case=shape_and_dim(min_dims=1), seed=st.integers(0, 2**16))
def test_cumsum_matches_numpy_and_finite_differences(case, seed):
    shape, dim, _ = case
    dim = 0 if dim is None else dim
    x = values(seed, shape)
    np.testing.assert_allclose(ta.cumsum(Tensor(x), dim).data, np.cumsum(x, axis=dim))
    check_grads(lambda t: t.cumsum(dim) ** 2, x, order=2)


def test_cumsum_needs_a_valid_dim():
    with pytest.raises(ValueError, match="out of range"):
        Tensor([1.0]).cumsum(1)
    with pytest.raises(TypeError, match="dim must be an int"):
        Tensor([1.0]).cumsum(None)


def test_argmax_argmin_return_integer_arrays():
    x = Tensor([[1.0, 5.0, 5.0], [7.0, 2.0, -1.0]], requires_grad=True)
    np.testing.assert_array_equal(x.argmax(dim=1), [1, 0])  # the first of a tie, as PyTorch
    np.testing.assert_array_equal(ta.argmin(x, 1), [0, 2])
    assert x.argmax() == 3 and x.argmax().dtype == np.int64
    assert x.argmax(keepdim=True).shape == (1, 1)  # PyTorch's shape, computed once
    assert x.argmax(dim=0, keepdim=True).shape == (1, 3)


def test_dim_and_keepdim_are_aliases_of_axis_and_keepdims():
    x = Tensor(np.arange(6.0).reshape(2, 3))
    for name in ("sum", "mean"):
        np.testing.assert_array_equal(getattr(x, name)(dim=1, keepdim=True).data,
                                      getattr(x, name)(axis=1, keepdims=True).data)
        np.testing.assert_array_equal(getattr(ta, name)(x, 1).data, getattr(x, name)(1).data)
    np.testing.assert_array_equal(ta.sum(x, dim=(0, 1)).data, 15.0)
    with pytest.raises(TypeError, match="axis= or dim="):
        x.sum(axis=0, dim=0)
    with pytest.raises(TypeError, match="keepdims= or keepdim="):
        x.mean(keepdims=True, keepdim=True)


def test_max_and_min_with_dim_return_values_and_indices_as_pytorch():
    x = Tensor([[1.0, 5.0], [7.0, 2.0]], requires_grad=True)
    values, indices = x.max(dim=1)
    np.testing.assert_array_equal(values.data, [5.0, 7.0])
    np.testing.assert_array_equal(indices, [1, 0])
    result = ta.min(x, dim=0, keepdim=True)
    np.testing.assert_array_equal(result.values.data, [[1.0, 2.0]])
    np.testing.assert_array_equal(result.indices, [[0, 1]])
    values.sum().backward()
    np.testing.assert_array_equal(x.grad, [[0.0, 1.0], [1.0, 0.0]])
    # By position too, as in PyTorch; NumPy's keywords give the values alone; a Tensor
    # argument is the elementwise maximum.
    np.testing.assert_array_equal(x.max(1).indices, [1, 0])
    np.testing.assert_array_equal(x.max(axis=1).data, [5.0, 7.0])
    np.testing.assert_array_equal(ta.max(x, Tensor([[2.0, 2.0]])).data, [[2.0, 5.0], [7.0, 2.0]])
    assert ta.max(x).item() == 7.0


def test_float_and_double_convert_as_in_pytorch():
    x = Tensor([1.0], requires_grad=True)
    assert x.float().dtype == np.float32 and x.float().double().dtype == np.float64
    x.float().sum().backward()
    assert x.grad.dtype == np.float64


def test_numel_size_and_dim():
    x = Tensor(np.zeros((2, 3)))
    assert x.numel() == ta.numel(x) == 6
    assert x.size() == (2, 3) and x.size(1) == 3 and x.size(-2) == 2 and x.dim() == 2


@pytest.mark.parametrize("f", [
    lambda t: t.abs(), lambda t: (t * t).sqrt(), lambda t: (t * t).log1p(),
    lambda t: t.clamp(-1.0, 1.0), lambda t: ta.maximum(t, 0.5), lambda t: t.prod(1),
    lambda t: t.var(0), lambda t: t.std(), lambda t: t.norm(dim=1),
    lambda t: t.logsumexp(1), lambda t: t.cumsum(1), lambda t: t.repeat(2, 1),
    lambda t: ta.einsum("ij,kj->ik", t, t), lambda t: t.gather(1, np.array([[0], [1]])),
    lambda t: t.flip(0), lambda t: ta.functional.pad(t, (1, 1)),
])
def test_float32_stays_float32_forward_and_backward(f):
    x = Tensor(values(1, (2, 3)), dtype=np.float32, requires_grad=True)
    out = f(x)
    assert out.dtype == np.float32
    (g,) = grad(out.sum(), x)
    assert g.dtype == np.float32
