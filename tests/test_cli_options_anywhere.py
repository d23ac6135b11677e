"""Global options work before or after the command, as git and kubectl users expect."""

from __future__ import annotations

import json

import pytest
from cli_support import sapa
from helpers import ok
from ledger_support import cli

from sapa_propaganda.cli import fastpath
from sapa_propaganda.cli.spec import hoist, language_of


@pytest.mark.parametrize("argv, hoisted", [
    (["status", "--today", "20/06/2022"], ["--today", "20/06/2022", "status"]),
    (["reports", "-p", "2022-H1", "--lang=en", "--plain"], ["--lang=en", "--plain", "reports", "-p", "2022-H1"]),
    (["plan", "check", "f.toml", "--plan", "p.toml"], ["--plan", "p.toml", "plan", "check", "f.toml"]),
    # a command option's value stays a value, even one that looks like a global option
    (["mark", "III.1.1", "xong", "--note", "--today", "--by", "--lang"],
     ["mark", "III.1.1", "xong", "--note", "--today", "--by", "--lang"]),
    (["show", "III.1.1", "--", "--today", "x"], ["show", "III.1.1", "--", "--today", "x"]),
    (["--data", "d", "status"], ["--data", "d", "status"]),
])
def test_hoist_moves_global_options_before_the_command(argv, hoisted):
    assert hoist(argv) == hoisted


def test_the_language_is_known_before_parsing():
    assert language_of(["duties", "-h", "--lang", "en"], {}) == "en"
    assert language_of(["duties", "-h"], {"SAPA_LANG": "en"}) == "en"
    assert language_of(["duties", "--lang", "EN"], {"SAPA_LANG": "vi"}) == "en"
    assert language_of(["mark", "x", "y", "--note", "--lang"], {}) == "vi"  # a note, not an option
    assert language_of(["--lang", "fr", "status"], {}) == "vi"  # refused later, in Vietnamese


@pytest.mark.parametrize("command", [["status", "--json"], ["info", "--json"]], ids=["fast path", "typer"])
def test_today_after_the_command(tmp_path, command):
    before = json.loads(ok(sapa(tmp_path, "--today", "05/01/2022", *command)))
    after = json.loads(ok(sapa(tmp_path, *command, "--today", "05/01/2022")))
    assert before == after and after["today"] == "2022-01-05"  # SAPA_TODAY says 2022-06-20


def test_every_global_option_after_the_command_in_both_front_ends(tmp_path, quarterly_plan):
    argv = ["reports", "--plain", "--lang", "en", "--today", "2024-02-01", "--plan", str(quarterly_plan),
            "--data", str(tmp_path / "elsewhere")]
    (tmp_path / "elsewhere").mkdir()  # there: a data folder that is not is named on stderr
    assert fastpath.parse(argv)[0] == {"rich": False, "lang": "en", "today": "2024-02-01",
                                       "plan": str(quarterly_plan), "data": str(tmp_path / "elsewhere")}
    fast = ok(sapa(tmp_path, *argv))
    typer = cli(tmp_path, *argv)  # Typer's CliRunner, without the fast path
    assert fast == typer.stdout and typer.exit_code == 0
    assert "Hội Nông dân huyện" in fast and "Q1 report 2024" in fast  # the plan, the language, today


def test_global_options_after_a_subcommand_of_a_group(tmp_path, quarterly_plan):
    out = ok(sapa(tmp_path, "plan", "show", "--json", "--plan", str(quarterly_plan), "--lang", "en"))
    assert json.loads(out)["id"] == json.loads(ok(sapa(tmp_path, "--plan", str(quarterly_plan), "plan", "show",
                                                         "--json")))["id"]


def test_a_write_with_today_after_the_command(tmp_path):
    assert ok(sapa(tmp_path, "mark", "III.1.1", "xong", "--today", "2022-06-01")).endswith("(01/06/2022)\n")
    history = json.loads(ok(sapa(tmp_path, "history", "--json")))
    assert [e["date"] for e in history] == ["2022-06-01"]


def test_a_value_that_looks_like_a_global_option_stays_a_value(tmp_path):
    ok(sapa(tmp_path, "mark", "III.1.1", "dang", "--note", "--today"))
    assert json.loads(ok(sapa(tmp_path, "history", "--json")))[0]["note"] == "--today"
