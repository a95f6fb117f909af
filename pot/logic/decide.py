"""The decision procedure: one incremental solver per program, premises behind indicators.

Each premise i is asserted as `p_i → premise_i`, each claim j as `a_j → φ_j` and
`n_j → ¬φ_j`; every question is then a `check` under assumptions, and unsat cores
name premises directly.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

import z3

from pot.ir import CheckedOptimization, Formula, Objective
from pot.logic.compile import Compiled
from pot.logic.deadline import TIMEOUT_REASON, Deadline
from pot.logic.hard_limit import Progress
from pot.logic.model import ModelTimeout, model_json, value_json
from pot.logic.verdict import (
    DEFAULT_TIMEOUT_MS,
    ClaimKind,
    ClaimResult,
    NotComputed,
    OptimizationResult,
    Premise,
    Semantics,
    Verdict,
    VerdictKind,
)


def _implies(a: z3.BoolRef, b: z3.BoolRef) -> z3.BoolRef:
    return z3.BoolRef(z3.Z3_mk_implies(a.ctx.ref(), a.as_ast(), b.as_ast()), a.ctx)


def _premise(f: Formula) -> Premise:
    return Premise(id=f.id, name=f.name, text=f.text)


def unknown_reason(solver: z3.Solver | z3.Optimize) -> str:
    """Z3's reason for an unknown, as one of a few stable words (or "incomplete: <Z3's text>")."""
    raw = solver.reason_unknown()
    low = raw.lower()
    if "timeout" in low or "canceled" in low:
        return "timeout"
    if "quantifier" in low:
        return "incomplete-quantifiers"
    if "memory" in low or "memout" in low:
        return "memory-limit"
    if "resource" in low or "rlimit" in low:
        return "resource-limit"
    return f"incomplete: {raw}" if raw else "incomplete"


class Entailment(StrEnum):
    """What the checks of P ∧ ¬φ and P ∧ φ say about P ⊨ φ."""

    PROVED = "proved"
    REFUTED = "refuted"
    OPEN = "unknown"  # P allows φ and ¬φ
    INCONSISTENT = "inconsistent"
    UNDECIDED = "undecided"


def entailment(r_neg: z3.CheckSatResult, r_pos: z3.CheckSatResult,
               premises_sat: Callable[[], z3.CheckSatResult]) -> Entailment:
    """The rule shared by the JSON DSL and SMT-LIB decisions, from r_neg = check(P ∧ ¬φ), r_pos = check(P ∧ φ).

    An unsat check settles φ only on premises shown satisfiable: when the other check is
    unknown, `premises_sat()` (which may answer from an earlier model of P, else checks P
    alone) must say sat; otherwise P may be contradictory and φ is undecided."""
    if r_neg == z3.unsat and r_pos == z3.unsat:
        return Entailment.INCONSISTENT
    if r_neg == z3.sat and r_pos == z3.sat:
        return Entailment.OPEN
    if z3.unsat not in (r_neg, r_pos):
        return Entailment.UNDECIDED
    if z3.unknown in (r_neg, r_pos):
        shown = premises_sat()
        if shown == z3.unsat:
            return Entailment.INCONSISTENT
        if shown != z3.sat:
            return Entailment.UNDECIDED
    return Entailment.PROVED if r_neg == z3.unsat else Entailment.REFUTED


def claim_result(outcome: Entailment, base: dict[str, Any], label: str, *, neg_core: list[Premise] | None,
                 pos_core: list[Premise] | None, counter: dict[str, Any] | None,
                 witness: dict[str, Any] | None) -> ClaimResult | None:
    """The result of a settled entailment (proved, refuted, open); None for the other outcomes,
    which each front end words itself. Shared by the JSON DSL and SMT-LIB decisions."""
    if outcome == Entailment.PROVED:
        return ClaimResult(**base, kind=ClaimKind.PROVED, answer=True, core=neg_core,
                           reason=f"the premises entail {label}")
    if outcome == Entailment.REFUTED:
        return ClaimResult(**base, kind=ClaimKind.REFUTED, answer=False, core=pos_core,
                           reason=f"the premises entail the negation of {label}")
    if outcome == Entailment.OPEN:
        return ClaimResult(**base, kind=ClaimKind.UNKNOWN, answer=None, counter_model=counter, witness_model=witness,
                           reason=f"the premises allow {label} to be true or false")
    return None


def undecided_text(label: str, why: str, r_neg: z3.CheckSatResult, r_pos: z3.CheckSatResult) -> str:
    """Why a claim is undecided, saying so when only the premises' consistency was missing."""
    text = f"Z3 could not decide {label} ({why})"
    if z3.unsat in (r_neg, r_pos):
        what = label if r_neg == z3.unsat else f"the negation of {label}"
        text += f": the premises entail {what} only if they are consistent, and Z3 could not show that they are"
    return text


class _Session:
    """A solver holding one program, and what its answers mean."""

    def __init__(self, compiled: Compiled, deadline: Deadline, evidence: bool):
        ctx = compiled.ctx
        self.compiled, self.deadline, self.evidence = compiled, deadline, evidence
        self.consistent = False  # set once any check finds a model of the premises
        self.why: str | None = None  # the last check's reason when it was unknown
        self.model_cut = False  # set when the deadline passed while a model was read
        self.solver = s = z3.SimpleSolver(ctx=ctx)  # no preprocessing tactics: faster, same answers here
        if evidence:
            s.set("core.minimize", True)
        self.premise_of: dict[int, Formula] = {}
        self.lits: list[z3.BoolRef] = []
        for i, (f, z) in enumerate(compiled.premises):
            p = z3.Bool(f"!p{i}", ctx)
            s.add(_implies(p, z))
            self.premise_of[p.get_id()] = f
            self.lits.append(p)
        self.claim_lits: list[tuple[z3.BoolRef, z3.BoolRef]] = []
        for j, (_, z) in enumerate(compiled.claims):
            a, n = z3.Bool(f"!a{j}", ctx), z3.Bool(f"!n{j}", ctx)
            s.add(_implies(a, z), _implies(n, z3.Not(z)))
            self.claim_lits.append((a, n))

    def check(self, *extra) -> z3.CheckSatResult:
        """Check the premises (and `extra`) in the time left; unknown (timeout) once none is left."""
        left = self.deadline.remaining_ms()
        if left < 1:
            self.why = TIMEOUT_REASON
            return z3.unknown
        self.solver.set("timeout", left)
        r = self.solver.check(*self.lits, *extra)
        self.why = unknown_reason(self.solver) if r == z3.unknown else None
        if r == z3.sat:
            self.consistent = True
        return r

    def premises_sat(self) -> z3.CheckSatResult:
        """Whether the premises are satisfiable: known from an earlier model, else checked alone."""
        return z3.sat if self.consistent else self.check()

    def core(self) -> list[Premise] | None:
        """The premises in the last (unsat) check's core, which Z3 minimised (as far as the deadline let it)."""
        if not self.evidence:
            return None
        with self.deadline.interrupting(self.compiled.ctx.interrupt):
            ids = {lit.get_id() for lit in self.solver.unsat_core()}
        return [_premise(f) for key, f in self.premise_of.items() if key in ids]

    def model(self) -> z3.ModelRef | None:
        """The last check's model (kept as a Z3 object: converting it is the costly part)."""
        return self.solver.model() if self.evidence else None

    def model_json(self, model: z3.ModelRef | None) -> dict | None:
        """The model as JSON; None (and `model_cut` set) when the deadline passes while it is read."""
        if model is None:
            return None
        try:
            return model_json(model, self.compiled, self.deadline)
        except ModelTimeout:
            self.model_cut = True
            return None


def mark_model_cut(result: ClaimResult, cut: bool) -> ClaimResult:
    """`result`, marked not computed when `cut` (the deadline passed while a model it carries
    was read). Shared by the JSON DSL and SMT-LIB decisions."""
    if cut and result.kind in (ClaimKind.UNKNOWN, ClaimKind.SAT):  # the kinds that show models
        result.model_not_computed = NotComputed.TIMEOUT
        result.reason += " (the time limit ran out before the model was read: it is not shown)"
    return result


def _without_model(result: ClaimResult, session: _Session) -> ClaimResult:
    cut, session.model_cut = session.model_cut, False
    return mark_model_cut(result, cut)


def _label(f: Formula) -> str:
    return f"{f.id} '{f.name}'" if f.name else f.id


def _entail(session: _Session, j: int, f: Formula) -> ClaimResult | None:
    """Decide P ⊨ φ with two checks (three when P's consistency is in question); None when P is unsatisfiable."""
    a, n = session.claim_lits[j]
    base: dict[str, Any] = dict(id=f.id, name=f.name, text=f.text)
    r_neg = session.check(n)
    why_neg = session.why
    neg_core = session.core() if r_neg == z3.unsat else None
    counter = session.model() if r_neg == z3.sat else None
    # when P is known satisfiable and entails φ, no need to ask whether φ is consistent with it
    if r_neg == z3.unsat and session.consistent:
        r_pos, why_pos = z3.sat, None
    else:
        r_pos = session.check(a)
        why_pos = session.why
    pos_core = session.core() if r_pos == z3.unsat and r_neg != z3.unsat else None
    witness = session.model() if r_neg == z3.sat and r_pos == z3.sat else None
    outcome = entailment(r_neg, r_pos, session.premises_sat)
    if outcome == Entailment.INCONSISTENT:
        return None
    is_open = outcome == Entailment.OPEN  # models are built only where they are shown
    settled = claim_result(outcome, base, _label(f), neg_core=neg_core, pos_core=pos_core,
                           counter=session.model_json(counter) if is_open else None,
                           witness=session.model_json(witness) if is_open else None)
    if settled is not None:
        return _without_model(settled, session)
    why = why_neg or why_pos or session.why or "incomplete"
    return ClaimResult(**base, kind=ClaimKind.UNDECIDED, answer=None, undecided_reason=why,
                       reason=undecided_text(_label(f), why, r_neg, r_pos))


def _sat(session: _Session, j: int, f: Formula) -> ClaimResult:
    """The original's rule: one check of P ∧ φ, so an unknown is always undecided."""
    a, _ = session.claim_lits[j]
    base: dict[str, Any] = dict(id=f.id, name=f.name, text=f.text)
    r = session.check(a)
    if r == z3.sat:
        return _without_model(ClaimResult(**base, kind=ClaimKind.SAT, answer=True,
                                          witness_model=session.model_json(session.model()),
                                          reason=f"{_label(f)} is consistent with the premises"), session)
    if r == z3.unsat:
        return ClaimResult(**base, kind=ClaimKind.UNSAT, answer=False, core=session.core(),
                           reason=f"{_label(f)} contradicts the premises")
    why = session.why or "incomplete"
    return ClaimResult(**base, kind=ClaimKind.UNDECIDED, answer=None, undecided_reason=why,
                       reason=f"Z3 could not decide {_label(f)} ({why})")


def _entail_verdict(results: list[ClaimResult]) -> tuple[str, str]:
    kinds = [r.kind for r in results]
    if "refuted" in kinds:
        return "refuted", next(r.reason for r in results if r.kind == "refuted")
    if "inconsistent" in kinds:
        return "inconsistent", "the premises contradict each other, so they entail anything"
    if all(k == "proved" for k in kinds):
        return "proved", "the premises entail every verification"
    if "undecided" in kinds:
        return "undecided", next(r.reason for r in results if r.kind == "undecided")
    return "unknown", "the premises do not settle every verification"


def _sat_verdict(results: list[ClaimResult]) -> tuple[str, str]:
    sat = sum(r.kind == "sat" for r in results)
    unsat = sum(r.kind == "unsat" for r in results)
    if sat and not unsat:
        return "sat", f"{sat} verification(s) consistent with the premises, none contradicted"
    if unsat and not sat:
        return "unsat", f"{unsat} verification(s) contradict the premises, none consistent"
    if sat and unsat:
        return "mixed", f"{sat} verification(s) consistent and {unsat} contradicted"
    return "undecided", "no verification could be decided"


_ANSWER = {"proved": True, "sat": True, "refuted": False, "unsat": False}


def decide(compiled: Compiled, *, semantics: Semantics = Semantics.ENTAIL, deadline: Deadline | None = None,
           evidence: bool = True, progress: Progress | None = None) -> Verdict:
    """Decide every verification of a compiled program, every check within `deadline` (default: 5 s from now).
    Each claim's result is handed to `progress` as it is settled (see `pot.logic.hard_limit`)."""
    deadline = deadline or Deadline.after(DEFAULT_TIMEOUT_MS)
    session = _Session(compiled, deadline, evidence)
    claims = [f for f, _ in compiled.claims]
    inconsistency_core = None
    results: list[ClaimResult] = []
    for j, f in enumerate(claims):
        result = _sat(session, j, f) if semantics == Semantics.SAT else _entail(session, j, f)
        if result is None:  # P is unsatisfiable (both φ and ¬φ contradict it)
            if evidence and session.check() == z3.unsat:
                inconsistency_core = session.core()
            results = [ClaimResult(id=g.id, name=g.name, text=g.text, kind=ClaimKind.INCONSISTENT, answer=None,
                                   reason="the premises contradict each other") for g in claims]
            break
        results.append(result)
        if progress is not None:
            progress.settle(result)
    optimization = _optimize(compiled.optimization, compiled, deadline) if compiled.optimization else None
    verdict = verdict_of(semantics, results, optimization=optimization)
    verdict.inconsistency_core = inconsistency_core
    return verdict


def verdict_of(semantics: Semantics, results: list[ClaimResult], *,
               optimization: OptimizationResult | None = None) -> Verdict:
    """The verdict of a program from its claims' results."""
    kind, reason = _sat_verdict(results) if semantics == Semantics.SAT else _entail_verdict(results)
    return Verdict(semantics=semantics, answer=_ANSWER.get(kind), kind=VerdictKind(kind), reason=reason,
                   results=results, optimization=optimization)


def _optimize(spec: CheckedOptimization, compiled: Compiled, deadline: Deadline) -> OptimizationResult:
    """The optimization section, solved on its own as the original DSL does, in the time left."""
    if deadline.expired:
        return OptimizationResult(status="unknown", reason=TIMEOUT_REASON)
    ctx = compiled.ctx
    opt = z3.Optimize(ctx=ctx)
    opt.set("timeout", deadline.remaining_ms())
    env = {name: z3.Const(name, compiled.sort(sort)) for name, sort in spec.variables.items()}
    for f in spec.constraints:
        opt.add(compiled.term(f.term, env))
    handles = []
    for obj in spec.objectives:
        expr = compiled.term(obj.term, env)
        handles.append((obj, expr, opt.maximize(expr) if obj.maximize else opt.minimize(expr)))
    r = opt.check()
    if r != z3.sat:
        reason = None if r == z3.unsat else unknown_reason(opt)
        return OptimizationResult(status="unsat" if r == z3.unsat else "unknown", reason=reason)
    model = opt.model()
    try:
        objectives = [_objective(obj, handle, model.eval(expr, model_completion=True))
                      for obj, expr, handle in handles]
        values = {name: value_json(model.eval(c, model_completion=True), deadline=deadline) for name, c in env.items()}
        read = model_json(model, compiled, deadline)
    except ModelTimeout:  # the optimum was found but not read in time: not shown rather than shown in part
        return OptimizationResult(status="unknown", reason=TIMEOUT_REASON)
    return OptimizationResult(status="sat", objectives=objectives, optimal=all(o["status"] == "optimal"
                                                                                for o in objectives),
                              model={"variables": values, **read})


def _objective(obj: Objective, handle: z3.OptimizeObjective, in_model: z3.ExprRef) -> dict[str, Any]:
    """An objective's optimum from Z3's bounds, each `a·∞ + b + c·ε`: the upper one for a maximum, else the lower.

    status: optimal (value attained by the model), unbounded (value ±inf), supremum /
    infimum (value b is approached but not attained: c ≠ 0), unproven (the bounds differ:
    Z3 did not show the model's value optimal). `model_value` is the objective in the model."""
    goal = "maximize" if obj.maximize else "minimize"
    bound = handle.upper_values() if obj.maximize else handle.lower_values()
    other = handle.lower_values() if obj.maximize else handle.upper_values()
    infinite, finite, epsilon = (value_json(bound[i]) for i in range(3))
    out: dict[str, Any] = {"expression": obj.text, "goal": goal, "model_value": value_json(in_model)}
    if infinite != 0:
        return {**out, "status": "unbounded", "value": "+inf" if _positive(bound[0]) else "-inf"}
    if epsilon != 0:
        return {**out, "status": "supremum" if obj.maximize else "infimum", "value": finite}
    if [value_json(other[i]) for i in range(3)] != [infinite, finite, epsilon]:
        return {**out, "status": "unproven", "value": None}
    return {**out, "status": "optimal", "value": finite}


def _positive(numeral: z3.ExprRef) -> bool:
    return z3.is_true(z3.simplify(numeral > 0))
