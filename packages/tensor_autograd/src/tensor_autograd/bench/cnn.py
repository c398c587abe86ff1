"""The ``cnn`` workload of the tensor benchmark: one training step of MNIST-1D's CNN.

The step is chapter 13's: a batch of 100 signals of 40 samples through three `Conv1d`
layers of 25 channels (kernels 5, 3, 3, stride 2, padding 1, ReLUs) and a `Linear`
layer to 10 logits; softmax cross-entropy; backward; an Adam update. ``ours`` is
`training.classification.build_classifier("cnn")`; ``torch`` is the same network in
PyTorch (one thread), from the same initial weights, checked to agree after one step.

Where a NumPy convolution spends its time is measured too: for each of the three
convolutions, the pieces its forward and backward are made of — the unfold (an
``np.take``), the matrix products (forward, input gradient, weight gradient) and the
fold (slice-adds) — each timed alone on arrays of the step's shapes. What the pieces
do not account for is everything else: ReLUs, the linear layer, the loss, Adam, and
the engine's bookkeeping of the graph.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import conv, functional, optim
from ..tensor import Tensor
from . import _interleaved, _peer_missing, _torch_one_thread

BATCH = 100
LR = 0.01
#: The three convolutions: (C_in, C_out, kernel, input length).
LAYERS = ((1, 25, 5, 40), (25, 25, 3, 19), (25, 25, 3, 10))
WORKLOAD = (
    "one training step of the MNIST-1D CNN (3 Conv1d of 25 channels and a Linear): "
    f"batch {BATCH}, forward, cross-entropy, backward, Adam (float32)"
)


def _data(seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((BATCH, 40)).astype(np.float32)
    y = rng.integers(0, 10, BATCH)
    return x, y


class _Ours:
    def __init__(self):
        from ..training.classification import build_classifier

        self.model = build_classifier("cnn", seed=0)
        self.optimizer = optim.Adam(self.model.parameters(), lr=LR)
        self.x, self.y = _data()

    def step(self):
        loss = functional.cross_entropy(self.model(Tensor(self.x)), self.y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def weights(self) -> list[np.ndarray]:
        return [p.data for p in self.model.parameters()]


class _Torch:
    def __init__(self, initial: list[np.ndarray]):
        import torch
        from torch import nn

        self.torch = torch
        self.model = nn.Sequential(
            nn.Unflatten(1, (1, 40)),
            nn.Conv1d(1, 25, 5, 2, 1), nn.ReLU(),
            nn.Conv1d(25, 25, 3, 2, 1), nn.ReLU(),
            nn.Conv1d(25, 25, 3, 2, 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(125, 10),
        )  # fmt: skip
        with torch.no_grad():
            for p, value in zip(self.model.parameters(), initial, strict=True):
                p.copy_(torch.from_numpy(value.copy()))
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=LR)
        x, y = _data()
        self.x, self.y = torch.from_numpy(x), torch.from_numpy(y)

    def step(self):
        loss = self.torch.nn.functional.cross_entropy(self.model(self.x), self.y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def weights(self) -> list[np.ndarray]:
        return [p.detach().numpy() for p in self.model.parameters()]


def make_engines(names: Sequence[str]):
    """The engines asked for, from the same initial weights; and the skipped ones."""
    ours = _Ours()
    initial = [w.copy() for w in ours.weights()]
    engines, skipped = {}, {}
    for name in names:
        if name == "ours":
            engines[name] = ours
        elif name == "torch":
            reason = _peer_missing("torch")
            if reason:
                skipped[name] = reason
            else:
                _torch_one_thread()
                engines[name] = _Torch(initial)
    return engines, skipped


def check_agreement(engines: dict) -> None:
    """One step of each engine from the same start: losses and weights must agree."""
    losses = {name: engine.step() for name, engine in engines.items()}
    weights = {name: engine.weights() for name, engine in engines.items()}
    reference = next(iter(engines))
    for name in engines:
        same = np.isclose(losses[name], losses[reference], rtol=1e-4) and all(
            np.allclose(a, b, rtol=1e-3, atol=1e-5)
            for a, b in zip(weights[name], weights[reference], strict=True)
        )
        if not same:
            raise AssertionError(
                f"cnn: {name} disagrees with {reference} after one step: {losses}"
            )


def conv_parts() -> dict[str, dict[str, callable]]:
    """For each convolution of the step, its NumPy pieces as calls on arrays of the
    step's shapes: unfold, the matrix products, fold — those the step runs (the first
    layer's input needs no gradient: no product for it, and no fold)."""
    rng = np.random.default_rng(0)
    parts = {}
    for c_in, c_out, k, length in LAYERS:
        x = rng.standard_normal((BATCH, c_in, length)).astype(np.float32)
        w = rng.standard_normal((c_out, c_in * k)).astype(np.float32)
        window = conv.make_window("conv1d", x.shape, k, 1, 1, 2)
        rows = conv._unfold_rows(x, window)  # (N, P, C_in·k)
        flat = rows.reshape(-1, c_in * k)
        g_rows = rng.standard_normal((flat.shape[0], c_out)).astype(np.float32)
        g_cols = (g_rows @ w).reshape(BATCH, -1, c_in * k)
        pieces = {"unfold": lambda x=x, window=window: conv._unfold_rows(x, window)}
        if c_in == 1:  # the first layer: its input (the data) needs no gradient
            pieces["matmul"] = lambda flat=flat, w=w, g=g_rows: (flat @ w.T, g.T @ flat)
        else:  # forward, the input's gradient, the weight's
            pieces["matmul"] = lambda flat=flat, w=w, g=g_rows: (
                flat @ w.T,
                g @ w,
                g.T @ flat,
            )
            pieces["fold"] = lambda g=g_cols, c=c_in, window=window: conv._fold_rows(
                g, c, window
            )
        parts[f"{c_in}→{c_out}, k={k}, L={length}"] = pieces
    return parts


def bench_cnn(names, rounds: int, target: float, clock) -> dict:
    """The step for each engine, and the conv pieces of ours (seconds per call)."""
    engines, skipped = make_engines(names)
    check_agreement(engines)
    timings = _interleaved(
        {n: e.step for n, e in engines.items()}, rounds, target, clock
    )
    result = {
        "workload": WORKLOAD,
        "batch": BATCH,
        "engines": {name: {"seconds": t["seconds"]} for name, t in timings.items()},
    }
    for name, reason in skipped.items():
        result["engines"][name] = {"skipped": reason}
    if "ours" in engines:
        layers = {}
        for layer, pieces in conv_parts().items():
            measured = _interleaved(pieces, rounds, target / 4, clock)
            layers[layer] = {piece: t["seconds"] for piece, t in measured.items()}
        result["conv_parts"] = layers
        total = timings["ours"]["seconds"]
        in_parts = sum(sum(layer.values()) for layer in layers.values())
        result["rest_seconds"] = max(total - in_parts, 0.0)
    return result
