"""Where things live: the plan file, the data directory, today's date and the language.

Resolved once from global options and environment variables; the bundled plan is found
whether sapa runs from a wheel or from a source checkout.
"""

from __future__ import annotations

import os
import sys
from datetime import date

from ..core.model import ITEM_KINDS, Plan, PlanIndex, is_plan_id
from ..core.progress import ProgressState
from ..errors import UsageError

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from _typeshed import StrPath

    from ..core.deadlines import Obligation
    from ..storage.ledger import Ledger
    from ..storage.workspace import Workspace

APP_NAME = "sapa"


def _package_dir() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # sapa_propaganda/, above commands/


def bundled_plan_file() -> str:
    """The plan shipped with sapa: inside the package when installed, beside it in a checkout."""
    package = _package_dir()
    folder = os.path.join(package, "plans")  # the wheel puts plans/ inside the package
    if not os.path.isdir(folder):
        folder = os.path.join(os.path.dirname(package), "plans")
    plans = sorted(n for n in os.listdir(folder) if n.endswith(".toml")) if os.path.isdir(folder) else []
    if not plans:
        raise UsageError("plan_not_found", path=os.path.join(folder, "*.toml"))
    return os.path.join(folder, plans[0])


def bundled_plan() -> Path:
    import pathlib

    return pathlib.Path(bundled_plan_file())


def default_data_dir() -> str:
    """The platform's per-user data directory, as Windows, macOS and XDG define it."""
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
    elif sys.platform == "darwin":
        base = os.path.join(home, "Library", "Application Support")
    else:
        base = os.environ.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share")
    return os.path.join(base, APP_NAME)


class Settings:
    """The resolved global options, and the plan loaded once per run.

    `plan_arg` is what --plan (or SAPA_PLAN) gave: a file, or the id of a plan in the workspace.
    Without it, the workspace's default plan (`sapa plan use`), else its only active plan, else the
    bundled plan when the workspace is empty."""

    def __init__(self, plan_path: StrPath | None, data_dir: StrPath, today: date, rich: bool | None = None,
                 plan_arg: str | None = None):
        self._plan_path = os.fspath(plan_path) if plan_path is not None else None
        self.plan_arg = plan_arg
        self.data_dir = os.fspath(data_dir)
        self.today = today
        self.rich = rich
        self._plan: Plan | None = None
        self._index: PlanIndex | None = None
        self._workspace: Workspace | None = None
        self._workspace_id: str | None = None
        self._warned = False

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            from ..storage.workspace import Workspace

            self._workspace = Workspace(self.data_dir)
        return self._workspace

    @property
    def in_workspace(self) -> bool:
        """Whether commands cover the office's plans: no --plan, and plans have been added."""
        return self.plan_arg is None and bool(self.workspace.plan_ids())

    @property
    def plan_path(self) -> str:
        if self._plan_path is None:
            self._workspace_id = self._resolve_workspace_id()
            self._plan_path = (self.workspace.plan_file(self._workspace_id) if self._workspace_id
                               else self.plan_arg or bundled_plan_file())
        return self._plan_path

    @property
    def workspace_id(self) -> str | None:
        """The id of the workspace plan in use, if it is one (by --plan, `plan use`, or the only
        active plan): its file is then checked before use, whichever way it was chosen."""
        self.plan_path  # noqa: B018 - resolves it
        return self._workspace_id

    def _resolve_workspace_id(self) -> str | None:
        workspace = self.workspace
        if self.plan_arg is not None:
            if workspace.has(self.plan_arg):
                return self.plan_arg
            if is_plan_id(self.plan_arg) and not os.path.exists(self.plan_arg) and workspace.plan_ids():
                workspace.require(self.plan_arg)  # a mistyped id: the workspace's closest ones
            return None
        ids = workspace.plan_ids()
        if not ids:
            return None
        state = workspace.state()
        if state.default and state.default in ids:
            return state.default
        active = [i for i in ids if i not in state.closed]
        if len(active) == 1:
            return active[0]
        raise UsageError("workspace_which_plan", ids=", ".join(active or ids))

    def check_workspace_file(self) -> None:
        """A workspace plan's file is never a link planted in the shared folder: not followed."""
        if self.workspace_id is not None and os.path.islink(self.plan_path):
            from ..errors import PlanError
            from ..i18n import tr

            raise PlanError([tr("workspace_link_plan", path=self.plan_path)])

    def _check_plan_id(self, found: str) -> None:
        """A workspace plan's file holds the plan of its name (not a copy made by hand)."""
        if self.workspace_id is not None and found != self.workspace_id:
            from ..errors import PlanError
            from ..i18n import tr

            raise PlanError([tr("workspace_id_mismatch", path=self.plan_path, found=found, id=self.workspace_id)])

    def for_plan(self, plan_id: str, checked: bool = False) -> Settings:
        """The same options, narrowed to one of the workspace's plans (`checked`: known to be there)."""
        if not checked:
            self.workspace.require(plan_id)
        narrowed = Settings(None, self.data_dir, self.today, self.rich, plan_id)
        narrowed._workspace = self._workspace
        return narrowed

    def scope(self, every: bool = False) -> list[Settings]:
        """The plans a read command covers: the one --plan names, else every active plan of the
        workspace (`every`: closed ones too), else the bundled plan."""
        if not self.in_workspace:
            return [self]
        ids = self.workspace.plan_ids() if every else self.workspace.active_ids()
        return [self.for_plan(i, checked=True) for i in ids]

    def ledger(self) -> Ledger:
        return self.ledger_of(self.plan_index())

    def state(self) -> ProgressState:
        """Where every item and report stands on `today`; no history (fast, from the ledger's cache)."""
        ledger = self.ledger()
        state = ledger.state(as_of=self.today)
        self._warn_mismatches(ledger)
        return state

    def _warn_mismatches(self, ledger: Ledger) -> None:
        """Events aimed at what this version of the plan lacks are set aside, not a damaged ledger:
        say so once, on stderr, so that cron mails it and the rest of the output stays clean."""
        if self._warned:
            return
        self._warned = True
        found = ledger.mismatches()
        if found:
            from ..core.progress import mismatch_targets

            where = self.workspace_id or ""
            say_mismatches(where, len(found), mismatch_targets(found))

    def full_state(self) -> ProgressState:
        """The state with every event known on `today`, for history and show."""
        ledger = self.ledger()
        state = ledger.full_state(as_of=self.today)
        self._warn_mismatches(ledger)
        return state

    def plan_index(self) -> PlanIndex:
        """Item ids and kinds only: enough for a write, and far quicker to load than a large plan."""
        if self._index is None:
            self.check_workspace_file()
            roster = self.roster_file()
            self._index = cached_index(self.plan_path, roster)
            if self._index is None:
                self.plan()  # builds the plan's caches, the index among them
                self._index = cached_index(self.plan_path, roster)
            if self._index is None:  # the cache folder cannot be written: derive it here
                self._index = PlanIndex.of(self.plan(), _plan_version(_plan_cache(self.plan_path, roster)[1]))
            self._check_plan_id(self._index.plan_id)
        return self._index

    def roster_file(self) -> str | None:
        """The office roster, when the workspace has one: it supplies the plan's units' members."""
        from ..storage.roster import roster_path

        path = roster_path(self.data_dir)
        if not os.path.lexists(path):
            return None
        from ..storage.workspace import check_folders

        check_folders(self.data_dir)
        return path

    def ledger_of(self, index: PlanIndex) -> Ledger:
        from ..storage.ledger import Ledger

        return Ledger(os.path.join(self.data_dir, index.plan_id), index.plan_id, index)

    def plan(self) -> Plan:
        """The validated plan; from the data directory's cache while the plan file is unchanged."""
        if self._plan is None:
            self.check_workspace_file()
            plan = cached_plan(self.plan_path, self.roster_file())
            self._check_plan_id(plan.id)
            self._plan = plan
        return self._plan


def say_mismatches(plan_id: str, count: int, targets: str) -> None:
    """"Kế hoạch và sổ tiến độ không khớp", once per plan, on stderr (`[plan]` first in a workspace)."""
    from ..i18n import tr

    where = f"[{plan_id}] " if plan_id else ""
    sys.stderr.write(f"sapa: {where}" + tr("plan_ledger_mismatch", count=count, targets=targets) + "\n")


def make_settings(*, plan: StrPath | None = None, data: StrPath | None = None, today: str | None = None,
                  lang: str = "vi", rich: bool | None = None) -> Settings:
    """Settings from the global options (or their environment variables), checked. The options
    are those of `cli_spec.GLOBAL`, by name."""
    from .. import i18n
    from ..core.dates import parse_date
    from ..core.dates import today as real_today

    if lang.lower() not in i18n.LANGUAGES:
        raise UsageError("bad_language", value=lang)
    i18n.set_language(lang.lower())
    return Settings(
        plan_path=None,
        data_dir=data or default_data_dir(),
        today=parse_date(today) if today else real_today(),
        rich=rich,
        plan_arg=os.fspath(plan) if plan else None,
    )


def _plan_cache(path: str, roster: str | None = None) -> tuple[str, tuple[object, ...]]:
    """Where a plan's caches go, in this machine's cache folder, and the stamp they must carry:
    the plan file's, and the roster's when one supplies members."""
    from ..cache import derived_cache
    from ..storage.machine import cache_dir

    resolved = os.path.realpath(path)
    stamp = (resolved, derived_cache.file_stamp(resolved),
             *((roster, derived_cache.file_stamp(roster)) if roster else ()))
    if stamp[1] is None:
        raise UsageError("plan_not_found", path=path)
    # The name only spreads plans over files; the stamp inside says which plan a file holds.
    return os.path.join(cache_dir(), "plans", derived_cache.folder_key(resolved)), stamp


def cached_plan(path: str, roster: str | None = None) -> Plan:
    """Parsing and checking a large plan costs more than the command itself; do it once per edit
    (of the plan, or of the roster that supplies its members)."""
    from ..cache import derived_cache

    name, stamp = _plan_cache(path, roster)
    cached = derived_cache.load(name + ".plan", stamp, _decode_plan)
    if cached is not None:
        return cached
    from ..core.deadlines import obligations
    from ..storage.plan_loader import load_plan

    if roster is None:
        plan = load_plan(path)
    else:  # the plan may name the roster's units by id alone, and takes members from it
        from ..storage.roster import read_roster, with_roster

        office = read_roster(roster)
        plan = with_roster(load_plan(path, office.units), office)
    derived_cache.save(name + ".plan", stamp, _encode_plan(plan, obligations(plan)))
    index = PlanIndex.of(plan, _plan_version(stamp))
    derived_cache.save(name + ".index", stamp, (index.plan_id, index.kinds, index.start.toordinal(),
                                                 index.units, index.version,
                                                 {k: v.toordinal() for k, v in index.starts.items()},
                                                 sorted(index.reports), index.renames))
    return plan


def _plan_version(stamp: tuple[object, ...]) -> str:
    """Changes whenever the plan file (or the roster that fills it) does: ledger caches checked
    against one plan are not reused with another version of it."""
    return repr(stamp[1:])


def _encode_plan(plan: Plan, owed: list[Obligation]) -> tuple[object, ...]:
    from ..cache.record_codec import encode

    rules = plan.reporting.rules if plan.reporting else ()
    return (encode(plan), [(rules.index(o.rule), o.unit, encode(o.period), o.due.toordinal(), o.member)
                           for o in owed])


def _decode_plan(payload: Any) -> Plan:
    """The cached plan, every value checked: ids as the loader checks them, obligations against
    the plan's own rules and units."""
    from ..cache.record_codec import decode
    from ..core.deadlines import Obligation
    from ..core.periods import Period

    plain, owed_plain = payload
    plan: Plan = decode(Plan, plain)
    if not is_plan_id(plan.id) or type(owed_plain) is not list:
        raise ValueError("wrong shape")
    rules = plan.reporting.rules if plan.reporting else ()
    owed = []
    periods: dict[object, Period] = {}  # a plan has a few periods, each owed by many units
    members = {u.id: {m.id for m in u.members} for u in plan.units}
    for rule_index, unit, period, due, member in owed_plain:
        rule = rules[rule_index]
        if (unit not in rule.units or type(due) is not int or rule_index < 0
                or (member and (not rule.per_member or member not in members[unit]))):
            raise ValueError("wrong shape")
        if period not in periods:
            periods[period] = decode(Period, period)
        owed.append(Obligation(rule, unit, periods[period], date.fromordinal(due), member))
    plan._set("_obligations", owed)
    return plan


def _decode_index(payload: Any) -> PlanIndex:
    plan_id, kinds, start, units, version, starts, reports, renames = payload
    if not (is_plan_id(plan_id) and type(kinds) is dict and type(units) is tuple and type(version) is str
            and type(start) is int and set(map(type, kinds)) <= {str} and set(kinds.values()) <= set(ITEM_KINDS)
            and set(map(type, units)) <= {str} and type(starts) is dict and set(starts) <= set(kinds)
            and set(map(type, starts.values())) <= {int} and type(reports) is list
            and set(map(type, reports)) <= {str} and type(renames) is dict
            and set(map(type, renames)) <= {str} and set(map(type, renames.values())) <= {str}):
        raise ValueError("wrong shape")
    return PlanIndex(plan_id, kinds, date.fromordinal(start), units, version,
                     {k: date.fromordinal(v) for k, v in starts.items()}, frozenset(reports), renames)


def cached_index(path: str, roster: str | None = None) -> PlanIndex | None:
    from ..cache import derived_cache

    name, stamp = _plan_cache(path, roster)
    return derived_cache.load(name + ".index", stamp, _decode_index)
