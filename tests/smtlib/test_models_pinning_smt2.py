"""Soundness of SMT-LIB models on the replay corpus: a model, stated back as assertions, settles its claim.

The SMT-LIB twin of tests/core/test_models_pinning.py. "Pinning back" turns a model's JSON
into SMT-LIB assertions (parsed by Z3 against the script's own symbols) that join the
premises of every check-sat, before its claim:
- every element of a declared sort becomes a constant; they are pairwise distinct, and
  every value of the sort is one of them (so the universe is exactly the model's);
- every constant gets its value;
- every function and array table: each entry, and the default for every argument not listed,
  as a `forall`;
- `division_by_zero` tables likewise, as assertions about `(/ x 0)`, `(div x 0)`, `(mod x 0)`.
Under entail semantics a counter-model pinned back must make its claim refuted and a witness
model proved; under sat semantics a check-sat's witness model, pinned back, must make the
claim that check tests proved. A model that cannot be stated is counted as such and fails
the test: nothing is skipped silently.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
import z3
from corpus import replay_records

import pot
from pot import ProgramError
from pot.logic.deadline import Deadline
from pot.logic.verdict import ClaimResult, Semantics
from pot.smtlib.api import load_script
from pot.smtlib.decide import claims_of, decide_script
from pot.smtlib.script import Assertion, Script

PIN_TIMEOUT_MS = 20_000


class Unpinnable(Exception):
    """The model JSON holds a value these pins cannot state."""


_SIMPLE = re.compile(r"[A-Za-z~!@$%^&*_\-+=<>.?/][\w~!@$%^&*\-+=<>.?/]*", re.ASCII)


def symbol(name: str) -> str:
    """A name as an SMT-LIB symbol: quoted unless it is a simple symbol (`|2Sum|`)."""
    return name if _SIMPLE.fullmatch(name) else f"|{name}|"


_OPS = {ast.Eq: "=", ast.NotEq: "distinct", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CALLS = {"And": "and", "Or": "or", "Not": "not", "Implies": "=>", "If": "ite", "ToReal": "to_real"}


def rule_smt2(node: ast.AST) -> str:
    """The Boolean rule of a function table (DSL syntax, elements already renamed) as SMT-LIB."""
    if isinstance(node, ast.Expression):
        return rule_smt2(node.body)
    if isinstance(node, ast.Name):
        return {"True": "true", "False": "false"}.get(node.id, node.id)
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return "true" if node.value else "false"
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return str(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return f"(- {rule_smt2(node.operand)})"
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
        return f"({_ARITH[type(node.op)]} {rule_smt2(node.left)} {rule_smt2(node.right)})"
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _OPS:
        return f"({_OPS[type(node.ops[0])]} {rule_smt2(node.left)} {rule_smt2(node.comparators[0])})"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CALLS:
        return f"({_CALLS[node.func.id]} {' '.join(rule_smt2(a) for a in node.args)})"
    raise Unpinnable(f"rule part {ast.dump(node)[:80]}")


@dataclass
class _Pins:
    script: Script
    elements: dict[str, str] = field(default_factory=dict)  # "Person#0" → pinned constant name
    declarations: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    fresh: int = 0

    def name(self, stem: str) -> str:
        self.fresh += 1
        return f"pinned_{stem}_{self.fresh}"

    def text(self, v: Any) -> str:
        """A value of the model JSON as an SMT-LIB term."""
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return f"(- {-v})" if v < 0 else str(v)
        if isinstance(v, str) and re.fullmatch(r"-?\d+/\d+", v):
            num, den = v.split("/")
            return f"(/ {self.text(int(num))}.0 {den}.0)" if not num.startswith("-") else f"(- (/ {num[1:]}.0 {den}.0))"
        if isinstance(v, str):
            return self.elements.get(v) or symbol(v)  # an element, or a datatype value's own name
        if isinstance(v, dict) and set(v) == {"string"}:
            return '"' + v["string"].replace('"', '""') + '"'
        if isinstance(v, dict) and "width" in v:
            return f"(_ bv{v['unsigned']} {v['width']})"
        raise Unpinnable(f"value {v!r}")

    def rule(self, table: dict[str, Any], params: list[str]) -> str:
        """A table's rule (DSL syntax over `table["params"]`) over `params`, as SMT-LIB."""
        text = re.sub(r"[^\W\d]\w*#\d+", lambda m: self.elements.get(m.group(0), m.group(0)), table["rule"])
        for old, new in zip(table["params"], params, strict=True):
            text = re.sub(rf"\b{re.escape(old)}\b(?!\()", new, text)
        return rule_smt2(ast.parse(text, mode="eval"))

    def table(self, call: str, sorts: list[str], table: dict[str, Any]) -> None:
        """Assertions fixing `call` (a format string over the arguments) everywhere."""
        if table.get("truncated"):
            raise Unpinnable(f"truncated rule {table['rule'][:80]!r}")
        for e in table["entries"]:
            self.facts.append(f"(= {call.format(*map(self.text, e['args']))} {self.text(e['value'])})")
        params = [self.name("v") for _ in sorts]
        listed = [" ".join(f"(= {p} {self.text(a)})" for p, a in zip(params, e["args"], strict=True))
                  for e in table["entries"]]
        rest = self.rule(table, params) if "rule" in table else self.text(table["default"])
        body = f"(= {call.format(*params)} {rest})"
        if listed:
            body = f"(=> (not (or false {' '.join(f'(and {c})' for c in listed)})) {body})"
        bound = " ".join(f"({p} {s})" for p, s in zip(params, sorts, strict=True))
        self.facts.append(f"(forall ({bound}) {body})")


def _call(name: str, arity: int) -> str:
    return f"({name} {' '.join('{}' for _ in range(arity))})" if arity else name


def pin(script: Script, model: dict[str, Any], tally: Counter[str]) -> list[z3.BoolRef]:
    """The assertions that state `model`, as Z3 terms in the script's context."""
    symbols = script.symbols()
    sorts, decls = _vocabulary(symbols)
    pins = _Pins(script)
    for sort, elements in (model.get("universes") or {}).items():
        if sort not in sorts:  # nothing mentions the sort: its universe changes nothing
            tally["universes of sorts no assertion mentions (not pinned)"] += 1
            continue
        names = [pins.name("e") for _ in elements]
        pins.elements.update(zip(elements, names, strict=True))
        pins.declarations += [f"(declare-const {n} {sort})" for n in names]
        if len(names) > 1:
            pins.facts.append(f"(distinct {' '.join(names)})")
        if names:
            v = pins.name("v")
            pins.facts.append(f"(forall (({v} {sort})) (or {' '.join(f'(= {v} {n})' for n in names)}))")
    for name, value in (model.get("constants") or {}).items():
        sort = symbols.constants[name].sort()
        if isinstance(value, dict) and "entries" in value:  # an array
            if not isinstance(sort, z3.ArraySortRef):
                raise Unpinnable(f"array value for {name} of sort {sort.sexpr()}")
            pins.table(f"(select {symbol(name)} {{}})", [sort.domain().sexpr()], value)
        elif isinstance(value, dict) and "approx" in value:
            raise Unpinnable(f"irrational value of {name}: {value['root_of']}")
        else:
            pins.facts.append(f"(= {symbol(name)} {pins.text(value)})")
    for name, table in (model.get("functions") or {}).items():
        f = symbols.functions[name]
        pins.table(_call(symbol(name), f.arity()), [f.domain(i).sexpr() for i in range(f.arity())], table)
    for op, table in (model.get("division_by_zero") or {}).items():
        call, sort = {"/": ("(/ {} 0.0)", "Real"), "div": ("(div {} 0)", "Int"), "mod": ("(mod {} 0)", "Int")}[op]
        pins.table(call, [sort], table)
    text = "\n".join(pins.declarations + [f"(assert {f})" for f in pins.facts])
    return list(z3.parse_smt2_string(text, sorts=sorts, decls=decls, ctx=script.ctx))


def _vocabulary(symbols: Any) -> tuple[dict[str, z3.SortRef], dict[str, Any]]:
    """The sorts (also those only a signature names, and datatypes with their constructors)
    and the declarations (constants, functions) the pins may use."""
    sorts = dict(symbols.sorts)
    decls: dict[str, Any] = {**symbols.constants, **symbols.functions}
    seen = [c.sort() for c in symbols.constants.values()]
    for f in symbols.functions.values():
        seen += [f.domain(i) for i in range(f.arity())] + [f.range()]
    while seen:
        sort = seen.pop()
        if isinstance(sort, z3.ArraySortRef):
            seen += [sort.domain(), sort.range()]
        elif sort.kind() in (z3.Z3_UNINTERPRETED_SORT, z3.Z3_DATATYPE_SORT):  # a datatype brings its constructors
            sorts[sort.name()] = sort
    return sorts, decls


def pinned_claim(source: str, check_id: str | None, claim_id: str, model: dict[str, Any],
                 tally: Counter[str]) -> ClaimResult:
    """The claim `claim_id` (or, with `check_id`, the claim that check-sat tests) decided under
    entail semantics once `model` joins the premises of every check-sat."""
    script = load_script(source)
    terms = pin(script, model, tally)
    first = len(script.assertions)
    script.assertions += [Assertion(index=first + k, line=0, column=0, text=str(t), name=None, term=t)
                          for k, t in enumerate(terms)]
    pinned = list(range(first, first + len(terms)))
    for check in script.checks:
        check.in_scope = pinned + check.in_scope  # before the claim: claims_of still picks it
    if check_id is not None:
        check = next(c for c in script.checks if c.id == check_id)
        claim_id = script.assertions[claims_of(script, check)[-1]].id
    verdict = decide_script(script, semantics=Semantics.ENTAIL, deadline=Deadline.after(PIN_TIMEOUT_MS),
                            evidence=False)
    return next(r for r in verdict.results if r.id == claim_id)


def _models(source: str) -> list[tuple[str, str | None, str, dict[str, Any], str]]:
    """(semantics, check id (sat) or None, claim id, model, expected kind once pinned) for every model pot gives."""
    out: list[tuple[str, str | None, str, dict[str, Any], str]] = []
    for semantics in ("entail", "sat"):
        try:
            verdict = pot.verify(source, format="smt2", semantics=semantics)
        except ProgramError:
            continue
        for r in verdict.results:
            check = r.id if semantics == "sat" else None
            if r.counter_model is not None:
                out.append((semantics, check, r.id, r.counter_model, "refuted"))
            if r.witness_model is not None:
                out.append((semantics, check, r.id, r.witness_model, "proved"))
    return out


def _settle(source: str, tally: Counter[str], failures: list, where: tuple) -> None:
    for semantics, check, claim, model, expected in _models(source):
        kind = "counter" if expected == "refuted" else "witness"
        tally[f"{semantics} {kind} models"] += 1
        try:
            got = pinned_claim(source, check, claim, model, tally)
        except Unpinnable as e:
            failures.append((*where, semantics, claim, kind, f"cannot state {e}"))
            continue
        except z3.Z3Exception as e:
            failures.append((*where, semantics, claim, kind, f"pins refused by Z3: {e}"))
            continue
        if got.kind == expected:
            tally[f"{semantics} {kind} models pinned back: {expected}"] += 1
        else:
            failures.append((*where, semantics, claim, kind, f"{got.kind} once pinned, expected {expected}"))


@pytest.mark.slow
def test_every_smt2_corpus_model_pinned_back_settles_its_claim():
    records = replay_records("smt2")
    tally: Counter[str] = Counter()
    failures: list = []
    for record in records:
        _settle(record["program"], tally, failures, (record["model"], record["id"]))
    print("\nSMT-LIB models pinned back:", dict(tally), "failures:", len(failures))
    assert tally["entail counter models"] and tally["entail witness models"] and tally["sat witness models"], tally
    assert not failures, failures[:20]


HAND_MADE = """(declare-sort Person 0)
(declare-fun human (Person) Bool)
(declare-fun age (Person) Int)
(declare-const a Person)
(declare-const b Person)
(declare-const arr (Array Int Int))
(declare-const bv (_ BitVec 8))
(declare-const r Real)
(declare-const n Int)
(assert (human a))
(assert (> (age a) 3))
(assert (= (select arr 1) 5))
(assert (= (* r 3.0) (- 1.0)))
(assert (bvslt bv #x00))
(assert (> (+ (div n 0) (select arr n)) 3))
(assert (human b))
(check-sat)
"""


def test_hand_made_models_pinned_back_settle_their_claim():
    """Elements, a function table, an array, a bit-vector, a negative rational, division by zero."""
    tally: Counter[str] = Counter()
    failures: list = []
    _settle(HAND_MADE, tally, failures, ("hand-made",))
    assert not failures, failures
    assert tally["entail counter models pinned back: refuted"] == 1
    assert tally["entail witness models pinned back: proved"] == 1
    assert tally["sat witness models pinned back: proved"] == 1
