"""nn.init: gains and fans as PyTorch's (values from torch 2.13), bounds and spreads of the
random fills, and Linear's default being kaiming_uniform_(a=√5)."""

import math

import numpy as np
import pytest

from tensor_autograd import nn, random_state
from tensor_autograd.nn import init


@pytest.mark.parametrize("nonlinearity, param, expected", [
    ("linear", None, 1.0), ("sigmoid", None, 1.0), ("tanh", None, 1.6666666666666667),
    ("relu", None, 1.4142135623730951), ("leaky_relu", None, 1.4141428569978354),
    ("leaky_relu", 0.2, 1.3867504905630728), ("selu", None, 0.75),
    ("leaky_relu", math.sqrt(5), 0.5773502691896257)])
def test_calculate_gain_matches_pytorch(nonlinearity, param, expected):
    assert init.calculate_gain(nonlinearity, param) == pytest.approx(expected, rel=1e-15)


def test_fans_and_errors_match_pytorch():
    assert init._fans(nn.Parameter(np.zeros((3, 5, 2)))) == (10, 6)  # torch: (10, 6)
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform_(nn.Parameter(np.zeros(3)))
    with pytest.raises(ValueError, match="Unsupported nonlinearity"):
        init.calculate_gain("swish")
    with pytest.raises(ValueError, match="Mode 'fan' not supported"):
        init.kaiming_normal_(nn.Parameter(np.zeros((2, 2))), mode="fan")


def _weight(shape=(300, 200), dtype=np.float32):
    return nn.Parameter(np.zeros(shape), dtype=dtype)


@pytest.mark.parametrize("fill, bound", [
    (lambda w: init.xavier_uniform_(w, generator=0), math.sqrt(6 / 500)),
    (lambda w: init.xavier_uniform_(w, gain=2.0, generator=0), 2 * math.sqrt(6 / 500)),
    (lambda w: init.kaiming_uniform_(w, nonlinearity="relu", generator=0),
     math.sqrt(2) * math.sqrt(3 / 200)),
    (lambda w: init.kaiming_uniform_(w, mode="fan_out", nonlinearity="relu", generator=0),
     math.sqrt(2) * math.sqrt(3 / 300)),
    (lambda w: init.kaiming_uniform_(w, a=math.sqrt(5), generator=0), 1 / math.sqrt(200)),
])
def test_uniform_fills_reach_their_bound_and_stay_inside(fill, bound):
    w = _weight()
    assert fill(w) is w and w.dtype == np.float32
    assert np.abs(w.data).max() <= bound
    assert np.abs(w.data).max() > 0.99 * bound
    assert w.data.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)


@pytest.mark.parametrize("fill, std", [
    (lambda w: init.xavier_normal_(w, generator=1), math.sqrt(2 / 500)),
    (lambda w: init.kaiming_normal_(w, nonlinearity="relu", generator=1), math.sqrt(2 / 200)),
    (lambda w: init.kaiming_normal_(w, generator=1), init.calculate_gain("leaky_relu", 0)
     / math.sqrt(200)),
])
def test_normal_fills_have_their_standard_deviation(fill, std):
    w = fill(_weight())
    assert w.data.std() == pytest.approx(std, rel=0.02)
    assert abs(w.data.mean()) < 0.05 * std


def test_linear_default_is_kaiming_uniform_with_a_sqrt5():
    layer = nn.Linear(200, 300, rng=0)
    again = init.kaiming_uniform_(_weight(), a=math.sqrt(5), generator=0)
    np.testing.assert_array_equal(layer.weight.data, again.data)


def test_fills_without_a_generator_follow_the_package_seed():
    random_state.reseed(7)
    a = init.xavier_normal_(_weight((3, 3))).data.copy()
    random_state.reseed(7)
    np.testing.assert_array_equal(init.xavier_normal_(_weight((3, 3))).data, a)
    assert init.zeros_(_weight((2, 2))).data.sum() == 0
    assert init.ones_(_weight((2, 2))).data.sum() == 4
    assert init.constant_(_weight((2, 2)), 0.5).data.sum() == 2


def test_linear_without_rng_draws_from_the_package_generator():
    random_state.reseed(11)
    a = nn.Linear(3, 2).weight.data.copy()
    random_state.reseed(11)
    np.testing.assert_array_equal(nn.Linear(3, 2).weight.data, a)
