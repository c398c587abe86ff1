"""Matrix multiplication, 1-D, 2-D and batched, with the same rules as `np.matmul`.

For C = A @ B with A (n, k) and B (k, m), the gradient has to have A's shape (n, k), and
the only way to get that from g (n, m) and B (k, m) is g @ Bᵀ; likewise B's is Aᵀ @ g,
shape (k, m). With leading batch axes the same holds matrix by matrix, and a batch axis
that was broadcast is summed back by the engine, as for any op. A 1-D operand is a
matrix with one row (on the left) or one column (on the right) whose extra axis is then
dropped, so its backward reinserts that axis.
"""

from __future__ import annotations

import numpy as np

from . import elementwise, reductions
from .tensor import Tensor, constant, data_of, lift, make_node


def _matmul_error(a: Tensor, b: Tensor) -> ValueError:
    if a.ndim == 0 or b.ndim == 0:
        why = "matmul needs at least 1-D operands (use * to multiply by a scalar)"
    elif a.shape[-1] != b.shape[-2 if b.ndim > 1 else 0]:
        why = (
            f"the inner sizes differ: {a.shape[-1]} (last axis of the left) vs "
            f"{b.shape[-2 if b.ndim > 1 else 0]}"
        )
    else:
        why = f"the batch axes {a.shape[:-2]} and {b.shape[:-2]} do not broadcast"
    return ValueError(f"matmul: cannot multiply shapes {a.shape} and {b.shape}: {why}")


def _check_same_dtype(op: str, a: Tensor, b: Tensor) -> None:
    """Matrix products take one dtype, as in PyTorch: a silent float64 product of
    float32 weights would double the cost of every step after it."""
    if a.data.dtype != b.data.dtype:
        raise TypeError(
            f"{op}: the operands have dtypes {a.dtype} and {b.dtype}; a matrix product "
            "needs one dtype: convert one of them first, e.g. with "
            f".astype(np.{a.dtype}) "
            f"or .astype(np.{b.dtype})"
        )


def _swap_last_two(t):
    axes = tuple(range(t.ndim - 2)) + (t.ndim - 1, t.ndim - 2)
    return t.transpose(axes)


def matmul(a, b) -> Tensor:
    """`a @ b`, like `np.matmul`.

    >>> a = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> (a @ Tensor([1.0, 1.0])).sum().backward()
    >>> a.grad
    array([[1., 1.],
           [1., 1.]])
    """
    a = a if isinstance(a, Tensor) else lift(a, b)
    b = b if isinstance(b, Tensor) else lift(b, a)
    _check_same_dtype("matmul", a, b)
    try:
        data = np.matmul(a.data, b.data)
    except ValueError:
        raise _matmul_error(a, b) from None
    # A gradient costs a matrix product: skip the one an input without requires_grad
    # needs.
    needs = (a.requires_grad, b.requires_grad)
    return make_node(data, (a, b), matmul_backward, {"needs": needs})


def matmul_backward(g, out, a, b, *, needs):
    if a.ndim == 2 and b.ndim == 2:  # the common case, with nothing to reshape
        return (g @ b.T if needs[0] else None, a.T @ g if needs[1] else None)
    # View 1-D operands as matrices, and give g the axis the product dropped for them.
    a2 = a if a.ndim > 1 else a.reshape(1, -1)
    b2 = b if b.ndim > 1 else b.reshape(-1, 1)
    if a.ndim == 1:
        g = g.reshape(g.shape[:-1] + (1,) + g.shape[-1:])
    if b.ndim == 1:
        g = g.reshape(g.shape + (1,))
    grad_a = g @ _swap_last_two(b2) if needs[0] else None
    grad_b = _swap_last_two(a2) @ g if needs[1] else None
    if grad_b is not None and b.ndim == 1:  # (..., k, 1): drop the column axis
        grad_b = grad_b.reshape(grad_b.shape[:-1])
    # Batch axes that were broadcast (and a 1-D a's row axis) the engine sums away.
    return grad_a, grad_b


matmul_backward.reads = {0: (1,), 1: (0,)}


def linear(x, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """`x @ weight.T + bias` as one op, like PyTorch's `F.linear`: what `nn.Linear`
    computes.

    `x` has shape (..., in), `weight` (out, in) and `bias` (out,). The result equals
    `matmul(x, weight.T) + bias`; as one op, its backward computes each gradient
    directly in its input's shape and memory layout, as hand-written NumPy would: dW =
    gᵀ @ x comes out (out, in) and contiguous (the unfused version hands the optimizer a
    transposed view of xᵀ @ g, which is slower to update), and db is g summed over the
    rows.

    >>> x = Tensor([[1.0, 2.0]])
    >>> w = Tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], requires_grad=True)
    >>> linear(x, w, Tensor([0.0, 0.0, 10.0]))
    Tensor([[ 1.,  2., 13.]], requires_grad=True)
    """
    x = x if isinstance(x, Tensor) else lift(x, weight)
    x_data, w_data = x.data, weight.data
    if x_data.ndim == 0 or w_data.ndim != 2 or x_data.shape[-1] != w_data.shape[1]:
        raise ValueError(
            f"linear: input of shape {x.shape} does not fit a weight of shape "
            f"{weight.shape}: "
            "the input's last axis must have the weight's in_features = "
            f"{weight.shape[-1]} "
            "entries"
        )
    if x_data.dtype != w_data.dtype:
        _check_same_dtype("linear", x, weight)  # raises, saying what to do
    data = x_data @ w_data.T
    if bias is None:
        needs = (x.requires_grad, weight.requires_grad)
        return make_node(data, (x, weight), linear_backward, {"needs": needs})
    if bias.data.shape != (w_data.shape[0],):
        raise ValueError(
            f"linear: bias of shape {bias.shape} does not fit a weight of shape "
            f"{weight.shape}"
        )
    if bias.data.dtype == data.dtype:
        data += bias.data  # in place: the product is a fresh array of our own
    else:  # the dtype rule of `x @ weight.T + bias` (elementwise.operands): the wider
        data = data + bias.data
    needs = (x.requires_grad, weight.requires_grad, bias.requires_grad)
    return make_node(data, (x, weight, bias), linear_backward, {"needs": needs})


def linear_backward(g, out, x, weight, bias=None, *, needs):
    if g.dtype != weight.dtype:  # a bias of a wider dtype widened the output (and so g)
        g = g.astype(weight.dtype)
    # Every leading axis of x is a batch of rows: view x and g as matrices with one row
    # each.
    x_rows = x if x.ndim == 2 else x.reshape(-1, weight.shape[1])
    g_rows = g if g.ndim == 2 else g.reshape(-1, weight.shape[0])
    return (
        g @ weight if needs[0] else None,
        g_rows.T @ x_rows if needs[1] else None,
        g_rows.sum(axis=0) if bias is not None and needs[2] else None,
    )


def _parse_einsum(equation: str, count: int) -> tuple[list[str], str]:
    """The subscripts of each operand and of the output ('...' kept as it is)."""
    equation = equation.replace(" ", "")
    inputs, arrow, output = equation.partition("->")
    subscripts = inputs.split(",")
    if len(subscripts) != count:
        raise ValueError(
            f"einsum: equation {equation!r} names {len(subscripts)} operands, "
            f"got {count}"
        )
    for s in subscripts:
        letters = s.replace("...", "")
        if len(set(letters)) != len(letters):
            raise ValueError(
                f"einsum: subscript {s!r} repeats a letter (a diagonal or trace); this "
                "einsum does not differentiate that: take it with indexing instead"
            )
    if not arrow:  # implicit output: the letters used once, in alphabetical order
        letters = "".join(subscripts).replace("...", "")
        once = sorted(c for c in set(letters) if letters.count(c) == 1)
        output = ("..." if "..." in inputs else "") + "".join(once)
    return subscripts, output


def einsum(equation: str, *operands) -> Tensor:
    """Einstein summation, as `torch.einsum`: `einsum("ij,jk->ik", a, b)` is `a @ b`.

    The gradient for an operand is itself an einsum: the output's gradient contracted
    with the *other* operands, back to that operand's subscripts. A letter that appears
    only in that operand was summed over, so its gradient is broadcast along it (an
    einsum with a vector of ones). Any number of operands and '...' work; a letter
    repeated within one operand (a diagonal, 'ii->i') is refused.

    >>> a = Tensor([[1.0, 2.0]], requires_grad=True)
    >>> einsum("ij,j->i", a, Tensor([3.0, 4.0]))
    Tensor([11.], requires_grad=True)
    """
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not operands or not all(isinstance(t, Tensor) for t in operands):
        raise TypeError("einsum: the operands must be Tensors (at least one)")
    subscripts, output = _parse_einsum(equation, len(operands))
    equation = ",".join(subscripts) + "->" + output
    try:
        data = np.einsum(equation, *[t.data for t in operands])
    except ValueError as error:
        shapes = ", ".join(str(t.shape) for t in operands)
        raise ValueError(f"einsum {equation!r} on shapes {shapes}: {error}") from None
    ctx = {"subscripts": tuple(subscripts), "output": output}
    return make_node(data, tuple(operands), einsum_backward, ctx)


def einsum_backward(g, out, *operands, subscripts, output):
    grads = []
    for k, (x, mine) in enumerate(zip(operands, subscripts)):
        others = [s for i, s in enumerate(subscripts) if i != k]
        seen = output + "".join(others)
        summed = [c for c in mine.replace("...", "") if c not in seen]
        # One ones-vector per letter only `x` had: it broadcasts the gradient along it.
        ones = [
            np.ones(x.shape[_position(mine, c, x.ndim)], dtype=x.dtype) for c in summed
        ]
        terms = [g, *(o for i, o in enumerate(operands) if i != k), *ones]
        equation = ",".join([output, *others, *summed]) + "->" + mine
        grads.append(_einsum(equation, terms))
    return tuple(grads)


def _position(subscript: str, letter: str, ndim: int) -> int:
    """The axis of `letter` in an operand of `ndim` axes with this subscript."""
    before, dots, after = subscript.partition("...")
    if letter in before:
        return before.index(letter)
    return ndim - len(after) + after.index(letter)


def _einsum(equation: str, terms):
    """`einsum` of Tensors (an op) if any term is one, else NumPy's."""
    if any(isinstance(t, Tensor) for t in terms):
        terms = [t if isinstance(t, Tensor) else constant(t) for t in terms]
        return einsum(equation, *terms)
    return np.einsum(equation, *terms)


def norm(x: Tensor, p=2, dim=None, keepdim: bool = False) -> Tensor:
    """The p-norm (Σ|x|ᵖ)^(1/p) over `dim` (None: all elements), as `torch.norm`.

    p = 2 (also spelled 'fro') is one op: its gradient x / ‖x‖ is taken as 0 where the
    norm is 0, as PyTorch does (the norm has no gradient there, only a subgradient).
    Other p (1, inf, -inf or any number) are composed from `abs`, `max`/`min`, powers
    and `sum`.

    >>> norm(Tensor([3.0, 4.0]))
    Tensor(5.)
    """
    dim = reductions._axis(dim)
    if p in (2, "fro"):
        data = np.sqrt((x.data * x.data).sum(axis=dim, keepdims=keepdim))
        return make_node(data, (x,), norm_backward, {"dim": dim, "keepdim": keepdim})
    magnitude = elementwise.abs(x)
    if p == np.inf:
        return reductions.max(magnitude, dim, keepdim)
    if p == -np.inf:
        return reductions.min(magnitude, dim, keepdim)
    if p == 1:
        return reductions.sum(magnitude, dim, keepdim)
    if not isinstance(p, (int, float)) or p <= 0:
        raise ValueError(
            f"norm: p must be a positive number, inf, -inf or 'fro', got {p!r}"
        )
    return reductions.sum(magnitude**p, dim, keepdim) ** (1 / p)


def norm_backward(g, out, x, *, dim, keepdim):
    out = reductions._with_kept_axes(out, x.shape, dim, keepdim)
    g = reductions._with_kept_axes(g, x.shape, dim, keepdim)
    zero = data_of(out) == 0
    safe = elementwise._where(zero, 1.0, out)  # 0/0 where the norm is 0: use 0 there
    return (elementwise._where(zero, 0.0, g * x / safe),)
