"""A ledger's timeline (core.timeline) in this machine's cache folder, `ledgers/<key>/timeline`:
what a past view is read from. Stamped with the plan's version (and the code, as every cache);
the files it was made from are inside it, each with its stamp, how many events it held and a
digest of them, so that after a write (or a sync) the events added at a file's end are followed
(Timeline.follow) rather than the history replayed. A file changed otherwise, or gone, and the
timeline is made again: it is a hint, checked, never the truth."""

from __future__ import annotations

import marshal
import operator
import os
from array import array

from ..core.datetime_types import date
from ..core.progress import TARGET_STATUSES
from ..core.timeline import VALUE_COLUMNS, VALUE_TYPES, Timeline
from . import derived_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..core.progress import Event

    # name -> (the file's stamp, how many events it held, digest of them: `events_digest`)
    Files = dict[str, tuple[derived_cache.Stamp, int, str]]

TIMELINE = "timeline"


def events_digest(events: list[Event]) -> str:
    """What a file's first events were, to tell that a file changed only by events added at its end."""
    digest = EventsDigest()
    digest.add(events)
    return digest.hexdigest()


class EventsDigest:
    """`events_digest` of a file's events given a part at a time (a large file is never held whole)."""

    __slots__ = ("_digest", "count")

    def __init__(self) -> None:
        self._digest = derived_cache.digester()
        self.count = 0  # the events given so far

    def add(self, events: list[Event]) -> None:
        if events:
            text = "\x01".join(
                f"{e.id}\0{e.recorded.isoformat()}\0{e.date.toordinal()}\0{e.kind}\0{e.target}\0{e.status}"
                f"\0{e.note}\0{e.by}\0{e.ref}" for e in events)
            self._digest.update(("\x01" if self.count else "").encode() + text.encode("utf-8", "surrogatepass"))
            self.count += len(events)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()  # type: ignore[no-any-return]


def load(folder: str, version: str) -> tuple[Files, Timeline] | None:
    from ..storage.safe_files import open_regular

    try:
        raw = open_regular(os.path.join(folder, TIMELINE), limit=derived_cache.MAX_CACHE_BYTES)
        code, stamp, payload, rows = unpacked(raw)
        if code != derived_cache.code_stamp() or stamp != version:
            return None
        return _decoded(payload, rows)
    except Exception:  # noqa: BLE001 - a cache of any wrong shape is simply not used
        return None


def save(folder: str, version: str, files: Files, timeline: Timeline) -> None:
    from ..storage.safe_files import write_atomically

    t = timeline
    try:
        data = packed(derived_cache.code_stamp(), version,
                      (files, t.targets, t.starts.tobytes(), t.offsets.tobytes(), t.reached.tobytes(),
                       t.next_day.tobytes(), t.days.tobytes(), t.undone), t.rows)
        write_atomically(os.path.join(folder, TIMELINE), data, durable=False)
    except (OSError, ValueError):
        pass


# The file: the length of what marshal wrote (8 bytes, little-endian), marshal's bytes of (the code's
# stamp, the plan's version, the timeline but its rows), then the rows' bytes as they are. The rows
# are most of it: read in place, where marshal would copy them into an object of their own.
def packed(code: str, version: str, payload: tuple[Any, ...], rows: bytes | bytearray | memoryview) -> list[bytes]:
    """The file's parts, written one after the other: the rows are not copied into one bytes."""
    head = marshal.dumps((code, version, payload))
    return [len(head).to_bytes(8, "little"), head, rows]  # type: ignore[list-item]


def unpacked(raw: bytes) -> tuple[Any, Any, Any, memoryview]:
    size = int.from_bytes(raw[:8], "little")
    whole = memoryview(raw)
    if len(raw) < 8 or size > len(raw) - 8:
        raise ValueError("wrong shape")
    code, stamp, payload = marshal.loads(whole[8:8 + size])
    return code, stamp, payload, whole[8 + size:]


def _array(data: object) -> array[int]:
    if type(data) is not bytes or len(data) % 8:
        raise ValueError("wrong shape")
    found = array("q")
    found.frombytes(data)
    return found


def _decoded(payload: Any, rows: memoryview) -> tuple[Files, Timeline]:
    """The timeline, its shape checked in a handful of passes in C; ValueError if it is wrong. A
    row's values are checked when a view unpacks it (checked_values)."""
    files, targets, starts, offsets, reached, next_day, days, undone = payload
    starts, offsets, reached, next_day, days = map(_array, (starts, offsets, reached, next_day, days))
    if not (type(files) is dict and type(targets) is list and type(undone) is dict):
        raise ValueError("wrong shape")
    for name, (stamp, count, digest) in files.items():
        if not (type(name) is str and type(stamp) is tuple and type(count) is int and type(digest) is str):
            raise ValueError("wrong shape")
    count = len(reached)
    # The offsets must rise: marshal reads a row's values from the start of its slice and ignores
    # what follows, so offsets out of order would show another row's values as this one's.
    if not (len(starts) == len(targets) + 1 and starts[0] == 0 and starts[-1] == count
            and all(map(operator.lt, starts, starts[1:])) and len(set(targets)) == len(targets)
            and len(next_day) == count and len(offsets) == count + 1 and offsets[0] == 0 and offsets[-1] == len(rows)
            and all(map(operator.lt, offsets, offsets[1:]))):
        raise ValueError("wrong shape")
    if not all(set(map(type, c)) <= {str} for c in (targets, list(undone), list(undone.values()))):
        raise ValueError("wrong shape")
    return files, Timeline(targets, starts, rows, offsets, reached, next_day, days, undone)


def checked_values(rows: list[Any]) -> list[list[Any]]:
    """The value columns (VALUE_COLUMNS) of rows a view unpacked from the timeline, each checked as
    a state cache's shard is (state_cache.checked_columns); ValueError if any is wrong."""
    if not rows:
        return [[] for _ in range(VALUE_COLUMNS)]
    if not all(type(row) is tuple and len(row) == VALUE_COLUMNS for row in rows):
        raise ValueError("wrong shape")
    columns = [list(c) for c in zip(*rows, strict=True)]
    if not (all(set(map(type, c)) <= {kind} for c, kind in zip(columns, VALUE_TYPES, strict=True))
            and set(columns[0]) <= set(TARGET_STATUSES)
            and 1 <= min(columns[1]) and max(columns[1]) < date.max.toordinal()
            and min(columns[6]) >= 0 and max(columns[6]) < date.max.toordinal()):
        raise ValueError("wrong shape")
    return columns
