"""Activations, losses, dropout and embeddings; losses written to stay finite for any
input.

`softmax` and `log_softmax` subtract the row's maximum before `exp` (the log-sum-exp
trick), so logits of 1000 do not overflow. The losses are fused ops with their own short
backward: for cross-entropy the gradient with respect to the logits is `softmax -
one_hot`, for the binary version `sigmoid - target`, and for the mean squared error `2 *
(pred - target) / N`.

More activations (`softplus`, `gelu`, `silu`, `leaky_relu`) live in `activations`, more
losses (`nll_loss`, `binary_cross_entropy`, `l1_loss`, `huber_loss`, and
`cross_entropy`'s options) in `losses`, `pad` in `pieces` and `one_hot` in `indexing`;
all are exported here under PyTorch's names.
"""

from __future__ import annotations

import numpy as np

from . import losses, random_state, reductions
from .activations import gelu, leaky_relu, silu, softplus  # noqa: F401
from .elementwise import _sigmoid, mul, relu, sigmoid, tanh, where  # noqa: F401
from .indexing import getitem, one_hot  # noqa: F401
from .linalg import linear  # noqa: F401  (F.linear, as in PyTorch)
from .losses import binary_cross_entropy, huber_loss, l1_loss, nll_loss  # noqa: F401
from .normalization import batch_norm, layer_norm  # noqa: F401  (F.layer_norm, ...)
from .pieces import pad  # noqa: F401
from .tensor import Tensor, constant, make_node


def _as_tensor(x) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _axis_or_dim(axis: int, dim: int | None) -> int:
    """PyTorch's `dim=` as an alias of `axis=` (default -1; not both)."""
    if dim is None:
        return axis
    if axis != -1:
        raise TypeError(f"give axis= or dim= (the same thing), not both: {axis}, {dim}")
    return dim


def _target_like(target, pred: Tensor) -> Tensor:
    """A loss's target, in the prediction's dtype so a float32 model keeps a float32
    loss."""
    if isinstance(target, Tensor):
        return (
            target
            if target.data.dtype == pred.data.dtype
            else target.astype(pred.dtype)
        )
    return constant(np.asarray(target, dtype=pred.dtype))


def log_softmax(x: Tensor, axis: int = -1, *, dim: int | None = None) -> Tensor:
    """log(softmax(x)) computed stably: z - log(sum(exp(z))) with z = x - max(x).

    Subtracting the maximum changes nothing mathematically (it cancels), but makes every
    exp(z) at most 1, so nothing overflows, and the sum is at least 1, so the log is
    finite. The maximum is taken from `x.data`: a constant shift needs no gradient of
    its own.

    >>> log_softmax(Tensor([1000.0, 1000.0])).exp()
    Tensor([0.5, 0.5])
    """
    x, axis = _as_tensor(x), _axis_or_dim(axis, dim)
    z = x - _max_of(x, axis, "log_softmax")
    return z - z.exp().sum(axis=axis, keepdims=True).log()


def _max_of(x: Tensor, axis, op: str) -> np.ndarray:
    """The maximum along `axis`, kept as a size-1 axis; a bad axis is named for `op`."""
    try:
        return x.data.max(axis=axis, keepdims=True)
    except np.exceptions.AxisError:
        raise reductions.dim_error(op, axis, x.shape) from None


def softmax(x: Tensor, axis: int = -1, *, dim: int | None = None) -> Tensor:
    """exp(x) / sum(exp(x)) along `axis`, with the maximum subtracted first (see
    `log_softmax`).

    >>> softmax(Tensor([[0.0, 0.0], [1000.0, 1000.0]]))
    Tensor([[0.5, 0.5],
            [0.5, 0.5]])
    """
    x, axis = _as_tensor(x), _axis_or_dim(axis, dim)
    e = (x - _max_of(x, axis, "softmax")).exp()
    return e / e.sum(axis=axis, keepdims=True)


def _needs_general_path(
    logits, targets, weight, ignore_index, reduction, smoothing
) -> bool:
    """Whether `cross_entropy` needs more than the fused (N, C) mean: see `losses`."""
    if logits.ndim != 2 or weight is not None or reduction != "mean" or smoothing:
        return True
    t = np.asarray(targets.data if isinstance(targets, Tensor) else targets)
    probabilities = t.dtype.kind == "f" and t.shape == logits.shape
    return probabilities or bool((t == ignore_index).any())


def _class_targets(targets, logits: Tensor) -> np.ndarray:
    """Integer class indices, one per row of `logits`, each in [0, number of
    classes)."""
    if logits.ndim != 2:
        raise ValueError(
            "cross_entropy: logits must have shape (batch, classes), got "
            f"{logits.shape}"
        )
    n, classes = logits.shape
    if n == 0 or classes == 0:
        raise ValueError(
            f"cross_entropy: logits of shape {logits.shape} hold no rows or no classes"
        )
    t = np.asarray(targets.data if isinstance(targets, Tensor) else targets)
    if t.dtype.kind == "f" and np.all(t == np.round(t)):
        t = t.astype(
            np.int64
        )  # whole numbers stored as floats (a Tensor always holds floats)
    if t.dtype.kind not in "iu":
        raise TypeError(
            f"cross_entropy: targets must be integer class indices, got dtype {t.dtype}"
        )
    if t.shape != (n,):
        raise ValueError(
            f"cross_entropy: targets must have shape ({n},), one class index per row "
            "of logits "
            f"{logits.shape}, got shape {t.shape}"
        )
    if t.min() < 0 or t.max() >= classes:
        bad = t[(t < 0) | (t >= classes)][0]
        raise ValueError(
            f"cross_entropy: target {bad} is out of range for {classes} classes "
            f"(0..{classes - 1})"
        )
    return t


def cross_entropy(
    logits: Tensor,
    targets,
    weight=None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """The mean over the batch of -log(softmax(logits)[i, targets[i]]).

    Args:
        logits: shape (batch, classes), unnormalised scores.
        targets: shape (batch,), the right class of each row, an integer in [0,
            classes).
        weight: per-class weights, as in PyTorch.
        ignore_index: a target value that adds nothing, as in PyTorch.
        reduction: "mean", "sum" or "none", as in PyTorch.
        label_smoothing: as in PyTorch. These four, and logits of shape
            (N, C, d₁, …) or (C,), take the general path,
            `losses.cross_entropy_general`.

    The gradient with respect to the logits is (softmax(logits) - one_hot(targets)) /
    batch: push up the right class, push down the others in proportion to their
    probability.

    >>> logits = Tensor([[2.0, 0.0], [0.0, 2.0]], requires_grad=True)
    >>> loss = cross_entropy(logits, np.array([0, 1]))
    >>> round(loss.item(), 4)
    0.1269
    """
    logits = _as_tensor(logits)
    options = (weight, ignore_index, reduction, label_smoothing)
    if _needs_general_path(logits, targets, *options):
        return losses.cross_entropy_general(logits, targets, *options)
    targets = _class_targets(targets, logits)
    rows = np.arange(len(targets))
    z = logits.data - logits.data.max(axis=1, keepdims=True)  # the log-sum-exp shift
    total = np.exp(z).sum(axis=1)
    # -log softmax(logits)[i, t] = log(sum_j exp(z_ij)) - z_it, averaged over the rows i
    loss = (np.log(total) - z[rows, targets]).mean()
    return make_node(loss, (logits,), cross_entropy_backward, {"targets": targets})


def cross_entropy_backward(g, out, logits, *, targets):
    one_hot = np.zeros(logits.shape, dtype=logits.dtype)
    one_hot[np.arange(len(targets)), targets] = 1
    return ((_softmax(logits) - one_hot) * (g / len(targets)),)


def _softmax(logits):
    """`softmax(logits, axis=1)` for a Tensor (an op, differentiable) or an array
    alike."""
    if isinstance(logits, Tensor):
        return softmax(logits, axis=1)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def mse_loss(pred: Tensor, target) -> Tensor:
    """The mean of (pred - target)², over every element.

    The shapes must match exactly: a prediction of shape (n, 1) against a target of
    shape (n,) would broadcast to (n, n) and silently compute the wrong loss.

    It is one fused op, like PyTorch's `MseLossBackward0`. ``((pred - target) **
    2).mean()`` gives the same value and gradients, but as three ops (subtract, square,
    mean), and every op costs microseconds of bookkeeping whatever the size of its
    arrays: for a small model, a large part of a training step. The gradient with
    respect to pred is 2·(pred - target)/N, and its negative with respect to target.

    >>> mse_loss(Tensor([1.0, 2.0]), Tensor([1.0, 4.0]))
    Tensor(2.)
    """
    pred = _as_tensor(pred)
    target = _target_like(target, pred)
    if pred.shape != target.shape:
        raise ValueError(
            f"mse_loss: pred has shape {pred.shape} but target has shape "
            f"{target.shape}; "
            "they must match (broadcasting them would compare every pred with every "
            "target)"
        )
    if pred.data.size == 0:
        raise ValueError(
            f"mse_loss: pred of shape {pred.shape} has no elements to average"
        )
    diff = pred.data - target.data
    loss = (
        np.vdot(diff, diff) / diff.size
    )  # the sum of the squares in one pass, then the mean
    return make_node(loss, (pred, target), mse_loss_backward, {"count": diff.size})


def mse_loss_backward(g, out, pred, target, *, count):
    grad_pred = (pred - target) * (g * (2 / count))
    return grad_pred, -grad_pred


def binary_cross_entropy_with_logits(logits: Tensor, target) -> Tensor:
    """Mean binary cross-entropy of sigmoid(logits) against targets in [0, 1], computed
    stably.

    -[y·log σ(x) + (1-y)·log(1-σ(x))] simplifies to max(x, 0) - x·y + log(1 + e^-|x|),
    where the exponent is never positive, so no overflow and no log(0), even for logits
    of ±1000. Its gradient with respect to x is σ(x) - y.

    >>> loss = binary_cross_entropy_with_logits(Tensor([1000.0, -1000.0]), [1.0, 0.0])
    >>> round(loss.item(), 6)
    0.0
    """
    logits = _as_tensor(logits)
    target = _target_like(target, logits)
    if logits.shape != target.shape:
        raise ValueError(
            f"binary_cross_entropy_with_logits: logits have shape {logits.shape} but "
            "target has "
            f"shape {target.shape}; they must match"
        )
    if logits.data.size == 0:
        raise ValueError(
            f"binary_cross_entropy_with_logits: logits of shape {logits.shape} have "
            "no elements to average"
        )
    x, y = logits.data, target.data
    losses = np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))
    return make_node(
        losses.mean(),
        (logits, target),
        binary_cross_entropy_with_logits_backward,
        {"count": x.size},
    )


def binary_cross_entropy_with_logits_backward(g, out, logits, target, *, count):
    scale = g / count
    probs = sigmoid(logits) if isinstance(logits, Tensor) else _sigmoid(logits)
    return (probs - target) * scale, -logits * scale


def dropout(
    input: Tensor,
    p: float = 0.5,
    training: bool = True,
    inplace: bool = False,
    *,
    rng=None,
) -> Tensor:
    """Inverted dropout, as PyTorch's `F.dropout`: in training, zero each element with
    probability `p` and scale the survivors by 1/(1 - p), so the expected value of every
    element is unchanged and evaluation needs no rescaling; out of training (or with
    p = 0) return `input` itself.

    The mask comes from the package's generator (`random_state`), or from `rng` (a seed
    or a `numpy.random.Generator`; an addition to PyTorch's signature) if given. The
    gradient is the same mask times g: the op is `input * mask`.

    >>> y = dropout(Tensor(np.ones(8)), p=0.5, rng=0)
    >>> sorted(set(y.data.tolist()))  # each element either dropped or doubled
    [0.0, 2.0]
    """
    if not (isinstance(p, (int, float)) and 0 <= p <= 1) or isinstance(p, bool):
        raise ValueError(
            f"dropout probability has to be between 0 and 1, but got p={p!r}"
        )
    if inplace:
        raise ValueError(
            "dropout: inplace=True is not supported (tensors in a graph are not "
            "changed in place here)"
        )
    x = _as_tensor(input)
    if not training or p == 0:
        return x
    keep = random_state.generator(rng).random(x.shape) >= p
    scale = np.asarray(0.0 if p == 1 else 1 / (1 - p), dtype=x.dtype)
    return mul(x, keep * scale)  # a constant mask: an op like any other product


def _indices(input, num_embeddings: int) -> np.ndarray:
    """Integer row indices, each in [0, num_embeddings)."""
    t = np.asarray(input.data if isinstance(input, Tensor) else input)
    if t.dtype.kind == "f" and np.all(t == np.round(t)):
        t = t.astype(np.int64)  # whole numbers stored as floats (as a Tensor holds)
    if t.dtype.kind not in "iu":
        raise TypeError(
            f"embedding: input must hold integer indices, got dtype {t.dtype}"
        )
    if t.size and (t.min() < 0 or t.max() >= num_embeddings):
        bad = t[(t < 0) | (t >= num_embeddings)][0]
        raise IndexError(
            f"embedding: index {bad} is out of range for {num_embeddings} embeddings "
            f"(0..{num_embeddings - 1})"
        )
    return t


def embedding(input, weight: Tensor, padding_idx: int | None = None) -> Tensor:
    """Rows of `weight` picked by the integer indices `input`, as PyTorch's
    `F.embedding`: the output has shape input.shape + (embedding_dim,).

    It is `weight[input]`, so its backward is indexing's: a scatter-add of g's rows into
    a zero matrix, where an index used twice gets both rows added. Rows picked at
    `padding_idx` take no gradient. (PyTorch's max_norm and sparse options are not
    here.)

    >>> w = Tensor([[0.0, 1.0], [2.0, 3.0]], requires_grad=True)
    >>> embedding(np.array([1, 1, 0]), w).sum().backward()
    >>> w.grad
    array([[1., 1.],
           [2., 2.]])
    """
    if not isinstance(weight, Tensor) or weight.ndim != 2:
        raise ValueError(
            "embedding: weight must be a 2-D Tensor (num_embeddings, embedding_dim)"
        )
    indices = _indices(input, weight.shape[0])
    rows = getitem(weight, indices)
    if padding_idx is None:
        return rows
    padding_idx = padding_idx % weight.shape[0]  # a negative index counts from the end
    is_padding = (indices == padding_idx)[..., None]
    return where(is_padding, rows.detach(), rows)
