"""Tables as an Excel workbook: one sheet per table, its header bold, frozen and filtered.

Dates are Excel dates (shown dd/mm/yyyy, a time recorded dd/mm/yyyy hh:mm), so they sort and
filter as dates; numbers are numbers. Every cell sits at the top of its row, beside a note that
wraps over several lines, each row as high as its longest wrapped cell; a row that sums up a group
(a unit over its members) is bold. Times New Roman throughout, the table ruled. Pages print on
A4, landscape where the table is wide, one page wide, the header row on every page; each page
is headed by the paper's title and its place and date, and numbered "Trang 1/3" at its foot.
The sheet itself begins with the header row, so that sorting and filtering take every row below.
Text is always text: a note that begins with "=", "+", "-" or "@" is stored as a string and never
as a formula, so a plan or a ledger cannot make Excel compute, link or run anything.

openpyxl is imported here only; commands import this module when an Excel file is asked for.
"""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ..core.text import for_display
from .office_document import Cell, PageHeading, Table, cell_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as ExcelCell
    from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MAX_TITLE = 31  # Excel's limit on a sheet's name
# Characters Excel refuses in a sheet's name, and what stands in for each.
_TITLE_REPLACEMENTS = str.maketrans({"/": "-", "\\": "-", ":": "", "[": "(", "]": ")", "*": "", "?": ""})
_RESERVED_TITLES = frozenset({"history"})  # Excel keeps this name for its change tracking
MAX_WIDTH = 60  # a column wider than this wraps its text instead
MAX_HINT = 255  # Excel's widest column
# Excel holds 15 significant digits: a longer integer (an identity number) would lose its last digits.
MAX_EXACT_INT = 10**15 - 1
# Leading characters that make Excel read a typed entry as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@")

FONT, SIZE = "Times New Roman", 12
LINE_POINTS = 15.75  # one line of 12-point text, as Excel spaces it
# Characters of Times New Roman 12 that fill a column one unit (a Calibri 11 digit) wide: Excel's
# column widths count the default font's digits, and Vietnamese text at 12 points runs a little wider.
CHARS_PER_UNIT = 1.3  # Times New Roman 12 in a column of Excel's units, as LibreOffice prints it (1.3–1.4)
WORD_SLACK = 1.1  # text wraps at spaces, so a wrapped line holds a little less than the width
PORTRAIT_UNITS = 95  # a table wider than this prints landscape
MAX_ROW_POINTS = 409  # Excel's highest row

_HEADER_FONT = Font(name=FONT, size=SIZE, bold=True)
_BODY_FONT = Font(name=FONT, size=SIZE)
_SUMMARY_FONT = Font(name=FONT, size=SIZE, bold=True)
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
_TEXT_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
_VALUE_ALIGNMENT = Alignment(vertical="top")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def xlsx_bytes(sheets: list[Table], heading: PageHeading | None = None) -> bytes:
    """The tables as the bytes of a .xlsx file; the caller writes them where it wants."""
    workbook = Workbook()
    if sheets:  # a workbook needs one sheet; with tables, the default empty one goes
        workbook.remove(workbook.active)
    taken: set[str] = set(_RESERVED_TITLES)
    for number, table in enumerate(sheets, start=1):
        _fill(workbook.create_sheet(sheet_title(table.title, taken, number)), table, heading or PageHeading())
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(title: str, taken: set[str], number: int) -> str:
    """A sheet name Excel accepts and no other sheet of the workbook has (Excel ignores case).

    Forbidden characters are replaced, the name is cut to 31 characters, an empty name becomes
    "Sheet<number>", and a repeated one gets " (2)", " (3)"… The name chosen joins `taken`.
    """
    base = " ".join(for_display(title).translate(_TITLE_REPLACEMENTS).split())
    base = base[:MAX_TITLE].strip(" '") or f"Sheet{number}"  # nor may it begin or end with "'"
    candidate, copy = base, 1
    while candidate.casefold() in taken:
        copy += 1
        suffix = f" ({copy})"
        candidate = base[: MAX_TITLE - len(suffix)].rstrip() + suffix
    taken.add(candidate.casefold())
    return candidate


def _fill(sheet: Worksheet, table: Table, heading: PageHeading) -> None:
    columns = max([len(table.headers), *(len(row) for row in table.rows)])
    widths = [_width(table, index) for index in range(columns)]
    for column, text in enumerate(table.headers, start=1):
        cell = sheet.cell(row=1, column=column)
        _set_text(cell, text)
        cell.font, cell.alignment = _HEADER_FONT, _HEADER_ALIGNMENT
    first_row = 2 if table.headers else 1
    for index, values in enumerate(table.rows):
        font = _SUMMARY_FONT if index in table.summaries else _BODY_FONT
        for column in range(1, columns + 1):
            cell = sheet.cell(row=first_row + index, column=column)
            value = values[column - 1] if column <= len(values) else None
            if value is not None:
                _set_value(cell, value)
            cell.font = font
    last_row = first_row + len(table.rows) - 1
    for row in range(1, last_row + 1):  # the whole table ruled, its rows as high as their text
        for column in range(1, columns + 1):
            sheet.cell(row=row, column=column).border = _BORDER
        cells = table.headers if row == 1 and table.headers else table.rows[row - first_row]
        sheet.row_dimensions[row].height = row_points(cells, widths)
    if table.headers:
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(last_row, 1)}"
        sheet.print_title_rows = "1:1"  # the header again on every printed page
    _set_up_pages(sheet, sum(widths), heading)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _set_up_pages(sheet: Worksheet, width: float, heading: PageHeading) -> None:
    """A4, landscape where the table is wider than a portrait page, one page wide and as long
    as it takes; the paper's title over each page, its number and count, and the date, under it."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = (sheet.ORIENTATION_LANDSCAPE if width > PORTRAIT_UNITS
                                    else sheet.ORIENTATION_PORTRAIT)
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins  # inches: 20 mm top and bottom, 25 mm left, 15 mm right
    margins.top = margins.bottom = 0.79
    margins.left, margins.right, margins.header, margins.footer = 0.98, 0.59, 0.3, 0.3
    # The title over each page; the place and date under it, at the right of the page number: a
    # long title beside the date at the top ran into it on the printed page, and a line break in
    # a header is not read alike by Excel and LibreOffice.
    if heading.title:
        sheet.oddHeader.center.text = f'&"{FONT},Bold"&{SIZE}{_header_text(heading.title)}'
    if heading.date_line:
        sheet.oddFooter.right.text = f'&"{FONT},Italic"&{SIZE - 1}{_header_text(heading.date_line)}'
    if heading.footer:
        sheet.oddFooter.center.text = f'&"{FONT},Regular"&{SIZE - 1}{heading.footer}'


def _header_text(text: str) -> str:
    """Text for a page header: one line, "&" doubled (Excel reads "&" as the start of a code), and
    short enough for Excel's 255 characters of a header with its codes."""
    line = " ".join(for_display(text, single_line=True).split())
    return line[:200].replace("&", "&&")


def row_points(cells: tuple[Cell, ...] | tuple[str, ...], widths: list[float]) -> float:
    """How high a row must be for its longest cell to show whole once it wraps: each line of the
    cell takes as many printed lines as its characters need at the column's width."""
    lines = 1
    for index, value in enumerate(cells):
        if value is None or index >= len(widths):
            continue
        room = max(widths[index] * CHARS_PER_UNIT - 1, 1)
        text = cell_text(value) if isinstance(value, date) else str(value)
        lines = max(lines, sum(max(1, -(-int(len(part) * WORD_SLACK) // int(room))) for part in text.split("\n")))
    return min(lines * LINE_POINTS, MAX_ROW_POINTS)


def _set_value(cell: ExcelCell, value: Cell) -> None:
    if isinstance(value, int) and abs(value) > MAX_EXACT_INT:
        _set_text(cell, str(value))
    elif isinstance(value, int):
        cell.value = value
        cell.alignment = _VALUE_ALIGNMENT
    elif isinstance(value, date):
        if value.year < 1900:  # before Excel's calendar begins: it would show ####
            _set_text(cell, cell_text(value))
            return
        if isinstance(value, datetime):  # Excel has no time zones: the time as recorded, where it was
            cell.value = value.replace(tzinfo=None)
            cell.number_format = DATETIME_FORMAT
        else:
            cell.value = value
            cell.number_format = DATE_FORMAT
        cell.alignment = _VALUE_ALIGNMENT
    else:
        _set_text(cell, str(value))


def _set_text(cell: ExcelCell, text: str) -> None:
    """Store `text` as a string whatever it looks like.

    openpyxl turns a string that begins with "=" into a formula, and "#N/A" into an error, when
    it is assigned; the data type is set back to string afterwards. On such text the quote
    prefix (Excel's leading apostrophe) keeps the cell text when someone edits it in Excel.
    """
    # XML cannot hold control characters; escape sequences and bidi overrides could hide or
    # reorder what a reader sees. Line breaks stay: the cell wraps.
    cleaned = for_display(text, single_line=False)
    cell.value = cleaned
    cell.data_type = "s"
    cell.alignment = _TEXT_ALIGNMENT
    if cleaned.startswith(_FORMULA_STARTS) or cleaned in ERROR_CODES:
        cell.quotePrefix = True


def _width(table: Table, index: int) -> float:
    """The column's width in characters: its hint if it has one (a column of document numbers
    at least as wide as the longest), else its longest line."""
    hint = table.widths[index] if index < len(table.widths) else 0
    values: list[Cell] = [row[index] for row in table.rows if index < len(row)]
    if hint > 0:
        if index in table.unbroken:
            hint = max(hint, min(max((_shown_length(value) + 1 for value in values), default=0), MAX_WIDTH))
        return min(hint, MAX_HINT)
    values.append(table.headers[index] if index < len(table.headers) else None)
    longest = max((_shown_length(value) for value in values), default=0)
    return max(min(longest + 2, MAX_WIDTH), 4)  # 2: the filter button beside the header's text


def _shown_length(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return len(cell_text(value))
    return max(len(line) for line in str(value).split("\n"))
