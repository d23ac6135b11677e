"""Scoring `sapa plan import` against hand-made answer keys (tests/plan_documents/README.md).

Shared by tests/test_import_corpus.py and bench/import_eval.py. Four measures, each as
true positives, false positives and false negatives, so they add up across documents:
units (the draft's units that carry a duty or a report), deadlines (distinct dates),
duties ((unit, date) pairs) and reports ((kind, due) per rule, the kind alone where the key
gives no day).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

DOCUMENTS = Path(__file__).resolve().parent / "plan_documents"
MEASURES = ("units", "deadlines", "duties", "reports")


def name_key(name: str) -> str:
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^0-9a-z]+", " ", text)
    text = re.sub(r"^(cac )?(dong chi|d c) ", lambda m: m.group(1) or "", text)  # "Đồng chí …", "các đ/c …"
    # "Chánh Văn phòng UBND tỉnh", "Giám đốc Sở Nội vụ": the body its head stands for
    text = re.sub(r"^(chanh|pho chanh|giam doc|pho giam doc|thu truong|chu tich|pho chu tich|truong ban|pho truong ban|"
                  r"truong phong|bi thu|pho bi thu)\s+(?=\S)", "", text)
    text = re.sub(r"\s(co lien quan|lien quan)$", "", text)
    text = re.sub(r"\s(o|tren dia ban|thuoc) (xa|huyen|tinh|thi xa|thanh pho|phuong)$", "", text)
    text = re.sub(r"(?<!dia)\s(thi xa|huyen|tinh|xa|phuong|thanh pho|thi tran)\s*$", "", text)  # "… huyện" at the end
    for short, full in (("ubnd", "uy ban nhan dan"), ("mttq", "mat tran to quoc"), ("hdnd", "hoi dong nhan dan"),
                        ("btg", "ban tuyen giao"), ("ct xh", "chinh tri xa hoi")):
        text = re.sub(rf"\b{short}\b", full, text)
    return " ".join(text.split())


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Key:
    """What a document holds, in the terms the measures compare."""

    units: list[set[str]]  # each unit's name keys (its name and aliases)
    deadlines: set[date]
    duties: set[tuple[int, date]]  # (index into units, date)
    reports: list[tuple[str, tuple[int, ...] | None]]  # (kind, due) with None where no day is given


def _unit_index(units: list[set[str]], name: str) -> int | None:
    key = name_key(name)
    for i, names in enumerate(units):
        if key in names:
            return i
    return None


def load_key(path: Path) -> Key:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    units = [{name_key(u["name"]), *(name_key(a) for a in u.get("aliases", []))} for u in data.get("units", [])]
    deadlines = {d["date"] for d in data.get("deadlines", [])}
    duties: set[tuple[int, date]] = set()
    for row in data.get("deadlines", []):
        for name in row.get("units", []):
            index = _unit_index(units, name)
            assert index is not None, f"{path.name}: deadline unit {name!r} is not among [[units]]"
            duties.add((index, row["date"]))
    reports = [(r["kind"], _due_of(r)) for r in data.get("reports", [])]
    return Key(units, deadlines, duties, reports)


def _due_of(row: dict[str, Any]) -> tuple[int, ...] | None:
    if row["kind"] == "once":
        value = row.get("date")
        return (value.year, value.month, value.day) if value else None
    if "day" not in row:
        return None
    if "month" in row:
        return (row["month"], row["day"])
    if "months_after_end" in row:
        return (-1 - row["months_after_end"], row["day"])
    return (0, row["day"])  # a day with neither: compared on the day alone


@dataclass
class Draft:
    """What a draft plan says, in the same terms."""

    units: dict[str, set[str]]  # unit id -> name keys, for units that carry a duty or a report
    all_units: dict[str, set[str]]
    deadlines: set[date]
    duties: set[tuple[str, date]]
    reports: list[tuple[str, tuple[int, ...]]]


def read_draft(data: dict[str, Any]) -> Draft:
    names = {u["id"]: {name_key(u["name"]), *(name_key(a) for a in u.get("aliases", []))}
             for u in data.get("units", [])}
    items = data.get("items", [])
    own = {i["id"]: list(i.get("units", [])) for i in items}
    parents = {i["id"]: i["id"].rsplit(".", 1)[0] if "." in i["id"] else None for i in items}

    def effective(item_id: str) -> list[str]:
        current: str | None = item_id
        while current is not None:
            if own.get(current):
                return own[current]
            current = parents.get(current)
        return []

    carrying: set[str] = set()
    deadlines: set[date] = set()
    duties: set[tuple[str, date]] = set()
    for item in items:
        if item["kind"] in ("duty", "content", "form"):
            carrying.update(effective(item["id"]))
        carrying.update(item.get("partners", []))  # a partner is given a duty too (README: lead, partner or assignee)
        if "due" in item and item["kind"] != "paragraph":
            deadlines.add(item["due"])
            for unit in effective(item["id"]):
                duties.add((unit, item["due"]))
    reports: list[tuple[str, tuple[int, ...]]] = []
    for rule in data.get("reporting", {}).get("rules", []):
        carrying.update(rule["units"])
        for row in rule.get("due", []):
            if "month" in row:
                reports.append((row["period"], (row["month"], row["day"])))
            else:
                reports.append((row["period"], (-1 - row.get("months_after_end", 0), row["day"])))
        for row in rule.get("once", []):
            reports.append(("once", (row["due"].year, row["due"].month, row["due"].day)))
            deadlines.add(row["due"])
            for unit in rule["units"]:
                duties.add((unit, row["due"]))
    # In the draft's order, so that the matching below is the same on every run (sets are not ordered).
    return Draft({u: names[u] for u in names if u in carrying}, names, deadlines, duties, reports)


def score(key: Key, draft: Draft, label: str = "") -> dict[str, Counts]:
    out = {m: Counts() for m in MEASURES}
    # Units: each key unit matched by at most one draft unit that shares a name.
    matched: dict[int, str] = {}
    for unit_id, names in draft.units.items():
        index = next((i for i, key_names in enumerate(key.units) if key_names & names and i not in matched), None)
        if index is None:
            out["units"].fp += 1
            out["units"].misses.append(f"{label} extra unit {sorted(names)[0]!r}")
        else:
            matched[index] = unit_id
            out["units"].tp += 1
    for i, names in enumerate(key.units):
        if i not in matched:
            out["units"].fn += 1
            out["units"].misses.append(f"{label} missed unit {sorted(names)[0]!r}")
    # Deadlines: distinct dates.
    for day in draft.deadlines:
        if day in key.deadlines:
            out["deadlines"].tp += 1
        else:
            out["deadlines"].fp += 1
            out["deadlines"].misses.append(f"{label} extra deadline {day}")
    for day in key.deadlines - draft.deadlines:
        out["deadlines"].fn += 1
        out["deadlines"].misses.append(f"{label} missed deadline {day}")
    # Duties: (unit, date), units matched by name through any draft unit.
    all_matched = {unit_id: i for unit_id, names in draft.all_units.items()
                   for i, key_names in enumerate(key.units) if key_names & names}
    draft_pairs = {(all_matched.get(u, -1), d) for u, d in draft.duties}
    for pair in draft_pairs:
        if pair in key.duties:
            out["duties"].tp += 1
        else:
            out["duties"].fp += 1
            out["duties"].misses.append(f"{label} extra duty {pair}")
    for pair in key.duties - draft_pairs:
        out["duties"].fn += 1
        out["duties"].misses.append(f"{label} missed duty {pair}")
    # Reports: each key report matched once, on its kind and, where the key gives one, its due.
    remaining = list(draft.reports)
    for kind, due in key.reports:
        found = next((r for r in remaining if r[0] == kind and (due is None or _same_due(due, r[1]))), None)
        if found is None:
            out["reports"].fn += 1
            out["reports"].misses.append(f"{label} missed report {kind} {due}")
        else:
            remaining.remove(found)
            out["reports"].tp += 1
    for kind, due in remaining:
        out["reports"].fp += 1
        out["reports"].misses.append(f"{label} extra report {kind} {due}")
    return out


def _same_due(key_due: tuple[int, ...], draft_due: tuple[int, ...]) -> bool:
    if len(key_due) == 2 and key_due[0] == 0:  # the key gives the day only
        return key_due[1] == draft_due[1]
    return key_due == draft_due


def documents() -> list[Path]:
    return sorted(DOCUMENTS.glob("*.txt"))


def document_text(path: Path) -> str:
    """The document without its source lines ("# Nguồn: …", "# Ghi chú: …")."""
    lines = path.read_text(encoding="utf-8").splitlines()
    while lines and lines[0].startswith("# "):
        lines.pop(0)
    return "\n".join(line for line in lines if line.strip() != "[…]") + "\n"  # a gap the transcriber marked


def key_of(path: Path) -> Path:
    return path.with_name(path.name[: -len(".txt")] + ".expected.toml")


def key_from_plan(plan: dict[str, Any]) -> Key:
    """The answer key of the seed: the bundled plan, encoded by hand. Its reporting days are
    assumptions (the document says "theo quy định"), so reports are compared on their kind."""
    draft = read_draft(plan)
    order = sorted(draft.units)
    units = [draft.units[u] for u in order]
    index = {u: i for i, u in enumerate(order)}
    duties = {(index[u], d) for u, d in draft.duties if u in index}
    reports = [(kind, None) for kind, _due in draft.reports]
    return Key(units, set(draft.deadlines), duties, reports)
