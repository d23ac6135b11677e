"""A ledger's derived state in this machine's cache folder: plain data, stamped, checked.

The ledger's files are the truth (`storage.ledger`); this is what is derived from them, kept so
that a daily command reads no TOML at all. One folder per ledger, `ledgers/<key>/`, holds
- `<file>.events` for each ledger file: its events, and a digest of the bytes they were parsed
  from, stamped with the file and the plan's version; the small files that a whole read parsed
  share one `events.pack` instead, each entry stamped the same way;
- `state`, the head, and `state.00` … `state.15`, the shards: where every target stands. The head
  is stamped with the signature of every ledger file and the plan's version, and names each shard
  by a random id that the shard is stamped with. It also holds the undos, each file's digest, the
  last day any event was dated on, and the mismatches (events set aside) of the read the state
  was worked out from.

The state is split by target into shards: a write loads and saves only the shard of the item it
marks (loading and saving the state of 5,000 items would cost `mark` more than all the rest of
it), and a read loads them all. A shard keeps its targets as columns (`checked_columns`), and a
state read from it unpacks a target only when asked for (`CachedTargets`). A stale, unreadable
or wrong-shaped cache is rebuilt from the files, never trusted (`derived_cache`).
"""

from __future__ import annotations

import marshal
import os

from ..core.datetime_types import UTC, date, datetime, timedelta, timezone
from ..core.progress import TARGET_STATUSES, Event, Mismatch, ProgressState, TargetProgress, new_event_id
from ..storage.machine import cache_dir, crc32
from . import derived_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any

    from ..core.model import PlanIndex

    Columns = tuple[list[Any], ...]

STATE = "state"
SHARDS = 16
PACK = "events.pack"  # the events of a folder's small ledger files, in one cache file
PACK_FILE_BYTES = 64 * 1024  # a ledger file this small is cached in the pack
PACK_EVENTS = 20_000  # events the pack holds at most: it is loaded whole


def shard_of(target: str) -> int:
    """The shard of one target (a write's): zlib's CRC-32, computed without loading zlib."""
    return crc32(target.encode("utf-8")) % SHARDS


def _shards_of(targets: Iterable[str]) -> Iterator[tuple[str, int]]:
    """Each target with its shard, as `shard_of` gives it, for a whole state: zlib computes them."""
    import zlib

    for target in targets:
        yield target, zlib.crc32(target.encode("utf-8")) % SHARDS


def version_of(index: PlanIndex | None) -> str:
    """What the ledger's caches are stamped with, besides its files: the plan's version, as the
    plan's cache stamps it. An index made without one (by a library caller) is stamped with a
    digest of what it holds, so a state worked out against one plan is never reused with another.
    The renames are always in it: the events a cached state applies depend on them."""
    if index is None:
        return ""
    digest = derived_cache.content_digest
    renames = digest(marshal.dumps(sorted(index.renames.items()))) if index.renames else ""
    if index.version:
        return f"{index.version}-{renames}" if renames else index.version
    plain = (index.plan_id, index.kinds, index.start.toordinal(), index.units,
             sorted((k, v.toordinal()) for k, v in index.starts.items()), sorted(index.reports),
             sorted(index.shared.items()))
    return f"index-{digest(marshal.dumps(plain))}-{renames}"


class StateCache:
    """One ledger's caches. It remembers the head and the shards of the last state it loaded, so
    that the write that follows saves only the shards it changed."""

    def __init__(self, ledger_path: str, version: str):
        self.ledger_path = ledger_path
        self.version = version
        self._folder: str | None = None
        self._head: tuple[Any, ...] | None = None  # the head, when the last state came from it
        self._shards: dict[int, Columns] = {}  # the shards of it that were loaded
        self._pack: dict[str, tuple[object, str, list[Any]]] | None = None
        self._read_head: tuple[object, tuple[Any, ...] | None] | None = None  # (its stamp, the head read)

    @property
    def folder(self) -> str:
        if self._folder is None:
            self._folder = os.path.join(cache_dir(), "ledgers", derived_cache.folder_key(self.ledger_path))
        return self._folder

    def _path(self, name: str) -> str:
        return os.path.join(self.folder, name)

    # ---- each file's events ------------------------------------------------------------------

    def stamp_of(self, path: str) -> object:
        """A ledger file's stamp, to be taken BEFORE its bytes are read: a file replaced meanwhile
        then has another stamp, and its new events are read next time."""
        return (derived_cache.file_stamp(path), self.version)

    def event_parts(self, path: str, stamp: object, choose: Callable[[str, str], bool] | None = None,
                    ) -> tuple[str, Iterator[tuple[list[Event], int]]] | None:
        """The digest of a ledger file's bytes, and its events as cached under `stamp` a part at a
        time, each with how many events of the file it went through (`choose(kind, target)`: only
        those it keeps, each made into an event, and checked, only once chosen); None if the cache
        does not hold them. A file of a month's events is one part; the undo of a large import
        writes hundreds of thousands into one file, kept in parts so that it is never held whole.
        A part found missing raises MissingPart."""
        name = self._path(os.path.basename(path) + ".events")
        head = derived_cache.load(name, stamp, _checked_event_head)
        if head is None:
            return None
        digest, rows, count = head

        def parts() -> Iterator[tuple[list[Event], int]]:
            for number in range(count):
                more = rows if number == 0 else derived_cache.load(f"{name}.{number}", (stamp, digest, number),
                                                                   _checked_rows)
                try:
                    if more is None:
                        raise ValueError("missing")
                    part = _decode_rows(more, choose)
                except ValueError:
                    raise MissingPart(number) from None
                yield part, len(more)

        return digest, parts()

    def packed_events(self, path: str, stamp: object, choose: Callable[[str, str], bool] | None = None,
                      ) -> tuple[str, list[Event]] | None:
        """The digest of a small ledger file's bytes and its events, from the folder's pack
        (`save_pack`) if it holds the file under `stamp`; None otherwise, or if its rows are wrong."""
        found = self.pack().get(os.path.basename(path))
        if found is None or found[0] != stamp:
            return None
        try:
            return found[1], _decode_rows(found[2], choose)
        except (ValueError, TypeError, IndexError):
            return None

    def pack(self) -> dict[str, tuple[object, str, list[Any]]]:
        """The folder's pack of small files' events, loaded once: {file name: (stamp, digest, rows)}."""
        if self._pack is None:
            self._pack = derived_cache.load(self._path(PACK), self.version, _checked_pack) or {}
        return self._pack

    def save_pack(self, fresh: dict[str, tuple[object, str, list[Event]]], current: set[str]) -> None:
        """Cache the events of the small files a whole read parsed (`fresh`: name → stamp, digest,
        events) in the folder's one pack, with the entries of the old pack for files still there
        (`current`) that no one has replaced: a cold start writes one file per ledger folder, not
        one per ledger file, which is what it costs most on an office of many small ledgers.
        Beyond PACK_EVENTS events, each file gets its own cache, as a large one does."""
        entries = {name: entry for name, entry in self.pack().items() if name in current and name not in fresh}
        size = sum(len(entry[2]) for entry in entries.values())
        for name, (stamp, digest, events) in fresh.items():
            size += len(events)
            if size > PACK_EVENTS:
                self.save_events(os.path.join(self.ledger_path, name), stamp, digest, [events])
                continue
            entries[name] = (stamp, digest, [_event_values(e) for e in events])
        self._pack = entries
        derived_cache.save(self._path(PACK), self.version, entries)

    def save_events(self, path: str, stamp: object, digest: str, events: Iterable[list[Event]]) -> None:
        """Cache a file's events, given in parts of at most EVENT_PART: the parts after the first
        first, the head (digest, first part, how many) last, so that a head is never read with
        parts of another version of the file."""
        name = self._path(os.path.basename(path) + ".events")
        first: list[tuple[object, ...]] | None = None
        count = 0
        for part in events:
            rows = [_event_values(e) for e in part]
            if first is None:
                first = rows
            else:
                derived_cache.save(f"{name}.{count}", (stamp, digest, count), rows)
            count += 1
        derived_cache.save(name, stamp, (digest, first or [], max(count, 1)))

    # ---- the state ---------------------------------------------------------------------------

    def latest(self, signature: tuple[derived_cache.Stamp, ...]) -> tuple[int, list[Mismatch]] | None:
        """The last day any change of the state takes effect on, and the mismatches, from the head
        alone, if it describes these files."""
        head = self._head_of(signature)
        return (head[3], head[4]) if head is not None else None

    def mismatches(self, signature: tuple[derived_cache.Stamp, ...]) -> list[Mismatch] | None:
        """The mismatches the head holds, if it describes these files."""
        head = self._head_of(signature)
        return head[4] if head is not None else None

    def load(self, signature: tuple[derived_cache.Stamp, ...], shards: set[int] | None = None,
             ) -> tuple[ProgressState, dict[str, str], list[Mismatch]] | None:
        """The state of the files of `signature` (only the `shards` given, if any), with each file's
        digest and the mismatches; None if the cache does not describe them, or any part is missing."""
        head = self._head_of(signature)
        self._head = None
        self._shards = {}
        if head is None:
            return None
        shard_ids, undone, digests, latest, mismatches = head
        loaded: dict[int, Columns] = {}
        whole = self._path(f"{STATE}.all")
        together = None
        if shards is None:  # a read of every target: the shards in one file, while they are these
            together = derived_cache.load(whole, tuple(shard_ids), _checked_shards)
            if together is not None:
                loaded = dict(enumerate(together))
        for i in (range(SHARDS) if shards is None else sorted(shards)) if not loaded else ():
            columns = derived_cache.load(self._path(f"{STATE}.{i:02d}"), shard_ids[i], checked_columns)
            if columns is None:
                return None
            loaded[i] = columns
        if shards is None and together is None:
            derived_cache.save(whole, tuple(shard_ids), [loaded[i] for i in range(SHARDS)])
        self._head = head
        self._shards = loaded
        state = ProgressState(undone=undone, stored=CachedTargets(_joined(list(loaded.values()))), latest=latest)
        return state, digests, mismatches

    def save(self, state: ProgressState, signature: tuple[derived_cache.Stamp, ...], digests: dict[str, str],
             mismatches: list[Mismatch] | None) -> None:
        """Cache the whole state, worked out from the files of `signature`, in every shard."""
        split: list[dict[str, TargetProgress]] = [{} for _ in range(SHARDS)]
        for target, shard in _shards_of(state.targets):
            split[shard][target] = state.targets[target]
        stored = state.stored
        if isinstance(stored, CachedTargets):  # a state from the cache: its rows not unpacked yet
            for target, shard in _shards_of([t for t in stored.columns[0] if t not in state.targets]):
                progress = stored.progress(target)
                assert progress is not None
                split[shard][target] = progress
        shard_ids = [self._save_shard(i, part) for i, part in enumerate(split)]
        self._save_head((signature, self.version), shard_ids, state, digests, mismatches)

    def save_after_write(self, state: ProgressState, before: tuple[derived_cache.Stamp, ...],
                         after: tuple[derived_cache.Stamp, ...], written: set[str], digests: dict[str, str],
                         mismatches: list[Mismatch] | None) -> None:
        """Cache the state a write ends with, if the files (`after`) are those it was worked out
        from (`before`) plus what this write appended (`written`). A file another machine's sync
        tool put in meanwhile holds events that the state lacks: then nothing is cached, and the
        next command reads the files."""
        unchanged = {s[0]: s for s in before}
        if not (all(s[0] in written or unchanged.get(s[0]) == s for s in after)
                and {s[0] for s in after} == set(unchanged) | written):
            self.drop()
            return
        if self._head is None or not isinstance(state.stored, CachedTargets):
            self.save(state, after, digests, mismatches)
            return
        # Only the shards of the targets this write changed are written again.
        shard_ids = list(self._head[0])
        changed = {t: p for t, p in state.targets.items() if shard_of(t) in self._shards}
        for index, columns in self._shards.items():
            mine = {t: p for t, p in changed.items() if shard_of(t) == index}
            if mine:
                shard_ids[index] = self._save_shard(index, mine, columns)
        self._save_head((after, self.version), shard_ids, state, digests, mismatches)

    def _head_of(self, signature: tuple[derived_cache.Stamp, ...]) -> tuple[Any, ...] | None:
        """The head, if it describes the files of `signature`: read once for all a command asks of
        it (whether the day is past, the mismatches, the state)."""
        key = (signature, self.version)
        if self._read_head is None or self._read_head[0] != key:
            self._read_head = (key, derived_cache.load(self._path(STATE), key, _decode_head))
        return self._read_head[1]

    def drop(self) -> None:
        self._read_head = None
        derived_cache.drop(self._path(STATE))

    def _save_shard(self, index: int, targets: dict[str, TargetProgress], columns: Columns = ()) -> str:
        shard_id = new_event_id()
        derived_cache.save(self._path(f"{STATE}.{index:02d}"), shard_id, packed_columns(targets, columns))
        return shard_id

    def _save_head(self, stamp: object, shard_ids: list[str], state: ProgressState, digests: dict[str, str],
                   mismatches: list[Mismatch] | None) -> None:
        """The mismatches are those of the read the state was worked out from: a write adds none
        (what it records is checked against the plan first)."""
        self._read_head = None
        if mismatches is None:  # not known: better no cache than one that hides them
            self.drop()
            return
        derived_cache.save(self._path(STATE), stamp, (shard_ids, state.undone, digests, state.latest,
                                                     [_mismatch_values(m) for m in mismatches]))


# ---- the state's columns -----------------------------------------------------------------------
# A shard keeps its targets as 11 lists, one value per target in each: the target, its status,
# updated (ordinal), note, by, ref, event id, done_on (ordinal; 0 for none), and the three parts of
# its order key. A large state loads several times faster so than as a record per target, and is
# checked in a handful of passes in C.

_COLUMNS = 11
_FIRST_DAY, _LAST_DAY = 693_596, 803_533  # 1 January 1900, 31 December 2200


def _all(column: list[object], kind: type) -> bool:
    return set(map(type, column)) <= {kind}


def _checked_shards(payload: object) -> list[Columns]:
    """Every shard's columns, as `state.all` keeps them for a read of the whole state: each checked
    as a shard's own file is. A write changes one shard, and so the ids this file is stamped with."""
    if type(payload) is not list or len(payload) != SHARDS:
        raise ValueError("wrong shape")
    return [checked_columns(columns) for columns in payload]


def checked_columns(columns: object) -> Columns:
    """A shard's columns, every value checked: a handful of passes in C, not a Python loop per
    target. ValueError if any value has the wrong shape."""
    if type(columns) is not tuple or len(columns) != _COLUMNS or not all(type(c) is list for c in columns):
        raise ValueError("wrong shape")
    targets, status, updated, note, by, ref, event_id, done_on, order_day, order_time, order_id = columns
    if len({len(c) for c in columns}) > 1 or len(set(targets)) != len(targets):
        raise ValueError("wrong shape")
    if not (all(_all(c, str) for c in (targets, note, by, ref, event_id, order_id))
            and all(_all(c, int) for c in (updated, done_on, order_day, order_time))
            and set(status) <= set(TARGET_STATUSES)):
        raise ValueError("wrong shape")
    if targets and not (_FIRST_DAY <= min(updated) and max(updated) <= _LAST_DAY
                        and min(done_on) >= 0 and max(done_on) <= _LAST_DAY):
        raise ValueError("wrong shape")
    return columns


class CachedTargets:
    """The targets of a state read from the cache, as its columns (ProgressState.stored): one
    is unpacked when asked for, so a command that looks at one item of 5,000 builds one record."""

    __slots__ = ("columns", "rows")

    def __init__(self, columns: Columns):
        self.columns = columns
        self.rows = dict(zip(columns[0], range(len(columns[0])), strict=True)) if columns else {}

    def progress(self, target: str) -> TargetProgress | None:
        row = self.rows.get(target)
        if row is None:
            return None
        c = self.columns
        done_on = c[7][row]
        return TargetProgress(c[1][row], date.fromordinal(c[2][row]), c[3][row], c[4][row], c[5][row], c[6][row],
                              date.fromordinal(done_on) if done_on else None, (c[8][row], c[9][row], c[10][row]))

    def status(self, target: str) -> str:
        row = self.rows.get(target)
        return self.columns[1][row] if row is not None else "todo"  # type: ignore[no-any-return]


def packed_columns(targets: dict[str, TargetProgress], columns: Columns = ()) -> Columns:
    """A shard as the cache keeps it: its loaded `columns`, with `targets` put in (each in its row,
    or added)."""
    rows = CachedTargets(columns).rows
    packed = tuple(list(c) for c in columns) if columns else tuple([] for _ in range(_COLUMNS))
    for target, progress in targets.items():
        order = progress.order or (0, 0, "")
        values = (target, progress.status, progress.updated.toordinal(), progress.note, progress.by, progress.ref,
                  progress.event_id, progress.done_on.toordinal() if progress.done_on else 0, *order)
        row = rows.get(target)
        if row is None:
            for column, value in zip(packed, values, strict=True):
                column.append(value)
        else:
            for column, value in zip(packed, values, strict=True):
                column[row] = value
    return packed


def _joined(shards: list[Columns]) -> Columns:
    if len(shards) == 1:
        return shards[0]
    return tuple([value for shard in shards for value in shard[c]] for c in range(len(shards[0])))


# ---- events and mismatches as plain values, checked on the way back -------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_ZONES: dict[int, timezone] = {}


def _event_values(event: Event) -> tuple[object, ...]:
    offset = event.recorded.utcoffset()
    return (event.id, (event.recorded - _EPOCH) // _MICROSECOND, offset // timedelta(seconds=1) if offset else 0,
            event.date.toordinal(), event.kind, event.target, event.status, event.note, event.by, event.ref)


def _event_from_values(values: Any) -> Event:
    event_id, micros, offset, day, kind, target, status, note, by, ref = values
    if not (type(event_id) is str and type(micros) is int and type(offset) is int and type(day) is int
            and type(kind) is str and type(target) is str and type(status) is str and type(note) is str
            and type(by) is str and type(ref) is str):
        raise ValueError("wrong shape")
    tz = _ZONES.get(offset)
    if tz is None:
        tz = _ZONES[offset] = timezone(timedelta(seconds=offset))
    recorded = (_EPOCH + timedelta(microseconds=micros)).astimezone(tz)
    return Event(event_id, recorded, date.fromordinal(day), kind, target, status, note, by, ref)


EVENT_PART = 10_000  # events to a part of a file's cached events


class MissingPart(LookupError):
    """A part of a file's cached events that its head names is not there (or not of that head)."""


def _checked_event_head(payload: Any) -> tuple[str, list[Any], int]:
    digest, rows, count = payload
    if type(digest) is not str or type(rows) is not list or type(count) is not int or count < 1:
        raise ValueError("wrong shape")
    return digest, rows, count


def _checked_pack(payload: Any) -> dict[str, tuple[object, str, list[Any]]]:
    if type(payload) is not dict or not all(
            type(name) is str and type(entry) is tuple and len(entry) == 3 and type(entry[1]) is str
            and type(entry[2]) is list for name, entry in payload.items()):
        raise ValueError("wrong shape")
    return payload


def _checked_rows(payload: Any) -> list[Any]:
    if type(payload) is not list:
        raise ValueError("wrong shape")
    return payload


def _decode_rows(rows: list[Any], choose: Callable[[str, str], bool] | None = None) -> list[Event]:
    """Events from rows of a file's cache, every value checked (ValueError if any is wrong); with
    `choose`, only the rows it keeps, unpacked only then."""
    if choose is None:
        return [_event_from_values(row) for row in rows]
    if not all(type(row) is tuple and len(row) == 10 and type(row[4]) is str and type(row[5]) is str
               for row in rows):
        raise ValueError("wrong shape")
    return [_event_from_values(row) for row in rows if choose(row[4], row[5])]


def _check_text_maps(*mappings: Any) -> None:
    for mapping in mappings:
        if type(mapping) is not dict or not (set(map(type, mapping)) <= {str}
                                             and set(map(type, mapping.values())) <= {str}):
            raise ValueError("wrong shape")


def _mismatch_values(mismatch: Mismatch) -> tuple[object, ...]:
    key, params = mismatch.problem
    return (mismatch.id, mismatch.kind, mismatch.target, mismatch.date.toordinal(), mismatch.file, key, params)


def _mismatch_from_values(values: Any) -> Mismatch:
    event_id, kind, target, day, file, key, params = values
    if not (type(event_id) is str and type(kind) is str and type(target) is str and type(day) is int
            and type(file) is str and type(key) is str):
        raise ValueError("wrong shape")
    _check_text_maps(params)
    return Mismatch(event_id, kind, target, date.fromordinal(day), file, (key, params))


def _decode_head(payload: Any) -> tuple[list[str], dict[str, str], dict[str, str], int, list[Mismatch]]:
    shard_ids, undone, digests, latest, mismatches = payload
    if not (type(shard_ids) is list and len(shard_ids) == SHARDS and set(map(type, shard_ids)) <= {str}
            and type(latest) is int and type(mismatches) is list):
        raise ValueError("wrong shape")
    _check_text_maps(undone, digests)
    return shard_ids, undone, digests, latest, [_mismatch_from_values(row) for row in mismatches]
