"""Self-consistency: k independent programs at a temperature above 0, each checked and decided,
then the solver-aware vote of `vote.py`. The samples run concurrently."""

from __future__ import annotations

import asyncio

from pot.answer import Answer, StepRole
from pot.llm.strategies.base import Toolkit
from pot.llm.strategies.vote import tally, weigh


async def self_consistency(kit: Toolkit, question: str) -> Answer:
    samples = list(await asyncio.gather(*(kit.program(StepRole.SAMPLE, question, sampled=True, progress=False)
                                          for _ in range(kit.options.samples))))
    for step in samples:
        step.weight, step.weight_reason = weigh(step.answer.verdict if step.answer else None)
    kit.add(*samples)
    result = tally(samples)
    run = kit.run
    run.votes, run.undecided, run.confidence = result.votes, result.undecided, result.confidence
    chosen = None
    if result.winner is not None:  # the heaviest sample of the winning side speaks for it
        side = next(v for v in result.votes if v.answer == result.winner)
        chosen = max((samples[i - 1] for i in side.samples), key=lambda s: s.weight or 0.0)
    elif not result.abstained:  # none decided: the first verdict (unknown, ...) is the answer, as a plain run's
        chosen = next((s for s in samples if s.answer is not None and s.answer.verdict is not None), None)
    return kit.finish(question, chosen, result.decision, abstained=result.abstained)
