"""What the write commands do: check the request against the plan, then change the ledger.

Checks come first and raise UsageError, so a bad request never opens the ledger for writing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from .dates import format_date
from .errors import UsageError
from .ledger import Ledger, LedgerView
from .model import Item, ItemRef, Plan
from .periods import Period
from .progress import Event, make_undo, merge, new_event_id
from .record import Record
from .text import clean_input

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from .deadlines import ReportRow


class MarkResult(Record):
    item: Item | ItemRef
    before: str
    event: Event
    after: str  # where the item stands now: not the new status if a later-dated update exists


class UndoResult(Record):
    undo: Event
    reverted: Event


class ImportResult(Record):
    source: str
    added: int
    already: int
    conflicts: list[str]
    total: int


def checked_note(note: str | None) -> str:
    if note is None:
        return ""
    cleaned = clean_input(note)
    if not cleaned:
        raise UsageError("empty_note")
    return cleaned


def checked_date(effective: date | None, today: date, earliest: date | None = None) -> date:
    """The effective date of a change: today by default, never in the future nor before `earliest`."""
    if effective is None:
        return today
    if effective > today:
        raise UsageError("future_date", value=format_date(effective), today=format_date(today))
    if earliest is not None and effective < earliest:
        raise UsageError("date_too_early", value=format_date(effective), earliest=format_date(earliest))
    return effective


Clock = Callable[[], datetime]


def mark(ledger: Ledger, item: Item | ItemRef, status: str, *, today: date, now: Clock,
         effective: date | None = None, note: str | None = None, by: str = "", ref: str = "",
         plan_start: date | None = None) -> MarkResult:
    """Record progress. `now` is read inside the lock, so a ledger's events are in the order written."""
    if not item.tracked:
        raise UsageError("not_trackable", id=item.id)
    fields: dict[str, Any] = {
        "date": checked_date(effective, today, plan_start), "kind": "mark", "target": item.id, "status": status,
        "note": checked_note(note), "by": clean_input(by), "ref": clean_input(ref)}
    done: list[MarkResult] = []

    def add(view: LedgerView) -> list[Event]:
        event = Event(id=new_event_id(), recorded=now(), **fields)
        done.append(MarkResult(item, view.state().status_of(item.id), event, ""))
        return [event]

    after = ledger.write(add).status_of(item.id)
    return MarkResult(done[0].item, done[0].before, done[0].event, after)


def undo(plan: Plan, ledger: Ledger, *, today: date, now: Clock, by: str = "") -> UndoResult:
    result: list[UndoResult] = []

    def revert(view: LedgerView) -> list[Event]:
        undo_event, target = make_undo(view.events(), now(), today, clean_input(by))
        result.append(UndoResult(undo_event, target))
        return [undo_event]

    ledger.write(revert)
    return result[0]


def import_ledger(plan: Plan, ledger: Ledger, source: Path) -> ImportResult:
    """Merge the events of another office's ledger (or of an export) of the same plan."""
    from .exchange import read_foreign_events

    theirs = read_foreign_events(source, plan.id, ledger.index.target_problem if ledger.index else None, plan.start)
    outcome: list[ImportResult] = []

    def combine(ours: list[Event]) -> list[Event]:
        merged, added, conflicts = merge(ours, theirs)
        outcome.append(ImportResult(str(source), added, len(theirs) - added - len(conflicts),
                                    conflicts, len(merged)))
        return merged

    ledger.merge(combine)
    return outcome[0]


def submit(plan: Plan, ledger: Ledger, unit_id: str, period: Period, *, today: date, now: Clock,
           effective: date | None = None, ref: str = "", note: str | None = None, by: str = "") -> ReportRow:
    """Record a report received; returns where that report now stands."""
    from .deadlines import check_submission, report_row, warning_days

    obligation = check_submission(plan, unit_id, period)
    fields: dict[str, Any] = {
        "date": checked_date(effective, today, period.start), "kind": "submit", "target": obligation.target,
        "note": checked_note(note), "by": clean_input(by), "ref": clean_input(ref)}
    state = ledger.write(lambda view: [Event(id=new_event_id(), recorded=now(), **fields)])
    return report_row(obligation, state, today, warning_days(plan))
