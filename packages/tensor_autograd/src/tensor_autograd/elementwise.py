"""Elementwise ops, each forward next to its backward.

A backward rule receives the gradient `g` flowing into the op's output, the output `out`
and the op's inputs, and returns one gradient per input (None for one it skips). The
engine calls it with NumPy arrays in a plain `backward()`, where it costs what NumPy
costs, and with Tensors under `grad(..., create_graph=True)`, where the same rule
records a graph of its own: that is what makes second derivatives work. So a rule is
written with what arrays and Tensors share: the operators, `.T`, `.reshape`, `.sum(axis,
keepdims)`, plus a small helper where it needs more (`_where`, `_log`). A gradient may
have the broadcast shape of the output: the engine sums it down to its input's shape
(`broadcast.unbroadcast`). A rule's `reads` attribute names what it reads of its
inputs (positions) and output ("out"): what the engine checks was not changed in place
since (`inplace.check_saved`).
"""

from __future__ import annotations

import numpy as np

from .tensor import Tensor, data_of, lift, make_node


def operands(a, b) -> tuple[Tensor, Tensor]:
    """Both operands as tensors by PyTorch's dtype rule: for every op of two inputs.

    A plain number or 0-d array takes the other side's dtype (`lift`). Between tensors
    of two float dtypes, one with dimensions decides over a 0-d one, so a float64 scalar
    tensor does not turn a float32 batch into float64; two alike in that (both 0-d, or
    both with dimensions) give the wider dtype, as in NumPy. The converted operand goes
    through `astype`, an op like any other, so its gradient comes back in its own dtype.

    >>> operands(Tensor(2.0), Tensor([1.0], dtype=np.float32))[0].dtype
    dtype('float32')
    """
    if not isinstance(a, Tensor):
        a = lift(a, b) if isinstance(b, Tensor) else Tensor(a)
    if not isinstance(b, Tensor):
        b = lift(b, a)
    if a.data.dtype != b.data.dtype:
        if a.data.ndim and not b.data.ndim:
            b = astype(b, a.data.dtype)
        elif b.data.ndim and not a.data.ndim:
            a = astype(a, b.data.dtype)
    return a, b


def _broadcasting(ufunc, a: Tensor, b: Tensor) -> np.ndarray:
    """`ufunc(a, b)`, broadcasting; an error naming both shapes if it fails."""
    try:
        return ufunc(a.data, b.data)
    except ValueError:
        raise ValueError(
            f"{ufunc.__name__}: shapes {a.shape} and {b.shape} do not broadcast "
            "(compare from the right: each pair of sizes must be equal or contain a 1)"
        ) from None


def _where(condition, x, y):
    """`where` for arrays and Tensors alike: what a rule uses to pick."""
    if isinstance(x, Tensor) or isinstance(y, Tensor):
        return where(condition, x, y)
    return np.where(condition, x, y)


def _log(x):
    """`log` for arrays and Tensors alike."""
    return x.log() if isinstance(x, Tensor) else np.log(x)


def _exp(x):
    """`exp` for arrays and Tensors alike."""
    return x.exp() if isinstance(x, Tensor) else np.exp(x)


def _tanh(x):
    """`tanh` for arrays and Tensors alike."""
    return x.tanh() if isinstance(x, Tensor) else np.tanh(x)


def _sigmoid_of(x):
    """`sigmoid` for arrays and Tensors alike."""
    return sigmoid(x) if isinstance(x, Tensor) else _sigmoid(x)


def add(a, b) -> Tensor:
    """`a + b`, broadcasting. d(a+b)/da = 1, so each input gets `g` as it is.

    >>> add(Tensor([[1.0], [2.0]]), Tensor([10.0, 20.0]))
    Tensor([[11., 21.],
            [12., 22.]])
    """
    a, b = operands(a, b)
    return make_node(_broadcasting(np.add, a, b), (a, b), add_backward)


def add_backward(g, out, a, b):
    return g, g  # each in the output's shape: the engine sums each to its input's


add_backward.reads = ()


def sub(a, b) -> Tensor:
    """`a - b`, broadcasting.

    >>> sub(5, Tensor([1.0, 2.0]))
    Tensor([4., 3.])
    """
    a, b = operands(a, b)
    return make_node(_broadcasting(np.subtract, a, b), (a, b), sub_backward)


def sub_backward(g, out, a, b):
    return g, -g


sub_backward.reads = ()


def mul(a, b) -> Tensor:
    """`a * b`, broadcasting. d(ab)/da = b and d(ab)/db = a.

    >>> mul(Tensor([1.0, 2.0]), 3)
    Tensor([3., 6.])
    """
    a, b = operands(a, b)
    return make_node(_broadcasting(np.multiply, a, b), (a, b), mul_backward)


def mul_backward(g, out, a, b):
    return g * b, g * a


mul_backward.reads = {0: (1,), 1: (0,)}  # a for b's gradient, b for a's


def div(a, b) -> Tensor:
    """`a / b`, broadcasting. d(a/b)/da = 1/b and d(a/b)/db = -a/b² = -(a/b)/b.

    >>> div(1, Tensor([2.0, 4.0]))
    Tensor([0.5 , 0.25])
    """
    a, b = operands(a, b)
    return make_node(_broadcasting(np.divide, a, b), (a, b), div_backward)


def div_backward(g, out, a, b):
    g_over_b = g / b
    return g_over_b, -g_over_b * out


div_backward.reads = {"out": (1,), 1: (0, 1)}


def power(a, b) -> Tensor:
    """`a ** b`, broadcasting; the exponent may be a number or a tensor.

    A number exponent, by far the commonest (`x ** 2`), is an op of one input whose rule
    is b·aᵇ⁻¹; b = 0 gives 0 (a⁰ = 1 is flat), even at a = 0 where the formula would say
    0·0⁻¹ = nan. A tensor exponent is an op of two inputs, `power_tensors`.

    >>> power(Tensor([2.0, 3.0]), 2)
    Tensor([4., 9.])
    """
    if isinstance(b, (int, float, np.integer, np.floating)) and isinstance(a, Tensor):
        exponent = float(b)  # a Python float: NumPy keeps a's dtype
        data = np.power(a.data, exponent)
        return make_node(data, (a,), power_backward, {"b": exponent})
    return power_tensors(a, b)


def power_backward(g, out, a, *, b):
    if b == 0:  # zeros, still as a function of a: its derivative (0) is asked for too
        return (g * _where(True, 0.0, a),)
    return (g * b * a ** (b - 1),)


def power_tensors(a, b) -> Tensor:
    """`a ** b` with a tensor exponent. d(aᵇ)/db = aᵇ·log(a) exists (over the reals)
    only where a > 0; where a ≤ 0 we take it as 0, which PyTorch also does at a = 0.

    Only where a = b = 0 is the base swapped for 1 in b·aᵇ⁻¹ (0·1 = 0, not 0·0⁻¹ = nan):
    anywhere else it must stay the true function of a and b, or its own derivatives
    (second order) come out wrong.

    >>> power_tensors(Tensor([2.0, 3.0]), Tensor([3.0, 0.0]))
    Tensor([8., 1.])
    """
    a, b = operands(a, b)
    needs = (a.requires_grad, b.requires_grad)  # each gradient costs a power or a log
    return make_node(
        _broadcasting(np.power, a, b), (a, b), power_tensors_backward, {"needs": needs}
    )


def power_tensors_backward(g, out, a, b, *, needs):
    grad_a = grad_b = None
    if needs[0]:
        base = a
        zero_to_zero = (data_of(b) == 0) & (data_of(a) == 0)
        if zero_to_zero.any():
            base = _where(zero_to_zero, 1.0, a)
        grad_a = g * b * base ** (b - 1)
    if needs[1]:
        # log(1) = 0 where the base is not positive
        log_a = _log(_where(data_of(a) > 0, a, 1.0))
        grad_b = g * out * log_a
    return grad_a, grad_b


def neg(x: Tensor) -> Tensor:
    """`-x`.

    >>> neg(Tensor([1.0, -2.0]))
    Tensor([-1.,  2.])
    """
    return make_node(np.negative(x.data), (x,), neg_backward)


def neg_backward(g, out, x):
    return (-g,)


neg_backward.reads = ()


def exp(x: Tensor) -> Tensor:
    """`eˣ`, whose derivative is itself: the backward reuses the output.

    >>> exp(Tensor([0.0]))
    Tensor([1.])
    """
    return make_node(np.exp(x.data), (x,), exp_backward)


def exp_backward(g, out, x):
    return (g * out,)


exp_backward.reads = ("out",)


def log(x: Tensor) -> Tensor:
    """The natural logarithm; d(log x)/dx = 1/x.

    >>> log(Tensor([1.0]))
    Tensor([0.])
    """
    return make_node(np.log(x.data), (x,), log_backward)


def log_backward(g, out, x):
    return (g / x,)


log_backward.reads = (0,)


def abs(x: Tensor) -> Tensor:
    """`|x|`; its derivative is the sign of x, and 0 at 0 (as in PyTorch).

    >>> abs(Tensor([-2.0, 0.0, 3.0]))
    Tensor([2., 0., 3.])
    """
    return make_node(np.abs(x.data), (x,), abs_backward)


def abs_backward(g, out, x):
    return (g * np.sign(data_of(x)),)  # a constant: |x| is piecewise linear


abs_backward.reads = (0,)


def sqrt(x: Tensor) -> Tensor:
    """`√x`; d√x/dx = 1 / (2√x), from the output.

    >>> sqrt(Tensor([4.0, 9.0]))
    Tensor([2., 3.])
    """
    return make_node(np.sqrt(x.data), (x,), sqrt_backward)


def sqrt_backward(g, out, x):
    return (g / (2 * out),)


sqrt_backward.reads = ("out",)


def log1p(x: Tensor) -> Tensor:
    """`log(1 + x)`, accurate for tiny x (where 1 + x would round to 1); derivative 1/(1
    + x).

    >>> log1p(Tensor([1e-20])).item()
    1e-20
    """
    return make_node(np.log1p(x.data), (x,), log1p_backward)


def log1p_backward(g, out, x):
    return (g / (1 + x),)


log1p_backward.reads = (0,)


def tanh(x: Tensor) -> Tensor:
    """`tanh x`; its derivative 1 - tanh²x comes from the output.

    >>> tanh(Tensor([0.0]))
    Tensor([0.])
    """
    return make_node(np.tanh(x.data), (x,), tanh_backward)


def tanh_backward(g, out, x):
    return (g * (1 - out * out),)


tanh_backward.reads = ("out",)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # For very negative x, e⁻ˣ overflows to inf and 1/inf = 0 is the right answer.
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


def sigmoid(x: Tensor) -> Tensor:
    """`1 / (1 + e⁻ˣ)`; its derivative σ(1 - σ) comes from the output.

    For very negative x, e⁻ˣ overflows to inf and 1/inf = 0 is the right answer, so that
    overflow is expected and silenced.

    >>> sigmoid(Tensor([0.0, -1000.0]))
    Tensor([0.5, 0. ])
    """
    return make_node(_sigmoid(x.data), (x,), sigmoid_backward)


def sigmoid_backward(g, out, x):
    return (g * out * (1 - out),)


sigmoid_backward.reads = ("out",)


def relu(x: Tensor) -> Tensor:
    """`max(x, 0)`. Its derivative is 1 where x > 0, else 0 (also at 0, like PyTorch).

    >>> relu(Tensor([-1.0, 0.0, 2.0]))
    Tensor([0., 0., 2.])
    """
    return make_node(np.maximum(x.data, 0), (x,), relu_backward)


def relu_backward(g, out, x):
    return (g * (data_of(x) > 0),)  # a constant boolean mask: NumPy needs no cast


relu_backward.reads = (0,)


def where(condition, x, y) -> Tensor:
    """Pick `x` where `condition` is true, else `y` (broadcasting, like `np.where`).

    `condition` is a constant boolean array: gradients go to x where it holds, to y
    elsewhere.

    >>> where(np.array([True, False]), Tensor([1.0, 2.0]), 0.0)
    Tensor([1., 0.])
    """
    condition = np.asarray(data_of(condition), dtype=bool)
    x, y = operands(x, y)
    try:
        data = np.where(condition, x.data, y.data)
    except ValueError:
        raise ValueError(
            f"where: condition {condition.shape}, x {x.shape} and y {y.shape} do not "
            "broadcast"
        ) from None
    return make_node(data, (x, y), where_backward, {"condition": condition})


def where_backward(g, out, x, y, *, condition):
    return _where(condition, g, 0.0), _where(condition, 0.0, g)


where_backward.reads = ()


def astype(x: Tensor, dtype) -> Tensor:
    """`x` converted to another floating dtype; the gradient is converted back.

    Converting to the dtype `x` already has is still an op (a new node sharing `x`'s
    memory), so `no_grad` and `grad()` with respect to the result work as for any op.

    >>> astype(Tensor([1.0]), np.float32).dtype
    dtype('float32')
    """
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"astype: tensors hold floating dtypes, got {dtype}")
    return make_node(x.data.astype(dtype, copy=False), (x,), astype_backward)


def astype_backward(g, out, x):
    return (g.astype(x.dtype),)


astype_backward.reads = ()


def clone(x: Tensor) -> Tensor:
    """A copy of `x`'s values that stays in the graph (unlike `detach`): gradient `g` as
    is.

    >>> x = Tensor([1.0], requires_grad=True)
    >>> y = clone(x)
    >>> y.data is x.data, y.requires_grad
    (False, True)
    """
    return make_node(x.data.copy(), (x,), clone_backward)


def clone_backward(g, out, x):
    return (g,)


clone_backward.reads = ()
