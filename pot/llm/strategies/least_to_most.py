"""Least-to-most prompting: the model orders sub-questions from the simplest up; each is asked in
turn with the answers of those before it; then the question with all of them."""

from __future__ import annotations

from pot.answer import Answer, Step, StepRole
from pot.llm.strategies.base import Toolkit
from pot.llm.strategies.plan import established, final_brief, plan_messages, read_plan


def step_brief(question: str, earlier: list[Step]) -> str:
    brief = f"This is one step towards the question: {question}"
    if earlier:
        brief += "\n\nSettled in earlier steps (use them as facts where they apply):\n" + established(earlier)
    return brief


async def least_to_most(kit: Toolkit, question: str) -> Answer:
    plan = await kit.text(StepRole.PLAN, plan_messages(question, kit.options.parts, ordered=True))
    kit.add(plan)
    parts = read_plan(plan.reply, kit.options.parts)
    if parts and parts[-1].strip().lower() == question.strip().lower():
        parts = parts[:-1]  # the question itself comes last, as the final step
    steps: list[Step] = []
    for part in parts:
        step = await kit.program(StepRole.SUB_QUESTION, part, brief=step_brief(question, steps), prompt=part)
        steps.append(step)
        kit.add(step)
    final = await kit.program(StepRole.FINAL, question, brief=final_brief(steps) if steps else None)
    kit.add(final)
    decision = (f"the question's program after {len(steps)} easier step(s)" if steps
                else "the plan listed no step: the question was asked as it is")
    return kit.finish(question, final, decision)
