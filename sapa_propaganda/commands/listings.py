"""The read commands: each resolves its arguments, asks the core for each plan it covers
(`office.each_plan`) and hands the answer to the output layer (`output.Output`).

Both front ends call these, by keyword, with the parameters `cli/spec.py` declares. Nothing here
imports typer; the core's modules load inside the commands that need them, so that a daily
`status` or `remind` from cron loads only its own.
"""

from __future__ import annotations

from ..core.dates import parse_date
from ..errors import OverdueFound, UsageError, to_stderr
from .office import (
    each_plan,
    from_overviews,
    item_plan,
    one_plan,
    overdue_count,
    reminders_of,
    say_default_only,
    status_of,
    unit_plan,
)
from .output import PAPER_SUFFIXES, Output

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from _typeshed import StrPath

    from ..core.daily import Checklist
    from ..core.deadlines import OverdueReport, ReportRow
    from ..core.model import Plan, Unit
    from ..core.progress import ProgressState
    from ..core.queries import DutyGroup
    from ..core.results import PerPlan
    from .context import Settings


def units(s: Settings, *, as_json: bool, output: StrPath | None) -> None:
    """Each plan's units, with the duties each carries; for one plan, the roster's others too."""
    from ..core.queries import list_units
    from ..storage.roster import load_roster

    # Across the office, each plan lists its own units (members from the roster filled in); the
    # roster's others are the office's, not every plan's: `sapa roster list` shows them once.
    roster = () if s.in_workspace and len(s.scope()) > 1 else load_roster(s.data_dir).units
    out = Output(s, as_json, output)
    out.show(each_plan(s, "units", lambda _one, plan: list_units(plan, roster)))


def duties(s: Settings, *, unit: str | None, search: str | None, include_all: bool, status: str | None,
           as_json: bool, output: StrPath | None) -> None:
    """A search covers every active plan; otherwise the one plan that has the unit asked for, or
    the plan in use (the default one said on stderr, where the office has others)."""
    from ..status_words import parse_status

    out = Output(s, as_json, output)
    found, hint = _duties_found(s, unit, search, include_all, parse_status(status) if status else None)
    out.show(found)
    if hint and out.fmt != "json":
        to_stderr(hint)  # for the clerk; stdout keeps its one line


def _duties_found(s: Settings, unit: str | None, search: str | None, include_all: bool,
                  wanted: str | None) -> tuple[PerPlan, str]:
    """The duties asked for, and, when there are none, why (the first plan's hint), for stderr."""
    from ..core import queries
    from ..core.matching import resolve_unit
    from ..i18n import tr

    searching = bool(search and search.strip())
    if unit is not None and not searching:
        s = unit_plan(s, unit, report=False, listing=True)
    elif not searching:
        say_default_only(s)
    hints: list[tuple[str, tuple[str, dict[str, str]]]] = []

    def duties_of(one: Settings, plan: Plan) -> list[DutyGroup]:
        chosen = resolve_unit(plan, unit) if unit is not None else None
        query: tuple[Plan, Unit | None, str, bool, ProgressState, str | None] = (
            plan, chosen, search or "", include_all, one.state(), wanted)
        found = queries.list_duties(*query, s.today)
        if not found and (hint := queries.duties_hint(*query)):
            hints.append((plan.id, hint))
        return found

    # Without a default plan, the office's duties are listed plan by plan, as `reports` lists its reports.
    every = searching or (s.in_workspace and s.workspace.state().default not in s.workspace.active_ids())
    found = each_plan(s, "duties", duties_of, unit=unit) if every else one_plan(s, "duties", duties_of)
    if not hints or any(groups for _plan, groups in found.parts):
        return found, ""
    plan_id, (key, params) = hints[0]
    return found, (f"[{plan_id}] " if found.by_plan else "") + tr(key, **params)


def history(s: Settings, *, item_id: str | None, unit: str | None, since: str | None, as_json: bool,
            output: StrPath | None) -> None:
    """Every change in every active plan, newest first, plan by plan; an item's, in its plan (one
    the plan took out too); a unit's, or a member's own reports."""
    from ..core.matching import resolve_item_or_removed, resolve_reporter
    from ..core.queries import HistoryRows, history_pairing, history_rows

    out = Output(s, as_json, output)
    if item_id:
        s, item_id = item_plan(s, item_id)
    since_day = parse_date(since) if since else None  # a bad date refused before any ledger is read

    def history_in(one: Settings, plan: Plan) -> HistoryRows:
        """The plan's rows, made as they are written: the ledger is checked here, read again then.
        What was typed is resolved first, so that a typo is refused before the ledger is read."""
        found, member = resolve_reporter(plan, unit) if unit is not None else (None, None)
        chosen = resolve_item_or_removed(plan, item_id) if item_id else None
        ledger = one.history_reading()
        pairing = history_pairing(ledger.undos, ledger.changes, ledger.undone)
        return HistoryRows(history_rows(plan, ledger.events, pairing, item=chosen, unit=found, since=since_day,
                                        member=member.id if member else ""))

    out.show(each_plan(s, "history", history_in, unit=unit))


def reports(s: Settings, *, period: str | None, unit: str | None, overdue_only: bool, include_future: bool,
            as_json: bool, output: StrPath | None) -> None:
    """Across the office, from each plan's overview, but for a period (which each plan reads its
    own way) or a paper (drawn from the plans)."""
    out = Output(s, as_json, output)
    if period is None and from_overviews(s, out.is_paper):
        from .office import office_reports

        out.show(office_reports(s, unit, overdue_only, include_future))
        return
    from ..core.deadlines import plan_period, select_reports
    from ..core.matching import resolve_reporter

    def reports_of(one: Settings, plan: Plan) -> list[ReportRow]:
        found, member = resolve_reporter(plan, unit) if unit is not None else (None, None)
        return select_reports(plan, one.state(), s.today, period=plan_period(plan, period, s.today) if period else None,
                              unit=found.id if found is not None else None, overdue_only=overdue_only,
                              include_future=include_future, member=member.id if member else "")

    out.show(each_plan(s, "reports", reports_of, unit=unit, skip_errors=period is not None))


def overdue(s: Settings, *, unit: str | None, as_json: bool, output: StrPath | None) -> None:
    """Across the office, from each plan's overview, but for a paper (drawn from the plans)."""
    out = Output(s, as_json, output)
    if from_overviews(s, out.is_paper):
        from .office import office_overdue

        out.show(office_overdue(s, unit))
        return
    from ..core.deadlines import OverdueReport
    from ..core.deadlines import overdue as find_overdue
    from ..core.matching import resolve_unit

    def overdue_of(one: Settings, plan: Plan) -> OverdueReport:
        found = find_overdue(plan, one.state(), s.today)
        if unit is None:
            return found
        chosen = resolve_unit(plan, unit).id
        return OverdueReport([r for r in found.reports if r.unit == chosen],
                             [d for d in found.items if d.owes(chosen)])

    out.show(each_plan(s, "overdue", overdue_of, unit=unit))


def status(s: Settings, *, as_json: bool, output: StrPath | None) -> None:
    out = Output(s, as_json, output)
    out.show(status_of(s))


def remind(s: Settings, *, days: int | None, unit: str | None, fail_on_overdue: bool,
           output: StrPath | None) -> None:
    """Always plain text on stdout, whatever the terminal: this is what cron mails."""
    out = Output(s, False, output, default="plain")
    found = reminders_of(s, days, unit, worded=out.fmt in ("plain", "tsv", "csv"))
    out.show(found)
    if fail_on_overdue and (late := overdue_count(found)):
        raise OverdueFound("overdue_found", count=late)


def checklist(s: Settings, *, period: str | None, unit: str | None, due: str | None, fmt: str,
              output: StrPath | None, phase: str | None = None) -> None:
    if fmt not in ("md", "txt"):
        raise UsageError("bad_format", value=fmt, choices="md, txt")
    out = Output(s, False, output, PAPER_SUFFIXES, default=fmt)  # the file's suffix wins over --format
    if [period, due, phase].count(None) != 2:
        raise UsageError("checklist_needs_one")
    if phase is not None:
        s, phase = item_plan(s, phase)  # a phase is an item of one plan
    out.document(each_plan(s, "checklist", lambda one, plan: _checklist_of(one, plan, unit, period, due, phase),
                           skip_errors=True))


def _checklist_of(one: Settings, plan: Plan, unit: str | None, period: str | None, due: str | None,
                  phase: str | None) -> Checklist:
    """One plan's checklist: of a period, of what is due by a date, or of a phase."""
    from ..core.daily import checklist as make_checklist
    from ..core.daily import checklist_by_deadline, checklist_by_phase
    from ..core.deadlines import plan_period
    from ..core.matching import resolve_item, resolve_unit

    chosen = resolve_unit(plan, unit) if unit is not None else None
    if phase is not None:
        return checklist_by_phase(plan, one.state(), one.today, resolve_item(plan, phase), chosen)
    if due is not None:
        return checklist_by_deadline(plan, one.state(), one.today, parse_date(due), chosen)
    return make_checklist(plan, one.state(), one.today, plan_period(plan, period or "", one.today), chosen)


def report_draft(s: Settings, *, period: str, output: StrPath | None) -> None:
    """A draft of the office's consolidated report for one period, from the ledger, for the clerk
    to finish: Markdown on stdout, or FILE in the format its suffix names."""
    from ..core.deadlines import plan_period
    from ..core.report_draft import report_draft as draft_of

    out = Output(s, False, output, PAPER_SUFFIXES, default="md")
    out.document(each_plan(s, "report_draft", lambda one, plan: draft_of(
        plan, one.state(), s.today, plan_period(plan, period, s.today)), skip_errors=True))
