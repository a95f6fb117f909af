"""Live runs: K questions in flight, each result on disk the moment it is done, resumable.

The ProofOfThought object does the asking, repairing, retrying and solving (off the event
loop); this module only schedules questions, records answers and keeps the run directory
consistent across kills and resumes.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from pot.errors import ProviderError
from pot.eval import store
from pot.eval.metrics import summarize
from pot.eval.records import result_record, strategy_record
from pot.eval.report import write_outputs
from pot.llm.client import RequestFailed

if TYPE_CHECKING:
    from pot.answer import Answer
    from pot.proof_of_thought import ProofOfThought

Record = dict[str, Any]


def answer_record(question: Record, answer: Answer, model: str) -> Record:
    """A result record from a `pot.answer.Answer`."""
    program: str | dict[str, Any] | None = answer.program
    if program is None:  # no valid program: keep the last text the model wrote, for the report
        program = next((a.program_text for a in reversed(answer.attempts) if a.program_text), None)
    attempts = [
        {"index": a.index, "error": a.error, "diagnostics": [str(d) for d in a.diagnostics],
         **a.usage.model_dump(exclude={"tokens"}), "latency_s": round(a.latency_s, 4), "cached": a.cached,
         "transport_retries": a.transport_retries, "temperature": a.temperature}
        for a in answer.attempts
    ]
    extra = {} if answer.strategy is None else {"strategy": strategy_record(answer.strategy)}
    return result_record(question, model=model, program=program, verdict=answer.verdict, error=answer.error,
                         attempts=attempts, num_attempts=len(attempts), **answer.usage.model_dump(),
                         latency_s=round(answer.latency_s, 4), **extra)


# this many questions in a row failing at the provider (each one's request timed out, or kept
# failing) say the provider is unusable, not the questions: the run stops
MAX_CONSECUTIVE_FAILURES = 3


async def _ask(asker: ProofOfThought, question: Record, model: str, fresh: bool) -> Record:
    """Ask one question; any failure but a provider that is down becomes an errored record
    (a request that failed, e.g. timed out on a runaway reply, fails this question only;
    `--retry-errors` asks it again)."""
    start = time.perf_counter()
    try:
        answer = await asker.aquery(question["question"], fresh=fresh)
    except RequestFailed as exc:
        if exc.partial is not None:  # the attempts made before the failure are kept
            return answer_record(question, exc.partial, model) | {"error": f"{PROVIDER_FAILED}{exc}"}
        return result_record(question, model=model, program=None, verdict=None, error=f"{PROVIDER_FAILED}{exc}",
                             num_attempts=0, latency_s=round(time.perf_counter() - start, 4))
    except ProviderError:
        raise
    except Exception as exc:  # one odd question must not end a run of thousands; the report shows it
        return result_record(question, model=model, program=None, verdict=None,
                             error=f"internal error: {type(exc).__name__}: {exc}",
                             num_attempts=0, latency_s=round(time.perf_counter() - start, 4))
    return answer_record(question, answer, model)


class _ClosingExecutor(ThreadPoolExecutor):
    """The run's default executor, which closes the coroutines no one will await.

    litellm's `acompletion` builds its request coroutine in an executor thread
    (`loop.run_in_executor`) and awaits it once the thread returns it. A task cancelled in
    between (Ctrl-C, or the run stopping at an unusable provider) leaves that coroutine
    unawaited, and Python prints "RuntimeWarning: coroutine ... was never awaited" when it is
    collected. This executor keeps each coroutine a call returns until it has started; once the
    run's tasks are all done, `close_unawaited` closes those that never will, and any a thread
    still running returns later."""

    def __init__(self) -> None:
        super().__init__(thread_name_prefix="pot-eval")
        self._lock = threading.Lock()
        self._made: list[Any] = []  # coroutines returned by calls, not yet seen started
        self._closing = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return super().submit(self._keeping, fn, *args, **kwargs)

    def _keeping(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        result = fn(*args, **kwargs)
        if inspect.iscoroutine(result):
            with self._lock:
                if self._closing:  # the run is over: nothing will await it
                    result.close()
                else:
                    self._made = [c for c in self._made if _unstarted(c)]
                    self._made.append(result)
        return result

    def close_unawaited(self) -> None:
        """Close every coroutine returned and never started; from now on, close them as they come."""
        with self._lock:
            self._closing = True
            for coroutine in self._made:
                if _unstarted(coroutine):
                    coroutine.close()
            self._made.clear()


def _unstarted(coroutine: Any) -> bool:
    return inspect.getcoroutinestate(coroutine) == inspect.CORO_CREATED


PROVIDER_FAILED = "provider request failed: "


class FailureStreak:
    """Questions that failed at the provider one after the other; a success ends the streak."""

    def __init__(self, limit: int = MAX_CONSECUTIVE_FAILURES):
        self.limit = limit
        self.count = 0

    def add(self, record: Record) -> None:
        """Count the record; raise ProviderError when `limit` questions in a row failed at the provider."""
        error = record.get("error") or ""
        self.count = self.count + 1 if error.startswith(PROVIDER_FAILED) else 0
        if self.count >= self.limit:
            raise ProviderError(f"{self.count} questions in a row failed at the provider; the last: "
                                f"{error.removeprefix(PROVIDER_FAILED)}")


async def run_questions(questions: list[Record], asker: ProofOfThought, run_dir: Path, *, model: str,
                        semantics: str, concurrency: int = 8, retry_errors: bool = False) -> Record:
    """Answer every question not yet in results.jsonl; write summary.json and report.md; return the summary.

    Raises ProviderError (after saving what is done) when the provider is unusable.
    """
    start = time.perf_counter()
    done, results = store.open_results(run_dir, drop_errors=retry_errors)  # retried ones bypass the cache below
    finished = {r["id"] for r in done}
    todo = iter([q for q in questions if q["id"] not in finished])
    records = list(done)
    progress = progress_bar()
    counts = {"done": 0, "correct": 0, "answered": 0, "errors": 0, "tokens": 0, "cost": None}
    for record in records:
        _tally(counts, record)
    task = progress.add_task(short_name(model), total=len(questions), completed=len(records), stats=_stats(counts))

    writer = ThreadPoolExecutor(max_workers=1)  # fsync costs milliseconds: off the event loop, lines in order
    loop = asyncio.get_running_loop()
    calls = _ClosingExecutor()
    loop.set_default_executor(calls)

    streak = FailureStreak()

    async def worker() -> None:
        for question in todo:  # one shared iterator: each question is taken once
            record = await _ask(asker, question, model, fresh=retry_errors)
            records.append(record)  # counted even if cancelled below: the writer still finishes the line
            await loop.run_in_executor(writer, store.append, results, record)
            _tally(counts, record)
            progress.update(task, advance=1, stats=_stats(counts))
            streak.add(record)

    provider_error = None
    try:
        with progress:
            async with asyncio.TaskGroup() as group:
                for _ in range(max(1, concurrency)):
                    group.create_task(worker())
    except* ProviderError as errors:
        provider_error = errors.exceptions[0]
    finally:
        calls.close_unawaited()  # every task of the run is done: what was not awaited will not be
        loop.set_default_executor(ThreadPoolExecutor())  # the loop may live on: its later calls are not ours
        calls.shutdown(wait=False)
        writer.shutdown(wait=True)
        results.close()
        order = {q["id"]: i for i, q in enumerate(questions)}
        records.sort(key=lambda r: order.get(r["id"], len(order)))
        summary = {**summarize(records, semantics), "pending": len(questions) - len(records),
                   "wall_s": round(time.perf_counter() - start, 3), "run_dir": str(run_dir)}
        write_outputs(run_dir, records, summary, title=f"{questions[0]['dataset'] if questions else ''} · {model}")
    if provider_error is not None:
        raise provider_error
    return summary


WIDTH = 80


def progress_bar(console: Console | None = None) -> Progress:
    """model ━━━━━━━ 120/2290 acc 0.750 err 12 $0.0123 ETA 0:03:40 — at most 80 columns."""
    console = console or Console(stderr=True)
    console.width = min(console.width, WIDTH)
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(bar_width=12), MofNCompleteColumn(),
                    TextColumn("{task.fields[stats]}"), TextColumn("ETA"), TimeRemainingColumn(), console=console)


def short_name(model: str, width: int = 16) -> str:
    """The model's name, cut to fit the bar's line (the provider prefix goes first)."""
    name = model.rpartition("/")[2]
    return name if len(name) <= width else name[:width - 1] + "…"


def _tally(counts: dict[str, Any], record: Record) -> None:
    """Running totals for the progress bar (kept incrementally: thousands of updates)."""
    counts["done"] += 1
    counts["answered"] += record["answer"] is not None
    counts["correct"] += record["answer"] is not None and record["answer"] == record["ground_truth"]
    counts["errors"] += record.get("error") is not None
    counts["tokens"] += record.get("tokens") or 0
    if record.get("cost_usd") is not None:
        counts["cost"] = (counts["cost"] or 0.0) + record["cost_usd"]


def _stats(counts: dict[str, Any]) -> str:
    accuracy = f"{counts['correct'] / counts['done']:.3f}" if counts["done"] else "-"
    cost = "$-" if counts["cost"] is None else f"${counts['cost']:.4f}"
    return f"acc {accuracy} err {counts['errors']} {cost}"
