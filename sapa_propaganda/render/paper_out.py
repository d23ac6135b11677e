"""Listings and documents kept as papers for the leaders, for `-o FILE.docx` and `-o FILE.xlsx`.

`PaperRenderer` takes what the screen's renderers take (`reports(plan, rows)`, `checklist(found)`)
and keeps each plan's paper (`office_papers`, `office_report_draft`); at `close`, one plan's paper
is its own, and the papers of several plans are one paper for the office (`office_wide`).
"""

from __future__ import annotations

from ..core.dates import format_date
from ..i18n import tr
from . import labels
from .office_papers import (
    checklist_paper,
    duties_paper,
    header_plan,
    history_paper,
    office_status_paper,
    office_wide,
    overdue_paper,
    remind_paper,
    reports_paper,
    status_paper,
    units_paper,
)
from .office_report_draft import report_draft_paper

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

    from ..core.daily import Checklist, Dashboard, Reminder
    from ..core.deadlines import OverdueReport, ReportRow
    from ..core.model import Plan
    from ..core.overview import OfficeStatus
    from ..core.queries import DutyGroup, HistoryRow, UnitRow
    from ..core.report_draft import ReportDraft
    from .office_document import OfficeDocument


class PaperRenderer:
    """`header_plans`: the plans whose office may head a paper that no plan's listing makes
    (the office's status); `login`: this computer's account, never printed as who made a change."""

    def __init__(self, today: date, header_plans: list[Plan] | None = None, login: str = ""):
        self.today = today
        self.login = login  # this computer's account, which a change records when it names no one
        self.header_plans = header_plans or []
        self.parts: list[tuple[Plan, OfficeDocument]] = []
        self.summary = ""  # the office-wide paper's, where each plan's names its plan
        self.document: OfficeDocument | None = None

    def plan_part(self, plan: Plan) -> None:
        """Each listing names its plan, and each plan's paper is a part of its own."""

    def close(self) -> None:
        if self.parts:
            self.document = office_wide(self.parts, self.summary,
                                        tr("paper_office_ledger", date=format_date(self.today)))

    def units(self, plan: Plan, rows: list[UnitRow]) -> None:
        self.parts.append((plan, units_paper(plan, rows, self.today)))

    def duties(self, plan: Plan, groups: list[DutyGroup]) -> None:
        self.parts.append((plan, duties_paper(plan, groups, self.today)))

    def history(self, plan: Plan, rows: Iterable[HistoryRow]) -> None:
        self.parts.append((plan, history_paper(plan, list(rows), self.today, self.login)))

    def reports(self, plan: Plan, rows: list[ReportRow]) -> None:
        self.parts.append((plan, reports_paper(plan, rows, self.today)))

    def overdue(self, plan: Plan, found: OverdueReport) -> None:
        self.parts.append((plan, overdue_paper(plan, found, self.today)))

    def dashboard(self, board: Dashboard) -> None:
        self.parts.append((board.plan, status_paper(board)))
        self.summary = tr("paper_office_status_summary", date=format_date(board.today))

    def reminders(self, plan: Plan, found: list[Reminder]) -> None:
        self.parts.append((plan, remind_paper(plan, found, self.today)))

    def office_status(self, status: OfficeStatus) -> None:
        plans = self.header_plans
        if plans:
            self.document = office_status_paper(status, plans[header_plan(plans)])

    def checklist(self, found: Checklist) -> None:
        self.parts.append((found.plan, checklist_paper(found)))

    def report_draft(self, draft: ReportDraft) -> None:
        self.parts.append((draft.plan, report_draft_paper(draft)))
        self.summary = tr("draft_summary_office", period=labels.period_name(draft.period, draft.plan))
