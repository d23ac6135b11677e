"""The sentence a mark ends with: what it changed, or that it changed nothing. Apart from the
other labels (`labels`, which takes these), so that a mark in a pipe or under cron loads no
more than it says."""

from __future__ import annotations

from ..core.dates import format_date
from ..i18n import tr

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..core.results import MarkResult


def status(code: str) -> str:
    return tr("status_" + code)


def unchanged_line(result: MarkResult) -> str:
    """A mark that would change nothing: where the item already stands, and since when."""
    what = f"{result.item.id} ({result.unit})" if result.unit else result.item.id
    standing = result.standing
    if standing is None:
        return tr("mark_unchanged_never", id=what, status=status("todo"))
    return tr("mark_unchanged", id=what, status=status(standing.status), date=format_date(standing.updated))


def marked_line(result: MarkResult) -> str:
    """What a mark recorded: the item, its status before and after, the day; or `unchanged_line`."""
    if result.event is None:  # it would have changed nothing: nothing was recorded
        return unchanged_line(result)
    line = tr("marked", id=f"{result.item.id} ({result.unit})" if result.unit else result.item.id,
              before=status(result.before), after=status(result.event.status), date=format_date(result.event.date))
    if result.after != result.event.status:  # dated back, behind a later update: say so
        line += tr("marked_earlier", now=status(result.after))
    if result.whole:  # one unit's part of a shared duty: where the whole duty stands now
        line += tr("marked_unit_whole", status=status(result.whole),
                   parts=", ".join(f"{unit}: {status(part)}" for unit, part in result.parts))
    return line
