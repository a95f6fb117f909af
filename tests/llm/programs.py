"""Programs the fake model "writes" in the tests."""

from __future__ import annotations

import copy


def socrates(claim: str = "mortal(socrates)") -> dict:
    return {
        "sorts": [{"name": "Being", "type": "DeclareSort"}],
        "functions": [
            {"name": "human", "domain": ["Being"], "range": "BoolSort"},
            {"name": "mortal", "domain": ["Being"], "range": "BoolSort"},
        ],
        "constants": {"beings": {"sort": "Being", "members": ["socrates"]}},
        "knowledge_base": [{"name": "socrates_human", "assertion": "human(socrates)"}],
        "rules": [{"name": "humans_die", "forall": [{"name": "b", "sort": "Being"}],
                   "implies": {"antecedent": "human(b)", "consequent": "mortal(b)"}}],
        "verifications": [{"name": "claim", "constraint": claim}],
        "actions": ["verify_conditions"],
    }


def with_type_error() -> dict:
    """`mortal` applied to two arguments: an arity error the checker reports."""
    program = copy.deepcopy(socrates())
    program["rules"][0]["implies"]["consequent"] = "mortal(b, 1)"
    return program


def inconsistent() -> dict:
    program = socrates()
    program["knowledge_base"].append({"name": "immortal", "assertion": "Not(mortal(socrates))"})
    return program
