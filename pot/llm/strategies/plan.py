"""Sub-questions: the planning request of decomposed and least-to-most prompting, reading its
numbered list, and telling later programs what the earlier ones established."""

from __future__ import annotations

import re
from typing import Any

from pot.answer import Step
from pot.logic.verdict import ClaimKind

PLANNER = (
    "You split a yes/no question into smaller yes/no questions that a logic solver can settle one at a "
    "time. Each smaller question must stand on its own (name the things it is about, no pronouns) and be "
    "answerable with yes or no. Reply with a numbered list only, one question per line, nothing else."
)

_ITEM = re.compile(r"^\s*(?:\d{1,2}[.):]|[-*•])\s+(.+?)\s*$")


def plan_messages(question: str, parts: int, *, ordered: bool) -> list[dict[str, Any]]:
    """The planning request; `ordered` (least-to-most) asks for the simplest first, the question last."""
    if ordered:
        ask = (f"List at most {parts} smaller questions, from the simplest to the hardest, each one answerable "
               "once the ones before it are answered; the last one is the question itself.")
    else:
        ask = (f"List at most {parts} smaller questions that can be answered independently of each other and "
               "whose answers together settle the question.")
    return [{"role": "system", "content": PLANNER}, {"role": "user", "content": f"Question: {question}\n\n{ask}"}]


def read_plan(reply: str | None, parts: int) -> list[str]:
    """The questions of a numbered (or bulleted) list, at most `parts`, duplicates dropped."""
    found: list[str] = []
    for line in (reply or "").splitlines():
        match = _ITEM.match(line)
        if match and match.group(1) not in found:
            found.append(match.group(1).strip("*` "))
    return found[:parts]


def established(steps: list[Step]) -> str:
    """The sub-questions answered so far, as lines the next program is shown."""
    lines = []
    for step in steps:
        answer = step.answer
        verdict = answer.verdict if answer is not None else None
        if verdict is None or verdict.answer is None:
            lines.append(f"- {step.prompt}: not settled")
            continue
        why = ""
        decided = [r for r in verdict.results if r.kind in (ClaimKind.PROVED, ClaimKind.REFUTED) and r.core]
        if decided and decided[0].core:
            why = " (from: " + "; ".join(f"`{p.text}`" for p in decided[0].core) + ")"
        lines.append(f"- {step.prompt}: {'yes' if verdict.answer else 'no'}{why}")
    return "\n".join(lines)


def final_brief(steps: list[Step]) -> str:
    return ("These smaller questions were settled first, each by its own program:\n" + established(steps) +
            "\n\nWrite the program for the question itself. Use the settled answers as facts where they apply; "
            "do not state the answer to the question itself as a fact.")
