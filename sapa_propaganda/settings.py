"""Where things live: the plan file, the data directory, today's date and the language.

Resolved once from global options and environment variables; the bundled plan is found
whether sapa runs from a wheel or from a source checkout.
"""

from __future__ import annotations

import os
import sys
from datetime import date

from .errors import UsageError
from .model import Plan, PlanIndex
from .progress import ProgressState

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from _typeshed import StrPath

    from .ledger import Ledger

APP_NAME = "sapa"


def _package_dir() -> str:
    return os.path.dirname(os.path.abspath(__file__))


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
    """The resolved global options, and the plan loaded once per run."""

    def __init__(self, plan_path: StrPath, data_dir: StrPath, today: date, rich: bool | None = None):
        self.plan_path = os.fspath(plan_path)
        self.data_dir = os.fspath(data_dir)
        self.today = today
        self.rich = rich
        self._plan: Plan | None = None
        self._index: PlanIndex | None = None

    def ledger(self) -> Ledger:
        return self.ledger_of(self.plan_index())

    def state(self) -> ProgressState:
        """Where every item and report stands on `today`; no history (fast, from the ledger's cache)."""
        return self.ledger().state(as_of=self.today)

    def full_state(self) -> ProgressState:
        """The state with every event, for history, show and export."""
        return self.ledger().full_state()

    def plan_index(self) -> PlanIndex:
        """Item ids and kinds only: enough for a write, and far quicker to load than a large plan."""
        if self._index is None:
            cache_dir = os.path.join(self.data_dir, ".cache")
            self._index = cached_index(self.plan_path, cache_dir)
            if self._index is None:
                self.plan()  # builds the plan's caches, the index among them
                self._index = cached_index(self.plan_path, cache_dir)
            if self._index is None:  # the cache folder cannot be written: derive it here
                self._index = PlanIndex.of(self.plan(), _plan_version(self.plan_path))
        return self._index

    def ledger_of(self, index: PlanIndex) -> Ledger:
        from .ledger import Ledger

        return Ledger(os.path.join(self.data_dir, index.plan_id), index.plan_id, index)

    def plan(self) -> Plan:
        """The validated plan; from the data directory's cache while the plan file is unchanged."""
        if self._plan is None:
            self._plan = cached_plan(self.plan_path, os.path.join(self.data_dir, ".cache"))
        return self._plan


def make_settings(plan: StrPath | None, data: StrPath | None, today: str | None, lang: str,
                  rich: bool | None) -> Settings:
    """Settings from the global options (or their environment variables), checked."""
    from . import i18n
    from .dates import parse_date
    from .dates import today as real_today

    if lang.lower() not in i18n.LANGUAGES:
        raise UsageError("bad_language", value=lang)
    i18n.set_language(lang.lower())
    return Settings(
        plan_path=plan or bundled_plan_file(),
        data_dir=data or default_data_dir(),
        today=parse_date(today) if today else real_today(),
        rich=rich,
    )


def _plan_cache(path: str, cache_dir: str) -> tuple[str, tuple[object, ...]]:
    """Where a plan's caches go and the stamp they must carry."""
    import zlib

    from . import derived_cache

    resolved = os.path.realpath(path)
    code = _package_dir()
    # The code's own files are in the stamp: a plan cached by another version is not reused.
    stamp = (resolved, derived_cache.file_stamp(resolved), derived_cache.file_stamp(os.path.join(code, "model.py")),
             derived_cache.file_stamp(os.path.join(code, "plan_loader.py")))
    if stamp[1] is None:
        raise UsageError("plan_not_found", path=path)
    # The name only spreads plans over files; the stamp inside says which plan a file holds.
    return os.path.join(cache_dir, f"plan-{zlib.crc32(resolved.encode('utf-8')):08x}"), stamp


def cached_plan(path: str, cache_dir: str) -> Plan:
    """Parsing and checking a large plan costs more than the command itself; do it once per edit."""
    from . import derived_cache

    name, stamp = _plan_cache(path, cache_dir)
    cached = derived_cache.load(name + ".pickle", stamp)
    if isinstance(cached, Plan):
        return cached
    from .deadlines import obligations
    from .plan_loader import load_plan

    plan = load_plan(path)
    obligations(plan)  # worked out once here, kept in the cache with the plan
    derived_cache.save(name + ".pickle", stamp, plan)
    index = PlanIndex.of(plan, repr(stamp[1]))
    derived_cache.save_plain(name + ".index", stamp, (index.plan_id, index.kinds, index.start.toordinal(),
                                                      index.units, index.version))
    return plan


def _plan_version(path: str) -> str:
    from . import derived_cache

    return repr(derived_cache.file_stamp(os.path.realpath(path)))


def cached_index(path: str, cache_dir: str) -> PlanIndex | None:
    from . import derived_cache

    name, stamp = _plan_cache(path, cache_dir)
    cached = derived_cache.load_plain(name + ".index", stamp)
    if isinstance(cached, tuple) and len(cached) == 5:
        plan_id, kinds, start, units, version = cached
        return PlanIndex(plan_id, kinds, date.fromordinal(start), units, version)
    return None
