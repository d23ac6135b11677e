"""One paper for the whole office: across a workspace of several plans, `-o FILE.docx` and
`-o FILE.xlsx` on `status`, `overdue`, `reports`, `remind`, `checklist PERIOD` and `report-draft
PERIOD` write one paper, each plan's part under its number and title, the office's header and
closing once; in Excel, a first column names each row's plan. Every file is read back with
python-docx or openpyxl and checked for what the leaders would see.

The office is that of tests/test_workspace.py (the ward's study plan, whose chi bộ report on their
own; the two-phase programme; the bundled Sa Pa plan), the ward's plan given a document number so
that its part is headed "Kế hoạch số …: …" and the others by their titles alone. 2023-H1 is a
period the ward and Sa Pa share and the programme lacks.
"""

from __future__ import annotations

import json
import re

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from helpers import installed_plan, ok
from sample_plans import BUNDLED_PLAN_PATH, replace_once
from test_member_reports import MEMBERS_PLAN
from test_one_time_reports_and_phases import PHASES_PLAN

WARD, PHASES, SAPA = "hoa-lac-hoc-tap-2023", "muong-khuong-chuong-trinh-2015", "sa-pa-2021-tuyen-truyen-dai-hoi-xiii"
WARD_NUMBER = "05-KH/ĐU"
WARD_TITLE = "Kế hoạch học tập chuyên đề năm 2023"
PHASES_TITLE = "Chương trình phát triển văn hóa cơ sở giai đoạn 2015–2017"
SAPA_TITLE = "Kế hoạch đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"
# How each plan's part is headed: its number and title, or its title alone (no number).
WARD_PART, PHASES_PART, SAPA_PART = f"Kế hoạch số {WARD_NUMBER}: {WARD_TITLE}", PHASES_TITLE, SAPA_TITLE
PARTS = (WARD_PART, PHASES_PART, SAPA_PART)

WARD_PLAN = replace_once(MEMBERS_PLAN, f'title = "{WARD_TITLE}"\n',
                         f'title = "{WARD_TITLE}"\nnumber = "{WARD_NUMBER}"\n')
TODAY = "2023-07-01"
DATE_LINE_END = "ngày 01 tháng 7 năm 2023"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
DUTY_I = "I — Tổ chức học chuyên đề năm 2023 cho đảng viên."

# The half-year's records: one chi bộ of the ward and Sa Pa's MTTQ reported on time; Sa Pa's BTG
# started III.1.1.
RECORDS = (
    ("submit", "--plan", WARD, "ta van", "2023-H1", "--date", "2023-06-10", "--ref", "07-BC/CB"),
    ("submit", "--plan", SAPA, "mttq", "2023-H1", "--date", "2023-06-12", "--ref", "31-BC/MTTQ"),
    ("mark", f"{SAPA}:III.1.1", "doing", "--date", "2023-06-05", "--note", "Đang in tài liệu"),
)


def add_plans(sapa, write_plan, phases_plan: str = PHASES_PLAN) -> None:
    ok(sapa("plan", "add", write_plan(WARD_PLAN, "ward.toml")))
    ok(sapa("plan", "add", write_plan(phases_plan, "phases.toml")))
    ok(sapa("plan", "add", BUNDLED_PLAN_PATH))
    for argv in RECORDS:
        ok(sapa(*argv))


@pytest.fixture
def office(run, write_plan):
    """The workspace of three plans after the half-year's records; `sapa(*args)` runs on TODAY
    without --plan."""
    def sapa(*args, today=TODAY):
        return run("--today", today, *args)

    add_plans(sapa, write_plan)
    return sapa


def written(result, target, said: str = "Đã ghi") -> None:
    """The run wrote `target`, said so on stderr, and printed nothing."""
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"{said} {target}\n"), result.output
    assert target.exists()


# ---- reading a Word paper back ---------------------------------------------------------------

def blocks(document) -> list[tuple[str, object]]:
    """The body in order: ("p", text) for each paragraph with text, ("t", rows) for each table."""
    found: list[tuple[str, object]] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = Paragraph(element, document).text
            if text:
                found.append(("p", text))
        elif element.tag == qn("w:tbl"):
            table = Table(element, document)
            found.append(("t", [[cell.text for cell in row.cells] for row in table.rows]))
    return found


def every_text(document) -> list[str]:
    """Every paragraph's text, those in the header's and the closing block's tables too."""
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return texts


def header_of(document) -> tuple[list[str], list[str]]:
    left, right = document.tables[0].rows[0].cells
    return [p.text for p in left.paragraphs if p.text], [p.text for p in right.paragraphs if p.text]


def office_once(document, kind: str, summary: str) -> tuple[list[str], list[str]]:
    """The office's header (first), its kind and summary, and the closing block (last) are each
    in the paper once; returns the header's left and right cells."""
    texts = every_text(document)
    assert texts.count(PARTY) == 1
    # A report's number line; a list (danh sách), no kind of document in HD 36, has none.
    numbered = [header_of(document)[0][-1]] if kind != "DANH SÁCH" else []
    assert [t for t in texts if t.startswith(("Số      -", "Số:"))] == numbered
    assert texts.count("Nơi nhận:") == 1
    body = [text for what, text in blocks(document) if what == "p"]
    assert body.count(kind) == 1 and body.count(summary) == 1
    first, last = blocks(document)[0], blocks(document)[-1]
    assert first[0] == "t" and PARTY in first[1][0][1]
    assert last[0] == "t" and last[1][0][0].startswith("Nơi nhận:")
    left, right = header_of(document)
    assert right[0] == PARTY and right[-1].endswith(DATE_LINE_END)
    return left, right


def parts_of(document, headings=PARTS) -> dict[str, dict[str, list]]:
    """Each plan's part, by its heading, in the order the paper has them: the paragraphs and the
    table rows between its heading and the next (the closing block left out)."""
    parts: dict[str, dict[str, list]] = {}
    current = None
    for what, value in blocks(document)[1:-1]:
        if what == "p" and value in headings:
            assert value not in parts, f"{value!r} heads two parts"
            current = parts[value] = {"texts": [], "rows": []}
        elif current is not None:
            current["texts" if what == "p" else "rows"] += [value] if what == "p" else value
    return parts


def row_of(rows: list[list[str]], *cells: str) -> list[str]:
    """The one row holding all these cells."""
    found = [row for row in rows if all(cell in row for cell in cells)]
    assert len(found) == 1, (cells, found)
    return found[0]


# ---- reading an Excel paper back ---------------------------------------------------------------

def sheet_rows(sheet) -> list[tuple]:
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def plans_in(sheet) -> list[str]:
    """The plan column's values, each once, in the order of the rows."""
    return list(dict.fromkeys(row[0] for row in sheet_rows(sheet)[1:]))


# ---- overdue ---------------------------------------------------------------------------------

def test_overdue_across_the_office_is_one_word_paper_each_plan_s_rows_under_its_own_part(office, tmp_path):
    target = tmp_path / "qua-han.docx"
    written(office("overdue", "-o", target), target)
    document = docx.Document(target)
    left, _right = office_once(document, "DANH SÁCH", "Các báo cáo, nhiệm vụ quá hạn đến ngày 01/07/2023")
    assert left[-1] == "*"  # a list (danh sách): no number
    parts = parts_of(document)
    assert list(parts) == [WARD_PART, PHASES_PART, SAPA_PART]

    ward = parts[WARD_PART]["rows"]
    assert row_of(ward, DUTY_I)[2:] == ["Các chi bộ trực thuộc", "31/05/2023", "Chưa thực hiện", "31"]
    assert row_of(ward, "Chi bộ Lao Chải")[3:] == ["15/06/2023", "Quá hạn 16 ngày", "16"]
    assert not any("Chi bộ Tả Van" in row for row in ward)  # reported on time
    phases = parts[PHASES_PART]["rows"]
    assert row_of(phases, "Báo cáo sơ kết giai đoạn 1")[2:] == [
        "Phòng Văn hóa và Thông tin", "30/12/2015", "Quá hạn 2740 ngày", "2740"]
    sapa = parts[SAPA_PART]["rows"]
    assert row_of(sapa, "Báo cáo tổng hợp 6 tháng đầu năm 2023")[2:] == [
        "BTG Thị ủy", "20/06/2023", "Quá hạn 11 ngày", "11"]
    assert row_of(sapa, "Báo cáo 6 tháng đầu năm 2023", "Phòng VH-TT")[-1] == "16"
    assert not any(row[1:3] == ["Báo cáo 6 tháng đầu năm 2023", "MTTQ và các đoàn thể"] for row in sapa)
    # Nothing of one plan strays into another's part.
    assert not any(DUTY_I in row for row in phases + sapa)
    assert not any("BTG Thị ủy" in row or "Phòng Văn hóa và Thông tin" in row for row in ward)


def test_overdue_across_the_office_in_excel_names_each_row_s_plan(office, tmp_path):
    target = tmp_path / "qua-han.xlsx"
    written(office("overdue", "-o", target), target)
    workbook = openpyxl.load_workbook(target)
    rows = [row for sheet in workbook.worksheets for row in sheet_rows(sheet)[1:]]
    for sheet in workbook.worksheets:
        assert sheet_rows(sheet)[0][0] == "Kế hoạch" and sheet.freeze_panes == "A2"
    duty = next(row for row in rows if DUTY_I in row)
    assert duty[0] == WARD_NUMBER  # a plan with a number is named by it, the others by their ids
    assert next(row for row in rows if "Báo cáo sơ kết giai đoạn 1" in row)[0] == PHASES
    assert next(row for row in rows if "Báo cáo tổng hợp 6 tháng đầu năm 2023" in row)[0] == SAPA
    assert list(dict.fromkeys(row[0] for row in rows)) == [WARD_NUMBER, PHASES, SAPA]


# ---- status ----------------------------------------------------------------------------------

def test_status_across_the_office_in_excel_is_the_plans_and_what_each_unit_owes(office, tmp_path):
    target = tmp_path / "tinh-hinh.xlsx"
    written(office("status", "-o", target), target)
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["Các kế hoạch", "Báo cáo còn nợ"]
    plans = sheet_rows(workbook["Các kế hoạch"])
    assert plans[0] == ("STT", "Số", "Kế hoạch", "Hạn", "Việc đến hạn gần nhất", "Báo cáo quá hạn",
                        "Nhiệm vụ quá hạn")
    assert [row[1:3] for row in plans[1:]] == [(WARD_NUMBER, WARD_TITLE), (PHASES, PHASES_TITLE), (SAPA, SAPA_TITLE)]
    ward, phases, sapa = plans[1:]
    assert ward[5:] == (3, 1)  # Lao Chải, Đồng Tâm, MTTQ; duty I
    assert phases[5:] == (3, 1)
    assert sapa[5:] == (19, 7)  # MTTQ's 2023-H1 came in
    nearest = workbook["Các kế hoạch"].cell(row=4, column=4)
    assert nearest.is_date and nearest.value.date().isoformat() == "2023-11-15"
    assert sapa[4].startswith("còn 137 ngày — Báo cáo năm 2023 của ")
    owed = {row[1]: row[2:] for row in sheet_rows(workbook["Báo cáo còn nợ"])[1:]}
    assert sheet_rows(workbook["Báo cáo còn nợ"])[0] == ("STT", "Đơn vị", "Báo cáo còn nợ", "Số kế hoạch")
    as_json = json.loads(ok(office("status", "--json")))
    assert len(owed) == len(as_json["units"])
    assert {(count, plans) for count, plans in owed.values()} == {
        (unit["reports_outstanding"], unit["plans"]) for unit in as_json["units"]}
    # vhtt owes under the programme and Sa Pa, each plan's own unit (no roster says they are one): a row each
    assert owed[f"Phòng Văn hóa và Thông tin ({PHASES})"][1] == 1 and owed[f"Phòng VH-TT ({SAPA})"][1] == 1


def test_status_across_the_office_in_word_is_one_list_not_a_part_per_plan(office, tmp_path):
    target = tmp_path / "tinh-hinh.docx"
    written(office("status", "-o", target), target)
    document = docx.Document(target)
    office_once(document, "DANH SÁCH", "Tình hình thực hiện các kế hoạch đến ngày 01/07/2023")
    assert parts_of(document) == {}  # the plans are rows of its table, not parts
    tables = [value for what, value in blocks(document) if what == "t"][1:-1]
    assert [table[0][:3] for table in tables] == [["STT", "Số", "Kế hoạch"], ["STT", "Đơn vị", "Báo cáo còn nợ"]]
    assert [row[2] for row in tables[0][1:]] == [WARD_TITLE, PHASES_TITLE, SAPA_TITLE]


# ---- report-draft and checklist of a period two plans share ----------------------------------

def test_report_draft_across_the_office_in_word_has_a_part_per_plan_with_the_period(office, tmp_path):
    ok(office("mark", f"{WARD}:I", "done", "--date", "2023-06-20"))
    target = tmp_path / "du-thao.docx"
    written(office("report-draft", "2023-H1", "-o", target), target)
    document = docx.Document(target)
    left, _right = office_once(document, "BÁO CÁO", "Kết quả thực hiện các kế hoạch, 6 tháng đầu năm 2023")
    assert left[-1].startswith("Số      -BC/")  # a report (báo cáo)
    parts = parts_of(document)
    assert list(parts) == [WARD_PART, SAPA_PART]  # the programme has no 2023-H1: left out
    assert not any(PHASES_TITLE in text or "Phòng Văn hóa và Thông tin" in text for text in every_text(document))
    for part in parts.values():  # each part is a whole draft of its plan: I, II, III, IV
        assert [t for t in part["texts"] if t[:3] in ("I. ", "II.", "III", "IV.")] == [
            "I. KẾT QUẢ THỰC HIỆN", "II. HẠN CHẾ VÀ NGUYÊN NHÂN", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
            "IV. ĐỀ XUẤT, KIẾN NGHỊ"]

    ward = parts[WARD_PART]
    assert row_of(ward["rows"], "Chi bộ Tả Van")[2:] == ["15/06/2023", "10/06/2023", "07-BC/CB", "Nộp đúng hạn"]
    assert row_of(ward["rows"], "Các chi bộ trực thuộc: đã nhận 1/3")[-1] == "Quá hạn 16 ngày"
    assert row_of(ward["rows"], "Tổ chức học chuyên đề năm 2023 cho đảng viên.")[-2:] == [
        "20/06/2023", "Hoàn thành quá hạn (20 ngày)"]
    assert any(t.startswith("Các đơn vị chưa báo cáo: Chi bộ Lao Chải") for t in ward["texts"])
    sapa = parts[SAPA_PART]
    assert row_of(sapa["rows"], "MTTQ và các đoàn thể", "31-BC/MTTQ")[-1] == "Nộp đúng hạn"
    assert row_of(sapa["rows"], "III.1.1")[-1] == "Đang thực hiện"
    assert not any("07-BC/CB" in row for row in sapa["rows"])
    assert not any("31-BC/MTTQ" in row for row in ward["rows"])


def test_checklist_across_the_office_in_word_has_a_part_per_plan_with_the_period(office, tmp_path):
    target = tmp_path / "kiem-tra.docx"
    written(office("checklist", "2023-H1", "-o", target), target)
    document = docx.Document(target)
    office_once(document, "DANH SÁCH", "Kiểm tra kỳ báo cáo 6 tháng đầu năm 2023 (2023-H1)")
    parts = parts_of(document)
    assert list(parts) == [WARD_PART, SAPA_PART]
    assert PHASES_TITLE not in every_text(document)
    ward, sapa = parts[WARD_PART]["rows"], parts[SAPA_PART]["rows"]
    assert row_of(ward, "Chi bộ Tả Van")[-3:] == ["07-BC/CB", "Nộp đúng hạn", "x"]  # received: ticked
    assert row_of(ward, "Chi bộ Đồng Tâm")[-1] == ""
    assert row_of(ward, f"{DUTY_I} (hạn 31/05/2023)")[-3:] == ["Chưa thực hiện", "", ""]
    assert row_of(sapa, "MTTQ và các đoàn thể", "Báo cáo 6 tháng đầu năm 2023")[-3:] == [
        "31-BC/MTTQ", "Nộp đúng hạn", "x"]
    iii_1_1 = next(row for row in sapa if row[2].startswith("III.1.1 — "))
    assert iii_1_1[-3:] == ["Đang thực hiện (05/06/2023)", "Đang in tài liệu", ""]
    assert not any("Chi bộ Tả Van" in row for row in sapa) and not any(row[2].startswith("III.") for row in ward)


# ---- reports and remind ----------------------------------------------------------------------

def test_reports_across_the_office_in_excel_have_a_plan_column_with_rows_of_several_plans(office, tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    written(office("reports", "-o", target), target)
    workbook = openpyxl.load_workbook(target)
    for sheet in workbook.worksheets:
        assert sheet_rows(sheet)[0][:2] == ("Kế hoạch", "STT")
    every = [row for sheet in workbook.worksheets for row in sheet_rows(sheet)[1:]]
    assert list(dict.fromkeys(row[0] for row in every)) == [WARD_NUMBER, PHASES, SAPA]
    assert any(len(plans_in(sheet)) > 1 for sheet in workbook.worksheets)
    ta_van = next(row for row in every if "Chi bộ Tả Van" in row)
    assert ta_van[0] == WARD_NUMBER and "07-BC/CB" in ta_van
    mttq = next(row for row in every if "31-BC/MTTQ" in row)
    assert mttq[0] == SAPA


def test_reports_of_one_period_and_unit_across_the_office_are_one_sheet(office, tmp_path):
    target = tmp_path / "mttq.xlsx"
    written(office("reports", "--period", "2023-H1", "--unit", "mttq", "-o", target), target)
    (sheet,) = openpyxl.load_workbook(target).worksheets
    rows = sheet_rows(sheet)
    assert rows[0] == ("Kế hoạch", "STT", "Đơn vị", "Hạn", "Ngày nhận", "Số văn bản", "Tình trạng")
    assert [(row[0], row[2], row[5], row[6]) for row in rows[1:]] == [
        (WARD_NUMBER, "MTTQ", None, "Quá hạn 16 ngày"),
        (SAPA, "MTTQ và các đoàn thể", "31-BC/MTTQ", "Nộp đúng hạn")]  # the programme has no MTTQ


def test_remind_across_the_office_in_word_has_what_each_plan_s_lines_say(office, tmp_path):
    target = tmp_path / "nhac-viec.docx"
    written(office("remind", "-o", target), target)
    document = docx.Document(target)
    office_once(document, "DANH SÁCH", "Các việc quá hạn và sắp đến hạn, ngày 01/07/2023")
    parts = parts_of(document)
    assert list(parts) == [WARD_PART, PHASES_PART, SAPA_PART]
    lines = ok(office("remind")).splitlines()
    for heading, label in ((WARD_PART, WARD_NUMBER), (PHASES_PART, PHASES), (SAPA_PART, SAPA)):
        own = [line for line in lines if line.startswith(f"[{label}] ")]
        assert len(parts[heading]["rows"]) - 1 == len(own) > 0, heading  # the table's header, then a row a line
    ward = parts[WARD_PART]["rows"]
    assert row_of(ward, "Chi bộ Lao Chải")[3:] == ["15/06/2023", "quá hạn 16 ngày", "Chưa nộp"]
    assert row_of(parts[PHASES_PART]["rows"], "I.1 — Xây dựng nhà văn hóa thôn ở 5 xã.")[-1] == "Chưa thực hiện"


# ---- Markdown, English, --plan, one plan -----------------------------------------------------

def test_report_draft_as_markdown_across_the_office_heads_each_plan_s_part(office, tmp_path):
    text = ok(office("report-draft", "2023-H1"))
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("## ")] == [f"## {WARD_PART}", f"## {SAPA_PART}"]
    assert lines.count("# BÁO CÁO") == 1
    assert lines.count("**Kết quả thực hiện các kế hoạch, 6 tháng đầu năm 2023**") == 1
    assert text.count(PARTY) == 1 and text.count("Nơi nhận:") == 1
    assert lines.count("### I. KẾT QUẢ THỰC HIỆN") == 2  # a level under each part's heading
    assert lines.index(f"## {WARD_PART}") < lines.index("### I. KẾT QUẢ THỰC HIỆN") < lines.index(f"## {SAPA_PART}")
    assert PHASES_TITLE not in text
    ward = text[text.index(f"## {WARD_PART}"):text.index(f"## {SAPA_PART}")]
    assert "| 1 | Chi bộ Tả Van | 15/06/2023 | 10/06/2023 | 07-BC/CB | Nộp đúng hạn |" in ward
    assert "31-BC/MTTQ" in text[text.index(f"## {SAPA_PART}"):] and "31-BC/MTTQ" not in ward
    target = tmp_path / "du-thao.md"
    written(office("report-draft", "2023-H1", "-o", target), target)
    assert target.read_text(encoding="utf-8") == text
    plain = tmp_path / "du-thao.txt"
    written(office("report-draft", "2023-H1", "-o", plain), plain)
    lines = plain.read_text(encoding="utf-8").splitlines()
    for heading in (WARD_PART, SAPA_PART):  # plain text underlines each part's heading
        assert lines.count(heading) == 1 and lines[lines.index(heading) + 1] == "-" * len(heading)
    assert "##" not in plain.read_text(encoding="utf-8") and PHASES_TITLE not in lines


def test_part_headings_in_english(office, tmp_path):
    target = tmp_path / "overdue.docx"
    written(office("--lang", "en", "overdue", "-o", target), target, said="Wrote")
    document = docx.Document(target)
    english = (f"Plan No. {WARD_NUMBER}: {WARD_TITLE}", PHASES_TITLE, SAPA_TITLE)
    assert list(parts_of(document, english)) == list(english)
    assert WARD_PART not in every_text(document)
    assert [p.text for p in document.paragraphs if p.text][:2] == ["LIST", "Reports and items overdue as of 01/07/2023"]
    markdown = ok(office("--lang", "en", "report-draft", "2023-H1")).splitlines()
    assert [line for line in markdown if line.startswith("## ")] == [f"## {english[0]}", f"## {SAPA_TITLE}"]
    assert "**Results under the plans, first half of 2023**" in markdown


def test_plan_narrows_to_that_plan_s_ordinary_paper(office, tmp_path):
    target = tmp_path / "qua-han.docx"
    written(office("--plan", WARD, "overdue", "-o", target), target)
    document = docx.Document(target)
    assert parts_of(document) == {} and not any(t in every_text(document) for t in PARTS)
    rows = [row for what, value in blocks(document) if what == "t" for row in value]
    assert row_of(rows, DUTY_I)[3] == "31/05/2023"
    assert not any("Báo cáo sơ kết giai đoạn 1" in row or "BTG Thị ủy" in row for row in rows)
    sheet = tmp_path / "bao-cao.xlsx"
    written(office("--plan", SAPA, "reports", "-o", sheet), sheet)
    workbook = openpyxl.load_workbook(sheet)
    assert all(sheet_rows(ws)[0][0] == "STT" for ws in workbook.worksheets)  # no plan column
    draft = tmp_path / "du-thao.docx"
    written(office("--plan", SAPA, "report-draft", "2023-H1", "-o", draft), draft)
    document = docx.Document(draft)
    assert header_of(document)[0] == ["THỊ ỦY SA PA", "BAN TUYÊN GIÁO", "*", "Số      -BC/BTGTU"]
    assert parts_of(document) == {}
    assert f"Kết quả thực hiện {SAPA_TITLE}, 6 tháng đầu năm 2023" in every_text(document)
    assert "Kết quả thực hiện các kế hoạch, 6 tháng đầu năm 2023" not in every_text(document)


def test_a_period_only_one_plan_has_gives_that_plan_s_own_paper(office, tmp_path):
    across, own = tmp_path / "across.docx", tmp_path / "own.docx"
    written(office("report-draft", "2022-H1", "-o", across), across)  # the ward's plan starts in 2023
    written(office("--plan", SAPA, "report-draft", "2022-H1", "-o", own), own)
    assert blocks(docx.Document(across)) == blocks(docx.Document(own))
    assert header_of(docx.Document(across))[0][:2] == ["THỊ ỦY SA PA", "BAN TUYÊN GIÁO"]
    assert parts_of(docx.Document(across)) == {}


# ---- whose header heads the office's paper ------------------------------------------------------

def test_the_header_is_that_of_the_office_most_plans_name_among_those_that_name_one(run, write_plan, tmp_path):
    """Only Sa Pa's plan names its office ([plan.office]): the Ban Tuyên giáo heads the office's
    paper, though the ward's plan, whose office is only its issuer, comes first. When the ward's
    plan and the programme name the same other office, that office, two plans' of three, heads it."""
    def sapa(*args, env=None):
        return run("--today", TODAY, *args, env=env)

    add_plans(sapa, write_plan)
    target = tmp_path / "qua-han.docx"
    written(sapa("overdue", "-o", target), target)
    document = docx.Document(target)
    left, _right = office_once(document, "DANH SÁCH", "Các báo cáo, nhiệm vụ quá hạn đến ngày 01/07/2023")
    assert left == ["THỊ ỦY SA PA", "BAN TUYÊN GIÁO", "*"]
    assert list(parts_of(document)) == list(PARTS)

    culture = '[plan.office]\nabove = "HUYỆN ỦY MƯỜNG KHƯƠNG"\nname = "BAN DÂN VẬN"\nsymbol = "BDVHU"\n\n'
    phases = replace_once(PHASES_PLAN, "[[units]]\nid = \"vhtt\"", culture + "[[units]]\nid = \"vhtt\"")
    ward = replace_once(WARD_PLAN, "[[units]]\nid = \"chi-bo\"", culture + "[[units]]\nid = \"chi-bo\"")
    other = {"SAPA_DATA": str(tmp_path / "other-office")}
    (tmp_path / "other-office").mkdir()  # an office's folder is there: a new one is said (test_clerk_habits)
    for text, name in ((ward, "ward2.toml"), (phases, "phases2.toml")):
        ok(sapa("plan", "add", write_plan(text, name), env=other))
    ok(sapa("plan", "add", BUNDLED_PLAN_PATH, env=other))
    written(sapa("overdue", "-o", target, env=other), target)
    left, _right = office_once(docx.Document(target), "DANH SÁCH", "Các báo cáo, nhiệm vụ quá hạn đến ngày 01/07/2023")
    assert left == ["HUYỆN ỦY MƯỜNG KHƯƠNG", "BAN DÂN VẬN", "*"]


# ---- plans whose tables differ, and a plan that cannot be read -------------------------------

@pytest.mark.parametrize(("argv", "sheet", "plans"), [
    (["reports"], "Báo cáo các đơn vị", [WARD_NUMBER, PHASES, SAPA]),
    (["overdue"], "Quá hạn", [WARD_NUMBER, PHASES, SAPA]),
    (["checklist", "2023-H1"], "Báo cáo các đơn vị", [WARD_NUMBER, SAPA]),
    (["report-draft", "2023-H1"], "Báo cáo các đơn vị", [WARD_NUMBER, SAPA]),
], ids=["reports", "overdue", "checklist", "report-draft"])
def test_the_plans_tables_of_one_kind_are_one_sheet(office, tmp_path, argv, sheet, plans):
    target = tmp_path / "giay-to.xlsx"
    written(office(*argv, "-o", target), target)
    workbook = openpyxl.load_workbook(target)
    assert not [title for title in workbook.sheetnames if re.fullmatch(rf"{re.escape(sheet)} \(\d+\)", title)]
    assert plans_in(workbook[sheet]) == plans


@pytest.mark.parametrize("suffix", ["docx", "xlsx"])
def test_status_paper_still_shows_the_other_plans_when_one_cannot_be_read(office, tmp_path, suffix):
    broken = installed_plan(tmp_path / "data", PHASES)
    broken.write_text(broken.read_text(encoding="utf-8").replace("due = 2015-12-30", "due = 2015-12-40", 1),
                      encoding="utf-8")
    target = tmp_path / f"tinh-hinh.{suffix}"
    result = office("status", "-o", target)
    assert result.exit_code == 4 and f"[{PHASES}] {broken}:" in result.stderr
    assert result.stderr.splitlines()[-1] == f"sapa: 1 kế hoạch bị bỏ qua vì lỗi nói ở trên: {PHASES}"
    assert target.exists()
