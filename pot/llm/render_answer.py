"""An Answer as terminal text: the answer, the verdict with its evidence, the cost of it."""

from __future__ import annotations

import click

from pot.answer import Answer, StrategyRun
from pot.llm.prompt import layout
from pot.render_verdict import diagnostics_text, verdict_text


def answer_text(answer: Answer, show_program: bool = False) -> str:
    lines = [click.style(f"Q: {answer.question}", bold=True)]
    last = answer.attempts[-1] if answer.attempts else None
    program = layout(answer.program) if answer.program is not None else last.program_text if last else None
    if show_program and program:
        lines += ["", "program:", program]
    lines.append("")
    if answer.strategy is not None:
        lines += [*strategy_lines(answer.strategy), ""]
    if answer.verdict is not None:
        lines.append(verdict_text(answer.verdict))
    elif answer.strategy is not None and answer.strategy.abstained:
        lines.append(click.style("no answer", fg="yellow", bold=True) + " (the strategy abstained, see above)")
    else:
        lines.append(click.style(f"no valid program after {len(answer.attempts)} attempt(s)", fg="red", bold=True))
        if last is not None and last.diagnostics:
            lines.append(diagnostics_text(last.diagnostics))
    if answer.strategy is not None:
        lines += ["", click.style(f"{answer.model}: {answer.strategy.calls} request(s) in all; {answer.usage.tokens} "
                                  f"tokens; {answer.latency_s:.1f}s", dim=True)]
        return "\n".join(lines)
    repaired = sum(1 for a in answer.attempts if a.error)
    cost = "n/a" if answer.usage.cost_usd is None else f"${answer.usage.cost_usd:.4f}"
    cached = sum(1 for a in answer.attempts if a.cached)
    lines += ["", click.style(f"{answer.model}: {len(answer.attempts)} attempt(s), {repaired} with errors; "
                              f"{answer.usage.tokens} tokens; cost {cost}; {answer.latency_s:.1f}s"
                              + (f"; {cached} from cache" if cached else ""), dim=True)]
    return "\n".join(lines)


def strategy_lines(run: StrategyRun) -> list[str]:
    """The strategy's steps, one line each, then its votes and decision."""
    lines = [click.style(f"strategy {run.name.value}: {run.decision}", bold=True)]
    for n, step in enumerate(run.steps, 1):
        if step.answer is None:
            what = _first_line(step.reply)
        else:
            what = step.answer.kind or f"no valid program ({_first_line(step.answer.error)})"
            if step.answer.answer is not None:
                what += f", {'yes' if step.answer.answer else 'no'}"
        weight = f"  weight {step.weight:g} ({step.weight_reason})" if step.weight is not None else (
            f"  ({step.weight_reason})" if step.weight_reason else "")
        about = f" {_first_line(step.prompt)}:" if step.role.value == "sub-question" else ""
        lines.append(f"  {n}. {step.role.value}{about} {what}{weight}")
    if run.votes is not None:
        votes = ", ".join(f"{'yes' if v.answer else 'no'} {v.weight:g}" for v in run.votes) or "none"
        agreement = "—" if run.confidence is None else f"{run.confidence:.2f}"
        lines.append(f"  votes: {votes}; undecided: {len(run.undecided or [])}; agreement {agreement}")
    return lines


def _first_line(text: str | None, width: int = 70) -> str:
    line = next((t.strip() for t in (text or "").splitlines() if t.strip()), "")
    return line if len(line) <= width else line[:width - 1] + "…"
