"""Normalisation: layer norm and batch norm, one op with a derived backward.

Both standardise x over some axes, x̂ = (x - μ) / σ with σ = √(var + eps) (the biased
variance, as PyTorch normalises with), then scale and shift by learned `weight` and
`bias`. Layer norm takes μ and σ over each row's features, batch norm over the batch
(per channel): the same op, `normalize`, over other axes.

Its backward is derived once instead of recorded as the dozen ops the forward would
take. With m the number of elements averaged and ĝ = g·weight the gradient reaching x̂,
x̂ depends on x directly and through μ and σ; carrying both paths through gives

    ∂L/∂x = (1/σ) · (ĝ - mean(ĝ) - x̂ · mean(ĝ·x̂))

with the means over the normalised axes: the gradient loses its mean (moving every x
alike does not change x̂) and its component along x̂ (scaling x does not either).
"""

from __future__ import annotations

import numpy as np

from .tensor import Tensor, make_node


def normalize(x: Tensor, weight, bias, axes: tuple, eps: float) -> Tensor:
    """(x - mean) / √(var + eps) over `axes`, times `weight` plus `bias` (either may be
    None, and each must broadcast against x): one op.

    >>> normalize(Tensor([[1.0, 3.0]]), None, None, axes=(1,), eps=0.0)
    Tensor([[-1.,  1.]])
    """
    centred = x.data - x.data.mean(axis=axes, keepdims=True)
    variance = (centred * centred).mean(axis=axes, keepdims=True)
    out = centred / np.sqrt(variance + eps)
    parents = [x]
    if weight is not None:
        out = out * weight.data
        parents.append(weight)
    if bias is not None:
        out = out + bias.data
        parents.append(bias)
    ctx = {
        "axes": axes,
        "eps": eps,
        "has_weight": weight is not None,
        "has_bias": bias is not None,
    }
    return make_node(out, tuple(parents), normalize_backward, ctx)


def normalize_backward(g, out, x, *params, axes, eps, has_weight, has_bias):
    # x̂ and 1/σ recomputed from x, as functions of x: under create_graph they are
    # differentiated too, which is what makes second derivatives right.
    centred = x - x.mean(axis=axes, keepdims=True)
    inv_std = ((centred * centred).mean(axis=axes, keepdims=True) + eps) ** -0.5
    x_hat = centred * inv_std
    g_hat = g * params[0] if has_weight else g
    mean_g = g_hat.mean(axis=axes, keepdims=True)
    mean_g_x_hat = (g_hat * x_hat).mean(axis=axes, keepdims=True)
    grads = [inv_std * (g_hat - mean_g - x_hat * mean_g_x_hat)]
    if has_weight:
        grads.append(g * x_hat)  # the engine sums it down to the weight's shape
    if has_bias:
        grads.append(g)
    return grads


def _optional_tensor(name: str, value, shape: tuple, dtype):
    if value is None:
        return None
    value = value if isinstance(value, Tensor) else Tensor(value, dtype=dtype)
    if value.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {value.shape}")
    return value


def layer_norm(
    input: Tensor, normalized_shape, weight=None, bias=None, eps: float = 1e-5
) -> Tensor:
    """Layer normalisation over the last `len(normalized_shape)` axes, as PyTorch's
    `F.layer_norm`: each row (each sample, each position) standardised on its own
    features.

    >>> x = Tensor([[1.0, 2.0, 3.0]])
    >>> layer_norm(x, 3).data.round(4)
    array([[-1.2247,  0.    ,  1.2247]])
    """
    x = input if isinstance(input, Tensor) else Tensor(input)
    shape = (
        (normalized_shape,)
        if isinstance(normalized_shape, (int, np.integer))
        else tuple(normalized_shape)
    )
    if not shape or x.shape[x.ndim - len(shape) :] != shape or len(shape) > x.ndim:
        raise ValueError(
            f"layer_norm: normalized_shape {shape} must be the last axes of the input, "
            f"whose shape is {x.shape}"
        )
    weight = _optional_tensor("layer_norm: weight", weight, shape, x.dtype)
    bias = _optional_tensor("layer_norm: bias", bias, shape, x.dtype)
    axes = tuple(range(x.ndim - len(shape), x.ndim))
    return normalize(x, weight, bias, axes, eps)


def batch_norm(
    input: Tensor,
    running_mean,
    running_var,
    weight=None,
    bias=None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Batch normalisation of an (N, C) or (N, C, L) input per channel C, as PyTorch's
    `F.batch_norm`.

    In training it normalises with the batch's mean and (biased) variance and, if given,
    moves the running statistics (Tensors, updated in place) towards them:
    running ← (1 - momentum)·running + momentum·batch, with the batch's *unbiased*
    variance for running_var, as PyTorch does. Out of training it normalises with the
    running statistics, which are constants: no gradient flows into them.

    >>> x = Tensor([[1.0], [3.0]])
    >>> batch_norm(x, None, None, training=True, eps=0.0)
    Tensor([[-1.],
            [ 1.]])
    """
    x = input if isinstance(input, Tensor) else Tensor(input)
    if x.ndim not in (2, 3):
        raise ValueError(
            f"batch_norm: input must be (N, C) or (N, C, L), got shape {x.shape}"
        )
    channels = x.shape[1]
    weight = _optional_tensor("batch_norm: weight", weight, (channels,), x.dtype)
    bias = _optional_tensor("batch_norm: bias", bias, (channels,), x.dtype)
    axes = (0,) if x.ndim == 2 else (0, 2)
    per_channel = (channels,) if x.ndim == 2 else (channels, 1)  # broadcasts against x
    if weight is not None:
        weight = weight.reshape(per_channel)
    if bias is not None:
        bias = bias.reshape(per_channel)
    if training:
        count = x.data.size // channels if channels else 0
        if count <= 1:
            raise ValueError(
                "batch_norm: expected more than 1 value per channel when training, got "
                f"input of shape {x.shape}"
            )
        if running_mean is not None:
            mean = x.data.mean(axis=axes)
            _move_towards(running_mean, mean, momentum)
        if running_var is not None:
            unbiased = x.data.var(axis=axes) * (count / (count - 1))
            _move_towards(running_var, unbiased, momentum)
        return normalize(x, weight, bias, axes, eps)
    if running_mean is None or running_var is None:
        raise ValueError(
            "batch_norm: running_mean and running_var are needed out of training"
        )
    mean = _data(running_mean).reshape(per_channel).astype(x.dtype)
    inv_std = (
        (1 / np.sqrt(_data(running_var) + eps)).reshape(per_channel).astype(x.dtype)
    )
    out = (x - mean) * inv_std
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


def _data(t):
    return t.data if isinstance(t, Tensor) else np.asarray(t)


def _move_towards(running, batch_value, momentum: float) -> None:
    """running ← (1 - momentum)·running + momentum·batch_value, in place."""
    array = running.data if isinstance(running, Tensor) else running
    array *= 1 - momentum
    array += momentum * batch_value
