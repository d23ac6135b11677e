"""The types of `datetime`, from the C module that holds them.

`datetime.py` first defines every type in Python, then replaces them all with those of its C
module `_datetime`: a tenth of the start-up of `sapa mark` for classes that are thrown away. The
types are the same objects whichever way they are imported (`datetime.date is _datetime.date`),
so values, pickles and type checks are unchanged. (As `_blake2` stands for hashlib in
cache.derived_cache.) An interpreter without the C module gets them from `datetime`.
"""

from __future__ import annotations

__all__ = ["UTC", "date", "datetime", "timedelta", "timezone", "tzinfo"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
else:
    try:
        from _datetime import UTC, date, datetime, timedelta, timezone, tzinfo
    except ImportError:  # not CPython
        from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
