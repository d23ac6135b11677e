"""Rich tables and trees for a person at a terminal.

The console has markup, emoji and highlighting off: plan text and notes are data, so
"[bold]" in a note is shown as typed. Every piece of text goes through `text.for_display`.

Tables never cut what the clerk types back: ids, dates, document numbers and counts keep
their whole width (`WHOLE`), an event summary wraps between words but never inside one, so
the id in it stays whole (`WORDS`), and only names, notes and duty text wrap freely (`TEXT`).
The widths are worked out here, not by Rich, which would shrink any column to fit. When even
the narrowest table cannot hold the whole values, each row is shown as a block of
"column  value" lines instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..core.daily import Dashboard, Reminder
from ..core.dates import format_date
from ..core.deadlines import OverdueReport, ReportRow
from ..core.model import REMOVED, Plan
from ..core.overview import ItemLine, Listing, OfficeStatus, PlanView, ReportLine
from ..core.queries import DutyGroup, DutyRow, HistoryRow, ItemDetail, UnitRow
from ..core.text import for_display, shorten
from ..i18n import tr
from . import labels

REPORT_STYLES = {"on-time": "green", "late": "yellow", "overdue": "bold red", "due-soon": "bold yellow",
                 "upcoming": "", "waived": "dim"}
STATUS_STYLES = {"todo": "", "doing": "yellow", "done": "green", "blocked": "bold red", "cancelled": "dim"}

WHOLE, WORDS, TEXT = "whole", "words", "text"
TEXT_MIN = 8  # a free-text column is never narrower than this (or than its longest word, if shorter)
READABLE = 30  # text this wide reads well: wider only once every header is on one line


def make_console(stream: IO[str]) -> Console:
    return Console(file=stream, markup=False, emoji=False, highlight=False)


def text(value: str, style: str = "") -> Text:
    """One piece of shown text: one line, nothing that drives the terminal."""
    return Text(for_display(value), style=style)


def lines(values: list[str] | tuple[str, ...], style: str = "") -> Text:
    """Several values in one cell, one a line (a unit's members)."""
    return Text("\n".join(for_display(v) for v in values), style=style)


class Column(NamedTuple):
    header: str
    kind: str  # WHOLE, WORDS or TEXT
    justify: str = "left"
    style: str = ""
    fill: bool = False  # takes the room left over (the duty text)


def _longest_word(value: str) -> int:
    return max((cell_len(word) for word in value.split()), default=0)


def _longest_line(value: str) -> int:
    return max((cell_len(line) for line in value.split("\n")), default=0)


def column_widths(columns: list[Column], rows: list[list[Text]], room: int) -> list[int] | None:
    """Content widths that fit in `room`, or None if the whole values alone do not fit.

    At the least, WHOLE columns get their longest value, WORDS columns their longest word, TEXT
    columns TEXT_MIN (less if every word is shorter). The room left is shared out a character
    at a time, to the narrowest column still wanting one, in rounds: every value on one line
    (text up to READABLE wide); then every header on one line; then text as wide as it goes;
    what is left goes to the `fill` column. So no column is squeezed while another has more
    than it needs, and a count's header does not take the room a name needs.
    """
    least, rounds = [], []
    for index, column in enumerate(columns):
        cells = [row[index].plain for row in rows]
        header_word = _longest_word(column.header)
        longest = max([header_word, *(_longest_line(c) for c in cells)])
        word = max([header_word, *(_longest_word(c) for c in cells)])
        low = max(1, longest if column.kind == WHOLE else word if column.kind == WORDS else min(word, TEXT_MIN))
        values = max(longest, low)
        first = values if column.kind == WHOLE else max(low, min(values, READABLE))
        headed = max(first, cell_len(column.header))
        least.append(low)
        rounds.append((first, headed, max(values, headed)))
    spare = room - sum(least)
    if spare < 0:
        return None
    widths = list(least)
    for stage in range(3):
        while spare:
            wanting = [i for i, want in enumerate(rounds) if widths[i] < want[stage]]
            if not wanting:
                break
            widths[min(wanting, key=lambda i: widths[i])] += 1
            spare -= 1
    fill = [i for i, c in enumerate(columns) if c.fill]
    if fill:
        widths[fill[0]] += spare
    return widths


def _said_above(rows: list[DutyRow], index: int) -> str:
    """A duty's text, or "(như trên)" for an occurrence of a recurring duty right under another of
    the same duty (`II.3@2009-08` under `II.3@2009-07`): a month's text again on every row of a
    narrow screen took ten lines each. Plain text and JSON keep every row's text: they are data."""
    item = rows[index].item
    above = rows[index - 1].item if index else None
    if above is not None and "@" in item.id and item.id.split("@")[0] == above.id.split("@")[0] \
            and item.text == above.text:
        return tr("ditto")
    return str(item.text)


class RichRenderer(labels.ResultMessages):
    def __init__(self, stream: IO[str]):
        self.stream = stream
        self.console = make_console(stream)

    def print(self, *things: object) -> None:
        self.console.print(*things)

    def listing(self, title: Text | None, columns: list[Column], rows: list[list[Text]]) -> None:
        """A table as wide as its contents allow, within the console; see the module's docstring."""
        width = self.console.width
        n = len(columns)
        # A boxed table with padded cells; else no outer edge and no rules between columns.
        framed = True
        widths = column_widths(columns, rows, width - (3 * n + 1))
        if widths is None:
            framed = False
            widths = column_widths(columns, rows, width - 3 * (n - 1))
        if widths is None:
            self.records(title, columns, rows)
            return
        table = Table(title=title, box=box.HEAVY_HEAD if framed else box.SIMPLE_HEAD, show_edge=framed,
                      pad_edge=framed, title_justify="center" if framed else "left")
        for column, content in zip(columns, widths, strict=True):
            table.add_column(Text(column.header), justify=column.justify,  # type: ignore[arg-type]
                             style=column.style, width=content, overflow="fold")
        for row in rows:
            table.add_row(*row)
        self.print(table)

    def records(self, title: Text | None, columns: list[Column], rows: list[list[Text]]) -> None:
        """Each row as a block of "column  value" lines: for a console too narrow for the table."""
        if title is not None:
            self.print(title)
        for number, row in enumerate(rows):
            if number:
                self.print(Text(""))
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column(overflow="fold")
            for column, value in zip(columns, row, strict=True):
                grid.add_row(Text(column.header), value)
            self.print(grid)

    def fields(self, rows: Sequence[tuple[str, object]], styles: dict[str, str] | None = None) -> None:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column(overflow="fold")  # a long path folds; words, and the dates among them, stay whole
        for label, value in rows:
            grid.add_row(text(label), text(str(value), style=(styles or {}).get(label, "")))
        self.print(grid)

    def plan_overview(self, plan: Plan) -> None:
        self.print(text(plan.title, style="bold"))
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
                label = Text.assemble(text(item.id, "bold cyan"), " ", text(item.title))
            else:
                label = Text.assemble(text(item.id, "cyan"), " ", text(shorten(for_display(item.text), 80)))
            nodes[item.id] = nodes[item.parent].add(label)
        self.print(tree)

    def plan_part(self, plan: Plan) -> None:
        """A block per plan, under its number and title."""
        self.print(text(f"{labels.plan_label(plan)} — {plan.title}", style="bold"))

    def view_part(self, view: PlanView) -> None:
        self.print(text(f"{for_display(view.label)} — {view.title}", style="bold"))

    def close(self) -> None:
        """Nothing is held back: every table was printed as it came."""

    def units(self, plan: Plan, rows: list[UnitRow]) -> None:
        columns = [Column(tr("col_id"), WHOLE, style="cyan"), Column(tr("col_name"), TEXT),
                   Column(tr("col_parent"), WHOLE), Column(tr("col_duties"), WHOLE, justify="right"),
                   Column(tr("col_members"), TEXT), Column(tr("col_source"), WHOLE)]
        self.listing(None, columns, [
            [text(row.unit.id), text(row.unit.name), text(row.parent.id if row.parent else ""),
             text(str(row.duties)), lines([labels.member_name(m) for m in row.unit.members]),
             text(tr("source_" + row.source))]
            for row in rows
        ])

    def duties(self, plan: Plan, groups: list[DutyGroup]) -> None:
        if not groups:
            self.print(text(tr("no_duties")))
            return
        columns = [Column(tr("col_id"), WHOLE, style="cyan"), Column(tr("col_duty"), TEXT, fill=True),
                   Column(tr("col_section"), WHOLE), Column(tr("col_due"), WHOLE), Column(tr("col_status"), TEXT),
                   Column(tr("col_updated"), WHOLE)]
        for group in groups:
            self.listing(text(labels.group_title(group.unit), style="bold"), columns, [
                [text(row.item.id), text(_said_above(group.rows, index)), text(row.section.id if row.section else ""),
                 text(format_date(row.item.due)),
                 text(labels.item_standing(row.status, row.deadline), style=STATUS_STYLES[row.status]),
                 text(format_date(row.progress.updated) if row.progress else "")]
                for index, row in enumerate(group.rows)
            ])

    def item(self, detail: ItemDetail) -> None:
        item = detail.item
        self.print(Text.assemble(text(item.id, "bold cyan"), " — ", text(tr("kind_" + item.kind))))
        if item.kind == REMOVED:  # taken out of the plan: its history is all there is
            self.history(detail.plan, detail.history)
            return
        self.print(text(item.title or item.text))
        rows = []
        if item.original:
            rows.append((tr("field_original"), item.original))
        rows.append((tr("field_path"), " › ".join(labels.section_label(p) for p in detail.path) or "—"))
        rows.append((tr("field_units"), ", ".join(f"{u.name} ({u.id})" for u in detail.units) or tr("none")))
        if detail.partners:
            rows.append((tr("field_partners"), ", ".join(f"{u.name} ({u.id})" for u in detail.partners)))
        if detail.mentions:
            rows.append((tr("field_mentions"), ", ".join(f"{u.name} ({u.id})" for u in detail.mentions)))
        rows.append((tr("field_period"), labels.item_period(item)))
        if item.due:
            rows.append((tr("field_due"), format_date(item.due)))
        rows += [(tr("field_reporting"), labels.report_rule(detail.plan, r)) for r in detail.rules]
        if item.note:
            rows.append((tr("field_note"), item.note))
        if item.tracked:
            rows.append((tr("field_status"), labels.item_standing(detail.progress.status if detail.progress else "todo",
                                                                  detail.deadline)))
        rows += [("  " + tr("field_unit_part", unit=f"{part.unit.label} ({part.unit.id})"),
                  labels.item_standing(part.status, part.deadline)) for part in detail.parts]  # a duty of several units
        self.fields(rows)
        for child in detail.children:
            self.print(Text.assemble("  ", text(child.id, "cyan"), " ",
                                     text(shorten(for_display(child.label), 90))))
        if detail.history:
            self.history(detail.plan, detail.history)

    def history(self, plan: Plan, rows: Iterable[HistoryRow]) -> None:
        if not rows:
            self.print(text(tr("no_history")))
            return
        columns = [Column(tr("col_when"), WORDS), Column(tr("col_date"), WHOLE), Column(tr("col_event"), WORDS),
                   Column(tr("col_by"), TEXT), Column(tr("col_ref"), WHOLE), Column(tr("col_note"), TEXT),
                   Column(tr("col_event_id"), WHOLE)]
        cells = []
        for row in rows:
            event = row.event
            summary = text(labels.history_summary(row))
            if row.undone_by:
                summary.stylize("strike")
                summary.append(" " + tr("event_undone"), style="dim")
            cells.append([text(labels.recorded(event)), text(format_date(event.date)), summary,
                          text(event.by), text(event.ref), text(event.note), text(labels.short_id(event.id))])
        self.listing(text(tr("field_history"), style="bold"), columns, cells)

    def message(self, value: str) -> None:
        self.print(text(value))

    def plan_ok(self, plan: Plan) -> None:
        self.print(text(tr("plan_ok", path=plan.source, units=len(plan.units), items=len(plan.items),
                           duties=len(plan.duties)), style="green"))

    def reports(self, plan: Plan, rows: list[ReportRow]) -> None:
        by_period: dict[str, list[ReportRow]] = {}
        for row in rows:
            by_period.setdefault(row.period.id, []).append(row)
        self._report_tables([(labels.period_name(period_rows[0].period, plan), period_rows[0].period.id, [
            (row.owner, labels.owner_label(plan, row), row.members is not None, labels.report_title(row.obligation),
             format_date(row.due), format_date(row.submitted), row.ref, labels.report_state(row), row.state)
            for row in period_rows]) for period_rows in by_period.values()])

    def office_reports(self, view: PlanView, listing: Listing, lines: list[ReportLine]) -> None:
        """`reports`, from a plan's overview: the tables `reports` draws of the plan."""
        by_period: dict[str, list[ReportLine]] = {}
        for line in lines:
            by_period.setdefault(listing.periods[listing.reports[line[0]][0]][0], []).append(line)
        days, states = labels.Memo(labels.day_words), labels.Memo(labels.state_key_words)
        groups = []
        for period_id, period_lines in by_period.items():
            worded = labels.office_report_cells(view, listing, period_lines, days, states)
            cells = []
            for line, (owner, who, title, due, received, ref, said) in zip(period_lines, worded, strict=True):
                _n, state, _left, _received, members = line
                rolled = members is not None  # a unit's roll-up of its members' reports
                cells.append((owner, who, rolled, title, due, received, ref, said, state))
            groups.append((listing.period_names[listing.reports[period_lines[0][0]][0]], period_id, cells))
        self._report_tables(groups)

    def _report_tables(self, groups: list[tuple[str, str, list[tuple[str, str, bool, str, str, str, str, str, str]]]]
                       ) -> None:
        """A table per period (its name, its id): each report's owner, who that is (bold: a unit's
        roll-up of its members' reports), the report, its deadline, the day received, the
        reference, its state in words, and the state."""
        if not groups:
            self.print(text(tr("no_reports")))
            return
        columns = [Column(tr("col_id"), WHOLE, style="cyan"), Column(tr("col_unit"), TEXT),
                   Column(tr("col_report"), TEXT), Column(tr("col_due"), WHOLE), Column(tr("col_received"), WHOLE),
                   Column(tr("col_ref"), WHOLE), Column(tr("col_state"), TEXT)]
        for name, period_id, rows in groups:
            title = text(f"{tr('reports_for', period=name)} ({period_id})", style="bold")
            self.listing(title, columns, [
                [text(owner), text(who, style="bold" if rolled else ""), text(report), text(due), text(received),
                 text(ref), text(said, style=REPORT_STYLES[state])]
                for owner, who, rolled, report, due, received, ref, said, state in rows
            ])

    def overdue(self, plan: Plan, found: OverdueReport) -> None:
        self._overdue_tables(
            [(row.owner, labels.owner_label(plan, row), labels.report_title(row.obligation), format_date(row.due),
              labels.report_state(row)) for row in found.reports],
            [(d.item.id, d.item.text, format_date(d.item.due), d.state, d.days_late) for d in found.items])

    def office_overdue(self, view: PlanView, listing: Listing, found: tuple[list[ReportLine], list[ItemLine]]
                       ) -> None:
        """`overdue`, from a plan's overview: the tables `overdue` draws of the plan."""
        o = view.overview
        days, states = labels.Memo(labels.day_words), labels.Memo(labels.state_key_words)
        reports = [(owner, who, title, due, said) for owner, who, title, due, _received, _ref, said
                   in labels.office_report_cells(view, listing, found[0], days, states)]
        self._overdue_tables(reports, [(o.items[n][2], view.item_texts[n], days[o.items[n][0]], state, late)
                                       for n, state, late in found[1]])

    def _overdue_tables(self, reports: list[tuple[str, str, str, str, str]],
                        items: list[tuple[str, str, str, str, int | None]]) -> None:
        """The reports past due (owner, who, report, deadline, state in words), then the items
        (id, text, deadline, state, days late)."""
        if not reports and not items:
            self.print(text(tr("nothing_overdue"), style="green"))
            return
        if reports:
            columns = [Column(tr("col_id"), WHOLE, style="cyan"), Column(tr("col_unit"), TEXT),
                       Column(tr("col_report"), TEXT), Column(tr("col_due"), WHOLE), Column(tr("col_state"), TEXT)]
            self.listing(text(tr("overdue_reports"), style="bold red"), columns, [
                [text(owner), text(who), text(report), text(due), text(said, style="bold red")]
                for owner, who, report, due, said in reports
            ])
        if items:
            columns = [Column(tr("col_id"), WHOLE, style="cyan"), Column(tr("col_text"), TEXT),
                       Column(tr("col_due"), WHOLE), Column(tr("col_state"), TEXT),
                       Column(tr("col_late_days"), WHOLE, justify="right")]
            self.listing(text(tr("overdue_items"), style="bold red"), columns, [
                [text(item_id), text(item_text), text(due), text(tr("item_" + state)),
                 text(str(days), style="bold red")]
                for item_id, item_text, due, state, days in items
            ])

    def dashboard(self, board: Dashboard) -> None:
        late = board.overdue_reports or board.overdue_items
        self.fields(labels.dashboard_header(board), {tr("col_overdue"): "bold red" if late else "green"})
        columns = [Column(tr("col_id"), WHOLE, style="cyan"), Column(tr("col_unit"), TEXT),
                   *(Column(tr(key), WHOLE, justify="right") for key in
                     ("col_progress", "col_percent", "col_owed", "col_received_count", "col_overdue"))]
        cells = []
        for row in board.units:
            percent = f"{row.percent:.0f}" if row.percent is not None else "—"
            cells.append([text(row.unit.id), text(row.unit.label), text(f"{row.duties_done}/{row.duties_total}"),
                          text(percent), text(str(row.reports_owed)), text(str(row.reports_received)),
                          text(str(row.reports_overdue), style="bold red" if row.reports_overdue else "green")])
        self.listing(text(tr("dash_units"), style="bold"), columns, cells)

    def submitted(self, plan: Plan, row: ReportRow) -> None:
        self.print(text(labels.submitted_line(plan, row)))

    def reminders(self, plan: Plan, found: list[Reminder]) -> None:
        """Cron's lines are plain in a terminal too: what is read on screen is what is mailed."""
        for reminder in found:
            self.stream.write(labels.reminder_line(plan, reminder) + "\n")

    def office_status(self, status: OfficeStatus) -> None:
        for line in labels.office_status_lines(status):
            self.print(text(line, style="bold" if line.startswith("== ") else ""))
