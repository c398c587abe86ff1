"""`--plot PATH` / `save_loss_curve`: a .png name, checked before training; only an earlier plot of
ours (marked in its PNG metadata) is replaced, anything else only with --force."""

import os

import pytest
from outside_files import matplotlib_figure
from scalar_autograd.cli.data import write_csv
from scalar_autograd.cli.plot import check_plot_path, loss_curve_png, save_loss_curve
from scalar_autograd.plumbing.files import FilePathError
from scalar_autograd.cli.train import main

REFUSED = (
    "that file exists and is not the loss curve written by this package; refusing to replace it "
    "(choose another --plot path, remove the file, or pass --force)"
)


@pytest.fixture(autouse=True)
def in_tmp_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def no_training(monkeypatch):
    def fit(*args, **kwargs):
        raise AssertionError("training started before --plot was checked")

    monkeypatch.setattr("scalar_autograd.cli.train.fit", fit)


def test_plot_onto_the_training_data_is_refused_before_training(in_tmp_cwd, capsys, no_training):
    write_csv("data/linear.csv", [0.0, 1.0], [-1.0, 0.0])
    before = (in_tmp_cwd / "data" / "linear.csv").read_bytes()
    assert main(["--plot", "data/linear.csv"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(
        "train: error: cannot write the loss curve to data/linear.csv: the name must end in .png"
    )
    assert (in_tmp_cwd / "data" / "linear.csv").read_bytes() == before


@pytest.mark.parametrize("contents", [b"\xff\xd8\xff\xe0 a JPEG photo", b"\x89PNG\r\n\x1a\n a photo, not a plot"])
def test_an_unrelated_image_is_not_overwritten(in_tmp_cwd, capsys, no_training, contents):
    (in_tmp_cwd / "photo.png").write_bytes(contents)
    assert main(["--plot", "photo.png"]) == 1
    assert capsys.readouterr().err == f"train: error: cannot write the loss curve to photo.png: {REFUSED}\n"
    assert (in_tmp_cwd / "photo.png").read_bytes() == contents


def test_a_users_matplotlib_png_is_not_overwritten(in_tmp_cwd, capsys, no_training):
    contents = matplotlib_figure(in_tmp_cwd / "thesis.png")
    assert main(["--plot", "thesis.png"]) == 1
    assert REFUSED in capsys.readouterr().err
    assert (in_tmp_cwd / "thesis.png").read_bytes() == contents


def test_force_replaces_a_file_that_is_not_ours(in_tmp_cwd, capsys):
    write_csv("data/linear.csv", [-1.0, 0.0, 1.0, 2.0], [-2.0, -1.0, 0.0, 1.0])
    contents = matplotlib_figure(in_tmp_cwd / "thesis.png")
    assert main(["--epochs", "2", "--plot", "thesis.png", "--force"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "replaced loss curve thesis.png"
    assert (in_tmp_cwd / "thesis.png").read_bytes() != contents
    assert check_plot_path("thesis.png") == "replaced"  # now ours: no --force needed next time


def test_help_documents_force(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--force" in out and "earlier plot of ours" in out


@pytest.mark.parametrize(
    "name, expected",
    [
        ("plots", "cannot write the loss curve to plots: it is a folder; give a file name, such as plots/loss.png"),
        ("notes.txt/loss.png", "cannot write the loss curve to notes.txt/loss.png: notes.txt is a file, not a folder"),
        ("loss.svg", "cannot write the loss curve to loss.svg: the name must end in .png"),

    ],
)
def test_other_bad_paths_fail_before_training(in_tmp_cwd, capsys, no_training, name, expected):
    (in_tmp_cwd / "plots").mkdir()
    (in_tmp_cwd / "notes.txt").write_text("mine")
    assert main(["--plot", name]) == 1
    assert capsys.readouterr().err.startswith(f"train: error: {expected}")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_even_with_force(in_tmp_cwd, capsys, no_training):
    os.mkfifo(in_tmp_cwd / "loss.png")
    assert main(["--plot", "loss.png", "--force"]) == 1
    assert "loss.png: it is a FIFO (named pipe), not a regular file" in capsys.readouterr().err


def test_an_earlier_plot_is_replaced_and_the_message_says_so(in_tmp_cwd, capsys):
    write_csv("data/linear.csv", [-1.0, 0.0, 1.0, 2.0], [-2.0, -1.0, 0.0, 1.0])
    (in_tmp_cwd / "out").mkdir()
    assert main(["--epochs", "3", "--plot", "out/loss.png"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "wrote loss curve out/loss.png"
    first = (in_tmp_cwd / "out" / "loss.png").read_bytes()
    assert main(["--epochs", "5", "--plot", "out/loss.png"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "replaced loss curve out/loss.png"
    assert (in_tmp_cwd / "out" / "loss.png").read_bytes() != first
    assert sorted(p.name for p in (in_tmp_cwd / "out").iterdir()) == ["loss.png"]  # no temp file


def test_the_library_function_refuses_too(in_tmp_cwd):
    (in_tmp_cwd / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\nnot ours")
    with pytest.raises(FilePathError, match="refusing to replace it"):
        save_loss_curve([1.0, 0.5], "photo.png")
    save_loss_curve([1.0, 0.5], "photo.png", force=True)
    with pytest.raises(ValueError, match="must end in .png"):
        save_loss_curve([1.0, 0.5], "loss.pdf")
    (in_tmp_cwd / "earlier.png").write_bytes(loss_curve_png([3.0, 1.0]))
    assert check_plot_path("earlier.png") == "replaced" and check_plot_path("new.png") == "wrote"
    assert check_plot_path("LOSS.PNG") == "wrote"  # the suffix in any case
