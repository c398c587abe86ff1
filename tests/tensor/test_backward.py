"""The backward pass: accumulation, shared nodes, seeds, long chains, freeing, no_grad."""

import numpy as np
import pytest

from tensor_autograd import Tensor, is_grad_enabled, no_grad, set_grad_enabled
from tensor_autograd.autograd import topological_sort


def test_gradients_accumulate_across_backward_calls_like_pytorch():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad, [3 + 2, 3 + 4])
    x.grad = None  # what zero_grad does
    (x * 3).sum().backward()
    np.testing.assert_allclose(x.grad, [3.0, 3.0])


def test_a_node_used_twice_gets_both_gradients():
    x = Tensor(3.0, requires_grad=True)
    y = x * x  # a diamond: y feeds both branches
    z = y + y.exp()
    z.backward()
    assert np.isclose(x.grad, 2 * 3.0 * (1 + np.exp(9.0)))


def test_same_tensor_on_both_sides():
    x = Tensor([2.0], requires_grad=True)
    (x * x + x / x - x - x).sum().backward()
    np.testing.assert_allclose(x.grad, [2 * 2.0 + 0 - 2])


def test_only_leaves_that_require_grad_get_a_grad():
    x = Tensor([1.0], requires_grad=True)
    c = Tensor([5.0])
    y = x * c
    (y * 2).sum().backward()
    assert c.grad is None and y.grad is None  # y is not a leaf; like PyTorch without retain_grad
    np.testing.assert_allclose(x.grad, [10.0])


def test_backward_on_a_non_scalar_needs_grad():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    y = x * 2
    with pytest.raises(RuntimeError, match=r"shape \(2, 3\) needs a `grad`"):
        y.backward()
    y.backward(np.full((2, 3), 0.5))
    np.testing.assert_allclose(x.grad, np.ones((2, 3)))


def test_grad_of_the_wrong_shape_is_named():
    y = Tensor(np.ones((2, 3)), requires_grad=True) * 2
    with pytest.raises(ValueError, match=r"grad given has shape \(3,\) but the output has shape \(2, 3\)"):
        y.backward(np.ones(3))


def test_one_element_outputs_need_no_grad():
    x = Tensor([[2.0]], requires_grad=True)
    (x * 3).backward()
    np.testing.assert_allclose(x.grad, [[3.0]])


def test_backward_on_a_constant_says_why():
    with pytest.raises(RuntimeError, match="does not require grad"):
        (Tensor([1.0]) * 2).sum().backward()


def test_seed_array_is_not_kept_by_the_leaf():
    x = Tensor([1.0, 2.0], requires_grad=True)
    seed = np.array([1.0, 1.0])
    (x + 0).backward(seed)
    seed[0] = 100.0
    np.testing.assert_allclose(x.grad, [1.0, 1.0])


def test_leaf_grads_are_writable_arrays_even_from_broadcast_views():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    x.sum().backward()  # sum's backward broadcasts g: a read-only view
    assert x.grad.flags.writeable and x.grad.shape == (2, 3)


def test_a_chain_of_50000_ops_does_not_hit_the_recursion_limit():
    x = Tensor(1.0, requires_grad=True)
    y = x
    for _ in range(50_000):
        y = y * 1.0 + 0.0
    assert len(topological_sort([y])) == 100_001
    y.backward()
    assert x.grad == 1.0


def test_dropping_a_long_chain_without_backward_is_safe():
    x = Tensor(1.0, requires_grad=True)
    y = x
    for _ in range(50_000):
        y = y * 1.0
    del y  # 50,000 nested deallocations: Python's trashcan keeps the C stack shallow


def test_topological_order_puts_inputs_before_outputs():
    x = Tensor(1.0, requires_grad=True)
    a = x * 2
    b = a + x
    c = b * a
    order = topological_sort([c])
    position = {id(t): i for i, t in enumerate(order)}
    for node in order:
        for parent in node._parents:
            if parent.requires_grad:
                assert position[id(parent)] < position[id(node)]


def test_the_graph_is_freed_after_backward_and_a_second_pass_says_so():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    assert y._parents == () and y._ctx is None
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_retain_graph_allows_a_second_backward():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad, [4.0, 8.0])


def test_no_grad_builds_no_graph_and_restores_the_mode():
    x = Tensor([1.0], requires_grad=True)
    with no_grad():
        assert not is_grad_enabled()
        y = (x * 2).exp()
        with set_grad_enabled(True):
            assert (x * 2).requires_grad
        assert not is_grad_enabled()
    assert is_grad_enabled()
    assert not y.requires_grad and y._parents == () and y._backward is None


def test_no_grad_restores_the_mode_after_an_error_and_works_as_a_decorator():
    with pytest.raises(ZeroDivisionError):
        with no_grad():
            1 / 0
    assert is_grad_enabled()

    @no_grad()
    def evaluate(x):
        return x * 2

    assert not evaluate(Tensor([1.0], requires_grad=True)).requires_grad
    assert is_grad_enabled()


def test_constants_in_the_graph_get_no_gradient_work():
    # An op only keeps its parents when one of them requires grad.
    c = Tensor(np.ones(3))
    assert (c * 2)._parents == ()
    x = Tensor(np.ones(3), requires_grad=True)
    assert (c * x)._parents[0] is c


def test_no_grad_as_a_decorator_survives_recursion():
    @no_grad()
    def depth(n):
        return 0 if n == 0 else 1 + depth(n - 1)

    depth(3)
    assert is_grad_enabled()


def test_no_matrix_product_is_spent_on_inputs_that_do_not_need_a_gradient():
    from tensor_autograd.functional import linear

    x = Tensor(np.ones((4, 3)))  # data: no gradient wanted
    w = Tensor(np.ones((2, 3)), requires_grad=True)
    g = np.ones((4, 2))
    for out in (x @ w.T, linear(x, w), linear(x, w, Tensor(np.zeros(2)))):
        inputs = [parent.data for parent in out._parents]
        grads = out._backward(g, out.data, *inputs, **out._ctx)
        assert grads[0] is None and grads[1].shape == inputs[1].shape  # x's: skipped


# -- each leaf's .grad is an array of its own -------------------------------------------------------
def _leaves_sharing_one_gradient():
    from tensor_autograd import functional as F
    from tensor_autograd.nn import Parameter

    a, b = Parameter(np.zeros(3)), Parameter(np.zeros((3, 1)))
    # add hands the same g to both; reshape passes a view of it on: neither may keep it as is.
    F.mse_loss(a.reshape(3, 1) + b, np.ones((3, 1))).backward()
    return a, b


def test_two_leaves_never_share_a_grad_array():
    a, b = _leaves_sharing_one_gradient()
    assert not np.shares_memory(a.grad, b.grad)
    expected = 2 * (0 - 1) / 3
    a.grad *= 0  # what an optimizer's in-place update may do to one gradient
    np.testing.assert_allclose(b.grad, np.full((3, 1), expected))


def test_a_leaf_never_keeps_the_callers_seed_array():
    for wrap in (Tensor, np.asarray):
        seed = np.array([1.0, 2.0])
        x = Tensor([3.0, 4.0], requires_grad=True)
        x.backward(wrap(seed))
        assert not np.shares_memory(x.grad, seed)
        y = Tensor([[3.0, 4.0]], requires_grad=True)
        y.reshape(2).backward(wrap(seed))  # a view of the seed reaches the leaf
        assert not np.shares_memory(y.grad, seed)
        x.grad += 1
        np.testing.assert_array_equal(seed, [1.0, 2.0])


def test_a_leaf_owns_a_writeable_grad_even_from_a_broadcast_view():
    # sum's backward hands out np.broadcast_to's read-only view; the leaf gets its own copy.
    x, s = Tensor([1.0, 2.0, 3.0], requires_grad=True), Tensor(2.0, requires_grad=True)
    (x.sum() * s).backward()
    assert x.grad.flags.writeable and x.grad.flags.owndata
    assert type(s.grad) is np.ndarray and s.grad.flags.writeable
    x.grad *= 0  # what an in-place update (gradient clipping, say) may do
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 0.0])
