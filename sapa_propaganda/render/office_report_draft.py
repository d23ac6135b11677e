"""The report draft as a paper for the leaders: the office's consolidated report of one period,
drafted from the ledger (`report_draft`), its sentences around the tables and blanks where a
person must judge. It is built of the same parts as the listings (`office_papers`).
"""

from __future__ import annotations

from ..core.dates import format_date
from ..core.text import shorten
from ..i18n import tr
from . import labels
from .office_document import BLANK, Cell, OfficeDocument, Section, Table
from .office_papers import (
    DATE,
    ID,
    NUMBER,
    REPORT_CODE,
    UNIT,
    counted_reports,
    deadlines_table,
    due_cell,
    office_paper,
    paper_table,
    reports_table,
    units_of,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from ..core.deadlines import ReportRow
    from ..core.model import Plan
    from ..core.report_draft import ItemLine, ReportDraft, UnitItems

ITEM_TEXT = 200  # an item's text in the report draft's tables, at most
BLOCKED_TEXT, NOTE_TEXT = 80, 120  # an item's text and its note in the sentence on blocked items, at most


def _blank(key: str) -> str:
    """A sentence for the clerk to finish: its start, then a marked blank."""
    return tr(key, blank=BLANK)


def _items_table(title: str, groups: list[UnitItems], columns: list[tuple[str, int]],
                 cells: Callable[[ItemLine], tuple[Cell, ...]]) -> Table:
    """Items by unit: the unit (a column only when some item has one), the item's id and text, cut
    short since the id names it and the draft is for summing up, then `cells`; an item of two
    units twice."""
    by_unit = any(g.unit is not None for g in groups)
    unit = UNIT if by_unit else 0
    duty = 80 - NUMBER - unit - ID - sum(width for _key, width in columns)  # the rest of the page's width
    rows = [((labels.clean(g.unit.label) if g.unit else "",) if by_unit else ()) + (
        line.item.id, shorten(labels.clean(line.item.text), ITEM_TEXT), *cells(line))
        for g in groups for line in g.lines]
    return paper_table(title, [("col_unit", unit)] * by_unit + [("col_id", ID), ("col_duty", duty), *columns], rows)


def _done_cells(line: ItemLine) -> tuple[Cell, ...]:
    """When it was done, and how it stands against its deadline where it has one. The document
    it was done by is no judgement: the ledger keeps its number, the assessment is the clerk's."""
    progress = line.progress
    assert progress is not None
    return progress.done_on, labels.item_standing("done", line.deadline)


def _open_cells(line: ItemLine) -> tuple[Cell, ...]:
    return due_cell(line.item.due), labels.item_standing(line.deadline.status, line.deadline)


def _count(groups: list[UnitItems]) -> int:
    return len({line.item.id for g in groups for line in g.lines})


def _reports_named(plan: Plan, rows: list[ReportRow]) -> str:
    return "; ".join(f"{labels.owner_name(plan, r)} ({labels.report_state(r)})" for r in rows)


def _blocked_lines(plan: Plan, groups: list[UnitItems]) -> list[str]:
    """Each blocked item once, as a line of a list: its id, its units' short names, its text cut
    short, and its latest note, which usually says what blocks it."""
    lines = {line.item.id: line for g in groups for line in g.lines}
    out = []
    for item_id, line in lines.items():
        units = units_of(plan, line.item) or tr("whole_plan")
        said = tr("draft_blocked_item", id=item_id, units=units,
                  text=shorten(labels.clean(line.item.text), BLOCKED_TEXT).rstrip("."))
        note = labels.clean(line.progress.note).rstrip(".") if line.progress else ""
        said = tr("draft_blocked_note", item=said, note=shorten(note, NOTE_TEXT)) if note else said
        out.append(f"- {said}" + ("" if said.endswith(("…", "?", "!")) else "."))
    return out


def report_draft_paper(draft: ReportDraft) -> OfficeDocument:
    """The office's consolidated report of one period, drafted from the ledger: I. results
    (reports received, items done), II. shortcomings (reports missing or late, items overdue or
    blocked), III. what comes next (open items, the next deadlines). Each judgement is a blank."""
    plan, today = draft.plan, draft.today
    counted = counted_reports(draft.reports)  # as the table numbers them: a unit over its members is no report
    owed = [r for r in counted if r.state != "waived"]
    received = [r for r in owed if r.submitted is not None]
    waived = len(counted) - len(owed)
    dated = [("col_due", DATE), ("col_state", 14)]

    sections = [Section(tr("draft_results"))]
    if draft.reports:
        tally = tr("draft_reports_tally", date=format_date(today), received=len(received), owed=len(owed),
                   on_time=sum(r.state == "on-time" for r in received), late=sum(r.state == "late" for r in received))
        if waived:
            tally += " " + tr("draft_reports_waived", count=waived)
        sections.append(Section(tr("draft_reports_heading"), (tally,),
                                (reports_table(plan, draft.reports, tr("draft_sheet_reports")),)))
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
        limits += [tr("draft_blocked_heading"), *_blocked_lines(plan, draft.blocked)]
    limits.append(tr("draft_overdue_tally", count=_count(draft.overdue)) if draft.overdue
                  else tr("draft_overdue_none"))
    sections.append(Section(tr("draft_limits"), tuple(limits), (
        _items_table(tr("draft_sheet_overdue"), draft.overdue, dated, _open_cells),) if draft.overdue else ()))
    sections.append(Section("", (_blank("draft_reason"), _blank("draft_other_limits"))))

    sections.append(Section(tr("draft_next"), (
        _blank("draft_direction"),
        tr("draft_open_tally", count=_count(draft.open)) if draft.open
        else tr("draft_open_none") if any(i.units for i in plan.tracked_items) else tr("draft_no_duties")), (
        _items_table(tr("draft_sheet_open"), draft.open, dated, _open_cells),) if draft.open else ()))
    sections.append(Section("", (tr("draft_upcoming_heading") if draft.upcoming else tr("draft_upcoming_none"),), (
        deadlines_table(plan, draft.upcoming, tr("draft_sheet_upcoming")),) if draft.upcoming else ()))
    sections.append(Section("", (_blank("draft_proposals"),)))

    summary = tr("draft_summary", plan=labels.clean(plan.title), period=labels.period_name(draft.period, plan))
    return office_paper(plan, today, tr("paper_kind_report"), REPORT_CODE, summary, sections)
