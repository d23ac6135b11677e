"""Shared by the deadline tests: small plans written for them, the issue's worked example, helpers.

Everything goes through the CLI (`run`) or the pure functions of deadlines/daily/periods; no test
reads or writes a ledger file. Every run has an explicit today (SAPA_TODAY from conftest, or
`--today`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from helpers import ok
from sample_plans import (
    BUNDLED_PLAN_PATH,
    QUARTERLY_PLAN_PATH,
    due,
    item,
    plan,
    plan_toml,
    reporting,
    reports_through,
    rule,
    section,
    unit,
)

from sapa_propaganda.core.progress import Event, ProgressState, build_state
from sapa_propaganda.storage.plan_loader import load_plan

EXAMPLE_TODAY = "2022-06-20"

# The example: `reports --period 2022-H1 --json` on 20/06/2022 after
# `submit mttq 2022-H1 --date 10/06/2022` and `submit vhtt 2022-H1 --date 17/06/2022`.
# The example, as it was specified; `rule`, `rule_name` and `category` (the state in the
# vocabulary shared with items) were added later, documented in docs/json.md.
_UNIT_RULE = {"rule": "bao-cao-don-vi", "rule_name": "Báo cáo định kỳ của các đơn vị"}
_BTG_RULE = {"rule": "bao-cao-tong-hop", "rule_name": "Báo cáo tổng hợp của Ban Tuyên giáo"}
EXAMPLE_REPORTS = [
    {"unit": "mttq", "period": "2022-H1", "kind": "half-year", "due": "2022-06-15",
     "submitted": "2022-06-10", "ref": "", "state": "on-time", "days": None, **_UNIT_RULE, "category": "done-on-time"},
    {"unit": "vhtt", "period": "2022-H1", "kind": "half-year", "due": "2022-06-15",
     "submitted": "2022-06-17", "ref": "", "state": "late", "days": 2, **_UNIT_RULE, "category": "done-late"},
    {"unit": "ttvh", "period": "2022-H1", "kind": "half-year", "due": "2022-06-15",
     "submitted": None, "ref": "", "state": "overdue", "days": 5, **_UNIT_RULE, "category": "not-started"},
    {"unit": "chi-dang-bo", "period": "2022-H1", "kind": "half-year", "due": "2022-06-15",
     "submitted": None, "ref": "", "state": "overdue", "days": 5, **_UNIT_RULE, "category": "not-started"},
    {"unit": "btg", "period": "2022-H1", "kind": "consolidated-half-year", "due": "2022-06-20",
     "submitted": None, "ref": "", "state": "due-soon", "days": 0, **_BTG_RULE, "category": "not-started"},
]

REPORTING_UNITS = ["mttq", "vhtt", "ttvh", "chi-dang-bo"]
BUNDLED_PERIODS = ["2021-Y", "2022-H1", "2022-Y", "2023-H1", "2023-Y", "2024-H1", "2024-Y",
                   "2025-H1", "2025-Y"]
II_1_1 = [f"II.1.1.{n}" for n in range(1, 8)]

# A small plan for exact JSON: two reporting units through btg, btg consolidates.
MINI_PLAN = plan_toml(
    plan("mini-2024", "Kế hoạch tuyên truyền thử nghiệm năm 2024", "Ban Thường vụ Huyện ủy",
         date(2024, 1, 1), date(2024, 12, 31)),
    unit("hu", "Huyện ủy"),
    unit("btg", "Ban Tuyên giáo Huyện ủy", short="BTG Huyện ủy"),
    unit("hnd", "Hội Nông dân huyện"),
    unit("hpn", "Hội Liên hiệp Phụ nữ huyện", short="Hội Phụ nữ"),
    section("I", "NỘI DUNG TUYÊN TRUYỀN"),
    item("I.1", "content", "Kết quả thực hiện nghị quyết 6 tháng đầu năm.", due=date(2024, 6, 30)),
    section("II", "TỔ CHỨC THỰC HIỆN"),
    item("II.1", "duty", "Xây dựng kế hoạch tuyên truyền đến hội viên.", units=["hnd"], due=date(2024, 3, 31)),
    item("II.2", "duty", "Tổ chức hội nghị tuyên truyền ở cơ sở.", units=["hnd"]),
    item("II.3", "duty", "Tuyên truyền đến hội viên phụ nữ.", units=["hpn"]),
    item("II.4", "duty", "Tổng hợp báo cáo kết quả.", units=["btg"]),
    reports_through("btg", ["hnd", "hpn"], to="hu", first="2024-H1", last="2024-Y", consolidated=(
        due("half-year", 25, months_after_end=0), due("annual", 20, months_after_end=0))),
)

# Due days that do not exist in every month: day 31 with months_after_end, day 29 of February.
LEAP_PLAN = plan_toml(
    plan("leap-2023", "Kế hoạch kiểm tra năm nhuận", "Huyện ủy", date(2023, 1, 1), date(2025, 12, 31)),
    unit("hu", "Huyện ủy"),
    unit("dv", "Đơn vị thử"),
    unit("th", "Ban Tổng hợp"),
    section("I", "NHIỆM VỤ"),
    item("I.1", "duty", "Báo cáo định kỳ.", units=["dv"]),
    reporting(warning_days=3, first="2023-Q1", last="2025-Q4"),
    rule("quy", "unit", due("quarter", 31, months_after_end=2), due("annual", 29, months_after_end=2),
         units=["dv"], to=["hu"]),
    rule("tong-hop", "consolidated", due("half-year", 31, month=9), units=["th"], to=["hu"]),
)


def json_of(result) -> object:
    return json.loads(ok(result))


def bundled_plan():
    return load_plan(BUNDLED_PLAN_PATH)


def quarterly_plan_model():
    return load_plan(QUARTERLY_PLAN_PATH)


def state_of(*events: Event) -> ProgressState:
    """A progress state built in memory (progress.build_state is pure; no ledger involved)."""
    return build_state(list(events))


def unfold_ics(text: str) -> list[str]:
    """RFC 5545 unfolding: a CRLF followed by a space continues the previous line."""
    return text.replace("\r\n ", "").split("\r\n")


@pytest.fixture
def example(run) -> Callable[..., object]:
    """The issue's scenario on the bundled plan: mttq on time, vhtt two days late.

    Returns `run` itself, so a test can go on with the same data directory.
    """
    ok(run("--today", EXAMPLE_TODAY, "submit", "mttq", "2022-H1", "--date", "10/06/2022"))
    ok(run("--today", EXAMPLE_TODAY, "submit", "vhtt", "2022-H1", "--date", "17/06/2022"))
    return run


@pytest.fixture
def mini_plan(write_plan) -> Path:
    return write_plan(MINI_PLAN, "mini.toml")


@pytest.fixture
def leap_plan(write_plan) -> Path:
    return write_plan(LEAP_PLAN, "leap.toml")
