"""Listings as papers for the leaders: `OfficeDocument`s and their `Table`s, and the parts the
report draft (`office_report_draft`) is built of too.

One function per listing builds the document, in the interface's words; the Word writer lays it
out (`office_docx`), the Excel writer takes its tables, one sheet each (`sheets`), and
`office_text.document_text` prints it as Markdown or plain text. The header names the office that
issues the paper (`report_draft.issuing_office`): the plan's [plan.office], never a name from the
code.

Column widths are in characters, as Excel counts them; Word shares the page out in the same
proportions, after giving each number, date and document number the room it needs
(`office_docx_tables`). About 80 of them fill a portrait page's width at the tables' 12 points, so a
table keeps its columns few, what a leader reads rather than every field of the ledger, and names
a unit by its short name (`Unit.label`). A unit whose members report on their own is one line
that sums them up, its members numbered under it (`_grouped`), in every paper alike.
"""

from __future__ import annotations

from datetime import date

from ..core.dates import format_date
from ..core.deadlines import with_roll_ups
from ..core.paper_forms import STATE, signature
from ..core.report_draft import issuing_office
from ..core.text import shorten
from ..i18n import tr
from . import labels
from .office_document import BLANK_PLACE, Cell, OfficeDocument, PageHeading, Section, Table, place_date_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..core.daily import CheckItem, Checklist, Dashboard, Reminder
    from ..core.deadlines import Deadline, OverdueReport, ReportRow
    from ..core.model import Item, Plan
    from ..core.overview import OfficeStatus
    from ..core.queries import DutyGroup, HistoryRow, UnitRow

# The report's abbreviation in the number line (Hướng dẫn 36-HD/VPTW, Nghị định 30/2020/NĐ-CP).
# A list (danh sách) is a kind of document in neither system: it has no number (docs/papers.md).
REPORT_CODE = "BC"
DONE_MARK = "x"  # in the "done" column of a checklist; an empty cell is left to tick by hand
NO_DATE = "—"  # in a "due" column, for an item without a deadline
NUMBER, ID, DATE, REF = 5, 9, 11, 11  # the widths of the STT column, of an item id, of a date, of a document number
UNIT = 13  # a unit's short name (`Unit.label`)
PLAN = 14  # a plan's document number, in the Excel sheets of a paper for the whole office


def sheets(doc: OfficeDocument) -> list[Table]:
    """The document's tables, in order: the sheets of its Excel workbook. In a paper for the whole
    office, the plans' tables of one kind are one sheet, with a first column naming each row's plan,
    so that Excel sorts and filters across plans (`_merged`)."""
    if not any(section.plan for section in doc.sections):
        return [table for section in doc.sections for table in section.tables]
    by_title: dict[str, list[tuple[str, Table]]] = {}
    for section in doc.sections:
        for table in section.tables:
            by_title.setdefault(table.title, []).append((section.plan, table))
    return [_merged(tables) for tables in by_title.values()]


def page_heading(doc: OfficeDocument) -> PageHeading:
    """What heads each printed page of the paper's Excel sheets: its kind and summary ("DANH SÁCH
    Các báo cáo, nhiệm vụ quá hạn …"), its place and date; its footer numbers the pages."""
    title = " ".join(text for text in (doc.kind.upper(), doc.summary) if text)
    return PageHeading(labels.clean(title), labels.clean(doc.place_date), tr("paper_page_footer"))


def _merged(tables: list[tuple[str, Table]]) -> Table:
    """One sheet of the plans' tables of one kind. Their columns may differ (a plan whose members
    report on their own has a unit column more): the sheet has every column, in the order first
    met, and a plan's row leaves the columns it lacks empty. Rows are numbered (STT) across plans."""
    headers: list[str] = [tr("col_plan")]
    widths: dict[str, int] = {tr("col_plan"): PLAN}
    sheet_only: set[str] = set()
    unbroken: set[str] = {tr("col_plan")}
    for _plan, table in tables:
        for index, header in enumerate(table.headers):
            if header not in widths:
                headers.append(header)
                widths[header] = table.widths[index] if index < len(table.widths) else 0
            if index in table.sheet_only:
                sheet_only.add(header)
            if index in table.unbroken:
                unbroken.add(header)
    numbered = tr("col_no") in headers
    rows: list[tuple[Cell, ...]] = []
    summaries: set[int] = set()
    for plan, table in tables:
        for number, row in enumerate(table.rows):
            cells = dict(zip(table.headers, row, strict=False))
            if number in table.summaries:
                summaries.add(len(rows))
            elif numbered:
                cells[tr("col_no")] = len(rows) - len(summaries) + 1
            rows.append((plan, *(cells.get(header) for header in headers[1:])))
    first = tables[0][1]
    return Table(first.title, tuple(headers), rows, tuple(widths[h] for h in headers), summaries=frozenset(summaries),
                 sheet_only=frozenset(headers.index(h) for h in sheet_only),
                 unbroken=frozenset(headers.index(h) for h in unbroken), empty=first.empty)


def office_wide(parts: list[tuple[Plan, OfficeDocument]], summary: str = "", intro: str = "") -> OfficeDocument:
    """One paper for the office from each plan's: the office's header, signer and recipients once
    (`header_plan`), then each plan's part under its number and title, without the sentence that
    introduces one plan's paper (`intro` introduces them all). One plan's paper is its own."""
    if len(parts) == 1:
        return parts[0][1]
    _plan, chosen = parts[header_plan([plan for plan, _doc in parts])]
    sections = [section.replace(part=part_heading(plan), plan=labels.plan_label(plan))
                for plan, doc in parts for section in doc.sections]
    return chosen.replace(sections=sections, summary=summary or chosen.summary, intro=intro if chosen.intro else "")


def header_plan(plans: list[Plan]) -> int:
    """Which plan's office heads a paper for the whole office: of the plans that name their office
    ([plan.office]), else of all, the office most of them have, the first of those on a tie."""
    candidates = [i for i, plan in enumerate(plans) if plan.office.name] or list(range(len(plans)))
    names = [issuing_office(plans[i]).name for i in candidates]
    return candidates[names.index(max(names, key=names.count))]


def part_heading(plan: Plan) -> str:
    """"Kế hoạch số 25-KH/ThU: Tăng cường công tác thông tin …", heading a plan's part."""
    title = labels.clean(plan.title)
    return tr("paper_part", number=labels.clean(plan.number), title=title) if plan.number else title


def office_paper(plan: Plan, today: date, kind: str, code: str, summary: str,
                 sections: list[Section]) -> OfficeDocument:
    """A paper of the issuing office: its header and signer, the place and date, then the body.
    `code`: the kind's abbreviation in the number line; "": a paper without a number (a list)."""
    office = issuing_office(plan)
    on_behalf, title = signature(office.system, office.signer_on_behalf, office.signer_title)
    return OfficeDocument(
        system=office.system, body_above=office.above, body=office.name,
        number_line=number_line(office.system, code, office.symbol) if code else "",
        place_date=place_date_line(plan.place, today), kind=kind, summary=summary, sections=sections,
        recipients=office.recipients, signer_on_behalf=on_behalf, signer_title=title,
        signer_name=office.signer_name,
    )


def number_line(system: str, code: str, symbol: str) -> str:
    """The number, left for the clerk to fill in: "Số      -BC/BTGTU" (the Party's "15-BC/BTGTU"),
    "Số:      /BC-UBND" (the state's "15/BC-UBND")."""
    key = "paper_number_state" if system == STATE else "paper_number"
    return tr(key, code=code, symbol=symbol or BLANK_PLACE)


def _listing(plan: Plan, today: date, summary: str, tables: list[Table], *paragraphs: str) -> OfficeDocument:
    intro = tr("paper_intro", plan=labels.clean(plan.title), date=format_date(today))
    return office_paper(plan, today, tr("paper_kind_list"), "", summary,
                        [Section("", paragraphs, tuple(tables))]).replace(intro=intro)


def paper_table(title: str, columns: list[tuple[str, int]], rows: list[tuple[Cell, ...]], numbered: bool = True,
                summaries: Iterable[int] = (), sheet_only: Iterable[str] = (), unbroken: Iterable[str] = (),
                empty: str = "") -> Table:
    """A table of (column's message key, width) columns, its rows numbered (STT) unless told not;
    `summaries`: the rows (by index) that sum up a group, neither numbered nor counted.
    `sheet_only` and `unbroken` name columns by their keys (see `Table`); `empty`: what to say
    instead of a table without rows."""
    summaries = frozenset(summaries)
    if numbered:
        columns = [("col_no", NUMBER), *columns]
        numbers = iter(range(1, len(rows) + 1))
        rows = [(None if index in summaries else next(numbers), *row) for index, row in enumerate(rows)]
    keys = [key for key, _width in columns]
    return Table(title, tuple(tr(key) for key in keys), rows, tuple(width for _key, width in columns),
                 summaries=summaries, sheet_only=frozenset(keys.index(key) for key in sheet_only if key in keys),
                 unbroken=frozenset(keys.index(key) for key in unbroken if key in keys), empty=empty)


def units_of(plan: Plan, item: Item) -> str:
    """The units that carry an item, by their short names: a table's unit column is narrow."""
    return ", ".join(labels.clean(plan.unit(u).label) for u in item.units)


def unit_cell(plan: Plan, item: Item) -> str:
    """An item's unit column: its units, else its nearest section's that names some (`units` are
    inherited already; this says so for an item read without them), else a dash saying no unit
    was given."""
    for found in (item, *reversed(plan.ancestors(item))):
        if found.units:
            return units_of(plan, found)
    return tr("no_unit_given")


def _item_text(item: Item) -> str:
    return f"{item.id} — {labels.clean(item.text)}"


def due_cell(day: date | None) -> Cell:
    return day if day is not None else NO_DATE


# ---- reports -------------------------------------------------------------------------------

def _grouped(rows: list[ReportRow]) -> list[tuple[ReportRow, bool]]:
    """The rows as a paper shows them, each with whether it sums up a group: a unit's own report
    as it is; a unit whose members report on their own as one line of its own (its roll-up, where
    the rows have it, else its first member's row standing for the unit), then its members, at
    the place of the first of them. `reports`, `report-draft` and `checklist` all show this order."""
    def key(row: ReportRow) -> tuple[str, str, str]:
        return row.unit, row.period.id, row.obligation.rule.id

    roll_ups = {key(r): r for r in rows if r.members is not None}
    members: dict[tuple[str, str, str], list[ReportRow]] = {}
    for row in rows:
        if row.member:
            members.setdefault(key(row), []).append(row)
    out: list[tuple[ReportRow, bool]] = []
    shown: set[tuple[str, str, str]] = set()
    for row in rows:
        if not row.member and row.members is None:
            out.append((row, False))
        elif key(row) not in shown:
            shown.add(key(row))
            out.append((roll_ups.get(key(row), row), True))
            out += [(member, False) for member in members.get(key(row), [])]
    return out


def _summary_name(plan: Plan, row: ReportRow) -> str:
    """A group's line: "Các chi bộ thôn: đã nhận 1/3" for a roll-up, else the unit's short name."""
    label = labels.clean(plan.unit(row.unit).label)
    if row.members is None:
        return label
    return f"{label}: {tr('members_received', received=row.members[0], owed=row.members[1])}"


def _summary_state(row: ReportRow) -> str:
    """A roll-up's state without its tally, which its name says; a stand-in's none."""
    return tr("state_" + row.state, days=row.days) if row.members is not None else ""


def reports_table(plan: Plan, rows: list[ReportRow], title: str, checked: bool = False, empty: str = "") -> Table:
    """Who owes each report, when it was due and received, its number and state. The report's
    name gets a column only when the rows are of several reports; `checked`: a box to tick. A unit
    whose members report on their own is a line that sums them up, its members under it; the
    Excel sheet then names each row's unit in a column of its own, to sort and filter by."""
    lines = _grouped(rows)
    grouped = any(summary for _row, summary in lines)
    several = len({labels.report_name(r.obligation) for r in rows}) > 1
    columns = [("col_unit", UNIT)] if grouped else []
    columns += [("col_owner" if grouped else "col_unit", 18 if several else 24)]
    columns += [("col_report", 14)] if several else []
    columns += [("col_due", DATE), ("col_received", DATE), ("col_ref", REF), ("col_state", 14)]
    columns += [("col_checked", 6)] if checked else []
    cells = []
    for r, summary in lines:
        done = r.submitted is not None or r.state == "waived"
        row: tuple[Cell, ...] = (labels.clean(plan.unit(r.unit).label),) if grouped else ()
        if summary:
            received = r.submitted if r.members is not None else None
            row += (_summary_name(plan, r),) + ((labels.report_name(r.obligation),) if several else ())
            row += (r.due, received, "", _summary_state(r))
            row += ((DONE_MARK if done and r.members is not None else ""),) if checked else ()
        else:
            row += (labels.owner_label(plan, r),) + ((labels.report_name(r.obligation),) if several else ())
            row += (r.due, r.submitted, labels.clean(r.ref), labels.report_state(r))
            row += (DONE_MARK if done else "",) if checked else ()
        cells.append(row)
    return paper_table(title, columns, cells, summaries=[n for n, (_r, summary) in enumerate(lines) if summary],
                       sheet_only=["col_unit"] if grouped else [], unbroken=["col_ref", "col_state"], empty=empty)


def counted_reports(rows: list[ReportRow]) -> list[ReportRow]:
    """The reports a table of `rows` numbers: every row but the lines that sum up a group."""
    return [row for row, summary in _grouped(rows) if not summary]


def reports_paper(plan: Plan, rows: list[ReportRow], today: date) -> OfficeDocument:
    """`sapa reports`; named after its period when every row is of one."""
    periods = {r.period for r in rows}
    when = (labels.period_name(periods.pop(), plan) if len(periods) == 1
            else tr("paper_until", date=format_date(today)))
    empty = tr("paper_no_reports" if plan.reporting is not None and plan.reporting.rules else "paper_no_reports_at_all")
    return _listing(plan, today, tr("paper_reports_summary", when=when),
                    [reports_table(plan, rows, tr("paper_sheet_reports"), empty=empty)])


def overdue_paper(plan: Plan, found: OverdueReport, today: date) -> OfficeDocument:
    """Overdue reports, then items, in one table, as `sapa overdue` lists them; the overdue
    members of a unit under a line naming it."""
    lines = _grouped(found.reports)
    grouped = any(summary for _row, summary in lines)
    rows: list[tuple[Cell, ...]] = []
    for r, summary in lines:
        unit = (labels.clean(plan.unit(r.unit).label),) if grouped else ()
        if summary:
            rows.append((*unit, labels.report_name(r.obligation), _summary_name(plan, r), r.due, "", None))
        else:
            rows.append((*unit, labels.report_name(r.obligation), labels.owner_label(plan, r), r.due,
                         labels.report_state(r), r.days))
    rows += [((unit_cell(plan, d.item),) if grouped else ()) + (
        _item_text(d.item), unit_cell(plan, d.item), d.item.due, tr("item_" + d.state), d.days_late)
        for d in found.items]
    columns = [("col_unit", UNIT)] if grouped else []
    columns += [("col_text", 30), ("col_owner" if grouped else "col_unit", UNIT + 3), ("col_due", DATE),
                ("col_state", 12), ("col_late_days", 10)]
    table = paper_table(tr("paper_sheet_overdue"), columns, rows,
                        summaries=[n for n, (_r, summary) in enumerate(lines) if summary],
                        sheet_only=["col_unit"] if grouped else [], unbroken=["col_state"],
                        empty=tr("paper_nothing_overdue"))
    return _listing(plan, today, tr("paper_overdue_summary", date=format_date(today)), [table])


def status_paper(board: Dashboard) -> OfficeDocument:
    """`sapa status`: its summary lines as paragraphs, the units' standing as the table."""
    said = (tr("dash_today"), tr("dash_plan"))  # the paper's date line and introduction say these
    lines = [f"{label}: {value}" for label, value in labels.dashboard_header(board) if label not in said]
    rows: list[tuple[Cell, ...]] = [
        (labels.clean(row.unit.label), row.duties_done, row.duties_total,
         round(row.percent) if row.percent is not None else None,
         row.reports_owed, row.reports_received, row.reports_overdue) for row in board.units]
    table = paper_table(tr("paper_sheet_units"), [("col_unit", 22), ("col_progress", 10), ("col_duties", 9),
                                                  ("col_percent", 8), ("col_owed", 9), ("col_received_count", 7),
                                                  ("col_overdue", 7)], rows, empty=tr("paper_no_rows"))
    return _listing(board.plan, board.today, tr("paper_status_summary", date=format_date(board.today)), [table],
                    *lines)


def _deadline_cells(plan: Plan, deadline: Deadline) -> tuple[Cell, ...]:
    """What is owed, by whom, when, how long is left, and where it stands; first, the unit, for
    the sheet's column of units."""
    left = labels.days_left(deadline.days_left)
    if deadline.report is not None:
        row = deadline.report
        state = tr("paper_not_received")  # an open report: how long is left says the rest
        if row.members is not None:
            state += f" ({tr('members_received', received=row.members[0], owed=row.members[1])})"
        return (labels.clean(plan.unit(row.unit).label), labels.report_name(row.obligation),
                labels.owner_label(plan, row), row.due, left, state)
    assert deadline.item is not None
    item = deadline.item.item
    text = f"{item.id} — {shorten(labels.clean(item.text), 120)}"  # the id says which; a reminder need not quote it all
    units = unit_cell(plan, item)
    return units, text, units, deadline.due, left, labels.status(deadline.item.status)


def deadlines_table(plan: Plan, found: list[Deadline], title: str, empty: str = "") -> Table:
    """Deadlines by date. Where members report on their own, the sheet names each row's unit."""
    grouped = any(d.report is not None and d.report.member for d in found)
    rows = [_deadline_cells(plan, d)[0 if grouped else 1:] for d in found]
    columns = [("col_unit", UNIT)] if grouped else []
    columns += [("col_text", 28), ("col_owner" if grouped else "col_unit", UNIT + 3), ("col_due", DATE),
                ("col_left", 11), ("col_state", 10)]
    return paper_table(title, columns, rows, sheet_only=["col_unit"] if grouped else [],
                       unbroken=["col_left", "col_state"], empty=empty)


def remind_paper(plan: Plan, found: list[Reminder], today: date) -> OfficeDocument:
    return _listing(plan, today, tr("paper_remind_summary", date=format_date(today)),
                    [deadlines_table(plan, found, tr("paper_sheet_remind"), tr("paper_nothing_to_remind"))])


# ---- checklists ----------------------------------------------------------------------------

def _check_cells(entry: CheckItem) -> tuple[Cell, ...]:
    """An item as the text checklist has it: its deadline after its text, its status with the
    date of its latest update, its latest note."""
    item, progress = entry.item, entry.progress
    text = _item_text(item)
    if item.due is not None:
        text += f" ({tr('checklist_due', due=format_date(item.due))})"
    status = labels.status(entry.status) + (f" ({format_date(progress.updated)})" if progress else "")
    return (text, status, labels.clean(progress.note) if progress else "",
            DONE_MARK if entry.ticked else "")


def checklist_paper(found: Checklist) -> OfficeDocument:
    """The reports to collect and each unit's own, the units' items, and the contents to cover,
    each row with a box to tick."""
    plan, period = found.plan, found.period
    by_deadline = period.kind == "once" and period.code == f"{period.end:%d/%m/%Y}"
    summary = (tr("paper_checklist_due_summary", due=format_date(period.end)) if by_deadline
               else tr("paper_checklist_summary", period=f"{labels.period_name(period, plan)} ({period.id})"))
    # The members' reports a unit collects, each unit's roll-up over them, as `reports` has them.
    report_rows = with_roll_ups([row for _unit, row in found.received])
    seen = {(r.owner, r.period.id, r.obligation.rule.id) for r in report_rows}
    report_rows += [u.report for u in found.units if u.report is not None
                    and (u.report.owner, u.report.period.id, u.report.obligation.rule.id) not in seen]
    tables = []
    if report_rows:
        tables.append(reports_table(plan, report_rows, tr("paper_sheet_reports"), checked=True))
    item_rows = [(labels.clean(u.unit.label), *_check_cells(e)) for u in found.units for e in u.duties]
    check_columns = [("col_duty", 30), ("col_status", 13), ("col_note", 14), ("col_checked", 6)]
    if item_rows:
        tables.append(paper_table(tr("paper_sheet_items"), [("col_unit", UNIT), *check_columns], item_rows))
    if found.contents:
        tables.append(paper_table(tr("paper_sheet_contents"), [("col_text", 43), *check_columns[1:]],
                                  [_check_cells(e) for e in found.contents]))
    return _listing(plan, found.today, summary, tables, *(() if tables else (tr("paper_nothing_to_check"),)))


# ---- the other listings --------------------------------------------------------------------

def units_paper(plan: Plan, rows: list[UnitRow], today: date) -> OfficeDocument:
    table = paper_table(tr("paper_sheet_unit_list"),
                        [("col_id", 10), ("col_name", 28), ("col_parent", 16), ("col_duties", 7), ("col_members", 16)],
                        [(r.unit.id, labels.clean(r.unit.name), labels.clean(r.parent.name) if r.parent else "",
                          r.duties, "; ".join(labels.clean(labels.member_name(m)) for m in r.unit.members))
                         for r in rows],
                        empty=tr("paper_no_rows"))
    return _listing(plan, today, tr("paper_units_summary"), [table])


def duties_paper(plan: Plan, groups: list[DutyGroup], today: date) -> OfficeDocument:
    """`sapa duties`: a duty of two units is a row of each, as on the screen."""
    rows: list[tuple[Cell, ...]] = [
        (labels.clean(g.unit.label), r.item.id, labels.clean(r.item.text), due_cell(r.item.due),
         labels.item_standing(r.status, r.deadline)) for g in groups for r in g.rows]
    table = paper_table(tr("paper_sheet_items"), [("col_unit", UNIT), ("col_id", ID), ("col_duty", 30),
                                                  ("col_due", DATE), ("col_status", 14)], rows,
                        empty=tr("paper_no_rows"))
    return _listing(plan, today, tr("paper_duties_summary", date=format_date(today)), [table])


def history_paper(plan: Plan, rows: list[HistoryRow], today: date, login: str = "") -> OfficeDocument:
    """The changes recorded up to the paper's day: one recorded after it is no part of a paper
    dated then. Who made each: the name given with it, never `login`, this computer's account,
    which a change records when it names no one; for those, the office's clerk, else nobody."""
    clerk = issuing_office(plan).clerk
    cells: list[tuple[Cell, ...]] = [
        (r.event.recorded, r.event.date,
         labels.history_summary(r) + (" " + tr("event_undone") if r.undone_by else ""),
         labels.clean(r.event.by if r.event.by and r.event.by != login else clerk),
         labels.clean(r.event.ref), labels.clean(r.event.note))
        for r in rows if r.event.recorded.date() <= today]
    table = paper_table(tr("paper_sheet_history"), [("col_when", 16), ("col_date", DATE), ("col_event", 22),
                                                    ("col_by", 10), ("col_ref", REF), ("col_note", 16)], cells,
                        numbered=False, unbroken=["col_ref"], empty=tr("paper_no_rows"))
    return _listing(plan, today, tr("paper_history_summary", date=format_date(today)), [table])


def office_status_paper(status: OfficeStatus, header: Plan) -> OfficeDocument:
    """`sapa status` across the office: each plan's nearest deadline and what is overdue in it,
    then what each unit owes across them all. The header is `header`'s office."""
    plans: list[tuple[Cell, ...]] = []
    for view, standing in status.plans:
        found = labels.office_next(view, standing.next_due)
        nearest = f"{labels.days_left(found['days'])} — {labels.clean(found['what'])}" if found else tr("dash_none")
        plans.append((labels.clean(view.label), labels.clean(view.title),
                      date_of(found["due"]) if found else None, nearest,
                      standing.overdue_reports, standing.overdue_items))
    units: list[tuple[Cell, ...]] = [(labels.clean(f"{o.name} ({o.plan_label})" if o.plan else o.name), o.reports,
                                      o.plans) for o in status.owed]
    tables = (
        paper_table(tr("paper_sheet_plans"), [("col_number", REF + 3), ("col_plan_title", 24), ("col_due", DATE),
                                              ("col_next", 22), ("col_overdue_reports", 9), ("col_overdue_items", 9)],
                    plans, unbroken=["col_number"], empty=tr("paper_no_rows")),
        paper_table(tr("paper_sheet_owed"), [("col_unit", 30), ("col_open", 12), ("col_plans_count", 12)], units,
                    empty=tr("workspace_nothing_owed")),
    )
    intro = tr("paper_office_intro", count=len(status.plans), date=format_date(status.today))
    return office_paper(header, status.today, tr("paper_kind_list"), "",
                        tr("paper_office_status_summary", date=format_date(status.today)),
                        [Section("", (), tables)]).replace(intro=intro)


def date_of(iso: str) -> date:
    return date.fromisoformat(iso)
