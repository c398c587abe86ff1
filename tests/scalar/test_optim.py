"""SGD: the update rule and its argument checks."""

import math
from fractions import Fraction

import numpy as np
import pytest

from scalar_autograd.engine import Value
from scalar_autograd.optim import SGD


def test_step_moves_against_the_gradient():
    a, b = Value(1.0), Value(-2.0)
    (a * b).backward()  # grads: a -2, b 1
    SGD([a, b], lr=0.5).step()
    assert (a.data, b.data) == (2.0, -2.5)


def test_step_does_not_touch_grads_and_zero_grad_does():
    a = Value(1.0)
    (a * 3).backward()
    opt = SGD([a], lr=0.1)
    opt.step()
    assert a.grad == 3.0
    opt.zero_grad()
    assert a.grad == 0.0


def test_params_may_be_a_generator():
    gen = (Value(float(i)) for i in range(3))
    assert len(SGD(gen, lr=1).params) == 3


def test_minimizes_a_quadratic():
    x = Value(5.0)
    opt = SGD([x], lr=0.1)
    for _ in range(100):
        loss = (x - 3) ** 2
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert abs(x.data - 3) < 1e-6


@pytest.mark.parametrize("lr", [0, -0.1, math.nan, math.inf])
def test_rejects_non_positive_learning_rate(lr):
    with pytest.raises(ValueError, match="lr must be a positive, finite number"):
        SGD([Value(1.0)], lr=lr)


@pytest.mark.parametrize("lr", ["0.1", None, True, np.bool_(True), 1j])
def test_rejects_non_number_learning_rate(lr):
    with pytest.raises(TypeError, match="lr must be a number"):
        SGD([Value(1.0)], lr=lr)


def test_rejects_no_parameters():
    with pytest.raises(ValueError, match="no parameters"):
        SGD([], lr=0.1)


def test_rejects_non_value_parameters():
    with pytest.raises(TypeError, match="item 1 is 2.0"):
        SGD([Value(1.0), 2.0], lr=0.1)


def test_rejects_a_parameter_listed_twice():
    w, b = Value(1.0), Value(2.0)
    with pytest.raises(ValueError, match=r"listed once, but item 2 is item 0 again \(Value\(data=1.0"):
        SGD([w, b, w], lr=0.1)


@pytest.mark.parametrize(
    "lr", [np.float32(0.1), np.float64(0.1), np.int64(1), np.float16(0.5), Fraction(1, 10)]
)
def test_accepts_any_real_number_as_learning_rate(lr):
    """Issue 8 item 14: np.float32(0.1) was rejected while np.float64 passed."""
    w = Value(3.0)
    opt = SGD([w], lr=lr)
    assert type(opt.lr) is float and opt.lr == float(lr)
    (w * w).backward()
    opt.step()
    assert type(w.data) is float and w.data == 3.0 - float(lr) * 6.0


@pytest.mark.parametrize("lr", [np.float32("nan"), np.float32(0.0), np.float64(-1.0)])
def test_rejects_a_bad_numpy_learning_rate(lr):
    with pytest.raises(ValueError, match="SGD lr must be a positive, finite number"):
        SGD([Value(1.0)], lr=lr)
