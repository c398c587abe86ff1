"""The finite-difference checker: it passes correct gradients and reports wrong ones."""

import math

import pytest

from scalar_autograd.engine import Value
from scalar_autograd.gradcheck import GradientCheckError, GradientCheckReport, check_grads, numerical_grad


def wrong_square(x):
    return Value(x.data**2, (x,), (x.data,), "bad²")  # local grad should be 2x


def test_passes_a_correct_gradient():
    report = check_grads(lambda x, y: x * y.exp(), 1.5, -0.5)
    assert isinstance(report, GradientCheckReport) and report.ok
    assert report.failures == ()
    assert report.max_error < 1e-7
    assert math.isclose(report.analytic[1], 1.5 * math.exp(-0.5))


def test_raises_with_a_readable_report():
    with pytest.raises(GradientCheckError) as info:
        check_grads(wrong_square, 3.0)
    text = str(info.value)
    assert "1 gradient(s) differ" in text
    assert "mismatch" in text
    assert info.value.report.analytic == (3.0,)
    assert math.isclose(info.value.report.numeric[0], 6.0, rel_tol=1e-6)
    assert isinstance(info.value, AssertionError)  # reads as a failed assertion in tests


def test_can_return_instead_of_raising():
    report = check_grads(lambda a, b: a * b + wrong_square(a), 2.0, 1.0, raise_on_failure=False)
    assert not report.ok
    assert report.failures == (0,)  # only the input with the wrong path


def test_nan_gradient_is_a_failure():
    nan_grad = lambda x: Value(x.data, (x,), (math.nan,), "nan")  # noqa: E731
    assert not check_grads(nan_grad, 1.0, raise_on_failure=False).ok


def test_central_difference_error_shrinks_like_eps_squared():
    f = lambda x: x.exp()  # noqa: E731
    exact = math.exp(1.0)
    err = {eps: abs(numerical_grad(f, [1.0], eps)[0] - exact) for eps in (1e-1, 1e-2)}
    assert 50 < err[1e-1] / err[1e-2] < 200  # 10x smaller eps, ~100x smaller error


def test_numerical_grad_handles_several_inputs():
    grads = numerical_grad(lambda a, b, c: a * b + c, [2.0, 3.0, 4.0])
    assert [round(g, 6) for g in grads] == [3.0, 2.0, 1.0]


def test_tolerances_and_step_take_numpy_numbers_and_reject_bools():
    """Issue 8 item 14: numeric hyperparameters take any real number but a bool."""
    import numpy as np

    report = check_grads(lambda x: x * x, 2.0, eps=np.float32(1e-4), rtol=np.float64(1e-3), atol=0)
    assert report.ok and report.atol == 0.0
    with pytest.raises(TypeError, match="check_grads eps must be a number"):
        check_grads(lambda x: x * x, 2.0, eps=True)
    with pytest.raises(ValueError, match="check_grads rtol must be a positive, finite number"):
        check_grads(lambda x: x * x, 2.0, rtol=-1e-3)


def test_same_name_and_call_as_part_two():
    """Issue 9 point 4: one vocabulary: check_grads(f, *inputs, eps, rtol, atol)."""
    import inspect

    from tensor_autograd import gradcheck as part_two

    import scalar_autograd

    assert scalar_autograd.GradientCheckError.__name__ == part_two.GradientCheckError.__name__
    assert issubclass(scalar_autograd.GradientCheckError, AssertionError)

    def head(function):
        return [(p.name, p.kind) for p in inspect.signature(function).parameters.values()][:5]

    assert head(scalar_autograd.check_grads) == head(part_two.check_grads)
    assert head(scalar_autograd.numerical_grad)[:2] == head(part_two.numerical_grad)[:2]
