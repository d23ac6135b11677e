"""The bundled Sa Pa plan: it validates, it says what the document says, and it leaves nothing out."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from datetime import date

import pytest
from sample_plans import BUNDLED_PLAN, BUNDLED_PLAN_PATH, SEED_PATH

from sapa_propaganda.commands.context import bundled_plan
from sapa_propaganda.core.model import Plan
from sapa_propaganda.storage.plan_loader import load_plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(BUNDLED_PLAN_PATH)


def test_the_bundled_plan_is_the_one_sapa_uses_by_default():
    assert bundled_plan().resolve() == BUNDLED_PLAN_PATH.resolve()


def test_plan_check_passes_on_the_bundled_plan(run):
    result = run("plan", "check")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert str(BUNDLED_PLAN_PATH.name) in result.stdout
    assert "14" in result.stdout  # the duty count is part of the summary


def test_plan_check_json_counts(run):
    import json

    result = run("plan", "check", BUNDLED_PLAN_PATH, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["valid"] is True
    assert data["duties"] == 14
    assert data["units"] == 12


# --- section III: who does what ----------------------------------------------------------

DUTIES_BY_UNIT = {
    "btg": ["III.1.1", "III.1.2", "III.1.3", "III.1.4", "III.1.5", "III.1.6"],
    "mttq": ["III.2.1", "III.2.2", "III.2.3"],
    "vhtt": ["III.3.1.1"],
    "ttvh": ["III.3.2.1"],
    "chi-dang-bo": ["III.4.1", "III.4.2", "III.4.3"],
}


def test_section_three_has_exactly_fourteen_duties_in_document_order(plan):
    duties = [d.id for d in plan.duties]
    assert duties == [i for ids in DUTIES_BY_UNIT.values() for i in ids]
    assert len(duties) == 14
    assert all(d.startswith("III.") for d in duties)


@pytest.mark.parametrize("unit_id, ids", DUTIES_BY_UNIT.items())
def test_duties_belong_to_the_right_unit(plan, unit_id, ids):
    assert [d.id for d in plan.duties if unit_id in d.units] == ids
    for duty_id in ids:
        assert plan.item(duty_id).units == (unit_id,), duty_id


def test_units_carrying_duties_have_six_three_one_one_three(plan):
    counts = {u: sum(u in d.units for d in plan.duties) for u in DUTIES_BY_UNIT}
    assert counts == {"btg": 6, "mttq": 3, "vhtt": 1, "ttvh": 1, "chi-dang-bo": 3}


# --- section II: contents and forms --------------------------------------------------------

def test_contents_of_ii_1_1_exist_and_are_due_at_the_end_of_2021(plan):
    ids = [f"II.1.1.{n}" for n in range(1, 8)]
    assert [c.id for c in plan.children("II.1.1")] == ids
    for item_id in ids:
        item = plan.item(item_id)
        assert item.kind == "content"
        assert item.due == date(2021, 12, 31), item_id
        assert item.start == date(2021, 5, 24) and item.end == date(2021, 12, 31)


def test_contents_from_2022_on_have_no_2021_deadline(plan):
    for item in plan.children("II.1.2"):
        assert item.due is None
        assert item.start == date(2022, 1, 1)


def test_the_plus_bullet_is_a_child_of_the_internet_form(plan):
    child = plan.item("II.2.1.3.1")
    assert child.parent == "II.2.1.3"
    assert plan.item("II.2.1.3").text == "Đẩy mạnh tuyên truyền trên internet, mạng xã hội"
    assert [c.id for c in plan.children("II.2.1.3")] == ["II.2.1.3.1", "II.2.1.3.2"]
    # The document's typo "fange" is fixed in text and kept in original.
    assert "fanpage" in child.text and "fange" in child.original


# --- metadata -------------------------------------------------------------------------------

def test_metadata(plan):
    assert plan.kind == "KH"
    assert plan.issuer == "Ban Thường vụ Thị ủy Sa Pa"
    assert plan.title.startswith("Kế hoạch đẩy mạnh công tác tuyên truyền sau Đại hội")
    assert len(plan.basis) == 1 and "42-KH/TU" in plan.basis[0]
    assert plan.signer.name == "Thào A Sinh"
    assert plan.signer.on_behalf == "T/M BAN THƯỜNG VỤ"
    assert plan.signer.title == "PHÓ BÍ THƯ THƯỜNG TRỰC"
    assert len(plan.recipients) == 7
    assert plan.start == date(2021, 5, 24)
    assert plan.end == date(2025, 12, 31)
    assert plan.number == ""
    assert plan.issued is None


def test_plan_show_says_number_and_date_are_not_given(run):
    result = run("plan", "show")
    assert result.exit_code == 0, result.stderr
    header = result.stdout.split("\n\n")[0]
    assert header.count("(văn bản không ghi)") == 2
    assert "24/05/2021 – 31/12/2025" in header
    assert "Thào A Sinh" in header


# --- reporting ------------------------------------------------------------------------------

def test_reporting_rule(plan):
    rep = plan.reporting
    assert rep is not None
    assert rep.warning_days == 7
    assert (rep.first, rep.last) == ("2021-Y", "2025-Y")
    by_id = {r.id: r for r in rep.rules}
    assert set(by_id) == {"bao-cao-don-vi", "bao-cao-tong-hop"}

    units = by_id["bao-cao-don-vi"]
    assert units.kind == "unit"
    assert units.units == ("mttq", "vhtt", "ttvh", "chi-dang-bo")
    assert units.via == "btg"
    assert units.to == ("thi-uy",)
    assert {(d.period, d.day, d.month) for d in units.due} == {("half-year", 15, 6), ("annual", 15, 11)}

    consolidated = by_id["bao-cao-tong-hop"]
    assert consolidated.kind == "consolidated"
    assert consolidated.units == ("btg",)
    assert consolidated.to == ("thi-uy", "btg-tinh-uy")
    assert {(d.period, d.day, d.month) for d in consolidated.due} == {("half-year", 20, 6), ("annual", 20, 11)}
    assert consolidated.source == "III.1.6"


def test_every_duty_is_covered_by_a_reporting_rule(plan):
    reporting_units = {u for r in plan.reporting.rules for u in r.units}
    for duty in plan.duties:
        assert set(duty.units) <= reporting_units, duty.id


# --- text -----------------------------------------------------------------------------------

def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)


def test_every_string_in_the_file_is_nfc():
    assert unicodedata.is_normalized("NFC", BUNDLED_PLAN)
    bad = [s for s in _strings(tomllib.loads(BUNDLED_PLAN)) if not unicodedata.is_normalized("NFC", s)]
    assert bad == []


def test_typo_fixes_keep_the_original_wording(plan):
    for item in plan.items:
        if item.original:
            assert item.original != (item.title or item.text), item.id


# --- the plan against its source document ----------------------------------------------------

_HEADING_NUMBER = re.compile(r"^(?:[IVX]+|\d+(?:\.\d+)*)\.\s+")
_BOLD_LEAD = re.compile(r"^\*\*(.+?)\*\*\s+(\S.*)$")  # "**3.1. Phòng …:** Phối hợp …"


def collapse(text: str) -> str:
    return " ".join(text.split())


def parse_seed(text: str) -> dict[str, list[str]]:
    """Split the markdown-ish seed into title lines, body paragraphs, recipients and signature.

    Markdown markers (#, *, "- ", "+ ") and heading numbers are dropped; a bold heading followed
    by text on the same line becomes two pieces; a piece that starts in lower case after an
    unfinished one continues it (the document's two page breaks).
    """
    parts: dict[str, list[str]] = {"title": [], "body": [], "recipients": [], "signature": []}
    state = "title"
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == "-----":
            state = "body"
            continue
        line = re.sub(r"^#+\s*", "", line)
        if line.replace("*", "").strip() == "Nơi nhận:":
            state = "recipients"
            continue
        if state == "title":
            parts["title"].append(collapse(line.replace("*", "")))
            continue
        if state == "recipients":
            plain = collapse(line.replace("*", ""))
            if plain.startswith("- "):
                parts["recipients"].append(plain[2:])
            else:
                parts["signature"].append(plain)
            continue
        lead = _BOLD_LEAD.match(line)
        pieces = [lead.group(1).rstrip(":"), lead.group(2)] if lead else [line]
        for piece in pieces:
            piece = collapse(piece.replace("*", ""))
            piece = re.sub(r"^[-+]\s+", "", piece)
            piece = _HEADING_NUMBER.sub("", piece)
            body = parts["body"]
            if piece[:1].islower() and body and not body[-1].endswith((".", ";", ":", "!", "?")):
                body[-1] += " " + piece
            else:
                body.append(piece)
    return parts


def plan_texts(plan: Plan) -> list[str]:
    texts = [plan.preamble, plan.closing]
    for item in plan.items:
        texts += [item.title, item.text, item.original]
    return [collapse(t) for t in texts if t]


def missing_from_plan(paragraphs: list[str], plan: Plan) -> list[str]:
    haystack = plan_texts(plan)
    return [p for p in paragraphs if not any(p in t for t in haystack)]


@pytest.fixture(scope="module")
def seed() -> dict[str, list[str]]:
    return parse_seed(SEED_PATH.read_text(encoding="utf-8"))


def test_seed_parser_finds_the_document_structure(seed):
    # Sanity of the parser itself, so the coverage test below cannot pass by reading nothing.
    assert len(seed["body"]) == 64  # 62 items, the preamble and the closing
    assert seed["body"][0].startswith("Thực hiện Kế hoạch số 42-KH/TU")
    assert seed["body"][-1].startswith("Trên đây là kế hoạch")
    joined = [p for p in seed["body"] if p.startswith("Kết quả và các hoạt động chào mừng")]
    assert joined and joined[0].endswith("kết quả kỳ họp thứ nhất của Quốc hội khoá XV và đại biểu "
                                         "Hội đồng nhân dân các cấp nhiệm kỳ 2021-2026.")


def test_every_paragraph_and_bullet_of_the_document_is_in_the_plan(seed, plan):
    assert missing_from_plan(seed["body"], plan) == []


def test_the_coverage_check_notices_a_missing_bullet(seed, write_plan):
    chunks = BUNDLED_PLAN.split("\n[[items]]\n")
    kept = [c for c in chunks if not c.startswith('id = "III.4.2"\n')]
    assert len(kept) == len(chunks) - 1
    shorter = load_plan(write_plan("\n[[items]]\n".join(kept)))
    assert missing_from_plan(seed["body"], shorter) == [collapse(
        "Tăng cường chỉ đạo nắm bắt tình hình tư tưởng, tâm trạng của các tầng lớp nhân dân sau "
        "triển khai Đại hội XIII của Đảng, đại hội đảng bộ các cấp nhiệm kỳ 2020 - 2025 để chủ động "
        "giải quyết các vấn đề phức tạp, mới nảy sinh và báo cáo theo quy định.")]


def test_items_follow_the_document_order(seed, plan):
    """Paragraph k of the body (after the preamble) is item k of the plan."""
    body = seed["body"][1:-1]
    assert len(body) == len(plan.items)
    out_of_place = [
        (item.id, paragraph[:60]) for item, paragraph in zip(plan.items, body, strict=True)
        if not any(paragraph in collapse(t) for t in (item.title, item.text, item.original) if t)
    ]
    assert out_of_place == []


def test_the_plan_invents_no_text(seed, plan):
    """The other way round: what the plan quotes (or its original wording) is in the document."""
    body = seed["body"]
    quoted = [plan.preamble, plan.closing, *plan.basis]
    for item in plan.items:
        quoted.append(item.original or item.title or item.text)
    not_in_document = [q for q in map(collapse, quoted) if not any(q in p for p in body)]
    assert not_in_document == []


def test_title_recipients_and_signature_match_the_document(seed, plan):
    assert " ".join(seed["title"]).casefold() == plan.title.casefold()
    assert seed["recipients"] == list(plan.recipients)
    assert seed["signature"] == [plan.signer.on_behalf, plan.signer.title, plan.signer.name]
