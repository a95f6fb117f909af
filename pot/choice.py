"""Enums of the options users name in text (a CLI flag, a keyword argument, a JSON field)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self


class Choice(StrEnum):
    """A StrEnum read from user text by `parse`, whose error names the option and its choices.

    Subclasses name their option: `class Semantics(Choice, option="semantics")`."""

    _option: str

    def __init_subclass__(cls, *, option: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._option = option

    @classmethod
    def parse(cls, value: object) -> Self:
        """The member named by `value`, or a ValueError that lists the choices."""
        if isinstance(value, str) and value in cls._value2member_map_:
            return cls(value)
        choices = ", ".join(repr(member.value) for member in cls)
        raise ValueError(f"{cls._option} must be one of {choices}, not {value!r}")
