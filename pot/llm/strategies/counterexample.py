"""Counterexample (pot's own): when a program decides nothing, the solver knows why — its facts
allow a world where the claim is false and one where it is true. The model is shown both worlds
in plain words and asked for the missing facts of the real world (never the claim itself); the
rewritten program is decided again, at most `rounds` times. A round whose new program decides
the claim only by stating it (or its negation) as a fact is not taken; one that returns the
same program ends the rounds (the next request would be the same one).

With `check_core`, a decided answer is then put to the test: the model is asked, fact by fact,
whether each premise of the core is true; the answer is dropped when it disowns one.
"""

from __future__ import annotations

import re
from typing import Any

from pot.answer import Answer, Step, StepRole
from pot.llm.strategies.base import Toolkit, fenced, program_text, rewrite_instruction
from pot.llm.strategies.evidence import states_claim, worlds_text
from pot.logic.verdict import ClaimKind, Premise, Verdict


def round_brief(kit: Toolkit, program: str, worlds: str) -> str:
    return (f"Your earlier program:\n{fenced(kit.fmt, program)}\n\nThe solver could not decide it. {worlds}\n\n"
            "Only one of these worlds is like the real one. Add the facts (or rules) that are true of the real "
            "world and that your program is missing, so that the solver can tell which world is real. Do not add "
            f"the claim itself, or its negation, as a fact: it must follow from the other facts. "
            f"{rewrite_instruction(kit.fmt)}")


def asserted_claim(verdict: Verdict) -> Premise | None:
    """The premise that states a decided claim outright (or its negation), if a core holds one."""
    for r in verdict.results:
        if r.kind in (ClaimKind.PROVED, ClaimKind.REFUTED):
            for p in r.core or []:
                if states_claim(p, r.text):
                    return p
    return None


CHECKER = ("You answer questions about the real world. For each numbered statement, say whether it is true of "
           "the real world. Reply with one line per statement: its number, a colon, and true, false or unsure.")


def check_messages(question: str, facts: list[Premise]) -> list[dict[str, Any]]:
    listed = "\n".join(f"{n}. Is `{p.text}` true?" for n, p in enumerate(facts, 1))
    return [{"role": "system", "content": CHECKER},
            {"role": "user", "content": f"These statements were used to answer: {question}\n\n{listed}"}]


_LINE = re.compile(r"^\s*(\d{1,3})\s*[.:)\-]\s*\**\s*(true|false|unsure)\b", re.IGNORECASE)


def disowned(reply: str | None, facts: list[Premise]) -> list[Premise]:
    """The facts the reply calls false (a statement it does not answer is not counted as disowned)."""
    out = []
    for line in (reply or "").splitlines():
        match = _LINE.match(line)
        if match and match.group(2).lower() == "false" and 1 <= int(match.group(1)) <= len(facts):
            fact = facts[int(match.group(1)) - 1]
            if fact not in out:
                out.append(fact)
    return out


def core_premises(verdict: Verdict) -> list[Premise]:
    seen: dict[str, Premise] = {}
    for r in verdict.results:
        if r.kind in (ClaimKind.PROVED, ClaimKind.REFUTED):
            for p in r.core or []:
                seen.setdefault(p.text, p)
    return list(seen.values())


async def counterexample(kit: Toolkit, question: str) -> Answer:
    current = await kit.program(StepRole.INITIAL, question)
    kit.add(current)
    decision = "the first program was decided" if _decided(current) else "the first program"
    for round_ in range(1, kit.options.rounds + 1):
        verdict = current.answer.verdict if current.answer else None
        text = program_text(current.answer)
        open_claims = [r for r in verdict.results if r.kind == ClaimKind.UNKNOWN] if verdict else []
        if not open_claims or text is None:
            break
        worlds = "\n\n".join(worlds_text(r) for r in open_claims)
        step = await kit.program(StepRole.ROUND, question, brief=round_brief(kit, text, worlds), prompt=worlds)
        kit.add(step)
        new = step.answer.verdict if step.answer else None
        if new is None:
            decision = f"round {round_} gave no valid program; the last valid one was kept"
            continue
        if program_text(step.answer) == text:  # the next round's request would repeat this one
            decision = f"round {round_} changed nothing"
            break
        stated = asserted_claim(new)
        if stated is not None:
            step.weight_reason = f"not taken: `{stated.text}` states the claim itself"
            decision = f"round {round_} stated the claim itself as a fact; not taken"
            continue
        current = step
        decision = f"round {round_} of at most {kit.options.rounds}: {new.kind}"
    if kit.options.check_core and _decided(current):
        assert current.answer is not None and current.answer.verdict is not None
        facts = core_premises(current.answer.verdict)
        if facts:
            check = await kit.text(StepRole.FACT_CHECK, check_messages(question, facts),
                                   prompt="\n".join(p.text for p in facts))
            kit.add(check)
            false = disowned(check.reply, facts)
            if false:
                names = ", ".join(f"`{p.text}`" for p in false)
                return kit.finish(question, current, f"the model disowns core fact(s) {names}", abstained=True)
            decision += f"; the model stands by all {len(facts)} core fact(s)"
    return kit.finish(question, current, decision)


def _decided(step: Step) -> bool:
    return step.answer is not None and step.answer.verdict is not None and step.answer.verdict.answer is not None
