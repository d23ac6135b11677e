"""Word's automatic numbering, rendered as Word shows it ("II.", "1.2.", "a)", "-", "•").

A paragraph points at a list instance (`w:num`), which points at a definition (`w:abstractNum`)
of up to nine levels, each with a format (`w:numFmt`), a pattern (`w:lvlText`, "%1.%2.") and a
start. Word counts per definition, not per instance: a second `w:num` on the same definition
continues the count, unless it overrides a level's start (`w:startOverride`), which is how
Word restarts a list. A level restarts when a shallower level is used (or as `w:lvlRestart`
says); a shallower level not yet used shows its start value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lxml import etree

from .docx_xml import W, attr, child_int, child_val

_MAX_LEVELS = 9

# Symbol and Wingdings draw their bullets from private-use code points (U+F0B7 is Symbol's •)
# or from Latin letters in their own shapes ("§" is Wingdings' square): the reader sees "•".
_PICTURE_FONTS = ("symbol", "wingdings", "webdings")
_PRIVATE_ASCII = {0xF02D: "-", 0xF02B: "+"}


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 0  # the schema's default when w:start is absent
    restart: int | None = None  # w:lvlRestart: restarts after this 1-based level; 0 never; None: the one above
    legal: bool = False  # w:isLgl: every number of the label in decimal ("1.1." under "I.")
    font: str = ""  # the bullet's font, to read a Symbol or Wingdings bullet
    style: str = ""  # w:pStyle: the paragraph style that takes this level


@dataclass
class _Instance:
    """A `w:num`: its definition and the levels it overrides."""

    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)


class Numbering:
    """The numbering part of one document, with Word's counters as the document is read in order."""

    def __init__(self, root: etree._Element | None, style_numbers: dict[str, str]):
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._links: dict[str, str] = {}  # abstractNum id -> the numbering style it follows (w:numStyleLink)
        self._instances: dict[str, _Instance] = {}
        self._style_numbers = style_numbers  # numbering style id -> its w:numId
        self._counts: dict[str, list[int | None]] = {}
        self._seen: set[str] = set()
        if root is not None:
            self._load(root)

    def _load(self, root: etree._Element) -> None:
        for abstract in root.iterchildren(W + "abstractNum"):
            key = attr(abstract, "abstractNumId")
            levels = abstract.iterchildren(W + "lvl")
            self._abstracts[key] = {int(attr(lvl, "ilvl") or 0): _level(lvl) for lvl in levels}
            link = child_val(abstract, "numStyleLink")
            if link:
                self._links[key] = link
        for num in root.iterchildren(W + "num"):
            instance = _Instance(abstract=child_val(num, "abstractNumId") or "")
            for override in num.iterchildren(W + "lvlOverride"):
                ilvl = int(attr(override, "ilvl") or 0)
                start = child_int(override, "startOverride")
                if start is not None:
                    instance.starts[ilvl] = start
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    instance.levels[ilvl] = _level(lvl)
            self._instances[attr(num, "numId")] = instance

    def level_of_style(self, num_id: str, style_id: str) -> int | None:
        """The level whose w:pStyle is `style_id`, for a style that names a list but no level."""
        for ilvl, level in self._levels(num_id).items():
            if level.style == style_id:
                return ilvl
        return None

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The number Word shows for the next paragraph of list `num_id` at level `ilvl`, counting
        it; None when the list does not exist (Word shows nothing)."""
        levels = self._levels(num_id)
        if num_id not in self._instances or ilvl not in levels or not 0 <= ilvl < _MAX_LEVELS:
            return None
        counts = self._count(num_id, ilvl, levels)
        level = levels[ilvl]
        if level.fmt == "bullet":
            return bullet(level.text, level.font)
        return _render(level, counts, levels).strip()

    def _levels(self, num_id: str) -> dict[int, Level]:
        instance = self._instances.get(num_id)
        if instance is None:
            return {}
        levels = dict(self._abstracts.get(self._definition(instance.abstract), {}))
        levels.update(instance.levels)
        for ilvl, start in instance.starts.items():
            if ilvl in levels:
                levels[ilvl] = replace(levels[ilvl], start=start)
        return levels

    def _definition(self, abstract: str) -> str:
        """A definition that only links to a numbering style takes that style's list's levels."""
        for _hop in range(3):
            link = self._links.get(abstract)
            target = self._instances.get(self._style_numbers.get(link, "")) if link else None
            if target is None or target.abstract == abstract:
                return abstract
            abstract = target.abstract
        return abstract

    def _count(self, num_id: str, ilvl: int, levels: dict[int, Level]) -> list[int | None]:
        instance = self._instances[num_id]
        counts = self._counts.setdefault(self._definition(instance.abstract), [None] * _MAX_LEVELS)
        if num_id not in self._seen:  # a list's first paragraph: its overridden starts take effect
            self._seen.add(num_id)
            for overridden in instance.starts:
                if 0 <= overridden < _MAX_LEVELS:
                    counts[overridden] = None
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            after = deeper if restart is None or restart > deeper else restart
            if ilvl < after:
                counts[deeper] = None
        current = counts[ilvl]
        counts[ilvl] = levels[ilvl].start if current is None else current + 1
        return counts


def _level(lvl: etree._Element) -> Level:
    fonts = lvl.find(f"{W}rPr/{W}rFonts")
    restart = child_int(lvl, "lvlRestart")
    legal = lvl.find(W + "isLgl")
    return Level(fmt=child_val(lvl, "numFmt") or "decimal", text=child_val(lvl, "lvlText") or "",
                 start=child_int(lvl, "start") or 0, restart=restart,
                 legal=legal is not None and attr(legal, "val") not in ("0", "false", "off"),
                 font=(attr(fonts, "ascii") or attr(fonts, "hAnsi")) if fonts is not None else "",
                 style=child_val(lvl, "pStyle") or "")


def _render(level: Level, counts: list[int | None], levels: dict[int, Level]) -> str:
    def number(match: re.Match[str]) -> str:
        at = int(match.group(1)) - 1
        shown = levels.get(at)
        if shown is None:
            return ""
        value = counts[at] if counts[at] is not None else shown.start
        return format_number(value or 0, "decimal" if level.legal and shown.fmt != "none" else shown.fmt)

    return re.sub(r"%([1-9])", number, level.text)


def bullet(text: str, font: str = "") -> str:
    """A bullet as the reader sees it: "-" and "+" as typed, Symbol and Wingdings glyphs as "•"."""
    shown = []
    for ch in text:
        code = ord(ch)
        if code in _PRIVATE_ASCII:
            shown.append(_PRIVATE_ASCII[code])
        elif 0xE000 <= code <= 0xF8FF or (font.lower().startswith(_PICTURE_FONTS) and ch not in "-+"):
            shown.append("•")
        else:
            shown.append(ch)
    return "".join(shown).strip()


# --- number formats ---------------------------------------------------------------------------------

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_CIRCLED = "⓪①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_VIETNAMESE_DIGITS = ("", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def format_number(value: int, fmt: str) -> str:
    """`value` in Word's number format `fmt`; a format sapa does not know is shown as decimal."""
    if fmt == "none":
        return ""
    if fmt in ("upperRoman", "lowerRoman"):
        text = roman(value)
        return text if fmt == "upperRoman" else text.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        text = letters(value)
        return text if fmt == "upperLetter" else text.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "decimalEnclosedParen":
        return f"({value})"
    if fmt == "decimalEnclosedFullstop":
        return f"{value}."
    if fmt == "decimalEnclosedCircle" and 0 <= value < len(_CIRCLED):
        return _CIRCLED[value]
    if fmt == "vietnameseCounting":
        return vietnamese_counting(value)
    return str(value)


def roman(value: int) -> str:
    if value <= 0:
        return str(value)
    parts = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        parts.append(numeral * count)
    return "".join(parts)


def letters(value: int) -> str:
    """Word's letters: A … Z, then AA … ZZ, AAA … (the letter repeated, not base 26)."""
    if value <= 0:
        return str(value)
    repeat, index = divmod(value - 1, 26)
    return chr(ord("A") + index) * (repeat + 1)


def vietnamese_counting(value: int) -> str:
    """Word's "một, hai, ba" for 1–99; larger numbers as digits."""
    if not 0 < value < 100:
        return str(value)
    tens, units = divmod(value, 10)
    if tens == 0:
        return _VIETNAMESE_DIGITS[units]
    head = "mười" if tens == 1 else _VIETNAMESE_DIGITS[tens] + " mươi"
    if units == 0:
        return head
    unit = {1: "mốt" if tens > 1 else "một", 5: "lăm"}.get(units, _VIETNAMESE_DIGITS[units])
    return f"{head} {unit}"
