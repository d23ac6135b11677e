"""`sapa plan import` and `sapa plan template`: a plan drafted from its document, and the Excel
form for offices that prefer one.

The importer (`plan_import/`) is loaded only by these commands: the daily ones never pay for it.
"""

from __future__ import annotations

import os
import sys

from ..errors import UsageError
from ..i18n import tr

TYPE_CHECKING = False
if TYPE_CHECKING:
    from _typeshed import StrPath

    from .context import Settings

TEMPLATE_NAME = "mau-ke-hoach.xlsx"


def _refuse_existing(path: str, force: bool) -> None:
    """A file already there is replaced only when asked (`--force`): it may be the clerk's edits."""
    if os.path.lexists(path) and not force:
        raise UsageError("import_output_exists", path=path)


def _write(path: str, data: bytes) -> None:
    from ..storage.safe_files import write_atomically

    target = os.path.realpath(path)
    if os.path.isdir(target):
        raise UsageError("output_not_a_file", path=path)
    if not os.path.isdir(os.path.dirname(target) or "."):
        raise UsageError("output_no_folder", path=os.path.dirname(target))
    try:
        write_atomically(target, data)
    except OSError as err:
        raise UsageError("output_unwritable", path=path, reason=err.strerror or str(err)) from None


def plan_import(s: Settings, *, file: StrPath, output: StrPath | None, plan_id: str | None, add: bool,
                force: bool, as_json: bool) -> None:
    from ..plan_import import messages  # noqa: F401 - the importer's words
    from ..plan_import.run import import_file
    from ..storage.roster import load_roster

    roster = load_roster(s.data_dir)
    result = import_file(os.fspath(file), roster.units, plan_id, os.fspath(output) if output else None, s.today)
    _refuse_existing(result.output, force)
    _write(result.output, result.text.encode("utf-8"))
    from ..plan_import.summary import say_summary

    say_summary(result, as_json)
    if result.problems:  # a draft that fails the checks is written for the clerk to mend, and said loudly
        from ..errors import PlanError

        raise PlanError(list(result.problems))
    if add:
        from .plans import plan_add

        plan_add(s, file=result.output, replace=False)


def plan_template(s: Settings, *, output: StrPath | None, force: bool) -> None:
    from ..plan_import import messages  # noqa: F401 - the importer's words
    from ..plan_import.sheet_template import template_bytes
    from ..storage.roster import load_roster

    path = os.fspath(output) if output else TEMPLATE_NAME
    if not path.lower().endswith(".xlsx"):
        raise UsageError("template_not_xlsx", path=path)
    _refuse_existing(path, force)
    _write(path, template_bytes(load_roster(s.data_dir).units))
    sys.stderr.write(tr("exported", path=path) + "\n")
