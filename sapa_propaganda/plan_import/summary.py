"""What `sapa plan import` tells the clerk: what the draft holds, and each place to check with
its line in the draft (plain text), or the same as JSON (`--json`, keys in docs/json.md)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from ..core.text import for_display, json_text
from ..i18n import tr
from .run import ImportResult


@dataclass(frozen=True)
class Counts:
    sections: int
    items: int
    units: int
    dated_duties: int  # tracked items with a deadline
    reporting_rules: int
    checks: int


def counts_of(result: ImportResult) -> Counts:
    data = result.draft.data
    items = data.get("items", [])
    rules = data.get("reporting", {}).get("rules", [])
    due = {i["id"]: i.get("due") for i in items}

    def dated(item_id: str) -> bool:  # its own deadline, or its section's, as the plan reads it
        while item_id:
            if due.get(item_id):
                return True
            item_id = item_id.rpartition(".")[0]
        return False

    return Counts(
        sections=sum(1 for i in items if i["kind"] == "section"),
        items=len(items),
        units=len(data.get("units", [])),
        dated_duties=sum(1 for i in items if i["kind"] in ("duty", "content", "form") and dated(i["id"])),
        reporting_rules=len(rules),
        checks=len(result.check_lines),
    )


def summary_json(result: ImportResult) -> dict[str, Any]:
    plan = result.draft.data["plan"]
    counts = counts_of(result)
    issued = plan.get("issued")
    return {
        "source": result.source, "output": result.output, "encoding": result.encoding or None,
        "plan": {"id": plan["id"], "kind": plan.get("kind"), "number": plan.get("number") or None,
                 "issued": issued.isoformat() if issued else None, "title": plan["title"],
                 "issuer": plan["issuer"], "start": plan["start"].isoformat(), "end": plan["end"].isoformat()},
        "counts": {"sections": counts.sections, "items": counts.items, "units": counts.units,
                   "dated_duties": counts.dated_duties, "reporting_rules": counts.reporting_rules,
                   "checks": counts.checks},
        "checks": [{"line": line, "message": check.message, "source": check.source or None}
                   for line, check in result.check_lines],
        "valid": not result.problems,
        "problems": list(result.problems),
    }


def say_summary(result: ImportResult, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json_text(summary_json(result)))
        return
    plan = result.draft.data["plan"]
    counts = counts_of(result)
    lines = [tr("import_written", path=result.output, source=result.source)]
    number = plan.get("number") or tr("import_no_number")
    lines.append("  " + tr("import_plan_line", id=plan["id"], number=number, title=plan["title"]))
    lines.append("  " + tr("import_counts", sections=counts.sections, items=counts.items, units=counts.units,
                           duties=counts.dated_duties, rules=counts.reporting_rules))
    if result.encoding in ("tcvn3", "vni"):
        lines.append("  " + tr("import_converted", encoding=result.encoding.upper()))
    if counts.checks:
        lines.append("  " + tr("import_checks", count=counts.checks))
        for line, check in result.check_lines:
            lines.append(f"    {result.output}:{line}  {check.message}")
    if result.problems:
        lines.append("  " + tr("import_invalid", count=len(result.problems)))
    else:
        lines.append("  " + tr("import_valid"))
        lines.append("  " + tr("import_next", path=result.output))
    sys.stdout.write("".join(for_display(line) + "\n" for line in lines))
