"""The progress ledger on disk: a folder per plan holding one TOML file per month.

It is the one thing the office cannot recreate, so:
- every write happens under an exclusive lock, as a read-check-write, so a cron job and the
  clerk never lose each other's events;
- every file is replaced atomically (temporary file, fsync, rename), so a crash leaves the old
  file or the new one, never a truncated one;
- a file that does not parse, or that was edited wrongly by hand, is reported with its
  file:line and nothing is written.

Months keep each write small however long the history grows: an event goes into the file of
the month it was recorded in (`ledger-2022-06.toml`), and a write rewrites only that file.

The TOML files are the source of truth. `.cache/` beside them holds what can be derived from
them (each file's parsed events, the current state) stamped with the size and modification
time of the files it came from; a stale or unreadable cache is rebuilt, never trusted.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime

from . import derived_cache
from .dates import zone
from .derived_cache import file_stamp
from .errors import LedgerError
from .progress import Event, ProgressState, apply_event, build_state, canonical
from .safe_files import locked, write_atomically

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from _typeshed import StrPath

    from .model import PlanIndex

_STATE_CACHE = "state.marshal"

Stamp = tuple[str, int, int]  # file name, size, mtime in ns


def is_segment_name(name: str) -> bool:
    """`ledger-2022-06.toml`: a month's file, as opposed to caches, locks and temporaries."""
    return (len(name) == 19 and name.startswith("ledger-") and name.endswith(".toml") and name[11] == "-"
            and (name[7:11] + name[12:14]).isdigit())


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

    def __init__(self, folder: StrPath, plan_id: str, index: PlanIndex | None = None):
        self.path = os.fspath(folder)
        self.plan_id = plan_id
        self.index = index  # checks every event's target when a file is parsed
        self._version = index.version if index else ""
        self.cache_dir = os.path.join(self.path, ".cache")
        self._checked: tuple[Stamp, ...] = ()  # the files as they were when last parsed or vouched for

    # ---- files -----------------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        import pathlib

        return pathlib.Path(self.path)

    def _cache(self, name: str) -> str:
        return os.path.join(self.cache_dir, name)

    def segment_for(self, recorded: datetime) -> str:
        """The file of the month the event was recorded in, in Vietnam, whatever offset it carries."""
        return os.path.join(self.path, f"ledger-{recorded.astimezone(zone()):%Y-%m}.toml")

    def _unusable(self, err: OSError) -> LedgerError:
        return LedgerError("ledger_unreadable", path=self.path, reason=err.strerror or str(err))

    def segments(self) -> list[str]:
        try:
            names = os.listdir(self.path)
        except FileNotFoundError:
            return []
        except OSError as err:  # a file, or a folder we may not read, where the ledger should be
            raise self._unusable(err) from None
        return [os.path.join(self.path, n) for n in sorted(names) if is_segment_name(n)]

    def signature(self) -> tuple[Stamp, ...]:
        return tuple(s for s in (file_stamp(p) for p in self.segments()) if s is not None)

    def _state_stamp(self) -> tuple[object, ...]:
        return (self.signature(), self._version)

    # ---- reading ---------------------------------------------------------------------------

    def _segment_events(self, path: str) -> list[Event]:
        stamp = (file_stamp(path), self._version)
        cache = self._cache(os.path.basename(path) + ".pickle")
        cached = derived_cache.load(cache, stamp)
        if cached is not None:
            return cached  # type: ignore[return-value]
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError as err:
            raise LedgerError("ledger_unreadable", path=path, reason=err.strerror or str(err)) from None
        from .ledger_format import parse_ledger

        events = parse_ledger(raw, path, self.plan_id, self.index.target_problem if self.index else None)
        derived_cache.save(cache, stamp, events)
        return events

    def read_events(self) -> list[Event]:
        """Every event of every month, checked; LedgerError names the first damaged file:line."""
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
        files = self.signature()
        stamp = (files, self._version)
        cached = derived_cache.load_plain(self._cache(_STATE_CACHE), stamp)
        if isinstance(cached, tuple):  # (packed targets, undone), as saved below
            self._checked = files
            return ProgressState(packed=cached[0], undone=cached[1])
        full = build_state(self.read_events())
        derived_cache.save_plain(self._cache(_STATE_CACHE), stamp, (full.packed_targets(), full.undone))
        self._checked = files
        return ProgressState(targets=full.targets, undone=full.undone)

    def full_state(self) -> ProgressState:
        return build_state(self.read_events())

    # ---- writing ---------------------------------------------------------------------------

    def _remove_stray_temporaries(self) -> None:
        """A process killed mid-write leaves its temporary file behind. Under the lock no ledger
        file is being written; a cache being written now by a reader just stays unsaved."""
        for folder in (self.path, self.cache_dir):
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                if name.startswith(".") and name.endswith(".tmp"):
                    try:
                        os.remove(os.path.join(folder, name))
                    except OSError:
                        pass

    def _make_folder(self) -> None:
        try:
            os.makedirs(self.path, exist_ok=True)
        except OSError as err:
            raise self._unusable(err) from None

    def _append(self, event: Event) -> None:
        from .ledger_format import serialize, serialize_appended

        path = self.segment_for(event.recorded)
        if os.path.exists(path):
            if file_stamp(path) not in self._checked:
                self._segment_events(path)  # refuses a damaged file before touching it
            with open(path, "rb") as handle:
                data = handle.read() + serialize_appended(event)
        else:
            data = serialize(self.plan_id, [event])
        write_atomically(path, data)
        derived_cache.drop(self._cache(os.path.basename(path) + ".pickle"))  # re-read when history is asked for

    def write(self, change: Callable[[LedgerView], list[Event]]) -> ProgressState:
        """Under the lock: let `change` look at the ledger and return new events, then append them.

        `change` runs inside the lock, so what it decides (the status before, which event undo
        reverts) cannot be invalidated by a concurrent writer. Returns the state afterwards.
        """
        self._make_folder()
        with locked(os.path.join(self.path, "ledger")):
            self._remove_stray_temporaries()
            view = LedgerView(self)
            new_events = change(view)
            state = view.state()
            incremental = all([apply_event(state, e) for e in new_events])
            for event in new_events:
                self._append(event)
            if incremental:
                derived_cache.save_plain(self._cache(_STATE_CACHE), self._state_stamp(),
                                         (state.packed_targets(), state.undone))
            else:
                derived_cache.drop(self._cache(_STATE_CACHE))
                state = self.state()
            return state

    def merge(self, combine: Callable[[list[Event]], list[Event]]) -> list[Event]:
        """Under the lock: replace the whole history with `combine(history)` (import).

        Each month's file is rewritten only if its events changed, atomically; an interrupted
        import leaves whole files, and importing again completes it.
        """
        self._make_folder()
        from .ledger_format import serialize

        with locked(os.path.join(self.path, "ledger")):
            self._remove_stray_temporaries()
            current = self.read_events()
            merged = combine(current)
            by_segment: dict[str, list[Event]] = {}
            for event in merged:
                by_segment.setdefault(self.segment_for(event.recorded), []).append(event)
            existing = {e.id for e in current}
            for path, events in by_segment.items():
                if any(e.id not in existing for e in events):
                    write_atomically(path, serialize(self.plan_id, events))
            derived_cache.drop(self._cache(_STATE_CACHE))
            return merged
