"""Word (.docx): paragraphs and tables in body order, with Word's automatic numbers as Word shows
them, bold and italic, headings, centring, and text typed in old Vietnamese fonts converted.

Decisions a reader of the blocks should know:
- A soft line break (Shift+Enter, `w:br`) joins the lines of a body paragraph with a space: clerks
  break long sentences by hand to fit the page. In the header area, that is in a centred
  paragraph or in a table before the body's first paragraph, each line is its own block with the
  paragraph's `where`: "ĐẢNG BỘ TỈNH LÀO CAI ⏎ THỊ ỦY SA PA" and "T/M BAN THƯỜNG VỤ ⏎ PHÓ BÍ THƯ"
  are separate lines of the document's form.
- "đoạn N" counts the paragraphs that have text, in body order, table cells included.
- Text Word would not show is left out: hidden runs (`w:vanish`), deleted revisions, field codes;
  text formatted "All caps" is upper-cased, as shown. Text boxes are read after the paragraph
  that anchors them (once, though Word stores a drawing and its fallback).
- A table cell merged into the one before it (`w:vMerge`, `w:hMerge` continue) is read once,
  with the first cell; `col` is the cell's first grid column.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass, replace

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from docx.opc.part import Part
from lxml import etree

from ..errors import UsageError
from ..i18n import tr
from . import legacy_text, messages  # noqa: F401 - messages: the readers' words live there
from .blocks import Block, SourceDocument
from .docx_numbering import Numbering, bullet
from .docx_xml import MC, Styles, W, attr, child_int, child_val, font_of, parse, toggle
from .read_text import tidy

# A Word file's parts unpacked: a plan with its pictures is tens of MB; far past this a small file
# would unpack into the machine's whole memory (a "ZIP bomb"), and python-docx holds every part.
UNPACKED_LIMIT = 512 * 1024 * 1024

_BLOCK_WRAPPERS = (W + "sdt", W + "customXml", MC + "AlternateContent")
_INLINE_WRAPPERS = (W + "hyperlink", W + "ins", W + "smartTag", W + "customXml", W + "fldSimple", W + "dir",
                    W + "bdo", W + "moveTo")
_DRAWINGS = (W + "drawing", W + "pict", W + "object", MC + "AlternateContent")


@dataclass(frozen=True)
class _Cell:
    table: int
    row: int
    col: int


@dataclass(frozen=True)
class _Run:
    text: str
    bold: bool
    italic: bool


def read_docx(data: bytes, name: str, path: str) -> SourceDocument:
    """The blocks of a Word document; a one-line refusal for a damaged one."""
    if _unpacked_size(data) > UNPACKED_LIMIT:
        raise UsageError("read_too_large", path=path, limit=UNPACKED_LIMIT // (1024 * 1024))
    try:
        body, styles, numbering = _parts(data)
    except Exception:  # noqa: BLE001 - python-docx and lxml raise what their parsing meets
        # (BadZipFile, KeyError, XMLSyntaxError, ValueError, …): for the user it is one thing.
        raise UsageError("read_damaged", path=path, what=tr("read_what_word")) from None
    reader = _Reader(styles, numbering)
    if body is not None:
        reader.container(body, None)
    blocks, encoding = reader.blocks, ""
    if reader.encodings:
        encoding = reader.encodings.most_common(1)[0][0]
    else:
        blocks, encoding = _legacy_without_font(blocks, path)
    notes = (tr("read_note_converted", encoding=legacy_text.LEGACY_NAMES.get(encoding, encoding)),) if encoding else ()
    return SourceDocument(name=name, kind="docx", blocks=tuple(blocks), encoding=encoding, notes=notes)


def _unpacked_size(data: bytes) -> int:
    """What the package's parts claim to hold unpacked (0 when it is no ZIP: parsing will say)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return 0


def _legacy_without_font(blocks: list[Block], path: str) -> tuple[list[Block], str]:
    """Old-code text whose font was changed to a Unicode one (the letters were not): its words tell."""
    _text, encoding = legacy_text.ensure_unicode("\n".join(block.text for block in blocks), where=path)
    if not encoding:
        return blocks, ""
    return [replace(block, text=tidy(legacy_text.convert(block.text, encoding))) for block in blocks], encoding


def _parts(data: bytes) -> tuple[etree._Element | None, Styles, Numbering]:
    main = OpcPackage.open(io.BytesIO(data)).main_document_part
    document = parse(main.blob)
    styles = Styles(_related(main, RT.STYLES))
    return document.find(W + "body"), styles, Numbering(_related(main, RT.NUMBERING), styles.number_ids())


def _related(part: Part, reltype: str) -> etree._Element | None:
    try:
        related = part.part_related_by(reltype)
    except KeyError:  # no styles or no numbering: a plain document
        return None
    return parse(related.blob)


class _Reader:
    """Walks the body once, in order: Word's list counters depend on it."""

    def __init__(self, styles: Styles, numbering: Numbering):
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.encodings: Counter[str] = Counter()
        self._paragraphs = 0
        self._tables = 0
        self._in_body = False  # a plain paragraph has been read: the header area is over

    def container(self, element: etree._Element, cell: _Cell | None) -> None:
        for child in element:
            if child.tag == W + "p":
                self._paragraph(child, cell)
            elif child.tag == W + "tbl":
                self._table(child, cell)
            elif child.tag in _BLOCK_WRAPPERS:
                content = _content(child)
                if content is not None:
                    self.container(content, cell)

    def _table(self, table: etree._Element, cell: _Cell | None) -> None:
        """Every cell once, row by row; a table inside a cell belongs to that cell."""
        if cell is None:
            self._tables += 1
        for row, tr_element in enumerate(_children(table, W + "tr")):
            col = child_int(tr_element.find(W + "trPr"), "gridBefore") or 0
            for tc in _children(tr_element, W + "tc"):
                properties = tc.find(W + "tcPr")
                if not _merged_away(properties):
                    self.container(tc, cell or _Cell(self._tables, row, col))
                col += child_int(properties, "gridSpan") or 1

    def _paragraph(self, p: etree._Element, cell: _Cell | None) -> None:
        ppr = p.find(W + "pPr")
        style = child_val(ppr, "pStyle") or ""
        runs: list[_Run] = []
        boxes: list[etree._Element] = []
        self._inline(p, style, runs, boxes)
        number, level = self._number(ppr, style)  # counted even when the paragraph is empty, as Word does
        centered = self.styles.paragraph(ppr, style, lambda e: child_val(e, "jc")) == "center"
        header_area = centered or (cell is not None and not self._in_body)
        parts = self._lines("".join(run.text for run in runs), split=header_area)
        if parts:
            self._paragraphs += 1
            visible = [run for run in runs if run.text.strip()]
            for i, part in enumerate(parts):
                self.blocks.append(Block(
                    text=part, where=f"đoạn {self._paragraphs}", number=number if i == 0 else "",
                    level=level if i == 0 else -1, bold=all(run.bold for run in visible),
                    italic=all(run.italic for run in visible), heading=self._heading(ppr, style), centered=centered,
                    table=cell.table if cell else 0, row=cell.row if cell else 0, col=cell.col if cell else 0))
            if cell is None and not centered:
                self._in_body = True
        for box in boxes:
            self.container(box, cell)

    @staticmethod
    def _lines(text: str, split: bool) -> list[str]:
        if not split:
            text = text.replace("\n", " ")
        return [line for line in (tidy(piece) for piece in text.split("\n")) if line]

    def _heading(self, ppr: etree._Element | None, style: str) -> int:
        named = self.styles.heading(style or self.styles.default_paragraph)
        if named:
            return named
        outline = self.styles.paragraph(ppr, style, lambda e: child_int(e, "outlineLvl"))
        return outline + 1 if outline is not None and 0 <= outline < 9 else 0

    def _number(self, ppr: etree._Element | None, style: str) -> tuple[str, int]:
        """Word's automatic number of the paragraph, from its own w:numPr or its style's."""
        own = ppr.find(W + "numPr") if ppr is not None else None
        inherited = self.styles.paragraph(None, style, lambda e: None if e is None else e.find(W + "numPr"))
        num_id = child_val(own, "numId") or child_val(inherited, "numId")
        if not num_id or num_id == "0":  # numId 0: numbering taken off a numbered style
            return "", -1
        ilvl = child_int(own, "ilvl")
        if ilvl is None:
            ilvl = child_int(inherited, "ilvl")
        if ilvl is None:
            ilvl = self.numbering.level_of_style(num_id, style) or 0
        label = self.numbering.label(num_id, ilvl)
        return (label, ilvl) if label else ("", -1)  # none, or a level that shows nothing

    # --- runs ------------------------------------------------------------------------------------

    def _inline(self, element: etree._Element, style: str, runs: list[_Run], boxes: list[etree._Element]) -> None:
        for child in element:
            if child.tag == W + "r":
                self._run(child, style, runs, boxes)
            elif child.tag in _INLINE_WRAPPERS:
                self._inline(child, style, runs, boxes)
            elif child.tag in _BLOCK_WRAPPERS:
                content = _content(child)
                if content is not None:
                    self._inline(content, style, runs, boxes)

    def _run(self, r: etree._Element, style: str, runs: list[_Run], boxes: list[etree._Element]) -> None:
        rpr = r.find(W + "rPr")
        if self.styles.run(rpr, style, lambda e: toggle(e, "vanish")):
            return
        font = self.styles.run(rpr, style, font_of) or ""
        pieces = []
        for child in r:
            if child.tag == W + "t":
                pieces.append(self._legacy(child.text or "", font))
            elif child.tag in (W + "tab", W + "ptab"):
                pieces.append("\t")
            elif child.tag in (W + "br", W + "cr"):
                pieces.append("\n" if attr(child, "type") in ("", "textWrapping") else " ")
            elif child.tag == W + "noBreakHyphen":
                pieces.append("-")
            elif child.tag == W + "sym":
                pieces.append(_symbol(child))
            elif child.tag in _DRAWINGS:
                boxes.extend(_text_boxes(child))
        text = "".join(pieces)
        if self.styles.run(rpr, style, lambda e: toggle(e, "caps")):
            text = text.upper()
        if text:
            runs.append(_Run(text, bold=bool(self.styles.run(rpr, style, lambda e: toggle(e, "b"))),
                             italic=bool(self.styles.run(rpr, style, lambda e: toggle(e, "i")))))

    def _legacy(self, text: str, font: str) -> str:
        """Text in a TCVN3 (.VnTime) or VNI font holds the old code's letters: converted to Unicode."""
        encoding = legacy_text.font_encoding(font) if font else None
        if not encoding or not text:
            return text
        self.encodings[encoding] += len(text)
        return legacy_text.convert(text, encoding, upper=legacy_text.is_upper_font(font))


def _children(element: etree._Element, tag: str) -> list[etree._Element]:
    """Rows of a table or cells of a row, also when a content control wraps them."""
    found = []
    for child in element:
        if child.tag == tag:
            found.append(child)
        elif child.tag in _BLOCK_WRAPPERS:
            content = _content(child)
            if content is not None:
                found.extend(_children(content, tag))
    return found


def _content(wrapper: etree._Element) -> etree._Element | None:
    """What a wrapper holds: a content control's content, markup-compatibility's first choice."""
    if wrapper.tag == W + "sdt":
        return wrapper.find(W + "sdtContent")
    if wrapper.tag == MC + "AlternateContent":
        return wrapper.find(MC + "Choice")
    return wrapper


def _merged_away(properties: etree._Element | None) -> bool:
    """A cell that continues a merge: its text (if any) belongs to the merged cell already read."""
    for name in ("vMerge", "hMerge"):
        merge = None if properties is None else properties.find(W + name)
        if merge is not None and attr(merge, "val") != "restart":
            return True
    return False


def _text_boxes(element: etree._Element) -> list[etree._Element]:
    """The outermost text boxes inside a drawing, not those of its fallback copy."""
    boxes = []
    for box in element.iter(W + "txbxContent"):
        ancestor = box.getparent()
        while ancestor is not None and ancestor is not element and ancestor.tag not in (MC + "Fallback",
                                                                                        W + "txbxContent"):
            ancestor = ancestor.getparent()
        if ancestor is element or ancestor is None:
            boxes.append(box)
    return boxes


def _symbol(sym: etree._Element) -> str:
    """A w:sym character (Insert > Symbol): private-use codes of Symbol and Wingdings read as bullets."""
    try:
        code = int(attr(sym, "char"), 16)
    except ValueError:
        return ""
    if code < 0xF000 and attr(sym, "font").lower().startswith(("symbol", "wingdings", "webdings")):
        code += 0xF000
    return bullet(chr(code), attr(sym, "font")) if 0xE000 <= code <= 0xF8FF else chr(code)
