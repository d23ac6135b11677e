"""The plan is edited while the ledger keeps what was recorded (issue 10).

A unit, member or item renamed with `renamed_from` keeps its history; an event aimed at something
the plan no longer has is set aside and shown, never "a damaged ledger" that stops every command,
cron's `remind` among them. The ledger files are never rewritten for either; real damage still
stops everything, exit code 5.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from sapa_propaganda.core.deadlines import plan_index
from sapa_propaganda.core.progress import Mismatch, mismatch_targets, plan_ledger_mismatches
from sapa_propaganda.errors import PlanError
from sapa_propaganda.storage.ledger import Ledger
from sapa_propaganda.storage.plan_loader import load_plan, parse_plan

PLAN_ID = "hoa-binh-2024"
TODAY = "2024-06-28"

# An invented plan: a commune's plan for its anniversary, with a quarterly report from two units and
# a half-yearly one from each village party cell.
PLAN = """\
format = 1

[plan]
id = "hoa-binh-2024"
title = "Kế hoạch tuyên truyền kỷ niệm 80 năm thành lập xã Hòa Bình"
issuer = "Ban Thường vụ Đảng ủy xã Hòa Bình"
start = 2024-01-01
end = 2024-12-31

[[units]]
id = "mttq"
name = "Ủy ban Mặt trận Tổ quốc xã"

[[units]]
id = "doan-tn"
name = "Đoàn Thanh niên xã"

[[units]]
id = "chi-bo"
name = "Các chi bộ thôn"
members = [
  { id = "thon-1", name = "Chi bộ thôn Đồng Xuân" },
  { id = "thon-2", name = "Chi bộ thôn Bãi Sậy" },
]

[[units]]
id = "dang-uy"
name = "Đảng ủy xã"

[[items]]
id = "I"
kind = "section"
title = "NHIỆM VỤ"

[[items]]
id = "I.1"
kind = "duty"
text = "Treo băng rôn, khẩu hiệu trên các trục đường chính."
units = ["mttq"]
due = 2024-03-31

[[items]]
id = "I.2"
kind = "duty"
text = "Tổ chức hội thi tìm hiểu lịch sử xã."
units = ["doan-tn"]
due = 2024-05-31

[reporting]
first = "2024-Q1"
last = "2024-Q4"

[[reporting.rules]]
id = "quy"
kind = "unit"
units = ["mttq", "doan-tn"]
to = ["dang-uy"]

[[reporting.rules.due]]
period = "quarter"
months_after_end = 1
day = 10

[[reporting.rules]]
id = "chi-bo"
kind = "unit"
units = ["chi-bo"]
to = ["dang-uy"]
per_member = true

[[reporting.rules.due]]
period = "half-year"
months_after_end = 0
day = 25
"""


def edited(renamed_from: bool) -> str:
    """The plan after the clerk's edit: the Front `mttq` is now `mat-tran`, the cell `thon-1` is
    `dong-xuan`, and item I.1 is I.3; with or without saying what they were called before."""
    text = (PLAN.replace('id = "mttq"', 'id = "mat-tran"\nrenamed_from = ["mttq"]')
            .replace('units = ["mttq"', 'units = ["mat-tran"')
            .replace('{ id = "thon-1", name = "Chi bộ thôn Đồng Xuân" }',
                     '{ id = "dong-xuan", name = "Chi bộ thôn Đồng Xuân", renamed_from = ["thon-1"] }')
            .replace('id = "I.1"', 'id = "I.3"\nrenamed_from = ["I.1"]'))
    assert text.count("renamed_from") == 3
    if not renamed_from:
        text = text.replace('\nrenamed_from = ["mttq"]', "").replace(', renamed_from = ["thon-1"]', "")
        text = text.replace('\nrenamed_from = ["I.1"]', "")
    return text


@pytest.fixture
def recorded(run, write_plan):
    """The first plan, with a duty marked done and three reports received under its ids."""
    plan = write_plan(PLAN, "plan.toml")
    for args in (["mark", "I.1", "xong", "--date", "20/03/2024"],
                 ["submit", "mttq", "2024-Q1", "--date", "05/04/2024", "--ref", "12-BC/MTTQ"],
                 ["submit", "chi-bo/thon-1", "2024-H1", "--date", "20/06/2024"],
                 ["submit", "doan-tn", "2024-Q1", "--date", "09/04/2024"]):
        result = run("--plan", plan, "--today", TODAY, *args)
        assert result.exit_code == 0, result.stderr
    return plan


def sapa_json(run, plan, *args, today=TODAY):
    result = run("--plan", plan, "--today", today, *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def received(run, plan, today=TODAY):
    """(unit or unit/member, period) -> the day its report came in, for every report received."""
    return {(r["unit"] + ("/" + r["member"] if r.get("member") else ""), r["period"]): r["submitted"]
            for r in sapa_json(run, plan, "reports", "--all", today=today) if r["submitted"]}


def ledger_folder(tmp_path):
    return tmp_path / "data" / PLAN_ID


def ledger_bytes(tmp_path):
    return {p.name: p.read_bytes() for p in sorted(ledger_folder(tmp_path).glob("ledger-*.toml"))}


def library_ledger(tmp_path, plan_path):
    return Ledger(ledger_folder(tmp_path), PLAN_ID, plan_index(load_plan(plan_path)))


# ---- renamed_from: the history follows the rename -------------------------------------------------

def test_a_renamed_unit_member_and_item_keep_their_history(run, write_plan, recorded, tmp_path):
    before = ledger_bytes(tmp_path)
    plan = write_plan(edited(renamed_from=True), "edited.toml")
    assert run("--plan", plan, "plan", "check", plan).exit_code == 0

    assert received(run, plan) == {("mat-tran", "2024-Q1"): "2024-04-05", ("doan-tn", "2024-Q1"): "2024-04-09",
                                   ("chi-bo/dong-xuan", "2024-H1"): "2024-06-20"}
    history = sapa_json(run, plan, "history")
    assert [(e["kind"], e["target"]) for e in history] == [
        ("submit", "doan-tn@2024-Q1"), ("submit", "chi-bo/dong-xuan@2024-H1"), ("submit", "mat-tran@2024-Q1"),
        ("mark", "I.3")]
    assert [e["target"] for e in sapa_json(run, plan, "history", "--unit", "mat-tran")] == ["mat-tran@2024-Q1", "I.3"]
    units = {u["unit"]: u for u in sapa_json(run, plan, "status")["units"]}
    assert (units["mat-tran"]["duties_done"], units["mat-tran"]["reports_received"]) == (1, 1)
    shown = run("--plan", plan, "--today", TODAY, "show", "I.3")
    assert shown.exit_code == 0 and "20/03/2024" in shown.stdout

    # New events go under the new ids; what was recorded stays as it was.
    for args in (["submit", "mat-tran", "2024-Q2", "--date", "27/06/2024"], ["mark", "I.3", "dang"],
                 ["submit", "chi-bo/dong-xuan", "2024-H1", "--date", "21/06/2024", "--ref", "05-BC/CB", "--replace"]):
        result = run("--plan", plan, "--today", TODAY, *args)
        assert result.exit_code == 0, result.stderr
    after = ledger_bytes(tmp_path)
    assert after.keys() == before.keys()
    for name, old in before.items():
        assert after[name].startswith(old)
    added = b"".join(after[name][len(before[name]):] for name in after)
    assert b'target = "mat-tran@2024-Q2"' in added and b'target = "I.3"' in added
    assert b'target = "chi-bo/dong-xuan@2024-H1"' in added
    assert b"mttq" not in added and b"thon-1" not in added and b'"I.1"' not in added

    # A correction of a submission made under the old id replaces it, as any correction does.
    reports = {(r["unit"], r.get("member"), r["period"]): r for r in sapa_json(run, plan, "reports", "--all")}
    assert reports[("chi-bo", "dong-xuan", "2024-H1")]["submitted"] == "2024-06-21"
    assert reports[("chi-bo", "dong-xuan", "2024-H1")]["ref"] == "05-BC/CB"
    assert reports[("mat-tran", None, "2024-Q2")]["submitted"] == "2024-06-27"
    assert reports[("mat-tran", None, "2024-Q1")]["ref"] == "12-BC/MTTQ"
    assert library_ledger(tmp_path, plan).mismatches() == []


def test_undo_takes_back_an_event_recorded_under_the_old_id(run, write_plan, recorded):
    plan = write_plan(edited(renamed_from=True), "edited.toml")
    (mark,) = [e for e in sapa_json(run, plan, "history") if e["kind"] == "mark"]
    result = run("--plan", plan, "--today", TODAY, "undo", mark["id"][:10])
    assert result.exit_code == 0, result.stderr
    (item,) = [i for i in sapa_json(run, plan, "duties", "--all") if i["id"] == "I.3"]
    assert item["status"] == "todo"


# ---- no renamed_from: a mismatch, set aside and shown, never a damaged ledger -------------------------

def test_without_renamed_from_the_other_events_still_count(run, write_plan, recorded, tmp_path):
    before = ledger_bytes(tmp_path)
    plan = write_plan(edited(renamed_from=False), "edited.toml")
    assert run("--plan", plan, "plan", "check", plan).exit_code == 0

    assert received(run, plan) == {("doan-tn", "2024-Q1"): "2024-04-09"}
    assert [(e["kind"], e["target"]) for e in sapa_json(run, plan, "history")] == [("submit", "doan-tn@2024-Q1")]
    # Every read goes on with the rest, and says once, on stderr, what it set aside.
    for command, shows in ((["status"], "doan-tn"), (["overdue"], "mat-tran"), (["reports", "--all"], "doan-tn"),
                           (["duties", "--all"], "I.3"), (["history"], "Nhận báo cáo doan-tn 2024-Q1"),
                           (["checklist", "2024-Q1"], "Đoàn Thanh niên")):
        result = run("--plan", plan, "--today", TODAY, "--plain", *command)
        assert result.exit_code == 0, (command, result.stderr)
        assert shows in result.stdout, command
        warning = result.stderr.splitlines()
        assert len(warning) == 1, command
        assert warning[0].startswith("sapa: kế hoạch và sổ tiến độ không khớp: 3 sự kiện"), command

    # Cron's reminders go on: what is overdue, with exit code 3, or silence and 0.
    remind = run("--plan", plan, "--today", TODAY, "remind", "--fail-on-overdue")
    assert remind.exit_code == 3, remind.stderr
    heading, *lines = remind.stdout.splitlines()
    assert heading.startswith("Nhắc việc ngày ") and len(lines) == 5
    assert any("Mặt trận" in line and "quý 1" in line for line in lines)  # its receipt is set aside
    assert not any("Đoàn Thanh niên" in line and "quý 1" in line for line in lines)
    quiet = run("--plan", plan, "--today", "2024-02-01", "remind", "--fail-on-overdue")
    assert (quiet.exit_code, quiet.stdout) == (0, "")

    # A write goes on too, and the ledger is never rewritten.
    assert run("--plan", plan, "--today", TODAY, "mark", "I.2", "xong").exit_code == 0
    after = ledger_bytes(tmp_path)
    assert all(after[name].startswith(old) for name, old in before.items())


def test_the_mismatched_events_are_listed(recorded, write_plan, tmp_path):
    plan = write_plan(edited(renamed_from=False), "edited.toml")
    ledger = library_ledger(tmp_path, plan)
    (file,) = ledger_bytes(tmp_path)
    path = str(ledger_folder(tmp_path) / file)
    events = {e.target: e for e in ledger.all_events()}
    expected = [
        Mismatch(events["I.1"].id, "mark", "I.1", date(2024, 3, 20), path, ("why_no_item", {"id": "I.1"})),
        Mismatch(events["mttq@2024-Q1"].id, "submit", "mttq@2024-Q1", date(2024, 4, 5), path,
                 ("why_no_unit", {"unit": "mttq"})),
        Mismatch(events["chi-bo/thon-1@2024-H1"].id, "submit", "chi-bo/thon-1@2024-H1", date(2024, 6, 20), path,
                 ("why_not_owed", {"unit": "chi-bo/thon-1", "period": "2024-H1"})),
    ]
    assert ledger.mismatches() == expected
    assert [e.target for e in ledger.read_events()] == ["doan-tn@2024-Q1"]
    assert [e.target for e in ledger.read_events(set_aside=True)] == [
        "I.1", "mttq@2024-Q1", "chi-bo/thon-1@2024-H1", "doan-tn@2024-Q1"]
    # The same from the state cache, for a ledger that reads no file.
    assert Ledger(ledger_folder(tmp_path), PLAN_ID, ledger.index).mismatches() == expected

    # For `plan check`: the first plan fits the ledger, the edited one does not.
    everything = ledger.all_events()
    first = plan_index(load_plan(recorded))
    assert plan_ledger_mismatches(first, everything) == []
    unnamed = [Mismatch(m.id, m.kind, m.target, m.date, "", m.problem) for m in expected]
    assert plan_ledger_mismatches(ledger.index, everything) == unnamed
    assert Ledger(ledger_folder(tmp_path), PLAN_ID, first).mismatches_against(ledger.index) == expected
    assert mismatch_targets(expected) == "I.1, mttq@2024-Q1, chi-bo/thon-1@2024-H1"
    assert mismatch_targets(expected, limit=2) == "I.1, mttq@2024-Q1, …"


def test_a_plan_that_starts_later_is_warned_of(recorded, tmp_path):
    later = plan_index(parse_plan(PLAN.replace("start = 2024-01-01", "start = 2024-04-01")))
    ledger = Ledger(ledger_folder(tmp_path), PLAN_ID)
    found = plan_ledger_mismatches(later, ledger.all_events())
    assert [(m.target, m.problem) for m in found] == [("I.1", ("why_before_start", {"start": "2024-04-01"}))]


def test_a_mismatched_event_can_be_undone_and_is_then_no_longer_listed(run, write_plan, recorded, tmp_path):
    plan = write_plan(edited(renamed_from=False), "edited.toml")
    ledger = library_ledger(tmp_path, plan)
    (mark,) = [m for m in ledger.mismatches() if m.kind == "mark"]
    result = run("--plan", plan, "--today", TODAY, "undo", mark.id[:10])
    assert result.exit_code == 0, result.stderr
    assert "I.1" in result.stdout
    assert [m.target for m in library_ledger(tmp_path, plan).mismatches()] == ["mttq@2024-Q1", "chi-bo/thon-1@2024-H1"]
    undone = sapa_json(run, plan, "history")
    assert undone[0]["kind"] == "undo" and undone[0]["target"] == mark.id
    again = run("--plan", plan, "--today", TODAY, "undo", mark.id[:10])
    assert again.exit_code == 2 and "Traceback" not in again.stderr
    # With renamed_from added later, the undone mark stays undone.
    renamed = write_plan(edited(renamed_from=True), "renamed.toml")
    (item,) = [i for i in sapa_json(run, renamed, "duties", "--all") if i["id"] == "I.3"]
    assert item["status"] == "todo"


def test_a_state_worked_out_with_one_plan_is_not_reused_with_another(run, write_plan, recorded):
    renamed = write_plan(edited(renamed_from=True), "renamed.toml")
    plain = write_plan(edited(renamed_from=False), "plain.toml")
    for _ in range(2):
        assert ("mat-tran", "2024-Q1") in received(run, renamed)
        assert ("mat-tran", "2024-Q1") not in received(run, plain)
        assert ("mttq", "2024-Q1") in received(run, recorded)


def test_library_indexes_without_a_version_get_caches_of_their_own(recorded, write_plan, tmp_path):
    folder = ledger_folder(tmp_path)
    renamed = plan_index(parse_plan(edited(renamed_from=True)))
    plain = plan_index(parse_plan(edited(renamed_from=False)))
    for _ in range(2):
        assert Ledger(folder, PLAN_ID, renamed).state().status_of("mat-tran@2024-Q1") == "done"
        assert Ledger(folder, PLAN_ID, plain).state().status_of("mat-tran@2024-Q1") == "todo"
        assert len(Ledger(folder, PLAN_ID, plain).mismatches()) == 3
        assert Ledger(folder, PLAN_ID, renamed).mismatches() == []


def test_an_import_aimed_at_what_the_plan_lacks_is_still_refused(run, write_plan, recorded, tmp_path):
    plan = write_plan(edited(renamed_from=False), "edited.toml")
    (file,) = ledger_bytes(tmp_path)
    other = tmp_path / "other-data"
    result = run("--plan", plan, "--data", other, "--today", TODAY, "import", ledger_folder(tmp_path) / file)
    assert result.exit_code == 2
    assert "I.1" in result.stderr and "Traceback" not in result.stderr
    assert not (other / PLAN_ID).exists() or not list((other / PLAN_ID).glob("ledger-*.toml"))


def test_an_import_under_ids_the_plan_renamed_is_taken(run, write_plan, recorded, tmp_path):
    plan = write_plan(edited(renamed_from=True), "edited.toml")
    (file,) = ledger_bytes(tmp_path)
    other = tmp_path / "other-data"
    result = run("--plan", plan, "--data", other, "--today", TODAY, "import", ledger_folder(tmp_path) / file)
    assert result.exit_code == 0, result.stderr
    reports = sapa_json(run, plan, "reports", "--all", "--data", other)
    assert {r["unit"] for r in reports if r["submitted"]} == {"mat-tran", "doan-tn", "chi-bo"}


# ---- real damage still stops everything ---------------------------------------------------------------

def test_a_damaged_ledger_still_stops_every_command_and_is_never_written(run, write_plan, recorded, tmp_path):
    plan = write_plan(edited(renamed_from=False), "edited.toml")
    (name,) = ledger_bytes(tmp_path)
    path = ledger_folder(tmp_path) / name
    path.write_bytes(path.read_bytes() + b'\n[[events]\nid = "broken"\n')
    damaged = path.read_bytes()
    for command in (["status"], ["remind"], ["history"], ["mark", "I.2", "xong"], ["submit", "doan-tn", "2024-Q2"]):
        result = run("--plan", plan, "--today", TODAY, *command)
        assert result.exit_code == 5, command
        assert f"{path}:" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == damaged


# ---- plan check: renamed_from is checked --------------------------------------------------------------

def problems(text):
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.toml")
    return caught.value.problems


def line(text, fragment, occurrence=1):
    start = -1
    for _ in range(occurrence):
        start = text.index(fragment, start + 1)
    return text[:start].count("\n") + 1


def test_renamed_from_must_name_ids_no_longer_in_use():
    text = edited(renamed_from=True).replace('renamed_from = ["mttq"]', 'renamed_from = ["doan-tn"]')
    text = text.replace('renamed_from = ["I.1"]', 'renamed_from = ["I.2"]')
    text = text.replace('renamed_from = ["thon-1"]', 'renamed_from = ["thon-2"]')
    at = line(text, "renamed_from")
    assert problems(text) == [
        f"plan.toml:{at}: units[0].renamed_from: 'doan-tn' vẫn là mã của một đơn vị trong kế hoạch (units[1]); "
        "`renamed_from` chỉ ghi các mã cũ không còn dùng",
        f"plan.toml:{line(text, 'members =')}: units[2].members[0].renamed_from: 'thon-2' vẫn là mã của một "
        "thành viên trong kế hoạch (units[2].members[1]); `renamed_from` chỉ ghi các mã cũ không còn dùng",
        f"plan.toml:{line(text, 'renamed_from', 3)}: items[1].renamed_from: 'I.2' vẫn là mã của một mục trong "
        "kế hoạch (items[2]); `renamed_from` chỉ ghi các mã cũ không còn dùng",
    ]


def test_an_old_id_goes_to_one_unit_only():
    text = edited(renamed_from=True).replace('id = "doan-tn"', 'id = "doan-tn"\nrenamed_from = ["mttq"]')
    assert problems(text) == [
        f"plan.toml:{line(text, 'renamed_from', 2)}: units[1].renamed_from: mã cũ 'mttq' đã có trong "
        "`renamed_from` ở units[0]; mỗi mã cũ chỉ chuyển sang một đơn vị"]


def test_an_old_id_goes_to_one_member_only_and_has_the_form_of_an_id():
    # The same item listing an old id twice is harmless; another item claiming it is not (above, for units).
    text = edited(renamed_from=True).replace('renamed_from = ["I.1"]', 'renamed_from = ["I.1", "I.1", "I-1"]')
    text = text.replace('{ id = "thon-2", name = "Chi bộ thôn Bãi Sậy" }',
                        '{ id = "thon-2", name = "Chi bộ thôn Bãi Sậy", renamed_from = ["thon-1", "Thôn 2"] }')
    members = line(text, "members =")
    item = line(text, 'renamed_from = ["I.1"')
    assert problems(text) == [
        f"plan.toml:{members}: units[2].members[1].renamed_from: mã cũ 'thon-1' đã có trong `renamed_from` ở "
        "units[2].members[0]; mỗi mã cũ chỉ chuyển sang một thành viên",
        f"plan.toml:{members}: units[2].members[1].renamed_from: mã thành viên 'Thôn 2' không hợp lệ: chỉ dùng "
        "chữ thường không dấu, chữ số và '-'",
        f"plan.toml:{item}: items[1].renamed_from: mã mục 'I-1' phải có dạng II.1.2",
    ]


def test_renamed_from_is_a_list_of_ids():
    text = edited(renamed_from=True).replace('renamed_from = ["mttq"]', 'renamed_from = "mttq"')
    (problem,) = problems(text)
    assert problem.startswith(f"plan.toml:{line(text, 'renamed_from')}: units[0].renamed_from: ")


def test_plan_check_in_english(run, write_plan):
    plan = write_plan(edited(renamed_from=True).replace('renamed_from = ["mttq"]', 'renamed_from = ["dang-uy"]'))
    result = run("--lang", "en", "plan", "check", plan)
    assert result.exit_code == 4
    assert ("units[0].renamed_from: 'dang-uy' is still the id of a unit in the plan (units[3]); "
            "`renamed_from` lists only old ids no longer in use") in result.stderr


# ---- what the clerk is told -------------------------------------------------------------------------

def test_every_command_warns_once_on_stderr_and_plan_check_lists_each_event(run, write_plan, recorded):
    plan = write_plan(edited(renamed_from=False), "edited.toml")
    result = run("--plan", plan, "--today", TODAY, "status")
    assert result.exit_code == 0 and "Traceback" not in result.stderr
    warning = result.stderr.splitlines()
    assert len(warning) == 1 and warning[0].startswith("sapa: kế hoạch và sổ tiến độ không khớp: 3 sự kiện")
    assert "I.1, mttq@2024-Q1, chi-bo/thon-1@2024-H1" in warning[0] and "hỏng" not in warning[0]
    check = run("--plan", plan, "plan", "check", plan)
    assert check.exit_code == 0 and "hợp lệ" in check.stdout
    lines = check.stderr.splitlines()
    assert lines[0].startswith("sapa: kế hoạch này và sổ tiến độ không khớp: 3 sự kiện")
    assert len(lines) == 4 and all("sự kiện" in line for line in lines[1:])
    assert any("mttq@2024-Q1" in line and "05/04/2024" in line for line in lines[1:])
    listed = json.loads(run("--plan", plan, "plan", "check", plan, "--json").stdout)
    assert sorted(m["target"] for m in listed["ledger_mismatches"]) == ["I.1", "chi-bo/thon-1@2024-H1", "mttq@2024-Q1"]
    renamed = write_plan(edited(renamed_from=True), "renamed.toml")
    clean = run("--plan", renamed, "--today", TODAY, "plan", "check", renamed)
    assert (clean.exit_code, clean.stderr) == (0, "")


def test_plan_add_replace_lists_what_the_new_version_sets_aside_and_remind_goes_on(run, write_plan):
    first = write_plan(PLAN, "first.toml")
    assert run("--today", TODAY, "plan", "add", first).exit_code == 0
    assert run("--today", TODAY, "submit", "mttq", "2024-Q1", "--date", "05/04/2024").exit_code == 0
    second = write_plan(edited(renamed_from=False), "v2.toml")
    refused = run("--today", TODAY, "plan", "add", "--replace", second)  # it would hide a report: asked first
    assert refused.exit_code == 2 and "  mttq@2024-Q1: 1 cập nhật từ 05/04/2024 sẽ không còn hiện" in refused.stderr
    result = run("--today", TODAY, "plan", "add", "--replace", "--force", second)
    assert result.exit_code == 0 and "Đã cài bản mới" in result.stdout
    assert "không khớp: 1 sự kiện" in result.stderr and "mttq@2024-Q1" in result.stderr
    remind = run("--today", TODAY, "remind", "--fail-on-overdue")
    assert remind.exit_code == 3 and remind.stdout.splitlines()[1].startswith(f"[{PLAN_ID}] ")  # after the date
    assert remind.stderr.startswith(f"sapa: [{PLAN_ID}] kế hoạch và sổ tiến độ không khớp: 1 sự kiện")


def test_an_item_s_old_id_still_finds_it_after_the_rename(run, write_plan, recorded):
    plan = write_plan(edited(renamed_from=True), "renamed.toml")
    shown = json.loads(run("--plan", plan, "--today", TODAY, "show", "I.1", "--json").stdout)
    assert shown["id"] == "I.3" and shown["status"] == "done"
    marked = run("--plan", plan, "--today", TODAY, "mark", "i.1", "doing")
    assert marked.exit_code == 0 and marked.stdout.startswith("I.3: ")
