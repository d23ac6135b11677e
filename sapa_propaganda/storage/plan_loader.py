"""Read a plan file, check all of it, and build the `Plan`; the core never sees an invalid plan.

Every problem is collected (not just the first) as `file:line: path: message`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path as FsPath
from typing import Any

from ..core import model
from ..core.dates import MAX_YEAR, MIN_YEAR
from ..core.paper_forms import SYSTEMS
from ..core.periods import parse_period
from ..core.text import close_matches, fold, nfc
from ..errors import PlanError, UsageError
from ..i18n import tr
from .toml_lines import Path, deepest_line, format_path, key_lines, line_of

# The file helper loads only when the plan file is read, not when its cache holds.

FORMAT_VERSION = 1
_UNIT_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_ITEM_ID = re.compile(r"[A-Za-z0-9]+(\.[A-Za-z0-9]+)*")
# A report due up to two years after its period: anything more is a typing slip (1000000 would
# put the deadline past the calendar's end).
MONTHS_AFTER_END = (0, 24)
# Period kinds by length: a report may stand in for one of a shorter kind only (`replaced_by`).
_LENGTHS = {"month": 1, "quarter": 3, "half-year": 6, "nine-months": 9, "annual": 12}

# key -> (type, required). Types: str, int, date, date?, strs, table, tables.
PLAN_KEYS = {
    "id": ("str", True), "title": ("str", True), "issuer": ("str", True),
    "start": ("date", True), "end": ("date", True), "kind": ("str", False),
    "number": ("str", False), "issued": ("date?", False), "place": ("str", False),
    "basis": ("strs", False), "preamble": ("str", False), "closing": ("str", False),
    "recipients": ("strs", False), "signer": ("table", False), "assumptions": ("strs", False),
    "timezone": ("str", False), "warning_days": ("int", False), "office": ("table", False),
    "removed": ("strs", False),
}
SIGNER_KEYS = {"on_behalf": ("str", False), "title": ("str", False), "name": ("str", False)}
# The office that writes the papers for the leaders (report drafts, lists): its names, when they
# differ from the plan's issuer.
OFFICE_KEYS = {
    "above": ("str", False), "name": ("str", False), "symbol": ("str", False),
    "recipients": ("strs", False), "signer_on_behalf": ("str", False), "signer_title": ("str", False),
    "signer_name": ("str", False), "system": ("str", False), "clerk": ("str", False),
}
UNIT_KEYS = {
    "id": ("str", True), "name": ("str", True), "short": ("str", False),
    "aliases": ("strs", False), "parent": ("str", False), "members": ("members", False),
    "note": ("str", False), "renamed_from": ("strs", False),
}
ITEM_KEYS = {
    "id": ("str", True), "kind": ("str", True), "title": ("str", False), "text": ("str", False),
    "original": ("str", False), "units": ("strs", False), "mentions": ("strs", False),
    "partners": ("strs", False),
    "start": ("date", False), "end": ("date", False), "due": ("date", False),
    "note": ("str", False), "warning_days": ("int", False), "renamed_from": ("strs", False),
    "recurs": ("str", False), "day": ("int", False), "months_after_end": ("int", False),
    "first": ("str", False), "last": ("str", False),
    "due_working_days": ("int", False), "after": ("date", False), "move_off_days": ("bool", False),
}
RECURRENCE_KEYS = ("day", "months_after_end", "first", "last")  # a recurring duty's (`recurs`) alone
REPORTING_KEYS = {
    "warning_days": ("int", False), "first": ("str", False), "last": ("str", False),
    "rules": ("tables", True),
}
RULE_KEYS = {
    "id": ("str", True), "kind": ("str", True), "units": ("strs", True), "to": ("strs", True),
    "via": ("str", False), "source": ("str", False), "name": ("str", False),
    "due": ("tables", False), "warning_days": ("int", False), "first": ("str", False), "last": ("str", False),
    "once": ("tables", False), "overrides": ("tables", False), "per_member": ("bool", False),
    "move_off_days": ("bool", False),
}
MEMBER_KEYS = {"id": ("str", True), "name": ("str", True), "aliases": ("strs", False),
               "renamed_from": ("strs", False), "ended": ("date", False), "days_early": ("int", False)}
ONCE_KEYS = {"period": ("str", True), "due": ("date", True), "name": ("str", False)}
OVERRIDE_KEYS = {"period": ("str", True), "due": ("date", True)}
DUE_KEYS = {
    "period": ("str", True), "day": ("int", False), "month": ("int", False),
    "months_after_end": ("int", False), "replaced_by": ("str", False), "working_days": ("int", False),
}
TOP_KEYS = {
    "format": ("int", True), "plan": ("table", True), "units": ("tables", True),
    "items": ("tables", True), "reporting": ("table", False), "calendar": ("table", False),
}


def _is_type(value: Any, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "date":
        return isinstance(value, date) and not isinstance(value, datetime)
    if kind == "date?":
        return value == "" or _is_type(value, "date")
    if kind == "strs":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "table":
        return isinstance(value, dict)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "dates":  # the calendar's declared days
        return isinstance(value, list) and all(_is_type(v, "date") for v in value)
    if kind == "members":  # names, or tables with an id of the clerk's choosing
        return isinstance(value, list) and all(isinstance(v, (str, dict)) for v in value)
    if kind == "tables":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    raise AssertionError(kind)


def _nfc_all(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc_all(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k): _nfc_all(v) for k, v in value.items()}
    return value


class _Checker:
    def __init__(self, filename: str, source: str):
        self.filename = filename
        self.lines = key_lines(source)
        self.problems: list[tuple[int, str]] = []
        self.reasons: list[str] = []  # the same, without where: what a change made by sapa breaks

    def problem(self, path: Path, message: str, /, **params: Any) -> None:
        # Some messages take a `{key}` parameter, which `tr(key, **params)` cannot receive:
        # fetch the template alone and fill it in here.
        # A key missing at the top level has no line of its own: name the file's first line.
        line = line_of(self.lines, path) or 1
        text = tr(message).format(**params) if params else tr(message)
        where = f"{format_path(path)}: " if path else ""
        self.reasons.append(text)
        self.problems.append((line, f"{self.filename}:{line}: {where}{text}"))

    def table(self, data: dict[str, Any], spec: dict[str, tuple[str, bool]], path: Path) -> dict[str, Any]:
        """Check keys and types of one table; return only the well-typed values."""
        good: dict[str, Any] = {}
        for key, value in data.items():
            if key not in spec:
                hint = close_matches(key, list(spec), limit=1)
                self.problem(path + (key,), "plan_unknown_key", key=key,
                             hint=tr("did_you_mean", options=hint[0]) if hint else "")
            elif not _is_type(value, spec[key][0]):
                self.problem(path + (key,), "plan_wrong_type", expected=tr("type_" + spec[key][0]))
            elif (isinstance(value, date) and not MIN_YEAR <= value.year <= MAX_YEAR) or (
                    spec[key][0] == "dates" and any(not MIN_YEAR <= v.year <= MAX_YEAR for v in value)):
                if isinstance(value, list):  # the calendar's days: the first one out of range
                    value = next(v for v in value if not MIN_YEAR <= v.year <= MAX_YEAR)
                # A year 1 or 9999 passes TOML, then breaks every date computed from it.
                self.problem(path + (key,), "date_bad_year", value=value.isoformat(), year=value.year,
                             low=MIN_YEAR, high=MAX_YEAR)
            elif spec[key][1] and value in ("", []):
                self.problem(path + (key,), "plan_empty", key=key)
            else:
                good[key] = value
        for key, (_kind, required) in spec.items():
            if required and key not in data:
                self.problem(path, "plan_missing", key=key)
        return good

    def tables(self, rows: list[dict[str, Any]], spec: dict[str, tuple[str, bool]],
               name: Path) -> list[tuple[Path, dict[str, Any]]]:
        return [(name + (i,), self.table(row, spec, name + (i,))) for i, row in enumerate(rows)]

    def unique(self, rows: list[tuple[Path, dict[str, Any]]], what: str) -> None:
        seen: dict[str, Path] = {}
        for path, row in rows:
            if "id" not in row:
                continue
            if row["id"] in seen:
                self.problem(path + ("id",), "plan_duplicate_id", what=what, id=row["id"],
                             first=format_path(seen[row["id"]]))
            else:
                seen[row["id"]] = path

    def refs(self, path: Path, ids: list[str], known: set[str], what: str) -> None:
        for ref in ids:
            if ref not in known:
                hint = close_matches(ref, sorted(known), limit=3)
                self.problem(path, "plan_unknown_ref", what=tr(what), id=ref,
                             hint=tr("did_you_mean", options=", ".join(hint)) if hint else "")

    def span(self, path: Path, row: dict[str, Any], start: str = "start", end: str = "end") -> None:
        if start in row and end in row and row[end] < row[start]:
            self.problem(path + (end,), "plan_end_before_start", end=row[end], start=row[start])


def load_plan(path: str | FsPath, known_units: tuple[model.Unit, ...] = (),
              calendar: model.Calendar | None = None) -> model.Plan:
    """Read and validate a plan file; raise PlanError listing every problem found. `calendar`:
    the office's (calendar.toml), under the plan's own `[calendar]`."""
    from .safe_files import open_regular

    filename = str(path)
    try:
        # The plan the user names may be a link (followed on purpose), but never a FIFO to wait on.
        raw = open_regular(os.path.realpath(path))
    except FileNotFoundError:
        raise UsageError("plan_not_found", path=filename) from None
    except OSError as err:
        raise UsageError("plan_unreadable", path=filename, reason=err.strerror or str(err)) from None
    return parse_plan(decoded(raw, filename), filename, known_units, calendar)


def load_calendar(path: str) -> model.Calendar | None:
    """The office's calendar.toml (storage.calendar_file), checked: PlanError naming every problem
    at its `file:line`; None when there is none."""
    from .calendar_file import check_calendar, over
    from .safe_files import open_regular

    try:
        raw = open_regular(path)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise UsageError("plan_unreadable", path=path, reason=err.strerror or str(err)) from None
    source = decoded(raw, path)
    data = toml_data(source, path)
    checker = _Checker(path, source)
    top = checker.table(data, {"format": ("int", False), "calendar": ("table", False)}, ())
    if top.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        checker.problem(("format",), "plan_format_bad", found=top.get("format"), known=FORMAT_VERSION)
    given = check_calendar(top.get("calendar", {}), checker)
    if checker.problems:
        checker.problems.sort(key=lambda p: p[0])
        raise PlanError([text for _line, text in checker.problems])
    return over(model.Calendar(), given)


def decoded(raw: bytes, filename: str) -> str:
    """A plan-like file's text; PlanError at the line of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise PlanError([f"{filename}:{line}: {tr('plan_not_utf8')}"]) from None


def parse_plan(source: str, filename: str = "<plan>", known_units: tuple[model.Unit, ...] = (),
               calendar: model.Calendar | None = None) -> model.Plan:
    """`known_units`: the office roster's units, which the plan may name by id without defining
    them; its own definition of a unit wins. `calendar`: the office's, under the plan's own."""
    data = toml_data(source, filename)
    checker = _Checker(filename, source)
    plan = _check_and_build(data, checker, filename, known_units, calendar)
    if checker.problems:
        checker.problems.sort(key=lambda p: p[0])
        raise PlanError([text for _line, text in checker.problems])
    assert plan is not None
    return plan


def toml_data(source: str, filename: str) -> dict[str, Any]:
    """The TOML of a plan or the roster, NFC throughout; PlanError at the line (and column) of a
    syntax error."""
    try:
        return _nfc_all(tomllib.loads(source))  # type: ignore[no-any-return]
    except RecursionError:
        # `x = [[[…]]]` a few hundred deep exhausts tomllib's recursion (and a dotted key
        # a.a.a… thousands long, that of _nfc_all). No plan nests more than a few levels, and
        # both recurse in pure Python, so the error arrives cleanly whatever the stack depth.
        raise PlanError([f"{filename}:{deepest_line(source)}: {tr('too_deep')}"]) from None
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        position = f"{where.group(1)}:{where.group(2)}" if where else "1"
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        if "(at end of document)" in message:
            position = str(source.count("\n") + 1)
            reason = re.sub(r"\s*\(at end of document\)", "", reason)
        raise PlanError([f"{filename}:{position}: {tr('plan_syntax', reason=reason)}"]) from None


def _check_and_build(data: dict[str, Any], c: _Checker, filename: str,
                     known_units: tuple[model.Unit, ...] = (),
                     office_calendar: model.Calendar | None = None) -> model.Plan | None:
    top = c.table(data, TOP_KEYS, ())
    if "format" in top and top["format"] != FORMAT_VERSION:
        key = "plan_format_newer" if top["format"] > FORMAT_VERSION else "plan_format_bad"
        c.problem(("format",), key, found=top["format"], known=FORMAT_VERSION)
        return None
    meta = c.table(top.get("plan", {}), PLAN_KEYS, ("plan",))
    if meta.get("warning_days", 0) < 0:
        c.problem(("plan", "warning_days"), "plan_negative", value=meta["warning_days"])
    if "id" in meta and not model.is_plan_id(meta["id"]):  # it names the ledger's folder
        c.problem(("plan", "id"), "plan_bad_plan_id", id=meta["id"])
    signer = c.table(meta.get("signer", {}), SIGNER_KEYS, ("plan", "signer"))
    office = c.table(meta.get("office", {}), OFFICE_KEYS, ("plan", "office"))
    if office.get("system", "party") not in SYSTEMS:
        c.problem(("plan", "office", "system"), "plan_bad_office_system", value=office["system"],
                  known=", ".join(SYSTEMS))
    c.span(("plan",), meta)

    units = c.tables(top.get("units", []), UNIT_KEYS, ("units",))
    c.unique(units, tr("what_unit"))
    own_ids = {row["id"] for _p, row in units if "id" in row}
    roster = {u.id: u for u in known_units if u.id not in own_ids}
    unit_ids = own_ids | set(roster)
    for path, row in units:
        if "id" in row and not _UNIT_ID.fullmatch(row["id"]):
            c.problem(path + ("id",), "plan_bad_unit_id", id=row["id"])
        if "parent" in row:
            c.refs(path + ("parent",), [row["parent"]], unit_ids, "what_unit")
    _check_unit_names(units, c)
    _check_renamed(units, "what_unit", _UNIT_ID, "plan_bad_unit_id", c)
    members = {row["id"]: _check_members(path, row.get("members", []), c) for path, row in units if "id" in row}

    calendar = office_calendar or model.Calendar()
    if "calendar" in top:
        from .calendar_file import check_calendar, over

        calendar = over(calendar, check_calendar(top["calendar"], c))

    items = c.tables(top.get("items", []), ITEM_KEYS, ("items",))
    c.unique(items, tr("what_item"))
    _check_renamed(items, "what_item", _ITEM_ID, "plan_bad_item_id", c)
    built_items = _check_items(items, unit_ids, c, calendar, meta.get("start"))
    occurrences = _occurrences(items, built_items, meta, c, calendar)
    _check_removed(meta.get("removed", []), items, c)

    reporting = None
    if "reporting" in top:
        item_ids = {row["id"] for _p, row in items if "id" in row}
        reporting = _check_reporting(top["reporting"], unit_ids, item_ids, c)

    if c.problems:
        return None
    return model.Plan(
        id=meta["id"], title=meta["title"], issuer=meta["issuer"],
        start=meta["start"], end=meta["end"],
        units=tuple(
            model.Unit(id=r["id"], name=r["name"], short=r.get("short", ""),
                       aliases=tuple(r.get("aliases", ())), parent=r.get("parent"),
                       members=members[r["id"]], note=r.get("note", ""),
                       renamed_from=tuple(r.get("renamed_from", ())))
            for _p, r in units
        ) + _roster_units_named(roster, built_items, reporting, units),
        items=tuple(built_items),
        reporting=reporting,
        occurrences=occurrences,
        kind=meta.get("kind", ""), number=meta.get("number", ""),
        issued=meta.get("issued") or None, place=meta.get("place", ""),
        basis=tuple(meta.get("basis", ())), preamble=meta.get("preamble", ""),
        closing=meta.get("closing", ""), recipients=tuple(meta.get("recipients", ())),
        signer=model.Signer(**signer),
        office=model.Office(**(office | {"recipients": tuple(office.get("recipients", ()))})),
        assumptions=tuple(meta.get("assumptions", ())), removed=tuple(meta.get("removed", ())),
        # A plan of format 1 set the window in [reporting] only, and it held for every deadline.
        source=filename, warning_days=meta.get("warning_days", reporting.warning_days if reporting and
                                                reporting.warning_days is not None else model.DEFAULT_WARNING_DAYS),
        calendar=calendar,
    )


def _check_unit_names(units: list[tuple[Path, dict[str, Any]]], c: _Checker) -> None:
    """Two units answering to the same folded name would make `--unit` ambiguous forever."""
    owner: dict[str, str] = {}
    for path, row in units:
        if "id" not in row:
            continue
        # In file order, each name reported at its own key (a set here made the order random).
        names = [("id", row["id"]), ("name", row.get("name", "")), ("short", row.get("short", "")),
                 *(("aliases", alias) for alias in row.get("aliases", ()))]
        for key, name in names:
            if not name:
                continue
            folded = fold(name)
            other = owner.setdefault(folded, row["id"])
            if other != row["id"]:
                c.problem(path + (key,), "plan_name_clash", name=name, other=other)


def _roster_units_named(roster: dict[str, model.Unit], items: list[model.Item], reporting: model.Reporting | None,
                        units: list[tuple[Path, dict[str, Any]]]) -> tuple[model.Unit, ...]:
    """The roster's units the plan names without defining them, in the roster's order, with the
    roster's units above them that they name as parent."""
    named = {u for i in items for u in (*i.units, *i.mentions, *i.partners)}
    for rule in reporting.rules if reporting else ():
        named |= {*rule.units, *rule.to, *((rule.via,) if rule.via else ())}
    named |= {row["parent"] for _p, row in units if row.get("parent")}
    wanted = set()
    for unit_id in named & set(roster):
        while unit_id in roster and unit_id not in wanted:
            wanted.add(unit_id)
            unit_id = roster[unit_id].parent or ""
    known = wanted | {row["id"] for _p, row in units if "id" in row}
    return tuple(u if u.parent is None or u.parent in known else model.Unit(
        u.id, u.name, u.short, u.aliases, None, u.members, u.note, renamed_from=u.renamed_from)
        for u in roster.values() if u.id in wanted)


def member_id_of(name: str) -> str:
    """The id a member listed by name alone gets: its name folded, words joined by '-'
    ("Chi bộ Tả Van" is `chi-bo-ta-van`)."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in fold(name)).split())


def _check_renamed(rows: list[tuple[Path, dict[str, Any]]], what: str, pattern: re.Pattern[str], bad_id: str,
                   c: _Checker) -> None:
    """`renamed_from`: the earlier ids of a unit, member or item, whose history in the ledger is its
    own. Each must have the form of an id, be in use no more, and go to one unit (member, item) only:
    otherwise an event under it would belong to two."""
    current = {row["id"]: path for path, row in rows if "id" in row}
    claimed: dict[str, Path] = {}
    for path, row in rows:
        for old in row.get("renamed_from", ()):
            where = path + ("renamed_from",)
            if not pattern.fullmatch(old):
                c.problem(where, bad_id, id=old)
            elif old in current:
                c.problem(where, "plan_renamed_current", what=tr(what), id=old, first=format_path(current[old]))
            elif claimed.setdefault(old, path) != path:  # the same one listing it twice is harmless
                c.problem(where, "plan_renamed_twice", what=tr(what), id=old, first=format_path(claimed[old]))


def _check_removed(removed: list[str], items: list[tuple[Path, dict[str, Any]]], c: _Checker) -> None:
    """`removed`: items taken out of the plan on purpose, whose events stay in the ledger and in
    `history`. Each must have an item's form and be no item of the plan, nor an earlier id of one."""
    current = {row["id"]: path for path, row in items if "id" in row}
    earlier = {old: path for path, row in items for old in row.get("renamed_from", ())}
    for index, item_id in enumerate(removed):
        where: Path = ("plan", "removed", index)
        if not _ITEM_ID.fullmatch(item_id):
            c.problem(where, "plan_bad_item_id", id=item_id)
        elif item_id in current:
            c.problem(where, "plan_removed_current", id=item_id, first=format_path(current[item_id]))
        elif item_id in earlier:
            c.problem(where, "plan_removed_renamed", id=item_id, first=format_path(earlier[item_id]))


def _check_members(path: Path, rows: list[Any], c: _Checker) -> tuple[model.Member, ...]:
    built: list[model.Member] = []
    ids: list[tuple[Path, dict[str, Any]]] = []  # for the renames: each member's id and earlier ids
    seen: dict[str, str] = {}  # folded name or id -> the member's id
    for index, row in enumerate(rows):
        where = path + ("members", index)
        if isinstance(row, str):
            member = model.Member(member_id_of(row), row) if row.strip() else None
            if member is None:
                c.problem(where, "plan_empty", key="members")
        else:
            table = c.table(row, MEMBER_KEYS, where)
            member = None
            if "id" in table and not _UNIT_ID.fullmatch(table["id"]):
                c.problem(where + ("id",), "plan_bad_member_id", id=table["id"])
            elif "id" in table and "name" in table:
                member = model.Member(table["id"], table["name"], tuple(table.get("aliases", ())),
                                      tuple(table.get("renamed_from", ())), table.get("ended"),
                                      table.get("days_early", 0))
                if not 0 <= member.days_early <= 366:
                    c.problem(where + ("days_early",), "plan_bad_days_early", value=member.days_early)
        if member is None:
            continue
        if any(m.id == member.id for m in built):
            first = next(n for n, m in enumerate(built) if m.id == member.id)
            c.problem(where, "plan_duplicate_id", what=tr("what_member"), id=member.id,
                      first=format_path((*path, "members", first)))
            continue
        for name in (member.id, member.name, *member.aliases):
            other = seen.setdefault(fold(name), member.id)
            if other != member.id:
                c.problem(where, "plan_member_clash", name=name, other=other)
        built.append(member)
        ids.append((where, {"id": member.id, "renamed_from": member.renamed_from}))
    _check_renamed(ids, "what_member", _UNIT_ID, "plan_bad_member_id", c)
    return tuple(built)


def _check_items(items: list[tuple[Path, dict[str, Any]]], unit_ids: set[str], c: _Checker,
                 calendar: model.Calendar | None = None, plan_start: date | None = None) -> list[model.Item]:
    built: dict[str, model.Item] = {}
    for path, row in items:
        item_id = row.get("id")
        if item_id is None:
            continue
        if not _ITEM_ID.fullmatch(item_id):
            c.problem(path + ("id",), "plan_bad_item_id", id=item_id)
            continue
        kind = row.get("kind")
        if kind is not None and kind not in model.ITEM_KINDS:
            c.problem(path + ("kind",), "plan_bad_choice", value=kind, choices=", ".join(model.ITEM_KINDS))
        if kind == "section" and not row.get("title"):
            c.problem(path, "plan_missing", key="title")
        if kind not in (None, "section") and not row.get("text"):
            c.problem(path, "plan_missing", key="text")
        parent_id = item_id.rsplit(".", 1)[0] if "." in item_id else None
        parent = built.get(parent_id) if parent_id else None
        if parent_id and parent is None:
            c.problem(path + ("id",), "plan_orphan_item", id=item_id, parent=parent_id)
        c.refs(path + ("units",), row.get("units", []), unit_ids, "what_unit")
        c.refs(path + ("mentions",), row.get("mentions", []), unit_ids, "what_unit")
        c.refs(path + ("partners",), row.get("partners", []), unit_ids, "what_unit")
        c.span(path, row)
        if row.get("warning_days", 0) < 0:
            c.problem(path + ("warning_days",), "plan_negative", value=row["warning_days"])
        units = tuple(row.get("units", ())) or (parent.units if parent else ())
        days = calendar or model.Calendar()
        if "due_working_days" in row:
            row = row | {"due": _working_due(path, row, parent, days, plan_start, c)}
        elif isinstance(row.get("due"), date) and row.get("move_off_days", days.move_off_days):
            row = row | {"due": _moved_off(days, row["due"])}
        if kind == "duty" and not units:
            c.problem(path, "plan_duty_without_unit", id=item_id)
        _check_recurrence(path, row, c)
        item = model.Item(
            id=item_id, kind=kind or "paragraph", parent=parent_id,
            title=row.get("title", ""), text=row.get("text", ""), original=row.get("original", ""),
            units=units, mentions=tuple(row.get("mentions", ())), partners=tuple(row.get("partners", ())),
            start=row.get("start", parent.start if parent else None),
            end=row.get("end", parent.end if parent else None),
            due=row.get("due", parent.due if parent else None),
            note=row.get("note", ""), line=line_of(c.lines, path),
            warning_days=row.get("warning_days", parent.warning_days if parent else None),
            renamed_from=tuple(row.get("renamed_from", ())),
            recurs=row.get("recurs", ""), day=row.get("day", 0), months_after_end=row.get("months_after_end", 0),
            first=row.get("first", ""), last=row.get("last", ""),
        )
        built.setdefault(item_id, item)
    return list(built.values())


def _check_recurrence(path: Path, row: dict[str, Any], c: _Checker) -> None:
    """A recurring duty's keys: `recurs` a period kind, with `day`; no `due` of its own; and
    `day`, `months_after_end`, `first`, `last` only with `recurs`."""
    recurs = row.get("recurs")
    if recurs is None:
        for key in RECURRENCE_KEYS:
            if key in row:
                c.problem(path + (key,), "plan_needs_recurs", key=key)
        return
    if recurs not in model.RECUR_KINDS:
        c.problem(path + ("recurs",), "plan_bad_choice", value=recurs, choices=", ".join(model.RECUR_KINDS))
    if row.get("kind") not in model.TRACKED_KINDS:
        c.problem(path + ("recurs",), "plan_recurs_untracked", kind=row.get("kind", ""))
    if "due" in row:
        c.problem(path + ("due",), "plan_recurs_with_due")
    if "day" not in row:
        c.problem(path, "plan_missing", key="day")
    elif not 1 <= row["day"] <= 31:
        c.problem(path + ("day",), "plan_bad_day", value=row["day"])
    low, high = MONTHS_AFTER_END
    if not low <= row.get("months_after_end", 0) <= high:
        c.problem(path + ("months_after_end",), "plan_bad_months_after_end", value=row["months_after_end"],
                  low=low, high=high)
    for key in ("first", "last"):
        if key in row:
            period = _checked(parse_period, row[key], c, path + (key,))
            if period is not None and recurs in model.RECUR_KINDS and period.kind != recurs:
                c.problem(path + (key,), "plan_recurs_period_kind", period=row[key], kind=recurs)


def _occurrences(rows: list[tuple[Path, dict[str, Any]]], items: list[model.Item], meta: dict[str, Any],
                 c: _Checker, calendar: model.Calendar) -> tuple[model.Item, ...]:
    """Every occurrence of the recurring duties, once they are valid; a duty with none is a problem.
    An occurrence due on a day off moves on as a duty's own date does (`move_off_days`)."""
    if c.problems or not any(i.recurs for i in items):
        return ()
    from ..core.recurrence import occurrences

    by_id = {row.get("id"): (path, row) for path, row in rows}
    found: list[model.Item] = []
    for item in items:
        if item.recurs:
            path, row = by_id[item.id]
            each = occurrences(item, meta["start"], meta["end"])
            if not each:
                c.problem(path, "plan_recurs_never", id=item.id)
            if row.get("move_off_days", calendar.move_off_days):
                each = [o.replace(due=_moved_off(calendar, o.due)) if o.due else o for o in each]
            found += each
    return tuple(found)


def _moved_off(calendar: model.Calendar, due: date) -> date:
    """A duty's date on a day off, moved to the next working day (BLDS 2015, Điều 148), where the
    plan's `[calendar]` or the duty itself (`move_off_days`) says so."""
    from ..core.workdays import next_working_day

    return next_working_day(calendar, due)


def _working_due(path: Path, row: dict[str, Any], parent: model.Item | None, calendar: model.Calendar,
                 start: date | None, c: _Checker) -> date | None:
    """`due_working_days = 5`: the fifth working day after `after`, else after the item's start
    (its own or inherited), else after the plan's."""
    count = row["due_working_days"]
    if "due" in row:
        c.problem(path + ("due_working_days",), "plan_due_and_working_days")
    elif not 1 <= count <= 366:
        c.problem(path + ("due_working_days",), "plan_bad_working_days", value=count)
    else:
        after = row.get("after", row.get("start", parent.start if parent and parent.start else start))
        if after is not None:
            from ..core.workdays import add_working_days

            return add_working_days(calendar, after, count)
    return None


def _check_reporting(data: dict[str, Any], unit_ids: set[str], item_ids: set[str],
                     c: _Checker) -> model.Reporting | None:
    rep = c.table(data, REPORTING_KEYS, ("reporting",))
    if "warning_days" in rep and rep["warning_days"] < 0:
        c.problem(("reporting", "warning_days"), "plan_negative", value=rep["warning_days"])
    periods = {}
    for key in ("first", "last"):
        if key in rep:
            periods[key] = _checked(parse_period, rep[key], c, ("reporting", key))
    if periods.get("first") and periods.get("last") and periods["last"] < periods["first"]:
        c.problem(("reporting", "last"), "plan_end_before_start", end=rep["last"], start=rep["first"])
    rules = c.tables(rep.get("rules", []), RULE_KEYS, ("reporting", "rules"))
    c.unique(rules, tr("what_rule"))
    built: list[model.ReportRule] = []
    once_ids: set[str] = set()
    for path, rule in rules:
        if "kind" in rule and rule["kind"] not in model.RULE_KINDS:
            c.problem(path + ("kind",), "plan_bad_choice", value=rule["kind"], choices=", ".join(model.RULE_KINDS))
        for key in ("units", "to"):
            c.refs(path + (key,), rule.get(key, []), unit_ids, "what_unit")
        if "via" in rule:
            c.refs(path + ("via",), [rule["via"]], unit_ids, "what_unit")
        if rule.get("source") not in (None, "", "closing"):
            c.refs(path + ("source",), [rule["source"]], item_ids, "what_item")
        if rule.get("warning_days", 0) < 0:
            c.problem(path + ("warning_days",), "plan_negative", value=rule["warning_days"])
        dues = c.tables(rule.get("due", []), DUE_KEYS, path + ("due",))
        seen_periods: set[str] = set()
        for due_path, due in dues:
            _check_due(due_path, due, seen_periods, c)
        for key in ("first", "last"):
            if key in rule:
                _checked(parse_period, rule[key], c, path + (key,))
        once = c.tables(rule.get("once", []), ONCE_KEYS, path + ("once",))
        for once_path, row in once:
            if "period" in row:
                _check_once_id(once_path + ("period",), row["period"], once_ids, c)
        overrides = c.tables(rule.get("overrides", []), OVERRIDE_KEYS, path + ("overrides",))
        for override_path, row in overrides:
            period = _checked(parse_period, row["period"], c, override_path + ("period",)) if "period" in row else None
            if period is not None and period.kind not in seen_periods:
                c.problem(override_path + ("period",), "plan_override_kind", period=row["period"],
                          kinds=", ".join(sorted(seen_periods)) or "—")
            elif period is not None and not _within_span(period, rule, rep):
                c.problem(override_path + ("period",), "plan_override_outside", period=row["period"],
                          first=rule.get("first") or rep.get("first"), last=rule.get("last") or rep.get("last"))
        for due_path, due in dues:
            standin = due.get("replaced_by")
            if standin is not None and (standin not in model.PERIOD_KINDS or due.get("period") not in model.PERIOD_KINDS
                                        or _LENGTHS[standin] <= _LENGTHS[due["period"]]):
                c.problem(due_path + ("replaced_by",), "plan_bad_replaced_by", value=standin,
                          period=due.get("period", ""))
        if not dues and not once:
            c.problem(path, "plan_rule_owes_nothing")
        if dues and not all(rule.get(key) or rep.get(key) for key in ("first", "last")):
            c.problem(path, "plan_rule_needs_span")
        if all(k in rule for k in ("id", "kind", "units", "to")):
            built.append(model.ReportRule(
                id=rule["id"], kind=rule["kind"], units=tuple(rule["units"]), to=tuple(rule["to"]),
                via=rule.get("via"), source=rule.get("source", ""), name=rule.get("name", ""),
                warning_days=rule.get("warning_days"), first=rule.get("first", ""), last=rule.get("last", ""),
                due=tuple(model.DueRule(period=d.get("period", ""), day=d.get("day", 1),
                                        month=d.get("month"), months_after_end=d.get("months_after_end"),
                                        replaced_by=d.get("replaced_by", ""),
                                        working_days=d.get("working_days"))
                          for _p, d in dues),
                once=tuple(model.OneTimeReport(o["period"], o["due"], o.get("name", ""))
                           for _p, o in once if "period" in o and "due" in o),
                overrides=tuple(model.DueOverride(o["period"], o["due"]) for _p, o in overrides
                                if "period" in o and "due" in o),
                per_member=rule.get("per_member", False), move_off_days=rule.get("move_off_days"),
            ))
    return model.Reporting(rep.get("warning_days"), rep.get("first", ""), rep.get("last", ""), tuple(built))


def _within_span(period: Any, rule: dict[str, Any], rep: dict[str, Any]) -> bool:
    """Whether a period lies between the rule's (or the section's) first and last: the obligations
    are worked out there, and an override elsewhere would change nothing."""
    try:
        first = parse_period(rule.get("first") or rep.get("first", ""))
        last = parse_period(rule.get("last") or rep.get("last", ""))
    except UsageError:
        return True  # reported where first or last is
    return bool(first.end <= period.end <= last.end)


def _check_once_id(path: Path, period: str, seen: set[str], c: _Checker) -> None:
    """A one-time report's period id: a name of the plan's own (`ket-qua`), not one that reads as a
    period of the calendar, and used once in the plan."""
    try:
        parse_period(period)
        calendar = True
    except UsageError:
        calendar = False
    if calendar or not _UNIT_ID.fullmatch(period):
        c.problem(path, "plan_bad_once_id", id=period)
    elif period in seen:
        c.problem(path, "plan_duplicate_once", id=period)
    seen.add(period)


def _check_due(path: Path, due: dict[str, Any], seen: set[str], c: _Checker) -> None:
    period = due.get("period")
    if period is not None:
        if period not in model.PERIOD_KINDS:
            c.problem(path + ("period",), "plan_bad_choice", value=period, choices=", ".join(model.PERIOD_KINDS))
        elif period in seen:
            c.problem(path + ("period",), "plan_duplicate_due", period=period)
        else:
            seen.add(period)
    if "working_days" in due:  # so many working days after the period ends, and nothing else
        if not 1 <= due["working_days"] <= 366:
            c.problem(path + ("working_days",), "plan_bad_working_days", value=due["working_days"])
        for key in ("day", "month", "months_after_end"):
            if key in due:
                c.problem(path + (key,), "plan_due_working_days_alone", key=key)
        return
    if "day" not in due:
        c.problem(path, "plan_missing", key="day")
    if "day" in due and not 1 <= due["day"] <= 31:
        c.problem(path + ("day",), "plan_bad_day", value=due["day"])
    has_month, has_after = "month" in due, "months_after_end" in due
    if has_month == has_after:
        c.problem(path, "plan_due_month_xor")
    if has_month and not 1 <= due["month"] <= 12:
        c.problem(path + ("month",), "plan_bad_month", value=due["month"])
    if has_month and period == "month":
        c.problem(path + ("month",), "plan_month_fixed_month")
    low, high = MONTHS_AFTER_END
    if has_after and not low <= due["months_after_end"] <= high:
        c.problem(path + ("months_after_end",), "plan_bad_months_after_end", value=due["months_after_end"],
                  low=low, high=high)


def _checked(parse: Callable[[str], Any], value: str, c: _Checker, path: Path) -> Any:
    try:
        return parse(value)
    except UsageError as err:
        c.problem(path, err.key, **err.params)
        return None
