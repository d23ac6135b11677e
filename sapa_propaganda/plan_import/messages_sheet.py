"""Messages of one part of the importer (see messages.py): key -> (Vietnamese, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the Excel form (read_sheet.py): the file as a whole, one line ---
    "sheet_not_xlsx": ("tệp {path} không phải bảng tính Excel (.xlsx): hãy điền mẫu do `sapa plan template` tạo",
                       "{path} is not an Excel workbook (.xlsx): fill in the form `sapa plan template` writes"),
    "sheet_old_xls": ("tệp {path} là tệp .xls (Excel 97–2003), sapa không đọc được: hãy mở bằng Excel và lưu thành "
                      ".xlsx (Tệp > Lưu thành > Excel Workbook)",
                      "{path} is an old .xls file (Excel 97–2003), which sapa cannot read: open it in Excel and save "
                      "it as .xlsx (File > Save As > Excel Workbook)"),
    "sheet_encrypted": ("tệp {path} có mật khẩu nên không đọc được: hãy lưu một bản không đặt mật khẩu rồi thử lại",
                        "{path} is protected by a password: save a copy without one and try again"),
    "sheet_damaged": ("không đọc được {path}: tệp Excel bị hỏng hoặc không trọn vẹn; hãy mở bằng Excel, lưu lại rồi "
                      "thử lại",
                      "cannot read {path}: the Excel file is damaged or incomplete; open it in Excel, save it again "
                      "and retry"),
    "sheet_too_large": ("tệp {path} quá lớn khi giải nén: một mẫu kế hoạch chỉ vài trăm KB",
                        "{path} is too large once unpacked: a plan's form is a few hundred KB"),
    "sheet_unreadable": ("không đọc được tệp {path}: {reason}", "cannot read {path}: {reason}"),
    # --- a sheet, a column, a cell: one line each, after "mau.xlsx: Nhiệm vụ!E7: " ---
    "sheet_missing": ("thiếu trang “{sheet}”: hãy dùng mẫu do `sapa plan template` tạo, không đổi tên trang",
                      "the sheet “{sheet}” is missing: use the form `sapa plan template` writes, without renaming "
                      "its sheets"),
    "sheet_too_many_rows": ("trang có hơn {limit} dòng: sapa chỉ đọc {limit} dòng đầu",
                            "the sheet has more than {limit} rows: sapa reads the first {limit} only"),
    "sheet_missing_column": ("thiếu cột “{column}” ở dòng tiêu đề (dòng 1)",
                             "the column “{column}” is missing from the header (row 1)"),
    "sheet_formula_error": ("ô có công thức bị lỗi ({value}): hãy gõ giá trị vào ô",
                            "the cell's formula gives an error ({value}): type the value instead"),
    "sheet_formula_no_value": ("ô có công thức chưa được tính: hãy mở tệp bằng Excel và lưu lại, hoặc gõ giá trị",
                               "the cell's formula was never calculated: open the file in Excel and save it, or "
                               "type the value"),
    "sheet_not_a_date": ("“{value}” không phải ngày: ghi dd/mm/yyyy (ví dụ 31/03/2024)",
                         "“{value}” is not a date: write dd/mm/yyyy (31/03/2024, say)"),
    # "Kế hoạch"
    "sheet_unknown_field": ("trường “{field}” không có trong mẫu (các trường: {fields})",
                            "the field “{field}” is not one of the form's ({fields})"),
    "sheet_repeated_field": ("trường “{field}” đã ghi ở ô {first}", "the field “{field}” is given already in {first}"),
    "sheet_orphan_value": ("giá trị không có tên trường ở cột Trường", "a value with no field name in column Trường"),
    "sheet_required": ("chưa ghi “{field}”", "“{field}” is empty"),
    "sheet_missing_field": ("thiếu dòng “{field}”", "the row “{field}” is missing"),
    "sheet_end_before_start": ("ngày kết thúc {end} trước ngày bắt đầu {start}",
                               "the end {end} comes before the start {start}"),
    "sheet_bad_plan_id": ("mã kế hoạch “{value}” không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và “-” (ví dụ "
                          "15-kh-hu-2024), hoặc để trống",
                          "the plan id “{value}” is invalid: use lower-case letters without diacritics, digits and "
                          "“-” (15-kh-hu-2024, say), or leave it empty"),
    # "Đơn vị"
    "sheet_unit_no_name": ("đơn vị chưa có tên (cột Tên)", "the unit has no name (column Tên)"),
    "sheet_bad_unit_id": ("mã đơn vị “{value}” không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và “-” (ví dụ btg, "
                          "chi-bo-1), hoặc để trống",
                          "the unit id “{value}” is invalid: use lower-case letters without diacritics, digits and "
                          "“-” (btg, chi-bo-1), or leave it empty"),
    "sheet_duplicate_unit": ("“{value}” đã là tên hoặc mã của đơn vị ở ô {first}",
                             "“{value}” already names the unit in {first}"),
    "sheet_roster_clash": ("“{value}” đã là tên của đơn vị “{id}” trong danh sách đơn vị của văn phòng: ghi mã "
                           "“{id}” ở cột Mã, hoặc đặt tên khác",
                           "“{value}” already names the unit “{id}” of the office's roster: write “{id}” in column "
                           "Mã, or choose another name"),
    "sheet_no_plan_units": ("kế hoạch chưa có đơn vị nào: ghi các đơn vị ở trang Đơn vị và ở cột Chủ trì",
                            "the plan has no unit: list the units on this sheet and in column Chủ trì"),
    # "Nhiệm vụ"
    "sheet_no_items": ("trang chưa có mục nào: mỗi dòng một mục của kế hoạch", "the sheet has no item: one row per "
                       "item of the plan"),
    "sheet_no_item_id": ("thiếu số mục (cột Mục), ví dụ I, I.1, II.2.a",
                         "the item number (column Mục) is missing: I, I.1, II.2.a, say"),
    "sheet_bad_item_id": ("mục “{value}” không hợp lệ: ghi số thứ tự như trong văn bản, các cấp cách nhau dấu chấm "
                          "(I, I.1, II.2.a)",
                          "the item number “{value}” is invalid: write it as the document numbers it, levels "
                          "separated by dots (I, I.1, II.2.a)"),
    "sheet_duplicate_item": ("mục “{id}” trùng với ô {first}", "the item “{id}” repeats {first}"),
    "sheet_no_text": ("chưa ghi nội dung (cột Nội dung)", "the text (column Nội dung) is empty"),
    "sheet_orphan_item": ("mục “{id}” không có mục cha “{parent}” ở dòng trên: thêm dòng Mục “{parent}” (tiêu đề) "
                          "phía trên",
                          "the item “{id}” has no parent “{parent}” on a row above: add a row “{parent}” (its "
                          "heading) above it"),
    "sheet_due_before_start": ("hạn {due} trước ngày bắt đầu {start}", "the deadline {due} comes before the start "
                               "{start}"),
    "sheet_all_not_here": ("“{word}” chỉ dùng ở cột Đơn vị của trang Báo cáo: hãy ghi tên từng đơn vị",
                           "“{word}” is for the column Đơn vị of the sheet Báo cáo only: name each unit"),
    # "Báo cáo"
    "sheet_all_empty": ("“{word}” là các đơn vị ở cột Chủ trì của trang Nhiệm vụ, nhưng không có đơn vị nào (ngoài "
                        "nơi nhận báo cáo)",
                        "“{word}” stands for the units in column Chủ trì of the sheet Nhiệm vụ, but there are none "
                        "(besides the receivers)"),
    "sheet_unknown_kind": ("loại báo cáo “{value}” không có: chọn một trong {choices}",
                           "the kind of report “{value}” is unknown: choose one of {choices}"),
    "sheet_no_units": ("chưa ghi đơn vị", "no unit is given"),
    "sheet_reports_to_itself": ("đơn vị {ids} vừa báo cáo vừa là nơi nhận báo cáo (cột Gửi về)",
                                "the unit {ids} both reports and receives the report (column Gửi về)"),
    "sheet_no_due": ("chưa ghi hạn báo cáo", "the deadline is empty"),
    "sheet_bad_due": ("hạn “{value}” không đọc được với báo cáo {kind}: ghi {examples}",
                      "the deadline “{value}” does not read for a report of kind {kind}: write {examples}"),
    "sheet_period_for_once": ("báo cáo một lần không có kỳ: để trống ô này (ngày nộp ghi ở cột Hạn)",
                              "a one-time report has no periods: leave this cell empty (its date goes in Hạn)"),
    "sheet_period_is_date": ("kỳ báo cáo là ngày {value} (Excel tự đổi): hãy định dạng ô là Văn bản (Text) rồi gõ kỳ, "
                             "ví dụ 2024-03, 2024-Q1, 2024-H1, 2024-Y",
                             "the period is the date {value} (Excel changed it): format the cell as Text and type "
                             "the period, 2024-03, 2024-Q1, 2024-H1 or 2024-Y, say"),
    "sheet_last_before_first": ("kỳ cuối {last} trước kỳ đầu {first}", "the last period {last} comes before the first "
                                "{first}"),
}
