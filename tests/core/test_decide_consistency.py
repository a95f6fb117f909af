"""Issue 7.1: a claim is never proved or refuted on premises not shown consistent.

When one of the two checks (P ∧ ¬φ, P ∧ φ) is unsat and the other unknown, the unsat
one settles φ only if P is satisfiable; unless the same solver has shown that, the claim
is undecided. The rule is one function shared by the JSON DSL and SMT-LIB decisions.
"""

from __future__ import annotations

import itertools

import pytest
import z3

import pot
from pot.logic.decide import Entailment, entailment

SAT, UNSAT, UNKNOWN = z3.sat, z3.unsat, z3.unknown

# Over Int, f strictly decreasing and never negative is impossible (infinite descent), but Z3
# cannot show it: it finds P ∧ f(0) == 5 unsat (a finite descent from 5) and gives up on the rest.
DESCENT = {
    "functions": [{"name": "f", "domain": ["IntSort"], "range": "IntSort"}],
    "variables": [{"name": "i", "sort": "IntSort"}],
    "knowledge_base": ["ForAll([i], f(i) > f(i + 1))", "ForAll([i], f(i) >= 0)"],
}

DESCENT_SMT2 = """(declare-fun f (Int) Int)
(assert (forall ((i Int)) (> (f i) (f (+ i 1)))))
(assert (forall ((i Int)) (>= (f i) 0)))
(assert (! {claim} :named claim0))
(check-sat)
"""


def _rule(r_neg, r_pos, premises):
    asked = []

    def premises_sat():
        asked.append(True)
        return premises
    return entailment(r_neg, r_pos, premises_sat), bool(asked)


@pytest.mark.parametrize("r_neg, r_pos, expected", [
    (UNSAT, SAT, Entailment.PROVED),
    (SAT, UNSAT, Entailment.REFUTED),
    (SAT, SAT, Entailment.OPEN),
    (UNSAT, UNSAT, Entailment.INCONSISTENT),
    (UNKNOWN, UNKNOWN, Entailment.UNDECIDED),
    (SAT, UNKNOWN, Entailment.UNDECIDED),
    (UNKNOWN, SAT, Entailment.UNDECIDED),
])
def test_the_rule_without_consistency_in_question(r_neg, r_pos, expected):
    for premises in (SAT, UNSAT, UNKNOWN):
        outcome, asked = _rule(r_neg, r_pos, premises)
        assert outcome == expected and not asked


@pytest.mark.parametrize("r_neg, r_pos, settled", [(UNSAT, UNKNOWN, Entailment.PROVED),
                                                    (UNKNOWN, UNSAT, Entailment.REFUTED)])
def test_one_unsat_and_one_unknown_settle_only_on_premises_shown_satisfiable(r_neg, r_pos, settled):
    assert _rule(r_neg, r_pos, SAT) == (settled, True)
    assert _rule(r_neg, r_pos, UNSAT) == (Entailment.INCONSISTENT, True)
    assert _rule(r_neg, r_pos, UNKNOWN) == (Entailment.UNDECIDED, True)


def test_every_combination_is_covered():
    for r_neg, r_pos, premises in itertools.product((SAT, UNSAT, UNKNOWN), repeat=3):
        assert isinstance(_rule(r_neg, r_pos, premises)[0], Entailment)


@pytest.mark.slow  # waits out the solver's 1 s time-out
@pytest.mark.parametrize("claim", ["f(0) == 5", "f(0) != 5"])
def test_issue_example_is_undecided_not_refuted_or_proved(claim):
    v = pot.verify({**DESCENT, "verifications": [{"constraint": claim}]}, timeout_ms=1000)
    [r] = v.results
    assert (v.kind, v.answer) == ("undecided", None)
    assert (r.kind, r.answer, r.core) == ("undecided", None, None)
    assert r.undecided_reason and r.undecided_reason in r.reason


@pytest.mark.slow  # waits out the solver's 1 s time-out
@pytest.mark.parametrize("claim", ["(= (f 0) 5)", "(not (= (f 0) 5))"])
def test_issue_example_in_smtlib_is_undecided(claim):
    v = pot.verify(DESCENT_SMT2.format(claim=claim), format="smt2", timeout_ms=1000)
    [r] = v.results
    assert (v.kind, v.answer) == ("undecided", None)
    assert (r.kind, r.core) == ("undecided", None)
    assert r.undecided_reason and r.undecided_reason in r.reason


@pytest.mark.slow  # waits out the solver's 1 s time-out
def test_sat_semantics_answers_from_its_one_check():
    # The original's rule asks only whether P ∧ φ is satisfiable; Z3 shows it is not, which is
    # true whatever P's consistency, so the rule about unknown checks has nothing to change.
    v = pot.verify({**DESCENT, "verifications": [{"constraint": "f(0) == 5"}]}, semantics="sat", timeout_ms=1000)
    assert [r.kind for r in v.results] == ["unsat"]
