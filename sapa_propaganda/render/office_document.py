"""A Party document and its tables as plain data: what the Word and Excel writers take.

Nothing here knows a file format. The caller fills every text in (the body's name, the number
line, the recipients, the signer) in the words it wants; the writers only lay them out, so the
same `Table` can go into a Word report and an Excel workbook alike.
"""

from __future__ import annotations

from datetime import date, datetime

from ..core.dates import format_date
from ..core.record import Factory, Record

# What a table cell may hold. Dates stay dates, so that Excel can sort and filter them as dates;
# a datetime (a time something was recorded) is a date and a time of day.
Cell = str | int | date | datetime | None

# Printed where a text is not known yet, for the clerk to fill in by hand.
BLANK = "……………"
BLANK_PLACE = "……"


class Table(Record):
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    widths: tuple[int, ...] = ()  # hints in characters, one per column; 0 or missing: from the content
    # Rows (by index) that sum up the group of rows under them, e.g. a unit whose members report
    # on their own: printed bold, and not numbered or counted as a row of their own.
    summaries: frozenset[int] = frozenset()
    # Columns (by index) for the Excel sheet alone: the group a row belongs to, so that sorting
    # and filtering keep a group together. Word and text show the group by its summary row instead.
    sheet_only: frozenset[int] = frozenset()
    # Columns (by index) whose cells read as one piece, a document number or a state ("Nộp muộn
    # 2 ngày"): Word keeps a short one on one line, its hyphens unbroken, the column as wide as it.
    unbroken: frozenset[int] = frozenset()
    empty: str = ""  # said instead of the table when it has no rows; "": the empty table is shown

    def printed_columns(self) -> list[int]:
        """The columns Word and text show, by index."""
        count = max([len(self.headers), *(len(row) for row in self.rows)])
        return [index for index in range(count) if index not in self.sheet_only]


class Section(Record):
    heading: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    # In a paper for the whole office, the plan this section is part of: `part` heads the plan's
    # part (its number and title), `plan` names it in the Excel sheets' plan column.
    part: str = ""
    plan: str = ""


class OfficeDocument(Record):
    """One document laid out by Hướng dẫn 36-HD/VPTW (a Party body's, `system` "party") or by
    Nghị định 30/2020/NĐ-CP (a state body's, "state"): header, kind and summary, body, closing."""

    system: str = "party"  # core.paper_forms: PARTY or STATE
    body_above: str = ""  # the directly superior body, e.g. "ĐẢNG BỘ TỈNH LÀO CAI"
    body: str = ""  # the issuing body, e.g. "BAN TUYÊN GIÁO THỊ ỦY"
    number_line: str = ""  # e.g. "Số      -BC/BTGTU", "Số:      /BC-UBND"; "": none (a list)
    place_date: str = ""  # see place_date_line
    kind: str = ""  # e.g. "BÁO CÁO"; empty for a letter (công văn), whose summary goes under the number
    summary: str = ""
    intro: str = ""  # the first paragraph of the body: what the figures are, and as of when
    sections: list[Section] = Factory(default_factory=list)
    recipients: tuple[str, ...] = ()
    signer_on_behalf: str = ""  # e.g. "T/M BAN THƯỜNG VỤ", "K/T TRƯỞNG BAN", "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = ""
    signer_name: str = ""


class PageHeading(Record):
    """What heads each printed page of a paper's Excel sheets: its title and its place and date;
    and the footer under each, in Excel's codes ("Trang &P/&N")."""

    title: str = ""
    date_line: str = ""
    footer: str = ""


def place_date_line(place: str, day: date) -> str:
    """"Sa Pa, ngày 05 tháng 02 năm 2022", as Hướng dẫn 36-HD/VPTW and Nghị định 30/2020/NĐ-CP
    both write it.

    Days below 10 and the months 1 and 2 take a leading zero, other months none ("ngày 20
    tháng 6"): a lone 1 or 2 could be made into 11 or 12 with one stroke of a pen.
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place.strip() or BLANK_PLACE}, ngày {day.day:02d} tháng {month} năm {day.year}"


def cell_text(value: Cell) -> str:
    """A cell as Word and text print it: a date dd/mm/yyyy, a datetime dd/mm/yyyy hh:mm."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{format_date(value)} {value:%H:%M}"
    if isinstance(value, date):
        return format_date(value)
    return str(value)
