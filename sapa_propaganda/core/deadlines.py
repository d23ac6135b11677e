"""Deadlines: which report each unit owes for each period, and where each one stands today.

Pure: everything takes the plan, the progress state and `today`. No dates live here; they
all come from the plan's reporting rule.
"""

from __future__ import annotations

from _weakref import ref  # what `weakref` re-exports, without importing it (start-up)
from datetime import date

from ..errors import UsageError
from .model import DueRule, Item, Plan, PlanIndex, ReportRule, renames_of
from .periods import Period, once_period, parse_period, periods_of
from .progress import ProgressState, item_progress, item_status, submission_target, unit_progress, units_progress
from .record import Record
from .workdays import Calendar

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    Day = TypeVar("Day")  # a date, or the overview's ordinal of one (core/overview.py)
    Row = TypeVar("Row")

# relativedelta, the fold of text and the grammar of typed periods load only where a plan has
# reports after a period's end, or the user typed a period: the daily commands start faster.

ITEM_STATES = ("done-on-time", "done-late", "in-progress-on-time", "in-progress-late",
               "not-started", "blocked", "blocked-late", "cancelled", "no-deadline")
CLOSED = ("done", "cancelled", "waived")  # statuses that owe nothing more: never overdue, never reminded


def due_date(period: Period, rule: DueRule, calendar: Calendar | None = None) -> date:
    """The deadline of a period's report. A day past the month's end means its last day;
    `working_days`: so many working days of `calendar` after the period's last day."""
    if rule.working_days is not None:
        from .workdays import add_working_days

        return add_working_days(calendar or Calendar(), period.end, rule.working_days)
    from dateutil.relativedelta import relativedelta

    if rule.month is not None:
        return date(period.year, rule.month, 1) + relativedelta(day=rule.day)
    return period.end + relativedelta(months=rule.months_after_end or 0, day=rule.day)


class Obligation(Record):
    """One report one unit, or one member of it, owes: for this period, under this rule, by this date."""

    rule: ReportRule
    unit: str
    period: Period
    due: date
    member: str = ""  # a member's own report under a per-member rule

    @property
    def kind(self) -> str:
        return report_kind(self.rule.kind, self.period.kind)

    @property
    def target(self) -> str:
        return submission_target(self.unit, self.period.id, self.member)

    @property
    def owner(self) -> str:
        return owner_id(self.unit, self.member)


def owner_id(unit: str, member: str = "") -> str:
    """Who owes a report, as an id: `chi-dang-bo`, or `chi-dang-bo/ta-van` for a member."""
    return f"{unit}/{member}" if member else unit


def report_kind(rule_kind: str, period_kind: str) -> str:
    """`half-year`, or `consolidated-half-year` for a consolidated rule's report."""
    return period_kind if rule_kind == "unit" else f"consolidated-{period_kind}"


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


# The obligations of each plan alive, by its identity (a plan is a frozen record: nothing is
# written into it). Each entry goes with its plan: the weak reference's callback drops it.
_OWED: dict[int, tuple[ref[Plan], list[Obligation]]] = {}


def obligations(plan: Plan) -> list[Obligation]:
    """Every report owed over the plan's life, ordered by period end, then consolidated last.

    They depend on the plan alone, so they are worked out once per plan and kept beside it; the
    plan cache stores them and hands them back (`keep_obligations`), so a daily command needs no
    date arithmetic (nor dateutil) at all."""
    known = _OWED.get(id(plan))
    if known is None:
        owed = _work_out_obligations(plan)
        keep_obligations(plan, owed)
        return list(owed)
    return list(known[1])


def keep_obligations(plan: Plan, owed: list[Obligation]) -> None:
    """Make `owed` what `obligations(plan)` returns while `plan` lives (the plan cache's copy)."""
    key = id(plan)
    _OWED[key] = (ref(plan, lambda _gone: _OWED.pop(key, None)), list(owed))


def _work_out_obligations(plan: Plan, every_member: bool = False) -> list[Obligation]:
    """`every_member`: members who have left (`Member.ended`) owe their later reports too, for the
    ledger's sake (plan_index): a report one of them sent before leaving is theirs, not a mismatch."""
    if plan.reporting is None:
        return []
    owed: list[tuple[_SortKey, Obligation]] = []
    standins: list[tuple[str, Obligation]] = []  # (the kind that stands in, an obligation it may replace)
    for rule_index, rule in enumerate(plan.reporting.rules):
        periods: list[tuple[Period, date, str]] = []
        if rule.due:  # the plan check made sure the rule or the section gives its first and last
            first = parse_period(rule.first or plan.reporting.first)
            last = parse_period(rule.last or plan.reporting.last)
            overrides = {parse_period(o.period).id: o.due for o in rule.overrides}  # as the plan writes it
            periods = [(period, overrides.get(period.id) or due_date(period, due_rule, plan.calendar),
                        due_rule.replaced_by)
                       for due_rule in rule.due for period in _periods_between(due_rule.period, first, last)]
        periods += [(once_period(o.period, plan.start, o.due), o.due, "") for o in rule.once]
        if rule.move_off_days if rule.move_off_days is not None else plan.calendar.move_off_days:
            from .workdays import next_working_day  # BLDS 2015, Điều 148: a day off moves it on

            periods = [(period, next_working_day(plan.calendar, due), replaced_by)
                       for period, due, replaced_by in periods]
        for period, due, replaced_by in periods:
            for unit_index, unit in enumerate(rule.units):
                members = plan.unit(unit).members if rule.per_member else ()
                for member_index, member in enumerate(members or (None,)):
                    if member is not None and not every_member and not member.owes(period.start, due,
                                                                                    period.kind == "once"):
                        continue  # it had left the unit before this period began
                    own_due = _member_due(due, period, member.days_early) if member is not None else due
                    obligation = Obligation(rule, unit, period, own_due, member.id if member else "")
                    owed.append(((period.end, period.kind, rule.kind == "consolidated", rule_index, unit_index,
                                  member_index), obligation))
                    if replaced_by:
                        standins.append((replaced_by, obligation))
    if standins:
        owed = _without_replaced(owed, standins)
    return [o for _key, o in sorted(owed, key=lambda pair: pair[0])]


_SortKey = tuple[date, str, bool, int, int, int]  # period end and kind, consolidated, rule, unit, member


def _member_due(due: date, period: Period, days_early: int) -> date:
    """A member's own deadline (`days_early`): that many days before the rule's, never before its
    period begins; a one-time report keeps the rule's date."""
    if not days_early or period.kind == "once":
        return due
    return max(date.fromordinal(due.toordinal() - days_early), period.start)


def _without_replaced(owed: list[tuple[_SortKey, Obligation]],
                      standins: list[tuple[str, Obligation]]) -> list[tuple[_SortKey, Obligation]]:
    """Leave out the reports another stands in for (`replaced_by`): the monthly report of a
    quarter's last month where the same unit (or member, or its unit as a whole) owes that
    quarter's report of the same kind of rule."""
    covering = {(o.period.kind, o.period.end, o.rule.kind, o.unit, o.member) for _key, o in owed}
    gone = {id(o) for kind, o in standins
            if any((kind, o.period.end, o.rule.kind, o.unit, member) in covering for member in {o.member, ""})}
    return [(key, o) for key, o in owed if id(o) not in gone]


def replaced_report(plan: Plan, unit: str, period: Period, member: str = "") -> Obligation | None:
    """The report that stands in for `unit`'s (or its member's) report of `period`, when a rule says
    one does (`replaced_by`): the quarter's, for the monthly report of a quarter's last month."""
    if plan.reporting is None:
        return None
    kinds = {d.replaced_by for r in plan.reporting.rules if unit in r.units for d in r.due
             if d.period == period.kind and d.replaced_by}
    return next((o for o in obligations(plan) if o.unit == unit and o.period.kind in kinds
                 and o.period.end == period.end and o.member in (member, "")), None)


def plan_period(plan: Plan, typed: str, today: date | None = None) -> Period:
    """A period as typed: one of the plan's one-time report ids (`ket-qua`, any case or
    diacritics), tried first, else a period as periods.parse_period reads it (2022-H1,
    "6 tháng đầu năm 2022", "quý II/2022"); one typed without its year names the candidates of
    the years around `today`."""
    from .text import fold

    wanted = fold(typed).replace(" ", "")
    once_ids = []
    for rule in plan.reporting.rules if plan.reporting else ():
        for once in rule.once:
            if fold(once.period) == wanted:
                return once_period(once.period, plan.start, once.due)
            once_ids.append(once.period)
    try:
        from .period_words import read_period

        return read_period(typed, today)
    except UsageError as err:
        if once_ids and err.key == "bad_period":  # name the plan's own ids too: one may be meant
            raise UsageError("bad_period_or_once", value=typed, ids=", ".join(once_ids)) from None
        raise


def only_open_period(plan: Plan, state: ProgressState, unit: str, today: date, member: str = "") -> Period:
    """The period of the one report `unit` (or its member) has open (begun, neither received nor
    waived), for `sapa submit UNIT` without a period; an error naming them when there are none or several.
    Of several, a report not yet expected gives way to one that is: the annual one in June
    (`is_early`), July's while June's is still missing (`earlier_open`); of those left, the one due
    by now or within its warning days, when it is one."""
    open_reports = [o for o in obligations(plan) if o.unit == unit and (not member or o.member == member)
                    and o.period.start <= today and state.status_of(o.target) not in ("done", "waived")]
    if open_reports and not member and all(o.member for o in open_reports):
        raise _member_needed(plan, state, unit, open_reports[0].period)
    expected = [o for o in open_reports if not is_early(o, today) and earlier_open(plan, state, o, today) is None]
    if len(expected) > 1:  # of several expected, the one due by now (or within its warning days)
        due = [o for o in expected if (o.due - today).days <= plan.rule_warning_days(o.rule)]
        expected = due if len(due) == 1 else expected
    if expected and len(open_reports) > 1:
        open_reports = expected
    if len(open_reports) == 1:
        return open_reports[0].period
    who = owner_id(unit, member)
    if not open_reports:
        raise UsageError("no_open_report", unit=who)
    periods = dict.fromkeys(o.period.id for o in open_reports)  # a unit's own and its members' alike
    raise UsageError("which_period", unit=who, periods=", ".join(list(periods)[:8]))


class ReportRow(Record):
    obligation: Obligation
    state: str
    days: int | None  # days late, overdue or remaining; None when on time
    submitted: date | None
    ref: str
    note: str
    members: tuple[int, int] | None = None  # a unit's roll-up of its members' reports: (received, owed)

    @property
    def unit(self) -> str:
        return self.obligation.unit

    @property
    def member(self) -> str:
        return self.obligation.member

    @property
    def owner(self) -> str:
        return self.obligation.owner

    @property
    def is_open(self) -> bool:
        """Still owed: neither received (by the day it is worked out for) nor waived."""
        return self.submitted is None and self.state != "waived"

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
        label, late = received_standing((progress.done_on - due).days)
        return ReportRow(obligation, label, late, progress.done_on, progress.ref, progress.note)
    label, days = open_standing((due - today).days, warning_days)
    return ReportRow(obligation, label, days, None, "", "")


def received_standing(late: int) -> tuple[str, int | None]:
    """A report received `late` days after its deadline (0 or less: by it)."""
    return ("late", late) if late > 0 else ("on-time", None)


def open_standing(remaining: int, warning_days: int) -> tuple[str, int]:
    """A report still owed, `remaining` days before its deadline (negative: past it). The
    office's overview classifies its reports with this too (core/overview.py)."""
    if remaining < 0:
        return "overdue", -remaining
    if remaining <= warning_days:
        return "due-soon", remaining
    return "upcoming", remaining


def report_rows(plan: Plan, state: ProgressState, today: date) -> list[ReportRow]:
    return [report_row(o, state, today, plan.rule_warning_days(o.rule)) for o in obligations(plan)]


def current_period(plan: Plan, today: date) -> Period | None:
    """The period being reported on: the one of the next deadline on or after today."""
    upcoming = [o for o in obligations(plan) if o.due >= today]
    return min(upcoming, key=lambda o: o.due).period if upcoming else None


def roll_up(member_rows: list[ReportRow]) -> ReportRow:
    """A unit's standing on one report its members each owe (`rolled_up`)."""
    first = member_rows[0]
    whole = Obligation(first.obligation.rule, first.unit, first.period, first.due)
    state, days, submitted, tally = rolled_up([(r.state, r.days, r.submitted) for r in member_rows])
    return ReportRow(whole, state, days, submitted, "", "", tally)


def rolled_up(members: list[tuple[str, int | None, Day | None]]) -> tuple[str, int | None, Day | None, tuple[int, int]]:
    """From each member's (state, days, day received) on one report, the unit's, with the tally
    (received, owed): received once every member's is (late if any was), overdue while any is,
    else as its nearest pending member's. The office's overview rolls up with this too."""
    counted = [m for m in members if m[0] != "waived"]
    received = [m for m in counted if m[2] is not None]
    tally = (len(received), len(counted))
    if not counted:
        return "waived", None, None, tally
    if len(received) == len(counted):
        last = max(received, key=lambda m: m[2])  # type: ignore[arg-type,return-value]
        late = [m[1] or 0 for m in received if m[0] == "late"]
        return "late" if late else "on-time", max(late) if late else None, last[2], tally
    pending = [m for m in counted if m[2] is None]
    overdue = [m for m in pending if m[0] == "overdue"]
    worst = max(overdue, key=lambda m: m[1] or 0) if overdue else min(pending, key=lambda m: m[1] or 0)
    return worst[0], worst[1], None, tally


def with_roll_ups(rows: list[ReportRow]) -> list[ReportRow]:
    """Each run of member rows (one unit, one report) followed by the unit's roll-up row."""
    return roll_up_runs(rows, lambda r: (r.unit, r.period.id, r.obligation.rule.id) if r.member else None, roll_up)


def roll_up_runs(rows: list[Row], run_of: Callable[[Row], object], roll: Callable[[list[Row]], Row]) -> list[Row]:
    """Each run of rows of one report's members (`run_of`: the same key; None for a row that is
    not a member's) followed by `roll`'s row for them."""
    out: list[Row] = []
    run: list[Row] = []
    key: object = None
    for row in rows:
        own = run_of(row)
        if run and own != key:
            out.append(roll(run))
            run = []
        out.append(row)
        if own is not None:
            run.append(row)
            key = own
    if run:
        out.append(roll(run))
    return out


def select_reports(plan: Plan, state: ProgressState, today: date, period: Period | None = None,
                   unit: str | None = None, overdue_only: bool = False,
                   include_future: bool = False, member: str = "") -> list[ReportRow]:
    """The rows of `sapa reports`: by default every period up to the current one, each unit whose
    members report on their own followed by its roll-up (received k/n)."""
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
        if member and row.member != member:
            continue
        rows.append(row)
    rows = rows if member else with_roll_ups(rows)
    return [r for r in rows if r.state == "overdue"] if overdue_only else rows


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
    standin = next((o for r in plan.reporting.rules for d in r.due if d.period == period.kind and d.replaced_by
                    for o in owed if o.period.kind == d.replaced_by and o.period.end == period.end), None)
    if standin is not None:  # every unit's report of it is replaced (`replaced_by`)
        raise UsageError("period_replaced", period=period.id, by=standin.period.id)
    raise UsageError("period_outside_plan", period=period.id, first=plan.reporting.first,
                     last=plan.reporting.last)


def receipt_opens(obligation: Obligation) -> date:
    """The first day a report is expected: the first of the month it falls due in, or of its
    period's last month when it falls due after the period; never before the period begins.
    (The 6-month report due 15/06 is expected from 01/06; the annual one due 15/11, from 01/11.)"""
    period = obligation.period
    when = min(obligation.due, period.end)
    return max(period.start, when.replace(day=1))


def is_early(obligation: Obligation, received: date) -> bool:
    """A report received while its period runs and before it is expected (`receipt_opens`): more
    likely another report typed under the wrong period. A one-time report's period is the plan's
    span up to its deadline, so it is never early."""
    if obligation.period.kind == "once":
        return False
    return received < obligation.period.end and received < receipt_opens(obligation)


def earlier_open(plan: Plan, state: ProgressState, obligation: Obligation, received: date) -> Obligation | None:
    """While a report's period still runs, the report of the period just before it (same rule, same
    kind), due lately and not yet sent nor excused by the same unit (or member): a receipt typed
    under this period more likely answers that one (July's report on 06/07, June's still missing).
    Monthly and quarterly reports only: last year's annual report, missing for months, is not
    what this year's annual one was typed for. A report whose own deadline is near (within its
    warning days: the month's due on the 25th, received on the 20th) is the one expected then."""
    if (obligation.period.kind not in ("month", "quarter") or received >= obligation.period.end
            or (obligation.due - received).days <= plan.rule_warning_days(obligation.rule)):
        return None
    span = (obligation.period.end - obligation.period.start).days
    for o in obligations(plan):
        if (o.rule.id == obligation.rule.id and o.period.kind == obligation.period.kind
                and o.unit == obligation.unit and o.member == obligation.member
                and (obligation.period.start - o.period.end).days == 1 and (received - o.due).days < span
                and state.status_of(o.target) not in ("done", "waived")):
            return o
    return None


def meant_report(plan: Plan, state: ProgressState, obligation: Obligation, received: date) -> Obligation | None:
    """The report the same unit (or member) actually has open on `received`, when a submission is
    early: begun and expected by then, neither received nor waived, due nearest that day."""
    candidates = [o for o in obligations(plan)
                  if o.unit == obligation.unit and o.member == obligation.member and o.target != obligation.target
                  and o.period.start <= received and not is_early(o, received)
                  and state.status_of(o.target) not in ("done", "waived")]
    return min(candidates, key=lambda o: (abs((o.due - received).days), o.due), default=None)


def check_submission(plan: Plan, unit: str, period: Period, member: str = "",
                     state: Callable[[], ProgressState] | None = None) -> Obligation:
    """The obligation a submission answers; an error that says why when there is none. `state`
    gives where the reports stand, for naming only the members still missing."""
    if plan.reporting is None:
        raise UsageError("no_reporting")
    owed = [o for o in obligations(plan) if o.unit == unit]
    if not owed:
        raise UsageError("unit_owes_nothing", unit=unit)
    for obligation in owed:
        if obligation.period.id == period.id and obligation.member == member:
            return obligation
    if any(o.period.id == period.id for o in owed):
        left = plan.unit(unit).member(member).ended if member else None
        if left is not None:  # it left the unit (`roster remove-member`) before this period
            from .dates import format_date

            raise UsageError("member_left", member=plan.unit(unit).member(member).name, unit=unit,
                             date=format_date(left), period=period.id)
        if member:  # the unit reports as a whole for this period
            raise UsageError("member_reports_with_unit", member=plan.unit(unit).member(member).name,
                             unit=unit, period=period.id)
        raise _member_needed(plan, state() if state is not None else None, unit, period)
    standin = replaced_report(plan, unit, period, member)
    if standin is not None:  # the quarter's report stands in for the monthly report of its last month
        raise UsageError("report_replaced", unit=owner_id(unit, member), period=period.id,
                         by=standin.period.id)
    kinds = {o.period.kind for o in owed}
    if period.kind not in kinds:
        raise UsageError("unit_owes_no_kind", unit=unit, period=period.id)
    assert plan.reporting is not None
    raise UsageError("period_outside_plan", period=period.id, first=plan.reporting.first,
                     last=plan.reporting.last)


def _member_needed(plan: Plan, state: ProgressState | None, unit: str, period: Period) -> UsageError:
    """Each member of `unit` reports on its own: say so, naming those whose report is still open
    (with no state at hand, every member)."""
    waiting = [plan.unit(unit).member(o.member).name for o in obligations(plan)
               if o.unit == unit and o.period.id == period.id and o.member
               and (state is None or state.status_of(o.target) not in ("done", "waived"))]
    shown = ", ".join(waiting[:6]) + (", …" if len(waiting) > 6 else "")
    return UsageError("report_per_member" if state is not None else "report_per_member_all",
                      unit=unit, period=period.id, members=shown or "—")


# ---- items with a deadline -----------------------------------------------------------------

class ItemDeadline(Record):
    item: Item
    state: str
    status: str
    days_late: int | None
    # A duty of several units: those whose part is still open (neither done nor cancelled); None
    # for every unit of the item (a duty of one unit, or one unit's own standing).
    owing: tuple[str, ...] | None = None
    note: str = ""  # a blocked item's: why, as its latest progress note says (cron's reminder shows it)

    def owes(self, unit_id: str) -> bool:
        """Whether the unit still owes its part: a unit done with its part of a shared duty does not."""
        return unit_id in (self.owing if self.owing is not None else self.item.units)


def item_deadline(item: Item, state: ProgressState, today: date, unit: str = "") -> ItemDeadline:
    """Classify like Vietnamese task systems: by completion, then against the deadline. With
    `unit`, that unit's own standing on a duty of several units."""
    shared = len(item.units) > 1
    own = unit_progress(state, item.id, unit) if unit and shared else None
    if unit and shared:
        status = own.status if own is not None else "todo"
    else:
        status = item_status(state, item.id, item.units)
    owing = None
    if shared and not unit:
        owing = tuple(u for u, p in units_progress(state, item.id, item.units)
                      if (p.status if p is not None else "todo") not in CLOSED)
    due = item.due
    if status == "cancelled":  # không thực hiện, with its reason: never overdue
        return ItemDeadline(item, "cancelled", status, None, owing)
    if due is None:
        return ItemDeadline(item, "no-deadline", status, None, owing)
    if status == "done":
        progress = own if unit and shared else item_progress(state, item.id, item.units)
        finished = progress.done_on if progress and progress.done_on else today
        late = (finished - due).days
        return ItemDeadline(item, "done-late" if late > 0 else "done-on-time", status, late if late > 0 else None,
                            owing)
    late = (today - due).days
    blocked = (own if unit and shared else item_progress(state, item.id, item.units)) if status == "blocked" else None
    return ItemDeadline(item, open_item_state(status, late), status, late if late > 0 else None, owing,
                        blocked.note if blocked is not None else "")


def open_item_state(status: str, late: int) -> str:
    """An item not done nor cancelled, `late` days past its deadline (0 or less: within it)."""
    if status == "todo":
        return "not-started"
    if status == "blocked":  # vướng mắc: flagged, and flagged as late once past the deadline
        return "blocked-late" if late > 0 else "blocked"
    return "in-progress-late" if late > 0 else "in-progress-on-time"


# ---- every obligation with a date, of whatever kind ----------------------------------------

# A report's state in the one vocabulary of Vietnamese task systems that items use (ITEM_STATES):
# by completion, then against the deadline; miễn with its reason.
_REPORT_CATEGORIES = {"on-time": "done-on-time", "late": "done-late", "waived": "waived",
                      "overdue": "not-started", "due-soon": "not-started", "upcoming": "not-started"}


def state_category(state: str) -> str:
    return _REPORT_CATEGORIES[state]


class Deadline(Record):
    """Anything someone owes by a date: a unit's or a member's report (periodic or one-time), or
    a tracked item with a due date (its own, inherited, or its phase's). Every deadline-facing
    command reads these, so a new kind of obligation shows everywhere at once."""

    due: date
    days_left: int  # from today; negative once overdue
    warning_days: int
    report: ReportRow | None = None
    item: ItemDeadline | None = None
    working_days_left: int | None = None  # the same in working days, where the plan counts them (`count_days`)

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0  # only what is still owed is a Deadline

    def concerns(self, unit_id: str, member: str = "") -> bool:
        """Whether it is the unit's to do; `member`: that member's own report (a member owes no item)."""
        if self.report is not None:
            return self.report.unit == unit_id and (not member or self.report.member == member)
        return not member and self.item is not None and self.item.owes(unit_id)


def deadlines(plan: Plan, state: ProgressState, today: date, rows: list[ReportRow] | None = None) -> list[Deadline]:
    """Every obligation still owed that has a date, by due date (reports before items due the same
    day, each in plan order); what is closed is left out cheaply first, since a large plan has
    thousands of items. `rows`: the report rows, if the caller has worked them out already."""
    rows = report_rows(plan, state, today) if rows is None else rows
    found = [Deadline(r.due, (r.due - today).days, plan.rule_warning_days(r.obligation.rule), report=r)
             for r in rows if r.is_open]
    for item in plan.tracked_items:
        if item.due is not None and item_status(state, item.id, item.units) not in CLOSED:
            found.append(Deadline(item.due, (item.due - today).days, plan.item_warning_days(item),
                                  item=item_deadline(item, state, today)))
    found.sort(key=lambda d: (d.due, d.item is not None))  # stable: plan order within a day
    if plan.calendar.count_days == "working":
        from .workdays import working_days_between

        found = [d.replace(working_days_left=working_days_between(plan.calendar, today, d.due)) for d in found]
    return found


def overdue_items(plan: Plan, state: ProgressState, today: date) -> list[ItemDeadline]:
    """Items past their deadline and not done, in plan order (checked cheaply first)."""
    return [item_deadline(i, state, today) for i in plan.tracked_items
            if i.due is not None and i.due < today and item_status(state, i.id, i.units) not in CLOSED]


class OverdueReport(Record):
    reports: list[ReportRow]
    items: list[ItemDeadline]


def overdue(plan: Plan, state: ProgressState, today: date, rows: list[ReportRow] | None = None) -> OverdueReport:
    """Everything past due, reports first, each in plan order."""
    rows = report_rows(plan, state, today) if rows is None else rows
    return OverdueReport([r for r in rows if r.state == "overdue"], overdue_items(plan, state, today))


def plan_index(plan: Plan, version: str = "") -> PlanIndex:
    """What reading a ledger needs of the plan: its items' kinds and starts, its units, the reports
    someone owes (from the obligations here, so that the model needs nothing of deadlines), and
    the ids it renamed."""
    every = (*plan.items, *plan.occurrences)
    return PlanIndex(plan.id, {i.id: i.kind for i in every}, plan.start, tuple(u.id for u in plan.units),
                     version, {i.id: i.start for i in every if i.start is not None and i.start > plan.start},
                     frozenset(o.target for o in _every_report(plan)), renames_of(plan), frozenset(plan.removed),
                     shared={i.id: i.units for i in every if i.tracked and len(i.units) > 1},
                     recurring=frozenset(i.id for i in plan.items if i.recurs))


def _every_report(plan: Plan) -> list[Obligation]:
    """The reports owed, with those of members who have since left the unit."""
    if any(m.ended is not None for u in plan.units for m in u.members):
        return _work_out_obligations(plan, every_member=True)
    return obligations(plan)
