"""`pot eval` as a function of an `EvalSpec`: run or replay, write the run directory, return the summary.

Failures are exceptions (UsageError for bad data or a wrong run directory, ProviderError
when the provider is unusable); the CLI turns them into exit codes with `pot.errors.exit_code`,
like every other command.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from pot.errors import ProviderError
from pot.eval.datasets import DatasetError
from pot.eval.spec import EvalSpec, command_line

SHOWN = ("total", "skipped", "answered", "correct", "accuracy", "precision", "recall", "f1", "errors", "abstained",
         "decided_accuracy", "reference_agreement", "mean_attempts", "tokens", "cost_usd", "latency_p50_s",
         "latency_p95_s", "wall_s")


def evaluate(spec: EvalSpec) -> dict[str, Any]:
    """The summary of the run (or replay) `spec` describes; finished questions are on disk even when it raises."""
    return _replay(spec) if spec.is_replay else _live(spec)


def _live(spec: EvalSpec) -> dict[str, Any]:
    from pot.eval.datasets import load_questions, select
    from pot.eval.run import run_questions
    from pot.eval.store import file_sha256, prepare_run_dir
    from pot.isolated import ChildPool
    from pot.llm.client import DEFAULT_MAX_TOKENS, DEFAULT_TIMEOUT_S, check_key

    assert spec.data is not None and spec.model is not None  # EvalSpec.problem() saw to it
    questions = select(load_questions(spec.data, spec.dataset_format()), offset=spec.offset, limit=spec.limit,
                       sample=spec.sample, seed=spec.seed)
    if not questions:
        raise DatasetError(f"{spec.data}: the selection (--offset/--limit/--sample) is empty")
    program_format = spec.replay_format or "json"  # the language the model writes
    if program_format != "json":
        questions = [q | {"format": program_format} for q in questions]
    check_key(spec.model, spec.api_base)  # no key: say so now, before litellm's seconds-long import
    solvers = ChildPool()  # the programs are decided in child processes: one Z3 cannot stop goes with its child
    run_dir = spec.run_dir()
    digest = file_sha256(spec.data)
    info = {"command": command_line(), "model": spec.model,
            "dataset": {"name": spec.dataset, "path": str(spec.data.resolve()), "sha256": digest,
                        "questions": len(questions)},
            "options": spec.info()["options"]}
    prepare_run_dir(run_dir, spec.parameters(digest), info)
    from pot.llm import litellm
    from pot.proof_of_thought import ProofOfThought

    litellm()  # its import takes seconds: pay it here, not inside the timed, progress-barred run
    asker = ProofOfThought(model=spec.model, max_attempts=spec.max_attempts, semantics=spec.semantics,
                           api_base=spec.api_base, cache=spec.cache, max_tokens=spec.max_tokens or DEFAULT_MAX_TOKENS,
                           temperature=spec.temperature or 0.0, timeout_s=spec.timeout_s or DEFAULT_TIMEOUT_S,
                           structured_output=spec.structured, prompt=spec.prompt or "full",
                           strategy=spec.strategy, samples=spec.samples, rounds=spec.rounds, parts=spec.parts,
                           check_core=spec.check_core, format=program_format, verifier=solvers.decide)
    try:
        return asyncio.run(run_questions(questions, asker, run_dir, model=spec.model, semantics=spec.semantics,
                                         concurrency=spec.concurrency, retry_errors=spec.retry_errors))
    except ProviderError as exc:
        raise ProviderError(f"provider unusable, run stopped (finished questions are saved): {exc}") from exc
    finally:
        solvers.close()


def _replay(spec: EvalSpec) -> dict[str, Any]:
    from pot.eval.replay import load_records, replay, source_file
    from pot.eval.report import write_outputs
    from pot.eval.store import RESULTS, file_sha256, prepare_run_dir, write_results

    assert spec.replay is not None
    records, skipped = load_records(spec.replay, spec.replay_dataset, spec.replay_format, offset=spec.offset,
                                    limit=spec.limit, sample=spec.sample, seed=spec.seed)
    if spec.out is not None:  # before the work: a directory of another run is refused at once
        source = source_file(spec.replay)
        prepare_run_dir(spec.out, spec.replay_parameters(file_sha256(source)),
                        {"command": command_line(), "replay": str(source.resolve())})
    results, summary = replay(records, spec.semantics)
    summary["skipped"] = sum(skipped.values())
    summary["skipped_reasons"] = skipped
    if spec.out is not None:
        write_results(spec.out / RESULTS, results)
        summary["run_dir"] = str(spec.out)
        write_outputs(spec.out, results, summary, title=f"replay of {spec.replay} · {spec.semantics}")
    return summary


def print_summary(summary: dict[str, Any]) -> None:
    """The summary as a terminal table, then the per-dataset lines and where the report is."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"pot eval · {summary['semantics']}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key in SHOWN:
        if key in summary:
            table.add_row(key, "—" if summary[key] is None else str(summary[key]))
    Console().print(table)
    if summary.get("skipped"):
        reasons = ", ".join(f"{n} {why}" for why, n in summary.get("skipped_reasons", {}).items())
        print(f"skipped {summary['skipped']} records: {reasons}")
    for breakdown in ("by_dataset", "by_format", "by_group"):
        for name, metrics in summary.get(breakdown, {}).items():
            print(f"{name}: total {metrics['total']}, accuracy {metrics['accuracy']}, "
                  f"decided_accuracy {metrics['decided_accuracy']}, errors {metrics['errors']}")
    if "run_dir" in summary:
        print(f"report: {Path(summary['run_dir']) / 'report.md'}")
