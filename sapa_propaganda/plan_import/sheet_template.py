"""`sapa plan template`: the Excel form an office fills instead of sending a document.

Five sheets: "Hướng dẫn" (how to fill it), "Kế hoạch" (the header, one row per field), "Nhiệm
vụ" (one row per item, numbered as in the document), "Báo cáo" (one row per report) and "Đơn
vị" (the units, prefilled with the office roster). Every sheet holds a worked example, so the
form read back unchanged is a valid plan (`read_sheet.py` reads it exactly).

The names of the sheets, fields and columns live here only: the reader finds them by these.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from ..core.model import Unit
from . import messages  # noqa: F401 - the importer's words

TYPE_CHECKING = False
if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

GUIDE, PLAN, ITEMS, REPORTS, UNITS = "Hướng dẫn", "Kế hoạch", "Nhiệm vụ", "Báo cáo", "Đơn vị"
DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"  # Excel keeps what is typed: "I.1" stays text, "15/6" and "2024-03" do not become dates
FORM_ROWS = 1000  # how far down the lists of units and report kinds are offered


@dataclass(frozen=True)
class Field:
    """One row of the "Kế hoạch" sheet: its label, the plan key it fills, how to write it, an example."""

    key: str
    label: str
    note: str
    example: str | date = ""
    required: bool = False
    lines: bool = False  # a list: one entry per line of the cell, or on the rows below


PLAN_FIELDS: tuple[Field, ...] = (
    Field("id", "Mã kế hoạch", "Không bắt buộc. Chữ thường không dấu, số và “-”; để trống thì chương trình đặt từ số "
          "hiệu và năm (ví dụ 15-kh-hu-2024). Tiến độ được lưu theo mã này: đã dùng thì không đổi."),
    Field("kind", "Loại văn bản", "KH (kế hoạch), HD (hướng dẫn), CV (công văn), QĐ (quyết định), CT (chỉ thị), "
          "NQ (nghị quyết)…", "KH"),
    Field("number", "Số hiệu", "Số hiệu như trên văn bản, ví dụ 15-KH/ThU hoặc 123/KH-UBND; để trống nếu không có.",
          "15-KH/HU"),
    Field("issuer", "Cơ quan ban hành", "Bắt buộc. Ví dụ: Ban Thường vụ Huyện ủy.", "Ban Thường vụ Huyện ủy",
          required=True),
    Field("place", "Nơi ban hành", "Địa danh ở dòng “…, ngày … tháng … năm …”.", "Bắc Hà"),
    Field("issued", "Ngày ban hành", "Ngày, ghi dd/mm/yyyy (ví dụ 20/02/2024).", date(2024, 2, 20)),
    Field("title", "Trích yếu (tên kế hoạch)", "Bắt buộc. Tên văn bản, ví dụ “Kế hoạch tuyên truyền …”.",
          "Kế hoạch học tập, quán triệt và tuyên truyền Nghị quyết Hội nghị Trung ương năm 2024", required=True),
    Field("start", "Bắt đầu", "Bắt buộc. Ngày kế hoạch bắt đầu (thường là ngày ban hành), dd/mm/yyyy.",
          date(2024, 3, 1), required=True),
    Field("end", "Kết thúc", "Bắt buộc. Ngày kế hoạch kết thúc, dd/mm/yyyy; không trước ngày bắt đầu.",
          date(2024, 12, 31), required=True),
    Field("basis", "Căn cứ", "Các văn bản căn cứ: mỗi văn bản một dòng trong ô (Alt+Enter để xuống dòng), hoặc "
          "thêm dòng bên dưới, để trống cột Trường.",
          "Hướng dẫn số 125-HD/BTGTW ngày 15/01/2024 của Ban Tuyên giáo Trung ương", lines=True),
    Field("signer_title", "Người ký (chức vụ)", "Một dòng: chức vụ (BÍ THƯ). Hai dòng: thẩm quyền rồi chức vụ "
          "(T/M BAN THƯỜNG VỤ, xuống dòng, PHÓ BÍ THƯ).", "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ"),
    Field("signer_name", "Người ký (họ tên)", "Họ và tên người ký.", "Nguyễn Văn An"),
    Field("recipients", "Nơi nhận", "Mỗi nơi nhận một dòng trong ô, hoặc thêm dòng bên dưới, để trống cột Trường.",
          "Ban Thường vụ Tỉnh ủy (b/c)\nCác chi, đảng bộ trực thuộc\nLưu Văn phòng Huyện ủy", lines=True),
)

PLAN_HEADERS = ("Trường", "Giá trị", "Ghi chú")
ITEM_HEADERS = ("Mục", "Nội dung", "Chủ trì", "Phối hợp", "Bắt đầu", "Hạn")
REPORT_HEADERS = ("Loại", "Đơn vị", "Hạn", "Từ kỳ", "Đến kỳ", "Gửi về", "Tên báo cáo")
REPORT_REQUIRED = 6  # "Tên báo cáo" may be missing: the forms of an earlier template had none
UNIT_HEADERS = ("Mã", "Tên", "Tên viết tắt / tên khác")

# The kinds of report, as written in the "Loại" column, and their period in the plan file.
REPORT_KINDS = {"tháng": "month", "quý": "quarter", "6 tháng": "half-year", "9 tháng": "nine-months",
                "năm": "annual", "một lần": "once"}
ALL_UNITS = "tất cả"

_ITEMS_EXAMPLE: tuple[tuple[str, str, str, str, date | None, date | None], ...] = (
    ("I", "HỌC TẬP, QUÁN TRIỆT NGHỊ QUYẾT", "", "", None, None),
    ("I.1", "Tổ chức hội nghị quán triệt Nghị quyết cho cán bộ chủ chốt của huyện",
     "Ban Tuyên giáo Huyện ủy", "Trung tâm Chính trị huyện", date(2024, 3, 1), date(2024, 3, 31)),
    ("I.2", "Mở lớp học tập Nghị quyết cho đảng viên các chi, đảng bộ", "Trung tâm Chính trị huyện",
     "Ban Tuyên giáo Huyện ủy", date(2024, 4, 1), date(2024, 6, 30)),
)
_REPORTS_EXAMPLE: tuple[tuple[str, str, str | date, str, str, str, str], ...] = (
    ("tháng", "Trung tâm Chính trị huyện", "ngày 20", "tháng 3/2024", "tháng 12/2024", "Ban Tuyên giáo Huyện ủy",
     ""),
    ("6 tháng", ALL_UNITS, "15/6", "6 tháng đầu năm 2024", "6 tháng đầu năm 2024", "Ban Thường vụ Huyện ủy", ""),
    ("năm", ALL_UNITS, "15/12", "năm 2024", "năm 2024", "Ban Thường vụ Huyện ủy", ""),
    ("một lần", "Ban Tuyên giáo Huyện ủy", date(2024, 11, 30), "", "", "Ban Thường vụ Huyện ủy",
     "Báo cáo kết quả thực hiện kế hoạch"),
)
_UNITS_EXAMPLE = (
    ("btg", "Ban Tuyên giáo Huyện ủy", "BTG"),
    ("ttct", "Trung tâm Chính trị huyện", "TTCT"),
    ("btv", "Ban Thường vụ Huyện ủy", "BTV"),
)

_GUIDE_LINES = (
    "MẪU KẾ HOẠCH CHO SAPA",
    "",
    "Điền kế hoạch vào các trang của tệp này thay cho việc gửi văn bản Word. Mỗi trang đã có ví dụ: hãy ghi đè "
    "hoặc xóa các dòng ví dụ. Không đổi tên trang và tên cột (dòng đầu tiên của mỗi trang).",
    "",
    "1. Trang “Kế hoạch”: mỗi dòng một thông tin của văn bản (cột Giá trị). Cột Ghi chú nói cách ghi.",
    "2. Trang “Nhiệm vụ”: mỗi dòng một mục của kế hoạch, theo thứ tự trong văn bản.",
    "   • Mục: số thứ tự như trong văn bản, các cấp cách nhau dấu chấm: I, I.1, II.2.a. Mục cha phải có dòng "
    "riêng ở phía trên (dòng II.1 trước dòng II.1.a).",
    "   • Dòng tiêu đề (có mục con bên dưới) thì để trống Chủ trì nếu các mục con tự ghi đơn vị.",
    "   • Chủ trì, Phối hợp: tên đơn vị như ở trang Đơn vị; nhiều đơn vị thì cách nhau dấu “;” hoặc xuống dòng.",
    "   • Bắt đầu, Hạn: ngày dd/mm/yyyy.",
    "3. Trang “Báo cáo”: mỗi dòng một loại báo cáo.",
    "   • Loại: tháng, quý, 6 tháng, 9 tháng, năm hoặc một lần.",
    "   • Đơn vị: đơn vị phải báo cáo (nhiều đơn vị cách nhau dấu “;”), hoặc “tất cả” là mọi đơn vị có tên ở cột "
    "Chủ trì của trang Nhiệm vụ.",
    "   • Hạn: báo cáo tháng “ngày 20” (trong tháng) hoặc “ngày 5 tháng sau”; báo cáo quý “ngày 15 tháng cuối "
    "quý” hoặc “ngày 5 tháng đầu quý sau”; báo cáo 6 tháng, 9 tháng, năm ghi ngày/tháng như “15/6”, “15/12” "
    "(hoặc “ngày 10 tháng 1 năm sau”); báo cáo một lần ghi đủ ngày dd/mm/yyyy.",
    "   • Từ kỳ, Đến kỳ: kỳ báo cáo đầu tiên và cuối cùng: tháng 3/2024 (hoặc 2024-03), quý 1/2024 (2024-Q1), "
    "6 tháng đầu năm 2024 (2024-H1), 9 tháng năm 2024 (2024-9T), năm 2024 (2024-Y). Để trống thì lấy theo thời "
    "gian của kế hoạch. Báo cáo một lần để trống hai cột này.",
    "   • Gửi về: nơi nhận báo cáo. Tên báo cáo: không bắt buộc (ví dụ “Báo cáo sơ kết”).",
    "4. Trang “Đơn vị”: các đơn vị của kế hoạch. Mã không bắt buộc (chữ thường không dấu, số, “-”); tên khác "
    "(viết tắt) cách nhau dấu “;”. Đơn vị có trong danh sách của văn phòng (sapa roster) đã được điền sẵn.",
    "",
    "Điền xong, lưu tệp (định dạng .xlsx) rồi chạy:",
    "    sapa plan import mau-ke-hoach.xlsx",
    "Chương trình viết tệp kế hoạch (.toml) và báo lỗi kèm tên trang và ô, ví dụ “Nhiệm vụ!E7”. Sửa ô đó rồi chạy "
    "lại. Các dòng “# KIỂM TRA:” trong tệp kế hoạch là chỗ cần xem lại.",
)

_BOLD = Font(bold=True)
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
_WRAP = Alignment(wrap_text=True, vertical="top")


def template_bytes(units: tuple[Unit, ...] = ()) -> bytes:
    """The form as the bytes of an .xlsx file; `units` (the office roster) fill the "Đơn vị" sheet."""
    workbook = Workbook()
    # No timestamp of today in the file's properties: the same form every time.
    workbook.properties.creator = "sapa"
    workbook.properties.created = datetime(2024, 1, 1)
    _guide(workbook.active)
    _plan_sheet(workbook.create_sheet(PLAN))
    _items_sheet(workbook.create_sheet(ITEMS))
    _reports_sheet(workbook.create_sheet(REPORTS))
    _units_sheet(workbook.create_sheet(UNITS), units)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _guide(sheet: Worksheet) -> None:
    sheet.title = GUIDE
    sheet.column_dimensions["A"].width = 120
    for row, line in enumerate(_GUIDE_LINES, start=1):
        _put(sheet, row, 1, line)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)


def _plan_sheet(sheet: Worksheet) -> None:
    _headers(sheet, PLAN_HEADERS, (26, 60, 80))
    for row, field in enumerate(PLAN_FIELDS, start=2):
        _put(sheet, row, 1, field.label).font = _BOLD
        _put(sheet, row, 2, field.example)
        _put(sheet, row, 3, field.note)


def _items_sheet(sheet: Worksheet) -> None:
    _headers(sheet, ITEM_HEADERS, (10, 70, 32, 32, 13, 13))
    _formats(sheet, ("A",), TEXT_FORMAT)
    _formats(sheet, ("E", "F"), DATE_FORMAT)
    _rows(sheet, _ITEMS_EXAMPLE)
    for row, values in enumerate(_ITEMS_EXAMPLE, start=2):
        if not values[2]:  # a heading reads as one
            sheet.cell(row=row, column=2).font = _BOLD
    _unit_choices(sheet, ("C", "D"))


def _reports_sheet(sheet: Worksheet) -> None:
    _headers(sheet, REPORT_HEADERS, (11, 34, 26, 22, 22, 30, 40))
    _formats(sheet, ("C", "D", "E"), TEXT_FORMAT)
    _rows(sheet, _REPORTS_EXAMPLE)
    kinds = DataValidation(type="list", formula1='"' + ",".join(REPORT_KINDS) + '"', allow_blank=True,
                           showErrorMessage=True, errorTitle="Loại báo cáo",
                           error="Chọn một trong: " + ", ".join(REPORT_KINDS) + ".")
    sheet.add_data_validation(kinds)
    kinds.add(f"A2:A{FORM_ROWS}")
    _unit_choices(sheet, ("B", "F"))


def _units_sheet(sheet: Worksheet, units: tuple[Unit, ...]) -> None:
    _headers(sheet, UNIT_HEADERS, (20, 50, 40))
    _formats(sheet, ("A",), TEXT_FORMAT)
    rows = [(u.id, u.name, "; ".join(n for n in (u.short, *u.aliases) if n)) for u in units]
    _rows(sheet, tuple(rows) or _UNITS_EXAMPLE)


def _unit_choices(sheet: Worksheet, columns: tuple[str, ...]) -> None:
    """A drop-down of the "Đơn vị" sheet's names; another value only warns, since a cell may name
    several units, or one the sheet does not list yet."""
    choices = DataValidation(type="list", formula1=f"'{UNITS}'!$B$2:$B${FORM_ROWS}", allow_blank=True,
                             showErrorMessage=True, errorStyle="warning", errorTitle="Đơn vị",
                             error="Tên này chưa có ở trang Đơn vị. Vẫn giữ nếu là đơn vị mới hoặc nhiều đơn vị "
                                   "(cách nhau dấu “;”).")
    sheet.add_data_validation(choices)
    for column in columns:
        choices.add(f"{column}2:{column}{FORM_ROWS}")


def _formats(sheet: Worksheet, letters: tuple[str, ...], number_format: str) -> None:
    """The format a column gives what is typed in it later."""
    for letter in letters:
        sheet.column_dimensions[letter].number_format = number_format


def _rows(sheet: Worksheet, rows: tuple[tuple[str | date | None, ...], ...]) -> None:
    for row, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            if value:
                _put(sheet, row, column, value)


def _headers(sheet: Worksheet, headers: tuple[str, ...], widths: tuple[int, ...]) -> None:
    for column, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = _put(sheet, 1, column, text)
        cell.font, cell.alignment = _BOLD, _HEADER_ALIGNMENT
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


def _put(sheet: Worksheet, row: int, column: int, value: str | date | None) -> Cell:
    """A cell with `value`: a date as an Excel date shown dd/mm/yyyy, text always as text (never a
    formula, even when it begins with "=")."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(vertical="top")
    elif value:
        cell.value = value
        cell.data_type = "s"
        cell.number_format = TEXT_FORMAT  # what the clerk types over it stays text too
        cell.alignment = _WRAP
    return cell
