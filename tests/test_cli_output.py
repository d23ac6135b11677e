"""`--unit` on remind and overdue, and `-o FILE` on the listings: CSV for Excel, JSON, plain text."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cli_support import sapa
from helpers import fail, ok
from sample_plans import BUNDLED_PLAN, replace_once

from sapa_propaganda.commands.output import tsv_to_csv

LISTINGS = [["duties"], ["reports"], ["overdue"], ["history"], ["remind"], ["status"], ["units"]]


@pytest.fixture
def recorded(tmp_path):
    ok(sapa(tmp_path, "mark", "III.1.1", "xong", "--note", "=HYPERLINK(\"http://x\")", "--by", "@lan"))
    ok(sapa(tmp_path, "mark", "III.2.1", "dang", "--note", "-5 ngày"))
    ok(sapa(tmp_path, "submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "+1-BC"))
    return tmp_path


@pytest.mark.parametrize("argv", LISTINGS, ids=" ".join)
@pytest.mark.parametrize("suffix", [".txt", ".tsv", ".TXT"])
def test_text_file_is_what_the_screen_shows_when_piped(recorded, argv, suffix):
    """The same lines, but a spreadsheet opens a .txt or .tsv too: formulas defused as in CSV."""
    target = recorded / f"out{suffix}"
    result = sapa(recorded, *argv, "-o", target)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"Đã ghi {target}\n")
    piped = ok(sapa(recorded, *argv))
    assert target.read_text(encoding="utf-8") == "\n".join("\t".join(defused(cell) for cell in line.split("\t"))
                                                           for line in piped.split("\n"))


@pytest.mark.parametrize("argv", [a for a in LISTINGS if a != ["remind"]], ids=" ".join)
def test_json_file_is_what_json_prints(recorded, argv):
    target = recorded / "out.json"
    ok_write(sapa(recorded, *argv, "--output", target))
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(ok(sapa(recorded, *argv, "--json")))


def ok_write(result):
    assert result.exit_code == 0 and result.stdout == "" and result.stderr.startswith("Đã ghi "), result


@pytest.mark.parametrize("argv", LISTINGS, ids=" ".join)
def test_csv_file_is_the_plain_rows_for_excel(recorded, argv):
    target = recorded / "out.csv"
    ok_write(sapa(recorded, *argv, "-o", target))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads Vietnamese right
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    plain = ok(sapa(recorded, *argv)).splitlines()
    if argv == ["remind"]:  # lines, not a table: one column under its header
        assert rows[0] == ["Nhắc việc"]
        rows = rows[1:]
        assert plain[0] == "Nhắc việc ngày 20/06/2022"  # plain text opens with its day instead
        plain = plain[1:]
    assert len(rows) == len(plain)
    for row, line in zip(rows, plain, strict=True):
        assert row == [defused(cell) for cell in line.split("\t")] if line else row == []


def defused(cell):
    if "/" in cell and all(part.isdigit() for part in cell.split("/")) and cell.count("/") == 1:
        return cell.replace("/", " / ")  # a count Excel would make a date
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def test_csv_cells_that_excel_would_run_stay_text():
    data = tsv_to_csv("=1+2\t+1-BC\t-5\t@lan\tvăn bản\t\n\nx\n")
    assert data.decode("utf-8-sig") == "'=1+2,'+1-BC,'-5,'@lan,văn bản,\r\n\r\nx\r\n"


def test_csv_of_history_defuses_formulas_from_the_ledger(recorded):
    target = recorded / "history.csv"
    ok_write(sapa(recorded, "history", "-o", target))
    cells = [c for row in csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))) for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells and "'@lan" in cells and "'-5 ngày" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_remind_json_file(recorded):
    target = recorded / "remind.json"
    ok_write(sapa(recorded, "remind", "-o", target))
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert rows and {row["reminder"] for row in rows} <= {"report", "item"}
    lines = ok(sapa(recorded, "remind")).splitlines()[1:]  # after the date
    assert [row["reminder"] for row in rows] == ["report" if line.startswith("Báo cáo") else "item" for line in lines]
    assert {"item", "report"} <= {row["reminder"] for row in rows}


@pytest.mark.parametrize("argv", LISTINGS, ids=" ".join)
def test_an_unknown_suffix_is_refused_naming_the_known_ones(recorded, argv):
    target = recorded / "out.pdf"
    assert fail(sapa(recorded, *argv, "-o", target)) == (
        f"sapa: không rõ ghi '{target}' theo định dạng nào; đuôi tệp phải là một trong: "
        ".csv, .docx, .json, .tsv, .txt, .xlsx")
    assert not target.exists()


def test_remind_for_one_unit(recorded):
    everything = ok(sapa(recorded, "remind", "--days", "400")).splitlines()[1:]  # after the date
    mine = ok(sapa(recorded, "remind", "--days", "400", "--unit", "Mat tran")).splitlines()[1:]
    assert mine and len(mine) < len(everything) and set(mine) <= set(everything)
    assert all("Ủy ban Mặt trận Tổ quốc" in line for line in mine)
    assert ok(sapa(recorded, "remind", "-u", "mttq", "--days", "400")).splitlines()[1:] == mine


def test_remind_and_overdue_for_a_unit_include_its_items(tmp_path, write_plan):
    """Items carry units too: II.1.1.2 given to ttvh is reminded to ttvh, not to mttq."""
    plan = write_plan(replace_once(BUNDLED_PLAN, 'id = "II.1.1.2"\n', 'id = "II.1.1.2"\nunits = ["ttvh"]\n'))
    common = ["--plan", plan, "--today", "2022-01-05", "--days", "400"]
    ttvh = ok(sapa(tmp_path, "remind", *common, "-u", "ttvh")).splitlines()
    mttq = ok(sapa(tmp_path, "remind", *common, "-u", "mttq")).splitlines()
    assert [line for line in ttvh if "II.1.1." in line] == [line for line in ttvh if "II.1.1.2 " in line] != []
    assert not [line for line in mttq if "II.1.1." in line]
    overdue = json.loads(ok(sapa(tmp_path, "overdue", "--plan", plan, "--today", "2022-01-05", "-u", "ttvh",
                                 "--json")))
    assert [item["id"] for item in overdue["items"]] == ["II.1.1.2"]


def test_overdue_for_one_unit(recorded):
    everything = json.loads(ok(sapa(recorded, "--today", "2023-01-20", "overdue", "--json")))
    mine = json.loads(ok(sapa(recorded, "--today", "2023-01-20", "overdue", "--unit", "vhtt", "--json")))
    assert mine["reports"] and {r["unit"] for r in mine["reports"]} == {"vhtt"}
    assert all("vhtt" in item["units"] for item in mine["items"])
    assert len(mine["reports"]) < len(everything["reports"])
    assert [r for r in everything["reports"] if r["unit"] == "vhtt"] == mine["reports"]
    assert [i for i in everything["items"] if "vhtt" in i["units"]] == mine["items"]


def test_an_unknown_unit_is_refused_on_remind_and_overdue(tmp_path):
    for argv in (["remind", "-u", "khong-co"], ["overdue", "--unit", "khong-co"]):
        assert fail(sapa(tmp_path, *argv)).startswith("sapa: không có đơn vị 'khong-co'")
