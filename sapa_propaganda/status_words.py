"""A status as people say it: its label in the user's language, and what the clerk may type for it.

Here, not in `progress`, so that the core holds codes only and the words live at the edges.
"""

from __future__ import annotations

from .core.progress import STATUS_ALIASES, STATUSES
from .core.text import fold
from .errors import UsageError
from .i18n import MESSAGES, tr


def status_label(status: str) -> str:
    return tr("status_" + status)


def parse_status(typed: str) -> str:
    """Accept the code, the short Vietnamese alias, or the label in either language, with or
    without diacritics."""
    wanted = fold(typed)
    if wanted in STATUSES or wanted in STATUS_ALIASES:  # a code or an alias, as cron types it: no label to fold
        return STATUS_ALIASES.get(wanted, wanted)
    for status in STATUSES:
        names = {status, *(fold(label) for label in MESSAGES["status_" + status])}
        names |= {alias for alias, code in STATUS_ALIASES.items() if code == status}
        if wanted in names:
            return status
    choices = ", ".join(f"{s} ({status_label(s)})" for s in STATUSES)
    raise UsageError("bad_status", value=typed, choices=choices)
