"""Each plan's overview (overview.py), cached in this machine's cache folder, for the commands that
read every plan of the office at once.

The cache is a hint, checked like the others (derived_cache): it is used only while the plan file,
the roster and every ledger file have the stamps it was made with, with this very code and in this
language (it holds the reports' names as they read). It describes the ledger as it stands, so it
serves any day on or after the ledger's latest effective date; for an earlier --today the overview
is worked out from that day's state and not kept.

A plan's listing (`Listing`, what `overdue` and `reports` name besides) is in the same file, as
marshal's bytes of its own, read only by them: `status` and `remind` pass over it (a copy of its
bytes), where a second file would cost `overdue` and `reports` an open and a stamp per plan.
"""

from __future__ import annotations

from ..core.overview import Listing, Overview, PlanView, listing_of, overview_of, overview_on, period_key

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from typing import Any

    from ..core.deadlines import Obligation
    from ..core.model import Plan, Unit
    from ..core.periods import Period
    from ..storage.ledger import Ledger

    # How the listings word a report: (the report of its owner, "Báo cáo … của Chi bộ Tả Van"; who
    # owes it, as a table names them; the report with its rule's name), and a period.
    ReportWords = Callable[[Plan, Obligation], tuple[str, str, str]]
    PeriodName = Callable[[Period, Plan], str]


def plan_view(plan_id: str, location: tuple[str, tuple[object, ...]], files: Ledger, today: date,
              load_plan: Callable[[], Plan], open_ledger: Callable[[], Ledger],
              words: tuple[ReportWords, PeriodName], listed: bool = False) -> PlanView:
    """The view of a workspace plan, from the cache while it holds; `listed`: with its listing.
    `location` is the plan's cache name and stamp (`plan_cache.location`), `files` its ledger's
    folder (its files' stamps are enough to check the cache: no plan is read for them). A past
    day's view (`today` before some of the progress) is worked out from the cached view with the
    state of that day: `open_ledger` opens the ledger for it. Only when the view is made again:
    `load_plan` reads the plan, and `words` word each report and period in the user's language."""
    from ..i18n import language
    from . import derived_cache

    name, plan_stamp = location
    # Stamped before anything is read: a file that changes meanwhile no longer matches next time.
    entries = files.listing()
    stamp = (plan_stamp, files.signature(entries), language())
    path = f"{name}.overview"
    found = derived_cache.load(path, stamp, _decode)
    past = found is not None and found[0].overview.latest > today.toordinal()
    listing = None
    if found is not None and (listed or past):
        listing = _listing_with(*found)
    if found is not None and (found[0].plan_id != plan_id or ((listed or past) and listing is None)):
        found = None  # another plan's, or its listing of the wrong shape: made again
    if found is not None and not past:
        return found[0].replace(listing=listing) if listed else found[0]
    ledger = open_ledger()
    if found is None:  # the view of the ledger as it stands, kept: past days are worked out from it too
        view = _view_of(load_plan(), ledger.state(entries=entries), ledger.mismatches(), words)
        derived_cache.save(path, stamp, _encode(view))
        if view.overview.latest <= today.toordinal():
            return view
        cached, listing = view.replace(listing=None), view.listing
    else:
        cached = found[0]
    # The past (`--today` before some of the progress): not kept. Worked out from the view and its
    # listing, which hold all of the plan that a day's state does not change, while they hold (the
    # same files: the same events set aside).
    assert listing is not None  # the cached one, checked, or the one just made
    overview, keys = overview_on(cached.overview, listing, ledger.past_state(today, entries))
    return cached.replace(overview=overview, listing=listing.replace(reports=keys) if listed else None)


def _listing_with(view: PlanView, listed_bytes: bytes) -> Listing | None:
    """The view's listing, from its bytes in the cache; None where they are not the view's."""
    listing = _listing_from(listed_bytes)
    if listing is None or (len(listing.reports), len(listing.item_units)) != (len(view.overview.reports),
                                                                              len(view.overview.items)):
        return None
    return listing


def units_of(listing: Listing) -> tuple[Unit, ...] | None:
    """The plan's units whole, from its listing; None where what the cache holds is not units."""
    from ..core.model import Unit
    from .record_codec import decode

    try:
        return tuple(decode(Unit, plain) for plain in listing.plain_units)
    except (ValueError, TypeError):
        return None


def _view_of(plan: Plan, state: Any, mismatches: list[Any], words: tuple[ReportWords, PeriodName]) -> PlanView:
    from ..core.deadlines import obligations
    from ..core.progress import mismatch_targets
    from ..core.workdays import to_plain
    from .record_codec import encode

    report_words, period_name = words
    overview = overview_of(plan, state)
    owed = obligations(plan)
    # The same words are one string, written once in the cache (marshal refers back to it) and
    # read back once: a unit's name on each of its reports, a period's title on each unit's.
    said: dict[str, str] = {}
    worded = [tuple(said.setdefault(w, w) for w in report_words(plan, o)) for o in owed]
    periods: dict[tuple[str, str, int], str] = {}
    for o in owed:  # in the order the listing numbers them
        periods.setdefault(period_key(o.period), period_name(o.period, plan))
    listing = listing_of(plan, state, [(w[1], w[2]) for w in worded], list(periods.values()),
                         tuple(encode(u) for u in plan.units))
    report_names = [w[0] for w in worded]
    texts = [plan.item(i[2]).text for i in overview.items]
    working = to_plain(plan.calendar) if plan.calendar.count_days == "working" else None
    return PlanView(plan.id, plan.number or plan.id, plan.title, overview, report_names, texts,
                    (len(mismatches), mismatch_targets(mismatches)),
                    {u.id: (u.label, u.renamed_from) for u in plan.units}, working, listing)


def _encode(view: PlanView) -> tuple[Any, ...]:
    import marshal

    o = view.overview
    assert view.listing is not None  # a view made here always has one
    return (view.plan_id, view.label, view.title, o.reports, o.items, o.latest, view.report_names, view.item_texts,
            view.mismatches, view.units, (o.start, o.end, o.notes), view.working,
            marshal.dumps(_encode_listing(view.listing)))


def _strings(values: Any) -> bool:
    return set(map(type, values)) <= {str}


def _decode(payload: Any) -> tuple[PlanView, bytes]:
    """The view, and its listing as marshal's bytes (`_listing_from`)."""
    plan_id, label, title, reports, items, latest, names, texts, mismatches, units, dates, working, listed = payload
    start, end, notes = dates
    if type(listed) is not bytes:
        raise ValueError("wrong shape")
    if working is not None and not (type(working) is tuple and len(working) == 4 and type(working[3]) is bool
                                    and all(type(part) is tuple and all(type(n) is int for n in part)
                                            for part in working[:3])):
        raise ValueError("wrong shape")
    # Written out rather than looped over: an office's run checks thousands of these.
    if not (type(reports) is list and type(items) is list and type(latest) is int and type(names) is list
            and type(texts) is list and len(names) == len(reports) and len(texts) == len(items)
            and all(type(r) is tuple and len(r) == 6 and type(r[0]) is int and type(r[1]) is int
                    and type(r[2]) is str and type(r[3]) is str and type(r[4]) is int and type(r[5]) is bool
                    for r in reports)
            and all(type(i) is tuple and len(i) == 6 and type(i[0]) is int and type(i[1]) is int
                    and type(i[2]) is str and type(i[3]) is str and type(i[4]) is tuple and type(i[5]) is str
                    for i in items)
            and all(type(n) is str for n in (plan_id, label, title, *names, *texts))
            and type(mismatches) is tuple and len(mismatches) == 2
            and type(start) is int and type(end) is int
            and type(notes) is dict and all(type(k) is str and type(v) is str for k, v in notes.items())
            and type(units) is dict and all(type(k) is str and type(v) is tuple and len(v) == 2
                                            and type(v[0]) is str and type(v[1]) is tuple
                                            and all(type(old) is str for old in v[1]) for k, v in units.items())):
        raise ValueError("wrong shape")
    return PlanView(plan_id, label, title, Overview(reports, items, latest, start, end, notes), names, texts,
                    mismatches, units, working, None), listed  # every field given: a record's quick way in


def _encode_listing(listing: Listing) -> tuple[Any, ...]:
    return (listing.reports, listing.item_units, listing.periods, listing.rules, listing.report_labels,
            listing.period_names, listing.plain_units)


def _listing_from(data: bytes) -> Listing | None:
    """The listing from its bytes in the cache; None where they are not one (the view is made again)."""
    import marshal

    try:
        return _decode_listing(marshal.loads(data))
    except Exception:  # noqa: BLE001 - bytes of any wrong shape are simply not used
        return None


def _decode_listing(payload: Any) -> Listing:
    from itertools import chain

    reports, item_units, periods, rules, labels, period_names, plain_units = payload
    if not (type(reports) is list and type(item_units) is list and type(periods) is list and type(rules) is list
            and type(labels) is list and type(period_names) is list and type(plain_units) is tuple
            and len(labels) == len(reports) and len(period_names) == len(periods)
            and all(type(r) is tuple and len(r) == 3 and type(r[0]) is int and 0 <= r[0] < len(periods)
                    and type(r[1]) is int and 0 <= r[1] < len(rules) and type(r[2]) is str for r in reports)
            and set(map(type, item_units)) <= {tuple} and _strings(chain.from_iterable(item_units))
            and all(type(p) is tuple and len(p) == 3 and type(p[0]) is str and type(p[1]) is str and type(p[2]) is int
                    for p in periods)
            and all(type(r) is tuple and len(r) == 3 and type(r[0]) is str and type(r[1]) is str and type(r[2]) is str
                    for r in rules)
            and all(type(w) is tuple and len(w) == 2 and type(w[0]) is str and type(w[1]) is str for w in labels)
            and _strings(period_names)):
        raise ValueError("wrong shape")
    return Listing(reports, item_units, periods, rules, labels, period_names, plain_units)
