"""Regression tests for the engine items of issue 8, each written to fail before its fix."""

import threading

import numpy as np
import pytest

from tensor_autograd import (
    Tensor,
    functional as F,
    grad,
    is_grad_enabled,
    nn,
    no_grad,
    optim,
    set_grad_enabled,
)
from tensor_autograd.broadcast import broadcast_to, sum_to

F32, F64 = np.float32, np.float64


# -- 1. a 0-d leaf keeps an array as its .grad, and momentum works on it -----------------------
def test_a_0d_leaf_grad_stays_an_array_after_a_second_backward():
    w = Tensor(1.0, requires_grad=True)
    (w * 2).backward()
    (w * 2).backward()
    assert type(w.grad) is np.ndarray and w.grad.shape == () and w.grad == 4.0


def _pytorch_sgd(p, lr, momentum, weight_decay, steps, grad_of):
    """PyTorch's SGD rule (dampening 0, no Nesterov), written out in NumPy."""
    buffer = None
    for _ in range(steps):
        d_p = grad_of(p) + weight_decay * p
        buffer = np.array(d_p) if buffer is None else momentum * buffer + d_p
        p = p - lr * buffer
    return p


@pytest.mark.parametrize("shape", [(), (1,), (2,)])
def test_sgd_momentum_and_weight_decay_on_a_0d_parameter_follow_pytorch(shape):
    start = np.full(shape, 1.0)
    p = nn.Parameter(start)
    opt = optim.SGD([p], lr=0.1, momentum=0.9, weight_decay=0.01)
    for _ in range(5):
        opt.zero_grad()
        (3 * p * p).sum().backward()
        opt.step()
    expected = _pytorch_sgd(start, 0.1, 0.9, 0.01, 5, lambda q: 6 * q)
    np.testing.assert_allclose(expected, -0.22692607461440095)
    np.testing.assert_allclose(p.data, expected, rtol=1e-12)
    assert p.data.shape == shape


def test_adam_on_a_0d_parameter_keeps_arrays():
    p = nn.Parameter(1.0)
    opt = optim.Adam([p], lr=0.1, weight_decay=0.01)
    for _ in range(3):
        opt.zero_grad()
        (3 * p * p).backward()
        opt.step()
    assert type(p.data) is np.ndarray and p.data.shape == ()
    assert type(opt.m[0]) is np.ndarray and type(opt.v[0]) is np.ndarray


# -- 2. every op returns a new node, even when it changes nothing --------------------------------
IDENTITY_OPS = {
    "reshape": lambda x: x.reshape(x.shape),
    "reshape -1": lambda x: x.reshape(-1),
    "transpose identity": lambda x: x.transpose(0),
    "astype same dtype": lambda x: x.astype(x.dtype),
    "broadcast_to same shape": lambda x: broadcast_to(x, x.shape),
    "sum_to same shape": lambda x: sum_to(x, x.shape),
    "sum over no axis": lambda x: x.sum(axis=()),
}


@pytest.mark.parametrize("name", IDENTITY_OPS)
def test_an_op_that_changes_nothing_is_still_a_new_node(name):
    op = IDENTITY_OPS[name]
    x = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        y = op(x)
    assert y is not x and not y.requires_grad
    (y * 3).sum().backward() if y.requires_grad else None
    assert x.grad is None
    # grad() with respect to the op's output counts only what flows through it
    y = op(x)
    assert y is not x
    (g,) = grad((y * 3 + x).sum(), y)
    np.testing.assert_array_equal(g.data, [3.0, 3.0])


def test_no_grad_cuts_at_a_same_shape_reshape():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        y = x.reshape(2)
    assert not y.requires_grad
    with pytest.raises(RuntimeError, match="does not require grad"):
        (y * 3).sum().backward()
    assert x.grad is None


# -- 3. the second derivative of a ** b where b == 0 --------------------------------------------
def test_mixed_second_derivative_of_power_at_a_zero_exponent():
    a, b = Tensor(2.0, requires_grad=True), Tensor(0.0, requires_grad=True)
    (ga,) = grad(a**b, a, create_graph=True)  # b·a^(b-1) = 0
    assert ga.item() == 0.0
    (gab,) = grad(ga, b)  # d/db (b·a^(b-1)) = a^(b-1) + b·a^(b-1)·log a = 1/a at b = 0
    assert gab.item() == pytest.approx(0.5)


def test_zero_to_the_zero_still_has_a_zero_derivative():
    a, b = Tensor([0.0, 0.0], requires_grad=True), Tensor([0.0, 2.0], requires_grad=True)
    (a**b).sum().backward()
    np.testing.assert_array_equal(a.grad, [0.0, 0.0])
    np.testing.assert_array_equal(b.grad, [0.0, 0.0])


# -- 12. integer dtypes raise the same way everywhere -------------------------------------------
@pytest.mark.parametrize(
    "make",
    [
        lambda: Tensor([1.0, 2.0], dtype=np.int64),
        lambda: nn.Parameter([0.7, -0.3], dtype=np.int64),
        lambda: nn.Linear(2, 3, dtype=np.int32),
        lambda: nn.Linear(2, 3, dtype=bool),
    ],
)
def test_an_integer_dtype_is_refused_by_tensor_parameter_and_linear(make):
    with pytest.raises(TypeError, match="floating type"):
        make()


def test_parameter_still_copies_and_converts_floats():
    array = np.array([1, 2])
    p = nn.Parameter(array, dtype=F32)
    assert p.dtype == F32
    with pytest.raises(TypeError, match="floating point"):  # integers are not made
        nn.Parameter(array)  # float64 silently: PyTorch refuses them too
    p.data += 1
    assert array[0] == 1


# -- 14. bools are bools, numbers are numbers; empty inputs are errors --------------------------
@pytest.mark.parametrize("flag", ["no", 1, 0, None, 1.0])
def test_requires_grad_must_be_a_bool(flag):
    with pytest.raises(TypeError, match="requires_grad must be True or False"):
        Tensor([1.0], requires_grad=flag)
    with pytest.raises(TypeError, match="requires_grad must be True or False"):
        nn.Parameter([1.0], requires_grad=flag)


def test_requires_grad_accepts_numpy_bools():
    assert Tensor([1.0], requires_grad=np.bool_(True)).requires_grad is True


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: optim.SGD(ps, lr=True),
        lambda ps: optim.SGD(ps, lr=0.1, momentum=True),
        lambda ps: optim.SGD(ps, lr=0.1, weight_decay=False),
        lambda ps: optim.Adam(ps, lr=np.bool_(True)),
        lambda ps: optim.Adam(ps, betas=(True, 0.9)),
    ],
)
def test_optimizers_refuse_bools_as_numbers(make):
    with pytest.raises(ValueError, match="must be"):
        make([nn.Parameter([1.0])])


def test_bce_with_logits_refuses_empty_input_like_mse_loss():
    with pytest.raises(ValueError, match="no elements"):
        F.mse_loss(Tensor(np.zeros(0)), np.zeros(0))
    with pytest.raises(ValueError, match="no elements"):
        F.binary_cross_entropy_with_logits(Tensor(np.zeros(0)), np.zeros(0))


# -- 16. grad mode per thread; set_grad_enabled as a plain call ---------------------------------
def test_grad_mode_is_per_thread():
    inside, go_on = threading.Event(), threading.Event()
    seen = {}

    def worker():
        with no_grad():
            inside.set()
            go_on.wait(5)
            seen["worker"] = is_grad_enabled()

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(5)
    seen["main"] = is_grad_enabled()
    x = Tensor([1.0], requires_grad=True)
    seen["main records"] = (x * 2).requires_grad
    go_on.set()
    thread.join(5)
    assert seen == {"worker": False, "main": True, "main records": True}


def test_a_new_thread_starts_with_grad_enabled():
    seen = []
    with no_grad():
        thread = threading.Thread(target=lambda: seen.append(is_grad_enabled()))
        thread.start()
        thread.join(5)
    assert seen == [True]


def test_set_grad_enabled_as_a_plain_call_switches_at_once():
    try:
        set_grad_enabled(False)
        assert not is_grad_enabled()
        assert not (Tensor([1.0], requires_grad=True) * 2).requires_grad
        set_grad_enabled(True)
        assert is_grad_enabled()
    finally:
        set_grad_enabled(True)


def test_set_grad_enabled_in_with_restores_the_mode_before_it():
    with set_grad_enabled(False):
        assert not is_grad_enabled()
    assert is_grad_enabled()
    with no_grad():
        with set_grad_enabled(True):
            assert is_grad_enabled()
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_set_grad_enabled_as_a_decorator_switches_only_inside():
    @set_grad_enabled(False)
    def inside(depth):
        return [is_grad_enabled()] + (inside(depth - 1) if depth else [])

    assert is_grad_enabled()  # decorating changed nothing
    assert inside(2) == [False, False, False]
    assert is_grad_enabled()


def test_a_decorated_function_in_two_threads_restores_each_threads_own_mode():
    a_in, b_in, a_may_leave, b_may_leave = (threading.Event() for _ in range(4))
    seen = {}

    @no_grad()
    def work(signal, hold_until):
        signal.set()
        hold_until.wait(5)

    def thread_a():  # enters first, leaves first
        work(a_in, a_may_leave)
        seen["a after"] = is_grad_enabled()

    def thread_b():  # enters second, from inside a no_grad block of its own
        a_in.wait(5)
        with no_grad():
            work(b_in, b_may_leave)
            seen["b after"] = is_grad_enabled()
        seen["b outside"] = is_grad_enabled()

    a, b = threading.Thread(target=thread_a), threading.Thread(target=thread_b)
    a.start()
    b.start()
    b_in.wait(5)
    a_may_leave.set()
    a.join(5)
    b_may_leave.set()
    b.join(5)
    assert seen == {"a after": True, "b after": False, "b outside": True}


def test_set_grad_enabled_wants_a_bool():
    with pytest.raises(TypeError, match="True or False"):
        set_grad_enabled("no")
    assert is_grad_enabled()


# -- 17. one dtype rule for every op: PyTorch's ---------------------------------------------------
def test_a_0d_float64_tensor_does_not_promote_a_float32_tensor():
    x = Tensor([1.0, 2.0], dtype=F32, requires_grad=True)
    s = Tensor(3.0, requires_grad=True)  # 0-d float64
    for out in (x * s, s * x, x + s, s - x, x / s, s / x, x**s, s**x):
        assert out.dtype == F32
    out = (x * s).sum()
    out.backward()
    assert x.grad.dtype == F32 and s.grad.dtype == F64
    np.testing.assert_allclose(s.grad, 3.0)


def test_0d_tensors_alone_and_dimensioned_tensors_alone_promote_as_numpy():
    assert (Tensor(1.0, dtype=F32) * Tensor(2.0)).dtype == F64
    assert (Tensor([1.0], dtype=F32) * Tensor([2.0])).dtype == F64
    assert (Tensor([1.0], dtype=F32) * np.array([2.0])).dtype == F64  # an array has dimensions


def test_where_follows_the_same_rule():
    from tensor_autograd import where

    x = Tensor([1.0, 2.0], dtype=F32)
    assert where(np.array([True, False]), x, Tensor(0.0)).dtype == F32


def test_matmul_of_two_dtypes_raises_and_says_what_to_do():
    a = Tensor(np.ones((2, 2)), dtype=F32)
    b = Tensor(np.ones((2, 2)))
    with pytest.raises(TypeError, match=r"astype\(np.float32\)"):
        a @ b
    with pytest.raises(TypeError, match="one dtype"):
        F.linear(b, a)


def test_linear_with_a_float64_bias_follows_x_at_w_t_plus_b():
    x = Tensor(np.ones((3, 2)), dtype=F32, requires_grad=True)
    w = Tensor(np.ones((4, 2)), dtype=F32, requires_grad=True)
    b = Tensor(np.arange(4.0), requires_grad=True)
    fused, unfused = F.linear(x, w, b), x @ w.T + b
    assert fused.dtype == unfused.dtype == F64
    np.testing.assert_array_equal(fused.data, unfused.data)
    fused.sum().backward()
    assert (x.grad.dtype, w.grad.dtype, b.grad.dtype) == (F32, F32, F64)
    (gx,) = grad(F.linear(x, w, b).sum(), x, create_graph=True)
    assert gx.dtype == F32
