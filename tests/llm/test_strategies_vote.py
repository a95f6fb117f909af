"""The pieces of the strategies that need no provider: the vote, the weights, reading replies."""

from __future__ import annotations

import pytest
from strategy_programs import asserted, derived_no, derived_yes, unknown

from pot.answer import Answer, Step, StepRole
from pot.api import verify
from pot.llm.strategies.counterexample import disowned
from pot.llm.strategies.evidence import states_claim, world_text
from pot.llm.strategies.plan import read_plan
from pot.llm.strategies.self_refine import found_nothing
from pot.llm.strategies.vote import WEIGHTS, Evidence, tally, weigh
from pot.logic.verdict import Premise


def sample(program: dict) -> Step:
    verdict = verify(program)
    step = Step(role=StepRole.SAMPLE, answer=Answer(question="q", answer=verdict.answer, kind=verdict.kind,
                                                     verdict=verdict))
    step.weight, step.weight_reason = weigh(verdict)
    return step


def test_weights_follow_the_evidence():
    assert weigh(verify(derived_yes())) == (1.0, "proved, evidence derived")
    assert weigh(verify(asserted(False))) == (0.5, "refuted, evidence asserted")
    assert weigh(verify(unknown())) == (None, "not decided (unknown)")
    assert weigh(None) == (None, "no valid program")
    no_core = verify(derived_yes(), evidence=False)
    assert weigh(no_core) == (WEIGHTS[Evidence.NOT_COMPUTED], "proved, evidence not computed")
    assert WEIGHTS[Evidence.DERIVED] > WEIGHTS[Evidence.FACTS] > WEIGHTS[Evidence.ASSERTED]


def test_two_facts_without_a_rule_weigh_between():
    program = asserted(True)
    program["knowledge_base"] = [{"assertion": "human(socrates)"},
                                 {"assertion": "Implies(human(socrates), mortal(socrates))"}]
    assert weigh(verify(program)) == (1.0, "proved, evidence derived")  # an implication is a rule
    program["knowledge_base"] = [{"assertion": "human(socrates)"},
                                 {"assertion": "human(socrates) == mortal(socrates)"}]
    assert weigh(verify(program)) == (0.75, "proved, evidence facts")


def test_tally_majority_tie_and_nothing():
    win = tally([sample(derived_yes()), sample(derived_yes()), sample(derived_no())])
    assert (win.winner, win.confidence, win.abstained) == (True, round(2 / 3, 4), False)
    close = tally([sample(derived_yes())] * 3 + [sample(derived_no())] * 2)  # 0.6: just clear
    assert close.winner is True
    unclear = tally([sample(derived_yes())] * 4 + [sample(derived_no())] * 3)  # 4/7 < 0.6
    assert unclear.winner is None and unclear.abstained and "yes 4 (samples 1, 2, 3, 4) vs no 3" in unclear.decision
    nothing = tally([sample(unknown())])
    assert (nothing.votes, nothing.confidence, nothing.abstained, nothing.undecided) == ([], None, False, [1])


def test_states_claim():
    assert states_claim(Premise(id="knowledge_base[0]", text="Not( mortal(socrates) )"), "mortal(socrates)")
    assert states_claim(Premise(id="assert[0]", text="(not (sinks pear))"), "(sinks pear)")
    assert not states_claim(Premise(id="knowledge_base[0]", text="human(socrates)"), "mortal(socrates)")


def test_world_text_names_elements_by_their_constants():
    model = {"constants": {"socrates": "Being#0", "plato": "Being#0", "n": 3},
             "functions": {"mortal": {"entries": [{"args": ["Being#0"], "value": True}], "default": False}},
             "universes": {"Being": ["Being#0", "Being#1"]}}
    text = world_text(model)
    assert "plato = socrates" in text and "n = 3" in text and "mortal(socrates) = true" in text
    assert "mortal(…) = false for every other argument" in text and "unnamed things: Being#1" in text
    assert world_text(None) == "  (the solver gave no model)"


@pytest.mark.parametrize(("reply", "parts", "found"), [
    ("1. A?\n2) B?\n- C?\n", 4, ["A?", "B?", "C?"]),
    ("Here:\n1. A?\n1. A?\n2. **B?**", 4, ["A?", "B?"]),
    ("1. A?\n2. B?\n3. C?", 2, ["A?", "B?"]),
    ("no list at all", 3, []),
    (None, 3, []),
])
def test_read_plan(reply, parts, found):
    assert read_plan(reply, parts) == found


def test_replies_read_as_text():
    facts = [Premise(id="k0", text="a"), Premise(id="k1", text="b")]
    assert disowned("1: true\n2: FALSE\n9: false", facts) == [facts[1]]
    assert disowned("1. **false** — pears float", facts) == [facts[0]]
    assert disowned("both are fine", facts) == []
    assert found_nothing("Nothing to change.") and found_nothing("\n**NOTHING TO CHANGE**")
    assert not found_nothing("1. The rule is wrong. Otherwise nothing to change.")


def test_a_large_world_is_cut_short():
    entries = [{"args": [f"T#{i}"], "value": i} for i in range(100)]
    text = world_text({"constants": {}, "functions": {"f": {"entries": entries, "default": 0}}})
    assert len(text.splitlines()) == 41 and text.endswith("… and 61 more lines")
