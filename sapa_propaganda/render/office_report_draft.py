"""The report draft as a paper for the leaders: the office's consolidated report of one period,
drafted from the ledger (`report_draft`), its sentences around the tables and blanks where a
person must judge. It is built of the same parts as the listings (`office_papers`).
"""

from __future__ import annotations

import re

from ..core.dates import format_date
from ..core.names import name_from_capitals
from ..core.text import fold, shorten
from ..i18n import MESSAGES, tr
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
    unit_cell,
    units_of,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from ..core.deadlines import ReportRow
    from ..core.model import Plan
    from ..core.report_draft import ItemLine, OwnerTally, ReportDraft, UnitItems

ITEM_TEXT = 200  # an item's text in the report draft's tables, at most
BLOCKED_TEXT, NOTE_TEXT = 80, 120  # an item's text and its note in the sentence on blocked items, at most


def _blank(key: str) -> str:
    """A sentence for the clerk to finish: its start, then a marked blank."""
    return tr(key, blank=BLANK)


def _items_table(plan: Plan, title: str, groups: list[UnitItems], columns: list[tuple[str, int]],
                 cells: Callable[[ItemLine], tuple[Cell, ...]]) -> Table:
    """Items, each once (`_once`): its units joined, or its section's, or a dash saying none was
    given; the item's id and text, cut short since the id names it and the draft is for summing up,
    then `cells`. So the count above a table (`_count`) is its rows."""
    duty = 80 - NUMBER - UNIT - ID - sum(width for _key, width in columns)  # the rest of the page's width
    rows = [(unit_cell(plan, line.item), line.item.id, shorten(labels.clean(line.item.text), ITEM_TEXT),
             *cells(line)) for line in _once(groups)]
    return paper_table(title, [("col_unit", UNIT), ("col_id", ID), ("col_duty", duty), *columns], rows)


def _once(groups: list[UnitItems]) -> list[ItemLine]:
    """The items of the groups, each once, in the order first met: a duty of two units is one
    duty, one row, its units named together."""
    return list({line.item.id: line for g in groups for line in g.lines}.values())


def _done_cells(line: ItemLine) -> tuple[Cell, ...]:
    """When it was done, and how it stands against its deadline where it has one. The document
    it was done by is no judgement: the ledger keeps its number, the assessment is the clerk's."""
    progress = line.progress
    assert progress is not None
    return progress.done_on, labels.item_standing("done", line.deadline)


def _open_cells(line: ItemLine) -> tuple[Cell, ...]:
    return due_cell(line.item.due), labels.item_standing(line.deadline.status, line.deadline)


def _count(groups: list[UnitItems]) -> int:
    """The items a table of `groups` lists: its rows."""
    return len(_once(groups))


def _reports_named(plan: Plan, rows: list[ReportRow], several: bool) -> str:
    """Who, and how it stands; which report too where the draft's are of several periods (a month's)."""
    return "; ".join(f"{labels.owner_name(plan, r)}{' — ' + labels.report_name(r.obligation) if several else ''}"
                     f" ({labels.report_state(r)})" for r in rows)


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


def _cancelled_lines(plan: Plan, lines: list[ItemLine]) -> list[str]:
    """Each item not carried out, as a line of a list: its id, units and text, and the reason its
    note gives, else a blank for it."""
    out = []
    for line in lines:
        units = units_of(plan, line.item) or tr("whole_plan")
        said = tr("draft_blocked_item", id=line.item.id, units=units,
                  text=shorten(labels.clean(line.item.text), BLOCKED_TEXT).rstrip("."))
        note = labels.clean(line.progress.note).rstrip(".") if line.progress else ""
        said = tr("draft_cancelled_reason", item=said, note=shorten(note, NOTE_TEXT) if note else BLANK)
        out.append(f"- {said}" + ("" if said.endswith(("…", "?", "!")) else "."))
    return out


def _owners_table(plan: Plan, owners: list[OwnerTally]) -> Table:
    """Each unit's or member's reports of the periods within the drafted one: owed, on time, late,
    missing, not yet due."""
    rows: list[tuple[Cell, ...]] = []
    for o in owners:
        unit = plan.unit(o.unit)
        name = unit.member(o.member).name if o.member else unit.label
        rows.append((labels.clean(name), o.owed, o.on_time, o.late, o.missing, o.pending))
    return paper_table(tr("draft_sheet_owners"), [("col_owner", 24), ("col_reports_owed", 9), ("col_on_time", 9),
                                                   ("col_late_count", 8), ("col_missing", 12), ("col_pending", 12)],
                       rows)


# The kinds of document whose name a plan's title may start with: the kind's code (plan.kind), folded.
_KINDS = frozenset({"kh", "hd", "ctr", "qd", "ct", "nq", "tb", "cv", "da", "kl", "pa", "qc"})
_LEADS = re.compile(r"(?:về\s+việc|v/v)\s*[:.\-–]?\s*|về\s+", re.IGNORECASE)


def _kind_key(plan: Plan) -> str:
    kind = fold(plan.kind).replace(" ", "")
    return "doc_kind_" + (kind if kind in _KINDS else "kh")


def plan_subject(plan: Plan) -> tuple[str, bool]:
    """What a plan is about, from its title without the name of its kind and "Về việc"/"V/v"
    ("Kế hoạch tuyên truyền …" → "tuyên truyền …"), and whether the title started with its kind's
    name (then "Kế hoạch tuyên truyền …" reads on without a "về")."""
    title = labels.clean(plan.title).strip()
    kind_name = MESSAGES[_kind_key(plan)][0]  # a title is in Vietnamese, whatever the language
    own = fold(title[:len(kind_name)]) == fold(kind_name) and title[len(kind_name):len(kind_name) + 1] in (" ", ":")
    if own:
        title = title[len(kind_name):].lstrip(" :")
    lead = _LEADS.match(title)
    if lead:
        title = title[lead.end():]
    return title.strip(), own and lead is None


def plan_document(plan: Plan) -> tuple[str, str]:
    """How the draft names its plan: "Kế hoạch số 25-KH/ThU", and what follows it, " về …"; a plan
    without a number "Kế hoạch" and its title's subject, " về" only where the title did not run on
    from the kind's name."""
    kind = tr(_kind_key(plan))
    subject, runs_on = plan_subject(plan)
    if plan.number:
        return tr("draft_document_numbered", kind=kind, number=labels.clean(plan.number)), tr(
            "draft_about", subject=subject) if subject else ""
    if runs_on and subject:
        return f"{kind} {subject}", ""
    return kind, tr("draft_about", subject=subject) if subject else ""


def _office_name(draft: ReportDraft) -> str:
    """The office in a sentence: the consolidating unit's full name where it is the office's
    ("Ban Tuyên giáo Thị ủy" for "BAN TUYÊN GIÁO"), else the office's name, not in capitals."""
    name = labels.clean(draft.office.name)
    if draft.consolidated is not None:
        unit = labels.clean(draft.plan.unit(draft.consolidated.unit).name)
        if fold(unit).startswith(fold(name)):
            return unit
    for rule in draft.plan.reporting.rules if draft.plan.reporting else ():
        if rule.kind == "consolidated" and rule.units:
            unit = labels.clean(draft.plan.unit(rule.units[0]).name)
            if fold(unit).startswith(fold(name)):
                return unit
    return name_from_capitals(name)


def report_draft_paper(draft: ReportDraft) -> OfficeDocument:
    """The office's consolidated report of one period, drafted from the ledger: the sentence citing
    the plan, I. results (reports received, items done), II. shortcomings and their causes (reports
    missing or late, items overdue, blocked or dropped), III. directions and tasks ahead (open items,
    the next deadlines), IV. proposals, then the closing sentence. Each judgement is a blank."""
    plan, today = draft.plan, draft.today
    period = labels.period_name(draft.period, plan)
    document, about = plan_document(plan)
    office = _office_name(draft)
    issued = tr("draft_opening_issued", date=format_date(plan.issued)) if plan.issued else ""
    opening = tr("draft_opening", document=document, issued=issued, issuer=labels.clean(plan.issuer), about=about,
                 office=office, period=period)
    counted = counted_reports(draft.reports)  # as the table numbers them: a unit over its members is no report
    owed = [r for r in counted if r.state != "waived"]
    received = [r for r in owed if r.submitted is not None]
    waived = len(counted) - len(owed)
    dated = [("col_due", DATE), ("col_state", 14)]

    sections = [Section("", (opening,)), Section(tr("draft_results"))]
    if draft.reports:
        tally = tr("draft_reports_tally", date=format_date(today), received=len(received), owed=len(owed),
                   on_time=sum(r.state == "on-time" for r in received), late=sum(r.state == "late" for r in received))
        if waived:
            tally += " " + tr("draft_reports_waived", count=waived)
        sections.append(Section(tr("draft_reports_heading"), (tally,),
                                (reports_table(plan, draft.reports, tr("draft_sheet_reports")),)))
        if draft.owners:
            sections.append(Section("", (tr("draft_owners_heading", count=len(draft.owners)),),
                                    (_owners_table(plan, draft.owners),)))
    else:
        sections.append(Section(tr("draft_reports_heading"), (tr("draft_no_reports"),)))
    if draft.done:
        sections.append(Section(tr("draft_done_heading"), (tr("draft_done_tally", count=_count(draft.done)),), (
            _items_table(plan, tr("draft_sheet_done"), draft.done, [("col_done_on", DATE), ("col_assessment", 14)],
                         _done_cells),)))
    else:
        sections.append(Section(tr("draft_done_heading"), (tr("draft_none_done"),)))
    sections.append(Section("", (_blank("draft_assessment"),)))

    several = len({r.period.id for r in draft.reports}) > 1
    limits = [tr("draft_missing", reports=_reports_named(plan, draft.missing, several)) if draft.missing
              else tr("draft_missing_none")]
    if draft.late:
        limits.append(tr("draft_late", reports=_reports_named(plan, draft.late, several)))
    if draft.blocked:
        limits += [tr("draft_blocked_heading"), *_blocked_lines(plan, draft.blocked)]
    if draft.cancelled:
        limits += [tr("draft_cancelled_heading", count=len(draft.cancelled)),
                   *_cancelled_lines(plan, draft.cancelled)]
    limits.append(tr("draft_overdue_tally", count=_count(draft.overdue)) if draft.overdue
                  else tr("draft_overdue_none"))
    sections.append(Section(tr("draft_limits"), tuple(limits), (
        _items_table(plan, tr("draft_sheet_overdue"), draft.overdue, dated, _open_cells),) if draft.overdue else ()))
    sections.append(Section("", (_blank("draft_reason"), _blank("draft_other_limits"))))

    sections.append(Section(tr("draft_next"), (
        _blank("draft_direction"),
        tr("draft_open_tally", count=_count(draft.open)) if draft.open
        else tr("draft_open_none") if any(i.units for i in plan.tracked_items) else tr("draft_no_duties")), (
        _items_table(plan, tr("draft_sheet_open"), draft.open, dated, _open_cells),) if draft.open else ()))
    sections.append(Section("", (tr("draft_upcoming_heading") if draft.upcoming else tr("draft_upcoming_none"),), (
        deadlines_table(plan, draft.upcoming, tr("draft_sheet_upcoming")),) if draft.upcoming else ()))
    sections.append(Section(tr("draft_proposals"), (BLANK,)))
    sections.append(Section("", (tr("draft_closing", period=period, document=document, office=office),)))

    summary = tr("draft_summary", plan=document + about, period=period)
    return office_paper(plan, today, tr("paper_kind_report"), REPORT_CODE, summary, sections)
