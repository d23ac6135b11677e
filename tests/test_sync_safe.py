"""The office's shared folder passed between machines by real tools (issue 19): git, with a bare
remote and two clones committing and pulling in turns; and a sync tool's conflict copies. The
roster and the workspace's plans are data that merges as the ledgers are: each machine writes
files of its own, no lock file travels, and every change on both sides arrives exactly once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_support import sapa
from helpers import ok
from test_clerk_two_months import CAMPAIGN, CAMPAIGN_PLAN, YEAR, YEAR_PLAN

YEAR_V2 = YEAR_PLAN.replace("năm 2022\"\nissuer", "năm 2022 (sửa đổi lần 1)\"\nissuer", 1)
YEAR_V3 = YEAR_PLAN.replace("năm 2022\"\nissuer", "năm 2022 (bản của Văn phòng)\"\nissuer", 1)
GIT = shutil.which("git")


def git(folder: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Văn thư", "GIT_AUTHOR_EMAIL": "vt@example.org",
           "GIT_COMMITTER_NAME": "Văn thư", "GIT_COMMITTER_EMAIL": "vt@example.org", "GIT_TERMINAL_PROMPT": "0"}
    done = subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "pull.rebase=false", *args], cwd=folder,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


class Machine:
    """One clerk's PC: its own home (so its own origin id, lock and caches) and its data folder."""

    def __init__(self, root: Path, name: str):
        self.root = root / name
        self.data = self.root / "data"

    def __call__(self, day: str, *args: object) -> str:
        return ok(sapa(self.root, "--today", day, *args, today=day))

    def json(self, day: str, *args: object):
        return json.loads(self(day, *args, "--json"))

    def plan_file(self, name: str, text: str) -> Path:
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str) -> None:
        git(self.data, "add", "-A")
        git(self.data, "commit", "-q", "-m", message)

    def the_office(self, day: str) -> dict[str, object]:
        """What the clerk sees of the office: its roster, plans, every event and the April reports."""
        roster = {u["id"]: (u["name"], sorted(u["member_ids"])) for u in self.json(day, "roster", "list")}
        plans = {p["id"]: (p["title"], p["state"], p.get("rivals", [])) for p in self.json(day, "plan", "list")}
        events = [e["id"] for e in self.json(day, "history")]
        assert len(events) == len(set(events)), "an event shown twice"
        april = {(r.get("member") or r["unit"]): r["submitted"]
                 for r in self.json(day, "reports", "--period", "2022-04", "--unit", "chi-bo")}
        return {"roster": roster, "plans": plans, "events": sorted(events), "april": april}


@pytest.mark.skipif(GIT is None, reason="git is not installed: the two clones need it")
def test_two_clones_of_one_git_repository_merge_without_a_conflict_and_keep_every_change(tmp_path):
    remote = tmp_path / "remote.git"
    remote.mkdir()
    git(remote, "init", "-q", "--bare")
    a, b = Machine(tmp_path, "a"), Machine(tmp_path, "b")
    a.root.mkdir()
    git(a.root, "clone", "-q", str(remote), "data")

    # Monday: machine A sets the office up, and it travels through the remote.
    day = "2022-05-02"
    a(day, "roster", "add-unit", "chi-bo", "Các chi bộ trực thuộc Thị ủy")
    a(day, "roster", "add-member", "chi-bo", "Chi bộ Tả Van", "--id", "ta-van")
    a(day, "plan", "add", a.plan_file("25-KH-BTGHU.toml", CAMPAIGN_PLAN))
    a(day, "plan", "add", a.plan_file("12-KH-ThU.toml", YEAR_PLAN))
    a(day, "mark", f"{CAMPAIGN}:I.1", "dang", "--unit", "vhtt")
    a.commit("Thiết lập văn phòng")
    git(a.data, "push", "-q", "origin", "HEAD:main")
    b.root.mkdir()
    git(b.root, "clone", "-q", "--branch", "main", str(remote), "data")
    assert b.the_office(day) == a.the_office(day)

    # Tuesday, both at once, neither pulling: each adds a member, installs its own new version of
    # the year plan, marks, receives a report and takes a step back.
    day = "2022-05-03"
    b(day, "roster", "add-member", "chi-bo", "Chi bộ Hầu Thào", "--id", "hau-thao")
    b(day, "plan", "add", "--replace", b.plan_file("12-KH-ThU-v2.toml", YEAR_V2))
    b(day, "mark", f"{CAMPAIGN}:I.4", "dang")
    b(day, "submit", "ta van", "T4/2022", "--ref", "15-BC/CB")
    b(day, "submit", "hau thao", "T4/2022", "--ref", "09-BC/CB")
    assert b(day, "undo").startswith("Đã hoàn tác: ")  # Hầu Thào's receipt, typed by mistake
    a(day, "roster", "add-member", "chi-bo", "Chi bộ Lao Chải", "--id", "lao-chai")
    a(day, "roster", "rename-unit", "chi-bo", "Các chi bộ cơ sở")
    a(day, "plan", "add", "--replace", a.plan_file("12-KH-ThU-v3.toml", YEAR_V3))
    a(day, "mark", f"{CAMPAIGN}:I.2", "xong")
    a(day, "mark", f"{CAMPAIGN}:I.3", "dang")
    assert a(day, "undo").startswith("Đã hoàn tác: I.3")
    a(day, "plan", "use", CAMPAIGN)
    seen = {m: set(m.the_office(day)["events"]) for m in (a, b)}  # type: ignore[arg-type]
    a.commit("Máy A, thứ Ba")
    b.commit("Máy B, thứ Ba")

    # A pushes first; B pulls (a real merge), pushes; A pulls. No file conflicts.
    git(a.data, "push", "-q", "origin", "HEAD:main")
    git(b.data, "pull", "-q", "--no-edit", "origin", "main")
    assert git(b.data, "diff", "--name-only", "--diff-filter=U") == ""
    git(b.data, "push", "-q", "origin", "HEAD:main")
    git(a.data, "pull", "-q", "--no-edit", "origin", "main")

    # Both machines see one office: every change of both sides, each once.
    office = a.the_office(day)
    assert office == b.the_office(day)
    assert set(office["events"]) == seen[a] | seen[b]  # type: ignore[index]
    assert office["roster"] == {"chi-bo": ("Các chi bộ cơ sở", ["hau-thao", "lao-chai", "ta-van"])}
    assert office["april"] == {"ta-van": "2022-05-03", "hau-thao": None, "lao-chai": None, "chi-bo": None}
    # Of the two versions of the year plan installed at once, the later is read, the other named.
    title, _state, rivals = office["plans"][YEAR]  # type: ignore[index]
    assert title.endswith("(bản của Văn phòng)")
    assert [r["source"] for r in rivals] == ["12-KH-ThU-v2.toml"]
    plans = a.json(day, "plan", "list")
    assert [p["default"] for p in plans if p["id"] == CAMPAIGN] == [True]
    # Only data travels: no lock, no temporary file, and nothing left to commit.
    tracked = git(a.data, "ls-files").splitlines()
    assert not [name for name in tracked if name.endswith((".lock", ".tmp"))], tracked
    assert git(a.data, "status", "--porcelain") == "" and git(b.data, "status", "--porcelain") == ""


# ---- a sync tool's conflict copies ------------------------------------------------------------------

CONFLICT_NAMES = [  # how sync tools name the copy they keep of a file changed on two sides
    "{stem} (conflicted copy 2022-05-03).toml",  # Dropbox, Nextcloud
    "{stem}.sync-conflict-20220503-101500-ABCDEFG.toml",  # Syncthing
    "{stem}-PC-KETOAN.toml",  # OneDrive: the machine's name
    "{stem} (Bản sao xung đột của Máy B 2022-05-03).toml",  # a localised client
]


def copy_across(source: Path, target: Path) -> None:
    """What a sync tool does with the files of the workspace: each one the other side lacks, or has
    older, arrives whole."""
    for path in sorted((source / "_workspace").rglob("*")):
        if path.is_file():
            there = target / path.relative_to(source)
            there.parent.mkdir(parents=True, exist_ok=True)
            if not there.exists() or there.read_bytes() != path.read_bytes():
                shutil.copy2(path, there)


def test_conflict_copies_of_the_change_files_lose_nothing_and_count_nothing_twice(tmp_path):
    a, b = Machine(tmp_path, "a"), Machine(tmp_path, "b")
    day = "2022-05-02"
    a(day, "roster", "add-unit", "chi-bo", "Các chi bộ trực thuộc Thị ủy")
    a(day, "roster", "add-member", "chi-bo", "Chi bộ Tả Van", "--id", "ta-van")
    a(day, "plan", "add", a.plan_file("12-KH-ThU.toml", YEAR_PLAN))
    b.data.mkdir(parents=True)
    copy_across(a.data, b.data)
    changes = a.data / "_workspace" / "changes"
    [a_roster] = changes.glob("roster.*.toml")
    [a_plans] = changes.glob("plans.*.toml")
    older_roster, older_plans = a_roster.read_bytes(), a_plans.read_bytes()

    # Both sides go on; A's files, changed meanwhile, reach B beside B's older copies of them, as
    # conflict copies of every kind.
    day = "2022-05-03"
    a(day, "roster", "add-member", "chi-bo", "Chi bộ Lao Chải", "--id", "lao-chai")
    a(day, "plan", "add", "--replace", a.plan_file("12-KH-ThU-v3.toml", YEAR_V3))
    b(day, "roster", "add-member", "chi-bo", "Chi bộ Hầu Thào", "--id", "hau-thao")
    b(day, "plan", "close", YEAR, "--note", "Chuyển sang kế hoạch mới")
    b_changes = b.data / "_workspace" / "changes"
    for pattern in CONFLICT_NAMES:
        (b_changes / pattern.format(stem=a_roster.stem)).write_bytes(older_roster)
        (b_changes / pattern.format(stem=a_plans.stem)).write_bytes(older_plans)
    copy_across(a.data, b.data)
    copy_across(b.data, a.data)
    # And where a sync tool kept the stale file under its own name and put the newer one aside as a
    # copy, what only the copy holds is read: a machine C's member, known to B through its copies alone.
    c = Machine(tmp_path, "c")
    c.data.mkdir(parents=True)
    copy_across(b.data, c.data)
    c(day, "roster", "add-member", "chi-bo", "Chi bộ Sa Pả", "--id", "sa-pa-2")
    [c_roster] = [p for p in (c.data / "_workspace" / "changes").glob("roster.*.toml")
                  if p.name not in {q.name for q in b_changes.glob("roster.*.toml")}]
    (b_changes / c_roster.name).write_bytes(b"format = 1\n")  # the stale one: nothing yet
    for pattern in CONFLICT_NAMES[:1]:
        (b_changes / pattern.format(stem=c_roster.stem)).write_bytes(c_roster.read_bytes())
    assert "sa-pa-2" in b.json(day, "roster", "list")[0]["member_ids"]
    (b_changes / c_roster.name).unlink()
    (b_changes / CONFLICT_NAMES[0].format(stem=c_roster.stem)).unlink()

    for machine in (a, b):
        roster = machine.json(day, "roster", "list")
        assert [(u["id"], sorted(u["member_ids"])) for u in roster] == [
            ("chi-bo", ["hau-thao", "lao-chai", "ta-van"])]
        [plan] = machine.json(day, "plan", "list")
        assert (plan["state"], plan["title"].endswith("(bản của Văn phòng)")) == ("closed", True)
    # A conflict copy of a file of this machine's own is read, never written: the next change goes
    # to its own file, and the copies stay as they were.
    b(day, "roster", "add-member", "chi-bo", "Chi bộ Bản Hồ")
    for pattern in CONFLICT_NAMES:
        assert (b_changes / pattern.format(stem=a_roster.stem)).read_bytes() == older_roster
    assert len([u for u in b.json(day, "roster", "list")[0]["member_ids"]]) == 4
