"""Layers: `Module` (finds its parameters, buffers and sub-modules), `Parameter`,
`Buffer`, `Linear`, `Sequential`, `ModuleList`, activations, and saving and loading a
model's state to `.npz`. The layers with state or a train/eval difference (`Dropout`,
`LayerNorm`, `BatchNorm1d`, `Embedding`) live in `nn.layers`, the convolution and
pooling layers in `nn.conv`, the initialisers in `nn.init`, gradient clipping in
`nn.utils`; all are reached from here, as in PyTorch.
"""

from __future__ import annotations

import io
import math
import os
import warnings
import zipfile

import numpy as np

from .. import elementwise, linalg, random_state
from ..hooks import RemovableHandle
from ..tensor import Tensor, _float_array


class Parameter(Tensor):
    """A tensor a model learns: it requires grad, and holds its own copy of the data
    (optimizers update it in place, which must not change the array it was made from).

    >>> Parameter([1.0, 2.0])
    Parameter([1., 2.], requires_grad=True)
    """

    __slots__ = ()

    def __init__(self, data, requires_grad: bool = True, dtype=None):
        data = np.array(data.data if isinstance(data, Tensor) else data, copy=True)
        if dtype is None and requires_grad and data.dtype.kind in "biu":
            # as tensor(..., requires_grad=True) and PyTorch: integers are not
            # silently made float; ask for a floating dtype
            raise TypeError(
                "Only Tensors of floating point dtype can require gradients: "
                f"Parameter got data of dtype {data.dtype}; pass floating data or "
                "dtype=np.float32"
            )
        data = _float_array(data, dtype)
        super().__init__(data, requires_grad=requires_grad)


class Buffer(Tensor):
    """State a module keeps that is not learned by gradients, like batch norm's running
    mean: saved in `state_dict()`, never handed to an optimizer (it requires no grad).

    Unlike a Tensor it keeps an integer dtype, for counters such as
    `num_batches_tracked` (no gradient ever flows through a buffer).
    `Module.register_buffer` makes one.

    >>> Buffer(np.zeros(2))
    Buffer([0., 0.])
    """

    __slots__ = ()

    def __init__(self, data):
        array = np.array(data.data if isinstance(data, Tensor) else data, copy=True)
        if array.dtype.kind not in "biuf":
            raise TypeError(
                f"Buffer data must be real numbers, got dtype {array.dtype}"
            )
        super().__init__(np.zeros(0))
        self.data = array


class Module:
    """A piece of a model. Subclasses set parameters and sub-modules as attributes and
    define `forward`; calling the module calls `forward`.

    Parameters are found by looking through the attributes: a `Parameter`, a `Module`,
    or a list or tuple of them. Each is named by its path of attribute names, like
    `hidden.weight`.

    >>> class Affine(Module):
    ...     def __init__(self):
    ...         self.scale = Parameter([2.0])
    ...         self.shift = Parameter([1.0])
    ...     def forward(self, x):
    ...         return x * self.scale + self.shift
    >>> [name for name, _ in Affine().named_parameters()]
    ['scale', 'shift']
    """

    training = True  # what train()/eval() switch, in this module and every one below it

    def __call__(self, *args, **kwargs):
        hooks = self.__dict__.get("_module_hooks")
        if not hooks:  # the common call: no hooks were ever registered
            return self.forward(*args, **kwargs)
        return _call_with_hooks(self, hooks, args, kwargs)

    def __setattr__(self, name: str, value) -> None:
        # Parameters are found by walking the attributes: replacing one by a plain
        # Tensor or a number would silently unregister it. Only writes pay; reads of
        # `self.weight` stay plain attribute reads.
        if value is not None and not isinstance(value, Parameter):
            if isinstance(self.__dict__.get(name), Parameter):
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                    "(nn.Parameter or None expected)"
                )
        object.__setattr__(self, name, value)

    def register_forward_pre_hook(self, hook):
        """Call `hook(module, args)` before each forward; it may return new args (a
        tuple, or one value). Returns a handle whose `remove()` unregisters it."""
        return _add_hook(self, "pre", hook)

    def register_forward_hook(self, hook):
        """Call `hook(module, args, output)` after each forward; it may return a new
        output. Returns a handle whose `remove()` unregisters it.

        >>> layer = Linear(2, 1, rng=0)
        >>> handle = layer.register_forward_hook(lambda m, args, out: out * 0 + 7)
        >>> layer(Tensor([[1.0, 2.0]], dtype=np.float32)).item(), handle.remove()
        (7.0, None)
        """
        return _add_hook(self, "forward", hook)

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def named_parameters(self) -> list[tuple[str, Parameter]]:
        """Every parameter with its dotted name, each once (a shared parameter keeps its
        first name)."""
        found, seen = [], set()
        for name, p in _walk(self, ""):
            if isinstance(p, Parameter) and id(p) not in seen:
                seen.add(id(p))
                found.append((name, p))
        return found

    def parameters(self) -> list[Parameter]:
        """Every parameter, in the order of `named_parameters()`."""
        return [p for _, p in self.named_parameters()]

    def named_buffers(self) -> list[tuple[str, Buffer]]:
        """Every buffer with its dotted name, like `named_parameters()`."""
        return [(name, t) for name, t in _walk(self, "") if isinstance(t, Buffer)]

    def buffers(self) -> list[Buffer]:
        """Every buffer, in the order of `named_buffers()`."""
        return [t for _, t in self.named_buffers()]

    def register_buffer(self, name: str, tensor) -> None:
        """Keep `tensor` as the buffer `self.<name>` (None: an empty slot, as in
        PyTorch)."""
        setattr(self, name, None if tensor is None else Buffer(tensor))

    def modules(self) -> list[Module]:
        """This module and every module below it, each once, parents first."""
        found, seen, stack = [], set(), [self]
        while stack:
            module = stack.pop()
            if id(module) not in seen:
                seen.add(id(module))
                found.append(module)
                stack.extend(reversed(_children(module)))
        return found

    def train(self, mode: bool = True) -> Module:
        """Set training mode (`mode=True`) or evaluation mode in this module and every
        one below it; layers like `Dropout` and `BatchNorm1d` act on it. Returns the
        module."""
        if not isinstance(mode, bool):
            raise ValueError(f"training mode is expected to be boolean, got {mode!r}")
        for module in self.modules():
            module.training = mode
        return self

    def eval(self) -> Module:
        """Evaluation mode, everywhere below: `train(False)`."""
        return self.train(False)

    def zero_grad(self) -> None:
        """Forget the accumulated gradients (set each `.grad` to None, like PyTorch's
        default)."""
        for p in self.parameters():
            p.grad = None

    def state_dict(self) -> dict[str, np.ndarray]:
        """A copy of every parameter's and buffer's values, by name: what `save`
        writes."""
        return {name: t.data.copy() for name, t in _named_state(self)}

    def load_state_dict(self, state) -> None:
        """Copy values into the parameters. Names and shapes must match exactly and the
        values be real numbers; if anything is missing, extra, mis-shaped or not a
        number, nothing is changed and the error lists every problem."""
        params = dict(_named_state(self))
        problems = []
        missing = [name for name in params if name not in state]
        unexpected = [name for name in state if name not in params]
        if missing:
            problems.append(f"missing: {', '.join(missing)}")
        if unexpected:
            problems.append(f"unexpected: {', '.join(unexpected)}")
        # every value converted to its parameter's dtype before any parameter changes
        values = {}
        for name, p in params.items():
            if name in state:
                value = np.asarray(
                    state[name].data if isinstance(state[name], Tensor) else state[name]
                )
                if value.shape != p.shape:
                    problems.append(
                        f"{name} has shape {value.shape}, the model expects {p.shape}"
                    )
                elif value.dtype.kind not in "biuf":
                    problems.append(
                        f"{name} holds values of dtype {value.dtype}, not real numbers"
                    )
                else:
                    values[name] = np.array(value, dtype=p.dtype, copy=True)
        if problems:
            raise ValueError(
                f"load_state_dict for {type(self).__name__}: " + "; ".join(problems)
            )
        for name, p in params.items():
            p.data = values[name]

    def save(self, path, *, overwrite: bool = False) -> None:
        """Write `state_dict()` to `path` (a `.npz` file); see
        `tensor_autograd.nn.save`."""
        save(self.state_dict(), path, overwrite=overwrite)

    def load(self, path) -> Module:
        """Load parameters saved by `save` from `path`; returns the module itself."""
        self.load_state_dict(load(path))
        return self


def _walk(value, name: str):
    """(name, parameter or buffer) pairs found in `value` and, through attributes and
    lists, below it."""
    if isinstance(value, (Parameter, Buffer)):
        yield name, value
    elif isinstance(value, Module):
        prefix = name + "." if name else ""
        for attribute, child in vars(value).items():
            yield from _walk(child, prefix + attribute)
    elif isinstance(value, (list, tuple)):
        for i, child in enumerate(value):
            yield from _walk(child, f"{name}.{i}")


def _named_state(module: Module) -> list[tuple[str, Tensor]]:
    """What a state dict holds: every parameter and buffer, each once, by name."""
    found, seen = [], set()
    for name, t in _walk(module, ""):
        if id(t) not in seen:
            seen.add(id(t))
            found.append((name, t))
    return found


def _add_hook(module: Module, kind: str, hook) -> RemovableHandle:
    hooks = module.__dict__.setdefault("_module_hooks", {"pre": {}, "forward": {}})
    handle = RemovableHandle(hooks[kind])
    hooks[kind][handle.id] = hook
    return handle


def _call_with_hooks(module: Module, hooks: dict, args: tuple, kwargs: dict):
    """`module(*args, **kwargs)` with its forward pre-hooks and hooks, as in PyTorch."""
    for hook in list(hooks["pre"].values()):
        new = hook(module, args)
        if new is not None:
            args = new if isinstance(new, tuple) else (new,)
    output = module.forward(*args, **kwargs)
    for hook in list(hooks["forward"].values()):
        new = hook(module, args, output)
        if new is not None:
            output = new
    return output


def _children(module: Module) -> list[Module]:
    """The modules directly below `module`: attributes, and modules in lists and
    tuples."""
    children = []
    for value in vars(module).values():
        items = value if isinstance(value, (list, tuple)) else (value,)
        children.extend(item for item in items if isinstance(item, Module))
    return children


class Linear(Module):
    """y = x @ weightᵀ + bias, with weight of shape (out_features, in_features) as in
    PyTorch.

    It computes `linalg.linear(x, weight, bias)`, the same as `x @ self.weight.T +
    self.bias` in one op with a direct backward (see there).

    PyTorch's default initialisation: weight and bias uniform in ±1/√in_features (what
    `kaiming_uniform_(a=√5)` works out to), which keeps the output's scale near the
    input's.

    Args:
        in_features: size of each input row.
        out_features: size of each output row.
        bias: whether to add a learned bias.
        dtype: the parameters' dtype (float32 by default, like PyTorch).
        rng: a `numpy.random.Generator` or a seed, for reproducible initialisation;
            None draws from the package's generator (`random_state`).

    >>> layer = Linear(3, 2, rng=0)
    >>> layer(Tensor(np.ones((4, 3), dtype=np.float32))).shape
    (4, 2)
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        *,
        dtype=np.float32,
        rng=None,
    ):
        for name, n in (("in_features", in_features), ("out_features", out_features)):
            if not isinstance(n, (int, np.integer)) or n <= 0:
                raise ValueError(
                    f"Linear: {name} must be a positive integer, got {n!r}"
                )
        rng = random_state.generator(rng)  # None: the package's generator
        bound = 1 / math.sqrt(in_features)
        self.weight = Parameter(
            rng.uniform(-bound, bound, (out_features, in_features)), dtype=dtype
        )
        self.bias = (
            Parameter(rng.uniform(-bound, bound, out_features), dtype=dtype)
            if bias
            else None
        )

    def forward(self, x: Tensor) -> Tensor:
        return linalg.linear(x, self.weight, self.bias)


class Sequential(Module):
    """Modules applied one after the other; their parameters are named `0.weight`,
    `1.bias`, ...

    >>> model = Sequential(Linear(4, 8, rng=0), ReLU(), Linear(8, 2, rng=1))
    >>> [name for name, _ in model.named_parameters()]
    ['0.weight', '0.bias', '2.weight', '2.bias']
    """

    def __init__(self, *layers: Module):
        for i, layer in enumerate(layers):
            if not isinstance(layer, Module):
                raise TypeError(
                    f"Sequential: layer {i} is a {type(layer).__name__}, expected a "
                    "Module"
                )
            setattr(self, str(i), layer)

    def __iter__(self):
        return iter(_children(self))

    def __len__(self) -> int:
        return len(_children(self))

    def __getitem__(self, i: int) -> Module:
        return _children(self)[i]

    def forward(self, x: Tensor) -> Tensor:
        for layer in self:
            x = layer(x)
        return x


class ModuleList(Module):
    """A list of modules whose parameters the model sees, named `0.weight`, `1.bias`,
    ... (a plain list works too here, but ModuleList is what PyTorch code uses).

    >>> layers = ModuleList([Linear(2, 2, rng=0) for _ in range(2)])
    >>> _ = layers.append(Tanh())
    >>> len(layers), [name for name, _ in layers.named_parameters()][-1]
    (3, '1.bias')
    """

    def __init__(self, modules=()):
        self.extend(modules)

    def append(self, module: Module) -> ModuleList:
        if not isinstance(module, Module):
            got = type(module).__name__
            raise TypeError(f"ModuleList: got a {got}, expected a Module")
        setattr(self, str(len(self)), module)
        return self

    def extend(self, modules) -> ModuleList:
        for module in modules:
            self.append(module)
        return self

    def __iter__(self):
        return iter(_children(self))

    def __len__(self) -> int:
        return len(_children(self))

    def __getitem__(self, i):
        children = _children(self)
        return ModuleList(children[i]) if isinstance(i, slice) else children[i]

    def forward(self, *args, **kwargs):
        raise NotImplementedError("ModuleList holds modules; call them, not the list")


class ReLU(Module):
    """max(x, 0), as a layer."""

    def forward(self, x: Tensor) -> Tensor:
        return elementwise.relu(x)


class Tanh(Module):
    """tanh(x), as a layer."""

    def forward(self, x: Tensor) -> Tensor:
        return elementwise.tanh(x)


class Sigmoid(Module):
    """1 / (1 + e⁻ˣ), as a layer."""

    def forward(self, x: Tensor) -> Tensor:
        return elementwise.sigmoid(x)


def save(state, path, *, overwrite: bool = False) -> None:
    """Write a state dict (name -> array), or a module's, to the `.npz` file `path`.

    ``np.savez`` builds the archive in memory (no pickles: an object array is an error),
    and the bytes are written to a temporary file in the same folder, then renamed over
    `path` (`atomic_write_bytes`), so a crash never leaves a half-written file behind.
    An existing file is replaced only when `overwrite=True`. A symlink is written
    through, as `np.save` and `torch.save` do: the file it points to is replaced, the
    link stays. Names must be strings without NUL characters (they become file names
    inside the archive).

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "model.npz"
    >>> save({"w": np.ones(2)}, path)
    >>> load(path)["w"]
    array([1., 1.])
    """
    # Imported here: the engine's modules import NumPy only; file plumbing is Part I's.
    from scalar_autograd.plumbing.files import (
        atomic_write_bytes,
        check_output_path,
        stale_note,
    )

    if isinstance(state, Module):
        state = state.state_dict()
    arrays = {}
    for name, value in state.items():
        if (
            not isinstance(name, str)
            or "\0" in name
            or name in ("file", "allow_pickle")
        ):
            raise ValueError(
                f"cannot save the entry {name!r}: names must be strings without NUL "
                "characters "
                "(and not 'file' or 'allow_pickle', which np.savez takes as its own "
                "arguments)"
            )
        arrays[name] = np.asarray(value.data if isinstance(value, Tensor) else value)
    path = os.fspath(path)
    if os.path.lexists(path) and not overwrite:
        raise FileExistsError(
            f"{path} already exists; pass overwrite=True to replace it"
        )
    # A folder, a missing folder, a device or a FIFO is refused even with
    # overwrite=True.
    check_output_path(path, what="the state dict", force=True, option="path")
    # Built in memory first, so an array that cannot be saved fails before any file is
    # touched.
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    atomic_write_bytes(path, buffer.getvalue())
    if note := stale_note(path):  # an earlier save was killed (SIGKILL) halfway
        warnings.warn(note, stacklevel=2)


def load(path) -> dict[str, np.ndarray]:
    """Read a state dict written by `save` (any `.npz` file of arrays; never a
    pickle)."""
    from scalar_autograd.plumbing.files import read_bytes

    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no saved model at {path}")
    data = read_bytes(
        path, "saved state dict"
    )  # a FIFO or a device is refused, not waited on
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValueError(
            f"{path} is not a .npz file (a zip archive of arrays written by save())"
        )
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


# The layers, initialisers and utilities that build on Module (imported last: they
# import it); nn.init and nn.utils are submodules, as in PyTorch.
from . import init, utils  # noqa: E402, F401
from .conv import (  # noqa: E402, F401
    AvgPool1d,
    Conv1d,
    Conv2d,
    Flatten,
    MaxPool1d,
    Unflatten,
)
from .layers import BatchNorm1d, Dropout, Embedding, LayerNorm  # noqa: E402, F401
