"""`duties --search`: a phrase of whole syllables, diacritics respected where typed (issue 12 #1).

The clerk's complaint: `--search "hội thi"` listed 16 items and `--search "cổ động"` 5 duties,
because each word was looked for as a fragment of any folded syllable ("co" in "công", "dong"
in "Hội đồng"). A phrase now matches whole syllables, consecutive and in order; a syllable typed
with diacritics must be spelled so, one typed without any stands for every syllable folding to it.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from helpers import ok

from sapa_propaganda.core.matching import phrase_matcher, syllables

TODAY = "20/06/2022"
NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

# A plan written for these tests: texts that hold the traps of the issue, each in its own item.
SEARCH_PLAN = """\
format = 1

[plan]
id = "pho-rang-2023-van-hoa"
title = "Kế hoạch tuyên truyền cổ động và hội thi văn nghệ năm 2023"
issuer = "Ban Thường vụ Đảng ủy thị trấn Phố Ràng"
start = 2023-01-01
end = 2023-12-31

[[units]]
id = "du"
name = "Đảng ủy thị trấn"

[[units]]
id = "doan"
name = "Đoàn Thanh niên thị trấn"

[[units]]
id = "hoi-pn"
name = "Hội Liên hiệp Phụ nữ thị trấn"

[[units]]
id = "dai"
name = "Đài truyền thanh thị trấn"

[[items]]
id = "I"
kind = "section"
title = "NỘI DUNG VÀ HÌNH THỨC"

[[items]]
id = "I.1"
kind = "content"
text = "Kết quả hoạt động của Hội đồng nhân dân thị trấn; công tác đối ngoại."

[[items]]
id = "I.2"
kind = "form"
text = "Tuyên truyền cổ động trực quan trên loa, pa nô, áp phích."
units = ["dai"]

[[items]]
id = "I.3"
kind = "form"
text = "Tổ chức hội thi văn nghệ chào mừng ngày thành lập Đoàn."
units = ["doan"]

[[items]]
id = "I.4"
kind = "content"
text = "Kết quả hội thảo khoa học về lịch sử Đảng bộ."

[[items]]
id = "I.5"
kind = "content"
text = "Nắm bắt dư luận xã hội thị trấn sau Đại hội."

[[items]]
id = "II"
kind = "section"
title = "TỔ CHỨC THỰC HIỆN"

[[items]]
id = "II.1"
kind = "section"
title = "Hội Liên hiệp Phụ nữ thị trấn"
units = ["hoi-pn"]

[[items]]
id = "II.1.1"
kind = "duty"
text = "Vận động hội viên tham gia hoà giải ở cơ sở, xây dựng gia đình văn hoá."

[[items]]
id = "II.1.2"
kind = "duty"
text = "Phối hợp với Uỷ ban Mặt trận tổ chức ngày hội Đại đoàn kết toàn dân tộc."

[[items]]
id = "II.2"
kind = "section"
title = "Đoàn Thanh niên thị trấn"
units = ["doan"]

[[items]]
id = "II.2.1"
kind = "duty"
text = "Tổ chức cho đoàn viên thi tìm hiểu lịch sử Đảng bộ; đong đếm kết quả bằng phiếu."
"""


@pytest.fixture
def search(run, write_plan):
    """`search("hội thi", "--all")`: the ids `duties --search` lists, in order, for SEARCH_PLAN."""
    path = write_plan(SEARCH_PLAN, "search.toml")

    def ids(typed: str, *more: str) -> list[str]:
        rows = json.loads(ok(run("--plan", path, "--today", TODAY, "duties", "--search", typed, *more, "--json")))
        return list(dict.fromkeys(r["id"] for r in rows))

    return ids


def bundled_ids(run, *args: str) -> list[str]:
    rows = json.loads(ok(run("--today", TODAY, "duties", *args, "--json")))
    return list(dict.fromkeys(r["id"] for r in rows))


# ---- the two searches on the bundled plan -------------------------------------------

def test_hoi_thi_no_longer_finds_hoi_thao_hoi_dong_or_thi_dua(run):
    # Before the fix: 16 rows. Only II.2.4.2 holds "hội thi"; III.1.5 holds "xã hội thị xã",
    # which a phrase typed with diacritics does not mean. Typed without any, it does.
    found = bundled_ids(run, "--all", "--search", "hội thi")
    assert found == ["II.2.4.2"]
    assert sorted(bundled_ids(run, "--all", "--search", "hoi thi")) == ["II.2.4.2", "III.1.5"]
    assert "II.2.2.2" not in found  # "hội thảo"
    assert "III.1.3" not in found  # "thi đua"
    # Typed with its tone, "thị" keeps only the other one.
    assert bundled_ids(run, "--all", "--search", "hội thị") == ["III.1.5"]


def test_co_dong_finds_only_the_duty_that_says_it(run):
    assert bundled_ids(run, "--search", "cổ động") == ["III.3.2.1"]  # was 5 duties
    assert bundled_ids(run, "--all", "--search", "cổ động") == ["III.3.2.1"]
    # Without diacritics it still finds it, and no "công"/"Hội đồng" fragments.
    assert bundled_ids(run, "--search", "co dong") == ["III.3.2.1"]


# ---- the rule, on a plan of our own --------------------------------------------------------

@pytest.mark.parametrize(("typed", "expected"), [
    ("hội thi", ["I.3"]),  # typed with diacritics: spelled so, "thi" is not "thị"
    ("hội thị", ["I.5"]),
    ("HỘI THI", ["I.3"]),
    ("hoi thi", ["I.3", "I.5"]),  # typed without any: every spelling
    ("thi hội", []),  # in order
    ("hội văn", []),  # consecutive: "hội thi văn" has a syllable between
    ("cổ động", ["I.2"]),  # not "công" (I.1) nor "Hội đồng" (I.1)
    ("co dong", ["I.2"]),
    ("dong", ["I.1", "I.2", "II.1.1", "II.2.1"]),  # đồng, động, đong: all fold to "dong"
    ("đồng", ["I.1"]),  # typed with diacritics: only that spelling
    ("đong", ["II.2.1"]),
    ("ong", []),  # a fragment of "công", "đồng": not a syllable of any text
    ("van", ["I.3", "II.1.1"]),  # văn, vận
    ("va", []),
])
def test_whole_syllables_consecutive_diacritics_where_typed(search, typed, expected):
    assert sorted(search(typed, "--all")) == expected


def test_nfd_input_finds_what_nfc_finds(search):
    for typed in ("hội thi", "cổ động", "đồng", "Hoà giải"):
        assert search(NFD(typed), "--all") == search(typed, "--all"), typed


def test_tone_placement_and_case_do_not_matter(search):
    # "hoà" and "hòa", "Uỷ" and "Ủy" are the same syllables written two ways.
    assert search("hòa giải") == search("HOÀ GIẢI") == search("hoa giai") == ["II.1.1"]
    assert search("Ủy ban mặt trận") == search("uỷ ban") == ["II.1.2"]
    assert search("văn hóa") == ["II.1.1"]  # the plan writes "văn hoá"
    assert search("hóa giải") == []  # another tone: another syllable


def test_punctuation_around_syllables_does_not_matter(search):
    assert search("cơ sở xây dựng") == ["II.1.1"]  # "cơ sở, xây dựng"
    assert search("pa nô áp phích") == ["I.2"]  # "pa nô, áp phích"
    assert search("lịch sử Đảng bộ đong đếm") == ["II.2.1"]  # "Đảng bộ; đong đếm"
    assert search("\u201ccổ động\u201d.") == ["I.2"]  # quotes and a full stop typed around the phrase


def test_search_keeps_the_units_and_the_default_listing(search):
    assert search("hội thi") == ["I.3"]  # I.5 names no unit: only with --all
    assert search("lịch sử", "--unit", "doan") == ["II.2.1"]


# ---- when nothing matches, a hint says what would -------------------------------------------

def test_a_phrase_typed_with_other_diacritics_hints_at_typing_none(run, write_plan):
    path = write_plan(SEARCH_PLAN, "search.toml")
    result = run("--plan", path, "--today", TODAY, "duties", "--search", "hóa giải")
    assert result.exit_code == 0
    assert result.stdout == "Không có nhiệm vụ nào khớp.\n"
    assert result.stderr == 'Gợi ý: gõ không dấu "hoa giai" thì có 1 mục khớp.\n'


def test_words_found_apart_are_named(run):
    result = run("--today", TODAY, "--lang", "en", "duties", "--search", "bau cu du luan")
    assert result.exit_code == 0 and result.stdout == "No duty matches.\n"
    assert "III.1.5" in result.stderr and "together and in order" in result.stderr


def test_a_match_only_among_items_without_a_unit_hints_at_all(run):
    result = run("--today", TODAY, "duties", "--search", "hội thảo")  # II.2.2.2 names no unit
    assert result.stdout == "Không có nhiệm vụ nào khớp.\n"
    assert "--all" in result.stderr and "1 mục" in result.stderr
    assert bundled_ids(run, "--all", "--search", "hội thảo") == ["II.2.2.2"]


def test_json_stays_quiet_when_nothing_matches(run):
    result = run("--today", TODAY, "duties", "--search", "hội thảo", "--json")
    assert (result.exit_code, json.loads(result.stdout), result.stderr) == (0, [], "")


# ---- the matcher itself ----------------------------------------------------------------------

def test_syllables_drop_the_punctuation_around_them():
    assert syllables("“Lấy xây làm chính”, COVID-19; kinh tế - xã hội...") == [
        "Lấy", "xây", "làm", "chính", "COVID", "19", "kinh", "tế", "xã", "hội"]
    assert syllables(NFD("Đảng bộ")) == ["Đảng", "bộ"]


@pytest.mark.parametrize(("typed", "text", "found"), [
    ("covid-19", "phòng, chống dịch bệnh COVID-19;", True),
    ("covid 19", "COVID-19", True),
    ("phòng chống", "phòng, chống dịch", True),
    ("phong chong", "Phòng, Chống", True),
    ("phòng chông", "phòng, chống", False),
    ("dang", "Đảng", True),
    ("đang", "Đảng", False),
    ("Đảng", NFD("ĐẢNG"), True),
    ("hoi", "Hội đồng", True),
    ("ho", "Hội đồng", False),
])
def test_phrase_matcher(typed, text, found):
    test = phrase_matcher(typed)
    assert test is not None and test(text) is found


def test_nothing_searchable_typed_means_no_filter():
    assert phrase_matcher("") is None and phrase_matcher("  ... ") is None
