"""Exchange with other offices and programs: export the state and the history, read others' ledgers.

Formats (docs/json.md documents the keys):
- json: {"format", "plan", "exported", "state": [...], "events": [...]}
- toml: the same, readable by `sapa import` like a ledger;
- csv: one row per state line, then one per event, then one per report owed (`report`: unit,
  period, due, received, ref, state), with a `record` column; UTF-8 with a BOM because Excel
  on Windows needs it to show Vietnamese.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.model import Plan, Problem
from ..core.progress import Event, ProgressState, canonical
from ..core.record import Record
from ..errors import LedgerError, UsageError
from ..i18n import tr
from ..status_words import status_label
from .ledger_format import EXPORT_KEYS, event_record, parse_ledger
from .toml_lines import deepest_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

EXPORT_FORMATS = ("json", "csv", "toml", "ics")
CSV_COLUMNS = ("record", "id", "kind", "target", "units", "status", "status_label", "date",
               "recorded", "by", "ref", "note", "text", "unit", "period", "due", "received", "state")


class Export(Record):
    plan: Plan
    state: ProgressState
    exported: datetime
    today: date | None = None  # the day the report states are as of (--today); else the export's day


def state_rows(export: Export) -> list[dict[str, Any]]:
    rows = []
    for item in export.plan.tracked_items:
        progress = export.state.of(item.id)
        status = progress.status if progress else "todo"
        rows.append({
            "id": item.id, "kind": item.kind, "units": list(item.units), "text": item.text,
            "status": status, "status_label": status_label(status),
            "updated": progress.updated if progress else None,
            "note": progress.note if progress else "", "by": progress.by if progress else "",
            "ref": progress.ref if progress else "",
        })
    return rows


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def export_document(export: Export) -> dict[str, Any]:
    return {
        "format": 1, "plan": export.plan.id, "plan_title": export.plan.title,
        "exported": export.exported, "state": state_rows(export),
        "events": [event_record(e) for e in canonical(export.state.events)],
    }


def render_export(export: Export, fmt: str) -> bytes:
    if fmt == "json":
        text = json.dumps(_jsonable(export_document(export)), ensure_ascii=False, indent=2) + "\n"
        return text.encode("utf-8")
    if fmt == "toml":
        import tomli_w

        document = export_document(export)
        document["state"] = [{k: v for k, v in row.items() if v is not None} for row in document["state"]]
        return tomli_w.dumps(document).encode("utf-8")
    if fmt == "csv":
        return _csv(export).encode("utf-8-sig")
    if fmt == "ics":
        from ..render.ics import render_ics

        return render_ics(export.plan, export.state, export.exported).encode("utf-8")
    raise UsageError("bad_format", value=fmt, choices=", ".join(EXPORT_FORMATS))


def _as_text(value: object) -> object:
    """A cell starting with = + - @ (or a tab or return) is a formula to Excel: prefix it with ' so it
    shows as typed. Notes and names are typed by people, and CSV files travel between offices."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _SafeWriter(csv.DictWriter):  # type: ignore[type-arg]
    def writerow(self, rowdict):  # type: ignore[no-untyped-def,override]
        return super().writerow({k: _as_text(v) for k, v in rowdict.items()})


def _csv(export: Export) -> str:
    buffer = io.StringIO()
    writer = _SafeWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in state_rows(export):
        writer.writerow({
            "record": "state", "id": row["id"], "kind": row["kind"], "target": row["id"],
            "units": " ".join(row["units"]), "status": row["status"],
            "status_label": row["status_label"],
            "date": row["updated"].isoformat() if row["updated"] else "", "recorded": "",
            "by": row["by"], "ref": row["ref"], "note": row["note"], "text": row["text"],
        })
    for event in canonical(export.state.events):
        writer.writerow({
            "record": "event", "id": event.id, "kind": event.kind, "target": event.target,
            "units": "", "status": event.status,
            "status_label": status_label(event.status) if event.status else "",
            "date": event.date.isoformat(), "recorded": event.recorded.isoformat(),
            "by": event.by, "ref": event.ref, "note": event.note, "text": "",
        })
    _report_rows(writer, export)
    return buffer.getvalue()


def _report_rows(writer: csv.DictWriter[str], export: Export) -> None:
    """One row per report owed, in every period of the plan, with its state on `today`: what
    `sapa reports --all` shows. `target` is the id its `submit` events carry (unit@period)."""
    from ..core.deadlines import report_rows
    from ..render.labels import report_name, report_state

    today = export.today or export.exported.date()
    for row in report_rows(export.plan, export.state, today):
        writer.writerow({
            "record": "report", "kind": row.obligation.kind, "target": row.obligation.target,
            "units": row.unit, "status_label": report_state(row), "ref": row.ref, "note": row.note,
            "text": report_name(row.obligation), "unit": row.unit, "period": row.period.id,
            "due": row.due.isoformat(), "received": row.submitted.isoformat() if row.submitted else "",
            "state": row.state,
        })


def _read_regular_file(source: Path) -> bytes:
    """The bytes of `source`, refused unless it is a regular file: reading a FIFO would wait for a
    writer forever, and a device may never end. Checked before opening, and again on what was
    opened (without blocking: O_NONBLOCK), in case the path changed in between."""
    try:
        if not stat.S_ISREG(os.stat(source).st_mode):
            raise UsageError("import_bad_file", where=str(source), reason=tr("not_a_regular_file"))
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise UsageError("import_bad_file", where=str(source), reason=tr("not_a_regular_file"))
            return file.read()
    except OSError as err:
        raise UsageError("import_unreadable", path=str(source), reason=err.strerror or str(err)) from None


def _is_csv_export(source: Path, raw: bytes) -> bool:
    """A CSV export (ours: a BOM, then the header row), or any file named .csv."""
    header = ",".join(CSV_COLUMNS[:3]).encode() + b","
    return source.suffix.lower() == ".csv" or raw.removeprefix(b"\xef\xbb\xbf").startswith(header)


def read_foreign_events(source: Path, plan_id: str,
                        target_problem: Callable[[str, str], Problem | None] | None = None,
                        plan_start: date | None = None) -> list[Event]:
    """Events from another ledger, or from a TOML or JSON export; refused if of another plan."""
    raw = _read_regular_file(source)
    if _is_csv_export(source, raw):
        raise UsageError("import_bad_file", where=str(source), reason=tr("csv_export"))
    if source.suffix.lower() == ".ics" or raw.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"BEGIN:VCALENDAR"):
        raise UsageError("import_bad_file", where=str(source), reason=tr("ics_export"))
    is_json = source.suffix.lower() == ".json"
    try:
        return _events_of(source, raw, is_json, plan_id, target_problem, plan_start)
    except RecursionError:
        # Arrays or tables nested hundreds deep ('[' * 100000) exhaust the recursion of json,
        # tomli_w or tomllib; no export nests more than three levels. Say where, in what was given.
        text = raw.decode("utf-8-sig", errors="replace")
        where = f"{source}:{deepest_line(text)}"
        raise UsageError("import_bad_file", where=where, reason=tr("too_deep")) from None


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
    found = _plan_of(raw)
    if found != plan_id:
        raise UsageError("import_other_plan", path=str(source), found=found, plan=plan_id)
    return events


def _plan_of(raw: bytes) -> str | None:
    import tomllib

    return tomllib.loads(raw.decode("utf-8")).get("plan")


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


def workspace_export(exports: list[Export], exported: datetime) -> bytes:
    """Every plan of the workspace, each as its own export, in one JSON file."""
    document = {"format": 1, "workspace": True, "exported": exported,
                "plans": [export_document(e) for e in exports]}
    return (json.dumps(_jsonable(document), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def workspace_export_plans(source: Path) -> list[dict[str, Any]] | None:
    """The per-plan documents of a whole workspace's export, or None for any other file."""
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
