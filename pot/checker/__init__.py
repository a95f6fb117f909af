"""Type check a parsed program: symbols first, then every expression, every problem collected.

Takes the parse stage's output (`pot.dsl.parsed.ParsedProgram`) and returns the
intermediate form (`pot.ir.CheckedProgram`) the compiler takes, with all diagnostics.
"""

from __future__ import annotations

import dataclasses

from pot.checker.encoding import unencodable_text
from pot.checker.symbols import Symbols, build_symbols, declare_variables, too_many_declarations
from pot.checker.typecheck import Checker
from pot.dsl.parsed import Entry, Expr, Implies, ParsedProgram, formula_count, parse_site
from pot.dsl.program import DSL_VERSION, Fact, Program, Rule, Verification, too_many_formulas
from pot.dsl.sorts import BOOL, Sort
from pot.errors import Diagnostic, error, errors_only, warning
from pot.ir import (
    Apply,
    BoolVal,
    CheckedOptimization,
    CheckedProgram,
    Formula,
    Objective,
    Op,
    Quantifier,
    Term,
    Vocabulary,
)

KNOWN_ACTIONS = ("verify_conditions", "optimize")


class _Sites:
    """Checks each parsed expression site, recording diagnostics under its path."""

    def __init__(self, symbols: Symbols, diags: list[Diagnostic]):
        self.symbols, self.diags = symbols, diags
        self.checker = Checker(symbols, diags)

    def term(self, expr: Expr, scope: dict[str, Sort], want_bool: bool = True) -> Term | None:
        if expr.node is None:  # a syntax error, reported where the site is checked
            if expr.error is not None:
                self.diags.append(expr.error)
            return None
        return self.checker.formula(expr.node, expr.path, scope, want_bool)

    def body(self, body: Expr | Implies, scope: dict[str, Sort]) -> Term | None:
        if isinstance(body, Expr):
            return self.term(body, scope)
        a = self.term(body.antecedent, scope)
        c = self.term(body.consequent, scope)
        return Apply(Op.IMPLIES, BOOL, (a, c)) if a is not None and c is not None else None

    def quantified(self, entry: Entry, key: str) -> Term | None:
        """A rule or verification: optional inline forall/exists around implies/constraint."""
        decls = getattr(entry.source, key, None)
        scope: dict[str, Sort] = {}
        if decls is not None:
            declared = declare_variables(decls, f"{entry.path}.{key}", self.symbols, self.diags)
            if declared is None:
                return None
            scope = declared
        body = self.body(entry.body, scope)
        if body is None or not scope:
            return body
        return Quantifier(Op.FORALL if key == "forall" else Op.EXISTS, tuple(scope.items()), body)


def _text(entry: Rule | Verification) -> str:
    """A rule or verification in one line, e.g. 'forall p: human(p) => mortal(p)'."""
    body = entry.constraint or ""
    if entry.implies is not None:
        body = f"{entry.implies.antecedent} => {entry.implies.consequent}"
    for key in ("forall", "exists"):
        decls = getattr(entry, key, None)
        if decls:
            return f"{key} {', '.join(d.name for d in decls)}: {body}"
    return body


def _program_diagnostics(program: Program, diags: list[Diagnostic]) -> bool:
    """Version, actions and size; False when the program is too large to check."""
    if program.dsl_version is not None and program.dsl_version.split(".")[0] != DSL_VERSION.split(".")[0]:
        diags.append(error("version", "dsl_version", f"unsupported dsl_version '{program.dsl_version}'",
                           f"this pot reads version {DSL_VERSION}"))
    for i, action in enumerate(program.actions):
        if action not in KNOWN_ACTIONS:
            diags.append(warning("unknown-action", f"actions[{i}]", f"unknown action '{action}' is ignored",
                                 "actions are verify_conditions and optimize"))
    too_many = too_many_formulas(formula_count(program))
    if too_many:
        diags += too_many
        return False
    if not program.verifications:
        diags.append(error("nothing-to-verify", "verifications", "the program has no verification",
                           "add the claim to decide: \"verifications\": [{\"name\": ..., \"constraint\": ...}]"))
    return True


STATEMENT_NAME_CHARACTERS = 20_000
"""How many characters of fact names are read as statements, in all (names are outside the
expressions' own budget; an LLM's statement names are a few dozen characters each)."""


def _constant_facts(facts: list[tuple[Fact, bool, str]], symbols: Symbols) -> list[Diagnostic]:
    """Facts that are the constant True or False, as (fact, whether it holds, path): False
    contradicts every other premise (the program would prove anything), True says nothing. Small
    models write the statement in the fact's `name` and its truth in `assertion`; then the hint
    is the fact they meant."""
    diags, budget = [], STATEMENT_NAME_CHARACTERS
    for fact, holds, path in facts:
        meant = None
        if fact.name and len(fact.name) <= budget:
            budget -= len(fact.name)
            meant = fact.name if _is_formula(fact.name, path, symbols) else None
        diags.append(_constant_fact(holds, meant, path))
    return diags


def _constant_fact(holds: bool, meant: str | None, path: str) -> Diagnostic:
    if not holds:
        hint = (f"to state that '{meant}' is false, write \"assertion\": \"Not({meant})\"" if meant else
                "write the statement that is false, negated: \"assertion\": \"Not(...)\"")
        return error("constant-fact", path, "this fact is the constant False: it contradicts every other premise, "
                     "so the program would prove anything", hint)
    if meant:
        return error("constant-fact", path, f"this fact is the constant True: the statement '{meant}' is only its "
                     "name, so the solver never sees it", f"write \"assertion\": \"{meant}\"")
    return warning("constant-fact", path, "this fact is the constant True: it states nothing",
                   "remove it, or write the statement it stands for")


def _is_formula(text: str, path: str, symbols: Symbols) -> bool:
    """Whether `text` reads as a Bool formula over the program's declarations."""
    expr = parse_site(text, path)
    return expr.node is not None and Checker(symbols, []).formula(expr.node, path, {}) is not None


def _plain(value: object) -> object:
    """A program as plain dicts and lists for the encoding scan (`dataclasses.asdict` deep-copies
    every leaf: seconds on a program of a few MB)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def check_program(parsed: ParsedProgram) -> tuple[CheckedProgram | None, list[Diagnostic]]:
    """Return the typed program (None when there are errors) and all diagnostics."""
    program = parsed.program
    too_many = too_many_declarations(program)  # counted first: a program over the limits is refused unread
    if too_many:
        return None, too_many
    if parsed.too_large is not None:  # its expressions were not parsed
        return None, [parsed.too_large]
    unencodable = unencodable_text(_plain(program))
    if unencodable:  # alone: other diagnostics would quote that text, and could not be printed either
        return None, unencodable
    symbols, diags = build_symbols(program)
    if errors_only(diags) and any(d.code == "too-many" for d in diags):
        return None, diags
    if not _program_diagnostics(program, diags):
        return None, diags

    sites = _Sites(symbols, diags)
    checked = CheckedProgram(Vocabulary(symbols.declared, symbols.functions, symbols.constants))
    constant: list[tuple[Fact, bool, str]] = []
    for fact, expr in zip(program.knowledge_base, parsed.facts, strict=True):
        term = sites.term(expr, {})
        if isinstance(term, BoolVal):
            constant.append((fact, term.value == fact.value, expr.path))
        if term is not None:
            text = fact.assertion if fact.value else f"Not({fact.assertion})"
            checked.premises.append(Formula(expr.path, fact.name, text,
                                            term if fact.value else Apply(Op.NOT, BOOL, (term,))))
    diags += _constant_facts(constant, symbols)
    for entry in parsed.rules:
        term = sites.quantified(entry, "forall")
        if term is not None:
            checked.premises.append(Formula(entry.path, entry.source.name, _text(entry.source), term))
    for entry in parsed.verifications:
        assert isinstance(entry.source, Verification)
        term = sites.quantified(entry, "exists" if entry.source.exists is not None else "forall")
        if term is not None:
            checked.claims.append(Formula(entry.path, entry.source.name, _text(entry.source), term))
    opt = program.optimization
    if opt is not None and "optimize" in program.actions:
        checked.optimization = _optimization(parsed, sites)
    elif opt is not None and (opt.constraints or opt.objectives):
        diags.append(warning("optimization-ignored", "optimization", "the optimization section is not solved",
                             "add \"optimize\" to \"actions\" to solve it"))
    if errors_only(diags):
        return None, diags
    return checked, diags


def _optimization(parsed: ParsedProgram, sites: _Sites) -> CheckedOptimization:
    opt = parsed.program.optimization
    assert opt is not None
    scope: dict[str, Sort] = {}
    if opt.variables:
        scope = declare_variables(opt.variables, "optimization.variables", sites.symbols, sites.diags) or {}
    constraints = []
    for expr in parsed.constraints:
        term = sites.term(expr, scope)
        if term is not None:
            constraints.append(Formula(expr.path, None, expr.text, term))
    objectives = []
    for obj, expr in zip(opt.objectives, parsed.objectives, strict=True):
        term = sites.term(expr, scope, want_bool=False)
        if term is not None:
            if not term.sort.arithmetic:
                sites.diags.append(error("not-numeric", expr.path, f"an objective must be a number, got {term.sort}"))
                continue
            objectives.append(Objective(obj.type == "maximize", obj.expression, term))
    return CheckedOptimization(scope, constraints, objectives)
