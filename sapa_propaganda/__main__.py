"""Entry point for `sapa` and `python -m sapa_propaganda`."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if hasattr(sys.stdout, "reconfigure"):
        # Windows consoles and pipes default to a legacy code page; Vietnamese needs UTF-8.
        sys.stdout.reconfigure(encoding="utf-8")
        sys.stderr.reconfigure(encoding="utf-8")
    from .cli import app

    try:
        app(prog_name="sapa")
    except BrokenPipeError:
        # `sapa duties | head` closed the pipe: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
