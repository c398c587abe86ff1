"""Figures for Part II, drawn from `tensor_autograd`'s own code when the site is built.

``FIGURES`` maps a file name to a function that makes it (see ``docs/hooks/book.py``):
``.png``/``.svg`` functions return image bytes, shown with ``![…](figures/name.png)``; ``.mmd``
functions return Mermaid text, shown where a chapter has the line ``<!-- figure: name.mmd -->``.
Each function computes what it draws with the package, so a picture can never disagree with the
code. matplotlib is imported inside the functions: importing this module must stay fast.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import numpy as np
from tensor_autograd import Tensor, grad


def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _figure(ncols: int, width: float = 9.0, height: float = 3.4):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(1, ncols, figsize=(width, height))


# -- Chapter 5: nonlinearities ------------------------------------------------------------------
def activations() -> bytes:
    """relu, tanh and sigmoid with the derivatives their backward functions compute."""
    from tensor_autograd import Tensor

    fig, axes = _figure(3, height=2.8)
    x_values = np.linspace(-4, 4, 401)
    for ax, name in zip(axes, ("relu", "tanh", "sigmoid")):
        x = Tensor(x_values, requires_grad=True)
        y = getattr(x, name)()
        y.sum().backward()  # every y_i depends on x_i only: the gradient is the derivative
        ax.plot(x_values, y.data, label=f"{name}(x)")
        ax.plot(x_values, x.grad, "--", label="backward's derivative")
        ax.axhline(0, color="0.8", lw=0.8)
        ax.axvline(0, color="0.8", lw=0.8)
        ax.set_title(name)
        ax.set_xlabel("x")
        ax.set_ylim(-1.2, 2.2 if name == "relu" else 1.2)
    axes[0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return _png(fig)


# -- Chapter 6: optimizers ----------------------------------------------------------------------
VALLEY_SCALE = (1.0, 100.0)  # f(w) = ½(w₀² + 100·w₁²): a long, narrow valley
VALLEY_START = (-4.0, 1.0)


def valley_run(make_optimizer, steps: int = 100):
    """The path and the losses of an optimizer on the valley (the chapter runs the same loop)."""
    from tensor_autograd import Tensor, nn

    w = nn.Parameter(VALLEY_START)
    optimizer = make_optimizer([w])
    scale = Tensor(VALLEY_SCALE)
    path, losses = [w.data.copy()], []
    for _ in range(steps):
        loss = 0.5 * (scale * w * w).sum()
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        path.append(w.data.copy())
    return np.array(path), np.array(losses)


def optimizers() -> bytes:
    """SGD, SGD with momentum and Adam on the valley: their paths, and their losses."""
    from tensor_autograd import optim

    runs = {
        "SGD, lr=0.018": lambda p: optim.SGD(p, lr=0.018),
        "momentum 0.8, lr=0.018": lambda p: optim.SGD(p, lr=0.018, momentum=0.8),
        "Adam, lr=0.3": lambda p: optim.Adam(p, lr=0.3),
    }
    fig, (left, right) = _figure(2, width=10.0, height=3.8)
    u, v = np.meshgrid(np.linspace(-4.5, 1.5, 200), np.linspace(-1.3, 1.3, 200))
    left.contour(u, v, 0.5 * (VALLEY_SCALE[0] * u**2 + VALLEY_SCALE[1] * v**2),
                 levels=np.geomspace(0.05, 120, 12), colors="0.8", linewidths=0.8)
    for label, make in runs.items():
        path, losses = valley_run(make)
        left.plot(path[:, 0], path[:, 1], ".-", ms=3, lw=1, label=label)
        right.semilogy(losses, label=label)
    left.plot(0, 0, "k*", ms=10)
    left.set_xlabel("w₀ (gentle direction)")
    left.set_ylabel("w₁ (steep direction)")
    left.set_title("100 steps on f(w) = ½(w₀² + 100·w₁²)")
    right.set_xlabel("step")
    right.set_ylabel("loss")
    right.set_title("loss (log scale)")
    right.legend(fontsize=8)
    fig.tight_layout()
    return _png(fig)


# -- Chapter 7: higher-order gradients ----------------------------------------------------------
def _graph_to_mermaid(root, names: dict) -> str:
    """The graph that produced `root`, walked through `_parents`: ops as boxes, inputs as pills."""
    lines, edges, ids = ["flowchart LR"], [], {}

    def node(t) -> str:
        if id(t) not in ids:
            ids[id(t)] = f"n{len(ids)}"
            if id(t) in names:
                label = names[id(t)]
            elif t._backward is None:  # a constant: show its value
                label = np.array2string(t.data, separator=", ") if t.data.size <= 4 else "constant"
            else:
                label = t._backward.__name__.removesuffix("_backward")
            shape = '["{}"]' if t._backward is not None else '(["{}"])'
            lines.append(f"    {ids[id(t)]}{shape.format(label)}")
        return ids[id(t)]

    stack, seen = [root], set()
    while stack:
        t = stack.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        for parent in t._parents:
            edges.append(f"    {node(parent)} --> {node(t)}")
            stack.append(parent)
    node(root)
    return "\n".join(lines + edges)


def tanh_gradient_graph() -> str:
    """The graph `grad(tanh(x).sum(), x, create_graph=True)` records: the gradient as a function of x."""
    from tensor_autograd import Tensor, grad

    x = Tensor([-1.0, 0.5, 2.0], requires_grad=True)
    y = x.tanh()
    (dy_dx,) = grad(y.sum(), x, create_graph=True)
    seed, one_minus_y2 = dy_dx._parents  # tanh's backward: g * (1 - out * out)
    one, y2 = one_minus_y2._parents
    names = {x: "x", y: "y = tanh(x)", y2: "mul: y·y", one: "1", one_minus_y2: "sub: 1 − y·y",
             seed: "g = [1, 1, 1]", dy_dx: "mul: dy/dx = g·(1 − y·y)"}
    return _graph_to_mermaid(dy_dx, {id(t): label for t, label in names.items()})


# -- Chapter 7: Newton's method -----------------------------------------------------------------
# Chapter 7's own functions and run. tests/tensor/test_figures.py checks that the chapter shows
# these functions character for character, and every line of the run between the two markers in
# `newton_vs_gradient_descent`, so the picture is the chapter's computation.
def gradient_and_hessian(f, w0):
    """∇f and the Hessian (column j is H eⱼ) at w0."""
    w = Tensor(w0, requires_grad=True)
    (g,) = grad(f(w), w, create_graph=True)
    columns = [
        grad(g, w, grad_outputs=Tensor(e), retain_graph=True)[0].data
        for e in np.eye(len(w0))
    ]
    return g.data, np.stack(columns, axis=1)


def newtons_method(f, w, steps):
    """Newton's method from w: the point reached, and |∇f| before each step."""
    norms = []
    for _ in range(steps):
        g, H = gradient_and_hessian(f, w)
        norms.append(np.linalg.norm(g))
        w = w - np.linalg.solve(H, g)
    return w, norms


def gradient_descent(f, w, lr, steps):
    """Gradient descent from w: the point reached, and |∇f| before each step."""
    norms = []
    for _ in range(steps):
        w_t = Tensor(w, requires_grad=True)
        (g,) = grad(f(w_t), w_t)
        norms.append(np.linalg.norm(g.data))
        w = w - lr * g.data
    return w, norms


def newton_vs_gradient_descent() -> bytes:
    """Gradient norm per step of Newton's method and of gradient descent on logistic regression."""
    from tensor_autograd import functional as F

    # -- Chapter 7's run --
    rng = np.random.default_rng(0)
    X = rng.standard_normal((100, 3)) * np.array([1.0, 3.0, 0.3])
    true_w = np.array([2.0, -1.0, 3.0])
    labels = (rng.uniform(size=100) < 1 / (1 + np.exp(-X @ true_w))).astype(float)
    lam = 0.01

    def loss_fn(w):
        data_term = F.binary_cross_entropy_with_logits(Tensor(X) @ w, labels)
        return data_term + lam / 2 * (w * w).sum()

    w_star, newton = newtons_method(loss_fn, np.zeros(3), steps=8)
    curvatures = np.linalg.eigvalsh(gradient_and_hessian(loss_fn, w_star)[1])
    lr = 2 / (curvatures[0] + curvatures[-1])
    w, descent = gradient_descent(loss_fn, np.zeros(3), lr, steps=100)
    # -- end of Chapter 7's run --

    fig, ax = _figure(1, width=6.0, height=3.4)
    floor = 1e-17
    ax.semilogy(np.maximum(descent, floor), ".-", ms=3, lw=1, label=f"gradient descent, lr={lr:.2f}")
    ax.semilogy(np.maximum(newton, floor), "o-", label="Newton")
    ax.set_xlabel("step")
    ax.set_ylabel("|gradient|")
    ax.set_title("logistic regression, 3 weights")
    ax.legend()
    fig.tight_layout()
    return _png(fig)


# -- Chapter 8: gradient checking ---------------------------------------------------------------
def finite_differences_float32() -> bytes:
    """Error of a central difference against backward's directional derivative, by dtype and step."""
    from tensor_autograd import Tensor

    rng = np.random.default_rng(0)
    x0, v = rng.standard_normal(5), rng.standard_normal(5)

    def f(x):
        return (x.tanh() * x).sum()

    steps = np.geomspace(1e-12, 1e-0, 49)
    fig, ax = _figure(1, width=6.0, height=3.4)
    for dtype in (np.float64, np.float32):
        x = Tensor(x0.astype(dtype), requires_grad=True)
        f(x).backward()
        exact = float((x.grad.astype(np.float64) * v).sum())
        errors = []
        for h in steps:
            plus = f(Tensor((x0 + h * v).astype(dtype))).item()
            minus = f(Tensor((x0 - h * v).astype(dtype))).item()
            errors.append(abs((plus - minus) / (2 * h) - exact))
        ax.loglog(steps, np.maximum(errors, 1e-17), ".-", ms=3, lw=1, label=np.dtype(dtype).name)
    ax.axvline(1e-6, color="0.6", ls=":", lw=1)
    ax.set_xlabel("step ε")
    ax.set_ylabel("|central difference − v·∇f|")
    ax.set_title("the same check in two precisions")
    ax.legend()
    fig.tight_layout()
    return _png(fig)


# -- Chapters 1-4: arrays, broadcasting, matmul, indexing ----------------------------------------
_OP_SYMBOLS = {"add": "+", "sub": "-", "mul": "*", "div": "/", "power": "**", "matmul": "@", "neg": "-"}


def _shape_text(shape: tuple) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _tensor_graph_mermaid(root, names: dict, direction: str = "LR") -> str:
    """A tensor graph as Mermaid: a box per tensor (name, shape), a circle per op.

    The graph must still be there (build it, or backward with retain_graph=True). Leaves that
    have a `.grad` show it; a leaf with no name is a constant the op lifted (2 in `x ** 2`).
    `direction` is Mermaid's: a graph more than about six nodes long is drawn top to bottom
    ("TB"), since a wide one is shrunk to the page's width until its labels cannot be read.
    """
    order, seen, stack = [], set(), [root]
    while stack:  # every tensor reachable through _parents, constants included
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        order.append(node)
        stack.extend(node._parents)
    ids = {id(node): f"t{i}" for i, node in enumerate(reversed(order))}
    lines = [f"flowchart {direction}"]
    for node in reversed(order):
        name = names.get(id(node))
        if name is None and not node._parents:
            name = f"constant {node.data.item():g}" if node.data.size == 1 else "constant"
        text = f"shape {_shape_text(node.shape)}"
        if node.grad is not None:
            text += f" · grad {np.array2string(np.asarray(node.grad), precision=3)}"
        label = f"{name}<br/>{text}" if name else text
        lines.append(f'    {ids[id(node)]}["{label}"]')
    for node in reversed(order):
        if node._parents:
            op = node._backward.__name__.removesuffix("_backward")
            circle = f"{ids[id(node)]}_op"
            lines.append(f'    {circle}(("{_OP_SYMBOLS.get(op, op)}"))')
            lines.extend(f"    {ids[id(parent)]} --> {circle}" for parent in node._parents)
            lines.append(f"    {circle} --> {ids[id(node)]}")
    return "\n".join(lines) + "\n"


def regression_graph() -> str:
    """Chapter 1: the mean squared error of 1000 points is a graph of a few array ops."""
    from tensor_autograd import Tensor

    rng = np.random.default_rng(0)
    x = Tensor(rng.uniform(-1, 1, 1000))
    y = Tensor(x.data - 1 + 0.05 * rng.standard_normal(1000))
    w = Tensor(0.5, requires_grad=True)
    b = Tensor(0.0, requires_grad=True)
    pred = w * x + b
    loss = ((pred - y) ** 2).mean()
    loss.backward(retain_graph=True)
    names = {id(w): "w", id(b): "b", id(x): "x", id(y): "y", id(pred): "pred", id(loss): "loss"}
    return _tensor_graph_mermaid(loss, names, direction="TB")


def _draw_grid(ax, values, left: float, top: float, title: str, color: str) -> None:
    """One array as a grid of labelled cells, its top-left corner at (left, top)."""
    from matplotlib.patches import Rectangle

    values = np.atleast_2d(values)
    for (i, j), v in np.ndenumerate(values):
        ax.add_patch(Rectangle((left + j, top - i - 1), 1, 1, facecolor=color, edgecolor="0.3"))
        ax.text(left + j + 0.5, top - i - 0.5, f"{v:g}", ha="center", va="center", fontsize=11)
    ax.text(left + values.shape[1] / 2, top + 0.25, title, ha="center", va="bottom", fontsize=10)


def broadcast_backward() -> bytes:
    """Chapter 2: forward copies b into every row; backward sums g over the rows (sum_to)."""
    from tensor_autograd import Tensor

    x = Tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]])
    b = Tensor([10.0, 20.0, 30.0], requires_grad=True)
    g = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # the gradient flowing into y
    y = x + b
    y.backward(g)

    fig, (forward, backward) = _figure(2, width=10.0, height=3.0)
    _draw_grid(forward, x.data, 0, 3, "x  (2, 3)", "#e8eef7")
    forward.text(3.5, 2, "+", ha="center", va="center", fontsize=16)
    _draw_grid(forward, b.data, 4, 3, "b  (3,)", "#fde9c8")
    _draw_grid(forward, np.broadcast_to(b.data, (2, 3))[1:], 4, 2, "", "#fdf3e1")
    forward.text(5.5, 0.75, "copied row: broadcast_to", ha="center", va="top", fontsize=9, color="0.35")
    forward.text(7.5, 2, "=", ha="center", va="center", fontsize=16)
    _draw_grid(forward, y.data, 8, 3, "y = x + b  (2, 3)", "#e2f2e2")
    forward.set_title("forward: b is used once per row")

    _draw_grid(backward, g, 1.5, 3, "g = ∂L/∂y  (2, 3)", "#e2f2e2")
    for j in range(3):
        backward.annotate("", xy=(2 + j, -0.15), xytext=(2 + j, 0.95),
                          arrowprops=dict(arrowstyle="->", color="0.45", lw=1))
    backward.text(4.8, 0.4, "Σ over the rows", ha="left", va="center", fontsize=9, color="0.35")
    _draw_grid(backward, b.grad, 1.5, -0.2, "", "#fde9c8")
    backward.text(4.8, -0.7, "b.grad = sum_to(g, (3,))  (3,)", ha="left", va="center", fontsize=10)
    backward.set_title("backward: its gradient is the sum over the rows")
    for ax in (forward, backward):
        ax.set_xlim(-0.3, 11.3)
        ax.set_ylim(-1.5, 3.9)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.tight_layout()
    return _png(fig)


def matmul_shapes() -> str:
    """Chapter 3: the shapes of C = A @ B and of both gradients, read off a real backward pass."""
    from tensor_autograd import Tensor

    rng = np.random.default_rng(0)
    A = Tensor(rng.standard_normal((4, 3)), requires_grad=True)
    B = Tensor(rng.standard_normal((3, 2)), requires_grad=True)
    C = A @ B
    G = rng.standard_normal(C.shape)
    C.backward(G)
    s = _shape_text
    return "\n".join([
        "flowchart LR",
        f'    A["A<br/>{s(A.shape)}"] --> mm(("@"))',
        f'    B["B<br/>{s(B.shape)}"] --> mm',
        f'    mm --> C["C = A @ B<br/>{s(C.shape)}"]',
        '    C --> loss(("L"))',
        f'    loss -. "backward" .-> G["G = ∂L/∂C<br/>{s(G.shape)}"]',
        f'    G -. "G @ Bᵀ : {s(G.shape)} @ {s(B.shape[::-1])}" .-> dA["∂L/∂A<br/>{s(A.grad.shape)}"]',
        f'    G -. "Aᵀ @ G : {s(A.shape[::-1])} @ {s(G.shape)}" .-> dB["∂L/∂B<br/>{s(B.grad.shape)}"]',
    ]) + "\n"


def gather_scatter() -> str:
    """Chapter 4: out = x[[2, 0, 2, 2]]; backward adds each out's gradient back into its x."""
    from tensor_autograd import Tensor

    index = np.array([2, 0, 2, 2])
    x = Tensor([10.0, 11.0, 12.0, 13.0], requires_grad=True)
    g = np.array([1.0, 2.0, 3.0, 4.0])
    x[index].backward(g)
    naive = np.zeros(4)
    naive[index] += g  # what the naive backward would give
    lines = ["flowchart LR"]
    for i in range(x.shape[0]):
        adds = " + ".join(f"{v:g}" for v in g[index == i])
        total = f"grad {adds} = {x.grad[i]:g}" if (index == i).sum() > 1 else f"grad {x.grad[i]:g}"
        wrong = f"<br/>naive += gives {naive[i]:g}" if naive[i] != x.grad[i] else ""
        lines.append(f'    x{i}["x[{i}] = {x.data[i]:g}<br/>{total}{wrong}"]')
    for j, i in enumerate(index):
        lines.append(f'    o{j}["out[{j}] = {x.data[i]:g}<br/>g {g[j]:g}"]')
    lines.extend(f"    x{i} --> o{j}" for j, i in enumerate(index))
    return "\n".join(lines) + "\n"


FIGURES = {
    "regression-graph.mmd": regression_graph,
    "broadcast-backward.png": broadcast_backward,
    "matmul-shapes.mmd": matmul_shapes,
    "gather-scatter.mmd": gather_scatter,
    "activations.png": activations,
    "optimizers.png": optimizers,
    "tanh-gradient-graph.mmd": tanh_gradient_graph,
    "newton-vs-gradient-descent.png": newton_vs_gradient_descent,
    "finite-differences-float32.png": finite_differences_float32,
}


# -- Chapters 10 and 11: training on the gender dataset (SYNTHETIC sample: the build is offline) --
# The chapters run the same configurations, so what they assert is what these pictures show.
REGRESSION_EPOCHS = 60
REGRESSION_BATCH_SIZES = (4, 16, 104)


def _regression_data():
    from tensor_autograd.data import REGRESS, load_gender_data, prepare_task

    return prepare_task(load_gender_data("synthetic").frame, REGRESS, test_fraction=0.2, seed=0)


def regression_loss_curves() -> bytes:
    """Chapter 10: `fit`'s loss curve for three batch sizes, against the closed-form floor."""
    from tensor_autograd import optim
    from tensor_autograd.data import DataLoader
    from tensor_autograd.training import metrics
    from tensor_autograd.training.baselines import LeastSquares
    from tensor_autograd.training.loop import fit
    from tensor_autograd.training.models import Architecture, build_model

    prepared = _regression_data()
    train = prepared.train
    closed_form = LeastSquares().fit(train.x, train.y)
    floor = metrics.mse(train.y, closed_form.predict(train.x))
    fig, ax = _figure(1, width=6.5, height=3.6)
    for batch_size in REGRESSION_BATCH_SIZES:
        model = build_model(Architecture("linear", inputs=3), seed=[0, 1])
        loader = DataLoader(train, batch_size, shuffle=True, seed=[0, 2])
        curve = fit(model, loader, optim.SGD(model.parameters(), lr=0.3), REGRESSION_EPOCHS, True, progress=False)
        steps = f"{len(loader)} step{'s' if len(loader) > 1 else ''} per epoch"
        label = f"batch {batch_size} ({steps}{', the full batch' if batch_size == len(train) else ''})"
        ax.semilogy(range(1, len(curve) + 1), curve, label=label)
    ax.axhline(floor, color="k", ls="--", lw=1, label=f"closed-form least squares ({floor:.5f})")
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean training MSE (scaled income)")
    ax.set_title("linear regression of income, SGD lr 0.3 (cosine) — SYNTHETIC data", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return _png(fig)


def gradient_noise() -> bytes:
    """Chapter 10: how far a mini-batch gradient strays from the full gradient, by batch size."""
    from tensor_autograd import Tensor, functional
    from tensor_autograd.data import DataLoader
    from tensor_autograd.training.models import Architecture, build_model

    train = _regression_data().train
    model = build_model(Architecture("linear", inputs=3), seed=[0, 1])

    def gradient(x, y):
        model.zero_grad()
        functional.mse_loss(model(Tensor(x)), Tensor(y)).backward()
        return np.concatenate([p.grad.ravel() for p in model.parameters()]).astype(np.float64)

    full = gradient(train.x, train.y)
    n = len(train)
    per_example = np.array([gradient(train.x[i : i + 1], train.y[i : i + 1]) for i in range(n)])
    sigma2 = np.mean(np.sum((per_example - full) ** 2, axis=1))
    sizes = np.array([1, 2, 4, 8, 16, 32, 64])
    measured = []
    for batch_size in sizes:
        loader = DataLoader(train, int(batch_size), shuffle=True, seed=int(batch_size), drop_last=True)
        draws = []
        while len(draws) < 200:
            draws.extend(gradient(x, y) for x, y in loader)
        measured.append(np.mean(np.sum((np.array(draws[:200]) - full) ** 2, axis=1)))
    b = np.geomspace(1, 64, 100)
    fig, ax = _figure(1, width=6.0, height=3.6)
    ax.loglog(b, sigma2 / b * (n - b) / (n - 1), "-", color="0.6", label="σ²/B · (N−B)/(N−1)")
    ax.loglog(sizes, measured, "o", label="measured, 200 batches each")
    ax.set_xlabel("batch size B")
    ax.set_ylabel("E‖g_B − g‖²")
    ax.set_title(f"mini-batch gradient noise at the initial weights (N = {n})", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return _png(fig)


def height_weight_models():
    """Chapter 11: logistic regression and an MLP predicting Gender from Height and Weight only.

    Returns the prepared data and ``{name: model}``. Chapter 11 trains the same two models:
    tests/tensor/test_figures.py checks that it shows every line between the two markers.
    """
    from tensor_autograd import optim
    from tensor_autograd.data import DataLoader, Task, load_gender_data, prepare_task
    from tensor_autograd.training.loop import fit
    from tensor_autograd.training.models import Architecture, build_model

    # -- Chapter 11's run --
    task = Task("classify", ("Height (cm)", "Weight (kg)"), "Gender", regression=False)
    people = load_gender_data("synthetic").frame
    flat = prepare_task(people, task, test_fraction=0.2, seed=0)

    line = build_model(Architecture("linear", inputs=2), seed=[0, 1])
    loader = DataLoader(flat.train, 16, shuffle=True, seed=[0, 2])
    sgd = optim.SGD(line.parameters(), lr=0.3)
    fit(line, loader, sgd, 200, regression=False, progress=False)

    curve = build_model(Architecture("mlp", inputs=2, hidden=(32, 32)), seed=[0, 1])
    loader = DataLoader(flat.train, len(flat.train), shuffle=True, seed=[0, 2])
    adam = optim.Adam(curve.parameters(), lr=0.1)
    fit(curve, loader, adam, 500, regression=False, progress=False)
    # -- end of Chapter 11's run --
    return flat, {"logistic regression": line, "MLP 2 → 32 → 32 → 1": curve}


def decision_boundary() -> bytes:
    """Chapter 11: where each model switches from female to male, over the height-weight plane.

    Each title gives the model's mean loss (binary cross-entropy) and accuracy on both splits: both
    models get every row right (heights separate the genders), and the chapter's point is how
    differently sure they are, above all in the empty band between the women and the men.
    """
    from tensor_autograd.training import metrics
    from tensor_autograd.training.loop import evaluate_loss, predict

    prepared, models = height_weight_models()
    scaler = prepared.x_scaler
    low, high = scaler.minimum - 3, scaler.maximum + 3
    heights, weights = np.meshgrid(np.linspace(low[0], high[0], 200), np.linspace(low[1], high[1], 200))
    grid = np.column_stack([heights.ravel(), weights.ravel()])
    fig, axes = _figure(2, width=10.0, height=4.0)
    for ax, (name, model) in zip(axes, models.items()):
        logits = predict(model, scaler.transform(grid).astype(np.float32)).reshape(heights.shape)
        probability = 1 / (1 + np.exp(-logits.astype(np.float64)))
        ax.contourf(heights, weights, probability, levels=np.linspace(0, 1, 11), cmap="coolwarm", alpha=0.35)
        ax.contour(heights, weights, probability, levels=[0.5], colors="k", linewidths=1.5)
        for split, filled in ((prepared.train, True), (prepared.test, False)):
            cm_kg = scaler.inverse_transform(split.x.astype(np.float64))
            for label, colour, marker in ((0, "tab:blue", "o"), (1, "tab:red", "^")):
                rows = split.y[:, 0] == label
                ax.scatter(cm_kg[rows, 0], cm_kg[rows, 1], s=18, marker=marker, linewidths=1,
                           facecolors=colour if filled else "none", edgecolors=colour)
        splits = (prepared.train, prepared.test)
        loss = [evaluate_loss(model, split.x, split.y, False) for split in splits]
        accuracy = [metrics.accuracy(split.y, predict(model, split.x) >= 0) for split in splits]
        ax.set_title(
            f"{name}\nloss: train {loss[0]:.2g}, test {loss[1]:.2g}"
            f"  ·  accuracy: train {accuracy[0]:.0%}, test {accuracy[1]:.0%}",
            fontsize=10,
        )
        ax.set_xlabel("Height (cm)")
    axes[0].set_ylabel("Weight (kg)")
    axes[0].scatter([], [], marker="o", color="tab:blue", label="female")
    axes[0].scatter([], [], marker="^", color="tab:red", label="male")
    axes[0].scatter([], [], marker="o", facecolors="none", edgecolors="0.3", label="test row (hollow)")
    axes[0].legend(fontsize=8, loc="upper left")
    fig.suptitle("P(male) and the 0.5 boundary — SYNTHETIC data", fontsize=10)
    fig.tight_layout()
    return _png(fig)


FIGURES.update(
    {
        "regression-loss-curves.png": regression_loss_curves,
        "gradient-noise.png": gradient_noise,
        "decision-boundary.png": decision_boundary,
    }
)


# Chapter 10 runs the two commands with these arguments; tests/tensor/test_figures.py checks that
# the chapter spells them the same way, so the output shown is the output of the chapter's run.
REGRESSION_TRAIN_OPTIONS = ["--source", "synthetic", "--epochs", "50", "--quiet"]
REGRESSION_PERSON = ["--gender", "female", "--age", "30", "--height", "165"]


def _cli_transcript(runs) -> str:
    """What the commands `runs` ((name, module, args), in order, in one scratch folder)
    print, as a Markdown block of a terminal session; a command that fails stops the build."""
    import contextlib
    import os
    import tempfile

    shown = []
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        try:
            for name, command, args in runs:
                out = io.StringIO()
                with contextlib.redirect_stderr(out):
                    status = command.main(args, out=out)
                if status != 0:
                    raise RuntimeError(f"{name} {args} exited with {status}:\n{out.getvalue()}")
                shown.append(f"$ python -m tensor_autograd.{name} {' '.join(args)}")
                shown.append(out.getvalue().rstrip())
        finally:
            os.chdir(here)
    return "```text\n" + "\n".join(shown) + "\n```\n"


def regression_cli() -> str:
    """Chapter 10: what `train --save` and then `predict` print, run in a scratch folder."""
    from tensor_autograd.cli import predict, train

    runs = [
        ("train", train, [*REGRESSION_TRAIN_OPTIONS, "--save", "income.npz"]),
        ("predict", predict, ["--model", "income.npz", *REGRESSION_PERSON]),
    ]
    return _cli_transcript(runs)


FIGURES["regression-cli.md"] = regression_cli


# -- Chapters 12 and 13: MNIST-1D ------------------------------------------------------
# The chapters train these same runs (default `Settings`, the data's own seed), so what
# they print and assert is what these pictures show. Each run is trained once per build.
@functools.cache
def mnist1d_run(kind: str, steps: int = 6000):
    """Chapter 12's (and 13's) run of the model `kind`."""
    from tensor_autograd.training.classification import Settings, train_mnist1d

    return train_mnist1d(kind, Settings(steps=steps))


def _mnist1d():
    from tensor_autograd.data import load_mnist1d

    return load_mnist1d()


def _templates() -> np.ndarray:
    """The ten digit templates MNIST-1D's signals are made from (10, 12)."""
    from tensor_autograd.data.mnist1d import _import_mnist1d_data

    return _import_mnist1d_data().get_templates()["x"]


def _grid(rows: int, cols: int, width: float, height: float, **options):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(rows, cols, figsize=(width, height), squeeze=False, **options)


def mnist1d_signals() -> bytes:
    """Chapter 12: each class's template, and three of its training signals."""
    data, templates = _mnist1d(), _templates()
    fig, axes = _grid(2, 10, 11.0, 3.4, sharey="row")
    for digit in range(10):
        top, bottom = axes[0, digit], axes[1, digit]
        top.plot(templates[digit], color="k", lw=2)
        top.set_title(f"{digit}", fontsize=11)
        for index in np.flatnonzero(data.y_train == digit)[:3]:
            bottom.plot(data.x_train[index], lw=1)
        for ax in (top, bottom):
            ax.set_xticks([])
            ax.set_yticks([])
    axes[0, 0].set_ylabel("template", fontsize=9)
    axes[1, 0].set_ylabel("3 signals\n(40 samples)", fontsize=9)
    fig.tight_layout()
    return _png(fig)


def mnist1d_curves() -> bytes:
    """Chapter 12: training and validation accuracy and loss of the linear model and the
    MLP, with the kept (best) evaluation marked."""
    fig, axes = _figure(2, width=10.0, height=3.8)
    accuracy_ax, loss_ax = axes
    colours = {"linear": "tab:blue", "mlp": "tab:red"}
    for kind, colour in colours.items():
        h = mnist1d_run(kind).history
        name = "linear" if kind == "linear" else "MLP"
        accuracy_ax.plot(h.step, h.train_accuracy, "--", color=colour,
                         label=f"{name}, training")
        accuracy_ax.plot(h.step, h.val_accuracy, "-", color=colour,
                         label=f"{name}, validation")
        accuracy_ax.plot(h.best_step, h.best_val_accuracy, "o", color=colour, ms=8,
                         mfc="none")
        loss_ax.semilogy(h.step, h.train_loss, "--", color=colour)
        loss_ax.semilogy(h.step, h.val_loss, "-", color=colour)
    accuracy_ax.set_xlabel("step")
    accuracy_ax.set_ylabel("accuracy")
    accuracy_ax.set_title("accuracy (o: the weights kept)", fontsize=10)
    accuracy_ax.legend(fontsize=8)
    loss_ax.set_xlabel("step")
    loss_ax.set_ylabel("cross-entropy (log scale)")
    loss_ax.set_title("loss: dashed training, solid validation", fontsize=10)
    fig.tight_layout()
    return _png(fig)


def mnist1d_mistakes() -> bytes:
    """Chapter 12: test signals the MLP gets wrong (top), and the templates of their
    true class and of the class the MLP said (below)."""
    from tensor_autograd.training.classification import classify

    data, run, templates = _mnist1d(), mnist1d_run("mlp"), _templates()
    predicted = classify(run.model, data.x_test)
    wrong = np.flatnonzero(predicted != data.y_test)[:7]
    fig, axes = _grid(2, len(wrong), 11.0, 3.6, sharey="row",
                      gridspec_kw={"height_ratios": (3, 2)})
    for column, index in enumerate(wrong):
        true, said = int(data.y_test[index]), int(predicted[index])
        top, bottom = axes[0, column], axes[1, column]
        top.plot(data.x_test[index], color="k", lw=1.2)
        top.set_title(f"test signal {index}\ntrue {true}, said {said}", fontsize=9)
        bottom.plot(templates[true], color="tab:green", lw=2, label="true class")
        bottom.plot(templates[said], color="tab:red", lw=2, ls="--", label="said")
        for ax in (top, bottom):
            ax.set_xticks([])
            ax.set_yticks([])
    axes[1, 0].set_ylabel("templates", fontsize=9)
    # Below the panels, not in one: the templates fill their axes, a legend would hide one.
    handles, labels = axes[1, 0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=9, loc="lower center", ncol=2, frameon=False)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return _png(fig)


FIGURES.update(
    {
        "mnist1d-signals.png": mnist1d_signals,
        "mnist1d-curves.png": mnist1d_curves,
        "mnist1d-mistakes.png": mnist1d_mistakes,
    }
)


#: Chapter 13 trains the CNN for this many steps (the command line's full run: 6,000).
CNN_CHAPTER_STEPS = 2000
#: The shifts of chapter 13's tables, in samples.
SHIFTS = (-8, -6, -4, -2, 0, 2, 4, 6, 8)


def _shift(x: np.ndarray, k: int) -> np.ndarray:
    """Chapter 13's `shift`: the signals moved k samples, the edge sample repeated."""
    padded = np.pad(x, [(0, 0), (abs(k), abs(k))], mode="edge")
    return padded[:, abs(k) - k : abs(k) - k + x.shape[1]]


def mnist1d_shifted() -> bytes:
    """Chapter 13: test signal 0 shifted, with what the MLP and the CNN say; and both
    models' accuracy on the whole test set shifted."""
    from tensor_autograd.training.classification import classify

    data = _mnist1d()
    models = {"MLP": mnist1d_run("mlp").model,
              "CNN": mnist1d_run("cnn", CNN_CHAPTER_STEPS).model}
    fig = _grid(1, 1, 11.0, 4.0)[0]
    fig.clf()
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": (3, 2)})
    signal, label = data.x_test[:1], int(data.y_test[0])
    for row, k in enumerate(range(-4, 5, 2)):
        moved = _shift(signal, k)[0]
        offset = -3.5 * row
        left.plot(moved + offset, color="k", lw=1)
        said = {name: int(classify(model, moved[None])[0]) for name, model in models.items()}
        marks = "   ".join(f"{name} {digit}{'' if digit == label else ' ✗'}"
                           for name, digit in said.items())
        left.text(40.5, offset, f"shift {k:+d}:  {marks}", va="center", fontsize=9)
    left.set_xlim(-1, 62)
    left.set_yticks([])
    left.set_xlabel("sample")
    left.set_title(f"test signal 0 (a {label}), shifted", fontsize=10)
    for (name, model), colour in zip(models.items(), ("tab:red", "tab:green")):
        accuracy = [np.mean(classify(model, _shift(data.x_test, k)) == data.y_test)
                    for k in SHIFTS]
        right.plot(SHIFTS, accuracy, "o-", color=colour, label=name)
    right.set_ylim(0, 1)
    right.set_xlabel("shift (samples)")
    right.set_ylabel("test accuracy")
    right.set_title("the whole test set, shifted", fontsize=10)
    right.legend(fontsize=9)
    fig.tight_layout()
    return _png(fig)


def cnn_filters() -> bytes:
    """Chapter 13: the five weights of each of the first layer's 25 filters."""
    run = mnist1d_run("cnn", CNN_CHAPTER_STEPS)
    filters = run.model[1].weight.data[:, 0, :]
    fig, axes = _grid(3, 9, 11.0, 3.6, sharey=True)
    for i, ax in enumerate(axes.ravel()):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= len(filters):
            ax.set_axis_off()
            continue
        ax.axhline(0, color="0.8", lw=0.8)
        ax.bar(range(5), filters[i], color=np.where(filters[i] >= 0, "tab:blue", "tab:red"))
        ax.set_title(f"{i}", fontsize=8)
    fig.suptitle("the CNN's first layer: 25 filters of 5 weights (blue +, red −)", fontsize=10)
    fig.tight_layout()
    return _png(fig)


#: What the command line's three runs on MNIST-1D printed, with the machine and date;
#: written by `results/record_mnist1d.py`.
MNIST1D_RESULTS = Path(__file__).resolve().parent / "results" / "mnist1d.json"


def mnist1d_table() -> str:
    """Chapter 13: the three models side by side with the paper's accuracies, as the
    command line measured them (from ``results/mnist1d.json``)."""
    import json

    from tensor_autograd.training.classification import PAPER_ACCURACY

    record = json.loads(MNIST1D_RESULTS.read_text(encoding="utf-8"))
    lines = [
        "| model | parameters | test accuracy, this book | the paper | "
        "steps (best kept) | time, whole command (CPU) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in record["runs"]:
        kind = run["model"]
        lines.append(
            f"| {kind} | {run['parameters']:,} | **{run['test_accuracy']:.1%}** | "
            f"{PAPER_ACCURACY[kind]:.0%} | {run['steps']:,} ({run['best_step']:,}) | "
            f"{run['wall_seconds']:.1f} s ({run['cpu_seconds']:.1f} s) |"
        )
    machine = record["machine"]
    lines.append("")
    lines.append(
        f"*Measured {record['date'][:10]} on {machine['cpu']} ({machine['cores']} cores, "
        f"shared), Python {machine['python']}, NumPy {machine['numpy']}: "
        f"`{record['command']}`, default settings and seed. The times are the whole "
        f"command's, in a fresh process: elapsed, and CPU in brackets, Python's start, the "
        f"imports and the data's loading included; chapter 12 times the training alone, in "
        f"a process already running, so its CPU seconds are smaller.*"
    )
    return "\n".join(lines) + "\n"


FIGURES.update(
    {
        "mnist1d-shifted.png": mnist1d_shifted,
        "cnn-filters.png": cnn_filters,
        "mnist1d-table.md": mnist1d_table,
    }
)


# Chapter 12 shows these two commands and what they print, run at build time.
MNIST1D_TRAIN_OPTIONS = ["--dataset", "mnist1d", "--model", "mlp", "--quiet"]
MNIST1D_PREDICT_OPTIONS = ["--test-index", "0"]


def mnist1d_cli() -> str:
    """Chapter 12: `train --dataset mnist1d --save` and `predict --test-index`, run in a
    scratch folder."""
    from tensor_autograd.cli import predict, train

    runs = [
        ("train", train, [*MNIST1D_TRAIN_OPTIONS, "--save", "mlp.npz"]),
        ("predict", predict, ["--model", "mlp.npz", *MNIST1D_PREDICT_OPTIONS]),
    ]
    return _cli_transcript(runs)


FIGURES["mnist1d-cli.md"] = mnist1d_cli
