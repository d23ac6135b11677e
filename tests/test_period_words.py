"""Periods as a clerk types them: "6 tháng đầu năm 2022", "quý II/2022", "T6/2022", "năm 2022".

One grammar (sapa_propaganda/period_words.py) behind every argument that takes a period, and
`find_periods` for the importer, which finds the same phrases inside a plan's sentences."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from datetime import date

import pytest
from cli_support import sapa
from helpers import fail, ok

from sapa_propaganda.core.period_words import find_periods, read_period
from sapa_propaganda.core.periods import parse_period  # noqa: F401 - the ids alone
from sapa_propaganda.errors import UsageError
from sapa_propaganda.i18n import set_language

TODAY = date(2022, 6, 20)

NATURAL_FORMS = [
    # the first six months
    ("6 tháng đầu năm 2022", "2022-H1"), ("6 thang dau nam 2022", "2022-H1"), ("6 tháng 2022", "2022-H1"),
    ("6T/2022", "2022-H1"), ("6t/2022", "2022-H1"), ("sáu tháng đầu năm 2022", "2022-H1"),
    ("6T-2022", "2022-H1"), ("nửa đầu năm 2022", "2022-H1"), ("6 tháng năm 2022", "2022-H1"),
    # a quarter
    ("quý 2/2022", "2022-Q2"), ("quý II/2022", "2022-Q2"), ("quý II năm 2022", "2022-Q2"), ("Q2/2022", "2022-Q2"),
    ("q2-2022", "2022-Q2"), ("quí 2 2022", "2022-Q2"), ("QUÝ II/2022", "2022-Q2"), ("quý hai năm 2022", "2022-Q2"),
    ("quý I/2022", "2022-Q1"), ("quý III/2022", "2022-Q3"), ("quý IV năm 2022", "2022-Q4"), ("quy 4/2022", "2022-Q4"),
    # nine months
    ("9 tháng 2022", "2022-9T"), ("9 tháng đầu năm 2022", "2022-9T"), ("9T/2022", "2022-9T"),
    ("chín tháng đầu năm 2022", "2022-9T"),
    # a month
    ("tháng 6/2022", "2022-06"), ("tháng 06 năm 2022", "2022-06"), ("T6/2022", "2022-06"), ("06/2022", "2022-06"),
    ("6/2022", "2022-06"), ("tháng 6 năm 2022", "2022-06"), ("Tháng 12/2022", "2022-12"), ("t10-2022", "2022-10"),
    ("9/2022", "2022-09"),
    # the year
    ("năm 2022", "2022-Y"), ("cả năm 2022", "2022-Y"), ("2022", "2022-Y"), ("Năm 2022", "2022-Y"),
    # the short forms, still read
    ("thang6-2022", "2022-06"), ("t6-2022", "2022-06"), ("quy3-2022", "2022-Q3"), ("6t-2022", "2022-H1"),
    ("9t-2022", "2022-9T"), ("nam-2022", "2022-Y"), ("năm-2022", "2022-Y"),
]


@pytest.mark.parametrize(("typed", "pid"), NATURAL_FORMS, ids=[typed for typed, _pid in NATURAL_FORMS])
def test_a_natural_form_is_the_period_it_means(typed, pid):
    period = read_period(typed, TODAY)
    assert period.id == pid
    assert period == read_period(pid)


# Any case, NFC or NFD, extra spaces, Word's dashes, slashes, quotes and non-breaking spaces.
SPELLINGS = [
    ("QUÝ  II /  2022", "2022-Q2"), (unicodedata.normalize("NFD", "6 tháng đầu năm 2022"), "2022-H1"),
    (unicodedata.normalize("NFD", "Quý II năm 2022"), "2022-Q2"), ("quý II – 2022", "2022-Q2"),
    ("quý II—2022", "2022-Q2"), ("tháng 6\u2215 2022", "2022-06"), ("6\u00a0tháng\u00a0đầu năm\u00a02022", "2022-H1"),
    ("\u201cquý II/2022\u201d", "2022-Q2"), ("'tháng 6/2022'", "2022-06"), ("  năm 2022. ", "2022-Y"),
    ("2022–H1", "2022-H1"), ("2022 – Q3", "2022-Q3"), ("6 THÁNG ĐẦU NĂM 2022", "2022-H1"),
    ("t\u00adháng 6/2022", "2022-06"), ("quý\u200b II/2022", "2022-Q2"), ("６Ｔ／２０２２", "2022-H1"),
]


@pytest.mark.parametrize(("typed", "pid"), SPELLINGS, ids=[ascii(typed) for typed, _pid in SPELLINGS])
def test_any_spelling_of_a_form_is_read(typed, pid):
    assert read_period(typed, TODAY).id == pid


def test_the_count_of_months_comes_first_the_month_after():
    """`6T/2022` and `6 tháng 2022` are the half-year; `T6/2022`, `tháng 6/2022` and `6/2022` June."""
    assert {read_period(t).id for t in ("6T/2022", "6 tháng 2022", "6t-2022")} == {"2022-H1"}
    assert {read_period(t).id for t in ("T6/2022", "tháng 6/2022", "6/2022", "06/2022", "t6-2022")} == {"2022-06"}
    assert {read_period(t).id for t in ("9T/2022", "9 tháng 2022")} == {"2022-9T"}
    assert {read_period(t).id for t in ("T9/2022", "tháng 9/2022", "9/2022")} == {"2022-09"}


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("vi")


AMBIGUOUS = [
    ("6 tháng cuối năm 2022", "2022-H1, 2022-Y", "no period for the last six months"),
    ("6 thang cuoi nam 2022", "2022-H1, 2022-Y", "no period for the last six months"),
    ("nửa cuối năm 2023", "2023-H1, 2023-Y", "no period for the last six months"),
    ("quý 2", "2021-Q2, 2022-Q2, 2023-Q2", "the year is missing"),
    ("quý II", "2021-Q2, 2022-Q2, 2023-Q2", "the year is missing"),
    ("Q2", "2021-Q2, 2022-Q2, 2023-Q2", "the year is missing"),
    ("tháng 6", "2021-06, 2022-06, 2023-06", "the year is missing"),
    ("T6", "2021-06, 2022-06, 2023-06", "the year is missing"),
    ("6 tháng đầu năm", "2021-H1, 2022-H1, 2023-H1", "the year is missing"),
    ("6T", "2021-H1, 2022-H1, 2023-H1", "the year is missing"),
    ("9 tháng", "2021-9T, 2022-9T, 2023-9T", "the year is missing"),
    ("cả năm", "2021-Y, 2022-Y, 2023-Y", "the year is missing"),
]


@pytest.mark.parametrize(("typed", "candidates", "why"), AMBIGUOUS, ids=[typed for typed, *_rest in AMBIGUOUS])
def test_an_ambiguous_period_is_refused_with_its_candidates(english, typed, candidates, why):
    with pytest.raises(UsageError) as caught:
        read_period(typed, TODAY)
    assert caught.value.key == "period_ambiguous"
    assert caught.value.params["candidates"] == candidates
    message = str(caught.value)
    assert f"'{typed}'" in message and candidates in message and why in message


def test_the_candidates_of_a_period_without_its_year_are_of_the_years_around_today():
    with pytest.raises(UsageError) as caught:
        read_period("quý 2", date(2025, 1, 3))
    assert caught.value.params["candidates"] == "2024-Q2, 2025-Q2, 2026-Q2"
    with pytest.raises(UsageError) as caught:
        read_period("6 tháng cuối năm", date(2025, 1, 3))  # both reasons, the years around the day given
    assert "thiếu năm" in str(caught.value) and "6 tháng cuối năm" in str(caught.value)
    assert "2025-H1, 2025-Y" in caught.value.params["candidates"]


GARBAGE = ["", "hôm nay", "ket-qua", "so-ket", "2022-H2", "2022-H3", "H1", "6t2022", "6t-22", "nam 22", "nam2022",
           "quý 5/2022", "quý 0/2022", "tháng 13/2022", "tháng 0/2022", "13/2022", "30/6/2022", "2022-6",
           "9 tháng cuối năm 2022", "quý 2/22", "20222", "tháng sáu 2022", "Q2 2022 2023", "6 2022", "6 năm 2022"]


@pytest.mark.parametrize("typed", GARBAGE)
def test_garbage_is_refused_with_the_forms(english, typed):
    with pytest.raises(UsageError) as caught:
        read_period(typed, TODAY)
    assert caught.value.key == "bad_period"
    message = str(caught.value)
    assert f"'{typed}'" in message
    for form in ("2022-06", "tháng 6/2022", "quý III/2022", "2022-H1", "6 tháng đầu năm 2022", "9T/2022",
                 "năm 2022"):
        assert form in message


@pytest.mark.parametrize("typed", ["năm 1899", "quý 2/2201", "0000", "tháng 6/9999", "6 tháng đầu năm 1000"])
def test_years_stay_within_bounds(typed):
    with pytest.raises(UsageError) as caught:
        read_period(typed)
    assert caught.value.key == "period_bad_year"


def test_a_canonical_id_does_not_load_the_grammar():
    """The daily commands read canonical ids: period_words (and its patterns) stay unloaded."""
    probe = ("import sys\n"
             "from sapa_propaganda.core.periods import parse_period\n"
             "assert parse_period('2022-H1').id == '2022-H1'\n"
             "assert parse_period(' 2024-q3 ').id == '2024-Q3'\n"
             "print('sapa_propaganda.core.period_words' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            env=dict(os.environ))
    assert result.stdout.strip() == "False"


# ---- in a sentence, for the importer ----------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "found"), [
    ("Hoàn thành trong quý III/2022.", [("quý III/2022", "2022-Q3")]),
    ("Báo cáo 6 tháng đầu năm 2023 gửi Ban Thường vụ.", [("6 tháng đầu năm 2023", "2023-H1")]),
    ("Báo cáo 9 tháng và cả năm 2022", [("cả năm 2022", "2022-Y")]),  # "9 tháng" alone is a duration
    ("Sơ kết 6 tháng đầu năm, tổng kết năm 2024", [("6 tháng đầu năm", "2022-H1"), ("năm 2024", "2024-Y")]),
    ("Triển khai trong tháng 6 và quý III năm 2022", [("tháng 6", "2022-06"), ("quý III năm 2022", "2022-Q3")]),
    ("Nộp trước ngày 30 tháng 6 năm 2022", []),  # a date
    ("Nộp trước 30/6/2022, báo cáo T6/2022", [("T6/2022", "2022-06")]),
    ("Kế hoạch giai đoạn năm 2021-2025", []),  # a range
    ("Tuyên truyền tháng 6-7/2022", []),
    ("Quỹ 1 triệu đồng; Hội Liên hiệp Phụ nữ Việt Nam 2022", []),  # a fund, a name
    ("Thực hiện trong 6 tháng", []),
    ("Quyết định số 6/2022 của UBND", []),  # a bare number is a document's as often as a period
    ("6 tháng cuối năm 2022", []),  # no such period
    ("QUÝ IV NĂM 2022", [("QUÝ IV NĂM 2022", "2022-Q4")]),
    ("bao cao quy 2 nam 2022 va thang 6", [("quy 2 nam 2022", "2022-Q2"), ("thang 6", "2022-06")]),
    (unicodedata.normalize("NFD", "trong quý II/2022 xong"),
     [(unicodedata.normalize("NFD", "quý II/2022"), "2022-Q2")]),
])
def test_find_periods_in_a_sentence(sentence, found):
    assert [(sentence[start:end], p.id) for start, end, p in find_periods(sentence, 2022)] == found


def test_find_periods_without_a_default_year_skips_a_phrase_without_its_own():
    assert [p.id for _s, _e, p in find_periods("quý II và 6 tháng đầu năm 2023")] == ["2023-H1"]
    assert find_periods("quý II/2022")[0][:2] == (0, 11)


# ---- on the command line ----------------------------------------------------------------------------

PLAN = """\
format = 1

[plan]
id = "ky-bao-cao-2022"
title = "Kế hoạch tuyên truyền năm 2022 của Đảng ủy xã Bản Hồ"
issuer = "Ban Thường vụ Đảng ủy xã Bản Hồ"
start = 2022-01-01
end = 2022-12-31

[[units]]
id = "tuyen-giao"
name = "Tổ Tuyên giáo Đảng ủy"

[[units]]
id = "mttq"
name = "Ủy ban Mặt trận Tổ quốc xã"

[[items]]
id = "I"
kind = "duty"
text = "Tuyên truyền kỷ niệm các ngày lễ lớn trong năm."
units = ["mttq"]
due = 2022-12-15

[reporting]
first = "2022-01"
last = "2022-12"

[[reporting.rules]]
id = "dinh-ky"
kind = "unit"
name = "Báo cáo kết quả tuyên truyền"
units = ["mttq"]
to = ["tuyen-giao"]

[[reporting.rules.due]]
period = "month"
day = 25
months_after_end = 0

[[reporting.rules.due]]
period = "quarter"
day = 20
months_after_end = 0

[[reporting.rules.due]]
period = "half-year"
day = 15
month = 6

[[reporting.rules.due]]
period = "nine-months"
day = 20
month = 9

[[reporting.rules.due]]
period = "annual"
day = 10
month = 12

[[reporting.rules.overrides]]
period = "2022-Q2"  # a plan file writes the id; the command line takes any form
due = 2022-06-18

[[reporting.rules.once]]
period = "ket-qua"
due = 2022-05-14
"""


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "ky-bao-cao.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def _run(tmp_path, plan, *args, today="2022-06-20"):
    return sapa(tmp_path, "--plan", plan, "--today", today, *args)


def _reports(tmp_path, plan, period):
    return json.loads(ok(_run(tmp_path, plan, "reports", "--period", period, "--json")))


def test_submit_takes_a_natural_period(tmp_path, plan):
    ok(_run(tmp_path, plan, "submit", "mttq", "6 tháng đầu năm 2022", "--date", "14/06/2022", "--ref", "12-BC"))
    [row] = _reports(tmp_path, plan, "2022-H1")
    assert (row["period"], row["submitted"], row["ref"]) == ("2022-H1", "2022-06-14", "12-BC")
    [june] = _reports(tmp_path, plan, "2022-06")
    assert june["submitted"] is None  # the half-year, not June


def test_reports_take_a_natural_period(tmp_path, plan):
    rows = _reports(tmp_path, plan, "quý 2/2022")
    assert [(r["period"], r["due"]) for r in rows] == [("2022-Q2", "2022-06-18")]  # the override, written naturally
    for typed in ("quý II/2022", "Q2/2022", "quí 2 2022", "2022-Q2"):
        assert _reports(tmp_path, plan, typed) == rows
    assert [r["period"] for r in _reports(tmp_path, plan, "6/2022")] == ["2022-06"]
    assert [r["period"] for r in _reports(tmp_path, plan, "6T/2022")] == ["2022-H1"]
    assert [r["period"] for r in _reports(tmp_path, plan, "9 tháng 2022")] == ["2022-9T"]
    assert [r["period"] for r in _reports(tmp_path, plan, "2022")] == ["2022-Y"]


def test_a_checklist_takes_a_natural_period(tmp_path, plan):
    text = ok(_run(tmp_path, plan, "checklist", "tháng 6/2022"))
    assert text == ok(_run(tmp_path, plan, "checklist", "2022-06"))
    assert "tháng 6 năm 2022" in text.lower()


def test_waive_and_report_draft_take_a_natural_period(tmp_path, plan):
    ok(_run(tmp_path, plan, "waive", "mttq", "T5/2022", "--note", "Không tổ chức hoạt động"))
    [may] = _reports(tmp_path, plan, "2022-05")
    assert may["state"] == "waived"
    draft = ok(_run(tmp_path, plan, "report-draft", "6 tháng đầu năm 2022"))
    assert draft == ok(_run(tmp_path, plan, "report-draft", "2022-H1"))


def test_a_one_time_report_id_is_tried_first(tmp_path, plan):
    ok(_run(tmp_path, plan, "submit", "mttq", "ket-qua", "--date", "10/05/2022"))
    ok(_run(tmp_path, plan, "submit", "mttq", "KẾT-QUẢ", "--date", "11/05/2022", "--replace"))  # any case or diacritics
    [row] = _reports(tmp_path, plan, "ket-qua")
    assert (row["period"], row["submitted"]) == ("ket-qua", "2022-05-11")
    line = fail(_run(tmp_path, plan, "reports", "--period", "ket-qu"))
    assert "ket-qua" in line and "quý III/2024" in line  # the plan's ids and the forms


def test_an_ambiguous_period_on_the_command_line_names_the_candidates(tmp_path, plan):
    line = fail(_run(tmp_path, plan, "reports", "--period", "quý 2"))
    assert "'quý 2'" in line and "2021-Q2, 2022-Q2, 2023-Q2" in line and "thiếu năm" in line
    line = fail(_run(tmp_path, plan, "submit", "mttq", "6 tháng cuối năm 2022"))
    assert "2022-H1, 2022-Y" in line
    line = fail(_run(tmp_path, plan, "checklist", "tháng 6", today="2024-02-01"))
    assert "2023-06, 2024-06, 2025-06" in line
    english = fail(sapa(tmp_path, "--plan", plan, "--lang", "en", "reports", "-p", "Q2"))
    assert "the year is missing" in english


def test_garbage_on_the_command_line_lists_the_forms(tmp_path, plan):
    line = fail(_run(tmp_path, plan, "checklist", "tháng mười ba"))
    assert "'tháng mười ba'" in line and "6 tháng đầu năm" in line
