"""Reporting rules in a plan's sentences.

"Định kỳ 6 tháng, năm báo cáo kết quả về Thị ủy (qua Ban Tuyên giáo) trước ngày 15/6 và 15/12":
two periodic rules, half-year due 15/6 and annual due 15/12, sent to the Thị ủy through the Ban
Tuyên giáo, which consolidates them. "Hằng tháng, trước ngày 20"; "hằng quý … trước ngày 15 của
tháng cuối quý"; "báo cáo sơ kết / tổng kết"; "báo cáo kết quả … trước ngày 14/5/2021" (once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .when import Found, YearContext, dates_in
from .words import folded

# Each kind of period and the words (folded) that name it as a reporting rhythm.
_KIND_WORDS: list[tuple[str, str]] = [
    ("month", r"(hang|moi) thang|bao cao thang|dinh ky thang|thang mot lan"),
    ("quarter", r"(hang|moi) quy|bao cao quy|dinh ky quy|quy mot lan"),
    ("nine-months", r"\b(9|chin) thang\b(?! dau nam \d)"),
    ("half-year", r"\b(6|sau) thang\b|so ket 6 thang|nua nam"),
    ("annual", r"(hang|moi|ca) nam|bao cao nam|(?<=thang,) nam\b|(?<=thang va) nam\b|"
               r"(?<!dau )(?<!cuoi )\bnam\b(?= (bao cao|to chuc|danh gia|tong ket|gui))|tong ket nam"),
]
_REPORT_WORDS = re.compile(r"bao cao(?! vien)|gui (ve|bao cao)|tong hop (va )?bao cao")
_ONCE_WORDS = re.compile(r"\b(so ket|tong ket|bao cao ket qua|bao cao tinh hinh|bao cao danh gia|bao cao nhanh|"
                         r"bao cao)\b")
_DAY_ONLY = re.compile(r"(?:trước|chậm nhất(?: là)?|vào)\s+ngày\s+(?P<d>\d{1,2})(?!\d|\s*[/.\-]\s*\d)", re.IGNORECASE)
_DAY_MONTH = re.compile(r"(?<![\d/])(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?![\d/])")


@dataclass
class Due:
    """When a periodic report is due: a month and day (half-year, nine-months, annual), or a
    day and a number of months after the period's last month (month, quarter)."""

    day: int = 0  # 0: the document gives no day
    month: int = 0
    months_after_end: int = -1
    phrase: str = ""


@dataclass
class RuleFound:
    kinds: list[tuple[str, Due]]  # periodic kinds and their due days
    once: list[tuple[str, date, Found]] = field(default_factory=list)  # (what it is called, due, where found)
    sentence: str = ""
    consolidated: bool = False  # the sentence says "tổng hợp … báo cáo": a roll-up by the unit it belongs to
    inherited: bool = False  # "định kỳ tổng hợp báo cáo": at the rhythm of the units' reports


def sentences(text: str) -> list[str]:
    """Split on ';' and on '.' that ends a sentence (not one inside a date or a number)."""
    parts = re.split(r"(?<=[;])\s+|(?<=[^\s./][.!?])\s+(?=[A-ZĐÀ-Ỹ(“\"-])", text)
    return [p.strip() for p in parts if p.strip()]


def kinds_in(sentence: str) -> list[tuple[int, str]]:
    words = folded(sentence)
    found: list[tuple[int, str]] = []
    for kind, pattern in _KIND_WORDS:
        match = re.search(pattern, words)
        if match:
            found.append((match.start(), kind))
    found.sort()
    return found


def reporting_in(sentence: str, context: YearContext) -> RuleFound | None:
    """The reporting rule a sentence states, if it states one."""
    words = folded(sentence)
    if not _REPORT_WORDS.search(words):
        return None
    kinds = kinds_in(sentence)
    periodic = ("dinh ky" in words or any(w in words for w in ("hang thang", "hang quy", "hang nam", "hàng tháng")))
    # "tổng hợp, báo cáo Thị ủy": the sentence's unit sums the others up; "(qua Ban Tuyên giáo để
    # tổng hợp)" only says where the units' reports go.
    consolidated = bool(re.search(r"tong hop[, ]+(va )?bao cao|tong hop ket qua\b.{0,40}\bbao cao", words))
    if kinds and (periodic or len(kinds) > 1 or re.search(r"bao cao (thang|quy|6 thang|9 thang|nam)", words)):
        return RuleFound(kinds=_due_days(sentence, [k for _at, k in kinds]), sentence=sentence,
                         consolidated=consolidated)
    if periodic and consolidated and "dinh ky" in words:
        # "định kỳ tổng hợp báo cáo Thị ủy": the roll-up of the units' periodic reports, at their rhythm
        return RuleFound(kinds=[("inherit", Due())], sentence=sentence, consolidated=True)
    deadlines = [f for f in dates_in(sentence, context) if f.role in ("deadline", "span")]
    if deadlines and _ONCE_WORDS.search(words):
        name = _once_name(sentence)
        return RuleFound(kinds=[], once=[(name, f.end, f) for f in deadlines[-1:]], sentence=sentence,
                         consolidated=consolidated)
    return None


def _due_days(sentence: str, kinds: list[str]) -> list[tuple[str, Due]]:
    """Pair each kind with its day: "trước ngày 15/6 và 15/12" gives one date per kind, in order;
    "trước ngày 20 hằng tháng" one day for every kind."""
    pairs = [(int(m.group("d")), int(m.group("m")), m.group(0)) for m in _DAY_MONTH.finditer(sentence)
             if 1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31]
    words = folded(sentence)
    out: list[tuple[str, Due]] = []
    dated = [k for k in kinds if k in ("half-year", "nine-months", "annual")]
    if pairs and len(pairs) == len(dated):
        by_kind = dict(zip(dated, pairs, strict=True))
    elif pairs and len(dated) == 1:
        by_kind = {dated[0]: pairs[0]}
    else:
        by_kind = {}
    day_only = _DAY_ONLY.search(sentence)
    after = 1 if re.search(r"thang (dau|sau)( cua)?( quy| ky)? (sau|tiep theo)|quy sau|thang sau|ky sau", words) else 0
    for kind in kinds:
        if kind in by_kind:
            d, m, phrase = by_kind[kind]
            out.append((kind, Due(day=d, month=m, phrase=phrase)))
        elif day_only:
            day = int(day_only.group("d"))
            if not 1 <= day <= 31:
                out.append((kind, Due()))
                continue
            if kind in ("month", "quarter"):
                # "chậm nhất ngày 07 hằng tháng": so early in a month, the report is on the month before
                out.append((kind, Due(day=day, months_after_end=after or (1 if day <= 10 else 0),
                                      phrase=day_only.group(0))))
            else:  # "ngày 07 hằng tháng" for a half-year report: the 7th of the month after it
                out.append((kind, Due(day=day, months_after_end=max(after, 1), phrase=day_only.group(0))))
        else:
            out.append((kind, Due()))
    return out


def _once_name(sentence: str) -> str:
    """"Báo cáo sơ kết …", "Báo cáo kết quả thực hiện …": the report's name, from its words."""
    words = folded(sentence)
    if "so ket" in words:
        return "Báo cáo sơ kết"
    if "tong ket" in words:
        return "Báo cáo tổng kết"
    if "ket qua" in words:
        return "Báo cáo kết quả"
    return "Báo cáo"


def once_id(name: str, due: date, taken: set[str]) -> str:
    """The period id of a one-time report: "so-ket", "tong-ket-2022", "ket-qua-2"."""
    base = {"Báo cáo sơ kết": "so-ket", "Báo cáo tổng kết": "tong-ket", "Báo cáo kết quả": "ket-qua"}.get(name,
                                                                                                         "bao-cao")
    candidate = base
    if candidate in taken:
        candidate = f"{base}-{due.year}"
    n = 2
    while candidate in taken:
        candidate, n = f"{base}-{due.year}-{n}", n + 1
    return candidate


# Defaults where the document says only "theo quy định": the dates most plans give (DOMAIN.md).
DEFAULT_DUE = {
    "month": Due(day=20, months_after_end=0), "quarter": Due(day=15, months_after_end=0),
    "half-year": Due(day=15, month=6), "nine-months": Due(day=15, month=9),
}
DEFAULT_ANNUAL = {"party": Due(day=15, month=11), "state": Due(day=15, month=12)}
