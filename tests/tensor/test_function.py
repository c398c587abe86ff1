"""autograd.Function: custom ops with ctx, checked against the engine's own ops and
finite differences at first and second order."""

import numpy as np
import pytest

from tensor_autograd import Tensor, check_grads, grad
from tensor_autograd.autograd import Function


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        result = x.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        grad_a = grad_output * b if ctx.needs_input_grad[0] else None
        grad_b = grad_output * a if ctx.needs_input_grad[1] else None
        return grad_a, grad_b


class ScaledTanh(Function):
    """A non-Tensor argument (`scale`) gets None as its gradient."""

    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale
        ctx.save_for_backward(x)
        return (x * scale).tanh()

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        t = (x * ctx.scale).tanh()
        return grad_output * ctx.scale * (1 - t * t), None


def test_a_function_matches_the_engine_op_in_value_and_gradient():
    data = np.array([[0.5, -1.0], [2.0, 0.1]])
    x1, x2 = Tensor(data, requires_grad=True), Tensor(data, requires_grad=True)
    y1, y2 = Exp.apply(x1), x2.exp()
    np.testing.assert_array_equal(y1.data, y2.data)
    (y1 * y1).sum().backward()
    (y2 * y2).sum().backward()
    np.testing.assert_allclose(x1.grad, x2.grad, rtol=1e-15)


def test_mul_as_a_function_equals_the_engine_mul_at_second_order():
    rng = np.random.default_rng(0)
    a0, b0 = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    results = []
    for op in (Mul.apply, lambda a, b: a * b):
        a, b = Tensor(a0, requires_grad=True), Tensor(b0, requires_grad=True)
        y = (op(a, b) ** 2).sum()
        ga, gb = grad(y, [a, b], create_graph=True)
        results.append([t.data for t in (ga, gb, *grad((ga * gb).sum(), [a, b]))])
    for ours, engine in zip(*results):
        np.testing.assert_allclose(ours, engine, rtol=1e-12)


@pytest.mark.parametrize("order", [1, 2])
def test_functions_against_finite_differences(order):
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    check_grads(lambda x: Exp.apply(x * 0.5), x, order=order)
    check_grads(lambda a, b: Mul.apply(a, b.tanh()), x, w, order=order)
    check_grads(lambda x: ScaledTanh.apply(x, 1.5), x, order=order)


def test_needs_input_grad_follows_the_arguments():
    seen = []

    class Spy(Function):
        @staticmethod
        def forward(ctx, a, b, c):
            seen.append(ctx.needs_input_grad)
            return a * b

        @staticmethod
        def backward(ctx, g):
            return g, None, None

    a, b = Tensor([1.0], requires_grad=True), Tensor([2.0])
    Spy.apply(a, b, 3.0).sum().backward()
    assert seen == [(True, False, False)] and a.grad.tolist() == [1.0]


def test_output_is_a_node_and_nothing_is_recorded_without_grad():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = Exp.apply(x)
    assert y.requires_grad and not y.is_leaf
    z = Exp.apply(Tensor([1.0]))
    assert not z.requires_grad and z.is_leaf


def test_wrong_number_of_gradients_is_pytorchs_error():
    class Bad(Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, g):
            return g

    a, b = Tensor([1.0], requires_grad=True), Tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"function BadBackward returned an incorrect "
                       r"number of gradients \(expected 2, got 1\)"):
        Bad.apply(a, b).sum().backward()


def test_a_saved_tensor_changed_in_place_is_an_error():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = Exp.apply(x)
    y.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation.*is at "
                       "version 1; expected version 0 instead"):
        y.sum().backward()


def test_save_for_backward_refuses_non_tensors_and_tuple_outputs_are_refused():
    class SavesANumber(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(2.0)
            return x

    with pytest.raises(TypeError, match="save_for_backward can only save variables"):
        SavesANumber.apply(Tensor([1.0], requires_grad=True))

    class Two(Function):
        @staticmethod
        def forward(ctx, x):
            return x, x

    with pytest.raises(TypeError, match="one output"):
        Two.apply(Tensor([1.0], requires_grad=True))
