"""Issue 9's matrix: every deadline of four invented plans, seen before, on and after its day.

The plans: a one-off campaign (one duty due Sunday 31/03/2024, no reports), a conference with a
hard deadline (10/05/2021) and a one-time report (14/05/2021), a programme in two phases with a
phase-end report (30/12/2015) and annual reports due 10 December (2017's moved to 15/12), all
three shared with the modules that introduced them; and, written here, a plan whose deadlines
fall on 28/02/2023 and 29/02/2024 (an annual report due "the 29th, two months after the year").

At each date, `status`, `remind` (text, `-o FILE.json`, `--fail-on-overdue`), `overdue`, `reports`
and `checklist` must say exactly which deadline is next, what is due soon or overdue and by how
many days: the day before the window opens, its first day (due − warning days), the day before
the deadline, the deadline, the first overdue day, and later dates across month ends and a
29 February. The calendar's events and alarms, submissions on the due day and the day after,
and a duty finished late are checked too. Expected day counts are written out by hand.
"""

from __future__ import annotations

import json
from datetime import date
from typing import NamedTuple

import pytest
from helpers import ok
from test_deadline_ics import events
from test_deadline_reports import mark
from test_one_time_reports_and_phases import CONFERENCE_PLAN, PHASES_PLAN
from test_period_kinds_and_warnings import CAMPAIGN_PLAN

from sapa_propaganda.core.deadlines import item_deadline
from sapa_propaganda.core.progress import build_state
from sapa_propaganda.storage.plan_loader import load_plan

# A commune plan (names invented) whose first report covers the year before it starts: the
# annual self-assessment is due "on the 29th, two months after the year", which is 28/02/2023
# for 2022 and 29/02/2024 for 2023; the 2023 dossier is due 29/02/2024 with a 10-day window.
LEAP_PLAN = """\
format = 1

[plan]
id = "ban-pho-kiem-diem-2023"
title = "Kế hoạch kiểm điểm, đánh giá chất lượng tổ chức cơ sở đảng xã Bản Phố"
issuer = "Ban Thường vụ Đảng ủy xã Bản Phố"
start = 2023-01-01
end = 2024-12-31

[[units]]
id = "vp"
name = "Văn phòng Đảng ủy xã"

[[units]]
id = "du"
name = "Đảng ủy xã"

[[items]]
id = "I"
kind = "duty"
text = "Hoàn thành hồ sơ đánh giá, xếp loại chi bộ năm 2023."
units = ["vp"]
due = 2024-02-29
warning_days = 10

[reporting]
warning_days = 3
first = "2022-Y"
last = "2023-Y"

[[reporting.rules]]
id = "kiem-diem"
kind = "unit"
name = "Báo cáo kiểm điểm năm"
units = ["vp"]
to = ["du"]

[[reporting.rules.due]]
period = "annual"
months_after_end = 2
day = 29
"""


class Spec(NamedTuple):
    text: str
    unit: str  # the one unit that carries the duties and owes the reports
    deadlines: dict[str, tuple[str, str]]  # item id or report period: (how remind and status name it, due)


PLANS = {
    "campaign": Spec(CAMPAIGN_PLAN, "doan", {
        "I": ("Nhiệm vụ I (Ra quân dọn vệ sinh các tuyến đường liên thôn.)", "2024-03-31")}),
    "conference": Spec(CONFERENCE_PLAN, "tuyen-giao", {
        "I": ("Nhiệm vụ I (Tổ chức hội nghị cho toàn thể đảng viên xong trước ngày…)", "2021-05-10"),
        "ket-qua": ("Báo cáo kết quả học tập, quán triệt của Tổ Tuyên giáo Đảng ủy", "2021-05-14")}),
    "phases": Spec(PHASES_PLAN, "vhtt", {
        "I.1": ("Nhiệm vụ I.1 (Xây dựng nhà văn hóa thôn ở 5 xã.)", "2015-12-30"),
        "giai-doan-1": ("Báo cáo sơ kết giai đoạn 1 của Phòng Văn hóa và Thông tin", "2015-12-30"),
        "2016-Y": ("Báo cáo năm 2016 của Phòng Văn hóa và Thông tin", "2016-12-10"),
        "2017-Y": ("Báo cáo năm 2017 của Phòng Văn hóa và Thông tin", "2017-12-15")}),
    "leap": Spec(LEAP_PLAN, "vp", {
        "I": ("Nhiệm vụ I (Hoàn thành hồ sơ đánh giá, xếp loại chi bộ năm 2023.)", "2024-02-29"),
        "2022-Y": ("Báo cáo năm 2022 của Văn phòng Đảng ủy xã", "2023-02-28"),
        "2023-Y": ("Báo cáo năm 2023 của Văn phòng Đảng ủy xã", "2024-02-29")}),
}

UP, SOON, LATE = "upcoming", "due-soon", "overdue"


class Case(NamedTuple):
    plan: str
    today: str
    remind: tuple[tuple[str, int], ...]  # the reminder lines in order: (deadline, days left; < 0 overdue)
    reports: tuple[tuple[str, str, int], ...]  # `reports --all`: (period, state, days)
    next: tuple[str, int] | None  # status's "Hạn gần nhất": (deadline, days left), or none left


def gd(late: int) -> tuple[tuple[str, int], ...]:
    """The phase-1 report and duty, both due 30/12/2015 and both `late` days overdue."""
    return (("giai-doan-1", -late), ("I.1", -late))


CASES = [
    # The campaign: duty I due 31/03/2024, the default window of 7 days, no reports.
    Case("campaign", "2024-02-29", (), (), ("I", 31)),  # 29 February, before the plan starts
    Case("campaign", "2024-03-23", (), (), ("I", 8)),  # the day before the window opens
    Case("campaign", "2024-03-24", (("I", 7),), (), ("I", 7)),  # the first due-soon day
    Case("campaign", "2024-03-30", (("I", 1),), (), ("I", 1)),
    Case("campaign", "2024-03-31", (("I", 0),), (), ("I", 0)),  # the due day, a month's last
    Case("campaign", "2024-04-01", (("I", -1),), (), None),  # the first overdue day
    Case("campaign", "2024-05-02", (("I", -32),), (), None),  # across April's end, after the plan's

    # The conference: duty I due 10/05/2021, the one-time report due 14/05/2021, both 7 days.
    Case("conference", "2021-04-30", (), (("ket-qua", UP, 14),), ("I", 10)),  # a month's last day
    Case("conference", "2021-05-02", (), (("ket-qua", UP, 12),), ("I", 8)),
    Case("conference", "2021-05-03", (("I", 7),), (("ket-qua", UP, 11),), ("I", 7)),
    Case("conference", "2021-05-06", (("I", 4),), (("ket-qua", UP, 8),), ("I", 4)),
    Case("conference", "2021-05-07", (("I", 3), ("ket-qua", 7)), (("ket-qua", SOON, 7),), ("I", 3)),
    Case("conference", "2021-05-09", (("I", 1), ("ket-qua", 5)), (("ket-qua", SOON, 5),), ("I", 1)),
    Case("conference", "2021-05-10", (("I", 0), ("ket-qua", 4)), (("ket-qua", SOON, 4),), ("I", 0)),
    Case("conference", "2021-05-11", (("I", -1), ("ket-qua", 3)), (("ket-qua", SOON, 3),), ("ket-qua", 3)),
    Case("conference", "2021-05-13", (("I", -3), ("ket-qua", 1)), (("ket-qua", SOON, 1),), ("ket-qua", 1)),
    Case("conference", "2021-05-14", (("I", -4), ("ket-qua", 0)), (("ket-qua", SOON, 0),), ("ket-qua", 0)),
    Case("conference", "2021-05-15", (("I", -5), ("ket-qua", -1)), (("ket-qua", LATE, 1),), None),
    Case("conference", "2021-06-01", (("I", -22), ("ket-qua", -18)), (("ket-qua", LATE, 18),), None),

    # The phases: report and duty due 30/12/2015; annual reports 10/12/2016 and (moved) 15/12/2017.
    Case("phases", "2015-12-22", (), (("giai-doan-1", UP, 8), ("2016-Y", UP, 354), ("2017-Y", UP, 724)),
         ("giai-doan-1", 8)),
    Case("phases", "2015-12-23", (("giai-doan-1", 7), ("I.1", 7)),
         (("giai-doan-1", SOON, 7), ("2016-Y", UP, 353), ("2017-Y", UP, 723)), ("giai-doan-1", 7)),
    Case("phases", "2015-12-29", (("giai-doan-1", 1), ("I.1", 1)),
         (("giai-doan-1", SOON, 1), ("2016-Y", UP, 347), ("2017-Y", UP, 717)), ("giai-doan-1", 1)),
    Case("phases", "2015-12-30", (("giai-doan-1", 0), ("I.1", 0)),
         (("giai-doan-1", SOON, 0), ("2016-Y", UP, 346), ("2017-Y", UP, 716)), ("giai-doan-1", 0)),
    Case("phases", "2015-12-31", gd(1),
         (("giai-doan-1", LATE, 1), ("2016-Y", UP, 345), ("2017-Y", UP, 715)), ("2016-Y", 345)),
    Case("phases", "2016-01-01", gd(2),  # across a year's end
         (("giai-doan-1", LATE, 2), ("2016-Y", UP, 344), ("2017-Y", UP, 714)), ("2016-Y", 344)),
    Case("phases", "2016-02-29", gd(61),  # 29 February of a leap year
         (("giai-doan-1", LATE, 61), ("2016-Y", UP, 285), ("2017-Y", UP, 655)), ("2016-Y", 285)),
    Case("phases", "2016-12-02", gd(338),
         (("giai-doan-1", LATE, 338), ("2016-Y", UP, 8), ("2017-Y", UP, 378)), ("2016-Y", 8)),
    Case("phases", "2016-12-03", gd(339) + (("2016-Y", 7),),
         (("giai-doan-1", LATE, 339), ("2016-Y", SOON, 7), ("2017-Y", UP, 377)), ("2016-Y", 7)),
    Case("phases", "2016-12-09", gd(345) + (("2016-Y", 1),),
         (("giai-doan-1", LATE, 345), ("2016-Y", SOON, 1), ("2017-Y", UP, 371)), ("2016-Y", 1)),
    Case("phases", "2016-12-10", gd(346) + (("2016-Y", 0),),
         (("giai-doan-1", LATE, 346), ("2016-Y", SOON, 0), ("2017-Y", UP, 370)), ("2016-Y", 0)),
    Case("phases", "2016-12-11", gd(347) + (("2016-Y", -1),),
         (("giai-doan-1", LATE, 347), ("2016-Y", LATE, 1), ("2017-Y", UP, 369)), ("2017-Y", 369)),
    Case("phases", "2017-01-01", gd(368) + (("2016-Y", -22),),
         (("giai-doan-1", LATE, 368), ("2016-Y", LATE, 22), ("2017-Y", UP, 348)), ("2017-Y", 348)),
    Case("phases", "2017-12-07", gd(708) + (("2016-Y", -362),),
         (("giai-doan-1", LATE, 708), ("2016-Y", LATE, 362), ("2017-Y", UP, 8)), ("2017-Y", 8)),
    Case("phases", "2017-12-08", gd(709) + (("2016-Y", -363), ("2017-Y", 7)),
         (("giai-doan-1", LATE, 709), ("2016-Y", LATE, 363), ("2017-Y", SOON, 7)), ("2017-Y", 7)),
    # 10 and 11 December 2017: the rule's usual day, but 2017's report is due on the 15th.
    Case("phases", "2017-12-10", gd(711) + (("2016-Y", -365), ("2017-Y", 5)),
         (("giai-doan-1", LATE, 711), ("2016-Y", LATE, 365), ("2017-Y", SOON, 5)), ("2017-Y", 5)),
    Case("phases", "2017-12-11", gd(712) + (("2016-Y", -366), ("2017-Y", 4)),
         (("giai-doan-1", LATE, 712), ("2016-Y", LATE, 366), ("2017-Y", SOON, 4)), ("2017-Y", 4)),
    Case("phases", "2017-12-14", gd(715) + (("2016-Y", -369), ("2017-Y", 1)),
         (("giai-doan-1", LATE, 715), ("2016-Y", LATE, 369), ("2017-Y", SOON, 1)), ("2017-Y", 1)),
    Case("phases", "2017-12-15", gd(716) + (("2016-Y", -370), ("2017-Y", 0)),
         (("giai-doan-1", LATE, 716), ("2016-Y", LATE, 370), ("2017-Y", SOON, 0)), ("2017-Y", 0)),
    Case("phases", "2017-12-16", gd(717) + (("2016-Y", -371), ("2017-Y", -1)),
         (("giai-doan-1", LATE, 717), ("2016-Y", LATE, 371), ("2017-Y", LATE, 1)), None),
    Case("phases", "2018-01-01", gd(733) + (("2016-Y", -387), ("2017-Y", -17)),
         (("giai-doan-1", LATE, 733), ("2016-Y", LATE, 387), ("2017-Y", LATE, 17)), None),

    # The leap plan: reports warn 3 days ahead, due 28/02/2023 and 29/02/2024; duty I due
    # 29/02/2024 warns 10 days ahead. On the same day a report is named before a duty.
    Case("leap", "2023-02-24", (), (("2022-Y", UP, 4), ("2023-Y", UP, 370)), ("2022-Y", 4)),
    Case("leap", "2023-02-25", (("2022-Y", 3),), (("2022-Y", SOON, 3), ("2023-Y", UP, 369)), ("2022-Y", 3)),
    Case("leap", "2023-02-27", (("2022-Y", 1),), (("2022-Y", SOON, 1), ("2023-Y", UP, 367)), ("2022-Y", 1)),
    Case("leap", "2023-02-28", (("2022-Y", 0),), (("2022-Y", SOON, 0), ("2023-Y", UP, 366)), ("2022-Y", 0)),
    Case("leap", "2023-03-01", (("2022-Y", -1),), (("2022-Y", LATE, 1), ("2023-Y", UP, 365)), ("2023-Y", 365)),
    Case("leap", "2023-03-31", (("2022-Y", -31),), (("2022-Y", LATE, 31), ("2023-Y", UP, 335)), ("2023-Y", 335)),
    Case("leap", "2024-02-18", (("2022-Y", -355),), (("2022-Y", LATE, 355), ("2023-Y", UP, 11)), ("2023-Y", 11)),
    Case("leap", "2024-02-19", (("2022-Y", -356), ("I", 10)), (("2022-Y", LATE, 356), ("2023-Y", UP, 10)),
         ("2023-Y", 10)),
    Case("leap", "2024-02-25", (("2022-Y", -362), ("I", 4)), (("2022-Y", LATE, 362), ("2023-Y", UP, 4)),
         ("2023-Y", 4)),
    Case("leap", "2024-02-26", (("2022-Y", -363), ("2023-Y", 3), ("I", 3)),
         (("2022-Y", LATE, 363), ("2023-Y", SOON, 3)), ("2023-Y", 3)),
    Case("leap", "2024-02-28", (("2022-Y", -365), ("2023-Y", 1), ("I", 1)),
         (("2022-Y", LATE, 365), ("2023-Y", SOON, 1)), ("2023-Y", 1)),
    Case("leap", "2024-02-29", (("2022-Y", -366), ("2023-Y", 0), ("I", 0)),
         (("2022-Y", LATE, 366), ("2023-Y", SOON, 0)), ("2023-Y", 0)),
    Case("leap", "2024-03-01", (("2022-Y", -367), ("2023-Y", -1), ("I", -1)),
         (("2022-Y", LATE, 367), ("2023-Y", LATE, 1)), None),
    Case("leap", "2024-03-31", (("2022-Y", -397), ("2023-Y", -31), ("I", -31)),
         (("2022-Y", LATE, 397), ("2023-Y", LATE, 31)), None),
]

matrix = pytest.mark.parametrize("case", CASES, ids=[f"{c.plan}-{c.today}" for c in CASES])


# ---- helpers ---------------------------------------------------------------------------------

def vn(iso: str) -> str:
    """2024-03-31 as the office writes it: 31/03/2024."""
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def left(days: int) -> str:
    """How remind and status count the days to a deadline."""
    if days < 0:
        return f"quá hạn {-days} ngày"
    return "còn 0 ngày, hạn cuối là hôm nay" if days == 0 else f"còn {days} ngày"


def is_item(key: str) -> bool:
    return key[0] == "I"  # item ids are I, I.1; report periods are ket-qua, giai-doan-1, 2016-Y


def due_of(case: Case, key: str) -> str:
    return PLANS[case.plan].deadlines[key][1]


def overdue_items(case: Case) -> list[tuple[str, int]]:
    return [(key, -days) for key, days in case.remind if is_item(key) and days < 0]


def overdue_reports(case: Case) -> list[tuple[str, int]]:
    return [(key, days) for key, state, days in case.reports if state == LATE]


@pytest.fixture
def sapa(run, write_plan):
    """`sapa("leap", "2024-02-29", "status", "--json")` runs sapa on that plan as of that day."""
    paths = {}

    def invoke(plan: str, today: str, *args):
        if plan not in paths:
            paths[plan] = write_plan(PLANS[plan].text, f"{plan}.toml")
        return run("--plan", paths[plan], "--today", today, *args)

    return invoke


def as_json(result):
    return json.loads(ok(result))


def line_after(text: str, label: str) -> str:
    [line] = [line for line in text.splitlines() if line.startswith(label)]
    return line[len(label):]


# ---- the matrix ------------------------------------------------------------------------------

@matrix
def test_status_names_the_nearest_deadline_and_counts_what_is_overdue(sapa, case):
    spec = PLANS[case.plan]
    board = as_json(sapa(case.plan, case.today, "status", "--json"))
    pending = [(key, state, days) for key, state, days in case.reports if state != LATE]
    expected_report = (pending[0][0], due_of(case, pending[0][0]), pending[0][1], pending[0][2]) if pending else None
    report = board["next_deadline"]
    assert (report and (report["period"], report["due"], report["state"], report["days"])) == expected_report
    open_items = sorted((due, key) for key, (_, due) in spec.deadlines.items() if is_item(key) and due >= case.today)
    item = board["next_item"]
    assert (item and (item["id"], item["due"], item["state"])) == (
        (open_items[0][1], open_items[0][0], "not-started") if open_items else None)
    late_reports, late_items = overdue_reports(case), overdue_items(case)
    assert (board["overdue_reports"], board["overdue_items"]) == (len(late_reports), len(late_items))
    owed = sum(1 for key, _, _ in case.reports if due_of(case, key) <= case.today)
    assert [(u["unit"], u["duties_done"], u["duties_total"], u["reports_owed"], u["reports_received"],
             u["reports_overdue"]) for u in board["units"]] == [(spec.unit, 0, 1, owed, 0, len(late_reports))]

    plain = ok(sapa(case.plan, case.today, "status"))
    if case.next is None:
        assert line_after(plain, "Hạn gần nhất: ") == "không còn hạn nào"
    else:
        key, days = case.next
        label, due = spec.deadlines[key]
        assert line_after(plain, "Hạn gần nhất: ") == f"{vn(due)} ({left(days)}) — {label}"
    assert line_after(plain, "Quá hạn: ") == f"{len(late_reports)} báo cáo, {len(late_items)} nội dung/nhiệm vụ"


@matrix
def test_remind_lists_what_is_due_soon_today_or_overdue_and_fails_only_when_overdue(sapa, case, tmp_path):
    spec = PLANS[case.plan]
    expected = []
    for key, days in case.remind:
        label, due = spec.deadlines[key]
        expected.append(f"{label}: hạn {vn(due)}, {left(days)}" + (", Chưa thực hiện" if is_item(key) else ""))
    if expected:  # cron's mail opens with its day; nothing at all when there is nothing to remind
        expected.insert(0, f"Nhắc việc ngày {vn(case.today)}")
    assert ok(sapa(case.plan, case.today, "remind")).splitlines() == expected

    strict = sapa(case.plan, case.today, "remind", "--fail-on-overdue")
    assert strict.stdout.splitlines() == expected
    late = len(overdue_reports(case)) + len(overdue_items(case))
    assert (strict.exit_code, strict.stderr) == ((3, f"sapa: {late} việc quá hạn\n") if late else (0, ""))

    target = tmp_path / "nhac-viec.json"
    wrote = sapa(case.plan, case.today, "remind", "-o", target)
    assert (wrote.exit_code, wrote.stdout) == (0, "")
    written = json.loads(target.read_text(encoding="utf-8"))
    assert [(r["reminder"], r["id"] if r["reminder"] == "item" else r["period"], r["due"], r["days"])
            for r in written] == [
        ("item", key, due_of(case, key), -days if days < 0 else None) if is_item(key)
        else ("report", key, due_of(case, key), abs(days)) for key, days in case.remind]


@matrix
def test_overdue_lists_exactly_the_late_reports_and_items_with_their_days(sapa, case):
    found = as_json(sapa(case.plan, case.today, "overdue", "--json"))
    unit = PLANS[case.plan].unit
    assert [(r["unit"], r["period"], r["due"], r["state"], r["days"], r["submitted"]) for r in found["reports"]] == [
        (unit, key, due_of(case, key), "overdue", days, None) for key, days in overdue_reports(case)]
    assert [(i["id"], i["due"], i["status"], i["state"], i["days"]) for i in found["items"]] == [
        (key, due_of(case, key), "todo", "not-started", days) for key, days in overdue_items(case)]


@matrix
def test_reports_give_each_report_its_state_and_days(sapa, case):
    rows = as_json(sapa(case.plan, case.today, "reports", "--all", "--json"))
    assert [(r["period"], r["due"], r["state"], r["days"], r["submitted"]) for r in rows] == [
        (key, due_of(case, key), state, days, None) for key, state, days in case.reports]
    if not case.reports:  # a plan that asks for no report says there is none
        assert ok(sapa(case.plan, case.today, "reports", "--all")) == "Không có báo cáo nào khớp.\n"
        return
    assert {r["unit"] for r in rows} == {PLANS[case.plan].unit}
    late = as_json(sapa(case.plan, case.today, "reports", "--overdue", "--json"))
    assert [(r["period"], r["days"]) for r in late] == overdue_reports(case)


# ---- checklists ------------------------------------------------------------------------------

def report_lines(name: str, unit: str, due: str, state: str) -> list[str]:
    """A report's two boxes in a period's checklist: among those collected, and the unit's own."""
    return [f"- [ ] {unit} — {name}, hạn {due} — {state}", f"- [ ] {name}: hạn {due} — {state}"]


CAMPAIGN_DUTY = "- [ ] I — Ra quân dọn vệ sinh các tuyến đường liên thôn. (hạn 31/03/2024)"
CONFERENCE_DUTY = "- [ ] I — Tổ chức hội nghị cho toàn thể đảng viên xong trước ngày 10/5/2021. (hạn 10/05/2021)"
PHASE_DUTY = "- [ ] I.1 — Xây dựng nhà văn hóa thôn ở 5 xã. (hạn 30/12/2015)"
LEAP_DUTY = "- [ ] I — Hoàn thành hồ sơ đánh giá, xếp loại chi bộ năm 2023. (hạn 29/02/2024)"
TG, VH, VP = "Tổ Tuyên giáo Đảng ủy", "Phòng Văn hóa và Thông tin", "Văn phòng Đảng ủy xã"
KQ, SK = "Báo cáo kết quả học tập, quán triệt", "Báo cáo sơ kết giai đoạn 1"
Y2016, Y2017 = "Báo cáo năm 2016", "Báo cáo năm 2017"

CHECKLISTS = [
    # (plan, today, period, boxes in order)
    ("conference", "2021-05-06", "ket-qua", report_lines(KQ, TG, "14/05/2021", "Chưa đến hạn (còn 8 ngày)")
     + [CONFERENCE_DUTY]),
    ("conference", "2021-05-07", "ket-qua", report_lines(KQ, TG, "14/05/2021", "Sắp đến hạn (còn 7 ngày)")
     + [CONFERENCE_DUTY]),
    ("conference", "2021-05-14", "ket-qua", report_lines(KQ, TG, "14/05/2021", "Sắp đến hạn (còn 0 ngày)")
     + [CONFERENCE_DUTY]),
    ("conference", "2021-05-15", "ket-qua", report_lines(KQ, TG, "14/05/2021", "Quá hạn 1 ngày")
     + [CONFERENCE_DUTY]),
    ("phases", "2015-12-22", "giai-doan-1", report_lines(SK, VH, "30/12/2015", "Chưa đến hạn (còn 8 ngày)")
     + [PHASE_DUTY]),
    ("phases", "2015-12-23", "giai-doan-1", report_lines(SK, VH, "30/12/2015", "Sắp đến hạn (còn 7 ngày)")
     + [PHASE_DUTY]),
    ("phases", "2015-12-30", "giai-doan-1", report_lines(SK, VH, "30/12/2015", "Sắp đến hạn (còn 0 ngày)")
     + [PHASE_DUTY]),
    ("phases", "2015-12-31", "giai-doan-1", report_lines(SK, VH, "30/12/2015", "Quá hạn 1 ngày") + [PHASE_DUTY]),
    # The phase-1 duty belongs to the phase-end report, not to the annual ones.
    ("phases", "2016-12-02", "2016-Y", report_lines(Y2016, VH, "10/12/2016", "Chưa đến hạn (còn 8 ngày)")),
    ("phases", "2016-12-03", "nam-2016", report_lines(Y2016, VH, "10/12/2016", "Sắp đến hạn (còn 7 ngày)")),
    ("phases", "2016-12-10", "2016-Y", report_lines(Y2016, VH, "10/12/2016", "Sắp đến hạn (còn 0 ngày)")),
    ("phases", "2016-12-11", "2016-Y", report_lines(Y2016, VH, "10/12/2016", "Quá hạn 1 ngày")),
    ("phases", "2017-01-01", "2016-Y", report_lines(Y2016, VH, "10/12/2016", "Quá hạn 22 ngày")),
    ("phases", "2017-12-07", "2017-Y", report_lines(Y2017, VH, "15/12/2017", "Chưa đến hạn (còn 8 ngày)")),
    ("phases", "2017-12-08", "2017-Y", report_lines(Y2017, VH, "15/12/2017", "Sắp đến hạn (còn 7 ngày)")),
    ("phases", "2017-12-15", "2017-Y", report_lines(Y2017, VH, "15/12/2017", "Sắp đến hạn (còn 0 ngày)")),
    ("phases", "2017-12-16", "2017-Y", report_lines(Y2017, VH, "15/12/2017", "Quá hạn 1 ngày")),
    ("leap", "2024-02-25", "2023-Y", report_lines("Báo cáo năm 2023", VP, "29/02/2024", "Chưa đến hạn (còn 4 ngày)")
     + [LEAP_DUTY]),
    ("leap", "2024-02-26", "2023-Y", report_lines("Báo cáo năm 2023", VP, "29/02/2024", "Sắp đến hạn (còn 3 ngày)")
     + [LEAP_DUTY]),
    ("leap", "2024-02-29", "2023-Y", report_lines("Báo cáo năm 2023", VP, "29/02/2024", "Sắp đến hạn (còn 0 ngày)")
     + [LEAP_DUTY]),
    ("leap", "2024-03-01", "2023-Y", report_lines("Báo cáo năm 2023", VP, "29/02/2024", "Quá hạn 1 ngày")
     + [LEAP_DUTY]),
]


def boxes(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("- [")]


@pytest.mark.parametrize(("plan", "today", "period", "expected"), CHECKLISTS,
                         ids=[f"{c[0]}-{c[2]}-{c[1]}" for c in CHECKLISTS])
def test_a_periods_checklist_has_its_report_with_its_state_and_the_periods_duties(sapa, plan, today, period,
                                                                                   expected):
    text = ok(sapa(plan, today, "checklist", period))
    assert boxes(text) == expected
    assert f"Tình hình đến ngày {vn(today)}" in text


@pytest.mark.parametrize(("today", "due", "expected"), [
    ("2024-03-20", "30/03/2024", []),  # the day before the deadline: nothing is due by then
    ("2024-03-20", "31/03/2024", [CAMPAIGN_DUTY]),  # the deadline itself counts
    ("2024-04-01", "2024-04-30", [CAMPAIGN_DUTY]),  # overdue and still not done: still listed
    ("2024-02-29", "29/02/2024", []),
])
def test_the_campaigns_checklist_by_deadline_lists_its_duty_from_its_due_day_on(sapa, today, due, expected):
    text = ok(sapa("campaign", today, "checklist", "--due", due))
    assert text.startswith(f"# DANH MỤC KIỂM TRA — CÁC HẠN ĐẾN NGÀY {vn(due) if '-' in due else due}\n")
    assert boxes(text) == expected


def test_a_checklist_by_deadline_takes_the_reports_and_duties_due_by_that_day(sapa):
    assert boxes(ok(sapa("conference", "2021-05-12", "checklist", "--due", "13/05/2021"))) == [CONFERENCE_DUTY]
    assert boxes(ok(sapa("conference", "2021-05-12", "checklist", "--due", "14/05/2021"))) == [
        f"- [ ] {TG} — {KQ}, hạn 14/05/2021 — Sắp đến hạn (còn 2 ngày)", CONFERENCE_DUTY]
    assert boxes(ok(sapa("phases", "2016-12-09", "checklist", "--due", "09/12/2016"))) == [
        f"- [ ] {VH} — {SK}, hạn 30/12/2015 — Quá hạn 345 ngày", PHASE_DUTY]
    assert boxes(ok(sapa("phases", "2016-12-09", "checklist", "--due", "10/12/2016"))) == [
        f"- [ ] {VH} — {SK}, hạn 30/12/2015 — Quá hạn 345 ngày",
        f"- [ ] {VH} — Báo cáo năm 2016, hạn 10/12/2016 — Sắp đến hạn (còn 1 ngày)", PHASE_DUTY]


# ---- the calendar ----------------------------------------------------------------------------

CALENDARS = {
    # plan: {UID: (DTSTART, DTEND, alarm TRIGGER)}
    "campaign": {"tan-lap-chien-dich-2024.item.I@sapa": ("20240331", "20240401", "-P7D")},
    "conference": {"phong-hai-hoi-nghi-2021.ket-qua.ket-qua@sapa": ("20210514", "20210515", "-P7D"),
                   "phong-hai-hoi-nghi-2021.item.I@sapa": ("20210510", "20210511", "-P7D")},
    "phases": {"muong-khuong-chuong-trinh-2015.so-ket.giai-doan-1@sapa": ("20151230", "20151231", "-P7D"),
               "muong-khuong-chuong-trinh-2015.hang-nam.2016-Y@sapa": ("20161210", "20161211", "-P7D"),
               "muong-khuong-chuong-trinh-2015.hang-nam.2017-Y@sapa": ("20171215", "20171216", "-P7D"),
               "muong-khuong-chuong-trinh-2015.item.I.1@sapa": ("20151230", "20151231", "-P7D")},
    # The alarms follow each deadline's own window: 3 days for the reports, 10 for the duty.
    "leap": {"ban-pho-kiem-diem-2023.kiem-diem.2022-Y@sapa": ("20230228", "20230301", "-P3D"),
             "ban-pho-kiem-diem-2023.kiem-diem.2023-Y@sapa": ("20240229", "20240301", "-P3D"),
             "ban-pho-kiem-diem-2023.item.I@sapa": ("20240229", "20240301", "-P10D")},
}
# Before every window opens, on a deadline, and after them all: the calendar is the same.
CALENDAR_DAYS = [("campaign", "2024-03-23"), ("campaign", "2024-03-31"), ("campaign", "2024-05-02"),
                 ("conference", "2021-04-30"), ("conference", "2021-05-10"), ("conference", "2021-06-01"),
                 ("phases", "2015-12-22"), ("phases", "2016-12-10"), ("phases", "2018-01-01"),
                 ("leap", "2023-02-24"), ("leap", "2024-02-29"), ("leap", "2024-03-31")]


def calendar(result) -> list[dict[str, str]]:
    """The events of an exported calendar (its CRLF line ends read as written)."""
    assert (result.exit_code, result.stderr) == (0, "")
    return events(result.stdout_bytes.decode("utf-8"))


@pytest.mark.parametrize(("plan", "today"), CALENDAR_DAYS, ids=[f"{p}-{t}" for p, t in CALENDAR_DAYS])
def test_the_calendar_has_every_deadline_on_its_day_with_an_alarm_at_its_window(sapa, plan, today):
    found = calendar(sapa(plan, today, "export", "--format", "ics"))
    assert {e["UID"]: (e["DTSTART;VALUE=DATE"], e["DTEND;VALUE=DATE"], e["ALARM-TRIGGER"]) for e in found} == (
        CALENDARS[plan])
    assert len(found) == len(CALENDARS[plan])
    assert all(e["ALARM-ACTION"] == "DISPLAY" for e in found)


def test_calendar_summaries_name_the_deadlines(sapa):
    by_uid = {e["UID"]: e["SUMMARY"] for e in calendar(sapa("phases", "2015-12-01", "export", "--format", "ics"))}
    assert by_uid["muong-khuong-chuong-trinh-2015.so-ket.giai-doan-1@sapa"] == "Hạn Báo cáo sơ kết giai đoạn 1"
    assert by_uid["muong-khuong-chuong-trinh-2015.hang-nam.2017-Y@sapa"] == "Hạn Báo cáo năm 2017"
    leap = {e["UID"]: e["SUMMARY"] for e in calendar(sapa("leap", "2024-02-01", "export", "--format", "ics"))}
    assert leap["ban-pho-kiem-diem-2023.kiem-diem.2023-Y@sapa"] == "Hạn Báo cáo năm 2023"


# ---- submissions on the due day and the day after --------------------------------------------

SUBMISSIONS = [
    # (plan, unit, period, due, the day it arrives, state, days late)
    ("conference", "tuyen-giao", "ket-qua", "2021-05-14", "2021-05-14", "on-time", None),
    ("conference", "tuyen-giao", "ket-qua", "2021-05-14", "2021-05-15", "late", 1),
    ("phases", "vhtt", "giai-doan-1", "2015-12-30", "2015-12-30", "on-time", None),
    ("phases", "vhtt", "giai-doan-1", "2015-12-30", "2015-12-31", "late", 1),
    ("phases", "vhtt", "2016-Y", "2016-12-10", "2016-12-10", "on-time", None),
    ("phases", "vhtt", "2016-Y", "2016-12-10", "2016-12-11", "late", 1),
    ("phases", "vhtt", "2017-Y", "2017-12-15", "2017-12-15", "on-time", None),
    ("phases", "vhtt", "2017-Y", "2017-12-15", "2017-12-16", "late", 1),
    ("leap", "vp", "2022-Y", "2023-02-28", "2023-02-28", "on-time", None),
    ("leap", "vp", "2022-Y", "2023-02-28", "2023-03-01", "late", 1),
    ("leap", "vp", "2023-Y", "2024-02-29", "2024-02-29", "on-time", None),
    ("leap", "vp", "2023-Y", "2024-02-29", "2024-03-01", "late", 1),
]


@pytest.mark.parametrize("how", ["on the day", "entered later with --date"])
@pytest.mark.parametrize(("plan", "unit", "period", "due", "received", "state", "days"), SUBMISSIONS,
                         ids=[f"{s[0]}-{s[2]}-{s[4]}" for s in SUBMISSIONS])
def test_a_report_received_on_its_due_day_is_on_time_and_the_day_after_one_day_late(
        sapa, how, plan, unit, period, due, received, state, days):
    later = "2024-12-31" if plan == "leap" else "2021-05-31" if plan == "conference" else "2017-12-31"
    if how == "on the day":
        said = ok(sapa(plan, received, "submit", unit, period))
    else:
        said = ok(sapa(plan, later, "submit", unit, period, "--date", vn(received)))
    assert said.rstrip("\n").endswith(f"nhận ngày {vn(received)} — "
                                      + ("Nộp đúng hạn" if state == "on-time" else "Nộp muộn 1 ngày"))
    for today in (received, later):
        [row] = as_json(sapa(plan, today, "reports", "--period", period, "--json"))
        assert (row["due"], row["submitted"], row["state"], row["days"]) == (due, received, state, days)
        late = as_json(sapa(plan, today, "overdue", "--json"))["reports"]
        assert period not in [r["period"] for r in late]
        assert f"{PLANS[plan].deadlines[period][0]}:" not in ok(sapa(plan, today, "remind"))
    box = "Nộp đúng hạn" if state == "on-time" else "Nộp muộn 1 ngày"
    checked = [b for b in boxes(ok(sapa(plan, later, "checklist", period))) if b.startswith("- [x]")]
    assert checked and all(b.endswith(f"nhận ngày {vn(received)} — {box}") for b in checked)


def test_once_the_report_is_in_status_points_at_the_next_deadline(sapa):
    ok(sapa("phases", "2015-12-30", "submit", "vhtt", "giai-doan-1"))
    board = as_json(sapa("phases", "2015-12-30", "status", "--json"))
    assert (board["next_deadline"]["period"], board["next_deadline"]["days"]) == ("2016-Y", 346)
    assert line_after(ok(sapa("phases", "2015-12-30", "status")), "Hạn gần nhất: ") == (
        "30/12/2015 (còn 0 ngày, hạn cuối là hôm nay) — Nhiệm vụ I.1 (Xây dựng nhà văn hóa thôn ở 5 xã.)")
    assert [(u["reports_owed"], u["reports_received"], u["reports_overdue"]) for u in board["units"]] == [(1, 1, 0)]
    # The next day the duty, not done, is overdue; the report, in on time, is not.
    late = as_json(sapa("phases", "2015-12-31", "overdue", "--json"))
    assert (late["reports"], [(i["id"], i["days"]) for i in late["items"]]) == ([], [("I.1", 1)])


# ---- a duty finished after its deadline ------------------------------------------------------

@pytest.mark.parametrize(("plan", "item", "done_on", "state", "days"), [
    ("campaign", "I", "2024-03-31", "done-on-time", None),
    ("campaign", "I", "2024-04-01", "done-late", 1),
    ("conference", "I", "2021-05-10", "done-on-time", None),
    ("conference", "I", "2021-05-12", "done-late", 2),
    ("phases", "I.1", "2016-01-01", "done-late", 2),
    ("leap", "I", "2024-02-29", "done-on-time", None),
    ("leap", "I", "2024-03-01", "done-late", 1),
])
def test_a_duty_done_after_its_deadline_is_done_late_and_leaves_the_overdue_lists(
        sapa, write_plan, plan, item, done_on, state, days):
    assert ok(sapa(plan, done_on, "mark", item, "xong")).rstrip("\n").endswith(f"Hoàn thành ({vn(done_on)})")
    later = "2024-12-31" if plan == "leap" else "2024-04-30" if plan == "campaign" else "2021-05-31" \
        if plan == "conference" else "2016-01-31"
    assert as_json(sapa(plan, later, "overdue", "--json"))["items"] == []
    assert "Nhiệm vụ " not in ok(sapa(plan, later, "remind"))
    board = as_json(sapa(plan, later, "status", "--json"))
    assert (board["overdue_items"], board["next_item"]) == (0, None)
    assert [(u["duties_done"], u["duties_total"]) for u in board["units"]] == [(1, 1)]
    due = PLANS[plan].deadlines[item][1]
    checklist = ok(sapa(plan, later, "checklist", "--due", vn(due)))
    assert [b for b in boxes(checklist) if b.startswith(f"- [x] {item} — ")]
    assert f"Trạng thái: Hoàn thành ({vn(done_on)})" in checklist
    # The state the deadline computation gives it: no command prints "done-late" today.
    model = load_plan(write_plan(PLANS[plan].text, "model.toml"))
    [tracked] = [i for i in model.tracked_items if i.id == item]
    deadline = item_deadline(tracked, build_state([mark(item, "done", date.fromisoformat(done_on))]),
                             date.fromisoformat(later))
    assert (deadline.state, deadline.days_late) == (state, days)


# ---- once-wrong behaviour found by this matrix ------------------------------------------------

def test_a_one_time_reports_period_is_shown_by_its_name(sapa):
    period = line_after(ok(sapa("conference", "2021-05-12", "status")), "Kỳ báo cáo hiện tại: ")
    assert "Báo cáo kết quả học tập, quán triệt" in period and "ket-qua (ket-qua)" not in period
    title = ok(sapa("phases", "2015-12-22", "checklist", "giai-doan-1")).splitlines()[0].casefold()
    assert "báo cáo sơ kết giai đoạn 1" in title and "giai-doan-1 (giai-doan-1)" not in title


def test_show_names_a_one_time_report_and_its_deadline(sapa):
    rule = line_after(ok(sapa("conference", "2021-05-01", "show", "I")), "Chế độ báo cáo: ")
    assert "  " not in rule and "14/05/2021" in rule


def test_a_period_before_the_plan_starts_lists_no_duty_of_the_plan(sapa):
    assert boxes(ok(sapa("leap", "2023-02-25", "checklist", "2022-Y"))) == report_lines(
        "Báo cáo năm 2022", VP, "28/02/2023", "Sắp đến hạn (còn 3 ngày)")
