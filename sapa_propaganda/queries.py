"""Read-only questions about a plan, answered as plain result objects for the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Item, Plan, ReportRule, Unit
from .text import fold


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    parent: Unit | None
    duties: int


@dataclass(frozen=True)
class DutyRow:
    item: Item
    section: Item | None


@dataclass(frozen=True)
class DutyGroup:
    unit: Unit
    rows: list[DutyRow]


@dataclass(frozen=True)
class ItemDetail:
    item: Item
    units: list[Unit]
    mentions: list[Unit]
    path: list[Item]
    children: list[Item]
    rules: list[ReportRule]
    plan: Plan = field(repr=False)


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
                include_all: bool = False) -> list[DutyGroup]:
    """Duties grouped by unit, units and duties in document order.

    `include_all` adds the contents and forms that name a unit, not only section III's duties.
    """
    wanted = fold(search)
    items = [
        i for i in (plan.tracked_items if include_all else plan.duties)
        if i.units and (not wanted or _matches(i, wanted))
    ]
    groups = []
    for u in plan.units:
        if unit is not None and u.id != unit.id:
            continue
        rows = [DutyRow(i, plan.section_of(plan.item(i.parent)) if i.parent else None)
                for i in items if u.id in i.units]
        if rows:
            groups.append(DutyGroup(u, rows))
    return groups


def rules_covering(plan: Plan, item: Item) -> list[ReportRule]:
    """The reporting rules under which the item's units report; the whole plan's for an item with none."""
    if plan.reporting is None:
        return []
    if not item.units:
        return list(plan.reporting.rules)
    return [r for r in plan.reporting.rules if set(r.units) & set(item.units)]


def item_detail(plan: Plan, item: Item) -> ItemDetail:
    return ItemDetail(
        item=item,
        units=[plan.unit(u) for u in item.units],
        mentions=[plan.unit(u) for u in item.mentions],
        path=plan.ancestors(item),
        children=plan.children(item.id),
        rules=rules_covering(plan, item),
        plan=plan,
    )
