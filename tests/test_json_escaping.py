"""Every JSON output escapes hostile text the same way.

Plan text, notes, document numbers and file names are data: a bidi override (U+202E), a
zero-width space, an escape sequence (ESC [31m), DEL, a line separator (U+2028) or NEL (U+0085)
in them must reach the reader of the JSON unchanged, and must never reach a terminal raw. Every
JSON byte goes through one encoder (`core.text.json_text`), which writes those characters as
`\\u` escapes and keeps Vietnamese readable.

One world per scope, built once: a plan whose every text field holds the hostile string H, and a
ledger whose notes, document numbers and names were typed with H on the command line.

- `plan`: that plan given as `--plan FILE` (the file's name holds H too), no workspace.
- `workspace`: three such plans added with `plan add` (the third one closed, its reason holding
  H), the office roster holding H, and no `--plan`; the commands that need one plan get
  `--plan ID`.

The data folder's own name holds H as well, so every path in a JSON output carries it.

Then every command that writes JSON (`--json`, `-o FILE.json`, `export`) runs in each scope, and
its output must:

1. parse;
2. hold no invisible or control character raw (bar the line breaks of its layout);
3. be exactly what an encoder written here, independently of the product's, makes of the parsed
   data: json.dumps with every control, format and separator character as a lowercase `\\u`
   escape. So every string of every output, data or sentence, is escaped the same way;
4. spell each hostile value the same way wherever it occurs (`H_ESCAPED` and its kin, counted);
5. give back, through json.loads, exactly the values recorded (the data fields the case names);
6. where a sentence worded by the program (a `what` of the workspace's status) shows a name with
   the hostile characters removed, hold none of them at all.

A last check reads cli/spec.py so that a command which starts writing JSON cannot be left out.
"""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import installed_plan
from import_support import SAMPLE_PLAN
from sandbox import isolated_env
from typer.testing import CliRunner, Result

from sapa_propaganda.cli import spec as cli_spec
from sapa_propaganda.cli.app import app

TODAY = "2023-06-14"

# Bidi override, zero-width space, a CSI colour sequence, DEL, line separator, NEL (a C1 control).
H = "Zz\u202eYy\u200bXx\x1b[31mWw\x7fVv\u2028Uu\u0085Tt"
# As every JSON output must spell it: lowercase hex, the way json.dumps writes what it escapes.
H_ESCAPED = r"Zz\u202eYy\u200bXx\u001b[31mWw\u007fVv\u2028Uu\u0085Tt"
assert json.loads(f'"{H_ESCAPED}"') == H

# What the command line keeps of H (core.text.clean_input): an escape sequence goes whole, other
# C0/C1 controls and DEL go; bidi and zero-width characters and U+2028 stay, for a note is data.
NOTE_KEPT = "Zz\u202eYy\u200bXxWwVv\u2028UuTt"
NOTE_ESCAPED = r"Zz\u202eYy\u200bXxWwVv\u2028UuTt"
# A one-line value (a document number, a name: clean_line) has its whitespace, U+2028 among it,
# folded to one space.
LINE_KEPT = "Zz\u202eYy\u200bXxWwVv UuTt"
LINE_ESCAPED = r"Zz\u202eYy\u200bXxWwVv UuTt"
SPELLINGS = {H: H_ESCAPED, NOTE_KEPT: NOTE_ESCAPED, LINE_KEPT: LINE_ESCAPED}
MARKER = "Zz"  # where any form of H begins, kept by every cleaning

# A document's file name as the main import case has it; ESC, DEL and line breaks in a name have a test of their own.
NAME_KEPT = "Zz\u202eYy\u200bXxWwVv\u2028Uu\u0085Tt"
SPELLINGS[NAME_KEPT] = r"Zz\u202eYy\u200bXxWwVv\u2028Uu\u0085Tt"

# Categories that must never leave in a JSON output raw: controls, format characters (bidi,
# zero-width, BOM), line and paragraph separators, surrogates.
INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})

PLANS = ("hostile-a", "hostile-b", "hostile-c")  # the workspace's; hostile-c is closed


def hostile(label: str) -> str:
    """A plan field's value: a label saying which field, then H."""
    return f"{label} {H}"


def note(label: str) -> str:
    """A note typed as `--note "LABEL H"`, as the ledger keeps it."""
    return f"{label} {NOTE_KEPT}"


def line(label: str) -> str:
    """A document number or a name typed as `--ref "LABEL H"`, as the ledger keeps it."""
    return f"{label} {LINE_KEPT}"


def toml_string(value: str) -> str:
    """A TOML basic string: JSON's ASCII escapes are TOML's, and TOML refuses DEL raw."""
    return json.dumps(value)


def plan_toml(plan_id: str) -> str:
    """A plan with H in every text field: header, signer, office, units, members, aliases, items
    of every kind, reporting rules and a one-time report."""
    s = lambda label: toml_string(hostile(label))  # noqa: E731
    return f"""\
format = 1

[plan]
id = "{plan_id}"
kind = "KH"
title = {s("title")}
issuer = {s("issuer")}
number = {s("12-KH/")}
place = {s("place")}
start = 2023-01-01
end = 2023-12-31
basis = [{s("basis")}]
preamble = {s("preamble")}
closing = {s("closing")}
recipients = [{s("recipient")}]
assumptions = [{s("assumption")}]

[plan.signer]
on_behalf = {s("on behalf")}
title = {s("signer title")}
name = {s("signer")}

[plan.office]
above = {s("above")}
name = {s("office")}
symbol = {s("SYM")}
recipients = [{s("office recipient")}]
signer_on_behalf = {s("office on behalf")}
signer_title = {s("office signer")}

[[units]]
id = "chi-bo"
name = {s("unit")}
short = {s("short")}
aliases = [{s("alias")}]
note = {s("unit note")}
members = [
  {{ id = "ta-van", name = {s("member")}, aliases = [{s("member alias")}] }},
  {{ id = "lao-chai", name = {s("member two")} }},
]

[[units]]
id = "mttq"
name = {s("front")}

[[units]]
id = "btg"
name = {s("propaganda")}

[[items]]
id = "I"
kind = "section"
title = {s("section")}
note = {s("section note")}

[[items]]
id = "I.1"
kind = "paragraph"
text = {s("paragraph")}

[[items]]
id = "I.2"
kind = "duty"
text = {s("duty")}
original = {s("original")}
note = {s("duty note")}
units = ["chi-bo"]
partners = ["mttq"]
due = 2023-05-31

[[items]]
id = "I.3"
kind = "content"
text = {s("content")}
units = ["mttq"]

[[items]]
id = "I.4"
kind = "form"
text = {s("form")}
units = ["mttq"]
due = 2023-06-20

[[items]]
id = "I.5"
kind = "duty"
text = {s("late duty")}
units = ["btg"]
due = 2023-06-01

[reporting]
first = "2023-H1"
last = "2023-Y"

[[reporting.rules]]
id = "chi-bo"
kind = "unit"
name = {s("rule")}
units = ["chi-bo"]
to = ["btg"]
per_member = true

[[reporting.rules.due]]
period = "half-year"
month = 6
day = 15

[[reporting.rules]]
id = "mat-tran"
kind = "unit"
name = {s("front rule")}
units = ["mttq"]
to = ["btg"]

[[reporting.rules.due]]
period = "half-year"
month = 6
day = 10

[[reporting.rules.due]]
period = "annual"
month = 12
day = 15

[[reporting.rules.once]]
period = "ket-qua"
due = 2023-06-01
name = {s("once")}
"""


# ---- the two worlds -------------------------------------------------------------------------


@dataclass
class World:
    scope: str  # "plan" or "workspace"
    root: Path
    data: Path
    plan_file: Path  # the plan as a file (the one --plan names in the `plan` scope)
    checked_file: Path  # the plan file commands read: plan_file, or the workspace's copy of it
    invoke: Callable[..., Result]

    def sapa(self, *args: object) -> Result:
        return self.invoke("--today", TODAY, *args)

    def ok(self, *args: object) -> str:
        result = self.sapa(*args)
        assert result.exit_code == 0, (args, result.exit_code, result.stderr)
        return result.stdout


def _runner(root: Path, data: Path) -> Callable[..., Result]:
    """As conftest's `run`, for a world that lives as long as the module."""
    env = isolated_env(root, data, TODAY, None)
    runner = CliRunner()

    def invoke(*args: object) -> Result:
        return runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)

    return invoke


def _record(world: World, plan: str | None) -> None:
    """Progress, reports received and a waiver, every typed text holding H."""
    item = f"{plan}:" if plan else ""
    narrow = ("--plan", plan) if plan else ()
    world.ok("mark", f"{item}I.2", "done", "--note", f"mark note {H}", "--ref", f"mark ref {H}",
             "--by", f"mark by {H}")
    world.ok("mark", f"{item}I.3", "cancelled", "--note", f"cancel note {H}")
    world.ok("mark", f"{item}I.4", "blocked", "--note", f"blocked note {H}")
    world.ok(*narrow, "submit", "ta-van", "2023-H1", "--ref", f"submit ref {H}", "--note", f"submit note {H}",
             "--by", f"submit by {H}")
    world.ok(*narrow, "submit", "mttq", "ket-qua", "--ref", f"once ref {H}", "--note", f"once note {H}")
    world.ok(*narrow, "waive", "lao-chai", "2023-H1", "--note", f"waive note {H}", "--by", f"waive by {H}")


def build(scope: str, root: Path) -> World:
    data = root / f"data {H}"
    plan_file = root / f"plan {H}.toml"
    plan_file.write_text(plan_toml(PLANS[0]), encoding="utf-8")
    invoke = _runner(root, data)
    if scope == "plan":
        world = World("plan", root, data, plan_file, plan_file, lambda *args: invoke("--plan", plan_file, *args))
        _record(world, None)
    else:
        world = World("workspace", root, data, plan_file, plan_file, invoke)
        world.ok("plan", "add", plan_file)
        world = dataclasses.replace(world, checked_file=installed_plan(data, PLANS[0]))
        for plan_id in PLANS[1:]:
            other = root / f"{plan_id}.toml"
            other.write_text(plan_toml(plan_id), encoding="utf-8")
            world.ok("plan", "add", other)
        world.ok("plan", "close", PLANS[2], "--note", f"close note {H}")
        for plan_id in PLANS[:2]:
            _record(world, plan_id)
    world.ok("roster", "add-unit", "doan", f"roster unit {H}")
    world.ok("roster", "add-member", "doan", f"roster member {H}", "--id", "rm")
    return world


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], World]:
    """`worlds(scope)`: the world of that scope, built on first use and kept for the module."""
    built: dict[str, World] = {}

    def get(scope: str) -> World:
        if scope not in built:
            built[scope] = build(scope, tmp_path_factory.mktemp(f"json-escaping-{scope}"))
        return built[scope]

    return get


# ---- what the outputs must be ---------------------------------------------------------------


def strings(data: object) -> Iterator[str]:
    """Every string of parsed JSON, keys included."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def reference_json(data: object) -> str:
    """The JSON the product must write for `data`, from this test's own rules: json.dumps keeping
    Unicode, then every invisible character (by its Unicode category) as a lowercase \\u escape."""
    dumped = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(f"\\u{ord(ch):04x}" if ch != "\n" and unicodedata.category(ch) in INVISIBLE else ch
                   for ch in dumped) + "\n"


def raw_invisible(text: str) -> list[str]:
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch != "\n" and unicodedata.category(ch) in INVISIBLE})


def assert_escaped(raw: str, carries: set[str]) -> object:
    """The checks 1-6 of the module's docstring, on one output; returns the parsed data."""
    data = json.loads(raw)
    assert raw_invisible(raw) == [], "invisible characters written raw"
    assert raw == reference_json(data), "escaped otherwise than every other output"
    found = list(strings(data))
    for value, spelling in SPELLINGS.items():
        assert raw.count(spelling) == sum(s.count(value) for s in found), f"{spelling} spelled otherwise somewhere"
    missing = carries - set(found)
    assert not missing, f"values not given back as recorded: {sorted(missing)}"
    for text in found:
        if MARKER in text and not any(value in text for value in SPELLINGS):
            assert raw_invisible(text) == [], f"a sentence keeps part of the hostile text: {text!r}"
    return data


# ---- the commands ---------------------------------------------------------------------------

# Plan text as the plan file holds it.
HEADER = {hostile(label) for label in ("title", "issuer", "12-KH/")}
SIGNED = {hostile(label) for label in ("basis", "recipient", "on behalf", "signer title", "signer")}
UNITS = {hostile(label) for label in ("unit", "short", "alias", "member", "member two", "front", "propaganda")}
TRACKED = {hostile(label) for label in ("duty", "content", "form", "late duty")}
ITEMS = TRACKED | {hostile("section"), hostile("paragraph")}
RULES = {hostile("rule"), hostile("front rule")}
# What the ledger holds, as typed on the command line and kept.
MARKED = {note("mark note"), line("mark ref"), line("mark by")}
NOTES = {note("mark note"), note("cancel note"), note("blocked note")}
RECEIVED = {line("submit ref"), line("once ref")}
EVENTS = MARKED | NOTES | RECEIVED | {note("submit note"), line("submit by"), note("once note"),
                                      note("waive note"), line("waive by")}
ROSTER = {note("roster unit"), note("roster member")}  # the roster keeps U+2028 in a name


@dataclass(frozen=True)
class Case:
    """One JSON output: the command's words and options (`{out}` a .json file to write, `{document}`
    a plan document to import, `{draft}` the draft it writes), whether it reads one plan (given
    as `--plan ID` in the workspace), and the values it must give back (paths named in braces)."""

    command: str
    args: tuple[str, ...]
    carries: set[str]
    one_plan: bool = False
    workspace_carries: set[str] | None = None  # where the workspace's output says other things
    scopes: tuple[str, ...] = ("plan", "workspace")

    @property
    def id(self) -> str:
        names = {"{out}": "x.json", "{document}": "ke-hoach.txt", "{draft}": "draft.toml"}
        return " ".join((self.command, *(names.get(a, a) for a in self.args)))

    @property
    def writes_file(self) -> bool:
        return "{out}" in self.args


CASES = (
    Case("plan show", ("--json",), HEADER | SIGNED | ITEMS, one_plan=True),
    Case("plan check", ("--json",), {"{checked file}"}, one_plan=True),
    Case("plan list", ("--json",), {hostile("title"), hostile("12-KH/"), note("close note")}, scopes=("workspace",)),
    Case("plan import", ("{document}", "-o", "{draft}", "--json"), {"{document}", "{draft}"}),
    Case("show", ("I.2", "--json"), {hostile("duty"), hostile("original")} | MARKED, one_plan=True),
    Case("units", ("--json",), UNITS | ROSTER, one_plan=True),
    Case("units", ("-o", "{out}"), UNITS | ROSTER, one_plan=True),
    Case("duties", ("--json",), TRACKED | NOTES, one_plan=True),
    Case("duties", ("-o", "{out}"), TRACKED | NOTES, one_plan=True),
    Case("history", ("--json",), EVENTS, one_plan=True),
    Case("history", ("-o", "{out}"), EVENTS, one_plan=True),
    Case("reports", ("--json",), RULES | RECEIVED),
    Case("reports", ("-o", "{out}"), RULES | RECEIVED),
    Case("overdue", ("--json",), {hostile("front rule")}),
    Case("overdue", ("-o", "{out}"), {hostile("front rule")}),
    Case("status", ("--json",), {hostile("front rule")}, workspace_carries={hostile("title"), hostile("12-KH/")}),
    Case("status", ("-o", "{out}"), {hostile("front rule")}, workspace_carries={hostile("title"), hostile("12-KH/")}),
    Case("remind", ("-o", "{out}"), {hostile("front rule")}),
    Case("info", ("--json",), {"{data}", "{checked file}"}, one_plan=True),
    Case("export", (), {hostile("title")} | TRACKED | EVENTS),
    Case("export", ("-o", "{out}"), {hostile("title")} | TRACKED | EVENTS),
    Case("roster list", ("--json",), ROSTER),
    Case("roster list", ("-o", "{out}"), ROSTER),
)


def import_document(folder: Path) -> Path:
    """A short plan document as the clerk receives it, H in its header, its text and its name."""
    lines = list(SAMPLE_PLAN)
    lines[lines.index("KẾ HOẠCH") + 1] += f" {H}"
    lines[lines.index("2. Yêu cầu") + 1] = f"Công tác tuyên truyền {H} bảo đảm thiết thực."
    lines[lines.index("Thào A Sinh")] += f" {H}"
    document = folder / f"ke-hoach {NAME_KEPT}.txt"
    document.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return document


RUNS = [pytest.param(scope, case, id=f"{scope}: {case.id}") for scope in ("plan", "workspace") for case in CASES
        if scope in case.scopes]


@pytest.mark.parametrize(("scope", "case"), RUNS)
def test_every_json_output_escapes_hostile_text_the_same_way(worlds: Callable[[str], World], scope: str, case: Case,
                                                             tmp_path: Path) -> None:
    world = worlds(scope)
    given = {"{out}": tmp_path / "out.json", "{document}": import_document(tmp_path),
             "{draft}": tmp_path / f"draft {H}.toml", "{checked file}": world.checked_file, "{data}": world.data}
    args = [str(given.get(a, a)) for a in case.args]
    narrow = ("--plan", PLANS[0]) if case.one_plan and world.scope == "workspace" else ()
    result = world.sapa(*narrow, *case.command.split(), *args)
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    raw = given["{out}"].read_text(encoding="utf-8") if case.writes_file else result.stdout
    carries = case.workspace_carries if world.scope == "workspace" and case.workspace_carries is not None \
        else case.carries
    data = assert_escaped(raw, {str(given.get(value, value)) for value in carries})
    assert MARKER in raw, "nothing hostile to check"
    if case.command == "plan import":
        # The document's text is read as words: its control and invisible characters are gone.
        assert isinstance(data, dict) and MARKER in data["plan"]["title"]
        assert raw_invisible(data["plan"]["title"]) == [] and data["valid"] is True


# ---- no command forgotten -------------------------------------------------------------------

# Commands whose -o writes something else than JSON: papers (.md, .txt, .docx, .xlsx), the plan
# draft (TOML) and the Excel form. `plan import`'s own JSON is its --json summary.
NOT_JSON_FILES = {"checklist", "report-draft", "plan import", "plan template"}


def test_the_cases_cover_every_command_that_writes_json() -> None:
    with_json = {c.name for c in cli_spec.COMMANDS if any("--json" in o.flags for o in c.opts)}
    listing_files = {c.name for c in cli_spec.COMMANDS if cli_spec.LISTING_FILE in c.opts}
    other_files = {c.name for c in cli_spec.COMMANDS
                   if any("--output" in o.flags for o in c.opts) and c.name not in listing_files}
    assert other_files - {"export"} == NOT_JSON_FILES, "a new -o: does it write JSON? add a case"
    covered_json = {c.command for c in CASES if "--json" in c.args}
    covered_files = {c.command for c in CASES if c.writes_file}
    assert with_json <= covered_json, sorted(with_json - covered_json)
    assert listing_files | {"export"} <= covered_files, sorted(listing_files | {"export"} - covered_files)
    assert "export" in {c.command for c in CASES if not c.args}  # JSON is export's default, on stdout


# ---- a document named with control characters, and every character of Unicode ---------------


@pytest.mark.parametrize("name", [f"ke-hoach {H}.txt", "ke-hoach\n[x].txt"], ids=["escape and DEL", "line break"])
def test_plan_import_of_a_document_whose_name_holds_control_characters(run, tmp_path: Path, name: str) -> None:
    document = tmp_path / name
    document.write_text("\n".join(SAMPLE_PLAN) + "\n", encoding="utf-8")
    draft = tmp_path / "draft.toml"
    result = run("--today", TODAY, "plan", "import", document, "-o", draft, "--json")
    summary = assert_escaped(result.stdout, {str(document)})
    assert isinstance(summary, dict) and summary["problems"] == [] and summary["valid"] is True
    assert result.exit_code == 0, result.stderr


def test_json_escapes_every_character_the_screen_drops() -> None:
    """The encoder's promise (core/text.py), over all of Unicode: what `for_display` would remove
    or replace, JSON writes as an escape, never raw."""
    from sapa_propaganda.core.text import for_display, json_text

    raw = [f"U+{code:04X}" for code in range(0x110000)
           if chr(code) not in "\t\n\r" and for_display(chr(code)) != chr(code)
           and chr(code) in json_text(chr(code), indent=None)]
    assert raw == []
