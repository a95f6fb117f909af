"""The decision procedure: one incremental solver per program, premises behind indicators.

Each premise i is asserted as `p_i → premise_i`, each claim j as `a_j → φ_j` and
`n_j → ¬φ_j`; every question is then a `check` under assumptions, and unsat cores
name premises directly.
"""

from __future__ import annotations

from typing import Any

import z3

from pot.ir import CheckedOptimization, Formula
from pot.logic.compile import Compiled
from pot.logic.model import model_json, value_json
from pot.logic.verdict import (
    DEFAULT_TIMEOUT_MS,
    ClaimKind,
    ClaimResult,
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


def unknown_reason(solver) -> str:
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


class _Session:
    """A solver holding one program, and what its answers mean."""

    def __init__(self, compiled: Compiled, timeout_ms: int, evidence: bool):
        ctx = compiled.ctx
        self.compiled, self.evidence = compiled, evidence
        self.consistent = False  # set once any check finds a model of the premises
        self.solver = s = z3.SimpleSolver(ctx=ctx)  # no preprocessing tactics: faster, same answers here
        s.set("timeout", int(timeout_ms))
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
        return self.solver.check(*self.lits, *extra)

    def core(self) -> list[Premise] | None:
        """The premises in the last (unsat) check's core, which Z3 minimised."""
        if not self.evidence:
            return None
        ids = {lit.get_id() for lit in self.solver.unsat_core()}
        return [_premise(f) for key, f in self.premise_of.items() if key in ids]

    def model(self) -> z3.ModelRef | None:
        """The last check's model (kept as a Z3 object: converting it is the costly part)."""
        return self.solver.model() if self.evidence else None

    def model_json(self, model: z3.ModelRef | None) -> dict | None:
        return model_json(model, self.compiled) if model is not None else None


def _label(f: Formula) -> str:
    return f"{f.id} '{f.name}'" if f.name else f.id


def _entail(session: _Session, j: int, f: Formula) -> ClaimResult | None:
    """Decide P ⊨ φ with two checks; None when the two show P itself unsatisfiable."""
    a, n = session.claim_lits[j]
    base: dict[str, Any] = dict(id=f.id, name=f.name, text=f.text)
    r_neg = session.check(n)
    if r_neg == z3.sat:
        session.consistent = True
    neg_core = session.core() if r_neg == z3.unsat else None
    counter = session.model() if r_neg == z3.sat else None
    why_neg = unknown_reason(session.solver) if r_neg == z3.unknown else None
    # when P is known satisfiable and entails φ, no need to ask whether φ is consistent with it
    r_pos = z3.sat if r_neg == z3.unsat and session.consistent else session.check(a)
    if r_pos == z3.sat:
        session.consistent = True
    if r_neg == z3.unsat and r_pos == z3.unsat:
        return None
    if r_neg == z3.unsat:
        return ClaimResult(**base, kind=ClaimKind.PROVED, answer=True, core=neg_core,
                           reason=f"the premises entail {_label(f)}")
    if r_pos == z3.unsat:
        return ClaimResult(**base, kind=ClaimKind.REFUTED, answer=False, core=session.core(),
                           reason=f"the premises entail the negation of {_label(f)}")
    if r_neg == z3.sat and r_pos == z3.sat:
        return ClaimResult(**base, kind=ClaimKind.UNKNOWN, answer=None, counter_model=session.model_json(counter),
                           witness_model=session.model_json(session.model()),
                           reason=f"the premises allow {_label(f)} to be true or false")
    why = why_neg or unknown_reason(session.solver)
    return ClaimResult(**base, kind=ClaimKind.UNDECIDED, answer=None, undecided_reason=why,
                       reason=f"Z3 could not decide {_label(f)} ({why})")


def _sat(session: _Session, j: int, f: Formula) -> ClaimResult:
    a, _ = session.claim_lits[j]
    base: dict[str, Any] = dict(id=f.id, name=f.name, text=f.text)
    r = session.check(a)
    if r == z3.sat:
        return ClaimResult(**base, kind=ClaimKind.SAT, answer=True, witness_model=session.model_json(session.model()),
                           reason=f"{_label(f)} is consistent with the premises")
    if r == z3.unsat:
        return ClaimResult(**base, kind=ClaimKind.UNSAT, answer=False, core=session.core(),
                           reason=f"{_label(f)} contradicts the premises")
    why = unknown_reason(session.solver)
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


def decide(compiled: Compiled, *, semantics: Semantics = Semantics.ENTAIL,
           timeout_ms: int = DEFAULT_TIMEOUT_MS, evidence: bool = True) -> Verdict:
    """Decide every verification of a compiled program."""
    session = _Session(compiled, timeout_ms, evidence)
    claims = [f for f, _ in compiled.claims]
    inconsistency_core = None
    results: list[ClaimResult] = []
    if semantics == "sat":
        results = [_sat(session, j, f) for j, f in enumerate(claims)]
        kind, reason = _sat_verdict(results)
    else:
        for j, f in enumerate(claims):
            result = _entail(session, j, f)
            if result is None:  # both φ and ¬φ contradict P: P is inconsistent
                if evidence and session.check() == z3.unsat:
                    inconsistency_core = session.core()
                results = [ClaimResult(id=g.id, name=g.name, text=g.text, kind=ClaimKind.INCONSISTENT, answer=None,
                                       reason="the premises contradict each other") for g in claims]
                break
            results.append(result)
        kind, reason = _entail_verdict(results)
    optimization = _optimize(compiled.optimization, compiled, timeout_ms) if compiled.optimization else None
    return Verdict(semantics=semantics, answer=_ANSWER.get(kind), kind=VerdictKind(kind), reason=reason,
                   results=results,
                   inconsistency_core=inconsistency_core, optimization=optimization)


def _optimize(spec: CheckedOptimization, compiled: Compiled, timeout_ms: int) -> OptimizationResult:
    """The optimization section, solved on its own as the original DSL does."""
    ctx = compiled.ctx
    opt = z3.Optimize(ctx=ctx)
    opt.set("timeout", int(timeout_ms))
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
    objectives = [{"expression": obj.text, "goal": "maximize" if obj.maximize else "minimize",
                   "value": value_json(model.eval(expr, model_completion=True))} for obj, expr, _ in handles]
    values = {name: value_json(model.eval(c, model_completion=True)) for name, c in env.items()}
    return OptimizationResult(status="sat", objectives=objectives, model={"variables": values,
                                                                          **model_json(model, compiled)})
