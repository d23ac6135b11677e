"""Caches are data, never code, and never trusted: planted, stale or wrong-shaped caches are
ignored and the answer comes from the TOML files; a same-size edit with its mtime set back is
seen; an upgrade of sapa rebuilds every cache."""

from __future__ import annotations

import json
import marshal
import os
import pickle
import shutil
from pathlib import Path

import pytest
from ledger_support import (
    PLAN_ID,
    cache_dir,
    cli,
    data_dir,
    hand_edit,
    ledger_dir,
    ledger_file,
    ledger_files,
    one_line,
    origin_of,
)

from sapa_propaganda.cache import derived_cache
from sapa_propaganda.cache.timeline_cache import packed, unpacked
from sapa_propaganda.storage import ledger as ledger_module
from sapa_propaganda.storage.ledger import Ledger

READS = (["status", "--json"], ["show", "III.1.2", "--json"], ["history", "--json"], ["duties", "--json"])


class Planted:
    """Unpickling this makes the folder `marker`: proof that a cache ran code."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def some_progress(tmp_path):
    for args in (["III.1.1", "dang", "--note", "một"], ["III.1.2", "xong", "--note", "hai"],
                 ["III.2.1", "vuong", "--note", "ba"]):
        assert cli(tmp_path, "mark", *args).exit_code == 0
    assert cli(tmp_path, "submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "12-BC/MTTQ").exit_code == 0
    answers(tmp_path)  # every kind of cache made


def answers(tmp_path):
    """What the read commands print: the same whether caches help or not."""
    results = [cli(tmp_path, *command) for command in READS]
    for result in results:
        assert result.exit_code == 0, result.stderr
    return [r.stdout for r in results]


def from_the_files(tmp_path):
    """The answers with no cache at all, in a scratch copy of the machine's cache folder."""
    saved = cache_dir(tmp_path).with_name("saved")
    shutil.move(cache_dir(tmp_path), saved)
    try:
        return answers(tmp_path)
    finally:
        shutil.rmtree(cache_dir(tmp_path), ignore_errors=True)
        shutil.move(saved, cache_dir(tmp_path))


def kind_of(path):
    """What a cache file holds: .plan, .index, .events (one ledger file's events), .pack (the
    events of the folder's small files), state (the head of the state), shard, or whole (every
    shard in one file, for reads)."""
    if path.name == "state.all":
        return "whole"
    if path.name.startswith("state."):
        return "shard"
    return path.suffix or path.name


def cache_files(tmp_path, events: str = ".pack"):
    found = sorted(p for p in cache_dir(tmp_path).rglob("*") if p.is_file())
    assert {".plan", ".index", events, "state", "shard"} <= {kind_of(p) for p in found}, found
    return found


@pytest.fixture
def file_caches(monkeypatch):
    """Every ledger file's events cached in a file of their own, as a large file's are."""
    monkeypatch.setattr(ledger_module, "PACK_FILE_BYTES", -1)


def test_caches_live_in_the_machine_cache_folder_not_the_shared_data_folder(tmp_path):
    some_progress(tmp_path)
    answers(tmp_path)
    in_data = sorted(str(p.relative_to(data_dir(tmp_path))) for p in data_dir(tmp_path).rglob("*") if p.is_file())
    assert in_data == [f"{PLAN_ID}/ledger-2022-06.{origin_of(tmp_path)}.toml"]
    cache_files(tmp_path)


def test_a_pickle_planted_in_any_cache_path_never_runs(tmp_path):
    some_progress(tmp_path)
    expected = from_the_files(tmp_path)
    marker = tmp_path / "owned"
    payload = pickle.dumps(Planted(marker))
    # Where earlier versions kept their pickles, in the shared data folder, and every cache now.
    legacy = [data_dir(tmp_path) / ".cache" / "plan-0badcafe.pickle",
              ledger_dir(tmp_path) / ".cache" / "ledger-2022-06.toml.pickle",
              ledger_dir(tmp_path) / ".cache" / "state.marshal"]
    for path in legacy:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload)
    for path in cache_files(tmp_path):
        path.write_bytes(payload)
    assert answers(tmp_path) == expected
    assert cli(tmp_path, "remind", "--days", "30").exit_code == 0
    assert cli(tmp_path, "mark", "III.1.1", "xong").exit_code == 0
    assert not marker.exists()


def restamped(path: Path, payload: object) -> bytes:
    """`payload` under the stamp the cache at `path` carries now: it passes every stamp check."""
    code, stamp, _old = marshal.loads(path.read_bytes())
    return marshal.dumps((code, stamp, payload))


WRONG_SHAPES = [None, 0, "x", [], (), {}, (1, 2), ("a", "b", "c"), [("a",) * 10] * 3, {"x": (1,) * 8},
                ([1, 2], {}), (("x",) * 9, [], {}), ({"III.1.1": ("done", 1, "", "", "", "", 0, None)}, {}, {1: 2}),
                ({"III.1.1": ("exploded", 738_000, "", "", "", "e", 0, None)}, {}, {}),
                # the state's columns, one value wrong in each
                ((tuple([["III.1.1"], ["exploded"], [738_000], [""], [""], [""], ["e"], [0], [0], [0], [""]])), {}, {}),
                ((tuple([["III.1.1"], ["done"], [9_999_999], [""], [""], [""], ["e"], [0], [0], [0], [""]])), {}, {}),
                ((tuple([["III.1.1"], ["done"], [738_000], [None], [""], [""], ["e"], [0], [0], [0], [""]])), {}, {}),
                ((tuple([["III.1.1", "x"], ["done"], [738_000], [""], [""], [""], ["e"], [0], [0], [0], [""]])),
                 {}, {})]


@pytest.mark.parametrize("kind", [".plan", ".index", ".events", ".pack", "state", "shard", "whole"])
def test_a_cache_of_the_wrong_shape_is_rebuilt_silently(tmp_path, kind, request):
    if kind == ".events":
        request.getfixturevalue("file_caches")
    some_progress(tmp_path)
    expected = from_the_files(tmp_path)
    saved = tmp_path / "saved-caches"
    shutil.copytree(cache_dir(tmp_path), saved)
    paths = [p for p in cache_files(tmp_path, ".events" if kind == ".events" else ".pack") if kind_of(p) == kind]
    assert paths
    originals = [p.read_bytes() for p in paths]
    for payload in WRONG_SHAPES:
        shutil.rmtree(cache_dir(tmp_path))
        shutil.copytree(saved, cache_dir(tmp_path))  # every other cache as it was: these are read
        for path, original in zip(paths, originals, strict=True):
            path.write_bytes(original)
            path.write_bytes(restamped(path, payload))
        results = [cli(tmp_path, *command) for command in READS]
        assert [r.stdout for r in results] == expected, payload
        assert all(r.exit_code == 0 and r.stderr == "" for r in results), payload


def test_old_events_in_a_cache_missing_a_field_are_rebuilt(tmp_path, file_caches):
    """A new Event field once made old caches raise AttributeError."""
    some_progress(tmp_path)
    expected = from_the_files(tmp_path)
    [path] = [p for p in cache_files(tmp_path, ".events") if kind_of(p) == ".events"]
    code, stamp, (digest, rows, parts) = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps((code, stamp, (digest, [row[:-1] for row in rows], parts))))
    assert answers(tmp_path) == expected


def test_old_events_in_the_pack_missing_a_field_are_read_again_from_the_file(tmp_path):
    some_progress(tmp_path)
    expected = from_the_files(tmp_path)
    [path] = [p for p in cache_files(tmp_path) if kind_of(p) == ".pack"]
    code, stamp, entries = marshal.loads(path.read_bytes())
    short = {name: (when, digest, [row[:-1] for row in rows]) for name, (when, digest, rows) in entries.items()}
    path.write_bytes(marshal.dumps((code, stamp, short)))
    for state in [p for p in cache_files(tmp_path) if kind_of(p) in ("state", "shard", "whole")]:
        state.unlink()  # the state worked out again from the events, the pack's among them
    assert answers(tmp_path) == expected


def test_ids_read_from_a_cache_cannot_lead_outside_the_data_folder(tmp_path):
    some_progress(tmp_path)
    [index] = [p for p in cache_files(tmp_path) if p.suffix == ".index"]
    code, stamp, (_plan_id, *rest) = marshal.loads(index.read_bytes())
    escape = "../../../escaped"
    index.write_bytes(marshal.dumps((code, stamp, (escape, *rest))))
    [plan] = [p for p in cache_files(tmp_path) if p.suffix == ".plan"]
    code, stamp, (plain, owed) = marshal.loads(plan.read_bytes())
    plan.write_bytes(marshal.dumps((code, stamp, ((escape, *plain[1:]), owed))))
    result = cli(tmp_path, "mark", "III.4.1", "xong")
    assert result.exit_code == 0, result.stderr
    assert cli(tmp_path, "submit", "vhtt", "2022-H1").exit_code == 0
    assert not list(tmp_path.parent.rglob("escaped")) and not (data_dir(tmp_path).parent / "escaped").exists()
    assert [p.name for p in data_dir(tmp_path).iterdir()] == [PLAN_ID]
    assert json.loads(cli(tmp_path, "show", "III.4.1", "--json").stdout)["status"] == "done"


# ---- stamps --------------------------------------------------------------------------------

def same_size_edit(path: Path, old: bytes, new: bytes) -> None:
    """Edit in place, keeping the size, and set the modification time back as it was."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert old in data, old
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_same_size_edit_with_its_mtime_set_back_is_seen(tmp_path):
    some_progress(tmp_path)
    assert json.loads(cli(tmp_path, "show", "III.1.2", "--json").stdout)["status"] == "done"
    same_size_edit(ledger_file(tmp_path), b'status = "done"', b'status = "todo"')
    assert json.loads(cli(tmp_path, "show", "III.1.2", "--json").stdout)["status"] == "todo"
    status = json.loads(cli(tmp_path, "duties", "--json").stdout)
    assert "done" not in json.dumps(status)


def test_a_same_size_break_with_its_mtime_set_back_is_reported_and_never_written(tmp_path):
    some_progress(tmp_path)
    answers(tmp_path)
    same_size_edit(ledger_file(tmp_path), b"[[events]]\nid", b"[[events]}\nid")
    broken = ledger_file(tmp_path).read_bytes()
    for command in (["mark", "III.1.1", "xong"], ["submit", "vhtt", "2022-H1"], ["undo"], ["status"]):
        result = cli(tmp_path, *command)
        assert result.exit_code == 5, (command, result.stdout)
        assert ledger_file(tmp_path).name + ":" in one_line(result.stderr)
    assert ledger_file(tmp_path).read_bytes() == broken


def test_a_write_checks_the_file_itself_even_when_a_cache_vouches_for_it(tmp_path, monkeypatch):
    """The worst case: a cache stamped for the damaged file (as a file system that keeps no ctime
    could make). The write path compares the file's own bytes before it appends."""
    some_progress(tmp_path)
    answers(tmp_path)
    [state] = [p for p in cache_files(tmp_path) if p.name == "state"]
    code, (_signature, version), payload = marshal.loads(state.read_bytes())
    same_size_edit(ledger_file(tmp_path), b"[[events]]\nid", b"[[events]}\nid")
    broken = ledger_file(tmp_path).read_bytes()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    signature = Ledger(ledger_dir(tmp_path), PLAN_ID).signature()
    state.write_bytes(marshal.dumps((code, (signature, version), payload)))
    result = cli(tmp_path, "mark", "III.1.1", "xong")
    assert result.exit_code == 5
    assert ledger_file(tmp_path).name + ":" in one_line(result.stderr)
    assert ledger_file(tmp_path).read_bytes() == broken


def test_caches_made_by_another_version_of_sapa_are_not_used(tmp_path, monkeypatch):
    """The plan cache once carried due dates that an upgrade had changed."""
    monkeypatch.setattr(derived_cache, "_code", ["3-0.1.0-old"])
    assert cli(tmp_path, "plan", "show", "--json").exit_code == 0
    [plan] = [p for p in cache_dir(tmp_path).rglob("*.plan")]
    code, stamp, (plain, owed) = marshal.loads(plan.read_bytes())
    plan.write_bytes(marshal.dumps((code, stamp, ((plain[0], "Tiêu đề trong bộ đệm", *plain[2:]), owed))))
    # The same code reads its own cache (so the edit above is what a stale cache would show) ...
    assert json.loads(cli(tmp_path, "plan", "show", "--json").stdout)["title"] == "Tiêu đề trong bộ đệm"
    # ... and any other version of the code does not.
    monkeypatch.setattr(derived_cache, "_code", ["3-0.1.0-new"])
    assert json.loads(cli(tmp_path, "plan", "show", "--json").stdout)["title"].startswith("Kế hoạch đẩy mạnh")


def test_the_code_stamp_changes_with_any_source_file(tmp_path):
    package = Path(derived_cache.__file__).parent.parent  # the whole package, above cache/
    copy = tmp_path / "pkg"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = derived_cache.source_digest(str(copy))
    assert before == derived_cache.source_digest(str(package))
    deadlines = copy / "core" / "deadlines.py"
    deadlines.write_text(deadlines.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert derived_cache.source_digest(str(copy)) != before


def test_a_write_caches_only_the_shard_it_changed_and_the_answers_stay_those_of_the_files(tmp_path):
    some_progress(tmp_path)

    def shards():
        return {p.name: p.read_bytes() for p in cache_files(tmp_path) if kind_of(p) == "shard"}

    for args in (["III.1.1", "xong"], ["III.2.2", "dang"], ["III.2.2", "vuong"]):
        before = shards()
        assert cli(tmp_path, "mark", *args).exit_code == 0
        after = shards()
        assert len(after) == len(before) == 16
        assert sum(after[name] != before[name] for name in before) == 1  # only the marked item's shard
        assert answers(tmp_path) == from_the_files(tmp_path)  # and what is read is right
    # A change dated behind a later one is replayed from the files, and the state saved whole.
    assert cli(tmp_path, "mark", "III.1.1", "dang", "--date", "19/06/2022").exit_code == 0
    assert answers(tmp_path) == from_the_files(tmp_path)
    assert cli(tmp_path, "undo").exit_code == 0
    assert answers(tmp_path) == from_the_files(tmp_path)


def test_the_whole_state_kept_for_reads_is_never_read_after_a_write_changed_a_shard(tmp_path):
    """A read of every target takes the shards from one file (`state.all`), stamped with the ids of
    the shards it joins; a mark saves one shard under a new id, so the next read sees the mark."""
    some_progress(tmp_path)
    [whole] = [p for p in cache_files(tmp_path) if p.name == "state.all"]
    before = whole.read_bytes()
    assert cli(tmp_path, "mark", "III.1.1", "xong", "--note", "bốn").exit_code == 0
    assert answers(tmp_path) == from_the_files(tmp_path)
    assert "bốn" in cli(tmp_path, "show", "III.1.1").stdout
    assert whole.read_bytes() != before  # made again, for the shards as they are now


def past_answers(tmp_path, day: str, cached: bool = True):
    """What the read commands print on a past day (`--today`), with the caches or from the files alone."""
    def read():
        results = [cli(tmp_path, "--today", day, *command) for command in (*READS, ["duties", "--all", "--json"])]
        for result in results:
            assert result.exit_code == 0, result.stderr
        return [r.stdout for r in results]

    if cached:
        return read()
    saved = cache_dir(tmp_path).with_name("saved")
    shutil.move(cache_dir(tmp_path), saved)
    try:
        return read()
    finally:
        shutil.rmtree(cache_dir(tmp_path), ignore_errors=True)
        shutil.move(saved, cache_dir(tmp_path))


PAST_DAYS = ("2022-06-04", "2022-06-07", "2022-06-10", "2022-06-19")


def test_past_days_read_from_the_timeline_after_a_mark_an_undo_and_a_sync_are_those_of_the_files(tmp_path):
    """A past day's view is worked out from the timeline (where each target stood after each
    event), followed through later marks or made again: always what the files alone give."""
    some_progress(tmp_path)

    def same() -> list[list[str]]:
        seen = [past_answers(tmp_path, day) for day in PAST_DAYS]
        assert seen == [past_answers(tmp_path, day, cached=False) for day in PAST_DAYS]
        return seen

    first = same()
    assert [p.name for p in cache_dir(tmp_path).glob("ledgers/*/timeline")] == ["timeline"]
    assert '"status": "done"' not in first[2][-1]  # III.1.2 was done on the 20th
    assert cli(tmp_path, "mark", "III.1.1", "xong", "--note", "sau").exit_code == 0  # after every past day
    same()
    assert cli(tmp_path, "mark", "III.1.2", "xong", "--date", "05/06/2022").exit_code == 0  # dated back
    assert '"status": "done"' in same()[2][-1]
    assert cli(tmp_path, "undo").exit_code == 0  # the mark dated back, taken back
    assert '"status": "done"' not in same()[2][-1]
    # A receipt recorded now but dated before the one recorded first: the report's days replayed.
    assert cli(tmp_path, "submit", "mttq", "2022-H1", "--date", "05/06/2022", "--replace").exit_code == 0
    same()
    # Another machine's file, synced in: a mark dated back and an undo of it, a mark that stands.
    other = tmp_path / "other"
    for args in (["mark", "III.2.2", "xong", "--date", "06/06/2022"],
                 ["mark", "III.2.1", "dang", "--date", "03/06/2022"], ["undo"]):
        assert cli(other, *args, today="2022-06-21").exit_code == 0
    shutil.copy(ledger_file(other), ledger_dir(tmp_path) / ledger_file(other).name)
    assert origin_of(other) != origin_of(tmp_path)
    synced = same()
    on_the_7th = {d["id"]: d["status"] for d in json.loads(synced[1][-1])}  # `duties --all --json`
    assert (on_the_7th["III.2.2"], on_the_7th["III.2.1"]) == ("done", "todo")  # the undone mark gone


def test_the_first_view_of_a_past_day_after_a_mark_reads_no_history(tmp_path, monkeypatch):
    """The timeline follows a mark (an event added at a file's end, after all known about its
    duty) rather than replaying every event: a past view after a write costs what it did before it."""
    some_progress(tmp_path)

    def views(day: str) -> list[str]:  # the views of the state alone (`show` and `history` list events)
        return [cli(tmp_path, "--today", day, *command).stdout for command in (["status", "--json"], ["duties"])]

    views("2022-06-10")  # the timeline made
    assert cli(tmp_path, "mark", "III.1.1", "xong", "--note", "sau").exit_code == 0
    saved = cache_dir(tmp_path).with_name("saved")
    shutil.move(cache_dir(tmp_path), saved)
    expected = views("2022-06-11")  # from the files alone
    shutil.rmtree(cache_dir(tmp_path))
    shutil.move(saved, cache_dir(tmp_path))

    def no_history(*_args, **_kwargs):
        raise AssertionError("the whole history read for a past view")

    monkeypatch.setattr(Ledger, "read_events", no_history)
    monkeypatch.setattr(Ledger, "full_state", no_history)
    assert views("2022-06-11") == expected


def six_months_of_files(tmp_path):
    """A mark a month from June to November 2021: six small ledger files."""
    for month in range(6, 12):
        assert cli(tmp_path, "mark", "III.1.1", "dang" if month % 2 else "xong",
                   today=f"2021-{month:02d}-10").exit_code == 0


def test_a_whole_read_caches_many_small_files_in_one_pack_and_then_reads_only_the_one_that_changed(
        tmp_path, monkeypatch):
    """A cold start on an office of many small ledgers wrote a cache file per ledger file, which
    cost more than parsing them: their events now share one file, checked entry by entry."""
    from sapa_propaganda.storage import ledger_format

    six_months_of_files(tmp_path)
    september = ledger_file(tmp_path, "2021-09")
    shutil.rmtree(cache_dir(tmp_path))
    parsed: list[str] = []
    real = ledger_format.parse_ledger
    monkeypatch.setattr(ledger_format, "parse_ledger",
                        lambda raw, path, *rest: parsed.append(Path(path).name) or real(raw, path, *rest))
    before = answers(tmp_path)
    assert sorted(parsed) == sorted(p.name for p in ledger_files(tmp_path)) and len(parsed) == 6
    held = [kind_of(p) for p in cache_files(tmp_path) if kind_of(p) in (".events", ".pack")]
    assert held == [".pack"]
    parsed.clear()
    hand_edit(september, september.read_bytes().replace(b'status = "doing"', b'status = "done"'))
    after = answers(tmp_path)
    assert parsed == [september.name]
    assert after != before and after == from_the_files(tmp_path)


def test_a_plans_index_comes_back_from_its_cache_as_it_went_in():
    """The index keeps ids and reports as lines of text and kinds as letters (a large plan's loads
    several times faster so, and `mark` loads it every time): every field comes back the same."""
    from datetime import date

    from sapa_propaganda.cache.plan_cache import _decode_index, _encode_index
    from sapa_propaganda.core.model import PlanIndex

    kinds = {"I": "section", "I.1": "paragraph", "I.2": "duty", "I.3": "duty", "II": "section", "II.1": "duty"}
    index = PlanIndex("sa-pa", kinds, date(2021, 1, 1), ("btg", "mttq"), "v1", {"I.3": date(2021, 6, 1)},
                      frozenset({"btg@2021-H1", "mttq/ha@2021-Y"}), {"item:I.9": "I.2", "unit:tg": "btg"},
                      frozenset({"I.4"}), {"I.2": ("btg", "mttq")}, frozenset({"II.1"}))
    payload = marshal.loads(marshal.dumps(_encode_index(index)))
    assert _decode_index(payload) == index
    assert list(_decode_index(payload).kinds.items()) == list(kinds.items())  # in document order
    empty = index.replace(kinds={}, starts={}, shared={}, recurring=frozenset(), reports=frozenset())
    assert _decode_index(marshal.loads(marshal.dumps(_encode_index(empty)))) == empty


def test_one_targets_shard_is_the_one_the_whole_state_puts_it_in():
    """A write finds its target's shard with a CRC-32 of its own (zlib costs a write more to load
    than to use); the whole state's shards are zlib's: the two must agree."""
    import zlib

    from sapa_propaganda.cache.state_cache import SHARDS, _shards_of, shard_of
    from sapa_propaganda.storage.machine import crc32

    targets = ["III.1.1", "I", "II.3@2009-07", "III.2.1@mttq", "btg/ha@2022-H1", "Đ.1", "", "x" * 300]
    for data in (b"", b"a", bytes(range(256)), "Tuyên giáo".encode()):
        assert crc32(data) == zlib.crc32(data)
    assert [(t, shard_of(t)) for t in targets] == list(_shards_of(targets))
    assert {shard_of(f"I.{n}") for n in range(200)} == set(range(SHARDS))


@pytest.mark.parametrize("command", [["history", "--json"], ["export", "--format", "csv"], ["status"]])
def test_whatever_reads_every_file_first_caches_the_small_ones_in_the_one_pack(tmp_path, command):
    """`history` and `export` read the files one by one (never the whole history at once): they too
    leave one pack behind, not a cache file per ledger file."""
    six_months_of_files(tmp_path)
    shutil.rmtree(cache_dir(tmp_path))
    assert cli(tmp_path, *command).exit_code == 0
    held = [p for p in cache_dir(tmp_path).rglob("*") if p.is_file() and kind_of(p) in (".events", ".pack")]
    assert [kind_of(p) for p in held] == [".pack"]


@pytest.mark.parametrize("bad", [("done", 0, "", "", "", "x", 0, 1, 2),
                                 ("done", 738_000, "", "", "", "x", 0, "d", 2, "id")])
def test_a_timeline_whose_rows_are_wrong_is_made_again_when_a_mark_is_followed(tmp_path, bad):
    """The rows a past view follows a mark through are checked like those it shows: a cache that
    loads but holds wrong values is made again, never a traceback."""
    from array import array

    some_progress(tmp_path)
    past_answers(tmp_path, "2022-06-10")  # the timeline made
    [timeline] = cache_dir(tmp_path).glob("ledgers/*/timeline")
    code, stamp, (files, targets, starts, offsets, *rest), _rows = unpacked(timeline.read_bytes())
    count = len(offsets) // 8 - 1
    wrong = marshal.dumps(bad)
    ends = array("q", [len(wrong) * n for n in range(count + 1)])
    timeline.write_bytes(b"".join(packed(code, stamp, (files, targets, starts, ends.tobytes(), *rest), wrong * count)))
    assert cli(tmp_path, "mark", "III.1.1", "xong", "--note", "sau").exit_code == 0
    assert past_answers(tmp_path, "2022-06-10") == past_answers(tmp_path, "2022-06-10", cached=False)


@pytest.mark.parametrize("scramble", ["reversed", "shifted"])
def test_a_timeline_whose_rows_are_cut_out_wrong_is_made_again(tmp_path, scramble):
    """A row's values are read from the start of its slice of the timeline's bytes, whatever follows
    it: offsets out of order would show another row's values as this one's. Made again instead."""
    from array import array

    some_progress(tmp_path)
    expected = past_answers(tmp_path, "2022-06-10", cached=False)
    past_answers(tmp_path, "2022-06-09")  # the timeline made
    [timeline] = cache_dir(tmp_path).glob("ledgers/*/timeline")
    code, stamp, (files, targets, starts, offsets, *rest), rows = unpacked(timeline.read_bytes())
    ends = array("q")
    ends.frombytes(offsets)
    inner = list(ends[1:-1])
    inner = inner[::-1] if scramble == "reversed" else [max(0, n - 3) for n in inner]
    wrong = array("q", [0, *inner, ends[-1]])
    timeline.write_bytes(b"".join(packed(code, stamp, (files, targets, starts, wrong.tobytes(), *rest), rows)))
    assert past_answers(tmp_path, "2022-06-10") == expected


@pytest.mark.parametrize("damage", ["cut short", "a head longer than the file", "the layout before", "empty",
                                    "another code's"])
def test_a_timeline_file_that_is_not_one_is_made_again(tmp_path, damage):
    """The timeline's file (its head's length, marshal's head, then the rows) cut short, claiming a
    head longer than itself, in the layout of the version before (one marshal value), empty, or
    made by other code: a past view is still the files', and the timeline is made again."""
    some_progress(tmp_path)
    expected = past_answers(tmp_path, "2022-06-10", cached=False)
    past_answers(tmp_path, "2022-06-09")  # the timeline made
    [timeline] = cache_dir(tmp_path).glob("ledgers/*/timeline")
    raw = timeline.read_bytes()
    code, stamp, payload, rows = unpacked(raw)
    timeline.write_bytes({
        "cut short": raw[:len(raw) // 2],
        "a head longer than the file": (len(raw) * 2).to_bytes(8, "little") + raw[8:],
        "the layout before": marshal.dumps((code, stamp, payload[:3] + (bytes(rows),) + payload[3:])),
        "empty": b"",
        "another code's": b"".join(packed("another code", stamp, payload, rows)),
    }[damage])
    assert past_answers(tmp_path, "2022-06-10") == expected
    assert unpacked(timeline.read_bytes())[0] == code  # made again, and kept


def test_a_past_view_does_not_load_the_state_of_today_to_learn_that_it_is_one(tmp_path, monkeypatch):
    """Whether `--today` is in the past is read from the state's head alone (its last day): a past
    view across an office of many plans loaded each plan's whole state of today first."""
    some_progress(tmp_path)
    expected = past_answers(tmp_path, "2022-06-10", cached=False)
    past_answers(tmp_path, "2022-06-09")  # the timeline made

    def today_loaded(*_args, **_kwargs):
        raise AssertionError("the state of today loaded for a past view")

    monkeypatch.setattr(Ledger, "_current_state", today_loaded)
    assert past_answers(tmp_path, "2022-06-10") == expected


@pytest.mark.parametrize("day", [None, "2022-06-10"])
def test_a_warm_read_lists_the_ledger_once_and_reads_the_state_s_head_once(tmp_path, monkeypatch, day):
    """Today's view and a past one alike: whether the day is past, the mismatches and the state
    come from one listing of the ledger folder and one reading of the head."""
    some_progress(tmp_path)
    command = ["status", "--json"] if day is None else ["--today", day, "status", "--json"]
    expected = cli(tmp_path, *command).stdout  # every cache made, the timeline too
    listed: list[str] = []
    heads: list[str] = []
    real_scandir, real_load = os.scandir, derived_cache.load

    def scandir(path=".", *rest):
        if Path(path) == ledger_dir(tmp_path):
            listed.append(str(path))
        return real_scandir(path, *rest)

    def load(path, *rest, **kw):
        if Path(path).name == "state":
            heads.append(str(path))
        return real_load(path, *rest, **kw)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(derived_cache, "load", load)
    assert cli(tmp_path, *command).stdout == expected
    assert (len(listed), len(heads)) == (1, 1)
