"""Benchmarks: the `Tensor` engine against hand-written NumPy, PyTorch and HIPS
autograd.

    uv run --group bench python -m tensor_autograd.bench [--quick] [--rounds N] [--json
    PATH]

The workload is one training step of an MLP (inputs, hidden ReLU layer, outputs) in
float32:
forward, mean squared error, backward, and a plain SGD update. Each engine does it its
own way:

- ``ours``: `nn.Sequential(Linear, ReLU, Linear)`, `functional.mse_loss`, `optim.SGD`;
- ``ours_formula``: the same, with the loss written as its formula, ``((pred - y) **
  2).mean()``, three ops instead of one fused op (how many people write it);
- ``numpy``: the same step with forward and backward derived by hand (`numpy_step`). It
  does exactly the arithmetic the step needs and nothing else, so it is the floor for
  any engine built on NumPy: the ratio ours/numpy is what the engine's bookkeeping
  costs;
- ``torch``: PyTorch CPU, `torch.nn` and `torch.optim.SGD` (measured only when PyTorch
  is installed: it is not a dependency of this project, and the report says when it is
  skipped);
- ``autograd``: HIPS autograd's `value_and_grad` of the same loss written with
  `autograd.numpy` (in the ``bench`` dependency group, like micrograd).

All engines start from the same weights and data, and their first losses and updated
weights are
checked to agree before anything is timed. Workloads:

- ``step``: the step at a sweep of sizes from *small* (batch 32, 2-16-1) to *large*
  (batch 256, 784-256-10), where the cost moves from per-op overhead to arithmetic;
- ``memory``: at the large size, the peak memory of one step and the growth over 1,000
  steps;
- ``dtype``: the large step in float64 instead of float32 (what a silent promotion
  costs);
- ``per_op``: one elementwise multiplication at sizes from 1 to 1,000,000 elements, raw
  NumPy against a graph-recording Tensor op (and PyTorch): the fixed cost of an op, and
  how it shrinks relative to the work as arrays grow;
- ``cnn``: one training step of chapter 13's MNIST-1D CNN (batch 100, three ``Conv1d``
  layers, cross-entropy, Adam) against PyTorch, and the NumPy pieces of its
  convolutions — unfold, matrix products, fold — timed alone (see `bench.cnn`).

One thread for every engine: run as ``python -m tensor_autograd.bench``, the process
restarts itself with ``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS``, ``MKL_NUM_THREADS``
(and the other BLAS variables) set to 1 unless they already are, because a BLAS library
reads them only when it is loaded; in-process, `limit_threads` also uses threadpoolctl
when installed, or OpenBLAS's own ``set_num_threads``, and PyTorch gets
``torch.set_num_threads(1)``. The threads in use are recorded in the report.

How it measures: the engines take turns within each round, each sample starts from a
collected heap (with everything that existed before the rounds frozen out of the
collector's way, see ``gc.freeze``), and the median over the rounds is reported; time is
this process's CPU time by default (``--timer wall`` for elapsed time).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence

import numpy as np
from scalar_autograd.plumbing.args import MAX_ROUNDS, MAX_STEPS, rounds, steps
from scalar_autograd.plumbing.benchmarks import (
    add_json_arguments,
    add_timer_argument,
    cpu_model,
    format_bytes,
    format_seconds,
    package_version,
    run_and_report,
    text_table,
)

from .. import functional as F
from .. import nn, optim
from ..tensor import Tensor
from ..training import threads

__all__ = [
    "ENGINES",
    "SIZES",
    "QUICK_SIZES",
    "numpy_step",
    "limit_threads",
    "machine_info",
    "run",
    "main",
]

ENGINES = ("ours", "ours_formula", "numpy", "torch", "autograd")
WORKLOADS = ("step", "memory", "dtype", "per_op", "cnn")
# (batch, inputs, hidden, outputs): small, the sweep between, large.
SIZES = [
    (32, 2, 16, 1),
    (64, 16, 32, 4),
    (64, 64, 64, 10),
    (128, 128, 128, 10),
    (128, 256, 256, 10),
    (256, 512, 256, 10),
    (256, 784, 256, 10),
]
QUICK_SIZES = [(8, 2, 4, 1), (16, 8, 8, 2)]
PER_OP_SIZES = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]
QUICK_PER_OP_SIZES = [1, 100, 10_000]
LR = 0.01
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
# Whether the BLAS variables were 1 when this process started, i.e. before NumPy loaded
# its BLAS.
_ONE_THREAD_AT_START = all(os.environ.get(name) == "1" for name in THREAD_VARIABLES)


# -- one thread ------------------------------------------------------------------------
def limit_threads() -> dict:
    """Make every engine in this process use one thread, and say how it was done.

    Environment variables cover libraries loaded from now on (PyTorch's OpenMP); a BLAS
    already loaded by NumPy is limited through threadpoolctl if it is installed, else
    through OpenBLAS's own API. The restart in ``__main__`` covers every other BLAS.
    """
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    info = {
        "environment_at_start": _ONE_THREAD_AT_START,
        "method": None,
        "blas_threads": None,
    }
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        found = threads.openblas_library()
        if found is not None:
            library, getter, setter = found
            getattr(library, setter)(1)
            info["method"] = "openblas_set_num_threads"
            info["blas_threads"] = getattr(library, getter)()
    else:
        threadpool_limits(1)
        info["method"] = "threadpoolctl"
        info["blas_threads"] = max(
            (pool["num_threads"] for pool in threadpool_info()), default=None
        )
    if info["method"] is None and _ONE_THREAD_AT_START:
        info["method"] = "environment"
        info["blas_threads"] = 1
    return info


# -- the engines -----------------------------------------------------------------------
def _data(size, dtype, seed: int = 0):
    batch, inputs, _, outputs = size
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, inputs)).astype(dtype)
    y = rng.standard_normal((batch, outputs)).astype(dtype)
    return x, y


def _our_model(size, dtype):
    _, inputs, hidden, outputs = size
    return nn.Sequential(
        nn.Linear(inputs, hidden, rng=1, dtype=dtype),
        nn.ReLU(),
        nn.Linear(hidden, outputs, rng=2, dtype=dtype),
    )


def numpy_step(params: list[np.ndarray], x: np.ndarray, y: np.ndarray, lr: float):
    """One SGD step of the MLP on the mean squared error, forward and backward derived
    by hand.

    `params` is [W1, b1, W2, b2] (weights shaped (out, in), as in `nn.Linear`), updated
    in place.

    >>> rng = np.random.default_rng(0)
    >>> shapes = [(3, 2), (3,), (1, 3), (1,)]
    >>> params = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    >>> x, y = np.ones((4, 2), np.float32), np.zeros((4, 1), np.float32)
    >>> loss = numpy_step(params, x, y, 0.1)
    >>> loss.dtype, params[0].dtype
    (dtype('float32'), dtype('float32'))
    """
    W1, b1, W2, b2 = params
    h_pre = x @ W1.T + b1  # (batch, hidden)
    h = np.maximum(h_pre, 0)
    out = h @ W2.T + b2  # (batch, outputs)
    diff = out - y
    loss = np.vdot(diff, diff) / diff.size  # the mean of the squares
    g_out = diff * (2 / diff.size)  # dloss/dout
    g_W2 = g_out.T @ h
    g_b2 = g_out.sum(axis=0)
    g_h = g_out @ W2  # back through the second layer
    g_h *= h_pre > 0  # and through the ReLU
    g_W1 = g_h.T @ x
    g_b1 = g_h.sum(axis=0)
    for p, g in zip(params, (g_W1, g_b1, g_W2, g_b2)):
        p -= lr * g
    return loss


class _Engine:
    """One engine's training step at one size, with a uniform interface for the timing
    loop."""

    name = ""

    def step(self):
        raise NotImplementedError

    def weights(self) -> list[np.ndarray]:
        """[W1, b1, W2, b2] as NumPy arrays, to check that the engines agree."""
        raise NotImplementedError

    def dtypes(self) -> dict:
        """The dtypes of the loss and of the gradients after a step."""
        raise NotImplementedError


class _Ours(_Engine):
    name = "ours"

    def __init__(self, size, dtype):
        x, y = _data(size, dtype)
        self.x, self.y = Tensor(x), Tensor(y)
        self.model = _our_model(size, dtype)
        self.optimizer = optim.SGD(self.model.parameters(), lr=LR)

    def step(self):
        self.optimizer.zero_grad()
        loss = F.mse_loss(self.model(self.x), self.y)
        loss.backward()
        self.optimizer.step()
        return loss

    def weights(self):
        return [p.data for p in self.model.parameters()]

    def dtypes(self):
        loss = self.step()
        return {
            "loss": str(loss.dtype),
            "grads": sorted({str(p.grad.dtype) for p in self.model.parameters()}),
        }


class _OursFormula(_Ours):
    name = "ours_formula"

    def step(self):
        self.optimizer.zero_grad()
        loss = ((self.model(self.x) - self.y) ** 2).mean()
        loss.backward()
        self.optimizer.step()
        return loss


class _NumPy(_Engine):
    name = "numpy"

    def __init__(self, size, dtype, initial):
        self.x, self.y = _data(size, dtype)
        self.params = [w.copy() for w in initial]

    def step(self):
        return numpy_step(self.params, self.x, self.y, LR)

    def weights(self):
        return self.params

    def dtypes(self):
        loss = self.step()
        return {
            "loss": str(np.asarray(loss).dtype),
            "grads": sorted({str(p.dtype) for p in self.params}),
        }


class _Torch(_Engine):
    name = "torch"

    def __init__(self, size, dtype, initial):
        import torch

        x, y = _data(size, dtype)
        self.torch = torch
        self.x, self.y = torch.from_numpy(x), torch.from_numpy(y)
        _, inputs, hidden, outputs = size
        tdtype = torch.float32 if dtype == np.float32 else torch.float64
        self.model = torch.nn.Sequential(
            torch.nn.Linear(inputs, hidden, dtype=tdtype),
            torch.nn.ReLU(),
            torch.nn.Linear(hidden, outputs, dtype=tdtype),
        )
        with torch.no_grad():
            for p, w in zip(self.model.parameters(), initial, strict=True):
                p.copy_(torch.from_numpy(w))
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=LR)
        self.loss_fn = torch.nn.functional.mse_loss

    def step(self):
        self.optimizer.zero_grad()
        loss = self.loss_fn(self.model(self.x), self.y)
        loss.backward()
        self.optimizer.step()
        return loss

    def weights(self):
        return [p.detach().numpy() for p in self.model.parameters()]

    def dtypes(self):
        loss = self.step()
        return {
            "loss": str(loss.dtype).replace("torch.", ""),
            "grads": sorted(
                {
                    str(p.grad.dtype).replace("torch.", "")
                    for p in self.model.parameters()
                }
            ),
        }


class _HipsAutograd(_Engine):
    name = "autograd"

    def __init__(self, size, dtype, initial):
        import autograd.numpy as anp
        from autograd import value_and_grad

        self.x, self.y = _data(size, dtype)
        self.params = [w.copy() for w in initial]

        def loss(params, x, y):
            W1, b1, W2, b2 = params
            h = anp.maximum(anp.dot(x, W1.T) + b1, 0)
            diff = anp.dot(h, W2.T) + b2 - y
            return anp.mean(diff * diff)

        self.value_and_grad = value_and_grad(loss)
        self.last_grads = None

    def step(self):
        loss, grads = self.value_and_grad(self.params, self.x, self.y)
        for p, g in zip(self.params, grads):
            p -= LR * g
        self.last_grads = grads
        return loss

    def weights(self):
        return self.params

    def dtypes(self):
        loss = self.step()
        return {
            "loss": str(np.asarray(loss).dtype),
            "grads": sorted({str(g.dtype) for g in self.last_grads}),
        }


def _peer_missing(name: str) -> str | None:
    """Why a peer cannot be measured here, or None when it can."""
    module = {"torch": "torch", "autograd": "autograd"}.get(name)
    if module is None:
        return None
    try:
        __import__(module)
    except ImportError:
        if name == "torch":
            return (
                "PyTorch is not installed (it is not a dependency; install it "
                "yourself to compare)"
            )
        return (
            "HIPS autograd is not installed (it is in the bench group: uv run --group "
            "bench ...)"
        )
    return None


def make_engines(size, dtype, names: Sequence[str]) -> tuple[dict, dict]:
    """The engines at `size`, all starting from our model's initial weights; and the
    skipped."""
    ours = _Ours(size, dtype)
    initial = [w.copy() for w in ours.weights()]
    engines, skipped = {}, {}
    for name in names:
        reason = _peer_missing(name)
        if reason:
            skipped[name] = reason
        elif name == "ours":
            engines[name] = ours
        elif name == "ours_formula":
            engines[name] = _OursFormula(size, dtype)
        elif name == "numpy":
            engines[name] = _NumPy(size, dtype, initial)
        elif name == "torch":
            _torch_one_thread()
            engines[name] = _Torch(size, dtype, initial)
        elif name == "autograd":
            engines[name] = _HipsAutograd(size, dtype, initial)
    return engines, skipped


def _torch_one_thread() -> None:
    import torch

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except (
        RuntimeError
    ):  # allowed only before PyTorch's first parallel work; then already set
        pass


def check_agreement(engines: dict, dtype) -> None:
    """One step of every engine from the same start: the losses and new weights must
    agree."""
    losses, weights = {}, {}
    for name, engine in engines.items():
        losses[name] = (
            engine.step().item()
        )  # a Tensor, a torch.Tensor or a NumPy scalar
        weights[name] = [np.array(w, dtype=np.float64) for w in engine.weights()]
    rtol = 1e-3 if dtype == np.float32 else 1e-9
    reference = next(iter(engines))
    for name in engines:
        same_loss = np.isclose(losses[name], losses[reference], rtol=rtol, atol=1e-6)
        same_weights = all(
            np.allclose(a, b, rtol=rtol, atol=1e-5)
            for a, b in zip(weights[name], weights[reference])
        )
        if not (same_loss and same_weights):
            raise AssertionError(
                f"{name} disagrees with {reference} after one step: losses {losses}"
            )


# -- measuring -------------------------------------------------------------------------
def _clock(kind: str) -> Callable[[], float]:
    return time.process_time if kind == "cpu" else time.perf_counter


def _sample(work: Callable[[], object], repeat: int, clock) -> tuple[float, int]:
    """Seconds per call of `work` over `repeat` calls, from a collected heap; and the
    objects a collection finds afterwards (cycles the engine left behind)."""
    gc.collect()
    start = clock()
    for _ in range(repeat):
        work()
    elapsed = clock() - start
    return elapsed / repeat, gc.collect()


def _calibrate(work: Callable[[], object], target: float, clock) -> int:
    """How many calls of `work` take about `target` seconds (at least 1)."""
    work()
    repeat = 1
    while True:
        start = clock()
        for _ in range(repeat):
            work()
        elapsed = clock() - start
        if elapsed >= target / 4 or repeat >= 1_000_000:
            return max(1, round(repeat * target / max(elapsed, 1e-9)))
        repeat *= 4


def _interleaved(
    works: dict[str, Callable[[], object]], rounds: int, target: float, clock
) -> dict:
    """Time every work, taking turns in each round; the same number of calls per sample
    for all, calibrated on the first.

    Everything alive at the start (the modules of every engine, PyTorch's alone are some
    170,000 objects) is frozen out of the garbage collector's sight while the rounds
    run, so a collection during one engine's sample does not walk the objects of the
    others.
    """
    repeat = _calibrate(next(iter(works.values())), target, clock)
    for work in works.values():
        work()  # warm up
    samples = {name: [] for name in works}
    unreachable = {name: 0 for name in works}
    gc.collect()
    gc.freeze()
    try:
        for _ in range(rounds):
            for name, work in works.items():
                seconds, found = _sample(work, repeat, clock)
                samples[name].append(seconds)
                unreachable[name] += found
    finally:
        gc.unfreeze()
    return {
        name: {
            "seconds": statistics.median(values),
            "rounds": values,
            "calls_per_sample": repeat,
            "unreachable_per_call": unreachable[name] / (rounds * repeat),
        }
        for name, values in samples.items()
    }


def _macs(size) -> int:
    """Multiply-adds in one step: the forward's two products and the backward's three
    (the input needs no gradient, so x's is never computed)."""
    batch, inputs, hidden, outputs = size
    return 2 * batch * inputs * hidden + 3 * batch * hidden * outputs


def _size_record(size, label=None) -> dict:
    batch, inputs, hidden, outputs = size
    record = {
        "batch": batch,
        "layers": [inputs, hidden, outputs],
        "macs": _macs(size),
        "name": f"batch {batch}, {inputs}-{hidden}-{outputs}",
    }
    if label:
        record["label"] = label
    return record


def bench_step(names, sizes, rounds, target, clock) -> dict:
    """The training step at each size, float32, every engine."""
    records = []
    for i, size in enumerate(sizes):
        label = "small" if i == 0 else "large" if i == len(sizes) - 1 else None
        engines, skipped = make_engines(size, np.float32, names)
        check_agreement(engines, np.float32)
        dtypes = {name: engine.dtypes() for name, engine in engines.items()}
        timings = _interleaved(
            {name: e.step for name, e in engines.items()}, rounds, target, clock
        )
        record = _size_record(size, label)
        record["engines"] = {
            name: {**timings[name], "dtypes": dtypes[name]} for name in engines
        }
        record["engines"].update(
            {name: {"skipped": reason} for name, reason in skipped.items()}
        )
        records.append(record)
    return {
        "workload": (
            "one training step: forward, mean squared error, backward, SGD update "
            "(float32)"
        ),
        "sizes": records,
    }


def _rss_bytes() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def bench_memory(names, size, steps: int) -> dict:
    """Peak memory of one step, and growth over `steps` steps, at `size`.

    tracemalloc sees NumPy's arrays (NumPy reports them to it) but not PyTorch's, so
    PyTorch gets only the process's resident memory, which is coarser.
    """
    engines, skipped = make_engines(size, np.float32, names)
    results = {"size": _size_record(size), "steps": steps}
    for name, engine in engines.items():
        for _ in range(5):
            engine.step()  # warm up: optimizer state, caches
        gc.collect()
        record = {}
        if name != "torch":
            tracemalloc.start()
            try:
                tracemalloc.reset_peak()
                before = tracemalloc.get_traced_memory()[0]
                engine.step()
                after_one, peak = tracemalloc.get_traced_memory()
                record["peak_bytes_in_step"] = peak - before
                for _ in range(steps - 1):
                    engine.step()
                record["growth_bytes"] = (
                    tracemalloc.get_traced_memory()[0] - after_one
                )  # step 1 to N
            finally:
                tracemalloc.stop()
        else:
            record["peak_bytes_in_step"] = None
            record["note"] = (
                "PyTorch allocates outside Python's allocator: tracemalloc cannot see "
                "it"
            )
        rss_before = _rss_bytes()
        for _ in range(steps):
            engine.step()
        rss_after = _rss_bytes()
        record["rss_growth_bytes"] = (
            None if rss_before is None else rss_after - rss_before
        )
        record["unreachable_after"] = gc.collect()
        results[name] = record
    results.update({name: {"skipped": reason} for name, reason in skipped.items()})
    return results


def bench_dtype(names, size, rounds, target, clock) -> dict:
    """The step in float32 and in float64: the cost of a promotion nobody asked for."""
    results = {"size": _size_record(size)}
    wanted = [
        n for n in names if n in ("ours", "numpy", "torch")
    ]  # the fused loss is enough here
    by_dtype = {}
    for dtype in (np.float32, np.float64):
        engines, skipped = make_engines(size, dtype, wanted)
        timings = _interleaved(
            {name: e.step for name, e in engines.items()}, rounds, target, clock
        )
        by_dtype[np.dtype(dtype).name] = timings
    for name in by_dtype["float32"]:
        f32, f64 = (
            by_dtype["float32"][name]["seconds"],
            by_dtype["float64"][name]["seconds"],
        )
        results[name] = {
            "float32_seconds": f32,
            "float64_seconds": f64,
            "float64_over_float32": f64 / f32,
        }
    results.update({name: {"skipped": reason} for name, reason in skipped.items()})
    return results


def bench_per_op(names, sizes, rounds, target, clock) -> dict:
    """One elementwise multiplication of two float32 arrays of n elements: raw NumPy, a
    Tensor op that records a graph node, and PyTorch (with requires_grad, so it records
    one too)."""
    rng = np.random.default_rng(0)
    records = []
    have_torch = "torch" in names and _peer_missing("torch") is None
    for n in sizes:
        a, b = (
            rng.standard_normal(n).astype(np.float32),
            rng.standard_normal(n).astype(np.float32),
        )
        ta, tb = Tensor(a, requires_grad=True), Tensor(b)
        works = {"ours": lambda ta=ta, tb=tb: ta * tb, "numpy": lambda a=a, b=b: a * b}
        if have_torch:
            import torch

            _torch_one_thread()
            pa = torch.from_numpy(a.copy()).requires_grad_()
            pb = torch.from_numpy(b)
            works["torch"] = lambda pa=pa, pb=pb: pa * pb
        timings = _interleaved(works, rounds, target, clock)
        record = {"elements": n}
        for name, timing in timings.items():
            record[name] = timing["seconds"]
        records.append(record)
    result = {
        "workload": (
            "a * b, float32, n elements (the Tensor and PyTorch operands record a "
            "graph)"
        ),
        "sizes": records,
    }
    if "torch" in names and not have_torch:
        result["torch"] = {"skipped": _peer_missing("torch")}
    return result


# -- the machine and the report --------------------------------------------------------
def _blas() -> str:
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except (
        Exception
    ):  # the layout of show_config is NumPy's business: never fail over it
        return "unknown"


def machine_info(threads: dict | None = None) -> dict:
    """What the numbers were measured on: CPU, cores, Python, NumPy and its BLAS, the
    peers."""
    torch_version = None
    if _peer_missing("torch") is None:
        import torch

        torch_version = torch.__version__
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": _blas(),
        "torch": torch_version,
        "autograd": package_version("autograd"),
        "threads": threads,
    }


def run(
    quick: bool = False,
    rounds: int = 15,
    engines: Sequence[str] = ENGINES,
    timer: str = "cpu",
    workloads: Sequence[str] = WORKLOADS,
    memory_steps: int | None = None,
) -> dict:
    """Run the chosen workloads and return the report (what ``--json`` writes)."""
    threads = limit_threads()
    sizes = QUICK_SIZES if quick else SIZES
    target = (
        0.005 if quick else 0.03
    )  # seconds per sample: short, so the engines alternate often
    steps = memory_steps or (20 if quick else 1000)
    clock = _clock(timer)
    results = {}
    if "step" in workloads:
        results["step"] = bench_step(engines, sizes, rounds, target, clock)
    if "memory" in workloads:
        results["memory"] = bench_memory(engines, sizes[-1], steps)
    if "dtype" in workloads:
        results["dtype"] = bench_dtype(engines, sizes[-1], rounds, target, clock)
    if "per_op" in workloads:
        results["per_op"] = bench_per_op(
            engines,
            QUICK_PER_OP_SIZES if quick else PER_OP_SIZES,
            rounds,
            target,
            clock,
        )
    if "cnn" in workloads:
        from .cnn import bench_cnn  # imported here: it brings the training code

        results["cnn"] = bench_cnn(engines, rounds, target, clock)
    return {
        "benchmark": "tensor_autograd.bench",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"
        ),
        "machine": machine_info(threads),
        "settings": {
            "quick": quick,
            "rounds": rounds,
            "timer": timer,
            "engines": list(engines),
            "workloads": list(workloads),
            "memory_steps": steps,
            "lr": LR,
        },
        "results": results,
    }


def format_report(report: dict) -> str:
    """The report as text tables: time per step for each engine, and ours/peer."""
    machine, settings, results = (
        report["machine"],
        report["settings"],
        report["results"],
    )
    threads = machine.get("threads") or {}
    lines = [
        f"tensor_autograd.bench — {settings['rounds']} rounds, medians, "
        f"{settings['timer']} time" + (", --quick sizes" if settings["quick"] else ""),
        f"machine: {machine['cpu']} ({machine['cores']} cores), Python "
        f"{machine['python']}, "
        f"NumPy {machine['numpy']} ({machine['blas']}), PyTorch "
        f"{machine['torch'] or 'absent'}, "
        f"autograd {machine['autograd'] or 'absent'}, {report['date']}",
        f"threads: BLAS {threads.get('blas_threads') or 'unknown'} (via "
        f"{threads.get('method') or 'nothing: not limited'})",
    ]
    skipped = {}
    if "step" in results:
        peers = [n for n in settings["engines"] if not n.startswith("ours")]
        lines += ["", results["step"]["workload"]]
        formula_column = {"ours_formula", "numpy"} <= set(settings["engines"])
        header = ["size", *settings["engines"], *[f"ours/{p}" for p in peers]]
        if formula_column:
            header.append("ours_formula/numpy")
        rows = []
        for record in results["step"]["sizes"]:
            engines = record["engines"]
            label = record["name"] + (
                f" ({record['label']})" if "label" in record else ""
            )
            cells = [label]
            for name in settings["engines"]:
                info = engines.get(name, {})
                cells.append(format_seconds(info.get("seconds")))
                if "skipped" in info:
                    skipped[name] = info["skipped"]
            ours = engines.get("ours", {}).get("seconds")
            for p in peers:
                theirs = engines.get(p, {}).get("seconds")
                cells.append(f"{ours / theirs:.2f}" if ours and theirs else "—")
            if formula_column:
                formula, numpy = (
                    engines.get(n, {}).get("seconds") for n in ("ours_formula", "numpy")
                )
                cells.append(f"{formula / numpy:.2f}" if formula and numpy else "—")
            rows.append(cells)
        lines += text_table(header, rows)
        dtypes = {
            name: info["dtypes"]
            for name, info in results["step"]["sizes"][-1]["engines"].items()
            if "dtypes" in info
        }
        lines.append(
            "dtypes after a step (loss; gradients): "
            + ", ".join(
                f"{name} {d['loss']}; {'/'.join(d['grads'])}"
                for name, d in dtypes.items()
            )
        )
    if "memory" in results:
        memory = results["memory"]
        lines += [
            "",
            f"memory at {memory['size']['name']}, over {memory['steps']} steps",
        ]
        rows = []
        for name in settings["engines"]:
            info = memory.get(name)
            if not info or "skipped" in info:
                continue
            rows.append(
                [
                    name,
                    format_bytes(info.get("peak_bytes_in_step")),
                    format_bytes(info.get("growth_bytes")),
                    format_bytes(info.get("rss_growth_bytes")),
                    f"{info.get('unreachable_after', 0)}",
                ]
            )
        lines += text_table(
            [
                "engine",
                "peak in a step",
                "growth (tracemalloc)",
                "growth (RSS)",
                "cycles left",
            ],
            rows,
        )
    if "dtype" in results:
        dtype = results["dtype"]
        lines += ["", f"float64 instead of float32 at {dtype['size']['name']}"]
        rows = [
            [
                name,
                format_seconds(info["float32_seconds"]),
                format_seconds(info["float64_seconds"]),
                f"{info['float64_over_float32']:.2f}",
            ]
            for name, info in dtype.items()
            if isinstance(info, dict) and "float32_seconds" in info
        ]
        lines += text_table(["engine", "float32", "float64", "float64/float32"], rows)
    if "per_op" in results:
        per_op = results["per_op"]
        lines += ["", per_op["workload"]]
        engines = [n for n in ("numpy", "ours", "torch") if n in per_op["sizes"][0]]
        rows = []
        for record in per_op["sizes"]:
            extra = record["ours"] - record["numpy"]
            rows.append(
                [
                    f"{record['elements']:,}",
                    *[format_seconds(record[n]) for n in engines],
                    format_seconds(extra),
                    f"{record['ours'] / record['numpy']:.2f}",
                ]
            )
        lines += text_table(["elements", *engines, "ours - numpy", "ours/numpy"], rows)
    if "cnn" in results:
        lines += _format_cnn(results["cnn"])
    for name, reason in skipped.items():
        lines.append(f"\n{name}: skipped — {reason}")
    return "\n".join(lines)


def _format_cnn(cnn: dict) -> list[str]:
    """The CNN step per engine, then where our step's convolutions spend their time."""
    lines = ["", cnn["workload"]]
    measured = {n: e["seconds"] for n, e in cnn["engines"].items() if "seconds" in e}
    rows = [[name, format_seconds(seconds)] for name, seconds in measured.items()]
    lines += text_table(["engine", "time per step"], rows)
    if "ours" in measured and "torch" in measured:
        lines.append(f"ours/torch: {measured['ours'] / measured['torch']:.2f}")
    for name, info in cnn["engines"].items():
        if "skipped" in info:
            lines.append(f"{name}: skipped — {info['skipped']}")
    if "conv_parts" in cnn:
        rows = [
            [layer, *[format_seconds(parts.get(p)) if p in parts else "—"
                      for p in ("unfold", "matmul", "fold")]]
            for layer, parts in cnn["conv_parts"].items()
        ]  # fmt: skip
        lines += ["", "our convolutions' NumPy pieces, each timed alone"]
        lines += text_table(["convolution", "unfold", "products", "fold"], rows)
        lines.append(
            f"the rest of the step (ReLU, Linear, loss, Adam, bookkeeping): "
            f"{format_seconds(cnn['rest_seconds'])}"
        )
    return lines


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tensor_autograd.bench",
        description=(
            "Time one float32 MLP training step (forward, mean squared error, "
            "backward, SGD update) "
            "in the Tensor engine, hand-written NumPy, PyTorch CPU (only if it is "
            "installed) and HIPS "
            "autograd, one thread each, interleaved in one process; report medians and "
            "ours/peer at "
            "sizes from batch 32, 2-16-1 to batch 256, 784-256-10, plus memory over "
            "1,000 steps, "
            "float64 against float32, the fixed cost of one op, and one training "
            "step of the MNIST-1D CNN against PyTorch. Peers come from "
            "the bench "
            "dependency group (uv run --group bench ...); a missing peer is skipped "
            "and reported."
        ),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny sizes and short samples, for a smoke test; the numbers mean little",
    )
    parser.add_argument(
        "--rounds",
        type=rounds,
        default=15,
        help=f"rounds of interleaved measurements, at most {MAX_ROUNDS:,}; the median "
        "is reported (default 15)",
    )
    add_timer_argument(parser)
    parser.add_argument(
        "--only",
        nargs="+",
        choices=WORKLOADS,
        default=WORKLOADS,
        metavar="WORKLOAD",
        help=(
            "run only these workloads: step, memory, dtype, per_op, cnn (default: all)"
        ),
    )
    parser.add_argument(
        "--engines",
        nargs="+",
        choices=ENGINES,
        default=ENGINES,
        metavar="ENGINE",
        help="engines to measure: ours, ours_formula (the loss written as "
        "((pred - y) ** 2).mean()), numpy, torch, autograd (default: all; "
        "ours is always built, as the others copy its initial weights)",
    )
    parser.add_argument(
        "--memory-steps",
        type=steps,
        default=None,
        metavar="N",
        help=f"steps for the memory-growth measurement, at most {MAX_STEPS:,} (default "
        "1000; 20 with --quick)",
    )
    add_json_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    engines = tuple(dict.fromkeys(args.engines))
    missing = {name: reason for name in engines if (reason := _peer_missing(name))}

    def measure() -> dict:
        return run(
            quick=args.quick,
            rounds=args.rounds,
            engines=engines,
            timer=args.timer,
            workloads=tuple(args.only),
            memory_steps=args.memory_steps,
        )

    return run_and_report(
        "tensor_autograd.bench",
        missing,
        engines,
        args.json,
        args.force,
        measure,
        format_report,
    )


def _restart_with_one_thread() -> None:
    """Run this module again with the BLAS thread variables set, so the BLAS reads them
    at load."""
    if _ONE_THREAD_AT_START:
        return
    environment = {**os.environ, **{name: "1" for name in THREAD_VARIABLES}}
    try:
        os.execve(
            sys.executable,
            [sys.executable, "-m", "tensor_autograd.bench", *sys.argv[1:]],
            environment,
        )
    except OSError:
        pass  # carry on in this process: limit_threads() still does what it can
