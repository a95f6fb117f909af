"""Check and verify SMT-LIB 2 scripts: the SMT-LIB counterparts of pot.api's check and verify."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import z3

from pot.errors import Diagnostic, ProgramError, Severity, error, warning
from pot.logic.deadline import Deadline
from pot.logic.setup import configure_solver
from pot.logic.verdict import Semantics, Verdict
from pot.smtlib.reader import MAX_BYTES
from pot.smtlib.script import Script, read_script


def load_script(source: object) -> Script:
    """A script from its text, bytes or file; unreadable files become a fatal diagnostic.

    Raises UsageError for a bad POT_Z3_MEMORY_MB (the solver settings are applied first)."""
    configure_solver()
    if not isinstance(source, (str, bytes, Path)):
        return Script(ctx=z3.Context(), fatal=[error("smt2-not-text", "", f"an SMT-LIB script is text, got "
                                                     f"{type(source).__name__}", "pass a str, bytes or a Path")])
    if isinstance(source, Path):
        try:
            with source.open("rb") as f:
                data = f.read(MAX_BYTES + 1)
        except OSError as e:
            return Script(ctx=z3.Context(), fatal=[error("unreadable", str(source), f"cannot read the script: "
                                                         f"{e.strerror or e}", "check the path")])
        return read_script(data)
    return read_script(source)


def check_script(source: object) -> list[Diagnostic]:
    """Every problem of a script: unreadable text, commands Z3 rejects (errors), ignored commands (warnings)."""
    return load_script(source).diagnostics


def _unclaimed(script: Script) -> list[Diagnostic]:
    return [warning("smt2-no-claim", f"line {c.line}", "(check-sat) with nothing asserted in scope: no claim to test",
                    "assert the claim just before (check-sat)") for c in script.checks if not c.in_scope]


def verify_script(source: object, *, semantics: Semantics, timeout_ms: int, evidence: bool) -> Verdict:
    """Decide a script's check-sats.

    Under entail semantics any rejected command makes the script invalid (ProgramError).
    Under sat semantics a rejected command is left out, as the z3 command line the
    original Proof of Thought ran leaves it out, and its error becomes a warning.
    `timeout_ms` is the time limit of the whole call (ValueError unless a positive int).
    """
    from pot.logic.hard_limit import Progress, solve_within
    from pot.smtlib.decide import decide_script, placeholders, script_verdict

    deadline = Deadline.after(timeout_ms)
    t0 = time.perf_counter()
    script = load_script(source)
    if script.fatal or (semantics == Semantics.ENTAIL and script.rejected):
        raise ProgramError(script.diagnostics)
    notes = [replace(d, severity=Severity.WARNING, message=d.message + " (command left out)")
             for d in script.rejected] + script.notes
    if semantics == Semantics.ENTAIL:
        notes += _unclaimed(script)
    t1 = time.perf_counter()

    def work(progress: Progress) -> Verdict:
        progress.started(script.ctx.interrupt)
        return decide_script(script, semantics=semantics, deadline=deadline, evidence=evidence, progress=progress)

    verdict = solve_within(work, deadline, claims=placeholders(script, semantics),
                           verdict_of=lambda results: script_verdict(semantics, results))
    t2 = time.perf_counter()
    verdict.warnings = notes
    verdict.timings = {"check_ms": (t1 - t0) * 1e3, "solve_ms": (t2 - t1) * 1e3, "total_ms": (t2 - t0) * 1e3}
    return verdict
