"""CSV reading and writing: clear errors naming file and line, atomic writes, no silent overwrite."""

import os
import stat

import pytest

from scalar_autograd.cli import data
from scalar_autograd.cli.data import DataError, read_csv, write_csv


def test_round_trip_is_exact(tmp_path):
    xs, ys = [0.1, -1 / 3, 1e-17], [2.0, 3.5, -7.25]
    path = write_csv(tmp_path / "d.csv", xs, ys)
    assert read_csv(path) == (xs, ys)
    assert path.read_text().splitlines()[0] == "x,y"


def test_header_is_optional_and_blank_lines_are_skipped(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("1, 2\n\n 3 ,4 \n")
    assert read_csv(path) == ([1.0, 3.0], [2.0, 4.0])
    path.write_text("X, Y\r\n1,2\r\n")
    assert read_csv(path) == ([1.0], [2.0])


def test_missing_file_is_named(tmp_path):
    path = tmp_path / "nope.csv"
    with pytest.raises(DataError, match=f"{path}: no such file"):
        read_csv(path)


@pytest.mark.parametrize("content", ["", "\n\n", "x,y\n", "x,y\n\n"])
def test_empty_file_is_named(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_text(content)
    with pytest.raises(DataError, match=f"{path}: is empty"):
        read_csv(path)


@pytest.mark.parametrize(
    "content, line, detail",
    [
        ("x,y\n1,2\n3\n", 3, "expected 2 comma-separated numbers 'x,y', got 1 field"),
        ("x,y\n1,2,3\n", 2, "got 3 field"),
        ("x,y\n1,2\nabc,4\n", 3, "x is 'abc', expected a finite number"),
        ("x,y\n1,\n", 2, "y is '', expected a finite number"),
        ("1,2\n2,nan\n", 2, "y is 'nan'"),
        ("1,2\ninf,2\n", 2, "x is 'inf'"),
        ("x,y\n1,2\nx,y\n", 3, "x is 'x'"),  # a header only counts on top
    ],
)
def test_malformed_file_names_file_and_line(tmp_path, content, line, detail):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(DataError) as info:
        read_csv(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {line}: ")
    assert detail in message


def test_binary_file_and_directory(tmp_path):
    path = tmp_path / "bin.csv"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DataError, match="not a UTF-8 text file"):
        read_csv(path)
    with pytest.raises(DataError, match="is a directory"):
        read_csv(tmp_path)


def test_write_creates_folders_and_normal_permissions(tmp_path):
    path = write_csv(tmp_path / "a" / "b" / "d.csv", [1.0], [2.0])
    assert path.exists()
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_refuses_to_replace_a_different_file(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("precious\n")
    with pytest.raises(FileExistsError, match="already exists with different contents.*--force"):
        write_csv(path, [1.0], [2.0])
    assert path.read_text() == "precious\n"


def test_same_contents_is_fine_and_force_replaces(tmp_path):
    path = write_csv(tmp_path / "d.csv", [1.0], [2.0])
    mtime = path.stat().st_mtime_ns
    write_csv(path, [1.0], [2.0])  # identical: nothing to refuse, nothing to write
    assert path.stat().st_mtime_ns == mtime
    write_csv(path, [5.0], [6.0], force=True)
    assert read_csv(path) == ([5.0], [6.0])


def test_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "d.csv", [1.0], [2.0])

    def crash(src, dst):
        raise OSError("disk on fire")

    monkeypatch.setattr(data.os, "replace", crash)
    with pytest.raises(OSError, match="disk on fire"):
        write_csv(path, [9.0], [9.0], force=True)
    assert read_csv(path) == ([1.0], [2.0])
    assert [p.name for p in tmp_path.iterdir()] == ["d.csv"]


def test_write_checks_lengths(tmp_path):
    with pytest.raises(ValueError, match="differ in length: 2 != 1"):
        write_csv(tmp_path / "d.csv", [1.0, 2.0], [1.0])


# Issue 8 item 15: read what Part II's loader (csv module, utf-8-sig, pandas numbers) reads.
@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbfx,y\n1,2\n3,4\n",  # a byte-order mark, as spreadsheets write
        b'"x","y"\n"1","2"\n" 3 ",4\n',  # quoted header and numbers
        b"\xef\xbb\xbf1,2\r\n3,4\r\n",  # a BOM with no header
        b"x,y,\n1,2,\n3,4,\n",  # a trailing comma on every line
    ],
)
def test_reads_a_bom_quotes_and_trailing_commas_like_part_two(tmp_path, raw):
    path = tmp_path / "d.csv"
    path.write_bytes(raw)
    assert read_csv(path) == ([1.0, 3.0], [2.0, 4.0])


@pytest.mark.parametrize("field", ["1_0", "\u0661"])  # float() reads both; pandas does not
def test_rejects_what_part_two_rejects(tmp_path, field):
    path = tmp_path / "d.csv"
    path.write_text(f"x,y\n1,2\n{field},3\n", encoding="utf-8")
    with pytest.raises(DataError, match=f"line 3: x is '{field}', expected a finite number"):
        read_csv(path)


def test_read_csv_lines_gives_each_point_its_line(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("x,y\n\n1,2\n\n3,4\n")
    assert data.read_csv_lines(path) == ([1.0, 3.0], [2.0, 4.0], [3, 5])
