"""Benchmark sapa at every office's scale, against Taskwarrior, with ratios taken in one run.

    python bench/bench.py                      # sizes S, M, L; 7 runs each
    python bench/bench.py --sizes S --runs 3   # quicker
    python bench/bench.py --markdown out.md    # also write the tables as Markdown
    python bench/bench.py --sizes S --memory   # and the memory cases (200,000 events, a 100 MB import)

It generates synthetic plans and ledgers reproducibly from --seed in a temporary directory,
times whole-process runs of `sapa status`, `duties`, `overdue`, `reports`, `remind` and `mark`
(and `status --today` on past days, each run the first view of its day, before and after a mark)
with the interpreter running this script, and the same for Taskwarrior (`task overdue`, `task
list`, `task add`) on as many tasks with the same due dates, if `task` is installed (this
script installs nothing). Every figure is a median over --runs with its min–max; ratios are
taken within this one run because these machines are noisy.

Sizes: S is the bundled plan with 100 events; M 1,000 duties, 50 units, 10,000 events; L 5,000
duties, 200 units, 100,000 events; T (tiny, for the test suite) 20 duties, 4 units, 50 events.
W is a workspace: 100 active plans of 50 duties and 5 units each, added with `sapa plan add`,
each with 1,000 events over five years (5,000 duties, 100,000 events in all), read with no
--plan, so that `status`, `overdue`, `reports` and `remind` cover every plan (`duties` reads one
plan, so it is not timed; `mark` names its plan, `PLAN:ID`); Taskwarrior gets the 5,000 duties
as tasks. P is a province: 300 plans of 60 duties, 2,000 events each over five years (18,000
duties, 600,000 events), Taskwarrior given the 18,000 duties as tasks; it takes a while to build.

--memory adds the cases of issue 21, each command run once with its peak RSS against 150 MB: a plan
of 5,000 duties and 200,000 events (`history --json`, `export` as JSON and CSV, `status`, `mark`),
and an export of about 100 MB (200,000 events with long notes) imported into an office with the
same plan, then undone, then the office's status (which works out the state again).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sapa_propaganda.core.progress import Event  # noqa: E402
from sapa_propaganda.storage.ledger_format import serialize  # noqa: E402

VN = timezone(timedelta(hours=7))
SIZES = {  # duties, units, events; None duties = the bundled plan
    "T": (20, 4, 50),
    "S": (None, None, 100),
    "M": (1_000, 50, 10_000),
    "L": (5_000, 200, 100_000),
}
# Workspaces of many plans: plans, duties and units per plan, events per plan, years of events.
WORKSPACES = {
    "W": (100, 50, 5, 1_000, 5),
    "P": (300, 60, 5, 2_000, 5),  # a province's Ban Tuyên giáo: every district's plans over a term
}
LONG_NOTE = "Đã tổ chức hội nghị quán triệt, tuyên truyền trên loa truyền thanh và trang thông tin điện tử. "
SAPA_COMMANDS = [["status"], ["duties"], ["overdue"], ["reports"], ["remind"]]
# What reads a whole workspace (`duties` wants one plan); `mark` names its plan as `PLAN:ID`.
WORKSPACE_COMMANDS = [["status"], ["overdue"], ["reports"], ["remind"]]


def total_events(size: str) -> int:
    if size in WORKSPACES:
        plans, _duties, _units, events, _years = WORKSPACES[size]
        return plans * events
    return SIZES[size][2]


# ---- generating ----------------------------------------------------------------------------

def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def generate_plan(path: Path, duties: int, units: int, today: date, rng: random.Random,
                  plan_id: str | None = None, years: int = 4) -> tuple[str, list[tuple[str, date]]]:
    """A plan in the documented schema: one section per unit, duties with deadlines, reporting rules.

    It runs from 1 January `years` years before today's to the end of next year; its id is
    `plan_id`, else `bench-<duties>-<units>`. Returns the plan id and the (item id, due date) of
    every duty.
    """
    plan_id = plan_id or f"bench-{duties}-{units}"
    start, end = date(today.year - years, 1, 1), date(today.year + 1, 12, 31)
    lines = ["format = 1", "", "[plan]", f'id = "{plan_id}"',
             f"title = {_q(f'Kế hoạch thử nghiệm {duties} nhiệm vụ, {units} đơn vị')}",
             f"issuer = {_q('Ban Thường vụ Huyện ủy')}", f"start = {start}", f"end = {end}", ""]
    lines += ["[[units]]", 'id = "bch"', f"name = {_q('Ban Chấp hành')}", ""]
    for u in range(units):
        lines += ["[[units]]", f'id = "dv{u:03d}"', f"name = {_q(f'Đơn vị số {u} — phường Hàm Rồng')}",
                  f'aliases = ["DV{u:03d}"]', 'parent = "bch"', ""]
    lines += ["[[items]]", 'id = "I"', 'kind = "section"', f"title = {_q('TỔ CHỨC THỰC HIỆN')}", ""]
    per_unit = [duties // units + (1 if u < duties % units else 0) for u in range(units)]
    due_dates: list[tuple[str, date]] = []
    for u, count in enumerate(per_unit):
        lines += ["[[items]]", f'id = "I.{u + 1}"', 'kind = "section"', f"title = {_q(f'Đơn vị số {u}')}",
                  f'units = ["dv{u:03d}"]', ""]
        for d in range(count):
            due = start + timedelta(days=rng.randrange((end - start).days))
            item_id = f"I.{u + 1}.{d + 1}"
            due_dates.append((item_id, due))
            lines += ["[[items]]", f'id = "{item_id}"', 'kind = "duty"',
                      f"text = {_q(f'Tổ chức tuyên truyền nội dung số {d} về nghị quyết đại hội, đợt {u}.')}",
                      f"due = {due}", ""]
    lines += ["[reporting]", "warning_days = 7", f'first = "{start.year}-Y"', f'last = "{end.year}-Y"', "",
              "[[reporting.rules]]", 'id = "don-vi"', 'kind = "unit"',
              "units = [" + ", ".join(f'"dv{u:03d}"' for u in range(units)) + "]", 'to = ["bch"]', "",
              "[[reporting.rules.due]]", 'period = "half-year"', "month = 6", "day = 15", "",
              "[[reporting.rules.due]]", 'period = "annual"', "month = 11", "day = 15", "",
              "[[reporting.rules]]", 'id = "tong-hop"', 'kind = "consolidated"', 'units = ["bch"]', 'to = ["bch"]', "",
              "[[reporting.rules.due]]", 'period = "half-year"', "month = 6", "day = 20", "",
              "[[reporting.rules.due]]", 'period = "annual"', "month = 11", "day = 20", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return plan_id, due_dates


def generate_ledger(folder: Path, plan_id: str, targets: list[str], units: list[str], count: int, today: date,
                    rng: random.Random, years: int = 4, note_length: int = 0) -> None:
    """`count` events from 1 January `years` years before today's up to today, in the ledger's
    monthly files; `note_length`: each note that long (a long report's summary), else short."""
    first = datetime(today.year - years, 1, 1, 8, tzinfo=VN)
    span = (datetime(today.year, today.month, today.day, 8, tzinfo=VN) - first).total_seconds()
    stamps = sorted(first + timedelta(seconds=rng.random() * span) for _ in range(count))
    by_month: dict[str, list[Event]] = {}
    for recorded in stamps:
        year = recorded.year - (1 if recorded.month < 7 else 0)
        if rng.random() < 0.1 and units and year >= first.year:  # only reports the plan has someone owe
            kind, target, status = "submit", f"{rng.choice(units)}@{year}-Y", ""
        else:
            kind, target = "mark", rng.choice(targets)
            status = rng.choice(("doing", "doing", "done", "blocked"))
        note = f"Ghi chú tiến độ {rng.randrange(10**6)}"
        if note_length:
            note = (note + " — " + LONG_NOTE * (note_length // len(LONG_NOTE) + 1))[:note_length]
        event = Event(id=uuid.UUID(int=rng.getrandbits(128)).hex, recorded=recorded, date=recorded.date(),
                      kind=kind, target=target, status=status, note=note, by="van-thu", ref="")
        by_month.setdefault(f"{recorded:%Y-%m}", []).append(event)
    folder.mkdir(parents=True, exist_ok=True)
    for month, events in by_month.items():
        (folder / f"ledger-{month}.toml").write_bytes(serialize(plan_id, events))


@dataclass
class Workspace:
    name: str
    plan: Path  # a workspace of many plans (W): the folder `sapa plan add` copied them into
    data: Path
    plan_id: str  # W: the first plan's
    tasks: list[tuple[str, date]]  # W: item ids as `PLAN:ID`
    plan_ids: tuple[str, ...] = ()  # W: every plan of the workspace; empty for a single plan
    added_seconds: float = 0.0  # W: the time the `sapa plan add` runs took


def make_workspace(size: str, root: Path, seed: int, today: date) -> Workspace:
    if size in WORKSPACES:
        return make_many_plans(size, root, seed, today)
    rng = random.Random(f"{seed}-{size}")
    duties, units, events = SIZES[size]
    folder = root / size
    folder.mkdir(parents=True)
    data = folder / "data"
    if duties is None:
        from sapa_propaganda.commands.context import bundled_plan

        plan_path = folder / "plan.toml"
        shutil.copy(bundled_plan(), plan_path)
        from sapa_propaganda.storage.plan_loader import load_plan

        plan = load_plan(plan_path)
        targets = [i.id for i in plan.tracked_items]
        tasks = [(i.id, i.due or plan.end) for i in plan.duties]
        reporting = [u for r in plan.reporting.rules for u in r.units] if plan.reporting else []
        plan_id = plan.id
    else:
        plan_path = folder / "plan.toml"
        plan_id, tasks = generate_plan(plan_path, duties, units, today, rng)
        targets = [t for t, _ in tasks]
        reporting = [f"dv{u:03d}" for u in range(units)]
    generate_ledger(data / plan_id, plan_id, targets, reporting, events, today, rng)
    return Workspace(size, plan_path, data, plan_id, tasks)


def make_many_plans(size: str, root: Path, seed: int, today: date) -> Workspace:
    """A workspace of many plans, each added with `sapa plan add` as an office would, each with its
    own ledger folder DATA/<plan id>/."""
    rng = random.Random(f"{seed}-{size}")
    count, duties, units, events, years = WORKSPACES[size]
    folder = root / size
    (folder / "sources").mkdir(parents=True)
    data = folder / "data"
    plan_ids: list[str] = []
    tasks: list[tuple[str, date]] = []
    reporting = [f"dv{u:03d}" for u in range(units)]
    for number in range(count):
        source = folder / "sources" / f"plan-{number:03d}.toml"
        plan_id, due_dates = generate_plan(source, duties, units, today, rng,
                                           plan_id=f"bench-{size.lower()}{number:03d}", years=years)
        plan_ids.append(plan_id)
        tasks += [(f"{plan_id}:{item_id}", due) for item_id, due in due_dates]
        generate_ledger(data / plan_id, plan_id, [t for t, _ in due_dates], reporting, events, today, rng,
                        years=years)
    ws = Workspace(size, data / "_workspace" / "plans", data, plan_ids[0], tasks, tuple(plan_ids))
    started = time.perf_counter()
    env = sapa_env(ws)
    for number in range(count):
        source = folder / "sources" / f"plan-{number:03d}.toml"
        done = subprocess.run(sapa_command() + ["plan", "add", str(source)], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"sapa plan add {source} exited {done.returncode}: {done.stderr.strip()}")
    ws.added_seconds = time.perf_counter() - started
    added = sorted(p.parent.name for p in ws.plan.glob("*/*.toml"))  # plans/<id>/<digest>.toml
    if added != sorted(plan_ids):
        raise SystemExit(f"the workspace holds {len(added)} plans, not the {count} added")
    return ws


# ---- timing --------------------------------------------------------------------------------

@dataclass
class Timing:
    label: str
    seconds: list[float]
    peak_rss_mb: float | None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def cell(self) -> str:
        return f"{self.median * 1000:.0f} ms ({min(self.seconds) * 1000:.0f}–{max(self.seconds) * 1000:.0f})"


# Peak RSS is read in a small wrapper process: a child forked from this script would count the
# memory this script holds (the generated data) as its own.
_RSS_PROBE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and exit code of one whole process."""
    started = time.perf_counter()
    code = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return time.perf_counter() - started, code


def peak_rss_mb(argv: list[str], env: dict[str, str]) -> float | None:
    try:
        import resource  # noqa: F401 - POSIX only
    except ImportError:
        return None
    out = subprocess.run([sys.executable, "-c", _RSS_PROBE, *argv], env=env, capture_output=True, text=True)
    return int(out.stdout.strip()) / (1024 * 1024 if sys.platform == "darwin" else 1024)


def time_command(label: str, argv: list[str], env: dict[str, str], runs: int,
                 accept: tuple[int, ...] = (0,), alternate: list[str] | None = None) -> Timing:
    """`alternate`, when given, is run every other time: a `mark` repeated as it is records nothing
    (and skips the write), so a timed mark must change something each time."""
    seconds = []
    for n in range(runs):
        elapsed, code = run_once(alternate if alternate and n % 2 else argv, env)
        if code not in accept:
            raise SystemExit(f"{label}: {' '.join(argv)} exited {code}")
        seconds.append(elapsed)
    return Timing(label, seconds, peak_rss_mb(argv, env))


def machine_dir(ws: Workspace) -> Path:
    """This run's machine folders (caches, origin id, lock), beside the data: never the user's home."""
    return ws.data.parent / "machine"


def sapa_env(ws: Workspace) -> dict[str, str]:
    env = dict(os.environ, SAPA_PLAN=str(ws.plan), SAPA_DATA=str(ws.data), SAPA_LANG="vi", NO_COLOR="1",
               SAPA_CACHE=str(machine_dir(ws) / "cache"), XDG_CONFIG_HOME=str(machine_dir(ws) / "config"),
               LOCALAPPDATA=str(machine_dir(ws) / "local"))
    if ws.plan_ids:  # a workspace: no plan named, so that a read covers every active plan
        del env["SAPA_PLAN"]
    env.pop("SAPA_TODAY", None)  # both programs use the real clock, so their "overdue" agree
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure as installed: bytecode cached
    return env


def sapa_command() -> list[str]:
    """The installed `sapa` script beside this interpreter, as users run it; else `python -m`."""
    folder = Path(sys.executable).parent
    for name in ("sapa", "sapa.exe"):
        if (folder / name).exists():
            return [str(folder / name)]
    return [sys.executable, "-m", "sapa_propaganda"]


def entry_script_note() -> str:
    """Which pip wrote the `sapa` script, and whether it imports `re` before sapa starts: pip
    before 25.0 wrote one that does (about 6 ms here, paid by every command)."""
    from importlib.metadata import PackageNotFoundError, version

    script = sapa_command()[0]
    try:
        text = Path(script).read_text(encoding="utf-8", errors="replace")
        pip = version("pip")
    except (OSError, PackageNotFoundError):
        return ""
    if not text.startswith("#!"):
        return ""
    imports_re = any(line.strip() == "import re" for line in text.splitlines())
    return f", a script written by pip {pip}" + (" that imports re first (pip 25 or newer does not)"
                                                  if imports_re else "")


# A bare parse of the ledger files, as a whole process too: what a cold start is measured against.
_BARE_PARSE = ("import sys, tomllib\n"
               "for name in sys.argv[1:]:\n"
               "    with open(name, 'rb') as f:\n"
               "        tomllib.load(f)\n")


def bench_cold(ws: Workspace, runs: int) -> tuple[Timing, Timing]:
    """`sapa status` with every cache deleted first, and a bare tomllib parse of the same files."""
    sapa = sapa_command()
    env = sapa_env(ws)
    files = sorted(str(p) for plan_id in (ws.plan_ids or (ws.plan_id,))
                   for p in (ws.data / plan_id).glob("ledger-*.toml"))
    bare = time_command("tomllib parse", [sys.executable, "-c", _BARE_PARSE, *files], env, runs)
    seconds = []
    for _ in range(runs):
        shutil.rmtree(machine_dir(ws) / "cache", ignore_errors=True)
        elapsed, code = run_once(sapa + ["status"], env)
        if code != 0:
            raise SystemExit(f"cold status exited {code}")
        seconds.append(elapsed)
    return Timing("cold status", seconds, None), bare


def history_years(ws: Workspace) -> int:
    """How many years before today's the workspace's ledger begins (generate_ledger's `years`)."""
    return WORKSPACES[ws.name][4] if ws.name in WORKSPACES else 4


def past_days(ws: Workspace, today: date, count: int, shift: float = 0.0) -> list[date]:
    """`count` days spread over the ledger's history, none the same: each view of one is the first
    of its day. `shift` (0 to 1) moves them along by part of the gap between two, so that another
    series never meets this one's days."""
    first = date(today.year - history_years(ws), 1, 1)
    span = (today - first).days
    return [first + timedelta(days=int(span * (n + 1 + shift) / (count + 2))) for n in range(count)]


def bench_past(ws: Workspace, runs: int, today: date) -> dict[str, Timing]:
    """`status --today D` for a D before most of the progress, a different D each run (issue 21:
    the first view of a past day within 2x today's view); the first past view made before them
    (it builds what past views are worked out from, as the first run builds today's caches).
    Then the same after each run's `mark`, the mark not timed."""
    sapa = sapa_command()
    env = sapa_env(ws)
    days = past_days(ws, today, 2 * runs + 1)
    run_once(sapa + ["status", "--today", f"{days[-1]:%d/%m/%Y}"], env)
    results = {"past status": time_command_each("past status", [sapa + ["status", "--today", f"{d:%d/%m/%Y}"]
                                                                for d in days[:runs]], env)}
    first_id = ws.tasks[0][0]
    marks = [sapa + ["mark", first_id, "doing" if n % 2 else "todo", "--note", "bench past"] for n in range(runs)]
    results["past status after mark"] = time_command_each(
        "past status after mark", [sapa + ["status", "--today", f"{d:%d/%m/%Y}"] for d in days[runs:2 * runs]],
        env, before=marks)
    return results


def time_command_each(label: str, argvs: list[list[str]], env: dict[str, str],
                      before: list[list[str]] | None = None) -> Timing:
    """One timed run of each command; `before`: a command run untimed before each."""
    seconds = []
    for n, argv in enumerate(argvs):
        if before is not None and run_once(before[n], env)[1] != 0:
            raise SystemExit(f"{label}: {' '.join(before[n])} failed")
        elapsed, code = run_once(argv, env)
        if code != 0:
            raise SystemExit(f"{label}: {' '.join(argv)} exited {code}")
        seconds.append(elapsed)
    return Timing(label, seconds, peak_rss_mb(argvs[0], env))


def bench_sapa(ws: Workspace, runs: int) -> tuple[dict[str, Timing], float]:
    sapa = sapa_command()
    env = sapa_env(ws)
    cold_started = time.perf_counter()
    run_once(sapa + ["status"], env)  # the first run builds the caches: reported as "cold"
    cold = time.perf_counter() - cold_started
    results = {}
    for command in WORKSPACE_COMMANDS if ws.plan_ids else SAPA_COMMANDS:
        results[command[0]] = time_command(command[0], sapa + command, env, runs)
    first_id = ws.tasks[0][0]
    results["mark"] = time_command("mark", sapa + ["mark", first_id, "doing", "--note", "bench"], env, runs,
                                   alternate=sapa + ["mark", first_id, "todo", "--note", "bench"])
    return results, cold


def bench_taskwarrior(ws: Workspace, root: Path, runs: int) -> dict[str, Timing] | None:
    task = shutil.which("task")
    if task is None:
        return None
    folder = root / f"task-{ws.name}"
    (folder / "data").mkdir(parents=True)
    rc = folder / "taskrc"
    rc.write_text(f"data.location={folder / 'data'}\nconfirmation=off\nverbose=nothing\nhooks=off\n"
                  "gc=on\nrecurrence=off\n", encoding="utf-8")
    env = dict(os.environ, TASKRC=str(rc))
    with open(folder / "tasks.json", "w", encoding="utf-8") as handle:
        for number, (item_id, due) in enumerate(ws.tasks):
            handle.write(json.dumps({
                "uuid": str(uuid.UUID(int=number + 1)), "status": "pending", "entry": "20210101T000000Z",
                "description": f"{item_id} Tổ chức tuyên truyền nội dung số {number}",
                "due": due.strftime("%Y%m%dT000000Z"), "project": item_id.rsplit(".", 1)[0].replace(":", "."),
            }, ensure_ascii=False) + "\n")
    subprocess.run([task, "import", str(folder / "tasks.json")], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    accept = (0, 1)  # task exits 1 when a report is empty
    return {
        "overdue": time_command("task overdue", [task, "overdue"], env, runs, accept),
        "list": time_command("task list", [task, "list"], env, runs, accept),
        "add": time_command("task add", [task, "add", "Báo cáo thử", "due:2030-01-01"], env, runs, accept),
    }


# ---- memory: bounded by the output, not the history -------------------------------------------
# Issue 21: history, export and import stream, peak RSS within 150 MB at 200,000 events and for a
# 100 MB import; the undo of an import does not load the whole ledger twice. Each command runs
# once (a write cannot run twice the same), timed and measured in the wrapper process.

RSS_BUDGET_MB = 150  # issue 21: peak RSS everywhere, the memory cases included
IMPORT_NOTE_LENGTH = 170  # a JSON export of such events takes about 480 bytes each


def measure_once(label: str, argv: list[str], env: dict[str, str]) -> Timing:
    """One run of a whole process, its wall time and peak RSS (in the wrapper, as peak_rss_mb)."""
    try:
        import resource  # noqa: F401 - POSIX only
    except ImportError:
        elapsed, code = run_once(argv, env)
        rss = None
    else:
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", _RSS_PROBE_CODE, *argv], env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        code, kb = (int(x) for x in out.stdout.split())
        rss = kb / (1024 * 1024 if sys.platform == "darwin" else 1024)
    if code != 0:
        raise SystemExit(f"{label}: {' '.join(argv)} exited {code}")
    return Timing(label, [elapsed], rss)


_RSS_PROBE_CODE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def one_plan(root: Path, name: str, events: int, seed: int, today: date, note_length: int = 0) -> Workspace:
    """A plan of 5,000 duties and 200 units with `events` events over four years, in `root/name`."""
    rng = random.Random(f"{seed}-{name}")
    folder = root / name
    folder.mkdir(parents=True)
    plan_id, tasks = generate_plan(folder / "plan.toml", 5_000, 200, today, rng)
    generate_ledger(folder / "data" / plan_id, plan_id, [t for t, _ in tasks], [f"dv{u:03d}" for u in range(200)],
                    events, today, rng, note_length=note_length)
    return Workspace(name, folder / "plan.toml", folder / "data", plan_id, tasks)


def bench_memory(root: Path, seed: int, today: date, events: int, import_mb: float) -> list[tuple[str, Timing]]:
    """The cases of issue 21: a plan of `events` events read and written; an export of about
    `import_mb` MB imported into an office that has the plan, then undone."""
    sapa = sapa_command()
    rows: list[tuple[str, Timing]] = []
    big = one_plan(root, "memory-events", events, seed, today)
    env = sapa_env(big)
    run_once(sapa + ["status"], env)  # the caches, as every day
    out = root / "memory-events.out"
    case = f"{events:,} events"
    for label, argv in (("history --json", ["history", "--json"]),
                        ("export --format json", ["export", "--format", "json", "-o", str(out) + ".json"]),
                        ("export --format csv", ["export", "--format", "csv", "-o", str(out) + ".csv"]),
                        ("status", ["status"]),
                        ("history (plain)", ["history"]),
                        ("past status, a year back", ["--today", (today - timedelta(days=365)).isoformat(), "status"]),
                        ("the same past status again", ["--today", (today - timedelta(days=365)).isoformat(),
                                                        "status"]),
                        ("past status, another day", ["--today", (today - timedelta(days=800)).isoformat(),
                                                      "status"]),
                        ("mark", ["mark", big.tasks[0][0], "doing", "--note", "bench"])):
        rows.append((case, measure_once(label, sapa + argv, env)))
    count = max(1, round((import_mb * 1_000_000 - 2_500_000) / 480))  # the state of 5,000 duties: 2.5 MB
    source = one_plan(root, "memory-source", count, seed, today, note_length=IMPORT_NOTE_LENGTH)
    export = root / "memory-source.json"
    done = subprocess.run(sapa + ["export", "--format", "json", "-o", str(export)], env=sapa_env(source),
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"export of the import's source exited {done.returncode}: {done.stderr.strip()}")
    target = Workspace("memory-target", source.plan, root / "memory-target" / "data", source.plan_id, source.tasks)
    target.data.mkdir(parents=True)
    env = sapa_env(target)
    case = f"{export.stat().st_size / 1_000_000:.0f} MB import ({count:,} events)"
    rows.append((case, measure_once("import", sapa + ["import", str(export)], env)))
    rows.append((case, measure_once("undo", sapa + ["undo"], env)))  # the import, taken back
    rows.append((case + ", after its undo", measure_once("status", sapa + ["status"], env)))  # works the state out
    return rows


def memory_table(rows: list[tuple[str, Timing]]) -> list[str]:
    lines = [f"## Memory: peak RSS against the budget of {RSS_BUDGET_MB} MB (one run each)", "",
             "| case | command | time | peak RSS | budget |", "|---|---|---|---|---|"]
    for case, timing in rows:
        rss = timing.peak_rss_mb
        verdict = "n/a" if rss is None else ("✓" if rss <= RSS_BUDGET_MB else "✗")
        lines.append(f"| {case} | `sapa {timing.label}` | {timing.median:.2f} s | "
                     f"{f'{rss:.0f} MB' if rss is not None else 'n/a'} | ≤ {RSS_BUDGET_MB} MB {verdict} |")
    return lines


# ---- reporting -----------------------------------------------------------------------------

READS = ("status", "remind", "overdue", "reports")
PAST_SIZES = ("S", "L", "W", "P")  # where a past view is timed against today's (issue 21: within 2x)


def _budgets(size: str, sapa: dict[str, Timing], task: dict[str, Timing] | None,
             base: Timing) -> list[tuple[str, Timing, Timing, float]]:
    """Issue 21's budgets, each a ratio within this run: at L and W every read ≤ 1.0× `task overdue`
    and `mark` ≤ 1.0× `task add`; at P the reads; the first view of a past day (`status --today`, before
    and after a mark) ≤ 2× today's `status` at S, L, W and P; a cold start ≤ 1.5× a bare tomllib parse of the
    same ledger files; and the bundled plan's status ≤ 3× `python -c pass`."""
    found: list[tuple[str, Timing, Timing, float]] = []
    if size == "S":
        found.append(("`sapa status` / `python -c pass`", sapa["status"], base, 3.0))
    if size in ("L", "W", "P") and task:
        found += [(f"`sapa {name}` / `task overdue`", sapa[name], task["overdue"], 1.0) for name in READS]
        if size != "P":
            found.append(("`sapa mark` / `task add`", sapa["mark"], task["add"], 1.0))
    if size in PAST_SIZES:
        found += [(f"`sapa {name}` (a day not viewed before) / `sapa status`", sapa[name], sapa["status"], 2.0)
                  for name in ("past status", "past status after mark") if name in sapa]
    if size in ("L", "W", "P"):
        found.append(("cold `sapa status` (no caches) / bare tomllib parse of the ledger files",
                      sapa["cold status"], sapa["tomllib parse"], 1.5))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated: T, S, M, L, W, P")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--markdown", type=Path, help="also write the tables to this Markdown file")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--memory", action="store_true",
                        help="also the memory cases of issue 21 (a plan of 200,000 events, a 100 MB import); slow")
    parser.add_argument("--memory-events", type=int, default=200_000, help=argparse.SUPPRESS)
    parser.add_argument("--memory-import-mb", type=float, default=100.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES and s not in WORKSPACES]
    if unknown:
        parser.error(f"unknown size {unknown[0]}; choose from {', '.join([*SIZES, *WORKSPACES])}")

    today = datetime.now(VN).date()
    root = Path(tempfile.mkdtemp(prefix="sapa-bench-"))
    out: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    try:
        base = time_command("python -c pass", [sys.executable, "-c", "pass"], dict(os.environ), args.runs)
        say(f"# sapa benchmark — {datetime.now(VN):%Y-%m-%d %H:%M} +07:00, Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPUs, {args.runs} runs per figure, seed {args.seed}")
        say()
        say(f"Baseline `python -c pass`: {base.cell()}; sapa runs as `{' '.join(sapa_command())}`"
            f"{entry_script_note()}")
        if shutil.which("task") is None:
            say("Taskwarrior (`task`) is not installed: its comparison is skipped (this script installs nothing).")
        rows: dict[str, tuple[dict[str, Timing], float, dict[str, Timing] | None, Workspace]] = {}
        for size in sizes:
            started = time.perf_counter()
            ws = make_workspace(size, root, args.seed, today)
            generated = time.perf_counter() - started
            sapa, cold = bench_sapa(ws, args.runs)
            task = bench_taskwarrior(ws, root, args.runs)
            if size in PAST_SIZES:
                sapa.update(bench_past(ws, args.runs, today))
            sapa["cold status"], sapa["tomllib parse"] = bench_cold(ws, max(3, args.runs // 2))
            rows[size] = (sapa, cold, task, ws)
            plans = (f"{len(ws.plan_ids)} plans added with `sapa plan add` in {ws.added_seconds:.1f} s, "
                     if ws.plan_ids else "")
            say(f"Size {size}: {plans}{len(ws.tasks)} duties, {total_events(size):,} events, generated in "
                f"{generated:.1f} s; first run after generation (builds caches): {cold * 1000:.0f} ms")
        say()
        say("## Whole-process times (median, min–max) and peak RSS")
        say()
        say("| size | command | sapa | peak RSS | ratio to `python -c pass` |")
        say("|---|---|---|---|---|")
        for size, (sapa, _cold, _task, _ws) in rows.items():
            for name, timing in sapa.items():
                if name == "tomllib parse":
                    continue
                rss = f"{timing.peak_rss_mb:.0f} MB" if timing.peak_rss_mb else "n/a"
                say(f"| {size} | `sapa {name}` | {timing.cell()} | {rss} | {timing.median / base.median:.2f}× |")
        say()
        say("## Budgets (ratios taken in this one run)")
        say()
        say("| size | figure | measured | ratio | budget |")
        say("|---|---|---|---|---|")
        for size, (sapa, _cold, task, _ws) in rows.items():
            for label, ours, theirs, budget in _budgets(size, sapa, task, base):
                ratio = ours.median / theirs.median
                say(f"| {size} | {label} | {ours.median * 1000:.0f} ms / {theirs.median * 1000:.0f} ms | "
                    f"{ratio:.2f}× | ≤ {budget}× {'✓' if ratio <= budget else '✗'} |")
            peak = max((t.peak_rss_mb or 0.0, n) for n, t in sapa.items() if n != "tomllib parse")
            if peak[0]:
                say(f"| {size} | peak RSS (`sapa {peak[1]}`, the largest) | {peak[0]:.0f} MB | | "
                    f"≤ {RSS_BUDGET_MB} MB {'✓' if peak[0] <= RSS_BUDGET_MB else '✗'} |")
            if task and "mark" in sapa and size != "S":
                # What no Python program can go below: the interpreter's start, against `task add`.
                say(f"| {size} | (floor: `python -c pass` / `task add`) | {base.median * 1000:.0f} ms / "
                    f"{task['add'].median * 1000:.0f} ms | {base.median / task['add'].median:.2f}× | |")
        if any(task for _s, _c, task, _w in rows.values()):
            say()
            say("## Against Taskwarrior on the same number of tasks (ratio sapa / task, same run)")
            say()
            say("| size | sapa | task | sapa / task |")
            say("|---|---|---|---|")
            pairs = [("overdue", "overdue"), ("remind", "overdue"), ("reports", "overdue"), ("duties", "list"),
                     ("status", "overdue"), ("mark", "add")]
            for size, (sapa, _cold, task, _ws) in rows.items():
                if not task:
                    continue
                for ours, theirs in pairs:
                    if ours not in sapa:  # `duties` on a workspace
                        continue
                    say(f"| {size} | `sapa {ours}` {sapa[ours].cell()} | `task {theirs}` {task[theirs].cell()} | "
                        f"{sapa[ours].median / task[theirs].median:.2f}× |")
        if len(rows) > 1:
            say()
            say("## Growth with the ledger (median ms; events: " +
                ", ".join(f"{s} {total_events(s):,}" for s in rows) + ")")
            say()
            say("| command | " + " | ".join(rows) + " |")
            say("|---|" + "---|" * len(rows))
            for name in [c[0] for c in SAPA_COMMANDS] + ["mark", "past status", "past status after mark",
                                                          "cold status"]:
                say(f"| `{name}` | " + " | ".join(f"{r[0][name].median * 1000:.0f}" if name in r[0] else "—"
                                                  for r in rows.values()) + " |")
        if args.memory:
            say()
            for line in memory_table(bench_memory(root, args.seed, today, args.memory_events, args.memory_import_mb)):
                say(line)
        if args.markdown:
            args.markdown.write_text("\n".join(out) + "\n", encoding="utf-8")
        return 0
    finally:
        if args.keep:
            print(f"generated files kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
