"""Recurring duties and real calendars, after Bộ Nội vụ's monthly and quarterly reporting: monthly
reports due the 20th, the quarter's report standing in for the monthly one of its last month, a
bulletin due before the 25th of every month (`recurs`), and one member due five days earlier.

The plan is invented for these tests; every date is given with --today.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from helpers import fail, ok

from sapa_propaganda.storage.plan_loader import parse_plan

BNV_PLAN = """\
format = 1

[plan]
id = "bnv-bao-cao-2009"
title = "Kế hoạch thực hiện chế độ báo cáo định kỳ năm 2009"
issuer = "Bộ Nội vụ"
start = 2009-01-01
end = 2009-12-31
warning_days = 3

[[units]]
id = "vp"
name = "Văn phòng Bộ"

[[units]]
id = "so"
name = "Các Sở Nội vụ"
members = [
  { id = "ha-noi", name = "Sở Nội vụ Hà Nội", days_early = 5 },
  { id = "lao-cai", name = "Sở Nội vụ Lào Cai" },
]

[[units]]
id = "ttbc"
name = "Trung tâm Thông tin"

[[items]]
id = "I"
kind = "section"
title = "NHIỆM VỤ"

[[items]]
id = "I.1"
kind = "duty"
text = "Gửi bản tin nội vụ trước ngày 25 hằng tháng."
units = ["ttbc"]
recurs = "month"
day = 25

[[items]]
id = "I.2"
kind = "duty"
text = "Tổng kết công tác năm."
units = ["vp"]
due = 2009-12-20

[reporting]
first = "2009-01"
last = "2009-12"

[[reporting.rules]]
id = "thang"
kind = "unit"
units = ["so"]
to = ["vp"]
per_member = true

[[reporting.rules.due]]
period = "month"
day = 20
months_after_end = 0
replaced_by = "quarter"

[[reporting.rules]]
id = "quy"
kind = "unit"
units = ["so"]
to = ["vp"]
per_member = true
first = "2009-Q1"
last = "2009-Q4"

[[reporting.rules.due]]
period = "quarter"
day = 20
months_after_end = 0
"""


@pytest.fixture
def sapa(run, write_plan):
    plan = write_plan(BNV_PLAN, "bnv.toml")

    def invoke(today, *args):
        return run("--plan", plan, "--today", today, *args)

    return invoke


def overdue_ids(sapa, today):
    return [line.split("\t")[0] + " " + line.split("\t")[2] for line in ok(sapa(today, "overdue")).splitlines()[1:]]


def reports(sapa, today, period):
    rows = json.loads(ok(sapa(today, "reports", "--json", "--period", period)))
    return {(r.get("member"), r["period"]): (r["state"], r["due"]) for r in rows if r.get("member")}


# ---- 1. a duty that recurs ------------------------------------------------------------------

def test_each_occurrence_of_a_recurring_duty_is_an_item_with_its_own_deadline():
    plan = parse_plan(BNV_PLAN)
    found = plan.occurrences_of("I.1")
    assert [o.id for o in found][:3] == ["I.1@2009-01", "I.1@2009-02", "I.1@2009-03"] and len(found) == 12
    assert [o.due for o in found][1:3] == [date(2009, 2, 25), date(2009, 3, 25)]
    assert plan.item("I.1@2009-07").parent == "I.1" and plan.item("I.1@2009-07").units == ("ttbc",)
    assert [i.id for i in plan.tracked_items][:2] == ["I.1@2009-01", "I.1@2009-02"]  # the duty stands for them


@pytest.mark.parametrize(("today", "overdue", "in_remind"), [
    ("2009-07-24", False, True),   # the day before: due soon
    ("2009-07-25", False, True),   # the day itself: still on time
    ("2009-07-26", True, True),    # the day after: overdue
])
def test_the_bulletin_before_and_on_and_after_the_25th(sapa, today, overdue, in_remind):
    for month in range(1, 7):
        ok(sapa("2009-07-01", "mark", f"I.1@2009-{month:02d}", "xong", "--date", f"2009-{month:02d}-20"))
    assert any(line.startswith("I.1@2009-07") for line in overdue_ids(sapa, today)) == overdue
    assert not any(line.startswith("I.1@2009-0") and not line.startswith("I.1@2009-07")
                   for line in overdue_ids(sapa, today))  # each month marked on time is not overdue
    remind = ok(sapa(today, "remind"))
    assert ("I.1@2009-07" in remind) == in_remind and "I.1@2009-08" not in remind
    status = ok(sapa(today, "status"))
    assert "ttbc\tTrung tâm Thông tin\t6/12" in status
    assert ("1 nội dung/nhiệm vụ" in status) == overdue


def test_an_occurrence_is_marked_by_its_period_and_done_when_marked(sapa):
    assert "I.1@2009-07" in ok(sapa("2009-07-25", "mark", "I.1@T7/2009", "xong"))  # the period in words
    assert not any(line.startswith("I.1@2009-07") for line in overdue_ids(sapa, "2009-07-26"))
    assert "I.1@2009-06" in "\n".join(overdue_ids(sapa, "2009-07-26"))  # June's is its own, still owed
    assert "I.1@2009-07: Hoàn thành" in ok(sapa("2009-07-26", "history", "I.1"))
    assert "I.1@2009-07: Hoàn thành" in ok(sapa("2009-07-26", "history", "I.1@2009-07"))
    duties = ok(sapa("2009-07-26", "duties", "--unit", "ttbc"))
    assert "I.1@2009-07" in duties and "I.1@2009-12" in duties
    message = fail(sapa("2009-07-26", "mark", "I.1", "xong"))
    assert "nhiệm vụ 'I.1' là nhiệm vụ định kỳ" in message
    assert "nhiệm vụ 'I.1' là nhiệm vụ định kỳ" in fail(sapa("2009-07-26", "mark", "I.1", "xong"))  # cached index


def test_ics_has_one_event_per_occurrence_on_its_day(sapa, tmp_path):
    out = tmp_path / "lich.ics"
    assert sapa("2009-07-20", "export", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8").replace("\r\n ", "")
    assert "UID:bnv-bao-cao-2009.item.I.1@2009-07@sapa" in text
    block = text.split("UID:bnv-bao-cao-2009.item.I.1@2009-07@sapa", 1)[1].split("END:VEVENT", 1)[0]
    assert "DTSTART;VALUE=DATE:20090725" in block
    assert "I.1@2009-08" in text


# ---- 2. the quarter's report stands in for the monthly one -----------------------------------

@pytest.mark.parametrize(("today", "state"), [("2009-08-19", "due-soon"), ("2009-08-20", "due-soon"),
                                              ("2009-08-21", "overdue")])
def test_the_monthly_report_due_the_20th(sapa, today, state):
    assert reports(sapa, today, "2009-08")[("lao-cai", "2009-08")] == (state, "2009-08-20")


@pytest.mark.parametrize(("today", "state"), [("2009-09-19", "due-soon"), ("2009-09-20", "due-soon"),
                                              ("2009-09-21", "overdue")])
def test_in_a_quarters_last_month_the_quarterly_report_replaces_the_monthly_one(sapa, today, state):
    assert reports(sapa, today, "2009-Q3")[("lao-cai", "2009-Q3")] == (state, "2009-09-20")
    listed = ok(sapa(today, "overdue")) + ok(sapa(today, "remind")) + ok(sapa(today, "reports", "--all"))
    assert "tháng 9 năm 2009" not in listed and "tháng 6 năm 2009" not in listed
    assert ("Báo cáo quý 3 năm 2009 của Sở Nội vụ Lào Cai" in ok(sapa(today, "overdue"))) == (state == "overdue")
    message = fail(sapa(today, "submit", "lao-cai", "2009-09"))
    assert "'so/lao-cai' không nộp báo cáo kỳ 2009-09: báo cáo kỳ 2009-Q3 thay cho nó" in message
    assert "báo cáo kỳ 2009-Q3 thay cho nó" in fail(sapa(today, "reports", "--period", "2009-09"))


def test_without_replaced_by_the_third_months_report_is_owed_too(run, write_plan):
    plan = write_plan(BNV_PLAN.replace('replaced_by = "quarter"\n', ""))
    rows = json.loads(ok(run("--plan", plan, "--today", "2009-09-21", "reports", "--json", "--period", "2009-09")))
    assert {r.get("member"): r["state"] for r in rows if r.get("member")} == {"ha-noi": "overdue",
                                                                                "lao-cai": "overdue"}


# ---- 3. a member due before the others --------------------------------------------------------

@pytest.mark.parametrize(("today", "ha_noi", "lao_cai"), [
    ("2009-08-14", "due-soon", "upcoming"), ("2009-08-15", "due-soon", "upcoming"),
    ("2009-08-16", "overdue", "upcoming"), ("2009-08-21", "overdue", "overdue")])
def test_one_member_is_due_five_days_before_the_others(sapa, today, ha_noi, lao_cai):
    rows = reports(sapa, today, "2009-08")
    assert rows[("ha-noi", "2009-08")] == (ha_noi, "2009-08-15")
    assert rows[("lao-cai", "2009-08")] == (lao_cai, "2009-08-20")
    assert ("tháng 8 năm 2009 của Sở Nội vụ Hà Nội" in ok(sapa(today, "overdue"))) == (ha_noi == "overdue")


def test_the_members_own_deadline_in_the_calendar(sapa, tmp_path):
    out = tmp_path / "lich.ics"
    assert sapa("2009-08-01", "export", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8").replace("\r\n ", "")
    events = text.split("BEGIN:VEVENT")
    august = [e for e in events if "UID:bnv-bao-cao-2009.thang.2009-08" in e]
    assert len(august) == 2
    assert "DTSTART;VALUE=DATE:20090815" in august[0] and "Sở Nội vụ Hà Nội" in august[0]
    assert "Lào Cai" not in august[0]
    assert "UID:bnv-bao-cao-2009.thang.2009-08@sapa" in august[1] and "DTSTART;VALUE=DATE:20090820" in august[1]
    assert not [e for e in events if "tháng 9 năm 2009 của Sở" in e]  # replaced by the quarter's


# ---- the plan check and the cache -------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "says"), [
    ("recurs = \"month\"\nday = 25\n", "recurs = \"month\"\nday = 25\ndue = 2009-05-01\n", "không có 'due' riêng"),
    ("recurs = \"month\"\nday = 25\n", "day = 25\n", "'day' chỉ dùng cho nhiệm vụ định kỳ"),
    ("recurs = \"month\"\n", "recurs = \"week\"\n", "giá trị 'week' không hợp lệ"),
    ("recurs = \"month\"\nday = 25\n", "recurs = \"month\"\nday = 25\nfirst = \"2009-Q1\"\n",
     "không phải kỳ loại month"),
    ('replaced_by = "quarter"', 'replaced_by = "month"', "replaced_by 'month' phải là loại kỳ dài hơn"),
    ('days_early = 5', 'days_early = -1', "days_early -1 phải từ 0 đến 366"),
])
def test_the_plan_check_names_each_misuse(run, write_plan, old, new, says):
    assert old in BNV_PLAN
    plan = write_plan(BNV_PLAN.replace(old, new, 1))
    result = run("plan", "check", plan)
    assert result.exit_code != 0 and says in result.output


def test_the_plan_cache_keeps_occurrences_members_and_standins(tmp_path):
    from sapa_propaganda.cache.record_codec import decode, encode
    from sapa_propaganda.core.deadlines import plan_index
    from sapa_propaganda.core.model import Plan

    plan = parse_plan(BNV_PLAN)
    again = decode(Plan, encode(plan))
    assert again == plan and again.occurrences_of("I.1") == plan.occurrences_of("I.1")
    assert again.unit("so").member("ha-noi").days_early == 5
    assert again.reporting.rules[0].due[0].replaced_by == "quarter"
    index = plan_index(plan)
    assert index.recurring == frozenset({"I.1"}) and "I.1@2009-07" in index.kinds
    assert index.target_problem("mark", "I.1@2009-07") is None
    assert index.target_problem("mark", "I.1")[0] == "why_recurring"
    assert index.target_problem("mark", "I.1@2010-01")[0] == "why_no_item"


def test_on_a_narrow_screen_each_occurrence_after_the_first_says_as_above(run, write_plan):
    """The bulletin's text once, then "(như trên)" on the months under it: on 60 columns the
    text again took ten lines a month. Piped, every row keeps its text: it is data."""
    plan = write_plan(BNV_PLAN, "bnv.toml")
    screen = run("--plan", plan, "--today", "2009-07-26", "--rich", "duties", "--unit", "ttbc", env={"COLUMNS": "60"})
    assert screen.exit_code == 0, screen.stderr
    assert screen.stdout.count("(như") >= 5 and screen.stdout.count("Gửi") == 1  # wrapped as the column allows
    piped = ok(run("--plan", plan, "--today", "2009-07-26", "duties", "--unit", "ttbc")).splitlines()
    occurrences = [line for line in piped[1:] if line.startswith("I.1@")]
    assert len(occurrences) >= 6 and all("(như trên)" not in line for line in occurrences)
