"""Monthly and nine-month reports, and warning windows set for the plan, a rule or an item.

Two plans written for these tests from the kind of document a commune Party committee issues
(names invented): an inspection plan with monthly reports due on the 25th and a nine-month report
due 20 September, and a one-off campaign with duty deadlines and no reports at all.
"""

from __future__ import annotations

import json

import pytest
from sample_plans import line_of

INSPECTION_PLAN = """\
format = 1

[plan]
id = "tan-lap-kiem-tra-2024"
title = "Kế hoạch kiểm tra, giám sát năm 2024 của Đảng ủy xã Tân Lập"
issuer = "Ban Thường vụ Đảng ủy xã Tân Lập"
start = 2024-01-01
end = 2024-12-31
warning_days = 5

[[units]]
id = "ubkt"
name = "Ủy ban Kiểm tra Đảng ủy xã"

[[units]]
id = "vp"
name = "Văn phòng Đảng ủy xã"

[[items]]
id = "I"
kind = "section"
title = "NHIỆM VỤ"
units = ["ubkt"]

[[items]]
id = "I.1"
kind = "duty"
text = "Kiểm tra việc chấp hành Điều lệ Đảng ở chi bộ thôn Bản Lầu."
due = 2024-06-25
warning_days = 14

[[items]]
id = "I.2"
kind = "duty"
text = "Giám sát việc tu dưỡng, rèn luyện đạo đức của cấp ủy viên."
due = 2024-06-25

[reporting]
first = "2024-01"
last = "2024-12"

[[reporting.rules]]
id = "hang-thang"
kind = "unit"
name = "Báo cáo tiến độ kiểm tra hằng tháng"
units = ["ubkt"]
to = ["vp"]
warning_days = 3

[[reporting.rules.due]]
period = "month"
day = 25
months_after_end = 0

[[reporting.rules.due]]
period = "nine-months"
day = 20
month = 9
"""

CAMPAIGN_PLAN = """\
format = 1

[plan]
id = "tan-lap-chien-dich-2024"
title = "Kế hoạch ra quân tổng vệ sinh môi trường xã Tân Lập"
issuer = "Ban Thường vụ Đảng ủy xã Tân Lập"
start = 2024-03-01
end = 2024-04-30

[[units]]
id = "doan"
name = "Đoàn Thanh niên xã"

[[items]]
id = "I"
kind = "duty"
text = "Ra quân dọn vệ sinh các tuyến đường liên thôn."
units = ["doan"]
due = 2024-03-31
"""


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def inspection(write_plan):
    return write_plan(INSPECTION_PLAN, "inspection.toml")


@pytest.fixture
def campaign(write_plan):
    return write_plan(CAMPAIGN_PLAN, "campaign.toml")


@pytest.mark.parametrize("typed", ["2024-06", "thang6-2024", "tháng6-2024", "T6-2024", "t06-2024"])
def test_a_month_is_typed_as_the_office_types_it(run, inspection, typed):
    rows = json.loads(ok(run("--plan", inspection, "--today", "2024-06-22", "reports", "--period", typed, "--json")))
    assert [(r["period"], r["due"]) for r in rows] == [("2024-06", "2024-06-25")]


@pytest.mark.parametrize("typed", ["2024-9T", "2024-9t", "9t-2024", "9T-2024"])
def test_nine_months_is_typed_as_the_office_types_it(run, inspection, typed):
    rows = json.loads(ok(run("--plan", inspection, "--today", "2024-09-01", "reports", "--period", typed, "--json")))
    assert [(r["period"], r["due"]) for r in rows] == [("2024-9T", "2024-09-20")]


def test_monthly_and_nine_month_reports_read_as_their_names(run, inspection):
    plain = ok(run("--plan", inspection, "--today", "2024-09-19", "remind"))
    assert "Báo cáo 9 tháng năm 2024 của Ủy ban Kiểm tra Đảng ủy xã: hạn 20/09/2024, còn 1 ngày" in plain
    assert "Báo cáo tháng 8 năm 2024" in plain  # overdue since 25/08
    english = ok(run("--plan", inspection, "--today", "2024-09-19", "--lang", "en", "remind"))
    assert "9-month report 2024" in english and "Monthly report 8/2024" in english


def test_a_rules_own_window_decides_when_its_report_is_due_soon(run, inspection):
    def state(day):
        rows = json.loads(ok(run("--plan", inspection, "--today", day, "reports", "--period", "2024-06", "--json")))
        return rows[0]["state"], rows[0]["days"]

    # The rule warns 3 days ahead, though the plan says 5.
    assert state("2024-06-21") == ("upcoming", 4)
    assert state("2024-06-22") == ("due-soon", 3)
    assert state("2024-06-25") == ("due-soon", 0)
    assert state("2024-06-26") == ("overdue", 1)


def test_an_items_own_window_and_the_plans_decide_its_reminder(run, inspection):
    def reminded(day):
        out = ok(run("--plan", inspection, "--today", day, "remind"))
        return sorted(i for i in ("I.1", "I.2") if f"Nhiệm vụ {i} " in out)

    assert reminded("2024-06-10") == []  # 15 days before
    assert reminded("2024-06-11") == ["I.1"]  # its own 14 days
    assert reminded("2024-06-19") == ["I.1"]  # the plan's 5 days: not yet for I.2
    assert reminded("2024-06-20") == ["I.1", "I.2"]


def test_a_plan_with_no_reports_still_warns_before_its_deadlines(run, campaign):
    assert ok(run("--plan", campaign, "--today", "2024-03-23", "remind")) == ""
    soon = ok(run("--plan", campaign, "--today", "2024-03-24", "remind"))  # 7 days: the default
    assert soon.startswith("Nhắc việc ngày 24/03/2024\nNhiệm vụ I ") and "còn 7 ngày" in soon


@pytest.mark.parametrize(("old", "new", "key"), [
    ("day = 25\nmonths_after_end = 0", "day = 25\nmonth = 6", "month = 6"),
    ("warning_days = 3", "warning_days = -1", "warning_days = -1"),
    ("warning_days = 14", "warning_days = -2", "warning_days = -2"),
    ("warning_days = 5", "warning_days = -3", "warning_days = -3"),
])
def test_a_wrong_window_or_a_fixed_month_for_monthly_reports_names_its_line(run, write_plan, old, new, key):
    text = INSPECTION_PLAN.replace(old, new, 1)
    path = write_plan(text, "wrong.toml")
    result = run("plan", "check", path)
    assert result.exit_code == 4
    assert f"{path}:{line_of(text, key)}:" in result.stdout + result.stderr


def test_status_names_the_nearest_deadline_a_duty_s_too(run, campaign, inspection):
    board = json.loads(ok(run("--plan", campaign, "--today", "2024-03-21", "status", "--json")))
    assert board["next_deadline"] is None  # the plan asks for no report
    assert (board["next_item"]["id"], board["next_item"]["due"]) == ("I", "2024-03-31")
    plain = ok(run("--plan", campaign, "--today", "2024-03-21", "status"))
    assert "31/03/2024 (còn 10 ngày) — Nhiệm vụ I (Ra quân dọn vệ sinh" in plain
    assert "không còn hạn nào" not in plain
    # The report is in, and a duty falls due before the next report: the duty is next.
    ok(run("--plan", inspection, "--today", "2024-06-23", "submit", "ubkt", "2024-06"))
    plain = ok(run("--plan", inspection, "--today", "2024-06-23", "status"))
    assert "25/06/2024 (còn 2 ngày) — Nhiệm vụ I.1" in plain
    done = ok(run("--plan", campaign, "--today", "2024-03-21", "mark", "I", "xong"))
    assert done and "không còn hạn nào" in ok(run("--plan", campaign, "--today", "2024-03-22", "status"))


def test_a_blocked_duty_past_its_deadline_says_so(run, campaign):
    ok(run("--plan", campaign, "--today", "2024-03-20", "mark", "I", "vuong"))
    overdue = json.loads(ok(run("--plan", campaign, "--today", "2024-04-02", "overdue", "--json")))
    assert [(i["id"], i["state"], i["days"]) for i in overdue["items"]] == [("I", "blocked-late", 2)]
    assert "Vướng mắc, quá hạn" in ok(run("--plan", campaign, "--today", "2024-04-02", "remind"))


def test_the_calendar_of_a_plan_with_only_duty_deadlines_has_them(run, campaign):
    text = ok(run("--plan", campaign, "--today", "2024-03-01", "export", "--format", "ics"))
    assert text.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20240331" in text and "TRIGGER:-P7D" in text


LEAP_PLAN = INSPECTION_PLAN.replace("day = 25\nmonths_after_end = 0", "day = 31\nmonths_after_end = 0").replace(
    "due = 2024-06-25\nwarning_days = 14", "due = 2024-02-29\nwarning_days = 7")


@pytest.mark.parametrize(("period", "due"), [
    ("2024-01", "2024-01-31"), ("2024-02", "2024-02-29"), ("2024-04", "2024-04-30"), ("2024-12", "2024-12-31"),
])
def test_a_monthly_deadline_on_the_31st_is_the_months_last_day(run, write_plan, period, due):
    plan = write_plan(LEAP_PLAN, "leap.toml")
    rows = json.loads(ok(run("--plan", plan, "--today", "2024-01-01", "reports", "--period", period, "--json")))
    assert rows[0]["due"] == due


@pytest.mark.parametrize(("today", "state", "days"), [
    ("2024-02-25", "upcoming", 4),  # the day before the window opens
    ("2024-02-26", "due-soon", 3),  # the first due-soon day (the rule warns 3 days ahead)
    ("2024-02-29", "due-soon", 0),  # the due day, 29 February
    ("2024-03-01", "overdue", 1),  # the first overdue day
    ("2024-03-31", "overdue", 31),
])
def test_report_day_counts_across_29_february(run, write_plan, today, state, days):
    plan = write_plan(LEAP_PLAN, "leap.toml")
    rows = json.loads(ok(run("--plan", plan, "--today", today, "reports", "--period", "2024-02", "--json")))
    assert (rows[0]["state"], rows[0]["days"]) == (state, days)


@pytest.mark.parametrize(("today", "reminded", "late"), [
    ("2024-02-21", False, None),  # 8 days before: outside the item's 7
    ("2024-02-22", True, None),  # the first day of the window
    ("2024-02-29", True, None),  # the due day
    ("2024-03-01", True, 1),  # overdue from the next day
])
def test_item_day_counts_across_29_february(run, write_plan, today, reminded, late):
    plan = write_plan(LEAP_PLAN, "leap.toml")
    out = ok(run("--plan", plan, "--today", today, "remind"))
    assert ("Nhiệm vụ I.1 " in out) == reminded
    items = json.loads(ok(run("--plan", plan, "--today", today, "overdue", "--json")))["items"]
    assert [i["days"] for i in items if i["id"] == "I.1"] == ([late] if late else [])


def test_a_checklist_by_deadline_works_for_a_plan_without_reports(run, campaign, inspection):
    text = ok(run("--plan", campaign, "--today", "2024-03-20", "checklist", "--due", "31/03/2024", "--format", "txt"))
    assert text.startswith("DANH MỤC KIỂM TRA — CÁC HẠN ĐẾN NGÀY 31/03/2024\n")
    assert "[ ] I — Ra quân dọn vệ sinh các tuyến đường liên thôn. (hạn 31/03/2024)" in text
    assert "\n\n\n" not in text
    ok(run("--plan", campaign, "--today", "2024-03-25", "mark", "I", "xong"))
    assert "[x] I — Ra quân" in ok(run("--plan", campaign, "--today", "2024-03-25", "checklist", "--due", "2024-03-31"))
    # With reports too: those due by then, each with its state; a unit's view is its own.
    text = ok(run("--plan", inspection, "--today", "2024-06-20", "checklist", "--due", "30/06/2024", "--unit", "ubkt"))
    assert "Báo cáo tháng 6 năm 2024" in text and "Báo cáo tháng 7 năm 2024" not in text
    assert "I.1 — Kiểm tra việc chấp hành" in text and "I.2 — " in text
    nothing = run("--plan", inspection, "--today", "2024-06-20", "checklist", "--due", "01/01/2024", "--unit", "vp")
    assert nothing.exit_code == 2 and "01/01/2024" in nothing.stderr


@pytest.mark.parametrize("args", [[], ["2024-06", "--due", "30/06/2024"]])
def test_a_checklist_needs_a_period_or_a_deadline_not_both(run, inspection, args):
    result = run("--plan", inspection, "--today", "2024-06-20", "checklist", *args)
    assert result.exit_code == 2 and "--due" in result.stderr


def test_a_rules_name_shows_where_its_reports_are_listed(run, inspection):
    plain = ok(run("--plan", inspection, "--today", "2024-06-22", "reports", "--period", "2024-06"))
    assert "Báo cáo tháng 6 năm 2024 — Báo cáo tiến độ kiểm tra hằng tháng" in plain
    rich = ok(run("--plan", inspection, "--today", "2024-06-22", "--rich", "reports", "--period", "2024-06",
                  env={"COLUMNS": "250"}))
    assert "Báo cáo tiến độ kiểm tra hằng tháng" in rich
    [row] = json.loads(ok(run("--plan", inspection, "--today", "2024-06-22", "reports", "--period", "2024-06",
                              "--json")))
    assert (row["rule"], row["rule_name"]) == ("hang-thang", "Báo cáo tiến độ kiểm tra hằng tháng")
