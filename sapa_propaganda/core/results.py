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
    from typing import Any

    from ..errors import SapaError
    from .datetime_types import date
    from .deadlines import ReportRow
    from .model import Item, ItemRef, Plan
    from .progress import Disagreement, Event, ImportBatch, TargetProgress


class MarkResult(Record):
    item: Item | ItemRef
    before: str
    event: Event | None  # None: the mark would change nothing, and nothing was recorded
    after: str  # where the item stands now: not the new status if a later-dated update exists
    standing: TargetProgress | None = None  # when nothing was recorded: where the item already stood
    unit: str = ""  # one unit's part of a duty of several units was marked: `before`/`after` are that unit's
    whole: str = ""  # with `unit`: where the whole duty stands now, as its units' parts make it
    parts: tuple[tuple[str, str], ...] = ()  # with `unit`: every unit of the duty and its part's status now


class UndoResult(Record):
    undo: Event  # the first undo event; an import has one per event it brought
    reverted: Event
    undos: list[Event] = Factory(default_factory=list)
    all_reverted: list[Event] = Factory(default_factory=list)
    batch: ImportBatch | None = None  # the import reverted (or put back), when the step was an import (or its undo)
    change: Event | None = None  # the change the step comes down to (for an undo of an undo, the change)
    restores: bool = False  # the step was an undo: its change stands again (a redo)
    count: int = 0  # the undo events written (`undos` may hold the first only: a large import's are not held)


class ImportResult(Record):
    source: str
    added: int
    already: int
    conflicts: list[str]
    total: int
    disagreements: list[Disagreement] = Factory(default_factory=list)  # reports received otherwise there


class SubmitResult(Record):
    row: ReportRow  # where the report stands now
    replaced: TargetProgress | None  # the submission this one corrects, if there was one
    repeated: bool = False  # the same receipt (same document number) again: nothing was recorded


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
