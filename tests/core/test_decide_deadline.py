"""Issue 7.8 (deadline): `timeout_ms` is the time limit of the whole call, shared by every check.

Tests hand `decide` a budget that counts solver checks instead of milliseconds, so they
assert what is decided, never how long it took.
"""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from test_decide_optimum import optimize

import pot
from pot.cli import cli
from pot.logic.deadline import Deadline
from pot.smtlib.decide import decide_script
from pot.smtlib.script import read_script

EASY = {"functions": [{"name": n, "range": "IntSort"} for n in "xyz"],
        "knowledge_base": ["x > 0", "y > x", "z > y"],
        "verifications": [{"constraint": "y > 0"}, {"constraint": "z > 0"}, {"constraint": "z > 1"}]}

EASY_SMT2 = """(declare-const x Int)
(declare-const y Int)
(assert (> x 0))
(assert (> y x))
(push 1)
(assert (! (> y 0) :named claim0))
(check-sat)
(pop 1)
(push 1)
(assert (! (> y 1) :named claim1))
(check-sat)
(pop 1)
"""


class Budget:
    """A deadline that runs out after `checks` solver checks: each check asks the time left once."""

    def __init__(self, checks: int):
        self.left = checks

    def remaining_ms(self) -> int:
        self.left -= 1
        return 60_000 if self.left >= 0 else 0

    @property
    def expired(self) -> bool:
        return self.left <= 0

    def interrupting(self, interrupt):
        """Counted in checks, not time: nothing to interrupt."""
        import contextlib

        return contextlib.nullcontext()


def _decide(program: dict, budget: Budget, semantics: str = "entail"):
    from pot.api import _checked
    from pot.logic.compile import compile_program
    from pot.logic.decide import decide

    checked, _ = _checked(program)
    return decide(compile_program(checked), semantics=pot.Semantics(semantics), deadline=budget)  # type: ignore[arg-type]


def test_every_check_draws_on_one_budget():
    # claim 1 takes two checks (P ∧ ¬φ, then P ∧ φ, which shows P consistent), claim 2 one;
    # with three checks in all, the third claim is left undecided by the time-out.
    v = _decide(EASY, Budget(3))
    assert [(r.kind, r.undecided_reason) for r in v.results] == [("proved", None), ("proved", None),
                                                                  ("undecided", "timeout")]
    assert v.kind == "undecided"
    assert [r.kind for r in _decide(EASY, Budget(100)).results] == ["proved"] * 3


def test_sat_semantics_shares_the_budget():
    v = _decide(EASY, Budget(2), "sat")
    assert [r.kind for r in v.results] == ["sat", "sat", "undecided"]


def test_optimization_shares_the_budget():
    # the claim `True` takes two checks; the optimisation needs a third, and time left to read its model
    assert _decide(optimize("IntSort", "x < 10", "maximize"), Budget(4)).optimization.status == "sat"
    cut = _decide(optimize("IntSort", "x < 10", "maximize"), Budget(3)).optimization
    assert (cut.status, cut.reason, cut.model) == ("unknown", "timeout", None)
    opt = _decide(optimize("IntSort", "x < 10", "maximize"), Budget(2)).optimization
    assert (opt.status, opt.reason) == ("unknown", "timeout")


def test_smtlib_checks_share_the_budget():
    script = read_script(EASY_SMT2)
    v = decide_script(script, semantics=pot.Semantics.ENTAIL, deadline=Budget(2), evidence=True)  # type: ignore[arg-type]
    assert [(r.kind, r.undecided_reason) for r in v.results] == [("proved", None), ("undecided", "timeout")]


def test_a_passed_deadline_decides_nothing():
    passed = Deadline(time.monotonic() - 1)
    v = _decide(EASY, passed)  # type: ignore[arg-type]
    assert {(r.kind, r.undecided_reason) for r in v.results} == {("undecided", "timeout")}


@pytest.mark.parametrize("bad", [None, -1, 0, True, 2.5, "5000"])
@pytest.mark.parametrize("fmt, program", [("json", EASY), ("smt2", EASY_SMT2)])
def test_bad_timeout_is_a_value_error(bad, fmt, program):
    with pytest.raises(ValueError, match="timeout_ms"):
        pot.verify(program, format=fmt, timeout_ms=bad)


def test_a_huge_timeout_is_accepted():
    assert pot.verify(EASY, timeout_ms=10**400).kind == "proved"


def test_help_says_the_limit_is_for_the_whole_call():
    out = CliRunner().invoke(cli, ["verify", "--help"]).output
    assert "whole verification" in " ".join(out.split())


def test_cli_refuses_a_negative_timeout():
    result = CliRunner().invoke(cli, ["verify", "--timeout-ms", "-5", "dsl_spec/examples/socrates.json"])
    assert result.exit_code == 2


def test_the_deadline_interrupts_work_under_way_and_never_after_the_block():
    """Z3's core minimisation runs checks the solver's timeout does not bound (3**10000000 for
    seconds); `Deadline.interrupting` cancels such work from a timer thread when the time is up."""
    import threading

    from pot.logic.deadline import Deadline

    fired = threading.Event()
    with Deadline.after(1).interrupting(fired.set):
        assert fired.wait(60)  # the work "under way" ends only when interrupted
    late = threading.Event()
    with Deadline.after(50).interrupting(late.set):
        pass
    assert not late.wait(0.3)  # the block ended before the deadline: nothing is interrupted afterwards
