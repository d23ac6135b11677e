"""What a write to the ledger did: the results the actions return and the renderers show.

Here in the core, not beside the actions, so that render/ never points up at commands/.
"""

from __future__ import annotations

from .deadlines import ReportRow
from .model import Item, ItemRef
from .progress import Event, ImportBatch, TargetProgress
from .record import Factory, Record


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
