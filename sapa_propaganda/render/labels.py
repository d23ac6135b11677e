"""Words shared by the text renderers: how a rule, a period or an item reads to a person."""

from __future__ import annotations

from ..dates import format_date
from ..i18n import tr
from ..model import DueRule, Item, Plan, ReportRule
from ..text import strip_control


def clean(text: str) -> str:
    """Plan and ledger text may have been edited by hand: never let it drive the terminal."""
    return strip_control(text)


def due_rule(rule: DueRule) -> str:
    if rule.month is not None:
        when = tr("due_fixed", day=f"{rule.day:02d}", month=f"{rule.month:02d}")
    else:
        when = tr("due_after", day=rule.day, months=rule.months_after_end)
    return tr("rule_due", period=tr("period_" + rule.period), when=when)


def report_rule(plan: Plan, rule: ReportRule) -> str:
    units = ", ".join(plan.unit(u).label for u in rule.units)
    to = ", ".join(plan.unit(u).label for u in rule.to)
    via = tr("rule_via", via=plan.unit(rule.via).label) if rule.via else ""
    periods = "; ".join(due_rule(d) for d in rule.due)
    return tr("rule_line", units=units, periods=periods, to=to, via=via)


def item_period(item: Item) -> str:
    if item.start is None and item.end is None:
        return tr("throughout")
    return f"{format_date(item.start)} – {format_date(item.end)}"


def section_label(item: Item | None) -> str:
    if item is None:
        return ""
    return f"{item.id}. {clean(item.title)}"


def plan_span(plan: Plan) -> str:
    return f"{format_date(plan.start)} – {format_date(plan.end)}"


def or_not_given(value: str) -> str:
    return value if value else tr("not_given")
