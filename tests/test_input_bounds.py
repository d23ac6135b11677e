"""Input at the edges: absurd years, impossible dates, deeply nested files, files that are not files.

Each of these once ended in a traceback (or, for a FIFO, in a command that never returned). Every
one must now be a single clear line in the user's language with the documented exit code: 2 for a
bad argument or import file, 4 for an invalid plan. Every run has an explicit `--today` and its
own data directory inside tmp_path (the `run` fixture).
"""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from ledger_support import one_line, snapshot
from sample_plans import QUARTERLY_PLAN, line_of, replace_once

TODAY = "20/06/2022"
EXIT_USAGE = 2
EXIT_PLAN_INVALID = 4
OUT = "ngoài khoảng 1900–2200"
DEEP = 3000  # far past the recursion limit of any parser, far below what a file can hold


@pytest.fixture
def sapa(run) -> Callable[..., object]:
    """`sapa("status", today="31/12/2200", lang="en")`: run with an explicit `--today`."""

    def invoke(*args: object, today: str = TODAY, lang: str = "vi"):
        return run("--today", today, "--lang", lang, *args)

    return invoke


def refused(result, exit_code: int = EXIT_USAGE) -> str:
    """The one line `sapa: ...` of a refused command: right exit code, no output, no traceback."""
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.output
    line = one_line(result.stderr)
    assert line.startswith("sapa: "), line
    return line


def ok(result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.output
    return result.stdout


def broken(*changes: tuple[str, str]) -> str:
    text = QUARTERLY_PLAN
    for old, new in changes:
        text = replace_once(text, old, new)
    return text


# ---- 1. years and dates typed as arguments -------------------------------------------------------

@pytest.mark.parametrize("args, value", [
    (("submit", "mttq", "0000-H1"), "0000-H1"),
    (("reports", "--period", "0000-Y"), "0000-Y"),
    (("checklist", "quy1-0000"), "quy1-0000"),
    (("checklist", "6t-0000"), "6t-0000"),
])
def test_a_period_in_year_zero_is_refused_naming_it(sapa, args, value):
    line = refused(sapa(*args))
    assert line == f"sapa: kỳ báo cáo '{value}' có năm 0, ngoài khoảng 1900–2200"


def test_a_period_in_year_zero_is_refused_in_english(sapa):
    line = refused(sapa("submit", "mttq", "0000-H1", lang="en"))
    assert line == "sapa: period '0000-H1' has year 0, outside 1900–2200"


@pytest.mark.parametrize("args, value, year", [
    (("mark", "III.1.1", "done", "--date", "01/01/0001"), "01/01/0001", 1),
    (("submit", "mttq", "2022-H1", "--date", "0001-01-01"), "0001-01-01", 1),
    (("history", "--since", "1/1/9999"), "1/1/9999", 9999),
])
def test_a_date_argument_with_an_absurd_year_is_refused(sapa, args, value, year):
    line = refused(sapa(*args))
    assert line == f"sapa: ngày '{value}' có năm {year}, ngoài khoảng 1900–2200"


@pytest.mark.parametrize("today", ["1/1/9999", "01/01/0001", "31/12/1899", "01/01/2201"])
def test_today_with_an_absurd_year_is_refused(run, today):
    line = refused(run("--today", today, "--lang", "en", "status"))
    assert line.startswith(f"sapa: date '{today}' has year ")
    assert line.endswith(", outside 1900–2200")


def test_the_first_and_last_years_allowed_are_accepted(sapa):
    ok(sapa("units", today="01/01/1900"))
    ok(sapa("units", today="31/12/2200"))


FORMATS_VI, FORMATS_EN = "(ngày viết dd/mm/yyyy hoặc yyyy-mm-dd)", "(dates are dd/mm/yyyy or yyyy-mm-dd)"


@pytest.mark.parametrize("typed, day, month, year", [
    ("31/02/2022", 31, 2, 2022), ("29/02/2023", 29, 2, 2023), ("2022-02-30", 30, 2, 2022), ("31/4/2022", 31, 4, 2022),
    ("0/1/2022", 0, 1, 2022),
])
def test_a_date_that_does_not_exist_says_so(sapa, typed, day, month, year):
    assert refused(sapa("history", "--since", typed)) == (
        f"sapa: ngày '{typed}' không tồn tại: tháng {month} năm {year} không có ngày {day} {FORMATS_VI}")
    assert refused(sapa("history", "--since", typed, lang="en")) == (
        f"sapa: date '{typed}' does not exist: month {month} of {year} has no day {day} {FORMATS_EN}")


@pytest.mark.parametrize("typed", ["01/13/2022", "2022-13-01", "12/00/2022"])
def test_a_month_that_does_not_exist_says_so(run, typed):
    month = 13 if "13" in typed else 0
    line = refused(run("--today", typed, "status"))
    assert line == f"sapa: ngày '{typed}' không tồn tại: không có tháng {month} {FORMATS_VI}"


def test_a_badly_written_date_still_shows_the_formats(sapa):
    assert "dd/mm/yyyy" in refused(sapa("history", "--since", "31.02"))


# ---- 2. plans with absurd years, months or days ---------------------------------------------------

@pytest.mark.parametrize("old, new, message", [
    ('first = "2024-Q1"', 'first = "0001-Y"', f"reporting.first: kỳ báo cáo '0001-Y' có năm 1, {OUT}"),
    ('last = "2025-Q4"', 'last = "9999-Y"', f"reporting.last: kỳ báo cáo '9999-Y' có năm 9999, {OUT}"),
    ("months_after_end = 1\nday = 10", "months_after_end = 1000000\nday = 10",
     "reporting.rules[0].due[0].months_after_end: số tháng sau kỳ 1000000 phải từ 0 đến 24"),
    ("months_after_end = 1\nday = 20", "months_after_end = -3\nday = 20",
     "reporting.rules[1].due[0].months_after_end: số tháng sau kỳ -3 phải từ 0 đến 24"),
    ("months_after_end = 1\nday = 20", "months_after_end = 25\nday = 20",
     "reporting.rules[1].due[0].months_after_end: số tháng sau kỳ 25 phải từ 0 đến 24"),
    ("start = 2024-01-15", "start = 0001-01-15", f"plan.start: ngày '0001-01-15' có năm 1, {OUT}"),
    ("end = 2025-12-31", "end = 9999-12-31", f"plan.end: ngày '9999-12-31' có năm 9999, {OUT}"),
    ("issued = 2024-01-15", "issued = 1899-12-31", f"plan.issued: ngày '1899-12-31' có năm 1899, {OUT}"),
    ("due = 2024-06-30", "due = 9999-12-31", f"items[1].due: ngày '9999-12-31' có năm 9999, {OUT}"),
    ("due = 2024-03-31", "due = 0001-01-01", f"items[6].due: ngày '0001-01-01' có năm 1, {OUT}"),
    ("day = 10", "day = -5", "reporting.rules[0].due[0].day: ngày -5 phải từ 1 đến 31"),
    ("month = 12", "month = 1000000", "reporting.rules[1].due[1].month: tháng 1000000 phải từ 1 đến 12"),
])
def test_a_plan_with_an_absurd_date_is_invalid_with_file_and_line(sapa, write_plan, old, new, message):
    text = broken((old, new))
    path = write_plan(text)
    line = line_of(text, new.splitlines()[0])
    assert refused(sapa("plan", "check", path), EXIT_PLAN_INVALID) == f"sapa: {path}:{line}: {message}"
    # and every other command says the same, instead of crashing on the calendar
    for command in (("status",), ("reports", "--all"), ("remind",), ("export", "--format", "ics")):
        assert refused(sapa("--plan", path, *command), EXIT_PLAN_INVALID).startswith(f"sapa: {path}:{line}: ")


WIDE_PLAN_CHANGES = (
    ('first = "2024-Q1"', 'first = "1900-Q1"'), ('last = "2025-Q4"', 'last = "2200-Q4"'),
    ("start = 2024-01-15", "start = 1900-01-01"), ("end = 2025-12-31", "end = 2200-12-31"),
    ("due = 2024-06-30", "due = 2200-12-31"), ("due = 2024-03-31", "due = 1900-01-01"),
    ("months_after_end = 1\nday = 10", "months_after_end = 24\nday = 31"),
)


@pytest.mark.parametrize("today", ["01/01/1900", "20/06/2022", "31/12/2200"])
def test_a_plan_spanning_1900_to_2200_works_everywhere(sapa, write_plan, tmp_path, today):
    path = write_plan(broken(*WIDE_PLAN_CHANGES))
    started = time.monotonic()
    ok(sapa("plan", "check", path, today=today))
    rows = json.loads(ok(sapa("--plan", path, "reports", "--all", "--json", today=today)))
    # 1,204 quarters for hnd, phong-nn and the consolidating bdv, and 301 annual reports of bdv
    assert len(rows) == 1204 * 3 + 301
    assert {"1900-Q1", "1900-Y", "2200-Q4", "2200-Y"} <= {row["period"] for row in rows}
    assert max(row["due"] for row in rows) == "2202-12-31"  # 24 months after 2200-Q4
    for command in (("status",), ("duties",), ("overdue",), ("remind",), ("plan", "show"),
                    ("checklist", "nam-2200"), ("checklist", "quy1-1900"),
                    ("export", "--format", "ics"), ("export", "--format", "csv"),
                    ("export", "--format", "json"), ("export", "--format", "toml")):
        ok(sapa("--plan", path, *command, today=today))
    ok(sapa("--plan", path, "submit", "hnd", "2200-Q4", today="31/12/2200"))
    ok(sapa("--plan", path, "submit", "hnd", "1900-Q1", "--date", "01/04/1900", today="31/12/2200"))
    assert time.monotonic() - started < 60  # finite and reasonably fast, not a runaway calendar


# ---- 3. nesting too deep for the parsers ----------------------------------------------------------

TOO_DEEP = "lồng mảng hoặc bảng quá sâu"


def test_a_plan_with_an_array_nested_thousands_deep_names_its_line(sapa, write_plan):
    deep_line = "x = " + "[" * DEEP + "]" * DEEP
    text = broken(("[plan]\n", f"{deep_line}\n\n[plan]\n"))
    path = write_plan(text)
    line = line_of(text, "x = [[[")
    assert refused(sapa("plan", "check", path), EXIT_PLAN_INVALID) == (
        f"sapa: {path}:{line}: {TOO_DEEP}")
    assert refused(sapa("--plan", path, "status", lang="en"), EXIT_PLAN_INVALID) == (
        f"sapa: {path}:{line}: arrays or tables nested too deeply")


def test_a_plan_with_inline_tables_nested_thousands_deep_is_invalid(sapa, write_plan):
    text = broken(("[plan]\n", "x = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n\n[plan]\n"))
    path = write_plan(text)
    assert refused(sapa("plan", "check", path), EXIT_PLAN_INVALID) == (
        f"sapa: {path}:{line_of(text, 'x = {a = ')}: {TOO_DEEP}")


def test_a_plan_with_a_dotted_key_thousands_deep_is_invalid(sapa, write_plan):
    # tomllib reads it without recursing; the tables it makes are as deep, for whatever walks them.
    text = broken(("[plan]\n", ".".join(["a"] * DEEP) + " = 1\n\n[plan]\n"))
    path = write_plan(text)
    assert refused(sapa("plan", "check", path), EXIT_PLAN_INVALID) == (
        f"sapa: {path}:{line_of(text, 'a.a.a')}: {TOO_DEEP}")


def exported(sapa, tmp_path: Path, fmt: str) -> Path:
    """An export of the bundled plan's ledger holding one event."""
    ok(sapa("mark", "III.1.1", "doing", "--note", "đang làm"))
    path = tmp_path / f"export.{fmt}"
    ok(sapa("export", "--format", fmt, "-o", path))
    return path


def import_refused(sapa, tmp_path: Path, path: Path, lang: str = "vi") -> str:
    """The message of an import that must change nothing."""
    before = snapshot(tmp_path)
    line = refused(sapa("import", path, lang=lang))
    assert snapshot(tmp_path) == before
    return line


UNCHANGED = "; sổ tiến độ của bạn không thay đổi"


def test_importing_a_json_file_of_a_hundred_thousand_brackets(sapa, tmp_path):
    path = tmp_path / "brackets.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    assert import_refused(sapa, tmp_path, path) == (
        f"sapa: không nhập được {path}:1: {TOO_DEEP}{UNCHANGED}")


def test_importing_a_json_file_of_objects_nested_deep(sapa, tmp_path):
    path = tmp_path / "objects.json"
    path.write_text('{"a": ' * 100_000, encoding="utf-8")
    assert import_refused(sapa, tmp_path, path, lang="en") == (
        f"sapa: cannot import {path}:1: arrays or tables nested too deeply; your ledger is unchanged")


@pytest.mark.parametrize("depth", [300, 900, DEEP])
def test_importing_a_json_export_with_a_deeply_nested_note(sapa, tmp_path, depth):
    # From depths json reads but tomli_w or tomllib, reading it next, do not, to one json refuses.
    path = exported(sapa, tmp_path, "json")
    document = json.loads(path.read_text(encoding="utf-8"))
    document["events"][0]["note"] = "NOTE"
    text = json.dumps(document, ensure_ascii=False, indent=2)
    path.write_text(text.replace('"NOTE"', "[" * depth + "]" * depth), encoding="utf-8")
    line = import_refused(sapa, tmp_path, path)
    # Where json or tomli_w gave up, the line of the JSON; where only the ledger parser did, the event.
    assert line in (f"sapa: không nhập được {path}:{line_of(text, 'NOTE')}: {TOO_DEEP}{UNCHANGED}",
                    f"sapa: không nhập được {path}: events[0]: {TOO_DEEP}{UNCHANGED}")


def test_importing_a_toml_file_nested_deep(sapa, tmp_path):
    path = exported(sapa, tmp_path, "toml")
    text = path.read_text(encoding="utf-8") + "\nx = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n"
    path.write_text(text, encoding="utf-8")
    assert import_refused(sapa, tmp_path, path) == (
        f"sapa: không nhập được {path}:{line_of(text, 'x = {a')}: {TOO_DEEP}{UNCHANGED}")


def test_an_export_with_its_usual_nesting_still_imports(sapa, tmp_path):
    for fmt in ("json", "toml"):
        ok(sapa("import", exported(sapa, tmp_path, fmt)))


# ---- 4. import of what is not a regular file --------------------------------------------------

NOT_A_FILE = "không phải tệp thường mà là thư mục, thiết bị hoặc đường ống"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_importing_a_fifo_is_refused_without_waiting_for_a_writer(sapa, tmp_path):
    fifo = tmp_path / "ledger.toml"
    os.mkfifo(fifo)
    finished = threading.Event()
    waited: list[bool] = []

    def release_a_blocked_reader() -> None:
        # Opening the write end without blocking succeeds only while someone has opened the read
        # end: sapa, stuck. Then closing it gives sapa an end of file, so the test fails, not hangs.
        while not finished.wait(0.02):
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                continue
            waited.append(True)
            return

    watchdog = threading.Thread(target=release_a_blocked_reader, daemon=True)
    watchdog.start()
    try:
        line = import_refused(sapa, tmp_path, fifo)
    finally:
        finished.set()
        watchdog.join()
    assert not waited, "sapa opened the FIFO and waited for a writer"
    assert line == f"sapa: không nhập được {fifo}: {NOT_A_FILE}{UNCHANGED}"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # left alone


def test_importing_a_folder_is_refused(sapa, tmp_path):
    folder = tmp_path / "exports.json"
    folder.mkdir()
    assert import_refused(sapa, tmp_path, folder) == f"sapa: không nhập được {folder}: {NOT_A_FILE}{UNCHANGED}"
    assert import_refused(sapa, tmp_path, folder, lang="en") == (
        f"sapa: cannot import {folder}: not a regular file but a folder, device or pipe; your ledger is unchanged")


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="POSIX devices")
def test_importing_a_device_is_refused(sapa, tmp_path):
    # /dev/null, not an endless device like /dev/zero: should the check go, the test must fail,
    # not read until memory runs out.
    device = "/dev/null"
    assert import_refused(sapa, tmp_path, Path(device)) == f"sapa: không nhập được {device}: {NOT_A_FILE}{UNCHANGED}"


def test_importing_a_file_that_does_not_exist_still_says_so(sapa, tmp_path):
    line = import_refused(sapa, tmp_path, tmp_path / "missing.json")
    assert line.startswith(f"sapa: không đọc được tệp {tmp_path / 'missing.json'}: ")


# ---- 5. a CSV export given to import ----------------------------------------------------------

IS_CSV = "đây là tệp xuất CSV; lệnh `import` chỉ đọc JSON hoặc TOML (xuất bằng --format json)"


def test_reimporting_a_csv_export_says_it_is_csv(sapa, tmp_path):
    path = exported(sapa, tmp_path, "csv")
    assert import_refused(sapa, tmp_path, path) == (
        f"sapa: không nhập được {path}: {IS_CSV}{UNCHANGED}")
    assert import_refused(sapa, tmp_path, path, lang="en") == (
        f"sapa: cannot import {path}: this is a CSV export; `import` reads JSON or TOML "
        "(export with --format json); your ledger is unchanged")


@pytest.mark.parametrize("name", ["bao-cao.txt", "bao-cao.toml", "bao-cao.json", "bao-cao"])
def test_a_csv_export_is_known_by_its_content_whatever_its_name(sapa, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(exported(sapa, tmp_path, "csv").read_bytes())
    assert import_refused(sapa, tmp_path, path) == f"sapa: không nhập được {path}: {IS_CSV}{UNCHANGED}"


def test_a_csv_export_resaved_without_its_bom_is_still_known(sapa, tmp_path):
    path = exported(sapa, tmp_path, "csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfrecord,id,kind,")
    path = tmp_path / "resaved.txt"
    path.write_bytes(raw.removeprefix(b"\xef\xbb\xbf"))
    assert import_refused(sapa, tmp_path, path) == f"sapa: không nhập được {path}: {IS_CSV}{UNCHANGED}"
