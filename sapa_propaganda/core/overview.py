"""What the office-wide commands need of one plan, whatever the day. Pure.

An office follows a hundred plans; `remind` and `status` across all of them cannot afford to load
each plan and its ledger state whole every morning. A plan's overview holds every report owed
(whether it is in, or waived) and every dated item (with its status), as plain tuples, worked out
once from the plan and its current state. Each day's reminders and counts are then a filter over
it, with the same rules as `daily.reminders` and `deadlines.deadlines`, which it must agree with
(the tests compare the two). The overview holds for any day on or after the latest effective date
in the ledger; an earlier --today (looking at the past) takes the full path instead.
"""

from __future__ import annotations

from datetime import date

from .deadlines import CLOSED, obligations, open_item_state
from .model import Plan
from .progress import ProgressState
from .record import Factory, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..errors import SapaError

# (due ordinal, warning days, unit, member, received ordinal or 0, waived)
ReportTuple = tuple[int, int, str, str, int, bool]
# (due ordinal, warning days, item id, kind, units, status)
ItemTuple = tuple[int, int, str, str, tuple[str, ...], str]


class Overview(Record):
    reports: list[ReportTuple]  # in the plan's order of obligations
    items: list[ItemTuple]  # the tracked items with a due date, in document order
    latest: int  # the latest effective date in the state: the overview holds from that day on


def overview_of(plan: Plan, state: ProgressState) -> Overview:
    reports: list[ReportTuple] = []
    for owed in obligations(plan):
        progress = state.of(owed.target)
        waived = progress is not None and progress.status == "waived"
        received = progress.done_on.toordinal() if progress is not None and progress.done_on and not waived else 0
        reports.append((owed.due.toordinal(), plan.rule_warning_days(owed.rule), owed.unit, owed.member,
                        received, waived))
    items: list[ItemTuple] = [(i.due.toordinal(), plan.item_warning_days(i), i.id, i.kind, i.units,
                               state.status_of(i.id)) for i in plan.tracked_items if i.due is not None]
    return Overview(reports, items, state.latest)


class Due(Record):
    """One open obligation of the day: `index` into the overview's reports or items."""

    is_item: bool
    index: int
    due: int  # ordinal
    days_left: int
    warning_days: int

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0


def open_dues(overview: Overview, today: date) -> list[Due]:
    """Every obligation still owed, by due date, reports before items due the same day: as
    `deadlines.deadlines` orders them."""
    day = today.toordinal()
    found = [Due(False, n, r[0], r[0] - day, r[1]) for n, r in enumerate(overview.reports) if not r[4] and not r[5]]
    found += [Due(True, n, i[0], i[0] - day, i[1]) for n, i in enumerate(overview.items) if i[5] not in CLOSED]
    found.sort(key=lambda d: (d.due, d.is_item))
    return found


def reminders_of(overview: Overview, today: date, days: int | None = None, unit: str | None = None) -> list[Due]:
    """`daily.reminders` over an overview: overdue first, then what falls due within the window.
    Filtered on the plain tuples first: most of a plan's obligations are neither."""
    day = today.toordinal()
    late: list[tuple[int, bool, int, int]] = []
    soon: list[tuple[int, bool, int, int]] = []
    for n, (due, warning, owner, _member, received, waived) in enumerate(overview.reports):
        if not received and not waived and (unit is None or owner == unit):
            left = due - day
            if left < 0:
                late.append((due, False, n, warning))
            elif left <= (warning if days is None else days):
                soon.append((due, False, n, warning))
    for n, (due, warning, _id, _kind, units, status) in enumerate(overview.items):
        if status not in CLOSED and (unit is None or unit in units):
            left = due - day
            if left < 0:
                late.append((due, True, n, warning))
            elif left <= (warning if days is None else days):
                soon.append((due, True, n, warning))
    late.sort(key=lambda d: (d[0], d[1]))  # stable: in plan order within a day, reports first
    soon.sort(key=lambda d: (d[0], d[1]))
    return [Due(is_item, n, due, due - day, warning) for due, is_item, n, warning in late + soon]


def item_state(overview: Overview, due: Due) -> str:
    """Where an open item stands on the day (`deadlines.open_item_state`)."""
    status = overview.items[due.index][5]
    return open_item_state(status, -due.days_left if due.days_left < 0 else 0)


class PlanStanding(Record):
    """A plan's block in the office's status: its nearest deadline, what is overdue, and what each
    unit still owes (reports due by today, neither received nor waived)."""

    next_due: Due | None
    overdue_reports: int
    overdue_items: int
    outstanding: dict[str, int]  # unit id -> reports due and not in


def standing_of(overview: Overview, today: date) -> PlanStanding:
    owed = open_dues(overview, today)
    outstanding: dict[str, int] = {}
    for due in owed:
        if not due.is_item and due.days_left <= 0:
            unit = overview.reports[due.index][2]
            outstanding[unit] = outstanding.get(unit, 0) + 1
    return PlanStanding(next((d for d in owed if d.days_left >= 0), None),
                        sum(1 for d in owed if d.days_left < 0 and not d.is_item),
                        sum(1 for d in owed if d.days_left < 0 and d.is_item), outstanding)


class PlanView(Record):
    """One plan as the office-wide commands see it: its overview, the names of its reports in the
    user's language, its items' texts, and how many ledger events it sets aside (and for what).
    Kept in the cache folder (cache/overview_cache.py), so that a morning's run over a hundred
    plans loads none of them whole."""

    plan_id: str
    label: str  # its document number, else its id, ready to print
    title: str
    overview: Overview
    report_names: list[str]  # one per report of the overview, "Báo cáo 6 tháng … của …"
    item_texts: list[str]  # one per item of the overview
    mismatches: tuple[int, str]  # (events set aside, the targets they name)


class OfficeStatus(Record):
    """`status` across the office: each active plan's standing, then what each unit owes in all."""

    today: date
    plans: list[tuple[PlanView, PlanStanding]]
    owed: dict[str, tuple[int, int]]  # unit id -> (reports due and not in, plans they are owed in)
    unit_names: dict[str, str]  # unit id -> its short name, for the totals
    skipped: list[tuple[str, SapaError]] = Factory(default_factory=list)  # plans that could not be read


def office_status(views: list[PlanView], today: date, unit_names: dict[str, str],
                  skipped: list[tuple[str, SapaError]]) -> OfficeStatus:
    plans = [(view, standing_of(view.overview, today)) for view in views]
    owed: dict[str, tuple[int, int]] = {}
    for _view, standing in plans:
        for unit_id, count in standing.outstanding.items():
            reports, owing = owed.get(unit_id, (0, 0))
            owed[unit_id] = (reports + count, owing + 1)
    return OfficeStatus(today, plans, owed, unit_names, skipped)
