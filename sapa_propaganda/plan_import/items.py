"""The document's items for the draft plan: ids from its own numbering, kinds from their
sections, units from the unit paragraphs and assignments, deadlines and phases, and the
sentences that state reporting rules.
"""

from __future__ import annotations

import re

from .assign import assign, dedupe, listed
from .bodies import Body, find_names
from .outline import Node, Outline
from .parts import Context, ItemDraft
from .reports import RuleFound, reporting_in, sentences
from .when import Found, dates_in, period_end
from .words import folded, id_component

# What a top-level section is about, from its title (folded): its leaves' kind.
_SECTION_KINDS = [
    ("paragraph", ("muc dich", "yeu cau", "muc tieu", "quan diem", "chi tieu", "kinh phi", "co so", "tinh hinh",
                   "ket qua", "danh gia", "pham vi", "doi tuong", "nguyen tac")),
    ("form", ("hinh thuc",)),
    ("duty", ("to chuc thuc hien", "phan cong", "trach nhiem", "nhiem vu cu the", "giai phap")),
    ("content", ("noi dung", "nhiem vu", "thoi gian", "chuong trinh", "hoat dong", "buoc", "giai doan")),
]

_ATTRIBUTE = re.compile(r"^(?P<what>(cơ quan|đơn vị|bộ phận)\s+(chủ trì|thực hiện|phụ trách|chịu trách nhiệm)|"
                        r"(cơ quan|đơn vị)?\s*phối hợp|chủ trì|thời gian(\s+(thực hiện|hoàn thành))?|"
                        r"thời hạn(\s+hoàn thành)?|"
                        r"sản phẩm|kết quả)\s*:\s*(?P<value>.+)$", re.IGNORECASE)


def effective_units(item: ItemDraft, context: Context) -> list[str]:
    by_id = {i.id: i for i in context.items}
    current: ItemDraft | None = item
    while current is not None:
        if current.units:
            return current.units
        current = by_id.get(current.parent) if current.parent else None
    return []

def walk(nodes: list[Node], parent: ItemDraft | None, context: Context, section: str, inherited: list[str],
          first_free: int = 1) -> None:
    used: set[str] = {str(n) for n in range(1, first_free)}
    for node in nodes:
        if _numbered(node):
            used.add(_component(node))
    counter = 0
    for node in nodes:
        attribute = _ATTRIBUTE.match(node.text) if parent is not None else None
        if not _numbered(node):
            counter += 1
            while str(counter) in used:
                counter += 1
            component = str(counter)
        else:
            component = _component(node)
        item_id = _unique(f"{parent.id}.{component}" if parent else component, context)
        top_section = _section_kind(node.text, section, parent is None) if node.children else section
        item = _item(node, item_id, parent, context, top_section, inherited)
        if attribute and parent is not None:
            _apply_attribute(parent, attribute, context)
            item.kind = "paragraph"
        own_units = item.units or inherited
        inline = any(i.parent == item.id for i in context.items)  # a unit's inline first duty took ".1"
        walk(node.children, item, context, top_section, own_units, 2 if inline else 1)
        if node.children and item.kind != "section":
            item.title, item.text = item.text, ""
            item.kind = "section"

def _numbered(node: Node) -> bool:
    """Whether the paragraph's number can be part of an id ("1.", "a)"), not a bullet's "-"."""
    return node.marker is not None and node.marker.kind not in ("dash", "plus") and not node.marker.kind.startswith(
        "auto")


def _component(node: Node) -> str:
    assert node.marker is not None
    label = node.marker.label
    if node.marker.kind == "multi":
        label = label.rsplit(".", 1)[1]
    if node.marker.kind == "dieu":
        return "D" + id_component(label)  # "Điều 2" of a Quyết định: D2, apart from its plan's 1, 2, 3
    return id_component(label)

def _unique(item_id: str, context: Context) -> str:
    taken = {i.id for i in context.items}
    if item_id not in taken:
        return item_id
    for suffix in "bcdefghik":
        if item_id + suffix not in taken:
            return item_id + suffix
    return item_id + "x"

def _section_kind(title: str, inherited: str = "content", top: bool = True) -> str:
    """What a section's leaves are, from the first telling words of its title ("THỜI GIAN, NỘI
    DUNG, HÌNH THỨC" is about contents first). Below the top level only a title that starts with
    such words changes it ("2. Hình thức tuyên truyền"); others keep their parent's."""
    words = " " + folded(title)[:60]
    hits = [(words.find(f" {s}"), kind) for kind, starts in _SECTION_KINDS for s in starts if f" {s}" in words]
    if not top:
        hits = [hit for hit in hits if hit[0] == 0]
    return min(hits)[1] if hits else inherited

def _item(node: Node, item_id: str, parent: ItemDraft | None, context: Context, section: str,
          inherited: list[str]) -> ItemDraft:
    text = node.text.strip().rstrip(":").strip() if node.children else node.text.strip()
    item = ItemDraft(id=item_id, kind=section, parent=parent.id if parent else None, text=text,
                     section=section, source=node.block.where)
    context.items.append(item)
    heading = _unit_heading(node, context, section)
    if heading is not None:
        body, rest = heading
        item.kind = "section"
        item.title = _heading_title(node.text, body)
        item.text = ""
        item.units = [body.id]
        if parent is not None and parent.units and parent.kind == "section" and parent.units != [body.id]:
            context.parents.setdefault(body.id, parent.units[0])
        if rest:
            child = ItemDraft(id=_unique(f"{item_id}.1", context), kind="duty" if section != "paragraph" else section,
                              parent=item_id, text=rest, section=section, source=node.block.where)
            context.items.append(child)
            assign(child, rest, context, [body.id])
            _dates(child, rest, context)
            _rules_of(child, rest, context)
        return item
    if node.block.table and " | " in node.text:
        _table_row(item, node.text, node.block.columns, context)
    else:
        assign(item, text, context, inherited)
    _dates(item, text, context)
    _rules_of(item, text, context)
    if section == "paragraph":
        item.kind = "paragraph"
        item.units, item.partners = [], []
    elif item.units or inherited and section in ("duty", "content", "form"):
        item.kind = "duty" if section in ("duty", "content") and (item.units or section == "duty") else section
    if item.kind == "duty" and not (item.units or inherited):
        item.kind = "content"
    return item

def _heading_title(text: str, body: Body) -> str:
    head = text.split(":", 1)[0].strip() if ":" in text[:200] else text.strip()
    return head.rstrip(":").strip() or body.name

_UNIT_VERBS = re.compile(r"^\s*(chủ trì|phối hợp|chỉ đạo|có trách nhiệm|thực hiện|căn cứ|tổ chức|triển khai|xây dựng|"
                         r"hướng dẫn|tham mưu|theo dõi)", re.IGNORECASE)

def _unit_heading(node: Node, context: Context, section: str) -> tuple[Body, str] | None:
    """"1. Ban Tuyên giáo Huyện ủy: chủ trì …", "2. Ủy ban MTTQ và các đoàn thể" (with bullets
    under it): the paragraph of one unit, and its inline duty, if any."""
    if section == "paragraph" or node.marker is None or node.marker.kind in ("dash", "plus"):
        return None
    text = re.sub(r"^(Đối với|Giao)\s+", "", node.text.strip(), flags=re.IGNORECASE)
    names = find_names(text)
    if not names or names[0][0] > 1:
        return _post_heading(node, text, context) if section == "duty" else None
    start, end = names[0]
    after = text[end:].lstrip()
    if after.startswith(":"):
        rest = after[1:].strip()
    elif not after or after in (".",):
        rest = ""
    elif node.children and (_UNIT_VERBS.match(after) or len(after) < 90):
        rest = ""  # "3. Ủy ban nhân dân thị xã chỉ đạo … các nhiệm vụ sau": a heading over its units' duties
    else:
        return None
    body = context.bodies.body_for(text[start:end])
    if body is None:
        return None
    return body, rest

# "4. Đồng chí Phó Trưởng ban …: …", "3. Cán bộ phụ trách lĩnh vực giám sát": in "Tổ chức thực hiện" a
# plan may give its duties to posts rather than bodies; the post, as written, is then the unit.
_POST = re.compile(r"^(đồng chí|đ/c|các đồng chí|cán bộ|chuyên viên|các thành viên|thành viên|(phó )?(bí thư|chủ tịch|"
                   r"trưởng|giám đốc|thủ trưởng|chánh|tổ trưởng|hiệu trưởng|chỉ huy trưởng))\b", re.IGNORECASE)


def _post_heading(node: Node, text: str, context: Context) -> tuple[Body, str] | None:
    colon = text.find(":")
    if 0 < colon <= 140:
        phrase, rest = text[:colon].strip(), text[colon + 1:].strip()
    elif node.children and len(text.split()) <= 14:
        phrase, rest = text.strip().rstrip("."), ""
    else:
        return None
    if not _POST.match(phrase) or len(phrase.split()) > 16:
        return None
    body = context.bodies.body_for(phrase)
    return (body, rest) if body is not None else None


_SAME_TIME = re.compile(r"^(trong|hết) (thời gian|thời hạn)( [^,.;]{0,40})? (nêu trên|trên|này|đó)\b", re.IGNORECASE)

def _apply_attribute(parent: ItemDraft, match: re.Match[str], context: Context) -> None:
    """"- Cơ quan chủ trì: Sở Nội vụ", "- Thời gian hoàn thành: Quý II/2022" under an item: its
    lead, partners and deadline."""
    what = folded(match.group("what"))
    value = match.group("value").strip()
    if what.startswith("thoi") or what.startswith("thoi han"):
        found = period_end(value, context.years)
        if found:
            set_due(parent, found, value)
        return
    if what.startswith(("san pham", "ket qua")):
        # "Kết quả: …, Báo cáo tổng kết" under a task due "Tháng 4/2026": a report owed by that day
        report = re.search(r"báo cáo (tổng kết|sơ kết)", value, re.IGNORECASE)
        if report and parent.due is not None:
            name = "Báo cáo " + report.group(1).lower()
            found = Found("deadline", parent.due, None, value[:120])
            context.rules.append((RuleFound(kinds=[], once=[(name, parent.due, found)], sentence=value), parent))
        return
    ids = [b.id for name in listed(value) if (b := context.bodies.body_for(name)) is not None]
    if "phoi hop" in what:
        parent.partners = dedupe(parent.partners + [i for i in ids if i not in parent.units])
    elif ids:
        parent.units = dedupe(ids)
        parent.mentions = [m for m in parent.mentions if m not in ids]
        if parent.kind in ("content", "form"):
            parent.kind = "duty"

def _table_row(item: ItemDraft, text: str, columns: tuple[str, ...], context: Context) -> None:
    """A schedule's row. With the table's column names ("Đơn vị chủ trì", "Phối hợp", "Thời gian
    hoàn thành") each cell is read as its column says; without them, the first cell naming bodies
    leads, later ones support, and a short cell with a date or period is the deadline."""
    cells = [c.strip() for c in text.split(" | ")]
    roles = [_column_role(name) for name in columns] if len(columns) == len(cells) else []
    lead_ids: list[str] = []
    for n, cell in enumerate(cells):
        role = roles[n] if roles else ("" if n == 0 else "any")
        if role in ("lead", "partner", "any"):
            ids = [b.id for name in listed(cell) if (b := context.bodies.body_for(name)) is not None]
            if role == "lead" or role == "any" and ids and not lead_ids:
                lead_ids = dedupe(lead_ids + ids)
            elif ids:
                item.partners = dedupe(item.partners + ids)
        if role in ("time", "any") and (role == "time" or re.fullmatch(r"[\w\s/.,\-–()]{1,60}", cell)):
            found = period_end(cell, context.years)
            if found:
                set_due(item, found, cell)
        if role == "text":
            item.text = cell
    item.units = lead_ids


def _column_role(name: str) -> str:
    words = folded(name)
    if "phoi hop" in words:
        return "partner"
    if "chu tri" in words or words.startswith(("don vi", "co quan", "bo phan", "nguoi thuc hien")):
        return "lead"
    if words.startswith(("thoi gian", "thoi han", "han", "tien do")):
        return "time"
    if words.startswith(("noi dung", "nhiem vu", "cong viec", "hoat dong")):
        return "text"
    return ""

def _dates(item: ItemDraft, text: str, context: Context) -> None:
    same_time = _SAME_TIME.match(text)
    if same_time:
        earlier = next((i for i in reversed(context.items[:-1]) if i.end and i.due), None)
        if earlier is not None and earlier.due is not None:
            item.due = earlier.due
            item.checks.append(("due", f"“{same_time.group(0).strip(' ,')}” được hiểu là thời hạn của mục {earlier.id}",
                                text[:160]))
            return
    # The days of a periodic reporting rule ("báo cáo 6 tháng, năm trước ngày 15/6 và 15/12") are the
    # rule's, not the item's: they recur, while an item's deadline comes once.
    found = [f for sentence in sentences(text) if not _periodic(sentence, context)
             for f in dates_in(sentence, context.years)]
    spans = [f for f in found if f.role == "span"]
    deadlines = [f for f in found if f.role == "deadline"]
    if spans:
        span = spans[0]
        item.start, item.end = span.start, span.end
        if item.start is None or item.start > span.end:
            item.start = None
        set_due(item, span, span.phrase)
    elif deadlines:
        set_due(item, max(deadlines, key=lambda f: f.end), ", ".join(f.phrase for f in deadlines))
        if len({f.end for f in deadlines}) > 1:
            item.checks.append(("due", "câu có nhiều hạn; chương trình lấy hạn cuối cùng", text[:200]))

def _periodic(sentence: str, context: Context) -> bool:
    rule = reporting_in(sentence, context.years)
    return rule is not None and bool(rule.kinds)


def set_due(item: ItemDraft, found: Found, phrase: str) -> None:
    item.due = found.end
    if found.year_supplied:
        item.checks.append(("due", f"năm {found.end.year} do chương trình suy ra (văn bản ghi “{found.phrase}”)",
                            phrase))
    if found.vague:
        item.checks.append(("due", f"“{found.phrase}” là thời hạn không cụ thể; chương trình chọn ngày "
                                   f"{found.end.day:02d}/{found.end.month:02d}/{found.end.year}", phrase))

def _rules_of(item: ItemDraft | None, text: str, context: Context) -> None:
    for sentence in sentences(text):
        found = reporting_in(sentence, context.years)
        if found is not None:
            context.rules.append((found, item))

def closing_rules(outline: Outline, context: Context) -> None:
    for block in outline.closing:
        _rules_of(None, block.text, context)


# --- the plan -------------------------------------------------------------------------------------
