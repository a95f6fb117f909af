"""Type check a program: resolve every name, infer every sort, collect every problem."""

from __future__ import annotations

from dataclasses import dataclass, field

from pot.checker.symbols import Symbols, build_symbols, declare_variables
from pot.checker.terms import Formula, Term
from pot.checker.typecheck import Checker
from pot.dsl.parser import ExprSyntaxError, parse_expression
from pot.dsl.program import DSL_VERSION, Implication, Program
from pot.dsl.sorts import BOOL, Sort
from pot.errors import Diagnostic, error, errors_only, warning

MAX_FORMULAS = 5000
KNOWN_ACTIONS = ("verify_conditions", "optimize")


@dataclass
class Objective:
    maximize: bool
    text: str
    term: Term


@dataclass
class CheckedOptimization:
    variables: dict[str, Sort]
    constraints: list[Formula]
    objectives: list[Objective]


@dataclass
class CheckedProgram:
    """A program whose every expression is a typed term: what the compiler takes."""

    symbols: Symbols
    premises: list[Formula] = field(default_factory=list)
    claims: list[Formula] = field(default_factory=list)
    optimization: CheckedOptimization | None = None


class _Sites:
    """Parses and checks each expression site, recording diagnostics under its path."""

    def __init__(self, symbols: Symbols, diags: list[Diagnostic]):
        self.symbols, self.diags = symbols, diags
        self.checker = Checker(symbols, diags)

    def term(self, text: str, path: str, scope: dict[str, Sort], want_bool: bool = True) -> Term | None:
        try:
            node = parse_expression(text)
        except ExprSyntaxError as e:
            self.diags.append(error("syntax-error", path, e.message, e.hint, e.column))
            return None
        return self.checker.formula(node, path, scope, want_bool)

    def implication(self, imp: Implication, path: str, scope) -> Term | None:
        a = self.term(imp.antecedent, f"{path}.implies.antecedent", scope)
        c = self.term(imp.consequent, f"{path}.implies.consequent", scope)
        return Term("implies", BOOL, (a, c)) if a is not None and c is not None else None

    def quantified(self, entry, path: str, key: str) -> Term | None:
        """A rule or verification: optional inline forall/exists around implies/constraint."""
        decls = getattr(entry, key, None)
        scope = {}
        if decls is not None:
            scope = declare_variables(decls, f"{path}.{key}", self.symbols, self.diags)
            if scope is None:
                return None
        if entry.implies is not None:
            body = self.implication(entry.implies, path, scope)
        else:
            body = self.term(entry.constraint, f"{path}.constraint", scope)
        if body is None or not scope:
            return body
        return Term("forall" if key == "forall" else "exists", BOOL, (body,), tuple(scope.items()))


def _text(entry) -> str:
    """A rule or verification in one line, e.g. 'forall p: human(p) => mortal(p)'."""
    body = entry.constraint
    if entry.implies is not None:
        body = f"{entry.implies.antecedent} => {entry.implies.consequent}"
    for key in ("forall", "exists"):
        decls = getattr(entry, key, None)
        if decls:
            return f"{key} {', '.join(d.name for d in decls)}: {body}"
    return body


def check_program(program: Program) -> tuple[CheckedProgram | None, list[Diagnostic]]:
    """Return the typed program (None when there are errors) and all diagnostics."""
    symbols, diags = build_symbols(program)
    if errors_only(diags) and any(d.code == "too-many" for d in diags):
        return None, diags
    if program.dsl_version is not None and program.dsl_version.split(".")[0] != DSL_VERSION.split(".")[0]:
        diags.append(error("version", "dsl_version", f"unsupported dsl_version '{program.dsl_version}'",
                           f"this pot reads version {DSL_VERSION}"))
    for i, action in enumerate(program.actions):
        if action not in KNOWN_ACTIONS:
            diags.append(warning("unknown-action", f"actions[{i}]", f"unknown action '{action}' is ignored",
                                 "actions are verify_conditions and optimize"))
    total = len(program.knowledge_base) + len(program.rules) + len(program.verifications)
    if total > MAX_FORMULAS:
        diags.append(error("too-many", "knowledge_base", f"{total} facts, rules and verifications "
                                                         f"(limit {MAX_FORMULAS})", "split the problem"))
        return None, diags
    if not program.verifications:
        diags.append(error("nothing-to-verify", "verifications", "the program has no verification",
                           "add the claim to decide: \"verifications\": [{\"name\": ..., \"constraint\": ...}]"))

    sites = _Sites(symbols, diags)
    checked = CheckedProgram(symbols)
    for i, fact in enumerate(program.knowledge_base):
        path = f"knowledge_base[{i}]"
        term = sites.term(fact.assertion, path, {})
        if term is not None:
            text = fact.assertion if fact.value else f"Not({fact.assertion})"
            checked.premises.append(Formula(path, fact.name, text, term if fact.value else Term("not", BOOL, (term,))))
    for i, rule in enumerate(program.rules):
        path = f"rules[{i}]"
        term = sites.quantified(rule, path, "forall")
        if term is not None:
            checked.premises.append(Formula(path, rule.name, _text(rule), term))
    for i, ver in enumerate(program.verifications):
        path = f"verifications[{i}]"
        term = sites.quantified(ver, path, "exists" if ver.exists is not None else "forall")
        if term is not None:
            checked.claims.append(Formula(path, ver.name, _text(ver), term))
    if program.optimization is not None and "optimize" in program.actions:
        checked.optimization = _optimization(program, sites)
    elif program.optimization is not None and (program.optimization.constraints or program.optimization.objectives):
        diags.append(warning("optimization-ignored", "optimization", "the optimization section is not solved",
                             "add \"optimize\" to \"actions\" to solve it"))
    if errors_only(diags):
        return None, diags
    return checked, diags


def _optimization(program: Program, sites: _Sites) -> CheckedOptimization | None:
    opt = program.optimization
    scope = {}
    if opt.variables:
        scope = declare_variables(opt.variables, "optimization.variables", sites.symbols, sites.diags) or {}
    constraints = []
    for i, text in enumerate(opt.constraints):
        path = f"optimization.constraints[{i}]"
        term = sites.term(text, path, scope)
        if term is not None:
            constraints.append(Formula(path, None, text, term))
    objectives = []
    for i, obj in enumerate(opt.objectives):
        path = f"optimization.objectives[{i}].expression"
        term = sites.term(obj.expression, path, scope, want_bool=False)
        if term is not None:
            if not (term.sort.numeric or term.sort.kind == "BitVec"):
                sites.diags.append(error("not-numeric", path, f"an objective must be a number, got {term.sort}"))
                continue
            objectives.append(Objective(obj.type == "maximize", obj.expression, term))
    return CheckedOptimization(scope, constraints, objectives)
