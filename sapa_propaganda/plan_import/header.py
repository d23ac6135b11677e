"""The document's identity: issuer, number, place and date of issue, kind, title, basis,
preamble, closing, recipients and signer, read from the parts `outline.py` found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .bodies import find_names
from .outline import KIND_NAMES, Outline
from .words import folded, is_upper, name_from_capitals

# The blocks' type loads only where a header is cut from the blocks that follow it.

_NUMBER = re.compile(r"^(?:số|so)\s*:?\s*(?P<n>[0-9]*\s*[-/]?\s*[\w.Đđ]+(?:\s*[-/]\s*[\w.Đđ]+)*)", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^(?P<place>[^,]{2,60}),\s*ngày\s+(?P<d>\d{1,2}|\.+|…+)\s+tháng\s+(?P<m>\d{1,2}|\.+|…+)\s+"
                         r"năm\s+(?P<y>\d{4})", re.IGNORECASE)
_TITLE_LINE = re.compile(r"^(?P<kind>Công văn|Kế hoạch|Thông báo|Hướng dẫn|Quyết định|Chỉ thị|Chương trình)"
                         r"\s+số\s*:?\s*(?P<n>[\w./\-Đđ]+)\s*,?\s*ngày\s+(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})"
                         r"(?:.*?(?:\b[Vv]/[Vv]|,?\s+về việc|,?\s+về)\s+(?P<subject>.+))?", re.IGNORECASE)
_KIND_WORDS = {"cong van": "CV", "ke hoach": "KH", "thong bao": "TB", "huong dan": "HD", "quyet dinh": "QĐ",
               "chi thi": "CT", "chuong trinh": "CTr"}
_NATIONAL = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc", "dang cong san viet nam")
_SIGN_FORMS = re.compile(r"^(t/m|tm\.|k/t|kt\.|t/l|tl\.|q\.)", re.IGNORECASE)


@dataclass
class Identity:
    kind: str = ""
    number: str = ""
    issued: date | None = None
    place: str = ""
    issuer: str = ""  # the issuing body, as its name is written
    above: str = ""  # the body above it ("ĐẢNG BỘ TỈNH LÀO CAI")
    system: str = ""  # "party" or "state", from the national header
    title: str = ""
    basis: list[str] = field(default_factory=list)
    preamble: str = ""
    closing: str = ""
    recipients: list[str] = field(default_factory=list)
    signer_on_behalf: str = ""
    signer_title: str = ""
    signer_name: str = ""
    guessed: dict[str, str] = field(default_factory=dict)  # field -> why it is a guess


def read_identity(outline: Outline) -> Identity:
    found = Identity(kind=outline.kind)
    bodies: list[str] = []
    for block in outline.header:
        text = " ".join(block.text.split()).strip("* ")
        words = folded(text)
        if not words:
            continue
        titled = _TITLE_LINE.match(text)
        if titled and not found.number:  # a website's title line: "Công văn số 1238 ngày 8/11/2016 V/v …"
            found.number = _clean_number(titled.group("n"))
            found.kind = found.kind or _KIND_WORDS.get(folded(titled.group("kind")), "")
            found.issued = _numeric_date(titled.group("date")) or found.issued
            if titled.group("subject"):
                found.title = titled.group("subject").strip().rstrip(".")
            continue
        number = _NUMBER.match(text)
        if number and not found.number:
            found.number = _clean_number(number.group("n"))
            continue
        place_date = _PLACE_DATE.match(text)
        if place_date:
            found.place = place_date.group("place").strip()
            found.issued = _date(place_date)
            continue
        if any(words.startswith(n) for n in _NATIONAL):
            found.system = "party" if words.startswith("dang cong san") else "state"
            continue
        if text.startswith(("V/v", "v/v", "V/V")) or found.number and text.startswith("Về ") and not is_upper(text):
            if not found.title and " " in text:  # a công văn's subject, under its number
                found.title = text.split(" ", 1)[1].strip().rstrip(".") if text[:3].lower() == "v/v" else \
                    text.rstrip(".")
            continue
        if is_upper(text) and len(words.split()) <= 14 and not _SIGN_FORMS.match(text):
            bodies.append(text)
    bodies = _joined_bodies(bodies)
    if bodies:
        found.issuer = name_from_capitals(bodies[-1])
        found.above = bodies[-2] if len(bodies) > 1 else ""
        if len(bodies) > 1 and folded(bodies[-1]).startswith(_SUB_BODIES):
            # "THỊ ỦY SA PA / BAN TUYÊN GIÁO": the office of the body above it
            found.issuer = name_from_capitals(f"{bodies[-1]} {bodies[-2]}")
    if not found.kind and found.number:
        found.kind = _kind_from_number(found.number)
    if found.number and not any(ch.isdigit() for ch in found.number):
        found.guessed["number"] = found.number  # "Số: /KH-MTTQ-BTT": a draft's number, left blank
        found.number = ""
    _title_line(outline, found)
    found.title = _title(outline, found) or found.title
    found.preamble = " ".join(b.text.strip() for b in outline.preamble)
    found.basis = basis_of(outline.preamble)
    found.closing = " ".join(b.text.strip() for b in outline.closing)
    found.recipients = outline.recipients
    _signature(outline, found)
    if not found.issuer:
        _issuer_from_text(outline, found)
    return found


def _title_line(outline: Outline, found: Identity) -> None:
    """A page's title line standing where the title is ("Thông báo số 08-TB/BTGTW, ngày 15/5/2007,
    về việc …"): its kind, number, date and subject; the subject becomes the title."""
    if not outline.title_blocks:
        return
    titled = _TITLE_LINE.match(" ".join(outline.title_blocks[0].text.split()))
    if titled is None:
        return
    found.number = found.number or _clean_number(titled.group("n"))
    found.kind = _KIND_WORDS.get(folded(titled.group("kind")), found.kind)
    found.issued = found.issued or _numeric_date(titled.group("date"))
    subject = (titled.group("subject") or "").strip().rstrip(".")
    rest = outline.title_blocks[1:]
    from .blocks import Block

    outline.title_blocks = ([Block(text=subject, where=outline.title_blocks[0].where)] if subject else []) + rest


_LEVEL_START = ("tinh ", "huyen ", "xa ", "thi xa ", "thanh pho ", "phuong ", "quan ", "thi tran ")
_SUB_BODIES = ("ban thuong truc", "ban tuyen giao", "ban dan van", "ban to chuc", "ban chap hanh", "van phong",
               "ban thuong vu", "uy ban kiem tra", "ban chi dao", "tieu ban")


def _joined_bodies(lines: list[str]) -> list[str]:
    """"ỦY BAN NHÂN DÂN" over "TỈNH BÌNH ĐỊNH" is one name: a line that starts with a level of
    administration ("TỈNH …", "XÃ …") goes on the line before it."""
    out: list[str] = []
    for line in lines:
        if out and (folded(line) + " ").startswith(_LEVEL_START):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _clean_number(text: str) -> str:
    text = re.sub(r"\s*([-/])\s*", r"\1", text.strip())
    return text.rstrip(".,;")


def _date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:  # "ngày … tháng … năm 2022": the clerk left it blank
        return None


def _numeric_date(text: str) -> date | None:
    parts = re.split(r"\s*[/.-]\s*", text.strip())
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except (ValueError, IndexError):
        return None


def _kind_from_number(number: str) -> str:
    parts = re.split(r"[-/]", number)
    for part in parts[1:]:
        for code in KIND_NAMES:
            if folded(part) == folded(code):
                return code
    return ""


def _title(outline: Outline, found: Identity) -> str:
    subject = " ".join(" ".join(b.text.split()).strip("*_ ") for b in outline.title_blocks).strip()
    if not subject:
        return ""
    kind_name = KIND_NAMES.get(outline.attachment_of or found.kind, "")
    if kind_name and not folded(subject).startswith(folded(kind_name)):
        if is_upper(subject):
            return f"{kind_name} {subject}"
        return f"{kind_name} {subject[:1].lower() + subject[1:] if not _proper_start(subject) else subject}"
    return subject


def _proper_start(subject: str) -> bool:
    """Whether the subject's first word is a name that keeps its capital ("Đại hội", "Nghị quyết")."""
    first = folded(subject.split()[0]) if subject.split() else ""
    return first in ("dai", "nghi", "chi", "ket", "quyet", "chuong", "de", "luat", "hoi", "bo", "dang")


_REFERENCE = re.compile(r"((?:Kế hoạch|Nghị quyết|Chỉ thị|Quyết định|Công văn|Hướng dẫn|Kết luận|Chương trình|"
                        r"Thông báo|Thông tư|Nghị định|Luật|Quy định|Thông tri|Đề án|Văn bản)\b[^;]*)", re.IGNORECASE)


def basis_of(preamble: list) -> list[str]:  # type: ignore[type-arg]
    """The documents the plan implements: each "Căn cứ …" line, and the references a "Thực hiện …"
    sentence names, without the clause that says who issues the plan."""
    out: list[str] = []
    for block in preamble:
        text = " ".join(block.text.split())
        words = folded(text)
        if not words.startswith(("can cu", "thuc hien", "trien khai", "theo")):
            continue
        body = re.sub(r"^(Căn cứ|Thực hiện|Triển khai|Theo)\s+", "", text, flags=re.IGNORECASE)
        body = re.sub(r",?\s*[^,;]*\b(ban hành|xây dựng|triển khai|hướng dẫn|đề nghị|yêu cầu|thông báo)\b[^;]*"
                      r"(như sau)?\s*:?\s*$", "", body)
        for part in re.split(r";\s*", body):
            part = part.strip().rstrip(",.;:")
            if _REFERENCE.match(part) and len(part) > 12:
                out.append(part)
    return out


def _signature(outline: Outline, found: Identity) -> None:
    lines = [" ".join(b.text.split()).strip("*_ ") for b in outline.signature]
    lines = [line for line in lines if line and not folded(line).startswith(("da ky", "ky ten", "ky va"))
             and not line.startswith(("(", "["))]
    upper = [line for line in lines if is_upper(line)]
    names = [line for line in lines if not is_upper(line) and _looks_like_name(line)]
    if upper:
        forms = [line for line in upper if _SIGN_FORMS.match(line)]
        posts = [line for line in upper if not _SIGN_FORMS.match(line)]
        # "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": for whom, then the signer's own post
        found.signer_on_behalf = " ".join(forms)
        found.signer_title = posts[-1] if posts else ""
    if names:
        found.signer_name = names[-1]


def _looks_like_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and not any(ch.isdigit() for ch in line)


def _issuer_from_text(outline: Outline, found: Identity) -> None:
    """No header (a text pasted from the web): the preamble's "Ban Thường vụ Thị ủy ban hành …"
    or the signature's "T/M BAN THƯỜNG VỤ" name the issuer; a guess the clerk checks."""
    for block in [*outline.preamble, *outline.closing]:
        match = re.search(r"([A-ZĐỦ][^,;:]{3,80}?)\s+(?:ban hành|xây dựng)\s+(?:kế hoạch|hướng dẫn|chương trình)",
                          block.text)
        if match and find_names(match.group(1)):
            found.issuer = match.group(1).strip()
            found.guessed["issuer"] = match.group(0)
            return
        speaks = re.search(r"\s(?:xin |trân trọng |kính )?(?:thông báo|đề nghị|yêu cầu|hướng dẫn)\b", block.text)
        if speaks:  # "…, Ban Tuyên giáo Trung ương – Cơ quan thường trực … xin thông báo": who speaks
            before = block.text[:speaks.start()]
            names = [(a, b) for a, b in find_names(before)
                     if not re.search(r"\b(của|cho|với)\s*$", before[max(0, a - 8):a], re.IGNORECASE)]
            if names:
                found.issuer = before[names[-1][0]:names[-1][1]].strip()
                found.guessed["issuer"] = block.text[max(0, names[-1][0] - 20):speaks.end()]
                return
    if found.signer_on_behalf and found.signer_on_behalf.upper().startswith(("T/M", "TM.")):
        found.issuer = name_from_capitals(_SIGN_FORMS.sub("", found.signer_on_behalf).strip())
        found.guessed["issuer"] = found.signer_on_behalf
