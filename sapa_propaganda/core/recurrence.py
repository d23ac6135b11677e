"""The occurrences of a recurring duty ("trước ngày 25 hằng tháng gửi bản tin"): one tracked item
per period, each with its own deadline, marked by its period (`II.3@2009-07`).

Pure: the plan loader calls it once, and the plan (and its cache) keeps what it gives.
"""

from __future__ import annotations

from datetime import date

from .model import Item
from .periods import Period, parse_period, periods_of


def occurrence_due(period: Period, day: int, months_after_end: int = 0) -> date:
    """`day` of the period's last month (`months_after_end` months later); a day past the month's
    end means its last day."""
    from dateutil.relativedelta import relativedelta

    return period.end + relativedelta(months=months_after_end, day=day)


def recurring_periods(item: Item, plan_start: date, plan_end: date) -> list[Period]:
    """The periods a recurring duty owes an occurrence for: those whose end lies between the ends
    of its `first` and `last` periods, or, where it gives none, within its span (the item's `start`
    and `end`, else the plan's)."""
    low = parse_period(item.first).end if item.first else (item.start or plan_start)
    high = parse_period(item.last).end if item.last else (item.end or plan_end)
    found = []
    for year in range(low.year, high.year + 1):
        found += [p for p in periods_of(item.recurs, year) if low <= p.end <= high]
    return found


def occurrences(item: Item, plan_start: date, plan_end: date) -> list[Item]:
    """Every occurrence of a recurring duty, in order: "II.3@2009-07", a child of the duty with its
    text and units, due on its own day."""
    return [item.replace(id=f"{item.id}@{period.id}", parent=item.id, due=occurrence_due(
                period, item.day, item.months_after_end), recurs="", renamed_from=(), period=period.id)
            for period in recurring_periods(item, plan_start, plan_end)]
