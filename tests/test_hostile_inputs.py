"""Inputs a careless or hostile hand gives sapa (issue 19): a TOML export saved by Notepad, a huge
file to import, names too long for the system, a data folder that is a file or cannot be read.
Each is one line on stderr with its documented exit code, never a traceback or exit 1."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from cli_support import sapa
from helpers import fail, ok
from ledger_support import PLAN_ID, data_dir, ledger_events, subprocess_env

from sapa_propaganda.errors import UsageError
from sapa_propaganda.storage import foreign, safe_files

TODAY = "20/06/2022"
BOM = b"\xef\xbb\xbf"
LONG = "x" * 300  # longer than any file name the system allows (255 bytes)
MIB = 1024 * 1024


def run(tmp_path: Path, *args: object, **kwargs):
    return sapa(tmp_path, "--today", TODAY, *args, **kwargs)


def some_progress(tmp_path: Path) -> None:
    ok(run(tmp_path, "mark", "III.1.1", "xong", "--note", "Đã triển khai"))
    ok(run(tmp_path, "mark", "III.2.1", "dang"))


# ---- 1. a TOML export saved with a byte order mark --------------------------------------------

@pytest.mark.parametrize("suffix", ["toml", "json"])
def test_an_export_saved_by_notepad_with_a_byte_order_mark_imports(tmp_path, suffix):
    some_progress(tmp_path)
    exported = tmp_path / f"x.{suffix}"
    run(tmp_path, "export", "-o", exported)
    assert exported.is_file()
    exported.write_bytes(BOM + exported.read_bytes())
    other = tmp_path / "other"
    result = run(other, "import", exported)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.output
    assert {e["id"] for e in ledger_events(other)} == {e["id"] for e in ledger_events(tmp_path)}
    assert len(ledger_events(other)) == 2


@pytest.mark.parametrize("garbage", [b"format = = 1\n", b"format = [\n", b"plan = \"\xff\xfe\"\n",
                                     BOM + b"[[events]\n", BOM + BOM + b"format = 1\n"])
def test_an_invalid_or_undecodable_toml_import_is_one_line(tmp_path, garbage):
    path = tmp_path / "garbage.toml"
    path.write_bytes(garbage)
    message = fail(run(tmp_path, "import", path), 2)
    assert str(path) in message


# ---- 2. a file too big to import ------------------------------------------------------------

def test_a_huge_import_is_refused_by_its_size_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.toml"
    with open(huge, "wb") as handle:
        handle.truncate(300 * MIB)  # sparse: no disk used
    real_open = os.open
    opened: list[str] = []

    def spy(path, *args, **kwargs):
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    with mock.patch.object(os, "open", spy):
        result = run(tmp_path, "import", huge)
    message = fail(result, 2)
    assert str(huge) in message and "256 MiB" in message
    assert str(huge) not in opened  # refused on its size alone, never opened


def test_an_import_that_grows_while_read_is_read_no_further_than_the_cap(tmp_path):
    path = tmp_path / "growing.toml"
    path.write_bytes(b"#" * 5000)
    small = os.stat(path)
    as_if_small = os.stat_result((small.st_mode, small.st_ino, small.st_dev, small.st_nlink, small.st_uid,
                                  small.st_gid, 10, small.st_atime, small.st_mtime, small.st_ctime))
    read_sizes: list[int] = []
    real_fdopen = os.fdopen

    class Spy:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def fileno(self):
            return self.handle.fileno()

        def read(self, size=-1):
            read_sizes.append(size)
            return self.handle.read(size)

    with (mock.patch.object(foreign, "MAX_FILE_BYTES", 1000),
          mock.patch.object(os, "stat", lambda *a, **k: as_if_small),
          mock.patch.object(os, "fstat", lambda *a, **k: as_if_small),
          mock.patch.object(os, "fdopen", lambda *a, **k: Spy(real_fdopen(*a, **k)))):
        with pytest.raises(UsageError) as raised:
            foreign._read_regular_file(path)
    assert raised.value.key == "import_bad_file" and raised.value.params["where"] == str(path)
    assert read_sizes == [1001]  # never the whole file


def test_a_ledger_that_grows_while_read_is_refused_not_returned_whole(tmp_path):
    path = tmp_path / "ledger-2022-06.toml"
    path.write_bytes(b"#" * 5000)
    real_fstat = os.fstat

    def as_if_small(descriptor):
        info = real_fstat(descriptor)
        return os.stat_result((info.st_mode, info.st_ino, info.st_dev, info.st_nlink, info.st_uid,
                               info.st_gid, 10, info.st_atime, info.st_mtime, info.st_ctime))

    with mock.patch.object(os, "fstat", as_if_small), pytest.raises(OSError) as raised:
        safe_files.open_regular(path, limit=1000)
    assert raised.value.errno == errno.EFBIG


# ---- 3. names too long for the system ---------------------------------------------------------

@pytest.mark.parametrize("command", [["status"], ["info"], ["mark", "III.1.1", "xong"], ["duties"]])
def test_a_plan_name_too_long_is_a_usage_error(tmp_path, command):
    message = fail(run(tmp_path, "--plan", LONG, *command), 2)
    assert LONG in message and "tên tệp quá dài" in message
    english = fail(run(tmp_path, "--lang", "en", "--plan", LONG, *command), 2)
    assert "File name too long" in english and "plan file" in english


@pytest.mark.parametrize("command", [["status"], ["info"], ["mark", "III.1.1", "xong"]])
def test_a_data_folder_name_too_long_is_one_line_naming_the_folder(tmp_path, command):
    folder = tmp_path / LONG / "data"
    message = fail(run(tmp_path, "--data", folder, "--lang", "en", *command), 5)
    assert f"data folder {folder}: File name too long" in message


def test_an_output_or_import_name_too_long_is_one_line(tmp_path):
    message = fail(run(tmp_path, "--lang", "en", "export", "-o", tmp_path / f"{LONG}.json"), 2)
    assert "File name too long" in message
    message = fail(run(tmp_path, "--lang", "en", "status", "-o", tmp_path / f"{LONG}.docx"), 2)
    assert "File name too long" in message
    message = fail(run(tmp_path, "--lang", "en", "import", tmp_path / f"{LONG}.json"), 2)
    assert "File name too long" in message


# ---- 4. a data folder that cannot be used -----------------------------------------------------

@pytest.mark.parametrize("command", [["info"], ["status"], ["duties"], ["mark", "III.1.1", "xong"]])
def test_a_data_folder_under_a_file_says_what_is_wrong(tmp_path, command):
    afile = tmp_path / "afile"
    afile.write_text("not a folder", encoding="utf-8")
    message = fail(run(tmp_path, "--data", afile / "sub", *command), 5)
    assert str(afile / "sub") in message and "không phải thư mục" in message
    english = fail(run(tmp_path, "--lang", "en", "--data", afile, *command), 5)
    assert f"cannot use the data folder {afile}: Not a directory" in english


def test_a_path_the_system_calls_unreadable_is_judged_where_it_is_used_not_by_the_parser(tmp_path):
    """Typer's own check (os.access) said only "invalid value for --data"; as root it never fails,
    so what a user without the right sees is made here by denying it."""
    some_progress(tmp_path)
    folder = str(data_dir(tmp_path))
    real_access = os.access

    def denied(path, mode, *args, **kwargs):
        return False if os.fspath(path) == folder else real_access(path, mode, *args, **kwargs)

    with mock.patch.object(os, "access", denied):
        shown = ok(run(tmp_path, "--data", folder, "info"))
    assert PLAN_ID in shown


def _unreadable_run(tmp_path: Path, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`sapa ARGS` as a process that chmod 000 keeps out of `folder`: as it is, or, run as root
    (who reads everything), with the capabilities that let root past file permissions dropped."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("run as root, and no setpriv to drop root's right to read any folder")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search",
                  "--inh-caps=-dac_override,-dac_read_search"]
        probe = subprocess.run([*prefix, sys.executable, "-c", "import os, sys\ntry:\n    os.listdir(sys.argv[1])\n"
                                "except PermissionError:\n    print('denied')", str(folder)],
                               capture_output=True, text=True)
        if probe.stdout.strip() != "denied":
            pytest.skip("run as root, and root's capabilities could not be dropped to keep it out of a chmod 000 "
                        "folder")
    return subprocess.run([*prefix, sys.executable, "-m", "sapa_propaganda", "--today", TODAY, *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          env=subprocess_env(tmp_path, lang="en"))


@pytest.mark.skipif(sys.platform == "win32", reason="chmod 000 does not deny reading on Windows")
@pytest.mark.parametrize("command", [["info"], ["status"]])
def test_a_data_folder_that_cannot_be_read_says_so(tmp_path, command):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = _unreadable_run(tmp_path, locked, "--data", str(locked), *command)
    finally:
        locked.chmod(0o755)
    assert result.returncode == 5, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"sapa: cannot use the data folder {locked}: Permission denied "
                                          "(see --data or SAPA_DATA)"]
