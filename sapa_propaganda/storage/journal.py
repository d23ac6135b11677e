"""Changes to what the office shares besides its ledgers (its roster, the workspace's plans),
kept as the ledger keeps progress: each machine writes files of its own, readers merge them.

    DATA/_workspace/changes/<topic>.<origin>.toml    one machine's changes to one topic

- **No file is written by two machines.** A machine appends only to the files named with its
  origin (storage.machine), under a lock kept in its own config folder: the processes that share
  an origin are the ones that must exclude each other, and no lock file travels with the folder.
- **Readers take the union by change id** of every file of the topic: sapa's own and a sync
  tool's copies of them alike (`roster.<origin> (conflicted copy 2024-03-02).toml`,
  `roster.<origin>.sync-conflict-20240302-101500-ABCD.toml`, `roster.<origin>-PC-KETOAN.toml`).
  A change found twice counts once, so a conflict copy loses nothing and adds nothing.
- **A change sets some fields of one thing** (a unit, a member, a plan): the fields it names, no
  others. Applied in the order recorded (time, then id, the same on every machine), two machines'
  changes to different things, or to different fields of one thing, all stand; of two changes to
  the same field, the later wins. What a topic's changes mean is its reader's (storage.roster,
  storage.workspace); here they are checked data: ids, times, and fields of the types given.
- A damaged file is named with its problem and never rewritten: a machine whose own file is
  damaged refuses to add to it (LedgerError, exit 5), as with a damaged ledger.
"""

from __future__ import annotations

import os

from ..core.datetime_types import datetime
from ..core.record import Record
from ..errors import LedgerError
from . import machine

# tomllib, tomli_w, the text helpers and the lock load only when changes are read or written.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextlib import AbstractContextManager

WORKSPACE = "_workspace"  # the office's shared folder in the data folder (storage.workspace)
FOLDER = "changes"
FORMAT_VERSION = 1
MAX_BYTES = 16 * 1024 * 1024  # an office's changes over years are a few hundred kB
_STRAY_AGE_SECONDS = 24 * 3600  # another machine's temporary file this old is not being written

# What a field may hold: a string, a list of strings, a date, or a time (for `recorded`).
Value = object


class Change(Record):
    id: str
    recorded: datetime
    kind: str
    fields: dict[str, Value]


def changes_folder(data_dir: str) -> str:
    return os.path.join(data_dir, WORKSPACE, FOLDER)


def own_file(data_dir: str, topic: str) -> str:
    return os.path.join(changes_folder(data_dir), f"{topic}.{machine.origin()}.toml")


def topic_files(data_dir: str, topic: str) -> list[str]:
    """Every file of the topic, this machine's and the others', with their copies: sorted, sapa's
    own names first. A link or a non-file among them is refused, as in a ledger's folder."""
    import stat

    folder = changes_folder(data_dir)
    if os.path.islink(folder):
        raise LedgerError("workspace_link", path=folder)
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    except OSError as err:
        raise LedgerError("office_unreadable", path=folder, reason=err.strerror or str(err)) from None
    found = []
    for entry in entries:
        name = entry.name
        if not (name.startswith(topic + ".") and name.endswith(".toml")) or name.startswith("."):
            continue
        info = entry.stat(follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode):
            raise LedgerError("office_unreadable", path=entry.path, reason="not a regular file")
        found.append((not machine.is_origin(name[len(topic) + 1:-5]), name, entry.path))
    return [path for _copy, _name, path in sorted(found)]


def read_changes(data_dir: str, topic: str, kinds: dict[str, dict[str, str]]) -> list[Change]:
    """Every change of the topic, once each, in the order they apply. `kinds`: for each kind of
    change, its fields and their types (`str`, `strs`, `date`, `id`, `ids`); a change of a kind not
    listed (a later version's) is passed over; one that breaks its kind's types is damage."""
    found: dict[str, Change] = {}
    found_in: dict[str, str] = {}
    for path in topic_files(data_dir, topic):
        for change in _cached_file(path, topic, kinds):
            known = found.setdefault(change.id, change)
            if known is not change and known != change:  # two copies of one change that differ: one was edited by hand
                raise LedgerError("office_damaged", path=path,
                                  reason=f"{change.id[:12]} ≠ {os.path.basename(found_in[change.id])}")
            found_in.setdefault(change.id, path)
    return sorted(found.values(), key=lambda c: (c.recorded, c.id))


def _cached_file(path: str, topic: str, kinds: dict[str, dict[str, str]]) -> list[Change]:
    """A file's changes, from this machine's cache while the file is unchanged (derived_cache:
    stamped, checked, plain data); parsed and cached otherwise. Parsing TOML would cost every
    command of an office of a hundred plans a tenth of its time."""
    from ..cache import derived_cache
    from ..core.datetime_types import date

    stamp = derived_cache.file_stamp(path)
    cache = os.path.join(machine.cache_dir(), "changes", f"{topic}-{derived_cache.folder_key(path)}")
    cached = derived_cache.load(cache, stamp, _decode_changes)
    if cached is not None:
        return cached
    changes = _parse_file(path, topic, kinds)
    derived_cache.save(cache, stamp, [(c.id, c.recorded.isoformat(), c.kind,
                                       {k: v.toordinal() if isinstance(v, date) else v for k, v in c.fields.items()})
                                      for c in changes])
    return changes


def _decode_changes(payload: object) -> list[Change]:
    """Cached changes, their shape checked: a date was kept as its ordinal (no other field is a number)."""
    from ..core.datetime_types import date

    if type(payload) is not list:
        raise ValueError("wrong shape")
    changes = []
    for change_id, recorded, kind, fields in payload:
        if not (type(change_id) is str and type(kind) is str and type(fields) is dict):
            raise ValueError("wrong shape")
        values = {k: date.fromordinal(v) if type(v) is int else v for k, v in fields.items()}
        if not all(type(v) in (str, tuple, date) for v in values.values()):
            raise ValueError("wrong shape")
        changes.append(Change(change_id, datetime.fromisoformat(recorded), kind, values))
    return changes


def new_change(recorded: datetime, kind: str, **fields: Value) -> Change:
    return Change(os.urandom(16).hex(), recorded, kind, {k: v for k, v in fields.items() if v is not None})


def append_changes(data_dir: str, topic: str, changes: list[Change]) -> None:
    """Add `changes` at the end of this machine's file of the topic (atomically; under this
    machine's lock). Its own file is checked first: a damaged one is named, never overwritten."""
    if not changes:
        return
    import tomli_w

    from .safe_files import make_folders, write_atomically

    path = own_file(data_dir, topic)
    folder = os.path.dirname(path)
    try:
        make_folders(folder)
    except OSError as err:
        raise LedgerError("office_unwritable", path=folder, reason=err.strerror or str(err)) from None
    with _locked(data_dir):
        remove_strays(folder, own=f".{os.path.basename(path)}.")
        earlier: list[Change] = []
        if os.path.lexists(path):
            earlier = _parse_file(path, topic, None)
        rows = [_row(c) for c in [*earlier, *changes]]
        data = tomli_w.dumps({"format": FORMAT_VERSION, "change": rows}).encode("utf-8")
        try:
            write_atomically(path, data)
        except OSError as err:
            raise LedgerError("office_unwritable", path=path, reason=err.strerror or str(err)) from None


def _locked(data_dir: str) -> AbstractContextManager[None]:
    from ..cache.derived_cache import folder_key
    from .safe_files import locked

    lock = os.path.join(machine.config_dir(), "locks", "office-" + folder_key(os.path.join(data_dir, WORKSPACE)))
    return locked(lock, errors=("office_unwritable", "office_locked"))


def remove_strays(folder: str, own: str = "") -> None:
    """Temporary files left by a process killed mid-write (`.<name>.<random>.tmp`): this
    machine's own (`own`, the start of their names) at once, since under its lock none is being
    written; any other once a day old, when no write can still be under way."""
    import time

    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    old = time.time() - _STRAY_AGE_SECONDS
    for entry in entries:
        name = entry.name
        if not is_temporary_name(name):  # a sync tool's own (.syncthing.x.tmp) is not ours to clear
            continue
        try:
            if (own and name.startswith(own)) or entry.stat(follow_symlinks=False).st_mtime < old:
                os.remove(entry.path)
        except OSError:
            pass


def is_temporary_name(name: str) -> bool:
    """A temporary file of safe_files.write_atomically: `.<name>.<12 hex digits>.tmp`."""
    stem, _dot, random = name[:-4].rpartition(".")
    return (name.startswith(".") and name.endswith(".tmp") and len(stem) > 1 and len(random) == 12
            and all(c in "0123456789abcdef" for c in random))


def _row(change: Change) -> dict[str, object]:
    return {"id": change.id, "recorded": change.recorded, "kind": change.kind, **change.fields}


def _parse_file(path: str, topic: str, kinds: dict[str, dict[str, str]] | None) -> list[Change]:
    """One file's changes, checked (`kinds` None: only ids and times, to append to it)."""
    import tomllib

    from .safe_files import open_regular

    try:
        raw = open_regular(path, limit=MAX_BYTES)
    except OSError as err:
        raise LedgerError("office_unreadable", path=path, reason=err.strerror or str(err)) from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as err:
        raise LedgerError("office_damaged", path=path, reason=str(err)[:200]) from None
    if data.get("format", FORMAT_VERSION) != FORMAT_VERSION or not isinstance(data.get("change", []), list):
        raise LedgerError("office_damaged", path=path, reason=f"format = {data.get('format')!r}")
    changes = []
    for number, row in enumerate(data.get("change", []), start=1):
        change = _checked_change(row, kinds)
        if isinstance(change, str):
            raise LedgerError("office_damaged", path=path, reason=f"[[change]] {number}: {change}")
        if change is not None:
            changes.append(change)
    return changes


def _checked_change(row: object, kinds: dict[str, dict[str, str]] | None) -> Change | str | None:
    """The change a row holds; the problem, as a phrase, when it is damaged; None for a kind this
    version does not know."""
    from ..core.model import is_unit_id
    from ..core.text import nfc

    if not isinstance(row, dict):
        return "not a table"
    change_id, recorded, kind = row.get("id"), row.get("recorded"), row.get("kind")
    if not (isinstance(change_id, str) and len(change_id) == 32 and all(c in "0123456789abcdef" for c in change_id)):
        return "id"
    if not (isinstance(recorded, datetime) and recorded.tzinfo is not None):
        return "recorded"
    if not isinstance(kind, str):
        return "kind"
    if kinds is None:
        fields = {k: v for k, v in row.items() if k not in ("id", "recorded", "kind")}
        return Change(change_id, recorded, kind, fields)
    types = kinds.get(kind)
    if types is None:
        return None
    fields = {}
    for key, value in row.items():
        if key in ("id", "recorded", "kind"):
            continue
        wanted = types.get(key)
        if wanted is None:
            continue  # a field a later version added: passed over
        if wanted in ("str", "id") and isinstance(value, str):
            if wanted == "id" and not is_unit_id(value):
                return f"{key} = {value!r}"
            fields[key] = nfc(value)
        elif wanted in ("strs", "ids") and isinstance(value, list) and all(isinstance(v, str) for v in value):
            if wanted == "ids" and not all(is_unit_id(v) for v in value):
                return f"{key}"
            fields[key] = tuple(nfc(v) for v in value)
        elif wanted == "date" and _is_date(value):
            fields[key] = value
        else:
            return f"{key}"
    missing = [key for key, wanted in types.items() if wanted in ("id",) and key not in fields]
    if missing:
        return f"{missing[0]} missing"
    return Change(change_id, recorded, kind, fields)


def _is_date(value: object) -> bool:
    from ..core.datetime_types import date

    return isinstance(value, date) and not isinstance(value, datetime)
