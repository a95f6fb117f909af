"""A verdict told in plain words for the model: what was decided and from which premises, or the
two worlds the solver found when nothing was decided."""

from __future__ import annotations

import re
from typing import Any

from pot.logic.model import model_tables, value_text
from pot.logic.verdict import ClaimKind, ClaimResult, Premise, Verdict, VerdictKind

RULE_MARKS = ("rules[", )
QUANTIFIERS = ("ForAll", "Exists", "Implies", "forall", "exists", "=>")


def is_rule(premise: Premise) -> bool:
    """A rule derives facts: a JSON program's `rules[i]`, or any premise with a quantifier or implication
    (an SMT-LIB assertion, or a fact the model wrote as a rule)."""
    return premise.id.startswith(RULE_MARKS) or any(q in premise.text for q in QUANTIFIERS)


def world_text(model: dict[str, Any] | None) -> str:
    """A model as short lines the model can read: elements called by the constants that name them
    (`Being#0` is `socrates`), each function's listed values, then what it gives everything else."""
    if not model:
        return "  (the solver gave no model)"
    constants = model.get("constants") or {}
    names: dict[str, str] = {}
    for name, value in constants.items():
        if isinstance(value, str) and _ELEMENT.fullmatch(value):
            names.setdefault(value, name)

    def words(text: str) -> str:
        return _ELEMENT.sub(lambda m: names.get(m.group(0), m.group(0)), text)

    lines = [f"  {name} = {words(value_text(v))}" for name, v in constants.items()
             if not (isinstance(v, str) and names.get(v) == name)]  # `socrates = socrates` says nothing
    for title, rows, otherwise in model_tables(model):
        lines += [f"  {words(call)} = {words(value)}" for call, value in rows]
        rest = "every other argument" if rows else "every argument"
        lines.append(f"  {title}(…) = {words(otherwise)} for {rest}")
    for sort, elements in (model.get("universes") or {}).items():
        unnamed = [e for e in elements if e not in names]
        if unnamed:
            lines.append(f"  {sort} also has unnamed things: {', '.join(unnamed[:MAX_WORLD_LINES])}")
    if len(lines) > MAX_WORLD_LINES:  # a prompt stays bounded whatever the model's size
        lines = [*lines[:MAX_WORLD_LINES], f"  … and {len(lines) - MAX_WORLD_LINES} more lines"]
    return "\n".join(lines)


MAX_WORLD_LINES = 40


_ELEMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*#\d+")


def worlds_text(result: ClaimResult) -> str:
    """The counter-model and witness of an unknown claim, in the words the model is shown."""
    return (f"Your facts and rules allow a world where the claim `{result.text}` is false:\n"
            f"{world_text(result.counter_model)}\n"
            f"and also a world where it is true:\n{world_text(result.witness_model)}")


def verdict_summary(verdict: Verdict | None, error: str | None = None) -> str:
    """What the solver made of a program, for a critique or a sub-answer."""
    if verdict is None:
        return f"The program could not be used: {error or 'no valid program'}."
    lines = [f"The solver's verdict: {verdict.kind} ({verdict.reason})."]
    found = contradiction(verdict)
    if found is not None:
        lines.append(found)
    for r in verdict.results:
        if r.kind in (ClaimKind.PROVED, ClaimKind.REFUTED) and r.core is not None:
            premises = "; ".join(f"`{p.text}`" for p in r.core) or "no premise at all"
            lines.append(f"Claim `{r.text}` {r.kind.value} from: {premises}.")
        elif r.kind == ClaimKind.UNKNOWN:
            lines.append(worlds_text(r))
    return "\n".join(lines)


def contradiction(verdict: Verdict) -> str | None:
    """For a program whose premises contradict each other, which ones do (the solver's unsat core):
    a problem the solver proves, whatever a review of the program says. None for any other verdict."""
    if verdict.kind != VerdictKind.INCONSISTENT:
        return None
    core = verdict.contradiction() or []
    premises = "; ".join(f"`{p.text}`" for p in core) or "the facts and rules"
    return (f"The solver found that these premises contradict each other, so at least one of them is wrong: "
            f"{premises}.")


def states_claim(premise: Premise, claim: str) -> bool:
    """Whether a premise is the claim itself, or its negation, written as a fact."""
    text, claim = _squash(premise.text), _squash(claim)
    return text in (claim, f"Not({claim})", f"(not{claim})", f"(not({claim}))")


def _squash(text: str) -> str:
    return "".join(text.split())
