"""`sapa reports` and `sapa overdue`: report states, the issue's example, item deadlines."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import deadline_support
import pytest
from deadline_support import (
    EXAMPLE_REPORTS,
    EXAMPLE_TODAY,
    II_1_1,
    REPORTING_UNITS,
    bundled_plan,
    json_of,
    state_of,
)
from helpers import ok

from sapa_propaganda.core.deadlines import ITEM_STATES, item_deadline, overdue_items
from sapa_propaganda.core.progress import Event

# fixtures shared by the deadline tests
example = deadline_support.example

# ---- the example -------------------------------------------------------------------


def test_the_example_json_exactly(example):
    rows = json_of(example("--today", EXAMPLE_TODAY, "reports", "--period", "2022-H1", "--json"))
    assert rows == EXAMPLE_REPORTS


def test_the_example_plain(example):
    out = ok(example("--today", EXAMPLE_TODAY, "reports", "--period", "2022-H1"))
    lines = out.splitlines()
    assert lines[0] == "Mã\tKỳ báo cáo\tĐơn vị\tBáo cáo\tHạn\tNgày nhận\tSố văn bản\tTình trạng"
    assert {line.split("\t")[1] for line in lines[1:]} == {"2022-H1"}
    states = {line.split("\t")[0]: line.split("\t")[-1] for line in lines[1:]}
    assert states == {"mttq": "Nộp đúng hạn", "vhtt": "Nộp muộn 2 ngày", "ttvh": "Quá hạn 5 ngày",
                      "chi-dang-bo": "Quá hạn 5 ngày", "btg": "Sắp đến hạn (còn 0 ngày)"}
    vhtt = next(line for line in lines if line.startswith("vhtt\t")).split("\t")
    assert vhtt[4:6] == ["15/06/2022", "17/06/2022"]
    assert "\x1b" not in out


def test_the_example_in_english(example):
    out = ok(example("--lang", "en", "--today", EXAMPLE_TODAY, "reports", "--period", "2022-H1"))
    lines = out.splitlines()
    assert lines[0] == "Id\tReporting period\tUnit\tReport\tDue\tReceived\tRef\tState"
    states = {line.split("\t")[0]: line.split("\t")[-1] for line in lines[1:]}
    assert states == {"mttq": "On time", "vhtt": "2 days late", "ttvh": "Overdue by 5 days",
                      "chi-dang-bo": "Overdue by 5 days", "btg": "Due soon (0 days left)"}
    assert "Consolidated 6-month report 2022" in out and "6-month report 2022" in out


# ---- filters -------------------------------------------------------------------------------


def test_reports_by_default_lists_every_period_up_to_the_current_one(example):
    rows = json_of(example("reports", "--json"))
    assert [r["period"] for r in rows] == ["2021-Y"] * 5 + ["2022-H1"] * 5
    assert {r["state"] for r in rows if r["period"] == "2021-Y"} == {"overdue"}
    assert [r["days"] for r in rows if r["period"] == "2021-Y"] == [217] * 4 + [212]


def test_reports_filtered_by_unit_and_overdue(example):
    rows = json_of(example("reports", "--unit", "Trung tâm Văn hóa", "--json"))
    assert [(r["unit"], r["period"], r["state"]) for r in rows] == [
        ("ttvh", "2021-Y", "overdue"), ("ttvh", "2022-H1", "overdue")]
    rows = json_of(example("reports", "--period", "2022-H1", "--overdue", "--json"))
    assert [(r["unit"], r["days"]) for r in rows] == [("ttvh", 5), ("chi-dang-bo", 5)]
    rows = json_of(example("reports", "--unit", "btg", "--all", "--json"))
    assert len(rows) == 9 and {r["kind"] for r in rows} == {"consolidated-half-year", "consolidated-annual"}
    assert json_of(example("reports", "--unit", "ubnd", "--json")) == []
    assert ok(example("reports", "--unit", "ubnd")) == "Không có báo cáo nào khớp.\n"


# ---- states at the edges -------------------------------------------------------------------


@pytest.mark.parametrize("today, state, days", [
    ("2022-05-01", "upcoming", 45),
    ("2022-06-07", "upcoming", 8),     # one day outside the 7-day window
    ("2022-06-08", "due-soon", 7),     # the window's first day
    ("2022-06-14", "due-soon", 1),
    ("2022-06-15", "due-soon", 0),     # the due day itself
    ("2022-06-16", "overdue", 1),      # the day after
    ("2022-12-31", "overdue", 199),
])
def test_state_of_an_unsent_report_against_today(run, today, state, days):
    rows = json_of(run("--today", today, "reports", "--period", "2022-H1", "--unit", "ttvh", "--json"))
    assert [(r["state"], r["days"], r["submitted"]) for r in rows] == [(state, days, None)]


@pytest.mark.parametrize("received, state, days", [
    ("2022-01-03", "on-time", None), ("2022-06-15", "on-time", None),
    ("2022-06-16", "late", 1), ("2022-06-20", "late", 5),
])
def test_state_of_a_received_report_depends_on_its_date_not_on_today(run, received, state, days):
    ok(run("submit", "chi-dang-bo", "2022-H1", "--date", received, "--early"))  # 03/01 is months early
    for today in ("2022-06-20", "2023-03-01"):
        rows = json_of(run("--today", today, "reports", "--period", "2022-H1", "--unit", "chi-dang-bo", "--json"))
        assert [(r["state"], r["days"], r["submitted"]) for r in rows] == [(state, days, received)]


def test_due_soon_and_upcoming_labels(run):
    out = ok(run("--today", "2022-06-12", "reports", "--period", "2022-H1"))
    assert "Sắp đến hạn (còn 3 ngày)" in out and "Sắp đến hạn (còn 8 ngày)" not in out
    out = ok(run("--today", "2022-05-01", "--lang", "en", "reports", "--period", "2022-H1"))
    assert "Not yet due (45 days left)" in out and "Not yet due (50 days left)" in out


def test_reports_rich_colours_overdue_red(example):
    out = ok(example("--rich", "reports", "--period", "2022-H1",
                     env={"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "200"}))
    assert "\x1b[1;31mQuá hạn 5 ngày" in out
    assert "\x1b[32mNộp đúng hạn" in out


# ---- sapa overdue --------------------------------------------------------------------------


def test_overdue_lists_reports_and_items_with_a_deadline(example):
    found = json_of(example("overdue", "--json"))
    assert [(r["unit"], r["period"], r["kind"], r["days"]) for r in found["reports"]] == [
        *[(u, "2021-Y", "annual", 217) for u in REPORTING_UNITS],
        ("btg", "2021-Y", "consolidated-annual", 212),
        ("ttvh", "2022-H1", "half-year", 5), ("chi-dang-bo", "2022-H1", "half-year", 5),
    ]
    assert {r["state"] for r in found["reports"]} == {"overdue"}
    assert found["items"] == [
        {"id": i, "kind": "content", "units": [], "due": "2021-12-31", "status": "todo",
         "state": "not-started", "days": 171} for i in II_1_1]


def test_overdue_plain(example):
    out = ok(example("overdue"))
    lines = out.splitlines()
    assert lines[0] == "Mã\tLoại\tNội dung\tHạn\tTình trạng\tSố ngày quá hạn"  # reports and items, one table
    assert ("ttvh\tBáo cáo\tBáo cáo 6 tháng đầu năm 2022 của Trung tâm Văn hóa, Thể thao - Truyền thông\t"
            "15/06/2022\tQuá hạn 5 ngày\t5") in lines
    item = next(line for line in lines if line.startswith("II.1.1.3\t")).split("\t")
    assert item[1] == "Nội dung" and item[3:] == ["31/12/2021", "Chưa thực hiện", "171"]
    en = ok(example("--lang", "en", "overdue"))
    assert en.startswith("Id\tKind\tText\tDue\tState\tDays late\n")
    assert "\tReport\t" in en and "\tContent\t" in en and "\tOverdue by 5 days\t5\n" in en


def test_marks_change_what_is_overdue(run):
    ok(run("mark", "II.1.1.1", "done", "--date", "2021-12-31"))
    ok(run("mark", "II.1.1.2", "done", "--date", "2022-01-05"))
    ok(run("mark", "II.1.1.3", "doing", "--date", "2021-10-01", "--note", "Đang đăng tin"))
    ok(run("mark", "II.1.1.4", "blocked", "--date", "2021-12-01"))
    items = {i["id"]: i for i in json_of(run("overdue", "--json"))["items"]}
    assert "II.1.1.1" not in items and "II.1.1.2" not in items   # done, on time or late
    assert (items["II.1.1.3"]["status"], items["II.1.1.3"]["state"], items["II.1.1.3"]["days"]) == (
        "doing", "in-progress-late", 171)
    assert (items["II.1.1.4"]["status"], items["II.1.1.4"]["state"]) == ("blocked", "blocked-late")
    assert [i for i in items] == ["II.1.1.3", "II.1.1.4", "II.1.1.5", "II.1.1.6", "II.1.1.7"]
    out = ok(run("overdue"))
    assert "Đang thực hiện quá hạn" in next(line for line in out.splitlines() if line.startswith("II.1.1.3\t"))


@pytest.mark.parametrize("today", ["2021-01-01", "2021-06-01", "2021-11-15"])
def test_nothing_overdue_before_the_first_deadline(run, today):
    assert json_of(run("--today", today, "overdue", "--json")) == {"reports": [], "items": []}
    assert ok(run("--today", today, "overdue")) == "Không có gì quá hạn.\n"
    assert ok(run("--today", today, "--lang", "en", "overdue")) == "Nothing is overdue.\n"
    assert json_of(run("--today", today, "reports", "--overdue", "--json")) == []


def test_items_are_not_overdue_on_their_due_day(run):
    assert json_of(run("--today", "2021-12-31", "overdue", "--json"))["items"] == []
    items = json_of(run("--today", "2022-01-01", "overdue", "--json"))["items"]
    assert [(i["id"], i["days"]) for i in items] == [(i, 1) for i in II_1_1]


# ---- item deadlines: the pure classification -----------------------------------------------

VN = timezone(timedelta(hours=7))


def mark(target: str, status: str, on: date, n: int = 0) -> Event:
    return Event(id=f"e{n}-{target}", recorded=datetime(2022, 1, 1, 8, n, tzinfo=VN), date=on, kind="mark",
                 target=target, status=status)


DUE = date(2021, 12, 31)


@pytest.mark.parametrize("events, today, state, days", [
    ([mark("II.1.1.1", "done", DUE)], date(2022, 6, 20), "done-on-time", None),
    ([mark("II.1.1.1", "done", date(2021, 7, 1))], date(2022, 6, 20), "done-on-time", None),
    ([mark("II.1.1.1", "done", date(2022, 1, 5))], date(2022, 6, 20), "done-late", 5),
    ([mark("II.1.1.1", "done", date(2022, 1, 1))], date(2022, 1, 1), "done-late", 1),
    ([mark("II.1.1.1", "doing", date(2021, 10, 1))], date(2022, 6, 20), "in-progress-late", 171),
    ([mark("II.1.1.1", "doing", date(2021, 10, 1))], DUE, "in-progress-on-time", None),
    ([mark("II.1.1.1", "doing", date(2021, 10, 1))], date(2021, 11, 1), "in-progress-on-time", None),
    ([mark("II.1.1.1", "blocked", date(2021, 10, 1))], date(2022, 1, 2), "blocked-late", 2),
    ([mark("II.1.1.1", "blocked", date(2021, 10, 1))], DUE, "blocked", None),
    ([], date(2022, 6, 20), "not-started", 171),
    ([], date(2021, 6, 1), "not-started", None),
    ([mark("II.1.1.1", "todo", date(2021, 10, 1))], date(2022, 1, 1), "not-started", 1),
    # done, then reopened: no longer done
    ([mark("II.1.1.1", "done", date(2021, 12, 1), 0), mark("II.1.1.1", "doing", date(2022, 2, 1), 1)],
     date(2022, 6, 20), "in-progress-late", 171),
])
def test_item_deadline_states(events, today, state, days):
    plan = bundled_plan()
    found = item_deadline(plan.item("II.1.1.1"), state_of(*events), today)
    assert (found.state, found.days_late) == (state, days)
    assert found.state in ITEM_STATES


def test_an_item_without_a_deadline_has_none():
    plan = bundled_plan()
    for item_id, events in [("III.1.1", []), ("III.1.1", [mark("III.1.1", "done", date(2022, 1, 1))]),
                            ("II.1.2.1", [mark("II.1.2.1", "doing", date(2022, 1, 1))])]:
        found = item_deadline(plan.item(item_id), state_of(*events), date(2030, 1, 1))
        assert (found.state, found.days_late) == ("no-deadline", None)


def test_overdue_items_are_the_unfinished_ones_past_their_deadline():
    plan = bundled_plan()
    state = state_of(mark("II.1.1.1", "done", DUE, 1), mark("II.1.1.2", "done", date(2022, 1, 5), 2),
                     mark("II.1.1.3", "doing", date(2021, 10, 1), 3))
    found = overdue_items(plan, state, date(2022, 6, 20))
    assert [(d.item.id, d.state) for d in found] == [("II.1.1.3", "in-progress-late")] + [
        (i, "not-started") for i in II_1_1[3:]]
    assert overdue_items(plan, state, DUE) == []
