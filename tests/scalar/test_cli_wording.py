"""Part I's commands say what happened in plain words: "1 epoch", "left it unchanged"."""

import pytest

from scalar_autograd.cli import create_data, train


@pytest.fixture(autouse=True)
def in_tmp_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("epochs, words", [("1", "1 epoch,"), ("2", "2 epochs,")])
def test_epoch_count_is_pluralised(capsys, epochs, words):
    assert train.main(["--epochs", epochs]) == 0
    assert f"from data/linear.csv: {words} lr 0.1" in capsys.readouterr().out


def test_force_with_the_same_contents_says_unchanged_and_leaves_the_file(in_tmp_cwd, capsys):
    assert create_data.main([]) == 0
    path = in_tmp_cwd / "data" / "linear.csv"
    before = path.stat()
    capsys.readouterr()
    assert create_data.main(["--force"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("data/linear.csv already holds these 500 points") and "left it unchanged" in out
    assert "replaced" not in out
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not rewritten


def test_force_with_other_contents_still_says_replaced(capsys):
    assert create_data.main([]) == 0
    assert create_data.main(["--force", "--seed", "1"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("replaced data/linear.csv with 500 points")
