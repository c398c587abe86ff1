"""autograd.functional: jacobian, hessian, vjp, jvp, hvp with PyTorch's signatures,
against finite differences (and, with create_graph, differentiated once more)."""

import numpy as np
import pytest

from tensor_autograd import Tensor, check_grads, numerical_grad
from tensor_autograd.autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp

rng = np.random.default_rng(0)
A = rng.standard_normal((3, 4))
X0, Y0 = rng.standard_normal(4), rng.standard_normal(3)


def f(x):  # R⁴ -> R³
    return (Tensor(A) @ x).tanh() * x[:3]


def scalar(x):  # R⁴ -> R
    return (f(x) ** 2).sum() + (x ** 3).sum()


def numerical_jacobian(func, x0):
    out = func(Tensor(x0)).data
    rows = []
    for k in range(out.size):
        (row,) = numerical_grad(lambda x: func(x).reshape(-1)[k], [x0.copy()])
        rows.append(row)
    return np.array(rows).reshape(out.shape + x0.shape)


def numerical_hessian(func, x0):
    def gradient(x):
        (g,) = vjp(func, x, create_graph=True)[1:]
        return g
    return numerical_jacobian(gradient, x0)


def test_jacobian_against_finite_differences():
    J = jacobian(f, Tensor(X0))
    assert isinstance(J, Tensor) and J.shape == (3, 4) and not J.requires_grad
    np.testing.assert_allclose(J.data, numerical_jacobian(f, X0), rtol=1e-6, atol=1e-8)


def test_vjp_and_jvp_are_the_jacobian_times_v():
    J = numerical_jacobian(f, X0)
    u, v = rng.standard_normal(3), rng.standard_normal(4)
    out, uJ = vjp(f, Tensor(X0), Tensor(u))
    np.testing.assert_allclose(out.data, f(Tensor(X0)).data)
    np.testing.assert_allclose(uJ.data, u @ J, rtol=1e-6, atol=1e-8)
    out, Jv = jvp(f, Tensor(X0), Tensor(v))
    np.testing.assert_allclose(Jv.data, J @ v, rtol=1e-6, atol=1e-8)
    assert not out.requires_grad and not Jv.requires_grad


def test_hessian_and_hvp_against_finite_differences():
    H = numerical_hessian(scalar, X0)
    np.testing.assert_allclose(H, H.T, atol=1e-6)
    np.testing.assert_allclose(hessian(scalar, Tensor(X0)).data, H, rtol=1e-5, atol=1e-7)
    v = rng.standard_normal(4)
    value, Hv = hvp(scalar, Tensor(X0), Tensor(v))
    assert value.shape == () and np.isclose(value.item(), scalar(Tensor(X0)).item())
    np.testing.assert_allclose(Hv.data, H @ v, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(vhp(scalar, Tensor(X0), Tensor(v))[1].data, v @ H,
                               rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("order", [1, 2])
def test_with_create_graph_the_results_are_differentiable(order):
    u, v = rng.standard_normal(3), rng.standard_normal(4)
    check_grads(lambda x: vjp(f, x, Tensor(u), create_graph=True)[1], X0, order=order)
    check_grads(lambda x: jvp(f, x, Tensor(v), create_graph=True)[1], X0, order=order)
    check_grads(lambda x: hvp(scalar, x, Tensor(v), create_graph=True)[1], X0,
                order=order)
    check_grads(lambda x: jacobian(f, x, create_graph=True), X0, order=order)
    check_grads(lambda x: hessian(scalar, x, create_graph=True), X0, order=order)


def test_tuples_in_and_out_follow_pytorchs_structure():
    def two(x, y):
        return x * y.sum(), (x ** 2).sum() * y
    x, y = Tensor(X0), Tensor(Y0)
    J = jacobian(two, (x, y))
    assert [[b.shape for b in row] for row in J] == [[(4, 4), (4, 3)], [(3, 4), (3, 3)]]
    np.testing.assert_allclose(J[0][0].data, np.eye(4) * Y0.sum())
    np.testing.assert_allclose(J[1][0].data, np.outer(Y0, 2 * X0))
    H = hessian(lambda x, y: (x ** 2).sum() * y.sum(), (x, y))
    np.testing.assert_allclose(H[0][1].data, np.outer(2 * X0, np.ones(3)))
    np.testing.assert_allclose(H[1][1].data, np.zeros((3, 3)))
    out, (gx, gy) = vjp(lambda x, y: (x.sum() * y).sum(), (x, y))
    np.testing.assert_allclose(gx.data, np.full(4, Y0.sum()))


def test_an_unused_input_gives_zeros_or_an_error_when_strict():
    def uses_x_only(x, y):
        return x * 2
    x, y = Tensor(X0), Tensor(Y0)
    J = jacobian(uses_x_only, (x, y))
    np.testing.assert_array_equal(J[1].data, np.zeros((4, 3)))
    with pytest.raises(RuntimeError, match="The output of the user-provided function is "
                       "independent of input 1. This is not allowed in strict mode."):
        jacobian(uses_x_only, (x, y), strict=True)


def test_errors_name_what_is_wrong():
    with pytest.raises(RuntimeError, match=r"The vector v can only be None if the "
                       r"user-provided function's output is a single element Tensor"):
        vjp(f, Tensor(X0))
    with pytest.raises(RuntimeError, match="Mismatch in shape"):
        jvp(f, Tensor(X0), Tensor(np.ones(3)))
    with pytest.raises(TypeError, match="must be either a Tensor or a tuple of Tensors"):
        jacobian(f, X0)
    with pytest.raises(RuntimeError, match="single Tensor with one element"):
        hessian(f, Tensor(X0))
