"""A duty of several units (`units = ["vhtt", "ttvh"]`): `mark ID STATUS --unit U` records one
unit's part; the duty is done when every unit is done, and each unit's part shows (issue 18,
"Her habits"). The rule is in plans/README.md, "A duty of several units"."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from helpers import fail, ok
from sample_plans import due, item, plan, plan_toml, reporting, rule, section, unit

PLAN_ID = "kh-chung"
SHARED_PLAN = plan_toml(
    plan(PLAN_ID, "Kế hoạch thử nhiệm vụ chung", "Ban Tuyên giáo Thị ủy", date(2022, 1, 1), date(2022, 12, 31)),
    unit("btg", "Ban Tuyên giáo Thị ủy", short="BTG"),
    unit("vhtt", "Phòng Văn hóa và Thông tin", short="Phòng VHTT"),
    unit("ttvh", "Trung tâm Văn hóa, Thể thao và Truyền thông", short="Trung tâm VHTTTT"),
    unit("mttq", "Ủy ban MTTQ Việt Nam thị xã", short="MTTQ"),
    section("I", "Nhiệm vụ"),
    item("I.1", "duty", "Tổ chức hội thi tuyên truyền về Nghị quyết Đại hội.", units=["vhtt", "ttvh"],
         due=date(2022, 6, 30)),
    item("I.2", "duty", "Tuyên truyền trong các tầng lớp nhân dân.", units=["mttq"], due=date(2022, 9, 30)),
    reporting(warning_days=7, first="2022-H1", last="2022-Y"),
    rule("don-vi", "unit", due("half-year", 15, month=6), due("annual", 15, month=11),
         units=["vhtt", "ttvh", "mttq"], to=["btg"]),
)
JUNE = "2022-06-20"  # before I.1's deadline (30/06/2022)
JULY = "2022-07-05"  # after it


@pytest.fixture
def sapa(run, write_plan):
    """`sapa(day, *args)`: `sapa --plan <the shared plan> --today day *args`."""
    path = write_plan(SHARED_PLAN, "shared.toml")
    return lambda day, *args, **kw: run("--plan", path, "--today", day, *args, **kw)


def fields(out: str) -> dict[str, str]:
    """`show`'s "Label: value" lines (plain text), by label, stripped."""
    found = {}
    for line in out.splitlines():
        label, sep, value = line.partition(": ")
        if sep:
            found[label.strip()] = value
    return found


def rows(out: str) -> list[list[str]]:
    """A tab-separated listing's records, without its header row."""
    return [line.split("\t") for line in out.splitlines()[1:]]


def duty_rows(out: str) -> dict[str, str]:
    """Plain `duties`: {"item unit": status} (columns id, section, status, updated, unit, …)."""
    return {f"{r[0]} {r[4]}": r[2] for r in rows(out)}


def test_a_units_mark_leaves_the_duty_open_until_every_unit_is_done(sapa):
    said = ok(sapa(JUNE, "mark", "I.1", "xong", "--unit", "vhtt"))
    assert said.startswith("I.1 (vhtt): Chưa thực hiện → Hoàn thành (20/06/2022)")
    assert "cả nhiệm vụ: Đang thực hiện (vhtt: Hoàn thành, ttvh: Chưa thực hiện)" in said

    shown = fields(ok(sapa(JUNE, "show", "I.1")))
    assert shown["Trạng thái"] == "Đang thực hiện trong hạn"
    assert shown["Phần của Phòng VHTT (vhtt)"] == "Hoàn thành đúng hạn"
    assert shown["Phần của Trung tâm VHTTTT (ttvh)"] == "Chưa thực hiện"

    said = ok(sapa(JUNE, "mark", "I.1", "xong", "-u", "trung tam van hoa"))  # a name, without diacritics
    assert said.startswith("I.1 (ttvh): Chưa thực hiện → Hoàn thành")
    assert "cả nhiệm vụ: Hoàn thành" in said
    assert fields(ok(sapa(JUNE, "show", "I.1")))["Trạng thái"] == "Hoàn thành đúng hạn"


def test_each_row_of_duties_shows_its_units_own_part(sapa):
    ok(sapa(JUNE, "mark", "I.1", "xong", "--unit", "vhtt"))
    assert duty_rows(ok(sapa(JUNE, "duties"))) == {
        "I.1 vhtt": "Hoàn thành đúng hạn", "I.1 ttvh": "Chưa thực hiện", "I.2 mttq": "Chưa thực hiện"}
    assert duty_rows(ok(sapa(JUNE, "duties", "--unit", "ttvh"))) == {"I.1 ttvh": "Chưa thực hiện"}
    assert duty_rows(ok(sapa(JUNE, "duties", "--unit", "vhtt"))) == {"I.1 vhtt": "Hoàn thành đúng hạn"}
    assert duty_rows(ok(sapa(JUNE, "duties", "-s", "xong"))) == {"I.1 vhtt": "Hoàn thành đúng hạn"}
    assert duty_rows(ok(sapa(JUNE, "duties", "-s", "chua", "--unit", "ttvh"))) == {"I.1 ttvh": "Chưa thực hiện"}
    listed = json.loads(ok(sapa(JUNE, "duties", "--json")))
    assert [(r["id"], r["unit"], r["status"], r["state"]) for r in listed if r["id"] == "I.1"] == [
        ("I.1", "vhtt", "done", "done-on-time"), ("I.1", "ttvh", "todo", "not-started")]


def test_a_mark_without_unit_is_the_whole_duty_recorded_as_before(sapa, tmp_path):
    ok(sapa(JUNE, "mark", "I.1", "xong", "--unit", "vhtt"))
    said = ok(sapa(JUNE, "mark", "I.1", "dang", "--note", "làm lại cả hai"))
    assert said.startswith("I.1: Đang thực hiện → Đang thực hiện")  # the duty was in progress, as its parts made it
    shown = fields(ok(sapa(JUNE, "show", "I.1")))
    parts = (shown["Phần của Phòng VHTT (vhtt)"], shown["Phần của Trung tâm VHTTTT (ttvh)"])
    assert parts == ("Đang thực hiện trong hạn", "Đang thực hiện trong hạn")
    ok(sapa(JUNE, "mark", "I.1", "xong"))
    assert fields(ok(sapa(JUNE, "show", "I.1")))["Trạng thái"] == "Hoàn thành đúng hạn"
    targets = [e["target"] for e in json.loads(ok(sapa(JUNE, "history", "--json")))]
    assert targets == ["I.1", "I.1", "I.1@vhtt"]  # newest first: the whole duty's marks as they always were
    ledger = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "data" / PLAN_ID).glob("ledger-*.toml"))
    assert 'target = "I.1@vhtt"' in ledger and 'target = "I.1"' in ledger


def test_a_unit_the_duty_does_not_carry_is_refused_naming_its_units(sapa):
    message = fail(sapa(JUNE, "mark", "I.1", "xong", "--unit", "mttq"))
    assert message == "sapa: 'I.1' không do đơn vị 'mttq' thực hiện; đơn vị thực hiện: vhtt, ttvh"
    message = fail(sapa(JUNE, "--lang", "en", "mark", "I.1", "xong", "--unit", "MTTQ"))
    assert message == "sapa: 'I.1' is not carried out by unit 'mttq'; its units: vhtt, ttvh"
    assert "vhtt" in fail(sapa(JUNE, "mark", "I.1", "xong", "--unit", "vhtr"))  # a typo: the duty's units are meant
    assert "mttq" in fail(sapa(JUNE, "mark", "I.2", "xong", "--unit", "vhtt"))
    assert json.loads(ok(sapa(JUNE, "history", "--json"))) == []  # nothing recorded


def test_a_duty_of_one_unit_marked_with_its_unit_is_a_plain_mark(sapa):
    assert ok(sapa(JUNE, "mark", "I.2", "xong", "--unit", "MTTQ")).startswith("I.2: Chưa thực hiện → Hoàn thành")
    assert [e["target"] for e in json.loads(ok(sapa(JUNE, "history", "--json")))] == ["I.2"]
    assert fields(ok(sapa(JUNE, "show", "I.2")))["Trạng thái"] == "Hoàn thành đúng hạn"


@pytest.mark.parametrize(("vhtt", "ttvh", "duty"), [
    ("vuong", "xong", "Vướng mắc"),  # any blocked: blocked
    ("dang", "chua", "Đang thực hiện trong hạn"),  # any in progress: in progress
    ("huy", "xong", "Hoàn thành đúng hạn"),  # a unit excused (không thực hiện): the others' parts decide
    ("huy", "huy", "Không thực hiện"),  # every unit excused
])
def test_the_duty_follows_from_its_units_parts(sapa, vhtt, ttvh, duty):
    for unit_id, status in (("vhtt", vhtt), ("ttvh", ttvh)):
        if status != "chua":
            ok(sapa(JUNE, "mark", "I.1", status, "--unit", unit_id, *(["--note", "lý do"] if status == "huy" else [])))
    assert fields(ok(sapa(JUNE, "show", "I.1")))["Trạng thái"] == duty


def test_a_unit_done_before_the_whole_duty_keeps_its_day(sapa):
    ok(sapa(JUNE, "mark", "I.1", "xong", "--unit", "vhtt", "--date", "10/06/2022"))
    ok(sapa(JULY, "mark", "I.1", "xong"))  # the other unit finished after the deadline
    shown = fields(ok(sapa(JULY, "show", "I.1")))
    assert shown["Phần của Phòng VHTT (vhtt)"] == "Hoàn thành đúng hạn"
    assert shown["Phần của Trung tâm VHTTTT (ttvh)"] == "Hoàn thành quá hạn (5 ngày)"
    assert shown["Trạng thái"] == "Hoàn thành quá hạn (5 ngày)"  # done on the day the last unit was


def test_a_units_note_on_a_done_duty_keeps_the_day_it_was_done(sapa, tmp_path):
    ok(sapa(JUNE, "mark", "I.1", "xong", "--date", "10/06/2022"))
    said = ok(sapa(JULY, "mark", "I.1", "xong", "--unit", "vhtt", "--ref", "15-BC/VHTT"))
    assert said.startswith("I.1 (vhtt): Hoàn thành → Hoàn thành (05/07/2022)")
    expected = "Hoàn thành đúng hạn"  # done since 10/06, whatever was added to it later
    assert fields(ok(sapa(JULY, "show", "I.1")))["Phần của Phòng VHTT (vhtt)"] == expected
    # worked out again from the ledger's files alone, the state says the same
    fresh = {"SAPA_CACHE": str(tmp_path / "fresh-cache")}
    assert fields(ok(sapa(JULY, "show", "I.1", env=fresh)))["Phần của Phòng VHTT (vhtt)"] == expected


def test_undo_and_history_follow_a_units_mark(sapa):
    ok(sapa(JUNE, "mark", "I.1", "dang", "--unit", "ttvh"))
    ok(sapa(JUNE, "mark", "I.1", "xong", "--unit", "vhtt"))
    events = [r[2] for r in rows(ok(sapa(JUNE, "history", "I.1")))]
    assert events == ["I.1 (vhtt): Hoàn thành", "I.1 (ttvh): Đang thực hiện"]
    assert [r[2] for r in rows(ok(sapa(JUNE, "history", "--unit", "ttvh")))] == ["I.1 (ttvh): Đang thực hiện"]
    assert [e["units"] for e in json.loads(ok(sapa(JUNE, "history", "--json")))] == [["vhtt"], ["ttvh"]]
    assert ok(sapa(JUNE, "undo")).startswith("Đã hoàn tác: I.1 (vhtt): Hoàn thành")
    shown = fields(ok(sapa(JUNE, "show", "I.1")))
    assert shown["Phần của Phòng VHTT (vhtt)"] == "Chưa thực hiện"
    assert shown["Phần của Trung tâm VHTTTT (ttvh)"] == "Đang thực hiện trong hạn"


def test_status_counts_each_units_own_part(sapa):
    ok(sapa(JUNE, "mark", "I.1", "xong", "--unit", "vhtt"))
    board = ok(sapa(JUNE, "status"))
    progress = {line.split("\t")[0]: line.split("\t")[2] for line in board.splitlines() if "\t" in line}
    assert (progress["vhtt"], progress["ttvh"], progress["mttq"]) == ("1/1", "0/1", "0/1")


def test_checklists_tick_each_units_own_part(sapa):
    ok(sapa(JUNE, "mark", "I.1", "xong", "--unit", "vhtt"))
    for args in (("2022-H1",), ("--due", "30/06/2022")):
        text = ok(sapa(JUNE, "checklist", *args, "--format", "md"))
        vhtt = text.split("Phòng Văn hóa và Thông tin:")[1].split("Trung tâm Văn hóa")[0]
        ttvh = text.split("Trung tâm Văn hóa, Thể thao và Truyền thông:")[1]
        assert "[x] I.1" in vhtt and "[ ] I.1" in ttvh, text


def test_overdue_and_remind_leave_out_a_unit_whose_part_is_done(sapa):
    ok(sapa(JUNE, "mark", "I.1", "xong", "--unit", "vhtt"))
    assert "I.1" not in ok(sapa(JULY, "overdue", "--unit", "vhtt"))
    assert "I.1" in ok(sapa(JULY, "overdue", "--unit", "ttvh"))
    assert "I.1" not in ok(sapa(JULY, "remind", "--unit", "vhtt"))
    assert "I.1" in ok(sapa(JULY, "remind", "--unit", "ttvh"))
    assert [i["id"] for i in json.loads(ok(sapa(JULY, "overdue", "--json")))["items"]] == ["I.1"]


def test_an_offices_reminders_leave_out_a_unit_whose_part_is_done(run, write_plan):
    """In an office of plans, `remind` reads each plan's overview, not the plan: it must agree."""
    ok(run("plan", "add", write_plan(SHARED_PLAN, "shared.toml")))
    ok(run("--today", JUNE, "mark", "I.1", "xong", "--unit", "vhtt"))
    assert "I.1" not in ok(run("--today", JULY, "remind", "--unit", "vhtt"))
    assert "I.1 " in ok(run("--today", JULY, "remind", "--unit", "ttvh"))


def test_show_json_gives_each_units_status(sapa):
    ok(sapa(JUNE, "mark", "I.1", "vuong", "--unit", "ttvh", "--note", "chưa có kinh phí"))
    shown = json.loads(ok(sapa(JUNE, "show", "I.1", "--json")))
    assert (shown["status"], shown["units_status"]) == ("blocked", {"vhtt": "todo", "ttvh": "blocked"})
    assert json.loads(ok(sapa(JUNE, "show", "I.2", "--json")))["units_status"] == {"mttq": "todo"}


def test_export_and_import_carry_each_units_part(sapa, tmp_path: Path):
    ok(sapa(JUNE, "mark", "I.1", "xong", "--unit", "vhtt", "--ref", "12-BC/VHTT"))
    exported = json.loads(ok(sapa(JUNE, "export", "--format", "json")))
    state = {row["id"]: row for row in exported["state"]}
    assert state["I.1"]["status"] == "doing"
    assert state["I.1"]["units_status"] == {"vhtt": "done", "ttvh": "todo"}
    assert [e["target"] for e in exported["events"]] == ["I.1@vhtt"]
    table = list(csv.DictReader(io.StringIO(ok(sapa(JUNE, "export", "--format", "csv")).lstrip("\ufeff"))))
    parts = [(r["target"], r["unit"], r["status"], r["ref"]) for r in table
             if r["record"] == "state" and r["id"] == "I.1"]
    assert parts == [("I.1", "", "doing", "12-BC/VHTT"), ("I.1@vhtt", "vhtt", "done", "12-BC/VHTT"),
                     ("I.1@ttvh", "ttvh", "todo", "")]

    file = tmp_path / "export.json"
    file.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "other-office").mkdir()
    other = {"SAPA_DATA": str(tmp_path / "other-office")}
    ok(sapa(JUNE, "import", file, env=other))
    shown = fields(ok(sapa(JUNE, "show", "I.1", env=other)))
    assert shown["Phần của Phòng VHTT (vhtt)"] == "Hoàn thành đúng hạn"
    assert shown["Trạng thái"] == "Đang thực hiện trong hạn"


def test_a_ledger_mark_for_a_unit_that_does_not_share_the_duty_is_set_aside(sapa, tmp_path: Path):
    folder = tmp_path / "data" / PLAN_ID
    folder.mkdir()
    events = [("a" * 32, "I.1@vhtt"), ("b" * 32, "I.2@vhtt"), ("c" * 32, "I.1@mttq")]
    (folder / "ledger-2022-06.toml").write_text(f'format = 1\nplan = "{PLAN_ID}"\n' + "".join(
        f'\n[[events]]\nid = "{event_id}"\nrecorded = 2022-06-10T09:00:00+07:00\ndate = 2022-06-10\n'
        f'kind = "mark"\ntarget = "{target}"\nstatus = "done"\n' for event_id, target in events), encoding="utf-8")
    checked = sapa(JUNE, "plan", "check", "--json")
    assert checked.exit_code == 0
    assert [(m["target"], m["why"]) for m in json.loads(checked.stdout)["ledger_mismatches"]] == [
        ("I.2@vhtt", "mục 'I.2' không do nhiều đơn vị cùng thực hiện, nên không có phần riêng của 'vhtt'"),
        ("I.1@mttq", "mục 'I.1' không có phần của đơn vị 'mttq' (đơn vị cùng thực hiện: vhtt, ttvh)")]
    result = sapa(JUNE, "show", "I.1")
    assert result.exit_code == 0 and "I.2@vhtt" in result.stderr  # named, never taken for damage
    shown = fields(result.stdout)
    assert shown["Phần của Phòng VHTT (vhtt)"] == "Hoàn thành đúng hạn"  # the mark the plan knows counts
    assert fields(sapa(JUNE, "show", "I.2").stdout)["Trạng thái"] == "Chưa thực hiện"


def test_a_renamed_duty_and_unit_keep_their_parts(run, write_plan):
    """`renamed_from` on the duty and on the unit: a part marked under the old ids is the new ones'."""
    ok(run("--plan", write_plan(SHARED_PLAN, "v1.toml"), "--today", JUNE, "mark", "I.1", "xong", "--unit", "vhtt"))
    renamed = SHARED_PLAN.replace('"vhtt"', '"phong-vh"').replace(
        'id = "phong-vh"\n', 'id = "phong-vh"\nrenamed_from = ["vhtt"]\n').replace(
        'id = "I.1"\n', 'id = "I.5"\nrenamed_from = ["I.1"]\n')
    shown = fields(ok(run("--plan", write_plan(renamed, "v2.toml"), "--today", JUNE, "show", "I.5")))
    assert shown["Phần của Phòng VHTT (phong-vh)"] == "Hoàn thành đúng hạn"
    assert shown["Trạng thái"] == "Đang thực hiện trong hạn"


def test_the_whole_duty_marked_done_dated_back_before_a_units_mark_counts_as_the_files_say(sapa, tmp_path):
    """A unit that marks its part done after the whole duty was done keeps the duty's day. When
    the duty's mark is dated back before the unit's, a write that only folded it into the cached
    state left the unit's part late; the files say it was done on time."""
    ok(sapa(JULY, "mark", "I.1", "xong", "--unit", "vhtt", "--date", "02/07/2022"))
    ok(sapa(JULY, "mark", "I.1", "xong", "--date", "25/06/2022"))
    fresh = {"SAPA_CACHE": str(tmp_path / "no-cache")}  # every system's cache folder: SAPA_CACHE
    from_the_files = duty_rows(ok(sapa(JULY, "duties", env=fresh)))
    assert from_the_files["I.1 vhtt"] == "Hoàn thành đúng hạn"
    assert duty_rows(ok(sapa(JULY, "duties"))) == from_the_files
