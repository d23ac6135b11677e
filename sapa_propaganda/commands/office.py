"""One plan or the whole office: which plans a command covers, and its answer for each.

A read command covers the plan --plan names (or the only plan there is), else every active plan of
the office's workspace (`Settings.in_workspace`). Either way it gets a `PerPlan` from `each_plan`:
one part per plan, and, across the office, every part headed by its plan, a plan that cannot be
read named (the others are still shown; the exit code tells), and a plan without the unit or the
period asked for left out. The output layer (`output.py`) draws any of them the same way.

`status` and `remind` across the office read each plan's cached overview (`office_status`,
`office_reminder_lines`) instead of loading the plans: cron runs them over a hundred plans daily.
"""

from __future__ import annotations

from ..core.results import PerPlan, WordedLines
from ..errors import SapaError, UsageError

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..core.model import Plan, Unit
    from ..core.overview import OfficeStatus, PlanView
    from .context import Settings


def each_plan(s: Settings, kind: str, collect: Callable[[Settings, Plan], Any], *, unit: str | None = None,
              skip_errors: bool = False) -> PerPlan:
    """`collect`'s answer for each plan the command covers. Across the office, a plan that lacks
    the unit asked for (or, with `skip_errors`, refuses for any other reason: the period) is left
    out, and none answering is the usual error."""
    if not s.in_workspace:
        plan = s.plan()
        return PerPlan(kind, [(plan, collect(s, plan))], s.today)
    if unit is not None:
        resolve_office_unit(s, unit)  # a typo is named once, with the office's closest names
    parts: list[tuple[Plan, Any]] = []
    refusals: list[tuple[str, UsageError]] = []
    skipped: list[tuple[str, SapaError]] = []
    for one in s.scope():
        try:
            plan = one.plan()
        except SapaError as err:  # the other plans are still shown; the exit code tells
            skipped.append((one.plan_arg or "", err))
            continue
        try:
            parts.append((plan, collect(one, plan)))
        except UsageError as err:
            if unit is None and not skip_errors:
                raise
            refusals.append((plan.id, err))
    if not parts and refusals:
        raise none_of_them(refusals)
    return PerPlan(kind, parts, s.today, by_plan=True, skipped=skipped)


def one_plan(s: Settings, kind: str, collect: Callable[[Settings, Plan], Any]) -> PerPlan:
    """`collect`'s answer for the one plan in use: --plan's, the default, or the only active one."""
    plan = s.plan()
    return PerPlan(kind, [(plan, collect(s, plan))], s.today)


def none_of_them(refusals: list[tuple[str, UsageError]]) -> UsageError:
    """No active plan could answer: the one reason when they all give it, else each plan's own
    ("2025-Y": one plan reports quarterly, another has one report of its own)."""
    said = {str(err) for _plan, err in refusals}
    if len(said) == 1:
        return refusals[0][1]
    if all(err.key in ("bad_period", "bad_period_or_once") for _plan, err in refusals):
        # Not a period of any calendar: one message, with the plans' own report ids where they have some.
        return next((err for _plan, err in refusals if err.key == "bad_period_or_once"), refusals[0][1])
    return UsageError("workspace_none_answers", reasons="; ".join(f"[{plan}] {err}" for plan, err in refusals))


def item_plan(s: Settings, typed: str) -> tuple[Settings, str]:
    """The plan an item reference names, and the id within it. `PLAN:ID` (`kl93:1`) always
    works; a bare id refers to --plan, else the default plan (`sapa plan use`), else to the one
    active plan of the workspace that has it. An id in several lists them."""
    from ..core.matching import resolve_item_id

    plan_part, colon, rest = typed.partition(":")
    if colon and s.workspace.plan_ids():  # item ids hold no ':', so this names a plan
        s.workspace.require(plan_part.strip().lower())
        return s.for_plan(plan_part.strip().lower()), rest
    if not s.in_workspace or s.workspace.state().default:
        return s, typed
    holders = []
    for one in s.scope():
        try:
            index = one.plan_index()
            holders.append((one, resolve_item_id(index.kinds, typed, index.item_renames)))
        except UsageError:
            continue
    if len(holders) == 1:
        return holders[0][0], typed
    if not holders:
        return s.scope()[0] if len(s.scope()) == 1 else s, typed  # the error names the closest ids
    raise UsageError("workspace_ambiguous_item", id=typed,
                     options=", ".join(f"{one.plan_arg}:{found}" for one, found in holders))


# ---- the office's units --------------------------------------------------------------------

def office_units(s: Settings, every: bool = False) -> dict[str, Unit]:
    """The office's units by id: the roster's, then those of each active plan (`every`: closed ones
    too; outside a workspace, the plan in use) that the roster lacks. A plan that cannot be read
    is passed over: the command that needs it says why."""
    from ..storage.roster import load_roster

    units: dict[str, Unit] = {u.id: u for u in load_roster(s.data_dir).units}
    for one in s.scope(every=every):
        try:
            units.update({u.id: u for u in one.plan().units if u.id not in units})
        except SapaError:
            continue
    return units


def resolve_office_unit(s: Settings, typed: str, every: bool = False) -> Unit:
    """A unit as typed, among the office's; else the usual error, with the closest names of all."""
    from ..core.matching import resolve_unit
    from ..core.model import Plan as PlanModel

    units = tuple(office_units(s, every).values())
    return resolve_unit(PlanModel("office", "", "", s.today, s.today, units, ()), typed)


def unit_in_plan(plan: Plan, typed: str | None) -> str | None:
    """The id of the unit `typed` names in this plan, or None (none typed, or the plan lacks it)."""
    if typed is None:
        return None
    from ..core.matching import resolve_unit

    try:
        return resolve_unit(plan, typed).id
    except UsageError:
        return None


# ---- status and reminders ------------------------------------------------------------------

def status_of(s: Settings) -> PerPlan | OfficeStatus:
    """One plan's dashboard, or the office's status from each plan's overview."""
    if s.in_workspace:
        return office_status(s)
    from ..core.daily import dashboard

    return one_plan(s, "dashboard", lambda one, plan: dashboard(plan, one.state(), one.today))


def reminders_of(s: Settings, days: int | None, unit: str | None, worded: bool) -> PerPlan | WordedLines:
    """The reminders of each plan covered, a unit's only if one is named. `worded`: as cron's
    lines only, which across the office are worded from each plan's overview, no plan loaded."""
    if worded and s.in_workspace:
        return office_reminder_lines(s, days, unit)
    from ..core.daily import Reminder, reminders
    from ..core.matching import resolve_unit

    def of_plan(one: Settings, plan: Plan) -> list[Reminder]:
        chosen = resolve_unit(plan, unit).id if unit is not None else None
        return [r for r in reminders(plan, one.state(), one.today, days) if chosen is None or r.concerns(chosen)]

    return each_plan(s, "reminders", of_plan, unit=unit)


def overdue_count(found: PerPlan | WordedLines) -> int:
    if isinstance(found, PerPlan):
        return sum(r.is_overdue for _plan, rows in found.parts for r in rows)
    return found.overdue


# ---- from each plan's overview -------------------------------------------------------------

def office_status(s: Settings) -> OfficeStatus:
    """Each active plan's block (its nearest deadline, what is overdue), then what each unit owes
    across them all."""
    from ..core.overview import office_status as status_of

    views: list[PlanView] = []
    skipped: list[tuple[str, SapaError]] = []
    for one in s.scope():
        try:
            views.append(plan_view(one))
        except SapaError as err:  # the other plans are still shown; the exit code tells
            skipped.append((one.plan_arg or "", err))
    names = {unit_id: unit.label for unit_id, unit in office_units(s).items()}
    return status_of(views, s.today, names, skipped)


def office_reminder_lines(s: Settings, days: int | None, unit: str | None) -> WordedLines:
    """The office's cron lines: every active plan's reminders, each line naming its plan, worded
    from each plan's overview as `reminders` and `reminder_line` word them."""
    if unit is not None:
        resolve_office_unit(s, unit)
    lines: list[str] = []
    overdue = 0
    skipped: list[tuple[str, SapaError]] = []
    for one in s.scope():
        try:  # one broken plan must not silence the others' reminders
            found, late = _reminder_lines(one, days, unit)
        except SapaError as err:
            skipped.append((one.plan_arg or "", err))
            continue
        lines += found
        overdue += late
    return WordedLines(lines, "col_reminder", overdue, skipped)


def _reminder_lines(one: Settings, days: int | None, unit: str | None) -> tuple[list[str], int]:
    from datetime import date as day_of

    from ..core.overview import item_state, reminders_of
    from ..core.text import for_display
    from ..render.labels import item_reminder, report_reminder

    view = plan_view(one)
    chosen = unit_in_plan(one.plan(), unit) if unit is not None else None
    if unit is not None and chosen is None:
        return [], 0  # a unit this plan does not have
    found = reminders_of(view.overview, one.today, days, chosen)
    lines = []
    for due in found:
        when = day_of.fromordinal(due.due)
        if due.is_item:
            item = view.overview.items[due.index]
            text = item_reminder(item[3], item[2], view.item_texts[due.index], when, due.days_left,
                                 item_state(view.overview, due))
        else:
            text = report_reminder(view.report_names[due.index], when, due.days_left)
        lines.append(for_display(f"[{view.label}] {text}"))
    return lines, sum(d.is_overdue for d in found)


def plan_view(one: Settings) -> PlanView:
    """One workspace plan's overview, from this machine's cache while it holds; the events its
    ledger sets aside said once, on stderr."""
    import os

    from ..cache.overview_cache import plan_view as cached_view
    from ..cache.plan_cache import location
    from ..render.labels import unit_report
    from ..storage.ledger import Ledger
    from .context import say_mismatches

    plan_id = one.workspace_id or ""
    one.check_workspace_file()  # a planted link is refused aloud, never followed
    files = Ledger(os.path.join(one.data_dir, plan_id), plan_id)
    view = cached_view(plan_id, location(one.plan_path, one.roster_file()), files, one.today, one.plan, one.ledger,
                       unit_report)
    if view.mismatches[0]:
        say_mismatches(view.plan_id, *view.mismatches)
    return view
