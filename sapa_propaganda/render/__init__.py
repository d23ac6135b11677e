"""Renderers: the same result objects shown as Rich tables, plain text, or JSON.

`pick_renderer` chooses by `--json`, `--rich/--plain` and whether stdout is a terminal.
Only the Rich renderer imports rich, so piped and cron runs start fast.
"""

from __future__ import annotations

import os
import sys

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any


def wants_rich(forced: bool | None, stream: IO[str]) -> bool:
    if forced is not None:
        return forced
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def pick_renderer(as_json: bool, rich: bool | None, stream: IO[str] | None = None) -> Any:
    stream = stream or sys.stdout
    if as_json:
        from .json_out import JsonRenderer

        return JsonRenderer(stream)
    if wants_rich(rich, stream):
        from .rich_out import RichRenderer

        return RichRenderer(stream)
    from .plain import PlainRenderer

    return PlainRenderer(stream)
