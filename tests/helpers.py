"""Assertions and parsers shared by the CLI tests."""

from __future__ import annotations


def ok(result) -> str:
    """stdout of a run that must succeed quietly."""
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    assert result.stderr == ""
    return result.stdout


def fail(result, exit_code: int = 2) -> str:
    """The one-line message of a rejected command."""
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("sapa: ")
    return lines[0]


def groups_of(plain: str) -> dict[str, list[str]]:
    """Plain `duties` output (a header row, then id, section, status, updated, unit, text, due) as
    {unit id: [item ids]}, in the order printed."""
    groups: dict[str, list[str]] = {}
    for line in plain.splitlines()[1:]:
        fields = line.split("\t")
        assert len(fields) == 7, line
        groups.setdefault(fields[4], []).append(fields[0])
    return groups


def collapse(text: str) -> str:
    return " ".join(text.split())


def installed_plan(data, plan_id: str):
    """The file of the version of a workspace plan that sapa reads: `_workspace/plans/<id>/<digest>.toml`
    (or `<id>.toml`, where an earlier version of sapa installed it)."""
    from pathlib import Path

    from sapa_propaganda.storage.workspace import Workspace

    return Path(Workspace(str(data)).plan_file(plan_id))


def roster_changes(data) -> str:
    """The text of every machine's changes to the office roster (`_workspace/changes/roster.*.toml`)."""
    from pathlib import Path

    folder = Path(data) / "_workspace" / "changes"
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("roster.*.toml")))


def folder_bytes(folder) -> dict[str, bytes]:
    """Every file under `folder`, by its path inside it: to tell that nothing was written."""
    from pathlib import Path

    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}
