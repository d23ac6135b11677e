"""The office's roster: its units and their members (its 30 chi bộ, its mass organisations),
entered once in the workspace (DATA/_workspace/roster.toml) and shared by every plan.

A plan's units resolve against it by id: the plan's own definition of a unit wins where both
exist, and a unit's members come from the roster when the plan lists none, so per-member reports
work in every plan. A unit a plan renamed (`renamed_from`) is still the roster's unit of its old id.
The file is TOML read as data only, checked like a plan; a damaged roster is damaged data, as a
damaged workspace.toml is (LedgerError, exit 5, every problem with its real `file:line`). It is
written atomically under a lock by `sapa roster …`, so the clerk need not edit it by hand; a
change that would make it invalid is refused as a bad argument (exit 2), and nothing is written.

A member is never deleted: `roster remove-member` records the day it left (`ended`), after which
it owes no new report; what it sent, and its history, stay.
"""

from __future__ import annotations

import os

from ..core.datetime_types import date
from ..core.model import Member, Plan, Unit
from ..core.record import Record
from ..errors import LedgerError, PlanError, UsageError
from ..i18n import tr
from .workspace import FOLDER, ROSTER_FILE, ROSTER_TOPIC, roster_sources

# Type names only: `typing` costs start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .plan_loader import _Checker

_DAY = date(2000, 1, 1)  # a roster is of no day: the dates of a Plan made of it, to match names in
FORMAT_VERSION = 1


class RosterDamaged(LedgerError):
    """The roster file is damaged: damaged data, as a damaged workspace.toml is (exit 5). Every
    problem is said on a line of its own, with its real `file:line`."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("roster_damaged")

    def __str__(self) -> str:
        return "\n".join([tr("roster_damaged"), *self.problems])


class Roster(Record):
    units: tuple[Unit, ...] = ()

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def same_body(self, unit: Unit) -> Unit | None:
        """The roster's unit that a plan's `unit` is: the one of its id, else one it was renamed
        from (`renamed_from`, on either side)."""
        found = self.unit(unit.id)
        for old in unit.renamed_from:
            found = found or self.unit(old)
        return found or next((u for u in self.units if unit.id in u.renamed_from), None)


def roster_path(data_dir: str) -> str:
    return os.path.join(data_dir, FOLDER, ROSTER_FILE)


# The changes `sapa roster …` records (storage.journal): the fields of one unit, or of one member.
CHANGE_KINDS = {
    "unit": {"unit": "id", "name": "str", "short": "str", "aliases": "strs", "parent": "str", "note": "str",
             "renamed_from": "ids"},
    "member": {"unit": "id", "member": "id", "name": "str", "aliases": "strs", "renamed_from": "ids",
               "ended": "date"},
}
_UNIT_FIELDS = ("name", "short", "aliases", "parent", "note", "renamed_from")
_MEMBER_FIELDS = ("name", "aliases", "renamed_from", "ended")


def load_roster(data_dir: str) -> Roster:
    """The roster, checked; an empty one when there is none."""
    return read_roster_sources(data_dir, roster_sources(data_dir))


def read_roster_sources(data_dir: str, sources: tuple[str, ...]) -> Roster:
    """roster.toml, if among `sources`, with every machine's changes applied in order."""
    from . import journal

    base = roster_path(data_dir)
    roster = read_roster(base) if base in sources else Roster()
    if len(sources) > (base in sources):
        roster = apply_changes(roster, journal.read_changes(data_dir, ROSTER_TOPIC, CHANGE_KINDS))
    return roster


def apply_changes(roster: Roster, changes: list[Any]) -> Roster:
    """The roster after `changes` (storage.journal.Change), in order: each sets the fields it names
    of one unit or member, making it if it is new; a member's change for a unit not (yet) known
    makes the unit, named by its id until its own change arrives."""
    units = {u.id: u for u in roster.units}
    order = [u.id for u in roster.units]
    for change in changes:
        fields = change.fields
        unit_id = fields["unit"]
        known = units.get(unit_id)
        if known is None:
            known = Unit(unit_id, str(fields.get("name", unit_id)) if change.kind == "unit" else unit_id)
            order.append(unit_id)
        if change.kind == "unit":
            known = known.replace(**{k: fields[k] or None if k == "parent" else fields[k]
                                     for k in _UNIT_FIELDS if k in fields})
        else:
            member_id = fields["member"]
            found = next((m for m in known.members if m.id == member_id), None)
            values = {k: fields[k] for k in _MEMBER_FIELDS if k in fields}
            if found is None:
                members = (*known.members, Member(member_id, str(values.pop("name", member_id))).replace(**values))
            else:
                members = tuple(m.replace(**values) if m.id == member_id else m for m in known.members)
            known = known.replace(members=members)
        units[unit_id] = known
    return Roster(tuple(units[i] for i in order))


def roster_changes(before: Roster, after: Roster, recorded: Any) -> list[Any]:
    """What `after` changed of `before`, as changes to record: a new unit or member with every
    field it has, one changed with only the fields that differ (so that another machine's change
    to its other fields meanwhile stands). A roster never loses a unit or a member (a member
    leaves by `ended`), so nothing else can differ."""
    from .journal import new_change

    def differing(new: Any, old: Any, names: tuple[str, ...]) -> dict[str, Any]:
        if old is None:
            return {k: getattr(new, k) for k in names if getattr(new, k) not in (None, "", ())}
        return {k: "" if getattr(new, k) is None else getattr(new, k) for k in names
                if getattr(new, k) != getattr(old, k)}

    changes = []
    for unit in after.units:
        old = before.unit(unit.id)
        fields = differing(unit, old, _UNIT_FIELDS)
        if fields or old is None:
            changes.append(new_change(recorded, "unit", unit=unit.id, **fields))
        for member in unit.members:
            was = next((m for m in old.members if m.id == member.id), None) if old else None
            fields = differing(member, was, _MEMBER_FIELDS)
            if fields or was is None:
                changes.append(new_change(recorded, "member", unit=unit.id, member=member.id, **fields))
    return changes


def read_roster(path: str) -> Roster:
    """The roster file, checked (FileNotFoundError when there is none); never through a link."""
    from .safe_files import open_regular

    try:
        raw = open_regular(path)
    except FileNotFoundError:
        raise
    except OSError as err:
        raise UsageError("workspace_unreadable", path=path, reason=err.strerror or str(err)) from None
    return parse_roster(raw, path)


def parse_roster(raw: bytes, path: str) -> Roster:
    """The roster file, checked: LedgerError naming every problem at its `file:line`."""
    roster, checker = _checked(raw, path)
    if checker.problems:
        checker.problems.sort(key=lambda p: p[0])
        raise RosterDamaged([text for _line, text in checker.problems])
    return roster


def _checked(raw: bytes, path: str) -> tuple[Roster, _Checker]:
    """A roster is a plan's `format` and `[[units]]` alone: the same keys, the same checks. The
    roster as far as it could be built, and the checker holding the problems found."""
    from .plan_loader import (
        _UNIT_ID,
        UNIT_KEYS,
        _check_members,
        _check_renamed,
        _check_unit_names,
        _Checker,
        decoded,
        toml_data,
    )

    try:
        source = decoded(raw, path)
        data = toml_data(source, path)
    except PlanError as err:  # not UTF-8, not TOML, nested too deep: at its line
        raise RosterDamaged(err.problems) from None
    checker = _Checker(path, source)
    top = checker.table(data, {"format": ("int", True), "units": ("tables", False)}, ())
    if top.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        checker.problem(("format",), "plan_format_bad", found=top.get("format"), known=FORMAT_VERSION)
    units = checker.tables(top.get("units", []), UNIT_KEYS, ("units",))
    checker.unique(units, "unit")
    for unit_path, row in units:
        if "id" in row and not _UNIT_ID.fullmatch(row["id"]):
            checker.problem(unit_path + ("id",), "plan_bad_unit_id", id=row["id"])
    _check_unit_names(units, checker)
    _check_renamed(units, "what_unit", _UNIT_ID, "plan_bad_unit_id", checker)
    built = []
    for unit_path, row in units:
        members = _check_members(unit_path, row.get("members", []), checker)
        if "id" in row and "name" in row:
            built.append(Unit(id=row["id"], name=row["name"], short=row.get("short", ""),
                              aliases=tuple(row.get("aliases", ())), parent=row.get("parent"),
                              members=members, note=row.get("note", ""),
                              renamed_from=tuple(row.get("renamed_from", ()))))
    return Roster(tuple(built)), checker


def with_roster(plan: Plan, roster: Roster) -> Plan:
    """The plan with its units' members filled from the roster where the plan lists none; a unit
    the plan renamed (`renamed_from`) takes those of the roster's unit of its old id, and so keeps
    their reports."""
    if not roster.units:
        return plan
    units = []
    changed = False
    for unit in plan.units:
        known = roster.same_body(unit)
        if known is not None:
            # The names the office typed for the body, in the roster, still find it in the plan.
            said = {unit.name, unit.short, *unit.aliases}
            aliases = (*unit.aliases, *(n for n in (known.name, known.short, *known.aliases) if n and n not in said))
            members = known.members if not unit.members and known.members else unit.members
            if aliases != unit.aliases or members != unit.members:
                unit = Unit(unit.id, unit.name, unit.short, aliases, unit.parent, members, unit.note,
                            renamed_from=unit.renamed_from)
                changed = True
        units.append(unit)
    if not changed:
        return plan
    fields = {name: getattr(plan, name) for name in plan._fields}
    fields["units"] = tuple(units)
    return Plan(**fields)


# ---- changing the roster -----------------------------------------------------------------

def roster_bytes(roster: Roster) -> bytes:
    import tomli_w

    data: dict[str, Any] = {"format": FORMAT_VERSION, "units": []}
    for unit in roster.units:
        row: dict[str, Any] = {"id": unit.id, "name": unit.name}
        if unit.short:
            row["short"] = unit.short
        if unit.aliases:
            row["aliases"] = list(unit.aliases)
        if unit.parent:
            row["parent"] = unit.parent
        if unit.note:
            row["note"] = unit.note
        if unit.renamed_from:
            row["renamed_from"] = list(unit.renamed_from)
        row["members"] = [{"id": m.id, "name": m.name, **({"aliases": list(m.aliases)} if m.aliases else {}),
                           **({"renamed_from": list(m.renamed_from)} if m.renamed_from else {}),
                           **({"ended": m.ended} if m.ended else {})}
                          for m in unit.members]
        data["units"].append(row)
    return tomli_w.dumps(data).encode("utf-8")


def change_roster(data_dir: str, change: Any, recorded: Any = None) -> Roster:
    """Change the roster: the change gets the roster as every machine's changes make it and
    returns the new one, whose differences are recorded as this machine's changes (roster.toml,
    shared by every machine, is never written again). The new roster is checked first, as a file
    of it would be, so a bad change is refused as the bad argument it is (a member's id, a name
    another already answers to), and nothing is recorded."""
    from ..clock import now
    from . import journal

    before = load_roster(data_dir)
    roster = change(before)
    # Refused for what this change would add: two machines' changes, merged, may already clash
    # (one name given to two members), and that must not block every change after it.
    known = set(_checked(roster_bytes(before), roster_path(data_dir))[1].reasons)
    reasons = [r for r in _checked(roster_bytes(roster), roster_path(data_dir))[1].reasons if r not in known]
    if reasons:
        raise UsageError("roster_refused", reason="; ".join(dict.fromkeys(reasons)))
    journal.append_changes(data_dir, ROSTER_TOPIC, roster_changes(before, roster, recorded or now()))
    journal.remove_strays(os.path.dirname(roster_path(data_dir)))  # an earlier version's, killed mid-write
    return roster  # type: ignore[no-any-return]


def add_member(roster: Roster, unit: Unit, name: str, member_id: str) -> Roster:
    """A member added to `unit` (taken from the plan when the roster lacks it)."""
    known = roster.unit(unit.id) or Unit(unit.id, unit.name, unit.short, unit.aliases, unit.parent, unit.members)
    if any(m.id == member_id for m in known.members):
        raise UsageError("roster_member_exists", unit=unit.id, id=member_id)
    updated = Unit(known.id, known.name, known.short, known.aliases, known.parent,
                   (*known.members, Member(member_id, name)), known.note, renamed_from=known.renamed_from)
    return Roster(tuple(updated if u.id == unit.id else u for u in roster.units) if roster.unit(unit.id)
                  else (*roster.units, updated))


def roster_member(roster: Roster, unit_id: str, typed: str) -> Member:
    """A member of the roster's unit, by its id (`ta-van`, `chi-bo/ta-van`) or a name it answers to,
    as `submit` reads it ("ta van", "chi bo ta van"; case and diacritics aside); else the error
    naming the closest."""
    from ..core.matching import resolve_reporter
    from ..core.text import close_matches

    known = roster.unit(unit_id)
    members = known.members if known else ()
    if known is not None and members:
        try:
            member = resolve_reporter(Plan("roster", "", "", _DAY, _DAY, (known,), ()), typed)[1]
        except UsageError as err:
            if err.key != "unknown_unit":
                raise
        else:
            if member is not None:
                return member
    names = [m.id for m in members]
    hint = close_matches(typed, names + [m.name for m in members])
    close = [m.id for m in members if m.id in hint or m.name in hint]
    raise UsageError("roster_no_member", unit=unit_id, id=typed, known=", ".join(close or names) or "—")


def _with_member(roster: Roster, unit_id: str, member: Member) -> Roster:
    known = roster.unit(unit_id)
    assert known is not None
    updated = known.replace(members=tuple(member if m.id == member.id else m for m in known.members))
    return Roster(tuple(updated if u.id == unit_id else u for u in roster.units))


def rename_member(roster: Roster, unit_id: str, member_id: str, name: str) -> Roster:
    """A member's new name; its id, and so its reports, stay; the old name becomes an alias."""
    member = roster_member(roster, unit_id, member_id)
    return _with_member(roster, unit_id, member.replace(name=name, aliases=_aliases(member.aliases, member.name, name)))


def remove_member(roster: Roster, unit_id: str, typed: str, on: date) -> tuple[Roster, Member]:
    """A member leaves its unit on `on`: it owes no report of a period beginning that day or later
    (`Member.owes`), and stays in the roster (marked `ended`) so that what it sent before, and its
    history, keep their name."""
    from ..core.dates import format_date

    member = roster_member(roster, unit_id, typed)
    if member.ended is not None:
        raise UsageError("roster_member_gone", name=member.name, id=member.id, unit=unit_id,
                         date=format_date(member.ended))
    gone = member.replace(ended=on)
    return _with_member(roster, unit_id, gone), gone


def rename_unit(roster: Roster, unit_id: str, name: str) -> Roster:
    """A unit's new name; its id, and so its reports and members, stay; the old name becomes an
    alias, so what the clerk typed before still finds it."""
    known = roster.unit(unit_id)
    if known is None:
        raise UsageError("roster_no_unit", id=unit_id, known=", ".join(u.id for u in roster.units) or "—")
    if known.name == name:
        raise UsageError("roster_same_name", id=unit_id, name=name)
    updated = known.replace(name=name, aliases=_aliases(known.aliases, known.name, name))
    return Roster(tuple(updated if u.id == unit_id else u for u in roster.units))


def _aliases(aliases: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    """The names something answers to besides its new name: the old one too, each once, and never
    the new one itself (nor a mere respelling of it, which the fold finds anyway)."""
    from ..core.text import fold

    kept: list[str] = []
    for name in (*aliases, old):
        if fold(name) != fold(new) and all(fold(name) != fold(k) for k in kept):
            kept.append(name)
    return tuple(kept)
