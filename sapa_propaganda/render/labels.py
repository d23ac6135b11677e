"""Words shared by the text renderers: how a rule, a period or an item reads to a person."""

from __future__ import annotations

from ..core.dates import format_date
from ..core.datetime_types import date
from ..core.model import mark_parts
from ..core.text import for_display, shorten
from ..i18n import language, template, tr
from .marks import marked_line, status

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..core.daily import Dashboard, Reminder
    from ..core.deadlines import ItemDeadline, Obligation, ReportRow
    from ..core.model import DueRule, Item, Member, Plan, ReportRule, Unit
    from ..core.overview import Due, Listing, OfficeStatus, PlanView, ReportLine, UnitOwes
    from ..core.periods import Period
    from ..core.progress import Disagreement, Event
    from ..core.queries import HistoryRow
    from ..core.results import ImportResult, MarkResult, UndoResult


def clean(text: str) -> str:
    """Plan and ledger text may have been edited by hand: never let it drive the terminal or
    forge a line (`text.for_display`: one line, no control or invisible characters)."""
    return for_display(text)


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
    periods = [due_rule(d) for d in rule.due]
    periods += [tr("rule_override", period=o.period, due=format_date(o.due)) for o in rule.overrides]
    periods += [tr("rule_once", name=clean(o.name or rule.name or o.period), due=format_date(o.due))
                for o in rule.once]
    line = tr("rule_line", units=units, periods="; ".join(periods), to=to, via=via)
    return line + tr("rule_per_member") if rule.per_member else line


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


def member_name(member: Member) -> str:
    """A member as the units listing names it: "Chi bộ Tả Van (thôi từ 01/07/2023)" once it has left."""
    if member.ended is None:
        return member.name
    return tr("member_ended", name=member.name, date=format_date(member.ended))


def or_not_given(value: str) -> str:
    return value if value else tr("not_given")


def event_summary(event: Event, reverted: Event | None = None, restores: bool = False) -> str:
    """One event as a person reads it: "III.1.1: Hoàn thành", "Hoàn tác: …", and for an undo of an
    undo (`restores`, `reverted` the change put back) "Khôi phục: …"."""
    if event.kind == "undo":
        what = event_summary(reverted) if reverted else event.target
        return tr("event_redo" if restores else "event_undo", what=what)
    if event.kind == "submit":
        return tr("event_submit", target=event.target.replace("@", " "))
    if event.kind == "waive":
        return tr("event_waive", target=event.target.replace("@", " "))
    item_id, unit = mark_parts(event.target)
    if unit:  # one unit's part of a duty of several units
        return tr("event_mark_unit", target=item_id, unit=unit, status=status(event.status))
    return tr("event_mark", target=event.target, status=status(event.status))


def history_summary(row: HistoryRow) -> str:
    """A row of the history as a person reads it; one about an item the plan took out says so."""
    summary = event_summary(row.event, row.reverted, row.restores)
    return f"{summary} {tr('event_removed_item')}" if row.removed else summary


def short_id(event_id: str) -> str:
    """Enough of an event id to name it to `sapa undo`, as git shows a commit."""
    return event_id[:10]


def recorded(event: Event) -> str:
    return event.recorded.strftime("%d/%m/%Y %H:%M")


class ResultMessages:
    """One-line confirmations of the write commands, shared by the plain and Rich renderers."""

    def message(self, text: str) -> None:
        raise NotImplementedError

    def marked(self, result: MarkResult) -> None:
        self.message(marked_line(result))

    def undone(self, result: UndoResult) -> None:
        """What the step was (the change taken back, or put back), about what, and its date."""
        change = result.change or result.reverted
        self.message(tr("restored" if result.restores else "undone", what=event_summary(change),
                        date=format_date(change.date)))

    def imported(self, result: ImportResult) -> None:
        self.message(tr("imported", source=result.source, added=result.added,
                        already=result.already, total=result.total))
        if result.conflicts:
            self.message(tr("import_conflicts", count=len(result.conflicts),
                            ids=", ".join(result.conflicts[:5])))


def _once_name(rule: ReportRule, code: str) -> str | None:
    """A one-time report as the plan names it: its own name, else its rule's, else its id; None
    when the rule has no such report."""
    once = next((o for o in rule.once if o.period == code), None)
    return clean(once.name or rule.name or code) if once is not None else None


def report_name(obligation: Obligation) -> str:
    period = obligation.period
    if period.kind == "once":
        return _once_name(obligation.rule, period.code) or clean(obligation.rule.name or period.code)
    return tr("report_" + obligation.kind, year=period.year, quarter=period.quarter, month=period.month)


def report_phrase(obligation: Obligation) -> str:
    """A report's name inside a sentence: "báo cáo 6 tháng đầu năm 2022" (a capital that only
    opens the name goes; "Q2 report 2022" keeps its own)."""
    name = report_name(obligation)
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def report_title(obligation: Obligation) -> str:
    """A report as the reports listing names it: with its rule's name, when the plan gives one."""
    name = report_name(obligation)
    rule = clean(obligation.rule.name)
    return f"{name} — {rule}" if rule and rule != name else name


def period_name(period: Period, plan: Plan | None = None) -> str:
    """How a period reads: "6 tháng đầu năm 2022"; a one-time report's by the plan's name for it."""
    if period.kind == "once":
        rules = plan.reporting.rules if plan is not None and plan.reporting else ()
        return next((name for rule in rules if (name := _once_name(rule, period.code))), period.code)
    return tr("period_name_" + period.kind, year=period.year, quarter=period.quarter, month=period.month)


def report_state(row: ReportRow) -> str:
    return state_words(row.state, row.days, row.members)


def state_words(state: str, days: int | None, members: tuple[int, int] | None = None) -> str:
    """A report's state, "Quá hạn 3 ngày"; of a unit's roll-up of its members' reports (`members`:
    received, owed), with how many are in."""
    said = tr("state_" + state, days=days)
    if members is not None:
        received, owed = members
        return f"{said} ({tr('members_received', received=received, owed=owed)})"
    return said


class Memo(dict[object, str]):
    """Words a listing of thousands of rows says again and again, each worked out once by `work`
    from its key: `Memo(day_words)[ordinal]`, `Memo(tr)["kind_duty"]`."""

    def __init__(self, work: Callable[[Any], str]):
        super().__init__()
        self.work = work

    def __missing__(self, key: object) -> str:
        self[key] = said = self.work(key)
        return said


def day_words(ordinal: int) -> str:
    """A day by ordinal (as a plan's overview holds them), as a listing says it."""
    return format_date(date.fromordinal(ordinal))


def state_key_words(key: tuple[str, int | None]) -> str:
    """`state_words` of a report's (state, days), as a `Memo` looks them up."""
    return state_words(*key)


def office_report_cells(view: PlanView, listing: Listing, lines: list[ReportLine], days: Memo, states: Memo
                        ) -> list[tuple[str, str, str, str, str, str, str]]:
    """Rows of `reports` from a plan's overview, as the text listings show them: the owner's id,
    who that is, the report, its deadline, the day received, the reference and the state in words
    (`days`: `Memo(day_words)`, `states`: `Memo(state_key_words)`). A unit's roll-up of its members'
    reports is the unit's, by its label, with no reference of its own and the members' tally.
    A plan's lines in one call: a call (and import) per line made an office's listing slower."""
    from ..core.deadlines import owner_id

    reports, keys, words, units = view.overview.reports, listing.reports, listing.report_labels, view.units
    cells = []
    for n, state, left, received, members in lines:
        report = reports[n]
        who, title = words[n]
        received_on = days[received] if received else ""
        if members is None:
            cells.append((owner_id(report[2], report[3]), who, title, days[report[0]], received_on, keys[n][2],
                          states[state, left]))
        else:
            cells.append((report[2], units[report[2]][0], title, days[report[0]], received_on, "",
                          state_words(state, left, members)))
    return cells


def owner_name(plan: Plan, row: ReportRow | Obligation) -> str:
    """Who owes a report, in full: the member's name, or the unit's."""
    unit = plan.unit(row.unit)
    return unit.member(row.member).name if row.member else unit.name


def owner_label(plan: Plan, row: ReportRow | Obligation) -> str:
    """Who owes a report, for a table: the member's name, or the unit's short name."""
    unit = plan.unit(row.unit)
    return unit.member(row.member).name if row.member else unit.label


def unit_report(plan: Plan, row: ReportRow | Obligation) -> str:
    """"Báo cáo 6 tháng đầu năm 2022 của Phòng Văn hóa - Thông tin"."""
    obligation = row.obligation if hasattr(row, "obligation") else row
    return tr("of_unit", report=report_name(obligation), unit=owner_name(plan, row))


def report_words(plan: Plan, obligation: Obligation) -> tuple[str, str, str]:
    """What the office's listings say of a report, worded once with a plan's overview (the cache
    holds them): `unit_report`, `owner_label` and `report_title`."""
    return unit_report(plan, obligation), owner_label(plan, obligation), report_title(obligation)


def item_standing(status: str, deadline: ItemDeadline | None) -> str:
    """An item's status, against its deadline where it has one: "Hoàn thành quá hạn (3 ngày)",
    "Chưa thực hiện, quá hạn 16 ngày", "Đang thực hiện trong hạn"."""
    if deadline is None or deadline.state == "no-deadline":
        return tr("status_" + status)
    label = tr("item_" + deadline.state)
    if not deadline.days_late:
        return label
    if deadline.state == "not-started":
        return tr("item_not_started_late", label=label, days=deadline.days_late)
    return tr("item_late_by", label=label, days=deadline.days_late)


def days_left(days: int, working: int | None = None) -> str:
    """"còn 3 ngày", "quá hạn 2 ngày": said once per number of days in a run (thousands of lines
    share a few hundred). `working`: the working days too, where the plan counts them
    (`count_days = "working"`): "còn 7 ngày (5 ngày làm việc)"."""
    if working is not None:
        return tr("left_with_working", left=days_left(days), working=abs(working))
    key = (language(), days)
    said = _DAYS_LEFT.get(key)
    if said is None:
        if days < 0:
            said = tr("left_overdue", days=-days)
        else:
            said = tr("left_today") if days == 0 else tr("left_days", days=days)
        _DAYS_LEFT[key] = said
    return said


_DAYS_LEFT: dict[tuple[str, int], str] = {}


def reminder_line(plan: Plan, reminder: Reminder) -> str:
    """One cron line, e.g. "Báo cáo 6 tháng đầu năm 2022 của …: hạn 15/06/2022, còn 3 ngày"."""
    if reminder.report is not None:
        return for_display(report_reminder(unit_report(plan, reminder.report), reminder.due, reminder.days_left,
                                           reminder.working_days_left))
    deadline = reminder.item
    assert deadline is not None
    item = deadline.item
    return for_display(item_reminder(item.kind, item.id, item.text, reminder.due, reminder.days_left, deadline.state,
                                     deadline.note, reminder.working_days_left))


def report_reminder(what: str, due: date, days: int, working: int | None = None) -> str:
    """The line of a report: what (`unit_report`), its deadline, the days left or overdue. Filled
    in without `tr`'s care for each value: the caller makes the whole line safe (`for_display`),
    and a run across an office's plans writes thousands of these."""
    return template("remind_report").format(what=what, due=format_date(due), left=days_left(days, working))


def item_reminder(kind: str, item_id: str, text: str, due: date, days: int, state: str, note: str = "",
                  working: int | None = None) -> str:
    """The line of an item; the days are in `left`, its state after them, then the note that says
    why it is blocked, if it is. Made safe by the caller."""
    line = template("remind_item").format(kind=template("kind_" + kind), id=item_id, text=shorten(text, 60),
                                          due=format_date(due), left=days_left(days, working),
                                          status=template("item_" + state))
    return template("remind_note").format(line=line, note=shorten(note, 120)) if note else line


def _working_left(plan: Plan, today: date, due: date) -> int | None:
    """The working days left until `due`, where the plan counts them (`count_days = "working"`)."""
    if plan.calendar.count_days != "working":
        return None
    from ..core.workdays import working_days_between

    return working_days_between(plan.calendar, today, due)


def dashboard_header(board: Dashboard) -> list[tuple[str, str]]:
    from ..core.deadlines import ItemDeadline

    plan = board.plan
    rows = [(tr("dash_today"), format_date(board.today)), (tr("dash_plan"), clean(plan.title))]
    if not board.started:
        rows.append((tr("dash_plan_state"), tr("dash_not_started", start=format_date(plan.start))))
    if board.ended:
        rows.append((tr("dash_plan_state"), tr("dash_ended", end=format_date(plan.end))))
    period = board.period
    rows.append((tr("dash_period"), f"{period_name(period, plan)} ({period.id})" if period else "—"))
    soonest = board.soonest
    if soonest is None:
        rows.append((tr("dash_next"), tr("dash_none")))
    elif isinstance(soonest, ItemDeadline):
        due = soonest.item.due
        assert due is not None
        what = tr("next_item", kind=tr("kind_" + soonest.item.kind), id=soonest.item.id,
                  text=shorten(soonest.item.text, 60))
        left = days_left((due - board.today).days, _working_left(plan, board.today, due))
        rows.append((tr("dash_next"), f"{format_date(due)} ({left}) — {clean(what)}"))
    else:
        left = days_left((soonest.due - board.today).days, _working_left(plan, board.today, soonest.due))
        rows.append((tr("dash_next"), f"{format_date(soonest.due)} ({left}) — {clean(unit_report(plan, soonest))}"))
    rows.append((tr("col_overdue"), tr("dash_overdue", reports=board.overdue_reports, items=board.overdue_items)))
    return rows


def submitted_line(plan: Plan, row: ReportRow) -> str:
    ref = f", {row.ref}" if row.ref else ""
    return tr("submitted", unit=owner_name(plan, row), report=report_name(row.obligation),
              date=format_date(row.submitted), ref=clean(ref), state=f" — {report_state(row)}")


def disagreement_line(plan: Plan, obligation: Obligation | None, found: Disagreement, source: str) -> str:
    """An imported receipt that differs from ours, in one line: which report, ours, theirs, and which
    one stands now (`obligation`: the report the target names, None when the plan no longer has it)."""
    what = unit_report(plan, obligation) if obligation is not None else found.target.replace("@", " ")
    ours = receipt_words(found.ours.done_on, found.ours.ref)
    theirs = receipt_words(found.theirs.date, found.theirs.ref)
    stands = tr("import_theirs_stand" if found.theirs_stands else "import_ours_stand", source=source,
                receipt=receipt_words(found.standing.done_on, found.standing.ref))
    return tr("import_disagreement", report=clean(what), ours=ours, theirs=theirs, source=clean(source), stands=stands)


def receipt_words(received: date | None, ref: str) -> str:
    """"10/06/2022, số 12-BC/MTTQ", "10/06/2022, không có số"."""
    number = tr("receipt_ref", ref=clean(ref)) if ref else tr("receipt_no_ref")
    return f"{format_date(received)}, {number}"


def waived_line(plan: Plan, row: ReportRow) -> str:
    return tr("waived", unit=owner_name(plan, row), report=report_name(row.obligation), reason=clean(row.note))


def group_title(unit: Unit) -> str:
    """"Nhiệm vụ của Ban Tuyên giáo Thị ủy (btg)"; the whole plan's group has no id to show."""
    if not unit.id:  # the contents and forms that name no unit
        return tr("duties_of", unit=tr("whole_plan"))
    return f"{tr('duties_of', unit=clean(unit.name))} ({unit.id})"


def plan_label(plan: Plan) -> str:
    """How a line names its plan in an office of many: its document number, else its id."""
    return for_display(plan.number or plan.id)


def office_next(view: PlanView, due: Due | None) -> dict[str, Any] | None:
    """A plan's nearest deadline in the office's status, as JSON has it and the text says it."""
    from ..core.overview import item_state

    if due is None:
        return None
    when = date.fromordinal(due.due).isoformat()
    if due.is_item:
        item = view.overview.items[due.index]
        what = tr("next_item", kind=tr("kind_" + item[3]), id=item[2], text=shorten(view.item_texts[due.index], 60))
        return {"kind": "item", "id": item[2], "due": when, "days": due.days_left, "what": what,
                "state": item_state(view.overview, due)}
    report = view.overview.reports[due.index]
    return {"kind": "report", "unit": report[2], "member": report[3] or None, "due": when, "days": due.days_left,
            "what": view.report_names[due.index]}


def unit_owes(owes: UnitOwes) -> str:
    """"MTTQ: 5 báo cáo còn nợ ở 2 kế hoạch" (the roster's unit, across plans), or "MTTQ (15-KH/ThU):
    3 báo cáo còn nợ" (a unit only that plan defines)."""
    if owes.plan:
        return tr("workspace_unit_owes_in_plan", unit=owes.name, count=owes.reports, plan=owes.plan_label)
    return tr("workspace_unit_owes", unit=owes.name, count=owes.reports, plans=owes.plans)


def plan_state_lines(view: PlanView, today: date) -> list[str]:
    """A plan's state in the office's status when it is not running: "chưa bắt đầu (từ …)" before
    its first day, "đã kết thúc (…)" after its last, as one plan's dashboard says it."""
    start, end = view.overview.start, view.overview.end
    if start and today.toordinal() < start:
        return [f"{tr('dash_plan_state')}: " + tr("dash_not_started", start=format_date(date.fromordinal(start)))]
    if end and today.toordinal() > end:
        return [f"{tr('dash_plan_state')}: " + tr("dash_ended", end=format_date(date.fromordinal(end)))]
    return []


def office_status_lines(status: OfficeStatus) -> list[str]:
    """`status` across the office in lines: a block per plan, then what each unit owes in all."""
    out = [f"{tr('dash_today')}: {format_date(status.today)}", ""]
    for view, standing in status.plans:
        found = office_next(view, standing.next_due)
        left = days_left(found["days"], standing.next_working_days) if found else ""
        nearest = (f"{format_date(date.fromisoformat(found['due']))} ({left}) — {found['what']}"
                   if found else tr("dash_none"))
        out += [f"== {view.label} — {view.title}", *plan_state_lines(view, status.today),
                f"{tr('dash_next')}: {nearest}",
                f"{tr('col_overdue')}: " + tr("dash_overdue", reports=standing.overdue_reports,
                                              items=standing.overdue_items), ""]
    out.append(tr("workspace_totals") + ":")
    out += [unit_owes(o) for o in status.owed]
    if not status.owed:
        out.append(tr("workspace_nothing_owed"))
    return [for_display(line) for line in out]
