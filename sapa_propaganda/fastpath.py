"""Start-up fast path: run the everyday commands without importing Typer.

Typer (with pydantic and rich under it) takes several times longer to import than Python
takes to start, and cron and the clerk run `sapa` many times a day. This module parses the
plain, common invocations of the everyday commands itself and calls the same functions in
`commands.py` as the Typer app. Anything it does not recognise — `--help`, an unknown or
malformed option, a command not listed here — it leaves to Typer, so errors and help come
from one place. `tests/test_fastpath.py` checks that SPEC matches the Typer app exactly.
"""

from __future__ import annotations

import os
import sys

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# option -> (parameter, kind); kind is "flag", "str", "int" or "path".
GLOBAL_OPTIONS: dict[str, tuple[str, str]] = {
    "--plan": ("plan", "path"), "--data": ("data", "path"), "--today": ("today", "str"),
    "--lang": ("lang", "str"), "--rich": ("rich", "flag"), "--plain": ("rich", "flag"),
}
GLOBAL_ENV = {"plan": "SAPA_PLAN", "data": "SAPA_DATA", "today": "SAPA_TODAY", "lang": "SAPA_LANG"}
_JSON = {"--json": ("as_json", "flag")}
_UNIT = {"--unit": ("unit", "str"), "-u": ("unit", "str")}

# command -> (positional parameters, how many are required, options, defaults)
SPEC: dict[str, tuple[list[str], int, dict[str, tuple[str, str]], dict[str, Any]]] = {
    "status": ([], 0, _JSON, {"as_json": False}),
    "overdue": ([], 0, _JSON, {"as_json": False}),
    "units": ([], 0, _JSON, {"as_json": False}),
    "duties": ([], 0, {**_UNIT, "--search": ("search", "str"), "-s": ("search", "str"),
                       "--all": ("include_all", "flag"), "--status": ("status", "str"), **_JSON},
               {"unit": None, "search": None, "include_all": False, "status": None, "as_json": False}),
    "reports": ([], 0, {"--period": ("period", "str"), "-p": ("period", "str"), **_UNIT,
                        "--overdue": ("overdue_only", "flag"), "--all": ("include_future", "flag"), **_JSON},
                {"period": None, "unit": None, "overdue_only": False, "include_future": False, "as_json": False}),
    "remind": ([], 0, {"--days": ("days", "int"), "--fail-on-overdue": ("fail_on_overdue", "flag")},
               {"days": None, "fail_on_overdue": False}),
    "show": (["item_id"], 1, _JSON, {"as_json": False}),
    "history": (["item_id"], 0, {**_UNIT, "--since": ("since", "str"), **_JSON},
                {"item_id": None, "unit": None, "since": None, "as_json": False}),
    "mark": (["item_id", "status"], 2,
             {"--note": ("note", "str"), "-n": ("note", "str"), "--date": ("on", "str"), "-d": ("on", "str"),
              "--by": ("by", "str"), "--ref": ("ref", "str")},
             {"note": None, "on": None, "by": None, "ref": None}),
    "submit": (["unit", "period"], 2,
               {"--date": ("on", "str"), "-d": ("on", "str"), "--ref": ("ref", "str"),
                "--note": ("note", "str"), "-n": ("note", "str"), "--by": ("by", "str")},
               {"on": None, "ref": None, "note": None, "by": None}),
}


class NotFast(Exception):
    """This invocation is Typer's to handle."""


def _take(options: dict[str, tuple[str, str]], argv: list[str], i: int, into: dict[str, Any]) -> int:
    """Read the option at argv[i] (with its value) into `into`; return the next index."""
    word = argv[i]
    name, _, inline = word.partition("=") if word.startswith("--") else (word, "", "")
    if name not in options:
        raise NotFast
    param, kind = options[name]
    if kind == "flag":
        if inline:
            raise NotFast
        into[param] = name != "--plain"
        return i + 1
    if inline or "=" in word:
        value = inline
    elif i + 1 < len(argv):
        value, i = argv[i + 1], i + 1
    else:
        raise NotFast
    if kind == "int":
        if not value.isdigit():
            raise NotFast
        into[param] = int(value)
    else:
        into[param] = value  # paths stay strings: pathlib is slow to import
    return i + 1


def parse(argv: list[str]) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """Split argv into global options, a command and its arguments; NotFast if unsure."""
    if any(word in ("--help", "-h", "--") for word in argv):
        raise NotFast
    glob: dict[str, Any] = {}
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        i = _take(GLOBAL_OPTIONS, argv, i, glob)
    if i >= len(argv) or argv[i] not in SPEC:
        raise NotFast
    command = argv[i]
    positional, required, options, defaults = SPEC[command]
    params = dict(defaults)
    values: list[str] = []
    i += 1
    while i < len(argv):
        if argv[i].startswith("-") and argv[i] != "-":
            i = _take(options, argv, i, params)
        else:
            values.append(argv[i])
            i += 1
    if not required <= len(values) <= len(positional):
        raise NotFast
    params.update(zip(positional, values, strict=False))
    for param, variable in GLOBAL_ENV.items():
        if param not in glob and os.environ.get(variable):
            raw = os.environ[variable]
            glob[param] = raw
    return glob, command, params


def run(argv: list[str]) -> int | None:
    """Run the command if it is a fast one; the exit code, or None to hand over to Typer."""
    try:
        glob, command, params = parse(argv)
    except NotFast:
        return None
    from . import commands
    from .errors import SapaError
    from .settings import make_settings

    handler: Callable[..., None] = getattr(commands, command)
    try:
        settings = make_settings(plan=glob.get("plan"), data=glob.get("data"), today=glob.get("today"),
                                 lang=glob.get("lang", "vi"), rich=glob.get("rich"))
        handler(settings, **params)
    except SapaError as err:
        sys.stdout.flush()
        sys.stderr.write(err.message() + "\n")
        return err.exit_code
    return 0
