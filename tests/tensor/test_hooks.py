"""Tensor hooks, retain_grad, requires_grad_ and module forward hooks, as in PyTorch."""

import numpy as np
import pytest

from tensor_autograd import Tensor, check_grads, grad, nn


def test_a_tensor_hook_sees_the_gradient_as_a_tensor_and_may_replace_it():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    seen = []
    y.register_hook(lambda g: seen.append(g))
    y.register_hook(lambda g: g * 10)  # runs after the first: the order of registration
    (y * y).sum().backward()
    assert isinstance(seen[0], Tensor) and not seen[0].requires_grad
    np.testing.assert_array_equal(seen[0].data, [6.0, 12.0])  # d(y²)/dy = 2y
    np.testing.assert_array_equal(x.grad, [180.0, 360.0])  # 10 · 2y · 3


def test_a_leaf_hook_runs_before_grad_is_accumulated_and_can_be_removed():
    w = Tensor([1.0, -1.0], requires_grad=True)
    handle = w.register_hook(lambda g: g.clamp(min=0.0))
    (w * Tensor([2.0, -3.0])).sum().backward()
    np.testing.assert_array_equal(w.grad, [2.0, 0.0])
    handle.remove()
    handle.remove()  # twice is harmless, as in PyTorch
    w.grad = None
    (w * Tensor([2.0, -3.0])).sum().backward()
    np.testing.assert_array_equal(w.grad, [2.0, -3.0])


def test_hooks_under_create_graph_are_differentiated_too():
    def f(x):
        y = x * x
        y.register_hook(lambda g: g * y)  # a replacement that depends on x
        return y
    x = Tensor([1.5, -0.5], requires_grad=True)
    (g,) = grad(f(x).sum(), x, create_graph=True)
    np.testing.assert_allclose(g.data, 2 * x.data**3)  # (x²)·2x
    (h,) = grad(g.sum(), x)
    # The hook runs in the second pass too (y is in g's graph): PyTorch 2.13 gives these.
    np.testing.assert_allclose(h.data, [24.75, 0.75])


def test_hook_errors():
    with pytest.raises(RuntimeError, match="cannot register a hook on a tensor that "
                       "doesn't require gradient"):
        Tensor([1.0]).register_hook(print)
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: g.sum())
    with pytest.raises(RuntimeError, match=r"returned a gradient of shape \(\) for a "
                       r"tensor of shape \(2,\)"):
        y.sum().backward()


def test_a_non_leaf_keeps_its_gradient_only_when_asked():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y, z = x * 2, x * 3
    assert not y.retains_grad
    y.retain_grad()
    assert y.retains_grad
    (y * z).sum().backward(retain_graph=True)
    np.testing.assert_array_equal(y.grad, z.data)
    assert z.grad is None  # as in PyTorch: only leaves, and those that retain
    (y * z).sum().backward()
    np.testing.assert_array_equal(y.grad, 2 * z.data)  # accumulated, like a leaf's
    with pytest.raises(RuntimeError, match="can't retain_grad on Tensor that has "
                       "requires_grad=False"):
        Tensor([1.0]).retain_grad()


def test_retain_grad_sees_the_gradient_after_the_hooks():
    x = Tensor([1.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    y.register_hook(lambda g: g * 5)  # registered later, still runs first
    y.sum().backward()
    assert y.grad.tolist() == [5.0] and x.grad.tolist() == [10.0]


def test_requires_grad_():
    x = Tensor([1.0, 2.0])
    assert x.requires_grad_() is x and x.requires_grad
    check_grads(lambda x: x.requires_grad_() * 2, np.array([1.0]))
    with pytest.raises(RuntimeError, match="you can only change requires_grad flags of "
                       "leaf variables"):
        (x * 2).requires_grad_(False)
    assert not x.requires_grad_(False).requires_grad


def test_module_forward_hooks_see_and_may_replace_args_and_output():
    layer = nn.Linear(2, 3, rng=0)
    calls = []

    def pre(module, args):
        calls.append(("pre", module is layer, args[0].shape))
        return (args[0] * 0,)  # the layer now sees zeros: its output is the bias

    def post(module, args, output):
        calls.append(("post", output.shape))
        return output + 1

    h1 = layer.register_forward_pre_hook(pre)
    h2 = layer.register_forward_hook(post)
    out = layer(Tensor(np.ones((4, 2), dtype=np.float32)))
    np.testing.assert_allclose(out.data, np.broadcast_to(layer.bias.data + 1, (4, 3)))
    assert calls == [("pre", True, (4, 2)), ("post", (4, 3))]
    h1.remove()
    h2.remove()
    x = Tensor(np.ones((1, 2), dtype=np.float32))
    np.testing.assert_allclose(layer(x).data, (x @ layer.weight.T + layer.bias).data)
    assert len(calls) == 2 and "_module_hooks" not in dict(layer.named_parameters())


def test_a_forward_hook_that_logs_activations_inside_a_sequential():
    model = nn.Sequential(nn.Linear(2, 4, rng=0), nn.ReLU(), nn.Linear(4, 1, rng=1))
    activations = {}
    model[1].register_forward_hook(
        lambda m, args, out: activations.__setitem__("relu", out.data.copy()))
    model(Tensor(np.ones((3, 2), dtype=np.float32)))
    assert activations["relu"].shape == (3, 4) and (activations["relu"] >= 0).all()
