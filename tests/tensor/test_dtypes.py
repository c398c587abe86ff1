"""float32 stays float32 through every op, forward and backward; plain scalars never promote it."""

import numpy as np
import pytest

from tensor_autograd import Tensor, concatenate, functional as F, grad, nn, optim, stack, where

F32 = np.float32

OPS = {
    "add scalar": lambda x: x + 2.0,
    "radd numpy float64 scalar": lambda x: np.float64(2.0) + x,
    "mul 0-d float64 array": lambda x: x * np.array(3.0),
    "sub int": lambda x: 1 - x,
    "div int array": lambda x: x / np.array([1, 2, 3]),
    "pow": lambda x: x**2,
    "rpow": lambda x: 2.0**x,
    "tensor pow": lambda x: x.exp() ** x,
    "neg": lambda x: -x,
    "exp log": lambda x: x.exp().log(),
    "tanh sigmoid relu": lambda x: x.tanh().sigmoid().relu(),
    "matmul": lambda x: x @ x.T,
    "sum mean max": lambda x: x.sum(axis=0) + x.mean(axis=1, keepdims=True) + x.max(),
    "reshape transpose": lambda x: x.reshape(3, 2).transpose(),
    "index": lambda x: x[[0, 0], 1:].sum() + x[x.data > 0.5],
    "concatenate stack": lambda x: concatenate([x, x], axis=1) + stack([x, x]).sum(axis=0).sum(),
    "where": lambda x: where(x.data > 0.5, x, 0.0),
    "softmax": lambda x: F.softmax(x) + F.log_softmax(x, axis=0),
    "cross_entropy": lambda x: F.cross_entropy(x, [0, 2]),
    "mse": lambda x: F.mse_loss(x, np.ones((2, 3))),
    "bce": lambda x: F.binary_cross_entropy_with_logits(x, np.ones((2, 3))),
}


@pytest.mark.parametrize("name", OPS)
def test_float32_forward_and_backward(name):
    x = Tensor(np.array([[0.1, 0.7, 0.3], [0.9, 0.2, 0.6]], dtype=F32), requires_grad=True)
    out = OPS[name](x)
    assert out.dtype == F32
    out.backward(np.ones(out.shape, dtype=F32))
    assert x.grad.dtype == F32
    (g,) = grad(OPS[name](x), x, grad_outputs=np.ones(out.shape, dtype=F32), create_graph=True)
    assert g.dtype == F32


def test_float32_training_end_to_end():
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Linear(4, 8, rng=0), nn.Tanh(), nn.Linear(8, 3, rng=1))
    opt = optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-4)
    x = Tensor(rng.standard_normal((5, 4)).astype(F32))
    for _ in range(3):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), rng.integers(0, 3, 5))
        assert loss.dtype == F32
        loss.backward()
        opt.step()
    for p in model.parameters():
        assert p.dtype == F32 and p.grad.dtype == F32
    sgd = optim.SGD(model.parameters(), lr=np.float64(0.1), momentum=0.9, weight_decay=0.01)
    sgd.step()
    sgd.step()
    assert all(p.dtype == F32 for p in model.parameters())


def test_mixed_dtypes_give_each_input_a_gradient_of_its_own_dtype():
    a = Tensor([1.0, 2.0], dtype=F32, requires_grad=True)
    b = Tensor([3.0, 4.0], dtype=np.float64, requires_grad=True)
    out = (a * b).sum()
    assert out.dtype == np.float64  # NumPy's promotion between two tensors
    out.backward()
    assert a.grad.dtype == F32 and b.grad.dtype == np.float64


def test_astype_round_trip_gradient():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x.astype(F32)
    assert y.dtype == F32
    (y * y).sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_allclose(x.grad, [2.0, 4.0])
    with pytest.raises(TypeError, match="floating"):
        x.astype(np.int32)
