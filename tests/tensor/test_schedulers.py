"""StepLR, CosineAnnealingLR and LambdaLR: the lr of each epoch against PyTorch's (torch 2.13,
SGD with lr=0.1, `get_last_lr()` read before each `optimizer.step(); scheduler.step()`)."""

import pytest

from tensor_autograd import nn, optim
from tensor_autograd.optim import lr_scheduler


def lrs(scheduler_class, epochs, **options):
    opt = optim.SGD([nn.Parameter([0.0])], lr=0.1)
    scheduler = scheduler_class(opt, **options)
    seen = []
    for _ in range(epochs):
        seen.append(scheduler.get_last_lr()[0])
        assert opt.lr == opt.param_groups[0]["lr"] == seen[-1]
        opt.step()
        scheduler.step()
    return seen


def test_step_lr_matches_pytorch():
    assert lrs(lr_scheduler.StepLR, 10, step_size=3, gamma=0.5) == [
        0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125]


def test_cosine_annealing_matches_pytorch_to_the_last_bit_past_t_max():
    assert lrs(lr_scheduler.CosineAnnealingLR, 13, T_max=5, eta_min=0.01) == [
        0.1, 0.09140576474687263, 0.06890576474687263, 0.04109423525312736,
        0.018594235253127367, 0.01, 0.018594235253127367, 0.04109423525312739,
        0.06890576474687267, 0.09140576474687269, 0.10000000000000006, 0.09140576474687272,
        0.06890576474687268]


def test_lambda_lr_matches_pytorch():
    assert lrs(lr_scheduler.LambdaLR, 6, lr_lambda=lambda e: 0.9**e) == [
        0.1, 0.09000000000000001, 0.08100000000000002, 0.0729, 0.06561, 0.05904900000000001]


def test_two_chained_schedulers_compose_as_in_pytorch():
    opt = optim.SGD([nn.Parameter([0.0])], lr=0.1)
    step = lr_scheduler.StepLR(opt, 2, 0.5)
    cosine = lr_scheduler.CosineAnnealingLR(opt, 4)
    seen = []
    for _ in range(6):
        seen.append(opt.param_groups[0]["lr"])
        opt.step()
        step.step()
        cosine.step()
    assert seen == [0.1, 0.08535533905932738, 0.025, 0.0073223304703363135, 0.0,
                    0.014644660940672622]


def test_schedulers_keep_the_initial_lr_and_check_their_arguments():
    opt = optim.Adam([nn.Parameter([0.0])], lr=0.5)
    lr_scheduler.StepLR(opt, 1)
    assert opt.param_groups[0]["initial_lr"] == 0.5 and opt.lr == 0.5
    with pytest.raises(ValueError, match="step_size must be a positive integer"):
        lr_scheduler.StepLR(opt, 0)
    with pytest.raises(ValueError, match="T_max must be a positive integer"):
        lr_scheduler.CosineAnnealingLR(opt, 2.5)
    with pytest.raises(ValueError, match="Expected 1 lr_lambdas, but got 2"):
        lr_scheduler.LambdaLR(opt, [abs, abs])
    with pytest.raises(TypeError, match="not an optimizer"):
        lr_scheduler.StepLR(object(), 1)
    fresh = optim.SGD([nn.Parameter([0.0])], lr=0.1)
    with pytest.raises(KeyError, match="initial_lr"):
        lr_scheduler.StepLR(fresh, 1, last_epoch=3)


def test_scheduler_state_dict_round_trips_without_the_optimizer():
    opt = optim.SGD([nn.Parameter([0.0])], lr=0.1)
    sched = lr_scheduler.CosineAnnealingLR(opt, 10)
    for _ in range(3):
        opt.step()
        sched.step()
    state = sched.state_dict()
    assert "optimizer" not in state and state["last_epoch"] == 3
    other = lr_scheduler.CosineAnnealingLR(optim.SGD([nn.Parameter([0.0])], lr=0.1), 10)
    other.load_state_dict(state)
    assert other.last_epoch == 3 and other.get_last_lr() == sched.get_last_lr()


def test_pytorch_style_dotted_imports_work():
    from tensor_autograd.nn.init import kaiming_uniform_
    from tensor_autograd.nn.utils import clip_grad_norm_
    from tensor_autograd.optim.lr_scheduler import StepLR as Imported

    assert Imported is lr_scheduler.StepLR
    assert kaiming_uniform_ is nn.init.kaiming_uniform_
    assert clip_grad_norm_ is nn.utils.clip_grad_norm_
