"""Per-member reports: each chi bộ of a đảng bộ, each organisation of the Front, reports on its own.

The plan is invented for these tests (a ward Party committee "Hòa Lạc", its three chi bộ and the
Front with its member organisations), after the kind of Hướng dẫn that asks every chi bộ to report.
"""

from __future__ import annotations

import json

import pytest
from helpers import fail, ok
from sample_plans import line_of

MEMBERS_PLAN = """\
format = 1

[plan]
id = "hoa-lac-hoc-tap-2023"
title = "Kế hoạch học tập chuyên đề năm 2023"
issuer = "Ban Thường vụ Đảng ủy phường Hòa Lạc"
start = 2023-01-01
end = 2023-12-31

[[units]]
id = "chi-bo"
name = "Các chi bộ trực thuộc"
members = [
  { id = "ta-van", name = "Chi bộ Tả Van", aliases = ["CB Tả Van"] },
  { id = "lao-chai", name = "Chi bộ Lao Chải" },
  "Chi bộ Đồng Tâm",
]

[[units]]
id = "mttq"
name = "Ủy ban MTTQ phường"
short = "MTTQ"
members = ["Hội Phụ nữ phường", "Đoàn Thanh niên phường"]

[[units]]
id = "tuyen-giao"
name = "Ban Tuyên giáo Đảng ủy"

[[items]]
id = "I"
kind = "duty"
text = "Tổ chức học chuyên đề năm 2023 cho đảng viên."
units = ["chi-bo"]
due = 2023-05-31

[reporting]

[[reporting.rules]]
id = "chi-bo"
kind = "unit"
name = "Báo cáo kết quả học tập chuyên đề"
units = ["chi-bo"]
to = ["tuyen-giao"]
per_member = true
first = "2023-H1"
last = "2023-Y"

[[reporting.rules.due]]
period = "half-year"
month = 6
day = 15

[[reporting.rules]]
id = "mat-tran"
kind = "unit"
units = ["mttq"]
to = ["tuyen-giao"]
first = "2023-H1"
last = "2023-H1"

[[reporting.rules.due]]
period = "half-year"
month = 6
day = 15
"""


@pytest.fixture
def sapa(run, write_plan):
    plan = write_plan(MEMBERS_PLAN, "members.toml")

    def invoke(today, *args):
        return run("--plan", plan, "--today", today, *args)

    return invoke


def report_json(sapa, today, *args):
    return json.loads(ok(sapa(today, "reports", "--json", "--period", "2023-H1", *args)))


def test_each_member_owes_its_own_report_and_the_unit_rolls_them_up(sapa):
    ok(sapa("2023-06-16", "submit", "cb ta van", "2023-H1", "--date", "2023-06-10", "--ref", "12-BC/CB"))
    ok(sapa("2023-06-16", "submit", "chi bo dong tam", "2023-H1"))
    rows = report_json(sapa, "2023-06-16", "--unit", "chi-bo")
    assert [(r.get("member"), r["state"], r["days"], r["ref"]) for r in rows] == [
        ("ta-van", "on-time", None, "12-BC/CB"),
        ("lao-chai", "overdue", 1, ""),
        ("chi-bo-dong-tam", "late", 1, ""),
        (None, "overdue", 1, ""),  # the roll-up: one member still owes it
    ]
    assert (rows[-1]["members_received"], rows[-1]["members_owed"]) == (2, 3)
    plain = ok(sapa("2023-06-16", "reports", "--period", "2023-H1", "--unit", "chi-bo")).splitlines()
    assert plain[1].split("\t")[:3] == ["chi-bo/ta-van", "2023-H1", "Chi bộ Tả Van"]
    assert plain[-1].split("\t")[-1] == "Quá hạn 1 ngày (đã nhận 2/3)"


def test_a_member_is_typed_by_name_without_diacritics_by_alias_or_by_unit_and_id(sapa):
    for typed, member in (("chi bo lao chai", "lao-chai"), ("CB TẢ VAN", "ta-van"), ("chi-bo/chi-bo-dong-tam",
                                                                                     "chi-bo-dong-tam")):
        assert ok(sapa("2023-06-10", "submit", typed, "2023-H1")).startswith("Chi bộ ")
        assert {r.get("member"): r["state"] for r in report_json(sapa, "2023-06-10", "--unit", typed)} == {
            member: "on-time"}
    rows = report_json(sapa, "2023-06-10", "--unit", "chi-bo")
    assert rows[-1]["state"] == "on-time" and rows[-1]["members_received"] == 3


def test_the_unit_itself_cannot_submit_for_its_members_and_is_told_who_is_missing(sapa):
    ok(sapa("2023-06-12", "submit", "ta van", "2023-H1"))
    message = fail(sapa("2023-06-14", "submit", "chi-bo"))
    assert "mỗi thành viên của 'chi-bo' nộp báo cáo 2023-H1 riêng" in message
    assert "Chi bộ Lao Chải, Chi bộ Đồng Tâm" in message and "Tả Van" not in message
    message = fail(sapa("2023-06-14", "submit", "chi-bo", "2023-H1"))
    assert "Chi bộ Lao Chải, Chi bộ Đồng Tâm" in message and "Tả Van" not in message


def test_a_member_of_a_unit_that_reports_as_a_whole_is_sent_to_its_unit(sapa):
    message = fail(sapa("2023-06-14", "submit", "hoi phu nu", "2023-H1"))
    assert message == "sapa: 'Hội Phụ nữ phường' không nộp báo cáo riêng kỳ 2023-H1: đơn vị 'mttq' nộp chung"
    assert "Ủy ban MTTQ phường" in ok(sapa("2023-06-14", "submit", "mttq", "2023-H1"))


def test_an_ambiguous_or_unknown_name_lists_the_candidates(sapa):
    message = fail(sapa("2023-06-14", "submit", "chi bo t", "2023-H1"))
    assert "chi-bo (Các chi bộ trực thuộc)" in message and "chi-bo/ta-van (Chi bộ Tả Van)" in message
    message = fail(sapa("2023-06-14", "submit", "chi bo lao chay", "2023-H1"))
    assert "không có đơn vị 'chi bo lao chay'" in message and "Chi bộ Lao Chải" in message


def test_status_remind_and_overdue_count_and_name_each_member(sapa):
    ok(sapa("2023-06-10", "submit", "ta van", "2023-H1"))
    board = json.loads(ok(sapa("2023-06-20", "status", "--json")))
    chi_bo = next(u for u in board["units"] if u["unit"] == "chi-bo")
    assert (chi_bo["reports_owed"], chi_bo["reports_received"], chi_bo["reports_overdue"]) == (3, 1, 2)
    assert board["overdue_reports"] == 3  # two chi bộ and the Front
    reminders = ok(sapa("2023-06-13", "remind")).splitlines()
    assert reminders == [
        "Nhắc việc ngày 13/06/2023",
        "Nhiệm vụ I (Tổ chức học chuyên đề năm 2023 cho đảng viên.): hạn 31/05/2023, quá hạn 13 ngày, Chưa thực hiện",
        "Báo cáo 6 tháng đầu năm 2023 của Chi bộ Lao Chải: hạn 15/06/2023, còn 2 ngày",
        "Báo cáo 6 tháng đầu năm 2023 của Chi bộ Đồng Tâm: hạn 15/06/2023, còn 2 ngày",
        "Báo cáo 6 tháng đầu năm 2023 của Ủy ban MTTQ phường: hạn 15/06/2023, còn 2 ngày",
    ]
    late = json.loads(ok(sapa("2023-06-20", "overdue", "--json")))
    assert [(r["unit"], r.get("member")) for r in late["reports"]] == [
        ("chi-bo", "lao-chai"), ("chi-bo", "chi-bo-dong-tam"), ("mttq", None)]


def test_a_member_is_waived_on_its_own_and_the_roll_up_no_longer_counts_it(sapa):
    ok(sapa("2023-06-10", "submit", "ta van", "2023-H1"))
    ok(sapa("2023-06-10", "submit", "lao chai", "2023-H1"))
    assert ok(sapa("2023-06-12", "waive", "dong tam", "2023-H1", "--note", "Chi bộ mới sáp nhập")) == (
        "Chi bộ Đồng Tâm — Báo cáo 6 tháng đầu năm 2023: miễn báo cáo (Chi bộ mới sáp nhập)\n")
    rows = report_json(sapa, "2023-06-20", "--unit", "chi-bo")
    assert rows[2]["state"] == "waived" and rows[-1]["state"] == "on-time"
    assert (rows[-1]["members_received"], rows[-1]["members_owed"]) == (2, 2)
    assert ok(sapa("2023-06-20", "undo")).startswith("Đã hoàn tác")
    assert report_json(sapa, "2023-06-20", "--unit", "chi-bo")[-1]["state"] == "overdue"


def test_the_checklist_ticks_each_member_and_the_unit_once_all_are_in(sapa):
    ok(sapa("2023-06-10", "submit", "ta van", "2023-H1", "--ref", "05-BC/CB"))
    text = ok(sapa("2023-06-14", "checklist", "2023-H1"))
    assert "- [x] Chi bộ Tả Van — Báo cáo 6 tháng đầu năm 2023, hạn 15/06/2023; nhận ngày 10/06/2023, 05-BC/CB" in text
    assert "- [ ] Chi bộ Lao Chải — Báo cáo 6 tháng đầu năm 2023, hạn 15/06/2023" in text
    assert "(đã nhận 1/3)" in text
    ics = ok(sapa("2023-06-14", "export", "--format", "ics"))
    assert "[x] Chi bộ Tả Van" in ics and "[ ] Chi bộ Lao Chải" in ics


def test_units_lists_member_names_and_ids(sapa):
    units = {u["id"]: u for u in json.loads(ok(sapa("2023-06-14", "units", "--json")))}
    assert units["chi-bo"]["members"] == ["Chi bộ Tả Van", "Chi bộ Lao Chải", "Chi bộ Đồng Tâm"]
    assert units["chi-bo"]["member_ids"] == ["ta-van", "lao-chai", "chi-bo-dong-tam"]


def test_the_cached_plan_keeps_its_members(sapa):
    """The second run reads the plan from the machine's cache: members must survive it."""
    first = ok(sapa("2023-06-20", "reports", "--period", "2023-H1", "--json"))
    assert ok(sapa("2023-06-20", "reports", "--period", "2023-H1", "--json")) == first
    assert "lao-chai" in first


@pytest.mark.parametrize(("old", "new", "where", "problem"), [
    ('{ id = "lao-chai", name = "Chi bộ Lao Chải" }', '{ id = "Lao Chải", name = "Chi bộ Lao Chải" }',
     "members = [", "units[0].members[1].id: mã thành viên 'Lao Chải' không hợp lệ"),
    ('{ id = "lao-chai", name = "Chi bộ Lao Chải" }', '{ id = "lao-chai", name = "Chi bộ Tả Vân" }',
     "members = [", "units[0].members[1]: thành viên 'Chi bộ Tả Vân' trùng tên với thành viên 'ta-van'"),
    ('"Chi bộ Đồng Tâm",', '42,', "members = [",
     "units[0].members: sai kiểu, cần danh sách tên hoặc bảng { id, name }"),
    ("per_member = true", 'per_member = "yes"', "per_member",
     "reporting.rules[0].per_member: sai kiểu, cần true hoặc false"),
])
def test_a_bad_member_or_per_member_is_named_at_its_line(run, write_plan, old, new, where, problem):
    """An inline table has no line of its own: a member is named by its path, at its list's line."""
    text = MEMBERS_PLAN.replace(old, new, 1)
    plan = write_plan(text, "bad.toml")
    result = run("--plan", plan, "plan", "check")
    assert result.exit_code == 4 and "Traceback" not in result.output
    line = line_of(text, 'name = "Các chi bộ trực thuộc"') + 1 if where == "members = [" else line_of(text, where)
    assert any(message.startswith(f"sapa: {plan}:{line}: {problem}") for message in result.stderr.splitlines())
