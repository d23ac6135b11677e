"""WordprocessingML as the Word reader needs it: the namespace, a safe parser, small accessors,
and the styles part (what a paragraph or run inherits from its style, and from the document's
defaults)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from lxml import etree

from ..core.text import fold

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# No entity expansion, no network, no huge trees: a document is data from elsewhere.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_OFF = ("0", "false", "off", "none")
_HEADING_NAME = re.compile(r"(?:heading|tieu de|dau de)\s*([1-9])")

T = TypeVar("T")


def parse(blob: bytes) -> etree._Element:
    return etree.fromstring(blob, _PARSER)


def attr(element: etree._Element | None, name: str) -> str:
    """A w: attribute's value, "" when absent."""
    return "" if element is None else element.get(W + name, "")


def child_val(element: etree._Element | None, name: str) -> str | None:
    """The w:val of the child `name`; None when there is no such child."""
    found = None if element is None else element.find(W + name)
    return None if found is None else found.get(W + "val", "")


def child_int(element: etree._Element | None, name: str) -> int | None:
    value = child_val(element, name)
    try:
        return int(value) if value else None
    except ValueError:
        return None


def toggle(element: etree._Element | None, name: str) -> bool | None:
    """An on/off property (w:b, w:i, w:vanish): True, False, or None when not set here."""
    found = None if element is None else element.find(W + name)
    if found is None:
        return None
    return found.get(W + "val", "true").lower() not in _OFF


def font_of(rpr: etree._Element | None) -> str | None:
    """The Latin font a run property names; "" for a theme font (never a legacy one); None when unset."""
    fonts = None if rpr is None else rpr.find(W + "rFonts")
    if fonts is None:
        return None
    if attr(fonts, "asciiTheme") or attr(fonts, "hAnsiTheme"):
        return ""
    return attr(fonts, "ascii") or attr(fonts, "hAnsi") or None


class Styles:
    """The styles part: each style's own properties, followed up its `w:basedOn` chain."""

    def __init__(self, root: etree._Element | None):
        self._styles: dict[str, etree._Element] = {}
        self.default_paragraph = ""
        self._default_rpr: etree._Element | None = None
        self._default_ppr: etree._Element | None = None
        if root is None:
            return
        for style in root.iterchildren(W + "style"):
            style_id = attr(style, "styleId")
            self._styles[style_id] = style
            if attr(style, "type") == "paragraph" and attr(style, "default") in ("1", "true", "on"):
                self.default_paragraph = style_id
        self._default_rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self._default_ppr = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")

    def chain(self, style_id: str) -> list[etree._Element]:
        """The style and those it is based on, nearest first (a loop is cut)."""
        found: list[etree._Element] = []
        while style_id in self._styles and len(found) < 20:
            style = self._styles[style_id]
            if any(style is seen for seen in found):
                break
            found.append(style)
            style_id = child_val(style, "basedOn") or ""
        return found

    def paragraph(self, own: etree._Element | None, style_id: str, get: Callable[[etree._Element | None], T | None]
                  ) -> T | None:
        """A paragraph property: the paragraph's own, else its style's, else the document's default."""
        for ppr in (own, *(s.find(W + "pPr") for s in self.chain(style_id or self.default_paragraph)),
                    self._default_ppr):
            value = get(ppr)
            if value is not None:
                return value
        return None

    def run(self, own: etree._Element | None, paragraph_style: str,
            get: Callable[[etree._Element | None], T | None]) -> T | None:
        """A run property: the run's own, its character style's, its paragraph style's, the default."""
        char_style = child_val(own, "rStyle") or ""
        sources = [own, *(s.find(W + "rPr") for s in self.chain(char_style))]
        sources += [s.find(W + "rPr") for s in self.chain(paragraph_style or self.default_paragraph)]
        for rpr in (*sources, self._default_rpr):
            value = get(rpr)
            if value is not None:
                return value
        return None

    def heading(self, style_id: str) -> int:
        """1–9 for a heading style (Word's "heading 1", Vietnamese "Tiêu đề 1"/"Đầu đề 1"), else 0."""
        for style in self.chain(style_id):
            name = fold(child_val(style, "name") or "")
            match = _HEADING_NAME.fullmatch(name)
            if match:
                return int(match.group(1))
        return 0

    def number_ids(self) -> dict[str, str]:
        """Numbering styles' list ids (w:numId in their pPr): where a linked list takes its levels."""
        ids = {}
        for style_id, style in self._styles.items():
            num_id = child_val(style.find(f"{W}pPr/{W}numPr"), "numId")
            if attr(style, "type") == "numbering" and num_id:
                ids[style_id] = num_id
        return ids

