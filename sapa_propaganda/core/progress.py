"""Progress as a log of events: marks, report submissions and their undos. Pure: no I/O.

The current state is derived, never stored: replay the events that are not undone, in order
of effective date (then of recording), and the last word on each target wins.
"""

from __future__ import annotations

import os

from ..errors import UsageError
from .datetime_types import UTC, date, datetime, timedelta
from .record import Factory, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
    from typing import Any, Protocol, TypeVar

    from .model import PlanIndex, Problem

    class StoredTargets(Protocol):
        """Targets kept the way a cache keeps them, read one at a time (ProgressState.stored)."""

        def progress(self, target: str) -> TargetProgress | None: ...

        def status(self, target: str) -> str: ...  # "todo" for a target it does not hold

    Step_ = TypeVar("Step_", "Event", "Event | UndoRef")  # an event, or an undo as little of it as is held

STATUSES = ("todo", "doing", "done", "blocked", "cancelled")
STATUS_ALIASES = {"chua": "todo", "dang": "doing", "xong": "done", "vuong": "blocked", "huy": "cancelled"}
EVENT_KINDS = ("mark", "submit", "undo", "waive")
# What a target can stand at: an item's status, or a report's ("done" once received, "waived").
TARGET_STATUSES = (*STATUSES, "waived")
# Event kinds and statuses a ledger of format 1 cannot hold: a file with any is written as format 2.
FORMAT_2_KINDS, FORMAT_2_STATUSES = ("waive",), ("cancelled",)
NEEDS_REASON = ("cancelled",)  # a status that says why in its note (không thực hiện: lý do)


class Event(Record):
    id: str
    recorded: datetime
    date: date
    kind: str
    # an item id (mark), "item@unit" (one unit's mark on a duty of several units), "unit@period" or
    # "unit/member@period" (submit, waive), or an event id (undo)
    target: str
    status: str = ""
    note: str = ""
    by: str = ""
    ref: str = ""


def new_event_id() -> str:
    """128 random bits, as uuid4().hex gives, without importing uuid on the write path."""
    return os.urandom(16).hex()


def submission_target(unit_id: str, period_id: str, member_id: str = "") -> str:
    """What a report's events aim at: "unit@period", or "unit/member@period" for a member's own."""
    return f"{unit_id}/{member_id}@{period_id}" if member_id else f"{unit_id}@{period_id}"


def unit_target(item_id: str, unit_id: str) -> str:
    """What one unit's progress on a duty of several units aims at: "II.3@vhtt" (a report's
    target, "unit@period", has the unit first)."""
    return f"{item_id}@{unit_id}"


class TargetProgress(Record):
    """Where one item (or one report) stands: the last effective event about it."""

    status: str
    updated: date
    note: str
    by: str
    ref: str
    event_id: str
    done_on: date | None = None  # the date it was first marked done, while it stays done
    order: tuple[int, int, str] | None = None  # order_key() of the event it comes from


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def order_key(event: Event) -> tuple[int, int, str]:
    """The order events are replayed in: marks by effective date (progress may be entered late),
    then time recorded; submissions and waivers by time recorded, since a later one corrects an
    earlier one."""
    recorded = (event.recorded - _EPOCH) // _MICROSECOND
    if event.kind in ("submit", "waive"):
        return (event.recorded.toordinal(), recorded, event.id)
    return (event.date.toordinal(), recorded, event.id)


class ProgressState(Record):
    """Where every target stands. A state read from a cache may keep targets in `stored`, as the
    cache holds them: each is read into `targets` when first asked for, so a command that looks at
    one item of 5,000 builds one record (cache.state_cache.CachedTargets)."""

    targets: dict[str, TargetProgress] = Factory(default_factory=dict)
    undone: dict[str, str] = Factory(default_factory=dict)  # undone event id -> undo event id
    events: list[Event] = Factory(default_factory=list)
    stored: StoredTargets | None = None  # targets not read yet, besides those in `targets`
    latest: int = 0  # the last day (ordinal) any event was dated or recorded on: see known_on

    def of(self, target: str) -> TargetProgress | None:
        progress = self.targets.get(target)
        if progress is None and self.stored is not None:
            progress = self.stored.progress(target)
            if progress is not None:
                self.targets[target] = progress
        return progress

    def status_of(self, target: str) -> str:
        progress = self.targets.get(target)
        if progress is not None:
            return progress.status
        return self.stored.status(target) if self.stored is not None else "todo"


# ---- a duty of several units ---------------------------------------------------------------------
# A duty that several units carry (`units = ["vhtt", "ttvh"]`) has a state for each unit: a mark of
# the whole duty ("II.3") sets every unit's, a unit's own mark ("II.3@vhtt") only that unit's, the
# later one (in replay order) winning. The duty's own state follows from its units' (shared_status);
# while no unit has a mark of its own it is exactly the whole duty's, as before units could be marked.


def _order(progress: TargetProgress) -> tuple[int, int, str]:
    return progress.order or (0, 0, "")


def _later(first: TargetProgress | None, second: TargetProgress | None) -> TargetProgress | None:
    if first is None or (second is not None and _order(second) > _order(first)):
        return second
    return first


def unit_progress(state: ProgressState, item_id: str, unit_id: str) -> TargetProgress | None:
    """Where one unit stands on a duty of several units: its own latest mark or the whole duty's,
    whichever came later. A unit that finished before the whole duty was marked done keeps the
    day it finished."""
    own, whole = state.of(unit_target(item_id, unit_id)), state.of(item_id)
    latest = _later(own, whole)
    if (latest is whole and own is not None and whole is not None and whole.status == own.status == "done"
            and own.done_on is not None and whole.done_on is not None and own.done_on < whole.done_on):
        return whole.replace(done_on=own.done_on)
    return latest


def shared_status(statuses: list[str]) -> str:
    """A duty's status from its units' (plans/README.md, "A duty of several units"): cancelled when
    every unit's is; else, leaving the cancelled units out, blocked when any is blocked, done when
    all are done, doing when any is doing or done, todo otherwise."""
    owing = [s for s in statuses if s != "cancelled"]
    if not owing:
        return "cancelled"
    if "blocked" in owing:
        return "blocked"
    if all(s == "done" for s in owing):
        return "done"
    if any(s in ("doing", "done") for s in owing):
        return "doing"
    return "todo"


def item_progress(state: ProgressState, item_id: str, units: tuple[str, ...] = ()) -> TargetProgress | None:
    """Where a tracked item stands; for a duty of several `units`, as its units' states make it
    (shared_status): done on the day the last of them was done, with the note of the latest mark
    that gives the duty its status."""
    if len(units) < 2 or all(state.of(unit_target(item_id, u)) is None for u in units):
        return state.of(item_id)
    each = [unit_progress(state, item_id, u) for u in units]
    status = shared_status([p.status if p is not None else "todo" for p in each])
    marked = [p for p in each if p is not None]
    latest = max(marked, key=_order)
    said = max((p for p in marked if p.status == status), key=_order, default=latest)
    done_on = max(p.done_on or p.updated for p in marked if p.status == "done") if status == "done" else None
    return TargetProgress(status, latest.updated, said.note, said.by, said.ref, said.event_id, done_on, latest.order)


def item_status(state: ProgressState, item_id: str, units: tuple[str, ...] = ()) -> str:
    if len(units) < 2:
        return state.status_of(item_id)
    progress = item_progress(state, item_id, units)
    return progress.status if progress is not None else "todo"


def part_progress(state: ProgressState, item_id: str, units: tuple[str, ...], unit_id: str = "",
                  ) -> TargetProgress | None:
    """Where `unit_id` stands on an item it carries: its own part of a duty of several units; of
    any other item (or with no unit), the item's progress."""
    if unit_id and len(units) > 1:
        return unit_progress(state, item_id, unit_id)
    return item_progress(state, item_id, units)


def part_status(state: ProgressState, item_id: str, units: tuple[str, ...], unit_id: str = "") -> str:
    if unit_id and len(units) > 1:
        progress = unit_progress(state, item_id, unit_id)
        return progress.status if progress is not None else "todo"
    return item_status(state, item_id, units)


def units_progress(state: ProgressState, item_id: str,
                   units: tuple[str, ...]) -> list[tuple[str, TargetProgress | None]]:
    """Each unit of a duty and where it stands on it, in the plan's order of the duty's units."""
    return [(u, unit_progress(state, item_id, u) if len(units) > 1 else state.of(item_id)) for u in units]


class UndoRef:
    """What working out the undos (undone_ids) takes of an undo event, and no more: a ledger
    after the undo of a large import holds hundreds of thousands of them."""

    __slots__ = ("id", "recorded", "target")
    kind = "undo"

    def __init__(self, event_id: str, target: str, recorded: datetime):
        self.id = event_id
        self.target = target
        self.recorded = recorded


def undone_ids(events: Sequence[Event | UndoRef]) -> dict[str, str]:
    """Each undone event's id -> the id of the undo that reverts it. An undo is a step like any
    other: an undo that is itself undone reverts nothing, so its change stands again (a redo), and
    so on down a chain of undos of undos."""
    undos = [e for e in events if e.kind == "undo"]
    duplicates = duplicate_undos(undos)
    if duplicates:
        undos = [u for u in undos if u.id not in duplicates]
    ids = {undo.id for undo in undos}
    if not any(undo.target in ids for undo in undos):  # no undo is undone: every one counts
        return {undo.target: undo.id for undo in undos}
    del ids
    by_target: dict[str, list[str]] = {}
    for undo in undos:
        by_target.setdefault(undo.target, []).append(undo.id)
    live = _live_undos(by_target)
    return {undo.target: undo.id for undo in undos if live.get(undo.id, True)}


def duplicate_undos(events: Sequence[Event | UndoRef]) -> set[str]:
    """The undos that take back what an earlier undo had taken back already, and that nothing had
    put back by then: two machines reverting one event at the same moment, or apart and synced
    later. Only the first counts; the others revert nothing and are not shown, so that taking the
    first back (a redo) puts the change back whoever else had reverted it too. An undo made after
    a redo (the earlier undo itself undone) is a step of its own."""
    undos = sorted((e for e in events if e.kind == "undo"), key=lambda e: (e.recorded, e.id))
    if len({u.target for u in undos}) == len(undos):  # no step undone twice: the usual ledger
        return set()
    duplicates: set[str] = set()
    kept: dict[str, list[str]] = {}  # target -> the counting undos of it recorded so far, in order
    for undo in undos:
        earlier = kept.get(undo.target, [])
        # Standing when this undo was recorded: an earlier undo of the same step that no counting
        # undo recorded before this one reverts (a redo, itself undone, leaves it standing again).
        if earlier and any(_live_undos(kept).get(u, True) for u in earlier):
            duplicates.add(undo.id)
            continue
        kept.setdefault(undo.target, []).append(undo.id)
    return duplicates


def _live_undos(by_target: dict[str, list[str]]) -> dict[str, bool]:
    """Whether each undo counts: it does when no undo that counts reverts it. Worked out without
    recursion, as a chain of undos and redos may be long; in a cycle, which only a hand edit can
    make, the undo met again counts as reverting nothing."""
    live: dict[str, bool] = {}
    for start in (u for ids in by_target.values() for u in ids):
        if start in live:
            continue
        stack, visiting = [start], {start}
        while stack:
            node = stack[-1]
            pending = next((u for u in by_target.get(node, ()) if u not in live and u not in visiting), None)
            if pending is not None:
                stack.append(pending)
                visiting.add(pending)
                continue
            live[node] = not any(live.get(u, False) for u in by_target.get(node, ()))
            stack.pop()
            visiting.discard(node)
    return live


def undo_chain(event: Step_, by_id: Mapping[str, Step_]) -> tuple[Step_, int]:
    """The change an undo (of an undo, …) comes down to, and how many undos lead to it: an odd
    number takes the change back, an even number puts it back. The undos may be UndoRefs."""
    depth, seen = 0, set()
    while event.kind == "undo" and event.target in by_id and event.id not in seen:
        seen.add(event.id)
        event, depth = by_id[event.target], depth + 1
    return event, depth


def _step(previous: TargetProgress | None, event: Event) -> TargetProgress:
    """Where a target stands after one more event, in effective order."""
    status = event.status if event.kind == "mark" else "waived" if event.kind == "waive" else "done"
    if event.kind == "submit":
        done_on: date | None = event.date  # the date received, as last recorded
    elif status == "done":
        done_on = previous.done_on if previous and previous.status == "done" and previous.done_on else event.date
    else:
        done_on = None
    note, ref = event.note, event.ref
    if event.kind == "submit" and previous is not None:  # a correction that leaves these out keeps them
        note, ref = note or previous.note, ref or previous.ref
    return TargetProgress(status=status, updated=event.date, note=note, by=event.by, ref=ref,
                          event_id=event.id, done_on=done_on, order=order_key(event))


def event_day(event: Event) -> int:
    """The day (ordinal) a change takes effect; 0 for an undo, which takes none of its own: it
    takes the reverted change back from every view, past ones included."""
    return 0 if event.kind == "undo" else event.date.toordinal()


def known_on(event: Event, day: date) -> bool:
    """Whether a view of `day` (a past --today) lists the event: changes in effect by then, by their
    effective dates (an entry dated back says when its change took effect), and the undos made by
    then. The same rule for every item, so a view never depends on what else was marked later."""
    return event.date <= day


def build_state(events: list[Event], undone: dict[str, str] | None = None) -> ProgressState:
    """The state the events make. `undone`: the undos to honour, if not only those among `events`
    (a past view honours every undo: an undone change is a mistake taken back, not a change)."""
    if undone is None:
        undone = undone_ids(events)
    state = ProgressState(undone=undone, events=events, latest=max(map(event_day, events), default=0))
    live = sorted((e for e in events if e.kind != "undo" and e.id not in undone), key=order_key)
    for event in live:
        state.targets[event.target] = _step(_previous(state, event), event)
    return state


def _previous(state: ProgressState, event: Event) -> TargetProgress | None:
    """Where the event's target stood before it: for a unit's mark on a duty of several units,
    its own last mark or the whole duty's, whichever came later (unit_progress)."""
    if event.kind == "mark" and "@" in event.target:
        from .model import mark_parts

        item_id, unit_id = mark_parts(event.target)  # an occurrence ("II.3@2009-07") is an item's own
        if unit_id:
            return unit_progress(state, item_id, unit_id)
    return state.of(event.target)


def apply_event(state: ProgressState, event: Event, parts: tuple[str, ...] = ()) -> bool:
    """Fold one new event into a state without replaying the log, when that gives the same result:
    a mark or submit that comes after everything known about its target (for a unit's mark, about
    the whole duty too: the state must then hold the duty's target; for a mark of a whole duty
    that `parts` units share, about each unit's part too, since a unit's later mark takes the
    duty's day: the state must then hold them). False otherwise."""
    if event.kind == "undo":
        return False
    known = [state.of(event.target)]
    if event.kind == "mark" and "@" in event.target:
        from .model import mark_parts

        item_id, unit_id = mark_parts(event.target)
        if unit_id:
            known.append(state.of(item_id))
    elif event.kind == "mark":
        known += [state.of(unit_target(event.target, unit)) for unit in parts]
    if any(p is not None and (p.order is None or order_key(event) < p.order) for p in known):
        return False
    state.targets[event.target] = _step(_previous(state, event), event)
    return True


class ImportBatch(Record):
    """The events one `import` added: undone together, as the one step the clerk took."""

    id: str
    recorded: datetime
    source: str
    events: tuple[str, ...]


def _undoable_events(events: list[Event], undone: dict[str, str], ids: tuple[str, ...] | None = None) -> list[Event]:
    chosen = [e for e in events if e.kind != "undo" and e.id not in undone]
    if ids is not None:
        wanted = set(ids)
        chosen = [e for e in chosen if e.id in wanted]
    return chosen


class Step(Record):
    """One thing the clerk did, as `undo` takes it back: a change; an import (every event it
    added); or an undo (of a whole import: every undo event it wrote)."""

    events: tuple[Event, ...]
    batch: ImportBatch | None = None  # the import made, or taken back


def written_steps(events: list[Event], batches: list[ImportBatch], written: list[list[str]]) -> list[Step]:
    """This machine's steps in the order it wrote them, oldest first. `written`: the ids of the
    events in each of its files, the files in the order written and each file's events as appended
    (storage's Ledger.written_order), never the recorded times, which a machine whose clock was
    once wrong spoils. A step stands where its last event was written; the events an import
    brought are one step, and so are the undos of one import.

    The one exception: an import's events go into the files of the months they were recorded in,
    so an import of events older than this machine's latest file, with nothing written after
    them in their file, does not say by its place when it was made; it goes after the changes
    of later files recorded before it."""
    by_id = {e.id: e for e in events}
    batch_of = {event_id: batch for batch in batches for event_id in batch.events}
    groups: dict[tuple[str, ...], list[Event]] = {}
    place: dict[tuple[str, ...], float] = {}
    file_of: dict[tuple[str, ...], int] = {}
    batch_by_key: dict[tuple[str, ...], ImportBatch] = {}
    file_ends: list[int] = []
    seen: set[str] = set()
    position = -1
    for number, ids in enumerate(written):
        for event_id in ids:
            event = by_id.get(event_id)
            if event is None or event_id in seen:
                continue
            seen.add(event_id)
            position += 1
            batch = batch_of.get(event_id)
            if batch is not None:
                key: tuple[str, ...] = ("import", batch.id)
            elif event.kind == "undo" and event.target in batch_of:
                batch = batch_of[event.target]
                key = ("undo", batch.id, event.recorded.isoformat(), event.by)
            else:
                key = ("event", event_id)
            groups.setdefault(key, []).append(event)
            place[key], file_of[key] = position, number
            if batch is not None:
                batch_by_key[key] = batch
        file_ends.append(position)
    for key, batch in batch_by_key.items():
        if key[0] == "import" and place[key] == file_ends[file_of[key]] and file_of[key] < len(written) - 1:
            before = [place[k] for k, group in groups.items()
                      if k[0] != "import" and place[k] > place[key] and group[-1].recorded <= batch.recorded]
            if before:
                place[key] = max(before) + 0.5
    return [Step(tuple(groups[key]), batch_by_key.get(key)) for key in sorted(groups, key=place.__getitem__)]


def latest_undoable(events: list[Event], batches: list[ImportBatch] = (),  # type: ignore[assignment]
                    written: list[list[str]] | None = None) -> Step | None:
    """What a plain `undo` reverts: this machine's last step (in the order written) that is not
    undone yet. An undo is a step too: the last step being an undo, `undo` puts its change back.
    `written` None (a caller without the files): every event, in the order recorded."""
    undone = undone_ids(events)
    void = undone.keys() | duplicate_undos(events)  # an undo another machine had made first reverts nothing
    order = written if written is not None else [[e.id for e in canonical(events)]]
    steps = written_steps(events, batches, order)
    return next((s for s in reversed(steps) if any(e.id not in void for e in s.events)), None)


class StepRef(Record):
    """This machine's last step not undone, as `last_step` finds it without holding the history:
    one change (`event`), every event an import brought (`batch`), or the undos of one import
    (`batch`, and `undo`: the time recorded and who, as written_steps groups them)."""

    event: Event | None = None
    batch: ImportBatch | None = None
    undo: tuple[str, str] | None = None

    def holds(self, event: Event, batch_of: dict[str, ImportBatch]) -> bool:
        """Whether an event of this machine's files is one of the step's."""
        if self.event is not None:
            return event.id == self.event.id
        assert self.batch is not None
        if self.undo is None:
            return batch_of.get(event.id) is self.batch
        return (event.id not in batch_of and event.kind == "undo" and batch_of.get(event.target) is self.batch
                and (event.recorded.isoformat(), event.by) == self.undo)


def last_step(files: Callable[[], Iterable[Iterable[Event]]], batches: list[ImportBatch],
              void: set[str], batch_of: dict[str, ImportBatch] | None = None) -> StepRef | None:
    """What `latest_undoable` finds, from this machine's files read in turn (`files()`: each
    file's events, in the order written_steps takes them) rather than held: two readings at most,
    keeping a few numbers per import and per undo of one, and the latest change. `void`: the
    events that revert nothing or are reverted (latest_undoable's)."""
    if batch_of is None:
        batch_of = {event_id: batch for batch in batches for event_id in batch.events}
    imports: dict[str, list[Any]] = {}  # batch id -> [place, file, any not void, batch]
    # (batch id, time recorded, by) -> [place, file, any not void, time recorded]
    undos: dict[tuple[str, str, str], list[Any]] = {}
    latest: tuple[int, Event] | None = None  # the last change not void, and its place
    ends: list[int] = []
    for number, position, event in _written(files, ends):
        batch = batch_of.get(event.id)
        if batch is not None:
            group = imports.setdefault(batch.id, [0, 0, False, batch])
            group[:3] = position, number, group[2] or event.id not in void
        elif event.kind == "undo" and event.target in batch_of:
            key = (batch_of[event.target].id, event.recorded.isoformat(), event.by)
            group = undos.setdefault(key, [0, 0, False, event.recorded])
            group[:] = position, number, group[2] or event.id not in void, event.recorded
        elif event.id not in void:
            latest = position, event
    # An import whose last event ends a file before the last goes after the changes of later files
    # recorded before it (written_steps): their places are read again.
    moved = {batch_id: (group[0], group[3].recorded) for batch_id, group in imports.items()
             if group[0] == ends[group[1]] and group[1] < len(ends) - 1}
    if moved:
        before = dict.fromkeys(moved, -1)
        for _number, position, event in _written(files, []):
            if event.id in batch_of or (event.kind == "undo" and event.target in batch_of):
                continue
            for batch_id, (place, recorded) in moved.items():
                if position > place and event.recorded <= recorded:
                    before[batch_id] = max(before[batch_id], position)
        for group in undos.values():
            for batch_id, (place, recorded) in moved.items():
                if group[0] > place and group[3] <= recorded:
                    before[batch_id] = max(before[batch_id], group[0])
        for batch_id, most in before.items():
            if most >= 0:
                imports[batch_id][0] = most + 0.5
    by_id = {batch.id: batch for batch in batches}
    found: list[tuple[float, int, StepRef]] = []
    if latest is not None:
        found.append((latest[0], 0, StepRef(event=latest[1])))
    for (batch_id, recorded, by), group in undos.items():
        if group[2]:
            found.append((group[0], 0, StepRef(batch=by_id[batch_id], undo=(recorded, by))))
    for order, group in enumerate(imports.values()):
        if group[2]:
            found.append((group[0], order, StepRef(batch=group[3])))
    return max(found, key=lambda f: f[:2])[2] if found else None


def _written(files: Callable[[], Iterable[Iterable[Event]]], ends: list[int]) -> Iterator[tuple[int, int, Event]]:
    """(file number, place, event) of each event of this machine's files, each id once, as
    written_steps counts them; the place each file ends at, into `ends`. An id is found again
    only if a hand edit copied it: the ids seen are kept as hashes, and only if one comes twice
    are the files read again keeping the ids themselves."""
    from array import array

    hashes = array("q", (hash(event.id) for events in files() for event in events))  # no object per id
    ordered = sorted(hashes)
    again = any(ordered[i] == ordered[i + 1] for i in range(len(ordered) - 1))
    del hashes, ordered
    seen: set[str] | None = set() if again else None
    position = -1
    for number, events in enumerate(files()):
        for event in events:
            if seen is not None:
                if event.id in seen:
                    continue
                seen.add(event.id)
            position += 1
            yield number, position, event
        ends.append(position)


def find_step(events: list[Event], batches: list[ImportBatch], wanted: str) -> Event | ImportBatch:
    """The event or import an id names, by its full id or (as git does) a unique beginning of it."""
    steps: list[Event | ImportBatch] = [*events, *batches]
    exact = [s for s in steps if s.id == wanted]
    typed = wanted.lower()  # sapa's ids are lower-case hex; an id read aloud may come back upper-case
    found = exact or [s for s in steps if typed and s.id.lower().startswith(typed)]
    if not found:
        close = sorted(s.id[:12] for s in steps if s.id[:4] == wanted[:4])[:3]
        hint = (" (" + ", ".join(close) + "?)") if close else ""
        raise UsageError("no_such_event", id=wanted, hint=hint)
    if len(found) > 1:
        raise UsageError("event_ambiguous", id=wanted, ids=", ".join(sorted(s.id[:12] for s in found)[:5]))
    return found[0]


def make_undos(events: list[Event], batches: list[ImportBatch], recorded: datetime, effective: date, by: str,
               wanted: str | None = None, written: list[list[str]] | None = None) -> tuple[list[Event], Step]:
    """The undo events that revert one step: this machine's latest (`written`: the ids of the
    events of each of its files, as written_steps takes them), or the one `wanted` names, from any
    machine. Reverting an undo puts back what it took back."""
    undone = undone_ids(events)
    if wanted is None:
        step = latest_undoable(events, batches, written)
        if step is None:
            others = written is not None and any(e.id not in undone for e in events)
            raise UsageError("nothing_to_undo_here" if others else "nothing_to_undo")
    else:
        found = find_step(events, batches, wanted)
        if isinstance(found, ImportBatch):
            step = Step(tuple(_undoable_events(events, undone, found.events)), found)
        else:
            step = Step((found,))
    targets = [e for e in step.events if e.id not in undone]
    if not targets:
        raise UsageError("already_undone", id=step.batch.id if step.batch and wanted else step.events[0].id)
    undos = [Event(id=new_event_id(), recorded=recorded, date=max(effective, t.date), kind="undo", target=t.id,
                   by=by) for t in targets]
    return undos, step


def merge(ours: list[Event], theirs: list[Event]) -> tuple[list[Event], int, list[str]]:
    """Union by event id. Returns the merged log (canonical order), how many were new, and the
    ids that exist on both sides with different contents (ours are kept)."""
    by_id = {e.id: e for e in ours}
    added = 0
    conflicts: list[str] = []
    for event in theirs:
        mine = by_id.get(event.id)
        if mine is None:
            by_id[event.id] = event
            added += 1
        elif mine != event:
            conflicts.append(event.id)
    return canonical(list(by_id.values())), added, conflicts


class Disagreement(Record):
    """A report already received here that an import says was received otherwise (another date or
    document number). Both submissions stay in the history; the one recorded last stands."""

    target: str  # "unit@period", "unit/member@period", as recorded
    ours: TargetProgress  # the receipt as this ledger had it
    theirs: Event  # the imported submission that differs
    standing: TargetProgress  # the receipt as it stands after the import
    theirs_stands: bool


def same_ref(first: str, second: str) -> bool:
    """Two document numbers alike but for case, spacing and diacritics ("12-BC/MTTQ", "12-bc/mttq")."""
    from .text import fold

    return fold(first).replace(" ", "") == fold(second).replace(" ", "")


def receipt_disagreements(ours: list[Event], merged: list[Event]) -> list[Disagreement]:
    """The reports `ours` had received that the events `merged` added give another date received
    or document number for (a later submission from the other office that leaves the number out
    keeps ours, so only a number it gives counts), one per report, in the order of the targets."""
    known = {e.id for e in ours}
    undone = undone_ids(merged)
    brought: dict[str, Event] = {}
    for event in sorted((e for e in merged if e.id not in known and e.kind == "submit" and e.id not in undone),
                        key=order_key):
        brought[event.target] = event  # the last one the import brought for each report
    if not brought:
        return []
    before, after = build_state(ours), build_state(merged)
    found = []
    for target, theirs in brought.items():
        mine = before.of(target)
        if mine is None or mine.status != "done" or mine.done_on is None:
            continue  # not received here before: a receipt like any other
        if theirs.date == mine.done_on and (not theirs.ref or same_ref(theirs.ref, mine.ref)):
            continue
        standing = after.of(target)
        assert standing is not None
        found.append(Disagreement(target, mine, theirs, standing, standing.event_id != mine.event_id))
    return found


def canonical(events: list[Event]) -> list[Event]:
    """The one order a ledger is written in, so that merges in any order give the same file."""
    return sorted(events, key=lambda e: (e.recorded, e.id))


# ---- the ledger against a version of the plan ------------------------------------------------------
# The plan is edited (a unit renamed, an item dropped) while the ledger keeps what was recorded.
# An event under an id the plan declares in `renamed_from` is read under the current id; an event
# aimed at an item, unit or member the plan lacks is a mismatch: set aside, never applied, and
# shown, while every other event counts. The files are never rewritten for either.

class Mismatch(Record):
    """An event aimed at something the plan lacks, set aside: not applied to the state."""

    id: str
    kind: str
    target: str  # as recorded
    date: date  # effective date
    file: str  # the ledger file it is in; "" when not known
    problem: tuple[str, dict[str, str]]  # why, as a message key and its parameters (model.Problem)


class PlanReading:
    """How `index`'s version of the plan reads one event at a time (against_plan, for a reader
    that never holds the whole history): under the plan's current id, or set aside with why."""

    __slots__ = ("_checked", "index")

    def __init__(self, index: PlanIndex):
        self.index = index
        self._checked: dict[tuple[str, str], tuple[str, Problem | None]] = {}

    def problem(self, event: Event) -> Problem | None:
        """Why the plan sets the event aside; None for one it reads (an undo always applies)."""
        return None if event.kind == "undo" else self.found(event.kind, event.target)[1]

    def read(self, event: Event) -> Event | None:
        """The event as the plan reads it, or None if it is set aside."""
        if event.kind == "undo":
            return event
        target, problem = self.found(event.kind, event.target)
        if problem is not None:
            return None
        if target != event.target:
            return Event(event.id, event.recorded, event.date, event.kind, target, event.status, event.note,
                         event.by, event.ref)
        return event

    def found(self, kind: str, target: str) -> tuple[str, Problem | None]:
        """An event's target as the plan reads it, and why it is set aside (None if it is not)."""
        key = (kind, target)
        found = self._checked.get(key)
        if found is None:
            found = self._checked[key] = (self.index.resolve(*key), self.index.target_problem(*key))
        return found


def against_plan(index: PlanIndex, events: list[Event],
                 files: dict[str, str] | None = None) -> tuple[list[Event], list[Event], list[Mismatch]]:
    """The events as `index`'s version of the plan reads them: (those that apply, under the plan's
    current ids; those set aside, as recorded; the mismatches among these, i.e. those not undone).
    Undos apply whatever they revert. `files` names each event's file, by event id."""
    reading = PlanReading(index)
    kept: list[Event] = []
    aside: list[Event] = []
    for event in events:
        read = reading.read(event)
        if read is None:
            aside.append(event)
        else:
            kept.append(read)
    mismatches = []
    if aside:
        undone = undone_ids(events)
        for event in aside:
            if event.id not in undone:
                problem = reading.problem(event)
                assert problem is not None
                mismatches.append(Mismatch(event.id, event.kind, event.target, event.date,
                                           (files or {}).get(event.id, ""), problem))
    return kept, aside, mismatches


def plan_ledger_mismatches(index: PlanIndex, events: list[Event],
                           files: dict[str, str] | None = None) -> list[Mismatch]:
    """What `plan check` and `plan add --replace` warn of, in the ledger's order: every event (not
    undone) aimed at an item, unit or member that `index`'s version of the plan lacks, its
    `renamed_from` followed; and every mark dated before that version's start, undone or not,
    which reading refuses as damage (problem key "why_before_start"). `events` as the files hold
    them (Ledger.all_events); `files` names each event's file, by event id."""
    found = against_plan(index, events, files)[2]
    early = {e.id: Mismatch(e.id, e.kind, e.target, e.date, (files or {}).get(e.id, ""),
                            ("why_before_start", {"start": index.start.isoformat()}))
             for e in events if e.kind == "mark" and e.date < index.start}
    if not early:
        return found
    found = [m for m in found if m.id not in early] + list(early.values())
    order = {e.id: n for n, e in enumerate(events)}
    return sorted(found, key=lambda m: order[m.id])


def mismatch_targets(mismatches: list[Mismatch], limit: int = 5) -> str:
    """The targets the mismatches aim at, each once, in order: "mttq@2022-H1, III.9, …"."""
    targets = list(dict.fromkeys(m.target for m in mismatches))
    return ", ".join(targets[:limit]) + (", …" if len(targets) > limit else "")
