"""The office's roster (roster.toml beside the plans): its units and the member organisations
that report on their own, which every plan naming those units takes."""

from __future__ import annotations

from ..errors import UsageError, to_stderr
from ..i18n import tr
from ..render.choice import pick_messages
from .office import resolve_office_unit
from .output import Output

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from _typeshed import StrPath

    from ..core.model import Unit
    from .context import Settings


def roster_list(s: Settings, *, as_json: bool, output: StrPath | None) -> None:
    """The roster's units and their members, as `units` lists a plan's, in any of its formats; each
    with the duties it carries in the office's active plans."""
    from ..core.model import Plan
    from ..core.queries import list_units, roster_duties
    from ..core.results import PerPlan
    from ..storage.roster import load_roster
    from .office import readable_plans

    units = load_roster(s.data_dir).units
    roster = Plan("roster", tr("roster_title"), "", s.today, s.today, (), ())  # the office's, of no plan
    duties = roster_duties(units, readable_plans(s)) if units else {}
    rows = [row.replace(duties=duties.get(row.unit.id, 0)) for row in list_units(roster, units)]
    out = Output(s, as_json, output)
    out.show(PerPlan("units", [(roster, rows)], s.today))
    if not units and out.fmt != "json":  # a header alone would not say why
        to_stderr("sapa: " + tr("roster_empty"))


def _roster_unit(s: Settings, typed: str) -> Unit:
    """A unit as typed, among the roster's and every plan's: the roster is the office's. A plan's
    unit renamed from one of the roster's (`renamed_from`) is that unit of the roster."""
    from ..storage.roster import load_roster

    found = resolve_office_unit(s, typed, every=True)
    return load_roster(s.data_dir).same_body(found) or found


def roster_add_unit(s: Settings, *, unit_id: str, name: str) -> None:
    from ..core.model import Unit as UnitModel
    from ..core.text import clean_input
    from ..storage.roster import Roster, change_roster

    def change(roster: Roster) -> Roster:
        if roster.unit(unit_id) is not None:
            raise UsageError("roster_unit_exists", id=unit_id)
        return Roster((*roster.units, UnitModel(unit_id, clean_input(name))))

    change_roster(s.data_dir, change)
    pick_messages(s.rich).message(tr("roster_unit_added", id=unit_id, name=clean_input(name)))


def roster_add_member(s: Settings, *, unit: str, name: str, member_id: str | None) -> None:
    from ..core.text import clean_input
    from ..storage.plan_loader import member_id_of
    from ..storage.roster import add_member, change_roster

    found = _roster_unit(s, unit)
    name = clean_input(name)
    new_id = member_id or member_id_of(name)
    change_roster(s.data_dir, lambda roster: add_member(roster, found, name, new_id))
    pick_messages(s.rich).message(tr("roster_member_added", name=name, id=new_id, unit=found.id))


def roster_rename_member(s: Settings, *, unit: str, member: str, name: str) -> None:
    from ..core.text import clean_input
    from ..storage.roster import change_roster, load_roster, rename_member, roster_member

    found = _roster_unit(s, unit)
    member_id = roster_member(load_roster(s.data_dir), found.id, member).id  # as typed: "ta van" too
    change_roster(s.data_dir, lambda roster: rename_member(roster, found.id, member_id, clean_input(name)))
    pick_messages(s.rich).message(tr("roster_member_renamed", id=member_id, unit=found.id, name=clean_input(name)))


def roster_remove_member(s: Settings, *, unit: str, member: str, on: str | None) -> None:
    """A member leaves its unit: it owes no report of a period beginning that day or later; what it
    sent, and its history, stay."""
    from ..core.dates import format_date, parse_date
    from ..core.model import Member
    from ..storage.roster import Roster, change_roster, remove_member

    found = _roster_unit(s, unit)
    day = parse_date(on) if on else s.today
    gone: list[Member] = []

    def change(roster: Roster) -> Roster:
        changed, member_gone = remove_member(roster, found.id, member, day)
        gone.append(member_gone)
        return changed

    change_roster(s.data_dir, change)
    pick_messages(s.rich).message(tr("roster_member_removed", name=gone[0].name, id=gone[0].id, unit=found.id,
                                     date=format_date(day)))


def roster_rename_unit(s: Settings, *, unit: str, name: str) -> None:
    """A unit of the roster renamed: its id, members and reports stay; its old name still finds it."""
    from ..core.text import clean_input
    from ..storage.roster import change_roster, rename_unit

    found = _in_roster(s, unit)  # the roster's unit, as it is named now
    name = clean_input(name)
    if not name:
        raise UsageError("roster_empty_name")
    change_roster(s.data_dir, lambda roster: rename_unit(roster, found.id, name))
    pick_messages(s.rich).message(tr("roster_unit_renamed", id=found.id, name=name, old=found.name))


def _in_roster(s: Settings, typed: str) -> Unit:
    """A unit of the roster itself, as typed; one only a plan defines is named as such."""
    from ..core.matching import resolve_unit
    from ..core.model import Plan
    from ..storage.roster import load_roster

    units = load_roster(s.data_dir).units
    try:
        return resolve_unit(Plan("roster", "", "", s.today, s.today, units, ()), typed)
    except UsageError as err:
        try:
            elsewhere = resolve_office_unit(s, typed, every=True)
        except UsageError:
            raise err from None
        raise UsageError("roster_unit_of_plan", id=elsewhere.id,
                         known=", ".join(u.id for u in units) or "—") from None
