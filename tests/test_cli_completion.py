"""Shell completion: the scripts for bash, zsh, fish and PowerShell, and Tab offering the
plan's unit, item and period ids and the ledger's events, at no cost to everyday commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cli_support import sapa
from helpers import fail, ok
from ledger_support import PLAN_PATH, subprocess_env

from sapa_propaganda.cli import completion
from sapa_propaganda.storage.plan_loader import load_plan


class Root:
    """What Click hands a completion callback: the context, whose root holds the global options."""

    def __init__(self, **params):
        self.params = {"plan": None, "data": None, "today": None, "lang": "vi", **params}

    def find_root(self):
        return self


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    monkeypatch.setenv("SAPA_DATA", str(tmp_path / "data"))
    return Root(data=str(tmp_path / "data"), today="2022-06-20")


def values(found):
    return [value for value, _help in found]


def test_units_complete_from_the_plan(ctx):
    assert values(completion.units(ctx, "m")) == ["mttq"]
    assert dict(completion.units(ctx, ""))["btg"] == "Ban Tuyên giáo Thị ủy"
    assert values(completion.units(ctx, "")) == [u.id for u in load_plan(PLAN_PATH).units]


def test_items_complete_from_the_plan(ctx):
    assert values(completion.items(ctx, "III.1.")) == [
        i.id for i in load_plan(PLAN_PATH).items if i.id.startswith("III.1.")]
    assert "III.1.1" in values(completion.items(ctx, "III.1."))
    assert "III" in values(completion.items(ctx, "II"))  # headings are items to show
    assert "III" not in values(completion.tracked_items(ctx, "II"))  # but not to mark
    assert values(completion.tracked_items(ctx, "iii.1.1")) == ["III.1.1"]


def test_periods_complete_from_the_reporting_rules(ctx):
    found = dict(completion.periods(ctx, "2022"))
    assert found == {"2022-H1": "6 tháng đầu năm 2022", "2022-Y": "năm 2022"}


def test_statuses_complete_in_both_spellings(ctx):
    assert values(completion.statuses(ctx, "d")) == ["doing", "done", "dang"]


def test_events_complete_from_the_ledger_newest_first(ctx, tmp_path):
    assert completion.events(ctx, "") == []
    ok(sapa(tmp_path, "mark", "III.1.1", "dang"))
    ok(sapa(tmp_path, "mark", "III.1.2", "xong"))
    ids = [e["id"] for e in json.loads(ok(sapa(tmp_path, "history", "--json")))]
    found = completion.events(ctx, "")
    assert values(found) == ids  # history is newest first too
    assert found[0][1] == "2022-06-20 mark III.1.2 done"


def test_a_plan_that_cannot_be_read_completes_nothing(ctx, tmp_path):
    ctx.params["plan"] = str(tmp_path / "missing.toml")
    assert completion.units(ctx, "") == completion.items(ctx, "") == completion.periods(ctx, "") == []
    ctx.params.update(plan=None, today="31/02/2022")
    assert completion.units(ctx, "") == []


@pytest.mark.parametrize("shell, marker", [
    ("bash", "complete -o default -F _sapa_completion sapa"),
    ("zsh", "compdef _sapa_completion sapa"),
    ("fish", "complete --command sapa"),
    ("powershell", "Register-ArgumentCompleter -Native -CommandName sapa"),
])
def test_show_completion_prints_the_script(tmp_path, shell, marker):
    script = ok(sapa(tmp_path, "--show-completion", shell))
    assert marker in script and "_SAPA_COMPLETE" in script


def test_show_completion_bash_in_full(tmp_path):
    script = ok(sapa(tmp_path, "--show-completion", "bash"))
    assert "_SAPA_COMPLETE=complete_bash $1" in script
    assert script.rstrip().endswith("complete -o default -F _sapa_completion sapa")


def test_an_unknown_shell_is_refused_in_words(tmp_path):
    assert fail(sapa(tmp_path, "--show-completion", "tcsh")) == (
        "sapa: không hỗ trợ shell 'tcsh'; dùng: bash, zsh, fish, powershell, pwsh")


def test_install_completion_for_bash(tmp_path):
    env = subprocess_env(tmp_path)
    result = subprocess.run([sys.executable, "-m", "sapa_propaganda", "--install-completion", "bash"], env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Đã cài gợi ý lệnh cho bash vào ")
    home = tmp_path / "home"
    assert "_SAPA_COMPLETE=complete_bash" in (home / ".bash_completions" / "sapa.sh").read_text(encoding="utf-8")
    assert "sapa.sh" in (home / ".bashrc").read_text(encoding="utf-8")


def _complete(tmp_path, words, **env):
    """What bash gets back when Tab is pressed after `words`."""
    environment = subprocess_env(tmp_path) | {"_SAPA_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(words),
                                              "COMP_CWORD": str(len(words) - 1), **env}
    result = subprocess.run([sys.executable, "-m", "sapa_propaganda"], env=environment, capture_output=True,
                            text=True, encoding="utf-8", timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout.split()


def test_tab_completes_through_the_entry_point(tmp_path, quarterly_plan):
    assert _complete(tmp_path, ["sapa", "dut"]) == ["duties"]
    assert _complete(tmp_path, ["sapa", "duties", "--unit", "m"]) == ["mttq"]
    assert _complete(tmp_path, ["sapa", "mark", "III.1.1"]) == ["III.1.1"]
    assert _complete(tmp_path, ["sapa", "submit", "mttq", "2022-"]) == ["2022-H1", "2022-Y"]
    assert _complete(tmp_path, ["sapa", "--plan", str(quarterly_plan), "reports", "-p", "2025-Q"]) == [
        "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert _complete(tmp_path, ["sapa", "reports", "-p", "2025-Q"], SAPA_PLAN=str(quarterly_plan)) == [
        "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


def test_everyday_commands_do_not_load_completion(tmp_path):
    env = dict(os.environ, **{k: v for k, v in subprocess_env(tmp_path).items()})
    probe = ("import sys\n"
             "from sapa_propaganda.cli.fastpath import run\n"
             "assert run(['status']) == 0\n"
             "print(sorted(m for m in sys.modules if m.startswith('sapa_propaganda.')))\n")
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                            encoding="utf-8", check=True)
    loaded = result.stdout.strip().splitlines()[-1]
    for module in ("cli.completion", "cli.app", "cli.help"):
        assert f"'sapa_propaganda.{module}'" not in loaded
