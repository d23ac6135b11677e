"""Issue 12 #15 (part): `sapa export --format csv` carries the reports too.

After the state rows and the events, one `report` row per report owed, in every period: unit,
period, due, received, ref and state, as `sapa reports --all --json` has them on the same day,
with the same protection against spreadsheet formulas as every other cell. Every run has an
explicit --today and its own data folder.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from sapa_propaganda.core.progress import ProgressState
from sapa_propaganda.render.export import Export, render_export
from sapa_propaganda.storage.plan_loader import load_plan

TODAY = "2022-06-20"
BUNDLED = Path(__file__).resolve().parent.parent / "plans" / "sa-pa-2021-tuyen-truyen-dai-hoi-xiii.toml"


def ok(result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result.stdout


@pytest.fixture
def sapa(run):
    def invoke(*args, today=TODAY):
        return run("--today", today, *args)

    return invoke


def csv_rows(sapa, today=TODAY) -> list[dict[str, str]]:
    result = sapa("export", "--format", "csv", today=today)
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")  # for Excel
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_the_csv_export_has_a_row_per_report_as_reports_shows_them(sapa):
    ok(sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "12-BC/MTTQ", "--note", "bản chính"))
    ok(sapa("submit", "vhtt", "2022-H1", "--date", "17/06/2022"))
    reports = [r for r in csv_rows(sapa) if r["record"] == "report"]
    expected = json.loads(ok(sapa("reports", "--all", "--json")))
    assert [(r["unit"], r["period"], r["due"], r["received"], r["ref"]) for r in reports] == [
        (e["unit"], e["period"], e["due"], e["submitted"] or "", e["ref"]) for e in expected]
    mttq = next(r for r in reports if (r["unit"], r["period"]) == ("mttq", "2022-H1"))
    assert (mttq["due"], mttq["received"], mttq["ref"], mttq["state"]) == (
        "2022-06-15", "2022-06-10", "12-BC/MTTQ", "on-time")
    assert (mttq["target"], mttq["kind"], mttq["note"]) == ("mttq@2022-H1", "half-year", "bản chính")
    assert mttq["text"] == "Báo cáo 6 tháng đầu năm 2022" and mttq["status_label"] == "Nộp đúng hạn"
    assert {r["state"] for r in reports if (r["unit"], r["period"]) == ("vhtt", "2022-H1")} == {"late"}


def test_report_states_are_those_of_the_day_given():
    """Export.today is the day the states are worked out on (the CLI's --today)."""
    plan = load_plan(BUNDLED)
    stamp = datetime(2026, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=7)))

    def states(today: date | None) -> dict[tuple[str, str], str]:
        text = render_export(Export(plan, ProgressState(), stamp, [], today), "csv").decode("utf-8-sig")
        return {(r["unit"], r["period"]): r["state"] for r in csv.DictReader(io.StringIO(text, newline=""))
                if r["record"] == "report"}

    on_the_day = states(date(2022, 6, 20))
    assert on_the_day[("ttvh", "2022-H1")] == "overdue" and on_the_day[("btg", "2022-H1")] == "due-soon"
    assert on_the_day[("mttq", "2025-Y")] == "upcoming"
    earlier = states(date(2022, 6, 10))
    assert earlier[("ttvh", "2022-H1")] == "due-soon" and earlier[("ttvh", "2021-Y")] == "overdue"
    assert states(None) == states(date(2026, 1, 1))  # no day given: the day of the export


def test_report_states_follow_today_on_the_command_line(sapa):
    reports = {(r["unit"], r["period"]): r["state"] for r in csv_rows(sapa, today="2022-06-10")
               if r["record"] == "report"}
    assert reports[("ttvh", "2022-H1")] == "due-soon" and reports[("ttvh", "2021-Y")] == "overdue"


def test_the_state_and_event_rows_are_still_there_first(sapa):
    ok(sapa("mark", "III.1.2", "xong", "--ref", "15-BC/BTGThU"))
    ok(sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022"))
    kinds = [r["record"] for r in csv_rows(sapa)]
    assert kinds == sorted(kinds, key=["state", "event", "report"].index)
    assert kinds.count("event") == 2 and "state" in kinds and "report" in kinds


@pytest.mark.parametrize("ref", ["=HYPERLINK(\"http://x\",\"y\")", "+1-BC", "-5-BC", "@SUM(1)"])
def test_a_reports_ref_cannot_be_a_formula(sapa, ref):
    ok(sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", ref + "/MTTQ"))
    [row] = [r for r in csv_rows(sapa) if r["record"] == "report" and r["target"] == "mttq@2022-H1"]
    assert row["ref"] == "'" + ref + "/MTTQ"
