"""Which language a program is written in: told by the caller, or by a file's extension."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path


class ProgramFormat(StrEnum):
    JSON = "json"  # the pot JSON DSL
    SMT2 = "smt2"  # an SMT-LIB 2 script


SMT2_SUFFIXES = frozenset({".smt2", ".smt", ".smtlib"})


def program_format(source: object, fmt: ProgramFormat | str | None) -> ProgramFormat:
    """`fmt` when given (a ValueError lists the choices), else SMT2 for a Path ending .smt2, else JSON."""
    if fmt is not None:
        try:
            return ProgramFormat(fmt)
        except ValueError:
            raise ValueError(f"format must be 'json' or 'smt2', not {fmt!r}") from None
    if isinstance(source, Path) and source.suffix.lower() in SMT2_SUFFIXES:
        return ProgramFormat.SMT2
    return ProgramFormat.JSON
