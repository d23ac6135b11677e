"""Read-only questions about a plan, answered as plain result objects for the renderers."""

from __future__ import annotations

from datetime import date

from .i18n import tr
from .model import Item, Plan, ReportRule, Unit
from .progress import Event, ProgressState, TargetProgress
from .record import Factory, Record
from .text import fold


class UnitRow(Record):
    unit: Unit
    parent: Unit | None
    duties: int


class DutyRow(Record):
    item: Item
    section: Item | None
    progress: TargetProgress | None = None

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else "todo"


class DutyGroup(Record):
    unit: Unit
    rows: list[DutyRow]


class HistoryRow(Record):
    event: Event
    units: tuple[str, ...]
    undone_by: str | None  # the id of the undo event that reverted it
    reverted: Event | None  # for an undo event: what it reverted


class ItemDetail(Record):
    item: Item
    units: list[Unit]
    mentions: list[Unit]
    path: list[Item]
    children: list[Item]
    rules: list[ReportRule]
    plan: Plan
    progress: TargetProgress | None = None
    history: list[HistoryRow] = Factory(default_factory=list)


def list_units(plan: Plan) -> list[UnitRow]:
    counts = {u.id: 0 for u in plan.units}
    for duty in plan.duties:
        for unit_id in duty.units:
            counts[unit_id] += 1
    return [
        UnitRow(u, plan.unit(u.parent) if u.parent else None, counts[u.id]) for u in plan.units
    ]


def _matches(item: Item, words: str) -> bool:
    haystack = fold(" ".join((item.id, item.title, item.text, item.original)))
    return all(word in haystack for word in words.split())


def list_duties(plan: Plan, unit: Unit | None = None, search: str = "",
                include_all: bool = False, state: ProgressState | None = None,
                status: str | None = None) -> list[DutyGroup]:
    """Duties grouped by unit, units and duties in document order, with their progress.

    `include_all` adds every content and form of section II; those that name no unit come last,
    under a group for the whole plan (`WHOLE_PLAN`, id "").
    """
    state = state or ProgressState()
    wanted = fold(search)
    items = [
        i for i in (plan.tracked_items if include_all else plan.duties)
        if (not wanted or _matches(i, wanted)) and (status is None or state.status_of(i.id) == status)
    ]
    rows_of: dict[str, list[DutyRow]] = {}
    for i in items:
        row = DutyRow(i, plan.section_of(plan.item(i.parent)) if i.parent else None, state.of(i.id))
        for unit_id in i.units or ("",):
            rows_of.setdefault(unit_id, []).append(row)
    groups = [DutyGroup(u, rows_of[u.id]) for u in plan.units
              if u.id in rows_of and (unit is None or u.id == unit.id)]
    if "" in rows_of and unit is None:
        groups.append(DutyGroup(Unit("", tr("whole_plan")), rows_of[""]))
    return groups


def rules_covering(plan: Plan, item: Item) -> list[ReportRule]:
    """The reporting rules under which the item's units report; the whole plan's for an item with none."""
    if plan.reporting is None:
        return []
    if not item.units:
        return list(plan.reporting.rules)
    return [r for r in plan.reporting.rules if set(r.units) & set(item.units)]


def _event_units(plan: Plan, event: Event) -> tuple[str, ...]:
    if event.kind == "submit":
        return (event.target.split("@", 1)[0],)
    if plan.has_item(event.target):
        return plan.item(event.target).units
    return ()


def history(plan: Plan, state: ProgressState, item: Item | None = None, unit: Unit | None = None,
            since: date | None = None) -> list[HistoryRow]:
    """Every event, newest recorded first, optionally about one item, one unit, or since a date."""
    by_id = {e.id: e for e in state.events}
    rows = []
    for event in state.events:
        reverted = by_id.get(event.target) if event.kind == "undo" else None
        subject = reverted or event
        units = _event_units(plan, subject)
        if item is not None and subject.target != item.id:
            continue
        if unit is not None and unit.id not in units:
            continue
        if since is not None and event.date < since and event.recorded.date() < since:
            continue
        rows.append(HistoryRow(event, units, state.undone.get(event.id), reverted))
    rows.sort(key=lambda r: (r.event.recorded, r.event.id), reverse=True)
    return rows


def item_detail(plan: Plan, item: Item, state: ProgressState | None = None) -> ItemDetail:
    state = state or ProgressState()
    return ItemDetail(
        item=item,
        units=[plan.unit(u) for u in item.units],
        mentions=[plan.unit(u) for u in item.mentions],
        path=plan.ancestors(item),
        children=plan.children(item.id),
        rules=rules_covering(plan, item),
        plan=plan,
        progress=state.of(item.id),
        history=history(plan, state, item=item),
    )
