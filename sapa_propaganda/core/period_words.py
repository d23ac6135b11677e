"""Periods as people write them in Vietnamese: "6 tháng đầu năm 2022", "quý II/2022", "T6/2022".

One grammar, for two readers:

- `parse_words(text)`: a whole command-line argument (`periods.parse_period` hands over
  whatever is not a canonical id). Forgiving: any case, with or without diacritics (đ is d),
  NFC or NFD, extra spaces, Word's smart punctuation ("–", "—", non-breaking spaces, curly
  quotes), and "-", "/" or a space between the period and its year.
- `find_periods(sentence, default_year)`: the periods named inside a sentence of a plan
  document ("hoàn thành trong quý III/2022", "báo cáo 6 tháng đầu năm 2023"), for the importer.

The forms, each with the id it means:

- `2022-H1`: `6 tháng đầu năm 2022`, `6 tháng 2022`, `sáu tháng đầu năm 2022`, `nửa đầu năm 2022`,
  `6T/2022`, `6t-2022`;
- `2022-9T`: `9 tháng đầu năm 2022`, `9 tháng 2022`, `chín tháng 2022`, `9T/2022`, `9t-2022`;
- `2022-Q2`: `quý 2/2022`, `quý II/2022`, `quý II năm 2022`, `quý hai 2022`, `quí 2 2022`, `Q2/2022`,
  `quy2-2022`;
- `2022-06`: `tháng 6/2022`, `tháng 06 năm 2022`, `T6/2022`, `thang6-2022`, `06/2022`, `6/2022`;
- `2022-Y`: `năm 2022`, `cả năm 2022`, `nam-2022`, `2022`;
- and the ids themselves, typed with Word's dashes (`2022–H1`).

The count of months comes before "tháng"/"T" ("6 tháng", "6T": January to June); the month
after it ("tháng 6", "T6"), or alone before the year ("6/2022", as in "tháng 6/2022"): June.
So `6/2022` is the month, never the half-year, and `9/2022` is September: nothing typed is
read both ways.

Refused with the candidates (UsageError "period_ambiguous"): a period without its year
("quý 2", "tháng 6", "6 tháng đầu năm": the same period of the years around today), and the
last six months ("6 tháng cuối năm 2022", "nửa cuối năm 2022"), which the program has no period
for (2022-H1 or 2022-Y may be meant). Anything else is "bad_period", which lists the forms.

In a sentence a phrase needs its word: "tháng", "quý", "năm", "T", "Q" ("6/2022" or "2022"
alone are document numbers and dates as often as periods); a date ("ngày 30 tháng 6 năm 2022",
"30/6/2022") is not a period; a range ("năm 2021-2025", "tháng 6-7/2022") is not one period; the
second half names no period. A phrase without a year ("quý II", "tháng 6", "6 tháng đầu năm",
"cả năm") is of `default_year`, and left out when there is none; a bare "6 tháng" (a duration
as often as the half-year) needs its year. Where the sentence is written with diacritics, its
words must have theirs: "quỹ 2" (a fund), "Việt Nam 2022" or "sau tháng" are not periods.

Imported only when needed: the canonical ids of the daily commands never come here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from ..errors import UsageError
from ..i18n import tr
from .dates import check_year
from .periods import Period, make_period, parse_period

# Word's and the web's punctuation, as the grammar reads it.
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
_SLASHES = frozenset("\u2044\u2215\u29f8\uff0f")
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_QUOTES = "\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a()[]"

_NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "sau": 6, "chin": 9,
                 "i": 1, "ii": 2, "iii": 3, "iv": 4}
# In a sentence written with diacritics, each word of a phrase as it must be written there.
_WRITTEN = {"thang": ("tháng",), "quy": ("quý",), "qui": ("quí",), "nam": ("năm",), "ca": ("cả",),
            "dau": ("đầu",), "cuoi": ("cuối",), "nua": ("nửa",), "sau": ("sáu",), "chin": ("chín",),
            "mot": ("một",), "bon": ("bốn",), "tu": ("tư",), "ngay": ("ngày",)}

_YEAR = r"(?P<{0}>[0-9]{{4}})(?![a-z0-9])(?!\s*-\s*[0-9])"  # not a range: "năm 2021-2025"
_JOIN = r"(?:\s*[-/]\s*|\s+)(?:nam\s+)?"  # "quý II/2022", "quý II - 2022", "quý II năm 2022"
# A phrase without its year ends there: not before another number ("tháng 6-7/2022", "quý II-III").
_NO_YEAR = r"(?![a-z0-9])(?!\s*[-/]\s*(?:[0-9]|(?:i{1,3}|iv)(?![a-z])))"


def _with_year(name: str) -> str:
    """The year after a phrase, or its end: `quý II/2022`, `quý II`."""
    return f"(?:{_JOIN}{_YEAR.format(name)}|{_NO_YEAR})"


_GRAMMAR = "|".join((
    # a date, which is no period: found in a sentence only to be passed over
    r"(?P<date>(?:ngay\s*)?[0-9]{1,2}(?:\s*thang\s*[0-9]{1,2}(?:(?:\s*[-/]\s*|\s+nam\s+)[0-9]{4})?"
    r"|\s*[-/.]\s*[0-9]{1,2}(?:\s*[-/.]\s*[0-9]{4})?)(?![0-9]))",
    # the canonical ids, reached here with smart punctuation ("2022–H1")
    r"(?P<cy>[0-9]{4})\s*-\s*(?P<cc>h1|y|q[1-4]|9t|0[1-9]|1[0-2])(?![a-z0-9])",
    # a count of months from January: 6 tháng (đầu năm), 6T, sáu tháng; 9 tháng, 9T
    r"(?P<span>0?6|0?9|sau|chin)\s*(?:thang|t)(?:\s+(?P<side>dau|cuoi))?(?:\s+nam)?" + _with_year("sy"),
    r"(?P<nua>nua)(?:\s+(?P<half>dau|cuoi))?(?:\s+nam)?" + _with_year("hy"),
    # a quarter: quý 2, quý II, quí hai, Q2
    r"(?P<qk>quy|qui|q)\s*(?P<q>0?[1-4]|iv|i{1,3}|mot|hai|ba|bon|tu)" + _with_year("qy"),
    # a month: tháng 6, tháng 06, T6
    r"(?P<mk>thang|t)\s*(?P<m>1[0-2]|0?[1-9])" + _with_year("my"),
    # the year: năm 2022, cả năm 2022
    r"(?:(?P<all>ca)\s+)?(?P<nam>nam)(?:(?:\s*[-/]\s*|\s+)" + _YEAR.format("yy") + "|" + _NO_YEAR + ")",
    # whole arguments only: 6/2022, 2022
    r"(?P<bm>1[0-2]|0?[1-9])\s*[-/]\s*" + _YEAR.format("by"),
    _YEAR.format("bare"),
))
_PATTERN: re.Pattern[str] | None = None


def _pattern() -> re.Pattern[str]:
    global _PATTERN
    if _PATTERN is None:  # compiled on first use: a few milliseconds, paid by this reader only
        _PATTERN = re.compile(r"(?<![\w/.-])(?:" + _GRAMMAR + ")")
    return _PATTERN


def fold_for_periods(text: str) -> tuple[str, list[int]]:
    """`text` as the grammar reads it, with the index in `text` of each character read.

    Lower case without diacritics (đ is d, NFD input as NFC); every dash is "-", every slash
    "/", every space " "; invisible characters (soft hyphen, zero-width space, BOM) gone."""
    out: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(text):
        if ch in "đĐ":
            pieces = "d"
        elif ch.isascii():
            pieces = ch.lower()
        else:
            pieces = unicodedata.normalize("NFKD", ch).casefold()
        for piece in pieces:
            if unicodedata.combining(piece) or piece in _INVISIBLE:
                continue
            if piece in _DASHES:
                piece = "-"
            elif piece in _SLASHES:
                piece = "/"
            elif piece.isspace():
                piece = " "
            out.append(piece)
            where.append(index)
    return "".join(out), where


def _year(match: re.Match[str], *names: str) -> int | None:
    for name in names:
        if match.group(name):
            return int(match.group(name))
    return None


def _number(word: str) -> int:
    return _NUMBER_WORDS[word] if word in _NUMBER_WORDS else int(word)


def _reading(match: re.Match[str]) -> tuple[str, int, int | None, bool] | None:
    """What a match names: (kind, number, year or None, needs its year), kind "second-half"
    for the last six months; None for a date, or a count of months that is no period
    ("9 tháng cuối năm")."""
    if match.group("date"):
        return None
    if match.group("cy"):
        code = match.group("cc")
        kind = {"h1": "half-year", "y": "annual", "9t": "nine-months"}.get(code)
        if kind is None:
            kind, code = ("quarter", code[1]) if code[0] == "q" else ("month", code)
        return kind, int(code) if code.isdigit() else 0, int(match.group("cy")), True
    if match.group("span"):
        months, side = _number(match.group("span")), match.group("side")
        if months == 9:
            return None if side == "cuoi" else ("nine-months", 0, _year(match, "sy"), not side)
        return ("second-half" if side == "cuoi" else "half-year"), 0, _year(match, "sy"), not side
    if match.group("nua"):
        return ("second-half" if match.group("half") == "cuoi" else "half-year"), 0, _year(match, "hy"), \
            not match.group("half")
    if match.group("q"):
        return "quarter", _number(match.group("q")), _year(match, "qy"), match.group("qk") == "q"
    if match.group("m"):
        return "month", int(match.group("m")), _year(match, "my"), match.group("mk") == "t"
    if match.group("bm"):
        return "month", int(match.group("bm")), _year(match, "by"), True
    if match.group("bare"):
        return "annual", 0, int(match.group("bare")), True
    return "annual", 0, _year(match, "yy"), not match.group("all")


def _ids(kind: str, number: int, years: list[int]) -> list[str]:
    """The ids a reading may mean in each of `years`: the last six months are none of the
    program's, so the half-year and the year are offered."""
    kinds = ["half-year", "annual"] if kind == "second-half" else [kind]
    return [make_period(k, y, number).id for y in years for k in kinds]


def _strip(text: str) -> str:
    """An argument without what surrounds it: spaces, quotes, brackets, a full stop or a comma."""
    return text.strip(_QUOTES + " .,;:")


def read_period(text: str, today: date | None = None) -> Period:
    """A period as typed on the command line or in the Excel form: an id (periods.parse_period,
    tried first: the daily commands' usual case) or any form above."""
    try:
        return parse_period(text)
    except UsageError:
        return parse_words(text, today)


def parse_words(text: str, today: date | None = None) -> Period:
    """A period typed in any of the forms above; UsageError "period_ambiguous" (with its
    candidates) for a period that is not one, "bad_period" for anything else. `today` dates a
    period typed without its year among the candidates (default: today's date in Vietnam)."""
    folded, _where = fold_for_periods(text)
    folded = " ".join(_strip(folded).split())
    match = _pattern().fullmatch(folded)
    reading = _reading(match) if match else None
    if reading is None:
        raise UsageError("bad_period", value=text)
    kind, number, year, _needs_year = reading
    if year is not None:
        check_year(year, "period_bad_year", text)  # 0000-Y has no dates; 9999-Y none after it
    why = []
    if kind == "second-half":
        why.append(tr("period_why_second_half"))
    if year is None:
        why.append(tr("period_why_no_year"))
        years = [today.year - 1, today.year, today.year + 1] if today is not None else []
    else:
        years = [year]
    if why:
        raise UsageError("period_ambiguous", value=text, why="; ".join(why),
                         candidates=", ".join(_ids(kind, number, years)))
    assert year is not None
    return make_period(kind, year, number)


def _written_as_words(sentence: str, folded: str, where: list[int], start: int, end: int) -> bool:
    """Whether each word of the phrase folded[start:end] is written in `sentence` as it must be
    (tháng, quý, năm…): "quỹ" is a fund, "Nam" a name, "sau" "after"."""
    for word in re.finditer(r"[a-z]+", folded[start:end]):
        written = _WRITTEN.get(word.group())
        if written is None:
            continue
        first, last = where[start + word.start()], where[start + word.end() - 1] + 1
        while last < len(sentence) and unicodedata.combining(sentence[last]):
            last += 1
        if unicodedata.normalize("NFC", sentence[first:last]).lower() not in written:
            return False
    return True


def find_periods(sentence: str, default_year: int | None = None) -> list[tuple[int, int, Period]]:
    """The periods named in `sentence`, in order, each as (start, end, period): sentence[start:end]
    is the phrase ("quý III/2022", "6 tháng đầu năm 2023"). A phrase without its year is of
    `default_year` ("quý II" in a plan for 2022), and skipped when that is None.

    >>> [(s, e, p.id) for s, e, p in find_periods("Hoàn thành trong quý III/2022.")]
    [(17, 29, '2022-Q3')]
    """
    folded, where = fold_for_periods(sentence)
    marked = any(unicodedata.combining(ch) or (ch.isalpha() and not ch.isascii()) for ch in sentence)
    found: list[tuple[int, int, Period]] = []
    pattern, position = _pattern(), 0
    while (match := pattern.search(folded, position)) is not None:
        reading = _reading(match)
        if reading is None or reading[0] == "second-half":  # a date, the last six months: no period,
            position = match.end()  # and none of their words is one ("năm 2022" in "6 tháng cuối năm 2022")
            continue
        weak = (match.group("cy") or match.group("bm") or match.group("bare")
                or (reading[2] is None and (reading[3] or default_year is None)))
        if weak or (marked and not _written_as_words(sentence, folded, where, match.start(), match.end())):
            position = match.start() + 1
            continue
        kind, number, year, _needs_year = reading
        year = year if year is not None else default_year
        assert year is not None
        try:
            check_year(year, "period_bad_year", match.group())
        except UsageError:
            position = match.end()
            continue
        start, end = where[match.start()], where[match.end() - 1] + 1
        while end < len(sentence) and unicodedata.combining(sentence[end]):
            end += 1
        found.append((start, end, make_period(kind, year, number)))
        position = match.end()
    return found
