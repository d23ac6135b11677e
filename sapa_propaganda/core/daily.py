"""The clerk's day: the status dashboard, reminders for cron, and per-period checklists. Pure."""

from __future__ import annotations

from datetime import date

from ..errors import UsageError
from .deadlines import (
    Deadline,
    ItemDeadline,
    ReportRow,
    check_period,
    current_period,
    deadlines,
    report_rows,
    with_roll_ups,
)
from .model import Item, Plan, Unit
from .periods import Period, once_period
from .progress import ProgressState, TargetProgress, item_progress, part_progress, part_status
from .record import Record


class UnitStatus(Record):
    unit: Unit
    duties_done: int
    duties_total: int
    reports_owed: int  # due on or before today
    reports_received: int
    reports_overdue: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.duties_done / self.duties_total if self.duties_total else None


class Dashboard(Record):
    plan: Plan
    today: date
    period: Period | None
    next_deadline: ReportRow | None  # the next report due
    units: list[UnitStatus]
    overdue_reports: int
    overdue_items: int
    next_item: ItemDeadline | None = None  # the next item due and not done

    @property
    def soonest(self) -> ReportRow | ItemDeadline | None:
        """The nearest deadline of all, a report's or an item's (a report first on the same day)."""
        if self.next_item is None or self.next_item.item.due is None:
            return self.next_deadline
        if self.next_deadline is None or self.next_item.item.due < self.next_deadline.due:
            return self.next_item
        return self.next_deadline

    @property
    def started(self) -> bool:
        return self.today >= self.plan.start

    @property
    def ended(self) -> bool:
        return self.today > self.plan.end


def dashboard(plan: Plan, state: ProgressState, today: date) -> Dashboard:
    rows = report_rows(plan, state, today)
    owed = deadlines(plan, state, today, rows)
    duties_of: dict[str, list[Item]] = {}
    for duty in plan.duties:
        for unit_id in duty.units:
            duties_of.setdefault(unit_id, []).append(duty)
    rows_of: dict[str, list[ReportRow]] = {}
    for row in rows:
        rows_of.setdefault(row.unit, []).append(row)
    units = []
    for unit in plan.units:
        # a duty of several units counts, for each, as its own part stands
        standing = {d.id: part_status(state, d.id, d.units, unit.id) for d in duties_of.get(unit.id, [])}
        duties = [d for d in duties_of.get(unit.id, []) if standing[d.id] != "cancelled"]
        due_by_now = [r for r in rows_of.get(unit.id, []) if r.due <= today and r.state != "waived"]
        if not duties and unit.id not in rows_of:
            continue
        units.append(UnitStatus(
            unit=unit,
            duties_done=sum(1 for d in duties if standing[d.id] == "done"),
            duties_total=len(duties),
            reports_owed=len(due_by_now),  # a unit whose members report on its own counts each member
            reports_received=sum(1 for r in due_by_now if r.submitted is not None),
            reports_overdue=sum(1 for r in due_by_now if r.state == "overdue"),
        ))
    coming = [d for d in owed if d.days_left >= 0]  # open, by due date: the first is the nearest
    next_report = next((d.report for d in coming if d.report is not None), None)
    next_item = next((d.item for d in coming if d.item is not None), None)
    late = [d for d in owed if d.days_left < 0]
    return Dashboard(
        plan=plan, today=today, period=current_period(plan, today),
        next_deadline=next_report, units=units,
        overdue_reports=sum(1 for d in late if d.report is not None),
        overdue_items=sum(1 for d in late if d.item is not None),
        next_item=next_item,
    )


Reminder = Deadline  # one line for cron: an obligation overdue or due within its window


def reminders(plan: Plan, state: ProgressState, today: date, days: int | None = None) -> list[Deadline]:
    """Overdue things first (most overdue first), then what falls due within `days`, or else
    within each deadline's own warning window (its rule's or item's, else the plan's)."""
    owed = deadlines(plan, state, today)
    late = [d for d in owed if d.days_left < 0]
    soon = [d for d in owed if 0 <= d.days_left <= (d.warning_days if days is None else days)]
    return late + soon


# ---- checklist -----------------------------------------------------------------------------

class CheckItem(Record):
    item: Item
    progress: TargetProgress | None  # under a unit, of a duty of several units: that unit's part

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else "todo"

    @property
    def ticked(self) -> bool:
        """Whether its box is ticked: done. A duty not carried out (cancelled) is no duty done;
        its status says it is dropped, the box stays empty."""
        return self.status == "done"


class UnitChecklist(Record):
    unit: Unit
    report: ReportRow | None  # None in a checklist by deadline: what the unit owes is its duties
    duties: list[CheckItem]


class Checklist(Record):
    plan: Plan
    period: Period
    today: date
    received: list[tuple[Unit, ReportRow]]  # what the consolidating unit collects
    units: list[UnitChecklist]
    contents: list[CheckItem]  # the contents and forms every report must cover in this period
    phase: Item | None = None  # a checklist of one phase of the plan


def _in_period(plan: Plan, item: Item, period: Period) -> bool:
    """Whether the item's time overlaps the period; an item without dates of its own runs for the plan's."""
    starts_before_end = (item.start or plan.start) <= period.end
    ends_after_start = (item.end or plan.end) >= period.start
    return starts_before_end and ends_after_start


def checklist(plan: Plan, state: ProgressState, today: date, period: Period,
              unit: Unit | None = None) -> Checklist:
    """What to check for one period: reports to collect, each unit's report and duties, contents.

    For one unit: its own report and duties, the reports it collects, and the contents and forms
    it carries; a unit that sends the consolidated report covers every content and form. A unit
    that neither owes nor collects a report in the period gets no checklist (UsageError).
    """
    if plan.reporting is None:
        raise UsageError("checklist_no_reporting")
    rows = [r for r in report_rows(plan, state, today) if r.period.id == period.id]
    if not rows:
        check_period(plan, period)
    unit_rows = [r for r in rows if r.obligation.rule.kind == "unit"]
    consolidated = [r for r in rows if r.obligation.rule.kind == "consolidated"]
    collectors = {r.unit for r in consolidated} | {r.obligation.rule.via for r in unit_rows if r.obligation.rule.via}
    if unit is not None and unit.id not in collectors and all(r.unit != unit.id for r in rows):
        raise UsageError("checklist_owes_nothing", unit=unit.name, id=unit.id, period=period.id,
                         units=", ".join(dict.fromkeys(r.unit for r in rows)))
    show_collection = unit is None or unit.id in collectors
    received = [(plan.unit(r.unit), r) for r in unit_rows] if show_collection else []
    # A unit whose members report on their own has one box: its roll-up, ticked once all are in.
    chosen = [r for r in with_roll_ups(rows) if not r.member and (unit is None or r.unit == unit.id)]
    units = [
        UnitChecklist(plan.unit(r.unit), r,
                      [CheckItem(d, part_progress(state, d.id, d.units, r.unit)) for d in plan.duties
                       if r.unit in d.units and _in_period(plan, d, period)])
        for r in chosen
    ]
    whole_plan = unit is None or any(r.unit == unit.id for r in consolidated)
    contents = [CheckItem(i, item_progress(state, i.id, i.units)) for i in plan.tracked_items
                if i.kind in ("content", "form") and _in_period(plan, i, period)
                and (whole_plan or (unit is not None and unit.id in i.units))]
    return Checklist(plan, period, today, received, units, contents)


def checklist_by_deadline(plan: Plan, state: ProgressState, today: date, due: date,
                          unit: Unit | None = None) -> Checklist:
    """What to check by a deadline, for any plan, periodic reports or none: each unit's tracked
    items due on or before `due` (within the plan), and the reports due by then with their state."""
    window = once_period(f"{due:%d/%m/%Y}", plan.start, due)
    rows = [r for r in report_rows(plan, state, today) if r.due <= due and (unit is None or r.unit == unit.id)]
    items = [i for i in plan.tracked_items if i.due is not None and i.due <= due]
    if unit is not None and not rows and not any(unit.id in i.units for i in items):
        raise UsageError("checklist_nothing_due", unit=unit.name, id=unit.id, due=f"{due:%d/%m/%Y}")
    return _checklist_of(plan, state, today, window, rows, items, unit)


def checklist_by_phase(plan: Plan, state: ProgressState, today: date, phase: Item,
                       unit: Unit | None = None) -> Checklist:
    """What to check for one phase of a plan (an item with dates of its own, "Giai đoạn 1"): the
    tracked items under it, and the reports due between its start and its end."""
    if phase.start is None and phase.end is None:
        raise UsageError("checklist_not_a_phase", id=phase.id)
    start, end = phase.start or plan.start, phase.end or plan.end
    window = once_period(phase.id, start, end)
    rows = [r for r in report_rows(plan, state, today) if start <= r.due <= end and (unit is None or r.unit == unit.id)]
    inside = phase.id + "."
    items = [i for i in plan.tracked_items if i.id == phase.id or i.id.startswith(inside)]
    if unit is not None and not rows and not any(unit.id in i.units for i in items):
        raise UsageError("checklist_nothing_in_phase", unit=unit.name, id=unit.id, phase=phase.id)
    return _checklist_of(plan, state, today, window, rows, items, unit, phase)


def _checklist_of(plan: Plan, state: ProgressState, today: date, window: Period, rows: list[ReportRow],
                  items: list[Item], unit: Unit | None, phase: Item | None = None) -> Checklist:
    """A checklist without periodic reports of its own: each unit's items, then the reports owed."""
    owners = [u for u in plan.units if (unit is None or u.id == unit.id) and any(u.id in i.units for i in items)]
    units = [UnitChecklist(u, None, [CheckItem(i, part_progress(state, i.id, i.units, u.id)) for i in items
                                     if u.id in i.units])
             for u in owners]
    return Checklist(plan, window, today, [(plan.unit(r.unit), r) for r in rows], units, [], phase)
