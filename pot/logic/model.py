"""Z3 models → plain JSON a person and a program can read, restricted to the program's symbols.

Values:
- Booleans and integers are JSON booleans and numbers; non-integral rationals strings like "1/3";
- an integer of more than MAX_INT_DIGITS digits `{"digits_over": 1000, "negative": false}`: Z3's
  conversion to decimal takes time quadratic in the digits, past Python's int-string limit, and
  such a value could not be written back as a literal anyway;
- irrational (algebraic) reals `{"approx": "1.414213562373", "root_of": "x**2 - 2",
  "between": ["1414213562373/1000000000000", "..."]}` — never a bare truncated decimal;
- bit-vectors `{"width": 8, "unsigned": 200, "signed": -56}`;
- enum values their own name — `"Color.red"` when a constant of the program is also named
  `red` (it shadows the value, and `red` alone would read as the constant); elements of
  declared sorts `"Person#0"`, each listed in `universes[sort]`;
- arrays a table, like functions.

Building a model's JSON is bounded by the call's deadline: once it passes, the walk stops
with `ModelTimeout`, and the caller records the model as not computed.

A table (a function or an array) is `{"entries": [{"args": [...], "value": v}, ...]}` plus either
`"default": v` (the value at every argument not listed) or, when the model defines the rest by
a formula over an infinite or too large domain, `"params": ["x1", ...], "rule": "<expression>"`:
the value at every argument not listed, written in the DSL's syntax with the program's names.

`division_by_zero` (present when the model interprets it) gives the value of `x / 0` (Real),
`x / 0` on Int operands (`div`) and `x % 0` (`mod`) as tables over x: Z3 leaves them
unspecified, so a verdict may depend on them.
"""

from __future__ import annotations

import ctypes
import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, Protocol

import z3

MAX_INT_DIGITS = 1000  # as many as a literal may have (pot.dsl.parser.MAX_LITERAL_DIGITS)
MAX_ROWS = 4096  # argument tuples evaluated when tabulating over finite domains
APPROX_DIGITS = 12
MAX_RULE_DEPTH = 60  # nesting shown of a rule; deeper subterms print as "…" (the table says it is truncated)

_DIV0 = {"/0": "/", "div0": "div", "mod0": "mod"}  # Z3's names for the values of x / 0, x div 0, x mod 0


class ModelTimeout(Exception):
    """The call's deadline passed while a model was being read: the model is not computed."""


class Clock(Protocol):
    """What the walk asks of a deadline (pot.logic.deadline.Deadline)."""

    @property
    def expired(self) -> bool: ...


class Symbols(Protocol):
    """The program's vocabulary in Z3 (pot.logic.compile.Compiled, pot.smtlib.script.Symbols)."""

    @property
    def sorts(self) -> Any: ...
    @property
    def functions(self) -> dict[str, z3.FuncDeclRef]: ...
    @property
    def constants(self) -> dict[str, z3.ExprRef]: ...


def element_name(v: z3.ExprRef) -> str:
    """The display name of an element of a declared sort: `Person!val!0` → `Person#0`."""
    return v.decl().name().replace("!val!", "#")


class _Writer:
    """Converts one model's values, remembering every declared-sort element it names."""

    def __init__(self, model: z3.ModelRef, deadline: Clock | None = None, constants: frozenset[str] = frozenset()):
        self.model, self.deadline = model, deadline
        self.constants = constants  # the program's constant names: an enum value of such a name is qualified
        self._bound: z3.ArithRef | None = None  # 10**MAX_INT_DIGITS in the model's context
        self.seen: dict[str, list[str]] = {}  # declared sort → elements named, in order met
        self.universes: dict[str, list[z3.ExprRef]] = {}

    def universe(self, sort: z3.SortRef) -> list[z3.ExprRef]:
        """The elements of a declared sort: Z3's universe, or (a sort is never empty) one it makes up."""
        if sort.name() not in self.universes:
            self.universes[sort.name()] = list(self.model.get_universe(sort) or []) \
                or [self.interpret(z3.FreshConst(sort, "pot!any"))]
        return self.universes[sort.name()]

    # ---- values -------------------------------------------------------------------------
    def value(self, v: z3.ExprRef) -> Any:
        self.tick()
        if z3.is_true(v):
            return True
        if z3.is_false(v):
            return False
        if z3.is_int_value(v):
            return self.integer(v)
        if z3.is_bv_value(v):
            if v.size() <= 64:
                return {"width": v.size(), "unsigned": v.as_long(), "signed": v.as_signed_long()}
            # wider (SMT-LIB scripts): read as integers, so a value past MAX_INT_DIGITS is marked
            return {"width": v.size(), "unsigned": self.integer(z3.simplify(z3.BV2Int(v))),
                    "signed": self.integer(z3.simplify(z3.BV2Int(v, is_signed=True)))}
        if z3.is_rational_value(v):
            num, den = self.integer(v.numerator()), self.integer(v.denominator())
            if isinstance(num, int) and isinstance(den, int):
                return num if den == 1 else f"{num}/{den}"
            return {**(num if isinstance(num, dict) else _huge(num < 0)), "rational": True}
        if z3.is_algebraic_value(v):
            return _algebraic(v, self.integer)
        if v.sort().kind() == z3.Z3_ARRAY_SORT:
            return self.array(v)
        if z3.is_app(v) and v.num_args() == 0 and v.sort().kind() == z3.Z3_UNINTERPRETED_SORT:
            name = element_name(v)
            seen = self.seen.setdefault(v.sort().name(), [])
            if name not in seen:
                seen.append(name)
            return name
        if z3.is_app(v) and v.num_args() == 0 and v.sort().kind() == z3.Z3_DATATYPE_SORT:
            name = v.decl().name()  # an enum value
            return f"{v.sort().name()}.{name}" if name in self.constants else name
        if z3.is_string_value(v):  # SMT-LIB scripts only
            return {"string": v.as_string()}
        return {"term": self.dsl(v, {})}  # not a value (should not happen in a completed model)

    def integer(self, v: z3.IntNumRef) -> int | dict[str, Any]:
        """An integer numeral as an int, or a `digits_over` mark when it has more than MAX_INT_DIGITS digits."""
        small = ctypes.c_longlong()
        if z3.Z3_get_numeral_int64(v.ctx_ref(), v.as_ast(), small):
            return small.value
        if self._bound is None:
            self._bound = z3.IntVal(10**MAX_INT_DIGITS, v.ctx)
        if z3.is_true(z3.simplify(z3.And(v < self._bound, v > -self._bound))):
            return int(v.as_string())
        return _huge(z3.is_true(z3.simplify(v < 0)))

    def tick(self) -> None:
        """Stop the walk (ModelTimeout) once the deadline has passed."""
        if self.deadline is not None and self.deadline.expired:
            raise ModelTimeout

    def interpret(self, t: z3.ExprRef) -> z3.ExprRef:
        """`t`'s value in the model (Z3's model evaluation, completed where the model leaves it free)."""
        self.tick()
        return self.model.eval(t, model_completion=True)

    # ---- tables ---------------------------------------------------------------------------
    def table(self, domain: list[z3.SortRef], apply: Callable[[list[z3.ExprRef]], z3.ExprRef],
              has_interp: bool = True) -> dict[str, Any]:
        """The table of `apply` (a function or an array read) over `domain` in the model."""
        params = [z3.FreshConst(s, "pot!x") for s in domain]
        if not has_interp:  # the model leaves it free: model completion makes it a constant
            return {"entries": [], "default": self.value(self.interpret(apply(self._some_args(domain))))}
        term = self.model.eval(apply(params), model_completion=False)
        entries, rest = _ite_entries(term, params)
        if _is_value(rest):
            return {"entries": self._entries(entries), "default": self.value(rest)}
        finite = [self._finite(s) for s in domain]
        if all(d is not None for d in finite) and _product([len(d) for d in finite if d is not None]) <= MAX_ROWS:
            rows = [(list(args), self.value(self.interpret(apply(list(args)))))
                    for args in itertools.product(*[d for d in finite if d is not None])]
            return _compress([([self.value(a) for a in args], v) for args, v in rows])
        names = {p.get_id(): f"x{i + 1}" for i, p in enumerate(params)}
        printer = _Printer(self, names)
        rule = printer.text(rest)
        out = {"entries": self._entries(entries), "params": list(names.values()), "rule": rule}
        return {**out, "truncated": True} if printer.truncated else out

    def array(self, v: z3.ArrayRef) -> dict[str, Any]:
        """An array value: Z3 gives stores over a constant array, a function (as-array) or a lambda."""
        stores: dict[str, dict[str, Any]] = {}
        while z3.is_store(v) and _is_value(v.arg(1)) and _is_value(v.arg(2)):
            entry = {"args": [self.value(v.arg(1))], "value": self.value(v.arg(2))}
            stores.setdefault(json.dumps(entry["args"], sort_keys=True), entry)  # the outer store wins
            v = v.arg(0)
        if z3.is_K(v) and _is_value(v.arg(0)):
            rest: dict[str, Any] = {"entries": [], "default": self.value(v.arg(0))}
        elif z3.is_as_array(v):
            f = z3.get_as_array_func(v)
            rest = self.table([f.domain(i) for i in range(f.arity())], _applier(f))
        else:  # a lambda (a QuantifierRef: its sort, not itself, has the domain)
            rest = self.table([v.sort().domain()], lambda args: z3.Select(v, *args))
        shadowed = [e for e in rest["entries"] if json.dumps(e["args"], sort_keys=True) not in stores]
        return {**rest, "entries": [*stores.values(), *shadowed]}

    def _entries(self, entries: list[tuple[list[z3.ExprRef], z3.ExprRef]]) -> list[dict[str, Any]]:
        return [{"args": [self.value(a) for a in args], "value": self.value(v)} for args, v in entries]

    def _some_args(self, domain: list[z3.SortRef]) -> list[z3.ExprRef]:
        out = []
        for s in domain:
            elements = self._finite(s)
            out.append(elements[0] if elements else self.interpret(z3.FreshConst(s, "pot!any")))
        return out

    def _finite(self, sort: z3.SortRef) -> list[z3.ExprRef] | None:
        """The finitely many elements the model gives a sort, or None when it is infinite."""
        if sort.kind() == z3.Z3_BOOL_SORT:
            return [z3.BoolVal(False, sort.ctx), z3.BoolVal(True, sort.ctx)]
        if sort.kind() == z3.Z3_DATATYPE_SORT and all(sort.constructor(i).arity() == 0
                                                        for i in range(sort.num_constructors())):
            return [sort.constructor(i)() for i in range(sort.num_constructors())]
        if sort.kind() == z3.Z3_UNINTERPRETED_SORT:
            return self.universe(sort)
        if sort.kind() == z3.Z3_BV_SORT and sort.size() <= 12:
            return [z3.BitVecVal(i, sort.size(), sort.ctx) for i in range(2 ** sort.size())]
        return None

    # ---- rules in the DSL's syntax --------------------------------------------------------
    def dsl(self, t: z3.ExprRef, names: dict[int, str]) -> str:
        return _Printer(self, names).text(t)


def _huge(negative: bool) -> dict[str, Any]:
    """The mark of an integer too large to write out: its sign, never a made-up value."""
    return {"digits_over": MAX_INT_DIGITS, "negative": negative}


def _algebraic(v: z3.AlgebraicNumRef, integer: Callable[[z3.IntNumRef], int | dict[str, Any]]) -> dict[str, Any]:
    """An irrational value; `root_of` is None when a coefficient has more than MAX_INT_DIGITS digits."""
    ctx = v.ctx_ref()
    lower = z3.RatNumRef(z3.Z3_get_algebraic_number_lower(ctx, v.as_ast(), APPROX_DIGITS), v.ctx)
    upper = z3.RatNumRef(z3.Z3_get_algebraic_number_upper(ctx, v.as_ast(), APPROX_DIGITS), v.ctx)
    coefficients = [integer(c) for c in v.poly()]
    exact = [c for c in coefficients if isinstance(c, int)]
    return {"approx": v.as_decimal(APPROX_DIGITS).rstrip("?"),
            "root_of": _polynomial(exact) if len(exact) == len(coefficients) else None,
            "between": [_rational(lower), _rational(upper)]}


def _rational(r: z3.RatNumRef) -> str:
    num, den = r.numerator_as_long(), r.denominator_as_long()
    return str(num) if den == 1 else f"{num}/{den}"


def _polynomial(coefficients: list[int]) -> str:
    """[-2, 0, 1] → "x**2 - 2" (coefficients from the constant term up)."""
    terms: list[str] = []
    for k in reversed(range(len(coefficients))):
        c = coefficients[k]
        if c == 0:
            continue
        power = "" if k == 0 else "x" if k == 1 else f"x**{k}"
        size = str(abs(c)) if abs(c) != 1 or k == 0 else ""
        body = f"{size}*{power}" if size and power else size or power
        sign = "-" if c < 0 else "+"
        terms.append(f"{sign} {body}" if terms else ("-" + body if c < 0 else body))
    return " ".join(terms) or "0"


def _is_value(t: z3.ExprRef) -> bool:
    if z3.is_true(t) or z3.is_false(t) or z3.is_int_value(t) or z3.is_rational_value(t) or z3.is_bv_value(t):
        return True
    if z3.is_algebraic_value(t):
        return True
    if t.sort().kind() == z3.Z3_ARRAY_SORT:
        if z3.is_K(t):
            return _is_value(t.arg(0))
        return z3.is_store(t) and all(_is_value(t.arg(i)) for i in range(3))
    if z3.is_string_value(t):
        return True
    # enum values, and the elements Z3 names `Sort!val!k`
    return z3.is_app(t) and t.num_args() == 0 and (t.decl().kind() == z3.Z3_OP_DT_CONSTRUCTOR
                                                   or "!val!" in t.decl().name())


def _ite_entries(term: z3.ExprRef, params: list[z3.ExprRef]) -> tuple[list[tuple[list[z3.ExprRef], z3.ExprRef]],
                                                                       z3.ExprRef]:
    """Split `If(args == values, v, rest)` chains into entries, and what remains."""
    entries = []
    ids = [p.get_id() for p in params]
    listed: set[tuple[int, ...]] = set()
    while z3.is_app_of(term, z3.Z3_OP_ITE):
        args = _point(term.arg(0), ids)
        if args is None or not _is_value(term.arg(1)):
            break
        if tuple(a.get_id() for a in args) not in listed:  # a repeated point is unreachable
            listed.add(tuple(a.get_id() for a in args))
            entries.append((args, term.arg(1)))
        term = term.arg(2)
    return entries, term


def _point(cond: z3.ExprRef, ids: list[int]) -> list[z3.ExprRef] | None:
    """The argument values `cond` fixes when it is `x1 == v1 and ... and xn == vn`."""
    parts = list(cond.children()) if z3.is_and(cond) else [cond]
    found: dict[int, z3.ExprRef] = {}
    for part in parts:
        if not z3.is_eq(part):
            return None
        a, b = part.arg(0), part.arg(1)
        if b.get_id() in ids:
            a, b = b, a
        if a.get_id() not in ids or not _is_value(b) or a.get_id() in found:
            return None
        found[a.get_id()] = b
    if len(found) != len(ids):
        return None
    return [found[i] for i in ids]


def _compress(rows: list[tuple[list[Any], Any]]) -> dict[str, Any]:
    """A full table (never empty: every finite domain has an element) as the exceptions to its most common value."""
    keyed = Counter(json.dumps(v, sort_keys=True) for _, v in rows)
    common = keyed.most_common(1)[0][0]
    default = next(v for _, v in rows if json.dumps(v, sort_keys=True) == common)
    return {"entries": [{"args": args, "value": v} for args, v in rows if json.dumps(v, sort_keys=True) != common],
            "default": default}


def _product(sizes: Iterable[int]) -> int:
    size = 1
    for n in sizes:
        size *= n
        if size > MAX_ROWS:
            break
    return size


_INFIX = {z3.Z3_OP_EQ: "==", z3.Z3_OP_LE: "<=", z3.Z3_OP_LT: "<", z3.Z3_OP_GE: ">=", z3.Z3_OP_GT: ">",
          z3.Z3_OP_ADD: "+", z3.Z3_OP_SUB: "-", z3.Z3_OP_MUL: "*", z3.Z3_OP_DIV: "/", z3.Z3_OP_IDIV: "/",
          z3.Z3_OP_MOD: "%", z3.Z3_OP_POWER: "**", z3.Z3_OP_BADD: "+", z3.Z3_OP_BSUB: "-", z3.Z3_OP_BMUL: "*",
          z3.Z3_OP_SLEQ: "<=", z3.Z3_OP_SLT: "<", z3.Z3_OP_SGEQ: ">=", z3.Z3_OP_SGT: ">", z3.Z3_OP_BSDIV: "/",
          z3.Z3_OP_BSMOD: "%", z3.Z3_OP_BAND: "&", z3.Z3_OP_BOR: "|", z3.Z3_OP_BXOR: "^", z3.Z3_OP_BSHL: "<<",
          z3.Z3_OP_BASHR: ">>"}
_CALL = {z3.Z3_OP_AND: "And", z3.Z3_OP_OR: "Or", z3.Z3_OP_NOT: "Not", z3.Z3_OP_IMPLIES: "Implies",
         z3.Z3_OP_XOR: "Xor", z3.Z3_OP_ITE: "If", z3.Z3_OP_DISTINCT: "Distinct", z3.Z3_OP_TO_REAL: "ToReal",
         z3.Z3_OP_TO_INT: "ToInt", z3.Z3_OP_SELECT: "Select", z3.Z3_OP_STORE: "Store"}


class _Printer:
    """A Z3 term as a DSL expression: the program's function names, `x1`… for the parameters."""

    def __init__(self, writer: _Writer, names: dict[int, str]):
        self.writer, self.names = writer, names
        self.depth = 0
        self.truncated = False

    def text(self, t: z3.ExprRef) -> str:
        self.depth += 1
        try:
            if self.depth > MAX_RULE_DEPTH:
                self.truncated = True
                return "…"
            return self._text(t)
        finally:
            self.depth -= 1

    def _text(self, t: z3.ExprRef) -> str:
        if t.get_id() in self.names:
            return self.names[t.get_id()]
        if _is_value(t) and t.sort().kind() != z3.Z3_ARRAY_SORT:
            return self.literal(t)
        if not z3.is_app(t):
            return t.sexpr()  # a quantifier or lambda inside a rule: rare, shown as Z3 prints it
        kind, args = t.decl().kind(), t.children()
        if kind == z3.Z3_OP_UMINUS and len(args) == 1:
            return f"-{self.operand(args[0])}"
        if kind == z3.Z3_OP_BNOT and len(args) == 1:
            return f"~{self.operand(args[0])}"
        if kind in _INFIX and len(args) >= 2:
            return f" {_INFIX[kind]} ".join(self.operand(a) for a in args)
        name = _CALL.get(kind) or t.decl().name()
        if not args:
            return name
        return f"{name}({', '.join(self.text(a) for a in args)})"

    def operand(self, t: z3.ExprRef) -> str:
        s = self.text(t)
        infix = z3.is_app(t) and t.decl().kind() in _INFIX and t.num_args() >= 2
        return f"({s})" if infix or s.startswith("-") else s

    def literal(self, t: z3.ExprRef) -> str:
        v = self.writer.value(t)
        if isinstance(v, bool):
            return str(v)
        if isinstance(v, dict) and ("digits_over" in v or isinstance(v.get("unsigned"), dict)):
            self.truncated = True  # a value too large to write out
            return "…"
        if isinstance(v, dict) and "width" in v:
            return f"BitVecVal({v['unsigned']}, {v['width']})"
        if isinstance(v, dict) and "approx" in v:
            return f"{v['approx']}…"
        if isinstance(v, dict) and "string" in v:
            return json.dumps(v["string"], ensure_ascii=False)
        if isinstance(v, str) and "/" in v:  # a rational: `1/3` would be integer division
            num, den = v.split("/")
            return f"(ToReal({num}) / {den})"
        return str(v)


def value_json(v: z3.ExprRef, model: z3.ModelRef | None = None, deadline: Clock | None = None) -> Any:
    """One value of a model as JSON (arrays read through `model` when given); ModelTimeout once `deadline` passes."""
    if model is None:
        model = z3.ModelRef(z3.Z3_mk_model(v.ctx_ref()), v.ctx)
    return _Writer(model, deadline).value(v)


def model_json(model: z3.ModelRef, compiled: Symbols, deadline: Clock | None = None) -> dict[str, Any]:
    """The program's constants, functions and declared-sort universes in `model`.

    Raises ModelTimeout when `deadline` passes before the walk is done."""
    nullary = [name for name, f in compiled.functions.items() if f.arity() == 0]
    w = _Writer(model, deadline, frozenset([*compiled.constants, *nullary]))
    declared = [s for s in compiled.sorts.values() if s.kind() == z3.Z3_UNINTERPRETED_SORT]
    for sort in declared:  # first, so that a sort the model leaves empty gets its element before any use
        w.universe(sort)
    constants = {name: w.value(w.interpret(c)) for name, c in compiled.constants.items()}
    functions = {}
    for name, f in compiled.functions.items():
        if f.arity() == 0:
            constants[name] = w.value(w.interpret(f()))
        else:
            has = bool(z3.Z3_model_has_interp(model.ctx.ref(), model.model, f.ast))
            domain = [f.domain(i) for i in range(f.arity())]
            functions[name] = w.table(domain, _applier(f), has)
    out: dict[str, Any] = {"constants": constants, "functions": functions}
    division = _division_by_zero(w)
    if division:
        out["division_by_zero"] = division
    for sort in declared:
        for e in w.universe(sort):
            w.value(e)
    universes = {}
    for sort_name, seen in w.seen.items():
        universes[sort_name] = sorted(seen, key=_element_order)
    if universes:
        out["universes"] = universes
    return out


def _applier(f: z3.FuncDeclRef, *last: z3.ExprRef) -> Callable[[list[z3.ExprRef]], z3.ExprRef]:
    """`f` applied to the table's arguments, then to `last`."""
    return lambda args: f(*args, *last)


def _element_order(name: str) -> tuple[int, str]:
    stem, _, index = name.rpartition("#")
    return (int(index), stem) if index.isdecimal() and len(index) < 10 else (0, name)


def _division_by_zero(w: _Writer) -> dict[str, Any]:
    """Z3's interpretation of x / 0, x div 0 and x mod 0 in the model, as tables over x."""
    out = {}
    for d in w.model.decls():
        key = _DIV0.get(d.name())
        if key is None or d.arity() != 2:
            continue
        zero = z3.RealVal(0, d.ctx) if d.domain(1).kind() == z3.Z3_REAL_SORT else z3.IntVal(0, d.ctx)
        out[key] = w.table([d.domain(0)], _applier(d, zero))
    return out


def value_text(v: Any) -> str:
    """A value of the model JSON as text: `true`, `Person#0`, `200 (signed -56)`, `≈1.414213562373`."""
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "—"
    if isinstance(v, dict):
        if "digits_over" in v:
            sign = {True: "negative ", False: ""}.get(v["negative"], "")
            kind = "rational with a numerator or denominator" if v.get("rational") else "integer"
            return f"(a {sign}{kind} of more than {v['digits_over']} digits, not written out)"
        if "width" in v:
            signed = f" (signed {value_text(v['signed'])})" if v["signed"] != v["unsigned"] else ""
            return f"{value_text(v['unsigned'])}{signed}"
        if "approx" in v:
            root = f" (root of {v['root_of']})" if v.get("root_of") else ""
            return f"≈{v['approx']}{root}"
        if "entries" in v:
            cells = [f"[{', '.join(map(value_text, e['args']))}] = {value_text(e['value'])}" for e in v["entries"]]
            return "{" + "; ".join([*cells, f"otherwise {otherwise_text(v)}"]) + "}"
        if "string" in v:
            return json.dumps(v["string"], ensure_ascii=False)
        if "term" in v:
            return str(v["term"])
    return str(v)


_DIV0_CALL = {"/": ("x / 0", "{} / 0"), "div": ("x / 0 (Int)", "{} / 0"), "mod": ("x % 0", "{} % 0")}


def model_tables(model: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]], str]]:
    """Every table of a model JSON as text: (title, [(call, value)], what every other call gives)."""
    out = []
    tables = [(name, name + "({})", t) for name, t in (model.get("functions") or {}).items()]
    tables += [(*_DIV0_CALL[op], t) for op, t in (model.get("division_by_zero") or {}).items() if op in _DIV0_CALL]
    for title, call, table in tables:
        rows = [(call.format(", ".join(map(value_text, e["args"]))), value_text(e["value"])) for e in table["entries"]]
        if "rule" in table:
            otherwise = f"{call.format(', '.join(table['params']))} = {table['rule']}"
        else:
            otherwise = value_text(table.get("default"))
        out.append((title, rows, otherwise))
    return out


def otherwise_text(table: dict[str, Any]) -> str:
    """What a table gives every argument it does not list: its default, or its rule."""
    if "rule" in table:
        return f"({', '.join(table['params'])}) ↦ {table['rule']}"
    return value_text(table.get("default"))
