"""Immutable records: what a frozen dataclass gives, made without `exec` or `inspect`.

`dataclasses` builds each class by compiling generated source, and imports `inspect` to do so;
across the model that cost more start-up time than Python itself takes to start, on commands
that cron runs every day. A record declares its fields as annotations with optional defaults:

    class Unit(Record):
        id: str
        name: str
        aliases: tuple[str, ...] = ()

and gets a keyword-or-positional __init__, __repr__, __eq__, __hash__ and ordering by field
values, and refuses attribute assignment. `Factory(list)` gives each instance its own list.
"""

from __future__ import annotations

_MISSING = object()


class Factory:
    """A default made fresh for every instance, like dataclasses.field(default_factory=...)."""

    __slots__ = ("make",)

    def __init__(self, make: object):
        self.make = make


class Record:
    _fields: tuple[str, ...] = ()
    _defaults: dict[str, object] = {}
    _post_init = False

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
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
                values[name] = default.make() if isinstance(default, Factory) else default  # type: ignore[operator]
        self.__dict__.update(values)
        if self._post_init:
            self.__post_init__()  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

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

    def __lt__(self, other: Record) -> bool:
        return self._values() < other._values()

    def __le__(self, other: Record) -> bool:
        return self._values() <= other._values()

    def __gt__(self, other: Record) -> bool:
        return self._values() > other._values()

    def __ge__(self, other: Record) -> bool:
        return self._values() >= other._values()

    def _set(self, name: str, value: object) -> None:
        """For __post_init__ only: fill a derived attribute once."""
        self.__dict__[name] = value
