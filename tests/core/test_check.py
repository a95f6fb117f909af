"""The type checker: every diagnostic code, where it points, and what it suggests."""

from __future__ import annotations

import copy

import pytest

import pot
from pot.checker import check_program
from pot.dsl.parsed import parse_program
from pot.dsl.program import load_program

BASE = {
    "sorts": [{"name": "Person", "type": "DeclareSort"}],
    "functions": [
        {"name": "birth_year", "domain": ["Person"], "range": "IntSort"},
        {"name": "height", "domain": ["Person"], "range": "RealSort"},
        {"name": "likes", "domain": ["Person", "Person"], "range": "BoolSort"},
        {"name": "human", "domain": ["Person"], "range": "BoolSort"},
    ],
    "constants": {"people": {"sort": "Person", "members": ["alice", "bob"]}},
    "variables": [{"name": "x", "sort": "Person"}, {"name": "y", "sort": "Person"}],
    "verifications": [{"constraint": "human(alice)"}],
}


def program(**sections) -> dict:
    p = copy.deepcopy(BASE)
    p.update(sections)
    return p


def diagnostics(prog: dict) -> list:
    return pot.check(prog)


def errors(prog: dict) -> list:
    return [d for d in diagnostics(prog) if d.severity == "error"]


def only_error(prog: dict):
    errs = errors(prog)
    assert len(errs) == 1, [str(d) for d in errs]
    return errs[0]


def kb_error(expr: str, **sections):
    return only_error(program(knowledge_base=[expr], **sections))


def assert_valid(prog: dict) -> list:
    errs = errors(prog)
    assert errs == [], [str(d) for d in errs]
    return diagnostics(prog)


def test_base_program_is_valid():
    assert diagnostics(BASE) == []


# names ----------------------------------------------------------------------------------


def test_undeclared_function_with_did_you_mean():
    d = kb_error("brith_year(alice) > 1900")
    assert (d.code, d.path, d.column) == ("undeclared-name", "knowledge_base[0]", 1)
    assert "brith_year" in d.message
    assert d.hint == "did you mean 'birth_year'?"


def test_undeclared_constant_with_did_you_mean():
    d = kb_error("human(alcie)")
    assert (d.code, d.column) == ("undeclared-name", 7)
    assert d.hint == "did you mean 'alice'?"


def test_undeclared_name_without_a_close_match_says_how_to_declare():
    d = kb_error("human(zebediah)")
    assert d.code == "undeclared-name"
    assert d.hint == 'declare it: add "zebediah" to the "members" of a group of sort Person in "constants"'
    d = kb_error("birth_year(alice) > century")
    assert d.hint == "declare it as a constant (or a variable to quantify over)"  # no argument: no sort known


def test_an_undeclared_argument_of_an_enum_sort_may_be_a_missing_value():
    colors = [{"name": "Color", "type": "EnumSort", "values": ["red", "green"]}]
    functions = [*BASE["functions"], {"name": "wears", "domain": ["Person", "Color"], "range": "BoolSort"}]
    d = kb_error("wears(alice, purple)", sorts=[*BASE["sorts"], *colors], functions=functions)
    assert d.hint == 'add "purple" to the "values" of the enum sort Color, or declare it as a constant of that sort'


def test_lowercase_true_is_hinted():
    d = kb_error("And(human(alice), true)")
    assert d.code == "undeclared-name" and d.hint == "write True"


def test_sort_used_as_value():
    d = kb_error("human(Person)")
    assert (d.code, d.path, d.column) == ("not-a-value", "knowledge_base[0]", 7)
    assert "'Person' is a sort, not a value" in d.message


def test_sort_applied_as_function():
    d = kb_error("Person(alice)")
    assert d.code == "not-a-function"
    assert "'Person' is a sort" in d.message
    assert "BoolSort" in d.hint


def test_function_used_without_arguments():
    d = kb_error("human")
    assert d.code == "not-a-value"
    assert d.hint == "apply it: human(...)"


def test_constant_applied_as_function():
    d = kb_error("alice(bob)")
    assert d.code == "not-a-function" and "constant" in d.message


def test_strings_are_refused_with_a_hint():
    d = kb_error("likes(alice, 'bob')")
    assert d.code == "unsupported" and "constant" in d.hint


# arity and sorts ----------------------------------------------------------------------------


def test_arity():
    d = kb_error("likes(alice)")
    assert (d.code, d.path, d.column) == ("arity", "knowledge_base[0]", 1)
    assert "takes 2 argument(s), got 1" in d.message
    assert d.hint == "likes(Person, Person)"


def test_builtin_arity():
    assert kb_error("Implies(human(alice))").code == "arity"
    assert kb_error("If(human(alice), 1)").code == "arity"
    assert kb_error("Not(human(alice), human(bob))").code == "arity"


def test_sort_mismatch_in_function_arguments():
    d = kb_error("likes(alice, 3)")
    assert (d.code, d.column) == ("sort-mismatch", 14)
    assert "argument 2 of 'likes' must be Person, got IntSort" in d.message
    assert "likes is declared" in d.hint


def test_both_bad_arguments_are_reported():
    errs = errors(program(knowledge_base=["likes(1, True)"]))
    assert [(d.code, d.column) for d in errs] == [("sort-mismatch", 7), ("sort-mismatch", 10)]


def test_not_bool():
    d = kb_error("birth_year(alice)")
    assert (d.code, d.path) == ("not-bool", "knowledge_base[0]")
    assert "IntSort" in d.message and d.hint


def test_not_bool_inside_connective():
    d = kb_error("And(human(alice), birth_year(bob))")
    assert d.code == "not-bool" and d.column == 19


def test_not_numeric():
    d = kb_error("human(alice) + 1 > 0")
    assert (d.code, d.column) == ("not-numeric", 1)
    assert d.hint == "Bools are not numbers; use If(b, 1, 0)"


def test_ordering_needs_numbers():
    d = kb_error("alice < bob")
    assert d.code == "not-numeric" and "==" in d.hint


def test_cannot_compare_bool_with_int():
    d = kb_error("human(alice) == 1")
    assert d.code == "sort-mismatch" and d.hint == "a Bool is True or False, not a number"


def test_chained_comparison_is_refused_with_a_hint():
    d = kb_error("birth_year(alice) < birth_year(bob) <= 2000")
    assert (d.code, d.path) == ("chained-comparison", "knowledge_base[0]")
    assert d.column == 19  # the first operator
    assert d.hint.startswith("write And(")


def test_chained_equality_is_refused():
    assert kb_error("birth_year(alice) == birth_year(bob) == 1990").code == "chained-comparison"


def test_modulo_on_reals_is_refused():
    assert kb_error("height(alice) % 2 == 0").code == "not-numeric"


# accepted forms ----------------------------------------------------------------------------


@pytest.mark.parametrize("expr", [
    "height(alice) > birth_year(bob)",  # Int→Real promotion
    "height(alice) == 2",
    "height(alice) + birth_year(alice) > 1.5",
    "human(alice) == True",
    "likes(alice, bob) != False",
    "human(alice) and not human(bob) or likes(alice, bob)",
    "And([human(alice), human(bob)])",
    "Sum(birth_year(alice), birth_year(bob), 3) > 0",
    "Sum(height(alice), birth_year(bob)) > 0",
    "Product(birth_year(alice), 2) > 0",
    "If(human(alice), birth_year(alice), 0) > 0",
    "If(human(alice), height(alice), 1) > 0",
    "Distinct(alice, bob)",
    "Xor(human(alice), human(bob))",
    "ToReal(birth_year(alice)) / 2 > 1",
    "ToInt(height(alice)) == 2",
    "-birth_year(alice) < 0",
    "birth_year(alice) ** 2 > 0",
    "birth_year(alice) / 2 == 3",
    "birth_year(alice) % 4 == 0",
    "ForAll([x], Implies(human(x), birth_year(x) > 0))",
    "ForAll([x, y], likes(x, y) == likes(y, x))",
    "Exists([x], likes(x, alice))",
    "ForAll([x], Exists([y], likes(x, y)))",
    "ForAll([x], ForAll([x], human(x)))",  # shadowing the same variable
    "Implies(True, human(alice))",
])
def test_accepted_expressions(expr):
    diags = assert_valid(program(knowledge_base=[expr]))
    assert [d.code for d in diags] == []


def test_shadowing_with_another_sort():
    prog = program(variables=[{"name": "x", "sort": "Person"}, {"name": "n", "sort": "IntSort"}],
                   rules=[{"forall": [{"name": "n", "sort": "Person"}], "constraint": "human(n)"}])
    assert_valid(prog)


def test_rule_forall_variables_need_no_global_declaration():
    prog = program(variables=[], rules=[{"forall": [{"name": "p", "sort": "Person"}],
                                         "implies": {"antecedent": "human(p)", "consequent": "birth_year(p) > 0"}}])
    assert assert_valid(prog) == []


def test_enum_values_usable():
    prog = program(
        sorts=[{"name": "Color", "type": "EnumSort", "values": ["red", "green"]}, *BASE["sorts"]],
        functions=[*BASE["functions"], {"name": "favourite", "domain": ["Person"], "range": "Color"}],
        knowledge_base=["favourite(alice) == red", "favourite(bob) != green"],
    )
    assert_valid(prog)


def test_sorts_in_any_order_with_array_dependencies():
    prog = {
        "sorts": [
            {"name": "Table", "type": "ArraySort(Key, ArraySort(IntSort, Word))"},
            {"name": "Word", "type": "BitVecSort(8)"},
            {"name": "Key", "type": "DeclareSort"},
        ],
        "functions": [{"name": "t", "domain": [], "range": "Table"}],
        "constants": {"keys": {"sort": "Key", "members": ["k"]}},
        "knowledge_base": ["t[k][0] == 7", "Select(Select(t, k), 1) == BitVecVal(3, 8)"],
        "verifications": [{"constraint": "t[k][0] != t[k][1]"}],
    }
    assert_valid(prog)


def test_sort_names_and_function_names_live_apart():
    prog = {
        "sorts": [{"name": "person", "type": "DeclareSort"}],
        "functions": [{"name": "person", "domain": ["person"], "range": "BoolSort"}],
        "constants": {"c": {"sort": "person", "members": ["a"]}},
        "knowledge_base": ["person(a)"],
        "verifications": [{"constraint": "person(a)"}],
    }
    assert assert_valid(prog) == []


@pytest.mark.parametrize("alias, builtin", [("Bool", "BoolSort"), ("Int", "IntSort"), ("Real", "RealSort")])
def test_short_sort_aliases(alias, builtin):
    prog = {
        "functions": [{"name": "f", "domain": [alias], "range": alias}, {"name": "g", "domain": [builtin],
                                                                          "range": builtin}],
        "verifications": [{"constraint": "f(g(True)) == g(f(True))" if alias == "Bool" else "f(g(1)) == g(f(2))"}],
    }
    assert assert_valid(prog) == []


def test_builtin_sort_redeclared_as_itself_is_harmless():
    prog = {"sorts": [{"name": "IntSort", "type": "IntSort"}], "functions": [{"name": "n", "range": "IntSort"}],
            "verifications": [{"constraint": "n() > 0"}]}
    assert_valid(prog)


def test_zero_arity_function_used_as_name_or_call():
    prog = {"functions": [{"name": "n", "domain": [], "range": "IntSort"}],
            "knowledge_base": ["n > 1", "n() < 3"], "verifications": [{"constraint": "n == 2"}]}
    assert assert_valid(prog) == []


# declarations ------------------------------------------------------------------------------


def test_duplicate_name_with_different_sorts_is_an_error():
    prog = program(sorts=[*BASE["sorts"], {"name": "City", "type": "DeclareSort"}],
                   constants={"people": {"sort": "Person", "members": ["alice", "paris"]},
                              "cities": {"sort": "City", "members": ["paris"]}})
    d = only_error(prog)
    assert (d.code, d.path) == ("duplicate-name", "constants.cities.members[0]")
    assert "constants.people.members[1]" in d.message


def test_same_sort_redeclaration_is_a_warning():
    prog = program(constants={"people": {"sort": "Person", "members": ["alice", "bob"]},
                              "friends": {"sort": "Person", "members": ["bob"]}})
    diags = assert_valid(prog)
    assert [(d.severity, d.code, d.path) for d in diags] == [
        ("warning", "duplicate-name", "constants.friends.members[0]")]


def test_constant_clashing_with_function_is_an_error():
    prog = program(constants={"people": {"sort": "Person", "members": ["alice", "human"]}})
    d = only_error(prog)
    assert d.code == "duplicate-name" and "function" in d.message


def test_duplicate_function():
    prog = program(functions=[*BASE["functions"], {"name": "human", "domain": ["Person"], "range": "IntSort"}])
    d = only_error(prog)
    assert (d.code, d.path) == ("duplicate-name", "functions[4].name")


def test_duplicate_sort():
    prog = program(sorts=[*BASE["sorts"], {"name": "Person", "type": "DeclareSort"}])
    d = only_error(prog)
    assert (d.code, d.path) == ("duplicate-name", "sorts[1].name")


def test_members_in_dict_form_report_by_name():
    prog = program(constants={"people": {"sort": "Person", "members": {"alice": "a", "human": "b"}}})
    d = only_error(prog)
    assert (d.code, d.path) == ("duplicate-name", "constants.people.members.human")


@pytest.mark.parametrize("name", ["And", "ForAll", "If", "Not"])
def test_a_declared_builtin_name_replaces_the_builtin(name):
    """As in the original interpreter: the declaration wins in expressions, with a warning."""
    prog = program(functions=[*BASE["functions"], {"name": name, "domain": ["Person"], "range": "BoolSort"}],
                   verifications=[{"constraint": f"{name}(alice)"}])
    diags = assert_valid(prog)
    assert [(d.code, d.path) for d in diags] == [("shadowed-builtin", "functions[4].name")]


@pytest.mark.parametrize("name", ["True", "and", "not"])
def test_a_keyword_name_is_declared_to_no_effect(name):
    prog = program(functions=[*BASE["functions"], {"name": name, "domain": ["Person"], "range": "BoolSort"}])
    diags = assert_valid(prog)
    assert [(d.code, d.path) for d in diags] == [("unusable-name", "functions[4].name")]


def test_builtin_sort_name_is_reserved():
    d = only_error(program(sorts=[*BASE["sorts"], {"name": "IntSort", "type": "DeclareSort"}]))
    assert d.code == "reserved-name"


def test_a_name_no_expression_can_write_is_a_warning_with_a_fix():
    diags = assert_valid(program(constants={"people": {"sort": "Person", "members": ["alice", "bob smith"]}}))
    (d,) = diags
    assert (d.code, d.path) == ("unusable-name", "constants.people.members[1]")
    assert "bob_smith" in d.hint


def test_unknown_sort_with_did_you_mean():
    d = only_error(program(functions=[{"name": "f", "domain": ["Persn"], "range": "BoolSort"}],
                           verifications=[{"constraint": "True"}]))
    assert (d.code, d.path) == ("unknown-sort", "functions[0].domain[0]")
    assert d.hint == "did you mean 'Person'?"


def test_unknown_sort_in_quantifier_variable():
    prog = program(rules=[{"forall": [{"name": "p", "sort": "Persons"}], "constraint": "human(p)"}])
    errs = errors(prog)
    assert ("unknown-sort", "rules[0].forall[0].sort") in [(d.code, d.path) for d in errs]


def test_sort_cycle_through_array_sorts():
    prog = {"sorts": [{"name": "A", "type": "ArraySort(IntSort, B)"}, {"name": "B", "type": "ArraySort(C, IntSort)"},
                      {"name": "C", "type": "ArraySort(A, BoolSort)"}],
            "verifications": [{"constraint": "True"}]}
    errs = errors(prog)
    assert [d.code for d in errs] == ["sort-cycle"]
    assert errs[0].path.startswith("sorts[")


def test_sort_depending_on_itself():
    prog = {"sorts": [{"name": "A", "type": "ArraySort(A, IntSort)"}], "verifications": [{"constraint": "True"}]}
    d = only_error(prog)
    assert (d.code, d.path, d.hint) == ("sort-cycle", "sorts[0]", None)


@pytest.mark.parametrize("sort_type, path", [
    ("FooSort", "sorts[0].type"),
    ("EnumSort", "sorts[0].values"),  # no values
])
def test_invalid_sort(sort_type, path):
    d = only_error({"sorts": [{"name": "S", "type": sort_type}], "verifications": [{"constraint": "True"}]})
    assert (d.code, d.path) == ("invalid-sort", path)
    assert d.hint


@pytest.mark.parametrize("width", [0, 513, 100000])
def test_bitvec_width_in_sorts(width):
    d = only_error({"sorts": [{"name": "W", "type": f"BitVecSort({width})"}],
                    "verifications": [{"constraint": "True"}]})
    assert (d.code, d.path) == ("bitvec-width", "sorts[0].type")
    assert "512" in d.hint


def test_bitvec_width_in_function_range():
    d = only_error({"functions": [{"name": "w", "range": "BitVecSort(1024)"}],
                    "verifications": [{"constraint": "True"}]})
    assert (d.code, d.path) == ("bitvec-width", "functions[0].range")


def test_bitvec_width_in_bitvecval():
    d = kb_error("BitVecVal(1, 600) == 0")
    assert (d.code, d.column) == ("bitvec-width", 1)
    assert "512" in d.message


def test_malformed_bitvec_sort():
    d = only_error({"sorts": [{"name": "W", "type": "BitVecSort(x)"}], "verifications": [{"constraint": "True"}]})
    assert d.code == "unknown-sort" and "BitVecSort(8)" in d.hint


# quantifiers and variables ---------------------------------------------------------------------


def test_quantifying_a_constant_is_refused():
    d = kb_error("ForAll([alice], human(alice))")
    assert (d.code, d.column) == ("quantifier-variable", 9)
    assert "'alice' is a constant" in d.message
    assert "variables" in d.hint


def test_quantifying_an_undeclared_variable():
    d = errors(program(knowledge_base=["ForAll([z], human(z))"]))[0]
    assert (d.code, d.column) == ("undeclared-name", 9)
    assert "variables" in d.hint


def test_quantifying_an_undeclared_variable_is_reported_once():
    assert len(errors(program(knowledge_base=["ForAll([z], human(z))"]))) == 1


def test_quantifier_needs_variables_and_body():
    assert kb_error("ForAll([], human(alice))").code == "quantifier-variable"
    assert kb_error("ForAll([x])").code == "arity"
    assert kb_error("ForAll([human(x)], True)").code == "quantifier-variable"


def test_errors_in_quantifier_body_still_reported_after_a_bad_variable():
    errs = errors(program(knowledge_base=["ForAll([alice, x], brith_year(x) > 0)"]))
    assert [d.code for d in errs] == ["quantifier-variable", "undeclared-name"]


def test_free_variable_is_a_warning():
    diags = assert_valid(program(knowledge_base=["human(x)"]))
    assert [(d.severity, d.code, d.path) for d in diags] == [("warning", "free-variable", "knowledge_base[0]")]
    assert "ForAll([x]" in diags[0].hint


def test_bound_variable_is_not_free():
    assert assert_valid(program(knowledge_base=["ForAll([x], human(x))"])) == []


def test_empty_inline_variable_list():
    d = only_error(program(rules=[{"forall": [], "constraint": "True"}]))
    assert (d.code, d.path) == ("quantifier-variable", "rules[0].forall")


def test_inline_variable_named_like_a_function():
    d = only_error(program(rules=[{"forall": [{"name": "human", "sort": "Person"}], "constraint": "True"}]))
    assert (d.code, d.path) == ("duplicate-name", "rules[0].forall[0]")


# paths for each site --------------------------------------------------------------------------------


def test_paths_name_the_exact_site():
    prog = program(
        knowledge_base=["human(alice)", {"assertion": "humn(bob)", "value": False}],
        rules=[{"forall": [{"name": "p", "sort": "Person"}],
                "implies": {"antecedent": "human(p)", "consequent": "mortal(p)"}},
               {"constraint": "likes(alice)"}],
        verifications=[{"exists": [{"name": "p", "sort": "Person"}], "constraint": "birth_year(p)"},
                       {"forall": [{"name": "p", "sort": "Person"}],
                        "implies": {"antecedent": "human(q)", "consequent": "True"}}],
    )
    got = [(d.code, d.path) for d in errors(prog)]
    assert got == [
        ("undeclared-name", "knowledge_base[1]"),
        ("undeclared-name", "rules[0].implies.consequent"),
        ("arity", "rules[1].constraint"),
        ("not-bool", "verifications[0].constraint"),
        ("undeclared-name", "verifications[1].implies.antecedent"),
    ]


def test_syntax_error_becomes_a_diagnostic_with_column():
    d = kb_error("human(alice) = True")
    assert (d.code, d.path, d.column) == ("syntax-error", "knowledge_base[0]", 14)
    assert "==" in d.hint


def test_all_errors_reported_at_once():
    prog = program(knowledge_base=["human(carol)", "likes(alice)"],
                   verifications=[{"constraint": "birth_year(bob) + human(bob) > 0"}])
    errs = errors(prog)
    assert [(d.code, d.path) for d in errs] == [
        ("undeclared-name", "knowledge_base[0]"),
        ("arity", "knowledge_base[1]"),
        ("not-numeric", "verifications[0].constraint"),
    ]


def test_declaration_and_expression_errors_together():
    prog = program(functions=[*BASE["functions"], {"name": "f", "domain": ["Nope"], "range": "BoolSort"}],
                   knowledge_base=["human(Person)", "a = b"])
    assert sorted(d.code for d in errors(prog)) == ["not-a-value", "syntax-error", "unknown-sort"]


# facts that are a constant --------------------------------------------------------------------------


def test_a_false_fact_whose_name_is_the_statement_is_refused_with_the_negation_to_write():
    # how the local 1.5B model wrote facts (StrategyQA d697f624, decomposed): the statement as the
    # name, its truth as the assertion, so the premises contradicted each other
    d = only_error(program(knowledge_base=[{"name": "human(bob)", "assertion": "False"}]))
    assert (d.code, d.path) == ("constant-fact", "knowledge_base[0]")
    assert "constant False" in d.message
    assert d.hint == 'to state that \'human(bob)\' is false, write "assertion": "Not(human(bob))"'


def test_a_true_fact_whose_name_is_the_statement_is_refused_with_the_fact_to_write():
    d = only_error(program(knowledge_base=[{"name": "likes(alice, bob)", "assertion": "True"}]))
    assert (d.code, d.path) == ("constant-fact", "knowledge_base[0]")
    assert "only its name" in d.message
    assert d.hint == 'write "assertion": "likes(alice, bob)"'


def test_value_false_turns_a_true_fact_into_a_false_one():
    d = only_error(program(knowledge_base=[{"name": "human(bob)", "assertion": "True", "value": False}]))
    assert d.code == "constant-fact" and "constant False" in d.message


def test_a_false_fact_without_a_statement_in_its_name_gets_the_general_hint():
    for name in (None, "bob_is_human", "human(carol)"):  # not a name; not a formula; an undeclared constant
        fact = {"assertion": "False"} if name is None else {"name": name, "assertion": "False"}
        d = only_error(program(knowledge_base=[fact]))
        assert d.code == "constant-fact"
        assert d.hint == 'write the statement that is false, negated: "assertion": "Not(...)"'


def test_fact_names_are_read_as_statements_within_a_character_budget(monkeypatch):
    # names are outside the expressions' budget: hostile ones must not make the checker parse megabytes
    import pot.checker as checker

    read = []
    real = checker._is_formula
    monkeypatch.setattr(checker, "_is_formula", lambda text, *a: read.append(text) or real(text, *a))
    long_name = " or ".join(["human(alice)"] * 1000)  # 15,996 characters: a formula
    facts = [{"name": long_name, "assertion": "False"}] * 50 + [{"name": "human(bob)", "assertion": "False"}]
    errs = errors(program(knowledge_base=facts))
    assert [d.code for d in errs] == ["constant-fact"] * 51
    assert sum(len(text) for text in read) <= checker.STATEMENT_NAME_CHARACTERS
    assert read == [long_name, "human(bob)"]  # the first long name fits, the next ones do not
    assert [d.hint.startswith("to state that") for d in errs] == [True] + [False] * 49 + [True]


def test_a_bare_true_fact_is_accepted_with_a_warning():
    prog = program(knowledge_base=["True", {"name": "trivial", "assertion": "True"}])
    assert_valid(prog)
    assert [(d.code, d.severity) for d in diagnostics(prog)] == [("constant-fact", "warning")] * 2


def test_a_fact_that_only_contains_a_constant_is_not_flagged():
    prog = program(knowledge_base=["Or(human(bob), False)", "And(True, human(alice))"])
    assert diagnostics(prog) == []


# program level ------------------------------------------------------------------------------------


def test_nothing_to_verify():
    d = only_error({"knowledge_base": ["True"]})
    assert (d.code, d.path) == ("nothing-to-verify", "verifications")
    assert "verifications" in d.hint


def test_nothing_to_verify_with_empty_list():
    assert only_error({"verifications": []}).code == "nothing-to-verify"


def test_too_deep():
    expr = "Not(" * 150 + "human(alice)" + ")" * 150
    d = kb_error(expr)
    assert (d.code, d.path) == ("too-deep", "knowledge_base[0]")
    assert "limit" in d.message and d.hint


def test_very_deep_expression_is_refused_without_recursion_error():
    expr = "Not(" * 3000 + "human(alice)" + ")" * 3000
    assert kb_error(expr).code == "too-deep"


def test_too_long_expression():
    expr = " or ".join(["human(alice)"] * 2000)
    d = kb_error(expr)
    assert d.code == "syntax-error" and "too long" in d.message


def test_too_many_declarations():
    prog = {"constants": {"c": {"sort": "IntSort", "members": [f"c{i}" for i in range(6000)]}},
            "verifications": [{"constraint": "True"}]}
    d = only_error(prog)
    assert (d.code, d.path) == ("too-many", "constants")


def test_too_many_arguments():
    prog = {"functions": [{"name": "f", "domain": ["IntSort"] * 40, "range": "BoolSort"}],
            "verifications": [{"constraint": "True"}]}
    assert only_error(prog).code == "too-many"


def test_unsupported_dsl_version():
    d = only_error(program(dsl_version="2.0"))
    assert (d.code, d.path) == ("version", "dsl_version")


def test_current_dsl_version_accepted():
    assert_valid(program(dsl_version="1.0"))


def test_unknown_action_is_a_warning():
    diags = assert_valid(program(actions=["verify_conditions", "dance"]))
    assert [(d.code, d.path) for d in diags] == [("unknown-action", "actions[1]")]


def test_optimization_is_checked_when_optimize_is_an_action():
    opt = {"variables": [{"name": "n", "sort": "IntSort"}], "constraints": ["n < m"],
           "objectives": [{"type": "maximize", "expression": "human(alice)"}]}
    errs = errors(program(optimization=opt, actions=["optimize"]))
    assert [(d.code, d.path) for d in errs] == [
        ("undeclared-name", "optimization.constraints[0]"),
        ("not-numeric", "optimization.objectives[0].expression"),
    ]


# the checked program --------------------------------------------------------------------------------


def test_checked_program_ids_names_and_texts():
    loaded, _ = load_program(program(
        knowledge_base=[{"assertion": "human(alice)", "name": "alice_human"}, {"assertion": "human(bob)",
                                                                               "value": False}],
        rules=[{"name": "r", "forall": [{"name": "p", "sort": "Person"}],
                "implies": {"antecedent": "human(p)", "consequent": "birth_year(p) > 0"}}],
        verifications=[{"name": "v", "constraint": "birth_year(alice) > 0"}],
    ))
    checked, diags = check_program(parse_program(loaded))
    assert diags == []
    assert [(f.id, f.name) for f in checked.premises] == [("knowledge_base[0]", "alice_human"),
                                                          ("knowledge_base[1]", None), ("rules[0]", "r")]
    assert checked.premises[1].text == "Not(human(bob))"
    assert checked.premises[2].text == "forall p: human(p) => birth_year(p) > 0"
    assert [(f.id, f.name) for f in checked.claims] == [("verifications[0]", "v")]


def test_check_returns_no_program_on_errors():
    loaded, _ = load_program(program(knowledge_base=["nope"]))
    checked, diags = check_program(parse_program(loaded))
    assert checked is None and diags


def test_diagnostic_str_is_one_line_with_path_column_and_hint():
    d = kb_error("brith_year(alice) > 1900")
    assert str(d) == ("knowledge_base[0], col 1: undeclared function 'brith_year' "
                      "(hint: did you mean 'birth_year'?)")


def test_check_never_raises_on_garbage():
    for junk in [None, 3, [], "", b"\x00", "{", {"sorts": 5}, {"sorts": [{"name": 1, "type": []}]},
                 {"functions": [{"name": "f", "domain": "IntSort", "range": "BoolSort"}]},
                 {"constants": {"g": {"sort": "Nope", "members": ["a"]}}, "verifications": [{"constraint": "a"}]}]:
        result = pot.check(junk)
        assert isinstance(result, list) and result, junk


def test_optimization_without_optimize_action_is_reported():
    opt = {"variables": [{"name": "n", "sort": "IntSort"}], "constraints": ["n > 0"],
           "objectives": [{"type": "minimize", "expression": "n"}]}
    warned = [d for d in diagnostics(program(optimization=opt)) if d.code == "optimization-ignored"]
    assert len(warned) == 1 and warned[0].severity == "warning" and "optimize" in warned[0].hint
    assert not [d for d in diagnostics(program(optimization=opt, actions=["optimize"]))
                if d.code == "optimization-ignored"]


def test_a_clash_with_a_value_of_another_sort_says_what_the_name_already_names():
    prog = program(sorts=[*BASE["sorts"], {"name": "Fruit", "type": "EnumSort", "values": ["apple"]}],
                   constants={"people": {"sort": "Person", "members": ["alice", "apple"]}})
    d = only_error(prog)
    assert (d.code, d.path) == ("duplicate-name", "constants.people.members[1]")
    assert d.hint == "'apple' already names a Fruit: drop this declaration to mean that one, or give this Person " \
                     "another name"


def test_a_clash_with_a_function_keeps_the_general_hint():
    d = only_error(program(constants={"people": {"sort": "Person", "members": ["alice", "human"]}}))
    assert d.hint == "give each function, constant and variable its own name"
