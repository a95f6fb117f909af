"""Expression AST → typed Term, with every problem reported as a Diagnostic.

One walker: it resolves names against the symbol table and the quantifier scope,
checks arity and argument sorts, promotes Int to Real where needed, and keeps
going after an error so a program gets all its diagnostics at once.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import NoReturn

from pot.checker.symbols import BUILTINS, Symbols
from pot.dsl.ast import BinOp, Call, Compare, Index, ListOf, Literal, Name, Node, Unary
from pot.dsl.parser import MAX_LITERAL_DIGITS
from pot.dsl.sorts import BOOL, INT, MAX_BITVEC_WIDTH, REAL, Sort, SortKind, bitvec
from pot.errors import Diagnostic, error, warning
from pot.ir import App, Apply, BitVecVal, BoolVal, IntVal, Op, Quantifier, RealVal, Symbol, Term

Scope = Mapping[str, Sort | None]  # bound variables; None: its declaration failed (already reported)

MAX_DEPTH = 100
MAX_BOUND = 32

_COMPARE = {"==": Op.EQ, "!=": Op.DISTINCT, "<": Op.LT, "<=": Op.LE, ">": Op.GT, ">=": Op.GE}
_ARITH = {"+": Op.ADD, "-": Op.SUB, "*": Op.MUL, "/": Op.DIV, "%": Op.MOD, "**": Op.POW}
_BITWISE: dict[str, tuple[Op, Op | None]] = {"&": (Op.BVAND, Op.AND), "|": (Op.BVOR, Op.OR), "^": (Op.BVXOR, Op.XOR),
                                             "<<": (Op.SHL, None), ">>": (Op.SHR, None)}


class _Fail(Exception):
    """A sub-expression failed to check; its diagnostic is already recorded."""


def coerce(term: Term, target: Sort) -> Term | None:
    """`term` as a `target` term, where the language allows it implicitly."""
    if term.sort == target:
        return term
    if isinstance(term, IntVal):
        if target == REAL:
            return RealVal(Fraction(term.value))
        if target.kind == SortKind.BITVEC:
            return BitVecVal(term.value % (1 << target.width), target)
    if term.sort == INT and target == REAL:
        return Apply(Op.TO_REAL, REAL, (term,))
    return None


def unify(terms: list[Term]) -> list[Term] | None:
    """Bring terms to one sort (Int→Real, integer literals→bit-vectors) or None."""
    sorts = {t.sort for t in terms}
    if len(sorts) == 1:
        return terms
    if all(s.numeric for s in sorts):
        target = REAL
    else:
        non_literal = {t.sort for t in terms if not isinstance(t, IntVal)}
        if len(non_literal) != 1:
            return None
        target = non_literal.pop()
    out = []
    for t in terms:
        c = coerce(t, target)
        if c is None:
            return None
        out.append(c)
    return out


class Checker:
    """Checks the expressions of one program against its symbol table."""

    def __init__(self, symbols: Symbols, diags: list[Diagnostic]):
        self.symbols = symbols
        self.diags = diags
        self.path = ""
        self.free_used: set[str] = set()
        self.argument_sorts: dict[int, Sort] = {}  # id() of a function's bare-name argument: its declared sort

    # entry point ---------------------------------------------------------------

    def formula(self, node: Node, path: str, scope: dict[str, Sort], want_bool: bool = True) -> Term | None:
        """Check a top-level expression (a Bool unless `want_bool` is false)."""
        self.path = path
        self.free_used = set()
        self.argument_sorts = {}
        if node.depth > MAX_DEPTH:
            self._error("too-deep", node, f"expression nests {node.depth} levels deep (limit {MAX_DEPTH})",
                        "split it into several facts or rules")
            return None
        try:
            term = self._bool(node, scope, "the formula") if want_bool else self.term(node, scope)
        except _Fail:
            return None
        for name in sorted(self.free_used):
            self.diags.append(warning(
                "free-variable", path, f"variable '{name}' is used outside any quantifier",
                f"it stands for one arbitrary value; bind it with ForAll([{name}], ...) or Exists([{name}], ...)"))
        return term

    # helpers ----------------------------------------------------------------------

    def _error(self, code: str, node: Node | None, message: str, hint: str | None = None) -> None:
        col = getattr(node, "col", None) or None
        self.diags.append(error(code, self.path, message, hint, col))

    def _fail(self, code: str, node: Node, message: str, hint: str | None = None) -> NoReturn:
        self._error(code, node, message, hint)
        raise _Fail

    def _all(self, nodes: Sequence[Node], scope: Scope) -> list[Term]:
        """Check every node, reporting all failures before giving up."""
        out, failed = [], False
        for n in nodes:
            try:
                out.append(self.term(n, scope))
            except _Fail:
                failed = True
        if failed:
            raise _Fail
        return out

    def _bool(self, node: Node, scope: Scope, what: str) -> Term:
        term = self.term(node, scope)
        if term.sort != BOOL:
            self._fail("not-bool", node, f"{what} must be a Bool, got {term.sort}",
                       "compare it with something, e.g. f(x) > 0, or use a Bool-valued function")
        return term

    def _unify(self, node: Node, nodes: Sequence[Node], scope: Scope, code: str, message: str) -> list[Term]:
        """Check `nodes` and bring them to one sort, or fail with `message`."""
        terms = unify(self._all(nodes, scope))
        if terms is None:
            self._fail(code, node, message)
        return terms

    # the walker ------------------------------------------------------------------

    def term(self, node: Node, scope: Scope) -> Term:
        if isinstance(node, Name):
            return self._name(node, scope)
        if isinstance(node, Literal):
            return self._literal(node)
        if isinstance(node, Call):
            return self._call(node, scope)
        if isinstance(node, Compare):
            return self._compare(node, scope)
        if isinstance(node, BinOp):
            return self._binop(node, scope)
        if isinstance(node, Unary):
            return self._unary(node, scope)
        if isinstance(node, Index):
            return self._select(node.base, node.index, scope)
        self._fail("unsupported", node, "a list is only allowed as the first argument of ForAll or Exists",
                   "write ForAll([x, y], body)")

    def _name(self, node: Name, scope: Scope) -> Term:
        name, sym = node.id, self.symbols
        if name in scope:
            sort = scope[name]
            if sort is None:
                raise _Fail
            return Symbol(Op.VAR, name, sort)
        if name in sym.constants:
            return Symbol(Op.CONST, name, sym.constants[name])
        if name in sym.variables:  # before enum values: a variable repeating one's name is a new element
            self.free_used.add(name)
            return Symbol(Op.CONST, name, sym.variables[name])
        if name in sym.enum_values:
            return Symbol(Op.ENUM, name, sym.enum_values[name])
        fn = sym.functions.get(name)
        if fn is not None:
            if not fn.domain:
                return App(name, fn.range)
            args = ", ".join(s.name for s in fn.domain)
            self._fail("not-a-value", node, f"'{name}' is a function of {len(fn.domain)} argument(s) ({args})",
                       f"apply it: {name}(...)")
        if name in sym.sorts:
            self._fail("not-a-value", node, f"'{name}' is a sort, not a value",
                       f"use a constant of sort {name}, or quantify: ForAll([x], ...) with x of sort {name}")
        if name in BUILTINS:
            self._fail("not-a-value", node, f"'{name}' must be applied", f"write {name}(...)")
        if name in sym.broken:  # its declaration's problem is reported there
            raise _Fail
        pool = [*scope, *sym.constants, *sym.enum_values, *sym.variables,
                *(f for f, d in sym.functions.items() if not d.domain)]
        hint = {"true": "write True", "false": "write False", "None": "there is no None; state what is known"}.get(name)
        hint = hint or self.symbols.suggest(name, pool)
        sort = self.argument_sorts.get(id(node))
        if hint is None and sort is not None and sort.kind == SortKind.DECLARED:
            hint = f"declare it: add \"{name}\" to the \"members\" of a group of sort {sort.name} in \"constants\""
        elif hint is None and sort is not None and sort.kind == SortKind.ENUM:
            hint = f"add \"{name}\" to the \"values\" of the enum sort {sort.name}, or declare it as a constant of " \
                   "that sort"
        hint = hint or "declare it as a constant (or a variable to quantify over)"
        self._fail("undeclared-name", node, f"undeclared name '{name}'", hint)

    def _literal(self, node: Literal) -> Term:
        value = node.value
        if node.kind == "bool" and isinstance(value, bool):
            return BoolVal(value)
        if node.kind == "int" and isinstance(value, int):
            return IntVal(value)
        if node.kind == "real" and isinstance(value, Fraction):
            return RealVal(value)
        self._fail("unsupported", node, f"strings are not values (\"{node.value}\")",
                   "declare a constant for it and use its name")

    # applications ---------------------------------------------------------------

    def _call(self, node: Call, scope: Scope) -> Term:
        name = node.func
        declared = name in self.symbols.functions and node.alias is None  # a declared function replaces a built-in
        if name in ("ForAll", "Exists") and not declared:
            return self._quantifier(node, scope)
        if name in BUILTINS and not declared:
            handler = _BUILTIN_HANDLERS.get(name)
            if handler is None:
                self._fail("not-a-function", node, f"'{name}' is a keyword, not a function")
            return handler(self, node, self._args(node), scope)
        fn = self.symbols.functions.get(name)
        if fn is None:
            self._undeclared_function(node)
        if len(node.args) != len(fn.domain):
            sig = ", ".join(s.name for s in fn.domain)
            self._fail("arity", node, f"'{name}' takes {len(fn.domain)} argument(s), got {len(node.args)}",
                       f"{name}({sig})")
        # an undeclared name passed here is of the argument's sort: its hint can say how to declare it
        self.argument_sorts.update((id(a), want) for a, want in zip(node.args, fn.domain, strict=True)
                                   if isinstance(a, Name))
        args = self._all(node.args, scope)
        out: list[Term] = []
        failed = False
        for i, (arg, want, src) in enumerate(zip(args, fn.domain, node.args, strict=True), 1):
            c = coerce(arg, want)
            if c is None:
                self._error("sort-mismatch", src, f"argument {i} of '{name}' must be {want}, got {arg.sort}",
                            f"{name} is declared ({', '.join(s.name for s in fn.domain)}) -> {fn.range}")
                failed = True
            else:
                out.append(c)
        if failed:
            raise _Fail
        return App(name, fn.range, tuple(out))

    def _undeclared_function(self, node: Call) -> NoReturn:
        name = node.func
        if name in self.symbols.broken:  # its declaration's problem is reported there
            raise _Fail
        kind = self.symbols.kind_of(name)
        if kind == "sort":
            hint = f"declare a predicate, e.g. is_{name.lower()}: {name} -> BoolSort, or give x the sort {name}"
            self._fail("not-a-function", node, f"'{name}' is a sort, not a function", hint)
        if kind is not None:
            self._fail("not-a-function", node, f"'{name}' is a {kind}, not a function",
                       f"write {name} without arguments")
        suggestion = self.symbols.suggest(name, self.symbols.functions)
        if name in ("Function", "Const", "Int", "Real", "Bool", "DeclareSort", "EnumSort"):
            suggestion = "declarations go in \"functions\", \"constants\" or \"variables\", not in expressions"
        self._fail("undeclared-name", node, f"undeclared function '{name}'",
                   suggestion or "declare it in \"functions\" with its domain and range")

    @staticmethod
    def _args(node: Call) -> tuple[Node, ...]:
        """And([a, b]) is accepted as And(a, b), as Z3 does."""
        if len(node.args) == 1 and isinstance(node.args[0], ListOf) and node.func in _LIST_ARGUMENTS:
            return node.args[0].items
        return node.args

    def _arity(self, node: Call, nodes: Sequence[Node], n: int) -> None:
        if len(nodes) != n:
            self._fail("arity", node, f"{node.alias or node.func} takes {n} argument(s), got {len(nodes)}")

    # built-ins: one handler each, called with the call node, its arguments and the scope

    def _and_or(self, node: Call, nodes: Sequence[Node], scope: Scope) -> Term:
        label = node.alias or node.func
        if not nodes:
            self._fail("arity", node, f"{label} needs at least one argument")
        args = self._all(nodes, scope)
        for a, n in zip(args, nodes, strict=True):
            if a.sort != BOOL:
                self._error("not-bool", n, f"arguments of {label} must be Bool, got {a.sort}")
        if any(a.sort != BOOL for a in args):
            raise _Fail
        return args[0] if len(args) == 1 else Apply(Op.AND if node.func == "And" else Op.OR, BOOL, tuple(args))

    def _if(self, node: Call, nodes: Sequence[Node], scope: Scope) -> Term:
        self._arity(node, nodes, 3)
        cond = self._bool(nodes[0], scope, "the condition of If")
        branches = self._unify(node, nodes[1:], scope, "sort-mismatch",
                               "the two branches of If must have the same sort")
        return Apply(Op.ITE, branches[0].sort, (cond, *branches))

    def _distinct(self, node: Call, nodes: Sequence[Node], scope: Scope) -> Term:
        if len(nodes) < 2:
            self._fail("arity", node, "Distinct needs at least two arguments")
        args = self._unify(node, nodes, scope, "sort-mismatch", "arguments of Distinct must have the same sort")
        return Apply(Op.DISTINCT, BOOL, tuple(args))

    def _sum_product(self, node: Call, nodes: Sequence[Node], scope: Scope) -> Term:
        name = node.func
        if not nodes:
            self._fail("arity", node, f"{name} needs at least one argument")
        message = f"arguments of {name} must be numbers of one sort"
        args = self._unify(node, nodes, scope, "not-numeric", message)
        if not args[0].sort.arithmetic:
            self._fail("not-numeric", node, message)
        if len(args) == 1:
            return args[0]
        return Apply(Op.ADD if name == "Sum" else Op.MUL, args[0].sort, tuple(args))

    def _select_call(self, node: Call, nodes: Sequence[Node], scope: Scope) -> Term:
        self._arity(node, nodes, 2)
        return self._select(nodes[0], nodes[1], scope)

    def _store(self, node: Call, nodes: Sequence[Node], scope: Scope) -> Term:
        self._arity(node, nodes, 3)
        arr, idx, val = self._all(nodes, scope)
        domain, range_ = self._array(arr, nodes[0], f"Store needs an array, got {arr.sort}")
        index, value = coerce(idx, domain), coerce(val, range_)
        if index is None or value is None:
            self._fail("sort-mismatch", node, f"Store on {arr.sort} needs a {domain} index and a {range_} value")
        return Apply(Op.STORE, arr.sort, (arr, index, value))

    def _bitvecval(self, node: Call, nodes: Sequence[Node], scope: Scope) -> Term:
        self._arity(node, nodes, 2)
        value, width = nodes
        if not (isinstance(value, (Literal, Unary)) and isinstance(width, Literal) and width.kind == "int"
                and isinstance(width.value, int)):
            self._fail("unsupported", node, "BitVecVal takes two integer literals", "BitVecVal(5, 8)")
        v = self.term(value, scope)
        if not isinstance(v, IntVal) or not 1 <= width.value <= MAX_BITVEC_WIDTH:
            self._fail("bitvec-width", node, f"BitVecVal needs an integer and a width from 1 to {MAX_BITVEC_WIDTH}")
        return BitVecVal(v.value % (1 << width.value), bitvec(width.value))

    def _select(self, base: Node, index: Node, scope: Scope) -> Term:
        arr, idx = self._all((base, index), scope)
        domain, range_ = self._array(arr, base, f"only arrays can be indexed, got {arr.sort}",
                                     "apply a function instead: f(x)")
        c = coerce(idx, domain)
        if c is None:
            self._fail("sort-mismatch", index, f"index must be {domain}, got {idx.sort}")
        return Apply(Op.SELECT, range_, (arr, c))

    def _array(self, term: Term, node: Node, message: str, hint: str | None = None) -> tuple[Sort, Sort]:
        """The index and element sorts of an array-valued term, or a sort-mismatch at `node`."""
        sort = term.sort
        if sort.kind != SortKind.ARRAY or sort.domain is None or sort.range is None:
            self._fail("sort-mismatch", node, message, hint)
        return sort.domain, sort.range

    def _quantifier(self, node: Call, scope: Scope) -> Term:
        name = node.func
        if len(node.args) != 2:
            self._fail("arity", node, f"{name} takes a list of variables and a body, got {len(node.args)} argument(s)",
                       f"{name}([x, y], body)")
        bound_nodes = node.args[0].items if isinstance(node.args[0], ListOf) else (node.args[0],)
        if not bound_nodes:
            self._fail("quantifier-variable", node, f"{name} needs at least one variable", f"{name}([x], body)")
        if len(bound_nodes) > MAX_BOUND:
            self._fail("too-many", node, f"{name} binds {len(bound_nodes)} variables (limit {MAX_BOUND})")
        inner: dict[str, Sort | None] = dict(scope)
        bound: list[tuple[str, Sort]] = []
        failed = False
        for v in bound_nodes:
            sort = self._bound_sort(v, scope)
            if sort is None:
                failed = True
                if isinstance(v, Name):
                    inner[v.id] = None  # already reported: its uses in the body stay silent
                continue
            assert isinstance(v, Name)
            inner[v.id] = sort
            bound.append((v.id, sort))
        if failed:
            with contextlib.suppress(_Fail):  # still report problems inside the body, with the variables bound
                self.term(node.args[1], inner)
            raise _Fail
        body = self._bool(node.args[1], inner, f"the body of {name}")
        return Quantifier(Op.FORALL if name == "ForAll" else Op.EXISTS, tuple(bound), body)

    def _bound_sort(self, v: Node, scope: Scope) -> Sort | None:
        if not isinstance(v, Name):
            self._error("quantifier-variable", v, "quantify over variable names only", "ForAll([x, y], body)")
            return None
        sym = self.symbols
        if v.id in scope:
            return scope[v.id]
        if v.id in sym.variables:
            return sym.variables[v.id]
        kind = sym.kind_of(v.id)
        if v.id in sym.broken:  # its declaration's problem is reported there
            return None
        if kind is not None:
            self._error("quantifier-variable", v, f"'{v.id}' is a {kind}; only variables can be quantified",
                        "declare a variable in \"variables\" and quantify over it instead")
        else:
            self._error("undeclared-name", v, f"undeclared variable '{v.id}'",
                        sym.suggest(v.id, sym.variables)
                        or f"declare it in \"variables\": {{\"name\": \"{v.id}\", \"sort\": \"...\"}}")
        return None

    # operators --------------------------------------------------------------------

    def _compare(self, node: Compare, scope: Scope) -> Term:
        if len(node.ops) > 1:
            parts = [f"a {op} b" for op in node.ops[:2]]
            self._fail("chained-comparison", node, f"chained comparison '{' '.join(node.ops)}' is not supported",
                       f"write And({parts[0]}, b {node.ops[1]} c)")
        op = _COMPARE[node.ops[0]]
        left, right = self._all(node.operands, scope)
        pair = unify([left, right])
        if pair is None:
            self._fail("sort-mismatch", node, f"cannot compare {left.sort} with {right.sort} using {node.ops[0]}",
                       self._compare_hint(left, right))
        if op not in (Op.EQ, Op.DISTINCT) and not pair[0].sort.arithmetic:
            self._fail("not-numeric", node, f"{node.ops[0]} needs numbers, got {pair[0].sort}",
                       "only == and != compare values of declared sorts")
        return Apply(op, BOOL, tuple(pair))

    @staticmethod
    def _compare_hint(left: Term, right: Term) -> str | None:
        sorts = {left.sort.kind, right.sort.kind}
        if SortKind.BOOL in sorts and sorts & {SortKind.INT, SortKind.REAL}:
            return "a Bool is True or False, not a number"
        return None

    def _binop(self, node: BinOp, scope: Scope) -> Term:
        left, right = self._all((node.left, node.right), scope)
        pair = unify([left, right])
        if node.op in _BITWISE:
            bv_op, bool_op = _BITWISE[node.op]
            if pair and pair[0].sort == BOOL and bool_op:
                return Apply(bool_op, BOOL, tuple(pair))
            if pair and pair[0].sort.kind == SortKind.BITVEC:
                return Apply(bv_op, pair[0].sort, tuple(pair))
            self._fail("sort-mismatch", node, f"{node.op} needs two bit-vectors of one width, got {left.sort} "
                                              f"and {right.sort}", "for Bools write And/Or/Xor")
        if pair is None or not pair[0].sort.arithmetic:
            hint = "Bools are not numbers; use If(b, 1, 0)" if BOOL in (left.sort, right.sort) else None
            self._fail("not-numeric", node, f"{node.op} needs numbers of one sort, got {left.sort} and {right.sort}",
                       hint)
        sort = pair[0].sort
        if node.op == "%" and sort == REAL:
            self._fail("not-numeric", node, "% needs integers, got RealSort")
        if node.op == "**" and sort.kind == SortKind.BITVEC:
            self._fail("not-numeric", node, "** is not defined on bit-vectors")
        exponent = _exponent_bound(pair[1]) if node.op == "**" else None
        if exponent is not None:
            exponent *= _degree(pair[0])  # (x ** 1000) ** 1000 is x ** 1000000
        if exponent is not None and exponent > MAX_EXPONENT:
            shown = _short_number(pair[1].value) if isinstance(pair[1], (IntVal, RealVal)) else "a constant"
            self._fail("number-too-large", node, f"exponent {shown} is too large (limit {MAX_EXPONENT})",
                       "Z3 computes constant powers exactly")
        if node.op in ("**", "*"):
            digits = _digits(node.op, pair[0], pair[1])
            if digits > MAX_LITERAL_DIGITS:
                self._fail("number-too-large", node, f"this constant has about {digits} digits "
                                                     f"(limit {MAX_LITERAL_DIGITS})", "write smaller numbers")
        op = _ARITH[node.op]
        if op == Op.DIV and sort == INT:
            op = Op.IDIV
        return Apply(op, sort, tuple(pair))

    def _unary(self, node: Unary, scope: Scope) -> Term:
        arg = self.term(node.operand, scope)
        if node.op == "~" and arg.sort == BOOL:
            return Apply(Op.NOT, BOOL, (arg,))
        if node.op == "~" and arg.sort.kind == SortKind.BITVEC:
            return Apply(Op.BVNOT, arg.sort, (arg,))
        if node.op in "+-" and arg.sort.arithmetic:
            if node.op == "+":
                return arg
            if isinstance(arg, IntVal):
                return IntVal(-arg.value)
            if isinstance(arg, RealVal):
                return RealVal(-arg.value)
            return Apply(Op.NEG, arg.sort, (arg,))
        self._fail("not-numeric", node, f"unary {node.op} is not defined on {arg.sort}",
                   "write Not(...) to negate a Bool" if arg.sort == BOOL else None)


MAX_EXPONENT = 1000
"""Largest constant exponent of **: Z3 expands constant powers whatever its time-out."""


def _short_number(value: int | Fraction) -> str:
    return str(value) if -(10 ** 30) < value < 10 ** 30 else "a number of more than 30 digits"


def _log10(value: int) -> float:
    return math.log10(abs(value)) if abs(value) > 1 else 0.0


def _magnitude(term: Term) -> float | None:
    """About log10 of a constant term's largest value (None: not a constant)."""
    if isinstance(term, IntVal):
        return _log10(term.value)  # literals have at most MAX_LITERAL_DIGITS digits
    if isinstance(term, RealVal):
        return max(_log10(term.value.numerator), _log10(term.value.denominator))
    if isinstance(term, Apply) and term.op == Op.POW:
        return _power_size(*term.args)
    if isinstance(term, Apply) and term.op in (Op.MUL, Op.NEG, Op.TO_REAL, Op.ADD, Op.SUB):
        sizes = [_magnitude(a) for a in term.args]
        if any(size is None for size in sizes):
            return None
        known = [size for size in sizes if size is not None]
        return sum(known) if term.op == Op.MUL else max(known, default=0.0) + 1
    return None


def _exponent_bound(exponent: Term) -> float | None:
    """An upper bound of a constant exponent's absolute value (None: not a constant)."""
    if isinstance(exponent, (IntVal, RealVal)):
        value: int | Fraction = exponent.value
        return float(min(value if value >= 0 else -value, 10 ** 9))
    size = _magnitude(exponent)
    return 10.0 ** min(size, 9) if size is not None else None


def _degree(term: Term) -> float:
    """The product of the constant exponents of the powers nested at the top of `term`."""
    degree = 1.0
    while isinstance(term, Apply) and term.op == Op.POW:
        bound = _exponent_bound(term.args[1])
        if bound is None:
            break
        degree *= max(bound, 1.0)
        term = term.args[0]
    return degree


def _power_size(base: Term, exponent: Term) -> float | None:
    size, bound = _magnitude(base), _exponent_bound(exponent)
    return size * bound if size is not None and bound is not None else None


def _digits(op: str, left: Term, right: Term) -> int:
    """About the digits of `left op right` when both are constants (0 when not)."""
    if op == "**":
        size = _power_size(left, right)
    else:
        a, b = _magnitude(left), _magnitude(right)
        size = a + b if a is not None and b is not None else None
    return int(size) + 1 if size is not None else 0


Handler = Callable[[Checker, Call, Sequence[Node], Scope], Term]

_LIST_ARGUMENTS = frozenset({"And", "Or", "Sum", "Product", "Distinct"})



def _connective(op: Op, arity: int) -> Handler:
    def check(self: Checker, node: Call, nodes: Sequence[Node], scope: Scope) -> Term:
        self._arity(node, nodes, arity)
        label = node.alias or node.func
        return Apply(op, BOOL, tuple(self._bool(n, scope, f"an argument of {label}") for n in nodes))
    return check


def _conversion(op: Op, source: Sort, target: Sort) -> Handler:
    def check(self: Checker, node: Call, nodes: Sequence[Node], scope: Scope) -> Term:
        self._arity(node, nodes, 1)
        (arg,) = self._all(nodes, scope)
        if arg.sort != source:
            self._fail("sort-mismatch", node, f"{node.func} takes a {source}, got {arg.sort}")
        return Apply(op, target, (arg,))
    return check


# Every built-in that is applied like a function (ForAll and Exists bind names: `_quantifier`).
_BUILTIN_HANDLERS: dict[str, Handler] = {
    "And": Checker._and_or,
    "Or": Checker._and_or,
    "Not": _connective(Op.NOT, 1),
    "Implies": _connective(Op.IMPLIES, 2),
    "Xor": _connective(Op.XOR, 2),
    "If": Checker._if,
    "Distinct": Checker._distinct,
    "Sum": Checker._sum_product,
    "Product": Checker._sum_product,
    "Select": Checker._select_call,
    "Store": Checker._store,
    "BitVecVal": Checker._bitvecval,
    "ToReal": _conversion(Op.TO_REAL, INT, REAL),
    "ToInt": _conversion(Op.TO_INT, REAL, INT),
}
