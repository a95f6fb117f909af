"""The intermediate form: what the checker produces and the compiler consumes.

A checked program is its vocabulary (declared sorts, functions, constants) and its
formulas as typed terms. Every term knows its sort, every name is resolved (constant,
enum value, bound variable, function), and every coercion is explicit (`TO_REAL`), so
the compiler needs no lookups and no inference.

Terms are small typed nodes, one class per payload (after pySMT's formula nodes):
literals carry their value, symbols their name, applications of declared functions the
function's name, quantifiers their bound variables; everything else is an `Apply` of an
operator `Op` to arguments. Every class has an `op`, so a walker dispatches on it alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from typing import ClassVar

from pot.dsl.sorts import BOOL, INT, REAL, Sort
from pot.frozen import Frozen, init_field


class Op(Enum):
    """Every operator a typed term can carry."""

    # Members are singletons compared by identity: hash them by identity too (C speed,
    # where Enum's own __hash__ is a Python call on every dispatch in the compiler).
    __hash__ = object.__hash__

    # leaves (their own node classes)
    BOOL = "bool"
    INT = "int"
    REAL = "real"
    BITVEC = "bitvec"
    CONST = "const"  # a declared constant or a free (unquantified) variable
    ENUM = "enum"  # a member of an enum sort
    VAR = "var"  # a quantifier's bound variable
    # applications
    APP = "app"  # a declared function
    FORALL = "forall"
    EXISTS = "exists"
    # Bool connectives
    AND = "and"
    OR = "or"
    NOT = "not"
    IMPLIES = "implies"
    XOR = "xor"
    ITE = "ite"
    EQ = "eq"
    DISTINCT = "distinct"
    # arithmetic (Int, Real, and bit-vectors where the checker allows)
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    ADD = "add"
    SUB = "sub"
    MUL = "mul"
    DIV = "div"  # Real division, or signed bit-vector division
    IDIV = "idiv"  # Int division (Z3's: rounds towards -∞ for positive divisors)
    MOD = "mod"
    POW = "pow"
    NEG = "neg"
    TO_REAL = "to_real"
    TO_INT = "to_int"
    # bit-vectors
    BVAND = "bvand"
    BVOR = "bvor"
    BVXOR = "bvxor"
    BVNOT = "bvnot"
    SHL = "shl"
    SHR = "shr"  # arithmetic (signed) shift
    # arrays
    SELECT = "select"
    STORE = "store"


class BoolVal(Frozen):
    __slots__ = ("value",)
    value: bool
    op: ClassVar[Op] = Op.BOOL
    sort: ClassVar[Sort] = BOOL

    def __init__(self, value: bool) -> None:
        init_field(self, "value", value)


class IntVal(Frozen):
    __slots__ = ("value",)
    value: int
    op: ClassVar[Op] = Op.INT
    sort: ClassVar[Sort] = INT

    def __init__(self, value: int) -> None:
        init_field(self, "value", value)


class RealVal(Frozen):
    __slots__ = ("value",)
    value: Fraction
    op: ClassVar[Op] = Op.REAL
    sort: ClassVar[Sort] = REAL

    def __init__(self, value: Fraction) -> None:
        init_field(self, "value", value)


class BitVecVal(Frozen):
    __slots__ = ("sort", "value")
    value: int  # unsigned, already reduced modulo 2**width
    sort: Sort
    op: ClassVar[Op] = Op.BITVEC

    def __init__(self, value: int, sort: Sort) -> None:
        init_field(self, "value", value)
        init_field(self, "sort", sort)


class Symbol(Frozen):
    """A name: `op` is CONST (constant or free variable), ENUM (enum member) or VAR (bound)."""

    __slots__ = ("name", "op", "sort")
    op: Op
    name: str
    sort: Sort

    def __init__(self, op: Op, name: str, sort: Sort) -> None:
        init_field(self, "op", op)
        init_field(self, "name", name)
        init_field(self, "sort", sort)


class App(Frozen):
    """A declared function applied to arguments (a nullary function has none)."""

    __slots__ = ("args", "function", "sort")
    function: str
    sort: Sort
    args: tuple[Term, ...]
    op: ClassVar[Op] = Op.APP

    def __init__(self, function: str, sort: Sort, args: tuple[Term, ...] = ()) -> None:
        init_field(self, "function", function)
        init_field(self, "sort", sort)
        init_field(self, "args", args)


class Quantifier(Frozen):
    """`op` is FORALL or EXISTS; `bound` the variables it binds, in order."""

    __slots__ = ("body", "bound", "op")
    op: Op
    bound: tuple[tuple[str, Sort], ...]
    body: Term
    sort: ClassVar[Sort] = BOOL

    def __init__(self, op: Op, bound: tuple[tuple[str, Sort], ...], body: Term) -> None:
        init_field(self, "op", op)
        init_field(self, "bound", bound)
        init_field(self, "body", body)


class Apply(Frozen):
    """A built-in operator (neither a leaf, a function application nor a quantifier)."""

    __slots__ = ("args", "op", "sort")
    op: Op
    sort: Sort
    args: tuple[Term, ...]

    def __init__(self, op: Op, sort: Sort, args: tuple[Term, ...]) -> None:
        init_field(self, "op", op)
        init_field(self, "sort", sort)
        init_field(self, "args", args)


Term = BoolVal | IntVal | RealVal | BitVecVal | Symbol | App | Quantifier | Apply


def children(term: Term) -> tuple[Term, ...]:
    if isinstance(term, (App, Apply)):
        return term.args
    if isinstance(term, Quantifier):
        return (term.body,)
    return ()


def subterms(term: Term) -> Iterator[Term]:
    """`term` and every term inside it, depth first, without recursion."""
    stack = [term]
    while stack:
        t = stack.pop()
        yield t
        stack.extend(reversed(children(t)))


class Formula(Frozen):
    """A premise, a claim, or an optimization constraint, ready to compile."""

    __slots__ = ("id", "name", "term", "text")
    id: str  # "knowledge_base[3]", "rules[0]", "verifications[0]": where the program states it
    name: str | None
    text: str  # as the program wrote it, for evidence
    term: Term

    def __init__(self, id: str, name: str | None, text: str, term: Term) -> None:
        init_field(self, "id", id)
        init_field(self, "name", name)
        init_field(self, "text", text)
        init_field(self, "term", term)


class Function(Frozen):
    __slots__ = ("domain", "name", "range")
    name: str
    domain: tuple[Sort, ...]
    range: Sort

    def __init__(self, name: str, domain: tuple[Sort, ...], range: Sort) -> None:
        init_field(self, "name", name)
        init_field(self, "domain", domain)
        init_field(self, "range", range)


@dataclass


class Vocabulary:
    """What the compiler declares before any formula: sorts, functions, constants."""

    declared_sorts: list[Sort] = field(default_factory=list)  # uninterpreted and enum sorts, in order
    functions: dict[str, Function] = field(default_factory=dict)
    constants: dict[str, Sort] = field(default_factory=dict)  # declared constants (free variables: on use)


@dataclass


class Objective:
    maximize: bool
    text: str
    term: Term


@dataclass


class CheckedOptimization:
    variables: dict[str, Sort]
    constraints: list[Formula]
    objectives: list[Objective]


@dataclass


class CheckedProgram:
    """A program whose every expression is a typed term: what the compiler takes."""

    vocabulary: Vocabulary
    premises: list[Formula] = field(default_factory=list)
    claims: list[Formula] = field(default_factory=list)
    optimization: CheckedOptimization | None = None
