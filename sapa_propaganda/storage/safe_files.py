"""Safe file writes: atomic replacement and an exclusive lock that works on Windows too.

Paths are anything `os` accepts; pathlib is not imported, to keep start-up short.
"""

from __future__ import annotations

import os
import stat
import sys
import time

from ..errors import LedgerError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import TracebackType
    from typing import Any

    from _typeshed import StrPath

LOCK_TIMEOUT_SECONDS = 30.0


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def write_atomically(path: StrPath, data: bytes | Iterable[bytes], durable: bool = True) -> None:
    """Replace `path` with `data`: a new temporary file beside it, fsync, rename over it, fsync the folder.

    - The temporary file is made with O_CREAT|O_EXCL|O_NOFOLLOW and a random name, as
      tempfile.mkstemp makes it (importing tempfile would cost every write 10 ms): a link planted
      at any name in the folder is never followed.
    - `path` itself being a link is refused (OSError ELOOP): a caller that means to write a link's
      target resolves it first.
    - The replaced file's mode and group are kept; a new file gets the mode the umask allows.
    - `durable=False` (caches) skips the fsyncs: losing a cache costs only time.
    - `data` may come in parts (an iterable of bytes), written as they come, so that a large file
      is never held whole; an error while they are made leaves `path` as it was.
    """
    Prepared(path, data, durable).commit()


class Prepared:
    """A file's replacement written beside it (`write_atomically`'s temporary file, synced), put
    in place by `commit` or thrown away by `discard`: so that several files are all written
    before any replaces its old self (an import of many months), and an error while any is made
    changes none."""

    def __init__(self, path: StrPath, data: bytes | Iterable[bytes], durable: bool = True):
        import errno

        self.path = os.path.abspath(path)
        self.durable = durable
        parent, name = os.path.split(self.path)
        make_folders(parent)
        try:
            before: os.stat_result | None = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            before = None
        if before is not None and stat.S_ISLNK(before.st_mode):
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), self.path)
        self.temporary, descriptor = _create_temporary(parent, name)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                _copy_permissions(handle.fileno(), before, parent)
                for part in [data] if isinstance(data, bytes) else data:
                    handle.write(part)
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        if os.path.lexists(self.temporary):
            os.remove(self.temporary)

    def commit(self) -> None:
        import errno

        try:
            _replace(self.temporary, self.path)
        finally:
            self.discard()
        if self.durable and sys.platform != "win32":
            folder = os.open(os.path.dirname(self.path), os.O_RDONLY)
            try:
                os.fsync(folder)
            except OSError as err:
                # The file is in place already: a file system that cannot sync a folder (EINVAL from
                # VirtualBox shared folders and some network mounts) has not failed the write.
                if err.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
                    raise
            finally:
                os.close(folder)


def _create_temporary(parent: str, name: str) -> tuple[str, int]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
    for _attempt in range(100):
        # `.<name>.<random>.tmp`: a writer under its lock clears its own strays by this shape.
        temporary = os.path.join(parent, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            return temporary, os.open(temporary, flags, 0o600)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {os.path.join(parent, name)}")


def _copy_permissions(descriptor: int, before: os.stat_result | None, parent: str = "") -> None:
    """Keep the mode and group of the file being replaced: a shared folder's 640 stays 640. A new
    file gets the mode the umask allows, and, in a folder its group may write (a folder shared by
    the office's group), the group's read and write as well."""
    if sys.platform == "win32":
        return
    if before is None:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(descriptor, (0o666 & ~mask) | (_group_bits(parent) & 0o660))
        return
    os.fchmod(descriptor, stat.S_IMODE(before.st_mode))
    if before.st_gid != os.getegid():
        try:
            os.fchown(descriptor, -1, before.st_gid)
        except OSError:  # not a member of that group: the file keeps ours
            pass


def _group_bits(folder: str) -> int:
    """The group's bits to give what is made in `folder`: read, write and search (0o070) when the
    folder is shared with a group (setgid, so what is made there is its group's; or group-writable
    and of our own group); else none, lest a file go writable to whatever group we are in."""
    try:
        info = os.stat(folder)
    except OSError:
        return 0
    shared = info.st_mode & stat.S_ISGID or (info.st_mode & stat.S_IWGRP and info.st_gid == os.getegid())
    return 0o070 if shared else 0


def make_folders(path: StrPath) -> None:
    """os.makedirs, but each folder made inside a folder shared with a group is the group's to
    write too (and keeps its setgid bit), whatever the umask: so that the office's second clerk,
    another user of the group, can add her own files beside the first one's."""
    path = os.path.abspath(path)
    missing = []
    while not os.path.isdir(path):
        missing.append(path)
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder)
        except FileExistsError:
            if not os.path.isdir(folder):
                raise
            continue
        bits = _group_bits(os.path.dirname(folder))
        if bits and sys.platform != "win32":
            inherited = os.stat(os.path.dirname(folder)).st_mode & stat.S_ISGID
            try:
                os.chmod(folder, stat.S_IMODE(os.stat(folder).st_mode) | bits | inherited)
            except OSError:
                pass


MAX_FILE_BYTES = 256 * 1024 * 1024  # a month of an office's ledger is well under 1 MB


def open_regular(path: StrPath, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, never through a link, never blocking on a FIFO or device, and
    never more than `limit` bytes (a planted huge file would take the machine's memory).

    Raises OSError: ELOOP for a link, EINVAL for anything that is not a regular file, EFBIG for one
    larger than `limit`, whether by its size before reading or by growing while read."""
    import errno

    path = os.fspath(path)
    if not _NOFOLLOW and os.path.islink(path):  # Windows: no O_NOFOLLOW, so look first
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), path)
    try:
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        if err.errno == errno.ELOOP or (err.errno == errno.EMLINK and _NOFOLLOW):  # EMLINK: FreeBSD
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), path) from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", path)
        if info.st_size > limit:
            raise OSError(errno.EFBIG, os.strerror(errno.EFBIG), path)
        # Read what the size says, then whatever it grew by: asking for `limit` bytes at once
        # would allocate them first.
        data = handle.read(info.st_size + 1)
        if len(data) > info.st_size:
            data += handle.read(limit + 1 - len(data))
    if len(data) > limit:  # it grew after the size was checked
        raise OSError(errno.EFBIG, os.strerror(errno.EFBIG), path)
    return data


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


class locked:  # noqa: N801 - used as a function: `with locked(path):`
    """Hold an exclusive lock on `path`.lock; wait for another writer up to `timeout` seconds.
    `errors`: the messages for a lock that cannot be made and one held too long, naming what the
    lock guards (the ledger, or the office's shared changes).

    The lock file is opened without following a link, so a planted link cannot make it create or
    touch a file elsewhere. A class, not a contextlib generator: contextlib brings `collections`
    and `functools` with it, a tenth of the start-up of a `mark`."""

    def __init__(self, path: StrPath, timeout: float = LOCK_TIMEOUT_SECONDS,
                 errors: tuple[str, str] = ("ledger_unwritable", "ledger_locked")):
        self.lock_path = os.fspath(path) + ".lock"
        self.timeout = timeout
        self.errors = errors
        self.handle: Any = None

    def __enter__(self) -> None:
        unwritable, busy = self.errors
        lock_path = self.lock_path
        try:
            os.makedirs(os.path.dirname(os.path.abspath(lock_path)), exist_ok=True)
            descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _BINARY
                                 | getattr(os, "O_NONBLOCK", 0), 0o644)
        except OSError as err:  # a folder we may not write, or a link, a folder or a FIFO in the lock's place
            raise LedgerError(unwritable, path=lock_path, reason=err.strerror or str(err)) from None
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            raise LedgerError(unwritable, path=lock_path, reason="not a regular file")
        handle = os.fdopen(descriptor, "r+b")
        deadline = time.monotonic() + self.timeout
        try:
            while not _try_lock(handle):
                if time.monotonic() > deadline:
                    raise LedgerError(busy, path=str(lock_path), seconds=int(self.timeout))
                time.sleep(0.005)
        except BaseException:
            handle.close()
            raise
        self.handle = handle

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        handle, self.handle = self.handle, None
        try:
            _unlock(handle)
        finally:
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
