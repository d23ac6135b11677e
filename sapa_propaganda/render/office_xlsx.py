"""Tables as an Excel workbook: one sheet per table, its header bold, frozen and filtered.

Dates are Excel dates (shown dd/mm/yyyy, a time recorded dd/mm/yyyy hh:mm), so they sort and
filter as dates; numbers are numbers. Every cell sits at the top of its row, beside a note that
wraps over several lines; a row that sums up a group (a unit over its members) is bold. Pages
print landscape, as wide as the sheet.
Text is always text: a note that begins with "=", "+", "-" or "@" is stored as a string and never
as a formula, so a plan or a ledger cannot make Excel compute, link or run anything.

openpyxl is imported here only; commands import this module when an Excel file is asked for.
"""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..core.text import for_display
from .office_document import Cell, Table, cell_text

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

_HEADER_FONT = Font(bold=True)
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
_TEXT_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
_VALUE_ALIGNMENT = Alignment(vertical="top")
_SUMMARY_FONT = Font(bold=True)


def xlsx_bytes(sheets: list[Table]) -> bytes:
    """The tables as the bytes of a .xlsx file; the caller writes them where it wants."""
    workbook = Workbook()
    if sheets:  # a workbook needs one sheet; with tables, the default empty one goes
        workbook.remove(workbook.active)
    taken: set[str] = set(_RESERVED_TITLES)
    for number, table in enumerate(sheets, start=1):
        _fill(workbook.create_sheet(sheet_title(table.title, taken, number)), table)
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


def _fill(sheet: Worksheet, table: Table) -> None:
    columns = max([len(table.headers), *(len(row) for row in table.rows)])
    for column, text in enumerate(table.headers, start=1):
        cell = sheet.cell(row=1, column=column)
        _set_text(cell, text)
        cell.font, cell.alignment = _HEADER_FONT, _HEADER_ALIGNMENT
    first_row = 2 if table.headers else 1
    for index, values in enumerate(table.rows):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=first_row + index, column=column)
            if value is not None:
                _set_value(cell, value)
            if index in table.summaries:
                cell.font = _SUMMARY_FONT
    if table.headers:
        last_row = first_row + len(table.rows) - 1 if table.rows else 1
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{last_row}"
        sheet.print_title_rows = "1:1"  # the header again on every printed page
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # as wide as one page, as long as it takes
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    for column in range(1, columns + 1):
        sheet.column_dimensions[get_column_letter(column)].width = _width(table, column - 1)


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
