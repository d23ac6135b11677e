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
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from datetime import date, datetime

from ..cache import derived_cache
from ..cache.derived_cache import content_digest
from ..cache.state_cache import StateCache, shard_of, version_of
from ..core.dates import zone
from ..core.progress import (
    Event,
    ImportBatch,
    Mismatch,
    PlanReading,
    ProgressState,
    TargetProgress,
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
from ..errors import LedgerError
from ..i18n import tr
from . import machine
from .safe_files import locked, make_folders, open_regular, write_atomically

# Imported where used: pathlib, and `ledger_format` (the TOML itself), cost start-up time that a
# daily command, which reads the caches, does not pay.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from _typeshed import StrPath

    from ..core.model import PlanIndex


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


class LedgerView:
    """What a write sees of the ledger, under the lock; the full history is read only if asked."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self._state: ProgressState | None = None

    def state(self) -> ProgressState:
        if self._state is None:
            self._state = self.ledger._current_state()
        return self._state

    def of(self, target: str) -> TargetProgress | None:
        """Where one target stands; a write that needs no more loads only its shard of the state."""
        if self._state is None:
            self._state = self.ledger._partial_state({target})
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
        self._mismatches: list[Mismatch] | None = None  # as of the last read, or of the state cache's head
        self._set_aside: list[Event] = []  # the events the last read set aside, as recorded
        self._read_signature: tuple[derived_cache.Stamp, ...] = ()  # what the state was worked out from

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

    def _own_files(self) -> tuple[list[str], list[str]]:
        """(the files of earlier versions, which kept no origin; this machine's own files), each by
        month. A sync tool's copy is neither: who wrote it, and when, is not known."""
        legacy, own = [], []
        for month, path, _info in self._entries():
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

    def _parse(self, path: str, raw: bytes, stamp: object) -> list[Event]:
        """Parse a file's bytes and cache its events under `stamp`, taken BEFORE the bytes were read:
        a file replaced meanwhile then has another stamp, and its new events are read next time."""
        from .ledger_format import parse_ledger

        events = parse_ledger(raw, path, self.plan_id, None, self.index.start if self.index else None)
        digest = content_digest(raw)
        self._digests[os.path.basename(path)] = digest
        self._cache.save_events(path, stamp, digest, events)
        return events

    def _segment_events(self, path: str, stamp: object = None) -> list[Event]:
        """A file's events, as cached under `stamp` (taken now, if not given), else read from it."""
        now = self._cache.stamp_of(path) if stamp is None else None
        cached = self._cache.events(path, stamp if now is None else now)
        if cached is not None:
            self._digests[os.path.basename(path)] = cached[0]
            return cached[1]
        return self._parse(path, self._read_file(path), now or self._cache.stamp_of(path))

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
        for path in self.segments():
            for event in self._segment_events(path):
                known = events.setdefault(event.id, event)
                if known is not event and known != event:
                    raise self._conflicting_copies(event.id, found_in[event.id], path)
                found_in.setdefault(event.id, path)
        return canonical(list(events.values())), found_in

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
        runs: list[tuple[tuple[datetime, str], int, str, object]] = []
        contents: dict[int, int] = {}  # hash of an event id -> hash of its content: copies are alike
        for number, path in enumerate(self.segments()):
            stamp = self._cache.stamp_of(path)
            events = self._segment_events(path, stamp)
            for event in events:
                known = contents.setdefault(hash(event.id), hash(event))
                if known != hash(event):
                    self._union()  # names the file:line of the second copy (or finds two ids hashed alike)
            if events:
                runs.append((min((e.recorded, e.id) for e in events), number, path, stamp))
        del contents
        reading = PlanReading(self.index) if self.index is not None else None
        return self._merged_runs(sorted(runs), reading)

    def _merged_runs(self, runs: list[tuple[tuple[datetime, str], int, str, object]],
                     reading: PlanReading | None) -> Iterator[Event]:
        import heapq

        heap: list[tuple[tuple[datetime, str], int, Event, Iterator[Event]]] = []
        given: Event | None = None
        waiting = iter(runs)
        run = next(waiting, None)
        while heap or run is not None:
            while run is not None and (not heap or run[0] <= heap[0][0]):
                first, number, path, stamp = run
                events = iter(canonical(self._segment_events(path, stamp)))
                head = next(events, None)
                if head is not None:
                    heapq.heappush(heap, ((head.recorded, head.id), number, head, events))
                run = next(waiting, None)
            _key, number, event, rest = heap[0]
            after = next(rest, None)
            if after is None:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, ((after.recorded, after.id), number, after, rest))
            if given is not None and event.id == given.id:  # a sync tool's copy: counted once
                if event != given:
                    self._union()
                continue
            given = event
            if reading is None:
                yield event
            elif (read := reading.read(event)) is not None:
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

    def state(self, as_of: date | None = None) -> ProgressState:
        """The state without the history; from the cache when the files are unchanged.

        `as_of` a day before some of the progress (looking at the past with --today): replayed
        from the events known and in effect that day (progress.known_on), so nothing later shows."""
        current = self._current_state()
        if as_of is not None and current.latest > as_of.toordinal():
            return self._past_state(as_of)
        return current

    def _past_state(self, as_of: date) -> ProgressState:
        """The state on a past day, from its own cache while the files are those of today's state
        (the signature just taken): looking back costs, once made, what today's view does."""
        past = StateCache(self.path, version_of(self.index), as_of)
        signature = self._read_signature
        cached = past.load(signature)
        if cached is not None:
            return cached[0]
        state = self.full_state(as_of)
        past.save(state, signature, self._digests, self._mismatches)
        past.forget_old_days()
        return ProgressState(targets=state.targets, undone=state.undone, latest=state.latest)

    def _current_state(self) -> ProgressState:
        return self._state_from_cache(None)

    def _partial_state(self, targets: set[str]) -> ProgressState:
        """The state with at least `targets` in it (their shards only, when the cache has them)."""
        return self._state_from_cache({shard_of(t) for t in targets})

    def _state_from_cache(self, shards: set[int] | None) -> ProgressState:
        # The signature is taken before anything is read: a file that changes while it is read
        # then no longer matches it, and the state is worked out again next time.
        signature = self.signature()
        self._read_signature = signature
        cached = self._cache.load(signature, shards)
        if cached is not None:
            state, digests, self._mismatches = cached
            self._digests.update(digests)
            return state
        full = build_state(self.read_events())
        self._cache.save(full, signature, self._digests, self._mismatches)
        return ProgressState(targets=full.targets, undone=full.undone, latest=full.latest)

    def _save_state_after_write(self, state: ProgressState, before: tuple[derived_cache.Stamp, ...],
                                written: set[str]) -> None:
        """Cache the state a write ends with (if no other machine's file came in meanwhile)."""
        self._cache.save_after_write(state, before, self.signature(), written, self._digests, self._mismatches)

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
        from .ledger_format import raised_format, serialize, serialize_appended

        name = os.path.basename(path)
        if os.path.lexists(path):
            stamp = self._cache.stamp_of(path)
            raw = self._read_file(path)
            if self._digests.get(name) != content_digest(raw):
                self._parse(path, raw, stamp)  # refuses a damaged file before touching it
            data = raised_format(raw, events) + serialize_appended(events)
        else:
            data = serialize(self.plan_id, events)
        try:
            write_atomically(path, data)
        except OSError as err:
            raise LedgerError("ledger_unwritable", path=path, reason=err.strerror or str(err)) from None
        self._digests[name] = content_digest(data)

    def _append_all(self, events: list[Event], imported: bool = False) -> set[str]:
        """Append to this machine's files; the names of the files written. An event goes into the
        file of the month it was recorded in, or into this machine's latest file if that is of a
        later month (the clock was wrong, or is now): so the files, read by month, hold this
        machine's changes in the order it wrote them, and `undo` takes back the last one written.
        `imported` events (another office's) go into the months they were recorded in, whatever
        the order of imports."""
        by_file: dict[str, list[Event]] = {}
        own = self._own_files()[1] if events and not imported else []
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
            view = LedgerView(self)
            new_events = change(view)
            state = view.state()
            before = self._read_signature
            incremental = all([apply_event(state, e) for e in new_events])
            written = self._append_all(new_events)
            if not incremental:
                before = self.signature()
                written = set()
                state = self.full_state()
            state = ProgressState(targets=state.targets, undone=state.undone, stored=state.stored,
                                  latest=max([state.latest, *map(event_day, new_events)]))
            self._save_state_after_write(state, before, written)
        if new_events and self.after_write is not None:
            self.after_write()
        return state

    def merge(self, combine: Callable[[list[Event]], list[Event]], recorded: datetime,
              source: str = "") -> list[Event]:
        """Under the lock: add the events `combine(history)` has that the history lacks (import).

        They are appended to this machine's files, so every file written by hand or by another
        machine stays as it was, comments and all; an interrupted import leaves whole files, and
        importing again completes it. What was added is recorded as one import batch, which
        `undo` reverts as one step.

        `combine` is given the events as the files hold them (targets as recorded, none set aside),
        as another office's ledger holds the events both have; what it returns is read against
        the plan like the files are."""
        if self.before_write is not None:
            self.before_write()
        with self._locked():
            self._remove_stray_temporaries()
            before = self.signature()
            current, found_in = self._union()
            self.read_batches()  # refuses a damaged imports file before anything is written
            merged = combine(current)
            existing = {e.id for e in current}
            added = [e for e in merged if e.id not in existing]
            written = self._append_all(added, imported=True)
            if added:
                self._append_batch(ImportBatch(new_event_id(), recorded, source, tuple(e.id for e in added)))
            if self.index is not None:
                kept, self._set_aside, self._mismatches = against_plan(self.index, merged, found_in)
            else:
                kept, self._set_aside, self._mismatches = merged, [], []
            self._save_state_after_write(build_state(kept), before, written)
        if added and self.after_write is not None:
            self.after_write()
        return merged

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

