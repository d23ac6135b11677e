"""The plan as frozen data: units, items (sections, paragraphs, bullets) and the reporting rule.

Built only by `plan_loader`, which has validated everything; nothing here does I/O.
"""

from __future__ import annotations

from .datetime_types import date
from .record import Factory, Record
from .workdays import Calendar

# The periods' parser loads only when a ledger file is parsed.

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

TRACKED_KINDS = ("content", "form", "duty")
REMOVED = "removed"  # the kind of the stand-in for an item the plan took out (`removed`): only its history is left
ITEM_KINDS = ("section", "paragraph", *TRACKED_KINDS)
PERIOD_KINDS = ("half-year", "annual", "quarter", "month", "nine-months")
RECUR_KINDS = ("month", "quarter", "half-year", "annual")  # how often a duty may recur (`recurs`)
RULE_KINDS = ("unit", "consolidated")
DEFAULT_WARNING_DAYS = 7


_ID_START = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                               *(f"lpt{n}" for n in range(10))})


def is_unit_id(text: object) -> bool:
    """A unit's or a member's id, as a plan writes it (storage.plan_loader checks the same form):
    lower-case letters, digits and '-', starting with a letter or digit; never a path."""
    return type(text) is str and 0 < len(text) <= 100 and text[0] in _ID_START and _ID_START.union("-").issuperset(text)


def is_plan_id(text: object) -> bool:
    """A plan id names its ledger's folder: lower-case letters, digits and '-', starting with a
    letter or digit, never a name Windows reserves."""
    return (type(text) is str and 0 < len(text) <= 100 and text[0] in _ID_START
            and _ID_START.union("-").issuperset(text) and text not in _WINDOWS_RESERVED)


class Member(Record):
    """A member organisation of a unit (a chi bộ of the đảng bộ, an organisation of the Front),
    which may owe reports of its own."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    renamed_from: tuple[str, ...] = ()  # its earlier ids: the ledger's events under them are its own
    ended: date | None = None  # the day it left the unit (`roster remove-member`): owes no new report
    days_early: int = 0  # its periodic reports fall due this many days before the rule's deadline

    def owes(self, start: date, due: date, once: bool = False) -> bool:
        """Whether it owes the report of a period starting on `start`, due on `due`: while it is a
        member, every one; once it has left, those of the periods that began before it left (it
        answers for its time), and a one-time report (`once`, whose period is the plan's) only if
        it fell due before it left."""
        if self.ended is None:
            return True
        return due <= self.ended if once else start < self.ended


class Unit(Record):
    id: str
    name: str
    short: str = ""
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    members: tuple[Member, ...] = ()
    note: str = ""
    renamed_from: tuple[str, ...] = ()  # its earlier ids: the ledger's events under them are its own

    @property
    def label(self) -> str:
        return self.short or self.name

    def member(self, member_id: str) -> Member:
        return next(m for m in self.members if m.id == member_id)


class Item(Record):
    id: str
    kind: str
    parent: str | None
    title: str = ""
    text: str = ""
    original: str = ""
    units: tuple[str, ...] = ()  # effective: its own, else the nearest ancestor's
    mentions: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()  # the units that support it (phối hợp); `units` lead it (chủ trì)
    start: date | None = None  # effective, inherited like units
    end: date | None = None
    due: date | None = None
    note: str = ""
    line: int = 0
    warning_days: int | None = None  # its own or inherited; None: the plan's
    renamed_from: tuple[str, ...] = ()  # its earlier ids: the ledger's marks under them are its own
    # A duty that recurs ("trước ngày 25 hằng tháng"): every `recurs` period (RECUR_KINDS) owes an
    # occurrence of its own, due on `day` of the period's last month (`months_after_end` later),
    # between the periods `first` and `last` ("": those whose end lies in the item's span).
    recurs: str = ""
    day: int = 0
    months_after_end: int = 0
    first: str = ""
    last: str = ""
    period: str = ""  # an occurrence's period id ("2009-07"): its id is "II.3@2009-07", its parent the duty

    @property
    def tracked(self) -> bool:
        return self.kind in TRACKED_KINDS

    @property
    def label(self) -> str:
        return self.title or self.text

    @property
    def depth(self) -> int:
        return self.id.count(".")


def is_period_id(text: str) -> bool:
    """Whether `text` has the form of a calendar period's id (`2009-07`, `2009-Q3`, `2009-H1`,
    `2009-9T`, `2009-Y`), as an occurrence of a recurring duty is marked by (`II.3@2009-07`)."""
    year, dash, rest = text.partition("-")
    return (len(year) == 4 and year.isdigit() and dash == "-"
            and (rest in ("Q1", "Q2", "Q3", "Q4", "H1", "9T", "Y") or (len(rest) == 2 and rest.isdigit())))


def mark_parts(target: str) -> tuple[str, str]:
    """A mark's target as (item, unit): "II.3" and an occurrence "II.3@2009-07" are an item's own,
    "II.3@vhtt" and "II.3@2009-07@vhtt" one unit's part of a duty of several units."""
    item, at, unit = target.rpartition("@")
    if not at or is_period_id(unit):
        return target, ""
    return item, unit


Problem = tuple[str, dict[str, str]]  # a message key and its parameters: words are the renderers' job


class ItemRef(Record):
    """An item as the write path knows it, from the plan's small index: loading a large plan
    whole would cost `sapa mark` more than writing the event."""

    id: str
    kind: str
    start: date | None = None  # its own or inherited start, when later than the plan's

    @property
    def tracked(self) -> bool:
        return self.kind in TRACKED_KINDS


class PlanIndex(Record):
    plan_id: str
    kinds: dict[str, str]  # item id -> kind, in document order
    start: date
    units: tuple[str, ...]
    version: str  # changes whenever the plan file does
    starts: dict[str, date] = Factory(default_factory=dict)  # items that start after the plan does
    reports: frozenset[str] = frozenset()  # "unit@period" of every report the plan has someone owe
    # Earlier ids the plan declares (`renamed_from`), to the current ones: "item:OLD" -> item id,
    # "unit:old" -> unit id, "member:UNIT/old" -> member id (UNIT the unit's current id).
    renames: dict[str, str] = Factory(default_factory=dict)
    removed: frozenset[str] = frozenset()  # items taken out of the plan on purpose (`removed`)
    # The tracked items that several units carry, with their units: one unit's mark on one of them
    # aims at "item@unit" (progress.unit_target).
    shared: dict[str, tuple[str, ...]] = Factory(default_factory=dict)
    recurring: frozenset[str] = frozenset()  # duties that recur: each occurrence ("II.3@2009-07") is marked

    @property
    def item_renames(self) -> dict[str, str]:
        """Earlier item ids (`renamed_from`) to the current ones."""
        return {old[5:]: new for old, new in self.renames.items() if old.startswith("item:")}

    def ref(self, item_id: str) -> ItemRef:
        return ItemRef(item_id, self.kinds[item_id], self.starts.get(item_id))

    def resolve(self, kind: str, target: str) -> str:
        """A ledger event's target under the ids the plan has now: an item, unit or member renamed
        (`renamed_from`) keeps the history recorded under its earlier id. Anything else as it is."""
        if not self.renames:
            return target
        if kind == "mark":  # "item", "item@PERIOD" (an occurrence), each "…@unit" for one unit's part
            item, at, rest = target.partition("@")
            item = self.renames.get("item:" + item, item)
            _whole, unit = mark_parts(target)
            if unit:
                rest = rest[:len(rest) - len(unit)] + self.renames.get("unit:" + unit, unit)
            return item + at + rest
        if kind in ("submit", "waive"):
            owner, at, period = target.partition("@")
            unit, slash, member = owner.partition("/")
            unit = self.renames.get("unit:" + unit, unit)
            if slash:
                member = self.renames.get(f"member:{unit}/{member}", member)
            return f"{unit}{slash}{member}{at}{period}"
        return target

    def target_problem(self, kind: str, target: str) -> Problem | None:
        """Why a ledger event's target is not one of this plan's, as a message key and its
        parameters, or None. A target under an id the plan renamed is the renamed one's."""
        target = self.resolve(kind, target)
        if kind == "mark":
            full = target
            target, unit = mark_parts(target)  # "item@unit": one unit's mark on a duty of several
            at = "@" if unit else ""
            if target.partition("@")[0] in self.removed:  # its history is kept, shown as removed, and not warned of
                return None
            if target not in self.kinds:
                return "why_no_item", {"id": target if target.partition("@")[0] not in self.recurring else full}
            if target in self.recurring and not at:
                return "why_recurring", {"id": target}
            if self.kinds[target] not in TRACKED_KINDS:
                return "why_heading", {"id": target}
            if at and target not in self.shared:
                return "why_not_shared", {"id": target, "unit": unit}
            if at and unit not in self.shared[target]:
                return "why_not_item_unit", {"id": target, "unit": unit, "units": ", ".join(self.shared[target])}
        elif kind in ("submit", "waive"):
            if target in self.reports:
                return None
            owner, _, period = target.partition("@")
            unit = owner.partition("/")[0]  # "unit/member" for a member's own report
            if unit not in self.units:
                return "why_no_unit", {"unit": unit}
            from .periods import parse_period

            try:
                parse_period(period)
            except Exception:  # noqa: BLE001 - UsageError; imported lazily with the rest
                return "why_no_period", {"period": period}
            return "why_not_owed", {"unit": owner, "period": period}  # as `submit` refuses it
        return None


def renames_of(plan: Plan) -> dict[str, str]:
    """PlanIndex.renames: every earlier id the plan declares, to the current one."""
    renames = {f"item:{old}": item.id for item in plan.items for old in item.renamed_from}
    for unit in plan.units:
        renames.update({f"unit:{old}": unit.id for old in unit.renamed_from})
        renames.update({f"member:{unit.id}/{old}": member.id for member in unit.members
                        for old in member.renamed_from})
    return renames


class DueRule(Record):
    """When a report for one kind of period is due: a fixed month, or months after the period."""

    period: str
    day: int
    month: int | None = None
    months_after_end: int | None = None
    # A longer period kind whose report stands in for this one where its period ends the same day
    # (`replaced_by = "quarter"`: no monthly report for March when the first quarter's is owed).
    replaced_by: str = ""
    working_days: int | None = None  # due so many working days after the period ends (instead of a day)


class OneTimeReport(Record):
    """A report owed once, by a date the document gives ("chậm nhất ngày 14/5/2021"), under a
    period id the plan gives it (`ket-qua`)."""

    period: str
    due: date
    name: str = ""


class DueOverride(Record):
    """One period of a rule due on a date of its own (a phase-end report due 30/12/2015)."""

    period: str
    due: date


class ReportRule(Record):
    id: str
    kind: str
    units: tuple[str, ...]
    to: tuple[str, ...]
    due: tuple[DueRule, ...]
    via: str | None = None
    source: str = ""
    name: str = ""
    warning_days: int | None = None  # None: the reporting section's, else the plan's
    first: str = ""  # the rule's own first and last periods; "" for the reporting section's
    last: str = ""
    once: tuple[OneTimeReport, ...] = ()
    overrides: tuple[DueOverride, ...] = ()
    per_member: bool = False  # each member of a unit reports on its own (a unit without members: the unit)
    move_off_days: bool | None = None  # a deadline on a day off moves to the next working day; None: the calendar's


class Reporting(Record):
    warning_days: int | None  # None: the plan's
    first: str
    last: str
    rules: tuple[ReportRule, ...]


class Signer(Record):
    on_behalf: str = ""
    title: str = ""
    name: str = ""


class Office(Record):
    """The office that writes the papers for the leaders (plan's [plan.office]); blank = not given."""
    above: str = ""
    name: str = ""
    symbol: str = ""
    recipients: tuple[str, ...] = ()
    signer_on_behalf: str = ""
    signer_title: str = ""
    signer_name: str = ""  # printed under the room for the signature; blank: dots
    system: str = ""  # "party" or "state" (core.paper_forms); blank: from the names
    clerk: str = ""  # who keeps the ledger: the history paper's "by" where a change names no one


class Plan(Record):
    id: str
    title: str
    issuer: str
    start: date
    end: date
    units: tuple[Unit, ...]
    items: tuple[Item, ...]
    reporting: Reporting | None = None
    kind: str = ""
    number: str = ""
    issued: date | None = None
    place: str = ""
    basis: tuple[str, ...] = ()
    preamble: str = ""
    closing: str = ""
    recipients: tuple[str, ...] = ()
    signer: Signer = Signer()
    office: Office = Office()
    assumptions: tuple[str, ...] = ()
    source: str = ""
    warning_days: int = DEFAULT_WARNING_DAYS  # how many days before a deadline reminders start
    removed: tuple[str, ...] = ()  # item ids taken out of the plan on purpose: their history is kept
    # Every occurrence of the recurring duties ("II.3@2009-07"), each a tracked item with its own
    # deadline, after one another in the duty's order (the loader works them out: core.recurrence).
    occurrences: tuple[Item, ...] = ()
    calendar: Calendar = Calendar()  # weekends, holidays, declared days: working-day deadlines and counts

    _units: ClassVar[dict[str, Unit]]  # per instance, filled once; ClassVar keeps them out of the fields
    _items: ClassVar[dict[str, Item]]
    _recurring: ClassVar[dict[str, tuple[Item, ...]]]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_units", {u.id: u for u in self.units})
        object.__setattr__(self, "_items", {i.id: i for i in (*self.items, *self.occurrences)})
        recurring: dict[str, list[Item]] = {i.id: [] for i in self.items if i.recurs}
        for occurrence in self.occurrences:
            recurring[occurrence.parent or ""].append(occurrence)
        object.__setattr__(self, "_recurring", {k: tuple(v) for k, v in recurring.items()})

    def unit(self, unit_id: str) -> Unit:
        return self._units[unit_id]

    def item(self, item_id: str) -> Item:
        return self._items[item_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._items

    def children(self, item_id: str | None) -> list[Item]:
        return [i for i in self.items if i.parent == item_id]

    def ancestors(self, item: Item) -> list[Item]:
        """From the top-level section down to the item's parent."""
        chain: list[Item] = []
        parent = item.parent
        while parent is not None:
            chain.append(self._items[parent])
            parent = self._items[parent].parent
        return list(reversed(chain))

    def section_of(self, item: Item) -> Item | None:
        """The nearest section above an item (itself if it is one)."""
        if item.kind == "section":
            return item
        for ancestor in reversed(self.ancestors(item)):
            if ancestor.kind == "section":
                return ancestor
        return None

    def rule_warning_days(self, rule: ReportRule) -> int:
        """How many days before a report's deadline it is due soon: the rule's, the reporting
        section's, or the plan's."""
        if rule.warning_days is not None:
            return rule.warning_days
        if self.reporting is not None and self.reporting.warning_days is not None:
            return self.reporting.warning_days
        return self.warning_days

    def item_warning_days(self, item: Item) -> int:
        return item.warning_days if item.warning_days is not None else self.warning_days

    def occurrences_of(self, item_id: str) -> tuple[Item, ...]:
        """A recurring duty's occurrences, in order; () for any other item."""
        return self._recurring.get(item_id, ())

    @property
    def tracked_items(self) -> list[Item]:
        """The items progress is marked on, in plan order; a recurring duty stands for its
        occurrences, each with its own deadline."""
        if not self._recurring:
            return [i for i in self.items if i.tracked]
        return [o for i in self.items if i.tracked for o in self._recurring.get(i.id, (i,))]

    @property
    def duties(self) -> list[Item]:
        return [i for i in self.tracked_items if i.kind == "duty"]
