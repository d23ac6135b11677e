"""Ledgers and exports of other offices, read as events for `sapa import`: another machine's
ledger file, a TOML or JSON export (render/export.py writes them), or a whole workspace's export.
What cannot be one (a CSV export, a calendar, a FIFO, a file nested too deep) is refused.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.model import Problem
from ..core.progress import Event
from ..errors import LedgerError, UsageError
from ..i18n import tr
from .ledger_format import EXPORT_KEYS, parse_ledger
from .safe_files import MAX_FILE_BYTES
from .toml_lines import deepest_line

# The TOML reader and writer load only when another office's file is read.

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


def _read_regular_file(source: Path) -> bytes:
    """The bytes of `source`, refused unless it is a regular file: reading a FIFO would wait for a
    writer forever, and a device may never end. Checked before opening, and again on what was
    opened (without blocking: O_NONBLOCK), in case the path changed in between. A file larger than
    a ledger may be (MAX_FILE_BYTES) is refused before it is read, and one that grows past it
    while read is read no further."""
    try:
        info = os.stat(source)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError("import_bad_file", where=str(source), reason=tr("not_a_regular_file"))
        _check_size(source, info.st_size)
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise UsageError("import_bad_file", where=str(source), reason=tr("not_a_regular_file"))
            _check_size(source, info.st_size)
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise UsageError("import_unreadable", path=str(source), reason=err.strerror or str(err)) from None
    _check_size(source, len(raw))
    return raw


def _check_size(source: Path, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise UsageError("import_bad_file", where=str(source),
                         reason=tr("too_large", limit=MAX_FILE_BYTES // (1024 * 1024)))


def _is_csv_export(source: Path, raw: bytes) -> bool:
    """A CSV export (ours: a BOM, then the header row), or any file named .csv."""
    header = b"record,id,kind,"  # the header render/export.py writes
    return source.suffix.lower() == ".csv" or raw.removeprefix(b"\xef\xbb\xbf").startswith(header)


def read_foreign_events(source: Path, plan_id: str,
                        target_problem: Callable[[str, str], Problem | None] | None = None,
                        plan_start: date | None = None, raw: bytes | None = None) -> list[Event]:
    """Events from another ledger, or from a TOML or JSON export; refused if of another plan.
    `raw`: the file's bytes, when read already (one plan's part of a workspace's export)."""
    raw = _read_regular_file(source) if raw is None else raw
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
    found = _plan_of(raw, source)
    if found != plan_id:
        raise UsageError("import_other_plan", path=str(source), found=found, plan=plan_id)
    return events


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
