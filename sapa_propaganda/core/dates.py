"""Dates as the office writes them: shown dd/mm/yyyy; read as dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy or ISO.

Pure: no clock here. The time of day is read at the edge (`sapa_propaganda.clock`)."""

from __future__ import annotations

from ..errors import UsageError
from .datetime_types import date, timedelta, timezone, tzinfo

# zoneinfo loads only for a plan in another time zone (tzdata supplies it on Windows).

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
# The years a date or a period may fall in. A plan of the office is dated within a few years of
# today; the wide margin only keeps out typing slips (0000, 9999) that would break date arithmetic.
MIN_YEAR, MAX_YEAR = 1900, 2200


def check_year(year: int, key: str, value: str) -> None:
    """Refuse a year outside MIN_YEAR..MAX_YEAR with UsageError(key), naming `value` as typed."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise UsageError(key, value=value, year=year, low=MIN_YEAR, high=MAX_YEAR)


def _numbers(value: str) -> list[str] | None:
    """"20/06/2022", "20-06-2022", "20.06.2022" or "2022-06-20" as its three digit groups."""
    for separator in "/.-":
        parts = value.split(separator)
        if len(parts) == 3 and all(p.isascii() and p.isdigit() for p in parts):
            return parts
    return None


def parse_date(text: str) -> date:
    """Read a date typed by a user; a bad one raises UsageError naming what was typed."""
    parts = _numbers(text.strip())
    if parts is None:
        raise UsageError("bad_date", value=text)
    if len(parts[0]) == 4 and len(parts[1]) <= 2 and len(parts[2]) <= 2 and "-" in text:
        year, month, day = (int(p) for p in parts)
    elif len(parts[2]) == 4 and len(parts[0]) <= 2 and len(parts[1]) <= 2:
        day, month, year = (int(p) for p in parts)
    else:
        raise UsageError("bad_date", value=text)
    check_year(year, "date_bad_year", text)
    try:
        return date(year, month, day)
    except ValueError:  # well written, but not in the calendar: 31/02/2022, 2022-13-01
        key = "date_no_month" if not 1 <= month <= 12 else "date_no_day"
        raise UsageError(key, value=text, day=day, month=month, year=year) from None


def format_date(value: date | None) -> str:
    """dd/mm/yyyy. Formatted by hand: strftime is several times slower, on thousands of rows."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else ""


def zone(name: str = DEFAULT_TIMEZONE) -> tzinfo:
    """The plan's time zone. Vietnam has a fixed +07:00, so that needs no tz database."""
    if name == DEFAULT_TIMEZONE:
        return timezone(timedelta(hours=7), DEFAULT_TIMEZONE)
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
