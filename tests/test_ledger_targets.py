"""A hand edit that points an event at something the plan does not have: the event is set aside
(not counted) and named, while every other event counts and every command works (issue 10).
The file is never rewritten; a genuinely damaged file still stops everything (exit code 5)."""

from __future__ import annotations

import pytest
from ledger_support import PLAN_ID, PLAN_PATH, cli, ledger_dir

from sapa_propaganda.core.deadlines import plan_index
from sapa_propaganda.i18n import tr
from sapa_propaganda.storage.ledger import Ledger
from sapa_propaganda.storage.plan_loader import load_plan


def _month_file(tmp_path):
    (path,) = ledger_dir(tmp_path).glob("ledger-*.toml")
    return path


@pytest.mark.parametrize(("old", "new", "reason"), [
    ('target = "III.1.1"', 'target = "III.1.99"', "kế hoạch không có mục 'III.1.99'"),
    ('target = "III.1.1"', 'target = "III.1"', "'III.1' là tiêu đề mục, không phải nhiệm vụ được theo dõi"),
    ('target = "mttq@2022-H1"', 'target = "ghost@2022-H1"', "kế hoạch không có đơn vị 'ghost'"),
    ('target = "mttq@2022-H1"', 'target = "mttq@2022-H7"', "không có kỳ báo cáo '2022-H7'"),
])
def test_an_event_aimed_outside_the_plan_is_set_aside_and_named_and_nothing_is_rewritten(tmp_path, old, new,
                                                                                          reason):
    assert cli(tmp_path, "mark", "III.1.1", "xong").exit_code == 0
    assert cli(tmp_path, "submit", "mttq", "2022-H1", "--date", "10/06/2022").exit_code == 0
    path = _month_file(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    edited = path.read_bytes()
    for command in (["status"], ["history"], ["remind"], ["mark", "III.1.2", "xong"]):
        result = cli(tmp_path, *command)
        assert result.exit_code == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr
    assert path.read_bytes().startswith(edited)  # the mark was appended; nothing else changed
    ledger = Ledger(ledger_dir(tmp_path), PLAN_ID, plan_index(load_plan(PLAN_PATH)))
    (mismatch,) = ledger.mismatches()
    assert (mismatch.file, mismatch.target, tr(mismatch.problem[0], **mismatch.problem[1])) == (
        str(path), new.split('"')[1], reason)
    # The event left alone still counts, as does the mark made since.
    state = ledger.state()
    assert state.status_of("III.1.2") == "done"
    assert state.status_of("mttq@2022-H1" if "III" in old else "III.1.1") == "done"


def test_the_reason_is_in_english_with_lang_en(tmp_path):
    assert cli(tmp_path, "mark", "III.1.1", "xong").exit_code == 0
    path = _month_file(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('status = "done"', 'status = "finished"'),
                    encoding="utf-8")
    result = cli(tmp_path, "mark", "III.1.2", "xong", lang="en")
    assert result.exit_code == 5
    assert "the progress ledger is damaged at" in result.stderr and "unknown status 'finished'" in result.stderr
