"""The clerk's habits (issue 18, "Her habits"): a command line pasted from Word, a mistyped data
folder, a plan that has not started, the deadline of each duty, the morning's reminder mail, and
`--version` and `mark --help`.

Most run both front ends: through the entry point as the clerk runs it (`cli_support.sapa`: the
fast path, or Typer when the fast path steps aside) and through the Typer app alone (`run`)."""

from __future__ import annotations

import json
import re

import pytest
from cli_support import sapa
from helpers import fail, ok
from sample_plans import BUNDLED_PLAN_PATH, QUARTERLY_PLAN_PATH
from test_member_reports import MEMBERS_PLAN
from test_one_time_reports_and_phases import PHASES_PLAN

from sapa_propaganda import __version__
from sapa_propaganda.core.progress import STATUS_ALIASES, STATUSES

ROOT = BUNDLED_PLAN_PATH.parent.parent
WARD, PHASES, SAPA = "hoa-lac-hoc-tap-2023", "muong-khuong-chuong-trinh-2015", "sa-pa-2021-tuyen-truyen-dai-hoi-xiii"


def notes_of(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert all(line.startswith("sapa: ") for line in lines), lines
    return lines


# ---- Word's curly quotes and long dashes -------------------------------------------------------

def test_words_between_word_s_curly_quotes_are_the_one_argument_meant(tmp_path, run):
    """`“ban tuyen giao”` reaches sapa as `“ban`, `tuyen`, `giao”`: read as the unit typed in
    plain quotes, with one note saying so, on both front ends."""
    plain = ok(sapa(tmp_path, "duties", "--unit", "ban tuyen giao"))
    for ran in (sapa(tmp_path, "duties", "--unit", "“ban", "tuyen", "giao”"),
                run("duties", "--unit", "“ban", "tuyen", "giao”")):
        assert ran.exit_code == 0 and ran.stdout == plain
        [note] = notes_of(ran.stderr)
        assert "“ban tuyen giao”" in note and "dấu ngoặc kép kiểu Word" in note and '"ban tuyen giao"' in note
    one_word = sapa(tmp_path, "duties", "--unit", "“mttq”")
    assert one_word.stdout == ok(sapa(tmp_path, "duties", "--unit", "mttq")) and len(notes_of(one_word.stderr)) == 1


def test_a_command_typer_runs_hears_the_note_once(tmp_path):
    """`checklist` is Typer's: the entry point reads the quotes, Typer finds nothing left to say."""
    ran = sapa(tmp_path, "checklist", "2022-H1", "--unit", "“mat", "tran”")
    assert ran.exit_code == 0 and ran.stdout == ok(sapa(tmp_path, "checklist", "2022-H1", "--unit", "mat tran"))
    assert len(notes_of(ran.stderr)) == 1


def test_word_s_long_dashes_are_options(tmp_path, run):
    """`–today`, `—unit`, `—note` work as `--today`, `--unit`, `--note`, each with a note; a dashed
    word given as an option's value stays that value."""
    expected = ok(sapa(tmp_path, "--today", "2022-06-20", "duties", "--unit", "mttq"))
    for ran in (sapa(tmp_path, "–today", "2022-06-20", "duties", "—unit", "mttq"),
                run("–today", "2022-06-20", "duties", "—unit", "mttq")):
        assert ran.exit_code == 0 and ran.stdout == expected
        assert [note.split(":")[1].strip() for note in notes_of(ran.stderr)] == ["–today", "—unit"]
        assert "đã hiểu là --today" in ran.stderr
    ran = sapa(tmp_path, "mark", "III.1.1", "xong", "—note", "—today")
    assert ran.exit_code == 0 and len(notes_of(ran.stderr)) == 1
    [event] = json.loads(ok(sapa(tmp_path, "history", "III.1.1", "--json")))
    assert event["note"] == "—today"


def test_a_note_pasted_from_word_is_recorded_without_the_quotes_and_a_quoted_one_keeps_them(tmp_path):
    ran = sapa(tmp_path, "mark", "III.1.1", "dang", "--note", "“Đã", "họp", "chi", "bộ”")
    assert ran.exit_code == 0 and len(notes_of(ran.stderr)) == 1
    ok(sapa(tmp_path, "mark", "III.1.2", "dang", "--note", "Hội thi “Tìm hiểu” đã xong"))  # the shell kept it whole
    notes = {e["target"]: e["note"] for e in json.loads(ok(sapa(tmp_path, "history", "--json")))}
    assert notes == {"III.1.1": "Đã họp chi bộ", "III.1.2": "Hội thi “Tìm hiểu” đã xong"}


@pytest.mark.parametrize("argv", [
    ["mark", "III.1.1", "xong", "--note", "“Đã", "họp"],  # opened, never closed
    ["mark", "III.1.1", "xong", "--note", "Đã", "họp”"],  # closed, never opened
])
def test_a_curly_quote_without_its_partner_is_refused_saying_why_and_nothing_is_recorded(tmp_path, run, argv):
    for ran in (sapa(tmp_path, *argv), run(*argv)):
        message = fail(ran)
        assert "không thành cặp" in message and "dấu ngoặc kép thường" in message
    assert not list((tmp_path / "data").rglob("ledger-*.toml"))
    english = fail(sapa(tmp_path, "--lang", "en", *argv))
    assert "has no partner" in english


# ---- --version and mark --help ------------------------------------------------------------------

def test_version_on_both_front_ends(tmp_path, run):
    for ran in (sapa(tmp_path, "--version"), sapa(tmp_path, "--lang", "en", "--version"), run("--version")):
        assert ok(ran) == f"sapa {__version__}\n"
    assert "--version" in ok(run("--help")) and "--version" in ok(sapa(tmp_path, "--lang", "en", "--help"))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_mark_help_lists_every_status_word_the_parser_accepts(run, lang):
    shown = ok(run("--lang", lang, "mark", "--help"))
    words = set(re.findall(r"[a-z]+", shown))
    assert set(STATUSES) <= words and set(STATUS_ALIASES) <= words, set(STATUSES) | set(STATUS_ALIASES) - words
    assert "huy" in words


# ---- a data folder that is not there ------------------------------------------------------------

def test_a_missing_data_folder_is_named_by_a_read_and_created_only_by_a_write(tmp_path, run):
    typo = tmp_path / "so-tien-dô"
    env = {"SAPA_DATA": str(typo)}
    expected = ok(sapa(tmp_path, "status"))
    for ran in (sapa(tmp_path, "status", env=env), run("status", env=env), run("--data", typo, "status")):
        assert ran.exit_code == 0 and ran.stdout == expected
        [note] = notes_of(ran.stderr)
        assert str(typo) in note and "không có thư mục dữ liệu" in note
    assert not typo.exists()
    written = sapa(tmp_path, "mark", "III.1.1", "xong", env=env)
    assert written.exit_code == 0 and "III.1.1" in written.stdout
    [note] = notes_of(written.stderr)
    assert str(typo) in note and "đã tạo thư mục dữ liệu mới" in note
    assert typo.is_dir()
    assert ok(sapa(tmp_path, "status", env=env)) != expected  # there now, and quiet
    english = run("--lang", "en", "--data", tmp_path / "elsewhere", "remind")
    assert english.exit_code == 0 and "there is no data folder" in english.stderr


def test_the_default_data_folder_of_a_new_install_stays_quiet_until_a_write_creates_it(tmp_path):
    default = {"SAPA_DATA": None}
    assert ok(sapa(tmp_path, "status", env=default))
    written = sapa(tmp_path, "mark", "III.1.1", "xong", env=default)
    assert written.exit_code == 0 and "đã tạo thư mục dữ liệu mới" in written.stderr
    assert str(tmp_path / "home" / ".local" / "share" / "sapa") in written.stderr


# ---- a plan before its start --------------------------------------------------------------------

@pytest.fixture
def office(run, write_plan):
    """Three plans in the workspace: the ward's (2023), the programme of phases (2015) and Sa Pa's."""
    def office_run(*args, today="2022-12-15"):
        return run("--today", today, *args)

    for plan in (write_plan(MEMBERS_PLAN, "ward.toml"), write_plan(PHASES_PLAN, "phases.toml"), BUNDLED_PLAN_PATH):
        ok(office_run("plan", "add", plan))
    return office_run


def test_plan_list_and_status_say_a_plan_has_not_started(office):
    listed = {p["id"]: p["state"] for p in json.loads(ok(office("plan", "list", "--json")))}
    assert listed == {WARD: "not-started", PHASES: "ended", SAPA: "active"}
    rows = {line.split("\t")[0]: line.split("\t") for line in ok(office("plan", "list")).splitlines()[1:]}
    assert rows[WARD][4] == "Chưa bắt đầu" and rows[SAPA][4] == "Đang thực hiện"
    assert "Not started" in ok(office("--lang", "en", "plan", "list"))
    status = ok(office("status"))
    blocks = {b.splitlines()[0]: b for b in status.split("== ")[1:]}
    ward = blocks[f"{WARD} — Kế hoạch học tập chuyên đề năm 2023"]
    assert ward.splitlines()[1] == "Tình trạng: kế hoạch chưa bắt đầu (từ 01/01/2023)"
    assert sum("chưa bắt đầu" in b for b in blocks.values()) == 1
    assert "chưa bắt đầu" not in ok(office("status", today="2023-06-14"))  # started since


# ---- the deadline column of duties --------------------------------------------------------------

def test_duties_show_each_duty_s_deadline_in_plain_text_and_on_screen(run):
    plan = ("--plan", QUARTERLY_PLAN_PATH, "--today", "2024-03-28")
    lines = ok(run(*plan, "duties")).splitlines()
    assert lines[0].split("\t")[-1] == "Hạn"
    due = {line.split("\t")[0]: line.split("\t")[-1] for line in lines[1:]}
    assert due["II.1.2"] == "31/03/2024" and due["II.1.1"] == ""
    assert ok(run(*plan, "--lang", "en", "duties")).splitlines()[0].split("\t")[-1] == "Due"
    screen = ok(run(*plan, "--rich", "duties", env={"COLUMNS": "200"}))
    assert "Hạn" in screen and "31/03/2024" in screen


# ---- the morning's reminder mail ----------------------------------------------------------------

def test_remind_opens_with_its_date_and_a_blocked_item_shows_why(tmp_path, run):
    plan = ("--plan", QUARTERLY_PLAN_PATH)
    ok(sapa(tmp_path, *plan, "mark", "II.1.2", "vuong", "--note", "chờ lịch của Chủ tịch UBND", today="2024-03-28"))
    for ran in (sapa(tmp_path, *plan, "remind", today="2024-04-08"), run(*plan, "--today", "2024-04-08", "remind")):
        lines = ok(ran).splitlines()
        assert lines[0] == "Nhắc việc ngày 08/04/2024"
        blocked = next(line for line in lines if "II.1.2" in line)
        assert blocked.endswith("Vướng mắc, quá hạn — ghi chú: chờ lịch của Chủ tịch UBND")
        assert len(lines) == 4  # the date, the blocked duty, two reports
    english = ok(sapa(tmp_path, *plan, "--lang", "en", "remind", today="2024-04-08")).splitlines()
    assert english[0] == "Reminders for 08/04/2024" and english[1].endswith("— note: chờ lịch của Chủ tịch UBND")
    assert ok(sapa(tmp_path, *plan, "remind", today="2024-03-01")) == ""  # nothing to remind: no mail at all


def test_remind_across_the_office_opens_with_its_date_and_shows_the_blocked_note(office):
    ok(office("mark", f"{WARD}:I", "vuong", "--note", "chưa có tài liệu học tập", today="2023-05-20"))
    for _ in range(2):  # worked out, then from the cached overview
        lines = ok(office("remind", today="2023-06-14")).splitlines()
        assert lines[0] == "Nhắc việc ngày 14/06/2023"
        duty = next(line for line in lines if f"[{WARD}]" in line and " I (" in line)
        assert duty.endswith("— ghi chú: chưa có tài liệu học tập")


def test_the_readme_s_cron_recipe_labels_the_mail_utf_8():
    """Cron labels its mail with its own locale's charset (often ASCII under systemd): the recipe
    says UTF-8, as cronie and Debian's cron read it from the crontab."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    recipe = readme.split("## Reminders from cron", 1)[1].split("\n## ", 1)[0]
    first = recipe.split("```cron\n", 1)[1].split("```", 1)[0]
    assert 'CONTENT_TYPE="text/plain; charset=utf-8"' in first.splitlines()
    assert first.splitlines()[-1].endswith("sapa remind --fail-on-overdue")
