"""The document's parts: the header, the kind and title, the basis and preamble, the numbered
body as a tree, the closing, the recipients and the signature.

Numbering is read from the text ("II.", "1.", "1.1.", "a)", "-", "+") or from Word's automatic
number (`Block.number`); both give the same tree. The levels are not fixed in advance: the
first kind of marker met under a node becomes its children's kind, as a reader would take it,
so a document that goes "I. → 1. → a) → -" and one that goes "1. → - → +" both read right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.text import nfc
from .blocks import Block, SourceDocument
from .words import folded, is_upper, roman_value

# The bodies' grammar loads only for the one question that needs it.

# The kinds of document a plan arrives as, folded, and their codes in a document number.
KINDS = {
    "ke hoach": "KH", "huong dan": "HD", "chuong trinh": "CTr", "quyet dinh": "QĐ", "chi thi": "CT",
    "nghi quyet": "NQ", "thong bao": "TB", "cong van": "CV", "de an": "ĐA", "ket luan": "KL",
    "phuong an": "PA", "quy che": "QC", "bao cao": "BC", "chuong trinh hanh dong": "CTr",
}
KIND_NAMES = {
    "KH": "Kế hoạch", "HD": "Hướng dẫn", "CTr": "Chương trình", "QĐ": "Quyết định", "CT": "Chỉ thị",
    "NQ": "Nghị quyết", "TB": "Thông báo", "CV": "Công văn", "ĐA": "Đề án", "KL": "Kết luận",
    "PA": "Phương án", "QC": "Quy chế", "BC": "Báo cáo",
}

_ROMAN = re.compile(r"(?P<n>[IVXLC]{1,7})\s*[.\-–:)]\s*(?=\S)")
_PART = re.compile(r"(?P<w>phần|phan|chương|chuong|mục|muc|điều|dieu)\s+(?P<n>thứ\s+\w+|[IVXLC]{1,7}|\d{1,3})"
                   r"\s*[.:\-–]?\s*", re.IGNORECASE)
_MULTI = re.compile(r"(?P<n>\d{1,2}(?:\.\d{1,2}){1,4})\s*\.?\s*[.:)]?\s*(?=[^\d\s/.,-])")
_ARABIC = re.compile(r"(?P<n>\d{1,2})\s*[.)]\s*(?=[^\d\s/.,%-])")
_ARABIC_SLASH = re.compile(r"(?P<n>\d{1,2})\s*/\s+(?=\D)")  # "1/ Ban Tuyên giáo …", an older habit
_PAREN = re.compile(r"\((?P<n>\d{1,2}|[a-zđ])\)\s*(?=\S)")  # "(1) Tổ chức hiệp thương lần thứ nhất: …"
_LETTER = re.compile(r"(?P<n>[a-zđ])\s*[).]\s*(?=\S)")
_UPPER_LETTER = re.compile(r"(?P<n>[A-ZĐ])\s*[.)]\s+(?=[A-ZĐÀ-Ỹ])")
_BULLET = re.compile(r"(?P<n>[-–—−•●▪■◦·∙➢➤✓*])\s*(?=\S)")
_PLUS = re.compile(r"\+\s*(?=\S)")
_RULE_LINE = re.compile(r"[-_=*.\s]{3,}")

_THOUSANDS = re.compile(r"\d{1,3}\.\d{3}\b")  # "1.500 người" is a number, not point 1.500


@dataclass
class Marker:
    """A paragraph's number: its kind ("roman", "arabic", "multi", "letter", "dash", "plus", …)
    and its label ("II", "1", "2.1", "a", "-")."""

    kind: str
    label: str


@dataclass
class Node:
    """A numbered (or plain) paragraph of the body and what stands under it."""

    text: str
    block: Block
    marker: Marker | None
    children: list[Node] = field(default_factory=list)
    bold: bool = False

    @property
    def is_bullet(self) -> bool:
        return self.marker is not None and self.marker.kind in ("dash", "plus")


@dataclass
class Outline:
    """The parts of a document, in its reading order."""

    header: list[Block]  # everything before the kind line: bodies, number, national header, place and date
    kind: str  # "KH", "HD", … ; "" when no kind line was found
    kind_block: Block | None
    title_blocks: list[Block]
    addressees: list[str]  # "Kính gửi: …" of a công văn
    preamble: list[Block]  # "Căn cứ …", "Thực hiện …", up to the body
    body: list[Node]
    closing: list[Block]
    recipients: list[str]
    signature: list[Block]
    attachment_of: str = ""  # a Quyết định's own number when the plan is its attachment
    wrapper: list[Block] = field(default_factory=list)  # the Quyết định's articles


def marker_of(text: str) -> tuple[Marker | None, str]:
    """The number a paragraph starts with, and the text after it."""
    if _RULE_LINE.fullmatch(text):
        return None, text
    match = _PART.match(text)
    if match:
        word = folded(match.group("w"))
        return Marker(word, match.group("n")), text[match.end():]
    match = _ROMAN.match(text)
    if match and roman_value(match.group("n")) and not _looks_like_initial(text, match):
        return Marker("roman", match.group("n").upper()), text[match.end():]
    if _THOUSANDS.match(text):
        return None, text
    match = _MULTI.match(text)
    if match:
        return Marker("multi", match.group("n")), text[match.end():]
    match = _ARABIC.match(text) or _ARABIC_SLASH.match(text)
    if match:
        return Marker("arabic", str(int(match.group("n")))), text[match.end():]
    match = _PAREN.match(text)
    if match:
        return Marker("paren", match.group("n")), text[match.end():]
    match = _LETTER.match(text)
    if match and (len(text) > match.end() and (text[match.end()].isupper() or text[match.end()] in "“\"(")
                  or text[1:2] == ")"):
        return Marker("letter", match.group("n")), text[match.end():]
    match = _UPPER_LETTER.match(text)
    if match and match.group("n") not in "IVXLC":
        return Marker("upper", match.group("n")), text[match.end():]
    match = _PLUS.match(text)
    if match:
        return Marker("plus", "+"), text[match.end():]
    match = _BULLET.match(text)
    if match:
        return Marker("dash", "-"), text[match.end():]
    return None, text


def _looks_like_initial(text: str, match: re.Match[str]) -> bool:
    """"V. I. Lênin" or "C. Mác" are names, not sections."""
    rest = text[match.end():]
    return bool(re.match(r"[A-ZĐ]\.\s", rest)) or (len(match.group("n")) == 1 and rest[:1].isalpha()
                                                    and rest[:1].isupper() and rest.split(" ")[0] in ("Lênin", "Mác"))


def marker_of_number(number: str, level: int) -> Marker:
    """Word's automatic number ("II.", "2.1.", "a)", "•") as a marker."""
    label = number.strip()
    found, rest = marker_of(label + " X")
    if found is not None and rest == "X":
        return found
    if label and not any(ch.isalnum() for ch in label):
        return Marker("plus" if label.startswith("+") else "dash", "+" if label.startswith("+") else "-")
    return Marker(f"auto{level}", label.rstrip(".)") or str(level))


# --- the kind line, the header, the title -----------------------------------------------------

_KIND_LINE = re.compile(r"(ke hoach|huong dan|chuong trinh hanh dong|chuong trinh|quyet dinh|chi thi|nghi quyet|"
                        r"thong bao|cong van|de an|ket luan|phuong an|quy che|bao cao)\b")


def kind_of_line(block: Block) -> str:
    """The kind code when the block is the kind line ("KẾ HOẠCH", "HƯỚNG DẪN"), else ""."""
    text = block.text.strip().strip("*_ ")
    words = folded(text)
    match = _KIND_LINE.match(words)
    if not match:
        return ""
    head = text[: len(match.group(1).split()) * 8]  # the kind word itself, in the document's case
    rest = words[match.end():].strip()
    if not is_upper(text.split()[0]) and not (block.bold or block.centered or block.heading):
        return ""
    if rest and not is_upper(head.split()[0]):
        return ""
    if rest and len(rest.split()) > 40:
        return ""
    return KINDS[match.group(1)]


def split_document(document: SourceDocument) -> Outline:
    blocks = [b for b in document.blocks if b.text.strip() and not _RULE_LINE.fullmatch(b.text.strip())]
    blocks = _join_continuations(blocks)
    kind_at, kind = _find_kind(blocks)
    attachment_of, wrapper = "", []  # type: tuple[str, list[Block]]
    if kind == "QĐ":
        second = _attached_plan(blocks, kind_at)
        if second is not None:
            return _with_attachment(blocks, kind_at, second)
    header = blocks[:kind_at] if kind_at >= 0 else _header_without_kind(blocks)
    kind_block = blocks[kind_at] if kind_at >= 0 else None
    rest = blocks[kind_at + 1:] if kind_at >= 0 else blocks[len(header):]
    if kind_at < 0 and (any(folded(b.text).startswith("v v") for b in header)
                        or any(folded(b.text).startswith(_KINH_GUI) for b in blocks[:30])):
        kind = "CV"
    return _outline(header, kind, kind_block, rest, attachment_of, wrapper, document)


def _with_attachment(blocks: list[Block], decision_at: int, plan_at: int) -> Outline:
    """A Quyết định that issues the plan: its header, basis, articles (Điều 1, 2, 3: who carries
    the plan out) and signature, then the plan itself, with its own title and numbering."""
    wrapper = blocks[decision_at + 1: plan_at]
    first_article = next((i for i, b in enumerate(wrapper) if (m := marker_of(b.text)[0]) and m.kind == "dieu"),
                         len(wrapper))
    articles = wrapper[first_article:]
    signature_at = next((i for i, b in enumerate(articles) if _is_signature_line(b)
                         or folded(b.text).startswith("noi nhan")), len(articles))
    signature = articles[signature_at:]
    articles = articles[:signature_at]
    basis = [b for b in wrapper[:first_article] if folded(b.text).startswith(("can cu", "thuc hien", "xet de nghi"))]
    attached = _outline([], kind_of_line(blocks[plan_at]), blocks[plan_at], blocks[plan_at + 1:], "QĐ", wrapper,
                        None)
    attached.header = blocks[:decision_at]
    attached.attachment_of = attached.kind  # the plan's own kind (KH); the document is a Quyết định
    attached.kind = "QĐ"
    attached.preamble = basis + attached.preamble
    attached.body = build_tree(articles) + attached.body
    attached.signature = attached.signature or signature
    return attached


def _outline(header: list[Block], kind: str, kind_block: Block | None, rest: list[Block], attachment_of: str,
             wrapper: list[Block], document: SourceDocument | None) -> Outline:
    title, rest = _title(rest, kind_block)
    addressees, rest = _addressees(rest)
    rest, closing, recipients, signature = _tail(rest)
    preamble, body_blocks = _preamble(rest)
    return Outline(header=header, kind=kind, kind_block=kind_block, title_blocks=title, addressees=addressees,
                   preamble=preamble, body=build_tree(body_blocks), closing=closing, recipients=recipients,
                   signature=signature, attachment_of=attachment_of, wrapper=wrapper)


def _find_kind(blocks: list[Block]) -> tuple[int, str]:
    """The first kind line, within the first part of the document."""
    for i, block in enumerate(blocks[:60]):
        if block.table and block.row == 0 and i < 12 and not kind_of_line(block):
            continue
        kind = kind_of_line(block)
        if kind and not marker_of(block.text)[0]:
            return i, kind
    return -1, ""


def _attached_plan(blocks: list[Block], after: int) -> int | None:
    """A Quyết định that issues a plan "ban hành kèm theo": where the plan's own kind line is."""
    text = " ".join(folded(b.text) for b in blocks[after:after + 40])
    if "ban hanh kem theo" not in text:
        return None
    for i in range(after + 1, len(blocks)):
        kind = kind_of_line(blocks[i])
        if kind and kind != "QĐ" and not marker_of(blocks[i].text)[0]:
            return i
    return None


def _header_without_kind(blocks: list[Block]) -> list[Block]:
    """A công văn has no kind line: its header runs to "V/v …" and "Kính gửi"."""
    for i, block in enumerate(blocks[:30]):
        words = folded(block.text)
        if words.startswith(_KINH_GUI):
            return blocks[:i]
        if marker_of(block.text)[0] is not None and i > 2:
            return blocks[:i]
        if i > 0 and len(block.text) > 60 and words.startswith(("can cu", "thuc hien", "theo de nghi", "theo chi dao")):
            return blocks[:i]  # the preamble begins: "Theo đề nghị của …, UBND thị xã thông báo:"
    return []


_BASIS_START = re.compile(r"(căn cứ|thực hiện|triển khai|theo|nhằm|để|ban thường vụ|thường trực|ủy ban|uỷ ban|ubnd|"
                          r"hưởng ứng|tiếp tục|qua|trên cơ sở|ngày \d)", re.IGNORECASE)


def _title(rest: list[Block], kind_block: Block | None) -> tuple[list[Block], list[Block]]:
    """The subject lines under the kind: up to the basis, the preamble or the first section."""
    title: list[Block] = []
    if kind_block is not None:
        inline = _inline_subject(kind_block)
        if inline:
            title.append(Block(text=inline, where=kind_block.where, bold=kind_block.bold))
    i = 0
    while i < len(rest) and len(title) < 6:
        block = rest[i]
        text = block.text.strip()
        first_line = not title and kind_block is not None and len(text) <= 250 and not folded(text).startswith(
            ("can cu", *_KINH_GUI)) and not folded(text).endswith("nhu sau")
        if marker_of(text)[0] is not None or _BASIS_START.match(text) and not (block.bold or is_upper(text)
                                                                                or first_line):
            break
        if text.startswith("(") and folded(text).startswith(("ban hanh kem theo", "kem theo")):
            i += 1  # "(Ban hành kèm theo Quyết định số …)": said by the Quyết định itself
            continue
        if folded(text).startswith(_KINH_GUI):
            break
        if title and not (block.bold or block.centered or is_upper(text) or block.heading) and len(text) > 160:
            break
        title.append(block)
        i += 1
        if text.endswith((".", ":")) and not (block.bold or block.centered):
            break
    return title, rest[i:]


def _inline_subject(block: Block) -> str:
    """"KẾ HOẠCH Tuyên truyền …" on one line: the subject after the kind word."""
    words = block.text.strip().strip("*_ ").split()
    match = _KIND_LINE.match(folded(block.text))
    if not match:
        return ""
    count = len(match.group(1).split())
    return " ".join(words[count:])


# "Kính gửi", also as web pages run it together ("Kínhgửi").
_KINH_GUI = ("kinh gui", "kinhgui")


def _addressees(rest: list[Block]) -> tuple[list[str], list[Block]]:
    if not rest or not folded(rest[0].text).startswith(_KINH_GUI):
        return [], rest
    first = rest[0].text.split(":", 1)[1].strip() if ":" in rest[0].text else ""
    names = [first.lstrip("-–•+ ").rstrip(";,. ")] if first else []
    i = 1
    if not first and len(rest) > 1 and len(rest[1].text) < 160 and not marker_of(rest[1].text)[0] \
            and not _BULLET.match(rest[1].text):
        names.append(rest[1].text.strip().rstrip(";,. "))  # "Kính gửi:" alone, its one addressee below
        i = 2
    while i < len(rest) and _BULLET.match(rest[i].text) and len(rest[i].text) < 120:
        names.append(rest[i].text.lstrip("-–•+ ").rstrip(";,. "))
        i += 1
    return [n for n in names if n], rest[i:]


def _preamble(rest: list[Block]) -> tuple[list[Block], list[Block]]:
    """The paragraphs before the first section: "Căn cứ …", "Thực hiện …", "… như sau:"."""
    for i, block in enumerate(rest):
        marker = _marker(block)
        if marker is not None and marker.kind not in ("dash", "plus"):
            return rest[:i], rest[i:]
        if marker is not None and i > 0 and folded(rest[i - 1].text).endswith("nhu sau"):
            return rest[:i], rest[i:]
    # No numbered section: a short công văn. Its paragraphs are its body.
    cut = next((i for i, b in enumerate(rest) if folded(b.text).endswith("nhu sau")), -1)
    return rest[:cut + 1], rest[cut + 1:]


_CLOSING_START = ("tren day la", "tren day la ke hoach")
_SIGN_LINE = re.compile(r"(t/m|tm\.|k/t|kt\.|t/l|tl\.|q\.|thay mặt|ký thay)\s", re.IGNORECASE)
_SIGN_TITLES = ("bi thu", "pho bi thu", "chu tich", "pho chu tich", "giam doc", "pho giam doc", "truong ban",
                "pho truong ban", "truong phong", "pho truong phong", "bo truong", "thu truong", "chanh van phong",
                "pho chanh van phong", "thuong truc", "uy vien", "chu nhiem", "hieu truong", "tong giam doc",
                "cuc truong", "vu truong", "ban thuong vu", "uy ban nhan dan", "dang uy", "thi uy", "huyen uy",
                "tinh uy", "thanh uy", "ban tuyen giao", "chi bo", "ban chap hanh")


def _tail(rest: list[Block]) -> tuple[list[Block], list[Block], list[str], list[Block]]:
    """The body, the closing ("Trên đây là …"), the recipients ("Nơi nhận:") and the signature."""
    recipients_at = next((i for i, b in enumerate(rest) if folded(b.text).startswith("noi nhan")), len(rest))
    closing_at = next((i for i, b in enumerate(rest[:recipients_at]) if folded(b.text).startswith(_CLOSING_START)),
                      None)
    if closing_at is None:
        closing_at = _signature_start(rest, recipients_at)
        # No "Trên đây là …": a letter's last plain paragraph, the one that ends it ("./."), closes it
        last = closing_at - 1
        while last >= 0 and folded(rest[last].text) in ("tran trong", "tran trong cam on"):
            last -= 1
        if last >= 0 and rest[last].text.rstrip().endswith(("./.", "./")) and marker_of(rest[last].text)[0] is None \
                and not rest[last].table and not _names_someone(rest[last].text):
            closing_at = last  # "Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.": said to all, no duty
    body, closing_part = rest[:closing_at], rest[closing_at:recipients_at]
    closing: list[Block] = []
    signature: list[Block] = []
    for block in closing_part:
        (signature if signature or _is_signature_line(block) else closing).append(block)
    recipients: list[str] = []
    if recipients_at < len(rest):
        first = rest[recipients_at].text.split(":", 1)[1].strip() if ":" in rest[recipients_at].text else ""
        lines = [first] if first else []
        for block in rest[recipients_at + 1:]:
            text = block.text.strip()
            in_recipient_column = block.table and block.col == rest[recipients_at].col and rest[recipients_at].table
            if in_recipient_column or (_BULLET.match(text) or text.startswith("+")) and not _is_signature_line(block):
                lines.append(text)
            else:
                signature.append(block)
        recipients = [re.sub(r"^[-–•+]\s*", "", line).strip() for line in lines if line.strip()]
    return body, closing, recipients, signature


def _names_someone(text: str) -> bool:
    from .bodies import Bodies, find_names

    bodies = Bodies()
    return any(bodies.body_for(text[s:e]) is not None for s, e in find_names(text))


def _signature_start(rest: list[Block], end: int) -> int:
    """Without "Trên đây là", the body runs to the signature block."""
    for i in range(max(0, end - 8), end):
        if _is_signature_line(rest[i]):
            return i
    return end


def _is_signature_line(block: Block) -> bool:
    text = block.text.strip()
    if _SIGN_LINE.match(text) and is_upper(text):
        return True
    words = re.sub(r"^(p|q|kt|tm|tl)\s+", "", folded(text))  # "P. GIÁM ĐỐC": phó giám đốc
    return is_upper(text) and (folded(text) in _SIGN_TITLES or words in _SIGN_TITLES)


# --- the body tree -----------------------------------------------------------------------------


def _marker(block: Block) -> Marker | None:
    if block.number:
        return marker_of_number(block.number, block.level)
    return marker_of(block.text)[0]


def _text_after_marker(block: Block) -> str:
    if block.number:
        return block.text.strip()
    return marker_of(block.text)[1].strip()


def build_tree(blocks: list[Block]) -> list[Node]:
    """The numbered paragraphs as a tree. A plain paragraph closes any bullet list before it and
    stands under the nearest numbered heading."""
    root = Node(text="", block=Block(text="", where=""), marker=None)
    stack: list[Node] = [root]
    for block in _rows_as_paragraphs(blocks):
        marker = _marker(block)
        node = Node(text=_text_after_marker(block), block=block, marker=marker, bold=block.bold or bool(block.heading))
        if marker is None:
            while len(stack) > 1 and (stack[-1].is_bullet or not stack[-1].children and _is_leafish(stack[-1])):
                stack.pop()
            stack[-1].children.append(node)
            continue
        _place(stack, node)
    return root.children


def _is_leafish(node: Node) -> bool:
    """A numbered paragraph with text of its own (not a heading: it is long, or ends its
    sentence): a plain paragraph after it is its sibling, not its child."""
    text = node.text.rstrip()
    return node.marker is not None and not node.bold and (len(text) > 120 or text.endswith((".", ";", "./.")))


def _place(stack: list[Node], node: Node) -> None:
    marker = node.marker
    assert marker is not None
    if marker.kind == "multi":
        parent_label = marker.label.rsplit(".", 1)[0]
        for depth in range(len(stack) - 1, 0, -1):
            other = stack[depth].marker
            if other is not None and other.kind in ("arabic", "multi") and other.label == parent_label:
                del stack[depth + 1:]
                stack[-1].children.append(node)
                stack.append(node)
                return
    for depth in range(len(stack) - 1, 0, -1):
        other = stack[depth].marker
        if other is not None and _same_level(other, marker):
            del stack[depth:]
            break
    stack[-1].children.append(node)
    stack.append(node)


def _same_level(a: Marker, b: Marker) -> bool:
    if a.kind == b.kind == "multi":
        return a.label.count(".") == b.label.count(".")
    return a.kind == b.kind


def _rows_as_paragraphs(blocks: list[Block]) -> list[Block]:
    """A table in the body (a schedule: STT | Nội dung | Chủ trì | Thời gian) becomes one
    paragraph per row, its cells joined by " | ", so that the rest reads rows as duties."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if not block.table:
            out.append(block)
            i += 1
            continue
        cells: dict[tuple[int, int], list[str]] = {}
        first = block
        while i < len(blocks) and blocks[i].table == first.table:
            cells.setdefault((blocks[i].row, blocks[i].col), []).append(blocks[i].text.strip())
            i += 1
        rows = sorted({r for r, _c in cells})
        header: tuple[str, ...] = ()
        for row in rows:
            columns = sorted(c for r, c in cells if r == row)
            texts = [" ".join(cells[(row, c)]) for c in columns]
            if not header and _is_header_row(texts):
                header = tuple(texts)  # "STT | Nội dung | Đơn vị chủ trì | Thời gian": names, not a duty
                continue
            out.append(Block(text=" | ".join(texts), where=first.where, table=first.table, row=row, columns=header))
    return out


_COLUMN_WORDS = ("stt", "tt", "so tt", "noi dung", "nhiem vu", "chu tri", "don vi", "co quan", "phoi hop", "thoi gian",
                 "thoi han", "han", "ghi chu", "san pham", "ket qua", "hoat dong", "cong viec")


def _is_header_row(cells: list[str]) -> bool:
    words = [folded(c) for c in cells if c.strip()]
    return len(words) >= 2 and all(len(w) <= 40 for w in words) and sum(
        any(w.startswith(k) for k in _COLUMN_WORDS) for w in words) >= max(2, len(words) - 1)


def _open_ended(text: str) -> bool:
    """A paragraph that does not end its sentence: one ending with an ellipsis ("sinh hoạt chi
    bộ... để thông tin") or a word goes on in the next line that starts with a small letter."""
    text = text.rstrip()
    if text.endswith(("...", "…")) and not text.endswith(("./.", "./")):
        return True
    return not text.endswith((".", ":", ";", "./.", "!", "?"))


def _join_continuations(blocks: list[Block]) -> list[Block]:
    """A paragraph split by a page break (or a PDF's line ends) continues in a line that starts
    with a small letter: join it to the one before."""
    out: list[Block] = []
    for block in blocks:
        text = nfc(block.text.strip())
        if (out and text[:1].islower() and not block.number and marker_of(text)[0] is None and not block.table
                and not out[-1].table and _open_ended(out[-1].text)):
            previous = out[-1]
            out[-1] = Block(text=previous.text.rstrip() + " " + text, where=previous.where, number=previous.number,
                            level=previous.level, bold=previous.bold and block.bold, italic=previous.italic,
                            heading=previous.heading, centered=previous.centered)
            continue
        out.append(block if text == block.text else Block(**{**block.__dict__, "text": text}))
    return out
