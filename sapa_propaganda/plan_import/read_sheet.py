"""The Excel form (`sheet_template.py`) read back exactly: every value from its own cell, nothing
guessed from the layout.

Sheets and columns are found by their names (case and diacritics aside), so a clerk may move or
add columns. Units named anywhere are matched to the "Đơn vị" sheet, then to the office roster;
a unit matched only loosely, or not at all (then created), is a `Check` for the clerk.

Every problem is collected with its sheet and cell, and all are raised at once as a PlanError
(exit code 4), one line each: "mau.xlsx: Nhiệm vụ!E7: ngày '31/02/2024' không tồn tại …". A file
that is no workbook, or a damaged or password-protected one, is one UsageError line instead.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..core.dates import check_year, parse_date
from ..core.model import Unit, is_plan_id
from ..core.period_words import read_period
from ..core.periods import Period, periods_of
from ..core.text import fold, nfc, strip_control
from ..errors import PlanError, UsageError
from ..i18n import tr
from ..storage.safe_files import open_regular
from . import messages  # noqa: F401 - the importer's words
from .bodies import name_key, unit_id_for
from .draft import DataPath, Draft
from .reading import DOCUMENT_LIMIT, source_kind
from .sheet_template import (
    ALL_UNITS,
    ITEM_HEADERS,
    ITEMS,
    PLAN,
    PLAN_FIELDS,
    PLAN_HEADERS,
    REPORT_HEADERS,
    REPORT_KINDS,
    REPORT_REQUIRED,
    REPORTS,
    UNIT_HEADERS,
    UNITS,
    Field,
)
from .words import slug

MAX_ROWS = 5000  # a plan has tens of items; past this a sheet is something else
MAX_COLUMNS = 30
UNPACKED_LIMIT = 256 * 1024 * 1024  # a workbook that claims more unpacked is a zip bomb, not a form
_UNIT_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_ITEM_PART = re.compile(r"[A-Za-z0-9]+")
_LIST_SEPARATORS = re.compile(r"[;\n]")
_DATE_PREFIX = re.compile(r"^((trước|chậm nhất|hạn|không quá)\s+)?(ngày\s+)?", re.IGNORECASE)
_KIND_NAMES = {"ke hoach": "KH", "huong dan": "HD", "cong van": "CV", "quyet dinh": "QĐ", "chi thi": "CT",
               "nghi quyet": "NQ", "bao cao": "BC", "thong bao": "TB", "chuong trinh": "CTr"}
# Other ways an office writes a kind of report ("hằng tháng", "sáu tháng").
_KIND_SYNONYMS = {"hang thang": "tháng", "hang quy": "quý", "sau thang": "6 tháng", "6 thang dau nam": "6 tháng",
                  "chin thang": "9 tháng", "hang nam": "năm", "ca nam": "năm", "mot lan": "một lần",
                  "dot xuat": "một lần"}
_KIND_WORDS = {"month": "tháng", "quarter": "quý", "half-year": "6 tháng", "nine-months": "9 tháng",
               "annual": "năm", "once": "một lần"}
_PERIOD_END_MONTH = {"half-year": 6, "nine-months": 9, "annual": 12}
_RULE_IDS = {"month": "bao-cao-thang", "quarter": "bao-cao-quy", "half-year": "bao-cao-6-thang",
             "nine-months": "bao-cao-9-thang", "annual": "bao-cao-nam"}
_DUE_EXAMPLES = {"month": "“ngày 20” hoặc “ngày 5 tháng sau”",
                 "quarter": "“ngày 15 tháng cuối quý” hoặc “ngày 5 tháng đầu quý sau”",
                 "fixed": "“15/6”, “15/12” hoặc “ngày 10 tháng 1 năm sau”", "once": "ngày dd/mm/yyyy"}


# --- the workbook's cells -------------------------------------------------------------------------

class _Unreadable:
    """A cell whose value cannot be used: a formula never calculated, or one that gave an error."""

    def __init__(self, key: str, value: str = ""):
        self.key = key
        self.value = value


@dataclass
class _Sheet:
    title: str
    cells: dict[tuple[int, int], Any]
    last_row: int


def _cell_name(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _load(path: str) -> dict[str, _Sheet]:
    """The workbook's sheets as cells; a one-line UsageError for anything that is not a readable .xlsx."""
    kind = source_kind(path)  # a missing file, a folder, a link: refused there, in the user's words
    if kind == "encrypted":
        raise UsageError("sheet_encrypted", path=path)
    if kind == "xls":
        raise UsageError("sheet_old_xls", path=path)
    if kind != "xlsx":
        raise UsageError("sheet_not_xlsx", path=path)
    try:
        data = open_regular(path, limit=DOCUMENT_LIMIT)
    except OSError as err:
        raise UsageError("sheet_unreadable", path=path, reason=err.strerror or str(err)) from None
    if _unpacked_size(data) > UNPACKED_LIMIT:
        raise UsageError("sheet_too_large", path=path)
    try:
        return _sheets(data)
    except Exception:  # noqa: BLE001 - openpyxl raises whatever its parsing meets (BadZipFile,
        # KeyError, XML errors, ValueError, …): for the user it is one thing, a damaged file.
        raise UsageError("sheet_damaged", path=path) from None


def _unpacked_size(data: bytes) -> int:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return 0  # not a ZIP: openpyxl will say it is damaged


def _sheets(data: bytes) -> dict[str, _Sheet]:
    # Two reads: the values Excel last calculated, and which cells hold formulas, so that a
    # formula never calculated (no cached value) is told apart from an empty cell. Nothing is
    # ever evaluated.
    values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        wanted = {fold(name) for name in (PLAN, ITEMS, REPORTS, UNITS)}
        return {ws.title: _grid(ws, formulas[ws.title]) for ws in values.worksheets if fold(ws.title) in wanted}
    finally:
        values.close()
        formulas.close()


def _grid(values: Any, formulas: Any) -> _Sheet:
    cells: dict[tuple[int, int], Any] = {}
    for r, row in enumerate(values.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS), start=1):
        for c, cell in enumerate(row, start=1):
            value = cell.value
            if cell.data_type == "e":
                value = _Unreadable("sheet_formula_error", str(value))
            if value is not None and not (isinstance(value, str) and not value.strip()):
                cells[(r, c)] = value
    for r, row in enumerate(formulas.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS), start=1):
        for c, cell in enumerate(row, start=1):
            if cell.data_type == "f" and (r, c) not in cells:
                cells[(r, c)] = _Unreadable("sheet_formula_no_value")
    return _Sheet(values.title, cells, max((r for r, _c in cells), default=0))


# --- values ---------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    """A cell as text, as typed: NFC, no control characters, line breaks kept."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = nfc(strip_control(str(value).replace("\r\n", "\n").replace("\r", "\n")))
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def _one_line(value: Any) -> str:
    return " ".join(_text(value).split())


def _lines(value: Any) -> list[str]:
    return [line for line in _text(value).split("\n") if line]


def _names(value: Any) -> list[str]:
    """The units a cell names: separated by ";" or line breaks (never by commas, which names hold)."""
    return [" ".join(part.split()).strip(" .,") for part in _LIST_SEPARATORS.split(_text(value))
            if part.strip(" .,")]


# --- units ----------------------------------------------------------------------------------------

@dataclass(eq=False)  # one unit is one object: compared, hashed and deduplicated by identity
class _Unit:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    roster: bool = False
    short: str = ""

    def names(self) -> list[str]:
        return [n for n in (self.id, self.name, self.short, *self.aliases) if n]


class _Units:
    """The units the form can name: the "Đơn vị" sheet's, then the roster's, then any new name
    (created). `find` says, beside the unit, what the clerk should check ("" for an exact match)."""

    def __init__(self, roster: tuple[Unit, ...]):
        self.roster = [_Unit(u.id, u.name, list(u.aliases), True, u.short) for u in roster]
        self.sheet: list[_Unit] = []
        self.created: list[_Unit] = []
        self.learned: dict[str, _Unit] = {}  # a name found loosely or created: the same unit next time
        self.taken = {u.id for u in self.roster}

    def exact(self, name: str, pool: list[_Unit]) -> _Unit | None:
        key = fold(name)
        return next((u for u in pool if any(fold(n) == key for n in u.names())), None)

    def unique_id(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def find(self, written: str) -> tuple[_Unit, str]:
        key = fold(written)
        if key in self.learned:
            return self.learned[key], ""
        for pool in (self.sheet, self.roster):
            unit = self.exact(written, pool)
            if unit is not None:
                return unit, ""
        unit, note = self._loosely(written)
        if unit is None:
            unit = _Unit(self.unique_id(unit_id_for(written)), written)
            self.created.append(unit)
            note = f"đơn vị “{written}” chưa có ở trang Đơn vị: chương trình thêm đơn vị mới, mã “{unit.id}”"
        self.learned[key] = unit
        return unit, note

    def _loosely(self, written: str) -> tuple[_Unit | None, str]:
        """The one unit a name stands for once abbreviations are expanded ("UBND huyện"), as a
        shorter or longer form ("Ban Tuyên giáo"), or with a typing slip; None when not one."""
        pool = self.sheet + self.roster + self.created
        key = name_key(written)
        tests = (
            lambda other: other == key,
            lambda other: min(len(other.split()), len(key.split())) >= 2
            and (other.startswith(key + " ") or key.startswith(other + " ")),
            lambda other: difflib.SequenceMatcher(None, other, key).ratio() >= 0.9,
        )
        for test in tests:
            fits = {id(u): u for u in pool if any(test(name_key(n)) for n in u.names())}
            if len(fits) == 1:
                unit = next(iter(fits.values()))
                return unit, f"“{written}” được hiểu là đơn vị “{unit.name}” (mã {unit.id}): tên gần đúng, kiểm tra lại"
            if fits:
                return None, ""
        return None, ""

    def plan_units(self, used: set[str]) -> list[dict[str, Any]]:
        """The plan's [[units]]: every unit of the "Đơn vị" sheet, then the roster's it names, then
        the new ones. A roster unit is written with its names but no members: the plan then takes
        its members from the roster, and reads alone as well."""
        out: list[dict[str, Any]] = []
        for unit in dict.fromkeys(self.sheet + self.roster + self.created):
            if unit.roster and unit.id not in used:
                continue  # the office's other units: the roster keeps them
            table: dict[str, Any] = {"id": unit.id, "name": unit.name}
            if unit.short:
                table["short"] = unit.short
            if unit.aliases:
                table["aliases"] = list(unit.aliases)
            out.append(table)
        return out


# --- the reader -----------------------------------------------------------------------------------

@dataclass
class _ItemRow:
    id: str
    row: int
    text: str
    columns: dict[str, int]  # column header -> column


class _Reader:
    def __init__(self, path: str, sheets: dict[str, _Sheet], roster: tuple[Unit, ...]):
        self.file = os.path.basename(path) or path
        self.sheets = {fold(title): sheet for title, sheet in sheets.items()}
        self.units = _Units(roster)
        self.problems: list[str] = []
        self.wrong: set[str] = set()  # the cells said to be wrong: one problem each, the first found
        self.items_read = True  # False when "Nhiệm vụ" could not be read: "tất cả" then names no one yet
        self.draft = Draft(data={}, source_name=self.file)

    # problems

    def problem(self, sheet: str, row: int, column: int, key: str, /, **params: Any) -> None:
        self._at(sheet, row, column, tr(key, **params))

    def said(self, sheet: str, row: int, column: int, err: UsageError) -> None:
        self._at(sheet, row, column, str(err))

    def _at(self, sheet: str, row: int, column: int, message: str) -> None:
        where = f"{sheet}!{_cell_name(row, column)}"
        if where not in self.wrong:  # an empty formula is not also an empty field
            self.wrong.add(where)
            self.problems.append(f"{self.file}: {where}: {message}")

    def sheet_problem(self, sheet: str, key: str, /, **params: Any) -> None:
        self.problems.append(f"{self.file}: {sheet}: {tr(key, **params)}")

    # cells

    def sheet(self, title: str) -> _Sheet | None:
        found = self.sheets.get(fold(title))
        if found is None:
            self.sheet_problem(title, "sheet_missing", sheet=title)
            return None
        if found.last_row > MAX_ROWS:
            self.sheet_problem(title, "sheet_too_many_rows", limit=MAX_ROWS)
        return found

    def value(self, sheet: _Sheet, row: int, column: int | None) -> Any:
        """A cell's value, None when empty; a formula without a usable value is a problem."""
        if column is None:
            return None
        value = sheet.cells.get((row, column))
        if isinstance(value, _Unreadable):
            self.problem(sheet.title, row, column, value.key, value=value.value)
            return None
        return value

    def columns(self, sheet: _Sheet, headers: tuple[str, ...], required: int) -> dict[str, int] | None:
        """Where each column is, by its header in row 1; None (with a problem) when one is missing."""
        found = {fold(_one_line(v)): c for (r, c), v in sheet.cells.items()
                 if r == 1 and not isinstance(v, _Unreadable)}
        columns: dict[str, int] = {}
        for n, header in enumerate(headers):
            if fold(header) in found:
                columns[header] = found[fold(header)]
            elif n < required:
                self.problem(sheet.title, 1, n + 1, "sheet_missing_column", column=header)
        return columns if all(h in columns for h in headers[:required]) else None

    def rows(self, sheet: _Sheet, columns: dict[str, int]) -> list[int]:
        """The rows below the header with something in the form's columns."""
        used = set(columns.values())
        return sorted({r for (r, c) in sheet.cells if r > 1 and c in used and r <= MAX_ROWS})

    def date_at(self, sheet: _Sheet, row: int, column: int | None) -> date | None:
        value = self.value(sheet, row, column)
        if value is None or column is None:
            return None
        if isinstance(value, datetime | date):
            day = value.date() if isinstance(value, datetime) else value
            try:
                check_year(day.year, "date_bad_year", _text(day))
            except UsageError as err:
                self.said(sheet.title, row, column, err)
                return None
            return day
        if isinstance(value, int | float) or not _text(value):
            self.problem(sheet.title, row, column, "sheet_not_a_date", value=_text(value))
            return None
        try:
            return parse_date(_DATE_PREFIX.sub("", _one_line(value)))
        except UsageError as err:
            err.params["value"] = _one_line(value)  # as the cell has it, "ngày" and all
            self.said(sheet.title, row, column, err)
            return None

    def unit_ids(self, sheet: _Sheet, row: int, column: int | None, path: DataPath,
                 everyone: list[str] | None = None) -> list[str]:
        """The units a cell names, as ids; each loose or new one is a check on `path`. "tất cả"
        stands for `everyone` where the column allows it (None: it does not)."""
        ids: list[str] = []
        for name in _names(self.value(sheet, row, column)):
            assert column is not None
            if fold(name) == fold(ALL_UNITS):
                if everyone is None:
                    self.problem(sheet.title, row, column, "sheet_all_not_here", word=ALL_UNITS)
                elif not everyone and self.items_read:
                    self.problem(sheet.title, row, column, "sheet_all_empty", word=ALL_UNITS)
                ids.extend(everyone or [])
                continue
            unit, note = self.units.find(name)
            if note:
                self.draft.check(path, note, source=f"{sheet.title}!{_cell_name(row, column)}")
            ids.append(unit.id)
        return list(dict.fromkeys(ids))


def read_sheet(path: str, roster: tuple[Unit, ...], plan_id: str | None) -> Draft:
    """The plan the form holds, as a Draft; PlanError naming every problem's sheet and cell."""
    reader = _Reader(path, _load(path), roster)
    plan = _plan(reader, plan_id)
    _units_sheet(reader)
    items = _items(reader)
    reporting = _reporting(reader, items, plan)
    units = reader.units.plan_units(_named(items, reporting))
    if not units:
        reader.sheet_problem(UNITS, "sheet_no_plan_units")
    if reader.problems:
        raise PlanError(reader.problems)
    assert plan is not None
    data = reader.draft.data
    data["format"] = 1
    data["plan"] = plan
    data["units"] = units
    data["items"] = items
    if reporting:
        data["reporting"] = reporting
    return reader.draft


def _named(items: list[dict[str, Any]], reporting: dict[str, Any] | None) -> set[str]:
    named = {u for item in items for key in ("units", "partners") for u in item.get(key, [])}
    for rule in (reporting or {}).get("rules", []):
        named.update(rule["units"], rule["to"])
    return named


# --- "Kế hoạch" -----------------------------------------------------------------------------------

def _field_labels() -> dict[str, Field]:
    """Each field by its label folded, and by its label without the part in brackets when that
    names one field only ("Trích yếu")."""
    labels = {fold(f.label): f for f in PLAN_FIELDS}
    short: dict[str, list[Field]] = {}
    for f in PLAN_FIELDS:
        short.setdefault(fold(f.label.split("(")[0]), []).append(f)
    labels.update({k: fs[0] for k, fs in short.items() if len(fs) == 1 and k not in labels})
    return labels


def _plan_cells(reader: _Reader, sheet: _Sheet, columns: dict[str, int]) -> dict[str, tuple[Any, int]]:
    """Each field's value and row; a list field's lines joined, from its row and the unlabelled
    rows under it."""
    labels = _field_labels()
    label_column, value_column = columns[PLAN_HEADERS[0]], columns[PLAN_HEADERS[1]]
    found: dict[str, tuple[Any, int]] = {}
    current: Field | None = None
    for row in reader.rows(sheet, columns):
        label = _one_line(reader.value(sheet, row, label_column))
        value = reader.value(sheet, row, value_column)
        if label:
            current = labels.get(fold(label))
            if current is None:
                reader.problem(sheet.title, row, label_column, "sheet_unknown_field", field=label,
                               fields=", ".join(f.label for f in PLAN_FIELDS))
                continue
            if current.key in found and not current.lines:
                reader.problem(sheet.title, row, label_column, "sheet_repeated_field", field=current.label,
                               first=f"{sheet.title}!{_cell_name(found[current.key][1], label_column)}")
                current = None
                continue
        elif value is None:
            continue
        elif current is None or not current.lines:
            reader.problem(sheet.title, row, value_column, "sheet_orphan_value")
            continue
        if current.lines:
            lines, first_row = found.get(current.key, ([], row))
            found[current.key] = (lines + _lines(value), first_row)
        else:
            found[current.key] = (value, row)
    return found


def _plan(reader: _Reader, plan_id: str | None) -> dict[str, Any] | None:
    """[plan], in the order of plans/README.md; None when a value of it is wrong."""
    sheet = reader.sheet(PLAN)
    columns = reader.columns(sheet, PLAN_HEADERS, 2) if sheet else None
    if sheet is None or columns is None:
        return None
    cells = _plan_cells(reader, sheet, columns)
    value_column = columns[PLAN_HEADERS[1]]
    problems_before = len(reader.problems)
    _required(reader, sheet, cells, value_column)
    start, end, issued = (reader.date_at(sheet, cells[key][1], value_column) if key in cells else None
                          for key in ("start", "end", "issued"))
    if start and end and end < start:
        reader.problem(sheet.title, cells["end"][1], value_column, "sheet_end_before_start",
                       end=_text(end), start=_text(start))
    text = {f.key: _one_line(cells[f.key][0]) for f in PLAN_FIELDS if f.key in cells and not f.lines}
    plan: dict[str, Any] = {"id": ""}
    if text.get("kind"):
        plan["kind"] = _KIND_NAMES.get(fold(text["kind"]), text["kind"])
    plan["number"] = text.get("number", "")
    plan["issued"] = issued or ""
    if text.get("place"):
        plan["place"] = text["place"]
    plan.update(title=text.get("title", ""), issuer=text.get("issuer", ""), start=start, end=end)
    plan.update({key: cells[key][0] for key in ("basis", "recipients") if key in cells and cells[key][0]})
    signer = _signer(cells)
    if signer:
        plan["signer"] = signer
    id_row = cells["id"][1] if "id" in cells else 0
    plan["id"] = _plan_id(reader, plan, plan_id, text.get("id", ""), sheet.title, id_row, value_column)
    return plan if len(reader.problems) == problems_before else None


def _required(reader: _Reader, sheet: _Sheet, cells: dict[str, tuple[Any, int]], value_column: int) -> None:
    """The fields every plan has: its issuer, title, start and end."""
    for f in PLAN_FIELDS:
        if not f.required:
            continue
        if f.key not in cells:
            reader.sheet_problem(sheet.title, "sheet_missing_field", field=f.label)
        elif not _text(cells[f.key][0]):
            reader.problem(sheet.title, cells[f.key][1], value_column, "sheet_required", field=f.label)


def _signer(cells: dict[str, tuple[Any, int]]) -> dict[str, str]:
    """Two lines of "Người ký (chức vụ)" are the authority (T/M …, K/T …) and the title; one is the title."""
    lines = _lines(cells["signer_title"][0]) if "signer_title" in cells else []
    signer: dict[str, str] = {}
    if len(lines) > 1:
        signer["on_behalf"] = lines[0]
        signer["title"] = " ".join(lines[1:])
    elif lines:
        signer["title"] = lines[0]
    name = _one_line(cells["signer_name"][0]) if "signer_name" in cells else ""
    if name:
        signer["name"] = name
    return signer


def _plan_id(reader: _Reader, plan: dict[str, Any], given: str | None, typed: str, sheet: str, row: int,
             column: int) -> str:
    """The id given on the command line, else the one typed, else one made from the number and year."""
    if given:
        return given
    if typed:
        if not is_plan_id(typed):
            reader.problem(sheet, row, column, "sheet_bad_plan_id", value=typed)
        return typed
    when = plan["issued"] or plan["start"]
    year = str(when.year) if isinstance(when, date) else ""
    number = str(plan["number"])
    if any(ch.isdigit() for ch in number):
        base = slug(number.replace("/", "-"), 40)
    else:
        base = "-".join(p for p in (slug(plan.get("kind", "KH"), 5), slug(re.sub(
            r"^(kế hoạch|hướng dẫn|công văn)\s+", "", str(plan["title"]), flags=re.IGNORECASE), 30)) if p)
    made = "-".join(p for p in (base, "" if year in base else year) if p) or "ke-hoach"
    reader.draft.check(("plan", "id"), "mã kế hoạch do chương trình đặt từ số hiệu và năm (ô “Mã kế hoạch” trang "
                                        "Kế hoạch để trống); có thể đổi trước khi thêm vào, sau đó giữ nguyên")
    return made


# --- "Đơn vị" -------------------------------------------------------------------------------------

def _units_sheet(reader: _Reader) -> None:
    sheet = reader.sheet(UNITS)
    columns = reader.columns(sheet, UNIT_HEADERS, 2) if sheet else None
    if sheet is None or columns is None:
        return
    code_column, name_column = columns[UNIT_HEADERS[0]], columns[UNIT_HEADERS[1]]
    alias_column = columns.get(UNIT_HEADERS[2])
    defined: dict[str, str] = {}  # every name and code on the sheet, folded -> its cell
    for row in reader.rows(sheet, columns):
        code = _one_line(reader.value(sheet, row, code_column)).lower()
        name = _one_line(reader.value(sheet, row, name_column))
        aliases = _names(reader.value(sheet, row, alias_column))
        if not name:
            reader.problem(sheet.title, row, name_column, "sheet_unit_no_name")
            continue
        if code and not _UNIT_ID.fullmatch(code):
            reader.problem(sheet.title, row, code_column, "sheet_bad_unit_id", value=code)
            continue
        names = [(code, code_column), (name, name_column), *((a, alias_column or name_column) for a in aliases)]
        if _clash(reader, sheet, row, names, defined):
            continue
        unit = _sheet_unit(reader.units, code, name, aliases)
        if unit.roster or not _roster_clash(reader, sheet, row, names):
            reader.units.sheet.append(unit)
            defined.setdefault(unit.id, f"{sheet.title}!{_cell_name(row, name_column)}")  # a code typed below


def _roster_clash(reader: _Reader, sheet: _Sheet, row: int, names: list[tuple[str, int]]) -> bool:
    """A new unit named like one of the roster's (under another code): `--unit` could not tell them apart."""
    for name, column in names:
        other = reader.units.exact(name, reader.units.roster) if name else None
        if other is not None:
            reader.problem(sheet.title, row, column, "sheet_roster_clash", value=name, id=other.id)
            return True
    return False


def _clash(reader: _Reader, sheet: _Sheet, row: int, names: list[tuple[str, int]], defined: dict[str, str]) -> bool:
    """A name or code another row of the sheet has already: two units would answer to it."""
    for name, column in names:
        if name and fold(name) in defined:
            reader.problem(sheet.title, row, column, "sheet_duplicate_unit", value=name, first=defined[fold(name)])
            return True
    for name, column in names:
        if name:
            defined.setdefault(fold(name), f"{sheet.title}!{_cell_name(row, column)}")
    return False


def _sheet_unit(units: _Units, code: str, name: str, aliases: list[str]) -> _Unit:
    """A row of "Đơn vị": the roster's unit when its code or one of its names is the roster's,
    else a unit of the plan's own, with the code typed or one made from the name."""
    roster = next((u for u in units.roster if u.id == code), None) if code else None
    if roster is None and not code:
        roster = next((u for u in units.roster if any(units.exact(n, [u]) for n in (name, *aliases))), None)
    if roster is not None:
        return roster
    unit_id = code or units.unique_id(unit_id_for(name))
    units.taken.add(unit_id)
    return _Unit(unit_id, name, [a for a in aliases if fold(a) != fold(name)])


# --- "Nhiệm vụ" -----------------------------------------------------------------------------------

def _item_id(value: Any) -> tuple[str, bool]:
    """"II.2.a" as typed, "I.1." without its last dot, "a)" without the bracket, "đ" as "dd" (ids
    are ASCII); "" when it is no numbering. True when Excel stored it as a number (1.10 → 1.1)."""
    as_number = isinstance(value, float)  # an int (1, 2) loses nothing
    text = _one_line(value).rstrip(".)").strip()
    parts = [p.strip().rstrip(")").strip().replace("đ", "dd").replace("Đ", "DD") for p in text.split(".")]
    if not text or not all(_ITEM_PART.fullmatch(p) for p in parts):
        return "", as_number
    return ".".join(parts), as_number


def _item_rows(reader: _Reader, sheet: _Sheet, columns: dict[str, int]) -> list[_ItemRow]:
    """The rows that hold an item, with a valid id that no row above has."""
    id_column, text_column = columns["Mục"], columns["Nội dung"]
    seen: dict[str, int] = {}
    out: list[_ItemRow] = []
    for row in reader.rows(sheet, columns):
        raw = reader.value(sheet, row, id_column)
        text = _text(reader.value(sheet, row, text_column))
        item_id, as_number = _item_id(raw)
        if raw is None:
            reader.problem(sheet.title, row, id_column, "sheet_no_item_id")
        elif not item_id:
            reader.problem(sheet.title, row, id_column, "sheet_bad_item_id", value=_one_line(raw))
        elif item_id in seen:
            reader.problem(sheet.title, row, id_column, "sheet_duplicate_item", id=item_id,
                           first=f"{sheet.title}!{_cell_name(seen[item_id], id_column)}")
        if not text:
            reader.problem(sheet.title, row, text_column, "sheet_no_text")
        if item_id and item_id not in seen:
            seen[item_id] = row
            if text:
                out.append(_ItemRow(item_id, row, text, columns))
                if as_number:
                    reader.draft.check(("items", len(out) - 1, "id"),
                                       f"Excel lưu mục “{item_id}” thành số: nếu văn bản ghi khác (1.10 chẳng hạn) "
                                       "hãy định dạng cột Mục là Văn bản (Text) rồi gõ lại",
                                       f"{sheet.title}!{_cell_name(row, id_column)}")
    return out


def _items(reader: _Reader) -> list[dict[str, Any]]:
    sheet = reader.sheet(ITEMS)
    columns = reader.columns(sheet, ITEM_HEADERS, len(ITEM_HEADERS)) if sheet else None
    if sheet is None or columns is None:
        reader.items_read = False
        return []
    rows = _item_rows(reader, sheet, columns)
    if not rows and not reader.rows(sheet, columns):
        reader.sheet_problem(sheet.title, "sheet_no_items")
    parents = {r.id.rsplit(".", 1)[0] for r in rows if "." in r.id}
    items: list[dict[str, Any]] = []
    placed: set[str] = set()
    for row in rows:
        parent = row.id.rsplit(".", 1)[0] if "." in row.id else None
        if parent is not None and parent not in placed:
            reader.problem(sheet.title, row.row, columns["Mục"], "sheet_orphan_item", id=row.id, parent=parent)
        placed.add(row.id)
        items.append(_item(reader, sheet, row, row.id in parents, len(items)))
    return items


def _item(reader: _Reader, sheet: _Sheet, row: _ItemRow, has_children: bool, n: int) -> dict[str, Any]:
    """A section (a row with rows under it), a duty (a row with a lead unit) or a content."""
    columns = row.columns
    leads = reader.unit_ids(sheet, row.row, columns["Chủ trì"], ("items", n, "units"))
    partners = [u for u in reader.unit_ids(sheet, row.row, columns["Phối hợp"], ("items", n, "partners"))
                if u not in leads]
    start = reader.date_at(sheet, row.row, columns["Bắt đầu"])
    due = reader.date_at(sheet, row.row, columns["Hạn"])
    if start and due and due < start:
        reader.problem(sheet.title, row.row, columns["Hạn"], "sheet_due_before_start", due=_text(due),
                       start=_text(start))
    kind = "section" if has_children else "duty" if leads else "content"
    item: dict[str, Any] = {"id": row.id, "kind": kind}
    item["title" if kind == "section" else "text"] = " ".join(row.text.split()) if kind == "section" else row.text
    if leads:
        item["units"] = leads
    if partners:
        item["partners"] = partners
    if start:
        item["start"] = start
    if due:
        item["due"] = due
    return item


# --- "Báo cáo" ------------------------------------------------------------------------------------

@dataclass
class ReportDue:
    """A periodic report's deadline, as a `due` table of the plan file."""

    day: int
    month: int = 0  # a month of the period's year; 0: `months_after_end` counts
    months_after_end: int = 0

    def table(self, period: str) -> dict[str, Any]:
        table: dict[str, Any] = {"period": period}
        if self.month:
            table["month"] = self.month
        else:
            table["months_after_end"] = self.months_after_end
        table["day"] = self.day
        return table


_DUE_PREFIX = re.compile(r"^(truoc|cham nhat|han|khong qua|khong muon hon|vao|den)\s+")
_DAY = r"(?:ngay\s*)?(?P<day>\d{1,2})"
_SAME_MONTH = re.compile(_DAY + r"(?:\s+(?:hang|moi|cua)\s+(?:thang|quy|ky|nam))?"
                                r"(?:\s+(?:cua\s+)?thang\s+(?:cuoi\s+(?:quy|ky|nam)|do|ket thuc ky))?")
_NEXT_MONTH = re.compile(_DAY + r"\s+(?:cua\s+)?thang\s+(?:sau|ke tiep|tiep theo|dau\s+(?:quy|ky|nam)\s+"
                                r"(?:sau|tiep theo|ke tiep))(?:\s+ket thuc ky)?")
_FIXED = re.compile(_DAY + r"(?:\s*[/.-]\s*|\s+thang\s+)(?P<month>\d{1,2})"
                           r"(?P<next>\s+(?:cua\s+)?nam\s+(?:sau|tiep theo))?")
_LONGEST_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # a day past a month's end: its last day


def parse_due(text: str, period: str) -> ReportDue | None:
    """The deadline of a periodic report as the form writes it; None when it does not read.

    month, quarter: "ngày 20" (the month the period ends in), "ngày 5 tháng sau" (the month after;
    also "tháng đầu quý sau"), "ngày 15 tháng cuối quý". Half-year, nine months, year: those, or a
    day of the period's year, "15/6", "ngày 15 tháng 12", or of the next, "10/1 năm sau".
    """
    words = fold(text).strip(" .")
    while _DUE_PREFIX.match(words):
        words = _DUE_PREFIX.sub("", words)
    for pattern, after in ((_SAME_MONTH, 0), (_NEXT_MONTH, 1)):
        match = pattern.fullmatch(words)
        if match and 1 <= int(match.group("day")) <= 31:
            return ReportDue(int(match.group("day")), months_after_end=after)
    match = _FIXED.fullmatch(words)
    if not match or period not in _PERIOD_END_MONTH:
        return None
    day, month = int(match.group("day")), int(match.group("month"))
    if not (1 <= month <= 12 and 1 <= day <= _LONGEST_MONTH[month - 1]):
        return None
    if match.group("next"):
        return ReportDue(day, months_after_end=month + 12 - _PERIOD_END_MONTH[period])
    return ReportDue(day, month=month)


@dataclass
class _ReportRow:
    row: int
    kind: str  # a period kind of the plan file, or "once"
    units: list[str]
    receivers: list[str]
    name: str
    due: ReportDue | date | None = None
    first: Period | None = None
    last: Period | None = None


def _reporting(reader: _Reader, items: list[dict[str, Any]], plan: dict[str, Any] | None) -> dict[str, Any] | None:
    sheet = reader.sheet(REPORTS)
    columns = reader.columns(sheet, REPORT_HEADERS, REPORT_REQUIRED) if sheet else None
    if sheet is None or columns is None:
        return None
    leads = list(dict.fromkeys(u for item in items for u in item.get("units", [])))
    span = (plan["start"], plan["end"]) if plan else None
    rows = [_report_row(reader, sheet, columns, row, n, leads, span)
            for n, row in enumerate(reader.rows(sheet, columns))]
    if reader.problems or not rows:  # with a problem anywhere, nothing is built: the reader raises
        return None
    return _assemble(rows)


def _report_row(reader: _Reader, sheet: _Sheet, columns: dict[str, int], row: int, n: int, leads: list[str],
                span: tuple[date, date] | None) -> _ReportRow:
    """One row of "Báo cáo"; its checks go on rule `n` (every row is a rule when none has a problem)."""
    kind = _report_kind(reader, sheet, row, columns["Loại"])
    path: DataPath = ("reporting", "rules", n)
    receivers = _report_units(reader, sheet, row, columns["Gửi về"], (*path, "to"), None)
    units = _report_units(reader, sheet, row, columns["Đơn vị"], (*path, "units"),
                          [u for u in leads if u not in receivers])
    both = [u for u in units if u in receivers]
    if both:
        reader.problem(sheet.title, row, columns["Đơn vị"], "sheet_reports_to_itself", ids=", ".join(both))
    report = _ReportRow(row, kind, units, receivers, _one_line(reader.value(sheet, row, columns.get("Tên báo cáo"))))
    if not kind:
        return report
    report.due = _report_due(reader, sheet, row, columns["Hạn"], kind, (*path, "due", 0))
    if kind == "once":
        for header in ("Từ kỳ", "Đến kỳ"):
            if reader.value(sheet, row, columns[header]) is not None:
                reader.problem(sheet.title, row, columns[header], "sheet_period_for_once")
        return report
    report.first = _period_at(reader, sheet, row, columns["Từ kỳ"], kind, (*path, "first"), span, first=True)
    report.last = _period_at(reader, sheet, row, columns["Đến kỳ"], kind, (*path, "last"), span, first=False)
    if report.first and report.last and report.last.end < report.first.end:
        reader.problem(sheet.title, row, columns["Đến kỳ"], "sheet_last_before_first", last=report.last.id,
                       first=report.first.id)
    return report


def _report_kind(reader: _Reader, sheet: _Sheet, row: int, column: int) -> str:
    written = _one_line(reader.value(sheet, row, column))
    word = _KIND_SYNONYMS.get(fold(written), written)
    kind = next((k for w, k in REPORT_KINDS.items() if fold(w) == fold(word)), "")
    if not kind:
        reader.problem(sheet.title, row, column, "sheet_unknown_kind", value=written, choices=", ".join(REPORT_KINDS))
    return kind


def _report_units(reader: _Reader, sheet: _Sheet, row: int, column: int, path: DataPath,
                  everyone: list[str] | None) -> list[str]:
    ids = reader.unit_ids(sheet, row, column, path, everyone)
    if not ids and reader.value(sheet, row, column) is None:
        reader.problem(sheet.title, row, column, "sheet_no_units")
    return ids


def _report_due(reader: _Reader, sheet: _Sheet, row: int, column: int, kind: str,
                path: DataPath) -> ReportDue | date | None:
    value = reader.value(sheet, row, column)
    if value is None:
        reader.problem(sheet.title, row, column, "sheet_no_due")
        return None
    if kind == "once":
        return reader.date_at(sheet, row, column)
    if isinstance(value, datetime | date) and kind in _PERIOD_END_MONTH:
        # Excel made "15/6" a date of this year: the day and month are what was meant.
        reader.draft.check(path, f"ô Hạn là ngày {_text(value)}: chương trình lấy ngày {value.day} tháng "
                                 f"{value.month} của mỗi kỳ", f"{sheet.title}!{_cell_name(row, column)}")
        return ReportDue(value.day, month=value.month)
    due = None if isinstance(value, datetime | date) else parse_due(_one_line(value), kind)
    if due is None:
        examples = _DUE_EXAMPLES.get(kind, _DUE_EXAMPLES["fixed"])
        reader.problem(sheet.title, row, column, "sheet_bad_due", value=_text(value), kind=_KIND_WORDS[kind],
                       examples=examples)
    return due


def _period_at(reader: _Reader, sheet: _Sheet, row: int, column: int, kind: str, path: DataPath,
               span: tuple[date, date] | None, first: bool) -> Period | None:
    """The first or last period of a rule as typed (any form `parse_period` reads); left empty,
    the plan's first or last period of the kind, with a check."""
    value = reader.value(sheet, row, column)
    where = f"{sheet.title}!{_cell_name(row, column)}"
    if value is None:
        if span is None:
            return None
        period = _default_period(kind, span, first)
        reader.draft.check(path, f"ô {'Từ kỳ' if first else 'Đến kỳ'} để trống: chương trình lấy kỳ {period.id}, "
                                 f"kỳ {'đầu' if first else 'cuối'} trong thời gian của kế hoạch", where)
        return period
    if isinstance(value, datetime | date):
        reader.problem(sheet.title, row, column, "sheet_period_is_date", value=_text(value))
        return None
    try:
        period = read_period(_one_line(value))
    except UsageError as err:
        reader.said(sheet.title, row, column, err)
        return None
    if period.kind != kind:
        reader.draft.check(path, f"kỳ “{_one_line(value)}” là kỳ {_KIND_WORDS.get(period.kind, period.kind)}, khác "
                                 f"loại báo cáo ({_KIND_WORDS[kind]}): các kỳ được tính theo ngày kết thúc", where)
    return period


def _default_period(kind: str, span: tuple[date, date], first: bool) -> Period:
    start, end = span
    periods = [p for year in range(start.year, end.year + 1) for p in periods_of(kind, year)]
    if first:
        return next((p for p in periods if p.end >= start), periods[-1])
    return next((p for p in reversed(periods) if p.start <= end), periods[0])


def _assemble(rows: list[_ReportRow]) -> dict[str, Any]:
    """[reporting]: its first and last period the span most rules share (the first row's on a tie);
    a rule whose own span differs keeps it."""
    spans = [(r.first, r.last) for r in rows if r.first and r.last]
    reporting: dict[str, Any] = {}
    first, last = max(spans, key=spans.count) if spans else (None, None)
    if first and last:
        reporting["first"], reporting["last"] = first.id, last.id
    rule_ids: set[str] = set()
    once_ids: set[str] = set()
    reporting["rules"] = [_rule(r, first, last, rule_ids, once_ids) for r in rows]
    return reporting


def _rule(row: _ReportRow, first: Period | None, last: Period | None, rule_ids: set[str],
          once_ids: set[str]) -> dict[str, Any]:
    name = row.name or ("Báo cáo kết quả" if row.kind == "once" else f"Báo cáo {_KIND_WORDS[row.kind]}")
    once_id = _once_id(name, once_ids) if row.kind == "once" else ""
    rule: dict[str, Any] = {"id": _unique(once_id or _RULE_IDS[row.kind], rule_ids), "kind": "unit", "name": name,
                            "units": row.units, "to": row.receivers}
    if row.kind == "once":
        rule["once"] = [{"period": once_id, "due": row.due, "name": name}]
        return rule
    assert row.first and row.last and isinstance(row.due, ReportDue)
    if (row.first.id, row.last.id) != (first.id if first else "", last.id if last else ""):
        rule["first"], rule["last"] = row.first.id, row.last.id
    rule["due"] = [row.due.table(row.kind)]
    return rule


def _once_id(name: str, taken: set[str]) -> str:
    """A one-time report's own period id, from its name: "Báo cáo sơ kết" is `so-ket`; never one
    that reads as a calendar period (`nam-2024` would)."""
    base = slug(re.sub(r"^báo cáo\s*", "", name, flags=re.IGNORECASE), 30) or "ket-qua"
    try:
        read_period(base)
        base = f"bao-cao-{base}"
    except UsageError:
        pass
    return _unique(base, taken)


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
