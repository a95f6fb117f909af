"""Programs, answers and run records the page tests render; some carry injected markup."""

from __future__ import annotations

import copy
import json
from typing import Any

from pot.answer import Answer, Attempt, Usage
from pot.api import verify
from pot.errors import error

PWN = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">'
"""Model-written text that would run script if a page let it through."""


def socrates(claim: str = "mortal(socrates)") -> dict[str, Any]:
    return {
        "sorts": [{"name": "Being", "type": "DeclareSort"}],
        "functions": [{"name": "human", "domain": ["Being"], "range": "BoolSort"},
                      {"name": "mortal", "domain": ["Being"], "range": "BoolSort"},
                      {"name": "wise", "domain": ["Being"], "range": "BoolSort"}],
        "constants": {"beings": {"sort": "Being", "members": ["socrates", "plato"]}},
        "knowledge_base": [{"name": "socrates_human", "assertion": "human(socrates)"},
                           {"name": "plato_wise", "assertion": "wise(plato)"}],
        "rules": [{"name": "humans_die", "forall": [{"name": "b", "sort": "Being"}],
                   "implies": {"antecedent": "human(b)", "consequent": "mortal(b)"}}],
        "verifications": [{"name": "socrates_mortal", "constraint": claim}],
        "actions": ["verify_conditions"],
    }


def injected() -> dict[str, Any]:
    """A valid program whose free-text fields (names) carry markup."""
    program = copy.deepcopy(socrates())
    program["knowledge_base"][0]["name"] = f"socrates {PWN}"
    program["rules"][0]["name"] = f"humans die {PWN}"
    program["verifications"][0]["name"] = f"claim {PWN}"
    return program


def answer(question: str = f"Is Socrates mortal? {PWN}") -> Answer:
    """What `pot ask` returns after one failed and one verified attempt."""
    program = socrates()
    bad_reply = f"Here is the program {PWN}\n```json\n{{\"sorts\": []}}\n```"
    first = Attempt(index=1, request=[], raw_response=bad_reply, program_text='{"sorts": []}',
                    diagnostics=[error("nothing-to-verify", "verifications", f"no verification {PWN}")],
                    error=f"verifications: no verification {PWN}",
                    usage=Usage(prompt_tokens=900, completion_tokens=120, cost_usd=0.0011), latency_s=1.25,
                    temperature=0.0)
    second = Attempt(index=2, request=[], raw_response=json.dumps(program), program_text=json.dumps(program),
                     usage=Usage(prompt_tokens=1100, completion_tokens=160, cost_usd=0.0013), latency_s=1.5,
                     temperature=0.7)  # as a repeated request is sampled
    verdict = verify(program)
    return Answer(question=question, answer=verdict.answer, kind=verdict.kind, program=program, verdict=verdict,
                  attempts=[first, second], model="openai/fake",
                  usage=Usage(prompt_tokens=2000, completion_tokens=280, cost_usd=0.0024), latency_s=2.9)


def replay_records() -> list[dict[str, Any]]:
    """Recorded programs for a replay: two datasets, every verdict kind, an invalid program, injected text."""
    def record(i: int, dataset: str, question: str, gold: bool, program: dict | str | None) -> dict[str, Any]:
        return {"id": f"{dataset}-{i}", "dataset": dataset, "format": "json", "question": question,
                "ground_truth": gold, "program": program, "model": "recorded"}

    return [
        record(0, "alpha", "Is Socrates mortal?", True, socrates()),
        record(1, "alpha", "Is Socrates immortal?", False, socrates("Not(mortal(socrates))")),
        record(2, "alpha", "Is Socrates wise?", True, socrates("wise(socrates)")),
        record(3, "beta", "Is Plato mortal?", True, socrates("mortal(plato)")),
        record(4, "beta", f"Is Plato wise? {PWN}", True, socrates("wise(plato)")),
        record(5, "beta", "Is Socrates human?", False, socrates("human(socrates)")),
        record(6, "beta", "A broken program", True, f'{{"knowledge_base": ["{PWN}"], </pre>{PWN}'),
        record(7, 'gamma"><script>window.__pwned=3</script>', "Odd dataset name", True, injected()),
    ]
