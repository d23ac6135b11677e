"""Records as plain values and back, with every value's type checked on the way back.

Caches hold only what marshal can write: tuples, lists, dicts, strings, numbers, None. A
record becomes the tuple of its field values; a date its ordinal. Reading one back checks each
value against the field's declared annotation, so a cache file of the wrong shape (damaged,
stale, or planted) raises ValueError instead of handing the program something it did not make.
The annotations are the record classes' own, so a new field needs nothing here.
"""

from __future__ import annotations

import sys
from datetime import date

from ..core.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    # encode one value, decode one value, decode a list of values (a column) at once
    Codec = tuple[Callable[[Any], Any], Callable[[Any], Any], Callable[[list[Any]], list[Any]]]

_FIRST_DAY, _LAST_DAY = date(1900, 1, 1).toordinal(), date(2200, 12, 31).toordinal()
_codecs: dict[type, Codec] = {}
_field_codecs: dict[type, list[Codec]] = {}


def encode(record: Record) -> Any:
    return _record_codec(type(record))[0](record)


def _each(dec: Callable[[Any], Any]) -> Callable[[list[Any]], list[Any]]:
    return lambda column: [dec(value) for value in column]


def decode(cls: type[Record], plain: Any) -> Any:
    """Raises ValueError (or TypeError) if `plain` is not what `encode` makes of a `cls`."""
    return _record_codec(cls)[1](plain)


def _fail(_value: Any = None) -> Any:
    raise ValueError("wrong shape")


def _exact(kind: type) -> Codec:
    def check(value: Any) -> Any:
        return value if type(value) is kind else _fail()

    def check_column(column: list[Any]) -> list[Any]:
        return column if set(map(type, column)) <= {kind} else _fail()

    return (lambda value: value), check, check_column


def _date() -> Codec:
    def check(value: Any) -> date:
        if type(value) is not int or not _FIRST_DAY <= value <= _LAST_DAY:
            _fail()
        return date.fromordinal(value)

    def check_column(column: list[Any]) -> list[date]:
        if column and not (set(map(type, column)) <= {int} and _FIRST_DAY <= min(column) and max(column) <= _LAST_DAY):
            _fail()
        return list(map(date.fromordinal, column))

    return (lambda value: value.toordinal()), check, check_column


def _optional(inner: Codec) -> Codec:
    enc, dec, dec_column = inner

    def check_column(column: list[Any]) -> list[Any]:
        present = iter(dec_column([v for v in column if v is not None]))
        return [None if v is None else next(present) for v in column]

    def check(value: Any) -> Any:
        return None if value is None else dec(value)

    return (lambda value: None if value is None else enc(value)), check, check_column


def _sequence(inner: Codec, kind: type) -> Codec:
    enc, dec, dec_column = inner

    def check(value: Any) -> Any:
        if type(value) is not kind:
            _fail()
        return kind(dec_column(list(value)))

    def check_column(column: list[Any]) -> list[Any]:
        # All the sequences' values in one pass; when they need no conversion (strings, say), as
        # they are: a plan's items each carry a tuple of unit ids.
        if not set(map(type, column)) <= {kind}:
            _fail()
        values = [v for sequence in column for v in sequence]
        if dec_column(values) is values:
            return column
        return [check(value) for value in column]

    return (lambda value: kind(enc(v) for v in value)), check, check_column


def _records(cls: type[Record], kind: type) -> Codec:
    """A sequence of records, kept as one column per field: checked a column at a time, which for
    plain fields is a pass in C rather than a Python call per value (a plan has thousands of items)."""
    _record_codec(cls)
    fields = _field_codecs[cls]
    names = cls._fields

    def enc(records: Any) -> list[Any]:
        rows = [record.__dict__ for record in records]
        return [[field[0](row[name]) for row in rows] for field, name in zip(fields, names, strict=True)]

    def dec(columns: Any) -> Any:
        if type(columns) is not list or len(columns) != len(names) or not all(type(c) is list for c in columns):
            _fail()
        if len({len(c) for c in columns}) > 1:
            _fail()
        decoded = [field[2](column) for field, column in zip(fields, columns, strict=True)]
        return kind(cls(*row) for row in zip(*decoded, strict=True))

    return enc, dec, _each(dec)


def _mapping(keys: Codec, values: Codec) -> Codec:
    (enc_key, dec_key, _k), (enc_value, dec_value, _v) = keys, values

    def check(value: Any) -> Any:
        if type(value) is not dict:
            _fail()
        return {dec_key(k): dec_value(v) for k, v in value.items()}

    return (lambda value: {enc_key(k): enc_value(v) for k, v in value.items()}), check, _each(check)


def _split(text: str) -> list[str]:
    """Split on top-level commas: "str, tuple[int, str]" -> ["str", "tuple[int, str]"]."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        depth += {"[": 1, "]": -1}.get(char, 0)
        current += char
    parts.append(current.strip())
    return parts


def _type_codec(annotation: str, namespace: dict[str, Any]) -> Codec:
    annotation = annotation.split("#")[0].strip()
    options = [part.strip() for part in annotation.split("|")] if "[" not in annotation else [annotation]
    if "[" in annotation and annotation.endswith("None") and "|" in annotation:
        options = [annotation.rsplit("|", 1)[0].strip(), "None"]
    if "None" in options and len(options) == 2:
        return _optional(_type_codec(next(o for o in options if o != "None"), namespace))
    if len(options) != 1:
        raise TypeError(f"no codec for {annotation!r}")
    name = options[0]
    simple = {"str": str, "int": int, "bool": bool}
    if name in simple:
        return _exact(simple[name])
    if name == "date":
        return _date()
    if name.startswith(("tuple[", "list[")) and name.endswith("]"):
        inner = _split(name[name.index("[") + 1:-1])
        kind = tuple if name.startswith("tuple") else list
        if len(inner) == 2 and inner[1] == "...":
            inner = inner[:1]
        if len(inner) != 1:
            raise TypeError(f"no codec for {annotation!r}")
        element = namespace.get(inner[0])
        if isinstance(element, type) and issubclass(element, Record):
            return _records(element, kind)
        return _sequence(_type_codec(inner[0], namespace), kind)
    if name.startswith("dict[") and name.endswith("]"):
        key, value = _split(name[5:-1])
        return _mapping(_type_codec(key, namespace), _type_codec(value, namespace))
    found = namespace.get(name)
    if isinstance(found, type) and issubclass(found, Record):
        return _record_codec(found)
    raise TypeError(f"no codec for {annotation!r}")


def _record_codec(cls: type[Record]) -> Codec:
    known = _codecs.get(cls)
    if known is not None:
        return known
    # Filled in below; a placeholder first, so that a record that contains its own kind terminates.
    fields: list[Codec] = []
    count = len(cls._fields)

    def enc(record: Any) -> tuple[Any, ...]:
        values = record.__dict__
        return tuple(codec[0](values[name]) for codec, name in zip(fields, cls._fields, strict=True))

    def dec(plain: Any) -> Any:
        if type(plain) is not tuple or len(plain) != count:
            _fail()
        return cls(*[codec[1](value) for codec, value in zip(fields, plain, strict=True)])

    _codecs[cls] = (enc, dec, _each(dec))
    _field_codecs[cls] = fields
    namespace = vars(sys.modules[cls.__module__])
    annotations = {}
    for klass in reversed(cls.__mro__):
        annotations.update(klass.__dict__.get("__annotations__", {}))
    fields.extend(_type_codec(str(annotations[name]), namespace) for name in cls._fields)
    return _codecs[cls]
