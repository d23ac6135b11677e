"""Where things live: the plan file, the data directory, today's date and the language.

Resolved once from global options and environment variables; the bundled plan is found
whether sapa runs from a wheel or from a source checkout.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import UsageError
from .model import Plan
from .progress import Event, ProgressState

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


@dataclass
class Settings:
    plan_path: Path
    data_dir: Path
    today: date
    rich: bool | None = None
    _plan: Plan | None = field(default=None, repr=False)

    def ledger_file(self) -> Path:
        from .ledger import ledger_path

        return ledger_path(self.data_dir, self.plan().id)

    def events(self) -> list[Event]:
        from .ledger import read_events

        return read_events(self.ledger_file(), self.plan().id)

    def state(self) -> ProgressState:
        from .progress import build_state

        return build_state(self.events())

    def plan(self) -> Plan:
        if self._plan is None:
            from .plan_loader import load_plan

            self._plan = load_plan(self.plan_path)
        return self._plan
