"""Memory bounded by the output, not the history (issue 21): `export` writes as it reads, `import`
and its `undo` never hold the whole ledger. The bytes are those of the whole document encoded at
once; what is held is measured with tracemalloc, against what holding the history costs."""

from __future__ import annotations

import gc
import json
import random
import shutil
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from ledger_support import ICT, PLAN_ID, PLAN_PATH, cli, hand_edit, ledger_dir, origin_of

from sapa_propaganda.core import timeline as timeline_module
from sapa_propaganda.core.deadlines import plan_index
from sapa_propaganda.core.progress import Event, ProgressState, canonical
from sapa_propaganda.core.text import json_text
from sapa_propaganda.render import export as export_module
from sapa_propaganda.render.export import Export, _jsonable, export_chunks, export_document, workspace_export
from sapa_propaganda.storage import ledger as ledger_module
from sapa_propaganda.storage.ledger import Ledger
from sapa_propaganda.storage.ledger_format import event_record, serialize
from sapa_propaganda.storage.plan_loader import load_plan

PLAN = load_plan(PLAN_PATH)
CLEAN_NOTES = ("Đã triển khai", "=1+1", "", "Ghi chú dài " * 20)
NOTES = ("Đã triển khai", "a\u202eb\x1b[2J", "dòng\u2028mới", "=1+1", "", "Ghi chú \"trích\" \\ dài " * 5)


def replay_in_parts(monkeypatch, part_bytes: int) -> None:
    """Every ledger taken for a large one, replayed in parts of about `part_bytes` of its files."""
    monkeypatch.setattr(ledger_module, "REPLAY_WHOLE_BYTES", 0)
    monkeypatch.setattr(ledger_module, "REPLAY_PART_BYTES", part_bytes)


def history(count: int, seed: int = 1, first: date = date(2021, 6, 1), months: int = 12,
            notes: tuple[str, ...] = NOTES[:4]) -> list[Event]:
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
                            status, rng.choice(notes) if status != "blocked" else "thiếu kinh phí", "van-thu",
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


# ---- a large ledger's state, worked out in parts -----------------------------------------------

def tangled_history(seed: int) -> list[Event]:
    """Marks and receipts, a duty of two units marked whole and by unit, events aimed at what the
    plan lacks (set aside), undos, undos of undos (redos) and an undo of an event set aside."""
    rng = random.Random(f"tangled-{seed}")
    events = history(500, seed=seed, months=8)
    extra = []
    for event in rng.sample(events, 40):
        target = rng.choice(("II.2.1.1", "II.2.1.1@khoi-tuyen-truyen", "II.2.1.1@cong-ttdt", "IX.99"))
        extra.append(Event(f"{rng.getrandbits(128):032x}", event.recorded + timedelta(seconds=1), event.date,
                           "mark", target, rng.choice(("doing", "done"))))
    events = canonical(events + extra)
    undos = []
    for event in rng.sample(events, 60):
        undos.append(Event(f"{rng.getrandbits(128):032x}", event.recorded + timedelta(hours=1), event.date,
                           "undo", event.id))
    for undo in rng.sample(undos, 15):  # a redo: the undo itself undone
        undos.append(Event(f"{rng.getrandbits(128):032x}", undo.recorded + timedelta(minutes=5), undo.date,
                           "undo", undo.id))
    return canonical(events + undos)


@pytest.mark.parametrize("seed", range(4))
def test_a_large_ledger_replayed_in_parts_stands_as_one_replay(tmp_path, monkeypatch, seed):
    from sapa_propaganda.core.progress import build_state

    events = tangled_history(seed)
    folder = tmp_path / "ledger"
    write_ledger(folder, events[::2], origin="aaaaaaaaaaaa")
    write_ledger(folder, events[1::2], origin="bbbbbbbbbbbb")
    copy = sorted(folder.glob("ledger-*.bbbbbbbbbbbb.toml"))[1]  # a sync tool's copy: counted once
    (folder / copy.name.replace(".toml", ".sync-conflict-20220101-000000-ABCDEF.toml")).write_bytes(copy.read_bytes())
    whole = Ledger(folder, PLAN_ID, plan_index(PLAN))
    expected = build_state(whole.read_events())
    assert whole.mismatches() and expected.undone  # what this test is about is there
    replay_in_parts(monkeypatch, 5_000)  # about fifty events to a part
    in_parts = Ledger(folder, PLAN_ID, plan_index(PLAN))
    replayed = in_parts._replayed()
    assert replayed.targets == expected.targets
    assert replayed.undone == expected.undone and replayed.latest == expected.latest
    assert in_parts.mismatches() == whole.mismatches()


@pytest.mark.parametrize("what", ["state", "timeline"])
def test_a_ledger_replayed_in_parts_holds_one_part_at_a_time(tmp_path, monkeypatch, what):
    """Counted, not timed: a replay in eight parts lets a part's events go before it reads the next
    part's. Today's state: under half of what the history's events take, and before each part
    no more than the state so far. A past day's timeline: under 60 % (the timeline itself, its rows
    packed, is about a sixth of the events it is made from)."""
    from sapa_propaganda.cache import timeline_cache

    folder = tmp_path / "ledger"
    write_ledger(folder, history(12_000, months=24), origin="aaaaaaaaaaaa")
    whole = Ledger(folder, PLAN_ID, plan_index(PLAN))
    whole.state()  # each file's events cached, as every day
    history_held = held_bytes(whole.read_events)[0]
    size = sum(p.stat().st_size for p in folder.iterdir())
    replay_in_parts(monkeypatch, size // 8 + 1)
    monkeypatch.setattr(timeline_cache, "save", lambda *_args: None)  # its bytes written are not what is held
    held_before_a_part = []
    read_part = Ledger._events_where

    def counted(self, *args, **kwargs):
        held_before_a_part.append(tracemalloc.get_traced_memory()[0])
        return read_part(self, *args, **kwargs)

    monkeypatch.setattr(Ledger, "_events_where", counted)
    in_parts = Ledger(folder, PLAN_ID, plan_index(PLAN))
    entries = in_parts.listing()
    held = held_bytes(in_parts._replayed if what == "state" else lambda: in_parts._timeline(entries, again=True))[1]
    assert len(held_before_a_part) == 8
    if what == "timeline":
        assert held < history_held * 0.6, (held, history_held)
    else:
        assert held < history_held / 2, (held, history_held)
        assert max(held_before_a_part) - held_before_a_part[0] < history_held / 10, (held_before_a_part, history_held)


def _standing(state) -> dict:
    stored = state.stored.columns[0] if state.stored is not None else []
    return {target: state.of(target) for target in {*state.targets, *stored}}


def _timeline_of(folder) -> tuple[dict, dict, list, dict]:
    """The cached timeline of the ledger in `folder`: its files, each target's rows (values, reached,
    next day), its days and undos."""
    from sapa_propaganda.cache import timeline_cache

    ledger = Ledger(folder, PLAN_ID, plan_index(PLAN))
    files, timeline = timeline_cache.load(ledger._cache.folder, ledger._cache.version)
    rows = {target: [(timeline.value(row), timeline.reached[row], timeline.next_day[row])
                     for row in range(timeline.starts[n], timeline.starts[n + 1])]
            for n, target in enumerate(timeline.targets)}
    return files, rows, list(timeline.days), timeline.undone


@pytest.mark.parametrize("seed", range(3))
def test_a_past_day_of_a_large_ledger_is_read_from_a_timeline_made_in_parts(tmp_path, monkeypatch, seed):
    """A ledger too large to be held whole has its timeline made a part of its targets at a time,
    never reading the history whole: the very timeline a whole reading makes (the same rows, files'
    stamps and digests, so that a later mark is followed), and past days are the events known then."""
    events = tangled_history(seed)
    folder = tmp_path / "ledger"
    write_ledger(folder, events, origin="aaaaaaaaaaaa")
    days = sorted({e.date for e in events if e.kind != "undo"})
    chosen = [days[len(days) // 5], days[len(days) // 2], days[-3]]
    whole = Ledger(folder, PLAN_ID, plan_index(PLAN))
    expected = {day: whole.full_state(day) for day in chosen}
    whole.state(as_of=chosen[0])
    made_whole = _timeline_of(folder)
    shutil.rmtree(whole._cache.folder)  # every cache of the ledger: made again in parts
    replay_in_parts(monkeypatch, 5_000)
    monkeypatch.setattr(Ledger, "read_events", None)  # never the whole history at once
    for _time in ("made in parts", "read from the timeline"):
        for day in chosen:
            in_parts = Ledger(folder, PLAN_ID, plan_index(PLAN))
            got = in_parts.state(as_of=day)
            assert _standing(got) == expected[day].targets, day
            assert got.latest == expected[day].latest and got.undone == expected[day].undone
            assert in_parts.mismatches() == whole.mismatches()
        assert _timeline_of(folder) == made_whole
        monkeypatch.setattr(Ledger, "_first_reading", None)  # the second time, from the timeline alone
    # A sync brings a later mark: the timeline follows it (not made again), and is then the very
    # one a whole reading of the files makes.
    later = Event("f" * 32, datetime(2030, 1, 2, 9, tzinfo=ICT), days[-1], "mark", PLAN.tracked_items[0].id,
                  "blocked", "sau cùng")
    write_ledger(folder, [later], origin="aaaaaaaaaaaa")
    monkeypatch.undo()
    replay_in_parts(monkeypatch, 5_000)
    monkeypatch.setattr(timeline_module, "joined", None)
    followed: list[bool] = []
    follow = timeline_module.Timeline.follow
    monkeypatch.setattr(timeline_module.Timeline, "follow", lambda self, events: followed.append(follow(self, events))
                        or followed[-1])
    day = days[-2]  # before the later mark takes effect: a past view
    got = Ledger(folder, PLAN_ID, plan_index(PLAN)).state(as_of=day)
    assert followed == [True]
    assert _standing(got) == Ledger(folder, PLAN_ID, plan_index(PLAN)).full_state(day).targets
    after_following = _timeline_of(folder)
    monkeypatch.undo()
    shutil.rmtree(whole._cache.folder)
    Ledger(folder, PLAN_ID, plan_index(PLAN)).state(as_of=day)  # made whole from the files
    assert _timeline_of(folder) == after_following


def test_a_ledger_too_large_for_a_timeline_has_each_past_day_replayed_in_parts(tmp_path, monkeypatch):
    """A timeline is read whole: a ledger over TIMELINE_AT_MOST_BYTES has none, and each past day
    is replayed in parts from the events known that day, never the history at once."""
    events = tangled_history(1)
    folder = tmp_path / "ledger"
    write_ledger(folder, events, origin="aaaaaaaaaaaa")
    days = sorted({e.date for e in events if e.kind != "undo"})
    whole = Ledger(folder, PLAN_ID, plan_index(PLAN))
    expected = {day: whole.full_state(day) for day in days[::40]}
    replay_in_parts(monkeypatch, 5_000)
    monkeypatch.setattr(ledger_module, "TIMELINE_AT_MOST_BYTES", 0)
    monkeypatch.setattr(Ledger, "read_events", None)
    for day, state in expected.items():
        got = Ledger(folder, PLAN_ID, plan_index(PLAN)).state(as_of=day)
        assert got.targets == state.targets and got.latest == state.latest, day
    assert not list(Path(whole._cache.folder).glob("timeline"))


def test_one_event_with_two_contents_is_refused_by_a_replay_in_parts(tmp_path, monkeypatch):
    """Another machine's file (or a sync tool's copy) of the month holds the event, edited: refused
    as damage, naming that file, as reading every event refuses it."""
    from sapa_propaganda.errors import LedgerError

    events = history(200, months=3)
    folder = tmp_path / "ledger"
    write_ledger(folder, events, origin="aaaaaaaaaaaa")
    changed = events[5].replace(note="sửa tay ở một bản")
    copy = folder / f"ledger-{changed.recorded:%Y-%m}.bbbbbbbbbbbb.toml"
    copy.write_bytes(serialize(PLAN_ID, [changed]))
    monkeypatch.setattr(ledger_module, "REPLAY_WHOLE_BYTES", 0)
    for read in (lambda ledger: ledger._replayed(), lambda ledger: list(ledger.ordered_events())):
        with pytest.raises(LedgerError) as refused:
            read(Ledger(folder, PLAN_ID, plan_index(PLAN)))
        assert copy.name in refused.value.params["where"]


# ---- undo: the last step found without holding the history ---------------------------------------

def random_steps(rng: random.Random) -> tuple[list[Event], list, list[list[str]]]:
    """A machine's files (in the order written, each file's events as appended), imports among
    them, undos of changes, of imports, of undos, and events of other machines' files."""
    from sapa_propaganda.core.progress import ImportBatch

    start = datetime(2022, 1, 1, 9, tzinfo=ICT)
    ids = iter(f"{n:032x}" for n in rng.sample(range(10**9), 400))
    events: list[Event] = []
    for _ in range(rng.randint(0, 30)):
        recorded = start + timedelta(hours=rng.randint(0, 2000))
        events.append(Event(next(ids), recorded, recorded.date(), "mark", rng.choice(("A", "B", "C")), "doing"))
    batches = []
    free = list(events)
    rng.shuffle(free)
    for _ in range(rng.randint(0, 3)):
        taken, free = free[:rng.randint(1, 6)], free[6:]
        if taken:
            batches.append(ImportBatch(next(ids), start + timedelta(hours=rng.randint(0, 2500)), "x.json",
                                       tuple(e.id for e in taken)))
    for _ in range(rng.randint(0, 12)):
        if not events:
            break
        when = start + timedelta(hours=rng.randint(0, 2600))
        if batches and rng.random() < 0.4:  # the undo of an import: several undos, one time, one clerk
            batch = rng.choice(batches)
            events += [Event(next(ids), when, when.date(), "undo", target, by="hà") for target in batch.events]
        else:
            target = rng.choice(events)
            events.append(Event(next(ids), when, when.date(), "undo", target.id, by=rng.choice(("", "hà"))))
    files: list[list[str]] = [[] for _ in range(rng.randint(1, 4))]
    mine = [e for e in events if rng.random() < 0.85]
    for event in mine:
        files[rng.randrange(len(files))].append(event.id)
    if mine and rng.random() < 0.2:  # a hand-made copy of an event in another file of this machine
        files[rng.randrange(len(files))].append(rng.choice(mine).id)
    return events, batches, files


def test_the_last_step_read_file_by_file_is_the_one_latest_undoable_finds():
    from sapa_propaganda.core.progress import duplicate_undos, last_step, latest_undoable, undone_ids

    checked = 0
    for seed in range(1500):
        rng = random.Random(seed)
        events, batches, written = random_steps(rng)
        by_id = {e.id: e for e in events}
        old = latest_undoable(events, batches, written)
        void = set(undone_ids(events)) | duplicate_undos(events)
        new = last_step(lambda by_id=by_id, written=written: ([by_id[i] for i in ids] for ids in written),
                        batches, void)
        if old is None:
            assert new is None, seed
            continue
        checked += 1
        assert new is not None, seed
        assert new.batch is old.batch, seed
        batch_of = {i: b for b in batches for i in b.events}
        seen: set[str] = set()
        held = []
        for ids in written:
            for event_id in ids:
                if event_id not in seen:
                    seen.add(event_id)
                    if new.holds(by_id[event_id], batch_of):
                        held.append(by_id[event_id])
        assert held == list(old.events), seed
    assert checked > 1000


ORIGIN = "aaaaaaaaaaaa"


def _undo_story(folder: Path, other: Path, large: bool, monkeypatch) -> list[tuple]:
    """This machine's history, an import, a mark after it; then undo after undo, plainly and by
    id, each answer and the ledger after it as what a clerk would see of them."""
    from sapa_propaganda.commands import actions
    from sapa_propaganda.core import progress
    from sapa_propaganda.core.progress import build_state
    from sapa_propaganda.errors import UsageError

    monkeypatch.setattr(ledger_module, "REPLAY_WHOLE_BYTES", 0 if large else 10**12)
    monkeypatch.setattr(ledger_module, "REPLAY_PART_BYTES", 20_000)
    ticks = iter(range(10**6))
    numbers = iter(range(1, 10**6))  # ids made in turn, so that both tellings make the same ones

    def new_id() -> str:
        return f"{next(numbers):032x}"

    for module in (progress, actions, ledger_module):
        monkeypatch.setattr(module, "new_event_id", new_id)

    def now() -> datetime:
        return datetime(2022, 6, 20, 9, tzinfo=ICT) + timedelta(seconds=next(ticks))

    ledger = Ledger(folder, PLAN_ID, plan_index(PLAN), origin=ORIGIN)
    actions.import_ledger(PLAN, ledger, other, now=now)
    actions.mark(ledger, PLAN.item("III.4.1"), "done", today=date(2022, 6, 20), now=now)
    seen = []
    first_imported = sorted(e.id for e in history(300, seed=2, months=5, notes=CLEAN_NOTES))[0]
    [batch] = ledger.read_batches()
    for wanted in (None, batch.id, first_imported[:10], None, None, first_imported[:10], None, "nothing-of-that-name"):
        try:
            result = actions.undo(PLAN, ledger, today=date(2022, 6, 20), now=now, event_id=wanted)
        except UsageError as err:
            seen.append(("refused", err.key))
            continue
        if result.batch is not None:  # which of an import's undos comes first is chance
            answer: tuple = (result.count, result.batch.id, result.restores, result.undo.recorded)
        else:
            answer = (result.count, None, result.restores, result.reverted, result.change, result.undo.target,
                      result.undo.date, result.undo.recorded)
        fresh = Ledger(folder, PLAN_ID, plan_index(PLAN), origin=ORIGIN)
        events = fresh.read_events()
        truth = build_state(events).targets
        cached = Ledger(folder, PLAN_ID, plan_index(PLAN), origin=ORIGIN).state()  # as the write left it
        assert all(cached.of(target) == progress for target, progress in truth.items())
        seen.append((answer, sorted((e.kind, e.target, e.date, e.recorded, e.by) for e in events if e.kind == "undo"),
                     truth))
    return seen


def test_undo_of_a_large_ledger_takes_back_what_undo_of_a_small_one_does(tmp_path, monkeypatch):
    """The same history, undone step by step with the whole ledger held, and with it read file by
    file (as a ledger too large to hold is): the same steps taken back, the same ledger after."""
    import shutil

    events = history(900, months=6)
    other = tmp_path / "other.toml"
    other.write_bytes(serialize(PLAN_ID, history(300, seed=2, months=5, notes=CLEAN_NOTES)))
    write_ledger(tmp_path / "start", events, origin=ORIGIN)
    stories = []
    for large in (False, True):
        folder = tmp_path / f"large-{large}"
        shutil.copytree(tmp_path / "start", folder)
        stories.append(_undo_story(folder, other, large, monkeypatch))
    assert stories[0] == stories[1]
    steps = [step[0][:3] if step[0] != "refused" else step for step in stories[0]]
    batch = stories[0][1][0][1]
    # The mark taken back, the import, not one of its events again, the import put back (an undo of
    # its undos), then the last of those; one of its events, by the beginning of its id.
    assert steps[:6] == [(1, None, False), (300, batch, False), ("refused", "already_undone"), (300, batch, True),
                         (1, None, False), (1, None, False)], steps
    assert steps[-1] == ("refused", "no_such_event")


# ---- import: read a value at a time, the same events as read whole ---------------------------------

def _export_text(events: list[Event], **extra: object) -> str:
    document = {"format": 1, "plan": PLAN_ID, **extra, "events": [_jsonable(event_record(e)) for e in events]}
    return json.dumps(document, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("variant", ["plain", "bom", "keys after", "unicode escapes", "one line", "small reads"])
def test_a_json_export_read_a_value_at_a_time_gives_what_reading_it_whole_gives(tmp_path, monkeypatch, variant):
    from sapa_propaganda.storage import foreign, json_stream

    events = history(120, notes=CLEAN_NOTES)
    text = _export_text(events, plan_title="Kế hoạch", state=[{"id": "x"}])
    if variant == "bom":
        raw = b"\xef\xbb\xbf" + text.encode()
    elif variant == "keys after":  # the events first, the plan and its format after them
        document = json.loads(text)
        raw = json.dumps({"events": document["events"], "extra": [1, 2.5e3, None], "plan": PLAN_ID,
                          "format": 1}).encode()
    elif variant == "unicode escapes":
        raw = json.dumps(json.loads(text), ensure_ascii=True).encode()
    elif variant == "one line":
        raw = json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")).encode()
    else:
        raw = text.encode()
    if variant == "small reads":  # every value, number and escape cut across reads somewhere
        monkeypatch.setattr(json_stream, "_READ", 7)
    source = tmp_path / "export.json"
    source.write_bytes(raw)
    index = plan_index(PLAN)
    streamed = foreign._streamed(source, PLAN_ID, index.target_problem, PLAN.start)
    assert streamed is not None
    whole = foreign._events_of(source, raw, True, PLAN_ID, index.target_problem, PLAN.start)
    assert list(streamed) == whole == events
    assert list(streamed) == whole  # given again, from the file again
    assert len(streamed) == 120 and streamed.in_order


@pytest.mark.parametrize("change", [
    lambda d: d["events"][3].__setitem__("status", "bogus"),
    lambda d: d["events"][3].__setitem__("note", None),
    lambda d: d["events"][3].__setitem__("recorded", "2021-07-01T09:00:00+07:00:30"),
    lambda d: d["events"][3].__setitem__("note", "\ud800"),
    lambda d: d["events"][3].__setitem__("target", "IX.99"),
    lambda d: d["events"][4].__setitem__("id", d["events"][3]["id"]),
    lambda d: d.__setitem__("plan", "another-plan"),
    lambda d: d.__setitem__("format", 3),
    lambda d: d.pop("format"),
])
def test_an_export_the_streamed_reading_refuses_is_refused_as_reading_it_whole_refuses(tmp_path, change):
    from sapa_propaganda.errors import UsageError
    from sapa_propaganda.storage import foreign

    document = json.loads(_export_text(history(20, notes=CLEAN_NOTES)))
    change(document)
    source = tmp_path / "export.json"
    source.write_bytes(json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    index = plan_index(PLAN)
    assert foreign._streamed(source, PLAN_ID, index.target_problem, PLAN.start) is None
    with pytest.raises(UsageError) as whole:
        foreign._events_of(source, source.read_bytes(), True, PLAN_ID, index.target_problem, PLAN.start)
    with pytest.raises(UsageError) as read:
        foreign.read_foreign_events(source, PLAN_ID, index.target_problem, PLAN.start)
    assert read.value.key == whole.value.key and read.value.params == whole.value.params


# ---- import and its undo: nothing lost, everything back -------------------------------------------

def _imported_office(tmp_path: Path) -> tuple[Path, Path]:
    """An office's own history, and another office's export (a third of it already ours, the rest new)."""
    ours, theirs = history(600, seed=5, months=6), history(400, seed=6, months=6, notes=CLEAN_NOTES)
    folder = ledger_dir(tmp_path)
    write_ledger(folder, ours, origin=origin_of(tmp_path))
    export = tmp_path / "other-office.json"
    export.write_text(_export_text(theirs + [e for e in ours[:200] if "\x1b" not in e.note]), encoding="utf-8")
    return folder, export


@pytest.mark.parametrize("large", [False, True])
def test_an_import_undone_leaves_the_ledger_standing_as_before_it(tmp_path, monkeypatch, large):
    from sapa_propaganda.core.progress import build_state

    if large:
        replay_in_parts(monkeypatch, 20_000)
    folder, export = _imported_office(tmp_path)

    def standing() -> dict:
        ledger = Ledger(folder, PLAN_ID, plan_index(PLAN))
        truth = build_state(ledger.read_events())
        return {"targets": truth.targets, "mismatches": ledger.mismatches()}

    before = standing()
    shown = cli(tmp_path, "status", "--json").stdout
    result = cli(tmp_path, "import", export)
    assert result.exit_code == 0, result.stderr
    assert "thêm 400 sự kiện mới" in result.stdout
    assert standing() != before
    undone = cli(tmp_path, "undo")
    assert undone.exit_code == 0, undone.stderr
    assert "400" in undone.stdout
    assert standing() == before
    assert cli(tmp_path, "status", "--json").stdout == shown  # what the caches say agrees
    again = cli(tmp_path, "import", export)  # its events are in the ledger, undone: none is new
    assert again.exit_code == 0, again.stderr
    assert "thêm 0 sự kiện mới" in again.stdout and standing() == before


def test_an_export_changed_while_imported_changes_nothing(tmp_path, monkeypatch):
    """The file is read twice: once to check every event, once to merge them. Changed between
    the two, it is refused, and not one month of the ledger has changed."""
    from ledger_support import snapshot, temporaries


    folder, export = _imported_office(tmp_path)
    assert cli(tmp_path, "status").exit_code == 0
    before = snapshot(tmp_path)
    merge = ledger_module.Ledger.merge

    def changed_meanwhile(self, theirs, *args, **kwargs):
        export.write_text(export.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return merge(self, theirs, *args, **kwargs)

    monkeypatch.setattr(ledger_module.Ledger, "merge", changed_meanwhile)
    result = cli(tmp_path, "import", export)
    assert result.exit_code != 0
    assert "tệp đã thay đổi trong khi đọc" in result.stderr
    assert snapshot(tmp_path) == before and not temporaries(folder)


def test_an_import_that_cannot_write_a_month_changes_nothing(tmp_path, monkeypatch):
    """Every month's new file is written beside the old one before any is put in place: a write
    that fails on the way leaves every file as it was, and no temporary file; importing again
    then imports it all."""
    from ledger_support import snapshot, temporaries


    folder, export = _imported_office(tmp_path)
    before = snapshot(tmp_path)
    real = ledger_module.Prepared
    made: list[object] = []

    def failing(path, data, durable=True):
        if len(made) == 2:
            raise OSError(28, "No space left on device")
        made.append(path)
        return real(path, data, durable)

    monkeypatch.setattr(ledger_module, "Prepared", failing)
    result = cli(tmp_path, "import", export)
    assert result.exit_code != 0 and "hết chỗ trống trên đĩa" in result.stderr  # said in the office's words
    assert snapshot(tmp_path) == before and not temporaries(folder)
    monkeypatch.setattr(ledger_module, "Prepared", real)
    assert "thêm 400 sự kiện mới" in cli(tmp_path, "import", export).stdout


def test_a_file_cached_in_parts_with_a_part_gone_is_read_whole_once(tmp_path):
    """A file's events are cached in parts (a large undo's file); a part gone (a cache folder
    cleaned while reading) is read from the file, from where the parts read so far end."""
    from sapa_propaganda.cache.derived_cache import content_digest

    events = history(300, months=1)
    folder = tmp_path / "ledger"
    folder.mkdir()
    path = str(folder / f"ledger-2021-06.{ORIGIN}.toml")
    Path(path).write_bytes(serialize(PLAN_ID, events))
    ledger = Ledger(folder, PLAN_ID, plan_index(PLAN), origin=ORIGIN)
    stamp = ledger._cache.stamp_of(path)
    ledger._cache.save_events(path, stamp, content_digest(Path(path).read_bytes()),
                              [events[:7], events[7:100], events[100:250], events[250:]])
    cached = Path(ledger._cache.folder)
    assert sorted(p.name.rsplit(".", 1)[-1] for p in cached.glob("*.events*")) == ["1", "2", "3", "events"]
    assert list(ledger._segment_events(path)) == events  # every part from the cache
    (cached / (Path(path).name + ".events.2")).unlink()
    assert [e for part in ledger._segment_parts(path) for e in part] == events
    chosen = [e for part in ledger._segment_parts(path, choose=lambda kind, target: kind == "submit") for e in part]
    assert chosen == [e for e in events if e.kind == "submit"]


def test_an_import_said_to_be_in_order_whose_month_comes_round_again_changes_nothing(tmp_path):
    """The office's export is read twice; should it change between the readings, its events may
    no longer come month by month. A month met again would be made afresh from the file on disk
    and overwrite its first group: the merge refuses before anything is written."""
    folder = ledger_dir(tmp_path)
    write_ledger(folder, history(50, seed=3, months=3))
    ledger = Ledger(folder, PLAN_ID, plan_index(PLAN))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    theirs = history(60, seed=4, months=3)
    shuffled = theirs[30:] + theirs[:30]  # the later months, then the earlier ones again
    with pytest.raises(Exception, match="thay đổi trong khi đọc|changed while it was read"):
        ledger.merge(shuffled, datetime(2026, 12, 5, 9, tzinfo=ICT), "export.json", in_order=True)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert len(Ledger(folder, PLAN_ID, plan_index(PLAN)).read_events()) == 50
