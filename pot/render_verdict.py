"""Verdicts and diagnostics as text a person reads in a terminal."""

from __future__ import annotations

from typing import Any

import click

from pot.errors import Diagnostic
from pot.logic.model import model_tables, value_text
from pot.logic.verdict import ClaimResult, Premise, Verdict

_COLOR = {"proved": "green", "sat": "green", "refuted": "red", "unsat": "red", "inconsistent": "magenta"}


def _label(r: ClaimResult) -> str:
    return f"{r.id} '{r.name}'" if r.name else r.id


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


def diagnostics_text(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(click.style(str(d), fg="yellow" if d.severity == "warning" else "red") for d in diagnostics)


def verdict_text(v: Verdict) -> str:
    """The verdict first, then per verification the evidence for it."""
    answer = {True: "yes", False: "no", None: "no answer"}[v.answer]
    head = click.style(f"{v.kind.upper()}", fg=_COLOR.get(v.kind, "yellow"), bold=True)
    lines = [f"{head}  answer: {answer}  ({v.semantics} semantics)", f"  {v.reason}"]
    if v.inconsistency_core:
        lines.append("  contradictory premises:")
        lines += _premises(v.inconsistency_core)
    for r in v.results:
        lines.append("")
        lines.append(f"{_label(r)}: " + click.style(r.kind, fg=_COLOR.get(r.kind, "yellow")))
        if r.core:
            lines.append("  because:" if r.kind != "unsat" else "  contradicted by:")
            lines += _premises(r.core)
        elif r.kind in ("proved", "refuted", "unsat"):
            lines.append("  (holds without any premise)")
        if r.counter_model:
            lines.append("  counter-model (every premise holds, the claim fails):")
            lines += model_lines(r.counter_model)
        if r.kind == "undecided":
            lines.append(f"  {r.reason}")
    if v.optimization is not None:
        opt = v.optimization
        lines += ["", f"optimization: {opt.status}" + (f" ({opt.reason})" if opt.reason else "")]
        for o in opt.objectives:
            lines.append(f"  {o['goal']} {o['expression']} = {_value(o['value'])}")
        if opt.model and opt.model.get("variables"):
            lines.append("  " + ", ".join(f"{k} = {_value(x)}" for k, x in opt.model["variables"].items()))
    if v.warnings:
        lines += ["", "warnings:"] + ["  " + diagnostics_text([w]) for w in v.warnings]
    return "\n".join(lines)
