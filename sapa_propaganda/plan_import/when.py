"""Dates in a plan's sentences, and which of them are deadlines.

"trước ngày 30/6/2022", "chậm nhất ngày 14/5/2021", "hoàn thành trong tháng 6/2022", "trong quý
III/2022", "từ nay đến hết năm 2021", "giai đoạn 1 (từ … đến …)": each resolves to a day. A
period is its last day. A date without a year takes the year the sentence, the section or the
issue date implies, and says so, for the clerk to check. Dates that are not deadlines are left
alone: "từ ngày …" starts something, "Kế hoạch số 42-KH/TU ngày 19/5/2021" cites a document.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from .words import folded, roman_value

_YEAR = r"(?P<{0}>(?:19|20|21)\d\d)"
_FULL_NUMERIC = re.compile(r"(?:ngày\s+)?(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*" + _YEAR.format("y")
                           + r"(?!\d)", re.IGNORECASE)
_FULL_WORDS = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+" + _YEAR.format("y"), re.IGNORECASE)
_DAY_MONTH = re.compile(r"(?:ngày\s+)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?!\s*[/.\-]\s*\d)(?!\d)"
                        r"|(?<![\d/])(?P<d2>\d{1,2})\s*/\s*(?P<m2>\d{1,2})(?!\s*/\s*\d)(?![\d%])", re.IGNORECASE)
_DAY_MONTH_WORDS = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?!\s+năm\s+\d)(?!\d)", re.IGNORECASE)
_MONTH = re.compile(r"(?:(?P<vague>đầu|giữa|cuối|hết)\s+)?(?:tháng|T)\s*(?P<m>\d{1,2})"
                    r"(?:\s*(?:/|-|năm|năm\s+)\s*" + _YEAR.format("y") + r")?(?![\d/])", re.IGNORECASE)
_QUARTER = re.compile(r"(?:(?P<vague>đầu|giữa|cuối|hết)\s+)?(?:quý|quí|Q)\s*(?P<q>IV|III|II|I|[1-4])(?![\w])"
                      r"(?:\s*(?:/|-|năm)\s*" + _YEAR.format("y") + r")?", re.IGNORECASE)
_HALF = re.compile(r"6\s*tháng\s+(?P<which>đầu|cuối)\s+năm(?:\s+" + _YEAR.format("y") + r")?", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"(?:(?P<vague>đầu|giữa|cuối|hết)\s+)?năm\s+" + _YEAR.format("y") + r"(?!\s*[-–]\s*\d)",
                        re.IGNORECASE)
_SPAN_YEARS = re.compile(r"(?:giai đoạn|nhiệm kỳ)\s+" + _YEAR.format("a") + r"\s*[-–]\s*" + _YEAR.format("b"),
                         re.IGNORECASE)

# Words just before a date that make it a deadline, folded; the nearest cue wins.
_DEADLINE_CUES = ("truoc ngay", "truoc", "cham nhat", "cham nhat la", "han chot", "thoi han", "han",
                  "hoan thanh", "xong", "ket thuc", "den", "den het", "den ngay", "trong", "trong thang",
                  "hoan thanh trong", "thoi gian hoan thanh", "thoi gian thuc hien", "thoi gian", "vao",
                  "hoan thanh truoc", "gui truoc", "nop truoc", "bao cao truoc", "tong ket", "so ket",
                  "du kien", "du kien trong", "du kien vao")
# "các mục tiêu … đề ra trong năm 2021", "đạt được trong năm": when something happened, not a deadline.
_DESCRIPTIVE = re.compile(r"\b(de ra|dien ra|dat duoc|da|duoc|qua|vua qua|cua)( \w+)? trong\b")
# "Thời gian chậm nhất gửi báo cáo về … ngày 23/3/2026": the cue stands well before the date.
_LATE_CUE = re.compile(r"\b(chậm nhất|thời hạn|hạn chót|hạn cuối)\b[^;:]*$", re.IGNORECASE)
_TARGET = re.compile(r"phấn đấu|\d\s*%|đạt tỷ lệ|đạt tỉ lệ", re.IGNORECASE)
# "Luật Bầu cử năm 2015", "Hiến pháp năm 2013", "(được sửa đổi, bổ sung năm 2025)": the year of a law
# cited, whatever cue stands earlier in the sentence ("thời hạn nộp hồ sơ … theo Điều 35 của Luật …").
_CITED_LAW = re.compile(r"\b(luat|bo luat|hien phap|phap lenh|nghi dinh|thong tu|sua doi|bo sung)\b(\W+\w+){0,3}\W*$")
_START_CUES = ("tu ngay", "tu", "ke tu", "bat dau", "bat dau tu", "ke tu ngay")
_REFERENCE_CUES = re.compile(r"(số\s+)?\d+[\w./-]*\s*[-/]\s*[A-ZĐ][\w/-]*,?\s*(ngày|ngay)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """A date in a sentence: a deadline (`end`), or a span (`start`, `end`) for a phase."""

    role: str  # "deadline", "span", "start"
    end: date
    start: date | None
    phrase: str  # the words of the document, as typed
    year_supplied: bool = False  # the document gave no year: the importer supplied it
    vague: bool = False  # "đầu tháng 8": the importer chose a day
    at: int = 0  # where in the sentence


@dataclass
class YearContext:
    """What a date without a year is read against."""

    issued: date | None = None
    section_year: int | None = None
    latest_year: int | None = None

    def year_for(self, month: int, day: int = 31, sentence_year: int | None = None) -> int | None:
        """The year of a date or period written without one; `day` is its last day (a month or
        quarter counts as past only once it has ended)."""
        if sentence_year and (self.issued is None or self.issued.year - 1 <= sentence_year <= self.issued.year + 10):
            return sentence_year
        if self.section_year:
            return self.section_year
        if self.issued:
            year = self.issued.year
            try:
                if date(year, month, min(day, monthrange(year, month)[1])) < self.issued:
                    return year + 1  # the next occurrence: a plan issued in November, due "trước 15/1"
            except ValueError:
                return year
            return year
        return self.latest_year


def _last_day(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2200):
        return None
    return date(year, month, min(day, monthrange(year, month)[1]))


def _quarter_number(text: str) -> int:
    return int(text) if text.isdigit() else roman_value(text)


@dataclass
class _Raw:
    start: int
    end: int
    first: date
    last: date
    year_supplied: bool
    vague: bool


def _expressions(sentence: str, context: YearContext) -> list[_Raw]:
    """Every date or period in the sentence, with the first and last day it means."""
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20|21)\d\d)(?!\d)", sentence)]
    sentence_year = years[0] if len(set(years)) == 1 else None
    found: list[_Raw] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(a: int, b: int, first: date | None, last: date | None, supplied: bool, vague: bool = False) -> None:
        if first is None or last is None or not free(a, b):
            return
        taken.append((a, b))
        found.append(_Raw(a, b, first, last, supplied, vague))

    for pattern in (_FULL_WORDS, _FULL_NUMERIC):
        for m in pattern.finditer(sentence):
            day = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            add(m.start(), m.end(), day, day, False)
    for m in _HALF.finditer(sentence):
        first_half = folded(m.group("which")) == "dau"
        year = int(m.group("y")) if m.group("y") else context.year_for(6 if first_half else 12, 31, sentence_year)
        if year:
            first, last = (date(year, 1, 1), date(year, 6, 30)) if first_half else (date(year, 7, 1),
                                                                                      date(year, 12, 31))
            add(m.start(), m.end(), first, last, not m.group("y"))
    for m in _QUARTER.finditer(sentence):
        q = _quarter_number(m.group("q").upper())
        if not 1 <= q <= 4:
            continue
        year = int(m.group("y")) if m.group("y") else context.year_for(3 * q, 31, sentence_year)
        if year:
            first = date(year, 3 * q - 2, 1)
            last = _last_day(year, 3 * q)
            vague = bool(m.group("vague")) and folded(m.group("vague")) != "het"
            if vague and folded(m.group("vague")) == "dau":
                last = _last_day(year, 3 * q - 2)
            add(m.start(), m.end(), first, last, not m.group("y"), vague)
    for pattern in (_DAY_MONTH_WORDS, _DAY_MONTH):
        for m in pattern.finditer(sentence):
            d = m.group("d") or m.groupdict().get("d2")
            mo = m.group("m") or m.groupdict().get("m2")
            if d is None or mo is None or not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
                continue
            if not m.group(0).lower().startswith("ngày") and not _cue_before(sentence, m.start()):
                continue  # "1/3 số đảng viên" is a share, not a date
            year = context.year_for(int(mo), int(d), sentence_year)
            if year:
                day = _safe_date(year, int(mo), int(d))
                add(m.start(), m.end(), day, day, True)
    for m in _MONTH.finditer(sentence):
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            continue
        if m.group(0)[:1] == "T" and not m.group("y"):
            continue  # "T6" alone is too short to be sure of
        year = int(m.group("y")) if m.group("y") else context.year_for(month, 31, sentence_year)
        if not year:
            continue
        vague_word = folded(m.group("vague") or "")
        first, last = date(year, month, 1), _last_day(year, month)
        if vague_word == "dau":
            last = date(year, month, 10)
        elif vague_word == "giua":
            last = date(year, month, 20)
        add(m.start(), m.end(), first, last, not m.group("y"), vague_word in ("dau", "giua", "cuoi"))
    for m in _SPAN_YEARS.finditer(sentence):
        add(m.start(), m.end(), date(int(m.group("a")), 1, 1), date(int(m.group("b")), 12, 31), False)
    for m in _YEAR_ONLY.finditer(sentence):
        year = int(m.group("y"))
        vague_word = folded(m.group("vague") or "")
        first, last = date(year, 1, 1), date(year, 12, 31)
        if vague_word == "dau":
            last = date(year, 3, 31)
        elif vague_word == "giua":
            last = date(year, 6, 30)
        add(m.start(), m.end(), first, last, False, vague_word in ("dau", "giua"))
    found.sort(key=lambda r: r.start)
    return found


def _words_before(sentence: str, at: int, count: int = 5) -> str:
    """The words just before a date, folded; a time of day ("trước 11 giờ ngày", "chậm nhất là 17 giờ
    00 ngày", "trước 07h00 ngày") is left out, so the cue before it counts."""
    words = folded(sentence[max(0, at - 80):at])
    words = re.sub(r"\b\d{1,2}\s*(gio|h)(\s*\d{2})?(\s*phut)?(\s+ngay)?$", "", words).strip()
    return " ".join(words.split()[-count:])


def _cue_before(sentence: str, at: int) -> bool:
    before = _words_before(sentence, at, 4)
    return any(before.endswith(cue) for cue in _DEADLINE_CUES + _START_CUES) or before.endswith("ngay")


def dates_in(sentence: str, context: YearContext) -> list[Found]:
    """The deadlines, spans and starts of one sentence."""
    raw = _expressions(sentence, context)
    out: list[Found] = []
    skip: set[int] = set()
    for i, r in enumerate(raw):
        if i in skip:
            continue
        before = _words_before(sentence, r.start)
        phrase = sentence[r.start:r.end]
        if _REFERENCE_CUES.search(sentence[max(0, r.start - 40):r.start]) or before.endswith(("ban hanh", "ky")):
            continue  # "Kế hoạch số 42-KH/TU, ngày 19/5/2021": a cited document's date
        if (folded(phrase).startswith("nam") and _CITED_LAW.search(before)
                and not any(before.endswith(c) for c in _DEADLINE_CUES)):  # "theo Luật … trong năm 2026" is one
            continue
        if any(before.endswith(c) for c in _START_CUES) or before.endswith(("tu nay", "tu sau")):
            nxt = raw[i + 1] if i + 1 < len(raw) else None
            between = folded(sentence[r.end:nxt.start]) if nxt else ""
            if nxt and between.strip() in ("den", "den ngay", "den het", "den het ngay", "den thang", "den het thang",
                                           "den het nam", "den nam", "den quy", "den het quy", "den cuoi thang"):
                skip.add(i + 1)
                out.append(Found("span", nxt.last, r.first, sentence[r.start:nxt.end], nxt.year_supplied,
                                 nxt.vague, r.start))
            else:
                out.append(Found("start", r.first, r.first, phrase, r.year_supplied, r.vague, r.start))
            continue
        since_now = re.search(r"từ nay\s+đến\s*(hết|ngày)?\s*$", sentence[max(0, r.start - 30):r.start], re.IGNORECASE)
        if since_now:
            begin = max(0, r.start - 30) + since_now.start()
            out.append(Found("span", r.last, None, sentence[begin:r.end], r.year_supplied, r.vague, begin))
            continue
        if _TARGET.search(sentence[r.end:r.end + 40]) and before.endswith(("den", "den het")):
            continue  # "Đến năm 2025, phấn đấu 100% thôn có nhà văn hóa": a target, not a deadline
        if (any(before.endswith(c) for c in _DEADLINE_CUES) or _LATE_CUE.search(sentence[:r.start])
                and not raw[:i]) and not _DESCRIPTIVE.search(before):
            out.append(Found("deadline", r.last, r.first, phrase, r.year_supplied, r.vague, r.start))
            continue
        if r.vague:  # "đầu tháng 8": a time for the work, vague; the clerk checks the day chosen
            out.append(Found("deadline", r.last, r.first, phrase, r.year_supplied, True, r.start))
            continue
        if _SPAN_YEARS.fullmatch(phrase.strip()) and r.start <= 3 and folded(phrase).startswith("giai doan"):
            out.append(Found("span", r.last, r.first, phrase, False, False, r.start))  # "Giai đoạn 2021-2025: …"
    return out


def period_end(value: str, context: YearContext) -> Found | None:
    """The deadline a "Thời gian hoàn thành: …" value gives: the end of its last date or period
    ("Quý IV/2025 và Quý I/2026" ends 31/3/2026; "Từ 01/5 đến 30/6/2022" ends 30/6/2022)."""
    raw = _expressions(value, context)
    if not raw:
        return None
    last = max(raw, key=lambda r: r.last)
    return Found("deadline", last.last, last.first, value[last.start:last.end], last.year_supplied, last.vague,
                 last.start)


def first_year(text: str) -> int | None:
    match = re.search(r"(?<!\d)((?:19|20|21)\d\d)(?!\d)", text)
    return int(match.group(1)) if match else None
