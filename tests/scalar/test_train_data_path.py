"""`train --data`: only the default data file is made up when missing; a typo is an error."""

import pytest

from scalar_autograd.cli.train import main


@pytest.fixture(autouse=True)
def in_tmp_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_data_inside_a_file_suggests_the_file_not_a_create_data_that_fails(in_tmp_cwd, capsys):
    (in_tmp_cwd / "lin.csv").write_text("x,y\n1,0\n")
    assert main(["--data", "lin.csv/x.csv", "--epochs", "1"]) == 1
    err = capsys.readouterr().err
    assert "lin.csv is a file, not a folder; did you mean --data lin.csv?" in err
    assert "create_data" not in err


@pytest.mark.parametrize("path", ["deep/er/d.csv", "nD/x.csv"])
def test_data_in_a_missing_folder_says_to_create_the_folder_first(in_tmp_cwd, capsys, path):
    assert main(["--data", path, "--epochs", "1"]) == 1
    folder = path.rsplit("/", 1)[0]
    assert f"folder {folder} does not exist; create the folder, then the data with" in capsys.readouterr().err
    assert list(in_tmp_cwd.iterdir()) == []


@pytest.mark.parametrize("path", ["data/lineer.csv", "my-points.csv"])
def test_a_missing_explicit_data_file_is_an_error_not_made_up_data(in_tmp_cwd, capsys, path):
    assert main(["--data", path, "--epochs", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # no training on invented points
    assert captured.err == (
        f"train: error: {path}: no such file; create it with "
        f"`python -m scalar_autograd.create_data --path {path}` "
        "(only the default data/linear.csv is created automatically)\n"
    )
    assert list(in_tmp_cwd.iterdir()) == []  # nothing created, not even a folder


@pytest.mark.parametrize("argv", [[], ["--data", "data/linear.csv"], ["--data", "./data/linear.csv"]])
def test_the_default_data_file_is_still_created_and_announced(in_tmp_cwd, capsys, argv):
    assert main([*argv, "--epochs", "1"]) == 0
    assert capsys.readouterr().out.startswith("data/linear.csv not found: creating it (500 points")
    assert (in_tmp_cwd / "data" / "linear.csv").is_file()


def test_the_advice_works(in_tmp_cwd, capsys):
    from scalar_autograd.cli.create_data import main as create_data

    assert create_data(["--path", "my-points.csv"]) == 0
    assert main(["--data", "my-points.csv", "--epochs", "1"]) == 0
    assert "training y = w*x + b on 500 points from my-points.csv" in capsys.readouterr().out


def test_help_says_only_the_default_is_created(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "only the default is created when missing" in text
    assert "python -m scalar_autograd.create_data --path PATH" in text
