"""`sapa checklist PERIOD --unit U` and the printed text checklist (issue 12 #3, #16).

A unit that owes no report in the period gets a clear refusal instead of an empty checklist; a
unit's checklist lists only the contents and forms it carries (the unit that sends the
consolidated report covers all of them); the txt checklist is wrapped at 80 columns for printing,
continuation lines indented under the text.
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers import fail, ok
from sample_plans import due, item, plan, plan_toml, reports_through, section, unit

TODAY = "20/06/2022"
CONTENTS_HEADING = "## Nội dung và hình thức tuyên truyền cần đánh giá trong kỳ"

# A plan written for these tests: two units report through the office, which sends the
# consolidated report; the radio carries a form but reports nothing; the UBND does nothing.
CHECKLIST_PLAN = plan_toml(
    plan("muong-khuong-2023-tuyen-truyen",
         "Kế hoạch tuyên truyền kỷ niệm các ngày lễ lớn và sự kiện lịch sử quan trọng "
         "của đất nước, của tỉnh và của huyện trong năm 2023",
         "Ban Thường vụ Huyện ủy Mường Khương", date(2023, 1, 1), date(2023, 12, 31)),
    unit("hu", "Huyện ủy Mường Khương"),
    unit("vp", "Văn phòng Huyện ủy", parent="hu"),
    unit("ubnd", "Ủy ban nhân dân huyện"),
    unit("hoi-nd", "Hội Nông dân huyện"),
    unit("doan", "Huyện đoàn Mường Khương"),
    unit("dai", "Trung tâm Văn hóa - Thể thao và Truyền thông huyện"),
    section("I", "NỘI DUNG, HÌNH THỨC"),
    item("I.1", "content", "Tuyên truyền kết quả thực hiện nghị quyết đại hội đảng bộ các cấp, những thành tựu "
         "về kinh tế - xã hội, quốc phòng, an ninh của huyện trong năm 2023, gắn với việc học tập và "
         "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh ở các cơ quan, đơn vị và các xã, thị trấn."),
    item("I.2", "form", "Tuyên truyền trên hệ thống đài truyền thanh, pa nô, áp phích, băng rôn tại trung tâm "
         "huyện và các xã.", units=["dai"]),
    item("I.3", "form", "Tổ chức diễn đàn thanh niên với chủ đề tự hào truyền thống quê hương, phát huy vai "
         "trò xung kích, tình nguyện của đoàn viên thanh niên trong xây dựng nông thôn mới và giữ gìn "
         "an ninh trật tự ở cơ sở.", units=["doan"]),
    section("II", "TỔ CHỨC THỰC HIỆN"),
    item("II.1", "duty", "Hội Nông dân huyện vận động hội viên thi đua sản xuất, kinh doanh giỏi.", units=["hoi-nd"]),
    item("II.2", "duty", "Huyện đoàn chỉ đạo các cơ sở đoàn tổ chức hoạt động tình nguyện hè.", units=["doan"]),
    item("II.3", "duty", "Văn phòng Huyện ủy tổng hợp, báo cáo kết quả thực hiện kế hoạch.", units=["vp"]),
    reports_through("vp", ["hoi-nd", "doan"], to="hu", first="2023-H1", last="2023-Y", consolidated=(
        due("half-year", 20, month=6), due("annual", 20, month=11))),
)
LONG_NOTE = ("Đã tổ chức 4 buổi diễn đàn tại các xã Bản Lầu, Lùng Vai, Thanh Bình và Pha Long với hơn "
             "600 đoàn viên tham dự; số 15-BC/HĐTN")


@pytest.fixture
def own(run, write_plan):
    """`own("checklist", "2023-H1")`: sapa on CHECKLIST_PLAN, on 20/06/2023."""
    path = write_plan(CHECKLIST_PLAN, "checklist.toml")
    return lambda *args: run("--plan", path, "--today", "20/06/2023", *args)


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("## ")]


def item_ids(markdown: str) -> list[str]:
    return [line.split("] ", 1)[1].split(" — ")[0] for line in markdown.splitlines()
            if line.lstrip().startswith("- [") and " — " in line and line.split("] ", 1)[1][:1] in "IV"]


# ---- a unit that owes no report in the period --------------------------------------------------

@pytest.mark.parametrize("unit", ["ubnd", "UBND", "cong-ttdt"])
def test_a_unit_that_owes_no_report_gets_no_checklist(run, unit):
    message = fail(run("--today", TODAY, "checklist", "2022-H1", "--unit", unit))
    name = {"ubnd": "Ủy ban nhân dân thị xã (ubnd)", "UBND": "Ủy ban nhân dân thị xã (ubnd)",
            "cong-ttdt": "Cổng thông tin điện tử thị xã (cong-ttdt)"}[unit]
    assert message == (f"sapa: {name} không phải nộp báo cáo nào trong kỳ 2022-H1; "
                       "các đơn vị phải nộp: mttq, vhtt, ttvh, chi-dang-bo, btg")


def test_the_refusal_in_english_and_on_a_plan_of_our_own(own):
    message = fail(own("--lang", "en", "checklist", "2023-H1", "--unit", "dai", "--format", "txt"))
    assert message == ("sapa: Trung tâm Văn hóa - Thể thao và Truyền thông huyện (dai) owes no report for "
                       "2023-H1; the units that do: hoi-nd, doan, vp")
    fail(own("checklist", "2023-H1", "--unit", "ubnd", "-o", "checklist.md"))


def test_the_refusal_writes_no_file(own, tmp_path):
    target = tmp_path / "ubnd.md"
    fail(own("checklist", "2023-Y", "--unit", "ubnd", "--output", target))
    assert not target.exists()


# ---- only the contents and forms the unit carries ----------------------------------------------

def test_mttq_gets_no_section_ii_items_it_does_not_carry(run):
    out = ok(run("--today", TODAY, "checklist", "2022-H1", "--unit", "mttq"))
    assert CONTENTS_HEADING not in out  # none of the 16 is MTTQ's
    assert item_ids(out) == ["III.2.1", "III.2.2", "III.2.3"]


def test_a_unit_gets_the_forms_it_carries(own):
    out = ok(own("checklist", "2023-H1", "--unit", "doan"))
    assert headings(out) == ["## Huyện đoàn Mường Khương: Báo cáo 6 tháng đầu năm 2023", CONTENTS_HEADING]
    assert item_ids(out) == ["II.2", "I.3"]
    assert item_ids(ok(own("checklist", "2023-H1", "--unit", "hoi-nd"))) == ["II.1"]


def test_the_consolidating_unit_covers_every_content_and_form(own, run):
    out = ok(own("checklist", "2023-H1", "--unit", "vp"))
    assert headings(out) == ["## Báo cáo các đơn vị gửi về Văn phòng Huyện ủy",
                             "## Văn phòng Huyện ủy: Báo cáo tổng hợp 6 tháng đầu năm 2023", CONTENTS_HEADING]
    assert item_ids(out) == ["II.3", "I.1", "I.2", "I.3"]
    btg = ok(run("--today", TODAY, "checklist", "2022-H1", "--unit", "btg"))
    assert "II.2.4.2" in item_ids(btg) and "II.1.2.1" in item_ids(btg)


def test_the_whole_checklist_still_lists_everything(own):
    out = ok(own("checklist", "2023-H1"))
    assert item_ids(out) == ["II.1", "II.2", "II.3", "I.1", "I.2", "I.3"]


# ---- the printed text is wrapped at 80 columns -------------------------------------------------

def unwrap(lines: list[str]) -> list[str]:
    """The logical lines of a wrapped checklist: continuation lines joined to the line before."""
    logical: list[str] = []
    for line in lines:
        if logical and line.startswith(" ") and not line.lstrip().startswith(("[", "Trạng thái", "Status")):
            logical[-1] += " " + line.strip()
        else:
            logical.append(line)
    return logical


def test_the_bundled_txt_checklist_fits_80_columns(run):
    ok(run("--today", TODAY, "mark", "III.2.2", "doing", "--date", "01/06/2022", "--note", LONG_NOTE))
    out = ok(run("--today", TODAY, "checklist", "2022-H1", "--format", "txt"))
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80  # it had lines of 600 characters
    assert len(lines) > 150
    text = " ".join(out.split())
    assert LONG_NOTE in text  # nothing lost, the note included
    nested = next(n for n, line in enumerate(lines) if line.startswith("  [ ] II.2.1.3.1 — "))
    assert lines[nested + 1].startswith("      ") and not lines[nested + 1].startswith("       ")


def test_continuation_lines_sit_under_the_text(own):
    ok(own("mark", "I.3", "doing", "--date", "10/06/2023", "--note", LONG_NOTE))
    out = ok(own("checklist", "2023-H1", "--unit", "doan", "--format", "txt"))
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80
    start = lines.index("[ ] I.3 — Tổ chức diễn đàn thanh niên với chủ đề tự hào truyền thống quê hương,")
    assert lines[start + 1:start + 4] == [
        "    phát huy vai trò xung kích, tình nguyện của đoàn viên thanh niên trong xây",
        "    dựng nông thôn mới và giữ gìn an ninh trật tự ở cơ sở.",
        "    Trạng thái: Đang thực hiện (10/06/2023); ghi chú gần nhất: Đã tổ chức 4 buổi",
    ]
    assert lines[start + 4].startswith("    diễn đàn tại các xã")
    assert "15-BC/HĐTN" in out  # a document number is never split at its hyphen or slash
    # The title of the plan and a long heading wrap too, the heading's rule as long as its longest line.
    whole = ok(own("checklist", "2023-H1", "--format", "txt")).splitlines()
    assert whole[3:5] == [
        "Kế hoạch tuyên truyền kỷ niệm các ngày lễ lớn và sự kiện lịch sử quan trọng của",
        "đất nước, của tỉnh và của huyện trong năm 2023",
    ]
    assert max(map(len, whole)) <= 80


def test_markdown_is_left_for_the_viewer_to_wrap(own):
    out = ok(own("checklist", "2023-H1", "--unit", "doan"))
    assert "- [ ] I.3 — Tổ chức diễn đàn thanh niên với chủ đề tự hào truyền thống quê hương, phát huy" in out
    assert max(map(len, out.splitlines())) > 80


def test_unwrapped_txt_says_what_markdown_says(own):
    ok(own("mark", "I.3", "doing", "--date", "10/06/2023", "--note", LONG_NOTE))
    md = ok(own("checklist", "2023-H1"))
    txt = ok(own("checklist", "2023-H1", "--format", "txt"))
    md_boxes = [line.lstrip("- ").strip() for line in md.splitlines() if line.lstrip().startswith("- [")]
    txt_boxes = [line.strip() for line in unwrap(txt.splitlines()) if line.lstrip().startswith("[")]
    assert txt_boxes == md_boxes and len(md_boxes) == 11  # 2 received, 3 reports, 3 duties, 3 items
