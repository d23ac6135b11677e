"""Every error the user can cause, with its exit code, and the one place they become exit codes.

Errors carry a message key and its parameters, not a finished sentence, so that the CLI can
say them in the user's language. Both front ends (the fast path and the Typer app) hand what
went wrong to `report`, which prints one line on stderr and gives the exit code; nothing below
the CLI prints.
"""

from __future__ import annotations

import errno
import os
import sys

from .i18n import language, tr

# Type names only: `typing` and the modules below cost start-up time that cron pays daily.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class SapaError(Exception):
    """Base of all user-facing errors."""

    exit_code = 1

    def __init__(self, key: str, **params: Any):
        self.key = key
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:
        params = self.params
        if isinstance(params.get("reason"), str):
            params = {**params, "reason": os_reason(params["reason"])}
        if "suggest" in params:  # close matches for a typo, said as "(có phải: …?)" in the user's language
            close = params["suggest"]
            params = {k: v for k, v in params.items() if k != "suggest"}
            params["hint"] = tr("did_you_mean", options=", ".join(close)) if close else ""
        return tr(self.key, **params)

    def message(self) -> str:
        """What the user sees on stderr."""
        return f"sapa: {self}"


class UsageError(SapaError):
    """A bad argument value: an unknown id, status, period or date."""

    exit_code = 2


class PlanError(SapaError):
    """The plan file cannot be read or is invalid. Carries every problem found, one per line."""

    exit_code = 4

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("plan_invalid")

    def __str__(self) -> str:
        return "\n".join(self.problems)


class LedgerError(SapaError):
    """The progress ledger is damaged, locked, or of an unknown format. Nothing was written."""

    exit_code = 5


class PlansSkipped(SapaError):
    """Some of the workspace's plans could not be read (each said why already); the others were
    shown. The exit code is the worst of theirs, so cron learns of it."""

    def __init__(self, problems: list[tuple[str, SapaError]]):
        self.exit_code = max(err.exit_code for _plan, err in problems)
        super().__init__("workspace_plans_skipped", count=len(problems),
                         plans=", ".join(plan for plan, _err in problems))


class OverdueFound(SapaError):
    """`remind --fail-on-overdue` found something overdue; cron sees exit code 3."""

    exit_code = 3


# The reasons the operating system gives (`err.strerror`) come in English whatever the
# language; these are said in the user's language.
_OS_ERRORS = ("ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ENOSPC", "EROFS", "EEXIST", "ELOOP",
              "EBUSY", "EIO", "EDQUOT", "EFBIG", "ENAMETOOLONG")
_OTHER_REASONS = {"not UTF-8": "plan_not_utf8"}


def os_reason(reason: str) -> str:
    """An English reason from the system in the user's language, and only in it: `không có tệp
    hoặc thư mục này`. (`--lang en` gives the system's own words.)"""
    if language() == "en":
        return reason
    for name in _OS_ERRORS:
        number = getattr(errno, name, None)
        if number is not None and reason == os.strerror(number):
            return tr("os_" + name)
    return tr(_OTHER_REASONS[reason]) if reason in _OTHER_REASONS else reason


def _quiet_stdout() -> None:
    """The reader of our output has gone: send what is still buffered nowhere, so that the
    last flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's buffer)
        pass


def to_stderr(text: str) -> None:
    """A message on stderr (a line, or lines joined by line breaks), with what it quotes made safe
    to show as the screen's output is (`text.for_display`, line breaks kept): a plan's value, a
    file name or a typed word cannot drive the terminal. Every stderr write of sapa passes here."""
    from .core.text import for_display

    # An argument that is not UTF-8 may be quoted back: never fail on saying so.
    sys.stderr.write(for_display(text, single_line=False).encode("utf-8", "backslashreplace").decode("utf-8") + "\n")


def report(err: BaseException) -> int | None:
    """Say what went wrong on stderr, once, and give the exit code; None if `err` is not ours
    to report (a bug: let it raise with its traceback).

    A SapaError: its message, its code. A closed pipe (`sapa duties | head -1`): quiet success,
    like git. Any other OSError while writing the output (a full disk): one line, code 1.
    """
    if isinstance(err, BrokenPipeError) or (isinstance(err, OSError) and err.errno == errno.EPIPE):
        _quiet_stdout()
        return 0
    if isinstance(err, SapaError):
        message = err.message()
    elif isinstance(err, OSError):
        message = "sapa: " + tr("output_failed", reason=os_reason(err.strerror or str(err)))
    else:
        return None
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    except (OSError, ValueError):
        pass
    try:
        to_stderr(message)  # plan values and file names reach a message too: `to_stderr` makes them safe
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return err.exit_code if isinstance(err, SapaError) else 1
