"""Decomposed prompting: the model splits the question into independent yes/no sub-questions; each
gets its own program (concurrently); the question is then asked with their answers as context.
A plan with no sub-question falls back to the plain question."""

from __future__ import annotations

import asyncio

from pot.answer import Answer, StepRole
from pot.llm.strategies.base import Toolkit
from pot.llm.strategies.plan import final_brief, plan_messages, read_plan


def part_brief(question: str) -> str:
    return f"This question is one part of a larger one: {question}"


async def decomposed(kit: Toolkit, question: str) -> Answer:
    plan = await kit.text(StepRole.PLAN, plan_messages(question, kit.options.parts, ordered=False))
    kit.add(plan)
    parts = read_plan(plan.reply, kit.options.parts)
    if not parts:
        final = await kit.program(StepRole.FINAL, question)
        kit.add(final)
        return kit.finish(question, final, "the plan listed no sub-question: the question was asked as it is")
    subs = list(await asyncio.gather(*(kit.program(StepRole.SUB_QUESTION, part, brief=part_brief(question),
                                                   prompt=part, progress=False) for part in parts)))
    kit.add(*subs)
    final = await kit.program(StepRole.FINAL, question, brief=final_brief(subs))
    kit.add(final)
    settled = sum(1 for s in subs if s.answer is not None and s.answer.answer is not None)
    return kit.finish(question, final, f"the question's program, given {settled} of {len(subs)} sub-answers")
