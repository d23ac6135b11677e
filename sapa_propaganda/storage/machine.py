"""What belongs to this machine, never to the shared data folder: its origin id and its caches.

Offices keep the data folder on a network share, Syncthing, Nextcloud, OneDrive or git, and
several machines write to it. So nothing that one machine derives or decides for itself lives
there: caches are kept in the machine's own cache folder (a planted cache on the share is never
read), and each machine writes ledger files named with its own origin id, made once and kept in
the machine's own config folder. Two machines never write the same file.
"""

from __future__ import annotations

import os
import sys

# hashlib, platform and the file helpers load only when this machine's id is first made, or its
# note of the last plan written is read or written.

APP_NAME = "sapa"
ORIGIN_LENGTH = 12  # hex digits: 48 random bits, ample for an office's machines


def _home() -> str:
    return os.path.expanduser("~")


def _windows_local(folder: str) -> str:
    """A folder of sapa's in LOCALAPPDATA, which stays on the machine (APPDATA roams)."""
    base = os.environ.get("LOCALAPPDATA") or os.path.join(_home(), "AppData", "Local")
    return os.path.join(base, APP_NAME, folder)


def cache_dir() -> str:
    """`SAPA_CACHE`, else the platform's per-user cache folder; it never roams or syncs."""
    chosen = os.environ.get("SAPA_CACHE")
    if chosen:
        return chosen
    if sys.platform == "win32":
        return _windows_local(".cache")
    if sys.platform == "darwin":
        return os.path.join(_home(), "Library", "Caches", APP_NAME)
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(_home(), ".cache"), APP_NAME)


def config_dir() -> str:
    """The machine's own settings. On Windows LOCALAPPDATA, not APPDATA: a roaming profile would
    carry one machine's origin to another."""
    if sys.platform == "win32":
        return _windows_local(".machine")
    if sys.platform == "darwin":
        return os.path.join(_home(), "Library", "Preferences", APP_NAME)
    return os.path.join(os.environ.get("XDG_CONFIG_HOME") or os.path.join(_home(), ".config"), APP_NAME)


def is_origin(text: str) -> bool:
    return len(text) == ORIGIN_LENGTH and all(ch in "0123456789abcdef" for ch in text)


def origin() -> str:
    """This machine's origin id: read from its config folder, made there the first time.

    If the folder cannot be written, the id is derived from the host and user names, so it stays
    the same from run to run all the same."""
    path = os.path.join(config_dir(), "origin")
    found = _read_origin(path)
    if found:
        return found
    made = os.urandom(ORIGIN_LENGTH // 2).hex()
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # O_EXCL: if another process made one meanwhile, theirs wins and both use it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(made + "\n")
        return made
    except FileExistsError:
        return _read_origin(path) or _derived_origin()
    except OSError:
        return _derived_origin()


def _read_origin(path: str) -> str:
    """The id in the file, or "" for anything else: a link, a FIFO (never waited on), a big file."""
    from .safe_files import open_regular

    try:
        found = open_regular(path, limit=64).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return found if is_origin(found) else ""



def _derived_origin() -> str:
    import hashlib
    import platform

    seed = f"{platform.node()}\0{os.environ.get('USER') or os.environ.get('USERNAME') or ''}\0{_home()}"
    return hashlib.sha256(seed.encode("utf-8", "replace")).hexdigest()[:ORIGIN_LENGTH]


def crc32(data: bytes) -> int:
    """zlib.crc32 of a few bytes, without loading zlib (a write's one use of it, for a name or a
    shard, would cost it more than computing the checksum here). Many values: zlib.crc32."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _bit in range(8):
            crc = (crc >> 1) ^ (0xEDB88320 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def _last_write_file(data_dir: str) -> str:
    """Where this machine keeps which plan of a data folder it last wrote to: its config folder,
    one small file per data folder (named by a checksum of the folder's path), never the shared
    folder. A CRC-32, not hashlib: a clash of two folders' names would only cost `undo` its guess."""
    key = format(crc32(os.path.realpath(data_dir).encode("utf-8", "replace")), "08x")
    return os.path.join(config_dir(), "last-write", key)


def remember_write(data_dir: str, plan_id: str) -> None:
    """Note that this machine's latest step in `data_dir` went to `plan_id`: plain `undo` across an
    office of many plans takes back that one. A note that cannot be written only costs undo its
    guess."""
    from .safe_files import write_atomically

    if last_write(data_dir) == plan_id:  # most steps go to the plan of the step before: no write
        return
    try:
        write_atomically(_last_write_file(data_dir), (plan_id + "\n").encode("utf-8"))  # makes its folder
    except OSError:
        pass


def last_write(data_dir: str) -> str | None:
    """The plan this machine last wrote to in `data_dir`, if it noted one."""
    from .safe_files import open_regular

    try:
        found = open_regular(_last_write_file(data_dir), limit=256).decode("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return found or None
