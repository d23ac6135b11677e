"""The importer's analysis of a plan document, checked as the clerk checks a draft against the paper.

One behaviour per test, on sentences written as real plans write them (DOMAIN.md, "How a plan
document reads"): which dates are deadlines and which day each means, which reporting rules a
sentence states, which bodies it names and who leads, how the numbering nests, where the header,
addressees, recipients and signature are, and that the draft's TOML says every guess where the
value stands and reads back as a valid plan.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from import_support import SA_PA_HEAD

from sapa_propaganda.core import model
from sapa_propaganda.core.deadlines import obligations
from sapa_propaganda.plan_import import bodies, build, header, outline, reports, when
from sapa_propaganda.plan_import.blocks import Block, SourceDocument
from sapa_propaganda.plan_import.draft import Draft
from sapa_propaganda.plan_import.draft_toml import render
from sapa_propaganda.plan_import.read_text import read_text
from sapa_propaganda.storage.plan_loader import parse_plan

# --- documents ----------------------------------------------------------------------------------

# A Party plan's header (Hướng dẫn 36-HD/VPTW) and its end: recipients, then the signature.
PARTY_HEAD = [
    "ĐẢNG BỘ TỈNH LÀO CAI",
    "HUYỆN ỦY BẢO THẮNG",
    "*",
    "Số 15-KH/HU",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Bảo Thắng, ngày 10 tháng 3 năm 2021",
    "KẾ HOẠCH",
    "tuyên truyền kết quả Đại hội Đảng bộ huyện lần thứ XXIII",
    "Thực hiện Kế hoạch số 42-KH/TU, ngày 19/2/2021 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy xây dựng "
    "kế hoạch như sau:",
]
PARTY_TAIL = [
    "Nơi nhận:",
    "- Ban Tuyên giáo Tỉnh ủy,",
    "- Các đồng chí Huyện ủy viên,",
    "- Lưu Văn phòng Huyện ủy.",
    "T/M BAN THƯỜNG VỤ",
    "PHÓ BÍ THƯ",
    "Nguyễn Văn An",
]
SA_PA_TAIL = [
    "Nơi nhận:",
    "- Ban Tuyên giáo Tỉnh ủy,",
    "- Lưu Văn phòng Thị ủy.",
    "T/M BAN THƯỜNG VỤ",
    "PHÓ BÍ THƯ THƯỜNG TRỰC",
    "Thào A Sinh",
]


def document(lines: list[str]) -> SourceDocument:
    """The document as a conversion to plain text gives it: one paragraph a line."""
    return read_text("\n".join(lines).encode("utf-8"), "ke-hoach.txt", "ke-hoach.txt")


def blocks_document(lines: list[str]) -> SourceDocument:
    """The same, as a Word reader hands it over: the text of each paragraph untouched."""
    return SourceDocument(name="ke-hoach.docx", kind="docx",
                          blocks=tuple(Block(text=t, where=f"đoạn {n}") for n, t in enumerate(lines, 1)))


@dataclass
class Imported:
    draft: Draft
    toml: str
    plan: model.Plan

    @property
    def data(self) -> dict[str, Any]:
        return self.draft.data

    def item(self, item_id: str) -> dict[str, Any]:
        found = [i for i in self.data["items"] if i["id"] == item_id]
        assert found, f"no item {item_id}: {[i['id'] for i in self.data['items']]}"
        return found[0]

    def ids(self) -> list[str]:
        return [i["id"] for i in self.data["items"]]

    def unit_name(self, unit_id: str) -> str:
        return next(u["name"] for u in self.data["units"] if u["id"] == unit_id)

    def names(self, ids: list[str]) -> list[str]:
        return [self.unit_name(u) for u in ids]

    def texts(self) -> list[str]:
        return [i.get("text") or i.get("title") for i in self.data["items"]]


def imported(source: SourceDocument | list[str]) -> Imported:
    """Draft a document, write its TOML and read that back as `sapa plan check` does: every draft
    a test builds must be a valid plan."""
    doc = source if isinstance(source, SourceDocument) else document(source)
    draft = build.draft_from(doc)
    text = render(draft, doc.name, date(2022, 1, 1)).text
    return Imported(draft, text, parse_plan(text, "x.toml"))


def party_plan(body: list[str]) -> Imported:
    return imported(PARTY_HEAD + body + PARTY_TAIL)


def sa_pa_plan(body: list[str]) -> Imported:
    return imported(SA_PA_HEAD + body + SA_PA_TAIL)


def issued(y: int, m: int, d: int) -> when.YearContext:
    return when.YearContext(issued=date(y, m, d))


def found(sentence: str, context: when.YearContext) -> list[tuple[str, date]]:
    return [(f.role, f.end) for f in when.dates_in(sentence, context)]


# --- dates: deadlines ---------------------------------------------------------------------------

MARCH_2021 = issued(2021, 3, 10)


@pytest.mark.parametrize("sentence, context, due", [
    ("Các chi bộ hoàn thành việc rà soát, bổ sung quy hoạch cấp ủy trước ngày 30/6/2022.", MARCH_2021,
     date(2022, 6, 30)),
    ("Các chi, đảng bộ báo cáo kết quả về Ban Thường vụ Huyện ủy chậm nhất ngày 14/5/2021.", MARCH_2021,
     date(2021, 5, 14)),
    ("Chậm nhất là ngày 15/6/2021, các đơn vị gửi danh sách báo cáo viên về Ban Tuyên giáo.", MARCH_2021,
     date(2021, 6, 15)),
    ("Các chi bộ hoàn thành việc tổ chức học tập chậm nhất ngày 14-5-2021.", MARCH_2021, date(2021, 5, 14)),
    ("Hoàn thành việc treo băng rôn trước ngày 30.4.2021.", MARCH_2021, date(2021, 4, 30)),
    ("Các đơn vị gửi bài dự thi trước ngày 15 tháng 6 năm 2021.", MARCH_2021, date(2021, 6, 15)),
    ("Tổ chức hội nghị học tập, quán triệt Nghị quyết trong tháng 6/2022.", MARCH_2021, date(2022, 6, 30)),
    ("Tổ chức hội nghị học tập, quán triệt Nghị quyết trong tháng 02/2022.", MARCH_2021, date(2022, 2, 28)),
    ("Hoàn thành việc kiện toàn đội ngũ báo cáo viên trong quý I/2019.", MARCH_2021, date(2019, 3, 31)),
    ("Tổ chức tọa đàm khoa học trong quý III/2022.", MARCH_2021, date(2022, 9, 30)),
    ("Hoàn thành trong Quý I năm 2022.", MARCH_2021, date(2022, 3, 31)),
    ("Tổ chức tuyên truyền sâu rộng trong năm 2021.", MARCH_2021, date(2021, 12, 31)),
    ("Hoàn thành việc biên soạn tài liệu trong 6 tháng đầu năm 2022.", MARCH_2021, date(2022, 6, 30)),
    ("Thời gian hoàn thành: tháng 8/2021.", MARCH_2021, date(2021, 8, 31)),
    ("Báo cáo kết quả thực hiện năm 2021 gửi về Ban Tuyên giáo trước ngày 30/11/2021.", MARCH_2021,
     date(2021, 11, 30)),
])
def test_a_dated_deadline_resolves_to_its_day(sentence: str, context: when.YearContext, due: date) -> None:
    deadlines = [f for f in when.dates_in(sentence, context) if f.role == "deadline"]
    assert [f.end for f in deadlines] == [due]
    assert not deadlines[0].year_supplied


@pytest.mark.parametrize("sentence, context, due", [
    # "hoàn thành trước 31/12": the year the plan is issued
    ("Các đơn vị hoàn thành trước 31/12.", MARCH_2021, date(2021, 12, 31)),
    ("Hoàn thành trước ngày 30/6.", issued(2021, 5, 10), date(2021, 6, 30)),
    ("Các đơn vị báo cáo trước ngày 15 tháng 6.", issued(2022, 1, 10), date(2022, 6, 15)),
    # a day already past when the plan is issued: its next occurrence
    ("Các đơn vị gửi báo cáo tổng kết trước ngày 15/01.", issued(2021, 11, 20), date(2022, 1, 15)),
    ("Hoàn thành trước ngày 30/4.", issued(2021, 5, 10), date(2022, 4, 30)),
    ("Tổ chức hội thi trong quý I.", issued(2021, 11, 15), date(2022, 3, 31)),
    ("Hoàn thành trong quý IV.", issued(2021, 11, 15), date(2021, 12, 31)),
])
def test_a_date_without_a_year_takes_the_issue_year_or_the_next_and_says_so(
        sentence: str, context: when.YearContext, due: date) -> None:
    deadlines = [f for f in when.dates_in(sentence, context) if f.role == "deadline"]
    assert [f.end for f in deadlines] == [due]
    assert deadlines[0].year_supplied


def test_a_vague_time_is_a_deadline_in_that_month_flagged_for_the_clerk() -> None:
    (deadline,) = when.dates_in("Tổ chức hội nghị sơ kết vào đầu tháng 8.", MARCH_2021)
    assert deadline.role == "deadline" and deadline.vague
    assert (deadline.end.year, deadline.end.month) == (2021, 8)


def test_an_exact_date_is_not_vague() -> None:
    (deadline,) = when.dates_in("Hoàn thành trước ngày 30/6/2022.", MARCH_2021)
    assert not deadline.vague


# --- dates: spans and phases --------------------------------------------------------------------

@pytest.mark.parametrize("sentence, start, end", [
    ("Từ nay đến hết năm 2021, tập trung tuyên truyền kết quả cuộc bầu cử.", None, date(2021, 12, 31)),
    ("Giai đoạn 1: Từ nay đến 30/12/2015, tập trung triển khai các nội dung.", None, date(2015, 12, 30)),
    ("Giai đoạn 2021–2025: tiếp tục đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
     date(2021, 1, 1), date(2025, 12, 31)),
    ("Giai đoạn 2023 - 2025: nhân rộng các mô hình tiêu biểu.", date(2023, 1, 1), date(2025, 12, 31)),
    ("Giai đoạn 2 (từ năm 2023 đến năm 2025): tiếp tục triển khai.", date(2023, 1, 1), date(2025, 12, 31)),
    ("Tuyên truyền cao điểm từ ngày 01/6/2022 đến ngày 30/6/2022.", date(2022, 6, 1), date(2022, 6, 30)),
    ("Thời gian: Từ ngày 01/3/2022 đến hết ngày 31/3/2022.", date(2022, 3, 1), date(2022, 3, 31)),
])
def test_a_phase_is_a_span_ending_on_its_last_day(sentence: str, start: date | None, end: date) -> None:
    (span,) = when.dates_in(sentence, MARCH_2021)
    assert (span.role, span.start, span.end) == ("span", start, end)


def test_a_start_date_is_no_deadline() -> None:
    assert found("Các đơn vị thực hiện chế độ báo cáo mới từ ngày 01/01/2019.", MARCH_2021) == [
        ("start", date(2019, 1, 1))]


@pytest.mark.parametrize("sentence", [
    "Thực hiện Kế hoạch số 42-KH/TU, ngày 19/5/2021 của Tỉnh ủy Lào Cai về đẩy mạnh công tác tuyên truyền.",
    "Thực hiện Kế hoạch số 42-KH/TU ngày 19/5/2021 của Tỉnh ủy, Thị ủy xây dựng kế hoạch.",
    "Căn cứ Quyết định số 1782/QĐ-UBND ngày 20/5/2021 của UBND tỉnh.",
    "Căn cứ Nghị quyết số 133/2020/QH14 ngày 17/11/2020 của Quốc hội.",
    "Theo Hướng dẫn 45-HD/BTGTU, ngày 20/12/2021 của Ban Tuyên giáo Tỉnh ủy.",
    "Năm 2018: 80% cơ quan, đơn vị đạt chuẩn văn hóa.",
    "Năm 2023: 85% cơ quan đạt chuẩn; năm 2025: 100%.",
    "Các mục tiêu, nhiệm vụ phát triển kinh tế - xã hội được Đảng, Nhà nước đề ra trong năm 2021.",
    "Có ít nhất 1/3 số đảng viên tham gia sinh hoạt chuyên đề.",
    "Ngày bầu cử là Chủ nhật, ngày 23/5/2021.",
    "Kỷ niệm 92 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2022).",
    # Bắc Cam Ranh's plan for overseeing the 2026 election: a law's year, after a "thời hạn" cue
    "Việc hướng dẫn thủ tục hoàn tất danh mục hồ sơ theo quy định, thời hạn nộp hồ sơ đối với người tự ứng cử "
    "(theo quy định tại Điều 35 của Luật Bầu cử năm 2015 và các văn bản hướng dẫn của Hội đồng bầu cử Quốc gia).",
    "Thời hạn niêm yết theo Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân (được sửa đổi, bổ sung năm "
    "2025).",
    "Thời hạn thực hiện theo Hiến pháp năm 2013.",
])
def test_cited_dates_targets_and_past_events_are_no_deadlines(sentence: str) -> None:
    assert found(sentence, MARCH_2021) == []


def test_a_year_after_a_law_s_name_is_no_deadline_but_a_year_after_a_cue_still_is() -> None:
    assert found("Hoàn thành việc rà soát theo Luật Bầu cử trong năm 2026.", MARCH_2021) == [
        ("deadline", date(2026, 12, 31))]
    assert found("Thời hạn nộp hồ sơ theo Luật Bầu cử năm 2015, chậm nhất ngày 30/6/2021.", MARCH_2021) == [
        ("deadline", date(2021, 6, 30))]


@pytest.mark.parametrize("value, due", [
    ("Quý IV/2025 và Quý I/2026", date(2026, 3, 31)),
    ("Từ 01/5 đến 30/6/2022", date(2022, 6, 30)),
    ("Tháng 6/2021", date(2021, 6, 30)),
    ("Năm 2022", date(2022, 12, 31)),
])
def test_a_time_column_ends_with_its_last_period(value: str, due: date) -> None:
    end = when.period_end(value, MARCH_2021)
    assert end is not None and end.end == due


def test_a_time_column_without_a_date_gives_no_deadline() -> None:
    assert when.period_end("Thường xuyên", MARCH_2021) is None


def test_a_yearless_deadline_ignores_a_historical_year_in_the_sentence() -> None:
    sentence = "Treo băng rôn kỷ niệm Ngày thành lập Đảng (03/02/1930), hoàn thành trước ngày 25/01."
    assert found(sentence, issued(2022, 1, 10)) == [("deadline", date(2022, 1, 25))]


def test_the_current_quarter_is_this_year_until_it_ends() -> None:
    assert found("Tổ chức hội nghị sơ kết trong quý II.", issued(2021, 6, 10)) == [("deadline", date(2021, 6, 30))]


# --- reporting rules ----------------------------------------------------------------------------

def rule(sentence: str, context: when.YearContext = MARCH_2021) -> reports.RuleFound:
    found_rule = reports.reporting_in(sentence, context)
    assert found_rule is not None, sentence
    return found_rule


def periodic(found_rule: reports.RuleFound) -> list[tuple[str, int, int, int]]:
    """(kind, day, month, months_after_end) of each periodic kind; 0 / -1 where not given."""
    return [(kind, due.day, due.month, due.months_after_end) for kind, due in found_rule.kinds]


def test_six_month_and_annual_reports_take_their_dates_in_order() -> None:
    found_rule = rule("Định kỳ 6 tháng, năm báo cáo kết quả về Ban Thường vụ Thị ủy (qua Ban Tuyên giáo) trước "
                      "ngày 15/6 và 15/12.")
    assert periodic(found_rule) == [("half-year", 15, 6, -1), ("annual", 15, 12, -1)]
    assert found_rule.once == [] and not found_rule.consolidated


@pytest.mark.parametrize("sentence, expected", [
    ("Các đơn vị báo cáo kết quả định kỳ 6 tháng và năm về Ban Thường vụ trước ngày 10/6 và 10/11.",
     [("half-year", 10, 6, -1), ("annual", 10, 11, -1)]),
    ("Định kỳ 6 tháng, hằng năm báo cáo Ban Thường vụ trước ngày 15/6 và 15/12.",
     [("half-year", 15, 6, -1), ("annual", 15, 12, -1)]),
    ("Báo cáo 6 tháng trước ngày 15/6, báo cáo năm trước ngày 15/11 gửi về Ban Thường vụ.",
     [("half-year", 15, 6, -1), ("annual", 15, 11, -1)]),
    ("Báo cáo 9 tháng gửi về Văn phòng trước ngày 20/9.", [("nine-months", 20, 9, -1)]),
])
def test_periodic_kinds_pair_with_their_own_dates(sentence: str, expected: list[tuple[str, int, int, int]]) -> None:
    assert periodic(rule(sentence)) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Hằng tháng, trước ngày 20, các đơn vị báo cáo kết quả thực hiện về Ban Tuyên giáo.", [("month", 20, 0, 0)]),
    ("Báo cáo tháng gửi trước ngày 25 hằng tháng.", [("month", 25, 0, 0)]),
    ("Các cơ quan, đơn vị gửi báo cáo định kỳ hằng tháng (trước ngày 20) về Văn phòng.", [("month", 20, 0, 0)]),
    ("Hằng quý, các đơn vị gửi báo cáo về Ban Tuyên giáo trước ngày 15 của tháng cuối quý.",
     [("quarter", 15, 0, 0)]),
    ("Định kỳ hằng quý báo cáo kết quả về UBND huyện trước ngày 10 của tháng đầu quý sau.", [("quarter", 10, 0, 1)]),
    ("Định kỳ hằng quý, báo cáo kết quả về Ủy ban nhân dân huyện vào ngày 05 tháng đầu quý sau.",
     [("quarter", 5, 0, 1)]),
])
def test_monthly_and_quarterly_reports_are_due_a_day_some_months_after_the_period(
        sentence: str, expected: list[tuple[str, int, int, int]]) -> None:
    assert periodic(rule(sentence)) == expected


def test_one_early_day_of_each_month_serves_every_kind_named() -> None:
    found_rule = rule("Chậm nhất ngày 07 hàng tháng, các đơn vị gửi báo cáo tháng, báo cáo quý, báo cáo 6 tháng và "
                      "báo cáo năm về Sở Nội vụ.")
    assert [kind for kind, _due in found_rule.kinds] == ["month", "quarter", "half-year", "annual"]
    assert {due.day for _kind, due in found_rule.kinds} == {7}
    assert [due.months_after_end for kind, due in found_rule.kinds if kind in ("month", "quarter")] == [1, 1]


@pytest.mark.parametrize("sentence, kinds", [
    ("Các đơn vị báo cáo định kỳ 6 tháng, năm theo quy định.", ["half-year", "annual"]),
    ("Định kỳ hằng tháng, quý, 6 tháng, năm các đơn vị báo cáo theo quy định.",
     ["month", "quarter", "half-year", "annual"]),
])
def test_a_report_due_as_the_rules_say_has_its_kinds_and_no_day(sentence: str, kinds: list[str]) -> None:
    found_rule = rule(sentence)
    assert [kind for kind, _due in found_rule.kinds] == kinds
    assert {due.day for _kind, due in found_rule.kinds} == {0}


@pytest.mark.parametrize("sentence, name, due", [
    ("Các chi, đảng bộ báo cáo kết quả về Ban Thường vụ Thị ủy (qua Ban Tuyên giáo) chậm nhất ngày 14/5/2021.",
     "Báo cáo kết quả", date(2021, 5, 14)),
    ("Các đơn vị tổ chức sơ kết, báo cáo sơ kết về Ban Thường vụ trước ngày 30/6/2022.", "Báo cáo sơ kết",
     date(2022, 6, 30)),
    ("Báo cáo sơ kết giai đoạn 1 gửi về Ban Thường vụ trước ngày 30/12/2015.", "Báo cáo sơ kết",
     date(2015, 12, 30)),
    ("Báo cáo tổng kết gửi về Ban Thường vụ Thị ủy trước ngày 15/12/2025.", "Báo cáo tổng kết", date(2025, 12, 15)),
])
def test_a_dated_report_without_a_rhythm_is_owed_once(sentence: str, name: str, due: date) -> None:
    found_rule = rule(sentence)
    assert found_rule.kinds == []
    assert [(n, d) for n, d, _where in found_rule.once] == [(name, due)]


def test_a_unit_that_sums_up_and_reports_sends_a_consolidated_report() -> None:
    found_rule = rule("Ban Tuyên giáo Thị ủy tổng hợp, báo cáo Ban Thường vụ Thị ủy định kỳ 6 tháng, năm.")
    assert found_rule.consolidated
    assert [kind for kind, _due in found_rule.kinds] == ["half-year", "annual"]


@pytest.mark.parametrize("sentence", [
    "Tổ chức hội nghị quán triệt Nghị quyết trong tháng 6/2022.",
    "Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Ủy ban MTTQ huyện tổ chức tuyên truyền.",
    "Tuyên truyền kết quả kỳ họp thứ nhất của Quốc hội khóa XV.",
])
def test_a_sentence_about_no_report_states_no_rule(sentence: str) -> None:
    assert reports.reporting_in(sentence, MARCH_2021) is None


def test_a_monthly_report_due_day_at_the_end_of_the_sentence_is_read() -> None:
    found_rule = rule("Các đơn vị báo cáo kết quả hằng tháng về Ban Tuyên giáo trước ngày 25.")
    assert periodic(found_rule) == [("month", 25, 0, 0)]


def test_a_briefing_of_propagandists_is_no_report() -> None:
    assert reports.reporting_in("Duy trì tổ chức hội nghị báo cáo viên định kỳ hằng quý.", MARCH_2021) is None


def test_the_first_six_months_are_no_annual_report() -> None:
    found_rule = rule("Báo cáo 6 tháng đầu năm gửi về Ban Tuyên giáo trước ngày 10/6.")
    assert [kind for kind, _due in found_rule.kinds] == ["half-year"]


# --- sentences ----------------------------------------------------------------------------------

def test_sentences_split_at_semicolons_and_full_stops() -> None:
    assert reports.sentences("Ban Tuyên giáo chủ trì tham mưu; Văn phòng bố trí kinh phí. Các đơn vị thực hiện.") == [
        "Ban Tuyên giáo chủ trì tham mưu;", "Văn phòng bố trí kinh phí.", "Các đơn vị thực hiện."]


@pytest.mark.parametrize("text", [
    "Hoàn thành trước ngày 30.6.2022 và báo cáo kết quả.",
    "Đạt 85,5% so với năm 2020, tăng 1.500 người.",
])
def test_a_sentence_is_not_split_inside_a_date_or_a_number(text: str) -> None:
    assert reports.sentences(text) == [text]


def test_a_sentence_that_ends_on_a_date_ends_there() -> None:
    assert reports.sentences("Định kỳ 6 tháng, năm báo cáo về Ban Thường vụ trước ngày 15/6 và 15/12. Ban Tuyên "
                             "giáo tổng hợp.") == [
        "Định kỳ 6 tháng, năm báo cáo về Ban Thường vụ trước ngày 15/6 và 15/12.", "Ban Tuyên giáo tổng hợp."]


# --- names of bodies ----------------------------------------------------------------------------

def names_in(text: str) -> list[str]:
    return [text[a:b] for a, b in bodies.find_names(text)]


@pytest.mark.parametrize("sentence, names", [
    ("Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Ủy ban MTTQ huyện, Huyện đoàn tổ chức tuyên truyền.",
     ["Ban Tuyên giáo Huyện ủy", "Ủy ban MTTQ huyện", "Huyện đoàn"]),
    ("Sở Văn hóa, Thể thao và Du lịch chủ trì hướng dẫn tổ chức các hoạt động.", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("UBND các xã, thị trấn tổ chức tuyên truyền đến Nhân dân.", ["UBND các xã, thị trấn"]),
    ("Ủy ban nhân dân các xã, phường, thị trấn chỉ đạo thực hiện.", ["Ủy ban nhân dân các xã, phường, thị trấn"]),
    ("Các chi, đảng bộ trực thuộc Huyện ủy tổ chức quán triệt.", ["Các chi, đảng bộ trực thuộc Huyện ủy"]),
    ("Ban Tuyên giáo và Ban Dân vận phối hợp hướng dẫn.", ["Ban Tuyên giáo", "Ban Dân vận"]),
    ("Giám đốc Sở Nội vụ chỉ đạo thực hiện.", ["Sở Nội vụ"]),
    ("Phòng Văn hóa - Thông tin huyện phối hợp với Trung tâm Văn hóa, Thể thao và Truyền thông huyện.",
     ["Phòng Văn hóa - Thông tin huyện", "Trung tâm Văn hóa, Thể thao và Truyền thông huyện"]),
    ("Hội Cựu chiến binh, Hội Nông dân, Hội Liên hiệp Phụ nữ, Thị đoàn tuyên truyền.",
     ["Hội Cựu chiến binh", "Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Thị đoàn"]),
    ("Công an huyện, Ban Chỉ huy Quân sự huyện bảo đảm an ninh.", ["Công an huyện", "Ban Chỉ huy Quân sự huyện"]),
    ("Ban Tổ chức Huyện ủy, Ủy ban Kiểm tra Huyện ủy theo dõi.", ["Ban Tổ chức Huyện ủy", "Ủy ban Kiểm tra Huyện ủy"]),
    ("Đài Truyền thanh - Truyền hình huyện tăng thời lượng phát sóng.", ["Đài Truyền thanh - Truyền hình huyện"]),
    ("Ban Tuyên giáo Thị ủy: chủ trì tham mưu.", ["Ban Tuyên giáo Thị ủy"]),
    # a place's name ends the body's name: what follows is what the body does
    ("Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Quảng Ninh triệu tập hội nghị hiệp thương.",
     ["Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Quảng Ninh"]),
    ("Chậm nhất là ngày 01/02/2026, Ủy ban bầu cử tỉnh Quảng Ninh chuyển hồ sơ ứng cử.",
     ["Ủy ban bầu cử tỉnh Quảng Ninh"]),
    ("Tổ kiểm phiếu công bố kết quả biểu quyết.", ["Tổ kiểm phiếu"]),
    # a text cited after a comma or "và" is no part of the name; a level listed after a comma is
    ("theo quy định của Hội đồng nhân dân, Nghị quyết số 101/2025/UBTVQH15.", ["Hội đồng nhân dân"]),
    ("Thường trực Hội đồng nhân dân tỉnh, cấp xã tiến hành điều chỉnh cơ cấu.",
     ["Thường trực Hội đồng nhân dân tỉnh, cấp xã"]),
    # "thành phần" is no "thành phố"
    ("mời đại diện Ủy ban nhân dân tỉnh, thành phần dự họp gồm …", ["Ủy ban nhân dân tỉnh"]),
    ("Các Phó Chủ tịch Ủy ban MTTQ xã theo dõi.", ["Ủy ban MTTQ xã"]),
    ("Các chi bộ, đảng bộ cơ sở xây dựng kế hoạch thực hiện.", ["Các chi bộ, đảng bộ cơ sở"]),  # no "Sở Xây dựng"
    # one office serving both councils; a post after a comma is no part of the name
    ("Ông Nguyễn Thanh Hải, Công chức Văn phòng HĐND và UBND Phường, Thư ký;", ["Văn phòng HĐND và UBND Phường"]),
    ("Ban bầu cử hết nhiệm vụ sau khi Ủy ban bầu cử Phường kết thúc việc tổng kết.",
     ["Ban bầu cử", "Ủy ban bầu cử Phường"]),
    ("MTTQ xã Phối hợp với UBND xã tổ chức hội nghị.", ["MTTQ xã", "UBND xã"]),
    # a post after a dash is the member's role in the board, not part of the body's name
    ("Đồng chí Phó Giám đốc Trung tâm phục vụ hành chính công - Phó Trưởng tiểu ban: chủ động tham mưu.",
     ["Trung tâm phục vụ hành chính công"]),
    ("Ban Thường trực Ủy ban MTTQ xã thành lập tổ giúp việc.", ["Ban Thường trực Ủy ban MTTQ xã"]),
])
def test_bodies_named_in_a_sentence(sentence: str, names: list[str]) -> None:
    assert names_in(sentence) == names


def test_a_longer_name_of_another_level_is_another_body() -> None:
    known = bodies.Bodies()
    short = known.body_for("Ban Tuyên giáo")
    district = known.body_for("Ban Tuyên giáo Huyện ủy")
    province = known.body_for("Ban Tuyên giáo Tỉnh ủy")
    assert short is district and district is not None and province is not None
    assert (district.name, province.name) == ("Ban Tuyên giáo Huyện ủy", "Ban Tuyên giáo Tỉnh ủy")


def test_a_post_that_opens_a_sentence_naming_no_body_carries_it() -> None:
    plan = party_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Ban Tuyên giáo Huyện ủy: chủ trì tham mưu.",
                       "2. Trưởng ban bầu cử chịu trách nhiệm phân công nhiệm vụ cụ thể của từng thành viên.",
                       "3. Đồng chí Trưởng Ban Tuyên giáo Huyện ủy chỉ đạo chung."])
    assert plan.names(plan.item("I.2")["units"]) == ["Trưởng ban bầu cử"]
    assert plan.names(plan.item("I.3")["units"]) == ["Ban Tuyên giáo Huyện ủy"]  # a body named: the body


def test_a_post_of_a_body_named_after_a_leading_clause_gives_the_body() -> None:
    plan = party_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Trong năm 2021, Giám đốc Trung tâm Văn hóa huyện tổ chức tuyên truyền lưu động."])
    assert plan.names(plan.item("I.1")["units"]) == ["Trung tâm Văn hóa huyện"]
    asking = party_plan(["I. TỔ CHỨC THỰC HIỆN",
                         "1. Trong năm 2021, Giám đốc Sở Nội vụ chỉ đạo các phòng chức năng thực hiện."])
    assert not any(u["name"].startswith("Giám đốc") for u in asking.data["units"])  # never the post of a body


def test_an_abbreviation_alone_is_not_taken_for_a_longer_body_of_that_kind() -> None:
    known = bodies.Bodies()
    district = known.body_for("UBND huyện")
    alone = known.body_for("UBND")
    assert alone is not None and alone is not district and district is not None and district.name == "UBND huyện"


def test_an_abbreviation_alone_in_a_list_that_names_the_level_once_is_a_unit() -> None:
    plan = party_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Ban Tuyên giáo Huyện ủy: chủ trì tham mưu.",
                       "2. Đề nghị Thường trực HĐND, UBND, Ủy ban Kiểm tra Huyện ủy thường xuyên phối hợp, trao đổi "
                       "thông tin."])
    assert plan.names(plan.item("I.2")["units"]) == ["Thường trực HĐND", "UBND", "Ủy ban Kiểm tra Huyện ủy"]


@pytest.mark.parametrize("sentence", [
    "Đẩy mạnh phong trào thi đua yêu nước, tổ chức hội thi tìm hiểu lịch sử địa phương.",
    "Tổ chức phong trào, hội nghị, hội thảo, hội diễn văn nghệ quần chúng.",
    "Ban hành kế hoạch tuyên truyền, phổ biến đến cán bộ, đảng viên.",
    "Tăng cường công tác phòng, chống dịch COVID-19.",
    "Vận động đoàn viên, hội viên tham gia, tổ chức đoàn kết.",
])
def test_words_that_look_like_bodies_are_no_bodies(sentence: str) -> None:
    assert names_in(sentence) == []


def test_two_spellings_and_the_abbreviation_of_a_body_are_one_body() -> None:
    known = bodies.Bodies()
    spelled = [known.body_for(n) for n in ("Uỷ ban nhân dân huyện", "Ủy ban nhân dân huyện", "UBND huyện")]
    assert spelled[0] is not None and all(b is spelled[0] for b in spelled)
    assert len(known.used()) == 1


def test_a_collective_is_one_body_that_reports_member_by_member() -> None:
    known = bodies.Bodies()
    communes = known.body_for("UBND các xã, thị trấn")
    office = known.body_for("Ban Tuyên giáo Huyện ủy")
    assert communes is not None and communes.collective
    assert office is not None and not office.collective and office.id == "ban-tuyen-giao-huyen-uy"


@pytest.mark.parametrize("generic", ["Các cơ quan, đơn vị", "các cơ quan, đơn vị liên quan", "các cấp, các ngành"])
def test_everyone_is_no_body(generic: str) -> None:
    assert bodies.Bodies().body_for(generic) is None


# --- who leads: a duty's units and partners -----------------------------------------------------

DUTIES = [
    "I. TỔ CHỨC THỰC HIỆN",
    "1. Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Ủy ban MTTQ huyện, Huyện đoàn tổ chức tuyên truyền kết quả "
    "Đại hội trước ngày 30/6/2021.",
    "2. Giám đốc Sở Nội vụ chỉ đạo rà soát hồ sơ, hoàn thành trong quý III/2021.",
    "3. Các chi, đảng bộ trực thuộc Huyện ủy tổ chức quán triệt Nghị quyết của Tỉnh ủy đến cán bộ, đảng viên trong "
    "tháng 5/2021.",
    "4. UBND các xã, thị trấn chỉ đạo treo băng rôn, khẩu hiệu.",
    "5. Ban Tuyên giáo và Ban Dân vận Huyện ủy phối hợp hướng dẫn tổ chức hội thi tìm hiểu.",
    "6. Giao Phòng Văn hóa và Thông tin huyện chủ trì, phối hợp với Trung tâm Văn hóa, Thể thao và Truyền thông "
    "huyện, UBND các xã, thị trấn tổ chức tuyên truyền.",
    "7. Huyện đoàn tham mưu cho Ban Thường vụ Huyện ủy tổ chức hội thi tìm hiểu lịch sử Đảng bộ huyện.",
    "8. Công an huyện phối hợp với Ban Chỉ huy Quân sự huyện bảo đảm an ninh trật tự.",
]


@pytest.fixture(scope="module")
def duties() -> Imported:
    return party_plan(DUTIES)


def test_the_lead_owes_the_duty_and_the_partners_support_it(duties: Imported) -> None:
    duty = duties.item("I.1")
    assert duties.names(duty["units"]) == ["Ban Tuyên giáo Huyện ủy"]
    assert duties.names(duty["partners"]) == ["Ủy ban MTTQ huyện", "Huyện đoàn"]
    assert duty["due"] == date(2021, 6, 30)


def test_a_body_named_by_its_heads_title_leads(duties: Imported) -> None:
    duty = duties.item("I.2")
    assert duties.names(duty["units"]) == ["Sở Nội vụ"]
    assert duty["due"] == date(2021, 9, 30)


def test_a_body_whose_resolution_is_cited_is_no_lead(duties: Imported) -> None:
    duty = duties.item("I.3")
    assert duties.names(duty["units"]) == ["Các chi, đảng bộ trực thuộc Huyện ủy"]
    assert "Tỉnh ủy" not in [u["name"] for u in duties.data["units"]]


def test_a_collective_is_one_unit_named_as_the_document_names_it(duties: Imported) -> None:
    assert duties.names(duties.item("I.4")["units"]) == ["UBND các xã, thị trấn"]


def test_two_bodies_joined_by_and_both_lead(duties: Imported) -> None:
    assert duties.names(duties.item("I.5")["units"]) == ["Ban Tuyên giáo Huyện ủy", "Ban Dân vận Huyện ủy"]


def test_the_body_given_the_duty_leads_and_a_list_after_with_supports(duties: Imported) -> None:
    duty = duties.item("I.6")
    assert duties.names(duty["units"]) == ["Phòng Văn hóa và Thông tin huyện"]
    assert duties.names(duty["partners"]) == ["Trung tâm Văn hóa, Thể thao và Truyền thông huyện",
                                              "UBND các xã, thị trấn"]


def test_the_body_advised_is_no_lead(duties: Imported) -> None:
    assert duties.names(duties.item("I.7")["units"]) == ["Huyện đoàn"]


def test_whom_a_unit_works_with_is_no_partner_without_chu_tri(duties: Imported) -> None:
    """"X phối hợp với Y …" says whom X works with, often a body the issuer cannot task (the Front's
    plan and the UBND); only "X chủ trì, phối hợp với Y" gives Y a part of the duty."""
    duty = duties.item("I.8")
    assert duties.names(duty["units"]) == ["Công an huyện"]
    assert "partners" not in duty


def test_recipients_and_the_basis_name_no_units(duties: Imported) -> None:
    names = [u["name"] for u in duties.data["units"]]
    assert "Ban Tuyên giáo Tỉnh ủy" not in names  # only in "Nơi nhận"
    assert "Ban Thường vụ Tỉnh ủy" not in names  # only in the basis


def test_every_body_of_a_list_given_a_duty_owes_it() -> None:
    plan = party_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Đề nghị Hội Cựu chiến binh, Hội Nông dân, Hội Liên hiệp Phụ nữ huyện tuyên truyền đến "
                       "hội viên."])
    assert plan.names(plan.item("I.1").get("units", [])) == [
        "Hội Cựu chiến binh", "Hội Nông dân", "Hội Liên hiệp Phụ nữ huyện"]


def test_the_subject_after_an_opening_clause_leads() -> None:
    plan = party_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Trên cơ sở hướng dẫn của Ban Tuyên giáo Tỉnh ủy, Ban Tuyên giáo Huyện ủy xây dựng đề cương "
                       "tuyên truyền.",
                       "2. Huyện đoàn tổ chức hội thi tìm hiểu."])
    assert plan.names(plan.item("I.1").get("units", [])) == ["Ban Tuyên giáo Huyện ủy"]


# --- numbering and structure --------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, label, rest", [
    ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I", "MỤC ĐÍCH, YÊU CẦU"),
    ("II- NỘI DUNG", "roman", "II", "NỘI DUNG"),
    ("IV. TỔ CHỨC THỰC HIỆN", "roman", "IV", "TỔ CHỨC THỰC HIỆN"),
    ("1. Mục đích", "arabic", "1", "Mục đích"),
    ("10. Văn phòng Huyện ủy", "arabic", "10", "Văn phòng Huyện ủy"),
    ("1/ Ban Tuyên giáo", "arabic", "1", "Ban Tuyên giáo"),
    ("1.1. Kỷ niệm 92 năm Ngày thành lập Đảng", "multi", "1.1", "Kỷ niệm 92 năm Ngày thành lập Đảng"),
    ("a) Nội dung", "letter", "a", "Nội dung"),
    ("đ) Kinh phí", "letter", "đ", "Kinh phí"),
    ("b. Hình thức", "letter", "b", "Hình thức"),
    ("(1) Tổ chức hiệp thương lần thứ nhất", "paren", "1", "Tổ chức hiệp thương lần thứ nhất"),
    ("- Treo băng rôn", "dash", "-", "Treo băng rôn"),
    ("• Treo băng rôn", "dash", "-", "Treo băng rôn"),
    ("+ Vai trò lãnh đạo của Đảng", "plus", "+", "Vai trò lãnh đạo của Đảng"),
    ("Điều 1. Ban hành kèm theo Quyết định này", "dieu", "1", "Ban hành kèm theo Quyết định này"),
])
def test_a_paragraphs_number(text: str, kind: str, label: str, rest: str) -> None:
    marker, after = outline.marker_of(text)
    assert marker is not None and (marker.kind, marker.label, after) == (kind, label, rest)


@pytest.mark.parametrize("text", [
    "1.500 người tham gia hội thi.",
    "30% đảng viên được học tập.",
    "C. Mác và V. I. Lênin.",
    "MỤC ĐÍCH, YÊU CẦU",
    "Tuyên truyền sâu rộng.",
])
def test_text_that_only_starts_like_a_number_has_none(text: str) -> None:
    assert outline.marker_of(text)[0] is None


NESTED = [
    "I. NỘI DUNG TUYÊN TRUYỀN",
    "1. Các ngày lễ lớn",
    "a) Nội dung",
    "- Truyền thống vẻ vang của Đảng:",
    "+ Vai trò lãnh đạo của Đảng trong phòng, chống dịch bệnh;",
    "+ Gương cán bộ, đảng viên tiêu biểu.",
    "- Kết quả thực hiện Nghị quyết Đại hội.",
    "Các nội dung trên được tuyên truyền thường xuyên, liên tục.",
    "b) Hình thức",
    "c) Thời gian",
    "d) Địa điểm",
    "đ) Kinh phí",
    "e) Khen thưởng",
    "2. Các sự kiện của địa phương",
    "2.1. Kỷ niệm 30 năm thành lập huyện",
    "2.2. Kỷ niệm 75 năm Ngày Thương binh - Liệt sĩ",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Ban Tuyên giáo Huyện ủy: chủ trì tham mưu, hướng dẫn thực hiện kế hoạch.",
    "- Theo dõi, đôn đốc các chi, đảng bộ thực hiện.",
    "2. Ủy ban MTTQ huyện:",
    "- Tuyên truyền trong đoàn viên, hội viên.",
    "- Vận động Nhân dân hưởng ứng các phong trào thi đua.",
]


@pytest.fixture(scope="module")
def nested() -> Imported:
    return party_plan(NESTED)


def test_roman_arabic_letter_dash_plus_nest_in_that_order(nested: Imported) -> None:
    assert nested.ids()[:8] == ["I", "I.1", "I.1.a", "I.1.a.1", "I.1.a.1.1", "I.1.a.1.2", "I.1.a.2", "I.1.a.3"]
    assert nested.item("I.1.a.1.1")["text"] == "Vai trò lãnh đạo của Đảng trong phòng, chống dịch bệnh;"


def test_a_heading_is_a_section_without_its_number(nested: Imported) -> None:
    assert nested.item("I")["kind"] == "section" and nested.item("I")["title"] == "NỘI DUNG TUYÊN TRUYỀN"
    assert nested.item("I.1.a")["title"] == "Nội dung"


def test_a_plain_paragraph_after_bullets_closes_the_list(nested: Imported) -> None:
    assert nested.item("I.1.a.3")["text"] == "Các nội dung trên được tuyên truyền thường xuyên, liên tục."


def test_the_letter_dd_after_d_becomes_dd_in_the_id(nested: Imported) -> None:
    assert [i for i in nested.ids() if i.startswith("I.1.") and i.count(".") == 2] == [
        "I.1.a", "I.1.b", "I.1.c", "I.1.d", "I.1.dd", "I.1.e"]
    assert nested.item("I.1.dd")["text"] == "Kinh phí"


def test_a_point_numbered_1_1_stands_under_its_number(nested: Imported) -> None:
    assert nested.item("I.2.1")["text"] == "Kỷ niệm 30 năm thành lập huyện"
    assert nested.item("I.2.2")["text"] == "Kỷ niệm 75 năm Ngày Thương binh - Liệt sĩ"


def test_a_units_paragraph_is_its_section_with_its_first_duty_inline(nested: Imported) -> None:
    section = nested.item("II.1")
    assert section["kind"] == "section" and section["title"] == "Ban Tuyên giáo Huyện ủy"
    assert nested.names(section["units"]) == ["Ban Tuyên giáo Huyện ủy"]
    assert nested.item("II.1.1")["kind"] == "duty"
    assert nested.item("II.1.1")["text"] == "chủ trì tham mưu, hướng dẫn thực hiện kế hoạch."
    assert nested.item("II.1.2")["text"] == "Theo dõi, đôn đốc các chi, đảng bộ thực hiện."


def test_the_bullets_under_a_units_heading_are_its_duties(nested: Imported) -> None:
    assert nested.names(nested.item("II.2")["units"]) == ["Ủy ban MTTQ huyện"]
    assert [nested.item(i)["kind"] for i in ("II.2.1", "II.2.2")] == ["duty", "duty"]
    assert "units" not in nested.item("II.2.2")  # the heading's unit, not repeated
    assert nested.names(list(nested.plan.item("II.2.2").units)) == ["Ủy ban MTTQ huyện"]  # inherited on loading


def test_a_line_split_by_a_page_break_joins_the_one_before() -> None:
    parts = outline.split_document(document(PARTY_HEAD + [
        "I. NỘI DUNG",
        "1. Tuyên truyền về bầu cử",
        "- Kết quả và các hoạt động chào mừng thành công cuộc bầu cử; hoạt động tổng kết công tác bầu cử, kết quả",
        "kỳ họp thứ nhất của Quốc hội khoá XV và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2021-2026.",
        "- Treo băng rôn, khẩu hiệu.",
    ] + PARTY_TAIL))
    bullets = parts.body[0].children[0].children
    assert [b.text for b in bullets] == [
        "Kết quả và các hoạt động chào mừng thành công cuộc bầu cử; hoạt động tổng kết công tác bầu cử, kết quả kỳ "
        "họp thứ nhất của Quốc hội khoá XV và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2021-2026.",
        "Treo băng rôn, khẩu hiệu."]


def test_a_line_after_a_finished_sentence_is_not_joined() -> None:
    parts = outline.split_document(document(PARTY_HEAD + [
        "I. MỤC ĐÍCH",
        "Tuyên truyền sâu rộng kết quả Đại hội.",
        "tạo khí thế phấn khởi trong Nhân dân.",
    ] + PARTY_TAIL))
    assert len(parts.body[0].children) == 2


# --- the parts of the document: header, addressees, recipients, signature ------------------------

def test_a_party_plans_header() -> None:
    identity = header.read_identity(outline.split_document(document(SA_PA_HEAD + ["I. MỤC ĐÍCH"] + SA_PA_TAIL)))
    assert (identity.kind, identity.number, identity.issued, identity.place) == (
        "KH", "15-KH/ThU", date(2022, 1, 10), "Sa Pa")
    assert (identity.issuer, identity.above, identity.system) == ("Thị ủy Sa Pa", "ĐẢNG BỘ TỈNH LÀO CAI", "party")
    assert identity.title == "Kế hoạch tuyên truyền kỷ niệm các ngày lễ lớn, sự kiện lịch sử năm 2022"
    assert identity.basis == ["Hướng dẫn số 45-HD/BTGTU, ngày 20/12/2021 của Ban Tuyên giáo Tỉnh ủy Lào Cai"]


def test_a_title_over_several_lines_is_joined_by_one_space() -> None:
    identity = header.read_identity(outline.split_document(document([
        "ĐẢNG BỘ TỈNH LÀO CAI", "THỊ ỦY SA PA", "Số 42-KH/ThU", "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Sa Pa, ngày 24 tháng 5 năm 2021", "**KẾ HOẠCH**",
        "**đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu toàn quốc**", "**lần thứ XIII của Đảng**",
        "I. MỤC ĐÍCH"])))
    assert identity.title == ("Kế hoạch đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu toàn quốc lần thứ XIII "
                              "của Đảng")


def test_a_subject_that_starts_with_trien_khai_is_the_title() -> None:
    head = [*PARTY_HEAD]
    head[7] = "Triển khai thực hiện Nghị quyết Đại hội Đảng bộ huyện lần thứ XXIII"
    identity = header.read_identity(outline.split_document(document(head + ["I. MỤC ĐÍCH"] + PARTY_TAIL)))
    assert identity.title == "Kế hoạch triển khai thực hiện Nghị quyết Đại hội Đảng bộ huyện lần thứ XXIII"


def test_the_recipients_and_the_signature() -> None:
    parts = outline.split_document(document(PARTY_HEAD + ["I. MỤC ĐÍCH", "1. Mục đích"] + PARTY_TAIL))
    identity = header.read_identity(parts)
    assert parts.recipients == ["Ban Tuyên giáo Tỉnh ủy,", "Các đồng chí Huyện ủy viên,", "Lưu Văn phòng Huyện ủy."]
    assert (identity.signer_on_behalf, identity.signer_title, identity.signer_name) == (
        "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn An")
    assert [n.text for n in parts.body] == ["MỤC ĐÍCH"]


def test_the_closing_is_no_duty() -> None:
    parts = outline.split_document(document(PARTY_HEAD + [
        "I. TỔ CHỨC THỰC HIỆN", "1. Ban Tuyên giáo Huyện ủy chủ trì tham mưu.",
        "Trên đây là Kế hoạch tuyên truyền kết quả Đại hội Đảng bộ huyện, yêu cầu các chi, đảng bộ triển khai thực "
        "hiện./."] + PARTY_TAIL))
    assert [b.text for b in parts.closing][0].startswith("Trên đây là Kế hoạch")
    assert len(parts.body[0].children) == 1


CONG_VAN = [
    "ỦY BAN NHÂN DÂN HUYỆN BẢO THẮNG",
    "Số: 123/UBND-VP",
    "V/v triển khai tuyên truyền bầu cử đại biểu Quốc hội khóa XV",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Bảo Thắng, ngày 05 tháng 4 năm 2021",
    "Kính gửi:",
    "- Phòng Văn hóa và Thông tin huyện;",
    "- Trung tâm Văn hóa, Thể thao và Truyền thông huyện;",
    "- UBND các xã, thị trấn.",
    "Thực hiện Công văn số 456/UBND-VX ngày 01/4/2021 của UBND tỉnh về việc tuyên truyền bầu cử, UBND huyện đề nghị "
    "các cơ quan, đơn vị thực hiện như sau:",
    "1. Phòng Văn hóa và Thông tin huyện hướng dẫn nội dung tuyên truyền, hoàn thành trước ngày 20/4/2021.",
    "2. UBND các xã, thị trấn treo băng rôn, khẩu hiệu chậm nhất ngày 25/4/2021.",
    "Nơi nhận:",
    "- Như trên;",
    "- TT Huyện ủy;",
    "- Lưu: VT.",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Trần Thị Bình",
]


def test_a_cong_van_its_subject_and_its_addressees() -> None:
    parts = outline.split_document(document(CONG_VAN))
    identity = header.read_identity(parts)
    assert (identity.kind, identity.number, identity.issued) == ("CV", "123/UBND-VP", date(2021, 4, 5))
    assert identity.issuer == "Ủy ban nhân dân huyện Bảo Thắng" and identity.system == "state"
    assert identity.title == "triển khai tuyên truyền bầu cử đại biểu Quốc hội khóa XV"
    assert parts.addressees == ["Phòng Văn hóa và Thông tin huyện",
                                "Trung tâm Văn hóa, Thể thao và Truyền thông huyện", "UBND các xã, thị trấn"]
    assert (identity.signer_on_behalf, identity.signer_title, identity.signer_name) == (
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bình")


def test_an_addressee_with_no_duty_is_no_unit_and_one_with_a_duty_is() -> None:
    plan = imported(CONG_VAN)
    assert [u["name"] for u in plan.data["units"]] == ["Phòng Văn hóa và Thông tin huyện", "UBND các xã, thị trấn"]
    assert [(plan.names(i["units"]), i["due"]) for i in plan.data["items"]] == [
        (["Phòng Văn hóa và Thông tin huyện"], date(2021, 4, 20)), (["UBND các xã, thị trấn"], date(2021, 4, 25))]


LETTER_HEAD = ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 215/SGDĐT-KHTC", "V/v báo cáo sĩ số học sinh",
               "Lào Cai, ngày 14 tháng 10 năm 2022"]
LETTER_TAIL = ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Văn Tuấn"]


def letter(addressees: list[str], body: list[str]) -> Imported:
    return imported(LETTER_HEAD + addressees + body + LETTER_TAIL)


def test_what_a_letter_asks_of_no_one_it_names_is_its_addressees() -> None:
    plan = letter(["Kính gửi:", "- Hiệu trưởng trường Trung học phổ thông;",
                   "- Giám đốc Trung tâm Giáo dục thường xuyên."],
                  ["Sở Giáo dục và Đào tạo đã nhận được Công văn số 906/KT ngày 03/12/2022 của Bộ.",
                   "Đề nghị báo cáo nhanh tình hình sĩ số học sinh.",
                   "Các đơn vị gửi báo cáo về Phòng Kế hoạch - Tài chính trước ngày 20/10/2022."])
    addressees = ["Hiệu trưởng trường Trung học phổ thông", "Trung tâm Giáo dục thường xuyên"]
    names = [u["name"] for u in plan.data["units"]]
    assert set(addressees) <= set(names) and "Sở Giáo dục và Đào tạo" not in names  # not the Sở telling its news
    dated = [i for i in plan.data["items"] if i.get("due")]
    assert [(plan.names(i["units"]), i["due"]) for i in dated] == [(addressees, date(2022, 10, 20))]
    assert "chương trình giao cho nơi nhận" in plan.toml


@pytest.mark.parametrize("addressees, names", [
    (["Kính gửi: Các Bộ: Tài chính, Kế hoạch và Đầu tư, Thông tin và Truyền thông."],
     ["Bộ Tài chính", "Bộ Kế hoạch và Đầu tư", "Bộ Thông tin và Truyền thông"]),
    (["Kínhgửi: Cục Thuế các tỉnh, thành phố trực thuộc Trung ương"],  # as a web page runs it together
     ["Cục Thuế các tỉnh, thành phố trực thuộc Trung ương"]),
    (["Kính gửi:", "Hiệu trưởng các trường MN, TH, THCS trên toàn thị xã"],  # one addressee, no dash
     ["Hiệu trưởng các trường MN, TH, THCS trên toàn thị xã"]),
])
def test_a_letters_addressees_however_written(addressees: list[str], names: list[str]) -> None:
    plan = letter(addressees, ["Đề nghị các đơn vị khẩn trương có ý kiến trước ngày 20/10/2022."])
    assert [u["name"] for u in plan.data["units"]] == names


def test_giao_with_the_heads_title_and_partners_without_chu_tri() -> None:
    plan = letter(["Kính gửi: Sở Văn hóa, Thể thao và Du lịch"],
                  ["Giao Giám đốc: Sở Văn hóa, Thể thao và Du lịch, Sở Thông tin và Truyền thông phối hợp với các "
                   "sở, ban, ngành, đoàn thể tỉnh và UBND huyện, thị, thành phố tiếp tục tuyên truyền."])
    item = plan.data["items"][0]
    assert plan.names(item["units"]) == ["Sở Văn hóa, Thể thao và Du lịch", "Sở Thông tin và Truyền thông"]
    assert plan.names(item["partners"]) == ["Các sở, ban, ngành, đoàn thể tỉnh", "UBND huyện, thị, thành phố"]


def test_a_notice_without_a_kind_line_keeps_its_first_numbered_paragraph() -> None:
    plan = imported(["Thông báo số 217/TB-UBND ngày 08/5/2019 của UBND thị xã Điện Bàn V/v treo cờ Tổ quốc",
                     "Theo đề nghị của Ban Thường trực Ủy ban MTTQ Việt Nam thị xã tại Công văn số 275/MTTQ-BTT ngày "
                     "06/5/2019, UBND thị xã thông báo:",
                     "1. Ủy ban nhân dân các xã, phường treo cờ Tổ quốc từ ngày 13 đến hết ngày 15 tháng 5 năm 2019.",
                     "2. Đài Truyền thanh thị xã tiếp âm chương trình truyền thanh trực tiếp."])
    assert [i["id"] for i in plan.data["items"]] == ["1", "2"]
    assert plan.item("1")["due"] == date(2019, 5, 15)


def test_the_basis_is_the_cited_document_without_the_issuers_request() -> None:
    identity = header.read_identity(outline.split_document(document(CONG_VAN)))
    assert identity.basis == ["Công văn số 456/UBND-VX ngày 01/4/2021 của UBND tỉnh về việc tuyên truyền bầu cử"]


def test_a_deputy_signing_for_the_committee_has_his_post_as_title() -> None:
    signature = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bình"]
    identity = header.read_identity(outline.split_document(document(CONG_VAN[:-3] + signature)))
    assert (identity.signer_title, identity.signer_name) == ("PHÓ CHỦ TỊCH", "Trần Thị Bình")


def test_a_letter_with_kinh_gui_and_no_kind_line_is_a_cong_van() -> None:
    lines = ["ỦY BAN NHÂN DÂN QUẬN 9", "TRUNG TÂM VĂN HÓA", "Số: 21/TTVH", "Về thực hiện chế độ thông tin,",
             "báo cáo định kỳ.", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc",
             "Quận 9, ngày 04 tháng 6 năm 2014", "Kính gửi: Ban Văn hóa - Thông tin 13 phường.",
             "Trung tâm Văn hóa đề nghị Ban Văn hóa - Thông tin các phường báo cáo kết quả hằng tháng trước ngày 20."]
    assert outline.split_document(document(lines)).kind == "CV"


def test_an_addressee_given_inline() -> None:
    parts = outline.split_document(document(CONG_VAN[:6] + ["Kính gửi: Ủy ban nhân dân các xã, thị trấn."]
                                            + CONG_VAN[10:]))
    assert parts.addressees == ["Ủy ban nhân dân các xã, thị trấn"]


def test_a_state_issuer_over_two_lines_is_one_name() -> None:
    identity = header.read_identity(outline.split_document(document(
        ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH ĐỊNH"] + CONG_VAN[1:])))
    assert identity.issuer == "Ủy ban nhân dân tỉnh Bình Định"


QUYET_DINH = [
    "ỦY BAN NHÂN DÂN TỈNH LÀO CAI",
    "Số: 1782/QĐ-UBND",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Lào Cai, ngày 29 tháng 5 năm 2021",
    "QUYẾT ĐỊNH",
    "Về việc ban hành Kế hoạch tuyên truyền bầu cử đại biểu Quốc hội khóa XV",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
    "Xét đề nghị của Giám đốc Sở Thông tin và Truyền thông,",
    "QUYẾT ĐỊNH:",
    "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tuyên truyền bầu cử đại biểu Quốc hội khóa XV.",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Thông tin và Truyền thông chịu trách nhiệm thi hành Quyết định "
    "này./.",
    "Nơi nhận:",
    "- Như Điều 3;",
    "- Lưu: VT.",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Nguyễn Văn Hải",
    "KẾ HOẠCH",
    "Tuyên truyền bầu cử đại biểu Quốc hội khóa XV",
    "(Ban hành kèm theo Quyết định số 1782/QĐ-UBND ngày 29/5/2021 của Chủ tịch UBND tỉnh)",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "Tuyên truyền sâu rộng về cuộc bầu cử.",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Sở Thông tin và Truyền thông: chủ trì hướng dẫn tuyên truyền, hoàn thành trước ngày 15/6/2021.",
    "2. Sở Văn hóa, Thể thao và Du lịch: tổ chức tuyên truyền cổ động trực quan.",
]


def test_a_quyet_dinh_that_issues_a_plan_reads_the_plan_with_its_own_numbering() -> None:
    plan = imported(QUYET_DINH)
    assert plan.data["plan"]["kind"] == "QĐ" and plan.data["plan"]["number"] == "1782/QĐ-UBND"
    assert plan.data["plan"]["issuer"] == "Ủy ban nhân dân tỉnh Lào Cai"
    assert {"D1", "D2", "D3", "I", "I.1", "II", "II.1", "II.1.1", "II.2"} <= set(plan.ids())
    assert plan.names(plan.item("II.1")["units"]) == ["Sở Thông tin và Truyền thông"]
    assert plan.item("II.1.1")["due"] == date(2021, 6, 15)
    assert plan.data["plan"]["signer"] == {"on_behalf": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                                           "name": "Nguyễn Văn Hải"}


def test_a_quyet_dinhs_recipients_are_no_items() -> None:
    plan = imported(QUYET_DINH)
    assert not {"Nơi nhận:", "Như Điều 3;", "Lưu: VT."} & set(plan.texts())


def test_a_quyet_dinhs_title_is_a_title_a_clerk_would_write() -> None:
    title = imported(QUYET_DINH).data["plan"]["title"]
    assert title in ("Kế hoạch tuyên truyền bầu cử đại biểu Quốc hội khóa XV",
                     "Về việc ban hành Kế hoạch tuyên truyền bầu cử đại biểu Quốc hội khóa XV")


@pytest.fixture(scope="module")
def sections() -> Imported:
    return party_plan([
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Tuyên truyền sâu rộng kết quả Đại hội.",
        "II. NỘI DUNG TUYÊN TRUYỀN", "1. Kết quả Đại hội Đảng bộ huyện lần thứ XXIII.",
        "III. HÌNH THỨC TUYÊN TRUYỀN", "1. Tuyên truyền trên hệ thống loa truyền thanh cơ sở.",
        "IV. KINH PHÍ", "Kinh phí thực hiện từ nguồn ngân sách huyện năm 2021.",
        "V. TỔ CHỨC THỰC HIỆN", "1. Đối với Ban Tuyên giáo Huyện ủy:", "- Hướng dẫn nội dung tuyên truyền.",
    ])


@pytest.mark.parametrize("item_id, kind", [
    ("I.1", "paragraph"), ("II.1", "content"), ("III.1", "form"), ("IV.1", "paragraph"), ("V.1.1", "duty"),
])
def test_a_sections_title_says_what_its_paragraphs_are(sections: Imported, item_id: str, kind: str) -> None:
    assert sections.item(item_id)["kind"] == kind


def test_doi_voi_a_unit_heads_its_duties(sections: Imported) -> None:
    assert sections.names(sections.item("V.1")["units"]) == ["Ban Tuyên giáo Huyện ủy"]


def test_lead_partners_and_time_lines_under_a_task_belong_to_the_task() -> None:
    plan = party_plan(["I. NHIỆM VỤ CỤ THỂ",
                       "1. Tổ chức hội nghị quán triệt Nghị quyết",
                       "- Cơ quan chủ trì: Ban Tuyên giáo Huyện ủy.",
                       "- Cơ quan phối hợp: Văn phòng Huyện ủy, Trung tâm Chính trị huyện.",
                       "- Thời gian hoàn thành: Quý II/2021."])
    task = plan.item("I.1")
    assert plan.names(task["units"]) == ["Ban Tuyên giáo Huyện ủy"]
    assert plan.names(task["partners"]) == ["Văn phòng Huyện ủy", "Trung tâm Chính trị huyện"]
    assert task["due"] == date(2021, 6, 30)
    assert {plan.item(i)["kind"] for i in ("I.1.1", "I.1.2", "I.1.3")} == {"paragraph"}


SCHEDULE = [
    "I. LỊCH TRÌNH THỰC HIỆN",
    "STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian",
    "1 | Treo băng rôn, khẩu hiệu | Trung tâm Văn hóa, Thể thao và Truyền thông huyện | UBND các xã, thị trấn | "
    "Tháng 5/2021",
    "2 | Tổ chức hội thi tìm hiểu | Huyện đoàn | Hội Liên hiệp Phụ nữ huyện | Quý III/2021",
]


def test_a_schedules_row_is_a_duty_with_its_lead_partner_and_time() -> None:
    plan = party_plan(SCHEDULE)
    rows = [i for i in plan.data["items"] if i["kind"] == "duty"]
    assert [(plan.names(r["units"]), plan.names(r["partners"]), r["due"]) for r in rows] == [
        (["Trung tâm Văn hóa, Thể thao và Truyền thông huyện"], ["UBND các xã, thị trấn"], date(2021, 5, 31)),
        (["Huyện đoàn"], ["Hội Liên hiệp Phụ nữ huyện"], date(2021, 9, 30))]


def test_a_schedules_header_row_is_no_item_to_track() -> None:
    plan = party_plan(SCHEDULE)
    assert not [t for t in plan.texts() if t.startswith("STT | Nội dung")]


def test_a_plan_for_a_year_runs_from_its_issue_to_the_years_end() -> None:
    plan = sa_pa_plan(["I. TỔ CHỨC THỰC HIỆN", "1. Thị đoàn tổ chức hội thi tìm hiểu lịch sử Đảng."])
    assert (plan.plan.start, plan.plan.end) == (date(2022, 1, 10), date(2022, 12, 31))


# --- deadlines and reports in the draft ---------------------------------------------------------

def test_a_one_time_report_is_owed_once_by_the_units_that_carry_duties() -> None:
    plan = party_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Huyện đoàn tổ chức hội thi tìm hiểu lịch sử Đảng bộ huyện.",
                       "2. Hội Nông dân huyện tuyên truyền đến hội viên.",
                       "Các đơn vị báo cáo kết quả về Ban Thường vụ Huyện ủy (qua Ban Tuyên giáo Huyện ủy) chậm nhất "
                       "ngày 14/5/2021."])
    owed = {(o.unit, o.period.id, o.due) for o in obligations(plan.plan)}
    units = {u["name"]: u["id"] for u in plan.data["units"]}
    assert owed == {(units["Huyện đoàn"], "ket-qua", date(2021, 5, 14)),
                    (units["Hội Nông dân huyện"], "ket-qua", date(2021, 5, 14))}


def test_a_dated_step_nobody_is_named_for_is_the_issuers_when_it_gives_itself_work() -> None:
    plan = imported(["ỦY BAN MTTQ VIỆT NAM", "XÃ LƯƠNG MINH", "BAN THƯỜNG TRỰC", "Số: 12/KH-MTTQ-BTT",
                     "Lương Minh, ngày 04 tháng 12 năm 2025", "KẾ HOẠCH",
                     "kiểm tra, giám sát công tác bầu cử",
                     "I. NỘI DUNG",
                     "1. Đợt 1: Từ ngày 05/12/2025 đến ngày 20/02/2026",
                     "- Giám sát việc lập danh sách cử tri.",
                     "2. Đợt 2: Từ ngày 23/02/2026 đến ngày 14/3/2026",
                     "II. TỔ CHỨC THỰC HIỆN",
                     "1. Ban Thường trực Ủy ban MTTQ Việt Nam xã: thành lập Đoàn kiểm tra, giám sát.",
                     "2. Các tổ chức thành viên của Mặt trận Tổ quốc xã: phối hợp tham gia.",
                     "Nơi nhận:", "- Lưu VT.", "TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "Nguyễn Văn B"])
    lead = plan.item("II.1")["units"]
    assert plan.names(lead) == ["Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh"]  # the issuer, as headed
    assert [(plan.item(i)["due"], plan.item(i).get("units")) for i in ("I.1", "I.2")] == [
        (date(2026, 2, 20), lead), (date(2026, 3, 14), lead)]
    assert plan.toml.count("# KIỂM TRA: văn bản không nêu ai thực hiện") == 2


def test_a_dated_step_stays_unowned_when_the_issuer_gives_itself_no_work() -> None:
    plan = party_plan(["I. NỘI DUNG",
                       "1. Giai đoạn 1: từ nay đến hết năm 2021, tuyên truyền sâu rộng.",
                       "II. TỔ CHỨC THỰC HIỆN",
                       "1. Ban Tuyên giáo Huyện ủy: chủ trì tham mưu."])
    phase = next(i for i in plan.data["items"] if i.get("due"))
    assert phase["due"] == date(2021, 12, 31) and "units" not in phase


def test_periodic_reports_with_their_days_and_the_collective_reporting_member_by_member() -> None:
    plan = party_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Các chi, đảng bộ trực thuộc Huyện ủy tổ chức quán triệt đến cán bộ, đảng viên; định kỳ "
                       "6 tháng, năm báo cáo kết quả về Ban Thường vụ Huyện ủy (qua Ban Tuyên giáo Huyện ủy) trước "
                       "ngày 10/6 và 10/11."])
    (found_rule,) = plan.data["reporting"]["rules"]
    assert plan.names(found_rule["units"]) == ["Các chi, đảng bộ trực thuộc Huyện ủy"]
    assert plan.names(found_rule["to"]) == ["Ban Thường vụ Huyện ủy"]
    assert plan.unit_name(found_rule["via"]) == "Ban Tuyên giáo Huyện ủy"
    assert found_rule["due"] == [{"period": "half-year", "month": 6, "day": 10},
                                 {"period": "annual", "month": 11, "day": 10}]
    assert found_rule["per_member"] is True


def test_a_report_due_as_the_rules_say_gets_a_usual_day_flagged_for_the_clerk() -> None:
    plan = party_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Huyện đoàn tuyên truyền trong đoàn viên; định kỳ 6 tháng, năm báo cáo kết quả về Ban "
                       "Thường vụ Huyện ủy theo quy định."])
    (found_rule,) = plan.data["reporting"]["rules"]
    assert all(due["day"] for due in found_rule["due"])
    flagged = [c.path for c in plan.draft.checks if c.path[:2] == ("reporting", "rules")]
    assert ("reporting", "rules", 0, "due", 0) in flagged and ("reporting", "rules", 0, "due", 1) in flagged


def test_a_plan_issued_in_january_owes_its_first_six_month_report() -> None:
    plan = sa_pa_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Ủy ban MTTQ thị xã tuyên truyền trong đoàn viên, hội viên; định kỳ 6 tháng, năm báo cáo "
                       "kết quả về Ban Thường vụ Thị ủy (qua Ban Tuyên giáo Thị ủy) trước ngày 15/6 và 15/12."])
    assert ("2022-H1", date(2022, 6, 15)) in {(o.period.id, o.due) for o in obligations(plan.plan)}


def test_a_periodic_reports_day_is_no_deadline_of_the_duty() -> None:
    plan = sa_pa_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Ủy ban MTTQ thị xã tuyên truyền trong đoàn viên, hội viên; định kỳ 6 tháng, năm báo cáo "
                       "kết quả về Ban Thường vụ Thị ủy (qua Ban Tuyên giáo Thị ủy) trước ngày 15/6 và 15/12."])
    assert "due" not in plan.item("I.1")


def test_a_duty_deadline_followed_by_an_undated_report_makes_no_dated_report() -> None:
    plan = sa_pa_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Ban Tuyên giáo Thị ủy hướng dẫn tuyên truyền, hoàn thành trước ngày 30/6/2022. Ủy ban "
                       "MTTQ thị xã tổng hợp, báo cáo Ban Thường vụ Thị ủy."])
    once = [o for r in plan.data.get("reporting", {}).get("rules", []) for o in r.get("once", [])]
    assert once == []


def test_holding_briefings_owes_no_report() -> None:
    plan = party_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Ban Tuyên giáo Huyện ủy duy trì tổ chức hội nghị báo cáo viên định kỳ hằng quý."])
    assert "reporting" not in plan.data


# --- the draft's TOML ---------------------------------------------------------------------------

GUESSES = [
    "I. TỔ CHỨC THỰC HIỆN",
    "1. Ban Tuyên giáo Huyện ủy: chủ trì tham mưu, hoàn thành trước 31/12.",
    "2. Huyện đoàn tổ chức hội thi tìm hiểu vào đầu tháng 8.",
    "3. Các chi, đảng bộ trực thuộc Huyện ủy định kỳ 6 tháng, năm báo cáo kết quả về Ban Thường vụ Huyện ủy (qua "
    "Ban Tuyên giáo Huyện ủy) theo quy định.",
]


@pytest.fixture(scope="module")
def guesses() -> tuple[Imported, list[str], tuple[Any, ...]]:
    plan = party_plan(GUESSES)
    rendered = render(plan.draft, "ke-hoach.txt", date(2022, 1, 1))
    return plan, rendered.text.splitlines(), rendered.check_lines


def test_every_guess_has_a_check_comment_placed(guesses: tuple[Imported, list[str], tuple[Any, ...]]) -> None:
    plan, _lines, check_lines = guesses
    assert len(check_lines) == len(plan.draft.checks) > 0


def test_a_check_comment_stands_right_above_the_guessed_value(
        guesses: tuple[Imported, list[str], tuple[Any, ...]]) -> None:
    _plan, lines, check_lines = guesses
    for number, check in check_lines:
        assert lines[number - 1].startswith("# KIỂM TRA: ")
        assert " ".join(check.message.split()) in lines[number - 1]
        below = next(line for line in lines[number:] if not line.startswith("# KIỂM TRA: "))
        last = check.path[-1] if check.path else None
        if isinstance(last, str) and not below.startswith("["):
            assert below.startswith(f"{last} = "), (check.path, below)
        else:
            assert below.startswith("["), (check.path, below)


def test_the_guessed_year_and_the_vague_day_are_flagged_on_the_due_line(
        guesses: tuple[Imported, list[str], tuple[Any, ...]]) -> None:
    plan, lines, check_lines = guesses
    due_checks = [(n, c) for n, c in check_lines if c.path[0] == "items" and c.path[-1] == "due"]
    flagged = {plan.data["items"][c.path[1]]["id"] for _n, c in due_checks}
    assert flagged == {"I.1.1", "I.2"}
    assert any("đầu tháng 8" in c.message for _n, c in due_checks)


def test_every_check_is_also_an_assumption_of_the_plan(guesses: tuple[Imported, list[str], tuple[Any, ...]]) -> None:
    plan, _lines, _check_lines = guesses
    assumptions = " | ".join(plan.plan.assumptions)
    for check in plan.draft.checks:
        assert " ".join(check.message.split()) in " ".join(assumptions.split())


def test_the_draft_reads_as_toml_with_what_the_plan_loader_read(
        guesses: tuple[Imported, list[str], tuple[Any, ...]]) -> None:
    plan, _lines, _check_lines = guesses
    data = tomllib.loads(plan.toml)
    assert [i["id"] for i in data["items"]] == [i.id for i in plan.plan.items]
    assert data["plan"]["issued"] == date(2021, 3, 10) == plan.plan.issued
    assert data["reporting"]["rules"][0]["per_member"] is True


def test_quotes_backslashes_and_control_characters_survive_the_round_trip() -> None:
    odd = ('Ban Tuyên giáo Huyện ủy treo khẩu hiệu "Đảng Cộng sản Việt Nam quang vinh muôn năm!" theo mẫu tại '
           'C:\\Tai lieu\\khau-hieu\\ ; ký tự\tlạ\x07 và \x1b\x7f hết.')
    escaped = "Huyện đoàn in tài liệu \\n và \\u00e9 “nhiều” dòng."
    plan = imported(blocks_document(PARTY_HEAD + ["I. TỔ CHỨC THỰC HIỆN", f"1. {odd}", f"2. {escaped}"] + PARTY_TAIL))
    assert [plan.plan.item("I.1").text, plan.plan.item("I.2").text] == [odd, escaped]


def test_a_title_and_an_issuer_with_quotes_survive_the_round_trip() -> None:
    head = [*PARTY_HEAD]
    head[7] = 'tuyên truyền Cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam" \\ năm 2021'
    plan = imported(head + ["I. TỔ CHỨC THỰC HIỆN", "1. Huyện đoàn tuyên truyền đến đoàn viên."] + PARTY_TAIL)
    assert plan.plan.title == ('Kế hoạch tuyên truyền Cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam" \\ '
                               "năm 2021")


def test_a_deadline_before_the_plan_begins_is_kept_and_flagged_for_the_clerk() -> None:
    """A plan issued on 10/3/2021 with a duty "hoàn thành trước ngày 30/6/2020": the document's slip,
    or a date misread. Kept as written, and a check asks the clerk to compare it with the document."""
    plan = party_plan(["I. TỔ CHỨC THỰC HIỆN",
                       "1. Ban Tuyên giáo Huyện ủy hoàn thành việc rà soát trước ngày 30/6/2020.",
                       "2. Ban Tuyên giáo Huyện ủy tổ chức hội nghị trước ngày 30/6/2021."])
    assert (plan.item("I.1")["due"], plan.item("I.2")["due"]) == (date(2020, 6, 30), date(2021, 6, 30))
    flagged = [c for c in plan.draft.checks if c.path[0] == "items" and c.path[-1] == "due"]
    assert [plan.data["items"][c.path[1]]["id"] for c in flagged] == ["I.1"]
    assert "trước ngày bắt đầu kế hoạch (10/03/2021)" in flagged[0].message
