"""Tables in a Word file: the gridded tables of a document's sections, and the borderless ones
that lay out its header and closing block.

Table columns fit what they hold: none is narrower than a number, a date, a document number or
a word in it (measured in Times New Roman's widths), and a hyphen within a word never breaks.
"""

from __future__ import annotations

import re

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .office_document import Table, cell_text
from .office_docx_text import (
    BODY_SIZE,
    TABLE_SIZE,
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
    from docx.table import Table as WordTable
    from docx.table import _Row
    from docx.text.paragraph import Paragraph

TABLE_CELL_MARGIN_MM = 1.1  # the gridded tables': their many columns need the room more
# A table column is never narrower than its widest piece that cannot break (a word, a date, a
# document number), up to this: a longer piece (a web address in a note) breaks instead.
WIDEST_PIECE_MM = 42
# In a column of document numbers or states (`Table.unbroken`), a cell up to this wide is one
# piece: "12-BC/MTTQ" and "Nộp muộn 2 ngày" stay on one line; a longer one wraps at its spaces.
WHOLE_CELL_MM = 32
KEPT_SHARE = 0.7  # …as long as every other column keeps this much of its share of the page
_WORD_HYPHEN = re.compile(r"(?<=\S)(-)(?=\S)")  # a hyphen within a word: "VH-TT", "12-BC/MTTQ"


def borderless_table(document: WordDocument, widths_mm: tuple[float, ...]) -> WordTable:
    """One row of columns `widths_mm` wide, without borders, that does not split across pages."""
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
                                               and text_mm(text, TABLE_SIZE, bold) <= WHOLE_CELL_MM)
        pieces += [(line, bold) for line in text.split("\n")] if whole else [(word, bold) for word in text.split()]
    widest = max((text_mm(piece, TABLE_SIZE, bold) for piece, bold in pieces), default=0)
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
    text = clean(text)
    if "-" not in text:
        add_run(paragraph, text, size, bold)
        return
    run = add_run(paragraph, "", size, bold)._r
    for piece in _WORD_HYPHEN.split(text):
        if piece == "-":
            run.append(OxmlElement("w:noBreakHyphen"))
            continue
        for number, line in enumerate(piece.split("\n")):
            if number:
                run.add_br()
            if line:
                run.add_t(line)


def add_table(document: WordDocument, table: Table) -> None:
    """A section's table with a grid, its header row repeated on every page; an empty one with a
    sentence to say so instead (`Table.empty`)."""
    columns = table.printed_columns()
    if not columns:
        return
    if not table.rows and table.empty:  # a sentence says so instead of an empty grid
        add_body_paragraph(document, table.empty)
        return
    if table.title:
        title = add_line(document, table.title, BODY_SIZE, bold=True)
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
            add_line(cell, table.headers[index] if index < len(table.headers) else "", TABLE_SIZE, bold=True,
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
    add_spacer(document, 6)  # Word would join two tables that no paragraph parts
