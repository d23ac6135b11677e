"""JSON output with a stable, documented schema (docs/json.md). UTF-8, never \\u escapes."""

from __future__ import annotations

import json
from datetime import date
from typing import IO, Any

from ..model import Item, Plan, Unit
from ..queries import DutyGroup, HistoryRow, ItemDetail, UnitRow


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def unit_json(unit: Unit) -> dict[str, Any]:
    return {"id": unit.id, "name": unit.name, "short": unit.short, "aliases": list(unit.aliases),
            "parent": unit.parent, "members": list(unit.members)}


def item_json(item: Item) -> dict[str, Any]:
    return {"id": item.id, "kind": item.kind, "parent": item.parent, "title": item.title,
            "text": item.text, "units": list(item.units), "mentions": list(item.mentions),
            "start": _iso(item.start), "end": _iso(item.end), "due": _iso(item.due)}


def history_json(row: HistoryRow) -> dict[str, Any]:
    event = row.event
    return {"id": event.id, "recorded": event.recorded.isoformat(), "date": event.date.isoformat(),
            "kind": event.kind, "target": event.target, "status": event.status or None,
            "note": event.note, "by": event.by, "ref": event.ref, "units": list(row.units),
            "undone_by": row.undone_by}


class JsonRenderer:
    def __init__(self, stream: IO[str]):
        self.stream = stream

    def dump(self, data: Any) -> None:
        self.stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    def plan_overview(self, plan: Plan) -> None:
        self.dump({
            "id": plan.id, "title": plan.title, "issuer": plan.issuer, "kind": plan.kind,
            "number": plan.number, "issued": _iso(plan.issued), "start": _iso(plan.start),
            "end": _iso(plan.end), "basis": list(plan.basis),
            "signer": {"on_behalf": plan.signer.on_behalf, "title": plan.signer.title,
                       "name": plan.signer.name},
            "recipients": list(plan.recipients),
            "items": [item_json(i) for i in plan.items],
        })

    def units(self, rows: list[UnitRow]) -> None:
        self.dump([unit_json(r.unit) | {"duties": r.duties} for r in rows])

    def duties(self, groups: list[DutyGroup]) -> None:
        self.dump([
            {"id": row.item.id, "unit": group.unit.id, "text": row.item.text,
             "section": row.section.id if row.section else None, "kind": row.item.kind,
             "due": _iso(row.item.due), "status": row.status,
             "updated": _iso(row.progress.updated) if row.progress else None,
             "note": row.progress.note if row.progress else ""}
            for group in groups for row in group.rows
        ])

    def item(self, detail: ItemDetail) -> None:
        self.dump(item_json(detail.item) | {
            "original": detail.item.original,
            "path": [p.id for p in detail.path],
            "children": [c.id for c in detail.children],
            "rules": [r.id for r in detail.rules],
            "status": (detail.progress.status if detail.progress else "todo") if detail.item.tracked else None,
            "updated": _iso(detail.progress.updated) if detail.progress else None,
            "history": [history_json(r) for r in detail.history],
        })

    def history(self, rows: list[HistoryRow]) -> None:
        self.dump([history_json(r) for r in rows])

    def fields(self, rows: list[tuple[str, str]]) -> None:
        self.dump(dict(rows))

    def plan_ok(self, plan: Plan) -> None:
        self.dump({"file": plan.source, "valid": True, "units": len(plan.units),
                   "items": len(plan.items), "duties": len(plan.duties)})
