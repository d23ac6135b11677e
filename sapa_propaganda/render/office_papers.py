"""Listings and the report draft as papers for the leaders: `OfficeDocument`s and their `Table`s.

One function per listing builds the document, in the interface's words; the Word writer lays it
out (`office_docx`), the Excel writer takes its tables, one sheet each (`sheets`), and
`document_text` prints it as Markdown or plain text. The header names the office that issues the
paper (`report_draft.issuing_office`): the plan's [plan.office], never a name from the code.
"""

from __future__ import annotations

from ..dates import format_date
from ..i18n import tr
from ..report_draft import issuing_office
from ..text import for_display
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


def _numbered(rows: list[tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
    return [(number, *row) for number, row in enumerate(rows, start=1)]


def _columns(*keys: str) -> tuple[str, ...]:
    return tuple(tr(key) for key in ("col_no", *keys))


# ---- listings ------------------------------------------------------------------------------

def _report_cells(plan: Plan, row: ReportRow) -> tuple[Cell, ...]:
    return (labels.owner_name(plan, row), labels.report_title(row.obligation), row.due, row.submitted,
            labels.clean(row.ref), labels.report_state(row))


def _reports_table(plan: Plan, rows: list[ReportRow], title: str) -> Table:
    return Table(title, _columns("col_unit", "col_report", "col_due", "col_received", "col_ref", "col_state",
                                 "col_note"),
                 _numbered([(*_report_cells(plan, r), labels.clean(r.note)) for r in rows]),
                 widths=(4, 22, 22, 11, 11, 12, 14, 14))


def reports_paper(plan: Plan, rows: list[ReportRow], today: date) -> OfficeDocument:
    """`sapa reports`; named after its period when every row is of one."""
    periods = {r.period for r in rows}
    when = (labels.period_name(periods.pop(), plan) if len(periods) == 1
            else tr("paper_until", date=format_date(today)))
    return _listing(plan, today, tr("paper_reports_summary", when=when),
                    [_reports_table(plan, rows, tr("paper_sheet_reports"))])


def _item_units(plan: Plan, item: Item) -> str:
    return ", ".join(plan.unit(u).name for u in item.units)


def overdue_paper(plan: Plan, found: OverdueReport, today: date) -> OfficeDocument:
    """Overdue reports, then items, in one table, as `sapa overdue` lists them."""
    rows: list[tuple[Cell, ...]] = [
        (tr("overdue_kind_report"), row.owner, labels.unit_report(plan, row), labels.owner_name(plan, row), row.due,
         labels.report_state(row), row.days) for row in found.reports]
    rows += [(tr("kind_" + d.item.kind), d.item.id, labels.clean(d.item.text), _item_units(plan, d.item), d.item.due,
              tr("item_" + d.state), d.days_late) for d in found.items]
    table = Table(tr("paper_sheet_overdue"),
                  _columns("col_kind", "col_id", "col_text", "col_unit", "col_due", "col_state", "col_late_days"),
                  _numbered(rows), widths=(4, 10, 12, 40, 20, 11, 14, 9))
    return _listing(plan, today, tr("paper_overdue_summary", date=format_date(today)), [table])


def status_paper(board: Dashboard) -> OfficeDocument:
    """`sapa status`: its summary lines as paragraphs, the units' standing as the table."""
    lines = [f"{label}: {value}" for label, value in labels.dashboard_header(board)]
    rows: list[tuple[Cell, ...]] = [
        (row.unit.name, row.duties_done, row.duties_total, round(row.percent) if row.percent is not None else None,
         row.reports_owed, row.reports_received, row.reports_overdue) for row in board.units]
    table = Table(tr("paper_sheet_units"),
                  _columns("col_unit", "col_progress", "col_duties", "col_percent", "col_owed", "col_received_count",
                           "col_overdue"), _numbered(rows), widths=(4, 30, 11, 9, 8, 10, 8, 8))
    return _listing(board.plan, board.today, tr("paper_status_summary", date=format_date(board.today)), [table],
                    *lines)


def _deadline_cells(plan: Plan, deadline: Deadline) -> tuple[Cell, ...]:
    """What is owed, by whom, when, how long is left, and where it stands."""
    left = labels.days_left(deadline.days_left)
    if deadline.report is not None:
        row = deadline.report
        return (tr("overdue_kind_report"), labels.report_name(row.obligation), labels.owner_name(plan, row), row.due,
                left, labels.report_state(row))
    assert deadline.item is not None
    item = deadline.item.item
    return (tr("kind_" + item.kind), f"{item.id} — {labels.clean(item.text)}", _item_units(plan, item),
            deadline.due, left, labels.item_standing(deadline.item.status, deadline.item))


def _deadlines_table(plan: Plan, found: list[Deadline], title: str) -> Table:
    return Table(title, _columns("col_kind", "col_text", "col_unit", "col_due", "col_left", "col_state"),
                 _numbered([_deadline_cells(plan, d) for d in found]), widths=(4, 10, 40, 20, 11, 14, 14))


def remind_paper(plan: Plan, found: list[Reminder], today: date) -> OfficeDocument:
    return _listing(plan, today, tr("paper_remind_summary", date=format_date(today)),
                    [_deadlines_table(plan, found, tr("paper_sheet_remind"))])


def _check_cells(entry: CheckItem) -> tuple[Cell, ...]:
    progress = entry.progress
    return (entry.item.id, labels.clean(entry.item.text), entry.item.due, labels.status(entry.status),
            progress.updated if progress else None, labels.clean(progress.note) if progress else "",
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
        tables.append(Table(tr("paper_sheet_reports"),
                            _columns("col_unit", "col_report", "col_due", "col_received", "col_ref", "col_state",
                                     "col_checked"),
                            _numbered([(*_report_cells(plan, r),
                                        DONE_MARK if r.submitted is not None or r.state == "waived" else "")
                                       for r in report_rows]), widths=(4, 24, 24, 11, 11, 12, 16, 7)))
    item_rows = [(labels.clean(u.unit.name), *_check_cells(e)) for u in found.units for e in u.duties]
    if item_rows:
        tables.append(Table(tr("paper_sheet_items"),
                            _columns("col_unit", "col_id", "col_duty", "col_due", "col_status", "col_updated",
                                     "col_note", "col_checked"),
                            _numbered(item_rows), widths=(4, 18, 9, 40, 11, 12, 11, 20, 7)))
    if found.contents:
        tables.append(Table(tr("paper_sheet_contents"),
                            _columns("col_id", "col_text", "col_due", "col_status", "col_updated", "col_note",
                                     "col_checked"),
                            _numbered([_check_cells(e) for e in found.contents]),
                            widths=(4, 10, 50, 11, 12, 11, 20, 7)))
    return _listing(plan, found.today, summary, tables)


def units_paper(plan: Plan, rows: list[UnitRow], today: date) -> OfficeDocument:
    table = Table(tr("paper_sheet_unit_list"),
                  _columns("col_id", "col_name", "col_parent", "col_duties", "col_members"),
                  _numbered([(r.unit.id, labels.clean(r.unit.name), labels.clean(r.parent.name) if r.parent else "",
                              r.duties, "; ".join(labels.clean(m.name) for m in r.unit.members)) for r in rows]),
                  widths=(4, 14, 36, 24, 9, 30))
    return _listing(plan, today, tr("paper_units_summary"), [table])


def duties_paper(plan: Plan, groups: list[DutyGroup], today: date) -> OfficeDocument:
    """`sapa duties`: a duty of two units is a row of each, as on the screen."""
    rows: list[tuple[Cell, ...]] = [
        (labels.clean(g.unit.name), r.item.id, r.section.id if r.section else "", labels.clean(r.item.text), r.item.due,
         labels.item_standing(r.status, r.deadline), r.progress.updated if r.progress else None,
         labels.clean(r.progress.note) if r.progress else "") for g in groups for r in g.rows]
    table = Table(tr("paper_sheet_items"), _columns("col_unit", "col_id", "col_section", "col_duty", "col_due",
                                                    "col_status", "col_updated", "col_note"),
                  _numbered(rows), widths=(4, 18, 9, 7, 40, 11, 14, 11, 18))
    return _listing(plan, today, tr("paper_duties_summary", date=format_date(today)), [table])


def history_paper(plan: Plan, rows: list[HistoryRow], today: date) -> OfficeDocument:
    cells: list[tuple[Cell, ...]] = [
        (labels.recorded(r.event), r.event.date,
         labels.event_summary(r.event, r.reverted) + (" " + tr("event_undone") if r.undone_by else ""),
         labels.clean(r.event.by), labels.clean(r.event.ref), labels.clean(r.event.note), labels.short_id(r.event.id))
        for r in rows]
    table = Table(tr("paper_sheet_history"), _columns("col_when", "col_date", "col_event", "col_by", "col_ref",
                                                      "col_note", "col_event_id"),
                  _numbered(cells), widths=(4, 16, 11, 30, 12, 12, 20, 11))
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


def _item_rows(groups: list[UnitItems], cells: Callable[[ItemLine], tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
    return _numbered([(labels.clean(g.unit.name), line.item.id, labels.clean(line.item.text), *cells(line))
                      for g in groups for line in g.lines])


def _done_cells(line: ItemLine) -> tuple[Cell, ...]:
    progress = line.progress
    assert progress is not None
    standing = line.deadline
    assessment = (labels.item_standing("done", standing) if standing.state != "no-deadline"
                  else labels.status("done"))
    return progress.done_on, labels.clean(progress.ref), assessment


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
    owed = [r for r in draft.reports if not r.members and r.state != "waived"]  # each report once
    received = [r for r in owed if r.submitted is not None]
    done_columns = ("col_unit", "col_id", "col_duty", "col_done_on", "col_ref", "col_assessment")
    open_columns = ("col_unit", "col_id", "col_duty", "col_due", "col_state")

    results = [Section(tr("draft_results"), (tr("draft_reports_heading"),) + (
        (tr("draft_reports_tally", date=format_date(today), office=labels.clean(draft.office.name),
            received=len(received), owed=len(owed), on_time=sum(r.state == "on-time" for r in received),
            late=sum(r.state == "late" for r in received)),)
        if draft.reports else (tr("draft_no_reports"),)),
        (_reports_table(plan, draft.reports, tr("draft_sheet_reports")),) if draft.reports else ())]
    results.append(Section("", (tr("draft_done_heading"),
                                tr("draft_done_tally", count=_count(draft.done)) if draft.done
                                else tr("draft_none_done")),
                           (Table(tr("draft_sheet_done"), _columns(*done_columns), _item_rows(draft.done, _done_cells),
                                  widths=(4, 18, 9, 40, 11, 12, 14)),) if draft.done else ()))
    results.append(Section("", (_blank("draft_assessment"),)))

    limits = [tr("draft_missing", reports=_reports_named(plan, draft.missing)) if draft.missing
              else tr("draft_missing_none")]
    if draft.late:
        limits.append(tr("draft_late", reports=_reports_named(plan, draft.late)))
    if draft.blocked:
        limits.append(tr("draft_blocked", items=", ".join(
            dict.fromkeys(line.item.id for g in draft.blocked for line in g.lines))))
    limits.append(tr("draft_overdue_tally", count=_count(draft.overdue)) if draft.overdue
                  else tr("draft_overdue_none"))
    shortcomings = [Section(tr("draft_limits"), tuple(limits),
                            (Table(tr("draft_sheet_overdue"), _columns(*open_columns),
                                   _item_rows(draft.overdue, _open_cells), widths=(4, 18, 9, 45, 11, 18)),)
                            if draft.overdue else ()),
                    Section("", (_blank("draft_reason"), _blank("draft_other_limits")))]

    ahead = [Section(tr("draft_next"), (_blank("draft_direction"),
                                        tr("draft_open_tally", count=_count(draft.open)) if draft.open
                                        else tr("draft_open_none")),
                     (Table(tr("draft_sheet_open"), _columns(*open_columns), _item_rows(draft.open, _open_cells),
                            widths=(4, 18, 9, 45, 11, 18)),) if draft.open else ()),
             Section("", (tr("draft_upcoming_heading") if draft.upcoming else tr("draft_upcoming_none"),),
                     (_deadlines_table(plan, draft.upcoming, tr("draft_sheet_upcoming")),) if draft.upcoming else ()),
             Section("", (_blank("draft_proposals"),))]

    summary = tr("draft_summary", plan=labels.clean(plan.title), period=labels.period_name(draft.period, plan))
    return _paper(plan, today, tr("paper_kind_report"), REPORT_CODE, summary, results + shortcomings + ahead)


# ---- as text -------------------------------------------------------------------------------

def _text_cell(value: Cell, markdown: bool) -> str:
    if value is None:
        return ""
    text = format_date(value) if not isinstance(value, (str, int)) else str(value)
    text = for_display(text)  # one line
    return text.replace("\\", "\\\\").replace("|", "\\|") if markdown else text


def document_text(doc: OfficeDocument, markdown: bool = True) -> str:
    """The document as Markdown (or plain text), in the order the Word file shows it."""
    out: list[str] = []
    hard_break = "  " if markdown else ""  # a Markdown line break within a paragraph

    def line(text: str = "") -> None:
        out.append(for_display(text))

    def block(*texts: str) -> None:
        for number, text in enumerate(texts, start=1):
            line(text + hard_break if number < len(texts) else text)
        line()

    def heading(level: int, text: str) -> None:
        if markdown:
            line("#" * level + " " + text)
        else:
            line(text)
            line(("=" if level == 1 else "-") * len(for_display(text)))
        line()

    header = [doc.body_above.upper(), doc.body.upper()] if doc.body_above else [doc.body.upper()]
    block(*header, doc.number_line)
    block(tr("paper_party"), doc.place_date)
    heading(1, doc.kind.upper())
    if doc.summary:
        block(f"**{doc.summary}**" if markdown else doc.summary)
    for section in doc.sections:
        if section.heading:
            heading(2, section.heading)
        for paragraph in section.paragraphs:
            block(paragraph)
        for table in section.tables:
            if table.title:
                block(f"**{table.title}**" if markdown else table.title)
            rows = [[_text_cell(value, markdown) for value in row] for row in table.rows]
            if markdown:
                line("| " + " | ".join(_text_cell(h, True) for h in table.headers) + " |")
                line("|" + "---|" * len(table.headers))
                for row in rows:
                    line("| " + " | ".join(row) + " |")
            else:
                line(" | ".join(table.headers))
                for row in rows:
                    line(" | ".join(row))
            line()
    block(tr("paper_recipients"), *(f"- {r}" for r in doc.recipients or (BLANK,)))
    block(doc.signer_on_behalf.upper() or BLANK, doc.signer_title.upper() or BLANK)
    block(doc.signer_name or BLANK)
    return "\n".join(out).rstrip("\n") + "\n"
