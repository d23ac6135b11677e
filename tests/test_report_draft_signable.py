"""The report draft the boss signs once the judgements are filled (issue 20): the sentence citing
the plan, sections I to IV, the closing sentence, counts that are their tables' rows, every duty
done in the period, the monthly reports within it, the duties dropped with their reasons, a title
built from the plan's kind, number and subject, and a unit on every row."""

from __future__ import annotations

import re

import docx
import pytest
from test_office_output import DOTS, sapa, written  # noqa: F401 - the bundled plan after a half-year

SECTIONS = ["I. KẾT QUẢ THỰC HIỆN", "II. HẠN CHẾ VÀ NGUYÊN NHÂN", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
            "IV. ĐỀ XUẤT, KIẾN NGHỊ"]
BUNDLED_OPENING = ("Thực hiện Kế hoạch đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu toàn quốc lần thứ XIII của "
                   "Đảng của Ban Thường vụ Thị ủy Sa Pa, Ban Tuyên giáo Thị ủy báo cáo kết quả 6 tháng đầu năm 2022 "
                   "như sau:")
BUNDLED_CLOSING = ("Trên đây là báo cáo kết quả 6 tháng đầu năm 2022 thực hiện Kế hoạch đẩy mạnh công tác tuyên truyền "
                   "sau Đại hội đại biểu toàn quốc lần thứ XIII của Đảng của Ban Tuyên giáo Thị ủy./.")

# A plan whose chi bộ each report monthly, with a duty of two units, one due in May, one dropped.
MONTHLY_PLAN = """\
format = 1

[plan]
id = "hoc-tap-2022"
kind = "KH"
number = "25-KH/ThU"
issued = 2022-01-10
title = "{title}"
issuer = "Ban Thường vụ Thị ủy"
start = 2022-01-01
end = 2022-12-31

[[units]]
id = "chi-bo"
name = "Các chi bộ trực thuộc Thị ủy"
members = ["Chi bộ Tả Van", "Chi bộ Bản Hồ"]

[[units]]
id = "tuyen-giao"
name = "Ban Tuyên giáo Thị ủy"

[[units]]
id = "mttq"
name = "Ủy ban MTTQ thị xã"
short = "MTTQ"

[[items]]
id = "I"
kind = "section"
title = "NHIỆM VỤ"
units = ["chi-bo"]

[[items]]
id = "I.1"
kind = "duty"
text = "Tổ chức học tập chuyên đề năm 2022."
due = 2022-05-31

[[items]]
id = "I.2"
kind = "duty"
text = "Sơ kết việc học tập, làm theo Bác."
units = ["tuyen-giao", "mttq"]

[[items]]
id = "I.3"
kind = "duty"
text = "Xây dựng mô hình điểm “Dân vận khéo”."

[[items]]
id = "II"
kind = "section"
title = "NỘI DUNG"

[[items]]
id = "II.1"
kind = "content"
text = "Tuyên truyền gương người tốt, việc tốt."
due = 2022-03-31

[reporting]
first = "2022-04"
last = "2022-12"

[[reporting.rules]]
id = "thang"
kind = "unit"
name = "Báo cáo tháng"
units = ["chi-bo"]
to = ["tuyen-giao"]
per_member = true

[[reporting.rules.due]]
period = "month"
months_after_end = 1
day = 5
"""
SUBJECT = "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2022"


@pytest.fixture
def monthly(run, write_plan):
    """The monthly plan on 20/06/2022: Tả Van reported April and May on time, Bản Hồ April late and
    May not at all; I.1 (due 31/05) done late on 14/06; I.2 done by its two units; I.3 dropped."""
    path = write_plan(MONTHLY_PLAN.format(title=f"Kế hoạch {SUBJECT}"))

    def sapa_run(*args: object):
        return run("--plan", path, "--today", "2022-06-20", *args)

    for argv in (["submit", "ta van", "2022-04", "--date", "03/05/2022", "--ref", "1-BC/CB"],
                 ["submit", "ta van", "2022-05", "--date", "04/06/2022", "--ref", "2-BC/CB"],
                 ["submit", "ban ho", "2022-04", "--date", "10/05/2022", "--ref", "3-BC/CB"],
                 ["mark", "I.1", "xong", "--date", "14/06/2022"],
                 ["mark", "I.2", "xong", "--unit", "tuyen-giao", "--date", "01/06/2022"],
                 ["mark", "I.2", "xong", "--unit", "mttq", "--date", "05/06/2022"],
                 ["mark", "I.3", "huy", "--date", "15/05/2022", "--note", "Thị ủy rút khỏi kế hoạch"]):
        result = sapa_run(*argv)
        assert result.exit_code == 0, result.output
    return sapa_run


def _tally_then_rows(lines: list[str], tally: str) -> tuple[int, int]:
    """The number a tally line says, and the rows of the table under it."""
    at = next(i for i, line in enumerate(lines) if line.startswith(tally))
    said = int(re.search(r"\d+", lines[at].removeprefix(tally.split("{")[0]))[0])  # type: ignore[index]
    rows = 0
    for line in lines[at + 1:]:
        if line.startswith("## "):
            break
        if re.match(r"\| \d+ \|", line):
            rows += 1
        elif rows and not line.startswith("|"):
            if line:
                break
    return said, rows


def _markdown_checks(out: str, opening: str, closing: str) -> list[str]:
    lines = out.splitlines()
    assert [line[3:] for line in lines if line.startswith("## ")] == SECTIONS
    assert lines.index(opening) < lines.index("## " + SECTIONS[0])
    assert lines.index("## " + SECTIONS[3]) < lines.index(closing) < lines.index("Nơi nhận:  ")
    assert lines[lines.index("## " + SECTIONS[3]) + 2] == DOTS
    return lines


def _word_checks(path, opening: str, closing: str) -> list[str]:
    paragraphs = [p.text for p in docx.Document(path).paragraphs]
    at = [paragraphs.index(s) for s in SECTIONS]
    assert at == sorted(at)
    assert paragraphs.index(opening) < at[0] and at[3] < paragraphs.index(closing)
    assert paragraphs[at[3] + 1] == DOTS
    return paragraphs


# ---- 1, 2, 3: the bundled plan -------------------------------------------------------------------


def test_bundled_draft_has_the_opening_four_sections_the_closing_and_counts_equal_rows(sapa, tmp_path):  # noqa: F811
    lines = _markdown_checks(sapa("report-draft", "2022-H1").stdout, BUNDLED_OPENING, BUNDLED_CLOSING)
    # II.2.1.1 is a duty of two units: one row naming both, counted once.
    said, rows = _tally_then_rows(lines, "Tiếp tục thực hiện ")
    assert said == rows == 15
    assert any("| Các cơ quan trong khối tuyên truyền thị xã, Cổng thông tin điện tử thị xã | II.2.1.1 |" in line
               for line in lines)
    said, rows = _tally_then_rows(lines, "Trong kỳ, các đơn vị đã hoàn thành ")
    assert said == rows == 1
    target = tmp_path / "du-thao.docx"
    written(sapa("report-draft", "2022-H1", "-o", target), target)
    paragraphs = _word_checks(target, BUNDLED_OPENING, BUNDLED_CLOSING)
    assert "Tiếp tục thực hiện 15 nhiệm vụ chưa hoàn thành:" in paragraphs
    document = docx.Document(target)
    open_table = next(t for t in document.tables
                      if len(t.rows) > 1 and "III.1.2" in [c.text for c in t.rows[1].cells])
    assert len(open_table.rows) - 1 == 15


def test_the_bundled_drafts_opening_and_closing_in_english(sapa):  # noqa: F811
    out = sapa("--lang", "en", "report-draft", "2022-H1").stdout
    assert ("Pursuant to Plan đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu toàn quốc lần thứ XIII của Đảng of "
            "Ban Thường vụ Thị ủy Sa Pa, Ban Tuyên giáo Thị ủy reports the results of first half of 2022 as follows:"
            ) in out.splitlines()
    assert "The above is the report of Ban Tuyên giáo Thị ủy on the results of first half of 2022 under Plan" in out


# ---- 1 to 7: a plan of monthly reports, drafted for the half-year --------------------------------


MONTHLY_OPENING = (f"Thực hiện Kế hoạch số 25-KH/ThU, ngày 10/01/2022 của Ban Thường vụ Thị ủy về {SUBJECT}, "
                   "Ban Thường vụ Thị ủy báo cáo kết quả 6 tháng đầu năm 2022 như sau:")
MONTHLY_CLOSING = ("Trên đây là báo cáo kết quả 6 tháng đầu năm 2022 thực hiện Kế hoạch số 25-KH/ThU của "
                   "Ban Thường vụ Thị ủy./.")


def test_monthly_plans_half_year_draft_in_markdown(monthly):
    result = monthly("report-draft", "2022-H1")
    assert result.exit_code == 0, result.output
    lines = _markdown_checks(result.stdout, MONTHLY_OPENING, MONTHLY_CLOSING)
    assert f"**Kết quả thực hiện Kế hoạch số 25-KH/ThU về {SUBJECT}, 6 tháng đầu năm 2022**" in lines
    # 5: the monthly reports of April to June, and each member's tally
    assert "Đến ngày 20/06/2022, đã nhận 3/6 báo cáo của các đơn vị (2 báo cáo đúng hạn, 1 báo cáo muộn)." in lines
    said, rows = _tally_then_rows(lines, "Báo cáo định kỳ trong kỳ của ")
    assert said == rows == 2
    assert "| 1 | Chi bộ Tả Van | 3 | 2 | 0 | 0 | 1 |" in lines
    assert "| 2 | Chi bộ Bản Hồ | 3 | 0 | 1 | 1 | 1 |" in lines
    assert ("Các đơn vị chưa báo cáo: Chi bộ Bản Hồ — Báo cáo tháng 5 năm 2022 (Quá hạn 15 ngày).") in lines
    # 4 and 3: I.1, done after its deadline within the period, listed; I.2 of two units once
    said, rows = _tally_then_rows(lines, "Trong kỳ, các đơn vị đã hoàn thành ")
    assert said == rows == 2
    assert any(line.startswith("| 1 | Các chi bộ trực thuộc Thị ủy | I.1 |") and "Hoàn thành quá hạn (14 ngày)" in line
               for line in lines)
    assert any(line.startswith("| 2 | Ban Tuyên giáo Thị ủy, MTTQ | I.2 |") for line in lines)
    # 6: the duty dropped, with its reason
    assert "Các nhiệm vụ không thực hiện (1):" in lines
    assert ("- I.3 (Các chi bộ trực thuộc Thị ủy): Xây dựng mô hình điểm “Dân vận khéo”; "
            "lý do: Thị ủy rút khỏi kế hoạch.") in lines
    # 8: the content no unit carries says so
    said, rows = _tally_then_rows(lines, "Còn ")
    assert said == rows == 1
    assert any(line.startswith("| 1 | — (chưa giao đơn vị) | II.1 |") for line in lines)


def test_monthly_plans_half_year_draft_in_word(monthly, tmp_path):
    target = tmp_path / "du-thao.docx"
    written(monthly("report-draft", "2022-H1", "-o", target), target)
    paragraphs = _word_checks(target, MONTHLY_OPENING, MONTHLY_CLOSING)
    assert f"Kết quả thực hiện Kế hoạch số 25-KH/ThU về {SUBJECT}, 6 tháng đầu năm 2022" in paragraphs
    rows = [[c.text for c in row.cells] for table in docx.Document(target).tables for row in table.rows]
    assert ["2", "Chi bộ Bản Hồ", "3", "0", "1", "1", "1"] in rows
    assert ["2", "Ban Tuyên giáo Thị ủy, MTTQ", "I.2", "Sơ kết việc học tập, làm theo Bác.", "05/06/2022",
            "Hoàn thành"] in rows
    assert "Trong kỳ, các đơn vị đã hoàn thành 2 nhiệm vụ, nội dung của kế hoạch:" in paragraphs
    assert "Báo cáo định kỳ trong kỳ của 2 đơn vị, thành viên:" in paragraphs


# ---- 6: the checklist ticks no dropped duty --------------------------------------------------------


def test_the_checklist_does_not_tick_a_dropped_duty(monthly, tmp_path):
    lines = monthly("checklist", "2022-05").stdout.splitlines()
    dropped = next(line for line in lines if "I.3 —" in line)
    assert dropped.startswith("- [ ] ")
    assert next(line for line in lines if "I.1 —" in line).startswith("- [x] ")
    target = tmp_path / "kiem-tra.docx"
    written(monthly("checklist", "2022-05", "-o", target), target)
    rows = [[c.text for c in row.cells] for table in docx.Document(target).tables for row in table.rows]
    row = next(r for r in rows if any(c.startswith("I.3 —") for c in r))
    assert row[-1] == "" and "Không thực hiện (15/05/2022)" in row


# ---- 7: the title from the plan's kind, number and subject -----------------------------------------


@pytest.mark.parametrize("title", [f"Kế hoạch {SUBJECT}", f"Về việc {SUBJECT}", f"V/v {SUBJECT}",
                                   f"V/v: {SUBJECT}", f"về {SUBJECT}"])
def test_the_title_names_the_plan_by_kind_number_and_subject_once(run, write_plan, title):
    path = write_plan(MONTHLY_PLAN.format(title=title))
    lines = run("--plan", path, "--today", "2022-06-20", "report-draft", "2022-H1").stdout.splitlines()
    assert f"**Kết quả thực hiện Kế hoạch số 25-KH/ThU về {SUBJECT}, 6 tháng đầu năm 2022**" in lines
    assert MONTHLY_OPENING in lines


@pytest.mark.parametrize(("title", "expected"), [
    (f"Kế hoạch {SUBJECT}", f"Kế hoạch {SUBJECT}"),
    (f"Về việc {SUBJECT}", f"Kế hoạch về {SUBJECT}"),
    (f"V/v {SUBJECT}", f"Kế hoạch về {SUBJECT}"),
])
def test_a_plan_without_a_number_is_named_by_its_kind_and_subject(run, write_plan, title, expected):
    text = MONTHLY_PLAN.format(title=title).replace('number = "25-KH/ThU"\n', "")
    path = write_plan(text)
    lines = run("--plan", path, "--today", "2022-06-20", "report-draft", "2022-H1").stdout.splitlines()
    assert f"**Kết quả thực hiện {expected}, 6 tháng đầu năm 2022**" in lines


# ---- 8: every row of the overdue paper names a unit -------------------------------------------------


def test_every_row_of_the_overdue_paper_shows_a_unit_or_why_not(sapa, tmp_path):  # noqa: F811
    target = tmp_path / "qua-han.docx"
    written(sapa("--today", "2022-01-10", "overdue", "-o", target), target)
    table = next(t for t in docx.Document(target).tables if t.rows[0].cells[0].text == "STT")
    headers = [c.text for c in table.rows[0].cells]
    unit = headers.index("Đơn vị")
    cells = [row.cells[unit].text for row in table.rows[1:]]
    assert cells and all(cells)
    assert "— (chưa giao đơn vị)" in cells
