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


def read_record(line: str | bytes) -> dict[str, Any]:
    """One results.jsonl line, checked against the record's shape (older lines included)."""
    return ResultRecord.model_validate(json.loads(line)).line()


def schema() -> dict[str, Any]:
    """The JSON Schema of a results.jsonl line, as committed in docs/result-record.schema.json."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **ResultRecord.model_json_schema()}


if __name__ == "__main__":  # python -m pot.eval.records > docs/result-record.schema.json
    print(json.dumps(schema(), indent=2, ensure_ascii=False))
