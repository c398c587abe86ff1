"""Random computation graphs, checked against a NumPy evaluation and finite differences.

Each example composes 3–12 ops drawn at random over 1–3 leaves: an op may take any earlier node
(so nodes are reused and one leaf may feed several ops), shapes include 0-d and size-1 axes, and
leaf values include exact zeros and ties. The scalar output weighs every node, so every node
matters. Then:

- values (and dtypes, in float32) agree with the same graph evaluated in plain NumPy;
- in float64, the gradient with respect to every leaf *and every intermediate node* agrees with
  central differences (a perturbed intermediate is recomputed downstream in NumPy), and a
  Hessian-vector product agrees with differences of the gradient;
- a second `backward()` doubles each leaf's `.grad`, which stays an array of the leaf's shape
  and dtype.

Near a kink (relu at 0, ties in max or where) finite differences say nothing, so there only the
values and the accumulation are checked.
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tensor_autograd import Tensor, grad, where
from tensor_autograd.broadcast import broadcast_to, sum_to

# Every pair of these shapes broadcasts (last axis 1 or 3, the one before 1 or 2), and every op
# below maps them into the same family, so any two nodes can meet in a binary op.
SHAPES = [(), (1,), (3,), (1, 1), (2, 1), (1, 3), (2, 3)]
SPECIAL = [0.0, 0.0, 1.0, -1.0, 0.5, -0.5, 2.0]  # exact zeros, and values that tie


def _gap_to_second_largest(x, axis):
    if x.shape[axis] < 2:
        return np.inf
    top2 = -np.sort(-x, axis=axis).take([0, 1], axis=axis)
    return float(np.min(np.abs(np.diff(top2, axis=axis))))


def _reduce_axis(x):
    return -1 if np.ndim(x) else None


# name: (tensor version, NumPy version, distance to a kink or None when smooth)
UNARY = {
    "neg": (lambda x: -x, lambda x: -x, None),
    "square": (lambda x: x * x, lambda x: x * x, None),
    "cube": (lambda x: x**3, lambda x: x**3, None),
    "pow0": (lambda x: x**0, lambda x: x**0, None),
    "tanh": (lambda x: x.tanh(), np.tanh, None),
    "sigmoid": (lambda x: x.sigmoid(), lambda x: 1 / (1 + np.exp(-x)), None),
    "exp_tanh": (lambda x: x.tanh().exp(), lambda x: np.exp(np.tanh(x)), None),
    "log": (lambda x: (x * x + 1).log(), lambda x: np.log(x * x + 1), None),
    "relu": (lambda x: x.relu(), lambda x: np.maximum(x, 0), lambda x: np.min(np.abs(x))),
    "reshape_same": (lambda x: x.reshape(x.shape), lambda x: x, None),
    "reshape_round_trip": (lambda x: x.reshape(-1).reshape(x.shape), lambda x: x, None),
    "transpose_twice": (lambda x: x.T.T, lambda x: x, None),
    "astype_same": (lambda x: x.astype(x.dtype), lambda x: x, None),
    "sum_to_same": (lambda x: sum_to(x, x.shape), lambda x: x, None),
    "broadcast": (lambda x: broadcast_to(x, (2, 3)), lambda x: np.broadcast_to(x, (2, 3)), None),
    "sum_all": (lambda x: x.sum(), lambda x: x.sum(), None),
    "sum_last": (
        lambda x: x.sum(axis=-1, keepdims=True) if x.ndim else x.sum(),
        lambda x: x.sum(axis=_reduce_axis(x), keepdims=bool(np.ndim(x))),
        None,
    ),
    "mean_first": (
        lambda x: x.mean(axis=0, keepdims=True) if x.ndim else x.mean(),
        lambda x: x.mean(axis=0 if np.ndim(x) else None, keepdims=bool(np.ndim(x))),
        None,
    ),
    "max_last": (
        lambda x: x.max(axis=-1, keepdims=True) if x.ndim else x.max(),
        lambda x: x.max(axis=_reduce_axis(x), keepdims=bool(np.ndim(x))),
        lambda x: _gap_to_second_largest(x, -1) if np.ndim(x) else np.inf,
    ),
}

BINARY = {
    "add": (lambda a, b: a + b, lambda a, b: a + b, None),
    "sub": (lambda a, b: a - b, lambda a, b: a - b, None),
    "mul": (lambda a, b: a * b, lambda a, b: a * b, None),
    "div": (lambda a, b: a / (b * b + 1), lambda a, b: a / (b * b + 1), None),
    "pow": (
        lambda a, b: (a * a + 0.5) ** b.tanh(),
        lambda a, b: (a * a + 0.5) ** np.tanh(b),
        None,
    ),
    "where": (
        lambda a, b: where(a.data > b.data, a, b),
        lambda a, b: np.where(a > b, a, b),
        lambda a, b: np.min(np.abs(a - b)),
    ),
}


@st.composite
def graphs(draw, dtype):
    """(leaf arrays, ops as (name, input indices), output weights): a recipe for one graph."""
    n_leaves = draw(st.integers(1, 3))
    elements = st.one_of(st.sampled_from(SPECIAL), st.floats(-2, 2, width=32))
    leaves = [
        draw(hnp.arrays(dtype, st.sampled_from(SHAPES), elements=elements))
        for _ in range(n_leaves)
    ]
    ops = []
    for _ in range(draw(st.integers(3, 12))):
        n_nodes = n_leaves + len(ops)
        if draw(st.booleans()):
            name = draw(st.sampled_from(sorted(UNARY)))
            ops.append((name, (draw(st.integers(0, n_nodes - 1)),)))
        else:
            name = draw(st.sampled_from(sorted(BINARY)))
            pair = tuple(draw(st.integers(0, n_nodes - 1)) for _ in range(2))
            ops.append((name, pair))
    seed = draw(st.integers(0, 2**16))
    return leaves, ops, seed


def _table(name):
    return UNARY[name] if name in UNARY else BINARY[name]


def evaluate_tensors(leaves, ops):
    """The graph in the engine: every node (leaves first)."""
    nodes = list(leaves)
    for name, inputs in ops:
        nodes.append(_table(name)[0](*[nodes[i] for i in inputs]))
    return nodes


def evaluate_numpy(leaf_values, ops, override=None):
    """The graph in NumPy: every node's value, and the smallest distance to a kink.

    `override` = (index, value) replaces that node's value (a leaf's or an op's) before the
    nodes after it are computed: how a perturbed intermediate node is followed downstream.
    """
    values = [np.asarray(v) for v in leaf_values]
    if override is not None and override[0] < len(values):
        values[override[0]] = override[1]
    kink = np.inf
    for name, inputs in ops:
        _, numpy_op, distance = _table(name)
        args = [values[i] for i in inputs]
        if distance is not None:
            kink = min(kink, distance(*args))
        values.append(np.asarray(numpy_op(*args)))
        if override is not None and override[0] == len(values) - 1:
            values[-1] = override[1]
    return values, kink


def scalar(nodes, weights):
    """The output: every node, weighed by a fixed random array, summed."""
    return sum((node * w).sum() for node, w in zip(nodes, weights))


def _close(analytic, numeric, scale, what):
    tolerance = 1e-5 * abs(numeric) + 1e-7 * scale
    assert abs(analytic - numeric) <= tolerance, f"{what}: {analytic!r} vs {numeric!r}"


def _graph_is_tame(values):
    return all(np.all(np.isfinite(v)) and np.all(np.abs(v) < 1e3) for v in values)


def _describe(leaves, ops):
    return f"leaves {[leaf.tolist() for leaf in leaves]}, ops {ops}"


@settings(max_examples=150)
@given(graphs(np.float64))
def test_random_graphs_float64_values_and_first_and_second_derivatives(graph):
    leaf_values, ops, seed = graph
    rng = np.random.default_rng(seed)
    values, kink = evaluate_numpy(leaf_values, ops)
    if not _graph_is_tame(values):
        return  # overflowing chains (cubes of cubes) say nothing about gradients
    weights = [rng.standard_normal(np.shape(v)) for v in values]
    leaves = [Tensor(v.copy(), requires_grad=True) for v in leaf_values]
    nodes = evaluate_tensors(leaves, ops)
    where = _describe(leaf_values, ops)
    for node, value in zip(nodes, values):
        assert node.shape == value.shape and node.dtype == np.float64, where
        np.testing.assert_allclose(node.data, value, rtol=1e-12, atol=1e-12, err_msg=where)

    out = scalar(nodes, weights)
    grads = grad(out, nodes, retain_graph=True)
    assert all(g.shape == n.shape for g, n in zip(grads, nodes)), where

    # A second backward accumulates: each leaf's .grad doubles and stays an array of its shape.
    out.backward(retain_graph=True)
    out.backward()
    for leaf, g in zip(leaves, grads):
        assert type(leaf.grad) is np.ndarray, where
        assert leaf.grad.shape == leaf.shape and leaf.grad.dtype == np.float64, where
        np.testing.assert_allclose(leaf.grad, 2 * g.data, rtol=1e-12, atol=1e-12, err_msg=where)

    if kink < 1e-3:
        return  # finite differences across a kink measure neither side's derivative
    eps = 1e-6
    scale = 1 + sum(float(np.abs(v * w).sum()) for v, w in zip(values, weights))

    def f(override):
        return sum(float((v * w).sum()) for v, w in zip(evaluate_numpy(leaf_values, ops, override)[0], weights))

    # First derivatives, with respect to every node: leaves and intermediates alike.
    for i, (value, g) in enumerate(zip(values, grads)):
        u = rng.standard_normal(value.shape)
        numeric = (f((i, value + eps * u)) - f((i, value - eps * u))) / (2 * eps)
        _close(float((g.data * u).sum()), numeric, scale, f"d/d node {i} ({where})")

    # Second derivatives: H v against differences of the gradient along u.
    vs = [rng.standard_normal(v.shape) for v in leaf_values]
    us = [rng.standard_normal(v.shape) for v in leaf_values]

    def gradient_dot_v(arrays, create_graph):
        xs = [Tensor(a, requires_grad=True) for a in arrays]
        gs = grad(scalar(evaluate_tensors(xs, ops), weights), xs, create_graph=create_graph)
        return xs, sum((g * v).sum() for g, v in zip(gs, vs))

    xs, s = gradient_dot_v([v.copy() for v in leaf_values], create_graph=True)
    if not s.requires_grad:  # the gradient does not depend on the leaves: H = 0
        hvp = [np.zeros_like(v) for v in leaf_values]
    else:
        hvp = [g.data for g in grad(s, xs, allow_unused=True)]
    plus = gradient_dot_v([v + eps * u for v, u in zip(leaf_values, us)], False)[1].item()
    minus = gradient_dot_v([v - eps * u for v, u in zip(leaf_values, us)], False)[1].item()
    along = sum(float((h * u).sum()) for h, u in zip(hvp, us))
    _close(along, (plus - minus) / (2 * eps), scale, f"Hessian-vector product ({where})")


@settings(max_examples=60)
@given(graphs(np.float32))
def test_random_graphs_float32_values_dtypes_and_gradients(graph):
    leaf_values, ops, seed = graph
    rng = np.random.default_rng(seed)
    values, kink = evaluate_numpy(leaf_values, ops)
    values64, _ = evaluate_numpy([v.astype(np.float64) for v in leaf_values], ops)
    if not _graph_is_tame(values64):
        return
    weights = [rng.standard_normal(np.shape(v)).astype(np.float32) for v in values]
    leaves = [Tensor(v.copy(), requires_grad=True) for v in leaf_values]
    nodes = evaluate_tensors(leaves, ops)
    where = _describe(leaf_values, ops)
    for node, value in zip(nodes, values):
        assert node.shape == value.shape and node.dtype == np.float32, where
        np.testing.assert_allclose(node.data, value, rtol=1e-5, atol=1e-5, err_msg=where)
    out = scalar(nodes, weights)
    assert out.dtype == np.float32
    grads = grad(out, nodes, create_graph=True)
    assert all(g.dtype == np.float32 and g.shape == n.shape for g, n in zip(grads, nodes)), where
    if kink < 1e-2:
        return
    # The float32 gradients are the float64 ones, rounded.
    leaves64 = [Tensor(v.astype(np.float64), requires_grad=True) for v in leaf_values]
    nodes64 = evaluate_tensors(leaves64, ops)
    out64 = scalar(nodes64, [w.astype(np.float64) for w in weights])
    grads64 = grad(out64, nodes64)
    scale = 1 + sum(float(np.abs(g.data).max(initial=0)) for g in grads64)
    for g, g64 in zip(grads, grads64):
        np.testing.assert_allclose(g.data, g64.data, rtol=1e-3, atol=1e-4 * scale, err_msg=where)
