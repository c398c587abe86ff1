"""The whole chain that trains a model: Module, Linear, activations, a loss, backward, optimizer."""

import numpy as np

from tensor_autograd import Tensor, functional as F, nn, no_grad, optim


def two_moons(n, rng):
    """Two interleaved half circles: a toy problem a straight line cannot separate."""
    angle = rng.uniform(0, np.pi, n)
    label = rng.integers(0, 2, n)
    x = np.where(label[:, None] == 0,
                 np.stack([np.cos(angle), np.sin(angle)], 1),
                 np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], 1))
    return (x + rng.normal(0, 0.1, x.shape)).astype(np.float32), label


def test_an_mlp_learns_two_moons_with_adam():
    rng = np.random.default_rng(0)
    x, y = two_moons(256, rng)
    model = nn.Sequential(nn.Linear(2, 32, rng=1), nn.ReLU(), nn.Linear(32, 32, rng=2), nn.Tanh(),
                          nn.Linear(32, 2, rng=3))
    opt = optim.Adam(model.parameters(), lr=0.02)
    losses = []
    for _ in range(200):
        opt.zero_grad()
        loss = F.cross_entropy(model(Tensor(x)), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.1 * losses[0]
    with no_grad():
        accuracy = (model(Tensor(x)).data.argmax(axis=1) == y).mean()
    assert accuracy > 0.97


def test_regression_with_sgd_momentum_and_mse():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (128, 3))
    true_w = np.array([[2.0], [-1.0], [0.5]])
    y = x @ true_w - 1
    model = nn.Linear(3, 1, dtype=np.float64, rng=0)
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for _ in range(200):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
    np.testing.assert_allclose(model.weight.data, true_w.T, atol=1e-3)
    np.testing.assert_allclose(model.bias.data, [-1.0], atol=1e-3)


def test_binary_classification_with_sigmoid_output_loss():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((200, 2)).astype(np.float32)
    y = (x[:, :1] + x[:, 1:] > 0).astype(np.float32)
    model = nn.Sequential(nn.Linear(2, 8, rng=0), nn.Tanh(), nn.Linear(8, 1, rng=1))
    opt = optim.SGD(model.parameters(), lr=0.5)
    first = None
    for _ in range(100):
        opt.zero_grad()
        loss = F.binary_cross_entropy_with_logits(model(Tensor(x)), y)
        loss.backward()
        opt.step()
        first = first if first is not None else loss.item()
    assert loss.item() < 0.3 * first
