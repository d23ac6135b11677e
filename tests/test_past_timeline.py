"""A past view (`--today` before some of the progress) read from the timeline gives exactly what
replaying the events known that day gives (progress.build_state, every undo honoured), on
thousands of random small histories: marks of duties and of their units' parts, receipts and
waivers dated back, undos and undos of undos; and after the timeline followed the events added
since it was made, as after a `mark` or a sync."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

from sapa_propaganda.core.progress import Event, build_state, known_on, undone_ids
from sapa_propaganda.core.timeline import family, make_timeline, progress_of

ICT = timezone(timedelta(hours=7))
FIRST = date(2022, 6, 1)
TARGETS = ("A", "B", "A@u1", "A@u2", "B@u1")
REPORTS = ("u1@2022-H1", "u2@2022-H1")


def random_history(rng: random.Random) -> list[Event]:
    events: list[Event] = []
    recorded = datetime(2022, 6, 1, 8, tzinfo=ICT)
    for number in range(rng.randrange(1, 25)):
        recorded += timedelta(hours=rng.choice((1, 5, 30, 70)))
        back = rng.choice((0, 0, 0, 1, 3, 9))  # most are entered the day they happen; some dated back
        day = max(FIRST, recorded.date() - timedelta(days=back))
        roll = rng.random()
        if roll < 0.15 and events:
            kind, target, status = "undo", rng.choice(events).id, ""
        elif roll < 0.4:
            kind, target, status = rng.choice(("submit", "submit", "waive")), rng.choice(REPORTS), ""
        else:
            kind, target = "mark", rng.choice(TARGETS)
            status = rng.choice(("doing", "done", "done", "blocked", "cancelled"))
        note = rng.choice(("", f"note {number}"))
        events.append(Event(f"{number:04x}{rng.getrandbits(32):08x}", recorded, day, kind, target, status, note,
                            "van-thu", rng.choice(("", f"{number}-BC"))))
    return events


def days_of(events: list[Event]) -> list[date]:
    last = max(e.recorded.date() for e in events)
    return [FIRST + timedelta(days=n) for n in range(-1, (last - FIRST).days + 2)]


def on_day(timeline, events: list[Event], day: date):
    """What Ledger.past_state makes of the timeline: each target's row, the tangled families replayed."""
    targets, rows, tangled = timeline.on(day.toordinal())
    found = {t: progress_of(timeline.value(r)) for t, r in zip(targets, rows, strict=True)
             if family(t) not in tangled}
    chosen = [e for e in events if e.kind != "undo" and known_on(e, day) and family(e.target) in tangled]
    found.update(build_state(chosen, timeline.undone).targets)
    return found, timeline.latest_on(day.toordinal())


def expected(events: list[Event], day: date):
    state = build_state([e for e in events if known_on(e, day)], undone_ids(events))
    return state.targets, state.latest


def test_a_past_day_from_the_timeline_is_the_replay_of_the_events_known_that_day():
    rng = random.Random(21)
    tangled_seen = 0
    for _history in range(3000):
        events = random_history(rng)
        timeline = make_timeline(events, undone_ids(events))
        for day in days_of(events):
            assert on_day(timeline, events, day) == expected(events, day), (events, day)
            tangled_seen += bool(timeline.on(day.toordinal())[2])
    assert tangled_seen  # receipts dated back before an earlier one were met, and replayed


def test_a_timeline_followed_through_later_events_is_the_one_made_from_all_of_them():
    rng = random.Random(22)
    followed = refused = 0
    for _history in range(3000):
        events = random_history(rng)
        cut = rng.randrange(len(events) + 1)
        timeline = make_timeline(events[:cut], undone_ids(events[:cut]))
        if not timeline.follow(events[cut:]):
            refused += 1  # an undo, or an event placed before what is known: the timeline is made again
            continue
        followed += 1
        for day in days_of(events):
            assert on_day(timeline, events, day) == expected(events, day), (events, cut, day)
    assert followed > 1000 and refused > 100
