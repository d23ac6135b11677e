"""The ledger's TOML: parse one ledger file strictly, and write events back with tomli-w.

A file that does not parse, or that was edited wrongly by hand, raises LedgerError naming
its file:line; nothing here writes to disk.
"""

from __future__ import annotations

from ..core.datetime_types import date, datetime
from ..core.progress import (
    EVENT_KINDS,
    FORMAT_2_KINDS,
    FORMAT_2_STATUSES,
    NEEDS_REASON,
    STATUSES,
    Event,
    ImportBatch,
    canonical,
)
from ..core.text import strip_control
from ..errors import LedgerError
from ..i18n import tr

# tomllib, tomli_w, `re` and the line finder load only in the function that reads, writes or
# places a line: appending an event needs no parser.

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any

    from ..core.model import Problem

FORMAT_VERSION = 2  # 2: waivers and cancelled items; a file without them is still written as 1
_OPTIONAL_TEXT = ("status", "note", "by", "ref")


# ---- reading -------------------------------------------------------------------------------

# Top-level keys a ledger may have; an export (`sapa export --format toml`) has these too.
LEDGER_KEYS = frozenset({"format", "plan", "events"})
EXPORT_KEYS = frozenset({"plan_title", "exported", "state"})
_EVENT_KEYS = frozenset({"id", "recorded", "date", "kind", "target", *_OPTIONAL_TEXT})
_ID_CHARACTERS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_")
MAX_ID_LENGTH = 64
FIRST_YEAR, LAST_YEAR = 1900, 2200  # any date outside is a typo, and datetime arithmetic overflows near the ends


def parse_ledger(raw: bytes, filename: str, plan_id: str | None,
                 target_problem: Callable[[str, str], Problem | None] | None = None,
                 plan_start: date | None = None, extra_keys: frozenset[str] = frozenset(),
                 imported: bool = False) -> list[Event]:
    """Parse ledger bytes; `plan_id` None accepts a ledger of any plan (the caller checks).

    Every event is checked as strictly as `mark` and `submit` check what they record:
    `target_problem(kind, target)` says why a target is not in the plan; effective dates come
    before the plan's start or after the day recorded only by a wrong hand edit. An `imported`
    file's text may not hold control characters either (a ledger's own are neutralised on output)."""
    source, data = _load_toml(raw, filename, quick=True)

    lines: list[object] = []

    def fail(path: tuple[str | int, ...], reason: str) -> LedgerError:
        # Lines are worked out only for a report: most files are fine, and it costs a whole pass.
        from .toml_lines import key_lines, line_of

        if not lines:
            lines.append(key_lines(source))
        line = line_of(lines[0], path) or 1  # type: ignore[arg-type]
        return LedgerError("ledger_damaged", where=f"{filename}:{line}", reason=reason)

    check_head(data, filename, fail, plan_id, extra_keys)
    rows = data.get("events", [])
    if not isinstance(rows, list):
        raise fail(("events",), tr("why_events"))
    checked = EventRows(fail, target_problem, plan_start, imported)
    return [checked.event(row, index) for index, row in enumerate(rows)]


def check_head(data: dict[str, Any], filename: str, fail: Callable[[tuple[str | int, ...], str], LedgerError],
               plan_id: str | None, extra_keys: frozenset[str] = frozenset()) -> None:
    """The keys above a ledger's events: its format (one this version reads), its plan."""
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail(("format",), tr("why_format"))
    if version > FORMAT_VERSION:
        raise LedgerError("ledger_too_new", path=fail(("format",), "").params["where"], found=version,
                          known=FORMAT_VERSION)
    unknown = sorted(set(data) - LEDGER_KEYS - extra_keys)
    if unknown:
        raise fail((unknown[0],), tr("why_key", key=unknown[0]))
    if not isinstance(data.get("plan"), str) or not data["plan"]:
        raise fail(("plan",), tr("why_plan"))
    if plan_id is not None and data.get("plan") != plan_id:
        raise LedgerError("ledger_other_plan", path=filename, found=data.get("plan"), plan=plan_id)


class EventRows:
    """A ledger's event rows checked one at a time, each as `parse_ledger` checks it, so that a
    reader of rows streamed from a file (an export read by `sapa import`) checks exactly as much."""

    def __init__(self, fail: Callable[[tuple[str | int, ...], str], LedgerError],
                 target_problem: Callable[[str, str], Problem | None] | None = None,
                 plan_start: date | None = None, imported: bool = False):
        self.fail = fail
        self.target_problem = target_problem
        self.plan_start = plan_start
        self.imported = imported
        self.seen: set[str] = set()
        self.known_targets: dict[tuple[str, str], Problem | None] = {}

    def event(self, row: Any, index: int) -> Event:
        fail = self.fail
        event = _event_from(row, index, fail, self.imported)
        if self.target_problem is not None:
            key = (event.kind, event.target)
            if key not in self.known_targets:
                self.known_targets[key] = self.target_problem(event.kind, event.target)
            problem = self.known_targets[key]
            if problem is not None:
                raise fail(("events", index, "target"), tr(problem[0], **problem[1]))
        if self.plan_start is not None and event.kind == "mark" and event.date < self.plan_start:
            raise fail(("events", index, "date"), tr("why_before_start", start=self.plan_start.isoformat()))
        if event.id in self.seen:
            raise fail(("events", index, "id"), tr("why_duplicate", id=event.id))
        self.seen.add(event.id)
        return event


# ---- the quick reader ------------------------------------------------------------------------
# tomllib parses a ledger of 100,000 events in seconds; a machine's first command (no caches yet)
# would wait on it. What sapa writes (through tomli-w) is one narrow kind of TOML: comment lines,
# `key = value` lines with a bare key and a basic string, integer, date or date-time, and
# `[[events]]` headers. This reader takes exactly that and gives what tomllib would; on anything
# else (a hand edit with an array, a literal string, a trailing comment, a duplicate key...) it
# answers None and tomllib reads the file, so every file means what TOML says it means.

_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_DIGITS = frozenset("0123456789")


def parse_plain_ledger(source: str) -> dict[str, Any] | None:
    """The document tomllib would give for a ledger in the form sapa writes; None for any other form."""
    import re

    if re.search("[\x00-\x08\x0b-\x1f\x7f]", source):
        return None  # control characters (a CR among them): tomllib decides
    top: dict[str, Any] = {}
    current = top
    events: list[dict[str, Any]] = []
    for line in source.split("\n"):
        if not line or line[0] == "#":
            continue
        if line == "[[events]]":
            if "events" in top and current is top:
                return None
            current = {}
            events.append(current)
            continue
        key, separator, text = line.partition(" = ")
        if not separator or not key or not _BARE_KEY.issuperset(key) or key in current:
            return None
        value = _plain_value(text)
        if value is None:
            return None
        current[key] = value
    if events:
        if "events" in top:
            return None
        top["events"] = events
    return top


def _plain_value(text: str) -> object:
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        inner = text[1:-1]
        if "\\" not in inner:
            return None if '"' in inner else inner
        return _unescape(inner)
    if text.isdigit() and text.isascii():
        return int(text) if text == "0" or text[0] != "0" else None
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and _DIGITS.issuperset(text[:4] + text[5:7] + text[8:]):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    return _plain_datetime(text)


def _plain_datetime(text: str) -> datetime | None:
    """`2022-06-20 09:00:00+07:00`, with `T` or a space, six or no decimals, an offset or Z."""
    if len(text) < 20 or text[10] not in "T " or text[13] != ":" or text[16] != ":":
        return None
    rest = text[19:]
    if rest[:1] == ".":
        if len(rest) < 8 or not _DIGITS.issuperset(rest[1:7]):
            return None
        rest = rest[7:]
    if rest != "Z" and not (len(rest) == 6 and rest[0] in "+-" and rest[3] == ":"
                            and _DIGITS.issuperset(rest[1:3] + rest[4:])):
        return None
    if not _DIGITS.issuperset(text[:4] + text[5:7] + text[8:10] + text[11:13] + text[14:16] + text[17:19]):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _unescape(inner: str) -> str | None:
    parts = []
    i = 0
    while True:
        j = inner.find("\\", i)
        chunk = inner[i:] if j < 0 else inner[i:j]
        if '"' in chunk:
            return None
        parts.append(chunk)
        if j < 0:
            return "".join(parts)
        code = inner[j + 1:j + 2]
        if code in _ESCAPES:
            parts.append(_ESCAPES[code])
            i = j + 2
        elif code in ("u", "U"):
            width = 4 if code == "u" else 8
            digits = inner[j + 2:j + 2 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                return None
            point = int(digits, 16)
            if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
                return None
            parts.append(chr(point))
            i = j + 2 + width
        else:
            return None


def _load_toml(raw: bytes, filename: str, quick: bool = False) -> tuple[str, dict[str, Any]]:
    """The text and the document of a ledger-like file; LedgerError with its file:line if it is
    not UTF-8 TOML. `quick`: try the quick reader of what sapa writes first."""
    import tomllib

    if raw.startswith(b"\xef\xbb\xbf"):  # Notepad on Windows saves UTF-8 with a byte order mark
        raw = raw[3:]
    try:
        source = raw.decode("utf-8")
        data = parse_plain_ledger(source) if quick else None
        return source, data if data is not None else tomllib.loads(source)
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise LedgerError("ledger_damaged", where=f"{filename}:{line}", reason="not UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        where, reason = _toml_position(str(err), source)
        raise LedgerError("ledger_damaged", where=f"{filename}:{where}", reason=reason) from None
    except RecursionError:
        raise LedgerError("ledger_damaged", where=f"{filename}:{_deepest_line(source)}",
                          reason=tr("why_nested")) from None


def _deepest_line(source: str) -> int:
    """The line where brackets or braces nest deepest: where a too-deep nesting is."""
    depth = deepest = 0
    line = where = 1
    for char in source:
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, line
        elif char in "]}":
            depth -= 1
    return where


def _toml_position(message: str, source: str) -> tuple[str, str]:
    import re

    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    if match:
        return f"{match.group(1)}:{match.group(2)}", reason
    # "at end of document" (a truncated file): the last line, counted as tomllib counts lines.
    return str(source.count("\n") + 1), reason


def is_event_id(text: str) -> bool:
    return 0 < len(text) <= MAX_ID_LENGTH and _ID_CHARACTERS.issuperset(text)


def _in_years(value: date) -> bool:
    return FIRST_YEAR <= value.year <= LAST_YEAR


def _event_from(row: Any, index: int, fail: Callable[[tuple[str | int, ...], str], LedgerError],
                imported: bool = False) -> Event:
    def bad(key: str, reason: str) -> LedgerError:
        return fail(("events", index, key), reason)

    if not isinstance(row, dict):
        raise bad("", tr("why_table"))
    if not _EVENT_KEYS.issuperset(row):
        unknown = sorted(set(row) - _EVENT_KEYS)[0]
        raise bad(unknown, tr("why_key", key=unknown))
    for key in ("id", "kind", "target"):
        if type(row.get(key)) is not str or not row[key]:
            raise bad(key, tr("why_text", key=key))
    kind = row["kind"]
    if kind not in EVENT_KINDS:
        raise bad("kind", tr("why_kind", kind=kind))
    if not is_event_id(row["id"]):
        raise bad("id", tr("why_id", id=row["id"][:80]))
    recorded = row.get("recorded")
    if type(recorded) is not datetime or recorded.tzinfo is None:
        raise bad("recorded", tr("why_recorded"))
    effective = row.get("date")
    if type(effective) is not date:
        raise bad("date", tr("why_date"))
    if not (_in_years(recorded) and _in_years(effective)):
        raise bad("date" if _in_years(recorded) else "recorded", tr("why_year", first=FIRST_YEAR, last=LAST_YEAR))
    values = []
    for key in _OPTIONAL_TEXT:
        value = row.get(key, "")
        if type(value) is not str:
            raise bad(key, tr("why_string", key=key))
        if imported and not value.isprintable() and value != strip_control(value):
            raise bad(key, tr("why_control", key=key))
        values.append(value)
    status, note, by, ref = values
    if kind == "mark":
        if status not in STATUSES:
            raise bad("status", tr("why_status", status=status))
    elif status:  # a submission, a waiver or an undo has no status of its own
        raise bad("status", tr("why_status_kind", kind=kind))
    if (kind == "waive" or status in NEEDS_REASON) and not note.strip():
        raise bad("note", tr("why_reason"))
    if kind == "undo" and not is_event_id(row["target"]):
        raise bad("target", tr("why_id", id=row["target"][:80]))
    return Event(row["id"], recorded, effective, kind, row["target"], status, note, by, ref)



# ---- import batches ----------------------------------------------------------------------------
# `imports.<origin>.toml` beside the ledger files: which events each `import` added, so that
# `undo` reverts an import as the one step it was. Not a ledger file: earlier versions ignore it.

IMPORTS_KEYS = frozenset({"format", "plan", "imports"})
_BATCH_KEYS = frozenset({"id", "recorded", "source", "events"})


def is_imports_name(name: str) -> bool:
    """`imports.<origin>.toml`, or a sync tool's copy of it."""
    return name.startswith("imports.") and name.endswith(".toml")


def parse_imports(raw: bytes, filename: str, plan_id: str) -> list[ImportBatch]:
    from .toml_lines import key_lines, line_of

    source, data = _load_toml(raw, filename)

    def fail(path: tuple[str | int, ...], reason: str) -> LedgerError:
        return LedgerError("ledger_damaged", where=f"{filename}:{line_of(key_lines(source), path) or 1}", reason=reason)

    version = data.get("format")
    if type(version) is not int or version < 1:
        raise fail(("format",), tr("why_format"))
    if version > FORMAT_VERSION:
        raise LedgerError("ledger_too_new", path=filename, found=version, known=FORMAT_VERSION)
    unknown = sorted(set(data) - IMPORTS_KEYS)
    if unknown:
        raise fail((unknown[0],), tr("why_key", key=unknown[0]))
    if data.get("plan") != plan_id:
        raise LedgerError("ledger_other_plan", path=filename, found=data.get("plan"), plan=plan_id)
    rows = data.get("imports", [])
    if type(rows) is not list:
        raise fail(("imports",), tr("why_events"))
    batches = []
    for index, row in enumerate(rows):
        if type(row) is not dict:
            raise fail(("imports", index), tr("why_table"))
        if not _BATCH_KEYS.issuperset(row):
            key = sorted(set(row) - _BATCH_KEYS)[0]
            raise fail(("imports", index, key), tr("why_key", key=key))
        if type(row.get("id")) is not str or not is_event_id(row["id"]):
            raise fail(("imports", index, "id"), tr("why_id", id=str(row.get("id"))[:80]))
        recorded = row.get("recorded")
        if type(recorded) is not datetime or recorded.tzinfo is None or not _in_years(recorded):
            raise fail(("imports", index, "recorded"), tr("why_recorded"))
        if type(row.get("source", "")) is not str:
            raise fail(("imports", index, "source"), tr("why_string", key="source"))
        events = row.get("events")
        if type(events) is not list or not all(type(e) is str and is_event_id(e) for e in events):
            raise fail(("imports", index, "events"), tr("why_events"))
        batches.append(ImportBatch(row["id"], recorded, row.get("source", ""), tuple(events)))
    return batches


def serialize_imports(plan_id: str, batches: list[ImportBatch], appended: bool) -> bytes:
    """A whole imports file, or (`appended`) just more `[[imports]]` tables to add at its end."""
    import tomli_w

    rows = [{"id": b.id, "recorded": b.recorded, "source": b.source, "events": list(b.events)} for b in batches]
    if appended:
        return ("\n" + tomli_w.dumps({"imports": rows})).encode("utf-8")
    header = "# Các lần nhập (import) của sapa trên máy này: hoàn tác một lần nhập là hoàn tác cả lần đó.\n"
    return (header + tomli_w.dumps({"format": FORMAT_VERSION, "plan": plan_id, "imports": rows})).encode("utf-8")


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


def format_needed(events: list[Event]) -> int:
    """The oldest format that holds these events: readers of format 1 keep reading what needs no more."""
    return 2 if any(e.kind in FORMAT_2_KINDS or e.status in FORMAT_2_STATUSES for e in events) else 1


def serialize(plan_id: str, events: list[Event]) -> bytes:
    """A whole ledger file, events in canonical order."""
    ordered = canonical(events)
    tables = _event_tables(ordered)
    if tables is None:
        import tomli_w

        body = tomli_w.dumps({"format": format_needed(events), "plan": plan_id,
                              "events": [event_record(e) for e in ordered]})
    else:
        body = f"format = {format_needed(events)}\nplan = {_toml_string(plan_id)}\n\n{tables}"
    return (HEADER + body).encode("utf-8")


def raised_format(raw: bytes, events: list[Event]) -> bytes:
    """A format-1 file's bytes, with the header saying format 2 if `events` (to be appended) need it."""
    return _raised_to(raw, format_needed(events))


def _raised_to(raw: bytes, version: int) -> bytes:
    if version > 1:
        if raw.startswith(b"format = 1\n"):
            return b"format = 2\n" + raw[len(b"format = 1\n"):]
        return raw.replace(b"\nformat = 1\n", b"\nformat = 2\n", 1)
    return raw


def serialize_appended(events: list[Event]) -> bytes:
    """More `[[events]]` tables, to add at the end of an existing ledger file."""
    tables = _event_tables(events)
    if tables is None:
        import tomli_w

        tables = tomli_w.dumps({"events": [event_record(e) for e in events]})
    return ("\n" + tables).encode("utf-8")


# What tomli-w writes for a basic string's characters that TOML does not take as they are: the
# short escapes, and \uXXXX (lower-case) for the other control characters; a tab stays.
_TOML_ESCAPES = {**{code: f"\\u{code:04x}" for code in (*range(0x20), 0x7F) if code != 0x09},
                 0x08: "\\b", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_INLINE_WIDTH = 100  # tomli-w writes a list of tables inline when every one fits in this, indented


def _toml_string(text: str) -> str:
    return '"' + text.translate(_TOML_ESCAPES) + '"'


def _event_tables(events: list[Event]) -> str | None:
    """The `[[events]]` tables tomli-w writes for `events`, byte for byte, without importing it (a
    tenth of a `mark`'s start-up); None where tomli-w would write another form (no events; every
    event short enough to go inline, as only another office's short ids can make them), which the
    caller leaves to tomli-w."""
    tables = []
    inline = True
    for event in events:
        pairs = [f"{key} = {_toml_string(value) if type(value) is str else value}"
                 for key, value in event_record(event).items()]
        inline = inline and len(", ".join(pairs)) + 9 <= _INLINE_WIDTH  # "    { " … " },"
        tables.append("[[events]]\n" + "".join(pair + "\n" for pair in pairs))
    return None if inline else "\n".join(tables)


def serialize_in_parts(plan_id: str, raw: bytes | None, parts: Iterable[list[Event]], version: int) -> Iterator[bytes]:
    """What `serialize` (a new file: `raw` None) or `raised_format` and `serialize_appended` (to
    `raw`) give for every event of `parts`, a part at a time: events too many to hold, each part
    in the ledger's order and after the one before, and `version` the format they need. Each
    part is written as `[[events]]` tables, as tomli-w writes any part of more than a few
    events; a part it would write otherwise (short events, as inline tables) is refused."""
    import tomli_w

    if raw is None:
        yield (HEADER + tomli_w.dumps({"format": version, "plan": plan_id})).encode("utf-8")
    else:
        yield _raised_to(raw, version)
    for part in parts:
        body = tomli_w.dumps({"events": [event_record(e) for e in part]})
        if part and not body.startswith("[[events]]\n"):
            raise ValueError("events too short to be written a part at a time")
        yield ("\n" + body).encode("utf-8") if part else b""
