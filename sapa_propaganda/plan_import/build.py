"""From a read document to a draft plan: the outline, the header, the items, the units, the
reporting rules, and a check for every guess (`draft.Check`)."""

from __future__ import annotations

import re
from datetime import date

from ..core.model import Unit
from .assign import dedupe, sole_name
from .blocks import SourceDocument
from .bodies import Bodies, Body
from .draft import Draft
from .header import Identity, read_identity
from .items import closing_rules, effective_units, walk
from .outline import KIND_NAMES, Outline, split_document
from .parts import Context, ItemDraft
from .rules import reporting_table
from .when import YearContext, first_year
from .words import folded, slug


def draft_from(document: SourceDocument, roster: tuple[Unit, ...] = (), plan_id: str | None = None) -> Draft:
    outline = split_document(document)
    identity = read_identity(outline)
    years = YearContext(issued=identity.issued, latest_year=first_year(identity.title) or
                        (identity.issued.year if identity.issued else None))
    context = Context(bodies=Bodies(roster), years=years)
    walk(outline.body, None, context, "content", [])
    closing_rules(outline, context)
    _addressees_carry(outline.addressees, context)
    return _assemble(document, outline, identity, context, plan_id)


# What a letter asks of the bodies it is addressed to; a paragraph that only tells (the background,
# "Văn phòng Chính phủ đã có công văn …") asks nothing.
_ASKS = re.compile(r"\b(đề nghị|yêu cầu|giao|chỉ đạo|triển khai|thực hiện|báo cáo|gửi|tổ chức|chấp hành|các đơn vị|"
                   r"quý cơ quan|quý đơn vị|khẩn trương|tham gia)\b", re.IGNORECASE)
# "các Bộ", "các trường", "các đơn vị trực thuộc": a letter's way of naming its addressees.
_PLURAL_OF_A_KIND = re.compile(r"cac \w+( \w+)?( truc thuoc)?")
# "Các Bộ: Tài chính, Kế hoạch và Đầu tư": one head for several bodies.
_SHARED_HEAD = re.compile(r"^(?:các\s+)?(Bộ|Sở|Ban|Phòng|Hội|Cục|Vụ)\s*:\s*(.+)$", re.IGNORECASE)
_TITLE_BEFORE = re.compile(r"^(đồng chí\s+)?(phó\s+)?(giám đốc|chủ tịch|thủ trưởng|chánh văn phòng|trưởng ban|"
                           r"trưởng phòng|bí thư|cục trưởng|vụ trưởng|tổng giám đốc)\s+(?=\S)", re.IGNORECASE)


def _addressees_carry(addressees: list[str], context: Context) -> None:
    """A công văn or thông báo asks its addressees ("Kính gửi: …") to act: what its body asks of
    no one it names ("đề nghị các đơn vị …", "Các đơn vị thực hiện trước ngày 24/3/2016") is
    theirs. The clerk checks it."""
    ids = dedupe([b.id for line in addressees for name in _addressee_names(line)
                  if (b := context.bodies.body_for(name)) is not None])
    if not ids:
        return
    by_id = {b.id: b for b in context.bodies.used()}
    addressee_keys = [by_id[i].key for i in ids if i in by_id]
    for item in context.items:
        text = item.text or item.title
        by_kind = [u for u in item.units if u not in ids and u in by_id and _PLURAL_OF_A_KIND.fullmatch(by_id[u].key)
                   and _names_addressees(by_id[u].key, addressee_keys)]
        if by_kind:  # "đề nghị các Bộ cho ý kiến", "Hiệu trưởng các trường, …": the addressees, by kind
            item.units = dedupe([u for u in item.units if u not in by_kind] + ids)
            continue
        if item.kind == "section" and not item.due or effective_units(item, context):
            continue
        if item.due or _ASKS.search(text):
            item.units = list(ids)
            item.kind = "duty"
            item.checks.append(("units", "văn bản không nêu đơn vị: chương trình giao cho nơi nhận (“Kính gửi”)",
                                text[:160]))


def _names_addressees(key: str, addressees: list[str]) -> bool:
    """Whether "các X" names the addressees by their kind: "các đơn vị", "các cơ quan" any of them;
    "các trường", "các Bộ" those whose names have that word."""
    kind = key.split()[1]
    return kind in ("don", "co") or any(kind in a.split() for a in addressees)


def _addressee_names(line: str) -> list[str]:
    """The bodies an addressee line names: "Giám đốc Sở Văn hóa, Thể thao và Du lịch" is the Sở;
    "Các Bộ: Tài chính, Kế hoạch và Đầu tư" two Bộ; a post that names no body is kept as written
    ("Hiệu trưởng trường Trung học phổ thông")."""
    line = line.strip().strip(" -–•+;,.")
    shared = _SHARED_HEAD.match(line)
    if shared:
        head = shared.group(1)[:1].upper() + shared.group(1)[1:].lower()
        return [f"{head} {part.strip()}" for part in re.split(r"[,;]\s*", shared.group(2)) if part.strip()]
    bare = _TITLE_BEFORE.sub("", line)
    name = sole_name(bare, 0.7)
    if name is not None:
        return [name]
    return [line] if len(line) <= 120 else []


# --- items ----------------------------------------------------------------------------------------

def _assemble(document: SourceDocument, outline: Outline, identity: Identity, context: Context,
              plan_id: str | None) -> Draft:
    draft = Draft(data={}, source_name=document.name)
    plan = _plan_table(identity, context, plan_id, draft)
    draft.data["format"] = 1
    draft.data["plan"] = plan
    issuer = _issuer_unit(identity, context)
    _issuer_keeps_the_rest(context, issuer)
    reporting = reporting_table(identity, context, draft, issuer, plan)
    units_used = _units_in_use(context, reporting)
    if not units_used:  # a plan names at least one unit; a document that gives no one work names its issuer
        fallback = issuer or context.bodies.body_for(identity.issuer or "Cơ quan ban hành văn bản")
        units_used = [fallback] if fallback is not None else []
        draft.check(("units", 0), "văn bản không giao việc cho đơn vị nào: chương trình ghi cơ quan ban hành làm "
                                  "đơn vị; thêm các đơn vị thực hiện nếu có")
    draft.data["units"] = [_unit_table(b, context, draft, i) for i, b in enumerate(units_used)]
    draft.data["items"] = [_item_table(item, draft, n) for n, item in enumerate(context.items)]
    if reporting:
        draft.data["reporting"] = reporting
    if document.notes:
        plan["assumptions"] = [*document.notes]
    return draft

def _plan_table(identity: Identity, context: Context, plan_id: str | None, draft: Draft) -> dict[str, object]:
    plan: dict[str, object] = {}
    plan["id"] = plan_id or _plan_id(identity)
    if not plan_id:
        draft.check(("plan", "id"), "mã kế hoạch do chương trình đặt từ số và năm của văn bản; có thể đổi trước khi "
                                    "thêm vào (sau đó giữ nguyên)")
    plan["kind"] = identity.kind or "KH"
    plan["number"] = identity.number
    if "number" in identity.guessed:
        draft.check(("plan", "number"), f"văn bản để trống số (“{identity.guessed['number']}”): ghi số khi có")
    plan["issued"] = identity.issued if identity.issued else ""
    if not identity.issued:
        draft.check(("plan", "issued"), "văn bản không ghi (hoặc để trống) ngày ban hành")
    if identity.place:
        plan["place"] = identity.place
    plan["title"] = identity.title or f"{KIND_NAMES.get(identity.kind, 'Kế hoạch')} (chưa rõ tên)"
    if not identity.title:
        draft.check(("plan", "title"), "không tìm thấy trích yếu (tên) của văn bản; hãy ghi lại")
    plan["issuer"] = identity.issuer or "(chưa rõ cơ quan ban hành)"
    if "issuer" in identity.guessed or not identity.issuer:
        draft.check(("plan", "issuer"), "cơ quan ban hành suy ra từ nội dung, không từ phần đầu văn bản",
                    identity.guessed.get("issuer", ""))
    start, end, why_start, why_end = _span(identity, context)
    plan["start"], plan["end"] = start, end
    draft.check(("plan", "start"), why_start)
    draft.check(("plan", "end"), why_end)
    for item in context.items:  # a year misread (a law's, a past event's), or a slip in the document
        if item.due and item.due < start:
            item.checks.append(("due", f"hạn {item.due:%d/%m/%Y} trước ngày bắt đầu kế hoạch ({start:%d/%m/%Y}): "
                                       "đối chiếu với văn bản", item.text[:200]))
    if identity.basis:
        plan["basis"] = identity.basis
    if identity.preamble:
        plan["preamble"] = identity.preamble
    if identity.closing:
        plan["closing"] = identity.closing
    if identity.recipients:
        plan["recipients"] = identity.recipients
    if identity.signer_on_behalf or identity.signer_title or identity.signer_name:
        signer = {}
        if identity.signer_on_behalf:
            signer["on_behalf"] = identity.signer_on_behalf
        if identity.signer_title:
            signer["title"] = identity.signer_title
        if identity.signer_name:
            signer["name"] = identity.signer_name
        plan["signer"] = signer
    return plan

def _plan_id(identity: Identity) -> str:
    year = identity.issued.year if identity.issued else None
    if identity.number and any(ch.isdigit() for ch in identity.number):
        base = slug(identity.number.replace("/", "-"), 40)
        return f"{base}-{year}" if year and str(year) not in base else base
    words = slug(re.sub(r"^(kế hoạch|hướng dẫn|công văn)\s+", "", identity.title, flags=re.IGNORECASE), 30)
    prefix = slug(identity.kind or "kh", 5)
    return "-".join(part for part in (prefix, words, str(year) if year else "") if part) or "ke-hoach"

def _span(identity: Identity, context: Context) -> tuple[date, date, str, str]:
    """The plan's span: from its issue (or first date) to its last deadline, phase or year."""
    starts = [i.start for i in context.items if i.start] + [i.due for i in context.items if i.due]
    ends = [i.due for i in context.items if i.due] + [i.end for i in context.items if i.end]
    for found, _item in context.rules:
        ends += [d for _name, d, _f in found.once]
    # A term named in the title ("… bầu cử … nhiệm kỳ 2026 - 2031") is not the plan's own span.
    title = re.sub(r"nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}", "", identity.title, flags=re.IGNORECASE)
    title_years = [int(y) for y in re.findall(r"(?<!\d)(20\d\d|19\d\d)(?!\d)", title)]
    cited = _dates_cited(identity.preamble)
    if identity.issued:
        start = identity.issued
        why_start = "ngày bắt đầu lấy theo ngày ban hành; sửa nếu kế hoạch bắt đầu ngày khác"
    elif cited:
        start = max(cited)
        why_start = ("văn bản không ghi ngày ban hành: ngày bắt đầu lấy theo ngày của văn bản căn cứ mới nhất "
                     f"({start.day:02d}/{start.month:02d}/{start.year}); cần sửa theo ngày thực tế")
    elif starts:
        start = min(starts)
        why_start = "văn bản không ghi ngày ban hành: ngày bắt đầu lấy theo mốc sớm nhất trong văn bản"
    else:
        year = title_years[0] if title_years else context.years.latest_year or date.today().year
        start = date(year, 1, 1)
        why_start = "văn bản không ghi ngày ban hành hay mốc thời gian nào: ngày bắt đầu là đầu năm, cần sửa"
    if title_years and max(title_years) >= start.year:
        end = date(max(title_years), 12, 31)
        why_end = f"ngày kết thúc lấy theo năm {max(title_years)} ghi trong tên văn bản"
        if ends and max(ends) > end:
            end = max(ends)
            why_end = "ngày kết thúc lấy theo thời hạn muộn nhất trong văn bản"
    elif ends:
        end = max(max(ends), start)
        why_end = "ngày kết thúc lấy theo thời hạn muộn nhất trong văn bản"
    else:
        end = date(start.year, 12, 31)
        why_end = "văn bản không ghi thời hạn: ngày kết thúc là cuối năm bắt đầu, cần sửa"
    term = _open_ended_term(context, start)
    if term and term > end:
        end = term
        why_end = (f"kế hoạch kéo dài “các năm tiếp theo”: ngày kết thúc lấy theo hết nhiệm kỳ/giai đoạn "
                   f"{term.year} nêu trong văn bản")
    if any(found.kinds for found, _i in context.rules) and end.year == start.year and end < date(end.year, 12, 31):
        end = date(end.year, 12, 31)
        why_end = "có báo cáo định kỳ: kế hoạch được theo dõi đến hết năm; sửa nếu văn bản ghi khác"
    return start, end, why_start, why_end

def _dates_cited(preamble: str) -> list[date]:
    out = []
    for d, m, y in re.findall(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)", preamble):
        try:
            out.append(date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return out

def _open_ended_term(context: Context, start: date) -> date | None:
    """A plan "for 2022 and the following years" runs to the end of the term it names."""
    texts = " ".join(i.title or i.text for i in context.items)
    if not re.search(r"các năm tiếp theo|những năm tiếp theo|cả nhiệm kỳ|hết nhiệm kỳ|hằng năm|hàng năm", texts,
                     re.IGNORECASE):
        return None
    ends = [int(b) for a, b in re.findall(r"(?:nhiệm kỳ|giai đoạn)\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", texts,
                                         flags=re.IGNORECASE) if int(a) <= start.year <= int(b)]
    return date(min(ends), 12, 31) if ends else None

def _issuer_unit(identity: Identity, context: Context) -> Body | None:
    name = identity.issuer
    if not name:
        return None
    return context.bodies.body_for(name)

def _issuer_keeps_the_rest(context: Context, issuer: Body | None) -> None:
    """A plan of the issuer's own work ("Ban Thường trực … tiến hành kiểm tra" in three phases) names
    no one for what it keeps for itself: a dated item that nobody carries is the issuer's, if the
    plan gives the issuer work elsewhere. The clerk checks it."""
    if issuer is None or not any(issuer.id in item.units for item in context.items):
        return
    for item in context.items:
        if item.due and item.kind != "paragraph" and not effective_units(item, context):
            item.units = [issuer.id]
            item.checks.append(("units", f"văn bản không nêu ai thực hiện: chương trình giao cho cơ quan ban hành "
                                         f"({issuer.name})", (item.text or item.title)[:160]))


def _units_in_use(context: Context, reporting: dict[str, object] | None) -> list[Body]:
    """The units that carry, support or receive something; a body only mentioned in passing is
    no unit of the plan, and its mentions go."""
    wanted: set[str] = set()
    for item in context.items:
        wanted.update(item.units)
        wanted.update(item.partners)
    for rule in (reporting or {}).get("rules", []):  # type: ignore[attr-defined]
        wanted.update(rule["units"])
        wanted.update(rule["to"])
        if "via" in rule:
            wanted.add(rule["via"])
    wanted.update(context.parents[u] for u in list(wanted) if u in context.parents)
    for item in context.items:
        item.mentions = [m for m in item.mentions if m in wanted]
    return [b for b in context.bodies.used() if b.id in wanted]

def _unit_table(body: Body, context: Context, draft: Draft, n: int) -> dict[str, object]:
    unit: dict[str, object] = {"id": body.id, "name": body.name}
    aliases = [a for a in body.aliases if folded(a) != folded(body.name)]
    if aliases:
        unit["aliases"] = dedupe(aliases)[:6]
    parent = context.parents.get(body.id)
    if parent and parent != body.id:
        unit["parent"] = parent
    if body.loose:
        draft.check(("units", n), f"tên đơn vị khớp gần đúng: {body.loose}")
    if body.collective and not body.roster:
        unit["note"] = "Văn bản nêu chung nhiều đơn vị; ghi danh sách thành viên (members) hoặc thêm vào danh sách " \
                       "đơn vị của văn phòng (sapa roster) để theo dõi từng đơn vị."
    return unit

def _item_table(item: ItemDraft, draft: Draft, n: int) -> dict[str, object]:
    table: dict[str, object] = {"id": item.id, "kind": item.kind}
    if item.kind == "section":
        table["title"] = item.title or item.text
    else:
        table["text"] = item.text or item.title
    if item.units and item.kind in ("section", "duty", "content", "form"):
        table["units"] = item.units
    if item.partners and item.kind != "paragraph":
        table["partners"] = item.partners
    if item.mentions:
        table["mentions"] = item.mentions
    if item.start and item.end and item.start <= item.end:
        table["start"], table["end"] = item.start, item.end
    if item.due:
        table["due"] = item.due
    for key, message, source in item.checks:
        if key in table or key == "units":
            draft.check(("items", n, key if key in table else "id"), message, source)
    return table
