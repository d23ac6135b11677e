"""The start-up fast path must behave exactly like the Typer app it stands in for."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from sapa_propaganda.cli import fastpath
from sapa_propaganda.cli import spec as cli_spec
from sapa_propaganda.cli.app import app
from sapa_propaganda.commands.context import make_settings


def _click_command(words):
    command = typer.main.get_command(app)
    for name in words:
        command = command.commands[name]
    return command


@pytest.mark.parametrize("spec", cli_spec.COMMANDS, ids=lambda spec: spec.name)
def test_the_typer_command_is_the_tables(spec):
    """Typer's command and the fast path read one declaration: cli_spec."""
    params = _click_command(spec.words).params
    arguments = [p for p in params if p.param_type_name == "argument"]
    assert [(a.name, a.required) for a in arguments] == [(a.name, a.required) for a in spec.args]
    typer_options = {flag: (p.name, p.is_flag) for p in params if p.param_type_name == "option"
                     for flag in [*p.opts, *p.secondary_opts]}
    ours = {flag: (opt.name, opt.kind == "flag") for flag, opt in cli_spec.option_table(spec.opts).items()}
    assert ours == typer_options
    for param in params:
        if param.param_type_name == "option" or not param.required:
            assert spec.defaults()[param.name] == param.default, param.name


@pytest.mark.parametrize("spec", cli_spec.COMMANDS, ids=lambda spec: spec.name)
def test_each_command_function_takes_the_tables_parameters_by_keyword(spec):
    signature = inspect.signature(spec.handler())
    settings, *rest = signature.parameters.values()
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in rest)
    assert {p.name for p in rest} == {p.name for p in (*spec.args, *spec.opts)}


def test_global_options_match_the_typer_callback():
    callback = typer.main.get_command(app)
    typer_options = {}
    for param in callback.params:
        if param.param_type_name == "option" and param.name not in ("help", "install_completion", "show_completion"):
            for flag in [*param.opts, *param.secondary_opts]:
                typer_options[flag] = param.name
            assert param.envvar == next(o.envvar for o in cli_spec.GLOBAL if o.name == param.name)
    assert {flag: opt.name for flag, opt in cli_spec.option_table(cli_spec.GLOBAL).items()} == typer_options
    # make_settings takes the global options by name, and the clock, which no option sets
    assert set(inspect.signature(make_settings).parameters) == {o.name for o in cli_spec.GLOBAL} | {"now"}


def test_no_command_option_shadows_a_global_one():
    """Global options work after the command too: no command may spell an option the same way."""
    spelled = set(cli_spec.option_table(cli_spec.GLOBAL))
    for spec in cli_spec.COMMANDS:
        assert not spelled & set(cli_spec.option_table(spec.opts)), spec.name


@pytest.mark.parametrize("argv", [
    ["--help"], ["status", "--help"], ["info"], ["plan", "check"], ["duties", "--unit"], ["duties", "--bogus"],
    ["remind", "--days", "-1"], ["remind", "--days", "x"], ["mark", "III.1.1"], ["status", "--json=1"], [],
    ["--lang"], ["status", "extra"], ["status", "--today"], ["undo"], ["status", "-h"], ["show", "\udcff"],
])
def test_anything_unusual_is_left_to_typer(argv):
    assert fastpath.run(argv) is None


SAME_AS_TYPER = [
    ["status"], ["status", "--json"], ["duties"], ["duties", "-u", "ban tuyen giao", "--json"],
    ["duties", "--search=bau cu"], ["duties", "--status", "xong"], ["duties", "--all", "--unit", "mttq"],
    ["overdue"], ["overdue", "--json"], ["reports", "--period", "2022-H1"], ["reports", "-p", "6t-2022", "--json"],
    ["reports", "--overdue", "--unit", "ttvh"], ["reports", "--all"], ["remind"], ["remind", "--days", "400"],
    ["remind", "--fail-on-overdue"], ["show", "III.1.1"], ["show", "iii.1.6", "--json"], ["history"],
    ["history", "III.1.1", "--json"], ["history", "--unit", "btg", "--since", "01/06/2022"], ["units", "--json"],
    ["--lang", "en", "status"], ["--plain", "reports"], ["--today", "2021-01-01", "status", "--json"],
    ["show", "III.1.9"], ["duties", "-u", "ban tuyen"], ["reports", "--period", "2022-H3"],
    ["--today", "31/02/2022", "status"], ["--lang", "fr", "status"],
    # global options after the command
    ["status", "--today", "2021-01-01", "--json"], ["reports", "--lang", "en", "-p", "2022-H1", "--plain"],
    ["history", "III.1.1", "--today=2022-06-12"], ["mark", "III.1.1", "xong", "--today", "2022-06-01"],
    # short options, --unit on overdue and remind
    ["duties", "-s", "xong"], ["overdue", "-u", "mttq"], ["overdue", "--unit", "btg", "--json"],
    ["remind", "--unit", "ttvh", "--days", "200"],
]


def _environment(tmp_path):
    (tmp_path / "data").mkdir(parents=True, exist_ok=True)  # there, as an office's is: a new one is said
    return {"SAPA_DATA": str(tmp_path / "data"), "SAPA_TODAY": "2022-06-20", "SAPA_LANG": "vi", "NO_COLOR": "1",
            "SAPA_PLAN": "", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "xdg")}


@pytest.fixture
def recorded(tmp_path):
    """A ledger with a few marks and submissions, made through the Typer app."""
    env = _environment(tmp_path)
    runner = CliRunner()
    for argv in (["mark", "III.1.1", "xong", "--date", "10/06/2022", "--note", "[bold]đã xong[/bold]"],
                 ["mark", "II.1.1.1", "dang"], ["submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "1-BC"],
                 ["submit", "vhtt", "2022-H1", "--date", "17/06/2022"]):
        assert runner.invoke(app, argv, env=env).exit_code == 0
    return env


def _fast(argv, env, monkeypatch, capsys):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code = fastpath.run(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("argv", SAME_AS_TYPER, ids=" ".join)
def test_fast_path_prints_what_typer_prints(argv, recorded, monkeypatch, capsys):
    slow = CliRunner().invoke(app, argv, env=recorded)
    code, out, err = _fast(argv, recorded, monkeypatch, capsys)
    assert code == slow.exit_code
    assert out == slow.stdout
    assert err == slow.stderr


def test_fast_mark_and_submit_record_like_typer(tmp_path, monkeypatch, capsys):
    slow_env = _environment(tmp_path / "slow")
    fast_env = _environment(tmp_path / "fast")
    for argv in (["mark", "III.2.1", "dang", "-n", "họp chi bộ", "--by", "van-thu", "--ref", "5-CV/MTTQ"],
                 ["mark", "III.2.1", "Hoàn thành", "-d", "19/6/2022"],
                 ["submit", "ttvh", "nam-2021", "--date", "2021-11-20", "--ref", "9-BC/TT"],
                 ["mark", "III", "xong"], ["mark", "III.2.1", "done", "--date", "2022-06-21"]):
        slow = CliRunner().invoke(app, argv, env=slow_env)
        code, out, err = _fast(argv, fast_env, monkeypatch, capsys)
        assert (code, out, err) == (slow.exit_code, slow.stdout, slow.stderr)
    history = [CliRunner().invoke(app, ["history", "--json"], env=env).stdout for env in (slow_env, fast_env)]
    strip = [[{k: v for k, v in e.items() if k not in ("id", "recorded")} for e in json.loads(h)] for h in history]
    assert strip[0] == strip[1] and len(strip[0]) == 3


# What a warm, piped daily command never imports; a mark leaves out more besides.
HEAVY = ("typer", "rich", "dateutil", "tomli_w", "tomllib", "pydantic", "click", "holidays", "pathlib", "re", "typing",
         "hashlib", "tempfile", "pickle", "_pickle")
MARK_HEAVY = HEAVY + ("getpass", "termios", "unicodedata", "zlib", "contextlib", "collections", "functools",
                      "datetime")
MARK_OURS = ("sapa_propaganda.render.plain", "sapa_propaganda.render.labels", "sapa_propaganda.storage.roster",
             "sapa_propaganda.storage.calendar_file")


def _imported_by(env: dict[str, str], argv: list[str], heavy: tuple[str, ...], ours: tuple[str, ...] = ()) -> str:
    """The modules of `heavy` (top-level names) and `ours` that running `argv` on the fast path imports."""
    probe = (
        "import sys\n"
        "from sapa_propaganda.cli.fastpath import run\n"
        f"assert run({argv!r}) == 0\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {set(heavy)!r} or m in {set(ours)!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True,
                            encoding="utf-8")
    return result.stdout.strip().splitlines()[-1]


def test_daily_commands_import_only_what_they_need(tmp_path):
    """No Typer, Rich, dateutil, tomli-w, TOML parser or pickle on a warm, piped daily command."""
    env = dict(os.environ, **_environment(tmp_path))
    env.pop("SAPA_PLAN")
    command = [sys.executable, "-m", "sapa_propaganda", "status"]
    subprocess.run(command, env=env, check=True, capture_output=True)  # builds the caches
    for name in ("status", "overdue", "remind", "reports", "duties"):
        assert _imported_by(env, [name], HEAVY) == "[]", name


def test_a_mark_imports_only_what_it_needs(tmp_path):
    """`sapa mark` writes its event without tomli-w, getpass (termios), unicodedata for ASCII text,
    zlib, contextlib (collections, functools) or datetime.py, nor the plain renderer and its labels,
    the roster's or the calendar's modules (it only looks for their files), and without anything
    a daily read leaves out."""
    env = dict(os.environ, **_environment(tmp_path))
    env.pop("SAPA_PLAN")
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # the login name from the password database
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "sapa_propaganda", "status"], env=env, check=True, capture_output=True)
    for status in ("doing", "done"):
        assert _imported_by(env, ["mark", "III.1.1", status, "--note", "bench"], MARK_HEAVY, MARK_OURS) == "[]", status
    [ledger] = (tmp_path / "data").rglob("ledger-*.toml")
    written = ledger.read_text(encoding="utf-8")
    assert written.count('target = "III.1.1"') == 2 and 'status = "done"' in written  # both were written
    if sys.platform != "win32":  # no login name in the environment: the password database's, as getpass gives it
        import pwd

        assert f'by = "{pwd.getpwuid(os.getuid()).pw_name}"' in written
