"""Plain text for pipes, files and cron: no colour, no box drawing, one record per line.

Every listing (units, duties, reports, overdue, history, and the table of status) is one
tab-separated table: a header row of column names in the interface's language, then one
record per line. A value never holds a tab or a line break (they are shown as spaces), nor
anything that drives a terminal: every line leaves through `line` or `row`, which pass the
text through `text.for_display`. A listing with no record prints one sentence saying so.
"""

from __future__ import annotations

from ..core.dates import format_date
from ..core.model import REMOVED
from ..core.text import for_display, shorten
from ..i18n import tr
from . import labels

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import IO

    from ..core.daily import Dashboard, Reminder
    from ..core.deadlines import OverdueReport, ReportRow
    from ..core.model import Plan
    from ..core.overview import ItemLine, Listing, OfficeStatus, PlanView, ReportLine
    from ..core.queries import DutyGroup, HistoryRow, ItemDetail, UnitRow

# The columns of `reports` and `overdue`, from plans or from their overviews alike.
REPORTS_COLUMNS = ("col_id", "col_report_period", "col_unit", "col_report", "col_due", "col_received", "col_ref",
                   "col_state")
OVERDUE_COLUMNS = ("col_id", "col_kind", "col_text", "col_due", "col_state", "col_late_days")


class PlainRenderer(labels.ResultMessages):
    def __init__(self, stream: IO[str]):
        self.stream = stream
        # In an office of many plans, one table across them: a first column names each row's plan
        # (set before each plan's rows), and the header is written once.
        self.plan_column: str | None = None
        self._header_written: tuple[str, ...] | None = None
        # What the rows of an office's listing from the plans' overviews say again and again.
        self._days = labels.Memo(labels.day_words)
        self._states = labels.Memo(labels.state_key_words)
        self._words = labels.Memo(tr)

    def line(self, text: str = "") -> None:
        """One line of text, whatever `text` holds."""
        self.stream.write(for_display(text) + "\n")

    def row(self, *values: str) -> None:
        """One record of a tab-separated table: each value on its own, tabs between."""
        self.rows([values])

    def rows(self, rows: Sequence[tuple[str, ...]]) -> None:
        """Many records, each as `row` writes it, in one piece: a plan's part of an office's listing."""
        lead = "" if self.plan_column is None else self.plan_column + "\t"
        lines = []
        for values in rows:
            # The usual case, asked once for the row: nothing to make safe.
            line = "\t".join(values) if "".join(values).isprintable() else "\t".join(map(for_display, values))
            lines.append(lead + line + "\n")
        self.stream.write("".join(lines))

    def header(self, *keys: str) -> None:
        if self.plan_column is None:
            self.row(*(tr(k) for k in keys))
            return
        if self._header_written != keys:
            self._header_written = keys
            self.stream.write("\t".join(for_display(tr(k)) for k in ("col_plan", *keys)) + "\n")

    def field(self, label: str, value: str) -> None:
        self.line(f"{label}: {value}")

    def plan_overview(self, plan: Plan) -> None:
        self.line(plan.title)
        self.field(tr("plan_issuer"), plan.issuer)
        self.field(tr("plan_number"), labels.or_not_given(plan.number))
        self.field(tr("plan_issued"), labels.or_not_given(format_date(plan.issued)))
        for basis in plan.basis:
            self.field(tr("plan_basis"), basis)
        self.field(tr("plan_span"), labels.plan_span(plan))
        signer = " ".join(p for p in (plan.signer.on_behalf, plan.signer.title, plan.signer.name) if p)
        if signer:
            self.field(tr("plan_signer"), signer)
        self.line()
        for item in plan.items:
            indent = "  " * item.depth
            text = item.title if item.kind == "section" else shorten(for_display(item.text), 90)
            self.line(f"{indent}{item.id}  {text}")  # `line` makes it safe

    def plan_part(self, plan: Plan) -> None:
        self.plan_column = labels.plan_label(plan)

    def view_part(self, view: PlanView) -> None:
        self.plan_column = for_display(view.label)

    def close(self) -> None:
        """Nothing is held back: every line was written as it came."""

    def units(self, plan: Plan, rows: list[UnitRow]) -> None:
        self.header("col_id", "col_name", "col_parent", "col_duties", "col_members", "col_source")
        for row in rows:
            self.row(row.unit.id, row.unit.name, row.parent.id if row.parent else "", str(row.duties),
                     "; ".join(map(labels.member_name, row.unit.members)), tr("source_" + row.source))

    def duties(self, plan: Plan, groups: list[DutyGroup]) -> None:
        if not groups:
            self.line(tr("no_duties"))
            return
        # The deadline last: the columns scripts already cut by number keep their places.
        self.header("col_id", "col_section", "col_status", "col_updated", "col_unit", "col_duty", "col_due")
        for group in groups:  # a duty of two units is a record of each
            for row in group.rows:
                self.row(row.item.id, row.section.id if row.section else "",
                         labels.item_standing(row.status, row.deadline),
                         format_date(row.progress.updated) if row.progress else "", group.unit.id, row.item.text,
                         format_date(row.item.due))

    def item(self, detail: ItemDetail) -> None:
        item = detail.item
        self.line(f"{item.id} — {tr('kind_' + item.kind)}")
        if item.kind == REMOVED:  # taken out of the plan: its history is all there is
            self.line()
            self.line(tr("field_history") + ":")
            self.history(detail.plan, detail.history)
            return
        import textwrap

        body = item.title or item.text
        for paragraph in textwrap.wrap(for_display(body), 100) or [""]:
            self.line(paragraph)
        self.line()
        if item.original:
            self.field(tr("field_original"), item.original)
        self.field(tr("field_path"), " › ".join(labels.section_label(p) for p in detail.path) or "—")
        self.field(tr("field_units"), ", ".join(f"{u.name} ({u.id})" for u in detail.units) or tr("none"))
        if detail.partners:
            self.field(tr("field_partners"), ", ".join(f"{u.name} ({u.id})" for u in detail.partners))
        if detail.mentions:
            self.field(tr("field_mentions"), ", ".join(f"{u.name} ({u.id})" for u in detail.mentions))
        self.field(tr("field_period"), labels.item_period(item))
        if item.due:
            self.field(tr("field_due"), format_date(item.due))
        for rule in detail.rules:
            self.field(tr("field_reporting"), labels.report_rule(detail.plan, rule))
        if item.note:
            self.field(tr("field_note"), item.note)
        if item.tracked:
            self.field(tr("field_status"), labels.item_standing(detail.progress.status if detail.progress else "todo",
                                                                detail.deadline))
        for part in detail.parts:  # a duty of several units: a line for each one's part
            self.field("  " + tr("field_unit_part", unit=f"{part.unit.label} ({part.unit.id})"),
                       labels.item_standing(part.status, part.deadline))
        for child in detail.children:
            self.line(f"  {child.id}  {shorten(for_display(child.label), 90)}")
        if detail.history:
            self.line()
            self.line(tr("field_history") + ":")
            self.history(detail.plan, detail.history)

    def history(self, plan: Plan, rows: Iterable[HistoryRow]) -> None:
        """Written as the rows come: a list, or core.queries.HistoryRows (true while a row is to come)."""
        if not rows:
            self.line(tr("no_history"))
            return
        self.header("col_when", "col_date", "col_event", "col_by", "col_ref", "col_note", "col_event_id")
        for row in rows:
            event = row.event
            summary = labels.history_summary(row)
            if row.undone_by:
                summary += " " + tr("event_undone")
            self.row(labels.recorded(event), format_date(event.date), summary, event.by, event.ref, event.note,
                     labels.short_id(event.id))

    def message(self, text: str) -> None:
        self.line(text)

    def fields(self, rows: Sequence[tuple[str, object]]) -> None:
        for label, value in rows:
            self.field(label, str(value))

    def plan_ok(self, plan: Plan) -> None:
        self.line(tr("plan_ok", path=plan.source, units=len(plan.units), items=len(plan.items),
                     duties=len(plan.duties)))

    def reports(self, plan: Plan, rows: list[ReportRow]) -> None:
        if not rows:
            self.line(tr("no_reports"))
            return
        self.header(*REPORTS_COLUMNS)
        for row in rows:
            self.row(row.owner, row.period.id, labels.owner_label(plan, row), labels.report_title(row.obligation),
                     format_date(row.due), format_date(row.submitted), row.ref, labels.report_state(row))

    def overdue(self, plan: Plan, found: OverdueReport) -> None:
        """Overdue reports and items in one table: a report's id is its unit's, its kind "report"."""
        if not found.reports and not found.items:
            self.line(tr("nothing_overdue"))
            return
        self.header(*OVERDUE_COLUMNS)
        for row in found.reports:
            self.row(row.owner, tr("overdue_kind_report"), labels.unit_report(plan, row), format_date(row.due),
                     labels.report_state(row), str(row.days))
        for deadline in found.items:
            item = deadline.item
            self.row(item.id, tr("kind_" + item.kind), item.text, format_date(item.due),
                     tr("item_" + deadline.state), str(deadline.days_late))

    def office_overdue(self, view: PlanView, _listing: Listing, found: tuple[list[ReportLine], list[ItemLine]]
                       ) -> None:
        """`overdue`, from a plan's overview: the rows `overdue` writes of the plan."""
        reports, items = found
        if not reports and not items:
            self.line(tr("nothing_overdue"))
            return
        from ..core.deadlines import owner_id

        self.header(*OVERDUE_COLUMNS)
        o, names, days, states, words = view.overview, view.report_names, self._days, self._states, self._words
        kind = tr("overdue_kind_report")
        rows = []
        for n, state, late, _received, _members in reports:
            report = o.reports[n]
            rows.append((owner_id(report[2], report[3]), kind, names[n], days[report[0]], states[state, late],
                         str(late)))
        for n, state, late in items:
            item = o.items[n]
            rows.append((item[2], words["kind_" + item[3]], view.item_texts[n], days[item[0]], words["item_" + state],
                         str(late)))
        self.rows(rows)

    def office_reports(self, view: PlanView, listing: Listing, lines: list[ReportLine]) -> None:
        """`reports`, from a plan's overview: the rows `reports` writes of the plan."""
        if not lines:
            self.line(tr("no_reports"))
            return
        self.header(*REPORTS_COLUMNS)
        keys, periods = listing.reports, listing.periods
        cells = labels.office_report_cells(view, listing, lines, self._days, self._states)
        self.rows([(owner, periods[keys[line[0]][0]][0], who, title, due, received, ref, said)
                   for line, (owner, who, title, due, received, ref, said) in zip(lines, cells, strict=True)])

    def dashboard(self, board: Dashboard) -> None:
        for label, value in labels.dashboard_header(board):
            self.field(label, value)
        self.line()
        self.line(tr("dash_units") + ":")
        self.header("col_id", "col_unit", "col_progress", "col_percent", "col_owed", "col_received_count",
                    "col_overdue")
        for row in board.units:
            percent = f"{row.percent:.0f}" if row.percent is not None else "—"
            self.row(row.unit.id, row.unit.label, f"{row.duties_done}/{row.duties_total}", percent,
                     str(row.reports_owed), str(row.reports_received), str(row.reports_overdue))

    def submitted(self, plan: Plan, row: ReportRow) -> None:
        self.line(labels.submitted_line(plan, row))

    def reminders(self, plan: Plan, found: list[Reminder]) -> None:
        """One line each, as cron mails them; in an office, each line names its plan first."""
        where = f"[{self.plan_column}] " if self.plan_column is not None else ""
        for reminder in found:
            self.stream.write(where + labels.reminder_line(plan, reminder) + "\n")

    def office_status(self, status: OfficeStatus) -> None:
        for line in labels.office_status_lines(status):
            self.stream.write(line + "\n")
