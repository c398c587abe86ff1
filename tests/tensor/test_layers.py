"""dropout, layer_norm, batch_norm and embedding, and the layers built on them: values against
PyTorch (reference numbers computed once with torch 2.13 and pasted here), gradients against
finite differences at first and second order, train/eval, buffers in the state dict."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tensor_autograd import Tensor, check_grads, grad, nn, random_state
from tensor_autograd import functional as F

SETTINGS = settings(max_examples=25)  # the "book" profile (tests/book_plugin.py) sets the rest


# -- dropout ---------------------------------------------------------------------------------
def test_dropout_zeroes_about_p_and_scales_survivors_so_the_mean_is_kept():
    x = Tensor(np.ones(100_000))
    y = F.dropout(x, p=0.3, rng=0).data
    assert set(np.unique(y).round(6)) == {0.0, round(1 / 0.7, 6)}
    assert abs((y == 0).mean() - 0.3) < 0.01
    assert abs(y.mean() - 1) < 0.01


def test_dropout_out_of_training_and_p0_return_the_input_itself():
    x = Tensor([1.0, 2.0], requires_grad=True)
    assert F.dropout(x, 0.5, training=False) is x
    assert F.dropout(x, 0.0) is x


def test_dropout_p1_zeroes_everything_and_the_gradient_is_the_mask():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    assert np.array_equal(F.dropout(x, 1.0).data, [0, 0, 0])
    y = F.dropout(x, 0.5, rng=1)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, y.data / x.data)  # 0 or 2, as the mask


def test_dropout_keeps_float32_and_gradient_checks_with_a_fixed_mask():
    assert F.dropout(Tensor(np.ones(4), dtype=np.float32), 0.5, rng=0).dtype == np.float32
    x = np.random.default_rng(0).standard_normal((3, 4))
    check_grads(lambda t: F.dropout(t, 0.4, rng=5) ** 2, x, order=2)


@pytest.mark.parametrize("p", [-0.1, 1.5, True, "0.5"])
def test_dropout_refuses_a_probability_outside_0_1(p):
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.dropout(Tensor([1.0]), p)
    with pytest.raises(ValueError, match="between 0 and 1"):
        nn.Dropout(p)


def test_dropout_draws_from_the_package_generator_which_reseed_resets():
    random_state.reseed(3)
    a = F.dropout(Tensor(np.ones(50)), 0.5).data
    random_state.reseed(3)
    assert np.array_equal(a, nn.Dropout(0.5)(Tensor(np.ones(50))).data)


def test_dropout_layer_follows_train_and_eval():
    drop = nn.Dropout(0.5, rng=0)
    x = Tensor(np.ones(1000))
    assert (drop(x).data == 0).any()
    assert drop.eval()(x) is x
    assert (drop.train()(x).data == 0).any()


# -- layer norm ------------------------------------------------------------------------------
LN_X = np.array([[1.0, 2.0, 4.0, -1.0], [0.5, 0.5, 3.0, 2.0]])
LN_W = np.array([1.0, 2.0, -0.5, 0.3])
LN_B = np.array([0.1, 0.0, -0.2, 0.5])
LN_UP = np.array([[1.0, -2.0, 0.5, 3.0], [0.0, 1.0, 2.0, -1.0]])


def test_layer_norm_matches_pytorch_values_and_gradients():
    x, w, b = (Tensor(v, requires_grad=True) for v in (LN_X, LN_W, LN_B))
    y = F.layer_norm(x, (4,), w, b)
    (y * LN_UP).sum().backward()
    # torch.nn.functional.layer_norm, float64, torch 2.13
    np.testing.assert_allclose(y.data, [
        [-0.17734967142114058, 0.5546993428422812, -0.8933741785528515, 0.08397549286828915],
        [-0.8428048513475913, -1.8856097026951826, -0.9071036385106934, 0.6414207277021386]],
        rtol=1e-12)
    np.testing.assert_allclose(x.grad, [
        [0.7659121377647468, -1.7782384384519099, 0.7605763731961432, 0.25174992749102],
        [-0.9297035420771587, 0.9559061606180241, 0.03927333930357535, -0.06547595784444082]],
        rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        w.grad, [-0.27734967142114064, -1.4975041941898724, 3.5217887325956254,
                 -4.6316474969909045], rtol=1e-12)
    np.testing.assert_allclose(b.grad, [1.0, -1.0, 2.5, 2.0])


def test_layer_norm_module_over_two_axes_matches_pytorch_in_float32():
    norm = nn.LayerNorm((2, 2))
    assert list(norm.state_dict()) == ["weight", "bias"]
    y = norm(Tensor(LN_X.reshape(2, 2, 2), dtype=np.float32))
    assert y.dtype == np.float32
    np.testing.assert_allclose(y.data, [
        [[-0.27734968066215515, 0.27734968066215515], [1.3867484331130981, -1.3867484331130981]],
        [[-0.9428048729896545, -0.9428048729896545], [1.4142073392868042, 0.47140243649482727]]],
        rtol=1e-6)


def test_layer_norm_is_one_op():
    x = Tensor(LN_X, requires_grad=True)
    y = F.layer_norm(x, 4, Tensor(LN_W, requires_grad=True), Tensor(LN_B, requires_grad=True))
    assert y._backward.__name__ == "normalize_backward"
    assert len(y._parents) == 3 and y._parents[0] is x


@SETTINGS
@given(shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=2, max_side=4), data=st.data(),
       seed=st.integers(0, 2**32 - 1))
def test_layer_norm_gradients_first_and_second_order(shape, data, seed):
    k = data.draw(st.integers(1, len(shape)))
    affine = data.draw(st.booleans())
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape) * 2
    normalized = shape[len(shape) - k:]
    if affine:
        w, b = rng.standard_normal(normalized), rng.standard_normal(normalized)
        f = lambda t, w, b: F.layer_norm(t, normalized, w, b)  # noqa: E731
        inputs = (x, w, b)
    else:
        f = lambda t: F.layer_norm(t, normalized, eps=1e-3)  # noqa: E731
        inputs = (x,)
    check_grads(f, *inputs, rtol=1e-4, atol=1e-6)
    check_grads(f, *inputs, order=2, elementwise=False, rtol=1e-4, atol=1e-5)


def test_layer_norm_second_derivative_elementwise():
    rng = np.random.default_rng(1)
    check_grads(lambda x, w: F.layer_norm(x, 3, w).tanh(), rng.standard_normal((2, 3)),
                rng.standard_normal(3), order=2, rtol=1e-4, atol=1e-6)


def test_layer_norm_refuses_a_shape_that_is_not_the_trailing_axes():
    with pytest.raises(ValueError, match=r"normalized_shape \(3,\) must be the last axes"):
        F.layer_norm(Tensor(np.ones((3, 2))), 3)
    with pytest.raises(ValueError, match="weight must have shape"):
        F.layer_norm(Tensor(np.ones((3, 2))), 2, weight=Tensor(np.ones(3)))


# -- batch norm ------------------------------------------------------------------------------
def _batches():
    rng = np.random.default_rng(0)
    two_d = [rng.normal(size=(4, 3)).astype(np.float32) * (i + 1) + i for i in range(3)]
    three_d = [rng.normal(size=(2, 3, 4)).astype(np.float32) + i for i in range(3)]
    return two_d, three_d


# torch.nn.BatchNorm1d(3) after the three batches of _batches(), torch 2.13
TORCH_BN = {
    2: dict(rm=[0.20136019587516785, 0.2388094663619995, 0.21207472681999207],
            rv=[2.602241277694702, 1.0743021965026855, 1.1353754997253418],
            train_row0=[1.2002696990966797, 0.6987032890319824, -1.553030014038086],
            eval_row0=[-0.04688343033194542, -0.35785603523254395, 0.40199899673461914]),
    3: dict(rm=[0.3097372055053711, 0.4022325873374939, 0.2810766398906708],
            rv=[1.0772666931152344, 1.0105042457580566, 0.9764547944068909],
            train_row0=[[-1.0549203157424927, 0.8892763257026672, 0.8390986919403076,
                         1.5659904479980469],
                        [-1.0893949270248413, 1.4126126766204834, -0.6110315322875977,
                         1.2951773405075073],
                        [-0.48005491495132446, -0.8579957485198975, 0.3721874952316284,
                         1.3481593132019043]],
            eval_row0=[[-0.9283628463745117, -0.42329955101013184, 0.45691242814064026,
                        1.1404486894607544],
                       [-1.6526325941085815, 1.105892539024353, 0.938720703125,
                        0.37710151076316833],
                       [-0.016820143908262253, -0.6021272540092468, 1.1910431385040283,
                        1.6992974281311035]]),
}


@pytest.mark.parametrize("ndim", [2, 3])
def test_batch_norm_running_stats_and_outputs_match_pytorch(ndim):
    batches = _batches()[ndim - 2]
    bn = nn.BatchNorm1d(3)
    for x in batches:
        out = bn(Tensor(x))
    ref = TORCH_BN[ndim]
    assert bn.running_mean.dtype == np.float32 and out.dtype == np.float32
    np.testing.assert_allclose(bn.running_mean.data, ref["rm"], rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(bn.running_var.data, ref["rv"], rtol=1e-6)
    assert bn.num_batches_tracked.item() == 3
    np.testing.assert_allclose(out.data[0], ref["train_row0"], rtol=1e-5, atol=1e-6)
    bn.eval()
    np.testing.assert_allclose(bn(Tensor(batches[0])).data[0], ref["eval_row0"], rtol=1e-5,
                               atol=1e-6)
    assert bn.num_batches_tracked.item() == 3  # eval moves nothing
    np.testing.assert_allclose(bn.running_mean.data, ref["rm"], rtol=1e-6, atol=1e-7)


def test_batch_norm_cumulative_average_with_momentum_none_matches_pytorch():
    bn = nn.BatchNorm1d(3, momentum=None)
    for x in _batches()[0]:
        bn(Tensor(x))
    np.testing.assert_allclose(
        bn.running_mean.data, [0.687476396560669, 0.8174898624420166, 0.7233057022094727],
        rtol=1e-6)
    np.testing.assert_allclose(
        bn.running_var.data, [6.650448322296143, 1.265555739402771, 1.4356216192245483],
        rtol=1e-6)


def test_batch_norm_state_dict_has_pytorchs_keys_and_round_trips():
    bn = nn.BatchNorm1d(3)
    assert list(bn.state_dict()) == ["weight", "bias", "running_mean", "running_var",
                                     "num_batches_tracked"]
    assert [name for name, _ in bn.named_parameters()] == ["weight", "bias"]
    for x in _batches()[0]:
        bn(Tensor(x))
    other = nn.BatchNorm1d(3)
    other.load_state_dict(bn.state_dict())
    np.testing.assert_array_equal(other.running_var.data, bn.running_var.data)
    assert other.num_batches_tracked.dtype == np.int64 and other.num_batches_tracked.item() == 3


@pytest.mark.parametrize("shape", [(4, 3), (3, 2, 4)])
@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_gradients_first_and_second_order(shape, training):
    rng = np.random.default_rng(2)
    x, w, b = rng.standard_normal(shape), rng.standard_normal(3 if len(shape) == 2 else 2), None
    c = w.shape[0]
    b = rng.standard_normal(c)
    running = (rng.standard_normal(c), rng.uniform(0.5, 2, c))

    def f(x, w, b):
        return F.batch_norm(x, *(running if not training else (None, None)), w, b,
                            training=training).tanh()

    check_grads(f, x, w, b, rtol=1e-4, atol=1e-6)
    check_grads(f, x, w, b, order=2, rtol=1e-4, atol=1e-6)


def test_batch_norm_in_training_is_one_op_and_eval_uses_no_batch_statistics():
    bn = nn.BatchNorm1d(2, affine=False)
    x = Tensor(np.array([[1.0, 2.0], [3.0, 6.0]]), requires_grad=True)
    assert bn(x)._backward.__name__ == "normalize_backward"
    bn.eval()
    y = bn(x[:1])  # one sample: fine out of training
    np.testing.assert_allclose(y.data, (x.data[:1] - bn.running_mean.data)
                               / np.sqrt(bn.running_var.data + 1e-5), rtol=1e-6)


def test_batch_norm_refuses_one_value_per_channel_in_training_and_wrong_shapes():
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(3)(Tensor(np.ones((1, 3))))
    with pytest.raises(ValueError, match=r"expected input of shape \(N, 3\)"):
        nn.BatchNorm1d(3)(Tensor(np.ones((4, 2))))


def test_batch_norm_without_running_stats_always_uses_the_batch():
    bn = nn.BatchNorm1d(2, track_running_stats=False).eval()
    assert bn.state_dict().keys() == {"weight", "bias"}
    y = bn(Tensor([[1.0, 2.0], [3.0, 6.0]]))
    np.testing.assert_allclose(y.data, [[-1, -1], [1, 1]], atol=1e-5)


# -- embedding -------------------------------------------------------------------------------
def test_embedding_picks_rows_and_scatter_adds_their_gradients():
    w = Tensor(np.arange(8.0).reshape(4, 2), requires_grad=True)
    idx = np.array([[3, 0], [3, 3]])
    y = F.embedding(idx, w)
    assert y.shape == (2, 2, 2)
    np.testing.assert_array_equal(y.data[0, 0], [6, 7])
    y.sum().backward()
    np.testing.assert_array_equal(w.grad, [[1, 1], [0, 0], [0, 0], [3, 3]])


def test_embedding_gradients_first_and_second_order():
    idx = np.array([2, 0, 2, 1])
    w = np.random.default_rng(0).standard_normal((3, 2))
    check_grads(lambda w: F.embedding(idx, w) ** 3, w, order=2)


def test_embedding_padding_row_takes_no_gradient_and_starts_at_zero():
    table = nn.Embedding(4, 2, padding_idx=-1, rng=0)
    assert table.padding_idx == 3
    np.testing.assert_array_equal(table.weight.data[3], [0, 0])
    table.weight.data[3] = 5  # still read as it is, but not trained
    y = table(Tensor([3.0, 1.0, 3.0]))  # whole-number floats are indices too
    np.testing.assert_array_equal(y.data[0], [5, 5])
    y.sum().backward()
    np.testing.assert_array_equal(table.weight.grad, [[0, 0], [1, 1], [0, 0], [0, 0]])


def test_embedding_refuses_out_of_range_and_fractional_indices():
    w = Tensor(np.zeros((3, 2)))
    with pytest.raises(IndexError, match="index 3 is out of range for 3 embeddings"):
        F.embedding(np.array([0, 3]), w)
    with pytest.raises(TypeError, match="integer indices"):
        F.embedding(np.array([0.5]), w)


def test_embedding_layer_is_float32_standard_normal_by_default():
    table = nn.Embedding(1000, 8, rng=0)
    assert table.weight.dtype == np.float32
    assert abs(table.weight.data.std() - 1) < 0.05


# -- modules: train/eval, containers, state ---------------------------------------------------
class Block(nn.Module):
    def __init__(self):
        self.layers = nn.ModuleList([nn.Linear(3, 3, rng=i) for i in range(2)])
        self.norm = nn.BatchNorm1d(3)
        self.drop = nn.Dropout(0.5)
        self.extra = [nn.LayerNorm(3)]  # a plain list works too

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return self.drop(self.norm(x))


def test_train_and_eval_reach_every_child_including_lists():
    model = nn.Sequential(Block(), nn.ReLU())
    assert all(m.training for m in model.modules())
    assert model.eval() is model
    assert len(model.modules()) == 9
    assert not any(m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())
    assert len(model) == 2 and isinstance(model[1], nn.ReLU)  # `training` is not a layer
    with pytest.raises(ValueError, match="training mode is expected to be boolean"):
        model.train("no")


def test_state_dict_covers_module_lists_plain_lists_and_buffers():
    model = Block()
    names = list(model.state_dict())
    assert names == [
        "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
        "norm.weight", "norm.bias", "norm.running_mean", "norm.running_var",
        "norm.num_batches_tracked", "extra.0.weight", "extra.0.bias"]
    assert [n for n, _ in model.named_buffers()] == [
        "norm.running_mean", "norm.running_var", "norm.num_batches_tracked"]
    assert len(model.parameters()) == 8
    model(Tensor(np.ones((4, 3), dtype=np.float32)))
    copy = Block()
    copy.load_state_dict(model.state_dict())
    np.testing.assert_array_equal(copy.norm.running_mean.data, model.norm.running_mean.data)
    state = model.state_dict()
    del state["norm.running_var"]
    with pytest.raises(ValueError, match="missing: norm.running_var"):
        copy.load_state_dict(state)


def test_module_list_indexing_slicing_and_errors():
    layers = nn.ModuleList([nn.Tanh(), nn.ReLU(), nn.Sigmoid()])
    assert isinstance(layers[-1], nn.Sigmoid)
    assert len(layers[1:]) == 2
    with pytest.raises(TypeError, match="expected a Module"):
        layers.append(3)
    with pytest.raises(NotImplementedError):
        layers(Tensor([1.0]))


def test_buffers_need_no_grad_and_are_not_given_to_optimizers():
    from tensor_autograd import optim

    bn = nn.BatchNorm1d(2)
    assert not bn.running_mean.requires_grad
    opt = optim.SGD(bn.parameters(), lr=0.1)
    assert len(opt.params) == 2


def test_a_layer_norm_mlp_second_derivative_through_the_module():
    net = nn.Sequential(nn.Linear(3, 4, dtype=np.float64, rng=0), nn.LayerNorm(4, dtype=np.float64),
                        nn.Tanh())
    x = Tensor(np.random.default_rng(0).standard_normal((2, 3)), requires_grad=True)
    (g,) = grad((net(x) ** 2).sum(), x, create_graph=True)
    (h,) = grad((g * g).sum(), x)
    assert h.shape == x.shape and np.all(np.isfinite(h.data))


@SETTINGS
@given(n=st.integers(2, 4), c=st.integers(1, 3), length=st.one_of(st.none(), st.integers(1, 3)),
       affine=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_batch_norm_gradients_over_shapes(n, c, length, affine, seed):
    rng = np.random.default_rng(seed)
    shape = (n, c) if length is None else (n, c, length)
    x = rng.standard_normal(shape) * 2 + 1
    if affine:
        inputs = (x, rng.standard_normal(c), rng.standard_normal(c))

        def f(x, w, b):
            return F.batch_norm(x, None, None, w, b, training=True, eps=1e-3)
    else:
        inputs = (x,)

        def f(x):
            return F.batch_norm(x, None, None, training=True, eps=1e-3)

    check_grads(f, *inputs, rtol=1e-4, atol=1e-6)
    check_grads(f, *inputs, order=2, elementwise=False, rtol=1e-4, atol=1e-5)


def test_float32_layers_keep_float32_values_and_gradients():
    x = Tensor(np.random.default_rng(0).standard_normal((4, 3)), dtype=np.float32,
               requires_grad=True)
    for layer in (nn.LayerNorm(3), nn.BatchNorm1d(3)):
        y = layer(x)
        assert y.dtype == np.float32
        (y * y).sum().backward()
        assert x.grad.dtype == np.float32 and layer.weight.grad.dtype == np.float32
        x.grad = None


def test_inplace_dropout_is_refused_as_unsupported():
    with pytest.raises(ValueError, match="inplace=True is not supported"):
        F.dropout(Tensor([1.0]), 0.5, inplace=True)
    with pytest.raises(ValueError, match="inplace=True is not supported"):
        nn.Dropout(0.5, inplace=True)


def test_layer_norm_takes_a_numpy_integer_shape():
    y = F.layer_norm(Tensor(LN_X), np.int64(4))
    np.testing.assert_allclose(y.data.mean(axis=1), 0, atol=1e-12)
