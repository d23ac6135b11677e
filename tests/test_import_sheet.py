"""The Excel form of `sapa plan template`, and `sapa plan import` reading it back exactly
(sheet_template.py, read_sheet.py): what the clerk fills is what the plan says, and every
mistake is named by its sheet and cell."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sapa_propaganda import i18n
from sapa_propaganda.core.model import Unit
from sapa_propaganda.core.period_words import read_period
from sapa_propaganda.errors import PlanError, UsageError
from sapa_propaganda.plan_import import messages  # noqa: F401  (adds the importer's messages)
from sapa_propaganda.plan_import.draft import Draft
from sapa_propaganda.plan_import.draft_toml import render
from sapa_propaganda.plan_import.read_sheet import parse_due, read_sheet
from sapa_propaganda.plan_import.sheet_template import template_bytes
from sapa_propaganda.storage.plan_loader import parse_plan

ROSTER = (
    Unit(id="btg", name="Ban Tuyên giáo Huyện ủy", short="Tuyên giáo", aliases=("BTG", "Ban Tuyên giáo")),
    Unit(id="mttq", name="Ủy ban MTTQ Việt Nam huyện", aliases=("MTTQ", "Mặt trận huyện")),
)


@pytest.fixture(autouse=True)
def vietnamese() -> Iterator[None]:
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


@pytest.fixture
def form(tmp_path: Path) -> Path:
    """The form as `sapa plan template` writes it, untouched."""
    path = tmp_path / "mau.xlsx"
    path.write_bytes(template_bytes())
    return path


def edit(path: Path, changes: dict[str, dict[str, Any]]) -> Path:
    """Set cells as a clerk would in Excel: {"Nhiệm vụ": {"E3": "31/02/2024"}}; None empties one."""
    book = openpyxl.load_workbook(path)
    for sheet, cells in changes.items():
        for cell, value in cells.items():
            book[sheet][cell].value = value
    book.save(path)
    return path


def problems(path: Path, roster: tuple[Unit, ...] = ()) -> list[str]:
    with pytest.raises(PlanError) as caught:
        read_sheet(str(path), roster, None)
    assert caught.value.exit_code == 4
    return list(caught.value.problems)


def plan_of(draft: Draft, roster: tuple[Unit, ...] = ()) -> Any:
    """The draft as the plan file `sapa plan import` writes, checked as `sapa plan check` would."""
    return parse_plan(render(draft, "mau.xlsx", date(2024, 5, 1)).text, "nhap.toml", roster)


# --- the form as written ----------------------------------------------------------------------------

def test_the_form_has_its_sheets_in_order_with_bold_frozen_headers(form: Path) -> None:
    book = openpyxl.load_workbook(form)
    assert book.sheetnames == ["Hướng dẫn", "Kế hoạch", "Nhiệm vụ", "Báo cáo", "Đơn vị"]
    headers = {name: [c.value for c in book[name][1] if c.value] for name in book.sheetnames[1:]}
    assert headers == {
        "Kế hoạch": ["Trường", "Giá trị", "Ghi chú"],
        "Nhiệm vụ": ["Mục", "Nội dung", "Chủ trì", "Phối hợp", "Bắt đầu", "Hạn"],
        "Báo cáo": ["Loại", "Đơn vị", "Hạn", "Từ kỳ", "Đến kỳ", "Gửi về", "Tên báo cáo"],
        "Đơn vị": ["Mã", "Tên", "Tên viết tắt / tên khác"],
    }
    for name in book.sheetnames[1:]:
        assert book[name].freeze_panes == "A2"
        assert all(c.font.bold for c in book[name][1] if c.value)
    guide = "\n".join(str(c.value) for c in book["Hướng dẫn"]["A"] if c.value)
    assert "sapa plan import mau-ke-hoach.xlsx" in guide


def test_the_form_dates_are_real_dates_shown_day_first(form: Path) -> None:
    book = openpyxl.load_workbook(form)
    fields = {row[0].value: row[1] for row in book["Kế hoạch"].iter_rows(min_row=2)}
    assert list(fields) == ["Mã kế hoạch", "Loại văn bản", "Số hiệu", "Cơ quan ban hành", "Nơi ban hành",
                            "Ngày ban hành", "Trích yếu (tên kế hoạch)", "Bắt đầu", "Kết thúc", "Căn cứ",
                            "Người ký (chức vụ)", "Người ký (họ tên)", "Nơi nhận"]
    for label in ("Ngày ban hành", "Bắt đầu", "Kết thúc"):
        assert isinstance(fields[label].value, datetime)
        assert fields[label].number_format == "dd/mm/yyyy"
    duty = book["Nhiệm vụ"][3]
    assert [c.value for c in duty[:4]] == ["I.1", "Tổ chức hội nghị quán triệt Nghị quyết cho cán bộ chủ chốt của "
                                           "huyện", "Ban Tuyên giáo Huyện ủy", "Trung tâm Chính trị huyện"]
    assert duty[4].value == datetime(2024, 3, 1) and duty[4].number_format == "dd/mm/yyyy"


def test_the_form_offers_the_units_and_report_kinds_as_lists(form: Path) -> None:
    book = openpyxl.load_workbook(form)
    lists = {str(v.sqref): (v.formula1, v.errorStyle) for name in ("Nhiệm vụ", "Báo cáo")
             for v in book[name].data_validations.dataValidation}
    assert lists["C2:C1000 D2:D1000"] == ("'Đơn vị'!$B$2:$B$1000", "warning")  # a new unit may be typed
    assert lists["B2:B1000 F2:F1000"] == ("'Đơn vị'!$B$2:$B$1000", "warning")
    assert lists["A2:A1000"][0] == '"tháng,quý,6 tháng,9 tháng,năm,một lần"'


def test_a_form_written_with_the_roster_lists_the_office_units() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(ROSTER)))
    rows = [tuple(c.value for c in row) for row in book["Đơn vị"].iter_rows(min_row=2)]
    assert rows == [("btg", "Ban Tuyên giáo Huyện ủy", "Tuyên giáo; BTG; Ban Tuyên giáo"),
                    ("mttq", "Ủy ban MTTQ Việt Nam huyện", "MTTQ; Mặt trận huyện")]


def test_the_form_is_the_same_every_time() -> None:
    def parts(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # the save time in docProps/core.xml aside
            return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}

    assert parts(template_bytes(ROSTER)) == parts(template_bytes(ROSTER))


# --- read back ----------------------------------------------------------------------------------------

def test_the_form_read_back_unchanged_is_a_valid_plan_with_the_example(form: Path) -> None:
    draft = read_sheet(str(form), (), None)
    plan = plan_of(draft)
    assert (plan.id, plan.kind, plan.number, plan.issued, plan.place) == (
        "15-kh-hu-2024", "KH", "15-KH/HU", date(2024, 2, 20), "Bắc Hà")
    assert plan.title.startswith("Kế hoạch học tập, quán triệt")
    assert (plan.issuer, plan.start, plan.end) == ("Ban Thường vụ Huyện ủy", date(2024, 3, 1), date(2024, 12, 31))
    assert plan.recipients == ("Ban Thường vụ Tỉnh ủy (b/c)", "Các chi, đảng bộ trực thuộc", "Lưu Văn phòng Huyện ủy")
    assert (plan.signer.on_behalf, plan.signer.title, plan.signer.name) == (
        "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn An")
    assert [(u.id, u.name) for u in plan.units] == [
        ("btg", "Ban Tuyên giáo Huyện ủy"), ("ttct", "Trung tâm Chính trị huyện"), ("btv", "Ban Thường vụ Huyện ủy")]
    assert [(i.id, i.kind, i.units, i.partners, i.due) for i in plan.items] == [
        ("I", "section", (), (), None),
        ("I.1", "duty", ("btg",), ("ttct",), date(2024, 3, 31)),
        ("I.2", "duty", ("ttct",), ("btg",), date(2024, 6, 30)),
    ]
    rules = {r.id: r for r in plan.reporting.rules}
    assert rules["bao-cao-thang"].units == ("ttct",) and rules["bao-cao-thang"].to == ("btg",)
    assert rules["bao-cao-6-thang"].units == ("btg", "ttct")  # "tất cả": every unit with a duty
    assert rules["ket-qua-thuc-hien-ke-hoach"].once[0].due == date(2024, 11, 30)
    # The only guess: the plan's id, made from the number (the form leaves it empty).
    assert [c.path for c in draft.checks] == [("plan", "id")]


def district_form(path: Path) -> Path:
    """A district plan typed into the form: 5 units and 5 chi bộ, 8 duties with deadlines, monthly
    reports of the chi bộ due the 20th, a 6-month and an annual report, a one-time report."""
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    plan = book["Kế hoạch"]
    values = {
        "Mã kế hoạch": "kh42-2024", "Loại văn bản": "Kế hoạch", "Số hiệu": "42-KH/HU",
        "Cơ quan ban hành": "Ban Thường vụ Huyện ủy Bát Xát", "Nơi ban hành": "Bát Xát",
        "Ngày ban hành": datetime(2024, 1, 15),
        "Trích yếu (tên kế hoạch)": "Kế hoạch tuyên truyền kỷ niệm các ngày lễ lớn năm 2024",
        "Bắt đầu": "15/01/2024", "Kết thúc": "2024-12-31",
        "Căn cứ": "Hướng dẫn số 45-HD/BTGTU ngày 20/12/2023 của Ban Tuyên giáo Tỉnh ủy",
        "Người ký (chức vụ)": "BÍ THƯ", "Người ký (họ tên)": "Lý Văn Sinh",
        "Nơi nhận": "Ban Tuyên giáo Tỉnh ủy (b/c)\nCác chi, đảng bộ trực thuộc",
    }
    for row in plan.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    plan.insert_rows(12)  # a second basis on the row under the first, its label left empty
    plan["B12"] = "Kế hoạch số 120-KH/TU ngày 05/01/2024 của Tỉnh ủy"
    units = [("btg", "Ban Tuyên giáo Huyện ủy", "BTG"), ("mttq", "Ủy ban MTTQ Việt Nam huyện", "MTTQ; Mặt trận"),
             ("ttvh", "Trung tâm Văn hóa - Thể thao và Truyền thông huyện", "TTVH"),
             ("doan", "Huyện đoàn Bát Xát", "Huyện đoàn"), ("btv", "Ban Thường vụ Huyện ủy", "BTV"),
             ("", "Chi bộ xã A Mú Sung", ""), ("", "Chi bộ xã Bản Qua", ""), ("", "Chi bộ xã Cốc San", ""),
             ("", "Chi bộ xã Dền Sáng", ""), ("", "Chi bộ thị trấn Bát Xát", "CB thị trấn")]
    items: list[tuple[Any, ...]] = [
        ("I", "TUYÊN TRUYỀN CÁC NGÀY LỄ LỚN", None, None, None, None),
        ("I.1", "Tuyên truyền kỷ niệm 94 năm Ngày thành lập Đảng", "BTG", "TTVH", "15/01/2024", "03/02/2024"),
        ("I.2", "Tổ chức hội thi tìm hiểu lịch sử Đảng bộ huyện", "Huyện đoàn", "BTG", "01/03/2024", "26/03/2024"),
        ("I.3", "Treo băng rôn, khẩu hiệu dịp 30/4 và 1/5", "TTVH", None, None, datetime(2024, 4, 25)),
        ("I.4", "Vận động Nhân dân treo cờ Tổ quốc", "MTTQ", "Huyện đoàn", None, datetime(2024, 9, 1)),
        ("II", "TỔ CHỨC THỰC HIỆN", None, None, None, None),
        ("II.1", "Hướng dẫn nội dung tuyên truyền", "BTG", None, None, None),
        ("II.1.a", "Biên soạn đề cương tuyên truyền", None, None, None, "31/01/2024"),
        ("II.1.b", "Cung cấp tài liệu cho báo cáo viên", "BTG", "MTTQ; TTVH", None, "15/02/2024"),
        ("II.2", "Theo dõi, tổng hợp kết quả, báo cáo Ban Thường vụ", "BTG", None, None, "15/12/2024"),
        ("II.3", "Tổ chức các hoạt động thanh niên tình nguyện hè", "Huyện đoàn", None, "01/06/2024", "31/08/2024"),
        ("II.4", "Tuyên truyền trong đoàn viên, hội viên", "Mặt trận", "BTG", None, "31/10/2024"),
    ]
    chi_bo = "Chi bộ xã A Mú Sung; Chi bộ xã Bản Qua\nChi bộ xã Cốc San; Chi bộ xã Dền Sáng; CB thị trấn"
    reports = [
        ("tháng", chi_bo, "ngày 20", "2024-02", "2024-12", "Ban Tuyên giáo Huyện ủy", None),
        ("6 tháng", "tất cả", "15/6", "2024-H1", "2024-H1", "BTV", None),
        ("năm", "tất cả", "ngày 15 tháng 11", "2024-Y", None, "BTV", "Báo cáo tổng kết năm"),
        ("một lần", "BTG", "chậm nhất ngày 20/12/2024", None, None, "BTV", "Báo cáo sơ kết"),
    ]
    for name, rows in (("Đơn vị", units), ("Nhiệm vụ", items), ("Báo cáo", reports)):
        sheet = book[name]
        sheet.delete_rows(2, sheet.max_row)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_district_plan_filled_in_reads_exactly(tmp_path: Path) -> None:
    draft = read_sheet(str(district_form(tmp_path / "bat-xat.xlsx")), (), None)
    data = draft.data
    assert data["plan"] == {
        "id": "kh42-2024", "kind": "KH", "number": "42-KH/HU", "issued": date(2024, 1, 15), "place": "Bát Xát",
        "title": "Kế hoạch tuyên truyền kỷ niệm các ngày lễ lớn năm 2024", "issuer": "Ban Thường vụ Huyện ủy Bát Xát",
        "start": date(2024, 1, 15), "end": date(2024, 12, 31),
        "basis": ["Hướng dẫn số 45-HD/BTGTU ngày 20/12/2023 của Ban Tuyên giáo Tỉnh ủy",
                  "Kế hoạch số 120-KH/TU ngày 05/01/2024 của Tỉnh ủy"],
        "recipients": ["Ban Tuyên giáo Tỉnh ủy (b/c)", "Các chi, đảng bộ trực thuộc"],
        "signer": {"title": "BÍ THƯ", "name": "Lý Văn Sinh"},
    }
    assert [(u["id"], u["name"]) for u in data["units"]][:5] == [
        ("btg", "Ban Tuyên giáo Huyện ủy"), ("mttq", "Ủy ban MTTQ Việt Nam huyện"),
        ("ttvh", "Trung tâm Văn hóa - Thể thao và Truyền thông huyện"), ("doan", "Huyện đoàn Bát Xát"),
        ("btv", "Ban Thường vụ Huyện ủy")]
    chi_bo = ["chi-bo-xa-a-mu-sung", "chi-bo-xa-ban-qua", "chi-bo-xa-coc-san", "chi-bo-xa-den-sang",
              "chi-bo-thi-tran-bat-xat"]
    assert [u["id"] for u in data["units"]][5:] == chi_bo
    assert data["units"][1]["aliases"] == ["MTTQ", "Mặt trận"]
    assert [(i["id"], i["kind"], i.get("units"), i.get("partners"), i.get("start"), i.get("due"))
            for i in data["items"]] == [
        ("I", "section", None, None, None, None),
        ("I.1", "duty", ["btg"], ["ttvh"], date(2024, 1, 15), date(2024, 2, 3)),
        ("I.2", "duty", ["doan"], ["btg"], date(2024, 3, 1), date(2024, 3, 26)),
        ("I.3", "duty", ["ttvh"], None, None, date(2024, 4, 25)),
        ("I.4", "duty", ["mttq"], ["doan"], None, date(2024, 9, 1)),
        ("II", "section", None, None, None, None),
        ("II.1", "section", ["btg"], None, None, None),
        ("II.1.a", "content", None, None, None, date(2024, 1, 31)),
        ("II.1.b", "duty", ["btg"], ["mttq", "ttvh"], None, date(2024, 2, 15)),
        ("II.2", "duty", ["btg"], None, None, date(2024, 12, 15)),
        ("II.3", "duty", ["doan"], None, date(2024, 6, 1), date(2024, 8, 31)),
        ("II.4", "duty", ["mttq"], ["btg"], None, date(2024, 10, 31)),
    ]
    assert data["items"][0]["title"] == "TUYÊN TRUYỀN CÁC NGÀY LỄ LỚN"
    everyone = ["btg", "doan", "ttvh", "mttq"]  # "tất cả": the units that lead an item, in order
    assert data["reporting"] == {"first": "2024-02", "last": "2024-12", "rules": [
        {"id": "bao-cao-thang", "kind": "unit", "name": "Báo cáo tháng", "units": chi_bo, "to": ["btg"],
         "due": [{"period": "month", "months_after_end": 0, "day": 20}]},
        {"id": "bao-cao-6-thang", "kind": "unit", "name": "Báo cáo 6 tháng", "units": everyone, "to": ["btv"],
         "first": "2024-H1", "last": "2024-H1", "due": [{"period": "half-year", "month": 6, "day": 15}]},
        {"id": "bao-cao-nam", "kind": "unit", "name": "Báo cáo tổng kết năm", "units": everyone, "to": ["btv"],
         "first": "2024-Y", "last": "2024-Y", "due": [{"period": "annual", "month": 11, "day": 15}]},
        {"id": "so-ket", "kind": "unit", "name": "Báo cáo sơ kết", "units": ["btg"], "to": ["btv"],
         "once": [{"period": "so-ket", "due": date(2024, 12, 20), "name": "Báo cáo sơ kết"}]},
    ]}
    # The one value not typed: the annual report's last period, left empty, is the plan's last year.
    assert [(c.path, c.source) for c in draft.checks] == [(("reporting", "rules", 2, "last"), "Báo cáo!E4")]
    plan = plan_of(draft)
    assert len([i for i in plan.items if i.kind == "duty" and i.due]) == 8
    assert next(i for i in plan.items if i.id == "II.1.a").units == ("btg",)  # from its heading


def test_the_rendered_draft_says_where_a_guess_came_from(tmp_path: Path) -> None:
    draft = read_sheet(str(district_form(tmp_path / "bat-xat.xlsx")), (), None)
    text = render(draft, "bat-xat.xlsx", date(2024, 5, 1)).text
    assert "# KIỂM TRA: ô Đến kỳ để trống: chương trình lấy kỳ 2024-Y" in text
    assert "“Báo cáo!E4”" in text


def test_the_id_given_on_the_command_line_wins(form: Path) -> None:
    draft = read_sheet(str(form), (), "nghi-quyet-2024")
    assert draft.data["plan"]["id"] == "nghi-quyet-2024"
    assert draft.checks == []


def test_a_cell_that_starts_with_equals_stored_as_text_is_text(form: Path) -> None:
    book = openpyxl.load_workbook(form)
    cell = book["Nhiệm vụ"]["B3"]
    cell.value = "=Tuyên truyền trên Cổng thông tin"
    cell.data_type = "s"  # Excel's leading apostrophe: text, not a formula
    book.save(form)
    draft = read_sheet(str(form), (), None)
    assert draft.data["items"][1]["text"] == "=Tuyên truyền trên Cổng thông tin"


def test_a_formula_gives_its_last_calculated_value_and_is_never_evaluated(form: Path) -> None:
    edit(form, {"Kế hoạch": {"B6": '=UPPER("Bắc Hà")'}})
    # Excel would have saved the value it calculated beside the formula: so does this file.
    data = form.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    sheet = parts["xl/worksheets/sheet2.xml"].decode()
    assert "<f>UPPER(" in sheet
    start = sheet.index('<c r="B6"')
    end = sheet.index("</c>", start) + 4
    parts["xl/worksheets/sheet2.xml"] = (sheet[:start] + '<c r="B6" t="str"><f>UPPER("Bắc Hà")</f><v>BẮC HÀ</v></c>'
                                         + sheet[end:]).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as new:
        for name, content in parts.items():
            new.writestr(name, content)
    form.write_bytes(buffer.getvalue())
    assert read_sheet(str(form), (), None).data["plan"]["place"] == "BẮC HÀ"


def test_an_item_number_excel_made_a_number_is_read_and_flagged(form: Path) -> None:
    edit(form, {"Nhiệm vụ": {"A2": 1, "A3": 1.1, "A4": 1.2}})
    draft = read_sheet(str(form), (), None)
    assert [i["id"] for i in draft.data["items"]] == ["1", "1.1", "1.2"]
    assert [(c.path, c.source) for c in draft.checks if c.path[0] == "items"] == [
        (("items", 1, "id"), "Nhiệm vụ!A3"), (("items", 2, "id"), "Nhiệm vụ!A4")]


def test_a_deadline_excel_made_a_date_keeps_its_day_and_month(form: Path) -> None:
    edit(form, {"Báo cáo": {"C3": datetime(2025, 6, 10)}})  # "10/6" typed where the column lost its Text format
    draft = read_sheet(str(form), (), None)
    assert draft.data["reporting"]["rules"][1]["due"] == [{"period": "half-year", "month": 6, "day": 10}]
    assert any(c.source == "Báo cáo!C3" and "ngày 10 tháng 6" in c.message for c in draft.checks)


# --- units ------------------------------------------------------------------------------------------

def test_a_roster_unit_is_matched_by_its_alias(form: Path) -> None:
    edit(form, {"Nhiệm vụ": {"C3": "Ban Tuyên giáo", "D4": "Mặt trận huyện"}})
    draft = read_sheet(str(form), ROSTER, None)
    items = draft.data["items"]
    assert items[1]["units"] == ["btg"]  # the sheet's "Ban Tuyên giáo Huyện ủy" is the roster's btg
    assert items[2]["partners"] == ["mttq"]
    assert not [c for c in draft.checks if c.path[0] == "items"]  # exact: nothing to check
    units = {u["id"]: u for u in draft.data["units"]}
    assert units["mttq"] == {"id": "mttq", "name": "Ủy ban MTTQ Việt Nam huyện",
                             "aliases": ["MTTQ", "Mặt trận huyện"]}
    plan_of(draft, ROSTER)


def test_a_form_written_with_the_roster_reads_back_with_the_roster_ids(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    path.write_bytes(template_bytes(ROSTER))
    draft = read_sheet(str(path), ROSTER, None)
    assert draft.data["items"][1]["units"] == ["btg"]  # "Ban Tuyên giáo Huyện ủy" of the roster
    assert [u["id"] for u in draft.data["units"]] == ["btg", "trung-tam-chinh-tri-huyen", "ban-thuong-vu-huyen-uy"]
    new = [c.message for c in draft.checks if "chưa có ở trang Đơn vị" in c.message]
    assert len(new) == 2  # the example's other units are not on the roster's sheet: said, not hidden
    plan_of(draft, ROSTER)


def test_a_unit_matched_loosely_is_a_check_at_its_cell(form: Path) -> None:
    edit(form, {"Nhiệm vụ": {"C3": "UBND huyện", "C4": "Ban Tuyen giao"}, "Đơn vị": {"A5": "ubnd",
                                                                                  "B5": "Ủy ban nhân dân huyện"}})
    draft = read_sheet(str(form), (), None)
    assert draft.data["items"][1]["units"] == ["ubnd"]
    assert draft.data["items"][2]["units"] == ["btg"]
    loose = [(c.path, c.source) for c in draft.checks if "tên gần đúng" in c.message]
    assert loose == [(("items", 1, "units"), "Nhiệm vụ!C3"), (("items", 2, "units"), "Nhiệm vụ!C4")]


def test_a_unit_not_on_the_sheet_is_created_and_said(form: Path) -> None:
    edit(form, {"Nhiệm vụ": {"D3": "Hội Nông dân huyện"}})
    draft = read_sheet(str(form), (), None)
    assert draft.data["items"][1]["partners"] == ["hoi-nong-dan-huyen"]
    assert {"id": "hoi-nong-dan-huyen", "name": "Hội Nông dân huyện"} in draft.data["units"]
    assert any(c.source == "Nhiệm vụ!D3" and "đơn vị mới" in c.message for c in draft.checks)


# --- problems, each at its cell -------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "where", "words"), [
    ({"Nhiệm vụ": {"E3": "31/02/2024"}}, "Nhiệm vụ!E3", "'31/02/2024' không tồn tại"),
    ({"Nhiệm vụ": {"F3": "ngày mai"}}, "Nhiệm vụ!F3", "ngày không hợp lệ 'ngày mai'"),
    ({"Nhiệm vụ": {"F3": datetime(2024, 2, 1)}}, "Nhiệm vụ!F3", "hạn 01/02/2024 trước ngày bắt đầu 01/03/2024"),
    ({"Nhiệm vụ": {"A4": "I.1"}}, "Nhiệm vụ!A4", "mục “I.1” trùng với ô Nhiệm vụ!A3"),
    ({"Nhiệm vụ": {"A4": "II.1.a"}}, "Nhiệm vụ!A4", "không có mục cha “II.1”"),
    ({"Nhiệm vụ": {"A4": "I/2"}}, "Nhiệm vụ!A4", "mục “I/2” không hợp lệ"),
    ({"Nhiệm vụ": {"A4": None}}, "Nhiệm vụ!A4", "thiếu số mục"),
    ({"Nhiệm vụ": {"B4": None}}, "Nhiệm vụ!B4", "chưa ghi nội dung"),
    ({"Nhiệm vụ": {"F1": None}}, "Nhiệm vụ!F1", "thiếu cột “Hạn”"),
    ({"Nhiệm vụ": {"C3": "tất cả"}}, "Nhiệm vụ!C3", "chỉ dùng ở cột Đơn vị của trang Báo cáo"),
    ({"Kế hoạch": {"B10": datetime(2024, 1, 1)}}, "Kế hoạch!B10", "ngày kết thúc 01/01/2024 trước ngày bắt đầu"),
    ({"Kế hoạch": {"B5": None}}, "Kế hoạch!B5", "chưa ghi “Cơ quan ban hành”"),
    ({"Kế hoạch": {"B2": "KH 15/2024"}}, "Kế hoạch!B2", "mã kế hoạch “KH 15/2024” không hợp lệ"),
    ({"Kế hoạch": {"B7": "20.02.24"}}, "Kế hoạch!B7", "ngày không hợp lệ '20.02.24'"),
    ({"Kế hoạch": {"A4": "Số văn bản"}}, "Kế hoạch!A4", "trường “Số văn bản” không có trong mẫu"),
    ({"Kế hoạch": {"B8": '=CONCAT("Kế hoạch ", "2024")'}}, "Kế hoạch!B8", "công thức chưa được tính"),
    ({"Báo cáo": {"A2": "hằng tuần"}}, "Báo cáo!A2", "loại báo cáo “hằng tuần” không có"),
    ({"Báo cáo": {"D2": "quý 5/2024"}}, "Báo cáo!D2", "kỳ báo cáo không hợp lệ 'quý 5/2024'"),
    ({"Báo cáo": {"E2": "2024-01"}}, "Báo cáo!E2", "kỳ cuối 2024-01 trước kỳ đầu 2024-03"),
    ({"Báo cáo": {"D2": datetime(2024, 3, 1)}}, "Báo cáo!D2", "kỳ báo cáo là ngày 01/03/2024"),
    ({"Báo cáo": {"C2": "15/6"}}, "Báo cáo!C2", "hạn “15/6” không đọc được với báo cáo tháng"),
    ({"Báo cáo": {"C3": "giữa năm"}}, "Báo cáo!C3", "hạn “giữa năm” không đọc được với báo cáo 6 tháng"),
    ({"Báo cáo": {"C3": "31/6"}}, "Báo cáo!C3", "hạn “31/6” không đọc được"),
    ({"Báo cáo": {"C5": "30/11"}}, "Báo cáo!C5", "ngày không hợp lệ '30/11'"),
    ({"Báo cáo": {"C4": None}}, "Báo cáo!C4", "chưa ghi hạn báo cáo"),
    ({"Báo cáo": {"D5": "2024-Y"}}, "Báo cáo!D5", "báo cáo một lần không có kỳ"),
    ({"Báo cáo": {"F2": None}}, "Báo cáo!F2", "chưa ghi đơn vị"),
    ({"Báo cáo": {"F2": "Trung tâm Chính trị huyện"}}, "Báo cáo!B2", "vừa báo cáo vừa là nơi nhận"),
    ({"Đơn vị": {"A3": "BTG"}}, "Đơn vị!A3", "“btg” đã là tên hoặc mã của đơn vị ở ô Đơn vị!A2"),
    ({"Đơn vị": {"A3": "tt ct"}}, "Đơn vị!A3", "mã đơn vị “tt ct” không hợp lệ"),
    ({"Đơn vị": {"B3": None}}, "Đơn vị!B3", "đơn vị chưa có tên"),
])
def test_each_problem_names_its_sheet_and_cell(form: Path, changes: dict[str, dict[str, Any]], where: str,
                                               words: str) -> None:
    found = problems(edit(form, changes))
    assert len(found) == 1, found
    assert found[0].startswith(f"mau.xlsx: {where}: "), found
    assert words in found[0]


def test_a_missing_sheet_is_named(form: Path) -> None:
    book = openpyxl.load_workbook(form)
    del book["Báo cáo"]
    book.save(form)
    assert problems(form) == ["mau.xlsx: Báo cáo: thiếu trang “Báo cáo”: hãy dùng mẫu do `sapa plan template` tạo, "
                              "không đổi tên trang"]


def test_every_problem_is_said_at_once_in_the_users_language(form: Path) -> None:
    edit(form, {"Nhiệm vụ": {"E3": "31/02/2024", "A4": "III.2"}, "Báo cáo": {"A2": "hằng tuần"}})
    i18n.set_language("en")
    assert problems(form) == [
        "mau.xlsx: Nhiệm vụ!E3: date '31/02/2024' does not exist: month 2 of 2024 has no day 31 (dates are "
        "dd/mm/yyyy or yyyy-mm-dd)",
        "mau.xlsx: Nhiệm vụ!A4: the item “III.2” has no parent “III” on a row above: add a row “III” (its heading) "
        "above it",
        "mau.xlsx: Báo cáo!A2: the kind of report “hằng tuần” is unknown: choose one of tháng, quý, 6 tháng, 9 tháng, "
        "năm, một lần",
    ]


# --- files that are no form ---------------------------------------------------------------------------

def one_line_refusal(path: Path) -> str:
    with pytest.raises(UsageError) as caught:
        read_sheet(str(path), (), None)
    assert caught.value.exit_code == 2
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    return message


def test_a_file_that_is_not_a_workbook_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.xlsx"
    path.write_text("Kế hoạch tuyên truyền", encoding="utf-8")
    assert "không phải bảng tính Excel" in one_line_refusal(path)


def test_a_damaged_workbook_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(template_bytes()[:4000])
    assert "bị hỏng" in one_line_refusal(path)


def test_a_workbook_with_a_password_is_refused_in_one_line(tmp_path: Path) -> None:
    # Excel wraps an encrypted workbook in an OLE2 file holding an "EncryptedPackage" stream.
    path = tmp_path / "mat-khau.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"))
    assert "mật khẩu" in one_line_refusal(path)


# --- the deadlines a report may have ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "period", "table"), [
    ("ngày 20", "month", {"period": "month", "months_after_end": 0, "day": 20}),
    ("Trước ngày 20 hằng tháng", "month", {"period": "month", "months_after_end": 0, "day": 20}),
    ("ngày 5 tháng sau", "month", {"period": "month", "months_after_end": 1, "day": 5}),
    ("ngày 15 tháng cuối quý", "quarter", {"period": "quarter", "months_after_end": 0, "day": 15}),
    ("ngày 5 tháng đầu quý sau", "quarter", {"period": "quarter", "months_after_end": 1, "day": 5}),
    ("15/6", "half-year", {"period": "half-year", "month": 6, "day": 15}),
    ("ngày 20 tháng 9", "nine-months", {"period": "nine-months", "month": 9, "day": 20}),
    ("15/12", "annual", {"period": "annual", "month": 12, "day": 15}),
    ("ngày 10 tháng 1 năm sau", "annual", {"period": "annual", "months_after_end": 1, "day": 10}),
])
def test_the_deadlines_the_form_reads(text: str, period: str, table: dict[str, Any]) -> None:
    due = parse_due(text, period)
    assert due is not None and due.table(period) == table


@pytest.mark.parametrize(("text", "period"), [("15/6", "month"), ("15/3", "quarter"), ("ngày 32", "month"),
                                              ("30/2", "annual"), ("cuối năm", "annual")])
def test_deadlines_that_do_not_read(text: str, period: str) -> None:
    assert parse_due(text, period) is None


@pytest.mark.parametrize("written", ["2024-Q1", "quy1-2024", "quý 1/2024"])
def test_periods_are_read_as_the_command_line_reads_them(form: Path, written: str) -> None:
    expected = read_period(written).id
    edit(form, {"Báo cáo": {"A2": "quý", "C2": "ngày 15 tháng cuối quý", "D2": written, "E2": "2024-Q4"}})
    reporting = read_sheet(str(form), (), None).data["reporting"]
    assert expected == "2024-Q1"
    assert reporting["rules"][0].get("first", reporting["first"]) == "2024-Q1"
