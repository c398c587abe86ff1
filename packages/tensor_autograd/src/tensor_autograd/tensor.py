"""The `Tensor`: a NumPy array that remembers how it was computed.

A tensor made by an op is a node of the graph. It keeps three things for its backward
pass and nothing more: its `_parents` (the input tensors), its `_backward` rule (a plain
module-level function, never a closure, so a node holds no reference to itself and the
graph has no cycles), and a small `_ctx` dict of non-tensor facts the rule needs (an
axis, an index). The ops themselves live in their own modules, one concern each; the
methods below only hand over to them.
"""

from __future__ import annotations

import builtins
import contextlib
import threading

import numpy as np


class _GradMode(threading.local):
    """Whether ops record the graph: one switch per thread, like PyTorch's."""

    enabled = True  # the class attribute is each new thread's starting value


_grad_mode = _GradMode()


def is_grad_enabled() -> bool:
    """Whether ops record the graph right now (in this thread).

    >>> is_grad_enabled()
    True
    """
    return _grad_mode.enabled


class _GradModeBlock(contextlib.ContextDecorator):
    """A `with` block (or decorated function) run with recording set to `self.mode`."""

    mode = False

    def __init__(self):
        # a stack: a decorated function may be re-entered (recursion)
        self.previous = []

    def __enter__(self):
        self.previous.append(_grad_mode.enabled)
        _grad_mode.enabled = self.mode

    def __exit__(self, *exc_info):
        _grad_mode.enabled = self.previous.pop()

    def _recreate_cm(self):
        # A decorated function gets a fresh block for each call (ContextDecorator's
        # hook), so calls in two threads never restore each other's saved modes.
        fresh = object.__new__(type(self))
        fresh.mode, fresh.previous, fresh.before = self.mode, [], None
        return fresh


class no_grad(_GradModeBlock):
    """Build no graph inside this block: for evaluation, or anything backward will not
    go through.

    The mode belongs to the thread that enters the block; other threads keep recording.

    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> with no_grad():
    ...     y = x * 2
    >>> y.requires_grad
    False
    """


class set_grad_enabled(_GradModeBlock):
    """Switch graph recording on or off, as PyTorch's `set_grad_enabled` does.

    Called as a plain function it switches at once (for this thread); in a `with` block
    (or as a decorator) it switches inside and restores the previous mode on the way
    out.

    >>> with set_grad_enabled(False):
    ...     is_grad_enabled()
    False
    >>> _ = set_grad_enabled(False); is_grad_enabled()
    False
    >>> _ = set_grad_enabled(True)
    """

    def __init__(self, mode: bool):
        super().__init__()
        self.mode = _check_bool("set_grad_enabled: mode", mode)
        self.before = _grad_mode.enabled  # what `with` restores: the switch is now
        _grad_mode.enabled = self.mode

    def __enter__(self):
        before, self.before = self.before, None
        self.previous.append(_grad_mode.enabled if before is None else before)
        _grad_mode.enabled = self.mode

    def __call__(self, function):
        # As a decorator it switches only while the function runs: undo __init__'s
        # switch.
        if self.before is not None:
            _grad_mode.enabled, self.before = self.before, None
        return super().__call__(function)


def _check_bool(name: str, value) -> bool:
    """`value` if it is a bool (Python's or NumPy's): "no" or 1 is not taken for
    True."""
    if not isinstance(value, (bool, np.bool_)):
        got = f"{type(value).__name__} {value!r}"
        raise TypeError(f"{name} must be True or False, got {got}")
    return bool(value)


def _float_array(data, dtype=None, copy=None) -> np.ndarray:
    """`data` as a floating array, not copied when it already is one (unless `copy`)."""
    if isinstance(data, Tensor):
        data = data.data
    if dtype is not None and np.dtype(dtype).kind != "f":
        raise TypeError(
            "Tensor dtype must be a floating type (float16/32/64), got "
            f"{np.dtype(dtype)}"
        )
    array = np.array(data, dtype=dtype, copy=copy)
    if array.dtype.kind != "f":
        if array.dtype.kind not in "biu":
            raise TypeError(
                f"Tensor data must be real numbers, got an array of dtype {array.dtype}"
            )
        array = array.astype(
            np.float64
        )  # integers and bools: float64, like Python floats
    return array


class Tensor:
    """A NumPy array plus what reverse-mode autodiff needs: a gradient and the op that
    made it.

    Args:
        data: a number, nested list or NumPy array. Floating dtypes are kept (float32
            stays float32); integers and bools become float64. An array is used as is,
            not copied.
        requires_grad: whether `backward()` should compute a gradient for this tensor.
        dtype: an optional floating dtype to convert to.

    >>> x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    array([[2., 4.],
           [6., 8.]])
    """

    __slots__ = (
        "data",
        "_grad",
        "requires_grad",
        "_parents",
        "_backward",
        "_ctx",
        "_born",
        "__weakref__",
    )
    __array_ufunc__ = (
        None  # NumPy defers to us, so `array * tensor` calls Tensor.__rmul__
    )

    def __init__(self, data, requires_grad: bool = False, dtype=None):
        self.data = _float_array(data, dtype)
        self._grad = None  # an array like `data`, once a backward pass reaches it
        self.requires_grad = _check_bool("requires_grad", requires_grad)
        self._parents = ()
        self._backward = None  # None marks a leaf: a tensor the user made, not an op
        self._ctx = None
        self._born = _version_clock  # see `inplace`: when this node was made

    # -- what it is --------------------------------------------------------------------
    @property
    def shape(self) -> tuple:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def T(self) -> Tensor:
        """The transpose (all axes reversed, like NumPy's `.T`).

        >>> Tensor([[1.0, 2.0, 3.0]]).T.shape
        (3, 1)
        """
        return transpose(self)

    @property
    def grad(self):
        """The gradient `backward()` accumulated: a NumPy array like `data`, or None.

        Assigning checks the value, as PyTorch does: a Tensor (its array is kept) or a
        floating array of this tensor's shape, or None. The engine writes the slot
        behind it (`_grad`) directly.

        >>> w = Tensor([1.0, 2.0], requires_grad=True)
        >>> w.grad = np.zeros(3)
        Traceback (most recent call last):
        ...
        RuntimeError: assigned grad has data of a different size: shape (3,) for a \
tensor of shape (2,)
        """
        return self._grad

    @grad.setter
    def grad(self, value) -> None:
        self._grad = None if value is None else _checked_grad(self, value)

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.data.shape[0]

    def __iter__(self):
        """The sub-tensors along the first axis, as PyTorch iterates a tensor."""
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self.data.shape[0]))

    def __float__(self) -> float:
        """`float(t)` of a one-element tensor, as in PyTorch."""
        return float(self._one_element("float"))

    def __int__(self) -> int:
        """`int(t)` of a one-element tensor (truncated toward 0), as in PyTorch."""
        return int(self._one_element("int"))

    def _one_element(self, what: str):
        if self.data.size != 1:
            raise ValueError(
                f"only one element tensors can be converted to Python scalars "
                f"({what}() of a tensor of shape {self.shape})"
            )
        return self.data.item()

    def __repr__(self) -> str:
        body = np.array2string(
            self.data, separator=", ", prefix=type(self).__name__ + "("
        )
        extra = "" if self.dtype == np.float64 else f", dtype={self.dtype}"
        if self.requires_grad:
            extra += ", requires_grad=True"
        return f"{type(self).__name__}({body}{extra})"

    def item(self) -> float:
        """The single number this tensor holds.

        >>> Tensor([[2.5]]).item()
        2.5
        """
        if self.data.size != 1:
            raise ValueError(
                "item() needs a tensor with one element, this one has shape "
                f"{self.shape}"
            )
        return self.data.item()

    def __bool__(self) -> bool:
        """`if t:` is the truth of its single element; with more (or none) it is
        ambiguous.

        >>> bool(Tensor([0.0])), bool(Tensor(2.0))
        (False, True)
        """
        if self.data.size != 1:
            raise RuntimeError(
                f"the truth value of a tensor with {self.data.size} elements (shape "
                f"{self.shape}) is "
                "ambiguous; test one number (t.item()), or all or any of them ((t.data "
                "> 0).all())"
            )
        return bool(self.data)

    def numpy(self) -> np.ndarray:
        """The underlying NumPy array (shared, not copied)."""
        return self.data

    def detach(self) -> Tensor:
        """The same data, cut from the graph: no gradient flows through the result.

        It shares the array, and so its version counter (`inplace`), as in PyTorch: an
        in-place change through the detached tensor is seen by the graph, and a backward
        that needs the old value raises instead of going wrong.

        >>> x = Tensor([1.0], requires_grad=True)
        >>> (x * 3).detach().requires_grad
        False
        """
        return constant(self.data)

    # -- PyTorch's autograd machinery (hooks: `hooks`; in-place ops: `inplace`) ---
    @property
    def is_leaf(self) -> bool:
        """True for a tensor no recorded op made (the user's, or one with no grad)."""
        return self._backward is None

    @property
    def _version(self) -> int:
        """How many in-place ops changed this tensor's array (`inplace.version`)."""
        return inplace.version(self)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set `requires_grad` in place and return self, as in PyTorch (leaves only)."""
        requires_grad = _check_bool("requires_grad_: requires_grad", requires_grad)
        if self._backward is not None and not requires_grad:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you "
                "want to use a computed variable in a subgraph that doesn't require "
                "differentiation use var_no_grad = var.detach()."
            )
        self.requires_grad = requires_grad
        return self

    def register_hook(self, hook):
        """Call `hook(grad)` when this tensor's gradient is computed (`hooks`).

        `grad` is a Tensor; the hook may return a replacement. Returns a handle whose
        `remove()` unregisters it.
        """
        return hooks.register_tensor_hook(self, hook)

    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in `.grad` at each `backward()`.

        Without it a non-leaf's `.grad` stays None, as in PyTorch; PyTorch also warns
        when such a `.grad` is read, this package does not.
        """
        hooks.retain_grad(self)

    @property
    def retains_grad(self) -> bool:
        """Whether `retain_grad()` was called on this non-leaf tensor."""
        return hooks.retains_grad(self)

    # -- in-place ops (`inplace.apply_inplace`): x changes, its version goes up -----
    def add_(self, other, *, alpha=1) -> Tensor:
        """`self += alpha * other`, in place."""
        other = other if alpha == 1 else other * alpha
        return inplace.apply_inplace(self, elementwise.add, other)

    def sub_(self, other, *, alpha=1) -> Tensor:
        """`self -= alpha * other`, in place."""
        other = other if alpha == 1 else other * alpha
        return inplace.apply_inplace(self, elementwise.sub, other)

    def mul_(self, other) -> Tensor:
        """`self *= other`, in place."""
        return inplace.apply_inplace(self, elementwise.mul, other, clone_self=True)

    def div_(self, other) -> Tensor:
        """`self /= other`, in place (the rule reads the output, not self)."""
        return inplace.apply_inplace(self, elementwise.div, other)

    # `p -= lr * p.grad` must change p itself, as in PyTorch: without these Python
    # would rebind the name to a new tensor and the parameter would never move.
    def __iadd__(self, other):
        return self.add_(other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __itruediv__(self, other):
        return self.div_(other)

    def clamp_(self, min=None, max=None) -> Tensor:
        """`self.clamp(min, max)`, in place."""
        return inplace.apply_inplace(self, comparisons.clamp, min, max, clone_self=True)

    def fill_(self, value) -> Tensor:
        """Every element set to `value`, in place."""
        return inplace.apply_inplace(self, inplace.filled, value)

    def zero_(self) -> Tensor:
        """Every element set to 0, in place."""
        return inplace.apply_inplace(self, inplace.filled, 0.0)

    # -- the backward pass (see autograd) ------------------------------------------
    def backward(
        self, gradient=None, retain_graph: bool = False, *, grad=None
    ) -> None:
        """Accumulate d(self)/d(leaf) into the `.grad` of every leaf that requires grad.

        Args:
            gradient: the gradient flowing into `self` (PyTorch's name; `grad=` is the
                same); may be left out only for one-element tensors.
            retain_graph: keep the graph so backward can run through it again. By
                default the graph is freed as the pass goes, which is what keeps
                training memory flat.
        """
        if grad is not None:
            if gradient is not None:
                raise TypeError("backward() got both gradient= and grad=; pass one")
            gradient = grad
        autograd.backward(self, gradient, retain_graph=retain_graph)

    # -- operators: each one hands over to the op's module -----------------------------
    def __add__(self, other):
        return elementwise.add(self, other)

    def __radd__(self, other):
        return elementwise.add(other, self)

    def __sub__(self, other):
        return elementwise.sub(self, other)

    def __rsub__(self, other):
        return elementwise.sub(other, self)

    def __mul__(self, other):
        return elementwise.mul(self, other)

    def __rmul__(self, other):
        return elementwise.mul(other, self)

    def __truediv__(self, other):
        return elementwise.div(self, other)

    def __rtruediv__(self, other):
        return elementwise.div(other, self)

    def __pow__(self, other):
        return elementwise.power(self, other)

    def __rpow__(self, other):
        return elementwise.power(other, self)

    def __neg__(self):
        return elementwise.neg(self)

    def __matmul__(self, other):
        return linalg.matmul(self, other)

    def __rmatmul__(self, other):
        return linalg.matmul(other, self)

    def __getitem__(self, index):
        return indexing.getitem(self, index)

    def __setitem__(self, index, value):
        """`x[index] = value`, in place and recorded (`inplace.setitem`)."""
        if isinstance(index, Tensor):
            index = index.data
        inplace.apply_inplace(self, inplace.setitem, index, value)

    # -- methods -----------------------------------------------------------------------
    def exp(self) -> Tensor:
        """eˣ, elementwise (`elementwise.exp`)."""
        return elementwise.exp(self)

    def log(self) -> Tensor:
        """The natural logarithm, elementwise (`elementwise.log`)."""
        return elementwise.log(self)

    def tanh(self) -> Tensor:
        """tanh, elementwise (`elementwise.tanh`)."""
        return elementwise.tanh(self)

    def relu(self) -> Tensor:
        """max(x, 0), elementwise (`elementwise.relu`)."""
        return elementwise.relu(self)

    def sigmoid(self) -> Tensor:
        """1 / (1 + e⁻ˣ), elementwise and stable (`elementwise.sigmoid`)."""
        return elementwise.sigmoid(self)

    def astype(self, dtype) -> Tensor:
        """Convert to another floating dtype; the gradient is converted back
        (`elementwise.astype`)."""
        return elementwise.astype(self, dtype)

    def sum(self, axis=None, keepdims=None, *, dim=None, keepdim=None) -> Tensor:
        """Sum over `axis` (None: all; an int or a tuple), like NumPy
        (`reductions.sum`).

        PyTorch's `dim=`/`keepdim=` are accepted as the same thing (not both at once).
        """
        if keepdims is None and dim is None and keepdim is None:  # the common call
            return reductions.sum(self, axis, False)
        axis, keepdims = reductions.resolve_dim("sum", axis, keepdims, dim, keepdim)
        return reductions.sum(self, axis, keepdims)

    def mean(self, axis=None, keepdims=None, *, dim=None, keepdim=None) -> Tensor:
        """Average over `axis` (or `dim`), like NumPy (`reductions.mean`)."""
        if keepdims is None and dim is None and keepdim is None:  # the common call
            return reductions.mean(self, axis, False)
        axis, keepdims = reductions.resolve_dim("mean", axis, keepdims, dim, keepdim)
        return reductions.mean(self, axis, keepdims)

    def max(self, dim=None, keepdim=None, *, axis=None, keepdims=None):
        """The maximum: of all elements, or along an axis (`reductions.max`).

        As in PyTorch, `x.max()` is the largest element, `x.max(1)` (or `dim=1`) the
        pair `(values, indices)` along axis 1 (also as `.values` and `.indices`), and
        `x.max(other_tensor)` the elementwise `maximum`. NumPy's keywords `axis=` (an
        int or a tuple) and `keepdims=` give the values alone. Tied maxima share the
        gradient, where PyTorch's `max(dim)` gives it all to the index it returns.

        >>> Tensor([[1.0, 5.0], [7.0, 2.0]]).max(1).indices
        array([1, 0])
        """
        return _extremum(self, "max", dim, keepdim, axis, keepdims)

    def min(self, dim=None, keepdim=None, *, axis=None, keepdims=None):
        """The minimum, in the same forms as `max` (`reductions.min`)."""
        return _extremum(self, "min", dim, keepdim, axis, keepdims)

    def argmax(self, dim=None, keepdim: bool = False) -> np.ndarray:
        """Where the maximum is, as an int64 NumPy array (`reductions.argmax`)."""
        return reductions.argmax(self, dim, keepdim)

    def argmin(self, dim=None, keepdim: bool = False) -> np.ndarray:
        """Where the minimum is, as an int64 NumPy array (`reductions.argmin`)."""
        return reductions.argmin(self, dim, keepdim)

    def prod(self, dim=None, keepdim: bool = False) -> Tensor:
        """The product along `dim` (one axis; None: all) (`reductions.prod`)."""
        return reductions.prod(self, dim, keepdim)

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None) -> Tensor:
        """The variance, unbiased by default like PyTorch's (`statistics.var`)."""
        return statistics.var(self, dim, unbiased, keepdim, correction=correction)

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None) -> Tensor:
        """The standard deviation (`statistics.std`)."""
        return statistics.std(self, dim, unbiased, keepdim, correction=correction)

    def logsumexp(self, dim=None, keepdim: bool = False) -> Tensor:
        """log Σ exp(x) along `dim`, stably (`statistics.logsumexp`)."""
        return statistics.logsumexp(self, dim, keepdim)

    def norm(self, p=2, dim=None, keepdim: bool = False) -> Tensor:
        """The p-norm (default 2) over `dim` (None: all) (`linalg.norm`)."""
        return linalg.norm(self, p, dim, keepdim)

    def cumsum(self, dim: int) -> Tensor:
        """The running sum along `dim` (`scans.cumsum`)."""
        return scans.cumsum(self, dim)

    # -- PyTorch's elementwise methods
    # ----------------------------------------------------------
    def abs(self) -> Tensor:
        """|x|, elementwise (`elementwise.abs`); also `abs(x)`."""
        return elementwise.abs(self)

    __abs__ = abs

    def sqrt(self) -> Tensor:
        """√x, elementwise (`elementwise.sqrt`)."""
        return elementwise.sqrt(self)

    def log1p(self) -> Tensor:
        """log(1 + x), elementwise and accurate near 0 (`elementwise.log1p`)."""
        return elementwise.log1p(self)

    def clamp(self, min=None, max=None) -> Tensor:
        """Values limited to [min, max] (`comparisons.clamp`)."""
        return comparisons.clamp(self, min, max)

    clip = clamp

    def maximum(self, other) -> Tensor:
        """The larger of self and `other`, elementwise (`comparisons.maximum`)."""
        return comparisons.maximum(self, other)

    def minimum(self, other) -> Tensor:
        """The smaller of self and `other`, elementwise (`comparisons.minimum`)."""
        return comparisons.minimum(self, other)

    def masked_fill(self, mask, value) -> Tensor:
        """`value` where the boolean `mask` holds (`indexing.masked_fill`)."""
        return indexing.masked_fill(self, mask, value)

    def gather(self, dim: int, index) -> Tensor:
        """`torch.gather`: values picked along `dim` by `index` (`indexing.gather`)."""
        return indexing.gather(self, dim, index)

    def float(self) -> Tensor:
        """Converted to float32, as PyTorch's `x.float()` (`elementwise.astype`)."""
        return elementwise.astype(self, np.float32)

    def double(self) -> Tensor:
        """Converted to float64, as PyTorch's `x.double()`."""
        return elementwise.astype(self, np.float64)

    def clone(self) -> Tensor:
        """A copy, still in the graph: the gradient passes through
        (`elementwise.clone`)."""
        return elementwise.clone(self)

    # -- comparisons: boolean NumPy arrays, no gradient (see `comparisons`)
    # ---------------------
    # Defining __eq__ would remove __hash__: tensors keep hashing by identity.
    __hash__ = object.__hash__

    def __eq__(self, other):
        if not comparisons.comparable(other):
            return NotImplemented  # Python then compares identities
        return comparisons.eq(self, other)

    def __ne__(self, other):
        if not comparisons.comparable(other):
            return NotImplemented  # Python then compares identities
        return comparisons.ne(self, other)

    def __lt__(self, other):
        if not comparisons.comparable(other):
            return NotImplemented  # Python then compares identities
        return comparisons.lt(self, other)

    def __le__(self, other):
        if not comparisons.comparable(other):
            return NotImplemented  # Python then compares identities
        return comparisons.le(self, other)

    def __gt__(self, other):
        if not comparisons.comparable(other):
            return NotImplemented  # Python then compares identities
        return comparisons.gt(self, other)

    def __ge__(self, other):
        if not comparisons.comparable(other):
            return NotImplemented  # Python then compares identities
        return comparisons.ge(self, other)

    # -- sizes, and PyTorch's shape methods
    # -----------------------------------------------------
    def numel(self) -> int:
        """The number of elements."""
        return self.data.size

    def size(self, dim=None):
        """The shape (a tuple), or the size of axis `dim`, as in PyTorch.

        >>> Tensor([[1.0, 2.0, 3.0]]).size(-1)
        3
        """
        return self.shape if dim is None else self.shape[dim]

    def dim(self) -> int:
        """The number of axes (PyTorch's name for `ndim`)."""
        return self.data.ndim

    def squeeze(self, dim=None) -> Tensor:
        """Drop size-1 axes (all, or those of `dim`) (`shapes.squeeze`)."""
        return shapes.squeeze(self, dim)

    def unsqueeze(self, dim: int) -> Tensor:
        """Insert a size-1 axis at `dim` (`shapes.unsqueeze`)."""
        return shapes.unsqueeze(self, dim)

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        """Merge axes start_dim..end_dim into one (`shapes.flatten`)."""
        return shapes.flatten(self, start_dim, end_dim)

    def permute(self, *dims) -> Tensor:
        """Reorder the axes: `x.permute(2, 0, 1)` (`shapes.permute`)."""
        return shapes.permute(self, *dims)

    def view(self, *shape) -> Tensor:
        """PyTorch's `view` is `reshape` here: NumPy decides whether it copies."""
        return self.reshape(*shape)

    def expand(self, *sizes) -> Tensor:
        """Broadcast to `sizes` (-1 keeps an axis) (`pieces.expand`)."""
        return pieces.expand(self, *sizes)

    def repeat(self, *repeats) -> Tensor:
        """Tile along each axis, as `torch.Tensor.repeat` (`pieces.repeat`)."""
        return pieces.repeat(self, *repeats)

    def flip(self, *dims) -> Tensor:
        """Reverse along `dims`: `x.flip(0)` or `x.flip((0, 1))` (`pieces.flip`)."""
        return pieces.flip(self, dims[0] if len(dims) == 1 else dims)

    def split(self, split_size_or_sections, dim: int = 0) -> tuple:
        """Cut into pieces along `dim` (`pieces.split`)."""
        return pieces.split(self, split_size_or_sections, dim)

    def chunk(self, chunks: int, dim: int = 0) -> tuple:
        """Cut into `chunks` pieces along `dim` (`pieces.chunk`)."""
        return pieces.chunk(self, chunks, dim)

    def reshape(self, *shape) -> Tensor:
        """`t.reshape(2, 3)` or `t.reshape((2, 3))`; one size may be -1."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return shapes.reshape(self, shape)

    def transpose(self, *axes) -> Tensor:
        """`t.transpose()` reverses the axes; `t.transpose(0, 2, 1)` or `t.transpose((0,
        2, 1))`.

        Two axes on a tensor of other than 2 dimensions swap those two, as PyTorch's
        `transpose(dim0, dim1)` does (on a matrix both readings agree).
        """
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        if len(axes) == 2 and self.ndim != 2:
            order = list(range(self.ndim))
            first, second = (a % builtins.max(self.ndim, 1) for a in axes)
            order[first], order[second] = order[second], order[first]
            axes = tuple(order)
        return shapes.transpose(self, axes or None)


def _extremum(x: Tensor, which: str, dim, keepdim, axis, keepdims):
    """`x.max(...)`/`x.min(...)` in PyTorch's forms and NumPy's (see `Tensor.max`)."""
    if isinstance(dim, Tensor):  # torch.max(a, b) is the elementwise maximum
        pick = comparisons.maximum if which == "max" else comparisons.minimum
        return pick(x, dim)
    axis, keepdims_ = reductions.resolve_dim(which, axis, keepdims, dim, keepdim)
    values = getattr(reductions, which)(x, axis, keepdims_)
    if dim is None:
        return values
    arg = reductions.argmax if which == "max" else reductions.argmin
    return reductions.ValuesIndices(values, arg(x, axis, keepdims_))


def _checked_grad(x: Tensor, value) -> np.ndarray:
    """`value` as the array to store in `x.grad`, if it can be x's gradient."""
    array = value.data if isinstance(value, Tensor) else value
    if isinstance(array, np.generic):
        array = np.asarray(array)
    if not isinstance(array, np.ndarray):
        raise TypeError(
            "assigned grad must be a Tensor, a NumPy array or None, got "
            f"{type(value).__name__}"
        )
    if array.shape != x.data.shape:
        raise RuntimeError(
            f"assigned grad has data of a different size: shape {array.shape} for a "
            f"tensor of shape {x.data.shape}"
        )
    if array.dtype.kind != "f":
        raise RuntimeError(
            f"assigned grad has data of a different type: {array.dtype} for a tensor "
            f"of dtype {x.data.dtype} (a gradient is floating)"
        )
    return array


def make_node(data, parents: tuple, backward, ctx: dict | None = None) -> Tensor:
    """The output of an op: `data`, linked to `parents` only if a gradient can flow
    through it.

    `backward` is the op's rule, called by the engine as `backward(g, out, *inputs,
    **ctx)`: `ctx` holds what the rule needs besides its inputs and output (an axis, an
    index). Under `no_grad`, or when no parent requires grad, the result is a plain
    constant and the parents are not kept, so nothing is remembered that backward would
    never use. This is the light constructor every op uses: the op has checked its
    inputs, so nothing is checked here.
    """
    out = _new_tensor(Tensor)
    # NumPy hands back scalars (np.float32) from 0-d ops and full reductions: keep
    # arrays.
    out.data = data if type(data) is np.ndarray else np.asarray(data)
    out._grad = None  # the slot itself: the checking `grad` setter is for users
    if _grad_mode.enabled:
        for parent in parents:
            if parent.requires_grad:
                out.requires_grad = True
                out._parents = parents
                out._backward = backward
                out._ctx = ctx
                out._born = _version_clock  # the tick of in-place ops it was made at
                return out
    out.requires_grad = False
    out._parents = ()
    out._backward = None
    out._ctx = None
    return out


_new_tensor = object.__new__
_version_clock = 0  # ticks at every in-place op (see `inplace`)


def data_of(x):
    """The array inside `x` if it is a Tensor, else `x` itself.

    Backward rules run on arrays in a plain backward and on Tensors under
    `create_graph`; a rule that needs a value as a constant (a mask, a comparison) reads
    it with this.
    """
    return x.data if isinstance(x, Tensor) else x


def constant(data: np.ndarray) -> Tensor:
    """Wrap an array as a tensor that needs no gradient (no checks, no copy: internal
    use)."""
    return make_node(data, (), None)


def lift(value, like: Tensor) -> Tensor:
    """Turn a plain operand (a number or an array) into a constant tensor to combine
    with `like`.

    Scalars (Python or NumPy numbers, 0-d arrays) and integer arrays take `like`'s
    dtype, so `float32_tensor * 2`, `* np.float64(2)` and `* np.array(2.0)` all stay
    float32. Floating arrays keep their own dtype and combine by NumPy's rules. Boolean
    arrays (masks) are kept as they are: NumPy combines them with any float without
    changing its dtype, and no conversion is paid.

    >>> lift(2, Tensor([1.0], dtype=np.float32)).dtype
    dtype('float32')
    """
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (int, float)):
        return constant(np.array(value, dtype=like.dtype))
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"cannot combine a Tensor with {type(value).__name__} (dtype {array.dtype})"
        )
    if array.ndim == 0 or array.dtype.kind in "iu":
        array = array.astype(like.dtype)
    return constant(array)


# The op modules import Tensor from here, so they are imported once the class exists;
# the methods above look them up when called.
from . import autograd, elementwise, indexing, linalg, reductions, shapes  # noqa: E402
from . import comparisons, hooks, inplace, pieces, scans, statistics  # noqa: E402
from .shapes import transpose  # noqa: E402
