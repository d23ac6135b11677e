"""Every command, subcommand, option and argument explains itself in --help."""

from __future__ import annotations

import typer
from helpers import ok

from sapa_propaganda.cli import app


def walk(command, path=("sapa",)):
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, path + (name,))


def test_every_command_option_and_argument_has_help():
    root = typer.main.get_command(app)
    missing = []
    seen_commands = set()
    for path, command in walk(root):
        seen_commands.add(" ".join(path))
        if not (command.help or "").strip():
            missing.append(" ".join(path))
        for param in command.params:
            if param.name == "help":
                continue
            if not (getattr(param, "help", None) or "").strip():
                missing.append(f"{' '.join(path)} {param.opts[0] if param.opts else param.name}")
    # The walk really reached the commands this suite is about.
    assert {"sapa", "sapa plan", "sapa plan check", "sapa plan show", "sapa duties", "sapa show",
            "sapa units"} <= seen_commands
    assert missing == []


def test_help_runs_for_every_command(run):
    root = typer.main.get_command(app)
    for path, _command in walk(root):
        out = ok(run(*path[1:], "--help"))
        assert "--help" in out and "Usage:" in out, path
