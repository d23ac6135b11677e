"""The importer's one door to files: what kind of file the user gave, and its text as blocks.

The kind is told by the content, not the suffix: offices rename files freely, and a ".doc" off a
web site is as often RTF or a web page as Word 97. Every file that cannot be read is refused
with one line that names it and says what to do, in the user's language.
"""

from __future__ import annotations

import errno
import io
import os
import zipfile

from ..errors import UsageError
from ..i18n import tr
from ..storage.safe_files import open_regular
from . import messages  # noqa: F401 - the readers' words live there
from .blocks import SourceDocument
from .read_docx import read_docx
from .read_pdf import read_pdf
from .read_text import read_text

# A plan's document, photos and annexes included, is a few MB; a scanned one tens of MB. Past
# this it is not a plan, and reading it whole would take the machine's memory for nothing.
DOCUMENT_LIMIT = 64 * 1024 * 1024

READABLE = ("docx", "txt", "md", "pdf")

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (  # magic bytes -> the format's name, said to the user
    (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"),
)
_ARCHIVES = ((b"7z\xbc\xaf\x27\x1c", "7z"), (b"Rar!\x1a\x07", "RAR"), (b"\x1f\x8b", "gzip"))
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1a")  # what a text file may hold below a space (\x1a: DOS end)
_MARKDOWN_SUFFIXES = (".md", ".markdown")


def source_kind(path: str) -> str:
    """What the file is, by its content: "docx", "xlsx", "pdf", "txt", "md" are what the importer
    reads; anything else names what was found ("doc", "xls", "rtf", "html", "odt", "png", "zip",
    "empty", …). A path that is no readable file is refused (UsageError), as by `read_source`."""
    return sniff(_read(path), path)


def read_source(path: str) -> SourceDocument:
    """The document's paragraphs, whatever readable kind it is; a UsageError for anything else."""
    data = _read(path)
    kind = sniff(data, path)
    if kind not in READABLE:
        raise _refusal(kind, path)
    name = os.path.basename(path) or path
    if kind == "docx":
        document = read_docx(data, name, path)
    elif kind == "pdf":
        document = read_pdf(data, name, path)
    else:
        document = read_text(data, name, path, kind)
    if not document.blocks:
        raise UsageError("read_no_text", path=path)
    return document


def _read(path: str) -> bytes:
    """The file's bytes, never through a link, never more than the cap; a one-line refusal else."""
    try:
        return open_regular(path, limit=DOCUMENT_LIMIT)
    except FileNotFoundError:
        raise UsageError("read_missing", path=path) from None
    except OSError as err:
        raise _unreadable(path, err) from None


def _unreadable(path: str, err: OSError) -> UsageError:
    if os.path.isdir(path):  # Linux opens a folder and finds it irregular; Windows says EACCES
        return UsageError("read_directory", path=path)
    if err.errno == errno.ELOOP:
        return UsageError("read_link", path=path)
    if err.errno == errno.EFBIG:
        return UsageError("read_too_large", path=path, limit=DOCUMENT_LIMIT // (1024 * 1024))
    if err.errno == errno.EINVAL:
        return UsageError("read_not_regular", path=path)
    return UsageError("read_unreadable", path=path, reason=err.strerror or str(err))


# --- what a file is -------------------------------------------------------------------------------

def sniff(data: bytes, path: str) -> str:
    """The kind of `data`, by its first bytes; the suffix of `path` only breaks ties."""
    head = data[:16]
    if not data:
        return "empty"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data, path)
    if data.startswith(_OLE2):
        return _ole_kind(data, path)
    if b"%PDF-" in data[:1024]:  # some writers put a few bytes of junk before the mark
        return "pdf"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    for magic, name in _IMAGES + _ARCHIVES:
        if head.startswith(magic):
            return name.lower()
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return _text_kind(data, path)


def _zip_kind(data: bytes, path: str) -> str:
    """An Office package by the content type of its main part (a .docm, a .dotx and a Word file
    whose main part has another name are Word too); OpenDocument by its mimetype."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            types = _member(archive, "[Content_Types].xml", names).lower()
            mimetype = _member(archive, "mimetype", names)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError):
        # A damaged package: say so in the words of what it claims to be.
        return _by_suffix(path, {".docx": "docx", ".docm": "docx", ".xlsx": "xlsx"}, "zip")
    if "word/document.xml" in names or "wordprocessingml.document.main" in types or "ms-word.document" in types \
            or "wordprocessingml.template.main" in types:
        return "docx"
    if "xl/workbook.xml" in names or "spreadsheetml.sheet.main" in types or "ms-excel.sheet" in types:
        return "xlsx"
    if "ppt/presentation.xml" in names or "presentationml" in types:
        return "pptx"
    if "opendocument.text" in mimetype:
        return "odt"
    if "opendocument.spreadsheet" in mimetype:
        return "ods"
    return "zip"


def _member(archive: zipfile.ZipFile, name: str, names: set[str]) -> str:
    """A small member's text ("" when absent); at most 64 KB is read, whatever the header claims."""
    if name not in names:
        return ""
    with archive.open(name) as member:
        return member.read(65536).decode("utf-8", "replace")


def _ole_kind(data: bytes, path: str) -> str:
    """An OLE2 compound file: the names of its streams (UTF-16 in its directory) tell them apart."""
    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("EncryptedPackage"):  # a .docx or .xlsx saved with a password is wrapped in OLE2
        return "encrypted"
    if has("WordDocument"):
        return "doc"
    if has("Workbook") or has("Book"):
        return "xls"
    if has("PowerPoint Document"):
        return "ppt"
    return _by_suffix(path, {".doc": "doc", ".dot": "doc", ".xls": "xls"}, "ole")


def _text_kind(data: bytes, path: str) -> str:
    sample = data[:65536]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _by_suffix(path, dict.fromkeys(_MARKDOWN_SUFFIXES, "md"), "txt")
    if b"\x00" in sample or sum(byte < 0x20 and byte not in _TEXT_CONTROLS for byte in sample) > len(sample) // 100:
        return "bmp" if sample.startswith(b"BM") else "binary"
    if _web_page(sample):
        return "html"
    return _by_suffix(path, dict.fromkeys(_MARKDOWN_SUFFIXES, "md"), "txt")


def _web_page(sample: bytes) -> bool:
    """A web page, Word 2003 XML or a .mht: all are offered as ".doc" on web sites."""
    start = sample.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<w:worddocument" in start[:512] \
        or b'progid="word.document"' in start[:512] \
        or (start.startswith(b"mime-version:") and b"multipart/related" in start)


def _by_suffix(path: str, kinds: dict[str, str], default: str) -> str:
    return kinds.get(os.path.splitext(path)[1].lower(), default)


# --- refusals -------------------------------------------------------------------------------------

_REFUSALS = {"doc": "read_old_doc", "xls": "read_old_xls", "rtf": "read_rtf", "html": "read_html",
             "encrypted": "read_encrypted", "xlsx": "read_is_sheet", "empty": "read_empty"}
_ODF = {"odt": (".odt", ".docx"), "ods": (".ods", ".xlsx")}


def _refusal(kind: str, path: str) -> UsageError:
    if kind in _REFUSALS:
        return UsageError(_REFUSALS[kind], path=path)
    if kind in _ODF:
        suffix, wanted = _ODF[kind]
        return UsageError("read_odf", path=path, suffix=suffix, wanted=wanted)
    what = _what(kind)
    if what:
        return UsageError("read_other_kind", path=path, what=what)
    return UsageError("read_unknown_kind", path=path)


def _what(kind: str) -> str:
    """What was found, in the user's words, when the kind says it."""
    images = {name.lower(): name for _magic, name in _IMAGES} | {"bmp": "BMP", "webp": "WebP"}
    archives = {name.lower(): name for _magic, name in _ARCHIVES}
    if kind in images:
        return tr("read_what_image", format=images[kind])
    if kind in archives:
        return tr("read_what_archive", format=archives[kind])
    words = {"zip": "read_what_zip", "pptx": "read_what_pptx", "ppt": "read_what_office",
             "ole": "read_what_office"}
    return tr(words[kind]) if kind in words else ""
