"""Self-refine: the model reviews its own program, shown what the solver made of it, and rewrites
it; at most `rounds` reviews. It stops early when a review finds nothing to change, or a rewrite
changes nothing; but a program whose premises contradict each other is rewritten whatever its
review says (the solver proved it wrong). The answer is the last program that reached a verdict."""

from __future__ import annotations

from typing import Any

from pot.answer import Answer, StepRole
from pot.llm.strategies.base import Toolkit, fenced, program_text, rewrite_instruction
from pot.llm.strategies.evidence import contradiction, verdict_summary

NOTHING_TO_CHANGE = "NOTHING TO CHANGE"

REVIEWER = (
    "You check programs that encode a yes/no question for a logic solver. You get the question, the program, "
    "and what the solver concluded from it. Look for: facts that are false in the real world or missing, rules "
    "that are wrong or too strong, a claim that does not say what the question asks, and names or sorts that "
    "do not match their meaning. Do not write a new program. List each problem on its own line, with how to "
    f"fix it. If you find no problem, reply with exactly: {NOTHING_TO_CHANGE}"
)


def review_messages(question: str, program: str, summary: str) -> list[dict[str, Any]]:
    """The review request: `program` fenced as the model wrote it, `summary` the solver's view of it."""
    return [{"role": "system", "content": REVIEWER},
            {"role": "user", "content": f"Question: {question}\n\nProgram:\n{program}\n\n{summary}"}]


def found_nothing(reply: str | None) -> bool:
    first = next((line for line in (reply or "").splitlines() if line.strip()), "")
    return first.strip().strip(".*!`\"' ").upper() == NOTHING_TO_CHANGE


async def self_refine(kit: Toolkit, question: str) -> Answer:
    current = await kit.program(StepRole.INITIAL, question)
    kit.add(current)
    decision = "the first program was kept"
    for round_ in range(1, kit.options.rounds + 1):
        assert current.answer is not None
        text = program_text(current.answer)
        if current.answer.verdict is None or text is None:
            decision = "no valid program to review"
            break
        review = await kit.text(StepRole.CRITIQUE, review_messages(
            question, fenced(kit.fmt, text), verdict_summary(current.answer.verdict)))
        kit.add(review)
        # a contradiction is a problem the solver proved: a review that sees none does not end the loop
        proved_problem = contradiction(current.answer.verdict)
        nothing = found_nothing(review.reply)
        if nothing and proved_problem is None:
            decision = f"review {round_} found nothing to change"
            break
        problems = "\n".join(filter(None, [proved_problem, None if nothing else (review.reply or "").strip()]))
        brief = (f"Your earlier program:\n{fenced(kit.fmt, text)}\n\nThese problems were found in it:\n"
                 f"{problems}\n\nFix them. {rewrite_instruction(kit.fmt)}")
        rewrite = await kit.program(StepRole.REFINEMENT, question, brief=brief, prompt=problems)
        kit.add(rewrite)
        if rewrite.answer is None or rewrite.answer.verdict is None:
            decision = f"rewrite {round_} gave no valid program; the last valid one was kept"
            continue
        if program_text(rewrite.answer) == text:
            decision = f"rewrite {round_} changed nothing"
            break
        current = rewrite
        decision = f"the program of rewrite {round_} (of at most {kit.options.rounds})"
    return kit.finish(question, current, decision)
