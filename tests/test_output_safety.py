"""Issue 12 #14: typed and imported text cannot forge output or drive the terminal.

A line break or tab in --ref, --note or an imported field must not forge a line (a ticked box
in the checklist) or a column; right-to-left overrides and zero-width characters must not
reach any human-readable output; escape sequences from arguments, imported targets or plan
values must not reach error messages; bare CR and ESC from a plan's unit names must not reach
the ICS file. All of it is neutralised in one place, `text.for_display`; JSON keeps the data,
escaped. Every run has an explicit --today and its own data folder.
"""

from __future__ import annotations

import json

import pytest
from deadline_support import MINI_PLAN

from sapa_propaganda.core.text import for_display

TODAY = "2022-06-20"
FORGED = "12-BC\n- [x] III.9.9 FORGED"
INVISIBLE = "\u202e\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\ufeff"
ESCAPES = ("\x1b", "\x07", "\x9b", "\x9d", "\r")


def ok(result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result.stdout


def clean_of(text: str, *bad: str) -> bool:
    return not any(ch in text for ch in (*ESCAPES, *INVISIBLE, *bad))


@pytest.fixture
def sapa(run):
    def invoke(*args, **kwargs):
        return run("--today", TODAY, *args, **kwargs)

    return invoke


# ---- the function ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw, shown", [
    ("đỏ\x1b[31m chữ\x1b[0m", "đỏ chữ"),                       # CSI
    ("a\x1b]0;tiêu đề\x07b", "ab"),                           # OSC ended by BEL
    ("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8 hyperlink, ended by ST
    ("a\x9b2Jb\x9d0;x\x9cc", "abc"),                           # C1 CSI and OSC
    ("a\x07\x00\x08\x7f\x85b", "a b"),                        # BEL NUL BS DEL; NEL is a line break
    ("một\r\nhai\rba\nbốn", "một hai ba bốn"),                # CRLF, a bare CR, LF
    ("a\tb\x0bc\x0cd\u2028e\u2029f", "a b c d e f"),
    ("12" + INVISIBLE + "-BC", "12-BC"),                      # bidi controls and zero-width
    ("tên\xa0riêng", "tên\xa0riêng"),                         # a no-break space is text
    ("a\udcffb", "a\ufffdb"),                                 # a lone surrogate (bytes that were not UTF-8)
    ("Ủy ban Mặt trận Tổ quốc", "Ủy ban Mặt trận Tổ quốc"),
])
def test_for_display(raw, shown):
    assert for_display(raw) == shown


def test_for_display_can_keep_line_breaks():
    assert for_display("một\r\nhai\rba\x1b[2J\u202e", single_line=False) == "một\nhai\nba"


# ---- a line break or tab in what is typed ---------------------------------------------------

@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_a_ref_or_note_cannot_forge_a_checklist_line(sapa, fmt):
    ok(sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", FORGED))
    ok(sapa("mark", "III.2.1", "xong", "--note", "xong\n- [x] III.9.8 FORGED\n[x] III.9.7 FORGED"))
    out = ok(sapa("checklist", "2022-H1", "--format", fmt))
    for line in out.splitlines():
        # Markdown is not wrapped: no line of it may start with the forged box. Plain text is
        # wrapped at 80 columns, so a continuation (indented) line may start anywhere in the
        # text; no line may start where the boxes do.
        assert not (line.lstrip() if fmt == "md" else line).startswith(("- [x] III.9", "[x] III.9")), line
    assert "12-BC - [x] III.9.9 FORGED" in " ".join(out.split())  # shown, on its own line's text


def test_a_ref_with_a_line_break_stays_on_its_line_everywhere(sapa):
    ok(sapa("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", FORGED))
    for args in (["history"], ["reports", "--period", "2022-H1"], ["--rich", "history"],
                 ["--rich", "reports", "--period", "2022-H1"]):
        out = ok(sapa(*args))
        assert "- [x] III.9.9" not in [line.strip("│ ") for line in out.splitlines()], args
    submitted = ok(sapa("submit", "vhtt", "2022-H1", "--date", "17/06/2022", "--ref", FORGED))
    assert len(submitted.splitlines()) == 1 and "12-BC - [x] III.9.9 FORGED" in submitted


# ---- invisible and reordering characters ----------------------------------------------------

def test_bidi_and_zero_width_characters_reach_no_human_readable_output(sapa):
    note, ref, by = "ghi" + INVISIBLE + "chú", "15" + INVISIBLE + "-BC", "H\u200bà\u202e"
    ok(sapa("mark", "III.1.2", "xong", "--note", note, "--ref", ref, "--by", by))
    ok(sapa("submit", "btg", "2022-H1", "--date", "20/06/2022", "--ref", ref, "--note", note))
    for args in (["history"], ["show", "III.1.2"], ["reports", "--period", "2022-H1"], ["duties"],
                 ["checklist", "2022-H1"], ["checklist", "2022-H1", "--format", "txt"]):
        for mode in (["--plain"], ["--rich"]):
            out = ok(sapa(*mode, *args))
            assert clean_of(out), (mode, args)
    shown = ok(sapa("history"))
    assert "ghichú" in shown and "15-BC" in shown and "\tHà\t" in shown


def test_json_keeps_the_data_but_escapes_it(sapa):
    note = "ghi" + INVISIBLE + "chú\u2028mới"
    ok(sapa("mark", "III.1.2", "xong", "--note", note))
    out = ok(sapa("history", "--json"))
    assert clean_of(out, "\u2028")
    assert "\\u202e" in out
    assert json.loads(out)[0]["note"] == note


# ---- imported fields ------------------------------------------------------------------------

def export_with(tmp_path, events) -> str:
    path = tmp_path / "khac.json"
    path.write_text(json.dumps({"format": 1, "plan": "sa-pa-2021-tuyen-truyen-dai-hoi-xiii", "events": events}),
                    encoding="utf-8")
    return str(path)


def event(**fields):
    return {"id": "khac-1", "recorded": "2022-06-18T09:00:00+07:00", "date": "2022-06-18", "kind": "mark",
            "target": "III.2.1", "status": "done", "note": "", "by": "", "ref": "", **fields}


def test_an_imported_note_cannot_forge_lines_or_hide_text(sapa, tmp_path):
    source = export_with(tmp_path, [event(note="đã xong\n- [x] III.9.9 FORGED\u202e", by="Lan\tAnh",
                                          ref="9-BC\n[x] III.9.8")])
    ok(sapa("import", source))
    checklist = ok(sapa("checklist", "2022-H1"))
    assert not any(line.lstrip().startswith(("- [x] III.9", "[x] III.9")) for line in checklist.splitlines())
    history = ok(sapa("history")).splitlines()
    assert len(history) == 2 and history[1].count("\t") == history[0].count("\t")
    assert "\tLan Anh\t9-BC [x] III.9.8\tđã xong - [x] III.9.9 FORGED\t" in history[1]
    assert clean_of(ok(sapa("--rich", "history")))


def test_an_imported_target_with_escapes_is_not_echoed_raw(sapa, tmp_path):
    source = export_with(tmp_path, [event(target="III.2.1\x1b]0;pwned\x07\x1b[2J")])
    result = sapa("import", source)
    assert result.exit_code == 2
    assert "III.2.1" in result.stderr and clean_of(result.stderr)


# ---- arguments and plan values in error messages --------------------------------------------

@pytest.mark.parametrize("args", [
    ["show", "III.1\x1b]0;pwned\x07.2"],
    ["reports", "--period", "2022\x1b]2;x\x1b\\-H1"],
    ["duties", "--unit", "mt\x1b[31mtq\u202e"],
    ["mark", "III.1.2", "xong", "--date", "20/06\x9b2J/2022"],
    ["history", "--since", "1/1\r/2022"],
])
def test_an_argument_is_not_echoed_raw_in_an_error(sapa, args):
    result = sapa(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("sapa: ") and clean_of(result.stderr)
    assert len(result.stderr.splitlines()) == 1


def test_a_plan_value_is_not_echoed_raw_in_an_error(run, write_plan):
    path = write_plan(MINI_PLAN.replace('id = "hnd"', 'id = "h\\u001b]0;pwned\\u0007nd"'))
    result = run("--plan", path, "--today", "2024-06-20", "units")
    assert result.exit_code == 4
    assert "'hnd'" in result.stderr and clean_of(result.stderr)


# ---- the calendar and the reminders ---------------------------------------------------------

DIRTY_PLAN = (MINI_PLAN
              .replace('name = "Hội Nông dân huyện"', 'name = "Hội Nông\\r dân\\u001b[31m huyện\\u202e"')
              .replace('title = "Kế hoạch tuyên truyền thử nghiệm năm 2024"',
                       'title = "Kế hoạch\\r\\n[x] Giả mạo\\u001b]0;x\\u0007"'))


def test_a_bare_cr_or_escape_in_a_plan_reaches_no_calendar(run, write_plan):
    path = write_plan(DIRTY_PLAN)
    data = run("--plan", path, "--today", "2024-06-20", "export", "--format", "ics").stdout_bytes
    text = data.decode("utf-8")
    assert text.count("\r") == text.count("\r\n")  # every CR ends a content line
    assert clean_of(text.replace("\r\n", "\n"))
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:Kế hoạch [x] Giả mạo\\nĐơn vị phải nộp:\\n[ ] Hội Nông  dân huyện\\n" in unfolded
    assert "X-WR-CALNAME:Kế hoạch [x] Giả mạo\r\n" in unfolded


def test_reminders_and_the_dashboard_show_plan_names_clean(run, write_plan):
    path = write_plan(DIRTY_PLAN)
    for args in (["remind"], ["status"], ["--rich", "status"], ["overdue"], ["--rich", "overdue"]):
        out = ok(run("--plan", path, "--today", "2024-06-20", *args))
        assert clean_of(out), args
    assert "Hội Nông  dân huyện" in ok(run("--plan", path, "--today", "2024-06-20", "remind"))
