"""The quick reader of ledger files agrees with tomllib wherever it answers, and answers for
everything sapa writes; anything else is left to tomllib, so a file always means what TOML says."""

from __future__ import annotations

import random
import tomllib
from datetime import date, datetime, timedelta, timezone

from sapa_propaganda.core.progress import Event
from sapa_propaganda.storage.ledger_format import parse_plain_ledger, serialize, serialize_appended

ALPHABET = 'ab"\\\n\t\x01\x1b\x7fé Đ\u2028\U0001F600#=[]'
INSERTS = ['"', "\\", "\n", "#", "x", " = ", "[[events]]\n", "\r", "1", "T", "Z", ".5", "\\u00e9",
           "\\U0001F600", "\\ud800", "0", "-", "+07:00", "=", "[events]\n", " ", "'", "[1]", "true"]


def random_events(rng: random.Random) -> list[Event]:
    return [Event(f"e{rng.randrange(10**6)}",
                  datetime(2022, 6, 1, 9, 0, rng.randrange(60), rng.choice([0, 123456]),
                           tzinfo=timezone(timedelta(hours=rng.choice([7, -5, 0])))),
                  date(2022, 6, rng.randrange(1, 28)), rng.choice(["mark", "submit"]), "III.1.1",
                  rng.choice(["", "done"]), "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(10))),
                  rng.choice(["", "Hà"]), "")
            for _ in range(rng.randrange(1, 5))]


def tomllib_or_error(text: str) -> object:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return "error"


def test_what_sapa_writes_is_read_quickly_and_exactly():
    rng = random.Random(2021)
    for _ in range(400):
        events = random_events(rng)
        text = (serialize("p", events) + serialize_appended(random_events(rng))).decode("utf-8")
        quick = parse_plain_ledger(text)
        assert quick is not None, text
        assert quick == tomllib.loads(text)


def test_on_any_other_text_it_agrees_with_tomllib_or_stands_aside():
    rng = random.Random(13)
    answered = 0
    for _ in range(400):
        text = serialize("p", random_events(rng)).decode("utf-8")
        for _ in range(10):
            at = rng.randrange(len(text) + 1)
            mutated = text[:at] + rng.choice(INSERTS) + text[at:]
            quick = parse_plain_ledger(mutated)
            if quick is not None:
                answered += 1
                assert quick == tomllib_or_error(mutated), mutated
    assert answered > 500  # the mutations it accepted were checked, not just skipped


def test_sapa_writes_events_byte_for_byte_as_tomli_w_would():
    """A write makes its TOML itself, without importing tomli-w (start-up time): the files are the
    bytes tomli-w wrote before, in both of its forms, the inline one (every event short, as only
    another office's short ids make them) left to tomli-w itself."""
    import tomli_w

    from sapa_propaganda.storage.ledger_format import HEADER, canonical, event_record, format_needed

    rng = random.Random(21)
    inline = tables = 0
    for _ in range(600):
        events = random_events(rng)
        if rng.random() < 0.5:  # ids as sapa makes them: 32 hex digits, which no inline table fits
            events = [e.replace(id=f"{rng.getrandbits(128):032x}", note=e.note * rng.randrange(1, 4)) for e in events]
        elif rng.random() < 0.3:  # as short as an event gets (a time without its offset, to fit inline)
            events = [Event(f"e{n}", datetime(2022, 6, 1, 9), date(2022, 6, 1), "mark", "I") for n in range(3)]
        records = [event_record(e) for e in events]
        appended = tomli_w.dumps({"events": records})
        inline += appended.startswith("events = [")
        tables += appended.startswith("[[events]]")
        assert serialize_appended(events) == ("\n" + appended).encode("utf-8")
        whole = tomli_w.dumps({"format": format_needed(events), "plan": "sa-pa-2021",
                               "events": [event_record(e) for e in canonical(events)]})
        assert serialize("sa-pa-2021", events) == (HEADER + whole).encode("utf-8")
    assert inline > 20 and tables > 200  # both forms were met
