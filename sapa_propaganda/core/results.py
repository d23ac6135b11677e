"""What a command did or found: the results the actions and the read commands return, and the
renderers show.

Here in the core, not beside the actions, so that render/ never points up at commands/.
"""

from __future__ import annotations

from .record import Factory, Record

# Type names only: a record needs none of them to be made, and `mark` should not load the
# reporting calendar (`deadlines`) to say what it did.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date
    from typing import Any

    from ..errors import SapaError
    from .deadlines import ReportRow
    from .model import Item, ItemRef, Plan
    from .progress import Event, ImportBatch, TargetProgress


class MarkResult(Record):
    item: Item | ItemRef
    before: str
    event: Event
    after: str  # where the item stands now: not the new status if a later-dated update exists


class UndoResult(Record):
    undo: Event  # the first undo event; an import has one per event it brought
    reverted: Event
    undos: list[Event] = Factory(default_factory=list)
    all_reverted: list[Event] = Factory(default_factory=list)
    batch: ImportBatch | None = None  # the import reverted, when the step was an import


class ImportResult(Record):
    source: str
    added: int
    already: int
    conflicts: list[str]
    total: int


class SubmitResult(Record):
    row: ReportRow  # where the report stands now
    replaced: TargetProgress | None  # the submission this one corrects, if there was one


class PerPlan(Record):
    """A read command's answer, one part per plan it covered: the plan --plan names (or the only
    one), or every active plan of the office. `kind` names the listing (`reports`, `overdue`,
    ...), the renderer's method that draws a part. Where the office's plans are covered, every
    part is headed by its plan (`by_plan`), and the plans that could not be read are named in
    `skipped` (shown on stderr after the rest, with an exit code that says so)."""

    kind: str
    parts: list[tuple[Plan, Any]]
    today: date
    by_plan: bool = False
    skipped: list[tuple[str, SapaError]] = Factory(default_factory=list)


class WordedLines(Record):
    """Lines already worded, one per thing to say: the office's cron reminders, worded from each
    plan's overview without loading the plan (`header`: the message key of their CSV column)."""

    lines: list[str]
    header: str
    overdue: int  # how many of them are overdue, for `remind --fail-on-overdue`
    skipped: list[tuple[str, SapaError]] = Factory(default_factory=list)
