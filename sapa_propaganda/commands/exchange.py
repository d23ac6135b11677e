"""What passes between offices: `export` (a plan's ledger and state, or the whole workspace's) and
`import` (another office's ledger or export, merged into ours)."""

from __future__ import annotations

import os

from ..errors import UsageError, to_stderr
from ..i18n import tr
from ..render.choice import pick_messages
from .output import write_output

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date, datetime
    from pathlib import Path
    from typing import Any

    from _typeshed import StrPath

    from ..core.model import Plan
    from ..core.progress import Event
    from ..core.results import ImportResult
    from ..render.export import Export
    from .context import Settings

EXPORT_SUFFIXES = {".csv": "csv", ".ics": "ics", ".json": "json", ".toml": "toml"}


def export(s: Settings, *, fmt: str | None, output: StrPath | None) -> None:
    """The format --format names, else FILE's suffix (.json, .csv, .toml, .ics), as a listing's,
    else JSON; a file named for one format and asked in another is refused."""
    chosen = fmt.lower() if fmt else None
    by_suffix = EXPORT_SUFFIXES.get(os.path.splitext(os.fspath(output))[1].lower()) if output is not None else None
    if chosen is not None and by_suffix is not None and chosen != by_suffix:
        raise UsageError("export_format_suffix", path=os.fspath(output or ""), fmt=chosen, suffix=by_suffix)
    write_output(export_chunks_of(s, chosen or by_suffix or "json", s.now()), output)


def export_chunks_of(s: Settings, fmt: str, stamp: datetime) -> Iterator[bytes]:
    """One plan's export; across the office, every plan's in one JSON file, or one calendar of the
    active plans' deadlines. Written as made (never held whole), once every ledger to export has
    been read and checked: a damaged one is refused before any output."""
    from ..render.export import export_chunks

    if not s.in_workspace:
        return export_chunks(_export_of(s, stamp), fmt)
    if fmt == "json":
        from ..render.export import workspace_export

        plans = [(one, one.ledger().ordered_events()) for one in s.scope(every=True)]
        return workspace_export((_export_of(one, stamp, events) for one, events in plans), stamp)
    if fmt == "ics":
        from ..render.ics import render_ics_of_plans

        return iter([render_ics_of_plans([(one.plan(), one.ledger().state()) for one in s.scope()], stamp).encode()])
    if fmt in ("csv", "toml"):
        raise UsageError("workspace_export_one_plan", fmt=fmt)
    return export_chunks(_export_of(s, stamp), fmt)  # refuses the format, naming those known


def _export_of(one: Settings, stamp: datetime, events: Iterator[Event] | None = None) -> Export:
    """One plan's export: its state and every event, whatever --today says (an export is for
    another office to import), the events as the ledger's files hold them."""
    from ..render.export import Export
    from ..storage.ledger_format import event_record

    ledger = one.ledger()
    if events is None:
        events = ledger.ordered_events()
    return Export(one.plan(), ledger.state(), stamp, events, today=one.today, record=event_record)


def import_(s: Settings, *, file: StrPath) -> None:
    import pathlib

    from . import actions

    source = pathlib.Path(file)
    if s.plan_arg is None and source.suffix.lower() == ".json":
        from ..storage.foreign import says_workspace, workspace_export_plans

        if says_workspace(source):  # a whole workspace's export: each plan into its own ledger
            if not import_workspace_streamed(s, source):
                documents = workspace_export_plans(source)
                assert documents is not None
                import_workspace(s, source, documents)
            return
    plan = s.plan()
    result = actions.import_ledger(plan, s.ledger(), source, now=s.now)
    pick_messages(s.rich).imported(result)
    say_disagreements(plan, result, source.name)


def say_disagreements(plan: Plan, result: ImportResult, source: str, where: str = "") -> None:
    """Each report received here that the import says was received otherwise, one line on stderr:
    which report, ours, theirs, and which one stands (both stay in the history)."""
    if not result.disagreements:
        return
    from ..core.deadlines import obligations
    from ..render.labels import disagreement_line

    owed = {o.target: o for o in obligations(plan)}
    to_stderr("\n".join(f"sapa: {where}{disagreement_line(plan, owed.get(d.target), d, source)}"
              for d in result.disagreements))


def import_workspace_streamed(s: Settings, source: Path) -> bool:
    """`import_workspace`, the file read a value at a time, twice: every plan's events checked,
    then each plan's merged as its part is read again (storage.foreign.workspace_parts). False,
    having imported nothing, for a file that is not a plain workspace export, or one of whose
    plans the first reading could not vouch for: `import_workspace` then reads it whole, and says
    what is wrong."""
    from ..storage.foreign import ForeignEvents, workspace_events, workspace_parts
    from . import actions

    known = s.workspace.plan_ids()
    plans: dict[str, Settings] = {}

    def checks(plan: str) -> tuple[Any, date] | None:
        if plan not in known:
            return None
        if plan not in plans:
            plans[plan] = s.for_plan(plan)
        index = plans[plan].plan_index()
        return index.target_problem, index.start

    found = workspace_parts(source, checks)
    if found is None:
        return False
    parts, digest = found
    missing = [part.plan for part in parts if part.plan not in known]
    if missing:
        raise UsageError("workspace_import_unknown", path=os.fspath(source), plans=", ".join(missing),
                         known=", ".join(known) or "—")
    for part in parts:  # every plan's events checked before any is written
        plans[part.plan].check_writable(plans[part.plan].plan_index().plan_id)  # a closed plan: nothing imported
        if not part.fine:
            return False
    messages = pick_messages(s.rich)

    def take(number: int, plan: str, events: Iterator[Event]) -> None:
        one, part = plans[plan], parts[number]
        result = actions.import_ledger(one.plan(), one.ledger(), source, now=s.now,
                                       theirs=ForeignEvents(part.count, part.in_order, again=lambda: events))
        messages.message(f"[{plan}] " + tr("imported", source=source.name, added=result.added,
                                           already=result.already, total=result.total))
        say_disagreements(one.plan(), result, source.name, f"[{plan}] ")

    workspace_events(source, checks, digest, take)
    return True


def import_workspace(s: Settings, source: Path, documents: list[dict[str, Any]]) -> None:
    """Every plan's events into its ledger; a plan the workspace lacks is named, and nothing is
    imported until every plan's events of the file have been read and checked."""
    from ..core.text import json_text
    from ..storage.foreign import read_foreign_events
    from . import actions

    known = s.workspace.plan_ids()
    missing = [str(d.get("plan")) for d in documents if d.get("plan") not in known]
    if missing:
        raise UsageError("workspace_import_unknown", path=os.fspath(source), plans=", ".join(missing),
                         known=", ".join(known) or "—")
    parts = []
    for document in documents:  # every plan's events checked before any is written
        one, raw = s.for_plan(str(document["plan"])), json_text(document).encode("utf-8")
        index = one.plan_index()
        one.check_writable(index.plan_id)  # a closed plan among them: nothing is imported
        try:
            read_foreign_events(source, index.plan_id, index.target_problem, index.start, raw)
        except UsageError as err:
            raise UsageError("import_bad_file", where=f"{source} ({document['plan']})",
                             reason=err.params.get("reason", str(err))) from None
        parts.append((one, raw, document))
    messages = pick_messages(s.rich)
    for one, raw, document in parts:
        result = actions.import_ledger(one.plan(), one.ledger(), source, now=s.now, raw=raw)
        messages.message(f"[{document['plan']}] " + tr("imported", source=source.name, added=result.added,
                                                      already=result.already, total=result.total))
        say_disagreements(one.plan(), result, source.name, f"[{document['plan']}] ")
