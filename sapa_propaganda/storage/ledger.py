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
current state) is cached in the machine's own cache folder (`cache.state_cache`), stamped with
the files it came from; a stale, unreadable or wrong-shaped cache is rebuilt, never trusted.

Events are read against a version of the plan, which may have changed since they were recorded
(issue 10): an event under an id the plan declares in `renamed_from` counts for the renamed unit,
member or item; an event aimed at something the plan lacks is set aside and listed
(`mismatches`), not taken for damage, so every other event still counts. Neither rewrites a file.
The caches are stamped with the plan's version too, so a state worked out against one version is
never reused with another.

Memory is bounded by what a command gives, not by the history (issue 21): what goes through every
event never holds them all. An export takes them in order file by file (`ordered_events`), the
history newest first (`history_reading`); an import goes through the ledger's files in turn and
writes each month as it is done with (`merge`); the state of a ledger over REPLAY_WHOLE_BYTES is
worked out in parts (`_replayed`), and so is its timeline (`_timeline`), up to TIMELINE_AT_MOST_BYTES
(beyond, a past day is replayed in parts); the undo of a large import writes its undos a part at a time
(`write_appended`); a file's cached events are kept in parts, so that the file of such an undo is
never held whole.
"""

from __future__ import annotations

import errno
import io
import os
import stat

from ..cache import derived_cache
from ..cache.derived_cache import content_digest
from ..cache.state_cache import EVENT_PART, PACK_EVENTS, PACK_FILE_BYTES, MissingPart, StateCache, shard_of, version_of
from ..core.dates import zone
from ..core.datetime_types import date, datetime
from ..core.progress import (
    Event,
    ImportBatch,
    Mismatch,
    PlanReading,
    ProgressState,
    TargetProgress,
    UndoRef,
    against_plan,
    apply_event,
    build_state,
    canonical,
    event_day,
    known_on,
    new_event_id,
    plan_ledger_mismatches,
    undone_ids,
)
from ..core.record import Factory, Record
from ..errors import LedgerError, UsageError
from ..i18n import tr
from . import machine
from .safe_files import Prepared, locked, make_folders, open_regular, write_atomically

# Imported where used: pathlib, and `ledger_format` (the TOML itself), cost start-up time that a
# daily command, which reads the caches, does not pay; and collections.abc, names for the type
# checker only, whose import pulls in `collections` for a write.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from pathlib import Path
    from typing import Any

    from _typeshed import StrPath

    from ..core.model import PlanIndex
    from ..core.timeline import Timeline

    Entries = list[tuple[str, str, os.stat_result]]  # Ledger._entries: (month, path, lstat) of each file


# The last listing stamped (`Ledger.signature`), kept with it: an office's read stamps each plan's
# listing to check its caches, then hands it to the ledger that reads the state.
_last_signed: tuple[object, tuple[derived_cache.Stamp, ...]] = (None, ())


class _FirstReading:
    """What the first reading of a ledger replayed in parts found (Ledger._first_reading)."""

    __slots__ = ("_part_of", "aside", "files", "latest", "parts", "reading", "undone")

    def __init__(self, parts: int, files: list[tuple[str, str, object]], reading: PlanReading | None):
        self.parts = parts  # how many: each holds about REPLAY_PART_BYTES of the files
        self.files = files  # (month, path, stamp of its cached events)
        self.reading = reading
        self.aside: dict[str, tuple[Event, str]] = {}  # the events set aside, each with its file
        self.undone: dict[str, str] = {}
        self.latest = 0
        self._part_of: dict[str, int] = {}  # family -> its part

    def part(self, number: int) -> Callable[[str], bool]:
        """Which families (core.timeline.family) part `number` holds: a target's state depends only
        on its family's events and the undos (progress._previous). By a CRC-32 of the family, not
        Python's hash, which changes from run to run: the same parts every time."""
        import zlib

        def chosen(key: str) -> bool:
            found = self._part_of.get(key)
            if found is None:
                found = self._part_of[key] = zlib.crc32(key.encode("utf-8", "surrogatepass")) % self.parts
            return found == number

        return chosen


def segment_month(name: str) -> str | None:
    """`2022-06` for any ledger file of that month: `ledger-2022-06.toml` (one origin, as earlier
    versions wrote), `ledger-2022-06.<origin>.toml`, or a sync tool's conflict copy of either.
    None for caches, locks, temporary files and anything else."""
    if (len(name) >= 19 and name.startswith("ledger-") and name.endswith(".toml") and name[11] == "-"
            and (name[7:11] + name[12:14]).isdigit() and (len(name) == 19 or not name[14].isdigit())):
        return name[7:14]
    return None


def _is_canonical(name: str, month: str) -> bool:
    """Written by sapa itself (legacy or with an origin), as opposed to a sync tool's copy."""
    if name == f"ledger-{month}.toml":
        return True
    middle = name[15:-5] if name[14:15] == "." else ""
    return machine.is_origin(middle)


# A ledger whose files hold more than REPLAY_WHOLE_BYTES is replayed in parts (Ledger._replayed), a
# part for each REPLAY_PART_BYTES: an event takes three or four times its bytes in memory.
REPLAY_WHOLE_BYTES = 24 * 1024 * 1024
REPLAY_PART_BYTES = 12 * 1024 * 1024
FOLLOW_AT_MOST = 32  # events a past view's timeline follows; beyond, it is made again (core.timeline)
# A timeline is read whole and takes about its ledger files' bytes in memory: a ledger larger than
# this has none, and each past view of it is replayed in parts (a few seconds at 200,000 events).
TIMELINE_AT_MOST_BYTES = 48 * 1024 * 1024


def _shared_months(entries: list[tuple[str, str, os.stat_result]]) -> set[str]:
    """The months with more than one file (machines, or a sync tool's copies): where one event
    may be in two files. Anywhere else only a hand edit puts it, which reading every event
    (`_union`) finds."""
    months = [month for month, _path, _info in entries]
    return {month for month in months if months.count(month) > 1}


class _Copies:
    """A number for each event read, its id's hash and its content's, to find one id with two
    contents (what Ledger._union refuses) without holding the events: sorted, two alike ids are
    side by side."""

    def __init__(self) -> None:
        self.prints: list[int] = []

    def add(self, events: list[Event]) -> None:
        mask = (1 << 64) - 1
        self.prints.extend((hash(e.id) & mask) << 64
                           | (hash((e.recorded, e.date, e.kind, e.target, e.status, e.note, e.by, e.ref)) & mask)
                           for e in events)

    def conflict(self) -> bool:
        """Whether two have the same id's hash and another content's (then `_union` says which)."""
        self.prints.sort()
        prints = self.prints
        return any(prints[i] >> 64 == prints[i + 1] >> 64 and prints[i] != prints[i + 1]
                   for i in range(len(prints) - 1))


def _parts(events: list[Event]) -> Iterator[list[Event]]:
    """Events a part (EVENT_PART) at a time; none, one empty part."""
    if len(events) <= EVENT_PART:
        yield events
        return
    for start in range(0, len(events), EVENT_PART):
        yield events[start:start + EVENT_PART]


class _Undos:
    """The undos met, each once, held as UndoRefs (the undo of a large import writes hundreds of
    thousands): those made together share one time recorded rather than hold one each."""

    def __init__(self) -> None:
        self.found: dict[str, UndoRef] = {}
        self._stamps: dict[datetime, datetime] = {}

    def add(self, event: Event) -> UndoRef | None:
        """The event's UndoRef, if it is an undo not met before."""
        if event.kind != "undo" or event.id in self.found:
            return None
        undo = self.found[event.id] = UndoRef(event.id, event.target,
                                              self._stamps.setdefault(event.recorded, event.recorded))
        return undo

    def in_order(self) -> list[UndoRef]:
        """Those met, in the ledger's order."""
        return _in_order(self.found.values())


def _in_order(undos: Iterable[UndoRef]) -> list[UndoRef]:
    return sorted(undos, key=lambda u: (u.recorded, u.id))


class _Oldest:
    """A file's next event in a merge (Ledger._merged_runs): the heap's least is the least recorded."""

    __slots__ = ("event", "key", "number", "rest")

    def __init__(self, event: Event, number: int, rest: Iterator[Event]):
        self.event, self.number, self.rest = event, number, rest
        self.key = (event.recorded, event.id)

    def __lt__(self, other: _Oldest) -> bool:
        return (self.key, self.number) < (other.key, other.number)


class _Newest(_Oldest):
    """In a merge newest first: the heap's least is the latest recorded."""

    __slots__ = ()

    def __lt__(self, other: _Oldest) -> bool:
        return (self.key, self.number) > (other.key, other.number)


class HistoryReading(Record):
    """What `history` takes of the ledger (Ledger.history_reading): what pairs the undos with their
    changes (core.queries.history_pairing), and the events, newest recorded first, as they are read."""

    undone: dict[str, str]  # as ProgressState.undone: every undo's, known on the day or not
    undos: list[UndoRef]  # the undos known on the day, in the ledger's order
    changes: list[Event]  # the events known on the day that these revert, but undos
    events: Iterator[Event]


class Merged(Record):
    """What an import did to the ledger."""

    added: tuple[str, ...]  # the ids of the events added, in the ledger's order
    conflicts: list[str]  # the ids both had, with other contents there (ours kept)
    total: int  # the events of the ledger now
    # The events about the reports the import brought receipts of, and every undo: before it, after it.
    ours: list[Event] = Factory(default_factory=list)
    merged: list[Event] = Factory(default_factory=list)


class Appended(Record):
    """Events for a write to append to this machine's latest file, too many to hold (the undo of
    a large import): how many, the time they were all recorded, the format they need, and
    `parts()`, which gives them in the ledger's order, the same ones at every call."""

    count: int
    recorded: datetime
    version: int
    parts: Callable[[], Iterator[list[Event]]]


class LedgerView:
    """What a write sees of the ledger, under the lock; the full history is read only if asked."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self._state: ProgressState | None = None
        self.partial = False  # the state holds only the shard of the one target asked for

    def state(self) -> ProgressState:
        """The whole state (loaded again if only a shard of it was)."""
        if self._state is None or self.partial:
            self._state = self.ledger._current_state()
            self.partial = False
        return self._state

    def loaded(self) -> ProgressState:
        """The state as far as the write has loaded it: all of it, or the shard `of` needed."""
        return self._state if self._state is not None else self.state()

    def of(self, target: str) -> TargetProgress | None:
        """Where one target stands; a write that needs no more loads only its shard of the state."""
        if self._state is None:
            self._state = self.ledger._partial_state({target})
            self.partial = True
        return self._state.of(target)

    def status_of(self, target: str) -> str:
        progress = self.of(target)
        return progress.status if progress is not None else "todo"

    def events(self) -> list[Event]:
        """Every event, those set aside as mismatches too: `undo` may take one of them back."""
        return self.ledger.read_events(set_aside=True)

    def batches(self) -> list[ImportBatch]:
        return self.ledger.read_batches()

    def written(self) -> list[list[str]]:
        """The ids of the events in each of this machine's files, in the order written (Ledger.written_order)."""
        return self.ledger.written_order()

    # What a write that must not hold the history reads instead (the undo of a large import).

    def undo_refs(self) -> list[UndoRef]:
        """Every undo of every file, as much of each as working out the undos takes, in the
        ledger's order."""
        undos = _Undos()
        for event in self.each_event():
            undos.add(event)
        return undos.in_order()

    def each_event(self) -> Iterator[Event]:
        """Every event of every file as the files hold them, file by file (one in several files
        once for each)."""
        for path in self.ledger.segments():
            for part in self.ledger._segment_parts(path):
                yield from part

    def own_files(self) -> Iterator[Iterator[Event]]:
        """The events of each of this machine's files, in the order written (Ledger.written_order),
        as the files hold them."""
        legacy, own = self.ledger._own_files()
        for path in legacy + own:
            yield (event for part in self.ledger._segment_parts(path) for event in part)

    def as_read(self, event: Event) -> Event:
        """The event as `events()` gives it: under the plan's current ids, or as recorded if set aside."""
        index = self.ledger.index
        return (PlanReading(index).read(event) or event) if index is not None else event


class Ledger:
    """Paths are kept as strings: pathlib costs a daily command a third of its start-up."""

    def __init__(self, folder: StrPath, plan_id: str, index: PlanIndex | None = None, origin: str | None = None,
                 before_write: Callable[[], None] | None = None, after_write: Callable[[], None] | None = None):
        self.path = os.fspath(folder)
        self.plan_id = plan_id
        # Called before anything is written (`write`, `merge`); raises to refuse the write (a closed plan).
        self.before_write = before_write
        self.after_write = after_write  # called once something was written (this machine's last step)
        self.index = index  # what the events are read against: renames followed, mismatches set aside
        self._origin = origin
        self._cache = StateCache(self.path, version_of(index))  # what is derived from the files
        self._digests: dict[str, str] = {}  # file name -> digest of the bytes last parsed or written
        # While a whole read goes through the files: the small ones it parsed (name → stamp,
        # digest, events), cached in one pack at the end rather than a file each.
        self._packing: dict[str, tuple[object, str, list[Event]]] | None = None
        self._packed = 0  # the events held in `_packing`
        self._mismatches: list[Mismatch] | None = None  # as of the last read, or of the state cache's head
        self._set_aside: list[Event] = []  # the events the last read set aside, as recorded
        self._read_signature: tuple[derived_cache.Stamp, ...] = ()  # what the state was worked out from
        self._read_entries: Entries | None = None  # the files it was listed from

    # ---- files -----------------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        import pathlib

        return pathlib.Path(self.path)

    @property
    def origin(self) -> str:
        """This machine's id, in the names of the files it writes."""
        if self._origin is None:
            self._origin = machine.origin()
        return self._origin

    def own_segment(self, recorded: datetime, floor: str = "") -> str:
        """This machine's file for the month the event was recorded in, in Vietnam; or for the month
        `floor` (`2022-06`), when the event's is earlier."""
        month = max(f"{recorded.astimezone(zone()):%Y-%m}", floor)
        return os.path.join(self.path, f"ledger-{month}.{self.origin}.toml")

    def _own_files(self, entries: Entries | None = None) -> tuple[list[str], list[str]]:
        """(the files of earlier versions, which kept no origin; this machine's own files), each by
        month, of those listed now or in `entries`. A sync tool's copy is neither: who wrote it, and
        when, is not known."""
        legacy, own = [], []
        for month, path, _info in self._entries() if entries is None else entries:
            name = os.path.basename(path)
            if name == f"ledger-{month}.toml":
                legacy.append(path)
            elif name == f"ledger-{month}.{self.origin}.toml":
                own.append(path)
        return legacy, own

    def written_order(self) -> list[list[str]]:
        """The ids of the events in each of this machine's files, in the order it wrote them,
        whatever its clock said: its files by month, each file's events as appended, since a change
        is never appended to a month before its latest file (`_append_all`; an import's events go
        into their own months: core.progress.written_steps). The files of earlier versions (one
        writer, no origin) come first."""
        legacy, own = self._own_files()
        return [[e.id for e in self._segment_events(path)] for path in legacy + own]

    def _unusable(self, err: OSError, path: str | None = None) -> LedgerError:
        return LedgerError("ledger_unreadable", path=path or self.path, reason=err.strerror or str(err))

    def _entries(self) -> list[tuple[str, str, os.stat_result]]:
        """(month, path, lstat) of every ledger file, in reading order: by month, sapa's own files
        before sync tools' copies. A link or a non-file among them is refused."""
        try:
            folder_info = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            return []
        except NotADirectoryError:  # the data folder is a file: say so, rather than show no progress
            raise LedgerError("ledger_unreadable", path=os.path.dirname(self.path),
                              reason=os.strerror(errno.ENOTDIR)) from None
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

    def large(self, entries: Entries | None = None) -> bool:
        """Whether the ledger (its files as listed in `entries`, else now) is too large to be held
        whole (see REPLAY_WHOLE_BYTES)."""
        return self._files_bytes(self._entries() if entries is None else entries) > REPLAY_WHOLE_BYTES

    @staticmethod
    def _files_bytes(entries: Entries) -> int:
        return sum(info.st_size for _month, _path, info in entries)

    def _cached_stamps(self, entries: Entries) -> list[tuple[str, str, object]]:
        """(month, path, the stamp of its cached events) of each file listed: the stamps taken
        when they were listed (`signature`), as StateCache.stamp_of takes them."""
        version = self._cache.version
        return [(month, path, (stamp, version))
                for (month, path, _info), stamp in zip(entries, self.signature(entries), strict=True)]

    def listing(self) -> Entries:
        """The ledger's files as listed now, to hand to the reads that follow (`state`, `signature`):
        one listing for all of them, stamped before anything is read."""
        return self._entries()

    def signature(self, entries: Entries | None = None) -> tuple[derived_cache.Stamp, ...]:
        """The stamps of the ledger's files: of those listed now, or in `entries` (`listing`)."""
        global _last_signed
        if entries is None:
            entries = self._entries()
        elif _last_signed[0] is entries:  # one listing stamped once, whichever ledger object asks
            return _last_signed[1]
        signature = tuple(self._stamp(path, info) for _month, path, info in entries)
        _last_signed = (entries, signature)
        return signature

    # ---- reading ---------------------------------------------------------------------------

    def _read_file(self, path: str) -> bytes:
        try:
            return open_regular(path)
        except OSError as err:
            if err.errno == errno.ELOOP:
                raise LedgerError("ledger_link", path=path) from None
            raise self._unusable(err, path) from None

    def _parse(self, path: str, raw: bytes, stamp: object) -> list[Event]:
        """Parse a file's bytes and cache its events under `stamp`, taken BEFORE the bytes were read:
        a file replaced meanwhile then has another stamp, and its new events are read next time."""
        from .ledger_format import parse_ledger

        events = parse_ledger(raw, path, self.plan_id, None, self.index.start if self.index else None)
        digest = content_digest(raw)
        self._digests[os.path.basename(path)] = digest
        if self._packing is not None and len(raw) <= PACK_FILE_BYTES and self._packed < PACK_EVENTS:
            # Held until the reading ends: only as many as the pack takes, so never the history.
            self._packing[os.path.basename(path)] = (stamp, digest, events)
            self._packed += len(events)
        else:
            self._cache.save_events(path, stamp, digest, _parts(events))
        return events

    def _segment_events(self, path: str, stamp: object = None) -> list[Event]:
        """A file's events, as cached under `stamp` (taken now, if not given), else read from it."""
        parts = list(self._segment_parts(path, stamp))
        return parts[0] if len(parts) == 1 else [event for part in parts for event in part]

    def _segment_parts(self, path: str, stamp: object = None,
                       choose: Callable[[str, str], bool] | None = None) -> Iterator[list[Event]]:
        """A file's events a part at a time, as cached under `stamp` (taken now, if not given), else
        read from it; `choose(kind, target)`: only those it keeps. A file of a month is one part;
        one written by the undo of a large import, several, so that it is never held whole."""
        now = self._cache.stamp_of(path) if stamp is None else None
        cached = self._cache.event_parts(path, stamp if now is None else now, choose)
        given = 0  # the events of the file gone through, chosen or not
        if cached is None:
            packed = self._cache.packed_events(path, stamp if now is None else now, choose)
            if packed is not None:
                self._digests[os.path.basename(path)] = packed[0]
                yield packed[1]
                return
        if cached is not None:
            self._digests[os.path.basename(path)] = cached[0]
            try:
                for part, gone in cached[1]:
                    given += gone
                    yield part
                return
            except MissingPart:  # a cache made incomplete meanwhile: the rest from the file
                pass
        events = self._parse(path, self._read_file(path), now or self._cache.stamp_of(path))
        for part in _parts(events[given:] if given else events):
            yield part if choose is None else [e for e in part if choose(e.kind, e.target)]

    def read_batches(self) -> list[ImportBatch]:
        """Every machine's record of what its imports added (union by id)."""
        from .ledger_format import is_imports_name, parse_imports

        try:
            names = sorted(os.listdir(self.path))
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as err:
            raise self._unusable(err) from None
        found: dict[str, ImportBatch] = {}
        for name in names:
            if is_imports_name(name):
                path = os.path.join(self.path, name)
                for batch in parse_imports(self._read_file(path), path, self.plan_id):
                    found.setdefault(batch.id, batch)
        return list(found.values())

    def _union(self) -> tuple[list[Event], dict[str, str]]:
        """Every event of every file as recorded, checked, and the file each is in (by event id);
        LedgerError names the first damaged file:line. An event found in several files (a sync
        tool's copy) counts once."""
        events: dict[str, Event] = {}
        found_in: dict[str, str] = {}
        paths = self._begin_pack()
        try:
            for path in paths:
                for event in self._segment_events(path):
                    known = events.setdefault(event.id, event)
                    if known is not event and known != event:
                        raise self._conflicting_copies(event.id, found_in[event.id], path)
                    found_in.setdefault(event.id, path)
        finally:
            self._end_pack(paths)
        return canonical(list(events.values())), found_in

    def _begin_pack(self) -> list[str]:
        """The files, for a reading of every one: the small ones it parses are cached together at
        the end (`_end_pack`), in one file rather than one each (state_cache.save_pack)."""
        # Counted from what the pack holds already: together, no more than it takes (PACK_EVENTS).
        self._packing, self._packed = {}, sum(len(entry[2]) for entry in self._cache.pack().values())
        return self.segments()

    def _end_pack(self, paths: list[str]) -> None:
        # Saved even when a file is refused: the files read before it need not be parsed again.
        if self._packing:
            self._cache.save_pack(self._packing, {os.path.basename(p) for p in paths})
        self._packing = None

    def read_events(self, set_aside: bool = False) -> list[Event]:
        """Every event, as the plan reads it: under the current id of what the plan renamed, and
        without the events aimed at what the plan lacks (set aside: see `mismatches`), unless
        `set_aside`. A damaged file raises LedgerError naming its file:line."""
        events, found_in = self._union()
        if self.index is None:
            self._mismatches, self._set_aside = [], []
            return events
        kept, self._set_aside, self._mismatches = against_plan(self.index, events, found_in)
        return canonical(kept + self._set_aside) if set_aside and self._set_aside else kept

    def ordered_events(self) -> Iterator[Event]:
        """What `read_events` gives, in its order, without ever holding the whole history: each
        file's events are sorted and the files merged as they are given, a file read again only
        once every event before its first has gone. Files are by month, so few are held at a time.

        Every file is read and checked here, before the first event is given: a damaged file, or
        one event id with two contents, is refused before any output. The files are then read as
        they were (their cached events under the stamps taken here), whatever a sync tool changes
        meanwhile."""
        runs: dict[int, tuple[tuple[datetime, str], int, str, object]] = {}  # file number -> its run
        for number, path, stamp, part in self._every_part():
            if part:
                least = min((e.recorded, e.id) for e in part)
                run = runs.get(number)
                runs[number] = (least if run is None else min(run[0], least), number, path, stamp)
        reading = PlanReading(self.index) if self.index is not None else None
        return self._merged_runs(sorted(runs.values()), reading)

    def _every_part(self) -> Iterator[tuple[int, str, object, list[Event]]]:
        """(the file's number, its path, its stamp, a part of its events) of every file in turn, a
        part at a time, each file stamped before it is read, the small ones packed at the end
        (`_begin_pack`). Once every part is given, one event id with two contents among them is
        refused, naming its file:line (`_union`): before a caller that holds back its output until
        then gives anything."""
        copies = _Copies()
        paths = self._begin_pack()
        try:
            for number, path in enumerate(paths):
                stamp = self._cache.stamp_of(path)
                for part in self._segment_parts(path, stamp):
                    copies.add(part)
                    yield number, path, stamp, part
        finally:
            self._end_pack(paths)
        if copies.conflict():
            self._union()

    def history_reading(self, as_of: date | None = None) -> HistoryReading:
        """What `full_state(as_of)` gives `history`, without ever holding the whole history: the
        undos and the changes they revert, gathered in one reading of every file (which checks
        them, as `ordered_events` does, before anything is given), and the events known on
        `as_of`, newest recorded first, each file read again only once every later event has
        gone. The mismatches are set as `read_events` sets them."""
        reading = PlanReading(self.index) if self.index is not None else None
        runs: dict[int, tuple[tuple[datetime, str], int, str, object]] = {}  # file number -> its run
        undos = _Undos()
        known: list[UndoRef] = []  # the undos known on `as_of`
        reverted: set[str] = set()  # what the undos known revert, found so far
        changes: dict[str, Event] = {}
        aside: dict[str, tuple[Event, str]] = {}
        for number, path, stamp, part in self._every_part():
            if part:
                latest = max((e.recorded, e.id) for e in part)
                run = runs.get(number)
                runs[number] = (latest if run is None else max(run[0], latest), number, path, stamp)
            fresh = False  # an undo known, met in this part
            for event in part:
                read = event if reading is None else reading.read(event)
                if read is None:
                    aside.setdefault(event.id, (event, path))
                elif read.kind == "undo":
                    undo = undos.add(read)
                    if undo is not None and (as_of is None or known_on(read, as_of)):
                        known.append(undo)
                        reverted.add(read.target)
                        fresh = True
                elif read.id in reverted and (as_of is None or known_on(read, as_of)):
                    changes.setdefault(read.id, read)
            if fresh:  # a change is mostly undone soon after it is made: read before its undo, here
                self._take_reverted(part, reverted, changes, reading, as_of)

        def missing() -> set[str]:  # undone in a later file, or lacking
            return reverted - changes.keys() - undos.found.keys() - aside.keys()

        if missing():
            for _last, _number, path, stamp in sorted(runs.values(), key=lambda run: run[1]):
                # read again only until every change undone is found
                for part in self._segment_parts(path, stamp):
                    self._take_reverted(part, reverted, changes, reading, as_of)
                if not missing():
                    break
        undone = undone_ids(undos.in_order())
        self._note_set_aside(aside, undone, reading)
        return HistoryReading(undone, _in_order(known), list(changes.values()),
                              self._merged_runs(sorted(runs.values(), key=lambda run: run[:2], reverse=True),
                                                reading, newest_first=True, as_of=as_of))

    def _note_set_aside(self, aside: dict[str, tuple[Event, str]], undone: dict[str, str],
                        reading: PlanReading | None) -> None:
        """The events set aside on a reading (each with its file), and the mismatches among them,
        as `read_events` sets them: those no undo took back."""
        self._set_aside = canonical([event for event, _path in aside.values()])
        self._mismatches = [Mismatch(e.id, e.kind, e.target, e.date, aside[e.id][1], problem)
                            for e in self._set_aside if e.id not in undone
                            and reading is not None and (problem := reading.problem(e)) is not None]

    @staticmethod
    def _take_reverted(events: list[Event], reverted: set[str], changes: dict[str, Event],
                       reading: PlanReading | None, as_of: date | None) -> None:
        """Into `changes`, the events of `events` known on `as_of` whose ids are `reverted`, but undos."""
        for event in events:
            if event.id in reverted and event.id not in changes and event.kind != "undo":
                read = event if reading is None else reading.read(event)
                if read is not None and (as_of is None or known_on(read, as_of)):
                    changes[read.id] = read

    def _merged_runs(self, runs: list[tuple[tuple[datetime, str], int, str, object]], reading: PlanReading | None,
                     newest_first: bool = False, as_of: date | None = None) -> Iterator[Event]:
        """The events of `runs` (a file each, after its first event in the merge) by time recorded,
        or newest first: a file is read only once every event before its first has gone, and a sync
        tool's copy of an event is given once. As `reading` reads them; given `as_of`, those known then."""
        import heapq

        head: type[_Oldest] = _Newest if newest_first else _Oldest
        # A file is opened once its first event comes no later in the merge than the heap's least.
        opens = (lambda first, least: first >= least) if newest_first else (lambda first, least: first <= least)
        heap: list[_Oldest] = []
        given: Event | None = None
        waiting = iter(runs)
        run = next(waiting, None)
        while heap or run is not None:
            while run is not None and (not heap or opens(run[0], heap[0].key)):
                _first, number, path, stamp = run
                in_order = canonical(self._segment_events(path, stamp))
                rest = reversed(in_order) if newest_first else iter(in_order)
                event = next(rest, None)
                if event is not None:
                    heapq.heappush(heap, head(event, number, rest))
                run = next(waiting, None)
            least = heap[0]
            event = least.event
            after = next(least.rest, None)
            if after is None:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, head(after, least.number, least.rest))
            if given is not None and event.id == given.id:  # a sync tool's copy: counted once
                if event != given:
                    self._union()
                continue
            given = event
            read = event if reading is None else reading.read(event)
            if read is not None and (as_of is None or known_on(read, as_of)):
                yield read

    def all_events(self) -> list[Event]:
        """Every event as the files hold it: no id followed, nothing set aside. To check the ledger
        against another version of the plan (progress.plan_ledger_mismatches)."""
        return self._union()[0]

    def mismatches(self) -> list[Mismatch]:
        """The events aimed at an item, unit or member the plan lacks (no `renamed_from` covering
        them), and not undone: set aside, not counted. From the state cache when the files are
        unchanged, so a daily command pays nothing for asking."""
        if self._mismatches is None:
            self._mismatches = self._cache.mismatches(self.signature())
            if self._mismatches is None:
                self._current_state()  # reads the files, and caches the state for the next command
        return list(self._mismatches or ())

    def mismatches_against(self, index: PlanIndex) -> list[Mismatch]:
        """What `mismatches` would be with `index`'s version of the plan (a plan about to replace
        this one), with the marks that version would refuse as dated before its start."""
        events, found_in = self._union()
        return plan_ledger_mismatches(index, events, found_in)

    def _conflicting_copies(self, event_id: str, first: str, second: str) -> LedgerError:
        """One event id with two contents: a hand edit of one copy. Which is right is the clerk's call."""
        try:
            text = self._read_file(second).decode("utf-8", "replace")
            line = text[: text.index(f'"{event_id}"')].count("\n") + 1
        except (LedgerError, ValueError):
            line = 1
        return LedgerError("ledger_damaged", where=f"{second}:{line}",
                           reason=tr("why_conflicting_copy", id=event_id, other=os.path.basename(first)))

    def state(self, as_of: date | None = None, entries: Entries | None = None) -> ProgressState:
        """The state without the history; from the cache when the files are unchanged. `entries`:
        the files as listed (`listing`) by a caller that has just stamped them.

        `as_of` a day before some of the progress (looking at the past with --today): as the events
        known and in effect that day (progress.known_on) make it, so nothing later shows."""
        if entries is None:
            entries = self._entries()  # one listing for all it reads: stamped before anything is read
        if as_of is not None and self.latest(entries) > as_of.toordinal():
            return self.past_state(as_of, entries)
        return self._current_state(entries)

    def latest(self, entries: Entries | None = None) -> int:
        """The last day (ordinal) any change takes effect on: from the cached state's head alone,
        so that a past view does not load the state of today to learn that it is one (the head's
        mismatches are kept on the way, for `mismatches`)."""
        found = self._cache.latest(self.signature(entries))
        if found is None:
            return self._current_state(entries).latest
        latest, self._mismatches = found
        return latest

    def past_state(self, as_of: date, entries: Entries) -> ProgressState:
        """`state(as_of, entries)` for a caller that knows the day to be before the ledger's latest
        (it does not read the state's head to learn so); right for any day all the same.

        The state on a past day, read from the timeline (core.timeline): where each target
        stood after each of its events, kept when a past day is first viewed and followed through
        the events added since, so that the first view of any day costs about what today's does.
        A ledger too large to be held whole has its timeline made in parts (`_timeline`); one too
        large for a timeline is replayed for the day in parts."""
        if self._files_bytes(entries) > TIMELINE_AT_MOST_BYTES:
            return self._replayed(as_of, entries)
        from ..cache.state_cache import CachedTargets
        from ..cache.timeline_cache import checked_values
        from ..core.timeline import family

        day = as_of.toordinal()
        for again in (False, True):
            timeline = self._timeline(entries, again)
            targets, rows, tangled = timeline.on(day)
            if tangled:  # a report received later but dated earlier than another receipt of it: replayed
                kept = [n for n, target in enumerate(targets) if family(target) not in tangled]
                targets, rows = [targets[n] for n in kept], [rows[n] for n in kept]
            try:
                values = checked_values([timeline.value(row) for row in rows])
                break
            except (ValueError, EOFError, TypeError):  # a cache of the wrong shape: made again from the files
                if again:
                    raise
        columns = (targets, *values)
        state = ProgressState(undone=timeline.undone, stored=CachedTargets(columns), latest=timeline.latest_on(day))
        if tangled:
            chosen = self._events_where(self._cached_stamps(entries), tangled.__contains__, as_of)
            state.targets.update(build_state(chosen, timeline.undone).targets)
        return state

    def _timeline(self, entries: Entries, again: bool = False) -> Timeline:
        """The timeline of the files as listed in `entries` (stamped before anything is read: a file
        changed meanwhile is read again next time): the one cached, followed through the events
        added at the end of files since (a `mark`, a sync), else made again from every event."""
        from ..cache import timeline_cache
        from ..core.timeline import joined, make_timeline

        folder = self._cache.folder
        cached = None if again else timeline_cache.load(folder, self._cache.version)
        if cached is not None:
            read_from, timeline = cached
            added = self._added_since(read_from, entries)
            if added is not None:
                new_files, events = added
                if not events:
                    if new_files != read_from:  # touched, or events set aside added: not read again next time
                        timeline_cache.save(folder, self._cache.version, new_files, timeline)
                    return timeline
                # Following is a copy of the timeline per event: a sync of many is made again instead.
                # A cache that loads but holds wrong values is made again too.
                try:
                    followed = len(events) <= FOLLOW_AT_MOST and timeline.follow(events)
                except (ValueError, TypeError, EOFError, IndexError):
                    followed = False
                if followed:
                    timeline_cache.save(folder, self._cache.version, new_files, timeline)
                    return timeline
        files: dict[str, tuple[derived_cache.Stamp, int, str]] = {}
        if self.large(entries):  # a part of the targets at a time, as `_replayed` works out the state
            parted = self._first_reading(entries, files=files)
            timeline = joined((make_timeline(self._events_where(parted.files, parted.part(number)), parted.undone)
                               for number in range(parted.parts)), parted.undone)
            self._note_set_aside(parted.aside, parted.undone, parted.reading)
            import shutil

            shutil.rmtree(os.path.join(folder, "past"), ignore_errors=True)  # earlier versions' states of past days
        else:
            for _month, path, info in entries:
                found = self._segment_events(path, (self._stamp(path, info), self._cache.version))
                files[os.path.basename(path)] = (self._stamp(path, info), len(found),
                                                 timeline_cache.events_digest(found))
            events = self.read_events()
            timeline = make_timeline(events, undone_ids(events))
        timeline_cache.save(folder, self._cache.version, files, timeline)
        return timeline

    def _added_since(self, files: dict[str, tuple[derived_cache.Stamp, int, str]],
                     entries: list[tuple[str, str, os.stat_result]]) -> tuple[dict[str, Any], list[Event]] | None:
        """The files as they are and the events added at their ends since `files` were read, as the
        plan reads them (each once); None if a file changed otherwise, or is gone."""
        from ..cache.timeline_cache import events_digest

        signature = self.signature(entries)
        if not set(files) <= {stamp[0] for stamp in signature}:  # the stamp's first is the file's name
            return None
        now: dict[str, Any] = {}
        added: dict[str, Event] = {}
        reading = None
        for (_month, path, _info), stamp in zip(entries, signature, strict=True):
            name = stamp[0]
            known = files.get(name)
            if known is not None and tuple(known[0]) == stamp:
                now[name] = known
                continue
            if reading is None and self.index is not None:
                reading = PlanReading(self.index)
            found = self._segment_events(path, (stamp, self._cache.version))
            count = known[1] if known is not None else 0
            if len(found) < count or (known is not None and events_digest(found[:count]) != known[2]):
                return None
            for event in found[count:]:
                read = event if reading is None else reading.read(event)
                if read is not None:
                    added.setdefault(read.id, read)
            now[name] = (stamp, len(found), events_digest(found))
        return now, list(added.values())

    @staticmethod
    def _stamp(path: str, info: os.stat_result) -> derived_cache.Stamp:
        return (os.path.basename(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)

    def _current_state(self, entries: Entries | None = None) -> ProgressState:
        return self._state_from_cache(None, entries)

    def _partial_state(self, targets: set[str]) -> ProgressState:
        """The state with at least `targets` in it (their shards only, when the cache has them)."""
        return self._state_from_cache({shard_of(t) for t in targets})

    def _state_from_cache(self, shards: set[int] | None, entries: Entries | None = None) -> ProgressState:
        # The signature is taken before anything is read (`entries`, listed now if not given): a
        # file that changes while it is read then no longer matches it, and is read again next time.
        entries = self._entries() if entries is None else entries
        signature = self.signature(entries)
        self._read_signature = signature
        self._read_entries = entries
        cached = self._cache.load(signature, shards)
        if cached is not None:
            state, digests, self._mismatches = cached
            self._digests.update(digests)
            return state
        full = self._replayed(entries=entries)
        self._cache.save(full, signature, self._digests, self._mismatches)
        return ProgressState(targets=full.targets, undone=full.undone, latest=full.latest)

    def _replayed(self, as_of: date | None = None, entries: Entries | None = None) -> ProgressState:
        """`build_state(self.read_events())` (`full_state(as_of)`'s state, given a past day), the
        mismatches set as `read_events` sets them; `entries`, the files as listed, if they were.
        A large ledger is replayed in parts, so that no part holds more than its share of the history:
        where a target stands depends only on the undos and on the events aimed at it or, for a
        unit's part of a duty, at the duty (progress._previous): all aimed at what comes before
        any "@", which chooses the part. The first reading gathers the undos (held as UndoRefs: the
        undo of a large import writes hundreds of thousands), each part one more reading of the
        files' cached events. (The targets are in another order than one replay would give: a state
        is looked up by target, never in order.)"""
        entries = self._entries() if entries is None else entries
        if not self.large(entries):
            return build_state(self.read_events()) if as_of is None else self.full_state(as_of)
        parted = self._first_reading(entries, as_of)
        targets: dict[str, TargetProgress] = {}
        for number in range(parted.parts):  # a part's events let go before the next part's are read
            targets.update(build_state(self._events_where(parted.files, parted.part(number), as_of),
                                       parted.undone).targets)
        self._note_set_aside(parted.aside, parted.undone, parted.reading)
        return ProgressState(targets=targets, undone=parted.undone, latest=parted.latest)

    def _first_reading(self, entries: Entries, as_of: date | None = None,
                       files: dict[str, tuple[derived_cache.Stamp, int, str]] | None = None) -> _FirstReading:
        """The first reading of a replay in parts (`_replayed`): the undos worked out, the events set
        aside, the latest day known on `as_of`; each file's stamp, events and their digest put in
        `files` if given (a timeline's, timeline_cache.Files)."""
        parted = _FirstReading(-(-self._files_bytes(entries) // REPLAY_PART_BYTES), self._cached_stamps(entries),
                               PlanReading(self.index) if self.index is not None else None)
        copies = _Copies()
        shared = _shared_months(entries)
        # Each undo's target and id, as text: strings kept from the events read would keep the
        # memory of all of them (their neighbours) taken.
        undos = bytearray()
        reading = parted.reading
        for (month, path, stamp), (_month, _path, info) in zip(parted.files, entries, strict=True):
            digest = None
            if files is not None:  # a timeline's: its module loaded only then
                from ..cache.timeline_cache import EventsDigest

                digest = EventsDigest()
            for part in self._segment_parts(path, stamp):
                if digest is not None:
                    digest.add(part)
                if month in shared:
                    copies.add(part)
                for event in part:
                    read = event if reading is None else reading.read(event)
                    if read is None:
                        parted.aside.setdefault(event.id, (event, path))
                    elif read.kind == "undo":
                        undos += f"{read.target} {read.id}\n".encode()
                    elif as_of is None or known_on(read, as_of):
                        parted.latest = max(parted.latest, event_day(read))
            if files is not None and digest is not None:  # one with the other (said twice for mypy)
                files[os.path.basename(path)] = (self._stamp(path, info), digest.count, digest.hexdigest())
        if copies.conflict():
            self._union()  # one event id with two contents: refused, naming the file:line
        del copies
        undone = parted.undone  # what each undo reverts, while none is undone and no two revert one
        tangled = False
        for line in io.BytesIO(undos):
            target, undo_id = line.decode().split()
            tangled = tangled or undone.setdefault(target, undo_id) != undo_id
        del undos
        if tangled or not undone.keys().isdisjoint(undone.values()):
            parted.undone = undone_ids(self._undo_refs(parted.files))
        return parted

    def _events_where(self, files: list[tuple[str, str, object]], chosen: Callable[[str], bool],
                      as_of: date | None = None) -> list[Event]:
        """The events (no undo) aimed at the families (core.timeline.family) `chosen` keeps, known on
        `as_of` if given, read from the files' cached events, as the plan reads them."""
        from ..core.timeline import family

        reading = PlanReading(self.index) if self.index is not None else None

        def keep(kind: str, target: str) -> bool:
            if kind == "undo":
                return False
            if reading is not None:
                target, problem = reading.found(kind, target)
                if problem is not None:
                    return False
            return chosen(family(target))

        found: dict[str, Event] = {}
        for _month, path, stamp in files:
            for part in self._segment_parts(path, stamp, keep):
                for event in part:
                    read = event if reading is None else reading.read(event)
                    assert read is not None
                    if as_of is None or known_on(read, as_of):
                        found.setdefault(read.id, read)
        return list(found.values())

    def _undo_refs(self, files: list[tuple[str, str, object]]) -> list[UndoRef]:
        """Every undo of the files, as much of each as working out the undos takes (undone_ids), in
        the ledger's order."""
        undos = _Undos()
        for _month, path, stamp in files:
            for part in self._segment_parts(path, stamp):
                for event in part:
                    undos.add(event)
        return undos.in_order()

    def _save_state_after_write(self, state: ProgressState, before: tuple[derived_cache.Stamp, ...],
                                written: set[str], listed: Entries | None = None) -> None:
        """Cache the state a write ends with (if no other machine's file came in meanwhile). `listed`:
        the files the state was worked out from, as listed under this write's lock; the files it
        wrote are stamped as they are now, the others as listed then. A file another machine's sync
        tool put in meanwhile is not among them: the next command's listing finds it, and so does
        not take this state for that of the files it sees."""
        after = self._listed_after(listed, written) if listed is not None else None
        self._cache.save_after_write(state, before, self.signature(after), written, self._digests, self._mismatches)

    def _listed_after(self, listed: Entries, written: set[str]) -> Entries | None:
        """`listed`, with the files of `written` (names) as they are now; None if one is gone."""
        entries = [entry for entry in listed if os.path.basename(entry[1]) not in written]
        for name in written:
            path = os.path.join(self.path, name)
            try:
                entries.append((segment_month(name) or "", path, os.stat(path, follow_symlinks=False)))
            except OSError:
                return None
        return sorted(entries, key=lambda e: (e[0], not _is_canonical(os.path.basename(e[1]), e[0]),
                                              os.path.basename(e[1])))

    def full_state(self, as_of: date | None = None) -> ProgressState:
        """Every event (those known on `as_of`, if given) and the state they make."""
        events = self.read_events()
        if as_of is None:
            return build_state(events)
        return build_state([e for e in events if known_on(e, as_of)], undone_ids(events))

    # ---- writing ---------------------------------------------------------------------------

    def lock_path(self) -> str:
        """Per machine: kept beside the origin id, since the processes that share an origin (and so
        write the same files) are exactly those that must exclude each other."""
        return os.path.join(machine.config_dir(), "locks", derived_cache.folder_key(self.path))

    def _remove_stray_temporaries(self) -> None:
        """A process killed mid-write leaves its temporary file behind. Under the lock none of this
        machine's files is being written, so its own go at once; another machine's, or a file of
        an earlier version (`.ledger-2022-06.toml.….tmp`), once a day old (storage.journal)."""
        from .journal import remove_strays

        try:
            names = os.listdir(self.path)
        except OSError:
            return
        own = f".{self.origin}.toml."
        for name in names:
            if name.startswith((".ledger-", ".imports.")) and own in name and name.endswith(".tmp"):
                try:
                    os.remove(os.path.join(self.path, name))
                except OSError:
                    pass
        remove_strays(self.path)  # another machine's, or an earlier version's, once a day old

    def _make_folder(self) -> None:
        if os.path.islink(self.path):  # a dangling link too: makedirs would say only "File exists"
            raise LedgerError("ledger_link", path=self.path)
        try:
            make_folders(self.path)
        except OSError as err:
            raise LedgerError("ledger_unwritable", path=self.path, reason=err.strerror or str(err)) from None

    def _append(self, path: str, events: list[Event]) -> None:
        """Add events at the end of one of this machine's files, after checking the file's own bytes."""
        data = self._appended(path, events)
        try:
            write_atomically(path, data)
        except OSError as err:
            raise LedgerError("ledger_unwritable", path=path, reason=err.strerror or str(err)) from None
        self._digests[os.path.basename(path)] = content_digest(data)

    def _appended(self, path: str, events: list[Event]) -> bytes:
        """One of this machine's files with `events` added at its end; the file's own bytes checked
        first (whatever any cache says), so that a damaged file is refused, never added to."""
        from .ledger_format import raised_format, serialize, serialize_appended

        if os.path.lexists(path):
            stamp = self._cache.stamp_of(path)
            raw = self._read_file(path)
            if self._digests.get(os.path.basename(path)) != content_digest(raw):
                self._parse(path, raw, stamp)  # refuses a damaged file before touching it
            return raised_format(raw, events) + serialize_appended(events)
        return serialize(self.plan_id, events)

    def _append_all(self, events: list[Event], imported: bool = False,
                    listed: Entries | None = None) -> set[str]:
        """Append to this machine's files; the names of the files written. An event goes into the
        file of the month it was recorded in, or into this machine's latest file if that is of a
        later month (the clock was wrong, or is now): so the files, read by month, hold this
        machine's changes in the order it wrote them, and `undo` takes back the last one written.
        `imported` events (another office's) go into the months they were recorded in, whatever
        the order of imports. `listed`: the ledger's files as listed under the lock this write holds
        (this machine's own files, which only it writes, are still those)."""
        by_file: dict[str, list[Event]] = {}
        own = self._own_files(listed)[1] if events and not imported else []
        floor = os.path.basename(own[-1])[7:14] if own else ""
        for event in canonical(events):
            by_file.setdefault(self.own_segment(event.recorded, floor), []).append(event)
        for path, group in by_file.items():
            self._append(path, group)
        return {os.path.basename(path) for path in by_file}

    def _locked(self) -> Any:
        self._make_folder()
        return locked(self.lock_path())

    def write(self, change: Callable[[LedgerView], list[Event]]) -> ProgressState:
        """Under the lock: let `change` look at the ledger and return new events, then append them.

        `change` runs inside the lock, so what it decides (the status before, which event undo
        reverts) cannot be invalidated by a concurrent writer on this machine; writers on other
        machines write other files. Returns the state afterwards.
        """
        if self.before_write is not None:
            self.before_write()
        with self._locked():
            self._remove_stray_temporaries()
            self._read_entries = None
            view = LedgerView(self)
            new_events = change(view)
            shared = self.index.shared if self.index is not None else {}
            parts = [shared.get(e.target, ()) if e.kind == "mark" else () for e in new_events]
            # A whole duty's mark is checked against its units' parts, which may be in other shards.
            state = view.state() if any(parts) else view.loaded()
            before = self._read_signature
            incremental = all([apply_event(state, e, p) for e, p in zip(new_events, parts, strict=True)])
            listed = self._read_entries
            written = self._append_all(new_events, listed=listed)
            if not incremental:
                before = self.signature()
                written = set()
                state = self._replayed()
                listed = None  # the files listed again, and read: those the state is of
            state = ProgressState(targets=state.targets, undone=state.undone, stored=state.stored,
                                  latest=max([state.latest, *map(event_day, new_events)]))
            self._save_state_after_write(state, before, written, listed)
        if new_events and self.after_write is not None:
            self.after_write()
        return state

    def write_appended(self, change: Callable[[LedgerView], Appended]) -> None:
        """`write`, for events given in parts (Appended) rather than held: written a part at a time
        into this machine's latest file (or that of their month), the file's events cached from
        what was written. The state is left for the next command to work out from the files
        (`_replayed`), in a process of its own: here, after all that was read to make the events,
        it would take a second time the memory it takes."""
        if self.before_write is not None:
            self.before_write()
        with self._locked():
            self._remove_stray_temporaries()
            appended = change(LedgerView(self))
            own = self._own_files()[1]
            path = self.own_segment(appended.recorded, os.path.basename(own[-1])[7:14] if own else "")
            self._cache.drop()  # before the file changes: a state of the files before is never taken for after
            self._append_parts(path, appended)
        if appended.count and self.after_write is not None:
            self.after_write()

    def _append_parts(self, path: str, appended: Appended) -> None:
        """`_append`, a part at a time; then the file's events cached (those it held, and those
        written), so that no reading of it holds them all."""
        from .ledger_format import serialize_in_parts

        raw = None
        held: list[list[Event]] = []  # the events the file holds already, for its cache
        if os.path.lexists(path):
            stamp = self._cache.stamp_of(path)
            raw = self._read_file(path)
            if self._digests.get(os.path.basename(path)) != content_digest(raw):
                held = [self._parse(path, raw, stamp)]  # refuses a damaged file before touching it
            else:
                held = list(self._segment_parts(path, stamp))
        digest = derived_cache.digester()

        def data() -> Iterator[bytes]:
            for part in serialize_in_parts(self.plan_id, raw, appended.parts(), appended.version):
                digest.update(part)
                yield part

        try:
            Prepared(path, data()).commit()
        except OSError as err:
            raise LedgerError("ledger_unwritable", path=path, reason=err.strerror or str(err)) from None
        self._digests[os.path.basename(path)] = digest.hexdigest()
        self._cache.save_events(path, self._cache.stamp_of(path), digest.hexdigest(),
                                (part for parts in (held, appended.parts()) for part in parts))

    def merge(self, theirs: Iterable[Event], recorded: datetime, source: str = "", in_order: bool = False) -> Merged:
        """Under the lock: add the events of `theirs` that the history lacks (import), union by id.

        They are appended to this machine's files of the months they were recorded in, so every
        file written by hand or by another machine stays as it was, comments and all. Each month's
        new file is written beside the old one, and put in place only once every event of `theirs`
        has been read: an error on the way changes nothing, and an import interrupted while the
        files are put in place leaves whole files, which importing again completes. What was added
        is recorded as one import batch, which `undo` reverts as one step.

        Neither history is held whole: the ledger's events are gone through file by file, keeping
        a hash of each; `theirs` is given once, and its months written as they are done with
        (`in_order`: by time recorded, as an export has them), or all at the end. An event both
        have with different contents is a conflict, and ours is kept."""
        if self.before_write is not None:
            self.before_write()
        with self._locked():
            self._remove_stray_temporaries()
            ours: dict[str, int] = {}  # id -> hash of the event, as the files hold it
            for path in self.segments():
                events = self._segment_events(path)
                for event in events:
                    known = ours.setdefault(event.id, hash(event))
                    if known != hash(event):
                        self._union()  # one id with two contents: refused, naming the file:line
            self.read_batches()  # refuses a damaged imports file before anything is written
            added: list[str] = []
            unordered: list[tuple[datetime, str]] = []  # `theirs` not in order: put in it at the end
            conflicts: list[str] = []
            reports: set[str] = set()
            months: dict[str, list[Event]] = {}
            prepared: list[tuple[Prepared, str]] = []
            try:
                for event in theirs:
                    mine = ours.get(event.id)
                    if mine is not None:
                        if mine != hash(event):
                            conflicts.append(event.id)
                        continue
                    added.append(event.id)
                    if not in_order:
                        unordered.append((event.recorded, event.id))
                    if event.kind == "submit":
                        reports.add(event.target)
                    path = self.own_segment(event.recorded)
                    if in_order and path not in months and months:  # the months before are done
                        for done, group in months.items():
                            prepared.append(self._prepared(done, group))
                        months.clear()
                    if in_order and path not in months and any(each.path == path for each, _d in prepared):
                        # A month come round again: `theirs` was not in order after all (the file
                        # changed between two readings). Its second group would be made from the file
                        # as it stands and overwrite the first: refuse before anything is written.
                        raise UsageError("import_bad_file", where=source, reason=tr("changed_while_read"))
                    months.setdefault(path, []).append(event)
                for done, group in months.items():
                    prepared.append(self._prepared(done, group))
                months.clear()
                for each, digest in prepared:
                    each.commit()
                    self._digests[os.path.basename(each.path)] = digest
            except BaseException:
                for each, _digest in prepared:
                    each.discard()
                raise
            ids = tuple(added) if in_order else tuple(event_id for _recorded, event_id in sorted(unordered))
            del added, unordered
            if ids:
                self._append_batch(ImportBatch(new_event_id(), recorded, source, ids))
            self._state_from_cache(None)  # worked out again from the files, and cached
            about = self._events_about(reports, set(ids)) if reports else ([], [])
        if ids and self.after_write is not None:
            self.after_write()
        return Merged(ids, conflicts, len(ours) + len(ids), *about)

    def _prepared(self, path: str, events: list[Event]) -> tuple[Prepared, str]:
        data = self._appended(path, canonical(events))
        try:
            return Prepared(path, data), content_digest(data)
        except OSError as err:
            raise LedgerError("ledger_unwritable", path=path, reason=err.strerror or str(err)) from None

    def _events_about(self, targets: set[str], added: set[str]) -> tuple[list[Event], list[Event]]:
        """The events aimed at `targets` and every undo, as the files hold them: (those of the
        ledger before an import added `added`, every one after it). What working out those
        targets' states before and after takes (progress.receipt_disagreements), and no more."""
        found: dict[str, Event] = {}
        for path in self.segments():
            for event in self._segment_events(path):
                if event.target in targets or event.kind == "undo":
                    found.setdefault(event.id, event)
        merged = canonical(list(found.values()))
        return [e for e in merged if e.id not in added], merged

    def _append_batch(self, batch: ImportBatch) -> None:
        from .ledger_format import parse_imports, serialize_imports

        path = os.path.join(self.path, f"imports.{self.origin}.toml")
        if os.path.lexists(path):
            raw = self._read_file(path)
            parse_imports(raw, path, self.plan_id)
            data = raw + serialize_imports(self.plan_id, [batch], appended=True)
        else:
            data = serialize_imports(self.plan_id, [batch], appended=False)
        try:
            write_atomically(path, data)
        except OSError as err:
            raise LedgerError("ledger_unwritable", path=path, reason=err.strerror or str(err)) from None

