"""`sapa export` and `sapa import`: formats, the BOM for Excel, merging by event id."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ledger_support import (
    ICT,
    PLAN_ID,
    PLAN_PATH,
    cli,
    folder_snapshot,
    ledger_dir,
    ledger_events,
    ledger_file,
    ledger_files,
    month_files,
    no_ledger_files,
    one_line,
    origin_of,
    run_sapa,
    snapshot,
    subprocess_env,
)

from sapa_propaganda.commands import actions
from sapa_propaganda.core.progress import Event, build_state, canonical, merge
from sapa_propaganda.storage import ledger_format
from sapa_propaganda.storage.ledger import Ledger, segment_month
from sapa_propaganda.storage.plan_loader import load_plan

BOM = b"\xef\xbb\xbf"


def mark_ok(tmp_path, *args, **kwargs):
    result = cli(tmp_path, "mark", *args, **kwargs)
    assert result.exit_code == 0, result.stderr
    return result


def some_progress(tmp_path):
    mark_ok(tmp_path, "III.1.2", "xong", "--note", "Đã định hướng tuyên truyền bầu cử",
            "--by", "Nguyễn Thị Hà", "--ref", "15-BC/BTGThU", "--date", "10/06/2022")
    mark_ok(tmp_path, "III.2.1", "vuong", "--note", "Thiếu kinh phí, chờ ý kiến")
    mark_ok(tmp_path, "III.4.1", "dang")


# ---- export --------------------------------------------------------------------------------

def test_export_json(tmp_path):
    some_progress(tmp_path)
    result = cli(tmp_path, "export", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "Thiếu kinh phí, chờ ý kiến".encode() in result.stdout_bytes  # no \u escapes
    document = json.loads(result.stdout_bytes.decode("utf-8"))
    assert document["format"] == 1 and document["plan"] == PLAN_ID
    assert len(document["events"]) == 3
    assert {e["id"] for e in document["events"]} == {e["id"] for e in ledger_events(tmp_path)}
    state = {row["id"]: row for row in document["state"]}
    assert state["III.1.2"]["status"] == "done" and state["III.1.2"]["updated"] == "2022-06-10"
    assert state["III.1.2"]["status_label"] == "Hoàn thành"
    assert state["III.1.1"]["status"] == "todo"


def test_export_defaults_to_json(tmp_path):
    some_progress(tmp_path)
    assert json.loads(cli(tmp_path, "export").stdout_bytes)["plan"] == PLAN_ID


def test_export_csv_has_bom_and_vietnamese(tmp_path):
    some_progress(tmp_path)
    result = cli(tmp_path, "export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    data = result.stdout_bytes
    assert data.startswith(BOM)
    assert data.count(BOM) == 1
    text = data.decode("utf-8-sig")
    assert "Thiếu kinh phí, chờ ý kiến" in text and "Nguyễn Thị Hà" in text
    assert "Hoàn thành" in text and "Vướng mắc" in text
    rows = list(csv.DictReader(io.StringIO(text)))
    events = [r for r in rows if r["record"] == "event"]
    states = {r["id"]: r for r in rows if r["record"] == "state"}
    assert len(events) == 3
    assert states["III.2.1"]["status"] == "blocked" and states["III.2.1"]["status_label"] == "Vướng mắc"
    assert states["III.1.2"]["date"] == "2022-06-10"
    assert {r["ref"] for r in events} >= {"15-BC/BTGThU"}


def test_export_csv_to_file(tmp_path):
    some_progress(tmp_path)
    out = tmp_path / "bao-cao tiến độ.csv"
    result = cli(tmp_path, "export", "-f", "csv", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert str(out) in one_line(result.stderr)
    assert out.read_bytes().startswith(BOM)
    assert "Nguyễn Thị Hà" in out.read_bytes().decode("utf-8-sig")


def test_export_toml_is_readable_and_importable(tmp_path):
    some_progress(tmp_path)
    out = tmp_path / "export.toml"
    assert cli(tmp_path, "export", "--format", "toml", "--output", out).exit_code == 0
    document = tomllib.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == 1 and document["plan"] == PLAN_ID and len(document["events"]) == 3
    other = tmp_path / "other"
    result = cli(other, "import", out)
    assert result.exit_code == 0, result.stderr
    assert {e["id"] for e in ledger_events(other)} == {e["id"] for e in document["events"]}


def test_export_json_is_importable(tmp_path):
    some_progress(tmp_path)
    out = tmp_path / "export.json"
    assert cli(tmp_path, "export", "-o", out).exit_code == 0
    other = tmp_path / "other"
    assert cli(other, "import", out).exit_code == 0
    assert sorted_events(other) == sorted_events(tmp_path)


def test_export_bad_format(tmp_path):
    result = cli(tmp_path, "export", "--format", "xlsx")
    assert result.exit_code != 0
    message = one_line(result.stderr)
    assert "xlsx" in message and "csv" in message and "json" in message


def test_export_of_an_empty_ledger(tmp_path):
    document = json.loads(cli(tmp_path, "export").stdout_bytes)
    assert document["events"] == []
    assert {row["status"] for row in document["state"]} == {"todo"}
    assert no_ledger_files(tmp_path)


# ---- import --------------------------------------------------------------------------------

def test_import_merges_by_event_id(tmp_path):
    office_a, office_b = tmp_path / "a", tmp_path / "b"
    mark_ok(office_a, "III.1.1", "xong", "--note", "của A")
    mark_ok(office_b, "III.2.1", "dang", "--note", "của B")
    result = cli(office_b, "import", ledger_file(office_a))
    assert result.exit_code == 0, result.stderr
    assert "thêm 1 sự kiện mới" in result.stdout and "2 sự kiện" in result.stdout
    notes = {e["note"] for e in ledger_events(office_b)}
    assert notes == {"của A", "của B"}
    statuses = {r["id"]: r["status"] for r in json.loads(cli(office_b, "duties", "--json").stdout)}
    assert statuses["III.1.1"] == "done" and statuses["III.2.1"] == "doing"


def test_importing_twice_changes_nothing(tmp_path):
    office_a, office_b = tmp_path / "a", tmp_path / "b"
    some_progress(office_a)
    mark_ok(office_b, "III.3.1.1", "xong")
    assert cli(office_b, "import", ledger_file(office_a)).exit_code == 0
    once = snapshot(office_b)
    again = cli(office_b, "import", ledger_file(office_a))
    assert again.exit_code == 0
    assert "thêm 0 sự kiện mới, 3 đã có" in again.stdout
    assert snapshot(office_b) == once
    english = cli(office_b, "import", ledger_file(office_a), lang="en")
    assert "0 new events, 3 already present" in english.stdout


def sorted_events(office):
    return sorted(ledger_events(office), key=lambda e: e["id"])


def test_two_ledgers_in_either_order_give_the_same_events(tmp_path):
    office_a, office_b = tmp_path / "a", tmp_path / "b"
    some_progress(office_a)
    mark_ok(office_b, "III.3.2.1", "dang", "--note", "Trung tâm VH-TT")
    assert cli(office_b, "undo").exit_code == 0
    mark_ok(office_b, "III.3.2.1", "xong")
    first, second = tmp_path / "ab", tmp_path / "ba"
    for target, order in ((first, (office_a, office_b)), (second, (office_b, office_a))):
        for source in order:
            assert cli(target, "import", ledger_file(source)).exit_code == 0
    assert ledger_files(first) and sorted_events(first) == sorted_events(second)
    # Importing one into the other gives the same events as well, and so the same state.
    assert cli(office_a, "import", ledger_file(office_b)).exit_code == 0
    assert sorted_events(office_a) == sorted_events(first)
    for office in (first, second, office_a):
        assert cli(office, "show", "III.3.2.1", "--json").stdout == cli(first, "show", "III.3.2.1", "--json").stdout
    assert len(ledger_events(first)) == 6


def test_import_keeps_ours_on_conflict(tmp_path):
    office_a, office_b = tmp_path / "a", tmp_path / "b"
    mark_ok(office_a, "III.1.1", "xong", "--note", "bản gốc")
    assert cli(office_b, "import", ledger_file(office_a)).exit_code == 0
    tampered = ledger_file(office_a).read_text(encoding="utf-8").replace("bản gốc", "bản sửa")
    source = tmp_path / "tampered.toml"
    source.write_text(tampered, encoding="utf-8")
    before = snapshot(office_b)
    result = cli(office_b, "import", source)
    assert result.exit_code == 0
    assert "khác nội dung" in result.stdout
    assert snapshot(office_b) == before


def test_import_refuses_another_plans_ledger(tmp_path):
    office_a, office_b = tmp_path / "a", tmp_path / "b"
    some_progress(office_a)
    mark_ok(office_b, "III.1.1", "xong")
    foreign = tmp_path / "khac.ledger.toml"
    foreign.write_bytes(ledger_file(office_a).read_bytes().replace(PLAN_ID.encode(), b"ke-hoach-khac", 1))
    before = snapshot(office_b)
    result = cli(office_b, "import", foreign)
    assert result.exit_code != 0
    message = one_line(result.stderr)
    assert "ke-hoach-khac" in message and PLAN_ID in message
    assert snapshot(office_b) == before
    # Into an office that has no ledger yet: none is created.
    fresh = tmp_path / "fresh"
    assert cli(fresh, "import", foreign).exit_code != 0
    assert no_ledger_files(fresh)


def test_import_refuses_a_damaged_file(tmp_path):
    office_a, office_b = tmp_path / "a", tmp_path / "b"
    some_progress(office_a)
    mark_ok(office_b, "III.1.1", "xong")
    broken = tmp_path / "broken.toml"
    broken.write_bytes(ledger_file(office_a).read_bytes()[:-25])
    before = snapshot(office_b)
    result = cli(office_b, "import", broken)
    assert result.exit_code != 0
    assert f"{broken}:" in one_line(result.stderr)
    assert snapshot(office_b) == before


def test_import_of_a_missing_file(tmp_path):
    result = cli(tmp_path, "import", tmp_path / "khong-co.toml")
    assert result.exit_code != 0
    assert "khong-co.toml" in one_line(result.stderr)
    assert no_ledger_files(tmp_path)


# ---- merge properties ----------------------------------------------------------------------

# 100 s before midnight at the end of June: the events fall into two month files.
BASE = datetime(2022, 6, 30, 23, 58, 20, tzinfo=ICT)
TEXT = st.one_of(st.sampled_from(["", "Hoàn thành", "tiếng Việt"]),
                st.text(alphabet=list("abc xyzđêạờụ\"\\#[]=\n\t'"), max_size=12))
event_fields = st.fixed_dictionaries({
    "seconds": st.integers(0, 200),  # collisions on `recorded` happen: ids break the tie
    "micro": st.sampled_from([0, 0, 500000, 123456]),
    "day": st.integers(0, 40),
    "kind": st.sampled_from(["mark", "mark", "undo"]),
    "target": st.sampled_from(["III.1.1", "III.1.2", "III.2.1", "btg@2022-H1"]),
    "status": st.sampled_from(["todo", "doing", "done", "blocked"]),
    "note": TEXT, "by": TEXT, "ref": TEXT,
})


def make_events(rows):
    events = []
    for number, row in enumerate(rows):
        mark = row["kind"] == "mark"
        events.append(Event(
            id=f"{number:04d}{row['seconds']:03d}", kind=row["kind"],
            recorded=BASE + timedelta(seconds=row["seconds"], microseconds=row["micro"]),
            date=date(2022, 5, 1) + timedelta(days=row["day"]),
            target=row["target"] if mark else f"{max(number - 1, 0):04d}",
            status=row["status"] if mark else "", note=row["note"], by=row["by"], ref=row["ref"]))
    return events


# Each event goes to ledger A, ledger B, or both.
split_events = st.lists(st.tuples(event_fields, st.sampled_from(["a", "b", "ab"])), max_size=25)


def split(drawn):
    events = make_events([row for row, _ in drawn])
    ours = [e for e, (_, side) in zip(events, drawn, strict=False) if "a" in side]
    theirs = [e for e, (_, side) in zip(events, drawn, strict=False) if "b" in side]
    return events, ours, theirs


@settings(max_examples=100, deadline=None)
@given(split_events, st.randoms(use_true_random=False))
def test_merge_is_a_union_independent_of_order(drawn, rng):
    events, ours, theirs = split(drawn)
    rng.shuffle(ours)
    rng.shuffle(theirs)
    ab, added_ab, conflicts_ab = merge(ours, theirs)
    ba, added_ba, conflicts_ba = merge(theirs, ours)
    assert conflicts_ab == conflicts_ba == []
    assert ab == ba == canonical(events)
    assert added_ab == len({e.id for e in theirs} - {e.id for e in ours})
    assert ledger_format.serialize(PLAN_ID, ab) == ledger_format.serialize(PLAN_ID, ba)
    # Idempotent: merging again adds nothing and changes nothing.
    again, added, conflicts = merge(ab, theirs)
    assert (again, added, conflicts) == (ab, 0, [])
    assert merge(ab, ours)[0] == ab
    # The file round-trips through tomllib and sapa's parser.
    raw = ledger_format.serialize(PLAN_ID, ab)
    assert len(tomllib.loads(raw.decode("utf-8")).get("events", [])) == len(events)
    assert ledger_format.parse_ledger(raw, "x", PLAN_ID) == ab


PLAN = load_plan(PLAN_PATH)


def month_contents(folder):
    """The events of a ledger folder's files, by month: what it holds, whichever file holds it."""
    by_month: dict[str, list] = {}
    for path in month_files(folder):
        by_month.setdefault(segment_month(path.name), []).extend(
            ledger_format.parse_ledger(path.read_bytes(), str(path), PLAN_ID))
    return {month: sorted(found, key=lambda e: e.id) for month, found in by_month.items()}


def expected_months(events):
    """What a ledger holding `events` must hold: each month's events."""
    by_month = {}
    for event in events:
        by_month.setdefault(f"{event.recorded:%Y-%m}", []).append(event)
    return {month: sorted(found, key=lambda e: e.id) for month, found in by_month.items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(split_events)
def test_importing_two_ledgers_in_either_order_gives_identical_events(drawn):
    events, ours, theirs = split(drawn)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        a, b = root / "a.ledger.toml", root / "b.ledger.toml"  # one file each, as exported
        a.write_bytes(ledger_format.serialize(PLAN_ID, ours))
        b.write_bytes(ledger_format.serialize(PLAN_ID, theirs))
        results = []
        for name, order in (("ab", (a, b)), ("ba", (b, a)), ("abab", (a, b, a, b))):
            target = Ledger(root / name, PLAN_ID)
            for source in order:
                actions.import_ledger(PLAN, target, source)
            results.append(month_contents(target.folder))
        # A into the ledger B recorded its own events in, month by month.
        office_b = Ledger(root / "office-b", PLAN_ID)
        office_b.folder.mkdir()
        for month, found in expected_months(theirs).items():
            (office_b.folder / f"ledger-{month}.toml").write_bytes(ledger_format.serialize(PLAN_ID, found))
        actions.import_ledger(PLAN, office_b, a)
        results.append(month_contents(office_b.folder))
        expected = expected_months(events)
        assert results[0] == results[1] == results[2] == results[3] == expected
        assert (results[0] == {}) == (not events)
        assert {e.id for e in office_b.read_events()} == {e.id for e in events}
        cached, rebuilt = office_b.state(), build_state(events)
        assert all(cached.of(e.target) == rebuilt.of(e.target) for e in events)
        # Importing either again writes nothing.
        before = folder_snapshot(office_b.folder)
        for source in (a, b):
            actions.import_ledger(PLAN, office_b, source)
        assert folder_snapshot(office_b.folder) == before


def test_an_export_of_several_months_imports_into_the_same_month_files(tmp_path):
    office_a, office_b = tmp_path / "a", tmp_path / "b"
    mark_ok(office_a, "III.1.1", "dang", "--note", "tháng năm", today="2022-05-31")
    mark_ok(office_a, "III.1.1", "xong", "--note", "tháng sáu")
    assert cli(office_a, "undo").exit_code == 0
    mark_ok(office_a, "III.2.1", "vuong", today="2022-07-01")
    assert [p.name for p in ledger_files(office_a)] == [
        f"ledger-2022-{month}.{origin_of(office_a)}.toml" for month in ("05", "06", "07")]
    for fmt in ("json", "toml"):
        out = tmp_path / f"export.{fmt}"
        assert cli(office_a, "export", "--format", fmt, "--output", out).exit_code == 0
        office = tmp_path / f"b-{fmt}"
        result = cli(office, "import", out)
        assert result.exit_code == 0, result.stderr
        assert month_contents(ledger_dir(office)) == month_contents(ledger_dir(office_a))
        assert cli(office, "show", "III.1.1", "--json").stdout == cli(office_a, "show", "III.1.1", "--json").stdout
        once = snapshot(office)
        again = cli(office, "import", out)
        assert "thêm 0 sự kiện mới, 4 đã có" in again.stdout
        assert snapshot(office) == once
    # Into an office with a month of its own: only the months that gain events change.
    mark_ok(office_b, "III.4.1", "xong", today="2022-07-15")
    july_before = ledger_file(office_b, "2022-07").read_bytes()
    assert cli(office_b, "import", tmp_path / "export.json").exit_code == 0
    assert month_contents(ledger_dir(office_b)).keys() == month_contents(ledger_dir(office_a)).keys()
    assert month_contents(ledger_dir(office_b))["2022-05"] == month_contents(ledger_dir(office_a))["2022-05"]
    # July's file gains the imported event at its end: what was there stays byte for byte.
    assert ledger_file(office_b, "2022-07").read_bytes().startswith(july_before)
    assert ledger_file(office_b, "2022-07").read_bytes() != july_before
    assert len(ledger_events(office_b)) == 5


def test_export_csv_from_a_child_process_starts_with_the_bom(tmp_path):
    some_progress(tmp_path)
    result = subprocess.run([sys.executable, "-m", "sapa_propaganda", "export", "--format", "csv"],
                            env=subprocess_env(tmp_path), capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(BOM)
    assert "Thiếu kinh phí, chờ ý kiến" in result.stdout.decode("utf-8-sig")
    assert run_sapa(tmp_path, "export", "--format", "json").returncode == 0
