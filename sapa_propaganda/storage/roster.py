"""The office's roster: its units and their members (its 30 chi bộ, its mass organisations),
entered once in the workspace (DATA/_workspace/roster.toml) and shared by every plan.

A plan's units resolve against it by id: the plan's own definition of a unit wins where both
exist, and a unit's members come from the roster when the plan lists none, so per-member reports
work in every plan. The file is TOML read as data only, checked like a plan (`file:line`), and
written atomically under a lock by `sapa roster …`, so the clerk need not edit it by hand.
"""

from __future__ import annotations

import os

from ..core.model import Member, Plan, Unit
from ..core.record import Record
from ..errors import PlanError, UsageError

# Type names only: `typing` costs start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FILE_NAME = "roster.toml"
FORMAT_VERSION = 1


class Roster(Record):
    units: tuple[Unit, ...] = ()

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)


def roster_path(data_dir: str) -> str:
    from .workspace import FOLDER

    return os.path.join(data_dir, FOLDER, FILE_NAME)


def load_roster(data_dir: str) -> Roster:
    """The roster, checked; an empty one when there is none."""
    from .workspace import check_folders

    check_folders(data_dir)
    try:
        return read_roster(roster_path(data_dir))
    except FileNotFoundError:
        return Roster()


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
    """A roster is a plan's `format` and `[[units]]` alone: the same keys, the same checks."""
    from .plan_loader import UNIT_KEYS, _check_members, _check_unit_names, _Checker, decoded, toml_data

    source = decoded(raw, path)
    data = toml_data(source, path)
    checker = _Checker(path, source)
    top = checker.table(data, {"format": ("int", True), "units": ("tables", False)}, ())
    if top.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        checker.problem(("format",), "plan_format_bad", found=top.get("format"), known=FORMAT_VERSION)
    units = checker.tables(top.get("units", []), UNIT_KEYS, ("units",))
    checker.unique(units, "unit")
    _check_unit_names(units, checker)
    built = []
    for unit_path, row in units:
        members = _check_members(unit_path, row.get("members", []), checker)
        if "id" in row and "name" in row:
            built.append(Unit(id=row["id"], name=row["name"], short=row.get("short", ""),
                              aliases=tuple(row.get("aliases", ())), parent=row.get("parent"),
                              members=members, note=row.get("note", ""),
                              renamed_from=tuple(row.get("renamed_from", ()))))
    if checker.problems:
        checker.problems.sort(key=lambda p: p[0])
        raise PlanError([text for _line, text in checker.problems])
    return Roster(tuple(built))


def with_roster(plan: Plan, roster: Roster) -> Plan:
    """The plan with its units' members filled from the roster where the plan lists none."""
    if not roster.units:
        return plan
    units = []
    changed = False
    for unit in plan.units:
        known = roster.unit(unit.id)
        if known is not None and not unit.members and known.members:
            unit = Unit(unit.id, unit.name, unit.short, unit.aliases, unit.parent, known.members, unit.note,
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
                           **({"renamed_from": list(m.renamed_from)} if m.renamed_from else {})}
                          for m in unit.members]
        data["units"].append(row)
    return tomli_w.dumps(data).encode("utf-8")


def change_roster(data_dir: str, change: Any) -> Roster:
    """Read, change and write the roster under its lock; the change gets and returns a Roster.
    What is written is read back and checked first, so a bad change never reaches the file."""
    from .safe_files import locked, write_atomically

    path = roster_path(data_dir)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with locked(path):
        roster = change(load_roster(data_dir))
        raw = roster_bytes(roster)
        parse_roster(raw, path)
        write_atomically(path, raw)
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


def rename_member(roster: Roster, unit_id: str, member_id: str, name: str) -> Roster:
    """A member's new name; its id, and so its reports, stay."""
    known = roster.unit(unit_id)
    if known is None or not any(m.id == member_id for m in known.members):
        raise UsageError("roster_no_member", unit=unit_id, id=member_id,
                         known=", ".join(m.id for m in known.members) if known else "—")
    members = tuple(Member(m.id, name, (*m.aliases, m.name), renamed_from=m.renamed_from) if m.id == member_id
                    else m for m in known.members)
    updated = Unit(known.id, known.name, known.short, known.aliases, known.parent, members, known.note,
                   renamed_from=known.renamed_from)
    return Roster(tuple(updated if u.id == unit_id else u for u in roster.units))
