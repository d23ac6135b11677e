"""Working days: the office's calendar of weekends, public holidays and declared days.

Pure: everything takes the calendar (plain data from the plan and the office's calendar.toml)
and the dates; nothing reads a clock or a file. Vietnam's public holidays, Tết and Giỗ Tổ Hùng
Vương among them (lunar dates), with the days off and make-up Saturdays the government has
announced, come from the `holidays` library (a well-kept table; hand-written lunar arithmetic
would get them wrong). It is imported only when a working day is first asked about: the daily
commands of a plan without working-day deadlines never load it.

A day is a working day by the first of these that speaks of it: the days the office declares
worked (`working_days`, a make-up Saturday), the days it declares off (`days_off`), the library's
public holidays and its make-up working days, the weekend (`weekend`, Saturday and Sunday).
"""

from __future__ import annotations

from .datetime_types import date, timedelta
from .record import Record

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
COUNT_DAYS = ("calendar", "working")


class Calendar(Record):
    """The plan's calendar: its own `[calendar]` over the office's `calendar.toml`."""

    weekend: tuple[int, ...] = (5, 6)  # date.weekday() numbers: Saturday and Sunday
    days_off: tuple[date, ...] = ()  # declared off (nghỉ bù, a local holiday)
    working_days: tuple[date, ...] = ()  # declared worked (làm bù: a Saturday made a working day)
    public_holidays: bool = True  # Vietnam's public holidays from the `holidays` library
    move_off_days: bool = False  # a report deadline on a day off moves to the next working day (BLDS 2015, Đ.148)
    count_days: str = "calendar"  # "working": status and remind also count the working days left


# A calendar as plain data, for a cache (marshal): weekend day numbers, the days declared off and
# worked as ordinals, and whether the public holidays count.
PlainCalendar = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], bool]


def to_plain(calendar: Calendar) -> PlainCalendar:
    return (calendar.weekend, tuple(d.toordinal() for d in calendar.days_off),
            tuple(d.toordinal() for d in calendar.working_days), calendar.public_holidays)


def from_plain(plain: PlainCalendar) -> Calendar:
    """The calendar `to_plain` kept, counting working days (only such calendars are kept)."""
    weekend, days_off, worked, public = plain
    return Calendar(weekend, tuple(map(date.fromordinal, days_off)), tuple(map(date.fromordinal, worked)), public,
                    count_days="working")


# Per year: the library's days off and its make-up working days (weekend days worked). Filled on
# first use; a process asks about a few years only.
_PUBLIC: dict[int, tuple[frozenset[date], frozenset[date]]] = {}
# Per calendar: its declared days as sets (a calendar is a small frozen record, hashed cheaply).
_SETS: dict[Calendar, tuple[frozenset[date], frozenset[date], frozenset[int]]] = {}
# Per calendar and year: the count of working days before each day of the year, and the year's total.
_PREFIX: dict[tuple[Calendar, int], list[int]] = {}


def public_days(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Vietnam's public days off in `year` (holidays, with the days given in lieu of those on a
    weekend and the announced swaps) and the weekend days worked in their place (make-up days)."""
    known = _PUBLIC.get(year)
    if known is None:
        import holidays  # ~65 ms: only here, never at start-up

        found = holidays.country_holidays("VN", years=year)
        # Its make-up days may be of a swap across the new year (31/12/2018 off, 05/01/2019 worked).
        worked = frozenset(getattr(found, "weekend_workdays", ()))
        known = frozenset(found), worked
        _PUBLIC[year] = known
    return known


def _sets(calendar: Calendar) -> tuple[frozenset[date], frozenset[date], frozenset[int]]:
    known = _SETS.get(calendar)
    if known is None:
        known = frozenset(calendar.working_days), frozenset(calendar.days_off), frozenset(calendar.weekend)
        _SETS[calendar] = known
    return known


def is_working_day(calendar: Calendar, day: date) -> bool:
    worked, off, weekend = _sets(calendar)
    if day in worked:
        return True
    if day in off:
        return False
    if calendar.public_holidays:
        holidays, make_up = public_days(day.year)
        if day in holidays:
            return False
        if day in make_up:
            return True
    return day.weekday() not in weekend


def _guard(calendar: Calendar) -> None:
    if len(set(calendar.weekend)) >= 7 and not calendar.working_days:
        raise ValueError("a calendar without working days")  # the plan check refuses it first


def next_working_day(calendar: Calendar, day: date) -> date:
    """`day` if it is a working day, else the first working day after it (Bộ luật Dân sự 2015,
    Điều 148: a period whose last day is a day off ends on the next working day)."""
    _guard(calendar)
    while not is_working_day(calendar, day):
        day += timedelta(days=1)
    return day


def add_working_days(calendar: Calendar, start: date, count: int) -> date:
    """The `count`-th working day after `start` (`start` itself not counted): "within 5 working
    days of 05/02/2024" is 19/02/2024 when Tết is off from 08/02 to 14/02. 0: `start` if it is a
    working day, else the next one."""
    if count <= 0:
        return next_working_day(calendar, start)
    _guard(calendar)
    day = start
    while count:
        day += timedelta(days=1)
        if is_working_day(calendar, day):
            count -= 1
    return day


def _before(calendar: Calendar, day: date) -> int:
    """How many working days of `day`'s year come before it (a running count, kept per year)."""
    key = (calendar, day.year)
    prefix = _PREFIX.get(key)
    if prefix is None:
        first = date(day.year, 1, 1)
        length = (date(day.year + 1, 1, 1) - first).days
        prefix = [0]
        for n in range(length):
            prefix.append(prefix[-1] + is_working_day(calendar, first + timedelta(days=n)))
        _PREFIX[key] = prefix
    return prefix[day.timetuple().tm_yday - 1]


def _through(calendar: Calendar, day: date) -> int:
    """Working days from 1 January of `day`'s year up to and with `day`."""
    return _before(calendar, day + timedelta(days=1)) if (day.month, day.day) != (12, 31) else \
        _before(calendar, day) + is_working_day(calendar, day)


def working_days_between(calendar: Calendar, today: date, due: date) -> int:
    """The working days left until `due`: those after `today` up to and with `due` ("còn 3 ngày
    làm việc"); 0 on the day; negative once past, by the working days after `due` up to and with
    `today` ("quá hạn 2 ngày làm việc")."""
    if due < today:
        return -working_days_between(calendar, due, today)
    count = 0
    for year in range(today.year, due.year + 1):
        start = today if year == today.year else date(year - 1, 12, 31)
        end = due if year == due.year else date(year, 12, 31)
        count += _through(calendar, end) - (_through(calendar, start) if start.year == year else 0)
    return count
