"""Write tests/assets/plan-libreoffice.pdf: `import_support.SAMPLE_PLAN` as an office's Word file
(automatic numbering, the header in a table, the page number at the top from page 2), printed to
PDF by LibreOffice, as a real office's "Save as PDF" would give it.

The tests only read the PDF; run this again when SAMPLE_PLAN changes. It needs LibreOffice and the
Liberation fonts (Debian: `apt-get install libreoffice-writer-nogui fonts-liberation2`):

    .venv/bin/python tests/assets/make_pdf_fixtures.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from import_support import SAMPLE_PLAN, docx_from_lines  # noqa: E402 - after the path is set

TARGET = HERE / "plan-libreoffice.pdf"


def _with_page_numbers(path: Path) -> None:
    """Hướng dẫn 36: the page number at the top, centred, from the second page on."""
    document = Document(str(path))
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>2</w:t></w:r></w:fldSimple>'))
    document.save(str(path))


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui fonts-liberation2")
    with tempfile.TemporaryDirectory() as folder:
        source = docx_from_lines(SAMPLE_PLAN, Path(folder) / "plan-libreoffice.docx", automatic=True)
        _with_page_numbers(source)
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
                       check=True, capture_output=True, timeout=300)
        shutil.copyfile(Path(folder) / "plan-libreoffice.pdf", TARGET)
    print(f"{TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
