"""In-place ops and the version counter: PyTorch's values, gradients and errors
(the expected numbers were computed with PyTorch 2.13)."""

import numpy as np
import pytest

import tensor_autograd as ta
from tensor_autograd import Tensor, check_grads, nn, no_grad

STALE = (r"one of the variables needed for gradient computation has been modified by "
         r"an inplace operation: \[tensor_autograd.Tensor float64 \[3\]\], which is "
         r"{} of {}, is at version {}; expected version {} instead")


def leaf(values=(1.0, 2.0, 3.0)):
    return Tensor(list(values), requires_grad=True)


def test_in_place_on_a_non_leaf_keeps_the_gradient_right():
    x = leaf()
    y = x * 2
    data = y.data
    assert y.add_(1) is y and y.data is data  # the same tensor, the same array
    assert y._version == 1
    np.testing.assert_array_equal(y.data, [3.0, 5.0, 7.0])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 2.0, 2.0])


@pytest.mark.parametrize("order", [1, 2])
@pytest.mark.parametrize("name, op", [
    ("add_", lambda y, w: y.add_(w)),
    ("add_ alpha", lambda y, w: y.add_(w, alpha=-0.5)),
    ("sub_", lambda y, w: y.sub_(w * w)),
    ("mul_", lambda y, w: y.mul_(w)),
    ("div_", lambda y, w: y.div_(w * w + 1)),
    ("clamp_", lambda y, w: y.clamp_(min=-0.3, max=0.4).mul_(w)),
    ("setitem", lambda y, w: y.__setitem__((0, slice(None)), w[1] * 3) or y),
    ("fill_", lambda y, w: y.fill_(2.0) * w),
    ("zero_", lambda y, w: y.zero_() + w),
])
def test_in_place_gradients_against_finite_differences(name, op, order):
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    check_grads(lambda x, w: op(x.tanh() * 1, w) * x, x, w, order=order)


def test_each_in_place_op_equals_its_out_of_place_op():
    rng = np.random.default_rng(1)
    x0, w0 = rng.standard_normal(4), rng.standard_normal(4)
    pairs = [
        (lambda y, w: y.add_(w), lambda y, w: y + w),
        (lambda y, w: y.sub_(w), lambda y, w: y - w),
        (lambda y, w: y.mul_(w), lambda y, w: y * w),
        (lambda y, w: y.div_(w), lambda y, w: y / w),
        (lambda y, w: y.clamp_(-0.5, 0.5), lambda y, w: y.clamp(-0.5, 0.5)),
    ]
    for inplace, outofplace in pairs:
        grads = []
        for op in (inplace, outofplace):
            x, w = Tensor(x0, requires_grad=True), Tensor(w0, requires_grad=True)
            out = op(x * 1, w)
            (out * out).sum().backward()
            grads.append((out.data, x.grad, w.grad))
        for a, b in zip(*grads):
            assert (a is None) == (b is None)  # clamp_ does not use w
            if a is not None:
                np.testing.assert_allclose(a, b, rtol=1e-15)


def test_a_leaf_that_requires_grad_refuses_in_place_ops_but_not_under_no_grad():
    x = leaf()
    for op in (lambda: x.add_(1), lambda: x.mul_(2), lambda: x.zero_(),
               lambda: x.__setitem__(0, 5.0)):
        with pytest.raises(RuntimeError, match=r"^a leaf Variable that requires grad is "
                           r"being used in an in-place operation.$"):
            op()
    assert x._version == 0
    with no_grad():
        x.mul_(2).sub_(1)
        x[0] = 0.0
    np.testing.assert_array_equal(x.data, [0.0, 3.0, 5.0])
    assert x._version == 3 and x.requires_grad and x.is_leaf


def test_modifying_a_saved_output_is_pytorchs_error_naming_the_op():
    x = leaf()
    y = x.exp()
    y.add_(1)
    with pytest.raises(RuntimeError, match=STALE.format("output 0", "exp_backward", 1, 0)):
        y.sum().backward()
    y = x.sigmoid()
    y.zero_()
    y.zero_()
    with pytest.raises(RuntimeError,
                       match=STALE.format("output 0", "sigmoid_backward", 2, 0)):
        y.sum().backward()


def test_modifying_a_saved_input_is_an_error_and_an_unsaved_one_is_not():
    x, w = leaf(), leaf([2.0, 3.0, 4.0])
    h = x * 1
    y = h * w  # saves h (for w's gradient)
    h.add_(1)
    with pytest.raises(RuntimeError, match=STALE.format("input 0", "mul_backward", 1, 0)):
        y.sum().backward()
    # As in PyTorch: y = x * 2; z = y * 3 saves no y (3 needs no gradient).
    x = leaf()
    y = x * 2
    z = y * 3
    y.mul_(5)
    (y + z).sum().backward()
    np.testing.assert_array_equal(x.grad, [16.0, 16.0, 16.0])  # 2·5 + 2·3


def test_in_place_twice_with_a_gradient_for_the_factor():
    x, w = leaf(), leaf([2.0, 3.0, 4.0])
    y = x * 1
    y.mul_(w)
    y.mul_(w)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [4.0, 9.0, 16.0])  # PyTorch's
    np.testing.assert_array_equal(w.grad, [4.0, 12.0, 24.0])


def test_setitem_records_a_gradient_for_both_sides():
    x = leaf()
    y = x * 2
    y[0] = 10.0
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 2.0, 2.0])  # PyTorch's
    x, v = leaf(), Tensor(5.0, requires_grad=True)
    y = x * 1
    y[1:] = v  # broadcast: v's gradient is summed
    (y * y).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 0.0, 0.0])
    assert v.grad == 20.0


def test_a_tensor_without_grad_becomes_a_node_when_a_gradient_flows_in():
    x = leaf()
    buffer = ta.zeros(3, dtype=ta.float64)
    buffer.add_(x * x)
    assert buffer.requires_grad and not buffer.is_leaf
    buffer.sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0, 6.0])


def test_fill_and_zero_give_a_zero_gradient():
    x = leaf()
    y = x * 1
    y.fill_(2)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 0.0])


def test_shape_that_does_not_fit_is_pytorchs_error():
    with pytest.raises(RuntimeError, match=r"output with shape \[3\] doesn't match the "
                       r"broadcast shape \[2, 3\]"):
        (leaf() * 2).add_(ta.ones(2, 3))


def test_detach_shares_the_version_counter_so_misuse_is_caught():
    x, w = leaf(), leaf([2.0, 3.0, 4.0])
    y = x * w
    d = w.detach()
    assert d.data is w.data
    d.add_(1)  # changes w too
    assert w._version == 1
    with pytest.raises(RuntimeError, match=STALE.format("input 1", "mul_backward", 1, 0)):
        y.sum().backward()


def test_data_bypasses_the_counter_and_the_gradient_is_silently_wrong():
    x, w = leaf(), leaf([2.0, 3.0, 4.0])
    y = x * w
    w.data += 1  # NumPy in place: no version bump
    assert w._version == 0
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 4.0, 5.0])  # not dy/dx = [2, 3, 4]


def test_optimizers_and_init_still_work_on_leaves():
    layer = nn.Linear(3, 1, rng=0)
    with no_grad():
        layer.bias.zero_()
        layer.weight.fill_(0.5)
    opt = ta.optim.SGD(layer.parameters(), lr=0.1)
    loss = (layer(Tensor(np.ones((2, 3), dtype=np.float32))) ** 2).mean()
    loss.backward()
    opt.step()
    np.testing.assert_allclose(layer.weight.data, 0.5 - 0.1 * 3.0, rtol=1e-6)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402


@settings(max_examples=30, deadline=None)
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3),
       which=st.sampled_from(["add_", "sub_", "mul_", "div_"]), seed=st.integers(0, 99))
def test_in_place_ops_with_a_broadcast_operand_over_shapes(shapes, which, seed):
    """Over shapes: an operand that broadcasts into y, first and second order."""
    y_shape, w_shape = shapes.input_shapes
    if np.broadcast_shapes(y_shape, w_shape) != y_shape:
        y_shape = shapes.result_shape  # y must hold the result in place
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal(y_shape), rng.uniform(0.5, 1.5, w_shape)

    def f(x, w):
        return getattr(x.tanh() * 1, which)(w) * x
    check_grads(f, x, w, order=2)


def test_the_version_counter_stays_small_over_many_updates():
    w, v = leaf(), leaf()
    y = w * v  # saves w (for v's gradient) at version 0
    with no_grad():
        for _ in range(5000):
            w.add_(0.0)
    counter = ta.inplace.counter_of(w.data)
    assert w._version == 5000 and len(counter.ticks) <= 2 * counter.KEEP
    with pytest.raises(RuntimeError, match="is at version 5000; expected version"):
        y.sum().backward()  # long ago, still caught
    z = w * 2
    z.sum().backward()  # made after the updates: nothing stale
    np.testing.assert_array_equal(w.grad, [2.0, 2.0, 2.0])
