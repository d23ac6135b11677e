"""The progress ledger on disk: one human-readable TOML file per plan.

It is the one thing the office cannot recreate, so:
- every write happens under an exclusive lock (fcntl on POSIX, msvcrt on Windows), as a
  read-change-write, so a cron job and the clerk never lose each other's events;
- every write goes to a temporary file that is fsynced and then renamed over the ledger, so
  a crash leaves the old ledger or the new one, never a truncated one;
- a ledger that does not parse, or that was edited wrongly by hand, is reported with its
  file:line and never written to.
"""

from __future__ import annotations

import os
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import LedgerError
from .progress import EVENT_KINDS, STATUSES, Event, canonical
from .toml_lines import key_lines, line_of

FORMAT_VERSION = 1
LOCK_TIMEOUT_SECONDS = 30.0
_OPTIONAL_TEXT = ("status", "note", "by", "ref")


def ledger_path(data_dir: Path, plan_id: str) -> Path:
    return data_dir / f"{plan_id}.ledger.toml"


# ---- reading -------------------------------------------------------------------------------

def read_events(path: Path, plan_id: str) -> list[Event]:
    """All events of the ledger at `path` (none if it does not exist yet)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as err:
        raise LedgerError("ledger_unreadable", path=str(path), reason=err.strerror or str(err)) from None
    return parse_ledger(raw, str(path), plan_id)


def parse_ledger(raw: bytes, filename: str, plan_id: str | None) -> list[Event]:
    """Parse ledger bytes; `plan_id` None accepts a ledger of any plan (the caller checks)."""
    try:
        source = raw.decode("utf-8")
        data = tomllib.loads(source)
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise LedgerError("ledger_damaged", where=f"{filename}:{line}", reason="not UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        where, reason = _toml_position(str(err), source)
        raise LedgerError("ledger_damaged", where=f"{filename}:{where}", reason=reason) from None
    lines = key_lines(source)

    def fail(path: tuple[str | int, ...], reason: str) -> LedgerError:
        # A key that is missing altogether has no line: point at the top of the file.
        line = line_of(lines, path) or 1
        return LedgerError("ledger_damaged", where=f"{filename}:{line}", reason=reason)

    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise fail(("format",), "missing or invalid 'format'")
    if version > FORMAT_VERSION:
        raise LedgerError("ledger_too_new", path=filename, found=version, known=FORMAT_VERSION)
    if not isinstance(data.get("plan"), str) or not data["plan"]:
        raise fail(("plan",), "missing or invalid 'plan'")
    if plan_id is not None and data.get("plan") != plan_id:
        raise LedgerError("ledger_other_plan", path=filename, found=data.get("plan"), plan=plan_id)
    rows = data.get("events", [])
    if not isinstance(rows, list):
        raise fail(("events",), "'events' must be an array of tables")
    events = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        event = _event_from(row, lambda key, reason, i=index: fail(("events", i, key), reason))
        if event.id in seen:
            raise fail(("events", index, "id"), f"duplicate event id {event.id}")
        seen.add(event.id)
        events.append(event)
    return events


def _toml_position(message: str, source: str) -> tuple[str, str]:
    import re

    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    if match:
        return f"{match.group(1)}:{match.group(2)}", reason
    # "at end of document" (a truncated file): the last line, counted as tomllib counts lines.
    return str(source.count("\n") + 1), reason


def _event_from(row: Any, fail: Callable[[str, str], LedgerError]) -> Event:
    if not isinstance(row, dict):
        raise fail("", "an event must be a table")
    unknown = set(row) - {"id", "recorded", "date", "kind", "target", *_OPTIONAL_TEXT}
    if unknown:
        raise fail(sorted(unknown)[0], f"unknown key '{sorted(unknown)[0]}'")
    for key in ("id", "kind", "target"):
        if not isinstance(row.get(key), str) or not row[key]:
            raise fail(key, f"'{key}' must be a non-empty string")
    recorded = row.get("recorded")
    if not isinstance(recorded, datetime) or recorded.tzinfo is None:
        raise fail("recorded", "'recorded' must be a date-time with its offset, e.g. 2022-06-10T09:00:00+07:00")
    effective = row.get("date")
    if not isinstance(effective, date) or isinstance(effective, datetime):
        raise fail("date", "'date' must be a date, e.g. 2022-06-10")
    if row["kind"] not in EVENT_KINDS:
        raise fail("kind", f"unknown kind '{row['kind']}'")
    for key in _OPTIONAL_TEXT:
        if not isinstance(row.get(key, ""), str):
            raise fail(key, f"'{key}' must be a string")
    if row["kind"] == "mark" and row.get("status") not in STATUSES:
        raise fail("status", f"unknown status '{row.get('status')}'")
    return Event(id=row["id"], recorded=recorded, date=effective, kind=row["kind"],
                 target=row["target"], status=row.get("status", ""), note=row.get("note", ""),
                 by=row.get("by", ""), ref=row.get("ref", ""))


# ---- writing -------------------------------------------------------------------------------

def event_record(event: Event) -> dict[str, Any]:
    record: dict[str, Any] = {"id": event.id, "recorded": event.recorded, "date": event.date,
                              "kind": event.kind, "target": event.target}
    for key in _OPTIONAL_TEXT:
        value = getattr(event, key)
        if value:
            record[key] = value
    return record


def serialize(plan_id: str, events: list[Event]) -> bytes:
    import tomli_w

    header = (
        "# Sổ theo dõi tiến độ của sapa (progress ledger). Mỗi thay đổi là một sự kiện;\n"
        "# hoàn tác (undo) thêm sự kiện đảo ngược, không xóa gì. Sửa tay thì giữ đúng cú pháp TOML.\n"
    )
    body = tomli_w.dumps({"format": FORMAT_VERSION, "plan": plan_id,
                          "events": [event_record(e) for e in canonical(events)]})
    return (header + body).encode("utf-8")


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync it, rename it over `path`, fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
    if sys.platform != "win32":
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


@contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on `path`.lock; wait for another writer up to `timeout` seconds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
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


def update(path: Path, plan_id: str, change: Callable[[list[Event]], list[Event]]) -> list[Event]:
    """Under the lock: read the ledger, let `change` compute new events from it, write all back.

    `change` runs inside the lock so that what it decides (which event undo reverts, whether a
    report is already in) cannot be invalidated by a concurrent writer. Returns the new events.
    """
    with locked(path):
        events = read_events(path, plan_id)
        new_events = change(events)
        if new_events:
            write_atomically(path, serialize(plan_id, events + new_events))
        return new_events


def replace_all(path: Path, plan_id: str, change: Callable[[list[Event]], list[Event]]) -> list[Event]:
    """Under the lock: replace the whole event list (used by import to merge)."""
    with locked(path):
        events = read_events(path, plan_id)
        merged = change(events)
        if merged != events:
            write_atomically(path, serialize(plan_id, merged))
        return merged
