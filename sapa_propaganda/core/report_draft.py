"""The office's consolidated report for one period, as a draft: what the ledger can say of it.

Pure, and without words: it returns records of rows, items and dates, and the renderer
(`render/office_report_draft.py`) writes the sentences around them, leaving blanks where a person must
judge. Also here: which office issues the papers sapa writes for the leaders (`issuing_office`).
"""

from __future__ import annotations

from datetime import date

from ..errors import UsageError
from .deadlines import (
    CLOSED,
    Deadline,
    ItemDeadline,
    ReportRow,
    check_period,
    deadlines,
    item_deadline,
    obligations,
    overdue_items,
    report_rows,
    with_roll_ups,
)
from .model import Item, Plan, Unit
from .paper_forms import PARTY, office_system
from .periods import Period
from .progress import ProgressState, TargetProgress, item_progress
from .record import Factory, Record
from .text import fold

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


class IssuingOffice(Record):
    """Who issues a paper: the plan's [plan.office], with what it leaves out filled from the plan."""

    above: str
    name: str
    symbol: str
    recipients: tuple[str, ...]
    signer_on_behalf: str
    signer_title: str
    signer_name: str = ""
    own: bool = False  # the plan's own issuer: its signer signs
    system: str = PARTY  # the Party's or the state's papers (`paper_forms`)
    clerk: str = ""


def issuing_office(plan: Plan) -> IssuingOffice:
    """The office of [plan.office]; without a name there, the unit that sends the consolidated
    report, else the plan's issuer, whose signer then signs. Anything else not given stays blank."""
    office = plan.office
    name = office.name or _consolidating_unit_name(plan) or plan.issuer
    own = fold(name) == fold(plan.issuer)
    signer = plan.signer if own else None
    return IssuingOffice(
        above=office.above, name=name, symbol=office.symbol, recipients=office.recipients,
        signer_on_behalf=office.signer_on_behalf or (signer.on_behalf if signer else ""),
        signer_title=office.signer_title or (signer.title if signer else ""),
        signer_name=office.signer_name or (signer.name if signer else ""), own=own,
        system=office.system or office_system(name, office.above, plan.issuer), clerk=office.clerk,
    )


def _consolidating_unit_name(plan: Plan) -> str:
    for rule in plan.reporting.rules if plan.reporting else ():
        if rule.kind == "consolidated" and rule.units:
            return plan.unit(rule.units[0]).name
    return ""


class ItemLine(Record):
    """One tracked item: where it stands against its deadline, and its latest progress."""

    deadline: ItemDeadline
    progress: TargetProgress | None

    @property
    def item(self) -> Item:
        return self.deadline.item


class UnitItems(Record):
    unit: Unit | None  # None: the contents and forms that name no unit, the plan's as a whole
    lines: list[ItemLine]


class OwnerTally(Record):
    """One unit's (or member's) reports of the periods within the drafted one: how many it owed
    (waived ones left out), received on time, late, not received past their deadline, and not yet due."""

    unit: str
    member: str
    owed: int
    on_time: int
    late: int
    missing: int
    pending: int


class ReportDraft(Record):
    plan: Plan
    period: Period
    today: date
    office: IssuingOffice
    reports: list[ReportRow]  # the units' (and members') reports of the period, each roll-up after its members
    done: list[UnitItems]  # per unit, the tracked items marked done with an effective date in the period
    missing: list[ReportRow]  # reports of the period not received (a member's, not its unit's roll-up)
    late: list[ReportRow]  # reports received after their deadline
    overdue: list[UnitItems]  # per unit, items past their deadline and not done
    blocked: list[UnitItems]  # per unit, items marked vướng mắc
    open: list[UnitItems]  # per unit, the items units carry that are not done or cancelled
    upcoming: list[Deadline]  # open deadlines from today until the next round of reports is due
    consolidated: ReportRow | None = None  # the office's own report of the period, if the plan has one
    cancelled: list[ItemLine] = Factory(default_factory=list)  # items dropped (không thực hiện) by the period's end
    owners: list[OwnerTally] = Factory(default_factory=list)  # per owner, when the reports are of several periods


def within(period: Period, inner: Period) -> bool:
    """Whether a report of `inner` belongs to a draft of `period`: the same period, or one that lies
    inside it (the monthly reports of a half-year)."""
    return inner.id == period.id or (inner.kind != "once" and period.kind != "once"
                                     and period.start <= inner.start and inner.end <= period.end)


def report_draft(plan: Plan, state: ProgressState, today: date, period: Period) -> ReportDraft:
    if plan.reporting is None:  # no period to report on: say what to use instead
        raise UsageError("draft_no_reporting")
    rows = [r for r in report_rows(plan, state, today) if within(period, r.period)]
    if not rows:
        check_period(plan, period)  # says why the plan has no report for it
    unit_rows = [r for r in rows if r.obligation.rule.kind == "unit"]
    consolidated = next((r for r in rows if r.obligation.rule.kind == "consolidated" and r.period.id == period.id),
                        None)
    tracked = plan.tracked_items
    lines = {i.id: ItemLine(item_deadline(i, state, today), item_progress(state, i.id, i.units)) for i in tracked}

    def done_in_period(line: ItemLine) -> bool:
        progress = line.progress
        return (progress is not None and progress.status == "done" and progress.done_on is not None
                and period.start <= progress.done_on <= min(period.end, today))

    def cancelled(line: ItemLine) -> bool:
        progress = line.progress
        return progress is not None and progress.status == "cancelled" and progress.updated <= min(period.end, today)

    overdue_ids = {d.item.id for d in overdue_items(plan, state, today)}
    return ReportDraft(
        plan=plan, period=period, today=today, office=issuing_office(plan),
        reports=with_roll_ups(unit_rows),
        done=_by_unit(plan, tracked, lines, done_in_period),
        # a report of a month within the period is missing once past its deadline; the period's own, while open
        missing=[r for r in unit_rows if r.is_open and (r.period.id == period.id or r.state == "overdue")],
        late=[r for r in unit_rows if r.state == "late"],
        overdue=_by_unit(plan, tracked, lines, lambda line: line.item.id in overdue_ids),
        blocked=_by_unit(plan, tracked, lines, lambda line: line.deadline.status == "blocked"),
        open=_by_unit(plan, tracked, lines, lambda line: bool(line.item.units) and line.deadline.status not in CLOSED),
        upcoming=_upcoming(plan, state, today, period),
        consolidated=consolidated,
        cancelled=[lines[i.id] for i in tracked if cancelled(lines[i.id])],
        owners=_owners(unit_rows) if len({r.period.id for r in unit_rows}) > 1 else [],
    )


def _owners(rows: list[ReportRow]) -> list[OwnerTally]:
    """Each owner's reports, in the order the owners first owe one."""
    mine: dict[tuple[str, str], list[ReportRow]] = {}
    for row in rows:
        mine.setdefault((row.unit, row.member), []).append(row)
    out = []
    for (unit, member), owned in mine.items():
        counted = [r for r in owned if r.state != "waived"]
        out.append(OwnerTally(unit, member, len(counted), sum(r.state == "on-time" for r in counted),
                              sum(r.state == "late" for r in counted), sum(r.state == "overdue" for r in counted),
                              sum(r.is_open and r.state != "overdue" for r in counted)))
    return out


def _by_unit(plan: Plan, items: list[Item], lines: dict[str, ItemLine],
             wanted: Callable[[ItemLine], bool]) -> list[UnitItems]:
    """The wanted items grouped by unit, in the plan's order of units, then of items; an item
    of two units under each, one of none last."""
    chosen = [lines[i.id] for i in items if wanted(lines[i.id])]
    groups = [UnitItems(u, [line for line in chosen if u.id in line.item.units]) for u in plan.units]
    groups.append(UnitItems(None, [line for line in chosen if not line.item.units]))
    return [g for g in groups if g.lines]


def _upcoming(plan: Plan, state: ProgressState, today: date, period: Period) -> list[Deadline]:
    """Open deadlines due from today up to the last deadline of the next period reported on
    after `period` (and not yet past); every one still to come when there is no such period.
    The consolidated report of `period` itself, the one being drafted, is left out."""
    later = [o for o in obligations(plan) if o.period.end > period.end and o.due >= today]
    horizon = None
    if later:
        first_end = min(o.period.end for o in later)
        horizon = max(o.due for o in later if o.period.end == first_end)
    return [d for d in deadlines(plan, state, today)
            if d.days_left >= 0 and (horizon is None or d.due <= horizon)
            and not (d.report is not None and d.report.period.id == period.id
                     and d.report.obligation.rule.kind == "consolidated")]
