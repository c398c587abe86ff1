"""Neuron, Layer and MLP: shapes, parameters, reproducibility, and that they can learn."""

import pytest

from scalar_autograd.engine import Value
from scalar_autograd.gradcheck import check_grads
from scalar_autograd.nn import MLP, Layer, Neuron
from scalar_autograd.optim import SGD


def test_parameter_counts():
    assert len(Neuron(3).parameters()) == 4
    assert len(Layer(3, 5).parameters()) == 20
    assert len(MLP(2, [16, 16, 1]).parameters()) == 3 * 16 + 17 * 16 + 17  # 337


def test_neuron_computes_relu_of_affine():
    n = Neuron(2)
    n.w[0].data, n.w[1].data, n.b.data = 2.0, -1.0, 0.5
    assert n([1.0, 1.0]).data == 1.5
    assert n([-1.0, 1.0]).data == 0.0
    linear = Neuron(2, nonlin=False)
    linear.w[0].data, linear.w[1].data = 2.0, -1.0
    assert linear([-1.0, 1.0]).data == -3.0


def test_neuron_rejects_wrong_input_size():
    with pytest.raises(ValueError, match="expects 2 inputs, got 3"):
        Neuron(2)([1.0, 2.0, 3.0])


def test_mlp_output_and_layers():
    model = MLP(2, [4, 3], seed=0)
    out = model([0.5, -0.5])
    assert isinstance(out, list) and len(out) == 3
    single = MLP(2, [4, 1], seed=0)([0.5, -0.5])
    assert isinstance(single, Value)
    assert [n.nonlin for n in MLP(2, [4, 4, 1]).layers[-1].neurons] == [False]
    assert all(n.nonlin for n in MLP(2, [4, 4, 1]).layers[0].neurons)


def test_seed_makes_weights_reproducible():
    a = [p.data for p in MLP(2, [3, 1], seed=7).parameters()]
    b = [p.data for p in MLP(2, [3, 1], seed=7).parameters()]
    c = [p.data for p in MLP(2, [3, 1], seed=8).parameters()]
    assert a == b != c
    assert all(-1.0 <= w <= 1.0 for w in a)


def test_mlp_gradient_with_respect_to_inputs():
    model = MLP(3, [5, 1], seed=3)
    model.layers[0].neurons[0].b.data = 0.3  # make sure some ReLU is active
    check_grads(lambda *x: model(list(x)).tanh(), 0.31, -0.52, 0.77, atol=1e-5)


def test_mlp_learns_xor():
    xs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    ys = [-1.0, 1.0, 1.0, -1.0]
    model = MLP(2, [8, 1], seed=1)
    opt = SGD(model.parameters(), lr=0.05)
    losses = []
    for _ in range(300):
        loss = sum(((model(x) - y) ** 2 for x, y in zip(xs, ys)), Value(0.0))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.data)
    assert losses[-1] < 0.05 < losses[0]


def test_reprs():
    assert repr(MLP(2, [1], seed=0)) == "MLP of [Layer of [LinearNeuron(2)]]"


def test_mlp_sizes_take_numpy_integers_and_reject_bools():
    """Issue 8 item 14: numeric hyperparameters take any integer but a bool."""
    import numpy as np


    assert len(MLP(np.int64(2), [np.int32(3), 1], seed=0).parameters()) == 13
    with pytest.raises(TypeError, match="MLP layer size must be a positive integer, got bool True"):
        MLP(2, [True, 1])
    with pytest.raises(ValueError, match="MLP layer size must be a positive integer, got 0"):
        MLP(2, [0, 1])
