"""The office's roster and workspace in a shared folder (issue 19): changes are each machine's own
files, locks stay on the machine, strays of a killed write are cleared, two machines' undos of one
step count once, and what cannot be read or written is said in one line with its exit code."""

from __future__ import annotations

import errno
import json
import os
import shutil
import time
from pathlib import Path
from unittest import mock

from cli_support import sapa
from helpers import fail, folder_bytes, ok
from ledger_support import ledger_dir
from test_clerk_two_months import CAMPAIGN, CAMPAIGN_PLAN, YEAR_PLAN

DAY = "2022-05-03"


def run(root: Path, *args: object, day: str = DAY):
    return sapa(root, "--today", day, *args, today=day)


def workspace(root: Path) -> Path:
    return root / "data" / "_workspace"


def test_roster_and_plan_changes_go_to_this_machine_s_own_files_and_no_lock_travels(tmp_path):
    ok(run(tmp_path, "roster", "add-unit", "chi-bo", "Các chi bộ"))
    ok(run(tmp_path, "roster", "add-member", "chi-bo", "Chi bộ Tả Van", "--id", "ta-van"))
    plan = tmp_path / "12-KH-ThU.toml"
    plan.write_text(YEAR_PLAN, encoding="utf-8")
    ok(run(tmp_path, "plan", "add", plan))
    ok(run(tmp_path, "plan", "use", "hoc-tap"))
    ok(run(tmp_path, "mark", "I.1", "dang"))
    origin = (tmp_path / "home" / ".config" / "sapa" / "origin").read_text(encoding="ascii").strip()
    names = sorted(str(p.relative_to(workspace(tmp_path))) for p in workspace(tmp_path).rglob("*") if p.is_file())
    [version] = [n for n in names if n.startswith("plans/")]
    assert names == [f"changes/plans.{origin}.toml", f"changes/roster.{origin}.toml", version]
    assert version.startswith("plans/hoc-tap-lam-theo-bac-2022/") and len(Path(version).stem) == 24
    assert not list((tmp_path / "data").rglob("*.lock"))  # locks are the machine's: its config folder
    assert list((tmp_path / "home" / ".config" / "sapa" / "locks").glob("*.lock"))


def test_a_roster_and_workspace_of_an_earlier_version_are_read_and_never_rewritten(tmp_path):
    folder = workspace(tmp_path)
    (folder / "plans").mkdir(parents=True)
    (folder / "roster.toml").write_text('format = 1\n\n[[units]]\nid = "chi-bo"\nname = "Các chi bộ"\n\n'
                                        '[[units.members]]\nid = "ta-van"\nname = "Chi bộ Tả Van"\n', encoding="utf-8")
    (folder / "plans" / "btg-thang-5-2022.toml").write_text(CAMPAIGN_PLAN, encoding="utf-8")
    (folder / "workspace.toml").write_text('format = 1\ndefault = "btg-thang-5-2022"\n', encoding="utf-8")
    before = folder_bytes(folder)
    ok(run(tmp_path, "roster", "add-member", "chi-bo", "Chi bộ Hầu Thào", "--id", "hau-thao"))
    plan = tmp_path / "v2.toml"
    plan.write_text(CAMPAIGN_PLAN.replace('title = "Kế hoạch', 'title = "(bổ sung) Kế hoạch', 1), encoding="utf-8")
    ok(run(tmp_path, "plan", "add", "--replace", plan))
    ok(run(tmp_path, "plan", "close", CAMPAIGN, "--note", "Đã tổng kết"))
    after = folder_bytes(folder)
    assert {name: after[name] for name in before} == before  # the old files, untouched
    [unit] = json.loads(ok(run(tmp_path, "roster", "list", "--json")))
    assert unit["member_ids"] == ["ta-van", "hau-thao"]
    [listed] = json.loads(ok(run(tmp_path, "plan", "list", "--json")))
    assert (listed["state"], listed["default"], "(bổ sung)" in listed["title"]) == ("closed", True, True)


def test_a_deeply_nested_workspace_file_is_damaged_data_not_a_traceback(tmp_path):
    ok(run(tmp_path, "roster", "add-unit", "chi-bo", "Các chi bộ"))
    state = workspace(tmp_path) / "workspace.toml"
    state.write_text("default = " + "[" * 5000, encoding="utf-8")
    for command in (["status"], ["plan", "list"], ["plan", "use", "x"]):
        result = run(tmp_path, *command)
        assert result.exit_code == 5, (command, result.stderr)
        assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
        assert result.stderr.startswith(f"sapa: tệp không gian làm việc {state} bị hỏng"), result.stderr


def test_roster_ids_are_checked_like_plan_ids(tmp_path):
    for unit_id in ("../esc", "Chi-Bo", "chi bo", "a/b", "..", "x\x1b[2J"):
        message = fail(run(tmp_path, "roster", "add-unit", unit_id, "Các chi bộ"))
        assert "chỉ được gồm chữ thường không dấu, số và '-'" in message, (unit_id, message)
    ok(run(tmp_path, "roster", "add-unit", "chi-bo", "Các chi bộ"))
    assert "'../x' không hợp lệ" in fail(run(tmp_path, "roster", "add-member", "chi-bo", "Chi bộ X", "--id", "../x"))
    assert [u["id"] for u in json.loads(ok(run(tmp_path, "roster", "list", "--json")))] == ["chi-bo"]
    assert not (tmp_path / "data" / "esc").exists() and not (tmp_path / "esc").exists()


def test_a_folder_that_cannot_be_written_is_named_with_exit_5_and_nothing_is_lost(tmp_path):
    """A read-only share (as root, which may write anywhere, the refusal is the file system's:
    made here by making every new file fail as a read-only folder does)."""
    ok(run(tmp_path, "roster", "add-unit", "chi-bo", "Các chi bộ"))
    before = folder_bytes(tmp_path / "data")
    plan = tmp_path / "25-KH.toml"
    plan.write_text(CAMPAIGN_PLAN, encoding="utf-8")
    read_only = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    with mock.patch("sapa_propaganda.storage.safe_files._create_temporary", side_effect=read_only):
        for command in (["roster", "add-member", "chi-bo", "Chi bộ Tả Van"], ["plan", "add", plan]):
            result = run(tmp_path, *command)
            assert (result.exit_code, result.stdout) == (5, ""), (command, result.stderr)
            assert result.stderr.startswith("sapa: không ghi được dữ liệu chung của văn phòng"), result.stderr
            assert "sổ tiến độ" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert folder_bytes(tmp_path / "data") == before
    assert [u["member_ids"] for u in json.loads(ok(run(tmp_path, "roster", "list", "--json")))] == [[]]


def test_temporary_files_of_a_killed_write_are_cleared_and_do_not_travel(tmp_path):
    ok(run(tmp_path, "roster", "add-unit", "chi-bo", "Các chi bộ"))
    plan = tmp_path / "25-KH.toml"
    plan.write_text(CAMPAIGN_PLAN, encoding="utf-8")
    ok(run(tmp_path, "plan", "add", plan))
    ok(run(tmp_path, "mark", "I.1", "dang", "--unit", "vhtt"))
    folder = workspace(tmp_path)
    [own] = (folder / "changes").glob("roster.*.toml")
    day_old = time.time() - 2 * 24 * 3600
    strays = [folder / ".roster.toml.3f2a9c3f2a9c.tmp", folder / "plans" / f".{CAMPAIGN}.toml.a1b2c3a1b2c3.tmp",
              folder / "changes" / f".{own.name}.d4e5f6d4e5f6.tmp",
              ledger_dir(tmp_path, CAMPAIGN) / ".ledger-2022-05.toml.111111111111.tmp"]
    fresh = folder / "changes" / ".plans.0123456789ab.toml.777777777777.tmp"  # another machine's, being written now
    theirs = folder / "changes" / ".syncthing.plans.x.toml.tmp"  # a sync tool's own: never sapa's to clear
    for path in [*strays, fresh, theirs]:
        path.write_text("half a file", encoding="utf-8")
    for path in [*strays[:2], *strays[3:], theirs]:
        os.utime(path, (day_old, day_old))
    ok(run(tmp_path, "roster", "add-member", "chi-bo", "Chi bộ Tả Van"))
    ok(run(tmp_path, "plan", "close", CAMPAIGN, "--note", "Xong"))
    ok(run(tmp_path, "plan", "reopen", CAMPAIGN))
    ok(run(tmp_path, "mark", "I.2", "dang"))
    assert [p for p in strays if p.exists()] == []
    assert fresh.exists() and theirs.exists()


def test_two_machines_undoing_one_step_count_once_and_a_redo_restores_it(tmp_path):
    """Two clerks take back the same receipt (by its id) on two machines; their folders are synced
    later. The receipt is undone once, the history shows one undo, and the first clerk's redo puts
    the receipt back whatever the second did."""
    a, b = tmp_path / "a", tmp_path / "b"
    ok(run(a, "submit", "mttq", "2022-H1", "--ref", "12-BC/MTTQ", day="2022-06-10"))
    shutil.copytree(a / "data", b / "data", dirs_exist_ok=True)
    [event] = json.loads(ok(run(a, "history", "--json", day="2022-06-10")))
    assert ok(run(a, "undo", event["id"], day="2022-06-11")).startswith("Đã hoàn tác: ")
    assert ok(run(b, "undo", event["id"], day="2022-06-12")).startswith("Đã hoàn tác: ")
    for source, target in ((a, b), (b, a)):
        for path in ledger_dir(source, "sa-pa-2021-tuyen-truyen-dai-hoi-xiii").glob("ledger-*.toml"):
            shutil.copy2(path, ledger_dir(target, "sa-pa-2021-tuyen-truyen-dai-hoi-xiii") / path.name)
    for machine in (a, b):
        history = json.loads(ok(run(machine, "history", "--json", day="2022-06-13")))
        assert [e["kind"] for e in history] == ["undo", "submit"]
        [row] = json.loads(ok(run(machine, "reports", "--period", "2022-H1", "--unit", "mttq", "--json",
                                  day="2022-06-13")))
        assert row["submitted"] is None
    # A's redo (the undo of its own undo) brings the receipt back on both machines, once synced.
    assert ok(run(a, "undo", day="2022-06-13")).startswith("Đã khôi phục: ")
    # B has nothing of its own left to take back: its undo reverted nothing.
    assert fail(run(b, "undo", day="2022-06-13")) == (
        "sapa: máy này chưa ghi thay đổi nào còn hoàn tác được; thay đổi do máy khác ghi thì hoàn tác theo mã "
        "của nó: sapa undo MÃ (mã ở cột cuối của sapa history)")
    for path in ledger_dir(a, "sa-pa-2021-tuyen-truyen-dai-hoi-xiii").glob("ledger-*.toml"):
        shutil.copy2(path, ledger_dir(b, "sa-pa-2021-tuyen-truyen-dai-hoi-xiii") / path.name)
    for machine in (a, b):
        [row] = json.loads(ok(run(machine, "reports", "--period", "2022-H1", "--unit", "mttq", "--json",
                                  day="2022-06-13")))
        assert (row["submitted"], row["ref"]) == ("2022-06-10", "12-BC/MTTQ"), machine.name


def test_a_plan_removed_and_added_again_has_no_rival_from_before(tmp_path):
    """Versions installed before a plan was removed are not installed beside the one added after:
    `plan list` names no rival (it did, from the version before the removal)."""
    first, second = tmp_path / "v1.toml", tmp_path / "v2.toml"
    first.write_text(CAMPAIGN_PLAN, encoding="utf-8")
    second.write_text(CAMPAIGN_PLAN.replace('title = "Kế hoạch', 'title = "(bản mới) Kế hoạch', 1), encoding="utf-8")
    ok(run(tmp_path, "plan", "add", first))
    ok(run(tmp_path, "plan", "remove", CAMPAIGN))
    ok(run(tmp_path, "plan", "add", second))
    [plan] = json.loads(ok(run(tmp_path, "plan", "list", "--json")))
    assert plan["title"].startswith("(bản mới)") and plan["rivals"] == []
