"""The clerk's documents as Markdown or plain text, for stdout, `-o FILE.md` or `-o FILE.txt`: the
checklist (`checklist_text`) and the report draft (`office_text`). Across the office's plans, each
plan's checklist follows the last under its plan's name, and the report drafts are one report, each
plan's part under its number and title."""

from __future__ import annotations

from ..i18n import tr
from . import labels

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

    from ..core.daily import Checklist
    from ..core.model import Plan
    from ..core.report_draft import ReportDraft
    from .office_document import OfficeDocument


class TextDocumentRenderer:
    def __init__(self, stream: IO[str], markdown: bool):
        self.stream = stream
        self.markdown = markdown
        self._part: str | None = None  # in an office of many plans: the plan this part is of
        self._checklists: list[str] = []
        self._drafts: list[tuple[Plan, OfficeDocument]] = []
        self._summary = ""

    def plan_part(self, plan: Plan) -> None:
        self._part = labels.plan_label(plan)

    def checklist(self, found: Checklist) -> None:
        from .checklist_text import render_checklist

        text = render_checklist(found, "md" if self.markdown else "txt")
        self._checklists.append(text if self._part is None else f"{tr('col_plan')}: {self._part}\n\n{text}")

    def report_draft(self, draft: ReportDraft) -> None:
        from .office_report_draft import report_draft_paper

        self._drafts.append((draft.plan, report_draft_paper(draft)))
        self._summary = tr("draft_summary_office", period=labels.period_name(draft.period, draft.plan))

    def close(self) -> None:
        if self._drafts:
            from .office_papers import office_wide
            from .office_text import document_text

            self.stream.write(document_text(office_wide(self._drafts, self._summary), self.markdown))
        self.stream.write("\n".join(self._checklists))
