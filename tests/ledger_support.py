"""Helpers for the progress-ledger tests: run `sapa` in-process or as a child process, isolated.

The ledger of a plan is the folder `<data>/<plan-id>/`: one `ledger-YYYY-MM.<origin>.toml` per
month of recording and per machine (the fake clock records on SAPA_TODAY, so in TODAY's month
unless a test says otherwise). Each tmp_path is one machine: its home holds the origin id (in
`home/.config/sapa/origin`), the lock and the derived caches.

Every run gets its own data directory, home and XDG/Windows data directories inside the test's
tmp_path, a fixed SAPA_TODAY, and (in-process) a fake clock for the `recorded` time stamps, so
no test depends on the real date or the real home.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import subprocess
import sys
import tomllib
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from sandbox import isolated_env
from typer.testing import CliRunner, Result

import sapa_propaganda.core.dates
from sapa_propaganda.cli.app import app

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
    day = sapa_propaganda.core.dates.parse_date(today)
    return datetime.combine(day, time(9, 0), ICT) + timedelta(seconds=next(_ticks))


def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def ledger_dir(tmp_path: Path, plan_id: str = PLAN_ID) -> Path:
    """The plan's ledger: a folder in the data directory named after the plan."""
    return data_dir(tmp_path) / plan_id


def month_of(day: str) -> str:
    """'2022-06' for a SAPA_TODAY-style date (the month the fake clock records in)."""
    return f"{sapa_propaganda.core.dates.parse_date(day):%Y-%m}"


def origin_of(tmp_path: Path) -> str:
    """The origin id of the machine whose home is tmp_path/home: made here if sapa has not yet."""
    path = tmp_path / "home" / ".config" / "sapa" / "origin"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(hashlib.sha256(str(tmp_path).encode()).hexdigest()[:12] + "\n", encoding="ascii")
    return path.read_text(encoding="ascii").strip()


def cache_dir(tmp_path: Path) -> Path:
    """The machine's cache folder, where sapa keeps what it derives from the data folder."""
    return tmp_path / "home" / ".cache" / "sapa"


def ledger_file(tmp_path: Path, month: str = month_of(TODAY), plan_id: str = PLAN_ID) -> Path:
    """This machine's ledger file for one month of recording (by default that of TODAY, 2022-06)."""
    return ledger_dir(tmp_path, plan_id) / f"ledger-{month}.{origin_of(tmp_path)}.toml"


def month_files(folder: Path) -> list[Path]:
    """The month files (`ledger-YYYY-MM.toml`) of a ledger folder, oldest first."""
    return sorted(folder.glob("ledger-*.toml")) if folder.is_dir() else []


def ledger_files(tmp_path: Path, plan_id: str = PLAN_ID) -> list[Path]:
    """The month files of the plan's ledger in tmp_path's data directory, oldest first."""
    return month_files(ledger_dir(tmp_path, plan_id))


def folder_events(folder: Path) -> list[dict[str, Any]]:
    """The events of every month file of a ledger folder, oldest month first."""
    return [e for path in month_files(folder) for e in events_of(path)]


def ledger_events(tmp_path: Path) -> list[dict[str, Any]]:
    """The events of every month file of the plan's ledger, oldest month first."""
    return folder_events(ledger_dir(tmp_path))


def hand_edit(path: Path, data: bytes) -> None:
    """Replace a ledger file's bytes as an editor would: a real edit changes size or mtime.

    sapa's caches are stamped with size and mtime; an edit that keeps the size within the
    file system's mtime granularity is modelled by moving the mtime on, as the clock does.
    """
    before = path.stat() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    after = path.stat()
    if before is not None and (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns):
        os.utime(path, ns=(after.st_atime_ns, after.st_mtime_ns + 1_000_000_000))


def env_for(tmp_path: Path, today: str = TODAY, lang: str = "vi") -> dict[str, str | None]:
    return isolated_env(tmp_path, data_dir(tmp_path), today, lang, columns=200)


def cli(tmp_path: Path, *args: object, today: str = TODAY, lang: str = "vi",
        input: str | None = None, clock: Any = None) -> Result:
    """Run `sapa ARGS` in-process with CliRunner; `result.stdout` and `result.stderr` are apart.
    The fake clock goes in as the root context's object, which the app builds its settings on."""
    now = clock or (lambda: fake_now(today))
    return CliRunner().invoke(app, [str(a) for a in args], env=env_for(tmp_path, today, lang),
                              input=input, catch_exceptions=False, obj=now)


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


def snapshot(tmp_path: Path) -> dict[str, bytes]:
    """Every file of the plan's ledger folder but its derived caches (`.cache/`), by name: the
    month files and the lock. Empty if the ledger does not exist yet."""
    return folder_snapshot(ledger_dir(tmp_path))


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(folder).parts}


def no_ledger_files(tmp_path: Path) -> bool:
    """No month file exists anywhere in the data directory (caches may)."""
    return not data_dir(tmp_path).exists() or not list(data_dir(tmp_path).rglob("ledger-*.toml"))


def temporaries(folder: Path) -> list[str]:
    """Temporary files left in the ledger folder or its caches."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.tmp"))


def one_line(text: str) -> str:
    """The only line of `text` (a stderr message); fails if there are more."""
    lines = text.strip("\n").splitlines()
    assert len(lines) == 1, f"expected one line, got {lines!r}"
    return lines[0]


# ---- workers for multiprocessing (must be importable by spawned children) ------------------

def mark_worker(args: tuple[str, int, int, Any]) -> list[str]:
    """Mark `count` events into the ledger folder `folder` as worker `number`; return their ids."""
    folder, number, count, barrier = args
    from sapa_propaganda.commands import actions
    from sapa_propaganda.storage.ledger import Ledger
    from sapa_propaganda.storage.plan_loader import load_plan

    plan = load_plan(PLAN_PATH)
    ledger = Ledger(Path(folder), plan.id)
    items = plan.duties
    statuses = ("todo", "doing", "done", "blocked")
    today = date(2022, 6, 20)
    if barrier is not None:
        barrier.wait()
    ids = []
    for n in range(count):
        result = actions.mark(ledger, items[(number + n) % len(items)], statuses[n % 4],
                              today=today, now=lambda: datetime.now(ICT), note=f"w{number}-{n}",
                              by=f"worker {number}")
        ids.append(result.event.id)
    return ids


# The child of the kill test: mark in a loop into the ledger folder argv[2], print each event
# id once mark has returned.
KILL_CHILD = r"""
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from sapa_propaganda.commands import actions
from sapa_propaganda.storage.ledger import Ledger
from sapa_propaganda.storage.plan_loader import load_plan

plan = load_plan(Path(sys.argv[1]))
ledger = Ledger(Path(sys.argv[2]), plan.id)
tag = sys.argv[3]
items = plan.duties
ict = timezone(timedelta(hours=7))
print("ready", flush=True)
n = 0
while True:
    result = actions.mark(ledger, items[n % len(items)], ("doing", "done")[n % 2],
                          today=date(2022, 6, 20), now=lambda: datetime.now(ict),
                          note=f"{tag}-{n} ghi chú tiếng Việt " + "x" * (n % 50), by="cron")
    print(result.event.id, flush=True)
    n += 1
"""
