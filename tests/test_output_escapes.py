"""Issue 19: what leaves for a file, an export or stderr is as safe as what leaves for the screen.

1. A listing written with `-o x.tsv` or `-o x.txt` opens in a spreadsheet as readily as a CSV: its
   cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) are kept as text by
   the very function CSV uses. Piped plain text is not changed: scripts read it.
2. Every export carries plan text and notes holding control and bidi characters (ESC, BEL, DEL,
   U+202E, zero-width, U+2028) without any of them raw: JSON and TOML as escapes (the data read
   back unchanged, `sapa import` of the TOML included), CSV made safe to show as the listings'
   CSV is, the calendar as before.
3. No message on stderr carries them raw either: not a workspace plan's broken unit id, not the
   data folder's name, not a typed argument. Every stderr write goes through `errors.to_stderr`.

Every run has an explicit --today and its own data folder.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
import unicodedata
from pathlib import Path

import pytest
from deadline_support import MINI_PLAN
from helpers import installed_plan, ok

from sapa_propaganda.commands.output import _excel_safe
from sapa_propaganda.core.text import for_display

TODAY = "2024-06-20"
FORMULAS = ('=HYPERLINK("http://x","y")', "+84 912 345 678", "-5 ngày", "@x")
# Categories no output may carry raw (bar the line breaks of its own layout).
INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
RAW = ("\x1b", "\x07", "\x7f", "\u202e", "\u200b", "\u2028")

# The plan's title and a duty's text hold an OSC window title, a screen clear, BEL, DEL, a bidi
# override, a zero-width space and a line separator, as a hand-edited plan file can.
TITLE = "Kế hoạch\x1b]0;pwned\x07\x1b[2J thử\u202e nghiệm\u200b năm\u2028 2024\x7f"
DUTY = "=HYPERLINK(\"http://x\",\"y\")\x1b[31m đến hội viên\u202e."
HOSTILE_PLAN = (MINI_PLAN
                .replace('"Kế hoạch tuyên truyền thử nghiệm năm 2024"', json.dumps(TITLE))
                .replace('"Xây dựng kế hoạch tuyên truyền đến hội viên."', json.dumps(DUTY)))
# A note and a document number as typed: the command line keeps bidi, zero-width and U+2028.
NOTE = "ghi\u202echú\u200b\u2028mới"
REF = "+84\u202e 912"


def raw_invisible(text: str) -> list[str]:
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch not in "\n\r\t"
                   and unicodedata.category(ch) in INVISIBLE})


@pytest.fixture
def sapa(run):
    def invoke(*args, **kwargs):
        return run("--today", TODAY, *args, **kwargs)

    return invoke


@pytest.fixture
def hostile(sapa, write_plan):
    """The hostile plan as --plan, with a note and a document number typed with bidi characters."""
    plan = write_plan(HOSTILE_PLAN, "hostile.toml")

    def invoke(*args, **kwargs):
        return sapa("--plan", plan, *args, **kwargs)

    assert HOSTILE_PLAN.count("\\u001b") == 3  # both texts reached the file, escaped as TOML has them
    ok(invoke("mark", "II.1", "xong", "--note", NOTE, "--ref", REF, "--by", "@x", "--date", "10/06/2024"))
    ok(invoke("mark", "II.2", "dang", "--note", "-5 ngày"))
    invoke.plan = plan
    return invoke


# ---- 1. formulas in .tsv and .txt files -------------------------------------------------------

@pytest.fixture
def recorded(run):
    """The bundled plan, with a note, a name and a document number a spreadsheet would run."""
    def invoke(*args, **kwargs):
        return run("--today", "2022-06-20", *args, **kwargs)

    ok(invoke("mark", "III.1.1", "xong", "--note", FORMULAS[0], "--by", FORMULAS[3]))
    ok(invoke("mark", "III.2.1", "dang", "--note", FORMULAS[2]))
    ok(invoke("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", FORMULAS[1]))
    return invoke


def cells(text: str) -> list[str]:
    return [cell for line in text.splitlines() for cell in line.split("\t")]


@pytest.mark.parametrize("suffix", [".tsv", ".txt", ".TXT"])
@pytest.mark.parametrize("argv", [["history"], ["duties"], ["reports"], ["status"]], ids=" ".join)
def test_a_tsv_or_txt_file_keeps_formulas_as_text_as_csv_does(recorded, tmp_path, argv, suffix):
    target = tmp_path / f"out{suffix}"
    result = recorded(*argv, "-o", target)
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    written = target.read_text(encoding="utf-8")
    piped = ok(recorded(*argv))
    # The piped text, each cell through the function CSV uses: nothing else changed.
    assert written == "\n".join("\t".join(_excel_safe(c) for c in line.split("\t")) for line in piped.split("\n"))
    assert not [c for c in cells(written) if c[:1] in ("=", "+", "-", "@")]


def test_the_formulas_of_a_history_file_are_kept_as_text_and_piped_text_is_not_changed(recorded, tmp_path):
    target = tmp_path / "lich-su.txt"
    ok_file = recorded("history", "-o", target)
    assert ok_file.exit_code == 0, ok_file.stderr
    in_file, piped = cells(target.read_text(encoding="utf-8")), cells(ok(recorded("history")))
    for formula in FORMULAS:
        assert formula in piped  # scripts read the pipe as the ledger has it
        assert "'" + formula in in_file and formula not in in_file
    csv_file = tmp_path / "lich-su.csv"
    assert recorded("history", "-o", csv_file).exit_code == 0
    in_csv = [c for row in csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))) for c in row]
    assert in_file == in_csv  # the same cells as the CSV, header and all


# ---- 2. exports -------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [("--format", "json"), ("--format", "csv"), ("--format", "toml"),
                                  ("--format", "ics"), ("-o", "x.json"), ("-o", "x.csv"), ("-o", "x.toml"),
                                  ("-o", "x.ics")], ids=" ".join)
def test_no_export_carries_control_or_bidi_characters_raw(hostile, tmp_path, args):
    args = tuple(str(tmp_path / a) if a.startswith("x.") else a for a in args)
    result = hostile("export", *args)
    assert result.exit_code == 0, result.stderr
    data = Path(args[1]).read_bytes() if args[0] == "-o" else result.stdout_bytes
    text = data.decode("utf-8-sig")
    assert raw_invisible(text.replace("\r\n", "\n")) == []
    assert not any(ch in text for ch in RAW)
    assert "pwned" not in text or "\\u001b]0;pwned\\u0007" in text  # an OSC is data, escaped, or gone whole


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_json_and_toml_exports_escape_the_characters_and_keep_the_data(hostile, fmt):
    raw = ok(hostile("export", "--format", fmt))
    assert "\\u001b" in raw and "\\u202e" in raw and "\\u2028" in raw and "\\u200b" in raw
    data = json.loads(raw) if fmt == "json" else tomllib.loads(raw)
    assert data["plan_title"] == TITLE
    duty = next(row for row in data["state"] if row["id"] == "II.1")
    assert (duty["text"], duty["note"], duty["ref"], duty["by"]) == (DUTY, NOTE, REF, "@x")
    assert [e["note"] for e in data["events"]] == [NOTE, "-5 ngày"]


def test_a_toml_export_is_imported_elsewhere_with_its_data_unchanged(hostile, tmp_path):
    target = tmp_path / "xuat.toml"
    assert hostile("export", "-o", target).exit_code == 0
    assert "\\u202e" in target.read_text(encoding="utf-8")
    elsewhere = {"SAPA_DATA": str(tmp_path / "noi-khac")}
    (tmp_path / "noi-khac").mkdir()
    imported = hostile("import", target, env=elsewhere)
    assert imported.exit_code == 0, imported.stderr

    def history(**kwargs):
        return [(e["target"], e["note"], e["ref"], e["by"]) for e in json.loads(ok(hostile("history", "--json",
                                                                                            **kwargs)))]

    here = history()
    assert history(env=elsewhere) == here and ("II.1", NOTE, REF, "@x") in here


def test_a_csv_export_is_made_safe_as_the_listings_csv_is(hostile, tmp_path):
    rows = list(csv.DictReader(io.StringIO(hostile("export", "--format", "csv").stdout_bytes.decode("utf-8-sig"),
                                           newline="")))
    duty = next(r for r in rows if r["record"] == "state" and r["id"] == "II.1")
    # Shown as the screen shows it (line breaks kept, CSV quotes them), then a formula kept as text.
    assert duty["text"] == "'" + for_display(DUTY) == "'=HYPERLINK(\"http://x\",\"y\") đến hội viên."
    assert duty["note"] == "ghichú\nmới" and duty["ref"] == "'+84 912" and duty["by"] == "'@x"
    # As `history -o x.csv` shows the same event's values.
    listing = tmp_path / "lich-su.csv"
    assert hostile("history", "-o", listing).exit_code == 0
    [header, *lines] = list(csv.reader(io.StringIO(listing.read_text(encoding="utf-8-sig"))))
    event = dict(zip(header, next(line for line in lines if "'+84 912" in line), strict=True))
    assert (event["Số văn bản"], event["Người cập nhật"]) == (duty["ref"], duty["by"])
    assert event["Ghi chú"] == duty["note"].replace("\n", " ")  # one line in a listing


# ---- 3. stderr ----------------------------------------------------------------------------------

def clean_stderr(result) -> str:
    assert not any(ch in result.stderr for ch in ("\x1b", "\x07", "\x9b", "\x9d", "\u202e", "\u200b", "\x7f")), \
        result.stderr
    assert raw_invisible(result.stderr) == []
    return result.stderr


def test_a_broken_workspace_plan_is_said_on_stderr_without_its_escapes(run, tmp_path, sapa_env):
    """A workspace plan edited by hand after `plan add`: every listing across the office skips it,
    naming its problems, with the data folder's name (holding escapes too) in each."""
    data = tmp_path / "dữ liệu\x1b]0;pwned\x07\u202e"
    env = {"SAPA_DATA": str(data)}
    data.mkdir()
    good, other = tmp_path / "mini.toml", tmp_path / "khac.toml"
    good.write_text(MINI_PLAN, encoding="utf-8")
    other.write_text(MINI_PLAN.replace('id = "mini-2024"', 'id = "khac-2024"'), encoding="utf-8")
    for path in (good, other):
        ok(run("plan", "add", path, env=env))
    copy = installed_plan(data, "khac-2024")
    copy.write_text(copy.read_text(encoding="utf-8").replace('id = "hnd"', 'id = "h\\u001b]0;pwned\\u0007'
                                                                          '\\u001b[2Jnd\\u202e"'), encoding="utf-8")
    for args in (["units"], ["duties"], ["history"], ["status"], ["remind"], ["reports"], ["overdue"]):
        result = run("--today", TODAY, *args, env=env)
        assert result.exit_code == 4, (args, result.stderr)
        said = clean_stderr(result)
        assert "sapa: [khac-2024] " in said and "'hnd'" in said, said


@pytest.mark.parametrize("args", [
    ["mark", "I\x1b[2J", "xong"],
    ["submit", "x\x1b]0;t\x07", "2022-H1"],
    ["duties", "--unit", "mt\x1b]0;t\x07tq\u202e"],
    ["show", "III.1\u202e.2\x1b[2J"],
])
def test_a_typed_argument_is_not_echoed_raw(sapa, args):
    result = sapa(*args)
    assert result.exit_code == 2, result.stderr
    assert clean_stderr(result).startswith("sapa: ")


def test_the_note_of_a_file_written_names_it_without_its_escapes(sapa, tmp_path):
    target = tmp_path / "ra\x1b]0;pwned\x07\u202e.tsv"
    result = sapa("--today", "2022-06-20", "units", "-o", target)
    assert result.exit_code == 0 and target.exists()
    assert clean_stderr(result).startswith("Đã ghi ")


def test_every_stderr_write_goes_through_one_place():
    """`errors.to_stderr` neutralises what a message quotes; a write of its own elsewhere would not."""
    package = Path(__file__).resolve().parent.parent / "sapa_propaganda"
    writers = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                     if "stderr.write" in path.read_text(encoding="utf-8"))
    assert writers == ["errors.py"]
