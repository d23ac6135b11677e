"""Dates as the office writes them: shown dd/mm/yyyy; read as dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy or ISO."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo

from .errors import UsageError

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> date:
    """Read a date typed by a user; a bad one raises UsageError naming what was typed."""
    value = text.strip()
    match = _ISO.fullmatch(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DMY.fullmatch(value)
        if not match:
            raise UsageError("bad_date", value=text)
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise UsageError("bad_date", value=text) from None


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def zone(name: str = DEFAULT_TIMEZONE) -> tzinfo:
    """The plan's time zone. Vietnam has a fixed +07:00, so that needs no tz database."""
    if name == DEFAULT_TIMEZONE:
        return timezone(timedelta(hours=7), DEFAULT_TIMEZONE)
    from zoneinfo import ZoneInfo  # only for plans elsewhere; tzdata supplies it on Windows

    return ZoneInfo(name)


def now(tz_name: str = DEFAULT_TIMEZONE) -> datetime:
    return datetime.now(zone(tz_name))


def today(tz_name: str = DEFAULT_TIMEZONE) -> date:
    """Today in the plan's time zone, not the machine's: cron may run on a UTC server."""
    return now(tz_name).date()
