"""Cross-checking a verdict with cvc5: the same questions, asked of an independent solver.

The problem goes to cvc5 as SMT-LIB text (a JSON program through its export), with the
questions Z3 decided — per claim P ∧ ¬φ and P ∧ φ (entail), or the assertions in scope
(sat) — and cvc5 answers them on its own (pot.smtlib.cvc5_replay). It does so in a child
process, which this module keeps for the next cross-check: cvc5 does not stop at its time
limit in some computations and has no memory cap of its own, so the child has an
address-space limit (the solver's, POT_Z3_MEMORY_MB) and is stopped when it stays silent
well past a check's time limit (`overdue_s`). The claims it had not answered by then are
not compared, and the verdict says why.
"""

from __future__ import annotations

import importlib.util
import json
import queue
import subprocess
import sys
import threading
import time
from typing import Any

from pot.children import child_env, stop_child
from pot.errors import UsageError
from pot.logic.cross_check import Agreement, ClaimCheck, CrossCheck
from pot.logic.setup import MEMORY_VARIABLE, memory_cap_mb
from pot.logic.verdict import Semantics, Verdict
from pot.smtlib.cvc5_replay import Answer, Question
from pot.smtlib.decide import claims_of
from pot.smtlib.formats import ProgramFormat
from pot.smtlib.reader import decode
from pot.smtlib.script import Script, read_script

START_S = 30.0
"""How long a new child may take to start (Python, pot's reader, cvc5) before it is given up:
a fraction of a second on an idle machine."""


def overdue_s(timeout_ms: int) -> float:
    """How long the child may stay silent in a check before it is stopped: twice the check's time
    limit and a second. cvc5 looks at its clock less often than Z3 (0.25 s past a 5 s limit on an
    idle machine, more under load), and only a computation it cannot interrupt runs this long."""
    return 2 * timeout_ms / 1000 + 1.0


def require_cvc5() -> None:
    """UsageError when cvc5 is not installed: said once, before any work."""
    if importlib.util.find_spec("cvc5") is None:
        raise UsageError("the cross-check needs cvc5, which is not installed: pip install 'pot-toolkit[cvc5]'")


def _compare(z3_kind: str, kind: str) -> Agreement:
    if "undecided" in (z3_kind, kind):
        return Agreement.NOT_COMPARED
    return Agreement.AGREE if z3_kind == kind else Agreement.DISAGREE


def questions_of(script: Script, semantics: Semantics) -> list[list[Question]]:
    """The questions of each check-sat, as Z3 decided them: a claim against the other assertions
    in scope (entail), or the assertions in scope (sat); indices among the assert commands."""
    out: list[list[Question]] = []
    for check in script.checks:
        scope = [script.assertions[i].index for i in check.in_scope]
        if semantics == Semantics.SAT:
            out.append([(scope, None)])
            continue
        claims = claims_of(script, check)
        premises = [script.assertions[i].index for i in check.in_scope if i not in claims]
        out.append([(premises, script.assertions[i].index) for i in claims])
    return out


class _Child:
    """A cvc5 process (pot.smtlib.cvc5_replay) and the events it has sent."""

    def __init__(self, memory_mb: int):
        self.memory_mb = memory_mb
        self.process = subprocess.Popen([sys.executable, "-m", "pot.smtlib.cvc5_replay", str(memory_mb)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        env=child_env())
        self.events: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.solver = ""

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                break
            self.events.put(event if isinstance(event, dict) else {})
        self.events.put(None)  # the process ended, or wrote what is not an event

    def next(self, wait_s: float) -> dict[str, Any] | None:
        """The next event; None when the process ended; raises queue.Empty after `wait_s` of silence."""
        return self.events.get(timeout=wait_s)

    def started(self) -> bool:
        """Whether the process came up: its first event names the solver."""
        try:
            event = self.next(START_S)
        except queue.Empty:
            event = None
        self.solver = str((event or {}).get("solver") or "")
        return bool(self.solver)

    def ask(self, text: str, checks: list[list[Question]], timeout_ms: int) -> None:
        assert self.process.stdin is not None
        request = {"text": text, "timeout_ms": timeout_ms, "checks": checks}
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        stop_child(self.process)


class _Children:
    """The idle cvc5 processes, kept for the next cross-check; stopped at exit."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.idle: list[_Child] = []
        self.exit_hook = False

    def take(self, memory_mb: int) -> _Child:
        with self.lock:
            while self.idle:
                child = self.idle.pop()
                if child.process.poll() is None and child.memory_mb == memory_mb:
                    return child
                child.stop()
        child = _Child(memory_mb)
        if not child.started():
            child.stop()
            raise UsageError(f"the cross-check's cvc5 process did not start (exit code {child.process.poll()}); "
                             f"see what fails in: {sys.executable} -c 'import cvc5'")
        return child

    def give_back(self, child: _Child) -> None:
        with self.lock:
            if not self.exit_hook:
                import atexit

                atexit.register(self.close)
                self.exit_hook = True
            self.idle.append(child)

    def close(self) -> None:
        with self.lock:
            idle, self.idle = self.idle, []
        for child in idle:
            child.stop()


_children = _Children()


def _answers(text: str, checks: list[list[Question]], timeout_ms: int,
             memory_mb: int) -> tuple[str, list[Answer], Answer | None]:
    """cvc5's name, its answers in order, and when it stopped short, the answer of every question
    left: undecided, with why."""
    child = _children.take(memory_mb)
    child.ask(text, checks, timeout_ms)
    answers: list[Answer] = []
    while True:
        try:
            event = child.next(overdue_s(timeout_ms))
        except queue.Empty:
            child.stop()
            return child.solver, answers, ("undecided", f"{child.solver} did not stop at the time limit "
                                           f"(a computation it cannot interrupt); pot stopped it at "
                                           f"{overdue_s(timeout_ms):g} s", "timeout")
        if event is None or event.get("memory"):
            child.stop()
            why = (f"{child.solver} ran out of memory (the cap is {memory_mb} MB, {MEMORY_VARIABLE})"
                   if event else f"{child.solver}'s process ended without an answer (exit code {child.process.poll()})")
            return child.solver, answers, ("undecided", why, "memory-limit" if event else "error: process ended")
        if "answer" in event:
            kind, reason, why = event["answer"]
            answers.append((kind, reason, why))
        elif "error" in event:
            _children.give_back(child)
            raise RuntimeError(f"the cross-check failed in pot: {event['error']}")
        elif event.get("end"):
            _children.give_back(child)
            return child.solver, answers, None


def cross_check(verdict: Verdict, text: str, script: Script, *, timeout_ms: int,
                memory_mb: int | None = None) -> CrossCheck:
    """Decide the claims of `verdict` again with cvc5, from the script `text` Z3 read as `script`.

    Sets `cross_check` on each of the verdict's results and on the verdict; returns the latter.
    cvc5's memory cap is `memory_mb` (default: the solver's, POT_Z3_MEMORY_MB). Raises UsageError
    when cvc5 is not installed.
    """
    require_cvc5()
    t0 = time.perf_counter()
    checks = questions_of(script, verdict.semantics)
    asked = sum(len(questions) for questions in checks)
    if asked != len(verdict.results):  # the script is not the one the verdict decided
        raise ValueError(f"the script has {asked} claim(s), the verdict {len(verdict.results)}")
    solver, answers, stopped = _answers(text, checks, timeout_ms, memory_mb or memory_cap_mb())
    if stopped is not None:
        answers += [stopped] * (asked - len(answers))
    elif len(answers) != asked:
        raise RuntimeError(f"cvc5 answered {len(answers)} of {asked} questions")
    counts = {a: 0 for a in Agreement}
    disagreements = []
    for result, (kind, reason, why) in zip(verdict.results, answers, strict=True):
        agreement = _compare(result.kind, kind)
        counts[agreement] += 1
        if agreement == Agreement.DISAGREE:
            disagreements.append(result.id)
        result.cross_check = ClaimCheck(solver, kind, agreement, reason, why)
    unread = next((reason for _, reason, why in answers if why == "unreadable"), None)
    error = stopped[1] if stopped else unread
    verdict.cross_check = CrossCheck(
        solver, counts[Agreement.AGREE], counts[Agreement.DISAGREE], counts[Agreement.NOT_COMPARED],
        disagreements, error, (time.perf_counter() - t0) * 1e3)
    return verdict.cross_check


def _script_text(source: object) -> str:
    """The text of an SMT-LIB script pot has already read (pot.api hands on a file's bytes)."""
    text, _ = decode(source) if isinstance(source, (str, bytes)) else (None, [])
    if text is None:
        raise ValueError("the script is not readable text")
    return text


def cross_check_program(verdict: Verdict, source: object, fmt: ProgramFormat, *, timeout_ms: int,
                        memory_mb: int | None = None) -> CrossCheck:
    """Cross-check the verdict of a program with cvc5: an SMT-LIB script as written, a JSON program as exported."""
    require_cvc5()  # before any work: a clear error when cvc5 is missing
    if fmt == ProgramFormat.SMT2:
        text = _script_text(source)
    else:
        from pot.smtlib.export import export_smt2

        text, _ = export_smt2(source)
    return cross_check(verdict, text, read_script(text), timeout_ms=timeout_ms, memory_mb=memory_mb)
