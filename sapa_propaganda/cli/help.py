"""What the Typer app says, in the user's language: help pages, parse errors, shell completion.

Click writes its help and its errors in English ("Usage:", "Missing argument", "No such
option"). Here the help pages are drawn from the Click command tree with the texts of
`spec.py` in the chosen language, and Click's parse errors become one line on stderr, a
`ParseError` that says where to find help.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from ..errors import UsageError
from ..i18n import tr
from . import spec as cli_spec

# Click's and Typer's modules load only when help or a parse error is shown.

try:  # Typer >= 0.22 carries its own copy of Click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as click_errors  # type: ignore[no-redef]

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
COMPLETION_OPTIONS = ("--install-completion", "--show-completion")


class ParseError(UsageError):
    """A command line that does not parse: what is wrong, then where to find help."""

    def __init__(self, key: str, *, command: str, **params: Any):
        super().__init__(key, **params)
        self.command = command

    def message(self) -> str:
        return f"sapa: {self}{tr('cli_see_help', command=self.command)}"


# ---- help ------------------------------------------------------------------------------------

def _words(ctx: Any) -> tuple[str, ...]:
    """("plan", "check") for `sapa plan check`."""
    words: list[str] = []
    while ctx.parent is not None:
        words.insert(0, ctx.info_name)
        ctx = ctx.parent
    return tuple(words)


def _declared(words: tuple[str, ...]) -> dict[str, cli_spec.Arg | cli_spec.Opt]:
    """The parameters cli_spec declares for a command (the global options for the root), by name."""
    if not words:
        return {o.name: o for o in cli_spec.GLOBAL}
    spec = cli_spec.command(words)
    return {p.name: p for p in spec.params()} if spec else {}


def translate(command: Any, words: tuple[str, ...] = ()) -> None:
    """Put the help texts and value names of the chosen language into a Click command tree."""
    if not words:
        command.help = tr("help_sapa")
    elif words[0] in cli_spec.GROUPS and len(words) == 1:
        command.help = tr(cli_spec.GROUPS[words[0]])
    elif (spec := cli_spec.command(words)) is not None:
        command.help = tr(spec.help)
    declared = _declared(words)
    for param in command.params:
        found = declared.get(param.name)
        if found is not None:
            param.help = tr(found.help)
            if found.metavar:
                param.metavar = tr(found.metavar)
        elif "--" + param.name.replace("_", "-") in COMPLETION_OPTIONS:
            param.help = tr("help_" + param.name)
            param.metavar = f"[{tr('mv_shell')}]"
    for name, sub in getattr(command, "commands", {}).items():
        translate(sub, (*words, name))


def _option_row(param: Any) -> tuple[str, str]:
    names = ", ".join(sorted(param.opts, key=lambda flag: flag.startswith("--")))
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    if param.name == "help":
        return names, tr("help_help")
    if param.metavar and (not param.is_flag or param.metavar.startswith("[")):
        names += " " + param.metavar
    extras = []
    if not param.is_flag and param.default is not None:
        extras.append(tr("cli_default", value=param.default))
    if param.envvar:
        extras.append(tr("cli_envvar", name=param.envvar))
    return names, (param.help or "") + (f"  [{'; '.join(extras)}]" if extras else "")


def format_help(command: Any, ctx: Any, formatter: Any) -> None:
    """The help page of a command or group, entirely in the chosen language."""
    is_group = hasattr(command, "commands")
    pieces = [tr("cli_options_mv")]
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            name = param.metavar or param.name.upper()
            pieces.append(name if param.required else f"[{name}]")
            arguments.append((name, param.help or ""))
        elif not param.hidden:
            options.append(_option_row(param))
    if ctx.parent is None:  # `sapa --version`, answered before Click parses (app._run, fastpath.run)
        options.insert(len(options) - 1 if options else 0, (cli_spec.VERSION_FLAG, tr("help_version")))
    if is_group:
        pieces.append(tr("cli_command_mv"))
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=tr("cli_usage") + " ")
    if command.help:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(command.help)
    for title, rows in ((tr("cli_arguments"), arguments), (tr("cli_options"), options)):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)
    if is_group:
        with formatter.section(tr("cli_commands")):
            formatter.write_dl([(name, sub.help or "") for name, sub in command.commands.items() if not sub.hidden])
    if ctx.parent is not None:
        spelled = ", ".join("/".join((*o.flags, *o.off)) for o in cli_spec.GLOBAL)
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(tr("cli_global_note", options=spelled))


# ---- errors ----------------------------------------------------------------------------------

def check_utf8(argv: list[str]) -> None:
    """Refuse an argument whose bytes are not UTF-8 (Python keeps them as lone surrogates)."""
    for word in argv:
        if any("\ud800" <= ch <= "\udfff" for ch in word):
            shown = word.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise UsageError("cli_not_utf8", value=shown)


def _value_of(argv: list[str], opts: list[str]) -> str:
    """What was typed after one of the option's spellings (the last time it was given)."""
    value = ""
    for i, word in enumerate(argv):
        if word in opts and i + 1 < len(argv):
            value = argv[i + 1]
        elif word.partition("=")[0] in opts and "=" in word:
            value = word.partition("=")[2]
    return value


def _command_path(argv: list[str]) -> str:
    """`sapa plan check` for the (hoisted) argv of `sapa --today X plan check --json=1`."""
    globals_ = cli_spec.option_table(cli_spec.GLOBAL)
    words: list[str] = []
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        opt = globals_.get(argv[i])
        i += 2 if opt is not None and opt.takes_value else 1
    for word in argv[i:i + 2]:
        if word.startswith("-") or cli_spec.command([*words, word]) is None and word not in cli_spec.GROUPS:
            break
        words.append(word)
    return " ".join(("sapa", *words))


def no_such_command(ctx: Any, name: str, known: list[str]) -> ParseError:
    from ..core.text import close_matches

    close = close_matches(name, known)
    hint = tr("did_you_mean", options=", ".join(close)) if close else ""
    return ParseError("cli_no_such_command", command=ctx.command_path, name=name, hint=hint)


def parse_error(err: Any, argv: list[str]) -> ParseError:
    """Click's parse error, said in the user's language."""
    ctx = err.ctx
    command = ctx.command_path if ctx is not None else _command_path(argv)
    param = getattr(err, "param", None)
    if isinstance(err, click_errors.MissingParameter) and param is not None:
        if param.param_type_name == "option":
            return ParseError("cli_missing_option", command=command, name=param.opts[-1])
        return ParseError("cli_missing_argument", command=command, name=param.metavar or param.name.upper())
    if isinstance(err, click_errors.NoSuchOption):
        hint = tr("did_you_mean", options=", ".join(sorted(err.possibilities))) if err.possibilities else ""
        return ParseError("cli_no_such_option", command=command, option=err.option_name, hint=hint)
    if isinstance(err, click_errors.BadOptionUsage):
        key = "cli_option_takes_no_value" if "does not take a value" in err.message else "cli_option_needs_value"
        return ParseError(key, command=command, option=err.option_name)
    if isinstance(err, click_errors.BadParameter) and param is not None:
        option = param.opts[-1] if param.param_type_name == "option" else param.metavar or param.name.upper()
        declared = _declared(_words(ctx)).get(param.name) if ctx is not None else None
        if isinstance(declared, cli_spec.Opt) and declared.kind == "int":
            return ParseError("cli_bad_count", command=command, option=option, minimum=declared.minimum or 0,
                              value=_value_of(argv, [*param.opts, *param.secondary_opts]))
        return ParseError("cli_bad_value", command=command, option=option)
    message = err.format_message()
    if message.startswith("Got unexpected extra argument"):
        return ParseError("cli_extra_arguments", command=command, args=message.split(" (", 1)[-1].removesuffix(")"))
    if message == "Missing command.":
        return ParseError("cli_missing_command", command=command)
    return ParseError("cli_other", command=command, message=message)


# ---- shell completion ------------------------------------------------------------------------

def _detect_shell() -> str:
    try:
        import shellingham

        name: str = shellingham.detect_shell()[0]
        return name
    except (ImportError, OSError, RuntimeError):
        raise UsageError("cli_shell_undetected", choices=", ".join(SHELLS)) from None


def completion_request(argv: list[str], prog_name: str, complete_var: str) -> int | None:
    """`sapa --show-completion [SHELL]` prints the script that makes Tab complete sapa's commands,
    options and ids; `--install-completion [SHELL]` installs it. Without SHELL, the shell sapa runs
    in. None when argv asks for neither."""
    if not argv or argv[0] not in COMPLETION_OPTIONS:
        return None
    shell = argv[1] if len(argv) > 1 else _detect_shell()
    if shell not in SHELLS:
        raise UsageError("cli_shell_unknown", value=shell, choices=", ".join(SHELLS))
    from typer import completion

    if argv[0] == "--show-completion":
        script = completion.get_completion_script(prog_name=prog_name, complete_var=complete_var, shell=shell)
        sys.stdout.write(script.rstrip("\n") + "\n")
    else:
        installed, path = completion.install(shell=shell, prog_name=prog_name, complete_var=complete_var)
        sys.stdout.write(tr("cli_completion_installed", shell=installed, path=os.fspath(path)) + "\n")
    return 0
