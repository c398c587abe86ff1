"""AdamW, RMSprop, param_groups and clip_grad_norm_ against PyTorch: reference numbers computed
once with torch 2.13 (float64, five steps from the same parameters and gradients) and pasted."""

import math

import numpy as np
import pytest

from tensor_autograd import Tensor, nn, optim

P0 = np.array([[0.5, -1.0, 2.0], [0.25, 0.0, -0.75]])
GRADS = [np.array([[0.1, -0.2, 0.3], [0.4, -0.5, 0.05]]) * (t + 1) * (-1) ** t for t in range(5)]


def five_steps(optimizer_class, **options):
    p = nn.Parameter(P0, dtype=np.float64)
    opt = optimizer_class([p], **options)
    for g in GRADS:
        p.grad = g.copy()
        opt.step()
    return p.data


TORCH = {  # torch.optim.<name>(..., **options) after the five steps
    ("AdamW", ()): [[0.40109739864976407, -0.8986023891218913, 1.893612377616766],
                    [0.15234489435295556, 0.09640760360133141, -0.8426650797957415]],
    ("AdamW", (("betas", (0.8, 0.9)), ("weight_decay", 0.5))): [
        [0.3074163146676186, -0.6943067797813176, 1.4680877160692172],
        [0.11397107483816707, 0.07947415990046305, -0.6598098499347802]],
    ("Adam", (("betas", (0.8, 0.9)), ("weight_decay", 0.5))): [
        [0.16327324352516315, -0.6379939983646505, 1.589343526454094],
        [0.11980210292664281, 0.08622615552443964, -0.2992306953190385]],
    ("RMSprop", (("lr", 0.01),)): [
        [0.41472852168841134, -0.9147284830925546, 1.9147284702272593],
        [0.16472846379460981, 0.08527154006498046, -0.835271401120005]],
    ("RMSprop", (("alpha", 0.9), ("centered", True), ("lr", 0.01), ("momentum", 0.9),
                 ("weight_decay", 0.1))): [
        [0.3836171522996968, -0.8825058807967661, 1.8696111826698059],
        [0.16158750048187948, 0.08472178484806872, -0.5023225813282306]],
    ("RMSprop", (("lr", 0.01), ("momentum", 0.5))): [
        [0.3756932475208261, -0.8756931748704829, 1.8756931506536831],
        [0.12569313854527991, 0.12430686871976326, -0.874306607178739]],
    ("RMSprop", (("centered", True), ("lr", 0.01))): [
        [0.41419506852999693, -0.914195029440787, 1.9141950164110406],
        [0.1641950098961656, 0.08580499401276004, -0.8358048532917153]],
}


@pytest.mark.parametrize("name, options", list(TORCH))
def test_five_steps_match_pytorch(name, options):
    options = dict(options)
    if name != "RMSprop":
        options.setdefault("lr", 0.1)
    got = five_steps(getattr(optim, name), **options)
    np.testing.assert_allclose(got, TORCH[name, tuple(sorted(options.items()))
                                          if name == "RMSprop" else
                                          tuple(sorted((k, v) for k, v in options.items()
                                                       if k != "lr"))],
                               rtol=1e-12, atol=1e-15)


def test_adamw_defaults_are_pytorchs():
    opt = optim.AdamW([nn.Parameter([1.0])])
    assert (opt.lr, opt.betas, opt.eps, opt.weight_decay) == (1e-3, (0.9, 0.999), 1e-8, 0.01)
    opt = optim.RMSprop([nn.Parameter([1.0])])
    assert (opt.lr, opt.alpha, opt.eps, opt.momentum, opt.centered) == (0.01, 0.99, 1e-8, 0, False)


def test_adamw_decay_does_not_depend_on_the_gradient_scale_but_adams_does():
    def decay(cls, scale):  # how much weight decay changed one step, for gradients of `scale`
        after = []
        for weight_decay in (0.0, 0.1):
            p = nn.Parameter([1.0], dtype=np.float64)
            p.grad = np.array([scale])
            cls([p], lr=0.1, weight_decay=weight_decay).step()
            after.append(p.data[0])
        return after[0] - after[1]

    assert decay(optim.AdamW, 1.0) == pytest.approx(0.1 * 0.1) == decay(optim.AdamW, 100.0)
    assert decay(optim.AdamW, 0.0) == pytest.approx(0.1 * 0.1)
    # Adam's L2 term is divided by √v̂ with the gradient: lost next to a large gradient,
    # a full lr-sized step for a weight without one
    assert decay(optim.Adam, 100.0) < 1e-4
    assert decay(optim.Adam, 0.0) == pytest.approx(0.1)


def test_rmsprop_skips_parameters_without_a_gradient_and_validates():
    a, b = nn.Parameter([1.0]), nn.Parameter([1.0])
    a.grad = np.array([1.0])
    optim.RMSprop([a, b]).step()
    assert b.data[0] == 1.0 and a.data[0] < 1.0
    with pytest.raises(ValueError, match="alpha must be in"):
        optim.RMSprop([a], alpha=1.5)


def test_param_groups_and_lr_are_one_value():
    opt = optim.SGD([nn.Parameter([1.0])], lr=0.5)
    assert opt.param_groups[0]["lr"] == 0.5 and opt.param_groups[0]["params"] == opt.params
    opt.param_groups[0]["lr"] = 0.25
    assert opt.lr == 0.25
    opt.lr = 0.125
    assert opt.param_groups[0]["lr"] == 0.125
    with pytest.raises(ValueError, match="lr must be"):
        opt.lr = -1
    with pytest.raises(TypeError, match="parameter groups"):
        optim.SGD([{"params": [nn.Parameter([1.0])]}], lr=0.1)


def _clip_setup():
    ps = [nn.Parameter(np.zeros((2, 2))), nn.Parameter(np.zeros(3)), nn.Parameter([0.0])]
    ps[0].grad = np.array([[1.0, -2.0], [3.0, 0.5]], dtype=np.float32)
    ps[1].grad = np.array([4.0, -1.0, 2.0], dtype=np.float32)
    return ps  # the third has no gradient: skipped


def test_clip_grad_norm_matches_pytorch():
    ps = _clip_setup()
    total = nn.utils.clip_grad_norm_(ps, 2.0)
    assert isinstance(total, Tensor) and total.ndim == 0 and total.dtype == np.float32
    assert total.item() == pytest.approx(5.93717098236084, rel=1e-7)
    np.testing.assert_allclose(ps[0].grad, [[0.336860716342926, -0.673721432685852],
                                            [1.0105822086334229, 0.168430358171463]], rtol=1e-6)
    np.testing.assert_allclose(ps[1].grad, [1.347442865371704, -0.336860716342926,
                                            0.673721432685852], rtol=1e-6)
    ps = _clip_setup()
    assert nn.utils.clip_grad_norm_(ps, 2.0, norm_type=math.inf).item() == 4.0
    np.testing.assert_allclose(ps[1].grad, [1.9999995231628418, -0.49999988079071045,
                                            0.9999997615814209], rtol=1e-6)
    ps = _clip_setup()
    assert nn.utils.clip_grad_norm_(ps, 100.0, norm_type=1).item() == 13.5
    np.testing.assert_array_equal(ps[0].grad, [[1.0, -2.0], [3.0, 0.5]])  # under the cap


def test_clip_grad_norm_edge_cases():
    assert nn.utils.clip_grad_norm_([nn.Parameter([1.0])], 1.0).item() == 0.0
    p = nn.Parameter([1.0])
    p.grad = np.array([np.inf])
    with pytest.raises(RuntimeError, match="non-finite"):
        nn.utils.clip_grad_norm_(p, 1.0, error_if_nonfinite=True)
    p.grad = np.array([-3.0])
    nn.utils.clip_grad_value_(p, 1.0)
    assert p.grad[0] == -1.0
