"""Read-only questions about a plan, answered as plain result objects for the renderers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import islice

from .deadlines import ItemDeadline, item_deadline
from .matching import phrase_matcher, syllables
from .model import REMOVED, Item, Plan, Problem, ReportRule, Unit, mark_parts
from .progress import (
    Event,
    ProgressState,
    TargetProgress,
    UndoRef,
    duplicate_undos,
    item_progress,
    part_status,
    undo_chain,
    unit_progress,
)
from .record import Factory, Record
from .text import fold, nfc


class UnitRow(Record):
    unit: Unit
    parent: Unit | None
    duties: int
    source: str = "plan"  # `plan`; `plan+roster` when the office roster supplied its members; `roster`


class DutyRow(Record):
    item: Item
    section: Item | None
    progress: TargetProgress | None = None
    deadline: ItemDeadline | None = None  # where the item has a due date: done late, in progress on time…
    unit: str = ""  # of a duty of several units, the unit whose part the row shows; "" for the item's own

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
    reverted: Event | None  # for an undo event: the change it comes down to (an undo of an undo: the change)
    restores: bool = False  # an undo of an undo: the change stands again
    removed: bool = False  # about an item the plan took out (`removed`): shown as such, never warned of


class UnitPart(Record):
    """One unit's part of a duty of several units: where it stands, against the deadline too."""

    unit: Unit
    progress: TargetProgress | None
    deadline: ItemDeadline | None = None

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else "todo"


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
    deadline: ItemDeadline | None = None
    partners: list[Unit] = Factory(default_factory=list)  # the units that support it (phối hợp)
    parts: list[UnitPart] = Factory(default_factory=list)  # of a duty of several units: each one's part


def carried_by(plan: Plan, unit: Unit) -> list[Item]:
    """Every tracked item the unit carries out: its duties, and the contents and forms that name it."""
    return [i for i in plan.tracked_items if unit.id in i.units]


def list_units(plan: Plan, roster_units: tuple[Unit, ...] = ()) -> list[UnitRow]:
    """The units with the number of tracked items each carries (duties, contents, forms), and
    where each comes from: with the office roster's units, the plan's own come first, then the
    roster's that the plan does not name (a unit the plan renamed, `renamed_from`, is the roster's
    unit of its old id, not another)."""
    counts = {u.id: 0 for u in plan.units}
    for item in plan.tracked_items:
        for unit_id in item.units:
            counts[unit_id] += 1
    in_roster = {u.id: u for u in roster_units}
    same = {u.id: next((in_roster[i] for i in (u.id, *u.renamed_from) if i in in_roster), None) for u in plan.units}
    named = {found.id for found in same.values() if found is not None}

    def source(unit: Unit) -> str:
        known = same[unit.id]
        return "plan+roster" if known is not None and known.members and known.members == unit.members else "plan"

    rows = [UnitRow(u, plan.unit(u.parent) if u.parent else None, counts[u.id], source(u)) for u in plan.units]
    return rows + [UnitRow(u, None, 0, "roster") for u in roster_units if u.id not in counts and u.id not in named]


def roster_duties(roster_units: tuple[Unit, ...], plans: list[Plan]) -> dict[str, int]:
    """How many tracked items of `plans` each roster unit carries: its own id's, and those of a
    plan's unit that is the same body under another id (`renamed_from`, on either side)."""
    counts = {u.id: 0 for u in roster_units}
    for plan in plans:
        for unit in plan.units:
            body = next((r.id for r in roster_units if r.id == unit.id), None) or next(
                (r.id for r in roster_units if r.id in unit.renamed_from or unit.id in r.renamed_from), None)
            if body is not None:
                counts[body] += sum(unit.id in item.units for item in plan.tracked_items)
    return counts


def _holds(item: Item, found: Callable[[str], bool]) -> bool:
    return any(found(text) for text in (item.id, item.title, item.text, item.original) if text)


def _selected(plan: Plan, unit: Unit | None, search: str, include_all: bool,
              state: ProgressState, status: str | None) -> list[Item]:
    """The items with a row to show: of a duty of several units, a row per unit, each with its
    unit's status (so `--status` picks the rows, `--unit` the unit's own)."""
    found = phrase_matcher(search)
    if unit is not None:
        items = carried_by(plan, unit)
    else:
        items = [i for i in plan.tracked_items if include_all or i.units]
    return [
        i for i in items
        if (found is None or _holds(i, found))
        and (status is None or any(part_status(state, i.id, i.units, u) == status
                                   for u in ((unit.id,) if unit is not None else i.units or ("",))))
    ]


def list_duties(plan: Plan, unit: Unit | None = None, search: str = "",
                include_all: bool = False, state: ProgressState | None = None,
                status: str | None = None, today: date | None = None) -> list[DutyGroup]:
    """Tracked items grouped by unit, units and items in document order, with their progress.

    Every item a unit carries: its duties (section III) and the contents and forms that name it.
    `include_all` adds the contents and forms that name no unit, last, under a group for the
    whole plan (`WHOLE_PLAN`, id ""); with a unit they are not its own, so they are left out.
    `search` is a phrase (`matching.phrase_matcher`). With `today`, an item with a due date
    carries where it stands against it.
    """
    state = state or ProgressState()
    rows_of: dict[str, list[DutyRow]] = {}
    for i in _selected(plan, unit, search, include_all, state, status):
        section = plan.section_of(plan.item(i.parent)) if i.parent else None
        if len(i.units) > 1:  # a row per unit, each with the unit's own part
            for unit_id in i.units:
                if unit is not None and unit_id != unit.id:
                    continue
                if status is None or part_status(state, i.id, i.units, unit_id) == status:
                    deadline = item_deadline(i, state, today, unit_id) if today and i.due else None
                    rows_of.setdefault(unit_id, []).append(
                        DutyRow(i, section, unit_progress(state, i.id, unit_id), deadline, unit_id))
            continue
        deadline = item_deadline(i, state, today) if today is not None and i.due is not None else None
        row = DutyRow(i, section, state.of(i.id), deadline)
        for unit_id in i.units or ("",):
            rows_of.setdefault(unit_id, []).append(row)
    groups = [DutyGroup(u, rows_of[u.id]) for u in plan.units
              if u.id in rows_of and (unit is None or u.id == unit.id)]
    if "" in rows_of and unit is None:
        groups.append(DutyGroup(Unit("", ""), rows_of[""]))  # the renderers name it
    return groups


def duties_hint(plan: Plan, unit: Unit | None = None, search: str = "", include_all: bool = False,
                state: ProgressState | None = None, status: str | None = None) -> Problem | None:
    """When `list_duties` finds nothing: what would find something, as a message key and its
    parameters, or None."""
    state = state or ProgressState()

    def found(unit: Unit | None = unit, search: str = search, include_all: bool = include_all,
              status: str | None = status) -> list[Item]:
        return _selected(plan, unit, search, include_all, state, status)

    if unit is not None and not carried_by(plan, unit):
        return "hint_unit_carries_nothing", {"unit": unit.name, "id": unit.id}
    typed = syllables(search) if search else []
    plain = " ".join(fold(w) for w in typed)
    if plain != " ".join(nfc(w).casefold() for w in typed) and (items := found(search=plain)):
        return "hint_without_diacritics", {"typed": plain, "count": str(len(items))}
    if unit is None and not include_all and (items := found(include_all=True)):
        return "hint_all", {"count": str(len(items))}
    if unit is not None and (items := found(unit=None, include_all=True)):
        owners = [u.id for u in plan.units if any(u.id in i.units for i in items)]
        key = "hint_other_units_and_plan" if any(not i.units for i in items) else "hint_other_units"
        return key, {"count": str(len(items)), "units": ", ".join(owners)}
    if status is not None and (items := found(status=None)):
        return "hint_other_status", {"count": str(len(items))}
    if len(typed) > 1:
        tests = [t for t in map(phrase_matcher, typed) if t is not None]
        loose = [i for i in found(search="", include_all=True) if all(_holds(i, t) for t in tests)]
        if loose:
            return "hint_phrase", {"ids": ", ".join(i.id for i in loose[:5]) + (", …" if len(loose) > 5 else "")}
    return None


def rules_covering(plan: Plan, item: Item) -> list[ReportRule]:
    """The reporting rules under which the item's units report; the whole plan's for an item with none."""
    if plan.reporting is None:
        return []
    if not item.units:
        return list(plan.reporting.rules)
    return [r for r in plan.reporting.rules if set(r.units) & set(item.units)]


def _event_units(plan: Plan, event: Event) -> tuple[str, ...]:
    if event.kind in ("submit", "waive"):
        return (event.target.split("@", 1)[0],)
    if plan.has_item(event.target):
        return plan.item(event.target).units
    item_id, unit_id = mark_parts(event.target)  # one unit's mark on a duty of several
    if unit_id and plan.has_item(item_id):
        return (unit_id,)
    return ()


class HistoryPairing(Record):
    """What pairs each undo with the change it comes down to, worked out once for the history
    (`history_pairing`), so that its rows can then be made one at a time, newest first."""

    undone: dict[str, str]  # undone event id -> the id of the undo that reverted it (ProgressState.undone)
    duplicates: set[str]  # a second machine's undo of the same step: not shown (duplicate_undos)
    chains: dict[str, tuple[Event | None, int]]  # undo id -> what it comes down to (undo_chain), how deep


def history_pairing(undos: Sequence[Event | UndoRef], changes: Iterable[Event],
                    undone: dict[str, str]) -> HistoryPairing:
    """From the undos known on the day shown (as `Event`s or `UndoRef`s, in the ledger's order), the
    events among those known that they revert which are no undo (`changes`), and what every undo,
    known or not, reverts (`undone`). Only these: a history of 200,000 changes and a few undos
    holds a few events here."""
    by_id: dict[str, Event | UndoRef] = {u.id: u for u in undos}
    by_id.update((e.id, e) for e in changes)
    duplicates = duplicate_undos(undos)
    chains: dict[str, tuple[Event | None, int]] = {}
    for undo in undos:
        if undo.id not in duplicates:
            end, depth = undo_chain(undo, by_id)
            change = end if isinstance(end, Event) and end.kind != "undo" else None  # an undo: its change is gone
            chains[undo.id] = (change, depth)
    return HistoryPairing(undone, duplicates, chains)


def history_rows(plan: Plan, events: Iterable[Event], pairing: HistoryPairing, item: Item | None = None,
                 unit: Unit | None = None, since: date | None = None, member: str = "") -> Iterator[HistoryRow]:
    """The rows of `events` (given newest recorded first, each once) that the history shows, one at a
    time: optionally about one item, one unit (`member`: one member of it, its own reports), or
    since a date."""
    gone = set(plan.removed)
    for event in events:
        if event.id in pairing.duplicates:
            continue
        reverted, depth = pairing.chains.get(event.id, (None, 0)) if event.kind == "undo" else (None, 0)
        subject = reverted or event
        units = _event_units(plan, subject)
        if item is not None and subject.target != item.id and not (
                subject.kind == "mark" and subject.target.startswith(item.id + "@")):
            continue
        if unit is not None and unit.id not in {u.partition("/")[0] for u in units}:  # a member's: its unit's too
            continue
        if member and subject.target.partition("@")[0] != f"{unit.id if unit else ''}/{member}":
            continue
        if since is not None and event.date < since and event.recorded.date() < since:
            continue
        removed = subject.kind == "mark" and subject.target.partition("@")[0] in gone
        yield HistoryRow(event, units, pairing.undone.get(event.id), reverted, depth % 2 == 0 and depth > 0, removed)


class HistoryRows:
    """A history's rows as they are made, gone through once: what `sapa history` writes as it reads
    a long ledger. True while a row is to come (the first is made to tell)."""

    __slots__ = ("_ahead", "_rows")

    def __init__(self, rows: Iterable[HistoryRow]):
        self._rows = iter(rows)
        self._ahead: list[HistoryRow] = []

    def __bool__(self) -> bool:
        if not self._ahead:
            self._ahead.extend(islice(self._rows, 1))
        return bool(self._ahead)

    def __iter__(self) -> Iterator[HistoryRow]:
        if self._ahead:
            yield self._ahead.pop()
        yield from self._rows


def history(plan: Plan, state: ProgressState, item: Item | None = None, unit: Unit | None = None,
            since: date | None = None, member: str = "") -> list[HistoryRow]:
    """Every event of the state, newest recorded first, optionally about one item, one unit
    (`member`: one member of it, its own reports), or since a date (`history_rows`)."""
    undos = [e for e in state.events if e.kind == "undo"]
    reverted = {u.target for u in undos}
    changes = [e for e in state.events if e.id in reverted and e.kind != "undo"]
    newest = sorted(state.events, key=lambda e: (e.recorded, e.id), reverse=True)
    return list(history_rows(plan, newest, history_pairing(undos, changes, state.undone), item, unit, since, member))


def item_detail(plan: Plan, item: Item, state: ProgressState | None = None,
                today: date | None = None) -> ItemDetail:
    state = state or ProgressState()
    return ItemDetail(
        item=item,
        units=[plan.unit(u) for u in item.units],
        mentions=[plan.unit(u) for u in item.mentions],
        partners=[plan.unit(u) for u in item.partners],
        path=plan.ancestors(item),
        children=plan.children(item.id),
        rules=rules_covering(plan, item) if item.kind != REMOVED else [],
        plan=plan,
        progress=item_progress(state, item.id, item.units),
        history=history(plan, state, item=item),
        deadline=item_deadline(item, state, today) if today is not None and item.tracked and item.due else None,
        parts=[UnitPart(plan.unit(u), unit_progress(state, item.id, u),
                        item_deadline(item, state, today, u) if today is not None and item.due else None)
               for u in item.units] if item.tracked and len(item.units) > 1 else [],
    )
