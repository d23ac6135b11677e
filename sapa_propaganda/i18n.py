"""Every label and message in Vietnamese and English. Plan text is never translated.

The language is chosen once, by the CLI, before anything is said.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("vi", "en")
_language = "vi"


def set_language(lang: str) -> None:
    global _language
    _language = lang


def language() -> str:
    return _language


def tr(key: str, **params: Any) -> str:
    vi, en = MESSAGES[key]
    text = en if _language == "en" else vi
    return text.format(**params) if params else text


MESSAGES: dict[str, tuple[str, str]] = {
    # plan validation
    "plan_invalid": ("Kế hoạch không hợp lệ", "The plan is invalid"),
    "plan_not_found": ("không tìm thấy tệp kế hoạch: {path}", "plan file not found: {path}"),
    "plan_unreadable": ("không đọc được tệp kế hoạch {path}: {reason}", "cannot read plan file {path}: {reason}"),
    "plan_not_utf8": ("tệp không phải UTF-8", "the file is not UTF-8"),
    "plan_syntax": ("lỗi cú pháp TOML: {reason}", "TOML syntax error: {reason}"),
    "plan_unknown_key": ("khóa không hợp lệ '{key}'{hint}", "unknown key '{key}'{hint}"),
    "plan_wrong_type": ("sai kiểu, cần {expected}", "wrong type, expected {expected}"),
    "plan_missing": ("thiếu trường bắt buộc '{key}'", "missing required field '{key}'"),
    "plan_duplicate_id": ("trùng mã {what} '{id}' (đã có ở {first})", "duplicate {what} id '{id}' (first at {first})"),
    "plan_unknown_ref": ("{what} không tồn tại '{id}'{hint}", "unknown {what} '{id}'{hint}"),
    "plan_end_before_start": ("ngày kết thúc {end} trước ngày bắt đầu {start}", "end {end} is before start {start}"),
    "plan_format_newer": ("định dạng {found} mới hơn phiên bản chương trình này đọc được ({known}); hãy cập nhật sapa",
                          "format {found} is newer than this program reads ({known}); upgrade sapa"),
    "plan_format_bad": ("định dạng {found} không hợp lệ; chương trình đọc định dạng {known}",
                        "format {found} is not valid; this program reads format {known}"),
    "plan_bad_unit_id": ("mã đơn vị '{id}' chỉ được gồm chữ thường không dấu, số và '-'",
                         "unit id '{id}' may hold only lower-case ASCII letters, digits and '-'"),
    "plan_bad_item_id": ("mã mục '{id}' phải có dạng II.1.2", "item id '{id}' must look like II.1.2"),
    "plan_orphan_item": ("mục '{id}' cần mục cha '{parent}' đứng trước nó", "item '{id}' needs its parent '{parent}' before it"),
    "plan_bad_choice": ("giá trị '{value}' không hợp lệ; chọn một trong: {choices}", "invalid value '{value}'; choose one of: {choices}"),
    "plan_duty_without_unit": ("nhiệm vụ '{id}' chưa có đơn vị thực hiện (units)", "duty '{id}' has no unit (units)"),
    "plan_name_clash": ("tên '{name}' trùng với đơn vị '{other}' khi bỏ dấu", "name '{name}' clashes with unit '{other}' when folded"),
    "plan_negative": ("không được âm: {value}", "must not be negative: {value}"),
    "plan_duplicate_due": ("kỳ '{period}' được khai báo hai lần", "period '{period}' is given twice"),
    "plan_bad_day": ("ngày {value} phải từ 1 đến 31", "day {value} must be from 1 to 31"),
    "plan_bad_month": ("tháng {value} phải từ 1 đến 12", "month {value} must be from 1 to 12"),
    "plan_due_month_xor": ("cần đúng một trong hai khóa 'month' hoặc 'months_after_end'",
                           "needs exactly one of 'month' or 'months_after_end'"),
    "plan_ok": ("{path}: hợp lệ — {units} đơn vị, {items} mục, {duties} nhiệm vụ",
                "{path}: valid — {units} units, {items} items, {duties} duties"),
    "did_you_mean": (" (có phải: {options}?)", " (did you mean: {options}?)"),
    "what_unit": ("đơn vị", "unit"),
    "what_item": ("mục", "item"),
    "what_rule": ("quy định báo cáo", "reporting rule"),
    "type_str": ("chuỗi", "a string"),
    "type_int": ("số nguyên", "an integer"),
    "type_date": ("ngày (YYYY-MM-DD)", "a date (YYYY-MM-DD)"),
    "type_date?": ("ngày (YYYY-MM-DD) hoặc \"\"", "a date (YYYY-MM-DD) or \"\""),
    "type_strs": ("danh sách chuỗi", "a list of strings"),
    "type_table": ("bảng", "a table"),
    "type_tables": ("mảng bảng [[...]]", "an array of tables [[...]]"),
    # arguments
    "bad_date": ("ngày không hợp lệ '{value}': dùng dd/mm/yyyy, d/m/yyyy hoặc yyyy-mm-dd",
                 "invalid date '{value}': use dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd"),
    "bad_period": ("kỳ báo cáo không hợp lệ '{value}': dùng 2022-H1, 2022-Y, 6t-2022 hoặc nam-2022",
                   "invalid period '{value}': use 2022-H1, 2022-Y, 6t-2022 or nam-2022"),
    "bad_language": ("ngôn ngữ không hỗ trợ '{value}': dùng vi hoặc en", "unsupported language '{value}': use vi or en"),
    "unknown_unit": ("không có đơn vị '{value}'{hint}", "no unit '{value}'{hint}"),
    "unknown_item": ("không có mục '{value}'{hint}", "no item '{value}'{hint}"),
    "ambiguous_unit": ("'{value}' khớp nhiều đơn vị: {options}", "'{value}' matches several units: {options}"),
    "ambiguous_item": ("'{value}' khớp nhiều mục: {options}", "'{value}' matches several items: {options}"),
    # labels
    "kind_section": ("Mục", "Section"),
    "kind_paragraph": ("Đoạn", "Paragraph"),
    "kind_content": ("Nội dung", "Content"),
    "kind_form": ("Hình thức", "Form"),
    "kind_duty": ("Nhiệm vụ", "Duty"),
    "col_id": ("Mã", "Id"),
    "col_unit": ("Đơn vị", "Unit"),
    "col_name": ("Tên đơn vị", "Name"),
    "col_parent": ("Trực thuộc", "Parent"),
    "col_duties": ("Số nhiệm vụ", "Duties"),
    "col_members": ("Thành viên", "Members"),
    "col_duty": ("Nhiệm vụ", "Duty"),
    "col_section": ("Mục", "Section"),
    "col_kind": ("Loại", "Kind"),
    "col_text": ("Nội dung", "Text"),
    "col_period": ("Thời gian", "Period"),
    "col_due": ("Hạn", "Due"),
    "plan_title": ("Kế hoạch", "Plan"),
    "plan_number": ("Số hiệu", "Number"),
    "plan_issued": ("Ngày ban hành", "Issued"),
    "plan_issuer": ("Cơ quan ban hành", "Issuer"),
    "plan_basis": ("Căn cứ", "Basis"),
    "plan_span": ("Thời gian thực hiện", "Runs"),
    "plan_signer": ("Người ký", "Signed by"),
    "plan_recipients": ("Nơi nhận", "Recipients"),
    "plan_closing": ("Kết luận", "Closing"),
    "plan_file": ("Tệp kế hoạch", "Plan file"),
    "not_given": ("(văn bản không ghi)", "(not given in the document)"),
    "no_duties": ("Không có nhiệm vụ nào khớp.", "No duty matches."),
    "duties_of": ("Nhiệm vụ của {unit}", "Duties of {unit}"),
    "field_text": ("Nội dung", "Text"),
    "field_original": ("Nguyên văn", "Original wording"),
    "field_kind": ("Loại", "Kind"),
    "field_units": ("Đơn vị thực hiện", "Carried out by"),
    "field_mentions": ("Có nhắc đến", "Mentions"),
    "field_path": ("Thuộc mục", "Section path"),
    "field_period": ("Thời gian", "Period"),
    "field_due": ("Thời hạn", "Deadline"),
    "field_reporting": ("Chế độ báo cáo", "Reporting rule"),
    "field_note": ("Ghi chú", "Note"),
    "field_children": ("Gồm", "Contains"),
    "none": ("không có", "none"),
    "throughout": ("suốt thời gian kế hoạch", "throughout the plan"),
    "period_half-year": ("6 tháng đầu năm", "first 6 months"),
    "period_annual": ("năm", "year"),
    "period_quarter": ("quý", "quarter"),
    "rule_line": ("{units} báo cáo {periods} gửi {to}{via}", "{units} report {periods} to {to}{via}"),
    "rule_via": (" qua {via}", " through {via}"),
    "rule_due": ("{period} hạn {when}", "{period} due {when}"),
    "due_fixed": ("ngày {day}/{month}", "{day}/{month}"),
    "due_after": ("ngày {day}, {months} tháng sau khi hết kỳ", "day {day}, {months} month(s) after the period"),
}
