"""`read_csv`: a header other than `x,y` is named as a header, not as a bad number."""

import pytest

from scalar_autograd.cli.data import DataError, read_csv
from scalar_autograd.cli.train import main


@pytest.mark.parametrize("header", ["a,b", "y,x", "X;Y", "time,value,unit", "x"])
def test_a_wrong_header_is_named_with_the_expected_one(tmp_path, header):
    path = tmp_path / "points.csv"
    path.write_text(f"{header}\n1.0,0.0\n")
    with pytest.raises(DataError) as info:
        read_csv(path)
    assert str(info.value) == (
        f"{path}, line 1: the header is {header!r}, expected 'x,y' "
        "(column x first, then y), or no header and rows of two numbers"
    )


@pytest.mark.parametrize("text", ["x,y\n1,0\n", " X , Y \n1,0\n", "\n\nx,y\n1,0\n", "1,0\n"])
def test_the_x_y_header_or_none_is_read(tmp_path, text):
    path = tmp_path / "points.csv"
    path.write_text(text)
    assert read_csv(path) == ([1.0], [0.0])


def test_a_bad_number_in_a_row_is_still_a_bad_number(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("1,zero\n")  # no header; one field is a number, so this is a row
    with pytest.raises(DataError, match=r"line 1: y is 'zero', expected a finite number"):
        read_csv(path)


def test_the_train_command_reports_the_header(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "swapped.csv").write_text("y,x\n0,1\n")
    assert main(["--data", "swapped.csv"]) == 1
    assert capsys.readouterr().err.startswith(
        "train: error: swapped.csv, line 1: the header is 'y,x', expected 'x,y'"
    )
