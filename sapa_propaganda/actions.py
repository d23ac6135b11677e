"""What the write commands do: check the request against the plan, then change the ledger.

Checks come first and raise UsageError, so a bad request never opens the ledger for writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from . import ledger
from .deadlines import ReportRow, check_submission, report_row, warning_days
from .errors import UsageError
from .model import Item, Plan
from .periods import Period
from .progress import Event, build_state, make_undo, merge, new_event_id
from .text import clean_input


@dataclass(frozen=True)
class MarkResult:
    item: Item
    before: str
    event: Event


@dataclass(frozen=True)
class UndoResult:
    undo: Event
    reverted: Event


@dataclass(frozen=True)
class ImportResult:
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


def checked_date(effective: date | None, today: date) -> date:
    if effective is None:
        return today
    if effective > today:
        raise UsageError("future_date", value=effective.strftime("%d/%m/%Y"), today=today.strftime("%d/%m/%Y"))
    return effective


def mark(plan: Plan, path: Path, item: Item, status: str, *, today: date, now: datetime,
         effective: date | None = None, note: str | None = None, by: str = "", ref: str = "") -> MarkResult:
    if not item.tracked:
        raise UsageError("not_trackable", id=item.id)
    event = Event(id=new_event_id(), recorded=now, date=checked_date(effective, today), kind="mark",
                  target=item.id, status=status, note=checked_note(note), by=clean_input(by),
                  ref=clean_input(ref))
    before: list[str] = []

    def add(events: list[Event]) -> list[Event]:
        before.append(build_state(events).status_of(item.id))
        return [event]

    ledger.update(path, plan.id, add)
    return MarkResult(item, before[0], event)


def undo(plan: Plan, path: Path, *, today: date, now: datetime, by: str = "") -> UndoResult:
    result: list[UndoResult] = []

    def revert(events: list[Event]) -> list[Event]:
        undo_event, target = make_undo(events, now, today, clean_input(by))
        result.append(UndoResult(undo_event, target))
        return [undo_event]

    ledger.update(path, plan.id, revert)
    return result[0]


def import_ledger(plan: Plan, path: Path, source: Path) -> ImportResult:
    """Merge the events of another office's ledger (or of an export) of the same plan."""
    from .exchange import read_foreign_events

    theirs = read_foreign_events(source, plan.id)
    outcome: list[ImportResult] = []

    def combine(ours: list[Event]) -> list[Event]:
        merged, added, conflicts = merge(ours, theirs)
        outcome.append(ImportResult(str(source), added, len(theirs) - added - len(conflicts),
                                    conflicts, len(merged)))
        return merged

    ledger.replace_all(path, plan.id, combine)
    return outcome[0]


def submit(plan: Plan, path: Path, unit_id: str, period: Period, *, today: date, now: datetime,
           effective: date | None = None, ref: str = "", note: str | None = None, by: str = "") -> ReportRow:
    """Record a report received; returns where that report now stands."""
    obligation = check_submission(plan, unit_id, period)
    event = Event(id=new_event_id(), recorded=now, date=checked_date(effective, today), kind="submit",
                  target=obligation.target, note=checked_note(note), by=clean_input(by),
                  ref=clean_input(ref))
    after: list[ReportRow] = []

    def add(events: list[Event]) -> list[Event]:
        after.append(report_row(obligation, build_state(events + [event]), today, warning_days(plan)))
        return [event]

    ledger.update(path, plan.id, add)
    return after[0]
