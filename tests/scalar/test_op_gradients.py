"""Every operation: forward value against the float math, gradient against finite differences."""

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scalar_autograd.engine import Value
from scalar_autograd.gradcheck import check_grads


def reals(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


anywhere = reals(-5.0, 5.0)
nonzero = anywhere.filter(lambda x: abs(x) > 0.1)
positive = reals(0.1, 5.0)
off_kink = anywhere.filter(lambda x: abs(x) > 1e-3)  # relu's derivative jumps at 0

# name: (operation on Values, the same on floats, strategies for the inputs)
OPS = {
    "add": (lambda a, b: a + b, lambda a, b: a + b, [anywhere, anywhere]),
    "radd": (lambda a: 2.5 + a, lambda a: 2.5 + a, [anywhere]),
    "sub": (lambda a, b: a - b, lambda a, b: a - b, [anywhere, anywhere]),
    "rsub": (lambda a: 1 - a, lambda a: 1 - a, [anywhere]),
    "neg": (lambda a: -a, lambda a: -a, [anywhere]),
    "mul": (lambda a, b: a * b, lambda a, b: a * b, [anywhere, anywhere]),
    "rmul": (lambda a: 2 * a, lambda a: 2 * a, [anywhere]),
    "div": (lambda a, b: a / b, lambda a, b: a / b, [anywhere, nonzero]),
    "rdiv": (lambda a: 2 / a, lambda a: 2 / a, [nonzero]),
    "pow_int": (lambda a: a**3, lambda a: a**3, [anywhere]),
    "pow_negative_int": (lambda a: a**-2, lambda a: a**-2, [nonzero]),
    "pow_fraction": (lambda a: a**0.5, lambda a: a**0.5, [positive]),
    "pow_value": (lambda a, b: a**b, lambda a, b: a**b, [positive, reals(-2.0, 2.0)]),
    "rpow": (lambda a: 2**a, lambda a: 2**a, [anywhere]),
    "exp": (lambda a: a.exp(), math.exp, [anywhere]),
    "log": (lambda a: a.log(), math.log, [positive]),
    "tanh": (lambda a: a.tanh(), math.tanh, [anywhere]),
    "relu": (lambda a: a.relu(), lambda a: max(a, 0.0), [off_kink]),
    "sigmoid": (lambda a: a.sigmoid(), lambda a: 1 / (1 + math.exp(-a)), [anywhere]),
    "softplus": (lambda a: a.softplus(), lambda a: math.log1p(math.exp(a)), [anywhere]),
}


@pytest.mark.parametrize("name", OPS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_op_matches_float_math_and_finite_differences(name, data):
    on_values, on_floats, strategies = OPS[name]
    xs = [data.draw(s, label=f"x{i}") for i, s in enumerate(strategies)]
    out = on_values(*map(Value, xs))
    assert isinstance(out, Value)
    assert math.isclose(out.data, on_floats(*xs), rel_tol=1e-12, abs_tol=1e-12)
    check_grads(on_values, *xs)  # raises GradientCheckError with a table on a mismatch


@pytest.mark.parametrize(
    "f, x, expected",
    [
        (lambda a: a.relu(), -1.0, 0.0),
        (lambda a: a.relu(), 0.0, 0.0),  # at the kink, the derivative PyTorch uses
        (lambda a: a.relu(), 2.0, 1.0),
        (lambda a: a.sigmoid(), 0.0, 0.25),
        (lambda a: a.tanh(), 0.0, 1.0),
        (lambda a: a**0.5, 0.0, math.inf),  # vertical tangent of √x at 0
        (lambda a: a**2, 0.0, 0.0),
        (lambda a: a**0, 0.0, 0.0),
        (lambda a: a**1, 0.0, 1.0),
    ],
)
def test_derivative_at_special_points(f, x, expected):
    a = Value(x)
    f(a).backward()
    assert a.grad == expected


def test_zero_base_with_value_exponent_is_flat_in_the_exponent():
    base, exponent = Value(0.0), Value(2.0)
    (base**exponent).backward()
    assert (base.grad, exponent.grad) == (0.0, 0.0)


@pytest.mark.parametrize("x", [-800.0, -40.0, 40.0, 800.0])
def test_sigmoid_is_stable_far_from_zero(x):
    s = Value(x).sigmoid()
    assert 0.0 <= s.data <= 1.0
    assert s.local_grads[0] >= 0.0


@pytest.mark.parametrize("x", [-1000.0, -40.0, 40.0, 710.0, 1000.0])
def test_softplus_is_stable_far_from_zero(x):
    # ln(1 + eˣ) composed from exp and log gives inf above x ≈ 709.
    s = Value(x).softplus()
    # ln(1 + eˣ) ≈ eˣ far left, ≈ x far right (the rest is below x's last digit)
    assert math.isclose(s.data, math.exp(x) if x < 0 else x, rel_tol=1e-15)
    assert s.local_grads == (Value(x).sigmoid().data,)
    check_grads(lambda a: a.softplus(), x)


def test_exp_and_pow_overflow_to_inf_like_float_products():
    assert Value(1000.0).exp().data == math.inf
    assert (Value(1e200) ** 2).data == math.inf
    assert (Value(-1e200) ** 3).data == -math.inf


@settings(max_examples=50, deadline=None)
@given(x=anywhere, y=anywhere, z=positive)
def test_composite_expression(x, y, z):
    assume(abs(x - y) > 1e-3)  # keep relu off its kink
    def f(a, b, c):
        return ((a * b).tanh() + c.log() * a - b / (1 + c)).sigmoid() * (a - b).relu() + a**2

    check_grads(f, x, y, z, atol=1e-4)


@pytest.mark.parametrize("b", [1e-200, -1e-200, 1e-170, 5e-324])
def test_division_by_a_tiny_number_has_a_derivative_where_b_squared_underflows(b):
    assert b * b == 0.0  # -a/(b·b) would divide by zero
    out = Value(1.0) / Value(b)
    d_a, d_b = out.local_grads
    assert out.data == 1.0 / b and d_a == 1.0 / b
    assert d_b == -(1.0 / b) / b and d_b < 0  # -inf when it is beyond float range


def test_division_derivative_is_still_exact_for_ordinary_numbers():
    assert (Value(1.0) / Value(4.0)).local_grads == (0.25, -0.0625)
    assert (Value(3.0) / Value(-2.0)).local_grads == (-0.5, -0.75)


def test_relu_of_nan_is_nan_in_both_modes():
    """Issue 8 item 13: PyTorch's relu(nan) is nan (its gradient there 0), not 0.0."""
    from scalar_autograd.forward import Dual

    x = Value(math.nan)
    y = x.relu()
    y.backward()
    assert math.isnan(y.data) and x.grad == 0.0
    d = Dual(math.nan, 1.0).relu()
    assert math.isnan(d.primal) and d.tangent == 0.0
