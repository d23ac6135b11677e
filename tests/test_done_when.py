"""The issue's "done when", end to end: the real program in a subprocess, today = 20/06/2022.

mttq's 6-month report arrived on 10/06 (on time), vhtt's on 17/06 (2 days late); ttvh and
chi-dang-bo have sent nothing (5 days overdue); btg's consolidated report is due today.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from deadline_support import EXAMPLE_REPORTS

TODAY = "2022-06-20"


@pytest.fixture
def sapa(tmp_path: Path):
    home = tmp_path / "home"
    (tmp_path / "data").mkdir()  # the office's data folder is there: a new one is said (test_clerk_habits)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
    env.update({
        "SAPA_DATA": str(tmp_path / "data"), "HOME": str(home), "USERPROFILE": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"), "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "COLUMNS": "120",
    })

    def call(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "sapa_propaganda", "--today", TODAY, *args],
                              capture_output=True, env=env, cwd=tmp_path, timeout=60)
        assert done.returncode == 0, (args, done.returncode, done.stderr.decode("utf-8", "replace"))
        assert done.stderr == b"", (args, done.stderr.decode("utf-8", "replace"))
        return done.stdout.decode("utf-8")

    return call


def test_done_when(sapa):
    assert sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022") == (
        "Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thị xã — Báo cáo 6 tháng đầu năm 2022: "
        "nhận ngày 10/06/2022 — Nộp đúng hạn\n")
    assert sapa("submit", "vhtt", "2022-H1", "--date", "17/06/2022") == (
        "Phòng Văn hóa - Thông tin — Báo cáo 6 tháng đầu năm 2022: nhận ngày 17/06/2022 — Nộp muộn 2 ngày\n")

    # status: today, the current period, the deadline that falls today, overdue counts by unit
    status = sapa("status").splitlines()
    assert "Hôm nay: 20/06/2022" in status
    assert "Kỳ báo cáo hiện tại: 6 tháng đầu năm 2022 (2022-H1)" in status
    assert ("Hạn gần nhất: 20/06/2022 (còn 0 ngày, hạn cuối là hôm nay) — "
            "Báo cáo tổng hợp 6 tháng đầu năm 2022 của Ban Tuyên giáo Thị ủy") in status
    assert "ttvh\tTrung tâm VHTT-TT\t0/1\t0\t2\t0\t2" in status
    assert "vhtt\tPhòng VH-TT\t0/1\t0\t2\t1\t1" in status

    # reports: exactly the example
    assert json.loads(sapa("reports", "--period", "2022-H1", "--json")) == EXAMPLE_REPORTS
    reports = [line.split("\t") for line in sapa("reports").splitlines()[1:]]
    assert {row[0]: row[-1] for row in reports if row[1] == "2022-H1"} == {
        "mttq": "Nộp đúng hạn", "vhtt": "Nộp muộn 2 ngày", "ttvh": "Quá hạn 5 ngày",
        "chi-dang-bo": "Quá hạn 5 ngày", "btg": "Sắp đến hạn (còn 0 ngày)"}

    # overdue: ttvh and chi-dang-bo for 2022-H1, not mttq, vhtt or btg
    overdue = [line for line in sapa("overdue").splitlines() if "6 tháng đầu năm 2022" in line]
    assert overdue == [
        "ttvh\tBáo cáo\tBáo cáo 6 tháng đầu năm 2022 của Trung tâm Văn hóa, Thể thao - Truyền thông\t"
        "15/06/2022\tQuá hạn 5 ngày\t5",
        "chi-dang-bo\tBáo cáo\tBáo cáo 6 tháng đầu năm 2022 của Các chi, đảng bộ trực thuộc Thị ủy\t"
        "15/06/2022\tQuá hạn 5 ngày\t5",
    ]

    # checklist: btg's list of what came in, and its own report due today
    checklist = sapa("checklist", "2022-H1").splitlines()
    assert ("- [x] Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thị xã — Báo cáo 6 tháng đầu năm "
            "2022, hạn 15/06/2022; nhận ngày 10/06/2022 — Nộp đúng hạn") in checklist
    assert ("- [x] Phòng Văn hóa - Thông tin — Báo cáo 6 tháng đầu năm 2022, hạn 15/06/2022; nhận ngày "
            "17/06/2022 — Nộp muộn 2 ngày") in checklist
    assert ("- [ ] Trung tâm Văn hóa, Thể thao - Truyền thông — Báo cáo 6 tháng đầu năm 2022, hạn 15/06/2022 "
            "— Quá hạn 5 ngày") in checklist
    assert ("- [ ] Các chi, đảng bộ trực thuộc Thị ủy — Báo cáo 6 tháng đầu năm 2022, hạn 15/06/2022 "
            "— Quá hạn 5 ngày") in checklist
    assert ("- [ ] Báo cáo tổng hợp 6 tháng đầu năm 2022: hạn 20/06/2022 — Sắp đến hạn (còn 0 ngày)") in checklist

    # remind: plain lines for cron, exit 0 without --fail-on-overdue
    remind = [line for line in sapa("remind").splitlines() if "6 tháng đầu năm 2022" in line]
    assert remind == [
        "Báo cáo 6 tháng đầu năm 2022 của Trung tâm Văn hóa, Thể thao - Truyền thông: hạn 15/06/2022, "
        "quá hạn 5 ngày",
        "Báo cáo 6 tháng đầu năm 2022 của Các chi, đảng bộ trực thuộc Thị ủy: hạn 15/06/2022, quá hạn 5 ngày",
        "Báo cáo tổng hợp 6 tháng đầu năm 2022 của Ban Tuyên giáo Thị ủy: hạn 20/06/2022, "
        "còn 0 ngày, hạn cuối là hôm nay",
    ]
