"""Where things live: the plan file, the data directory, today's date, the clock and the language.

Resolved once from global options and environment variables; the bundled plan is found
whether sapa runs from a wheel or from a source checkout. The plan is read once per run, through
its cache (`cache.plan_cache`).
"""

from __future__ import annotations

import os
import sys

from .. import clock, i18n
from ..cache import plan_cache
from ..core.dates import parse_date
from ..core.datetime_types import date
from ..core.model import is_plan_id
from ..core.progress import mismatch_targets
from ..errors import LedgerError, PlanError, SapaError, UsageError, to_stderr
from ..i18n import tr
from ..storage.ledger import Ledger
from ..storage.workspace import Workspace, data_dir_problem

# Type names only: `typing` and the modules below cost start-up time that cron pays daily; and
# pathlib, imported where a Path is asked for, for the same reason.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from _typeshed import StrPath

    from ..core.datetime_types import datetime
    from ..core.model import Plan, PlanIndex
    from ..core.progress import ProgressState
    from ..storage.ledger import HistoryReading

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
    """The resolved global options, the clock, and the plan loaded once per run.

    `plan_arg` is what --plan (or SAPA_PLAN) gave: a file, or the id of a plan in the workspace.
    Without it, the workspace's default plan (`sapa plan use`), else its only active plan, else the
    bundled plan when the workspace is empty. `now` is the clock the writes record their time by:
    the real one, unless the caller gives another (a test's)."""

    def __init__(self, plan_path: StrPath | None, data_dir: StrPath, today: date, rich: bool | None = None,
                 plan_arg: str | None = None, now: Callable[[], datetime] = clock.now):
        self._plan_path = os.fspath(plan_path) if plan_path is not None else None
        self.plan_arg = plan_arg
        self.data_dir = os.fspath(data_dir)
        self.today = today
        self.rich = rich
        self.now = now
        self._plan: Plan | None = None
        self._index: PlanIndex | None = None
        self._location: tuple[str, tuple[object, ...]] | None = None
        self._workspace: Workspace | None = None
        self._workspace_id: str | None = None
        self._warned = False
        self.data_named = False  # the data folder was given (--data or SAPA_DATA), not the default

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
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
            if os.path.exists(self.plan_arg) or not workspace.plan_ids():
                return None  # a plan file
            found = self.match_plan(self.plan_arg)
            if found is not None:
                self.plan_arg = found  # by its number or a beginning: named by its id from here on
                return found
            if is_plan_id(self.plan_arg) or not self.plan_arg.lower().endswith(".toml"):
                self.find_plan_id(self.plan_arg)  # a mistyped id or number: the workspace's closest ones
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

    def find_plan_id(self, typed: str) -> str:
        """The id of the workspace's plan `typed` names (`match_plan`); else UsageError with the
        closest ids and numbers."""
        found = self.match_plan(typed)
        if found is not None:
            return found
        from ..core.text import close_matches

        ids = self.workspace.plan_ids()
        numbers = self._plan_numbers()
        by_name = {**{n: i for i, n in numbers.items() if n}, **{i: i for i in ids}}
        close = close_matches(typed, list(by_name))
        known = list(dict.fromkeys(_plan_label(by_name[c], numbers) for c in close)) or ids
        raise UsageError("workspace_no_plan", id=typed, known=", ".join(known) or "—")

    def match_plan(self, typed: str) -> str | None:
        """The id of the workspace's plan (closed ones too) that `typed` names: its id, its document
        number (`25-KH/ThU`, without regard to case or diacritics), or a beginning of either that
        only one plan has (`sa-pa`); None if none. A beginning several plans share is refused,
        naming them."""
        from ..core.text import fold

        ids = self.workspace.plan_ids()
        wanted = fold(typed)
        if not wanted:
            return None
        if wanted in ids:
            return wanted
        numbers = self._plan_numbers()
        exact = [i for i in ids if numbers.get(i) and fold(numbers[i]) == wanted]
        if len(exact) == 1:
            return exact[0]
        begun = exact or [i for i in ids if i.startswith(wanted)
                          or (numbers.get(i) and fold(numbers[i]).startswith(wanted))]
        if len(begun) == 1:
            return begun[0]
        if begun:
            raise UsageError("workspace_ambiguous_plan", value=typed,
                             options=", ".join(_plan_label(i, numbers) for i in begun))
        return None

    def _plan_numbers(self) -> dict[str, str]:
        """Each workspace plan's document number, by id; a plan that cannot be read has none here
        (the command that uses it says why)."""
        numbers = {}
        for plan_id in self.workspace.plan_ids():
            try:
                numbers[plan_id] = self.for_plan(plan_id, checked=True).plan().number
            except SapaError:
                continue
        return numbers

    def check_workspace_file(self) -> None:
        """A workspace plan's file is never a link planted in the shared folder: not followed."""
        if self.workspace_id is not None and os.path.islink(self.plan_path):
            raise PlanError([tr("workspace_link_plan", path=self.plan_path)])

    def _check_plan_id(self, found: str) -> None:
        """A workspace plan's file holds the plan of its name (not a copy made by hand)."""
        if self.workspace_id is not None and found != self.workspace_id:
            raise PlanError([tr("workspace_id_mismatch", path=self.plan_path, found=found, id=self.workspace_id)])

    def for_plan(self, plan_id: str, checked: bool = False) -> Settings:
        """The same options, narrowed to one of the workspace's plans (`checked`: known to be there)."""
        if not checked:
            self.workspace.require(plan_id)
        narrowed = Settings(None, self.data_dir, self.today, self.rich, plan_id, self.now)
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
            where = self.workspace_id or ""
            say_mismatches(where, len(found), mismatch_targets(found))

    def full_state(self) -> ProgressState:
        """The state with every event known on `today`, for history and show."""
        ledger = self.ledger()
        state = ledger.full_state(as_of=self.today)
        self._warn_mismatches(ledger)
        return state

    def history_reading(self) -> HistoryReading:
        """What `full_state` gives `history`, read as it is shown rather than held (issue 21)."""
        ledger = self.ledger()
        found = ledger.history_reading(as_of=self.today)
        self._warn_mismatches(ledger)
        return found

    def plan_index(self) -> PlanIndex:
        """Item ids and kinds only: enough for a write, and far quicker to load than a large plan."""
        if self._index is None:
            self.check_workspace_file()
            where = self.plan_location()
            self._index = plan_cache.cached_index(where)
            if self._index is None:
                self.plan()  # builds the plan's caches, the index among them
                self._index = plan_cache.cached_index(where)
            if self._index is None:  # the cache folder cannot be written: derive it here
                self._index = plan_cache.index_of(self.plan(), where)
            self._check_plan_id(self._index.plan_id)
        return self._index

    def plan_location(self) -> tuple[str, tuple[object, ...]]:
        """Where the plan's caches are and the stamp they must carry (plan_cache.location): worked
        out once per command, before any of them is read."""
        if self._location is None:
            self._location = plan_cache.location(self.plan_path, self.roster_file(), self.calendar_file())
        return self._location

    def roster_file(self) -> tuple[str, tuple[str, ...]] | None:
        """The office roster's files, when the workspace has one: it supplies the plan's units'
        members (roster.toml and every machine's changes to it; read once per command)."""
        workspace = self.workspace  # shared by the settings of each plan a command covers
        if workspace.roster_sources is None:
            from ..storage.workspace import roster_sources

            workspace.roster_sources = roster_sources(self.data_dir)
        return (self.data_dir, workspace.roster_sources) if workspace.roster_sources else None

    def calendar_file(self) -> str:
        """The office's calendar of days off and make-up working days, DATA/_workspace/calendar.toml,
        which every plan reads under its own `[calendar]` (there or not: its stamp says which)."""
        from ..storage.workspace import calendar_path

        return calendar_path(self.data_dir)

    def ledger_of(self, index: PlanIndex) -> Ledger:
        """The plan's ledger; every write to it (mark, submit, waive, undo, import) is checked
        first by `check_writable`, and noted afterwards as this machine's last (for `undo`)."""
        from ..storage import machine

        plan_id = index.plan_id
        return Ledger(os.path.join(self.data_dir, plan_id), plan_id, index,
                      before_write=lambda: self.check_writable(plan_id),
                      after_write=lambda: machine.remember_write(self.data_dir, plan_id))

    def check_writable(self, plan_id: str) -> None:
        """A closed plan takes no more changes until it is reopened (reads go on): UsageError
        naming the plan, when it was closed and why, and `sapa plan reopen`."""
        if plan_id not in self.workspace.plan_ids():  # only the workspace's plans are ever closed
            return
        closed = self.workspace.state().closed.get(plan_id)
        if closed is not None:
            from ..core.dates import format_date

            raise UsageError("workspace_plan_closed", id=plan_id, date=format_date(closed.on),
                             note=f" ({closed.note})" if closed.note else "")

    def plan(self) -> Plan:
        """The validated plan; from this machine's plan cache while the plan file is unchanged."""
        if self._plan is None:
            self.check_workspace_file()
            plan = plan_cache.cached_plan(self.plan_path, self.roster_file(), self.calendar_file(),
                                          self.plan_location())
            self._check_plan_id(plan.id)
            self._plan = plan
        return self._plan


def _plan_label(plan_id: str, numbers: dict[str, str]) -> str:
    """A plan as a choice: its id, with its document number when it has one."""
    return f"{plan_id} ({numbers[plan_id]})" if numbers.get(plan_id) else plan_id


def say_mismatches(plan_id: str, count: int, targets: str) -> None:
    """"Kế hoạch và sổ tiến độ không khớp", once per plan, on stderr (`[plan]` first in a workspace)."""
    where = f"[{plan_id}] " if plan_id else ""
    to_stderr(f"sapa: {where}" + tr("plan_ledger_mismatch", count=count, targets=targets))


def run_command(s: Settings, handler: Callable[..., None], params: dict[str, Any]) -> None:
    """Run a command's function on the settings (both front ends come here). A data folder that
    is not there is never a silent empty office: a named one (--data, SAPA_DATA) that the command
    did not create is said on stderr; one a write created, named or the default, is said too.
    A command that failed on a data folder that cannot be used (a file, a folder we may not read,
    a name too long) says so of the folder, and why: exit 5, as for a ledger that cannot be read."""
    existed = os.path.lexists(s.data_dir)
    unusable = False
    try:
        handler(s, **params)
    except (SapaError, OSError):
        reason = data_dir_problem(os.fspath(s.data_dir))
        if reason is None:
            raise
        unusable = True
        raise LedgerError("data_dir_unusable", path=os.path.abspath(s.data_dir), reason=reason) from None
    finally:
        if not existed and not unusable:
            say_data_dir(s)


def say_data_dir(s: Settings) -> None:
    """The note on the data folder that was not there when the command began: created by this
    command's write, or still missing (said only of a folder given by name)."""
    path = os.path.abspath(s.data_dir)
    if os.path.isdir(s.data_dir):
        key = "data_dir_created"
    elif s.data_named and not os.path.lexists(s.data_dir):
        key = "data_dir_missing"
    else:
        return
    to_stderr("sapa: " + tr(key, path=path))


def make_settings(*, plan: StrPath | None = None, data: StrPath | None = None, today: str | None = None,
                  lang: str = "vi", rich: bool | None = None, now: Callable[[], datetime] | None = None) -> Settings:
    """Settings from the global options (or their environment variables), checked, on the clock
    `now` (the real one if not given). The options are those of `cli/spec.py`'s GLOBAL, by name;
    without --today, today is the clock's date in Vietnam, not the machine's (cron may run on a
    UTC server)."""
    if lang.lower() not in i18n.LANGUAGES:
        raise UsageError("bad_language", value=lang)
    i18n.set_language(lang.lower())
    now = now or clock.now
    settings = Settings(
        plan_path=None,
        data_dir=data or default_data_dir(),
        today=parse_date(today) if today else now().date(),
        rich=rich,
        plan_arg=os.fspath(plan) if plan else None,
        now=now,
    )
    settings.data_named = bool(data)
    return settings

