"""Test-time strategies: more requests for a better answer (docs/strategies.md).

`run_strategy` runs one of them for one question; each module holds one strategy and its prompts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pot.answer import Answer, Strategy
from pot.llm.strategies.base import StrategyOptions, Toolkit
from pot.llm.strategies.counterexample import counterexample
from pot.llm.strategies.decomposed import decomposed
from pot.llm.strategies.least_to_most import least_to_most
from pot.llm.strategies.self_consistency import self_consistency
from pot.llm.strategies.self_refine import self_refine
from pot.llm.translate import Translator

__all__ = ["STRATEGIES", "Strategy", "StrategyOptions", "run_strategy"]

STRATEGIES: dict[Strategy, Callable[[Toolkit, str], Awaitable[Answer]]] = {
    Strategy.SELF_CONSISTENCY: self_consistency,
    Strategy.SELF_REFINE: self_refine,
    Strategy.DECOMPOSED: decomposed,
    Strategy.LEAST_TO_MOST: least_to_most,
    Strategy.COUNTEREXAMPLE: counterexample,
}


async def run_strategy(strategy: Strategy, translator: Translator, question: str, options: StrategyOptions, *,
                       fresh: bool = False, on_attempt: Callable[[int], None] | None = None) -> Answer:
    """The Answer of `question` under `strategy` (not PLAIN: that is the translator alone)."""
    kit = Toolkit(translator, strategy, options, fresh=fresh, on_attempt=on_attempt)
    return await STRATEGIES[strategy](kit, question)
