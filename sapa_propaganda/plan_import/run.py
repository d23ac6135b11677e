"""`sapa plan import FILE`: read the file, draft the plan, write it as TOML, check it as
`sapa plan check` would, and say what to check."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from ..core.model import Unit
from ..errors import PlanError
from .draft import Check, Draft
from .draft_toml import render

# Each reader loads only for its kind of document, the plan loader only to check the draft.


@dataclass(frozen=True)
class ImportResult:
    source: str  # the file read
    output: str  # the plan file to write
    text: str  # the draft's TOML
    draft: Draft
    check_lines: tuple[tuple[int, Check], ...]
    problems: tuple[str, ...]  # what `plan check` says of the draft; () when it passes
    encoding: str  # how the source's text was stored ("tcvn3" when converted), "" for Excel


def import_file(path: str, roster: tuple[Unit, ...], plan_id: str | None, output: str | None,
                today: date) -> ImportResult:
    from ..storage.plan_loader import parse_plan
    from .reading import read_source, source_kind

    kind = source_kind(path)
    encoding = ""
    if kind == "xlsx":
        from .read_sheet import read_sheet

        draft = read_sheet(path, roster, plan_id)
    else:
        from .build import draft_from

        document = read_source(path)
        encoding = document.encoding
        draft = draft_from(document, roster, plan_id)
    name = os.path.basename(path)
    rendered = render(draft, name, today)
    target = output or f"{draft.data['plan']['id']}.toml"
    try:
        parse_plan(rendered.text, target, roster)
        problems: tuple[str, ...] = ()
    except PlanError as err:
        problems = tuple(err.problems)
    return ImportResult(path, target, rendered.text, draft, rendered.check_lines, problems, encoding)
