"""Issue 7.8 (models): reading a model is bounded by the call's deadline, and a value too large
to write out is marked, never converted past Python's int-string limit nor made up.

The deadline tests hand `decide` a clock that allows every solver check but has run out by the
time a model is read, so they assert what the verdict says, never how long anything took.
"""

from __future__ import annotations

import json

import pytest
import z3

import pot
from pot.logic.model import MAX_INT_DIGITS, value_text
from pot.logic.verdict import ClaimResult, NotComputed

OPEN = {"functions": [{"name": n, "range": "IntSort"} for n in ("n", "m", "x")],
        "knowledge_base": ["n == 10", "m == 3**n"],
        "verifications": [{"name": "x_big", "constraint": "x > 5"}]}


class ChecksOnly:
    """A deadline with time for every solver check that has passed when a model is read."""

    def remaining_ms(self) -> int:
        return 60_000

    @property
    def expired(self) -> bool:
        return True


def _decide(program: dict, semantics: str = "entail", optimize: bool = False):
    from pot.api import _checked
    from pot.logic.compile import compile_program
    from pot.logic.decide import decide

    checked, _ = _checked(program)
    return decide(compile_program(checked), semantics=pot.Semantics(semantics), deadline=ChecksOnly())  # type: ignore[arg-type]


def test_an_open_claim_whose_models_the_deadline_cut_says_so():
    result = _decide(OPEN).results[0]
    assert result.kind == "unknown"  # the checks were done: the decision stands
    assert (result.counter_model, result.witness_model) == (None, None)
    assert result.model_not_computed == NotComputed.TIMEOUT
    assert "time limit ran out before the model was read" in result.reason
    again = ClaimResult.from_json(json.loads(json.dumps(result.to_json())))
    assert again.model_not_computed == NotComputed.TIMEOUT


def test_a_sat_claim_whose_witness_the_deadline_cut_says_so():
    result = _decide(OPEN, "sat").results[0]
    assert (result.kind, result.witness_model, result.model_not_computed) == ("sat", None, NotComputed.TIMEOUT)


def test_models_read_in_time_are_not_marked():
    result = pot.verify(OPEN, timeout_ms=60_000).results[0]
    assert result.model_not_computed is None
    assert result.counter_model is not None and result.counter_model["constants"]["m"] == 3**10


class PassesWhileReading:
    """Time for the checks; not expired when the optimiser starts, expired once its model is read."""

    def __init__(self):
        self.asked = 0

    def remaining_ms(self) -> int:
        return 60_000

    @property
    def expired(self) -> bool:
        self.asked += 1
        return self.asked > 1


def test_an_optimum_the_deadline_cut_is_not_shown():
    from pot.api import _checked
    from pot.logic.compile import compile_program
    from pot.logic.decide import _optimize

    program = {"actions": ["verify_conditions", "optimize"],
               "optimization": {"variables": [{"name": "k", "sort": "IntSort"}], "constraints": ["k < 10"],
                                "objectives": [{"type": "maximize", "expression": "k"}]},
               "verifications": [{"constraint": "True"}]}
    checked, _ = _checked(program)
    assert checked is not None
    compiled = compile_program(checked)
    assert compiled.optimization is not None
    cut = _optimize(compiled.optimization, compiled, PassesWhileReading())  # type: ignore[arg-type]
    assert (cut.status, cut.reason, cut.model) == ("unknown", "timeout", None)
    full = pot.verify(program, timeout_ms=60_000).optimization
    assert full is not None and (full.status, full.objectives[0]["value"]) == ("sat", 9)


@pytest.mark.parametrize("power, negative", [("3**n", False), ("-(3**n)", True)])
def test_model_values_past_the_digit_limit_are_marked(power, negative):
    program = {**OPEN, "knowledge_base": ["n == 10000", f"m == {power}"]}  # 3**10000 has 4772 digits
    verdict = pot.verify(program, timeout_ms=60_000)
    model = verdict.results[0].counter_model
    assert model is not None
    assert model["constants"]["m"] == {"digits_over": MAX_INT_DIGITS, "negative": negative}
    assert model["constants"]["n"] == 10000
    json.dumps(verdict.to_json())  # serialisable, as every interface prints it
    assert "more than 1000 digits" in value_text(model["constants"]["m"])


def test_the_digit_limit_is_the_literal_limit():
    from pot.dsl.parser import MAX_LITERAL_DIGITS

    assert MAX_INT_DIGITS == MAX_LITERAL_DIGITS  # a model value written out can be pinned back as a literal
    exact = {**OPEN, "knowledge_base": ["n == 999", "m == 10**n"]}  # 1000 digits: written out
    assert pot.verify(exact, timeout_ms=60_000).results[0].counter_model["constants"]["m"] == 10**999
    over = {**OPEN, "knowledge_base": ["n == 1000", "m == 10**n"]}  # 1001 digits: marked
    assert pot.verify(over, timeout_ms=60_000).results[0].counter_model["constants"]["m"]["digits_over"] == 1000


def test_huge_rationals_are_marked():
    program = {"functions": [{"name": "r", "range": "RealSort"}, {"name": "n", "range": "IntSort"},
                             {"name": "x", "range": "IntSort"}],
               "knowledge_base": ["n == 5000", "r * ToReal(3**n) == 1"],
               "verifications": [{"constraint": "x > 5"}]}
    model = pot.verify(program, timeout_ms=60_000).results[0].counter_model
    assert model is not None
    assert model["constants"]["r"] == {"digits_over": MAX_INT_DIGITS, "negative": False, "rational": True}


OPEN_SMT2 = """(declare-const n Int)
(declare-const m Int)
(declare-const x Int)
(assert (= n {n}))
(assert (= m (^ 3 n)))
(push 1)
(assert (! (> x 5) :named claim0))
(check-sat)
(pop 1)
"""


@pytest.mark.parametrize("semantics", ["entail", "sat"])
def test_smtlib_models_the_deadline_cut_say_so(semantics):
    from pot.smtlib.decide import decide_script
    from pot.smtlib.script import read_script

    verdict = decide_script(read_script(OPEN_SMT2.format(n=10)), semantics=pot.Semantics(semantics),
                            deadline=ChecksOnly(), evidence=True)  # type: ignore[arg-type]
    result = verdict.results[0]
    assert result.kind == ("unknown" if semantics == "entail" else "sat")
    assert (result.witness_model, result.model_not_computed) == (None, NotComputed.TIMEOUT)


def test_smtlib_huge_values_are_marked_not_dropped():
    verdict = pot.verify(OPEN_SMT2.format(n=10000), format="smt2", timeout_ms=60_000)
    model = verdict.results[0].counter_model
    assert model is not None and model["constants"]["m"]["digits_over"] == MAX_INT_DIGITS


def test_wide_bit_vectors_are_exact_when_small_and_marked_when_huge():
    from pot.logic.model import value_json

    assert value_json(z3.BitVecVal(5, 5000)) == {"width": 5000, "unsigned": 5, "signed": 5}
    huge = value_json(z3.BitVecVal(2**5000 - 3, 5000))
    assert huge == {"width": 5000, "unsigned": {"digits_over": MAX_INT_DIGITS, "negative": False}, "signed": -3}
