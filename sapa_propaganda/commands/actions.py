"""What the write commands do: check the request against the plan, then change the ledger.

Checks come first and raise UsageError, so a bad request never opens the ledger for writing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime

from ..core.dates import format_date
from ..core.model import Item, ItemRef, Plan
from ..core.periods import Period
from ..core.progress import NEEDS_REASON, Event, ImportBatch, TargetProgress, make_undos, merge, new_event_id
from ..core.results import ImportResult, MarkResult, SubmitResult, UndoResult
from ..core.text import clean_input, clean_line
from ..errors import UsageError
from ..storage.ledger import Ledger, LedgerView

# The core's checks and the foreign-file reader load only in the action that uses them, and the
# real clock only when the caller gives none: each write pays for its own.

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from ..core.deadlines import ReportRow


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


Clock = Callable[[], datetime]


def mark(ledger: Ledger, item: Item | ItemRef, status: str, *, today: date, now: Clock,
         effective: date | None = None, note: str | None = None, by: str = "", ref: str = "",
         plan_start: date | None = None) -> MarkResult:
    """Record progress. `now` is read inside the lock, so a ledger's events are in the order written."""
    if not item.tracked:
        raise UsageError("not_trackable", id=item.id)
    if status in NEEDS_REASON and not (note or "").strip():
        raise UsageError("cancel_needs_reason", id=item.id)
    item_start = getattr(item, "start", None)
    if item_start is not None and (plan_start is None or item_start > plan_start):
        day = checked_date(effective, today, item_start, "item_not_started")
    else:
        day = checked_date(effective, today, plan_start)
    fields: dict[str, Any] = {
        "date": day, "kind": "mark", "target": item.id, "status": status,
        "note": checked_note(note), "by": clean_line(by), "ref": clean_line(ref)}
    done: list[MarkResult] = []

    def add(view: LedgerView) -> list[Event]:
        event = Event(id=new_event_id(), recorded=now(), **fields)
        done.append(MarkResult(item, view.status_of(item.id), event, ""))
        return [event]

    after = ledger.write(add).status_of(item.id)
    return MarkResult(done[0].item, done[0].before, done[0].event, after)


def undo(plan: Plan, ledger: Ledger, *, today: date, now: Clock, by: str = "",
         event_id: str | None = None) -> UndoResult:
    """Revert the latest step (an event, or a whole import), or the one `event_id` names."""
    result: list[UndoResult] = []

    def revert(view: LedgerView) -> list[Event]:
        events = view.events()  # read once: under the lock, the whole ledger
        undos, step = make_undos(events, view.batches(), now(), today, clean_line(by),
                                 event_id.strip() if event_id is not None else None)
        by_id = {e.id: e for e in events}
        reverted = [by_id[u.target] for u in undos]
        batch = step if isinstance(step, ImportBatch) else None
        result.append(UndoResult(undos[0], reverted[0], undos, reverted, batch))
        return undos

    ledger.write(revert)
    return result[0]


def import_ledger(plan: Plan, ledger: Ledger, source: Path, now: Clock | None = None,
                  raw: bytes | None = None) -> ImportResult:
    """Merge the events of another office's ledger (or of an export) of the same plan; `raw`:
    the file's bytes, when read already."""
    from ..storage.foreign import read_foreign_events

    theirs = read_foreign_events(source, plan.id, ledger.index.target_problem if ledger.index else None, plan.start,
                                 raw)
    outcome: list[ImportResult] = []

    def combine(ours: list[Event]) -> list[Event]:
        merged, added, conflicts = merge(ours, theirs)
        outcome.append(ImportResult(str(source), added, len(theirs) - added - len(conflicts),
                                    conflicts, len(merged)))
        return merged

    from ..clock import now as real_now

    ledger.merge(combine, (now or real_now)(), os.path.basename(os.fspath(source)))
    return outcome[0]


def submit(plan: Plan, ledger: Ledger, unit_id: str, period: Period, *, today: date, now: Clock,
           effective: date | None = None, ref: str = "", note: str | None = None, by: str = "",
           member: str = "") -> SubmitResult:
    """Record a report received; says where that report now stands and what it replaced."""
    from ..core.deadlines import check_submission, report_row

    obligation = check_submission(plan, unit_id, period, member)
    if period.start > today:
        raise UsageError("period_not_begun", period=period.id, start=format_date(period.start))
    fields: dict[str, Any] = {
        "date": checked_date(effective, today, period.start), "kind": "submit", "target": obligation.target,
        "note": checked_note(note), "by": clean_line(by), "ref": clean_line(ref)}
    before: list[TargetProgress | None] = []

    def add(view: LedgerView) -> list[Event]:
        before.append(view.of(obligation.target))
        return [Event(id=new_event_id(), recorded=now(), **fields)]

    state = ledger.write(add)
    return SubmitResult(report_row(obligation, state, today, plan.rule_warning_days(obligation.rule)), before[0])


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
