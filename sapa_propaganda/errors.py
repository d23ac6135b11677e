"""Every error the user can cause, with its exit code.

Errors carry a message key and its parameters, not a finished sentence, so that the CLI can
say them in the user's language. The CLI prints `str(err)` as one line on stderr and exits
with `err.exit_code`; nothing below the CLI prints.
"""

from __future__ import annotations

from .i18n import tr

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class SapaError(Exception):
    """Base of all user-facing errors."""

    exit_code = 1

    def __init__(self, key: str, **params: Any):
        self.key = key
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:
        return tr(self.key, **self.params)

    def message(self) -> str:
        """What the user sees on stderr."""
        return f"sapa: {self}"


class UsageError(SapaError):
    """A bad argument value: an unknown id, status, period or date."""

    exit_code = 2


class PlanError(SapaError):
    """The plan file cannot be read or is invalid. Carries every problem found, one per line."""

    exit_code = 4

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("plan_invalid")

    def __str__(self) -> str:
        return "\n".join(self.problems)


class LedgerError(SapaError):
    """The progress ledger is damaged, locked, or of an unknown format. Nothing was written."""

    exit_code = 5


class OverdueFound(SapaError):
    """`remind --fail-on-overdue` found something overdue; cron sees exit code 3."""

    exit_code = 3
