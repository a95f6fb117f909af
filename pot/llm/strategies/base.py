"""What every strategy shares: its options, and a toolkit that asks for programs or text and keeps each step.

A strategy is a coroutine `(Toolkit, question) -> Answer`. It never talks to the client or
the translator itself: `Toolkit.program` runs the whole attempt loop (repairs included) for
one program, `Toolkit.text` sends one request whose reply is prose (a critique, a plan, a
fact check), and `Toolkit.finish` turns the chosen step into the Answer, with every step kept.
"""

from __future__ import annotations

import copy
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pot.answer import Answer, Step, StepRole, Strategy, StrategyRun, Usage
from pot.llm.extract import strip_reasoning
from pot.llm.prompt import first_messages, layout
from pot.llm.translate import Translator
from pot.smtlib.formats import ProgramFormat

DEFAULT_SAMPLE_TEMPERATURE = 0.7


@dataclass(frozen=True)
class StrategyOptions:
    """How much a strategy may spend. `samples`: self-consistency's programs; `rounds`: self-refine's
    critiques and counterexample's rounds; `parts`: the most sub-questions of a plan."""

    samples: int = 5
    rounds: int = 2
    parts: int = 4
    sample_temperature: float = DEFAULT_SAMPLE_TEMPERATURE  # self-consistency, when the client's is 0 or unset
    check_core: bool = False  # counterexample: ask the model whether each fact of a decisive core is true

    def problem(self) -> str | None:
        """The first bad option, as a user would read it; None when all are fine."""
        for name, value in (("samples", self.samples), ("rounds", self.rounds), ("parts", self.parts)):
            if value < 1:
                return f"{name} must be at least 1, not {value}"
        if not 0 < self.sample_temperature <= 2:
            return ("the sample temperature must be above 0 (samples at 0 would be copies of each other) "
                    f"and at most 2, not {self.sample_temperature}")
        return None


class Toolkit:
    """One question's strategy run: the translator to ask with, the options, the steps so far."""

    def __init__(self, translator: Translator, strategy: Strategy, options: StrategyOptions, *, fresh: bool = False,
                 on_attempt: Callable[[int], None] | None = None):
        self.translator = translator
        self.options = options
        self.fresh = fresh
        self.on_attempt = on_attempt
        self.run = StrategyRun(name=strategy, options=dataclasses.asdict(options))
        self._start = time.monotonic()
        self._sent: list[list[dict[str, Any]]] = []  # every request so far: an identical one is asked again

    @property
    def fmt(self) -> ProgramFormat:
        return self.translator.fmt

    def messages(self, question: str, brief: str | None = None) -> list[dict[str, Any]]:
        """The plain first request for `question`, with `brief` after the question in the same user
        message (so the attempt loop's repairs, which keep the first two messages, keep it too)."""
        messages = first_messages(question, self.translator.client.model, self.fmt, self.translator.prompt)
        if brief:
            messages[1] = {"role": "user", "content": f"{messages[1]['content']}\n\n{brief.strip()}"}
        return messages

    async def program(self, role: StepRole, question: str, *, brief: str | None = None, prompt: str | None = None,
                      sampled: bool = False, progress: bool = True) -> Step:
        """One program for `question` (+ `brief`), through the attempt loop. `sampled`: at a temperature
        above 0, so never read from the cache: each sample is a new request."""
        translator = self._sampler() if sampled else self.translator
        answer = await translator.answer(question, fresh=self.fresh, messages=self.messages(question, brief),
                                         on_attempt=self.on_attempt if progress else None, sent=list(self._sent))
        self._sent += [a.request for a in answer.attempts]
        return Step(role=role, prompt=prompt if prompt is not None else brief, answer=answer, usage=answer.usage,
                    calls=len(answer.attempts))

    async def text(self, role: StepRole, messages: list[dict[str, Any]], *, prompt: str | None = None) -> Step:
        """One request whose reply is prose, read as text (hidden reasoning removed)."""
        repeat = sum(r == messages for r in self._sent)
        self._sent.append(messages)
        completion = await self.translator.client.complete(messages, None, repeat=repeat, fresh=self.fresh)
        return Step(role=role, prompt=prompt, reply=strip_reasoning(completion.text), usage=completion.usage,
                    calls=1)

    def add(self, *steps: Step) -> None:
        self.run.steps.extend(steps)

    def finish(self, question: str, chosen: Step | None, decision: str, *, abstained: bool = False) -> Answer:
        """The Answer: the chosen step's program and verdict (none when abstaining), every step's cost."""
        run = self.run
        run.decision, run.abstained = decision, abstained
        run.calls = sum(s.calls for s in run.steps)
        result = Answer(question=question, model=self.translator.client.model, strategy=run)
        if chosen is not None and chosen.answer is not None and not abstained:
            picked = chosen.answer
            result.program, result.verdict, result.attempts = picked.program, picked.verdict, picked.attempts
            result.answer, result.kind, result.error = picked.answer, picked.kind, picked.error
        else:
            result.kind = "no-answer" if abstained else None
            result.error = f"no answer: {decision}"
        result.usage = sum((s.usage for s in run.steps), Usage())
        result.latency_s = time.monotonic() - self._start
        return result

    def _sampler(self) -> Translator:
        """The translator with a client at the sampling temperature (the client's own when above 0).
        Above 0 the client reads no cache: two samples of one question are two requests."""
        client = self.translator.client
        if client.temperature is not None and client.temperature > 0:
            return self.translator
        hot_client = copy.copy(client)
        hot_client.temperature = self.options.sample_temperature
        hot = copy.copy(self.translator)
        hot.client = hot_client
        return hot


def program_text(answer: Answer | None) -> str | None:
    """The program a step's answer holds, as the model would read it back."""
    if answer is None:
        return None
    if answer.program is not None:
        return layout(answer.program)
    return next((a.program_text for a in reversed(answer.attempts) if a.program_text), None)


def fenced(fmt: ProgramFormat, text: str) -> str:
    return f"```{'smt2' if fmt == ProgramFormat.SMT2 else 'json'}\n{text.strip()}\n```"


def rewrite_instruction(fmt: ProgramFormat) -> str:
    if fmt == ProgramFormat.SMT2:
        return "Reply with the whole script again, corrected, in one ```smt2 code block."
    return "Reply with the whole program again, corrected, as one JSON object."
