"""What Tab completes: unit, item, period and event ids from the plan and ledger in use.

Typer calls these (`autocompletion=`) when the shell asks, with the context parsed so far: the
global options typed (or their environment variables) say which plan and ledger. Only the Typer
app imports this module, so everyday commands pay nothing for it. A plan that cannot be read
completes nothing: completion never prints an error into the user's command line.
"""

from __future__ import annotations

from typing import Any

from ..commands.context import Settings, make_settings
from ..errors import SapaError

# The core and the labels load only when the shell asks for completions.


def _settings(ctx: Any) -> Settings | None:
    given = ctx.find_root().params
    try:
        return make_settings(plan=given.get("plan"), data=given.get("data"), today=given.get("today"),
                             lang=given.get("lang") or "vi")
    except SapaError:
        return None


def _matching(pairs: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """(value, description) pairs whose value starts with what is typed, ignoring case."""
    typed = incomplete.casefold()
    return [(value, " ".join(text.split())[:60]) for value, text in pairs if value.casefold().startswith(typed)]


def units(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    settings = _settings(ctx)
    try:
        return _matching([(u.id, u.name) for u in settings.plan().units], incomplete) if settings else []
    except SapaError:
        return []


def items(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    settings = _settings(ctx)
    try:
        return _matching([(i.id, i.title or i.text) for i in settings.plan().items], incomplete) if settings else []
    except SapaError:
        return []


def tracked_items(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """The items `mark` accepts: duties, contents and forms, not headings."""
    settings = _settings(ctx)
    try:
        return _matching([(i.id, i.text) for i in settings.plan().tracked_items], incomplete) if settings else []
    except SapaError:
        return []


def periods(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """The reporting periods the plan owes reports for, in order."""
    from ..core.deadlines import obligations
    from ..render.labels import period_name

    settings = _settings(ctx)
    try:
        plan = settings.plan() if settings else None
    except SapaError:
        return []
    seen: dict[str, str] = {}
    for obligation in obligations(plan) if plan else []:
        seen.setdefault(obligation.period.id, period_name(obligation.period, plan))
    return _matching(list(seen.items()), incomplete)


def events(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Event ids for `undo`, newest first, each with what it recorded."""
    settings = _settings(ctx)
    try:
        found = settings.ledger().read_events() if settings else []
    except SapaError:
        return []
    latest = sorted(found, key=lambda e: e.recorded, reverse=True)[:50]
    return _matching([(e.id, f"{e.date.isoformat()} {e.kind} {e.target} {e.status or ''}") for e in latest],
                     incomplete)


def statuses(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    from ..core.progress import STATUS_ALIASES, STATUSES
    from ..status_words import status_label

    pairs = [(code, status_label(code)) for code in STATUSES]
    pairs += [(alias, status_label(code)) for alias, code in STATUS_ALIASES.items()]
    return _matching(pairs, incomplete)


# spec.py's `complete=` names -> the function that completes it.
BY_KIND = {"unit": units, "item": items, "tracked": tracked_items, "period": periods, "event": events,
           "status": statuses}
