"""Start-up fast path: run the everyday commands without importing Typer.

Typer (with pydantic and rich under it) takes several times longer to import than Python
takes to start, and cron and the clerk run `sapa` many times a day. This module parses the
plain, common invocations of the commands marked `fast` in `spec.py` with the same table
the Typer app is built from, and calls the same functions in commands/. Anything it does
not recognise — `--help`, an unknown or malformed option, a command not marked fast, shell
completion — it leaves to Typer, so errors and help come from one place.
"""

from __future__ import annotations

import os

from . import spec as cli_spec

# Type names only: `typing` and the modules below cost start-up time that cron pays daily; the
# settings and the commands are imported in `run`, once the command is known to be a fast one.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from typing import Any


class NotFast(Exception):
    """This invocation is Typer's to handle."""


def _take(options: dict[str, cli_spec.Opt], argv: list[str], i: int, into: dict[str, Any]) -> int:
    """Read the option at argv[i] (with its value) into `into`; return the next index."""
    word = argv[i]
    name, _, inline = word.partition("=") if word.startswith("--") else (word, "", "")
    opt = options.get(name)
    if opt is None:
        raise NotFast
    if opt.kind == "flag":
        if "=" in word:
            raise NotFast
        into[opt.name] = name not in opt.off
        return i + 1
    if "=" in word:
        value = inline
    elif i + 1 < len(argv):
        value, i = argv[i + 1], i + 1
    else:
        raise NotFast
    if opt.kind == "int":
        if not value.isdigit():
            raise NotFast
        into[opt.name] = int(value)
    else:
        into[opt.name] = value  # paths stay strings: pathlib is slow to import
    return i + 1


def parse(argv: list[str]) -> tuple[dict[str, Any], cli_spec.Command, dict[str, Any]]:
    """Split argv into global options, a command and its arguments; NotFast if unsure.
    Global options may come before or after the command."""
    if any(word in ("--help", "-h", "--") or not word.isprintable() for word in argv):
        raise NotFast  # help, and arguments that are not UTF-8 or hold control characters
    if "_SAPA_COMPLETE" in os.environ:
        raise NotFast  # the shell asks for completions
    globals_ = cli_spec.option_table(cli_spec.GLOBAL)
    glob: dict[str, Any] = {}
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        i = _take(globals_, argv, i, glob)
    found = cli_spec.command(argv[i:i + 1]) if i < len(argv) else None
    if found is None or not found.fast:
        raise NotFast
    options = cli_spec.option_table(found.opts)
    params = found.defaults()
    values: list[str] = []
    i += 1
    while i < len(argv):
        word = argv[i]
        if word.startswith("-") and word != "-":
            name = word.partition("=")[0] if word.startswith("--") else word
            i = _take(options if name in options else globals_, argv, i, params if name in options else glob)
        else:
            values.append(word)
            i += 1
    required = sum(1 for a in found.args if a.required)
    if not required <= len(values) <= len(found.args):
        raise NotFast
    params.update(zip((a.name for a in found.args), values, strict=False))
    for opt in cli_spec.GLOBAL:
        if opt.name not in glob and opt.envvar and os.environ.get(opt.envvar):
            glob[opt.name] = os.environ[opt.envvar]
    return glob, found, params


def run(argv: list[str], clock: Callable[[], datetime] | None = None) -> int | None:
    """Run the command if it is a fast one, on `clock` (the real one if None); the exit code, or
    None to hand over to Typer."""
    if cli_spec.asks_version(argv):
        import sys

        from .. import __version__

        sys.stdout.write(f"sapa {__version__}\n")
        return 0
    try:
        glob, found, params = parse(argv)
    except NotFast:
        return None
    from ..commands.context import make_settings, run_command
    from ..errors import report

    handler: Callable[..., None] = found.handler()
    try:
        run_command(make_settings(**glob, now=clock), handler, params)
    except Exception as err:
        code = report(err)
        if code is None:
            raise
        return code
    return 0
