"""docs/cli.md is generated from the command table (tools/cli_reference.py) and kept current:
regenerate it and compare, as sqlite-utils does with its CLI reference."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sapa_propaganda import i18n
from sapa_propaganda.cli import spec as cli_spec

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    found = importlib.util.spec_from_file_location("cli_reference", ROOT / "tools" / "cli_reference.py")
    assert found is not None and found.loader is not None
    module = importlib.util.module_from_spec(found)
    found.loader.exec_module(module)
    return module


def test_docs_cli_md_is_current():
    expected = _generator().render()
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == expected, "docs/cli.md is out of date: run python tools/cli_reference.py"


def test_the_reference_names_every_command_and_option_in_both_languages():
    i18n.set_language("en")
    text = _generator().render()
    assert i18n.language() == "en"  # the generator leaves the language as it found it
    for command in cli_spec.COMMANDS:
        assert f"### sapa {command.name}\n" in text, command.name
        for opt in command.opts:
            assert all(f"`{flag}`" in text for flag in (*opt.flags, *opt.off)), (command.name, opt.name)
        for key in (command.help, *(p.help for p in command.params())):
            for lang in i18n.LANGUAGES:
                i18n.set_language(lang)
                assert " ".join(i18n.tr(key).split()).replace("|", "\\|") in text, (command.name, key, lang)


def test_the_readme_links_the_reference():
    assert "(docs/cli.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
