"""The calendar of working days: a plan's `[calendar]` table, and the office's own,
`DATA/_workspace/calendar.toml`, in the same schema, which every plan of the data folder reads.

sapa only reads calendar.toml, never writes it: the clerk (or the admin) types each year's
announced days off and make-up working days into it, on one machine, and it travels with the
data folder. A plan's own `[calendar]` goes over it: its `weekend`, `public_holidays`,
`move_off_days` and `count_days` win; its `days_off` and `working_days` add to the office's, and
a day the plan declares worked is worked even where the office declared it off (and the other
way round).
"""

from __future__ import annotations

from ..core.workdays import COUNT_DAYS, WEEKDAYS, Calendar

# `typing` (and `re` with it) costs the daily commands start-up time: for the type checker only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..core.datetime_types import date

CALENDAR_KEYS = {
    "weekend": ("strs", False), "days_off": ("dates", False), "working_days": ("dates", False),
    "public_holidays": ("bool", False), "move_off_days": ("bool", False), "count_days": ("str", False),
}


def check_calendar(data: dict[str, Any], c: Any, path: tuple[str | int, ...] = ("calendar",)) -> dict[str, Any]:
    """The `[calendar]` table's values, checked with the plan loader's checker `c` (each problem
    at its `file:line`), as the fields of a `Calendar` that it gives; what is wrong is left out."""
    table = c.table(data, CALENDAR_KEYS, path)
    given: dict[str, Any] = {}
    if "weekend" in table:
        days = table["weekend"]
        wrong = [d for d in days if d.lower() not in WEEKDAYS]
        if wrong:
            c.problem(path + ("weekend",), "plan_bad_choice", value=wrong[0], choices=", ".join(WEEKDAYS))
        elif len({d.lower() for d in days}) != len(days):
            c.problem(path + ("weekend",), "calendar_weekend_twice")
        elif len(days) >= 7:
            c.problem(path + ("weekend",), "calendar_no_working_day")
        else:
            given["weekend"] = tuple(sorted(WEEKDAYS.index(d.lower()) for d in days))
    for key in ("days_off", "working_days"):
        if key in table:
            seen: set[date] = set()
            for day in table[key]:
                if day in seen:
                    c.problem(path + (key,), "calendar_day_twice", day=day.isoformat(), key=key)
                seen.add(day)
            given[key] = tuple(sorted(seen))
    both = set(given.get("days_off", ())) & set(given.get("working_days", ()))
    if both:
        c.problem(path + ("working_days",), "calendar_off_and_worked", day=min(both).isoformat())
    if "count_days" in table:
        if table["count_days"] not in COUNT_DAYS:
            c.problem(path + ("count_days",), "plan_bad_choice", value=table["count_days"],
                      choices=", ".join(COUNT_DAYS))
        else:
            given["count_days"] = table["count_days"]
    for key in ("public_holidays", "move_off_days"):
        if key in table:
            given[key] = table[key]
    return given


def over(office: Calendar, given: dict[str, Any]) -> Calendar:
    """The plan's `[calendar]` values over the office's calendar."""
    off = set(office.days_off) - set(given.get("working_days", ()))
    worked = set(office.working_days) - set(given.get("days_off", ()))
    fields = {k: v for k, v in given.items() if k not in ("days_off", "working_days")}
    return office.replace(days_off=tuple(sorted(off | set(given.get("days_off", ())))),
                          working_days=tuple(sorted(worked | set(given.get("working_days", ())))), **fields)
