"""An item with a deadline says where it stands against it wherever it is listed: done on time or
late, in progress within or past the deadline, not started and overdue (Vietnamese task systems'
categories), in `duties`, `show` and their JSON."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from helpers import ok
from test_period_kinds_and_warnings import CAMPAIGN_PLAN


@pytest.fixture
def campaign(write_plan):
    return write_plan(CAMPAIGN_PLAN, "campaign.toml")


def standing(run, plan, today, item):
    rows = json.loads(ok(run("--plan", plan, "--today", today, "duties", "--all", "--json")))
    row = next(r for r in rows if r["id"] == item)
    return row.get("state"), row.get("days_late")


def first_due(run, plan):
    rows = json.loads(ok(run("--plan", plan, "--today", "2024-03-01", "duties", "--all", "--json")))
    return next(r for r in rows if r["due"])


def test_a_duty_done_after_its_deadline_shows_done_late_in_duties_and_show(run, campaign):
    duty = first_due(run, campaign)
    due = duty["due"]
    from datetime import date, timedelta

    later = (date.fromisoformat(due) + timedelta(days=3)).isoformat()
    ok(run("--plan", campaign, "--today", later, "mark", duty["id"], "done"))
    assert standing(run, campaign, later, duty["id"]) == ("done-late", 3)
    listing = ok(run("--plan", campaign, "--today", later, "duties", "--all"))
    assert f"{duty['id']}\t" in listing and "Hoàn thành quá hạn (3 ngày)" in listing
    shown = ok(run("--plan", campaign, "--today", later, "show", duty["id"]))
    assert "Trạng thái: Hoàn thành quá hạn (3 ngày)" in shown
    detail = json.loads(ok(run("--plan", campaign, "--today", later, "show", duty["id"], "--json")))
    assert detail["state"] == "done-late"


def test_an_open_duty_reads_in_time_then_overdue_and_a_blocked_one_is_flagged(run, campaign):
    duty = first_due(run, campaign)
    from datetime import date, timedelta

    due = date.fromisoformat(duty["due"])
    ok(run("--plan", campaign, "--today", (due - timedelta(days=5)).isoformat(), "mark", duty["id"], "doing"))
    assert standing(run, campaign, due.isoformat(), duty["id"]) == ("in-progress-on-time", None)
    assert standing(run, campaign, (due + timedelta(days=1)).isoformat(), duty["id"]) == ("in-progress-late", 1)
    ok(run("--plan", campaign, "--today", (due + timedelta(days=1)).isoformat(), "mark", duty["id"], "blocked"))
    listing = ok(run("--plan", campaign, "--today", (due + timedelta(days=2)).isoformat(), "duties", "--all"))
    assert "Vướng mắc, quá hạn (2 ngày)" in listing


CORE = ("model", "periods", "progress", "deadlines", "daily", "queries", "matching")


@pytest.mark.parametrize("module", CORE)
def test_the_core_speaks_in_codes_so_either_language_renders_it(module):
    """`--lang en` works because the core never picks words: only render/ and the CLI do."""
    path = Path(__file__).resolve().parent.parent / "sapa_propaganda" / "core" / f"{module}.py"
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
            imported.update(f"{node.module}.{alias.name}" for alias in node.names)
    assert not {name for name in imported if name.endswith("i18n") or name.startswith("render")}, imported
