"""The parse stage: a whole program parsed once, every syntax error at once, and the
checker working from its output alone."""

from __future__ import annotations

import pytest

import pot
import pot.dsl.parsed
import pot.dsl.parser
from pot.checker import check_program
from pot.dsl.parsed import MAX_FORMULAS, Expr, Implies, parse_program
from pot.dsl.program import Fact, Program, Verification, load_program


def _load(program: dict):
    loaded, diags = load_program(program)
    assert loaded is not None, diags
    return loaded


PROGRAM = {
    "functions": [{"name": "p", "domain": ["IntSort"], "range": "BoolSort"}],
    "variables": [{"name": "i", "sort": "IntSort"}],
    "knowledge_base": ["p(1)", "p(2) and", "p(3)"],
    "rules": [{"forall": [{"name": "i", "sort": "IntSort"}], "implies": {"antecedent": "p(i)", "consequent": "p(i +"}},
              {"constraint": "p(4) = p(5)"}],
    "verifications": [{"constraint": "p(1)"}, {"constraint": "p(1) if p(2) else p(3)"}],
    "optimization": {"constraints": ["i >"], "objectives": [{"type": "maximize", "expression": "i"}]},
    "actions": ["optimize"],
}


def test_every_site_is_parsed_with_its_path_and_every_syntax_error_found_at_once():
    parsed = parse_program(_load(PROGRAM))
    paths = [e.path for e in parsed.expressions()]
    assert paths == ["knowledge_base[0]", "knowledge_base[1]", "knowledge_base[2]", "rules[0].implies.antecedent",
                     "rules[0].implies.consequent", "rules[1].constraint", "verifications[0].constraint",
                     "verifications[1].constraint", "optimization.constraints[0]",
                     "optimization.objectives[0].expression"]
    assert [d.path for d in parsed.diagnostics] == ["knowledge_base[1]", "rules[0].implies.consequent",
                                                    "rules[1].constraint", "verifications[1].constraint",
                                                    "optimization.constraints[0]"]
    assert all(d.code == "syntax-error" and d.column for d in parsed.diagnostics)
    assert isinstance(parsed.rules[0].body, Implies) and isinstance(parsed.rules[1].body, Expr)
    ok = parsed.facts[0]
    assert ok.node is not None and ok.error is None and ok.text == "p(1)"


def test_the_checker_reports_the_parse_stage_syntax_errors_in_program_order():
    diags = pot.check(PROGRAM)
    syntax = [d for d in diags if d.code == "syntax-error"]
    assert [d.path for d in syntax] == [d.path for d in parse_program(_load(PROGRAM)).diagnostics]


def test_the_checker_never_calls_the_parser(monkeypatch):
    parsed = parse_program(_load(PROGRAM))

    def refuse(text):
        raise AssertionError(f"the checker parsed {text!r}")

    monkeypatch.setattr(pot.dsl.parser, "parse_expression", refuse)
    monkeypatch.setattr(pot.dsl.parsed, "parse_expression", refuse)
    checked, diags = check_program(parsed)
    assert checked is None and len([d for d in diags if d.code == "syntax-error"]) == 5


def test_too_many_formulas_are_not_parsed():
    # load_program refuses it first (tests/core/test_checker_limits_first.py); a Program built in Python is held too
    program = Program(knowledge_base=[Fact("p(")] * (MAX_FORMULAS + 1), verifications=[Verification(constraint="True")])
    parsed = parse_program(program)
    assert parsed.expressions() == [] and parsed.diagnostics == []
    assert [d.code for d in check_program(parsed)[1]] == ["too-many"]


def _sorts(*pairs):
    return {"sorts": [{"name": n, "type": t} for n, t in pairs], "verifications": [{"constraint": "True"}]}


def test_a_sort_cycle_names_the_path_through_it():
    errs = [d for d in pot.check(_sorts(("A", "ArraySort(IntSort, B)"), ("B", "ArraySort(C, IntSort)"),
                                        ("C", "ArraySort(A, BoolSort)"))) if d.severity == "error"]
    assert [(d.code, d.path, d.message) for d in errs] == [("sort-cycle", "sorts[0]", "sort 'A' depends on itself")]
    assert errs[0].hint == "through A → B → C → A"


def test_each_independent_sort_cycle_is_reported_and_dependents_stay_silent():
    errs = [d for d in pot.check(_sorts(("X", "ArraySort(A, IntSort)"), ("A", "ArraySort(B, IntSort)"),
                                        ("B", "ArraySort(A, IntSort)"), ("C", "ArraySort(C, IntSort)"),
                                        ("D", "DeclareSort"))) if d.severity == "error"]
    assert [(d.code, d.path) for d in errs] == [("sort-cycle", "sorts[1]"), ("sort-cycle", "sorts[3]")]


def test_many_sort_cycles_end_in_one_summary():
    pairs = [(f"S{i}", f"ArraySort(S{i}, IntSort)") for i in range(30)]
    errs = [d for d in pot.check(_sorts(*pairs)) if d.severity == "error"]
    assert len(errs) == 21 and all(d.code == "sort-cycle" for d in errs)
    assert errs[-1].message == "sort 'S20' and 9 more are defined through each other"


@pytest.mark.parametrize("reverse", [False, True])
def test_sorts_may_name_sorts_declared_later(reverse):
    chain = [(f"S{i}", f"ArraySort(IntSort, S{i + 1})") for i in range(50)] + [("S50", "DeclareSort")]
    prog = _sorts(*(reversed(chain) if reverse else chain))
    prog["functions"] = [{"name": "f", "domain": ["S0"], "range": "BoolSort"}]
    assert [d for d in pot.check(prog) if d.severity == "error"] == []
