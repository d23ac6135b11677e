"""`-o FILE.docx` and `-o FILE.xlsx` on the listings, and `sapa report-draft`: every file is opened
again with python-docx or openpyxl and checked for what the clerk and the leaders would see."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from helpers import fail
from sample_plans import BUNDLED_PLAN, due, replace_once

TODAY = "2022-06-20"
DATE_LINE = "Sa Pa, ngày 20 tháng 6 năm 2022"
# A day after the fixture's changes, which are recorded by the real clock (in Vietnam, perhaps
# a day ahead of this machine's): a history paper of that day holds them.
LATER_DAY = date.today() + timedelta(days=1)
LATER = LATER_DAY.isoformat()
DOTS = "……………"
LISTING_CHOICES = ".csv, .docx, .json, .tsv, .txt, .xlsx"
PAPER_CHOICES = ".docx, .md, .txt, .xlsx"
MTTQ = "Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thị xã"
MTTQ_SHORT = "MTTQ và các đoàn thể"  # its `short`: a table's unit column is narrow
FORMULAS = ["=HYPERLINK(\"http://example.com\",\"Bấm\")", "-5 ngày", "@lan", "+84 912 345 678"]


@pytest.fixture
def sapa(run):
    """`sapa(...)` runs with --today 20/06/2022 on the bundled plan, after a half-year's records:
    MTTQ reported on time, VH-TT late (its document number written like a formula), TTVH and the
    chi, đảng bộ not at all; III.1.1 done, III.2.1 blocked, notes that Excel would read as formulas."""

    def sapa_run(*args: object, env: dict[str, str | None] | None = None):
        return run("--today", TODAY, *args, env=env)

    for argv in (["submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "12-BC/MTTQ"],
                 ["submit", "vhtt", "2022-H1", "--date", "17/06/2022", "--ref", FORMULAS[0]],
                 ["mark", "III.1.1", "xong", "--date", "02/03/2022", "--ref", "5-KH/BTG"],
                 ["mark", "III.2.1", "vuong", "--note", FORMULAS[1]],
                 ["mark", "III.2.2", "dang", "--note", FORMULAS[2]],
                 ["mark", "III.4.1", "dang", "--note", FORMULAS[3]]):
        result = sapa_run(*argv)
        assert result.exit_code == 0, result.output
    return sapa_run


def written(result, target) -> None:
    """The run wrote `target`, said so on stderr, and printed nothing."""
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"Đã ghi {target}\n"), result.output
    assert target.exists()


def later_line() -> str:
    month = f"{LATER_DAY.month:02d}" if LATER_DAY.month <= 2 else str(LATER_DAY.month)
    return f"Sa Pa, ngày {LATER_DAY.day:02d} tháng {month} năm {LATER_DAY.year}"


def texts(cell) -> list[str]:
    return [paragraph.text for paragraph in cell.paragraphs]


def runs_of(container, text: str) -> list:
    paragraph = next(p for p in container.paragraphs if p.text == text)
    return [run for run in paragraph.runs if run.text]


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def body_texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def header_of(document) -> tuple[list[str], list[str]]:
    left, right = document.tables[0].rows[0].cells
    return texts(left), [text for text in texts(right) if text]


# ---- Word: the header, the page and the fonts ----------------------------------------------


def test_reports_as_word_carry_the_offices_header_from_the_plan_and_the_date_from_today(sapa, tmp_path):
    target = tmp_path / "bao-cao.docx"
    written(sapa("reports", "--period", "2022-H1", "-o", target), target)
    document = docx.Document(target)
    left, right = header_of(document)
    # The bundled [plan.office]; a list (danh sách), no kind of document in HD 36, has no number.
    assert left == ["THỊ ỦY SA PA", "BAN TUYÊN GIÁO", "*"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", DATE_LINE]
    assert not [text for text in texts(document.tables[0].rows[0].cells[0]) if text.startswith("Số")]
    cell = document.tables[0].rows[0].cells[0]
    (above,), (body,) = runs_of(cell, "THỊ ỦY SA PA"), runs_of(cell, "BAN TUYÊN GIÁO")
    assert not above.bold and body.bold and body.font.size == Pt(14) and body.font.name == "Times New Roman"
    (kind,) = runs_of(document, "DANH SÁCH")
    assert kind.bold and kind.font.size == Pt(16)
    summary = "Tình hình gửi báo cáo của các đơn vị, 6 tháng đầu năm 2022"
    assert runs_of(document, summary)[0].bold
    assert next(p for p in document.paragraphs if p.text == summary).alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_word_page_is_a4_with_the_margins_of_hd_36(sapa, tmp_path):
    target = tmp_path / "qua-han.docx"
    written(sapa("overdue", "-o", target), target)
    section = docx.Document(target).sections[0]
    for name, millimetres in {"page_width": 210, "page_height": 297, "top_margin": 20, "bottom_margin": 20,
                              "left_margin": 30, "right_margin": 15}.items():
        assert abs(getattr(section, name) - Mm(millimetres)) < Mm(0.1), name


def test_reports_table_in_word_shows_units_numbers_and_states(sapa, tmp_path):
    target = tmp_path / "bao-cao.docx"
    written(sapa("reports", "--period", "2022-H1", "-o", target), target)
    rows = table_rows(docx.Document(target).tables[1])
    assert rows[0] == ["STT", "Đơn vị", "Báo cáo", "Hạn", "Ngày nhận", "Số văn bản", "Tình trạng"]
    mttq = next(row for row in rows if row[1] == MTTQ_SHORT)
    assert mttq[3:] == ["15/06/2022", "10/06/2022", "12-BC/MTTQ", "Nộp đúng hạn"]
    vhtt = next(row for row in rows if row[1] == "Phòng VH-TT")
    assert vhtt[5:] == [FORMULAS[0], "Nộp muộn 2 ngày"]
    assert next(row for row in rows if row[1] == "Chi, đảng bộ")[-1] == "Quá hạn 5 ngày"
    assert "Báo cáo tổng hợp 6 tháng đầu năm 2022" in [row[2] for row in rows]


def test_the_signature_block_of_the_offices_paper_is_left_blank_when_the_plan_names_no_signer(sapa, tmp_path):
    target = tmp_path / "bao-cao.docx"
    written(sapa("status", "-o", target), target)
    left, right = docx.Document(target).tables[-1].rows[0].cells
    assert texts(left) == ["Nơi nhận:", f"- {DOTS}"]
    assert [text for text in texts(right) if text] == [DOTS, DOTS, DOTS]


def test_the_office_signs_and_sends_as_its_plan_table_says(sapa, tmp_path, write_plan):
    office = ('[plan.office]\nabove = "THỊ ỦY SA PA"\nname = "BAN TUYÊN GIÁO"\nsymbol = "BTGTU"\n'
              'recipients = ["Thường trực Thị ủy (b/c),", "Lưu BTG."]\nsigner_on_behalf = "K/T TRƯỞNG BAN"\n'
              'signer_title = "PHÓ TRƯỞNG BAN"\n')
    plan = write_plan(replace_once(BUNDLED_PLAN, '[plan.office]\nabove = "THỊ ỦY SA PA"\nname = "BAN TUYÊN GIÁO"\n'
                                                 'symbol = "BTGTU"\n', office))
    target = tmp_path / "nhac-viec.docx"
    written(sapa("--plan", plan, "remind", "-o", target), target)
    left, right = docx.Document(target).tables[-1].rows[0].cells
    assert texts(left) == ["Nơi nhận:", "- Thường trực Thị ủy (b/c),", "- Lưu BTG."]
    assert [text for text in texts(right) if text] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", DOTS]


# ---- Word and Excel on every listing -------------------------------------------------------

PAPERS = [["reports"], ["overdue"], ["status"], ["remind", "--days", "200"], ["checklist", "2022-H1"],
          ["units"], ["duties"], ["history"], ["report-draft", "2022-H1"]]


@pytest.mark.parametrize("argv", PAPERS, ids=" ".join)
def test_every_listing_writes_a_word_file_with_the_header_and_a_table(sapa, run, tmp_path, argv):
    target = tmp_path / "giay-to.DOCX"  # the suffix in any case
    if argv == ["history"]:  # the fixture's changes are recorded now: a paper dated 2022 leaves them out
        written(run("--today", LATER, *argv, "-o", target), target)
    else:
        written(sapa(*argv, "-o", target), target)
    document = docx.Document(target)
    left, right = header_of(document)
    assert left[:2] == ["THỊ ỦY SA PA", "BAN TUYÊN GIÁO"]
    assert right[1] == (DATE_LINE if argv != ["history"] else later_line())
    assert len(document.tables) >= 3  # the header, at least one table, the closing block
    assert document.tables[1].rows[0].cells[0].text in ("STT", "Ghi lúc")


@pytest.mark.parametrize("argv", PAPERS, ids=" ".join)
def test_every_listing_writes_an_excel_workbook_with_frozen_filtered_headers(sapa, tmp_path, argv):
    target = tmp_path / "bang.xlsx"
    written(sapa(*argv, "-o", target), target)
    workbook = openpyxl.load_workbook(target)
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None)
    assert not any(b"<f>" in data or b"<f " in data for data in _sheet_xml(target))  # never a formula


def _sheet_xml(path) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        return [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]


def test_reports_as_excel_have_real_dates_and_the_document_numbers(sapa, tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    written(sapa("reports", "-p", "2022-H1", "-o", target), target)
    sheet = openpyxl.load_workbook(target).active
    header = [cell.value for cell in sheet[1]]
    assert header == ["STT", "Đơn vị", "Báo cáo", "Hạn", "Ngày nhận", "Số văn bản", "Tình trạng"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    mttq = rows[MTTQ_SHORT]
    assert mttq[0].value == 1 and mttq[0].data_type == "n"
    assert mttq[3].is_date and mttq[3].value.date().isoformat() == "2022-06-15"
    assert mttq[3].number_format == "dd/mm/yyyy"
    assert mttq[4].is_date and mttq[4].value.date().isoformat() == "2022-06-10"
    assert (mttq[5].value, mttq[6].value) == ("12-BC/MTTQ", "Nộp đúng hạn")
    assert rows["Trung tâm VHTT-TT"][4].value is None  # not received: no date


def test_text_from_the_ledger_that_looks_like_a_formula_stays_text_in_excel(sapa, tmp_path):
    target = tmp_path / "kiem-tra.xlsx"
    written(sapa("checklist", "2022-H1", "-o", target), target)
    workbook = openpyxl.load_workbook(target)
    cells = {cell.value: cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)}
    for text in FORMULAS:  # a --ref and three notes
        assert text in cells, text
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    assert not any(b"<f>" in data or b"<f " in data for data in _sheet_xml(target))


def test_status_as_excel_counts_as_numbers(sapa, tmp_path):
    target = tmp_path / "tinh-hinh.xlsx"
    written(sapa("status", "-o", target), target)
    sheet = openpyxl.load_workbook(target).active
    btg = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "BTG Thị ủy")
    assert [cell.value for cell in btg[2:4]] == [1, 6] and btg[2].data_type == "n"


def test_remind_as_excel_lists_what_the_lines_say(sapa, tmp_path):
    target = tmp_path / "nhac-viec.xlsx"
    written(sapa("remind", "-o", target), target)
    sheet = openpyxl.load_workbook(target).active
    lines = sapa("remind").stdout.splitlines()[1:]  # after the date, which the paper gives in its summary
    assert sheet.max_row - 1 == len(lines) > 0
    assert sheet.title == "Nhắc việc"


# ---- the suffix picks the format --------------------------------------------------------------


def test_a_checklist_to_a_docx_file_is_word_not_markdown(sapa, tmp_path):
    target = tmp_path / "cl.docx"
    written(sapa("checklist", "2022-H1", "-o", target), target)
    assert zipfile.is_zipfile(target)
    document = docx.Document(target)
    assert "Kiểm tra kỳ báo cáo 6 tháng đầu năm 2022 (2022-H1)" in body_texts(document)
    rows = table_rows(document.tables[1])
    assert rows[0][-1] == "Đã xong"
    assert next(row for row in rows if row[1] == MTTQ_SHORT)[-1] == "x"  # received: ticked
    assert next(row for row in rows if row[1] == "Chi, đảng bộ")[-1] == ""


def test_a_checklist_file_takes_its_format_from_the_suffix_over_format(sapa, tmp_path):
    txt, md = tmp_path / "cl.txt", tmp_path / "cl.md"
    written(sapa("checklist", "2022-H1", "-o", txt), txt)  # --format md is the default
    assert "- [" not in txt.read_text(encoding="utf-8") and "[x]" in txt.read_text(encoding="utf-8")
    written(sapa("checklist", "2022-H1", "--format", "txt", "-o", md), md)
    assert md.read_text(encoding="utf-8") == sapa("checklist", "2022-H1").stdout


@pytest.mark.parametrize(("argv", "choices"), [
    (["reports"], LISTING_CHOICES), (["overdue"], LISTING_CHOICES), (["status"], LISTING_CHOICES),
    (["remind"], LISTING_CHOICES), (["checklist", "2022-H1"], PAPER_CHOICES),
    (["report-draft", "2022-H1"], PAPER_CHOICES)], ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_an_unknown_suffix_is_refused_naming_the_known_ones(sapa, tmp_path, argv, choices):
    target = tmp_path / "x.pdf"
    assert fail(sapa(*argv, "-o", target)) == (
        f"sapa: không rõ ghi '{target}' theo định dạng nào; đuôi tệp phải là một trong: {choices}")
    assert not target.exists()


def test_an_office_file_keeps_the_safe_write_rules(sapa, tmp_path):
    folder = tmp_path / "a-folder.docx"
    folder.mkdir()
    line = fail(sapa("reports", "-o", folder))
    assert "không phải là tệp" in line and str(folder) in line
    assert fail(sapa("report-draft", "2022-H1", "-o", tmp_path / "missing" / "x.docx")).startswith("sapa: ")
    assert not (tmp_path / "missing").exists()


# ---- the report draft ------------------------------------------------------------------------


def test_report_draft_on_stdout_has_the_four_parts_and_blanks_to_fill(sapa):
    result = sapa("report-draft", "2022-H1")
    assert result.exit_code == 0 and result.stderr == ""
    out = result.stdout
    lines = out.splitlines()
    for heading in ("## I. KẾT QUẢ THỰC HIỆN", "## II. HẠN CHẾ VÀ NGUYÊN NHÂN",
                    "## III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "## IV. ĐỀ XUẤT, KIẾN NGHỊ", "# BÁO CÁO"):
        assert heading in lines
    assert ("**Kết quả thực hiện Kế hoạch đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu toàn quốc lần thứ "
            "XIII của Đảng, 6 tháng đầu năm 2022**") in lines
    missing = next(line for line in lines if line.startswith("Các đơn vị chưa báo cáo:"))
    assert "Trung tâm Văn hóa, Thể thao - Truyền thông (Quá hạn 5 ngày)" in missing
    assert "Các chi, đảng bộ trực thuộc Thị ủy (Quá hạn 5 ngày)" in missing
    assert MTTQ not in missing and "Phòng Văn hóa" not in missing
    assert "Các đơn vị báo cáo muộn: Phòng Văn hóa - Thông tin (Nộp muộn 2 ngày)." in lines
    assert "Các nhiệm vụ gặp vướng mắc:" in lines
    assert "Đến ngày 20/06/2022, đã nhận 2/4 báo cáo của các đơn vị (1 báo cáo đúng hạn, 1 báo cáo muộn)." in lines
    assert f"| 1 | {MTTQ_SHORT} | 15/06/2022 | 10/06/2022 | 12-BC/MTTQ | Nộp đúng hạn |" in lines
    assert any(line.startswith("| 1 | BTG Thị ủy | III.1.1 |") and "| 02/03/2022 |" in line
               for line in lines)  # done in the period
    for blank in ("Đánh giá chung", "Nguyên nhân", "Hạn chế khác", "Phương hướng chung"):
        assert f"{blank}: {DOTS}" in lines
    assert lines[lines.index("## IV. ĐỀ XUẤT, KIẾN NGHỊ") + 2] == DOTS  # a blank to fill
    assert lines[:3] == ["THỊ ỦY SA PA  ", "BAN TUYÊN GIÁO  ", "Số      -BC/BTGTU"]


def test_report_draft_names_the_overdue_duties_and_the_next_deadlines(sapa):
    out = sapa("--today", "2022-01-10", "report-draft", "2021-Y").stdout  # II.1.1's contents were due 31/12/2021
    limits = out[out.index("## II."):out.index("## III.")]
    assert "quá hạn chưa hoàn thành" in limits and "| II.1.1.1 |" in limits
    ahead = out[out.index("## III."):]
    assert "**Các hạn sắp tới**" in ahead and "Báo cáo 6 tháng đầu năm 2022" in ahead
    assert "Báo cáo năm 2022" not in ahead  # the next round only: the half-year reports of 2022


def test_report_draft_as_word(sapa, tmp_path):
    target = tmp_path / "du-thao.docx"
    written(sapa("report-draft", "2022-H1", "-o", target), target)
    document = docx.Document(target)
    left, right = header_of(document)
    assert left == ["THỊ ỦY SA PA", "BAN TUYÊN GIÁO", "*", "Số      -BC/BTGTU"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", DATE_LINE]
    paragraphs = body_texts(document)
    headings = ["BÁO CÁO", "I. KẾT QUẢ THỰC HIỆN", "II. HẠN CHẾ VÀ NGUYÊN NHÂN",
                "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "IV. ĐỀ XUẤT, KIẾN NGHỊ"]
    assert [paragraphs.index(h) for h in headings] == sorted(paragraphs.index(h) for h in headings)
    assert runs_of(document, "I. KẾT QUẢ THỰC HIỆN")[0].bold
    assert f"Nguyên nhân: {DOTS}" in paragraphs
    reports = table_rows(document.tables[1])
    assert reports[0] == ["STT", "Đơn vị", "Hạn", "Ngày nhận", "Số văn bản", "Tình trạng"]
    assert [MTTQ_SHORT, "15/06/2022", "10/06/2022", "12-BC/MTTQ", "Nộp đúng hạn"] in [row[1:] for row in reports]


def test_report_draft_as_excel_and_as_text(sapa, tmp_path):
    workbook, text, markdown = tmp_path / "du-thao.xlsx", tmp_path / "du-thao.txt", tmp_path / "du-thao.md"
    written(sapa("report-draft", "2022-H1", "-o", workbook), workbook)
    assert openpyxl.load_workbook(workbook).sheetnames == [
        "Báo cáo các đơn vị", "Nhiệm vụ đã hoàn thành", "Nhiệm vụ quá hạn", "Nhiệm vụ tiếp tục thực hiện",
        "Các hạn sắp tới"]
    written(sapa("report-draft", "2022-H1", "-o", text), text)
    plain = text.read_text(encoding="utf-8")
    assert "I. KẾT QUẢ THỰC HIỆN\n--------------------" in plain and "#" not in plain and "**" not in plain
    written(sapa("report-draft", "2022-H1", "-o", markdown), markdown)
    assert markdown.read_text(encoding="utf-8") == sapa("report-draft", "2022-H1").stdout


def test_report_draft_in_english(sapa):
    out = sapa("--lang", "en", "report-draft", "2022-H1").stdout
    assert "## I. RESULTS" in out and "## II. SHORTCOMINGS AND THEIR CAUSES" in out
    assert "## III. DIRECTIONS AND TASKS AHEAD" in out and "## IV. PROPOSALS AND RECOMMENDATIONS" in out
    assert ("Pursuant to Plan đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu toàn quốc lần thứ XIII của Đảng of "
            "Ban Thường vụ Thị ủy Sa Pa, Ban Tuyên giáo Thị ủy reports the results of") in out
    assert f"Reasons: {DOTS}" in out


def test_report_draft_refuses_a_period_the_plan_has_no_report_for(sapa):
    assert fail(sapa("report-draft", "2022-Q3")).startswith("sapa: ")


# ---- a plan of a commune, with members reporting on their own, and no [plan.office] ----------

COMMUNE_PLAN = """\
    format = 1

    [plan]
    id = "an-hoa-2023-tuyen-truyen"
    title = "Kế hoạch tuyên truyền kỷ niệm 70 năm thành lập xã An Hòa"
    issuer = "Ban Thường vụ Đảng ủy xã An Hòa"
    place = "An Hòa"
    start = 2023-01-01
    end = 2023-12-31

    [plan.signer]
    on_behalf = "T/M BAN THƯỜNG VỤ"
    title = "BÍ THƯ"
    name = "Lò Văn Minh"

    [[units]]
    id = "dang-uy"
    name = "Đảng ủy xã An Hòa"

    [[units]]
    id = "vp"
    name = "Văn phòng Đảng ủy xã An Hòa"
    parent = "dang-uy"

    [[units]]
    id = "mttq"
    name = "Ủy ban MTTQ xã An Hòa"

    [[units]]
    id = "chi-bo"
    name = "Các chi bộ thôn"
    members = [
      {id = "suoi-mo", name = "Chi bộ thôn Suối Mơ"},
      {id = "dong-tam", name = "Chi bộ thôn Đồng Tâm"},
      {id = "ban-moi", name = "Chi bộ thôn Bản Mới"},
    ]

    [[items]]
    id = "I"
    kind = "section"
    title = "TỔ CHỨC THỰC HIỆN"

    [[items]]
    id = "I.1"
    kind = "duty"
    text = "Xây dựng đề cương tuyên truyền kỷ niệm 70 năm thành lập xã."
    units = ["vp"]
    due = 2023-03-15

    [[items]]
    id = "I.2"
    kind = "duty"
    text = "Tổ chức hội thi tìm hiểu lịch sử Đảng bộ xã."
    units = ["mttq"]
    due = 2023-02-28

    [[items]]
    id = "I.3"
    kind = "duty"
    text = "Treo băng rôn, khẩu hiệu tại nhà văn hóa các thôn."
    units = ["chi-bo"]

    [reporting]
    first = "2023-Q1"
    last = "2023-Q4"

    [[reporting.rules]]
    id = "quy"
    kind = "unit"
    units = ["mttq", "chi-bo"]
    to = ["dang-uy"]
    via = "vp"
    per_member = true

    [[reporting.rules.due]]
    period = "quarter"
    months_after_end = 1
    day = 5

    [[reporting.rules]]
    id = "tong-hop"
    kind = "consolidated"
    units = ["vp"]
    to = ["dang-uy"]

    [[reporting.rules.due]]
    period = "quarter"
    months_after_end = 1
    day = 10
"""


@pytest.fixture
def commune(run, write_plan):
    plan = write_plan(COMMUNE_PLAN, "an-hoa.toml")

    def commune_run(*args: object):
        return run("--plan", plan, "--today", "2023-04-08", *args)

    for argv in (["submit", "mttq", "2023-Q1", "--date", "03/04/2023", "--ref", "07-BC/MTTQ"],
                 ["submit", "chi-bo/suoi-mo", "2023-Q1", "--date", "06/04/2023", "--ref", "02-BC/CB"],
                 ["mark", "I.1", "xong", "--date", "10/03/2023"],
                 ["mark", "I.3", "vuong", "--note", "chưa có kinh phí"]):
        result = commune_run(*argv)
        assert result.exit_code == 0, result.output
    return commune_run


def test_commune_draft_names_the_members_that_have_not_reported(commune):
    out = commune("report-draft", "2023-Q1").stdout
    lines = out.splitlines()
    missing = next(line for line in lines if line.startswith("Các đơn vị chưa báo cáo:"))
    assert missing == ("Các đơn vị chưa báo cáo: Chi bộ thôn Đồng Tâm (Quá hạn 3 ngày); "
                       "Chi bộ thôn Bản Mới (Quá hạn 3 ngày).")
    assert "Các đơn vị báo cáo muộn: Chi bộ thôn Suối Mơ (Nộp muộn 1 ngày)." in lines
    # The unit's roll-up sums up its members above them, unnumbered: the sentence counts the numbered rows.
    assert "|  | **Các chi bộ thôn: đã nhận 1/3** | **05/04/2023** |  |  | **Quá hạn 3 ngày** |" in lines
    assert "| 2 | Chi bộ thôn Suối Mơ | 05/04/2023 | 06/04/2023 | 02-BC/CB | Nộp muộn 1 ngày |" in lines
    assert "| 4 | Chi bộ thôn Bản Mới | 05/04/2023 |  |  | Quá hạn 3 ngày |" in lines
    assert "Đến ngày 08/04/2023, đã nhận 2/4 báo cáo của các đơn vị (1 báo cáo đúng hạn, 1 báo cáo muộn)." in lines
    assert "Còn 1 nhiệm vụ, nội dung quá hạn chưa hoàn thành:" in lines
    assert any(line.startswith("| 1 | Ủy ban MTTQ xã An Hòa | I.2 |") and "28/02/2023" in line for line in lines)
    assert "Các nhiệm vụ gặp vướng mắc:" in lines
    assert ("- I.3 (Các chi bộ thôn): Treo băng rôn, khẩu hiệu tại nhà văn hóa các thôn; "
            "ghi chú gần nhất: chưa có kinh phí.") in lines
    assert any(line.startswith("| 1 | Văn phòng Đảng ủy xã An Hòa | I.1 |") and "10/03/2023" in line
               for line in lines)  # done in the quarter
    ahead = out[out.index("## III."):]
    assert "Báo cáo quý 2 năm 2023" in ahead or "quý 2" in ahead
    assert "Báo cáo tổng hợp quý 1 năm 2023" not in ahead  # the report being drafted


# ---- members under their unit: one order in every paper, one count ------------------------------

CHI_BO_LINE = "Các chi bộ thôn: đã nhận 1/3"  # the unit's roll-up, as the line over its members
OWNERS = ["Ủy ban MTTQ xã An Hòa", CHI_BO_LINE, "Chi bộ thôn Suối Mơ", "Chi bộ thôn Đồng Tâm", "Chi bộ thôn Bản Mới"]


def _reports_table(document):
    return next(table for table in document.tables[1:] if table.rows[0].cells[0].text == "STT")


@pytest.mark.parametrize("argv", [["reports"], ["report-draft", "2023-Q1"], ["checklist", "2023-Q1"]], ids=" ".join)
def test_members_stand_under_their_units_summary_line_in_the_same_order_in_every_paper(commune, tmp_path, argv):
    target = tmp_path / "giay.docx"
    written(commune(*argv, "-o", target), target)
    table = _reports_table(docx.Document(target))
    rows = table_rows(table)
    assert rows[0][:2] == ["STT", "Đơn vị, thành viên"]
    assert [row[1] for row in rows[1:6]] == OWNERS
    numbers = [row[0] for row in rows[1:]]
    assert numbers[1] == "" and [n for n in numbers if n] == [str(n) for n in range(1, len(rows) - 1)]
    summary = table.rows[2]
    assert all(run.bold for cell in summary.cells for p in cell.paragraphs for run in p.runs if run.text)
    assert not any(run.bold for p in table.rows[3].cells[1].paragraphs for run in p.runs)  # a member's row


def test_the_drafts_count_of_reports_is_the_count_of_its_numbered_rows(commune, tmp_path):
    assert commune("waive", "chi-bo/ban-moi", "2023-Q1", "--note", "sáp nhập thôn").exit_code == 0
    target = tmp_path / "du-thao.docx"
    written(commune("report-draft", "2023-Q1", "-o", target), target)
    document = docx.Document(target)
    numbered = [row for row in table_rows(_reports_table(document))[1:] if row[0]]
    assert len(numbered) == 4  # MTTQ and the three members; the unit's line is none of them
    tally = next(p for p in body_texts(document) if p.startswith("Đến ngày"))
    assert tally == ("Đến ngày 08/04/2023, đã nhận 2/3 báo cáo của các đơn vị (1 báo cáo đúng hạn, 1 báo cáo muộn). "
                     "Có 1 báo cáo được miễn.")
    assert [row[1] for row in table_rows(_reports_table(document))[1:3]] == [
        "Ủy ban MTTQ xã An Hòa", "Các chi bộ thôn: đã nhận 1/2"]


def test_members_rows_in_excel_name_their_unit_so_sorting_keeps_them_together(commune, tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    written(commune("reports", "-p", "2023-Q1", "-o", target), target)
    sheet = openpyxl.load_workbook(target).active
    assert [cell.value for cell in sheet[1]] == ["STT", "Đơn vị", "Đơn vị, thành viên", "Báo cáo", "Hạn",
                                                 "Ngày nhận", "Số văn bản", "Tình trạng"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    of_chi_bo = [row for row in rows if row[1] == "Các chi bộ thôn"]
    assert [row[2] for row in of_chi_bo] == OWNERS[1:]
    assert [row[0] for row in of_chi_bo] == [None, 2, 3, 4]  # the unit's line is not numbered
    assert all(cell.font.bold for cell in sheet[3]) and not sheet["C4"].font.bold
    assert rows[0][:3] == [1, "Ủy ban MTTQ xã An Hòa", "Ủy ban MTTQ xã An Hòa"]  # a unit reporting as a whole


def test_members_in_the_reminder_sheet_name_their_unit_too(commune, tmp_path):
    target = tmp_path / "nhac-viec.xlsx"
    written(commune("remind", "--days", "100", "-o", target), target)
    sheet = openpyxl.load_workbook(target).active
    assert [cell.value for cell in sheet[1]][:4] == ["STT", "Đơn vị", "Nội dung", "Đơn vị, thành viên"]
    suoi_mo = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[3] == "Chi bộ thôn Suối Mơ")
    assert suoi_mo[1] == "Các chi bộ thôn"
    target = tmp_path / "nhac-viec.docx"
    written(commune("remind", "--days", "100", "-o", target), target)
    assert table_rows(docx.Document(target).tables[1])[0][:3] == ["STT", "Nội dung", "Đơn vị, thành viên"]


# ---- the report draft's details ------------------------------------------------------------------


def test_the_draft_names_each_blocked_item_with_its_unit_text_and_latest_note(sapa):
    lines = sapa("report-draft", "2022-H1").stdout.splitlines()
    blocked = lines[lines.index("Các nhiệm vụ gặp vướng mắc:") + 2]
    assert blocked.startswith(f"- III.2.1 ({MTTQ_SHORT}): Trên cơ sở kế hoạch của Thị ủy")
    assert blocked.endswith("…; ghi chú gần nhất: -5 ngày.")  # the text cut short, the note whole


def test_the_drafts_assessment_is_no_document_number_and_an_empty_deadline_is_a_dash(sapa, tmp_path):
    target = tmp_path / "du-thao.xlsx"
    written(sapa("report-draft", "2022-H1", "-o", target), target)
    workbook = openpyxl.load_workbook(target)
    done = [[cell.value for cell in row] for row in workbook["Nhiệm vụ đã hoàn thành"].iter_rows()]
    assert done[0][-1] == "Đánh giá" and done[1][2] == "III.1.1"
    assert done[1][-1] == "Hoàn thành" and "5-KH/BTG" not in str(done[1])  # the number is no judgement
    open_items = [[cell.value for cell in row] for row in workbook["Nhiệm vụ tiếp tục thực hiện"].iter_rows()]
    due = open_items[0].index("Hạn")
    assert all(row[due] is not None for row in open_items[1:])
    assert "—" in [row[due] for row in open_items[1:]]  # III.2.1 and others have no deadline of their own


# ---- a plan without reporting -----------------------------------------------------------------

NO_REPORTING = COMMUNE_PLAN[:COMMUNE_PLAN.index("    [reporting]")]


def test_a_plan_without_reporting_says_so_instead_of_an_empty_table(run, write_plan, tmp_path):
    plan = write_plan(NO_REPORTING)
    target = tmp_path / "r.docx"
    written(run("--plan", plan, "--today", "2023-04-08", "reports", "-o", target), target)
    document = docx.Document(target)
    assert "Kế hoạch không có báo cáo nào." in body_texts(document)
    assert len(document.tables) == 2  # the header and the closing: no empty grid between them
    markdown = run("--plan", plan, "--today", "2023-04-08", "--lang", "en", "reports", "-o", tmp_path / "r.xlsx")
    assert markdown.exit_code == 0
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    assert sheet["A1"].value == "No." and sheet.max_row == 1  # the sheet keeps its header to fill in


def test_a_draft_of_a_plan_without_reporting_points_to_the_checklist_by_date(run, write_plan):
    plan = write_plan(NO_REPORTING)
    line = fail(run("--plan", plan, "--today", "2023-04-08", "report-draft", "2023-Q1"))
    assert line.startswith("sapa: kế hoạch không có chế độ báo cáo ([reporting])")
    assert "'sapa checklist --due NGÀY'" in line


# ---- Excel: how the sheets print and hold times ---------------------------------------------------


def test_every_cell_of_a_sheet_sits_at_the_top_and_the_page_prints_landscape_one_page_wide(sapa, tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    written(sapa("reports", "-p", "2022-H1", "-o", target), target)
    sheet = openpyxl.load_workbook(target).active
    body = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None]
    assert {cell.data_type for cell in body} >= {"n", "d", "s"}  # numbers, dates and text alike
    assert all(cell.alignment.vertical == "top" for cell in body)
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)


def test_history_in_excel_records_when_as_a_real_date_and_time(sapa, run, tmp_path):
    target = tmp_path / "nhat-ky.xlsx"
    written(run("--today", LATER, "history", "-o", target), target)  # a paper dated after the changes
    sheet = openpyxl.load_workbook(target).active
    assert sheet["A1"].value == "Ghi lúc"
    when = sheet["A2"]
    assert when.is_date and isinstance(when.value, datetime) and when.number_format == "dd/mm/yyyy hh:mm"
    assert abs(when.value - datetime.now()) < timedelta(days=1)  # recorded by the fixture, today
    target = tmp_path / "nhat-ky.docx"
    written(run("--today", LATER, "history", "-o", target), target)
    shown = table_rows(docx.Document(target).tables[1])[1][0]
    assert shown == when.value.strftime("%d/%m/%Y %H:%M")


def test_without_an_office_table_the_consolidating_unit_issues_and_the_signer_is_left_blank(commune, tmp_path):
    target = tmp_path / "an-hoa.docx"
    written(commune("report-draft", "2023-Q1", "-o", target), target)
    document = docx.Document(target)
    left, right = header_of(document)
    assert left == ["VĂN PHÒNG ĐẢNG ỦY XÃ AN HÒA", "*", "Số      -BC/……"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "An Hòa, ngày 08 tháng 4 năm 2023"]
    assert runs_of(document.tables[0].rows[0].cells[0], "VĂN PHÒNG ĐẢNG ỦY XÃ AN HÒA")[0].bold
    closing_left, closing_right = document.tables[-1].rows[0].cells
    assert texts(closing_left) == ["Nơi nhận:", f"- {DOTS}"]
    assert [text for text in texts(closing_right) if text] == [DOTS, DOTS, DOTS]
    assert "Kết quả thực hiện Kế hoạch tuyên truyền kỷ niệm 70 năm thành lập xã An Hòa, quý 1 năm 2023" in body_texts(
        document)


def test_without_an_office_or_a_consolidated_report_the_plans_issuer_signs_its_own_paper(run, write_plan, tmp_path):
    text = replace_once(COMMUNE_PLAN, """\
    [[reporting.rules]]
    id = "tong-hop"
    kind = "consolidated"
    units = ["vp"]
    to = ["dang-uy"]

    [[reporting.rules.due]]
    period = "quarter"
    months_after_end = 1
    day = 10
""", "")
    plan = write_plan(text)
    target = tmp_path / "bao-cao.xlsx"
    written(run("--plan", plan, "--today", "2023-04-08", "reports", "-o", target), target)
    target = tmp_path / "bao-cao.docx"
    written(run("--plan", plan, "--today", "2023-04-08", "reports", "-o", target), target)
    document = docx.Document(target)
    assert header_of(document)[0] == ["BAN THƯỜNG VỤ ĐẢNG ỦY XÃ AN HÒA", "*"]
    closing_right = document.tables[-1].rows[0].cells[1]
    assert [t for t in texts(closing_right) if t] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Lò Văn Minh"]


# ---- the plan's [plan.office] ------------------------------------------------------------------


def test_plan_check_accepts_the_office_table_and_names_a_mistyped_key(run, write_plan):
    good = write_plan(BUNDLED_PLAN)
    assert run("--today", TODAY, "plan", "check", good).exit_code == 0
    bad = write_plan(replace_once(BUNDLED_PLAN, 'symbol = "BTGTU"\n', 'symbol = "BTGTU"\nsigner = "x"\n'))
    result = run("--today", TODAY, "plan", "check", bad)
    assert result.exit_code == 4 and "plan.office.signer" in result.stderr and "Traceback" not in result.output
    wrong = write_plan(replace_once(BUNDLED_PLAN, 'symbol = "BTGTU"\n', 'symbol = "BTGTU"\nrecipients = "Lưu"\n'))
    result = run("--today", TODAY, "plan", "check", wrong)
    assert result.exit_code == 4 and "plan.office.recipients" in result.stderr


def test_the_office_survives_the_plan_cache(run, tmp_path):
    """The second run reads the plan from the cache: the office is still there."""
    for _ in range(2):
        target = tmp_path / "r.docx"
        written(run("--today", TODAY, "reports", "-o", target), target)
        assert header_of(docx.Document(target))[0][:2] == ["THỊ ỦY SA PA", "BAN TUYÊN GIÁO"]


def test_the_json_of_a_listing_is_unchanged_by_the_office(sapa):
    rows = json.loads(sapa("reports", "--json").stdout)
    assert rows and "office" not in rows[0]


# ---- start-up ----------------------------------------------------------------------------------


def test_the_office_libraries_load_only_for_an_office_file(tmp_path):
    code = ("import sys\n"
            "from sapa_propaganda.cli.fastpath import run\n"
            f"assert run(['--data', {str(tmp_path)!r}, '--today', '{TODAY}', 'reports']) == 0\n"
            "print(sorted({'docx', 'openpyxl', 'sapa_propaganda.render.office_papers',\n"
            "              'sapa_propaganda.core.report_draft'} & set(sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                            check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_fast_path_writes_office_files_too(tmp_path):
    """`reports` and `remind` start through the fast path, without Typer: the same files come out."""
    from cli_support import sapa as through_the_entry_point

    for argv, name in ((["reports"], "bao-cao.docx"), (["remind", "--days", "200"], "nhac-viec.xlsx")):
        target = tmp_path / name
        result = through_the_entry_point(tmp_path, "--today", TODAY, *argv, "-o", target)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"Đã ghi {target}\n")
        assert zipfile.is_zipfile(target)
    assert header_of(docx.Document(tmp_path / "bao-cao.docx"))[0][:2] == ["THỊ ỦY SA PA", "BAN TUYÊN GIÁO"]
    assert openpyxl.load_workbook(tmp_path / "nhac-viec.xlsx").active.max_row > 1


def test_a_draft_for_a_plan_of_reports_only_does_not_call_its_duties_done(run, write_plan):
    """A plan that only asks for reports (a reporting regime, no duty given to any unit): part III
    says so, instead of "every item of the plan is done"."""
    from sample_plans import plan, plan_toml, reports_through, section, unit

    path = write_plan(plan_toml(
        plan("bao-cao-dinh-ky", "Chế độ báo cáo định kỳ", "Ban Tuyên giáo Huyện ủy", date(2022, 1, 1),
             date(2022, 12, 31)),
        unit("btg", "Ban Tuyên giáo"), unit("mttq", "Ủy ban MTTQ huyện"), unit("tinh", "Tỉnh ủy"),
        section("I", "MỤC ĐÍCH, YÊU CẦU"),
        reports_through("btg", ["mttq"], to="tinh", first="2022-H1", last="2022-Y",
                        consolidated=(due("half-year", 20, month=6), due("annual", 20, month=11)))))
    result = run("--plan", path, "--today", "2022-06-18", "report-draft", "2022-H1")
    assert result.exit_code == 0, result.stderr
    assert "Kế hoạch không giao nhiệm vụ cụ thể cho đơn vị nào; chỉ theo dõi báo cáo." in result.stdout.splitlines()
    assert "đều đã hoàn thành" not in result.stdout
