"""Question views from what pot produces: a verified program, an `Answer`, a results.jsonl row.

`record_view` is the one place that knows the field names of a run's result records; when
the record format changes, only it changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pot.answer import Answer
from pot.errors import Diagnostic, with_quotes
from pot.eval.records import StrategyRecord, strategy_record_of
from pot.logic.verdict import Verdict
from pot.report.views import (
    AttemptView,
    QuestionView,
    StepView,
    StrategyView,
    attach_verdict,
    program_view,
    usage_rows,
)


def _program_source(program: dict | str | bytes | Path | None) -> dict | str | None:
    if isinstance(program, Path):
        program = program.read_bytes()
    if isinstance(program, bytes):
        program = program.decode("utf-8-sig", "replace")
    if isinstance(program, str):
        try:
            loaded = json.loads(program)
        except (json.JSONDecodeError, RecursionError):
            return program
        return loaded if isinstance(loaded, dict) else program
    return program


def verify_view(program: dict | str | bytes | Path, verdict: Verdict, title: str) -> QuestionView:
    """`pot verify`: a program and its verdict; no question, no gold answer."""
    view = QuestionView(anchor="verdict", title=title, question=None, program=program_view(_program_source(program)),
                        verdict=verdict, usage=usage_rows(None, None, None, verdict.timings))
    attach_verdict(view)
    return view


def invalid_view(program: dict | str | bytes | Path, diagnostics: list[Diagnostic], title: str) -> QuestionView:
    """`pot verify` of a program that does not check: every problem, and the program as far as it reads."""
    errors = [d for d in diagnostics if d.severity == "error"]
    view = QuestionView(anchor="verdict", title=title, question=None, program=program_view(_program_source(program)),
                        verdict=None, error=f"invalid program: {len(errors)} error{'s' if len(errors) != 1 else ''}",
                        diagnostics=[(str(d), quote) for d, quote in with_quotes(diagnostics)])
    return view


def answer_view(answer: Answer) -> QuestionView:
    """`pot ask`: the question, the final program and verdict, every attempt with the raw reply."""
    attempts = [AttemptView(a.index, a.error, [str(d) for d in a.diagnostics], a.raw_response,
                            a.usage.tokens, a.usage.cost_usd, a.latency_s, a.cached, a.temperature)
                for a in answer.attempts]
    program: dict[str, Any] | str | None = answer.program
    if program is None:  # no valid program: show the last text the model wrote
        program = next((a.program_text for a in reversed(answer.attempts) if a.program_text), None)
    view = QuestionView(anchor="answer", title=answer.question, question=answer.question,
                        program=program_view(_program_source(program)), verdict=answer.verdict, attempts=attempts,
                        usage=usage_rows(answer.usage.tokens, answer.usage.cost_usd, answer.latency_s,
                                         answer.verdict.timings if answer.verdict else None),
                        error=answer.error, model=answer.model,
                        strategy=strategy_view(strategy_record_of(answer.strategy)) if answer.strategy else None)
    attach_verdict(view)
    return view


def record_view(row: dict[str, Any], index: int) -> QuestionView:
    """One line of results.jsonl (a live run or a replay), read leniently: missing fields are not shown."""
    verdict = None
    problem = None
    if isinstance(row.get("verdict"), dict):
        try:
            verdict = Verdict.from_json(row["verdict"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            problem = f"unreadable verdict in the record: {type(exc).__name__}: {exc}"
    attempts = [AttemptView(int(a.get("index", i + 1)), a.get("error"), [str(d) for d in a.get("diagnostics") or []],
                            a.get("raw_response"), _tokens(a), a.get("cost_usd"), a.get("latency_s"),
                            bool(a.get("cached")), _temperature(a.get("temperature")))
                for i, a in enumerate(row.get("attempts") or []) if isinstance(a, dict)]
    question = row.get("question")
    gold = row.get("ground_truth")
    view = QuestionView(anchor=f"q{index}", title=str(row.get("id", index)),
                        question=question if isinstance(question, str) else None,
                        program=program_view(_program_source(row.get("program"))), verdict=verdict,
                        attempts=attempts, usage=usage_rows(row.get("tokens"), row.get("cost_usd"),
                                                            row.get("latency_s")),
                        error=row.get("error") or problem, dataset=str(row.get("dataset") or "—"),
                        gold=gold if isinstance(gold, bool) else None, model=row.get("model"),
                        strategy=_recorded_strategy(row.get("strategy")))
    attach_verdict(view)
    return view


def _recorded_strategy(data: object) -> StrategyView | None:
    """The strategy of a results.jsonl line; None when it has none or it is unreadable."""
    if not isinstance(data, dict):
        return None
    try:
        return strategy_view(StrategyRecord.model_validate(data))
    except ValidationError:
        return None


def strategy_view(run: StrategyRecord) -> StrategyView:
    """A strategy's record (a live answer's, or a results.jsonl line's) for the page."""
    steps = [StepView(index=i, role=st.role, prompt=st.prompt, kind=st.kind, answer=st.answer,
                      reason=(st.verdict or {}).get("reason"), error=st.error, reply=st.reply,
                      program=st.program if isinstance(st.program, str) or st.program is None
                      else json.dumps(st.program, indent=2, ensure_ascii=False),
                      weight=st.weight, weight_reason=st.weight_reason, calls=st.calls, tokens=st.tokens)
             for i, st in enumerate(run.steps, 1)]
    return StrategyView(name=run.name, options=", ".join(f"{k.replace('_', ' ')} {v}" for k, v in run.options.items()),
                        decision=run.decision, abstained=run.abstained, confidence=run.confidence,
                        votes=None if run.votes is None else [(v.answer, v.weight, v.samples) for v in run.votes],
                        undecided=run.undecided, steps=steps, calls=run.calls)


def _tokens(attempt: dict[str, Any]) -> int | None:
    parts = [attempt.get("prompt_tokens"), attempt.get("completion_tokens")]
    numbers = [p for p in parts if isinstance(p, int)]
    return sum(numbers) if numbers else None


def _temperature(value: object) -> float | None:
    """A recorded temperature, read leniently (a record is data from a file)."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


class RunReadError(ValueError):
    """A results file that cannot be read as a run (a line in the middle is not a JSON object)."""


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The records of a results.jsonl; a torn last line (what a killed run leaves) is dropped."""
    lines = path.read_text(encoding="utf-8").split("\n")
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            if number == len(lines):  # no newline after it: cut off while being written
                continue
            raise RunReadError(f"{path}: line {number} is not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise RunReadError(f"{path}: line {number} is not a JSON object")
        rows.append(row)
    return rows
