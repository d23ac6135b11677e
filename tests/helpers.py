"""Assertions and parsers shared by the CLI tests."""

from __future__ import annotations

import re

UNIT_HEADER = re.compile(r"^== (?P<title>.*) \((?P<unit>[a-z0-9-]+)\) ==$")


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
    """Plain `duties` output as {unit id: [item ids]}, in the order printed."""
    groups: dict[str, list[str]] = {}
    current = None
    for line in plain.splitlines():
        header = UNIT_HEADER.match(line)
        if header:
            current = groups.setdefault(header["unit"], [])
        elif line.strip():
            assert current is not None, line
            current.append(line.split("\t")[0])
    return groups


def collapse(text: str) -> str:
    return " ".join(text.split())
