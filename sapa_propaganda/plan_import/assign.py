"""Who carries an item out: "Giao X chủ trì, phối hợp với Y, Z", "X chủ trì …", the names that
open a sentence ("X, Y: …", "X tổ chức …"), "Đơn vị chủ trì: …" lines; the others named are
partners (phối hợp) or mentions, and a body named as the owner of something ("của Thị ủy"), as
the receiver ("gửi về Sở Nội vụ") or as the one who asks ("Sở Nội vụ đề nghị …") carries nothing.
"""

from __future__ import annotations

import re

from .bodies import find_names
from .parts import Context, ItemDraft
from .words import folded

_GENERIC_ALL = re.compile(r"\b(các|những) (cơ quan|đơn vị|địa phương|sở|ban|ngành|cấp ủy|tổ chức)\b", re.IGNORECASE)
_LEAD_CUES = re.compile(r"\b(giao|giao cho|đề nghị|yêu cầu|phân công)\s+((Phó\s+)?(Bí thư|Giám đốc|Chủ tịch|Thủ trưởng|"
                        r"Trưởng ban|Trưởng phòng|Chánh Văn phòng|Hiệu trưởng|Trưởng)\s*:?\s+)?$", re.IGNORECASE)

# Where a clause begins: a name after one of these can be its subject ("…; UBND các xã tổ chức …").
_CLAUSE_START = re.compile(r"(^|[,;:(]|\bvà|\bđồng thời|\bcòn|\bthì)\s*$", re.IGNORECASE)

# A body's name followed by one of these is the subject that does the work.
_DOES = re.compile(r"(chu tri|thuc hien|co trach nhiem|chiu trach nhiem|phu trach|to chuc|tham muu|xay dung|chi dao|"
                   r"can|phai|chu dong|"
                   r"tiep tuc|khan truong|nghiem tuc|trien khai|tap trung|day manh|tang cuong|quan triet|huong dan|"
                   r"tien hanh|bao cao|gui|hoan thanh|phoi hop thuc hien|theo doi|kiem tra|rà soat|ra soat|lap|"
                   r"nghien cuu|tiep nhan|cung cap|bo tri|dam bao|bao dam|lua chon|de xuat|thong tin|tuyen truyen|"
                   r"van dong|phat dong|xu ly|giam sat|ban hanh|mo|dang tai|bien soan|chuan bi|tong hop|thanh lap)\b")

CITED = re.compile(r"\b(của|đại hội|nghị quyết|hội nghị|chỉ thị|kết luận|quyết định|sự chỉ đạo|lãnh đạo|điều hành|"
                   r"về|gửi|nộp|tham gia|(?<!^)đối với|trình|"
                   r"(tham mưu|báo cáo|phục vụ|cung cấp|gửi|hỗ trợ|giúp) cho)\s*$",
                    re.IGNORECASE)

# "Sở Nội vụ (trân trọng) đề nghị các cơ quan …": the body that asks is not the one that does.
REQUESTS = re.compile(r"\s*(trân trọng |kính |xin )?(đề nghị|yêu cầu|giao|phân công|thông báo|mời|chỉ đạo các|"
                      r"đã|vừa|nhận được)\b", re.IGNORECASE)  # "VPCP đã có công văn …": what was, not a duty

# A body's head named by his title: "Chánh Văn phòng UBND tỉnh", "Giám đốc Sở Nội vụ".
_HEAD_OF = re.compile(r"(Đồng chí\s+)?(Phó\s+)?(Chánh|Giám đốc|Thủ trưởng|Chủ tịch|Trưởng ban|Trưởng phòng|Bí thư|"
                      r"Trưởng|Chỉ huy trưởng|Tổng biên tập|Hiệu trưởng|Viện trưởng|Cục trưởng)", re.IGNORECASE)

# One or more: "Căn cứ vào kết quả …, chậm nhất là ngày 15/12/2025, Thường trực HĐND tỉnh tiến hành …".
_LEADING_CLAUSE = re.compile(r"^((trong|từ|sau khi|trước khi|trước|chậm nhất|hằng năm|hàng năm|định kỳ|căn cứ|"
                             r"trên cơ sở|khi|ngày)\b"
                             r"[^,:;]{0,80},\s*)+", re.IGNORECASE)

def assign(item: ItemDraft, text: str, context: Context, inherited: list[str]) -> None:
    """Who carries the item out: "Giao X chủ trì, phối hợp với Y", "X chủ trì …", "X, Y: …" at the
    start, "X thực hiện …"; otherwise its section's unit. Other bodies named are mentions."""
    names = find_names(text)
    leads: list[str] = []
    partners: list[str] = []
    mentions: list[str] = []
    folded_text = folded(text)
    partner_from = _partner_start(text)
    partner_names = _partners_chain(text, names, partner_from) if partner_from is not None else set()
    opening_list = _opening_list(text, names)
    cited_until = lead_until = -1
    for start, end in names:
        body = context.bodies.body_for(text[start:end])
        if body is None:
            continue
        before = text[max(0, start - 25):start]
        after = folded(text[end:end + 30])
        opening = re.fullmatch(r"\s*(đối với|đề nghị|giao|giao cho|yêu cầu)\s+", text[:start], re.IGNORECASE)
        listed_first = (opening_list is not None and opening_list[0] <= start and end <= opening_list[1]
                        and not REQUESTS.match(text[end:]))
        in_lead_list = lead_until >= 0 and joins_names(text[lead_until:start])
        does = _DOES.match(after) is not None
        if not (opening or listed_first or in_lead_list or does and _CLAUSE_START.search(before)) and (
                CITED.search(before) or cited_until >= 0 and joins_names(text[cited_until:start])):
            cited_until, lead_until = end, -1  # "của Ủy ban Bầu cử xã, các Ban bầu cử, Tổ bầu cử": the list
            continue  # "Nghị quyết Đại hội Đảng bộ tỉnh", "sự chỉ đạo của Thị ủy": named, not given work
        cited_until = -1
        if start in partner_names:
            partners.append(body.id)
            lead_until = -1
        elif opening or _LEAD_CUES.search(before) or in_lead_list or does and _CLAUSE_START.search(before) \
                or listed_first:
            leads.append(body.id)  # "Giao X, Y …", or "…, X chủ trì / cần chỉ đạo / tổ chức …": they do it
            lead_until = end
        else:
            mentions.append(body.id)
            lead_until = -1
    post = None if leads else _post_subject(text)
    if post and not find_names(post):  # a post of a body named ("Giám đốc Sở Nội vụ"): the body is the unit
        body = context.bodies.body_for(post)
        if body is not None:
            leads.append(body.id)
    if not leads and inherited:
        leads = []  # the section's unit carries it: inherited, not repeated
    item.units = dedupe(leads)
    item.partners = [p for p in dedupe(partners) if p not in item.units]
    item.mentions = [m for m in dedupe(mentions) if m not in item.units and m not in item.partners
                     and m not in inherited]
    if not item.units and not inherited and _GENERIC_ALL.match(text) and "phoi hop" not in folded_text[:20]:
        item.checks.append(("units", "văn bản giao cho “các cơ quan, đơn vị”: ghi rõ đơn vị thực hiện nếu cần",
                            text[:160]))

# A post that opens a sentence, naming no body: "Trưởng ban bầu cử chịu trách nhiệm phân công …".
_POST_START = re.compile(r"^((các )?(đồng chí|đ/c)\s+)?(phó\s+)?(trưởng ban|trưởng|tổ trưởng|thư ký|chủ tịch|bí thư|"
                         r"giám đốc|thủ trưởng|chánh|hiệu trưởng|cán bộ|chuyên viên|các thành viên|thành viên)\b",
                         re.IGNORECASE)
# A post's title holds none of these: its verb of duty comes before the first one.
_PUNCTUATION = re.compile(r"[,.;:()]")
_SPACES = re.compile(r"\s+")


def _post_subject(text: str) -> str | None:
    """The post a sentence opens with, up to what it is to do; None when no verb of duty follows
    within a few words, before any punctuation. (Whether it names a body is the caller's check.)"""
    clause = _LEADING_CLAUSE.match(text)
    rest = text[clause.end():] if clause else text
    if not _POST_START.match(rest):
        return None
    punctuation = _PUNCTUATION.search(rest, 0, 90)
    for match in _SPACES.finditer(rest[:punctuation.start() if punctuation else 90]):
        phrase = rest[:match.start()]
        if _DOES.match(folded(rest[match.end():match.end() + 30])):
            return phrase if len(phrase.split()) >= 2 else None
    return None


def _partner_start(text: str) -> int | None:
    """Where the plan's partners are named: "X chủ trì, phối hợp với Y, Z" gives Y and Z a part of
    the duty. "X phối hợp với Y tổ chức …" without "chủ trì" only says whom X works with: Y is
    mentioned, not given work."""
    match = re.search(r"\bchủ trì\s*,?\s*(và\s+)?phối hợp( chặt chẽ)?( với)?\b", text, re.IGNORECASE) or \
        re.match(r"(giao|đề nghị)\b[^.;]{0,160}?\bphối hợp( chặt chẽ)?( với)?\b", text, re.IGNORECASE)
    return match.end() if match else None  # also "Giao X phối hợp với Y …": X is given it, Y supports

def _partners_chain(text: str, names: list[tuple[int, int]], start: int) -> set[int]:
    """The names right after "phối hợp (với)", joined by commas and "và": the partners. A name
    further on ("… và gửi báo cáo về Sở Nội vụ") is not one."""
    chain: set[int] = set()
    cursor = start
    for name_start, name_end in names:
        if name_start < start:
            continue
        gap = text[cursor:name_start].strip(" ,")
        if gap not in ("", "và", "với", "các", "và các"):
            break
        chain.add(name_start)
        cursor = name_end
    return chain

def _opening_list(text: str, names: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the names that open a sentence stand: "Các cơ quan trong khối tuyên truyền, Cổng thông
    tin điện tử thị xã, …: Mở chuyên mục" (the names before the colon), or names followed by what they
    do ("UBND các xã tổ chức …"), also after a time or a basis ("Trong tháng 6/2022, …",
    "Trên cơ sở hướng dẫn của …, …"). They carry the sentence out."""
    clause = _LEADING_CLAUSE.match(text)
    if clause:
        shift = clause.end()
        inner = _opening_list_end(text[shift:], [(s - shift, e - shift) for s, e in names if s >= shift])
        return (shift, inner + shift) if inner is not None else None
    end = _opening_list_end(text, names)
    return (0, end) if end is not None else None


def _opening_list_end(text: str, names: list[tuple[int, int]]) -> int | None:
    colon = text.find(":")
    if names and (names[0][0] <= 1 or _HEAD_OF.fullmatch(text[:names[0][0]].strip())):
        if 0 < colon < 260 and all(folded(text[e:s]).strip() in ("", "va", "cac", "cac co quan don vi dia phuong")
                                    or text[e:s].strip() in (",", "và", ", và")
                                    for (_s0, e), (s, _e1) in zip(names, names[1:], strict=False)
                                    if s < colon):
            return colon
        end = names[0][1]
        i = 1
        while i < len(names) and joins_names(text[end:names[i][0]]):
            end = names[i][1]
            i += 1
        return end
    return None

def joins_names(gap: str) -> bool:
    """What stands between two names of one list: a comma, "và", a head's title."""
    gap = gap.strip(" ,;")
    gap = re.sub(r"^(và|và các)\s*", "", gap).strip()
    return not gap or bool(_HEAD_OF.fullmatch(gap))

def listed(value: str) -> list[str]:
    """The units a "Đơn vị chủ trì: …" line lists, whatever they are (a body, or a post the plan
    names as its unit): split at commas that start a new name, not at one inside a name
    ("Phó chủ tịch Thường trực, phụ trách lĩnh vực …")."""
    value = value.strip().rstrip(".;")
    names = find_names(value)
    if names and sum(e - s for s, e in names) >= 0.6 * len(value.replace(",", "").replace(" và ", "")):
        return [value[s:e] for s, e in names]  # bodies' names: "Trung tâm Văn hóa, Thể thao …, UBND các xã"
    parts = re.split(r",\s+(?=[A-ZĐÀ-Ỹ]|các\b|và\b)|;\s*", value)
    out = []
    for part in parts:
        part = re.sub(r"^(và|cùng)\s+", "", part.strip())
        name = sole_name(part, 0.6)
        if name is not None:
            out.append(name)
        elif part and len(part) <= 120:
            out.append(part)
    return out


def sole_name(text: str, share: float) -> str | None:
    """The one body's name `text` holds when it covers at least `share` of it ("Giám đốc Sở Nội vụ"
    is the Sở); None when it names none, several, or too little of it for the text to be a name."""
    names = find_names(text)
    if len(names) == 1 and names[0][1] - names[0][0] >= share * len(text):
        return text[names[0][0]:names[0][1]]
    return None


def dedupe(ids: list[str]) -> list[str]:
    out: list[str] = []
    for unit_id in ids:
        if unit_id not in out:
            out.append(unit_id)
    return out
