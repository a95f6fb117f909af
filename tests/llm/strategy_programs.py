"""Programs of known evidence for the strategy tests: each decides `mortal(socrates)` one way."""

from __future__ import annotations

import json

from fakes.openai_server import Reply, program_reply, question_text
from programs import socrates

from pot.llm.strategies.counterexample import CHECKER
from pot.llm.strategies.plan import PLANNER
from pot.llm.strategies.self_refine import REVIEWER


def derived_yes() -> dict:
    """Proved through the rule: evidence `derived`, weight 1."""
    return socrates()


def derived_no() -> dict:
    """Refuted through the rule (Socrates is human, humans are mortal; the claim says he is not)."""
    return socrates("Not(mortal(socrates))")


def asserted(answer: bool) -> dict:
    """Decided by one fact that states the answer outright: evidence `asserted`, weight 0.5."""
    program = socrates()
    program["rules"] = []
    program["knowledge_base"] = [{"name": "said_so", "assertion": "mortal(socrates)" if answer
                                  else "Not(mortal(socrates))"}]
    return program


def contradictory() -> dict:
    """Socrates is human, humans are mortal, and a fact says he is not: the premises contradict each other."""
    program = socrates()
    program["knowledge_base"].append({"name": "immortal", "assertion": "Not(mortal(socrates))"})
    return program


def unknown() -> dict:
    """Nothing about Socrates is known: neither proved nor refuted."""
    program = socrates()
    program["knowledge_base"] = []
    return program


def renamed(program: dict, n: int) -> dict:
    """The same program with other fact and rule names: a rewrite that differs in text only."""
    program = json.loads(json.dumps(program))
    for entry in [*program["knowledge_base"], *program["rules"]]:
        entry["name"] = f"{entry['name']}_{n}"
    return program


def system_text(body: dict) -> str:
    return next((m["content"] for m in body["messages"] if m["role"] == "system"), "")


def kind_of(body: dict) -> str:
    """Which request a strategy sent: review, plan, fact check, or program."""
    system = system_text(body)
    for name, text in (("review", REVIEWER), ("plan", PLANNER), ("check", CHECKER)):
        if system == text:
            return name
    return "program"


def user_text(body: dict) -> str:
    return question_text(body)


__all__ = ["Reply", "asserted", "contradictory", "derived_no", "derived_yes", "kind_of", "program_reply", "renamed",
           "unknown", "user_text"]
