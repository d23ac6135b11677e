"""Rich tables and trees for a person at a terminal.

The console has markup, emoji and highlighting off: plan text and notes are data, so
"[bold]" in a note is shown as typed.
"""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..daily import Dashboard
from ..dates import format_date
from ..deadlines import OverdueReport, ReportRow
from ..i18n import tr
from ..model import Plan
from ..queries import DutyGroup, HistoryRow, ItemDetail, UnitRow
from ..text import shorten
from . import labels
from .labels import clean

REPORT_STYLES = {"on-time": "green", "late": "yellow", "overdue": "bold red", "due-soon": "bold yellow",
                 "upcoming": ""}
STATUS_STYLES = {"todo": "", "doing": "yellow", "done": "green", "blocked": "bold red"}


def make_console(stream: IO[str]) -> Console:
    return Console(file=stream, markup=False, emoji=False, highlight=False)


class RichRenderer(labels.ResultMessages):
    def __init__(self, stream: IO[str]):
        self.console = make_console(stream)

    def print(self, *things: object) -> None:
        self.console.print(*things)

    def fields(self, rows: list[tuple[str, str]], styles: dict[str, str] | None = None) -> None:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        for label, value in rows:
            grid.add_row(Text(label), Text(clean(value), style=(styles or {}).get(label, "")))
        self.print(grid)

    def plan_overview(self, plan: Plan) -> None:
        self.print(Text(clean(plan.title), style="bold"))
        signer = " ".join(p for p in (plan.signer.on_behalf, plan.signer.title, plan.signer.name) if p)
        self.fields([
            (tr("plan_issuer"), plan.issuer),
            (tr("plan_number"), labels.or_not_given(plan.number)),
            (tr("plan_issued"), labels.or_not_given(format_date(plan.issued))),
            *[(tr("plan_basis"), b) for b in plan.basis],
            (tr("plan_span"), labels.plan_span(plan)),
            *([(tr("plan_signer"), signer)] if signer else []),
        ])
        tree = Tree(Text(tr("plan_title")))
        nodes: dict[str | None, Tree] = {None: tree}
        for item in plan.items:
            if item.kind == "section":
                label = Text.assemble((item.id, "bold cyan"), " ", clean(item.title))
            else:
                label = Text.assemble((item.id, "cyan"), " ", clean(shorten(item.text, 80)))
            nodes[item.id] = nodes[item.parent].add(label)
        self.print(tree)

    def units(self, rows: list[UnitRow]) -> None:
        table = Table(show_lines=False)
        for key in ("col_id", "col_name", "col_parent", "col_duties", "col_members"):
            table.add_column(tr(key), justify="right" if key == "col_duties" else "left")
        for row in rows:
            table.add_row(Text(row.unit.id), Text(clean(row.unit.name)),
                          Text(row.parent.id if row.parent else ""), Text(str(row.duties)),
                          Text(clean("\n".join(row.unit.members))))
        self.print(table)

    def duties(self, groups: list[DutyGroup]) -> None:
        if not groups:
            self.print(Text(tr("no_duties")))
            return
        for group in groups:
            table = Table(title=Text(labels.group_title(group.unit),
                                     style="bold"), expand=True)
            table.add_column(tr("col_id"), no_wrap=True, style="cyan")
            table.add_column(tr("col_duty"), ratio=1)
            table.add_column(tr("col_section"), no_wrap=True)
            table.add_column(tr("col_status"), no_wrap=True)
            table.add_column(tr("col_updated"), no_wrap=True)
            for row in group.rows:
                table.add_row(Text(row.item.id), Text(clean(row.item.text)),
                              Text(row.section.id if row.section else ""),
                              Text(labels.status(row.status), style=STATUS_STYLES[row.status]),
                              Text(format_date(row.progress.updated) if row.progress else ""))
            self.print(table)

    def item(self, detail: ItemDetail) -> None:
        item = detail.item
        self.print(Text.assemble((item.id, "bold cyan"), " — ", tr("kind_" + item.kind)))
        self.print(Text(clean(item.title or item.text)))
        rows = []
        if item.original:
            rows.append((tr("field_original"), item.original))
        rows.append((tr("field_path"), " › ".join(labels.section_label(p) for p in detail.path) or "—"))
        rows.append((tr("field_units"), ", ".join(f"{u.name} ({u.id})" for u in detail.units) or tr("none")))
        if detail.mentions:
            rows.append((tr("field_mentions"), ", ".join(f"{u.name} ({u.id})" for u in detail.mentions)))
        rows.append((tr("field_period"), labels.item_period(item)))
        if item.due:
            rows.append((tr("field_due"), format_date(item.due)))
        rows += [(tr("field_reporting"), labels.report_rule(detail.plan, r)) for r in detail.rules]
        if item.note:
            rows.append((tr("field_note"), item.note))
        if item.tracked:
            rows.append((tr("field_status"), labels.status(detail.progress.status if detail.progress else "todo")))
        self.fields(rows)
        for child in detail.children:
            self.print(Text.assemble("  ", (child.id, "cyan"), " ", clean(shorten(child.label, 90))))
        if detail.history:
            self.history(detail.history)

    def history(self, rows: list[HistoryRow]) -> None:
        if not rows:
            self.print(Text(tr("no_history")))
            return
        table = Table(title=Text(tr("field_history"), style="bold"))
        for key in ("col_when", "col_date", "col_event", "col_by", "col_ref", "col_note"):
            table.add_column(tr(key))
        for row in rows:
            event = row.event
            summary = Text(clean(labels.event_summary(event, row.reverted)))
            if row.undone_by:
                summary.append(" " + tr("event_undone"), style="dim")
                summary.stylize("strike", 0, len(summary) - len(tr("event_undone")) - 1)
            table.add_row(Text(labels.recorded(event)), Text(format_date(event.date)), summary,
                          Text(clean(event.by)), Text(clean(event.ref)), Text(clean(event.note)))
        self.print(table)

    def message(self, text: str) -> None:
        self.print(Text(clean(text)))

    def plan_ok(self, plan: Plan) -> None:
        self.print(Text(tr("plan_ok", path=plan.source, units=len(plan.units), items=len(plan.items),
                           duties=len(plan.duties)), style="green"))

    def reports(self, plan: Plan, rows: list[ReportRow]) -> None:
        if not rows:
            self.print(Text(tr("no_reports")))
            return
        by_period: dict[str, list[ReportRow]] = {}
        for row in rows:
            by_period.setdefault(row.period.id, []).append(row)
        for period_rows in by_period.values():
            period = period_rows[0].period
            table = Table(title=Text(f"{tr('reports_for', period=labels.period_name(period))} ({period.id})",
                                     style="bold"))
            for key in ("col_unit", "col_report", "col_due", "col_received", "col_ref", "col_state"):
                table.add_column(tr(key))
            for row in period_rows:
                table.add_row(Text(clean(plan.unit(row.unit).label)), Text(labels.report_name(row.obligation)),
                              Text(format_date(row.due)), Text(format_date(row.submitted)),
                              Text(clean(row.ref)), Text(labels.report_state(row), style=REPORT_STYLES[row.state]))
            self.print(table)

    def overdue(self, plan: Plan, found: OverdueReport) -> None:
        if not found.reports and not found.items:
            self.print(Text(tr("nothing_overdue"), style="green"))
            return
        if found.reports:
            table = Table(title=Text(tr("overdue_reports"), style="bold red"))
            for key in ("col_unit", "col_report", "col_due", "col_state"):
                table.add_column(tr(key))
            for row in found.reports:
                table.add_row(Text(clean(plan.unit(row.unit).label)), Text(labels.report_name(row.obligation)),
                              Text(format_date(row.due)), Text(labels.report_state(row), style="bold red"))
            self.print(table)
        if found.items:
            table = Table(title=Text(tr("overdue_items"), style="bold red"))
            for key in ("col_id", "col_text", "col_due", "col_state", "col_late_days"):
                table.add_column(tr(key))
            for deadline in found.items:
                item = deadline.item
                table.add_row(Text(item.id), Text(clean(shorten(item.text, 70))), Text(format_date(item.due)),
                              Text(tr("item_" + deadline.state)), Text(str(deadline.days_late), style="bold red"))
            self.print(table)

    def dashboard(self, board: Dashboard) -> None:
        late = board.overdue_reports or board.overdue_items
        self.fields(labels.dashboard_header(board), {tr("col_overdue"): "bold red" if late else "green"})
        table = Table(title=Text(tr("dash_units"), style="bold"))
        for key in ("col_unit", "col_progress", "col_percent", "col_owed", "col_received_count", "col_overdue"):
            table.add_column(tr(key), justify="left" if key == "col_unit" else "right")
        for row in board.units:
            percent = f"{row.percent:.0f}" if row.percent is not None else "—"
            table.add_row(Text(clean(row.unit.label)), Text(f"{row.duties_done}/{row.duties_total}"),
                          Text(percent), Text(str(row.reports_owed)), Text(str(row.reports_received)),
                          Text(str(row.reports_overdue), style="bold red" if row.reports_overdue else "green"))
        self.print(table)

    def submitted(self, plan: Plan, row: ReportRow) -> None:
        self.print(Text(labels.submitted_line(plan, row)))
