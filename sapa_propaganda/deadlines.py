"""Deadlines: which report each unit owes for each period, and where each one stands today.

Pure: everything takes the plan, the progress state and `today`. No dates live here; they
all come from the plan's reporting rule.
"""

from __future__ import annotations

from datetime import date

from .errors import UsageError
from .model import DueRule, Item, Plan, ReportRule
from .periods import Period, once_period, parse_period, periods_of
from .progress import ProgressState, submission_target
from .record import Record

REPORT_STATES = ("on-time", "late", "overdue", "due-soon", "upcoming", "waived")
ITEM_STATES = ("done-on-time", "done-late", "in-progress-on-time", "in-progress-late",
               "not-started", "blocked", "blocked-late", "cancelled", "no-deadline")
CLOSED = ("done", "cancelled", "waived")  # statuses that owe nothing more: never overdue, never reminded


def due_date(period: Period, rule: DueRule) -> date:
    """The deadline of a period's report. A day past the month's end means its last day."""
    from dateutil.relativedelta import relativedelta

    if rule.month is not None:
        return date(period.year, rule.month, 1) + relativedelta(day=rule.day)
    return period.end + relativedelta(months=rule.months_after_end or 0, day=rule.day)


class Obligation(Record):
    """One report one unit owes: for this period, under this rule, by this date."""

    rule: ReportRule
    unit: str
    period: Period
    due: date

    @property
    def kind(self) -> str:
        return self.period.kind if self.rule.kind == "unit" else f"consolidated-{self.period.kind}"

    @property
    def target(self) -> str:
        return submission_target(self.unit, self.period.id)


def _periods_between(kind: str, first: Period, last: Period) -> list[Period]:
    # Finite and small: parse_period (and so the plan check) keeps years within 1900–2200, and
    # due rules within 24 months of a period's end. A plan spanning all of it, with 40 units owing
    # quarterly, half-year and annual reports, has 72,000 obligations, worked out in about 0.6 s
    # once and then cached with the plan; no cap is needed below that.
    periods = []
    for year in range(first.year - 1, last.year + 2):
        candidates = periods_of(kind, year)
        periods += [p for p in candidates if first.end <= p.end <= last.end]
    return periods


def obligations(plan: Plan) -> list[Obligation]:
    """Every report owed over the plan's life, ordered by period end, then consolidated last.

    They depend on the plan alone, so they are kept on it: the cached plan carries them, and a
    daily command needs no date arithmetic (nor dateutil) at all."""
    known = plan.__dict__.get("_obligations")
    if known is None:
        known = _work_out_obligations(plan)
        plan._set("_obligations", known)
    return list(known)


def _work_out_obligations(plan: Plan) -> list[Obligation]:
    if plan.reporting is None:
        return []
    owed = []
    for rule_index, rule in enumerate(plan.reporting.rules):
        periods = []
        if rule.due:  # the plan check made sure the rule or the section gives its first and last
            first = parse_period(rule.first or plan.reporting.first)
            last = parse_period(rule.last or plan.reporting.last)
            overrides = {o.period.lower(): o.due for o in rule.overrides}
            periods = [(period, overrides.get(period.id.lower()) or due_date(period, due_rule))
                       for due_rule in rule.due for period in _periods_between(due_rule.period, first, last)]
        periods += [(once_period(o.period, plan.start, o.due), o.due) for o in rule.once]
        for period, due in periods:
            for unit_index, unit in enumerate(rule.units):
                owed.append(((period.end, period.kind, rule.kind == "consolidated", rule_index, unit_index),
                             Obligation(rule, unit, period, due)))
    return [o for _key, o in sorted(owed, key=lambda pair: pair[0])]


def plan_period(plan: Plan, typed: str) -> Period:
    """A period as typed: one of the plan's one-time report ids (`ket-qua`, any case or
    diacritics), else a period id like 2022-H1 (periods.parse_period)."""
    from .text import fold

    wanted = fold(typed).replace(" ", "")
    once_ids = []
    for rule in plan.reporting.rules if plan.reporting else ():
        for once in rule.once:
            if fold(once.period) == wanted:
                return once_period(once.period, plan.start, once.due)
            once_ids.append(once.period)
    try:
        return parse_period(typed)
    except UsageError as err:
        if once_ids and err.key == "bad_period":  # name the plan's own ids too: one may be meant
            raise UsageError("bad_period_or_once", value=typed, ids=", ".join(once_ids)) from None
        raise


def only_open_period(plan: Plan, state: ProgressState, unit: str, today: date) -> Period:
    """The period of the one report `unit` has open (begun, neither received nor waived), for
    `sapa submit UNIT` without a period; an error naming them when there are none or several."""
    open_reports = [o for o in obligations(plan) if o.unit == unit and o.period.start <= today
                    and state.status_of(o.target) not in ("done", "waived")]
    if len(open_reports) == 1:
        return open_reports[0].period
    if not open_reports:
        raise UsageError("no_open_report", unit=unit)
    raise UsageError("which_period", unit=unit, periods=", ".join(o.period.id for o in open_reports[:8]))


class ReportRow(Record):
    obligation: Obligation
    state: str
    days: int | None  # days late, overdue or remaining; None when on time
    submitted: date | None
    ref: str
    note: str

    @property
    def unit(self) -> str:
        return self.obligation.unit

    @property
    def period(self) -> Period:
        return self.obligation.period

    @property
    def due(self) -> date:
        return self.obligation.due


def report_row(obligation: Obligation, state: ProgressState, today: date, warning_days: int) -> ReportRow:
    progress = state.of(obligation.target)
    due = obligation.due
    if progress is not None and progress.status == "waived":  # miễn báo cáo: owed no more
        return ReportRow(obligation, "waived", None, None, progress.ref, progress.note)
    if progress is not None and progress.done_on is not None and progress.done_on <= today:
        late = (progress.done_on - due).days
        return ReportRow(obligation, "late" if late > 0 else "on-time", late if late > 0 else None,
                         progress.done_on, progress.ref, progress.note)
    remaining = (due - today).days
    if remaining < 0:
        label, days = "overdue", -remaining
    elif remaining <= warning_days:
        label, days = "due-soon", remaining
    else:
        label, days = "upcoming", remaining
    return ReportRow(obligation, label, days, None, "", "")


def report_rows(plan: Plan, state: ProgressState, today: date) -> list[ReportRow]:
    return [report_row(o, state, today, plan.rule_warning_days(o.rule)) for o in obligations(plan)]


def current_period(plan: Plan, today: date) -> Period | None:
    """The period being reported on: the one of the next deadline on or after today."""
    upcoming = [o for o in obligations(plan) if o.due >= today]
    return min(upcoming, key=lambda o: o.due).period if upcoming else None


def select_reports(plan: Plan, state: ProgressState, today: date, period: Period | None = None,
                   unit: str | None = None, overdue_only: bool = False,
                   include_future: bool = False) -> list[ReportRow]:
    """The rows of `sapa reports`: by default every period up to the current one."""
    if period is not None and plan.reporting is not None:
        check_period(plan, period)
    current = current_period(plan, today)
    rows = []
    for row in report_rows(plan, state, today):
        if period is not None and row.period.id != period.id:
            continue
        if period is None and not include_future and current is not None and row.period.end > current.end:
            continue
        if unit is not None and row.unit != unit:
            continue
        if overdue_only and row.state != "overdue":
            continue
        rows.append(row)
    return rows


def check_period(plan: Plan, period: Period) -> None:
    """A period the plan has reports for; otherwise say why not."""
    if plan.reporting is None:
        raise UsageError("no_reporting")
    owed = obligations(plan)
    if any(o.period.id == period.id for o in owed):
        return
    if not any(o.period.kind == period.kind for o in owed):
        raise UsageError("plan_has_no_kind", period=period.id,
                         kinds=", ".join(sorted({o.period.id for o in owed})[:2]) + ", …")
    raise UsageError("period_outside_plan", period=period.id, first=plan.reporting.first,
                     last=plan.reporting.last)


def check_submission(plan: Plan, unit: str, period: Period) -> Obligation:
    """The obligation a submission answers; an error that says why when there is none."""
    if plan.reporting is None:
        raise UsageError("no_reporting")
    owed = [o for o in obligations(plan) if o.unit == unit]
    if not owed:
        raise UsageError("unit_owes_nothing", unit=unit)
    for obligation in owed:
        if obligation.period.id == period.id:
            return obligation
    kinds = {o.period.kind for o in owed}
    if period.kind not in kinds:
        raise UsageError("unit_owes_no_kind", unit=unit, period=period.id)
    raise UsageError("period_outside_plan", period=period.id, first=plan.reporting.first,
                     last=plan.reporting.last)


# ---- items with a deadline -----------------------------------------------------------------

class ItemDeadline(Record):
    item: Item
    state: str
    status: str
    days_late: int | None


def item_deadline(item: Item, state: ProgressState, today: date) -> ItemDeadline:
    """Classify like Vietnamese task systems: by completion, then against the deadline."""
    status = state.status_of(item.id)
    due = item.due
    if status == "cancelled":  # không thực hiện, with its reason: never overdue
        return ItemDeadline(item, "cancelled", status, None)
    if due is None:
        return ItemDeadline(item, "no-deadline", status, None)
    if status == "done":
        progress = state.of(item.id)
        finished = progress.done_on if progress and progress.done_on else today
        late = (finished - due).days
        return ItemDeadline(item, "done-late" if late > 0 else "done-on-time", status, late if late > 0 else None)
    late = (today - due).days
    if status == "todo":
        return ItemDeadline(item, "not-started", status, late if late > 0 else None)
    if status == "blocked":  # vướng mắc: flagged, and flagged as late once past the deadline
        return ItemDeadline(item, "blocked-late" if late > 0 else "blocked", status, late if late > 0 else None)
    if late > 0:
        return ItemDeadline(item, "in-progress-late", status, late)
    return ItemDeadline(item, "in-progress-on-time", status, None)


def overdue_items(plan: Plan, state: ProgressState, today: date) -> list[ItemDeadline]:
    """Items past their deadline and not done (checked cheaply first: a large plan has thousands)."""
    return [item_deadline(i, state, today) for i in plan.tracked_items
            if i.due is not None and i.due < today and state.status_of(i.id) not in CLOSED]


class OverdueReport(Record):
    reports: list[ReportRow]
    items: list[ItemDeadline]


def overdue(plan: Plan, state: ProgressState, today: date, rows: list[ReportRow] | None = None) -> OverdueReport:
    """Everything past due. `rows`: the report rows, if the caller has worked them out already."""
    rows = report_rows(plan, state, today) if rows is None else rows
    return OverdueReport([r for r in rows if r.state == "overdue"], overdue_items(plan, state, today))
