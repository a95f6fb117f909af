"""The Python entry points of the symbolic core: `check` and `verify`.

Straight down the pipeline: load (JSON → Program) → check (typed terms) →
compile (Z3) → decide (Verdict). Nothing here imports an LLM library.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pot.checker import check_program
from pot.dsl.parsed import parse_program
from pot.dsl.program import Program, load_program
from pot.errors import Diagnostic, ProgramError, UsageError, error, errors_only
from pot.excerpt import quoted
from pot.ir import CheckedProgram
from pot.logic.cross_check import SecondSolver
from pot.logic.verdict import DEFAULT_TIMEOUT_MS, Semantics, Verdict
from pot.smtlib.formats import ProgramFormat, program_format

if TYPE_CHECKING:
    from pot.logic.deadline import Deadline

Source = dict | str | bytes | Path | Program

DEFAULT_MAX_INPUT_MB = 16


def max_input_bytes() -> int:
    """The largest program text read: $POT_MAX_INPUT_MB megabytes (default 16)."""
    raw = os.environ.get("POT_MAX_INPUT_MB", "").strip()
    if not raw:
        return DEFAULT_MAX_INPUT_MB << 20
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1.0
    if not 0 < megabytes < 1 << 20:
        raise UsageError(f"POT_MAX_INPUT_MB must be a positive number of megabytes, got {raw!r}")
    return int(megabytes * (1 << 20))


def _too_large(limit: int) -> Diagnostic:
    return error("too-large", "program", f"the program is larger than the input limit ({limit:,} bytes)",
                 "split it, or raise the limit with POT_MAX_INPUT_MB")


def _bounded(program: Source) -> tuple[Source, list[Diagnostic]]:
    """`program` with its size checked before anything reads all of it (`/dev/zero` never ends).

    A Path is read here, once, up to the limit, and handed on as bytes: a device or a pipe
    could not be read twice, and the quotes under the diagnostics come from the bytes the
    loader read, not from a second read of a file that may have changed."""
    limit = max_input_bytes()
    if isinstance(program, (str, bytes)):
        return program, [_too_large(limit)] if len(program) > limit else []
    if not isinstance(program, Path):
        return program, []
    try:
        info = program.stat()
        if stat.S_ISDIR(info.st_mode):
            return program, []
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            return program, [_too_large(limit)]
        with program.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError:  # reported by the loader, which knows how to say it
        return program, []
    return (program, [_too_large(limit)]) if len(data) > limit else (data, [])


def _checked(program: Source) -> tuple[CheckedProgram | None, list[Diagnostic]]:
    loaded, diags = (program, []) if isinstance(program, Program) else load_program(program)
    if loaded is None:
        return None, diags
    checked, more = check_program(parse_program(loaded))
    return checked, diags + more


def check(program: Source, *, format: ProgramFormat | str | None = None) -> list[Diagnostic]:
    """Parse and type-check a program; every problem, errors and warnings. Never raises, but for
    a bad POT_Z3_MEMORY_MB (UsageError) when SMT-LIB text is read with Z3.

    `format` is "json" or "smt2"; by default a Path ending .smt2 is SMT-LIB, anything else JSON.
    """
    program_as, too_large = _bounded(program)
    if too_large:
        return too_large
    fmt = program_format(program, format)
    if fmt == ProgramFormat.SMT2:
        from pot.smtlib.api import check_script

        return quoted(check_script(program_as), program_as, json_program=False)
    return quoted(_checked(program_as)[1], program_as, json_program=True)


def verify(program: Source, *, semantics: Semantics | str = Semantics.ENTAIL, timeout_ms: int = DEFAULT_TIMEOUT_MS,
           evidence: bool = True, format: ProgramFormat | str | None = None,
           cross_check: SecondSolver | str | None = None) -> Verdict:
    """Decide a program's verifications.

    `program` is a dict, JSON text, or a Path to a JSON file; with format="smt2" (or a
    Path ending .smt2) SMT-LIB 2 text, bytes or a Path. `timeout_ms` (a positive int) is the
    time limit of the whole call: every solver check, the optimisation and the models share
    it, and what is left undone when it runs out is `undecided` (timeout); Z3 work that cannot
    be interrupted is abandoned 0.5 s past it (`pot.logic.hard_limit`). Raises
    ProgramError (with every diagnostic) when the program is invalid or larger than
    $POT_MAX_INPUT_MB (16 MB), ValueError for a bad `semantics` or `timeout_ms`, UsageError for
    a bad POT_Z3_MEMORY_MB. cross_check="cvc5" decides every claim again with cvc5 and records
    its answers and any disagreement in `verdict.cross_check`.
    """
    from pot.logic.deadline import Deadline
    from pot.logic.setup import configure_solver

    second = SecondSolver.parse(cross_check) if cross_check is not None else None
    deadline = Deadline.after(timeout_ms)
    semantics = Semantics.parse(semantics)
    configure_solver()
    fmt = program_format(program, format)
    program_as, too_large = _bounded(program)  # read once: Z3 and the cross-check decide the same bytes
    if too_large:
        raise ProgramError(too_large)
    if fmt == ProgramFormat.SMT2:
        verdict = _verify_script(program_as, semantics, timeout_ms, evidence)
    else:
        verdict = _verify_json(program_as, semantics, deadline, evidence)
    if second is not None:
        from pot.smtlib.cross_check import cross_check_program

        cross_check_program(verdict, program_as, fmt, timeout_ms=timeout_ms)
    return verdict


def _verify_script(script: Source, semantics: Semantics, timeout_ms: int, evidence: bool) -> Verdict:
    from pot.smtlib.api import verify_script

    try:
        verdict = verify_script(script, semantics=semantics, timeout_ms=timeout_ms, evidence=evidence)
    except ProgramError as e:
        raise ProgramError(quoted(e.diagnostics, script, json_program=False)) from None
    verdict.warnings = quoted(verdict.warnings, script, json_program=False)
    return verdict


def _verify_json(program: Source, semantics: Semantics, deadline: Deadline, evidence: bool) -> Verdict:
    from pot.logic.compile import compile_program
    from pot.logic.deadline import TIMEOUT_REASON
    from pot.logic.decide import decide, verdict_of
    from pot.logic.hard_limit import Progress, solve_within, unsettled
    from pot.logic.verdict import OptimizationResult

    t0 = time.perf_counter()
    checked, diags = _checked(program)
    diags = quoted(diags, program, json_program=True)
    if checked is None or errors_only(diags):
        raise ProgramError(diags)
    t1 = time.perf_counter()
    compiled_at: list[float] = []

    def work(progress: Progress) -> Verdict:
        compiled = compile_program(checked)
        progress.started(compiled.ctx.interrupt)
        compiled_at.append(time.perf_counter())
        return decide(compiled, semantics=semantics, deadline=deadline, evidence=evidence, progress=progress)

    timed_out = OptimizationResult(status="unknown", reason=TIMEOUT_REASON) if checked.optimization else None
    verdict = solve_within(work, deadline, claims=[unsettled(f.id, f.name, f.text) for f in checked.claims],
                           verdict_of=lambda results: verdict_of(semantics, results, optimization=timed_out))
    t3 = time.perf_counter()
    t2 = compiled_at[0] if compiled_at else t3
    verdict.warnings = diags
    verdict.timings = {"check_ms": (t1 - t0) * 1e3, "compile_ms": (t2 - t1) * 1e3, "solve_ms": (t3 - t2) * 1e3,
                       "total_ms": (t3 - t0) * 1e3}
    return verdict
