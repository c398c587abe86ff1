"""No reference cycles per node, and memory that stays flat over 1,000 training steps."""

import gc
import tracemalloc
import weakref

import numpy as np

from tensor_autograd import Tensor, functional as F, nn, optim


def make_training_step(seed=0):
    rng = np.random.default_rng(seed)
    x = Tensor(rng.standard_normal((32, 8)).astype(np.float32))
    y = rng.integers(0, 3, 32)
    model = nn.Sequential(nn.Linear(8, 16, rng=1), nn.ReLU(), nn.Linear(16, 3, rng=2))
    opt = optim.Adam(model.parameters(), lr=1e-2)

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    return step


def test_a_training_step_creates_no_reference_cycles():
    step = make_training_step()
    step()
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            step()
        assert gc.collect() == 0  # everything was freed by reference counting alone
    finally:
        gc.enable()


def test_a_graph_is_freed_as_soon_as_the_output_is_dropped():
    x = Tensor(np.ones(4), requires_grad=True)
    hidden = (x * 2).exp()
    loss = hidden.sum()
    alive = weakref.ref(hidden)
    del hidden
    assert alive() is not None  # the loss still needs it
    del loss
    assert alive() is None  # no cycle kept it: freed at once, without the garbage collector


def test_backward_releases_intermediates_even_while_the_loss_is_kept():
    x = Tensor(np.ones(4), requires_grad=True)
    hidden = (x * 2).exp()
    loss = hidden.sum()
    alive = weakref.ref(hidden)
    del hidden
    loss.backward()
    assert alive() is None and loss.item() > 0


def test_memory_stays_flat_over_1000_training_steps():
    step = make_training_step()
    for _ in range(50):  # let the optimizer state and caches settle
        step()
    gc.collect()
    tracemalloc.start()
    try:
        for _ in range(100):
            step()
        before, _ = tracemalloc.get_traced_memory()
        for _ in range(900):
            step()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - before < 20_000, f"memory grew by {after - before} bytes over 900 steps"
