"""Benchmarks: the `Value` engine against micrograd, measured side by side in one
process.

    uv run --group bench python -m scalar_autograd.bench [--quick] [--rounds N] [--json
    PATH]

Three workloads:

- ``mlp``: micrograd's own demo network, an MLP 2-16-16-1 on 100 points of the two-moons
  set; one step is ``zero_grad``, the forward pass of the mean squared error over all
  100 points, and ``backward`` (about 70,000 graph nodes). Both engines get the same
  weights, so they compute the same loss, which is checked. It is timed with the garbage
  collector on (as anyone runs it) and off (to show what the collector costs).
- ``chain``: a chain of 1,000,000 additions, ``y = y + c``; the time to build it, to run
  backward through it, and to free it, and the peak memory. micrograd's recursive
  topological sort fails on it with a RecursionError, which is reported, not raised.
- ``memory``: the bytes one graph node takes, in the chain and in the MLP's graph.

How it measures: the engines take turns within each round (ours, micrograd, ours, ...),
so a slow spell of the machine hits both; each result is the median over the rounds.
Every sample starts after a full ``gc.collect()`` and ends with one *inside* the timed
region, so each engine pays for collecting the garbage it made, not the other's. Time is
this process's CPU time by default (``--timer wall`` for elapsed time): on a shared
machine it is the steadier of the two. Peak memory comes from ``tracemalloc``, in a
separate untimed pass (it slows Python down).

micrograd is imported only inside the functions that use it: it is an optional peer, in
the ``bench`` dependency group; without it, only our engine is measured and the report
says so.

>>> report = run(quick=True, rounds=1, engines=("ours",))
>>> report["results"]["mlp"]["ours"]["nodes"] > 0
True
"""

from __future__ import annotations

import argparse
import datetime
import gc
import math
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence

from ..engine import Value
from ..nn import MLP
from ..plumbing.args import MAX_ROUNDS, rounds
from ..plumbing.benchmarks import (
    add_json_arguments,
    add_timer_argument,
    cpu_model,
    format_ratio,
    format_seconds,
    package_version,
    run_and_report,
    text_table,
)

__all__ = ["ENGINES", "run", "main", "two_moons", "machine_info"]

ENGINES = ("ours", "micrograd")
FULL = {"points": 100, "chain": 1_000_000, "node_chain": 100_000, "steps": 3}
QUICK = {"points": 8, "chain": 3_000, "node_chain": 1_000, "steps": 1}
CHAIN_ROUNDS = 3  # the chain is long: at most this many rounds of it


# -- the workloads' data and models ----------------------------------------------------
def two_moons(
    n: int, noise: float = 0.1, seed: int = 0
) -> tuple[list[tuple[float, float]], list[float]]:
    """`n` points of two interleaving half circles with labels ±1 (scikit-learn's
    make_moons, which micrograd's demo uses, rebuilt here so the benchmark needs nothing
    but Python).

    >>> xs, ys = two_moons(4)
    >>> len(xs), sorted(set(ys))
    (4, [-1.0, 1.0])
    """
    rng = random.Random(seed)
    xs, ys = [], []
    for i in range(n):
        upper = i % 2 == 0
        angle = math.pi * rng.random()
        x, y = (
            (math.cos(angle), math.sin(angle))
            if upper
            else (1 - math.cos(angle), 0.5 - math.sin(angle))
        )
        xs.append((x + rng.gauss(0.0, noise), y + rng.gauss(0.0, noise)))
        ys.append(1.0 if upper else -1.0)
    return xs, ys


def _peer_micrograd():
    """micrograd's (Value, MLP), or the reason it cannot be measured."""
    try:
        from micrograd.engine import Value as MicrogradValue
        from micrograd.nn import MLP as MicrogradMLP
    except ImportError:
        return (
            "micrograd is not installed (it is in the bench group: uv run --group "
            "bench ...)"
        )
    return MicrogradValue, MicrogradMLP


def _demo_models(engines: Sequence[str]) -> tuple[dict, dict]:
    """The demo MLP 2-16-16-1 for each engine, all with our engine's initial weights."""
    ours = MLP(2, [16, 16, 1], seed=0)
    models, skipped = {}, {}
    for name in engines:
        if name == "ours":
            models[name] = ours
            continue
        peer = _peer_micrograd()
        if isinstance(peer, str):
            skipped[name] = peer
            continue
        state = (
            random.getstate()
        )  # micrograd draws its weights from the global generator
        model = peer[1](2, [16, 16, 1])
        random.setstate(state)
        for theirs, mine in zip(model.parameters(), ours.parameters(), strict=True):
            theirs.data = mine.data
        models[name] = model
    return models, skipped


def demo_step(model, xs, ys) -> float:
    """One step of the demo: zero the grads, the mean squared error over every point,
    backward.

    Written once for both engines: they share micrograd's interface (`model(x)`,
    `.data`, `.backward()`, `zero_grad()`), and plain floats are lifted to constants by
    each.
    """
    model.zero_grad()
    loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys)) * (1.0 / len(xs))
    loss.backward()
    return loss.data


def _count_nodes(root) -> int:
    """The number of nodes in a graph, for either engine (iteratively: graphs can be
    deep)."""
    seen, stack = {id(root)}, [root]
    while stack:
        node = stack.pop()
        for parent in getattr(node, "parents", None) or getattr(node, "_prev", ()):
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    return len(seen)


def _demo_graph(model, xs, ys):
    return sum((model(x) - y) ** 2 for x, y in zip(xs, ys)) * (1.0 / len(xs))


# -- measuring -------------------------------------------------------------------------
def _timer(kind: str) -> Callable[[], float]:
    return time.process_time if kind == "cpu" else time.perf_counter


def _timed_sample(
    work: Callable[[], object], repeat: int, clock, gc_enabled: bool = True
) -> dict:
    """Seconds per call of `work`, over `repeat` calls, from a clean heap to a clean
    heap.

    With the collector disabled, the garbage is collected after the clock stops, and
    that time is reported on its own: it is the bill the disabled collector leaves for
    later.
    """
    gc.collect()
    before = [s["collections"] for s in gc.get_stats()]
    if not gc_enabled:
        gc.disable()
    try:
        start = clock()
        for _ in range(repeat):
            work()
        if gc_enabled:
            found = gc.collect()
        elapsed = clock() - start
    finally:
        gc.enable()
    sample = {"seconds": elapsed / repeat}
    if not gc_enabled:
        start = clock()
        found = gc.collect()
        sample["deferred_collect_seconds"] = (clock() - start) / repeat
    after = [s["collections"] for s in gc.get_stats()]
    sample["collections"] = [(b - a) / repeat for a, b in zip(before, after)]
    sample["unreachable_per_step"] = (
        found / repeat
    )  # objects only the cycle collector could free
    return sample


def _median_of(samples: list[dict]) -> dict:
    keys = samples[0].keys()
    out = {}
    for key in keys:
        values = [s[key] for s in samples]
        if isinstance(values[0], list):
            out[key] = [statistics.median(column) for column in zip(*values)]
        else:
            out[key] = statistics.median(values)
    out["rounds"] = [s["seconds"] for s in samples]
    return out


def bench_mlp(engines: Sequence[str], sizes: dict, rounds: int, clock) -> dict:
    """micrograd's demo network, forward and backward, with the collector on and off."""
    xs, ys = two_moons(sizes["points"])
    models, skipped = _demo_models(engines)
    losses = {
        name: demo_step(model, xs, ys) for name, model in models.items()
    }  # warm up, too
    samples: dict[str, dict[str, list]] = {
        name: {"gc": [], "no_gc": []} for name in models
    }
    for _ in range(rounds):
        for gc_enabled, key in ((True, "gc"), (False, "no_gc")):
            for name, model in models.items():
                sample = _timed_sample(
                    lambda: demo_step(model, xs, ys), sizes["steps"], clock, gc_enabled
                )
                samples[name][key].append(sample)
    results = {
        "workload": (
            f"MLP 2-16-16-1, {len(xs)} points: zero_grad, forward of the squared "
            "error, backward"
        )
    }
    for name, model in models.items():
        graph = _demo_graph(model, xs, ys)
        results[name] = {
            "loss": losses[name],
            "nodes": _count_nodes(graph),
            "step": _median_of(samples[name]["gc"]),
            "step_gc_disabled": _median_of(samples[name]["no_gc"]),
        }
        del graph
    for name, reason in skipped.items():
        results[name] = {"skipped": reason}
    if "ours" in models and "micrograd" in models:
        results["same_loss"] = math.isclose(
            losses["ours"], losses["micrograd"], rel_tol=1e-9
        )
        if not results["same_loss"]:
            raise AssertionError(f"the engines disagree on the demo loss: {losses}")
    return results


def _chain(value_type, length: int, clock) -> dict:
    """Build ``y = y + c`` `length` times, backward through it, and free it, timing
    each."""
    gc.collect()
    c = value_type(1.0)
    start = clock()
    x = value_type(1.0)
    y = x
    for _ in range(length):
        y = y + c
    built = clock()
    error = None
    try:
        y.backward()
    except RecursionError as exc:  # micrograd sorts the graph recursively
        error = f"RecursionError: {exc}"
    backward = clock()
    ok = error is None and x.grad == 1.0
    del x, y, c
    gc.collect()  # micrograd's graph is cyclic: only the collector frees it
    freed = clock()
    result = {
        "build_seconds": built - start,
        "free_seconds": freed - backward,
        "backward_error": error,
    }
    result["backward_seconds"] = None if error else backward - built
    if error is None and not ok:
        raise AssertionError("the chain's gradient is wrong")
    return result


def _chain_peak_memory(value_type, length: int) -> int:
    """Peak bytes allocated while building and differentiating the chain (collector off:
    a chain has no garbage until it is dropped, and tracemalloc is slow enough
    already)."""
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        c = value_type(1.0)
        y = value_type(1.0)
        for _ in range(length):
            y = y + c
        try:
            y.backward()
        except RecursionError:
            pass
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        gc.enable()
    del y, c
    gc.collect()
    return peak


def _value_types(engines: Sequence[str]) -> tuple[dict, dict]:
    types, skipped = {}, {}
    for name in engines:
        if name == "ours":
            types[name] = Value
        else:
            peer = _peer_micrograd()
            if isinstance(peer, str):
                skipped[name] = peer
            else:
                types[name] = peer[0]
    return types, skipped


def bench_chain(engines: Sequence[str], sizes: dict, rounds: int, clock) -> dict:
    """A chain of additions: time to build, to backward, to free; peak memory."""
    types, skipped = _value_types(engines)
    length = sizes["chain"]
    samples = {name: [] for name in types}
    for _ in range(min(rounds, CHAIN_ROUNDS)):
        for name, value_type in types.items():
            samples[name].append(_chain(value_type, length, clock))
    results = {
        "workload": f"a chain of {length:,} additions y = y + c",
        "length": length,
    }
    for name, runs in samples.items():
        summary = {"backward_error": runs[0]["backward_error"]}
        for key in ("build_seconds", "backward_seconds", "free_seconds"):
            values = [r[key] for r in runs if r[key] is not None]
            summary[key] = statistics.median(values) if values else None
        summary["peak_bytes"] = _chain_peak_memory(types[name], length)
        results[name] = summary
    for name, reason in skipped.items():
        results[name] = {"skipped": reason}
    return results


def _bytes_per_node(build: Callable[[], object]) -> tuple[float, int]:
    """Bytes held by the graph `build()` returns, per node, and its node count."""
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        graph = build()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        gc.enable()
    nodes = _count_nodes(graph)
    del graph
    gc.collect()
    return held / nodes, nodes


def bench_memory(engines: Sequence[str], sizes: dict) -> dict:
    """Bytes per graph node: in a chain of additions, and in the demo MLP's graph."""
    types, skipped = _value_types(engines)
    models, _ = _demo_models(list(types))
    xs, ys = two_moons(sizes["points"])
    results = {
        "workload": (
            "bytes per graph node (tracemalloc), a chain of additions and the demo "
            "MLP's graph"
        )
    }
    for name, value_type in types.items():

        def chain(value_type=value_type):
            c = value_type(1.0)
            y = value_type(1.0)
            for _ in range(sizes["node_chain"]):
                y = y + c
            return y

        per_chain, _ = _bytes_per_node(chain)
        per_mlp, nodes = _bytes_per_node(
            lambda model=models[name]: _demo_graph(model, xs, ys)
        )
        results[name] = {
            "bytes_per_node_chain": per_chain,
            "bytes_per_node_mlp": per_mlp,
            "mlp_nodes": nodes,
        }
    for name, reason in skipped.items():
        results[name] = {"skipped": reason}
    return results


# -- the machine and the report --------------------------------------------------------
def machine_info() -> dict:
    """What the numbers were measured on: CPU, cores, Python, and the peers'
    versions."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "micrograd": package_version("micrograd"),
    }


def run(
    quick: bool = False,
    rounds: int = 5,
    engines: Sequence[str] = ENGINES,
    timer: str = "cpu",
    workloads: Sequence[str] = ("mlp", "chain", "memory"),
) -> dict:
    """Run the chosen workloads and return the report (what ``--json`` writes)."""
    sizes = QUICK if quick else FULL
    clock = _timer(timer)
    results = {}
    if "mlp" in workloads:
        results["mlp"] = bench_mlp(engines, sizes, rounds, clock)
    if "chain" in workloads:
        results["chain"] = bench_chain(engines, sizes, rounds, clock)
    if "memory" in workloads:
        results["memory"] = bench_memory(engines, sizes)
    return {
        "benchmark": "scalar_autograd.bench",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"
        ),
        "machine": machine_info(),
        "settings": {
            "quick": quick,
            "rounds": rounds,
            "timer": timer,
            "engines": list(engines),
            **sizes,
        },
        "results": results,
    }


def format_report(report: dict) -> str:
    """The report as a text table: one row per measurement, ours, the peer, and
    ours/peer."""
    results = report["results"]
    machine = report["machine"]
    settings = report["settings"]
    lines = [
        f"scalar_autograd.bench — {settings['rounds']} rounds, medians, "
        f"{settings['timer']} time" + (", --quick sizes" if settings["quick"] else ""),
        f"machine: {machine['cpu']} ({machine['cores']} cores), Python "
        f"{machine['python']}, {report['date']}",
    ]
    peer = "micrograd"
    rows = []

    def row(label, ours, theirs, fmt):
        rows.append((label, fmt(ours), fmt(theirs), format_ratio(ours, theirs)))

    def get(section, name, *keys):
        value = results.get(section, {}).get(name, {})
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    if "mlp" in results:
        row(
            "MLP demo step (gc on)",
            get("mlp", "ours", "step", "seconds"),
            get("mlp", peer, "step", "seconds"),
            format_seconds,
        )
        row(
            "MLP demo step (gc off)",
            get("mlp", "ours", "step_gc_disabled", "seconds"),
            get("mlp", peer, "step_gc_disabled", "seconds"),
            format_seconds,
        )
        row(
            "  then one gc.collect() (gc off)",
            get("mlp", "ours", "step_gc_disabled", "deferred_collect_seconds"),
            get("mlp", peer, "step_gc_disabled", "deferred_collect_seconds"),
            format_seconds,
        )
        row(
            "  objects only the collector frees, per step",
            get("mlp", "ours", "step", "unreachable_per_step"),
            get("mlp", peer, "step", "unreachable_per_step"),
            lambda v: "—" if v is None else f"{v:,.0f}",
        )
        row(
            "  graph nodes per step",
            get("mlp", "ours", "nodes"),
            get("mlp", peer, "nodes"),
            lambda v: "—" if v is None else f"{v:,}",
        )
    if "chain" in results:
        n = results["chain"]["length"]
        row(
            f"{n:,}-op chain: build",
            get("chain", "ours", "build_seconds"),
            get("chain", peer, "build_seconds"),
            format_seconds,
        )
        back = get("chain", peer, "backward_error")
        rows.append(
            (
                f"{n:,}-op chain: backward",
                format_seconds(get("chain", "ours", "backward_seconds")),
                "RecursionError"
                if back
                else format_seconds(get("chain", peer, "backward_seconds")),
                format_ratio(
                    get("chain", "ours", "backward_seconds"),
                    get("chain", peer, "backward_seconds"),
                ),
            )
        )
        row(
            f"{n:,}-op chain: free",
            get("chain", "ours", "free_seconds"),
            get("chain", peer, "free_seconds"),
            format_seconds,
        )
        row(
            f"{n:,}-op chain: peak memory",
            get("chain", "ours", "peak_bytes"),
            get("chain", peer, "peak_bytes"),
            lambda v: "—" if v is None else f"{v / 1e6:,.0f} MB",
        )
    if "memory" in results:
        fmt = lambda v: "—" if v is None else f"{v:,.0f} B"  # noqa: E731
        row(
            "bytes per node (chain of additions)",
            get("memory", "ours", "bytes_per_node_chain"),
            get("memory", peer, "bytes_per_node_chain"),
            fmt,
        )
        row(
            "bytes per node (MLP graph)",
            get("memory", "ours", "bytes_per_node_mlp"),
            get("memory", peer, "bytes_per_node_mlp"),
            fmt,
        )
    lines.append("")
    lines += text_table(("", "ours", peer, "ours/" + peer), rows)
    skipped = {
        name: info["skipped"]
        for section in results.values()
        for name, info in section.items()
        if isinstance(info, dict) and "skipped" in info
    }
    for name, reason in skipped.items():
        lines.append(f"\n{name}: skipped — {reason}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scalar_autograd.bench",
        description=(
            "Time the scalar Value engine against micrograd 0.1.0 in one process, "
            "interleaved, "
            "and report medians and the ratio ours/micrograd: micrograd's demo MLP "
            "2-16-16-1 on 100 "
            "points (forward of the squared error + backward, with the garbage "
            "collector on and off), "
            "a 1,000,000-op chain (build, backward, free, peak memory) and bytes per "
            "graph node. "
            "micrograd comes from the bench dependency group (uv run --group bench "
            "...); without it "
            "only our engine is measured."
        ),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=(
            "tiny sizes (8 points, a 3,000-op chain), for a smoke test; the numbers "
            "mean little"
        ),
    )
    parser.add_argument(
        "--rounds",
        type=rounds,
        default=5,
        help=f"rounds of interleaved measurements, at most {MAX_ROUNDS:,}; the median "
        f"is reported (default 5; the chain runs at most {CHAIN_ROUNDS})",
    )
    add_timer_argument(parser)
    parser.add_argument(
        "--only",
        nargs="+",
        choices=("mlp", "chain", "memory"),
        default=("mlp", "chain", "memory"),
        metavar="WORKLOAD",
        help="run only these workloads: mlp, chain, memory (default: all)",
    )
    parser.add_argument(
        "--engines",
        nargs="+",
        choices=ENGINES,
        default=ENGINES,
        metavar="ENGINE",
        help="engines to measure: ours, micrograd (default: both)",
    )
    add_json_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    engines = tuple(dict.fromkeys(args.engines))
    missing = {
        name: peer
        for name in engines
        if name != "ours" and isinstance(peer := _peer_micrograd(), str)
    }

    def measure() -> dict:
        return run(
            quick=args.quick,
            rounds=args.rounds,
            engines=engines,
            timer=args.timer,
            workloads=tuple(args.only),
        )

    return run_and_report(
        "scalar_autograd.bench",
        missing,
        engines,
        args.json,
        args.force,
        measure,
        format_report,
    )
