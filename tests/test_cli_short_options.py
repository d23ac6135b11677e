"""Short options mean one thing everywhere, and an empty --by is refused like an empty --note."""

from __future__ import annotations

import json

import pytest
from cli_support import sapa
from helpers import fail, ok
from ledger_support import ledger_events

from sapa_propaganda.cli import spec as cli_spec


def test_a_short_option_means_the_same_long_option_in_every_command():
    meaning: dict[str, set[str]] = {}
    for spec in (None, *cli_spec.COMMANDS):
        for opt in cli_spec.GLOBAL if spec is None else spec.opts:
            longest = max(opt.flags, key=len)
            for flag in opt.flags:
                if not flag.startswith("--"):
                    meaning.setdefault(flag, set()).add(longest)
    assert {flag: sorted(longs) for flag, longs in meaning.items() if len(longs) > 1} == {}
    assert meaning["-s"] == {"--status"}


def test_dash_s_is_the_status_filter(tmp_path):
    ok(sapa(tmp_path, "mark", "III.1.1", "dang"))
    ok(sapa(tmp_path, "mark", "III.2.1", "dang"))
    by_status = json.loads(ok(sapa(tmp_path, "duties", "-s", "doing", "--json")))
    assert by_status == json.loads(ok(sapa(tmp_path, "duties", "--status", "dang", "--json")))
    assert ok(sapa(tmp_path, "duties", "-s", "dang")) == ok(sapa(tmp_path, "duties", "--status", "dang"))
    assert sorted(row["id"] for row in by_status) == ["III.1.1", "III.2.1"]


def test_search_has_only_its_long_form(tmp_path):
    assert ok(sapa(tmp_path, "duties", "--search", "bầu cử"))
    assert fail(sapa(tmp_path, "duties", "-s", "bầu cử")).startswith("sapa: trạng thái không hợp lệ 'bầu cử'")


@pytest.mark.parametrize("argv", [
    ["mark", "III.1.1", "xong", "--by", ""],
    ["mark", "III.1.1", "xong", "--by", "  "],
    ["mark", "III.1.1", "xong", "--by="],
    ["submit", "mttq", "2022-H1", "--by", ""],
    ["undo", "--by", ""],
], ids=" ".join)
def test_an_empty_by_is_refused_like_an_empty_note(tmp_path, argv):
    ok(sapa(tmp_path, "mark", "III.2.1", "dang"))
    before = ledger_events(tmp_path)
    assert fail(sapa(tmp_path, *argv)) == "sapa: người cập nhật trống: hãy nhập tên hoặc bỏ --by"
    assert fail(sapa(tmp_path, "--lang", "en", *argv)) == "sapa: empty name: type a name or leave out --by"
    assert fail(sapa(tmp_path, "mark", "III.1.1", "xong", "--note", "")) == (
        "sapa: ghi chú trống: hãy nhập nội dung hoặc bỏ --note")
    assert ledger_events(tmp_path) == before


def test_a_given_by_is_recorded(tmp_path):
    ok(sapa(tmp_path, "mark", "III.1.1", "xong", "--by", "Lan"))
    assert [e["by"] for e in ledger_events(tmp_path)] == ["Lan"]
