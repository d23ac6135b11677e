"""`sapa plan import` and `sapa plan template` as the clerk runs them: the draft written, what
it says to check, the refusals, and the draft installed with --add."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from cli_support import sapa
from helpers import fail
from import_support import SAMPLE_PLAN, legacy_bytes
from sample_plans import SEED_PATH

from sapa_propaganda.core.text import fold


def _import(tmp_path: Path, source: Path, *extra: str, lang: str | None = None):
    return sapa(tmp_path, "plan", "import", source, "-o", tmp_path / "draft.toml", *extra, lang=lang)


def _sample(tmp_path: Path, name: str = "ke-hoach.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(SAMPLE_PLAN) + "\n", encoding="utf-8")
    return path


def test_the_seed_becomes_a_draft_that_plan_check_accepts(tmp_path: Path) -> None:
    ran = _import(tmp_path, SEED_PATH)
    assert ran.exit_code == 0, ran.output
    assert "draft.toml" in ran.stdout and "62 mục" in ran.stdout
    assert "chỗ cần kiểm tra" in ran.stdout
    checked = sapa(tmp_path, "plan", "check", tmp_path / "draft.toml")
    assert checked.exit_code == 0, checked.output
    assert "hợp lệ" in checked.stdout


def test_every_check_is_listed_with_the_line_of_its_comment(tmp_path: Path) -> None:
    ran = _import(tmp_path, SEED_PATH, "--json")
    assert ran.exit_code == 0, ran.output
    summary = json.loads(ran.stdout)
    lines = (tmp_path / "draft.toml").read_text(encoding="utf-8").splitlines()
    assert summary["checks"], "the seed leaves its reporting days to 'theo quy định': there is something to check"
    for check in summary["checks"]:
        assert lines[check["line"] - 1].startswith("# KIỂM TRA: "), check
        assert check["message"] in lines[check["line"] - 1]
    assumptions = tomllib.loads("\n".join(lines))["plan"]["assumptions"]
    assert len(assumptions) == len(summary["checks"])
    assert summary["counts"] == {"sections": 22, "items": 62, "units": 10, "dated_duties": 7,
                                 "reporting_rules": 2, "checks": len(summary["checks"])}
    assert summary["valid"] is True and summary["problems"] == []
    assert summary["plan"]["title"].startswith("Kế hoạch đẩy mạnh công tác tuyên truyền")


def test_a_draft_already_there_is_replaced_only_with_force(tmp_path: Path) -> None:
    source = _sample(tmp_path)
    draft = tmp_path / "draft.toml"
    draft.write_text("# the clerk's corrections\n", encoding="utf-8")
    line = fail(_import(tmp_path, source))
    assert "draft.toml" in line and "--force" in line
    assert draft.read_text(encoding="utf-8") == "# the clerk's corrections\n"
    assert _import(tmp_path, source, "--force").exit_code == 0
    assert tomllib.loads(draft.read_text(encoding="utf-8"))["plan"]["number"] == "15-KH/ThU"


def test_the_id_is_made_from_the_number_or_given(tmp_path: Path) -> None:
    source = _sample(tmp_path)
    assert _import(tmp_path, source).exit_code == 0
    plan = tomllib.loads((tmp_path / "draft.toml").read_text(encoding="utf-8"))["plan"]
    assert plan["id"] == "15-kh-thu-2022"
    assert plan["issued"].isoformat() == "2022-01-10" and plan["place"] == "Sa Pa"
    assert _import(tmp_path, source, "--id", "tuyen-truyen-2022", "--force").exit_code == 0
    plan = tomllib.loads((tmp_path / "draft.toml").read_text(encoding="utf-8"))["plan"]
    assert plan["id"] == "tuyen-truyen-2022"


def test_without_output_the_draft_is_named_after_its_id_in_the_current_folder(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    source = _sample(tmp_path)
    monkeypatch.chdir(tmp_path)
    ran = sapa(tmp_path, "plan", "import", source)
    assert ran.exit_code == 0, ran.output
    assert (tmp_path / "15-kh-thu-2022.toml").is_file()


def test_add_installs_the_draft_into_the_office_workspace(tmp_path: Path) -> None:
    source = _sample(tmp_path)
    ran = _import(tmp_path, source, "--add")
    assert ran.exit_code == 0, ran.output
    listed = sapa(tmp_path, "plan", "list", "--json")
    assert [p["id"] for p in json.loads(listed.stdout)] == ["15-kh-thu-2022"]


def test_the_summary_speaks_english_on_request(tmp_path: Path) -> None:
    ran = _import(tmp_path, _sample(tmp_path), lang="en")
    assert ran.exit_code == 0, ran.output
    assert "Drafted the plan" in ran.stdout and "things to check" in ran.stdout


def test_text_typed_in_tcvn3_is_converted_and_said(tmp_path: Path) -> None:
    source = tmp_path / "cu.txt"
    source.write_bytes(legacy_bytes("\n".join(SAMPLE_PLAN) + "\n", "tcvn3"))
    ran = _import(tmp_path, source)
    assert ran.exit_code == 0, ran.output
    assert "TCVN3" in ran.stdout
    plan = tomllib.loads((tmp_path / "draft.toml").read_text(encoding="utf-8"))["plan"]
    assert fold(plan["title"]).startswith("ke hoach tuyen truyen ky niem cac ngay le lon")


@pytest.mark.parametrize(("name", "content", "words"), [
    ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".docx"),
    ("trong.txt", b"", "trống"),
    ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "ảnh"),
])
def test_a_file_that_is_no_plan_document_gets_one_line(tmp_path: Path, name: str, content: bytes,
                                                       words: str) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    line = fail(_import(tmp_path, source))
    assert name in line and words in line
    assert not (tmp_path / "draft.toml").exists()


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    line = fail(_import(tmp_path, tmp_path / "khong-co.docx"))
    assert "khong-co.docx" in line


def test_the_template_is_written_once_and_replaced_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "mau.xlsx"
    ran = sapa(tmp_path, "plan", "template", "-o", target)
    assert ran.exit_code == 0, ran.output
    assert target.read_bytes()[:2] == b"PK"
    line = fail(sapa(tmp_path, "plan", "template", "-o", target))
    assert "mau.xlsx" in line
    assert sapa(tmp_path, "plan", "template", "-o", target, "--force").exit_code == 0
    assert "xlsx" in fail(sapa(tmp_path, "plan", "template", "-o", tmp_path / "mau.csv"))
