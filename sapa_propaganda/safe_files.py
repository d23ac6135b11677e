"""Safe file writes: atomic replacement and an exclusive lock that works on Windows too.

Paths are anything `os` accepts; pathlib is not imported, to keep start-up short.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager

from .errors import LedgerError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from _typeshed import StrPath

LOCK_TIMEOUT_SECONDS = 30.0


def write_atomically(path: StrPath, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync it, rename it over `path`, fsync the folder."""
    path = os.path.abspath(path)
    parent, name = os.path.split(path)
    os.makedirs(parent, exist_ok=True)
    temporary = os.path.join(parent, f".{name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    if sys.platform != "win32":
        folder = os.open(parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _replace(source: str, target: str) -> None:
    """os.replace, retried briefly on Windows, where a reader that has the file open blocks it."""
    for attempt in range(100):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == 99:
                raise
            time.sleep(0.01)


@contextmanager
def locked(path: StrPath, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on `path`.lock; wait for another writer up to `timeout` seconds."""
    lock_path = os.fspath(path) + ".lock"
    os.makedirs(os.path.dirname(os.path.abspath(lock_path)), exist_ok=True)
    handle = open(lock_path, "a+b")
    deadline = time.monotonic() + timeout
    try:
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                raise LedgerError("ledger_locked", path=str(lock_path), seconds=int(timeout))
            time.sleep(0.005)
        yield
    finally:
        _unlock(handle)
        handle.close()


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: Any) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle: Any) -> None:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(handle: Any) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(handle: Any) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
