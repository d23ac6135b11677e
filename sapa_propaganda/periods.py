"""Reporting periods: ids like 2022-H1, 2022-Y, 2022-Q3, their dates, and report deadlines."""

from __future__ import annotations

from datetime import date

from .dates import check_year
from .errors import UsageError
from .record import Record
from .text import fold

KIND_CODES = {"half-year": "H1", "annual": "Y", "quarter": "Q"}
_CANONICAL = r"(\d{4})-(h1|y|q[1-4])"
_VIETNAMESE = r"(6t|nam|q[1-4]|quy[1-4])-(\d{4})"


class Period(Record, order=True):
    end: date
    start: date
    kind: str  # half-year, annual, quarter
    year: int
    quarter: int = 0

    @property
    def id(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}-Q{self.quarter}"
        return f"{self.year}-{KIND_CODES[self.kind]}"


def make_period(kind: str, year: int, quarter: int = 0) -> Period:
    if kind == "half-year":
        return Period(date(year, 6, 30), date(year, 1, 1), kind, year)
    if kind == "annual":
        return Period(date(year, 12, 31), date(year, 1, 1), kind, year)
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    last_day = 31 if last_month in (3, 12) else 30
    return Period(date(year, last_month, last_day), date(year, first_month, 1), kind, year, quarter)


def parse_period(text: str) -> Period:
    """Accept 2022-H1, 2022-y, 2022-Q3 and the Vietnamese 6t-2022, nam-2022, quy3-2022."""
    value = fold(text).replace(" ", "")
    import re

    match = re.fullmatch(_CANONICAL, value)
    if match:
        year, code = int(match.group(1)), match.group(2)
    else:
        match = re.fullmatch(_VIETNAMESE, value)
        if not match:
            raise UsageError("bad_period", value=text)
        code, year = match.group(1), int(match.group(2))
        code = {"6t": "h1", "nam": "y"}.get(code, "q" + code[-1])
    check_year(year, "period_bad_year", text)  # 0000-Y has no dates; 9999-Y none after it
    if code == "h1":
        return make_period("half-year", year)
    if code == "y":
        return make_period("annual", year)
    return make_period("quarter", year, int(code[1]))
