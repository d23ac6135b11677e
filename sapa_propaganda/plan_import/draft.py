"""A draft plan: the plan file's data, and the guesses the clerk must check.

The document analysis and the Excel form both produce a `Draft`; `draft_toml.py` writes it as
the plan's TOML with a `# KIỂM TRA: …` comment above every guessed value, and every guess also
goes into the plan's `assumptions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# A place in the plan's data: ("plan", "start"), ("items", 4, "due"), ("reporting", "rules", 0, "due", 1).
DataPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Check:
    """A value the importer inferred rather than read: what it assumed, and from which words."""

    path: DataPath  # the value (or table) it concerns
    message: str  # "năm 2022 do chương trình suy ra từ ngày ban hành", in Vietnamese: the clerk reads it
    source: str = ""  # the sentence (or cell, `Nhiệm vụ!E7`) it came from


@dataclass
class Draft:
    """The plan as data, in the schema of plans/README.md (`format`, `plan`, `units`, `items`,
    `reporting`), plus the checks. Dates are `datetime.date`; order of keys is kept as written."""

    data: dict[str, Any]
    checks: list[Check] = field(default_factory=list)
    source_name: str = ""  # the file it was drafted from

    def check(self, path: DataPath, message: str, source: str = "") -> None:
        self.checks.append(Check(path, message, source))
