"""`python -m scalar_autograd.create_data`: options, determinism, refusing to overwrite."""

import subprocess
import sys

import pytest

from scalar_autograd.cli.create_data import main, make_linear_data
from scalar_autograd.cli.data import read_csv


@pytest.fixture(autouse=True)
def in_tmp_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_write_data_linear_csv(in_tmp_cwd, capsys):
    assert main([]) == 0
    xs, ys = read_csv(in_tmp_cwd / "data" / "linear.csv")
    assert len(xs) == 500
    assert all(-2.0 <= x <= 2.0 for x in xs)
    residuals = [y - (x - 1) for x, y in zip(xs, ys)]
    assert 0.03 < (sum(r * r for r in residuals) / len(xs)) ** 0.5 < 0.07  # noise 0.05
    assert "wrote data/linear.csv with 500 points" in capsys.readouterr().out


def test_options(in_tmp_cwd):
    (in_tmp_cwd / "out").mkdir()
    assert main(["--path", "out/d.csv", "--size", "7", "--noise", "0", "--seed", "3"]) == 0
    xs, ys = read_csv(in_tmp_cwd / "out" / "d.csv")
    assert len(xs) == 7
    assert all(abs(y - (x - 1)) < 1e-12 for x, y in zip(xs, ys))
    assert (xs, ys) == make_linear_data(7, 0.0, 3)


def test_same_seed_same_file_different_seed_refused(in_tmp_cwd, capsys):
    assert main(["--seed", "1"]) == 0
    before = (in_tmp_cwd / "data" / "linear.csv").read_bytes()
    assert main(["--seed", "1"]) == 0
    assert "left it unchanged" in capsys.readouterr().out
    assert main(["--seed", "2"]) == 1
    err = capsys.readouterr().err
    assert "data/linear.csv already exists with different contents" in err and "--force" in err
    assert (in_tmp_cwd / "data" / "linear.csv").read_bytes() == before
    assert main(["--seed", "2", "--force"]) == 0
    assert "replaced data/linear.csv" in capsys.readouterr().out
    assert (in_tmp_cwd / "data" / "linear.csv").read_bytes() != before


def test_no_temp_files_left_behind(in_tmp_cwd):
    main(["--size", "5"])
    main(["--size", "6", "--force"])
    assert [p.name for p in (in_tmp_cwd / "data").iterdir()] == ["linear.csv"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--size", "0"], "argument --size: expected a whole number from 1 to 1,000,000, got 0"),
        (["--size", "ten"], "argument --size: expected a whole number from 1 to 1,000,000, got 'ten'"),
        (["--size", "10000000000"],
         "argument --size: expected a whole number from 1 to 1,000,000, got 10000000000"),
        (["--noise", "-1"], "argument --noise: expected a finite number >= 0, got -1"),
        (["--noise", "nan"], "argument --noise: expected a finite number >= 0, got nan"),
        # the same number types as tensor_autograd's commands
        (["--seed", "-1"], "argument --seed: expected a whole number >= 0, got -1"),
        (["--seed", "1_0"], "argument --seed: expected a whole number >= 0, got '1_0'"),
    ],
)
def test_bad_options_exit_2_with_a_message(argv, message, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_runs_as_a_module(in_tmp_cwd):
    run = subprocess.run(
        [sys.executable, "-m", "scalar_autograd.create_data", "--size", "3", "--path", "x.csv"],
        capture_output=True, text=True, check=True,
    )
    assert "wrote x.csv with 3 points" in run.stdout
    helped = subprocess.run([sys.executable, "-m", "scalar_autograd.create_data", "--help"],
                            capture_output=True, text=True, check=True)
    for option in ("--path", "--size", "--noise", "--seed", "--force", "data/linear.csv"):
        assert option in helped.stdout


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_folder_as_path_is_named_as_a_folder(in_tmp_cwd, capsys, force):
    (in_tmp_cwd / "data").mkdir()
    assert main(["--path", "data", *force]) == 1
    err = capsys.readouterr().err
    assert "create_data: error: data is a folder, not a CSV file; give a file path such as data/linear.csv" in err
    assert "already exists" not in err
    assert list((in_tmp_cwd / "data").iterdir()) == []
