"""Working days: Vietnam's public holidays (Tết, Giỗ Tổ Hùng Vương: lunar dates, from the
`holidays` library), the days off and make-up working days an office declares (the plan's
`[calendar]`, the office's `_workspace/calendar.toml`), deadlines counted in working days,
Điều 148's move of a deadline off a day off, and the working days left in status and remind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from cli_support import sapa
from helpers import ok
from ledger_support import data_dir

from sapa_propaganda.core.workdays import (
    Calendar,
    add_working_days,
    is_working_day,
    next_working_day,
    public_days,
    working_days_between,
)

VN = Calendar()  # Saturday and Sunday off, the library's public holidays
TET_2024 = [date(2024, 2, d) for d in range(8, 15)]  # Thông báo 5015/TB-LĐTBXH: 08/02 to 14/02/2024


# ---- the calendar ----------------------------------------------------------------------------

def test_the_library_gives_the_announced_tet_2024_and_the_swap_of_30_april():
    off, worked = public_days(2024)
    assert set(TET_2024) <= off  # 5 days of Tết and 2 in lieu of the weekend inside it
    assert date(2024, 2, 7) not in off and date(2024, 2, 15) not in off
    assert date(2024, 4, 18) in off  # Giỗ Tổ Hùng Vương, 10/3 âm lịch
    assert {date(2024, 4, 29), date(2024, 4, 30), date(2024, 5, 1), date(2024, 9, 2), date(2024, 9, 3)} <= off
    assert date(2024, 5, 4) in worked  # Saturday worked for Monday 29/04 (Công văn 2450/VPCP-KGVX)
    assert not any(d.year == 2024 and d.month == 2 for d in worked)  # Tết 2024 had no make-up day
    assert is_working_day(VN, date(2024, 5, 4)) and not is_working_day(VN, date(2024, 5, 11))


def test_five_working_days_across_tet_2024():
    assert add_working_days(VN, date(2024, 2, 5), 5) == date(2024, 2, 19)  # 06, 07, 15, 16, 19
    # A Saturday the office declares worked counts.
    assert add_working_days(VN.replace(working_days=(date(2024, 2, 17),)), date(2024, 2, 5), 5) == date(2024, 2, 17)
    # Declared by hand without the library: the same, once the days off are declared.
    by_hand = Calendar(public_holidays=False, days_off=tuple(TET_2024))
    assert add_working_days(by_hand, date(2024, 2, 5), 5) == date(2024, 2, 19)
    assert add_working_days(Calendar(public_holidays=False), date(2024, 2, 5), 5) == date(2024, 2, 12)


def test_the_make_up_saturday_of_may_2024_counts():
    # 26/04 (1), 27–28 weekend, 29/04–01/05 off, 02 (2), 03 (3), Saturday 04/05 worked (4), 06 (5)
    assert add_working_days(VN, date(2024, 4, 25), 5) == date(2024, 5, 6)
    assert add_working_days(Calendar(public_holidays=False), date(2024, 4, 25), 5) == date(2024, 5, 2)


def test_29_february_and_the_year_end():
    assert add_working_days(VN, date(2024, 2, 26), 5) == date(2024, 3, 4)  # 27, 28, 29/02, 01/03, 04/03
    assert add_working_days(VN, date(2024, 2, 29), 1) == date(2024, 3, 1)
    # 31/12/2023 is a Sunday and 01/01/2024 New Year's Day: the next working day is 02/01/2024.
    assert next_working_day(VN, date(2023, 12, 31)) == date(2024, 1, 2)
    assert add_working_days(VN, date(2023, 12, 29), 3) == date(2024, 1, 4)
    assert working_days_between(VN, date(2023, 12, 28), date(2024, 1, 3)) == 3  # 29/12, 02/01, 03/01
    assert working_days_between(VN, date(2024, 1, 3), date(2023, 12, 28)) == -3
    assert working_days_between(VN, date(2024, 2, 5), date(2024, 2, 19)) == 5
    assert working_days_between(VN, date(2024, 2, 19), date(2024, 2, 19)) == 0


# ---- plans -----------------------------------------------------------------------------------

PLAN = """format = 1

[plan]
id = "ngay-lam-viec"
title = "Kế hoạch tuyên truyền năm 2024"
issuer = "Ban Thường vụ Huyện ủy"
start = 2023-01-01
end = 2024-12-31
warning_days = 30
{calendar}
[[units]]
id = "hnd"
name = "Hội Nông dân huyện"

[[units]]
id = "hu"
name = "Huyện ủy"

[[items]]
id = "I"
kind = "section"
title = "TỔ CHỨC THỰC HIỆN"

[[items]]
id = "I.1"
kind = "duty"
text = "Tổ chức tuyên truyền đến hội viên."
units = ["hnd"]
due_working_days = 5
after = 2024-02-05

[reporting]
first = "2023-Y"
last = "2024-Y"

[[reporting.rules]]
id = "nam"
kind = "unit"
units = ["hnd"]
to = ["hu"]
{rule}
[[reporting.rules.due]]
period = "annual"
month = 3
day = 10

[[reporting.rules]]
id = "cuoi-nam"
kind = "unit"
units = ["hu"]
to = ["hnd"]

[[reporting.rules.due]]
period = "annual"
working_days = 3
"""


def _plan(tmp_path: Path, calendar: str = "", rule: str = "") -> Path:
    path = tmp_path / "ke-hoach.toml"
    path.write_text(PLAN.format(calendar=calendar, rule=rule), encoding="utf-8")
    return path


def _dues(tmp_path: Path, plan: Path) -> dict[str, str]:
    rows = json.loads(ok(sapa(tmp_path, "--plan", plan, "reports", "--all", "--json")))
    return {f"{r['unit']}@{r['period']}": r["due"] for r in rows}


def _item_due(tmp_path: Path, plan: Path) -> str:
    return json.loads(ok(sapa(tmp_path, "--plan", plan, "show", "I.1", "--json")))["due"]


def test_a_duty_due_five_working_days_after_a_date_spanning_tet(tmp_path):
    plan = _plan(tmp_path)
    assert _item_due(tmp_path, plan) == "2024-02-19"
    assert _item_due(tmp_path, _plan(tmp_path, "[calendar]\nworking_days = [2024-02-17]\n")) == "2024-02-17"


def test_the_office_calendar_is_read_by_every_plan_and_the_plan_goes_over_it(tmp_path):
    plan = _plan(tmp_path)
    assert _item_due(tmp_path, plan) == "2024-02-19"  # cached now: the office's file must still count
    office = data_dir(tmp_path) / "_workspace" / "calendar.toml"
    office.parent.mkdir(parents=True, exist_ok=True)
    office.write_text("[calendar]\nworking_days = [2024-02-17]\n", encoding="utf-8")
    assert _item_due(tmp_path, plan) == "2024-02-17"
    # The plan declares the Saturday off after all: the plan's word wins.
    assert _item_due(tmp_path, _plan(tmp_path, "[calendar]\ndays_off = [2024-02-17]\n")) == "2024-02-19"


def test_a_report_due_on_a_sunday_moves_only_where_its_rule_says(tmp_path):
    # 10/03/2024 is a Sunday; 31/12/2023 is a Sunday too, and 01/01/2024 New Year's Day.
    dues = _dues(tmp_path, _plan(tmp_path))
    assert dues["hnd@2024-Y"] == "2024-03-10"  # as before: no move unless asked
    assert dues["hu@2023-Y"] == "2024-01-04"  # 3 working days after 31/12/2023: 02, 03, 04/01
    assert dues["hu@2024-Y"] == "2025-01-06"  # after 31/12/2024 (Tue): 02, 03, 06/01/2025
    moved = _dues(tmp_path, _plan(tmp_path, "[calendar]\nmove_off_days = true\n"))
    assert moved["hnd@2024-Y"] == "2024-03-11" and moved["hnd@2023-Y"] == "2023-03-10"  # a Friday stays
    kept = _dues(tmp_path, _plan(tmp_path, "[calendar]\nmove_off_days = true\n", "move_off_days = false\n"))
    assert kept["hnd@2024-Y"] == "2024-03-10"
    only_rule = _dues(tmp_path, _plan(tmp_path, "", "move_off_days = true\n"))
    assert only_rule["hnd@2024-Y"] == "2024-03-11"


def test_status_and_remind_count_the_working_days_left(tmp_path):
    plain = _plan(tmp_path)
    lines = ok(sapa(tmp_path, "--plan", plain, "remind", today="2024-02-05"))
    assert "còn 14 ngày" in lines and "làm việc" not in lines  # as before, unless the plan asks
    plan = _plan(tmp_path, '[calendar]\ncount_days = "working"\n')
    lines = ok(sapa(tmp_path, "--plan", plan, "remind", today="2024-02-05"))
    assert "I.1" in lines and "hạn 19/02/2024, còn 14 ngày (5 ngày làm việc)" in lines
    status = ok(sapa(tmp_path, "--plan", plan, "status", today="2024-02-05"))
    assert "còn 14 ngày (5 ngày làm việc)" in status
    english = ok(sapa(tmp_path, "--plan", plan, "remind", today="2024-02-05", lang="en"))
    assert "(5 working days)" in english
    board = json.loads(ok(sapa(tmp_path, "--plan", plan, "status", "--json", today="2024-02-05")))
    assert board["next_item"]["working_days_left"] == 5
    out = tmp_path / "nhac.json"
    assert sapa(tmp_path, "--plan", plan, "remind", "-o", out, today="2024-02-05").exit_code == 0
    found = json.loads(out.read_text(encoding="utf-8"))  # the reports of 2023 overdue first, then I.1
    assert [r["working_days_left"] for r in found if r["reminder"] == "item"] == [5]
    reports = [r["working_days_left"] for r in found if r["reminder"] == "report"]
    assert reports and all(left < 0 for left in reports)
    plain = _plan(tmp_path)  # the same file, without count_days again
    assert "working_days_left" not in json.loads(ok(sapa(tmp_path, "--plan", plain, "status", "--json",
                                                          today="2024-02-05")))["next_item"]


@pytest.mark.parametrize("calendar, line, words", [
    ('[calendar]\ndays_off = [2024-02-08, "2024-02-09"]\n', 11, "days_off"),
    ('[calendar]\nweekend = ["sat", "sunday"]\n', 11, "sunday"),
    ('[calendar]\ndays_off = [2024-02-17]\nworking_days = [2024-02-17]\n', 12, "2024-02-17"),
    ('[calendar]\ncount_days = "lam-viec"\n', 11, "lam-viec"),
])
def test_a_bad_calendar_entry_is_named_at_its_line(tmp_path, calendar, line, words):
    plan = _plan(tmp_path, calendar)
    result = sapa(tmp_path, "plan", "check", plan)
    assert result.exit_code == 4, result
    assert f"{plan}:{line}: calendar." in result.stderr and words in result.stderr


def test_a_bad_office_calendar_is_named_at_its_line(tmp_path):
    office = data_dir(tmp_path) / "_workspace" / "calendar.toml"
    office.parent.mkdir(parents=True, exist_ok=True)
    office.write_text("# Lịch nghỉ năm 2024\n[calendar]\ndays_off = [2024-02-08]\nworking_days = [2024-13-01]\n",
                      encoding="utf-8")
    result = sapa(tmp_path, "--plan", _plan(tmp_path), "status")
    assert result.exit_code == 4 and f"{office}:4:" in result.stderr, result
    office.write_text("[calendar]\nweekend = [\"sat\", \"sun\"]\nworking_day = [2024-02-17]\n", encoding="utf-8")
    result = sapa(tmp_path, "--plan", _plan(tmp_path), "status")
    assert result.exit_code == 4 and f"{office}:3: calendar.working_day" in result.stderr, result


@pytest.mark.parametrize("due, message", [
    ("due_working_days = 0", "1 đến 366"),
    ("due_working_days = 5\ndue = 2024-03-01", "due_working_days"),
])
def test_a_bad_working_day_deadline_is_named(tmp_path, due, message):
    plan = tmp_path / "ke-hoach.toml"
    plan.write_text(PLAN.format(calendar="", rule="").replace("due_working_days = 5", due), encoding="utf-8")
    result = sapa(tmp_path, "plan", "check", plan)
    assert result.exit_code == 4, result
    assert f"{plan}:29: items[1].due_working_days" in result.stderr and message in result.stderr


def test_a_report_rule_in_working_days_takes_nothing_else(tmp_path):
    plan = tmp_path / "ke-hoach.toml"
    plan.write_text(PLAN.format(calendar="", rule="").replace("working_days = 3", "working_days = 3\nday = 5"),
                    encoding="utf-8")
    result = sapa(tmp_path, "plan", "check", plan)
    assert result.exit_code == 4 and "'day'" in result.stderr, result


def test_remind_does_not_import_the_holiday_library_unless_the_plan_counts_working_days(tmp_path):
    """Start-up time: cron runs `remind` daily; `holidays` costs ~65 ms."""
    env = {k: v for k, v in os.environ.items() if k != "SAPA_PLAN"}
    env.update(SAPA_DATA=str(tmp_path / "data"), SAPA_TODAY="2024-02-05", XDG_CACHE_HOME=str(tmp_path / "cache"),
               HOME=str(tmp_path / "home"), LOCALAPPDATA=str(tmp_path / "local"))
    (tmp_path / "data").mkdir()
    probe = ("import sys\nfrom sapa_propaganda.__main__ import run\nrun(sys.argv[1:])\n"
             "print('holidays' in sys.modules)\n")
    # A plan with a working-day deadline pays it once, when the plan is read; then its cache holds the dates.
    for plan, imported in ((None, [False, False]), (_plan(tmp_path), [True, False])):
        argv = ["--plan", str(plan), "remind"] if plan else ["remind"]
        for expected in imported:  # cold, then from the caches
            result = subprocess.run([sys.executable, "-c", probe, *argv], env=env, capture_output=True, text=True,
                                    encoding="utf-8", check=False)
            assert result.stdout.strip().splitlines()[-1] == str(expected), result


def test_a_duty_due_on_a_day_off_moves_where_the_calendar_or_the_duty_says(tmp_path):
    """Điều 148 for duties too: I.1 due Sunday 10/03/2024 is due on Monday 11/03 where the plan's
    calendar moves dates off days off, or where the duty itself says so; else it stays."""
    sunday = PLAN.replace("due_working_days = 5\nafter = 2024-02-05", "due = 2024-03-10")
    def due(calendar: str = "", duty: str = "") -> str:
        path = tmp_path / "chu-nhat.toml"
        path.write_text(sunday.format(calendar=calendar, rule="").replace(
            "due = 2024-03-10", "due = 2024-03-10\n" + duty), encoding="utf-8")
        return _item_due(tmp_path, path)

    assert due() == "2024-03-10"
    assert due("[calendar]\nmove_off_days = true\n") == "2024-03-11"
    assert due(duty="move_off_days = true") == "2024-03-11"
    assert due("[calendar]\nmove_off_days = true\n", "move_off_days = false") == "2024-03-10"


def test_the_office_wide_reminders_count_the_working_days_of_the_plans_that_ask(tmp_path):
    """With several plans (cron's mail for the office), each plan's lines count as it says: the
    plan that counts working days says "(5 ngày làm việc)", the other only the days."""
    working = _plan(tmp_path, '[calendar]\ncount_days = "working"\n')
    other = tmp_path / "khac.toml"
    other.write_text(PLAN.format(calendar="", rule="").replace('id = "ngay-lam-viec"', 'id = "ke-hoach-khac"'),
                     encoding="utf-8")
    for path in (working, other):
        ok(sapa(tmp_path, "plan", "add", path, today="2024-02-05"))
    for _ in range(2):  # made, then from the cache of each plan's overview
        lines = ok(sapa(tmp_path, "remind", today="2024-02-05")).splitlines()
        assert "[ngay-lam-viec] Nhiệm vụ I.1 (Tổ chức tuyên truyền đến hội viên.): hạn 19/02/2024, còn 14 ngày " \
               "(5 ngày làm việc), Chưa thực hiện" in lines
        assert "[ke-hoach-khac] Nhiệm vụ I.1 (Tổ chức tuyên truyền đến hội viên.): hạn 19/02/2024, còn 14 ngày, " \
               "Chưa thực hiện" in lines
        status = ok(sapa(tmp_path, "status", today="2024-02-05"))
        assert "Hạn gần nhất: 19/02/2024 (còn 14 ngày (5 ngày làm việc)) — Nhiệm vụ I.1" in status
        assert "Hạn gần nhất: 19/02/2024 (còn 14 ngày) — Nhiệm vụ I.1" in status
        plans = {p["plan"]: p for p in json.loads(ok(sapa(tmp_path, "status", "--json", today="2024-02-05")))["plans"]}
        assert plans["ngay-lam-viec"]["next_deadline"]["working_days_left"] == 5
        assert "working_days_left" not in plans["ke-hoach-khac"]["next_deadline"]


def test_an_occurrence_of_a_recurring_duty_on_a_day_off_moves_too(tmp_path):
    """A bulletin due the 10th of each month: March 2024's 10th is a Sunday. Where the calendar
    moves days off, that month's occurrence is due Monday 11/03, as a duty's own date is."""
    recurring = PLAN.replace("due_working_days = 5\nafter = 2024-02-05", 'recurs = "month"\nday = 10')
    path = tmp_path / "ban-tin.toml"

    def due(calendar: str) -> str:
        path.write_text(recurring.format(calendar=calendar, rule=""), encoding="utf-8")
        return json.loads(ok(sapa(tmp_path, "--plan", path, "show", "I.1@2024-03", "--json")))["due"]

    assert due("") == "2024-03-10"
    assert due("[calendar]\nmove_off_days = true\n") == "2024-03-11"
