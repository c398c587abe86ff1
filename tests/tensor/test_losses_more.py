"""The activations and losses PyTorch's functional adds: values against literals computed
once with PyTorch 2.13 (float64), gradients against finite differences to second order."""

import numpy as np
import pytest

import tensor_autograd.functional as F
from tensor_autograd import Tensor, check_grads, grad
from tensor_autograd.activations import erf

Z = [-3.0, -0.5, 0.0, 0.7, 25.0]
X = [[1.5, -0.3, 0.2], [0.1, 2.0, -1.0]]
T = np.array([2, 0])
W = np.array([1.0, 2.0, 0.5])


@pytest.mark.parametrize("f, expected", [
    (F.softplus, [0.04858735157374206, 0.4740769841801067, 0.6931471805599453,
                  1.103186048885458, 25.0]),
    (lambda z: F.softplus(z, beta=2, threshold=3),
     [0.0012378425688652247, 0.15663084375911143, 0.34657359027997264, 0.8102087049592255,
      25.0]),
    (F.gelu, [-0.00404969409489031, -0.15426876936299344, 0.0, 0.5306254434438489, 25.0]),
    (lambda z: F.gelu(z, approximate="tanh"),
     [-0.0036373920817729943, -0.15428599017485606, 0.0, 0.5305701347051167, 25.0]),
    (F.silu, [-0.14227761953270035, -0.1887703343990727, 0.0, 0.46773144051771626,
              24.9999999996528]),
    (lambda z: F.leaky_relu(z, 0.2), [-0.6, -0.1, 0.0, 0.7, 25.0]),
])
def test_activations_match_pytorch(f, expected):
    np.testing.assert_allclose(f(Tensor(Z)).data, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("f", [
    F.softplus, lambda z: F.softplus(z, beta=2.0, threshold=1.0), F.gelu,
    lambda z: F.gelu(z, approximate="tanh"), F.silu, F.leaky_relu, erf,
])
def test_activation_gradients_first_and_second_order(f):
    z = np.array([-3.0, -0.7, 0.3, 0.9, 2.5])  # not at a kink or the softplus threshold
    check_grads(lambda t: f(t) * t, z, order=2)


def test_activations_keep_float32_and_reject_bad_options():
    z = Tensor(Z, dtype=np.float32)
    for f in (F.softplus, F.gelu, F.silu, F.leaky_relu):
        assert f(z).dtype == np.float32
    with pytest.raises(ValueError, match="approximate must be"):
        F.gelu(z, approximate="fast")


def test_cross_entropy_options_match_pytorch():
    # (value, gradient of the summed loss with respect to the logits), from PyTorch
    cases = [
        (dict(label_smoothing=0.1), 1.8457933293122668,
         [[0.33107942507994315, 0.040815375682449764, -0.37189480076239284],
          [-0.40431292925157264, 0.4002238397722515, 0.004089089479321177]]),
        (dict(weight=W), 1.9422348258489934,
         [[0.2318307278310732, 0.038321361566077614, -0.2701520893971508],
          [-0.5835283501132079, 0.5558540085852242, 0.02767434152798379]]),
        (dict(weight=W, label_smoothing=0.2), 1.9785531927615296,
         [[0.24920781080824825, -0.040348497571857246, -0.20885931323639098],
          [-0.4918681840058704, 0.48549358664917613, 0.006374597356694361]]),
        (dict(reduction="sum", label_smoothing=0.3), 3.5849199919578663,
         [[0.5954921834932195, 0.01496408469823285, -0.6104562681914523],
          [-0.6752925251698119, 0.7337810128778363, -0.05848848770802431]]),
        (dict(reduction="none", label_smoothing=0.3), [1.5831355063687536, 2.001784485589113],
         [[0.5954921834932195, 0.01496408469823285, -0.6104562681914523],
          [-0.6752925251698119, 0.7337810128778363, -0.05848848770802431]]),
    ]
    for options, value, gradient in cases:
        x = Tensor(X, requires_grad=True)
        loss = F.cross_entropy(x, T, **options)
        (g,) = grad(loss.sum(), x)
        np.testing.assert_allclose(loss.data, value, rtol=1e-12)
        np.testing.assert_allclose(g.data, gradient, rtol=1e-12)


def test_cross_entropy_more_shapes_and_targets_match_pytorch():
    x = Tensor(X)
    ignored = F.cross_entropy(x, np.array([2, -100]), label_smoothing=0.1, weight=W)
    assert ignored.item() == pytest.approx(1.8648869072179208, rel=1e-12)
    x3 = Tensor(np.arange(12.0).reshape(2, 3, 2) / 7 - 0.4)
    t3 = np.array([[0, 2], [1, 1]])
    assert F.cross_entropy(x3, t3).item() == pytest.approx(1.1256402179808749, rel=1e-12)
    assert F.cross_entropy(x3, t3, label_smoothing=0.25, ignore_index=1).item() == \
        pytest.approx(1.1256402179808749, rel=1e-12)
    probabilities = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
    assert F.cross_entropy(x, probabilities, label_smoothing=0.1).item() == pytest.approx(
        1.7962933293122667, rel=1e-12)
    assert F.cross_entropy(x[0], np.array(1)).item() == pytest.approx(2.1631355063687536)
    assert np.isnan(F.cross_entropy(x, np.array([-100, -100])).item())  # as PyTorch: 0/0


def test_general_cross_entropy_gradients_to_second_order():
    x3 = np.random.default_rng(0).standard_normal((2, 3, 2))
    t3 = np.array([[0, 2], [1, -100]])
    check_grads(lambda t: F.cross_entropy(t, t3, label_smoothing=0.2, weight=W), x3, order=2)
    check_grads(lambda t: F.cross_entropy(t, T, reduction="none") ** 2, np.array(X), order=2)


def test_cross_entropy_errors_name_the_problem():
    x = Tensor(X)
    with pytest.raises(ValueError, match="target 3 is out of range for 3 classes"):
        F.cross_entropy(x, np.array([0, 3]), label_smoothing=0.1)
    with pytest.raises(ValueError, match=r"target must have shape \(2,\)"):
        F.cross_entropy(x, np.array([0, 1, 2]), reduction="sum")
    with pytest.raises(ValueError, match="reduction must be one of"):
        F.cross_entropy(x, T, reduction="avg")
    with pytest.raises(ValueError, match=r"weight must have shape \(3,\)"):
        F.cross_entropy(x, T, weight=np.ones(2))


def test_nll_loss_matches_pytorch_and_log_softmax_composition():
    x = Tensor(X)
    assert F.nll_loss(x, T, weight=W).item() == pytest.approx(-0.13333333333333333)
    logits = np.array(X)
    for options in ({}, {"reduction": "sum"}, {"ignore_index": 0}):
        via_nll = F.nll_loss(F.log_softmax(Tensor(logits), axis=1), T, **options)
        np.testing.assert_allclose(via_nll.data, F.cross_entropy(Tensor(logits), T, **options).data)
    check_grads(lambda t: F.nll_loss(t, T, weight=W) * F.nll_loss(t, T), logits, order=2)


def test_binary_cross_entropy_matches_pytorch_with_its_clamps():
    p = Tensor([0.0, 0.3, 1.0, 0.9], requires_grad=True)
    y = Tensor([0.5, 1.0, 0.0, 0.9], requires_grad=True)
    losses = F.binary_cross_entropy(p, y, reduction="none")
    np.testing.assert_allclose(losses.data, [50.0, 1.2039728043259361, 100.0,
                                             0.3250829733914482])
    gp, gy = grad(losses.sum(), [p, y])
    np.testing.assert_allclose(gp.data, [-5e11, -3.333333333333333, 1e12, 0.0], rtol=1e-8)
    # PyTorch's target gradient is ±inf at p = 0 or 1; ours uses the forward's clamped logs.
    np.testing.assert_allclose(gy.data, [100.0, 0.8472978603872036, -100.0,
                                         -2.1972245773362196])
    inside = np.array([0.2, 0.6, 0.9])
    check_grads(lambda q, t: F.binary_cross_entropy(q, t, weight=np.array([1.0, 2.0, 0.5])),
                inside, np.array([0.1, 0.9, 0.3]), order=2)  # inside: FD steps stay in [0, 1]
    with pytest.raises(ValueError, match="probabilities in \\[0, 1\\], got 1.5"):
        F.binary_cross_entropy(Tensor([1.5]), [1.0])


def test_l1_and_huber_losses():
    z = Tensor(Z)
    np.testing.assert_allclose(F.huber_loss(z, np.zeros(5), reduction="none", delta=0.6).data,
                               [1.62, 0.125, 0.0, 0.24, 14.82])  # PyTorch's
    assert F.l1_loss(Tensor([1.0, 5.0]), [2.0, 2.0]).item() == 2.0
    assert F.l1_loss(Tensor([1.0, 5.0]), [2.0, 2.0], reduction="sum").item() == 4.0
    pred, target = np.array([-2.0, -0.4, 0.3, 1.7]), np.array([0.1, 0.2, -0.1, 0.2])
    check_grads(lambda a, b: F.huber_loss(a, b, delta=0.8) * F.huber_loss(a, b), pred, target,
                order=2)
    check_grads(lambda a, b: F.l1_loss(a, b) * a.sum(), pred, target, order=2)
    with pytest.raises(ValueError, match="must match"):
        F.l1_loss(Tensor([[1.0], [2.0]]), [1.0, 2.0])
    with pytest.raises(ValueError, match="delta must be > 0"):
        F.huber_loss(z, z, delta=0)
