"""A hand edit that points an event at something the plan does not have is a damaged ledger."""

from __future__ import annotations

import pytest
from ledger_support import cli, ledger_dir


def _month_file(tmp_path):
    (path,) = ledger_dir(tmp_path).glob("ledger-*.toml")
    return path


@pytest.mark.parametrize(("old", "new", "reason"), [
    ('target = "III.1.1"', 'target = "III.1.99"', "kế hoạch không có mục 'III.1.99'"),
    ('target = "III.1.1"', 'target = "III.1"', "'III.1' là tiêu đề mục, không phải nhiệm vụ được theo dõi"),
    ('target = "mttq@2022-H1"', 'target = "ghost@2022-H1"', "kế hoạch không có đơn vị 'ghost'"),
    ('target = "mttq@2022-H1"', 'target = "mttq@2022-H7"', "không có kỳ báo cáo '2022-H7'"),
])
def test_an_event_aimed_outside_the_plan_is_reported_and_nothing_is_written(tmp_path, old, new, reason):
    assert cli(tmp_path, "mark", "III.1.1", "xong").exit_code == 0
    assert cli(tmp_path, "submit", "mttq", "2022-H1", "--date", "10/06/2022").exit_code == 0
    path = _month_file(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if row == new)
    damaged = path.read_bytes()
    for command in (["status"], ["mark", "III.1.2", "xong"], ["history"]):
        result = cli(tmp_path, *command)
        assert result.exit_code == 5, command
        assert f"{path}:{line}: {reason}" in result.stderr
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == damaged


def test_the_reason_is_in_english_with_lang_en(tmp_path):
    assert cli(tmp_path, "mark", "III.1.1", "xong").exit_code == 0
    path = _month_file(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('status = "done"', 'status = "finished"'),
                    encoding="utf-8")
    result = cli(tmp_path, "mark", "III.1.2", "xong", lang="en")
    assert result.exit_code == 5
    assert "the progress ledger is damaged at" in result.stderr and "unknown status 'finished'" in result.stderr
