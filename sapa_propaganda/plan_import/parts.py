"""What the analysis builds as it reads a document: the items so far and what they share (the
bodies found, the years dates are read against, the reporting sentences, the units' parents).
Its own module so that the stages that fill it (items.py, assign.py, rules.py) import it and not
each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .bodies import Bodies
from .reports import RuleFound
from .when import YearContext


@dataclass
class ItemDraft:
    id: str
    kind: str
    parent: str | None
    title: str = ""
    text: str = ""
    units: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    due: date | None = None
    checks: list[tuple[str, str, str]] = field(default_factory=list)  # (key, message, source)
    section: str = ""  # the top-level section's leaf kind
    source: str = ""  # where in the document


@dataclass
class Context:
    bodies: Bodies
    years: YearContext
    items: list[ItemDraft] = field(default_factory=list)
    rules: list[tuple[RuleFound, ItemDraft | None]] = field(default_factory=list)
    parents: dict[str, str] = field(default_factory=dict)  # unit id -> its parent unit id
