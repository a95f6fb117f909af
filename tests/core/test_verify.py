"""Deciding programs: verdict kinds, evidence (cores and counter-models), semantics, features."""

from __future__ import annotations

import copy
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import pot
from pot import ProgramError, Verdict
from pot.logic.decide import _entail_verdict, _sat_verdict
from pot.logic.verdict import ClaimKind, ClaimResult

PEOPLE = {
    "sorts": [{"name": "Person", "type": "DeclareSort"}],
    "functions": [
        {"name": "human", "domain": ["Person"], "range": "BoolSort"},
        {"name": "mortal", "domain": ["Person"], "range": "BoolSort"},
        {"name": "wise", "domain": ["Person"], "range": "BoolSort"},
    ],
    "constants": {"people": {"sort": "Person", "members": ["socrates", "plato", "zeus"]}},
    "knowledge_base": [
        {"assertion": "human(socrates)", "name": "socrates_is_human"},
        "wise(plato)",
        {"assertion": "mortal(zeus)", "value": False, "name": "zeus_immortal"},
    ],
    "rules": [
        {"name": "humans_are_mortal", "forall": [{"name": "p", "sort": "Person"}],
         "implies": {"antecedent": "human(p)", "consequent": "mortal(p)"}},
    ],
}


def people(*verifications, **changes) -> dict:
    p = copy.deepcopy(PEOPLE)
    p.update(changes)
    p["verifications"] = [v if isinstance(v, dict) else {"constraint": v} for v in verifications]
    return p


def lookup(table: dict, args: list):
    """A function's value in a counter-model: its entry for these arguments, or the default."""
    return next((e["value"] for e in table["entries"] if e["args"] == args), table["default"])


def one(prog: dict, **kw):
    v = pot.verify(prog, **kw)
    assert len(v.results) == 1
    return v, v.results[0]


# entailment ---------------------------------------------------------------------------


def test_proved_with_core_naming_the_premises():
    v, r = one(people({"name": "socrates_mortal", "constraint": "mortal(socrates)"}))
    assert (v.kind, v.answer, v.semantics) == ("proved", True, "entail")
    assert (r.kind, r.answer, r.id, r.name) == ("proved", True, "verifications[0]", "socrates_mortal")
    assert [(p.id, p.name) for p in r.core] == [("knowledge_base[0]", "socrates_is_human"),
                                                ("rules[0]", "humans_are_mortal")]
    assert r.core[0].text == "human(socrates)"
    assert r.counter_model is None


def test_refuted_with_core():
    v, r = one(people("human(zeus)"))
    assert (v.kind, v.answer) == ("refuted", False)
    assert (r.kind, r.answer) == ("refuted", False)
    assert [(p.id, p.name) for p in r.core] == [("knowledge_base[2]", "zeus_immortal"),
                                                ("rules[0]", "humans_are_mortal")]
    assert r.core[0].text == "Not(mortal(zeus))"


def test_proved_without_premises_has_an_empty_core():
    v, r = one(people("Or(wise(zeus), Not(wise(zeus)))"))
    assert v.kind == "proved" and r.core == []


def test_unknown_with_counter_model():
    v, r = one(people("wise(socrates)"))
    assert (v.kind, v.answer) == ("unknown", None)
    assert (r.kind, r.answer, r.core) == ("unknown", None, None)
    cm, wm = r.counter_model, r.witness_model
    assert set(cm) >= {"constants", "functions"}
    assert set(cm["constants"]) == {"socrates", "plato", "zeus"}
    assert all(isinstance(x, str) and x.startswith("Person#") for x in cm["constants"].values())
    assert set(cm["universes"]) == {"Person"}
    assert set(cm["constants"].values()) <= set(cm["universes"]["Person"])
    assert set(cm["functions"]) == {"human", "mortal", "wise"}
    for table in cm["functions"].values():
        assert set(table) == {"entries", "default"}
        for entry in table["entries"]:
            assert set(entry) == {"args", "value"}
            assert isinstance(entry["value"], bool)
            assert all(a in cm["universes"]["Person"] for a in entry["args"])

    def holds(model, fn, who):
        return lookup(model["functions"][fn], [model["constants"][who]])

    # the counter-model satisfies every premise and falsifies the claim; the witness satisfies it
    assert holds(cm, "wise", "socrates") is False and holds(wm, "wise", "socrates") is True
    for model in (cm, wm):
        assert holds(model, "human", "socrates") and holds(model, "mortal", "socrates")
        assert holds(model, "wise", "plato") and not holds(model, "mortal", "zeus")


def test_counter_model_numbers():
    prog = {
        "functions": [{"name": "n", "range": "IntSort"}, {"name": "r", "range": "RealSort"},
                      {"name": "b", "range": "BoolSort"}, {"name": "sq", "domain": ["IntSort"], "range": "IntSort"}],
        "knowledge_base": ["n == -4", "3 * r == 1", "sq(2) == 4", "sq(3) == 9"],
        "verifications": [{"constraint": "b"}],
    }
    v, r = one(prog)
    assert v.kind == "unknown"
    cm = r.counter_model
    assert cm["constants"]["n"] == -4 and isinstance(cm["constants"]["n"], int)
    assert cm["constants"]["r"] == "1/3"
    assert cm["constants"]["b"] is False
    assert r.witness_model["constants"]["b"] is True
    table = cm["functions"]["sq"]
    assert lookup(table, [2]) == 4 and lookup(table, [3]) == 9
    assert all(isinstance(e["args"][0], int) and isinstance(e["value"], int) for e in table["entries"])
    assert isinstance(table["default"], int)
    assert "universes" not in cm


def test_counter_model_real_integral_value_is_a_number():
    prog = {"functions": [{"name": "r", "range": "RealSort"}, {"name": "b", "range": "BoolSort"}],
            "knowledge_base": ["r == 2.0"], "verifications": [{"constraint": "b"}]}
    _, r = one(prog)
    assert r.counter_model["constants"]["r"] == 2


def test_counter_model_with_symbolic_function_interpretation_is_json():
    prog = {"functions": [{"name": "f", "domain": ["IntSort"], "range": "IntSort"}, {"name": "b", "range": "BoolSort"}],
            "rules": [{"forall": [{"name": "n", "sort": "IntSort"}], "constraint": "f(n) == n + 1"}],
            "verifications": [{"constraint": "b"}]}
    _, r = one(prog)
    table = r.counter_model["functions"]["f"]
    assert set(table) == {"entries", "params", "rule"}  # the formula in the DSL's syntax, not Z3's
    assert table["params"] == ["x1"] and table["rule"] in ("1 + x1", "x1 + 1")
    json.dumps(r.counter_model)


def test_counter_model_enum_values_by_name():
    prog = {"sorts": [{"name": "Color", "type": "EnumSort", "values": ["red", "green", "blue"]}],
            "functions": [{"name": "c", "range": "Color"}, {"name": "paint", "domain": ["Color"], "range": "BoolSort"}],
            "knowledge_base": ["c != blue", "paint(red)"], "verifications": [{"constraint": "c == red"}]}
    v, r = one(prog)
    assert v.kind == "unknown"
    assert r.counter_model["constants"]["c"] == "green"
    assert r.witness_model["constants"]["c"] == "red"
    assert r.counter_model["functions"]["paint"]["default"] in (True, False)


def test_evidence_off_gives_no_core_and_no_model():
    v = pot.verify(people("mortal(socrates)", "wise(socrates)"), evidence=False)
    assert [r.kind for r in v.results] == ["proved", "unknown"]
    assert all(r.core is None and r.counter_model is None and r.witness_model is None for r in v.results)


def test_inconsistent_premises():
    prog = people("wise(plato)", knowledge_base=[
        {"assertion": "human(zeus)", "name": "zeus_human"},
        {"assertion": "mortal(zeus)", "value": False, "name": "zeus_immortal"},
        "wise(socrates)",
    ])
    v = pot.verify(prog)
    assert (v.kind, v.answer) == ("inconsistent", None)
    assert [r.kind for r in v.results] == ["inconsistent"]
    assert [(p.id, p.name) for p in v.inconsistency_core] == [
        ("knowledge_base[0]", "zeus_human"), ("knowledge_base[1]", "zeus_immortal"), ("rules[0]", "humans_are_mortal")]


def test_inconsistent_premises_without_evidence():
    prog = people("wise(plato)", knowledge_base=["human(zeus)", "Not(mortal(zeus))"])
    v = pot.verify(prog, evidence=False)
    assert (v.kind, v.answer, v.inconsistency_core) == ("inconsistent", None, None)


def test_unconstrained_claim_with_no_premises():
    v = pot.verify({"functions": [{"name": "b", "range": "BoolSort"}], "verifications": [{"constraint": "b"}]})
    assert v.kind == "unknown"


def test_exists_verification():
    _, r = one(people({"exists": [{"name": "p", "sort": "Person"}], "constraint": "mortal(p)"}))
    assert r.kind == "proved"
    _, r = one(people({"exists": [{"name": "p", "sort": "Person"}], "constraint": "And(human(p), Not(mortal(p)))"}))
    assert r.kind == "refuted"
    assert [p.id for p in r.core] == ["rules[0]"]


def test_forall_verification():
    _, r = one(people({"forall": [{"name": "p", "sort": "Person"}],
                       "implies": {"antecedent": "human(p)", "consequent": "mortal(p)"}}))
    assert r.kind == "proved"
    assert [p.id for p in r.core] == ["rules[0]"]
    _, r = one(people({"forall": [{"name": "p", "sort": "Person"}], "constraint": "mortal(p)"}))
    assert r.kind == "refuted"  # zeus is not mortal


def test_inline_quantifiers_in_expressions():
    prog = people("ForAll([p], Implies(Not(mortal(p)), Not(human(p))))",
                  variables=[{"name": "p", "sort": "Person"}])
    assert pot.verify(prog).kind == "proved"


def test_constraint_rules_with_and_without_forall():
    prog = {
        "sorts": [{"name": "Item", "type": "DeclareSort"}],
        "functions": [{"name": "price", "domain": ["Item"], "range": "IntSort"}],
        "constants": {"items": {"sort": "Item", "members": ["pen", "book"]}},
        "rules": [{"forall": [{"name": "i", "sort": "Item"}], "constraint": "price(i) >= 0"},
                  {"name": "book_dearer", "constraint": "price(book) > price(pen) + 5"}],
        "verifications": [{"constraint": "price(book) >= 6"}, {"constraint": "price(pen) < 0"}],
    }
    v = pot.verify(prog)
    assert [r.kind for r in v.results] == ["proved", "refuted"]
    assert v.kind == "refuted"
    assert [p.id for p in v.results[0].core] == ["rules[0]", "rules[1]"]
    assert v.results[0].core[1].name == "book_dearer"


def test_free_variable_means_an_arbitrary_value():
    prog = people("human(x)", variables=[{"name": "x", "sort": "Person"}])
    v = pot.verify(prog)
    assert v.kind == "unknown"
    assert [w.code for w in v.warnings] == ["free-variable"]


def test_knowledge_base_value_false():
    prog = {"functions": [{"name": "rain", "range": "BoolSort"}],
            "knowledge_base": [{"assertion": "rain", "value": False, "name": "dry"}],
            "verifications": [{"constraint": "Not(rain)"}]}
    _, r = one(prog)
    assert r.kind == "proved" and [p.name for p in r.core] == ["dry"]


def test_arithmetic_and_promotion():
    prog = {"functions": [{"name": "n", "range": "IntSort"}, {"name": "r", "range": "RealSort"}],
            "knowledge_base": ["n == 7", "r == ToReal(n) / 2", "2 * r == n"],
            "verifications": [{"constraint": "n / 2 == 3"}, {"constraint": "n % 4 == 3"}, {"constraint": "r == 3.5"},
                              {"constraint": "n ** 2 == 49"}, {"constraint": "-n < 0"},
                              {"constraint": "ToInt(r) == 3"}, {"constraint": "Sum(n, r, 1) == 11.5"}]}
    v = pot.verify(prog)
    assert [r.kind for r in v.results] == ["proved"] * 7


def test_int_division_is_integer_division():
    prog = {"functions": [{"name": "n", "range": "IntSort"}, {"name": "r", "range": "RealSort"}],
            "knowledge_base": ["n == 7", "r == n / 2"],
            "verifications": [{"constraint": "r == 3"}]}
    assert pot.verify(prog).kind == "proved"


def test_enum_sorts():
    prog = {"sorts": [{"name": "Light", "type": "EnumSort", "values": ["red", "amber", "green"]}],
            "functions": [{"name": "light", "range": "Light"}, {"name": "go", "range": "BoolSort"}],
            "knowledge_base": ["light != red", "light != amber", "go == (light == green)"],
            "verifications": [{"constraint": "go"}, {"constraint": "Distinct(red, amber, green)"}]}
    v = pot.verify(prog)
    assert v.kind == "proved"


def test_enum_values_are_distinct_and_exhaustive():
    prog = {"sorts": [{"name": "Coin", "type": "EnumSort", "values": ["heads", "tails"]}],
            "variables": [{"name": "c", "sort": "Coin"}],
            "verifications": [{"constraint": "ForAll([c], Or(c == heads, c == tails))"},
                              {"constraint": "heads == tails"}]}
    assert [r.kind for r in pot.verify(prog).results] == ["proved", "refuted"]


def test_bitvectors():
    prog = {"sorts": [{"name": "Byte", "type": "BitVecSort(8)"}],
            "functions": [{"name": "b", "range": "Byte"}],
            "knowledge_base": ["b == 100"],
            "verifications": [{"constraint": c} for c in [
                "b + 200 == 44",  # wraps around at 256
                "b & 15 == 4", "b | 1 == 101", "b ^ b == 0", "~b == 155",
                "(b >> 2) == 25", "(b << 1) == 200", "b == BitVecVal(100, 8)", "b * 3 == 44", "b - 101 == 255",
            ]]}
    v = pot.verify(prog)
    assert [r.kind for r in v.results] == ["proved"] * 10, [(r.id, r.kind) for r in v.results]


def test_bitvector_counter_model_is_unsigned_and_signed():
    prog = {"functions": [{"name": "w", "range": "BitVecSort(4)"}, {"name": "b", "range": "BoolSort"}],
            "knowledge_base": ["w == 9"], "verifications": [{"constraint": "b"}]}
    _, r = one(prog)
    assert r.counter_model["constants"]["w"] == {"width": 4, "unsigned": 9, "signed": -7}


def test_arrays_index_select_store():
    prog = {"sorts": [{"name": "Scores", "type": "ArraySort(IntSort, IntSort)"}],
            "functions": [{"name": "a", "range": "Scores"}, {"name": "b", "range": "Scores"}],
            "knowledge_base": ["a[1] == 10", "Select(a, 2) == 20", "b == Store(a, 2, 25)"],
            "verifications": [{"constraint": "b[1] == 10"}, {"constraint": "Select(b, 2) == 25"},
                              {"constraint": "a[2] + b[2] == 45"}, {"constraint": "b[3] == a[3]"}]}
    v = pot.verify(prog)
    assert v.kind == "proved"
    assert [r.kind for r in v.results] == ["proved"] * 4


def test_array_of_declared_sort():
    prog = {"sorts": [{"name": "Owner", "type": "ArraySort(Pet, Person)"}, {"name": "Pet", "type": "DeclareSort"},
                      {"name": "Person", "type": "DeclareSort"}],
            "functions": [{"name": "owner", "range": "Owner"}],
            "constants": {"pets": {"sort": "Pet", "members": ["rex"]},
                          "people": {"sort": "Person", "members": ["ann"]}},
            "knowledge_base": ["owner[rex] == ann"],
            "verifications": [{"constraint": "Select(Store(owner, rex, ann), rex) == owner[rex]"}]}
    assert pot.verify(prog).kind == "proved"


def test_optimization_with_optimize_action():
    prog = {"optimization": {"variables": [{"name": "x", "sort": "IntSort"}, {"name": "y", "sort": "IntSort"}],
                             "constraints": ["x + y <= 10", "x >= 0", "y >= 0", "x <= 4"],
                             "objectives": [{"type": "maximize", "expression": "2 * x + y"}]},
            "actions": ["verify_conditions", "optimize"],
            "knowledge_base": ["True"], "verifications": [{"constraint": "True"}]}
    v = pot.verify(prog)
    opt = v.optimization
    assert opt.status == "sat"
    assert opt.objectives == [{"expression": "2 * x + y", "goal": "maximize", "status": "optimal", "value": 14,
                               "model_value": 14}]
    assert opt.model["variables"] == {"x": 4, "y": 6}
    assert v.kind == "proved"


def test_optimization_minimize_and_unsat():
    base = {"actions": ["optimize"], "verifications": [{"constraint": "True"}]}
    v = pot.verify({**base, "optimization": {"variables": [{"name": "x", "sort": "RealSort"}],
                                             "constraints": ["x > 2.5"],
                                             "objectives": [{"type": "minimize", "expression": "ToInt(x)"}]}})
    assert v.optimization.status == "sat" and v.optimization.objectives[0]["value"] == 2
    v = pot.verify({**base, "optimization": {"variables": [{"name": "x", "sort": "IntSort"}],
                                             "constraints": ["x > 5", "x < 3"],
                                             "objectives": [{"type": "minimize", "expression": "x"}]}})
    assert v.optimization.status == "unsat"


def test_optimization_ignored_without_the_action():
    prog = {"optimization": {"variables": [{"name": "x", "sort": "IntSort"}], "constraints": ["x < 3"],
                             "objectives": [{"type": "maximize", "expression": "x"}]},
            "verifications": [{"constraint": "True"}]}
    assert pot.verify(prog).optimization is None


# undecided ----------------------------------------------------------------------------------------


@pytest.mark.slow  # waits out the solver's 0.5 s time-out
def test_undecided_by_incomplete_arithmetic():
    prog = {"functions": [{"name": "r", "range": "RealSort"}],
            "knowledge_base": ["r ** r == 3"], "verifications": [{"constraint": "r > 1"}]}
    v, r = one(prog, timeout_ms=500)
    assert (v.kind, v.answer) == ("undecided", None)
    assert r.kind == "undecided" and r.undecided_reason
    assert r.undecided_reason in r.reason


def test_undecided_by_timeout():
    prog = {"functions": [{"name": n, "range": "IntSort"} for n in "xyz"],
            "knowledge_base": ["x > 0", "y > 0", "z > 0"],
            "verifications": [{"constraint": "x * x * x + y * y * y != z * z * z"}]}
    v, r = one(prog, timeout_ms=1)
    assert v.kind == "undecided"
    assert r.undecided_reason == "timeout"


# program-level rules -----------------------------------------------------------------------------


def _claim(kind: str) -> ClaimResult:
    return ClaimResult(id="verifications[0]", text="p", kind=ClaimKind(kind), answer=None, reason=f"it is {kind}")


@pytest.mark.parametrize("kinds, expected", [
    (["proved"], "proved"),
    (["proved", "proved"], "proved"),
    (["proved", "refuted"], "refuted"),
    (["unknown", "refuted", "undecided"], "refuted"),
    (["refuted", "inconsistent"], "refuted"),
    (["inconsistent"], "inconsistent"),
    (["proved", "unknown"], "unknown"),
    (["proved", "undecided"], "undecided"),
    (["unknown", "undecided"], "undecided"),
    (["unknown"], "unknown"),
])
def test_entail_program_kind_rules(kinds, expected):
    kind, reason = _entail_verdict([_claim(k) for k in kinds])
    assert kind == expected and reason


@pytest.mark.parametrize("kinds, expected", [
    (["sat"], "sat"), (["sat", "sat"], "sat"), (["unsat"], "unsat"), (["unsat", "unsat"], "unsat"),
    (["sat", "unsat"], "mixed"), (["sat", "undecided"], "sat"), (["undecided"], "undecided"),
])
def test_sat_program_kind_rules(kinds, expected):
    kind, reason = _sat_verdict([_claim(k) for k in kinds])
    assert kind == expected and reason


def test_program_kinds_end_to_end():
    proved, refuted, unknown = "mortal(socrates)", "human(zeus)", "wise(socrates)"
    assert pot.verify(people(proved, unknown)).kind == "unknown"
    assert pot.verify(people(proved, unknown, refuted)).kind == "refuted"
    assert pot.verify(people(proved, proved)).kind == "proved"
    v = pot.verify(people(proved, unknown, refuted))
    assert v.answer is False
    assert [r.kind for r in v.results] == ["proved", "unknown", "refuted"]


@pytest.mark.slow  # waits out the solver's 0.5 s time-out
def test_undecided_and_proved_gives_undecided_end_to_end():
    # premises Z3 shows satisfiable (else no claim is proved: issue 7.1), one claim it cannot decide
    prog = {"functions": [{"name": n, "range": "IntSort"} for n in "xyz"],
            "knowledge_base": ["x > 0", "y > 0", "z > 0"],
            "verifications": [{"constraint": "x > -1"}, {"constraint": "x * x * x + y * y * y != z * z * z"}]}
    v = pot.verify(prog, timeout_ms=500)
    assert [r.kind for r in v.results] == ["proved", "undecided"]
    assert v.kind == "undecided" and v.answer is None


# sat semantics -------------------------------------------------------------------------------------


def test_sat_semantics():
    v = pot.verify(people("wise(socrates)"), semantics="sat")
    assert (v.semantics, v.kind, v.answer) == ("sat", "sat", True)
    assert v.results[0].kind == "sat" and v.results[0].witness_model is not None
    v = pot.verify(people("human(zeus)"), semantics="sat")
    assert (v.kind, v.answer) == ("unsat", False)
    assert [p.id for p in v.results[0].core] == ["knowledge_base[2]", "rules[0]"]
    v = pot.verify(people("wise(socrates)", "human(zeus)"), semantics="sat")
    assert (v.kind, v.answer) == ("mixed", None)


def test_sat_and_entail_differ_on_an_open_question():
    prog = people("wise(socrates)")
    assert pot.verify(prog, semantics="sat").answer is True
    assert pot.verify(prog, semantics="entail").answer is None


def test_sat_semantics_on_inconsistent_premises_is_unsat():
    prog = people("wise(plato)", knowledge_base=["human(zeus)", {"assertion": "mortal(zeus)", "value": False}])
    assert pot.verify(prog, semantics="sat").kind == "unsat"


def test_bad_semantics_is_a_value_error():
    with pytest.raises(ValueError):
        pot.verify(people("wise(plato)"), semantics="maybe")


# interface ---------------------------------------------------------------------------------------------


def test_verify_accepts_dict_json_text_bytes_and_path(tmp_path):
    prog = people("mortal(socrates)")
    f = tmp_path / "prog.json"
    f.write_text(json.dumps(prog), encoding="utf-8")
    for source in (prog, json.dumps(prog), json.dumps(prog).encode(), f, Path(str(f))):
        v = pot.verify(source)
        assert isinstance(v, Verdict) and v.kind == "proved"


def test_verdict_shape():
    v = pot.verify(people("mortal(socrates)"))
    data = json.loads(json.dumps(v.to_json()))
    assert set(data) >= {"semantics", "answer", "kind", "reason", "results", "warnings", "timings"}
    assert set(v.timings) >= {"check_ms", "compile_ms", "solve_ms", "total_ms"}
    assert all(t >= 0 for t in v.timings.values())
    assert Verdict.from_json(data) == v


def test_warnings_travel_with_the_verdict():
    prog = people("mortal(socrates)")
    prog["comment"] = "extra"
    v = pot.verify(prog)
    assert [w.code for w in v.warnings] == ["unknown-field"]


def test_program_error_lists_every_error():
    prog = people("mortal(socratez)", knowledge_base=["human(Person)", "wise(plato, zeus)"])
    prog["comment"] = "warned, not an error"
    with pytest.raises(ProgramError) as info:
        pot.verify(prog)
    e = info.value
    assert isinstance(e, pot.PotError)
    assert [d.code for d in e.errors] == ["not-a-value", "arity", "undeclared-name"]
    assert all(d.severity == "error" for d in e.errors)
    assert any(d.code == "unknown-field" for d in e.diagnostics)
    assert "3 errors" in str(e)
    assert "did you mean 'socrates'?" in str(e)


@pytest.mark.parametrize("bad", ["", "{", "[]", b"\x00\x00", {"verifications": []}])
def test_program_error_for_unusable_input(bad):
    with pytest.raises(ProgramError) as info:
        pot.verify(bad)
    assert info.value.errors


def test_check_never_raises():
    assert pot.check(people("mortal(socrates)")) == []
    for bad in ["", "{", b"\x00", 17, None, {"rules": [{}]}, people("mortal(")]:
        diags = pot.check(bad)
        assert diags and diags[0].severity == "error"


def test_two_programs_with_the_same_names_do_not_interfere():
    a = {"sorts": [{"name": "Color", "type": "EnumSort", "values": ["red", "blue"]}],
         "functions": [{"name": "c", "range": "Color"}], "knowledge_base": ["c == red"],
         "verifications": [{"constraint": "c == red"}]}
    b = {"sorts": [{"name": "Color", "type": "EnumSort", "values": ["blue", "red", "green"]}],
         "functions": [{"name": "c", "range": "IntSort"}], "knowledge_base": ["c == 3"],
         "verifications": [{"constraint": "c == 3"}]}
    assert pot.verify(a).kind == "proved" and pot.verify(b).kind == "proved" and pot.verify(a).kind == "proved"


# concurrency -----------------------------------------------------------------------------------------------


def _programs() -> list[dict]:
    progs = [people("mortal(socrates)"), people("human(zeus)"), people("wise(socrates)"),
             people("wise(plato)", knowledge_base=["human(zeus)", {"assertion": "mortal(zeus)", "value": False}]),
             people({"exists": [{"name": "p", "sort": "Person"}], "constraint": "mortal(p)"})]
    for n in range(10):
        progs.append({"functions": [{"name": "n", "range": "IntSort"}],
                      "knowledge_base": [f"n * n == {n * n}", "n >= 0"],
                      "verifications": [{"constraint": f"n == {n}"}, {"constraint": f"n + 1 > {n % 3 + n}"}]})
    return progs


def _summary(v: Verdict) -> tuple:
    return v.kind, v.answer, tuple((r.kind, tuple(p.id for p in r.core or ())) for r in v.results)


@pytest.mark.slow
def test_concurrent_verification_matches_sequential():
    progs = _programs() * 4
    sequential = [_summary(pot.verify(p)) for p in progs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda p: _summary(pot.verify(p)), progs))
    assert concurrent == sequential
    sat_seq = [pot.verify(p, semantics="sat").kind for p in progs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        sat_conc = list(pool.map(lambda p: pot.verify(p, semantics="sat").kind, progs))
    assert sat_conc == sat_seq


# rendering ------------------------------------------------------------------------------------------------


def test_verdict_text_for_every_kind():
    from pot.render_verdict import verdict_text

    cases = {
        "proved": people("mortal(socrates)"),
        "refuted": people("human(zeus)"),
        "unknown": people("wise(socrates)"),
        "inconsistent": people("wise(plato)", knowledge_base=["human(zeus)",
                                                              {"assertion": "mortal(zeus)", "value": False}]),
        "undecided": {"functions": [{"name": "r", "range": "RealSort"}], "knowledge_base": ["r ** r == 3"],
                      "verifications": [{"constraint": "r > 1"}]},
    }
    for kind, prog in cases.items():
        v = pot.verify(prog, timeout_ms=500)
        assert v.kind == kind
        text = verdict_text(v)
        assert kind.upper() in text
    text = verdict_text(pot.verify(cases["inconsistent"]))
    assert "contradictory premises" in text and "knowledge_base[0]" in text
    text = verdict_text(pot.verify(cases["unknown"]))
    assert "counter-model" in text and "wise:" in text
