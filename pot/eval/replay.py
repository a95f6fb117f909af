"""Replay: recorded programs stand in for the LLM and take the path the translator's output takes.

Reads the `../shared/replay` record format and a run's own results.jsonl (whose recorded
answers then serve as the reference, so a re-score shows whether anything changed).
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from pot.api import verify
from pot.errors import ProgramError
from pot.eval.datasets import DatasetError, check_items, read_json_items
from pot.eval.metrics import summarize
from pot.eval.records import result_record
from pot.eval.store import RESULTS

FIELDS = {"id": (str,), "dataset": (str,), "question": (str,), "ground_truth": (bool,),
          "program": (str, dict, type(None))}


def source_file(path: Path) -> Path:
    """A run directory stands for its results.jsonl."""
    return path / RESULTS if path.is_dir() else path


def load_records(path: Path, dataset: str | None = None, fmt: str | None = None) -> tuple[list[dict], int]:
    """(records to verify, number of SMT-LIB records skipped)."""
    path = source_file(path)
    items = read_json_items(path)
    check_items(path, items, FIELDS)
    records = [item for _, item in items]
    if dataset is not None:
        records = [r for r in records if r["dataset"] == dataset]
        if not records:
            found = ", ".join(sorted({item["dataset"] for _, item in items}))
            raise DatasetError(f"{path}: no records of dataset {dataset!r} (it has: {found})")
    if fmt is not None:
        records = [r for r in records if r.get("format", "json") == fmt]
    json_records = [r for r in records if r.get("format", "json") == "json"]
    return json_records, len(records) - len(json_records)


def replay_record(record: dict, semantics: str) -> dict:
    """Verify one recorded program; an invalid one is an errored result, as in a live run."""
    start = time.perf_counter()
    verdict, error = None, None
    if record["program"] is None:
        error = "no program recorded"
    else:
        try:
            verdict = verify(record["program"], semantics=semantics)
        except ProgramError as exc:
            error = str(exc)
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


def replay(records: list[dict], semantics: str) -> tuple[list[dict], dict]:
    """Verify every record in a thread pool (one Z3 context per program); return results and summary."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(partial(replay_record, semantics=semantics), records))
    summary = summarize(results, semantics)
    summary["wall_s"] = round(time.perf_counter() - start, 3)
    return results, summary
