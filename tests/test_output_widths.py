"""Issue 12 #12: Rich tables never cut what the clerk types back — ids, dates, document numbers.

Every Rich listing is drawn at 60, 80 and 120 columns (COLUMNS with --rich, as a terminal of
that width would give) and must show each id, date (dd/mm/yyyy) and document number of the
rows whole, at least as many times as the rows hold it, with no ellipsis and no line wider
than the terminal. The values expected are read from the same command's --json output.
Every run has an explicit --today and its own data folder (conftest's `run`).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from rich.cells import cell_len
from rich.text import Text

from sapa_propaganda.render.rich_out import TEXT, WHOLE, WORDS, Column, column_widths

TODAY = "2022-06-20"
LONG_REF = "1234-BC/BTGThU-VP"  # a document number longer than any header
WIDTHS = (60, 80, 120)


def ok(result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result.stdout


def dmy(iso: str | None) -> list[str]:
    return [date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")] if iso else []


@pytest.fixture
def busy(run):
    """The bundled plan with reports received (one with a long document number) and marks on a
    duty and on a form of the unit with the longest id (khoi-tuyen-truyen)."""

    def sapa(*args, env=None):
        return run("--today", TODAY, *args, env=env)

    ok(sapa("submit", "chi-dang-bo", "2022-H1", "--date", "12/06/2022", "--ref", LONG_REF,
            "--note", "gửi qua thư điện tử, bản chính gửi sau"))
    ok(sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "12-BC/MTTQ", "--by", "Nguyễn Thị Hà"))
    ok(sapa("mark", "III.1.2", "xong", "--date", "15/06/2022", "--ref", "15-BC/BTGThU",
            "--note", "Đã ban hành hướng dẫn tuyên truyền kết quả Đại hội XIII đến các chi bộ"))
    ok(sapa("mark", "II.2.1.1", "dang", "--date", "01/06/2022", "--by", "Lan"))
    return sapa


def expected_values(command: str, data) -> list[str]:
    """The ids, dates and document numbers a table of `command` must show, one per cell."""
    values: list[str] = []
    if command == "units":
        for unit in data:
            values += [unit["id"], *([unit["parent"]] if unit["parent"] else [])]
    elif command == "duties":
        for row in data:
            values += [row["id"], *dmy(row["updated"])]
    elif command == "history":
        for event in data:
            target = event["target"].split("@")  # a report received is "unit@period"
            values += [*target, *dmy(event["date"]), *dmy(event["recorded"])]
            values += [event["ref"]] if event["ref"] else []
    elif command == "reports":
        for row in data:
            values += [row["unit"], *dmy(row["due"]), *dmy(row["submitted"]), *([row["ref"]] if row["ref"] else [])]
    elif command == "overdue":
        for row in data["reports"]:
            values += [row["unit"], *dmy(row["due"])]
        for row in data["items"]:
            values += [row["id"], *dmy(row["due"]), str(row["days"])]
    elif command == "status":
        values += dmy(data["today"])
        if data["next_deadline"]:
            values += dmy(data["next_deadline"]["due"])
        values += [u["unit"] for u in data["units"]]
    return values


LISTINGS = {
    "units": ["units"],
    "duties": ["duties", "--all"],
    "history": ["history"],
    "reports": ["reports", "--all"],
    "overdue": ["overdue"],
    "status": ["status"],
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", list(LISTINGS))
def test_rich_tables_show_ids_dates_and_refs_whole(busy, command, width):
    args = LISTINGS[command]
    values = expected_values(command, json.loads(ok(busy(*args, "--json"))))
    assert values, command
    out = ok(busy("--rich", *args, env={"COLUMNS": str(width)}))
    assert "…" not in out
    for line in out.splitlines():
        assert cell_len(line) <= width, line
    for value in set(values):
        assert out.count(value) >= values.count(value), (value, out)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_values_of_the_issue_are_whole(busy, width):
    """`khoi-tuyen-truyen` in units, `chi-dang-bo` in history, the dates and refs of reports."""
    env = {"COLUMNS": str(width)}
    assert "khoi-tuyen-truyen" in ok(busy("--rich", "units", env=env))
    history = ok(busy("--rich", "history", env=env))
    assert "chi-dang-bo" in history and LONG_REF in history and "II.2.1.1" in history
    reports = ok(busy("--rich", "reports", "--period", "2022-H1", env=env))
    assert reports.count("15/06/2022") == 4 and "12/06/2022" in reports and LONG_REF in reports
    assert "12-BC/MTTQ" in reports


def test_show_keeps_the_history_values_whole_at_60(busy):
    out = ok(busy("--rich", "show", "III.1.2", env={"COLUMNS": "60"}))
    assert "15-BC/BTGThU" in out and "15/06/2022" in out and "III.1.2" in out
    assert all(cell_len(line) <= 60 for line in out.splitlines())


def test_text_columns_wrap_instead(busy):
    """Duty text and notes wrap onto more lines; nothing is dropped from them either."""
    texts = [row["text"] for row in json.loads(ok(busy("duties", "--unit", "mttq", "--json")))]
    out = ok(busy("--rich", "duties", "--unit", "mttq", env={"COLUMNS": "80"}))
    rows = [line.split("│") for line in out.splitlines() if line.startswith("│")]
    assert len(rows) > len(texts)  # wrapped onto more lines than there are duties
    shown = " ".join(" ".join(row[2] for row in rows).split())  # the duty column, read down
    assert shown == " ".join(texts)


# ---- the width rule itself ------------------------------------------------------------------

def cells(*rows: tuple[str, ...]) -> list[list[Text]]:
    return [[Text(v) for v in row] for row in rows]


def test_whole_columns_get_their_longest_value_and_text_shares_the_rest():
    columns = [Column("Mã", WHOLE), Column("Ghi chú", TEXT), Column("Ngày", WHOLE)]
    rows = cells(("khoi-tuyen-truyen", "một ghi chú khá dài " * 5, "15/06/2022"))
    widths = column_widths(columns, rows, 50)
    assert widths is not None
    assert widths[0] == len("khoi-tuyen-truyen") and widths[2] == len("15/06/2022")
    assert sum(widths) == 50  # the note takes what is left


def test_words_columns_keep_their_longest_word():
    columns = [Column("Sự kiện", WORDS), Column("Ghi chú", TEXT)]
    rows = cells(("Nhận báo cáo khoi-tuyen-truyen 2022-H1", "x " * 40))
    widths = column_widths(columns, rows, 30)
    assert widths is not None and widths[0] >= len("khoi-tuyen-truyen")


def test_no_layout_when_the_whole_values_cannot_fit():
    columns = [Column("Mã", WHOLE), Column("Số văn bản", WHOLE)]
    assert column_widths(columns, cells(("khoi-tuyen-truyen", LONG_REF)), 30) is None


def test_a_table_too_wide_for_the_terminal_becomes_one_block_per_row(busy):
    """At 60 columns the reports of a period cannot be a table with every value whole: each
    row is shown as "column  value" lines instead, still with every value."""
    out = ok(busy("--rich", "reports", "--period", "2022-H1", env={"COLUMNS": "60"}))
    assert "Số văn bản  " + LONG_REF in out
    assert out.count("Hạn         15/06/2022") == 4
