"""Counter-models and witness models hold only values a person and a program can read.

No Z3 internals (`(:var 0)`, `Entity!val!5`, s-expressions, `None` defaults): functions and
arrays are tables with a default or a rule in the DSL's syntax, irrational values are
marked as approximations, bit-vectors are given unsigned and signed, every element named
is listed in its sort's universe, and division by zero is shown when the model fixes it.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from typing import Any

import pytest
import z3
from corpus import replay_records

import pot
from pot.logic.model import MAX_ROWS, value_json, value_text
from pot.render_verdict import model_lines
from pot.report.views import model_view

ENTITIES = [f"e{i}" for i in range(7)]


def _models(program: dict, semantics: str = "entail") -> list[dict[str, Any]]:
    verdict = pot.verify(program, semantics=semantics)
    out = [m for r in verdict.results for m in (r.counter_model, r.witness_model) if m is not None]
    assert out, verdict
    return out


def _assert_readable(model: dict[str, Any]) -> None:
    """No Z3 internals anywhere, no null, and every element named is in its sort's universe."""
    text = json.dumps(model)
    for internal in ("(:var", "!val!", "(define-fun", "lambda", "(ite", "as-array", "null"):
        assert internal not in text, (internal, text[:2000])
    universes = model.get("universes") or {}
    listed = {e for elements in universes.values() for e in elements}

    def walk(v: Any) -> None:
        if isinstance(v, str):  # a value, or a rule naming elements
            for element in re.findall(r"[^\W\d]\w*#\d+", v):
                assert element in listed, (element, universes)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk({k: v for k, v in model.items() if k != "universes"})
    for line in model_lines(model):
        assert "None" not in line and "(:var" not in line, line


def _entities(*kb: str, functions: list[dict], verification: str) -> dict:
    return {
        "sorts": [{"name": "Entity", "type": "DeclareSort"}],
        "functions": functions,
        "constants": {"es": {"sort": "Entity", "members": ENTITIES}},
        "variables": [{"name": v, "sort": "Entity"} for v in ("x", "y", "z", "w")],
        "knowledge_base": [f"Distinct({', '.join(ENTITIES)})",
                           "ForAll([x], Or(" + ", ".join(f"x == {e}" for e in ENTITIES) + "))", *kb],
        "verifications": [{"name": "claim", "constraint": verification}],
    }


@pytest.mark.slow  # 343 table rows: a second or more
def test_a_ternary_predicate_over_seven_elements_is_a_table_not_a_formula():
    # 343 argument tuples: more than the old limit of 256, so Z3's formula leaked into "default"
    program = _entities("ForAll([x, y, z], Implies(R(x, y, z), Not(R(z, y, x))))", "R(e0, e1, e2)",
                        functions=[{"name": "R", "domain": ["Entity"] * 3, "range": "BoolSort"}],
                        verification="R(e3, e4, e5)")
    for model in _models(program):
        _assert_readable(model)
        table = model["functions"]["R"]
        assert isinstance(table["default"], bool)
        e = model["constants"]
        rows = {tuple(r["args"]): r["value"] for r in table["entries"]}
        assert rows.get((e["e0"], e["e1"], e["e2"]), table["default"]) is True
        assert rows.get((e["e2"], e["e1"], e["e0"]), table["default"]) is False
        assert sorted(model["universes"]["Entity"]) == sorted(e.values())


def test_a_table_too_large_to_enumerate_is_a_rule_in_dsl_syntax():
    # 7**5 = 16,807 argument tuples: past MAX_ROWS, so the rule is given, with the program's names
    assert MAX_ROWS < 7 ** 5
    program = _entities("ForAll([x, y, z, w], Implies(Q(x, y, z, w, w), Not(Q(w, y, z, x, x))))",
                        "Q(e0, e1, e2, e3, e3)",
                        functions=[{"name": "Q", "domain": ["Entity"] * 5, "range": "BoolSort"}],
                        verification="Q(e3, e4, e5, e6, e6)")
    models = _models(program)
    for model in models:
        _assert_readable(model)
    rules = [m["functions"]["Q"] for m in models if "rule" in m["functions"]["Q"]]
    assert rules  # Z3 gives Q as a formula: shown as one, with the program's names
    for table in rules:
        assert table["params"] == ["x1", "x2", "x3", "x4", "x5"]
        assert "x1" in table["rule"] and "==" in table["rule"]
        assert any(f"Entity#{i}" in table["rule"] for i in range(7))


def test_a_function_over_an_infinite_domain_defined_by_a_formula_shows_the_formula():
    program = {"functions": [{"name": "g", "domain": ["IntSort"], "range": "IntSort"},
                             {"name": "late", "domain": ["IntSort"], "range": "BoolSort"}],
               "variables": [{"name": "i", "sort": "IntSort"}],
               "knowledge_base": ["ForAll([i], g(i) == i + 1)", "ForAll([i], late(i) == (i >= 1885))"],
               "verifications": [{"name": "c", "constraint": "g(0) == 1"}]}
    model = _models(program, semantics="sat")[0]
    _assert_readable(model)
    g, late = model["functions"]["g"], model["functions"]["late"]
    assert g["params"] == ["x1"] and g["rule"] in ("1 + x1", "x1 + 1")
    assert late["rule"] in ("1885 <= x1", "x1 >= 1885")
    assert any("otherwise g(x1) = " in line for line in model_lines(model))


def test_arrays_are_tables():
    program = {"sorts": [{"name": "A", "type": "ArraySort(IntSort, IntSort)"}],
               "constants": {"arrays": {"sort": "A", "members": ["arr"]}},
               "knowledge_base": ["arr[1] == 5", "arr[2] == 7"],
               "verifications": [{"name": "c", "constraint": "arr[0] == 1"}]}
    for model in _models(program):
        _assert_readable(model)
        arr = model["constants"]["arr"]
        assert set(arr) == {"entries", "default"}
        rows = {tuple(r["args"]): r["value"] for r in arr["entries"]}
        assert rows.get((1,), arr["default"]) == 5 and rows.get((2,), arr["default"]) == 7
    ctx = z3.Context()
    constant = z3.K(z3.IntSort(ctx), z3.IntVal(3, ctx))
    assert value_json(constant) == {"entries": [], "default": 3}
    stored = z3.Store(z3.Store(constant, 1, 4), 1, 9)
    assert value_json(stored) == {"entries": [{"args": [1], "value": 9}], "default": 3}


def test_an_enum_value_a_constant_shadows_is_qualified_by_its_sort():
    program = {"sorts": [{"name": "Color", "type": "EnumSort", "values": ["red", "green"]}],
               "constants": {"c": {"sort": "Color", "members": ["red", "light"]}},  # 'red' shadows the value
               "knowledge_base": ["light != red"], "verifications": [{"constraint": "light == green"}]}
    verdict = pot.verify(program)
    # light is neither green nor the constant red, so the constant is green and light the enum value red
    assert verdict.results[0].counter_model["constants"] == {"red": "green", "light": "Color.red"}
    assert "red = green, light = Color.red" in model_lines(verdict.results[0].counter_model)[0]
    plain = {**program, "constants": {"c": {"sort": "Color", "members": ["light"]}}, "knowledge_base": []}
    assert pot.verify(plain).results[0].counter_model["constants"] == {"light": "red"}  # nothing shadows it


def test_irrational_values_are_marked_as_approximations():
    program = {"constants": {"reals": {"sort": "RealSort", "members": ["r"]}},
               "knowledge_base": ["r * r == 2", "r > 0"],
               "verifications": [{"name": "c", "constraint": "r < 1.5"}]}
    model = _models(program, semantics="sat")[0]
    r = model["constants"]["r"]
    assert r["approx"].startswith("1.41421356") and r["root_of"] == "x**2 - 2"
    lo, hi = (Fraction(b) for b in r["between"])
    assert lo < hi and lo * lo < 2 < hi * hi
    assert value_text(r).startswith("≈1.41421356")


def test_every_element_is_in_its_universe_and_no_default_is_null():
    # Court and Application appear in no premise: Z3 gives them no universe at all
    program = {"sorts": [{"name": n, "type": "DeclareSort"} for n in ("Person", "Court", "Application")],
               "functions": [{"name": "approves", "domain": ["Court", "Application"], "range": "BoolSort"},
                             {"name": "old", "domain": ["Person"], "range": "BoolSort"}],
               "constants": {"people": {"sort": "Person", "members": ["ann"]},
                             "courts": {"sort": "Court", "members": ["high_court"]}},
               "knowledge_base": ["old(ann)"],
               "verifications": [{"name": "c", "constraint": "old(ann)"}]}
    model = _models(program, semantics="sat")[0]
    _assert_readable(model)
    assert model["constants"]["high_court"] in model["universes"]["Court"]
    assert model["universes"]["Application"]  # a sort is never empty
    assert isinstance(model["functions"]["approves"]["default"], bool)


def test_division_by_zero_is_shown_when_the_model_fixes_it():
    program = {"constants": {"ints": {"sort": "IntSort", "members": ["n", "q"]}},
               "knowledge_base": ["n / q == 7", "q == 0"],
               "verifications": [{"name": "c", "constraint": "n == 1"}]}
    for model in _models(program):
        _assert_readable(model)
        div = model["division_by_zero"]["div"]
        rows = {tuple(r["args"]): r["value"] for r in div["entries"]}
        assert rows.get((model["constants"]["n"],), div.get("default")) == 7
        assert any(line.strip().startswith("x / 0 (Int):") for line in model_lines(model))
        view = model_view(model)
        assert view is not None and any(title == "x / 0 (Int)" for title, _, _ in view.functions)


def test_bit_vectors_are_shown_unsigned_and_signed():
    program = {"sorts": [{"name": "Byte", "type": "BitVecSort(8)"}],
               "constants": {"bytes": {"sort": "Byte", "members": ["b"]}},
               "knowledge_base": ["b == BitVecVal(200, 8)"],
               "verifications": [{"name": "c", "constraint": "b < BitVecVal(0, 8)"}]}
    verdict = pot.verify(program, semantics="sat")
    assert verdict.results[0].kind == "sat"  # `<` is signed: 200 is -56
    b = verdict.results[0].witness_model["constants"]["b"]
    assert b == {"width": 8, "unsigned": 200, "signed": -56}
    assert value_text(b) == "200 (signed -56)"


def test_strings_in_smtlib_models_are_marked_as_strings():
    script = """(declare-sort Grant 0)
(declare-fun kind (Grant) String)
(declare-const g Grant)
(declare-const paid Bool)
(assert (= (kind g) "Childcare Grant"))
(assert paid)
(check-sat)"""
    verdict = pot.verify(script, format="smt2", semantics="sat")
    model = verdict.results[0].witness_model
    _assert_readable(model)
    kind = model["functions"]["kind"]
    rows = {tuple(r["args"]): r["value"] for r in kind["entries"]}
    assert rows.get((model["constants"]["g"],), kind.get("default")) == {"string": "Childcare Grant"}
    assert '"Childcare Grant"' in "\n".join(model_lines(model))


@pytest.mark.slow
def test_every_corpus_model_is_readable():
    """Every model pot gives for the replay corpus (JSON and SMT-LIB programs, both semantics)."""
    checked = 0
    for record in replay_records():
        for semantics in ("entail", "sat"):
            try:
                verdict = pot.verify(record["program"], semantics=semantics, format=record["format"])
            except pot.ProgramError:
                continue
            for r in verdict.results:
                for model in (r.counter_model, r.witness_model):
                    if model is not None:
                        _assert_readable(model)
                        checked += 1
    print(f"\n{checked} corpus models readable")
    if not checked:
        pytest.skip("no models in the replay corpus")


def test_an_array_the_model_gives_as_a_lambda_is_a_rule():
    """Found by tests/core/test_fuzz.py: with this vocabulary Z3's witness gives `arr` as a lambda
    (a QuantifierRef, whose domain is its sort's); reading it used to raise AttributeError."""
    from test_fuzz import VOCABULARY

    program = dict(VOCABULARY, knowledge_base=["q(a)"],
                   verifications=[{"constraint": "q(a)"},
                                  {"constraint": "ForAll([n], not (arr[n] > r and n % 3 == 1))"}])
    verdict = pot.verify(program, timeout_ms=5000)
    claim = verdict.results[1]
    assert claim.kind == "unknown" and claim.witness_model is not None
    arr = claim.witness_model["constants"]["arr"]
    assert arr["params"] == ["x1"] and arr["rule"].startswith("If(")
