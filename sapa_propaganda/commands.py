"""What each command does once its arguments are parsed: one core call, one renderer.

Both front ends call these: the Typer app (`cli.py`) and the start-up fast path
(`fastpath.py`), so a command behaves the same whichever one parsed it. Nothing here imports
typer, and heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

import os
import sys

from .dates import parse_date
from .errors import UsageError
from .i18n import tr
from .render import pick_renderer

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from .settings import Settings


def os_user() -> str:
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # what getpass reads first, without importing it
        if os.environ.get(variable):
            return os.environ[variable]
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "?"


def _write_output(data: bytes, output: Path | None) -> None:
    """Bytes to stdout, or atomically to a file with a note on stderr."""
    if output is None:
        sys.stdout.flush()
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
        return
    from .safe_files import write_atomically

    target = os.path.realpath(output)  # a link: write the file it points to, keep the link
    if os.path.exists(target) and not os.path.isfile(target):
        raise UsageError("output_not_a_file", path=os.fspath(output))
    if not os.path.isdir(os.path.dirname(target)):
        raise UsageError("output_no_folder", path=os.path.dirname(target))
    try:
        write_atomically(target, data)
    except OSError as err:
        raise UsageError("output_unwritable", path=os.fspath(output), reason=err.strerror or str(err)) from None
    sys.stderr.write(tr("exported", path=output) + "\n")


# ---- the plan ------------------------------------------------------------------------------

def plan_check(s: Settings, file: Path | None, as_json: bool) -> None:
    from .errors import PlanError
    from .plan_loader import load_plan

    try:
        plan = load_plan(file) if file else s.plan()
    except PlanError as err:
        if as_json:
            import json

            sys.stdout.write(json.dumps({"file": os.fspath(file or s.plan_path), "valid": False,
                                         "problems": err.problems}, ensure_ascii=False, indent=2) + "\n")
        raise
    pick_renderer(as_json, s.rich).plan_ok(plan)


def plan_show(s: Settings, as_json: bool) -> None:
    pick_renderer(as_json, s.rich).plan_overview(s.plan())


def units(s: Settings, as_json: bool) -> None:
    from . import queries

    pick_renderer(as_json, s.rich).units(queries.list_units(s.plan()))


def duties(s: Settings, unit: str | None, search: str | None, include_all: bool, status: str | None,
           as_json: bool) -> None:
    from . import queries
    from .matching import resolve_unit
    from .progress import parse_status

    plan = s.plan()
    chosen = resolve_unit(plan, unit) if unit is not None else None
    wanted = parse_status(status) if status else None
    groups = queries.list_duties(plan, chosen, search or "", include_all, s.state(), wanted)
    pick_renderer(as_json, s.rich).duties(groups)


def show(s: Settings, item_id: str, as_json: bool) -> None:
    from . import queries
    from .matching import resolve_item

    plan = s.plan()
    detail = queries.item_detail(plan, resolve_item(plan, item_id), s.full_state())
    pick_renderer(as_json, s.rich).item(detail)


# ---- progress ------------------------------------------------------------------------------

def mark(s: Settings, item_id: str, status: str, note: str | None, on: str | None, by: str | None,
         ref: str | None) -> None:
    from . import actions
    from .dates import now
    from .matching import resolve_item_id
    from .model import ItemRef
    from .progress import parse_status

    index = s.plan_index()
    found = resolve_item_id(index.kinds, item_id)
    result = actions.mark(
        s.ledger_of(index), ItemRef(found, index.kinds[found]), parse_status(status),
        today=s.today, now=now, effective=parse_date(on) if on is not None else None, note=note,
        by=by if by is not None else os_user(), ref=ref or "", plan_start=index.start,
    )
    pick_renderer(False, s.rich).marked(result)


def undo(s: Settings, by: str | None) -> None:
    from . import actions
    from .dates import now

    result = actions.undo(s.plan(), s.ledger(), today=s.today, now=now,
                          by=by if by is not None else os_user())
    pick_renderer(False, s.rich).undone(result)


def history(s: Settings, item_id: str | None, unit: str | None, since: str | None, as_json: bool) -> None:
    from . import queries
    from .matching import resolve_item, resolve_unit

    plan = s.plan()
    rows = queries.history(
        plan, s.full_state(),
        item=resolve_item(plan, item_id) if item_id else None,
        unit=resolve_unit(plan, unit) if unit is not None else None,
        since=parse_date(since) if since else None,
    )
    pick_renderer(as_json, s.rich).history(rows)


def export(s: Settings, fmt: str, output: Path | None) -> None:
    from .dates import now
    from .exchange import Export, render_export

    _write_output(render_export(Export(s.plan(), s.full_state(), now()), fmt.lower()), output)


def import_(s: Settings, file: Path) -> None:
    from . import actions

    result = actions.import_ledger(s.plan(), s.ledger(), file)
    pick_renderer(False, s.rich).imported(result)


def info(s: Settings, as_json: bool) -> None:
    from .dates import format_date

    plan = s.plan()
    ledger = s.ledger()
    count = len(ledger.read_events())
    location = os.path.realpath(ledger.path)
    if as_json:
        rows = [("plan", os.path.realpath(s.plan_path)), ("plan_id", plan.id), ("data", os.path.realpath(s.data_dir)),
                ("ledger", location), ("events", count), ("today", s.today.isoformat())]
    else:
        rows = [
            (tr("info_plan"), os.path.realpath(s.plan_path)),
            (tr("info_plan_id"), plan.id),
            (tr("info_data"), os.path.realpath(s.data_dir)),
            (tr("info_ledger"), location + ("" if ledger.segments() else " " + tr("info_missing"))),
            (tr("info_events"), str(count)),
            (tr("info_today"), format_date(s.today)),
        ]
    pick_renderer(as_json, s.rich).fields(rows)


# ---- deadlines -----------------------------------------------------------------------------

def submit(s: Settings, unit: str, period: str, on: str | None, ref: str | None, note: str | None,
           by: str | None) -> None:
    from . import actions
    from .dates import now
    from .matching import resolve_unit
    from .periods import parse_period

    plan = s.plan()
    row = actions.submit(
        plan, s.ledger(), resolve_unit(plan, unit).id, parse_period(period),
        today=s.today, now=now, effective=parse_date(on) if on is not None else None, ref=ref or "",
        note=note, by=by if by is not None else os_user(),
    )
    pick_renderer(False, s.rich).submitted(plan, row)


def reports(s: Settings, period: str | None, unit: str | None, overdue_only: bool, include_future: bool,
            as_json: bool) -> None:
    from .deadlines import select_reports
    from .matching import resolve_unit
    from .periods import parse_period

    plan = s.plan()
    rows = select_reports(
        plan, s.state(), s.today,
        period=parse_period(period) if period else None,
        unit=resolve_unit(plan, unit).id if unit is not None else None,
        overdue_only=overdue_only, include_future=include_future,
    )
    pick_renderer(as_json, s.rich).reports(plan, rows)


def overdue(s: Settings, as_json: bool) -> None:
    from .deadlines import overdue as find_overdue

    plan = s.plan()
    pick_renderer(as_json, s.rich).overdue(plan, find_overdue(plan, s.state(), s.today))


def status(s: Settings, as_json: bool) -> None:
    from .daily import dashboard

    pick_renderer(as_json, s.rich).dashboard(dashboard(s.plan(), s.state(), s.today))


def checklist(s: Settings, period: str, unit: str | None, fmt: str, output: Path | None) -> None:
    from .daily import checklist as make_checklist
    from .matching import resolve_unit
    from .periods import parse_period
    from .render.checklist_text import render_checklist

    if fmt not in ("md", "txt"):
        raise UsageError("bad_format", value=fmt, choices="md, txt")
    plan = s.plan()
    chosen = resolve_unit(plan, unit) if unit is not None else None
    text = render_checklist(make_checklist(plan, s.state(), s.today, parse_period(period), chosen), fmt)
    _write_output(text.encode("utf-8"), output)


def remind(s: Settings, days: int | None, fail_on_overdue: bool) -> None:
    """Always plain text, whatever the terminal: this is what cron mails."""
    from .daily import reminders
    from .errors import OverdueFound
    from .render.labels import reminder_line

    plan = s.plan()
    found = reminders(plan, s.state(), s.today, days)
    sys.stdout.write("".join(reminder_line(plan, r, s.today) + "\n" for r in found))
    if fail_on_overdue and any(r.is_overdue for r in found):
        raise OverdueFound("overdue_found", count=sum(r.is_overdue for r in found))
