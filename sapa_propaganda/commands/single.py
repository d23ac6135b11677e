"""What each command does once its arguments are parsed: one core call, one renderer.

Both front ends call these, by keyword, with the parameters `cli_spec.py` declares: the Typer
app (`cli.py`) and the start-up fast path (`fastpath.py`), so a command behaves the same
whichever one parsed it. Nothing here imports typer, and heavy modules are imported inside the
commands that need them.
"""

from __future__ import annotations

import os
import sys

from ..core.dates import parse_date
from ..errors import UsageError
from ..i18n import tr
from ..render import pick_renderer

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from _typeshed import StrPath

    from ..core.deadlines import ReportRow
    from ..core.model import Plan
    from ..render.office_document import OfficeDocument
    from .context import Settings

# `-o FILE` on a listing: the suffix chooses the format. Plain text is the plain renderer's
# tab-separated lines; CSV is the same rows for Excel; Word and Excel files are papers for the
# leaders (render/office_papers.py).
LISTING_SUFFIXES = {".csv": "csv", ".docx": "docx", ".json": "json", ".tsv": "tsv", ".txt": "tsv", ".xlsx": "xlsx"}
# `-o FILE` on a document (a checklist, a report draft): Markdown, plain text, or a paper.
PAPER_SUFFIXES = {".docx": "docx", ".md": "md", ".txt": "txt", ".xlsx": "xlsx"}
OFFICE_FORMATS = ("docx", "xlsx")


def os_user() -> str:
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # what getpass reads first, without importing it
        if os.environ.get(variable):
            return os.environ[variable]
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "?"


def write_output(data: bytes, output: StrPath | None) -> None:
    """Bytes to stdout, or atomically to a file with a note on stderr."""
    if output is None:
        sys.stdout.flush()
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
        return
    from ..storage.safe_files import write_atomically

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


def _checked_by(by: str | None) -> str:
    """Who made a change: the computer account unless --by says; an empty --by is a mistake."""
    if by is None:
        return os_user()
    from ..core.text import clean_input

    if not clean_input(by):
        raise UsageError("empty_by")
    return by


def listing_format(output: StrPath, suffixes: dict[str, str] = LISTING_SUFFIXES) -> str:
    """The format the file's suffix names (csv, docx, json, tsv, xlsx); anything else is refused,
    naming the suffixes known."""
    suffix = os.path.splitext(os.fspath(output))[1].lower()
    if suffix not in suffixes:
        raise UsageError("bad_output_suffix", path=os.fspath(output), choices=", ".join(suffixes))
    return suffixes[suffix]


def write_paper(fmt: str, doc: OfficeDocument, output: StrPath) -> None:
    """A paper for the leaders into FILE: a Word document, or its tables as Excel sheets. The
    libraries load here only, so no other command pays for them."""
    if fmt == "docx":
        from ..render.office_docx import docx_bytes

        data = docx_bytes(doc)
    else:
        from ..render.office_papers import sheets
        from ..render.office_xlsx import xlsx_bytes

        data = xlsx_bytes(sheets(doc))
    write_output(data, output)


def _excel_safe(cell: str) -> str:
    """A cell Excel would read as a formula (`=`, `+`, `-`, `@`, tab, CR first) stays text, and a
    count like `1/3` (items done of all) is spaced, or Excel makes it the date 1 March."""
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    done, slash, total = cell.partition("/")
    if slash and done.isdigit() and total.isdigit() and len(done) <= 4 and len(total) <= 4:
        return f"{done} / {total}"
    return cell


def tsv_to_csv(text: str) -> bytes:
    """The plain renderer's tab-separated lines as CSV for Excel: UTF-8 with a BOM, every
    line a row (a blank line stays a blank row), formulas defused."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in text.splitlines():
        writer.writerow([_excel_safe(cell) for cell in line.split("\t")] if line else [])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _unit_in(plan: Plan, typed: str | None) -> str | None:
    """The id of the unit `typed` names in this plan; UsageError when it has none such."""
    if typed is None:
        return None
    from ..core.matching import resolve_unit

    return resolve_unit(plan, typed).id


def plan_label(plan: Plan) -> str:
    """How a line names its plan in an office of many: its document number, else its id."""
    from ..core.text import for_display

    return for_display(plan.number or plan.id)


def _listing(s: Settings, as_json: bool, output: StrPath | None, draw: Callable[[Any], None]) -> None:
    """Hand a listing to a renderer: on stdout as --json/--rich/--plain say, or into FILE in
    the format its suffix names."""
    if output is None:
        draw(pick_renderer(as_json, s.rich))
        return
    fmt = listing_format(output)
    if fmt in OFFICE_FORMATS:
        from ..render.office_papers import PaperRenderer

        papers = PaperRenderer(s.plan(), s.today)
        draw(papers)
        assert papers.document is not None
        write_paper(fmt, papers.document, output)
        return
    import io

    buffer = io.StringIO()
    draw(pick_renderer(fmt == "json", False, buffer))
    text = buffer.getvalue()
    write_output(tsv_to_csv(text) if fmt == "csv" else text.encode("utf-8"), output)


# ---- the plan ------------------------------------------------------------------------------

def plan_check(s: Settings, *, file: StrPath | None, as_json: bool) -> None:
    import pathlib

    from ..errors import PlanError
    from ..storage.plan_loader import load_plan
    from ..storage.roster import load_roster

    try:
        plan = load_plan(pathlib.Path(file), load_roster(s.data_dir).units) if file else s.plan()
    except PlanError as err:
        if as_json:
            import json

            sys.stdout.write(json.dumps({"file": os.fspath(file or s.plan_path), "valid": False,
                                         "problems": err.problems}, ensure_ascii=False, indent=2) + "\n")
        raise
    found = ledger_disagreements(s, plan)
    if as_json:
        import json

        sys.stdout.write(json.dumps({"file": plan.source, "valid": True, "units": len(plan.units),
                                     "items": len(plan.items), "duties": len(plan.duties),
                                     "ledger_mismatches": [mismatch_json(m) for m in found]},
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        pick_renderer(False, s.rich).plan_ok(plan)
    say_disagreements(found)


def ledger_disagreements(s: Settings, plan: Plan) -> list[Any]:
    """The events of the plan's ledger (in this data folder) that this version of the plan would
    set aside: aimed at a unit, member or item it lacks, or dated before it starts."""
    from ..core.deadlines import plan_index
    from ..storage.ledger import Ledger
    from ..storage.roster import load_roster, with_roster

    plan = with_roster(plan, load_roster(s.data_dir))  # the members it will have once in use
    return Ledger(os.path.join(s.data_dir, plan.id), plan.id).mismatches_against(plan_index(plan))


def mismatch_json(found: Any) -> dict[str, Any]:
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
    sys.stderr.write("".join(f"sapa: {line}\n" for line in lines))


def plan_show(s: Settings, *, as_json: bool) -> None:
    pick_renderer(as_json, s.rich).plan_overview(s.plan())


def units(s: Settings, *, as_json: bool, output: StrPath | None) -> None:
    from ..core import queries
    from ..storage.roster import load_roster

    rows = queries.list_units(s.plan(), load_roster(s.data_dir).units)
    _listing(s, as_json, output, lambda renderer: renderer.units(rows))


def duties(s: Settings, *, unit: str | None, search: str | None, include_all: bool, status: str | None,
           as_json: bool, output: StrPath | None) -> None:
    from ..core import queries
    from ..core.matching import resolve_unit
    from ..status_words import parse_status

    plan = s.plan()
    chosen = resolve_unit(plan, unit) if unit is not None else None
    wanted = parse_status(status) if status else None
    state = s.state()
    groups = queries.list_duties(plan, chosen, search or "", include_all, state, wanted, s.today)
    _listing(s, as_json, output, lambda renderer: renderer.duties(groups))
    if not groups and not as_json and (hint := queries.duties_hint(plan, chosen, search or "", include_all,
                                                                   state, wanted)):
        sys.stderr.write(tr(hint[0], **hint[1]) + "\n")  # for the clerk; stdout keeps its one line


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


def show(s: Settings, *, item_id: str, as_json: bool) -> None:
    from ..core import queries
    from ..core.matching import resolve_item

    s, item_id = item_plan(s, item_id)
    plan = s.plan()
    detail = queries.item_detail(plan, resolve_item(plan, item_id), s.full_state(), s.today)
    pick_renderer(as_json, s.rich).item(detail)


# ---- progress ------------------------------------------------------------------------------

def mark(s: Settings, *, item_id: str, status: str, note: str | None, on: str | None, by: str | None,
         ref: str | None) -> None:
    from ..core.matching import resolve_item_id
    from ..status_words import parse_status
    from . import actions
    now = s.now

    s, item_id = item_plan(s, item_id)
    index = s.plan_index()
    found = resolve_item_id(index.kinds, item_id, index.item_renames)
    result = actions.mark(
        s.ledger_of(index), index.ref(found), parse_status(status),
        today=s.today, now=now, effective=parse_date(on) if on is not None else None, note=note,
        by=_checked_by(by), ref=ref or "", plan_start=index.start,
    )
    pick_renderer(False, s.rich).marked(result)


def undo(s: Settings, *, by: str | None, event_id: str | None = None) -> None:
    from . import actions
    now = s.now

    result = actions.undo(s.plan(), s.ledger(), today=s.today, now=now,
                          by=_checked_by(by), event_id=event_id)
    renderer = pick_renderer(False, s.rich)
    if result.batch is not None:
        renderer.message(tr("undone_import", source=result.batch.source, count=len(result.undos)))
    else:
        renderer.undone(result)


def history(s: Settings, *, item_id: str | None, unit: str | None, since: str | None, as_json: bool,
            output: StrPath | None) -> None:
    from ..core import queries
    from ..core.matching import resolve_item, resolve_unit

    plan = s.plan()
    rows = queries.history(
        plan, s.full_state(),
        item=resolve_item(plan, item_id) if item_id else None,
        unit=resolve_unit(plan, unit) if unit is not None else None,
        since=parse_date(since) if since else None,
    )
    _listing(s, as_json, output, lambda renderer: renderer.history(rows))


def _export_of(one: Settings, stamp: Any) -> Any:
    """One plan's export: its state and every event, whatever --today says (an export is for
    another office to import), the events as the ledger's files hold them."""
    from ..core.progress import canonical
    from ..render.export import Export
    from ..storage.ledger_format import event_record

    state = one.ledger().full_state()
    return Export(one.plan(), state, stamp, [event_record(e) for e in canonical(state.events)], today=one.today)


def export(s: Settings, *, fmt: str, output: StrPath | None) -> None:
    from ..render.export import render_export
    now = s.now

    if s.in_workspace and fmt.lower() == "json":  # the whole workspace in one file
        from ..render.export import workspace_export

        stamp = now()
        write_output(workspace_export([_export_of(one, stamp) for one in s.scope(every=True)], stamp), output)
        return
    if s.in_workspace and fmt.lower() in ("csv", "toml"):
        raise UsageError("workspace_export_one_plan", fmt=fmt.lower())
    if s.in_workspace and fmt.lower() == "ics":  # one calendar for the office's active plans
        from ..render.ics import render_ics_of_plans

        stamp = now()
        write_output(render_ics_of_plans([(one.plan(), one.ledger().full_state()) for one in s.scope()],
                                          stamp).encode("utf-8"), output)
        return
    write_output(render_export(_export_of(s, now()), fmt.lower()), output)


def import_(s: Settings, *, file: StrPath) -> None:
    import pathlib

    from . import actions
    now = s.now

    source = pathlib.Path(file)
    if s.plan_arg is None and source.suffix.lower() == ".json":
        from ..storage.foreign import workspace_export_plans

        documents = workspace_export_plans(source)
        if documents is not None:  # a whole workspace's export: each plan into its own ledger
            from . import across as workspace_commands

            workspace_commands.import_workspace(s, source, documents)
            return
    result = actions.import_ledger(s.plan(), s.ledger(), source, now=now)
    pick_renderer(False, s.rich).imported(result)


def info(s: Settings, *, as_json: bool) -> None:
    from ..core.dates import format_date

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

def submit(s: Settings, *, unit: str, period: str | None, on: str | None, ref: str | None, note: str | None,
           by: str | None) -> None:
    from ..core.deadlines import only_open_period, plan_period
    from ..core.matching import resolve_reporter
    from . import actions
    now = s.now

    plan = s.plan()
    found, member = resolve_reporter(plan, unit)
    member_id = member.id if member else ""
    chosen = (plan_period(plan, period, s.today) if period is not None
              else only_open_period(plan, s.state(), found.id, s.today, member_id))
    result = actions.submit(
        plan, s.ledger(), found.id, chosen,
        today=s.today, now=now, effective=parse_date(on) if on is not None else None, ref=ref or "",
        note=note, by=_checked_by(by), member=member_id,
    )
    renderer = pick_renderer(False, s.rich)
    if result.replaced is not None and result.replaced.done_on is not None:
        from ..core.dates import format_date

        ref_before = f", {result.replaced.ref}" if result.replaced.ref else ""
        renderer.message(tr("submit_replaces", date=format_date(result.replaced.done_on), ref=ref_before))
    renderer.submitted(plan, result.row)


def waive(s: Settings, *, unit: str, period: str, note: str | None, on: str | None, by: str | None) -> None:
    from ..core.deadlines import plan_period
    from ..core.matching import resolve_reporter
    from . import actions
    now = s.now

    plan = s.plan()
    found, member = resolve_reporter(plan, unit)
    row = actions.waive(plan, s.ledger(), found.id, plan_period(plan, period, s.today), today=s.today,
                        now=now, note=note, effective=parse_date(on) if on is not None else None, by=_checked_by(by),
                        member=member.id if member else "")
    from ..render.labels import waived_line

    pick_renderer(False, s.rich).message(waived_line(plan, row))


def reports(s: Settings, *, period: str | None, unit: str | None, overdue_only: bool, include_future: bool,
            as_json: bool, output: StrPath | None) -> None:
    from ..core.deadlines import plan_period, select_reports
    from ..core.matching import resolve_reporter

    if s.in_workspace:
        from ..render.json_out import report_json

        def reports_of(one: Settings, plan: Plan) -> list[ReportRow]:
            found, member = resolve_reporter(plan, unit) if unit is not None else (None, None)
            chosen = plan_period(plan, period, s.today) if period else None
            return select_reports(plan, one.state(), s.today, period=chosen,
                                  unit=found.id if found is not None else None, overdue_only=overdue_only,
                                  include_future=include_future, member=member.id if member else "")

        from . import across as workspace_commands

        workspace_commands.listing_across(s, as_json, output, unit, reports_of,
                           draw=lambda renderer, plan, rows: renderer.reports(plan, rows),
                           is_empty=lambda rows: not rows, to_json=lambda rows: [report_json(r) for r in rows],
                           empty_key="no_reports", skip_errors=period is not None)
        return
    plan = s.plan()
    found, member = resolve_reporter(plan, unit) if unit is not None else (None, None)
    rows = select_reports(
        plan, s.state(), s.today,
        period=plan_period(plan, period, s.today) if period else None,
        unit=found.id if found is not None else None,
        overdue_only=overdue_only, include_future=include_future, member=member.id if member else "",
    )
    _listing(s, as_json, output, lambda renderer: renderer.reports(plan, rows))


def overdue(s: Settings, *, unit: str | None, as_json: bool, output: StrPath | None) -> None:
    from ..core.deadlines import OverdueReport
    from ..core.deadlines import overdue as find_overdue

    if s.in_workspace:
        from ..render.json_out import deadline_json, report_json

        def overdue_of(one: Settings, plan: Plan) -> OverdueReport:
            found = find_overdue(plan, one.state(), s.today)
            chosen = _unit_in(plan, unit)
            if chosen is None:
                return found
            return OverdueReport([r for r in found.reports if r.unit == chosen],
                                 [d for d in found.items if chosen in d.item.units])

        from . import across as workspace_commands

        workspace_commands.listing_across(
            s, as_json, output, unit, overdue_of,
            draw=lambda renderer, plan, found: renderer.overdue(plan, found),
            is_empty=lambda found: not found.reports and not found.items,
            to_json=lambda found: {"reports": [report_json(r) for r in found.reports],
                                   "items": [deadline_json(d) for d in found.items]},
            empty_key="nothing_overdue")
        return
    plan = s.plan()
    found = find_overdue(plan, s.state(), s.today)
    if unit is not None:
        from ..core.matching import resolve_unit

        chosen = resolve_unit(plan, unit).id
        found = OverdueReport([r for r in found.reports if r.unit == chosen],
                              [d for d in found.items if chosen in d.item.units])
    _listing(s, as_json, output, lambda renderer: renderer.overdue(plan, found))


def status(s: Settings, *, as_json: bool, output: StrPath | None) -> None:
    from ..core.daily import dashboard

    if s.in_workspace:
        from . import across as workspace_commands

        workspace_commands.status_across(s, as_json, output)
        return
    board = dashboard(s.plan(), s.state(), s.today)
    _listing(s, as_json, output, lambda renderer: renderer.dashboard(board))


def checklist(s: Settings, *, period: str | None, unit: str | None, due: str | None, fmt: str,
              output: StrPath | None, phase: str | None = None) -> None:
    from ..core.daily import checklist as make_checklist
    from ..core.daily import checklist_by_deadline, checklist_by_phase
    from ..core.deadlines import plan_period
    from ..core.matching import resolve_item, resolve_unit
    from ..render.checklist_text import render_checklist

    if fmt not in ("md", "txt"):
        raise UsageError("bad_format", value=fmt, choices="md, txt")
    if output is not None:  # the file's suffix wins over --format
        fmt = listing_format(output, PAPER_SUFFIXES)
    if [period, due, phase].count(None) != 2:
        raise UsageError("checklist_needs_one")
    if phase is not None:
        s, phase = item_plan(s, phase)  # a phase is an item of one plan
    if s.in_workspace:
        if fmt in OFFICE_FORMATS:
            raise UsageError("workspace_one_plan_paper", path=os.fspath(output or ""))
        from . import across as workspace_commands

        workspace_commands.checklist_across(s, period, unit, due, fmt, output)
        return
    plan = s.plan()
    chosen = resolve_unit(plan, unit) if unit is not None else None
    if phase is not None:
        found = checklist_by_phase(plan, s.state(), s.today, resolve_item(plan, phase), chosen)
    elif due is not None:
        found = checklist_by_deadline(plan, s.state(), s.today, parse_date(due), chosen)
    else:
        found = make_checklist(plan, s.state(), s.today, plan_period(plan, period or "", s.today), chosen)
    if fmt in OFFICE_FORMATS and output is not None:
        from ..render.office_papers import checklist_paper

        write_paper(fmt, checklist_paper(found), output)
        return
    write_output(render_checklist(found, fmt).encode("utf-8"), output)


def remind(s: Settings, *, days: int | None, unit: str | None, fail_on_overdue: bool,
           output: StrPath | None) -> None:
    """Always plain text, whatever the terminal: this is what cron mails."""
    from ..core.daily import reminders
    from ..errors import OverdueFound
    from ..render.labels import reminder_line

    if s.in_workspace:
        from . import across as workspace_commands

        workspace_commands.remind_across(s, days, unit, fail_on_overdue, output)
        return
    plan = s.plan()
    found = reminders(plan, s.state(), s.today, days)
    if unit is not None:
        from ..core.matching import resolve_unit

        chosen = resolve_unit(plan, unit).id
        found = [r for r in found if r.concerns(chosen)]
    text = "".join(reminder_line(plan, r, s.today) + "\n" for r in found)
    if output is None:
        sys.stdout.write(text)
    elif (fmt := listing_format(output)) in OFFICE_FORMATS:
        from ..render.office_papers import remind_paper

        write_paper(fmt, remind_paper(plan, found, s.today), output)
    elif fmt == "json":
        import json

        from ..render.json_out import reminder_json

        rows = [reminder_json(r) for r in found]  # in the order of the lines
        write_output((json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), output)
    elif fmt == "csv":  # one column of lines, under its header
        write_output(tsv_to_csv(tr("col_reminder") + "\n" + text.replace("\t", " ")), output)
    else:
        write_output(text.encode("utf-8"), output)
    if fail_on_overdue and any(r.is_overdue for r in found):
        raise OverdueFound("overdue_found", count=sum(r.is_overdue for r in found))


# ---- papers for the leaders ----------------------------------------------------------------

def report_draft(s: Settings, *, period: str, output: StrPath | None) -> None:
    """A draft of the office's consolidated report for one period, from the ledger, for the clerk
    to finish: Markdown on stdout, or FILE in the format its suffix names."""
    from ..core.deadlines import plan_period
    from ..core.report_draft import report_draft as draft_of
    from ..render.office_report_draft import report_draft_paper
    from ..render.office_text import document_text

    fmt = listing_format(output, PAPER_SUFFIXES) if output is not None else "md"
    plan = s.plan()
    paper = report_draft_paper(draft_of(plan, s.state(), s.today, plan_period(plan, period, s.today)))
    if fmt in OFFICE_FORMATS and output is not None:
        write_paper(fmt, paper, output)
        return
    write_output(document_text(paper, markdown=fmt == "md").encode("utf-8"), output)
