"""SGD and Adam follow PyTorch's update rules, checked step by step against formulas by hand."""

import math

import numpy as np
import pytest

from tensor_autograd import Tensor, nn, optim

GRADS = [0.5, -1.0, 0.25]  # the gradient each step sees, for a single weight starting at 1.0


def run(opt, w):
    history = []
    for g in GRADS:
        w.grad = np.array([g])
        opt.step()
        history.append(w.data[0])
    return history


def test_plain_sgd():
    w = nn.Parameter([1.0])
    assert run(optim.SGD([w], lr=0.1), w) == pytest.approx([0.95, 1.05, 1.025])


def test_sgd_with_momentum_and_weight_decay_by_hand():
    lr, mu, wd = 0.1, 0.9, 0.01
    expected, p, v = [], 1.0, None
    for g in GRADS:
        d = g + wd * p  # L2 weight decay is added to the gradient
        v = d if v is None else mu * v + d  # the first step starts the buffer at d (PyTorch)
        p = p - lr * v
        expected.append(p)
    # the same numbers, written out: step 1 d = 0.51, v = 0.51, p = 0.949
    assert expected[0] == pytest.approx(0.949)
    w = nn.Parameter([1.0])
    assert run(optim.SGD([w], lr=lr, momentum=mu, weight_decay=wd), w) == pytest.approx(expected, rel=1e-12)


def test_adam_by_hand():
    lr, (b1, b2), eps, wd = 0.01, (0.9, 0.999), 1e-8, 0.1
    expected, p, m, v = [], 1.0, 0.0, 0.0
    for t, g in enumerate(GRADS, start=1):
        g = g + wd * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
        p = p - lr * m_hat / (math.sqrt(v_hat) + eps)
        expected.append(p)
    # step 1: m̂ = g and v̂ = g², so the weight moves by lr·sign(g): 1 - 0.01
    assert expected[0] == pytest.approx(0.99)
    w = nn.Parameter([1.0])
    assert run(optim.Adam([w], lr=lr, weight_decay=wd), w) == pytest.approx(expected, rel=1e-12)


def test_adam_elementwise_on_arrays_and_float32():
    w = nn.Parameter(np.array([[1.0, -1.0], [0.0, 2.0]], dtype=np.float32))
    opt = optim.Adam([w], lr=0.1)
    w.grad = np.array([[1.0, -2.0], [0.0, 3.0]], dtype=np.float32)
    opt.step()
    np.testing.assert_allclose(w.data, [[0.9, -0.9], [0.0, 1.9]], rtol=1e-6)
    assert w.data.dtype == np.float32


def test_parameters_without_grad_are_skipped_and_keep_their_own_step_count():
    a, b = nn.Parameter([1.0]), nn.Parameter([1.0])
    opt = optim.Adam([a, b], lr=0.1)
    a.grad = np.array([1.0])
    opt.step()  # b has no grad: untouched, and its step count stays 0
    assert b.data[0] == 1.0 and opt.steps == [1, 0]
    b.grad = np.array([1.0])
    opt.step()
    assert b.data[0] == pytest.approx(0.9)  # b's first step is bias-corrected as a first step


def test_zero_grad():
    w = nn.Parameter([1.0])
    w.grad = np.array([1.0])
    optim.SGD([w], lr=0.1).zero_grad()
    assert w.grad is None


def test_optimizers_accept_a_generator_once():
    model = nn.Linear(2, 2, rng=0)
    assert len(optim.SGD(model.parameters(), lr=0.1).params) == 2
    assert len(optim.SGD(iter(model.parameters()), lr=0.1).params) == 2


@pytest.mark.parametrize("make", [lambda ps, lr: optim.SGD(ps, lr=lr), lambda ps, lr: optim.Adam(ps, lr=lr)])
def test_optimizer_errors(make):
    w = nn.Parameter([1.0])
    with pytest.raises(ValueError, match="empty list of parameters"):
        make([], 0.1)
    for lr in (0, -0.1, float("nan"), float("inf"), "fast"):
        with pytest.raises(ValueError, match=f"lr must be a positive, finite number, got lr={lr!r}"):
            make([w], lr)
    with pytest.raises(ValueError, match="does not require grad"):
        make([Tensor([1.0])], 0.1)
    with pytest.raises(TypeError, match="parameter 0 is a ndarray"):
        make([np.ones(2)], 0.1)


def test_hyperparameter_errors():
    w = nn.Parameter([1.0])
    with pytest.raises(ValueError, match="momentum must be a finite number >= 0"):
        optim.SGD([w], lr=0.1, momentum=-0.5)
    with pytest.raises(ValueError, match="weight_decay must be a finite number >= 0"):
        optim.SGD([w], lr=0.1, weight_decay=-1)
    with pytest.raises(ValueError, match=r"betas\[1\] must be in \[0, 1\)"):
        optim.Adam([w], betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="eps must be a finite number >= 0"):
        optim.Adam([w], eps=-1e-8)


@pytest.mark.parametrize("make", [lambda ps: optim.SGD(ps, lr=0.1), lambda ps: optim.Adam(ps, lr=0.1)])
def test_a_parameter_listed_twice_is_refused(make):
    model = nn.Linear(2, 1, rng=0)
    with pytest.raises(ValueError, match=r"parameter 2 \(shape \(1, 2\)\) is parameter 0 again"):
        make([model.weight, model.bias, model.weight])


def test_non_finite_hyperparameters_are_refused():
    w = nn.Parameter([1.0])
    for name in ("momentum", "weight_decay"):
        with pytest.raises(ValueError, match=f"{name} must be a finite number >= 0, got {name}=inf"):
            optim.SGD([w], lr=0.1, **{name: float("inf")})
    with pytest.raises(ValueError, match="eps must be a finite number >= 0, got eps=inf"):
        optim.Adam([w], eps=float("inf"))
