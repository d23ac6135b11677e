"""Each plan's overview (overview.py), cached in this machine's cache folder, for the commands that
read every plan of the office at once.

The cache is a hint, checked like the others (derived_cache): it is used only while the plan file,
the roster and every ledger file have the stamps it was made with, with this very code and in this
language (it holds the reports' names as they read). It describes the ledger as it stands, so it
serves any day on or after the ledger's latest effective date; for an earlier --today the overview
is worked out from that day's state and not kept.
"""

from __future__ import annotations

import os

from ..core.overview import Overview, overview_of

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..commands.context import Settings


class PlanView:
    """One plan as the office-wide commands see it: its overview, the names of its reports in
    the user's language, its items' kinds and texts, and the ledger events it sets aside."""

    def __init__(self, plan_id: str, label: str, title: str, overview: Overview, report_names: list[str],
                 item_texts: list[str], mismatches: tuple[int, str]):
        self.plan_id, self.label, self.title = plan_id, label, title
        self.overview, self.report_names, self.item_texts = overview, report_names, item_texts
        self.mismatches = mismatches  # (count, the targets named)


def plan_view(s: Settings) -> PlanView:
    """The view of the plan `s` names (a plan of the workspace), from the cache when it holds."""
    from ..i18n import language
    from ..storage.ledger import Ledger
    from . import derived_cache
    from .plan_cache import location

    plan_id = s.workspace_id or ""
    s.check_workspace_file()  # a planted link is refused aloud, never followed
    name, plan_stamp = location(s.plan_path, s.roster_file())
    # Stamped before anything is read: a file that changes meanwhile no longer matches next time.
    stamp = (plan_stamp, Ledger(os.path.join(s.data_dir, plan_id), plan_id).signature(), language())
    path = f"{name}.overview"
    cached = derived_cache.load(path, stamp, _decode)
    if cached is not None and cached.overview.latest <= s.today.toordinal() and cached.plan_id == plan_id:
        return cached
    ledger = s.ledger()
    current = ledger.state()
    if current.latest <= s.today.toordinal():
        view = _view_of(s, current, ledger.mismatches())
        derived_cache.save(path, stamp, _encode(view))
        return view
    return _view_of(s, ledger.state(as_of=s.today), ledger.mismatches())  # the past: that day's, not kept


def _view_of(s: Settings, state: Any, mismatches: list[Any]) -> PlanView:
    from ..core.deadlines import obligations
    from ..core.progress import mismatch_targets
    from ..core.text import for_display
    from ..render.labels import unit_report

    plan = s.plan()
    overview = overview_of(plan, state)
    names = [unit_report(plan, owed) for owed in obligations(plan)]
    texts = [plan.item(i[2]).text for i in overview.items]
    return PlanView(plan.id, for_display(plan.number or plan.id), for_display(plan.title), overview, names, texts,
                    (len(mismatches), mismatch_targets(mismatches)))


def _encode(view: PlanView) -> tuple[Any, ...]:
    o = view.overview
    return (view.plan_id, view.label, view.title, o.reports, o.items, o.latest, view.report_names, view.item_texts,
            view.mismatches)


def _decode(payload: Any) -> PlanView:
    plan_id, label, title, reports, items, latest, names, texts, mismatches = payload
    if not (type(reports) is list and type(items) is list and type(latest) is int and type(names) is list
            and type(texts) is list and len(names) == len(reports) and len(texts) == len(items)
            and all(type(r) is tuple and len(r) == 6 and type(r[0]) is int and type(r[1]) is int
                    and type(r[2]) is str and type(r[3]) is str and type(r[4]) is int and type(r[5]) is bool
                    for r in reports)
            and all(type(i) is tuple and len(i) == 6 and type(i[0]) is int and type(i[1]) is int
                    and type(i[2]) is str and type(i[3]) is str and type(i[4]) is tuple and type(i[5]) is str
                    for i in items)
            and all(type(n) is str for n in (plan_id, label, title, *names, *texts))
            and type(mismatches) is tuple and len(mismatches) == 2):
        raise ValueError("wrong shape")
    return PlanView(plan_id, label, title, Overview(reports, items, latest), names, texts, mismatches)
