"""Layers with state or a train/eval difference: `Dropout`, `LayerNorm`, `BatchNorm1d`,
`Embedding`, as in `torch.nn` (reached as `nn.Dropout` and so on).
"""

from __future__ import annotations

import numpy as np

from .. import functional as F
from .. import random_state
from . import Module, Parameter
from ..normalization import batch_norm, layer_norm
from ..tensor import Tensor


class Dropout(Module):
    """`F.dropout` as a layer: drops in training, passes its input through after
    `eval()`.

    Args:
        p: the probability of zeroing each element.
        rng: a seed or `numpy.random.Generator` for this layer's own masks (an addition
            to
            PyTorch's signature); None draws from the package's generator.

    >>> drop = Dropout(0.5).eval()
    >>> drop(Tensor([1.0, 2.0]))
    Tensor([1., 2.])
    """

    def __init__(self, p: float = 0.5, inplace: bool = False, *, rng=None):
        F.dropout(Tensor(0.0), p, training=False, inplace=inplace)  # the same checks
        self.p = p
        self.rng = None if rng is None else random_state.generator(rng)

    def forward(self, x: Tensor) -> Tensor:
        return F.dropout(x, self.p, self.training, rng=self.rng)


def _shape(name: str, shape) -> tuple:
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if not shape or not all(isinstance(n, (int, np.integer)) and n > 0 for n in shape):
        raise ValueError(
            f"{name} must be a positive integer or a tuple of them, got {shape!r}"
        )
    return tuple(int(n) for n in shape)


class LayerNorm(Module):
    """Layer normalisation over the last axes (`normalized_shape`), with a learned
    per-feature `weight` (ones) and `bias` (zeros), as PyTorch's `nn.LayerNorm`.

    >>> norm = LayerNorm(3)
    >>> norm(Tensor([[1.0, 2.0, 3.0]], dtype=np.float32)).data.round(4)
    array([[-1.2247,  0.    ,  1.2247]], dtype=float32)
    """

    def __init__(
        self,
        normalized_shape,
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        *,
        dtype=np.float32,
    ):
        self.normalized_shape = _shape("LayerNorm: normalized_shape", normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        affine = elementwise_affine
        self.weight = (
            Parameter(np.ones(self.normalized_shape), dtype=dtype) if affine else None
        )
        has_bias = affine and bias
        self.bias = (
            Parameter(np.zeros(self.normalized_shape), dtype=dtype)
            if has_bias
            else None
        )

    def forward(self, x: Tensor) -> Tensor:
        return layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)


class BatchNorm1d(Module):
    """Batch normalisation of (N, C) or (N, C, L) inputs per channel, as
    `nn.BatchNorm1d`.

    In training it normalises with the batch's statistics (one op, `normalize`, whose
    backward is derived) and moves the buffers `running_mean` and `running_var` towards
    them by `momentum` (None: a plain average over all batches so far, counted by
    `num_batches_tracked`). After `eval()` it normalises with the running statistics.

    >>> bn = BatchNorm1d(2)
    >>> _ = bn(Tensor([[1.0, 2.0], [3.0, 6.0]], dtype=np.float32))
    >>> bn.running_mean, bn.running_var
    (Buffer([0.2, 0.4], dtype=float32), Buffer([1.1, 1.7], dtype=float32))
    """

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        *,
        dtype=np.float32,
    ):
        self.num_features = _shape("BatchNorm1d: num_features", num_features)[0]
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        shape = (self.num_features,)
        self.weight = Parameter(np.ones(shape), dtype=dtype) if affine else None
        self.bias = Parameter(np.zeros(shape), dtype=dtype) if affine else None
        if track_running_stats:
            self.register_buffer("running_mean", np.zeros(shape, dtype=dtype))
            self.register_buffer("running_var", np.ones(shape, dtype=dtype))
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))
        else:
            self.running_mean = self.running_var = self.num_batches_tracked = None

    def forward(self, x: Tensor) -> Tensor:
        if (
            not isinstance(x, Tensor)
            or x.ndim not in (2, 3)
            or x.shape[1] != self.num_features
        ):
            got = x.shape if isinstance(x, Tensor) else type(x).__name__
            raise ValueError(
                f"BatchNorm1d({self.num_features}): expected input of shape (N, "
                f"{self.num_features}) or (N, {self.num_features}, L), got {got}"
            )
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.data += 1
            if self.momentum is None:  # a cumulative average: batch k weighs 1/k
                momentum = 1 / self.num_batches_tracked.item()
        use_batch = self.training or not self.track_running_stats
        return batch_norm(
            x,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            training=use_batch,
            momentum=momentum,
            eps=self.eps,
        )


class Embedding(Module):
    """A lookup table of `num_embeddings` learned vectors of size `embedding_dim`, as
    `nn.Embedding`: initialised from a standard normal, the row at `padding_idx` (if
    any) zero and left untrained.

    >>> table = Embedding(10, 3, rng=0)
    >>> table(np.array([[1, 2], [4, 9]])).shape
    (2, 2, 3)
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx=None,
        *,
        dtype=np.float32,
        rng=None,
    ):
        n, dim = _shape("Embedding: sizes", (num_embeddings, embedding_dim))
        if padding_idx is not None:
            if not -n <= padding_idx < n:
                raise ValueError(
                    f"Embedding: padding_idx must be within num_embeddings, "
                    f"got {padding_idx}"
                )
            padding_idx %= n
        self.num_embeddings, self.embedding_dim, self.padding_idx = n, dim, padding_idx
        weight = random_state.generator(rng).standard_normal((n, dim))
        if padding_idx is not None:
            weight[padding_idx] = 0
        self.weight = Parameter(weight, dtype=dtype)

    def forward(self, input) -> Tensor:
        return F.embedding(input, self.weight, self.padding_idx)
