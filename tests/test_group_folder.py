"""A data folder shared by the office's group on one server (setgid, group-writable): two users
of the group, each with a home of their own, change the roster, the workspace and the ledgers in
turns (issue 19). Each writes only files of their own, in folders the group may write, so the
second clerk is never locked out by what the first one made.

It needs to act as two users: it runs as root, which starts each command as another user of a
group made up for the test, and is skipped elsewhere, or where those users cannot run Python.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest
from test_clerk_two_months import YEAR_PLAN

ROOT = Path(__file__).resolve().parent.parent
GROUP = 47_310  # ids no real account is likely to have
CLERKS = (47_311, 47_312)

pytestmark = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0,
                                reason="acting as two users of one group needs root (to start their processes)")


def _python() -> str | None:
    """An interpreter the clerks may run: this one, unless it lives where they cannot reach (a
    root-only home), else the system's of the same version."""
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    for candidate in (sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        path = Path(candidate).resolve()
        if path.is_file() and all(os.stat(p).st_mode & stat.S_IXOTH for p in path.parents):
            return str(path)
    return None


@pytest.fixture
def office():
    """The shared folder (root:GROUP, 2775, as an administrator sets one up), two clerks' homes,
    and `clerk(n, *args)`: `sapa ARGS` as clerk n, umask 022."""
    python = _python()
    if python is None:
        pytest.skip("no Python interpreter the test users may run")
    base = Path(tempfile.mkdtemp(prefix="sapa-group-", dir="/tmp"))
    os.chmod(base, 0o755)
    shared = base / "data"
    shared.mkdir()
    os.chown(shared, 0, GROUP)
    os.chmod(shared, 0o2775)
    plan = base / "12-KH-ThU.toml"
    plan.write_text(YEAR_PLAN, encoding="utf-8")
    os.chmod(plan, 0o644)
    site = sysconfig.get_paths()["purelib"]

    def clerk(number: int, *args: object) -> subprocess.CompletedProcess[str]:
        uid = CLERKS[number - 1]
        home = base / f"home{number}"
        if not home.exists():
            home.mkdir(mode=0o700)
            os.chown(home, uid, GROUP)
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
               "XDG_CACHE_HOME": str(home / ".cache"), "PYTHONPATH": os.pathsep.join([str(ROOT), site]),
               "SAPA_LANG": "vi", "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
        # cwd: `-m` puts the working folder first on sys.path, which must not be this checkout's.
        return subprocess.run([python, "-m", "sapa_propaganda", "--data", str(shared), "--today", "2022-05-03",
                               *map(str, args)], user=uid, group=GROUP, extra_groups=[GROUP], umask=0o022, env=env,
                              cwd=base, capture_output=True, text=True, encoding="utf-8", timeout=120)

    probe = clerk(1, "--version")
    if probe.returncode != 0:
        shutil.rmtree(base)
        pytest.skip(f"the test users cannot run sapa here: {probe.stderr.strip()[-200:]}")
    yield clerk, shared, plan
    shutil.rmtree(base)


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, (done.args[6:], done.returncode, done.stderr)
    return done.stdout


def test_the_second_clerk_of_the_group_changes_the_roster_the_workspace_and_the_ledgers(office):
    clerk, shared, plan = office
    ok(clerk(1, "roster", "add-unit", "chi-bo", "Các chi bộ trực thuộc Thị ủy"))
    ok(clerk(1, "roster", "add-member", "chi-bo", "Chi bộ Tả Van", "--id", "ta-van"))
    ok(clerk(1, "plan", "add", plan))
    ok(clerk(1, "mark", "I.1", "dang"))
    # The second clerk, another user of the group, adds to everything the first one made.
    ok(clerk(2, "roster", "add-member", "chi-bo", "Chi bộ Hầu Thào", "--id", "hau-thao"))
    ok(clerk(2, "roster", "rename-unit", "chi-bo", "Các chi bộ cơ sở"))
    ok(clerk(2, "plan", "use", "hoc-tap-lam-theo-bac-2022"))
    ok(clerk(2, "plan", "close", "hoc-tap-lam-theo-bac-2022", "--note", "Tạm dừng"))
    ok(clerk(2, "plan", "reopen", "hoc-tap-lam-theo-bac-2022"))
    ok(clerk(2, "mark", "I.2", "xong"))
    ok(clerk(2, "submit", "hau thao", "T4/2022", "--ref", "09-BC/CB"))
    # And the first again, after the second.
    ok(clerk(1, "roster", "add-member", "chi-bo", "Chi bộ Lao Chải", "--id", "lao-chai"))
    assert ok(clerk(1, "undo")).startswith("Đã hoàn tác: I.1")
    listed = ok(clerk(1, "roster", "list")).splitlines()
    assert listed[1].split("\t")[1] == "Các chi bộ cơ sở"
    assert listed[1].split("\t")[4] == "Chi bộ Tả Van; Chi bộ Hầu Thào; Chi bộ Lao Chải"
    assert "I.2\tI\tHoàn thành" in ok(clerk(2, "duties", "--all"))
    # Every folder made is the group's to write, and keeps the setgid bit; no lock in the folder.
    for path in shared.rglob("*"):
        info = path.lstat()
        assert path.suffix != ".lock", path
        if stat.S_ISDIR(info.st_mode):
            assert info.st_mode & 0o2070 == 0o2070, (path, oct(info.st_mode))
        assert info.st_gid == GROUP, path
