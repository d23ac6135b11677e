"""The importer's messages, in Vietnamese and English, added to `i18n.MESSAGES` when the importer
is first used: the daily commands never load them.

Each part of the importer keeps its words in its own module below; importing this one adds all.
"""

from __future__ import annotations

from ..i18n import MESSAGES
from . import messages_readers, messages_sheet

MESSAGES.update(messages_readers.MESSAGES)
MESSAGES.update(messages_sheet.MESSAGES)
MESSAGES.update({
    "import_output_exists": ("tệp {path} đã có; dùng --force để ghi đè, hoặc -o để ghi tệp khác",
                             "{path} exists; use --force to overwrite it, or -o to write another file"),
    "template_not_xlsx": ("mẫu kế hoạch là tệp Excel: hãy đặt tên kết thúc bằng .xlsx (không phải '{path}')",
                          "the plan form is an Excel file: give a name ending in .xlsx (not '{path}')"),
    "import_written": ("Đã soạn bản nháp kế hoạch {path} từ {source}", "Drafted the plan {path} from {source}"),
    "import_plan_line": ("{id}: {title} ({number})", "{id}: {title} ({number})"),
    "import_no_number": ("văn bản không ghi số", "no document number"),
    "import_counts": ("{items} mục ({sections} đề mục), {units} đơn vị, {duties} nhiệm vụ có hạn, "
                      "{rules} quy định báo cáo",
                      "{items} items ({sections} headings), {units} units, {duties} duties with deadlines, "
                      "{rules} reporting rules"),
    "import_converted": ("văn bản gõ bằng mã {encoding} đã được chuyển sang Unicode",
                         "the text, typed in {encoding}, was converted to Unicode"),
    "import_checks": ("{count} chỗ cần kiểm tra (dòng “# KIỂM TRA” trong tệp):",
                      "{count} things to check (lines “# KIỂM TRA” in the file):"),
    "import_valid": ("Bản nháp hợp lệ theo sapa plan check.", "The draft passes sapa plan check."),
    "import_invalid": ("Bản nháp chưa hợp lệ: {count} lỗi, xem dưới đây; sửa rồi chạy sapa plan check.",
                       "The draft is not valid yet: {count} problems, below; fix them and run sapa plan check."),
    "import_next": ("Tiếp theo: đọc lại tệp với văn bản gốc, rồi: sapa plan add {path}",
                    "Next: read the file against the document, then: sapa plan add {path}"),
})
