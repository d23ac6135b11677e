"""An OfficeDocument as a Word file, laid out by Hướng dẫn 36-HD/VPTW (2018) of the Party's
Central Office: A4, margins 20/20/30/15 mm, Times New Roman, the Party's name top right and
the issuing body top left, the document's kind and summary centred, the body, then the
recipients beside the signer, kept on the page of the body's end.

Table columns fit what they hold: none is narrower than a number, a date, a document number or
a word in it (measured in Times New Roman's widths), and a hyphen within a word never breaks.

python-docx is imported here only; commands import this module when a Word file is asked for,
so no other command pays for it at start-up.
"""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import UTC, datetime

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ..text import for_display, shorten
from .office_document import BLANK, OfficeDocument, Section, Table, cell_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.oxml.text.paragraph import CT_P
    from docx.section import Section as PageSection
    from docx.table import Table as WordTable
    from docx.table import _Cell, _Row
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
RECIPIENTS_LABEL = "Nơi nhận:"
FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12  # tables hold many columns on a portrait page; 14 would wrap most cells

TEXT_WIDTH_MM = 210 - 30 - 15
# The issuing body on the left; the Party's name and the place and date on the right, which must
# hold "Hòa Bình Thượng, ngày 20 tháng 12 năm 2024" on one line.
LEFT_COLUMN_MM = 72
RIGHT_COLUMN_MM = TEXT_WIDTH_MM - LEFT_COLUMN_MM
CELL_MARGIN_MM = 1.9  # Word's default left and right cell margin (0.19 cm)
TABLE_CELL_MARGIN_MM = 1.1  # the gridded tables': their many columns need the room more
# A table column is never narrower than its widest piece that cannot break (a word, a date, a
# document number), up to this: a longer piece (a web address in a note) breaks instead.
WIDEST_PIECE_MM = 42
# In a column of document numbers or states (`Table.unbroken`), a cell up to this wide is one
# piece: "12-BC/MTTQ" and "Nộp muộn 2 ngày" stay on one line; a longer one wraps at its spaces.
WHOLE_CELL_MM = 32
KEPT_SHARE = 0.7  # …as long as every other column keeps this much of its share of the page
# The rule under the Party's name is as long as the name (36-HD/VPTW). The name is fixed text in
# a fixed font, so its width is fixed too: 13.777 em of Times New Roman Bold at 15 pt.
PARTY_NAME_MM = 73
SIGNATURE_LINES = 4  # room for the signature and the seal
KEPT_ROWS = 3  # a table that ends the body keeps this many of its last rows with the signature


def docx_bytes(doc: OfficeDocument) -> bytes:
    """The document as the bytes of a .docx file; the caller writes them where it wants."""
    document = Document()
    _set_up_page(document.sections[0])
    _set_up_fonts(document)
    _set_properties(document, doc)
    _add_header_block(document, doc)
    _add_kind_and_summary(document, doc)
    for section in doc.sections:
        _add_section(document, section)
    _add_closing_block(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the page and the fonts -------------------------------------------------------------------


def _set_up_page(section: PageSection) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    # Pages are numbered at the top centre from the second page on; the first page has none.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_field(number)


def _add_page_field(paragraph: Paragraph) -> None:
    run = _run(paragraph, "", BODY_SIZE)
    begin, instruction, separate, end = (OxmlElement(tag) for tag in
                                         ("w:fldChar", "w:instrText", "w:fldChar", "w:fldChar"))
    begin.set(qn("w:fldCharType"), "begin")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    separate.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate):
        run._r.append(element)
    shown = OxmlElement("w:t")
    shown.text = "2"  # shown by a reader that does not compute fields; numbers start on page 2
    run._r.append(shown)
    run._r.append(end)


def _set_up_fonts(document: WordDocument) -> None:
    """Times New Roman at 14 pt for every script, Vietnamese as the proofing language.

    The template's defaults name theme fonts (Calibri), which win over a plain font name in some
    readers, and English, which would underline every Vietnamese word as a spelling mistake.
    """
    styles_root = document.styles.element
    defaults = styles_root.find(qn("w:docDefaults"))
    if defaults is not None:
        styles_root.remove(defaults)
    defaults = OxmlElement("w:docDefaults")
    run_defaults, paragraph_defaults = OxmlElement("w:rPrDefault"), OxmlElement("w:pPrDefault")
    run_properties, paragraph_properties = OxmlElement("w:rPr"), OxmlElement("w:pPr")
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    run_properties.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(BODY_SIZE * 2))
        run_properties.append(size)
    language = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia"):
        language.set(qn(attribute), "vi-VN")
    run_properties.append(language)
    spacing = OxmlElement("w:spacing")  # single lines, no space after: set per paragraph instead
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    paragraph_properties.append(spacing)
    run_defaults.append(run_properties)
    paragraph_defaults.append(paragraph_properties)
    defaults.append(run_defaults)
    defaults.append(paragraph_defaults)
    styles_root.insert(0, defaults)

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    normal_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):
        normal_fonts.set(qn(attribute), FONT)


def _set_properties(document: WordDocument, doc: OfficeDocument) -> None:
    """File > Properties: the document's own title and body, not the template's."""
    properties = document.core_properties
    # Word refuses a property longer than 255 characters.
    properties.title = shorten(_clean(" ".join((doc.kind, doc.summary)), single_line=True), 255)
    properties.author = properties.last_modified_by = shorten(_clean(doc.body, single_line=True), 255)
    properties.comments = ""
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    # The template carries a preview picture of itself, which file browsers would show for this one.
    package_relations = document.part.package.rels
    for key in [key for key, relation in package_relations.items() if relation.reltype == RT.THUMBNAIL]:
        del package_relations[key]


# --- text --------------------------------------------------------------------------------------


def _clean(text: str, single_line: bool = False) -> str:
    """Text as it may enter the file: no control characters, which XML cannot hold and which
    could hide or reorder what a reader sees; line breaks kept unless `single_line`."""
    return for_display(text, single_line=single_line)


def _run(paragraph: Paragraph, text: str, size: int, bold: bool = False, italic: bool = False) -> Run:
    """One run in Times New Roman for every script, whatever the style it lands in says."""
    run = paragraph.add_run(_clean(text))  # a "\n" becomes a line break within the paragraph
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None
    run.font.name = FONT
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    return run


def _line(container: WordDocument | _Cell, text: str, size: int = BODY_SIZE, bold: bool = False,
          italic: bool = False, centered: bool = True, first: bool = False) -> Paragraph:
    """A paragraph of one run. `first`: fill a table cell's own empty paragraph instead."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centered else WD_ALIGN_PARAGRAPH.LEFT
    _run(paragraph, text, size, bold, italic)
    return paragraph


def _spacer(container: WordDocument | _Cell, points: float) -> Paragraph:
    """An empty paragraph `points` high: a paragraph with no text is as high as its mark."""
    paragraph = container.add_paragraph()
    mark = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(round(points * 2)))
        mark.append(size)
    paragraph._p.get_or_add_pPr().insert_element_before(mark, "w:sectPr", "w:pPrChange")
    return paragraph


# --- how wide a text prints ---------------------------------------------------------------------

# Times New Roman's advance widths in thousandths of an em (LibreOffice's Liberation Serif has the
# same): enough to size a column or to see that a line will not fit. A letter with Vietnamese
# marks is as wide as the letter under them; anything else counts half an em.
_EM_THOUSANDTHS = {
    **dict(zip("abcdefghijklmnopqrstuvwxyz", (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778,
                                              500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444),
               strict=True)),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
                                              722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611),
               strict=True)),
    **dict.fromkeys("0123456789", 500), **dict.fromkeys(" .,", 250), **dict.fromkeys("/:;'|", 278),
    **dict.fromkeys("-()[]", 333), **dict.fromkeys("—…%", 1000), "–": 500, "đ": 500, "Đ": 722,
}
BOLD_FACTOR = 1.07  # Times New Roman Bold is about this much wider
_WORD_HYPHEN = re.compile(r"(?<=\S)(-)(?=\S)")  # a hyphen within a word: "VH-TT", "12-BC/MTTQ"


def _text_mm(text: str, size: float, bold: bool = False) -> float:
    """How wide `text` prints on one line at `size` points, in millimetres."""
    thousandths = 0
    for char in text:
        width = _EM_THOUSANDTHS.get(char)
        if width is None:
            width = _EM_THOUSANDTHS.get(unicodedata.normalize("NFD", char)[:1], 500)
        thousandths += width
    return thousandths / 1000 * size * (BOLD_FACTOR if bold else 1) * 25.4 / 72


# --- tables ------------------------------------------------------------------------------------


def _borderless_table(document: WordDocument, widths_mm: tuple[float, ...]) -> WordTable:
    table = document.add_table(rows=1, cols=len(widths_mm))  # "Normal Table": no borders
    _set_widths(table, [Mm(width) for width in widths_mm])
    _keep_row_together(table.rows[0])
    return table


def _set_widths(table: WordTable, widths: list[int]) -> None:
    """Fixed column widths: Word reads each cell's width, LibreOffice the grid's."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _set_cell_margins(table: WordTable, millimetres: float) -> None:
    """The left and right margin inside every cell of the table."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), str(round(millimetres / 25.4 * 1440)))  # in twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _keep_row_together(row: _Row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_as_header(row: _Row) -> None:
    """Print this row again at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    properties.append(OxmlElement("w:tblHeader"))


def _column_weights(table: Table, columns: list[int]) -> list[int]:
    """Each column's share of the page: the hint if there is one, else its longest line."""
    weights = []
    for index in columns:
        hint = table.widths[index] if index < len(table.widths) else 0
        if hint > 0:
            weights.append(hint)
            continue
        texts = [table.headers[index] if index < len(table.headers) else ""]
        texts += [cell_text(row[index]) for row in table.rows if index < len(row)]
        longest = max((len(line) for text in texts for line in text.split("\n")), default=0)
        weights.append(min(max(longest, 4), 40))  # a long note wraps instead of starving the rest
    return weights


def _widest_piece_mm(table: Table, index: int, whole_cells: bool = True) -> float:
    """The column's widest piece that must not break, with the cell's margins: a word of its
    header or of a text, a whole date or number, and (`whole_cells`) a whole short cell of an
    unbroken column."""
    pieces = [(word, True) for word in (table.headers[index] if index < len(table.headers) else "").split()]
    for number, row in enumerate(table.rows):
        value = row[index] if index < len(row) else None
        text, bold = cell_text(value), number in table.summaries
        whole = not isinstance(value, str) or (whole_cells and index in table.unbroken
                                               and _text_mm(text, TABLE_SIZE, bold) <= WHOLE_CELL_MM)
        pieces += [(line, bold) for line in text.split("\n")] if whole else [(word, bold) for word in text.split()]
    widest = max((_text_mm(piece, TABLE_SIZE, bold) for piece, bold in pieces), default=0)
    return min(widest + 0.6, WIDEST_PIECE_MM) + 2 * TABLE_CELL_MARGIN_MM  # 0.6: what the estimate may miss


def _column_widths_mm(table: Table, columns: list[int]) -> list[float]:
    """The columns share the page by their weights, but none is narrower than its widest piece
    (`_widest_piece_mm`). A short cell of an unbroken column stays whole only while every other
    column keeps KEPT_SHARE of its share by weight; else it too may wrap at its spaces."""
    weights = _column_weights(table, columns)
    widths = _share(weights, [_widest_piece_mm(table, index) for index in columns])
    if all(width >= KEPT_SHARE * TEXT_WIDTH_MM * weight / sum(weights)
           for width, weight, index in zip(widths, weights, columns, strict=True) if index not in table.unbroken):
        return widths
    return _share(weights, [_widest_piece_mm(table, index, whole_cells=False) for index in columns])


def _share(weights: list[int], least: list[float]) -> list[float]:
    """The page's width shared by `weights`, none below its `least`: those that would be take what
    they need, and the rest share what is left."""
    if sum(least) >= TEXT_WIDTH_MM:  # too many columns for the page: each in proportion to its need
        return [TEXT_WIDTH_MM * need / sum(least) for need in least]
    fixed: dict[int, float] = {}
    while True:
        free = [n for n in range(len(weights)) if n not in fixed]
        room = TEXT_WIDTH_MM - sum(fixed.values())
        share = {n: room * weights[n] / sum(weights[m] for m in free) for n in free}
        short = [n for n in free if share[n] < least[n]]
        if not short:
            return [fixed[n] if n in fixed else share[n] for n in range(len(weights))]
        fixed.update((n, least[n]) for n in short)


def _nobreak_run(paragraph: Paragraph, text: str, size: int, bold: bool) -> None:
    """`text` as one run whose hyphens within a word are non-breaking (Word's own
    w:noBreakHyphen, which reads back as "-"): "12-BC/MTTQ" and "Phòng VH-TT" are not split after
    the hyphen at the end of a line. A hyphen between spaces ("chính trị - xã hội") is left as it is."""
    text = _clean(text)
    if "-" not in text:
        _run(paragraph, text, size, bold)
        return
    run = _run(paragraph, "", size, bold)._r
    for piece in _WORD_HYPHEN.split(text):
        if piece == "-":
            run.append(OxmlElement("w:noBreakHyphen"))
            continue
        for number, line in enumerate(piece.split("\n")):
            if number:
                run.add_br()
            if line:
                run.add_t(line)


def _add_table(document: WordDocument, table: Table) -> None:
    columns = table.printed_columns()
    if not columns:
        return
    if not table.rows and table.empty:  # a sentence says so instead of an empty grid
        _body_paragraph(document, table.empty)
        return
    if table.title:
        title = _line(document, table.title, BODY_SIZE, bold=True)
        title.paragraph_format.space_before = Pt(6)
        title.paragraph_format.space_after = Pt(6)
        title.paragraph_format.keep_with_next = True
    word_table = document.add_table(rows=0, cols=len(columns), style="Table Grid")
    _set_cell_margins(word_table, TABLE_CELL_MARGIN_MM)
    if table.headers:
        header = word_table.add_row()
        _repeat_as_header(header)
        for cell, index in zip(header.cells, columns, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _line(cell, table.headers[index] if index < len(table.headers) else "", TABLE_SIZE, bold=True,
                  first=True)
    for number, values in enumerate(table.rows):
        row = word_table.add_row()
        _keep_row_together(row)
        bold = number in table.summaries
        for cell, index in zip(row.cells, columns, strict=True):
            value = values[index] if index < len(values) else None
            # Numbers and dates sit centred, as in the office's own tables; text reads from the left.
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if isinstance(value, str) else WD_ALIGN_PARAGRAPH.CENTER
            _nobreak_run(paragraph, cell_text(value), TABLE_SIZE, bold)
    _set_widths(word_table, [Mm(width) for width in _column_widths_mm(table, columns)])
    _spacer(document, 6)  # Word would join two tables that no paragraph parts


# --- the parts of the document -----------------------------------------------------------------


def _add_header_block(document: WordDocument, doc: OfficeDocument) -> None:
    """Top left the issuing body, a star and the number; top right the Party's name, a rule as
    long as the name, and the place and date."""
    table = _borderless_table(document, (LEFT_COLUMN_MM, RIGHT_COLUMN_MM))
    left, right = table.rows[0].cells
    if doc.body_above:
        _line(left, doc.body_above.upper(), first=True)
    _line(left, doc.body.upper(), bold=True, first=not doc.body_above)
    _line(left, "*")
    _line(left, doc.number_line)
    if not doc.kind and doc.summary:  # a letter: its summary goes under its number (ô 5b)
        _line(left, doc.summary, 12, italic=True)

    _line(right, PARTY_NAME, 15, bold=True, first=True)
    rule = _spacer(right, 2)
    _add_bottom_border(rule)
    side = Mm((RIGHT_COLUMN_MM - 2 * CELL_MARGIN_MM - PARTY_NAME_MM) / 2)
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = side
    # On one line: a long place name takes the font one step down, as a clerk would.
    fits = _text_mm(doc.place_date, BODY_SIZE) <= RIGHT_COLUMN_MM - 2 * CELL_MARGIN_MM - 1
    place_date = _line(right, doc.place_date, BODY_SIZE if fits else BODY_SIZE - 1, italic=True)
    place_date.paragraph_format.space_before = Pt(6)
    _spacer(document, 6)


def _add_bottom_border(paragraph: Paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attribute, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(attribute), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr", "w:pPrChange")


def _add_kind_and_summary(document: WordDocument, doc: OfficeDocument) -> None:
    if not doc.kind:
        return
    last = _line(document, doc.kind.upper(), 16, bold=True)
    last.paragraph_format.space_before = Pt(12)
    last.paragraph_format.keep_with_next = True
    if doc.summary:
        last = _line(document, doc.summary, bold=True)
        last.paragraph_format.keep_with_next = True
    last.paragraph_format.space_after = Pt(12)


def _body_paragraph(document: WordDocument, text: str, bold: bool = False) -> Paragraph:
    """Justified, the first line indented 1 cm, 6 pt between paragraphs (36-HD/VPTW)."""
    paragraph = _line(document, text, bold=bold, centered=False)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def _add_section(document: WordDocument, section: Section) -> None:
    if section.heading:
        _body_paragraph(document, section.heading, bold=True).paragraph_format.keep_with_next = True
    for text in section.paragraphs:
        _body_paragraph(document, text)
    for table in section.tables:
        _add_table(document, table)


def _add_closing_block(document: WordDocument, doc: OfficeDocument) -> None:
    """Bottom left the recipients; bottom right who signs, on whose behalf, and room to sign.

    A field left empty prints as a line of dots, for the clerk to fill in by hand. The block
    cannot split, and the end of the body keeps with it: a page never begins with it alone.
    """
    _keep_end_with_next(document)
    _spacer(document, BODY_SIZE).paragraph_format.keep_with_next = True
    table = _borderless_table(document, (LEFT_COLUMN_MM, RIGHT_COLUMN_MM))
    left, right = table.rows[0].cells
    _line(left, RECIPIENTS_LABEL, 12, bold=True, italic=True, centered=False, first=True)
    for recipient in doc.recipients or (BLANK,):
        _line(left, f"- {recipient}", 11, centered=False)

    _line(right, doc.signer_on_behalf.upper() or BLANK, bold=True, first=True)
    _line(right, doc.signer_title.upper() or BLANK, bold=True)
    for _ in range(SIGNATURE_LINES):
        _line(right, "")
    _line(right, doc.signer_name or BLANK, bold=True)


def _keep_end_with_next(document: WordDocument) -> None:
    """Keep the last paragraph of the body with what follows; after a table (and the spacer
    under it), the table's last rows too (all of a short table's, which LibreOffice needs to keep
    the table with what follows)."""
    body = document.element.body
    last = body[-1] if body[-1].tag != qn("w:sectPr") else body[-2]
    if last.tag == qn("w:p"):
        before = last.getprevious()
        if before is not None and before.tag == qn("w:tbl") and not "".join(last.itertext()):
            body.remove(last)  # the spacer under a table: the one above the closing parts them
        else:
            _keep_with_next(last)
        last = before
    if last is not None and last.tag == qn("w:tbl"):
        for row in last.findall(qn("w:tr"))[-KEPT_ROWS:]:
            for paragraph in row.iter(qn("w:p")):
                _keep_with_next(paragraph)


def _keep_with_next(paragraph: CT_P) -> None:
    paragraph.get_or_add_pPr().keepNext_val = True
