"""Every event is checked as strictly when it is read from a file or imported as when `mark` or
`submit` records it; a file that breaks the rules is reported with its file:line, never a traceback."""

from __future__ import annotations

import json

import pytest
from ledger_support import PLAN_ID, cli, ledger_file, one_line, snapshot

GOOD_EVENT = '''
[[events]]
id = "a1"
recorded = 2022-06-10T09:00:00+07:00
date = 2022-06-10
kind = "mark"
target = "III.1.1"
status = "done"
'''


def ledger_text(events: str = GOOD_EVENT, head: str = f'format = 1\nplan = "{PLAN_ID}"\n') -> str:
    return head + events


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


BAD_EVENTS = {
    "year-9999": (GOOD_EVENT.replace("2022-06-10T09:00:00+07:00", "9999-12-31T23:00:00-05:00"), "recorded ="),
    "year-0001": (GOOD_EVENT.replace("date = 2022-06-10", "date = 0001-01-01"), "date = 0001"),
    "submit-with-status": (GOOD_EVENT.replace('kind = "mark"', 'kind = "submit"').replace(
        'target = "III.1.1"', 'target = "mttq@2022-H1"').replace('status = "done"', 'status = "exploded"'),
        "status ="),
    "undo-of-nothing-like-an-id": (GOOD_EVENT.replace('kind = "mark"', 'kind = "undo"').replace(
        'target = "III.1.1"', 'target = "../../x"').replace('status = "done"\n', ""), "target ="),
    "id-with-spaces": (GOOD_EVENT.replace('id = "a1"', 'id = "a 1"'), "id ="),
    "before-the-plan": (GOOD_EVENT.replace("date = 2022-06-10", "date = 2020-01-01"), "date ="),
    "submit-not-owed": (GOOD_EVENT.replace('kind = "mark"', 'kind = "submit"').replace(
        'target = "III.1.1"', 'target = "ubnd@2022-H1"').replace('status = "done"\n', ""), "target ="),
    "submit-outside-the-plan": (GOOD_EVENT.replace('kind = "mark"', 'kind = "submit"').replace(
        'target = "III.1.1"', 'target = "mttq@2030-H1"').replace('status = "done"\n', ""), "target ="),
    "nested-note": (GOOD_EVENT + "note = " + "[" * 5000 + "]" * 5000 + "\n", "note ="),
}


@pytest.mark.parametrize("case", sorted(BAD_EVENTS))
def test_an_import_that_breaks_the_rules_is_refused_and_changes_nothing(tmp_path, case):
    events, fragment = BAD_EVENTS[case]
    text = ledger_text(events)
    source = tmp_path / "other-office.toml"
    source.write_text(text, encoding="utf-8")
    assert cli(tmp_path, "mark", "III.1.2", "xong").exit_code == 0
    before = snapshot(tmp_path)
    result = cli(tmp_path, "import", source)
    assert result.exit_code == 2
    message = one_line(result.stderr)
    if case != "nested-note":  # nesting is reported where it is deepest
        assert f"{source}:{line_of(text, fragment)}:" in message
    assert snapshot(tmp_path) == before
    assert cli(tmp_path, "export", "--format", "csv").exit_code == 0


# In the ledger's own files these are not damage: the plan may have changed since they were recorded
# (issue 10). They are set aside and named, and every other event counts; an import still refuses them.
AIMED_OUTSIDE_THE_PLAN = ("submit-not-owed", "submit-outside-the-plan")


@pytest.mark.parametrize("case", sorted(set(BAD_EVENTS) - set(AIMED_OUTSIDE_THE_PLAN)))
def test_a_ledger_file_that_breaks_the_rules_is_reported_and_never_written(tmp_path, case):
    events, fragment = BAD_EVENTS[case]
    text = ledger_text(events)
    path = ledger_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    for command in (["status"], ["mark", "III.1.2", "xong"], ["remind"]):
        result = cli(tmp_path, *command)
        assert result.exit_code == 5, (command, result.stdout)
        assert f"{path}:" in one_line(result.stderr)
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("case", AIMED_OUTSIDE_THE_PLAN)
def test_a_ledger_event_aimed_outside_the_plan_is_set_aside_and_never_written(tmp_path, case):
    events, _fragment = BAD_EVENTS[case]
    text = ledger_text(GOOD_EVENT + events.replace('id = "a1"', 'id = "a2"'))
    path = ledger_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    for command in (["status"], ["remind"], ["history"]):
        result = cli(tmp_path, *command)
        assert result.exit_code == 0, (command, result.stderr)
    history = cli(tmp_path, "history", "--json")
    assert [e["id"] for e in json.loads(history.stdout)] == ["a1"]
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("head, fragment", [
    (f'format = -1\nplan = "{PLAN_ID}"\n', "format"),
    (f'format = 0\nplan = "{PLAN_ID}"\n', "format"),
    (f'format = 1\nplan = "{PLAN_ID}"\nextra = "?"\n', "extra"),
    (f'format = 1\nplan = "{PLAN_ID}"\n[settings]\nx = 1\n', "settings"),
])
def test_a_wrong_format_or_an_unknown_top_level_key_is_refused(tmp_path, head, fragment):
    path = ledger_file(tmp_path)
    path.parent.mkdir(parents=True)
    text = ledger_text(head=head)
    path.write_text(text, encoding="utf-8")
    result = cli(tmp_path, "status")
    assert result.exit_code == 5
    assert f"{path}:{line_of(text, fragment)}:" in one_line(result.stderr)


def test_a_ledger_written_by_sapa_passes_the_same_checks(tmp_path):
    for args in (["mark", "III.1.1", "dang", "--note", "dòng một\ndòng hai"], ["submit", "mttq", "2022-H1"],
                 ["undo"], ["mark", "III.1.2", "xong", "--date", "01/06/2022"]):
        assert cli(tmp_path, *args).exit_code == 0
    assert cli(tmp_path, "status").exit_code == 0
    other = tmp_path / "other"
    assert cli(other, "import", ledger_file(tmp_path)).exit_code == 0
