"""Caches of what can be derived from the user's files, stamped with what they were derived from.

A cache is only a shortcut: it is used when its stamp equals the stamp of the files now, and
rebuilt otherwise; one that cannot be read is ignored. Writes are atomic but unlocked, so any
process may refresh a cache; the stamp inside says which files it describes.
"""

from __future__ import annotations

import os

try:
    import _pickle as pickle  # the C pickler without pickle.py, which imports re and more at start-up
except ImportError:  # not CPython
    import pickle  # type: ignore[no-redef]

from . import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# Bump the first part whenever what a cache holds changes shape; a new release rebuilds them all.
CACHE_VERSION = f"2-{__version__}"


def file_stamp(path: str) -> tuple[str, int, int] | None:
    """Name, size and modification time: what changes whenever the file is replaced or edited."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (os.path.basename(path), info.st_size, info.st_mtime_ns)


def _load(path: str, stamp: object, decode: Callable[[bytes], Any]) -> object | None:
    try:
        with open(path, "rb") as handle:  # whole, then decoded: marshal.load on a file is slow
            version, cached_stamp, payload = decode(handle.read())
    except Exception:  # noqa: BLE001 - any unreadable cache is simply not used
        return None
    if version != CACHE_VERSION or cached_stamp != stamp:
        return None
    return payload


def _save(path: str, stamp: object, payload: object, encode: Callable[[Any], bytes]) -> None:
    try:
        data = encode((CACHE_VERSION, stamp, payload))
        folder, name = os.path.split(path)
        os.makedirs(folder, exist_ok=True)
        temporary = os.path.join(folder, f".{name}.{os.getpid()}.{id(payload)}.tmp")
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except (OSError, ValueError, pickle.PicklingError):
        pass


def load(path: str, stamp: object) -> object | None:
    """Any picklable object (the plan)."""
    return _load(path, stamp, pickle.loads)


def save(path: str, stamp: object, payload: object) -> None:
    _save(path, stamp, payload, lambda value: pickle.dumps(value, protocol=5))


def load_plain(path: str, stamp: object) -> object | None:
    """Plain values only (tuples, dicts, strings, numbers), kept with marshal: it loads fastest."""
    import marshal

    return _load(path, stamp, marshal.loads)


def save_plain(path: str, stamp: object, payload: object) -> None:
    import marshal

    _save(path, stamp, payload, marshal.dumps)


def drop(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass
