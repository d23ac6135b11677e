"""The plan's `[reporting]` from the rules the sentences state: who reports, to whom and through
whom, at which periods and by which day; the defaults where a document says "theo quy định",
and the consolidated report of the unit that sums the others up.
"""

from __future__ import annotations

import re
from datetime import date

from ..core.periods import periods_of
from .assign import CITED, REQUESTS, dedupe
from .bodies import Body, find_names
from .draft import Draft
from .header import Identity
from .items import effective_units
from .parts import Context, ItemDraft
from .reports import DEFAULT_ANNUAL, DEFAULT_DUE, Due, RuleFound, once_id
from .words import folded, slug


def reporting_table(identity: Identity, context: Context, draft: Draft, issuer: Body | None,
               plan: dict[str, object]) -> dict[str, object] | None:
    rules: list[dict[str, object]] = []
    taken_once: set[str] = set()
    duty_units = _duty_units(context)
    rhythm = [kd for found, _i in context.rules if not found.consolidated for kd in found.kinds if kd[0] != "inherit"]
    for found, item in context.rules:
        if found.kinds and found.kinds[0][0] == "inherit":
            if not rhythm:
                continue
            found = RuleFound(kinds=[(k, _later(_with_default(k, d, identity))) for k, d in _unique_kinds(rhythm)],
                              sentence=found.sentence, consolidated=True, inherited=True)
        owners, receivers, via = _who(found, item, context, issuer, duty_units)
        if not owners or not receivers:
            continue
        rule: dict[str, object] = {"id": "", "kind": "consolidated" if found.consolidated and item else "unit",
                                   "units": owners, "to": receivers}
        if via and via not in owners and via not in receivers:
            rule["via"] = via
        rule["source"] = item.id if item else "closing"
        checks: list[tuple[tuple[str | int, ...], str]] = []
        if found.kinds:
            dues = []
            for k, (kind, due) in enumerate(found.kinds):
                table, guessed = _due_table(kind, due, identity)
                dues.append(table)
                if found.inherited:
                    guessed = ("văn bản chỉ ghi “định kỳ … tổng hợp báo cáo”: kỳ báo cáo lấy theo báo cáo của các "
                               "đơn vị, hạn sau hạn của các đơn vị 5 ngày")
                if guessed:
                    checks.append((("due", k), guessed))
            rule["due"] = dues
            rule["name"] = "Báo cáo định kỳ" + (" tổng hợp" if rule["kind"] == "consolidated" else "")
        else:
            onces = []
            for name, due_on, where in found.once:
                period = once_id(name, due_on, taken_once)
                taken_once.add(period)
                onces.append({"period": period, "due": due_on, "name": name})
                if where.year_supplied:
                    checks.append((("once", len(onces) - 1),
                                   f"năm {due_on.year} của hạn báo cáo do chương trình suy ra"))
            rule["once"] = onces
            rule["name"] = onces[0]["name"] if onces else "Báo cáo"
        if any(folded(str(r.get("name", ""))) == folded(str(rule["name"])) and r["units"] == rule["units"]
               and r.get("due") == rule.get("due") and r.get("once") == rule.get("once") for r in rules):
            continue  # the same rule said twice (in a unit's paragraph and in the closing)
        rule["id"] = _rule_id(rule, rules)
        if any(b.collective for b in context.bodies.used() if b.id in owners):
            rule["per_member"] = True
            checks.append(((), "đơn vị chung (như “các chi, đảng bộ”) báo cáo riêng từng thành viên (per_member); "
                               "hãy ghi các thành viên vào danh sách đơn vị của văn phòng (sapa roster)"))
        n = len(rules)
        rules.append(rule)
        for path, message in checks:
            draft.check(("reporting", "rules", n, *path), message, found.sentence[:240])
        if not item and rule["kind"] == "unit" and not found.consolidated:
            draft.check(("reporting", "rules", n, "units"),
                        "các đơn vị báo cáo là các đơn vị có nhiệm vụ trong kế hoạch (văn bản ghi chung “các cơ quan, "
                        "đơn vị”)", found.sentence[:240])
    if not rules:
        return None
    first, last = _reporting_span(plan, rules)
    reporting: dict[str, object] = {}
    if first:
        reporting["first"], reporting["last"] = first, last
        draft.check(("reporting", "first"), "kỳ báo cáo đầu và cuối suy ra từ thời gian của kế hoạch")
    reporting["rules"] = rules
    return reporting

def _unique_kinds(pairs: list[tuple[str, Due]]) -> list[tuple[str, Due]]:
    seen: dict[str, Due] = {}
    for kind, due in pairs:
        seen.setdefault(kind, due)
    return list(seen.items())

def _with_default(kind: str, due: Due, identity: Identity) -> Due:
    if due.day:
        return due
    default = DEFAULT_ANNUAL.get(identity.system or "party") if kind == "annual" else DEFAULT_DUE[kind]
    assert default is not None
    return default

def _later(due: Due, days: int = 5) -> Due:
    """A roll-up is due a few days after the reports it sums up."""
    if not due.day:
        return due
    return Due(day=min(due.day + days, 28), month=due.month, months_after_end=due.months_after_end, phrase=due.phrase)

def _duty_units(context: Context) -> list[str]:
    """The units that carry duties of their own, in order, without a parent whose duties are
    all carried by its units ("UBND thị xã chỉ đạo …" over its offices)."""
    carrying: list[str] = []
    for item in context.items:
        if item.kind in ("duty", "content", "form") or item.kind == "section" and item.units:
            for unit in item.units:
                if unit not in carrying:
                    carrying.append(unit)
    parents = set(context.parents.values())
    direct = {u for i in context.items if i.kind == "duty" for u in effective_units(i, context)}
    return [u for u in carrying if u not in parents or u in direct and not _only_via_children(u, context)]

def _only_via_children(unit: str, context: Context) -> bool:
    sections = [i for i in context.items if i.kind == "section" and i.units == [unit]]
    for section in sections:
        children = [i for i in context.items if i.parent == section.id]
        if any(c.kind == "duty" and not c.units for c in children):
            return False
    return bool(sections)

def _who(found: RuleFound, item: ItemDraft | None, context: Context, issuer: Body | None,
         duty_units: list[str]) -> tuple[list[str], list[str], str | None]:
    """Who reports, to whom ("về Thị ủy", "báo cáo Thị ủy và Ban Tuyên giáo Tỉnh ủy"), through
    whom ("qua Ban Tuyên giáo")."""
    sentence = found.sentence
    names = [(s, e, b) for s, e in find_names(sentence) if (b := context.bodies.body_for(sentence[s:e])) is not None]
    receivers: list[str] = []
    via: str | None = None
    owners: list[str] = []
    previous_end = -1
    for start, end, body in names:
        before = folded(sentence[max(0, start - 30):start])
        joined = receivers and sentence[previous_end:start].strip() in (",", "và", ", và")
        if before.endswith(("qua", "thong qua")):
            via = body.id
        elif before.endswith(("ve", "gui ve", "gui", "bao cao", "trinh", "toi", "len")) or joined:
            receivers.append(body.id)
        elif (not receivers and via is None and before.split()[-1:] not in (["voi"], ["hop"])
              and not REQUESTS.match(sentence[end:]) and not CITED.search(sentence[max(0, start - 25):start])):
            owners.append(body.id)
        previous_end = end
    owners = [o for o in dedupe(owners) if o not in receivers and o != via]
    if item is not None and not owners:
        owners = [o for o in effective_units(item, context) if o not in receivers]
    if not owners:
        owners = [u for u in duty_units if u not in receivers and u != via]
        if issuer is not None:
            owners = [u for u in owners if u != issuer.id]
    if not receivers and issuer is not None:
        receivers = [issuer.id]
    owners = [o for o in dedupe(owners) if o not in receivers]
    return owners, dedupe(receivers), via

def _due_table(kind: str, due: Due, identity: Identity) -> tuple[dict[str, object], str]:
    guessed = ""
    if not due.day:
        default = DEFAULT_ANNUAL.get(identity.system or "party") if kind == "annual" else DEFAULT_DUE[kind]
        assert default is not None
        due = default
        guessed = "văn bản không ghi hạn nộp (“theo quy định”); chương trình đặt hạn thường dùng, cần kiểm tra"
    table: dict[str, object] = {"period": kind}
    if due.month:
        table["month"] = due.month
    else:
        table["months_after_end"] = max(due.months_after_end, 0)
        if due.months_after_end > 0 and not re.search(r"sau|tiep theo|dau quy", folded(due.phrase)):
            guessed = guessed or "hạn “ngày … hằng tháng” được hiểu là ngày đó của tháng sau khi hết kỳ"
    table["day"] = due.day
    return table, guessed

def _rule_id(rule: dict[str, object], rules: list[dict[str, object]]) -> str:
    base = "bao-cao-tong-hop" if rule["kind"] == "consolidated" else (
        "bao-cao-dinh-ky" if "due" in rule else slug(str(rule.get("name", "bao-cao")), 24))
    taken = {str(r["id"]) for r in rules}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate

def _reporting_span(plan: dict[str, object], rules: list[dict[str, object]]) -> tuple[str, str]:
    """The first and last period reported: the first period of any kind the rules name that ends
    after the plan starts (a plan issued in January owes its first six-month report), and the last
    that ends by the plan's end."""
    if not any("due" in r for r in rules):
        return "", ""
    start, end = plan["start"], plan["end"]
    assert isinstance(start, date) and isinstance(end, date)
    kinds = {d["period"] for r in rules for d in r.get("due", [])}  # type: ignore[attr-defined]
    periods = sorted(p for kind in kinds for year in range(start.year, end.year + 1) for p in periods_of(kind, year))
    after_start = [p for p in periods if p.end >= start]
    by_end = [p for p in after_start if p.end <= end] or after_start[:1]
    return min(after_start, key=lambda p: p.end).id, max(by_end, key=lambda p: p.end).id
