"""A printable checklist for one reporting period, as Markdown (`- [ ]`) or plain text (`[ ]`)."""

from __future__ import annotations

from ..daily import CheckItem, Checklist
from ..dates import format_date
from ..i18n import tr
from . import labels
from .labels import clean


def render_checklist(checklist: Checklist, fmt: str) -> str:
    markdown = fmt == "md"
    out: list[str] = []

    def heading(level: int, text: str) -> None:
        if out:
            out.append("")
        out.append(("#" * level + " " + text) if markdown else text.upper() if level == 1 else text)
        if not markdown:
            out.append(("=" if level == 1 else "-") * len(text))
        out.append("")

    def box(done: bool, text: str, indent: int = 0) -> None:
        mark = "x" if done else " "
        prefix = "  " * indent + ("- " if markdown else "")
        out.append(f"{prefix}[{mark}] {text}")

    def detail(text: str, indent: int) -> None:
        out.append("  " * indent + ("  " if markdown else "    ") + text)

    def check_item(entry: CheckItem, indent: int = 0) -> None:
        item = entry.item
        box(entry.status == "done", f"{item.id} — {clean(item.text)}", indent)
        status = labels.status(entry.status)
        if entry.progress is not None:
            status += f" ({format_date(entry.progress.updated)})"
            if entry.progress.note:
                status += f"; {tr('checklist_latest')}: {clean(entry.progress.note)}"
        detail(f"{tr('col_status')}: {status}", indent)

    plan = checklist.plan
    heading(1, tr("checklist_title", period=f"{labels.period_name(checklist.period)} ({checklist.period.id})"))
    out.append(clean(plan.title))
    out.append(tr("checklist_as_of", date=format_date(checklist.today)))
    if checklist.received:
        collector = checklist.received[0][1].obligation.rule.via
        heading(2, tr("checklist_received", unit=plan.unit(collector).name) if collector
                else tr("checklist_received_any"))
        for unit, row in checklist.received:
            text = (f"{clean(unit.name)} — {labels.report_name(row.obligation)}, "
                    + tr("checklist_due", due=format_date(row.due)))
            if row.submitted:
                text += "; " + tr("checklist_received_on", date=format_date(row.submitted))
                if row.ref:
                    text += f", {clean(row.ref)}"
            text += f" — {labels.report_state(row)}"
            box(row.submitted is not None, text)
    for unit_list in checklist.units:
        row = unit_list.report
        heading(2, tr("checklist_unit", unit=clean(unit_list.unit.name), report=labels.report_name(row.obligation)))
        text = tr("checklist_due", due=format_date(row.due))
        if row.submitted:
            text += "; " + tr("checklist_received_on", date=format_date(row.submitted))
            if row.ref:
                text += f", {clean(row.ref)}"
        box(row.submitted is not None, f"{labels.report_name(row.obligation)}: {text} — {labels.report_state(row)}")
        if unit_list.duties:
            out.append("")
            out.append(f"{tr('checklist_duties')}:")
            for entry in unit_list.duties:
                check_item(entry)
    if checklist.contents:
        heading(2, tr("checklist_contents"))
        for entry in checklist.contents:
            check_item(entry, indent=max(0, entry.item.depth - 3))
    return "\n".join(out) + "\n"
