"""Gradients accumulate across backward calls (like PyTorch) until zeroed."""

from scalar_autograd.engine import Value
from scalar_autograd.nn import MLP
from scalar_autograd.optim import SGD


def test_grad_is_zero_until_backward():
    a = Value(2.0)
    b = a * 3
    assert (a.grad, b.grad) == (0.0, 0.0)


def test_second_backward_adds_to_leaves():
    a, b = Value(2.0), Value(-3.0)
    c = a * b
    c.backward()
    assert (a.grad, b.grad) == (-3.0, 2.0)
    c.backward()
    assert (a.grad, b.grad) == (-6.0, 4.0)


def test_intermediate_nodes_hold_the_latest_pass_only():
    # if intermediate grads accumulated too, the second pass would push 2·b into a (3·b total)
    a, b = Value(2.0), Value(5.0)
    h = a * b
    out = h * 1.0
    out.backward()
    out.backward()
    assert h.grad == 1.0
    assert a.grad == 2 * 5.0


def test_two_losses_sharing_a_subgraph_add_up():
    a = Value(1.5)
    h = a * a
    (h * 2).backward()
    (h * 3).backward()
    assert a.grad == 2 * 1.5 * 2 + 2 * 1.5 * 3


def test_backward_on_a_leaf_seeds_one_and_accumulates():
    a = Value(4.0)
    a.backward()
    a.backward()
    assert a.grad == 2.0


def test_zero_grad_resets_module_and_optimizer_params():
    model = MLP(2, [3, 1], seed=0)
    model([1.0, -1.0]).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())

    model([1.0, -1.0]).backward()
    SGD(model.parameters(), lr=0.1).zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_forgetting_zero_grad_doubles_the_step():
    w = Value(1.0)
    for _ in range(2):
        (w * 3).backward()
    assert w.grad == 6.0  # stale gradient from the first step is still in there
