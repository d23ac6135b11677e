"""The plan cache: a plan parsed and checked once per edit, kept as checked plain data.

Parsing and checking a large plan costs more than the command itself. So the plan, with the
reports it makes every unit owe, goes into this machine's cache folder (`plans/<key>.plan`), and
beside it the plan's small index (`.index`: item ids and kinds, enough for a write). Both are
stamped with the plan file, and with the roster when one supplies the plan's members; a cache
with another stamp, or with any value of the wrong shape, is not used (derived_cache).
"""

from __future__ import annotations

import os

from ..core.datetime_types import date
from ..core.model import ITEM_KINDS, Plan, PlanIndex, is_plan_id
from ..errors import UsageError
from ..storage.machine import cache_dir
from . import derived_cache

# Imported where used: what only the whole plan needs (the deadlines, the record codec; the loader
# with its TOML parser, the roster) costs start-up time that `mark`, which reads the index, does
# not pay.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..core.deadlines import Obligation


# The office roster a plan takes its members from: the data folder, and the files the roster is
# made of there (storage.workspace.roster_sources: roster.toml and every machine's changes).
RosterSources = tuple[str, tuple[str, ...]]


def location(path: str, roster: RosterSources | None = None,
             calendar: str | None = None) -> tuple[str, tuple[object, ...]]:
    """Where a plan's caches go, in this machine's cache folder, and the stamp they must carry:
    the plan file's, those of the roster's files when they supply members, and that of the
    office's calendar.toml (`calendar`, there or not: working-day deadlines depend on it)."""
    resolved = os.path.realpath(path)
    try:
        plan_stamp = derived_cache.file_stamp(resolved)
    except OSError as err:  # a name too long for the system (--plan given 300 letters), a folder we may not enter
        raise UsageError("plan_unreadable", path=path, reason=err.strerror or str(err)) from None
    if plan_stamp is None:
        raise UsageError("plan_not_found", path=path)
    stamp = (resolved, plan_stamp,
             *((roster[0], tuple(derived_cache.file_stamp(f) for f in roster[1])) if roster else ()),
             *((calendar, derived_cache.file_stamp(calendar)) if calendar else ()))
    # The name only spreads plans over files; the stamp inside says which plan a file holds.
    return os.path.join(cache_dir(), "plans", derived_cache.folder_key(resolved)), stamp


def plan_version(stamp: tuple[object, ...]) -> str:
    """Changes whenever the plan file (or the roster that fills it) does: ledger caches checked
    against one plan are not reused with another version of it."""
    return repr(stamp[1:])


def cached_plan(path: str, roster: RosterSources | None, calendar: str | None,
                where: tuple[str, tuple[object, ...]]) -> Plan:
    """The plan in `path` (its members from `roster`, if given; the office's `calendar` file under
    its own): from the cache while the files are unchanged, else loaded, checked and cached, with
    its index. `where` is their `location`, worked out by the caller before anything is read."""
    name, stamp = where
    cached = derived_cache.load(name + ".plan", stamp, _decode_plan)
    if cached is not None:
        return cached
    from ..core.deadlines import obligations, plan_index
    from ..storage.plan_loader import load_plan

    office_calendar = None
    if calendar is not None:
        from ..storage.plan_loader import load_calendar

        office_calendar = load_calendar(calendar)
    if roster is None:
        plan = load_plan(path, calendar=office_calendar)
    else:  # the plan may name the roster's units by id alone, and takes members from it
        from ..storage.roster import read_roster_sources, with_roster

        office = read_roster_sources(*roster)
        plan = with_roster(load_plan(path, office.units, office_calendar), office)
    derived_cache.save(name + ".plan", stamp, _encode_plan(plan, obligations(plan)))
    index = plan_index(plan, plan_version(stamp))
    encoded = _encode_index(index)
    if encoded is not None:
        derived_cache.save(name + ".index", stamp, encoded)
    return plan


def cached_index(where: tuple[str, tuple[object, ...]]) -> PlanIndex | None:
    """The plan's index as cached with it, while the plan file (and roster, calendar) are unchanged:
    `where` is their `location`."""
    name, stamp = where
    return derived_cache.load(name + ".index", stamp, _decode_index)


def index_of(plan: Plan, where: tuple[str, tuple[object, ...]]) -> PlanIndex:
    """The index of a plan at `where` (its `location`), as the cache would hold it (when it cannot
    be written)."""
    from ..core.deadlines import plan_index  # the deadlines load only when the plan is parsed

    return plan_index(plan, plan_version(where[1]))


def _encode_plan(plan: Plan, owed: list[Obligation]) -> tuple[object, ...]:
    from .record_codec import encode

    rules = plan.reporting.rules if plan.reporting else ()
    return (encode(plan), [(rules.index(o.rule), o.unit, encode(o.period), o.due.toordinal(), o.member)
                           for o in owed])


def _decode_plan(payload: Any) -> Plan:
    """The cached plan, every value checked: ids as the loader checks them, obligations against
    the plan's own rules and units."""
    from ..core.deadlines import Obligation, keep_obligations
    from ..core.periods import Period
    from .record_codec import decode

    plain, owed_plain = payload
    plan: Plan = decode(Plan, plain)
    if not is_plan_id(plan.id) or type(owed_plain) is not list:
        raise ValueError("wrong shape")
    rules = plan.reporting.rules if plan.reporting else ()
    owed = []
    periods: dict[object, Period] = {}  # a plan has a few periods, each owed by many units
    members = {u.id: {m.id for m in u.members} for u in plan.units}
    for rule_index, unit, period, due, member in owed_plain:
        rule = rules[rule_index]
        if (unit not in rule.units or type(due) is not int or rule_index < 0
                or (member and (not rule.per_member or member not in members[unit]))):
            raise ValueError("wrong shape")
        if period not in periods:
            periods[period] = decode(Period, period)
        owed.append(Obligation(rule, unit, periods[period], date.fromordinal(due), member))
    keep_obligations(plan, owed)
    return plan


# The index's item ids, and the reports owed, are kept as one text each, a line apiece, and the
# items' kinds as one letter each: a large plan's index loads several times faster so than as a
# dict of 5,000 ids, and `mark` loads it every time.
_KIND_LETTERS = {kind: chr(ord("a") + number) for number, kind in enumerate(ITEM_KINDS)}
_KIND_OF_LETTER = {letter: kind for kind, letter in _KIND_LETTERS.items()}


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def _encode_index(index: PlanIndex) -> tuple[object, ...] | None:
    """None for ids with a line break, which no plan's ids have (the loader refuses them)."""
    if any("\n" in i for i in (*index.kinds, *index.reports)):
        return None
    return (index.plan_id, "\n".join(index.kinds), "".join(_KIND_LETTERS[k] for k in index.kinds.values()),
            index.start.toordinal(), index.units, index.version, {k: v.toordinal() for k, v in index.starts.items()},
            "\n".join(sorted(index.reports)), index.renames, sorted(index.removed), index.shared,
            sorted(index.recurring))


def _decode_index(payload: Any) -> PlanIndex:
    (plan_id, ids_text, kind_letters, start, units, version, starts, reports_text, renames, removed, shared,
     recurring) = payload
    if type(ids_text) is not str or type(kind_letters) is not str or type(reports_text) is not str:
        raise ValueError("wrong shape")
    item_ids = _lines(ids_text)
    if len(item_ids) != len(kind_letters):
        raise ValueError("wrong shape")
    kinds = dict(zip(item_ids, map(_KIND_OF_LETTER.__getitem__, kind_letters), strict=True))  # KeyError: no kind
    ids = kinds.keys()  # compared as sets, without making one of a large plan's ids
    if not (is_plan_id(plan_id) and len(kinds) == len(item_ids) and type(units) is tuple and type(version) is str
            and type(start) is int and set(map(type, units)) <= {str} and type(starts) is dict
            and ids >= starts.keys() and set(map(type, starts.values())) <= {int}
            and type(renames) is dict
            and set(map(type, renames)) <= {str} and set(map(type, renames.values())) <= {str}
            and type(removed) is list and set(map(type, removed)) <= {str}
            and type(shared) is dict and ids >= shared.keys() and set(map(type, shared.values())) <= {tuple}
            and all(set(u) <= set(units) for u in shared.values())
            and type(recurring) is list and ids >= set(recurring)):
        raise ValueError("wrong shape")
    return PlanIndex(plan_id, kinds, date.fromordinal(start), units, version,
                     {k: date.fromordinal(v) for k, v in starts.items()}, frozenset(_lines(reports_text)), renames,
                     frozenset(removed), shared, frozenset(recurring))
