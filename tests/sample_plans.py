"""Plans and documents the tests share: the bundled plan, a second (quarterly) plan, the seed text,
and a small factory for the plans a test writes for itself.

Importable from any test module (pytest puts tests/ on sys.path, there is no __init__.py).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ASSETS = TESTS / "assets"
ROOT = TESTS.parent

BUNDLED_PLAN_PATH = ROOT / "plans" / "sa-pa-2021-tuyen-truyen-dai-hoi-xiii.toml"
BUNDLED_PLAN = BUNDLED_PLAN_PATH.read_text(encoding="utf-8")

# A district plan (Huyện ủy Bảo Thắng, Hội Nông dân huyện) with quarterly reports; written for the
# tests, with unit ids unlike the bundled plan's. Kept as a file so its line numbers can be read.
QUARTERLY_PLAN_PATH = ASSETS / "quarterly_plan.toml"
QUARTERLY_PLAN = QUARTERLY_PLAN_PATH.read_text(encoding="utf-8")

# The source document of the bundled plan, copied verbatim from the seed.
SEED_PATH = ASSETS / "seed.txt"


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line of `text` that contains `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits}, expected exactly one"
    return hits[0]


def replace_once(text: str, old: str, new: str) -> str:
    """`text` with its only occurrence of `old` replaced; fails loudly if `old` is not unique."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


# ---- small plans written for the tests, as the TOML a clerk would write ---------------------------
#
# `plan_toml(plan(...), unit(...), section(...), item(...), reporting(...), rule(...), due(...))`
# writes the tables in the order given, one blank line apart, each key in the order given: the
# text a test can then edit with replace_once and read line numbers from.


def toml_value(value: object) -> str:
    """A value as TOML: a string (JSON's escapes are TOML's), a number, a date, a list, an inline table.
    A list that holds an inline table is written one element a line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | date):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {toml_value(v)}" for key, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        if any(isinstance(element, dict) for element in value):
            return "[\n" + "".join(f"  {toml_value(element)},\n" for element in value) + "]"
        return "[" + ", ".join(toml_value(element) for element in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def table(header: str, **fields: object) -> str:
    """`[header]` or `[[header]]` then `key = value` a line; None leaves a key out."""
    return "".join(f"{line}\n" for line in [header, *(f"{k} = {toml_value(v)}" for k, v in fields.items()
                                                        if v is not None)])


def plan_toml(*tables: str) -> str:
    """A whole plan file: `format = 1`, then the tables."""
    return "\n".join(["format = 1\n", *tables])


def plan(plan_id: str, title: str, issuer: str, start: date, end: date, **more: object) -> str:
    return table("[plan]", id=plan_id, title=title, issuer=issuer, start=start, end=end, **more)


def unit(unit_id: str, name: str, **more: object) -> str:
    return table("[[units]]", id=unit_id, name=name, **more)


def section(item_id: str, title: str, **more: object) -> str:
    return table("[[items]]", id=item_id, kind="section", title=title, **more)


def item(item_id: str, kind: str, text: str, **more: object) -> str:
    """A content, form or duty: `item("II.1", "duty", "…", units=["hnd"], due=date(2024, 3, 31))`."""
    return table("[[items]]", id=item_id, kind=kind, text=text, **more)


def reporting(**fields: object) -> str:
    return table("[reporting]", **fields)


def rule(rule_id: str, kind: str, *dues: str, **fields: object) -> str:
    """A reporting rule and its due dates (`due(...)`)."""
    return "\n".join([table("[[reporting.rules]]", id=rule_id, kind=kind, **fields), *dues])


def due(period: str, day: int, *, month: int | None = None, months_after_end: int | None = None) -> str:
    return table("[[reporting.rules.due]]", period=period, month=month, months_after_end=months_after_end, day=day)


# The bundled plan's calendar for the units' own reports: the half-year's by 15 June, the year's
# by 15 November.
HALF_YEAR_AND_ANNUAL = (due("half-year", 15, month=6), due("annual", 15, month=11))


def reports_through(office: str, units: list[str], *, to: str, first: str, last: str,
                    consolidated: tuple[str, ...], warning_days: int = 5) -> str:
    """`[reporting]` of a plan like the bundled one: `units` report each half-year and year
    (HALF_YEAR_AND_ANNUAL) through `office`, which sends the consolidated report by `consolidated`."""
    return "\n".join([
        reporting(warning_days=warning_days, first=first, last=last),
        rule("don-vi", "unit", *HALF_YEAR_AND_ANNUAL, units=units, to=[to], via=office),
        rule("tong-hop", "consolidated", *consolidated, units=[office], to=[to]),
    ])
