"""Turn what the clerk typed into a unit or an item, ignoring case and diacritics; find a phrase.

An exact match on id, name, short name or alias wins; otherwise a unique partial match; an
ambiguous argument lists the candidates and an unknown one suggests the closest.

A search phrase matches whole syllables, consecutive and in order (`phrase_matcher`).
"""

from __future__ import annotations

from ..errors import UsageError
from .model import REMOVED, Item, Member, Plan, Unit
from .text import close_matches, fold, nfc

# `re` and `unicodedata` load only when searching: they cost the everyday commands start-up time;
# collections.abc, for the type checker only, pulls in `collections`.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


def _names(unit: Unit) -> list[str]:
    return [n for n in (unit.id, unit.name, unit.short, *unit.aliases) if n]


def _loose(text: str) -> str:
    """Folded, with punctuation as spaces: "chi dang bo" finds "Các chi, đảng bộ" and "chi-dang-bo"."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


def by_exact_id(plan: Plan, typed: str) -> Unit | None:
    """The unit whose id, or one of its earlier ids (`renamed_from`), is exactly what was typed."""
    wanted = typed.strip().lower()
    return (next((u for u in plan.units if u.id == wanted), None)
            or next((u for u in plan.units if wanted in u.renamed_from), None))


def how_exactly(plan: Plan, typed: str) -> int:
    """How exactly the plan names a unit or member as typed: 2, a unit's id (or earlier id); 1, a
    unit's or member's id or name, case, diacritics and punctuation aside; 0, only in part or not
    at all. Across the office, the plans naming it most exactly are the ones meant."""
    if by_exact_id(plan, typed) is not None:
        return 2
    wanted = _loose(typed)
    names = (n for u in plan.units for n in (*_names(u), *(x for m in u.members for x in _member_names(u, m))))
    return 1 if wanted and any(_loose(n) == wanted for n in names) else 0


def resolve_unit(plan: Plan, typed: str) -> Unit:
    wanted = _loose(typed)
    if not wanted:
        raise UsageError("unknown_unit", value=typed, suggest=[])
    by_id = by_exact_id(plan, typed)
    if by_id is not None:  # an id typed exactly is never ambiguous, whatever other names fold to
        return by_id
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
    raise UsageError("unknown_unit", value=typed, suggest=ids)


def _member_names(unit: Unit, member: Member) -> list[str]:
    return [member.id, f"{unit.id}/{member.id}", member.name, *member.aliases]


def resolve_reporter(plan: Plan, typed: str) -> tuple[Unit, Member | None]:
    """A unit, or a member of one ("chi bo ta van", `chi-dang-bo/ta-van`), as the clerk typed it
    for `submit`, `waive` and `reports --unit`. A unit named exactly wins; then a member named
    exactly; then a unique partial match among both."""
    wanted = _loose(typed)
    pairs = [(u, m) for u in plan.units for m in u.members]
    if not wanted or not pairs or by_exact_id(plan, typed) is not None:
        return resolve_unit(plan, typed), None
    exact_units = [u for u in plan.units if any(_loose(n) == wanted for n in _names(u))]
    if len(exact_units) == 1:
        return exact_units[0], None
    exact = [(u, m) for u, m in pairs if any(_loose(n) == wanted for n in _member_names(u, m))]
    if len(exact) == 1:
        return exact[0]
    found: list[tuple[Unit, Member | None]] = [(u, None) for u in exact_units] + list(exact)
    if not found:
        found = [(u, None) for u in plan.units if any(wanted in _loose(n) for n in _names(u))]
        found += [(u, m) for u, m in pairs if any(wanted in _loose(n) for n in _member_names(u, m))]
    if len(found) == 1:
        return found[0]
    if found:
        options = ", ".join(f"{u.id}/{m.id} ({m.name})" if m else f"{u.id} ({u.name})" for u, m in found[:10])
        raise UsageError("ambiguous_unit", value=typed, options=options + (", …" if len(found) > 10 else ""))
    names = [n for u in plan.units for n in _names(u)] + [m.name for _u, m in pairs]
    hint = close_matches(typed, names)
    raise UsageError("unknown_unit", value=typed, suggest=hint)


def resolve_item_id(ids: Iterable[str], typed: str, renamed: dict[str, str] | None = None,
                    removed: Iterable[str] = (), keep_removed: bool = False) -> str:
    """The id the clerk meant ("iii.1.2", "III.1.2."), or UsageError with the closest ids. An id
    the plan says an item had before (`renamed_from`, in `renamed` as old -> new) is that item. An
    item the plan took out (`removed`) is refused as such, or, `keep_removed`, its id is given
    (its history is still there to show)."""
    wanted = fold(typed).rstrip(".")
    known = list(ids)
    for item_id in known:
        if fold(item_id) == wanted:
            return item_id
    for old, new in (renamed or {}).items():
        if fold(old) == wanted:
            return new
    occurrence = _occurrence_typed(known, typed, renamed or {})
    if occurrence is not None:
        return occurrence
    for gone in removed:
        if fold(gone) == wanted:
            if keep_removed:
                return gone
            raise UsageError("item_removed", id=gone, ref=gone)
    hint = close_matches(typed, known)
    raise UsageError("unknown_item", value=typed, suggest=hint)


def _occurrence_typed(known: list[str], typed: str, renamed: dict[str, str]) -> str | None:
    """An occurrence of a recurring duty typed with its period in words (`II.3@T7/2009`,
    `II.3@tháng 7/2009`, `II.3@quý 3/2009`), or under the duty's earlier id; None otherwise."""
    base, at, when = typed.partition("@")
    if not at or not when.strip():
        return None
    from .period_words import read_period

    try:
        period = read_period(when.strip())
    except UsageError:
        return None
    wanted = fold(base).rstrip(".")
    base = next((new for old, new in renamed.items() if fold(old) == wanted), base)
    occurrence = fold(f"{base}@{period.id}")
    return next((item_id for item_id in known if fold(item_id) == occurrence), None)


def item_renames(plan: Plan) -> dict[str, str]:
    return {old: i.id for i in plan.items for old in i.renamed_from}


def resolve_item(plan: Plan, typed: str) -> Item:
    return plan.item(resolve_item_id((i.id for i in (*plan.items, *plan.occurrences)), typed, item_renames(plan),
                                     plan.removed))


def resolve_item_or_removed(plan: Plan, typed: str) -> Item:
    """An item as `resolve_item` finds it; one the plan took out (`removed`) as a stand-in of kind
    REMOVED, with no text, units or place: what is left of it is its history (`show`, `history`)."""
    found = resolve_item_id((i.id for i in (*plan.items, *plan.occurrences)), typed, item_renames(plan),
                            plan.removed, keep_removed=True)
    return plan.item(found) if plan.has_item(found) else Item(found, REMOVED, None)


# ---- search phrases --------------------------------------------------------------------------

# A syllable: letters and digits, with any combining mark NFC left loose; everything else
# (spaces, punctuation, dashes, underscores) only separates syllables.
_SYLLABLE_PATTERN = r"(?:[^\W_]|[\u0300-\u036f])+"
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def syllables(text: str) -> list[str]:
    """The syllables of a text, NFC, without the punctuation around them."""
    import re

    return re.findall(_SYLLABLE_PATTERN, nfc(text))


def _spelled(syllable: str) -> str:
    """A syllable as spelled, without case and whatever the tone mark sits on: "Uỷ" and "ủy",
    "hoà" and "hòa" are the same syllable; "thi" and "thị", "đồng" and "dong" are not."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", syllable.casefold())
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", base) + "".join(sorted(ch for ch in decomposed if ch in _TONES))


def _key(syllable: str) -> tuple[str, str]:
    return fold(syllable), _spelled(syllable)


class _FoldedSyllables(dict[int, str]):
    """For str.translate: each character folded once, then looked up at C speed. A letter or
    digit becomes its fold, a combining mark nothing, anything else a space between syllables."""

    def __missing__(self, code: int) -> str:
        import unicodedata

        ch = chr(code)
        if unicodedata.combining(ch):
            folded = ""
        elif ch.isalnum():
            folded = fold(ch) or " "
        else:
            folded = " "
        self[code] = folded
        return folded


_FOLDED_SYLLABLES = _FoldedSyllables()


def _folded_line(text: str) -> str:
    """" ".join(syllables(fold(text))), padded with a space each side, quickly: a search reads
    every text of the plan."""
    return " " + " ".join(text.translate(_FOLDED_SYLLABLES).split()) + " "


def phrase_matcher(typed: str) -> Callable[[str], bool] | None:
    """A test for texts holding the typed phrase; None when nothing searchable was typed.

    Whole syllables, consecutive and in order; punctuation between them does not matter. A phrase
    typed without any diacritics ("co dong") stands for every spelling that folds to it ("cổ
    động", "có động"). A phrase typed with diacritics is taken as spelled, every syllable of it
    (case and NFC/NFD aside): "hội thi" is not "hội thị", since a clerk who types marks types
    them where they belong.
    """
    if not typed.strip():
        return None
    typed_syllables = syllables(typed)
    marked = any(fold(s) != nfc(s).casefold() for s in typed_syllables)
    wanted = [(fold(s), _spelled(s) if marked else None) for s in typed_syllables]
    if not wanted:
        return None
    folded_phrase = " " + " ".join(f for f, _exact in wanted) + " "
    strict = any(exact is not None for _folded, exact in wanted)
    size = len(wanted)

    def found_in(text: str) -> bool:
        # Folded first, all syllables at once: most texts miss, and a phrase typed without
        # diacritics needs nothing more.
        if folded_phrase not in _folded_line(text):
            return False
        if not strict:
            return True
        keys = [_key(s) for s in syllables(text)]
        for start in range(len(keys) - size + 1):
            if all(keys[start + n][0] == folded and (exact is None or keys[start + n][1] == exact)
                   for n, (folded, exact) in enumerate(wanted)):
                return True
        return False

    return found_in
