"""The benchmark script runs, on a tiny size; its generator is reproducible. No timings are asserted."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bench():
    spec = importlib.util.spec_from_file_location("sapa_bench", ROOT / "bench" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["sapa_bench"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_plan_and_ledger_are_valid_and_reproducible(tmp_path):
    bench = _bench()
    from sapa_propaganda.storage.ledger import Ledger
    from sapa_propaganda.storage.plan_loader import load_plan

    first = bench.make_workspace("T", tmp_path / "a", seed=7, today=date(2026, 11, 26))
    second = bench.make_workspace("T", tmp_path / "b", seed=7, today=date(2026, 11, 26))
    plan = load_plan(first.plan)
    duties, units, events = bench.SIZES["T"]
    assert len(plan.duties) == duties
    assert len([u for u in plan.units if u.id.startswith("dv")]) == units
    assert len(Ledger(first.data / first.plan_id, first.plan_id).read_events()) == events
    assert first.plan.read_bytes() == second.plan.read_bytes()
    files_a = sorted((first.data / first.plan_id).glob("ledger-*.toml"))
    files_b = sorted((second.data / second.plan_id).glob("ledger-*.toml"))
    assert [f.read_bytes() for f in files_a] == [f.read_bytes() for f in files_b]
    other = bench.generate_plan(tmp_path / "c.toml", 20, 4, date(2026, 11, 26), random.Random("other"))
    assert other[1] != first.tasks  # another seed, other deadlines


def test_benchmark_runs_and_reports_ratios(tmp_path, capsys):
    bench = _bench()
    report = tmp_path / "bench.md"
    assert bench.main(["--sizes", "T", "--runs", "1", "--markdown", str(report)]) == 0
    text = report.read_text(encoding="utf-8")
    for command in ("status", "duties", "overdue", "reports", "remind", "mark"):
        assert re.search(rf"\| T \| `sapa {command}` \| \d+ ms \(\d+–\d+\) \| .* \| \d+\.\d\d× \|", text), command
    assert "Baseline `python -c pass`" in text
    assert "Taskwarrior" in text  # compared, or said to be skipped
    assert capsys.readouterr().out.startswith("# sapa benchmark")


def test_the_memory_cases_run_and_report_peak_rss_against_the_budget(tmp_path):
    """`--memory` at a tiny size: every command of issue 21's cases runs, with its peak RSS and
    the 150 MB budget (the real sizes, 200,000 events and a 100 MB import, take minutes)."""
    bench = _bench()
    report = tmp_path / "bench.md"
    assert bench.main(["--sizes", "T", "--runs", "1", "--memory", "--memory-events", "300",
                       "--memory-import-mb", "3", "--markdown", str(report)]) == 0
    text = report.read_text(encoding="utf-8")
    assert "## Memory: peak RSS against the budget of 150 MB" in text
    for command in ("history --json", "export --format json", "export --format csv", "status", "mark"):
        row = rf"\| 300 events \| `sapa {command}` \| \d+\.\d\d s \| (\d+ MB|n/a) \| ≤ 150 MB"
        assert re.search(row, text), command
    for command in ("import", "undo"):
        assert re.search(rf"\| \d+ MB import \([\d,]+ events\) \| `sapa {command}` \| \d+\.\d\d s \|", text), command
    assert re.search(r"import \([\d,]+ events\), after its undo \| `sapa status` \|", text)
