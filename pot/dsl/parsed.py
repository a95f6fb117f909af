"""A whole program parsed once: every expression site as a located AST.

This is the stage between loading (JSON → `Program`) and checking: it parses each
expression string of the program — facts, rule and verification bodies, optimization
constraints and objectives — and keeps, for each, where it is (`path`), what it says
(`text`), and either its AST or its syntax error. Every syntax error of the program is
found here, at once; the checker takes this output and never calls the parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pot.dsl.ast import Node
from pot.dsl.parser import ExprSyntaxError, parse_expression
from pot.dsl.program import MAX_FORMULAS, Implication, Program, Rule, Verification
from pot.errors import Diagnostic, error
from pot.frozen import Frozen, init_field

MAX_EXPRESSION_CHARACTERS = 100_000
"""Characters in all the expressions of a program (the largest real program holds 1,437);
past it nothing is parsed. Each expression is also held to MAX_EXPRESSION_LENGTH, but
fifty expressions of 6,000 prefix signs took a second to read before each was refused
as too deep."""


class Expr(Frozen):
    """One expression site: its AST, or (`node` None) the syntax error found in it."""

    __slots__ = ("error", "node", "path", "text")
    path: str
    text: str
    node: Node | None
    error: Diagnostic | None

    def __init__(self, path: str, text: str, node: Node | None, error: Diagnostic | None = None) -> None:
        init_field(self, "path", path)
        init_field(self, "text", text)
        init_field(self, "node", node)
        init_field(self, "error", error)


class Implies(Frozen):
    __slots__ = ("antecedent", "consequent")
    antecedent: Expr
    consequent: Expr

    def __init__(self, antecedent: Expr, consequent: Expr) -> None:
        init_field(self, "antecedent", antecedent)
        init_field(self, "consequent", consequent)


class Entry(Frozen):
    """A rule or a verification, with its body (a constraint or an implication) parsed."""

    __slots__ = ("body", "path", "source")
    path: str
    source: Rule | Verification
    body: Expr | Implies

    def __init__(self, path: str, source: Rule | Verification, body: Expr | Implies) -> None:
        init_field(self, "path", path)
        init_field(self, "source", source)
        init_field(self, "body", body)


@dataclass
class ParsedProgram:
    program: Program
    facts: list[Expr] = field(default_factory=list)
    rules: list[Entry] = field(default_factory=list)
    verifications: list[Entry] = field(default_factory=list)
    constraints: list[Expr] = field(default_factory=list)  # optimization.constraints
    objectives: list[Expr] = field(default_factory=list)  # optimization.objectives[i].expression
    too_large: Diagnostic | None = None  # the expressions hold too many characters: none was parsed

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every syntax error, in program order (or only `too_large`)."""
        if self.too_large is not None:
            return [self.too_large]
        return [e.error for e in self.expressions() if e.error is not None]

    def expressions(self) -> list[Expr]:
        out = list(self.facts)
        for entry in (*self.rules, *self.verifications):
            body = entry.body
            out += [body.antecedent, body.consequent] if isinstance(body, Implies) else [body]
        return out + self.constraints + self.objectives


def formula_count(program: Program) -> int:
    return len(program.knowledge_base) + len(program.rules) + len(program.verifications)


def parse_site(text: str, path: str) -> Expr:
    try:
        return Expr(path, text, parse_expression(text))
    except ExprSyntaxError as e:
        return Expr(path, text, None, error(e.code, path, e.message, e.hint, e.column))


def _entry(entry: Rule | Verification, path: str) -> Entry:
    imp: Implication | None = entry.implies
    if imp is not None:
        return Entry(path, entry, Implies(parse_site(imp.antecedent, f"{path}.implies.antecedent"),
                                          parse_site(imp.consequent, f"{path}.implies.consequent")))
    assert entry.constraint is not None  # the program model requires one of the two
    return Entry(path, entry, parse_site(entry.constraint, f"{path}.constraint"))


def _texts(program: Program) -> list[tuple[str, str]]:
    """(path, text) of every expression site, in program order."""
    out = [(f"knowledge_base[{i}]", f.assertion) for i, f in enumerate(program.knowledge_base)]
    entries: list[tuple[str, Rule | Verification]] = [(f"rules[{i}]", r) for i, r in enumerate(program.rules)]
    entries += [(f"verifications[{i}]", v) for i, v in enumerate(program.verifications)]
    for path, entry in entries:
        if entry.implies is not None:
            out += [(f"{path}.implies.antecedent", entry.implies.antecedent),
                    (f"{path}.implies.consequent", entry.implies.consequent)]
        else:
            out.append((f"{path}.constraint", entry.constraint or ""))
    opt = program.optimization
    if opt is not None:
        out += [(f"optimization.constraints[{i}]", t) for i, t in enumerate(opt.constraints)]
        out += [(f"optimization.objectives[{i}].expression", o.expression) for i, o in enumerate(opt.objectives)]
    return out


def _too_many_characters(program: Program) -> Diagnostic | None:
    """A `too-large` error at the expression that takes the program past MAX_EXPRESSION_CHARACTERS."""
    texts = _texts(program)
    total = sum(len(text) for _, text in texts)
    if total <= MAX_EXPRESSION_CHARACTERS:
        return None
    seen = 0
    for path, text in texts:
        seen += len(text)
        if seen > MAX_EXPRESSION_CHARACTERS:
            return error("too-large", path, f"the program's expressions hold {total} characters in all "
                         f"(limit {MAX_EXPRESSION_CHARACTERS}); this one passes the limit",
                         "split the problem into smaller programs")
    raise AssertionError("unreachable: the total is over the limit")


def parse_program(program: Program) -> ParsedProgram:
    """Parse every expression of `program` (none when it has more than MAX_FORMULAS formulas)."""
    parsed = ParsedProgram(program)
    if formula_count(program) > MAX_FORMULAS:  # the checker refuses it; don't spend time parsing
        return parsed
    parsed.too_large = _too_many_characters(program)
    if parsed.too_large is not None:
        return parsed
    parsed.facts = [parse_site(f.assertion, f"knowledge_base[{i}]") for i, f in enumerate(program.knowledge_base)]
    parsed.rules = [_entry(r, f"rules[{i}]") for i, r in enumerate(program.rules)]
    parsed.verifications = [_entry(v, f"verifications[{i}]") for i, v in enumerate(program.verifications)]
    opt = program.optimization
    if opt is not None:
        parsed.constraints = [parse_site(t, f"optimization.constraints[{i}]") for i, t in enumerate(opt.constraints)]
        parsed.objectives = [parse_site(o.expression, f"optimization.objectives[{i}].expression")
                             for i, o in enumerate(opt.objectives)]
    return parsed
