"""Entry point for `sapa` and `python -m sapa_propaganda`."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            # Windows consoles and pipes default to a legacy code page; Vietnamese needs UTF-8.
            stream.reconfigure(encoding="utf-8")
    # A run lives for a fraction of a second: garbage collection passes over a large plan and
    # tearing the objects down at exit only cost time. Output is flushed before leaving.
    gc.disable()
    try:
        from .fastpath import run

        code = run(sys.argv[1:])
        if code is None:
            from .cli import app

            app(prog_name="sapa")
        else:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    except BrokenPipeError:
        # `sapa duties | head` closed the pipe: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os._exit(1)
    except OSError as err:  # the output could not be written (a full disk, say)
        try:
            sys.stderr.write(f"sapa: {err.strerror or err}\n")
            sys.stderr.flush()
        finally:
            os._exit(1)


if __name__ == "__main__":
    main()
