"""Backward visits nodes in topological order: reused nodes, diamonds, random DAGs."""

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from scalar_autograd.engine import Value, topological_sort
from scalar_autograd.gradcheck import check_grads


def test_reused_node_gets_the_sum_of_its_paths():
    a = Value(3.0)
    b = a + a
    c = b + b
    c.backward()
    assert (a.grad, b.grad, c.grad) == (4.0, 2.0, 1.0)


def test_same_value_on_both_sides_of_mul():
    a = Value(3.0)
    (a * a).backward()
    assert a.grad == 6.0


def test_diamond():
    x = Value(0.5)
    u = x * 2
    v = x.exp()
    y = u * v  # y = 2x·eˣ, dy/dx = 2eˣ(1 + x)
    y.backward()
    assert math.isclose(x.grad, 2 * math.exp(0.5) * 1.5)


def test_topological_sort_lists_each_node_once_after_its_parents():
    a = Value(1.0)
    b = a * 2
    c = b + a
    d = c * b
    order = topological_sort([d])
    assert len(order) == len(set(map(id, order))) == 5  # a, 2, b, c, d
    position = {id(v): i for i, v in enumerate(order)}
    for v in order:
        for p in v.parents:
            assert position[id(p)] < position[id(v)]
    assert order[-1] is d


def test_topological_sort_of_a_leaf_is_the_leaf():
    a = Value(1.0)
    assert topological_sort([a]) == [a]


def random_graph(seed, size):
    """A random DAG on 3 inputs; each new node applies a random op to earlier nodes."""
    rng = random.Random(seed)

    def f(*inputs):
        nodes = list(inputs)
        for _ in range(size):
            a, b = rng.choice(nodes), rng.choice(nodes)
            op = rng.randrange(5)
            nodes.append(
                [a + b, a * b, a - b, a.tanh() * 0.5, (a * b).sigmoid()][op]
            )
        return sum(nodes[len(inputs):], Value(0.0))

    return f


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 30),
       xs=st.lists(st.floats(-1.5, 1.5), min_size=3, max_size=3))
def test_random_dags_match_finite_differences(seed, size, xs):
    # the same random choices on every call, so f is a fixed function of its inputs
    def f(*inputs):
        return random_graph(seed, size)(*inputs)

    check_grads(f, *xs, atol=1e-4, rtol=1e-4)
    out = f(*map(Value, xs))
    order = topological_sort([out])
    position = {id(v): i for i, v in enumerate(order)}
    assert all(position[id(p)] < position[id(v)] for v in order for p in v.parents)


def test_topological_sort_has_part_twos_name_and_call():
    """Issue 9 point 4: one vocabulary across the two parts."""
    import inspect

    from tensor_autograd.autograd import topological_sort as part_two

    assert list(inspect.signature(topological_sort).parameters) == ["roots"]
    assert list(inspect.signature(part_two).parameters) == ["roots"]
    a = Value(1.0)
    b, c = a * 2, a + 1
    order = topological_sort([b, c])  # several roots: a, the constants 2 and 1, b, c
    assert len(order) == len({id(v) for v in order}) == 5
    assert order[0] is a and order.index(b) < order.index(c) == 4
