"""Plain text and Markdown: one block per line, in any encoding an office's file may have.

Plain-text conversions of Word documents (pandoc, "Save as text", copies from a web page) use
Markdown's shapes whatever their suffix: `**I. MỤC ĐÍCH**`, `### 1.2. …`, `| a | b |`. So a
.txt is read exactly as a .md is; only the `kind` differs. `tidy` is also the other readers'
last step for every paragraph's text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from ..i18n import tr
from . import legacy_text, messages  # noqa: F401 - messages: the readers' words live there
from .blocks import Block, SourceDocument

# Longest first: a UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Whitespace Word and the web put inside a line: all become one plain space.
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def tidy(text: str) -> str:
    """A paragraph's text as a Block holds it: NFC, one space between words, no control or
    invisible characters (soft hyphens, zero-width spaces, byte-order marks, direction marks)."""
    text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # the usual line is, and costs nothing more
        text = "".join(ch if ch.isprintable() or ch.isspace() else _invisible(ch) for ch in text)
    return _SPACES.sub(" ", text).strip()


def _invisible(ch: str) -> str:
    # A control character stands between two words (a vertical tab is Word's line break in
    # copied text); a format character (soft hyphen, ZWSP, BOM) sits inside a word.
    return " " if unicodedata.category(ch) == "Cc" else ""


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and how it was stored: a byte-order mark decides; without one UTF-8
    is tried, then the old Vietnamese code pages (`legacy_text.decode_bytes`)."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            # The mark says what the file is: a stray bad unit becomes U+FFFD, not a refusal.
            return data[len(bom):].decode(codec, errors="replace"), label
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return legacy_text.decode_bytes(data)


def read_text(data: bytes, name: str, path: str, kind: str = "txt") -> SourceDocument:
    """A .txt or .md file as blocks: one per non-empty line, one per cell of a table row."""
    text, encoding = decode(data)
    notes: list[str] = []
    if encoding in legacy_text.LEGACY_NAMES:
        notes.append(tr("read_note_converted", encoding=legacy_text.LEGACY_NAMES[encoding]))
    text, legacy = legacy_text.ensure_unicode(text, where=path)
    if legacy:
        encoding = legacy
        notes.append(tr("read_note_converted", encoding=legacy_text.LEGACY_NAMES[legacy]))
    # Lines as an editor numbers them: a form feed or other separator stays inside its line.
    lines = _LINE_BREAK.split(text)
    return SourceDocument(name=name, kind=kind, blocks=tuple(_blocks(lines)), encoding=encoding,
                          notes=tuple(dict.fromkeys(notes)))


# --- lines ------------------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_RULE = re.compile(r"\s{0,3}([-*_=])(?:\s*\1){2,}\s*")
_HEADING = re.compile(r"\s{0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*")
_QUOTE = re.compile(r"\s{0,3}(?:>\s?)+")
_SEPARATOR_CELL = re.compile(r"\s*:?-{2,}:?\s*")
_PLAIN_CELL_SPLIT = re.compile(r"\s+\|\s+")


@dataclass
class _Table:
    """Where the table rows of the text stand: the current table's index and next row."""

    index: int = 0
    next_row: int = 0
    open: bool = False  # the last non-blank line was one of its rows


def _blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    table = _Table()
    carry = ""  # an emphasis marker opened on an earlier line of the paragraph and not yet closed
    for number, line in enumerate(lines, start=1):
        where = f"dòng {number}"
        if not line.strip():
            carry = ""
            continue
        if _RULE.fullmatch(line):
            table.open = False
            continue
        cells = _row_cells(line, table.open)
        if cells is not None:
            blocks.extend(_row_blocks(cells, where, table))
            continue
        table.open = False
        block, carry = _line_block(line, where, carry)
        if block is not None:
            blocks.append(block)
    return blocks


def _line_block(line: str, where: str, carry: str) -> tuple[Block | None, str]:
    heading = 0
    line = _QUOTE.sub("", line, count=1) if line.lstrip().startswith(">") else line
    match = _HEADING.fullmatch(line)
    if match:
        heading, line = len(match.group(1)), match.group(2) or ""
    text, bold, italic, carry = unmark(line, carry)
    text = tidy(text)
    if not text:
        return None, carry
    return Block(text=text, where=where, bold=bold, italic=italic, heading=heading), carry


# --- tables -------------------------------------------------------------------------------------

def _row_cells(line: str, in_table: bool) -> list[str] | None:
    """The cells of a table row, [] for a Markdown separator row, None when not a row.

    A Markdown row starts with "|"; a plain-text conversion writes " | " between cells: two of
    them make a row, one makes a row only inside a table (a lone " | " is too common in prose)."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        cells = re.split(r"(?<!\\)\|", stripped[1:-1] if stripped.endswith("|") else stripped[1:])
        return [] if all(_SEPARATOR_CELL.fullmatch(cell) for cell in cells) else cells
    if stripped.count(" | ") >= 2 or (in_table and " | " in stripped):
        return _PLAIN_CELL_SPLIT.split(stripped)
    return None


def _row_blocks(cells: list[str], where: str, table: _Table) -> list[Block]:
    if not table.open:
        table.index, table.next_row, table.open = table.index + 1, 0, True
    if not cells:  # |---|---|: the line under a Markdown table's head
        return []
    row, table.next_row = table.next_row, table.next_row + 1
    blocks = []
    for col, cell in enumerate(cells):
        text, bold, italic, _carry = unmark(cell.replace("\\|", "|"), "")
        text = tidy(text)
        if text:
            blocks.append(Block(text=text, where=where, bold=bold, italic=italic, table=table.index, row=row,
                                col=col))
    return blocks


# --- emphasis -----------------------------------------------------------------------------------

_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_ESCAPE_BASE = 0xF0000  # escaped marks wait in a private-use plane while emphasis is taken out
_LINK = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]+)\]\([^)]*\)")
_TAG = re.compile(r"</?(?:u|b|i|s|em|strong|br|sup|sub|span|mark|ins)\b[^>]*>", re.IGNORECASE)
_STAR_PAIR = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1(?!\*)")
_UNDERSCORE_PAIR = re.compile(r"(?<![\w_])(_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w_])")
_WHOLE = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.*?\S)\1")
_OPENER = re.compile(r"(\*{1,3}|_{1,3})(?=\S)")
_CLOSER = re.compile(r"(?<=\S)(\*{1,3}|_{1,3})\s*$")
_HARD_BREAK = re.compile(r"(?:\s{2,}|\\)$")


def unmark(line: str, carry: str = "") -> tuple[str, bool, bool, str]:
    """A line without its Markdown emphasis: (text, bold, italic, carry).

    `bold`/`italic` say that the whole line is emphasised. `carry` is a marker opened on an
    earlier line and still open ("**T/M BAN THƯỜNG VỤ" … "PHÓ BÍ THƯ**"), given back for the
    next line of the same paragraph."""
    text = _ESCAPED.sub(lambda m: chr(_ESCAPE_BASE + ord(m.group(1))), line.strip())
    text = _HARD_BREAK.sub("", _TAG.sub("", _LINK.sub(lambda m: m.group(1) or "", text))).strip()
    bold = italic = False
    if carry:
        text, whole, carry = _continue(text, carry)
        if whole:
            bold, italic = _marks(whole)
    else:
        bold, italic, text = _whole_line(text)
    text = _UNDERSCORE_PAIR.sub(r"\2", _STAR_PAIR.sub(r"\2", _STAR_PAIR.sub(r"\2", text)))
    if not carry and (opened := _OPENER.match(text)) and not _CLOSER.search(text):
        carry = opened.group(1)  # opens here, closes on a later line: this line is all inside it
        text = text[opened.end():]
        more_bold, more_italic = _marks(carry)
        bold, italic = bold or more_bold, italic or more_italic
    text = "".join(chr(ord(ch) - _ESCAPE_BASE) if ord(ch) >= _ESCAPE_BASE else ch for ch in text)
    return text, bold, italic, carry


def _whole_line(text: str) -> tuple[bool, bool, str]:
    """Emphasis around the whole line, any depth ("***1.2. …***", "**_…_**")."""
    bold = italic = False
    while (match := _WHOLE.fullmatch(text)) and not _splits(match):
        more_bold, more_italic = _marks(match.group(1))
        bold, italic, text = bold or more_bold, italic or more_italic, match.group(2)
    return bold, italic, text


def _splits(match: re.Match[str]) -> bool:
    """"**a** and **b**" is not one emphasis around "a** and **b"."""
    return match.group(1) in match.group(2)


def _continue(text: str, carry: str) -> tuple[str, str, str]:
    """A line inside emphasis opened earlier: (text, the marker if all of it is inside, carry)."""
    if text.endswith(carry) and carry not in text[:-len(carry)]:
        return text[:-len(carry)], carry, ""
    at = text.find(carry)
    if at < 0:
        return text, carry, carry
    return text[:at] + text[at + len(carry):], "", ""


def _marks(marker: str) -> tuple[bool, bool]:
    return len(marker) >= 2, len(marker) != 2
