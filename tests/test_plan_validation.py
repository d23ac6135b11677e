"""`sapa plan check` on broken plans: every problem named, with the exact `file:line:`, no traceback.

Each test breaks one thing in a copy of the quarterly test plan; the expected line number is
found in the broken text itself, independently of the loader.
"""

from __future__ import annotations

import tomllib

import pytest
from sample_plans import BUNDLED_PLAN, QUARTERLY_PLAN, line_of, replace_once

EXIT_PLAN_INVALID = 4


def broken(*changes: tuple[str, str]) -> str:
    text = QUARTERLY_PLAN
    for old, new in changes:
        text = replace_once(text, old, new)
    return text


def problems_of(result, exit_code: int = EXIT_PLAN_INVALID) -> list[str]:
    """The problem lines of a failed run; checks it failed cleanly."""
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith("sapa: ")
    lines[0] = lines[0].removeprefix("sapa: ")
    return lines


def check(run, path, *args: str, **kwargs) -> list[str]:
    return problems_of(run(*args, "plan", "check", path, **kwargs))


def test_the_unbroken_quarterly_plan_passes(run, write_plan):
    result = run("plan", "check", write_plan(QUARTERLY_PLAN))
    assert result.exit_code == 0, result.stderr


# --- TOML syntax ------------------------------------------------------------------------------

def test_syntax_error_names_file_line_and_column(run, write_plan):
    text = broken(('title = "Hội Nông dân huyện"', 'title = "Hội Nông dân huyện'))
    path = write_plan(text)
    line = line_of(text, 'title = "Hội Nông dân huyện')
    column = len('title = "Hội Nông dân huyện') + 1  # the end of the line, where the quote is missing
    problems = check(run, path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line}:{column}: lỗi cú pháp TOML: ")


def test_impossible_date_is_a_toml_error_on_its_own_line(run, write_plan):
    # tomllib's message for it says "end of document", yet the error is in the middle of the file.
    text = broken(("issued = 2024-01-15", "issued = 2024-13-15"))
    path = write_plan(text)
    problems = check(run, path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line_of(text, 'issued = 2024-13-15')}:")
    assert "TOML" in problems[0]


def test_file_that_is_not_utf8_names_the_line(run, tmp_path):
    path = tmp_path / "latin1.toml"
    # The place written in a legacy 8-bit code page: "Bảo Thắng" cannot survive that.
    path.write_bytes(QUARTERLY_PLAN.encode("utf-8").replace(
        'place = "Bảo Thắng"'.encode(), b'place = "B\xe0o Th\xe1ng"'))
    line = line_of(QUARTERLY_PLAN, "place = ")
    assert check(run, path) == [f"{path}:{line}: tệp không phải UTF-8"]


# --- fields -------------------------------------------------------------------------------------

def test_missing_required_field_points_at_its_table(run, write_plan):
    text = broken(('issuer = "Ban Thường vụ Huyện ủy Bảo Thắng"\n', ""))
    path = write_plan(text)
    assert check(run, path) == [f"{path}:{line_of(text, '[plan]')}: plan: thiếu trường bắt buộc 'issuer'"]


def test_missing_unit_name_points_at_that_unit(run, write_plan):
    text = broken(('name = "Ban Dân vận Huyện ủy"\n', ""))
    path = write_plan(text)
    header = line_of(text, 'id = "bdv"') - 1  # the [[units]] line just above
    assert check(run, path) == [f"{path}:{header}: units[1]: thiếu trường bắt buộc 'name'"]


def test_missing_format_is_reported_on_line_one(run, write_plan):
    text = broken(("format = 1\n", ""))
    path = write_plan(text)
    assert check(run, path) == [f"{path}:1: thiếu trường bắt buộc 'format'"]


def test_wrong_type_says_what_was_expected(run, write_plan):
    text = broken(("warning_days = 5", 'warning_days = "5"'))
    path = write_plan(text)
    line = line_of(text, "warning_days")
    assert check(run, path) == [f"{path}:{line}: reporting.warning_days: sai kiểu, cần số nguyên"]


def test_date_given_as_a_string_is_a_wrong_type(run, write_plan):
    text = broken(("start = 2024-01-15", 'start = "2024-01-15"'))
    path = write_plan(text)
    line = line_of(text, 'start = "2024-01-15"')
    assert check(run, path) == [f"{path}:{line}: plan.start: sai kiểu, cần ngày (YYYY-MM-DD)"]


def test_unknown_key_suggests_the_closest_valid_key(run, write_plan):
    text = broken(('parent = "hu"', 'parnet = "hu"'))
    path = write_plan(text)
    line = line_of(text, "parnet")
    assert check(run, path) == [f"{path}:{line}: units[1].parnet: khóa không hợp lệ 'parnet' (có phải: parent?)"]


def test_unknown_key_in_english(run, write_plan):
    text = broken(('parent = "hu"', 'parnet = "hu"'))
    path = write_plan(text)
    line = line_of(text, "parnet")
    assert check(run, path, "--lang", "en") == [
        f"{path}:{line}: units[1].parnet: unknown key 'parnet' (did you mean: parent?)"]


def test_unknown_item_kind_lists_the_choices(run, write_plan):
    text = broken(('id = "II.1.3"\nkind = "duty"', 'id = "II.1.3"\nkind = "dutty"'))
    path = write_plan(text)
    problems = check(run, path)
    assert problems == [f"{path}:{line_of(text, 'dutty')}: items[7].kind: giá trị 'dutty' không hợp lệ; "
                        "chọn một trong: section, paragraph, content, form, duty"]


# --- ids and references -------------------------------------------------------------------------

def test_duplicate_unit_id(run, write_plan):
    text = broken(('id = "phong-nn"', 'id = "hnd"'))
    path = write_plan(text)
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == 'id = "hnd"'][1]
    problems = check(run, path)
    assert problems[0] == f"{path}:{second}: units[3].id: trùng mã đơn vị 'hnd' (đã có ở units[2])"
    # What referred to the lost unit is reported too, each on its own line.
    referring = line_of(text, 'units = ["phong-nn"]')
    assert any(p.startswith(f"{path}:{referring}: items[8].units: ") for p in problems)


def test_duplicate_item_id(run, write_plan):
    text = broken(('id = "II.1.3"', 'id = "II.1.2"'))
    path = write_plan(text)
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == 'id = "II.1.2"'][1]
    assert check(run, path) == [f"{path}:{second}: items[7].id: trùng mã mục 'II.1.2' (đã có ở items[6])"]


def test_unknown_parent_unit_suggests_the_closest_id(run, write_plan):
    text = broken(('parent = "hu"', 'parent = "huu"'))
    path = write_plan(text)
    line = line_of(text, 'parent = "huu"')
    assert check(run, path) == [f"{path}:{line}: units[1].parent: đơn vị không tồn tại 'huu' (có phải: hu?)"]


def test_unknown_unit_of_an_item_suggests_the_closest_id(run, write_plan):
    text = broken(('units = ["phong-nn", "hnd"]', 'units = ["phong-nn", "hdn"]'))
    path = write_plan(text)
    line = line_of(text, '"hdn"')
    assert check(run, path) == [f"{path}:{line}: items[10].units: đơn vị không tồn tại 'hdn' (có phải: hnd?)"]


def test_item_whose_parent_is_missing(run, write_plan):
    text = broken(('id = "II.2.1"', 'id = "II.3.1"'))
    path = write_plan(text)
    line = line_of(text, 'id = "II.3.1"')
    problems = check(run, path)
    assert f"{path}:{line}: items[9].id: mục 'II.3.1' cần mục cha 'II.3' đứng trước nó" in problems
    # Without its parent the duty inherits no unit either, and that is said as well.
    assert f"{path}:{line - 1}: items[9]: nhiệm vụ 'II.3.1' chưa có đơn vị thực hiện (units)" in problems


def test_names_that_fold_alike_clash_at_their_own_key(run, write_plan):
    # "Hoi Nong Dan" typed without diacritics would answer to the same `--unit` as hnd's alias.
    text = broken(('short = "Phòng NN&PTNT"', 'short = "Hội Nông dân"'),
                  ('aliases = ["Phòng Nông nghiệp"]', 'aliases = ["Phòng Nông nghiệp", "Hoi Nong Dan"]'))
    path = write_plan(text)
    short = line_of(text, 'short = "Hội Nông dân"')
    assert check(run, path) == [
        f"{path}:{short}: units[3].short: tên 'Hội Nông dân' trùng với đơn vị 'hnd' khi bỏ dấu",
        f"{path}:{line_of(text, 'Hoi Nong Dan')}: units[3].aliases: tên 'Hoi Nong Dan' trùng với đơn vị 'hnd' "
        "khi bỏ dấu",
    ]


# --- dates and periods ----------------------------------------------------------------------------

def test_end_before_start(run, write_plan):
    text = broken(("end = 2025-12-31", "end = 2023-12-31"))
    path = write_plan(text)
    line = line_of(text, "end = 2023-12-31")
    assert check(run, path) == [
        f"{path}:{line}: plan.end: ngày kết thúc 2023-12-31 trước ngày bắt đầu 2024-01-15"]


def test_line_numbers_are_not_fooled_by_text_that_looks_like_a_key(run, write_plan):
    # A multi-line array whose strings start like `end = …` comes before the real `end`.
    text = broken(
        ("start = 2024-01-15\n", 'assumptions = [\n  "end = 2025-12-31: hết nhiệm kỳ.",\n]\nstart = 2024-01-15\n'),
        ("end = 2025-12-31\n", "end = 2023-12-31\n"),
    )
    path = write_plan(text)
    line = line_of(text, "end = 2023-12-31")
    assert check(run, path) == [
        f"{path}:{line}: plan.end: ngày kết thúc 2023-12-31 trước ngày bắt đầu 2024-01-15"]


def test_reporting_last_before_first(run, write_plan):
    text = broken(('last = "2025-Q4"', 'last = "2023-Q4"'))
    path = write_plan(text)
    line = line_of(text, 'last = "2023-Q4"')
    assert check(run, path) == [
        f"{path}:{line}: reporting.last: ngày kết thúc 2023-Q4 trước ngày bắt đầu 2024-Q1"]


def test_bad_period_id(run, write_plan):
    text = broken(('first = "2024-Q1"', 'first = "2024-Q5"'))
    path = write_plan(text)
    problems = check(run, path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line_of(text, '2024-Q5')}: reporting.first: ")
    assert "'2024-Q5'" in problems[0]


def test_due_rule_needs_month_or_months_after_end(run, write_plan):
    text = broken(("period = \"annual\"\nmonth = 12\nday = 5", "period = \"annual\"\nday = 5"))
    path = write_plan(text)
    header = len(text[: text.index('period = "annual"')].splitlines())  # the [[…due]] line above
    assert check(run, path) == [
        f"{path}:{header}: reporting.rules[1].due[1]: cần đúng một trong hai khóa 'month' hoặc 'months_after_end'"]


# --- format version -------------------------------------------------------------------------------

def test_newer_format_is_a_clear_error(run, write_plan):
    path = write_plan(broken(("format = 1", "format = 2")))
    line = line_of(QUARTERLY_PLAN, "format = 1")
    assert check(run, path) == [
        f"{path}:{line}: format: định dạng 2 mới hơn phiên bản chương trình này đọc được (1); hãy cập nhật sapa"]
    assert check(run, path, "--lang", "en") == [
        f"{path}:{line}: format: format 2 is newer than this program reads (1); upgrade sapa"]


# --- all problems at once --------------------------------------------------------------------------

def test_every_problem_is_reported_in_line_order(run, write_plan):
    text = broken(
        ("end = 2025-12-31", "end = 2023-12-31"),
        ('parent = "hu"', 'parnet = "hu"'),
        ('id = "II.1.3"', 'id = "II.1.2"'),
        ('units = ["phong-nn", "hnd"]', 'units = ["phong-nn", "hdn"]'),
        ("warning_days = 5", 'warning_days = "5"'),
    )
    path = write_plan(text)
    problems = check(run, path)
    assert len(problems) == 5, problems
    second_id = [n for n, line in enumerate(text.splitlines(), 1) if line == 'id = "II.1.2"'][1]
    expected_lines = [line_of(text, "end = 2023"), line_of(text, "parnet"), second_id,
                      line_of(text, '"hdn"'), line_of(text, "warning_days")]
    assert [int(p.split(":")[1]) for p in problems] == expected_lines
    assert all(p.startswith(f"{path}:") for p in problems)


def test_line_numbers_in_the_big_bundled_plan(run, write_plan):
    text = BUNDLED_PLAN.replace('parent = "thi-uy"', 'parnet = "thi-uy"')
    text = replace_once(text, 'units = ["ttvh"]', 'units = ["ttvhh"]')
    path = write_plan(text)
    lines = text.splitlines()
    parnet = [n for n, line in enumerate(lines, 1) if line.startswith("parnet")]
    assert len(parnet) == 2
    index = [i["id"] for i in tomllib.loads(BUNDLED_PLAN)["items"]].index("III.3.2")
    assert check(run, path) == [
        f"{path}:{parnet[0]}: units[1].parnet: khóa không hợp lệ 'parnet' (có phải: parent?)",
        f"{path}:{parnet[1]}: units[6].parnet: khóa không hợp lệ 'parnet' (có phải: parent?)",
        f"{path}:{line_of(text, 'ttvhh')}: items[{index}].units: đơn vị không tồn tại 'ttvhh' (có phải: ttvh?)",
    ]


# --- any command that loads the plan reports the same way -----------------------------------------

@pytest.mark.parametrize("command", [
    ["duties"], ["duties", "--unit", "hnd"], ["units"], ["show", "II.1.1"], ["plan", "show"], ["plan", "check"],
])
def test_commands_loading_a_broken_plan_report_its_problems(run, write_plan, command):
    text = broken(('parent = "hu"', 'parnet = "hu"'), ("warning_days = 5", 'warning_days = "5"'))
    path = write_plan(text)
    expected = check(run, path)
    assert len(expected) == 2
    assert problems_of(run("--plan", path, *command)) == expected
    assert problems_of(run(*command, env={"SAPA_PLAN": str(path)})) == expected


def test_missing_plan_file_is_a_usage_error(run, tmp_path):
    missing = tmp_path / "khong-co.toml"
    problems = problems_of(run("--plan", missing, "duties"), exit_code=2)
    assert problems == [f"không tìm thấy tệp kế hoạch: {missing}"]
