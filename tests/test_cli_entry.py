"""The entry point the user hits: one table of options, one way errors become exit codes,
whichever front end (the fast path or Typer) runs the command."""

from __future__ import annotations

import errno
import json
import os
import re
import sys
from unittest import mock

import pytest
from cli_support import sapa
from helpers import fail, ok

from sapa_propaganda import errors
from sapa_propaganda.cli import fastpath
from sapa_propaganda.cli import spec as cli_spec
from sapa_propaganda.errors import LedgerError, OverdueFound, UsageError


def test_the_entry_point_runs_both_front_ends(tmp_path):
    assert fastpath.parse(["status"])[1].name == "status"
    assert "Hôm nay: 20/06/2022" in ok(sapa(tmp_path, "status"))
    with pytest.raises(fastpath.NotFast):
        fastpath.parse(["info"])
    assert "Hôm nay: 20/06/2022" in ok(sapa(tmp_path, "info"))


@pytest.mark.parametrize("argv", [["status"], ["info"]], ids=["fast path", "typer"])
def test_a_sapa_error_is_one_line_and_its_code_from_either_front_end(tmp_path, argv):
    line = fail(sapa(tmp_path, "--today", "31/02/2022", *argv))
    assert line.startswith("sapa: ngày '31/02/2022' không tồn tại")
    assert fail(sapa(tmp_path, "--lang", "fr", *argv)) == "sapa: ngôn ngữ không hỗ trợ 'fr': dùng vi hoặc en"


def test_every_command_is_built_from_the_table_and_fast_ones_parse_by_it():
    for spec in cli_spec.COMMANDS:
        if not spec.fast:
            continue
        required = [a.name.upper() for a in spec.args if a.required]
        glob, found, params = fastpath.parse([*spec.words, *required])
        assert found is spec and glob == {}
        assert params == {**spec.defaults(), **{a.name: a.name.upper() for a in spec.args if a.required}}


def test_report_maps_each_kind_of_failure_to_its_exit_code(capsys):
    assert errors.report(UsageError("bad_language", value="fr")) == 2
    assert errors.report(LedgerError("ledger_locked", seconds=5, path="/x")) == 5
    assert errors.report(OverdueFound("overdue_found", count=3)) == 3
    assert errors.report(OSError(errno.ENOSPC, "No space left on device")) == 1
    assert errors.report(BrokenPipeError(errno.EPIPE, "Broken pipe")) == 0
    assert errors.report(ValueError("a bug")) is None
    said = capsys.readouterr()
    assert said.out == ""
    assert said.err.splitlines() == [
        "sapa: ngôn ngữ không hỗ trợ 'fr': dùng vi hoặc en",
        "sapa: sổ tiến độ đang bị khóa bởi tiến trình khác quá 5 giây (/x)",
        "sapa: 3 việc quá hạn",
        "sapa: không ghi được kết quả: hết chỗ trống trên đĩa",
    ]


def test_a_write_error_on_stdout_is_one_line_from_the_entry_point(tmp_path):
    def full_disk(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    with mock.patch("sapa_propaganda.commands.exchange.write_output", full_disk):
        result = sapa(tmp_path, "export")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "sapa: không ghi được kết quả: hết chỗ trống trên đĩa\n"


def test_remind_fail_on_overdue_exits_3_through_the_entry_point(tmp_path):
    result = sapa(tmp_path, "remind", "--fail-on-overdue")
    assert result.exit_code == 3 and result.stdout
    assert re.fullmatch(r"sapa: \d+ việc quá hạn\n", result.stderr)


def test_json_through_the_entry_point_is_the_same_from_both_front_ends(tmp_path):
    fast = json.loads(ok(sapa(tmp_path, "status", "--json")))
    with mock.patch.object(fastpath, "run", lambda argv, clock: None):  # everything through Typer
        slow = json.loads(ok(sapa(tmp_path, "status", "--json")))
    assert fast == slow and fast["today"] == "2022-06-20"


def test_the_helper_leaves_the_process_as_it_was(tmp_path):
    before, streams = dict(os.environ), (sys.stdout, sys.stderr)
    assert ok(sapa(tmp_path, "status", env={"SAPA_LANG": "en"})).startswith("Today: 20/06/2022")
    assert dict(os.environ) == before and (sys.stdout, sys.stderr) == streams
