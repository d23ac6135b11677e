"""Helpers for the progress-ledger tests: run `sapa` in-process or as a child process, isolated.

Every run gets its own data directory, home and XDG/Windows data directories inside the test's
tmp_path, a fixed SAPA_TODAY, and (in-process) a fake clock for the `recorded` time stamps, so
no test depends on the real date or the real home.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tomllib
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

from typer.testing import CliRunner, Result

import sapa_propaganda.dates
from sapa_propaganda.cli import app

ROOT = Path(__file__).resolve().parent.parent
PLAN_ID = "sa-pa-2021-tuyen-truyen-dai-hoi-xiii"
PLAN_PATH = ROOT / "plans" / f"{PLAN_ID}.toml"
TODAY = "2022-06-20"
ICT = timezone(timedelta(hours=7))

# Recorded times advance one second per call, whatever "today" a test pretends, so that the
# order of events is the order of the calls.
_ticks = itertools.count()


def fake_now(today: str) -> datetime:
    """09:00 at +07:00 on `today`, plus one second for every call made so far."""
    day = sapa_propaganda.dates.parse_date(today)
    return datetime.combine(day, time(9, 0), ICT) + timedelta(seconds=next(_ticks))


def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def ledger_file(tmp_path: Path) -> Path:
    return data_dir(tmp_path) / f"{PLAN_ID}.ledger.toml"


def env_for(tmp_path: Path, today: str = TODAY, lang: str = "vi") -> dict[str, str | None]:
    home = tmp_path / "home"
    return {
        "SAPA_DATA": str(data_dir(tmp_path)),
        "SAPA_TODAY": today,
        "SAPA_LANG": lang,
        "SAPA_PLAN": None,
        "NO_COLOR": "1",
        "HOME": str(home),
        "USERPROFILE": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "COLUMNS": "200",
    }


def cli(tmp_path: Path, *args: object, today: str = TODAY, lang: str = "vi",
        input: str | None = None, clock: Any = None) -> Result:
    """Run `sapa ARGS` in-process with CliRunner; `result.stdout` and `result.stderr` are apart."""
    now = clock or (lambda tz_name=None: fake_now(today))
    with mock.patch.object(sapa_propaganda.dates, "now", now):
        return CliRunner().invoke(app, [str(a) for a in args], env=env_for(tmp_path, today, lang),
                                  input=input, catch_exceptions=False)


def subprocess_env(tmp_path: Path, today: str = TODAY, lang: str = "vi") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
    for key, value in env_for(tmp_path, today, lang).items():
        if value is not None:
            env[key] = value
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_sapa(tmp_path: Path, *args: object, today: str = TODAY, lang: str = "vi",
             timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `python -m sapa_propaganda ARGS` as a child process."""
    return subprocess.run([sys.executable, "-m", "sapa_propaganda", *map(str, args)],
                          env=subprocess_env(tmp_path, today, lang), capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout, cwd=tmp_path)


def read_toml(path: Path) -> dict[str, Any]:
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def events_of(path: Path) -> list[dict[str, Any]]:
    return read_toml(path).get("events", [])


def snapshot(path: Path) -> bytes | None:
    """The ledger's bytes, or None if it does not exist."""
    return path.read_bytes() if path.exists() else None


def one_line(text: str) -> str:
    """The only line of `text` (a stderr message); fails if there are more."""
    lines = text.strip("\n").splitlines()
    assert len(lines) == 1, f"expected one line, got {lines!r}"
    return lines[0]


# ---- workers for multiprocessing (must be importable by spawned children) ------------------

def mark_worker(args: tuple[str, int, int, Any]) -> list[str]:
    """Mark `count` events into the ledger at `path` as worker `number`; return their ids."""
    path, number, count, barrier = args
    from sapa_propaganda import actions
    from sapa_propaganda.plan_loader import load_plan

    plan = load_plan(PLAN_PATH)
    items = plan.duties
    statuses = ("todo", "doing", "done", "blocked")
    today = date(2022, 6, 20)
    if barrier is not None:
        barrier.wait()
    ids = []
    for n in range(count):
        result = actions.mark(plan, Path(path), items[(number + n) % len(items)], statuses[n % 4],
                              today=today, now=datetime.now(ICT), note=f"w{number}-{n}",
                              by=f"worker {number}")
        ids.append(result.event.id)
    return ids


# The child of the kill test: mark in a loop, print each event id once mark has returned.
KILL_CHILD = r"""
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from sapa_propaganda import actions
from sapa_propaganda.plan_loader import load_plan

plan = load_plan(Path(sys.argv[1]))
path = Path(sys.argv[2])
tag = sys.argv[3]
items = plan.duties
ict = timezone(timedelta(hours=7))
print("ready", flush=True)
n = 0
while True:
    result = actions.mark(plan, path, items[n % len(items)], ("doing", "done")[n % 2],
                          today=date(2022, 6, 20), now=datetime.now(ict),
                          note=f"{tag}-{n} ghi chú tiếng Việt " + "x" * (n % 50), by="cron")
    print(result.event.id, flush=True)
    n += 1
"""
