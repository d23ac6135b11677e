"""PDF: the text layer, page by page, with the paragraphs the page width broke joined back.

A PDF keeps lines, not paragraphs. A line continues the one before unless:
- the one before ends a sentence (". ! ? … :"), or ends with ";" and this line starts with a
  capital ("…năm 2015;" / "Căn cứ Luật …": the basis is one paragraph per law);
- this line starts with a number or bullet ("1.", "1.1.", "a)", "-", "+", "I.", "Điều 2.");
- one of the two is in capitals and the other is not, or one is bold and the other is not
  (a heading and the text under it);
- the one before is short: a line ending well before the width of the page ended its paragraph.
  Two lines in capitals join only so ("II. NỘI DUNG, … TRÁCH NHIỆM THỰC" / "HIỆN"), which keeps
  the header's short lines ("ĐẢNG BỘ TỈNH LÀO CAI" / "THỊ ỦY SA PA") apart.
Page numbers and running headers or footers (a line repeated at the top or bottom of most pages)
are dropped. A PDF with no text at all is a scan: sapa does no OCR, and says so.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader

from ..core.text import fold
from ..errors import UsageError
from ..i18n import tr
from . import messages  # noqa: F401 - the readers' words live there
from .blocks import Block, SourceDocument
from .read_text import tidy

# pypdf reports what it repairs on its logger and as warnings; the user gets one line from us,
# never its notes on stderr.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)

_ENDS_SENTENCE = re.compile(r"[.!?…:][\"”’)\]]*$")
_ENDS_CLAUSE = re.compile(r";[\"”’)\]]*$")
_MARKER = re.compile(r"(?:[IVXLC]{1,6}\.\s|\d{1,2}(?:\.\d{1,2})*[.)/]\s|\d{1,2}\.\d{1,2}\s|[a-zđ][).]\s"
                     r"|[-+•–—▪●◦■➢*]\s?(?=\S)|(?:Điều|Mục|Phần|Chương)\s+\w+\s*[.:])")
# "2026" / "- 2031", "kinh tế" / "- xã hội": a dash the line width put first, not a bullet (a
# bullet's text starts with a capital).
_WRAPPED_DASH = re.compile(r"[-–—]\s?[0-9a-zđà-ỹ]")
_PAGE_NUMBER = re.compile(r"(?:trang|page)?\s*[-–—]?\s*\d{1,4}\s*(?:[-–—]|(?:/|of|trên)\s*\d{1,4})?\s*",
                          re.IGNORECASE)
# A list's number glued to its text ("b)Hình thức", "III.TỔ CHỨC"): the gap was a tab or an
# indent, which a text layer does not keep.
_GLUED_MARKER = re.compile(r"^((?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*)\.|[a-zđ]\)|[-+•])(?=[^\W\d_])")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"})
_EDGE = 2  # lines at the top and at the bottom of a page where page numbers and running heads sit
_SHORT = 0.6  # a line shorter than this share of a full line ended its paragraph


@dataclass
class _Line:
    text: str
    page: int
    bold: bool


@dataclass
class _Paragraph:
    lines: list[_Line] = field(default_factory=list)


def read_pdf(data: bytes, name: str, path: str) -> SourceDocument:
    """The paragraphs of a PDF's text layer; a one-line refusal for a scan, a locked or a damaged file."""
    pages = _page_lines(data, path)
    if not any(line.text.strip() for page in pages for line in page):
        raise UsageError("read_scanned", path=path)
    lines = _without_running_lines(pages)
    blocks = tuple(_block(paragraph) for paragraph in _paragraphs(lines))
    return SourceDocument(name=name, kind="pdf", blocks=blocks, notes=(tr("read_note_pdf"),))


# --- the text layer ----------------------------------------------------------------------------------

def _page_lines(data: bytes, path: str) -> list[list[_Line]]:
    """Each page's lines, with whether all of a line's text is in a bold font."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = _open(data, path)
        pages = []
        for number in range(1, _page_count(reader, path) + 1):
            try:
                fragments = _fragments(reader, number - 1)
            except Exception:  # noqa: BLE001 - pypdf raises what a damaged page makes it meet
                raise UsageError("read_damaged", path=path, what=tr("read_what_pdf")) from None
            pages.append(_lines(fragments, number))
    return pages


def _fragments(reader: PdfReader, index: int) -> list[tuple[str, Any]]:
    """The page's text as pypdf extracts it, in pieces with the font of each (for bold)."""
    fragments: list[tuple[str, Any]] = []
    reader.pages[index].extract_text(visitor_text=lambda text, _cm, _tm, font, _size: fragments.append((text, font)))
    return fragments


def _open(data: bytes, path: str) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - PdfReadError, PdfStreamError, ValueError, KeyError, …
        raise UsageError("read_damaged", path=path, what=tr("read_what_pdf")) from None
    if reader.is_encrypted:
        # Many PDFs are locked only against editing (an owner password): they open with none.
        try:
            opened = bool(reader.decrypt(""))
        except Exception:  # noqa: BLE001 - an unknown cipher or a missing crypto library
            opened = False
        if not opened:
            raise UsageError("read_encrypted", path=path)
    return reader


def _page_count(reader: PdfReader, path: str) -> int:
    """How many pages; a PDF with none is a damaged one (cut short, most often), not a scan."""
    try:
        count = len(reader.pages)
    except Exception:  # noqa: BLE001 - a broken page tree
        count = 0
    if not count:
        raise UsageError("read_damaged", path=path, what=tr("read_what_pdf"))
    return count


def _lines(fragments: list[tuple[str, Any]], page: int) -> list[_Line]:
    lines: list[_Line] = []
    text, bold = "", True
    for piece, font in fragments:
        parts = piece.split("\n")
        for i, part in enumerate(parts):
            if i:  # a line ended before this part
                lines.append(_Line(text, page, bold and bool(text.strip())))
                text, bold = "", True
            if part.strip():
                bold = bold and _is_bold(font)
            text += part
    lines.append(_Line(text, page, bold and bool(text.strip())))
    return [_Line(_clean(line.text), page, line.bold) for line in lines if tidy(line.text)]


def _clean(text: str) -> str:
    return _GLUED_MARKER.sub(r"\1 ", tidy(text.translate(_LIGATURES)), count=1)


def _is_bold(font: Any) -> bool:
    try:
        name = str(font.get("/BaseFont", "")) if font is not None else ""
    except AttributeError:
        return False
    return any(word in name for word in ("Bold", "Black", "Heavy", "Semibold"))


# --- page numbers and running heads -------------------------------------------------------------------

def _without_running_lines(pages: list[list[_Line]]) -> list[_Line]:
    pages = [[line for i, line in enumerate(page) if not (_at_edge(i, len(page)) and _PAGE_NUMBER.fullmatch(line.text))]
             for page in pages]
    running = _running(pages)
    return [line for page in pages for i, line in enumerate(page)
            if not (_at_edge(i, len(page)) and _shape(line.text) in running)]


def _at_edge(index: int, count: int) -> bool:
    return index < _EDGE or index >= count - _EDGE


def _running(pages: list[list[_Line]]) -> set[str]:
    """Lines at a page's edge that most pages repeat (page numbers inside them aside)."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_shape(line.text) for i, line in enumerate(page) if _at_edge(i, len(page))})
    return {shape for shape, count in seen.items() if count >= 2 and count * 2 >= len(pages)}


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", fold(text))


# --- paragraphs ---------------------------------------------------------------------------------------

def _paragraphs(lines: list[_Line]) -> list[_Paragraph]:
    full = _full_length(lines)
    paragraphs: list[_Paragraph] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1].lines[-1], line, full):
            paragraphs[-1].lines.append(line)
        else:
            paragraphs.append(_Paragraph([line]))
    return paragraphs


def _full_length(lines: list[_Line]) -> int:
    """How many characters a full line of this document holds (most body lines are full)."""
    lengths = sorted(len(line.text) for line in lines)
    return lengths[int(len(lengths) * 0.8)] if lengths else 0


def _continues(before: _Line, line: _Line, full: int) -> bool:
    if _ENDS_SENTENCE.search(before.text):
        return False
    if _MARKER.match(line.text) and not (_WRAPPED_DASH.match(line.text) and before.text[-1:].isalnum()):
        return False
    if _ENDS_CLAUSE.search(before.text) and line.text[:1].isupper():
        return False
    if before.bold != line.bold or _capitals(before.text) != _capitals(line.text):
        return False
    return len(before.text) >= _SHORT * full


def _capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _block(paragraph: _Paragraph) -> Block:
    first = paragraph.lines[0]
    return Block(text=tidy(" ".join(line.text for line in paragraph.lines)), where=f"trang {first.page}",
                 bold=all(line.bold for line in paragraph.lines))
