"""`pot eval`, as a function of plain arguments returning the exit code (the click command is a shim).

Exit codes: 0 completed (errored questions are results too), 2 usage / bad data / a run
directory started with other parameters or not writable, 4 provider unusable, 1 internal
error, 130 interrupted.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import sys
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pot.errors import ProviderError
from pot.eval.datasets import DATASETS, DatasetError
from pot.eval.store import RunDirError

_SHOWN = ("total", "answered", "correct", "accuracy", "precision", "recall", "f1", "errors", "decided_accuracy",
          "reference_agreement", "mean_attempts", "tokens", "cost_usd", "latency_p50_s", "latency_p95_s", "wall_s")


def eval_command(dataset: str | None = None, *, data: Path | None = None, model: str | None = None,
                 api_base: str | None = None, limit: int | None = None, offset: int = 0, sample: int | None = None,
                 seed: int = 0, concurrency: int = 8, max_attempts: int = 3, semantics: str = "entail",
                 out: Path | None = None, json_output: bool = False, no_cache: bool = False,
                 retry_errors: bool = False, replay: Path | None = None, replay_dataset: str | None = None,
                 replay_format: str | None = None) -> int:
    """Run `pot eval`; print the summary (a table, or one JSON object with `json_output`)."""
    model = model or os.environ.get("POT_MODEL")
    problem = _usage_problem(dataset, data, model, replay, limit, offset, sample, concurrency, max_attempts, semantics,
                             replay_dataset or replay_format)
    if problem:
        return _fail(problem, 2)
    try:
        if replay is not None:
            summary = _replay(replay, replay_dataset, replay_format, semantics, out)
        else:
            summary = _live(dataset, data, model, api_base, limit, offset, sample, seed, concurrency, max_attempts,
                            semantics, out, no_cache, retry_errors)
    except (DatasetError, RunDirError) as exc:
        return _fail(str(exc), 2)
    except ProviderError as exc:
        return _fail(f"provider unusable, run stopped (finished questions are saved): {_one_line(exc)}", 4)
    except KeyboardInterrupt:
        return _fail("interrupted; finished questions are saved, run the same command to resume", 130)
    except Exception as exc:  # never a traceback
        while isinstance(exc, ExceptionGroup):  # from the run's task group: say what actually failed
            exc = exc.exceptions[0]
        if isinstance(exc, OSError):  # an unwritable --out, a full disk: the user's to fix
            return _fail(f"{type(exc).__name__}: {_one_line(exc)}", 2)
        return _fail(f"internal error: {type(exc).__name__}: {_one_line(exc)}", 1)
    if json_output:
        print(json.dumps(summary))
    else:
        _print_table(summary)
    return 0


def _usage_problem(dataset, data, model, replay, limit, offset, sample, concurrency, max_attempts, semantics,
                   replay_filter) -> str | None:
    if semantics not in ("entail", "sat"):
        return f"--semantics must be entail or sat, not {semantics!r}"
    if replay is not None:
        return "give either a dataset or --replay, not both" if dataset or data else None
    if replay_filter:
        return "--dataset and --format filter a --replay; a live run names its dataset first: pot eval strategyqa"
    if dataset not in DATASETS:
        return f"name a dataset ({', '.join(DATASETS)}) or use --replay FILE" if dataset is None \
            else f"unknown dataset {dataset!r} (known: {', '.join(DATASETS)})"
    if data is None:
        return "--data PATH is required (the dataset file, JSON or JSONL)"
    if not model:
        return "--model is required (or set POT_MODEL)"
    if offset < 0:
        return "--offset must be 0 or more"
    numbers = {"--limit": limit, "--sample": sample, "--concurrency": concurrency, "--max-attempts": max_attempts}
    bad = [name for name, value in numbers.items() if value is not None and value < 1]
    return f"{', '.join(bad)} must be at least 1" if bad else None


def _live(dataset, data, model, api_base, limit, offset, sample, seed, concurrency, max_attempts, semantics, out,
          no_cache, retry_errors) -> dict:
    from pot.eval.datasets import load_strategyqa, select
    from pot.eval.run import run_questions
    from pot.eval.store import file_sha256, prepare_run_dir

    questions = select(load_strategyqa(data), offset=offset, limit=limit, sample=sample, seed=seed)
    if not questions:
        raise DatasetError(f"{data}: the selection (--offset/--limit/--sample) is empty")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    run_dir = out or Path("runs") / f"{dataset}-{re.sub(r'[^A-Za-z0-9._-]+', '_', model)}-{stamp}"
    parameters = {"dataset": dataset, "data_sha256": file_sha256(data), "model": model, "semantics": semantics,
                  "max_attempts": max_attempts, "offset": offset, "limit": limit, "sample": sample,
                  "seed": seed if sample is not None else None}
    info = {"command": "pot " + shlex.join(sys.argv[1:]), "model": model,
            "dataset": {"name": dataset, "path": str(Path(data).resolve()), "sha256": parameters["data_sha256"],
                        "questions": len(questions)},
            "options": {"api_base": api_base, "concurrency": concurrency, "cache": not no_cache}}
    prepare_run_dir(run_dir, parameters, info)
    from pot.llm import litellm
    from pot.proof_of_thought import ProofOfThought

    litellm()  # its import takes seconds: pay it here, not inside the timed, progress-barred run
    asker = ProofOfThought(model=model, max_attempts=max_attempts, semantics=semantics, api_base=api_base,
                           cache=not no_cache)
    return asyncio.run(run_questions(questions, asker, run_dir, model=model, semantics=semantics,
                                     concurrency=concurrency, retry_errors=retry_errors))


def _replay(path, dataset, fmt, semantics, out) -> dict:
    from pot.eval.replay import load_records, replay, source_file
    from pot.eval.report import write_outputs
    from pot.eval.store import RESULTS, file_sha256, prepare_run_dir, write_results

    records, skipped = load_records(path, dataset, fmt)
    if out is not None:  # before the work: a directory of another run is refused at once
        source = source_file(path)
        prepare_run_dir(out, {"replay_sha256": file_sha256(source), "dataset": dataset, "format": fmt,
                              "semantics": semantics},
                        {"command": "pot " + shlex.join(sys.argv[1:]), "replay": str(source.resolve())})
    results, summary = replay(records, semantics)
    summary["skipped"] = skipped
    if out is not None:
        write_results(out / RESULTS, results)
        summary["run_dir"] = str(out)
        write_outputs(out, results, summary, title=f"replay of {path} · {semantics}")
    return summary


def _print_table(summary: dict) -> None:
    table = Table(title=f"pot eval · {summary['semantics']}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key in _SHOWN:
        if key in summary:
            table.add_row(key, "—" if summary[key] is None else str(summary[key]))
    Console().print(table)
    for name, metrics in summary.get("by_dataset", {}).items():
        print(f"{name}: total {metrics['total']}, accuracy {metrics['accuracy']}, "
              f"decided_accuracy {metrics['decided_accuracy']}, errors {metrics['errors']}")
    if "run_dir" in summary:
        print(f"report: {Path(summary['run_dir']) / 'report.md'}")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _fail(message: str, code: int) -> int:
    print(f"pot eval: {message}", file=sys.stderr)
    return code
