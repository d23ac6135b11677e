"""The office's workspace: the plans it follows, kept in the data folder beside their ledgers.

    DATA/_workspace/plans/<plan id>/<version>.toml   each version of a plan `sapa plan add` installed,
                                                     named by its content, never rewritten
    DATA/_workspace/changes/plans.<origin>.toml      each machine's changes: a plan added (which
                                                     version), removed, closed, reopened, made the default
    DATA/_workspace/plans/<plan id>.toml             a plan as earlier versions installed it
    DATA/_workspace/workspace.toml                   closed plans and the default, as earlier versions kept them

Nothing here is rewritten by two machines (storage.journal): the files of earlier versions are
read as the state the changes start from, and never written again. Two machines that install
different versions of one plan both keep theirs; the one installed later is read, and the other
is named (`rivals`), so that the clerk can choose. A version's file is named by a digest of its
bytes: two machines installing the same version write the same file, which git and sync tools
take as one.

`_workspace` can never be a plan's id (ids start with a letter or digit), so it never collides
with a ledger folder. The data folder is shared: a plan file is read as TOML only, never followed
through a link, and only by a name made of a valid plan id and a version's digest, so nothing
read here escapes the folder.
"""

from __future__ import annotations

import os

from ..core.datetime_types import date, datetime
from ..core.model import is_plan_id
from ..core.record import Factory, Record
from ..errors import LedgerError, UsageError
from .journal import WORKSPACE as FOLDER
from .safe_files import open_regular

# tomllib, the journal and the text helpers load only when the workspace's state is read or written.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .journal import Change

STATE_FILE = "workspace.toml"
# The office's other shared files here: its roster (storage.roster), with its changes under its
# topic, and its calendar (storage.calendar_file). Their names are here, and how each plan finds
# them, so that a command that only checks for them loads neither module.
ROSTER_FILE = "roster.toml"
ROSTER_TOPIC = "roster"
CALENDAR_FILE = "calendar.toml"
FORMAT_VERSION = 1
TOPIC = "plans"
VERSION_LENGTH = 24  # hex digits of the digest that names a version's file
# The changes `sapa plan …` records (storage.journal).
CHANGE_KINDS = {
    "added": {"plan": "id", "version": "str", "replaces": "str", "source": "str"},
    "removed": {"plan": "id"},
    "closed": {"plan": "id", "on": "date", "note": "str"},
    "reopened": {"plan": "id"},
    "default": {"plan": "str"},
}


def check_folders(data_dir: str) -> None:
    """The workspace's folders are real folders of the data folder: a link planted in their place
    (by a sync tool or a person) would lead every read and write elsewhere."""
    for folder in (os.path.join(data_dir, FOLDER), os.path.join(data_dir, FOLDER, "plans")):
        if os.path.islink(folder):
            raise LedgerError("workspace_link", path=folder)


def roster_sources(data_dir: str) -> tuple[str, ...]:
    """The files the roster is made of: roster.toml (as earlier versions wrote it), if there is
    one, and every machine's changes to it. Empty: the office has no roster."""
    from . import journal

    check_folders(data_dir)
    base = os.path.join(data_dir, FOLDER, ROSTER_FILE)
    return ((base,) if os.path.lexists(base) else ()) + tuple(journal.topic_files(data_dir, ROSTER_TOPIC))


def calendar_path(data_dir: str) -> str:
    """The office's calendar.toml, there or not."""
    return os.path.join(data_dir, FOLDER, CALENDAR_FILE)


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
    """Which plans are closed, and the default one."""

    default: str = ""  # `sapa plan use`
    closed: dict[str, Closure] = Factory(default_factory=dict)


class Installed(Record):
    """One version of a plan installed on some machine: its digest ("" for the file of an earlier
    version of sapa), when, from which file, and the version it replaced there."""

    version: str
    recorded: datetime | None = None
    source: str = ""
    replaces: str = ""


class _View(Record):
    """The workspace as the files of earlier versions and every machine's changes make it."""

    state: WorkspaceState
    versions: dict[str, Installed]  # each plan present -> the version read
    rivals: dict[str, list[Installed]]  # a plan -> versions installed alongside the one read


class Workspace:
    def __init__(self, data_dir: str):
        self.data_dir = data_dir
        self.folder = os.path.join(data_dir, FOLDER)
        self.plans_folder = os.path.join(self.folder, "plans")
        self.state_path = os.path.join(self.folder, STATE_FILE)
        self._view: _View | None = None  # read once per command: a command changes at most one
        # The roster's files (roster_sources), found once per command for every plan.
        self.roster_sources: tuple[str, ...] | None = None

    # ---- reading ----------------------------------------------------------------------------

    def plan_ids(self) -> list[str]:
        """The plans added, by id, sorted; a stray file whose name is no plan id is ignored. A link
        planted in the folder is listed, so that reading it is refused aloud (Settings.plan)."""
        return sorted(self._read().versions)

    def plan_file(self, plan_id: str) -> str:
        """The file of the version of the plan that is read."""
        if not is_plan_id(plan_id):
            raise UsageError("workspace_bad_id", id=plan_id)
        installed = self._read().versions.get(plan_id)
        if installed is None or not installed.version:
            return os.path.join(self.plans_folder, plan_id + ".toml")
        return self.version_file(plan_id, installed.version)

    def version_file(self, plan_id: str, version: str) -> str:
        """Where a version of the plan is kept in the data folder (every machine has it once synced)."""
        folder = os.path.join(self.plans_folder, plan_id)
        if os.path.islink(folder):
            raise LedgerError("workspace_link", path=folder)
        return os.path.join(folder, version + ".toml")

    def has(self, plan_id: str) -> bool:
        return is_plan_id(plan_id) and plan_id in self._read().versions

    def state(self) -> WorkspaceState:
        return self._read().state

    def rivals(self, plan_id: str) -> list[Installed]:
        """Versions of the plan installed on other machines alongside the one read (each replacing
        the same version, neither knowing of the other): named, so that the clerk can choose."""
        return self._read().rivals.get(plan_id, [])

    def installed(self, plan_id: str) -> Installed | None:
        return self._read().versions.get(plan_id)

    def active_ids(self) -> list[str]:
        closed = self.state().closed
        return [i for i in self.plan_ids() if i not in closed]

    def _read(self) -> _View:
        if self._view is None:
            from . import journal

            check_folders(self.data_dir)
            changes = journal.read_changes(self.data_dir, TOPIC, CHANGE_KINDS)
            listed = self._plans_listed()
            self._view = self._fold(self._read_state(), self._legacy_ids(listed), changes, listed)
        return self._view

    def _plans_listed(self) -> dict[str, bool]:
        """The names in the plans' folder, each with whether it is a link: one listing, where asking
        of each plan in turn would cost an office of a hundred plans two hundred calls more."""
        try:
            with os.scandir(self.plans_folder) as entries:
                return {e.name: e.is_symlink() for e in entries}
        except OSError:
            return {}

    def _legacy_ids(self, listed: dict[str, bool]) -> list[str]:
        return sorted(name[:-5] for name in listed if name.endswith(".toml") and is_plan_id(name[:-5]))

    def _read_state(self) -> WorkspaceState:
        try:
            raw = open_regular(self.state_path)
        except FileNotFoundError:
            return WorkspaceState()
        except OSError as err:
            raise UsageError("workspace_unreadable", path=self.state_path, reason=err.strerror or str(err)) from None
        return _parse_state(raw, self.state_path)

    def _fold(self, base: WorkspaceState, legacy: list[str], changes: list[Change], listed: dict[str, bool]) -> _View:
        """The workspace after every change, in order, from what earlier versions left. A plan reads
        the latest version installed since it was last removed whose file is here (one whose change
        came first by sync waits for its file); those installed beside it, replacing the same
        version, are its rivals. `listed`: the plans' folder (`_plans_listed`)."""
        default, closed = base.default, dict(base.closed)
        present = set(legacy)  # the plans installed by an earlier version of sapa, and not removed since
        added: dict[str, list[Installed]] = {}  # each plan's versions installed since it was last removed
        for change in changes:
            kind, fields, plan_id = change.kind, change.fields, str(change.fields.get("plan", ""))
            if kind == "added":
                version = str(fields.get("version", ""))
                if len(version) == VERSION_LENGTH and all(c in "0123456789abcdef" for c in version):
                    added.setdefault(plan_id, []).append(Installed(version, change.recorded,
                                                                   str(fields.get("source", "")),
                                                                   str(fields.get("replaces", ""))))
            elif kind == "removed":
                added.pop(plan_id, None)
                present.discard(plan_id)
                closed.pop(plan_id, None)
                default = "" if default == plan_id else default
            elif kind == "closed":
                closed[plan_id] = Closure(fields["on"], str(fields.get("note", "")))  # type: ignore[arg-type]
            elif kind == "reopened":
                closed.pop(plan_id, None)
            elif kind == "default" and (not plan_id or is_plan_id(plan_id)):
                default = plan_id
        versions = {plan_id: Installed("") for plan_id in present}
        rivals = {}
        for plan_id, installed in added.items():
            if listed.get(plan_id):  # a link in a plan's folder's place: version_file refuses it, named
                self.version_file(plan_id, installed[-1].version)
            read = next((i for i in reversed(installed) if plan_id in listed
                         and os.path.isfile(os.path.join(self.plans_folder, plan_id, i.version + ".toml"))), None)
            if read is None:
                continue
            versions[plan_id] = read
            others = [i for i in installed if i.replaces == read.replaces and i.version != read.version]
            if others:
                rivals[plan_id] = others
        return _View(WorkspaceState(default, closed), versions, rivals)

    # ---- changing ---------------------------------------------------------------------------

    def add(self, source: bytes, plan_id: str, replace: bool, source_name: str = "") -> str:
        """Install a validated plan's bytes under its id, as a version of its own; returns the
        file written."""
        from ..cache.derived_cache import content_digest
        from .safe_files import write_atomically

        if not is_plan_id(plan_id):
            raise UsageError("workspace_bad_id", id=plan_id)
        exists = self.has(plan_id)
        if exists and not replace:
            raise UsageError("workspace_plan_exists", id=plan_id)
        if not exists and replace:
            raise UsageError("workspace_no_plan", id=plan_id, known=", ".join(self.plan_ids()) or "—")
        before = self.installed(plan_id)
        version = content_digest(source)[:VERSION_LENGTH]
        target = self.version_file(plan_id, version)
        if not (os.path.isfile(target) and not os.path.islink(target) and open_regular(target) == source):
            try:
                write_atomically(target, source)
            except OSError as err:
                raise LedgerError("office_unwritable", path=target, reason=err.strerror or str(err)) from None
        self._record("added", plan=plan_id, version=version, replaces=before.version if before else "",
                     source=source_name)
        return target

    def remove(self, plan_id: str) -> None:
        self.require(plan_id)
        self._record("removed", plan=plan_id)

    def close(self, plan_id: str, on: date, note: str) -> None:
        self.require(plan_id)
        self._record("closed", plan=plan_id, on=on, note=note)

    def reopen(self, plan_id: str) -> None:
        self.require(plan_id)
        if plan_id not in self.state().closed:
            raise UsageError("workspace_not_closed", id=plan_id)
        self._record("reopened", plan=plan_id)

    def use(self, plan_id: str) -> None:
        self.require(plan_id)
        self._record("default", plan=plan_id)

    def clear_default(self) -> None:
        self._record("default", plan="")

    def require(self, plan_id: str) -> None:
        if not self.has(plan_id):
            from ..core.text import close_matches

            known = self.plan_ids()
            raise UsageError("workspace_no_plan", id=plan_id,
                             known=", ".join(close_matches(plan_id, known) or known) or "—")

    def _record(self, kind: str, **fields: object) -> None:
        from ..clock import now
        from . import journal

        check_folders(self.data_dir)
        journal.append_changes(self.data_dir, TOPIC, [journal.new_change(now(), kind, **fields)])
        self._view = None
        for folder in (self.folder, self.plans_folder, *(os.path.join(self.plans_folder, i) for i in self.plan_ids())):
            journal.remove_strays(folder)  # left by a process killed mid-write, here or elsewhere


def _parse_state(raw: bytes, path: str) -> WorkspaceState:
    """workspace.toml, checked: anything unexpected is named, never guessed at."""
    import tomllib

    from ..core.text import nfc

    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as err:  # nested too deep: RecursionError
        raise LedgerError("workspace_damaged", path=path, reason=str(err)[:200] or "nested too deep") from None
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
