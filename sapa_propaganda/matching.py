"""Turn what the clerk typed into a unit or an item, ignoring case and diacritics.

An exact match on id, name, short name or alias wins; otherwise a unique partial match; an
ambiguous argument lists the candidates and an unknown one suggests the closest.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import UsageError
from .i18n import tr
from .model import Item, Plan, Unit
from .text import close_matches, fold


def _names(unit: Unit) -> list[str]:
    return [n for n in (unit.id, unit.name, unit.short, *unit.aliases) if n]


def _loose(text: str) -> str:
    """Folded, with punctuation as spaces: "chi dang bo" finds "Các chi, đảng bộ" and "chi-dang-bo"."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


def resolve_unit(plan: Plan, typed: str) -> Unit:
    wanted = _loose(typed)
    if not wanted:
        raise UsageError("unknown_unit", value=typed, hint="")
    exact = [u for u in plan.units if any(_loose(n) == wanted for n in _names(u))]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [u for u in plan.units if any(wanted in _loose(n) for n in _names(u))]
    if len(partial) == 1:
        return partial[0]
    if partial:
        options = ", ".join(f"{u.id} ({u.name})" for u in partial)
        raise UsageError("ambiguous_unit", value=typed, options=options)
    every_name = [n for u in plan.units for n in _names(u)]
    hint = close_matches(typed, every_name)
    ids = sorted({u.id for u in plan.units for n in _names(u) if n in hint})
    raise UsageError("unknown_unit", value=typed,
                     hint=tr("did_you_mean", options=", ".join(ids)) if ids else "")


def resolve_item_id(ids: Iterable[str], typed: str) -> str:
    """The id the clerk meant ("iii.1.2", "III.1.2."), or UsageError with the closest ids."""
    wanted = fold(typed).rstrip(".")
    known = list(ids)
    for item_id in known:
        if fold(item_id) == wanted:
            return item_id
    hint = close_matches(typed, known)
    raise UsageError("unknown_item", value=typed,
                     hint=tr("did_you_mean", options=", ".join(hint)) if hint else "")


def resolve_item(plan: Plan, typed: str) -> Item:
    return plan.item(resolve_item_id((i.id for i in plan.items), typed))
