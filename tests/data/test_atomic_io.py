"""Files are written whole or not at all, only as regular files, and never through a device."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from outside_files import SIGTERM_AT_FSYNC
from scalar_autograd.plumbing.files import (
    FilePathError,
    atomic_write_bytes,
    atomic_write_text,
    check_input_file,
    check_output_path,
    read_bytes,
    stale_note,
)

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "f.txt"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert os.listdir(tmp_path) == ["f.txt"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "f.txt"
    target.write_text("old")

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_bytes(target, b"new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["f.txt"]


def test_a_missing_folder_is_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        atomic_write_text(tmp_path / "nope" / "f.txt", "x")


def test_make_folders_creates_them(tmp_path):
    atomic_write_text(tmp_path / "a" / "b" / "f.txt", "x", make_folders=True)
    assert (tmp_path / "a" / "b" / "f.txt").read_text() == "x"


def test_an_existing_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "f.txt"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    # Like open(path, "wb"), np.save and torch.save: the file the link points to is replaced.
    real = tmp_path / "real.npz"
    real.write_bytes(b"old")
    link = tmp_path / "link.npz"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert sorted(os.listdir(tmp_path)) == ["link.npz", "real.npz"]


def test_a_device_is_never_written():
    with pytest.raises(FilePathError, match="character device, not a regular file"):
        atomic_write_bytes("/dev/null", b"x")
    with pytest.raises(FilePathError, match="character device"):
        check_output_path("/dev/null", what="the data", force=True)
    assert not os.path.isfile("/dev/null")


@needs_fifo
def test_a_fifo_is_refused_for_writing_and_reading(tmp_path):
    fifo = tmp_path / "f.csv"
    os.mkfifo(fifo)
    with pytest.raises(FilePathError, match="FIFO"):
        atomic_write_bytes(fifo, b"x")
    with pytest.raises(FilePathError, match="FIFO"):
        check_output_path(fifo, what="the data", force=True)
    with pytest.raises(FilePathError, match="FIFO"):
        check_input_file(fifo, "data file")
    with pytest.raises(FilePathError, match="FIFO"):
        read_bytes(fifo, "data file")  # returns at once: no wait for a writer


def test_an_unknown_existing_file_needs_force(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("a user's notes")
    with pytest.raises(FilePathError, match="not the results written by this package.*--force"):
        check_output_path(path, what="the results")
    assert check_output_path(path, what="the results", is_ours=lambda p: True) == "replaced"
    assert check_output_path(path, what="the results", force=True) == "replaced"
    with pytest.raises(FilePathError, match="it is a folder"):
        check_output_path(tmp_path, what="the results", force=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_refused_before_the_work(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(FilePathError, match="not writable"):
            check_output_path(folder / "r.json", what="the results")
    finally:
        folder.chmod(0o700)


def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path):
    # The child starts a write whose data source sends SIGTERM to its own process mid-write.
    target = tmp_path / "m.npz"
    script = SIGTERM_AT_FSYNC + textwrap.dedent(f"""
        from scalar_autograd.plumbing import files
        files.atomic_write_bytes({str(target)!r}, b"x" * 1000)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert os.listdir(tmp_path) == []


def test_keyboard_interrupt_during_a_write_removes_the_temporary_file(tmp_path, monkeypatch):
    def interrupt(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(tmp_path / "m.npz", b"x")
    assert os.listdir(tmp_path) == []


def test_a_stale_temporary_file_is_named(tmp_path):
    target = tmp_path / "m.npz"
    assert stale_note(target) is None
    (tmp_path / ".m.npz.abcd1234.tmp").write_bytes(b"half")
    (tmp_path / ".other.npz.abcd1234.tmp").write_bytes(b"not this one")
    note = stale_note(target)
    assert str(tmp_path / ".m.npz.abcd1234.tmp") in note and "other" not in note
