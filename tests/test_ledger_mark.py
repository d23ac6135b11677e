"""`sapa mark`: statuses and their aliases, the effective date, the confirmation line, bad input."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from ledger_support import cli, ledger_events, ledger_file, ledger_files, no_ledger_files, one_line, snapshot

from sapa_propaganda.errors import UsageError
from sapa_propaganda.status_words import parse_status

# ---- statuses ------------------------------------------------------------------------------

STATUS_SPELLINGS = {
    "todo": ["todo", "TODO", "chua", "Chưa thực hiện", "chua thuc hien", "CHƯA THỰC HIỆN",
             "  chưa   thực hiện ", "Chua"],
    "doing": ["doing", "dang", "Đang thực hiện", "dang thuc hien", "ĐANG THỰC HIỆN", "đang"],
    "done": ["done", "xong", "Hoàn thành", "hoan thanh", "HOÀN THÀNH", "Xong"],
    "blocked": ["blocked", "vuong", "Vướng mắc", "vuong mac", "VƯỚNG MẮC", "vướng"],
}
ALL_SPELLINGS = [(typed, code) for code, typed_list in STATUS_SPELLINGS.items() for typed in typed_list]


@pytest.mark.parametrize(("typed", "code"), ALL_SPELLINGS)
def test_parse_status_accepts_codes_aliases_and_labels(typed, code):
    assert parse_status(typed) == code


@pytest.mark.parametrize(("typed", "code"), [("Hoàn thành", "done"), ("Vướng mắc", "blocked")])
def test_parse_status_accepts_decomposed_unicode(typed, code):
    # The same label as macOS or a web form may send it: NFD, combining marks apart.
    assert parse_status(unicodedata.normalize("NFD", typed)) == code


@pytest.mark.parametrize("typed", ["finished", "hoan", "", "xong!", "dong"])
def test_parse_status_refuses_the_rest(typed):
    with pytest.raises(UsageError):
        parse_status(typed)


@pytest.mark.parametrize(("typed", "code"), [
    ("chua", "todo"), ("dang", "doing"), ("xong", "done"), ("vuong", "blocked"),
    ("Chưa thực hiện", "todo"), ("Đang thực hiện", "doing"), ("Hoàn thành", "done"),
    ("Vướng mắc", "blocked"), ("vuong mac", "blocked"), ("hoan thanh", "done"),
])
def test_mark_stores_the_status_code(tmp_path, typed, code):
    if code == "todo":  # an item never marked is "todo" already: marking it so records nothing
        assert cli(tmp_path, "mark", "III.1.2", "dang").exit_code == 0
    result = cli(tmp_path, "mark", "III.1.2", typed)
    assert result.exit_code == 0, result.stderr
    event = ledger_events(tmp_path)[-1]
    assert event["status"] == code
    assert event["target"] == "III.1.2"
    assert event["kind"] == "mark"


# ---- the confirmation line -----------------------------------------------------------------

def test_mark_prints_one_line_from_which_status_to_which(tmp_path):
    first = cli(tmp_path, "mark", "III.1.2", "dang")
    assert first.exit_code == 0
    assert first.stdout == "III.1.2: Chưa thực hiện → Đang thực hiện (20/06/2022)\n"
    assert first.stderr == ""
    second = cli(tmp_path, "mark", "III.1.2", "xong")
    assert second.stdout == "III.1.2: Đang thực hiện → Hoàn thành (20/06/2022)\n"
    third = cli(tmp_path, "mark", "III.1.2", "vuong", "--date", "19/06/2022")
    assert third.stdout == ("III.1.2: Hoàn thành → Vướng mắc (19/06/2022); ghi lùi ngày, nhưng có cập nhật "
                            "mang ngày sau nên hiện vẫn là Hoàn thành\n")


def test_mark_confirmation_in_english(tmp_path):
    result = cli(tmp_path, "--lang", "en", "mark", "III.1.1", "vuong")
    assert result.exit_code == 0
    assert result.stdout == "III.1.1: Not started → Blocked (20/06/2022)\n"
    again = cli(tmp_path, "mark", "III.1.1", "xong", lang="en")  # SAPA_LANG=en
    assert again.stdout == "III.1.1: Blocked → Done (20/06/2022)\n"


def test_mark_confirmation_in_vietnamese_by_option(tmp_path):
    result = cli(tmp_path, "--lang", "vi", "mark", "III.1.1", "done", lang="en")
    assert result.stdout == "III.1.1: Chưa thực hiện → Hoàn thành (20/06/2022)\n"


def test_marking_the_same_status_again_is_recorded(tmp_path):
    assert cli(tmp_path, "mark", "III.2.1", "xong", "--note", "Đã tổ chức hội nghị").exit_code == 0
    again = cli(tmp_path, "mark", "III.2.1", "xong", "--note", "Bổ sung báo cáo số 15")
    assert again.exit_code == 0
    assert again.stdout == "III.2.1: Hoàn thành → Hoàn thành (20/06/2022)\n"
    events = ledger_events(tmp_path)
    assert [e["note"] for e in events] == ["Đã tổ chức hội nghị", "Bổ sung báo cáo số 15"]
    assert len({e["id"] for e in events}) == 2
    history = cli(tmp_path, "history", "III.2.1")
    assert "Bổ sung báo cáo số 15" in history.stdout and "Đã tổ chức hội nghị" in history.stdout


def test_mark_records_note_by_ref(tmp_path):
    result = cli(tmp_path, "mark", "III.1.6", "xong", "--note", "Đã gửi báo cáo 6 tháng",
                 "--by", "Nguyễn Thị Hà", "--ref", "15-BC/BTGThU")
    assert result.exit_code == 0
    [event] = ledger_events(tmp_path)
    assert event["note"] == "Đã gửi báo cáo 6 tháng"
    assert event["by"] == "Nguyễn Thị Hà"
    assert event["ref"] == "15-BC/BTGThU"


def test_mark_by_defaults_to_the_account(tmp_path):
    assert cli(tmp_path, "mark", "III.1.6", "xong").exit_code == 0
    [event] = ledger_events(tmp_path)
    assert isinstance(event.get("by"), str) and event["by"]


def test_mark_decomposed_note_is_stored_nfc(tmp_path):
    note = unicodedata.normalize("NFD", "Hoàn thành tốt")
    assert cli(tmp_path, "mark", "III.1.6", "xong", "--note", note).exit_code == 0
    [event] = ledger_events(tmp_path)
    assert event["note"] == unicodedata.normalize("NFC", note)


# ---- the effective date --------------------------------------------------------------------

def test_date_defaults_to_sapa_today(tmp_path):
    result = cli(tmp_path, "mark", "III.1.3", "dang", today="2023-03-15")
    assert result.exit_code == 0
    assert result.stdout.endswith("(15/03/2023)\n")
    assert ledger_files(tmp_path) == [ledger_file(tmp_path, "2023-03")]  # recorded "today" too
    [event] = ledger_events(tmp_path)
    assert event["date"] == date(2023, 3, 15)


def test_today_given_as_dd_mm_yyyy(tmp_path):
    result = cli(tmp_path, "mark", "III.1.3", "dang", today="05/01/2023")
    assert result.exit_code == 0
    assert ledger_events(tmp_path)[0]["date"] == date(2023, 1, 5)


@pytest.mark.parametrize(("typed", "expected"), [
    ("01/06/2022", date(2022, 6, 1)), ("1/6/2022", date(2022, 6, 1)), ("2022-06-01", date(2022, 6, 1)),
    ("20/06/2022", date(2022, 6, 20)), ("31-12-2021", date(2021, 12, 31)),
])
def test_past_or_today_dates_are_allowed(tmp_path, typed, expected):
    result = cli(tmp_path, "mark", "III.1.3", "xong", "--date", typed)
    assert result.exit_code == 0, result.stderr
    assert ledger_events(tmp_path)[0]["date"] == expected
    assert result.stdout.endswith(f"({expected:%d/%m/%Y})\n")


def test_short_date_option(tmp_path):
    assert cli(tmp_path, "mark", "III.1.3", "xong", "-d", "02/06/2022").exit_code == 0
    assert ledger_events(tmp_path)[0]["date"] == date(2022, 6, 2)


# ---- bad input: one line on stderr, non-zero exit, ledger untouched ------------------------

BAD_MARKS = {
    "unknown id": (["mark", "III.1.22", "xong"], ["III.1.22", "III.1.2"]),
    "unknown id far": (["mark", "IX.9", "xong"], ["IX.9"]),
    "unknown status": (["mark", "III.1.2", "finished"],
                       ["finished", "todo", "doing", "done", "blocked", "Chưa thực hiện",
                        "Đang thực hiện", "Hoàn thành", "Vướng mắc"]),
    "bad date": (["mark", "III.1.2", "xong", "--date", "32/01/2022"], ["32/01/2022"]),
    "bad date words": (["mark", "III.1.2", "xong", "--date", "hôm qua"], ["hôm qua"]),
    "bad month": (["mark", "III.1.2", "xong", "--date", "2022-13-01"], ["2022-13-01"]),
    "future date": (["mark", "III.1.2", "xong", "--date", "21/06/2022"], ["21/06/2022", "20/06/2022"]),
    "far future": (["mark", "III.1.2", "xong", "--date", "2030-01-01"], ["01/01/2030"]),
    "empty note": (["mark", "III.1.2", "xong", "--note", ""], ["--note"]),
    "blank note": (["mark", "III.1.2", "xong", "--note", "   \t "], ["--note"]),
    "control-only note": (["mark", "III.1.2", "xong", "--note", "\x1b[31m\x07"], ["--note"]),
    "heading": (["mark", "III.1", "xong"], ["III.1"]),
}


@pytest.mark.parametrize("existing", [False, True], ids=["no-ledger", "with-ledger"])
@pytest.mark.parametrize("case", list(BAD_MARKS))
def test_bad_mark_is_refused_cleanly(tmp_path, case, existing):
    args, expected_words = BAD_MARKS[case]
    if existing:
        assert cli(tmp_path, "mark", "III.1.1", "dang", "--note", "trước").exit_code == 0
    before = snapshot(tmp_path)
    result = cli(tmp_path, *args)
    assert result.exit_code != 0
    assert result.stdout == ""
    message = one_line(result.stderr)
    assert message.startswith("sapa: ")
    assert "Traceback" not in result.stderr
    for word in expected_words:
        assert word in message
    assert snapshot(tmp_path) == before
    if not existing:
        assert no_ledger_files(tmp_path)


def test_unknown_id_suggests_close_matches_in_english(tmp_path):
    result = cli(tmp_path, "mark", "III.4.33", "done", lang="en")
    assert result.exit_code != 0
    message = one_line(result.stderr)
    assert "did you mean" in message and "III.4.3" in message


def test_unknown_status_lists_english_labels(tmp_path):
    result = cli(tmp_path, "mark", "III.1.2", "finished", lang="en")
    message = one_line(result.stderr)
    for word in ("todo", "doing", "done", "blocked", "Not started", "In progress", "Done", "Blocked"):
        assert word in message


def test_future_date_relative_to_sapa_today(tmp_path):
    # 2023-01-01 is in the past for the real calendar but the future for SAPA_TODAY.
    result = cli(tmp_path, "mark", "III.1.2", "xong", "--date", "2023-01-01", today="2022-12-31")
    assert result.exit_code != 0
    assert "01/01/2023" in one_line(result.stderr)
    assert no_ledger_files(tmp_path)
