"""Untyped expression trees, as the grammar reads them.

Every node records the 1-based column where it starts (for diagnostics) and its
nesting depth (so deep input is refused before any recursive walk).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class Name:
    id: str
    col: int
    depth: int = 1


@dataclass(frozen=True, slots=True)
class Literal:
    value: bool | int | Fraction | str
    kind: str  # "bool", "int", "real", "str"
    col: int
    depth: int = 1


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Node, ...]
    col: int
    depth: int
    alias: str | None = None  # "and"/"or"/"not" when written Python-style
    loose: bool = False  # an unparenthesized prefix `not`: it takes in the comparison after it


@dataclass(frozen=True, slots=True)
class ListOf:
    items: tuple[Node, ...]
    col: int
    depth: int


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-", "+", "~"
    operand: Node
    col: int
    depth: int


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str  # + - * / % ** & | ^ << >>
    left: Node
    right: Node
    col: int
    depth: int


@dataclass(frozen=True, slots=True)
class Compare:
    ops: tuple[str, ...]  # more than one: a chained comparison (refused by the checker)
    operands: tuple[Node, ...]
    col: int
    depth: int


@dataclass(frozen=True, slots=True)
class Index:
    base: Node
    index: Node
    col: int
    depth: int


Node = Name | Literal | Call | ListOf | Unary | BinOp | Compare | Index
