"""Every command, subcommand, option and argument explains itself in --help, in either language,
and a help page is entirely in the language chosen."""

from __future__ import annotations

import re

import pytest
import typer
from cli_support import sapa
from helpers import ok

from sapa_propaganda import i18n
from sapa_propaganda.cli import help as cli_help
from sapa_propaganda.cli import spec as cli_spec
from sapa_propaganda.cli.app import app

LANGUAGES = ("vi", "en")


def walk(command, path=("sapa",)):
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, path + (name,))


def tree(lang):
    """The Click command tree as a user of that language sees it."""
    i18n.set_language(lang)
    root = typer.main.get_command(app)
    cli_help.translate(root)
    return root


def texts(lang):
    """{"sapa duties --unit": help text, ...} for every command, option and argument."""
    found = {}
    for path, command in walk(tree(lang)):
        found[" ".join(path)] = command.help or ""
        for param in command.params:
            found[f"{' '.join(path)} {param.opts[0] if param.opts else param.name}"] = param.help or ""
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_command_option_and_argument_has_help(lang):
    found = texts(lang)
    # The walk really reached the commands this suite is about, and every command of the table.
    assert {"sapa", "sapa plan", "sapa plan check", "sapa plan show", "sapa duties", "sapa show",
            "sapa units"} <= set(found)
    assert {"sapa " + spec.name for spec in cli_spec.COMMANDS} <= set(found)
    assert [where for where, text in found.items() if not text.strip()] == []


def test_every_help_text_is_said_in_each_language():
    vietnamese, english = texts("vi"), texts("en")
    assert vietnamese.keys() == english.keys()
    assert [where for where in vietnamese if vietnamese[where] == english[where]] == []
    assert all(text.isascii() for text in english.values())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_runs_for_every_command(tmp_path, lang):
    usage = {"vi": "Cách dùng:", "en": "Usage:"}[lang]
    for path, command in walk(tree(lang)):
        out = ok(sapa(tmp_path, *path[1:], "--help", "--lang", lang))
        assert out.startswith(usage + " " + " ".join(path)), path
        assert "-h, --help" in out, path
        for param in command.params:
            for flag in param.opts if param.param_type_name == "option" else ():
                assert flag in out, (path, flag)


@pytest.mark.parametrize("how", [["--lang", "en"], ["SAPA_LANG=en"]], ids=["option", "variable"])
def test_english_help_is_english_only(tmp_path, how):
    env = {"SAPA_LANG": "en"} if how == ["SAPA_LANG=en"] else {}
    args = [] if env else how
    for path, _command in walk(tree("en")):
        out = ok(sapa(tmp_path, *args, *path[1:], "-h", env=env))
        assert out.isascii(), (path, [line for line in out.splitlines() if not line.isascii()])
        assert out.startswith("Usage: "), path


def test_vietnamese_help_is_vietnamese_only(tmp_path):
    english = texts("en")
    click_words = re.compile(r"Usage|Options|Arguments|Commands|Show this|env var|default:|\[required\]|<str>")
    for path, _command in walk(tree("vi")):
        out = " ".join(ok(sapa(tmp_path, *path[1:], "--help")).split())
        assert not click_words.search(out), (path, click_words.search(out))
        assert [text for text in english.values() if " ".join(text.split()) in out] == [], path
        assert out.startswith("Cách dùng: "), path


def test_dash_h_is_help(tmp_path):
    for path in (["--lang", "en"], ["duties"], ["plan", "check"]):
        assert ok(sapa(tmp_path, *path, "-h")) == ok(sapa(tmp_path, *path, "--help"))
