"""softmax, log_softmax and the losses: values, stability at extreme logits, gradients, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tensor_autograd import Tensor, check_grads
from tensor_autograd import functional as F

SETTINGS = settings(max_examples=40)  # the "book" profile (tests/book_plugin.py) sets the rest


def reference_log_softmax(x, axis):
    x = np.asarray(x, dtype=np.float64)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


@SETTINGS
@given(shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), data=st.data(), seed=st.integers(0, 2**32 - 1))
def test_softmax_and_log_softmax_values_and_gradients(shape, data, seed):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    x = np.random.default_rng(seed).standard_normal(shape) * 3
    np.testing.assert_allclose(F.log_softmax(Tensor(x), axis).data, reference_log_softmax(x, axis))
    np.testing.assert_allclose(F.softmax(Tensor(x), axis).data, np.exp(reference_log_softmax(x, axis)))
    for f in (F.softmax, F.log_softmax):
        check_grads(lambda t: f(t, axis), x)
        check_grads(lambda t: f(t, axis), x, order=2, elementwise=False, rtol=1e-4, atol=1e-5)


def test_softmax_is_stable_for_huge_logits():
    logits = Tensor([[1000.0, 0.0, -1000.0], [1000.0, 1000.0, 1000.0]], requires_grad=True)
    p = F.softmax(logits)
    np.testing.assert_allclose(p.data, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]])
    log_p = F.log_softmax(logits)
    np.testing.assert_allclose(log_p.data[0], [0.0, -1000.0, -2000.0])
    (log_p[0, 1] + p[1, 0]).backward()
    assert np.all(np.isfinite(logits.grad))


@SETTINGS
@given(n=st.integers(1, 5), classes=st.integers(1, 4), seed=st.integers(0, 2**32 - 1))
def test_cross_entropy_values_and_gradients(n, classes, seed):
    rng = np.random.default_rng(seed)
    logits = rng.standard_normal((n, classes)) * 3
    targets = rng.integers(0, classes, n)
    expected = -reference_log_softmax(logits, 1)[np.arange(n), targets].mean()
    np.testing.assert_allclose(F.cross_entropy(Tensor(logits), targets).data, expected)
    check_grads(lambda t: F.cross_entropy(t, targets), logits, order=2)


def test_cross_entropy_gradient_is_softmax_minus_one_hot_over_batch():
    logits = Tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], requires_grad=True)
    F.cross_entropy(logits, np.array([2, 0])).backward()
    expected = F.softmax(Tensor(logits.data)).data - np.eye(3)[[2, 0]]
    np.testing.assert_allclose(logits.grad, expected / 2)


def test_cross_entropy_is_stable_for_huge_logits():
    logits = Tensor([[1000.0, -1000.0], [-1000.0, 1000.0]], requires_grad=True)
    loss = F.cross_entropy(logits, np.array([1, 1]))
    assert loss.item() == pytest.approx(1000.0)  # row 0 is 2000 wrong, row 1 right: mean 1000
    loss.backward()
    np.testing.assert_allclose(logits.grad, [[0.5, -0.5], [0.0, 0.0]])


def test_cross_entropy_accepts_whole_number_floats_and_lists():
    logits = Tensor(np.zeros((2, 3)))
    for targets in ([0, 2], np.array([0.0, 2.0]), Tensor([0.0, 2.0])):
        assert F.cross_entropy(logits, targets).item() == pytest.approx(np.log(3))


@pytest.mark.parametrize(
    "logits_shape, targets, error, message",
    [
        ((2, 3), np.array([0, 3]), ValueError, "target 3 is out of range for 3 classes"),
        ((2, 3), np.array([-1, 0]), ValueError, "target -1 is out of range"),
        ((2, 3), np.array([0, 1, 2]), ValueError, r"targets must have shape \(2,\).*got shape \(3,\)"),
        ((2, 3), np.array([[0], [1]]), ValueError, r"got shape \(2, 1\)"),
        ((2, 3), np.array([0.5, 1.0]), TypeError, "integer class indices"),
        # (C,) logits take a 0-d target, as in PyTorch (issue 11)
        ((3,), np.array([0]), ValueError, r"target must have shape \(\) \(input \(3,\)"),
        ((0, 3), np.array([], dtype=int), ValueError, "no rows"),
    ],
)
def test_cross_entropy_bad_targets(logits_shape, targets, error, message):
    with pytest.raises(error, match=message):
        F.cross_entropy(Tensor(np.zeros(logits_shape)), targets)


@SETTINGS
@given(shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=3), seed=st.integers(0, 2**32 - 1))
def test_mse_loss_values_and_gradients(shape, seed):
    rng = np.random.default_rng(seed)
    pred, target = rng.standard_normal(shape), rng.standard_normal(shape)
    np.testing.assert_allclose(F.mse_loss(Tensor(pred), target).data, np.mean((pred - target) ** 2))
    check_grads(F.mse_loss, pred, target, order=2)


def test_mse_loss_refuses_shapes_that_would_broadcast():
    with pytest.raises(ValueError, match=r"pred has shape \(3, 1\) but target has shape \(3,\)"):
        F.mse_loss(Tensor(np.zeros((3, 1))), np.zeros(3))


@SETTINGS
@given(shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=3), seed=st.integers(0, 2**32 - 1))
def test_binary_cross_entropy_with_logits_values_and_gradients(shape, seed):
    rng = np.random.default_rng(seed)
    logits, target = rng.standard_normal(shape) * 3, rng.uniform(0, 1, shape)
    p = 1 / (1 + np.exp(-logits))
    expected = np.mean(-(target * np.log(p) + (1 - target) * np.log(1 - p)))
    np.testing.assert_allclose(F.binary_cross_entropy_with_logits(Tensor(logits), target).data, expected)
    check_grads(F.binary_cross_entropy_with_logits, logits, target, order=2)


def test_binary_cross_entropy_gradient_at_zero_logit_is_exact():
    x = Tensor([0.0, 0.0], requires_grad=True)
    F.binary_cross_entropy_with_logits(x, [1.0, 0.0]).backward()
    np.testing.assert_allclose(x.grad, [(0.5 - 1) / 2, 0.5 / 2])


def test_binary_cross_entropy_is_stable_for_huge_logits():
    x = Tensor([1000.0, -1000.0, 1000.0, -1000.0], requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(x, [1.0, 0.0, 0.0, 1.0])
    assert loss.item() == pytest.approx(500.0)  # two right (loss 0), two wrong (loss 1000 each)
    loss.backward()
    np.testing.assert_allclose(x.grad, [0.0, 0.0, 0.25, -0.25])


def test_binary_cross_entropy_shape_mismatch():
    with pytest.raises(ValueError, match=r"logits have shape \(2,\) but target has shape \(3,\)"):
        F.binary_cross_entropy_with_logits(Tensor([0.0, 1.0]), [1.0, 0.0, 1.0])
