"""The result record: one line of `results.jsonl`, the same for live runs and replays.

It keeps the replay corpus's field names where they mean the same (`id, dataset, model,
format, question, ground_truth, program`), so a run can itself be replayed. Other tools
read these lines: the JSON Schema of `ResultRecord` is committed as
docs/result-record.schema.json, and a test fails when the two drift apart. Every field
that a record of an older run may lack has a default, so old files still read.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pot.answer import StrategyRun
from pot.logic.verdict import Verdict


class AttemptRecord(BaseModel):
    """One program the model wrote for the question (live runs only)."""

    index: int
    error: str | None = None
    diagnostics: list[str] = Field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    latency_s: float = 0.0
    cached: bool = False
    transport_retries: int = 0
    temperature: float | None = None  # absent in runs before it was recorded


class StepRecord(BaseModel):
    """One step of a strategy: a program with its verdict, or a text reply (a critique, a plan, a fact check)."""

    role: str  # pot.answer.StepRole
    prompt: str | None = None  # what the step added: a sub-question, a critique, the two worlds
    reply: str | None = None  # text steps
    program: str | dict[str, Any] | None = None  # program steps: the program decided, or the model's last text
    answer: bool | None = None
    kind: str | None = None
    error: str | None = None
    verdict: dict[str, Any] | None = None  # nulls left out, as the record's own
    weight: float | None = None  # self-consistency: its weight in the vote; null: it did not vote
    weight_reason: str | None = None
    calls: int = 0  # requests sent for the step
    tokens: int = 0


class VoteRecord(BaseModel):
    answer: bool
    weight: float
    samples: list[int]  # 1-based indexes into `steps`


class StrategyRecord(BaseModel):
    """What a test-time strategy did (docs/strategies.md). `votes`/`confidence` are null when no vote was
    taken; `votes` is [] when a vote was taken and no sample was decided."""

    name: str  # pot.answer.Strategy
    options: dict[str, Any] = Field(default_factory=dict)
    steps: list[StepRecord] = Field(default_factory=list)
    votes: list[VoteRecord] | None = None
    undecided: list[int] | None = None
    confidence: float | None = None
    abstained: bool = False  # no answer on purpose: decided samples conflict, or a core fact was disowned
    decision: str = ""
    calls: int = 0  # requests sent for the question in all


class ResultRecord(BaseModel):
    """One question's result. `error` is set exactly when there is no verdict (`answer`, `kind`
    and `reason` are then null)."""

    model_config = ConfigDict(extra="allow", title="pot result record")

    id: str
    dataset: str
    model: str | None = None
    format: Literal["json", "smt2"] = "json"
    question: str
    ground_truth: bool
    program: str | dict[str, Any] | None = None  # the program decided, or the model's last text
    answer: bool | None = None
    kind: str | None = None  # Verdict.kind
    reason: str | None = None
    error: str | None = None
    num_attempts: int | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens: int = 0
    cost_usd: float | None = None  # null when the model has no known price
    latency_s: float | None = None
    attempts: list[AttemptRecord] | None = None  # live runs
    reference: dict[str, Any] | None = None  # replays: the recorded (or earlier) answer compared against
    verdict: dict[str, Any] | None = None  # the Verdict as JSON (nulls left out), with cores and counter-models
    group: str | None = None  # a breakdown the dataset offers, e.g. "QDep=2" (ProofWriter's reasoning depth)
    strategy: StrategyRecord | None = None  # absent: the plain run (one program and its repairs)

    def line(self) -> dict[str, Any]:
        """The record as it is written: the fields a run has, nulls of absent parts left out."""
        return self.model_dump(mode="json", exclude_unset=True)


def result_record(question: dict[str, Any], *, model: str | None, program: str | dict[str, Any] | None,
                  verdict: Verdict | None, error: str | None, **extra: Any) -> dict[str, Any]:
    """A validated record as a dict; `extra` carries attempts, tokens, cost, latency, reference."""
    record = ResultRecord(
        id=question["id"], dataset=question["dataset"], model=model, format=question.get("format", "json"),
        question=question["question"],
        ground_truth=question["ground_truth"], program=program,
        answer=verdict.answer if verdict else None, kind=verdict.kind if verdict else None,
        reason=verdict.reason if verdict else None, error=None if verdict else (error or "no verdict"),
        **extra, verdict=verdict.to_json(nulls=False) if verdict else None,
        **({"group": question["group"]} if question.get("group") is not None else {}))
    return record.line()


def strategy_record(run: StrategyRun) -> dict[str, Any]:
    """A strategy's run as the record stores it: every field present, null where nothing was computed."""
    return strategy_record_of(run).model_dump(mode="json")


def strategy_record_of(run: StrategyRun) -> StrategyRecord:
    """A strategy's run in the record's shape."""
    steps = []
    for step in run.steps:
        answer = step.answer
        program: str | dict[str, Any] | None = None
        if answer is not None:
            program = answer.program
            if program is None:
                program = next((a.program_text for a in reversed(answer.attempts) if a.program_text), None)
        steps.append(StepRecord(
            role=step.role.value, prompt=step.prompt, reply=step.reply, program=program,
            answer=answer.answer if answer else None, kind=answer.kind if answer else None,
            error=answer.error if answer else None,
            verdict=answer.verdict.to_json(nulls=False) if answer and answer.verdict else None,
            weight=step.weight, weight_reason=step.weight_reason, calls=step.calls, tokens=step.usage.tokens))
    return StrategyRecord(
        name=run.name.value, options=dict(run.options), steps=steps,
        votes=None if run.votes is None else [VoteRecord(**v.model_dump()) for v in run.votes],
        undecided=run.undecided, confidence=run.confidence, abstained=run.abstained, decision=run.decision,
        calls=run.calls)


def read_record(line: str | bytes) -> dict[str, Any]:
    """One results.jsonl line, checked against the record's shape (older lines included)."""
    return ResultRecord.model_validate(json.loads(line)).line()


def schema() -> dict[str, Any]:
    """The JSON Schema of a results.jsonl line, as committed in docs/result-record.schema.json."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **ResultRecord.model_json_schema()}


if __name__ == "__main__":  # python -m pot.eval.records > docs/result-record.schema.json
    print(json.dumps(schema(), indent=2, ensure_ascii=False))
