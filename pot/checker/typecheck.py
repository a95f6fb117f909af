"""Expression AST → typed Term, with every problem reported as a Diagnostic.

One walker: it resolves names against the symbol table and the quantifier scope,
checks arity and argument sorts, promotes Int to Real where needed, and keeps
going after an error so a program gets all its diagnostics at once.
"""

from __future__ import annotations

from fractions import Fraction

from pot.checker.symbols import BUILTINS, Symbols
from pot.checker.terms import Term
from pot.dsl.ast import BinOp, Call, Compare, Index, ListOf, Literal, Name, Node, Unary
from pot.dsl.sorts import BOOL, INT, REAL, Sort, bitvec, MAX_BITVEC_WIDTH
from pot.errors import Diagnostic, error, warning

MAX_DEPTH = 100
MAX_BOUND = 32

_COMPARE = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_ARITH = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod", "**": "pow"}
_BITWISE = {"&": ("bvand", "and"), "|": ("bvor", "or"), "^": ("bvxor", "xor"), "<<": ("shl", None), ">>": ("shr", None)}
_BOOL_ARITY = {"Not": 1, "Implies": 2, "Xor": 2}


class _Fail(Exception):
    """A sub-expression failed to check; its diagnostic is already recorded."""


def coerce(term: Term, target: Sort) -> Term | None:
    """`term` as a `target` term, where the language allows it implicitly."""
    if term.sort == target:
        return term
    if term.sort == INT and target == REAL:
        if term.op == "int":
            return Term("real", REAL, value=Fraction(term.value))
        return Term("to_real", REAL, (term,))
    if term.op == "int" and target.kind == "BitVec":
        return Term("bv", target, value=term.value % (1 << target.width))
    return None


def unify(terms: list[Term]) -> list[Term] | None:
    """Bring terms to one sort (Int→Real, integer literals→bit-vectors) or None."""
    sorts = {t.sort for t in terms}
    if len(sorts) == 1:
        return terms
    if all(s.numeric for s in sorts):
        target = REAL
    else:
        non_literal = {t.sort for t in terms if t.op != "int"}
        if len(non_literal) != 1:
            return None
        target = non_literal.pop()
    out = [coerce(t, target) for t in terms]
    return None if None in out else out


class Checker:
    """Checks the expressions of one program against its symbol table."""

    def __init__(self, symbols: Symbols, diags: list[Diagnostic]):
        self.symbols = symbols
        self.diags = diags
        self.path = ""
        self.free_used: set[str] = set()

    # entry point ---------------------------------------------------------------

    def formula(self, node: Node, path: str, scope: dict[str, Sort], want_bool: bool = True) -> Term | None:
        """Check a top-level expression (a Bool unless `want_bool` is false)."""
        self.path = path
        self.free_used = set()
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

    def _error(self, code: str, node: Node | None, message: str, hint: str | None = None):
        col = getattr(node, "col", None) or None
        self.diags.append(error(code, self.path, message, hint, col))

    def _fail(self, code: str, node: Node, message: str, hint: str | None = None):
        self._error(code, node, message, hint)
        raise _Fail

    def _all(self, nodes, scope) -> list[Term]:
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

    def _bool(self, node: Node, scope, what: str) -> Term:
        term = self.term(node, scope)
        if term.sort != BOOL:
            self._fail("not-bool", node, f"{what} must be a Bool, got {term.sort}",
                       "compare it with something, e.g. f(x) > 0, or use a Bool-valued function")
        return term

    # the walker ------------------------------------------------------------------

    def term(self, node: Node, scope: dict[str, Sort]) -> Term:
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
            return self._select(node, node.base, node.index, scope)
        self._fail("unsupported", node, "a list is only allowed as the first argument of ForAll or Exists",
                   "write ForAll([x, y], body)")

    def _name(self, node: Name, scope) -> Term:
        name, sym = node.id, self.symbols
        if name in scope:
            if scope[name] is None:
                raise _Fail
            return Term("var", scope[name], value=name)
        if name in sym.constants:
            return Term("const", sym.constants[name], value=name)
        if name in sym.enum_values:
            return Term("enum", sym.enum_values[name], value=name)
        if name in sym.variables:
            self.free_used.add(name)
            return Term("const", sym.variables[name], value=name)
        fn = sym.functions.get(name)
        if fn is not None:
            if not fn.domain:
                return Term("app", fn.range, value=name)
            args = ", ".join(s.name for s in fn.domain)
            self._fail("not-a-value", node, f"'{name}' is a function of {len(fn.domain)} argument(s) ({args})",
                       f"apply it: {name}(...)")
        if name in sym.sorts:
            self._fail("not-a-value", node, f"'{name}' is a sort, not a value",
                       f"use a constant of sort {name}, or quantify: ForAll([x], ...) with x of sort {name}")
        if name in BUILTINS:
            self._fail("not-a-value", node, f"'{name}' must be applied", f"write {name}(...)")
        pool = [*scope, *sym.constants, *sym.enum_values, *sym.variables,
                *(f for f, d in sym.functions.items() if not d.domain)]
        hint = {"true": "write True", "false": "write False", "None": "there is no None; state what is known"}.get(name)
        hint = hint or self.symbols.suggest(name, pool) or "declare it as a constant (or a variable to quantify over)"
        self._fail("undeclared-name", node, f"undeclared name '{name}'", hint)

    def _literal(self, node: Literal) -> Term:
        if node.kind == "bool":
            return Term("bool", BOOL, value=node.value)
        if node.kind == "int":
            return Term("int", INT, value=node.value)
        if node.kind == "real":
            return Term("real", REAL, value=node.value)
        self._fail("unsupported", node, f"strings are not values (\"{node.value}\")",
                   "declare a constant for it and use its name")

    # applications ---------------------------------------------------------------

    def _call(self, node: Call, scope) -> Term:
        name = node.func
        if name in ("ForAll", "Exists"):
            return self._quantifier(node, scope)
        if name in BUILTINS:
            return self._builtin(node, scope)
        fn = self.symbols.functions.get(name)
        if fn is None:
            kind = self.symbols.kind_of(name)
            if kind == "sort":
                hint = f"declare a predicate, e.g. is_{name.lower()}: {name} -> BoolSort, or give x the sort {name}"
                self._fail("not-a-function", node, f"'{name}' is a sort, not a function", hint)
            if kind is not None:
                self._fail("not-a-function", node, f"'{name}' is a {kind}, not a function",
                           f"write {name} without arguments")
            hint = self.symbols.suggest(name, self.symbols.functions)
            if name in ("Function", "Const", "Int", "Real", "Bool", "DeclareSort", "EnumSort"):
                hint = "declarations go in \"functions\", \"constants\" or \"variables\", not in expressions"
            self._fail("undeclared-name", node, f"undeclared function '{name}'",
                       hint or "declare it in \"functions\" with its domain and range")
        if len(node.args) != len(fn.domain):
            sig = ", ".join(s.name for s in fn.domain)
            self._fail("arity", node, f"'{name}' takes {len(fn.domain)} argument(s), got {len(node.args)}",
                       f"{name}({sig})")
        args = self._all(node.args, scope)
        out = []
        for i, (arg, want, src) in enumerate(zip(args, fn.domain, node.args), 1):
            c = coerce(arg, want)
            if c is None:
                self._error("sort-mismatch", src, f"argument {i} of '{name}' must be {want}, got {arg.sort}",
                            f"{name} is declared ({', '.join(s.name for s in fn.domain)}) -> {fn.range}")
            out.append(c)
        if None in out:
            raise _Fail
        return Term("app", fn.range, tuple(out), name)

    def _args(self, node: Call) -> tuple[Node, ...]:
        """And([a, b]) is accepted as And(a, b), as Z3 does."""
        if len(node.args) == 1 and isinstance(node.args[0], ListOf) and node.func in ("And", "Or", "Sum", "Product",
                                                                                        "Distinct"):
            return node.args[0].items
        return node.args

    def _builtin(self, node: Call, scope) -> Term:
        name, nodes = node.func, self._args(node)
        label = node.alias or name
        if name in ("And", "Or"):
            if not nodes:
                self._fail("arity", node, f"{label} needs at least one argument")
            args = self._all(nodes, scope)
            for a, n in zip(args, nodes):
                if a.sort != BOOL:
                    self._error("not-bool", n, f"arguments of {label} must be Bool, got {a.sort}")
            if any(a.sort != BOOL for a in args):
                raise _Fail
            return args[0] if len(args) == 1 else Term(name.lower(), BOOL, tuple(args))
        if name in _BOOL_ARITY:
            self._arity(node, nodes, _BOOL_ARITY[name])
            args = [self._bool(n, scope, f"an argument of {label}") for n in nodes]
            return Term(name.lower(), BOOL, tuple(args))
        if name == "If":
            self._arity(node, nodes, 3)
            cond = self._bool(nodes[0], scope, "the condition of If")
            branches = unify(self._all(nodes[1:], scope))
            if branches is None:
                self._fail("sort-mismatch", node, "the two branches of If must have the same sort")
            return Term("ite", branches[0].sort, (cond, *branches))
        if name == "Distinct":
            if len(nodes) < 2:
                self._fail("arity", node, "Distinct needs at least two arguments")
            args = unify(self._all(nodes, scope))
            if args is None:
                self._fail("sort-mismatch", node, "arguments of Distinct must have the same sort")
            return Term("distinct", BOOL, tuple(args))
        if name in ("Sum", "Product"):
            if not nodes:
                self._fail("arity", node, f"{name} needs at least one argument")
            args = unify(self._all(nodes, scope))
            if args is None or not (args[0].sort.numeric or args[0].sort.kind == "BitVec"):
                self._fail("not-numeric", node, f"arguments of {name} must be numbers of one sort")
            if len(args) == 1:
                return args[0]
            return Term("add" if name == "Sum" else "mul", args[0].sort, tuple(args))
        if name in ("Select", "Store"):
            self._arity(node, nodes, 2 if name == "Select" else 3)
            if name == "Select":
                return self._select(node, nodes[0], nodes[1], scope)
            arr, idx, val = self._all(nodes, scope)
            if arr.sort.kind != "Array":
                self._fail("sort-mismatch", nodes[0], f"Store needs an array, got {arr.sort}")
            idx, val = coerce(idx, arr.sort.domain), coerce(val, arr.sort.range)
            if idx is None or val is None:
                self._fail("sort-mismatch", node, f"Store on {arr.sort} needs a {arr.sort.domain} index "
                                                  f"and a {arr.sort.range} value")
            return Term("store", arr.sort, (arr, idx, val))
        if name == "BitVecVal":
            self._arity(node, nodes, 2)
            value, width = nodes
            if not (isinstance(value, (Literal, Unary)) and isinstance(width, Literal) and width.kind == "int"):
                self._fail("unsupported", node, "BitVecVal takes two integer literals", "BitVecVal(5, 8)")
            v = self.term(value, scope)
            if v.op != "int" or not 1 <= width.value <= MAX_BITVEC_WIDTH:
                self._fail("bitvec-width", node, "BitVecVal needs an integer and a width from 1 to "
                                                 f"{MAX_BITVEC_WIDTH}")
            return coerce(v, bitvec(width.value))
        if name in ("ToReal", "ToInt"):
            self._arity(node, nodes, 1)
            (arg,) = self._all(nodes, scope)
            want, out = (INT, REAL) if name == "ToReal" else (REAL, INT)
            if arg.sort != want:
                self._fail("sort-mismatch", node, f"{name} takes a {want}, got {arg.sort}")
            return Term("to_real" if name == "ToReal" else "to_int", out, (arg,))
        self._fail("not-a-function", node, f"'{name}' is a keyword, not a function")

    def _arity(self, node: Call, nodes, n: int) -> None:
        if len(nodes) != n:
            self._fail("arity", node, f"{node.alias or node.func} takes {n} argument(s), got {len(nodes)}")

    def _select(self, node: Node, base: Node, index: Node, scope) -> Term:
        arr, idx = self._all((base, index), scope)
        if arr.sort.kind != "Array":
            self._fail("sort-mismatch", base, f"only arrays can be indexed, got {arr.sort}",
                       "apply a function instead: f(x)")
        c = coerce(idx, arr.sort.domain)
        if c is None:
            self._fail("sort-mismatch", index, f"index must be {arr.sort.domain}, got {idx.sort}")
        return Term("select", arr.sort.range, (arr, c))

    def _quantifier(self, node: Call, scope) -> Term:
        name = node.func
        if len(node.args) != 2:
            self._fail("arity", node, f"{name} takes a list of variables and a body, got {len(node.args)} argument(s)",
                       f"{name}([x, y], body)")
        bound_nodes = node.args[0].items if isinstance(node.args[0], ListOf) else (node.args[0],)
        if not bound_nodes:
            self._fail("quantifier-variable", node, f"{name} needs at least one variable", f"{name}([x], body)")
        if len(bound_nodes) > MAX_BOUND:
            self._fail("too-many", node, f"{name} binds {len(bound_nodes)} variables (limit {MAX_BOUND})")
        inner, bound, failed = dict(scope), [], False
        for v in bound_nodes:
            sort = self._bound_sort(v, scope)
            if sort is None:
                failed = True
                if isinstance(v, Name):
                    inner[v.id] = None  # already reported: its uses in the body stay silent
                continue
            inner[v.id] = sort
            bound.append((v.id, sort))
        body = self._bool(node.args[1], inner, f"the body of {name}") if not failed else None
        if failed:
            try:  # still report problems inside the body, with the variables we could bind
                self.term(node.args[1], inner)
            except _Fail:
                pass
            raise _Fail
        return Term("forall" if name == "ForAll" else "exists", BOOL, (body,), tuple(bound))

    def _bound_sort(self, v: Node, scope) -> Sort | None:
        if not isinstance(v, Name):
            self._error("quantifier-variable", v, "quantify over variable names only", "ForAll([x, y], body)")
            return None
        sym = self.symbols
        if v.id in scope:
            return scope[v.id]
        if v.id in sym.variables:
            return sym.variables[v.id]
        kind = sym.kind_of(v.id)
        if kind is not None:
            self._error("quantifier-variable", v, f"'{v.id}' is a {kind}; only variables can be quantified",
                        "declare a variable in \"variables\" and quantify over it instead")
        else:
            self._error("undeclared-name", v, f"undeclared variable '{v.id}'",
                        sym.suggest(v.id, sym.variables)
                        or f"declare it in \"variables\": {{\"name\": \"{v.id}\", \"sort\": \"...\"}}")
        return None

    # operators --------------------------------------------------------------------

    def _compare(self, node: Compare, scope) -> Term:
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
        if op not in ("eq", "ne") and not (pair[0].sort.numeric or pair[0].sort.kind == "BitVec"):
            self._fail("not-numeric", node, f"{node.ops[0]} needs numbers, got {pair[0].sort}",
                       "only == and != compare values of declared sorts")
        if op == "ne":
            return Term("distinct", BOOL, tuple(pair))
        return Term(op, BOOL, tuple(pair))

    @staticmethod
    def _compare_hint(left: Term, right: Term) -> str | None:
        sorts = {left.sort.kind, right.sort.kind}
        if "Bool" in sorts and sorts & {"Int", "Real"}:
            return "a Bool is True or False, not a number"
        return None

    def _binop(self, node: BinOp, scope) -> Term:
        left, right = self._all((node.left, node.right), scope)
        if node.op in _BITWISE:
            bv_op, bool_op = _BITWISE[node.op]
            pair = unify([left, right])
            if pair and pair[0].sort == BOOL and bool_op:
                return Term(bool_op, BOOL, tuple(pair))
            if pair and pair[0].sort.kind == "BitVec":
                return Term(bv_op, pair[0].sort, tuple(pair))
            self._fail("sort-mismatch", node, f"{node.op} needs two bit-vectors of one width, got {left.sort} "
                                              f"and {right.sort}", "for Bools write And/Or/Xor")
        pair = unify([left, right])
        if pair is None or not (pair[0].sort.numeric or pair[0].sort.kind == "BitVec"):
            hint = "Bools are not numbers; use If(b, 1, 0)" if BOOL in (left.sort, right.sort) else None
            self._fail("not-numeric", node, f"{node.op} needs numbers of one sort, got {left.sort} and {right.sort}",
                       hint)
        sort = pair[0].sort
        if node.op == "%" and sort == REAL:
            self._fail("not-numeric", node, "% needs integers, got RealSort")
        if node.op == "**" and sort.kind == "BitVec":
            self._fail("not-numeric", node, "** is not defined on bit-vectors")
        op = _ARITH[node.op]
        if op == "div" and sort == INT:
            op = "idiv"
        return Term(op, sort, tuple(pair))

    def _unary(self, node: Unary, scope) -> Term:
        arg = self.term(node.operand, scope)
        if node.op == "~" and arg.sort == BOOL:
            return Term("not", BOOL, (arg,))
        if node.op == "~" and arg.sort.kind == "BitVec":
            return Term("bvnot", arg.sort, (arg,))
        if node.op in "+-" and (arg.sort.numeric or arg.sort.kind == "BitVec"):
            if node.op == "+":
                return arg
            if arg.op in ("int", "real"):
                return Term(arg.op, arg.sort, value=-arg.value)
            return Term("neg", arg.sort, (arg,))
        self._fail("not-numeric", node, f"unary {node.op} is not defined on {arg.sort}",
                   "write Not(...) to negate a Bool" if arg.sort == BOOL else None)
