"""Immutable value classes, as frozen slotted dataclasses are, without their start-up cost.

`@dataclass(frozen=True, slots=True)` writes the source of seven methods per class and
compiles each when its module is imported, then builds the class twice: about 1 ms a
class, and the AST, the IR and the parse stage have twenty-one, a tenth of a cold `pot verify`. A `Frozen`
subclass annotates its fields (in order) and lists them in `__slots__`, and writes its
`__init__` (plain code, compiled once into the .pyc); equality, hashing, repr, copying and
refusal to change come from here, with the dataclass's meaning: equal when of the same
class with equal fields.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from operator import attrgetter
from typing import Any, ClassVar

init_field = object.__setattr__
"""What a subclass's `__init__` sets each field with (its own `__setattr__` refuses)."""


class Frozen:
    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]]  # in the order they are annotated
    _values: ClassVar[attrgetter[Any]]  # the fields' values: a tuple, or the value of a single field

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        annotations: dict[str, object] = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (inspect: 15 ms)
        fields = tuple(name for name, kind in annotations.items() if not str(kind).startswith("ClassVar"))
        if not fields or set(fields) != set(cls.__dict__.get("__slots__", ())):
            raise TypeError(f"{cls.__name__}: __slots__ must list the annotated fields {fields}")
        cls._fields = fields
        cls._values = attrgetter(*fields)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(self._values(self) == self._values(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self._fields)})"

    def __reduce__(self) -> tuple[type, tuple]:
        return type(self), tuple(getattr(self, n) for n in self._fields)
