"""Vietnamese text, dates and periods as a clerk types them."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from sapa_propaganda.core.dates import format_date, parse_date
from sapa_propaganda.core.period_words import read_period
from sapa_propaganda.core.periods import parse_period
from sapa_propaganda.core.text import (
    clean_input,
    close_matches,
    fold,
    nfc,
    shorten,
    strip_control,
    vi_sort_key,
)
from sapa_propaganda.errors import UsageError

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731


# --- fold -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, folded", [
    ("Đảng", "dang"),
    ("đ", "d"),
    ("Ban Tuyên giáo Thị ủy", "ban tuyen giao thi uy"),
    ("BAN TUYÊN GIÁO", "ban tuyen giao"),
    ("Phòng Văn hóa - Thông tin", "phong van hoa - thong tin"),
    ("  Hội   Nông dân\thuyện ", "hoi nong dan huyen"),
    ("Ưu tiên", "uu tien"),
    ("Ơn", "on"),
])
def test_fold_drops_case_and_diacritics(typed, folded):
    assert fold(typed) == folded
    assert fold(NFD(typed)) == folded


def test_fold_treats_both_tone_placements_alike():
    assert fold("Uỷ ban") == fold("Ủy ban") == "uy ban"
    assert fold("hoá") == fold("hóa") == "hoa"
    assert fold("Thuỷ") == fold("Thủy")


def test_nfd_and_nfc_fold_the_same_and_nfc_restores():
    word = "Trung tâm Văn hóa, Thể thao - Truyền thông"
    assert NFD(word) != word
    assert nfc(NFD(word)) == word
    assert fold(NFD(word)) == fold(word)


# --- Vietnamese sort order ------------------------------------------------------------------------

def vi_sorted(words):
    return sorted(words, key=vi_sort_key)


@pytest.mark.parametrize("expected", [
    ["a", "ă", "â", "b"],
    ["d", "đ", "e"],
    ["o", "ô", "ơ", "p"],
    ["u", "ư", "v"],
    ["e", "ê", "g"],
    ["An", "Ăn", "Ân", "Bình"],
    ["Dũng", "Đức", "Em"],
    ["Tuyên", "Tư", "Từ", "Ương"],
])
def test_letters_with_marks_have_their_own_place(expected):
    for scrambled in (list(reversed(expected)), expected[1::2] + expected[0::2]):
        assert vi_sorted(scrambled) == expected


def test_tones_only_break_ties():
    assert vi_sorted(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # A tone on an earlier letter does not outweigh a later letter.
    assert vi_sorted(["mac", "mạ"]) == ["mạ", "mac"]
    assert vi_sorted(["má", "mă"]) == ["má", "mă"]
    assert vi_sorted(["bán", "ban", "bàn"]) == ["ban", "bàn", "bán"]


def test_a_word_sorts_before_longer_words_it_begins():
    assert vi_sorted(["Bang", "Ban Tuyên giáo"]) == ["Ban Tuyên giáo", "Bang"]
    assert vi_sorted(["Hội Nông dân", "Hội"]) == ["Hội", "Hội Nông dân"]
    assert vi_sorted(["Hội-A", "Hội A", "HộiA"]) == ["Hội A", "Hội-A", "HộiA"]


def test_sort_ignores_case_and_normal_form():
    words = ["Đảng", "dân", "Ân", "an", "Ủy", "uy"]
    assert [nfc(w) for w in vi_sorted([NFD(w) for w in words])] == vi_sorted(words)
    assert vi_sorted(["Đảng", "dân", "Ân", "an"]) == ["an", "Ân", "dân", "Đảng"]


# --- dates ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["20/06/2022", "20/6/2022", "2022-06-20", "20-06-2022", "20.06.2022",
                                   " 20/06/2022 "])
def test_parse_date_accepts_the_office_formats(typed):
    assert parse_date(typed) == date(2022, 6, 20)


def test_parse_date_short_day_and_month():
    assert parse_date("2/6/2022") == date(2022, 6, 2)
    assert parse_date("2022-6-2") == date(2022, 6, 2)


@pytest.mark.parametrize("typed", ["31/02/2022", "hôm qua", "32/01/2022", "20/13/2022", "2022-02-30",
                                   "20/06/22", "2022/06/20", "", "20 06 2022"])
def test_parse_date_rejects_with_a_usage_error_naming_the_input(typed):
    with pytest.raises(UsageError) as caught:
        parse_date(typed)
    assert caught.value.exit_code == 2
    assert f"'{typed}'" in str(caught.value)


def test_format_date_is_day_month_year():
    assert format_date(date(2022, 6, 2)) == "02/06/2022"
    assert format_date(date(2021, 12, 31)) == "31/12/2021"
    assert format_date(None) == ""
    assert parse_date(format_date(date(2024, 2, 29))) == date(2024, 2, 29)


# --- periods -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, pid, start, end", [
    ("2022-H1", "2022-H1", date(2022, 1, 1), date(2022, 6, 30)),
    ("2022-h1", "2022-H1", date(2022, 1, 1), date(2022, 6, 30)),
    ("6t-2022", "2022-H1", date(2022, 1, 1), date(2022, 6, 30)),
    ("2022-y", "2022-Y", date(2022, 1, 1), date(2022, 12, 31)),
    ("2022-Y", "2022-Y", date(2022, 1, 1), date(2022, 12, 31)),
    ("nam-2022", "2022-Y", date(2022, 1, 1), date(2022, 12, 31)),
    ("năm-2022", "2022-Y", date(2022, 1, 1), date(2022, 12, 31)),
    ("2024-Q1", "2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
    ("2024-Q2", "2024-Q2", date(2024, 4, 1), date(2024, 6, 30)),
    ("2024-Q3", "2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
    ("2024-q4", "2024-Q4", date(2024, 10, 1), date(2024, 12, 31)),
    ("quý 3-2024", "2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
    ("q3-2024", "2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
])
def test_parse_period(typed, pid, start, end):
    period = read_period(typed)  # the short Vietnamese forms are typed on the command line
    assert (period.id, period.start, period.end) == (pid, start, end)
    assert parse_period(period.id) == period


@pytest.mark.parametrize("typed", ["2022-H3", "2022-H2", "2022-Q5", "2022-Q0", "20222", "H1", "6t-22",
                                   "hôm nay", ""])
def test_parse_period_rejects(typed):
    with pytest.raises(UsageError) as caught:
        parse_period(typed)
    assert f"'{typed}'" in str(caught.value)


def test_periods_order_by_their_end():
    ids = ["2025-Y", "2024-Q3", "2024-H1", "2024-Q1", "2024-Y"]
    assert [p.id for p in sorted(map(parse_period, ids))] == ["2024-Q1", "2024-H1", "2024-Q3", "2024-Y", "2025-Y"]
    assert parse_period("2025-Y") > parse_period("2021-Y")


# --- other text helpers ---------------------------------------------------------------------------------

def test_strip_control_removes_escapes_but_keeps_lines():
    assert strip_control("đỏ\x1b[31m chữ\x1b[0m\nxuống dòng\tcột\x07") == "đỏ chữ\nxuống dòng\tcột"
    cleaned = clean_input(NFD("  Ghi chú \x1b]0;title\x07 "))
    assert cleaned.startswith("Ghi chú") and unicodedata.is_normalized("NFC", cleaned)
    assert "\x1b" not in cleaned and "\x07" not in cleaned


def test_close_matches_compare_folded_and_answer_as_written():
    assert close_matches("mtq", ["mttq", "btg", "vhtt"]) == ["mttq"]
    assert close_matches("ban tuyen giao", ["Ban Tuyên giáo", "Mặt trận"]) == ["Ban Tuyên giáo"]
    assert close_matches("xyz", ["btg"]) == []


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    text = "Chủ trì theo dõi, kiểm tra, đôn đốc việc thực hiện kế hoạch này"
    short = shorten(text, 30)
    assert len(short) <= 30 and short.endswith("…")
    assert text.startswith(short[:-1])
    assert shorten("ngắn", 30) == "ngắn"
    assert shorten("  nhiều \n dòng  ", 30) == "nhiều dòng"
