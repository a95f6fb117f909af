"""Deciding an SMT-LIB script: every (check-sat) as a check under assumptions on one solver.

Each assertion i is added once as `p_i → φ_i`; a check-sat assumes the literals of
the assertions in its scope, so unsat cores name assertions directly. Under entail
semantics a claim φ is also added as `n → ¬φ`, and P ⊨ φ is decided with two checks,
as for the JSON DSL.
"""

from __future__ import annotations

from typing import Any, cast

import z3

from pot.logic.deadline import TIMEOUT_REASON, Deadline
from pot.logic.decide import Entailment, claim_result, entailment, mark_model_cut, undecided_text, unknown_reason
from pot.logic.hard_limit import Progress, unsettled
from pot.logic.model import ModelTimeout, model_json
from pot.logic.verdict import ClaimKind, ClaimResult, Premise, Semantics, Verdict, VerdictKind
from pot.smtlib.script import Assertion, CheckSat, Script, Symbols


def _implies(a: z3.BoolRef, b: z3.BoolRef) -> z3.BoolRef:
    return z3.BoolRef(z3.Z3_mk_implies(a.ctx.ref(), a.as_ast(), b.as_ast()), a.ctx)


def _label(a: Assertion) -> str:
    return f"{a.id} '{a.name}'" if a.name else a.id


class _Session:
    """One solver holding every assertion of a script behind its indicator literal."""

    def __init__(self, script: Script, deadline: Deadline, evidence: bool):
        self.script, self.deadline, self.evidence = script, deadline, evidence
        self.why: str | None = None  # the last check's reason when it was unknown
        self.model_cut = False  # set when the deadline passed while a model was read
        self.consistent: set[tuple[int, ...]] = set()  # premise sets some check found a model of
        self.solver = s = z3.SimpleSolver(ctx=script.ctx)
        if evidence:
            s.set("core.minimize", True)
        self.lits = []
        self.assertion_of: dict[int, Assertion] = {}
        for a in script.assertions:
            p = z3.FreshBool("assert", script.ctx)
            s.add(_implies(p, a.term))
            self.lits.append(p)
            self.assertion_of[p.get_id()] = a
        self.negations: dict[int, z3.BoolRef] = {}
        self._symbols: Symbols | None = None

    def negation(self, i: int) -> z3.BoolRef:
        """A literal that asserts ¬φ_i, added on first use."""
        if i not in self.negations:
            n = z3.FreshBool("not", self.script.ctx)
            self.solver.add(_implies(n, z3.Not(self.script.assertions[i].term)))
            self.negations[i] = n
        return self.negations[i]

    def check(self, premises: list[int], *extra: z3.BoolRef) -> z3.CheckSatResult:
        """Check the assertions `premises` (and `extra`) in the time left; unknown (timeout) once none is left."""
        left = self.deadline.remaining_ms()
        if left < 1:
            self.why = TIMEOUT_REASON
            return z3.unknown
        self.solver.set("timeout", left)
        r = self.solver.check(*(self.lits[i] for i in premises), *extra)
        self.why = unknown_reason(self.solver) if r == z3.unknown else None
        if r == z3.sat:
            self.consistent.add(tuple(premises))
        return r

    def premises_sat(self, premises: list[int]) -> z3.CheckSatResult:
        """Whether the assertions `premises` are satisfiable: known from an earlier model, else checked alone."""
        return z3.sat if tuple(premises) in self.consistent else self.check(premises)

    def core(self, claim: int | None = None) -> list[Premise] | None:
        """The assertions (but the claim) in the last (unsat) check's core, in script order."""
        if not self.evidence:
            return None
        with self.deadline.interrupting(self.script.ctx.interrupt):  # minimising runs checks of its own
            ids = {lit.get_id() for lit in self.solver.unsat_core()}
        if claim is not None:
            ids.discard(self.lits[claim].get_id())
        return [Premise(id=a.id, name=a.name, text=a.text)
                for key, a in self.assertion_of.items() if key in ids]

    def model(self) -> dict[str, Any] | None:
        """The last (sat) check's model in the DSL's JSON shape."""
        if not self.evidence:
            return None
        if self._symbols is None:
            self._symbols = self.script.symbols()
        try:
            return model_json(self.solver.model(), cast(Any, self._symbols), self.deadline)
        except ModelTimeout:
            self.model_cut = True
            return None

    def take_cut(self) -> bool:
        """Whether a model was cut by the deadline since the last call."""
        cut, self.model_cut = self.model_cut, False
        return cut


def _sat(session: _Session, check: CheckSat) -> ClaimResult:
    """The original's rule: the assertions in scope are checked for satisfiability."""
    r = session.check(check.in_scope)
    if r == z3.sat:
        return mark_model_cut(ClaimResult(id=check.id, text="(check-sat)", kind=ClaimKind.SAT, answer=True,
                                          witness_model=session.model(),
                                          reason=f"the assertions in scope at {check.id} are satisfiable"),
                              session.take_cut())
    if r == z3.unsat:
        return ClaimResult(id=check.id, text="(check-sat)", kind=ClaimKind.UNSAT, answer=False, core=session.core(),
                           reason=f"the assertions in scope at {check.id} contradict each other")
    why = session.why or "incomplete"
    return ClaimResult(id=check.id, text="(check-sat)", kind=ClaimKind.UNDECIDED, answer=None,
                       undecided_reason=why,
                       reason=f"Z3 could not decide {check.id} ({why})")


def claims_of(script: Script, check: CheckSat) -> list[int]:
    """The claims a check-sat tests: the assertions named claim…, else the last assertion in scope."""
    marked = [i for i in check.in_scope if script.assertions[i].is_claim]
    if marked:
        return marked
    return check.in_scope[-1:]


def _entail(session: _Session, premises: list[int], i: int) -> ClaimResult:
    a = session.script.assertions[i]
    base: dict[str, Any] = {"id": a.id, "name": a.name, "text": a.text}
    session.take_cut()
    r_neg = session.check(premises, session.negation(i))
    why_neg = session.why
    neg_core = session.core() if r_neg == z3.unsat else None
    counter = session.model() if r_neg == z3.sat else None
    r_pos = session.check(premises, session.lits[i])
    why_pos = session.why
    pos_core = session.core(claim=i) if r_pos == z3.unsat and r_neg != z3.unsat else None
    witness = session.model() if r_neg == z3.sat and r_pos == z3.sat else None
    outcome = entailment(r_neg, r_pos, lambda: session.premises_sat(premises))
    if outcome == Entailment.INCONSISTENT:
        core = session.core() if session.check(premises) == z3.unsat else None
        return ClaimResult(**base, kind=ClaimKind.INCONSISTENT, answer=None, core=core,
                           reason=f"the premises in scope of {_label(a)} contradict each other")
    settled = claim_result(outcome, base, _label(a), neg_core=neg_core, pos_core=pos_core, counter=counter,
                           witness=witness)
    if settled is not None:
        return mark_model_cut(settled, session.take_cut())
    why = why_neg or why_pos or session.why or "incomplete"
    return ClaimResult(**base, kind=ClaimKind.UNDECIDED, answer=None, undecided_reason=why,
                       reason=undecided_text(_label(a), why, r_neg, r_pos))


def _sat_verdict(results: list[ClaimResult]) -> tuple[VerdictKind, str]:
    sat = sum(r.kind == "sat" for r in results)
    unsat = sum(r.kind == "unsat" for r in results)
    if sat and not unsat:
        return VerdictKind.SAT, f"{sat} check-sat(s) satisfiable, none unsatisfiable"
    if unsat and not sat:
        return VerdictKind.UNSAT, f"{unsat} check-sat(s) unsatisfiable, none satisfiable"
    if sat and unsat:
        return VerdictKind.MIXED, f"{sat} check-sat(s) satisfiable and {unsat} unsatisfiable"
    return VerdictKind.UNDECIDED, "no check-sat could be decided"


def _entail_verdict(results: list[ClaimResult]) -> tuple[VerdictKind, str]:
    kinds = [r.kind for r in results]
    if not results:
        return VerdictKind.UNDECIDED, "no check-sat has an assertion in scope to test"
    if "refuted" in kinds:
        return VerdictKind.REFUTED, next(r.reason for r in results if r.kind == "refuted")
    if "inconsistent" in kinds:
        return VerdictKind.INCONSISTENT, next(r.reason for r in results if r.kind == "inconsistent")
    if all(k == "proved" for k in kinds):
        return VerdictKind.PROVED, "the premises entail every claim"
    if "undecided" in kinds:
        return VerdictKind.UNDECIDED, next(r.reason for r in results if r.kind == "undecided")
    return VerdictKind.UNKNOWN, "the premises do not settle every claim"


_ANSWER: dict[str, bool] = {"proved": True, "sat": True, "refuted": False, "unsat": False}


def decide_script(script: Script, *, semantics: Semantics, deadline: Deadline, evidence: bool,
                  progress: Progress | None = None) -> Verdict:
    """Decide every check-sat of a script that has no fatal problem, every check within `deadline`.
    Each claim's result is handed to `progress` as it is settled (see `pot.logic.hard_limit`)."""
    session = _Session(script, deadline, evidence)
    results: list[ClaimResult] = []
    for check in script.checks:
        if semantics == Semantics.SAT:
            settled = [_sat(session, check)]
        else:
            claims = claims_of(script, check)
            premises = [i for i in check.in_scope if i not in claims]
            settled = [_entail(session, premises, i) for i in claims]
        for result in settled:
            results.append(result)
            if progress is not None:
                progress.settle(result)
    return script_verdict(semantics, results)


def placeholders(script: Script, semantics: Semantics) -> list[ClaimResult]:
    """One undecided (timeout) result per claim, in the order `decide_script` settles them."""
    if semantics == Semantics.SAT:
        return [unsettled(check.id, None, "(check-sat)") for check in script.checks]
    return [unsettled(a.id, a.name, a.text) for check in script.checks
            for a in (script.assertions[i] for i in claims_of(script, check))]


def script_verdict(semantics: Semantics, results: list[ClaimResult]) -> Verdict:
    """The verdict of a script from its claims' results."""
    kind, reason = _sat_verdict(results) if semantics == Semantics.SAT else _entail_verdict(results)
    return Verdict(semantics=semantics, answer=_ANSWER.get(kind), kind=kind, reason=reason, results=results)
