"""Forward mode (dual numbers): every operation against reverse mode and finite differences."""

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scalar_autograd.engine import Value
from scalar_autograd.forward import Dual, derivative, gradient, jvp
from scalar_autograd.gradcheck import numerical_grad


def reals(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


anywhere = reals(-5.0, 5.0)
nonzero = anywhere.filter(lambda x: abs(x) > 0.1)
positive = reals(0.1, 5.0)
off_kink = anywhere.filter(lambda x: abs(x) > 1e-3)  # relu's derivative jumps at 0

# name: (operation, written once for Values and Duals alike; strategies for the inputs)
OPS = {
    "add": (lambda a, b: a + b, [anywhere, anywhere]),
    "radd": (lambda a: 2.5 + a, [anywhere]),
    "sub": (lambda a, b: a - b, [anywhere, anywhere]),
    "rsub": (lambda a: 1 - a, [anywhere]),
    "neg": (lambda a: -a, [anywhere]),
    "mul": (lambda a, b: a * b, [anywhere, anywhere]),
    "rmul": (lambda a: 2 * a, [anywhere]),
    "div": (lambda a, b: a / b, [anywhere, nonzero]),
    "rdiv": (lambda a: 2 / a, [nonzero]),
    "pow_int": (lambda a: a**3, [anywhere]),
    "pow_negative_int": (lambda a: a**-2, [nonzero]),
    "pow_fraction": (lambda a: a**0.5, [positive]),
    "pow_dual": (lambda a, b: a**b, [positive, reals(-2.0, 2.0)]),
    "rpow": (lambda a: 2**a, [anywhere]),
    "exp": (lambda a: a.exp(), [anywhere]),
    "log": (lambda a: a.log(), [positive]),
    "tanh": (lambda a: a.tanh(), [anywhere]),
    "relu": (lambda a: a.relu(), [off_kink]),
    "sigmoid": (lambda a: a.sigmoid(), [anywhere]),
    "softplus": (lambda a: a.softplus(), [anywhere]),
}


def reverse_grads(f, xs):
    inputs = [Value(x) for x in xs]
    out = f(*inputs)
    out.backward()
    return out.data, [v.grad for v in inputs]


def close(a, b, tol=1e-12):
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


@pytest.mark.parametrize("name", OPS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_op_agrees_with_reverse_mode_and_finite_differences(name, data):
    f, strategies = OPS[name]
    xs = [data.draw(s, label=f"x{i}") for i, s in enumerate(strategies)]
    value, grads = reverse_grads(f, xs)
    numeric = numerical_grad(f, xs)
    for i in range(len(xs)):
        seed = [1.0 if j == i else 0.0 for j in range(len(xs))]
        primal, tangent = jvp(f, xs, seed)
        assert primal == value  # the same float operations in the same order
        assert close(tangent, grads[i]), (tangent, grads[i])
        assert math.isclose(tangent, numeric[i], rel_tol=1e-4, abs_tol=1e-5)


def random_program(rng, n_inputs, length):
    """A random straight-line program over Values or Duals, as a function of n inputs."""
    steps = []
    for k in range(length):
        pool = n_inputs + k
        steps.append((rng.randrange(7), rng.randrange(pool), rng.randrange(pool)))

    def f(*xs):
        nodes = list(xs)
        for op, i, j in steps:
            a, b = nodes[i], nodes[j]
            nodes.append(
                [
                    lambda: a + b,
                    lambda: a * b.sigmoid(),
                    lambda: a - 0.5 * b,
                    lambda: a.tanh(),
                    lambda: (a * 0.3).sigmoid(),
                    lambda: (a * a + 1).log(),
                    lambda: a / (1 + b * b),
                ][op]()
            )
        return nodes[-1] * 1.0 + sum(nodes[:n_inputs]) * 0.0  # every input reaches the output

    return f


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 4), length=st.integers(1, 25))
def test_gradient_of_random_programs_matches_backward(seed, n, length):
    rng = random.Random(seed)
    f = random_program(rng, n, length)
    xs = [rng.uniform(-1.5, 1.5) for _ in range(n)]
    _, grads = reverse_grads(f, xs)
    forward = gradient(f, xs)
    assert all(close(a, b, 1e-9) for a, b in zip(forward, grads)), (forward, grads)


@settings(max_examples=40, deadline=None)
@given(x=reals(-2.0, 2.0), y=reals(0.2, 3.0), v=st.tuples(reals(-1, 1), reals(-1, 1)))
def test_jvp_is_the_directional_derivative(x, y, v):
    f = lambda a, b: a * b.log() + (a - b).tanh() * b  # noqa: E731
    _, (gx, gy) = reverse_grads(f, [x, y])
    _, tangent = jvp(f, [x, y], list(v))
    assert close(tangent, gx * v[0] + gy * v[1], 1e-10)


def test_derivative_of_one_input_many_outputs_in_one_pass():
    calls = 0

    def f(t):
        nonlocal calls
        calls += 1
        return [t * t, t.exp(), t.sigmoid(), 3]

    assert derivative(f, 0.0) == [0.0, 1.0, 0.25, 0.0]
    assert calls == 1


def test_gradient_takes_one_pass_per_input():
    calls = 0

    def f(*xs):
        nonlocal calls
        calls += 1
        return sum((x * x for x in xs), Dual(0.0))

    assert gradient(f, [1.0, 2.0, 3.0]) == [2.0, 4.0, 6.0]
    assert calls == 3


def test_special_points_match_value():
    for f, x in [
        (lambda a: a.relu(), 0.0),  # the kink: 0, like Value and PyTorch
        (lambda a: a**2, 0.0),
        (lambda a: a**0, 0.0),
        (lambda a: a**1, 0.0),
        (lambda a: a.sigmoid(), -1000.0),  # no overflow
        (lambda a: a.softplus(), 1000.0),  # no overflow either
        (lambda a: a.exp(), 1000.0),  # overflows to inf like Value
    ]:
        _, (grad,) = reverse_grads(f, [x])
        assert derivative(f, x) == grad


def test_zero_base_with_dual_exponent_is_flat_in_the_exponent():
    assert jvp(lambda x, y: x**y, [0.0, 2.0], [0.0, 1.0]) == (0.0, 0.0)


def test_deep_chain_needs_no_recursion():
    def f(x):
        y = x
        for _ in range(100_000):
            y = y * 1.0000001 + 0.0
        return y

    assert math.isclose(derivative(f, 1.0), 1.0000001**100_000, rel_tol=1e-9)


def test_has_slots_and_no_dict():
    d = Dual(1.0, 2.0)
    assert not hasattr(d, "__dict__")
    with pytest.raises(AttributeError):
        d.something = 1


def test_bad_inputs_have_clear_errors():
    expected = r"Dual expects a real number \(int or float\) as its primal, got str '1'"
    with pytest.raises(TypeError, match=expected):
        Dual("1")
    with pytest.raises(TypeError, match="as its tangent, got bool True"):
        Dual(1.0, True)
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \+: 'Dual' and 'str'"):
        Dual(1.0) + "a"
    with pytest.raises(TypeError, match="unsupported operand"):
        Dual(1.0) * Value(2.0)  # the two modes do not mix
    with pytest.raises(ValueError, match="log of a non-positive value"):
        Dual(-1.0).log()
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        2 / Dual(0.0)
    with pytest.raises(ZeroDivisionError, match="zero to a negative power"):
        Dual(0.0) ** -1
    with pytest.raises(ValueError, match="fractional power of a negative base"):
        Dual(-2.0) ** 0.5
    with pytest.raises(ValueError, match="a variable exponent needs a base > 0"):
        Dual(-2.0) ** Dual(2.0)
    with pytest.raises(TypeError, match="f must return a Dual or a number"):
        derivative(lambda x: "nope", 1.0)
    with pytest.raises(ValueError, match="one tangent per input"):
        jvp(lambda x, y: x * y, [1.0, 2.0], [1.0])
    with pytest.raises(TypeError, match="use jvp for several outputs"):
        gradient(lambda x: [x, x], [1.0])


def test_division_by_a_tiny_number_matches_reverse_mode():
    b = 1e-200  # b * b underflows to 0
    for tangents in [(1.0, 0.0), (0.0, 1.0), (0.0, 0.0)]:
        out = Dual(1.0, tangents[0]) / Dual(b, tangents[1])
        reverse = Value(1.0) / Value(b)
        assert out.primal == reverse.data
        expected = sum(t * g for t, g in zip(tangents, reverse.local_grads) if t)
        assert out.tangent == expected  # no nan from 0 · inf


def test_both_modes_share_the_power_case_analysis():
    from scalar_autograd import engine, forward, local_derivatives

    assert forward.local is engine.local is local_derivatives  # one copy of each rule
    for make in (Value, Dual):
        with pytest.raises(ValueError, match=r"-2\.0 \*\* 2\.0: a variable exponent needs a base > 0"):
            make(-2.0) ** make(2.0)
