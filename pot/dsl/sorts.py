"""Sorts (the types of the logic) and the sort names programs write."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_BITVEC_WIDTH = 512
MAX_SORT_DEPTH = 64
"""Arrays nested in a sort, through names or written out; past it a sort is refused."""
MAX_SORT_SIZE = 256
"""Sorts in a sort written out (ArraySort(IntSort, IntSort) has 3); past it a sort is refused.

Bounded so that a sort's name, hash and comparison stay small: a chain of sorts each
an array of the one before twice doubles the written-out sort at every step."""


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
    depth: int = 0  # arrays nested inside, this one included
    size: int = 1  # sorts in it, written out

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
    depth, size = 1 + max(domain.depth, range_.depth), 1 + domain.size + range_.size
    if depth > MAX_SORT_DEPTH:
        raise SortError(f"the sort nests {depth} arrays deep (limit {MAX_SORT_DEPTH})",
                        "use a function of several arguments instead of arrays of arrays", "sort-too-deep")
    if size > MAX_SORT_SIZE:
        raise SortError(f"the sort is too large written out ({size} sorts, limit {MAX_SORT_SIZE})",
                        "use a function of several arguments instead of arrays of arrays", "sort-too-deep")
    return Sort(SortKind.ARRAY, f"ArraySort({domain}, {range_})", domain=domain, range=range_, depth=depth,
                size=size)


class SortError(ValueError):
    def __init__(self, message: str, hint: str | None = None, code: str = "unknown-sort"):
        super().__init__(message)
        self.hint = hint
        self.code = code


_CALL = re.compile(r"^\s*(BitVecSort|ArraySort)\s*\((.*)\)\s*$", re.S)
_WIDTH = re.compile(r"[0-9]{1,6}\Z")  # ASCII digits only: str.isdigit() accepts '²'


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


def _nesting(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth -= 1
    return deepest


def sort_dependencies(text: str) -> list[str]:
    """The sort names a sort expression refers to (for ordering declarations)."""
    if _nesting(text) > MAX_SORT_DEPTH:
        return []  # refused when it is resolved
    m = _CALL.match(text)
    if not m:
        return [text.strip()]
    if m.group(1) == "BitVecSort":
        return []
    return [dep for part in split_args(m.group(2)) for dep in sort_dependencies(part)]


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def resolve_sort(text: str, named: dict[str, Sort]) -> Sort:
    """Resolve a sort expression: a name, BitVecSort(n) or ArraySort(D, R)."""
    if not isinstance(text, str) or not text.strip():
        raise SortError(f"invalid sort {text!r}", "name a declared sort or BoolSort, IntSort, RealSort")
    name = text.strip()
    if name in named:
        return named[name]
    nesting = _nesting(name)
    if nesting > MAX_SORT_DEPTH:  # checked before recursing: each level would rescan the text
        raise SortError(f"the sort '{_short(name)}' nests {nesting} levels deep (limit {MAX_SORT_DEPTH})",
                        "use a function of several arguments instead of arrays of arrays", "sort-too-deep")
    m = _CALL.match(name)
    if m is None:
        raise SortError(f"unknown sort '{_short(name)}'", None)
    args = split_args(m.group(2))
    if m.group(1) == "BitVecSort":
        if len(args) != 1 or not _WIDTH.match(args[0]):
            raise SortError(f"invalid sort '{_short(name)}'",
                            f"write BitVecSort(8) with a width from 1 to {MAX_BITVEC_WIDTH} in digits 0-9")
        width = int(args[0])
        if not 1 <= width <= MAX_BITVEC_WIDTH:
            raise SortError(f"bit-vector width {width} is out of range", f"use a width from 1 to {MAX_BITVEC_WIDTH}",
                            "bitvec-width")
        return bitvec(width)
    if len(args) != 2:
        raise SortError(f"invalid sort '{_short(name)}'", "write ArraySort(DomainSort, RangeSort)")
    return array(resolve_sort(args[0], named), resolve_sort(args[1], named))
