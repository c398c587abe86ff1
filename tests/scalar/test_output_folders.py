"""Part I's outputs need an existing folder, like Part II's: a typo in a folder is refused,
naming it. Only the default data/ folder is created."""

import pytest

from scalar_autograd.cli import create_data, train


@pytest.fixture(autouse=True)
def in_tmp_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_create_data_refuses_a_missing_folder(in_tmp_cwd, capsys):
    assert create_data.main(["--path", "nD/sub/x.csv"]) == 1
    assert "folder nD/sub does not exist" in capsys.readouterr().err
    assert list(in_tmp_cwd.iterdir()) == []


@pytest.mark.parametrize("argv", [[], ["--path", "data/other.csv"]])
def test_create_data_still_creates_the_default_data_folder(in_tmp_cwd, argv):
    assert create_data.main(argv) == 0
    assert (in_tmp_cwd / "data").is_dir()


def test_train_plot_refuses_a_missing_folder_before_training(in_tmp_cwd, capsys):
    pytest.importorskip("matplotlib")
    assert train.main(["--epochs", "1", "--plot", "nC/sub/l.png"]) == 1
    captured = capsys.readouterr()
    assert "folder nC/sub does not exist" in captured.err
    assert "training" not in captured.out
    assert not (in_tmp_cwd / "nC").exists()


def test_train_still_creates_the_default_data_file(in_tmp_cwd):
    assert train.main(["--epochs", "1"]) == 0
    assert (in_tmp_cwd / "data" / "linear.csv").is_file()
