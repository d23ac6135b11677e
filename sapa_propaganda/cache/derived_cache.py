"""Caches of what can be derived from the user's files: plain data, stamped, checked, never trusted.

A cache is only a hint. It lives in the machine's own cache folder (machine.cache_dir), never in
the shared data folder, and holds nothing but marshal'd built-in values: no pickle, nothing
that could run code. It is used only when
- its stamp equals the stamp of its source files now: size, mtime_ns, ctime_ns and inode, so a
  same-size edit with the modification time set back is still seen (ctime cannot be set back);
- it was made by this very code: the package version and a digest of the package's source;
- every value read back has the shape the caller expects (the caller's `decode` raises if not).
Anything else, a cache that fails to load, has another stamp or the wrong shape, is ignored
and rebuilt from the source files, silently.
"""

from __future__ import annotations

import marshal
import os

from .. import __version__

# Imported inside the functions that need them: the file helpers, and a hash (`_blake2`, not
# hashlib, which costs a command 2 ms more), so that a run whose caches hold pays for nothing else.

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    T = TypeVar("T")

# Bump when what a cache file holds changes layout; the code digest covers everything else.
CACHE_LAYOUT = 7

Stamp = tuple[str, int, int, int, int]  # name, size, mtime_ns, ctime_ns, inode
MAX_CACHE_BYTES = 128 * 1024 * 1024  # a cache over this is not one sapa made


def file_stamp(path: str) -> Stamp | None:
    """What changes whenever the file is replaced or edited, even with its mtime restored."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (os.path.basename(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


_code: list[str] = []


def code_stamp() -> str:
    """The version and a digest of the package's own source: an upgrade, or an edit to any module
    that shapes derived data, makes every cache stale. An installed wheel carries the digest made
    when it was built (`_install_stamp.py`, written by hatch_build.py), so a run computes nothing;
    a source checkout digests its files once per run."""
    if not _code:
        try:
            from .._install_stamp import DIGEST  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            DIGEST = source_digest(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # noqa: N806
        _code.append(f"{CACHE_LAYOUT}-{__version__}-{DIGEST}")
    return _code[0]


def source_digest(package: str) -> str:
    """A digest of every .py file below `package`, by relative path and content."""
    digest = _blake2b()
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py") and name != "_install_stamp.py":
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, package).replace(os.sep, "/").encode("utf-8") + b"\0")
                with open(path, "rb") as handle:
                    digest.update(handle.read() + b"\0")
    return digest.hexdigest()[:32]


def load(path: str, stamp: object, decode: Callable[[Any], T]) -> T | None:
    """The cached value, decoded and shape-checked by `decode`, or None if it is not usable."""
    from ..storage.safe_files import open_regular

    try:
        raw = open_regular(path, limit=MAX_CACHE_BYTES)  # whole, then decoded: marshal.load on a file is slow
        found = marshal.loads(raw)
        if type(found) is not tuple or len(found) != 3:
            return None
        if found[0] != code_stamp() or found[1] != stamp:
            return None
        return decode(found[2])
    except Exception:  # noqa: BLE001 - a cache of any wrong shape is simply not used
        return None


def save(path: str, stamp: object, payload: object) -> None:
    """Write the cache, atomically but unlocked: any process may refresh it, and the stamp inside
    says which files it describes. Failing to save is not an error: it is only a shortcut."""
    from ..storage.safe_files import write_atomically

    try:
        data = marshal.dumps((code_stamp(), stamp, payload))  # type: ignore[arg-type]
        write_atomically(path, data, durable=False)
    except (OSError, ValueError):
        pass


def drop(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def _blake2b(data: bytes = b"") -> Any:
    try:
        from _blake2 import blake2b
    except ImportError:  # not CPython
        from hashlib import blake2b
    return blake2b(data, digest_size=16)


def digester() -> Any:
    """What `content_digest` computes, fed a part at a time (`update`, then `hexdigest`)."""
    return _blake2b()


def content_digest(data: bytes) -> str:
    """A digest of a file's bytes, to tell that they are exactly the bytes once checked."""
    return _blake2b(data).hexdigest()


def folder_key(path: str) -> str:
    """A cache folder's name for a source folder: one per real path, safe on every file system."""
    return content_digest(os.path.realpath(path).encode("utf-8", "surrogatepass"))[:24]
