"""The plans themselves: checking and showing a plan or an item, and the office's workspace of
plans (`plan add`, `list`, `close`, `reopen`, `remove`, `use`)."""

from __future__ import annotations

import os
import sys

from ..errors import PlanError, SapaError, UsageError, to_stderr
from ..i18n import tr
from ..render.choice import pick_messages, pick_renderer
from .office import item_plan, say_default_only

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from _typeshed import StrPath

    from ..core.model import Plan
    from .context import Settings


def plan_check(s: Settings, *, file: StrPath | None, as_json: bool) -> None:
    import pathlib

    from ..storage.plan_loader import load_calendar, load_plan
    from ..storage.roster import load_roster

    try:
        plan = load_plan(pathlib.Path(file), load_roster(s.data_dir).units,
                         load_calendar(s.calendar_file())) if file else s.plan()
    except PlanError as err:
        if as_json:
            _say_json({"file": os.fspath(file or s.plan_path), "valid": False, "problems": err.problems})
        raise
    found = ledger_disagreements(s, plan)
    if as_json:
        _say_json({"file": plan.source, "valid": True, "units": len(plan.units), "items": len(plan.items),
                   "duties": len(plan.duties), "ledger_mismatches": [_mismatch_json(m) for m in found]})
    else:
        pick_renderer(False, s.rich).plan_ok(plan)
    say_disagreements(found)


def _say_json(data: object) -> None:
    from ..core.text import json_text

    sys.stdout.write(json_text(data))


def ledger_disagreements(s: Settings, plan: Plan) -> list[Any]:
    """The events of the plan's ledger (in this data folder) that this version of the plan would
    set aside: aimed at a unit, member or item it lacks, or dated before it starts."""
    from ..core.deadlines import plan_index
    from ..storage.ledger import Ledger
    from ..storage.roster import load_roster, with_roster

    plan = with_roster(plan, load_roster(s.data_dir))  # the members it will have once in use
    return Ledger(os.path.join(s.data_dir, plan.id), plan.id).mismatches_against(plan_index(plan))


def _mismatch_json(found: Any) -> dict[str, Any]:
    return {"id": found.id, "kind": found.kind, "target": found.target, "date": found.date.isoformat(),
            "file": found.file, "why": tr(found.problem[0], **found.problem[1])}


def say_disagreements(found: list[Any]) -> None:
    """"Kế hoạch và sổ tiến độ không khớp", and every event, on stderr: a warning, not a failure."""
    if not found:
        return
    from ..core.dates import format_date
    from ..core.progress import mismatch_targets
    from ..render.labels import short_id

    lines = [tr("plan_ledger_mismatch_check", count=len(found), targets=mismatch_targets(found))]
    lines += [tr("plan_ledger_mismatch_event", id=short_id(m.id), date=format_date(m.date), kind=m.kind,
                 target=m.target, why=tr(m.problem[0], **m.problem[1])) for m in found]
    to_stderr("\n".join(f"sapa: {line}" for line in lines))


def plan_show(s: Settings, *, as_json: bool) -> None:
    say_default_only(s)
    pick_renderer(as_json, s.rich).plan_overview(s.plan())


def show(s: Settings, *, item_id: str, as_json: bool) -> None:
    from ..core import queries
    from ..core.matching import resolve_item_or_removed

    s, item_id = item_plan(s, item_id)
    plan = s.plan()
    detail = queries.item_detail(plan, resolve_item_or_removed(plan, item_id), s.full_state(), s.today)
    pick_renderer(as_json, s.rich).item(detail)


def info(s: Settings, *, as_json: bool) -> None:
    from ..core.dates import format_date

    say_default_only(s)
    plan, ledger = s.plan(), s.ledger()
    count = len(ledger.read_events())
    paths = [os.path.realpath(p) for p in (s.plan_path, s.data_dir, ledger.path)]
    if as_json:
        rows = [("plan", paths[0]), ("plan_id", plan.id), ("data", paths[1]), ("ledger", paths[2]),
                ("events", count), ("today", s.today.isoformat())]
    else:
        rows = [(tr("info_plan"), paths[0]), (tr("info_plan_id"), plan.id), (tr("info_data"), paths[1]),
                (tr("info_ledger"), paths[2] + ("" if ledger.segments() else " " + tr("info_missing"))),
                (tr("info_events"), str(count)), (tr("info_today"), format_date(s.today))]
    pick_renderer(as_json, s.rich).fields(rows)


# ---- the office's workspace ----------------------------------------------------------------

def plan_add(s: Settings, *, file: StrPath, replace: bool, force: bool = False) -> None:
    """Install a plan, checked. A version that would set events of its ledger aside (hide them
    from every view) is refused, naming what would disappear, unless `force` says so."""
    from ..storage.plan_loader import load_calendar, load_plan
    from ..storage.roster import load_roster
    from ..storage.safe_files import open_regular

    # Every problem, with its file:line, before anything is copied; the roster's units count.
    plan = load_plan(os.fspath(file), load_roster(s.data_dir).units, load_calendar(s.calendar_file()))
    found = ledger_disagreements(s, plan) if replace == s.workspace.has(plan.id) else []  # else add refuses
    hidden = [m for m in found if m.id not in _set_aside_now(s, plan.id)] if replace else found
    if hidden and not force:
        raise SetsAside(plan.id, hidden)
    target = s.workspace.add(open_regular(os.path.realpath(file)), plan.id, replace, os.path.basename(file))
    key = "workspace_replaced" if replace else "workspace_added"
    pick_messages(s.rich).message(tr(key, id=plan.id, title=plan.title, path=target))
    say_disagreements(found)  # installed as asked (--force): nothing is lost, and it is said


def _set_aside_now(s: Settings, plan_id: str) -> set[str]:
    """The ids of the events the version installed sets aside already: a new version that sets
    them aside too hides nothing more (none, when that version cannot be read)."""
    try:
        return {m.id for m in ledger_disagreements(s, s.for_plan(plan_id).plan())}
    except SapaError:
        return set()


class SetsAside(UsageError):
    """`plan add` of a version that would set events aside, refused: what it would hide, then one
    sentence per id the events aim at, in the ledger's order ("II.3: 4 cập nhật từ 02/03/2022 sẽ
    không còn hiện (…why…)"), each on a line of its own."""

    def __init__(self, plan_id: str, found: list[Any]):
        super().__init__("plan_add_sets_aside", id=plan_id, count=len(found))
        self.found = found

    def __str__(self) -> str:
        from ..core.dates import format_date

        targets: dict[str, list[Any]] = {}
        for mismatch in self.found:
            targets.setdefault(mismatch.target, []).append(mismatch)
        lines = [tr("plan_add_hidden_target", target=target, count=len(events),
                    date=format_date(min(e.date for e in events)), why=tr(events[0].problem[0], **events[0].problem[1]))
                 for target, events in targets.items()]
        return "\n".join([super().__str__(), *lines])


def plan_list(s: Settings, *, as_json: bool) -> None:
    rows = [_plan_row(s, plan_id) for plan_id in s.workspace.plan_ids()]
    if as_json:
        _say_json(rows)
        return
    sys.stdout.write(_plan_table(rows))
    for plan_id in s.workspace.plan_ids():
        _say_rivals(s, plan_id)


def _say_rivals(s: Settings, plan_id: str) -> None:
    """Versions of a plan installed on two machines at once: the one read, and the other(s), named
    on stderr, with how to choose."""
    from ..core.dates import format_date

    read = s.workspace.installed(plan_id)
    for other in s.workspace.rivals(plan_id):
        if read is None or read.recorded is None or other.recorded is None:
            continue
        to_stderr("sapa: " + tr("workspace_rival_version", id=plan_id, read=read.source or read.version,
                                read_on=format_date(read.recorded.date()), other=other.source or other.version,
                                other_on=format_date(other.recorded.date()),
                                path=s.workspace.version_file(plan_id, other.version)))


def _plan_row(s: Settings, plan_id: str) -> dict[str, Any]:
    """One plan of the workspace as `plan list` shows it; its problem, if it cannot be read."""
    from ..core.daily import dashboard

    one = s.for_plan(plan_id)
    try:
        plan = one.plan()
        board = dashboard(plan, one.state(), s.today)
    except SapaError as err:
        return {"id": plan_id, "problem": str(err)}
    closed = s.workspace.state().closed.get(plan_id)
    standing = ("closed" if closed else "ended" if s.today > plan.end
                else "not-started" if s.today < plan.start else "active")
    return {"id": plan.id, "number": plan.number, "title": plan.title, "start": plan.start.isoformat(),
            "end": plan.end.isoformat(), "state": standing, "default": plan_id == s.workspace.state().default,
            "overdue": board.overdue_reports + board.overdue_items,
            "open_reports": sum(u.reports_owed - u.reports_received for u in board.units),
            "note": closed.note if closed else "",
            "rivals": [{"source": r.source, "version": r.version,
                        "installed": r.recorded.isoformat() if r.recorded else None}
                       for r in s.workspace.rivals(plan_id)]}


def _plan_table(rows: list[dict[str, Any]]) -> str:
    """`plan list` as tab-separated lines under a header."""
    from datetime import date

    from ..core.dates import format_date
    from ..core.text import for_display

    if not rows:
        return tr("workspace_empty") + "\n"
    out = ["\t".join(tr(k) for k in ("col_id", "col_number", "col_plan_title", "col_span", "col_state",
                                     "col_open", "col_overdue"))]
    for row in rows:
        if "problem" in row:
            out.append(f"{row['id']}\t\t{for_display(str(row['problem']))}")
            continue
        span = f"{format_date(date.fromisoformat(row['start']))} – {format_date(date.fromisoformat(row['end']))}"
        standing = tr(f"plan_state_{row['state']}") + (f" ({tr('plan_default')})" if row["default"] else "")
        out.append("\t".join([str(row["id"]), for_display(str(row["number"])), for_display(str(row["title"])),
                              span, standing, str(row["open_reports"]), str(row["overdue"])]))
    return "".join(line + "\n" for line in out)


def plan_close(s: Settings, *, plan_id: str, note: str | None) -> None:
    from ..core.text import clean_input

    plan_id = s.find_plan_id(plan_id)  # its id, number or a unique beginning
    if not clean_input(note or ""):
        raise UsageError("workspace_close_needs_note", id=plan_id)
    s.workspace.close(plan_id, s.today, clean_input(note or ""))
    pick_messages(s.rich).message(tr("workspace_closed", id=plan_id))


def plan_reopen(s: Settings, *, plan_id: str) -> None:
    plan_id = s.find_plan_id(plan_id)
    s.workspace.reopen(plan_id)
    pick_messages(s.rich).message(tr("workspace_reopened", id=plan_id))


def plan_remove(s: Settings, *, plan_id: str) -> None:
    plan_id = s.find_plan_id(plan_id)
    s.workspace.remove(plan_id)
    kept = os.path.join(os.path.realpath(s.data_dir), plan_id)
    pick_messages(s.rich).message(tr("workspace_removed", id=plan_id, ledger=kept))


def plan_use(s: Settings, *, plan_id: str | None, clear: bool = False) -> None:
    if clear == (plan_id is not None):
        raise UsageError("workspace_use_one")
    if plan_id is None:
        s.workspace.clear_default()
        pick_messages(s.rich).message(tr("workspace_no_default"))
        return
    plan_id = s.find_plan_id(plan_id)
    if plan_id in s.workspace.state().closed:
        raise UsageError("workspace_use_closed", id=plan_id)
    s.workspace.use(plan_id)
    pick_messages(s.rich).message(tr("workspace_default", id=plan_id))
