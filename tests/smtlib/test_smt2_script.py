"""The scope model: which assertions each check-sat sees, labels, claims, and Z3's errors located."""

from __future__ import annotations

from pot.smtlib.script import read_script

DECLS = """(declare-sort P 0)
(declare-fun f (P) Bool)
(declare-const a P)
(declare-const b P)
"""


def _scopes(text: str) -> list[list[str]]:
    script = read_script(text)
    return [[script.assertions[i].text for i in c.in_scope] for c in script.checks]


def test_each_check_sat_sees_the_assertions_in_scope():
    text = DECLS + """(assert (f a))
(check-sat)
(push 1)
(assert (f b))
(check-sat)
(push 2)
(assert (not (f a)))
(check-sat)
(pop 2)
(check-sat)
(pop)
(check-sat)
"""
    assert _scopes(text) == [["(f a)"], ["(f a)", "(f b)"], ["(f a)", "(f b)", "(not (f a))"],
                             ["(f a)", "(f b)"], ["(f a)"]]


def test_declarations_are_scoped_too():
    text = """(declare-sort P 0)
(push 1)
(declare-const c P)
(assert (= c c))
(pop 1)
(assert (= c c))
(check-sat)
"""
    script = read_script(text)
    assert [d.code for d in script.rejected] == ["smt2-z3"]
    assert script.rejected[0].path == "line 6"
    assert "unknown constant c" in script.rejected[0].message
    assert script.checks[0].in_scope == []


def test_pop_beyond_the_pushed_levels_is_rejected():
    script = read_script(DECLS + "(push 1)\n(pop 2)\n(assert (f a))\n(check-sat)")
    assert [(d.code, d.path) for d in script.rejected] == [("smt2-bad-scope", "line 6")]
    assert len(script.checks[0].in_scope) == 1


def test_named_labels_claims_and_positions():
    text = DECLS + """(assert (! (f a) :named fact_a))
(assert (! (not (f b)) :named claim_b))
(assert (=> fact_a (f a)))
(check-sat)
"""
    script = read_script(text)
    assert script.rejected == []
    first, second, third = script.assertions
    assert (first.index, first.line, first.name, first.text, first.is_claim) == (0, 5, "fact_a", "(f a)", False)
    assert (second.name, second.is_claim, second.text) == ("claim_b", True, "(not (f b))")
    assert third.name is None and third.id == "assert[2] (line 7)"


def test_z3_errors_are_located_and_the_command_left_out():
    text = DECLS + """(assert (f a))
(assert (f c))
  (assert (f a b))
(assert (and (f a) 3))
(check-sat)
"""
    script = read_script(text)
    assert [(d.path, d.column) for d in script.rejected] == [("line 6", 12), ("line 7", 12), ("line 8", 21)]
    assert "unknown constant c" in script.rejected[0].message
    assert "declared: (declare-fun f (P) Bool)" in script.rejected[1].message
    assert "Sort mismatch" in script.rejected[2].message
    assert all(d.severity == "error" and d.hint for d in script.rejected)
    assert [a.index for a in script.assertions] == [0]  # the later asserts are left out, their indices kept
    assert script.checks[0].in_scope == [0]


def test_a_missing_declaration_gets_the_declaration_it_needs_as_hint():
    """The slips a 1.5B model makes most on ProntoQA and StrategyQA (measured on the bench):
    sorts, constants and functions used without a declaration, a :named label used twice."""
    text = """(declare-const a Bool)
(declare-fun f (Vumpus) Bool)
(declare-const x Thing)
(assert (! a :named p1))
(assert (and a (! (not a) :named p1)))
(assert (and a b))
(assert (and a (h a 2)))
(check-sat)
"""
    found = [(d.path, d.column, d.message, d.hint) for d in read_script(text).rejected]
    assert found == [
        ("line 2", 17, "unknown sort 'Vumpus'", "declare the sort before its first use: (declare-sort Vumpus 0)"),
        ("line 3", 18, "unknown sort 'Thing'", "declare the sort before its first use: (declare-sort Thing 0)"),
        ("line 5", 34, "the label p1 is already used by an earlier :named assertion",
         "give each :named assertion a label of its own"),
        ("line 6", 16, "unknown constant b", "declare it before its first use: (declare-const b SORT)"),
        ("line 7", 17, "unknown function h (applied to Bool Int)",
         "declare it before its first use: (declare-fun h (Bool Int) SORT), SORT its result: Bool for a predicate"),
    ]


def test_a_long_name_is_cut_in_the_hint_too():
    (d,) = read_script(f"(declare-const x {'S' * 5000})\n(check-sat)\n").rejected
    assert len(d.message) <= 300 and len(d.hint) <= 300 and d.hint.endswith("...")


def test_errors_in_declarations_leave_the_declaration_out():
    script = read_script("(declare-fun f (Q) Bool)\n(declare-const a Int)\n(assert (> a 0))\n(check-sat)")
    assert [(d.code, d.path) for d in script.rejected] == [("smt2-z3", "line 1")]
    assert "Q" in script.rejected[0].message
    assert len(script.assertions) == 1


def test_commands_ignored_unsupported_unknown_and_exit():
    text = DECLS + """(set-logic ALL)
(set-option :produce-models true)
(assert (f a))
(echo "sat")
(check-sat-assuming ((f b)))
(get-preservation-state)
(check-sat)
(get-model)
(exit)
(assert (f c))
"""
    script = read_script(text)
    assert [(d.code, d.severity, d.path) for d in script.diagnostics] == [
        ("smt2-unsupported", "warning", "line 9"), ("smt2-unknown-command", "error", "line 10")]
    assert len(script.checks) == 1


def test_no_check_sat_is_fatal():
    script = read_script(DECLS + "(assert (f a))")
    assert [d.code for d in script.fatal] == ["smt2-no-check-sat"]


def test_a_check_sat_inside_an_unclosed_command_is_not_reported_missing():
    script = read_script(DECLS + "(assert (f a)\n(check-sat)")
    assert [d.code for d in script.diagnostics] == ["smt2-unclosed"]  # not "no (check-sat)" as well
    assert [d.code for d in script.fatal] == ["smt2-unclosed"]  # nothing is left to decide


def test_a_label_outside_its_bang_is_named_with_the_fix():
    script = read_script(DECLS + "(assert (! (f a)) :named claim_fa)\n(check-sat)")
    [problem] = script.diagnostics
    assert (problem.code, problem.column) == ("smt2-named-outside", 19)
    assert problem.message == "':named claim_fa' stands outside the (! ...) it labels"
    assert problem.hint == "move it inside: (assert (! TERM :named claim_fa))"


def test_datatypes_definitions_and_named_terms_across_commands():
    text = """(declare-datatypes ((Color 0)) (((red) (green))))
(define-fun warm ((c Color)) Bool (= c red))
(declare-const c Color)
(assert (! (warm c) :named is_warm))
(assert (not is_warm))
(check-sat)
"""
    script = read_script(text)
    assert script.diagnostics == []
    assert [a.name for a in script.assertions] == ["is_warm", None]
    assert script.symbols().constants.keys() == {"c"}
