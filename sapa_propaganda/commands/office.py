"""One plan or the whole office: which plans a command covers, and its answer for each.

A read command covers the plan --plan names (or the only plan there is), else every active plan of
the office's workspace (`Settings.in_workspace`). Either way it gets a `PerPlan` from `each_plan`:
one part per plan, and, across the office, every part headed by its plan, a plan that cannot be
read named (the others are still shown; the exit code tells), and a plan without the unit or the
period asked for left out. The output layer (`output.py`) draws any of them the same way.

`status`, `remind`, `overdue` and `reports` across the office read each plan's cached overview
(`office_status`, `office_reminder_lines`, `office_overdue`, `office_reports`) instead of loading the
plans: cron runs them over a hundred plans daily.
"""

from __future__ import annotations

from ..core.results import PerPlan, WordedLines
from ..errors import SapaError, UsageError, to_stderr
from ..i18n import tr

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from ..core.datetime_types import date
    from ..core.model import Member, Plan, Unit
    from ..core.overview import Listing, OfficeListing, OfficeStatus, PlanView
    from .context import Settings

    Loaded = TypeVar("Loaded")  # a plan, or its view


def each_plan(s: Settings, kind: str, collect: Callable[[Settings, Plan], Any], *, unit: str | None = None,
              skip_errors: bool = False) -> PerPlan:
    """`collect`'s answer for each plan the command covers. Across the office, a plan that lacks
    the unit asked for (or, with `skip_errors`, refuses for any other reason: the period) is left
    out, and none answering is the usual error."""
    if not s.in_workspace:
        return one_plan(s, kind, collect)
    parts, skipped = _across_office(s, lambda one: one.plan(), collect, _plan_units, unit, skip_errors)
    return PerPlan(kind, parts, s.today, by_plan=True, skipped=skipped)


def _across_office(s: Settings, load: Callable[[Settings], Loaded], collect: Callable[[Settings, Loaded], Any],
                   units_of: Callable[[Settings], tuple[Unit, ...]], unit: str | None,
                   skip_errors: bool) -> tuple[list[tuple[Loaded, Any]], list[tuple[str, SapaError]]]:
    """`collect`'s answer for each active plan, as `load` reads it (the plan, or its overview),
    and the plans that could not be read; `units_of` gives a plan's units, to find `unit`."""
    if unit is not None:
        resolve_office_reporter(s, unit, units_of)  # a typo is named once, with the office's closest names
    parts: list[tuple[Loaded, Any]] = []
    refusals: list[tuple[str, UsageError]] = []
    skipped: list[tuple[str, SapaError]] = []
    for one in s.scope() if unit is None else _exact_first(s.scope(), unit, units_of):
        try:
            loaded = load(one)
        except SapaError as err:  # the other plans are still shown; the exit code tells
            skipped.append((one.plan_arg or "", office_wide(err)))
            continue
        try:
            parts.append((loaded, collect(one, loaded)))
        except UsageError as err:
            if unit is None and not skip_errors:
                raise
            refusals.append((one.workspace_id or "", err))
    if not parts and refusals:
        raise none_of_them(refusals)
    return parts, skipped


def _plan_units(one: Settings) -> tuple[Unit, ...]:
    return one.plan().units


def office_wide(err: SapaError) -> SapaError:
    """A plan's error, to be said and skipped; one that no plan can get past (a damaged roster, which
    every plan reads) stops the command instead, said once rather than for each plan."""
    if err.key in ("roster_damaged", "office_damaged", "office_unreadable"):
        raise err
    return err


def one_plan(s: Settings, kind: str, collect: Callable[[Settings, Plan], Any]) -> PerPlan:
    """`collect`'s answer for the one plan in use: --plan's, the default, or the only active one.
    A refusal names that plan, where the office has others (`in_plan`)."""
    plan = s.plan()
    try:
        return PerPlan(kind, [(plan, collect(s, plan))], s.today)
    except UsageError as err:
        raise in_plan(s, err) from None


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


def item_plan(s: Settings, typed: str, live: bool = False) -> tuple[Settings, str]:
    """The plan an item reference names, and the id within it. `PLAN:ID` (`kl93:1`; the plan by
    its id, number or a unique beginning) always works; a bare id refers to --plan, else to the
    default plan (`sapa plan use`) if it has it, else to the one active plan of the workspace that
    has it. An id in several lists them; an id in none is refused naming where it was looked for.
    `live`, for a write: an item a plan took out (`removed`) is not that plan's to write, so it
    makes no bare id ambiguous; where only removed ones have it, that plan refuses it as such."""

    plan_part, colon, rest = typed.partition(":")
    if colon and s.workspace.plan_ids():  # item ids hold no ':', so this names a plan
        one = s.for_plan(s.find_plan_id(plan_part.strip()), checked=True)
        _has_item(one, rest, named=True)
        return one, rest
    if not s.in_workspace:
        if s.workspace_id is not None:  # --plan names one of the office's plans
            _has_item(s, typed, named=True)
        return s, typed
    default = s.workspace.state().default
    holders = []
    for one in _default_first(s):
        found = _has_item(one, typed, keep_removed=not live)
        if found is None:
            continue
        if one.plan_arg == default:
            return one, typed
        holders.append((one, found))
    if not holders and live:  # only plans that took it out have it: the one that did refuses it
        return item_plan(s, typed)
    if len(holders) == 1:
        return holders[0][0], typed
    if holders:
        raise UsageError("workspace_ambiguous_item", id=typed,
                         options=", ".join(f"{one.plan_arg}:{found}" for one, found in holders))
    scope = s.scope()
    if len(scope) == 1 or default in s.workspace.active_ids():  # the one plan looked in: its refusal, named
        one = next(o for o in scope if o.plan_arg == default) if len(scope) > 1 else scope[0]
        _has_item(one, typed, named=True)
        return one, typed
    raise UsageError("unknown_item_anywhere", value=typed, suggest=_close_items(scope, typed))


def named_removed(one: Settings, err: UsageError) -> UsageError:
    """A refusal of an item the plan took out, pointing to its history as typed in this office
    (`PLAN:ID`, where a bare id may be another plan's)."""
    if err.key != "item_removed" or one.workspace_id is None or len(one.workspace.plan_ids()) < 2:
        return err
    return UsageError("item_removed", id=err.params["id"], ref=f"{one.workspace_id}:{err.params['id']}")


def undo_plan(s: Settings, event_id: str | None) -> Settings:
    """The plan an `undo` works in: --plan's; else the active plan whose ledger holds the event (or
    import) `event_id` begins; else the plan this machine last wrote to, as noted by every write
    (`storage.machine.last_write`); else as any command picks its plan (the default, or the one)."""
    if not s.in_workspace:
        return s
    active = s.workspace.active_ids()
    if event_id is not None and event_id.strip():
        from ..core.progress import find_step

        holders = []
        for one in s.scope():
            ledger = one.ledger()
            try:
                find_step(ledger.all_events(), ledger.read_batches(), event_id.strip())
            except UsageError as err:
                if err.key == "event_ambiguous":
                    holders.append(one)
                continue
            except SapaError:  # a plan whose ledger cannot be read: said if it is the one meant
                continue
            holders.append(one)
        if len(holders) == 1:
            return holders[0]
        if not holders:
            raise UsageError("no_such_event", id=event_id.strip(), hint="")
        return s  # the same beginning in two plans: --plan says which
    from ..storage.machine import last_write

    last = last_write(s.data_dir)
    return s.for_plan(last, checked=True) if last in active else s


def _has_item(one: Settings, typed: str, named: bool = False, keep_removed: bool = True) -> str | None:
    """The id of the item `typed` names in this plan (`keep_removed`: one it took out too), or None;
    `named`: refuse instead, naming the plan (and the plans that have it). A plan whose index
    cannot be built is refused as usual."""
    from ..core.matching import resolve_item_id

    index = one.plan_index()
    try:
        return resolve_item_id(index.kinds, typed, index.item_renames, index.removed, keep_removed=keep_removed)
    except UsageError as err:
        if named:
            raise in_plan(one, err) from None
        return None


def _close_items(scope: list[Settings], typed: str) -> list[str]:
    """The item ids closest to `typed` among all the plans', as `PLAN:ID`, the closest first."""
    from difflib import SequenceMatcher

    from ..core.text import close_matches, fold

    close: list[tuple[float, str]] = []
    for one in scope:
        try:
            found = close_matches(typed, list(one.plan_index().kinds))
        except SapaError:
            continue
        close += [(SequenceMatcher(None, fold(typed), fold(i)).ratio(), f"{one.plan_arg}:{i}") for i in found]
    return [name for _ratio, name in sorted(close, key=lambda pair: -pair[0])[:4]]


def _default_first(s: Settings) -> list[Settings]:
    """The active plans, the default one (`sapa plan use`) first."""
    default = s.workspace.state().default
    return sorted(s.scope(), key=lambda one: one.plan_arg != default)


def unit_plan(s: Settings, typed: str, period: str | None = None, *, report: bool = True,
              listing: bool = False) -> Settings:
    """The plan a unit or member names (`report`: a unit or a member that reports on its own,
    else a unit only), for a command that works in one plan: --plan's; else, of the active plans
    that have it, the only one; of several, those that ask the report of `period` when one is
    given, then the default plan (`sapa plan use`) or the only one. Several left: refused, naming
    them as `--plan ID`. In the plan chosen, the unit and the report are checked as the command
    would, and a refusal names the plan. `listing`: a listing narrowed to the default plan says so
    on stderr."""
    if not s.in_workspace:
        if s.workspace_id is not None:  # --plan names one of the office's plans
            _fits(s, typed, period, report)
        return s
    default = s.workspace.state().default
    holders: list[Settings] = []
    unknown: list[UsageError] = []
    for one in _default_first(s):
        try:
            _the_unit(one.plan(), typed, report)
        except UsageError as err:
            if err.key == "unknown_unit":
                unknown.append(err)
                continue
        except SapaError:  # a plan that cannot be read: said when it is used
            continue
        holders.append(one)
    if not holders:
        closed = [one for one in s.scope(every=True) if one.plan_arg not in s.workspace.active_ids()
                  and _unit_in(one, typed)]
        if closed and listing:  # only a closed plan has it: that plan's duties are still there to read
            return closed[0]
        for one in closed:  # a write to it: refused as the plan is closed, saying how to reopen it
            s.check_writable(one.plan_arg or "")
        close = list(dict.fromkeys(c for err in unknown for c in err.params.get("suggest", [])))
        raise UsageError("unknown_unit_anywhere", value=typed, suggest=close[:3])
    holders = _exact_first(holders, typed)
    if len(holders) > 1:
        fitting, refusals = [], []
        for one in holders:
            try:
                _fits(one, typed, period, report, open_report=False, named=False)
            except UsageError as err:
                if err.key not in _HAS_IT_BUT:
                    refusals.append((one.plan_arg or "", err))
                    continue
            fitting.append(one)
        if not fitting:
            raise none_of_them(refusals)
        if len(fitting) > 1 and default not in [one.plan_arg for one in fitting]:
            raise UsageError("workspace_ambiguous_unit", value=typed,
                             options=", ".join(f"--plan {one.plan_arg}" for one in fitting))
        if listing and len(fitting) > 1:
            say_default_only(s, [one.plan_arg or "" for one in fitting[1:]])
        chosen = fitting[0]  # the default, when it is one of them: it comes first
    else:
        chosen = holders[0]
    _fits(chosen, typed, period, report)
    return chosen


def _exact_first(scope: list[Settings], typed: str,
                 units_of: Callable[[Settings], tuple[Unit, ...]] = _plan_units) -> list[Settings]:
    """Of the plans that have a unit as typed, those naming it most exactly (`how_exactly`), when
    some name it exactly: `chi-bo`, the roster's id, is that unit, not `chi-dang-bo` of a plan
    whose alias 'chi bộ' folds to the same letters."""
    from ..core.matching import how_exactly

    ranked = []
    for one in scope:
        try:
            ranked.append((how_exactly(units_plan(one, units_of(one)), typed), one))
        except SapaError:
            ranked.append((0, one))  # said when it is used
    best = max((rank for rank, _one in ranked), default=0)
    return [one for rank, one in ranked if rank == best] if best else scope


# Refusals of a plan that has the report asked for, but needs more said: which unit, or which member.
_HAS_IT_BUT = ("ambiguous_unit", "report_per_member", "report_per_member_all", "member_reports_with_unit")


def _the_unit(plan: Plan, typed: str, report: bool) -> tuple[Unit, Member | None]:
    from ..core.matching import resolve_reporter, resolve_unit

    return resolve_reporter(plan, typed) if report else (resolve_unit(plan, typed), None)


def _fits(one: Settings, typed: str, period: str | None, report: bool, *, open_report: bool = True,
          named: bool = True) -> None:
    """Whether this plan has the unit and, for a report, the report of `period` from it (without
    one, `open_report`: one report open); refused as the command itself would, naming the plan
    (`named`)."""
    from ..core.deadlines import check_submission, only_open_period, plan_period

    plan = one.plan()
    try:
        found, member = _the_unit(plan, typed, report)
        member_id = member.id if member else ""
        if report and period is not None:
            check_submission(plan, found.id, plan_period(plan, period, one.today), member_id, state=one.state)
        elif report and open_report:
            only_open_period(plan, one.state(), found.id, one.today, member_id)
    except UsageError as err:
        raise in_plan(one, err) if named else err from None


def in_plan(one: Settings, err: UsageError) -> UsageError:
    """A refusal from the one plan a command looked in, naming that plan where the office has
    several; a unit or an item it lacks, with the active plans that have it."""
    plan_id = one.workspace_id
    if plan_id is None or len(one.workspace.plan_ids()) < 2 or err.key in _NAMING_PLANS:
        return err
    value = str(err.params.get("value", ""))
    others = [one.for_plan(i, checked=True) for i in one.workspace.active_ids() if i != plan_id]
    if err.key == "unknown_unit":
        having = [f"--plan {o.plan_arg}" for o in others if _unit_in(o, value)]
        return UsageError("unknown_unit_in_plan", value=value, plan=plan_id, suggest=err.params.get("suggest", []),
                          elsewhere=tr("found_elsewhere", options=", ".join(having)) if having else "")
    if err.key == "unknown_item":
        items = [(o, _item_in(o, value)) for o in others]
        having = [f"{o.plan_arg}:{found}" for o, found in items if found]
        return UsageError("unknown_item_in_plan", value=value, plan=plan_id, suggest=err.params.get("suggest", []),
                          elsewhere=tr("found_elsewhere", options=", ".join(having)) if having else "")
    return UsageError("refused_in_plan", plan=plan_id, what=str(err))


_NAMING_PLANS = ("unknown_unit_in_plan", "unknown_item_in_plan", "refused_in_plan", "workspace_none_answers",
                 "workspace_ambiguous_item", "workspace_ambiguous_unit", "workspace_ambiguous_plan",
                 "workspace_no_plan", "workspace_which_plan")


def _unit_in(one: Settings, typed: str) -> bool:
    """Whether this plan has the unit or member `typed` (a plan that cannot be read has none)."""
    try:
        _the_unit(one.plan(), typed, True)
    except SapaError:
        return False
    return True


def _item_in(one: Settings, typed: str) -> str | None:
    """The id of the item `typed` names in this plan, or None (also where it cannot be read)."""
    try:
        return _has_item(one, typed)
    except SapaError:
        return None


def say_default_only(s: Settings, others: list[str] | None = None) -> None:
    """A listing of the default plan alone where the office has other active plans (`others`: those
    that would answer too): said on stderr, in one line, so that the clerk knows what is left out."""
    if not s.in_workspace:
        return
    default = s.workspace.state().default
    if others is None:
        others = [i for i in s.workspace.active_ids() if i != default] if default in s.workspace.plan_ids() else []
    if others:
        to_stderr("sapa: " + tr("default_plan_only", id=default, others=", ".join(f"--plan {i}" for i in others)))


# ---- the office's units --------------------------------------------------------------------

def office_units(s: Settings, every: bool = False,
                 units_of: Callable[[Settings], tuple[Unit, ...]] = _plan_units) -> dict[str, Unit]:
    """The office's units by id: the roster's, then those of each active plan (`every`: closed ones
    too; outside a workspace, the plan in use) that the roster lacks. A plan that cannot be read
    is passed over: the command that needs it says why."""
    from ..storage.roster import load_roster

    units: dict[str, Unit] = {u.id: u for u in load_roster(s.data_dir).units}
    for one in s.scope(every=every):
        try:
            units.update({u.id: u for u in units_of(one) if u.id not in units})
        except SapaError:
            continue
    return units


def readable_plans(s: Settings, left_out: frozenset[str] | set[str] = frozenset()) -> list[Plan]:
    """The active plans (outside a workspace, the plan in use) that can be read, but those `left_out`
    (said skipped already); one that cannot be read is said by the command that needs it."""
    plans = []
    for one in s.scope():
        if one.plan_arg in left_out:
            continue
        try:
            plans.append(one.plan())
        except SapaError:
            continue
    return plans


def resolve_office_unit(s: Settings, typed: str, every: bool = False) -> Unit:
    """A unit as typed, among the office's; else the usual error, with the closest names of all."""
    from ..core.matching import resolve_unit
    from ..core.model import Plan as PlanModel

    units = tuple(office_units(s, every).values())
    return resolve_unit(PlanModel("office", "", "", s.today, s.today, units, ()), typed)


def resolve_office_reporter(s: Settings, typed: str, units_of: Callable[[Settings], tuple[Unit, ...]] = _plan_units
                            ) -> tuple[Unit, Member | None]:
    """A unit, or a member that reports on its own ("hau thao"), as typed, among the office's: the
    roster's units and every active plan's, each with the members it has in any of them; else the
    usual error, with the closest names of all."""
    from ..core.matching import resolve_reporter
    from ..core.model import Plan as PlanModel

    units = office_units(s, units_of=units_of)
    renamed: set[str] = set()  # the roster's units a plan renamed: that plan's unit is the one to find
    current: set[str] = set()
    for one in s.scope():
        try:
            plan_units = units_of(one)
        except SapaError:
            continue
        for unit in plan_units:
            renamed.update(unit.renamed_from)
            current.add(unit.id)
            known = units.get(unit.id)
            if known is None:
                continue
            extra = tuple(m for m in unit.members if all(m.id != k.id for k in known.members))
            if extra:
                units[unit.id] = known.replace(members=(*known.members, *extra))
    left = tuple(u for u in units.values() if u.id not in renamed - current)
    return resolve_reporter(PlanModel("office", "", "", s.today, s.today, left, ()), typed)


def reporter_in_plan(plan: Plan, typed: str) -> tuple[str, str] | None:
    """The unit id and member id ("" for the unit itself) `typed` names in this plan, or None."""
    from ..core.matching import resolve_reporter

    try:
        unit, member = resolve_reporter(plan, typed)
    except UsageError:
        return None
    return unit.id, member.id if member else ""


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
    from ..core.matching import resolve_reporter

    def of_plan(one: Settings, plan: Plan) -> list[Reminder]:
        chosen, member = resolve_reporter(plan, unit) if unit is not None else (None, None)
        return [r for r in reminders(plan, one.state(), one.today, days)
                if chosen is None or r.concerns(chosen.id, member.id if member else "")]

    return each_plan(s, "reminders", of_plan, unit=unit)


def overdue_count(found: PerPlan | WordedLines) -> int:
    if isinstance(found, PerPlan):
        return sum(r.is_overdue for _plan, rows in found.parts for r in rows)
    return found.overdue


# ---- from each plan's overview -------------------------------------------------------------

def office_status(s: Settings) -> OfficeStatus:
    """Each active plan's block (its nearest deadline, what is overdue), then what each unit owes
    across them all: merged where the plans' units are the roster's, else plan by plan."""
    from ..core.overview import office_status as status_of
    from ..storage.roster import load_roster

    views: list[PlanView] = []
    skipped: list[tuple[str, SapaError]] = []
    for one in s.scope():
        try:
            views.append(plan_view(one))
        except SapaError as err:  # the other plans are still shown; the exit code tells
            skipped.append((one.plan_arg or "", office_wide(err)))
    roster = {unit.id: unit.label for unit in load_roster(s.data_dir).units}
    return status_of(views, s.today, roster, skipped)


def office_reminder_lines(s: Settings, days: int | None, unit: str | None) -> WordedLines:
    """The office's cron lines: every active plan's reminders, each line naming its plan, worded
    from each plan's overview as `reminders` and `reminder_line` word them."""
    views = _Views(listed=unit is not None)  # the listing holds the plan's units whole
    if unit is not None:
        resolve_office_reporter(s, unit, views.units)
    lines: list[str] = []
    overdue = 0
    skipped: list[tuple[str, SapaError]] = []
    for one in s.scope():
        try:  # one broken plan must not silence the others' reminders
            found, late = _reminder_lines(one, views, days, unit)
        except SapaError as err:
            skipped.append((one.plan_arg or "", office_wide(err)))
            continue
        finally:
            views.forget(one)  # its lines are all it is needed for: a hundred views held cost 4 MB and time
        lines += found
        overdue += late
    return WordedLines(lines, "col_reminder", overdue, skipped)


def _reminder_lines(one: Settings, views: _Views, days: int | None, unit: str | None) -> tuple[list[str], int]:
    from ..core.datetime_types import date as day_of
    from ..core.overview import item_state, reminders_of
    from ..core.text import for_display
    from ..render.labels import item_reminder, report_reminder

    view = views.said(one)
    chosen = reporter_in_plan(units_plan(one, views.units(one)), unit) if unit is not None else None
    if unit is not None and chosen is None:
        return [], 0  # a unit this plan does not have
    found = reminders_of(view.overview, one.today, days, *(chosen or (None, "")))
    count = _working_counter(view)
    lines = []
    for due in found:
        when = day_of.fromordinal(due.due)
        working = count(one.today, when) if count is not None else None
        if due.is_item:
            item = view.overview.items[due.index]
            text = item_reminder(item[3], item[2], view.item_texts[due.index], when, due.days_left,
                                 item_state(view.overview, due), view.overview.notes.get(item[2], ""), working)
        else:
            text = report_reminder(view.report_names[due.index], when, due.days_left, working)
        lines.append(for_display(f"[{view.label}] {text}"))
    return lines, sum(d.is_overdue for d in found)


def from_overviews(s: Settings, paper: bool) -> bool:
    """Whether a listing is drawn from each plan's overview (`office_overdue`, `office_reports`):
    across the office, but for a paper, which is drawn from the plans."""
    return s.in_workspace and not paper


def office_overdue(s: Settings, unit: str | None) -> OfficeListing:
    """`overdue` across the office from each plan's overview, as `each_plan` covers the plans:
    what is past due in each, a unit's (`--unit`) only where one is named."""
    from ..core.matching import resolve_unit
    from ..core.overview import OfficeListing, overdue_lines

    views = _Views(listed=True)

    def of_plan(one: Settings, view: PlanView) -> Any:
        chosen = resolve_unit(units_plan(one, views.units(one)), unit).id if unit is not None else None
        return overdue_lines(view.overview, one.today, chosen)

    parts, skipped = _across_office(s, views.said, of_plan, views.units, unit, False)
    return OfficeListing("overdue", s.today, [(view, _listing(view), found) for view, found in parts], skipped)


def office_reports(s: Settings, unit: str | None, overdue_only: bool, include_future: bool) -> OfficeListing:
    """`reports` (of no one period) across the office from each plan's overview, as `each_plan`
    covers the plans: a unit's, or a member's own (`--unit`), only where one is named."""
    from ..core.matching import resolve_reporter
    from ..core.overview import OfficeListing, report_lines

    views = _Views(listed=True)

    def of_plan(one: Settings, view: PlanView) -> Any:
        found, member = resolve_reporter(units_plan(one, views.units(one)), unit) if unit is not None else (None, None)
        return report_lines(view.overview, _listing(view), one.today, found.id if found is not None else None,
                            member.id if member else "", overdue_only, include_future)

    parts, skipped = _across_office(s, views.said, of_plan, views.units, unit, False)
    return OfficeListing("reports", s.today, [(view, _listing(view), found) for view, found in parts], skipped)


def _listing(view: PlanView) -> Listing:
    assert view.listing is not None  # `_Views(listed=True)` reads every view with its listing
    return view.listing


class _Views:
    """Each plan's overview (`listed`: with its listing), read once for all a command asks of it:
    its units to find `--unit` among, then its part of the listing. The events its ledger sets
    aside are said as its part is made, as the plan's state says them (`Settings.state`), not when
    the units are looked at."""

    def __init__(self, listed: bool = False) -> None:
        self.listed = listed
        self.read: dict[str, PlanView | SapaError] = {}
        self.decoded: dict[str, tuple[Unit, ...]] = {}  # each plan's units, decoded once

    def view(self, one: Settings) -> PlanView:
        key = one.plan_arg or ""
        found = self.read.get(key)
        if found is None:
            try:
                found = plan_view(one, say=False, listed=self.listed)
            except SapaError as err:
                found = err
            self.read[key] = found
        if isinstance(found, SapaError):
            raise found
        return found

    def said(self, one: Settings) -> PlanView:
        view = self.view(one)
        say_set_aside(view)
        return view

    def forget(self, one: Settings) -> None:
        self.read.pop(one.plan_arg or "", None)
        self.decoded.pop(one.plan_arg or "", None)

    def units(self, one: Settings) -> tuple[Unit, ...]:
        """The plan's units whole, from its listing; from the plan where there is none to read."""
        from ..cache.overview_cache import units_of

        key = one.plan_arg or ""
        if key not in self.decoded:
            found = units_of(_listing(self.view(one))) if self.listed else None
            self.decoded[key] = found if found is not None else one.plan().units
        return self.decoded[key]


def units_plan(one: Settings, units: tuple[Unit, ...]) -> Plan:
    """A plan of `units` alone, for finding a unit or a member among them as in the plan itself."""
    from ..core.model import Plan as PlanModel

    return PlanModel(one.workspace_id or "", "", "", one.today, one.today, units, ())


def _working_counter(view: PlanView) -> Callable[[date, date], int] | None:
    """How a plan that counts working days (`count_days = "working"`) counts them, from its view;
    None for one that does not."""
    if view.working is None:
        return None
    from ..core.workdays import from_plain, working_days_between

    calendar = from_plain(view.working)
    return lambda today, due: working_days_between(calendar, today, due)


def plan_view(one: Settings, say: bool = True, listed: bool = False) -> PlanView:
    """One workspace plan's overview (`listed`: with its listing), from this machine's cache while
    it holds; the events its ledger sets aside said once, on stderr (`say`; else by the caller,
    `say_set_aside`)."""
    import os

    from ..cache.overview_cache import plan_view as cached_view
    from ..render.labels import period_name, report_words
    from ..storage.ledger import Ledger

    plan_id = one.workspace_id or ""
    one.check_workspace_file()  # a planted link is refused aloud, never followed
    files = Ledger(os.path.join(one.data_dir, plan_id), plan_id)
    view = cached_view(plan_id, one.plan_location(), files, one.today, one.plan, one.ledger,
                       (report_words, period_name), listed)
    if say:
        say_set_aside(view)
    return view


def say_set_aside(view: PlanView) -> None:
    if view.mismatches[0]:
        from .context import say_mismatches

        say_mismatches(view.plan_id, *view.mismatches)
