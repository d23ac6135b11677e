"""`sapa history` writes as it reads (issue 21): the rows are made newest first from the ledger's
files a month or so at a time, and written as they come, so what it holds is bounded by a month of
events, not by the history. Its bytes are those it wrote when it held every event: the old way is
kept here, word for word, to compare with on ledgers made to be awkward (undos, undos of undos, two
machines' undo of one step, events set aside, items the plan took out, a past --today, an office of
several plans, notes that drive a terminal)."""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import ledger_support
import pytest
from ledger_support import (
    ICT,
    PLAN_ID,
    PLAN_PATH,
    TODAY,
    cli,
    data_dir,
    env_for,
    fake_now,
    hand_edit,
    ledger_dir,
    origin_of,
)
from test_bounded_memory import NOTES, held_bytes, history, write_ledger

from sapa_propaganda.cli import app as app_module
from sapa_propaganda.commands import listings
from sapa_propaganda.core.dates import parse_date
from sapa_propaganda.core.deadlines import plan_index
from sapa_propaganda.core.model import Item, Plan, Unit
from sapa_propaganda.core.progress import Event, ProgressState, canonical, duplicate_undos, known_on, undo_chain
from sapa_propaganda.core.queries import HistoryRow, _event_units, history_pairing, history_rows
from sapa_propaganda.render.json_out import JsonRenderer, history_json
from sapa_propaganda.storage.ledger import Ledger
from sapa_propaganda.storage.ledger_format import serialize
from sapa_propaganda.storage.plan_loader import load_plan

PLAN = load_plan(PLAN_PATH)
MACHINES = ("aaaaaaaaaaaa", "bbbbbbbbbbbb")


# ---- the way it was: every event held, then the rows sorted ------------------------------------

def old_history(plan: Plan, state: ProgressState, item: Item | None = None, unit: Unit | None = None,
                since: date | None = None, member: str = "") -> list[HistoryRow]:
    """core.queries.history before issue 21's streaming, as it was."""
    gone = set(plan.removed)
    by_id = {e.id: e for e in state.events}
    twice = duplicate_undos(state.events)
    rows = []
    for event in state.events:
        if event.id in twice:
            continue
        reverted, depth = undo_chain(event, by_id) if event.kind == "undo" else (None, 0)
        if reverted is not None and reverted.kind == "undo":
            reverted = None
        subject = reverted or event
        units = _event_units(plan, subject)
        if item is not None and subject.target != item.id and not (
                subject.kind == "mark" and subject.target.startswith(item.id + "@")):
            continue
        if unit is not None and unit.id not in {u.partition("/")[0] for u in units}:
            continue
        if member and subject.target.partition("@")[0] != f"{unit.id if unit else ''}/{member}":
            continue
        if since is not None and event.date < since and event.recorded.date() < since:
            continue
        removed = subject.kind == "mark" and subject.target.partition("@")[0] in gone
        rows.append(HistoryRow(event, units, state.undone.get(event.id), reverted, depth % 2 == 0 and depth > 0,
                               removed))
    rows.sort(key=lambda r: (r.event.recorded, r.event.id), reverse=True)
    return rows


def old_command(s, *, item_id, unit, since, as_json, output) -> None:
    """commands.listings.history before issue 21's streaming, as it was."""
    from sapa_propaganda.commands.office import each_plan, item_plan
    from sapa_propaganda.commands.output import Output
    from sapa_propaganda.core.matching import resolve_item_or_removed, resolve_reporter

    out = Output(s, as_json, output)
    if item_id:
        s, item_id = item_plan(s, item_id)

    def history_in(one, plan):
        found, member = resolve_reporter(plan, unit) if unit is not None else (None, None)
        return old_history(plan, one.full_state(), item=resolve_item_or_removed(plan, item_id) if item_id else None,
                           unit=found, since=parse_date(since) if since else None, member=member.id if member else "")

    out.show(each_plan(s, "history", history_in, unit=unit))


def old_json(self, plan, rows) -> None:
    self.dump([history_json(r) for r in rows])  # the whole list, encoded at once


def both_ways(monkeypatch, run) -> tuple:
    """What `run()` gives the way it is, then the way it was."""
    new = run()
    with monkeypatch.context() as old:
        old.setattr(listings, "history", old_command)
        old.setattr(JsonRenderer, "history", old_json)
        # The app binds each command's function once, when built: built again, it takes the old one.
        old.setattr(ledger_support, "app", app_module._build())
        return new, run()


# ---- ledgers made to be awkward -----------------------------------------------------------------

def awkward_history(seed: int) -> tuple[list[Event], list[Event]]:
    """(every machine's events, the second machine's own): marks and receipts with hostile notes,
    a duty of two units marked whole and by unit, events aimed at what the plan lacks (set aside),
    undos, undos of undos and of those, an undo of an event set aside, an undo of one the day asked
    for does not know yet, and the same step undone by both machines."""
    rng = random.Random(f"awkward-{seed}")
    events = history(300, seed=seed, months=8, notes=NOTES)
    extra = []
    for event in rng.sample(events, 30):
        target = rng.choice(("II.2.1.1", "II.2.1.1@khoi-tuyen-truyen", "II.2.1.1@cong-ttdt", "IX.99"))
        extra.append(Event(f"{rng.getrandbits(128):032x}", event.recorded + timedelta(seconds=1), event.date,
                           "mark", target, rng.choice(("doing", "done")), rng.choice(NOTES)))
    events = canonical(events + extra)
    undos = []
    for event in rng.sample(events, 40):
        undos.append(Event(f"{rng.getrandbits(128):032x}", event.recorded + timedelta(hours=1),
                           event.date + timedelta(days=rng.choice((0, 0, 3))), "undo", event.id, by="van-thu"))
    chain = undos
    for _depth in range(3):  # a redo, its undo, and that one's undo
        chain = [Event(f"{rng.getrandbits(128):032x}", undo.recorded + timedelta(minutes=5), undo.date, "undo",
                       undo.id) for undo in rng.sample(chain, max(2, len(chain) // 3))]
        undos += chain
    theirs = [Event(f"{rng.getrandbits(128):032x}", undo.recorded + timedelta(minutes=rng.choice((0, 30))),
                    undo.date, "undo", undo.target, by="may-hai") for undo in rng.sample(undos[:40], 6)]
    return canonical(events + undos + theirs), theirs


def write_awkward(folder: Path, seed: int) -> list[Event]:
    """The awkward history over two machines' files, a sync tool's copy of one of them, and an
    event in a file of a month after it was recorded (a clock once wrong)."""
    events, theirs = awkward_history(seed)
    ours = [e for e in events if e not in theirs]
    write_ledger(folder, ours[::2], origin=MACHINES[0])
    write_ledger(folder, ours[1::2] + theirs, origin=MACHINES[1])
    copy = sorted(folder.glob(f"ledger-*.{MACHINES[1]}.toml"))[1]
    (folder / copy.name.replace(".toml", ".sync-conflict-20220101-000000-ABCDEF.toml")).write_bytes(copy.read_bytes())
    late = Event("f" * 32, events[0].recorded, events[0].date, "mark", "II.1.1.1", "done", "đồng hồ sai")
    (folder / "ledger-2021-11.cccccccccccc.toml").write_bytes(serialize(PLAN_ID, [late]))
    return events


# ---- the rows: the same, made one at a time ------------------------------------------------------

FILTERS = [{}, {"item": "II.2.1.1"}, {"item": "II.1.1.1"}, {"unit": "khoi-tuyen-truyen"}, {"unit": "mttq"},
           {"since": date(2021, 11, 1)}, {"unit": "cong-ttdt", "since": date(2021, 9, 15)}]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("as_of", [None, date(2022, 6, 20), date(2021, 10, 15)])
def test_the_rows_made_newest_first_from_the_files_are_those_of_every_event_held(tmp_path, seed, as_of):
    folder = tmp_path / "ledger"
    write_awkward(folder, seed)
    ledger = Ledger(folder, PLAN_ID, plan_index(PLAN))
    state = ledger.full_state(as_of)
    mismatches = ledger.mismatches()
    assert mismatches and state.undone and any(
        r.restores for r in old_history(PLAN, state))  # what this test is about is there
    removed = PLAN.replace(removed=("II.1.1.1", "II.2.1.1"))  # as if the plan had taken these out
    for plan in (PLAN, removed):
        for given in FILTERS:
            wanted = {"item": PLAN.item(given["item"])} if "item" in given else {}
            wanted |= {"unit": PLAN.unit(given["unit"])} if "unit" in given else {}
            wanted |= {"since": given["since"]} if "since" in given else {}
            reading = Ledger(folder, PLAN_ID, plan_index(PLAN)).history_reading(as_of)
            rows = list(history_rows(plan, reading.events,
                                     history_pairing(reading.undos, reading.changes, reading.undone), **wanted))
            assert rows == old_history(plan, state, **wanted), given
    reading_ledger = Ledger(folder, PLAN_ID, plan_index(PLAN))
    reading = reading_ledger.history_reading(as_of)
    assert [e.id for e in reading.events] == [e.id for e in reversed(state.events)]
    assert reading_ledger.mismatches() == mismatches


def test_the_events_newest_first_are_every_event_read_in_order_the_other_way(tmp_path):
    """Files of several months and machines, a sync tool's copy, a clock once wrong: each event
    once, in the order `read_events` gives them turned round, those of a past day only."""
    folder = tmp_path / "ledger"
    write_awkward(folder, 7)
    ledger = Ledger(folder, PLAN_ID, plan_index(PLAN))
    every = ledger.read_events()
    assert list(ledger.history_reading().events) == every[::-1]
    day = date(2021, 10, 15)
    assert list(ledger.history_reading(day).events) == [e for e in every[::-1] if known_on(e, day)]


# ---- the command: the same bytes, plain, JSON and Rich, in one plan or across an office ----------

def bat_xat_plan() -> str:
    """The district plan of test_roster_and_removed, with the item I.1 taken out (`removed`)."""
    import test_roster_and_removed

    return test_roster_and_removed.REMOVED


def bat_xat_events(rng: random.Random) -> list[Event]:
    """A member's and the unit's receipts, marks of the item taken out and of the other, undone
    and put back."""
    start = datetime(2023, 1, 2, 8, tzinfo=ICT)
    events = []
    for n in range(60):
        recorded = start + timedelta(hours=17 * n)
        kind, target, status = rng.choice((
            ("mark", "I.1", "doing"), ("mark", "I.1", "done"), ("mark", "I.2", "doing"),
            ("submit", "chi-bo/hau-thao@2023-01", ""), ("submit", "chi-bo/ta-van@2023-02", "")))
        events.append(Event(f"{rng.getrandbits(128):032x}", recorded, recorded.date(), kind, target, status,
                            rng.choice(NOTES), "van-thu"))
    for event in rng.sample(events, 8):
        undo = Event(f"{rng.getrandbits(128):032x}", event.recorded + timedelta(hours=2), event.date, "undo", event.id)
        events.append(undo)
        if rng.random() < 0.5:
            events.append(Event(f"{rng.getrandbits(128):032x}", undo.recorded + timedelta(hours=1), undo.date,
                                "undo", undo.id))
    return canonical(events)


@pytest.fixture
def office(tmp_path):
    """An office of two plans: the bundled one with the awkward history, and the district's whose
    chi bộ report member by member, with an item taken out."""
    def ok(*args, today="2023-03-20"):
        result = cli(tmp_path, *args, today=today)
        assert result.exit_code == 0, result.output
        return result

    ok("roster", "add-unit", "chi-bo", "Các chi bộ trực thuộc")
    for member_id, name in (("hau-thao", "Chi bộ Hầu Thào"), ("ta-van", "Chi bộ Tả Van")):
        ok("roster", "add-member", "chi-bo", name, "--id", member_id)
    district = tmp_path / "bat-xat.toml"
    district.write_text(bat_xat_plan(), encoding="utf-8")
    ok("plan", "add", district)
    ok("plan", "add", PLAN_PATH)
    write_awkward(ledger_dir(tmp_path), 1)
    district_ledger = data_dir(tmp_path) / "bat-xat-2023"
    district_ledger.mkdir()
    for month in ("01", "02", "03"):
        (district_ledger / f"ledger-2023-{month}.{MACHINES[0]}.toml").write_bytes(serialize("bat-xat-2023", [
            e for e in bat_xat_events(random.Random(5)) if f"{e.recorded:%m}" == month]))
    return tmp_path


COMMANDS = [
    (), ("--plan", PLAN_ID), ("--plan", "bat-xat-2023"), ("bat-xat-2023:I.1",), (f"{PLAN_ID}:II.2.1.1",),
    ("--unit", "chi-bo"), ("--unit", "hau thao"), ("--unit", "khoi-tuyen-truyen"), ("--since", "01/02/2023"),
    ("--plan", PLAN_ID, "--since", "01/11/2021"), ("--plan", PLAN_ID, "--unit", "mttq"),
]


@pytest.mark.parametrize("today", ["2023-03-20", "2021-10-15"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_the_history_written_as_it_is_read_is_the_history_it_wrote_holding_every_event(office, monkeypatch, args,
                                                                                         today):
    for form in ((), ("--json",), ("--rich",)):
        new, old = both_ways(monkeypatch, lambda form=form: cli(office, "history", *args, *form, today=today))
        assert new.exit_code == 0, new.stderr
        assert (new.exit_code, new.stdout_bytes, new.stderr) == (old.exit_code, old.stdout_bytes, old.stderr), form
    if not args:
        assert b"Kh\xc3\xb4i ph\xe1\xbb\xa5c" in new.stdout_bytes or today < "2022"  # a redo is among them
        assert "\u202e" not in new.stdout  # a hostile note is made harmless, as before


def test_a_history_file_is_written_as_it_was(office, monkeypatch):
    for suffix in ("json", "tsv", "csv"):
        out = office / f"history.{suffix}"

        def written(out=out):
            assert cli(office, "history", "-o", out, today="2023-03-20").exit_code == 0
            return out.read_bytes()
        new, old = both_ways(monkeypatch, written)
        assert new == old, suffix


def test_a_damaged_month_is_refused_before_any_row_is_written(tmp_path):
    write_ledger(ledger_dir(tmp_path), history(2_000, months=6), origin=origin_of(tmp_path))
    # The oldest month: `history` shows the newest first, so only a check of every file before the
    # first row refuses it before anything is written.
    last = sorted(ledger_dir(tmp_path).glob("ledger-*.toml"))[0]
    hand_edit(last, last.read_bytes() + b"\n[[events]]\nid = 5\n")
    for form in ((), ("--json",)):
        result = cli(tmp_path, "history", *form)
        assert result.exit_code != 0
        assert result.stdout_bytes == b""
        assert last.name in result.stderr


# ---- what it holds ---------------------------------------------------------------------------------

def shown_into(tmp_path: Path, out: Path, *args: str) -> None:
    """`sapa ARGS` in this process, its stdout a file, as a shell's `> out` makes it: CliRunner
    would hold the output, which is what is measured here."""
    from typer.main import get_command

    from sapa_propaganda.cli.app import app

    with pytest.MonkeyPatch.context() as patch, open(out, "w", encoding="utf-8") as stream:
        for key, value in env_for(tmp_path).items():
            if value is None:
                patch.delenv(key, raising=False)
            else:
                patch.setenv(key, value)
        patch.setattr(sys, "stdout", stream)
        get_command(app).main([*args], standalone_mode=False, obj=lambda: fake_now(TODAY))


def test_the_history_holds_a_few_months_of_events_at_a_time(tmp_path):
    """Counted, not timed: `history` of 12 months, plain or JSON, holds less than half of what
    holding its events takes (it held the events, the rows and, in JSON, the whole text)."""
    write_ledger(ledger_dir(tmp_path), history(12_000, months=12), origin=origin_of(tmp_path))
    assert cli(tmp_path, "status").exit_code == 0  # the caches, as every day
    ledger = Ledger(ledger_dir(tmp_path), PLAN_ID, plan_index(PLAN))
    history_held = held_bytes(ledger.read_events)[0]
    out = tmp_path / "history.out"
    for form in ((), ("--json",)):
        shown_into(tmp_path, out, "history", "II.1.1.1", *form)  # what it imports, imported
        held = held_bytes(lambda form=form: shown_into(tmp_path, out, "history", *form))[1]
        assert out.read_bytes().count(b"\"recorded\": " if form else b"\n") >= 12_000
        assert held < history_held / 2, (form, held, history_held)
