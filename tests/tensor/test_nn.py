"""Modules find their parameters; Linear initialises like PyTorch; state dicts load strictly."""

import numpy as np
import pytest

from tensor_autograd import Tensor, nn


class TwoLayer(nn.Module):
    def __init__(self):
        self.hidden = nn.Linear(3, 4, rng=0)
        self.out = nn.Linear(4, 2, bias=False, rng=1)
        self.extra = [nn.Parameter(np.zeros(2)), (nn.Tanh(), nn.Parameter(1.0))]
        self.not_a_parameter = Tensor([1.0], requires_grad=True)
        self.note = "strings and other attributes are ignored"

    def forward(self, x):
        return self.out(self.hidden(x).relu())


def test_named_parameters_walk_attributes_modules_and_lists_in_order():
    names = [name for name, _ in TwoLayer().named_parameters()]
    assert names == ["hidden.weight", "hidden.bias", "out.weight", "extra.0", "extra.1.1"]
    assert len(TwoLayer().parameters()) == 5


def test_a_shared_parameter_is_listed_once():
    model = TwoLayer()
    model.tied = model.hidden.weight
    assert [p is model.hidden.weight for p in model.parameters()].count(True) == 1


def test_zero_grad_clears_every_gradient():
    model = TwoLayer()
    model(Tensor(np.ones((2, 3), dtype=np.float32))).sum().backward()
    assert all(p.grad is not None for p in (model.hidden.weight, model.out.weight))
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_parameter_copies_its_data_and_requires_grad():
    array = np.ones(3)
    p = nn.Parameter(array)
    p.data -= 1
    assert p.requires_grad and array[0] == 1.0
    assert type(p * 2) is Tensor  # ops on parameters make plain tensors


def test_linear_initialisation_matches_pytorch():
    layer = nn.Linear(400, 300, rng=0)
    bound = 1 / np.sqrt(400)
    for p in (layer.weight, layer.bias):
        assert p.dtype == np.float32
        assert np.abs(p.data).max() <= bound
        assert np.abs(p.data).max() > 0.95 * bound  # uniform over the whole range
        assert abs(p.data.std() - bound / np.sqrt(3)) < 0.1 * bound  # the std of U(-b, b)
    assert layer.weight.shape == (300, 400) and layer.bias.shape == (300,)
    assert nn.Linear(2, 3, dtype=np.float64).weight.dtype == np.float64


def test_linear_is_reproducible_with_a_seed_and_computes_x_wt_plus_b():
    a, b = nn.Linear(3, 2, rng=7), nn.Linear(3, 2, rng=7)
    np.testing.assert_array_equal(a.weight.data, b.weight.data)
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    np.testing.assert_allclose(a(Tensor(x)).data, x @ a.weight.data.T + a.bias.data, rtol=1e-6)


def test_linear_rejects_bad_sizes():
    with pytest.raises(ValueError, match="in_features must be a positive integer"):
        nn.Linear(0, 3)
    with pytest.raises(ValueError, match="out_features must be a positive integer, got 2.5"):
        nn.Linear(3, 2.5)


def test_sequential_and_activations():
    model = nn.Sequential(nn.Linear(2, 3, rng=0), nn.ReLU(), nn.Linear(3, 3, rng=1), nn.Tanh(),
                          nn.Linear(3, 1, rng=2), nn.Sigmoid())
    assert len(model) == 6 and isinstance(model[1], nn.ReLU)
    assert [name for name, _ in model.named_parameters()][:2] == ["0.weight", "0.bias"]
    out = model(Tensor(np.ones((4, 2), dtype=np.float32)))
    assert out.shape == (4, 1) and np.all((out.data > 0) & (out.data < 1))
    with pytest.raises(TypeError, match="layer 1 is a ufunc, expected a Module"):
        nn.Sequential(nn.ReLU(), np.tanh)


def test_module_without_forward_says_so():
    with pytest.raises(NotImplementedError, match="Module must define forward"):
        nn.Module()(1)


def test_state_dict_round_trip_copies_values():
    model, other = TwoLayer(), TwoLayer()
    other.hidden.weight.data += 1
    state = model.state_dict()
    assert list(state) == [name for name, _ in model.named_parameters()]
    state["hidden.weight"][0, 0] = 123.0  # the state dict is a copy, not a view of the model
    assert model.hidden.weight.data[0, 0] != 123.0
    other.load_state_dict(model.state_dict())
    for (_, p), (_, q) in zip(model.named_parameters(), other.named_parameters()):
        np.testing.assert_array_equal(p.data, q.data)
        assert p.data is not q.data and p.dtype == q.dtype


def test_load_state_dict_names_every_missing_extra_and_misshaped_entry_and_changes_nothing():
    model = TwoLayer()
    before = model.state_dict()
    state = model.state_dict()
    del state["hidden.bias"]
    state["surprise"] = np.zeros(1)
    state["out.weight"] = np.zeros((4, 2))
    with pytest.raises(ValueError) as info:
        model.load_state_dict(state)
    message = str(info.value)
    assert "missing: hidden.bias" in message
    assert "unexpected: surprise" in message
    assert "out.weight has shape (4, 2), the model expects (2, 4)" in message
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[name])


def test_load_state_dict_converts_every_value_before_changing_any_parameter():
    model = TwoLayer()
    before = model.state_dict()
    state = {name: value + 1 for name, value in before.items()}
    last = list(state)[-1]  # the first entries convert fine; only the last one cannot
    state[last] = np.full(before[last].shape, "x")
    with pytest.raises(ValueError, match=rf"{last} holds values of dtype <U1, not real numbers"):
        model.load_state_dict(state)
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[name])
