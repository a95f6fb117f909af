"""What a question gets back: the answer, the program behind it, and every attempt."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from pot.errors import Diagnostic
from pot.logic.verdict import Verdict


class Attempt(BaseModel):
    """One call to the model and what became of its program."""

    index: int  # 1-based
    request: list[dict[str, Any]]  # the messages sent
    raw_response: str | None = None  # the model's text (without hidden reasoning)
    program_text: str | None = None  # the JSON extracted from it
    diagnostics: list[Diagnostic] = Field(default_factory=list)  # parse/check/solve problems
    error: str | None = None  # one line: why this attempt did not give the answer
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    latency_s: float = 0.0
    cached: bool = False
    transport_retries: int = 0


class Answer(BaseModel):
    """The result of asking one question."""

    question: str
    answer: bool | None = None
    kind: str | None = None  # Verdict.kind of the final program
    program: dict[str, Any] | None = None
    verdict: Verdict | None = None
    attempts: list[Attempt] = Field(default_factory=list)
    model: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens: int = 0
    cost_usd: float | None = None
    latency_s: float = 0.0
    error: str | None = None  # set when no verdict was reached
