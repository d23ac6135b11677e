"""Exports for other offices and programs: the state, the history and the reports owed.

Formats (docs/json.md documents the keys):
- json: {"format", "plan", "exported", "state": [...], "events": [...]}
- toml: the same, readable by `sapa import` like a ledger (storage/foreign.py reads it back), every
  invisible character (control, bidi, zero-width, line separator) written as a \\u escape, as JSON has it;
- csv: one row per state line (a duty of several units has one more for each unit's part, its
  target `item@unit`, its `unit` that unit), then one per event, then one per report owed (`report`: unit,
  period, due, received, ref, state), with a `record` column; UTF-8 with a BOM because Excel
  on Windows needs it to show Vietnamese; each cell is text made safe to show (`text.for_display`,
  line breaks kept), as the listings' CSV has it, and a formula kept as text;
- ics: every dated obligation, for Outlook or Google Calendar (ics.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

from ..core.deadlines import report_rows
from ..core.model import Plan
from ..core.progress import Event, ProgressState, item_progress, unit_target, units_progress
from ..core.record import Record
from ..core.text import for_display, json_elements, json_text, json_visible
from ..errors import UsageError
from ..status_words import status_label
from .ics import render_ics
from .labels import report_name, report_state

# tomli_w loads only for a TOML export.

EXPORT_FORMATS = ("json", "csv", "toml", "ics")
CSV_COLUMNS = ("record", "id", "kind", "target", "units", "status", "status_label", "date",
               "recorded", "by", "ref", "note", "text", "unit", "period", "due", "received", "state")


class Export(Record):
    plan: Plan
    state: ProgressState
    exported: datetime
    # Every event, in the ledger's order, given once and never held whole (storage: Ledger.ordered_events).
    events: Iterable[Event]
    today: date | None = None  # the day the report states are as of (--today); else the export's day
    record: Callable[[Event], dict[str, Any]] | None = None  # an event as the ledger's files hold it


def state_rows(export: Export) -> list[dict[str, Any]]:
    rows = []
    for item in export.plan.tracked_items:
        progress = item_progress(export.state, item.id, item.units)
        status = progress.status if progress else "todo"
        rows.append({
            "id": item.id, "kind": item.kind, "units": list(item.units), "text": item.text,
            "status": status, "status_label": status_label(status),
            "updated": progress.updated if progress else None,
            "note": progress.note if progress else "", "by": progress.by if progress else "",
            "ref": progress.ref if progress else "",
            # each unit's part: of a duty of several units, as each was marked; else the item's status
            "units_status": {u: p.status if p else "todo"
                             for u, p in units_progress(export.state, item.id, item.units)},
        })
    return rows


def _unit_rows(export: Export, row: dict[str, Any]) -> list[dict[str, Any]]:
    """A duty of several units in CSV: a state row for each unit's part, its target "item@unit"."""
    if len(row["units"]) < 2:
        return []
    found = []
    for unit_id, progress in units_progress(export.state, row["id"], tuple(row["units"])):
        status = progress.status if progress else "todo"
        found.append({
            "record": "state", "id": row["id"], "kind": row["kind"], "target": unit_target(row["id"], unit_id),
            "units": unit_id, "status": status, "status_label": status_label(status),
            "date": progress.updated.isoformat() if progress else "", "recorded": "",
            "by": progress.by if progress else "", "ref": progress.ref if progress else "",
            "note": progress.note if progress else "", "text": row["text"], "unit": unit_id,
        })
    return found


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def export_document(export: Export, events: bool = True) -> dict[str, Any]:
    """The export as one document; `events` False leaves its events out (`"events": []`)."""
    return {
        "format": 1, "plan": export.plan.id, "plan_title": export.plan.title,
        "exported": export.exported, "state": state_rows(export),
        "events": _records(export) if events else [],
    }


def _records(export: Export) -> list[dict[str, Any]]:
    record = export.record
    if record is None:
        raise ValueError("an export of events needs the ledger's record of an event")
    return [record(e) for e in export.events]


def render_export(export: Export, fmt: str) -> bytes:
    return b"".join(export_chunks(export, fmt))


# An export is written as it is made, never held whole: this many events to a part.
EVENTS_PER_PART = 1000


def export_chunks(export: Export, fmt: str) -> Iterator[bytes]:
    """The export's bytes, in parts: for JSON and CSV a part per few events, whose bytes together
    are those of the whole document encoded at once (`text.json_text`, the CSV writer's)."""
    if fmt == "json":
        for part in _json_parts(export):
            yield part.encode("utf-8")
        yield b"\n"
    elif fmt == "toml":
        import tomli_w

        document = export_document(export)
        document["state"] = [{k: v for k, v in row.items() if v is not None} for row in document["state"]]
        yield _toml_visible(tomli_w.dumps(document)).encode("utf-8")
    elif fmt == "csv":
        yield from _csv_parts(export)
    elif fmt == "ics":
        yield render_ics(export.plan, export.state, export.exported).encode("utf-8")
    else:
        raise UsageError("bad_format", value=fmt, choices=", ".join(EXPORT_FORMATS))


def _json_parts(export: Export) -> Iterator[str]:
    """`json_text`'s text of the export document, without its last line break, in parts: the
    document with no events, then its events a part at a time (an element of "events" is two
    levels in: each line indented four spaces)."""
    import json

    head = json_visible(json.dumps(_jsonable(export_document(export, events=False)), ensure_ascii=False, indent=2))
    empty = "[]\n}"
    assert head.endswith('"events": ' + empty)  # the last key of the document
    yield head[: -len(empty)]
    record = export.record
    written = False
    for part in _parts(export.events):
        if record is None:
            raise ValueError("an export of events needs the ledger's record of an event")
        inner = json_elements([_jsonable(record(e)) for e in part], not written)
        yield inner[:2] + "  " + inner[2:].replace("\n", "\n  ")
        written = True
    yield "\n  ]\n}" if written else empty


def _parts(events: Iterable[Event]) -> Iterator[list[Event]]:
    part: list[Event] = []
    for event in events:
        part.append(event)
        if len(part) == EVENTS_PER_PART:
            yield part
            part = []
    if part:
        yield part


# What TOML may hold raw in a string but no reader should get raw: the characters `text.for_display`
# drops (controls, format characters such as bidi overrides and zero-width spaces, line separators).
_TOML_INVISIBLE = frozenset(("Cc", "Cf", "Zl", "Zp"))


def _toml_visible(dumped: str) -> str:
    """tomli_w's TOML with every invisible character as a \\u (or \\U) escape. Outside its strings
    a TOML export is ASCII and line breaks, so each such character is in a basic string, where an
    escape is the same data to any reader (`sapa import` among them)."""
    if dumped.replace("\n", "").isprintable():  # the usual case, checked at C speed
        return dumped
    import unicodedata

    return "".join((f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
                   if ch != "\n" and not ch.isprintable() and unicodedata.category(ch) in _TOML_INVISIBLE else ch
                   for ch in dumped)


def _as_text(value: object) -> object:
    """Text made safe to show, as in every CSV (`text.for_display`, line breaks kept: CSV quotes
    them); then a cell starting with = + - @ is a formula to Excel: prefix it with ' so it shows as
    typed. Notes and names are typed by people, and CSV files travel between offices."""
    if not isinstance(value, str):
        return value
    value = for_display(value, single_line=False)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _SafeWriter(csv.DictWriter):  # type: ignore[type-arg]
    def writerow(self, rowdict):  # type: ignore[no-untyped-def,override]
        return super().writerow({k: _as_text(v) for k, v in rowdict.items()})


def _csv_parts(export: Export) -> Iterator[bytes]:
    """The CSV's bytes a few rows at a time: UTF-8 with a byte order mark before the first."""
    buffer = io.StringIO()
    writer = _SafeWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writeheader()
    for row in state_rows(export):
        writer.writerow({
            "record": "state", "id": row["id"], "kind": row["kind"], "target": row["id"],
            "units": " ".join(row["units"]), "status": row["status"],
            "status_label": row["status_label"],
            "date": row["updated"].isoformat() if row["updated"] else "", "recorded": "",
            "by": row["by"], "ref": row["ref"], "note": row["note"], "text": row["text"],
        })
        for unit_row in _unit_rows(export, row):
            writer.writerow(unit_row)
    for part in _parts(export.events):
        yield _taken(buffer)
        for event in part:
            writer.writerow({
                "record": "event", "id": event.id, "kind": event.kind, "target": event.target,
                "units": "", "status": event.status,
                "status_label": status_label(event.status) if event.status else "",
                "date": event.date.isoformat(), "recorded": event.recorded.isoformat(),
                "by": event.by, "ref": event.ref, "note": event.note, "text": "",
            })
    _report_rows(writer, export)
    yield _taken(buffer)


def _taken(buffer: io.StringIO) -> bytes:
    """What the buffer holds, as UTF-8, leaving it empty."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


def _report_rows(writer: csv.DictWriter[str], export: Export) -> None:
    """One row per report owed, in every period of the plan, with its state on `today`: what
    `sapa reports --all` shows. `target` is the id its `submit` events carry (unit@period)."""
    today = export.today or export.exported.date()
    for row in report_rows(export.plan, export.state, today):
        writer.writerow({
            "record": "report", "kind": row.obligation.kind, "target": row.obligation.target,
            "units": row.unit, "status_label": report_state(row), "ref": row.ref, "note": row.note,
            "text": report_name(row.obligation), "unit": row.unit, "period": row.period.id,
            "due": row.due.isoformat(), "received": row.submitted.isoformat() if row.submitted else "",
            "state": row.state,
        })


def workspace_export(exports: Iterable[Export], exported: datetime) -> Iterator[bytes]:
    """Every plan of the workspace, each as its own export, in one JSON file, in parts: the bytes
    of the whole document encoded at once, made plan by plan and event by event (`exports` may be
    a generator, each plan's events too), so that no plan's events are held whole."""
    head = json_text(_jsonable({"format": 1, "workspace": True, "exported": exported, "plans": []}))
    written = False
    for export in exports:
        yield (head[:-len("[]\n}\n")] + "[\n" if not written else ",\n").encode("utf-8")
        written = True
        indent = "    "  # an element of "plans", two levels in
        for part in _json_parts(export):
            yield (indent + part.replace("\n", "\n    ")).encode("utf-8")
            indent = ""
    yield ("\n  ]\n}\n" if written else head).encode("utf-8")
