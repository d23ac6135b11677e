"""Where things live: the plan file, the data directory, today's date and the language.

Resolved once from global options and environment variables; the bundled plan is found
whether sapa runs from a wheel or from a source checkout.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from .errors import UsageError
from .model import Plan

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .ledger import Ledger
from .progress import ProgressState

APP_NAME = "sapa"


def bundled_plan_dir() -> Path:
    package = Path(__file__).resolve().parent
    installed = package / "plans"  # the wheel puts plans/ inside the package
    return installed if installed.is_dir() else package.parent / "plans"


def bundled_plan() -> Path:
    plans = sorted(bundled_plan_dir().glob("*.toml"))
    if not plans:
        raise UsageError("plan_not_found", path=str(bundled_plan_dir() / "*.toml"))
    return plans[0]


def default_data_dir() -> Path:
    """The platform's per-user data directory, as Windows, macOS and XDG define it."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_NAME


class Settings:
    """The resolved global options, and the plan loaded once per run."""

    def __init__(self, plan_path: Path, data_dir: Path, today: date, rich: bool | None = None):
        self.plan_path = plan_path
        self.data_dir = data_dir
        self.today = today
        self.rich = rich
        self._plan: Plan | None = None

    def ledger(self) -> Ledger:
        from .ledger import Ledger

        return Ledger(self.data_dir / self.plan().id, self.plan().id)

    def state(self) -> ProgressState:
        """Where every item and report stands; no history (fast, from the ledger's cache)."""
        return self.ledger().state()

    def full_state(self) -> ProgressState:
        """The state with every event, for history, show and export."""
        return self.ledger().full_state()

    def plan(self) -> Plan:
        """The validated plan; from the data directory's cache while the plan file is unchanged."""
        if self._plan is None:
            self._plan = cached_plan(self.plan_path, self.data_dir / ".cache")
        return self._plan


def make_settings(plan: Path | None, data: Path | None, today: str | None, lang: str,
                  rich: bool | None) -> Settings:
    """Settings from the global options (or their environment variables), checked."""
    from . import i18n
    from .dates import parse_date
    from .dates import today as real_today

    if lang.lower() not in i18n.LANGUAGES:
        raise UsageError("bad_language", value=lang)
    i18n.set_language(lang.lower())
    return Settings(
        plan_path=plan or bundled_plan(),
        data_dir=data or default_data_dir(),
        today=parse_date(today) if today else real_today(),
        rich=rich,
    )


def cached_plan(path: Path, cache_dir: Path) -> Plan:
    """Parsing and checking a large plan costs more than the command itself; do it once per edit."""
    import hashlib

    from . import derived_cache, model

    resolved = path.resolve()
    # The code's own files are in the stamp: a plan cached by another version is not reused.
    stamp = (str(resolved), derived_cache.file_stamp(resolved), derived_cache.file_stamp(Path(model.__file__)),
             derived_cache.file_stamp(Path(__file__).with_name("plan_loader.py")))
    if stamp[1] is None:
        raise UsageError("plan_not_found", path=str(path))
    name = "plan-" + hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:16] + ".pickle"
    cached = derived_cache.load(cache_dir / name, stamp)
    if isinstance(cached, Plan):
        return cached
    from .deadlines import obligations
    from .plan_loader import load_plan

    plan = load_plan(path)
    obligations(plan)  # worked out once here, kept in the cache with the plan
    derived_cache.save(cache_dir / name, stamp, plan)
    return plan
