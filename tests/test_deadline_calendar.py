"""The reporting calendar: period ids, due dates from the plan's rules, first and last periods."""

from __future__ import annotations

from datetime import date

import deadline_support
import pytest
from deadline_support import (
    BUNDLED_PERIODS,
    REPORTING_UNITS,
    bundled_plan,
    json_of,
    quarterly_plan_model,
)
from helpers import fail

from sapa_propaganda.core.deadlines import current_period, due_date, obligations
from sapa_propaganda.core.model import DueRule
from sapa_propaganda.core.period_words import read_period
from sapa_propaganda.core.periods import make_period, parse_period
from sapa_propaganda.errors import UsageError

# fixtures shared by the deadline tests
leap_plan = deadline_support.leap_plan

# ---- period ids ----------------------------------------------------------------------------


@pytest.mark.parametrize("typed, canonical", [
    ("2022-H1", "2022-H1"), ("2022-h1", "2022-H1"), ("6t-2022", "2022-H1"), ("6T-2022", "2022-H1"),
    ("2022-Y", "2022-Y"), ("2022-y", "2022-Y"), ("nam-2022", "2022-Y"), ("năm-2022", "2022-Y"),
    ("Năm-2022", "2022-Y"), ("2024-Q1", "2024-Q1"), ("2024-q3", "2024-Q3"), ("quy3-2024", "2024-Q3"),
    ("q4-2024", "2024-Q4"), (" 2022-H1 ", "2022-H1"),
])
def test_period_ids_in_every_spelling(typed, canonical):
    assert read_period(typed).id == canonical


@pytest.mark.parametrize("typed", ["20222", "2022-H2", "2022-Q5", "H1-2022", "6t2022", "nam 22", "", "2022-HY"])
def test_bad_period_ids_are_refused(typed):
    with pytest.raises(UsageError) as err:
        read_period(typed)
    assert err.value.key == "bad_period"


def test_periods_have_their_dates():
    h1, year = parse_period("2022-H1"), parse_period("2022-Y")
    assert (h1.kind, h1.start, h1.end) == ("half-year", date(2022, 1, 1), date(2022, 6, 30))
    assert (year.kind, year.start, year.end) == ("annual", date(2022, 1, 1), date(2022, 12, 31))
    quarters = [parse_period(f"2024-Q{q}") for q in range(1, 5)]
    assert [(q.start, q.end) for q in quarters] == [
        (date(2024, 1, 1), date(2024, 3, 31)), (date(2024, 4, 1), date(2024, 6, 30)),
        (date(2024, 7, 1), date(2024, 9, 30)), (date(2024, 10, 1), date(2024, 12, 31))]


@pytest.mark.parametrize("typed", ["6t-2022", "2022-h1", "nam-2022", "2022-y"])
def test_cli_accepts_lower_case_and_vietnamese_period_ids(run, typed):
    rows = json_of(run("reports", "--period", typed, "--json"))
    assert {r["period"] for r in rows} == {read_period(typed).id}
    assert len(rows) == 5


def test_cli_refuses_a_bad_period_id(run):
    line = fail(run("reports", "--period", "2022-H2"))
    assert "2022-H2" in line


# ---- due dates: dateutil arithmetic --------------------------------------------------------


@pytest.mark.parametrize("period, rule, due", [
    # fixed month, day past the month's end → its last day
    (("annual", 2022), DueRule(period="annual", day=31, month=4), date(2022, 4, 30)),
    (("annual", 2022), DueRule(period="annual", day=31, month=6), date(2022, 6, 30)),
    (("half-year", 2022), DueRule(period="half-year", day=15, month=6), date(2022, 6, 15)),
    (("annual", 2023), DueRule(period="annual", day=29, month=2), date(2023, 2, 28)),
    (("annual", 2024), DueRule(period="annual", day=29, month=2), date(2024, 2, 29)),
    (("annual", 2100), DueRule(period="annual", day=29, month=2), date(2100, 2, 28)),  # not a leap year
    (("annual", 2000), DueRule(period="annual", day=31, month=2), date(2000, 2, 29)),  # a leap year
    # months after the period's last month
    (("quarter", 2024, 1), DueRule(period="quarter", day=10, months_after_end=1), date(2024, 4, 10)),
    (("quarter", 2024, 4), DueRule(period="quarter", day=10, months_after_end=1), date(2025, 1, 10)),
    (("quarter", 2024, 1), DueRule(period="quarter", day=31, months_after_end=1), date(2024, 4, 30)),
    (("quarter", 2024, 2), DueRule(period="quarter", day=31, months_after_end=0), date(2024, 6, 30)),
    (("quarter", 2023, 4), DueRule(period="quarter", day=31, months_after_end=2), date(2024, 2, 29)),
    (("quarter", 2022, 4), DueRule(period="quarter", day=31, months_after_end=2), date(2023, 2, 28)),
    (("annual", 2023), DueRule(period="annual", day=29, months_after_end=2), date(2024, 2, 29)),
    (("annual", 2024), DueRule(period="annual", day=29, months_after_end=2), date(2025, 2, 28)),
    (("half-year", 2022), DueRule(period="half-year", day=31, months_after_end=2), date(2022, 8, 31)),
    (("half-year", 2022), DueRule(period="half-year", day=31, months_after_end=3), date(2022, 9, 30)),
])
def test_due_date_clamps_to_the_month(period, rule, due):
    assert due_date(make_period(*period), rule) == due


# ---- the bundled plan's calendar -----------------------------------------------------------


def test_bundled_plan_owes_each_unit_a_report_per_period_and_btg_consolidated_ones():
    owed = obligations(bundled_plan())
    periods = []
    for o in owed:
        if o.period.id not in periods:
            periods.append(o.period.id)
    assert periods == BUNDLED_PERIODS  # first 2021-Y (no 2021-H1), last 2025-Y (nothing in 2026)
    for period in BUNDLED_PERIODS:
        rows = [(o.unit, o.kind) for o in owed if o.period.id == period]
        kind = "half-year" if period.endswith("H1") else "annual"
        assert rows == [(u, kind) for u in REPORTING_UNITS] + [("btg", f"consolidated-{kind}")]
    assert len(owed) == 9 * 5
    assert "ubnd" not in {o.unit for o in owed}


def test_bundled_plan_due_dates_come_from_its_rules():
    dues = {(o.unit, o.period.id): o.due for o in obligations(bundled_plan())}
    assert dues[("mttq", "2021-Y")] == date(2021, 11, 15)
    assert dues[("btg", "2021-Y")] == date(2021, 11, 20)
    assert dues[("vhtt", "2022-H1")] == date(2022, 6, 15)
    assert dues[("btg", "2022-H1")] == date(2022, 6, 20)
    assert dues[("chi-dang-bo", "2025-Y")] == date(2025, 11, 15)
    assert dues[("btg", "2025-Y")] == date(2025, 11, 20)


def test_reports_all_lists_the_whole_calendar(run):
    rows = json_of(run("--today", "2021-06-01", "reports", "--all", "--json"))
    assert sorted({r["period"] for r in rows}) == sorted(BUNDLED_PERIODS)
    assert len(rows) == 45
    assert {r["kind"] for r in rows} == {"half-year", "annual", "consolidated-half-year", "consolidated-annual"}
    assert {r["unit"] for r in rows if r["kind"].startswith("consolidated")} == {"btg"}
    assert all(r["state"] == "upcoming" and r["submitted"] is None for r in rows)


@pytest.mark.parametrize("today, period", [
    (date(2021, 1, 1), "2021-Y"),
    (date(2021, 11, 20), "2021-Y"),   # btg's consolidated report is due that day
    (date(2021, 11, 21), "2022-H1"),
    (date(2022, 6, 20), "2022-H1"),
    (date(2022, 6, 21), "2022-Y"),
    (date(2025, 11, 20), "2025-Y"),
    (date(2025, 11, 21), None),
])
def test_current_period_is_that_of_the_next_deadline(today, period):
    found = current_period(bundled_plan(), today)
    assert (found.id if found else None) == period


# ---- the quarterly plan --------------------------------------------------------------------


def test_quarterly_plan_owes_quarterly_reports_due_the_10th_of_the_next_month():
    owed = obligations(quarterly_plan_model())
    unit_dues = {(o.unit, o.period.id): o.due for o in owed if o.rule.kind == "unit"}
    assert {p for _u, p in unit_dues} == {f"{y}-Q{q}" for y in (2024, 2025) for q in range(1, 5)}
    assert {u for u, _p in unit_dues} == {"hnd", "phong-nn"}
    assert unit_dues[("hnd", "2024-Q1")] == date(2024, 4, 10)
    assert unit_dues[("hnd", "2024-Q2")] == date(2024, 7, 10)
    assert unit_dues[("phong-nn", "2024-Q3")] == date(2024, 10, 10)
    assert unit_dues[("phong-nn", "2024-Q4")] == date(2025, 1, 10)
    assert unit_dues[("hnd", "2025-Q4")] == date(2026, 1, 10)
    consolidated = {(o.period.id, o.kind): o.due for o in owed if o.rule.kind == "consolidated"}
    assert consolidated[("2024-Q1", "consolidated-quarter")] == date(2024, 4, 20)
    assert consolidated[("2024-Y", "consolidated-annual")] == date(2024, 12, 5)
    assert consolidated[("2025-Y", "consolidated-annual")] == date(2025, 12, 5)
    assert len(consolidated) == 8 + 2
    assert {o.unit for o in owed if o.rule.kind == "consolidated"} == {"bdv"}


def test_quarterly_reports_through_the_cli(run, quarterly_plan):
    rows = json_of(run("--plan", quarterly_plan, "--today", "2024-04-08", "reports", "--json"))
    assert [(r["unit"], r["period"], r["kind"], r["due"], r["state"], r["days"]) for r in rows] == [
        ("hnd", "2024-Q1", "quarter", "2024-04-10", "due-soon", 2),
        ("phong-nn", "2024-Q1", "quarter", "2024-04-10", "due-soon", 2),
        ("bdv", "2024-Q1", "consolidated-quarter", "2024-04-20", "upcoming", 12),
    ]
    line = fail(run("--plan", quarterly_plan, "--today", "2024-04-08", "submit", "hnd", "2024-H1"))
    assert "hnd" in line and "2024-H1" in line


# ---- leap years through the CLI ------------------------------------------------------------


def test_leap_plan_due_dates(run, leap_plan):
    rows = json_of(run("--plan", leap_plan, "--today", "2023-01-02", "reports", "--all", "--json"))
    dues = {(r["unit"], r["period"]): r["due"] for r in rows}
    assert dues[("dv", "2023-Q1")] == "2023-05-31"
    assert dues[("dv", "2023-Q2")] == "2023-08-31"
    assert dues[("dv", "2023-Q3")] == "2023-11-30"   # 31 in a 30-day month
    assert dues[("dv", "2023-Q4")] == "2024-02-29"   # leap year
    assert dues[("dv", "2024-Q4")] == "2025-02-28"   # not a leap year
    assert dues[("dv", "2023-Y")] == "2024-02-29"
    assert dues[("dv", "2024-Y")] == "2025-02-28"
    assert dues[("th", "2023-H1")] == "2023-09-30"   # month 9, day 31
    assert len(rows) == 12 + 3 + 3  # 12 quarters, 3 years, 3 half-years


def test_leap_day_itself_and_the_day_after(run, leap_plan):
    on_day = json_of(run("--plan", leap_plan, "--today", "29/02/2024", "reports", "--period", "2023-Q4", "--json"))
    assert [(r["state"], r["days"]) for r in on_day] == [("due-soon", 0)]
    after = json_of(run("--plan", leap_plan, "--today", "01/03/2024", "reports", "--period", "2023-Q4", "--json"))
    assert [(r["state"], r["days"]) for r in after] == [("overdue", 1)]
    before = json_of(run("--plan", leap_plan, "--today", "28/02/2025", "reports", "--period", "2024-Q4", "--json"))
    assert [(r["due"], r["state"], r["days"]) for r in before] == [("2025-02-28", "due-soon", 0)]


def test_29_february_of_a_common_year_is_not_a_date(run, leap_plan):
    line = fail(run("--plan", leap_plan, "--today", "29/02/2023", "status"))
    assert "29/02/2023" in line
