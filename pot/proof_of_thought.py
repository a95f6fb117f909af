"""The Python API: ask a question, get a verified answer.

    pot = ProofOfThought(model="openai/gpt-4o-mini")
    answer = pot.query("Would a pear sink in water?")
    answer.answer, answer.kind, answer.verdict.results[0].core

Everything is async underneath; the sync methods run an event loop for you (in a
worker thread when one is already running, e.g. in a notebook). Z3 runs in threads,
so the questions of `query_many` overlap both in the network and in the solver.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable, Coroutine, Iterable
from typing import Any, TypeVar

from pot.answer import Answer, Strategy
from pot.llm.cache import ResponseCache
from pot.llm.client import DEFAULT_MAX_TOKENS, DEFAULT_TIMEOUT_S, LLMClient, RetryPolicy
from pot.llm.prompt import PromptStyle
from pot.llm.strategies.base import DEFAULT_SAMPLE_TEMPERATURE, StrategyOptions
from pot.llm.translate import Translator, Verifier, verify_in_thread
from pot.logic.verdict import DEFAULT_TIMEOUT_MS, Semantics
from pot.smtlib.formats import ProgramFormat, program_format

T = TypeVar("T")


class ProofOfThought:
    """A model plus the settings of the attempt loop; reusable across questions.

    UsageError is raised here when no model is given. ProviderError when the provider cannot be used: bad key,
    unknown model, transport retries exhausted. A model that never wrote a valid program
    is not an exception: the Answer says so in `error`, with every attempt.

    format="smt2" has the model write SMT-LIB 2 scripts instead of JSON programs (its own
    prompt, the same repair loop fed with the SMT-LIB reader's diagnostics); the script
    is then in `answer.attempts[-1].program_text`, and `answer.program` (JSON only) is None.

    structured_output=True asks the provider for the program through a JSON-schema response
    format (a grammar, on llama.cpp); None uses it when litellm knows the model supports it.
    prompt="compact" sends the short system prompt (see pot.llm.prompt); timeout_s is an idle
    time-out (see pot.llm.client); max_tokens caps each reply (None: the provider's cap).

    strategy= spends more requests per question (docs/strategies.md): "self-consistency" (`samples`
    programs at `sample_temperature`, a solver-aware vote), "self-refine" (at most `rounds` reviews),
    "decomposed" and "least-to-most" (at most `parts` sub-questions), "counterexample" (at most `rounds`
    rounds; `check_core` asks the model about each fact of a decisive core). `answer.strategy` keeps
    every program, verdict and vote. ValueError names a bad strategy option.

    verifier= decides the programs (default: `pot.verify` on a worker thread; the MCP server passes one
    that decides in child processes, see pot.isolated)."""

    def __init__(self, model: str | None = None, *, max_attempts: int = 3,
                 semantics: Semantics | str = Semantics.ENTAIL, api_base: str | None = None,
                 timeout_s: float = DEFAULT_TIMEOUT_S, cache: bool = True,
                 temperature: float | None = 0.0, solver_timeout_ms: int = DEFAULT_TIMEOUT_MS,
                 structured_output: bool | None = None, retry: RetryPolicy | None = None,
                 format: ProgramFormat | str = ProgramFormat.JSON, max_tokens: int | None = DEFAULT_MAX_TOKENS,
                 prompt: PromptStyle | str = PromptStyle.FULL,
                 strategy: Strategy | str = Strategy.PLAIN, samples: int = 5, rounds: int = 2, parts: int = 4,
                 sample_temperature: float = DEFAULT_SAMPLE_TEMPERATURE, check_core: bool = False,
                 verifier: Verifier = verify_in_thread):
        self.strategy = Strategy.parse(strategy)
        self.options = StrategyOptions(samples=samples, rounds=rounds, parts=parts,
                                       sample_temperature=sample_temperature, check_core=check_core)
        problem = self.options.problem()
        if problem:
            raise ValueError(problem)
        client = LLMClient(model, api_base=api_base, timeout_s=timeout_s, temperature=temperature,
                           cache=ResponseCache() if cache else None, retry=retry or RetryPolicy(),
                           max_tokens=max_tokens)
        self.model = client.model
        self.format = program_format(None, format)
        self._translator = Translator(client, max_attempts=max_attempts, semantics=semantics,
                                      timeout_ms=solver_timeout_ms, structured=structured_output, fmt=self.format,
                                      prompt=PromptStyle(prompt), verifier=verifier)

    async def aquery(self, question: str, *, fresh: bool = False, on_attempt: Callable[[int], None] | None = None,
                     on_tokens: Callable[[int], None] | None = None) -> Answer:
        """`fresh`: do not take answers from the cache (asking again); `on_attempt(index)` and
        `on_tokens(n)`: progress (an attempt starts; its reply has n tokens so far)."""
        if self.strategy == Strategy.PLAIN:
            return await self._translator.answer(question, fresh=fresh, on_attempt=on_attempt, on_tokens=on_tokens)
        from pot.llm.strategies import run_strategy

        return await run_strategy(self.strategy, self._translator, question, self.options, fresh=fresh,
                                  on_attempt=on_attempt)

    def query(self, question: str, *, fresh: bool = False, on_attempt: Callable[[int], None] | None = None,
              on_tokens: Callable[[int], None] | None = None) -> Answer:
        return _run(self.aquery(question, fresh=fresh, on_attempt=on_attempt, on_tokens=on_tokens))

    async def aquery_many(self, questions: Iterable[str], concurrency: int = 8) -> list[Answer]:
        """Answers in the order of the questions, at most `concurrency` in flight."""
        gate = asyncio.Semaphore(max(1, concurrency))

        async def one(question: str) -> Answer:
            async with gate:
                return await self.aquery(question)

        tasks = [asyncio.ensure_future(one(q)) for q in questions]
        try:
            return list(await asyncio.gather(*tasks))
        except BaseException:  # a ProviderError ends the batch: stop the other questions too
            for task in tasks:
                task.cancel()
            raise

    def query_many(self, questions: Iterable[str], concurrency: int = 8) -> list[Answer]:
        return _run(self.aquery_many(questions, concurrency))


def _run(coro: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
