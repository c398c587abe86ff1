"""The convolution layers: PyTorch's shapes, signatures and initialisation, and a CNN that learns."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tensor_autograd import Tensor, functional as F, optim
from tensor_autograd.conv import avg_pool1d, conv1d, conv2d, max_pool1d
from tensor_autograd.nn import Linear, ReLU, Sequential
from tensor_autograd.nn.conv import AvgPool1d, Conv1d, Conv2d, Flatten, MaxPool1d, Unflatten


def paper_cnn(rng=0) -> Sequential:
    """The CNN of the MNIST-1D paper, as PyTorch users write it."""
    return Sequential(
        Unflatten(1, (1, 40)),
        Conv1d(1, 25, 5, stride=2, padding=1, rng=rng), ReLU(),
        Conv1d(25, 25, 3, stride=2, padding=1, rng=rng + 1), ReLU(),
        Conv1d(25, 25, 3, stride=2, padding=1, rng=rng + 2), ReLU(),
        Flatten(),
        Linear(125, 10, rng=rng + 3),
    )  # fmt: skip


def test_conv1d_layer_shapes_names_and_pytorch_init():
    layer = Conv1d(25, 16, 3, stride=2, padding=1, rng=0)
    assert [name for name, _ in layer.named_parameters()] == ["weight", "bias"]
    assert layer.weight.shape == (16, 25, 3) and layer.bias.shape == (16,)
    assert layer.weight.dtype == layer.bias.dtype == np.float32
    bound = 1 / math.sqrt(25 * 3)  # kaiming_uniform_(a=√5): U(±1/√fan_in), fan_in = C_in·k
    for p in (layer.weight.data, layer.bias.data):
        assert np.abs(p).max() <= bound and np.abs(p).max() > 0.8 * bound  # fills the range
    assert abs(layer.weight.data.std() - bound / math.sqrt(3)) < 0.1 * bound  # uniform's spread
    x = Tensor(np.ones((4, 25, 19), dtype=np.float32))
    assert layer(x).shape == (4, 16, 10)


def test_conv_layers_compute_the_functional_ops():
    rng = np.random.default_rng(0)
    layer1 = Conv1d(2, 3, 3, stride=2, padding=1, dilation=2, rng=1)
    x1 = Tensor(rng.standard_normal((2, 2, 9)), dtype=np.float32)
    np.testing.assert_array_equal(layer1(x1).data, conv1d(x1, layer1.weight, layer1.bias, 2, 1, 2).data)
    layer2 = Conv2d(2, 3, (3, 2), stride=(1, 2), padding=(1, 0), bias=False, rng=2)
    assert layer2.bias is None and [n for n, _ in layer2.named_parameters()] == ["weight"]
    assert layer2.weight.shape == (3, 2, 3, 2)
    assert np.abs(layer2.weight.data).max() <= 1 / math.sqrt(2 * 3 * 2)
    x2 = Tensor(rng.standard_normal((2, 2, 5, 6)), dtype=np.float32)
    np.testing.assert_array_equal(layer2(x2).data, conv2d(x2, layer2.weight, None, (1, 2), (1, 0)).data)


def test_same_seed_same_weights_and_float64_on_request():
    a, b = Conv1d(3, 4, 5, rng=7), Conv1d(3, 4, 5, rng=7)
    np.testing.assert_array_equal(a.weight.data, b.weight.data)
    assert Conv1d(3, 4, 5, dtype=np.float64).weight.dtype == np.float64


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Conv1d(0, 4, 3), r"Conv1d: in_channels must be a positive integer, got 0"),
        (lambda: Conv1d(3, 2.0, 3), r"Conv1d: out_channels must be a positive integer, got 2.0"),
        (lambda: Conv1d(3, 4, 0), r"Conv1d: kernel_size must be a positive integer, got 0"),
        (lambda: Conv1d(3, 4, 3, stride=-1), r"Conv1d: stride must be a positive integer, got -1"),
        (lambda: Conv2d(3, 4, (3, 3, 3)), r"Conv2d: kernel_size must be a positive integer or a tuple of 2"),
    ],
)
def test_bad_layer_arguments_fail_at_construction(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_a_layer_names_itself_in_shape_errors():
    with pytest.raises(ValueError, match=r"conv1d: the input has 2 channels .* expects C_in = 3"):
        Conv1d(3, 4, 3)(Tensor(np.zeros((1, 2, 8))))


def test_pool_layers():
    x = Tensor(np.random.default_rng(0).standard_normal((2, 3, 9)))
    np.testing.assert_array_equal(MaxPool1d(3, 2, 1)(x).data, max_pool1d(x, 3, 2, 1).data)
    np.testing.assert_array_equal(AvgPool1d(2)(x).data, avg_pool1d(x, 2).data)
    assert MaxPool1d(2).parameters() == []


def test_flatten_and_unflatten():
    x = Tensor(np.arange(24.0).reshape(2, 3, 4), requires_grad=True)
    assert Flatten()(x).shape == (2, 12)
    assert Flatten(0)(x).shape == (24,)
    assert Flatten(0, 1)(x).shape == (6, 4)
    assert Flatten(-2, -1)(x).shape == (2, 12)
    assert Unflatten(1, (3, 4))(Flatten()(x)).shape == (2, 3, 4)
    Flatten()(x).sum().backward()
    np.testing.assert_array_equal(x.grad, np.ones((2, 3, 4)))
    with pytest.raises(ValueError, match=r"Flatten: start_dim=2 and end_dim=1 .* shape \(2, 3, 4\)"):
        Flatten(2, 1)(x)
    with pytest.raises(ValueError, match=r"Unflatten: cannot split axis 1 of an input of shape \(2, 12\) into \(5, 2\)"):
        Unflatten(1, (5, 2))(Flatten()(x))


def test_the_paper_cnn_has_its_shapes_and_learns_a_shift_invariant_task():
    # Class = whether a bump sits in the signal, wherever it is: a convolution's kind of task.
    rng = np.random.default_rng(0)
    n = 200
    y = rng.integers(0, 2, n)
    x = rng.normal(0, 0.3, (n, 40)).astype(np.float32)
    starts = rng.integers(0, 35, n)
    for i in np.flatnonzero(y):
        x[i, starts[i] : starts[i] + 5] += 2.0
    model = paper_cnn()
    assert sum(p.data.size for p in model.parameters()) == 25 * 5 + 25 + 2 * (25 * 25 * 3 + 25) + 1250 + 10
    opt = optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(60):
        loss = F.cross_entropy(model(Tensor(x)), y)
        model.zero_grad()
        loss.backward()
        opt.step()
    accuracy = (model(Tensor(x)).data.argmax(axis=1) == y).mean()
    assert accuracy > 0.95 and loss.dtype == np.float32
