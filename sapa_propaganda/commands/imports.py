"""`sapa plan import` and `sapa plan template`: a plan drafted from its document, and the Excel
form for offices that prefer one.

The importer (`plan_import/`) is loaded only by these commands: the daily ones never pay for it.
"""

from __future__ import annotations

import os

from ..errors import PlanError, UsageError
from .output import write_output

TYPE_CHECKING = False
if TYPE_CHECKING:
    from _typeshed import StrPath

    from .context import Settings

TEMPLATE_NAME = "mau-ke-hoach.xlsx"


def _refuse_existing(path: str, force: bool) -> None:
    """A file already there is replaced only when asked (`--force`): it may be the clerk's edits."""
    if os.path.lexists(path) and not force:
        raise UsageError("import_output_exists", path=path)


def plan_import(s: Settings, *, file: StrPath, output: StrPath | None, plan_id: str | None, add: bool,
                force: bool, as_json: bool) -> None:
    from ..plan_import import messages  # noqa: F401 - the importer's words
    from ..plan_import.run import import_file
    from ..plan_import.summary import say_summary
    from ..storage.roster import load_roster

    result = import_file(os.fspath(file), load_roster(s.data_dir).units, plan_id, os.fspath(output) if output else None,
                         s.today)
    _refuse_existing(result.output, force)
    write_output(result.text.encode("utf-8"), result.output, say=False)  # the summary says where
    say_summary(result, as_json)
    if result.problems:  # a draft that fails the checks is written for the clerk to mend, and said loudly
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
    write_output(template_bytes(load_roster(s.data_dir).units), path)
