"""The office's workspace: the plans it follows, kept in the data folder beside their ledgers.

    DATA/_workspace/plans/<plan id>.toml    each plan, as `sapa plan add` validated and copied it
    DATA/_workspace/workspace.toml          which plans are closed (and why), the default plan

`_workspace` can never be a plan's id (ids start with a letter or digit), so it never collides
with a ledger folder. The data folder is shared: a plan file is read as TOML only, never followed
through a link, and only by a name that is a valid plan id, so nothing read here escapes the folder.
"""

from __future__ import annotations

import os
from datetime import date

from ..core.model import is_plan_id
from ..core.record import Factory, Record
from ..errors import LedgerError, UsageError
from .safe_files import locked, open_regular, write_atomically

# tomllib, tomli_w and the text helpers load only when the workspace's state is read or written.

FOLDER = "_workspace"
STATE_FILE = "workspace.toml"
FORMAT_VERSION = 1


def check_folders(data_dir: str) -> None:
    """The workspace's folders are real folders of the data folder: a link planted in their place
    (by a sync tool or a person) would lead every read and write elsewhere."""
    for folder in (os.path.join(data_dir, FOLDER), os.path.join(data_dir, FOLDER, "plans")):
        if os.path.islink(folder):
            raise LedgerError("workspace_link", path=folder)


def data_dir_problem(data_dir: str) -> str | None:
    """Why the data folder cannot be used (the system's reason: not a folder, permission denied, a
    name too long), or None if it can, or is simply not there yet. Asked after a command failed,
    so that what is said names the folder rather than a file inside it."""
    import errno
    import stat

    try:
        info = os.stat(data_dir)
    except FileNotFoundError:
        return None
    except OSError as err:  # a file where a folder on the way should be, a folder we may not enter
        return err.strerror or str(err)
    if not stat.S_ISDIR(info.st_mode):
        return os.strerror(errno.ENOTDIR)
    try:
        with os.scandir(data_dir):
            pass
    except OSError as err:
        return err.strerror or str(err)
    return None


class Closure(Record):
    on: date
    note: str


class WorkspaceState(Record):
    """What workspace.toml holds."""

    default: str = ""  # `sapa plan use`
    closed: dict[str, Closure] = Factory(default_factory=dict)


class Workspace:
    def __init__(self, data_dir: str):
        self.data_dir = data_dir
        self.folder = os.path.join(data_dir, FOLDER)
        self.plans_folder = os.path.join(self.folder, "plans")
        self.state_path = os.path.join(self.folder, STATE_FILE)
        self._ids: list[str] | None = None  # read once per command: a command changes at most one
        self._state: WorkspaceState | None = None

    # ---- reading ----------------------------------------------------------------------------

    def plan_ids(self) -> list[str]:
        """The plans added, by id, sorted; a stray file whose name is no plan id is ignored. A link
        planted in the folder is listed, so that reading it is refused aloud (Settings.plan)."""
        if self._ids is None:
            check_folders(self.data_dir)
            try:
                entries = list(os.scandir(self.plans_folder))
            except OSError:
                entries = []
            self._ids = sorted(e.name[:-5] for e in entries if e.name.endswith(".toml") and is_plan_id(e.name[:-5]))
        return self._ids

    def plan_file(self, plan_id: str) -> str:
        if not is_plan_id(plan_id):
            raise UsageError("workspace_bad_id", id=plan_id)
        return os.path.join(self.plans_folder, plan_id + ".toml")

    def has(self, plan_id: str) -> bool:
        return is_plan_id(plan_id) and plan_id in self.plan_ids()

    def state(self) -> WorkspaceState:
        if self._state is None:
            self._state = self._read_state()
        return self._state

    def _read_state(self) -> WorkspaceState:
        check_folders(self.data_dir)
        try:
            raw = open_regular(self.state_path)
        except FileNotFoundError:
            return WorkspaceState()
        except OSError as err:
            raise UsageError("workspace_unreadable", path=self.state_path, reason=err.strerror or str(err)) from None
        return _parse_state(raw, self.state_path)

    def active_ids(self) -> list[str]:
        closed = self.state().closed
        return [i for i in self.plan_ids() if i not in closed]

    # ---- changing ---------------------------------------------------------------------------

    def add(self, source: bytes, plan_id: str, replace: bool) -> str:
        """Install a validated plan's bytes under its id; returns the file written."""
        target = self.plan_file(plan_id)
        check_folders(self.data_dir)
        os.makedirs(self.plans_folder, exist_ok=True)
        self._ids = None
        with locked(self.state_path):
            exists = os.path.lexists(target)
            if exists and not replace:
                raise UsageError("workspace_plan_exists", id=plan_id)
            if not exists and replace:
                raise UsageError("workspace_no_plan", id=plan_id, known=", ".join(self.plan_ids()) or "—")
            if os.path.islink(target):
                raise UsageError("workspace_link", path=target)
            write_atomically(target, source)
        return target

    def remove(self, plan_id: str) -> None:
        self.require(plan_id)
        with locked(self.state_path):
            os.remove(self.plan_file(plan_id))
            self._ids, self._state = None, None
            state = self.state()
            closed = {k: v for k, v in state.closed.items() if k != plan_id}
            self._write(WorkspaceState("" if state.default == plan_id else state.default, closed))

    def close(self, plan_id: str, on: date, note: str) -> None:
        self._update(plan_id, lambda s: WorkspaceState(s.default, {**s.closed, plan_id: Closure(on, note)}))

    def reopen(self, plan_id: str) -> None:
        def change(s: WorkspaceState) -> WorkspaceState:
            if plan_id not in s.closed:
                raise UsageError("workspace_not_closed", id=plan_id)
            return WorkspaceState(s.default, {k: v for k, v in s.closed.items() if k != plan_id})

        self._update(plan_id, change)

    def use(self, plan_id: str) -> None:
        self._update(plan_id, lambda s: WorkspaceState(plan_id, s.closed))

    def clear_default(self) -> None:
        with locked(self.state_path):
            self._state = None
            self._write(WorkspaceState("", self.state().closed))
            self._state = None

    def require(self, plan_id: str) -> None:
        if not self.has(plan_id):
            from ..core.text import close_matches

            known = self.plan_ids()
            raise UsageError("workspace_no_plan", id=plan_id,
                             known=", ".join(close_matches(plan_id, known) or known) or "—")

    def _update(self, plan_id: str, change: object) -> None:
        self.require(plan_id)
        with locked(self.state_path):
            self._state = None  # read again under the lock: another clerk may have changed it
            self._write(change(self.state()))  # type: ignore[operator]
            self._state = None

    def _write(self, state: WorkspaceState) -> None:
        import tomli_w

        data: dict[str, object] = {"format": FORMAT_VERSION, "default": state.default,
                                   "closed": {k: {"on": v.on, "note": v.note} for k, v in sorted(state.closed.items())}}
        check_folders(self.data_dir)
        os.makedirs(self.folder, exist_ok=True)
        write_atomically(self.state_path, tomli_w.dumps(data).encode("utf-8"))


def _parse_state(raw: bytes, path: str) -> WorkspaceState:
    """workspace.toml, checked: anything unexpected is named, never guessed at."""
    import tomllib

    from ..core.text import nfc

    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise LedgerError("workspace_damaged", path=path, reason=str(err)) from None
    if data.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        raise LedgerError("workspace_damaged", path=path, reason=f"format = {data.get('format')}")
    default = data.get("default", "")
    closed_raw = data.get("closed", {})
    if not isinstance(default, str) or (default and not is_plan_id(default)) or not isinstance(closed_raw, dict):
        raise LedgerError("workspace_damaged", path=path, reason="default/closed")
    closed = {}
    for plan_id, entry in closed_raw.items():
        if not (is_plan_id(plan_id) and isinstance(entry, dict) and isinstance(entry.get("on"), date)
                and isinstance(entry.get("note", ""), str)):
            raise LedgerError("workspace_damaged", path=path, reason=f"closed.{plan_id}")
        closed[plan_id] = Closure(entry["on"], nfc(entry.get("note", "")))
    return WorkspaceState(default, closed)
