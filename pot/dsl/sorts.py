"""Sorts (the types of the logic) and the sort names programs write."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_BITVEC_WIDTH = 512


class SortKind(StrEnum):
    BOOL = "Bool"
    INT = "Int"
    REAL = "Real"
    BITVEC = "BitVec"
    ARRAY = "Array"
    DECLARED = "Declared"  # uninterpreted (DeclareSort)
    ENUM = "Enum"


@dataclass(frozen=True, slots=True)
class Sort:
    kind: SortKind
    name: str
    width: int = 0
    domain: Sort | None = None
    range: Sort | None = None
    values: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.name

    @property
    def numeric(self) -> bool:
        """Int or Real: the sorts that mix (an Int is promoted to Real)."""
        return self.kind in (SortKind.INT, SortKind.REAL)

    @property
    def arithmetic(self) -> bool:
        """Takes + - * and orders with <: Int, Real and bit-vectors."""
        return self.kind in (SortKind.INT, SortKind.REAL, SortKind.BITVEC)


BOOL = Sort(SortKind.BOOL, "BoolSort")
INT = Sort(SortKind.INT, "IntSort")
REAL = Sort(SortKind.REAL, "RealSort")

BUILTIN_SORTS = {"BoolSort": BOOL, "IntSort": INT, "RealSort": REAL, "Bool": BOOL, "Int": INT, "Real": REAL}


def bitvec(width: int) -> Sort:
    return Sort(SortKind.BITVEC, f"BitVecSort({width})", width=width)


def array(domain: Sort, range_: Sort) -> Sort:
    return Sort(SortKind.ARRAY, f"ArraySort({domain}, {range_})", domain=domain, range=range_)


class SortError(ValueError):
    def __init__(self, message: str, hint: str | None = None, code: str = "unknown-sort"):
        super().__init__(message)
        self.hint = hint
        self.code = code


_CALL = re.compile(r"^\s*(BitVecSort|ArraySort)\s*\((.*)\)\s*$", re.S)


def split_args(text: str) -> list[str]:
    """Split 'A, ArraySort(B, C)' at top-level commas."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def sort_dependencies(text: str) -> list[str]:
    """The sort names a sort expression refers to (for ordering declarations)."""
    m = _CALL.match(text)
    if not m:
        return [text.strip()]
    if m.group(1) == "BitVecSort":
        return []
    return [dep for part in split_args(m.group(2)) for dep in sort_dependencies(part)]


def resolve_sort(text: str, named: dict[str, Sort]) -> Sort:
    """Resolve a sort expression: a name, BitVecSort(n) or ArraySort(D, R)."""
    if not isinstance(text, str) or not text.strip():
        raise SortError(f"invalid sort {text!r}", "name a declared sort or BoolSort, IntSort, RealSort")
    name = text.strip()
    if name in named:
        return named[name]
    m = _CALL.match(name)
    if m is None:
        raise SortError(f"unknown sort '{name}'", None)
    args = split_args(m.group(2))
    if m.group(1) == "BitVecSort":
        if len(args) != 1 or not args[0].isdigit():
            raise SortError(f"invalid sort '{name}'", "write BitVecSort(8) with a positive width")
        width = int(args[0])
        if not 1 <= width <= MAX_BITVEC_WIDTH:
            raise SortError(f"bit-vector width {width} is out of range", f"use a width from 1 to {MAX_BITVEC_WIDTH}",
                            "bitvec-width")
        return bitvec(width)
    if len(args) != 2:
        raise SortError(f"invalid sort '{name}'", "write ArraySort(DomainSort, RangeSort)")
    return array(resolve_sort(args[0], named), resolve_sort(args[1], named))
