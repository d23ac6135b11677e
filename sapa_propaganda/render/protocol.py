"""What a renderer does, typed, so that mypy names a renderer that lacks a method.

Three roles, by what is drawn:
- `Renderer`: the listings, one plan's part at a time (`reports(plan, rows)`), and the office's
  status. Every output format draws them: Rich (`rich_out`), plain text and, from its lines, CSV
  (`plain`), JSON (`json_out`), and the leaders' Word and Excel papers (`office_papers`).
- `Screen`: a `Renderer` that also shows one thing on stdout, a plan or an item (Rich, plain,
  JSON); `Messages`: a `Screen` that confirms what a write did, in a sentence (Rich, plain).
- `DocumentRenderer`: the documents the clerk prints before a deadline, the checklist and the
  report draft: Markdown or plain text (`office_text`), Word or Excel (`office_papers`).
- `OfficeLists`: `overdue` and `reports` across the office drawn from each plan's overview
  (core/overview.py), no plan loaded: what the same listing of the plans draws, in Rich, plain
  text and JSON (a paper is drawn from the plans).

In an office of many plans each plan's part is announced by `plan_part` first, and `close` ends
the output: a renderer that gathers the parts (JSON, papers) writes them then.
`commands/output.py` is the one caller.
"""

from __future__ import annotations

from typing import Protocol

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ..core.daily import Checklist, Dashboard, Reminder
    from ..core.deadlines import OverdueReport, ReportRow
    from ..core.model import Plan
    from ..core.overview import ItemLine, Listing, OfficeStatus, PlanView, ReportLine
    from ..core.queries import DutyGroup, HistoryRow, ItemDetail, UnitRow
    from ..core.report_draft import ReportDraft
    from ..core.results import ImportResult, MarkResult, UndoResult


class Renderer(Protocol):
    def plan_part(self, plan: Plan) -> None:
        """What follows is this plan's, in a listing across the office's plans."""

    def units(self, plan: Plan, rows: list[UnitRow]) -> None: ...

    def duties(self, plan: Plan, groups: list[DutyGroup]) -> None: ...

    def history(self, plan: Plan, rows: Iterable[HistoryRow]) -> None:
        """`rows`: a list, or core.queries.HistoryRows, gone through once and true while a row is to come."""

    def reports(self, plan: Plan, rows: list[ReportRow]) -> None: ...

    def overdue(self, plan: Plan, found: OverdueReport) -> None: ...

    def dashboard(self, board: Dashboard) -> None: ...

    def reminders(self, plan: Plan, found: list[Reminder]) -> None: ...

    def office_status(self, status: OfficeStatus) -> None: ...

    def close(self) -> None:
        """The output is complete."""


class OfficeLists(Protocol):
    def view_part(self, view: PlanView) -> None:
        """What follows is this plan's, as `Renderer.plan_part` says it."""

    def office_overdue(self, view: PlanView, listing: Listing, found: tuple[list[ReportLine], list[ItemLine]]
                       ) -> None: ...

    def office_reports(self, view: PlanView, listing: Listing, lines: list[ReportLine]) -> None: ...

    def close(self) -> None: ...


class Screen(Renderer, Protocol):
    def plan_overview(self, plan: Plan) -> None: ...

    def item(self, detail: ItemDetail) -> None: ...

    def fields(self, rows: Sequence[tuple[str, object]]) -> None: ...

    def plan_ok(self, plan: Plan) -> None: ...

    def submitted(self, plan: Plan, row: ReportRow) -> None: ...


class Messages(Screen, OfficeLists, Protocol):
    def message(self, text: str) -> None: ...

    def marked(self, result: MarkResult) -> None: ...

    def undone(self, result: UndoResult) -> None: ...

    def imported(self, result: ImportResult) -> None: ...


class DocumentRenderer(Protocol):
    def plan_part(self, plan: Plan) -> None: ...

    def checklist(self, found: Checklist) -> None: ...

    def report_draft(self, draft: ReportDraft) -> None: ...

    def close(self) -> None: ...
