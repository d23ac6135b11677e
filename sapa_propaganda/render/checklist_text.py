"""A printable checklist for one reporting period, as Markdown (`- [ ]`) or plain text (`[ ]`).

The plain text is for printing: wrapped at 80 columns, continuation lines under the text."""

from __future__ import annotations

from ..core.daily import CheckItem, Checklist
from ..core.dates import format_date
from ..core.text import shorten
from ..i18n import tr
from . import labels
from .labels import clean

# textwrap loads only for the plain-text checklist, which is wrapped for printing.

WIDTH = 80  # the plain-text checklist is for printing: no line longer, unless one word is


_GLUE = "\u00a0"  # textwrap breaks only at ASCII white space


def render_checklist(checklist: Checklist, fmt: str) -> str:
    markdown = fmt == "md"
    out: list[str] = []

    def put(text: str, first: str = "", rest: str | None = None) -> None:
        """One logical line; in plain text wrapped at WIDTH, continuation lines indented by `rest`."""
        if markdown:
            out.append(first + text)
            return
        import textwrap

        # A box typed into a note or a ref ("… - [x] III.9.9") never starts a line of its own:
        # the space before it does not break, so it cannot pass for a ticked item when wrapped.
        glued = text.replace(" - [", _GLUE + "-" + _GLUE + "[").replace(" [", _GLUE + "[")
        lines = textwrap.wrap(glued, WIDTH, initial_indent=first, subsequent_indent=first if rest is None else rest,
                              break_long_words=False, break_on_hyphens=False) or [first.rstrip()]
        out.extend(line.replace(_GLUE, " ") for line in lines)

    def heading(level: int, text: str) -> None:
        if out:
            out.append("")
        if markdown:
            out.append("#" * level + " " + text)
        else:
            start = len(out)
            put(text.upper() if level == 1 else text)
            out.append(("=" if level == 1 else "-") * max(len(line) for line in out[start:]))
        out.append("")

    def box(done: bool, text: str, indent: int = 0) -> None:
        mark = "x" if done else " "
        prefix = "  " * indent + ("- " if markdown else "") + f"[{mark}] "
        put(text, prefix, " " * len(prefix))

    def detail(text: str, indent: int) -> None:
        put(text, "  " * indent + ("  " if markdown else "    "))

    def check_item(entry: CheckItem, indent: int = 0) -> None:
        item = entry.item
        deadline = f" ({tr('checklist_due', due=format_date(item.due))})" if item.due is not None else ""
        box(entry.ticked, f"{item.id} — {clean(item.text)}{deadline}", indent)
        status = labels.status(entry.status)
        if entry.progress is not None:
            status += f" ({format_date(entry.progress.updated)})"
            if entry.progress.note:
                status += f"; {tr('checklist_latest')}: {clean(entry.progress.note)}"
        detail(f"{tr('col_status')}: {status}", indent)

    plan = checklist.plan
    period = checklist.period
    if checklist.phase is not None:
        phase = checklist.phase
        heading(1, tr("checklist_title_phase", phase=f"{phase.id}. {clean(shorten(phase.label, 80))}",
                      span=f"{format_date(period.start)} – {format_date(period.end)}"))
    elif period.kind == "once" and period.code == f"{period.end:%d/%m/%Y}":  # by deadline
        heading(1, tr("checklist_title_due", due=format_date(period.end)))
    else:
        heading(1, tr("checklist_title", period=f"{labels.period_name(period, plan)} ({period.id})"))
    put(clean(plan.title))
    put(tr("checklist_as_of", date=format_date(checklist.today)))
    if checklist.received:
        collector = checklist.received[0][1].obligation.rule.via
        heading(2, tr("checklist_received", unit=plan.unit(collector).name) if collector
                else tr("checklist_received_any"))
        for _unit, received in checklist.received:
            text = (f"{clean(labels.owner_name(plan, received))} — {labels.report_name(received.obligation)}, "
                    + tr("checklist_due", due=format_date(received.due)))
            if received.submitted:
                text += "; " + tr("checklist_received_on", date=format_date(received.submitted))
                if received.ref:
                    text += f", {clean(received.ref)}"
            text += f" — {labels.report_state(received)}"
            box(received.submitted is not None or received.state == "waived", text)
    for unit_list in checklist.units:
        row = unit_list.report
        if row is None:  # a checklist by deadline: the unit's items, each with its own deadline
            heading(2, tr("checklist_unit_items", unit=clean(unit_list.unit.name)))
        else:
            heading(2, tr("checklist_unit", unit=clean(unit_list.unit.name),
                          report=labels.report_name(row.obligation)))
            text = tr("checklist_due", due=format_date(row.due))
            if row.submitted:
                text += "; " + tr("checklist_received_on", date=format_date(row.submitted))
                if row.ref:
                    text += f", {clean(row.ref)}"
            box(row.submitted is not None or row.state == "waived",
                f"{labels.report_name(row.obligation)}: {text} — {labels.report_state(row)}")
        if unit_list.duties:
            if row is not None:
                out.append("")
            put(f"{tr('checklist_duties')}:")
            for entry in unit_list.duties:
                check_item(entry)
    if checklist.contents:
        heading(2, tr("checklist_contents"))
        for entry in checklist.contents:
            check_item(entry, indent=max(0, entry.item.depth - 3))
    return "\n".join(out) + "\n"
