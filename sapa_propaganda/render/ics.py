"""Report deadlines as an iCalendar file (RFC 5545) for Outlook, Google Calendar and Thunderbird.

One all-day event per report deadline and per item deadline, each with an alarm at its own
warning window.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ..core.deadlines import Obligation, obligations
from ..core.model import Plan
from ..core.progress import ProgressState, item_status
from ..core.text import for_display, shorten
from ..i18n import tr

# The labels load only when a calendar is written.


def _escape(*lines: str) -> str:
    """A TEXT value (RFC 5545 3.3.11) of one or more lines: each line is first made safe to show
    (`text.for_display`: no control characters, no line break of its own), then escaped."""
    return "\\n".join(for_display(line).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                      for line in lines)


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode("utf-8")
    parts: list[str] = []
    while len(encoded) > (75 if not parts else 74):  # a continuation line's space counts too
        cut = 75 if not parts else 74
        while (encoded[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(encoded[:cut].decode("utf-8"))
        encoded = encoded[cut:]
    parts.append(encoded.decode("utf-8"))
    return [parts[0]] + [" " + p for p in parts[1:]]


def render_ics(plan: Plan, state: ProgressState, stamp: datetime, label: str = "") -> str:
    """`label`: in a calendar of many plans, each summary begins with its plan's number or id."""
    from .labels import owner_name, report_name

    # One event per report and deadline: a member due before the others (`days_early`) has its own.
    grouped: dict[tuple[str, str, date], list[Obligation]] = {}
    latest: dict[tuple[str, str], date] = {}
    for obligation in obligations(plan):
        key = (obligation.rule.id, obligation.period.id)
        grouped.setdefault((*key, obligation.due), []).append(obligation)
        latest[key] = max(latest.get(key, obligation.due), obligation.due)
    utc_stamp = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    prefix = f"[{label}] " if label else ""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sapa//plan tracker//VI", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(plan.title)}", "X-WR-TIMEZONE:Asia/Ho_Chi_Minh"]
    for (rule_id, period_id, due), group in grouped.items():
        first = group[0]
        # the rule's own deadline keeps the event's id it always had; an earlier one adds its day
        uid = f"{plan.id}.{rule_id}.{period_id}" + ("" if due == latest[rule_id, period_id] else f".{due:%Y%m%d}")
        name = report_name(first)
        units = [f"[{'x' if state.of(o.target) else ' '}] {owner_name(plan, o)}" for o in group]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{for_display(uid)}@sapa",
            f"DTSTAMP:{utc_stamp}",
            f"DTSTART;VALUE=DATE:{first.due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(first.due + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(prefix + tr('ics_summary', report=name))}",
            f"DESCRIPTION:{_escape(plan.title, tr('ics_units') + ':', *units)}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(tr('ics_alarm', report=name))}",
            f"TRIGGER:-P{plan.rule_warning_days(first.rule)}D",
            "END:VALARM",
            "END:VEVENT",
        ]
    for item in plan.tracked_items:
        status = item_status(state, item.id, item.units)
        if item.due is None or status == "cancelled":  # owes nothing: no alarm
            continue
        what = tr("ics_item", kind=tr("kind_" + item.kind), id=item.id, text=shorten(item.text, 80))
        owners = ", ".join(plan.unit(u).name for u in item.units)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{for_display(f'{plan.id}.item.{item.id}')}@sapa",
            f"DTSTAMP:{utc_stamp}",
            f"DTSTART;VALUE=DATE:{item.due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(item.due + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(prefix + tr('ics_summary', report=what))}",
            f"DESCRIPTION:{_escape(plan.title, item.text, owners, tr('status_' + status))}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(tr('ics_alarm', report=what))}",
            f"TRIGGER:-P{plan.item_warning_days(item)}D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


def render_ics_of_plans(plans: list[tuple[Plan, ProgressState]], stamp: datetime) -> str:
    """One calendar for many plans: each plan's events, each summary naming its plan."""
    header: list[str] = []
    events: list[str] = []
    for plan, state in plans:
        lines = render_ics(plan, state, stamp, label=plan.number or plan.id).split("\r\n")
        begin = lines.index("BEGIN:VEVENT") if "BEGIN:VEVENT" in lines else len(lines) - 2
        header = header or [line for line in lines[:begin] if not line.startswith("X-WR-CALNAME")]
        events += lines[begin:-2]  # up to END:VCALENDAR and the empty string after the last CRLF
    return "\r\n".join([*header, *events, "END:VCALENDAR"]) + "\r\n"
