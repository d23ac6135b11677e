"""Where each target stood after each of its events: what a past view (`--today` before some of
the progress) is read from without replaying the history. Pure: no I/O.

A past view at day D is `build_state` over the events known on D (progress.known_on) with every
undo honoured. For a target whose events known on D come first in its replay order, that is the
value after the last of them in the replay of every event: a mark's order begins with its
effective date, and a unit's mark depends only on the duty's marks before it, dated no later. A
receipt recorded later but dated earlier than another of the same report breaks that (submits and
waivers are ordered by the time recorded): such a target's family is replayed from its events.

A timeline keeps, per target, its values in replay order, each with the greatest effective day of
the events up to it (`reached`) and the least from it on (`next_day`): at D the events known are
those before the first row whose `reached` is past D, and they come first in the order exactly
when that row's `next_day` is past D too.
"""

from __future__ import annotations

import marshal
from array import array
from bisect import bisect_right

from .progress import Event, ProgressState, TargetProgress, _previous, _step, order_key

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any


def family(target: str) -> str:
    """What a target's value depends on besides its own events: a unit's part of a duty depends on
    the duty's marks ("II.3@vhtt" and "II.3"); a family is replayed whole or not at all."""
    return target.partition("@")[0]


# The values of a row, in the order a state cache's shard keeps them after the target (state_cache).
VALUE_COLUMNS = 10
VALUE_TYPES = (str, int, str, str, str, str, int, int, int, str)


def values_of(progress: TargetProgress) -> tuple[Any, ...]:
    order = progress.order or (0, 0, "")
    return (progress.status, progress.updated.toordinal(), progress.note, progress.by, progress.ref,
            progress.event_id, progress.done_on.toordinal() if progress.done_on else 0, *order)


def progress_of(values: Any) -> TargetProgress:
    from datetime import date

    status, updated, note, by, ref, event_id, done_on, day, time, ident = values
    return TargetProgress(status, date.fromordinal(updated), note, by, ref, event_id,
                          date.fromordinal(done_on) if done_on else None, (day, time, ident))


class Timeline:
    """Every target's values in replay order: `targets[i]` has rows `starts[i]` to `starts[i + 1]`;
    row r's values (values_of) are marshal's bytes `rows[offsets[r]:offsets[r + 1]]`, unpacked only
    for the rows a view takes (a past view takes one row of twenty); `reached` and `next_day`
    (ordinals) as the module says; `days`, every day an event (not an undo) takes effect on,
    sorted; `undone`, every undo's (progress.undone_ids of the whole history). Arrays and one
    bytes, so that the cache of 100,000 rows loads as a handful of objects."""

    __slots__ = ("days", "next_day", "offsets", "reached", "rows", "starts", "targets", "undone")

    def __init__(self, targets: list[str], starts: array[int], rows: bytes | bytearray | memoryview,
                 offsets: array[int], reached: array[int], next_day: array[int], days: array[int],
                 undone: dict[str, str]):
        self.targets, self.starts, self.rows, self.offsets = targets, starts, rows, offsets
        self.reached, self.next_day, self.days, self.undone = reached, next_day, days, undone

    def value(self, row: int) -> Any:
        """A row's values, as values_of gives them (a cache's: to be checked before use)."""
        return marshal.loads(self.rows[self.offsets[row]:self.offsets[row + 1]])

    def on(self, day: int) -> tuple[list[str], list[int], set[str]]:
        """At `day`: the targets whose value is known, the row of each, and the families whose
        events known then do not come first in their order (to be replayed)."""
        targets, rows, tangled = [], [], set()
        reached, next_day, starts = self.reached, self.next_day, self.starts
        for number, target in enumerate(self.targets):
            first, end = starts[number], starts[number + 1]
            known = bisect_right(reached, day, first, end)
            if known < end and next_day[known] <= day:
                tangled.add(family(target))
            elif known > first:
                targets.append(target)
                rows.append(known - 1)
        return targets, rows, tangled

    def latest_on(self, day: int) -> int:
        """ProgressState.latest of the state at `day`."""
        at = bisect_right(self.days, day)
        return self.days[at - 1] if at else 0

    def follow(self, events: list[Event]) -> bool:
        """Add events recorded since the timeline was made, as a replay of every event would place
        them: each must come after everything known about its family (as progress.apply_event, and
        after the duty's units' marks too, whose values a mark of the whole duty would change), and
        none may be an undo. False (the timeline partly changed) when any cannot: make it again."""
        from .model import mark_parts

        last_order: dict[str, tuple[int, int, str]] = {}
        index = {t: n for n, t in enumerate(self.targets)}
        touched = {family(e.target) for e in events}  # only their rows unpacked: a handful of thousands
        for number, target in enumerate(self.targets):
            key = family(target)
            if key in touched:
                order = tuple(self.value(self.starts[number + 1] - 1)[7:])
                if key not in last_order or order > last_order[key]:
                    last_order[key] = order
        for event in sorted(events, key=order_key):
            if event.kind == "undo":
                return False
            self._add_day(event.date.toordinal())
            if event.id in self.undone:
                continue
            key, order = family(event.target), order_key(event)
            if key in last_order and order <= last_order[key]:
                return False
            last_order[key] = order
            known = ProgressState()
            for target in {event.target, mark_parts(event.target)[0]}:
                held = index.get(target)
                if held is not None:
                    known.targets[target] = progress_of(self.value(self.starts[held + 1] - 1))
            value = _step(_previous(known, event), event)
            if event.target not in index:
                index[event.target] = len(self.targets)
                self.targets.append(event.target)
                self.starts.append(self.starts[-1])
            self._insert(index[event.target], value)
        return True

    def _add_day(self, day: int) -> None:
        at = bisect_right(self.days, day)
        if not at or self.days[at - 1] != day:
            self.days.insert(at, day)

    def _insert(self, number: int, value: TargetProgress) -> None:
        first, end = self.starts[number], self.starts[number + 1]
        day = value.updated.toordinal()
        packed = marshal.dumps(values_of(value))
        at = self.offsets[end]
        self.rows = b"".join((self.rows[:at], packed, self.rows[at:]))
        size = len(packed)
        self.offsets = self.offsets[:end + 1] + array("q", [o + size for o in self.offsets[end:]])
        self.reached.insert(end, max(day, self.reached[end - 1]) if end > first else day)
        self.next_day.insert(end, day)
        for row in range(first, end):
            self.next_day[row] = min(self.next_day[row], day)
        for later in range(number + 1, len(self.starts)):
            self.starts[later] += 1


def joined(parts: Iterable[Timeline], undone: dict[str, str]) -> Timeline:
    """One timeline of the parts' targets (each target in one part, as a ledger replayed in parts
    puts a family in one part), every part made with the same `undone`. Each part is let go once
    it is in: a large ledger's parts are made as they are asked for."""
    targets: list[str] = []
    starts, offsets = array("q", [0]), array("q", [0])
    reached, next_day = array("q"), array("q")
    rows = bytearray()
    days: set[int] = set()
    for part in parts:
        rows_before, bytes_before = len(reached), offsets[-1]
        targets += part.targets
        starts.extend([start + rows_before for start in part.starts[1:]])
        offsets.extend([offset + bytes_before for offset in part.offsets[1:]])
        reached.extend(part.reached)
        next_day.extend(part.next_day)
        rows += part.rows
        days.update(part.days)
        del part  # not held while the next is made
    return Timeline(targets, starts, rows, offsets, reached, next_day, array("q", sorted(days)), dict(undone))


def make_timeline(events: list[Event], undone: dict[str, str]) -> Timeline:
    """The timeline of `events` (the whole history, as build_state takes it), every undo in
    `undone` honoured: build_state's replay, each step kept, packed as it is made (a step as a
    record takes twice its bytes, and a large ledger's part has tens of thousands)."""
    state = ProgressState(undone=undone)
    steps: dict[str, list[tuple[bytes, int]]] = {}
    for event in sorted((e for e in events if e.kind != "undo" and e.id not in undone), key=order_key):
        value = state.targets[event.target] = _step(_previous(state, event), event)
        steps.setdefault(event.target, []).append((marshal.dumps(values_of(value)), value.updated.toordinal()))
    targets, starts = list(steps), array("q", [0])
    rows, offsets = bytearray(), array("q", [0])
    reached, next_day = array("q"), array("q")
    for target in targets:
        held = steps.pop(target)  # let go as it goes into the rows
        most = 0
        for packed, day in held:
            rows += packed
            offsets.append(len(rows))
            most = max(most, day)
            reached.append(most)
        least, after = 1 << 30, []
        for _packed, day in reversed(held):
            least = min(least, day)
            after.append(least)
        next_day.extend(reversed(after))
        starts.append(len(reached))
    every_day = array("q", sorted({e.date.toordinal() for e in events if e.kind != "undo"}))
    return Timeline(targets, starts, rows, offsets, reached, next_day, every_day, dict(undone))
