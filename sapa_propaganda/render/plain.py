"""Plain text for pipes, files and cron: no colour, no box drawing, one record per line."""

from __future__ import annotations

from ..dates import format_date
from ..i18n import tr
from ..text import shorten
from . import labels
from .labels import cell, clean

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

    from ..daily import Dashboard
    from ..deadlines import OverdueReport, ReportRow
    from ..model import Plan
    from ..queries import DutyGroup, HistoryRow, ItemDetail, UnitRow


class PlainRenderer(labels.ResultMessages):
    def __init__(self, stream: IO[str]):
        self.stream = stream

    def line(self, text: str = "") -> None:
        self.stream.write(text + "\n")

    def field(self, label: str, value: str) -> None:
        self.line(f"{label}: {value}")

    def plan_overview(self, plan: Plan) -> None:
        self.line(clean(plan.title))
        self.field(tr("plan_issuer"), clean(plan.issuer))
        self.field(tr("plan_number"), labels.or_not_given(clean(plan.number)))
        self.field(tr("plan_issued"), labels.or_not_given(format_date(plan.issued)))
        for basis in plan.basis:
            self.field(tr("plan_basis"), clean(basis))
        self.field(tr("plan_span"), labels.plan_span(plan))
        signer = " ".join(p for p in (plan.signer.on_behalf, plan.signer.title, plan.signer.name) if p)
        if signer:
            self.field(tr("plan_signer"), clean(signer))
        self.line()
        for item in plan.items:
            indent = "  " * item.depth
            text = item.title if item.kind == "section" else shorten(item.text, 90)
            self.line(f"{indent}{item.id}  {clean(text)}")

    def units(self, rows: list[UnitRow]) -> None:
        self.line("\t".join(tr(k) for k in ("col_id", "col_name", "col_parent", "col_duties", "col_members")))
        for row in rows:
            self.line("\t".join((
                row.unit.id, clean(row.unit.name), row.parent.id if row.parent else "",
                str(row.duties), clean("; ".join(row.unit.members)),
            )))

    def duties(self, groups: list[DutyGroup]) -> None:
        if not groups:
            self.line(tr("no_duties"))
            return
        for number, group in enumerate(groups):
            if number:
                self.line()
            self.line(f"== {labels.group_title(group.unit)} ==")
            for row in group.rows:
                section = row.section.id if row.section else ""
                updated = format_date(row.progress.updated) if row.progress else ""
                self.line("\t".join((row.item.id, section, labels.status(row.status), updated,
                                     clean(row.item.text))))

    def item(self, detail: ItemDetail) -> None:
        item = detail.item
        self.line(f"{item.id} — {tr('kind_' + item.kind)}")
        import textwrap

        body = item.title or item.text
        for paragraph in textwrap.wrap(clean(body), 100) or [""]:
            self.line(paragraph)
        self.line()
        if item.original:
            self.field(tr("field_original"), clean(item.original))
        self.field(tr("field_path"), " › ".join(labels.section_label(p) for p in detail.path) or "—")
        self.field(tr("field_units"), ", ".join(f"{u.name} ({u.id})" for u in detail.units) or tr("none"))
        if detail.mentions:
            self.field(tr("field_mentions"), ", ".join(f"{u.name} ({u.id})" for u in detail.mentions))
        self.field(tr("field_period"), labels.item_period(item))
        if item.due:
            self.field(tr("field_due"), format_date(item.due))
        for rule in detail.rules:
            self.field(tr("field_reporting"), clean(labels.report_rule(detail.plan, rule)))
        if item.note:
            self.field(tr("field_note"), clean(item.note))
        if item.tracked:
            self.field(tr("field_status"), labels.status(detail.progress.status if detail.progress else "todo"))
        for child in detail.children:
            self.line(f"  {child.id}  {clean(shorten(child.label, 90))}")
        if detail.history:
            self.line()
            self.line(tr("field_history") + ":")
            self.history(detail.history)

    def history(self, rows: list[HistoryRow]) -> None:
        if not rows:
            self.line(tr("no_history"))
        for row in rows:
            event = row.event
            summary = labels.event_summary(event, row.reverted)
            if row.undone_by:
                summary += " " + tr("event_undone")
            self.line("\t".join((labels.recorded(event), format_date(event.date), cell(summary),
                                 cell(event.by), cell(event.ref), cell(event.note))))

    def message(self, text: str) -> None:
        self.line(clean(text))

    def fields(self, rows: list[tuple[str, str]]) -> None:
        for label, value in rows:
            self.field(label, clean(value))

    def plan_ok(self, plan: Plan) -> None:
        self.line(tr("plan_ok", path=plan.source, units=len(plan.units), items=len(plan.items),
                     duties=len(plan.duties)))

    def reports(self, plan: Plan, rows: list[ReportRow]) -> None:
        if not rows:
            self.line(tr("no_reports"))
        current = None
        for row in rows:
            if row.period != current:
                if current is not None:
                    self.line()
                current = row.period
                self.line(f"== {tr('reports_for', period=labels.period_name(row.period))} ({row.period.id}) ==")
            self.line("\t".join((
                row.unit, clean(plan.unit(row.unit).label), labels.report_name(row.obligation),
                format_date(row.due), format_date(row.submitted), clean(row.ref), labels.report_state(row),
            )))

    def overdue(self, plan: Plan, found: OverdueReport) -> None:
        if not found.reports and not found.items:
            self.line(tr("nothing_overdue"))
            return
        if found.reports:
            self.line(f"== {tr('overdue_reports')} ==")
            for row in found.reports:
                self.line("\t".join((row.unit, clean(labels.unit_report(plan, row)), format_date(row.due),
                                     labels.report_state(row))))
        if found.items:
            if found.reports:
                self.line()
            self.line(f"== {tr('overdue_items')} ==")
            for deadline in found.items:
                item = deadline.item
                self.line("\t".join((item.id, format_date(item.due), tr("item_" + deadline.state),
                                     tr("left_overdue", days=deadline.days_late), clean(shorten(item.text, 80)))))

    def dashboard(self, board: Dashboard) -> None:
        for label, value in labels.dashboard_header(board):
            self.field(label, value)
        self.line()
        self.line(tr("dash_units") + ":")
        self.line("\t".join(tr(k) for k in ("col_id", "col_unit", "col_progress", "col_percent",
                                            "col_owed", "col_received_count", "col_overdue")))
        for row in board.units:
            percent = f"{row.percent:.0f}" if row.percent is not None else "—"
            self.line("\t".join((row.unit.id, clean(row.unit.label), f"{row.duties_done}/{row.duties_total}",
                                 percent, str(row.reports_owed), str(row.reports_received),
                                 str(row.reports_overdue))))

    def submitted(self, plan: Plan, row: ReportRow) -> None:
        self.line(labels.submitted_line(plan, row))
