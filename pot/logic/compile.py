"""Typed terms → Z3 terms, in a Z3 context of the program's own.

A fresh `z3.Context` per program keeps programs independent (no name clashes
between, say, two programs that both declare an enum `Color`) and lets several
programs be solved at once in threads.
"""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass, field
from functools import reduce

import z3

from pot.checker import CheckedProgram
from pot.checker.terms import Term
from pot.dsl.sorts import Sort

def _memory_cap_mb() -> int:
    """Z3's memory cap, shared by every context in the process (each takes ~16 MB even
    when empty; past the cap Z3 cannot even create one): POT_Z3_MEMORY_MB, or half the
    machine's memory."""
    if os.environ.get("POT_Z3_MEMORY_MB"):
        return int(os.environ["POT_Z3_MEMORY_MB"])
    try:
        return max(1024, os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (2 << 20))
    except (ValueError, OSError, AttributeError):
        return 4096


z3.set_param("memory_max_size", _memory_cap_mb())


def _keep_heap_slack() -> None:
    """Every program gets a fresh Z3 context, which allocates and frees several MB. In a
    process whose heap is already large (an evaluation run, a replay), glibc hands that
    memory back to the OS and faults it in again for each program: context creation went
    from 1.5 ms to 14 ms in measurements. Keeping 64 MB of slack at the heap top (glibc's
    M_TOP_PAD) avoids it; elsewhere this does nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).mallopt(-2, 64 << 20)  # -2: M_TOP_PAD
    except (OSError, AttributeError):  # not glibc
        pass


_keep_heap_slack()


@dataclass
class Compiled:
    """The program's Z3 vocabulary and formulas, all in `ctx`."""

    ctx: z3.Context
    sorts: dict[Sort, z3.SortRef] = field(default_factory=dict)
    functions: dict[str, z3.FuncDeclRef] = field(default_factory=dict)
    constants: dict[str, z3.ExprRef] = field(default_factory=dict)  # constants and free variables
    enum_values: dict[str, z3.ExprRef] = field(default_factory=dict)
    premises: list[z3.BoolRef] = field(default_factory=list)
    claims: list[z3.BoolRef] = field(default_factory=list)

    def sort(self, sort: Sort) -> z3.SortRef:
        z = self.sorts.get(sort)
        if z is None:
            ctx = self.ctx
            if sort.kind == "Bool":
                z = z3.BoolSort(ctx)
            elif sort.kind == "Int":
                z = z3.IntSort(ctx)
            elif sort.kind == "Real":
                z = z3.RealSort(ctx)
            elif sort.kind == "BitVec":
                z = z3.BitVecSort(sort.width, ctx)
            elif sort.kind == "Array":
                z = z3.ArraySort(self.sort(sort.domain), self.sort(sort.range))
            elif sort.kind == "Enum":
                z, values = z3.EnumSort(sort.name, list(sort.values), ctx)
                self.enum_values.update(zip(sort.values, values))
            else:
                z = z3.DeclareSort(sort.name, ctx)
            self.sorts[sort] = z
        return z

    def constant(self, name: str, sort: Sort) -> z3.ExprRef:
        c = self.constants.get(name)
        if c is None:
            c = self.constants[name] = z3.Const(name, self.sort(sort))
        return c

    def term(self, t: Term, env: dict[str, z3.ExprRef] | None = None) -> z3.ExprRef:
        """Compile one typed term; `env` maps bound variable names to Z3 constants."""
        return _BUILD[t.op](self, t, env or {})


_REF = {"Bool": z3.BoolRef, "Int": z3.ArithRef, "Real": z3.ArithRef, "BitVec": z3.BitVecRef, "Array": z3.ArrayRef,
        "Enum": z3.DatatypeRef, "Declared": z3.ExprRef}


def _wrap(c: Compiled, sort: Sort, ast) -> z3.ExprRef:
    return _REF[sort.kind](ast, c.ctx)


def _args(c: Compiled, t: Term, env) -> list:
    return [c.term(a, env) for a in t.args]


def _array(refs):
    return (z3.Ast * len(refs))(*[r.as_ast() for r in refs])


# The frequent operations call Z3's C API directly (the z3py operators re-check and
# coerce every argument, about eight times slower); the checker has already made the
# sorts agree.
def _nary(mk):
    def build(c: Compiled, t: Term, env):
        refs = _args(c, t, env)
        return _wrap(c, t.sort, mk(c.ctx.ref(), len(refs), _array(refs)))
    return build


def _binary(mk):
    def build(c: Compiled, t: Term, env):
        a, b = c.term(t.args[0], env), c.term(t.args[1], env)
        return _wrap(c, t.sort, mk(c.ctx.ref(), a.as_ast(), b.as_ast()))
    return build


def _unary(mk):
    def build(c: Compiled, t: Term, env):
        return _wrap(c, t.sort, mk(c.ctx.ref(), c.term(t.args[0], env).as_ast()))
    return build


def _numeral(text: str):
    return lambda c, t, env: _wrap(c, t.sort, z3.Z3_mk_numeral(c.ctx.ref(), text(t), c.sort(t.sort).ast))


def _app(c: Compiled, t: Term, env):
    refs = _args(c, t, env)
    return _wrap(c, t.sort, z3.Z3_mk_app(c.ctx.ref(), c.functions[t.value].ast, len(refs), _array(refs)))


def _ite(c: Compiled, t: Term, env):
    cond, a, b = _args(c, t, env)
    return _wrap(c, t.sort, z3.Z3_mk_ite(c.ctx.ref(), cond.as_ast(), a.as_ast(), b.as_ast()))


def _quantifier(make):
    def build(c: Compiled, t: Term, env):
        bound = [z3.Const(name, c.sort(sort)) for name, sort in t.value]
        inner = {**env, **{name: v for (name, _), v in zip(t.value, bound)}}
        return make(bound, c.term(t.args[0], inner))
    return build


def _high(f):
    """Rare operations (bit-vectors, arrays, powers): z3py's own operators."""
    return lambda c, t, env: f(*_args(c, t, env))


_BUILD = {
    "bool": lambda c, t, env: z3.BoolVal(t.value, c.ctx),
    "int": _numeral(lambda t: str(t.value)),
    "real": _numeral(lambda t: f"{t.value.numerator}/{t.value.denominator}"),
    "bv": _numeral(lambda t: str(t.value)),
    "const": lambda c, t, env: c.constant(t.value, t.sort),
    "enum": lambda c, t, env: c.enum_values[t.value],
    "var": lambda c, t, env: env[t.value] if t.value in env else c.constant(t.value, t.sort),
    "app": _app,
    "and": _nary(z3.Z3_mk_and),
    "or": _nary(z3.Z3_mk_or),
    "not": _unary(z3.Z3_mk_not),
    "implies": _binary(z3.Z3_mk_implies),
    "xor": _binary(z3.Z3_mk_xor),
    "ite": _ite,
    "eq": _binary(z3.Z3_mk_eq),
    "distinct": _nary(z3.Z3_mk_distinct),
    "lt": _high(lambda a, b: a < b),
    "le": _high(lambda a, b: a <= b),
    "gt": _high(lambda a, b: a > b),
    "ge": _high(lambda a, b: a >= b),
    "add": _high(lambda *a: reduce(lambda x, y: x + y, a)),
    "sub": _high(lambda a, b: a - b),
    "mul": _high(lambda *a: reduce(lambda x, y: x * y, a)),
    "div": _high(lambda a, b: a / b),
    "idiv": _high(lambda a, b: a / b),  # Z3's integer division on Int operands
    "mod": _high(lambda a, b: a % b),
    "pow": _high(lambda a, b: a ** b),
    "neg": _high(lambda a: -a),
    "to_real": _unary(z3.Z3_mk_int2real),
    "to_int": _unary(z3.Z3_mk_real2int),
    "bvand": _high(lambda a, b: a & b),
    "bvor": _high(lambda a, b: a | b),
    "bvxor": _high(lambda a, b: a ^ b),
    "bvnot": _high(lambda a: ~a),
    "shl": _high(lambda a, b: a << b),
    "shr": _high(lambda a, b: a >> b),
    "select": _high(z3.Select),
    "store": _high(z3.Store),
    "forall": _quantifier(z3.ForAll),
    "exists": _quantifier(z3.Exists),
}


def compile_program(checked: CheckedProgram) -> Compiled:
    """Declare the program's vocabulary and compile its premises and claims."""
    c = Compiled(z3.Context())
    sym = checked.symbols
    for sort in sym.declared:
        c.sort(sort)
    for name, fn in sym.functions.items():
        c.functions[name] = z3.Function(name, *[c.sort(s) for s in fn.domain], c.sort(fn.range))
    for name, sort in sym.constants.items():
        c.constant(name, sort)
    c.premises = [c.term(f.term) for f in checked.premises]
    c.claims = [c.term(f.term) for f in checked.claims]
    return c
