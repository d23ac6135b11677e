"""The ledger is the one thing the office cannot recreate: concurrent writers, a writer killed at
any moment, and a damaged or hand-edited file must never lose or corrupt an event."""

from __future__ import annotations

import multiprocessing
import os
import random
import re
import signal
import subprocess
import sys
import time
import tomllib

import pytest
from ledger_support import (
    KILL_CHILD,
    PLAN_ID,
    PLAN_PATH,
    ROOT,
    cli,
    data_dir,
    events_of,
    ledger_file,
    mark_worker,
    one_line,
    read_toml,
    subprocess_env,
)

from sapa_propaganda import ledger
from sapa_propaganda.errors import LedgerError

WORKERS = 8
MARKS_PER_WORKER = 50


# ---- concurrency ---------------------------------------------------------------------------

def test_concurrent_writers_lose_nothing(tmp_path):
    path = ledger_file(tmp_path)
    context = multiprocessing.get_context("spawn")
    barrier = context.Manager().Barrier(WORKERS)
    started = time.monotonic()
    with context.Pool(WORKERS) as pool:
        returned = pool.map(mark_worker, [(str(path), n, MARKS_PER_WORKER, barrier)
                                          for n in range(WORKERS)])
    elapsed = time.monotonic() - started
    acknowledged = [event_id for ids in returned for event_id in ids]
    events = events_of(path)
    ids = [e["id"] for e in events]
    expected = WORKERS * MARKS_PER_WORKER
    print(f"\nconcurrency: {len(events)}/{expected} events present, {len(set(ids))} unique, "
          f"{elapsed:.2f} s wall for {WORKERS} processes x {MARKS_PER_WORKER} marks")
    assert len(acknowledged) == expected
    assert len(ids) == expected
    assert len(set(ids)) == expected
    assert set(ids) == set(acknowledged)
    notes = {e["note"] for e in events}
    assert notes == {f"w{w}-{n}" for w in range(WORKERS) for n in range(MARKS_PER_WORKER)}
    assert read_toml(path)["format"] == 1
    # No temporary file is left behind by writers that finished normally.
    assert [p.name for p in data_dir(tmp_path).iterdir() if p.name.endswith(".tmp")] == []
    # And the CLI reads the result.
    assert f"Số sự kiện: {expected}" in cli(tmp_path, "info").stdout


def test_lock_is_exclusive(tmp_path):
    path = ledger_file(tmp_path)
    with ledger.locked(path):
        started = time.monotonic()
        with pytest.raises(LedgerError) as caught:
            with ledger.locked(path, timeout=0.2):
                pass  # pragma: no cover
        assert time.monotonic() - started >= 0.2
    assert caught.value.key == "ledger_locked"
    with ledger.locked(path, timeout=0.2):  # released again
        pass


# ---- killed writers ------------------------------------------------------------------------

KILLS = 20


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")
def test_writer_killed_at_random_moments_loses_no_acknowledged_event(tmp_path):
    path = ledger_file(tmp_path)
    env = subprocess_env(tmp_path)
    rng = random.Random(20220620)
    acknowledged: list[str] = []
    written_before_kill = []
    for round_number in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", KILL_CHILD, str(PLAN_PATH), str(path), f"r{round_number}"],
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
        # After every kill the ledger parses and holds every acknowledged id.
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        assert data["format"] == 1 and data["plan"] == PLAN_ID
        present = {e["id"] for e in data["events"]}
        missing = set(acknowledged) - present
        assert not missing, f"round {round_number}: {len(missing)} acknowledged events lost"
        assert len(present) == len(data["events"])
        # sapa's own parser agrees, so the next write would not be refused.
        assert len(ledger.read_events(path, PLAN_ID)) == len(present)
    stray = [p.name for p in data_dir(tmp_path).iterdir() if p.name.endswith(".tmp")]
    events = events_of(path)
    print(f"\nkill test: {KILLS} kills, {len(acknowledged)} acknowledged events "
          f"(per round {written_before_kill}), {len(events)} in the ledger, all acknowledged "
          f"present: {set(acknowledged) <= {e['id'] for e in events}}, stray temp files: {len(stray)}")
    assert len(acknowledged) > 0
    # Stray temporary files (if a kill hit between write and rename) break nothing.
    result = cli(tmp_path, "mark", "III.1.2", "xong", "--note", "sau khi bị ngắt")
    assert result.exit_code == 0, result.stderr
    assert cli(tmp_path, "history", "III.1.2").exit_code == 0
    assert len(events_of(path)) == len(events) + 1


def test_stray_temporary_files_break_nothing(tmp_path):
    assert cli(tmp_path, "mark", "III.1.1", "dang").exit_code == 0
    path = ledger_file(tmp_path)
    # What a writer killed between its write and its rename leaves behind, even our own pid's.
    for pid in (12345, os.getpid()):
        path.with_name(f".{path.name}.{pid}.tmp").write_bytes(b"format = 1\n[[events]\ngarbage")
    (path.parent / "ghi-chu.txt").write_text("không liên quan", encoding="utf-8")
    result = cli(tmp_path, "mark", "III.1.1", "xong")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("III.1.1: Đang thực hiện → Hoàn thành")
    assert len(events_of(path)) == 2
    assert cli(tmp_path, "history").exit_code == 0
    assert cli(tmp_path, "undo").exit_code == 0


# ---- damaged or hand-edited ledgers --------------------------------------------------------

def good_ledger(tmp_path):
    for args in (["III.1.1", "dang", "--note", "một"], ["III.1.2", "xong", "--note", "hai"],
                 ["III.2.1", "vuong", "--note", "ba"]):
        assert cli(tmp_path, "mark", *args).exit_code == 0
    return ledger_file(tmp_path).read_bytes()


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
    path.write_bytes(raw)
    for command in (["mark", "III.1.3", "xong"], ["undo"], ["mark", "III.1.3", "xong", "--note", "x"]):
        result = cli(tmp_path, *command)
        assert result.exit_code != 0
        assert result.stdout == ""
        message = one_line(result.stderr)
        assert "Traceback" not in message
        assert re.search(re.escape(str(path)) + r":\d+", message), message
        if line is not None:
            assert f"{path}:{line}" in message, message
        assert path.read_bytes() == raw
    # Reading commands refuse it too, without a traceback.
    result = cli(tmp_path, "history")
    assert result.exit_code != 0 and str(path) in one_line(result.stderr)
    assert path.read_bytes() == raw


def test_damaged_ledger_message_in_english(tmp_path):
    raw, line = damage(good_ledger(tmp_path), "unknown-status")
    ledger_file(tmp_path).write_bytes(raw)
    result = cli(tmp_path, "mark", "III.1.3", "xong", lang="en")
    message = one_line(result.stderr)
    assert f"{ledger_file(tmp_path)}:{line}" in message
    assert "finished" in message and "nothing was written" in message


def test_newer_format_is_refused_and_untouched(tmp_path):
    raw = good_ledger(tmp_path).replace(b"format = 1", b"format = 99", 1)
    path = ledger_file(tmp_path)
    path.write_bytes(raw)
    for command in (["mark", "III.1.3", "xong"], ["undo"], ["history"]):
        result = cli(tmp_path, *command)
        assert result.exit_code != 0
        message = one_line(result.stderr)
        assert str(path) in message and "99" in message
        assert path.read_bytes() == raw


def test_ledger_of_another_plan_in_the_data_dir_is_refused(tmp_path):
    raw = good_ledger(tmp_path).replace(PLAN_ID.encode(), b"ke-hoach-khac", 1)
    path = ledger_file(tmp_path)
    path.write_bytes(raw)
    result = cli(tmp_path, "mark", "III.1.3", "xong")
    assert result.exit_code != 0
    message = one_line(result.stderr)
    assert "ke-hoach-khac" in message and str(path) in message
    assert path.read_bytes() == raw


def test_a_valid_hand_edit_is_accepted(tmp_path):
    raw = good_ledger(tmp_path).decode("utf-8")
    edited = raw.replace('note = "hai"', 'note = "hai — sửa tay"\n# một dòng chú thích', 1)
    ledger_file(tmp_path).write_text(edited, encoding="utf-8")
    result = cli(tmp_path, "mark", "III.1.3", "xong")
    assert result.exit_code == 0, result.stderr
    assert "hai — sửa tay" in cli(tmp_path, "history").stdout


def test_every_truncation_is_either_valid_or_located(tmp_path):
    raw = good_ledger(tmp_path)
    filename = "ledger.toml"
    for cut in range(len(raw)):
        try:
            ledger.parse_ledger(raw[:cut], filename, PLAN_ID)
        except LedgerError as err:
            assert re.search(rf"{filename}:\d+", str(err)), (cut, str(err))


def test_unreadable_ledger_is_reported(tmp_path):
    path = ledger_file(tmp_path)
    path.mkdir(parents=True)  # a folder where the ledger should be
    result = cli(tmp_path, "mark", "III.1.3", "xong")
    assert result.exit_code != 0
    assert str(path) in one_line(result.stderr)
    assert path.is_dir() and list(path.iterdir()) == []


@pytest.mark.parametrize("how", ["truncated", "unknown-status"])
def test_import_into_a_damaged_ledger_is_refused(tmp_path, how):
    source_office = tmp_path / "source"
    assert cli(source_office, "mark", "III.4.2", "xong").exit_code == 0
    raw, line = damage(good_ledger(tmp_path), how)
    path = ledger_file(tmp_path)
    path.write_bytes(raw)
    result = cli(tmp_path, "import", ledger_file(source_office))
    assert result.exit_code != 0
    assert f"{path}:{line}" in one_line(result.stderr)
    assert path.read_bytes() == raw
