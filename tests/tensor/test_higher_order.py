"""grad(): gradients as tensors, and with create_graph=True gradients of gradients."""

import numpy as np
import pytest

from tensor_autograd import Tensor, functional as F, grad


def test_second_derivative_of_x_cubed():
    x = Tensor(2.0, requires_grad=True)
    (dy,) = grad(x**3, x, create_graph=True)
    assert dy.requires_grad and dy.item() == pytest.approx(12.0)  # 3x²
    (d2y,) = grad(dy, x, create_graph=True)
    assert d2y.item() == pytest.approx(12.0)  # 6x
    (d3y,) = grad(d2y, x)
    assert d3y.item() == pytest.approx(6.0)


def test_grad_returns_tensors_and_leaves_dot_grad_alone():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (g,) = grad((x * x).sum(), [x])
    assert isinstance(g, Tensor) and not g.requires_grad
    np.testing.assert_allclose(g.data, [2.0, 4.0])
    assert x.grad is None


def test_hessian_vector_product_matches_the_analytic_hessian():
    # f(x) = sum(tanh(A x)) + (x·x)²; H = Aᵀ diag(-2 tanh(Ax)(1 - tanh²(Ax))) A + 4(x·x) I + 8 x xᵀ
    rng = np.random.default_rng(0)
    A = rng.standard_normal((4, 3))
    x0, v = rng.standard_normal(3), rng.standard_normal(3)
    x = Tensor(x0, requires_grad=True)
    f = (Tensor(A) @ x).tanh().sum() + (x @ x) ** 2
    (g,) = grad(f, x, create_graph=True)
    (hvp,) = grad(g, x, grad_outputs=Tensor(v), retain_graph=True)  # d(g·v)/dx = H v
    t = np.tanh(A @ x0)
    hessian = A.T @ np.diag(-2 * t * (1 - t**2)) @ A + 4 * (x0 @ x0) * np.eye(3) + 8 * np.outer(x0, x0)
    np.testing.assert_allclose(hvp.data, hessian @ v, rtol=1e-10)
    # The same product as the gradient of g·v, a scalar:
    (hvp2,) = grad((g * Tensor(v)).sum(), x)
    np.testing.assert_allclose(hvp2.data, hessian @ v, rtol=1e-10)


def test_a_newton_step_solves_a_quadratic_in_one_step():
    # f(w) = ½ wᵀ Q w - bᵀ w has its minimum at Q⁻¹ b; Newton's step uses the Hessian Q.
    Q = np.array([[3.0, 1.0], [1.0, 2.0]])
    b = np.array([1.0, -1.0])
    w = Tensor(np.zeros(2), requires_grad=True)
    f = 0.5 * (w @ Tensor(Q) @ w) - Tensor(b) @ w
    (g,) = grad(f, w, create_graph=True)
    hessian = np.stack([grad(g[i], w, retain_graph=True)[0].data for i in range(2)])
    np.testing.assert_allclose(hessian, Q)
    w_new = w.data - np.linalg.solve(hessian, g.data)
    np.testing.assert_allclose(w_new, np.linalg.solve(Q, b))


def test_gradient_penalty_through_a_loss():
    # d/dx |∇ₓ loss|² needs the second derivative of cross-entropy and of the linear layer.
    rng = np.random.default_rng(1)
    x = Tensor(rng.standard_normal((3, 4)), requires_grad=True)
    w = Tensor(rng.standard_normal((2, 4)), requires_grad=True)
    loss = F.cross_entropy(x @ w.T, np.array([0, 1, 1]))
    (gx,) = grad(loss, x, create_graph=True)
    penalty = (gx * gx).sum()
    gw, = grad(penalty, w)
    assert gw.shape == w.shape and np.all(np.isfinite(gw.data))


def test_several_inputs_and_outputs():
    x = Tensor(2.0, requires_grad=True)
    y = Tensor(3.0, requires_grad=True)
    gx, gy = grad([x * y, x + y], [x, y])
    assert (gx.item(), gy.item()) == (3.0 + 1.0, 2.0 + 1.0)


def test_gradient_with_respect_to_an_intermediate():
    x = Tensor([1.0, 2.0], requires_grad=True)
    h = x * 3
    (gh,) = grad((h * h).sum(), h)
    np.testing.assert_allclose(gh.data, [6.0, 12.0])


def test_unused_input_raises_unless_allowed():
    x = Tensor(1.0, requires_grad=True)
    unused = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ValueError, match=r"inputs\[1\] \(shape \(2,\)\) was not used.*allow_unused=True"):
        grad(x * 2, [x, unused])
    gx, gu = grad(x * 2, [x, unused], allow_unused=True)
    assert gx.item() == 2.0
    np.testing.assert_array_equal(gu.data, [0.0, 0.0])


def test_grad_errors():
    x = Tensor(1.0, requires_grad=True)
    with pytest.raises(ValueError, match=r"inputs\[0\] .* does not require grad"):
        grad(x * 2, Tensor(1.0))
    with pytest.raises(ValueError, match=r"outputs\[0\] does not require grad"):
        grad(Tensor(2.0) * 3, x)
    with pytest.raises(RuntimeError, match="needs a `grad`"):
        grad(Tensor([1.0, 2.0], requires_grad=True) * 2, x, allow_unused=True)
    with pytest.raises(ValueError, match="2 grad_outputs for 1 outputs"):
        grad(x * 2, x, grad_outputs=[None, None])
    with pytest.raises(TypeError, match=r"inputs\[0\] is a float"):
        grad(x * 2, [1.0])


def test_without_create_graph_the_graph_is_freed():
    x = Tensor(2.0, requires_grad=True)
    y = x**3
    grad(y, x)
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        grad(y, x)


def test_grad_outputs_may_be_a_single_number_or_array_for_a_single_output():
    x = Tensor([1.0, 2.0], requires_grad=True)
    for seed in (2.0, 2, np.float32(2.0)):
        (g,) = grad((x * x).sum(), x, grad_outputs=seed)
        np.testing.assert_array_equal(g.data, [4.0, 8.0])
    (g,) = grad(x * x, x, grad_outputs=np.array([1.0, 10.0]))
    np.testing.assert_array_equal(g.data, [2.0, 40.0])
    (g,) = grad([(x * x).sum()], x, grad_outputs=(g for g in [3.0]))  # any iterable, one per output
    np.testing.assert_array_equal(g.data, [6.0, 12.0])
    with pytest.raises(TypeError, match=r"grad_outputs must be a Tensor, .*; got object <object object"):
        grad((x * x).sum(), x, grad_outputs=object())
