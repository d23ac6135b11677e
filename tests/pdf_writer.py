"""A minimal PDF writer for the importer's tests: text pages with a real text layer, and a scan.

The text is set in two Type0 fonts (regular and bold) whose glyph ids are the document's
characters in order of appearance, mapped back to Unicode by a ToUnicode CMap: all that a reader
of the text layer needs. No font file is embedded, so nothing depends on the fonts a machine has
(a viewer shows substitutes).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
_LEFT, _RIGHT, _TOP, _BOTTOM = 85, 57, 57, 57
_SIZE, _LEADING = 13, 17
_CHAR_WIDTH = 0.47  # Times New Roman's mean advance, in ems: where a line of text must break

_BOLD_ROLES = ("kind", "title", "heading", "signature", "header")
_CENTRED_ROLES = ("kind", "title", "signature", "header")


def text_pdf(paragraphs: list[tuple[str, str]], *, page_numbers: bool = True, running_header: str = "") -> bytes:
    """A PDF of (text, role) paragraphs (roles as `import_support.Line`), each broken into lines
    at the page's width, the page number at the top of every page from the second, and
    `running_header` atop every page if given."""
    pages = _paginate(paragraphs, running_header)
    writer = _PdfWriter()
    contents = []
    for number, page in enumerate(pages, start=1):
        shown = list(page)
        if page_numbers and number > 1:
            shown.insert(0, (str(number), PAGE_WIDTH / 2 - 4, PAGE_HEIGHT - 30, False))
        contents.append(writer.content(shown))
    return writer.document(contents)


_Placed = tuple[str, float, float, bool]  # text, x, y, bold


def _paginate(paragraphs: list[tuple[str, str]], running_header: str) -> list[list[_Placed]]:
    pages: list[list[_Placed]] = [[]]
    y = PAGE_HEIGHT - _TOP
    for text, role in paragraphs:
        indent = 28 if role == "body" else 0
        for i, piece in enumerate(_wrap(text, PAGE_WIDTH - _LEFT - _RIGHT - indent)):
            if y < _BOTTOM:
                pages.append([])
                y = PAGE_HEIGHT - _TOP
            if running_header and not pages[-1]:
                pages[-1].append((running_header, _LEFT, PAGE_HEIGHT - 42, False))
            width = len(piece) * _SIZE * _CHAR_WIDTH
            x = (PAGE_WIDTH - width) / 2 if role in _CENTRED_ROLES else _LEFT + (indent if i == 0 else 0)
            pages[-1].append((piece, x, y, role in _BOLD_ROLES))
            y -= _LEADING
        y -= 4  # the space after a paragraph
    return pages


def _wrap(text: str, width: float) -> list[str]:
    limit = max(10, int(width / (_SIZE * _CHAR_WIDTH)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return lines + ([current] if current else [])


class _PdfWriter:
    """A minimal PDF 1.4 writer: two Type0 fonts (regular, bold) over one table of glyph ids,
    each character its own id, mapped back to Unicode by a ToUnicode CMap."""

    def __init__(self) -> None:
        self.glyphs: dict[str, int] = {}

    def content(self, placed: list[_Placed]) -> bytes:
        ops = []
        for text, x, y, bold in placed:
            ids = "".join(f"{self._glyph(ch):04X}" for ch in text)
            ops.append(f"BT /{'F2' if bold else 'F1'} {_SIZE} Tf {x:.2f} {y:.2f} Td <{ids}> Tj ET")
        return "\n".join(ops).encode("ascii")

    def _glyph(self, ch: str) -> int:
        return self.glyphs.setdefault(ch, len(self.glyphs) + 1)

    def document(self, contents: list[bytes]) -> bytes:
        objects: list[bytes] = []  # object n is objects[n - 1]

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        cmap = add(_stream(self._to_unicode()))
        fonts = []
        for name in ("TimesNewRomanPSMT", "TimesNewRomanPS-BoldMT"):
            descendant = add(self._cid_font(name))
            fonts.append(add(f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
                             f"/DescendantFonts [{descendant} 0 R] /ToUnicode {cmap} 0 R >>".encode()))
        resources = f"<< /Font << /F1 {fonts[0]} 0 R /F2 {fonts[1]} 0 R >> >>"
        return _assemble(objects, add, [_stream(content) for content in contents], resources)

    def _cid_font(self, name: str) -> bytes:
        widths = " ".join(f"{glyph} [{250 if ch == ' ' else 500}]" for ch, glyph in self.glyphs.items())
        return (f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) "
                f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /{name} "
                f"/Flags 34 /FontBBox [-568 -307 2000 1007] /ItalicAngle 0 /Ascent 891 /Descent -216 "
                f"/CapHeight 662 /StemV 80 >> /DW 500 /W [{widths}] /CIDToGIDMap /Identity >>").encode()

    def _to_unicode(self) -> bytes:
        entries = [f"<{glyph:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for ch, glyph in self.glyphs.items()]
        chunks = [entries[i:i + 100] for i in range(0, len(entries), 100)]
        body = "\n".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar" for chunk in chunks)
        return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                f"{body}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend").encode("ascii")


def _stream(data: bytes, extra: str = "") -> bytes:
    packed = zlib.compress(data)
    return f"<< /Length {len(packed)} /Filter /FlateDecode{extra} >>\nstream\n".encode() + packed + b"\nendstream"


def _assemble(objects: list[bytes], add: Callable[[bytes], int], streams: list[bytes], resources: str) -> bytes:
    """Pages over the given content streams, the catalogue, the cross-reference table."""
    pages_id = len(objects) + 2 * len(streams) + 1
    kids = []
    for content in streams:
        content_id = add(content)
        kids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                        f"/Resources {resources} /Contents {content_id} 0 R >>".encode()))
    add(f"<< /Type /Pages /Kids [{' '.join(f'{kid} 0 R' for kid in kids)}] /Count {len(kids)} >>".encode())
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def scan_pdf() -> bytes:
    """A one-page PDF that is only a picture of a page, as a scanner makes it: no text at all."""
    width, height = 120, 170
    pixels = bytes((255 if (x // 6 + y // 9) % 5 else 40) for y in range(height) for x in range(width))
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    image = add(_stream(pixels, f" /Type /XObject /Subtype /Image /Width {width} /Height {height} "
                                "/ColorSpace /DeviceGray /BitsPerComponent 8"))
    content = _stream(f"q {PAGE_WIDTH} 0 0 {PAGE_HEIGHT} 0 0 cm /Im1 Do Q".encode())
    return _assemble(objects, add, [content], f"<< /XObject << /Im1 {image} 0 R >> >>")
