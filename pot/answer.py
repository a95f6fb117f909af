"""What a question gets back: the answer, the program behind it, and every attempt."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from pot.errors import Diagnostic
from pot.logic.verdict import Verdict


class Usage(BaseModel):
    """What one or more completions cost: tokens, and dollars when the model has a known price.

    `cost_usd` is None when no price is known (a local or proxied model), 0.0 for a cache hit
    of a priced one: nothing was spent this time."""

    model_config = ConfigDict(frozen=True)

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        costs = [c for c in (self.cost_usd, other.cost_usd) if c is not None]
        return Usage(prompt_tokens=self.prompt_tokens + other.prompt_tokens,
                     completion_tokens=self.completion_tokens + other.completion_tokens,
                     cost_usd=sum(costs) if costs else None)


class Attempt(BaseModel):
    """One call to the model and what became of its program."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is a bug, not a silent drop

    index: int  # 1-based
    request: list[dict[str, Any]]  # the messages sent
    raw_response: str | None = None  # the model's text (without hidden reasoning)
    program_text: str | None = None  # the JSON extracted from it
    diagnostics: list[Diagnostic] = Field(default_factory=list)  # parse/check/solve problems
    error: str | None = None  # one line: why this attempt did not give the answer
    usage: Usage = Usage()
    latency_s: float = 0.0
    cached: bool = False
    transport_retries: int = 0


class Answer(BaseModel):
    """The result of asking one question; `usage` totals its attempts."""

    model_config = ConfigDict(extra="forbid")

    question: str
    answer: bool | None = None
    kind: str | None = None  # Verdict.kind of the final program
    program: dict[str, Any] | None = None
    verdict: Verdict | None = None
    attempts: list[Attempt] = Field(default_factory=list)
    model: str | None = None
    usage: Usage = Usage()
    latency_s: float = 0.0
    error: str | None = None  # set when no verdict was reached
