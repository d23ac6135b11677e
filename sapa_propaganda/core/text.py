"""Vietnamese text: NFC on the way in, folding for matching, Vietnamese sort order, safe output."""

from __future__ import annotations

# `re`, `json`, `difflib` and `unicodedata` load only in the function that needs them: writing an
# event needs none of them (ASCII needs no normalising), and cron's daily commands pay for each at
# start-up.

# What for_display removes whole, before it drops single control characters.
_ESCAPE_PATTERN = (
    r"\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: window titles, hyperlinks
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # the same, introduced by C1 OSC
    r"|\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, erasing
    r"|\x1b[@-_]"
)
_CONTROL_PATTERN = (
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks
    r"|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def nfc(text: str) -> str:
    """Normalise to NFC: the same word may arrive decomposed from macOS or the web."""
    if text.isascii():  # nothing to compose
        return text
    import unicodedata

    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Fold for matching: no case, no diacritics; đ becomes d because it does not decompose."""
    if text.isascii():  # no diacritics to take off
        return " ".join(text.casefold().split())
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def strip_control(text: str) -> str:
    """Remove escape sequences and control characters (tabs and newlines stay): notes are data."""
    if text.isprintable():  # the usual case, checked without compiling a pattern
        return text
    import re

    return re.sub(_CONTROL_PATTERN, "", text)


_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def for_display(text: str, single_line: bool = True) -> str:
    """Text as it may leave the program for a person: a terminal, a pipe, a checklist, a calendar.

    Plan text, notes, document numbers and imported fields are data: none of them may drive
    the terminal or forge a line or a column. Escape sequences (CSI, OSC) go whole; other
    control characters go; invisible format characters (zero-width, the bidi overrides and
    isolates that reorder what is shown, U+FEFF) go; a lone surrogate becomes U+FFFD. A tab
    is a space. Line breaks (CR, LF, CRLF, VT, FF, NEL, U+2028/9) are a space when
    `single_line`, else one newline each. The plain, Rich, checklist and ICS outputs and the
    interface's messages all pass through here; JSON keeps the data (json_out escapes it).
    """
    if text.isprintable():  # the usual case: no Cc, Cf, Cs, Zl or Zp, so nothing to do
        return text
    import re
    import unicodedata

    out = []
    for ch in re.sub(_ESCAPE_PATTERN, "", text.replace("\r\n", "\n")):
        if ch.isprintable():
            out.append(ch)
        elif ch in _LINE_BREAKS:
            out.append(" " if single_line else "\n")
        elif ch == "\t":
            out.append(" ")
        else:
            kind = unicodedata.category(ch)
            if kind == "Cs":
                out.append("\ufffd")
            elif kind not in ("Cc", "Cf"):  # spaces such as NBSP, private use, newer characters
                out.append(ch)
    return "".join(out)


# What for_display drops (or breaks a line at) that json.dumps(ensure_ascii=False) writes as it is:
# DEL and the C1 controls, the format characters (zero-width, bidi controls, soft hyphen, tags), the
# line and paragraph separators, lone surrogates. JSON's own layout is only spaces and line breaks.
_JSON_INVISIBLE = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # a UTF-16 surrogate pair, as JSON spells characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_visible(dumped: str) -> str:
    """JSON text (from json.dumps) with the characters for_display would drop written as \\u
    escapes: the data is unchanged for any reader, and nothing invisible reaches a terminal."""
    if dumped.replace("\n", "").isprintable():  # the usual case, checked at C speed
        return dumped
    import unicodedata

    return "".join(_json_escape(ch) if ch != "\n" and not ch.isprintable()
                   and unicodedata.category(ch) in _JSON_INVISIBLE else ch for ch in dumped)


def json_text(data: object, indent: int | None = 2) -> str:
    """The one JSON encoder of every output: UTF-8 as it reads, with `json_visible`'s escapes, and
    a final line break. Plan files, ledgers and exports read back the same data."""
    import json

    return json_visible(json.dumps(data, ensure_ascii=False, indent=indent)) + "\n"


def json_elements(items: list[object], first: bool) -> str:
    """Elements of a JSON array written part by part (`json_text`'s bytes exactly, once the array
    is closed by `json_array_end`), so that a long listing is never held whole as text; "" for
    none. One encoding per part: each indented encoding leaves a reference cycle, which a run
    without garbage collection (__main__) would keep."""
    import json

    if not items:
        return ""
    inner = json_visible(json.dumps(items, ensure_ascii=False, indent=2))[2:-2]  # without "[\n" and "\n]"
    return ("[\n" if first else ",\n") + inner


def json_array_end(written: bool) -> str:
    """What closes an array begun by `json_element`: `[]` when no element was written."""
    return "\n]\n" if written else "[]\n"


def clean_input(text: str) -> str:
    """What every piece of user text goes through before it is stored."""
    return strip_control(nfc(text)).strip()


def clean_line(text: str) -> str:
    """A name or a document number: clean_input, on one line (a note may have several)."""
    return " ".join(clean_input(text).split())


# Vietnamese alphabetical order: base letters with their own place, then tones to break ties.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


_LETTERS: dict[str, tuple[str, int]] = {}  # each character split once: a sort meets the same ones again


def _split_letter(ch: str) -> tuple[str, int]:
    split = _LETTERS.get(ch)
    if split is None:
        split = _LETTERS[ch] = _split_new_letter(ch)
    return split


def _split_new_letter(ch: str) -> tuple[str, int]:
    import unicodedata

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
