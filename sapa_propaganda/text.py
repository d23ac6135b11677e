"""Vietnamese text: NFC on the way in, folding for matching, Vietnamese sort order, safe output."""

from __future__ import annotations

import unicodedata

_CONTROL_PATTERN = (
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks
    r"|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def nfc(text: str) -> str:
    """Normalise to NFC: the same word may arrive decomposed from macOS or the web."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Fold for matching: no case, no diacritics; đ becomes d because it does not decompose."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def strip_control(text: str) -> str:
    """Remove escape sequences and control characters (tabs and newlines stay): notes are data."""
    if text.isprintable():  # the usual case, checked without compiling a pattern
        return text
    import re

    return re.sub(_CONTROL_PATTERN, "", text)


def clean_input(text: str) -> str:
    """What every piece of user text goes through before it is stored."""
    return strip_control(nfc(text)).strip()


# Vietnamese alphabetical order: base letters with their own place, then tones to break ties.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def _split_letter(ch: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    tone = 0
    base = ""
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            base += part
    return unicodedata.normalize("NFC", base), tone


def _rank(base: str) -> int:
    """Letters in Vietnamese order; spaces, digits and punctuation before any letter ("Ban X" < "Bang")."""
    if base in _LETTER_RANK:
        return _LETTER_RANK[base]
    if not base:
        return 0
    return 1000 + ord(base[0]) if base[0].isalpha() else ord(base[0]) - 0x110000


def vi_sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key in Vietnamese order: a < ă < â, d < đ …; tones only break ties."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in nfc(text):
        base, tone = _split_letter(ch)
        letters.append(_rank(base))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def close_matches(word: str, candidates: list[str], limit: int = 3) -> list[str]:
    """Candidates close to `word`, compared folded, returned as written."""
    import difflib

    folded = {fold(c): c for c in candidates}
    hits = difflib.get_close_matches(fold(word), list(folded), n=limit, cutoff=0.5)
    return [folded[h] for h in hits]


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters, cut at a word, with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    cut = line[: width - 1].rsplit(" ", 1)[0]
    return cut + "…"
