"""Papers for Party and state bodies alike, and papers that can be sent as they are
(docs/papers.md): the system an office writes in (`[plan.office] system`, else from its names), a
state body's header and number by Nghị định 30/2020/NĐ-CP, the signature's forms of each system,
a list without a number, who made each change in the history paper, and how the Excel sheets
print. Every file is read back with python-docx or openpyxl.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from helpers import ok
from sample_plans import BUNDLED_PLAN, replace_once

from sapa_propaganda.core.paper_forms import PARTY, STATE, office_system, signature
from sapa_propaganda.render.office_document import PageHeading, Table
from sapa_propaganda.render.office_xlsx import LINE_POINTS, xlsx_bytes

TODAY = "2022-06-20"
DATE_LINE = "Sa Pa, ngày 20 tháng 6 năm 2022"
DOTS = "……………"
NATION, MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
BUNDLED_OFFICE = '[plan.office]\nabove = "THỊ ỦY SA PA"\nname = "BAN TUYÊN GIÁO"\nsymbol = "BTGTU"\n'
UBND_OFFICE = ('[plan.office]\nname = "ỦY BAN NHÂN DÂN THỊ XÃ SA PA"\nsymbol = "UBND"\n'
               'recipients = ["Thường trực Thị ủy (b/c);", "Lưu: VT."]\n'
               'signer_on_behalf = "TM. ỦY BAN NHÂN DÂN"\nsigner_title = "CHỦ TỊCH"\n'
               'signer_name = "Nguyễn Văn Bình"\n')
LATER_DAY = date.today() + timedelta(days=1)  # after the real clock's "now" here and in Vietnam


def wrote(result) -> None:
    assert result.exit_code == 0 and result.stderr.startswith("Đã ghi "), result.output


def with_office(write_plan, office: str, name: str = "plan.toml"):
    return write_plan(replace_once(BUNDLED_PLAN, BUNDLED_OFFICE, office), name)


def header_of(document) -> tuple[list[str], list[str]]:
    left, right = document.tables[0].rows[0].cells
    return [p.text for p in left.paragraphs if p.text], [p.text for p in right.paragraphs if p.text]


def signed(document) -> list[str]:
    return [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs if p.text]


def ruled(cell) -> int:
    """How many paragraphs of a cell draw a line under them (a rule)."""
    return sum(p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None for p in cell.paragraphs)


def every_text(document) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return texts


# ---- the system, from the names -------------------------------------------------------------------

@pytest.mark.parametrize(("names", "system"), [
    (("ỦY BAN NHÂN DÂN THỊ XÃ SA PA",), STATE),
    (("UBND huyện Mường Khương",), STATE),
    (("Văn phòng UBND thị xã",), STATE),
    (("HĐND xã Tả Van",), STATE),
    (("Sở Văn hóa, Thể thao và Du lịch",), STATE),
    (("Phòng Văn hóa và Thông tin",), STATE),
    (("Bộ Thông tin và Truyền thông",), STATE),
    (("BAN TUYÊN GIÁO", "THỊ ỦY SA PA"), PARTY),
    (("Ban Dân vận Huyện ủy",), PARTY),
    (("Ban Tổ chức Tỉnh ủy",), PARTY),
    (("Đảng ủy xã An Hòa",), PARTY),
    (("Văn phòng Đảng ủy xã An Hòa",), PARTY),
    (("Chi bộ thôn Tả Van",), PARTY),
    (("", "", "Thị ủy Sa Pa"), PARTY),
    (("", "UBND THỊ XÃ SA PA"), STATE),  # a body named only by the one above it
    (("Ủy ban Mặt trận Tổ quốc",), PARTY),  # neither: the papers as they were
])
def test_the_system_is_inferred_from_the_first_name_that_says(names, system):
    assert office_system(*names) == system


@pytest.mark.parametrize(("system", "typed", "lines"), [
    (PARTY, ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"), ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")),
    (PARTY, ("T/M Đảng ủy", "Bí thư"), ("T/M ĐẢNG ỦY", "BÍ THƯ")),
    (PARTY, ("T/M BAN TUYÊN GIÁO", "TRƯỞNG BAN"), ("", "TRƯỞNG BAN")),  # a Ban is no committee
    (PARTY, ("T/M BAN TUYÊN GIÁO", "PHÓ TRƯỞNG BAN"), ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")),
    (PARTY, ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"), ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")),
    (PARTY, ("", "TRƯỞNG BAN"), ("", "TRƯỞNG BAN")),
    (STATE, ("T/M ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    (STATE, ("K/T CHỦ TỊCH", "PHÓ CHỦ TỊCH"), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    (STATE, ("TM. PHÒNG VĂN HÓA VÀ THÔNG TIN", "TRƯỞNG PHÒNG"), ("", "TRƯỞNG PHÒNG")),
    (STATE, ("TM. SỞ", "PHÓ GIÁM ĐỐC"), ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
])
def test_the_signature_takes_the_forms_of_its_system(system, typed, lines):
    assert signature(system, *typed) == lines


# ---- a state body's paper (Nghị định 30/2020/NĐ-CP) -----------------------------------------------

@pytest.fixture
def ubnd(run, write_plan):
    """The bundled plan issued by the people's committee: no `system` key, told by its name."""
    plan = with_office(write_plan, UBND_OFFICE)
    ok(run("--today", TODAY, "--plan", plan, "submit", "mttq", "2022-H1", "--date", "10/06/2022",
           "--ref", "12-BC/MTTQ"))
    return lambda *args: run("--today", TODAY, "--plan", plan, *args)


def test_the_ubnd_s_name_in_the_draft_s_sentences_keeps_the_place_s_capitals(ubnd):
    """Its name is written in capitals in the header; in the opening and closing sentences it is
    "Ủy ban nhân dân thị xã Sa Pa", not "… thị xã sa pa" (seen rendering the draft in LibreOffice)."""
    text = ok(ubnd("report-draft", "2022-H1"))
    assert "Ủy ban nhân dân thị xã Sa Pa báo cáo kết quả 6 tháng đầu năm 2022 như sau:" in text
    assert "của Ủy ban nhân dân thị xã Sa Pa./." in text and "sa pa" not in text


@pytest.mark.parametrize("capitals, in_a_sentence", [
    ("ỦY BAN NHÂN DÂN THỊ XÃ SA PA", "Ủy ban nhân dân thị xã Sa Pa"),
    ("BAN THƯỜNG VỤ THỊ ỦY SA PA", "Ban Thường vụ Thị ủy Sa Pa"),
    ("UBND HUYỆN BÁT XÁT", "UBND huyện Bát Xát"),
    ("ĐẢNG ỦY XÃ TẢ VAN", "Đảng ủy xã Tả Van"),
    ("VĂN PHÒNG HUYỆN ỦY", "Văn phòng Huyện ủy"),
    ("BAN TUYÊN GIÁO", "Ban Tuyên giáo"),
])
def test_an_office_named_in_capitals_is_named_in_a_sentence_as_an_office_writes_it(capitals, in_a_sentence):
    from sapa_propaganda.core.names import name_from_capitals

    assert name_from_capitals(capitals) == in_a_sentence


def test_a_ubnd_report_has_the_state_header_the_number_with_a_colon_and_the_chairmans_signature(ubnd, tmp_path):
    target = tmp_path / "bao-cao.docx"
    wrote(ubnd("report-draft", "2022-H1", "-o", target))
    document = docx.Document(target)
    left, right = header_of(document)
    assert left == ["ỦY BAN NHÂN DÂN THỊ XÃ SA PA", "Số:      /BC-UBND"]  # N/BC-UBND, no star
    assert right == [NATION, MOTTO, DATE_LINE]
    assert PARTY_NAME not in every_text(document)
    header_left, header_right = document.tables[0].rows[0].cells
    assert ruled(header_left) == 1 and ruled(header_right) == 1  # under the body, under the motto
    nation, motto, place_date = (p for p in header_right.paragraphs if p.text)
    assert all(run.bold for run in nation.runs) and all(run.bold for run in motto.runs)
    assert all(run.italic for run in place_date.runs)
    assert all(run.font.name == "Times New Roman" for p in header_right.paragraphs for run in p.runs)
    assert {run.font.size for run in nation.runs} <= {Pt(12), Pt(13)}  # Phụ lục I: 12–13 pt
    (kind,) = [p for p in document.paragraphs if p.text == "BÁO CÁO"]
    assert kind.runs[0].bold and kind.runs[0].font.size in (Pt(13), Pt(14))
    assert signed(document) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Bình"]
    section = document.sections[0]
    margins = [round(getattr(section, f"{side}_margin").mm) for side in ("top", "bottom", "left", "right")]
    assert 20 <= margins[0] <= 25 and 20 <= margins[1] <= 25 and 30 <= margins[2] <= 35 and 15 <= margins[3] <= 20


def test_a_ubnd_report_as_markdown_has_the_national_name_and_motto(ubnd):
    text = ok(ubnd("report-draft", "2022-H1"))
    assert "Số:      /BC-UBND" in text and NATION in text and MOTTO in text
    assert "Số      -" not in text


def test_a_ubnd_list_has_the_state_header_and_no_number(ubnd, tmp_path):
    target = tmp_path / "qua-han.docx"
    wrote(ubnd("overdue", "-o", target))
    document = docx.Document(target)
    left, right = header_of(document)
    assert left == ["ỦY BAN NHÂN DÂN THỊ XÃ SA PA"] and right == [NATION, MOTTO, DATE_LINE]
    assert not [text for text in every_text(document) if text.startswith("Số:")]


def test_the_system_key_overrides_the_names_and_a_wrong_one_is_refused(run, write_plan, tmp_path):
    plan = with_office(write_plan, UBND_OFFICE + 'system = "party"\n')
    target = tmp_path / "bao-cao.docx"
    wrote(run("--today", TODAY, "--plan", plan, "report-draft", "2022-H1", "-o", target))
    left, right = header_of(docx.Document(target))
    assert left[-1] == "Số      -BC/UBND" and right == [PARTY_NAME, DATE_LINE]
    assert signed(docx.Document(target))[0] == "T/M ỦY BAN NHÂN DÂN"  # the Party's marks

    state = with_office(write_plan, BUNDLED_OFFICE.replace('name = "BAN TUYÊN GIÁO"', 'name = "PHÒNG VĂN HÓA"')
                        + 'system = "state"\n', "state.toml")
    wrote(run("--today", TODAY, "--plan", state, "report-draft", "2022-H1", "-o", target))
    assert header_of(docx.Document(target))[0] == ["THỊ ỦY SA PA", "PHÒNG VĂN HÓA", "Số:      /BC-BTGTU"]

    bad = with_office(write_plan, BUNDLED_OFFICE + 'system = "nhà nước"\n', "bad.toml")
    result = run("plan", "check", bad)
    assert result.exit_code == 4 and "plan.office.system" in result.stderr and "party, state" in result.stderr


# ---- the Party's signature forms ------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "lines"), [
    (("T/M BAN TUYÊN GIÁO", "TRƯỞNG BAN"), ["TRƯỞNG BAN", "Hoàng Thị Mai"]),
    (("T/M BAN TUYÊN GIÁO", "PHÓ TRƯỞNG BAN"), ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Hoàng Thị Mai"]),
    (("", "TRƯỞNG BAN"), ["TRƯỞNG BAN", "Hoàng Thị Mai"]),
])
def test_a_ban_signs_with_its_heads_title_never_on_behalf_of_itself(run, write_plan, tmp_path, typed, lines):
    office = BUNDLED_OFFICE + (f'signer_on_behalf = "{typed[0]}"\n' if typed[0] else "")
    plan = with_office(write_plan, office + f'signer_title = "{typed[1]}"\nsigner_name = "Hoàng Thị Mai"\n')
    target = tmp_path / "bao-cao.docx"
    wrote(run("--today", TODAY, "--plan", plan, "report-draft", "2022-H1", "-o", target))
    assert signed(docx.Document(target)) == lines
    markdown = ok(run("--today", TODAY, "--plan", plan, "report-draft", "2022-H1"))
    assert "T/M BAN TUYÊN GIÁO" not in markdown and all(line in markdown for line in lines)


# ---- who made each change, and when, in the history paper -----------------------------------------

def test_the_history_paper_shows_the_name_given_else_the_clerk_never_the_computer_account(run, write_plan, tmp_path):
    plan = with_office(write_plan, BUNDLED_OFFICE + 'clerk = "Lò Thị Dung"\n')
    account = {"LOGNAME": "root", "USER": "root"}
    later = ["--today", LATER_DAY.isoformat(), "--plan", plan]
    ok(run(*later, "mark", "III.1.1", "dang", env=account))  # by nobody named: the account is recorded
    ok(run(*later, "mark", "III.2.1", "vuong", "--by", "Nguyễn Thị Cúc", env=account))
    assert "root" in ok(run(*later, "history", env=account))  # the screen shows what is recorded
    for suffix in ("docx", "xlsx"):
        target = tmp_path / f"nhat-ky.{suffix}"
        wrote(run(*later, "history", "-o", target, env=account))
        if suffix == "docx":
            rows = [[cell.text for cell in row.cells] for row in docx.Document(target).tables[1].rows]
        else:
            rows = [list(row) for row in openpyxl.load_workbook(target).active.iter_rows(values_only=True)]
        by = rows[0].index("Người cập nhật")
        assert sorted(row[by] for row in rows[1:]) == ["Lò Thị Dung", "Nguyễn Thị Cúc"]
        assert "root" not in str(rows)

    unnamed = with_office(write_plan, BUNDLED_OFFICE, "unnamed.toml")  # no clerk: left blank
    later[-1] = unnamed
    ok(run(*later, "mark", "III.1.1", "dang", env=account))
    target = tmp_path / "khong-ten.docx"
    wrote(run(*later, "history", "-o", target, env=account))
    rows = [[cell.text for cell in row.cells] for row in docx.Document(target).tables[1].rows][1:]
    assert sorted(row[3] for row in rows) == ["", "Nguyễn Thị Cúc"]  # the same plan, the same ledger
    assert "root" not in str(rows)


def test_the_history_paper_leaves_out_what_was_recorded_after_its_day(run, write_plan, tmp_path):
    plan = with_office(write_plan, BUNDLED_OFFICE)
    ok(run("--today", TODAY, "--plan", plan, "mark", "III.1.1", "xong", "--date", "02/03/2022", "--by", "A"))
    target = tmp_path / "nhat-ky.docx"
    wrote(run("--today", TODAY, "--plan", plan, "history", "-o", target))  # dated 2022, recorded now
    texts = every_text(docx.Document(target))
    assert "Không có mục nào." in texts and not [text for text in texts if "III.1.1" in text]
    wrote(run("--today", LATER_DAY.isoformat(), "--plan", plan, "history", "-o", target))
    assert [text for text in every_text(docx.Document(target)) if "III.1.1" in text]
    assert "III.1.1" in ok(run("--today", TODAY, "--plan", plan, "history"))  # the screen's view is as it was


# ---- Excel sheets that print ---------------------------------------------------------------------

def test_an_excel_paper_prints_with_its_title_date_page_numbers_and_ruled_rows(run, write_plan, tmp_path):
    plan = with_office(write_plan, BUNDLED_OFFICE)
    ok(run("--today", TODAY, "--plan", plan, "mark", "III.2.1", "vuong", "--note", "Chưa có kinh phí in tài liệu, "
           "đang chờ Thị ủy phân bổ; dự kiến xong trong quý III, sẽ báo cáo bổ sung khi có kết quả cụ thể"))
    target = tmp_path / "nhiem-vu.xlsx"
    wrote(run("--today", TODAY, "--plan", plan, "duties", "-o", target))
    sheet = openpyxl.load_workbook(target).active
    # The title over the page; the date under it, beside the page number: at the top they overlapped.
    assert sheet.oddHeader.center.text.endswith("DANH SÁCH Nhiệm vụ của các đơn vị, đến ngày 20/06/2022")
    assert sheet.oddFooter.right.text.endswith(DATE_LINE) and not sheet.oddHeader.right.text
    assert sheet.oddFooter.center.text.endswith("Trang &P/&N")
    assert sheet.print_title_rows == "$1:$1" and sheet.freeze_panes == "A2"
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.font.name == "Times New Roman" for cell in cells)
    assert all(cell.border.left.style == cell.border.bottom.style == "thin" for cell in cells)
    assert all(sheet.row_dimensions[row].height >= LINE_POINTS for row in range(1, sheet.max_row + 1))
    note_row = next(cell.row for cell in cells if isinstance(cell.value, str) and cell.value.startswith("III.2.1"))
    assert sheet.row_dimensions[note_row].height >= 2 * LINE_POINTS  # a long duty wraps: its row is higher


def test_an_excel_sheet_prints_landscape_only_where_wide_and_its_rows_fit_their_text():
    narrow = Table("Hẹp", ("STT", "Đơn vị"), [(1, "BTG")], (5, 20))
    wide = Table("Rộng", ("STT", "Nội dung", "Ghi chú"), [(1, "x " * 200, "ngắn")], (5, 60, 40))
    heading = PageHeading("DANH SÁCH Thử & xem", "Sa Pa, ngày 20 tháng 6 năm 2022", "Trang &P/&N")
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([narrow, wide], heading)))
    assert book["Hẹp"].page_setup.orientation == "portrait"
    assert book["Rộng"].page_setup.orientation == "landscape"
    assert book["Hẹp"].oddHeader.center.text.endswith("Thử && xem")  # "&" is Excel's code mark
    assert book["Hẹp"].row_dimensions[2].height == LINE_POINTS
    # A state that fits its column is one line, not two (LibreOffice prints about 20 such letters in
    # 17 units): rows twice too high wasted half of every printed page.
    fits = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([Table("Tình trạng", ("STT", "Tình trạng"),
                                                               [(1, "Quá hạn 217 ngày")], (5, 17))], heading)))
    assert fits.active.row_dimensions[2].height == LINE_POINTS
    # 400 characters in a column of 60: at least 5 lines (LibreOffice prints some 80 of them a line)
    assert book["Rộng"].row_dimensions[2].height >= 5 * LINE_POINTS
    assert book["Rộng"]["B1"].font.bold and book["Rộng"]["B1"].font.name == "Times New Roman"
