"""Regression tests for recent fixes, each seen from the user's side of the command line.

Every run has an explicit today (`--today`, over the SAPA_TODAY the fixtures set) and its own
data directory inside tmp_path. Nothing here reads or writes a ledger file directly: ledgers are
compared as whole folders (`ledger_support.snapshot`), so the tests do not depend on the
ledger's format.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from deadline_support import MINI_PLAN
from ledger_support import no_ledger_files, one_line, snapshot, subprocess_env

TODAY = "2022-06-20"
PLAN_START = "24/05/2021"  # the bundled plan's start
CONTENT_IDS = ["II.1.1.1", "II.1.1.2", "II.1.1.3", "II.1.1.4", "II.1.1.5", "II.1.1.6", "II.1.1.7",
               "II.1.2.1", "II.1.2.2", "II.1.3"]
FORMS_WITHOUT_UNITS = ["II.2.1.2", "II.2.1.3", "II.2.1.3.1", "II.2.1.3.2", "II.2.2.1", "II.2.2.2",
                       "II.2.3.1", "II.2.4.1", "II.2.4.2", "II.2.5.1", "II.2.6.1"]
DUTY_IDS = ["III.1.1", "III.1.2", "III.1.3", "III.1.4", "III.1.5", "III.1.6", "III.2.1", "III.2.2",
            "III.2.3", "III.3.1.1", "III.3.2.1", "III.4.1", "III.4.2", "III.4.3"]
MTTQ_NAME = "Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thị xã"


# ---- helpers -------------------------------------------------------------------------------

@pytest.fixture
def sapa(run) -> Callable[..., object]:
    """`sapa("duties", today="2022-01-05")`: run with an explicit `--today` (TODAY by default)."""

    def invoke(*args: object, today: str = TODAY, env: dict[str, str | None] | None = None):
        return run("--today", today, *args, env=env)

    return invoke


def ok(result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr == "", result.stderr
    return result.stdout


def refused(result, exit_code: int = 2) -> str:
    """The one line `sapa: ...` of a refused command: right exit code, no output, no traceback."""
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.output
    line = one_line(result.stderr)
    assert line.startswith("sapa: "), line
    return line


def as_json(result) -> object:
    return json.loads(ok(result))


def row_of(rows: list[dict], item_id: str) -> dict:
    found = [r for r in rows if r["id"] == item_id]
    assert len(found) == 1, found
    return found[0]


def files_under(folder: Path) -> dict[str, bytes | str]:
    """Every entry below `folder`: files with their bytes, links with their target."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_file():
            found[key] = path.read_bytes()
        else:
            found[key] = "<dir>"
    return found


def mini_plan_with(old: str, new: str) -> str:
    assert MINI_PLAN.count(old) >= 1, old
    return MINI_PLAN.replace(old, new, 1)


def line_number(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


# ---- 1. the plan id names the ledger's folder ----------------------------------------------

@pytest.mark.parametrize("bad_id", ["../../escaped", "Sa Pa"])
def test_plan_check_refuses_a_plan_id_that_is_not_a_folder_name(sapa, write_plan, bad_id):
    text = mini_plan_with('id = "mini-2024"', f'id = "{bad_id}"')
    plan = write_plan(text, "bad-id.toml")
    result = sapa("plan", "check", plan, today="2024-06-20")
    assert result.exit_code == 4, (result.stdout, result.stderr)
    assert "Traceback" not in result.output
    message = result.stderr
    assert f"{plan}:{line_number(text, bad_id)}: plan.id: " in message
    assert f"'{bad_id}'" in message
    assert "mã kế hoạch" in message


def test_plan_check_accepts_a_lower_case_plan_id(sapa, write_plan):
    plan = write_plan(MINI_PLAN, "good-id.toml")
    assert "hợp lệ" in ok(sapa("plan", "check", plan, today="2024-06-20"))


@pytest.mark.parametrize("bad_id", ["../../escaped", "Sa Pa"])
def test_mark_with_a_bad_plan_id_writes_nothing_outside_the_data_dir(sapa, write_plan, tmp_path, bad_id):
    plan = write_plan(mini_plan_with('id = "mini-2024"', f'id = "{bad_id}"'), "bad-id.toml")
    data = tmp_path / "deep" / "er" / "data"  # "../../escaped" from here stays inside tmp_path
    before = files_under(tmp_path)
    result = sapa("--plan", plan, "mark", "II.1", "done", today="2024-06-20", env={"SAPA_DATA": str(data)})
    assert result.exit_code == 4, (result.stdout, result.stderr)
    assert "Traceback" not in result.output
    assert f"'{bad_id}'" in result.stderr
    after = files_under(tmp_path)
    new = [name for name in after if name not in before]
    outside = [n for n in new if not (tmp_path / n).resolve().is_relative_to(data.resolve())
               and not data.resolve().is_relative_to((tmp_path / n).resolve())]
    assert outside == [], outside
    assert not list(tmp_path.rglob("*escaped*"))
    assert not list(tmp_path.rglob("ledger-*.toml"))


def test_mark_with_a_bad_plan_id_in_a_child_process_writes_nothing(write_plan, tmp_path):
    """The everyday commands take the start-up fast path, not Typer: check that path too."""
    plan = write_plan(mini_plan_with('id = "mini-2024"', 'id = "../../escaped"'), "bad-id.toml")
    data = tmp_path / "deep" / "er" / "data"
    env = subprocess_env(tmp_path, "2024-06-20")  # makes the environment's own data folder
    before = files_under(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "sapa_propaganda", "--plan", str(plan), "--data", str(data),
         "--today", "2024-06-20", "mark", "II.1", "done"],
        env=env, capture_output=True, text=True, encoding="utf-8",
        timeout=60, cwd=tmp_path)
    assert done.returncode == 4, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "'../../escaped'" in done.stderr
    new = [n for n in files_under(tmp_path) if n not in before]
    assert all((tmp_path / n).resolve().is_relative_to(data.resolve())
               or data.resolve().is_relative_to((tmp_path / n).resolve()) for n in new), new
    assert not list(tmp_path.rglob("*escaped*"))


def test_mark_with_a_good_plan_id_writes_into_the_data_dir(sapa, write_plan, tmp_path):
    plan = write_plan(MINI_PLAN, "good-id.toml")
    ok(sapa("--plan", plan, "mark", "II.1", "done", today="2024-06-20"))
    assert list((tmp_path / "data" / "mini-2024").glob("ledger-*.toml"))
    rows = as_json(sapa("--plan", plan, "duties", "--json", today="2024-06-20"))
    assert row_of(rows, "II.1")["status"] == "done"


# ---- 2. export -o / checklist -o -----------------------------------------------------------

WRITERS = [pytest.param(("export",), id="export"), pytest.param(("checklist", "2022-H1"), id="checklist")]


@pytest.mark.parametrize("command", WRITERS)
def test_output_to_a_directory_is_refused_and_leaves_it_alone(sapa, tmp_path, command):
    folder = tmp_path / "out.md"  # a checklist takes its format from the suffix
    folder.mkdir()
    (folder / "keep.txt").write_text("giữ nguyên\n", encoding="utf-8")
    before = files_under(folder)
    line = refused(sapa(*command, "-o", folder))
    assert "không phải là tệp" in line
    assert str(folder) in line
    assert files_under(folder) == before


@pytest.mark.parametrize("command", WRITERS)
def test_output_into_a_missing_folder_is_refused_and_the_folder_not_made(sapa, tmp_path, command):
    missing = tmp_path / "missing"
    line = refused(sapa(*command, "-o", missing / "x.md"))
    assert "không tồn tại" in line
    assert str(missing) in line
    assert not missing.exists()


@pytest.mark.parametrize("command", WRITERS)
def test_output_through_a_symlink_writes_the_target_and_keeps_the_link(sapa, tmp_path, command):
    target = tmp_path / "real.md"
    target.write_text("cũ\n", encoding="utf-8")
    link = tmp_path / "link.md"
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links are not available here")
    result = sapa(*command, "-o", link)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert one_line(result.stderr).startswith("Đã ghi")
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    written = target.read_text(encoding="utf-8")
    assert written != "cũ\n"
    if command[0] == "export":
        assert json.loads(written)["plan"] == "sa-pa-2021-tuyen-truyen-dai-hoi-xiii"
    else:
        assert written == ok(sapa(*command))


@pytest.mark.parametrize("command", WRITERS)
def test_output_to_a_new_file_is_written(sapa, tmp_path, command):
    target = tmp_path / "new.md"
    result = sapa(*command, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith("Đã ghi")
    assert str(target) in line
    assert target.is_file() and target.stat().st_size > 0
    assert [p.name for p in tmp_path.glob("*.tmp")] == []


# ---- 3. a second submission corrects the first ----------------------------------------------

def report(sapa, unit: str = "mttq", period: str = "2022-H1") -> dict:
    rows = as_json(sapa("reports", "--period", period, "--unit", unit, "--json"))
    assert len(rows) == 1, rows
    return rows[0]


def test_submitting_again_corrects_the_date_and_the_ref(sapa):
    ok(sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "15-BC/MTTQ"))
    first = report(sapa)
    assert (first["submitted"], first["ref"], first["state"]) == ("2022-06-10", "15-BC/MTTQ", "on-time")

    ok(sapa("submit", "mttq", "2022-H1", "--date", "12/06/2022", "--ref", "16-BC/MTTQ", "--replace"))
    second = report(sapa)
    assert (second["submitted"], second["ref"], second["state"]) == ("2022-06-12", "16-BC/MTTQ", "on-time")


def test_a_correction_may_move_the_date_earlier(sapa):
    ok(sapa("submit", "mttq", "2022-H1", "--date", "17/06/2022", "--ref", "15-BC/MTTQ"))
    assert report(sapa)["state"] == "late"
    ok(sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "15-BC/MTTQ", "--replace"))
    row = report(sapa)
    assert (row["submitted"], row["state"], row["days"]) == ("2022-06-10", "on-time", None)


def test_a_correction_without_ref_keeps_the_earlier_ref(sapa):
    ok(sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "15-BC/MTTQ"))
    out = ok(sapa("submit", "mttq", "2022-H1", "--date", "17/06/2022", "--replace"))
    assert "17/06/2022, 15-BC/MTTQ" in out
    row = report(sapa)
    assert (row["submitted"], row["ref"], row["state"], row["days"]) == ("2022-06-17", "15-BC/MTTQ", "late", 2)


def test_a_received_date_before_the_period_is_refused(sapa, tmp_path):
    line = refused(sapa("submit", "mttq", "2022-H1", "--date", "31/12/2021"))
    assert "31/12/2021" in line and "01/01/2022" in line
    assert no_ledger_files(tmp_path)
    row = report(sapa)
    assert (row["submitted"], row["state"]) == (None, "overdue")


def test_a_received_date_on_the_first_day_of_the_period_is_accepted(sapa):
    ok(sapa("submit", "mttq", "2022-H1", "--date", "01/01/2022", "--early"))  # months before it falls due
    assert report(sapa)["submitted"] == "2022-01-01"


# ---- 4. marks dated back --------------------------------------------------------------------

def test_a_mark_dated_back_behind_a_later_one_says_so_in_one_line(sapa):
    ok(sapa("mark", "III.4.1", "done"))
    out = ok(sapa("mark", "III.4.1", "todo", "--date", "01/06/2022"))
    line = one_line(out)
    assert line.startswith("III.4.1: ")
    assert "(01/06/2022)" in line
    assert "ghi lùi ngày" in line
    assert line.endswith("hiện vẫn là Hoàn thành")
    assert row_of(as_json(sapa("duties", "--json")), "III.4.1")["status"] == "done"


def test_a_mark_dated_back_with_nothing_later_just_changes_the_status(sapa):
    out = ok(sapa("mark", "III.4.1", "doing", "--date", "01/06/2022"))
    assert one_line(out) == "III.4.1: Chưa thực hiện → Đang thực hiện (01/06/2022)"
    assert row_of(as_json(sapa("duties", "--json")), "III.4.1")["status"] == "doing"


def test_a_mark_dated_before_the_plan_starts_is_refused(sapa, tmp_path):
    line = refused(sapa("mark", "III.4.1", "done", "--date", "23/05/2021"))
    assert "23/05/2021" in line and PLAN_START in line
    assert no_ledger_files(tmp_path)
    ok(sapa("mark", "III.4.1", "done", "--date", PLAN_START))
    assert row_of(as_json(sapa("duties", "--json")), "III.4.1")["updated"] == "2021-05-24"


def test_an_empty_date_is_a_bad_date_not_today(sapa, tmp_path):
    line = refused(sapa("mark", "III.4.1", "done", "--date", ""))
    assert "ngày không hợp lệ ''" in line
    assert no_ledger_files(tmp_path)
    line = refused(sapa("submit", "mttq", "2022-H1", "--date", ""))
    assert "ngày không hợp lệ ''" in line
    assert no_ledger_files(tmp_path)


def test_an_empty_date_is_a_bad_date_in_a_child_process_too(tmp_path):
    """The fast path reads `--date ""` itself; it must not fall back to today either."""
    done = subprocess.run([sys.executable, "-m", "sapa_propaganda", "--today", TODAY,
                           "mark", "III.4.1", "done", "--date", ""],
                          env=subprocess_env(tmp_path, TODAY), capture_output=True, text=True,
                          encoding="utf-8", timeout=60, cwd=tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "ngày không hợp lệ ''" in one_line(done.stderr)
    assert no_ledger_files(tmp_path)


# ---- 5. looking at the past with --today ----------------------------------------------------

def test_an_item_done_later_is_overdue_when_looking_at_the_past(sapa):
    ok(sapa("mark", "II.1.1.1", "done", "--date", "20/06/2022"))

    past = as_json(sapa("overdue", "--json", today="2022-01-05"))
    assert row_of(past["items"], "II.1.1.1")["status"] == "todo"
    duties = as_json(sapa("duties", "--all", "--json", today="2022-01-05"))
    assert row_of(duties, "II.1.1.1")["status"] == "todo"

    now = as_json(sapa("overdue", "--json"))
    assert "II.1.1.1" not in [i["id"] for i in now["items"]]
    assert row_of(as_json(sapa("duties", "--all", "--json")), "II.1.1.1")["status"] == "done"


def test_a_duty_done_later_does_not_count_in_the_past(sapa):
    ok(sapa("mark", "III.4.1", "done", "--date", "15/06/2022"))

    def done_count(today: str) -> int:
        board = as_json(sapa("status", "--json", today=today))
        return next(u for u in board["units"] if u["unit"] == "chi-dang-bo")["duties_done"]

    assert done_count("2021-06-01") == 0
    assert done_count("2022-06-14") == 0
    assert done_count("2022-06-15") == 1
    assert done_count(TODAY) == 1


# ---- 6. duties --all ------------------------------------------------------------------------

def test_duties_all_lists_contents_forms_without_units_and_duties(sapa):
    rows = as_json(sapa("duties", "--all", "--json"))
    contents = [r for r in rows if r["kind"] == "content"]
    assert [r["id"] for r in contents] == CONTENT_IDS
    assert all(r["unit"] is None for r in contents)
    forms = [r["id"] for r in rows if r["kind"] == "form" and r["unit"] is None]
    assert forms == FORMS_WITHOUT_UNITS
    assert sorted({r["id"] for r in rows if r["kind"] == "duty"}) == DUTY_IDS
    plain_ids = {r["id"] for r in as_json(sapa("duties", "--json"))}
    assert plain_ids == set(DUTY_IDS) | {"II.2.1.1", "II.2.6.2"}  # and the forms that name a unit


def test_duties_all_status_done_finds_a_done_content_item(sapa):
    ok(sapa("mark", "II.1.1.2", "done"))
    rows = as_json(sapa("duties", "--all", "--status", "done", "--json"))
    assert [(r["id"], r["unit"], r["status"]) for r in rows] == [("II.1.1.2", None, "done")]
    assert as_json(sapa("duties", "--status", "done", "--json")) == []


def test_duties_all_plain_heading_of_the_whole_plan_has_no_empty_parentheses(sapa):
    out = ok(sapa("duties", "--all"))
    assert out.splitlines()[-1].split("\t")[4] == ""  # piped: the items naming no unit, last, no unit
    assert "()" not in out
    rich = ok(sapa("--rich", "duties", "--all"))
    assert "Nhiệm vụ của Toàn kế hoạch (không ghi đơn vị)" in rich and "()" not in rich


# ---- 7. CSV cells that a spreadsheet would run as formulas ----------------------------------

FORMULA_NOTE = '=HYPERLINK("http://x","y")'
FORMULA_BY = "@SUM(1+1)"
FORMULA_REF = "+1-BC"


def test_csv_export_prefixes_formula_cells_with_a_quote(sapa):
    ok(sapa("mark", "III.4.1", "done", "--note", FORMULA_NOTE, "--by", FORMULA_BY, "--ref", FORMULA_REF))
    ok(sapa("mark", "III.4.2", "doing", "--note", "Đang làm", "--by", "Lan", "--ref", "12-BC/ĐU"))
    result = sapa("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    formula_rows = [r for r in rows if r["target"] == "III.4.1"]
    assert {r["record"] for r in formula_rows} == {"state", "event"}
    for row in formula_rows:
        assert row["note"] == "'" + FORMULA_NOTE
        assert row["by"] == "'" + FORMULA_BY
        assert row["ref"] == "'" + FORMULA_REF
    for row in (r for r in rows if r["target"] == "III.4.2"):
        assert (row["note"], row["by"], row["ref"]) == ("Đang làm", "Lan", "12-BC/ĐU")


def test_json_export_keeps_formula_like_values_as_typed(sapa):
    ok(sapa("mark", "III.4.1", "done", "--note", FORMULA_NOTE, "--by", FORMULA_BY, "--ref", FORMULA_REF))
    document = as_json(sapa("export", "--format", "json"))
    state = row_of(document["state"], "III.4.1")
    assert (state["note"], state["by"], state["ref"]) == (FORMULA_NOTE, FORMULA_BY, FORMULA_REF)
    events = [e for e in document["events"] if e["target"] == "III.4.1"]
    assert [(e["note"], e["by"], e["ref"]) for e in events] == [(FORMULA_NOTE, FORMULA_BY, FORMULA_REF)]


# ---- 8. import refuses what is not a sapa ledger or export ----------------------------------

@pytest.fixture
def our_ledger(sapa, tmp_path) -> dict[str, bytes]:
    """One event of our own, so that 'unchanged' means something; returns the ledger as it is."""
    ok(sapa("mark", "III.1.1", "doing", "--note", "của văn phòng này"))
    before = snapshot(tmp_path)
    assert before
    return before


def assert_import_refused(sapa, tmp_path, before, source: Path) -> str:
    line = refused(sapa("import", source))
    assert "không nhập được" in line
    assert str(source) in line
    assert snapshot(tmp_path) == before
    return line


@pytest.mark.parametrize("fmt", ["csv", "ics"])
def test_import_refuses_a_csv_or_ics_export(sapa, tmp_path, our_ledger, fmt):
    source = tmp_path / f"xuat.{fmt}"
    assert one_line(sapa("export", "--format", fmt, "-o", source).stderr).startswith("Đã ghi")
    assert_import_refused(sapa, tmp_path, our_ledger, source)


def test_import_refuses_a_json_array(sapa, tmp_path, our_ledger):
    source = tmp_path / "rong.json"
    source.write_text("[]\n", encoding="utf-8")
    assert_import_refused(sapa, tmp_path, our_ledger, source)


@pytest.fixture
def other_office_export(sapa, tmp_path) -> Path:
    """A JSON export of another office's ledger of the same plan, with three events."""
    other = {"SAPA_DATA": str(tmp_path / "other-office")}
    (tmp_path / "other-office").mkdir()  # an office's folder is there: a new one is said (test_clerk_habits)
    for item, status in (("III.2.1", "doing"), ("III.2.2", "done"), ("III.2.3", "blocked")):
        ok(sapa("mark", item, status, env=other))
    path = tmp_path / "other.json"
    result = sapa("export", "--format", "json", "-o", path, env=other)
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(path.read_text(encoding="utf-8"))["events"]) == 3
    return path


@pytest.mark.parametrize("bad", [0, 2])
def test_import_names_the_json_event_with_a_bad_status(sapa, tmp_path, our_ledger, other_office_export, bad):
    document = json.loads(other_office_export.read_text(encoding="utf-8"))
    document["events"][bad]["status"] = "bogus"
    source = tmp_path / "bogus.json"
    source.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    line = assert_import_refused(sapa, tmp_path, our_ledger, source)
    assert f"{source}: events[{bad}]" in line
    assert "bogus" in line


def test_import_of_the_untouched_json_export_is_accepted(sapa, tmp_path, our_ledger, other_office_export):
    out = ok(sapa("import", other_office_export))
    assert "thêm 3 sự kiện mới" in out
    assert as_json(sapa("info", "--json"))["events"] == 4


# ---- 9. output that cannot be written -------------------------------------------------------

@pytest.mark.skipif(os.name != "posix" or not os.path.exists("/dev/full"), reason="needs /dev/full (POSIX)")
@pytest.mark.parametrize("command", [["status"], ["status", "--json"], ["plan", "show"]])
def test_a_full_stdout_is_one_line_on_stderr_and_exit_1(tmp_path, command):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "sapa_propaganda", "--today", TODAY, *command],
                              env=subprocess_env(tmp_path, TODAY), stdout=full, stderr=subprocess.PIPE,
                              text=True, encoding="utf-8", timeout=60, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert one_line(done.stderr).startswith("sapa: ")


# ---- 10. plan check --json ------------------------------------------------------------------

def test_plan_check_json_lists_every_problem_and_exits_4(sapa, write_plan):
    text = mini_plan_with('title = "Kế hoạch tuyên truyền thử nghiệm năm 2024"', 'title = ""')
    text = text.replace('to = ["hu"]\nvia = "btg"', 'to = []\nvia = "btg"', 1)
    text = text.replace('"hpn"', '"HPN"')  # a unit id in capitals, used consistently
    plan = write_plan(text, "broken.toml")
    result = sapa("plan", "check", "--json", plan, today="2024-06-20")
    assert result.exit_code == 4, (result.stdout, result.stderr)
    assert "Traceback" not in result.output
    document = json.loads(result.stdout)
    assert set(document) == {"file", "valid", "problems"}
    assert document["file"] == str(plan)
    assert document["valid"] is False
    title_line = line_number(text, 'title = ""')
    unit_line = line_number(text, 'id = "HPN"')
    to_line = line_number(text, "to = []")
    assert document["problems"] == [
        f"{plan}:{title_line}: plan.title: trường bắt buộc 'title' đang để trống",
        f"{plan}:{unit_line}: units[3].id: mã đơn vị 'HPN' chỉ được gồm chữ thường không dấu, số và '-'",
        f"{plan}:{to_line}: reporting.rules[0].to: trường bắt buộc 'to' đang để trống",
    ]
    # the same problems, one a line, on stderr
    assert result.stderr.splitlines() == ["sapa: " + document["problems"][0], *document["problems"][1:]]


@pytest.mark.parametrize(("old", "new", "key"), [
    ('title = "Kế hoạch tuyên truyền thử nghiệm năm 2024"', 'title = ""', "title"),
    ('to = ["hu"]\nvia = "btg"', 'to = []\nvia = "btg"', "to"),
])
def test_an_empty_required_field_is_reported_as_empty(sapa, write_plan, old, new, key):
    text = mini_plan_with(old, new)
    plan = write_plan(text, f"empty-{key}.toml")
    result = sapa("plan", "check", plan, today="2024-06-20")
    assert result.exit_code == 4, (result.stdout, result.stderr)
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith(f"sapa: {plan}:{line_number(text, new.splitlines()[0])}: ")
    assert line.endswith(f"trường bắt buộc '{key}' đang để trống")
    document = json.loads(sapa("plan", "check", "--json", plan, today="2024-06-20").stdout)
    assert document["valid"] is False and len(document["problems"]) == 1


def test_plan_check_json_on_a_good_plan_says_valid(sapa, write_plan):
    plan = write_plan(MINI_PLAN, "fine.toml")
    document = as_json(sapa("plan", "check", "--json", plan, today="2024-06-20"))
    assert document["valid"] is True and document["file"] == str(plan)


# ---- 11. periods the plan does not have -----------------------------------------------------

def test_checklist_for_a_kind_of_period_the_plan_lacks(sapa):
    line = refused(sapa("checklist", "2024-Q3"))
    assert "kế hoạch không có kỳ báo cáo kiểu 2024-Q3" in line
    assert "nằm ngoài kế hoạch" not in line


def test_reports_for_a_period_after_the_plan(sapa):
    line = refused(sapa("reports", "--period", "2026-H1"))
    assert line == "sapa: kỳ 2026-H1 nằm ngoài kế hoạch (từ 2021-Y đến 2025-Y)"


def test_checklist_and_reports_for_a_period_inside_the_plan_work(sapa):
    assert "2022-H1" in ok(sapa("checklist", "2022-H1"))
    assert {r["period"] for r in as_json(sapa("reports", "--period", "2024-H1", "--json"))} == {"2024-H1"}


# ---- 12. unit names typed loosely ----------------------------------------------------------

@pytest.mark.parametrize(("typed", "unit"), [
    ("chi dang bo", "chi-dang-bo"),
    ("Các chi đảng bộ", "chi-dang-bo"),
    ("vh tt", "vhtt"),
    ("VH-TT", "vhtt"),
])
def test_unit_matching_ignores_punctuation(sapa, typed, unit):
    rows = as_json(sapa("duties", "--unit", typed, "--json"))
    assert rows and {r["unit"] for r in rows} == {unit}
    reports = as_json(sapa("reports", "--period", "2022-H1", "--unit", typed, "--json"))
    assert [r["unit"] for r in reports] == [unit]


@pytest.mark.parametrize("command", [["duties"], ["reports"], ["history"]])
def test_an_empty_unit_is_an_error_not_every_unit(sapa, command):
    line = refused(sapa(*command, "--unit", ""))
    assert line == "sapa: không có đơn vị ''"


def test_an_empty_unit_is_refused_by_submit(sapa, tmp_path):
    refused(sapa("submit", "", "2022-H1"))
    assert no_ledger_files(tmp_path)


# ---- 13. notes with line breaks in plain history --------------------------------------------

def test_a_note_with_a_newline_and_a_tab_stays_on_one_history_line(sapa):
    note = "dòng một\ndòng hai\tcột ba"
    ok(sapa("mark", "III.4.1", "doing", "--note", note, "--by", "Lan", "--ref", "5-BC"))
    out = ok(sapa("history"))
    lines = out.splitlines()[1:]  # under the header row
    assert len(lines) == 1, lines
    fields = lines[0].split("\t")
    assert len(fields) == 7, fields
    assert fields[1:6] == ["20/06/2022", "III.4.1: Đang thực hiện", "Lan", "5-BC", "dòng một dòng hai cột ba"]
    # the note itself is kept as typed
    assert as_json(sapa("history", "--json"))[0]["note"] == note


# ---- 14. info --json ------------------------------------------------------------------------

def test_info_json_gives_the_number_of_events_as_a_number(sapa):
    first = as_json(sapa("info", "--json"))["events"]
    assert type(first) is int and first == 0
    ok(sapa("mark", "III.4.1", "doing"))
    ok(sapa("mark", "III.4.1", "done"))
    events = as_json(sapa("info", "--json"))["events"]
    assert type(events) is int and events == 2


# ---- 15. the checklist shows a report's ref in its unit's section ---------------------------

def unit_section(markdown: str, unit_name: str) -> list[str]:
    lines = markdown.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(f"## {unit_name}: "))
    end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("## ")), len(lines))
    return lines[start + 1:end]


def test_checklist_unit_section_shows_the_ref_after_the_received_date(sapa):
    ok(sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "15-BC/MTTQ"))
    section = unit_section(ok(sapa("checklist", "2022-H1")), MTTQ_NAME)
    boxes = [line for line in section if line.startswith("- [")]
    assert boxes[0] == ("- [x] Báo cáo 6 tháng đầu năm 2022: hạn 15/06/2022; nhận ngày 10/06/2022, "
                        "15-BC/MTTQ — Nộp đúng hạn")


def test_checklist_for_one_unit_shows_the_ref_too(sapa):
    ok(sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "15-BC/MTTQ"))
    for fmt in ("md", "txt"):
        out = ok(sapa("checklist", "2022-H1", "--unit", "mttq", "--format", fmt))
        assert "nhận ngày 10/06/2022, 15-BC/MTTQ — Nộp đúng hạn" in " ".join(out.split()), out  # txt wraps


def test_checklist_without_a_ref_shows_just_the_date(sapa):
    ok(sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022"))
    section = unit_section(ok(sapa("checklist", "2022-H1")), MTTQ_NAME)
    assert section[1] == "- [x] Báo cáo 6 tháng đầu năm 2022: hạn 15/06/2022; nhận ngày 10/06/2022 — Nộp đúng hạn"
