"""The saved-model file: one ``.npz`` holding the weights and everything needed to use
them.

Besides the parameter arrays (``param:<name>``, named as in the model's
``state_dict()``) the file carries a JSON header ``__meta__``: the task, the feature and
target names, the architecture, and the scalers — so ``predict`` can scale raw inputs
and turn the output back into dollars without the training data. Nothing is pickled:
``np.load(..., allow_pickle=False)`` reads it, so opening a model file cannot run code.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scalar_autograd.plumbing.files import (
    FilePathError,
    atomic_write_bytes,
    check_output_path,
    read_bytes,
)

FORMAT = "tensor_autograd.model"
FORMAT_VERSION = 1
_META = "__meta__"
_PARAM = "param:"


class ModelFileError(ValueError):
    """A model file that is missing, unreadable, not ours, or made for another task."""


@dataclass(frozen=True)
class SavedModel:
    """What a model file holds: its JSON header and its parameters by name (a state
    dict)."""

    meta: dict[str, Any]
    state: dict[str, np.ndarray]

    @property
    def task(self) -> str:
        return self.meta["task"]


def model_bytes(state: dict[str, np.ndarray], meta: dict[str, Any]) -> bytes:
    """The ``.npz`` contents for a state dict and ``meta`` (``format`` and ``version``
    are added)."""
    header = {"format": FORMAT, "version": FORMAT_VERSION, **meta}
    arrays = {_PARAM + name: np.asarray(value) for name, value in state.items()}
    buffer = io.BytesIO()
    np.savez(buffer, **{_META: np.array(json.dumps(header))}, **arrays)
    return buffer.getvalue()


def save_model(
    path: str | os.PathLike[str], state: dict[str, np.ndarray], meta: dict[str, Any]
) -> str:
    """Write a model file atomically and return what happened (``"wrote"`` or
    ``"replaced"``).

    An existing model file is replaced (and the caller says so); any other existing file
    is left alone, so a typo in ``--save`` cannot destroy, say, the data set.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "m.npz"
    >>> save_model(path, {"0.weight": np.ones((1, 2))}, {"task": "regress"})
    'wrote'
    >>> load_model(path, task="regress").state["0.weight"].tolist()
    [[1.0, 1.0]]
    """
    path = Path(path)
    check_save_path(path)
    action = "replaced" if path.exists() else "wrote"
    atomic_write_bytes(path, model_bytes(state, meta))
    return action


def check_save_path(path: str | os.PathLike[str]) -> None:
    """Raise a ModelFileError unless `save_model` can write `path`: a new file in an
    existing folder, or a model file to replace. Call it before training, so a typo
    fails at once, not after the run.

    >>> import tempfile, pathlib
    >>> check_save_path(pathlib.Path(tempfile.mkdtemp()) / "no-such-folder" / "m.npz")
    ... # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    tensor_autograd.training.checkpoint.ModelFileError: cannot save the model to
    .../m.npz: folder ... does not exist
    """
    path = Path(path)
    if path.is_dir():
        raise ModelFileError(
            f"cannot save the model to {path}: it is a folder; give a file name, such "
            f"as {path / 'model.npz'}"
        )
    folder = path.parent
    if not folder.is_dir():
        problem = (
            f"{folder} is a file, not a folder"
            if folder.exists()
            else f"folder {folder} does not exist"
        )
        raise ModelFileError(f"cannot save the model to {path}: {problem}")
    try:  # a device or FIFO, or a folder we cannot write to
        check_output_path(path, what="the model", force=True, option="--save path")
    except FilePathError as error:
        raise ModelFileError(str(error)) from None
    if path.exists():
        try:
            load_model(path)
        except ModelFileError:
            raise ModelFileError(
                f"{path} exists and is not a model saved by tensor_autograd; refusing "
                "to overwrite it "
                f"(choose another --save path or remove that file)"
            ) from None


def load_model(path: str | os.PathLike[str], task: str | None = None) -> SavedModel:
    """Read a model file, checking that it is ours and, when ``task`` is given, made for
    that task."""
    path = Path(path)
    if not path.exists():
        raise ModelFileError(
            f"model file {path} does not exist; train one with "
            f"`python -m tensor_autograd.train --save {path}`"
        )
    if path.is_dir():
        raise ModelFileError(
            f"model file {path} is a folder, not a file saved by tensor_autograd.train"
        )
    not_ours = (
        f"{path} is not a model saved by tensor_autograd.train (corrupt, truncated or "
        "another kind of file)"
    )
    # Check for a zip archive (what .npz is) first: on anything else, such as a CSV,
    # np.load guesses "pickled data" and its message suggests allow_pickle=True, which
    # is exactly what not to do.
    # Read whole (model files are small), refusing a FIFO or device rather than
    # waiting on it.
    try:
        data = read_bytes(path, "model file")
    except FilePathError as error:
        raise ModelFileError(str(error)) from None
    except OSError as error:
        raise ModelFileError(
            f"cannot read the model file {path}: {error.strerror or error}"
        ) from error
    is_zip = zipfile.is_zipfile(io.BytesIO(data))
    if not is_zip:
        raise ModelFileError(
            f"{path} is not a model saved by tensor_autograd.train: it is not a .npz "
            "archive at all "
            "(model files are the .npz archives that `python -m tensor_autograd.train "
            "--save PATH` writes)"
        )
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            if _META not in archive.files:
                raise ModelFileError(f"{not_ours}: it has no {_META} entry")
            meta = json.loads(str(archive[_META]))
            state = {
                name[len(_PARAM) :]: archive[name]
                for name in archive.files
                if name.startswith(_PARAM)
            }
    except ModelFileError:
        raise
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        raise ModelFileError(f"{not_ours}: {type(error).__name__}: {error}") from error
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelFileError(f"{not_ours}: its header does not say format {FORMAT!r}")
    if meta.get("version") != FORMAT_VERSION:
        raise ModelFileError(
            f"{path} is a tensor_autograd model of format version "
            f"{meta.get('version')}, but this version "
            f"of the package reads version {FORMAT_VERSION}; retrain it with `python "
            "-m tensor_autograd.train`"
        )
    if task is not None and meta.get("task") != task:
        raise ModelFileError(
            f"{path} is a model for the task {meta.get('task')!r}, not {task!r}; "
            f"train one with `python -m tensor_autograd.train --task {task} --save "
            "PATH`"
        )
    return SavedModel(meta, state)
