"""An OfficeDocument as a Word file, laid out by Hướng dẫn 36-HD/VPTW (2018) of the Party's
Central Office: A4, margins 20/20/30/15 mm, Times New Roman, the Party's name top right and
the issuing body top left, the document's kind and summary centred, the body, then the
recipients beside the signer, kept on the page of the body's end. A state body's paper
(`OfficeDocument.system` "state") is laid out by Nghị định 30/2020/NĐ-CP, Phụ lục I, on the same
page (its margins allow 20–25/20–25/30–35/15–20 mm): the national name and motto top right, each
ruled under, the issuing body top left, ruled under, and "Số:" with the state's number form.
See docs/papers.md.

The sections' tables are built in `office_docx_tables`; runs, lines and paragraphs in Times New
Roman, and how wide a text prints, are in `office_docx_text`.

python-docx is imported here only; commands import this module when a Word file is asked for,
so no other command pays for it at start-up.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..core.paper_forms import STATE
from ..core.text import shorten
from ..i18n import tr
from .office_document import BLANK, OfficeDocument, Section
from .office_docx_tables import add_table, borderless_table
from .office_docx_text import (
    BODY_SIZE,
    FONT,
    TEXT_WIDTH_MM,
    add_body_paragraph,
    add_line,
    add_run,
    add_spacer,
    clean,
    text_mm,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.oxml.text.paragraph import CT_P
    from docx.section import Section as PageSection
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"

# The issuing body on the left; the Party's name and the place and date on the right, which must
# hold "Hòa Bình Thượng, ngày 20 tháng 12 năm 2024" on one line.
LEFT_COLUMN_MM = 72
RIGHT_COLUMN_MM = TEXT_WIDTH_MM - LEFT_COLUMN_MM
CELL_MARGIN_MM = 1.9  # Word's default left and right cell margin (0.19 cm)
# The rule under the Party's name is as long as the name (36-HD/VPTW). The name is fixed text in
# a fixed font, so its width is fixed too: 13.777 em of Times New Roman Bold at 15 pt.
PARTY_NAME_MM = 73
# A state paper: the national name in bold capitals at 13 pt must fit on one line (97.7 mm),
# so the body's column is narrower; the body's name may take two lines, as the decree allows.
STATE_LEFT_COLUMN_MM = 60
STATE_RIGHT_COLUMN_MM = TEXT_WIDTH_MM - STATE_LEFT_COLUMN_MM
STATE_HEADER_SIZE = 13  # the body's and the national name (12–13 pt), the number (13 pt)
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
    if doc.intro:
        add_body_paragraph(document, doc.intro)
    part = ""
    for section in doc.sections:
        if section.part and section.part != part:  # a paper for the office: each plan's part
            part = section.part
            _add_part_heading(document, part)
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
    run = add_run(paragraph, "", BODY_SIZE)
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
    properties.title = shorten(clean(" ".join((doc.kind, doc.summary)), single_line=True), 255)
    properties.author = properties.last_modified_by = shorten(clean(doc.body, single_line=True), 255)
    properties.comments = ""
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    # The template carries a preview picture of itself, which file browsers would show for this one.
    package_relations = document.part.package.rels
    for key in [key for key, relation in package_relations.items() if relation.reltype == RT.THUMBNAIL]:
        del package_relations[key]


# --- the parts of the document -----------------------------------------------------------------


def _add_header_block(document: WordDocument, doc: OfficeDocument) -> None:
    """Top left the issuing body, a star and the number; top right the Party's name, a rule as
    long as the name, and the place and date. A list has no number (docs/papers.md)."""
    if doc.system == STATE:
        _add_state_header_block(document, doc)
        return
    table = borderless_table(document, (LEFT_COLUMN_MM, RIGHT_COLUMN_MM))
    left, right = table.rows[0].cells
    if doc.body_above:
        add_line(left, doc.body_above.upper(), first=True)
    add_line(left, doc.body.upper(), bold=True, first=not doc.body_above)
    add_line(left, "*")
    if doc.number_line:
        add_line(left, doc.number_line)
    if not doc.kind and doc.summary:  # a letter: its summary goes under its number (ô 5b)
        add_line(left, doc.summary, 12, italic=True)

    add_line(right, PARTY_NAME, 15, bold=True, first=True)
    rule = add_spacer(right, 2)
    _add_bottom_border(rule)
    side = Mm((RIGHT_COLUMN_MM - 2 * CELL_MARGIN_MM - PARTY_NAME_MM) / 2)
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = side
    # On one line: a long place name takes the font one step down, as a clerk would.
    fits = text_mm(doc.place_date, BODY_SIZE) <= RIGHT_COLUMN_MM - 2 * CELL_MARGIN_MM - 1
    place_date = add_line(right, doc.place_date, BODY_SIZE if fits else BODY_SIZE - 1, italic=True)
    place_date.paragraph_format.space_before = Pt(6)
    add_spacer(document, 6)


def _add_state_header_block(document: WordDocument, doc: OfficeDocument) -> None:
    """Nghị định 30/2020/NĐ-CP, Phụ lục I: top left the body above (capitals), the issuing body
    (bold capitals) with a rule under it a third as long as its line, and "Số: …/BC-UBND"; top
    right the national name (bold capitals), the motto (bold) with a rule as long as it, and the
    place and date in italics."""
    table = borderless_table(document, (STATE_LEFT_COLUMN_MM, STATE_RIGHT_COLUMN_MM))
    left, right = table.rows[0].cells
    if doc.body_above:
        add_line(left, doc.body_above.upper(), STATE_HEADER_SIZE, first=True)
    body = doc.body.upper()
    add_line(left, body, STATE_HEADER_SIZE, bold=True, first=not doc.body_above)
    inner = STATE_LEFT_COLUMN_MM - 2 * CELL_MARGIN_MM
    _add_rule(left, min(text_mm(body, STATE_HEADER_SIZE, bold=True), inner) / 3, inner)
    if doc.number_line:
        add_line(left, doc.number_line, STATE_HEADER_SIZE).paragraph_format.space_before = Pt(6)
    if not doc.kind and doc.summary:  # a letter: its summary goes under its number
        add_line(left, doc.summary, 12)

    add_line(right, tr("paper_nation"), STATE_HEADER_SIZE, bold=True, first=True)
    motto = tr("paper_motto")
    add_line(right, motto, BODY_SIZE, bold=True)
    inner = STATE_RIGHT_COLUMN_MM - 2 * CELL_MARGIN_MM
    _add_rule(right, text_mm(motto, BODY_SIZE, bold=True), inner)
    fits = text_mm(doc.place_date, BODY_SIZE) <= inner - 1
    place_date = add_line(right, doc.place_date, BODY_SIZE if fits else BODY_SIZE - 1, italic=True)
    place_date.paragraph_format.space_before = Pt(6)
    add_spacer(document, 6)


def _add_rule(cell: _Cell, length_mm: float, inner_mm: float) -> Paragraph:
    """A horizontal line `length_mm` long, centred in a cell whose text is `inner_mm` wide."""
    rule = add_spacer(cell, 2)
    _add_bottom_border(rule)
    side = Mm(max(inner_mm - length_mm, 0) / 2)
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = side
    return rule


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
    # The kind: 15–16 pt in a Party paper (36-HD/VPTW), 13–14 pt in a state one (Nghị định 30).
    last = add_line(document, doc.kind.upper(), BODY_SIZE if doc.system == STATE else 16, bold=True)
    last.paragraph_format.space_before = Pt(12)
    last.paragraph_format.keep_with_next = True
    if doc.summary:
        last = add_line(document, doc.summary, bold=True)
        last.paragraph_format.keep_with_next = True
    last.paragraph_format.space_after = Pt(12)


def _add_part_heading(document: WordDocument, text: str) -> None:
    """A plan's part of a paper for the whole office: its number and title, bold, centred, with
    room above it."""
    paragraph = add_line(document, text, bold=True)
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.keep_with_next = True


def _add_section(document: WordDocument, section: Section) -> None:
    if section.heading:
        add_body_paragraph(document, section.heading, bold=True).paragraph_format.keep_with_next = True
    for text in section.paragraphs:
        add_body_paragraph(document, text)
    for table in section.tables:
        add_table(document, table)


def _add_closing_block(document: WordDocument, doc: OfficeDocument) -> None:
    """Bottom left the recipients; bottom right who signs, on whose behalf, and room to sign.

    A field left empty prints as a line of dots, for the clerk to fill in by hand. The block
    cannot split, and the end of the body keeps with it: a page never begins with it alone.
    """
    _keep_end_with_next(document)
    add_spacer(document, BODY_SIZE).paragraph_format.keep_with_next = True
    table = borderless_table(document, (LEFT_COLUMN_MM, RIGHT_COLUMN_MM))
    left, right = table.rows[0].cells
    add_line(left, tr("paper_recipients"), 12, bold=True, italic=True, centered=False, first=True)
    for recipient in doc.recipients or (BLANK,):
        add_line(left, f"- {recipient}", 11, centered=False)

    # One who signs with the head's title alone ("TRƯỞNG BAN", "CHỦ TỊCH") has no line above it;
    # with neither line known, both are dots for the clerk.
    if doc.signer_on_behalf or not doc.signer_title:
        add_line(right, doc.signer_on_behalf.upper() or BLANK, bold=True, first=True)
    add_line(right, doc.signer_title.upper() or BLANK, bold=True,
             first=not (doc.signer_on_behalf or not doc.signer_title))
    for _ in range(SIGNATURE_LINES):
        add_line(right, "")
    add_line(right, doc.signer_name or BLANK, bold=True)


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
