"""A closed pipe is a quiet success: `sapa duties --all | head -1` exits 0, like git."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from ledger_support import subprocess_env

# The fast path, and Typer (`plan show`, `--help` and `export` are not fast commands).
LONG_OUTPUTS = [["duties", "--all"], ["history"], ["plan", "show"], ["--help"], ["export", "--format", "csv"]]


@pytest.fixture
def env(tmp_path):
    environment = subprocess_env(tmp_path)
    for argv in (["mark", "III.1.1", "xong"], ["mark", "III.1.2", "dang", "--note", "họp " * 2000]):
        subprocess.run([sys.executable, "-m", "sapa_propaganda", *argv], env=environment, check=True,
                       capture_output=True)
    return environment


@pytest.mark.parametrize("argv", LONG_OUTPUTS, ids=" ".join)
def test_a_reader_that_has_gone_is_a_quiet_success(tmp_path, env, argv):
    """The reader closes the pipe before sapa writes anything."""
    child = subprocess.Popen([sys.executable, "-m", "sapa_propaganda", *argv], env=env, cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    stderr = child.stderr.read()
    assert (child.wait(timeout=60), stderr.decode("utf-8")) == (0, "")


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("head") is None, reason="needs bash and head")
@pytest.mark.parametrize("argv", LONG_OUTPUTS, ids=" ".join)
def test_head_takes_one_line(tmp_path, env, argv):
    command = f"set -o pipefail; {sys.executable} -m sapa_propaganda {' '.join(argv)} | head -1"
    result = subprocess.run(["bash", "-c", command], env=env, cwd=tmp_path, capture_output=True, text=True,
                            encoding="utf-8", timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert len(result.stdout.splitlines()) == 1
