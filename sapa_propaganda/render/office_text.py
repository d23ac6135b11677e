"""An OfficeDocument as Markdown or plain text, in the order the Word file shows it: what
`report-draft` gives on stdout, or in a .md or .txt file.
"""

from __future__ import annotations

from ..core.paper_forms import STATE
from ..core.text import for_display
from ..i18n import tr
from .office_document import BLANK, Cell, OfficeDocument, cell_text

# Plain text underlines a heading by its level: the document's kind, a plan's part, "I.", "1.".
UNDERLINES = "=-~."


def _text_cell(value: Cell, markdown: bool, bold: bool = False) -> str:
    text = for_display(cell_text(value))  # one line
    if markdown and text:
        text = text.replace("\\", "\\\\").replace("|", "\\|")
        return f"**{text}**" if bold else text
    return text


def document_text(doc: OfficeDocument, markdown: bool = True) -> str:
    """The document as Markdown (or plain text), in the order the Word file shows it: a table's
    columns for the Excel sheet alone left out, the lines that sum up a group in bold."""
    out: list[str] = []

    def block(*texts: str) -> None:
        """Lines of one paragraph (in Markdown, kept apart by hard line breaks), then a blank line."""
        for number, text in enumerate(texts, start=1):
            out.append(for_display(text) + ("  " if markdown and number < len(texts) else ""))
        out.append("")

    def heading(level: int, text: str) -> None:
        if markdown:
            block("#" * level + " " + text)
        else:
            block(for_display(text), UNDERLINES[min(level, len(UNDERLINES)) - 1] * len(for_display(text)))

    block(*[t for t in (doc.body_above.upper(), doc.body.upper(), doc.number_line) if t])
    block(*((tr("paper_nation"), tr("paper_motto")) if doc.system == STATE else (tr("paper_party"),)),
          doc.place_date)
    if doc.kind:
        heading(1, doc.kind.upper())
    if doc.summary:
        block(f"**{doc.summary}**" if markdown else doc.summary)
    if doc.intro:
        block(doc.intro)
    deeper = 1 if any(section.part for section in doc.sections) else 0  # under each plan's part
    part = ""
    for section in doc.sections:
        if section.part and section.part != part:
            part = section.part
            heading(2, part)
        if section.heading:  # "1. …" under "I. …"
            heading((3 if section.heading[:1].isdigit() else 2) + deeper, section.heading)
        for paragraph in section.paragraphs:
            block(paragraph)
        for table in section.tables:
            if not table.rows and table.empty:
                block(table.empty)
                continue
            if table.title:
                block(f"**{table.title}**" if markdown else table.title)
            columns = table.printed_columns()
            rows = [[_text_cell(row[index] if index < len(row) else None, markdown, number in table.summaries)
                     for index in columns] for number, row in enumerate(table.rows)]
            headers = [_text_cell(table.headers[index] if index < len(table.headers) else "", markdown)
                       for index in columns]
            if markdown:
                out.extend("| " + " | ".join(cells) + " |" for cells in (headers, ["---"] * len(headers), *rows))
            else:
                out.extend(" | ".join(cells) for cells in (headers, *rows))
            out.append("")
    block(tr("paper_recipients"), *(f"- {r}" for r in doc.recipients or (BLANK,)))
    block(*((doc.signer_on_behalf.upper() or BLANK,) if doc.signer_on_behalf or not doc.signer_title else ()),
          doc.signer_title.upper() or BLANK)
    block(doc.signer_name or BLANK)
    return "\n".join(out).rstrip("\n") + "\n"
