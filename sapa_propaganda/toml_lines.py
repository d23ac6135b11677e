"""Find the line of a key in TOML source, because tomllib does not say where values came from.

Best effort by design: it reads table headers and `key =` lines, skipping multi-line strings,
and maps paths like ("units", 2, "parent") to line numbers.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
# A bare or quoted key, possibly dotted; a string inside a multi-line array ("end = …",) is not a key.
_KEY_PART = r"""(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")


def _split_dotted(text: str) -> list[str]:
    return [part.strip().strip("\"'") for part in text.split(".")]


def key_lines(source: str) -> dict[Path, int]:
    lines: dict[Path, int] = {}
    current_index: dict[Path, int] = {}
    table: Path = ()
    in_multiline: str | None = None
    for number, raw in enumerate(source.splitlines(), start=1):
        if in_multiline:
            if raw.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        header = _HEADER.match(raw)
        if header and not raw.lstrip().startswith("[ "):
            is_array = header.group(1) == "[["
            names = _split_dotted(header.group(2))
            resolved: list[str | int] = []
            for position, name in enumerate(names):
                resolved.append(name)
                key = tuple(resolved)
                last = position == len(names) - 1
                if last and is_array:
                    current_index[key] = current_index.get(key, -1) + 1
                    resolved.append(current_index[key])
                elif not last and key in current_index:
                    resolved.append(current_index[key])
            table = tuple(resolved)
            lines.setdefault(table, number)
            continue
        assignment = _KEY.match(raw)
        if assignment:
            path = table + tuple(_split_dotted(assignment.group(1)))
            lines.setdefault(path, number)
            rest = raw[assignment.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_multiline = quote
    return lines


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of `path`, or of the nearest enclosing table that has one; 0 if unknown."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 0


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text
