"""Which renderer draws on a stream: `--json`, `--rich/--plain`, and whether it is a terminal.

Only the Rich renderer imports rich, so piped and cron runs start fast.
"""

from __future__ import annotations

import os
import sys

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

    from ..core.results import MarkResult
    from .protocol import Messages, Screen


def wants_rich(forced: bool | None, stream: IO[str]) -> bool:
    if forced is not None:
        return forced
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def pick_renderer(as_json: bool, rich: bool | None, stream: IO[str] | None = None) -> Screen:
    stream = stream or sys.stdout
    if as_json:
        from .json_out import JsonRenderer

        return JsonRenderer(stream)
    return pick_messages(rich, stream)


def pick_messages(rich: bool | None, stream: IO[str] | None = None) -> Messages:
    """For a sentence: what a write did, in words, in a terminal's colours or plain."""
    stream = stream or sys.stdout
    if wants_rich(rich, stream):
        from .rich_out import RichRenderer

        return RichRenderer(stream)
    from .plain import PlainRenderer

    return PlainRenderer(stream)


def say_marked(rich: bool | None, result: MarkResult) -> None:
    """What a mark did, in one sentence: as `pick_messages` says it, but plain without loading the
    plain renderer and its labels (its line is the same: PlainRenderer.line)."""
    stream = sys.stdout
    if wants_rich(rich, stream):
        pick_messages(rich, stream).marked(result)
        return
    from ..core.text import for_display
    from .marks import marked_line

    stream.write(for_display(marked_line(result)) + "\n")
