"""The progress ledger on disk: a folder per plan holding TOML files by month and by machine.

It is the one thing the office cannot recreate, so:
- every write happens under an exclusive lock, as a read-check-write, so a cron job and the
  clerk never lose each other's events;
- every file is replaced atomically (temporary file, fsync, rename), so a crash leaves the old
  file or the new one, never a truncated one; the replaced file keeps its mode and group;
- a file that does not parse, or that was edited wrongly by hand, is reported with its
  file:line and nothing is written; a file is checked against its own bytes before sapa
  appends to it, whatever any cache says;
- nothing in the folder is followed through a link: a ledger file or folder that is a link is
  refused with a message.

Shared folders. Offices keep the data folder on a network share or a sync tool (Syncthing,
Nextcloud, OneDrive, git), and several machines write to it. Each machine writes only files
named with its own origin id, `ledger-2022-06.<origin>.toml`; readers take the union of every
file by event id. So no file is ever written by two machines, the lock is per machine, and
- ledgers of earlier versions (`ledger-2022-06.toml`, one origin) keep loading unchanged;
- a sync tool's conflict copy (`ledger-2022-06.<origin>.sync-conflict-….toml`,
  `ledger-2022-06 (conflicted copy).toml`) is read as more events, not as damage.

Months keep each write small however long the history grows: an event goes into its machine's
file for the month it was recorded in, and a write rewrites only that file.

The TOML files are the source of truth. What is derived from them (each file's events, the
current state) is cached in the machine's own cache folder (`derived_cache`), stamped with the
files it came from; a stale, unreadable or wrong-shaped cache is rebuilt, never trusted.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

from . import derived_cache
from .dates import zone
from .derived_cache import content_digest
from .errors import LedgerError
from .progress import Event, ProgressState, apply_event, build_state, canonical
from .safe_files import locked, open_regular, write_atomically

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from _typeshed import StrPath

    from .model import PlanIndex

_STATE_CACHE = "state"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def segment_month(name: str) -> str | None:
    """`2022-06` for any ledger file of that month: `ledger-2022-06.toml` (one origin, as earlier
    versions wrote), `ledger-2022-06.<origin>.toml`, or a sync tool's conflict copy of either.
    None for caches, locks, temporary files and anything else."""
    if (len(name) >= 19 and name.startswith("ledger-") and name.endswith(".toml") and name[11] == "-"
            and (name[7:11] + name[12:14]).isdigit() and (len(name) == 19 or not name[14].isdigit())):
        return name[7:14]
    return None


def is_segment_name(name: str) -> bool:
    return segment_month(name) is not None


def _is_canonical(name: str, month: str) -> bool:
    """Written by sapa itself (legacy or with an origin), as opposed to a sync tool's copy."""
    if name == f"ledger-{month}.toml":
        return True
    from .machine import is_origin

    middle = name[15:-5] if name[14:15] == "." else ""
    return is_origin(middle)


class LedgerView:
    """What a write sees of the ledger, under the lock; the full history is read only if asked."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self._state: ProgressState | None = None

    def state(self) -> ProgressState:
        if self._state is None:
            self._state = self.ledger._current_state()
        return self._state

    def events(self) -> list[Event]:
        return self.ledger.read_events()


class Ledger:
    """Paths are kept as strings: pathlib costs a daily command a third of its start-up."""

    def __init__(self, folder: StrPath, plan_id: str, index: PlanIndex | None = None, origin: str | None = None):
        self.path = os.fspath(folder)
        self.plan_id = plan_id
        self.index = index  # checks every event's target when a file is parsed
        self._version = index.version if index else ""
        self._origin = origin
        self._cache_dir: str | None = None
        self._digests: dict[str, str] = {}  # file name -> digest of the bytes last parsed or written
        self._targets_checked: dict[tuple[str, str], str | None] = {}

    # ---- files -----------------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        import pathlib

        return pathlib.Path(self.path)

    @property
    def origin(self) -> str:
        """This machine's id, in the names of the files it writes."""
        if self._origin is None:
            from .machine import origin

            self._origin = origin()
        return self._origin

    @property
    def cache_dir(self) -> str:
        if self._cache_dir is None:
            from .machine import cache_dir

            self._cache_dir = os.path.join(cache_dir(), "ledgers", derived_cache.folder_key(self.path))
        return self._cache_dir

    def _cache(self, name: str) -> str:
        return os.path.join(self.cache_dir, name)

    def own_segment(self, recorded: datetime) -> str:
        """This machine's file for the month the event was recorded in, in Vietnam."""
        return os.path.join(self.path, f"ledger-{recorded.astimezone(zone()):%Y-%m}.{self.origin}.toml")

    def _unusable(self, err: OSError, path: str | None = None) -> LedgerError:
        return LedgerError("ledger_unreadable", path=path or self.path, reason=err.strerror or str(err))

    def _entries(self) -> list[tuple[str, str, os.stat_result]]:
        """(month, path, lstat) of every ledger file, in reading order: by month, sapa's own files
        before sync tools' copies. A link or a non-file among them is refused."""
        try:
            folder_info = os.stat(self.path, follow_symlinks=False)
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as err:
            raise self._unusable(err) from None
        if stat.S_ISLNK(folder_info.st_mode):
            raise LedgerError("ledger_link", path=self.path)
        try:
            scanned = list(os.scandir(self.path))
        except OSError as err:  # a file, or a folder we may not read, where the ledger should be
            raise self._unusable(err) from None
        found = []
        for entry in scanned:
            month = segment_month(entry.name)
            if month is None:
                continue
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                raise LedgerError("ledger_link", path=entry.path)
            if not stat.S_ISREG(info.st_mode):
                raise LedgerError("ledger_unreadable", path=entry.path, reason="not a regular file")
            found.append((month, not _is_canonical(entry.name, month), entry.name, entry.path, info))
        found.sort(key=lambda row: row[:3])
        return [(month, path, info) for month, _copy, _name, path, info in found]

    def segments(self) -> list[str]:
        return [path for _month, path, _info in self._entries()]

    def signature(self) -> tuple[derived_cache.Stamp, ...]:
        return tuple((os.path.basename(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
                     for _month, path, info in self._entries())

    # ---- reading ---------------------------------------------------------------------------

    def _read_file(self, path: str) -> bytes:
        try:
            return open_regular(path)
        except OSError as err:
            if err.errno == errno.ELOOP:
                raise LedgerError("ledger_link", path=path) from None
            raise self._unusable(err, path) from None

    def _parse(self, path: str, raw: bytes) -> list[Event]:
        from .ledger_format import parse_ledger

        events = parse_ledger(raw, path, self.plan_id, self._target_problem if self.index else None,
                              self.index.start if self.index else None)
        digest = content_digest(raw)
        self._digests[os.path.basename(path)] = digest
        stamp = (derived_cache.file_stamp(path), self._version)
        derived_cache.save(self._cache(os.path.basename(path) + ".events"), stamp,
                           (digest, [_event_values(e) for e in events]))
        return events

    def _target_problem(self, kind: str, target: str) -> str | None:
        """The plan's answer, remembered: a long ledger names the same targets many times over."""
        key = (kind, target)
        if key not in self._targets_checked:
            self._targets_checked[key] = self.index.target_problem(kind, target) if self.index else None
        return self._targets_checked[key]

    def _segment_events(self, path: str) -> list[Event]:
        stamp = (derived_cache.file_stamp(path), self._version)
        cached = derived_cache.load(self._cache(os.path.basename(path) + ".events"), stamp, _decode_segment)
        if cached is not None:
            self._digests[os.path.basename(path)] = cached[0]
            return cached[1]
        return self._parse(path, self._read_file(path))

    def read_events(self) -> list[Event]:
        """Every event of every file, checked; LedgerError names the first damaged file:line.
        An event found in several files (a sync tool's copy) counts once."""
        events: dict[str, Event] = {}
        for path in self.segments():
            for event in self._segment_events(path):
                events.setdefault(event.id, event)
        return canonical(list(events.values()))

    def state(self, as_of: date | None = None) -> ProgressState:
        """The state without the history; from the cache when the files are unchanged.

        `as_of` a day before some of the progress (looking at the past with --today): replayed
        from the events dated up to that day, so later progress does not show."""
        current = self._current_state()
        if as_of is not None and current.latest_update() > as_of:
            return build_state([e for e in self.read_events() if e.date <= as_of])
        return current

    def _current_state(self) -> ProgressState:
        stamp = (self.signature(), self._version)
        cached = derived_cache.load(self._cache(_STATE_CACHE), stamp, _decode_state)
        if cached is not None:
            columns, undone, digests = cached
            self._digests.update(digests)
            return ProgressState(undone=undone, columns=columns)
        full = build_state(self.read_events())
        self._save_state(full, stamp)
        return ProgressState(targets=full.targets, undone=full.undone)

    def _save_state(self, state: ProgressState, stamp: object) -> None:
        derived_cache.save(self._cache(_STATE_CACHE), stamp, (state.packed_columns(), state.undone, self._digests))

    def full_state(self) -> ProgressState:
        return build_state(self.read_events())

    # ---- writing ---------------------------------------------------------------------------

    def lock_path(self) -> str:
        """Per machine: kept beside the origin id, since the processes that share an origin (and so
        write the same files) are exactly those that must exclude each other."""
        from .machine import config_dir

        return os.path.join(config_dir(), "locks", derived_cache.folder_key(self.path))

    def _remove_stray_temporaries(self) -> None:
        """A process killed mid-write leaves its temporary file behind. Under the lock none of this
        machine's files is being written; other machines' temporaries are theirs to clear."""
        try:
            names = os.listdir(self.path)
        except OSError:
            return
        own = f".{self.origin}.toml."
        for name in names:
            if name.startswith(".ledger-") and own in name and name.endswith(".tmp"):
                try:
                    os.remove(os.path.join(self.path, name))
                except OSError:
                    pass

    def _make_folder(self) -> None:
        if os.path.islink(self.path):  # a dangling link too: makedirs would say only "File exists"
            raise LedgerError("ledger_link", path=self.path)
        try:
            os.makedirs(self.path, exist_ok=True)
        except OSError as err:
            raise LedgerError("ledger_unwritable", path=self.path, reason=err.strerror or str(err)) from None

    def _append(self, path: str, events: list[Event]) -> None:
        """Add events at the end of one of this machine's files, after checking the file's own bytes."""
        from .ledger_format import serialize, serialize_appended

        name = os.path.basename(path)
        if os.path.lexists(path):
            raw = self._read_file(path)
            if self._digests.get(name) != content_digest(raw):
                self._parse(path, raw)  # refuses a damaged file before touching it
            data = raw + serialize_appended(events)
        else:
            data = serialize(self.plan_id, events)
        try:
            write_atomically(path, data)
        except OSError as err:
            raise LedgerError("ledger_unwritable", path=path, reason=err.strerror or str(err)) from None
        self._digests[name] = content_digest(data)

    def _append_all(self, events: list[Event]) -> None:
        by_file: dict[str, list[Event]] = {}
        for event in canonical(events):
            by_file.setdefault(self.own_segment(event.recorded), []).append(event)
        for path, group in by_file.items():
            self._append(path, group)

    def _locked(self) -> Any:
        self._make_folder()
        try:
            return locked(self.lock_path())
        except OSError as err:
            raise LedgerError("ledger_unwritable", path=self.lock_path(), reason=err.strerror or str(err)) from None

    def write(self, change: Callable[[LedgerView], list[Event]]) -> ProgressState:
        """Under the lock: let `change` look at the ledger and return new events, then append them.

        `change` runs inside the lock, so what it decides (the status before, which event undo
        reverts) cannot be invalidated by a concurrent writer on this machine; writers on other
        machines write other files. Returns the state afterwards.
        """
        with self._locked():
            self._remove_stray_temporaries()
            view = LedgerView(self)
            new_events = change(view)
            state = view.state()
            incremental = all([apply_event(state, e) for e in new_events])
            self._append_all(new_events)
            if not incremental:
                state = self.full_state()
                state = ProgressState(targets=state.targets, undone=state.undone)
            self._save_state(state, (self.signature(), self._version))
            return state

    def merge(self, combine: Callable[[list[Event]], list[Event]]) -> list[Event]:
        """Under the lock: add the events `combine(history)` has that the history lacks (import).

        They are appended to this machine's files, so every file written by hand or by another
        machine stays as it was, comments and all; an interrupted import leaves whole files, and
        importing again completes it."""
        with self._locked():
            self._remove_stray_temporaries()
            current = self.read_events()
            merged = combine(current)
            existing = {e.id for e in current}
            self._append_all([e for e in merged if e.id not in existing])
            full = build_state(merged)
            self._save_state(full, (self.signature(), self._version))
            return merged


# ---- cached values: plain data, checked on the way back ------------------------------------------

def _event_values(event: Event) -> tuple[object, ...]:
    offset = event.recorded.utcoffset()
    return (event.id, (event.recorded - _EPOCH) // _MICROSECOND, offset // timedelta(seconds=1) if offset else 0,
            event.date.toordinal(), event.kind, event.target, event.status, event.note, event.by, event.ref)


_ZONES: dict[int, timezone] = {}


def _event_from_values(values: Any) -> Event:
    event_id, micros, offset, day, kind, target, status, note, by, ref = values
    if not (type(event_id) is str and type(micros) is int and type(offset) is int and type(day) is int
            and type(kind) is str and type(target) is str and type(status) is str and type(note) is str
            and type(by) is str and type(ref) is str):
        raise ValueError("wrong shape")
    tz = _ZONES.get(offset)
    if tz is None:
        tz = _ZONES[offset] = timezone(timedelta(seconds=offset))
    recorded = (_EPOCH + timedelta(microseconds=micros)).astimezone(tz)
    return Event(event_id, recorded, date.fromordinal(day), kind, target, status, note, by, ref)


def _decode_segment(payload: Any) -> tuple[str, list[Event]]:
    digest, rows = payload
    if type(digest) is not str or type(rows) is not list:
        raise ValueError("wrong shape")
    return digest, [_event_from_values(row) for row in rows]


def _decode_state(payload: Any) -> tuple[tuple[list[Any], ...], dict[str, str], dict[str, str]]:
    from .progress import checked_columns

    columns, undone, digests = payload
    if type(undone) is not dict or type(digests) is not dict:
        raise ValueError("wrong shape")
    for mapping in (undone, digests):
        if not (set(map(type, mapping)) <= {str} and set(map(type, mapping.values())) <= {str}):
            raise ValueError("wrong shape")
    return checked_columns(columns), undone, digests
