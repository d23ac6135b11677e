"""Entry point for `sapa` and `python -m sapa_propaganda`."""

from __future__ import annotations

import gc
import os
import sys

# Type names only; and the front ends, imported in `run`: the fast path must not pay for Typer.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime


def run(argv: list[str], clock: Callable[[], datetime] | None = None) -> int:
    """Everything `sapa ARGV` does, up to its exit code: the fast path for the everyday
    commands, else Typer; output flushed, errors said once (errors.report). The writes record
    their time by `clock`: the real one (sapa_propaganda.clock) unless a caller, a test, gives
    its own."""
    try:
        if "_SAPA_COMPLETE" not in os.environ:  # the shell asking for completions is answered as it typed
            from .cli.typed import tidy

            argv = tidy(argv)  # Word's quotes and dashes, read once as meant, for both front ends
        from .cli.fastpath import run as run_fast

        code = run_fast(argv, clock)
        if code is None:
            from .cli.app import run as run_typer

            code = run_typer(argv, clock)
        sys.stdout.flush()  # a closed pipe or a full disk shows here, for output still buffered
        sys.stderr.flush()
        return code
    except Exception as err:
        from .errors import report

        reported = report(err)
        if reported is None:
            raise
        return reported


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            # Windows consoles and pipes default to a legacy code page; Vietnamese needs UTF-8.
            stream.reconfigure(encoding="utf-8")
    # A run lives for a fraction of a second: garbage collection passes over a large plan and
    # tearing the objects down at exit only cost time. Output is flushed before leaving.
    gc.disable()
    os._exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
