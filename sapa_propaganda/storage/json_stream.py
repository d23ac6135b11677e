"""A JSON document read a value at a time from a file, never held whole (an export of 100 MB is
several times that as Python objects). Made of the standard library's decoder (`raw_decode` on a
window of the text), so each value means exactly what `json.loads` makes of it; the reader only
walks the outer object and arrays that the caller asks to walk.

Anything that is not JSON raises `NotJson`; the caller decides what that means (`sapa import`
then reads the file whole, as it always did, to say what is wrong with it).
"""

from __future__ import annotations

import codecs
import json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import IO, Any

_WHITESPACE = " \t\n\r"
_READ = 1 << 20  # bytes read at a time


class NotJson(ValueError):
    """The text is not JSON (or not the shape walked)."""


class JsonStream:
    """The text of a binary file, decoded as UTF-8 (a byte order mark skipped, as json.loads of
    the text decoded "utf-8-sig" skips it), read as far as the values asked for need; `digest`
    is of every byte read, for the caller to tell that a second reading read the same file."""

    def __init__(self, handle: IO[bytes]):
        import hashlib

        self._handle = handle
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._json = json.JSONDecoder()
        self._text = ""
        self._at = 0
        self._ended = False
        self.digest = hashlib.blake2b(digest_size=16)

    def _more(self) -> bool:
        """Read on; False at the end of the file."""
        if self._ended:
            return False
        raw = self._handle.read(_READ)
        self.digest.update(raw)
        self._ended = not raw
        try:
            text = self._decoder.decode(raw, final=self._ended)
        except UnicodeDecodeError as err:
            raise NotJson(str(err)) from None
        self._text = self._text[self._at:] + text
        self._at = 0
        return True

    def _next_char(self) -> str:
        """The next character that is not whitespace, left unread; "" at the end."""
        while True:
            text, at = self._text, self._at
            while at < len(text) and text[at] in _WHITESPACE:
                at += 1
            self._at = at
            if at < len(text):
                return text[at]
            if not self._more():
                return ""

    def _take(self, char: str) -> None:
        if self._next_char() != char:
            raise NotJson(f"expected {char!r}")
        self._at += 1

    def value(self) -> Any:
        """The next value, whole, as json.loads gives it. One that reaches the end of what is read
        is decoded again with more text: a number may go on in the next part."""
        if not self._next_char():
            raise NotJson("expected a value")
        while True:
            try:
                found, end = self._json.raw_decode(self._text, self._at)
            except json.JSONDecodeError as err:
                if self._more():
                    continue
                raise NotJson(str(err)) from None
            if end == len(self._text) and self._more():
                continue
            self._at = end
            return found

    def members(self) -> Iterator[str]:
        """The keys of the object that comes next, one at a time: after each, the caller reads its
        value (`value`, or `elements` to walk an array)."""
        self._take("{")
        if self._next_char() == "}":
            self._at += 1
            return
        while True:
            if self._next_char() != '"':
                raise NotJson("expected a key")
            key = self.value()
            self._take(":")
            yield key
            char = self._next_char()
            self._at += 1
            if char == "}":
                return
            if char != ",":
                raise NotJson("expected ',' or '}'")

    def elements(self) -> Iterator[None]:
        """Walk the array that comes next: the caller reads each element when given the turn."""
        self._take("[")
        if self._next_char() == "]":
            self._at += 1
            return
        while True:
            yield None
            char = self._next_char()
            self._at += 1
            if char == "]":
                return
            if char != ",":
                raise NotJson("expected ',' or ']'")

    def at_array(self) -> bool:
        """Whether the value that comes next is an array."""
        return self._next_char() == "["

    def end(self) -> None:
        """Nothing but whitespace may follow the document, as json.loads has it."""
        if self._next_char():
            raise NotJson("extra data")
