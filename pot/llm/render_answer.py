"""An Answer as terminal text: the answer, the verdict with its evidence, the cost of it."""

from __future__ import annotations

import click

from pot.answer import Answer
from pot.llm.prompt import layout
from pot.render_verdict import diagnostics_text, verdict_text


def answer_text(answer: Answer, show_program: bool = False) -> str:
    lines = [click.style(f"Q: {answer.question}", bold=True)]
    last = answer.attempts[-1] if answer.attempts else None
    program = layout(answer.program) if answer.program is not None else last.program_text if last else None
    if show_program and program:
        lines += ["", "program:", program]
    lines.append("")
    if answer.verdict is not None:
        lines.append(verdict_text(answer.verdict))
    else:
        lines.append(click.style(f"no valid program after {len(answer.attempts)} attempt(s)", fg="red", bold=True))
        if last is not None and last.diagnostics:
            lines.append(diagnostics_text(last.diagnostics))
    repaired = sum(1 for a in answer.attempts if a.error)
    cost = "n/a" if answer.usage.cost_usd is None else f"${answer.usage.cost_usd:.4f}"
    cached = sum(1 for a in answer.attempts if a.cached)
    lines += ["", click.style(f"{answer.model}: {len(answer.attempts)} attempt(s), {repaired} with errors; "
                              f"{answer.usage.tokens} tokens; cost {cost}; {answer.latency_s:.1f}s"
                              + (f"; {cached} from cache" if cached else ""), dim=True)]
    return "\n".join(lines)
