"""What the write commands do: check the request against the plan, then change the ledger.

Checks come first and raise UsageError, so a bad request never opens the ledger for writing.
"""

from __future__ import annotations

import os

from ..core.dates import format_date
from ..core.datetime_types import date, datetime
from ..core.model import Item, ItemRef, Plan
from ..core.periods import Period
from ..core.progress import (
    NEEDS_REASON,
    Event,
    ImportBatch,
    ProgressState,
    TargetProgress,
    item_status,
    make_undos,
    new_event_id,
    part_status,
    undo_chain,
    unit_progress,
    unit_target,
)
from ..core.results import ImportResult, MarkResult, SubmitResult, UndoResult
from ..core.text import clean_input, clean_line
from ..errors import UsageError
from ..storage.ledger import Ledger, LedgerView

# The core's checks and the foreign-file reader load only in the action that uses them, and the
# real clock only when the caller gives none: each write pays for its own.

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path
    from typing import Any

    from ..core.deadlines import Obligation, ReportRow
    from ..core.progress import UndoRef
    from ..storage.foreign import ForeignEvents

    Clock = Callable[[], datetime]  # collections.abc only for the type checker: it pulls in `collections`


def checked_note(note: str | None) -> str:
    if note is None:
        return ""
    cleaned = clean_input(note)
    if not cleaned:
        raise UsageError("empty_note")
    return cleaned


def checked_date(effective: date | None, today: date, earliest: date | None = None,
                 what: str = "date_too_early") -> date:
    """The effective date of a change: today by default, never in the future nor before `earliest`
    (today itself included: a change dated before the plan or the item starts is a mistake)."""
    if effective is None:
        effective = today
    if effective > today:
        raise UsageError("future_date", value=format_date(effective), today=format_date(today))
    if earliest is not None and effective < earliest:
        raise UsageError(what, value=format_date(effective), earliest=format_date(earliest))
    return effective


def mark(ledger: Ledger, item: Item | ItemRef, status: str, *, today: date, now: Clock,
         effective: date | None = None, note: str | None = None, by: str = "", ref: str = "",
         plan_start: date | None = None, units: tuple[str, ...] = (), unit: str = "") -> MarkResult:
    """Record progress. `now` is read inside the lock, so a ledger's events are in the order written.

    `units`: the units of a duty that several carry; `unit` one of them, whose own part is marked
    (target "item@unit"); without it the mark is the whole duty's, every unit's part with it."""
    if not item.tracked:
        raise UsageError("not_trackable", id=item.id)
    if status in NEEDS_REASON and not (note or "").strip():
        raise UsageError("cancel_needs_reason", id=item.id)
    item_start = getattr(item, "start", None)
    if item_start is not None and (plan_start is None or item_start > plan_start):
        day = checked_date(effective, today, item_start, "item_not_started")
    else:
        day = checked_date(effective, today, plan_start)
    shared = len(units) > 1
    if unit and unit not in units:
        raise UsageError("mark_unit_not_carrying", id=item.id, unit=unit, units=", ".join(units) or "—")
    fields: dict[str, Any] = {
        "date": day, "kind": "mark", "target": unit_target(item.id, unit) if unit and shared else item.id,
        "status": status, "note": checked_note(note), "by": clean_line(by), "ref": clean_line(ref)}
    done: list[MarkResult] = []

    def standing(view: LedgerView | ProgressState) -> str:
        """Where the item (or the unit's part of it) stands: a duty of several units needs every
        unit's target, so the whole state, not one shard."""
        if not shared:
            return view.status_of(item.id)
        return part_status(view.state() if isinstance(view, LedgerView) else view, item.id, units, unit)

    def add(view: LedgerView) -> list[Event]:
        parts = ([view.of(item.id)] if not shared else
                 [unit_progress(view.state(), item.id, u) for u in ((unit,) if unit else units)])
        if all(changes_nothing(part, fields, dated=effective is not None) for part in parts):
            known = [part for part in parts if part is not None]
            done.append(MarkResult(item, standing(view), None, "",
                                   max(known, key=lambda part: part.updated) if known else None))
            return []
        event = Event(id=new_event_id(), recorded=now(), **fields)
        done.append(MarkResult(item, standing(view), event, ""))
        return [event]

    state = ledger.write(add)
    whole = item_status(state, item.id, units) if unit and shared else ""
    return MarkResult(done[0].item, done[0].before, done[0].event, standing(state), done[0].standing,
                      unit=unit if shared else "",
                      whole=whole, parts=tuple((u, part_status(state, item.id, units, u)) for u in units if whole))


def changes_nothing(standing: TargetProgress | None, fields: dict[str, Any], dated: bool) -> bool:
    """Whether a mark would change nothing: the same status, and no other note, document number or
    date (`dated`: a date was given). Such a mark is not recorded: the history keeps what happened."""
    if standing is None:  # never marked: it is "todo", with nothing to say
        return fields["status"] == "todo" and not fields["note"] and not fields["ref"]
    return (standing.status == fields["status"] and fields["note"] in ("", standing.note)
            and fields["ref"] in ("", standing.ref) and (not dated or fields["date"] == standing.updated))


def undo(plan: Plan, ledger: Ledger, *, today: date, now: Clock, by: str = "",
         event_id: str | None = None) -> UndoResult:
    """Revert this machine's latest step in the order written (a change, a whole import, or an
    undo, which puts back what it took back), or the one `event_id` names."""
    result: list[UndoResult] = []
    wanted = event_id.strip() if event_id is not None else None
    if not ledger.segments():  # nothing recorded: said without making the ledger's folder
        make_undos([], [], now(), today, "", wanted)

    def revert(view: LedgerView) -> list[Event]:
        events = view.events()  # read once: under the lock, the whole ledger
        undos, step = make_undos(events, view.batches(), now(), today, clean_line(by), wanted, view.written())
        by_id = {e.id: e for e in events}
        reverted = [by_id[u.target] for u in undos]
        change, depth = undo_chain(reverted[0], by_id)
        result.append(UndoResult(undos[0], reverted[0], undos, reverted, step.batch, change, depth % 2 == 1,
                                 len(undos)))
        return undos

    if ledger.large():
        return _undo_large(ledger, today=today, now=now, by=clean_line(by), wanted=wanted)
    ledger.write(revert)
    return result[0]


def _undo_large(ledger: Ledger, *, today: date, now: Clock, by: str, wanted: str | None) -> UndoResult:
    """`undo` of a ledger too large to hold (storage: Ledger.large): the same step, found by
    reading this machine's files in turn (progress.last_step), and its undos written a part at a
    time; what is held is a few numbers per import, the undos' ids, and the first of what is
    taken back. Every undo of the ledger is read, each as an UndoRef."""
    from array import array

    from ..core.progress import StepRef, duplicate_undos, last_step, undone_ids
    from ..storage.ledger import EVENT_PART, Appended

    result: list[UndoResult] = []

    def revert(view: LedgerView) -> Appended:
        refs = view.undo_refs()
        undone = undone_ids(refs)
        batches = view.batches()
        batch_of = {event_id: batch for batch in batches for event_id in batch.events}
        recorded = now()
        if wanted is None:
            found = last_step(view.own_files, batches, set(undone) | duplicate_undos(refs), batch_of)
            if found is None:
                others = any(e.id not in undone for e in view.each_event())
                raise UsageError("nothing_to_undo_here" if others else "nothing_to_undo")
            step: StepRef = found

            def candidates() -> Iterator[Event]:
                return (e for events in view.own_files() for e in events if step.holds(e, batch_of))
        else:
            named = _named_step(view, batches, wanted)
            step = StepRef(batch=named) if isinstance(named, ImportBatch) else StepRef(event=named)
            chosen = set(named.events) if isinstance(named, ImportBatch) else {named.id}

            def candidates() -> Iterator[Event]:
                return (e for e in view.each_event() if e.id in chosen and (step.event or e.kind != "undo"))

        def targets() -> Iterator[Event]:
            taken: set[str] = set()
            for event in candidates():
                if event.id not in undone and event.id not in taken:
                    taken.add(event.id)
                    yield event

        # What each undo needs of what it takes back: its id, its date; kept as text and numbers,
        # not as strings of the events read, which would keep the memory of all of them taken.
        first: Event | None = None
        text = bytearray()
        days = array("i")
        for target in targets():
            first = first or target
            text += target.id.encode() + b"\n"
            days.append(target.date.toordinal())
        taken = text.decode().splitlines()
        del text
        if first is None:
            shown = step.batch.id if step.batch is not None and wanted else (step.event or step.batch).id  # type: ignore[union-attr]
            raise UsageError("already_undone", id=shown)
        ids = sorted(new_event_id() for _target in taken)  # in the ledger's order: all recorded at once

        def undos() -> Iterator[list[Event]]:
            for start in range(0, len(ids), EVENT_PART):
                yield [Event(ids[n], recorded, max(today, date.fromordinal(days[n])), "undo", taken[n], by=by)
                       for n in range(start, min(start + EVENT_PART, len(ids)))]

        undo = Event(ids[0], recorded, max(today, first.date), "undo", first.id, by=by)
        reverted = view.as_read(first)
        change, depth = _chain(view, reverted, refs)
        result.append(UndoResult(undo, reverted, [undo], [reverted], step.batch, change, depth % 2 == 1, len(ids)))
        return Appended(len(ids), recorded, 1, undos)

    ledger.write_appended(revert)
    return result[0]


def _named_step(view: LedgerView, batches: list[ImportBatch], wanted: str) -> Event | ImportBatch:
    """find_step's answer, given only the events that could be it or be named beside it: those
    whose id is `wanted`, begins with it, or shares its first four characters."""
    from ..core.progress import find_step

    typed = wanted.lower()
    near: dict[str, Event] = {}
    for event in view.each_event():
        if event.id == wanted or event.id.lower().startswith(typed) or event.id[:4] == wanted[:4]:
            near.setdefault(event.id, event)
    found = find_step(list(near.values()), batches, wanted)
    return found if isinstance(found, ImportBatch) else view.as_read(found)


def _chain(view: LedgerView, event: Event, refs: list[UndoRef]) -> tuple[Event, int]:
    """progress.undo_chain with only the undos' refs held: the change it comes down to is then
    found in the files."""
    by_id: dict[str, Event | UndoRef] = {r.id: r for r in refs}
    end, depth = undo_chain(event, by_id)
    if end.kind == "undo" and end.target not in by_id:  # what it reverts is a change, in the files
        found = next((e for e in view.each_event() if e.id == end.target), None)
        if found is not None:
            return view.as_read(found), depth + 1
    if end.id == event.id:
        return event, depth
    return view.as_read(next(e for e in view.each_event() if e.id == end.id)), depth


def import_ledger(plan: Plan, ledger: Ledger, source: Path, now: Clock | None = None,
                  raw: bytes | None = None, theirs: ForeignEvents | None = None) -> ImportResult:
    """Merge the events of another office's ledger (or of an export) of the same plan; `raw`:
    the file's bytes, when read already; `theirs`: its events, when read and checked already (a
    plan's part of a workspace's export). Every event of the file is read and checked before the
    ledger is opened for writing."""
    from ..core.progress import receipt_disagreements
    from ..storage.foreign import read_foreign_events

    if theirs is None:
        theirs = read_foreign_events(source, plan.id, ledger.index.target_problem if ledger.index else None,
                                     plan.start, raw)
    from ..clock import now as real_now

    merged = ledger.merge(theirs, (now or real_now)(), os.path.basename(os.fspath(source)), theirs.in_order)
    added = len(merged.added)
    return ImportResult(str(source), added, len(theirs) - added - len(merged.conflicts), merged.conflicts,
                        merged.total, receipt_disagreements(merged.ours, merged.merged) if added else [])


def submit(plan: Plan, ledger: Ledger, unit_id: str, period: Period, *, today: date, now: Clock,
           effective: date | None = None, ref: str = "", note: str | None = None, by: str = "",
           member: str = "", replace: bool = False, early: bool = False) -> SubmitResult:
    """Record a report received; says where that report now stands and what it replaced.

    A report already received, or waived, is replaced only when `replace` says so; the same
    receipt again (the same document number) records nothing. A report received while its period runs and
    before it is expected (`deadlines.is_early`), or while an earlier one of the same rule is still
    missing (`deadlines.earlier_open`), is taken only when `early` says so."""
    from ..core.deadlines import check_submission, earlier_open, is_early, report_row
    from ..core.progress import same_ref

    obligation = check_submission(plan, unit_id, period, member, state=lambda: ledger.state(as_of=today))
    if period.start > today:
        raise UsageError("period_not_begun", period=period.id, start=format_date(period.start))
    received = checked_date(effective, today, period.start)
    if not early and is_early(obligation, received):
        raise _early(plan, ledger, obligation, received, today)
    if not early and (meant := earlier_open(plan, ledger.state(as_of=today), obligation, received)) is not None:
        raise _early(plan, ledger, obligation, received, today, meant)
    fields: dict[str, Any] = {
        "date": received, "kind": "submit", "target": obligation.target,
        "note": checked_note(note), "by": clean_line(by), "ref": clean_line(ref)}
    before: list[TargetProgress | None] = []

    def add(view: LedgerView) -> list[Event]:
        first = view.of(obligation.target)
        before.append(first)
        if first is not None and first.status == "done" and first.done_on is not None and not replace:
            if fields["ref"] and first.ref and same_ref(fields["ref"], first.ref):
                return []  # the same report again: the first receipt, and its date, stand
            raise _received_already(plan, obligation, first)
        if first is not None and first.status == "waived" and not replace:
            raise _waived_already(plan, obligation, first)
        return [Event(id=new_event_id(), recorded=now(), **fields)]

    state = ledger.write(add)
    row = report_row(obligation, state, today, plan.rule_warning_days(obligation.rule))
    first = before[0]
    repeated = (not replace and first is not None and first.status == "done" and first.done_on is not None)
    return SubmitResult(row, first, repeated)


def _waived_already(plan: Plan, obligation: Obligation, first: TargetProgress) -> UsageError:
    """A report received for one that was excused, refused: naming the waiver and --replace."""
    from ..render.labels import owner_name, report_phrase

    return UsageError("submit_waived_already", report=report_phrase(obligation), unit=owner_name(plan, obligation),
                      date=format_date(first.updated), note=f" ({first.note})" if first.note else "")


def _received_already(plan: Plan, obligation: Obligation, first: TargetProgress) -> UsageError:
    """A second receipt of a report, refused: naming the first (date, number) and --replace."""
    from ..render.labels import owner_name, receipt_words, report_phrase

    return UsageError("submit_received_already", report=report_phrase(obligation), unit=owner_name(plan, obligation),
                      receipt=receipt_words(first.done_on, first.ref))


def _early(plan: Plan, ledger: Ledger, obligation: Obligation, received: date, today: date,
           meant: Obligation | None = None) -> UsageError:
    """A report received before it is expected, refused: naming the one actually open (`meant`,
    else the one due nearest), and --early."""
    from ..core.deadlines import meant_report
    from ..i18n import tr
    from ..render.labels import owner_name, period_name, report_phrase

    meant = meant or meant_report(plan, ledger.state(as_of=today), obligation, received)
    return UsageError("submit_early", report=report_phrase(obligation), unit=owner_name(plan, obligation),
                      date=format_date(received), period=period_name(obligation.period, plan),
                      end=format_date(obligation.period.end), due=format_date(obligation.due),
                      meant=tr("submit_early_meant", report=report_phrase(meant), period=meant.period.id)
                      if meant is not None else "")


def waive(plan: Plan, ledger: Ledger, unit_id: str, period: Period, *, today: date, now: Clock,
          note: str | None, effective: date | None = None, by: str = "", member: str = "") -> ReportRow:
    """Excuse a unit from one report (miễn báo cáo), with the reason: it is owed no more, and is
    never overdue. An event like any other, so `undo` takes it back."""
    from ..core.deadlines import check_submission, report_row

    obligation = check_submission(plan, unit_id, period, member)
    if not (note or "").strip():
        raise UsageError("waive_needs_reason", unit=unit_id, period=period.id)
    fields: dict[str, Any] = {
        "date": checked_date(effective, today, plan.start), "kind": "waive", "target": obligation.target,
        "note": checked_note(note), "by": clean_line(by)}

    def add(view: LedgerView) -> list[Event]:
        received = view.of(obligation.target)
        if received is not None and received.status == "done" and received.done_on is not None:
            # A report in hand is not waived over: the clerk undoes the receipt if it was a mistake.
            raise UsageError("waive_received", unit=unit_id, period=period.id,
                             date=format_date(received.done_on), ref=f", {received.ref}" if received.ref else "")
        return [Event(id=new_event_id(), recorded=now(), **fields)]

    state = ledger.write(add)
    return report_row(obligation, state, today, plan.rule_warning_days(obligation.rule))
