"""`sapa submit`: a report received, its confirmation, undo and history, and what is refused."""

from __future__ import annotations

import pytest
from deadline_support import EXAMPLE_TODAY, json_of
from helpers import fail, ok


def report(run, unit: str, period: str, today: str = EXAMPLE_TODAY) -> dict:
    rows = json_of(run("--today", today, "reports", "--period", period, "--unit", unit, "--json"))
    assert len(rows) == 1, rows
    return rows[0]


def test_submit_records_date_ref_and_prints_where_the_report_stands(run):
    out = ok(run("submit", "vhtt", "2022-H1", "--date", "17/06/2022", "--ref", "12-BC/VHTT",
                 "--note", "Gửi qua thư điện tử", "--by", "Lan"))
    assert out == ("Phòng Văn hóa - Thông tin — Báo cáo 6 tháng đầu năm 2022: nhận ngày 17/06/2022, "
                   "12-BC/VHTT — Nộp muộn 2 ngày\n")
    assert report(run, "vhtt", "2022-H1") == {
        "unit": "vhtt", "period": "2022-H1", "kind": "half-year", "due": "2022-06-15",
        "submitted": "2022-06-17", "ref": "12-BC/VHTT", "state": "late", "days": 2,
        "rule": "bao-cao-don-vi", "rule_name": "Báo cáo định kỳ của các đơn vị", "category": "done-late"}


def test_submit_defaults_to_today(run):
    out = ok(run("--today", "2022-06-14", "submit", "mttq", "2022-H1"))
    assert "nhận ngày 14/06/2022" in out and "Nộp đúng hạn" in out
    row = report(run, "mttq", "2022-H1", today="2022-06-14")
    assert (row["submitted"], row["state"], row["days"]) == ("2022-06-14", "on-time", None)


def test_submit_on_the_due_day_is_on_time(run):
    ok(run("submit", "ttvh", "2022-H1", "--date", "15/06/2022"))
    row = report(run, "ttvh", "2022-H1")
    assert (row["state"], row["days"]) == ("on-time", None)


@pytest.mark.parametrize("typed_unit, typed_period", [
    ("MTTQ", "6t-2022"), ("Mặt trận", "2022-h1"), ("mttq", "6T-2022"),
])
def test_submit_accepts_unit_names_and_period_spellings(run, typed_unit, typed_period):
    ok(run("submit", typed_unit, typed_period, "--date", "2022-06-10"))
    assert report(run, "mttq", "2022-H1")["submitted"] == "2022-06-10"


def test_btg_submits_its_consolidated_report(run):
    out = ok(run("submit", "btg", "nam-2021", "--date", "2021-11-19"))
    assert "Báo cáo tổng hợp năm 2021" in out
    row = report(run, "btg", "2021-Y")
    assert (row["kind"], row["state"], row["submitted"]) == ("consolidated-annual", "on-time", "2021-11-19")


def test_submit_in_english(run):
    out = ok(run("--lang", "en", "submit", "vhtt", "2022-H1", "--date", "17/06/2022"))
    assert out == "Phòng Văn hóa - Thông tin — 6-month report 2022: received 17/06/2022 — 2 days late\n"


def test_undo_takes_a_submission_back(run):
    ok(run("submit", "mttq", "2022-H1", "--date", "10/06/2022"))
    assert report(run, "mttq", "2022-H1")["state"] == "on-time"
    out = ok(run("undo"))
    assert "mttq 2022-H1" in out
    row = report(run, "mttq", "2022-H1")
    assert (row["submitted"], row["state"], row["days"]) == (None, "overdue", 5)


def test_history_lists_submissions_as_events(run):
    ok(run("submit", "vhtt", "2022-H1", "--date", "17/06/2022", "--ref", "12-BC/VHTT", "--by", "Lan"))
    ok(run("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--by", "Lan"))
    rows = json_of(run("history", "--json"))
    assert [(r["kind"], r["target"], r["date"], r["units"]) for r in rows] == [
        ("submit", "mttq@2022-H1", "2022-06-10", ["mttq"]),
        ("submit", "vhtt@2022-H1", "2022-06-17", ["vhtt"]),
    ]
    assert rows[1]["ref"] == "12-BC/VHTT" and rows[1]["status"] is None
    only_vhtt = json_of(run("history", "--unit", "vhtt", "--json"))
    assert [r["target"] for r in only_vhtt] == ["vhtt@2022-H1"]
    ok(run("undo"))
    rows = json_of(run("history", "--json"))
    assert rows[0]["kind"] == "undo"
    undone = next(r for r in rows if r["target"] == "mttq@2022-H1")
    assert undone["undone_by"] == rows[0]["id"]
    plain = ok(run("history"))
    assert "Nhận báo cáo vhtt 2022-H1" in plain and "Hoàn tác: Nhận báo cáo mttq 2022-H1" in plain


# ---- refused -------------------------------------------------------------------------------

REFUSED = {
    "unit without reports": (["submit", "ubnd", "2022-H1"], ["ubnd"]),
    "btg for a quarter": (["submit", "btg", "2022-Q1"], ["btg", "2022-Q1"]),
    "mttq for a quarter": (["submit", "mttq", "2022-Q3"], ["mttq", "2022-Q3"]),
    "before the plan": (["submit", "mttq", "2020-Y"], ["2020-Y", "2021-Y", "2025-Y"]),
    "after the plan": (["submit", "mttq", "2026-H1"], ["2026-H1", "2021-Y", "2025-Y"]),
    "first half of the first year": (["submit", "vhtt", "2021-H1"], ["2021-H1", "2021-Y"]),
    "bad period": (["submit", "mttq", "2022-H2"], ["2022-H2"]),
    "unknown unit": (["submit", "nobody", "2022-H1"], ["nobody"]),
    "future date": (["submit", "mttq", "2022-H1", "--date", "21/06/2022"], ["21/06/2022"]),
    "bad date": (["submit", "mttq", "2022-H1", "--date", "31/06/2022"], ["31/06/2022"]),
    "empty note": (["submit", "mttq", "2022-H1", "--note", "  "], []),
}


@pytest.mark.parametrize("args, words", REFUSED.values(), ids=REFUSED.keys())
def test_refused_submissions_say_why_and_record_nothing(run, args, words):
    line = fail(run(*args))
    for word in words:
        assert word in line
    assert json_of(run("history", "--json")) == []


def test_refusals_say_why_in_words(run):
    assert "không phải nộp báo cáo" in fail(run("submit", "ubnd", "2022-H1"))
    assert "nằm ngoài kế hoạch" in fail(run("submit", "mttq", "2026-H1"))
    assert "owes no report under this plan" in fail(run("--lang", "en", "submit", "ubnd", "2022-H1"))
    assert "owes no report for 2022-Q1" in fail(run("--lang", "en", "submit", "btg", "2022-Q1"))
    assert "is outside the plan (2021-Y to 2025-Y)" in fail(run("--lang", "en", "submit", "mttq", "2020-Y"))


def test_a_plan_without_reporting_refuses_submissions(run, write_plan):
    plan = write_plan("""\
        format = 1
        [plan]
        id = "khong-bao-cao"
        title = "Kế hoạch không có chế độ báo cáo"
        issuer = "Huyện ủy"
        start = 2024-01-01
        end = 2024-12-31
        [[units]]
        id = "hnd"
        name = "Hội Nông dân huyện"
        [[items]]
        id = "I"
        kind = "duty"
        text = "Tuyên truyền."
        units = ["hnd"]
        """)
    assert "[reporting]" in fail(run("--plan", plan, "--today", "2024-06-01", "submit", "hnd", "2024-H1"))
    assert json_of(run("--plan", plan, "--today", "2024-06-01", "reports", "--json")) == []
