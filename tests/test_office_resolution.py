"""An office of several plans, said in fewer words (issue 18, "Say less, get the same").

A unit, member, item or period that only one active plan has needs no --plan; --plan takes a plan's
id, its document number or a unique beginning of either; search, `units`, `show` and `history` cover
every active plan even when a default plan is set, and a listing narrowed to the default plan says
so; every refusal names the plan it looked in, and a unit it lacks is met with the plans that have it.

The office is test_workspace's: a ward's study plan (WARD, whose chi bộ report on their own), a
two-phase programme that ended in 2017 (PHASES) and the bundled Sa Pa plan (SAPA)."""

from __future__ import annotations

import json

import pytest
from helpers import fail, ok
from sample_plans import BUNDLED_PLAN_PATH
from test_member_reports import MEMBERS_PLAN
from test_one_time_reports_and_phases import PHASES_PLAN
from test_workspace import PHASES, SAPA, TODAY, WARD

WARD_NUMBER, PHASES_NUMBER = "25-KH/ĐU", "2983/UBND-VP"


def _office(run, write_plan, ward=MEMBERS_PLAN, phases=PHASES_PLAN):
    """A workspace of the three plans; `sapa(*args)` runs on TODAY without --plan."""
    def sapa(*args):
        return run("--today", TODAY, *args)

    ok(sapa("plan", "add", write_plan(ward, "ward.toml")))
    ok(sapa("plan", "add", write_plan(phases, "phases.toml")))
    ok(sapa("plan", "add", BUNDLED_PLAN_PATH))
    return sapa


@pytest.fixture
def office(run, write_plan):
    """test_workspace's office: none of its plans has a document number."""
    return _office(run, write_plan)


def _reports(office, *args):
    return json.loads(ok(office("reports", "--json", *args)))


def _history(office, *args):
    return json.loads(ok(office("history", "--json", *args)))


# ---- a unit, member, item or period that one plan has needs no --plan ----------------------------

def test_a_unit_or_member_and_period_that_one_plan_has_resolve_without_plan(office):
    # mttq is in WARD and SAPA, but only SAPA asks it for an annual report of 2021.
    line = ok(office("submit", "mttq", "2021-Y", "--date", "2021-11-10"))
    assert line.startswith("Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thị xã — Báo cáo năm 2021")
    rows = _reports(office, "--plan", SAPA, "--unit", "mttq", "--period", "2021-Y")
    assert [(r["period"], r["submitted"]) for r in rows] == [("2021-Y", "2021-11-10")]
    assert _history(office, "--plan", WARD) == []
    # vhtt is in PHASES and SAPA; the one-time report giai-doan-1 is PHASES' own.
    ok(office("submit", "vhtt", "giai-doan-1", "--date", "2015-12-20"))
    assert [e["target"] for e in _history(office, "--plan", PHASES)] == ["vhtt@giai-doan-1"]
    # A member only WARD has, excused from one report.
    assert "miễn báo cáo" in ok(office("waive", "dong tam", "2023-H1", "--note", "Sáp nhập chi bộ"))
    assert [e["kind"] for e in _history(office, "--plan", WARD)] == ["waive"]


def test_the_unit_option_of_a_listing_finds_the_one_plan_that_has_the_unit(office):
    lines = ok(office("duties", "--unit", "chi-dang-bo")).splitlines()
    assert lines[1].startswith("III.4.1\t")  # SAPA's: the only plan with chi-dang-bo


def test_a_unit_several_plans_have_is_refused_naming_each_as_a_plan_option(office):
    message = fail(office("submit", "mttq", "2023-H1"))
    assert message == f"sapa: 'mttq' có ở nhiều kế hoạch; hãy ghi một trong: --plan {WARD}, --plan {SAPA}"
    # WARD's chi bộ report member by member: WARD has that report all the same, and is a choice.
    message = fail(office("submit", "chi bo", "2023-H1"))
    assert message == f"sapa: 'chi bo' có ở nhiều kế hoạch; hãy ghi một trong: --plan {WARD}, --plan {SAPA}"
    assert _history(office) == []  # nothing recorded
    english = fail(office("--lang", "en", "duties", "--unit", "vhtt"))
    assert english == f"sapa: 'vhtt' is in several plans; give one of: --plan {PHASES}, --plan {SAPA}"
    ok(office("plan", "use", SAPA))  # the default plan answers where it is one of them
    ok(office("submit", "mttq", "2023-H1"))
    assert [r["state"] for r in _reports(office, "--plan", SAPA, "--unit", "mttq", "--period", "2023-H1")] == [
        "on-time"]
    assert _history(office, "--plan", WARD) == []


# ---- --plan by id, document number or a unique beginning ------------------------------------------

@pytest.fixture
def numbered(run, write_plan):
    """The office, its ward's plan numbered 25-KH/ĐU and the programme 2983/UBND-VP."""
    ward = MEMBERS_PLAN.replace('issuer = "Ban Thường vụ Đảng ủy phường Hòa Lạc"\n',
                                f'issuer = "Ban Thường vụ Đảng ủy phường Hòa Lạc"\nnumber = "{WARD_NUMBER}"\n')
    phases = PHASES_PLAN.replace('issuer = "Ban Thường vụ Huyện ủy Mường Khương"\n',
                                 f'issuer = "Ban Thường vụ Huyện ủy Mường Khương"\nnumber = "{PHASES_NUMBER}"\n')
    assert ward != MEMBERS_PLAN and phases != PHASES_PLAN
    return _office(run, write_plan, ward, phases)


@pytest.mark.parametrize("typed", ["25-kh/du", WARD_NUMBER, "25-KH/DU", "25-KH", "hoa", WARD])
def test_plan_takes_the_id_the_document_number_or_a_unique_beginning(numbered, typed):
    rows = json.loads(ok(numbered("--plan", typed, "reports", "--json", "--period", "2023-H1")))
    assert {r["unit"] for r in rows} == {"chi-bo", "mttq"} and all("plan" not in r for r in rows)  # WARD alone
    assert json.loads(ok(numbered("--plan", typed, "info", "--json")))["plan_id"] == WARD


def test_a_plan_named_by_number_or_beginning_in_item_references_and_plan_commands(numbered):
    assert ok(numbered("mark", "25-kh/đu:I", "done")).startswith("I: ")
    assert ok(numbered("mark", "sa-pa:III.1.1", "doing")).startswith("III.1.1: ")
    assert [e["target"] for e in json.loads(ok(numbered("--plan", WARD, "history", "--json")))] == ["I"]
    assert [e["target"] for e in json.loads(ok(numbered("--plan", SAPA, "history", "--json")))] == ["III.1.1"]
    assert ok(numbered("plan", "use", "sa-pa")) == f"Kế hoạch mặc định: {SAPA}\n"
    assert ok(numbered("plan", "close", "2983", "--note", "Đã tổng kết")).startswith(f"Đã đóng kế hoạch {PHASES}:")
    assert ok(numbered("plan", "reopen", "muong")) == f"Đã mở lại kế hoạch {PHASES}\n"
    assert {p["id"]: p["state"] for p in json.loads(ok(numbered("plan", "list", "--json")))}[PHASES] == "ended"


def test_a_beginning_several_plans_share_or_a_mistyped_number_is_refused_with_the_candidates(numbered):
    message = fail(numbered("--plan", "2", "info"))
    assert message == (f"sapa: '2' khớp nhiều kế hoạch: {WARD} ({WARD_NUMBER}), {PHASES} ({PHASES_NUMBER}); "
                       "hãy ghi thêm mã hoặc số hiệu")
    message = fail(numbered("--plan", "26-KH/ĐU", "reports"))
    assert message == f"sapa: không có kế hoạch '26-KH/ĐU' trong không gian làm việc (có: {WARD} ({WARD_NUMBER}))"
    assert fail(numbered("plan", "close", "2", "--note", "x")).startswith("sapa: '2' khớp nhiều kế hoạch")
    assert fail(numbered("mark", "27-kh:I", "done")).startswith("sapa: không có kế hoạch '27-kh'")
    assert json.loads(ok(numbered("plan", "list", "--json")))[0]["state"] == "active"  # nothing changed


# ---- search, units, show and history cover every plan, even with a default -----------------------

def test_search_units_show_and_history_cover_every_active_plan_even_with_a_default(office):
    ok(office("mark", f"{WARD}:I", "doing"))
    ok(office("mark", f"{SAPA}:III.1.1", "done"))
    ok(office("plan", "use", SAPA))
    found = json.loads(ok(office("duties", "--search", "học chuyên đề", "--json")))
    assert [(row["plan"], row["id"]) for row in found] == [(WARD, "I")]
    assert {u["plan"] for u in json.loads(ok(office("units", "--json")))} == {WARD, PHASES, SAPA}
    assert {(e["plan"], e["target"]) for e in _history(office)} == {(WARD, "I"), (SAPA, "III.1.1")}
    assert [e["target"] for e in _history(office, "--unit", "chi-bo")] == ["I"]  # WARD's chi-bo
    ok(office("plan", "use", WARD))
    shown = json.loads(ok(office("show", "III.1.1", "--json")))  # only SAPA has it: not the default's
    assert (shown["id"], shown["status"]) == ("III.1.1", "done")
    assert shown["history"] and _history(office, "III.1.1")[0]["target"] == "III.1.1"


def test_a_listing_narrowed_to_the_default_plan_says_so_on_stderr(office):
    ok(office("plan", "use", SAPA))
    said = f"sapa: chỉ xem kế hoạch mặc định {SAPA}; kế hoạch khác: --plan {WARD}, --plan {PHASES}\n"
    for command in (["duties"], ["info"], ["plan", "show"]):
        result = office(*command)
        assert result.exit_code == 0 and result.stdout and result.stderr == said, command
    result = office("duties", "--unit", "mttq")  # WARD has mttq too: narrowed to the default's
    assert result.stderr == f"sapa: chỉ xem kế hoạch mặc định {SAPA}; kế hoạch khác: --plan {WARD}\n"
    english = office("--lang", "en", "info").stderr
    assert english == f"sapa: showing the default plan {SAPA} only; other plans: --plan {WARD}, --plan {PHASES}\n"
    ok(office("--plan", SAPA, "duties"))  # chosen by name: nothing to say
    assert ok(office("duties", "--search", "học chuyên đề")).startswith("Kế hoạch\t")  # a search: every plan


# ---- every refusal names the plan it looked in ----------------------------------------------------

def test_every_refusal_names_the_plan_it_looked_in_and_a_missing_unit_the_plans_that_have_it(office):
    message = fail(office("--plan", WARD, "submit", "vhtt", "2023-H1"))
    assert message.startswith(f"sapa: không có đơn vị 'vhtt' trong kế hoạch {WARD}")
    assert message.endswith(f"; có ở: --plan {PHASES}, --plan {SAPA}")
    message = fail(office("--plan", WARD, "reports", "--unit", "vhtt"))
    assert message.startswith(f"sapa: không có đơn vị 'vhtt' trong kế hoạch {WARD}") and f"--plan {SAPA}" in message
    message = fail(office("--plan", SAPA, "submit", "mttq", "2019-Y"))
    assert message == f"sapa: [{SAPA}] kỳ 2019-Y nằm ngoài kế hoạch (từ 2021-Y đến 2025-Y)"
    message = fail(office("mark", f"{SAPA}:III.1.9", "done"))
    assert message.startswith(f"sapa: không có mục 'III.1.9' trong kế hoạch {SAPA} (có phải: ")
    message = fail(office("--plan", PHASES, "show", "III.1.1"))
    assert message == f"sapa: không có mục 'III.1.1' trong kế hoạch {PHASES} (có phải: I.1?); có ở: {SAPA}:III.1.1"
    ok(office("plan", "use", WARD))
    message = fail(office("show", "I.9"))  # no plan has it: the default plan was the one looked in
    assert message == f"sapa: không có mục 'I.9' trong kế hoạch {WARD} (có phải: I?)"
    assert fail(office("submit", "xyz", "2023-H1")) == "sapa: không kế hoạch nào đang theo dõi có đơn vị 'xyz'"
    english = fail(office("--lang", "en", "--plan", WARD, "waive", "vhtt", "2023-H1", "--note", "x"))
    assert english.startswith(f"sapa: no unit 'vhtt' in plan {WARD}")
    assert english.endswith(f"; it is in: --plan {PHASES}, --plan {SAPA}")
    assert _history(office) == []
