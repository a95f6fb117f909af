"""The attempt loop: ask, extract, verify; on any problem show the model and ask again.

Transport failures are not attempts: the client retries those, and raises ProviderError
when it gives up, which ends the question. An attempt is one program the model wrote.
Problems that trigger a repair: no program in the reply, an invalid program (every
diagnostic of the checker, or of the SMT-LIB reader for format smt2), and premises that
contradict each other.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any, Protocol

from pot.answer import Answer, Attempt, Usage
from pot.api import verify
from pot.errors import Diagnostic, ProgramError, error, first_error
from pot.llm import litellm, schema
from pot.llm.client import Completion, FinishReason, LLMClient, RequestFailed
from pot.llm.extract import extract_program, extract_script, strip_reasoning
from pot.llm.prompt import PromptStyle, first_messages, repair_messages
from pot.logic.verdict import DEFAULT_TIMEOUT_MS, Semantics, Verdict
from pot.smtlib.formats import ProgramFormat


class Verifier(Protocol):
    """How a program the model wrote is decided: its Verdict, or ProgramError with its diagnostics.
    The default runs `pot.verify` on a worker thread; `pot eval` and the MCP server decide in child
    processes (pot.isolated.ChildPool.decide)."""

    async def __call__(self, program: dict[str, Any] | str, *, fmt: ProgramFormat, semantics: Semantics,
                       timeout_ms: int) -> Verdict: ...


async def verify_in_thread(program: dict[str, Any] | str, *, fmt: ProgramFormat, semantics: Semantics,
                           timeout_ms: int) -> Verdict:
    return await asyncio.to_thread(verify, program, format=fmt, semantics=semantics, timeout_ms=timeout_ms)


def supports_schema(model: str) -> bool:
    try:
        return bool(litellm().supports_response_schema(model=model))
    except Exception:  # unknown to litellm's model map
        return False


class Translator:
    def __init__(self, client: LLMClient, *, max_attempts: int = 3, semantics: Semantics | str = Semantics.ENTAIL,
                 timeout_ms: int = DEFAULT_TIMEOUT_MS, structured: bool | None = None,
                 fmt: ProgramFormat = ProgramFormat.JSON, prompt: PromptStyle = PromptStyle.FULL,
                 verifier: Verifier = verify_in_thread):
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.fmt = fmt
        self.prompt = prompt
        self.client = client
        self.max_attempts = max_attempts
        self.semantics = Semantics.parse(semantics)
        self.timeout_ms = timeout_ms
        self.verifier = verifier
        # a JSON schema constrains JSON replies only: SMT-LIB scripts are free text. None: when litellm
        # knows the model supports it (it cannot know for a local server: say structured=True)
        self.structured = fmt == ProgramFormat.JSON and (supports_schema(client.model) if structured is None
                                                         else structured)

    async def answer(self, question: str, *, fresh: bool = False,
                     on_attempt: Callable[[int], None] | None = None,
                     on_tokens: Callable[[int], None] | None = None,
                     messages: list[dict[str, Any]] | None = None,
                     sent: list[list[dict[str, Any]]] | None = None) -> Answer:
        """`fresh`: ask the provider even when the cache holds the answer (a retried question);
        `on_attempt(index)` is called as each attempt starts, `on_tokens(n)` as its reply streams in
        (a spinner shows both); `messages`: the first request, when a strategy adds to the question
        (repairs keep its first two messages); `sent`: requests a strategy already sent for this
        question (a repeat of one is a new request)."""
        start = time.monotonic()
        result = Answer(question=question, model=self.client.model)
        first = messages = messages or first_messages(question, self.client.model, self.fmt, self.prompt)
        for index in range(1, self.max_attempts + 1):
            if on_attempt is not None:
                on_attempt(index)
            attempt = Attempt(index=index, request=messages)
            # a repair identical to an earlier one (of this loop, or of the strategy's earlier steps)
            repeat = sum(a.request == messages for a in result.attempts) + sum(r == messages for r in sent or [])
            attempt.temperature = self.client.temperature_for(repeat)
            result.attempts.append(attempt)
            try:
                completion = await self.client.complete(messages, self._response_format(),
                                                        repeat=repeat, fresh=fresh, on_tokens=on_tokens)
            except RequestFailed as exc:  # the question ends here; what it had so far goes with it
                attempt.error = result.error = f"request failed: {exc}"
                _totals(result, time.monotonic() - start)
                exc.partial = result
                raise
            _record(attempt, completion)
            program, verdict, problems = await self._evaluate(attempt)
            if problems and completion.truncated:  # say why first: the cut, not the JSON it left unfinished
                problems = [_truncation(completion, self.client.max_tokens), *problems]
            attempt.diagnostics = problems or (verdict.warnings if verdict else [])
            result.program, result.verdict = program, verdict
            if not problems or (verdict is not None and index == self.max_attempts):
                result.error = None
                break
            attempt.error = result.error = first_error(problems)
            reply = attempt.program_text or attempt.raw_response or ""
            # quoted from: the JSON program, else the reply shown (a script, or JSON that does not parse)
            messages = repair_messages(first, reply, problems, self.fmt, source=reply if program is None else program)
        if result.verdict is not None:
            result.answer, result.kind = result.verdict.answer, result.verdict.kind
        _totals(result, time.monotonic() - start)
        return result

    def _response_format(self) -> dict[str, Any] | None:
        if not self.structured:
            return None
        return schema.response_format(schema.SchemaStyle.for_model(self.client.model, self.client.api_base))

    async def _evaluate(self, attempt: Attempt) -> tuple[dict[str, Any] | None, Verdict | None, list[Diagnostic]]:
        if self.fmt == ProgramFormat.SMT2:
            return None, *await self._evaluate_script(attempt)
        extracted = extract_program(attempt.raw_response or "")
        attempt.program_text = extracted.text
        if extracted.program is None:
            return None, None, extracted.diagnostics
        program = schema.to_dsl(extracted.program) if self.structured else extracted.program
        try:
            verdict = await self.verifier(program, fmt=ProgramFormat.JSON, semantics=self.semantics,
                                          timeout_ms=self.timeout_ms)
        except ProgramError as exc:
            return program, None, exc.diagnostics
        if verdict.kind == "inconsistent":
            return program, verdict, [_inconsistency(verdict)]
        return program, verdict, []

    async def _evaluate_script(self, attempt: Attempt) -> tuple[Verdict | None, list[Diagnostic]]:
        """An SMT-LIB reply: the script is kept as text (Attempt.program_text); Answer.program stays None."""
        extracted = extract_script(attempt.raw_response or "")
        attempt.program_text = extracted.text
        if extracted.text is None:
            return None, extracted.diagnostics
        try:
            verdict = await self.verifier(extracted.text, fmt=ProgramFormat.SMT2, semantics=self.semantics,
                                          timeout_ms=self.timeout_ms)
        except ProgramError as exc:
            return None, exc.diagnostics
        if verdict.kind == "inconsistent":
            return verdict, [_inconsistency(verdict)]
        return verdict, []


def _record(attempt: Attempt, completion: Completion) -> None:
    attempt.raw_response = strip_reasoning(completion.text)
    attempt.usage = completion.usage
    attempt.latency_s = completion.latency_s
    attempt.cached = completion.cached
    attempt.transport_retries = completion.retries


def _truncation(completion: Completion, cap: int | None) -> Diagnostic:
    if completion.finish == FinishReason.REPETITION:
        stretch = " ".join((completion.repeated or "").split())[:80]
        return error("reply-repeats", "", f"the reply kept repeating the same text ({stretch!r}…) and was stopped "
                     f"after {completion.usage.completion_tokens} tokens",
                     "write each sort, fact, rule and verification once: the claim needs only a few of them")
    if completion.finish == FinishReason.LENGTH:
        tokens = completion.usage.completion_tokens
        # well below the cap (servers count a token or two either side of it): the context window was full
        if tokens and cap and tokens < cap - 8:
            used = completion.usage.prompt_tokens + tokens
            return error("reply-truncated", "", f"the reply was cut off after {tokens} tokens, below the output cap "
                         f"({cap}): the conversation filled the model's context window ({used} tokens)",
                         "write a shorter program: only the facts and rules the claim needs, no prose, no comments")
        return error("reply-truncated", "", f"the reply was cut off at the output cap ({tokens or 'max'} tokens) "
                     "before the program was complete",
                     "write a shorter program: only the facts and rules the claim needs, no prose, no comments")
    return error("reply-interrupted", "", "the reply stopped before the model finished it (the server ended the "
                 "stream)", "reply again with the whole program")


def _inconsistency(verdict: Verdict) -> Diagnostic:
    core = verdict.contradiction() or []
    names = ", ".join(p.id + (f" ({p.name})" if p.name else "") for p in core) or "the premises"
    return error("inconsistent-premises", "", f"the facts and rules contradict each other: {names}",
                 "correct or remove the wrong fact or rule; the premises must be satisfiable together")


def _totals(result: Answer, wall_s: float) -> None:
    result.usage = sum((a.usage for a in result.attempts), Usage())
    result.latency_s = wall_s
