"""Every place either package reads or writes a user-named file refuses a FIFO or a device at once
(reading a FIFO would wait forever for a writer; writing "over" /dev/null would replace the device
with a regular file when run as root)."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest
from scalar_autograd.cli import create_data
from scalar_autograd.cli.data import DataError, read_csv, write_csv
from scalar_autograd.plumbing.files import FilePathError
from tensor_autograd import nn
from tensor_autograd.data import DataError as TensorDataError
from tensor_autograd.data.loading import read_gender_csv
from tensor_autograd.training.checkpoint import (
    ModelFileError,
    check_save_path,
    load_model,
)

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "f.csv"
    os.mkfifo(path)
    return path


def _returns_promptly(call):
    """Run `call` in a thread; fail (rather than hang the suite) if it blocks on the FIFO."""
    outcome = {}

    def target():
        try:
            outcome["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "blocked on the FIFO"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def test_scalar_read_csv_refuses_a_fifo(fifo):
    with pytest.raises(DataError, match="FIFO"):
        _returns_promptly(lambda: read_csv(fifo))


def test_scalar_write_csv_refuses_a_fifo_and_a_device_even_with_force(fifo):
    with pytest.raises(FilePathError, match="FIFO"):
        _returns_promptly(lambda: write_csv(fifo, [1.0], [0.0], force=True))
    with pytest.raises(FilePathError, match="character device"):
        write_csv("/dev/null", [1.0], [0.0], force=True)
    assert not os.path.isfile("/dev/null")


def test_create_data_refuses_dev_null_even_with_force(capsys):
    assert create_data.main(["--path", "/dev/null", "--force", "--size", "3"]) == 1
    assert "create_data: error: cannot write the data to /dev/null: it is a character device" in \
        capsys.readouterr().err
    assert not os.path.isfile("/dev/null")


def test_create_data_refuses_a_fifo(fifo, capsys):
    assert _returns_promptly(lambda: create_data.main(["--path", str(fifo), "--force"])) == 1
    assert "FIFO" in capsys.readouterr().err


def test_create_data_size_is_capped(capsys):
    with pytest.raises(SystemExit) as info:
        create_data.main(["--size", str(create_data.MAX_SIZE + 1)])
    assert info.value.code == 2
    assert "expected a whole number from 1 to 1,000,000" in capsys.readouterr().err
    with pytest.raises(ValueError, match="from 1 to 1,000,000"):
        create_data.make_linear_data(10**12)


def test_tensor_csv_reader_refuses_a_fifo(fifo):
    with pytest.raises(TensorDataError, match="FIFO"):
        _returns_promptly(lambda: read_gender_csv(fifo))


def test_model_files_refuse_a_fifo_and_a_device(tmp_path):
    model = tmp_path / "m.npz"
    os.mkfifo(model)
    with pytest.raises(ModelFileError, match="FIFO"):
        _returns_promptly(lambda: load_model(model))
    with pytest.raises(ModelFileError, match="FIFO"):
        _returns_promptly(lambda: check_save_path(model))
    with pytest.raises(ModelFileError, match="character device"):
        check_save_path("/dev/null")


def test_nn_save_and_load_refuse_a_fifo_and_a_device(fifo):
    with pytest.raises(FilePathError, match="FIFO"):
        _returns_promptly(lambda: nn.save({"w": np.ones(2)}, fifo, overwrite=True))
    with pytest.raises(FilePathError, match="FIFO"):
        _returns_promptly(lambda: nn.load(fifo))
    with pytest.raises(FilePathError, match="character device"):
        nn.save({"w": np.ones(2)}, "/dev/null", overwrite=True)
    assert not os.path.isfile("/dev/null")
