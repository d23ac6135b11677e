"""The office roster complete, and nothing recorded hidden without a word (issue 18, in part).

A member leaves its unit (`roster remove-member`) and a unit is renamed (`roster rename-unit`)
with their history kept; a unit a plan renames keeps the members it took from the roster and their
reports; a damaged roster is damaged data (exit 5, its real `file:line`) and a change that would
damage it is refused as a bad argument; `history`, `remind` and `reports --unit` take a member; the
office's totals merge only the roster's units; an item taken out of a plan on purpose (`removed`)
keeps its history and is never warned of again; and `plan add --replace` that would hide events
is refused unless `--force`.

The plan: a district's year of propaganda whose chi bộ, kept in the office roster, each report
monthly (an invented plan).
"""

from __future__ import annotations

import json

import pytest
from helpers import fail, folder_bytes, installed_plan, ok, roster_changes

TODAY = "2023-03-20"
PLAN_ID = "bat-xat-2023"

PLAN = """\
format = 1

[plan]
id = "bat-xat-2023"
title = "Kế hoạch tuyên truyền kỷ niệm các ngày lễ lớn năm 2023"
issuer = "Ban Thường vụ Huyện ủy Bát Xát"
start = 2023-01-01
end = 2023-12-31

[[units]]
id = "btg"
name = "Ban Tuyên giáo Huyện ủy"

[[items]]
id = "I"
kind = "section"
title = "NHIỆM VỤ"

[[items]]
id = "I.1"
kind = "duty"
text = "Tuyên truyền kỷ niệm 93 năm ngày thành lập Đảng Cộng sản Việt Nam."
units = ["chi-bo"]
due = 2023-02-03

[[items]]
id = "I.2"
kind = "duty"
text = "Tổ chức hội thi tìm hiểu lịch sử Đảng bộ huyện."
units = ["chi-bo"]
due = 2023-05-31

[reporting]
first = "2023-01"
last = "2023-12"

[[reporting.rules]]
id = "thang"
kind = "unit"
units = ["chi-bo"]
to = ["btg"]
per_member = true

[[reporting.rules.due]]
period = "month"
months_after_end = 0
day = 25
"""

# The same plan after the clerk renamed the unit in it: its id is now `cac-chi-bo`.
RENAMED = (PLAN.replace('[[units]]\nid = "btg"', '[[units]]\nid = "cac-chi-bo"\nname = "Các chi bộ cơ sở"\n'
                                                 'renamed_from = ["chi-bo"]\n\n[[units]]\nid = "btg"')
           .replace('units = ["chi-bo"]', 'units = ["cac-chi-bo"]'))


@pytest.fixture
def office(run, write_plan):
    """The roster's chi bộ with three members, the plan added, and `sapa(*args)` run on TODAY."""
    def sapa(*args, today=TODAY):
        return run("--today", today, *args)

    ok(sapa("roster", "add-unit", "chi-bo", "Các chi bộ trực thuộc"))
    for member_id, name in (("hau-thao", "Chi bộ Hầu Thào"), ("ta-van", "Chi bộ Tả Van"),
                            ("lao-chai", "Chi bộ Lao Chải")):
        ok(sapa("roster", "add-member", "chi-bo", name, "--id", member_id))
    ok(sapa("plan", "add", write_plan(PLAN, "bat-xat.toml")))
    return sapa


def report_rows(sapa, period, *args):
    return json.loads(ok(sapa("reports", "--period", period, "--json", *args)))


# ---- the roster: remove-member, rename-unit -------------------------------------------------------

def test_a_member_removed_keeps_its_reports_and_history_and_owes_no_new_one(office, tmp_path):
    ok(office("submit", "ta van", "2023-01", "--date", "20/01/2023", "--ref", "01-BC/CB"))
    ok(office("submit", "ta van", "2023-02", "--date", "24/02/2023", "--ref", "02-BC/CB"))
    said = ok(office("roster", "remove-member", "chi-bo", "chi bo ta van", "--date", "28/02/2023"))
    assert said.startswith("Đã ghi Chi bộ Tả Van (ta-van) thôi thuộc chi-bo từ ngày 28/02/2023")
    assert "ended = 2023-02-28" in roster_changes(tmp_path / "data")

    # What it sent stays where it was: in the reports of its months, and in its history.
    february = {r.get("member"): r for r in report_rows(office, "2023-02", "--unit", "chi-bo")}
    assert (february["ta-van"]["submitted"], february["ta-van"]["ref"]) == ("2023-02-24", "02-BC/CB")
    assert [e["ref"] for e in json.loads(ok(office("history", "--unit", "ta van", "--json")))] == [
        "02-BC/CB", "01-BC/CB"]
    # From March on it owes nothing: the unit waits for its two other members only.
    march = report_rows(office, "2023-03", "--unit", "chi-bo")
    assert [r.get("member") for r in march] == ["hau-thao", "lao-chai", None]
    assert (march[-1]["members_received"], march[-1]["members_owed"]) == (0, 2)
    assert "Tả Van" not in ok(office("remind", "--days", "30"))
    assert fail(office("submit", "ta van", "2023-03")) == (
        "sapa: Chi bộ Tả Van đã thôi thuộc 'chi-bo' từ ngày 28/02/2023: không còn nộp báo cáo kỳ 2023-03")
    # The roster still lists it, saying since when it is gone; removing it twice is refused.
    assert "Chi bộ Tả Van (thôi từ 28/02/2023); Chi bộ Lao Chải" in ok(office("roster", "list"))
    assert fail(office("roster", "remove-member", "chi-bo", "ta-van")) == (
        "sapa: Chi bộ Tả Van (ta-van) đã thôi thuộc chi-bo từ ngày 28/02/2023")
    message = fail(office("roster", "remove-member", "chi-bo", "ta-vann"))
    assert "không có thành viên 'ta-vann'" in message and "ta-van" in message
    english = fail(office("--lang", "en", "roster", "remove-member", "chi-bo", "lao-chai", "--date", "30/02/2023"))
    assert "30/02/2023" in english


def test_rename_unit_keeps_the_id_members_and_reports_and_the_old_name_finds_it(office):
    ok(office("submit", "hau thao", "2023-02", "--date", "20/02/2023"))
    said = ok(office("roster", "rename-unit", "cac chi bo truc thuoc", "Các chi bộ cơ sở"))
    assert said == ("Đã đổi tên đơn vị chi-bo thành Các chi bộ cơ sở; tên cũ (Các chi bộ trực thuộc) vẫn gõ được; "
                    "mã, thành viên và báo cáo giữ nguyên\n")
    (unit,) = [u for u in json.loads(ok(office("units", "--json"))) if u["id"] == "chi-bo"]
    assert unit["name"] == "Các chi bộ cơ sở" and "Các chi bộ trực thuộc" in unit["aliases"]
    assert unit["member_ids"] == ["hau-thao", "ta-van", "lao-chai"]
    rows = report_rows(office, "2023-02", "--unit", "Các chi bộ trực thuộc")  # the old name still finds it
    assert [(r.get("member"), r["submitted"]) for r in rows[:1]] == [("hau-thao", "2023-02-20")]
    assert fail(office("roster", "rename-unit", "chi-bx", "X")).startswith("sapa: không có đơn vị 'chi-bx' (có phải:")
    assert fail(office("roster", "rename-unit", "btg", "Ban Tuyên giáo")).startswith(
        "sapa: đơn vị 'btg' do tệp kế hoạch tự ghi, không có trong danh sách văn phòng")


def test_a_unit_the_plan_renames_keeps_the_roster_s_members_and_their_reports(office, write_plan):
    ok(office("submit", "ta van", "2023-01", "--date", "20/01/2023", "--ref", "01-BC/CB"))
    ok(office("waive", "lao chai", "2023-01", "--note", "Chi bộ mới kiện toàn"))
    # Installed without a word: nothing of the ledger is set aside.
    ok(office("plan", "add", "--replace", write_plan(RENAMED, "v2.toml")))
    rows = {r.get("member"): r for r in report_rows(office, "2023-01", "--unit", "cac-chi-bo")}
    assert (rows["ta-van"]["unit"], rows["ta-van"]["submitted"], rows["ta-van"]["ref"]) == (
        "cac-chi-bo", "2023-01-20", "01-BC/CB")
    assert rows["lao-chai"]["state"] == "waived" and rows["hau-thao"]["state"] == "overdue"
    units = json.loads(ok(office("units", "--json")))
    assert [(u["id"], u["member_ids"]) for u in units] == [
        ("cac-chi-bo", ["hau-thao", "ta-van", "lao-chai"]), ("btg", [])]  # not the roster's chi-bo again
    ok(office("submit", "ta van", "2023-02"))  # the member answers under the new unit
    assert [e["target"] for e in json.loads(ok(office("history", "--unit", "ta van", "--json")))] == [
        "cac-chi-bo/ta-van@2023-02", "cac-chi-bo/ta-van@2023-01"]


# ---- roster errors: their real line, the right exit code ------------------------------------------

def test_a_damaged_roster_is_damaged_data_at_its_real_line_and_is_never_overwritten(office, tmp_path):
    """A roster.toml as earlier versions wrote it (or as a clerk typed it), damaged: named at its
    line, exit 5, and never written, by a change to the roster either."""
    roster = tmp_path / "data" / "_workspace" / "roster.toml"
    text = 'format = 1\n\n[[units]]\nid = "mttq"\nname = "Ủy ban MTTQ huyện"\n'
    line = 5
    damaged = text.replace('name = "Ủy ban MTTQ huyện"', 'nme = "Ủy ban MTTQ huyện"')
    roster.write_text(damaged, encoding="utf-8")
    for command in (["units"], ["remind"], ["status"], ["roster", "add-member", "chi-bo", "Chi bộ Y Tý"]):
        result = office(*command)
        assert result.exit_code == 5, (command, result.stderr)
        assert result.stdout == "" and "Traceback" not in result.stderr
        said = result.stderr.splitlines()
        assert said[0] == "sapa: tệp danh sách văn phòng (roster.toml) bị hỏng; hãy sửa tệp:", command
        assert f"{roster}:{line}: units[0].nme: khóa không hợp lệ 'nme'" in result.stderr, command
    assert roster.read_text(encoding="utf-8") == damaged


def test_a_damaged_change_file_of_the_roster_is_named_and_never_written_to(office, tmp_path):
    """This machine's file of changes to the roster, damaged (a bad sync, a hand edit): every
    command that reads the roster names it (exit 5), and a change refuses to add to it."""
    [own] = (tmp_path / "data" / "_workspace" / "changes").glob("roster.*.toml")
    damaged = own.read_text(encoding="utf-8").replace('kind = "member"', 'kind = 7', 1)
    own.write_text(damaged, encoding="utf-8")
    for command in (["units"], ["remind"], ["roster", "add-member", "chi-bo", "Chi bộ Y Tý"]):
        result = office(*command)
        assert result.exit_code == 5, (command, result.stderr)
        assert result.stdout == "" and "Traceback" not in result.stderr
        assert result.stderr.startswith(f"sapa: tệp thay đổi của văn phòng {own} bị hỏng ([[change]] "), command
    assert own.read_text(encoding="utf-8") == damaged


def test_a_change_that_would_damage_the_roster_is_a_bad_argument_and_writes_nothing(office, tmp_path):
    workspace = tmp_path / "data" / "_workspace"
    before = folder_bytes(workspace)
    message = fail(office("roster", "add-member", "chi-bo", "Chi bộ Hầu Thào", "--id", "hau-thao-2"))
    assert message == ("sapa: danh sách văn phòng không đổi: thành viên 'Chi bộ Hầu Thào' trùng tên với "
                       "thành viên 'hau-thao' của cùng đơn vị khi bỏ dấu")
    assert "roster.toml" not in fail(office("roster", "add-member", "chi-bo", "Chi bộ Y Tý", "--id", "Y Ty"))
    assert "roster.toml" not in fail(office("roster", "add-unit", "Mat Tran", "Ủy ban MTTQ huyện"))
    assert "trùng" in fail(office("roster", "rename-member", "chi-bo", "ta-van", "chi bo hau thao"))
    assert folder_bytes(workspace) == before


# ---- a member where a unit is asked for -------------------------------------------------------------

def test_history_remind_and_reports_take_a_member_as_submit_does(office):
    ok(office("submit", "hau thao", "2023-02", "--date", "20/02/2023", "--ref", "05-BC/HT"))
    ok(office("submit", "ta van", "2023-02", "--date", "21/02/2023"))
    assert [e["ref"] for e in json.loads(ok(office("history", "--unit", "hau thao", "--json")))] == ["05-BC/HT"]
    assert len(json.loads(ok(office("history", "--unit", "chi-bo", "--json")))) == 2  # the unit's: its members'
    rows = report_rows(office, "2023-02", "--unit", "hau thao")
    assert [(r["member"], r["ref"]) for r in rows] == [("hau-thao", "05-BC/HT")]
    chase = ["Báo cáo tháng 1 năm 2023 của Chi bộ Hầu Thào: hạn 25/01/2023, quá hạn 58 ngày",
             "Báo cáo tháng 3 năm 2023 của Chi bộ Hầu Thào: hạn 25/03/2023, còn 1 ngày"]  # no item: a member has none
    lines = ok(office("remind", "--unit", "hau thao", today="2023-03-24")).splitlines()
    assert lines[1:] == [f"[{PLAN_ID}] {line}" for line in chase]
    single = ok(office("--plan", PLAN_ID, "remind", "--unit", "chi bo hau thao", today="2023-03-24")).splitlines()
    assert single[1:] == chase
    assert fail(office("remind", "--unit", "hau thaoo")).startswith("sapa: không có đơn vị 'hau thaoo'")


# ---- the office's totals: merged only where the units are one body --------------------------------

def test_the_office_totals_merge_a_unit_only_where_the_plans_share_the_roster_s(run, write_plan):
    from test_member_reports import MEMBERS_PLAN
    from test_one_time_reports_and_phases import PHASES_PLAN

    def sapa(*args):
        return run("--today", "2023-06-14", *args)

    ok(sapa("plan", "add", write_plan(MEMBERS_PLAN, "ward.toml")))
    ok(sapa("plan", "add", write_plan(PHASES_PLAN, "phases.toml")))
    ok(sapa("plan", "add", write_plan(PHASES_PLAN.replace('id = "muong-khuong-chuong-trinh-2015"',
                                                          'id = "muong-khuong-ban-sao"'), "copy.toml")))
    # Both plans call their unit `vhtt`; nothing says it is one body: each plan's, named.
    lines = ok(sapa("status")).splitlines()
    assert "Phòng Văn hóa và Thông tin (muong-khuong-ban-sao): 3 báo cáo còn nợ" in lines
    assert "Phòng Văn hóa và Thông tin (muong-khuong-chuong-trinh-2015): 3 báo cáo còn nợ" in lines
    assert not any("ở 2 kế hoạch" in line for line in lines)
    units = json.loads(ok(sapa("status", "--json")))["units"]
    assert {(u["unit"], u["plan"], u["reports_outstanding"]) for u in units} == {
        ("vhtt", "muong-khuong-ban-sao", 3), ("vhtt", "muong-khuong-chuong-trinh-2015", 3)}
    # The roster says it is the office's one Phòng: its totals are merged.
    ok(sapa("roster", "add-unit", "vhtt", "Phòng Văn hóa và Thông tin huyện"))
    assert "Phòng Văn hóa và Thông tin huyện: 6 báo cáo còn nợ ở 2 kế hoạch" in ok(sapa("status")).splitlines()
    assert json.loads(ok(sapa("status", "--json")))["units"] == [
        {"unit": "vhtt", "name": "Phòng Văn hóa và Thông tin huyện", "reports_outstanding": 6, "plans": 2,
         "plan": None}]
    english = ok(sapa("--lang", "en", "status")).splitlines()
    assert "Phòng Văn hóa và Thông tin huyện: 6 report(s) outstanding in 2 plan(s)" in english


# ---- an item removed on purpose: history kept, no warning ever again ------------------------------

DROPPED = PLAN.replace('''[[items]]
id = "I.1"
kind = "duty"
text = "Tuyên truyền kỷ niệm 93 năm ngày thành lập Đảng Cộng sản Việt Nam."
units = ["chi-bo"]
due = 2023-02-03
''', "")
REMOVED = DROPPED.replace('end = 2023-12-31', 'end = 2023-12-31\nremoved = ["I.1"]')


@pytest.fixture
def marked(office):
    ok(office("mark", "I.1", "dang", "--date", "02/01/2023"))
    ok(office("mark", "I.1", "xong", "--date", "02/02/2023", "--note", "Đã treo 40 băng rôn"))
    ok(office("submit", "hau thao", "2023-01", "--date", "20/01/2023"))
    return office


def test_an_item_removed_keeps_its_history_shown_as_removed_and_warns_no_more(marked, write_plan, tmp_path):
    ok(marked("plan", "add", "--replace", write_plan(REMOVED, "v2.toml")))
    for command in (["status"], ["remind", "--fail-on-overdue"], ["duties"], ["reports"], ["overdue"],
                    ["plan", "check"]):
        result = marked(*command)
        assert "I.1" not in result.stderr and "không khớp" not in result.stderr, command  # not a word, ever
    history = ok(marked("--plain", "history")).splitlines()
    assert [line.split("\t")[3] for line in history[1:]] == [
        "Nhận báo cáo chi-bo/hau-thao 2023-01",
        "I.1: Hoàn thành (đã bỏ khỏi kế hoạch)", "I.1: Đang thực hiện (đã bỏ khỏi kế hoạch)"]
    shown = ok(marked("show", "I.1")).splitlines()
    assert shown[0] == "I.1 — Đã bỏ khỏi kế hoạch" and any("Đã treo 40 băng rôn" in line for line in shown)
    events = json.loads(ok(marked("history", "I.1", "--json")))
    assert [(e["status"], e["removed_from_plan"]) for e in events] == [("done", True), ("doing", True)]
    assert fail(marked("mark", "I.1", "xong")).startswith("sapa: mục 'I.1' đã bỏ khỏi kế hoạch")
    assert "I.1" not in ok(marked("duties", "--all"))
    english = ok(marked("--lang", "en", "--plain", "history", "I.1"))
    assert "I.1: Done (removed from the plan)" in english


def test_removed_may_name_only_an_item_the_plan_no_longer_has(run, write_plan):
    still = PLAN.replace('end = 2023-12-31', 'end = 2023-12-31\nremoved = ["I.2", "I-3"]')
    result = run("plan", "check", write_plan(still, "still.toml"))
    assert result.exit_code == 4
    assert "plan.removed[0]: 'I.2' vẫn là một mục của kế hoạch (items[2])" in result.stderr
    assert "plan.removed[1]: mã mục 'I-3' phải có dạng II.1.2" in result.stderr


# ---- plan add --replace that would hide events: refused unless --force ----------------------------

def test_plan_add_replace_that_would_hide_events_is_refused_unless_forced(marked, write_plan, tmp_path):
    installed = installed_plan(tmp_path / "data", PLAN_ID)
    before = installed.read_bytes()
    ok(marked("mark", "I.2", "dang", "--date", "15/03/2023"))
    both = DROPPED.replace('[[items]]\nid = "I.2"', '[[items]]\nid = "I.3"')
    result = marked("plan", "add", "--replace", write_plan(both, "v2-both.toml"))
    assert result.exit_code == 2 and result.stdout == ""
    said = result.stderr.splitlines()
    assert said[0].startswith(f"sapa: kế hoạch '{PLAN_ID}' này sẽ để riêng 3 sự kiện của sổ tiến độ")
    assert "--force" in said[0] and "removed" in said[0]
    assert said[1:] == ["  I.1: 2 cập nhật từ 02/01/2023 sẽ không còn hiện (kế hoạch không có mục 'I.1')",
                        "  I.2: 1 cập nhật từ 15/03/2023 sẽ không còn hiện (kế hoạch không có mục 'I.2')"]
    assert installed.read_bytes() == before  # nothing installed
    dropped = write_plan(DROPPED, "v2.toml")
    assert "I.1" in ok(marked("duties", "--all"))
    english = marked("--lang", "en", "plan", "add", "--replace", dropped)
    assert english.exit_code == 2 and "  I.1: 2 update(s) from 02/01/2023 will no longer show" in english.stderr
    # Asked for, it is installed, and what it sets aside is said.
    forced = marked("plan", "add", "--replace", "--force", dropped)
    assert forced.exit_code == 0 and "Đã cài bản mới" in forced.stdout
    assert "không khớp" in forced.stderr and installed_plan(tmp_path / "data", PLAN_ID).read_bytes() != before
    assert installed.read_bytes() == before  # each version keeps its own file
    # What is set aside already is not hidden again: the same version once more is no question.
    again = marked("plan", "add", "--replace", dropped)
    assert again.exit_code == 0 and "không khớp" in again.stderr
