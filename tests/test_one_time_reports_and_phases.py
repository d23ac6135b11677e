"""One-time reports, rules with their own first and last periods, and a period due on a date of its
own. Two plans written for these tests from the kinds of document issue 9 names (places invented):
a conference with a hard deadline and a report on its results "chậm nhất ngày 14/5/2021", and a
programme in two phases with a phase-end report and annual reports due on 10 December."""

from __future__ import annotations

import json

import pytest
from sample_plans import line_of

CONFERENCE_PLAN = """\
format = 1

[plan]
id = "phong-hai-hoi-nghi-2021"
title = "Kế hoạch tổ chức Hội nghị học tập, quán triệt Nghị quyết Đại hội XIII của Đảng"
issuer = "Ban Thường vụ Đảng ủy xã Phong Hải"
start = 2021-04-20
end = 2021-05-31

[[units]]
id = "tuyen-giao"
name = "Tổ Tuyên giáo Đảng ủy"

[[units]]
id = "btv"
name = "Ban Thường vụ Đảng ủy"

[[items]]
id = "I"
kind = "duty"
text = "Tổ chức hội nghị cho toàn thể đảng viên xong trước ngày 10/5/2021."
units = ["tuyen-giao"]
due = 2021-05-10

[reporting]

[[reporting.rules]]
id = "ket-qua"
kind = "unit"
name = "Báo cáo kết quả học tập, quán triệt"
units = ["tuyen-giao"]
to = ["btv"]

[[reporting.rules.once]]
period = "ket-qua"
due = 2021-05-14
"""

PHASES_PLAN = """\
format = 1

[plan]
id = "muong-khuong-chuong-trinh-2015"
title = "Chương trình phát triển văn hóa cơ sở giai đoạn 2015–2017"
issuer = "Ban Thường vụ Huyện ủy Mường Khương"
start = 2015-03-01
end = 2017-12-31

[[units]]
id = "vhtt"
name = "Phòng Văn hóa và Thông tin"

[[units]]
id = "ht"
name = "Huyện ủy"

[[items]]
id = "I"
kind = "section"
title = "GIAI ĐOẠN 1"
units = ["vhtt"]
start = 2015-03-01
end = 2015-12-30

[[items]]
id = "I.1"
kind = "duty"
text = "Xây dựng nhà văn hóa thôn ở 5 xã."
due = 2015-12-30

[reporting]

[[reporting.rules]]
id = "so-ket"
kind = "unit"
units = ["vhtt"]
to = ["ht"]

[[reporting.rules.once]]
period = "giai-doan-1"
due = 2015-12-30
name = "Báo cáo sơ kết giai đoạn 1"

[[reporting.rules]]
id = "hang-nam"
kind = "unit"
units = ["vhtt"]
to = ["ht"]
first = "2016-Y"
last = "2017-Y"

[[reporting.rules.due]]
period = "annual"
month = 12
day = 10

[[reporting.rules.overrides]]
period = "2017-Y"
due = 2017-12-15
"""


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def conference(write_plan):
    return write_plan(CONFERENCE_PLAN, "conference.toml")


@pytest.fixture
def phases(write_plan):
    return write_plan(PHASES_PLAN, "phases.toml")


def reports(run, plan, today, *args):
    return json.loads(ok(run("--plan", plan, "--today", today, "reports", "--all", "--json", *args)))


def test_a_one_time_report_is_owed_once_by_its_date_under_its_own_name(run, conference):
    rows = reports(run, conference, "2021-05-01")
    assert [(r["unit"], r["period"], r["due"], r["state"]) for r in rows] == [
        ("tuyen-giao", "ket-qua", "2021-05-14", "upcoming")]
    plain = ok(run("--plan", conference, "--today", "2021-05-12", "remind"))
    assert "Báo cáo kết quả học tập, quán triệt của Tổ Tuyên giáo Đảng ủy: hạn 14/05/2021, còn 2 ngày" in plain
    assert [r["state"] for r in reports(run, conference, "2021-05-14")] == ["due-soon"]
    assert [(r["state"], r["days"]) for r in reports(run, conference, "2021-05-15")] == [("overdue", 1)]


def test_submit_names_a_one_time_report_by_its_id_or_needs_no_period(run, conference):
    out = ok(run("--plan", conference, "--today", "2021-05-13", "submit", "tuyen-giao"))  # the only one open
    assert "Báo cáo kết quả học tập, quán triệt" in out and "13/05/2021" in out
    again = ok(run("--plan", conference, "--today", "2021-05-13", "submit", "tuyen-giao", "KET-QUA", "--ref", "3-BC",
                   "--replace"))
    assert "3-BC" in again
    assert [r["state"] for r in reports(run, conference, "2021-05-20")] == ["on-time"]
    nothing_open = run("--plan", conference, "--today", "2021-05-20", "submit", "tuyen-giao")
    assert nothing_open.exit_code == 2 and "tuyen-giao" in nothing_open.stderr


def test_status_and_calendar_of_a_plan_with_one_deadline_and_one_report(run, conference):
    board = json.loads(ok(run("--plan", conference, "--today", "2021-04-30", "status", "--json")))
    assert board["next_item"]["due"] == "2021-05-10" and board["next_deadline"]["due"] == "2021-05-14"
    assert "10/05/2021 (còn 10 ngày) — Nhiệm vụ I" in ok(run("--plan", conference, "--today", "2021-04-30", "status"))
    ics = ok(run("--plan", conference, "--today", "2021-04-30", "export", "--format", "ics"))
    assert ics.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20210510" in ics and "DTSTART;VALUE=DATE:20210514" in ics


def test_a_phase_end_report_sits_beside_annual_reports_on_a_day_of_their_own(run, phases):
    rows = reports(run, phases, "2015-12-01")
    assert [(r["period"], r["due"]) for r in rows] == [
        ("giai-doan-1", "2015-12-30"), ("2016-Y", "2016-12-10"), ("2017-Y", "2017-12-15")]
    board = json.loads(ok(run("--plan", phases, "--today", "2015-12-20", "status", "--json")))
    assert (board["next_deadline"]["period"], board["next_deadline"]["due"]) == ("giai-doan-1", "2015-12-30")
    assert "Báo cáo sơ kết giai đoạn 1" in ok(run("--plan", phases, "--today", "2015-12-28", "remind"))
    ok(run("--plan", phases, "--today", "2015-12-29", "submit", "vhtt", "giai-doan-1"))
    board = json.loads(ok(run("--plan", phases, "--today", "2015-12-31", "status", "--json")))
    assert board["next_deadline"]["period"] == "2016-Y"
    assert [r["state"] for r in reports(run, phases, "2017-12-14", "--period", "2017-Y")] == ["due-soon"]


@pytest.mark.parametrize(("old", "new", "key"), [
    ('period = "ket-qua"\ndue', 'period = "2021-H1"\ndue', 'period = "2021-H1"'),
    ('period = "ket-qua"\ndue', 'period = "Kết quả"\ndue', 'period = "Kết quả"'),
])
def test_a_one_time_report_id_that_reads_as_a_calendar_period_is_refused(run, write_plan, old, new, key):
    text = CONFERENCE_PLAN.replace(old, new, 1)
    path = write_plan(text, "wrong.toml")
    result = run("plan", "check", path)
    assert result.exit_code == 4 and f"{path}:{line_of(text, key)}:" in result.stdout + result.stderr


def test_an_override_for_a_kind_the_rule_lacks_or_a_rule_without_span_is_refused(run, write_plan):
    text = PHASES_PLAN.replace('period = "2017-Y"\ndue', 'period = "2017-H1"\ndue', 1)
    path = write_plan(text, "wrong.toml")
    result = run("plan", "check", path)
    line = line_of(text, 'period = "2017-H1"')
    assert result.exit_code == 4 and f"{path}:{line}:" in result.stdout + result.stderr
    text = PHASES_PLAN.replace('first = "2016-Y"\nlast = "2017-Y"\n', "", 1)
    result = run("plan", "check", write_plan(text, "nospan.toml"))
    assert result.exit_code == 4 and "first" in result.stdout + result.stderr


def test_a_periods_checklist_lists_only_the_duties_of_that_period_or_phase(run, phases):
    """A phase-1 duty due 30/12/2015 belongs to the phase-end report, not to the 2016 one."""
    phase_end = ok(run("--plan", phases, "--today", "2015-12-20", "checklist", "giai-doan-1", "--format", "txt"))
    assert "I.1" in phase_end
    year_2016 = ok(run("--plan", phases, "--today", "2016-12-01", "checklist", "2016-Y", "--format", "txt"))
    assert "I.1" not in year_2016 and "Xây dựng nhà văn hóa" not in year_2016


def test_an_unknown_period_names_the_plans_one_time_reports(run, conference):
    result = run("--plan", conference, "--today", "2021-05-13", "submit", "tuyen-giao", "ket-qa")
    assert result.exit_code == 2 and "ket-qua" in result.stderr


def test_an_override_outside_the_rules_periods_or_a_mistyped_kind_is_named_once(run, write_plan):
    text = PHASES_PLAN.replace('period = "2017-Y"\ndue', 'period = "2019-Y"\ndue', 1)
    result = run("plan", "check", write_plan(text, "outside.toml"))
    assert result.exit_code == 4 and "2019-Y" in result.stdout + result.stderr
    text = PHASES_PLAN.replace('period = "annual"', 'period = "yearly"', 1)
    result = run("plan", "check", write_plan(text, "typo.toml"))
    out = result.stdout + result.stderr
    assert result.exit_code == 4 and "yearly" in out and out.count("yearly") == 1


def test_a_phase_checklist_lists_the_phase_s_duties_and_the_reports_due_within_it(run, phases):
    text = ok(run("--plan", phases, "--today", "2015-12-20", "checklist", "--phase", "i"))
    assert text.splitlines()[0] == "# DANH MỤC KIỂM TRA — I. GIAI ĐOẠN 1 (01/03/2015 – 30/12/2015)"
    assert "- [ ] Phòng Văn hóa và Thông tin — Báo cáo sơ kết giai đoạn 1, hạn 30/12/2015" in text
    assert "- [ ] I.1 — Xây dựng nhà văn hóa thôn ở 5 xã. (hạn 30/12/2015)" in text
    assert "2016" not in text  # the annual reports belong to later phases


def test_a_phase_must_have_dates_and_exactly_one_kind_of_checklist_is_asked_for(run, conference, phases):
    result = run("--plan", conference, "--today", "2021-05-01", "checklist", "--phase", "I")
    assert result.exit_code == 2 and "mục I không có thời gian riêng" in result.stderr
    result = run("--plan", phases, "--today", "2015-12-20", "checklist", "giai-doan-1", "--phase", "I")
    assert result.exit_code == 2 and "đúng một trong: KỲ, --due NGÀY hoặc --phase" in result.stderr
    result = run("--plan", phases, "--today", "2015-12-20", "checklist", "--phase", "II")
    assert result.exit_code == 2 and "không có mục 'II'" in result.stderr and "Traceback" not in result.output
