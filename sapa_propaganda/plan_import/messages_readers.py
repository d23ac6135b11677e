"""Messages of one part of the importer (see messages.py): key -> (Vietnamese, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the file readers (reading.py, read_docx.py, read_text.py, read_pdf.py) ---
    "read_missing": ("không tìm thấy tệp {path}", "file not found: {path}"),
    "read_directory": ("{path} là thư mục, không phải tệp: hãy chỉ ra văn bản kế hoạch (.docx, .pdf, .txt, .md)",
                       "{path} is a folder, not a file: give the plan's document (.docx, .pdf, .txt, .md)"),
    "read_link": ("{path} là một liên kết (link): hãy chỉ thẳng tới tệp văn bản",
                  "{path} is a link: give the document file itself"),
    "read_not_regular": ("{path} không phải tệp thường (thiết bị, FIFO, …)",
                         "{path} is not a regular file (a device, a FIFO, …)"),
    "read_unreadable": ("không đọc được tệp {path}: {reason}", "cannot read {path}: {reason}"),
    "read_too_large": ("tệp {path} quá lớn (hơn {limit} MB): văn bản kế hoạch thường chỉ vài MB",
                       "{path} is too large (over {limit} MB): a plan's document is a few MB"),
    "read_empty": ("tệp {path} trống (0 byte)", "{path} is empty (0 bytes)"),
    "read_no_text": ("tệp {path} không có chữ nào để đọc", "{path} has no text to read"),
    "read_old_doc": ("tệp {path} là tệp .doc (Word 97–2003), sapa không đọc được: hãy mở bằng Word và lưu thành .docx "
                     "(Tệp > Lưu thành > Word Document)",
                     "{path} is an old .doc file (Word 97–2003), which sapa cannot read: open it in Word and save "
                     "it as .docx (File > Save As > Word Document)"),
    "read_old_xls": ("tệp {path} là tệp .xls (Excel 97–2003), sapa không đọc được: hãy mở bằng Excel và lưu thành "
                     ".xlsx (Tệp > Lưu thành > Excel Workbook)",
                     "{path} is an old .xls file (Excel 97–2003), which sapa cannot read: open it in Excel and save it "
                     "as .xlsx (File > Save As > Excel Workbook)"),
    "read_rtf": ("tệp {path} là tệp RTF, sapa không đọc được: hãy mở bằng Word và lưu thành .docx "
                 "(Tệp > Lưu thành > Word Document)",
                 "{path} is an RTF file, which sapa cannot read: open it in Word and save it as .docx "
                 "(File > Save As > Word Document)"),
    "read_html": ("tệp {path} là trang web (HTML), không phải tệp Word: hãy mở bằng Word và lưu thành .docx "
                  "(Tệp > Lưu thành > Word Document)",
                  "{path} is a web page (HTML), not a Word file: open it in Word and save it as .docx "
                  "(File > Save As > Word Document)"),
    "read_odf": ("tệp {path} là tệp OpenDocument ({suffix}), sapa không đọc được: hãy mở bằng LibreOffice hoặc Word "
                 "và lưu thành {wanted}",
                 "{path} is an OpenDocument file ({suffix}), which sapa cannot read: open it in LibreOffice or Word "
                 "and save it as {wanted}"),
    "read_encrypted": ("tệp {path} có mật khẩu nên không đọc được: hãy lưu một bản không đặt mật khẩu rồi thử lại",
                       "{path} is protected by a password: save a copy without one and try again"),
    "read_scanned": ("tệp {path} là bản quét, không có lớp chữ; sapa không nhận dạng chữ (OCR): hãy dùng tệp .docx gốc",
                     "{path} is a scan with no text layer; sapa does not recognise text (OCR): use the original "
                     ".docx"),
    "read_damaged": ("không đọc được {path}: tệp {what} bị hỏng hoặc không trọn vẹn; hãy mở và lưu lại rồi thử lại",
                     "cannot read {path}: the {what} file is damaged or incomplete; open it, save it again and "
                     "retry"),
    "read_is_sheet": ("tệp {path} là bảng tính Excel, không phải văn bản kế hoạch",
                      "{path} is an Excel workbook, not a plan document"),
    "read_other_kind": ("tệp {path} là {what}, không phải văn bản sapa đọc được (.docx, .pdf, .txt, .md)",
                        "{path} is {what}, not a document sapa reads (.docx, .pdf, .txt, .md)"),
    "read_unknown_kind": ("tệp {path} không phải văn bản sapa đọc được: hãy dùng .docx, .pdf, .txt hoặc .md",
                          "{path} is not a document sapa reads: use .docx, .pdf, .txt or .md"),
    "read_what_image": ("ảnh {format}", "a {format} image"),
    "read_what_zip": ("tệp nén ZIP (không phải Word hay Excel)", "a ZIP archive that is neither Word nor Excel"),
    "read_what_archive": ("tệp nén {format}", "a {format} archive"),
    "read_what_pptx": ("bài trình chiếu PowerPoint", "a PowerPoint presentation"),
    "read_what_office": ("tệp Office 97–2003 không phải Word hay Excel",
                         "an Office 97–2003 file that is neither Word nor Excel"),
    "read_what_word": ("Word", "Word"),
    "read_what_pdf": ("PDF", "PDF"),
    "read_note_converted": ("chữ được chuyển từ bảng mã {encoding} sang Unicode: hãy soát lại dấu tiếng Việt",
                            "the text was converted from {encoding} to Unicode: check the Vietnamese diacritics"),
    "read_note_pdf": ("đọc từ PDF: các đoạn được ghép lại từ các dòng, hãy soát lại chỗ xuống dòng",
                      "read from a PDF: paragraphs were rejoined from its lines; check where they break"),
    # --- legacy encodings (legacy_text.py); {where} is "" or " (đoạn 12)" ---
    "import_legacy_mixed": ("văn bản{where} trộn chữ gõ bằng mã {encoding} với chữ Unicode, không chuyển được an toàn: "
                            "hãy mở bằng Word, chuyển cả văn bản sang Unicode (Unikey: Công cụ chuyển mã) rồi lưu lại",
                            "the document{where} mixes text typed in the {encoding} encoding with Unicode text and "
                            "cannot be converted safely: open it in Word, convert it all to Unicode (Unikey: "
                            "conversion tool) and save it again"),
    "import_legacy_unsure": ("văn bản{where} có vẻ gõ bằng mã cũ {encoding} nhưng không chắc chắn nên không chuyển: "
                             "hãy mở bằng Word, chuyển sang Unicode (Unikey: Công cụ chuyển mã) rồi lưu lại",
                             "the document{where} looks typed in the old {encoding} encoding, but not clearly enough "
                             "to convert it: open it in Word, convert it to Unicode (Unikey: conversion tool) and "
                             "save it again"),
}
