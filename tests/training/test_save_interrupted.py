"""`train --save` killed while writing: SIGTERM leaves no temporary file; one left by a SIGKILL is
named by the next run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from outside_files import SIGTERM_AT_FSYNC

from .conftest import FAST, run_train


def test_sigterm_while_saving_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "m.npz"
    script = SIGTERM_AT_FSYNC + textwrap.dedent(f"""
        from tensor_autograd.cli import train
        raise SystemExit(train.main({[*FAST, "--save", str(path)]!r}))
    """)
    environment = {**os.environ, "KAGGLEHUB_CACHE": str(tmp_path / "kagglehub-cache")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=environment, timeout=300, check=False)
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_stale_temporary_file_is_named_before_training(tmp_path, capsys):
    stale = tmp_path / ".m.npz.k1ll3d00.tmp"
    stale.write_bytes(b"half a model")
    status, _ = run_train(*FAST, "--save", str(tmp_path / "m.npz"))
    assert status == 0
    assert f"note: found 1 temporary file left by an interrupted write of {tmp_path / 'm.npz'}: " \
        f"{stale}; it is safe to delete" in capsys.readouterr().err
