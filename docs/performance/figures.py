"""Tables and plots for "Where the time goes", drawn from the benchmarks' JSON when the site is built.

The numbers live in ``results/scalar.json`` and ``results/tensor.json``, written by

    uv run --group bench python -m scalar_autograd.bench --json docs/performance/results/scalar.json
    uv run --group bench python -m tensor_autograd.bench --json docs/performance/results/tensor.json

(PyTorch is measured when it is installed in the environment that runs the second command.) Every
table says which machine and date its numbers come from. ``FIGURES`` maps a file name to the
function that makes it (see ``docs/hooks/book.py``): ``.md`` functions return Markdown, inserted
where the chapter has ``<!-- figure: name.md -->``, and ``.png`` functions return image bytes.

>>> sorted(FIGURES)[:2]
['dtype.md', 'findings.md']
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from scalar_autograd.plumbing.benchmarks import format_bytes as _bytes
from scalar_autograd.plumbing.benchmarks import format_ratio as _ratio
from scalar_autograd.plumbing.benchmarks import format_seconds as _time

RESULTS = Path(__file__).resolve().parent / "results"
ENGINE_NAMES = {"ours": "ours", "ours_formula": "ours, loss as formula", "numpy": "hand-written NumPy",
                "torch": "PyTorch", "autograd": "HIPS autograd", "micrograd": "micrograd"}
COLORS = {"ours": "#d62728", "ours_formula": "#9467bd", "numpy": "#1f77b4", "torch": "#ff7f0e",
          "autograd": "#2ca02c"}


def load(name: str) -> dict:
    """The report a benchmark wrote: ``load("scalar")`` or ``load("tensor")``."""
    return json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))


# -- formatting ---------------------------------------------------------------------------------
def _table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _date(report: dict) -> str:
    return report["date"][:10]


def machine_line(report: dict) -> str:
    """Where and when a report was measured, in one sentence."""
    m = report["machine"]
    parts = [f"{m['cpu']} ({m['cores']} cores)", f"Python {m['python']}"]
    if "numpy" in m:
        parts.append(f"NumPy {m['numpy']} with {m['blas']}")
        parts.append(f"PyTorch {m['torch']}" if m.get("torch") else "PyTorch absent")
        threads = m.get("threads") or {}
        parts.append("one thread per engine" if threads.get("blas_threads") == 1 else "BLAS threads not limited")
    if m.get("micrograd"):
        parts.append(f"micrograd {m['micrograd']}")
    settings = report["settings"]
    how = f"medians of {settings['rounds']} interleaved rounds, {settings['timer']} time"
    return f"Measured on {', '.join(parts)}, on {_date(report)}; {how}."


def _caption(report: dict) -> str:
    return f"\n\n<small>{machine_line(report)}</small>"


def _engine(info: dict, key: str = "seconds"):
    return None if not info or "skipped" in info else info.get(key)


# -- Part I: the scalar engine against micrograd ------------------------------------------------
def scalar_results() -> str:
    """Every scalar measurement: ours, micrograd, ours/micrograd."""
    report = load("scalar")
    r = report["results"]
    mlp, chain, memory = r["mlp"], r["chain"], r["memory"]
    ours_m, mg_m = mlp["ours"], mlp.get("micrograd", {})
    n = chain["length"]
    mg_back = chain.get("micrograd", {})
    rows = [
        ["demo MLP 2-16-16-1, 100 points: one forward + backward", _time(ours_m["step"]["seconds"]),
         _time(_engine(mg_m.get("step", {}))), _ratio(ours_m["step"]["seconds"], _engine(mg_m.get("step", {})))],
        [f"chain of {n:,} additions: build", _time(chain["ours"]["build_seconds"]),
         _time(mg_back.get("build_seconds")), _ratio(chain["ours"]["build_seconds"], mg_back.get("build_seconds"))],
        [f"chain of {n:,} additions: backward", _time(chain["ours"]["backward_seconds"]),
         "RecursionError" if mg_back.get("backward_error") else _time(mg_back.get("backward_seconds")), "—"],
        [f"chain of {n:,} additions: peak memory", _bytes(chain["ours"]["peak_bytes"]),
         _bytes(mg_back.get("peak_bytes")), _ratio(chain["ours"]["peak_bytes"], mg_back.get("peak_bytes"))],
        ["bytes per graph node, chain of additions", _bytes(memory["ours"]["bytes_per_node_chain"]),
         _bytes(memory.get("micrograd", {}).get("bytes_per_node_chain")),
         _ratio(memory["ours"]["bytes_per_node_chain"], memory.get("micrograd", {}).get("bytes_per_node_chain"))],
        ["bytes per graph node, the demo MLP's graph", _bytes(memory["ours"]["bytes_per_node_mlp"]),
         _bytes(memory.get("micrograd", {}).get("bytes_per_node_mlp")),
         _ratio(memory["ours"]["bytes_per_node_mlp"], memory.get("micrograd", {}).get("bytes_per_node_mlp"))],
    ]
    return _table(["workload", "ours", "micrograd", "ours / micrograd"], rows) + _caption(report)


def gc_table() -> str:
    """The demo step with the cyclic garbage collector on and off, for both engines."""
    report = load("scalar")
    mlp = report["results"]["mlp"]
    rows = []
    for name in ("micrograd", "ours"):
        info = mlp.get(name)
        if not info or "skipped" in info:
            continue
        on, off = info["step"], info["step_gc_disabled"]
        gens = " / ".join(f"{c:.0f}" for c in on["collections"])
        rows.append([ENGINE_NAMES[name], _time(on["seconds"]), _time(off["seconds"]),
                     f"{1 - off['seconds'] / on['seconds']:.0%}", gens, f"{on['unreachable_per_step']:,.0f}"])
    header = ["engine", "gc on", "gc off", "share of the step spent collecting", "collections per step (gen 0 / 1 / 2)",
              "objects only the collector could free, per step"]
    return _table(header, rows, "lrrrrr") + _caption(report)


def gc_summary() -> str:
    """One sentence with the collector's share of micrograd's step, and of ours."""
    mlp = load("scalar")["results"]["mlp"]
    ours = mlp["ours"]
    share = 1 - ours["step_gc_disabled"]["seconds"] / ours["step"]["seconds"]
    text = (f"Our engine's step takes {_time(ours['step']['seconds'])} with the collector on and "
            f"{_time(ours['step_gc_disabled']['seconds'])} with it off")
    mg = mlp.get("micrograd")
    if mg and "skipped" not in mg:
        mg_share = 1 - mg["step_gc_disabled"]["seconds"] / mg["step"]["seconds"]
        return (f"On the machine that measured them, micrograd's demo step takes {_time(mg['step']['seconds'])} "
                f"with the garbage collector on and {_time(mg['step_gc_disabled']['seconds'])} with it off: "
                f"the collector is **{mg_share:.0%}** of its time, and each step leaves "
                f"{mg['step']['unreachable_per_step']:,.0f} objects that only the collector can free. "
                f"{text} ({share:.0%} collecting), and leaves none.")
    return f"{text} ({share:.0%} collecting), and leaves no object for the collector to free (micrograd was not measured)."


# -- Part II: the tensor engine against NumPy, PyTorch and HIPS autograd ------------------------
def _step_engines(report: dict) -> list[str]:
    return [n for n in report["settings"]["engines"] if n in ENGINE_NAMES]


_SHORT = {"ours": "ours", "ours_formula": "ours (formula)", "numpy": "NumPy", "torch": "PyTorch",
          "autograd": "autograd"}


def _size_label(record: dict) -> str:
    batch, (inputs, hidden, outputs) = record["batch"], record["layers"]
    return f"{batch} × {inputs}-{hidden}-{outputs}" + (f" ({record['label']})" if "label" in record else "")


def tensor_results() -> str:
    """The training step at every size: the time each engine takes."""
    report = load("tensor")
    engines = _step_engines(report)
    rows = [[_size_label(record), *[_time(_engine(record["engines"].get(n))) for n in engines]]
            for record in report["results"]["step"]["sizes"]]
    header = ["batch × layers", *[_SHORT[n] for n in engines]]
    skipped = {n: info["skipped"] for n, info in report["results"]["step"]["sizes"][0]["engines"].items()
               if "skipped" in info}
    note = ("\n\nTime per training step. NumPy is the hand-written step (the floor); autograd is HIPS "
            "autograd; ours (formula) is our engine with the loss written as `((pred - y) ** 2).mean()` "
            "instead of the fused `mse_loss`.")
    note += "".join(f" {ENGINE_NAMES[n]} was not measured: {why}." for n, why in skipped.items())
    return _table(header, rows) + note + _caption(report)


def tensor_ratios() -> str:
    """The same steps as ratios: our time over each peer's (below 1: ours is faster)."""
    report = load("tensor")
    engines = _step_engines(report)
    pairs = [("ours", p) for p in engines if not p.startswith("ours")]
    if "ours_formula" in engines:
        pairs.insert(1, ("ours_formula", "numpy"))
    rows = []
    for record in report["results"]["step"]["sizes"]:
        e = record["engines"]
        rows.append([_size_label(record),
                     *[_ratio(_engine(e.get(ours)), _engine(e.get(peer))) for ours, peer in pairs]])
    header = ["batch × layers", *[f"{_SHORT[ours]} / {_SHORT[peer]}" for ours, peer in pairs]]
    note = "\n\nOur time divided by each peer's: below 1, our engine is faster."
    return _table(header, rows) + note + _caption(report)


def findings() -> str:
    """The chapter's conclusions, as a list, with the numbers read from the committed JSON."""
    scalar, tensor = load("scalar"), load("tensor")
    sizes = tensor["results"]["step"]["sizes"]
    small, large = sizes[0]["engines"], sizes[-1]["engines"]
    t = {name: _engine(small.get(name)) for name in ("ours", "numpy", "torch")}
    big = {name: _engine(large.get(name)) for name in ("ours", "numpy", "torch")}
    one = tensor["results"]["per_op"]["sizes"][0]
    items = []
    per_op = (f"**Framework overhead lives in the number of ops, not in their size.** Every op pays a "
              f"fixed cost before any arithmetic: a one-element multiplication takes {_time(one['numpy'])} "
              f"in NumPy and {_time(one['ours'])} as a graph-recording Tensor op")
    if "torch" in one:
        per_op += f" ({_time(one['torch'])} in PyTorch)"
    items.append(per_op + ", whatever the arrays hold, until the arrays reach about 100,000 "
                 "elements. [The cost of an op](#the-cost-of-an-op-before-its-arithmetic)")
    step = (f"**A small model is all overhead.** The small step ({sizes[0]['name']}) takes "
            f"{_time(t['ours'])} in our engine against {_time(t['numpy'])} for hand-written NumPy, "
            f"{t['ours'] / t['numpy']:.2f}× the floor")
    if t["torch"]:
        step += f"; PyTorch takes {_time(t['torch'])}, {t['torch'] / t['ours']:.1f}× ours"
    items.append(step + ". [Before and after](#where-the-bookkeeping-went-before-and-after)")
    arithmetic = (f"**A large model hides it.** At {sizes[-1]['name']} the matrix products are nearly "
                  f"all the time: our step is {big['ours'] / big['numpy']:.2f}× NumPy's")
    if big["torch"]:
        arithmetic += f", PyTorch's {big['torch'] / big['numpy']:.2f}×"
    items.append(arithmetic + ". [The results](#part-ii-arrays)")
    mg = scalar["results"]["mlp"].get("micrograd")
    if mg and "skipped" not in mg:
        share = 1 - mg["step_gc_disabled"]["seconds"] / mg["step"]["seconds"]
        items.append(f"**A graph of closures is a garbage-collection problem.** micrograd spends {share:.0%} "
                     "of its demo step in Python's cyclic garbage collector; the book's engines make no "
                     "reference cycles and leave it nothing to free. "
                     "[micrograd's closures](#why-micrograds-closures-make-the-garbage-collector-its-largest-cost)")
    d = tensor["results"]["dtype"]["ours"]
    items.append(f"**A silent float64 costs {d['float64_over_float32']:.1f}×** at the large size, so the "
                 "engine keeps float32 end to end. [Dtype promotion](#dtype-promotion-a-silent-2)")
    m = tensor["results"]["memory"]
    items.append(f"**Nothing accumulates**: over {m['steps']:,} steps the process does not grow. "
                 "[Memory](#memory)")
    caption = f"\n\n<small>Part I: {machine_line(scalar)}<br>Part II: {machine_line(tensor)}</small>"
    return "\n".join(f"- {item}" for item in items) + caption


def small_summary() -> str:
    """The small and large steps in one paragraph: what the bookkeeping adds to NumPy's arithmetic."""
    report = load("tensor")
    sizes = report["results"]["step"]["sizes"]
    small, large = sizes[0], sizes[-1]
    ours, numpy = _engine(small["engines"]["ours"]), _engine(small["engines"]["numpy"])
    torch = _engine(small["engines"].get("torch"))
    text = (f"On the machine that measured it ({_date(report)}), the small step ({small['name']}) takes "
            f"{_time(ours)} with our engine and {_time(numpy)} in hand-written NumPy")
    text += f", and {_time(torch)} in PyTorch" if torch else " (PyTorch was not measured)"
    text += (f": the engine's bookkeeping adds {_time(ours - numpy)} to NumPy's arithmetic, "
             f"**{ours / numpy:.2f}×** its time, against the 2.0× the book aimed for. At the large size "
             f"({large['name']}) the same bookkeeping is lost in the arithmetic: "
             f"{_ratio(_engine(large['engines']['ours']), _engine(large['engines']['numpy']))}× NumPy's time.")
    return text


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _figure(width: float, height: float, ncols: int = 1, nrows: int = 1):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, [fig.add_subplot(nrows, ncols, i + 1) for i in range(nrows * ncols)]


_FONT = {"font.size": 12, "axes.titlesize": 13, "axes.labelsize": 12, "legend.fontsize": 11,
         "xtick.labelsize": 11, "ytick.labelsize": 11}


def _time_ticks(axes) -> None:
    """Label a log axis of microseconds 1 µs, 10 µs, … 1 ms rather than 10⁰, 10¹, …"""
    low, high = axes.get_ylim()
    ticks = [t for t in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4)
             if low <= t <= high]
    axes.set_yticks(ticks, [f"{t:g} µs" if t < 1e3 else f"{t / 1e3:g} ms" for t in ticks])
    axes.minorticks_off()
    axes.grid(True, which="major", alpha=0.3)


def time_vs_size() -> bytes:
    """Time per training step against the work in it, one line per engine (log-log), and the
    same times relative to NumPy's, in two panels one above the other."""
    from matplotlib import rc_context

    report = load("tensor")
    sizes = report["results"]["step"]["sizes"]
    with rc_context(_FONT):
        fig, (ax, ratio_ax) = _figure(7.5, 9, nrows=2)
        macs = [s["macs"] for s in sizes]
        numpy = [_engine(s["engines"]["numpy"]) for s in sizes]
        for name in _step_engines(report):
            times = [_engine(s["engines"].get(name)) for s in sizes]
            if any(t is None for t in times):
                continue
            style = dict(color=COLORS[name], label=ENGINE_NAMES[name], linewidth=2, markersize=6)
            ax.plot(macs, [t * 1e6 for t in times], "o-", **style)
            if name != "numpy":
                ratio_ax.plot(macs, [t / n for t, n in zip(times, numpy)], "o-", **style)
        for axes in (ax, ratio_ax):
            axes.set_xscale("log")
            axes.set_yscale("log")
            axes.set_xlabel("multiply-adds in one step")
            axes.grid(True, which="both", alpha=0.3)
        ax.legend(loc="upper left")
        ax.set_ylabel("time per step")
        _time_ticks(ax)
        ax.set_title("One training step, from the small MLP (left) to the large")
        ratio_ax.axhline(1, color=COLORS["numpy"], linewidth=1.5)
        ratio_ax.set_ylabel("time ÷ hand-written NumPy's")
        ratio_ax.set_title("The same, relative to the NumPy floor (colours as above)")
        ticks = [t for t in (1, 1.5, 2, 3, 5, 10, 20, 50) if t <= ratio_ax.get_ylim()[1]]
        ratio_ax.set_yticks(ticks, [f"{t:g}×" for t in ticks])
        ratio_ax.minorticks_off()
        ratio_ax.grid(True, which="major", alpha=0.3)
        return _png(fig)


def per_op_table() -> str:
    """One multiplication: NumPy, a graph-recording Tensor op, PyTorch; the overhead and its share."""
    report = load("tensor")
    per_op = report["results"]["per_op"]
    engines = [n for n in ("numpy", "ours", "torch") if n in per_op["sizes"][0]]
    rows = []
    for record in per_op["sizes"]:
        extra = record["ours"] - record["numpy"]
        within_noise = extra <= 0
        rows.append([f"{record['elements']:,}", *[_time(record[n]) for n in engines],
                     "≈ 0" if within_noise else _time(extra),
                     "≈ 0" if within_noise else f"{extra / record['ours']:.0%}"])
    names = {**ENGINE_NAMES, "numpy": "NumPy"}
    header = ["elements", *[names[n] for n in engines], "our overhead (ours − NumPy)",
              "overhead's share of our time"]
    return _table(header, rows) + _caption(report)


def per_op_plot() -> bytes:
    """Time of one multiplication against its size: the flat part is the overhead."""
    from matplotlib import rc_context

    report = load("tensor")
    records = report["results"]["per_op"]["sizes"]
    with rc_context(_FONT):
        fig, (ax,) = _figure(7.5, 5)
        n = [r["elements"] for r in records]
        names = {**ENGINE_NAMES, "numpy": "NumPy"}
        for name in ("numpy", "ours", "torch"):
            if name in records[0]:
                ax.plot(n, [r[name] * 1e6 for r in records], "o-", color=COLORS[name], label=names[name],
                        linewidth=2, markersize=6)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("elements in each operand (float32)")
        ax.set_xticks(n, [f"{e:,}" if e < 1e6 else "1M" for e in n])
        ax.set_ylabel("time of a * b")
        _time_ticks(ax)
        ax.set_title("One op: a fixed cost, then the arithmetic")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(loc="upper left")
        return _png(fig)


def dtype_table() -> str:
    """The large step in float32 and in float64."""
    report = load("tensor")
    d = report["results"]["dtype"]
    rows = [[ENGINE_NAMES[name], _time(info["float32_seconds"]), _time(info["float64_seconds"]),
             f"{info['float64_over_float32']:.2f}×"]
            for name, info in d.items() if isinstance(info, dict) and "float32_seconds" in info]
    header = ["engine", "float32", "float64", "float64 / float32"]
    return f"At {d['size']['name']}:\n\n" + _table(header, rows) + _caption(report)


def memory_table() -> str:
    """Peak memory of one step and the growth over many, at the large size."""
    report = load("tensor")
    m = report["results"]["memory"]
    rows = []
    for name in _step_engines(report):
        info = m.get(name)
        if not info or "skipped" in info:
            continue
        rows.append([ENGINE_NAMES[name], _bytes(info.get("peak_bytes_in_step")), _bytes(info.get("growth_bytes")),
                     _bytes(info.get("rss_growth_bytes")), str(info.get("unreachable_after", "—"))])
    header = ["engine", "peak memory in a step", f"growth over {m['steps']:,} steps (tracemalloc)",
              "growth of the process (RSS)", "objects left for the collector"]
    note = ("\n\ntracemalloc sees the arrays NumPy allocates but not PyTorch's, so PyTorch has only the "
            "coarser resident-memory figure.") if "torch" in m and "skipped" not in m["torch"] else ""
    return f"At {m['size']['name']}:\n\n" + _table(header, rows) + note + _caption(report)


# -- the targets (the README's "Performance targets"; tests/bench checks that they agree) ---------------
def _verdict(ok) -> str:
    return "—" if ok is None else ("met" if ok else "**not met**")


def cnn_ratio() -> float | None:
    """Our CNN step's time over PyTorch's (results/tensor-cnn.json), or None."""
    engines = load("tensor-cnn")["results"]["cnn"]["engines"]
    ours, torch = _engine(engines.get("ours")), _engine(engines.get("torch"))
    return ours / torch if ours and torch else None


def targets() -> str:
    """Every target the project set, the measured value, and whether it is met: the table in the
    README's "Performance targets" (not a figure of the chapter)."""
    scalar, tensor = load("scalar"), load("tensor")
    rows = []
    mlp = scalar["results"]["mlp"]
    mg = mlp.get("micrograd", {})
    if "step" in mg:
        r = mlp["ours"]["step"]["seconds"] / mg["step"]["seconds"]
        rows.append(["scalar: demo MLP time ≤ 0.2 × micrograd's", f"{r:.2f} ×", _verdict(r <= 0.2)])
        mem = scalar["results"]["memory"]
        r = mem["ours"]["bytes_per_node_mlp"] / mem["micrograd"]["bytes_per_node_mlp"]
        rows.append(["scalar: bytes per node ≤ ⅓ of micrograd's", f"{r:.2f} ×", _verdict(r <= 1 / 3)])
    back = scalar["results"]["chain"]["ours"]["backward_seconds"]
    n = scalar["results"]["chain"]["length"]
    rows.append([f"scalar: backward through a {n:,}-op chain in a few seconds", _time(back), _verdict(back < 5)])
    sizes = tensor["results"]["step"]["sizes"]
    small, large = sizes[0]["engines"], sizes[-1]["engines"]

    def ratio(engines, peer, ours="ours"):
        ours, theirs = _engine(engines.get(ours)), _engine(engines.get(peer))
        return ours / theirs if ours and theirs else None

    for label, value, ok in (
        ("tensor: large step ≤ 1.10 × hand-written NumPy", ratio(large, "numpy"), lambda r: r <= 1.10),
        ("tensor: small step ≤ 2.0 × hand-written NumPy", ratio(small, "numpy"), lambda r: r <= 2.0),
        ("tensor: small step, loss as formula, ≤ 2.0 × NumPy", ratio(small, "numpy", "ours_formula"),
         lambda r: r <= 2.0),
        ("tensor: small step faster than PyTorch CPU", ratio(small, "torch"), lambda r: r < 1),
        ("tensor: large step faster than PyTorch CPU", ratio(large, "torch"), lambda r: r < 1),
        ("tensor: MNIST-1D CNN step ≤ 1.5 × PyTorch CPU", cnn_ratio(), lambda r: r <= 1.5),
    ):
        rows.append([label, "not measured" if value is None else f"{value:.2f} ×",
                     _verdict(None if value is None else ok(value))])
    float32 = all(s["engines"]["ours"]["dtypes"] == {"loss": "float32", "grads": ["float32"]} for s in sizes)
    rows.append(["tensor: float32 stays float32 end to end", "loss and gradients float32" if float32 else "promoted",
                 _verdict(float32)])
    caption = f"\n\n<small>Scalar: {machine_line(scalar)}<br>Tensor: {machine_line(tensor)}</small>"
    return _table(["target", "measured", ""], rows, "lrl") + caption


# -- Part II: the MNIST-1D CNN step (results/tensor-cnn.json) -----------------------------
def tensor_cnn() -> str:
    """The CNN step of chapter 13, ours against PyTorch, and where our convolutions'
    time goes: unfold, products, fold, each timed alone; and the rest of the step."""
    report = load("tensor-cnn")
    cnn = report["results"]["cnn"]
    engines = cnn["engines"]
    ours, torch = _engine(engines.get("ours")), _engine(engines.get("torch"))
    rows = [["one training step, ours", _time(ours), ""]]
    if torch:
        rows.append(["one training step, PyTorch", _time(torch), f"ours / PyTorch: {_ratio(ours, torch)}"])
    else:
        rows.append(["one training step, PyTorch", "not measured", engines["torch"].get("skipped", "")])
    pieces = {"unfold": 0.0, "matmul": 0.0, "fold": 0.0}
    for layer, parts in cnn["conv_parts"].items():
        shown = ", ".join(f"{name} {_time(value)}" for name, value in parts.items())
        rows.append([f"convolution {layer}", _time(sum(parts.values())), shown.replace("matmul", "products")])
        for name, value in parts.items():
            pieces[name] += value
    share = {name: value / ours for name, value in pieces.items()}
    rows.append(["all unfolds / products / folds",
                 f"{_time(pieces['unfold'])} / {_time(pieces['matmul'])} / {_time(pieces['fold'])}",
                 f"{share['unfold']:.0%} / {share['matmul']:.0%} / {share['fold']:.0%} of the step"])
    rows.append(["the rest: ReLUs, Linear, loss, Adam, bookkeeping", _time(cnn["rest_seconds"]),
                 f"{cnn['rest_seconds'] / ours:.0%} of the step"])
    return _table(["", "time", "detail"], rows, "lrl") + _caption(report)


FIGURES = {
    "tensor-cnn.md": tensor_cnn,
    "scalar-results.md": scalar_results,
    "gc.md": gc_table,
    "gc-summary.md": gc_summary,
    "findings.md": findings,
    "tensor-results.md": tensor_results,
    "tensor-ratios.md": tensor_ratios,
    "small-summary.md": small_summary,
    "time-vs-size.png": time_vs_size,
    "per-op.md": per_op_table,
    "per-op.png": per_op_plot,
    "dtype.md": dtype_table,
    "memory.md": memory_table,
}
