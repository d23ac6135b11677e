"""The read-only commands on the bundled plan: duties, show, units, plan show; options and languages."""

from __future__ import annotations

import json
import unicodedata

import pytest
from helpers import collapse, fail, groups_of, ok
from sample_plans import BUNDLED_PLAN_PATH


def json_of(result):
    return json.loads(ok(result))


# --- duties -------------------------------------------------------------------------------------

def test_duties_are_grouped_by_unit_in_document_order(run):
    out = ok(run("duties"))
    assert groups_of(out) == {
        "btg": ["III.1.1", "III.1.2", "III.1.3", "III.1.4", "III.1.5", "III.1.6"],
        "mttq": ["III.2.1", "III.2.2", "III.2.3"],
        "vhtt": ["III.3.1.1"],
        "ttvh": ["III.3.2.1"],
        "chi-dang-bo": ["III.4.1", "III.4.2", "III.4.3"],
        # the forms of section II that name a unit are that unit's too (issue 12 #2)
        "khoi-tuyen-truyen": ["II.2.1.1"], "cong-ttdt": ["II.2.1.1"], "cong-ttdn": ["II.2.6.2"],
    }
    assert list(groups_of(out)) == ["btg", "mttq", "vhtt", "ttvh", "chi-dang-bo", "khoi-tuyen-truyen",
                                    "cong-ttdt", "cong-ttdn"]
    assert out.splitlines()[0] == "Mã\tMục\tTrạng thái\tCập nhật\tĐơn vị\tNhiệm vụ\tHạn"  # one table, a header row


def test_duties_piped_are_plain_text(run):
    out = ok(run("duties"))
    assert "\x1b" not in out
    assert not set("┃│┏━┡└") & set(out)
    # Each duty is one line holding its whole text, for grep and cut.
    line = next(x for x in out.splitlines() if x.startswith("III.3.1.1\t"))
    assert line.endswith("xuyên tạc chống phá Đảng, Nhà nước trên địa bàn.\t")  # its deadline after: none


@pytest.mark.parametrize("typed, unit", [
    ("ban tuyen giao", "btg"),
    ("BTG", "btg"),
    ("btg", "btg"),
    ("Ban Tuyên giáo", "btg"),
    ("mttq", "mttq"),
    ("MTTQ", "mttq"),
    ("mat tran", "mttq"),
    ("Uỷ ban Mặt trận", "mttq"),  # old-style tone placement
    ("Ủy ban Mặt trận", "mttq"),
    ("Phòng văn hoá", "vhtt"),
    ("phong van hoa", "vhtt"),
    ("PHÒNG VĂN HÓA - THÔNG TIN", "vhtt"),
    ("vh-tt", "vhtt"),
    ("trung tam van hoa", "ttvh"),
    ("chi-dang-bo", "chi-dang-bo"),
    ("dang bo", "chi-dang-bo"),
    ("Đảng bộ", "chi-dang-bo"),
])
def test_unit_matching_ignores_case_and_diacritics(run, typed, unit):
    for form in ("NFC", "NFD"):  # macOS terminals and web forms send decomposed text
        rows = json_of(run("duties", "--unit", unicodedata.normalize(form, typed), "--json"))
        assert rows and {r["unit"] for r in rows} == {unit}, (form, typed)


def test_unit_filter_keeps_only_that_units_duties(run):
    out = ok(run("duties", "-u", "mttq"))
    assert groups_of(out) == {"mttq": ["III.2.1", "III.2.2", "III.2.3"]}


def test_ambiguous_unit_lists_the_candidates(run):
    message = fail(run("duties", "--unit", "ban tuyen"))
    assert "btg (Ban Tuyên giáo Thị ủy)" in message
    assert "btg-tinh-uy (Ban Tuyên giáo Tỉnh ủy Lào Cai)" in message


def test_unknown_unit_suggests_the_closest(run):
    message = fail(run("duties", "--unit", "mtq"))
    assert message == "sapa: không có đơn vị 'mtq' (có phải: mttq?)"


def test_search_ignores_diacritics_and_case(run):
    for words in ("bau cu", "BẦU CỬ", unicodedata.normalize("NFD", "bầu cử")):
        rows = json_of(run("duties", "--search", words, "--json"))
        assert [r["id"] for r in rows] == ["III.1.2", "III.1.5"], words


def test_search_finds_the_words_together_and_in_order(run):
    assert [r["id"] for r in json_of(run("duties", "--search", "du luan xa hoi", "--json"))] == ["III.1.5"]
    result = run("duties", "--search", "bau cu du luan")  # all there, but apart: a hint names it
    assert result.stdout == "Không có nhiệm vụ nào khớp.\n" and "III.1.5" in result.stderr


def test_search_with_unit_and_no_match(run):
    assert [r["id"] for r in json_of(run("duties", "-u", "btg", "--search", "ấn phẩm", "--json"))] == ["III.1.4"]
    result = run("duties", "-u", "vhtt", "--search", "bau cu")
    assert result.exit_code == 0 and result.stdout.strip() == "Không có nhiệm vụ nào khớp."
    assert "btg" in result.stderr  # the hint: other units have it


def test_duties_all_adds_contents_and_forms_that_name_a_unit(run):
    ids = [r["id"] for r in json_of(run("duties", "--all", "--json"))]
    assert "II.2.1.1" in ids and "II.2.6.2" in ids
    assert len([i for i in ids if i.startswith("III.")]) == 14


def test_duties_json_for_one_unit_is_exact(run):
    assert json_of(run("duties", "--unit", "vhtt", "--json")) == [{
        "id": "III.3.1.1",
        "unit": "vhtt",
        "text": "Phối hợp với các cơ quan liên quan chỉ đạo việc theo dõi, kiểm tra, chặn lọc và xử lý "
                "nghiêm các vi phạm trong việc đăng tải, phổ biến thông tin, quan điểm sai trái, thù địch, "
                "xuyên tạc chống phá Đảng, Nhà nước trên địa bàn.",
        "section": "III.3.1",
        "kind": "duty",
        "due": None,
        "status": "todo",
        "updated": None,
        "note": "",
    }]


def test_json_holds_raw_vietnamese_not_escapes(run):
    out = ok(run("duties", "--unit", "vhtt", "--json"))
    assert "Phối hợp" in out
    assert "\\u" not in out
    out = ok(run("plan", "show", "--json"))
    assert "Thào A Sinh" in out and "\\u" not in out


# --- show ---------------------------------------------------------------------------------------

def test_show_gives_full_text_unit_section_path_and_reporting_rule(run):
    out = ok(run("show", "III.1.6"))
    flat = collapse(out)
    assert out.startswith("III.1.6")
    assert ("Chủ trì theo dõi, kiểm tra, đôn đốc việc thực hiện kế hoạch này; định kỳ tổng hợp báo cáo "
            "Thị ủy và Ban Tuyên giáo Tỉnh ủy theo quy định.") in flat
    assert "Ban Tuyên giáo Thị ủy (btg)" in flat
    assert "III. TỔ CHỨC THỰC HIỆN › III.1. Ban Tuyên giáo Thị ủy" in flat
    rule = next(line for line in out.splitlines() if line.startswith("Chế độ báo cáo:"))
    assert "20/06" in rule and "20/11" in rule
    assert "Thị ủy Sa Pa" in rule and "Ban Tuyên giáo Tỉnh ủy Lào Cai" in rule


def test_show_of_a_reporting_unit_gives_its_deadlines_and_channel(run):
    out = ok(run("show", "III.2.1"))
    rule = next(line for line in out.splitlines() if line.startswith("Chế độ báo cáo:"))
    assert "15/06" in rule and "15/11" in rule and "BTG Thị ủy" in rule
    assert "20/06" not in rule


def test_show_a_content_gives_its_period_and_deadline(run):
    out = ok(run("show", "II.1.1.3"))
    assert "24/05/2021 – 31/12/2021" in out
    assert "31/12/2021" in next(line for line in out.splitlines() if line.startswith("Thời hạn:"))


def test_show_accepts_lower_case_and_a_trailing_dot(run):
    assert ok(run("show", "iii.1.6.")) == ok(run("show", "III.1.6"))


def test_show_of_a_section_lists_its_children(run):
    out = ok(run("show", "II.2.1.3"))
    assert "II.2.1.3.1" in out and "II.2.1.3.2" in out


def test_show_typo_suggests_close_ids(run):
    message = fail(run("show", "III.1.7"))
    assert message.startswith("sapa: không có mục 'III.1.7' (có phải: ")
    assert "III.1.6" in message


def test_show_json(run):
    data = json_of(run("show", "II.2.1.3.1", "--json"))
    assert data["id"] == "II.2.1.3.1"
    assert data["parent"] == "II.2.1.3"
    assert data["path"] == ["II", "II.2", "II.2.1", "II.2.1.3"]
    assert "fange" in data["original"] and "fanpage" in data["text"]


# --- units and plan show -------------------------------------------------------------------------

def test_units_count_duties_and_list_members(run):
    out = ok(run("units"))
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0][0] == "Mã"
    table = {r[0]: r for r in rows[1:]}
    duties = {uid: int(r[3]) for uid, r in table.items()}
    assert duties == {"thi-uy": 0, "btg": 6, "mttq": 3, "ubnd": 0, "vhtt": 1, "ttvh": 1, "chi-dang-bo": 3,
                      "btg-tinh-uy": 0, "bcd-35": 0, "khoi-tuyen-truyen": 1, "cong-ttdt": 1, "cong-ttdn": 1}
    assert table["vhtt"][2] == "ubnd"  # parent
    assert table["mttq"][4].split("; ") == [
        "Ủy ban MTTQ Việt Nam thị xã", "Hội Cựu chiến binh thị xã", "Hội Nông dân thị xã",
        "Hội Liên hiệp Phụ nữ thị xã", "Thị đoàn Sa Pa", "Liên đoàn Lao động thị xã"]


def test_units_json(run):
    data = json_of(run("units", "--json"))
    assert [u["id"] for u in data][:3] == ["thi-uy", "btg", "mttq"]
    by_id = {u["id"]: u for u in data}
    assert by_id["btg"]["duties"] == 6 and by_id["btg"]["parent"] == "thi-uy"
    assert "BTG" in by_id["btg"]["aliases"]


def test_plan_show_prints_the_header_and_the_tree(run):
    from sapa_propaganda.storage.plan_loader import load_plan

    plan = load_plan(BUNDLED_PLAN_PATH)
    out = ok(run("plan", "show"))
    header, tree = out.split("\n\n", 1)
    assert header.splitlines()[0] == plan.title
    assert "Ban Thường vụ Thị ủy Sa Pa" in header and "42-KH/TU" in header
    lines = tree.splitlines()
    ids = [line.split()[0] for line in lines]
    assert ids == [i.id for i in plan.items]
    for line, item in zip(lines, plan.items, strict=True):
        assert line.startswith("  " * item.depth + item.id + "  "), line
    assert "  I.1  Mục đích" in lines
    assert "III  TỔ CHỨC THỰC HIỆN" in lines


# --- languages -------------------------------------------------------------------------------------

def test_english_labels_with_the_plan_text_untouched(run):
    vi = ok(run("show", "III.1.6"))
    en = ok(run("--lang", "en", "show", "III.1.6"))
    assert vi != en
    assert "Thuộc mục:" in vi and "Section path:" in en and "Section path:" not in vi
    assert "Chế độ báo cáo:" in vi and "Reporting rule:" in en
    # The plan's own words are never translated.
    body_vi = vi.split("\n\n")[0].splitlines()[1:]
    body_en = en.split("\n\n")[0].splitlines()[1:]
    assert body_vi == body_en and "Chủ trì theo dõi" in body_en[0]
    assert "III. TỔ CHỨC THỰC HIỆN › III.1. Ban Tuyên giáo Thị ủy" in en


def test_sapa_lang_env_is_the_same_as_the_option(run):
    by_option = ok(run("--lang", "en", "duties", "-u", "btg"))
    by_env = ok(run("duties", "-u", "btg", env={"SAPA_LANG": "en"}))
    upper = ok(run("--lang", "EN", "duties", "-u", "btg"))
    assert by_option == by_env == upper
    assert by_env.startswith("Id\tSection\tStatus\tUpdated\tUnit\tDuty\tDue\nIII.1.1\t")


def test_vietnamese_is_the_default(run):
    assert ok(run("duties", "-u", "btg")) == ok(run("--lang", "vi", "duties", "-u", "btg"))


def test_errors_follow_the_language(run):
    assert fail(run("--lang", "en", "duties", "--unit", "mtq")) == "sapa: no unit 'mtq' (did you mean: mttq?)"


def test_json_is_the_same_in_both_languages(run):
    assert ok(run("--lang", "en", "duties", "--json")) == ok(run("duties", "--json"))


# --- global options and environment ----------------------------------------------------------------

def test_global_options_come_before_the_command(run, quarterly_plan, tmp_path):
    (tmp_path / "d").mkdir()  # there: a data folder that is not is named on stderr (test_clerk_habits)
    out = ok(run("--plan", quarterly_plan, "--data", tmp_path / "d", "--today", "20/06/2022",
                 "--lang", "en", "--plain", "duties"))
    assert list(groups_of(out)) == ["hnd", "phong-nn"]
    assert out.startswith("Id\tSection\t")  # in English


def test_sapa_plan_env_chooses_the_plan(run, quarterly_plan):
    out = ok(run("duties", env={"SAPA_PLAN": str(quarterly_plan)}))
    assert list(groups_of(out)) == ["hnd", "phong-nn"]


def test_plan_option_wins_over_the_env(run, quarterly_plan):
    out = ok(run("--plan", BUNDLED_PLAN_PATH, "duties", env={"SAPA_PLAN": str(quarterly_plan)}))
    assert "btg" in groups_of(out)


def test_sapa_data_and_sapa_today_env(run, tmp_path):
    (tmp_path / "so-tien-do").mkdir()  # there: a data folder that is not is named on stderr (test_clerk_habits)
    (tmp_path / "khac").mkdir()
    data = json_of(run("info", "--json", env={"SAPA_DATA": str(tmp_path / "so-tien-do"),
                                               "SAPA_TODAY": "1/2/2023"}))
    assert data["data"] == str((tmp_path / "so-tien-do").resolve())
    assert data["today"] == "2023-02-01"
    # Options win over the environment.
    data = json_of(run("--data", tmp_path / "khac", "--today", "2023-03-04", "info", "--json"))
    assert data["data"] == str((tmp_path / "khac").resolve())
    assert data["today"] == "2023-03-04"


def test_read_commands_write_nothing(run, tmp_path, sapa_env):
    """Nothing in the data folder: no ledger file, no lock, no cache; only the machine's own caches."""
    for command in (["duties"], ["show", "III.1.6"], ["units"], ["plan", "show"], ["plan", "check"],
                    ["history"], ["info"]):
        ok(run(*command))
    assert not (tmp_path / "data").exists() or not list((tmp_path / "data").rglob("*"))
    written = [p.relative_to(tmp_path / "home") for p in (tmp_path / "home").rglob("*") if p.is_file()]
    assert written and all(p.parts[:2] == (".cache", "sapa") for p in written), written


@pytest.mark.parametrize("value", ["31/02/2022", "hôm qua", "2022-13-01"])
def test_bad_today_is_a_one_line_error(run, value):
    message = fail(run("--today", value, "duties"))
    assert f"'{value}'" in message and "dd/mm/yyyy" in message
    assert fail(run("duties", env={"SAPA_TODAY": value})) == message


def test_bad_lang_is_a_one_line_error(run):
    message = fail(run("--lang", "fr", "duties"))
    assert "'fr'" in message and "vi" in message and "en" in message
    assert fail(run("duties", env={"SAPA_LANG": "fr"})) == message


# --- terminal safety ---------------------------------------------------------------------------------

MARKUP_PLAN = """\
    format = 1

    [plan]
    id = "markup"
    title = "Kế hoạch [bold]thử[/bold]"
    issuer = "Ban Thường vụ Huyện ủy"
    start = 2024-01-01
    end = 2024-12-31

    [[units]]
    id = "hnd"
    name = "Hội Nông dân [red]huyện"

    [[items]]
    id = "I"
    kind = "section"
    title = "TỔ CHỨC THỰC HIỆN"

    [[items]]
    id = "I.1"
    kind = "duty"
    text = "Làm [bold]x[/bold] và [red] ngay"
    units = ["hnd"]
    note = "Ghi chú \\u001b[31mđỏ\\u001b[0m"
"""


@pytest.mark.parametrize("mode", ["--rich", "--plain"])
def test_markup_in_plan_text_is_shown_literally(run, write_plan, mode):
    path = write_plan(MARKUP_PLAN)
    duties = ok(run("--plan", path, mode, "duties"))
    assert "[bold]x[/bold]" in duties and "[red] ngay" in duties
    units = duties if mode == "--rich" else ok(run("--plan", path, mode, "units"))  # piped: the unit's id
    assert "Hội Nông dân [red]huyện" in units
    if mode == "--rich":
        assert "│" in duties  # really a Rich table
    shown = ok(run("--plan", path, mode, "show", "I.1"))
    assert "Làm [bold]x[/bold] và [red] ngay" in shown
    overview = ok(run("--plan", path, mode, "plan", "show"))
    assert "Kế hoạch [bold]thử[/bold]" in overview


@pytest.mark.parametrize("mode", ["--rich", "--plain"])
def test_escape_sequences_in_plan_text_do_not_reach_the_terminal(run, write_plan, mode):
    path = write_plan(MARKUP_PLAN)
    shown = ok(run("--plan", path, mode, "show", "I.1"))
    assert "Ghi chú" in shown and "đỏ" in shown
    assert "\x1b" not in shown
