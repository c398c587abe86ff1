"""`train --plot PATH`: an existing file is only replaced when it is an earlier plot, and the output says which."""

from __future__ import annotations

import pytest

from tensor_autograd import train

from .conftest import FAST, run_train



@pytest.fixture
def no_training(monkeypatch):
    def fit(*args, **kwargs):
        raise AssertionError("training started before --plot was checked")

    monkeypatch.setattr(train, "fit", fit)


@pytest.mark.parametrize(
    "name, contents",
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR a holiday photo"),  # a PNG, but not matplotlib's
        ("photo.png", b"\xff\xd8\xff\xe0 a JPEG named .png"),
        ("gender.csv", b"Gender,Age\nmale,30\n"),
        ("notes", b"no suffix: drawn as PNG, and this is no PNG"),
        ("figure.jpg", b"\xff\xd8\xff\xe0 matplotlib"),  # a JPEG carries no mark of its maker: never replaced
    ],
)
def test_an_unrelated_file_is_refused_before_training(tmp_path, capsys, no_training, name, contents):
    path = tmp_path / name
    path.write_bytes(contents)
    status, out = run_train(*FAST, "--plot", str(path))
    assert status == 1 and out == ""
    err = capsys.readouterr().err
    if name.endswith(".csv"):
        assert "matplotlib writes no '.csv' images" in err
    else:
        assert f"cannot draw the loss curve into {path}: that file exists and is not an earlier loss curve" in err
        assert "refusing to overwrite it" in err
    assert path.read_bytes() == contents


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
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
    assert status == 1 and "refusing to overwrite it" in capsys.readouterr().err
    assert path.read_bytes() == b"\x89PNG\r\n\x1a\n a photo"


def test_help_says_only_an_earlier_plot_is_replaced(capsys):
    with pytest.raises(SystemExit):
        train.main(["--help"])
    assert "only replaced if it is an earlier plot" in " ".join(capsys.readouterr().out.split())
