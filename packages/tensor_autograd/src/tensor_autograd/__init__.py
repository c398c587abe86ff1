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
- `autograd`: the backward pass (`backward`, `grad`);
- `broadcast`, `elementwise`, `linalg`, `reductions`, `shapes`, `indexing`: the ops, each forward
  next to its backward;
- `functional`: softmax, the losses, dropout, embedding;
- `normalization`: layer norm and batch norm, one op with a derived backward;
- `nn`: `Module`, `Linear`, containers; `layers`: Dropout, LayerNorm, BatchNorm1d,
  Embedding; `init` and `nn_utils` (as `nn.init` and `nn.utils`);
- `optim`: SGD, Adam, AdamW, RMSprop; `lr_scheduler` (as `optim.lr_scheduler`);
- `random_state`: the package's random generator, one seed for every random op;
- `gradcheck`: finite-difference checks of gradients.
"""

# `tensor` comes first: once the Tensor class exists, it imports the op modules (which import it).
from .tensor import Tensor, is_grad_enabled, no_grad, set_grad_enabled  # isort: skip

from . import functional, gradcheck, nn, optim, random_state
from .autograd import backward, grad
from .elementwise import where
from .gradcheck import check_grads, numerical_grad
from .shapes import concatenate, stack

__all__ = [
    "Tensor",
    "backward",
    "check_grads",
    "concatenate",
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
    "stack",
    "where",
]
