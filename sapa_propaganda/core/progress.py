"""Progress as a log of events: marks, report submissions and their undos. Pure: no I/O.

The current state is derived, never stored: replay the events that are not undone, in order
of effective date (then of recording), and the last word on each target wins.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

from ..errors import UsageError
from .record import Factory, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    from .model import PlanIndex, Problem

    class StoredTargets(Protocol):
        """Targets kept the way a cache keeps them, read one at a time (ProgressState.stored)."""

        def progress(self, target: str) -> TargetProgress | None: ...

        def status(self, target: str) -> str: ...  # "todo" for a target it does not hold

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
    target: str  # an item id (mark), "unit@period" or "unit/member@period" (submit, waive), or an event id (undo)
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


def undone_ids(events: list[Event]) -> dict[str, str]:
    return {e.target: e.id for e in events if e.kind == "undo"}


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
        state.targets[event.target] = _step(state.targets.get(event.target), event)
    return state


def apply_event(state: ProgressState, event: Event) -> bool:
    """Fold one new event into a state without replaying the log, when that gives the same result:
    a mark or submit that comes after everything known about its target. False otherwise."""
    if event.kind == "undo":
        return False
    previous = state.of(event.target)
    if previous is not None and (previous.order is None or order_key(event) < previous.order):
        return False
    state.targets[event.target] = _step(previous, event)
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


def latest_undoable(events: list[Event], batches: list[ImportBatch] = ()) -> Event | ImportBatch | None:  # type: ignore[assignment]
    """What `undo` reverts: the last step recorded that is not undone yet, an event or a whole import.
    Events an import brought are reverted with their import, not one at a time."""
    undone = undone_ids(events)
    imported = {event_id for batch in batches for event_id in batch.events}
    steps: list[Event | ImportBatch] = [e for e in _undoable_events(events, undone) if e.id not in imported]
    steps += [b for b in batches if _undoable_events(events, undone, b.events)]
    return max(steps, key=lambda step: (step.recorded, step.id), default=None)


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
               wanted: str | None = None) -> tuple[list[Event], Event | ImportBatch]:
    """The undo events that revert one step: the latest, or the one `wanted` names."""
    undone = undone_ids(events)
    if wanted is None:
        step = latest_undoable(events, batches)
        if step is None:
            raise UsageError("nothing_to_undo")
    else:
        step = find_step(events, batches, wanted)
        if isinstance(step, Event) and step.kind == "undo":
            raise UsageError("undo_an_undo", id=step.id)
        if isinstance(step, Event) and step.id in undone:
            raise UsageError("already_undone", id=step.id)
    targets = _undoable_events(events, undone, step.events) if isinstance(step, ImportBatch) else [step]
    if not targets:
        raise UsageError("already_undone", id=step.id)
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


def against_plan(index: PlanIndex, events: list[Event],
                 files: dict[str, str] | None = None) -> tuple[list[Event], list[Event], list[Mismatch]]:
    """The events as `index`'s version of the plan reads them: (those that apply, under the plan's
    current ids; those set aside, as recorded; the mismatches among these, i.e. those not undone).
    Undos apply whatever they revert. `files` names each event's file, by event id."""
    checked: dict[tuple[str, str], tuple[str, Problem | None]] = {}
    kept: list[Event] = []
    aside: list[Event] = []
    for event in events:
        if event.kind == "undo":
            kept.append(event)
            continue
        key = (event.kind, event.target)
        found = checked.get(key)
        if found is None:
            found = checked[key] = (index.resolve(*key), index.target_problem(*key))
        target, problem = found
        if problem is not None:
            aside.append(event)
        elif target != event.target:
            kept.append(Event(event.id, event.recorded, event.date, event.kind, target, event.status, event.note,
                              event.by, event.ref))
        else:
            kept.append(event)
    mismatches = []
    if aside:
        undone = undone_ids(events)
        for event in aside:
            if event.id not in undone:
                problem = checked[(event.kind, event.target)][1]
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
