"""Memory bounded by the output, not the history (issue 21): `export` writes as it reads, `import`
and its `undo` never hold the whole ledger. The bytes are those of the whole document encoded at
once; what is held is measured with tracemalloc, against what holding the history costs."""

from __future__ import annotations

import gc
import json
import random
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from ledger_support import ICT, PLAN_ID, PLAN_PATH, cli, hand_edit, ledger_dir, origin_of

from sapa_propaganda.core.deadlines import plan_index
from sapa_propaganda.core.progress import Event, ProgressState, canonical
from sapa_propaganda.core.text import json_text
from sapa_propaganda.render import export as export_module
from sapa_propaganda.render.export import Export, _jsonable, export_chunks, export_document, workspace_export
from sapa_propaganda.storage.ledger import Ledger
from sapa_propaganda.storage.ledger_format import event_record, serialize
from sapa_propaganda.storage.plan_loader import load_plan

PLAN = load_plan(PLAN_PATH)
NOTES = ("Đã triển khai", "a\u202eb\x1b[2J", "dòng\u2028mới", "=1+1", "", "Ghi chú \"trích\" \\ dài " * 5)


def history(count: int, seed: int = 1, first: date = date(2021, 6, 1), months: int = 12) -> list[Event]:
    """`count` marks and receipts of the bundled plan, recorded over `months` months."""
    rng = random.Random(seed)
    items = [i.id for i in PLAN.tracked_items]
    start = datetime(first.year, first.month, first.day, 8, tzinfo=ICT)
    span = timedelta(days=30 * months).total_seconds()
    events = []
    for _ in range(count):
        recorded = start + timedelta(seconds=rng.random() * span)
        if rng.random() < 0.1:
            kind, target, status = "submit", f"{rng.choice(('mttq', 'vhtt', 'ttvh'))}@2021-Y", ""
        else:
            kind, target, status = "mark", rng.choice(items), rng.choice(("doing", "done", "blocked"))
        events.append(Event(f"{rng.getrandbits(128):032x}", recorded, max(recorded.date(), PLAN.start), kind, target,
                            status, rng.choice(NOTES[:4]) if status != "blocked" else "thiếu kinh phí", "van-thu",
                            rng.choice(("", "12-BC/BTG"))))
    return canonical(events)


def write_ledger(folder: Path, events: list[Event], origin: str = "") -> None:
    """The events in their months' files, as sapa writes them (this machine's, if `origin`)."""
    by_month: dict[str, list[Event]] = {}
    for event in events:
        by_month.setdefault(f"{event.recorded:%Y-%m}", []).append(event)
    folder.mkdir(parents=True, exist_ok=True)
    for month, group in by_month.items():
        name = f"ledger-{month}.{origin}.toml" if origin else f"ledger-{month}.toml"
        (folder / name).write_bytes(serialize(PLAN_ID, group))


def held_bytes(action) -> tuple[int, int]:
    """What `action` returned held, and the most it held at once, beyond what was held before it."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = action()
        now, peak = tracemalloc.get_traced_memory()
        del kept
        return now - before, peak - before
    finally:
        tracemalloc.stop()


# ---- export: the same bytes, written as made ------------------------------------------------------

@pytest.fixture
def small_parts(monkeypatch):
    """A part per few events, so that a small ledger's export comes in many parts."""
    monkeypatch.setattr(export_module, "EVENTS_PER_PART", 7)


def test_an_export_in_parts_is_the_document_encoded_at_once(small_parts):
    events = history(50)
    state = ProgressState()
    stamp = datetime(2022, 6, 20, 9, tzinfo=ICT)
    parts = list(export_chunks(Export(PLAN, state, stamp, iter(events), record=event_record), "json"))
    assert len(parts) > 50 // 7
    whole = json_text(_jsonable(export_document(Export(PLAN, state, stamp, events, record=event_record))))
    assert b"".join(parts) == whole.encode("utf-8")
    assert json.loads(b"".join(parts))["events"][0]["id"] == events[0].id
    assert "\\u202e" in whole and "\u202e" not in whole  # hidden characters escaped in every part


def test_an_export_with_no_events_is_the_document_encoded_at_once():
    stamp = datetime(2022, 6, 20, 9, tzinfo=ICT)
    export = Export(PLAN, ProgressState(), stamp, [], record=event_record)
    assert b"".join(export_chunks(export, "json")) == json_text(_jsonable(export_document(export))).encode("utf-8")


def test_a_csv_export_in_parts_has_the_bytes_of_one_part(small_parts, monkeypatch):
    events = history(50)
    stamp = datetime(2022, 6, 20, 9, tzinfo=ICT)
    parts = list(export_chunks(Export(PLAN, ProgressState(), stamp, iter(events)), "csv"))
    monkeypatch.setattr(export_module, "EVENTS_PER_PART", 10**9)
    whole = list(export_chunks(Export(PLAN, ProgressState(), stamp, iter(events)), "csv"))
    assert len(parts) > 50 // 7 and len(whole) == 2
    assert b"".join(parts) == b"".join(whole)
    assert b"".join(parts).startswith(b"\xef\xbb\xbfrecord,id,kind,") and b"".join(parts).count(b"\xef\xbb\xbf") == 1


def test_the_office_export_in_parts_is_the_document_encoded_at_once(small_parts):
    stamp = datetime(2022, 6, 20, 9, tzinfo=ICT)
    histories = [history(20, seed=1), [], history(9, seed=2)]

    def exports(streamed: bool) -> list[Export]:
        return [Export(PLAN, ProgressState(), stamp, iter(h) if streamed else h, record=event_record)
                for h in histories]

    whole = json_text(_jsonable({"format": 1, "workspace": True, "exported": stamp,
                                 "plans": [export_document(e) for e in exports(False)]}))
    assert b"".join(workspace_export(iter(exports(True)), stamp)) == whole.encode("utf-8")
    nothing = json_text(_jsonable({"format": 1, "workspace": True, "exported": stamp, "plans": []}))
    assert b"".join(workspace_export([], stamp)) == nothing.encode("utf-8")


def test_the_ledger_read_in_order_is_what_read_events_gives(tmp_path):
    """Files of several months and machines, a sync tool's copy among them, an event recorded
    in a month before its file's (a wrong clock): the same events, in the same order."""
    events = history(400, months=6)
    folder = ledger_dir(tmp_path)
    write_ledger(folder, events[:300], origin="aaaaaaaaaaaa")
    write_ledger(folder, events[300:], origin="bbbbbbbbbbbb")
    copy = sorted(folder.glob("ledger-*.aaaaaaaaaaaa.toml"))[2]
    (folder / copy.name.replace(".toml", ".sync-conflict-20220101-000000-ABCDEF.toml")).write_bytes(copy.read_bytes())
    late = Event("f" * 32, events[0].recorded, events[0].date, "mark", "II.1.1.1", "done")
    (folder / "ledger-2021-11.cccccccccccc.toml").write_bytes(serialize(PLAN_ID, [late]))
    ledger = Ledger(folder, PLAN_ID, plan_index(PLAN))
    assert list(ledger.ordered_events()) == ledger.read_events()
    assert len(ledger.read_events()) == 401


def test_an_export_holds_a_few_months_of_the_history_at_a_time(tmp_path, monkeypatch):
    """Counted, not timed: exporting a ledger of 24 months holds less than half of what holding
    its events takes (the export was once the whole history, its records and its text). A part
    is of 100 events here, not 1,000, as the ledger is smaller than an office's."""
    monkeypatch.setattr(export_module, "EVENTS_PER_PART", 100)
    write_ledger(ledger_dir(tmp_path), history(12_000, months=24), origin=origin_of(tmp_path))
    assert cli(tmp_path, "status").exit_code == 0  # the caches, as every day
    ledger = Ledger(ledger_dir(tmp_path), PLAN_ID, plan_index(PLAN))
    history_held = held_bytes(ledger.read_events)[0]
    for fmt in ("json", "csv"):
        out = tmp_path / f"export.{fmt}"
        held = held_bytes(lambda path=out: _exported(tmp_path, path))[1]
        assert out.read_bytes().count(b"\"recorded\": " if fmt == "json" else b"\r\nevent,") == 12_000
        assert held < history_held / 2, (fmt, held, history_held)


def _exported(tmp_path: Path, out: Path) -> None:
    result = cli(tmp_path, "export", "-o", out)
    assert result.exit_code == 0, result.stderr


def test_a_damaged_month_is_refused_before_anything_is_written(tmp_path):
    write_ledger(ledger_dir(tmp_path), history(3_000, months=6), origin=origin_of(tmp_path))
    last = sorted(ledger_dir(tmp_path).glob("ledger-*.toml"))[-1]
    hand_edit(last, last.read_bytes() + b"\n[[events]]\nid = 5\n")
    for args in (("export",), ("export", "--format", "csv")):
        result = cli(tmp_path, *args)
        assert result.exit_code != 0
        assert result.stdout_bytes == b""
        assert last.name in result.stderr
