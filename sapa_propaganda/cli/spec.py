"""Every command, argument and option of `sapa`, declared once.

Both front ends read this table: `app.py` builds the Typer app from it (help, types, checks,
completion) and `fastpath.py` parses the everyday commands with it, without importing Typer.
Each command names its function in a module of commands/ (`listings.reports`), which takes these
parameters by keyword. Help texts and
value names are message keys in `i18n.py`, so help is in the user's language.

Global options (`--plan`, `--today`, ...) work before or after the command, as in git:
`hoist` moves them to the front for Typer, and the fast path accepts them anywhere.

Plain classes and tuples only: the fast path imports this module on every daily run.
"""

from __future__ import annotations

# Type names only: `typing` costs start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


class Arg:
    """A positional argument. `complete` names what shell completion offers (see completion.py)."""

    __slots__ = ("name", "metavar", "help", "required", "kind", "complete")

    def __init__(self, name: str, metavar: str, help: str, *, required: bool = True, kind: str = "str",
                 complete: str | None = None):
        self.name, self.metavar, self.help = name, metavar, help
        self.required, self.kind, self.complete = required, kind, complete


class Opt:
    """An option. kind: "flag", "str", "int" or "path"; `off` names a flag's negative form."""

    __slots__ = ("name", "flags", "help", "kind", "default", "metavar", "minimum", "envvar", "off", "complete")

    def __init__(self, name: str, flags: tuple[str, ...], help: str, *, kind: str = "str",
                 default: object = None, metavar: str = "", minimum: int | None = None,
                 envvar: str | None = None, off: tuple[str, ...] = (), complete: str | None = None):
        self.name, self.flags, self.help, self.kind, self.default = name, flags, help, kind, default
        self.metavar, self.minimum, self.envvar, self.off, self.complete = metavar, minimum, envvar, off, complete

    @property
    def takes_value(self) -> bool:
        return self.kind != "flag"


class Command:
    """A command: its words (`("plan", "check")`), its function in commands/ (`module.name`), its help, its
    parameters, and whether the fast path may run it."""

    __slots__ = ("words", "func", "help", "args", "opts", "fast")

    def __init__(self, words: str, func: str, help: str, args: tuple[Arg, ...] = (),
                 opts: tuple[Opt, ...] = (), *, fast: bool = False):
        self.words, self.func, self.help = tuple(words.split()), func, help
        self.args, self.opts, self.fast = args, opts, fast

    def handler(self) -> Callable[..., None]:
        """The function that runs it: `func` is `<module>.<name>`, a module of commands/."""
        module, _dot, name = self.func.rpartition(".")
        found = __import__(f"sapa_propaganda.commands.{module}", fromlist=[name])
        return getattr(found, name)  # type: ignore[no-any-return]

    @property
    def name(self) -> str:
        return " ".join(self.words)

    def params(self) -> tuple[Arg | Opt, ...]:
        """The arguments, then the options."""
        return (*self.args, *self.opts)

    def defaults(self) -> dict[str, object]:
        """Every parameter not given on the command line, with its value."""
        values: dict[str, object] = {a.name: None for a in self.args if not a.required}
        values.update((o.name, o.default) for o in self.opts)
        return values


GLOBAL: tuple[Opt, ...] = (
    Opt("plan", ("--plan",), "help_plan", kind="path", metavar="mv_file", envvar="SAPA_PLAN"),
    Opt("data", ("--data",), "help_data", kind="path", metavar="mv_folder", envvar="SAPA_DATA"),
    Opt("today", ("--today",), "help_today", metavar="mv_date", envvar="SAPA_TODAY"),
    Opt("lang", ("--lang",), "help_lang", default="vi", metavar="mv_lang", envvar="SAPA_LANG"),
    Opt("rich", ("--rich",), "help_rich", kind="flag", off=("--plain",)),
)

JSON = Opt("as_json", ("--json",), "help_json", kind="flag", default=False)
UNIT = Opt("unit", ("--unit", "-u"), "help_unit", metavar="mv_unit", complete="unit")
# -o on a listing: the file's suffix chooses the format (commands/output.py, LISTING_SUFFIXES).
LISTING_FILE = Opt("output", ("--output", "-o"), "help_output_listing", kind="path", metavar="mv_file")
EXPORT_FILE = Opt("output", ("--output", "-o"), "help_output", kind="path", metavar="mv_file")
NOTE = Opt("note", ("--note", "-n"), "help_note", metavar="mv_text")
BY = Opt("by", ("--by",), "help_by", metavar="mv_name")
ITEM = Arg("item_id", "mv_id", "help_item_id", complete="item")
PERIOD = Arg("period", "mv_period", "help_period_arg", complete="period")

COMMANDS: tuple[Command, ...] = (
    Command("units", "listings.units", "help_cmd_units", (), (JSON, LISTING_FILE), fast=True),
    Command("duties", "listings.duties", "help_cmd_duties", (), (
        UNIT,
        Opt("search", ("--search",), "help_search", metavar="mv_words"),
        Opt("include_all", ("--all",), "help_duties_all", kind="flag", default=False),
        Opt("status", ("--status", "-s"), "help_status_filter", metavar="mv_status", complete="status"),
        JSON, LISTING_FILE), fast=True),
    Command("show", "plans.show", "help_cmd_show", (ITEM,), (JSON,), fast=True),
    Command("mark", "progress.mark", "help_cmd_mark", (
        Arg("item_id", "mv_id", "help_mark_id", complete="tracked"),
        Arg("status", "mv_status", "help_mark_status", complete="status"),
    ), (
        NOTE,
        Opt("on", ("--date", "-d"), "help_mark_date", metavar="mv_date"),
        BY,
        Opt("ref", ("--ref",), "help_ref", metavar="mv_ref"),
        Opt("unit", ("--unit", "-u"), "help_mark_unit", metavar="mv_unit", complete="unit"),
    ), fast=True),
    Command("undo", "progress.undo", "help_cmd_undo", (
        Arg("event_id", "mv_event", "help_event_id", required=False, complete="event"),
    ), (Opt("by", ("--by",), "help_undo_by", metavar="mv_name"),)),
    Command("history", "listings.history", "help_cmd_history", (
        Arg("item_id", "mv_id", "help_history_id", required=False, complete="item"),
    ), (UNIT, Opt("since", ("--since",), "help_since", metavar="mv_date"), JSON, LISTING_FILE), fast=True),
    Command("export", "exchange.export", "help_cmd_export", (), (
        Opt("fmt", ("--format", "-f"), "help_export_format", metavar="mv_format"),
        EXPORT_FILE)),
    Command("import", "exchange.import_", "help_cmd_import", (
        Arg("file", "mv_file", "help_import_file", kind="path"),), ()),
    Command("info", "plans.info", "help_cmd_info", (), (JSON,)),
    Command("submit", "progress.submit", "help_cmd_submit", (
        Arg("unit", "mv_unit", "help_submit_unit", complete="unit"),
        Arg("period", "mv_period", "help_submit_period", required=False, complete="period"),
    ), (
        Opt("on", ("--date", "-d"), "help_submit_date", metavar="mv_date"),
        Opt("ref", ("--ref",), "help_submit_ref", metavar="mv_ref"),
        NOTE, BY,
        Opt("replace", ("--replace",), "help_submit_replace", kind="flag", default=False),
        Opt("early", ("--early",), "help_submit_early", kind="flag", default=False),
    ), fast=True),
    Command("waive", "progress.waive", "help_cmd_waive", (
        Arg("unit", "mv_unit", "help_submit_unit", complete="unit"), PERIOD,
    ), (
        Opt("note", ("--note", "-n"), "help_waive_note", metavar="mv_text"),
        Opt("on", ("--date", "-d"), "help_waive_date", metavar="mv_date"),
        BY,
    ), fast=True),
    Command("reports", "listings.reports", "help_cmd_reports", (), (
        Opt("period", ("--period", "-p"), "help_period_filter", metavar="mv_period", complete="period"),
        UNIT,
        Opt("overdue_only", ("--overdue",), "help_overdue_only", kind="flag", default=False),
        Opt("include_future", ("--all",), "help_reports_all", kind="flag", default=False),
        JSON, LISTING_FILE), fast=True),
    Command("overdue", "listings.overdue", "help_cmd_overdue", (), (UNIT, JSON, LISTING_FILE), fast=True),
    Command("status", "listings.status", "help_cmd_status", (), (JSON, LISTING_FILE), fast=True),
    Command("checklist", "listings.checklist", "help_cmd_checklist", (
        Arg("period", "mv_period", "help_period_arg", required=False, complete="period"),), (
        UNIT,
        Opt("due", ("--due",), "help_checklist_due", metavar="mv_date"),
        Opt("phase", ("--phase",), "help_checklist_phase", metavar="mv_id"),
        Opt("fmt", ("--format", "-f"), "help_checklist_format", default="md", metavar="mv_format"),
        EXPORT_FILE)),
    Command("remind", "listings.remind", "help_cmd_remind", (), (
        Opt("days", ("--days",), "help_days", kind="int", minimum=0, metavar="mv_days"),
        UNIT,
        Opt("fail_on_overdue", ("--fail-on-overdue",), "help_fail_on_overdue", kind="flag", default=False),
        LISTING_FILE), fast=True),
    Command("report-draft", "listings.report_draft", "help_cmd_report_draft", (PERIOD,), (
        Opt("output", ("--output", "-o"), "help_output_paper", kind="path", metavar="mv_file"),)),
    Command("plan check", "plans.plan_check", "help_cmd_plan_check", (
        Arg("file", "mv_file", "help_plan_file", required=False, kind="path"),), (JSON,)),
    Command("plan show", "plans.plan_show", "help_cmd_plan_show", (), (JSON,)),
    Command("plan add", "plans.plan_add", "help_cmd_plan_add", (
        Arg("file", "mv_file", "help_plan_add_file", kind="path"),), (
        Opt("replace", ("--replace",), "help_plan_replace", kind="flag", default=False),
        Opt("force", ("--force",), "help_plan_add_force", kind="flag", default=False),)),
    Command("plan import", "imports.plan_import", "help_cmd_plan_import", (
        Arg("file", "mv_file", "help_plan_import_file", kind="path"),), (
        Opt("output", ("--output", "-o"), "help_plan_import_output", kind="path", metavar="mv_file"),
        Opt("plan_id", ("--id",), "help_plan_import_id", metavar="mv_id"),
        Opt("add", ("--add",), "help_plan_import_add", kind="flag", default=False),
        Opt("force", ("--force",), "help_plan_import_force", kind="flag", default=False),
        JSON)),
    Command("plan template", "imports.plan_template", "help_cmd_plan_template", (), (
        Opt("output", ("--output", "-o"), "help_plan_template_output", kind="path", metavar="mv_file"),
        Opt("force", ("--force",), "help_plan_import_force", kind="flag", default=False),)),
    Command("plan list", "plans.plan_list", "help_cmd_plan_list", (), (JSON,)),
    Command("plan close", "plans.plan_close", "help_cmd_plan_close", (
        Arg("plan_id", "mv_id", "help_plan_id"),), (
        Opt("note", ("--note", "-n"), "help_close_note", metavar="mv_text"),)),
    Command("plan reopen", "plans.plan_reopen", "help_cmd_plan_reopen", (
        Arg("plan_id", "mv_id", "help_plan_id"),), ()),
    Command("plan remove", "plans.plan_remove", "help_cmd_plan_remove", (
        Arg("plan_id", "mv_id", "help_plan_id"),), ()),
    Command("plan use", "plans.plan_use", "help_cmd_plan_use", (
        Arg("plan_id", "mv_id", "help_plan_id", required=False),), (
        Opt("clear", ("--clear",), "help_plan_use_clear", kind="flag", default=False),)),
    Command("roster list", "roster.roster_list", "help_cmd_roster_list", (), (JSON, LISTING_FILE)),
    Command("roster add-unit", "roster.roster_add_unit", "help_cmd_roster_add_unit", (
        Arg("unit_id", "mv_id", "help_roster_unit_id"), Arg("name", "mv_name", "help_roster_name")), ()),
    Command("roster add-member", "roster.roster_add_member", "help_cmd_roster_add_member", (
        Arg("unit", "mv_unit", "help_roster_unit", complete="unit"), Arg("name", "mv_name", "help_roster_name")), (
        Opt("member_id", ("--id",), "help_roster_id", metavar="mv_id"),)),
    Command("roster rename-member", "roster.roster_rename_member", "help_cmd_roster_rename_member", (
        Arg("unit", "mv_unit", "help_roster_unit", complete="unit"), Arg("member", "mv_id", "help_roster_member"),
        Arg("name", "mv_name", "help_roster_name")), ()),
    Command("roster remove-member", "roster.roster_remove_member", "help_cmd_roster_remove_member", (
        Arg("unit", "mv_unit", "help_roster_unit", complete="unit"), Arg("member", "mv_id", "help_roster_member")), (
        Opt("on", ("--date", "-d"), "help_roster_remove_date", metavar="mv_date"),)),
    Command("roster rename-unit", "roster.roster_rename_unit", "help_cmd_roster_rename_unit", (
        Arg("unit", "mv_unit", "help_roster_unit", complete="unit"),
        Arg("name", "mv_name", "help_roster_unit_name")), ()),
)

# Command groups: `sapa plan check`.
GROUPS: dict[str, str] = {"plan": "help_cmd_plan", "roster": "help_cmd_roster"}

HELP_FLAGS = ("-h", "--help")
VERSION_FLAG = "--version"  # `sapa --version`: before the command, like a global option


def command(words: tuple[str, ...] | list[str]) -> Command | None:
    for found in COMMANDS:
        if found.words == tuple(words):
            return found
    return None


def option_table(opts: tuple[Opt, ...]) -> dict[str, Opt]:
    """Every spelling of the options (`--unit`, `-u`, `--plain`) -> the option."""
    return {flag: opt for opt in opts for flag in (*opt.flags, *opt.off)}


def _split(word: str) -> str:
    """The option's name in `--name=value`."""
    return word.partition("=")[0] if word.startswith("--") else word


def hoist(argv: list[str]) -> list[str]:
    """argv with every global option (and its value) moved before the command, so that
    `sapa status --today 20/06/2022` reads as `sapa --today 20/06/2022 status`.

    Values of the command's own options stay where they are (`--note --today` is a note),
    and nothing after `--` moves.
    """
    globals_ = option_table(GLOBAL)
    front: list[str] = []
    rest: list[str] = []
    words: list[str] = []  # the command's words seen so far
    own: dict[str, Opt] = {}  # the command's options, once it is known
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            rest.extend(argv[i:])
            break
        if word.startswith("-"):
            name = _split(word)
            target = front if name in globals_ else rest
            opt = globals_.get(name) or own.get(name)
            width = 2 if opt is not None and opt.takes_value and "=" not in word else 1
            target.extend(argv[i:i + width])
            i += width
            continue
        if not words or (len(words) == 1 and words[0] in GROUPS):
            words.append(word)
            chosen = command(words)
            own = option_table(chosen.opts) if chosen else {}
        rest.append(word)
        i += 1
    return front + rest


def asks_version(argv: list[str]) -> bool:
    """Whether `--version` is among the options before the command (`sapa --lang en --version`)."""
    globals_ = option_table(GLOBAL)
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":
        if argv[i] == VERSION_FLAG:
            return True
        opt = globals_.get(argv[i])
        i += 2 if opt is not None and opt.takes_value else 1
    return False


def language_of(argv: list[str], environ: Mapping[str, str]) -> str:
    """The interface language asked for, before any parsing: the last `--lang` among the global
    options, else SAPA_LANG, else Vietnamese. An unknown language is refused later, in Vietnamese."""
    lang = environ.get("SAPA_LANG") or "vi"
    globals_ = option_table(GLOBAL)
    argv = hoist(argv)
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":
        name, _, inline = argv[i].partition("=")
        opt = globals_.get(name)
        if opt is None or not opt.takes_value or inline or i + 1 >= len(argv):
            if name == "--lang" and inline:
                lang = inline
            i += 1
            continue
        if name == "--lang":
            lang = argv[i + 1]
        i += 2
    lang = lang.lower()
    return lang if lang in ("vi", "en") else "vi"
