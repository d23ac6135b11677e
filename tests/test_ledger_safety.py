"""The ledger is the one thing the office cannot recreate: concurrent writers, a writer killed at
any moment, and a damaged or hand-edited month file must never lose or corrupt an event; the
derived caches beside the month files must never hide an edit or a damage."""

from __future__ import annotations

import json
import multiprocessing
import random
import re
import signal
import subprocess
import sys
import threading
import time
import tomllib
from datetime import date, datetime

import pytest
from ledger_support import (
    ICT,
    KILL_CHILD,
    PLAN_ID,
    PLAN_PATH,
    ROOT,
    TODAY,
    cache_dir,
    cli,
    data_dir,
    folder_events,
    hand_edit,
    ledger_dir,
    ledger_events,
    ledger_file,
    ledger_files,
    mark_worker,
    month_files,
    month_of,
    one_line,
    read_toml,
    snapshot,
    subprocess_env,
    temporaries,
)

from sapa_propaganda.commands import actions
from sapa_propaganda.core.progress import build_state
from sapa_propaganda.errors import LedgerError
from sapa_propaganda.storage import ledger_format, safe_files
from sapa_propaganda.storage.ledger import Ledger, segment_month
from sapa_propaganda.storage.plan_loader import load_plan

WORKERS = 8
MARKS_PER_WORKER = 50


# ---- what the files say, read without sapa's caches -----------------------------------------

def parsed_from_files(folder):
    """Every event of the month files, parsed from their bytes by sapa's own parser (no cache)."""
    events = []
    for path in month_files(folder):
        events += ledger_format.parse_ledger(path.read_bytes(), str(path), PLAN_ID)
    return events


def assert_caches_agree_with_the_files(folder):
    """What sapa reads through its caches is what the files hold."""
    from_files = parsed_from_files(folder)
    reader = Ledger(folder, PLAN_ID)
    assert sorted(e.id for e in reader.read_events()) == sorted(e.id for e in from_files)
    cached, rebuilt = reader.state(), build_state(from_files)
    for target in {e.target for e in from_files if e.kind != "undo"} | {"III.1.1", "khong-co"}:
        assert cached.of(target) == rebuilt.of(target), target
        assert cached.status_of(target) == rebuilt.status_of(target), target
    assert cached.undone == rebuilt.undone


def assert_each_event_in_the_file_of_its_month(folder):
    for path in month_files(folder):
        data = read_toml(path)
        assert data["format"] == 1 and data["plan"] == PLAN_ID, path
        for event in data.get("events", []):
            assert segment_month(path.name) == f"{event['recorded'].astimezone(ICT):%Y-%m}", (path, event)


# ---- concurrency ---------------------------------------------------------------------------

def test_concurrent_writers_lose_nothing(tmp_path):
    folder = ledger_dir(tmp_path)
    context = multiprocessing.get_context("spawn")
    barrier = context.Manager().Barrier(WORKERS)
    started = time.monotonic()
    with context.Pool(WORKERS) as pool:
        returned = pool.map(mark_worker, [(str(folder), n, MARKS_PER_WORKER, barrier)
                                          for n in range(WORKERS)])
    elapsed = time.monotonic() - started
    acknowledged = [event_id for ids in returned for event_id in ids]
    events = folder_events(folder)
    ids = [e["id"] for e in events]
    expected = WORKERS * MARKS_PER_WORKER
    print(f"\nconcurrency: {len(events)}/{expected} events present, {len(set(ids))} unique, "
          f"{elapsed:.2f} s wall for {WORKERS} processes x {MARKS_PER_WORKER} marks, "
          f"in {len(month_files(folder))} month file(s)")
    assert len(acknowledged) == expected
    assert len(ids) == expected
    assert len(set(ids)) == expected
    assert set(ids) == set(acknowledged)
    notes = {e["note"] for e in events}
    assert notes == {f"w{w}-{n}" for w in range(WORKERS) for n in range(MARKS_PER_WORKER)}
    assert month_files(folder)
    assert_each_event_in_the_file_of_its_month(folder)
    # No temporary file is left behind by writers that finished normally, caches included.
    assert temporaries(data_dir(tmp_path)) == []
    # The caches the writers kept up to date describe the files.
    assert_caches_agree_with_the_files(folder)
    # And the CLI reads the result.
    assert f"Số sự kiện: {expected}" in cli(tmp_path, "info").stdout


def test_lock_is_exclusive(tmp_path):
    lock = ledger_dir(tmp_path) / "ledger"
    with safe_files.locked(lock):
        assert (ledger_dir(tmp_path) / "ledger.lock").is_file()
        started = time.monotonic()
        with pytest.raises(LedgerError) as caught:
            with safe_files.locked(lock, timeout=0.2):
                pass  # pragma: no cover
        assert time.monotonic() - started >= 0.2
    assert caught.value.key == "ledger_locked"
    with safe_files.locked(lock, timeout=0.2):  # released again
        pass


def test_a_write_waits_for_the_ledger_lock_and_reads_the_clock_inside_it(tmp_path):
    """Writers on one machine take one lock for the ledger; `now` is called once it is held."""
    plan = load_plan(PLAN_PATH)
    folder = ledger_dir(tmp_path)
    called_at = []

    def clock():
        called_at.append(time.monotonic())
        return datetime.now(ICT)

    results = []
    writer = threading.Thread(target=lambda: results.append(actions.mark(
        Ledger(folder, PLAN_ID), plan.item("III.1.2"), "done", today=date(2022, 6, 20),
        now=clock, note="sau khóa")))
    with safe_files.locked(Ledger(folder, PLAN_ID).lock_path()):
        writer.start()
        time.sleep(0.3)
        assert writer.is_alive() and results == [] and called_at == []
        assert ledger_files(tmp_path) == []
        released = time.monotonic()
    writer.join(timeout=30)
    assert not writer.is_alive()
    [result] = results
    assert called_at and called_at[0] >= released
    assert [e["id"] for e in ledger_events(tmp_path)] == [result.event.id]


# ---- killed writers ------------------------------------------------------------------------

KILLS = 20


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")
def test_writer_killed_at_random_moments_loses_no_acknowledged_event(tmp_path):
    folder = ledger_dir(tmp_path)
    env = subprocess_env(tmp_path)
    rng = random.Random(20220620)
    acknowledged: list[str] = []
    written_before_kill = []
    started = time.monotonic()
    for round_number in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", KILL_CHILD, str(PLAN_PATH), str(folder), f"r{round_number}"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        assert child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, err.decode()
        # An id printed in full (with its newline) was acknowledged: mark had returned.
        lines = out.decode().split("\n")
        complete = [line for line in lines[:-1] if line]
        acknowledged += complete
        written_before_kill.append(len(complete))
        # After every kill every month file parses and they hold every acknowledged id.
        present = []
        for path in month_files(folder):
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
            assert data["format"] == 1 and data["plan"] == PLAN_ID
            present += [e["id"] for e in data.get("events", [])]
        missing = set(acknowledged) - set(present)
        assert not missing, f"round {round_number}: {len(missing)} acknowledged events lost"
        assert len(present) == len(set(present))
        # sapa's own parser agrees, so the next write would not be refused; and the caches a
        # killed writer may have left behind do not hide or invent anything.
        assert len(parsed_from_files(folder)) == len(present)
        assert_caches_agree_with_the_files(folder)
    elapsed = time.monotonic() - started
    stray = temporaries(folder)
    events = ledger_events(tmp_path)
    all_present = set(acknowledged) <= {e["id"] for e in events}
    print(f"\nkill test: {KILLS} kills, {len(acknowledged)} acknowledged events "
          f"(per round {written_before_kill}), {len(events)} in the ledger, all acknowledged "
          f"present: {all_present}, stray temp files: {len(stray)} {stray}, {elapsed:.1f} s")
    assert len(acknowledged) > 0
    assert all_present
    assert_each_event_in_the_file_of_its_month(folder)
    # Stray temporary files (if a kill hit between write and rename) break nothing.
    result = cli(tmp_path, "mark", "III.1.2", "xong", "--note", "sau khi bị ngắt")
    assert result.exit_code == 0, result.stderr
    assert cli(tmp_path, "history", "III.1.2").exit_code == 0
    assert len(ledger_events(tmp_path)) == len(events) + 1
    # The next write cleared the ledger's own stray temporaries.
    assert [name for name in temporaries(folder) if not name.startswith(".cache")] == []
    assert_caches_agree_with_the_files(folder)


def test_stray_temporary_files_break_nothing(tmp_path):
    assert cli(tmp_path, "mark", "III.1.1", "dang").exit_code == 0
    path = ledger_file(tmp_path)
    folder = path.parent
    # What a writer killed between its write and its rename leaves behind: this machine's own
    # beside its month file, another machine's beside its file, and among the caches.
    ours = path.with_name(f".{path.name}.0123456789ab.tmp")
    theirs = folder / ".ledger-2022-06.fedcba987654.toml.0123456789ab.tmp"
    for stray in (ours, theirs):
        stray.write_bytes(b"format = 1\n[[events]\ngarbage")
    cached = next(p for p in cache_dir(tmp_path).rglob("state"))
    cached.with_name(".state.0123456789ab.tmp").write_bytes(b"garbage")
    (folder / "ghi-chu.txt").write_text("không liên quan", encoding="utf-8")
    result = cli(tmp_path, "mark", "III.1.1", "xong")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("III.1.1: Đang thực hiện → Hoàn thành")
    assert len(ledger_events(tmp_path)) == 2
    assert cli(tmp_path, "history").exit_code == 0
    assert cli(tmp_path, "undo").exit_code == 0
    assert (folder / "ghi-chu.txt").read_text(encoding="utf-8") == "không liên quan"
    assert ledger_files(tmp_path) == [path]
    # Ours is cleared under our lock; another machine may still be writing its own.
    assert not ours.exists() and theirs.exists()


def test_unreadable_or_foreign_caches_are_rebuilt_never_trusted(tmp_path):
    assert cli(tmp_path, "mark", "III.1.1", "dang", "--note", "một").exit_code == 0
    assert cli(tmp_path, "mark", "III.1.2", "xong", "--note", "hai").exit_code == 0
    assert cli(tmp_path, "duties").exit_code == 0
    assert cli(tmp_path, "history").exit_code == 0
    caches = sorted(p for p in cache_dir(tmp_path).rglob("*") if p.is_file())
    assert len(caches) >= 4  # the plan and its index, the month file's events, the state
    for cache in caches:
        cache.write_bytes(b"\x80\x04 not a cache")
    before = snapshot(tmp_path)
    shown = cli(tmp_path, "show", "III.1.2", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert '"status": "done"' in shown.stdout
    assert "Đang thực hiện" in cli(tmp_path, "duties").stdout
    assert snapshot(tmp_path) == before
    # A cache copied from another machine's ledger (stamped for other files) is not used either.
    other = tmp_path / "other"
    assert cli(other, "mark", "III.1.2", "vuong").exit_code == 0
    assert cli(other, "duties").exit_code == 0
    [ours] = cache_dir(tmp_path).rglob("ledgers/*/state")
    [theirs] = cache_dir(other).rglob("ledgers/*/state")
    ours.write_bytes(theirs.read_bytes())
    assert '"status": "done"' in cli(tmp_path, "show", "III.1.2", "--json").stdout
    assert_caches_agree_with_the_files(ledger_dir(tmp_path))


# ---- damaged or hand-edited ledgers --------------------------------------------------------

def good_ledger(tmp_path, today=TODAY):
    """Three marks recorded on `today`; the bytes of that month's file, which holds them all."""
    for args in (["III.1.1", "dang", "--note", "một"], ["III.1.2", "xong", "--note", "hai"],
                 ["III.2.1", "vuong", "--note", "ba"]):
        assert cli(tmp_path, "mark", *args, today=today).exit_code == 0
    [path] = ledger_files(tmp_path)
    assert path == ledger_file(tmp_path, month_of(today))
    return path.read_bytes()


def line_number(text: str, needle: str) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, hits
    return hits[0]


def damage(raw: bytes, how: str) -> tuple[bytes, int | None]:
    """The damaged bytes, and the line the message must name (None: any line)."""
    text = raw.decode("utf-8")
    if how == "truncated":
        cut = text.index('note = "hai"') + len('note = "h')
        return raw[: len(text[:cut].encode("utf-8"))], text[:cut].count("\n") + 1
    if how == "truncated-header":
        cut = text.index("[[events]]", text.index('note = "một"')) + 5
        return text[:cut].encode("utf-8"), text[:cut].count("\n") + 1
    if how == "garbage-line":
        line = line_number(text, 'note = "hai"')
        return text.replace('note = "hai"', 'note = "hai" @@@ rác', 1).encode("utf-8"), line
    if how == "unknown-status":
        line = line_number(text, 'status = "done"')
        return text.replace('status = "done"', 'status = "finished"', 1).encode("utf-8"), line
    if how == "unknown-kind":
        lines = text.splitlines(keepends=True)
        index = [n for n, line in enumerate(lines) if line.startswith('kind = "mark"')][1]
        lines[index] = 'kind = "delete"\n'
        return "".join(lines).encode("utf-8"), index + 1
    if how == "bad-date":
        line = line_number(text, 'note = "ba"')
        lines = text.splitlines(keepends=True)
        date_index = max(n for n in range(line) if lines[n].startswith("date = "))
        lines[date_index] = 'date = "hôm qua"\n'
        return "".join(lines).encode("utf-8"), date_index + 1
    if how == "unknown-key":
        text = text.replace('note = "một"', 'note = "một"\nghi_chu = "thêm"', 1)
        return text.encode("utf-8"), line_number(text, "ghi_chu")
    if how == "duplicate-id":
        ids = re.findall(r'^id = "(\w+)"', text, flags=re.M)
        text = text.replace(ids[2], ids[0])
        return text.encode("utf-8"), [n for n, line in enumerate(text.splitlines(), 1)
                                      if line == f'id = "{ids[0]}"'][1]
    if how == "not-utf8":
        index = raw.index(b"hai")
        return raw[:index] + b"\xff\xfe" + raw[index:], raw[:index].count(b"\n") + 1
    if how == "empty":
        return b"", 1
    if how == "no-format":
        return text.replace("format = 1\n", "", 1).encode("utf-8"), None
    if how == "format-string":
        text = text.replace("format = 1", 'format = "1"', 1)
        return text.encode("utf-8"), line_number(text, "format =")
    raise AssertionError(how)


DAMAGES = ["truncated", "truncated-header", "garbage-line", "unknown-status", "unknown-kind",
           "bad-date", "unknown-key", "duplicate-id", "not-utf8", "empty", "no-format",
           "format-string"]


@pytest.mark.parametrize("how", DAMAGES)
def test_damaged_ledger_is_reported_with_file_and_line_and_never_written(tmp_path, how):
    raw, line = damage(good_ledger(tmp_path), how)
    path = ledger_file(tmp_path)
    hand_edit(path, raw)
    before = snapshot(tmp_path)
    assert before[path.name] == raw
    for command in (["mark", "III.1.3", "xong"], ["undo"], ["mark", "III.1.3", "xong", "--note", "x"]):
        result = cli(tmp_path, *command)
        assert result.exit_code != 0
        assert result.stdout == ""
        message = one_line(result.stderr)
        assert "Traceback" not in message
        assert re.search(re.escape(str(path)) + r":\d+", message), message
        if line is not None:
            assert f"{path}:{line}" in message, message
        assert snapshot(tmp_path) == before
    # Reading commands refuse it too, without a traceback, whether they read the history or
    # only the (cached) state.
    for command in (["history"], ["duties"], ["show", "III.1.2"]):
        result = cli(tmp_path, *command)
        assert result.exit_code != 0 and str(path) in one_line(result.stderr), command
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("how", ["truncated", "unknown-status", "duplicate-id", "empty"])
def test_damage_in_an_earlier_month_refuses_writes_to_the_current_one(tmp_path, how):
    """A write goes to this month's file only, but a damaged May file still stops it."""
    may = ledger_file(tmp_path, "2022-05")
    raw, line = damage(good_ledger(tmp_path, today="2022-05-20"), how)
    assert cli(tmp_path, "mark", "III.4.1", "dang").exit_code == 0  # June
    assert ledger_files(tmp_path) == [may, ledger_file(tmp_path)]
    hand_edit(may, raw)
    before = snapshot(tmp_path)
    for command in (["mark", "III.1.3", "xong"], ["undo"], ["history"], ["duties"], ["info"]):
        result = cli(tmp_path, *command)
        assert result.exit_code != 0, command
        assert result.stdout == ""
        message = one_line(result.stderr)
        assert f"{may}:{line}" in message, message
        assert snapshot(tmp_path) == before
    assert ledger_files(tmp_path) == [may, ledger_file(tmp_path)]


def test_damaged_ledger_message_in_english(tmp_path):
    raw, line = damage(good_ledger(tmp_path), "unknown-status")
    hand_edit(ledger_file(tmp_path), raw)
    result = cli(tmp_path, "mark", "III.1.3", "xong", lang="en")
    message = one_line(result.stderr)
    assert f"{ledger_file(tmp_path)}:{line}" in message
    assert "finished" in message and "nothing was written" in message


def test_newer_format_is_refused_and_untouched(tmp_path):
    raw = good_ledger(tmp_path).replace(b"format = 1", b"format = 99", 1)
    path = ledger_file(tmp_path)
    hand_edit(path, raw)
    before = snapshot(tmp_path)
    for command in (["mark", "III.1.3", "xong"], ["undo"], ["history"], ["duties"]):
        result = cli(tmp_path, *command)
        assert result.exit_code != 0
        message = one_line(result.stderr)
        assert str(path) in message and "99" in message
        assert snapshot(tmp_path) == before


def test_ledger_of_another_plan_in_the_data_dir_is_refused(tmp_path):
    raw = good_ledger(tmp_path).replace(PLAN_ID.encode(), b"ke-hoach-khac", 1)
    path = ledger_file(tmp_path)
    hand_edit(path, raw)
    before = snapshot(tmp_path)
    for command in (["mark", "III.1.3", "xong"], ["history"]):
        result = cli(tmp_path, *command)
        assert result.exit_code != 0
        message = one_line(result.stderr)
        assert "ke-hoach-khac" in message and str(path) in message
        assert snapshot(tmp_path) == before


def test_a_valid_hand_edit_is_accepted(tmp_path):
    raw = good_ledger(tmp_path).decode("utf-8")
    edited = raw.replace('note = "hai"', 'note = "hai — sửa tay"\n# một dòng chú thích', 1)
    hand_edit(ledger_file(tmp_path), edited.encode("utf-8"))
    # The cached state is not used for the edited file: show and duties see the edit.
    assert "hai — sửa tay" in cli(tmp_path, "show", "III.1.2").stdout
    result = cli(tmp_path, "mark", "III.1.3", "xong")
    assert result.exit_code == 0, result.stderr
    assert "hai — sửa tay" in cli(tmp_path, "history").stdout
    # The write appended to the edited file: the hand edit and its comment are kept.
    assert ledger_file(tmp_path).read_text(encoding="utf-8").startswith(edited)


def test_a_hand_edit_that_changes_a_status_is_seen_by_the_cached_views(tmp_path):
    raw = good_ledger(tmp_path).decode("utf-8")
    assert cli(tmp_path, "duties").exit_code == 0  # the state is cached
    hand_edit(ledger_file(tmp_path), raw.replace('status = "done"', 'status = "blocked"', 1).encode("utf-8"))
    assert '"status": "blocked"' in cli(tmp_path, "show", "III.1.2", "--json").stdout
    rows = json.loads(cli(tmp_path, "duties", "--json").stdout)
    assert {r["id"]: r["status"] for r in rows}["III.1.2"] == "blocked"


def test_every_truncation_is_either_valid_or_located(tmp_path):
    raw = good_ledger(tmp_path)
    filename = "ledger-2022-06.toml"
    for cut in range(len(raw)):
        try:
            ledger_format.parse_ledger(raw[:cut], filename, PLAN_ID)
        except LedgerError as err:
            assert re.search(rf"{filename}:\d+", str(err)), (cut, str(err))


def test_unreadable_ledger_is_reported(tmp_path):
    path = ledger_file(tmp_path)
    path.mkdir(parents=True)  # a folder where this month's file should be
    for command in (["mark", "III.1.3", "xong"], ["history"]):
        result = cli(tmp_path, *command)
        assert result.exit_code != 0
        assert str(path) in one_line(result.stderr)
    assert path.is_dir() and list(path.iterdir()) == []


def test_a_file_where_the_ledger_folder_should_be_is_reported(tmp_path):
    folder = ledger_dir(tmp_path)
    folder.parent.mkdir(parents=True)
    folder.write_bytes(b"not a folder")
    for command in (["mark", "III.1.3", "xong"], ["history"]):
        result = cli(tmp_path, *command)
        assert result.exit_code != 0
        assert str(folder) in one_line(result.stderr)
    assert folder.read_bytes() == b"not a folder"


@pytest.mark.parametrize("how", ["truncated", "unknown-status"])
def test_import_into_a_damaged_ledger_is_refused(tmp_path, how):
    source_office = tmp_path / "source"
    assert cli(source_office, "mark", "III.4.2", "xong").exit_code == 0
    raw, line = damage(good_ledger(tmp_path), how)
    path = ledger_file(tmp_path)
    hand_edit(path, raw)
    before = snapshot(tmp_path)
    result = cli(tmp_path, "import", ledger_file(source_office))
    assert result.exit_code != 0
    assert f"{path}:{line}" in one_line(result.stderr)
    assert snapshot(tmp_path) == before
