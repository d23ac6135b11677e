"""What the ledger adds to the read commands: show's history, `history`, duties' status, info;
and notes are data, never markup or terminal control."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import tomli_w
from ledger_support import (
    ICT,
    PLAN_ID,
    PLAN_PATH,
    cli,
    data_dir,
    ledger_dir,
    ledger_events,
    ledger_file,
    ledger_files,
    no_ledger_files,
    one_line,
    run_sapa,
)


def mark_ok(tmp_path, *args, **kwargs):
    result = cli(tmp_path, "mark", *args, **kwargs)
    assert result.exit_code == 0, result.stderr
    return result


def history_json(tmp_path, *args, **kwargs):
    result = cli(tmp_path, "history", *args, "--json", **kwargs)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def event_ids(tmp_path):
    return [e["id"] for e in ledger_events(tmp_path)]


# ---- show ----------------------------------------------------------------------------------

def test_show_has_status_and_history_newest_first(tmp_path):
    mark_ok(tmp_path, "III.1.2", "dang", "--note", "Bắt đầu triển khai")
    mark_ok(tmp_path, "III.1.2", "xong", "--note", "Đã hoàn thành định hướng", "--ref", "15-BC/BTGThU")
    mark_ok(tmp_path, "III.1.3", "vuong", "--note", "không liên quan")
    result = cli(tmp_path, "show", "III.1.2")
    assert result.exit_code == 0
    out = result.stdout
    assert "Trạng thái: Hoàn thành" in out
    assert "Lịch sử:" in out
    history = out.split("Lịch sử:", 1)[1]
    assert history.index("Đã hoàn thành định hướng") < history.index("Bắt đầu triển khai")
    assert "15-BC/BTGThU" in history
    assert "không liên quan" not in out


def test_show_json_has_history(tmp_path):
    mark_ok(tmp_path, "III.1.2", "dang", "--date", "01/06/2022")
    mark_ok(tmp_path, "III.1.2", "xong", "--note", "xong rồi")
    detail = json.loads(cli(tmp_path, "show", "III.1.2", "--json").stdout)
    assert detail["status"] == "done"
    assert detail["updated"] == "2022-06-20"
    assert [h["status"] for h in detail["history"]] == ["done", "doing"]
    assert [h["id"] for h in detail["history"]] == event_ids(tmp_path)[::-1]
    assert detail["history"][0]["note"] == "xong rồi"


def test_show_without_events_has_no_history(tmp_path):
    result = cli(tmp_path, "show", "III.1.2")
    assert result.exit_code == 0
    assert "Trạng thái: Chưa thực hiện" in result.stdout
    assert "Lịch sử" not in result.stdout
    assert json.loads(cli(tmp_path, "show", "III.1.2", "--json").stdout)["history"] == []


# ---- history -------------------------------------------------------------------------------

def test_history_newest_recorded_first(tmp_path):
    mark_ok(tmp_path, "III.1.1", "dang")
    mark_ok(tmp_path, "III.2.1", "xong")
    mark_ok(tmp_path, "III.4.1", "vuong", "--date", "01/06/2022")  # recorded last, effective earlier
    rows = history_json(tmp_path)
    assert [r["target"] for r in rows] == ["III.4.1", "III.2.1", "III.1.1"]
    assert [r["id"] for r in rows] == event_ids(tmp_path)[::-1]
    plain = cli(tmp_path, "history").stdout.splitlines()[1:]  # under the header row
    assert len(plain) == 3
    assert "III.4.1: Vướng mắc" in plain[0] and "III.1.1: Đang thực hiện" in plain[2]


def test_history_json_fields(tmp_path):
    mark_ok(tmp_path, "III.1.6", "xong", "--note", "Báo cáo năm", "--by", "Hà", "--ref", "20-BC")
    [row] = history_json(tmp_path)
    assert row["kind"] == "mark" and row["target"] == "III.1.6" and row["status"] == "done"
    assert row["note"] == "Báo cáo năm" and row["by"] == "Hà" and row["ref"] == "20-BC"
    assert row["date"] == "2022-06-20"
    assert row["recorded"].endswith("+07:00")
    assert row["units"] == ["btg"]
    assert row["undone_by"] is None


def test_history_of_one_item(tmp_path):
    mark_ok(tmp_path, "III.1.1", "dang")
    mark_ok(tmp_path, "III.1.2", "xong")
    mark_ok(tmp_path, "III.1.1", "xong")
    rows = history_json(tmp_path, "III.1.1")
    assert [r["target"] for r in rows] == ["III.1.1", "III.1.1"]
    assert [r["status"] for r in rows] == ["done", "doing"]


def test_history_by_unit(tmp_path):
    mark_ok(tmp_path, "III.1.1", "dang")       # btg
    mark_ok(tmp_path, "III.2.1", "xong")       # mttq
    mark_ok(tmp_path, "III.2.3", "vuong")      # mttq
    assert [r["target"] for r in history_json(tmp_path, "--unit", "mttq")] == ["III.2.3", "III.2.1"]
    assert [r["target"] for r in history_json(tmp_path, "--unit", "btg")] == ["III.1.1"]
    assert history_json(tmp_path, "--unit", "vhtt") == []
    assert "Chưa có sự kiện nào." in cli(tmp_path, "history", "--unit", "vhtt").stdout


def test_history_since(tmp_path):
    mark_ok(tmp_path, "III.1.1", "dang", today="2022-05-02")
    mark_ok(tmp_path, "III.1.2", "dang", today="2022-06-01")
    mark_ok(tmp_path, "III.1.3", "xong", today="2022-06-15")
    assert ledger_files(tmp_path) == [ledger_file(tmp_path, "2022-05"), ledger_file(tmp_path, "2022-06")]
    assert [r["target"] for r in history_json(tmp_path, "--since", "01/06/2022")] == ["III.1.3", "III.1.2"]
    assert [r["target"] for r in history_json(tmp_path, "--since", "2022-06-10")] == ["III.1.3"]
    assert history_json(tmp_path, "--since", "16/06/2022") == []
    assert len(history_json(tmp_path, "--since", "01/01/2022")) == 3


def test_history_bad_since_date(tmp_path):
    mark_ok(tmp_path, "III.1.1", "dang")
    result = cli(tmp_path, "history", "--since", "31/02/2022")
    assert result.exit_code != 0
    assert "31/02/2022" in one_line(result.stderr)


def test_history_unknown_item(tmp_path):
    result = cli(tmp_path, "history", "III.9.9")
    assert result.exit_code != 0
    assert "III.9.9" in one_line(result.stderr)


def test_history_empty(tmp_path):
    result = cli(tmp_path, "history")
    assert result.exit_code == 0
    assert result.stdout == "Chưa có sự kiện nào.\n"
    assert history_json(tmp_path) == []
    assert no_ledger_files(tmp_path)


# ---- duties --------------------------------------------------------------------------------

def duty_lines(stdout):
    return {line.split("\t")[0]: line.split("\t") for line in stdout.splitlines() if "\t" in line}


def test_duties_show_status_and_updated(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong", "--date", "15/06/2022")
    mark_ok(tmp_path, "III.2.1", "vuong")
    lines = duty_lines(cli(tmp_path, "duties").stdout)
    assert lines["III.1.2"][2:4] == ["Hoàn thành", "15/06/2022"]
    assert lines["III.2.1"][2:4] == ["Vướng mắc", "20/06/2022"]
    assert lines["III.1.1"][2:4] == ["Chưa thực hiện", ""]
    english = duty_lines(cli(tmp_path, "duties", lang="en").stdout)
    assert english["III.1.2"][2] == "Done" and english["III.1.1"][2] == "Not started"


def test_duties_json_status_and_updated(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong", "--date", "15/06/2022", "--note", "ghi chú")
    rows = json.loads(cli(tmp_path, "duties", "--json").stdout)
    by_id = {r["id"]: r for r in rows}
    assert by_id["III.1.2"]["status"] == "done"
    assert by_id["III.1.2"]["updated"] == "2022-06-15"
    assert by_id["III.1.1"]["status"] == "todo"
    assert by_id["III.1.1"]["updated"] is None
    assert all("status" in r and "updated" in r for r in rows)


@pytest.mark.parametrize(("typed", "expected"), [
    ("done", ["III.1.2"]), ("xong", ["III.1.2"]), ("Hoàn thành", ["III.1.2"]),
    ("vuong mac", ["III.2.1"]), ("doing", []),
])
def test_duties_status_filter(tmp_path, typed, expected):
    mark_ok(tmp_path, "III.1.2", "xong")
    mark_ok(tmp_path, "III.2.1", "vuong")
    rows = json.loads(cli(tmp_path, "duties", "--status", typed, "--json").stdout)
    assert [r["id"] for r in rows] == expected
    if not expected:
        assert cli(tmp_path, "duties", "--status", typed).stdout == "Không có nhiệm vụ nào khớp.\n"


def test_duties_status_todo_excludes_marked(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong")
    rows = json.loads(cli(tmp_path, "duties", "--status", "chua", "--json").stdout)
    ids = {r["id"] for r in rows}
    assert "III.1.2" not in ids and "III.1.1" in ids
    assert {r["status"] for r in rows} == {"todo"}


def test_duties_status_filter_with_unit(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong")
    mark_ok(tmp_path, "III.2.1", "xong")
    rows = json.loads(cli(tmp_path, "duties", "--unit", "mttq", "--status", "done", "--json").stdout)
    assert [r["id"] for r in rows] == ["III.2.1"]


def test_duties_bad_status(tmp_path):
    result = cli(tmp_path, "duties", "--status", "finished")
    assert result.exit_code != 0
    message = one_line(result.stderr)
    assert "finished" in message and "done" in message


# ---- info ----------------------------------------------------------------------------------

def test_info_prints_plan_and_ledger_paths(tmp_path):
    result = cli(tmp_path, "info")
    assert result.exit_code == 0
    out = result.stdout
    assert str(PLAN_PATH.resolve()) in out
    assert str(ledger_dir(tmp_path).resolve()) in out
    assert str(data_dir(tmp_path).resolve()) in out
    assert "(chưa có" in out  # not created yet
    assert no_ledger_files(tmp_path)
    mark_ok(tmp_path, "III.1.1", "xong")
    out = cli(tmp_path, "info").stdout
    assert "(chưa có" not in out
    assert "Số sự kiện: 1" in out
    mark_ok(tmp_path, "III.1.2", "xong", today="2022-07-01")  # a second month file
    assert "Số sự kiện: 2" in cli(tmp_path, "info").stdout


def test_info_says_not_created_yet_after_read_commands(tmp_path):
    for command in (["duties"], ["show", "III.1.2"], ["history"]):
        assert cli(tmp_path, *command).exit_code == 0
    assert no_ledger_files(tmp_path)
    assert "(chưa có" in cli(tmp_path, "info").stdout


def test_info_json(tmp_path):
    mark_ok(tmp_path, "III.1.1", "xong")
    info = json.loads(cli(tmp_path, "info", "--json").stdout)
    assert info["plan"] == str(PLAN_PATH.resolve())
    assert info["ledger"] == str(ledger_dir(tmp_path).resolve())
    assert info["events"] == 1
    assert info["today"] == "2022-06-20"


def test_info_in_a_child_process(tmp_path):
    result = run_sapa(tmp_path, "info")
    assert result.returncode == 0, result.stderr
    assert str(ledger_dir(tmp_path).resolve()) in result.stdout
    assert str(PLAN_PATH.resolve()) in result.stdout
    assert no_ledger_files(tmp_path)


# ---- notes are data ------------------------------------------------------------------------

MARKUP = "[bold]x[/bold] [red]đỏ[/red] :smile:"


@pytest.mark.parametrize("mode", ["--plain", "--rich"])
@pytest.mark.parametrize("command", [["show", "III.1.2"], ["history"], ["history", "III.1.2"]])
def test_markup_in_a_note_is_shown_literally(tmp_path, mode, command):
    mark_ok(tmp_path, "III.1.2", "xong", "--note", MARKUP, "--by", "[i]Hà[/i]", "--ref", "[b]15[/b]")
    result = cli(tmp_path, mode, *command)
    assert result.exit_code == 0
    assert "[bold]x[/bold]" in result.stdout
    assert "[red]đỏ[/red]" in result.stdout
    assert ":smile:" in result.stdout
    assert "[i]Hà[/i]" in result.stdout
    assert "[b]15[/b]" in result.stdout


def test_markup_note_is_stored_as_typed(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong", "--note", MARKUP)
    assert ledger_events(tmp_path)[0]["note"] == MARKUP


CONTROL_NOTE = "a\x1b[31mđỏ\x1b[0m\x07b\x1b]0;title\x07\x9b2J\x00c\rd"


def test_control_characters_are_stripped_before_storing(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong", "--note", CONTROL_NOTE, "--by", "H\x1b[2Jà", "--ref", "1\x075")
    [event] = ledger_events(tmp_path)
    for key in ("note", "by", "ref"):
        assert not any(ch in event[key] for ch in "\x1b\x07\x00\x9b\r"), event[key]
    assert event["by"] == "Hà" and event["ref"] == "15"
    assert event["note"].startswith("ađỏb")


@pytest.mark.parametrize("mode", ["--plain", "--rich"])
@pytest.mark.parametrize("command", [["show", "III.1.2"], ["history"], ["history", "--json"],
                                     ["show", "III.1.2", "--json"], ["duties", "--json"]])
def test_control_characters_never_reach_stdout(tmp_path, mode, command):
    mark_ok(tmp_path, "III.1.2", "xong", "--note", CONTROL_NOTE)
    result = cli(tmp_path, mode, *command)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\x9b" not in result.stdout and "\x00" not in result.stdout
    assert "đỏ" in result.stdout


def write_hand_edited_ledger(tmp_path, note, by="ai\u001b[2J", ref="r\u0007"):
    """A ledger edited by hand, carrying control characters as TOML escapes."""
    path = ledger_file(tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps({"format": 1, "plan": PLAN_ID, "events": [{
        "id": "hand-edited-1", "recorded": datetime(2022, 6, 18, 10, 0, tzinfo=ICT),
        "date": date(2022, 6, 18), "kind": "mark", "target": "III.1.2", "status": "doing",
        "note": note, "by": by, "ref": ref}]}), encoding="utf-8")


@pytest.mark.parametrize("mode", ["--plain", "--rich"])
@pytest.mark.parametrize("command", [["show", "III.1.2"], ["history"], ["duties"]])
def test_control_characters_from_a_hand_edited_ledger_never_reach_stdout(tmp_path, mode, command):
    write_hand_edited_ledger(tmp_path, "x\u001b[31mđỏ\u0007\u009b1m [bold]y[/bold]")
    result = cli(tmp_path, mode, *command)
    assert result.exit_code == 0, result.stderr
    for ch in "\x1b\x07\x9b":
        assert ch not in result.stdout
    if command[0] != "duties":
        assert "xđỏ" in result.stdout and "[bold]y[/bold]" in result.stdout


def test_duties_rich_has_status_and_updated_columns(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong", "--date", "15/06/2022")
    result = cli(tmp_path, "--rich", "duties", "--unit", "btg")
    assert result.exit_code == 0
    assert "Trạng thái" in result.stdout and "Cập nhật" in result.stdout
    assert "Hoàn thành" in result.stdout and "15/06/2022" in result.stdout
    assert "\x1b" not in result.stdout
