"""The ledger files (a folder per plan, one TOML file per month of recording, format 1, typed
events) and `sapa undo`."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime, timedelta

import pytest
from ledger_support import (
    ICT,
    PLAN_ID,
    PLAN_PATH,
    cli,
    data_dir,
    events_of,
    ledger_dir,
    ledger_events,
    ledger_file,
    ledger_files,
    no_ledger_files,
    one_line,
    origin_of,
    read_toml,
    run_sapa,
    snapshot,
)

from sapa_propaganda.core.progress import Event, build_state, latest_undoable
from sapa_propaganda.storage import ledger_format

EVENT_KEYS = {"id", "recorded", "date", "kind", "target", "status", "note", "by", "ref"}


def mark_ok(tmp_path, *args, **kwargs):
    result = cli(tmp_path, "mark", *args, **kwargs)
    assert result.exit_code == 0, result.stderr
    return result


def status_of(tmp_path, item_id):
    return json.loads(cli(tmp_path, "show", item_id, "--json").stdout)["status"]


# ---- the file ------------------------------------------------------------------------------

def test_ledger_is_a_folder_named_after_the_plan_with_one_toml_file_per_month(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong", "--note", "ghi chú", "--by", "Hà", "--ref", "15-BC")
    path = ledger_file(tmp_path)
    assert path == data_dir(tmp_path) / PLAN_ID / f"ledger-2022-06.{origin_of(tmp_path)}.toml"
    assert ledger_files(tmp_path) == [path]
    assert list(data_dir(tmp_path).glob("*.toml")) == []  # nothing beside the plan's folder
    assert sorted(p.name for p in ledger_dir(tmp_path).rglob("*.toml")) == [path.name]
    assert sorted(p.name for p in ledger_dir(tmp_path).iterdir()) == [path.name]  # no lock, no cache
    data = read_toml(path)
    assert data["format"] == 1
    assert data["plan"] == PLAN_ID
    [event] = data["events"]
    assert set(event) == EVENT_KEYS
    assert isinstance(event["id"], str) and len(event["id"]) >= 16
    assert isinstance(event["recorded"], datetime)
    assert event["recorded"].utcoffset() == timedelta(hours=7)
    assert type(event["date"]) is date
    assert (event["kind"], event["target"], event["status"]) == ("mark", "III.1.2", "done")
    assert (event["note"], event["by"], event["ref"]) == ("ghi chú", "Hà", "15-BC")


def test_each_event_goes_into_the_file_of_the_month_it_was_recorded_in(tmp_path):
    mark_ok(tmp_path, "III.1.1", "dang", today="2022-05-31")
    mark_ok(tmp_path, "III.1.2", "xong", "--date", "01/05/2022")  # effective in May, recorded in June
    # Recorded in May after a June one (the clock went back): it goes after it, into June's file, so
    # that this machine's files keep its events in the order written (what `undo` takes back).
    mark_ok(tmp_path, "III.1.3", "vuong", today="2022-05-31")
    may, june = ledger_file(tmp_path, "2022-05"), ledger_file(tmp_path, "2022-06")
    assert ledger_files(tmp_path) == [may, june]
    for path in (may, june):
        assert read_toml(path)["format"] == 1 and read_toml(path)["plan"] == PLAN_ID
    assert [e["target"] for e in events_of(may)] == ["III.1.1"]
    assert [e["target"] for e in events_of(june)] == ["III.1.2", "III.1.3"]
    assert events_of(june)[0]["date"] == date(2022, 5, 1)
    # Both months are read: the state, the history and the count cover them all.
    assert status_of(tmp_path, "III.1.1") == "doing" and status_of(tmp_path, "III.1.2") == "done"
    assert len(json.loads(cli(tmp_path, "history", "--json").stdout)) == 3
    assert "Số sự kiện: 3" in cli(tmp_path, "info").stdout


def test_the_month_is_that_of_the_recorded_time_at_plus_seven(tmp_path):
    # 00:30 on 1 July in Viet Nam is still 30 June in UTC: the file is July's.
    late = datetime(2022, 7, 1, 0, 30, tzinfo=ICT)
    result = cli(tmp_path, "mark", "III.1.2", "xong", today="2022-07-01", clock=lambda tz_name=None: late)
    assert result.exit_code == 0, result.stderr
    assert ledger_files(tmp_path) == [ledger_file(tmp_path, "2022-07")]
    [event] = events_of(ledger_file(tmp_path, "2022-07"))
    assert event["recorded"] == late and event["recorded"].utcoffset() == timedelta(hours=7)


def test_ledger_is_human_readable_utf8(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong", "--note", "Đã tổ chức hội nghị báo cáo viên")
    text = ledger_file(tmp_path).read_text(encoding="utf-8")
    assert "Đã tổ chức hội nghị báo cáo viên" in text  # not \u escapes
    assert "format = 1" in text
    assert f'plan = "{PLAN_ID}"' in text


def test_every_event_has_the_required_keys(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong")
    mark_ok(tmp_path, "III.1.3", "dang", "--note", "n")
    assert cli(tmp_path, "undo").exit_code == 0
    events = ledger_events(tmp_path)
    assert len(events) == 3
    for event in events:
        assert {"id", "recorded", "date", "kind", "target"} <= set(event) <= EVENT_KEYS
        assert event["recorded"].utcoffset() == timedelta(hours=7)


def test_recorded_is_the_real_moment_at_plus_seven(tmp_path):
    # A child process uses the real clock; only the offset is checked, never the date.
    result = run_sapa(tmp_path, "mark", "III.1.2", "xong", "--by", "cron")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "III.1.2: Chưa thực hiện → Hoàn thành (20/06/2022)\n"
    [path] = ledger_files(tmp_path)
    [event] = events_of(path)
    assert event["recorded"].utcoffset() == timedelta(hours=7)
    assert path.name == f"ledger-{event['recorded']:%Y-%m}.{origin_of(tmp_path)}.toml"  # the real month, at +07:00
    assert "+07:00" in path.read_text(encoding="utf-8")
    assert event["date"] == date(2022, 6, 20)


def test_each_plan_has_its_own_ledger(tmp_path):
    text = PLAN_PATH.read_text(encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text(text.replace(f'id = "{PLAN_ID}"', 'id = "ke-hoach-khac"', 1), encoding="utf-8")
    mark_ok(tmp_path, "III.1.2", "xong")
    result = cli(tmp_path, "--plan", other, "mark", "III.1.2", "vuong")
    assert result.exit_code == 0, result.stderr
    assert sorted(str(p.relative_to(data_dir(tmp_path))) for p in data_dir(tmp_path).rglob("*.toml")) == [
        f"ke-hoach-khac/ledger-2022-06.{origin_of(tmp_path)}.toml",
        f"{PLAN_ID}/ledger-2022-06.{origin_of(tmp_path)}.toml"]
    assert read_toml(ledger_file(tmp_path, plan_id="ke-hoach-khac"))["plan"] == "ke-hoach-khac"
    assert status_of(tmp_path, "III.1.2") == "done"
    info = cli(tmp_path, "--plan", other, "info").stdout
    assert str(ledger_dir(tmp_path, "ke-hoach-khac").resolve()) in info
    assert str(ledger_dir(tmp_path).resolve()) not in info


def test_serialize_parse_round_trip():
    events = [
        Event("b" * 32, datetime(2022, 6, 20, 9, 0, 1, 123456, tzinfo=ICT), date(2022, 6, 1),
              "mark", "III.1.2", "done", "Ghi chú \"có\" dấu\nhai dòng", "Hà", "15-BC"),
        Event("a" * 32, datetime(2022, 6, 20, 9, 0, 1, 123456, tzinfo=ICT), date(2022, 6, 20),
              "mark", "III.1.3", "doing"),
        Event("c" * 32, datetime(2022, 6, 21, 8, 0, tzinfo=ICT), date(2022, 6, 21), "undo", "a" * 32),
    ]
    raw = ledger_format.serialize(PLAN_ID, events)
    assert tomllib.loads(raw.decode("utf-8"))["format"] == 1
    parsed = ledger_format.parse_ledger(raw, "x.toml", PLAN_ID)
    assert parsed == sorted(events, key=lambda e: (e.recorded, e.id))
    assert ledger_format.serialize(PLAN_ID, parsed) == raw


# ---- undo ----------------------------------------------------------------------------------

def test_undo_appends_a_reversal_and_keeps_the_original(tmp_path):
    mark_ok(tmp_path, "III.1.2", "dang", "--note", "bắt đầu")
    mark_ok(tmp_path, "III.1.2", "xong", "--note", "hoàn thành")
    before = ledger_file(tmp_path).read_text(encoding="utf-8")
    marks = events_of(ledger_file(tmp_path))
    result = cli(tmp_path, "undo")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Đã hoàn tác: III.1.2: Hoàn thành (20/06/2022)\n"
    after_text = ledger_file(tmp_path).read_text(encoding="utf-8")
    # History is never rewritten: the old file is a prefix of the new one.
    assert after_text.startswith(before)
    events = events_of(ledger_file(tmp_path))
    assert events[:2] == marks
    assert len(events) == 3
    undo = events[2]
    assert undo["kind"] == "undo" and undo["target"] == marks[1]["id"]
    assert undo["id"] not in {m["id"] for m in marks}
    assert status_of(tmp_path, "III.1.2") == "doing"
    assert ledger_files(tmp_path) == [ledger_file(tmp_path)]


def test_undo_of_an_earlier_month_appends_to_this_month_and_leaves_that_month_alone(tmp_path):
    mark_ok(tmp_path, "III.1.2", "dang", today="2022-05-30")
    mark_ok(tmp_path, "III.1.2", "xong", today="2022-05-31")
    may = ledger_file(tmp_path, "2022-05")
    may_before = may.read_bytes()
    marks = events_of(may)
    assert cli(tmp_path, "undo").stdout == "Đã hoàn tác: III.1.2: Hoàn thành (31/05/2022)\n"
    assert may.read_bytes() == may_before  # history is never rewritten
    [undo] = events_of(ledger_file(tmp_path))
    assert undo["kind"] == "undo" and undo["target"] == marks[1]["id"] and undo["date"] == date(2022, 6, 20)
    assert status_of(tmp_path, "III.1.2") == "doing"
    # Undoing May's first mark, by its id, again appends to June.
    assert cli(tmp_path, "undo", marks[0]["id"]).exit_code == 0
    assert may.read_bytes() == may_before
    assert [e["target"] for e in events_of(ledger_file(tmp_path))] == [marks[1]["id"], marks[0]["id"]]
    assert status_of(tmp_path, "III.1.2") == "todo"


def test_undo_reverts_the_latest_written_and_undo_again_restores_it(tmp_path):
    mark_ok(tmp_path, "III.1.1", "dang")
    mark_ok(tmp_path, "III.2.1", "xong")
    mark_ok(tmp_path, "III.4.1", "vuong", "--date", "01/06/2022")  # latest written, earliest date
    first = cli(tmp_path, "undo")
    assert first.stdout == "Đã hoàn tác: III.4.1: Vướng mắc (01/06/2022)\n"
    assert status_of(tmp_path, "III.4.1") == "todo"
    # The undo is the latest step now: undoing it puts the change back (a redo).
    second = cli(tmp_path, "undo")
    assert second.stdout == "Đã khôi phục: III.4.1: Vướng mắc (01/06/2022), thay đổi đã bị hoàn tác trước đó\n"
    events = events_of(ledger_file(tmp_path))
    assert [e["kind"] for e in events] == ["mark", "mark", "mark", "undo", "undo"]
    assert events[3]["target"] == events[2]["id"]
    assert events[4]["target"] == events[3]["id"]
    assert status_of(tmp_path, "III.1.1") == "doing"
    assert status_of(tmp_path, "III.2.1") == "done"
    assert status_of(tmp_path, "III.4.1") == "blocked"


def test_undo_shows_in_history(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong", "--note", "n1")
    assert cli(tmp_path, "undo", "--by", "Trưởng ban").exit_code == 0
    rows = json.loads(cli(tmp_path, "history", "--json").stdout)
    assert [r["kind"] for r in rows] == ["undo", "mark"]
    assert rows[1]["undone_by"] == rows[0]["id"]
    assert rows[0]["by"] == "Trưởng ban"
    plain = cli(tmp_path, "history").stdout.splitlines()[1:]  # under the header row
    assert "Hoàn tác: III.1.2: Hoàn thành" in plain[0]
    assert "(đã hoàn tác)" in plain[1]
    assert "Hoàn tác" in cli(tmp_path, "show", "III.1.2").stdout
    english = cli(tmp_path, "history", lang="en").stdout
    assert "Undo: III.1.2: Done" in english and "(undone)" in english


def test_undo_in_english(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong")
    assert cli(tmp_path, "undo", lang="en").stdout == "Undone: III.1.2: Done (20/06/2022)\n"
    assert cli(tmp_path, "undo", lang="en").stdout == "Restored: III.1.2: Done (20/06/2022), which had been undone\n"


def test_nothing_to_undo(tmp_path):
    result = cli(tmp_path, "undo")
    assert result.exit_code != 0
    assert one_line(result.stderr).startswith("sapa: ")
    assert no_ledger_files(tmp_path)
    mark_ok(tmp_path, "III.1.2", "xong")
    assert cli(tmp_path, "undo").exit_code == 0
    assert list(snapshot(tmp_path)) == [f"ledger-2022-06.{origin_of(tmp_path)}.toml"]
    # Once anything is written, there is always a step: the last undo, which `undo` takes back.
    assert cli(tmp_path, "undo").exit_code == 0
    assert status_of(tmp_path, "III.1.2") == "done"


def test_mark_after_undo_starts_from_the_restored_status(tmp_path):
    mark_ok(tmp_path, "III.1.2", "dang")
    mark_ok(tmp_path, "III.1.2", "vuong")
    assert cli(tmp_path, "undo").exit_code == 0
    result = mark_ok(tmp_path, "III.1.2", "xong")
    assert result.stdout == "III.1.2: Đang thực hiện → Hoàn thành (20/06/2022)\n"


def test_latest_undoable_is_the_last_step_written_an_undo_included():
    t = datetime(2022, 6, 20, 9, 0, tzinfo=ICT)
    a = Event("a", t, date(2022, 6, 20), "mark", "III.1.1", "done")
    b = Event("b", t + timedelta(seconds=1), date(2022, 6, 1), "mark", "III.1.2", "done")
    u = Event("u", t + timedelta(seconds=2), date(2022, 6, 20), "undo", "b")
    latest = latest_undoable([a, b])
    assert latest is not None and latest.events == (b,)
    latest = latest_undoable([a, b, u])
    assert latest is not None and latest.events == (u,)  # undoing it puts b back
    # In the order written, not recorded: b was written first, whatever its clock said.
    latest = latest_undoable([a, b], written=[["b", "a"]])
    assert latest is not None and latest.events == (a,)
    state = build_state([a, b, u])
    assert state.status_of("III.1.2") == "todo" and state.status_of("III.1.1") == "done"
    redo = Event("r", t + timedelta(seconds=3), date(2022, 6, 20), "undo", "u")
    assert build_state([a, b, u, redo]).status_of("III.1.2") == "done"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_undo_message_is_one_line(tmp_path, lang):
    mark_ok(tmp_path, "III.1.2", "xong")
    assert len(cli(tmp_path, "undo", lang=lang).stdout.splitlines()) == 1


def test_undo_event_is_dated_sapa_today(tmp_path):
    # A child process: the real clock decides `recorded`; the effective date is still the
    # pretended today, as it is for `mark` (it used to be recorded.date(), the real date).
    assert run_sapa(tmp_path, "mark", "III.1.2", "xong").returncode == 0
    result = run_sapa(tmp_path, "undo")
    assert result.returncode == 0, result.stderr
    events = ledger_events(tmp_path)
    assert len(events) == 2
    undo = events[-1]
    assert undo["kind"] == "undo" and undo["target"] == events[0]["id"]
    assert undo["date"] == date(2022, 6, 20)
