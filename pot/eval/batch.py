"""Batch verification: many programs, one verdict each, decided in a pool of processes.

Inputs are program files, directories (their *.json and *.smt2 files, sorted) and JSONL
files with one program a line — either the program itself (an optional `id` beside it) or
a record holding it under `program` (a replay file: `id`, `format`, `program`; labels are
not needed). Each program is decided in a child process (pot.isolated) with its own Z3
context, so the batch uses every core, and a child left computing what Z3 cannot interrupt
is replaced rather than slowing every later program. Results come back in input order.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pot.errors import ExitCode, ProgramError, UsageError, first_error
from pot.isolated import ChildPool, SolverFailed, map_in_children, verdict_or_raise
from pot.logic.cross_check import CrossCheck
from pot.smtlib.formats import SMT2_SUFFIXES, program_format

if TYPE_CHECKING:
    from rich.text import Text

PROGRAM_SUFFIXES = frozenset({".json", *SMT2_SUFFIXES})
# the exit code of a batch is its worst input's, worst last
SEVERITY = (ExitCode.DONE, ExitCode.INVALID_PROGRAM, ExitCode.USAGE, ExitCode.INTERNAL)


@dataclass(frozen=True)
class BatchInput:
    """One program to decide: where it came from, its text (or a problem reading it), its format."""

    name: str
    text: str | None
    format: str | None  # None: by the name's suffix
    problem: str | None = None  # unreadable: no verdict, exit 2


def batch_inputs(paths: list[Path], jsonl: list[Path]) -> list[BatchInput]:
    """Every program the paths name, in order. A missing path is a UsageError (nothing is decided)."""
    inputs: list[BatchInput] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PROGRAM_SUFFIXES)
            if not found:
                raise UsageError(f"{path}: no program files (*.json, *.smt2) in this directory")
            inputs += [_file_input(p) for p in found]
        elif path.is_file():
            inputs.append(_file_input(path))
        else:
            raise UsageError(f"{path}: no such file or directory")
    for path in jsonl:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        inputs += list(_jsonl_inputs(path))
    return inputs


def _file_input(path: Path) -> BatchInput:
    fmt = "smt2" if path.suffix.lower() in SMT2_SUFFIXES else "json"
    try:
        return BatchInput(str(path), path.read_text(encoding="utf-8"), fmt)
    except (OSError, UnicodeDecodeError) as exc:
        return BatchInput(str(path), None, fmt, problem=f"cannot read: {exc}")


def _jsonl_inputs(path: Path) -> Iterator[BatchInput]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read: {exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BatchInput(where, None, "json", problem=f"line {number} is not JSON: {exc}")
            continue
        if not isinstance(item, dict):
            yield BatchInput(where, None, "json", problem=f"line {number}: expected an object")
            continue
        name = f"{where} ({item['id']})" if isinstance(item.get("id"), str | int) else where
        if "program" in item:  # a record holding the program (replay files, results.jsonl)
            program, fmt = item["program"], item.get("format", "json")
            if program is None:
                yield BatchInput(name, None, fmt, problem="no program recorded")
                continue
            text = program if isinstance(program, str) else json.dumps(program)
        else:  # the line is the program; its id is not part of it
            fmt = "json"
            text = json.dumps({k: v for k, v in item.items() if k != "id"})
        yield BatchInput(name, text, fmt if fmt in ("json", "smt2") else None,
                         problem=None if fmt in ("json", "smt2") else f"unknown format {fmt!r}")


def verify_one(item: BatchInput, semantics: str, timeout_ms: int, evidence: bool, pool: ChildPool,
               cross_check: bool = False) -> dict[str, Any]:
    """One input's line of the batch, decided in one of `pool`'s child processes: its verdict, or
    why there is none, and its exit code. With `cross_check`, cvc5 decides the claims again (in a
    process of its own, pot.smtlib.cross_check) and the verdict records where it agrees."""
    line: dict[str, Any] = {"input": item.name}
    if item.text is None:
        return {**line, "exit_code": int(ExitCode.USAGE), "kind": None, "answer": None, "error": item.problem}
    try:
        verdict = verdict_or_raise(pool.outcome(item.text, semantics=semantics, timeout_ms=timeout_ms,
                                                evidence=evidence, format=item.format))
        if cross_check:
            from pot.smtlib.cross_check import cross_check_program

            cross_check_program(verdict, item.text, program_format(None, item.format), timeout_ms=timeout_ms,
                                memory_mb=pool.memory_mb)  # shares the cap as the pool's Z3 children do
    except ProgramError as exc:
        return {**line, "exit_code": int(ExitCode.INVALID_PROGRAM), "kind": None, "answer": None,
                "error": first_error(exc.diagnostics),
                "diagnostics": [d.to_json() for d in exc.diagnostics]}
    except Exception as exc:  # a core bug, or a solver process that died: it shows on its line, the batch goes on
        problem = str(exc) if isinstance(exc, SolverFailed) else f"{type(exc).__name__}: {exc}"
        return {**line, "exit_code": int(ExitCode.INTERNAL), "kind": None, "answer": None,
                "error": f"internal error: {problem}"}
    return {**line, "exit_code": int(ExitCode.DONE), "kind": verdict.kind, "answer": verdict.answer, "error": None,
            "verdict": verdict.to_json(nulls=False)}


def verify_batch(items: list[BatchInput], *, semantics: str, timeout_ms: int, evidence: bool = True,
                 workers: int | None = None, cross_check: bool = False) -> Iterator[dict[str, Any]]:
    """Verdict lines in input order, decided by `workers` child processes (default: one per core).
    With `cross_check`, UsageError before the first line when cvc5 is not installed."""
    if cross_check:
        from pot.smtlib.cross_check import require_cvc5

        require_cvc5()
    workers = max(1, min(workers or os.cpu_count() or 1, len(items)))
    yield from map_in_children(lambda item, pool: verify_one(item, semantics, timeout_ms, evidence, pool, cross_check),
                               items, workers)


def worst_exit_code(codes: list[int]) -> ExitCode:
    """The batch's exit code: internal error > unreadable input > invalid program > done."""
    return max((ExitCode(c) for c in codes), key=SEVERITY.index, default=ExitCode.DONE)


def print_table(lines: list[dict[str, Any]]) -> None:
    """The batch as a terminal table (input, verdict, answer, why not), then the counts."""
    from collections import Counter

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    checks = [(line, _cross_check(line)) for line in lines]
    checked = any(check is not None for _, check in checks)
    table = Table(show_edge=False)
    for column in ("input", "verdict", "answer", *(["cross-check"] if checked else []), "error"):
        table.add_column(column, overflow="fold")
    for line, check in checks:
        answer = "—" if line["answer"] is None else str(line["answer"]).lower()
        second = [_agreement(check)] if checked else []
        # cells are Text, not markup: names and errors quote the user's files and programs
        table.add_row(Text(line["input"]), line["kind"] or "no verdict", answer, *second, Text(line["error"] or ""))
    console = Console()
    console.print(table)
    counts = Counter(line["kind"] or ("invalid" if line["exit_code"] == ExitCode.INVALID_PROGRAM else "error")
                     for line in lines)
    console.print(f"{len(lines)} programs: " + ", ".join(f"{n} {kind}" for kind, n in counts.most_common()),
                  highlight=False)
    if checked:
        disagreed = [line["input"] for line, check in checks if check is not None and check.disagreed]
        partial = sum(check is not None and check.not_compared > 0 for _, check in checks)
        console.print(f"cross-check: {len(disagreed)} program(s) in disagreement"
                      + (f" ({', '.join(disagreed)})" if disagreed else "")
                      + f", {partial} with claims not compared", style="bold red" if disagreed else None,
                      highlight=False, markup=False)


def _cross_check(line: dict[str, Any]) -> CrossCheck | None:
    return CrossCheck.from_json((line.get("verdict") or {}).get("cross_check"))


def _agreement(check: CrossCheck | None) -> Text:
    """A program's cross-check in a cell: its counts, loud on a disagreement; — when none was made."""
    from rich.text import Text

    if check is None:
        return Text("—")
    counts = ", ".join(f"{n} {what}" for n, what in ((check.disagreed, "disagree"), (check.agreed, "agree"),
                                                       (check.not_compared, "not compared")) if n)
    return Text.assemble(("DISAGREEMENT", "bold red"), ": " + counts) if check.disagreed else Text(counts)
