"""Documents for the importer's tests, written from the lines of a plan document.

The lines are those of tests/plan_documents/*.txt (README there): header lines, the kind and
subject, the basis, sections numbered as typed ("I.", "1.", "1.1.", "a)", "-", "+"), the
closing, "Nơi nhận:" and the signature; a line with " | " is a table row.

- `docx_from_lines` writes the .docx an office would send: the header in a two-column borderless
  table, the kind and subject centred and bold, section headings bold, tables as Word tables;
  with `automatic=True` the typed numbers become Word's automatic numbering; with
  `legacy_font=".VnTime"` or `"VNI-Times"` the text is typed in that old encoding.
- `pdf_from_lines` writes a PDF with a real text layer (pdf_writer.py: no font file embedded, so
  no system font is relied on), laid out on A4 with lines broken at the page's width and page
  numbers from page 2 on; tests/assets/plan-libreoffice.pdf is the same plan printed by a real
  program (tests/assets/make_pdf_fixtures.py).
- `scanned_pdf` writes a PDF whose only page is a picture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from pdf_writer import scan_pdf, text_pdf

from sapa_propaganda.core.text import fold
from sapa_propaganda.plan_import import legacy_text

# A Thị ủy plan's header: issued in January, for the year (SAMPLE_PLAN's, and test_import_analysis's).
SA_PA_HEAD = [
    "ĐẢNG BỘ TỈNH LÀO CAI",
    "THỊ ỦY SA PA",
    "*",
    "Số 15-KH/ThU",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Sa Pa, ngày 10 tháng 01 năm 2022",
    "KẾ HOẠCH",
    "tuyên truyền kỷ niệm các ngày lễ lớn, sự kiện lịch sử năm 2022",
    "Thực hiện Hướng dẫn số 45-HD/BTGTU, ngày 20/12/2021 của Ban Tuyên giáo Tỉnh ủy Lào Cai, Ban Thường vụ Thị ủy "
    "ban hành kế hoạch tuyên truyền như sau:",
]

# A short plan as the lines of its document (tests/plan_documents/README.md): every kind of
# number, a restarted list, a table, the recipients and the signature.
SAMPLE_PLAN = [
    *SA_PA_HEAD,
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "Tuyên truyền sâu rộng trong cán bộ, đảng viên và Nhân dân về truyền thống vẻ vang của Đảng, của dân tộc; "
    "khơi dậy niềm tự hào, ý chí tự lực, tự cường và khát vọng phát triển quê hương Sa Pa giàu đẹp.",
    "2. Yêu cầu",
    "Công tác tuyên truyền phải bảo đảm thiết thực, hiệu quả, phù hợp với tình hình phòng, chống dịch COVID-19 "
    "trên địa bàn thị xã.",
    "II. NỘI DUNG TUYÊN TRUYỀN",
    "1. Các ngày lễ lớn trong năm",
    "1.1. Kỷ niệm 92 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2022)",
    "a) Nội dung",
    "- Truyền thống vẻ vang của Đảng và những thành tựu to lớn của đất nước sau 35 năm đổi mới;",
    "+ Vai trò lãnh đạo của Đảng trong phòng, chống dịch bệnh và phát triển kinh tế - xã hội;",
    "+ Gương cán bộ, đảng viên tiêu biểu trên các lĩnh vực.",
    "- Kết quả thực hiện Nghị quyết Đại hội Đảng bộ thị xã lần thứ XXIII.",
    "b) Hình thức",
    "- Treo băng rôn, khẩu hiệu tại trụ sở cơ quan, đơn vị và các tuyến phố chính, hoàn thành trước ngày 25/01/2022.",
    "1.2. Kỷ niệm 47 năm Ngày giải phóng miền Nam, thống nhất đất nước (30/4/1975 - 30/4/2022)",
    "a) Nội dung",
    "- Ý nghĩa lịch sử và tầm vóc thời đại của cuộc Tổng tiến công và nổi dậy mùa Xuân năm 1975.",
    "2. Các sự kiện lịch sử của địa phương",
    "Tuyên truyền kỷ niệm 30 năm thành lập huyện Sa Pa và 3 năm thành lập thị xã Sa Pa.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Ban Tuyên giáo Thị ủy chủ trì hướng dẫn, theo dõi, đôn đốc việc thực hiện kế hoạch; tổng hợp báo cáo Ban "
    "Thường vụ Thị ủy trước ngày 15/12/2022.",
    "2. Ủy ban MTTQ và các đoàn thể thị xã tuyên truyền trong đoàn viên, hội viên; báo cáo kết quả định kỳ 6 tháng "
    "trước ngày 15/6 và 15/12.",
    "3. Trung tâm Văn hóa, Thể thao và Truyền thông thị xã thực hiện tuyên truyền trực quan theo bảng sau:",
    "Nội dung | Đơn vị thực hiện | Thời gian",
    "Băng rôn, khẩu hiệu | Trung tâm Văn hóa, Thể thao và Truyền thông | Trước ngày 25/01/2022",
    "Tin, bài trên Cổng thông tin điện tử | Văn phòng Thị ủy | Hằng tháng",
    "Nơi nhận:",
    "- Ban Tuyên giáo Tỉnh ủy,",
    "- Các chi, đảng bộ trực thuộc,",
    "- Lưu Văn phòng Thị ủy.",
    "T/M BAN THƯỜNG VỤ",
    "PHÓ BÍ THƯ THƯỜNG TRỰC",
    "Thào A Sinh",
]

KIND_WORDS = ("ke hoach", "huong dan", "quyet dinh", "chuong trinh", "chi thi", "nghi quyet", "thong bao",
              "bao cao", "cong van", "de an", "phuong an")
_NATIONAL = ("cong hoa xa hoi chu nghia viet nam", "doc lap", "dang cong san viet nam")
_PLACE_DATE = re.compile(r".{2,60}, ngày .{1,4} tháng .{1,4} năm \d{4}")
_RULE = re.compile(r"\s*[-_=*.]{3,}\s*")
_SIGN = re.compile(r"(t/m|tm\.|k/t|kt\.|t/l|tl\.|q\.)", re.IGNORECASE)

# A typed number -> (its kind, the automatic list level that shows it).
_MARKERS = (
    ("roman", re.compile(r"([IVXLC]+)\.\s+")),
    ("multi", re.compile(r"(\d{1,2})\.(\d{1,2})\.?\s+")),
    ("arabic", re.compile(r"(\d{1,2})\.\s+")),
    ("letter", re.compile(r"([a-zđ])\)\s+")),
    ("plus", re.compile(r"\+\s*(?=\S)")),
    ("dash", re.compile(r"-\s*(?=\S)")),
)


# --- reading the lines --------------------------------------------------------------------------

@dataclass
class Line:
    """One line of the document and how an office would set it."""

    text: str
    role: str = "body"  # header, kind, title, body, heading, recipients, signature, row
    cells: tuple[str, ...] = ()


def document_lines(lines: Iterable[str]) -> list[Line]:
    """The lines with their roles: the header before the kind line, the title under it, bold
    section headings, the recipients and the signature at the end."""
    texts = [line.strip() for line in lines if line.strip() and not line.startswith(("# Nguồn:", "# Ghi chú:"))]
    kind_at = _kind_at(texts)
    header_end = kind_at if kind_at >= 0 else _place_date_end(texts)
    found = [Line(text, "header") for text in texts[:header_end]]
    title_open = kind_at >= 0
    recipients = signature = False
    for i, text in enumerate(texts[header_end:], start=header_end):
        role = "body"
        if i == kind_at:
            role = "kind"
        elif title_open and _is_title(text):
            role = "title"
        elif fold(text).startswith("noi nhan"):
            role, recipients = "heading", True
        elif recipients and not text.startswith("-") or signature or _SIGN.match(text) and i > len(texts) - 6:
            role, signature = "signature", True
        elif recipients:
            role = "recipients"
        elif _is_heading(text):
            role = "heading"
        title_open = title_open and role in ("kind", "title")
        cells = tuple(cell.strip() for cell in text.split(" | ")) if " | " in text else ()
        found.append(Line(text, "row" if cells and role == "body" else role, cells))
    return found


def _kind_at(texts: list[str]) -> int:
    for i, text in enumerate(texts[:40]):
        words = fold(text)
        if text.upper() == text and any(words.startswith(kind) for kind in KIND_WORDS) and not text.endswith(":"):
            return i
    return -1


def _place_date_end(texts: list[str]) -> int:
    """A công văn has no kind line: its header ends with the place and date."""
    for i, text in enumerate(texts[:15]):
        if _PLACE_DATE.match(text):
            return i + 1
    return 0


def _is_title(text: str) -> bool:
    """A subject line under the kind: short, no sentence, no basis ("Căn cứ …"), no number."""
    return len(text) < 160 and not fold(text).startswith("can cu") and not text.endswith((":", ";", ",", ".")) \
        and typed_marker(text)[0] == ""


def _is_heading(text: str) -> bool:
    kind, _value, rest = typed_marker(text)
    if kind == "roman":
        return True
    return kind in ("arabic", "multi", "letter") and len(rest.split()) <= 14 and not rest.endswith((".", ";"))


def typed_marker(text: str) -> tuple[str, tuple[int, ...], str]:
    """(kind, values, the text after it) of a line's typed number; ("", (), text) when none."""
    for kind, pattern in _MARKERS:
        match = pattern.match(text)
        if match and not _RULE.fullmatch(text):
            return kind, _values(kind, match), text[match.end():]
    return "", (), text


def _values(kind: str, match: re.Match[str]) -> tuple[int, ...]:
    if kind == "roman":
        return (_roman_value(match.group(1)),)
    if kind == "multi":
        return int(match.group(1)), int(match.group(2))
    if kind == "arabic":
        return (int(match.group(1)),)
    if kind == "letter":
        return (ord(match.group(1)) - ord("a") + 1,) if match.group(1) != "đ" else (0,)
    return ()


def _roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(text):
        value = values[ch]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total


# --- legacy encodings -----------------------------------------------------------------------------

def _legacy_inverse(encoding: str) -> dict[str, str]:
    """Unicode letter -> its legacy spelling (as the cp1252 reading of the bytes), found through
    the converter itself so that writer and reader cannot disagree."""
    inverse: dict[str, str] = {}
    singles = [chr(code) for code in range(0xA1, 0x100)]
    bases = "aeiouyAEIOUYôöÔÖ" if encoding == "vni" else ""
    spellings = singles + [base + ch for base in bases for ch in singles]
    for spelling in spellings:
        letter = legacy_text.convert(spelling, encoding)
        if len(letter) == 1 and letter != spelling and letter not in inverse:
            inverse[letter] = spelling
    for spelling in singles:  # a letter at its own code ("ý" is 0xFD in TCVN3 too), unless spelled otherwise
        if legacy_text.convert(spelling, encoding) == spelling:
            inverse.setdefault(spelling, spelling)
    return inverse


_INVERSE: dict[str, dict[str, str]] = {}


def to_legacy(text: str, encoding: str) -> list[tuple[str, bool]]:
    """`text` typed in a legacy encoding, as runs (text, needs the capitals font). TCVN3 has no
    capital with a tone: such a letter is typed small in the "H" font (".VnTimeH"), as typists did."""
    inverse = _INVERSE.setdefault(encoding, _legacy_inverse(encoding))
    runs: list[tuple[str, bool]] = []
    for ch in text:
        if ch in inverse or _same_in_legacy(ch, encoding):
            piece, upper = inverse.get(ch, ch), False
        elif ch.lower() in inverse:
            piece, upper = inverse[ch.lower()], True
        else:
            raise ValueError(f"{ch!r} has no {encoding} spelling")
        if runs and runs[-1][1] == upper:
            runs[-1] = (runs[-1][0] + piece, upper)
        else:
            runs.append((piece, upper))
    return runs


def _same_in_legacy(ch: str, encoding: str) -> bool:
    """A character the legacy fonts have at its cp1252 place: ASCII, “ ” – … and the like."""
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return legacy_text.convert(ch, encoding) == ch


def legacy_bytes(text: str, encoding: str) -> bytes:
    """A text file's bytes in a legacy encoding (every capital with a tone typed small)."""
    return "".join(piece for piece, _upper in to_legacy(text, encoding)).encode("cp1252")


# --- Word ---------------------------------------------------------------------------------------------

_AUTO_LEVELS = {"roman": 0, "arabic": 1, "multi": 2, "letter": 3}
_OUTLINE_LIST, _BULLET_LIST = 90, 91  # ids of our lists, clear of the template's


def docx_from_lines(lines: list[str], path: Path | str, *, automatic: bool = False,
                    legacy_font: str | None = None) -> Path:
    """A .docx of the document, as an office would type it (see the module's docstring)."""
    document = Document()
    _page(document)
    writer = _DocxWriter(document, automatic, legacy_font)
    parsed = document_lines(lines)
    header = [line for line in parsed if line.role == "header"]
    if header:
        writer.header_table(header)
    rows: list[Line] = []
    for line in parsed[len(header):]:
        if line.role == "row":
            rows.append(line)
            continue
        if rows:
            writer.table(rows)
            rows = []
        writer.line(line)
    if rows:
        writer.table(rows)
    target = Path(path)
    document.save(str(target))
    return target


def _page(document: WordDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)


class _DocxWriter:
    def __init__(self, document: WordDocument, automatic: bool, legacy_font: str | None):
        self.document = document
        self.legacy_font = legacy_font
        self.numbers = _AutoNumbering(document) if automatic else None

    def header_table(self, header: list[Line]) -> None:
        """The header as offices set it: a borderless two-column table, bodies left, nation right."""
        left, right = _header_columns(header)
        table = self.document.add_table(rows=max(len(left), len(right)), cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for column, texts in enumerate((left, right)):
            for row, text in enumerate(texts):
                paragraph = table.cell(row, column).paragraphs[0]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                bold = column == 1 and not _PLACE_DATE.match(text) or row == 1 and column == 0
                self._text(paragraph, text, bold=bold, italic=bool(_PLACE_DATE.match(text)))

    def table(self, rows: list[Line]) -> None:
        width = max(len(line.cells) for line in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = self.document.styles["Table Grid"]
        for r, line in enumerate(rows):
            for c, cell in enumerate(line.cells):
                self._text(table.cell(r, c).paragraphs[0], cell, bold=r == 0)

    def line(self, line: Line) -> None:
        paragraph = self.document.add_paragraph()
        text = line.text
        if self.numbers is not None and line.role in ("body", "heading", "recipients"):
            text = self.numbers.number(paragraph, text)
        centred = line.role in ("kind", "title", "signature")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY
        if line.role == "body":
            paragraph.paragraph_format.first_line_indent = Cm(1)
        self._text(paragraph, text, bold=line.role in ("kind", "title", "heading", "signature"),
                   italic=line.role == "recipients")

    def _text(self, paragraph: Paragraph, text: str, bold: bool = False, italic: bool = False) -> None:
        if not self.legacy_font:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            return
        encoding = legacy_text.font_encoding(self.legacy_font)
        assert encoding, self.legacy_font
        capitals = text == text.upper() and encoding == "tcvn3"  # a heading: typed in the capitals font
        for piece, upper in to_legacy(text.lower() if capitals else text, encoding):
            run = paragraph.add_run(piece)
            run.font.name = self.legacy_font + ("H" if upper or capitals else "")
            run.bold, run.italic = bold or None, italic or None


def _header_columns(header: list[Line]) -> tuple[list[str], list[str]]:
    """Header lines into their columns: the national header and the place and date on the right."""
    left: list[str] = []
    right: list[str] = []
    for line in header:
        if _RULE.fullmatch(line.text):
            continue  # Word draws the rule; it is no text
        if " | " in line.text:
            first, _bar, second = line.text.partition(" | ")
            left.append(first.strip())
            right.append(second.strip())
        elif any(fold(line.text).startswith(words) for words in _NATIONAL) or _PLACE_DATE.match(line.text):
            right.append(line.text)
        else:
            left.append(line.text)
    return [text for text in left if text], [text for text in right if text]


class _AutoNumbering:
    """Word's automatic numbering in place of typed numbers: one outline list ("I.", "1.",
    "1.1.", "a)") and one bullet list ("-", "+"). Where the typed number is not the one Word would
    count to, that paragraph takes a new instance of the list that starts there (w:startOverride),
    as Word does when a clerk sets "Set numbering value"."""

    def __init__(self, document: WordDocument):
        self.numbering = document.part.numbering_part.element
        first_num = self.numbering.find(qn("w:num"))
        for abstract in (_outline_abstract(), _bullet_abstract()):
            if first_num is None:
                self.numbering.append(abstract)
            else:
                first_num.addprevious(abstract)
        for num_id in (_OUTLINE_LIST, _BULLET_LIST):
            self.numbering.append(_num(num_id, num_id))
        self.next_id = 100
        self.counts: list[int | None] = [None] * 9

    def number(self, paragraph: Paragraph, text: str) -> str:
        """Numbers the paragraph as its typed number says; gives back the text without it."""
        kind, values, rest = typed_marker(text)
        if kind in ("dash", "plus"):
            _number_paragraph(paragraph, _BULLET_LIST, 0 if kind == "dash" else 1)
            return rest
        if kind not in _AUTO_LEVELS or values[-1] == 0:  # "đ)": Word's letters have no đ, keep it typed
            return text
        level = _AUTO_LEVELS[kind]
        num_id = _OUTLINE_LIST
        if self._count(level) != values[-1]:
            # A new instance whose start override takes effect at its first paragraph; the
            # paragraphs after it go back to the list itself, which counts on from there (an
            # override also holds for the level's later restarts, so it serves this one paragraph).
            num_id, self.next_id = self.next_id, self.next_id + 1
            self.numbering.append(_num(num_id, _OUTLINE_LIST, {level: values[-1]}))
            self.counts[level] = values[-1]
        _number_paragraph(paragraph, num_id, level)
        return rest

    def _count(self, level: int) -> int:
        for deeper in range(level + 1, 9):
            self.counts[deeper] = None
        current = self.counts[level]
        self.counts[level] = 1 if current is None else current + 1
        return self.counts[level] or 0


def _outline_abstract() -> BaseOxmlElement:
    levels = [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."), ("lowerLetter", "%4)")]
    body = "".join(_lvl(i, fmt, text) for i, (fmt, text) in enumerate(levels))
    return parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_OUTLINE_LIST}">'
                     f'<w:multiLevelType w:val="multilevel"/>{body}</w:abstractNum>')


def _bullet_abstract() -> BaseOxmlElement:
    body = _lvl(0, "bullet", "-") + _lvl(1, "bullet", "+")
    return parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_BULLET_LIST}">'
                     f'<w:multiLevelType w:val="hybridMultilevel"/>{body}</w:abstractNum>')


def _lvl(ilvl: int, fmt: str, text: str) -> str:
    indent = 709 * (ilvl + 1)
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>')


def _num(num_id: int, abstract: int, starts: dict[int, int] | None = None) -> BaseOxmlElement:
    overrides = "".join(f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                        for level, start in (starts or {}).items())
    return parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
                     f'{overrides}</w:num>')


def _number_paragraph(paragraph: Paragraph, num_id: int, level: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    properties.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                                f'<w:numId w:val="{num_id}"/></w:numPr>'))


def set_numbering(document: WordDocument, xml: str) -> None:
    """Add abstractNum and num elements (`xml`, in the w: namespace, no root) to a document's
    numbering part, abstract definitions before instances as the schema wants."""
    numbering = document.part.numbering_part.element
    fragment = parse_xml(f'<w:numbering {nsdecls("w")}>{xml}</w:numbering>')
    first_num = numbering.find(qn("w:num"))
    for element in list(fragment):
        if element.tag == qn("w:abstractNum") and first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)


# --- PDF ------------------------------------------------------------------------------------------------

def pdf_from_lines(lines: list[str], path: Path | str, *, page_numbers: bool = True,
                   running_header: str = "") -> Path:
    """A PDF of the document, each paragraph broken into lines at the page's width (as Word's
    "Save as PDF" does), headings and the header in a bold font, the page number at the top of
    every page from the second (Hướng dẫn 36), and `running_header` atop every page if given."""
    paragraphs = [(" ".join(line.cells) if line.cells else line.text, line.role) for line in document_lines(lines)]
    target = Path(path)
    target.write_bytes(text_pdf(paragraphs, page_numbers=page_numbers, running_header=running_header))
    return target


def scanned_pdf(path: Path | str) -> Path:
    """A one-page PDF that is only a picture of a page, as a scanner makes it: no text at all."""
    target = Path(path)
    target.write_bytes(scan_pdf())
    return target
