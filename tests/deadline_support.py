"""Shared by the deadline tests: small plans written for them, the issue's worked example, helpers.

Everything goes through the CLI (`run`) or the pure functions of deadlines/daily/periods; no test
reads or writes a ledger file. Every run has an explicit today (SAPA_TODAY from conftest, or
`--today`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import ok
from sample_plans import BUNDLED_PLAN_PATH, QUARTERLY_PLAN_PATH

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
MINI_PLAN = """\
format = 1

[plan]
id = "mini-2024"
title = "Kế hoạch tuyên truyền thử nghiệm năm 2024"
issuer = "Ban Thường vụ Huyện ủy"
start = 2024-01-01
end = 2024-12-31

[[units]]
id = "hu"
name = "Huyện ủy"

[[units]]
id = "btg"
name = "Ban Tuyên giáo Huyện ủy"
short = "BTG Huyện ủy"

[[units]]
id = "hnd"
name = "Hội Nông dân huyện"

[[units]]
id = "hpn"
name = "Hội Liên hiệp Phụ nữ huyện"
short = "Hội Phụ nữ"

[[items]]
id = "I"
kind = "section"
title = "NỘI DUNG TUYÊN TRUYỀN"

[[items]]
id = "I.1"
kind = "content"
text = "Kết quả thực hiện nghị quyết 6 tháng đầu năm."
due = 2024-06-30

[[items]]
id = "II"
kind = "section"
title = "TỔ CHỨC THỰC HIỆN"

[[items]]
id = "II.1"
kind = "duty"
text = "Xây dựng kế hoạch tuyên truyền đến hội viên."
units = ["hnd"]
due = 2024-03-31

[[items]]
id = "II.2"
kind = "duty"
text = "Tổ chức hội nghị tuyên truyền ở cơ sở."
units = ["hnd"]

[[items]]
id = "II.3"
kind = "duty"
text = "Tuyên truyền đến hội viên phụ nữ."
units = ["hpn"]

[[items]]
id = "II.4"
kind = "duty"
text = "Tổng hợp báo cáo kết quả."
units = ["btg"]

[reporting]
warning_days = 5
first = "2024-H1"
last = "2024-Y"

[[reporting.rules]]
id = "don-vi"
kind = "unit"
units = ["hnd", "hpn"]
to = ["hu"]
via = "btg"

[[reporting.rules.due]]
period = "half-year"
month = 6
day = 15

[[reporting.rules.due]]
period = "annual"
month = 11
day = 15

[[reporting.rules]]
id = "tong-hop"
kind = "consolidated"
units = ["btg"]
to = ["hu"]

[[reporting.rules.due]]
period = "half-year"
months_after_end = 0
day = 25

[[reporting.rules.due]]
period = "annual"
months_after_end = 0
day = 20
"""

# Due days that do not exist in every month: day 31 with months_after_end, day 29 of February.
LEAP_PLAN = """\
format = 1

[plan]
id = "leap-2023"
title = "Kế hoạch kiểm tra năm nhuận"
issuer = "Huyện ủy"
start = 2023-01-01
end = 2025-12-31

[[units]]
id = "hu"
name = "Huyện ủy"

[[units]]
id = "dv"
name = "Đơn vị thử"

[[units]]
id = "th"
name = "Ban Tổng hợp"

[[items]]
id = "I"
kind = "section"
title = "NHIỆM VỤ"

[[items]]
id = "I.1"
kind = "duty"
text = "Báo cáo định kỳ."
units = ["dv"]

[reporting]
warning_days = 3
first = "2023-Q1"
last = "2025-Q4"

[[reporting.rules]]
id = "quy"
kind = "unit"
units = ["dv"]
to = ["hu"]

[[reporting.rules.due]]
period = "quarter"
months_after_end = 2
day = 31

[[reporting.rules.due]]
period = "annual"
months_after_end = 2
day = 29

[[reporting.rules]]
id = "tong-hop"
kind = "consolidated"
units = ["th"]
to = ["hu"]

[[reporting.rules.due]]
period = "half-year"
month = 9
day = 31
"""


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
