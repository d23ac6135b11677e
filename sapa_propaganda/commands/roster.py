"""The office's roster (roster.toml beside the plans): its units and the member organisations
that report on their own, which every plan naming those units takes."""

from __future__ import annotations

from ..errors import UsageError
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
    """The roster's units and their members, as `units` lists a plan's, in any of its formats."""
    from ..core.model import Plan
    from ..core.queries import list_units
    from ..core.results import PerPlan
    from ..storage.roster import load_roster

    roster = Plan("roster", tr("roster_title"), "", s.today, s.today, (), ())  # the office's, of no plan
    Output(s, as_json, output).show(PerPlan("units", [(roster, list_units(roster, load_roster(s.data_dir).units))],
                                            s.today))


def _roster_unit(s: Settings, typed: str) -> Unit:
    """A unit as typed, among the roster's and every plan's: the roster is the office's."""
    return resolve_office_unit(s, typed, every=True)


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
    from ..storage.roster import change_roster, rename_member

    found = _roster_unit(s, unit)
    change_roster(s.data_dir, lambda roster: rename_member(roster, found.id, member, clean_input(name)))
    pick_messages(s.rich).message(tr("roster_member_renamed", id=member, unit=found.id, name=clean_input(name)))
