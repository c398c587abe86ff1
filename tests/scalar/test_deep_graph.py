"""A graph a million nodes deep: no recursion anywhere (build, backward, free)."""

import sys

from scalar_autograd.engine import Value, topological_sort


def test_one_million_node_chain_backward():
    x = Value(0.5)
    v = x
    for _ in range(999_999):
        v = -v  # one new node per step: 1,000,000 nodes with x
    v.backward()
    assert x.grad == -1.0  # an odd number of negations
    assert sys.getrecursionlimit() < 1_000_000  # we did not cheat by raising it
    del v  # freeing the chain must not overflow the C stack either


def test_topological_sort_of_a_long_chain_is_the_chain():
    x = Value(1.0)
    v = x
    for _ in range(50_000):
        v = v.tanh()
    order = topological_sort([v])
    assert len(order) == 50_001
    assert order[0] is x and order[-1] is v
