"""A draft as the plan's TOML, for the clerk to read: every guessed value has a
`# KIỂM TRA: …` comment above it naming what was assumed and the sentence it came from, and the
same words go into the plan's `assumptions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core.text import for_display
from .draft import Check, DataPath, Draft

_WIDTH = 100


@dataclass(frozen=True)
class DraftText:
    text: str
    check_lines: tuple[tuple[int, Check], ...]  # the line of each check's comment, 1-based


def toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped; Vietnamese kept."""
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_value(value: Any, indent: str = "") -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        parts = [toml_value(v) for v in value]
        one_line = "[" + ", ".join(parts) + "]"
        if len(one_line) <= _WIDTH:
            return one_line
        return "[\n" + "".join(f"{indent}  {p},\n" for p in parts) + f"{indent}]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value))


def _comment(check: Check) -> list[str]:
    text = f"# KIỂM TRA: {' '.join(check.message.split())}"
    if check.source:
        text += f" — “{' '.join(check.source.split())[:160]}”"
    return [text]


def assumption_text(check: Check) -> str:
    where = _where(check.path)
    source = f" (“{' '.join(check.source.split())[:120]}”)" if check.source else ""
    return f"{where}: {check.message}{source}" if where else f"{check.message}{source}"


def _where(path: DataPath) -> str:
    if not path:
        return ""
    if path[0] == "plan":
        return f"plan.{path[1]}" if len(path) > 1 else "plan"
    if path[0] in ("items", "units"):
        return f"{path[0]}[{path[1]}]" + (f".{path[2]}" if len(path) > 2 else "")
    return ".".join(str(p) for p in path)


class _Writer:
    def __init__(self, checks: list[Check]):
        self.lines: list[str] = []
        self.pending = {check.path: [] for check in checks}  # type: dict[DataPath, list[Check]]
        for check in checks:
            self.pending[check.path].append(check)
        self.placed: list[tuple[int, Check]] = []

    def at(self, path: DataPath) -> None:
        """Write the comments of every check aimed at `path`, before its line."""
        for check in self.pending.pop(path, []):
            self.lines.extend(_comment(check))
            self.placed.append((len(self.lines), check))

    def key(self, path: DataPath, key: str, value: Any) -> None:
        self.at((*path, key))
        self.lines.extend(f"{key} = {toml_value(value)}".split("\n"))  # one entry a line: checks cite lines

    def header(self, path: DataPath, header: str) -> None:
        self.lines.append("")
        self.at(path)
        self.lines.append(header)

    def leftovers(self) -> None:
        """Checks whose value was not written: said at the end, so none is lost."""
        for path in list(self.pending):
            self.at(path)


def render(draft: Draft, source_name: str, today: date) -> DraftText:
    data = draft.data
    plan = dict(data["plan"])
    assumptions = list(plan.get("assumptions", [])) + [assumption_text(c) for c in draft.checks]
    if assumptions:
        plan["assumptions"] = assumptions
    writer = _Writer(_placeable(draft))
    w = writer.lines
    name = for_display(source_name, single_line=True)  # a file's name is the sender's: one clean line
    w.append(f"# Bản nháp kế hoạch do `sapa plan import` soạn từ “{name}” ngày {today:%d/%m/%Y}.")
    w.append("# Hãy đọc lại với văn bản gốc, nhất là các dòng “# KIỂM TRA:”, rồi chạy `sapa plan check` với tệp này.")
    w.append("# Cấu trúc tệp: plans/README.md.")
    w.append("")
    w.append(f"format = {data['format']}")
    for part in ("units", "items"):  # none found: an empty list, which top-level keys must give before tables
        if not data.get(part):
            writer.key((), part, [])
    writer.header(("plan",), "[plan]")
    for key, value in plan.items():
        if isinstance(value, dict):
            continue
        writer.key(("plan",), key, value)
    for key, value in plan.items():
        if isinstance(value, dict):
            writer.header(("plan", key), f"[plan.{key}]")
            for sub, sub_value in value.items():
                writer.key(("plan", key), sub, sub_value)
    for n, unit in enumerate(data.get("units", [])):
        writer.header(("units", n), "[[units]]")
        for key, value in unit.items():
            writer.key(("units", n), key, value)
    for n, item in enumerate(data.get("items", [])):
        writer.header(("items", n), "[[items]]")
        for key, value in item.items():
            writer.key(("items", n), key, value)
    reporting = data.get("reporting")
    if reporting:
        writer.header(("reporting",), "[reporting]")
        for key, value in reporting.items():
            if key != "rules":
                writer.key(("reporting",), key, value)
        for n, rule in enumerate(reporting["rules"]):
            writer.header(("reporting", "rules", n), "[[reporting.rules]]")
            for key, value in rule.items():
                if key not in ("due", "once", "overrides"):
                    writer.key(("reporting", "rules", n), key, value)
            for part in ("due", "once"):
                for k, row in enumerate(rule.get(part, [])):
                    writer.header(("reporting", "rules", n, part, k), f"[[reporting.rules.{part}]]")
                    for key, value in row.items():
                        writer.key(("reporting", "rules", n, part, k), key, value)
    w.append("")
    writer.leftovers()
    return DraftText("\n".join(w) + "\n", tuple(writer.placed))


def _placeable(draft: Draft) -> list[Check]:
    """Checks aimed at a value not in the data move up to the nearest table that is."""
    out = []
    for check in draft.checks:
        path = check.path
        while path and not _exists(draft.data, path):
            path = path[:-1]
        out.append(Check(path or ("plan",), check.message, check.source))
    return out


def _exists(data: Any, path: DataPath) -> bool:
    current = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(current, list) or part >= len(current):
                return False
        elif not isinstance(current, dict) or part not in current:
            return False
        current = current[part]
    return True
