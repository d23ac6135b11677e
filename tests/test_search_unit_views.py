"""Unit views count and list every item a unit carries, section II too (issue 12 #2).

`sapa units` counted 0 for the units that carry only section-II forms (cong-ttdt, cong-ttdn,
khoi-tuyen-truyen), and `duties --unit cong-ttdt` said nothing matched, with no hint. Now a
unit's items are its duties and the contents and forms that name it, everywhere: the count in
`units`, `duties --unit U`, and U's group in `duties`. An empty result says what would find
something.
"""

from __future__ import annotations

import json

import pytest
from helpers import ok
from test_search_phrases import SEARCH_PLAN

TODAY = "20/06/2022"


def json_of(result):
    return json.loads(ok(result))


def unit_counts(run, *plan: str) -> dict[str, int]:
    return {u["id"]: u["duties"] for u in json_of(run(*plan, "--today", TODAY, "units", "--json"))}


def rows_by_unit(run, *args: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for row in json_of(run(*args, "--json")):
        groups.setdefault(row["unit"], []).append(row["id"])
    return groups


def test_units_count_the_section_ii_forms_they_carry(run):
    counts = unit_counts(run)
    assert (counts["khoi-tuyen-truyen"], counts["cong-ttdt"], counts["cong-ttdn"]) == (1, 1, 1)
    assert counts["btg"] == 6 and counts["ubnd"] == 0  # unchanged where there is no section-II item


@pytest.mark.parametrize(("unit", "ids"), [
    ("cong-ttdt", ["II.2.1.1"]),
    ("Cổng thông tin đối ngoại", ["II.2.6.2"]),
    ("khoi-tuyen-truyen", ["II.2.1.1"]),
])
def test_duties_of_a_unit_list_its_section_ii_forms(run, unit, ids):
    rows = json_of(run("--today", TODAY, "duties", "--unit", unit, "--json"))
    assert [(r["id"], r["kind"]) for r in rows] == [(i, "form") for i in ids]


def test_duties_by_unit_show_the_same_items_as_the_unit_views(run):
    """A filter narrows: `duties --unit U` lists U's group of `duties`, as many as `units` counts."""
    everything = rows_by_unit(run, "--today", TODAY, "duties")
    assert everything["cong-ttdt"] == ["II.2.1.1"] and everything["cong-ttdn"] == ["II.2.6.2"]
    assert None not in everything  # items that name no unit still need --all
    for unit, count in unit_counts(run).items():
        alone = rows_by_unit(run, "--today", TODAY, "duties", "--unit", unit)
        assert alone == ({unit: everything[unit]} if count else {}), unit
        assert len(everything.get(unit, [])) == count, unit


def test_a_plan_of_our_own_counts_and_lists_forms_too(run, write_plan):
    path = write_plan(SEARCH_PLAN, "own.toml")
    assert unit_counts(run, "--plan", path) == {"du": 0, "doan": 2, "hoi-pn": 2, "dai": 1}
    assert rows_by_unit(run, "--plan", path, "--today", TODAY, "duties") == {
        "doan": ["I.3", "II.2.1"], "hoi-pn": ["II.1.1", "II.1.2"], "dai": ["I.2"]}
    assert rows_by_unit(run, "--plan", path, "--today", TODAY, "duties", "-u", "dai") == {"dai": ["I.2"]}


# ---- an empty result hints at what would find something --------------------------------------

def test_a_unit_that_carries_nothing_says_so(run):
    result = run("--today", TODAY, "duties", "--unit", "ubnd")
    assert result.exit_code == 0 and result.stdout == "Không có nhiệm vụ nào khớp.\n"
    assert result.stderr == ("Gợi ý: kế hoạch không giao cho Ủy ban nhân dân thị xã (ubnd) nhiệm vụ, "
                             "nội dung hay hình thức nào.\n")


def test_a_status_nobody_has_hints_at_leaving_it_out(run):
    result = run("--today", TODAY, "--lang", "en", "duties", "--unit", "cong-ttdt", "--status", "done")
    assert result.stdout == "No duty matches.\n"
    assert result.stderr == "Hint: without --status, 1 match(es).\n"


def test_a_search_matching_another_unit_names_it(run, write_plan):
    path = write_plan(SEARCH_PLAN, "own.toml")
    result = run("--plan", path, "--today", TODAY, "duties", "--unit", "dai", "--search", "hoi thi")
    assert result.stdout == "Không có nhiệm vụ nào khớp.\n"
    assert result.stderr == ("Gợi ý: bỏ --unit thì có 2 mục khớp, của: doan, "
                             "Toàn kế hoạch (không ghi đơn vị) (--all).\n")
    spelled = run("--plan", path, "--today", TODAY, "duties", "--unit", "dai", "--search", "hội thi")
    assert spelled.stderr == "Gợi ý: bỏ --unit thì có 1 mục khớp, của: doan.\n"


def test_a_search_matching_only_items_without_a_unit_hints_at_all(run, write_plan):
    path = write_plan(SEARCH_PLAN, "own.toml")
    result = run("--plan", path, "--today", TODAY, "--lang", "en", "duties", "--search", "hội thảo")
    assert result.stdout == "No duty matches.\n"
    assert result.stderr == ("Hint: add --all to include the contents and forms that name no unit: "
                             "1 match(es).\n")
