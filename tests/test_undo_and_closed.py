"""No silent damage (issue 18, in part): `undo` takes back this machine's own latest step in the
order it was written, never by the clock; undoing an undo restores it; a mark that changes nothing
records nothing; a closed plan takes no writes until it is reopened."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from cli_support import sapa
from helpers import fail, ok
from ledger_support import ICT, folder_snapshot, ledger_dir, ledger_events, ledger_file, snapshot
from test_workspace import PHASES, office  # noqa: F401 - `office` is a fixture
from test_workspace import TODAY as OFFICE_TODAY

from sapa_propaganda.storage import ledger_format


def status(tmp_path, item: str, **options) -> str:
    return json.loads(ok(sapa(tmp_path, "show", item, "--json", **options)))["status"]


def clock_at(moment: datetime):
    """A clock that says `moment`, a second later at every reading (as a real one moves on)."""
    ticks = iter(range(1_000_000))
    return lambda: moment + timedelta(seconds=next(ticks))


# ---- undo: the last step written, not the latest clock time -------------------------------------

@pytest.mark.parametrize("wrong, right", [
    # The clock ran a month fast at the first mark, then was put right.
    (datetime(2022, 7, 25, 9, 0, tzinfo=ICT), datetime(2022, 6, 20, 9, 0, tzinfo=ICT)),
    # The clock was right at the first mark, then fell back (a flat battery) to the month before.
    (datetime(2022, 6, 20, 9, 0, tzinfo=ICT), datetime(2022, 5, 2, 8, 0, tzinfo=ICT)),
])
def test_plain_undo_takes_back_the_last_step_written_whatever_the_clock_said(tmp_path, wrong, right):
    ok(sapa(tmp_path, "mark", "III.1.1", "dang", clock=clock_at(wrong)))
    ok(sapa(tmp_path, "mark", "III.1.2", "xong", "--note", "hội nghị", clock=clock_at(right)))
    undone = ok(sapa(tmp_path, "undo", clock=clock_at(right + timedelta(minutes=5))))
    assert undone == "Đã hoàn tác: III.1.2: Hoàn thành (20/06/2022)\n"
    assert status(tmp_path, "III.1.2") == "todo" and status(tmp_path, "III.1.1") == "doing"
    # Both marks are in this machine's files in the order written, so every later undo agrees.
    ids = [e.id for path in sorted(ledger_dir(tmp_path).glob("ledger-*.toml"))
           for e in ledger_format.parse_ledger(path.read_bytes(), str(path), None)]
    marks = [e for e in ledger_events(tmp_path) if e["kind"] == "mark"]
    assert ids.index(marks[0]["id"]) < ids.index(next(e["id"] for e in marks if e["target"] == "III.1.2"))


def test_undo_of_an_undo_restores_the_change_and_says_so(tmp_path):
    ok(sapa(tmp_path, "mark", "III.1.1", "dang"))
    ok(sapa(tmp_path, "mark", "III.1.2", "xong", "--date", "15/06/2022"))
    assert ok(sapa(tmp_path, "undo")) == "Đã hoàn tác: III.1.2: Hoàn thành (15/06/2022)\n"
    assert status(tmp_path, "III.1.2") == "todo"
    # The undo is the last step now: undoing it puts the mark back, not the one before it.
    assert ok(sapa(tmp_path, "undo")) == \
        "Đã khôi phục: III.1.2: Hoàn thành (15/06/2022), thay đổi đã bị hoàn tác trước đó\n"
    assert status(tmp_path, "III.1.2") == "done" and status(tmp_path, "III.1.1") == "doing"
    assert ok(sapa(tmp_path, "undo", lang="en")) == "Undone: III.1.2: Done (15/06/2022)\n"
    assert ok(sapa(tmp_path, "undo", lang="en")) == "Restored: III.1.2: Done (15/06/2022), which had been undone\n"
    assert status(tmp_path, "III.1.2") == "done"
    # Nothing was deleted: two marks and four undos, and the history words each for what it did,
    # and marks what stands no more (the two undos, each taken back by the restore after it).
    assert [e["kind"] for e in ledger_events(tmp_path)] == ["mark", "mark", "undo", "undo", "undo", "undo"]
    rows = ok(sapa(tmp_path, "history", "III.1.2")).splitlines()[1:]
    assert [row.split("\t")[2] for row in rows] == [
        "Khôi phục: III.1.2: Hoàn thành", "Hoàn tác: III.1.2: Hoàn thành (đã hoàn tác)",
        "Khôi phục: III.1.2: Hoàn thành", "Hoàn tác: III.1.2: Hoàn thành (đã hoàn tác)",
        "III.1.2: Hoàn thành"]


def test_undo_of_a_report_names_the_report_and_its_date(tmp_path):
    ok(sapa(tmp_path, "submit", "mttq", "2021-Y", "--date", "05/01/2022", "--ref", "12-BC/MTTQ"))
    assert ok(sapa(tmp_path, "undo")) == "Đã hoàn tác: Nhận báo cáo mttq 2021-Y (05/01/2022)\n"
    assert ok(sapa(tmp_path, "undo", lang="en")) == \
        "Restored: Report received mttq 2021-Y (05/01/2022), which had been undone\n"


def test_undo_by_id_still_reverts_the_one_event_and_an_undo_named_is_restored(tmp_path):
    for item, word in (("III.1.1", "dang"), ("III.1.2", "xong"), ("III.1.3", "vuong")):
        ok(sapa(tmp_path, "mark", item, word))
    first = ledger_events(tmp_path)[0]["id"]
    assert ok(sapa(tmp_path, "undo", first[:8])) == "Đã hoàn tác: III.1.1: Đang thực hiện (20/06/2022)\n"
    assert [status(tmp_path, i) for i in ("III.1.1", "III.1.2", "III.1.3")] == ["todo", "done", "blocked"]
    undo_id = ledger_events(tmp_path)[-1]["id"]
    assert ok(sapa(tmp_path, "undo", undo_id)).startswith("Đã khôi phục: III.1.1: Đang thực hiện")
    assert status(tmp_path, "III.1.1") == "doing"
    refused = fail(sapa(tmp_path, "undo", undo_id))
    assert undo_id in refused and "đã được hoàn tác" in refused


def test_each_machine_undoes_its_own_latest_step_and_names_the_way_to_another_s(tmp_path):
    shared = tmp_path / "shared-folder"
    shared.mkdir()
    env = {"SAPA_DATA": str(shared)}
    clerk, cron, third = tmp_path / "clerk", tmp_path / "cron", tmp_path / "third"
    ok(sapa(clerk, "mark", "III.1.1", "xong", env=env))
    ok(sapa(cron, "mark", "III.1.2", "dang", env=env))  # written later, on another machine
    assert ok(sapa(clerk, "undo", env=env)) == "Đã hoàn tác: III.1.1: Hoàn thành (20/06/2022)\n"
    assert status(clerk, "III.1.2", env=env) == "doing"  # the other machine's step stands
    assert ok(sapa(cron, "undo", env=env)) == "Đã hoàn tác: III.1.2: Đang thực hiện (20/06/2022)\n"
    before = folder_snapshot(shared)
    refused = fail(sapa(third, "undo", env=env))
    assert "máy này chưa ghi thay đổi nào" in refused and "sapa undo" in refused
    assert folder_snapshot(shared) == before


def test_an_import_of_older_events_is_the_step_undo_takes_back(tmp_path):
    ok(sapa(tmp_path, "mark", "III.1.1", "dang"))  # June, in this machine's June file
    other = tmp_path / "other-office"
    ok(sapa(other, "mark", "III.2.1", "xong", today="2022-05-20"))  # recorded in May
    source = ledger_file(other, "2022-05")
    ok(sapa(tmp_path, "import", source))  # goes into this machine's May file, behind June's mark
    assert ok(sapa(tmp_path, "undo")) == f"Đã hoàn tác lần nhập {source.name}: 1 sự kiện\n"
    assert status(tmp_path, "III.2.1") == "todo" and status(tmp_path, "III.1.1") == "doing"
    assert ok(sapa(tmp_path, "undo")) == f"Đã khôi phục 1 sự kiện của lần nhập {source.name}\n"
    assert status(tmp_path, "III.2.1") == "done"


# ---- a mark that changes nothing ------------------------------------------------------------------

def test_a_mark_that_changes_nothing_says_so_and_records_nothing(tmp_path):
    ok(sapa(tmp_path, "mark", "III.1.2", "xong", "--note", "Đã tổ chức", "--ref", "5-BC", today="2022-06-15"))
    before = snapshot(tmp_path)
    for again in (["xong"], ["done", "--note", "Đã tổ chức"], ["xong", "--ref", "5-BC", "--date", "15/06/2022"],
                  ["xong", "--by", "Lan"]):
        said = ok(sapa(tmp_path, "mark", "III.1.2", *again))
        assert said == "III.1.2 đã ở trạng thái Hoàn thành từ 15/06/2022; không ghi gì\n", again
        assert snapshot(tmp_path) == before
    assert ok(sapa(tmp_path, "mark", "III.1.2", "xong", lang="en")) == \
        "III.1.2 has been Done since 15/06/2022; nothing recorded\n"
    assert ok(sapa(tmp_path, "mark", "III.1.3", "chua")) == \
        "III.1.3 đang ở trạng thái Chưa thực hiện, chưa ghi nhận lần nào; không ghi gì\n"
    assert snapshot(tmp_path) == before
    # Anything new is recorded: a note, a document number, a date, a status.
    for change in (["xong", "--note", "Đã tổ chức xong đợt 2"], ["xong", "--ref", "9-BC"],
                   ["xong", "--date", "18/06/2022"], ["dang"]):
        assert "→" in ok(sapa(tmp_path, "mark", "III.1.2", *change)), change
    assert len(ledger_events(tmp_path)) == 5


# ---- a closed plan ------------------------------------------------------------------------------

def test_a_closed_plan_refuses_every_write_until_it_is_reopened(office, run, tmp_path):  # noqa: F811
    ok(office("mark", f"{PHASES}:I.1", "dang", "--date", "01/06/2015"))
    export = tmp_path / "phases.json"
    assert office("--plan", PHASES, "export", "-o", export).exit_code == 0
    workspace_export = tmp_path / "office.json"
    assert office("export", "-o", workspace_export).exit_code == 0
    assert f"sapa plan reopen {PHASES}" in ok(office("plan", "close", PHASES, "--note", "Đã tổng kết chương trình"))
    ledger = tmp_path / "data" / PHASES
    before = folder_snapshot(ledger)
    expected = (f"sapa: kế hoạch '{PHASES}' đã đóng ngày {OFFICE_TODAY[8:]}/{OFFICE_TODAY[5:7]}/{OFFICE_TODAY[:4]}"
                f" (Đã tổng kết chương trình): không ghi gì thêm; muốn ghi thì mở lại: sapa plan reopen {PHASES}")
    for write in ([f"{PHASES}:I.1", "xong"], ["--plan", PHASES, "mark", "I.1", "xong"]):
        args = write if write[0] == "--plan" else ["mark", *write]
        assert fail(office(*args)) == expected
    assert fail(office("--plan", PHASES, "submit", "vhtt", "giai-doan-1", "--date", "20/12/2015")) == expected
    assert fail(office("--plan", PHASES, "waive", "vhtt", "2016-Y", "--note", "sáp nhập")) == expected
    assert fail(office("--plan", PHASES, "undo")) == expected
    assert fail(office("--plan", PHASES, "import", export)) == expected
    assert fail(office("import", workspace_export)) == expected  # the office's file: nothing of it is taken
    assert folder_snapshot(ledger) == before
    english = office("--lang", "en", "--plan", PHASES, "mark", "I.1", "xong")
    assert fail(english).endswith(f"nothing more is recorded; to record, reopen it: sapa plan reopen {PHASES}")
    # Reading goes on.
    assert json.loads(ok(office("--plan", PHASES, "show", "I.1", "--json")))["status"] == "doing"
    assert "I.1" in ok(office("--plan", PHASES, "history"))
    ok(office("--plan", PHASES, "reports"))
    # Reopened, it takes writes again.
    ok(office("plan", "reopen", PHASES))
    assert "→" in ok(office("--plan", PHASES, "mark", "I.1", "xong"))
    assert ok(office("--plan", PHASES, "undo")).startswith("Đã hoàn tác: I.1: Hoàn thành")



# ---- undos of one step made apart and synced later count once (core.progress.duplicate_undos) ----

def _event(event_id: str, minute: int, kind: str = "undo", target: str = "III.1.1"):
    from datetime import date as day

    from sapa_propaganda.core.progress import Event

    return Event(event_id, datetime(2022, 6, 20, 9, minute, tzinfo=ICT), day(2022, 6, 20), kind, target,
                 "done" if kind == "mark" else "")


def test_a_late_synced_undo_of_a_step_already_undone_reverts_nothing_and_a_redo_restores_it():
    from sapa_propaganda.core.progress import build_state, duplicate_undos, undone_ids

    mark = _event("e", 0, "mark")
    # A undoes the mark; B undoes A (a redo); C undoes B (undone again); D, made apart, undoes the mark.
    chain = [mark, _event("a", 1, target="e"), _event("b", 2, target="a"), _event("c", 3, target="b"),
             _event("d", 4, target="e")]
    assert duplicate_undos(chain) == {"d"}  # when D was made, A stood again: D reverts nothing
    redo = [*chain, _event("r", 5, target="c")]  # C taken back: A falls, and the mark is back
    assert "e" not in undone_ids(redo)
    assert build_state([e for e in redo if e.kind == "mark"], undone_ids(redo)).of("III.1.1").status == "done"
    # An undo made after a redo is a step of its own: it counts.
    again = [mark, _event("a", 1, target="e"), _event("b", 2, target="a"), _event("d", 4, target="e")]
    assert duplicate_undos(again) == set() and "e" in undone_ids(again)
