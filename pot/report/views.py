"""What a page shows, computed before any template runs: programs as logic, claims with their proofs.

Templates only lay these out. Formulas are `Markup` made by `notation` (escaped there);
every other string stays plain text and is escaped by Jinja2's autoescape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from pot.dsl.program import Program, Rule, Verification, load_program
from pot.logic.model import model_tables, value_text
from pot.logic.verdict import ClaimResult, Premise, Verdict
from pot.report import notation


@dataclass
class Entry:
    """A fact, rule or verification of the program, drawn as a formula."""

    id: str  # "knowledge_base[3]": the id unsat cores use
    name: str | None
    formula: Markup
    source: str  # what the model wrote
    cores: list[str] = field(default_factory=list)  # labels of the claims whose proof uses it

    @property
    def anchor(self) -> str:
        return anchor_of(self.id)

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass
class ProgramView:
    sorts: list[tuple[str, str]] = field(default_factory=list)  # name, description
    functions: list[tuple[str, str]] = field(default_factory=list)  # name, signature
    constants: list[tuple[str, list[str]]] = field(default_factory=list)  # sort, members
    variables: list[tuple[str, str]] = field(default_factory=list)
    facts: list[Entry] = field(default_factory=list)
    rules: list[Entry] = field(default_factory=list)
    claims: list[Entry] = field(default_factory=list)
    source: str = ""  # the program as JSON text
    problem: str | None = None  # why it could not be drawn as logic

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.facts + self.rules + self.claims if e.id == entry_id), None)


@dataclass
class ModelView:
    """A model of the premises as tables: constants, function tables, the elements of declared sorts."""

    constants: list[tuple[str, str]]
    functions: list[tuple[str, list[tuple[str, str]], str]]  # name, rows (call, value), otherwise
    universes: list[tuple[str, list[str]]]


@dataclass
class OptimizationView:
    status: str
    reason: str | None
    objectives: list[tuple[str, str, str]]  # goal, expression, value
    model: ModelView | None


@dataclass
class ClaimView:
    result: ClaimResult
    entry: Entry | None
    sentence: Markup
    core: list[Entry | Premise] = field(default_factory=list)
    counter_model: ModelView | None = None
    witness_model: ModelView | None = None


@dataclass
class AttemptView:
    index: int
    error: str | None
    diagnostics: list[str]
    raw_reply: str | None  # None: not recorded
    tokens: int | None
    cost_usd: float | None
    latency_s: float | None
    cached: bool = False
    temperature: float | None = None  # None: the provider's default, or not recorded


@dataclass
class StepView:
    """One step of a strategy: a program with its verdict, or a text reply."""

    index: int  # 1-based, as votes name samples
    role: str
    prompt: str | None
    kind: str | None  # the step program's verdict kind; None: a text step, or no valid program
    answer: bool | None
    reason: str | None  # the verdict's reason
    error: str | None
    reply: str | None
    program: str | None  # the program decided (JSON text or SMT-LIB), or the model's last text
    weight: float | None  # self-consistency: its weight in the vote; None: it did not vote
    weight_reason: str | None
    calls: int
    tokens: int


@dataclass
class StrategyView:
    """What a test-time strategy did, from its record (docs/strategies.md)."""

    name: str
    options: str  # "samples 5, temperature 0.7"
    decision: str
    abstained: bool
    confidence: float | None  # None: no vote was taken
    votes: list[tuple[bool, float, list[int]]] | None  # None: no vote; []: a vote with no decided sample
    undecided: list[int] | None
    steps: list[StepView]
    calls: int


@dataclass
class QuestionView:
    """Everything the verdict view of one question (or one program) shows."""

    anchor: str
    title: str
    question: str | None
    program: ProgramView | None
    verdict: Verdict | None
    claims: list[ClaimView] = field(default_factory=list)
    inconsistency: list[Entry | Premise] = field(default_factory=list)
    attempts: list[AttemptView] = field(default_factory=list)
    usage: list[tuple[str, str]] = field(default_factory=list)
    optimization: OptimizationView | None = None
    error: str | None = None
    # why the program was refused, one per problem: its text, and the text it points at (Diagnostic.excerpt)
    diagnostics: list[tuple[str, str | None]] = field(default_factory=list)
    dataset: str | None = None
    gold: bool | None = None
    model: str | None = None
    strategy: StrategyView | None = None

    @property
    def kind(self) -> str:
        if self.verdict is None and self.strategy is not None and self.strategy.abstained:
            return "no-answer"  # decided programs disagreed: no answer on purpose, not a failure
        return self.verdict.kind if self.verdict else "error"

    @property
    def answer(self) -> bool | None:
        return self.verdict.answer if self.verdict else None

    @property
    def outcome(self) -> str:
        """correct / incorrect / unanswered against the gold answer; ungraded without one."""
        if self.answer is None:
            return "unanswered"
        if self.gold is None:
            return "ungraded"
        return "correct" if self.answer == self.gold else "incorrect"


def _bound(decls) -> list[tuple[str, str]]:
    return [(d.name, d.sort) for d in decls or []]


def _quantified(entry: Rule | Verification, key: str) -> tuple[Markup, str]:
    decls = _bound(getattr(entry, key, None))
    if entry.implies is not None:
        body = notation.implication(entry.implies.antecedent, entry.implies.consequent, decls)
        source = f"{entry.implies.antecedent} => {entry.implies.consequent}"
    else:
        body = notation.formula(entry.constraint or "", bound=decls)
        source = entry.constraint or ""
    if decls:
        source = f"{key} {', '.join(name for name, _ in decls)}: {source}"
    return notation.quantified(decls, body, exists=key == "exists"), source


_BUILTIN_SORTS = {"BoolSort": "Bool", "IntSort": "Int", "RealSort": "Real"}


def _signature(domain: list[str], range_: str) -> str:
    names = [_BUILTIN_SORTS.get(s, s) for s in [*domain, range_]]
    return (" × ".join(names[:-1]) + " → " if domain else "") + names[-1]


def program_view(program: dict | str | None) -> ProgramView | None:
    """The program as logic; with `problem` set (and its text kept) when it is not a valid program."""
    if program is None:
        return None
    source = program if isinstance(program, str) else json.dumps(program, indent=2, ensure_ascii=False)
    loaded, diags = load_program(program if isinstance(program, dict) else program.encode("utf-8", "replace"))
    if loaded is None:
        return ProgramView(source=source, problem="; ".join(d.message for d in diags[:3]) or "not a program")
    return _from_model(loaded, source)


def _from_model(p: Program, source: str) -> ProgramView:
    view = ProgramView(source=source)
    for s in p.sorts:
        detail = s.type
        if s.values:
            detail += " {" + ", ".join(s.values) + "}"
        view.sorts.append((s.name, detail))
    view.functions = [(f.name, _signature(f.domain, f.range)) for f in p.functions]
    for group in p.constants.values():
        members = list(group.members) if isinstance(group.members, dict) else group.members
        view.constants.append((group.sort, [str(m) for m in members]))
    view.variables = [(v.name, v.sort) for v in p.variables]
    for i, fact in enumerate(p.knowledge_base):
        source_text = fact.assertion if fact.value else f"Not({fact.assertion})"
        view.facts.append(Entry(f"knowledge_base[{i}]", fact.name,
                                notation.formula(fact.assertion, negate=not fact.value), source_text))
    for i, rule in enumerate(p.rules):
        drawn, text = _quantified(rule, "forall")
        view.rules.append(Entry(f"rules[{i}]", rule.name, drawn, text))
    for i, ver in enumerate(p.verifications):
        drawn, text = _quantified(ver, "exists" if ver.exists is not None else "forall")
        view.claims.append(Entry(f"verifications[{i}]", ver.name, drawn, text))
    return view


def model_view(model: dict[str, Any] | None) -> ModelView | None:
    if model is None:
        return None
    constants = [(name, value_text(v)) for name, v in (model.get("constants") or {}).items()]
    constants += [(name, value_text(v)) for name, v in (model.get("variables") or {}).items()]
    functions = model_tables(model)
    universes = [(sort, [value_text(v) for v in values]) for sort, values in (model.get("universes") or {}).items()]
    return ModelView(constants, functions, universes)


def _chips(items: list[Entry | Premise], prefix: str) -> Markup:
    """Premise labels linked to where they stand in the program, joined as prose."""
    chips = [Markup('<a class="chip" href="#{}-{}">{}</a>').format(prefix, anchor_of(p.id), p.name or p.id)
             for p in items]
    if len(chips) <= 1:
        return Markup("").join(chips)
    return Markup(", ").join(chips[:-1]) + Markup(" and ") + chips[-1]


def anchor_of(entry_id: str) -> str:
    """`knowledge_base[3]` → `knowledge_base-3`: an id usable in a URL fragment."""
    return entry_id.replace("[", "-").replace("]", "")


def _sentence(result: ClaimResult, core: list[Entry | Premise], claim: Entry | None, prefix: str) -> Markup:
    """The proof written out: one sentence from the core premises to the claim."""
    what = Markup('<span class="formula">{}</span>').format(claim.formula) if claim else \
        Markup("<b>{}</b>").format(result.name or result.id)
    premises = _chips(core, prefix)
    if result.kind in ("proved", "refuted", "unsat") and result.core is None:  # not computed, not empty
        return Markup("The claim is <b>{}</b>; the premises that decide ").format(result.kind) + what + \
            Markup(" were not computed.")
    if result.kind == "proved":
        if not core:
            return Markup("The claim holds without any premise: ") + what + Markup(" is valid.")
        return Markup("From ") + premises + Markup(" it follows that ") + what + Markup(".")
    if result.kind in ("refuted", "unsat"):
        if not core:
            return Markup("The claim is false without any premise: ") + what + Markup(" cannot hold.")
        return Markup("From ") + premises + Markup(" it follows that ") + what + \
            Markup(" is <b>false</b>: together they contradict it.")
    if result.kind == "unknown":
        return Markup("The premises settle neither way whether ") + what + \
            Markup(": the counter-model satisfies every premise and falsifies the claim, "
                   "the witness model satisfies the premises and the claim.")
    if result.kind == "sat":
        return Markup("The premises are consistent with ") + what + \
            Markup(" (satisfiability semantics: consistent counts as true); the witness model shows one way.")
    if result.kind == "inconsistent":
        return Markup("The premises contradict each other, so no conclusion about ") + what + \
            Markup(" can be trusted.")
    return Markup("Z3 could not decide ") + what + Markup(" ({}).").format(result.undecided_reason or result.reason)


def _core_entries(core: list[Premise] | None, program: ProgramView | None, claim_label: str) -> list[Entry | Premise]:
    out: list[Entry | Premise] = []
    for premise in core or []:
        entry = program.entry(premise.id) if program else None
        if entry is not None:
            entry.cores.append(claim_label)
            out.append(entry)
        else:
            out.append(premise)
    return out


def attach_verdict(view: QuestionView) -> None:
    """Fill the claims (with proofs and models) and mark core premises in the program."""
    verdict = view.verdict
    if verdict is None:
        return
    view.inconsistency = _core_entries(verdict.inconsistency_core, view.program, "inconsistency")
    if verdict.optimization is not None:
        opt = verdict.optimization
        view.optimization = OptimizationView(
            opt.status, opt.reason,
            [(str(o.get("goal", "")), str(o.get("expression", "")), value_text(o.get("value")))
             for o in opt.objectives],
            model_view(opt.model))
    for result in verdict.results:
        entry = view.program.entry(result.id) if view.program else None
        core = _core_entries(result.core, view.program, result.name or result.id)
        view.claims.append(ClaimView(result, entry, _sentence(result, core, entry, view.anchor), core,
                                     model_view(result.counter_model), model_view(result.witness_model)))


def usage_rows(tokens: int | None, cost_usd: float | None, latency_s: float | None,
               timings: dict[str, float] | None = None) -> list[tuple[str, str]]:
    """Tokens, cost and latency as label/value pairs; what was not measured is left out."""
    rows = []
    if tokens is not None:
        rows.append(("tokens", f"{tokens:,}"))
    if cost_usd is not None:
        rows.append(("cost", f"${cost_usd:.4f}"))
    if latency_s is not None:
        rows.append(("latency", f"{latency_s:.2f} s"))
    for key, ms in (timings or {}).items():
        rows.append((key.removesuffix("_ms").replace("_", " "), f"{ms:.1f} ms"))
    return rows
