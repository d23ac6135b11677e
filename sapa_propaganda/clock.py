"""The real clock: the one place sapa reads the time of day.

It is read at the edge only. The entry points build `Settings` with it (`commands.context`),
the commands hand `Settings.now` to the write actions, and the core is given `today`; a test
gives its own clock to `sapa_propaganda.__main__.run(argv, clock=…)` instead of patching this.
"""

from __future__ import annotations

from .core.dates import zone
from .core.datetime_types import datetime


def now() -> datetime:
    """Now in Vietnam (Asia/Ho_Chi_Minh), the plan's time zone: when an event is recorded."""
    return datetime.now(zone())
