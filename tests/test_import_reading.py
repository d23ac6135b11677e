"""The importer's file readers: what a clerk's file gives as paragraphs, and every file refused
with one line that names it (`read_source`, `source_kind`)."""

from __future__ import annotations

import codecs
import io
import os
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from import_support import (
    SAMPLE_PLAN,
    docx_from_lines,
    legacy_bytes,
    pdf_from_lines,
    scanned_pdf,
    set_numbering,
    typed_marker,
)
from pypdf import PdfWriter

from sapa_propaganda import i18n
from sapa_propaganda.errors import UsageError
from sapa_propaganda.plan_import import read_docx, reading
from sapa_propaganda.plan_import.blocks import Block, SourceDocument
from sapa_propaganda.plan_import.reading import read_source, source_kind

ASSETS = Path(__file__).parent / "assets"
SEED = ASSETS / "seed.txt"  # the seed document (shared/seed/000_aa2532dea46867ec.txt), Markdown-ish text

# The typed numbers of SAMPLE_PLAN's body, in order: what Word's automatic numbering must show too.
SAMPLE_LABELS = ["I.", "1.", "2.", "II.", "1.", "1.1.", "a)", "-", "+", "+", "-", "b)", "-", "1.2.", "a)", "-", "2.",
                 "III.", "1.", "2.", "3.", "-", "-", "-"]


@pytest.fixture(autouse=True)
def vietnamese() -> Iterator[None]:
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


def texts(document: SourceDocument) -> list[str]:
    return [block.text for block in document.blocks]


def refused(path: Path | str, key: str) -> str:
    """The one-line message of a refused file, which names it."""
    with pytest.raises(UsageError) as caught:
        read_source(str(path))
    assert caught.value.key == key, (caught.value.key, str(caught.value))
    message = str(caught.value)
    assert str(path) in message and "\n" not in message
    return message


def body(document: SourceDocument) -> list[Block]:
    """The blocks from the first section heading on (past the header table, kind and title)."""
    start = next(i for i, block in enumerate(document.blocks) if "MỤC ĐÍCH" in block.text)
    return list(document.blocks[start:])


# --- Word: numbering ---------------------------------------------------------------------------------

def test_typed_and_automatic_numbering_give_the_same_labels(tmp_path: Path) -> None:
    typed = read_source(str(docx_from_lines(SAMPLE_PLAN, tmp_path / "typed.docx")))
    automatic = read_source(str(docx_from_lines(SAMPLE_PLAN, tmp_path / "auto.docx", automatic=True)))
    typed_labels = []
    typed_rest = []
    for block in body(typed):
        kind, _values, rest = typed_marker(block.text)
        if kind and block.table == 0:
            typed_labels.append(block.text[: len(block.text) - len(rest)].strip())
            typed_rest.append(rest)
    auto_blocks = [block for block in body(automatic) if block.number]
    assert typed_labels == SAMPLE_LABELS
    assert [block.number for block in auto_blocks] == SAMPLE_LABELS
    assert [block.text for block in auto_blocks] == typed_rest  # the number is not in the text
    assert [block.level for block in auto_blocks][:8] == [0, 1, 1, 0, 1, 2, 3, 0]
    assert all(block.number == "" and block.level == -1 for block in body(typed))


def test_a_list_that_restarts_and_one_that_continues(tmp_path: Path) -> None:
    lines = ["1. Tuyên truyền", "2. Kiểm tra", "Đoạn văn giữa hai danh sách.", "1. Báo cáo", "2. Tổng kết"]
    document = read_source(str(docx_from_lines(lines, tmp_path / "restart.docx", automatic=True)))
    assert [(block.number, block.text) for block in document.blocks] == [
        ("1.", "Tuyên truyền"), ("2.", "Kiểm tra"), ("", "Đoạn văn giữa hai danh sách."), ("1.", "Báo cáo"),
        ("2.", "Tổng kết")]
    # A number set by hand in the middle of a list ("3.2." twice, as typed in a real plan): the
    # list counts on from it, and the next level restarts at 1 again.
    lines = ["3. Giám sát", "3.1. Kiểm tra", "3.2. Tổng hợp", "3.2. Tiếp nhận", "3.3. Đôn đốc", "4. Tiếp dân",
             "4.1. Ban hành"]
    document = read_source(str(docx_from_lines(lines, tmp_path / "by-hand.docx", automatic=True)))
    assert [block.number for block in document.blocks] == ["3.", "3.1.", "3.2.", "3.2.", "3.3.", "4.", "4.1."]
    # Word counts per definition: a second list on it continues unless it overrides the start.
    word = _numbered_document('<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                              '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                              '<w:num w:numId="71"><w:abstractNumId w:val="7"/></w:num>'
                              '<w:num w:numId="72"><w:abstractNumId w:val="7"/></w:num>'
                              '<w:num w:numId="73"><w:abstractNumId w:val="7"/>'
                              '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>',
                              [("a", 71, 0), ("b", 71, 0), ("c", 72, 0), ("d", 73, 0), ("e", 73, 0)])
    assert [block.number for block in read_source(word(tmp_path / "shared.docx")).blocks] == \
        ["1.", "2.", "3.", "5.", "6."]


def test_levels_restart_as_word_restarts_them(tmp_path: Path) -> None:
    levels = ('<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
              '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
              '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="lowerLetter"/>'
              '<w:lvlText w:val="%3)"/></w:lvl>'
              '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/>'
              '<w:lvlText w:val="%1.%2.%4."/></w:lvl>')
    word = _numbered_document(f'<w:abstractNum w:abstractNumId="8">{levels}</w:abstractNum>'
                              '<w:num w:numId="81"><w:abstractNumId w:val="8"/></w:num>',
                              [("a", 81, 0), ("b", 81, 1), ("c", 81, 2), ("d", 81, 3), ("e", 81, 0), ("f", 81, 1),
                               ("g", 81, 2), ("h", 81, 3)])
    # "%3)" never restarts (lvlRestart 0); "%1.%2.%4." is legal numbering: 1.1.1., not I.1.1.
    assert [block.number for block in read_source(word(tmp_path / "levels.docx")).blocks] == \
        ["I.", "1.", "a)", "1.1.1.", "II.", "1.", "b)", "2.1.1."]


def test_number_formats_and_bullets_as_word_shows_them(tmp_path: Path) -> None:
    formats = [("decimalZero", "%1."), ("upperLetter", "%1."), ("lowerRoman", "(%1)"),
               ("vietnameseCounting", "Thứ %1:"), ("bullet", "\uf0b7"), ("bullet", "+"), ("bullet", "o")]
    xml = "".join(f'<w:abstractNum w:abstractNumId="{20 + i}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                  f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                  f'{_symbol_font(fmt, text)}</w:lvl></w:abstractNum>' for i, (fmt, text) in enumerate(formats))
    xml += "".join(f'<w:num w:numId="{200 + i}"><w:abstractNumId w:val="{20 + i}"/></w:num>'
                   for i in range(len(formats)))
    paragraphs = [(f"{i}-{n}", 200 + i, 0) for i in range(len(formats)) for n in range(2)]
    shown = [block.number for block in read_source(_numbered_document(xml, paragraphs)(tmp_path / "f.docx")).blocks]
    assert shown == ["01.", "02.", "A.", "B.", "(i)", "(ii)", "Thứ một:", "Thứ hai:", "•", "•", "+", "+", "o", "o"]


def _symbol_font(fmt: str, text: str) -> str:
    return '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr>' if text == "\uf0b7" else ""


def test_numbering_inherited_from_the_paragraph_style(tmp_path: Path) -> None:
    document = Document()
    for name, num_id in (("Muc La Ma", "31"), ("Muc So", "31")):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.element.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'))
    ids = {style.name: style.style_id for style in document.styles}
    set_numbering(document, '<w:abstractNum w:abstractNumId="3">'
                            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
                            f'<w:pStyle w:val="{ids["Muc La Ma"]}"/><w:lvlText w:val="%1."/></w:lvl>'
                            f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                            f'<w:pStyle w:val="{ids["Muc So"]}"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>'
                            '<w:num w:numId="31"><w:abstractNumId w:val="3"/></w:num>')
    for text, style in (("MỤC ĐÍCH", "Muc La Ma"), ("Mục đích", "Muc So"), ("Yêu cầu", "Muc So"),
                        ("NỘI DUNG", "Muc La Ma"), ("Tuyên truyền", "Muc So"), ("Không đánh số", "Muc So")):
        paragraph = document.add_paragraph(text, style=style)
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="0"/></w:numPr>'))
    document.save(str(tmp_path / "styles.docx"))
    found = read_source(str(tmp_path / "styles.docx")).blocks
    assert [(block.number, block.level, block.text) for block in found] == [
        ("I.", 0, "MỤC ĐÍCH"), ("1.", 1, "Mục đích"), ("2.", 1, "Yêu cầu"), ("II.", 0, "NỘI DUNG"),
        ("1.", 1, "Tuyên truyền"), ("", -1, "Không đánh số")]


def _numbered_document(numbering: str, paragraphs: list[tuple[str, int, int]]) -> Callable[[Path], str]:
    """A writer of a .docx with `numbering` and paragraphs (text, numId, ilvl)."""
    def write(path: Path) -> str:
        document = Document()
        set_numbering(document, numbering)
        for text, num_id, level in paragraphs:
            paragraph = document.add_paragraph(text)
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
        document.save(str(path))
        return str(path)

    return write


# --- Word: text and form -------------------------------------------------------------------------------

def test_the_header_table_the_kind_and_bold_headings(tmp_path: Path) -> None:
    document = read_source(str(docx_from_lines(SAMPLE_PLAN, tmp_path / "plan.docx")))
    assert document.kind == "docx" and document.name == "plan.docx"
    header = [block for block in document.blocks if block.table == 1]
    assert {(block.text, block.col) for block in header} >= {("THỊ ỦY SA PA", 0), ("ĐẢNG CỘNG SẢN VIỆT NAM", 1),
                                                             ("Sa Pa, ngày 10 tháng 01 năm 2022", 1)}
    kind = next(block for block in document.blocks if block.text == "KẾ HOẠCH")
    assert kind.bold and kind.centered and kind.table == 0
    heading = next(block for block in document.blocks if block.text == "I. MỤC ĐÍCH, YÊU CẦU")
    assert heading.bold and not heading.centered
    assert not next(block for block in document.blocks if block.text.startswith("Tuyên truyền sâu rộng")).bold
    assert [block.where for block in document.blocks[:3]] == ["đoạn 1", "đoạn 2", "đoạn 3"]
    table = [(block.row, block.col, block.text) for block in document.blocks if block.table == 2]
    assert table[:4] == [(0, 0, "Nội dung"), (0, 1, "Đơn vị thực hiện"), (0, 2, "Thời gian"),
                         (1, 0, "Băng rôn, khẩu hiệu")]


def test_headings_emphasis_alignment_and_breaks(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Kế hoạch", style="Heading 1")
    localized = document.styles.add_style("Tiêu đề 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Mục đích", style=localized)
    outline = document.add_paragraph("Theo cấp đề cương")
    outline._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="2"/>'))
    strong = document.styles.add_style("Chu dam", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Ban Tuyên giáo:", style=strong)
    mixed.add_run(" chủ trì")
    whole = document.add_paragraph()
    whole.add_run("Toàn bộ ", style=strong)
    whole.add_run("in đậm và nghiêng").bold = True
    for run in whole.runs:
        run.italic = True
    document.add_paragraph("")
    body = document.add_paragraph()
    body.add_run("Dòng một\tcột")
    body.add_run().add_break(WD_BREAK.LINE)
    body.add_run(unicodedata.normalize("NFD", "dòng hai của cùng đoạn"))
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.CENTER
    signature.add_run("T/M BAN THƯỜNG VỤ").add_break(WD_BREAK.LINE)
    signature.add_run("PHÓ BÍ THƯ THƯỜNG TRỰC")
    document.save(str(tmp_path / "forms.docx"))
    found = read_source(str(tmp_path / "forms.docx")).blocks
    assert [(block.text, block.heading) for block in found[:3]] == [("Kế hoạch", 1), ("Mục đích", 2),
                                                                   ("Theo cấp đề cương", 3)]
    assert (found[3].text, found[3].bold) == ("Ban Tuyên giáo: chủ trì", False)
    assert (found[4].text, found[4].bold, found[4].italic) == ("Toàn bộ in đậm và nghiêng", True, True)
    assert (found[5].text, found[5].where) == ("Dòng một cột dòng hai của cùng đoạn", "đoạn 6")
    assert [(block.text, block.where, block.centered) for block in found[6:]] == [
        ("T/M BAN THƯỜNG VỤ", "đoạn 7", True), ("PHÓ BÍ THƯ THƯỜNG TRỰC", "đoạn 7", True)]


def test_what_word_does_not_show_is_not_read(tmp_path: Path) -> None:
    document = Document()
    paragraph = document.add_paragraph("Hiện ")
    paragraph.add_run("ẩn ").font.hidden = True
    paragraph.add_run("chữ hoa").font.all_caps = True
    paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText>đã xóa</w:delText>'
                                  '</w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText> PAGE </w:instrText></w:r>'))
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    document.save(str(tmp_path / "hidden.docx"))
    assert texts(read_source(str(tmp_path / "hidden.docx"))) == ["Hiện CHỮ HOA"]


def test_text_boxes_and_content_controls_are_read_once(tmp_path: Path) -> None:
    """A header typed in a text box (Word stores it twice: the drawing and a fallback for old
    readers) and a paragraph inside a content control."""
    document = Document()
    box = "<w:txbxContent><w:p><w:r><w:t>ĐẢNG CỘNG SẢN VIỆT NAM</w:t></w:r></w:p></w:txbxContent>"
    document.add_paragraph()._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
        f'<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    document.add_paragraph("Sau ô")._p.addprevious(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Trong ô nội dung</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>'))
    document.save(str(tmp_path / "boxes.docx"))
    assert texts(read_source(str(tmp_path / "boxes.docx"))) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Trong ô nội dung",
                                                                 "Sau ô"]


def test_merged_cells_are_read_once(tmp_path: Path) -> None:
    document = Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Nội dung gộp hai cột"
    table.cell(0, 2).text = "Thời gian"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Gộp hai dòng"
    table.cell(1, 1).text = "Tuyên truyền"
    table.cell(2, 1).text = "Kiểm tra"
    document.save(str(tmp_path / "merged.docx"))
    found = [(block.row, block.col, block.text) for block in read_source(str(tmp_path / "merged.docx")).blocks]
    assert found == [(0, 0, "Nội dung gộp hai cột"), (0, 2, "Thời gian"), (1, 0, "Gộp hai dòng"),
                     (1, 1, "Tuyên truyền"), (2, 1, "Kiểm tra")]


@pytest.mark.parametrize(("font", "encoding"), [(".VnTime", "tcvn3"), ("VNI-Times", "vni")])
def test_a_document_typed_in_a_legacy_font_reads_as_vietnamese(tmp_path: Path, font: str, encoding: str) -> None:
    unicode = read_source(str(docx_from_lines(SAMPLE_PLAN, tmp_path / "unicode.docx")))
    legacy = read_source(str(docx_from_lines(SAMPLE_PLAN, tmp_path / "legacy.docx", legacy_font=font)))
    assert texts(legacy) == texts(unicode)
    assert "KẾ HOẠCH" in texts(legacy) and "Ủy ban" in " ".join(texts(legacy))
    assert legacy.encoding == encoding and legacy.notes and unicode.encoding == "" and not unicode.notes


# --- text and Markdown ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("codec", "bom", "encoding"), [
    ("utf-8", codecs.BOM_UTF8, "utf-8"), ("utf-8", b"", "utf-8"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"), ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16")])
def test_text_files_in_unicode(tmp_path: Path, codec: str, bom: bytes, encoding: str) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(bom + "KẾ HOẠCH\r\n\r\nI. MỤC ĐÍCH, YÊU CẦU\r\n\t- Ủy ban MTTQ  chủ trì\r\n".encode(codec))
    document = read_source(str(path))
    assert (document.kind, document.encoding) == ("txt", encoding)
    assert [(block.text, block.where) for block in document.blocks] == [
        ("KẾ HOẠCH", "dòng 1"), ("I. MỤC ĐÍCH, YÊU CẦU", "dòng 3"), ("- Ủy ban MTTQ chủ trì", "dòng 4")]


def test_a_tcvn3_text_file(tmp_path: Path) -> None:
    lines = ["Kế hoạch tuyên truyền", "- Ban Tuyên giáo Thị ủy chủ trì, phối hợp với các cơ quan liên quan.",
             "- Thời gian hoàn thành: trước ngày 30/6/2022."]
    path = tmp_path / "cu.txt"
    path.write_bytes(legacy_bytes("\r\n".join(lines), "tcvn3"))
    document = read_source(str(path))
    assert texts(document) == [lines[0], lines[1], lines[2]]
    assert document.encoding == "tcvn3" and document.notes


def test_the_seed_as_markdown(tmp_path: Path) -> None:
    path = tmp_path / "seed.md"
    path.write_bytes(SEED.read_bytes())
    document = read_source(str(path))
    assert document.kind == "md"
    found = {block.text: block for block in document.blocks}
    assert not any("*" in text or text.startswith("#") or set(text) <= {"-"} for text in found)
    assert found["I. MỤC ĐÍCH, YÊU CẦU"].bold and found["KẾ HOẠCH"].bold
    subsection = found["1.2. Năm 2022 và các năm tiếp theo, tập trung tuyên truyền"]
    assert (subsection.heading, subsection.bold, subsection.italic) == (3, True, True)
    assert (found["III. TỔ CHỨC THỰC HIỆN"].heading, found["Nơi nhận:"].heading) == (2, 4)
    assert found["T/M BAN THƯỜNG VỤ"].bold and found["PHÓ BÍ THƯ THƯỜNG TRỰC"].bold
    closing = next(text for text in found if text.startswith("Trên đây là kế hoạch"))
    assert "(qua Ban Tuyên giáo Thị ủy để tổng hợp)" in closing
    assert found["3.1. Phòng Văn hóa - Thông tin: Phối hợp với các cơ quan liên quan chỉ đạo việc theo dõi, "
                 "kiểm tra, chặn lọc và xử lý nghiêm các vi phạm trong việc đăng tải, phổ biến thông tin, quan điểm "
                 "sai trái, thù địch, xuyên tạc chống phá Đảng, Nhà nước trên địa bàn."].bold is False


def test_table_rows_in_text(tmp_path: Path) -> None:
    path = tmp_path / "bang.md"
    path.write_text("Phân công:\n\n| Nội dung | Đơn vị | Thời gian |\n|---|:---:|---|\n"
                    "| **Băng rôn** | Trung tâm VH-TT | Quý I/2022 |\n\nHết bảng.\n"
                    "Nhiệm vụ | Ban Tuyên giáo | 30/6/2022\nBáo cáo | Văn phòng | 15/12\n", encoding="utf-8")
    found = [(block.text, block.table, block.row, block.col, block.bold) for block in read_source(str(path)).blocks]
    assert found == [
        ("Phân công:", 0, 0, 0, False),
        ("Nội dung", 1, 0, 0, False), ("Đơn vị", 1, 0, 1, False), ("Thời gian", 1, 0, 2, False),
        ("Băng rôn", 1, 1, 0, True), ("Trung tâm VH-TT", 1, 1, 1, False), ("Quý I/2022", 1, 1, 2, False),
        ("Hết bảng.", 0, 0, 0, False),
        ("Nhiệm vụ", 2, 0, 0, False), ("Ban Tuyên giáo", 2, 0, 1, False), ("30/6/2022", 2, 0, 2, False),
        ("Báo cáo", 2, 1, 0, False), ("Văn phòng", 2, 1, 1, False), ("15/12", 2, 1, 2, False)]


# --- PDF ---------------------------------------------------------------------------------------------

def _long_paragraphs() -> list[str]:
    return [line for line in SAMPLE_PLAN if len(line) > 100 and " | " not in line]


def test_a_pdfs_lines_are_joined_back_into_paragraphs(tmp_path: Path) -> None:
    document = read_source(str(pdf_from_lines(SAMPLE_PLAN, tmp_path / "plan.pdf", running_header="KH 15-KH/ThU")))
    found = texts(document)
    assert document.kind == "pdf" and document.notes
    for paragraph in _long_paragraphs():
        assert paragraph in found
    assert "KẾ HOẠCH" in found and "I. MỤC ĐÍCH, YÊU CẦU" in found and "1. Mục đích" in found
    assert not any(text.isdigit() or "KH 15-KH/ThU" in text for text in found)  # page numbers, running header
    assert document.blocks[0].where == "trang 1" and document.blocks[-1].where == "trang 2"
    assert next(block for block in document.blocks if block.text == "I. MỤC ĐÍCH, YÊU CẦU").bold


def test_a_pdf_printed_by_libreoffice(tmp_path: Path) -> None:
    """tests/assets/plan-libreoffice.pdf: SAMPLE_PLAN with Word's numbering, printed by a real program."""
    document = read_source(str(ASSETS / "plan-libreoffice.pdf"))
    found = texts(document)
    for paragraph in _long_paragraphs():
        assert paragraph in found
    assert "- Truyền thống vẻ vang của Đảng và những thành tựu to lớn của đất nước sau 35 năm đổi mới;" in found
    assert "2" not in found and "KẾ HOẠCH" in found
    assert {block.where for block in document.blocks} >= {"trang 1", "trang 2"}


def test_pdfs_that_cannot_be_read(tmp_path: Path) -> None:
    refused(scanned_pdf(tmp_path / "scan.pdf"), "read_scanned")
    assert "OCR" in refused(scanned_pdf(tmp_path / "scan.pdf"), "read_scanned")
    whole = pdf_from_lines(SAMPLE_PLAN, tmp_path / "whole.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(whole[:200])
    refused(tmp_path / "cut.pdf", "read_damaged")
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("mat-khau", algorithm="RC4-128")
    with open(tmp_path / "locked.pdf", "wb") as handle:
        writer.write(handle)
    refused(tmp_path / "locked.pdf", "read_encrypted")


# --- what a file is, and refusals -----------------------------------------------------------------------

def _ole(stream: str) -> bytes:
    """The start of an OLE2 compound file whose directory names `stream`."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream.encode("utf-16-le") + bytes(2000)


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_kinds_are_told_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "ke-hoach.txt"
    renamed.write_bytes(docx_from_lines(["KẾ HOẠCH"], tmp_path / "a.docx").read_bytes())
    pdf_named_doc = tmp_path / "ke-hoach.doc"
    pdf_named_doc.write_bytes(pdf_from_lines(["KẾ HOẠCH"], tmp_path / "a.pdf").read_bytes())
    sheet = tmp_path / "mau.bin"
    sheet.write_bytes(_zip({"xl/workbook.xml": b"<workbook/>"}))
    markdown = tmp_path / "plan.md"
    markdown.write_text("# KẾ HOẠCH\n", encoding="utf-8")
    assert [source_kind(str(path)) for path in (renamed, pdf_named_doc, sheet, markdown)] == \
        ["docx", "pdf", "xlsx", "md"]
    assert texts(read_source(str(renamed))) == ["KẾ HOẠCH"]


@pytest.mark.parametrize(("name", "data", "key", "kind"), [
    ("cu.doc", _ole("WordDocument"), "read_old_doc", "doc"),
    ("bang.xls", _ole("Workbook"), "read_old_xls", "xls"),
    ("khoa.docx", _ole("EncryptedPackage"), "read_encrypted", "encrypted"),
    ("van-ban.doc", b"{\\rtf1\\ansi Ke hoach}", "read_rtf", "rtf"),
    ("trang-web.doc", b"<!DOCTYPE html><html><body>KH</body></html>", "read_html", "html"),
    ("anh.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "read_other_kind", "png"),
    ("nen.zip", _zip({"a.txt": b"x"}), "read_other_kind", "zip"),
    ("van-ban.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "read_odf", "odt"),
    ("mau.xlsx", _zip({"xl/workbook.xml": b"<workbook/>"}), "read_is_sheet", "xlsx"),
    ("rong.txt", b"", "read_empty", "empty"),
    ("trang.txt", b" \r\n\t\r\n", "read_no_text", "txt"),
    ("nhi-phan.dat", bytes(range(256)) * 4, "read_unknown_kind", "binary"),
    ("hong.docx", _zip({"word/document.xml": b"<w:document"}), "read_damaged", "docx"),
])
def test_files_that_are_refused(tmp_path: Path, name: str, data: bytes, key: str, kind: str | None) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    refused(path, key)
    if kind is not None:
        assert source_kind(str(path)) == kind


def test_refusals_say_what_to_do_in_the_users_language(tmp_path: Path) -> None:
    path = tmp_path / "cu.doc"
    path.write_bytes(_ole("WordDocument"))
    assert "lưu thành .docx (Tệp > Lưu thành > Word Document)" in refused(path, "read_old_doc")
    image = tmp_path / "anh.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert "ảnh PNG" in refused(image, "read_other_kind")
    i18n.set_language("en")
    assert "save it as .docx" in refused(path, "read_old_doc")
    assert "a PNG image" in refused(image, "read_other_kind")
    assert "use the original .docx" in refused(scanned_pdf(tmp_path / "scan.pdf"), "read_scanned")


def test_paths_that_are_not_a_readable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refused(tmp_path / "khong-co.docx", "read_missing")
    refused(tmp_path, "read_directory")
    with pytest.raises(UsageError) as caught:
        source_kind(str(tmp_path))
    assert caught.value.key == "read_directory"
    big = tmp_path / "lon.txt"
    big.write_bytes(b"KE HOACH\n" * (2 * 1024 * 1024 // 9 + 1))
    monkeypatch.setattr(reading, "DOCUMENT_LIMIT", 2 * 1024 * 1024)
    assert "2 MB" in refused(big, "read_too_large")


def test_a_word_file_that_would_unpack_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = docx_from_lines(SAMPLE_PLAN, tmp_path / "bom.docx")
    monkeypatch.setattr(read_docx, "UNPACKED_LIMIT", 10 * 1024)  # the sample unpacks to some 100 KB
    refused(path, "read_too_large")


@pytest.mark.skipif(sys.platform == "win32", reason="links and FIFOs as POSIX makes them")
def test_links_and_fifos_are_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "that.txt"
    target.write_text("KẾ HOẠCH\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(target)
    refused(tmp_path / "link.txt", "read_link")
    os.mkfifo(tmp_path / "fifo.txt")
    refused(tmp_path / "fifo.txt", "read_not_regular")
