"""Reports received: no mistake changes the record without a word (issue 18, part).

A second `submit` for a report in hand is refused unless `--replace` says so, and the same receipt
typed again records nothing; a report typed while its period runs, long before it falls due (the
annual report in June), is refused naming the report actually open unless `--early` says so; a
unit whose members report on their own is told which members are still missing; and an import
that brings another receipt date or number for a report already received says so, keeping both.
"""

from __future__ import annotations

import json
from datetime import date

from helpers import fail, ok
from ledger_support import cli, ledger_events
from sample_plans import due, item, plan, plan_toml, reporting, rule, unit
from test_member_reports import MEMBERS_PLAN

TODAY = "2022-06-20"


def run(tmp_path, *args, today=TODAY, lang="vi"):
    (tmp_path / "data").mkdir(parents=True, exist_ok=True)  # an office's data folder, there already
    return cli(tmp_path, *args, today=today, lang=lang)


def report(tmp_path, unit, period, today=TODAY):
    [row] = json.loads(ok(run(tmp_path, "reports", "--period", period, "--unit", unit, "--json", today=today)))
    return row["submitted"], row["ref"], row["state"]


def submits(tmp_path):
    return [(e["target"], str(e["date"]), e.get("ref", "")) for e in ledger_events(tmp_path) if e["kind"] == "submit"]


# ---- a second submit of a report already received --------------------------------------------

def test_a_second_submit_is_refused_naming_the_first_and_changes_nothing(tmp_path):
    ok(run(tmp_path, "submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "12-BC/MTTQ"))
    before = submits(tmp_path)
    line = fail(run(tmp_path, "submit", "mttq", "2022-H1", "--date", "18/06/2022", "--ref", "13-BC/MTTQ"))
    assert line == ("sapa: báo cáo 6 tháng đầu năm 2022 của Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - "
                    "xã hội thị xã đã nhận ngày 10/06/2022, số 12-BC/MTTQ; muốn thay bằng bản ghi này thì thêm "
                    "--replace")
    english = fail(run(tmp_path, "submit", "mttq", "2022-H1", lang="en"))
    assert "was received already, on 10/06/2022, no. 12-BC/MTTQ" in english and "add --replace" in english
    assert submits(tmp_path) == before
    assert report(tmp_path, "mttq", "2022-H1") == ("2022-06-10", "12-BC/MTTQ", "on-time")  # never "late" now


def test_replace_replaces_the_receipt_and_says_what_it_replaced(tmp_path):
    ok(run(tmp_path, "submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "12-BC/MTTQ"))
    out = ok(run(tmp_path, "submit", "mttq", "2022-H1", "--date", "18/06/2022", "--ref", "13-BC/MTTQ", "--replace"))
    lines = out.splitlines()
    assert lines[0] == "đã nhận ngày 10/06/2022, 12-BC/MTTQ; thay bằng bản ghi mới"
    assert lines[1].endswith("nhận ngày 18/06/2022, 13-BC/MTTQ — Nộp muộn 3 ngày")
    assert report(tmp_path, "mttq", "2022-H1") == ("2022-06-18", "13-BC/MTTQ", "late")
    assert len(submits(tmp_path)) == 2  # the first stays in the history


def test_the_same_report_typed_again_keeps_its_first_date_and_records_nothing(tmp_path):
    ok(run(tmp_path, "submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "12-BC/MTTQ"))
    before = submits(tmp_path)
    out = ok(run(tmp_path, "submit", "mttq", "2022-H1", "--ref", "12-bc/mttq"))  # today, in other letters
    assert out == ("Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thị xã — Báo cáo 6 tháng đầu năm 2022: "
                   "đã ghi nhận từ trước, ngày 10/06/2022, số 12-BC/MTTQ; không ghi thêm\n")
    assert "nothing recorded" in ok(run(tmp_path, "submit", "mttq", "2022-H1", "--ref", "12-BC/MTTQ", lang="en"))
    assert submits(tmp_path) == before
    assert report(tmp_path, "mttq", "2022-H1") == ("2022-06-10", "12-BC/MTTQ", "on-time")


def test_a_member_s_second_report_is_refused_like_a_unit_s(tmp_path, write_plan):
    plan = write_plan(MEMBERS_PLAN, "members.toml")
    ok(run(tmp_path, "--plan", plan, "submit", "ta van", "2023-H1", "--date", "12/06/2023", today="2023-06-14"))
    line = fail(run(tmp_path, "--plan", plan, "submit", "cb ta van", "2023-H1", today="2023-06-20"))
    assert "của Chi bộ Tả Van đã nhận ngày 12/06/2023, không ghi số" in line and "--replace" in line


# ---- a report typed before it is expected ------------------------------------------------------

def test_an_annual_report_in_june_is_refused_naming_the_report_actually_open(tmp_path):
    line = fail(run(tmp_path, "submit", "vhtt", "năm 2022"))
    assert line == ("sapa: báo cáo năm 2022 của Phòng Văn hóa - Thông tin nhận ngày 20/06/2022 là quá sớm: kỳ năm "
                    "2022 đến 31/12/2022 mới hết, hạn nộp 15/11/2022. Có phải báo cáo 6 tháng đầu năm 2022 "
                    "(2022-H1)? Nếu đúng là nhận sớm, thêm --early")
    english = fail(run(tmp_path, "submit", "vhtt", "2022-Y", lang="en"))
    assert "is early" in english and "Did you mean the 6-month report 2022 (2022-H1)?" in english
    assert submits(tmp_path) == []
    assert report(tmp_path, "vhtt", "2022-Y") == (None, "", "upcoming")  # still chased
    assert "nhận ngày 20/06/2022" in ok(run(tmp_path, "submit", "vhtt", "2022-Y", "--early"))
    assert report(tmp_path, "vhtt", "2022-Y") == ("2022-06-20", "", "on-time")


def test_a_report_in_the_month_it_falls_due_or_after_its_period_is_not_early(tmp_path):
    ok(run(tmp_path, "submit", "mttq", "2022-H1", "--date", "01/06/2022"))  # due 15/06: expected from 01/06
    ok(run(tmp_path, "submit", "mttq", "2022-Y", today="2022-11-02"))  # due 15/11
    ok(run(tmp_path, "submit", "vhtt", "2021-Y", today="2022-06-20"))  # long ended: late, not early
    line = fail(run(tmp_path, "submit", "ttvh", "2022-H1", "--date", "31/05/2022"))
    assert "quá sớm" in line and "hạn nộp 15/06/2022" in line


def test_submit_without_a_period_takes_the_report_expected_not_the_annual_one(tmp_path):
    ok(run(tmp_path, "submit", "vhtt", "2021-Y", today="2021-11-10"))
    out = ok(run(tmp_path, "submit", "vhtt", today="2022-06-10"))  # 2022-H1 and 2022-Y have both begun
    assert "Báo cáo 6 tháng đầu năm 2022: nhận ngày 10/06/2022" in out


# ---- a unit whose members report on their own -------------------------------------------------

def test_a_unit_whose_members_report_is_told_only_the_members_still_missing(tmp_path, write_plan):
    plan = write_plan(MEMBERS_PLAN, "members.toml")
    ok(run(tmp_path, "--plan", plan, "submit", "ta van", "2023-H1", today="2023-06-12"))
    line = fail(run(tmp_path, "--plan", plan, "submit", "chi-bo", "2023-H1", today="2023-06-14"))
    assert line == ("sapa: mỗi thành viên của 'chi-bo' nộp báo cáo 2023-H1 riêng; hãy ghi tên thành viên "
                    "(còn thiếu: Chi bộ Lao Chải, Chi bộ Đồng Tâm)")


# ---- an import that brings another receipt ---------------------------------------------------

def test_an_import_with_another_receipt_names_it_keeps_both_and_says_which_stands(tmp_path):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ok(run(ours, "submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "12-BC/MTTQ"))
    ok(run(ours, "submit", "vhtt", "2022-H1", "--date", "12/06/2022", "--ref", "7-BC/VHTT"))
    ok(run(theirs, "submit", "mttq", "2022-H1", "--date", "14/06/2022", "--ref", "20-BC/MTTQ", today="2022-06-21"))
    ok(run(theirs, "submit", "vhtt", "2022-H1", "--date", "12/06/2022", today="2022-06-21"))  # the same receipt
    ok(run(theirs, "submit", "ttvh", "2022-H1", "--date", "13/06/2022", today="2022-06-21"))  # new to us
    export = tmp_path / "theirs.json"
    export.write_text(ok(run(theirs, "export", "--format", "json", today="2022-06-21")), encoding="utf-8")
    result = run(ours, "import", export, today="2022-06-22")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "sapa: Báo cáo 6 tháng đầu năm 2022 của Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thị xã: "
        "sổ này ghi nhận ngày 10/06/2022, số 12-BC/MTTQ, theirs.json ghi nhận ngày 14/06/2022, số 20-BC/MTTQ; "
        "cả hai được giữ trong lịch sử, bản của theirs.json có hiệu lực vì được ghi sau (14/06/2022, số 20-BC/MTTQ)"]
    assert "thêm 3 sự kiện mới" in result.stdout
    history = json.loads(ok(run(ours, "history", "--json", today="2022-06-22")))
    assert sorted((h["date"], h["ref"]) for h in history if h["target"] == "mttq@2022-H1") == [
        ("2022-06-10", "12-BC/MTTQ"), ("2022-06-14", "20-BC/MTTQ")]
    assert report(ours, "mttq", "2022-H1", today="2022-06-22") == ("2022-06-14", "20-BC/MTTQ", "on-time")


def test_an_older_receipt_imported_leaves_ours_standing_and_says_so(tmp_path):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ok(run(theirs, "submit", "mttq", "2022-H1", "--date", "16/06/2022", today="2022-06-18"))
    ok(run(ours, "submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "12-BC/MTTQ"))
    export = tmp_path / "theirs.json"
    export.write_text(ok(run(theirs, "export", "--format", "json", today="2022-06-18")), encoding="utf-8")
    result = run(ours, "import", export, lang="en", today="2022-06-22")
    assert result.exit_code == 0, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("sapa: 6-month report 2022 from ")
    assert line.endswith("this ledger has it received on 10/06/2022, no. 12-BC/MTTQ, theirs.json on 16/06/2022, "
                         "no number; both are kept in the history, this ledger's stands (10/06/2022, no. 12-BC/MTTQ)")
    assert report(ours, "mttq", "2022-H1", today="2022-06-22") == ("2022-06-10", "12-BC/MTTQ", "on-time")


def test_a_report_received_for_one_waived_is_refused_until_replace_says_so(tmp_path):
    """A waiver is a record too: a report typed for a waived period asks for --replace, and says
    what it replaces when given it."""
    ok(run(tmp_path, "waive", "ttvh", "2022-H1", "--note", "sáp nhập", today="2022-06-18"))
    line = fail(run(tmp_path, "submit", "ttvh", "2022-H1", "--ref", "7-BC/TTVH"))
    assert line == ("sapa: báo cáo 6 tháng đầu năm 2022 của Trung tâm Văn hóa, Thể thao - Truyền thông đã được miễn "
                    "ngày 18/06/2022 (sáp nhập); muốn ghi nhận báo cáo này thay cho việc miễn thì thêm --replace")
    assert submits(tmp_path) == []
    assert report(tmp_path, "ttvh", "2022-H1")[2] == "waived"
    out = ok(run(tmp_path, "submit", "ttvh", "2022-H1", "--ref", "7-BC/TTVH", "--replace")).splitlines()
    assert out[0] == "đã miễn ngày 18/06/2022 (sáp nhập); thay bằng báo cáo nhận được"
    assert report(tmp_path, "ttvh", "2022-H1") == ("2022-06-20", "7-BC/TTVH", "late")


# ---- a monthly report typed while the month before is still missing -----------------------------

MONTHLY_PLAN = plan_toml(
    plan("bao-cao-thang-2022", "Kế hoạch báo cáo tháng năm 2022", "Đảng ủy phường Hiệp Phú",
         date(2022, 1, 1), date(2022, 12, 31)),
    unit("vhtt", "Ban Văn hóa - Thông tin phường"),
    unit("dang-uy", "Đảng ủy phường"),
    item("I", "duty", "Báo cáo kết quả công tác văn hóa - thông tin hằng tháng.", units=["vhtt"]),
    reporting(first="2022-01", last="2022-12"),
    rule("thang", "unit", due("month", 20, month=None, months_after_end=0), units=["vhtt"], to=["dang-uy"]),
)


def monthly(tmp_path, *args, today="2022-07-06"):
    plan_file = tmp_path / "thang.toml"
    if not plan_file.exists():
        plan_file.write_text(MONTHLY_PLAN, encoding="utf-8")
    return run(tmp_path, "--plan", plan_file, *args, today=today)


def received(tmp_path, period, today="2022-07-25"):
    [row] = json.loads(ok(monthly(tmp_path, "reports", "--period", period, "--json", today=today)))
    return row["submitted"]


def test_this_month_s_report_while_last_month_s_is_missing_is_refused_naming_it(tmp_path):
    """On 06/07 June's report (due 20/06) is still missing: a report typed as July's is more
    likely June's; refused naming it, taken with --early; `submit vhtt` alone takes June's."""
    for month in range(1, 6):  # January to May came in on time
        ok(monthly(tmp_path, "submit", "vhtt", f"2022-{month:02d}", today=f"2022-{month:02d}-18"))
    line = fail(monthly(tmp_path, "submit", "vhtt", "2022-07"))
    assert "Có phải báo cáo tháng 6 năm 2022 (2022-06)?" in line and "--early" in line
    assert received(tmp_path, "2022-07") is None
    said = ok(monthly(tmp_path, "submit", "vhtt"))  # no period: the one expected by now, June's
    assert "Báo cáo tháng 6 năm 2022: nhận ngày 06/07/2022" in said
    ok(monthly(tmp_path, "submit", "vhtt", "2022-07", "--date", "15/07/2022", today="2022-07-15"))  # June's in
    assert (received(tmp_path, "2022-06"), received(tmp_path, "2022-07")) == ("2022-07-06", "2022-07-15")


def test_a_report_typed_early_on_purpose_is_taken_with_early(tmp_path):
    ok(monthly(tmp_path, "submit", "vhtt", "2022-07", "--early"))
    assert received(tmp_path, "2022-07") == "2022-07-06"


def test_this_month_s_report_near_its_own_deadline_is_taken_though_last_month_s_is_missing(tmp_path):
    """On 17/07, three days before July's report falls due, a report typed as July's is July's:
    June's, missing for a month, does not make it suspect."""
    line = ok(monthly(tmp_path, "submit", "vhtt", "2022-07", today="2022-07-17"))
    assert "Báo cáo tháng 7 năm 2022: nhận ngày 17/07/2022" in line
    assert received(tmp_path, "2022-06") is None
