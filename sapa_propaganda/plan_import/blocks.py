"""A document as the importer reads it: paragraphs in reading order, whatever the file's kind.

Every reader (Word, text, Markdown, PDF) turns its file into a `SourceDocument`; the analysis
(`layout.py` and after) never sees the file's format, only these blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """One paragraph of the document.

    `text` is NFC, stripped, with a *typed* number kept as typed ("1. Ban Tuyên giáo …"), and
    Markdown or Word emphasis marks removed. Word's *automatic* number is not part of the text:
    it is in `number` as Word would show it ("1.", "a)", "II.", "-", "•"), with its list
    level in `level` (0 for the outermost).
    """

    text: str
    where: str  # for messages: "đoạn 12" (Word), "dòng 12" (text), "trang 2" (PDF)
    number: str = ""  # Word's automatic number as shown; "" when none
    level: int = -1  # the list level of an automatic number (w:ilvl); -1 when none
    bold: bool = False  # all of its visible text is bold
    italic: bool = False  # all of its visible text is italic
    heading: int = 0  # 1–9 for a heading (a Heading style, Markdown '#'); 0 otherwise
    centered: bool = False  # centred: the header's lines, the kind, the title, the signature
    table: int = 0  # 1-based index of the table it sits in; 0 outside tables
    row: int = 0  # its row and column in that table (0-based)
    col: int = 0
    columns: tuple[str, ...] = ()  # a schedule's row joined into one block: the names of its table's columns


@dataclass(frozen=True)
class SourceDocument:
    """What a reader found in a file."""

    name: str  # the file's name, for messages and the draft's comments
    kind: str  # "docx", "txt", "md", "pdf"
    blocks: tuple[Block, ...]
    encoding: str = ""  # how the text was stored: "utf-8", "utf-16", "tcvn3", "vni", …
    notes: tuple[str, ...] = field(default_factory=tuple)  # what the reader had to do (converted from TCVN3, …)
