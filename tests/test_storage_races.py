"""What a shared folder and a hostile one do while sapa works: another machine's file landing in
the middle of a write or a read, two copies of one event that differ, things that are not files
where sapa expects files, and files too big to be ledgers."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from ledger_support import (
    PLAN_ID,
    cache_dir,
    cli,
    data_dir,
    ledger_dir,
    ledger_file,
    one_line,
    origin_of,
    run_sapa,
    snapshot,
)

from sapa_propaganda.storage import ledger_format
from sapa_propaganda.storage.ledger import Ledger


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def status(tmp_path, item):
    return json.loads(ok(cli(tmp_path, "show", item, "--json")).stdout)["status"]


def listed(tmp_path):
    rows = json.loads(ok(cli(tmp_path, "duties", "--all", "--json")).stdout)
    return {r["id"]: r["status"] for r in rows}


def fresh(tmp_path):
    """The answer with the machine's caches thrown away: what the files say."""
    shutil.rmtree(cache_dir(tmp_path), ignore_errors=True)
    return listed(tmp_path)


def test_another_machines_file_landing_during_a_write_is_not_hidden_by_the_cache(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    ok(cli(a, "mark", "III.1.1", "dang"))
    ok(cli(b, "mark", "III.2.1", "vuong"))
    theirs = ledger_file(b)
    original = Ledger._append_all

    def sync_lands_meanwhile(self, events, **options):
        shutil.copy2(theirs, ledger_dir(a) / theirs.name)  # the sync tool, between read and write
        return original(self, events, **options)

    monkeypatch.setattr(Ledger, "_append_all", sync_lands_meanwhile)
    ok(cli(a, "mark", "III.1.2", "xong"))
    monkeypatch.setattr(Ledger, "_append_all", original)
    seen = listed(a)
    assert seen["III.2.1"] == "blocked" and seen["III.1.2"] == "done"
    assert seen == fresh(a)


def test_a_file_replaced_while_it_is_read_is_read_again_next_time(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    ok(cli(b, "mark", "III.2.1", "dang", "--note", "B v1"))
    theirs = ledger_dir(a) / ledger_file(b).name
    ledger_dir(a).mkdir(parents=True)
    shutil.copy2(ledger_file(b), theirs)
    ok(cli(b, "mark", "III.2.1", "vuong", "--note", "B v2"))
    newer = ledger_file(b).read_bytes()
    original = Ledger._read_file

    def replaced_right_after_reading(self, path):
        data = original(self, path)
        if os.path.basename(path) == theirs.name and theirs.read_bytes() != newer:
            theirs.write_bytes(newer)  # the sync tool, just after sapa read the old bytes
        return data

    monkeypatch.setattr(Ledger, "_read_file", replaced_right_after_reading)
    assert status(a, "III.2.1") == "doing"  # what was read then
    monkeypatch.setattr(Ledger, "_read_file", original)
    assert status(a, "III.2.1") == "blocked"  # the next command sees the new file
    assert listed(a)["III.2.1"] == "blocked"


def test_one_event_with_two_contents_is_reported_not_resolved_by_file_name(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    ok(cli(a, "mark", "III.1.1", "xong", "--ref", "80-KH/HU"))
    ok(cli(b, "import", ledger_file(a)))
    copy = ledger_dir(a) / ledger_file(b).name
    shutil.copy2(ledger_file(b), copy)
    mine = ledger_file(a)
    mine.write_text(mine.read_text(encoding="utf-8").replace("80-KH/HU", "81-KH/HU"), encoding="utf-8")
    before = snapshot(a)
    for command in (["status"], ["mark", "III.1.2", "xong"]):
        result = cli(a, *command)
        assert result.exit_code == 5
        message = one_line(result.stderr)
        assert mine.name in message and copy.name in message
    assert snapshot(a) == before
    copy.unlink()  # the clerk keeps the right copy
    assert "81-KH/HU" in ok(cli(a, "history", "III.1.1", "--json")).stdout


@pytest.mark.parametrize("planted", ["folder", "fifo", "link"])
def test_a_lock_that_is_not_a_file_is_refused_with_its_path(tmp_path, planted):
    ok(cli(tmp_path, "status"))
    lock = tmp_path / "home" / ".config" / "sapa" / "locks"
    lock.mkdir(parents=True, exist_ok=True)
    key = Ledger(ledger_dir(tmp_path), PLAN_ID)
    os.environ["XDG_CONFIG_HOME"], saved = str(tmp_path / "home" / ".config"), os.environ.get("XDG_CONFIG_HOME")
    try:
        path = key.lock_path() + ".lock"
    finally:
        if saved is not None:
            os.environ["XDG_CONFIG_HOME"] = saved
    if planted == "folder":
        os.mkdir(path)
    elif planted == "fifo":
        os.mkfifo(path)
    else:
        os.symlink(tmp_path / "elsewhere", path)
    result = run_sapa(tmp_path, "mark", "III.1.1", "xong", timeout=30)
    assert result.returncode == 5, result.stderr
    assert path in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "elsewhere").exists()
    assert not list(ledger_dir(tmp_path).glob("ledger-*")) if ledger_dir(tmp_path).exists() else True


def test_fifos_where_sapa_reads_its_own_files_never_make_it_wait(tmp_path):
    ok(cli(tmp_path, "mark", "III.1.1", "dang"))
    ok(cli(tmp_path, "status"))
    for cache in [p for p in cache_dir(tmp_path).rglob("*") if p.is_file()]:
        cache.unlink()
        os.mkfifo(cache)
    origin = tmp_path / "home" / ".config" / "sapa" / "origin"
    origin.unlink()
    os.mkfifo(origin)
    result = run_sapa(tmp_path, "status", timeout=30)
    assert result.returncode == 0, result.stderr
    result = run_sapa(tmp_path, "mark", "III.1.2", "xong", timeout=30)
    assert result.returncode == 0, result.stderr
    plan = tmp_path / "plan.toml"
    os.mkfifo(plan)
    result = run_sapa(tmp_path, "--plan", plan, "status", timeout=30)
    assert result.returncode != 0 and str(plan) in result.stderr and "Traceback" not in result.stderr


def test_a_huge_file_named_like_a_ledger_is_refused_without_reading_it(tmp_path):
    ok(cli(tmp_path, "mark", "III.1.1", "dang"))
    huge = ledger_dir(tmp_path) / "ledger-2022-05.toml"
    with open(huge, "wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: no disk used
    result = cli(tmp_path, "status")
    assert result.exit_code == 5 and str(huge) in one_line(result.stderr)


def test_a_data_folder_that_is_a_file_is_reported_by_read_commands_too(tmp_path):
    data_dir(tmp_path).parent.mkdir(parents=True, exist_ok=True)
    data_dir(tmp_path).write_text("not a folder", encoding="utf-8")
    for command in (["status"], ["duties"], ["mark", "III.1.1", "xong"]):
        result = cli(tmp_path, *command)
        assert result.exit_code == 5, command
        assert str(data_dir(tmp_path)) in one_line(result.stderr)


def test_a_ledger_saved_by_notepad_with_a_byte_order_mark_loads(tmp_path):
    ok(cli(tmp_path, "mark", "III.1.1", "dang"))
    path = ledger_file(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert status(tmp_path, "III.1.1") == "doing"
    ok(cli(tmp_path, "mark", "III.1.1", "xong"))
    assert status(tmp_path, "III.1.1") == "done"
    assert ledger_format.parse_ledger(path.read_bytes(), str(path), PLAN_ID)[-1].status == "done"
    assert origin_of(tmp_path) in path.name
