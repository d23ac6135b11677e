"""What the office-wide commands need of one plan, whatever the day. Pure.

An office follows a hundred plans; `remind`, `status`, `overdue` and `reports` across all of them
cannot afford to load each plan and its ledger state whole every morning. A plan's overview holds
every report owed (whether it is in, or waived) and every dated item (with its status), as plain
tuples, worked out once from the plan and its current state; its listing (`Listing`) adds what the
listings name besides: each report's period, rule and receipt reference, each item's units. Each
day's reminders, counts and listings are then a filter over them, with the same rules as
`daily.reminders`, `deadlines.deadlines`, `deadlines.overdue` and `deadlines.select_reports`, which
they must agree with (the tests compare them). They hold for any day on or after the latest
effective date in the ledger; for an earlier --today (looking at the past), `overview_on` puts that
day's state into the same overview and listing, with no plan read.
"""

from __future__ import annotations

from datetime import date

from .deadlines import CLOSED, obligations, open_item_state, open_standing, received_standing, roll_up_runs, rolled_up
from .model import Plan
from .progress import ProgressState, TargetProgress, item_progress, item_status, submission_target, units_progress
from .record import Factory, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..errors import SapaError
    from .periods import Period

# (due ordinal, warning days, unit, member, received ordinal or 0, waived)
ReportTuple = tuple[int, int, str, str, int, bool]
# (due ordinal, warning days, item id, kind, units that still owe their part, status)
ItemTuple = tuple[int, int, str, str, tuple[str, ...], str]
# A report as the listings name it: (index of its period, index of its rule, the reference of its
# receipt or waiver)
ReportKey = tuple[int, int, str]
PeriodTuple = tuple[str, str, int]  # (id, kind, last day's ordinal)
RuleTuple = tuple[str, str, str]  # (id, name, kind: "unit" or "consolidated")


class Overview(Record):
    reports: list[ReportTuple]  # in the plan's order of obligations
    items: list[ItemTuple]  # the tracked items with a due date, in document order
    latest: int  # the latest effective date in the state: the overview holds from that day on
    start: int = 0  # the plan's first and last days (ordinals): "chưa bắt đầu" before the first
    end: int = 0
    notes: dict[str, str] = Factory(default_factory=dict)  # item id -> why it is blocked (its latest note)


def overview_of(plan: Plan, state: ProgressState) -> Overview:
    reports: list[ReportTuple] = []
    for owed in obligations(plan):
        received, waived, _ref = _on_record(state.of(owed.target))
        reports.append((owed.due.toordinal(), plan.rule_warning_days(owed.rule), owed.unit, owed.member,
                        received, waived))
    items: list[ItemTuple] = [(i.due.toordinal(), plan.item_warning_days(i), i.id, i.kind, _owing(state, i.id, i.units),
                               item_status(state, i.id, i.units)) for i in plan.tracked_items if i.due is not None]
    return Overview(reports, items, state.latest, plan.start.toordinal(), plan.end.toordinal(),
                    _notes_of(state, items, {i[2]: plan.item(i[2]).units for i in items if i[5] == "blocked"}))


def overview_on(overview: Overview, listing: Listing, state: ProgressState) -> tuple[Overview, list[ReportKey]]:
    """`overview_of` and the listing's reports for another state of the same plan (a past day's),
    from the plan's overview and listing alone: the reports and items are the plan's whatever the
    state, and the listing says what each report's events aim at and each item's units. No plan is
    read, so a past view across an office costs about what today's does (issue 21)."""
    periods = listing.periods
    reports: list[ReportTuple] = []
    keys: list[ReportKey] = []
    for (due, warning, unit, member, _received, _waived), (period, rule, _ref) in zip(overview.reports,
                                                                                   listing.reports, strict=True):
        received, waived, ref = _on_record(state.of(submission_target(unit, periods[period][0], member)))
        reports.append((due, warning, unit, member, received, waived))
        keys.append((period, rule, ref))
    items: list[ItemTuple] = [(i[0], i[1], i[2], i[3], _owing(state, i[2], units), item_status(state, i[2], units))
                              for i, units in zip(overview.items, listing.item_units, strict=True)]
    notes = _notes_of(state, items, dict(zip((i[2] for i in items), listing.item_units, strict=True)))
    return Overview(reports, items, state.latest, overview.start, overview.end, notes), keys


class Listing(Record):
    """What `overdue` and `reports` name of a plan besides its overview, one entry per report and
    per item of it. Kept apart from the overview (cache/overview_cache.py), so that `status` and
    `remind`, which name none of it, do not read it (`remind --unit` reads its units)."""

    reports: list[ReportKey]
    item_units: list[tuple[str, ...]]  # each item's units, whoever still owes a part
    periods: list[PeriodTuple]  # the reports' periods, each once
    rules: list[RuleTuple]  # the reports' rules, each once
    # As the listings word them, in the user's language: each report's (who owes it, the member's
    # name or the unit's short name; the report with its rule's name), each period's name.
    report_labels: list[tuple[str, str]]
    period_names: list[str]
    # The plan's units whole, as plain values: decoded only when a command names a unit (`--unit`),
    # to find it as the plan would.
    plain_units: tuple[Any, ...] = ()


def listing_of(plan: Plan, state: ProgressState, report_labels: list[tuple[str, str]], period_names: list[str],
               plain_units: tuple[Any, ...] = ()) -> Listing:
    """`period_names`: one per period, in the order the reports first name them."""
    reports: list[ReportKey] = []
    periods: dict[PeriodTuple, int] = {}
    rules: dict[RuleTuple, int] = {}
    for owed in obligations(plan):
        reports.append((periods.setdefault(period_key(owed.period), len(periods)),
                        rules.setdefault((owed.rule.id, owed.rule.name, owed.rule.kind), len(rules)),
                        _on_record(state.of(owed.target))[2]))
    item_units = [i.units for i in plan.tracked_items if i.due is not None]
    return Listing(reports, item_units, list(periods), list(rules), report_labels, period_names, plain_units)


def _on_record(progress: TargetProgress | None) -> tuple[int, bool, str]:
    """What a report's progress puts on record: the day it was received (ordinal; 0 for none, or
    waived), whether it is waived, and the reference of its receipt or waiver."""
    if progress is None:
        return 0, False, ""
    waived = progress.status == "waived"
    received = progress.done_on.toordinal() if progress.done_on and not waived else 0
    return received, waived, progress.ref if waived or progress.done_on is not None else ""


def period_key(period: Period) -> PeriodTuple:
    return period.id, period.kind, period.end.toordinal()


def _notes_of(state: ProgressState, items: list[ItemTuple], units: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """The note of each blocked item of the overview (`units`: each item's), as its latest progress
    says why: cron's reminder shows it."""
    notes = {}
    for item in items:
        if item[5] == "blocked":
            progress = item_progress(state, item[2], units[item[2]])
            if progress is not None and progress.note:
                notes[item[2]] = progress.note
    return notes


def _owing(state: ProgressState, item_id: str, units: tuple[str, ...]) -> tuple[str, ...]:
    """The units of an item whose part is still open: of a duty of several units, those neither
    done nor cancelled on it (`deadlines.ItemDeadline.owing`)."""
    if len(units) < 2:
        return units
    return tuple(u for u, p in units_progress(state, item_id, units) if (p.status if p else "todo") not in CLOSED)


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


def reminders_of(overview: Overview, today: date, days: int | None = None, unit: str | None = None,
                 member: str = "") -> list[Due]:
    """`daily.reminders` over an overview: overdue first, then what falls due within the window.
    Filtered on the plain tuples first: most of a plan's obligations are neither. `unit`: its
    reminders only; `member` too: that member's own reports only."""
    day = today.toordinal()
    late: list[tuple[int, bool, int, int]] = []
    soon: list[tuple[int, bool, int, int]] = []
    for n, (due, warning, owner, owing_member, received, waived) in enumerate(overview.reports):
        if not received and not waived and (unit is None or owner == unit) and (not member or owing_member == member):
            left = due - day
            if left < 0:
                late.append((due, False, n, warning))
            elif left <= (warning if days is None else days):
                soon.append((due, False, n, warning))
    for n, (due, warning, _id, _kind, units, status) in enumerate(overview.items):
        if status not in CLOSED and (unit is None or unit in units) and not member:
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


# A report's line in a listing of the day: (index into the overview's reports, state, days late,
# overdue or left, the day it was received (ordinal) or None, and for a unit's roll-up of its
# members' reports (received, owed), else None). A roll-up's index is its first member's report:
# the same rule, period and deadline (`deadlines.roll_up`).
ReportLine = tuple[int, str, int | None, int | None, tuple[int, int] | None]
# An overdue item's line: (index into the overview's items, state, days late).
ItemLine = tuple[int, str, int]


def overdue_lines(overview: Overview, today: date, unit: str | None = None) -> tuple[list[ReportLine], list[ItemLine]]:
    """`deadlines.overdue` over an overview: the reports past due, then the items, each in plan
    order; `unit`: its reports (its members' too) and the items it still owes its part of."""
    day = today.toordinal()
    reports: list[ReportLine] = [(n, "overdue", day - r[0], None, None) for n, r in enumerate(overview.reports)
                                 if r[0] < day and not r[4] and not r[5] and (unit is None or r[2] == unit)]
    items: list[ItemLine] = [(n, open_item_state(i[5], day - i[0]), day - i[0]) for n, i in enumerate(overview.items)
                             if i[0] < day and i[5] not in CLOSED and (unit is None or unit in i[4])]
    return reports, items


def report_lines(overview: Overview, listing: Listing, today: date, unit: str | None = None, member: str = "",
                 overdue_only: bool = False, include_future: bool = False) -> list[ReportLine]:
    """`deadlines.select_reports` (without a period) over an overview: every report up to the
    current period (`include_future`: all), a unit's or a member's only if one is given, each
    run of member reports followed by its unit's roll-up (not for one member)."""
    day = today.toordinal()
    reports, keys, periods = overview.reports, listing.reports, listing.periods
    last = None
    if not include_future:  # the current period: that of the next deadline, the first in plan order
        upcoming = [n for n, r in enumerate(reports) if r[0] >= day]
        last = periods[keys[min(upcoming, key=lambda n: reports[n][0])][0]][2] if upcoming else None
    lines = [_report_line(n, r, day) for n, r in enumerate(reports)
             if (last is None or periods[keys[n][0]][2] <= last) and (unit is None or r[2] == unit)
             and (not member or r[3] == member)]
    if not member:
        lines = roll_up_runs(lines, lambda line: _run_of(line[0], overview, listing), _rolled)
    return [line for line in lines if line[1] == "overdue"] if overdue_only else lines


def _report_line(n: int, report: ReportTuple, day: int) -> ReportLine:
    """`deadlines.report_row`'s state and days (the overview holds on days no receipt is after)."""
    if report[5]:
        return (n, "waived", None, None, None)
    if report[4]:
        state, late = received_standing(report[4] - report[0])
        return (n, state, late, report[4], None)
    state, days = open_standing(report[0] - day, report[1])
    return (n, state, days, None, None)


def _run_of(n: int, overview: Overview, listing: Listing) -> tuple[str, str, str] | None:
    """A member's report, by its unit, period and rule (`deadlines.with_roll_ups`); None for a unit's."""
    report, (period, rule, _ref) = overview.reports[n], listing.reports[n]
    return (report[2], listing.periods[period][0], listing.rules[rule][0]) if report[3] else None


def _rolled(run: list[ReportLine]) -> ReportLine:
    state, days, received, tally = rolled_up([(line[1], line[2], line[3]) for line in run])
    return (run[0][0], state, days, received, tally)


class PlanStanding(Record):
    """A plan's block in the office's status: its nearest deadline, what is overdue, and what each
    unit still owes (reports due by today, neither received nor waived)."""

    next_due: Due | None
    overdue_reports: int
    overdue_items: int
    outstanding: dict[str, int]  # unit id -> reports due and not in
    next_working_days: int | None = None  # to the nearest deadline, where the plan counts working days


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
    # unit id -> (its short name in this plan, its earlier ids): which body of the office it is
    units: dict[str, tuple[str, tuple[str, ...]]] = Factory(default_factory=dict)
    # Where the plan counts working days (`count_days = "working"`): its calendar, as plain data
    # (weekend day numbers, days off and days worked as ordinals, public holidays or not).
    working: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], bool] | None = None
    listing: Listing | None = None  # read only for `overdue` and `reports`


class UnitOwes(Record):
    """One line of the office's totals: what one body owes across the plans, where the plans'
    units are the office roster's (the same roster id: merged), or one plan's unit in that plan."""

    unit: str  # the roster's id, or the plan's
    name: str
    reports: int  # reports due and not in
    plans: int  # how many plans they are owed in
    plan: str = ""  # "" for the roster's unit; else the plan whose own unit this is
    plan_label: str = ""


class OfficeStatus(Record):
    """`status` across the office: each active plan's standing, then what each unit owes in all."""

    today: date
    plans: list[tuple[PlanView, PlanStanding]]
    owed: list[UnitOwes]  # the roster's units merged across plans, then each plan's own units
    skipped: list[tuple[str, SapaError]] = Factory(default_factory=list)  # plans that could not be read


def _with_working_days(view: PlanView, standing: PlanStanding, today: date) -> PlanStanding:
    """The standing with the working days to its nearest deadline, where the plan counts them."""
    if view.working is None or standing.next_due is None:
        return standing
    from .workdays import from_plain, working_days_between

    return standing.replace(next_working_days=working_days_between(from_plain(view.working), today,
                                                                   date.fromordinal(standing.next_due.due)))


def office_status(views: list[PlanView], today: date, roster: dict[str, str],
                  skipped: list[tuple[str, SapaError]]) -> OfficeStatus:
    """`roster`: the office roster's units, id -> short name. Two plans' units are one body, and
    their totals one line, only where both are the roster's unit of one id (a plan's unit renamed
    from a roster id, `renamed_from`, is that unit); a unit only a plan defines is that plan's, even
    where another plan uses the same id for another body."""
    plans = [(view, _with_working_days(view, standing_of(view.overview, today), today)) for view in views]
    owed: dict[tuple[str, str], UnitOwes] = {}
    for view, standing in plans:
        for unit_id, count in standing.outstanding.items():
            name, earlier = view.units.get(unit_id, (unit_id, ()))
            body = next((i for i in (unit_id, *earlier) if i in roster), None)
            key = (body, "") if body is not None else (unit_id, view.plan_id)
            known = owed.get(key)
            if known is None:
                owed[key] = UnitOwes(key[0], roster[body] if body is not None else name, count, 1, key[1],
                                     view.label if body is None else "")
            else:
                owed[key] = known.replace(reports=known.reports + count, plans=known.plans + 1)
    merged = [o for o in owed.values() if not o.plan]
    return OfficeStatus(today, plans, merged + [o for o in owed.values() if o.plan], skipped)


class OfficeListing(Record):
    """`overdue` or `reports` across the office, from each plan's overview: each plan's view, its
    listing and its lines of the day (`overdue_lines`, `report_lines`), in the order the plans
    are covered."""

    kind: str  # "overdue" or "reports"
    today: date
    parts: list[tuple[PlanView, Listing, Any]]
    skipped: list[tuple[str, SapaError]] = Factory(default_factory=list)  # plans that could not be read
