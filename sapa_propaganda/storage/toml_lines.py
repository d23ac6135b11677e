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


# What ends a token outside strings, and inside each kind of string (or a comment, "#").
_OUTSIDE = re.compile(r"""\"\"\"|'''|["'#\[\]{}.\n]""")
_INSIDE = {'"': re.compile(r"""\\[\s\S]|["\n]"""), '"""': re.compile(r'''\\[\s\S]|"""|\n'''),
           "'": re.compile(r"['\n]"), "'''": re.compile(r"'''|\n"), "#": re.compile(r"\n")}


def deepest_line(source: str) -> int:
    """The first line where arrays, inline tables and dotted keys nest deepest: where to point
    when a document is too deep to parse (tomllib and json raise RecursionError).

    A rough scan that reads TOML and JSON alike, skipping strings and comments; it runs only
    once parsing has failed, so it costs a good file nothing."""
    depth = dots = peak = 0
    line, best, best_line = 1, -1, 1
    state: str | None = None  # the kind of string (or comment) being read
    position = 0
    while match := (_OUTSIDE if state is None else _INSIDE[state]).search(source, position):
        position, text = match.end(), match.group()
        if "\n" in text:  # a line ends (an escaped line break in a string too)
            if peak + dots > best:
                best, best_line = peak + dots, line
            line, dots, peak = line + 1, 0, depth
            if state in ('"', "'", "#"):  # these end with their line
                state = None
        elif state is not None:
            state = None if text == state else state  # else an escape, skipped
        elif text in ('"', "'", '"""', "'''", "#"):
            state = text
        elif text in "[{":
            depth += 1
            peak = max(peak, depth)
        elif text in "]}":
            depth = max(0, depth - 1)
        else:  # a dot: a dotted key nests tables too
            dots += 1
    return line if peak + dots > best else best_line
