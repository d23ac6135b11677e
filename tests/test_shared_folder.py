"""A data folder shared by several machines through a sync tool (Syncthing, Nextcloud, a network
share), and the file-level safety of the storage: each machine writes only its own files, readers
take the union by event id, links are never followed, a failed write changes nothing."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from datetime import date, datetime
from pathlib import Path
from unittest import mock

import pytest
from ledger_support import (
    ICT,
    PLAN_ID,
    cli,
    data_dir,
    events_of,
    ledger_dir,
    ledger_file,
    ledger_files,
    one_line,
    origin_of,
    run_sapa,
    snapshot,
    temporaries,
)

from sapa_propaganda.core.progress import Event
from sapa_propaganda.storage import ledger_format

# ---- two machines and a sync tool between them -----------------------------------------------

def file_state(path: Path) -> tuple[bytes, int, int]:
    info = path.stat(follow_symlinks=False)
    return path.read_bytes(), info.st_ino, info.st_mtime_ns


def own_ids(machine: Path) -> set[str]:
    """The event ids in the files this machine writes (named with its origin)."""
    mine = f".{origin_of(machine)}.toml"
    return {e["id"] for p in ledger_files(machine) if p.name.endswith(mine) for e in events_of(p)}


def run(machine: Path, *args: object, today: str, created: dict[str, str] | None = None,
        expect: int = 0):
    """`sapa ARGS` on one machine, checking that it touched only the files named with its origin,
    and those only by appending; the ids it added are recorded in `created`."""
    origin = origin_of(machine)
    before = {p.name: file_state(p) for p in ledger_files(machine)}
    ids_before = own_ids(machine)
    result = cli(machine, *args, today=today)
    assert result.exit_code == expect, (args, result.stdout, result.stderr)
    after = {p.name: file_state(p) for p in ledger_files(machine)}
    for name, (raw, inode, mtime) in before.items():
        assert name in after, f"{args}: {name} disappeared"
        if name == f"ledger-{name[7:14]}.{origin}.toml":
            assert after[name][0].startswith(raw), f"{args}: own file {name} was rewritten, not appended to"
        else:
            assert after[name] == (raw, inode, mtime), f"{args}: {machine.name} touched {name}"
    for name in set(after) - set(before):
        assert name.endswith(f".{origin}.toml"), f"{args}: {machine.name} made {name}"
    # Nothing but ledger files is ever written into the data folder.
    assert [p for p in data_dir(machine).rglob("*") if p.is_file() and not p.name.startswith("ledger-")] == []
    added = own_ids(machine) - ids_before
    if created is not None:
        assert len(added) == (1 if expect == 0 and args[0] in ("mark", "submit", "undo") else 0), args
        for event_id in added:
            assert event_id not in created
            created[event_id] = machine.name
    return result


def owner(name: str, machines: tuple[Path, ...]) -> Path | None:
    for machine in machines:
        if name.startswith(f"ledger-{name[7:14]}.{origin_of(machine)}.toml"):
            return machine
    return None


def deliver(source: Path, target: Path) -> None:
    """As a sync tool does: a temporary file beside the target, its mtime kept, renamed over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".syncthing.{target.name}.tmp")
    shutil.copy2(source, temporary)
    os.replace(temporary, target)


def sync(a: Path, b: Path) -> int:
    """Copy crosswise every ledger file one side lacks or has in another version; a file named with
    a machine's origin goes from that machine outward. Returns how many files were copied."""
    folders = {a: ledger_dir(a), b: ledger_dir(b)}
    names = {p.name for m in (a, b) for p in ledger_files(m)}
    copied = 0
    for name in sorted(names):
        here, there = folders[a] / name, folders[b] / name
        if here.exists() and there.exists() and here.read_bytes() == there.read_bytes():
            continue
        if not here.exists() or not there.exists():
            source, target = (here, there) if here.exists() else (there, here)
        else:
            writer = owner(name, (a, b))
            assert writer is not None, f"{name} differs between the machines but is nobody's own file"
            source, target = (here, there) if writer == a else (there, here)
            # The receiving side's copy is an older version: its owner only ever appended.
            assert source.read_bytes().startswith(target.read_bytes()), name
        deliver(source, target)
        copied += 1
    assert {p.name for p in ledger_files(a)} == {p.name for p in ledger_files(b)} == names
    return copied


def history_ids(machine: Path, today: str) -> list[str]:
    result = cli(machine, "history", "--json", today=today)
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


def shown(machine: Path, item: str, today: str) -> dict:
    result = cli(machine, "show", item, "--json", today=today)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def json_of(machine: Path, *args: str, today: str):
    result = cli(machine, *args, "--json", today=today)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


ITEMS = ["III.1.1", "III.1.2", "III.1.3", "III.2.1", "III.2.2", "III.4.1", "III.4.2", "III.3.1.1"]
STATUSES = ["dang", "xong", "vuong", "chua"]
REPORTING = ["mttq", "vhtt", "ttvh", "chi-dang-bo"]


def test_two_machines_sharing_a_folder_through_a_sync_tool_converge(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert origin_of(a) != origin_of(b)
    created: dict[str, str] = {}
    old_a_file = b""
    for round_number in range(10):
        today = f"2022-06-{5 + round_number:02d}"
        for side, machine in enumerate((a, b)):
            item = ITEMS[(round_number + 3 * side) % len(ITEMS)]
            status = STATUSES[(round_number + side) % len(STATUSES)]
            run(machine, "mark", item, status, "--by", machine.name.upper(),
                "--note", f"{machine.name} vòng {round_number}", today=today, created=created)
        if round_number % 3 == 1:  # both record progress on the same duty on the same day
            run(a, "mark", "III.1.6", "dang", "--by", "A", "--note", f"A vòng {round_number}", today=today,
                created=created)
            run(b, "mark", "III.1.6", "xong", "--by", "B", "--note", f"B vòng {round_number}", today=today,
                created=created)
        if round_number in (2, 6):
            unit = REPORTING[round_number // 3]
            run(a, "submit", unit, "2022-H1", "--date", today, "--ref", f"{round_number}-BC/A",
                today=today, created=created)
            run(b, "submit", REPORTING[-1 - round_number // 3], "2022-H1", "--date", today,
                "--ref", f"{round_number}-BC/B", "--by", "B", today=today, created=created)
        if round_number == 3:
            old_a_file = ledger_file(a).read_bytes()
        if round_number == 4:
            # Syncthing saw B's file change on both sides: A gets a conflict copy beside B's original.
            conflict = ledger_dir(a) / f"ledger-2022-06.{origin_of(b)}.sync-conflict-20220609-101010-ABCDEFG.toml"
            shutil.copy2(ledger_file(b), conflict)
        if round_number == 7:
            # Nextcloud kept an older version of A's file on B's side as a conflicted copy.
            (ledger_dir(b) / f"ledger-2022-06.{origin_of(a)} (conflicted copy 2022-06-12).toml").write_bytes(old_a_file)
        # Mid-round, before the sync, each side reads what it has without complaint.
        for machine in (a, b):
            ids = history_ids(machine, today)
            assert len(ids) == len(set(ids))
        assert sync(a, b) > 0
        for machine in (a, b):
            ids = history_ids(machine, today)
            assert sorted(ids) == sorted(created), (round_number, machine.name)
    last = "2022-06-15"
    names = {p.name for p in ledger_files(a)}
    assert any(".sync-conflict-" in n for n in names) and any("conflicted copy" in n for n in names)
    assert len(created) == 2 * 10 + 2 * 3 + 2 * 2

    def views(machine):
        return ([shown(machine, item, last) for item in [*ITEMS, "III.1.6"]],
                json_of(machine, "duties", "--all", today=last),
                json_of(machine, "reports", "--period", "2022-H1", today=last),
                json_of(machine, "history", today=last))

    assert views(a) == views(b)
    # Both recorded III.1.6 on the same days; both machines settle on the same one, B's (later).
    assert shown(a, "III.1.6", last)["status"] == "done"

    # Undo on A reverts A's own latest change (B wrote after it); after the sync B sees it.
    latest_a = events_of(ledger_file(a))[-1]
    assert created[latest_a["id"]] == "a"
    result = run(a, "undo", "--by", "A", today=last, created=created)
    assert result.stdout.strip()
    a_undo = [e for e in events_of(ledger_file(a)) if e["kind"] == "undo"]
    assert [e["target"] for e in a_undo] == [latest_a["id"]]
    sync(a, b)
    for machine in (a, b):
        [row] = [r for r in json_of(machine, "history", today=last) if r["id"] == latest_a["id"]]
        assert row["undone_by"] == a_undo[0]["id"], machine.name
    # Undo on B reverts B's own latest change.
    latest_b = events_of(ledger_file(b))[-1]
    run(b, "undo", "--by", "B", today=last, created=created)
    assert [e["target"] for e in events_of(ledger_file(b)) if e["kind"] == "undo"] == [latest_b["id"]]
    sync(a, b)
    assert views(a) == views(b)
    for machine in (a, b):
        ids = history_ids(machine, last)
        assert len(ids) == len(set(ids)) == len(created) and set(ids) == set(created)
        undone = [r for r in json_of(machine, "history", today=last) if r["undone_by"]]
        assert len(undone) == 2
    # Each side's files, read without sapa: every event once per origin file, in its owner's files.
    for machine in (a, b):
        by_file = {p.name: [e["id"] for e in events_of(p)] for p in ledger_files(machine)}
        union = {i for ids in by_file.values() for i in ids}
        assert union == set(created)
        own = [i for n, ids in by_file.items() if n.endswith(f".{origin_of(machine)}.toml") for i in ids]
        assert sorted(own) == sorted(i for i, m in created.items() if m == machine.name)
    # Caches stayed in each machine's own home; the data folders hold only ledger files.
    for machine in (a, b):
        assert all(p.name.startswith("ledger-") for p in data_dir(machine).rglob("*") if p.is_file())
        assert list((machine / "home" / ".cache" / "sapa").rglob("*"))


def test_undo_on_one_machine_of_an_event_from_the_other(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    created: dict[str, str] = {}
    run(a, "mark", "III.2.1", "dang", "--by", "A", today="2022-06-08", created=created)
    run(a, "mark", "III.2.1", "xong", "--by", "A", "--ref", "5-BC", today="2022-06-10", created=created)
    sync(a, b)
    assert shown(b, "III.2.1", "2022-06-11")["status"] == "done"
    a_before = {p.name: p.read_bytes() for p in ledger_files(b)}
    # B wrote nothing: a plain undo there takes back nothing of A's; A's change is named by its id.
    refused = run(b, "undo", "--by", "B", today="2022-06-11", created=created, expect=2)
    assert "sapa undo" in refused.stderr
    a_latest = events_of(ledger_files(b)[-1])[-1]["id"]
    result = run(b, "undo", a_latest, "--by", "B", today="2022-06-11", created=created)
    assert "III.2.1" in result.stdout
    # B's reversal went into B's own file; A's file on B's side is as A wrote it.
    for name, raw in a_before.items():
        assert (ledger_dir(b) / name).read_bytes() == raw
    [undo] = events_of(ledger_file(b))
    assert undo["kind"] == "undo" and created[undo["target"]] == "a"
    assert shown(b, "III.2.1", "2022-06-11")["status"] == "doing"
    # A does not see it until the sync; then it does, and its own next undo goes further back.
    assert shown(a, "III.2.1", "2022-06-11")["status"] == "done"
    sync(a, b)
    seen_on_a = shown(a, "III.2.1", "2022-06-11")
    assert seen_on_a["status"] == "doing"
    assert seen_on_a == shown(b, "III.2.1", "2022-06-11")
    [reverted] = [h for h in seen_on_a["history"] if h["undone_by"]]
    assert reverted["undone_by"] == undo["id"] and reverted["status"] == "done"
    run(a, "undo", today="2022-06-12", created=created)
    sync(a, b)
    for machine in (a, b):
        assert shown(machine, "III.2.1", "2022-06-12")["status"] == "todo"
        assert len(history_ids(machine, "2022-06-12")) == 4


def test_a_conflict_copy_with_events_of_its_own_is_read_as_more_events(tmp_path):
    """A machine cloned with its home (so with its origin) writes the same file as the original; the
    sync tool keeps one version and renames the other. No event is lost or counted twice."""
    a, clone = tmp_path / "a", tmp_path / "clone"
    origin = origin_of(a)
    (clone / "home" / ".config" / "sapa").mkdir(parents=True)
    (clone / "home" / ".config" / "sapa" / "origin").write_text(origin + "\n", encoding="ascii")
    assert cli(a, "mark", "III.1.1", "dang", "--by", "A", today="2022-06-08").exit_code == 0
    assert cli(clone, "mark", "III.2.1", "xong", "--by", "clone", today="2022-06-08").exit_code == 0
    assert cli(clone, "submit", "ttvh", "2022-H1", today="2022-06-08").exit_code == 0
    name = ledger_file(a).name
    assert ledger_file(clone).name == name
    # Syncthing: A's version wins on both sides, the clone's is kept beside it as a conflict copy.
    losing = f"ledger-2022-06.{origin}.sync-conflict-20220608-090000-CLONE01.toml"
    shutil.copy2(ledger_file(clone), ledger_dir(a) / losing)
    deliver(ledger_file(clone), ledger_dir(clone) / losing)
    deliver(ledger_file(a), ledger_file(clone))
    for machine in (a, clone):
        ids = history_ids(machine, "2022-06-09")
        assert len(ids) == len(set(ids)) == 3
        assert shown(machine, "III.2.1", "2022-06-09")["status"] == "done"
        assert shown(machine, "III.1.1", "2022-06-09")["status"] == "doing"
    assert cli(clone, "mark", "III.1.1", "xong", today="2022-06-09").exit_code == 0
    assert ledger_file(clone).read_bytes().startswith(ledger_file(a).read_bytes())
    deliver(ledger_file(clone), ledger_file(a))
    for machine in (a, clone):
        assert len(set(history_ids(machine, "2022-06-09"))) == 4
        assert shown(machine, "III.1.1", "2022-06-09")["status"] == "done"
    assert shown(a, "III.2.1", "2022-06-09") == shown(clone, "III.2.1", "2022-06-09")


# ---- ledgers of earlier versions ---------------------------------------------------------------

def legacy_events() -> list[Event]:
    return [
        Event("a" * 32, datetime(2022, 6, 2, 8, 0, tzinfo=ICT), date(2022, 6, 2), "mark", "III.1.1", "doing",
              "ghi từ bản cũ", "văn thư", ""),
        Event("b" * 32, datetime(2022, 6, 3, 8, 0, tzinfo=ICT), date(2022, 6, 3), "submit", "mttq@2022-H1", "",
              "", "văn thư", "7-BC/MTTQ"),
        Event("c" * 32, datetime(2022, 6, 4, 8, 0, tzinfo=ICT), date(2022, 6, 4), "mark", "III.1.2", "done",
              "", "văn thư", ""),
    ]


def test_a_single_origin_ledger_of_an_earlier_version_keeps_loading(tmp_path):
    legacy = ledger_dir(tmp_path) / "ledger-2022-06.toml"
    legacy.parent.mkdir(parents=True)
    raw = ledger_format.serialize(PLAN_ID, legacy_events())
    legacy.write_bytes(raw)
    assert history_ids(tmp_path, "2022-06-10") == ["c" * 32, "b" * 32, "a" * 32]
    item = shown(tmp_path, "III.1.1", "2022-06-10")
    assert item["status"] == "doing" and item["history"][0]["note"] == "ghi từ bản cũ"
    reports = cli(tmp_path, "reports", "--period", "2022-H1", "--unit", "mttq", today="2022-06-10")
    assert "7-BC/MTTQ" in reports.stdout
    result = cli(tmp_path, "mark", "III.1.1", "xong", today="2022-06-10")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("III.1.1: Đang thực hiện → Hoàn thành")
    assert legacy.read_bytes() == raw
    assert ledger_files(tmp_path) == sorted([legacy, ledger_file(tmp_path)])
    assert len(events_of(ledger_file(tmp_path))) == 1
    # Undo: the new mark; then the old file's latest event (by its id): both by appending elsewhere.
    assert cli(tmp_path, "undo", today="2022-06-10").exit_code == 0
    assert cli(tmp_path, "undo", "c" * 32, today="2022-06-10").exit_code == 0
    assert legacy.read_bytes() == raw
    assert shown(tmp_path, "III.1.2", "2022-06-10")["status"] == "todo"
    assert shown(tmp_path, "III.1.1", "2022-06-10")["status"] == "doing"
    assert len(events_of(ledger_file(tmp_path))) == 3


# ---- links -----------------------------------------------------------------------------------

def make_victim(tmp_path: Path) -> tuple[Path, bytes]:
    victim = tmp_path / "elsewhere" / "victim.conf"
    victim.parent.mkdir(parents=True)
    raw = b"secret = true\n"
    victim.write_bytes(raw)
    victim.chmod(0o600)
    return victim, raw


def test_links_planted_at_temporary_names_are_never_followed(tmp_path):
    assert cli(tmp_path, "mark", "III.1.1", "dang").exit_code == 0
    victim, raw = make_victim(tmp_path)
    origin = origin_of(tmp_path)
    ledger = ledger_dir(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    pid = os.getpid()
    planted = []
    for name in (f"ledger-2022-06.{origin}.toml", "ledger-2022-06.toml", f"ledger-2022-07.{origin}.toml"):
        planted += [ledger / f".{name}.{n}.tmp" for n in range(pid - 64, pid + 64)]
        planted += [ledger / f".{name}.{os.urandom(6).hex()}.tmp" for _ in range(32)]
        planted += [ledger / f"{name}.tmp", ledger / f".{name}.tmp"]
    planted += [shared / f".report.csv.{n}.tmp" for n in range(pid - 64, pid + 64)]
    planted += [shared / f".report.csv.{os.urandom(6).hex()}.tmp" for _ in range(32)]
    planted += [shared / "report.csv.tmp", shared / ".report.csv.tmp"]
    for link in planted:
        link.symlink_to(victim)
    result = cli(tmp_path, "mark", "III.1.1", "xong")
    assert result.exit_code == 0, result.stderr
    report = shared / "report.csv"
    result = cli(tmp_path, "export", "--format", "csv", "-o", report)
    assert result.exit_code == 0, result.stderr
    assert victim.read_bytes() == raw
    assert stat.S_IMODE(victim.stat().st_mode) == 0o600
    assert report.is_file() and not report.is_symlink()
    assert report.read_bytes().startswith(b"\xef\xbb\xbfrecord,id,kind,target,")
    assert report.read_bytes().count(b"\r\nevent,") == 2
    path = ledger_file(tmp_path)
    assert path.is_file() and not path.is_symlink()
    assert [e["status"] for e in events_of(path)] == ["doing", "done"]
    # The links in the shared folder are someone else's business: left as they were.
    assert all(link.is_symlink() for link in planted if link.parent == shared)
    # A run as a separate process (another pid, the fast start-up path) is just as harmless.
    for link in [shared / f".report.csv.{n}.tmp" for n in range(pid, pid + 512)]:
        if not link.is_symlink():
            link.symlink_to(victim)
    done = run_sapa(tmp_path, "export", "--format", "csv", "-o", report)
    assert done.returncode == 0, done.stderr
    done = run_sapa(tmp_path, "mark", "III.1.2", "dang")
    assert done.returncode == 0, done.stderr
    assert victim.read_bytes() == raw and stat.S_IMODE(victim.stat().st_mode) == 0o600
    assert report.is_file() and not report.is_symlink()


def outside_ledger(tmp_path: Path) -> tuple[Path, bytes]:
    target = tmp_path / "elsewhere" / "ledger.toml"
    target.parent.mkdir(parents=True)
    raw = ledger_format.serialize(PLAN_ID, legacy_events())
    target.write_bytes(raw)
    return target, raw


@pytest.mark.parametrize("which", ["own", "other-machine", "legacy"])
def test_a_ledger_file_that_is_a_link_is_refused(tmp_path, which):
    assert cli(tmp_path, "mark", "III.4.1", "dang").exit_code == 0
    target, raw = outside_ledger(tmp_path)
    name = {"own": ledger_file(tmp_path).name, "other-machine": "ledger-2022-06.0123456789ab.toml",
            "legacy": "ledger-2022-05.toml"}[which]
    link = ledger_dir(tmp_path) / name
    if link.exists():
        link.unlink()
    link.symlink_to(target)
    before = {p.name: p.read_bytes() for p in ledger_dir(tmp_path).iterdir() if not p.is_symlink()}
    for command in (["mark", "III.1.3", "xong"], ["undo"], ["submit", "mttq", "2022-H1"],
                    ["status"], ["history"], ["show", "III.4.1"], ["duties"], ["info"]):
        result = cli(tmp_path, *command)
        assert result.exit_code == 5, (command, result.stdout, result.stderr)
        message = one_line(result.stderr)
        assert str(link) in message and "Traceback" not in message, command
        assert "liên kết" in message, message
    english = cli(tmp_path, "mark", "III.1.3", "xong", lang="en")
    assert one_line(english.stderr) == (f"sapa: {link} is a link; sapa does not follow links in the data "
                                        "folder: replace it with the real file or folder")
    for args in (["status"], ["mark", "III.1.3", "xong"]):  # the fast start-up path too
        done = run_sapa(tmp_path, *args)
        assert done.returncode == 5 and str(link) in one_line(done.stderr), done.stderr
    assert target.read_bytes() == raw
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert {p.name: p.read_bytes() for p in ledger_dir(tmp_path).iterdir() if not p.is_symlink()} == before


@pytest.mark.parametrize("dangling", [False, True])
def test_a_ledger_folder_that_is_a_link_is_refused(tmp_path, dangling):
    elsewhere = tmp_path / "elsewhere"
    link = ledger_dir(tmp_path)
    link.parent.mkdir(parents=True)
    if not dangling:
        target, raw = outside_ledger(tmp_path)
        (elsewhere / "ledger-2022-06.toml").write_bytes(raw)
    link.symlink_to(elsewhere, target_is_directory=True)
    before = sorted(elsewhere.rglob("*")) if elsewhere.exists() else None
    for command in (["mark", "III.1.3", "xong"], ["undo"], ["status"], ["history"], ["reports"]):
        result = cli(tmp_path, *command)
        assert result.exit_code == 5, (command, result.stdout, result.stderr)
        message = one_line(result.stderr)
        assert str(link) in message and "liên kết" in message, (command, message)
    done = run_sapa(tmp_path, "status")
    assert done.returncode == 5 and str(link) in one_line(done.stderr), done.stderr
    assert link.is_symlink()
    if dangling:
        assert not elsewhere.exists()
    else:
        assert sorted(elsewhere.rglob("*")) == before
        assert (elsewhere / "ledger-2022-06.toml").read_bytes() == raw


# ---- permissions -----------------------------------------------------------------------------

def test_a_write_keeps_the_replaced_files_mode_and_group(tmp_path):
    assert cli(tmp_path, "mark", "III.1.1", "dang").exit_code == 0
    path = ledger_file(tmp_path)
    path.chmod(0o640)
    group = 4242 if os.getegid() != 4242 else 4243
    try:
        os.chown(path, -1, group)
    except PermissionError:
        group = path.stat().st_gid
    for args in (["mark", "III.1.1", "xong"], ["undo"], ["submit", "mttq", "2022-H1"]):
        assert cli(tmp_path, *args).exit_code == 0
        info = path.stat()
        assert stat.S_IMODE(info.st_mode) == 0o640, oct(info.st_mode)
        assert info.st_gid == group
    assert len(events_of(path)) == 4


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_a_new_ledger_file_gets_the_mode_the_umask_allows(tmp_path, umask):
    previous = os.umask(umask)
    try:
        assert cli(tmp_path, "mark", "III.1.1", "dang").exit_code == 0
        assert cli(tmp_path, "mark", "III.1.2", "dang", today="2022-07-02").exit_code == 0
    finally:
        os.umask(previous)
    files = ledger_files(tmp_path)
    assert [p.name[:14] for p in files] == ["ledger-2022-06", "ledger-2022-07"]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, (path, oct(path.stat().st_mode))


# ---- a write that fails ----------------------------------------------------------------------

def fail_fsync(code):
    def fsync(fd):
        raise OSError(code, os.strerror(code))
    return mock.patch("sapa_propaganda.storage.safe_files.os.fsync", fsync)


def fail_replace(code):
    real = os.replace

    def replace(source, target, *args, **kwargs):
        if os.path.basename(os.fspath(target)).startswith("ledger-"):
            raise OSError(code, os.strerror(code), os.fspath(target))
        return real(source, target, *args, **kwargs)
    return mock.patch("sapa_propaganda.storage.safe_files.os.replace", replace)


def fail_create(code):
    real = os.open

    def open_(path, flags, *args, **kwargs):
        if flags & os.O_EXCL and os.path.basename(os.fspath(path)).startswith(".ledger-"):
            raise OSError(code, os.strerror(code), os.fspath(path))
        return real(path, flags, *args, **kwargs)
    return mock.patch("sapa_propaganda.storage.safe_files.os.open", open_)


def fail_write(code):
    """The disk fills up halfway through the temporary file."""
    real = os.fdopen

    class Full:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()
            return False

        def fileno(self):
            return self.handle.fileno()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(code, os.strerror(code))

        def flush(self):
            self.handle.flush()

    def fdopen(fd, mode="r", *args, **kwargs):
        handle = real(fd, mode, *args, **kwargs)
        return Full(handle) if "w" in mode else handle
    return mock.patch("sapa_propaganda.storage.safe_files.os.fdopen", fdopen)


FAILURES = {
    "fsync-ENOSPC": lambda: fail_fsync(errno.ENOSPC),
    "write-ENOSPC": lambda: fail_write(errno.ENOSPC),
    "replace-EACCES": lambda: fail_replace(errno.EACCES),
    "create-EACCES": lambda: fail_create(errno.EACCES),
    "replace-EROFS": lambda: fail_replace(errno.EROFS),
}


@pytest.mark.parametrize("month", ["existing", "new"])
@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_write_that_fails_leaves_the_ledger_as_it_was(tmp_path, failure, month):
    assert cli(tmp_path, "mark", "III.1.1", "dang", "--note", "trước").exit_code == 0
    assert cli(tmp_path, "submit", "mttq", "2022-H1").exit_code == 0
    today = "2022-06-20" if month == "existing" else "2022-07-01"
    path = ledger_file(tmp_path, today[:7])
    assert path.exists() == (month == "existing")
    before = snapshot(tmp_path)
    for args in (["mark", "III.1.1", "xong", "--note", "sau"], ["undo"], ["submit", "vhtt", "2022-H1"]):
        with FAILURES[failure]():
            result = cli(tmp_path, *args, today=today)
        assert result.exit_code == 5, (args, result.stdout, result.stderr)
        assert result.stdout == ""
        message = one_line(result.stderr)
        assert str(path) in message and "Traceback" not in message, message
        assert message.endswith("; không có gì bị mất"), message  # the reason, in Vietnamese, before it
        assert snapshot(tmp_path) == before
        assert temporaries(ledger_dir(tmp_path)) == []
    with FAILURES[failure]():
        english = cli(tmp_path, "mark", "III.1.1", "xong", today=today, lang="en")
    assert one_line(english.stderr).startswith(f"sapa: cannot write the progress ledger {path}: ")
    assert os.strerror(errno.ENOSPC if "ENOSPC" in failure else getattr(errno, failure.split("-")[1])) in english.stderr
    assert "nothing was lost" in english.stderr
    # Afterwards the ledger loads, says what it said before, and takes the next write.
    assert shown(tmp_path, "III.1.1", today)["status"] == "doing"
    assert len(history_ids(tmp_path, today)) == 2
    result = cli(tmp_path, "mark", "III.1.1", "xong", "--note", "sau", today=today)
    assert result.exit_code == 0, result.stderr
    assert shown(tmp_path, "III.1.1", today)["status"] == "done"
    assert len(history_ids(tmp_path, today)) == 3
    assert temporaries(ledger_dir(tmp_path)) == []


def test_a_folder_that_cannot_be_synced_does_not_fail_a_write_that_happened(tmp_path):
    """VirtualBox shared folders and some network mounts answer EINVAL to an fsync of a folder.
    By then the file has been renamed into place: reporting the write as failed (exit 5, "nothing
    was lost") would make the clerk record it again."""
    assert cli(tmp_path, "mark", "III.1.1", "dang").exit_code == 0
    real = os.fsync

    def fsync(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return real(fd)

    report = tmp_path / "report.csv"
    with mock.patch("sapa_propaganda.storage.safe_files.os.fsync", fsync):
        marked = cli(tmp_path, "mark", "III.1.1", "xong")
        exported = cli(tmp_path, "export", "--format", "csv", "-o", report)
    assert marked.exit_code == 0, marked.stderr
    assert exported.exit_code == 0, exported.stderr
    assert [e["status"] for e in events_of(ledger_file(tmp_path))] == ["doing", "done"]
    assert report.read_bytes().count(b"\r\nevent,") == 2
    assert temporaries(ledger_dir(tmp_path)) == [] and not list(tmp_path.glob(".report.csv.*"))


# ---- import keeps every other file as it is --------------------------------------------------

def test_import_keeps_hand_written_comments_and_rewrites_no_other_file(tmp_path):
    here, office, colleague = tmp_path / "here", tmp_path / "office", tmp_path / "colleague"
    # An old single-origin file with a comment, a colleague's file synced in with a comment, and
    # this machine's own file with a comment the clerk wrote in it.
    legacy = ledger_dir(here) / "ledger-2022-05.toml"
    legacy.parent.mkdir(parents=True)
    old = [Event("d" * 32, datetime(2022, 5, 3, 8, 0, tzinfo=ICT), date(2022, 5, 3), "mark", "III.4.3",
                 "doing", "", "", "")]
    legacy.write_bytes(ledger_format.serialize(PLAN_ID, old).replace(
        b"[[events]]", b"# ghi ch\xc3\xba c\xe1\xbb\xa7a b\xe1\xba\xa3n c\xc5\xa9\n[[events]]", 1))
    assert cli(colleague, "mark", "III.2.3", "vuong", today="2022-06-03").exit_code == 0
    theirs = ledger_dir(here) / ledger_file(colleague).name
    theirs.write_bytes(ledger_file(colleague).read_bytes() + "# đồng nghiệp ghi chú\n".encode())
    assert cli(here, "mark", "III.1.1", "dang", today="2022-06-05").exit_code == 0
    mine = ledger_file(here)
    edited = mine.read_bytes().replace(b"[[events]]", "# văn thư: đã gọi điện nhắc\n[[events]]".encode(), 1)
    mine.write_bytes(edited)
    others = {p: p.read_bytes() for p in (legacy, theirs)}
    # Another office's ledger: a May and a June event of its own, and one it had from us already.
    assert cli(office, "mark", "III.1.2", "xong", "--note", "từ văn phòng", today="2022-05-20").exit_code == 0
    assert cli(office, "mark", "III.1.3", "dang", today="2022-06-06").exit_code == 0
    assert cli(office, "import", theirs).exit_code == 0
    export = tmp_path / "office.toml"
    assert cli(office, "export", "--format", "toml", "-o", export, today="2022-06-06").exit_code == 0
    result = cli(here, "import", export, today="2022-06-07")
    assert result.exit_code == 0, result.stderr
    for path, raw in others.items():
        assert path.read_bytes() == raw, path
    assert mine.read_bytes().startswith(edited)
    assert "# văn thư: đã gọi điện nhắc" in mine.read_text(encoding="utf-8")
    origin = origin_of(here)
    new_files = {p.name for p in ledger_files(here)} - {legacy.name, theirs.name, mine.name}
    assert new_files == {f"ledger-2022-05.{origin}.toml"}
    imported = {e["id"] for p in ledger_files(office) for e in events_of(p)}
    ids = history_ids(here, "2022-06-07")
    assert len(ids) == len(set(ids)) == 5 and imported <= set(ids)
    assert shown(here, "III.1.2", "2022-06-07")["status"] == "done"
    # Importing again adds nothing and writes nothing.
    frozen = snapshot(here)
    assert cli(here, "import", export, today="2022-06-07").exit_code == 0
    assert snapshot(here) == frozen
