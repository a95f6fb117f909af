"""Replay: recorded programs stand in for the LLM and take the path the translator's output takes.

Reads the `../shared/replay` record format and a run's own results.jsonl (whose recorded
answers then serve as the reference, so a re-score shows whether anything changed).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pot.api import verify
from pot.errors import ProgramError, first_error
from pot.errors import error as diagnostic
from pot.eval.datasets import DatasetError, check_items, read_json_items, select
from pot.eval.metrics import summarize
from pot.eval.records import result_record
from pot.eval.store import RESULTS
from pot.isolated import ChildPool, SolverFailed, map_in_children, verdict_or_raise
from pot.logic.verdict import DEFAULT_TIMEOUT_MS, Verdict

FIELDS = {"id": (str,), "dataset": (str,), "question": (str,), "ground_truth": (bool,),
          "program": (str, dict, type(None))}


def source_file(path: Path) -> Path:
    """A run directory stands for its results.jsonl."""
    return path / RESULTS if path.is_dir() else path


def load_records(path: Path, dataset: str | None = None, fmt: str | None = None, *, offset: int = 0,
                 limit: int | None = None, sample: int | None = None,
                 seed: int = 0) -> tuple[list[dict], dict[str, int]]:
    """(records to verify, {why: how many records were left out}); every format is verified.

    --dataset and --format filter; --offset/--limit/--sample then select, as in a live run."""
    path = source_file(path)
    items = read_json_items(path)
    check_items(path, items, FIELDS)
    records = [item for _, item in items]
    bad_format = [where for where, item in items if item.get("format", "json") not in ("json", "smt2")]
    if bad_format:
        raise DatasetError(f"{path}: {bad_format[0]}: field 'format' must be json or smt2")
    skipped: dict[str, int] = {}
    if dataset is not None:
        kept = [r for r in records if r["dataset"] == dataset]
        if not kept:
            found = ", ".join(sorted({item["dataset"] for _, item in items}))
            raise DatasetError(f"{path}: no records of dataset {dataset!r} (it has: {found})")
        skipped[f"not dataset {dataset}"] = len(records) - len(kept)
        records = kept
    if fmt is not None:
        kept = [r for r in records if r.get("format", "json") == fmt]
        skipped[f"not format {fmt}"] = len(records) - len(kept)
        records = kept
    if offset or limit is not None or sample is not None:
        kept = select(records, offset=offset, limit=limit, sample=sample, seed=seed)
        skipped["outside --offset/--limit/--sample"] = len(records) - len(kept)
        records = kept
    if not records:
        raise DatasetError(f"{path}: no records left to replay ({_reasons(skipped) or 'the file is empty'})")
    return records, {why: n for why, n in skipped.items() if n}


def _reasons(skipped: dict[str, int]) -> str:
    return ", ".join(f"{n} {why}" for why, n in skipped.items() if n)


def replay_record(record: dict, semantics: str, pool: ChildPool | None = None) -> dict:
    """Verify one recorded program (in one of `pool`'s child processes, or here without one);
    an invalid one is an errored result, as in a live run."""
    start = time.perf_counter()
    verdict, error = None, None
    if record["program"] is None:
        error = "no program recorded"
    else:
        try:
            verdict = _verify(record["program"], record.get("format", "json"), semantics, pool)
        except ProgramError as exc:  # one line, as a live run keeps it
            error = first_error(exc.diagnostics)
        except SolverFailed as exc:
            error = f"internal error: {exc}"
        except Exception as exc:  # a core bug must show in the report, not sink the whole replay
            error = f"internal error: {type(exc).__name__}: {exc}"
    reference = record.get("reference")
    if reference is None and "answer" in record:  # one of our own runs: its answer is the reference
        reference = {"answer": record["answer"], "kind": record.get("kind")}
    num_attempts = record.get("num_attempts", (reference or {}).get("num_attempts"))
    return result_record(record, model=record.get("model"), program=record["program"], verdict=verdict, error=error,
                         num_attempts=num_attempts, prompt_tokens=record.get("prompt_tokens", 0),
                         completion_tokens=record.get("completion_tokens", 0), tokens=record.get("tokens", 0),
                         cost_usd=record.get("cost_usd"), latency_s=round(time.perf_counter() - start, 4),
                         reference=reference)


def _verify(program: dict | str, fmt: str, semantics: str, pool: ChildPool | None) -> Verdict:
    if fmt == "smt2" and not isinstance(program, str):
        raise ProgramError([diagnostic("smt2-not-text", "program", "an smt2 record's program must be text")])
    if pool is None:
        return verify(program, semantics=semantics, format=fmt)
    return verdict_or_raise(pool.outcome(program, semantics=semantics, timeout_ms=DEFAULT_TIMEOUT_MS, evidence=True,
                                         format=fmt))


def replay(records: list[dict], semantics: str) -> tuple[list[dict], dict]:
    """Verify every record in child processes (pot.isolated), one per core; return results and summary."""
    start = time.perf_counter()
    results = list(map_in_children(lambda record, pool: replay_record(record, semantics, pool), records,
                                   os.cpu_count() or 2))
    summary = summarize(results, semantics)
    summary["wall_s"] = round(time.perf_counter() - start, 3)
    return results, summary
