"""The two front ends say the same: every command the fast path runs (`fast=True` in cli/spec.py),
run once through the entry point as the user runs it (the fast path takes it) and once with the
fast path stepped aside (Typer takes it), must give the same exit code, stdout, stderr, and the
same file for `-o` (the same bytes; for .docx and .xlsx, whose bytes carry a time stamp, the same
text).

Both runs go through `cli_support.sapa`: the same isolated environment, the same clock, the same
`--today` on the command line, and the same files, for each run starts from one snapshot of its
world. A write (mark, submit, waive) must leave the same ledger, but for its events' random ids.
Two worlds: one plan (the bundled one) with a ledger, and an office whose workspace holds two
plans added with `plan add`.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from unittest import mock

import pytest
from cli_support import Ran, sapa
from sample_plans import BUNDLED_PLAN_PATH, QUARTERLY_PLAN_PATH

from sapa_propaganda import i18n
from sapa_propaganda.cli import fastpath
from sapa_propaganda.cli import spec as cli_spec

FAST = [command.name for command in cli_spec.COMMANDS if command.fast]
SUFFIXES = (".csv", ".json", ".tsv", ".docx", ".xlsx")
QUARTERLY = "bao-thang-2024-hoi-nong-dan"
ICT = timezone(timedelta(hours=7))
EVENT_ID = re.compile(r'^id = "[0-9a-f]{32}"$', re.MULTILINE)


class World:
    """A folder to run sapa in (data, home and caches), and a pristine copy of it beside it.

    `restore` puts back what a run changed: each file whose status changed since the last restore
    (any write changes its ctime) is copied again, and what a run added is removed. Copying the
    whole tree for each of some 300 runs would take most of this test's time."""

    def __init__(self, root: Path, pristine: Path, today: str):
        self.root, self.pristine, self.today = root, pristine, today
        self.clean = self._stats()

    def _stats(self) -> dict[Path, tuple[int, int, int, int]]:
        return {path.relative_to(self.root): self._stat(path) for path in self.root.rglob("*") if path.is_file()}

    @staticmethod
    def _stat(path: Path) -> tuple[int, int, int, int]:
        found = path.stat()
        return found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns

    def changed(self) -> list[Path]:
        """The files written or added since the last restore."""
        return [relative for relative, stat in self._stats().items() if self.clean.get(relative) != stat]

    def restore(self) -> None:
        now = self._stats()
        for relative, stat in now.items():
            if self.clean.get(relative) != stat:
                (self.root / relative).unlink()
        for relative, stat in list(self.clean.items()):
            if now.get(relative) != stat:
                target = self.root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(self.pristine / relative, target)
                self.clean[relative] = self._stat(target)
        for folder in sorted((p for p in self.root.rglob("*") if p.is_dir()), reverse=True):
            if not (self.pristine / folder.relative_to(self.root)).is_dir():
                shutil.rmtree(folder)


def _world(base: Path, today: str, setup: list[list[str]]) -> World:
    root = base / "world"
    root.mkdir()
    for argv in [*setup, ["status"]]:  # status last: the caches are warm, as on a clerk's machine
        ran = sapa(root, *argv, today=today)
        assert ran.exit_code == 0, (argv, ran)
    (root / "out").mkdir()
    shutil.copytree(root, base / "pristine", symlinks=True)
    return World(root, base / "pristine", today)


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, World]:
    plan = _world(tmp_path_factory.mktemp("plan"), "20/06/2022", [
        ["mark", "III.1.1", "xong", "--date", "10/06/2022", "--note", "đã phát hành đề cương", "--ref", "12-CV/BTG"],
        ["mark", "II.1.1.1", "dang", "--by", "van-thu"],
        ["mark", "III.1.6", "vuong", "--note", "chờ kinh phí"],
        ["submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "1-BC/MTTQ"],
        ["submit", "vhtt", "2022-H1", "--date", "17/06/2022"],
        ["waive", "chi-dang-bo", "2021-Y", "--note", "sáp nhập"],
    ])
    office = _world(tmp_path_factory.mktemp("office"), "15/07/2024", [
        ["plan", "add", BUNDLED_PLAN_PATH],
        ["plan", "add", QUARTERLY_PLAN_PATH],
        ["mark", f"{QUARTERLY}:II.1.1", "xong", "--note", "đã tổ chức"],
        ["submit", "hnd", "2024-Q1", "--plan", QUARTERLY, "--date", "09/04/2024", "--ref", "3-BC/HND"],
    ])
    return {"plan": plan, "office": office}


# ---- the invocations ------------------------------------------------------------------------------

# Per command, in the one-plan world: its everyday form, then the same with a typo in an argument.
PLAN_CASES: dict[str, tuple[list[str], list[list[str]]]] = {
    "units": ([], [["-o", "out/units.cvs"]]),
    "duties": (["--unit", "ban tuyen giao"], [["--unit", "mtqq"], ["--status", "xongg"]]),
    "show": (["III.1.1"], [["III.1.99"]]),
    "mark": (["III.1.2", "dang", "-n", "họp chi bộ", "--by", "van-thu"], [["III.1.2", "xongg"], ["III.1.99", "xong"]]),
    "history": (["III.1.1"], [["III.1.99"], ["--since", "31/02/2022"]]),
    "submit": (["btg", "2022-H1", "--ref", "5-BC/BTG"], [["btgg", "2022-H1"], ["btg", "2022-H3"]]),
    "waive": (["ttvh", "2022-H1", "--note", "đơn vị giải thể"], [["ttvh", "2022-H7", "--note", "x"]]),
    "reports": (["--period", "2022-H1"], [["--period", "6 thang cuoi nam 2022"], ["--unit", "ttvhh"]]),
    "overdue": (["--unit", "btg"], [["--unit", "bt g"]]),
    "status": ([], [["-o", "out/status.xslx"]]),
    "remind": (["--days", "30"], [["--unit", "mtqq"]]),
}

# Per command, in the office world of two plans: with the plan named, and without it.
OFFICE_CASES: dict[str, list[list[str]]] = {
    "units": [["--plan", QUARTERLY], []],
    "duties": [["--plan", QUARTERLY, "--unit", "hnd"], ["--unit", "hnd"]],
    "show": [[f"{QUARTERLY}:II.1.1"], ["II.1.1"]],
    "mark": [[f"{QUARTERLY}:II.1.2", "dang"], ["II.1.2", "dang"]],
    "history": [["--plan", QUARTERLY], []],
    "submit": [["phong-nn", "2024-Q2", "--plan", QUARTERLY], ["phong-nn", "2024-Q2"]],
    "waive": [["bdv", "2024-Q1", "--note", "kiện toàn", "--plan", QUARTERLY], ["bdv", "2024-Q1", "--note", "x"]],
    "reports": [[], ["--unit", "hnd", "--overdue"]],
    "overdue": [[], ["--unit", "hnd"]],
    "status": [[]],
    "remind": [[], ["--unit", "phong-nn", "--days", "60"]],
}


# The commands that read every plan of the office at once, and so write one file for all of them.
ACROSS = ("reports", "overdue", "status", "remind")


def _takes(name: str, flag: str) -> bool:
    command = cli_spec.command(name.split())
    assert command is not None
    return flag in cli_spec.option_table(command.opts)


def _output_for(name: str, where: str, suffix: str) -> list[str]:
    """`-o` into the world's out/ folder."""
    return ["-o", f"out/{name}-{where}{suffix}"]


def _cases() -> list[tuple[str, str, list[str]]]:
    """(world, command, argv) for every invocation the test compares."""
    cases: list[tuple[str, str, list[str]]] = []
    for name in FAST:
        base, typos = PLAN_CASES[name]
        cases.append(("plan", name, [name, *base]))
        cases += [("plan", name, [name, *typo]) for typo in typos]
        cases.append(("plan", name, ["--lang", "en", name, *base]))
        cases += [("plan", name, [name, *typo, "--lang", "en"]) for typo in typos[:1]]
        if _takes(name, "--json"):
            cases.append(("plan", name, [name, *base, "--json"]))
        if _takes(name, "-o"):
            cases += [("plan", name, [name, *base, *_output_for(name, "plan", suffix)]) for suffix in SUFFIXES]
        for argv in OFFICE_CASES[name]:
            cases.append(("office", name, [name, *argv]))
        if _takes(name, "--json"):
            cases.append(("office", name, [name, *OFFICE_CASES[name][0], "--json"]))
        if _takes(name, "-o") and name in ACROSS:
            cases += [("office", name, [name, *OFFICE_CASES[name][0], *_output_for(name, "office", suffix)])
                      for suffix in (".csv", ".xlsx")]
        cases.append(("office", name, [name, *OFFICE_CASES[name][0], "--lang", "en"]))
        cases.append(("plan", name, ["--rich", name, *base]))
    return cases + EXTRA


# The global options in their other spellings, and a plan given by its file.
EXTRA: list[tuple[str, str, list[str]]] = [
    ("plan", "status", ["--lang=en", "status", "--plain"]),
    ("plan", "status", ["status", "--today", "31/02/2022"]),
    ("plan", "reports", ["--plan", str(QUARTERLY_PLAN_PATH), "reports", "--period", "quý 1/2024", "--json"]),
    ("plan", "duties", ["duties", "--plan", str(QUARTERLY_PLAN_PATH), "-u", "HND", "-s", "chua"]),
    ("plan", "remind", ["remind", "--days", "0", "--fail-on-overdue", "--lang", "en"]),
    ("office", "status", ["status", "--json", "-o", "out/status-office.csv"]),
]


CASES = _cases()


# ---- running and comparing ------------------------------------------------------------------------

def _absolute(world: World, argv: list[str]) -> list[str]:
    """argv with its out/ paths made absolute in the world, and `--today` given, before the
    command or after it (by the length of argv, so that both are used), as the clerk may type it."""
    argv = [str(world.root / word) if word.startswith("out/") else word for word in argv]
    return ["--today", world.today, *argv] if len(argv) % 2 else [*argv, "--today", world.today]


def _run(world: World, argv: list[str], *, fast: bool) -> tuple[Ran, bool, dict[str, object]]:
    """One run from the pristine world: what it said, whether the fast path ran it, the files it wrote."""
    world.restore()
    i18n.set_language("vi")
    now = datetime.strptime(world.today, "%d/%m/%Y").replace(hour=9, minute=30, tzinfo=ICT)  # both runs' clock
    took: list[bool] = []
    real = fastpath.run

    def spied(*args, **kwargs):
        code = real(*args, **kwargs)
        took.append(code is not None)
        return code

    with mock.patch.object(fastpath, "run", spied if fast else (lambda *args, **kwargs: None)):
        ran = sapa(world.root, *argv, today=world.today, clock=lambda *args, **kwargs: now)
    written = {path.name: _content(path) for path in sorted((world.root / "out").iterdir())}
    # What a write put in the data folder (the ledger), its events' random ids aside.
    for relative in sorted(world.changed()):
        if relative.parts[0] == "data" and relative.suffix == ".toml":
            text = (world.root / relative).read_text(encoding="utf-8")
            written[relative.as_posix()] = EVENT_ID.sub('id = "…"', text)
    return ran, bool(took and took[0]), written


def _content(path: Path) -> object:
    """What a written file says: its bytes, or the text of a Word or Excel file."""
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        body = [paragraph.text for paragraph in document.paragraphs]
        tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
        margins = [[p.text for p in part.paragraphs] for section in document.sections
                   for part in (section.header, section.footer)]
        return {"body": body, "tables": tables, "margins": margins}
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path)
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    return path.read_bytes()


@pytest.mark.parametrize(("world", "name", "argv"), CASES, ids=[f"{w}: {' '.join(a)}" for w, _, a in CASES])
def test_the_fast_path_and_typer_say_the_same(worlds, world, name, argv):
    place = worlds[world]
    argv = _absolute(place, argv)
    fast, took_fast, fast_files = _run(place, argv, fast=True)
    typer, _, typer_files = _run(place, argv, fast=False)
    assert took_fast, f"the fast path declined {argv}: this compares nothing"
    assert (fast.exit_code, fast.stdout, fast.stderr) == (typer.exit_code, typer.stdout, typer.stderr)
    assert fast_files == typer_files
    if "-o" in argv and fast.exit_code == 0:
        assert [file for file in fast_files if "/" not in file] == [Path(argv[argv.index("-o") + 1]).name]
    if name in ("mark", "submit", "waive") and fast.exit_code == 0:
        assert any(file.startswith("data/") for file in fast_files), "the write recorded nothing"


def test_every_fast_command_is_compared_in_every_way_it_takes():
    """A command made fast must come here with its cases; each form it takes is compared."""
    assert sorted(PLAN_CASES) == sorted(OFFICE_CASES) == sorted(FAST)
    for name in FAST:
        mine = [(world, argv) for world, command, argv in CASES if command == name]
        assert {world for world, _ in mine} == {"plan", "office"}, name
        assert any("--lang" in argv for _, argv in mine), name
        assert len(PLAN_CASES[name][1]) >= 1, name  # a typo
        if _takes(name, "--json"):
            assert any("--json" in argv for _, argv in mine), name
        if _takes(name, "-o"):
            written = {Path(argv[argv.index("-o") + 1]).suffix for _, argv in mine if "-o" in argv}
            assert set(SUFFIXES) <= written, name
