"""The office's workspace on the command line: adding, closing and choosing plans, the roster,
and the read commands across every active plan (`status`, `overdue`, `reports`, `remind`,
`checklist`, import of a whole workspace).

`commands.py` hands a command here when no --plan narrows it and plans have been added
(`Settings.in_workspace`). Every row or line names its plan; a plan that cannot be read is named
on stderr, the others are still shown, and the exit code is that plan's (`errors.PlansSkipped`).
"""

from __future__ import annotations

import os
import sys

from ..errors import UsageError
from ..i18n import tr
from ..render import pick_renderer
from .single import (
    OFFICE_FORMATS,
    ledger_disagreements,
    listing_format,
    parse_date,
    plan_label,
    say_disagreements,
    tsv_to_csv,
    write_output,
)

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from pathlib import Path
    from typing import Any

    from _typeshed import StrPath

    from ..core.model import Plan, Unit
    from ..errors import SapaError
    from .context import Settings


def listing_across(s: Settings, as_json: bool, output: StrPath | None, unit: str | None,
                   collect: Callable[[Settings, Plan], Any], *, draw: Callable[[Any, Plan, Any], None],
                   is_empty: Callable[[Any], bool], to_json: Callable[[Any], Any], empty_key: str,
                   skip_errors: bool = False) -> None:
    """A listing over every active plan of the workspace, every row naming its plan: one table
    with a first column for the plan in plain text and CSV, a block per plan in a terminal, and a
    `plan` key on every JSON row. A plan that lacks the unit asked for (or, with `skip_errors`,
    the period) is left out; none having it is the usual error."""
    from ..errors import SapaError

    fmt = _format_across(as_json, output)
    parts: list[tuple[Plan, Any]] = []
    refusals: list[tuple[str, UsageError]] = []
    problems: list[tuple[str, SapaError]] = []
    if unit is not None:
        _unit_somewhere(s, unit)  # a typo is named once, with the office's closest names
    for one in s.scope():
        try:
            plan = one.plan()
        except SapaError as err:  # the other plans are still shown; the exit code tells
            problems.append((one.plan_arg or "", err))
            continue
        try:
            payload = collect(one, plan)
        except UsageError as err:
            if unit is None and not skip_errors:
                raise
            refusals.append((plan.id, err))
            continue
        parts.append((plan, payload))
    if not parts and refusals:
        raise none_of_them(refusals)
    if fmt == "json":
        import json

        merged: Any = None
        for plan, payload in parts:
            data = to_json(payload)
            if isinstance(data, dict):
                merged = merged or {key: [] for key in data}
                for key, rows in data.items():
                    merged[key] += [{"plan": plan.id, **row} for row in rows]
            else:
                merged = (merged or []) + [{"plan": plan.id, **row} for row in data]
        text = json.dumps(merged if merged is not None else [], ensure_ascii=False, indent=2) + "\n"
        if output is None:
            sys.stdout.write(text)
        else:
            write_output(text.encode("utf-8"), output)
        _finish(problems)
        return
    import io

    from ..render import wants_rich

    shown = [(plan, payload) for plan, payload in parts if not is_empty(payload)]
    if output is None and wants_rich(s.rich, sys.stdout):
        renderer = pick_renderer(False, True)
        for plan, payload in shown:
            renderer.message(f"{plan_label(plan)} — {plan.title}")
            draw(renderer, plan, payload)
        if not shown:
            renderer.message(tr(empty_key))
        _finish(problems)
        return
    from ..render.plain import PlainRenderer

    buffer = io.StringIO()
    plain = PlainRenderer(buffer)
    for plan, payload in shown:
        plain.plan_column = plan_label(plan)
        draw(plain, plan, payload)
    if not shown:
        plain.line(tr(empty_key))
    text = buffer.getvalue()
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(tsv_to_csv(text) if fmt == "csv" else text.encode("utf-8"), output)
    _finish(problems)


def import_workspace(s: Settings, source: Path, documents: list[dict[str, Any]]) -> None:
    """Every plan's events into its ledger; a plan the workspace lacks is named, and nothing is
    imported until every plan of the file is known."""
    import json
    import pathlib
    import tempfile

    from . import actions
    now = s.now

    known = s.workspace.plan_ids()
    missing = [str(d.get("plan")) for d in documents if d.get("plan") not in known]
    if missing:
        raise UsageError("workspace_import_unknown", path=os.fspath(source), plans=", ".join(missing),
                         known=", ".join(known) or "—")
    from ..storage.foreign import read_foreign_events

    renderer = pick_renderer(False, s.rich)
    with tempfile.TemporaryDirectory() as folder:
        parts = []
        for document in documents:  # every plan's events checked before any is written
            one = s.for_plan(str(document["plan"]))
            part = pathlib.Path(folder) / str(document["plan"]) / source.name  # named as the user's file
            part.parent.mkdir()
            part.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            index = one.plan_index()
            try:
                read_foreign_events(part, index.plan_id, index.target_problem, index.start)
            except UsageError as err:
                raise UsageError("import_bad_file", where=f"{source} ({document['plan']})",
                                 reason=err.params.get("reason", str(err))) from None
            parts.append((one, part, document))
        for one, part, document in parts:
            result = actions.import_ledger(one.plan(), one.ledger(), part, now=now)
            renderer.message(f"[{document['plan']}] " + tr("imported", source=source.name, added=result.added,
                                                          already=result.already, total=result.total))


def status_across(s: Settings, as_json: bool, output: StrPath | None) -> None:
    """One block per active plan (its nearest deadline, what is overdue), then what each unit still
    owes across them all; from each plan's overview, as `remind` reads it."""
    from datetime import date as day_of

    from ..cache.overview_cache import plan_view
    from ..core.overview import item_state, standing_of
    from ..core.text import shorten
    from ..errors import SapaError
    from ..render.labels import days_left
    from .context import say_mismatches

    fmt = _format_across(as_json, output)
    blocks = []
    owed: dict[str, list[int]] = {}  # unit id -> [reports outstanding, plans they are owed in]
    problems: list[tuple[str, SapaError]] = []
    for one in s.scope():
        try:
            view = plan_view(one)
        except SapaError as err:  # the other plans are still shown; the exit code tells
            problems.append((one.plan_arg or "", err))
            continue
        if view.mismatches[0]:
            say_mismatches(view.plan_id, *view.mismatches)
        standing = standing_of(view.overview, s.today)
        blocks.append((view, standing))
        for unit_id, count in standing.outstanding.items():
            tally = owed.setdefault(unit_id, [0, 0])
            tally[0] += count
            tally[1] += 1

    def next_of(view: Any, due: Any) -> dict[str, Any] | None:
        if due is None:
            return None
        when = day_of.fromordinal(due.due)
        if due.is_item:
            item = view.overview.items[due.index]
            what = tr("next_item", kind=tr("kind_" + item[3]), id=item[2], text=shorten(view.item_texts[due.index], 60))
            return {"kind": "item", "id": item[2], "due": when.isoformat(), "days": due.days_left, "what": what,
                    "state": item_state(view.overview, due)}
        return {"kind": "report", "unit": view.overview.reports[due.index][2],
                "member": view.overview.reports[due.index][3] or None, "due": when.isoformat(),
                "days": due.days_left, "what": view.report_names[due.index]}

    if fmt == "json":
        import json

        data = {"today": s.today.isoformat(),
                "plans": [{"plan": v.plan_id, "label": v.label, "title": v.title,
                           "next_deadline": next_of(v, st.next_due), "overdue_reports": st.overdue_reports,
                           "overdue_items": st.overdue_items, "outstanding": st.outstanding} for v, st in blocks],
                "units": [{"unit": u, "reports_outstanding": n, "plans": p} for u, (n, p) in owed.items()]}
        write_output((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), output)
        _finish(problems)
        return
    from ..core.dates import format_date

    out = [f"{tr('dash_today')}: {format_date(s.today)}", ""]
    for view, standing in blocks:
        found = next_of(view, standing.next_due)
        nearest = (f"{format_date(day_of.fromisoformat(found['due']))} ({days_left(found['days'])}) — {found['what']}"
                   if found else tr("dash_none"))
        out += [f"== {view.label} — {view.title}", f"{tr('dash_next')}: {nearest}",
                f"{tr('col_overdue')}: " + tr("dash_overdue", reports=standing.overdue_reports,
                                              items=standing.overdue_items), ""]
    out.append(tr("workspace_totals") + ":")
    names = _unit_names(s)
    out += [tr("workspace_unit_owes", unit=names.get(u, u), count=n, plans=p) for u, (n, p) in owed.items()]
    if not owed:
        out.append(tr("workspace_nothing_owed"))
    from ..core.text import for_display

    text = "".join(for_display(line) + "\n" for line in out)
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(tsv_to_csv(text) if fmt == "csv" else text.encode("utf-8"), output)
    _finish(problems)


def _unit_names(s: Settings) -> dict[str, str]:
    """The units' short names, for the totals: the roster's, else the first plan's naming them."""
    return {unit_id: unit.label for unit_id, unit in _office_units(s).items()}


def checklist_across(s: Settings, period: str | None, unit: str | None, due: str | None, fmt: str,
                     output: StrPath | None) -> None:
    """The checklists of every active plan that has the period (or anything due by the date),
    one after another, each under its plan's name."""
    from ..core.daily import checklist as make_checklist
    from ..core.daily import checklist_by_deadline
    from ..core.deadlines import plan_period
    from ..core.matching import resolve_unit
    from ..errors import SapaError
    from ..render.checklist_text import render_checklist

    texts = []
    refusals: list[tuple[str, UsageError]] = []
    problems: list[tuple[str, SapaError]] = []
    for one in s.scope():
        try:
            plan = one.plan()
        except SapaError as err:  # the other plans are still shown; the exit code tells
            problems.append((one.plan_arg or "", err))
            continue
        try:
            chosen = resolve_unit(plan, unit) if unit is not None else None
            if due is not None:
                found = checklist_by_deadline(plan, one.state(), s.today, parse_date(due), chosen)
            else:
                found = make_checklist(plan, one.state(), s.today, plan_period(plan, period or "", s.today), chosen)
        except UsageError as err:
            refusals.append((plan.id, err))
            continue
        texts.append(f"{tr('col_plan')}: {plan_label(plan)}\n\n{render_checklist(found, fmt)}")
    if not texts and refusals:
        raise none_of_them(refusals)
    write_output("\n".join(texts).encode("utf-8"), output)
    _finish(problems)


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


def _overview_reminders(one: Settings, days: int | None, unit: str | None) -> tuple[list[str], int]:
    """One plan's reminder lines, each naming the plan, and how many are overdue: what
    `reminders` and `reminder_line` give, from the plan's overview."""
    from datetime import date as day_of

    from ..cache.overview_cache import plan_view
    from ..core.overview import item_state, reminders_of
    from ..core.text import for_display
    from ..render.labels import item_reminder, report_reminder
    from .context import say_mismatches

    view = plan_view(one)
    if view.mismatches[0]:
        say_mismatches(view.plan_id, *view.mismatches)
    chosen = _unit_in_plan(one.plan(), unit) if unit is not None else None
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


def remind_across(s: Settings, days: int | None, unit: str | None, fail_on_overdue: bool,
                  output: StrPath | None) -> None:
    """One cron line for the whole office: every active plan's reminders, each line naming its plan.
    The lines come from each plan's overview (overview_cache.py); JSON rows need the whole plan."""
    from ..core.daily import reminders
    from ..errors import OverdueFound, SapaError
    from ..render.json_out import reminder_json

    fmt = _format_across(False, output)
    lines: list[str] = []
    rows: list[dict[str, object]] = []
    overdue_count = 0
    problems: list[tuple[str, SapaError]] = []
    if unit is not None:
        _unit_somewhere(s, unit)
    for one in s.scope():
        try:  # one broken plan must not silence the others' reminders
            if fmt != "json":
                found_lines, late = _overview_reminders(one, days, unit)
                lines += found_lines
                overdue_count += late
                continue
            plan = one.plan()
            found = reminders(plan, one.state(), s.today, days)
        except SapaError as err:
            problems.append((one.plan_arg or "", err))
            continue
        chosen = _unit_in_plan(plan, unit)
        if unit is not None and chosen is None:
            continue  # a unit this plan does not have
        found = [r for r in found if chosen is None or r.concerns(chosen)]
        rows += [{"plan": plan.id, **reminder_json(r)} for r in found]
        overdue_count += sum(r.is_overdue for r in found)
    text = "".join(line + "\n" for line in lines)
    if fmt == "json":
        import json

        write_output((json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), output)
    elif fmt == "csv":
        write_output(tsv_to_csv(tr("col_reminder") + "\n" + text.replace("\t", " ")), output)
    elif output is not None:
        write_output(text.encode("utf-8"), output)
    else:
        sys.stdout.write(text)
    _finish(problems)  # worse than anything overdue: cron must hear of a plan it could not read
    if fail_on_overdue and overdue_count:
        raise OverdueFound("overdue_found", count=overdue_count)


def _unit_in_plan(plan: Plan, typed: str | None) -> str | None:
    """The id of the unit `typed` names in this plan, or None (none typed, or the plan lacks it)."""
    if typed is None:
        return None
    from ..core.matching import resolve_unit

    try:
        return resolve_unit(plan, typed).id
    except UsageError:
        return None


def _say_problems(problems: list[tuple[str, SapaError]]) -> None:
    """Why each skipped plan could not be read, one line each (a plan's own may be several)."""
    for plan_id, err in problems:
        for line in str(err).splitlines():
            sys.stderr.write(f"sapa: [{plan_id}] {line}\n")


def _format_across(as_json: bool, output: StrPath | None) -> str | None:
    """The output's form, decided before any plan is read: the file's suffix, else --json. A Word
    or Excel paper is one plan's, so it is refused here."""
    fmt = listing_format(output) if output is not None else ("json" if as_json else None)
    if fmt in OFFICE_FORMATS:
        raise UsageError("workspace_one_plan_paper", path=os.fspath(output or ""))
    return fmt


def _finish(problems: list[tuple[str, SapaError]]) -> None:
    """After the output: why each skipped plan could not be read, and an exit code that says so."""
    from ..errors import PlansSkipped

    _say_problems(problems)
    if problems:
        raise PlansSkipped(problems)


def _office_units(s: Settings, every: bool = False) -> dict[str, Unit]:
    """The office's units by id: the roster's, then those of each active plan (`every`: closed ones
    too; outside a workspace, the plan in use) that the roster lacks. A plan that cannot be read
    is passed over: the command that needs it says why."""
    from ..errors import SapaError
    from ..storage.roster import load_roster

    units: dict[str, Unit] = {u.id: u for u in load_roster(s.data_dir).units}
    for one in s.scope(every=every):
        try:
            units.update({u.id: u for u in one.plan().units if u.id not in units})
        except SapaError:
            continue
    return units


def _resolve_office_unit(s: Settings, typed: str, every: bool = False) -> Unit:
    """A unit as typed, among the office's; else the usual error, with the closest names of all."""
    from ..core.matching import resolve_unit
    from ..core.model import Plan as PlanModel

    units = tuple(_office_units(s, every).values())
    return resolve_unit(PlanModel("office", "", "", s.today, s.today, units, ()), typed)


def _unit_somewhere(s: Settings, typed: str) -> None:
    """A unit typed for the office must be one of some active plan's, or of the roster."""
    _resolve_office_unit(s, typed)


def plan_add(s: Settings, *, file: StrPath, replace: bool) -> None:
    from ..storage.plan_loader import load_plan
    from ..storage.roster import load_roster
    from ..storage.safe_files import open_regular

    # Every problem, with its file:line, before anything is copied; the roster's units count.
    plan = load_plan(os.fspath(file), load_roster(s.data_dir).units)
    target = s.workspace.add(open_regular(os.path.realpath(file)), plan.id, replace)
    key = "workspace_replaced" if replace else "workspace_added"
    pick_renderer(False, s.rich).message(tr(key, id=plan.id, title=plan.title, path=target))
    say_disagreements(ledger_disagreements(s, plan))  # installed all the same: nothing is lost


def plan_list(s: Settings, *, as_json: bool) -> None:
    from ..core.daily import dashboard
    from ..core.dates import format_date
    from ..errors import SapaError

    workspace = s.workspace
    state = workspace.state()
    rows: list[dict[str, Any]] = []
    for plan_id in workspace.plan_ids():
        one = s.for_plan(plan_id)
        try:
            plan = one.plan()
            board = dashboard(plan, one.state(), s.today)
        except SapaError as err:
            rows.append({"id": plan_id, "problem": str(err)})
            continue
        closed = state.closed.get(plan_id)
        standing = "closed" if closed else ("ended" if s.today > plan.end else "active")
        open_count = sum(u.reports_owed - u.reports_received for u in board.units)
        rows.append({"id": plan.id, "number": plan.number, "title": plan.title, "start": plan.start.isoformat(),
                     "end": plan.end.isoformat(), "state": standing, "default": plan_id == state.default,
                     "overdue": board.overdue_reports + board.overdue_items, "open_reports": open_count,
                     "note": closed.note if closed else ""})
    if as_json:
        import json

        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        sys.stdout.write(tr("workspace_empty") + "\n")
        return
    from ..core.text import for_display

    sys.stdout.write("\t".join(tr(k) for k in ("col_id", "col_number", "col_plan_title", "col_span", "col_state",
                                               "col_open", "col_overdue")) + "\n")
    for row in rows:
        if "problem" in row:
            sys.stdout.write(f"{row['id']}\t\t{for_display(str(row['problem']))}\n")
            continue
        span = f"{format_date(_iso(row['start']))} – {format_date(_iso(row['end']))}"
        standing = tr(f"plan_state_{row['state']}") + (f" ({tr('plan_default')})" if row["default"] else "")
        sys.stdout.write("\t".join([str(row["id"]), for_display(str(row["number"])),
                                    for_display(str(row["title"])), span, standing,
                                    str(row["open_reports"]), str(row["overdue"])]) + "\n")


def _iso(value: object) -> date:
    from datetime import date as date_type

    return date_type.fromisoformat(str(value))


def plan_close(s: Settings, *, plan_id: str, note: str | None) -> None:
    from ..core.text import clean_input

    if not clean_input(note or ""):
        raise UsageError("workspace_close_needs_note", id=plan_id)
    s.workspace.close(plan_id, s.today, clean_input(note or ""))
    pick_renderer(False, s.rich).message(tr("workspace_closed", id=plan_id))


def plan_reopen(s: Settings, *, plan_id: str) -> None:
    s.workspace.reopen(plan_id)
    pick_renderer(False, s.rich).message(tr("workspace_reopened", id=plan_id))


def plan_remove(s: Settings, *, plan_id: str) -> None:
    s.workspace.remove(plan_id)
    kept = os.path.join(os.path.realpath(s.data_dir), plan_id)
    pick_renderer(False, s.rich).message(tr("workspace_removed", id=plan_id, ledger=kept))


def plan_use(s: Settings, *, plan_id: str | None, clear: bool = False) -> None:
    if clear == (plan_id is not None):
        raise UsageError("workspace_use_one")
    if plan_id is None:
        s.workspace.clear_default()
        pick_renderer(False, s.rich).message(tr("workspace_no_default"))
        return
    if plan_id in s.workspace.state().closed:
        raise UsageError("workspace_use_closed", id=plan_id)
    s.workspace.use(plan_id)
    pick_renderer(False, s.rich).message(tr("workspace_default", id=plan_id))


def _roster_unit(s: Settings, typed: str) -> Unit:
    """A unit as typed, among the roster's and every plan's: the roster is the office's."""
    return _resolve_office_unit(s, typed, every=True)


def roster_add_unit(s: Settings, *, unit_id: str, name: str) -> None:
    from ..core.model import Unit as UnitModel
    from ..core.text import clean_input
    from ..storage.roster import Roster, change_roster

    def change(roster: Roster) -> Roster:
        if roster.unit(unit_id) is not None:
            raise UsageError("roster_unit_exists", id=unit_id)
        return Roster((*roster.units, UnitModel(unit_id, clean_input(name))))

    change_roster(s.data_dir, change)
    pick_renderer(False, s.rich).message(tr("roster_unit_added", id=unit_id, name=clean_input(name)))


def roster_add_member(s: Settings, *, unit: str, name: str, member_id: str | None) -> None:
    from ..core.text import clean_input
    from ..storage.plan_loader import member_id_of
    from ..storage.roster import add_member, change_roster

    found = _roster_unit(s, unit)
    name = clean_input(name)
    new_id = member_id or member_id_of(name)
    change_roster(s.data_dir, lambda roster: add_member(roster, found, name, new_id))
    pick_renderer(False, s.rich).message(tr("roster_member_added", name=name, id=new_id, unit=found.id))


def roster_rename_member(s: Settings, *, unit: str, member: str, name: str) -> None:
    from ..core.text import clean_input
    from ..storage.roster import change_roster, rename_member

    found = _roster_unit(s, unit)
    change_roster(s.data_dir, lambda roster: rename_member(roster, found.id, member, clean_input(name)))
    pick_renderer(False, s.rich).message(tr("roster_member_renamed", id=member, unit=found.id,
                                            name=clean_input(name)))
