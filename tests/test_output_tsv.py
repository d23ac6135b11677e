"""Issue 12 #13: piped, every listing is one tab-separated table with a header row.

`units`, `duties`, `reports`, `overdue`, `history` and the table of `status`: the first line
names the columns (in the interface's language), then one record per line, each with as many
tab-separated fields as the header, with no titles or blank lines in between. Every run has an
explicit --today and its own data folder (conftest's `run`).
"""

from __future__ import annotations

import json

import pytest

TODAY = "2022-06-20"

HEADERS = {
    "units": ("Mã\tTên đơn vị\tTrực thuộc\tSố nhiệm vụ\tThành viên\tNguồn",
              "Id\tName\tParent\tDuties\tMembers\tFrom"),
    "duties": ("Mã\tMục\tTrạng thái\tCập nhật\tĐơn vị\tNhiệm vụ\tHạn",
               "Id\tSection\tStatus\tUpdated\tUnit\tDuty\tDue"),
    "reports": ("Mã\tKỳ báo cáo\tĐơn vị\tBáo cáo\tHạn\tNgày nhận\tSố văn bản\tTình trạng",
                "Id\tReporting period\tUnit\tReport\tDue\tReceived\tRef\tState"),
    "overdue": ("Mã\tLoại\tNội dung\tHạn\tTình trạng\tSố ngày quá hạn",
                "Id\tKind\tText\tDue\tState\tDays late"),
    "history": ("Ghi lúc\tNgày\tSự kiện\tNgười cập nhật\tSố văn bản\tGhi chú\tMã sự kiện",
                "Recorded\tDate\tEvent\tBy\tRef\tNote\tEvent id"),
    "status": ("Mã\tĐơn vị\tNhiệm vụ hoàn thành\tTỷ lệ (%)\tBáo cáo đến hạn\tĐã nhận\tQuá hạn",
               "Id\tUnit\tDuties done\tDone (%)\tReports due\tReceived\tOverdue"),
}

COMMANDS = [["units"], ["duties"], ["duties", "--all"], ["duties", "--unit", "btg"], ["reports"],
            ["reports", "--all"], ["reports", "--period", "2022-H1"], ["overdue"], ["history"], ["status"]]


def ok(result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result.stdout


@pytest.fixture
def sapa(run):
    def invoke(*args, lang="vi"):
        return run("--today", TODAY, "--lang", lang, *args)

    ok(invoke("submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "12-BC/MTTQ"))
    ok(invoke("mark", "III.1.2", "xong", "--date", "15/06/2022", "--note", "Đã ban hành", "--by", "Hà"))
    return invoke


def table_of(command: str, out: str) -> list[str]:
    """The lines of the tab-separated table (for status: below its `label: value` lines)."""
    lines = out.splitlines()
    if command == "status":
        lines = lines[lines.index(next(x for x in lines if x.startswith(("Tiến độ", "Progress")))) + 1:]
    return lines


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_listing_is_one_tab_separated_table(sapa, args, lang):
    command = args[0]
    lines = table_of(command, ok(sapa(*args, lang=lang)))
    assert lines[0] == HEADERS[command][lang == "en"]
    width = lines[0].count("\t")
    assert len(lines) > 1
    for line in lines[1:]:
        assert line.strip() and not line.startswith("=="), lines
        assert line.count("\t") == width, line


def test_the_records_are_the_json_rows(sapa):
    """One line per record, in the order of --json: the same ids and values."""
    def rows(*args):
        return [line.split("\t") for line in ok(sapa(*args)).splitlines()[1:]]

    duties = json.loads(ok(sapa("duties", "--all", "--json")))
    assert [(r[0], r[4]) for r in rows("duties", "--all")] == [(d["id"], d["unit"] or "") for d in duties]
    reports = json.loads(ok(sapa("reports", "--all", "--json")))
    assert [(r[0], r[1], r[6]) for r in rows("reports", "--all")] == [
        (d["unit"], d["period"], d["ref"]) for d in reports]
    found = json.loads(ok(sapa("overdue", "--json")))
    assert [(r[0], r[5]) for r in rows("overdue")] == (
        [(d["unit"], str(d["days"])) for d in found["reports"]] + [(d["id"], str(d["days"])) for d in found["items"]])
    history = json.loads(ok(sapa("history", "--json")))
    assert [r[3:] for r in rows("history")] == [[e["by"], e["ref"], e["note"], e["id"][:10]] for e in history]


def test_a_tab_or_line_break_in_a_value_stays_in_its_field(sapa):
    ok(sapa("submit", "vhtt", "2022-H1", "--date", "17/06/2022", "--ref", "7-BC\tVHTT\nbản 2"))
    ok(sapa("mark", "III.1.3", "dang", "--note", "dòng một\r\ndòng hai\tcột", "--by", "Lan\tAnh"))
    for args in (["reports", "--period", "2022-H1"], ["history"]):
        lines = ok(sapa(*args)).splitlines()
        assert all(line.count("\t") == lines[0].count("\t") for line in lines), lines
    reports = ok(sapa("reports", "--period", "2022-H1"))
    assert "\t7-BC VHTT bản 2\t" in reports
    history = ok(sapa("history")).splitlines()
    assert "\tLan Anh\t\tdòng một dòng hai cột\t" in history[1]


def test_an_empty_listing_says_so_in_one_line(sapa):
    assert ok(sapa("reports", "--unit", "ubnd")) == "Không có báo cáo nào khớp.\n"
    assert ok(sapa("history", "III.4.1")) == "Chưa có sự kiện nào.\n"
