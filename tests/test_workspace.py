"""An office with many plans: the workspace in the data folder, one cron line for all of them,
item references across plans, closing and reopening plans.

Three plans in one workspace: the bundled Sa Pa plan and two invented ones (a ward's study plan
whose chi bộ report on their own, and a two-phase programme)."""

from __future__ import annotations

import contextlib
import json
import marshal

import pytest
from helpers import fail, installed_plan, ok
from sample_plans import BUNDLED_PLAN_PATH
from test_member_reports import MEMBERS_PLAN
from test_one_time_reports_and_phases import PHASES_PLAN

from sapa_propaganda.core.dates import format_date, parse_date
from sapa_propaganda.core.text import json_text

WARD, PHASES, SAPA = "hoa-lac-hoc-tap-2023", "muong-khuong-chuong-trinh-2015", "sa-pa-2021-tuyen-truyen-dai-hoi-xiii"
TODAY = "2023-06-14"


@pytest.fixture
def office(run, write_plan):
    """A workspace holding the three plans; returns `sapa(*args)` run on TODAY without --plan."""
    def sapa(*args, today=TODAY):
        return run("--today", today, *args)

    ok(sapa("plan", "add", write_plan(MEMBERS_PLAN, "ward.toml")))
    ok(sapa("plan", "add", write_plan(PHASES_PLAN, "phases.toml")))
    ok(sapa("plan", "add", BUNDLED_PLAN_PATH))
    return sapa


def test_plan_add_validates_refuses_a_second_copy_and_replace_installs_a_new_version(run, write_plan, office):
    message = fail(office("plan", "add", write_plan(MEMBERS_PLAN, "again.toml")))
    assert message == f"sapa: đã có kế hoạch '{WARD}'; dùng --replace để cài bản mới"
    renamed = MEMBERS_PLAN.replace("Kế hoạch học tập chuyên đề năm 2023", "Kế hoạch học tập chuyên đề (sửa đổi)")
    assert "Đã cài bản mới" in ok(office("plan", "add", "--replace", write_plan(renamed, "v2.toml")))
    listed = {p["id"]: p for p in json.loads(ok(office("plan", "list", "--json")))}
    assert listed[WARD]["title"] == "Kế hoạch học tập chuyên đề (sửa đổi)"
    broken = write_plan(MEMBERS_PLAN.replace('start = 2023-01-01', 'start = "hôm nay"'), "broken.toml")
    result = office("plan", "add", "--replace", broken)
    assert result.exit_code == 4 and f"{broken}:7:" in result.stderr
    assert {p["id"] for p in json.loads(ok(office("plan", "list", "--json")))} == {WARD, PHASES, SAPA}


def test_plan_list_gives_each_plan_its_dates_state_and_counts(office):
    listed = {p["id"]: p for p in json.loads(ok(office("plan", "list", "--json")))}
    assert listed[WARD]["state"] == "active" and listed[PHASES]["state"] == "ended"
    assert (listed[WARD]["start"], listed[WARD]["end"]) == ("2023-01-01", "2023-12-31")
    assert listed[WARD]["overdue"] == 1  # duty I, due 31/05/2023
    plain = ok(office("plan", "list"))
    assert plain.splitlines()[0].split("\t")[0] == "Mã" and f"{PHASES}\t" in plain and "Đã hết thời gian" in plain
    ok(office("plan", "use", WARD))
    ids = [line.split("\t")[0] for line in ok(office("plan", "list")).splitlines()[1:]]
    assert ids == [WARD, PHASES, SAPA]  # `cut -f1` gives the ids alone; the default is said in its state
    assert "Đang thực hiện (mặc định)" in ok(office("plan", "list"))


def test_one_remind_covers_every_plan_and_each_line_names_its_plan(office):
    result = office("remind", "--fail-on-overdue")
    assert result.exit_code == 3
    heading, *lines = result.stdout.splitlines()
    assert heading == "Nhắc việc ngày 14/06/2023"  # once, for the whole office
    assert {line.split("] ")[0] + "]" for line in lines} == {f"[{WARD}]", f"[{PHASES}]", f"[{SAPA}]"}
    assert f"[{WARD}] Báo cáo 6 tháng đầu năm 2023 của Chi bộ Tả Van: hạn 15/06/2023, còn 1 ngày" in lines
    assert f"[{PHASES}] Báo cáo sơ kết giai đoạn 1 của Phòng Văn hóa và Thông tin: hạn 30/12/2015, quá hạn 2723 ngày" \
        in lines


def test_remind_json_names_the_plan_of_every_row(office, tmp_path):
    target = tmp_path / "reminders.json"
    result = office("remind", "-o", target)
    assert result.exit_code == 0
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert {r["plan"] for r in rows} == {WARD, PHASES, SAPA}


def test_a_closed_plan_sends_no_reminders_until_it_is_reopened(office):
    fail(office("plan", "close", PHASES))  # a reason is required
    assert "Đã đóng" in ok(office("plan", "close", PHASES, "--note", "Đã tổng kết chương trình"))
    assert not any(line.startswith(f"[{PHASES}]") for line in office("remind").stdout.splitlines())
    listed = {p["id"]: p for p in json.loads(ok(office("plan", "list", "--json")))}
    assert listed[PHASES]["state"] == "closed" and listed[PHASES]["note"] == "Đã tổng kết chương trình"
    still_readable = ok(office("--plan", PHASES, "overdue"))
    assert "I.1\tNhiệm vụ\tXây dựng nhà văn hóa thôn ở 5 xã." in still_readable
    ok(office("plan", "reopen", PHASES))
    assert any(line.startswith(f"[{PHASES}]") for line in office("remind").stdout.splitlines())


def test_items_are_marked_by_plan_and_id_or_by_an_id_only_one_plan_has(office):
    assert ok(office("mark", f"{WARD}:I", "done")).startswith("I: ")
    assert ok(office("mark", "III.1.1", "doing")).startswith("III.1.1: ")  # only Sa Pa has III.1.1
    assert json.loads(ok(office("--plan", SAPA, "show", "III.1.1", "--json")))["status"] == "doing"
    message = fail(office("mark", "I.1", "done"))
    assert message == (f"sapa: mục 'I.1' có ở nhiều kế hoạch: {PHASES}:I.1, {SAPA}:I.1; hãy ghi KẾ_HOẠCH:MÃ")
    ok(office("plan", "use", PHASES))
    assert ok(office("mark", "I.1", "done")).startswith("I.1: ")  # the default plan's I.1
    assert json.loads(ok(office("--plan", PHASES, "show", "I.1", "--json")))["status"] == "done"


def test_status_shows_a_block_per_plan_then_what_each_unit_owes_across_plans(office):
    out = ok(office("status"))
    assert f"== {WARD} — Kế hoạch học tập chuyên đề năm 2023" in out
    # vhtt owes in the programme and in Sa Pa; no roster says the two plans' units are one body
    assert f"Phòng Văn hóa và Thông tin ({PHASES}): 3 báo cáo còn nợ" in out
    data = json.loads(ok(office("status", "--json")))
    assert [p["plan"] for p in data["plans"]] == [WARD, PHASES, SAPA]
    assert {"unit": "vhtt", "name": "Phòng Văn hóa và Thông tin", "reports_outstanding": 3, "plans": 1,
            "plan": PHASES} in data["units"]


def test_plan_remove_keeps_the_ledger_and_says_where(office, tmp_path):
    ok(office("mark", f"{WARD}:I", "done"))
    out = ok(office("plan", "remove", WARD))
    assert "sổ tiến độ vẫn giữ ở" in out and WARD in out
    assert WARD not in {p["id"] for p in json.loads(ok(office("plan", "list", "--json")))}
    assert any(p.name.startswith("ledger-") for p in (tmp_path / "data" / WARD).iterdir())


def test_an_empty_workspace_leaves_the_bundled_plan_as_before(run):
    assert "Kế hoạch đẩy mạnh công tác tuyên truyền" in ok(run("--today", "2022-06-20", "status"))
    assert ok(run("plan", "list")) == "Chưa có kế hoạch nào; thêm bằng 'sapa plan add TỆP'\n"


def test_an_unknown_plan_id_is_named_with_the_close_ones(office):
    message = fail(office("plan", "close", "hoa-lac-hoc-tap-2032", "--note", "x"))
    assert "không có kế hoạch 'hoa-lac-hoc-tap-2032'" in message and WARD in message


def test_reports_and_overdue_cover_every_plan_one_table_with_a_plan_column(office):
    plain = ok(office("overdue")).splitlines()
    assert plain[0].split("\t")[:3] == ["Kế hoạch", "Mã", "Loại"]
    assert plain.count(plain[0]) == 1  # one header for every plan
    assert {line.split("\t")[0] for line in plain[1:]} == {WARD, PHASES, SAPA}
    late = json.loads(ok(office("overdue", "--json")))
    assert {r["plan"] for r in late["reports"]} == {PHASES, SAPA}
    assert {i["plan"] for i in late["items"]} == {WARD, PHASES, SAPA}
    rows = json.loads(ok(office("reports", "--unit", "mttq", "--json")))
    assert {r["plan"] for r in rows} == {WARD, SAPA}  # the programme has no MTTQ: left out
    assert fail(office("reports", "--unit", "khong-co")).startswith("sapa: không có đơn vị 'khong-co'")
    only = json.loads(ok(office("--plan", WARD, "reports", "--json")))
    assert only and all("plan" not in r for r in only)  # --plan narrows to one plan, as before


def test_checklists_and_the_calendar_cover_every_plan(office):
    text = ok(office("checklist", "--due", "2023-06-30"))
    assert text.count("# DANH MỤC KIỂM TRA") == 3 and f"Kế hoạch: {PHASES}" in text
    only_h1 = ok(office("checklist", "2023-H1"))
    assert f"Kế hoạch: {WARD}" in only_h1 and f"Kế hoạch: {SAPA}" in only_h1 and PHASES not in only_h1
    ics = ok(office("export", "--format", "ics"))
    assert ics.count("BEGIN:VCALENDAR") == 1 and ics.count("END:VCALENDAR") == 1
    summaries = [line for line in ics.replace("\r\n ", "").splitlines() if line.startswith("SUMMARY:")]
    assert {s.split("] ")[0] for s in summaries} == {f"SUMMARY:[{WARD}", f"SUMMARY:[{PHASES}", f"SUMMARY:[{SAPA}"}
    phase = ok(office("checklist", "--phase", f"{PHASES}:I"))
    assert phase.startswith("# DANH MỤC KIỂM TRA — I. GIAI ĐOẠN 1")


ROSTER_PLAN = MEMBERS_PLAN.replace('''members = [
  { id = "ta-van", name = "Chi bộ Tả Van", aliases = ["CB Tả Van"] },
  { id = "lao-chai", name = "Chi bộ Lao Chải" },
  "Chi bộ Đồng Tâm",
]
''', "").replace('id = "hoa-lac-hoc-tap-2023"', 'id = "hoa-lac-roster"')


def test_the_roster_supplies_members_to_a_plan_that_lists_none(run, write_plan):
    def sapa(*args):
        return run("--today", TODAY, *args)

    ok(sapa("plan", "add", write_plan(ROSTER_PLAN, "roster-plan.toml")))
    assert ok(sapa("roster", "add-member", "chi bo", "Chi bộ Tả Van", "--id", "ta-van")) == (
        "Đã thêm Chi bộ Tả Van (ta-van) vào chi-bo trong danh sách văn phòng\n")
    ok(sapa("roster", "add-member", "chi-bo", "Chi bộ Đồng Tâm"))
    message = fail(sapa("roster", "add-member", "chi-bo", "Chi bộ Tả Van", "--id", "ta-van"))
    assert message == "sapa: đơn vị 'chi-bo' đã có thành viên 'ta-van'"
    units = {u["id"]: u for u in json.loads(ok(sapa("units", "--json")))}
    assert units["chi-bo"]["member_ids"] == ["ta-van", "chi-bo-dong-tam"] and units["chi-bo"]["source"] == "plan+roster"
    assert units["mttq"]["source"] == "plan"
    # The per-member rule now has members to ask: each reports on its own.
    ok(sapa("submit", "chi bo ta van", "2023-H1"))
    rows = json.loads(ok(sapa("reports", "--period", "2023-H1", "--unit", "chi-bo", "--json")))
    assert [(r.get("member"), r["state"]) for r in rows[:2]] == [("ta-van", "on-time"), ("chi-bo-dong-tam", "due-soon")]
    assert (rows[-1]["members_received"], rows[-1]["members_owed"]) == (1, 2)


def test_renaming_a_member_in_the_roster_keeps_its_reports(run, write_plan):
    def sapa(*args):
        return run("--today", TODAY, *args)

    ok(sapa("plan", "add", write_plan(ROSTER_PLAN, "roster-plan.toml")))
    ok(sapa("roster", "add-member", "chi-bo", "Chi bộ Tả Van", "--id", "ta-van"))
    ok(sapa("submit", "ta van", "2023-H1", "--ref", "07-BC/CB"))
    assert "Đảng bộ xã Tả Van" in ok(sapa("roster", "rename-member", "chi-bo", "ta-van", "Đảng bộ xã Tả Van"))
    rows = json.loads(ok(sapa("reports", "--period", "2023-H1", "--unit", "chi-bo", "--json")))
    assert (rows[0]["member"], rows[0]["ref"]) == ("ta-van", "07-BC/CB")
    assert "Đảng bộ xã Tả Van" in ok(sapa("reports", "--period", "2023-H1", "--unit", "chi-bo"))
    again = ok(sapa("submit", "chi bo ta van", "2023-H1", "--ref", "08-BC/CB", "--replace")).splitlines()
    assert again[-1].startswith("Đảng bộ xã Tả Van — Báo cáo 6 tháng đầu năm 2023: nhận ngày 14/06/2023, 08-BC/CB")
    message = fail(sapa("roster", "rename-member", "chi-bo", "ta-vann", "X"))
    assert "không có thành viên 'ta-vann'" in message and "ta-van" in message


def test_the_whole_workspace_exports_to_one_file_and_imports_into_each_plan(office, run, tmp_path, write_plan):
    ok(office("mark", f"{WARD}:I", "done"))
    ok(office("submit", "--plan", PHASES, "vhtt", "giai-doan-1", "--date", "2015-12-20"))
    target = tmp_path / "office.json"
    assert office("export", "-o", target).exit_code == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["workspace"] is True
    assert {p["plan"]: len(p["events"]) for p in document["plans"]} == {WARD: 1, PHASES: 1, SAPA: 0}
    other = {"SAPA_DATA": str(tmp_path / "other-office")}
    (tmp_path / "other-office").mkdir()  # an office's folder is there: a new one is said (test_clerk_habits)
    message = run("--today", TODAY, "import", target, env=other)
    assert message.exit_code == 2 and "chưa nhập gì" in message.stderr
    for name, text in (("w.toml", MEMBERS_PLAN), ("p.toml", PHASES_PLAN)):
        ok(run("--today", TODAY, "plan", "add", write_plan(text, name), env=other))
    ok(run("--today", TODAY, "plan", "add", BUNDLED_PLAN_PATH, env=other))
    lines = ok(run("--today", TODAY, "import", target, env=other)).splitlines()
    assert f"[{WARD}] office.json: thêm 1 sự kiện mới, 0 đã có; sổ hiện có 1 sự kiện" in lines
    assert json.loads(ok(run("--today", TODAY, "--plan", WARD, "show", "I", "--json", env=other)))["status"] == "done"
    assert fail(office("export", "--format", "csv")).startswith("sapa: xuất csv làm cho một kế hoạch")
    assert ok(office("--plan", WARD, "export", "--format", "csv")).count("\n") > 1  # one plan: as before


def _per_plan_lines(office, today, *args):
    """remind run plan by plan (the full path), each line prefixed as the office-wide run does,
    under the one date line the office-wide run opens with."""
    lines = []
    for plan_id in (WARD, PHASES, SAPA):
        out = office("--plan", plan_id, "remind", *args, today=today).stdout
        lines += [f"[{plan_id}] {line}" for line in out.splitlines()[1:]]  # after its date line
    return [f"Nhắc việc ngày {format_date(parse_date(today))}", *lines] if lines else []


@pytest.mark.parametrize("today", ["2015-12-25", "2021-11-10", "2022-06-14", TODAY, "2024-01-02"])
def test_the_office_wide_remind_says_exactly_what_each_plan_says(office, today):
    ok(office("mark", f"{WARD}:I", "doing", today="2023-05-02"))
    ok(office("submit", "--plan", WARD, "ta van", "2023-H1", "--date", "2023-06-10", today=TODAY))
    assert office("remind", today=today).stdout.splitlines() == _per_plan_lines(office, today)
    widened = office("remind", "--days", "30", "--unit", "vhtt", today=today).stdout.splitlines()
    assert widened == _per_plan_lines(office, today, "--days", "30", "--unit", "vhtt")


def test_the_office_overview_follows_every_change_and_ignores_a_tampered_cache(office, tmp_path):
    before = office("remind").stdout
    assert f"[{WARD}] Báo cáo 6 tháng đầu năm 2023 của Chi bộ Tả Van" in before
    ok(office("submit", "--plan", WARD, "ta van", "2023-H1"))
    after = office("remind").stdout
    assert "Chi bộ Tả Van" not in after and "Chi bộ Lao Chải" in after
    caches = list(tmp_path.rglob("*.overview"))
    assert len(caches) == 3  # one per plan
    for cache in caches:
        cache.write_bytes(b"\x00not marshal")
    assert office("remind").stdout == after
    english = office("--lang", "en", "remind").stdout
    assert f"[{WARD}] 6-month report 2023 from Chi bộ Lao Chải: due 15/06/2023, 1 day left" in english


SHORT_PLAN = """\
format = 1

[plan]
id = "cong-van-18-2023"
title = "Công văn về tuyên truyền kỷ niệm ngày thành lập Đảng"
issuer = "Ban Tuyên giáo Đảng ủy phường"
start = 2023-01-05
end = 2023-02-10

[[items]]
id = "1"
kind = "duty"
text = "Treo băng rôn, khẩu hiệu tại trụ sở và nhà văn hóa các tổ dân phố."
units = ["chi-bo", "mttq"]
due = 2023-01-25

[[units]]
id = "mttq"
name = "Ủy ban MTTQ phường (theo công văn)"
"""


def test_a_plan_names_the_roster_s_units_by_id_and_its_own_definition_wins(run, write_plan):
    def sapa(*args):
        return run("--today", "2023-01-20", *args)

    plan = write_plan(SHORT_PLAN, "cv18.toml")
    result = sapa("plan", "add", plan)
    assert result.exit_code == 4 and "chi-bo" in result.stderr  # nobody defines chi-bo yet
    ok(sapa("roster", "add-unit", "chi-bo", "Các chi bộ trực thuộc"))
    ok(sapa("roster", "add-unit", "mttq", "Ủy ban MTTQ phường"))
    ok(sapa("roster", "add-member", "chi-bo", "Chi bộ Tả Van", "--id", "ta-van"))
    ok(sapa("plan", "add", plan))
    units = {u["id"]: u for u in json.loads(ok(sapa("units", "--json")))}
    assert units["chi-bo"]["name"] == "Các chi bộ trực thuộc" and units["chi-bo"]["member_ids"] == ["ta-van"]
    assert units["mttq"]["name"] == "Ủy ban MTTQ phường (theo công văn)"  # the plan's own wins
    assert "Nhiệm vụ 1 (Treo băng rôn" in ok(sapa("remind"))


def test_roster_list_shows_the_office_s_units_and_their_members_in_every_listing_format(run, tmp_path):
    def sapa(*args):
        return run("--today", "2023-01-20", *args)

    empty = sapa("roster", "list")  # a header alone, and on stderr why, and what to do
    assert empty.stdout.splitlines() == ["Mã\tTên đơn vị\tTrực thuộc\tSố nhiệm vụ\tThành viên\tNguồn"]
    assert empty.stderr == "sapa: danh sách văn phòng chưa có đơn vị nào; thêm bằng 'sapa roster add-unit MÃ TÊN'\n"
    ok(sapa("roster", "add-unit", "chi-bo", "Các chi bộ trực thuộc"))
    ok(sapa("roster", "add-member", "chi-bo", "Chi bộ Tả Van", "--id", "ta-van"))
    ok(sapa("roster", "add-member", "chi-bo", "Chi bộ Lao Chải"))
    lines = ok(sapa("roster", "list")).splitlines()
    assert lines[1] == "chi-bo\tCác chi bộ trực thuộc\t\t0\tChi bộ Tả Van; Chi bộ Lao Chải\tdanh sách văn phòng"
    listed = json.loads(ok(sapa("roster", "list", "--json")))
    assert [(u["id"], u["member_ids"]) for u in listed] == [("chi-bo", ["ta-van", "chi-bo-lao-chai"])]
    sheet = tmp_path / "roster.csv"
    assert sapa("roster", "list", "-o", sheet).exit_code == 0
    assert "Chi bộ Tả Van; Chi bộ Lao Chải" in sheet.read_text(encoding="utf-8-sig")


# ---- a damaged or hostile workspace never silences the rest, and cron hears of it -------------

def test_a_plan_that_cannot_be_read_is_named_the_others_still_shown_and_cron_hears_of_it(office, tmp_path):
    broken = installed_plan(tmp_path / "data", PHASES)
    broken.write_text(broken.read_text(encoding="utf-8").replace("due = 2015-12-30", "due = 2015-12-40", 1),
                      encoding="utf-8")
    for command in (["remind", "--fail-on-overdue"], ["status"], ["overdue"], ["reports"]):
        result = office(*command)
        assert result.exit_code == 4, (command, result.stderr)
        assert "Traceback" not in result.stderr and result.stdout, command
        assert f"[{PHASES}] {broken}:" in result.stderr  # the file and line of the problem
        assert result.stderr.splitlines()[-1] == f"sapa: 1 kế hoạch bị bỏ qua vì lỗi nói ở trên: {PHASES}"
    assert f"[{WARD}]" in office("remind").stdout


def test_a_damaged_ledger_is_named_and_the_other_plans_still_listed(office, tmp_path):
    """`overdue` and `reports` across the office, read from the overviews, treat a plan whose ledger
    is damaged as `status` and `remind` do: it is named with the file at fault and left out, the
    others are listed, and the exit code says so (drawn from the plans, the first such ledger
    stopped the whole listing)."""
    ok(office("mark", f"{WARD}:I", "doing", today="2023-05-02"))
    damaged = next((tmp_path / "data" / WARD).glob("ledger-*.toml"))
    damaged.write_text("không phải TOML [[[", encoding="utf-8")
    for command in (["overdue"], ["reports"], ["status"], ["remind"]):
        result = office(*command)
        assert result.exit_code == 5, (command, result.stderr)
        assert f"sapa: [{WARD}] sổ tiến độ bị hỏng tại {damaged}" in result.stderr, command
        assert result.stderr.splitlines()[-1] == f"sapa: 1 kế hoạch bị bỏ qua vì lỗi nói ở trên: {WARD}"
        assert PHASES in result.stdout and WARD not in result.stdout, command


def test_a_link_planted_among_the_plans_is_refused_aloud_never_followed(office, tmp_path, write_plan):
    installed = installed_plan(tmp_path / "data", PHASES)
    installed.unlink()
    installed.symlink_to(write_plan(PHASES_PLAN, "elsewhere.toml"))
    result = office("remind", "--fail-on-overdue")
    assert result.exit_code == 4 and "là một liên kết" in result.stderr
    assert not any(line.startswith(f"[{PHASES}]") for line in result.stdout.splitlines())
    listed = {p["id"]: p for p in json.loads(ok(office("plan", "list", "--json")))}
    assert "là một liên kết" in listed[PHASES]["problem"]


def test_a_plan_file_copied_in_under_another_name_is_not_read_twice(office, tmp_path):
    plans = tmp_path / "data" / "_workspace" / "plans"
    (plans / "ban-sao.toml").write_bytes(installed_plan(tmp_path / "data", WARD).read_bytes())
    result = office("remind")
    assert result.exit_code == 4 and "chứa kế hoạch 'hoa-lac-hoc-tap-2023', không phải 'ban-sao'" in result.stderr
    assert len([line for line in result.stdout.splitlines() if "Chi bộ Tả Van" in line]) == 1


def test_typos_in_the_office_wide_arguments_name_the_closest(office):
    assert fail(office("remind", "--unit", "vhtx")).startswith("sapa: không có đơn vị 'vhtx' (có phải:")
    message = fail(office("--plan", "hoa-lac-hoc-tap-2032", "status"))  # a beginning is enough; a typo is not
    assert "không có kế hoạch 'hoa-lac-hoc-tap-2032'" in message and WARD in message
    message = fail(office("mark", "hoa-lak:I", "done"))
    assert "không có kế hoạch 'hoa-lak'" in message and WARD in message


def test_a_whole_workspace_import_checks_every_plan_before_writing_any(office, run, tmp_path, write_plan):
    ok(office("submit", "--plan", WARD, "ta van", "2023-H1"))
    ok(office("mark", f"{SAPA}:III.1.1", "done"))
    target = tmp_path / "office.json"
    assert office("export", "-o", target).exit_code == 0
    other = {"SAPA_DATA": str(tmp_path / "other")}
    (tmp_path / "other").mkdir()  # an office's folder is there: a new one is said (test_clerk_habits)
    without_members = MEMBERS_PLAN.replace('{ id = "ta-van", name = "Chi bộ Tả Van", aliases = ["CB Tả Van"] },', "")
    ok(run("--today", TODAY, "plan", "add", write_plan(without_members, "w.toml"), env=other))
    ok(run("--today", TODAY, "plan", "add", write_plan(PHASES_PLAN, "p.toml"), env=other))
    ok(run("--today", TODAY, "plan", "add", BUNDLED_PLAN_PATH, env=other))
    result = run("--today", TODAY, "import", target, env=other)
    assert result.exit_code == 2 and f"{target} ({WARD})" in result.stderr and "/tmp/tmp" not in result.stderr
    assert not (tmp_path / "other" / SAPA).exists()  # nothing of the file was taken


def test_two_members_of_one_unit_may_not_share_an_id(run, write_plan):
    text = MEMBERS_PLAN.replace('{ id = "lao-chai", name = "Chi bộ Lao Chải" }', '{ id = "ta-van", name = "Chi bộ B" }')
    result = run("--plan", write_plan(text, "dup.toml"), "plan", "check")
    assert result.exit_code == 4 and "trùng mã thành viên 'ta-van'" in result.stderr


def test_a_damaged_workspace_file_is_damaged_data_and_is_never_overwritten(office, tmp_path):
    state = tmp_path / "data" / "_workspace" / "workspace.toml"
    ok(office("plan", "use", WARD))
    state.write_text("default = [\n", encoding="utf-8")
    result = office("remind")
    assert result.exit_code == 5 and "tệp không gian làm việc" in result.stderr and "Traceback" not in result.stderr
    assert office("plan", "use", PHASES).exit_code == 5
    assert state.read_text(encoding="utf-8") == "default = [\n"


def test_a_period_no_plan_has_gives_each_plans_own_reason(office):
    message = fail(office("reports", "--period", "2016-Q3"))
    assert message.startswith("sapa: không kế hoạch nào trả lời được: ")
    assert f"[{WARD}]" in message and f"[{PHASES}]" in message and f"[{SAPA}]" in message


def test_a_checklist_by_period_of_a_plan_without_reports_points_to_the_other_kinds(run, write_plan):
    from test_period_kinds_and_warnings import CAMPAIGN_PLAN

    plan = write_plan(CAMPAIGN_PLAN, "campaign.toml")
    message = fail(run("--plan", plan, "--today", "2024-03-20", "checklist", "2024-Q1"))
    assert "không có chế độ báo cáo" in message and "checklist --due" in message and "--phase" in message


def test_the_default_plan_can_be_cleared_and_a_closed_plan_is_not_made_the_default(office):
    ok(office("plan", "use", PHASES))
    assert ok(office("mark", "I.1", "done")).startswith("I.1: ")  # the default plan's
    assert ok(office("plan", "use", "--clear")) == "Không còn kế hoạch mặc định\n"
    assert "có ở nhiều kế hoạch" in fail(office("mark", "I.1", "done"))
    assert fail(office("plan", "use")).startswith("sapa: hãy ghi mã một kế hoạch, hoặc --clear")
    ok(office("plan", "close", PHASES, "--note", "Đã tổng kết"))
    assert fail(office("plan", "use", PHASES)).startswith(f"sapa: kế hoạch '{PHASES}' đã đóng")


def test_a_period_no_calendar_has_is_said_once_not_per_plan(office):
    message = fail(office("reports", "--period", "2023-H9"))
    assert message.count("2023-H9") == 1 and "không kế hoạch nào" not in message
    assert "giai-doan-1" in message  # the one-time report ids a plan has


def test_the_default_plan_s_file_is_checked_like_any_workspace_plan(office, tmp_path, write_plan):
    ok(office("plan", "use", PHASES))
    installed = installed_plan(tmp_path / "data", PHASES)
    installed.unlink()
    other = PHASES_PLAN.replace('id = "muong-khuong-chuong-trinh-2015"', 'id = "ke-hoach-khac"')
    installed.symlink_to(write_plan(other, "other.toml"))
    result = office("mark", "I.1", "done")
    assert result.exit_code == 4 and "là một liên kết" in result.stderr
    assert not (tmp_path / "data" / "ke-hoach-khac").exists()  # nothing written for the planted plan


def test_a_link_in_place_of_the_workspace_folders_is_refused(office, tmp_path):
    plans = tmp_path / "data" / "_workspace" / "plans"
    elsewhere = tmp_path / "elsewhere"
    plans.rename(elsewhere)
    plans.symlink_to(elsewhere, target_is_directory=True)
    result = office("remind")
    assert result.exit_code == 5 and "là một liên kết" in result.stderr and result.stdout == ""


def test_status_across_the_workspace_takes_its_form_from_the_file_s_suffix(office, tmp_path):
    table = tmp_path / "status.csv"
    assert office("status", "--json", "-o", table).exit_code == 0
    assert table.read_bytes().startswith(b"\xef\xbb\xbf") and b'"plans"' not in table.read_bytes()
    refused = office("status", "-o", tmp_path / "status.pdf")
    assert refused.exit_code == 2 and ".xlsx" in refused.stderr and not (tmp_path / "status.pdf").exists()


def test_the_office_wide_reminder_rows_are_each_plan_s_own_with_its_id(office, tmp_path):
    everything = tmp_path / "all.json"
    assert office("remind", "-o", everything).exit_code == 0
    office_rows = json.loads(everything.read_text(encoding="utf-8"))
    for plan_id in (WARD, PHASES, SAPA):
        own = tmp_path / f"{plan_id}.json"
        assert office("--plan", plan_id, "remind", "-o", own).exit_code == 0
        mine = [{k: v for k, v in r.items() if k != "plan"} for r in office_rows if r["plan"] == plan_id]
        assert mine == json.loads(own.read_text(encoding="utf-8"))


def test_the_roster_keeps_what_was_entered_by_hand_and_refuses_a_deep_file(office, tmp_path):
    roster = tmp_path / "data" / "_workspace" / "roster.toml"
    roster.write_text('format = 1\n\n[[units]]\nid = "chi-bo"\nname = "Các chi bộ"\nparent = "dang-uy"\n'
                      'note = "Danh sách cập nhật tháng 6"\n\n[[units]]\nid = "dang-uy"\nname = "Đảng ủy"\n',
                      encoding="utf-8")
    by_hand = roster.read_bytes()
    ok(office("roster", "add-member", "chi-bo", "Chi bộ Tả Van", "--id", "ta-van"))
    assert roster.read_bytes() == by_hand  # the change is this machine's, in a file of its own
    units = {u["id"]: u for u in json.loads(ok(office("roster", "list", "--json")))}
    assert (units["chi-bo"]["parent"], units["chi-bo"]["member_ids"]) == ("dang-uy", ["ta-van"])
    roster.write_text("a = " + "[" * 3000, encoding="utf-8")
    result = office("--plan", WARD, "units")
    assert result.exit_code == 5 and "Traceback" not in result.stderr and "roster.toml:1:" in result.stderr


@contextlib.contextmanager
def _counting_reads():
    """How often, meanwhile, a plan file is parsed, a plan is loaded whole (from its cache too),
    and a ledger's state is loaded (from its cache too): every one goes through these."""
    from unittest import mock

    from sapa_propaganda.cache import plan_cache
    from sapa_propaganda.storage import plan_loader
    from sapa_propaganda.storage.ledger import Ledger

    reads: dict[str, int] = {}
    with mock.patch.object(plan_loader, "toml_data", wraps=plan_loader.toml_data) as parsed, \
            mock.patch.object(plan_cache, "cached_plan", wraps=plan_cache.cached_plan) as loaded, \
            mock.patch.object(Ledger, "state", autospec=True, side_effect=Ledger.state) as states:
        yield reads
    reads.update({"plan parsed": parsed.call_count, "plan loaded": loaded.call_count,
                  "ledger state": states.call_count})


@pytest.mark.parametrize("today", [TODAY, "2023-01-20"])  # today's view, and a past day's
def test_an_overview_whose_listing_is_damaged_is_made_again_and_kept(office, tmp_path, today):
    """A plan's overview that loads but whose listing (its bytes of their own) is not one is made
    again and kept, not worked around on every run (each plan loaded every morning)."""
    import marshal

    from sapa_propaganda.cache import derived_cache

    ok(office("mark", f"{SAPA}:II.1.1.1", "done", "--date", "2023-06-01"))
    expected = [ok(office(*command, today=today)) for command in (["overdue"], ["reports"], ["status"])]
    for cache in tmp_path.rglob("*.overview"):
        code, stamp, payload = marshal.loads(cache.read_bytes())
        assert code == derived_cache.code_stamp() and type(payload[-1]) is bytes
        cache.write_bytes(marshal.dumps((code, stamp, (*payload[:-1], marshal.dumps(("not", "a listing"))))))
    assert [ok(office(*command, today=today)) for command in (["overdue"], ["reports"], ["status"])] == expected
    with _counting_reads() as reads:
        assert ok(office("overdue", today=today)) == expected[0]
    assert (reads["plan parsed"], reads["plan loaded"]) == (0, 0)


def test_a_warm_read_across_the_office_parses_no_plan_file(office):
    """Once a morning's run has read them, `overdue`, `reports`, `status` and `remind` across the
    office, for a unit too, parse no plan file again, load no plan whole and load no ledger's
    state: each plan's checked overview holds all they say (issue 21). Counted, not timed."""
    commands = (["overdue"], ["overdue", "--json"], ["overdue", "--unit", "vhtt"], ["reports"], ["reports", "--json"],
                ["reports", "--unit", "ta van"], ["reports", "--all", "--overdue"], ["status"], ["remind"],
                ["remind", "--unit", "vhtt"])
    for command in commands:
        ok(office(*command))  # cold: each plan is parsed and cached
    with _counting_reads() as reads:
        for command in commands:
            ok(office(*command))
    assert reads == {"plan parsed": 0, "plan loaded": 0, "ledger state": 0}
    ok(office("mark", f"{PHASES}:I.1", "dang"))  # a write to one ledger: that plan's overview is made again
    with _counting_reads() as reads:
        ok(office("overdue"))
    assert reads == {"plan parsed": 0, "plan loaded": 1, "ledger state": 1}
    with _counting_reads() as reads:
        ok(office("reports"))
    assert reads == {"plan parsed": 0, "plan loaded": 0, "ledger state": 0}


def test_the_office_export_written_plan_by_plan_is_the_json_of_the_whole(office):
    """The office's export is made one plan at a time (only one plan's events held, issue 21), and
    its bytes are those of the whole document encoded at once: read back and written again, the
    same."""
    ok(office("mark", f"{PHASES}:I.1", "dang", "--note", "ghi chú \u202e có ký tự ẩn"))
    ok(office("submit", "ta van", "2023-H1", "--ref", "07-BC/CB"))
    text = ok(office("export", "--format", "json"))
    data = json.loads(text)
    assert text == json_text(data)
    assert [p["plan"] for p in data["plans"]] == sorted([WARD, PHASES, "sa-pa-2021-tuyen-truyen-dai-hoi-xiii"])
    assert any(e.get("note") == "ghi chú \u202e có ký tự ẩn" for p in data["plans"] for e in p["events"])
    assert "\u202e" not in text


# A fourth plan, counting working days: its deadlines move off weekends and holidays. Its texts
# hold what must never reach a terminal as it is (a bare CR, an escape, bidi and invisible marks).
WORKING_PLAN = """\
format = 1

[plan]
id = "ngay-lam-viec"
title = "Kế hoạch tuyên truyền năm 2023"
issuer = "Ban Thường vụ Huyện ủy"
start = 2022-01-01
end = 2024-12-31

[calendar]
count_days = "working"
move_off_days = true

[[units]]
id = "hnd"
name = "Hội Nông\\r dân\\u001b[31m huyện\\u202e"
members = ["Chi hội Tả Phìn", "Chi hội Bản Khoang"]

[[units]]
id = "hu"
name = "Huyện ủy"

[[items]]
id = "I"
kind = "section"
title = "TỔ CHỨC THỰC HIỆN"

[[items]]
id = "I.1"
kind = "duty"
text = "Tổ chức tuyên truyền đến hội viên."
units = ["hnd", "hu"]
due = 2023-06-17

[[items]]
id = "I.2"
kind = "duty"
text = "Sơ kết\\tviệc\\r\\n[x] tuyên truyền.\\u200b"
units = ["hu"]
due = 2023-07-01

[reporting]
first = "2022-H1"
last = "2024-Y"

[[reporting.rules]]
id = "hoi-vien"
kind = "unit"
units = ["hnd"]
to = ["hu"]
per_member = true

[[reporting.rules.due]]
period = "half-year"
month = 6
day = 10

[[reporting.rules]]
id = "nam"
kind = "consolidated"
units = ["hu"]
to = ["hu"]

[[reporting.rules.due]]
period = "annual"
working_days = 3
"""


@pytest.fixture
def busy_office(office, write_plan):
    """The office half way through 2023: reports received on time, late and waived, members'
    reports part in, items done, in progress and blocked, and a plan counting working days."""
    ok(office("plan", "add", write_plan(WORKING_PLAN, "lam-viec.toml")))
    ok(office("mark", f"{WARD}:I", "doing", today="2023-05-02"))
    ok(office("submit", "--plan", WARD, "ta van", "2023-H1", "--date", "2023-06-10", "--ref", "07-BC\u202e/CB\u200b"))
    ok(office("waive", "--plan", WARD, "mttq", "2023-H1", "--note", "sáp nhập"))
    ok(office("submit", "--plan", PHASES, "vhtt", "giai-doan-1", "--date", "2016-01-05", "--ref", "03/BC"))
    ok(office("mark", f"{SAPA}:II.1.1.1", "done", "--date", "2021-12-20"))
    ok(office("mark", f"{SAPA}:II.2.1.1", "done", "--unit", "cong-ttdt", "--date", "2022-01-03"))
    ok(office("mark", f"{SAPA}:II.1.2.1", "vuong", "--note", "chờ kinh phí", "--date", "2022-02-01"))
    ok(office("submit", "--plan", SAPA, "mttq", "2021-Y", "--date", "2021-12-20"))
    ok(office("mark", "ngay-lam-viec:I.1", "done", "--unit", "hu", "--date", "2023-06-12"))
    ok(office("submit", "--plan", "ngay-lam-viec", "ta phin", "2023-H1", "--date", "2023-06-09"))
    ok(office("submit", "--plan", "ngay-lam-viec", "ban khoang", "2022-H1", "--date", "2022-06-20"))
    ok(office("submit", "--plan", WARD, "lao chai", "2023-H1", "--date", "2023-06-20", today="2023-06-20"))
    return office


def _full_path(monkeypatch):
    """Office-wide listings drawn from the plans themselves, as a paper is, not their overviews."""
    from sapa_propaganda.commands import listings

    monkeypatch.setattr(listings, "from_overviews", lambda _s, _paper: False)


LISTINGS = [["overdue"], ["overdue", "--unit", "chi-bo"], ["overdue", "--unit", "hnd"], ["overdue", "--unit", "mttq"],
            ["reports"], ["reports", "--all"], ["reports", "--overdue"], ["reports", "--unit", "hnd"],
            ["reports", "--unit", "ta van"], ["reports", "--unit", "mttq", "--all"]]


@pytest.mark.parametrize("today", ["2015-12-25", "2016-01-10", "2021-06-15", "2022-06-14", "2023-06-09",
                                   "2023-06-15", "2023-06-16", "2023-06-20", "2023-06-21", "2024-01-08"])
def test_the_office_s_overdue_and_reports_from_the_overviews_say_what_the_plans_say(busy_office, monkeypatch,
                                                                                      tmp_path, today):
    """`overdue` and `reports` across the office come from each plan's overview (issue 21): the
    very bytes the plans themselves give, in plain text, JSON, CSV and a terminal's tables, on
    days before, on and after the deadlines (before the ledger's last day: worked out then)."""
    def outputs():
        said = []
        for listing in LISTINGS:
            for form in ([], ["--json"], ["--rich"], ["-o", tmp_path / "out.csv"]):
                glob, rest = (form, []) if form == ["--rich"] else ([], form)
                result = busy_office(*glob, *listing, *rest, today=today)
                written = (tmp_path / "out.csv").read_bytes() if rest[:1] == ["-o"] else b""
                said.append((listing, form, result.exit_code, result.stdout, result.stderr, written))
        return said

    outputs()  # each plan's overview made (or, before the ledger's last day, worked out)
    with _counting_reads() as reads:
        from_overviews = outputs()
    if today >= "2023-06-20":  # the ledger's last day: from then on, from the cached overviews alone
        assert reads == {"plan parsed": 0, "plan loaded": 0, "ledger state": 0}
    else:  # a past day: each plan's state of that day, the rest from its cached overview (issue 21)
        assert (reads["plan parsed"], reads["plan loaded"]) == (0, 0)
    _full_path(monkeypatch)
    from_plans = outputs()
    for found, expected in zip(from_overviews, from_plans, strict=True):
        assert found == expected
    assert all(stdout or written for _l, _f, _c, stdout, _e, written in from_plans)  # each says something


STREETS_PLAN = """\
format = 1

[plan]
id = "to-dan-pho-2023"
title = "Kế hoạch tuyên truyền ở tổ dân phố năm 2023"
issuer = "Đảng ủy phường"
start = 2023-01-01
end = 2023-12-31

[[units]]
id = "dang-uy"
name = "Đảng ủy phường"

[[items]]
id = "I"
kind = "duty"
text = "Treo băng rôn ở nhà văn hóa tổ dân phố."
units = ["to-dan-pho"]
due = 2023-05-31

[reporting]
first = "2023-H1"
last = "2023-Y"

[[reporting.rules]]
id = "to"
kind = "unit"
name = "Báo cáo của tổ"
units = ["to-dan-pho"]
to = ["dang-uy"]
per_member = true

[[reporting.rules.due]]
period = "half-year"
month = 6
day = 10
"""


def test_the_office_s_overdue_and_reports_follow_every_change_and_ignore_a_tampered_cache(office, write_plan,
                                                                                          tmp_path):
    """Each plan's overview is a hint, used only while its plan, the roster and its ledger are as
    they were: a member added to the roster, a report received, the plan replaced, each shows at
    once in `overdue` and `reports` across the office, and a damaged cache changes nothing."""
    ok(office("roster", "add-unit", "to-dan-pho", "Các tổ dân phố"))
    ok(office("roster", "add-member", "to-dan-pho", "Tổ dân phố số 1", "--id", "to-1"))
    ok(office("plan", "add", write_plan(STREETS_PLAN, "to.toml")))

    def said(*args: str) -> str:
        return ok(office(*args, "--unit", "to-dan-pho"))

    assert "to-dan-pho/to-1\tBáo cáo\tBáo cáo 6 tháng đầu năm 2023 của Tổ dân phố số 1" in said("overdue")
    ok(office("roster", "add-member", "to-dan-pho", "Tổ dân phố số 2", "--id", "to-2"))
    assert "Tổ dân phố số 2\tBáo cáo 6 tháng đầu năm 2023 — Báo cáo của tổ" in said("reports")
    assert "Báo cáo 6 tháng đầu năm 2023 của Tổ dân phố số 2" in said("overdue")
    ok(office("submit", "--plan", "to-dan-pho-2023", "to 1", "2023-H1", "--date", "2023-06-12", "--ref", "05/BC"))
    assert "Tổ dân phố số 1" not in said("overdue")
    assert "12/06/2023\t05/BC\tNộp muộn 2 ngày" in said("reports")
    ok(office("plan", "add", "--replace", write_plan(STREETS_PLAN.replace("Báo cáo của tổ", "Báo cáo kết quả"),
                                                     "to-v2.toml")))
    assert "Báo cáo 6 tháng đầu năm 2023 — Báo cáo kết quả" in said("reports")
    before = [said(command) for command in ("overdue", "reports")]
    caches = list(tmp_path.rglob("*.overview"))
    assert len(caches) == 5  # one per plan (four), and one of the plan as it was before it was replaced
    for cache in caches:  # the listing's bytes damaged, the rest of the file as it was
        code, stamp, payload = marshal.loads(cache.read_bytes())
        cache.write_bytes(marshal.dumps((code, stamp, (*payload[:-1], b"\x00not marshal"))))
    assert [said(command) for command in ("overdue", "reports")] == before
    for cache in caches:
        cache.write_bytes(b"\x00not marshal")
    assert [said(command) for command in ("overdue", "reports")] == before
    english = ok(office("--lang", "en", "reports", "--unit", "to-dan-pho"))
    assert "6-month report 2023 — Báo cáo kết quả" in english
