"""The writes: marking an item's progress, recording a report received or waived, undoing a step.
Each resolves its arguments, calls one action (`actions.py`, which writes the ledger) and says
what it did in one sentence."""

from __future__ import annotations

import os

from ..core.dates import format_date, parse_date
from ..errors import UsageError
from ..i18n import tr
from ..render.choice import pick_messages, say_marked
from .office import item_plan, named_removed, undo_plan, unit_plan

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..core.model import Plan
    from ..core.results import SubmitResult
    from .context import Settings


def os_user() -> str:
    """The login name, as getpass.getuser finds it: the environment, else the password database.
    getpass itself is not imported: it brings termios and warnings, a tenth of a mark's start-up."""
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(variable):
            return os.environ[variable]
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (OSError, KeyError, ImportError, AttributeError):  # Windows: no pwd, no getuid
        return "?"


def checked_by(by: str | None) -> str:
    """Who made a change: the computer account unless --by says; an empty --by is a mistake."""
    if by is None:
        return os_user()
    from ..core.text import clean_input

    if not clean_input(by):
        raise UsageError("empty_by")
    return by


def mark(s: Settings, *, item_id: str, status: str, note: str | None, on: str | None, by: str | None,
         ref: str | None, unit: str | None = None) -> None:
    from ..core.matching import resolve_item_id
    from ..status_words import parse_status
    from . import actions

    s, item_id = item_plan(s, item_id, live=True)
    index = s.plan_index()
    try:
        found = resolve_item_id(index.kinds, item_id, index.item_renames, index.removed)
    except UsageError as err:
        raise named_removed(s, err) from None
    if found in index.recurring:  # each occurrence has its own deadline, and is marked on its own
        raise UsageError("why_recurring", id=found)
    result = actions.mark(
        s.ledger_of(index), index.ref(found), parse_status(status),
        today=s.today, now=s.now, effective=parse_date(on) if on is not None else None, note=note,
        by=checked_by(by), ref=ref or "", plan_start=index.start, units=index.shared.get(found, ()),
        unit=_marked_unit(s, found, unit) if unit is not None else "",
    )
    say_marked(s.rich, result)


def _marked_unit(s: Settings, item_id: str, typed: str) -> str:
    """The unit `mark --unit` names, as the plan spells it (id, name or alias); refused, naming the
    item's units, when the item is not one it carries. "" for an item of that one unit: its mark is
    the item's."""
    from ..core.matching import resolve_unit

    plan = s.plan()
    item = plan.item(item_id)
    try:
        found = resolve_unit(plan, typed)
    except UsageError as err:  # a typo: the units that carry the item are what was meant
        if err.key != "unknown_unit":
            raise
        close = [u for u in err.params.get("suggest", []) if u in item.units]
        raise UsageError("unknown_unit", value=typed, suggest=close or list(item.units)) from None
    if found.id not in item.units:
        raise UsageError("mark_unit_not_carrying", id=item.id, unit=found.id,
                         units=", ".join(item.units) or "—")
    return found.id if len(item.units) > 1 else ""


def undo(s: Settings, *, by: str | None, event_id: str | None = None) -> None:
    from . import actions

    s = undo_plan(s, event_id)  # across the office: the plan of this machine's last step, or of the event
    result = actions.undo(s.plan(), s.ledger(), today=s.today, now=s.now, by=checked_by(by), event_id=event_id)
    messages = pick_messages(s.rich)
    if result.batch is not None:  # an import taken back, or put back (the undo of its undo)
        messages.message(tr("restored_import" if result.restores else "undone_import",
                            source=result.batch.source, count=result.count))
    else:
        messages.undone(result)


def submit(s: Settings, *, unit: str, period: str | None, on: str | None, ref: str | None, note: str | None,
           by: str | None, replace: bool = False, early: bool = False) -> None:
    from ..core.deadlines import only_open_period, plan_period
    from ..core.matching import resolve_reporter
    from . import actions

    s = unit_plan(s, unit, period)  # the one plan that has the unit (and the period), or --plan's
    plan = s.plan()
    found, member = resolve_reporter(plan, unit)
    member_id = member.id if member else ""
    chosen = (plan_period(plan, period, s.today) if period is not None
              else only_open_period(plan, s.state(), found.id, s.today, member_id))
    result = actions.submit(
        plan, s.ledger(), found.id, chosen,
        today=s.today, now=s.now, effective=parse_date(on) if on is not None else None, ref=ref or "",
        note=note, by=checked_by(by), member=member_id, replace=replace, early=early,
    )
    _say_submitted(s, plan, result)


def _say_submitted(s: Settings, plan: Plan, result: SubmitResult) -> None:
    """Where the report stands now, after what it replaced, if it corrects an earlier receipt; or
    that it was recorded already, when the same receipt came again."""
    messages = pick_messages(s.rich)
    if result.repeated:
        from ..render.labels import owner_name, receipt_words, report_name

        first = result.replaced
        assert first is not None
        messages.message(tr("submit_already_recorded", unit=owner_name(plan, result.row),
                            report=report_name(result.row.obligation), receipt=receipt_words(first.done_on, first.ref)))
        return
    before = result.replaced
    if before is not None and before.status == "waived":
        messages.message(tr("submit_replaces_waiver", date=format_date(before.updated),
                            note=f" ({before.note})" if before.note else ""))
    elif before is not None and before.done_on is not None:
        ref_before = f", {before.ref}" if before.ref else ""
        messages.message(tr("submit_replaces", date=format_date(before.done_on), ref=ref_before))
    messages.submitted(plan, result.row)


def waive(s: Settings, *, unit: str, period: str, note: str | None, on: str | None, by: str | None) -> None:
    from ..core.deadlines import plan_period
    from ..core.matching import resolve_reporter
    from ..render.labels import waived_line
    from . import actions

    s = unit_plan(s, unit, period)  # the one plan that has the unit and the period, or --plan's
    plan = s.plan()
    found, member = resolve_reporter(plan, unit)
    row = actions.waive(plan, s.ledger(), found.id, plan_period(plan, period, s.today), today=s.today,
                        now=s.now, note=note, effective=parse_date(on) if on is not None else None, by=checked_by(by),
                        member=member.id if member else "")
    pick_messages(s.rich).message(waived_line(plan, row))
