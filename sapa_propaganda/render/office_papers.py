"""Listings and the report draft as papers for the leaders: `OfficeDocument`s and their `Table`s.

One function per listing builds the document, in the interface's words; the Word writer lays it
out (`office_docx`), the Excel writer takes its tables, one sheet each (`sheets`), and
`document_text` prints it as Markdown or plain text. The header names the office that issues the
paper (`report_draft.issuing_office`): the plan's [plan.office], never a name from the code.

Column widths are in characters, as Excel counts them; Word shares the page out in the same
proportions. About 80 of them fill a portrait page's width at the tables' 12 points, and a date
needs 12, so a table keeps its columns few: what a leader reads, not every field of the ledger.
"""

from __future__ import annotations

from ..dates import format_date
from ..i18n import tr
from ..report_draft import issuing_office
from ..text import for_display, shorten
from . import labels
from .office_document import BLANK, BLANK_PLACE, Cell, OfficeDocument, Section, Table, place_date_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from ..daily import CheckItem, Checklist, Dashboard, Reminder
    from ..deadlines import Deadline, OverdueReport, ReportRow
    from ..model import Item, Plan
    from ..queries import DutyGroup, HistoryRow, UnitRow
    from ..report_draft import ItemLine, ReportDraft, UnitItems

# The document kinds' abbreviations in the number line (Hướng dẫn 36-HD/VPTW): báo cáo, danh sách.
REPORT_CODE, LIST_CODE = "BC", "DS"
DONE_MARK = "x"  # in the "done" column of a checklist; an empty cell is left to tick by hand
NUMBER, ID, DATE = 6, 9, 12  # the widths of the STT column, of an item id, of a date
ITEM_TEXT = 200  # an item's text in the report draft's tables, at most


def sheets(doc: OfficeDocument) -> list[Table]:
    """The document's tables, in order: the sheets of its Excel workbook."""
    return [table for section in doc.sections for table in section.tables]


def _paper(plan: Plan, today: date, kind: str, code: str, summary: str, sections: list[Section]) -> OfficeDocument:
    """A paper of the issuing office: its header and signer, the place and date, then the body."""
    office = issuing_office(plan)
    return OfficeDocument(
        body_above=office.above, body=office.name,
        number_line=tr("paper_number", code=code, symbol=office.symbol or BLANK_PLACE),
        place_date=place_date_line(plan.place, today), kind=kind, summary=summary, sections=sections,
        recipients=office.recipients, signer_on_behalf=office.signer_on_behalf,
        signer_title=office.signer_title, signer_name=office.signer_name,
    )


def _listing(plan: Plan, today: date, summary: str, tables: list[Table], *paragraphs: str) -> OfficeDocument:
    intro = tr("paper_intro", plan=labels.clean(plan.title), date=format_date(today))
    return _paper(plan, today, tr("paper_kind_list"), LIST_CODE, summary,
                  [Section("", (intro, *paragraphs), tuple(tables))])


def _table(title: str, columns: list[tuple[str, int]], rows: list[tuple[Cell, ...]], numbered: bool = True) -> Table:
    """A table of (column's message key, width) columns, its rows numbered (STT) unless told not."""
    if numbered:
        columns = [("col_no", NUMBER), *columns]
        rows = [(number, *row) for number, row in enumerate(rows, start=1)]
    return Table(title, tuple(tr(key) for key, _width in columns), rows, tuple(width for _key, width in columns))


def _units_of(plan: Plan, item: Item) -> str:
    return ", ".join(plan.unit(u).name for u in item.units)


def _item_text(item: Item) -> str:
    return f"{item.id} — {labels.clean(item.text)}"


# ---- reports -------------------------------------------------------------------------------

def _reports_table(plan: Plan, rows: list[ReportRow], title: str, checked: bool = False) -> Table:
    """Who owes each report, when it was due and received, its number and state. The report's
    name gets a column only when the rows are of several reports; `checked`: a box to tick."""
    several = len({labels.report_name(r.obligation) for r in rows}) > 1
    unit = (16 - 3 * checked) if several else 22  # what the page's width leaves for the names
    columns = [("col_unit", unit)] + ([("col_report", 12)] if several else [])
    columns += [("col_due", DATE), ("col_received", DATE), ("col_ref", 10), ("col_state", 12)]
    columns += [("col_checked", 7)] if checked else []
    cells = []
    for r in rows:
        row: tuple[Cell, ...] = (labels.owner_name(plan, r),) + ((labels.report_name(r.obligation),) if several else ())
        row += (r.due, r.submitted, labels.clean(r.ref), labels.report_state(r))
        row += (DONE_MARK if r.submitted is not None or r.state == "waived" else "",) if checked else ()
        cells.append(row)
    return _table(title, columns, cells)


def reports_paper(plan: Plan, rows: list[ReportRow], today: date) -> OfficeDocument:
    """`sapa reports`; named after its period when every row is of one."""
    periods = {r.period for r in rows}
    when = (labels.period_name(periods.pop(), plan) if len(periods) == 1
            else tr("paper_until", date=format_date(today)))
    return _listing(plan, today, tr("paper_reports_summary", when=when),
                    [_reports_table(plan, rows, tr("paper_sheet_reports"))])


def overdue_paper(plan: Plan, found: OverdueReport, today: date) -> OfficeDocument:
    """Overdue reports, then items, in one table, as `sapa overdue` lists them."""
    rows: list[tuple[Cell, ...]] = [
        (labels.report_name(r.obligation), labels.owner_name(plan, r), r.due, labels.report_state(r), r.days)
        for r in found.reports]
    rows += [(_item_text(d.item), _units_of(plan, d.item), d.item.due, tr("item_" + d.state), d.days_late)
             for d in found.items]
    table = _table(tr("paper_sheet_overdue"), [("col_text", 28), ("col_unit", 16), ("col_due", DATE),
                                               ("col_state", 12), ("col_late_days", 8)], rows)
    return _listing(plan, today, tr("paper_overdue_summary", date=format_date(today)), [table])


def status_paper(board: Dashboard) -> OfficeDocument:
    """`sapa status`: its summary lines as paragraphs, the units' standing as the table."""
    said = (tr("dash_today"), tr("dash_plan"))  # the paper's date line and introduction say these
    lines = [f"{label}: {value}" for label, value in labels.dashboard_header(board) if label not in said]
    rows: list[tuple[Cell, ...]] = [
        (labels.clean(row.unit.name), row.duties_done, row.duties_total,
         round(row.percent) if row.percent is not None else None,
         row.reports_owed, row.reports_received, row.reports_overdue) for row in board.units]
    table = _table(tr("paper_sheet_units"), [("col_unit", 25), ("col_progress", 9), ("col_duties", 9),
                                             ("col_percent", 8), ("col_owed", 8), ("col_received_count", 7),
                                             ("col_overdue", 7)], rows)
    return _listing(board.plan, board.today, tr("paper_status_summary", date=format_date(board.today)), [table],
                    *lines)


def _deadline_cells(plan: Plan, deadline: Deadline) -> tuple[Cell, ...]:
    """What is owed, by whom, when, how long is left, and where it stands."""
    left = labels.days_left(deadline.days_left)
    if deadline.report is not None:
        row = deadline.report
        state = tr("paper_not_received")  # an open report: how long is left says the rest
        if row.members is not None:
            state += f" ({tr('members_received', received=row.members[0], owed=row.members[1])})"
        return labels.report_name(row.obligation), labels.owner_name(plan, row), row.due, left, state
    assert deadline.item is not None
    item = deadline.item.item
    text = f"{item.id} — {shorten(labels.clean(item.text), 120)}"  # the id says which; a reminder need not quote it all
    return text, _units_of(plan, item), deadline.due, left, labels.status(deadline.item.status)


def _deadlines_table(plan: Plan, found: list[Deadline], title: str) -> Table:
    return _table(title, [("col_text", 26), ("col_unit", 16), ("col_due", DATE), ("col_left", 10),
                          ("col_state", 10)], [_deadline_cells(plan, d) for d in found])


def remind_paper(plan: Plan, found: list[Reminder], today: date) -> OfficeDocument:
    return _listing(plan, today, tr("paper_remind_summary", date=format_date(today)),
                    [_deadlines_table(plan, found, tr("paper_sheet_remind"))])


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
            DONE_MARK if entry.status in ("done", "cancelled") else "")


def checklist_paper(found: Checklist) -> OfficeDocument:
    """The reports to collect and each unit's own, the units' items, and the contents to cover,
    each row with a box to tick."""
    plan, period = found.plan, found.period
    by_deadline = period.kind == "once" and period.code == f"{period.end:%d/%m/%Y}"
    summary = (tr("paper_checklist_due_summary", due=format_date(period.end)) if by_deadline
               else tr("paper_checklist_summary", period=f"{labels.period_name(period, plan)} ({period.id})"))
    report_rows = [row for _unit, row in found.received]
    seen = {(r.owner, r.period.id, r.obligation.rule.id) for r in report_rows}
    report_rows += [u.report for u in found.units if u.report is not None
                    and (u.report.owner, u.report.period.id, u.report.obligation.rule.id) not in seen]
    tables = []
    if report_rows:
        tables.append(_reports_table(plan, report_rows, tr("paper_sheet_reports"), checked=True))
    item_rows = [(labels.clean(u.unit.name), *_check_cells(e)) for u in found.units for e in u.duties]
    check_columns = [("col_duty", 29), ("col_status", 13), ("col_note", 14), ("col_checked", 7)]
    if item_rows:
        tables.append(_table(tr("paper_sheet_items"), [("col_unit", 14), *check_columns], item_rows))
    if found.contents:
        tables.append(_table(tr("paper_sheet_contents"), [("col_text", 44), *check_columns[1:]],
                             [_check_cells(e) for e in found.contents]))
    return _listing(plan, found.today, summary, tables)


# ---- the other listings --------------------------------------------------------------------

def units_paper(plan: Plan, rows: list[UnitRow], today: date) -> OfficeDocument:
    table = _table(tr("paper_sheet_unit_list"),
                   [("col_id", 10), ("col_name", 28), ("col_parent", 16), ("col_duties", 7), ("col_members", 16)],
                   [(r.unit.id, labels.clean(r.unit.name), labels.clean(r.parent.name) if r.parent else "", r.duties,
                     "; ".join(labels.clean(m.name) for m in r.unit.members)) for r in rows])
    return _listing(plan, today, tr("paper_units_summary"), [table])


def duties_paper(plan: Plan, groups: list[DutyGroup], today: date) -> OfficeDocument:
    """`sapa duties`: a duty of two units is a row of each, as on the screen."""
    rows: list[tuple[Cell, ...]] = [
        (labels.clean(g.unit.name), r.item.id, labels.clean(r.item.text), r.item.due,
         labels.item_standing(r.status, r.deadline)) for g in groups for r in g.rows]
    table = _table(tr("paper_sheet_items"), [("col_unit", 14), ("col_id", ID), ("col_duty", 29), ("col_due", DATE),
                                             ("col_status", 13)], rows)
    return _listing(plan, today, tr("paper_duties_summary", date=format_date(today)), [table])


def history_paper(plan: Plan, rows: list[HistoryRow], today: date) -> OfficeDocument:
    cells: list[tuple[Cell, ...]] = [
        (labels.recorded(r.event), r.event.date,
         labels.event_summary(r.event, r.reverted) + (" " + tr("event_undone") if r.undone_by else ""),
         labels.clean(r.event.by), labels.clean(r.event.ref), labels.clean(r.event.note)) for r in rows]
    table = _table(tr("paper_sheet_history"), [("col_when", 11), ("col_date", DATE), ("col_event", 22), ("col_by", 10),
                                               ("col_ref", 10), ("col_note", 16)], cells, numbered=False)
    return _listing(plan, today, tr("paper_history_summary", date=format_date(today)), [table])


class PaperRenderer:
    """Takes a listing as the screen's renderers do (`renderer.reports(plan, rows)`) and keeps it
    as a paper, for `-o FILE.docx` and `-o FILE.xlsx`."""

    def __init__(self, plan: Plan, today: date):
        self.plan, self.today = plan, today
        self.document: OfficeDocument | None = None

    def units(self, rows: list[UnitRow]) -> None:
        self.document = units_paper(self.plan, rows, self.today)

    def duties(self, groups: list[DutyGroup]) -> None:
        self.document = duties_paper(self.plan, groups, self.today)

    def history(self, rows: list[HistoryRow]) -> None:
        self.document = history_paper(self.plan, rows, self.today)

    def reports(self, plan: Plan, rows: list[ReportRow]) -> None:
        self.document = reports_paper(plan, rows, self.today)

    def overdue(self, plan: Plan, found: OverdueReport) -> None:
        self.document = overdue_paper(plan, found, self.today)

    def dashboard(self, board: Dashboard) -> None:
        self.document = status_paper(board)


# ---- the report draft ----------------------------------------------------------------------

def _blank(key: str) -> str:
    """A sentence for the clerk to finish: its start, then a marked blank."""
    return tr(key, blank=BLANK)


def _items_table(title: str, groups: list[UnitItems], columns: list[tuple[str, int]],
                 cells: Callable[[ItemLine], tuple[Cell, ...]]) -> Table:
    """Items by unit: the unit (a column only when some item has one), the item's id and text, cut
    short since the id names it and the draft is for summing up, then `cells`; an item of two
    units twice."""
    by_unit = any(g.unit is not None for g in groups)
    unit = 14 if by_unit else 0
    duty = 80 - NUMBER - unit - ID - sum(width for _key, width in columns)  # the rest of the page's width
    rows = [((labels.clean(g.unit.name) if g.unit else "",) if by_unit else ()) + (
        line.item.id, shorten(labels.clean(line.item.text), ITEM_TEXT), *cells(line))
        for g in groups for line in g.lines]
    return _table(title, [("col_unit", unit)] * by_unit + [("col_id", ID), ("col_duty", duty), *columns], rows)


def _done_cells(line: ItemLine) -> tuple[Cell, ...]:
    """When it was done, and how: against its deadline where it has one, with the document's number."""
    progress = line.progress
    assert progress is not None
    result = labels.item_standing("done", line.deadline)
    return progress.done_on, "; ".join(part for part in (result, labels.clean(progress.ref)) if part)


def _open_cells(line: ItemLine) -> tuple[Cell, ...]:
    return line.item.due, labels.item_standing(line.deadline.status, line.deadline)


def _count(groups: list[UnitItems]) -> int:
    return len({line.item.id for g in groups for line in g.lines})


def _reports_named(plan: Plan, rows: list[ReportRow]) -> str:
    return "; ".join(f"{labels.owner_name(plan, r)} ({labels.report_state(r)})" for r in rows)


def report_draft_paper(draft: ReportDraft) -> OfficeDocument:
    """The office's consolidated report of one period, drafted from the ledger: I. results
    (reports received, items done), II. shortcomings (reports missing or late, items overdue or
    blocked), III. what comes next (open items, the next deadlines). Each judgement is a blank."""
    plan, today = draft.plan, draft.today
    owed = [r for r in draft.reports if r.members is None and r.state != "waived"]  # each report once
    received = [r for r in owed if r.submitted is not None]
    dated = [("col_due", DATE), ("col_state", 14)]

    sections = [Section(tr("draft_results"))]
    if draft.reports:
        tally = tr("draft_reports_tally", date=format_date(today), received=len(received), owed=len(owed),
                   on_time=sum(r.state == "on-time" for r in received), late=sum(r.state == "late" for r in received))
        sections.append(Section(tr("draft_reports_heading"), (tally,),
                                (_reports_table(plan, draft.reports, tr("draft_sheet_reports")),)))
    else:
        sections.append(Section(tr("draft_reports_heading"), (tr("draft_no_reports"),)))
    if draft.done:
        sections.append(Section(tr("draft_done_heading"), (tr("draft_done_tally", count=_count(draft.done)),), (
            _items_table(tr("draft_sheet_done"), draft.done, [("col_done_on", DATE), ("col_assessment", 14)],
                         _done_cells),)))
    else:
        sections.append(Section(tr("draft_done_heading"), (tr("draft_none_done"),)))
    sections.append(Section("", (_blank("draft_assessment"),)))

    limits = [tr("draft_missing", reports=_reports_named(plan, draft.missing)) if draft.missing
              else tr("draft_missing_none")]
    if draft.late:
        limits.append(tr("draft_late", reports=_reports_named(plan, draft.late)))
    if draft.blocked:
        limits.append(tr("draft_blocked", items=", ".join(
            dict.fromkeys(line.item.id for g in draft.blocked for line in g.lines))))
    limits.append(tr("draft_overdue_tally", count=_count(draft.overdue)) if draft.overdue
                  else tr("draft_overdue_none"))
    sections.append(Section(tr("draft_limits"), tuple(limits), (
        _items_table(tr("draft_sheet_overdue"), draft.overdue, dated, _open_cells),) if draft.overdue else ()))
    sections.append(Section("", (_blank("draft_reason"), _blank("draft_other_limits"))))

    sections.append(Section(tr("draft_next"), (
        _blank("draft_direction"),
        tr("draft_open_tally", count=_count(draft.open)) if draft.open else tr("draft_open_none")), (
        _items_table(tr("draft_sheet_open"), draft.open, dated, _open_cells),) if draft.open else ()))
    sections.append(Section("", (tr("draft_upcoming_heading") if draft.upcoming else tr("draft_upcoming_none"),), (
        _deadlines_table(plan, draft.upcoming, tr("draft_sheet_upcoming")),) if draft.upcoming else ()))
    sections.append(Section("", (_blank("draft_proposals"),)))

    summary = tr("draft_summary", plan=labels.clean(plan.title), period=labels.period_name(draft.period, plan))
    return _paper(plan, today, tr("paper_kind_report"), REPORT_CODE, summary, sections)


# ---- as text -------------------------------------------------------------------------------

def _text_cell(value: Cell, markdown: bool) -> str:
    if value is None:
        return ""
    text = for_display(value if isinstance(value, str) else str(value) if isinstance(value, int)
                       else format_date(value))  # one line
    return text.replace("\\", "\\\\").replace("|", "\\|") if markdown else text


def document_text(doc: OfficeDocument, markdown: bool = True) -> str:
    """The document as Markdown (or plain text), in the order the Word file shows it."""
    out: list[str] = []

    def block(*texts: str) -> None:
        """Lines of one paragraph (in Markdown, kept apart by hard line breaks), then a blank line."""
        for number, text in enumerate(texts, start=1):
            out.append(for_display(text) + ("  " if markdown and number < len(texts) else ""))
        out.append("")

    def heading(level: int, text: str) -> None:
        if markdown:
            block("#" * level + " " + text)
        else:
            block(for_display(text), ("=" if level == 1 else "-") * len(for_display(text)))

    block(*[t for t in (doc.body_above.upper(), doc.body.upper()) if t], doc.number_line)
    block(tr("paper_party"), doc.place_date)
    if doc.kind:
        heading(1, doc.kind.upper())
    if doc.summary:
        block(f"**{doc.summary}**" if markdown else doc.summary)
    for section in doc.sections:
        if section.heading:  # "1. …" under "I. …"
            heading(3 if section.heading[:1].isdigit() else 2, section.heading)
        for paragraph in section.paragraphs:
            block(paragraph)
        for table in section.tables:
            if table.title:
                block(f"**{table.title}**" if markdown else table.title)
            rows = [[_text_cell(value, markdown) for value in row] for row in table.rows]
            headers = [_text_cell(h, markdown) for h in table.headers]
            if markdown:
                out.extend("| " + " | ".join(cells) + " |" for cells in (headers, ["---"] * len(headers), *rows))
            else:
                out.extend(" | ".join(cells) for cells in (headers, *rows))
            out.append("")
    block(tr("paper_recipients"), *(f"- {r}" for r in doc.recipients or (BLANK,)))
    block(doc.signer_on_behalf.upper() or BLANK, doc.signer_title.upper() or BLANK)
    block(doc.signer_name or BLANK)
    return "\n".join(out).rstrip("\n") + "\n"
