"""Cross-checking a verdict with cvc5: the same questions, asked of an independent solver in-process.

The problem goes to cvc5 as SMT-LIB text (a JSON program through its export): cvc5's
own parser reads the script's declarations and push/pop in order, and each asserted
term. Then every claim Z3 decided is decided again, with the same checks under
assumptions — P ∧ ¬φ and P ∧ φ (entail), or the assertions in scope (sat) — and
each per-check time limit (`tlimit-per`). cvc5 answers on its own: nothing of Z3's
answer, model or core is handed to it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from pot.errors import UsageError
from pot.logic.cross_check import Agreement, ClaimCheck, CrossCheck
from pot.logic.verdict import Semantics, Verdict
from pot.smtlib.decide import claims_of
from pot.smtlib.formats import ProgramFormat
from pot.smtlib.reader import Kind, Node, decode, read_commands
from pot.smtlib.script import Script, read_script

_REPLAYED = frozenset({
    "declare-sort", "define-sort", "declare-fun", "declare-const", "define-fun", "define-const", "define-fun-rec",
    "define-funs-rec", "declare-datatype", "declare-datatypes", "push", "pop",
})
"""The commands cvc5 runs as written: they shape the vocabulary and its scopes. Assertions are
parsed as terms and used as assumptions; set-logic is replaced by ALL, as Z3 reads every script."""

OPTIONS = {"mbqi": "true", "arrays-exp": "true"}
"""cvc5 options beyond its defaults: model-based quantifier instantiation, without which cvc5
answers `unknown` (incomplete) on nearly every satisfiable problem with a quantifier, and the
array extensions Z3 supports (constant arrays, which MBQI's models use)."""


def _import_cvc5() -> Any:
    try:
        import cvc5
    except ImportError:
        raise UsageError("the cross-check needs cvc5, which is not installed: pip install 'pot-toolkit[cvc5]'") \
            from None
    return cvc5


@dataclass
class _Answer:
    """cvc5's result on one check: 'sat', 'unsat' or 'unknown' (with its explanation)."""

    status: str
    why: str | None = None

    def __str__(self) -> str:
        return f"{self.status} ({self.why})" if self.why else self.status


@dataclass
class _Cvc5:
    """One cvc5 solver with its symbol manager and parser, for one script."""

    timeout_ms: int
    api: Any = field(init=False)
    version: str = field(init=False)

    def __post_init__(self) -> None:
        self.api = cvc5 = _import_cvc5()
        self.version = f"cvc5 {getattr(cvc5, '__version__', '')}".strip()
        self.tm = cvc5.TermManager()
        self.solver = cvc5.Solver(self.tm)
        self.solver.setOption("tlimit-per", str(self.timeout_ms))
        for key, value in OPTIONS.items():
            self.solver.setOption(key, value)
        self.solver.setLogic("ALL")
        self.symbols = cvc5.SymbolManager(self.tm)
        self.parser = cvc5.InputParser(self.solver, self.symbols)

    def run(self, command: str) -> None:
        """Run one command (a declaration, push or pop); RuntimeError when cvc5 rejects it."""
        self.parser.setStringInput(self.api.InputLanguage.SMT_LIB_2_6, command, "script")
        cmd = self.parser.nextCommand()
        if not cmd.isNull():
            out = cmd.invoke(self.solver, self.symbols)
            if out.lstrip().startswith("(error"):
                raise RuntimeError(out.strip())

    def term(self, text: str) -> Any:
        """A term in the declarations in scope; RuntimeError when cvc5 rejects it."""
        self.parser.setStringInput(self.api.InputLanguage.SMT_LIB_2_6, text, "script")
        return self.parser.nextTerm()

    def check(self, assumptions: list[Any]) -> _Answer:
        try:
            r = self.solver.checkSatAssuming(*assumptions) if assumptions else self.solver.checkSat()
        except RuntimeError as e:
            return _Answer("unknown", f"error: {_short(str(e))}")
        if r.isSat():
            return _Answer("sat")
        if r.isUnsat():
            return _Answer("unsat")
        return _Answer("unknown", str(r.getUnknownExplanation()).rsplit(".", 1)[-1].lower())

    def negate(self, term: Any) -> Any:
        return self.tm.mkTerm(self.api.Kind.NOT, term)


def _datatypes_2_6(text: str, node: Node) -> str | None:
    """Z3's legacy `(declare-datatypes () ((T c1 (c2 (s S)))))` in SMT-LIB 2.6 form, which cvc5 reads:
    `(declare-datatypes ((T 0)) ((c1 (c2 (s S)))))`; None when the command is not in the legacy form."""
    args = node.children[1:]
    if len(args) != 2 or args[0].kind != Kind.LIST or args[0].children or args[1].kind != Kind.LIST:
        return None
    types = args[1].children
    if not types or any(t.kind != Kind.LIST or not t.children or t.children[0].kind != Kind.SYMBOL for t in types):
        return None

    def constructor(c: Node) -> str:  # a nullary constructor is a list in 2.6: red -> (red)
        return text[c.start:c.end] if c.kind == Kind.LIST else f"({c.text})"

    names = " ".join(f"({t.children[0].text} 0)" for t in types)
    bodies = " ".join("(" + " ".join(constructor(c) for c in t.children[1:]) + ")" for t in types)
    return f"(declare-datatypes ({names}) ({bodies}))"


def _short(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= 200 else message[:197] + "..."


def _undecided_reason(answers: list[_Answer]) -> str:
    whys = [a.why or "unknown" for a in answers if a.status == "unknown"]
    why = whys[0] if whys else "unknown"
    return "timeout" if why in ("timeout", "resourceout") else why


def _entail_kind(neg: _Answer, pos: _Answer) -> str:
    """The verdict kind of two checks, as pot.smtlib.decide derives it from Z3's."""
    if neg.status == "unsat" and pos.status == "unsat":
        return "inconsistent"
    if neg.status == "unsat":
        return "proved"
    if pos.status == "unsat":
        return "refuted"
    if neg.status == "sat" and pos.status == "sat":
        return "unknown"
    return "undecided"


def _compare(z3_kind: str, kind: str) -> Agreement:
    if "undecided" in (z3_kind, kind):
        return Agreement.NOT_COMPARED
    return Agreement.AGREE if z3_kind == kind else Agreement.DISAGREE


class _Replay:
    """The script's commands replayed on cvc5, deciding each check-sat's claims where it occurs."""

    def __init__(self, text: str, script: Script, semantics: Semantics, solver: _Cvc5):
        self.text, self.script, self.semantics, self.cvc5 = text, script, semantics, solver
        self.terms: dict[int, Any] = {}  # assert command index -> cvc5 term
        self.unread: dict[int, str] = {}  # assert command index -> why cvc5 could not read it
        self.declaration_error: str | None = None  # the first declaration cvc5 rejected
        self.index_of = {a.index: i for i, a in enumerate(script.assertions)}

    def run(self) -> list[tuple[str, str, str | None]]:
        """(kind, reason, undecided_reason) per claim, in the order of the verdict's results."""
        commands, _ = read_commands(self.text)
        out: list[tuple[str, str, str | None]] = []
        asserts = checks = 0
        for command in commands:
            if command.name == "exit":
                break
            source = self.text[command.node.start:command.node.end]
            if command.name == "declare-datatypes":
                source = _datatypes_2_6(self.text, command.node) or source
            if command.name in _REPLAYED:
                try:
                    self.cvc5.run(source)
                except RuntimeError as e:  # matters only if an assertion uses what it declares
                    self.declaration_error = self.declaration_error or f"line {command.line}: {_short(str(e))}"
            elif command.name == "assert":
                self.assertion(asserts, command.node)
                asserts += 1
            elif command.name == "check-sat" and checks < len(self.script.checks):
                out += self.decide(checks)
                checks += 1
        return out

    def assertion(self, index: int, node: Node) -> None:
        if index not in self.index_of or len(node.children) < 2:
            return  # Z3 left it out too
        body = node.children[1]
        try:
            self.terms[index] = self.cvc5.term(self.text[body.start:body.end])
        except RuntimeError as e:
            why = f"cvc5 could not read assert[{index}] (line {node.line}): {_short(str(e))}"
            if self.declaration_error:  # most often the cause
                why += f", after rejecting the declaration at {self.declaration_error}"
            self.unread[index] = why

    def decide(self, k: int) -> list[tuple[str, str, str | None]]:
        check = self.script.checks[k]
        if self.semantics == Semantics.SAT:
            return [self.decide_sat([self.script.assertions[i].index for i in check.in_scope])]
        claims = claims_of(self.script, check)
        premises = [self.script.assertions[i].index for i in check.in_scope if i not in claims]
        return [self.decide_claim(premises, self.script.assertions[i].index) for i in claims]

    def missing(self, indices: list[int]) -> str | None:
        """Why cvc5 has no term for one of the assertions, if it has none."""
        return next((self.unread.get(i, f"assert[{i}] was not read") for i in indices if i not in self.terms), None)

    def decide_sat(self, in_scope: list[int]) -> tuple[str, str, str | None]:
        missing = self.missing(in_scope)
        if missing:
            return "undecided", missing, "unreadable"
        answer = self.cvc5.check([self.terms[i] for i in in_scope])
        kind = answer.status if answer.status in ("sat", "unsat") else "undecided"
        reason = f"{self.cvc5.version}: the assertions in scope are {answer}"
        return kind, reason, _undecided_reason([answer]) if kind == "undecided" else None

    def decide_claim(self, premises: list[int], claim: int) -> tuple[str, str, str | None]:
        missing = self.missing([*premises, claim])
        if missing:
            return "undecided", missing, "unreadable"
        terms = [self.terms[i] for i in premises]
        neg = self.cvc5.check([*terms, self.cvc5.negate(self.terms[claim])])
        pos = self.cvc5.check([*terms, self.terms[claim]])
        kind = _entail_kind(neg, pos)
        reason = f"{self.cvc5.version}: premises ∧ ¬claim {neg}, premises ∧ claim {pos}"
        return kind, reason, _undecided_reason([neg, pos]) if kind == "undecided" else None


def cross_check(verdict: Verdict, text: str, script: Script, *, timeout_ms: int) -> CrossCheck:
    """Decide the claims of `verdict` again with cvc5, from the script `text` Z3 read as `script`.

    Sets `cross_check` on each of the verdict's results and on the verdict; returns the latter.
    """
    t0 = time.perf_counter()
    solver = _Cvc5(timeout_ms)
    replay = _Replay(text, script, verdict.semantics, solver)
    answers = replay.run()
    if len(answers) != len(verdict.results):  # the script is not the one the verdict decided
        raise ValueError(f"the script has {len(answers)} claim(s), the verdict {len(verdict.results)}")
    counts = {a: 0 for a in Agreement}
    disagreements = []
    for result, (kind, reason, why) in zip(verdict.results, answers, strict=True):
        agreement = _compare(result.kind, kind)
        counts[agreement] += 1
        if agreement == Agreement.DISAGREE:
            disagreements.append(result.id)
        result.cross_check = ClaimCheck(solver.version, kind, agreement, reason, why)
    unread = next((reason for _, reason, why in answers if why == "unreadable"), None)
    verdict.cross_check = CrossCheck(
        solver.version, counts[Agreement.AGREE], counts[Agreement.DISAGREE], counts[Agreement.NOT_COMPARED],
        disagreements, unread, (time.perf_counter() - t0) * 1e3)
    return verdict.cross_check



def _script_text(source: object) -> str:
    """The text of an SMT-LIB script pot has already read (pot.api hands on a file's bytes)."""
    text, _ = decode(source) if isinstance(source, (str, bytes)) else (None, [])
    if text is None:
        raise ValueError("the script is not readable text")
    return text


def cross_check_program(verdict: Verdict, source: object, fmt: ProgramFormat, *, timeout_ms: int) -> CrossCheck:
    """Cross-check the verdict of a program with cvc5: an SMT-LIB script as written, a JSON program as exported."""
    _import_cvc5()  # before any work: a clear error when cvc5 is missing
    if fmt == ProgramFormat.SMT2:
        text = _script_text(source)
    else:
        from pot.smtlib.export import export_smt2

        text, _ = export_smt2(source)
    return cross_check(verdict, text, read_script(text), timeout_ms=timeout_ms)
