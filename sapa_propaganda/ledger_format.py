"""The ledger's TOML: parse one ledger file strictly, and write events back with tomli-w.

A file that does not parse, or that was edited wrongly by hand, raises LedgerError naming
its file:line; nothing here writes to disk.
"""

from __future__ import annotations

from datetime import date, datetime

from .errors import LedgerError
from .i18n import tr
from .progress import EVENT_KINDS, STATUSES, Event, canonical

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

FORMAT_VERSION = 1
_OPTIONAL_TEXT = ("status", "note", "by", "ref")


# ---- reading -------------------------------------------------------------------------------

def parse_ledger(raw: bytes, filename: str, plan_id: str | None,
                 target_problem: Callable[[str, str], str | None] | None = None) -> list[Event]:
    """Parse ledger bytes; `plan_id` None accepts a ledger of any plan (the caller checks).
    `target_problem(kind, target)` says why an event's target is not in the plan, if it is not."""
    import tomllib  # here, not at the top: appending an event needs no parser

    from .toml_lines import key_lines, line_of

    try:
        source = raw.decode("utf-8")
        data = tomllib.loads(source)
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise LedgerError("ledger_damaged", where=f"{filename}:{line}", reason="not UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        where, reason = _toml_position(str(err), source)
        raise LedgerError("ledger_damaged", where=f"{filename}:{where}", reason=reason) from None
    lines = key_lines(source)

    def fail(path: tuple[str | int, ...], reason: str) -> LedgerError:
        # A key that is missing altogether has no line: point at the top of the file.
        line = line_of(lines, path) or 1
        return LedgerError("ledger_damaged", where=f"{filename}:{line}", reason=reason)

    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise fail(("format",), tr("why_format"))
    if version > FORMAT_VERSION:
        where = f"{filename}:{line_of(lines, ('format',)) or 1}"
        raise LedgerError("ledger_too_new", path=where, found=version, known=FORMAT_VERSION)
    if not isinstance(data.get("plan"), str) or not data["plan"]:
        raise fail(("plan",), tr("why_plan"))
    if plan_id is not None and data.get("plan") != plan_id:
        raise LedgerError("ledger_other_plan", path=filename, found=data.get("plan"), plan=plan_id)
    rows = data.get("events", [])
    if not isinstance(rows, list):
        raise fail(("events",), tr("why_events"))
    events = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        event = _event_from(row, index, fail)
        problem = target_problem(event.kind, event.target) if target_problem else None
        if problem:
            raise fail(("events", index, "target"), problem)
        if event.id in seen:
            raise fail(("events", index, "id"), tr("why_duplicate", id=event.id))
        seen.add(event.id)
        events.append(event)
    return events


def _toml_position(message: str, source: str) -> tuple[str, str]:
    import re

    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    if match:
        return f"{match.group(1)}:{match.group(2)}", reason
    # "at end of document" (a truncated file): the last line, counted as tomllib counts lines.
    return str(source.count("\n") + 1), reason


def _event_from(row: Any, index: int, fail: Callable[[tuple[str | int, ...], str], LedgerError]) -> Event:
    def bad(key: str, reason: str) -> LedgerError:
        return fail(("events", index, key), reason)

    if not isinstance(row, dict):
        raise bad("", tr("why_table"))
    unknown = set(row) - {"id", "recorded", "date", "kind", "target", *_OPTIONAL_TEXT}
    if unknown:
        raise bad(sorted(unknown)[0], tr("why_key", key=sorted(unknown)[0]))
    for key in ("id", "kind", "target"):
        if not isinstance(row.get(key), str) or not row[key]:
            raise bad(key, tr("why_text", key=key))
    recorded = row.get("recorded")
    if not isinstance(recorded, datetime) or recorded.tzinfo is None:
        raise bad("recorded", tr("why_recorded"))
    effective = row.get("date")
    if not isinstance(effective, date) or isinstance(effective, datetime):
        raise bad("date", tr("why_date"))
    if row["kind"] not in EVENT_KINDS:
        raise bad("kind", tr("why_kind", kind=row["kind"]))
    for key in _OPTIONAL_TEXT:
        if not isinstance(row.get(key, ""), str):
            raise bad(key, tr("why_string", key=key))
    if row["kind"] == "mark" and row.get("status") not in STATUSES:
        raise bad("status", tr("why_status", status=row.get("status")))
    return Event(id=row["id"], recorded=recorded, date=effective, kind=row["kind"],
                 target=row["target"], status=row.get("status", ""), note=row.get("note", ""),
                 by=row.get("by", ""), ref=row.get("ref", ""))


# ---- writing -------------------------------------------------------------------------------

def event_record(event: Event) -> dict[str, Any]:
    record: dict[str, Any] = {"id": event.id, "recorded": event.recorded, "date": event.date,
                              "kind": event.kind, "target": event.target}
    for key in _OPTIONAL_TEXT:
        value = getattr(event, key)
        if value:
            record[key] = value
    return record


HEADER = (
    "# Sổ theo dõi tiến độ của sapa (progress ledger). Mỗi thay đổi là một sự kiện;\n"
    "# hoàn tác (undo) thêm sự kiện đảo ngược, không xóa gì. Sửa tay thì giữ đúng cú pháp TOML.\n"
)


def serialize(plan_id: str, events: list[Event]) -> bytes:
    """A whole ledger file, events in canonical order."""
    import tomli_w

    body = tomli_w.dumps({"format": FORMAT_VERSION, "plan": plan_id,
                          "events": [event_record(e) for e in canonical(events)]})
    return (HEADER + body).encode("utf-8")


def serialize_appended(event: Event) -> bytes:
    """One more `[[events]]` table, to add at the end of an existing ledger file."""
    import tomli_w

    return ("\n" + tomli_w.dumps({"events": [event_record(event)]})).encode("utf-8")
