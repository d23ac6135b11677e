"""Ledgers and exports of other offices, read as events for `sapa import`: another machine's
ledger file, a TOML or JSON export (render/export.py writes them), or a whole workspace's export.
What cannot be one (a CSV export, a calendar, a FIFO, a file nested too deep) is refused.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from ..core.model import Problem
from ..core.progress import Event, canonical
from ..errors import LedgerError, UsageError
from ..i18n import tr
from .json_stream import JsonStream, NotJson
from .ledger_format import EXPORT_KEYS, FORMAT_VERSION, EventRows, parse_ledger
from .safe_files import MAX_FILE_BYTES
from .toml_lines import deepest_line

# The TOML reader and writer load only when another office's file is read.

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    # What a plan's events are checked against: why a target is not in it, and its start.
    PlanChecks = Callable[[str], tuple[Callable[[str, str], Problem | None], date] | None]


def _read_regular_file(source: Path) -> bytes:
    """The bytes of `source`, refused unless it is a regular file (`_open_regular_file`). A file
    larger than a ledger may be (MAX_FILE_BYTES) is refused before it is read, and one that grows
    past it while read is read no further."""
    try:
        with _open_regular_file(source) as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise UsageError("import_unreadable", path=str(source), reason=err.strerror or str(err)) from None
    _check_size(source, len(raw))
    return raw


class _Bounded:
    """A file's reads, refused once past MAX_FILE_BYTES (a file that grows while read)."""

    def __init__(self, source: Path, handle: BinaryIO):
        self.source = source
        self.handle = handle
        self.read_so_far = 0

    def read(self, size: int = -1) -> bytes:
        raw = self.handle.read(size)
        self.read_so_far += len(raw)
        _check_size(self.source, self.read_so_far)
        return raw

    def __enter__(self) -> _Bounded:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.handle.__exit__(*exc)


def _open_regular_file(source: Path) -> Any:
    """`source` opened, refused unless it is a regular file: reading a FIFO would wait for a
    writer forever, and a device may never end. Checked before opening, and again on what was
    opened (without blocking: O_NONBLOCK), in case the path changed in between; and refused if
    larger than a ledger may be (MAX_FILE_BYTES), then, or as it is read."""
    try:
        info = os.stat(source)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError("import_bad_file", where=str(source), reason=tr("not_a_regular_file"))
        _check_size(source, info.st_size)
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        file = os.fdopen(fd, "rb")
        try:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise UsageError("import_bad_file", where=str(source), reason=tr("not_a_regular_file"))
            _check_size(source, info.st_size)
        except BaseException:
            file.__exit__(None, None, None)
            raise
    except OSError as err:
        raise UsageError("import_unreadable", path=str(source), reason=err.strerror or str(err)) from None
    return _Bounded(source, file)


def _check_size(source: Path, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise UsageError("import_bad_file", where=str(source),
                         reason=tr("too_large", limit=MAX_FILE_BYTES // (1024 * 1024)))


def _is_csv_export(source: Path, raw: bytes) -> bool:
    """A CSV export (ours: a BOM, then the header row), or any file named .csv."""
    header = b"record,id,kind,"  # the header render/export.py writes
    return source.suffix.lower() == ".csv" or raw.removeprefix(b"\xef\xbb\xbf").startswith(header)


class ForeignEvents:
    """Another office's events, every one read and checked (`read_foreign_events`), to be given
    as many times as an import needs: from memory, or, from a JSON export, from its file again, a
    value at a time, so that a large export is never held whole."""

    def __init__(self, count: int, in_order: bool, events: list[Event] | None = None,
                 again: Callable[[], Iterator[Event]] | None = None):
        self.count = count
        self.in_order = in_order  # in the ledger's order (by time recorded), so by month
        self._events = events
        self._again = again

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Event]:
        if self._events is not None:
            return iter(self._events)
        assert self._again is not None
        return self._again()


def read_foreign_events(source: Path, plan_id: str,
                        target_problem: Callable[[str, str], Problem | None] | None = None,
                        plan_start: date | None = None, raw: bytes | None = None) -> ForeignEvents:
    """Events from another ledger, or from a TOML or JSON export; refused if of another plan.
    `raw`: the file's bytes, when read already (one plan's part of a workspace's export).

    A JSON export is read a value at a time (`_streamed`); any file it does not read as a plain
    export is read whole, as it always was, and that reading says what is wrong with it."""
    if raw is None and source.suffix.lower() == ".json":
        streamed = _streamed(source, plan_id, target_problem, plan_start)
        if streamed is not None:
            return streamed
    raw = _read_regular_file(source) if raw is None else raw
    if _is_csv_export(source, raw):
        raise UsageError("import_bad_file", where=str(source), reason=tr("csv_export"))
    if source.suffix.lower() == ".ics" or raw.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"BEGIN:VCALENDAR"):
        raise UsageError("import_bad_file", where=str(source), reason=tr("ics_export"))
    is_json = source.suffix.lower() == ".json"
    try:
        events = _events_of(source, raw, is_json, plan_id, target_problem, plan_start)
    except RecursionError:
        # Arrays or tables nested hundreds deep ('[' * 100000) exhaust the recursion of json,
        # tomli_w or tomllib; no export nests more than three levels. Say where, in what was given.
        text = raw.decode("utf-8-sig", errors="replace")
        where = f"{source}:{deepest_line(text)}"
        raise UsageError("import_bad_file", where=where, reason=tr("too_deep")) from None
    return ForeignEvents(len(events), True, canonical(events))


def _events_of(source: Path, raw: bytes, is_json: bool, plan_id: str,
               target_problem: Callable[[str, str], Problem | None] | None, plan_start: date | None) -> list[Event]:
    if is_json:
        raw = _json_to_toml(raw, str(source))
    try:
        events = parse_ledger(raw, str(source), None, target_problem, plan_start, extra_keys=EXPORT_KEYS,
                              imported=True)
    except LedgerError as err:
        where = str(err.params.get("where", source))
        if is_json:  # the line is of the TOML it was turned into: name the event instead
            line = where.rsplit(":", 1)[-1]
            before = raw.decode("utf-8").splitlines()[: int(line) if line.isdigit() else 0]
            where = f"{source}: events[{max(0, sum(1 for x in before if x == '[[events]]') - 1)}]"
        raise UsageError("import_bad_file", where=where, reason=err.params.get("reason", str(err))) from None
    found = _plan_of(raw, source)
    if found != plan_id:
        raise UsageError("import_other_plan", path=str(source), found=found, plan=plan_id)
    return events


def _streamed(source: Path, plan_id: str, target_problem: Callable[[str, str], Problem | None] | None,
              plan_start: date | None) -> ForeignEvents | None:
    """A JSON export of `plan_id` read and checked a value at a time, each event as the whole-file
    reading checks it; None for anything else (not JSON, not a plain export, an event refused,
    another plan): the whole-file reading then refuses it in its own words, or reads it."""
    first: list[tuple[str, bool, int]] = []
    try:
        count = 0
        for _event in _json_events(source, plan_id, target_problem, plan_start, first):
            count += 1
    except (LedgerError, UsageError, NotJson, OSError, RecursionError, MemoryError):
        return None
    digest, in_order, _count = first[0]

    def again() -> Iterator[Event]:
        read: list[tuple[str, bool, int]] = []
        yield from _json_events(source, plan_id, target_problem, plan_start, read)
        if read[0][0] != digest:  # another file now, or the same one changed: none of it is taken
            raise UsageError("import_bad_file", where=str(source), reason=tr("changed_while_read"))

    return ForeignEvents(count, in_order, again=again)


def _export_rows(source: Path, target_problem: Callable[[str, str], Problem | None] | None,
                 plan_start: date | None) -> EventRows:
    """The checks of an export's event rows: a bad one names the export, as a file's line cannot."""
    return EventRows(lambda _path, reason: LedgerError("ledger_damaged", where=str(source), reason=reason),
                     target_problem, plan_start, imported=True)


def _json_events(source: Path, plan_id: str, target_problem: Callable[[str, str], Problem | None] | None,
                 plan_start: date | None, found: list[tuple[str, bool, int]]) -> Iterator[Event]:
    """The events of a JSON export of `plan_id`, as `_json_to_toml` and `parse_ledger` read them;
    once every value is read, the file's digest, whether its events were in the ledger's order and
    how many, in `found`. Raises on anything that is not a plain export (see `_streamed`)."""
    checked = _export_rows(source, target_problem, plan_start)
    head: dict[str, object] = {}
    keys: set[str] = set()
    previous: tuple[datetime, str] | None = None
    in_order, count = True, 0
    with _open_regular_file(source) as handle:
        stream = JsonStream(handle)
        for key in stream.members():
            if key in keys:  # json.loads would keep the last: the whole-file reading decides
                raise NotJson(f"{key} twice")
            keys.add(key)
            if key != "events":
                head[key] = stream.value()
                continue
            for index, _turn in enumerate(stream.elements()):
                event = checked.event(_json_row(stream.value()), index)
                key_of = (event.recorded, event.id)
                in_order = in_order and (previous is None or previous < key_of)
                previous, count = key_of, count + 1
                yield event
        stream.end()
    version, plan = head.get("format"), head.get("plan")
    if not (type(version) is int and 1 <= version <= FORMAT_VERSION and type(plan) is str and plan == plan_id):
        raise NotJson("not a plain export of this plan")
    found.append((stream.digest.hexdigest(), in_order, count))


def _json_row(row: object) -> dict[str, Any]:
    """An event of a JSON export as `_json_to_toml` makes it for the ledger's parser, and as it
    comes back from the TOML: what would not come back the same is refused (NotJson)."""
    if type(row) is not dict:
        raise NotJson("an event is not an object")
    try:
        row["recorded"] = recorded = datetime.fromisoformat(row["recorded"])
        row["date"] = date.fromisoformat(row["date"])
        offset = recorded.utcoffset()
        if offset is not None and offset % timedelta(minutes=1):
            raise ValueError("TOML has no seconds in an offset")
        for value in row.values():
            if type(value) is str and not value.isascii():
                value.encode("utf-8")  # a lone surrogate (\ud800) is no UTF-8: tomli_w's text fails
    except (KeyError, TypeError, ValueError) as err:
        raise NotJson(str(err)) from None
    return row


def _plan_of(raw: bytes, source: Path) -> str | None:
    """The plan a file that parse_ledger has read is of; a byte order mark (Notepad's) skipped as
    it skipped it."""
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8-sig")).get("plan")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:  # not if parse_ledger read it: still one line
        raise UsageError("import_bad_file", where=str(source), reason=str(err)) from None


def _json_to_toml(raw: bytes, filename: str) -> bytes:
    """Turn a JSON export back into ledger TOML, so one parser checks both."""
    import tomli_w

    try:
        document = json.loads(raw.decode("utf-8-sig"))
        events = []
        for row in document.get("events", []):
            row = dict(row)
            row["recorded"] = datetime.fromisoformat(row["recorded"])
            row["date"] = date.fromisoformat(row["date"])
            events.append(row)
        return tomli_w.dumps({"format": document["format"], "plan": document["plan"],
                              "events": events}).encode("utf-8")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UsageError("import_bad_file", where=filename, reason=tr("not_a_sapa_export")) from None


def workspace_export_plans(source: Path) -> list[dict[str, Any]] | None:
    """The per-plan documents of a whole workspace's export, or None for any other file. Read whole:
    ask `says_workspace` first, which reads it a value at a time, so that a plan's export is never
    held whole."""
    raw = _read_regular_file(source)
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return None
    if not (isinstance(document, dict) and document.get("workspace") is True):
        return None
    plans = document.get("plans")
    if not isinstance(plans, list) or not all(isinstance(p, dict) and isinstance(p.get("plan"), str) for p in plans):
        raise UsageError("import_bad_file", where=str(source), reason=tr("not_a_sapa_export"))
    return plans


def says_workspace(source: Path) -> bool:
    """Whether the file is a JSON object whose "workspace" is true (the last, if it says it twice,
    as json.loads reads it), every value read and let go at once: what is not JSON is not one."""
    says = False
    try:
        with _open_regular_file(source) as handle:
            stream = JsonStream(handle)
            for key in stream.members():
                if key in ("events", "plans", "state") and stream.at_array():  # long: an element at a time
                    for _turn in stream.elements():
                        stream.value()
                else:
                    value = stream.value()
                    if key == "workspace":
                        says = value is True
            stream.end()
    except (NotJson, RecursionError):
        return False
    except UsageError:
        return True  # not a file to read: refused as it always was, by reading it whole
    return says


# ---- a whole workspace's export, a plan at a time -------------------------------------------------

class PlanPart:
    """What the first reading of a workspace's export found of one plan's part."""

    __slots__ = ("count", "fine", "in_order", "plan")

    def __init__(self, plan: str, count: int, in_order: bool, fine: bool):
        self.plan = plan
        self.count = count
        self.in_order = in_order
        self.fine = fine  # every event read as a plain export's; else reading the part whole says why


def workspace_parts(source: Path, checks: PlanChecks) -> tuple[list[PlanPart], str] | None:
    """Each plan's part of a workspace's export, read a value at a time, every event checked as
    `_json_events` checks one (against the plan `checks(plan)` gives what to check by; a plan it
    does not know is only read through); and the file's digest. None for a file that is not a
    plain workspace export: its documents are then read whole (`workspace_export_plans`)."""
    parts: list[PlanPart] = []

    def read(number: int, plan: str, version: object, stream: JsonStream | None) -> None:
        known = checks(plan)
        checked = _export_rows(source, *known) if known is not None else None
        fine = type(version) is int and 1 <= version <= FORMAT_VERSION
        count, in_order, previous = 0, True, None
        for index, _turn in enumerate(stream.elements() if stream is not None else ()):
            row = stream.value()  # type: ignore[union-attr]
            if checked is None or not fine:
                continue
            try:
                event = checked.event(_json_row(row), index)
            except (LedgerError, NotJson):
                fine = False
                continue
            in_order = in_order and (previous is None or previous < (event.recorded, event.id))
            previous, count = (event.recorded, event.id), count + 1
        parts.append(PlanPart(plan, count, in_order, fine))

    try:
        digest = _walk_plans(source, read)
    except (NotJson, RecursionError, MemoryError):
        return None
    return parts, digest


def workspace_events(source: Path, checks: PlanChecks, digest: str,
                     take: Callable[[int, str, Iterator[Event]], None]) -> None:
    """The second reading: `take(number, plan, events)` for each plan's part in turn, its events
    read and checked again as it takes them (it must take them all before the next part is
    read). A file found changed since the first reading is refused, once its parts are taken."""

    def read(number: int, plan: str, _version: object, stream: JsonStream | None) -> None:
        known = checks(plan)
        assert known is not None
        checked = _export_rows(source, *known)

        def events() -> Iterator[Event]:
            for index, _turn in enumerate(stream.elements() if stream is not None else ()):
                try:
                    yield checked.event(_json_row(stream.value()), index)  # type: ignore[union-attr]
                except (LedgerError, NotJson):
                    raise UsageError("import_bad_file", where=str(source), reason=tr("changed_while_read")) from None

        take(number, plan, events())

    try:
        again = _walk_plans(source, read)
    except (NotJson, RecursionError):
        again = ""
    if again != digest:
        raise UsageError("import_bad_file", where=str(source), reason=tr("changed_while_read"))


def _walk_plans(source: Path, read: Callable[[int, str, object, JsonStream | None], None]) -> str:
    """Walk a workspace's export: `read(number, plan, format, stream)` at each plan's events (the
    stream there, for it to read the array through; None for a part without events), the plan's
    id and format read before them. Raises NotJson for anything else: another order, a key twice."""
    with _open_regular_file(source) as handle:
        stream = JsonStream(handle)
        keys: set[str] = set()
        for key in stream.members():
            if key in keys:
                raise NotJson(f"{key} twice")
            keys.add(key)
            if key != "plans":
                stream.value()
                continue
            if not stream.at_array():
                raise NotJson("plans is not an array")
            for number, _turn in enumerate(stream.elements()):
                plan: object = None
                version: object = None
                inner: set[str] = set()
                for part_key in stream.members():
                    if part_key in inner:
                        raise NotJson(f"{part_key} twice")
                    inner.add(part_key)
                    if part_key == "events":
                        if type(plan) is not str or not stream.at_array():
                            raise NotJson("events before the plan, or not an array")
                        read(number, plan, version, stream)
                    elif part_key == "plan":
                        plan = stream.value()
                    elif part_key == "format":
                        version = stream.value()
                    else:
                        stream.value()
                if type(plan) is not str:
                    raise NotJson("a part without its plan")
                if "events" not in inner:
                    read(number, plan, version, None)
        stream.end()
    return stream.digest.hexdigest()
