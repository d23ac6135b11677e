"""The clerk's day: `sapa status`, `sapa checklist` and `sapa remind`."""

from __future__ import annotations

import re
from datetime import date

import deadline_support
import pytest
from deadline_support import (
    EXAMPLE_TODAY,
    II_1_1,
    bundled_plan,
    json_of,
    state_of,
)
from helpers import fail, ok

from sapa_propaganda.core.daily import dashboard, reminders

# fixtures shared by the deadline tests
example = deadline_support.example
mini_plan = deadline_support.mini_plan

COLOUR = {"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "200"}
BOX_DRAWING = re.compile("[\u2500-\u257f]")
RED = "\x1b[1;31m"


def fields(out: str) -> list[tuple[str, str]]:
    """The `label: value` lines above the plain status table."""
    head = out.split("\n\n")[0]
    return [tuple(line.split(": ", 1)) for line in head.splitlines()]  # type: ignore[misc]


def table(out: str) -> dict[str, list[str]]:
    rows = out.split("\n\n")[1].splitlines()[2:]
    return {row.split("\t")[0]: row.split("\t")[1:] for row in rows}


# ---- status --------------------------------------------------------------------------------


def test_status_of_the_example(example):
    out = ok(example("--today", EXAMPLE_TODAY, "status"))
    assert fields(out) == [
        ("Hôm nay", "20/06/2022"),
        ("Kế hoạch", "Kế hoạch đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"),
        ("Kỳ báo cáo hiện tại", "6 tháng đầu năm 2022 (2022-H1)"),
        ("Hạn gần nhất", "20/06/2022 (còn 0 ngày, hạn cuối là hôm nay) — "
                         "Báo cáo tổng hợp 6 tháng đầu năm 2022 của Ban Tuyên giáo Thị ủy"),
        ("Quá hạn", "7 báo cáo, 7 nội dung/nhiệm vụ"),
    ]
    # duties done/total, percent, reports owed (due by today), received, overdue
    assert table(out) == {
        "btg": ["BTG Thị ủy", "0/6", "0", "2", "0", "1"],
        "mttq": ["MTTQ và các đoàn thể", "0/3", "0", "2", "1", "1"],
        "vhtt": ["Phòng VH-TT", "0/1", "0", "2", "1", "1"],
        "ttvh": ["Trung tâm VHTT-TT", "0/1", "0", "2", "0", "2"],
        "chi-dang-bo": ["Chi, đảng bộ", "0/3", "0", "2", "0", "2"],
    }
    assert "\x1b" not in out


def test_status_counts_duties_done_with_a_percentage(run):
    ok(run("mark", "III.2.1", "done"))
    ok(run("mark", "III.2.2", "doing"))
    ok(run("mark", "III.1.1", "done"))
    ok(run("mark", "III.1.2", "done"))
    ok(run("mark", "III.1.3", "done"))
    units = {u["unit"]: u for u in json_of(run("status", "--json"))["units"]}
    assert (units["mttq"]["duties_done"], units["mttq"]["duties_total"], units["mttq"]["percent"]) == (1, 3, 33.3)
    assert (units["btg"]["duties_done"], units["btg"]["percent"]) == (3, 50.0)
    assert units["vhtt"]["percent"] == 0.0
    rows = table(ok(run("status")))
    assert rows["mttq"][1:3] == ["1/3", "33"] and rows["btg"][1:3] == ["3/6", "50"]


def test_status_json_exactly_on_a_small_plan(run, mini_plan):
    def sapa(*args):
        return run("--plan", mini_plan, "--today", "2024-06-20", *args)

    ok(sapa("submit", "hnd", "2024-H1", "--date", "14/06/2024", "--ref", "05-BC/HND"))
    ok(sapa("mark", "II.1", "done", "--date", "2024-04-02"))
    ok(sapa("mark", "II.2", "done"))
    assert json_of(sapa("status", "--json")) == {
        "today": "2024-06-20",
        "plan": "mini-2024",
        "period": "2024-H1",
        "next_deadline": {"unit": "btg", "period": "2024-H1", "kind": "consolidated-half-year",
                          "due": "2024-06-25", "submitted": None, "ref": "", "state": "due-soon", "days": 5,
                          "rule": "tong-hop", "rule_name": "", "category": "not-started"},
        "next_item": {"id": "I.1", "kind": "content", "units": [], "due": "2024-06-30", "status": "todo",
                      "state": "not-started", "days": None},
        "overdue_reports": 1,
        "overdue_items": 0,
        "units": [
            {"unit": "btg", "duties_done": 0, "duties_total": 1, "percent": 0.0,
             "reports_owed": 0, "reports_received": 0, "reports_overdue": 0},
            {"unit": "hnd", "duties_done": 2, "duties_total": 2, "percent": 100.0,
             "reports_owed": 1, "reports_received": 1, "reports_overdue": 0},
            {"unit": "hpn", "duties_done": 0, "duties_total": 1, "percent": 0.0,
             "reports_owed": 1, "reports_received": 0, "reports_overdue": 1},
        ],
    }


def test_status_before_the_plan_starts(run):
    out = ok(run("--today", "2021-01-01", "status"))
    head = dict(fields(out)[2:])
    assert ("Tình trạng", "kế hoạch chưa bắt đầu (từ 24/05/2021)") in fields(out)
    assert head["Kỳ báo cáo hiện tại"] == "năm 2021 (2021-Y)"
    days = (date(2021, 11, 15) - date(2021, 1, 1)).days
    assert head["Hạn gần nhất"].startswith(f"15/11/2021 (còn {days} ngày) — Báo cáo năm 2021 của ")
    assert head["Quá hạn"] == "0 báo cáo, 0 nội dung/nhiệm vụ"
    data = json_of(run("--today", "2021-01-01", "status", "--json"))
    assert (data["period"], data["overdue_reports"], data["overdue_items"]) == ("2021-Y", 0, 0)
    assert data["next_deadline"]["due"] == "2021-11-15"
    assert all(u["reports_owed"] == 0 for u in data["units"])


def test_status_after_the_plan_ends(run):
    out = ok(run("--today", "2026-06-01", "status"))
    assert ("Tình trạng", "kế hoạch đã kết thúc (31/12/2025)") in fields(out)
    head = dict(fields(out)[2:])
    assert head["Kỳ báo cáo hiện tại"] == "—" and head["Hạn gần nhất"] == "không còn hạn nào"
    data = json_of(run("--today", "2026-06-01", "status", "--json"))
    assert (data["period"], data["next_deadline"], data["overdue_reports"]) == (None, None, 45)
    assert {u["reports_owed"] for u in data["units"]} == {9}
    en = ok(run("--today", "2026-06-01", "--lang", "en", "status"))
    assert "Plan status: the plan has ended (31/12/2025)" in en and "Next deadline: no deadline left" in en


def test_status_in_english(example):
    out = ok(example("--lang", "en", "status"))
    assert dict(fields(out)[2:]) == {
        "Current period": "first half of 2022 (2022-H1)",
        "Next deadline": "20/06/2022 (0 days left, due today) — "
                         "Consolidated 6-month report 2022 from Ban Tuyên giáo Thị ủy",
        "Overdue": "reports: 7, items: 7",
    }
    assert fields(out)[0] == ("Today", "20/06/2022")
    assert "Not started" not in out
    assert ok(example("--today", "2021-01-01", "--lang", "en", "status")).count(
        "the plan has not started yet (starts 24/05/2021)") == 1


def test_status_rich_shows_overdue_counts_in_red(example):
    out = ok(example("--rich", "status", env=COLOUR))
    assert RED in out
    red_cells = re.findall(re.escape(RED) + r"\s*(\d+)\x1b\[0m", out)
    assert sorted(red_cells) == ["1", "1", "1", "2", "2"]
    calm = ok(example("--rich", "--today", "2021-06-01", "status", env=COLOUR))
    assert RED not in calm and "\x1b[" in calm


def test_dashboard_pure():
    board = dashboard(bundled_plan(), state_of(), date(2022, 6, 20))
    assert board.started and not board.ended
    assert board.period.id == "2022-H1"
    assert (board.next_deadline.unit, board.next_deadline.due) == ("btg", date(2022, 6, 20))
    assert (board.overdue_reports, board.overdue_items) == (9, 7)
    assert [u.unit.id for u in board.units] == ["btg", "mttq", "vhtt", "ttvh", "chi-dang-bo"]
    assert not dashboard(bundled_plan(), state_of(), date(2021, 5, 23)).started
    assert dashboard(bundled_plan(), state_of(), date(2021, 5, 24)).started
    assert not dashboard(bundled_plan(), state_of(), date(2025, 12, 31)).ended
    assert dashboard(bundled_plan(), state_of(), date(2026, 1, 1)).ended


# ---- checklist -----------------------------------------------------------------------------


@pytest.fixture
def checklist_ledger(run):
    ok(run("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "45-BC/MTTQ"))
    ok(run("submit", "vhtt", "2022-H1", "--date", "17/06/2022", "--ref", "12-BC/VHTT"))
    ok(run("mark", "III.2.1", "done", "--date", "2022-05-02", "--note", "Đã ban hành kế hoạch"))
    ok(run("mark", "III.2.2", "doing", "--date", "2022-06-01", "--note", "Đã tổ chức 3 hội nghị"))
    ok(run("mark", "II.1.3", "doing", "--date", "2022-06-18", "--note", "Đăng 12 tin bài"))
    return run


def section(out: str, title: str) -> list[str]:
    """The lines under a Markdown `## title` heading, up to the next heading."""
    lines = out.splitlines()
    start = lines.index(f"## {title}")
    end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("#")), len(lines))
    return [line for line in lines[start + 1:end] if line]


def test_checklist_markdown_for_btg_collects_every_unit_report(checklist_ledger):
    out = ok(checklist_ledger("checklist", "2022-H1"))
    lines = out.splitlines()
    assert lines[0] == "# DANH MỤC KIỂM TRA — 6 tháng đầu năm 2022 (2022-H1)"
    assert "Tình hình đến ngày 20/06/2022" in lines
    assert section(out, "Báo cáo các đơn vị gửi về Ban Tuyên giáo Thị ủy") == [
        "- [x] Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thị xã — Báo cáo 6 tháng đầu năm 2022, "
        "hạn 15/06/2022; nhận ngày 10/06/2022, 45-BC/MTTQ — Nộp đúng hạn",
        "- [x] Phòng Văn hóa - Thông tin — Báo cáo 6 tháng đầu năm 2022, hạn 15/06/2022; nhận ngày 17/06/2022, "
        "12-BC/VHTT — Nộp muộn 2 ngày",
        "- [ ] Trung tâm Văn hóa, Thể thao - Truyền thông — Báo cáo 6 tháng đầu năm 2022, hạn 15/06/2022 "
        "— Quá hạn 5 ngày",
        "- [ ] Các chi, đảng bộ trực thuộc Thị ủy — Báo cáo 6 tháng đầu năm 2022, hạn 15/06/2022 — Quá hạn 5 ngày",
    ]


def test_checklist_lists_each_units_duties_with_status_and_latest_note(checklist_ledger):
    out = ok(checklist_ledger("checklist", "2022-H1"))
    mttq = section(out, "Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thị xã: "
                        "Báo cáo 6 tháng đầu năm 2022")
    assert mttq[0] == ("- [x] Báo cáo 6 tháng đầu năm 2022: hạn 15/06/2022; nhận ngày 10/06/2022, 45-BC/MTTQ"
                       " — Nộp đúng hạn")
    assert mttq[1] == "Nhiệm vụ cần báo cáo:"
    assert mttq[2].startswith("- [x] III.2.1 — Trên cơ sở kế hoạch của Thị ủy")
    assert mttq[3] == "  Trạng thái: Hoàn thành (02/05/2022); ghi chú gần nhất: Đã ban hành kế hoạch"
    assert mttq[4].startswith("- [ ] III.2.2 — ")
    assert mttq[5] == "  Trạng thái: Đang thực hiện (01/06/2022); ghi chú gần nhất: Đã tổ chức 3 hội nghị"
    assert mttq[6].startswith("- [ ] III.2.3 — ") and mttq[7] == "  Trạng thái: Chưa thực hiện"
    btg = section(out, "Ban Tuyên giáo Thị ủy: Báo cáo tổng hợp 6 tháng đầu năm 2022")
    assert btg[0] == ("- [ ] Báo cáo tổng hợp 6 tháng đầu năm 2022: hạn 20/06/2022 — Sắp đến hạn (còn 0 ngày)")
    assert [line[6:13] for line in btg if line.startswith("- [")][1:] == [f"III.1.{n}" for n in range(1, 7)]


def test_checklist_lists_the_contents_and_forms_of_the_period(checklist_ledger):
    out = ok(checklist_ledger("checklist", "2022-H1"))
    contents = section(out, "Nội dung và hình thức tuyên truyền cần đánh giá trong kỳ")
    ids = [line.split(" — ")[0].split("] ")[1] for line in contents if "[" in line.split(" — ")[0]]
    assert ids[:3] == ["II.1.2.1", "II.1.2.2", "II.1.3"]
    assert not set(ids) & set(II_1_1)  # the 2021 contents belong to 2021
    assert "II.2.1.3.1" in ids and "II.2.6.2" in ids
    assert "  Trạng thái: Đang thực hiện (18/06/2022); ghi chú gần nhất: Đăng 12 tin bài" in contents
    old = ok(checklist_ledger("checklist", "2021-Y"))
    old_ids = re.findall(r"\[[ x]\] (II\.1\.[\d.]+) — ", old)
    assert old_ids[:7] == II_1_1 and "II.1.2.1" not in old_ids and "II.1.3" in old_ids


def test_checklist_for_one_unit(checklist_ledger):
    out = ok(checklist_ledger("checklist", "2022-H1", "--unit", "vhtt"))
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == ["## Phòng Văn hóa - Thông tin: Báo cáo 6 tháng đầu năm 2022"]  # carries no content
    assert ("- [x] Báo cáo 6 tháng đầu năm 2022: hạn 15/06/2022; nhận ngày 17/06/2022, 12-BC/VHTT"
            " — Nộp muộn 2 ngày") in out
    assert "III.3.1.1" in out and "III.2.1" not in out
    btg = ok(checklist_ledger("checklist", "2022-H1", "--unit", "BTG"))
    headings = [line for line in btg.splitlines() if line.startswith("## ")]
    assert headings == ["## Báo cáo các đơn vị gửi về Ban Tuyên giáo Thị ủy",
                        "## Ban Tuyên giáo Thị ủy: Báo cáo tổng hợp 6 tháng đầu năm 2022",
                        "## Nội dung và hình thức tuyên truyền cần đánh giá trong kỳ"]


def test_checklist_as_plain_text(checklist_ledger):
    out = ok(checklist_ledger("checklist", "6t-2022", "--format", "txt"))
    assert "- [" not in out
    lines = out.splitlines()
    assert lines[0] == "DANH MỤC KIỂM TRA — 6 THÁNG ĐẦU NĂM 2022 (2022-H1)"
    assert lines[1] == "=" * len(lines[0])
    assert ("[x] Phòng Văn hóa - Thông tin — Báo cáo 6 tháng đầu năm 2022, hạn 15/06/2022; nhận ngày "
            "17/06/2022, 12-BC/VHTT — Nộp muộn 2 ngày") in " ".join(out.split())  # wrapped at 80 columns
    assert any(line.startswith("[ ] Trung tâm Văn hóa") for line in lines)
    assert "    Trạng thái: Hoàn thành (02/05/2022); ghi chú gần nhất: Đã ban hành kế hoạch" in lines
    assert not any(line.startswith("#") for line in lines)


def test_checklist_written_to_a_file(checklist_ledger, tmp_path):
    expected = ok(checklist_ledger("checklist", "2022-H1"))
    target = tmp_path / "out" / "checklist.md"
    target.parent.mkdir()
    result = checklist_ledger("checklist", "2022-H1", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert str(target) in result.stderr
    assert target.read_text(encoding="utf-8") == expected
    txt = tmp_path / "checklist.txt"
    assert checklist_ledger("checklist", "2022-H1", "--format", "txt", "--output", txt).exit_code == 0
    assert "- [" not in txt.read_text(encoding="utf-8") and "[x]" in txt.read_text(encoding="utf-8")


def test_checklist_refuses_an_unknown_format(run):
    assert "pdf" in fail(run("checklist", "2022-H1", "--format", "pdf"))
    fail(run("checklist", "2022-H7"))


def test_checklist_in_english(checklist_ledger):
    out = ok(checklist_ledger("--lang", "en", "checklist", "2022-H1"))
    assert out.splitlines()[0] == "# CHECKLIST — first half of 2022 (2022-H1)"
    assert "## Reports due to Ban Tuyên giáo Thị ủy" in out
    assert "received 10/06/2022, 45-BC/MTTQ — On time" in out
    assert "Status: Done (02/05/2022); latest note: Đã ban hành kế hoạch" in out


def test_checklist_of_the_quarterly_plan(run, quarterly_plan):
    ok(run("--plan", quarterly_plan, "--today", "2024-04-11", "submit", "hnd", "quy1-2024", "--date", "2024-04-09"))
    out = ok(run("--plan", quarterly_plan, "--today", "2024-04-11", "checklist", "2024-Q1"))
    assert section(out, "Báo cáo các đơn vị gửi về Ban Dân vận Huyện ủy") == [
        "- [x] Hội Nông dân huyện — Báo cáo quý 1 năm 2024, hạn 10/04/2024; nhận ngày 09/04/2024 — Nộp đúng hạn",
        "- [ ] Phòng Nông nghiệp và Phát triển nông thôn — Báo cáo quý 1 năm 2024, hạn 10/04/2024 — Quá hạn 1 ngày",
    ]
    assert "## Ban Dân vận Huyện ủy: Báo cáo tổng hợp quý 1 năm 2024" in out


# ---- remind --------------------------------------------------------------------------------


def test_remind_line_format(run):
    out = ok(run("--today", "2022-06-12", "remind"))
    assert "Báo cáo 6 tháng đầu năm 2022 của Phòng Văn hóa - Thông tin: hạn 15/06/2022, còn 3 ngày" in out.splitlines()
    en = ok(run("--today", "2022-06-12", "--lang", "en", "remind")).splitlines()
    assert "6-month report 2022 from Phòng Văn hóa - Thông tin: due 15/06/2022, 3 days left" in en
    assert "Annual report 2021 from Phòng Văn hóa - Thông tin: due 15/11/2021, overdue by 209 days" in en
    item = next(line for line in en if line.startswith("Content II.1.1.7 ("))
    assert item.endswith("): due 31/12/2021, overdue by 163 days, Not started")
    today = ok(run("--today", "2022-06-20", "--lang", "en", "remind")).splitlines()[-1]
    assert today == ("Consolidated 6-month report 2022 from Ban Tuyên giáo Thị ủy: due 20/06/2022, "
                     "0 days left, due today")


@pytest.mark.parametrize("today", ["2021-01-01", "2021-11-07"])
def test_remind_is_silent_before_the_first_deadline_comes_near(run, today):
    result = run("--today", today, "remind", "--fail-on-overdue")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_remind_is_plain_one_line_each_overdue_first(example):
    out = ok(example("--rich", "remind", env=COLOUR))
    assert "\x1b" not in out and not BOX_DRAWING.search(out)
    heading, *lines = out.splitlines()
    assert heading == "Nhắc việc ngày 20/06/2022"  # cron's mail says which day it is of
    assert len(lines) == 7 + 7 + 1   # overdue reports, overdue items, btg's report due today
    overdue_days = [int(m.group(1)) for m in (re.search(r"quá hạn (\d+) ngày", line) for line in lines) if m]
    assert len(overdue_days) == 14
    assert overdue_days == sorted(overdue_days, reverse=True)  # most overdue first
    assert all("quá hạn" in line for line in lines[:14])
    assert lines[-1] == ("Báo cáo tổng hợp 6 tháng đầu năm 2022 của Ban Tuyên giáo Thị ủy: hạn 20/06/2022, "
                         "còn 0 ngày, hạn cuối là hôm nay")
    assert ("Báo cáo 6 tháng đầu năm 2022 của Trung tâm Văn hóa, Thể thao - Truyền thông: hạn 15/06/2022, "
            "quá hạn 5 ngày") in lines
    assert not any("Phòng Văn hóa - Thông tin: hạn 15/06/2022" in line for line in lines)  # received
    item = next(line for line in lines if line.startswith("Nội dung II.1.1.3 ("))
    assert item.endswith("): hạn 31/12/2021, quá hạn 171 ngày, Chưa thực hiện")


def test_remind_fail_on_overdue_exits_3(example):
    result = example("remind", "--fail-on-overdue")
    assert result.exit_code == 3
    assert len(result.stdout.splitlines()) == 1 + 15  # the date, then a line each
    assert result.stderr.splitlines() == ["sapa: 14 việc quá hạn"]
    assert "Traceback" not in result.output
    assert example("remind").exit_code == 0


def test_remind_window_defaults_to_the_plans_warning_days(run):
    def soon(today, *args):
        out = ok(run("--today", today, "remind", *args))
        return [line for line in out.splitlines() if "6 tháng đầu năm 2022" in line]

    assert len(soon("2022-06-08")) == 4 and soon("2022-06-08")[0].endswith("còn 7 ngày")
    assert soon("2022-06-07") == []
    assert len(soon("2022-06-07", "--days", "8")) == 4
    assert soon("2022-06-12", "--days", "2") == []
    on_the_day = soon("2022-06-15", "--days", "0")
    assert len(on_the_day) == 4 and all(line.endswith("còn 0 ngày, hạn cuối là hôm nay") for line in on_the_day)
    refused = run("remind", "--days", "-1")
    assert refused.exit_code == 2 and "Traceback" not in refused.output


def test_remind_prints_nothing_when_nothing_is_due(run, quarterly_plan):
    for today in ("2024-01-20", "2024-02-01", "2024-03-25"):
        result = run("--plan", quarterly_plan, "--today", today, "remind", "--fail-on-overdue")
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", ""), today


def test_remind_prints_nothing_once_everything_is_in(run, mini_plan):
    def sapa(*args):
        return run("--plan", mini_plan, "--today", "2024-06-20", *args)

    # II.1 overdue, hnd's and hpn's reports overdue, btg's due in 5 days
    assert ok(sapa("remind")).count("\n") == 1 + 4  # the date, then a line each
    ok(sapa("submit", "hnd", "2024-H1", "--date", "2024-06-14"))
    ok(sapa("submit", "hpn", "2024-H1", "--date", "2024-06-19"))
    ok(sapa("mark", "II.1", "done", "--date", "2024-03-30"))
    assert ok(sapa("remind")) == ("Nhắc việc ngày 20/06/2024\n"
                                  "Báo cáo tổng hợp 6 tháng đầu năm 2024 của Ban Tuyên giáo Huyện ủy: "
                                  "hạn 25/06/2024, còn 5 ngày\n")
    result = sapa("remind", "--days", "4", "--fail-on-overdue")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_remind_of_the_quarterly_plan(run, quarterly_plan):
    out = ok(run("--plan", quarterly_plan, "--today", "2024-04-08", "remind"))
    assert out.splitlines() == [
        "Nhắc việc ngày 08/04/2024",
        "Nhiệm vụ II.1.2 (Tổ chức hội nghị đối thoại giữa nông dân với Chủ tịch UBND…): hạn 31/03/2024, "
        "quá hạn 8 ngày, Chưa thực hiện",
        "Báo cáo quý 1 năm 2024 của Hội Nông dân huyện: hạn 10/04/2024, còn 2 ngày",
        "Báo cáo quý 1 năm 2024 của Phòng Nông nghiệp và Phát triển nông thôn: hạn 10/04/2024, còn 2 ngày",
    ]   # bdv's consolidated report (20/04) is outside the 5-day window
    late = run("--plan", quarterly_plan, "--today", "2024-04-11", "remind", "--fail-on-overdue")
    assert late.exit_code == 3
    assert late.stdout.splitlines()[2:] == [  # after the date and the overdue duty
        "Báo cáo quý 1 năm 2024 của Hội Nông dân huyện: hạn 10/04/2024, quá hạn 1 ngày",
        "Báo cáo quý 1 năm 2024 của Phòng Nông nghiệp và Phát triển nông thôn: hạn 10/04/2024, quá hạn 1 ngày",
    ]


def test_remind_names_items_falling_due_within_the_window(run, quarterly_plan):
    """An item with a deadline inside the window is reminded too, without counting as overdue."""
    result = run("--plan", quarterly_plan, "--today", "2024-03-28", "remind", "--fail-on-overdue")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Nhắc việc ngày 28/03/2024",
        "Nhiệm vụ II.1.2 (Tổ chức hội nghị đối thoại giữa nông dân với Chủ tịch UBND…): hạn 31/03/2024, "
        "còn 3 ngày, Chưa thực hiện"]
    ok(run("--plan", quarterly_plan, "--today", "2024-03-28", "mark", "II.1.2", "done"))
    assert ok(run("--plan", quarterly_plan, "--today", "2024-03-28", "remind")) == ""


def test_reminders_pure():
    plan = bundled_plan()
    def what(found):
        return [(r.is_overdue, r.report.unit if r.report else r.item.item.id) for r in found]

    found = what(reminders(plan, state_of(), date(2021, 12, 28)))
    assert found == [(True, u) for u in ["mttq", "vhtt", "ttvh", "chi-dang-bo", "btg"]] + [
        (False, i) for i in II_1_1]   # the 2021 contents are due 31/12/2021, within 7 days
    assert what(reminders(plan, state_of(), date(2021, 12, 28), days=2)) == found[:5]
    assert reminders(plan, state_of(), date(2021, 6, 1)) == []
    assert reminders(plan, state_of(), date(2021, 11, 8))[0].report.due == date(2021, 11, 15)
