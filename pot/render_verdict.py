"""Verdicts and diagnostics as text a person reads in a terminal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import click

from pot.errors import Diagnostic, Severity, with_quotes
from pot.logic.cross_check import Agreement
from pot.logic.model import model_tables, value_text
from pot.logic.verdict import ClaimKind, ClaimResult, Premise, Verdict

_COLOR = {"proved": "green", "sat": "green", "refuted": "red", "unsat": "red", "inconsistent": "magenta"}

# What a core means, per kind: the heading over its premises, and the sentence for an empty one.
_BECAUSE = {ClaimKind.PROVED: "because of", ClaimKind.REFUTED: "refuted by", ClaimKind.UNSAT: "contradicted by",
            ClaimKind.INCONSISTENT: "contradictory premises"}
_NO_PREMISE = {ClaimKind.PROVED: "holds without any premise (valid on its own)",
               ClaimKind.REFUTED: "fails without any premise (its negation is valid on its own)",
               ClaimKind.UNSAT: "unsatisfiable on its own, without any premise",
               ClaimKind.INCONSISTENT: "contradictory on its own, without any premise"}
NOT_COMPUTED = "premises not computed"


def one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class ClaimLines:
    """One claim result as words, the same for the terminal and report.md (each adds its own markup)."""

    label: str  # "verifications[0] 'name'"
    text: str  # the claim as the program states it, on one line ("" when not recorded)
    kind: ClaimKind
    evidence: str | None  # "because of" (premises follow), a sentence for [] or None, or nothing to say
    core: list[Premise]  # the premises under `evidence`; [] when there are none to list


def claim_lines(r: ClaimResult, text_limit: int = 200) -> ClaimLines:
    """What a claim result says about its evidence. `core` None (not computed) and `[]` (no
    premise needed) are different sentences; neither is ever shown as the other."""
    label = f"{r.id} '{r.name}'" if r.name else r.id
    evidence: str | None = None
    if r.kind in _BECAUSE:
        if r.core is None:  # an inconsistent claim's premises are the verdict's, shown once above it
            evidence = None if r.kind == ClaimKind.INCONSISTENT else NOT_COMPUTED
        else:
            evidence = _BECAUSE[r.kind] if r.core else _NO_PREMISE[r.kind]
    return ClaimLines(label, one_line(r.text, text_limit), r.kind, evidence, r.core or [])


def _title(c: ClaimLines) -> str:
    return f"{c.label}: {c.text}" if c.text else c.label


def _premises(core: list[Premise]) -> list[str]:
    width = max(len(p.id) for p in core)
    return [f"    {p.id:<{width}}  {p.text}" + (f"   [{p.name}]" if p.name else "") for p in core]


def _value(v: Any) -> str:
    return value_text(v)


def model_lines(model: dict[str, Any], indent: str = "    ") -> list[str]:
    lines = []
    consts = model.get("constants") or {}
    if consts:
        lines.append(indent + ", ".join(f"{k} = {_value(v)}" for k, v in consts.items()))
    for title, rows, otherwise in model_tables(model):
        cells = [f"{call} = {value}" for call, value in rows] + [f"otherwise {otherwise}"]
        lines.append(f"{indent}{title}: " + "; ".join(cells))
    for sort, elements in (model.get("universes") or {}).items():
        lines.append(f"{indent}{sort} = {{{', '.join(elements)}}}")
    return lines


def _claim_check_line(r: ClaimResult) -> str:
    c = r.cross_check
    assert c is not None
    if c.agreement == Agreement.DISAGREE:
        return click.style(f"  DISAGREEMENT: {c.solver} says {c.kind}, Z3 says {r.kind}", fg="red", bold=True) \
            + f"  ({c.reason})"
    if c.agreement == Agreement.AGREE:
        return f"  {c.solver} agrees: {c.kind}"
    return f"  {c.solver}: {c.kind}, not compared ({c.reason})"


def diagnostics_text(diagnostics: list[Diagnostic]) -> str:
    """Each diagnostic in its colour, with the text it points at below it."""
    return "\n".join(click.style(str(d), fg="yellow" if d.severity == Severity.WARNING else "red")
                     + (click.style(f"\n  > {quote}", dim=True) if quote else "")
                     for d, quote in with_quotes(diagnostics))


def _objective_line(o: dict[str, Any]) -> str:
    """An objective and its optimum: attained, unbounded, approached but not attained, or not proven."""
    head = f"  {o['goal']} {o['expression']}"
    status, value = o.get("status"), _value(o.get("value"))
    if status == "optimal":
        return f"{head}: optimal, {value}"
    if status == "unbounded":
        return f"{head}: unbounded ({value})"
    if status in ("supremum", "infimum"):
        return f"{head}: {status} {value}, not attained (values come arbitrarily close)"
    if status == "unproven":
        return f"{head}: Z3 did not prove an optimum; {_value(o.get('model_value'))} in the model below"
    return f"{head} = {value}"  # a verdict recorded before objectives had a status


def verdict_text(v: Verdict) -> str:
    """The verdict first, then per verification the evidence for it."""
    answer = {True: "yes", False: "no", None: "no answer"}[v.answer]
    head = click.style(f"{v.kind.upper()}", fg=_COLOR.get(v.kind, "yellow"), bold=True)
    lines = [f"{head}  answer: {answer}  ({v.semantics} semantics)", f"  {v.reason}"]
    if v.inconsistency_core:
        lines.append("  contradictory premises:")
        lines += _premises(v.inconsistency_core)
    for r in v.results:
        c = claim_lines(r)
        lines.append("")
        lines.append(f"{_title(c)}  → " + click.style(r.kind, fg=_COLOR.get(r.kind, "yellow"), bold=True))
        if c.core:
            lines.append(f"  {c.evidence}:")
            lines += _premises(c.core)
        elif c.evidence:
            lines.append(f"  ({c.evidence})")
        if r.counter_model:
            lines.append("  counter-model (every premise holds, the claim fails):")
            lines += model_lines(r.counter_model)
        elif r.kind == ClaimKind.UNKNOWN:
            lines.append("  (counter-model not computed)")
        if r.kind == "undecided":
            lines.append(f"  {r.reason}")
        if r.cross_check is not None:
            lines.append(_claim_check_line(r))
    if v.optimization is not None:
        opt = v.optimization
        lines += ["", f"optimization: {opt.status}" + (f" ({opt.reason})" if opt.reason else "")]
        lines += [_objective_line(o) for o in opt.objectives]
        if opt.model and opt.model.get("variables"):
            where = "  optimum at: " if opt.optimal else "  a feasible point, not an optimum: "
            lines.append(where + ", ".join(f"{k} = {_value(x)}" for k, x in opt.model["variables"].items()))
    if v.cross_check is not None:
        loud = v.cross_check.disagreed or v.cross_check.error is not None
        lines += ["", click.style(v.cross_check.summary, fg="red" if loud else None, bold=bool(loud))]
    if v.warnings:
        lines += ["", "warnings:"] + ["  " + diagnostics_text([w]) for w in v.warnings]
    return "\n".join(lines)
