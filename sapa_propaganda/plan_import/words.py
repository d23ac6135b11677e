"""Small facts about Vietnamese administrative text that every stage of the importer uses:
folding for comparison, Roman numerals, the letter order of "a), b), … đ), e)", slugs for ids,
and the capitalisation of a body's name written in capitals.
"""

from __future__ import annotations

import re
import unicodedata

from ..core.names import is_upper, name_from_capitals  # noqa: F401 - the importer's words, kept here too
from ..core.text import fold

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Vietnamese documents letter their points a, b, c, d, đ, e, g, h, i, k, l, m, n (no f, j, w, z).
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"


def folded(text: str) -> str:
    """Lower case, no diacritics (đ→d), punctuation as spaces, single spaces: for comparing."""
    text = fold(text)
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return text.strip()


def roman_value(text: str) -> int:
    """The value of a Roman numeral up to C, or 0 when `text` is not one written the usual way."""
    total, previous = 0, 0
    for ch in reversed(text.upper()):
        value = ROMAN_VALUES.get(ch)
        if value is None:
            return 0
        total += -value if value < previous else value
        previous = max(previous, value)
    return total if total and to_roman(total) == text.upper() else 0


def to_roman(value: int) -> str:
    out = []
    for number, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                            (4, "IV"), (1, "I")):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def id_component(label: str) -> str:
    """A numbering label as a component of an item id: "đ" becomes "dd", as typed in Telex, since
    ids are ASCII and "d" is taken by the point before it."""
    label = label.replace("đ", "dd").replace("Đ", "DD")
    return "".join(ch for ch in label if ch.isascii() and ch.isalnum())


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII words joined by '-', cut at a word boundary within `limit`."""
    words = folded(text).split()
    out: list[str] = []
    for word in words:
        if out and len("-".join([*out, word])) > limit:
            break
        out.append(word)
    return "-".join(out)[:limit].strip("-")


def strip_accents_keep_d(text: str) -> str:
    """Diacritics off, đ kept: for showing a folded form to a human."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
