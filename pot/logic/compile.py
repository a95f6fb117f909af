"""Typed terms → Z3 terms, in a Z3 context of the program's own.

A fresh `z3.Context` per program keeps programs independent (no name clashes
between, say, two programs that both declare an enum `Color`) and lets several
programs be solved at once in threads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from typing import Any, NamedTuple

import z3

from pot.dsl.sorts import Sort, SortKind
from pot.ir import (
    App,
    Apply,
    BitVecVal,
    BoolVal,
    CheckedOptimization,
    CheckedProgram,
    Formula,
    IntVal,
    Op,
    Quantifier,
    RealVal,
    Symbol,
    Term,
)
from pot.logic.setup import configure_solver

Env = dict[str, z3.ExprRef]  # bound variable name → the Z3 constant standing for it


class CompiledFormula(NamedTuple):
    """A premise or claim and its Z3 term."""

    formula: Formula
    z3: z3.BoolRef


@dataclass
class Compiled:
    """The program's Z3 vocabulary and formulas, all in `ctx`."""

    ctx: z3.Context
    sorts: dict[Sort, z3.SortRef] = field(default_factory=dict)
    functions: dict[str, z3.FuncDeclRef] = field(default_factory=dict)
    constants: dict[str, z3.ExprRef] = field(default_factory=dict)  # constants and free variables
    enum_values: dict[str, z3.ExprRef] = field(default_factory=dict)
    premises: list[CompiledFormula] = field(default_factory=list)
    claims: list[CompiledFormula] = field(default_factory=list)
    optimization: CheckedOptimization | None = None  # compiled when solved, with its own variables

    def sort(self, sort: Sort) -> z3.SortRef:
        z = self.sorts.get(sort)
        if z is None:
            z = self.sorts[sort] = self._make_sort(sort)
        return z

    def _make_sort(self, sort: Sort) -> z3.SortRef:
        ctx = self.ctx
        if sort.kind == SortKind.BOOL:
            return z3.BoolSort(ctx)
        if sort.kind == SortKind.INT:
            return z3.IntSort(ctx)
        if sort.kind == SortKind.REAL:
            return z3.RealSort(ctx)
        if sort.kind == SortKind.BITVEC:
            return z3.BitVecSort(sort.width, ctx)
        if sort.kind == SortKind.ARRAY:
            assert sort.domain is not None and sort.range is not None
            return z3.ArraySort(self.sort(sort.domain), self.sort(sort.range))
        if sort.kind == SortKind.ENUM:
            z, values = z3.EnumSort(sort.name, list(sort.values), ctx)
            self.enum_values.update(zip(sort.values, values, strict=True))
            return z
        return z3.DeclareSort(sort.name, ctx)

    def constant(self, name: str, sort: Sort) -> z3.ExprRef:
        c = self.constants.get(name)
        if c is None:
            z3_sort = self.sort(sort)
            # a constant repeating an enum value's name is another element: its own Z3 name keeps
            # the two apart wherever Z3 prints them (SMT-LIB export)
            c = self.constants[name] = z3.Const(f"{name}!const" if name in self.enum_values else name, z3_sort)
        return c

    def term(self, t: Term, env: Env | None = None) -> z3.ExprRef:
        """Compile one typed term; `env` maps bound variable names to Z3 constants."""
        return _BUILD[t.op](self, t, env or {})


_REF: dict[SortKind, Callable[..., z3.ExprRef]] = {
    SortKind.BOOL: z3.BoolRef, SortKind.INT: z3.ArithRef, SortKind.REAL: z3.ArithRef, SortKind.BITVEC: z3.BitVecRef,
    SortKind.ARRAY: z3.ArrayRef, SortKind.ENUM: z3.DatatypeRef, SortKind.DECLARED: z3.ExprRef}


# The frequent operations call Z3's C API directly (the z3py operators re-check and
# coerce every argument, about eight times slower); the checker has already made the
# sorts agree. Reference counting: a Z3_mk_* call returns an AST whose reference count
# is 0, which Z3 frees as soon as a count on it drops back to 0 (say, when a term using
# it as an argument is freed). Wrapping it in a z3py `*Ref` object (`_wrap`) increments
# the count and the object's finalizer decrements it, so every raw AST is wrapped at once;
# the argument arrays (`_array`) only borrow ASTs whose z3py objects stay alive in `refs`
# for the duration of the call.
def _wrap(c: Compiled, sort: Sort, ast: Any) -> z3.ExprRef:
    return _REF[sort.kind](ast, c.ctx)


def _args(c: Compiled, t: App | Apply, env: Env) -> list[z3.ExprRef]:
    return [c.term(a, env) for a in t.args]


def _array(refs: list[z3.ExprRef]) -> Any:
    return (z3.Ast * len(refs))(*[r.as_ast() for r in refs])


Builder = Callable[[Compiled, Any, Env], z3.ExprRef]  # takes the node class its Op names


def _nary(mk: Callable[..., Any]) -> Builder:
    def build(c: Compiled, t: Apply, env: Env) -> z3.ExprRef:
        refs = _args(c, t, env)
        return _wrap(c, t.sort, mk(c.ctx.ref(), len(refs), _array(refs)))
    return build


def _binary(mk: Callable[..., Any]) -> Builder:
    def build(c: Compiled, t: Apply, env: Env) -> z3.ExprRef:
        a, b = c.term(t.args[0], env), c.term(t.args[1], env)
        return _wrap(c, t.sort, mk(c.ctx.ref(), a.as_ast(), b.as_ast()))
    return build


def _unary(mk: Callable[..., Any]) -> Builder:
    def build(c: Compiled, t: Apply, env: Env) -> z3.ExprRef:
        return _wrap(c, t.sort, mk(c.ctx.ref(), c.term(t.args[0], env).as_ast()))
    return build


def _numeral(c: Compiled, t: Term, text: str) -> z3.ExprRef:
    return _wrap(c, t.sort, z3.Z3_mk_numeral(c.ctx.ref(), text, c.sort(t.sort).ast))


def _bool(c: Compiled, t: BoolVal, env: Env) -> z3.ExprRef:
    return z3.BoolVal(t.value, c.ctx)


def _int(c: Compiled, t: IntVal | BitVecVal, env: Env) -> z3.ExprRef:
    return _numeral(c, t, str(t.value))


def _real(c: Compiled, t: RealVal, env: Env) -> z3.ExprRef:
    return _numeral(c, t, f"{t.value.numerator}/{t.value.denominator}")


def _const(c: Compiled, t: Symbol, env: Env) -> z3.ExprRef:
    return c.constant(t.name, t.sort)


def _enum(c: Compiled, t: Symbol, env: Env) -> z3.ExprRef:
    return c.enum_values[t.name]


def _var(c: Compiled, t: Symbol, env: Env) -> z3.ExprRef:
    return env[t.name] if t.name in env else c.constant(t.name, t.sort)


def _app(c: Compiled, t: App, env: Env) -> z3.ExprRef:
    refs = _args(c, t, env)
    return _wrap(c, t.sort, z3.Z3_mk_app(c.ctx.ref(), c.functions[t.function].ast, len(refs), _array(refs)))


def _ite(c: Compiled, t: Apply, env: Env) -> z3.ExprRef:
    cond, a, b = _args(c, t, env)
    return _wrap(c, t.sort, z3.Z3_mk_ite(c.ctx.ref(), cond.as_ast(), a.as_ast(), b.as_ast()))


def _quantifier(make: Callable[..., z3.ExprRef]) -> Builder:
    def build(c: Compiled, t: Quantifier, env: Env) -> z3.ExprRef:
        bound = [z3.Const(name, c.sort(sort)) for name, sort in t.bound]
        inner = {**env, **{name: v for (name, _), v in zip(t.bound, bound, strict=True)}}
        return make(bound, c.term(t.body, inner))
    return build


def _high(f: Callable[..., Any]) -> Builder:
    """Rare operations (bit-vectors, arrays, powers): z3py's own operators."""
    return lambda c, t, env: f(*_args(c, t, env))


_BUILD: dict[Op, Builder] = {
    Op.BOOL: _bool,
    Op.INT: _int,
    Op.REAL: _real,
    Op.BITVEC: _int,
    Op.CONST: _const,
    Op.ENUM: _enum,
    Op.VAR: _var,
    Op.APP: _app,
    Op.FORALL: _quantifier(z3.ForAll),
    Op.EXISTS: _quantifier(z3.Exists),
    Op.AND: _nary(z3.Z3_mk_and),
    Op.OR: _nary(z3.Z3_mk_or),
    Op.NOT: _unary(z3.Z3_mk_not),
    Op.IMPLIES: _binary(z3.Z3_mk_implies),
    Op.XOR: _binary(z3.Z3_mk_xor),
    Op.ITE: _ite,
    Op.EQ: _binary(z3.Z3_mk_eq),
    Op.DISTINCT: _nary(z3.Z3_mk_distinct),
    Op.LT: _high(lambda a, b: a < b),
    Op.LE: _high(lambda a, b: a <= b),
    Op.GT: _high(lambda a, b: a > b),
    Op.GE: _high(lambda a, b: a >= b),
    Op.ADD: _high(lambda *a: reduce(lambda x, y: x + y, a)),
    Op.SUB: _high(lambda a, b: a - b),
    Op.MUL: _high(lambda *a: reduce(lambda x, y: x * y, a)),
    Op.DIV: _high(lambda a, b: a / b),
    Op.IDIV: _high(lambda a, b: a / b),  # Z3's integer division on Int operands
    Op.MOD: _high(lambda a, b: a % b),
    Op.POW: _high(lambda a, b: a ** b),
    Op.NEG: _high(lambda a: -a),
    Op.TO_REAL: _unary(z3.Z3_mk_int2real),
    Op.TO_INT: _unary(z3.Z3_mk_real2int),
    Op.BVAND: _high(lambda a, b: a & b),
    Op.BVOR: _high(lambda a, b: a | b),
    Op.BVXOR: _high(lambda a, b: a ^ b),
    Op.BVNOT: _high(lambda a: ~a),
    Op.SHL: _high(lambda a, b: a << b),
    Op.SHR: _high(lambda a, b: a >> b),
    Op.SELECT: _high(z3.Select),
    Op.STORE: _high(z3.Store),
}
"""One builder per operator (a test checks the table against `Op` and the checker)."""


def compile_program(checked: CheckedProgram) -> Compiled:
    """Declare the program's vocabulary and compile its premises and claims."""
    configure_solver()
    c = Compiled(z3.Context(), optimization=checked.optimization)
    vocabulary = checked.vocabulary
    for sort in vocabulary.declared_sorts:
        c.sort(sort)
    for name, fn in vocabulary.functions.items():
        c.functions[name] = z3.Function(name, *[c.sort(s) for s in fn.domain], c.sort(fn.range))
    for name, sort in vocabulary.constants.items():
        c.constant(name, sort)
    c.premises = [CompiledFormula(f, _formula(c, f)) for f in checked.premises]
    c.claims = [CompiledFormula(f, _formula(c, f)) for f in checked.claims]
    return c


def _formula(c: Compiled, f: Formula) -> z3.BoolRef:
    z = c.term(f.term)
    assert isinstance(z, z3.BoolRef)  # the checker made every formula a Bool
    return z
