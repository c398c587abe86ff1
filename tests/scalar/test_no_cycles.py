"""A Value graph holds no reference cycles: reference counting frees it, not the cyclic GC."""

import gc

import pytest

from scalar_autograd.engine import Value
from scalar_autograd.nn import MLP


@pytest.fixture
def gc_off():
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def count_values():
    return sum(isinstance(o, Value) for o in gc.get_objects())


def test_graph_is_freed_without_the_cyclic_collector(gc_off):
    before = count_values()
    x, y = Value(0.3), Value(-1.2)
    z = (x * y).tanh() + x.exp() / (1 + y**2) - x.log()
    z = (z.sigmoid() * z.relu() - 2 / (y + 5)) ** 2 + 3**x
    z.backward()
    assert count_values() > before
    del x, y, z
    assert count_values() == before  # freed by reference counting alone
    assert gc.collect() == 0  # and there was no cyclic garbage to find


def test_training_step_leaves_no_cyclic_garbage(gc_off):
    before = count_values()
    model = MLP(2, [8, 8, 1], seed=0)
    params = model.parameters()
    loss = sum(((model([x, -x]) - x) ** 2 for x in (0.1, 0.5, -0.7)), Value(0.0))
    loss.backward()
    for p in params:
        p.data -= 0.01 * p.grad
    del loss
    assert gc.collect() == 0
    assert count_values() == before + len(params)  # only the parameters remain
