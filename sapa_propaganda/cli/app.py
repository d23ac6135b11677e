"""The `sapa` command line on Typer, built from the table in `spec.py`.

Typer parses, checks types and completes; everything the user reads is ours and in the
chosen language: help (`help.py`), and Click's parse errors turned into one line on
stderr. The language is known before Typer builds anything: `--lang` anywhere on the command
line, else SAPA_LANG. Global options work before or after the command. Each command makes one
call to a function of commands/, by keyword; what goes wrong becomes an exit code in `errors.report`,
the same function the fast path uses.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from .. import __version__, i18n
from ..commands.context import Settings, make_settings, run_command
from ..errors import UsageError, report
from . import completion, typed
from . import help as cli_help
from . import spec as cli_spec

try:  # Typer >= 0.22 carries its own copy of Click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as click_errors  # type: ignore[no-redef]

PROG = "sapa"
COMPLETE_VAR = "_SAPA_COMPLETE"


def _show_help(ctx: Any, param: Any, value: Any) -> None:
    """`-h`/`--help`: the help page, said like any output (a closed pipe is a quiet success)."""
    if value and not ctx.resilient_parsing:
        _reported(lambda: sys.stdout.write(ctx.get_help() + "\n"))
        ctx.exit()


class _OwnHelp:
    """Help pages drawn by cli_help in the chosen language, and printed like any output."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        cli_help.format_help(self, ctx, formatter)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.callback = _show_help
        return option


class SapaCommand(_OwnHelp, TyperCommand):
    pass


class SapaGroup(_OwnHelp, TyperGroup):
    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and self.get_command(ctx, args[0]) is None and not ctx.resilient_parsing \
                and not args[0].startswith("-"):
            raise cli_help.no_such_command(ctx, args[0], list(self.commands))
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        """`sapa ARGS`: the exit code (standalone_mode=False) or exit with it."""
        argv = list(sys.argv[1:] if args is None else args)
        code = _run(self, argv, prog_name or PROG, complete_var or COMPLETE_VAR, extra)
        if standalone_mode:
            sys.exit(code)
        return code


def _run(group: SapaGroup, argv: list[str], prog_name: str, complete_var: str, extra: dict[str, Any]) -> int:
    completing = bool(os.environ.get(complete_var))
    try:
        argv = argv if completing else typed.tidy(argv)  # Word's quotes and dashes (said once: __main__ did it)
    except UsageError as err:
        return report(err) or 2
    i18n.set_language(cli_spec.language_of(argv, os.environ))
    cli_help.translate(group)
    try:
        if not completing:
            cli_help.check_utf8(argv)
            argv = cli_spec.hoist(argv)
            if cli_spec.asks_version(argv):
                sys.stdout.write(f"{PROG} {__version__}\n")
                return 0
            shell_code = cli_help.completion_request(argv, prog_name, complete_var)
            if shell_code is not None:
                return shell_code
        result = TyperGroup.main(group, args=argv, prog_name=prog_name, complete_var=complete_var,
                                 standalone_mode=False, **extra)
        return result if isinstance(result, int) else 0
    except click_errors.NoArgsIsHelpError as err:
        err.show()
        return err.exit_code
    except click_errors.UsageError as err:
        return report(cli_help.parse_error(err, argv)) or 2
    except SystemExit as err:  # shell completion answers and exits
        return err.code if isinstance(err.code, int) else 0
    except Exception as err:
        code = report(err)
        if code is None:
            raise
        return code


def run(argv: list[str], clock: Callable[[], datetime] | None = None) -> int:
    """Run `sapa ARGV` through Typer, on `clock` (the real one if None); the exit code."""
    code: int = typer.main.get_command(app).main(args=argv, prog_name=PROG, standalone_mode=False, obj=clock)
    return code


def settings_of(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


# ---- the app, from the table ------------------------------------------------------------------

_TYPES = {"str": str, "int": int, "path": Path, "flag": bool}


def _parameter(param: cli_spec.Arg | cli_spec.Opt) -> inspect.Parameter:
    """One Typer parameter, as `name: Annotated[type, typer.Option(...)] = default`."""
    help_text = i18n.tr(param.help)
    autocompletion = completion.BY_KIND[param.complete] if param.complete else None
    info: Any
    default: Any
    # A path is judged where it is used, which says what is wrong with it; Typer's own check of
    # whether it is readable would say only "invalid value for --data".
    checks: dict[str, Any] = {"readable": False} if param.kind == "path" else {}
    if isinstance(param, cli_spec.Arg):
        info = typer.Argument(help=help_text, metavar=i18n.tr(param.metavar), show_default=False,
                              autocompletion=autocompletion, **checks)
        default = inspect.Parameter.empty if param.required else None
        optional = not param.required
    else:
        flags = ["/".join((param.flags[0], *param.off)), *param.flags[1:]] if param.off else list(param.flags)
        info = typer.Option(*flags, help=help_text, envvar=param.envvar, min=param.minimum, show_default=False,
                            autocompletion=autocompletion, **checks)
        default = param.default
        optional = default is None
    kind: Any = _TYPES[param.kind]
    annotation = Annotated[kind | None if optional else kind, info]  # type: ignore[valid-type]
    return inspect.Parameter(param.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def _with_signature(func: Callable[..., None], params: list[inspect.Parameter]) -> Callable[..., None]:
    """Give `func(ctx, **values)` the signature Typer reads its parameters from."""
    context = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    func.__signature__ = inspect.Signature([context, *params])  # type: ignore[attr-defined]
    func.__annotations__ = {"ctx": typer.Context, **{p.name: p.annotation for p in params}, "return": None}
    return func


def _reported(action: Callable[[], object]) -> None:
    """Run `action`; a SapaError, or a closed pipe, becomes its exit code (errors.report)
    before Click can see it."""
    try:
        action()
    except Exception as err:
        code = report(err)
        if code is None:
            raise
        raise typer.Exit(code) from None


def _callback(handler: Callable[..., None]) -> Callable[..., None]:
    def callback(ctx: typer.Context, **values: Any) -> None:
        _reported(lambda: run_command(settings_of(ctx), handler, values))

    return callback


def _main_options(ctx: typer.Context, **values: Any) -> None:
    """The global options: settings for the command to come. The root context's `obj` comes in
    holding the clock the caller gave (`run(argv, clock)`, or Click's `main(obj=…)`), or None for
    the real one, and leaves holding the settings."""
    clock = ctx.obj

    def settle() -> None:
        ctx.obj = make_settings(**values, now=clock)

    _reported(settle)
    if ctx.invoked_subcommand is None:
        raise cli_help.ParseError("cli_missing_command", command=ctx.command_path)


def _build() -> typer.Typer:
    root = typer.Typer(name=PROG, cls=SapaGroup, no_args_is_help=True, add_completion=True,
                       rich_markup_mode=None, pretty_exceptions_enable=False,
                       context_settings={"help_option_names": list(cli_spec.HELP_FLAGS)})

    root.callback(invoke_without_command=True, help=i18n.tr("help_sapa"))(
        _with_signature(_main_options, [_parameter(o) for o in cli_spec.GLOBAL]))
    groups: dict[str, typer.Typer] = {}
    for name, help_key in cli_spec.GROUPS.items():
        groups[name] = typer.Typer(cls=SapaGroup, no_args_is_help=True, help=i18n.tr(help_key))
    for spec in cli_spec.COMMANDS:
        owner = groups[spec.words[0]] if len(spec.words) > 1 else root
        handler = spec.handler()
        callback = _with_signature(_callback(handler), [_parameter(p) for p in spec.params()])
        owner.command(spec.words[-1], cls=SapaCommand, help=i18n.tr(spec.help))(callback)
    for name, group in groups.items():
        root.add_typer(group, name=name, help=i18n.tr(cli_spec.GROUPS[name]))
    return root


app = _build()
