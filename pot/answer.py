"""What a question gets back: the answer, the program behind it, and every attempt."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from pot.errors import Diagnostic
from pot.logic.verdict import Verdict
from pot.strategy import Strategy


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
    # what the request was sent at: the client's, or REPEAT_TEMPERATURE for a repeated request
    # (pot.llm.client); None: the provider's default
    temperature: float | None = None


class StepRole(StrEnum):
    """What one step of a strategy was for."""

    SAMPLE = "sample"  # self-consistency: one independent program
    INITIAL = "initial"  # the plain answer a strategy starts from
    CRITIQUE = "critique"  # self-refine: the model's review of its program (text)
    REFINEMENT = "refinement"  # self-refine: the program rewritten after a critique
    PLAN = "plan"  # decomposed / least-to-most: the list of sub-questions (text)
    SUB_QUESTION = "sub-question"  # one sub-question's program
    FINAL = "final"  # the question itself, given the sub-questions' answers
    ROUND = "round"  # counterexample: the program rewritten after seeing both worlds
    FACT_CHECK = "fact-check"  # counterexample: the model asked whether each core fact is true (text)


class Step(BaseModel):
    """One request (or one repair loop) of a strategy: a program with its verdict, or a text reply."""

    model_config = ConfigDict(extra="forbid")

    role: StepRole
    prompt: str | None = None  # what this step added to the question: a sub-question, a critique, the worlds
    answer: Answer | None = None  # program steps: the whole attempt loop of this program
    reply: str | None = None  # text steps: the model's reply
    weight: float | None = None  # self-consistency: its weight in the vote; None: it did not vote
    weight_reason: str | None = None  # why that weight (or why no vote)
    usage: Usage = Usage()
    calls: int = 0  # requests sent for this step (attempts included)


class Vote(BaseModel):
    """One side of a vote: the samples that decided `answer`, and their summed weight."""

    model_config = ConfigDict(extra="forbid")

    answer: bool
    weight: float
    samples: list[int]  # 1-based indexes into the steps


class StrategyRun(BaseModel):
    """What a strategy did: every step, and for a vote the votes and the agreement.

    `votes` and `confidence` are None when no vote was taken (strategies without one), `votes`
    is [] when a vote was taken and no sample was decided."""

    model_config = ConfigDict(extra="forbid")

    name: Strategy
    options: dict[str, int | float | bool] = Field(default_factory=dict)  # samples, rounds, parts, ...
    steps: list[Step] = Field(default_factory=list)
    votes: list[Vote] | None = None
    undecided: list[int] | None = None  # self-consistency: the samples that did not vote
    confidence: float | None = None  # the winning side's share of the decided weight
    abstained: bool = False  # decided steps conflicted (or a core fact was disowned): no answer on purpose
    decision: str = ""  # one line: why the final answer is what it is
    calls: int = 0  # requests sent in all


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
    strategy: StrategyRun | None = None  # None: the plain run (one program and its repairs)


Step.model_rebuild()
