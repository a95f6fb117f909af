"""Untyped expression trees, as the grammar reads them.

Every node records the 1-based column where it starts (for diagnostics) and its
nesting depth (so deep input is refused before any recursive walk). Nodes are
immutable (`pot.frozen`): the parse cache shares them between programs.
"""

from __future__ import annotations

from fractions import Fraction

from pot.frozen import Frozen, init_field


class Name(Frozen):
    __slots__ = ("col", "depth", "id")
    id: str
    col: int
    depth: int

    def __init__(self, id: str, col: int, depth: int = 1) -> None:
        init_field(self, "id", id)
        init_field(self, "col", col)
        init_field(self, "depth", depth)


class Literal(Frozen):
    __slots__ = ("col", "depth", "kind", "value")
    value: bool | int | Fraction | str
    kind: str  # "bool", "int", "real", "str"
    col: int
    depth: int

    def __init__(self, value: bool | int | Fraction | str, kind: str, col: int, depth: int = 1) -> None:
        init_field(self, "value", value)
        init_field(self, "kind", kind)
        init_field(self, "col", col)
        init_field(self, "depth", depth)


class Call(Frozen):
    __slots__ = ("alias", "args", "col", "depth", "func", "loose")
    func: str
    args: tuple[Node, ...]
    col: int
    depth: int
    alias: str | None  # "and"/"or"/"not" when written Python-style
    loose: bool  # an unparenthesized prefix `not`: it takes in the comparison after it

    def __init__(self, func: str, args: tuple[Node, ...], col: int, depth: int, alias: str | None = None,
                 loose: bool = False) -> None:
        init_field(self, "func", func)
        init_field(self, "args", args)
        init_field(self, "col", col)
        init_field(self, "depth", depth)
        init_field(self, "alias", alias)
        init_field(self, "loose", loose)


class ListOf(Frozen):
    __slots__ = ("col", "depth", "items")
    items: tuple[Node, ...]
    col: int
    depth: int

    def __init__(self, items: tuple[Node, ...], col: int, depth: int) -> None:
        init_field(self, "items", items)
        init_field(self, "col", col)
        init_field(self, "depth", depth)


class Unary(Frozen):
    __slots__ = ("col", "depth", "op", "operand")
    op: str  # "-", "+", "~"
    operand: Node
    col: int
    depth: int

    def __init__(self, op: str, operand: Node, col: int, depth: int) -> None:
        init_field(self, "op", op)
        init_field(self, "operand", operand)
        init_field(self, "col", col)
        init_field(self, "depth", depth)


class BinOp(Frozen):
    __slots__ = ("col", "depth", "left", "op", "right")
    op: str  # + - * / % ** & | ^ << >>
    left: Node
    right: Node
    col: int
    depth: int

    def __init__(self, op: str, left: Node, right: Node, col: int, depth: int) -> None:
        init_field(self, "op", op)
        init_field(self, "left", left)
        init_field(self, "right", right)
        init_field(self, "col", col)
        init_field(self, "depth", depth)


class Compare(Frozen):
    __slots__ = ("col", "depth", "operands", "ops")
    ops: tuple[str, ...]  # more than one: a chained comparison (refused by the checker)
    operands: tuple[Node, ...]
    col: int
    depth: int

    def __init__(self, ops: tuple[str, ...], operands: tuple[Node, ...], col: int, depth: int) -> None:
        init_field(self, "ops", ops)
        init_field(self, "operands", operands)
        init_field(self, "col", col)
        init_field(self, "depth", depth)


class Index(Frozen):
    __slots__ = ("base", "col", "depth", "index")
    base: Node
    index: Node
    col: int
    depth: int

    def __init__(self, base: Node, index: Node, col: int, depth: int) -> None:
        init_field(self, "base", base)
        init_field(self, "index", index)
        init_field(self, "col", col)
        init_field(self, "depth", depth)


Node = Name | Literal | Call | ListOf | Unary | BinOp | Compare | Index
