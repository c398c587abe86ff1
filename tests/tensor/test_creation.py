"""Making tensors as torch does: names, defaults (float32) and the one deliberate
difference, integer data as NumPy arrays; and manual_seed's shared generator."""

import numpy as np
import pytest

import tensor_autograd as ta
from tensor_autograd import Tensor, creation


def test_tensor_follows_torch_dtypes():
    assert ta.tensor([1.0, 2.0]).dtype == np.float32  # torch's default dtype
    assert ta.tensor(np.array([1.0]), requires_grad=True).dtype == np.float64  # kept
    assert ta.tensor([1.0], dtype=ta.float64).dtype == np.float64
    labels = ta.tensor([0, 2])
    assert isinstance(labels, np.ndarray) and labels.dtype == np.int64
    assert ta.tensor([1, 2], dtype=ta.float32).dtype == np.float32
    assert ta.tensor(True).dtype == np.bool_
    assert ta.tensor([1.0], requires_grad=True).requires_grad


def test_tensor_copies_its_data():
    source = np.array([1.0, 2.0])
    t = ta.tensor(source)
    source[0] = 9.0
    assert t.data[0] == 1.0
    u = ta.tensor(t)
    assert u.data is not t.data and not u.requires_grad


def test_integer_tensors_cannot_require_grad():
    with pytest.raises(TypeError, match="only floating tensors can require grad"):
        ta.tensor([1, 2], requires_grad=True)
    with pytest.raises(TypeError, match="must be numbers"):
        ta.tensor(["a"])


def test_filled_tensors():
    assert ta.zeros(2, 3).shape == (2, 3) and ta.zeros((2, 3)).dtype == np.float32
    np.testing.assert_array_equal(ta.ones(2, dtype=ta.float64).data, [1.0, 1.0])
    assert ta.full((2,), 7.0).data.tolist() == [7.0, 7.0]
    assert ta.full((2,), 3).dtype == np.int64  # an int fill is int64 in torch
    like = Tensor(np.zeros((2, 2), dtype=np.float64))
    assert ta.zeros_like(like).dtype == np.float64 and ta.ones_like(like).data.sum() == 4
    assert ta.zeros(2, requires_grad=True).requires_grad
    with pytest.raises(ValueError, match="sizes must be ints >= 0"):
        ta.zeros(-1)


def test_ranges():
    np.testing.assert_array_equal(ta.arange(3), [0, 1, 2])
    assert ta.arange(3).dtype == np.int64
    np.testing.assert_allclose(ta.arange(0, 1, 0.25).data, [0, 0.25, 0.5, 0.75])
    assert ta.arange(0, 1, 0.25).dtype == np.float32
    assert ta.arange(5, dtype=ta.float32).dtype == np.float32
    np.testing.assert_allclose(ta.linspace(0, 1, 5).data, [0, 0.25, 0.5, 0.75, 1])
    with pytest.raises(ValueError, match="step must not be zero"):
        ta.arange(0, 1, 0)


def test_random_tensors_follow_manual_seed():
    ta.manual_seed(0)
    a, b, c = ta.randn(2, 3), ta.rand(4), ta.randint(0, 5, (3,))
    ta.manual_seed(0)
    np.testing.assert_array_equal(ta.randn(2, 3).data, a.data)
    np.testing.assert_array_equal(ta.rand(4).data, b.data)
    np.testing.assert_array_equal(ta.randint(0, 5, (3,)), c)
    assert a.dtype == np.float32 and c.dtype == np.int64
    assert ((b.data >= 0) & (b.data < 1)).all() and ((c >= 0) & (c < 5)).all()
    assert ta.randint(3, (2, 2)).shape == (2, 2)  # randint(high, size)


def test_manual_seed_resets_the_one_shared_generator():
    generator = creation.default_generator
    assert ta.manual_seed(1) is generator is ta.default_generator
    first = generator.standard_normal()
    ta.manual_seed(1)
    assert generator.standard_normal() == first
    own = np.random.default_rng(5)
    assert ta.randn(2, generator=own).shape == (2,)
    with pytest.raises(TypeError, match="seed must be an int"):
        ta.manual_seed(1.5)


def test_dtype_names_are_numpys():
    assert ta.float32 is np.float32 and ta.float64 is np.float64 and ta.int64 is np.int64
    assert ta.long is np.int64 and ta.double is np.float64


def test_pytorch_idioms_read_the_same():
    torch = ta  # what a ported script does: `import tensor_autograd as torch`
    F = ta.functional
    torch.manual_seed(0)
    x = torch.randn(8, 4)
    w = torch.randn(4, 3, requires_grad=True)
    y = torch.randint(0, 3, (8,))
    logits = x @ w
    loss = F.cross_entropy(logits, y, label_smoothing=0.1)
    loss.backward()
    assert w.grad.shape == (4, 3) and loss.dtype == torch.float32
    values, indices = logits.max(dim=1)
    np.testing.assert_array_equal(indices, logits.argmax(dim=1))
    accuracy = (logits.argmax(dim=1) == y).mean()
    assert 0.0 <= accuracy <= 1.0
    probabilities = F.softmax(logits, dim=-1)
    np.testing.assert_allclose(probabilities.sum(dim=1).data, 1.0, rtol=1e-6)
    batch = torch.cat([x, x], dim=0).view(-1, 2, 4).unsqueeze(0)
    assert batch.shape == (1, 8, 2, 4) and batch.size(-1) == 4 and batch.numel() == 64
    assert torch.zeros_like(x).shape == x.shape and x.mean(dim=0, keepdim=True).shape == (1, 4)


def test_layers_can_draw_from_the_seeded_generator():
    ta.manual_seed(3)
    first = ta.nn.Linear(2, 2, rng=ta.default_generator).weight.data.copy()
    ta.manual_seed(3)
    np.testing.assert_array_equal(ta.nn.Linear(2, 2, rng=ta.default_generator).weight.data,
                                  first)


def test_manual_seed_also_seeds_layers_and_dropout():
    import tensor_autograd as ta
    from tensor_autograd import functional as F
    from tensor_autograd import nn

    def draw():
        ta.manual_seed(3)
        weight = nn.Linear(4, 3).weight.data.copy()
        mask = F.dropout(ta.ones(8, dtype=ta.float64), p=0.5).data
        return weight, mask, ta.randn(2).data

    first, second = draw(), draw()
    for a, b in zip(first, second):
        assert np.array_equal(a, b)
