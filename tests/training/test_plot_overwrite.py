"""`train --plot PATH`: an existing file is only replaced when it is an earlier plot of ours (marked
in its metadata) or with --force, every format we write can be recognised, and the output says which."""

from __future__ import annotations

import os

import pytest
from outside_files import matplotlib_figure
from tensor_autograd.cli import train

from .conftest import FAST, run_train

REFUSED = "that file exists and is not the loss curve written by this package; refusing to replace it"


@pytest.fixture
def no_training(monkeypatch):
    def fit(*args, **kwargs):
        raise AssertionError("training started before --plot was checked")

    monkeypatch.setattr(train, "fit", fit)


@pytest.mark.parametrize(
    "name, contents",
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR a holiday photo"),  # a PNG, but not ours
        ("photo.png", b"\xff\xd8\xff\xe0 a JPEG named .png"),
    ],
)
def test_an_unrelated_file_is_refused_before_training(tmp_path, capsys, no_training, name, contents):
    path = tmp_path / name
    path.write_bytes(contents)
    status, out = run_train(*FAST, "--plot", str(path))
    assert status == 1 and out == ""
    err = capsys.readouterr().err
    assert f"cannot write the loss curve to {path}: {REFUSED}" in err and "--force" in err
    assert path.read_bytes() == contents


@pytest.mark.parametrize("name", ["gender.csv", "notes", "figure.jpg", "loss.tiff", "loss.svgz"])
def test_a_format_that_cannot_be_marked_is_refused(tmp_path, capsys, no_training, name):
    # A .jpg (or no suffix) could not be recognised next time: refuse it at once, saying which can.
    path = tmp_path / name
    status, _ = run_train(*FAST, "--plot", str(path))
    assert status == 1 and not path.exists()
    assert "the name must end in .png, .svg, .pdf, .ps, .eps" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf", ".eps"])
def test_a_users_matplotlib_figure_is_not_replaced(tmp_path, capsys, no_training, suffix):
    path = tmp_path / f"thesis{suffix}"
    contents = matplotlib_figure(path)
    status, _ = run_train(*FAST, "--plot", str(path))
    assert status == 1 and REFUSED in capsys.readouterr().err
    assert path.read_bytes() == contents


def test_force_replaces_a_file_that_is_not_ours(tmp_path, capsys):
    path = tmp_path / "thesis.png"
    contents = matplotlib_figure(path)
    status, out = run_train(*FAST, "--plot", str(path), "--force")
    assert status == 0 and out.splitlines()[-1] == f"replaced loss curve {path}"
    assert path.read_bytes() != contents


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_or_device_is_refused_even_with_force(tmp_path, capsys, no_training):
    fifo = tmp_path / "loss.png"
    os.mkfifo(fifo)
    status, _ = run_train(*FAST, "--plot", str(fifo), "--force")
    assert status == 1 and "FIFO (named pipe), not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf", ".ps", ".eps"])
def test_an_earlier_plot_is_replaced_and_the_message_says_so(tmp_path, suffix):
    path = tmp_path / f"loss{suffix}"
    status, out = run_train(*FAST, "--plot", str(path))
    assert status == 0 and out.splitlines()[-1] == f"wrote loss curve {path}"
    first = path.read_bytes()
    status, out = run_train(*FAST, "--epochs", "3", "--plot", str(path))
    assert status == 0 and out.splitlines()[-1] == f"replaced loss curve {path}"
    assert path.read_bytes() != first
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "kagglehub-cache") == [path.name]


def test_a_file_that_appears_during_training_is_not_overwritten(tmp_path, monkeypatch, capsys):
    path = tmp_path / "loss.png"
    real_fit = train.fit

    def fit_then_someone_saves_a_photo(*args, **kwargs):
        curve = real_fit(*args, **kwargs)
        path.write_bytes(b"\x89PNG\r\n\x1a\n a photo")
        return curve

    monkeypatch.setattr(train, "fit", fit_then_someone_saves_a_photo)
    status, _ = run_train(*FAST, "--plot", str(path))
    assert status == 1 and REFUSED in capsys.readouterr().err
    assert path.read_bytes() == b"\x89PNG\r\n\x1a\n a photo"


def test_help_says_only_an_earlier_plot_is_replaced(capsys):
    with pytest.raises(SystemExit):
        train.main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "only replaced if it is an earlier plot" in out and "--force" in out
