"""Figures for Part I, drawn from `scalar_autograd`'s own code when the site is built.

``FIGURES`` maps a file name to a function that makes it (see ``docs/hooks/book.py``):
``.mmd`` functions return Mermaid text, shown where a chapter has the line
``<!-- mermaid: name.mmd -->``; ``.png``/``.svg`` functions return image bytes.
Each function builds its graph from scratch, so the picture is the code's own output.
Graphs more than about six nodes long are drawn top to bottom: a wide left-to-right drawing is
shrunk to the width of the page until its labels cannot be read.

>>> regression_loss().splitlines()[0]
'flowchart TB'
"""

from __future__ import annotations

import io
import math
import random

from scalar_autograd.engine import Value
from scalar_autograd.graph import to_mermaid
from scalar_autograd.optim import SGD


def regression_loss() -> str:
    """Chapter 1: the squared error of one sample for y = w·x + b, after backward."""
    w, b = Value(0.5), Value(-0.5)
    x, y = Value(3.0), Value(2.0)
    pred = w * x + b
    err = pred - y
    loss = err**2
    loss.backward()
    names = {w: "w", b: "b", x: "x", y: "y", pred: "pred", err: "err", loss: "loss"}
    return to_mermaid(loss, names=names, direction="TB")


def skip_connection() -> str:
    """Chapter 3: out = h + 2h with h = 3x, the graph breadth-first backward gets wrong."""
    x = Value(1.0)
    h = x * 3
    g = h * 2
    out = h + g
    out.backward()
    return to_mermaid(out, names={x: "x", h: "h", g: "g", out: "out"}, direction="TB")


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _figure(width: float, height: float, ncols: int = 1):
    """A matplotlib Figure on the Agg canvas (no pyplot, no window) and its axes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    axes = [fig.add_subplot(1, ncols, i + 1) for i in range(ncols)]
    return fig, axes


def finite_difference_error() -> bytes:
    """Chapter 5: error of forward and central differences of exp at x = 1 against the step h."""
    from scalar_autograd.gradcheck import numerical_grad

    def f(x):
        return x.exp()

    exact, u = math.e, 2.0**-53
    steps = [10 ** (-k / 8) for k in range(8, 121)]  # 1e-1 ... 1e-15
    forward = [abs((f(Value(1.0 + h)).data - f(Value(1.0)).data) / h - exact) for h in steps]
    central = [abs(numerical_grad(f, [1.0], eps=h)[0] - exact) for h in steps]

    fig, (ax,) = _figure(6.5, 4.2)
    curves = [(forward, "forward difference", "C0"), (central, "central difference", "C1")]
    for errors, label, colour in curves:
        shown = [(h, e) for h, e in zip(steps, errors) if e > 0]  # an exact hit has no logarithm
        ax.plot(*zip(*shown), marker="o", markersize=2.5, linewidth=1, color=colour, label=label)
    models = [
        ([exact * h / 2 for h in steps], "--", "C0", "truncation e·h/2"),
        ([exact * h * h / 6 for h in steps], "--", "C1", "truncation e·h²/6"),
        ([u * exact / h for h in steps], ":", "0.3", "round-off u·e/h"),
    ]
    for errors, style, colour, label in models:
        ax.plot(steps, errors, style, color=colour, linewidth=0.8, label=label)
    ax.axvline(1e-6, color="0.6", linewidth=0.8)
    ax.text(1.2e-6, 3e-15, "check_grads' eps", color="0.4", fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-15, 1.0)
    ax.set_xlabel("step size h")
    ax.set_ylabel("|error| of the derivative of exp at x = 1")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="upper center")
    return _png(fig)


def linear_regression_loss() -> bytes:
    """Chapter 6: the loss curve of `fit` with its defaults on the default data, as `train --plot` draws it."""
    from scalar_autograd.cli.create_data import make_linear_data
    from scalar_autograd.cli.plot import loss_curve_png
    from scalar_autograd.cli.train import fit

    result = fit(*make_linear_data())
    return loss_curve_png(result.losses, title="Linear regression: loss")


def train_help() -> str:
    """Chapter 6: the text of ``python -m scalar_autograd.train --help``, as Markdown."""
    import argparse

    from scalar_autograd.cli.train import build_parser

    parser = build_parser()
    parser.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=88)  # not the terminal's
    return f"```text\n{parser.format_help().rstrip()}\n```\n"


def train_run() -> str:
    """Part I's front page: what ``python -m scalar_autograd.train`` prints on a fresh clone, run now."""
    import contextlib
    import io
    import os
    import tempfile

    from scalar_autograd.cli.train import main

    output = io.StringIO()
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as fresh_clone:
        os.chdir(fresh_clone)
        try:
            with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
                main([])
        finally:
            os.chdir(here)
    lines = output.getvalue().rstrip().splitlines()
    shown = lines[:4] + ["..."] + lines[-2:]  # the start, and how it ends
    return "```text\n" + "\n".join(shown) + "\n```\n"


# Chapter 7's dataset, loss and training loop. tests/scalar/test_figures.py checks that the chapter
# shows these very functions, character for character, so the picture is the chapter's own run.
def make_circles(n, noise=0.1, seed=0):
    """n points, alternately near radius 0.5 (label +1) and near radius 1 (label -1)."""
    rng = random.Random(seed)
    points, labels = [], []
    for i in range(n):
        angle = 2 * math.pi * rng.random()
        radius, label = (0.5, 1.0) if i % 2 == 0 else (1.0, -1.0)
        x = radius * math.cos(angle) + rng.gauss(0.0, noise)
        y = radius * math.sin(angle) + rng.gauss(0.0, noise)
        points.append((x, y))
        labels.append(label)
    return points, labels


def logistic_loss(model, points, labels):
    """Mean of log(1 + exp(-y·s)) over the points; fraction with sign(s) = y."""
    scores = [model(p) for p in points]
    losses = [(-y * s).softplus() for s, y in zip(scores, labels)]
    right = sum((s.data > 0) == (y > 0) for s, y in zip(scores, labels))
    return sum(losses, Value(0.0)) / len(labels), right / len(labels)


def train_classifier(model, points, labels, steps=50, lr=1.0):
    """Full-batch gradient descent on the logistic loss; (loss, accuracy) per step."""
    optimizer = SGD(model.parameters(), lr=lr)
    history = []
    for _ in range(steps):
        loss, accuracy = logistic_loss(model, points, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        history.append((loss.data, accuracy))
    return history


def decision_boundary() -> bytes:
    """Chapter 7: where a linear neuron and MLP(2, [12, 1]) put the boundary, after training."""
    import numpy as np

    from scalar_autograd.nn import MLP, Neuron

    points, labels = make_circles(40)
    test_points, test_labels = make_circles(200, seed=1)
    line = Neuron(2, nonlin=False, rng=random.Random(0))
    train_classifier(line, points, labels)
    model = MLP(2, [12, 1], seed=0)
    train_classifier(model, points, labels)

    grid = np.linspace(-1.6, 1.6, 25)
    fig, axes = _figure(9, 4.4, ncols=2)
    for ax, classifier, title in [
        (axes[0], line, "one linear neuron"),
        (axes[1], model, "MLP(2, [12, 1])"),
    ]:
        scores = np.array([[classifier((x, y)).data for x in grid] for y in grid])
        big = np.abs(scores).max() + 1.0
        ax.contourf(grid, grid, scores, levels=[-big, 0.0, big], colors=["#f4c7a1", "#a9c8ec"])
        ax.contour(grid, grid, scores, levels=[0.0], colors="black", linewidths=1.2)
        _, accuracy = logistic_loss(classifier, points, labels)
        _, test_accuracy = logistic_loss(classifier, test_points, test_labels)
        for label, marker, colour in [(1.0, "o", "#1f5fa8"), (-1.0, "s", "#c0561b")]:
            chosen = [p for p, y in zip(points, labels) if y == label]
            ax.scatter(*zip(*chosen), marker=marker, s=18, color=colour, edgecolor="white", linewidth=0.5)
        ax.set_title(f"{title}\ntraining {accuracy:.0%}, held-out {test_accuracy:.1%}")
        ax.set_aspect("equal")
        ax.set_xlim(-1.6, 1.6)
        ax.set_ylim(-1.6, 1.6)
    return _png(fig)


FIGURES = {
    "regression-loss.mmd": regression_loss,
    "skip-connection.mmd": skip_connection,
    "finite-difference-error.png": finite_difference_error,
    "linear-regression-loss.png": linear_regression_loss,
    "train-help.md": train_help,
    "train-run.md": train_run,
    "decision-boundary.png": decision_boundary,
}
