"""cvc5 deciding a script's questions again, in a child process of the cross-check.

The script goes to cvc5 as SMT-LIB text: cvc5's own parser reads its declarations and
push/pop in order, and each asserted term. At each check-sat the questions the parent
derived from Z3's reading are asked — P ∧ ¬φ and P ∧ φ per claim (entail), or the
assertions in scope (sat) — each check with cvc5's per-check time limit (`tlimit-per`).
cvc5 answers on its own: nothing of Z3's answer, model or core is handed to it.

This runs in its own process (`python -m pot.smtlib.cvc5_replay`) because cvc5 does not
always stop at its time limit (`(^ 3 10000000)` is computed without a checkpoint) and has
no memory cap of its own: the process takes an address-space limit, and the parent stops
it when it falls silent past a check's time limit. It reads one JSON request per line and
answers with JSON event lines (see `serve`); nothing is pickled.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from typing import IO, Any

from pot.smtlib.reader import Kind, Node, read_commands

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

BEAT_S = 0.1
"""The longest the child stays silent while it works between checks: the parent counts a
check's time limit from the child's last line."""

Question = tuple[list[int], int | None]
"""(premises, claim) as indices among the script's assert commands; claim None: are the premises satisfiable?"""

Answer = tuple[str, str, str | None]
"""(kind, reason, undecided_reason) of one question, as the cross-check records it."""


class _Events:
    """The reply channel: one JSON object per line, flushed at once."""

    def __init__(self, out: IO[bytes]):
        self.out, self.last = out, time.monotonic()

    def send(self, **event: Any) -> None:
        self.out.write(json.dumps(event).encode() + b"\n")
        self.out.flush()
        self.last = time.monotonic()

    def beat(self, *, now: bool = False) -> None:
        """Tell the parent the child is working (always before a check, else at most every BEAT_S)."""
        if now or time.monotonic() - self.last >= BEAT_S:
            self.send(busy=True)


class _Cvc5:
    """One cvc5 solver with its symbol manager and parser, for one script."""

    def __init__(self, cvc5: Any, timeout_ms: int, events: _Events):
        self.api, self.events = cvc5, events
        self.version = cvc5_version(cvc5)
        self.tm = cvc5.TermManager()
        self.solver = cvc5.Solver(self.tm)
        self.solver.setOption("tlimit-per", str(timeout_ms))
        for key, value in OPTIONS.items():
            self.solver.setOption(key, value)
        self.solver.setLogic("ALL")
        self.symbols = cvc5.SymbolManager(self.tm)
        self.parser = cvc5.InputParser(self.solver, self.symbols)
        self.failed = False  # a check raised: cvc5's answers after one are not sound

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

    def check(self, assumptions: list[Any]) -> tuple[str, str | None]:
        """'sat', 'unsat' or 'unknown', and why when unknown.

        A check that raises leaves cvc5 in a state that answers later checks wrongly (measured:
        `unsat` for a lone satisfiable atom after a rejected `(^ 2 n)`), so after one every check
        of this solver is `unknown`, not run, and says why."""
        if self.failed:
            return "unknown", "error: not asked, after cvc5 failed an earlier check of this script"
        self.events.beat(now=True)
        try:
            r = self.solver.checkSatAssuming(*assumptions) if assumptions else self.solver.checkSat()
        except RuntimeError as e:
            self.failed = True
            return "unknown", f"error: {_short(str(e))}"
        if r.isSat():
            return "sat", None
        if r.isUnsat():
            return "unsat", None
        return "unknown", str(r.getUnknownExplanation()).rsplit(".", 1)[-1].lower()

    def negate(self, term: Any) -> Any:
        return self.tm.mkTerm(self.api.Kind.NOT, term)


def cvc5_version(cvc5: Any) -> str:
    return f"cvc5 {getattr(cvc5, '__version__', '')}".strip()


def _said(answer: tuple[str, str | None]) -> str:
    status, why = answer
    return f"{status} ({why})" if why else status


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


def _undecided_reason(answers: list[tuple[str, str | None]]) -> str:
    whys = [why or "unknown" for status, why in answers if status == "unknown"]
    why = whys[0] if whys else "unknown"
    return "timeout" if why in ("timeout", "resourceout") else why


def _entail_kind(neg: str, pos: str) -> str:
    """The verdict kind of two checks' statuses, as pot.smtlib.decide derives it from Z3's."""
    if neg == "unsat" and pos == "unsat":
        return "inconsistent"
    if neg == "unsat":
        return "proved"
    if pos == "unsat":
        return "refuted"
    if neg == "sat" and pos == "sat":
        return "unknown"
    return "undecided"


class _Replay:
    """The script's commands replayed on cvc5, answering each check-sat's questions where it occurs."""

    def __init__(self, text: str, checks: list[list[Question]], solver: _Cvc5, events: _Events):
        self.text, self.checks, self.cvc5, self.events = text, checks, solver, events
        self.used = {i for questions in checks for premises, claim in questions
                     for i in [*premises, *([] if claim is None else [claim])]}
        self.terms: dict[int, Any] = {}  # assert command index -> cvc5 term
        self.unread: dict[int, str] = {}  # assert command index -> why cvc5 could not read it
        self.declaration_error: str | None = None  # the first declaration cvc5 rejected

    def run(self) -> None:
        """Send one `answer` event per question, in order."""
        commands, _ = read_commands(self.text)
        asserts = checks = 0
        for command in commands:
            self.events.beat()
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
            elif command.name == "check-sat" and checks < len(self.checks):
                for premises, claim in self.checks[checks]:
                    self.events.send(answer=self.decide(premises, claim))
                checks += 1

    def assertion(self, index: int, node: Node) -> None:
        if index not in self.used or len(node.children) < 2:
            return  # no question needs it (Z3 left it out, or it is out of every check's scope)
        body = node.children[1]
        try:
            self.terms[index] = self.cvc5.term(self.text[body.start:body.end])
        except RuntimeError as e:
            why = f"cvc5 could not read assert[{index}] (line {node.line}): {_short(str(e))}"
            if self.declaration_error:  # most often the cause
                why += f", after rejecting the declaration at {self.declaration_error}"
            self.unread[index] = why

    def decide(self, premises: list[int], claim: int | None) -> Answer:
        needed = premises if claim is None else [*premises, claim]
        missing = next((self.unread.get(i, f"assert[{i}] was not read") for i in needed if i not in self.terms), None)
        if missing:
            return "undecided", missing, "unreadable"
        terms = [self.terms[i] for i in premises]
        if claim is None:
            answer = self.cvc5.check(terms)
            kind = answer[0] if answer[0] in ("sat", "unsat") else "undecided"
            reason = f"{self.cvc5.version}: the assertions in scope are {_said(answer)}"
            return kind, reason, _undecided_reason([answer]) if kind == "undecided" else None
        neg = self.cvc5.check([*terms, self.cvc5.negate(self.terms[claim])])
        pos = self.cvc5.check([*terms, self.terms[claim]])
        kind = _entail_kind(neg[0], pos[0])
        reason = f"{self.cvc5.version}: premises ∧ ¬claim {_said(neg)}, premises ∧ claim {_said(pos)}"
        return kind, reason, _undecided_reason([neg, pos]) if kind == "undecided" else None


def serve(requests: IO[bytes], replies: IO[bytes], memory_mb: int | None) -> None:
    """Answer requests until the input ends or cvc5 runs out of memory.

    A request is {"text", "timeout_ms", "checks"} (the questions of each check-sat, in order).
    Events: {"solver": version} once at the start; then per request {"busy": true} while
    working, {"answer": [kind, reason, undecided_reason]} per question, and {"end": true};
    {"memory": true} (and the process ends) when cvc5 exceeds the memory cap; {"error": text}
    when pot's replay fails."""
    if memory_mb is not None:
        _cap_memory(memory_mb)
    import cvc5

    events = _Events(replies)
    events.send(solver=cvc5_version(cvc5))
    for line in requests:
        try:
            request = json.loads(line)
            checks = [[(list(premises), claim) for premises, claim in questions] for questions in request["checks"]]
            _Replay(request["text"], checks, _Cvc5(cvc5, request["timeout_ms"], events), events).run()
        except MemoryError:  # cvc5's std::bad_alloc: its state is not to be trusted after it
            events.send(memory=True)
            return
        except Exception as exc:  # a bug in pot: the parent raises it, this process serves on
            events.send(error=f"{type(exc).__name__}: {exc}")
            continue
        events.send(end=True)


def _cap_memory(memory_mb: int) -> None:
    """Limit this process's address space: cvc5 then fails an allocation (MemoryError) past it."""
    with contextlib.suppress(ImportError, ValueError, OSError):  # no such limit on this platform
        import resource

        cap = memory_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def main() -> None:
    # the reply channel carries events only: whatever else writes to standard output, Python or
    # cvc5's C++ code, writes to standard error
    sys.stdout.flush()
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else None
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):  # the parent is gone
        serve(sys.stdin.buffer, replies, memory_mb)


if __name__ == "__main__":
    main()
