"""JSON output with a stable, documented schema (docs/json.md), written by `text.json_text`, the
one encoder of every JSON output: UTF-8, with \\u escapes only for what no terminal should receive
raw (controls, invisible and bidi characters)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import islice
from typing import IO, Any

from ..core.daily import Dashboard
from ..core.deadlines import Deadline, ItemDeadline, OverdueReport, ReportRow, report_kind, state_category
from ..core.model import Item, Plan, Unit
from ..core.overview import ItemLine, Listing, OfficeStatus, PlanView, ReportLine
from ..core.queries import DutyGroup, HistoryRow, ItemDetail, UnitRow
from ..core.text import json_array_end, json_elements, json_text
from .labels import Memo, office_next


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def unit_json(unit: Unit) -> dict[str, Any]:
    return {"id": unit.id, "name": unit.name, "short": unit.short, "aliases": list(unit.aliases),
            "parent": unit.parent, "members": [m.name for m in unit.members],
            "member_ids": [m.id for m in unit.members]} | _members_ended(unit)


def _members_ended(unit: Unit) -> dict[str, Any]:
    """Only where a member has left (`roster remove-member`): its id and the day, so every other
    unit reads as before."""
    ended = {m.id: m.ended.isoformat() for m in unit.members if m.ended is not None}
    return {"members_ended": ended} if ended else {}


def item_json(item: Item) -> dict[str, Any]:
    return {"id": item.id, "kind": item.kind, "parent": item.parent, "title": item.title,
            "text": item.text, "units": list(item.units), "partners": list(item.partners),
            "mentions": list(item.mentions),
            "start": _iso(item.start), "end": _iso(item.end), "due": _iso(item.due)}


def history_json(row: HistoryRow) -> dict[str, Any]:
    event = row.event
    return {"id": event.id, "recorded": event.recorded.isoformat(), "date": event.date.isoformat(),
            "kind": event.kind, "target": event.target, "status": event.status or None,
            "note": event.note, "by": event.by, "ref": event.ref, "units": list(row.units),
            "undone_by": row.undone_by} | ({"removed_from_plan": True} if row.removed else {})


def report_json(row: ReportRow) -> dict[str, Any]:
    return report_fields(row.unit, row.period.id, row.obligation.kind, row.due.isoformat(), _iso(row.submitted),
                         row.ref, row.state, row.days, row.obligation.rule.id, row.obligation.rule.name, row.member,
                         row.members)


def report_fields(unit: str, period: str, kind: str, due: str, submitted: str | None, ref: str, state: str,
                  days: int | None, rule: str, rule_name: str, member: str,
                  members: tuple[int, int] | None) -> dict[str, Any]:
    """A report's row, from a report row or from a plan's overview (`JsonRenderer.office_reports`)."""
    return {"unit": unit, "period": period, "kind": kind, "due": due, "submitted": submitted, "ref": ref,
            "state": state, "days": days, "rule": rule, "rule_name": rule_name,
            "category": state_category(state)} | _member_keys(member, members)


def _member_keys(member: str, members: tuple[int, int] | None) -> dict[str, Any]:
    """Only where members report on their own, so every other report reads as before."""
    if member:
        return {"member": member}
    if members is not None:
        return {"members_received": members[0], "members_owed": members[1]}
    return {}


def reminder_json(reminder: Deadline) -> dict[str, Any]:
    """A reminder's row in `remind -o FILE.json`: what it is, then the report's or the item's keys."""
    working = {} if reminder.working_days_left is None else {"working_days_left": reminder.working_days_left}
    if reminder.report is not None:
        return {"reminder": "report", **report_json(reminder.report), **working}
    assert reminder.item is not None
    return {"reminder": "item", **deadline_json(reminder.item), **working}


def deadline_json(deadline: ItemDeadline) -> dict[str, Any]:
    return deadline_fields(deadline.item.id, deadline.item.kind, deadline.item.units, _iso(deadline.item.due),
                           deadline.status, deadline.state, deadline.days_late)


def deadline_fields(item_id: str, kind: str, units: tuple[str, ...], due: str | None, status: str, state: str,
                    days: int | None) -> dict[str, Any]:
    """An item's row against its deadline, from the item or from a plan's overview."""
    return {"id": item_id, "kind": kind, "units": list(units), "due": due, "status": status, "state": state,
            "days": days}


def _standing(deadline: ItemDeadline | None) -> dict[str, Any]:
    """Where an item with a due date stands against it; nothing for one without."""
    if deadline is None or deadline.state == "no-deadline":
        return {}
    return {"state": deadline.state, "days_late": deadline.days_late}


def _units_status(detail: ItemDetail) -> dict[str, str] | None:
    """Each unit's status on a tracked item: of a duty of several units, its own part."""
    if not detail.item.tracked:
        return None
    if detail.parts:
        return {part.unit.id: part.status for part in detail.parts}
    return {u.id: detail.progress.status if detail.progress else "todo" for u in detail.units}


def _with_working(found: dict[str, Any] | None, working: int | None) -> dict[str, Any] | None:
    """A nearest deadline with its working days left, where the plan counts them (a key added)."""
    return found | {"working_days_left": working} if found is not None and working is not None else found


def _iso_day(ordinal: int) -> str:
    """A day by ordinal as ISO text: a plan's reports share a few dozen deadlines (`Memo`)."""
    return date.fromordinal(ordinal).isoformat()


def _overview_report(view: PlanView, listing: Listing, line: ReportLine, iso: Memo) -> dict[str, Any]:
    n, state, days, received, members = line
    report, (period_index, rule_index, ref) = view.overview.reports[n], listing.reports[n]
    period, rule = listing.periods[period_index], listing.rules[rule_index]
    rolled = members is not None  # a unit's roll-up: the unit's, with no receipt of its own
    return report_fields(report[2], period[0], report_kind(rule[2], period[1]), iso[report[0]],
                         iso[received] if received else None, "" if rolled else ref, state, days, rule[0], rule[1],
                         "" if rolled else report[3], members)


ROWS_PER_PART = 200  # rows encoded at once in a long listing (`JsonRenderer.dump_rows`)


class JsonRenderer:
    """One JSON document on the stream. Across the office's plans (`by_plan`), the parts are one
    document too: every row gets a `plan` key, and the rows of all plans are written at `close`."""

    def __init__(self, stream: IO[str], by_plan: bool = False):
        self.stream = stream
        self.by_plan = by_plan
        self._plan_id = ""
        self._merged: Any = None
        self._streamed: bool | None = None  # across plans, a list is written row by row: any row yet?

    def dump(self, data: Any) -> None:
        if not self.by_plan:
            self.stream.write(json_text(data))
            return
        if isinstance(data, list) and self._merged is None:  # rows, written as they come: never held whole
            self.stream.write(json_elements([{"plan": self._plan_id, **row} for row in data], not self._streamed))
            self._streamed = bool(self._streamed) or bool(data)
            return
        rows = {key: [{"plan": self._plan_id, **row} for row in value] for key, value in data.items()} \
            if isinstance(data, dict) else [{"plan": self._plan_id, **row} for row in data]
        if self._merged is None:
            self._merged = rows
        elif isinstance(rows, dict):
            for key, value in rows.items():
                self._merged[key] += value
        else:
            self._merged += rows

    def plan_part(self, plan: Plan) -> None:
        self._plan_id = plan.id

    def view_part(self, view: PlanView) -> None:
        self._plan_id = view.plan_id

    def close(self) -> None:
        if not self.by_plan:
            return
        if self._streamed is not None:
            self.stream.write(json_array_end(self._streamed))
        else:
            self.stream.write(json_text(self._merged if self._merged is not None else []))

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

    def units(self, plan: Plan, rows: list[UnitRow]) -> None:
        self.dump([unit_json(r.unit) | {"duties": r.duties, "source": r.source} for r in rows])

    def duties(self, plan: Plan, groups: list[DutyGroup]) -> None:
        self.dump([
            {"id": row.item.id, "unit": group.unit.id or None, "text": row.item.text,
             "section": row.section.id if row.section else None, "kind": row.item.kind,
             "due": _iso(row.item.due), "status": row.status,
             "updated": _iso(row.progress.updated) if row.progress else None,
             "note": row.progress.note if row.progress else ""} | _standing(row.deadline)
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
            "units_status": _units_status(detail),
        } | _standing(detail.deadline))

    def history(self, plan: Plan, rows: Iterable[HistoryRow]) -> None:
        self.dump_rows(history_json(r) for r in rows)

    def dump_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """`dump` of a list, written a part at a time as the rows come, with the bytes of the list
        encoded at once: a history of 200,000 events is never held as rows, nor as text."""
        rows = iter(rows)
        part: list[Any] = list(islice(rows, ROWS_PER_PART))
        if self.by_plan:
            self.dump(part)  # across plans, rows are written as they come already
            while part := list(islice(rows, ROWS_PER_PART)):
                self.dump(part)
            return
        written = False
        while part:
            self.stream.write(json_elements(part, not written))
            written = True
            part = list(islice(rows, ROWS_PER_PART))
        self.stream.write(json_array_end(written))

    def fields(self, rows: Sequence[tuple[str, object]]) -> None:
        self.dump(dict(rows))

    def plan_ok(self, plan: Plan) -> None:
        self.dump({"file": plan.source, "valid": True, "units": len(plan.units),
                   "items": len(plan.items), "duties": len(plan.duties)})

    def reports(self, plan: Plan, rows: list[ReportRow]) -> None:
        self.dump([report_json(r) for r in rows])

    def overdue(self, plan: Plan, found: OverdueReport) -> None:
        self.dump({"reports": [report_json(r) for r in found.reports],
                   "items": [deadline_json(d) for d in found.items]})

    def office_overdue(self, view: PlanView, listing: Listing, found: tuple[list[ReportLine], list[ItemLine]]
                       ) -> None:
        """`overdue`'s rows, from a plan's overview."""
        o = view.overview
        iso = Memo(_iso_day)
        items = []
        for n, state, days in found[1]:
            item = o.items[n]
            due = iso[item[0]] if item[0] else None
            items.append(deadline_fields(item[2], item[3], listing.item_units[n], due, item[5], state, days))
        self.dump({"reports": [_overview_report(view, listing, line, iso) for line in found[0]], "items": items})

    def office_reports(self, view: PlanView, listing: Listing, lines: list[ReportLine]) -> None:
        """`reports`' rows, from a plan's overview."""
        iso = Memo(_iso_day)
        self.dump([_overview_report(view, listing, line, iso) for line in lines])

    def dashboard(self, board: Dashboard) -> None:
        def working(due: date | None) -> dict[str, int]:
            """`working_days_left`, where the plan counts working days (`count_days = "working"`)."""
            if due is None or board.plan.calendar.count_days != "working":
                return {}
            from ..core.workdays import working_days_between

            return {"working_days_left": working_days_between(board.plan.calendar, board.today, due)}

        self.dump({
            "today": board.today.isoformat(), "plan": board.plan.id,
            "period": board.period.id if board.period else None,
            "next_deadline": {**report_json(board.next_deadline), **working(board.next_deadline.due)}
            if board.next_deadline else None,
            "next_item": {**deadline_json(board.next_item), **working(board.next_item.item.due)}
            if board.next_item else None,
            "overdue_reports": board.overdue_reports, "overdue_items": board.overdue_items,
            "units": [{"unit": u.unit.id, "duties_done": u.duties_done, "duties_total": u.duties_total,
                       "percent": round(u.percent, 1) if u.percent is not None else None,
                       "reports_owed": u.reports_owed, "reports_received": u.reports_received,
                       "reports_overdue": u.reports_overdue} for u in board.units],
        })

    def submitted(self, plan: Plan, row: ReportRow) -> None:
        self.dump(report_json(row))

    def reminders(self, plan: Plan, found: list[Deadline]) -> None:
        self.dump([reminder_json(r) for r in found])  # in the order of the lines

    def office_status(self, status: OfficeStatus) -> None:
        self.dump({"today": status.today.isoformat(),
                   "plans": [{"plan": view.plan_id, "label": view.label, "title": view.title,
                              "next_deadline": _with_working(office_next(view, standing.next_due),
                                                             standing.next_working_days),
                              "overdue_reports": standing.overdue_reports, "overdue_items": standing.overdue_items,
                              "outstanding": standing.outstanding} for view, standing in status.plans],
                   "units": [{"unit": o.unit, "name": o.name, "reports_outstanding": o.reports, "plans": o.plans,
                              "plan": o.plan or None} for o in status.owed]})
