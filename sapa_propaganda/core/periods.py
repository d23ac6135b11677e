"""Reporting periods: ids like 2022-06, 2022-Q3, 2022-H1, 2022-9T, 2022-Y, and their dates.

Vietnamese offices report monthly (báo cáo tháng), quarterly, at six months, at nine months
(báo cáo 9 tháng) and yearly; each kind is one of PERIOD_KINDS in the model. The ids are read
here; the periods as people write them ("6 tháng đầu năm 2022", "quý II/2022") in period_words,
imported only when one is typed."""

from __future__ import annotations

from .dates import check_year
from .datetime_types import date
from .record import Record
from .text import fold

# `re` and the errors load only when a period is typed or mistyped.

KIND_CODES = {"half-year": "H1", "annual": "Y", "quarter": "Q", "nine-months": "9T"}
_CANONICAL = r"(\d{4})-(h1|y|q[1-4]|9t|0[1-9]|1[0-2])"


class Period(Record, order=True):
    end: date
    start: date
    kind: str  # month, quarter, half-year, nine-months, annual
    year: int
    quarter: int = 0
    month: int = 0
    code: str = ""  # a one-time report's period id, given by the plan (`ket-qua`)

    @property
    def id(self) -> str:
        if self.kind == "once":
            return self.code
        if self.kind == "quarter":
            return f"{self.year}-Q{self.quarter}"
        if self.kind == "month":
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}-{KIND_CODES[self.kind]}"


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def make_period(kind: str, year: int, number: int = 0) -> Period:
    """The period of `kind` in `year`; `number` is the quarter (1–4) or the month (1–12)."""
    if kind == "half-year":
        return Period(date(year, 6, 30), date(year, 1, 1), kind, year)
    if kind == "nine-months":
        return Period(date(year, 9, 30), date(year, 1, 1), kind, year)
    if kind == "annual":
        return Period(date(year, 12, 31), date(year, 1, 1), kind, year)
    if kind == "month":
        return Period(_month_end(year, number), date(year, number, 1), kind, year, 0, number)
    first_month = 3 * (number - 1) + 1
    return Period(_month_end(year, first_month + 2), date(year, first_month, 1), kind, year, number)


def once_period(code: str, start: date, due: date) -> Period:
    """The period of a one-time report: from the plan's start to its deadline."""
    return Period(due, start, "once", due.year, 0, 0, code)


def periods_of(kind: str, year: int) -> list[Period]:
    """Every period of `kind` in `year`, in order."""
    count = {"quarter": 4, "month": 12}.get(kind, 0)
    return [make_period(kind, year, n) for n in range(1, count + 1)] if count else [make_period(kind, year)]


def parse_period(text: str) -> Period:
    """A period id as plan and ledger files write it: 2022-06, 2022-Q3, 2022-H1, 2022-9T, 2022-Y,
    in any case. What people type on the command line ("6 tháng đầu năm 2022", "quý II/2022") is
    read by period_words.read_period, which tries this first."""
    value = fold(text).replace(" ", "")
    import re

    match = re.fullmatch(_CANONICAL, value)
    if not match:
        from ..errors import UsageError

        raise UsageError("bad_period", value=text)
    year, code = int(match.group(1)), match.group(2)
    check_year(year, "period_bad_year", text)  # 0000-Y has no dates; 9999-Y none after it
    if code == "h1":
        return make_period("half-year", year)
    if code == "y":
        return make_period("annual", year)
    if code == "9t":
        return make_period("nine-months", year)
    if code.isdigit():
        return make_period("month", year, int(code))
    return make_period("quarter", year, int(code[1]))
