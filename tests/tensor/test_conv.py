"""Convolution and pooling: values against a direct loop (and PyTorch, pinned), the fold as the
transpose of the unfold, gradients against finite differences at first and second order."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tensor_autograd import Tensor, check_grads, grad
from tensor_autograd.conv import (
    avg_pool1d,
    conv1d,
    conv2d,
    fold,
    fold1d,
    fold2d,
    make_window,
    max_pool1d,
    unfold,
    unfold1d,
    unfold2d,
)


# -- references: plain loops over positions and kernel elements -----------------------------
def reference_conv(x, w, b=None, stride=1, padding=0, dilation=1):
    """Cross-correlation of x (N, C_in, *S) with w (C_out, C_in, *k), one position at a time."""
    dims = x.ndim - 2
    stride, padding, dilation = ((v,) * dims if isinstance(v, int) else v for v in (stride, padding, dilation))
    kernel = w.shape[2:]
    xp = np.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in padding])
    out_size = [
        (n - d * (k - 1) - 1) // s + 1 for n, k, s, d in zip(xp.shape[2:], kernel, stride, dilation)
    ]
    out = np.zeros((x.shape[0], w.shape[0], *out_size))
    for position in np.ndindex(*out_size):
        for element in np.ndindex(*kernel):
            where = tuple(o * s + j * d for o, j, s, d in zip(position, element, stride, dilation))
            out[(slice(None), slice(None), *position)] += xp[(slice(None), slice(None), *where)] @ w[
                (slice(None), slice(None), *element)
            ].T
    if b is not None:
        out += b.reshape((1, -1) + (1,) * dims)
    return out


def reference_unfold1d(x, k, dilation, padding, stride):
    xp = np.pad(x, [(0, 0), (0, 0), (padding, padding)])
    out_len = (xp.shape[2] - dilation * (k - 1) - 1) // stride + 1
    cols = np.zeros((x.shape[0], x.shape[1] * k, out_len))
    for n, c, j, l in itertools.product(*map(range, (x.shape[0], x.shape[1], k, out_len))):
        cols[n, c * k + j, l] = xp[n, c, l * stride + j * dilation]
    return cols


def reference_pool1d(x, k, stride, padding, reduce, fill):
    xp = np.pad(x, [(0, 0), (0, 0), (padding, padding)], constant_values=fill)
    out_len = (xp.shape[2] - k) // stride + 1
    return np.stack([reduce(xp[:, :, l * stride : l * stride + k], axis=2) for l in range(out_len)], axis=2)


# -- strategies: a 1-D geometry in which the kernel fits the padded input -----------------------
@st.composite
def geometries_1d(draw, max_kernel=4):
    k = draw(st.integers(1, max_kernel))
    dilation = draw(st.integers(1, 3))
    padding = draw(st.integers(0, 2))
    stride = draw(st.integers(1, 3))
    span = dilation * (k - 1) + 1
    length = draw(st.integers(max(1, span - 2 * padding), max(1, span - 2 * padding) + 6))  # odd too
    return dict(k=k, dilation=dilation, padding=padding, stride=stride, length=length)


def _rng(*seed):
    return np.random.default_rng(list(seed))


# -- values ----------------------------------------------------------------------------------
@settings(max_examples=40)
@given(geometries_1d(), st.integers(1, 3), st.integers(1, 3), st.booleans())
def test_conv1d_matches_a_direct_loop(geo, c_in, c_out, with_bias):
    rng = _rng(geo["k"], geo["length"], c_in, c_out)
    x = rng.standard_normal((2, c_in, geo["length"]))
    w = rng.standard_normal((c_out, c_in, geo["k"]))
    b = rng.standard_normal(c_out) if with_bias else None
    args = dict(stride=geo["stride"], padding=geo["padding"], dilation=geo["dilation"])
    out = conv1d(Tensor(x), Tensor(w), None if b is None else Tensor(b), **args)
    np.testing.assert_allclose(out.data, reference_conv(x, w, b, **args), rtol=1e-12, atol=1e-12)


@st.composite
def geometries_2d(draw):
    rows, cols = draw(geometries_1d(max_kernel=3)), draw(geometries_1d(max_kernel=3))
    return {key: (rows[key], cols[key]) for key in rows}


@settings(max_examples=20)
@given(geometries_2d())
def test_conv2d_matches_a_direct_loop_for_any_geometry(geo):
    rng = _rng(*geo["k"], *geo["length"])
    x = rng.standard_normal((2, 2, *geo["length"]))
    w = rng.standard_normal((3, 2, *geo["k"]))
    args = dict(stride=geo["stride"], padding=geo["padding"], dilation=geo["dilation"])
    out = conv2d(Tensor(x), Tensor(w), **args)
    np.testing.assert_allclose(out.data, reference_conv(x, w, **args), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "padding", "dilation"),
    [((5, 6), (3, 3), 1, 0, 1), ((7, 8), (3, 2), (2, 1), (1, 0), (1, 2)), ((4, 9), (1, 4), 3, (0, 2), 1)],
)
def test_conv2d_matches_a_direct_loop(size, kernel, stride, padding, dilation):
    rng = _rng(*size, *kernel)
    x = rng.standard_normal((2, 3, *size))
    w = rng.standard_normal((4, 3, *kernel))
    b = rng.standard_normal(4)
    out = conv2d(Tensor(x), Tensor(w), Tensor(b), stride, padding, dilation)
    np.testing.assert_allclose(out.data, reference_conv(x, w, b, stride, padding, dilation), atol=1e-12)


# Computed once with PyTorch 2.13 (F.conv1d in float64), pasted here.
PINNED_X = [
    [[0.5, -1.0, 2.0, 0.25, -0.75, 1.5, 3.0], [1.5, 0.75, -0.375, 0.125, 1.0, -0.5, 0.25]],
    [[1.0, 0.0, -2.0, 1.0, 0.5, -0.5, 2.5], [1.25, -0.25, 0.25, 0.5, -1.0, 0.0, 0.5]],
]
PINNED_W = [
    [[1.0, -0.5, 0.25], [0.5, 2.0, -1.0]],
    [[-1.5, 0.75, 0.0], [1.0, 1.0, 1.0]],
    [[0.3, -0.2, 0.1], [0.0, 0.5, -0.5]],
]
PINNED_B = [0.1, -0.2, 0.3]
PINNED_Y = [
    [[3.725, -1.5875, 4.7875, -1.15], [1.3, 2.675, -2.8875, 4.425], [1.3375, -0.7125, 1.725, -0.4]],
    [[1.35, 4.35, -3.9, -0.15], [2.05, -2.7, 2.925, 0.425], [0.4, 1.675, -0.9, 0.2]],
]
# Gradients of sum(y * arange(y.size).reshape(y.shape)):
PINNED_GX = [
    [[-2.4, 0.0, -1.75, 0.0, -1.55, 0.0, 3.05], [13.5, 0.0, 18.5, 0.0, 23.0, 0.0, 17.5]],
    [[-4.2, 0.0, 0.65, 0.0, 0.85, 0.0, 7.85], [73.5, 0.0, 72.5, 0.0, 77.0, 0.0, 53.5]],
]
PINNED_GW = [
    [[-5.25, 40.0, 22.75], [8.5, 14.125, -1.5]],
    [[-0.25, 67.0, 43.75], [19.0, 27.625, 1.0]],
    [[4.75, 94.0, 64.75], [29.5, 41.125, 3.5]],
]


def test_conv1d_matches_pytorch_pinned():
    x, w = Tensor(PINNED_X, requires_grad=True), Tensor(PINNED_W, requires_grad=True)
    y = conv1d(x, w, Tensor(PINNED_B), stride=2, padding=2, dilation=2)
    np.testing.assert_allclose(y.data, PINNED_Y, atol=1e-12)
    (y * np.arange(y.data.size).reshape(y.shape)).sum().backward()
    np.testing.assert_allclose(x.grad, PINNED_GX, atol=1e-12)
    np.testing.assert_allclose(w.grad, PINNED_GW, atol=1e-12)


@settings(max_examples=30)
@given(geometries_1d())
def test_unfold1d_matches_a_direct_loop_and_fold1d_is_its_transpose(geo):
    k, d, p, s, length = geo["k"], geo["dilation"], geo["padding"], geo["stride"], geo["length"]
    rng = _rng(k, d, p, s, length)
    x = rng.standard_normal((2, 3, length))
    cols = unfold1d(Tensor(x), k, dilation=d, padding=p, stride=s)
    np.testing.assert_array_equal(cols.data, reference_unfold1d(x, k, d, p, s))
    # <unfold(x), c> = <x, fold(c)> for every x and c: fold is unfold's transpose.
    c = rng.standard_normal(cols.shape)
    folded = fold1d(Tensor(c), length, k, dilation=d, padding=p, stride=s)
    assert folded.shape == x.shape
    np.testing.assert_allclose((cols.data * c).sum(), (x * folded.data).sum(), rtol=1e-12)


def test_fold1d_adds_where_windows_overlap():
    cols = Tensor(np.ones((1, 3, 4)))  # 4 windows of 3 samples, stride 1, over a length of 6
    np.testing.assert_array_equal(fold1d(cols, 6, 3).data, [[[1.0, 2.0, 3.0, 3.0, 2.0, 1.0]]])


@pytest.mark.parametrize(
    ("size", "kernel", "dilation", "padding", "stride"),
    [((5, 6), (2, 3), 1, 1, 1), ((7, 5), 3, (2, 1), (1, 0), (2, 3))],
)
def test_fold2d_is_the_transpose_of_unfold2d(size, kernel, dilation, padding, stride):
    rng = _rng(*size)
    x = rng.standard_normal((2, 3, *size))
    cols = unfold2d(Tensor(x), kernel, dilation, padding, stride)
    c = rng.standard_normal(cols.shape)
    folded = fold2d(Tensor(c), size, kernel, dilation, padding, stride)
    np.testing.assert_allclose((cols.data * c).sum(), (x * folded.data).sum(), rtol=1e-12)


@settings(max_examples=25)
@given(geometries_1d(), st.sampled_from(["max", "avg"]), st.booleans())
def test_pools_match_a_direct_loop(geo, kind, default_stride):
    k, p = geo["k"], min(geo["padding"], geo["k"] // 2)
    stride = None if default_stride else geo["stride"]
    length = max(geo["length"], k)
    x = _rng(k, length, p).standard_normal((2, 3, length))
    if kind == "max":
        out = max_pool1d(Tensor(x), k, stride, p)
        expected = reference_pool1d(x, k, stride or k, p, np.max, -np.inf)
    else:
        out = avg_pool1d(Tensor(x), k, stride, p)
        expected = reference_pool1d(x, k, stride or k, p, np.mean, 0.0)
    np.testing.assert_allclose(out.data, expected, rtol=1e-12, atol=1e-15)


def test_max_pool_sends_the_gradient_to_the_first_maximum_like_pytorch():
    x = Tensor([[[1.0, 2.0, 2.0, 0.5, 0.5, 0.5, -1.0]]], requires_grad=True)
    out = max_pool1d(x, kernel_size=3, stride=2, padding=1)
    out.sum().backward()
    np.testing.assert_array_equal(out.data, [[[2.0, 2.0, 0.5, 0.5]]])  # pinned from PyTorch
    np.testing.assert_array_equal(x.grad, [[[0.0, 2.0, 0.0, 1.0, 0.0, 1.0, 0.0]]])


def test_float32_stays_float32():
    x = Tensor(np.ones((2, 3, 9), dtype=np.float32), requires_grad=True)
    w = Tensor(np.ones((4, 3, 3), dtype=np.float32), requires_grad=True)
    b = Tensor(np.ones(4, dtype=np.float32), requires_grad=True)
    y = max_pool1d(conv1d(x, w, b, stride=2, padding=1), 2)
    y = y + avg_pool1d(conv1d(x, w, b, stride=2, padding=1), 2)
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad.dtype == w.grad.dtype == b.grad.dtype == np.float32


# -- gradients: finite differences, first and second order ---------------------------------------
@settings(max_examples=20)
@given(geometries_1d(max_kernel=3), st.integers(1, 2), st.integers(1, 2))
def test_conv1d_gradients_first_and_second_order(geo, c_in, c_out):
    rng = _rng(geo["k"], geo["length"], c_in, c_out, geo["stride"])
    x = rng.standard_normal((2, c_in, geo["length"]))
    w = rng.standard_normal((c_out, c_in, geo["k"]))
    b = rng.standard_normal(c_out)
    args = dict(stride=geo["stride"], padding=geo["padding"], dilation=geo["dilation"])
    # The square makes the second derivative of x and w together non-zero and non-trivial.
    check_grads(lambda x, w, b: conv1d(x, w, b, **args) ** 2, x, w, b, order=2, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "padding", "dilation"),
    [((4, 5), (2, 3), 1, (1, 0), 1), ((5, 5), 2, (2, 1), 1, (2, 1))],
)
def test_conv2d_gradients_first_and_second_order(size, kernel, stride, padding, dilation):
    rng = _rng(*size)
    x = rng.standard_normal((1, 2, *size))
    w = rng.standard_normal((2, 2, *((kernel,) * 2 if isinstance(kernel, int) else kernel)))
    b = rng.standard_normal(2)
    check_grads(lambda x, w, b: conv2d(x, w, b, stride, padding, dilation) ** 2, x, w, b, order=2)


@settings(max_examples=15)
@given(geometries_2d())
def test_conv2d_gradients_first_and_second_order_for_any_geometry(geo):
    rng = _rng(*geo["k"], *geo["length"], *geo["stride"])
    x = rng.standard_normal((1, 2, *geo["length"]))
    w = rng.standard_normal((2, 2, *geo["k"]))
    args = dict(stride=geo["stride"], padding=geo["padding"], dilation=geo["dilation"])
    check_grads(lambda x, w: conv2d(x, w, **args) ** 2, x, w, order=2)


@settings(max_examples=15)
@given(geometries_1d(max_kernel=3), st.booleans())
def test_unfold_and_fold_gradients_first_and_second_order(geo, with_fold):
    k, d, p, s, length = geo["k"], geo["dilation"], geo["padding"], geo["stride"], geo["length"]
    rng = _rng(k, d, p, s, length)
    if with_fold:
        blocks = make_window("fold1d", (1, 2, length), k, d, p, s).out_size[0]
        c = rng.standard_normal((1, 2 * k, blocks))
        check_grads(lambda c: fold1d(c, length, k, d, p, s) ** 2, c, order=2)
    else:
        x = rng.standard_normal((1, 2, length))
        check_grads(lambda x: unfold1d(x, k, d, p, s) ** 2, x, order=2)


@settings(max_examples=15)
@given(geometries_1d(max_kernel=3), st.sampled_from(["max", "avg"]))
def test_pool_gradients_first_and_second_order(geo, kind):
    k, p = geo["k"], min(geo["padding"], geo["k"] // 2)
    length = max(geo["length"], k)
    # Well separated values: a nudge of eps never changes which element is a window's maximum.
    x = _rng(k, length, p).permutation(2 * 2 * length).reshape(2, 2, length) / 10.0
    pool = max_pool1d if kind == "max" else avg_pool1d
    check_grads(lambda x: pool(x, k, geo["stride"], p) ** 2, x, order=2)


def test_mixed_second_derivative_of_the_weight_through_the_input():
    # d/dx of |dL/dw|²: the weight's gradient depends on x, so it must be recorded under
    # create_graph (the backward unfolds x again as a tensor instead of reusing its array).
    rng = _rng(7)
    x0, w0 = rng.standard_normal((2, 2, 7)), rng.standard_normal((3, 2, 3))

    def penalty(x):
        w = Tensor(w0, requires_grad=True)
        (gw,) = grad((conv1d(x, w, stride=2, padding=1) ** 2).sum(), w, create_graph=True)
        return (gw * gw).sum()

    check_grads(penalty, x0, order=1)


# -- errors: clear messages naming the shapes -------------------------------------------------------
def _x(*shape):
    return Tensor(np.zeros(shape))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: conv1d(_x(3, 8), _x(4, 3, 3)), r"input must have shape \(N, C_in, L\), got shape \(3, 8\)"),
        (lambda: conv1d(_x(2, 3, 8), _x(4, 3)), r"weight must have shape \(C_out, C_in, k\), got shape \(4, 3\)"),
        (
            lambda: conv1d(_x(2, 3, 8), _x(4, 2, 3)),
            r"input has 3 channels \(shape \(2, 3, 8\)\) but the weight of shape \(4, 2, 3\) expects C_in = 2",
        ),
        (lambda: conv1d(_x(2, 3, 8), _x(4, 3, 3), _x(3)), r"bias must have shape \(4,\).*got shape \(3,\)"),
        (
            lambda: conv1d(_x(2, 3, 4), _x(4, 3, 3), dilation=2),
            r"conv1d: the kernel spans 5 samples along axis 2 \(kernel_size 3, dilation 2\), more than the "
            r"padded input's 4 \(size 4 \+ 2 × padding 0\); the input has shape \(2, 3, 4\)",
        ),
        (lambda: conv1d(_x(2, 3, 8), _x(4, 3, 3), stride=0), r"conv1d: stride must be a positive integer, got 0"),
        (lambda: conv1d(_x(2, 3, 8), _x(4, 3, 3), stride=1.5), r"stride must be a positive integer, got 1.5"),
        (lambda: conv1d(_x(2, 3, 8), _x(4, 3, 3), padding=-1), r"padding must be a non-negative integer, got -1"),
        (lambda: conv1d(_x(2, 3, 8), _x(4, 3, 3), dilation=True), r"dilation must be a positive integer, got True"),
        (
            lambda: conv2d(_x(1, 3, 8, 8), _x(4, 3, 3, 3), stride=(1, 2, 3)),
            r"conv2d: stride must be a positive integer or a tuple of 2 of them, got \(1, 2, 3\)",
        ),
        (
            lambda: conv2d(_x(1, 3, 8, 2), _x(4, 3, 3, 3)),
            r"kernel spans 3 samples along axis 3 .* the input has shape \(1, 3, 8, 2\)",
        ),
        (lambda: conv2d(_x(3, 8, 8), _x(4, 3, 3, 3)), r"input must have shape \(N, C_in, H, W\), got shape \(3, 8, 8\)"),
        (lambda: max_pool1d(_x(2, 8), 2), r"max_pool1d: input must have shape \(N, C, L\), got shape \(2, 8\)"),
        (lambda: max_pool1d(_x(1, 2, 8), 3, padding=2), r"padding must be at most half the kernel size"),
        (lambda: avg_pool1d(_x(1, 2, 8), 3, stride=0), r"avg_pool1d: stride must be a positive integer, got 0"),
        (lambda: max_pool1d(_x(1, 2, 2), 3), r"max_pool1d: the kernel spans 3 samples.*shape \(1, 2, 2\)"),
        (
            lambda: fold1d(_x(1, 5, 4), 6, 3),
            r"fold1d: the input's axis 1 has 5 entries, not a multiple of the 3 elements of kernel_size 3",
        ),
        (lambda: fold1d(_x(1, 6, 3), 6, 3), r"fold1d: the input has 3 blocks .* output_size 6 .* has 4"),
        (lambda: unfold1d(_x(1, 6), 3), r"unfold1d: input must have shape \(N, C, L\), got shape \(1, 6\)"),
    ],
)
def test_bad_input_is_named_in_the_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_unfold_and_fold_ops_take_any_number_of_spatial_axes():
    x = Tensor(np.arange(24.0).reshape(1, 1, 2, 3, 4))
    window = make_window("unfold", x.shape, kernel_size=2, dilation=1, padding=0, stride=1)
    cols = unfold(x, window)
    assert cols.shape == (1, 8, 1 * 2 * 3)
    assert fold(cols, window).shape == x.shape
