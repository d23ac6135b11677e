"""Word and Excel files: each is opened again with the library a reader's tools build on
(python-docx, openpyxl), and checked for what a clerk would see in Word or Excel."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from sapa_propaganda.render.office_document import Cell, OfficeDocument, Section, Table, place_date_line
from sapa_propaganda.render.office_docx import docx_bytes
from sapa_propaganda.render.office_xlsx import xlsx_bytes

TNR = "Times New Roman"
DOTS = "……………"

DEADLINES = Table(
    title="Hạn báo cáo 6/2022",
    headers=("STT", "Đơn vị", "Hạn nộp", "Ghi chú"),
    rows=[
        (1, "Chi bộ Cơ quan", date(2022, 6, 5), "Đã nộp"),
        (2, "Đảng ủy phường Sa Pa", date(2022, 6, 20), None),
    ],
)


def report(**changes: object) -> OfficeDocument:
    fields: dict[str, object] = dict(
        body_above="Đảng bộ thị xã Sa Pa",
        body="Ban Tuyên giáo",
        number_line="Số      -BC/BTGTU",
        place_date=place_date_line("Sa Pa", date(2022, 6, 20)),
        kind="Báo cáo",
        summary="kết quả công tác tuyên giáo 6 tháng đầu năm 2022",
        sections=[Section("I. KẾT QUẢ THỰC HIỆN", ("Ban Tuyên giáo đã chủ động tham mưu.",
                                                   "Dòng một\nDòng hai"), (DEADLINES,))],
        recipients=("Thường trực Thị ủy (b/c),", "Lưu Văn phòng."),
        signer_on_behalf="T/M Ban Tuyên giáo",
        signer_title="Phó Trưởng ban",
        signer_name="Nguyễn Văn A",
    )
    fields.update(changes)
    return OfficeDocument(**fields)  # type: ignore[arg-type]


def open_docx(doc: OfficeDocument):  # -> docx.document.Document
    return docx.Document(io.BytesIO(docx_bytes(doc)))


def texts(cell) -> list[str]:
    return [paragraph.text for paragraph in cell.paragraphs]


def paragraph_with(container, text: str):
    return next(p for p in container.paragraphs if p.text == text)


def only_run(paragraph):
    (run,) = [run for run in paragraph.runs if run.text]
    return run


# --- the date line ------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "expected"), [
    (date(2022, 6, 20), "Sa Pa, ngày 20 tháng 6 năm 2022"),
    (date(2022, 2, 5), "Sa Pa, ngày 05 tháng 02 năm 2022"),
    (date(2023, 1, 1), "Sa Pa, ngày 01 tháng 01 năm 2023"),
    (date(2022, 12, 3), "Sa Pa, ngày 03 tháng 12 năm 2022"),
    (date(2022, 10, 31), "Sa Pa, ngày 31 tháng 10 năm 2022"),
])
def test_place_date_line_pads_days_below_ten_and_january_and_february(day: date, expected: str) -> None:
    assert place_date_line("Sa Pa", day) == expected


def test_place_date_line_leaves_dots_for_an_unknown_place() -> None:
    assert place_date_line("  ", date(2022, 6, 20)) == "……, ngày 20 tháng 6 năm 2022"


# --- Word: the page -----------------------------------------------------------------------------


def test_word_page_is_a4_with_the_party_margins() -> None:
    section = open_docx(report()).sections[0]
    expected = {"page_width": 210, "page_height": 297, "top_margin": 20, "bottom_margin": 20,
                "left_margin": 30, "right_margin": 15}
    for name, millimetres in expected.items():
        # Word stores twentieths of a point: 15 mm is 850.4 of them, so allow a hair.
        assert abs(getattr(section, name) - Mm(millimetres)) < Mm(0.1), name


def test_word_text_is_times_new_roman_14_for_every_script_and_proofed_as_vietnamese() -> None:
    document = open_docx(report())
    normal = document.styles["Normal"]
    assert normal.font.name == TNR and normal.font.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == TNR and fonts.get(qn("w:cs")) == TNR
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    default_fonts = defaults.find(qn("w:rFonts"))
    assert qn("w:asciiTheme") not in default_fonts.attrib  # a theme font (Calibri) would win over the name
    assert default_fonts.get(qn("w:hAnsi")) == TNR  # ư, ơ, ế… are drawn with the hAnsi font
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [run for table in document.tables for cell in table._cells for p in cell.paragraphs for run in p.runs]
    assert runs and all(run.font.name == TNR for run in runs)


def test_word_pages_are_numbered_at_the_top_from_the_second_page() -> None:
    section = open_docx(report()).sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and 'w:fldCharType="begin"' in header_xml
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not "".join(p.text for p in section.first_page_header.paragraphs)


# --- Word: the header block ---------------------------------------------------------------------


def test_word_header_puts_the_party_name_top_right_bold_15_over_a_rule_and_the_date_in_italics() -> None:
    header = open_docx(report()).tables[0]
    right = header.rows[0].cells[1]
    assert texts(right)[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    name = only_run(right.paragraphs[0])
    assert name.bold and name.font.size == Pt(15) and name.font.name == TNR
    rule = right.paragraphs[1]
    assert rule._p.find(qn("w:pPr")).find(qn("w:pBdr")).find(qn("w:bottom")) is not None
    place_date = paragraph_with(right, "Sa Pa, ngày 20 tháng 6 năm 2022")
    assert only_run(place_date).italic and only_run(place_date).font.size == Pt(14)


def test_word_header_puts_the_issuing_body_top_left_in_capitals_then_a_star_and_the_number() -> None:
    header = open_docx(report()).tables[0]
    left = header.rows[0].cells[0]
    assert texts(left) == ["ĐẢNG BỘ THỊ XÃ SA PA", "BAN TUYÊN GIÁO", "*", "Số      -BC/BTGTU"]
    above, body = only_run(left.paragraphs[0]), only_run(left.paragraphs[1])
    assert not above.bold and above.font.size == Pt(14)
    assert body.bold and body.font.size == Pt(14)
    assert only_run(left.paragraphs[3]).font.size == Pt(14)


def test_word_header_and_closing_tables_have_no_borders() -> None:
    document = open_docx(report())
    for table in (document.tables[0], document.tables[-1]):
        assert table.style.name == "Normal Table"
        assert table._tbl.tblPr.find(qn("w:tblBorders")) is None


def test_word_kind_is_centred_bold_capitals_and_the_summary_centred_bold_as_written() -> None:
    document = open_docx(report())
    kind = paragraph_with(document, "BÁO CÁO")
    assert kind.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert only_run(kind).bold and only_run(kind).font.size == Pt(16)
    summary = paragraph_with(document, "kết quả công tác tuyên giáo 6 tháng đầu năm 2022")
    assert summary.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert only_run(summary).bold and only_run(summary).font.size == Pt(14)


def test_word_letter_without_a_kind_gives_its_summary_under_the_number_in_italics() -> None:
    document = open_docx(report(kind="", summary="V/v tổ chức hội nghị"))
    left = document.tables[0].rows[0].cells[0]
    assert texts(left)[-1] == "V/v tổ chức hội nghị"
    summary = only_run(left.paragraphs[-1])
    assert summary.italic and summary.font.size == Pt(12)
    assert "V/v tổ chức hội nghị" not in [p.text for p in document.paragraphs]


# --- Word: the body -----------------------------------------------------------------------------


def test_word_sections_have_a_bold_heading_then_justified_paragraphs_with_line_breaks_kept() -> None:
    document = open_docx(report())
    heading = paragraph_with(document, "I. KẾT QUẢ THỰC HIỆN")
    assert only_run(heading).bold
    first = paragraph_with(document, "Ban Tuyên giáo đã chủ động tham mưu.")
    assert first.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and not only_run(first).bold
    assert "Dòng một\nDòng hai" in [p.text for p in document.paragraphs]


def test_word_table_is_gridded_with_a_bold_header_row_repeated_on_every_page() -> None:
    document = open_docx(report())
    table = document.tables[1]
    assert table.style.name == "Table Grid"
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in header.cells] == ["STT", "Đơn vị", "Hạn nộp", "Ghi chú"]
    assert all(only_run(cell.paragraphs[0]).bold for cell in header.cells)
    assert table.rows[1]._tr.trPr is None or table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert "Hạn báo cáo 6/2022" in [p.text for p in document.paragraphs]  # its title above it


def test_word_table_cells_show_dates_dd_mm_yyyy_numbers_as_digits_and_nothing_for_none() -> None:
    table = open_docx(report()).tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert rows == [["1", "Chi bộ Cơ quan", "05/06/2022", "Đã nộp"],
                    ["2", "Đảng ủy phường Sa Pa", "20/06/2022", ""]]


def test_word_table_columns_follow_the_width_hints() -> None:
    hinted = Table("", ("A", "B"), [("x", "y")], widths=(1, 3))
    table = open_docx(report(sections=[Section("", (), (hinted,))])).tables[1]
    narrow, wide = (column.width for column in table.columns)
    assert abs(wide - 3 * narrow) < Mm(1)
    assert abs(narrow + wide - Mm(165)) < Mm(1)  # the width between the margins


def test_word_two_tables_in_a_row_stay_two_tables() -> None:
    untitled = Table("", ("A",), [("x",)])
    document = open_docx(report(kind="", sections=[Section("", (), (untitled, untitled))]))
    # Word merges tables that touch; header, two tables, closing block must stay four.
    body = document.element.body
    tables = body.findall(qn("w:tbl"))
    assert len(tables) == 4
    for table in tables[:-1]:
        assert table.getnext().tag == qn("w:p")


# --- Word: columns that fit what they hold -------------------------------------------------------

REPORTS = Table(
    title="Báo cáo các đơn vị",
    headers=("STT", "Đơn vị", "Báo cáo", "Hạn", "Ngày nhận", "Số văn bản", "Tình trạng"),
    rows=[(n, f"Chi bộ thôn số {n} của xã", "Báo cáo 6 tháng đầu năm 2022", date(2022, 6, 15), date(2022, 6, 10),
           "12-BC/MTTQ", "Nộp muộn 2 ngày") for n in range(1, 13)],
    widths=(5, 16, 12, 11, 11, 10, 12),
    unbroken=frozenset({5, 6}),
)


def column_widths_mm(table) -> list[float]:
    return [column.width / Mm(1) for column in table.columns]


def test_word_columns_are_never_narrower_than_a_number_a_date_or_a_document_number() -> None:
    table = open_docx(report(sections=[Section("", (), (REPORTS,))])).tables[1]
    number, unit, name, due, received, ref, state = column_widths_mm(table)
    # Times New Roman 12 pt, with the cells' margins: "STT" in bold, "15/06/2022", "12-BC/MTTQ", "Nộp muộn 2 ngày"
    assert number >= 10.5 and due >= 21.5 and received >= 21.5 and ref >= 26.5 and state >= 32
    assert abs(sum(column_widths_mm(table)) - 165) < 1  # the rest shared out over the text
    assert min(unit, name) > 15
    for row in table.rows:  # Word reads each cell's width, LibreOffice the grid's: both are set
        assert [cell.width for cell in row.cells] == [column.width for column in table.columns]


def test_word_keeps_a_hyphenated_number_or_name_whole_and_reads_back_as_typed() -> None:
    table = open_docx(report(sections=[Section("", (), (REPORTS,))])).tables[1]
    ref = table.rows[1].cells[5]
    assert ref.text == "12-BC/MTTQ"  # the data is unchanged…
    assert len(ref._tc.findall(".//" + qn("w:noBreakHyphen"))) == 1  # …but Word cannot break it after "12-"
    spaced = open_docx(report(sections=[Section("", (), (Table("", ("A",), [("chính trị - xã hội",)]),))]))
    assert not spaced.tables[1]._tbl.findall(".//" + qn("w:noBreakHyphen"))  # a dash between words may break


def test_word_column_that_cannot_hold_its_short_cells_whole_lets_them_wrap_before_starving_the_text() -> None:
    crowded = Table("", (*REPORTS.headers, "Ghi chú", "Đã xong"),
                    [(*row, "Đã nhắc qua điện thoại", "x") for row in REPORTS.rows], (*REPORTS.widths, 12, 6),
                    unbroken=frozenset({5, 6}))
    widths = column_widths_mm(open_docx(report(sections=[Section("", (), (crowded,))])).tables[1])
    assert widths[6] < 30 and min(widths[1], widths[2], widths[7]) > 15  # the state wraps at its spaces
    assert widths[5] > 26.5  # a document number without spaces stays whole all the same


def test_word_leaves_out_the_sheets_own_columns_and_prints_a_groups_line_bold() -> None:
    rows: list[tuple[Cell, ...]] = [
        (1, "MTTQ", "MTTQ", "Nộp đúng hạn"), (None, "Chi bộ", "Chi bộ: đã nhận 1/2", "Quá hạn 3 ngày"),
        (2, "Chi bộ", "Chi bộ thôn A", "Nộp muộn 1 ngày"), (3, "Chi bộ", "Chi bộ thôn B", "Quá hạn 3 ngày")]
    grouped = Table("", ("STT", "Đơn vị", "Đơn vị, thành viên", "Tình trạng"), rows,
                    summaries=frozenset({1}), sheet_only=frozenset({1}))
    table = open_docx(report(sections=[Section("", (), (grouped,))])).tables[1]
    assert [[cell.text for cell in row.cells] for row in table.rows][:3] == [
        ["STT", "Đơn vị, thành viên", "Tình trạng"], ["1", "MTTQ", "Nộp đúng hạn"],
        ["", "Chi bộ: đã nhận 1/2", "Quá hạn 3 ngày"]]
    assert all(run.bold for cell in table.rows[2].cells for run in cell.paragraphs[0].runs if run.text)
    assert not any(run.bold for cell in table.rows[3].cells for run in cell.paragraphs[0].runs)
    sheet = open_xlsx(grouped).active
    assert [cell.value for cell in sheet[1]] == list(grouped.headers) and sheet["B4"].value == "Chi bộ"
    assert sheet["C3"].font.bold and not sheet["C4"].font.bold


def test_an_empty_table_that_has_a_sentence_for_it_prints_the_sentence_instead() -> None:
    empty = Table("Báo cáo", ("STT", "Đơn vị"), [], empty="Kế hoạch không có báo cáo nào.")
    document = open_docx(report(sections=[Section("", (), (empty,))]))
    assert len(document.tables) == 2 and "Kế hoạch không có báo cáo nào." in [p.text for p in document.paragraphs]
    assert "Báo cáo" not in [p.text for p in document.paragraphs]  # no title over nothing


# --- Word: the place and date on one line -------------------------------------------------------


@pytest.mark.parametrize(("place", "size"), [("Sa Pa", 14), ("Tam Đường", 14), ("Hòa Bình Thượng", 13)])
def test_word_place_and_date_take_one_step_smaller_type_only_when_the_place_is_long(place: str, size: int) -> None:
    line = place_date_line(place, date(2024, 12, 20))
    header = open_docx(report(place_date=line)).tables[0]
    run = only_run(paragraph_with(header.rows[0].cells[1], line))
    assert run.font.size == Pt(size) and run.italic
    left, right = (cell.width for cell in header.rows[0].cells)
    assert right > left and abs(left + right - Mm(165)) < Mm(1)


# --- Word: the signature never alone -------------------------------------------------------------


def keeps_with_next(paragraph) -> bool:
    return bool(paragraph.paragraph_format.keep_with_next)


def test_word_body_ending_in_a_paragraph_keeps_it_with_the_signature() -> None:
    document = open_docx(report(sections=[Section("II.", ("Đoạn một.", "Đề xuất, kiến nghị: ……………"))]))
    last = paragraph_with(document, "Đề xuất, kiến nghị: ……………")
    assert keeps_with_next(last) and not keeps_with_next(paragraph_with(document, "Đoạn một."))
    closing = document.tables[-1].rows[0]
    assert closing._tr.trPr.find(qn("w:cantSplit")) is not None


def test_word_body_ending_in_a_table_keeps_its_last_rows_with_the_signature() -> None:
    document = open_docx(report(sections=[Section("", (), (REPORTS,))]))
    table = document.tables[1]
    kept = [all(keeps_with_next(p) for cell in row.cells for p in cell.paragraphs) for row in table.rows]
    assert kept[-3:] == [True] * 3 and not any(kept[1:-3])
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)  # no row split over pages
    assert table._tbl.getnext().getnext() is document.tables[-1]._tbl  # one spacer between table and closing


# --- Word as LibreOffice lays it out (where it is installed) ---------------------------------------

SOFFICE = shutil.which("soffice")


def pdf_pages(tmp_path: Path, docs: dict[str, OfficeDocument]) -> dict[str, list[str]]:
    """Each document converted to PDF by LibreOffice, as the text of each page, laid out."""
    for name, doc in docs.items():
        (tmp_path / f"{name}.docx").write_bytes(docx_bytes(doc))
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *(str(tmp_path / f"{name}.docx") for name in docs)],
                   capture_output=True, check=True, timeout=240)
    pages = {}
    for name in docs:
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / f"{name}.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        pages[name] = text.split("\f")[:-1]
    return pages


@pytest.mark.skipif(not SOFFICE or not shutil.which("pdftotext"), reason="needs LibreOffice and poppler-utils")
def test_libreoffice_prints_numbers_dates_and_document_numbers_whole_and_never_the_signature_alone(tmp_path):
    filler = Table("Bảng", ("STT", "Đơn vị"), [(n, f"Unit {n}") for n in range(1, 11)])
    docs = {"reports": report(sections=[Section("", (), (REPORTS,))])}
    for lines in range(44, 62, 3):  # somewhere in here the closing falls just past a page's end
        docs[f"table-{lines}"] = report(sections=[Section("", tuple(f"Line {n}" for n in range(lines)), (filler,))])
        docs[f"text-{lines}"] = report(sections=[Section("", tuple(f"Line {n}" for n in range(lines + 10)))])
    pages = pdf_pages(tmp_path, docs)
    printed = "".join(pages["reports"])
    assert printed.count("12-BC/MTTQ") == 12 and printed.count("15/06/2022") == 12  # each on one line
    assert "STT" in printed and "ST\n" not in printed
    assert any(len(texts) > 1 for texts in pages.values())
    for name, texts in pages.items():  # the closing's page has some of the body on it too
        assert "Nơi nhận:" in texts[-1] and any(word in texts[-1] for word in ("Line", "Unit", "thôn")), name


# --- Word: the closing block --------------------------------------------------------------------


def test_word_closing_lists_the_recipients_left_and_the_signer_right() -> None:
    closing = open_docx(report()).tables[-1]
    left, right = closing.rows[0].cells
    assert texts(left) == ["Nơi nhận:", "- Thường trực Thị ủy (b/c),", "- Lưu Văn phòng."]
    label = only_run(left.paragraphs[0])
    assert label.bold and label.italic and label.font.size == Pt(12)
    assert all(only_run(p).font.size == Pt(11) for p in left.paragraphs[1:])
    signer = [text for text in texts(right) if text]
    assert signer == ["T/M BAN TUYÊN GIÁO", "PHÓ TRƯỞNG BAN", "Nguyễn Văn A"]
    assert all(only_run(paragraph_with(right, text)).bold for text in signer)
    assert all(paragraph_with(right, text).alignment == WD_ALIGN_PARAGRAPH.CENTER for text in signer)
    # room to sign between the title and the name
    between = texts(right)[texts(right).index("PHÓ TRƯỞNG BAN") + 1: texts(right).index("Nguyễn Văn A")]
    assert len(between) >= 3 and not any(between)


def test_word_closing_leaves_dotted_blanks_for_the_clerk_when_signer_and_recipients_are_unknown() -> None:
    closing = open_docx(report(recipients=(), signer_on_behalf="", signer_title="", signer_name="")).tables[-1]
    left, right = closing.rows[0].cells
    assert texts(left) == ["Nơi nhận:", f"- {DOTS}"]
    assert [text for text in texts(right) if text] == [DOTS, DOTS, DOTS]


# --- Word: the file as a whole ------------------------------------------------------------------


def test_word_file_opens_whatever_control_characters_the_text_holds() -> None:
    document = open_docx(report(summary="báo cáo\x00 \x1b[31mđỏ\x1b[0m", body="Ban\x07 Tuyên giáo"))
    assert "báo cáo đỏ" in [p.text for p in document.paragraphs]
    assert "BAN TUYÊN GIÁO" in texts(document.tables[0].rows[0].cells[0])


def test_word_file_properties_name_the_document_not_the_template() -> None:
    content = docx_bytes(report(summary="kết quả " * 60))  # Word refuses properties over 255 characters
    properties = docx.Document(io.BytesIO(content)).core_properties
    assert properties.title.startswith("Báo cáo kết quả") and len(properties.title) <= 255
    assert properties.author == "Ban Tuyên giáo"
    assert "python-docx" not in (properties.comments or "")
    assert not any("thumbnail" in name for name in zipfile.ZipFile(io.BytesIO(content)).namelist())


# --- Excel --------------------------------------------------------------------------------------


def open_xlsx(*tables: Table):  # -> openpyxl.Workbook
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes(list(tables))))


def test_excel_has_one_sheet_per_table_named_within_excels_rules() -> None:
    titles = ["Báo cáo 6/2022: [nháp]", "Báo cáo 6/2022: [nháp]", "BÁO CÁO 6/2022: [NHÁP]",
              "Danh sách các chi bộ trực thuộc Đảng bộ thị xã Sa Pa", "", "History", "What?*\\", "'Quoted'"]
    workbook = open_xlsx(*(Table(title, ("A",), [("x",)]) for title in titles))
    assert workbook.sheetnames == [
        "Báo cáo 6-2022 (nháp)", "Báo cáo 6-2022 (nháp) (2)", "BÁO CÁO 6-2022 (NHÁP) (3)",
        "Danh sách các chi bộ trực thuộc", "Sheet5", "History (2)", "What-", "Quoted"]
    assert all(len(name) <= 31 for name in workbook.sheetnames)


def test_excel_header_is_bold_frozen_and_filtered_over_the_rows() -> None:
    sheet = open_xlsx(DEADLINES).active
    assert [cell.value for cell in sheet[1]] == ["STT", "Đơn vị", "Hạn nộp", "Ghi chú"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    assert not sheet["A2"].font.bold


def test_excel_dates_are_real_dates_shown_dd_mm_yyyy() -> None:
    sheet = open_xlsx(DEADLINES).active
    cell = sheet["C2"]
    assert cell.is_date and cell.value == datetime(2022, 6, 5)
    assert cell.number_format == "dd/mm/yyyy"


def test_excel_integers_are_numbers_and_none_is_an_empty_cell() -> None:
    sheet = open_xlsx(DEADLINES).active
    assert sheet["A2"].data_type == "n" and sheet["A2"].value == 1
    assert sheet["D3"].value is None


def test_excel_integer_too_long_for_excel_is_kept_whole_as_text() -> None:
    sheet = open_xlsx(Table("t", ("CCCD",), [(123456789012345678,)])).active
    assert sheet["A2"].value == "123456789012345678" and sheet["A2"].data_type == "s"


def test_excel_columns_are_as_wide_as_their_text_up_to_a_cap_or_as_hinted() -> None:
    long_note = "Chưa nộp báo cáo sơ kết, đã nhắc qua điện thoại ngày 15/6"
    sheet = open_xlsx(Table("t", ("STT", "Ghi chú", "Nội dung", "Hạn"),
                            [(1, long_note, "x" * 500, date(2022, 6, 5))], widths=(0, 0, 0, 30))).active
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    assert widths["B"] > len(long_note) > 8.43  # Excel's default width
    assert widths["C"] == 60  # a very long text wraps in a capped column
    assert widths["D"] == 30
    assert sheet["B2"].alignment.wrap_text


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://example.com\",\"Bấm vào\")", "=1+1", "+84 912 345 678",
                                  "-Chưa nộp", "@SUM(A1:A2)", "#N/A", "=cmd|' /C calc'!A0"])
def test_excel_text_that_looks_like_a_formula_stays_text(text: str) -> None:
    content = xlsx_bytes([Table("t", ("Ghi chú",), [(text,)])])
    cell = openpyxl.load_workbook(io.BytesIO(content)).active["A2"]
    assert cell.data_type == "s" and cell.value == text
    assert cell.quotePrefix  # Excel keeps it text even after someone edits the cell
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


def test_excel_text_keeps_line_breaks_and_drops_control_characters() -> None:
    sheet = open_xlsx(Table("t", ("Ghi chú",), [("dòng một\r\ndòng hai\x00\x1b[31m",)])).active
    assert sheet["A2"].value == "dòng một\ndòng hai"


def test_excel_table_without_headers_is_not_frozen_or_filtered() -> None:
    sheet = open_xlsx(Table("t", (), [("x", 1)])).active
    assert sheet["A1"].value == "x" and sheet.freeze_panes is None and not sheet.auto_filter.ref


def test_excel_with_no_tables_is_still_a_workbook_excel_opens() -> None:
    assert len(open_xlsx().sheetnames) == 1


# --- start-up -----------------------------------------------------------------------------------


def test_the_office_libraries_load_only_when_a_file_is_written() -> None:
    code = ("import sys, sapa_propaganda.render, sapa_propaganda.render.office_document; "
            "print(sorted({'docx', 'openpyxl'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
