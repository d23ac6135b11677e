"""Immutable records: what a frozen dataclass gives, made without `exec` or `inspect`.

`dataclasses` builds each class by compiling generated source, and imports `inspect` to do so;
across the model that cost more start-up time than Python itself takes to start, on commands
that cron runs every day. A record declares its fields as annotations with optional defaults:

    class Unit(Record):
        id: str
        name: str
        aliases: tuple[str, ...] = ()

and gets a keyword-or-positional __init__, __repr__, __eq__ and __hash__, and refuses
attribute assignment. `Factory(default_factory=list)` gives each instance its own
list; `class Period(Record, order=True)` adds ordering by field values.
"""

from __future__ import annotations

_MISSING = object()


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]):
        self.make = make


def Factory(*, default_factory: Callable[[], T]) -> T:  # noqa: N802 - reads like a field spec
    """A default made fresh for every instance, like dataclasses.field(default_factory=...)."""
    return _Factory(default_factory)  # type: ignore[return-value]


# Type checkers learn the generated __init__ from dataclass_transform; at run time it is a no-op
# (importing typing for it would cost the start-up time that this module exists to save).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar, dataclass_transform

    T = TypeVar("T")
    R = TypeVar("R", bound="Record")
else:
    def dataclass_transform(**_options):
        return lambda cls: cls


def _less(a: Record, b: Record) -> bool:
    return a._values() < b._values()  # type: ignore[operator]


@dataclass_transform(eq_default=True, frozen_default=True, field_specifiers=(Factory,))
class Record:
    _fields: tuple[str, ...] = ()
    _defaults: dict[str, object] = {}
    _post_init = False

    def __init_subclass__(cls, order: bool = False) -> None:
        super().__init_subclass__()
        if order:  # `class Period(Record, order=True)`: compare by field values, in field order
            cls.__lt__ = _less  # type: ignore[method-assign,assignment,operator]
            cls.__le__ = lambda a, b: not _less(b, a)  # type: ignore[method-assign,assignment,operator]
            cls.__gt__ = lambda a, b: _less(b, a)  # type: ignore[method-assign,assignment,operator]
            cls.__ge__ = lambda a, b: not _less(a, b)  # type: ignore[method-assign,assignment,operator]
        fields = list(cls._fields)
        defaults = dict(cls._defaults)
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():
            if name.startswith("_") or "ClassVar" in str(annotation):
                continue
            if name not in fields:
                fields.append(name)
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
                delattr(cls, name)  # the instance always holds the value
        cls._fields = tuple(fields)
        cls._defaults = defaults
        cls._post_init = hasattr(cls, "__post_init__")

    def __init__(self, *args: object, **kwargs: object) -> None:
        fields = self._fields
        if not kwargs and len(args) == len(fields):  # the common case, kept short: it runs per row
            self.__dict__.update(zip(fields, args, strict=False))
            if self._post_init:
                self.__post_init__()  # type: ignore[attr-defined]
            return
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__} takes {len(fields)} arguments, got {len(args)}")
        values = dict(zip(fields, args, strict=False))
        for name, value in kwargs.items():
            if name not in fields:
                raise TypeError(f"{type(self).__name__} has no field {name!r}")
            if name in values:
                raise TypeError(f"{type(self).__name__} got {name!r} twice")
            values[name] = value
        for name in fields:
            if name not in values:
                default = self._defaults.get(name, _MISSING)
                if default is _MISSING:
                    raise TypeError(f"{type(self).__name__} needs {name!r}")
                values[name] = default.make() if isinstance(default, _Factory) else default
        self.__dict__.update(values)
        if self._post_init:
            self.__post_init__()  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def replace(self: R, **changes: object) -> R:
        """A copy with the fields named changed, as dataclasses.replace gives."""
        return type(self)(**{**{name: self.__dict__[name] for name in self._fields}, **changes})

    def _values(self) -> tuple[object, ...]:
        return tuple(self.__dict__[name] for name in self._fields)

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={self.__dict__[name]!r}" for name in self._fields)
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))
