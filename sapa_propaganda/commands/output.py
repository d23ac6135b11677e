"""A command's result, in its format, to its destination: the one place that decides.

The destination is stdout, or FILE (`-o FILE`, written atomically, with a note on stderr). The
format is FILE's suffix, else `--json`, else the screen's: Rich tables in a terminal, tab-separated
plain text in a pipe or under cron. CSV is the plain text's rows for Excel; Word and Excel files are
papers for the leaders. A result is one plan's or the whole office's (`PerPlan.by_plan`), and every
format shows which: a block per plan in a terminal, a plan column in plain text and CSV, a `plan` key
in JSON, a part per plan in a paper. Every JSON byte goes through `text.json_text`.
"""

from __future__ import annotations

import os
import sys

from ..core.results import PerPlan, WordedLines
from ..errors import PlansSkipped, SapaError, UsageError, to_stderr
from ..i18n import tr
from ..render.choice import pick_messages, pick_renderer, wants_rich

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import date
    from typing import IO, Any

    from _typeshed import StrPath

    from ..core.model import Plan
    from ..core.overview import Listing, OfficeListing, OfficeStatus, PlanView
    from ..render.office_document import OfficeDocument
    from ..render.protocol import DocumentRenderer, OfficeLists, Renderer, Screen
    from .context import Settings

    _OfficeDraw = Callable[[OfficeLists, PlanView, Listing, Any], None]

# `-o FILE` on a listing: the suffix chooses the format. Plain text is the plain renderer's
# tab-separated lines; CSV is the same rows for Excel; Word and Excel files are papers for the
# leaders (render/office_papers.py).
LISTING_SUFFIXES = {".csv": "csv", ".docx": "docx", ".json": "json", ".tsv": "tsv", ".txt": "tsv", ".xlsx": "xlsx"}
# `-o FILE` on a document (a checklist, a report draft): Markdown, plain text, or a paper.
PAPER_SUFFIXES = {".docx": "docx", ".md": "md", ".txt": "txt", ".xlsx": "xlsx"}
OFFICE_FORMATS = ("docx", "xlsx")
SCREEN = "screen"  # no file, no --json: Rich in a terminal, else plain text

# What draws one plan's part of each listing (`PerPlan.kind`), and whether a part has nothing to
# show: across the office, a terminal and plain text leave such plans out.
_LISTINGS: dict[str, tuple[Callable[[Renderer, Plan, Any], None], Callable[[Any], bool], str]] = {
    "units": (lambda r, plan, rows: r.units(plan, rows), lambda rows: not rows, ""),
    "duties": (lambda r, plan, groups: r.duties(plan, groups), lambda groups: not groups, "no_duties"),
    "history": (lambda r, plan, rows: r.history(plan, rows), lambda rows: not rows, "no_history"),
    "reports": (lambda r, plan, rows: r.reports(plan, rows), lambda rows: not rows, "no_reports"),
    "overdue": (lambda r, plan, found: r.overdue(plan, found), lambda found: not found.reports and not found.items,
                "nothing_overdue"),
    "dashboard": (lambda r, _plan, board: r.dashboard(board), lambda _board: False, ""),
    "reminders": (lambda r, plan, found: r.reminders(plan, found), lambda found: not found, ""),
}
# `overdue` and `reports` across the office from each plan's overview (`Output._office_listing`):
# what draws a plan's part, whether it has nothing to show, and what is said when no plan has.
_OFFICE_LISTINGS: dict[str, tuple[_OfficeDraw, Callable[[Any], bool], str]] = {
    "overdue": (lambda r, view, listing, found: r.office_overdue(view, listing, found),
                lambda found: not found[0] and not found[1], "nothing_overdue"),
    "reports": (lambda r, view, listing, lines: r.office_reports(view, listing, lines), lambda lines: not lines,
                "no_reports"),
}
# The lines of cron's reminders have no header in plain text; their CSV column has one.
_CSV_HEADERS = {"reminders": "col_reminder"}
_DOCUMENTS: dict[str, Callable[[DocumentRenderer, Any], None]] = {
    "checklist": lambda r, found: r.checklist(found),
    "report_draft": lambda r, draft: r.report_draft(draft),
}


def listing_format(output: StrPath, suffixes: dict[str, str] = LISTING_SUFFIXES) -> str:
    """The format the file's suffix names (csv, docx, json, tsv, xlsx); anything else is refused,
    naming the suffixes known."""
    suffix = os.path.splitext(os.fspath(output))[1].lower()
    if suffix not in suffixes:
        raise UsageError("bad_output_suffix", path=os.fspath(output), choices=", ".join(suffixes))
    return suffixes[suffix]


class Output:
    """Where and how one command's result goes, decided (and a wrong suffix refused) before
    anything is read. `default`: the format without a file or --json."""

    def __init__(self, s: Settings, as_json: bool, path: StrPath | None, suffixes: dict[str, str] = LISTING_SUFFIXES,
                 default: str = SCREEN):
        self.s = s
        self.path = path
        self.fmt = listing_format(path, suffixes) if path is not None else ("json" if as_json else default)

    @property
    def is_paper(self) -> bool:
        return self.fmt in OFFICE_FORMATS

    def show(self, result: PerPlan | OfficeStatus | WordedLines | OfficeListing) -> None:
        """A listing (one plan's, or each plan's of the office), the office's status, the
        office's reminder lines, or a listing of the office from each plan's overview; then the
        plans that could not be read, on stderr."""
        if isinstance(result, PerPlan):
            self._listing(result)
        elif isinstance(result, WordedLines):
            self._lines(result)
        else:  # the office's, from each plan's overview: that module is loaded already
            from ..core.overview import OfficeListing

            if isinstance(result, OfficeListing):
                self._office_listing(result)
            else:
                self._office_status(result)
        finish(result.skipped)

    def document(self, result: PerPlan) -> None:
        """A checklist or a report draft, of each plan the result covers: Markdown or plain text,
        or a paper."""
        if self.is_paper:
            from ..render.paper_out import PaperRenderer

            paper = PaperRenderer(result.today)
            _draw_documents(paper, result)
            self._paper(paper.document)
        else:
            from ..render.text_out import TextDocumentRenderer

            stream = self._stream()
            _draw_documents(TextDocumentRenderer(stream, markdown=self.fmt == "md"), result)
            self._written(stream)
        finish(result.skipped)

    def screen(self) -> Screen:
        """A renderer for one thing on stdout (a plan, an item): --json, or the screen's."""
        return pick_renderer(self.fmt == "json", self.s.rich)

    def _listing(self, result: PerPlan) -> None:
        draw, is_empty, nothing = _LISTINGS[result.kind]
        if self.is_paper:
            from ..render.paper_out import PaperRenderer
            from .progress import os_user

            paper = PaperRenderer(result.today, login=os_user())
            _draw(paper, result, draw)
            paper.close()
            self._paper(paper.document)
            return
        stream = self._stream()
        if self.fmt == "json":
            from ..render.json_out import JsonRenderer

            json_renderer = JsonRenderer(stream, by_plan=result.by_plan)
            _draw(json_renderer, result, draw)
            json_renderer.close()
        else:
            if result.kind == "reminders":
                self._remind_heading(stream, result.today, any(found for _plan, found in result.parts))
            screen = pick_messages(self._rich(stream), stream)
            if not _draw(screen, result, draw, is_empty) and result.by_plan and nothing:
                screen.message(tr(nothing))
            screen.close()
        self._written(stream, _CSV_HEADERS.get(result.kind))

    def _office_listing(self, listing: OfficeListing) -> None:
        """As `_listing` draws the same listing of the plans, byte for byte (the tests compare)."""
        draw, is_empty, nothing = _OFFICE_LISTINGS[listing.kind]
        stream = self._stream()
        renderer: OfficeLists
        if self.fmt == "json":
            from ..render.json_out import JsonRenderer

            renderer = JsonRenderer(stream, by_plan=True)
            _draw_views(renderer, listing, draw)
        else:
            screen = pick_messages(self._rich(stream), stream)
            if not _draw_views(screen, listing, draw, is_empty):
                screen.message(tr(nothing))
            renderer = screen
        renderer.close()
        self._written(stream)

    def _office_status(self, status: OfficeStatus) -> None:
        if self.is_paper:
            from ..render.paper_out import PaperRenderer
            from .office import readable_plans

            paper = PaperRenderer(status.today, readable_plans(self.s, {plan_id for plan_id, _e in status.skipped}))
            paper.office_status(status)
            self._paper(paper.document)
            return
        stream = self._stream()
        if self.fmt == "json":
            from ..render.json_out import JsonRenderer

            JsonRenderer(stream).office_status(status)
        else:
            pick_messages(self._rich(stream), stream).office_status(status)
        self._written(stream)

    def _lines(self, worded: WordedLines) -> None:
        """Lines already worded (the office's reminders, from each plan's overview): as they are,
        or in CSV one column under its header."""
        stream = self._stream()
        self._remind_heading(stream, self.s.today, bool(worded.lines))
        stream.write("".join(line + "\n" for line in worded.lines))
        self._written(stream, worded.header)

    def _remind_heading(self, stream: IO[str], today: date, anything: bool) -> None:
        """Cron's reminders, in plain text, open with the day they are of ("Nhắc việc ngày
        05/12/2026"): a mail read days later still says when. Nothing at all when there is
        nothing to remind, so that cron sends no mail; CSV keeps its column header instead."""
        if anything and self.fmt in ("plain", "tsv"):
            from ..core.dates import format_date

            stream.write(tr("remind_heading", date=format_date(today)) + "\n")

    def _rich(self, stream: IO[str]) -> bool:
        return self.fmt == SCREEN and wants_rich(self.s.rich, stream)

    def _stream(self) -> IO[str]:
        if self.path is None:
            return sys.stdout
        import io

        return io.StringIO()

    def _written(self, stream: IO[str], csv_header: str | None = None) -> None:
        """What went into a file's buffer, into the file: CSV from the plain text's rows, under a
        header where the text has none (`_CSV_HEADERS`)."""
        if self.path is None:
            return
        text = stream.getvalue()  # type: ignore[attr-defined]
        if self.fmt == "csv":
            write_output(tsv_to_csv(tr(csv_header) + "\n" + text if csv_header else text), self.path)
        elif self.fmt == "tsv":  # a .tsv or .txt file opens in a spreadsheet too; piped text stays as it is
            write_output(tsv_file(text), self.path)
        else:
            write_output(text.encode("utf-8"), self.path)

    def _paper(self, document: OfficeDocument | None) -> None:
        if document is not None and self.path is not None:
            write_paper(self.fmt, document, self.path)


def _draw(renderer: Renderer, result: PerPlan, draw: Callable[[Renderer, Plan, Any], None],
          is_empty: Callable[[Any], bool] | None = None) -> int:
    """Each plan's part, announced by its plan across the office, where a terminal and plain
    text leave out the plans with nothing to show (`is_empty`). Says how many were drawn."""
    shown = 0
    for plan, value in result.parts:
        if result.by_plan and is_empty is not None and is_empty(value):
            continue
        if result.by_plan:
            renderer.plan_part(plan)
        draw(renderer, plan, value)
        shown += 1
    return shown


def _draw_views(renderer: OfficeLists, listing: OfficeListing, draw: _OfficeDraw,
                is_empty: Callable[[Any], bool] | None = None) -> int:
    """`_draw` of an office's listing from its plans' overviews: each plan's part, announced by
    its plan, where a terminal and plain text leave out the plans with nothing to show
    (`is_empty`). Says how many were drawn."""
    shown = 0
    for view, listed, found in listing.parts:
        if is_empty is not None and is_empty(found):
            continue
        renderer.view_part(view)
        draw(renderer, view, listed, found)
        shown += 1
    return shown


def _draw_documents(renderer: DocumentRenderer, result: PerPlan) -> None:
    draw = _DOCUMENTS[result.kind]
    for plan, value in result.parts:
        if result.by_plan:
            renderer.plan_part(plan)
        draw(renderer, value)
    renderer.close()


def finish(skipped: list[tuple[str, SapaError]]) -> None:
    """After the output: why each plan left out could not be read, one line each (a plan's own
    may be several), and an exit code that says so."""
    if not skipped:
        return
    for plan_id, err in skipped:
        lines = str(err).splitlines()
        if lines:
            to_stderr("\n".join(f"sapa: [{plan_id}] {line}" for line in lines))
    raise PlansSkipped(skipped)


def write_output(data: bytes | Iterable[bytes], output: StrPath | None, say: bool = True) -> None:
    """Bytes to stdout, or atomically to a file, with a note on stderr unless the caller says
    where it wrote in its own words (`say`). `data` may come in parts, written as they come: a
    file then holds them all or, on an error, is left as it was."""
    if output is None:
        sys.stdout.flush()
        for part in [data] if isinstance(data, bytes) else data:
            if hasattr(sys.stdout, "buffer"):
                sys.stdout.buffer.write(part)
            else:
                sys.stdout.write(part.decode("utf-8"))
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.flush()
        return
    from ..storage.safe_files import write_atomically

    target = os.path.realpath(output)  # a link: write the file it points to, keep the link
    if os.path.exists(target) and not os.path.isfile(target):
        raise UsageError("output_not_a_file", path=os.fspath(output))
    if not os.path.isdir(os.path.dirname(target)):
        raise UsageError("output_no_folder", path=os.path.dirname(target))
    try:
        write_atomically(target, data)
    except OSError as err:
        raise UsageError("output_unwritable", path=os.fspath(output), reason=err.strerror or str(err)) from None
    if say:
        to_stderr(tr("exported", path=output))


def write_paper(fmt: str, doc: OfficeDocument, output: StrPath) -> None:
    """A paper for the leaders into FILE: a Word document, or its tables as Excel sheets. The
    libraries load here only, so no other command pays for them."""
    if fmt == "docx":
        from ..render.office_docx import docx_bytes

        data = docx_bytes(doc)
    else:
        from ..render.office_papers import page_heading, sheets
        from ..render.office_xlsx import xlsx_bytes

        data = xlsx_bytes(sheets(doc), page_heading(doc))
    write_output(data, output)


def _excel_safe(cell: str) -> str:
    """A cell Excel would read as a formula (`=`, `+`, `-`, `@`, tab, CR first) stays text, and a
    count like `1/3` (items done of all) is spaced, or Excel makes it the date 1 March."""
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    done, slash, total = cell.partition("/")
    if slash and done.isdigit() and total.isdigit() and len(done) <= 4 and len(total) <= 4:
        return f"{done} / {total}"
    return cell


def tsv_file(text: str) -> bytes:
    """The plain renderer's tab-separated lines for a .tsv or .txt file: as piped, but with every
    cell defused as CSV's are (`_excel_safe`), for a spreadsheet opens these files too. Piped
    output keeps its cells as they are: scripts read it."""
    return "\n".join("\t".join(_excel_safe(cell) for cell in line.split("\t"))
                     for line in text.split("\n")).encode("utf-8")


def tsv_to_csv(text: str) -> bytes:
    """The plain renderer's tab-separated lines as CSV for Excel: UTF-8 with a BOM, every
    line a row (a blank line stays a blank row), formulas defused."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in text.splitlines():
        writer.writerow([_excel_safe(cell) for cell in line.split("\t")] if line else [])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
