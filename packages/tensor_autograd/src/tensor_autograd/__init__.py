"""Part II: reverse-mode automatic differentiation on NumPy arrays.

>>> import numpy as np
>>> from tensor_autograd import Tensor
>>> w = Tensor(np.array([[1.0, 2.0]]), requires_grad=True)
>>> x = np.array([[3.0], [4.0]])
>>> loss = (w @ x).sum()
>>> loss.backward()
>>> w.grad
array([[3., 4.]])

Modules, one concern each:

- `tensor`: the `Tensor`, graph recording (`make_node`) and `no_grad`;
- `autograd`: the backward pass (`backward`, `grad`), `autograd.Function` and
  `autograd.functional` (`jacobian`, `hessian`, `vjp`, `jvp`, `hvp`);
- `hooks`: tensor hooks and `retain_grad`; `inplace`: in-place ops (`add_`, `x[i] = v`,
  …) and the version counter that catches a stale saved value;
- `broadcast`, `elementwise`, `comparisons`, `linalg`, `reductions`, `statistics`,
  `scans`, `shapes`, `pieces`, `indexing`: the ops, each forward next to its backward;
- `creation`: `tensor`, `zeros`, `randn`, … and `manual_seed`, as in torch; `functions`:
  `sum`, `max`, `cat`, … as module-level functions;
- `functional`: softmax, the losses, dropout, embedding (more in `activations` and
  `losses`);
- `normalization`: layer norm and batch norm, one op with a derived backward;
- `nn` (a package): `Module`, `Linear`, containers; `nn.layers`: Dropout, LayerNorm,
  BatchNorm1d, Embedding; `nn.conv`: Conv1d, Conv2d, pooling; `nn.init`, `nn.utils`;
- `optim` (a package): SGD, Adam, AdamW, RMSprop; `optim.lr_scheduler`;
- `random_state`: the package's random generator, one seed for every random op;
- `gradcheck`: finite-difference checks of gradients.

The engine above imports NumPy only. The applications sit in their own subpackages:
`data` (the datasets), `training` (the training loop, models, checkpoints), `cli` (the
`train` and `predict` programs, run as `python -m tensor_autograd.train` and
`python -m tensor_autograd.predict` through two tiny entry modules) and `bench` (the
benchmarks, `python -m tensor_autograd.bench`).
"""

# `tensor` comes first: once the Tensor class exists, it imports the op modules (which
# import it).
from .tensor import Tensor, is_grad_enabled, no_grad, set_grad_enabled  # isort: skip

from . import autograd, functional, gradcheck, nn, optim, random_state
from .autograd import backward, grad
from .comparisons import clamp, eq, ge, gt, le, lt, maximum, minimum, ne
from .creation import (
    arange,
    bool_,
    default_generator,
    double,
    float16,
    float32,
    float64,
    float_,
    full,
    half,
    int32,
    int64,
    linspace,
    long,
    manual_seed,
    ones,
    ones_like,
    rand,
    randint,
    randn,
    tensor,
    zeros,
    zeros_like,
)
from .elementwise import abs, clone, exp, log, log1p, relu, sigmoid, sqrt, tanh, where
from .functions import cat, max, mean, min, numel, sum, transpose
from .gradcheck import check_grads, numerical_grad
from .indexing import gather, masked_fill
from .linalg import einsum, matmul, norm
from .pieces import chunk, flip, repeat, split
from .reductions import argmax, argmin, prod
from .scans import cumsum
from .shapes import concatenate, flatten, permute, squeeze, stack, unsqueeze
from .statistics import logsumexp, std, var

clip = clamp
concat = cat

__all__ = [
    "Tensor",
    "autograd",
    "backward",
    "check_grads",
    "functional",
    "grad",
    "gradcheck",
    "is_grad_enabled",
    "nn",
    "no_grad",
    "numerical_grad",
    "optim",
    "random_state",
    "set_grad_enabled",
    # creation, as in torch
    "arange",
    "default_generator",
    "full",
    "linspace",
    "manual_seed",
    "ones",
    "ones_like",
    "rand",
    "randint",
    "randn",
    "tensor",
    "zeros",
    "zeros_like",
    "bool_",
    "double",
    "float16",
    "float32",
    "float64",
    "float_",
    "half",
    "int32",
    "int64",
    "long",
    # ops as functions, as in torch
    "abs",
    "argmax",
    "argmin",
    "cat",
    "chunk",
    "clamp",
    "clip",
    "clone",
    "concat",
    "concatenate",
    "cumsum",
    "einsum",
    "eq",
    "exp",
    "flatten",
    "flip",
    "gather",
    "ge",
    "gt",
    "le",
    "log",
    "log1p",
    "logsumexp",
    "lt",
    "masked_fill",
    "matmul",
    "max",
    "maximum",
    "mean",
    "min",
    "minimum",
    "ne",
    "norm",
    "numel",
    "permute",
    "prod",
    "relu",
    "repeat",
    "sigmoid",
    "split",
    "sqrt",
    "squeeze",
    "stack",
    "std",
    "sum",
    "tanh",
    "transpose",
    "unsqueeze",
    "var",
    "where",
]
