"""Every program shape the original Proof of Thought interpreter accepts: pot takes it with the
same meaning, or refuses it with a hint that says what to write (issue 7, points 5 and 6)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

import pot
from pot import ProgramError
from pot.dsl.program import load_program

ROOT = Path(__file__).resolve().parents[2]

BASE = {
    "sorts": [{"name": "Person", "type": "DeclareSort"}],
    "functions": [{"name": "human", "domain": ["Person"], "range": "BoolSort"},
                  {"name": "mortal", "domain": ["Person"], "range": "BoolSort"}],
    "constants": {"people": {"sort": "Person", "members": ["socrates"]}},
    "variables": [{"name": "x", "sort": "Person"}],
    "knowledge_base": ["human(socrates)", "ForAll([x], Implies(human(x), mortal(x)))"],
    "verifications": [{"name": "mortal", "constraint": "mortal(socrates)"}],
    "actions": ["verify_conditions"],
}


def program(**sections) -> dict:
    p = copy.deepcopy(BASE)
    p.update(sections)
    return p


def sat_answer(prog) -> bool | None:
    return pot.verify(prog, semantics="sat", evidence=False).answer


def errors(prog) -> list:
    return [d for d in pot.check(prog) if d.severity == "error"]


def refused(prog) -> list:
    with pytest.raises(ProgramError) as e:
        pot.verify(prog, semantics="sat")
    return e.value.errors


# sections: null, [] and {} -------------------------------------------------------------------------


@pytest.mark.parametrize("empty", [None, [], {}])
@pytest.mark.parametrize("section", ["sorts", "functions", "variables", "knowledge_base", "rules"])
def test_an_empty_section_may_be_null_a_list_or_an_object(section, empty):
    prog = program(**{section: empty})
    if section in ("sorts", "functions", "variables"):  # the program needs them: only loading is compared
        loaded, diags = load_program(prog)
        assert loaded is not None and getattr(loaded, section) == [] and diags == []
        return
    assert errors(prog) == []


@pytest.mark.parametrize("empty", [None, [], {}])
def test_empty_constants_and_optimization(empty):
    loaded, diags = load_program({"constants": empty, "optimization": empty})
    assert loaded is not None and diags == []
    assert loaded.constants == {} and loaded.optimization is None


def test_an_empty_domain_may_be_an_object():
    loaded, _ = load_program({"functions": [{"name": "c", "domain": {}, "range": "IntSort"}]})
    assert loaded is not None and loaded.functions[0].domain == []


def test_a_non_empty_object_where_a_list_belongs_says_to_wrap_it():
    diags = refused(program(verifications={"constraint": "mortal(socrates)"}))
    assert [(d.path, d.hint) for d in diags] == [("verifications", "wrap it in a list: [{...}]")]


def test_a_string_where_a_list_of_strings_belongs_says_what_to_write():
    (d,) = refused(program(actions="verify_conditions"))
    assert d.path == "actions" and d.hint == 'write a list: ["verify_conditions"]'


# constants ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("constants", [
    [{"sort": "Person", "members": ["socrates"]}],
    [{"name": "people", "sort": "Person", "members": ["socrates"]}],
])
def test_constants_as_a_list_of_groups(constants):
    assert sat_answer(program(constants=constants)) is True


def test_a_group_in_the_list_form_is_located_by_index():
    diags = refused(program(constants=[{"sort": "Person", "members": ["socrates"]}, {"sort": "Persn",
                                                                                      "members": ["plato"]}]))
    assert [(d.code, d.path, d.hint) for d in diags] == [("unknown-sort", "constants[1].sort",
                                                          "did you mean 'Person'?")]


def test_a_single_group_as_constants_says_to_name_it():
    (d,) = refused(program(constants={"sort": "Person", "members": ["socrates"]}))
    assert d.path == "constants" and "name the group" in d.hint


def test_member_dict_values_of_any_type_are_ignored():
    members = {"socrates": {"note": "a philosopher"}, "plato": 3, "zeno": None}
    assert sat_answer(program(constants={"people": {"sort": "Person", "members": members}})) is True


def test_null_members_is_an_empty_group_and_a_string_says_to_write_a_list():
    loaded, diags = load_program({"constants": {"g": {"sort": "S", "members": None}}})
    assert loaded is not None and list(loaded.constants["g"].members) == [] and diags == []
    (d,) = refused(program(constants={"people": {"sort": "Person", "members": "socrates"}}))
    assert (d.path, d.hint) == ("constants.people.members", 'write "members": ["socrates"]')


def test_a_member_that_is_not_a_string():
    (d,) = refused(program(constants={"people": {"sort": "Person", "members": ["socrates", 7]}}))
    assert d.path == "constants.people.members[1]" and d.hint == 'write it in quotes: "7"'


# names ------------------------------------------------------------------------------------------------


def test_identifiers_in_any_script():
    prog = {
        "sorts": [{"name": "Übung", "type": "DeclareSort"}],
        "functions": [{"name": "café", "domain": ["Übung"], "range": "BoolSort"},
                      {"name": "नमस्ते", "domain": ["Übung"], "range": "BoolSort"}],
        "constants": {"g": {"sort": "Übung", "members": ["übung", "名前"]}},
        "knowledge_base": ["café(übung)", "Not(café(名前))", "नमस्ते(名前)"],
        "verifications": [{"name": "v", "constraint": "And(café(übung), नमस्ते(名前))"}],
    }
    assert pot.check(prog) == []
    assert sat_answer(prog) is True
    prog["verifications"] = [{"name": "v", "constraint": "café(名前)"}]
    assert sat_answer(prog) is False


def test_a_name_python_reads_differently_is_declared_to_no_effect_with_its_fix():
    diags = pot.check(program(constants={"people": {"sort": "Person", "members": ["socrates", "ﬁsh"]}}))
    assert [(d.code, d.hint) for d in diags] == [("unusable-name", "write it as 'fish'")]


def test_a_declared_connective_replaces_the_builtin_as_in_the_original():
    # Implies declared as an uninterpreted predicate: Implies(a, b) no longer means a => b
    prog = program(functions=[*BASE["functions"], {"name": "Implies", "domain": ["BoolSort", "BoolSort"],
                                                   "range": "BoolSort"}])
    diags = pot.check(prog)
    assert [(d.code, d.path) for d in diags] == [("shadowed-builtin", "functions[2].name")]
    v = pot.verify(prog, semantics="entail", evidence=False)
    assert v.answer is None  # mortal(socrates) no longer follows


def test_an_unused_connective_declaration_changes_nothing():
    prog = program(functions=[*BASE["functions"], {"name": "Or", "domain": ["Person"], "range": "BoolSort"}])
    assert sat_answer(prog) is True
    assert pot.verify(prog, evidence=False).answer is True


def test_an_identical_function_declared_twice_is_a_warning():
    prog = program(functions=[*BASE["functions"], copy.deepcopy(BASE["functions"][0])])
    assert [(d.severity, d.code) for d in pot.check(prog)] == [("warning", "duplicate-name")]


def test_a_constant_repeating_an_enum_value_is_a_new_element_as_in_the_original():
    prog = {
        "sorts": [{"name": "Color", "type": "EnumSort", "values": ["red", "green"]}],
        "constants": {"colors": {"sort": "Color", "members": ["red"]}},
        "verifications": [{"name": "v", "constraint": "red == green"}],
    }
    diags = pot.check(prog)
    assert [(d.code, d.path) for d in diags] == [("shadowed-enum-value", "constants.colors.members[0]")]
    assert "new element" in diags[0].message and "drop this declaration" in diags[0].hint
    assert sat_answer(prog) is True  # the original's answer: red is now any Color, green among them
    del prog["constants"]
    assert sat_answer(prog) is False


def test_a_variable_repeating_an_enum_value_is_a_new_element_too():
    prog = {
        "sorts": [{"name": "Color", "type": "EnumSort", "values": ["red", "green"]}],
        "variables": [{"name": "red", "sort": "Color"}],
        "verifications": [{"name": "v", "constraint": "red == green"}],
    }
    assert [d.code for d in pot.check(prog)] == ["shadowed-enum-value", "free-variable"]
    assert sat_answer(prog) is True


# knowledge base, rules, verifications --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["false", "no", None, 0, ""])
def test_a_fact_value_that_is_not_a_boolean_is_refused(value):
    # the original reads it with Python truthiness: "false" asserts the fact, 0 and null negate it
    (d,) = refused(program(knowledge_base=[{"assertion": "human(socrates)", "value": value}]))
    assert d.path == "knowledge_base[0].value" and "\"value\": false" in d.hint


def test_both_implies_and_constraint_in_a_rule_says_what_to_do():
    rule = {"forall": [{"name": "p", "sort": "Person"}], "implies": {"antecedent": "human(p)",
                                                                      "consequent": "mortal(p)"},
            "constraint": "human(p)"}
    (d,) = refused(program(rules=[rule]))
    assert d.path == "rules[0]" and "move the constraint to a rule of its own" in d.hint


def test_duplicate_verification_names_are_refused():
    (d,) = refused(program(verifications=[{"name": "v", "constraint": "mortal(socrates)"},
                                          {"name": "v", "constraint": "Not(mortal(socrates))"}]))
    assert d.path == "verifications[1].name" and "its own name" in d.hint


def test_unnamed_verifications_are_all_checked():
    v = pot.verify(program(verifications=[{"constraint": "mortal(socrates)"}, {"constraint": "human(socrates)"}]),
                   semantics="sat", evidence=False)
    assert len(v.results) == 2


def test_an_unused_malformed_optimization_is_a_warning():
    prog = program(optimization={"objectives": 7, "constraints": {"a": 1}})
    diags = pot.check(prog)
    assert diags and {d.code for d in diags} == {"optimization-ignored"}
    assert sat_answer(prog) is True
    refused(program(optimization={"objectives": 7}, actions=["verify_conditions", "optimize"]))


# errors at the cause (point 6) ---------------------------------------------------------------------------


def test_a_misspelt_domain_sort_is_reported_once_at_the_declaration():
    prog = program(functions=[{"name": "human", "domain": ["Persn"], "range": "BoolSort"},
                              BASE["functions"][1]])
    diags = errors(prog)
    assert [(d.code, d.path, d.hint) for d in diags] == [("unknown-sort", "functions[0].domain[0]",
                                                          "did you mean 'Person'?")]


def test_a_quantified_variable_with_an_unknown_sort_is_reported_once():
    rule = {"forall": [{"name": "p", "sort": "Persn"}], "implies": {"antecedent": "human(p)",
                                                                     "consequent": "mortal(p)"}}
    diags = errors(program(rules=[rule], knowledge_base=["human(socrates)"]))
    assert [(d.code, d.path, d.hint) for d in diags] == [("unknown-sort", "rules[0].forall[0].sort",
                                                          "did you mean 'Person'?")]


def test_a_declared_variable_with_an_unknown_sort_is_reported_once():
    diags = errors(program(variables=[{"name": "x", "sort": "Persn"}]))
    assert [(d.code, d.path) for d in diags] == [("unknown-sort", "variables[0].sort")]


def test_constants_of_an_unknown_sort_are_reported_once():
    diags = errors(program(constants={"people": {"sort": "Persn", "members": ["socrates"]}}))
    assert [(d.code, d.path) for d in diags] == [("unknown-sort", "constants.people.sort")]


def test_a_str_naming_a_file_gets_a_hint_to_pass_a_path(tmp_path, monkeypatch):
    f = tmp_path / "prog.json"
    f.write_text(json.dumps(BASE), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for text in (str(f), "prog.json"):
        with pytest.raises(ProgramError) as e:
            pot.verify(text)
        (d,) = e.value.errors
        assert d.code == "invalid-json" and "pathlib.Path(" in d.hint, d
    assert pot.verify(f).answer is True


def test_a_str_that_is_not_a_file_keeps_the_json_hint():
    (d,) = refused("not json at all")
    assert "pathlib" not in d.hint


def test_an_integer_past_the_digit_limit_in_the_json_text():
    text = '{"knowledge_base": ["x > 0"],\n "n": ' + "9" * 5000 + "}"
    loaded, diags = load_program(text)
    assert loaded is None
    (d,) = diags
    assert d.code == "invalid-json" and "5000 digits" in d.message and d.hint
    assert (d.path, d.column) == ("line 2", 7)


# the JSON Schema: generated by pydantic, never imported on the verify path ---------------------------------


@pytest.mark.slow  # a fresh interpreter
def test_loading_and_checking_do_not_import_pydantic_beyond_the_diagnostics():
    code = ("import sys; import pot.errors; before = {m for m in sys.modules if m.startswith('pydantic')}; "
            "import pot.dsl.program, pot.dsl.parsed, pot.checker; "
            "pot.dsl.program.load_program({'knowledge_base': ['a']}); "
            "print(sorted({m for m in sys.modules if m.startswith('pydantic')} - before))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert out.stdout.strip() == "[]", out.stdout


def test_the_schema_accepts_the_new_shapes_and_refuses_what_the_loader_refuses():
    import jsonschema

    from pot.dsl.program import json_schema

    validator = jsonschema.Draft202012Validator(json_schema())
    accepted = program(rules={}, constants=[{"name": "people", "sort": "Person",
                                             "members": {"socrates": {"born": -470}}}],
                       functions=[*BASE["functions"], {"name": "c", "domain": {}, "range": "IntSort"}],
                       optimization=None)
    assert list(validator.iter_errors(accepted)) == []
    assert load_program(accepted)[0] is not None
    for bad in (program(knowledge_base=[{"assertion": "human(socrates)", "value": "false"}]),
                program(rules={"constraint": "human(socrates)"})):
        assert list(validator.iter_errors(bad))
        assert load_program(bad)[0] is None


def test_constants_listed_under_another_field_are_refused_with_the_rename():
    """A small model wrote a group's names under "values" (as enum sorts list theirs); the
    original refuses the group, and so does pot, saying which field to rename."""
    _, diags = load_program(program(constants={"people": {"sort": "Person", "values": ["socrates"]}}))
    [err] = [d for d in diags if d.severity == "error"]
    assert (err.path, err.message) == ("constants.people", "missing field 'members'")
    assert err.hint == 'a group lists its constants under "members": rename "values" to "members"'
    _, diags = load_program(program(constants={"people": {"sort": "Person"}}))
    [err] = [d for d in diags if d.severity == "error"]
    assert err.hint == 'list the group\'s constants: "members": ["name1", "name2"]'


@pytest.mark.parametrize("section, entry, field, expected", [
    ("rules", {"assertion": "human(socrates)"}, "assertion", "constraint"),  # a fact's field on a rule
    ("verifications", {"statement": "mortal(socrates)"}, "statement", "constraint"),
    ("knowledge_base", {"constraint": "human(socrates)"}, "constraint", "assertion"),  # a rule's field on a fact
])
def test_a_formula_under_another_field_is_refused_with_the_rename(section, entry, field, expected):
    _, diags = load_program(program(**{section: [entry]}))
    [err] = [d for d in diags if d.severity == "error"]
    assert err.path == f"{section}[0]"
    assert err.hint == f'this entry writes its formula under "{field}": rename it to "{expected}"'
