"""Text in a Word file, for `office_docx` and `office_docx_tables`: Times New Roman runs, lines
and body paragraphs, blank spacers, and how wide a text prints, to size a column or to see that a
line will not fit.
"""

from __future__ import annotations

import unicodedata

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..core.text import for_display

TYPE_CHECKING = False
if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12  # tables hold many columns on a portrait page; 14 would wrap most cells

TEXT_WIDTH_MM = 210 - 30 - 15  # A4 less its left and right margins (`office_docx` sets the page up)


def clean(text: str, single_line: bool = False) -> str:
    """Text as it may enter the file: no control characters, which XML cannot hold and which
    could hide or reorder what a reader sees; line breaks kept unless `single_line`."""
    return for_display(text, single_line=single_line)


def add_run(paragraph: Paragraph, text: str, size: int, bold: bool = False, italic: bool = False) -> Run:
    """One run in Times New Roman for every script, whatever the style it lands in says."""
    run = paragraph.add_run(clean(text))  # a "\n" becomes a line break within the paragraph
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None
    run.font.name = FONT
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    return run


def add_line(container: WordDocument | _Cell, text: str, size: int = BODY_SIZE, bold: bool = False,
             italic: bool = False, centered: bool = True, first: bool = False) -> Paragraph:
    """A paragraph of one run. `first`: fill a table cell's own empty paragraph instead."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centered else WD_ALIGN_PARAGRAPH.LEFT
    add_run(paragraph, text, size, bold, italic)
    return paragraph


def add_spacer(container: WordDocument | _Cell, points: float) -> Paragraph:
    """An empty paragraph `points` high: a paragraph with no text is as high as its mark."""
    paragraph = container.add_paragraph()
    mark = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(round(points * 2)))
        mark.append(size)
    paragraph._p.get_or_add_pPr().insert_element_before(mark, "w:sectPr", "w:pPrChange")
    return paragraph


def add_body_paragraph(document: WordDocument, text: str, bold: bool = False) -> Paragraph:
    """Justified, the first line indented 1 cm, 6 pt between paragraphs (36-HD/VPTW)."""
    paragraph = add_line(document, text, bold=bold, centered=False)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(6)
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


def text_mm(text: str, size: float, bold: bool = False) -> float:
    """How wide `text` prints on one line at `size` points, in millimetres."""
    thousandths = 0
    for char in text:
        width = _EM_THOUSANDTHS.get(char)
        if width is None:
            width = _EM_THOUSANDTHS.get(unicodedata.normalize("NFD", char)[:1], 500)
        thousandths += width
    return thousandths / 1000 * size * (BOLD_FACTOR if bold else 1) * 25.4 / 72
