"""Nothing owed forever: a report can be waived (miễn báo cáo) and an item cancelled (không thực
hiện), each with its reason; neither is ever overdue or reminded, and undo takes either back."""

from __future__ import annotations

import json

from ledger_support import cli, ledger_file, one_line, read_toml, snapshot


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result.stdout


def report(tmp_path, unit, period, today="2022-07-20"):
    rows = json.loads(ok(cli(tmp_path, "reports", "--period", period, "--json", today=today)))
    return next(r for r in rows if r["unit"] == unit)


def overdue_of(tmp_path, unit):
    units = {u["unit"]: u for u in json.loads(ok(cli(tmp_path, "status", "--json", today="2022-07-20")))["units"]}
    return units[unit]["reports_overdue"]


def test_a_waived_report_is_owed_no_more(tmp_path):
    assert report(tmp_path, "ttvh", "2022-H1")["state"] == "overdue"
    before = overdue_of(tmp_path, "ttvh")
    reminded = ok(cli(tmp_path, "remind", today="2022-07-20"))
    out = ok(cli(tmp_path, "waive", "ttvh", "6t-2022", "--note", "Sáp nhập vào Trung tâm VH-TT", today="2022-07-20"))
    assert "miễn báo cáo (Sáp nhập vào Trung tâm VH-TT)" in out
    row = report(tmp_path, "ttvh", "2022-H1")
    assert (row["state"], row["days"], row["submitted"]) == ("waived", None, None)
    assert "Miễn báo cáo" in ok(cli(tmp_path, "reports", "--period", "2022-H1", today="2022-07-20"))
    overdue = json.loads(ok(cli(tmp_path, "overdue", "--json", today="2022-07-20")))
    assert ("ttvh", "2022-H1") not in {(r["unit"], r["period"]) for r in overdue["reports"]}
    after = ok(cli(tmp_path, "remind", today="2022-07-20"))
    assert len(after.splitlines()) == len(reminded.splitlines()) - 1  # its line is gone
    assert overdue_of(tmp_path, "ttvh") == before - 1
    assert "Miễn báo cáo ttvh 2022-H1" in ok(cli(tmp_path, "history", today="2022-07-20"))
    assert read_toml(ledger_file(tmp_path, "2022-07"))["format"] == 2  # older readers are told to update
    ok(cli(tmp_path, "undo", today="2022-07-20"))
    assert report(tmp_path, "ttvh", "2022-H1")["state"] == "overdue"


def test_a_waiver_needs_a_reason_and_a_report_the_unit_owes(tmp_path):
    for args in (["waive", "ttvh", "2022-H1"], ["waive", "ttvh", "2022-H1", "--note", "  "],
                 ["waive", "ubnd", "2022-H1", "--note", "x"]):
        result = cli(tmp_path, *args)
        assert result.exit_code == 2, args
        assert one_line(result.stderr)
    assert snapshot(tmp_path) == {}


def test_a_cancelled_item_is_never_overdue_and_says_why(tmp_path):
    today = "2022-06-20"
    overdue = json.loads(ok(cli(tmp_path, "overdue", "--json", today=today)))
    assert "II.1.1.1" in {i["id"] for i in overdue["items"]}  # due 31/12/2021
    refused = cli(tmp_path, "mark", "II.1.1.1", "huy", today=today)
    assert refused.exit_code == 2 and "lý do" in one_line(refused.stderr)
    out = ok(cli(tmp_path, "mark", "II.1.1.1", "huy", "--note", "Nội dung đã lồng ghép vào II.1.1.2", today=today))
    assert "Không thực hiện" in out
    overdue = json.loads(ok(cli(tmp_path, "overdue", "--json", today=today)))
    assert "II.1.1.1" not in {i["id"] for i in overdue["items"]}
    assert "II.1.1.1 " not in ok(cli(tmp_path, "remind", "--days", "1000", today=today))
    shown = json.loads(ok(cli(tmp_path, "show", "II.1.1.1", "--json", today=today)))
    assert shown["status"] == "cancelled"
    assert read_toml(ledger_file(tmp_path))["format"] == 2
    ok(cli(tmp_path, "undo", today=today))
    assert "II.1.1.1" in {i["id"] for i in json.loads(ok(cli(tmp_path, "overdue", "--json", today=today)))["items"]}


def test_a_ledger_without_waivers_or_cancellations_stays_format_1(tmp_path):
    ok(cli(tmp_path, "mark", "III.1.1", "xong"))
    ok(cli(tmp_path, "submit", "mttq", "2022-H1"))
    assert read_toml(ledger_file(tmp_path))["format"] == 1
    ok(cli(tmp_path, "waive", "ttvh", "2022-H1", "--note", "Sáp nhập"))
    data = read_toml(ledger_file(tmp_path))
    assert data["format"] == 2 and len(data["events"]) == 3  # the same file, its header raised


def test_a_report_in_hand_is_not_waived_over_and_waivers_show_in_a_units_history(tmp_path):
    ok(cli(tmp_path, "submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "05-BC/MTTQ"))
    refused = cli(tmp_path, "waive", "mttq", "2022-H1", "--note", "nhầm")
    assert refused.exit_code == 2 and "10/06/2022, 05-BC/MTTQ" in one_line(refused.stderr)
    assert report(tmp_path, "mttq", "2022-H1", today="2022-06-20")["submitted"] == "2022-06-10"
    ok(cli(tmp_path, "waive", "ttvh", "2022-H1", "--note", "Sáp nhập"))
    assert "Miễn báo cáo ttvh 2022-H1" in ok(cli(tmp_path, "history", "--unit", "ttvh"))


def test_cancelled_items_leave_the_calendar_and_closed_entries_are_ticked(tmp_path):
    ok(cli(tmp_path, "mark", "II.1.1.1", "huy", "--note", "Lồng ghép"))
    ics = ok(cli(tmp_path, "export", "--format", "ics"))
    assert ".item.II.1.1.1@" not in ics and ".item.II.1.1.2@" in ics
    ok(cli(tmp_path, "waive", "ttvh", "2022-H1", "--note", "Sáp nhập"))
    text = ok(cli(tmp_path, "checklist", "2022-H1", "--format", "txt"))
    assert any(line.startswith("[x]") and "Miễn báo cáo" in line for line in text.splitlines())


def test_a_terminal_shows_waived_reports_and_cancelled_items_in_colour(run):
    """The Rich tables style every state: a waiver or a cancellation once crashed `reports --rich`."""
    assert run("waive", "mttq", "2022-H1", "--note", "Sáp nhập").exit_code == 0
    assert run("mark", "III.1.1", "cancelled", "--note", "Không còn phù hợp").exit_code == 0
    shown = run("--rich", "reports", "--period", "2022-H1")
    assert shown.exit_code == 0 and "Miễn báo cáo" in shown.stdout
    listed = run("--rich", "duties", "--unit", "btg")
    assert listed.exit_code == 0 and "Không thực hiện" in listed.stdout
