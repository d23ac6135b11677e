"""A second plan, other units and quarterly reports: nothing in sapa is tied to the Sa Pa plan."""

from __future__ import annotations

import json
import unicodedata
from datetime import date

from helpers import groups_of, ok
from sample_plans import QUARTERLY_PLAN, QUARTERLY_PLAN_PATH

from sapa_propaganda.storage.plan_loader import load_plan


def test_plan_check_passes(run, quarterly_plan):
    out = ok(run("plan", "check", quarterly_plan))
    assert str(quarterly_plan) in out
    data = json.loads(ok(run("plan", "check", quarterly_plan, "--json")))
    assert (data["valid"], data["units"], data["items"], data["duties"]) == (True, 4, 11, 5)


def test_it_loads_with_its_metadata_and_reporting_rule():
    plan = load_plan(QUARTERLY_PLAN_PATH)
    assert plan.id == "bao-thang-2024-hoi-nong-dan"
    assert plan.number == "25-KH/HU" and plan.issued == date(2024, 1, 15)
    assert [u.id for u in plan.units] == ["hu", "bdv", "hnd", "phong-nn"]
    assert plan.item("I.1").due == date(2024, 6, 30)
    rep = plan.reporting
    assert (rep.warning_days, rep.first, rep.last) == (5, "2024-Q1", "2025-Q4")
    unit_rule, consolidated = rep.rules
    assert unit_rule.kind == "unit" and unit_rule.units == ("hnd", "phong-nn") and unit_rule.via == "bdv"
    assert [(d.period, d.months_after_end, d.day, d.month) for d in unit_rule.due] == [("quarter", 1, 10, None)]
    assert consolidated.kind == "consolidated" and consolidated.units == ("bdv",)
    assert [(d.period, d.months_after_end, d.day, d.month) for d in consolidated.due] == [
        ("quarter", 1, 20, None), ("annual", None, 5, 12)]


def test_duties_by_unit(run, quarterly_plan):
    out = ok(run("--plan", quarterly_plan, "duties"))
    # A duty with two units is listed under each, in document order.
    assert groups_of(out) == {
        "hnd": ["II.1.1", "II.1.2", "II.1.3", "II.2.2"],
        "phong-nn": ["II.2.1", "II.2.2"],
    }
    assert out.splitlines()[0] == "Mã\tMục\tTrạng thái\tCập nhật\tĐơn vị\tNhiệm vụ\tHạn"


def test_unit_names_of_the_second_plan_match(run, quarterly_plan):
    for typed, unit in [("hoi nong dan", "hnd"), ("HND", "hnd"), ("phong nong nghiep", "phong-nn"),
                        ("Phòng NN&PTNT", "phong-nn")]:
        rows = json.loads(ok(run("--plan", quarterly_plan, "duties", "-u", typed, "--json")))
        assert {r["unit"] for r in rows} == {unit}, typed


def _row(item_id, unit, text, section, due=None):
    row = {"id": item_id, "unit": unit, "text": text, "section": section, "kind": "duty", "due": due,
           "status": "todo", "updated": None, "note": ""}
    # An item with a due date also says where it stands against it (on the tests' 20/06/2022: not begun, in time).
    return row | ({"state": "not-started", "days_late": None} if due else {})


EXPECTED_JSON = [
    _row("II.1.1", "hnd", "Xây dựng kế hoạch tuyên truyền đến cán bộ, hội viên nông dân ở cơ sở.", "II.1"),
    _row("II.1.2", "hnd", "Tổ chức hội nghị đối thoại giữa nông dân với Chủ tịch UBND huyện.", "II.1",
         "2024-03-31"),
    _row("II.1.3", "hnd", "Vận động hội viên đăng ký xây dựng hộ gia đình sản xuất, kinh doanh giỏi.", "II.1"),
    _row("II.2.2", "hnd", "Phối hợp với Hội Nông dân huyện tập huấn kỹ thuật trồng chè, chuối theo chuỗi giá trị.",
         "II.2"),
    _row("II.2.1", "phong-nn", "Cung cấp thông tin về mùa vụ, giá cả nông sản cho Hội Nông dân huyện.", "II.2"),
    _row("II.2.2", "phong-nn",
         "Phối hợp với Hội Nông dân huyện tập huấn kỹ thuật trồng chè, chuối theo chuỗi giá trị.", "II.2"),
]


def test_duties_json_is_exact(run, quarterly_plan):
    assert json.loads(ok(run("--plan", quarterly_plan, "duties", "--json"))) == EXPECTED_JSON


def test_a_plan_typed_in_nfd_reads_the_same(run, write_plan):
    """Text pasted from macOS or the web arrives decomposed; the loader normalises it to NFC."""
    nfd = unicodedata.normalize("NFD", QUARTERLY_PLAN)
    assert nfd != QUARTERLY_PLAN
    path = write_plan(nfd, "nfd.toml")
    assert json.loads(ok(run("--plan", path, "duties", "--json"))) == EXPECTED_JSON
    rows = json.loads(ok(run("--plan", path, "duties", "-u", "Hội Nông dân", "--json")))
    assert {r["unit"] for r in rows} == {"hnd"}


def test_show_a_joint_duty_and_its_quarterly_rule(run, quarterly_plan):
    out = ok(run("--plan", quarterly_plan, "show", "II.2.2"))
    assert "Phòng Nông nghiệp và Phát triển nông thôn (phong-nn), Hội Nông dân huyện (hnd)" in out
    assert "II. TỔ CHỨC THỰC HIỆN › II.2. Phòng Nông nghiệp và Phát triển nông thôn" in out
    rules = [line for line in out.splitlines() if line.startswith("Chế độ báo cáo:")]
    assert len(rules) == 1
    assert "quý" in rules[0] and "10" in rules[0] and "BDV Huyện ủy" in rules[0]


def test_show_a_content_with_a_deadline(run, quarterly_plan):
    out = ok(run("--plan", quarterly_plan, "show", "I.1"))
    assert "30/06/2024" in next(line for line in out.splitlines() if line.startswith("Thời hạn:"))


def test_units_of_the_second_plan(run, quarterly_plan):
    rows = {r["id"]: r for r in json.loads(ok(run("--plan", quarterly_plan, "units", "--json")))}
    assert {uid: r["duties"] for uid, r in rows.items()} == {"hu": 0, "bdv": 0, "hnd": 4, "phong-nn": 2}
    assert rows["bdv"]["parent"] == "hu"
    assert len(rows["hnd"]["members"]) == 3


def test_plan_show_of_the_second_plan(run, quarterly_plan):
    out = ok(run("--plan", quarterly_plan, "plan", "show"))
    assert "25-KH/HU" in out and "15/01/2024" in out and "Nguyễn Văn Đức" in out
    assert "(văn bản không ghi)" not in out
