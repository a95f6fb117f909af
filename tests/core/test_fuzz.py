"""Property tests over whole programs: random expressions in a fixed vocabulary never make
`check` raise, and `verify` always ends in a Verdict or a ProgramError."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pot
from pot import ProgramError, Verdict

pytestmark = pytest.mark.slow  # property-based fuzzing of whole programs

VOCABULARY = {
    "sorts": [{"name": "P", "type": "DeclareSort"}, {"name": "C", "type": "EnumSort", "values": ["red", "blue"]},
              {"name": "B", "type": "BitVecSort(4)"}, {"name": "A", "type": "ArraySort(IntSort, RealSort)"}],
    "functions": [{"name": "f", "domain": ["P"], "range": "IntSort"},
                  {"name": "g", "domain": ["IntSort", "RealSort"], "range": "BoolSort"},
                  {"name": "h", "domain": ["P"], "range": "C"}, {"name": "w", "range": "B"},
                  {"name": "arr", "range": "A"}, {"name": "r", "range": "RealSort"},
                  {"name": "q", "domain": ["P"], "range": "BoolSort"}],
    "constants": {"ps": {"sort": "P", "members": ["a", "b"]}},
    "variables": [{"name": "x", "sort": "P"}, {"name": "n", "sort": "IntSort"}],
    "optimization": {"variables": [{"name": "m", "sort": "IntSort"}], "constraints": ["m < 5"],
                     "objectives": [{"type": "maximize", "expression": "m"}]},
    "actions": ["verify_conditions", "optimize"],
}

ATOMS = st.sampled_from(["a", "b", "x", "n", "red", "blue", "w", "arr", "r", "1", "0", "2.5", "True", "False",
                         "P", "f", "zz"])
OPERATORS = st.sampled_from(["+", "-", "*", "/", "%", "**", "&", "|", "^", "<<", ">>", "==", "!=", "<", "<=", ">",
                             ">=", "and", "or"])
CALLEES = st.sampled_from(["f", "g", "h", "q", "And", "Or", "Not", "Implies", "Xor", "If", "Distinct", "Sum",
                           "Product", "Select", "Store", "ToReal", "ToInt", "BitVecVal", "ForAll"])


def _anything(ch):
    return st.one_of(
        st.tuples(ch, OPERATORS, ch).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(CALLEES, st.lists(ch, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(st.sampled_from(["ForAll", "Exists"]), st.sampled_from(["x", "n", "a", "x, n"]), ch).map(
            lambda t: f"{t[0]}([{t[1]}], {t[2]})"),
        st.tuples(ch, ch).map(lambda t: f"{t[0]}[{t[1]}]"),
        ch.map(lambda c: f"-{c}"), ch.map(lambda c: f"~{c}"), ch.map(lambda c: f"not {c}"),
    )


FACTS = st.sampled_from([
    "q(a)", "q(x)", "g(n, r)", "g(f(a), 2)", "f(x) > 1", "f(a) + f(b) == n", "h(b) == red", "h(x) != blue",
    "w == 3", "(w & 5) == 1", "arr[n] > r", "Store(arr, 1, r)[1] == r", "r * r == 2", "n % 3 == 1",
    "f(a) / 2 == n", "ToInt(r) == n", "ForAll([x], q(x))", "Exists([n], g(n, r))", "If(q(a), f(a), n) > 0",
    "Distinct(a, b)", "w >> 1 == w", "Sum(f(a), n, 1) > r", "f(a) ** 2 == n", "2 ** n == 8", "r ** 2 > r",
    "Product(f(a), n) > 1", "ToReal(n) < r", "w == BitVecVal(3, 4)", "(w << 1) != w", "(w ^ 5) == ~w",
])


def _formula(ch):
    return st.one_of(
        st.tuples(ch, st.sampled_from(["and", "or", "==", "!="]), ch).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["And", "Or", "Implies", "Xor"]), ch, ch).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        ch.map(lambda c: f"Not({c})"), ch.map(lambda c: f"not {c}"),
        st.tuples(st.sampled_from(["ForAll", "Exists"]), st.sampled_from(["x", "n", "x, n"]), ch).map(
            lambda t: f"{t[0]}([{t[1]}], {t[2]})"),
    )


EXPRESSIONS = st.one_of(st.recursive(FACTS, _formula, max_leaves=8), st.recursive(ATOMS, _anything, max_leaves=10))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(EXPRESSIONS, max_size=3), st.lists(EXPRESSIONS, min_size=1, max_size=2),
       st.sampled_from(["entail", "sat"]))
def test_random_programs_end_in_a_verdict_or_a_program_error(facts, claims, semantics):
    program = dict(VOCABULARY, knowledge_base=facts, verifications=[{"constraint": c} for c in claims])
    diagnostics = pot.check(program)
    errors = [d for d in diagnostics if d.severity == "error"]
    try:
        verdict = pot.verify(program, semantics=semantics, timeout_ms=300)
    except ProgramError as e:
        assert errors and e.errors == errors
        return
    assert not errors
    assert isinstance(verdict, Verdict) and len(verdict.results) == len(claims)
    assert verdict.optimization is not None and verdict.optimization.status in ("sat", "unknown")
    json.loads(json.dumps(verdict.to_json()))


WELL_SORTED = st.recursive(FACTS, lambda ch: st.one_of(
    _formula(ch).filter(lambda f: " == " not in f and " != " not in f),  # not a chain of comparisons
    st.tuples(ch, st.sampled_from(["==", "!="]), ch).map(lambda t: f"(({t[0]}) {t[1]} ({t[2]}))"),
), max_leaves=6)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(WELL_SORTED, max_size=3), st.lists(WELL_SORTED, min_size=1, max_size=2),
       st.sampled_from(["entail", "sat"]))
def test_the_cvc5_cross_check_of_random_programs_answers_every_claim_and_agrees_with_z3(facts, claims, semantics):
    pytest.importorskip("cvc5", reason="cvc5 is an extra: pip install '.[cvc5]' (the test extra includes it)")
    program = {k: v for k, v in VOCABULARY.items() if k not in ("optimization", "actions")}
    program.update(knowledge_base=facts, verifications=[{"constraint": c} for c in claims])
    verdict = pot.verify(program, semantics=semantics, timeout_ms=1000, cross_check="cvc5")
    cc = verdict.cross_check
    assert cc is not None and cc.agreed + cc.disagreed + cc.not_compared == len(claims)
    assert cc.disagreed == 0, [(r.id, r.kind, r.cross_check) for r in verdict.results]
    assert "could not read" not in (cc.error or ""), cc.error  # cvc5 reads every export (Z3 prints ** its own way)
