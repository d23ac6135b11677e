"""Run `sapa` the way the user does: through its entry point, the fast path first, then Typer.

`sapa(tmp_path, "status", "--today", "20/06/2022")` runs `sapa_propaganda.__main__.run` (what
`main()` runs before it exits) in this process, with argv, the environment, stdout and stderr
its own: the environment of `sandbox.isolated_env` (data, home and caches in tmp_path, a fixed
SAPA_TODAY), and the fake clock of the ledger tests, given to `run` as its clock. Nothing
reaches the real home.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from unittest import mock

from ledger_support import TODAY, data_dir, fake_now
from sandbox import isolated_env

from sapa_propaganda import __main__ as entry


class Ran:
    """What one run left: its exit code, and stdout and stderr apart."""

    def __init__(self, exit_code: int, stdout: str, stderr: str):
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __repr__(self) -> str:
        return f"Ran({self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


def _stream() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="surrogateescape", write_through=True)


def sapa(tmp_path: Path, *args: object, today: str = TODAY, lang: str | None = None,
         env: Mapping[str, str | None] | None = None, clock: Callable[[], datetime] | None = None) -> Ran:
    """`sapa ARGS` through the entry point, in-process. `env` adds or unsets (None) variables."""
    variables = {**isolated_env(tmp_path, data_dir(tmp_path), today, lang, columns=200), **(env or {})}
    out, err = _stream(), _stream()
    now = clock or (lambda: fake_now(today))
    with mock.patch.dict(os.environ), mock.patch.object(sys, "stdout", out), mock.patch.object(sys, "stderr", err):
        for key, value in variables.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        code = entry.run([str(a) for a in args], clock=now)
    return Ran(code, _text(out), _text(err))


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8", "surrogateescape")
