"""Strategies with --format smt2: the model writes SMT-LIB scripts; votes, worlds and core checks work the same."""

from __future__ import annotations

import pytest
from fakes.openai_server import FakeOpenAI, Reply
from fakes.retry import FAST_RETRY
from strategy_programs import kind_of, user_text

from pot.answer import StepRole
from pot.proof_of_thought import ProofOfThought

pytestmark = pytest.mark.litellm  # every test here goes through litellm (see tests/conftest.py)

QUESTION = "Would a pear sink in water?"
HEAD = """(declare-sort Thing 0)
(declare-fun density (Thing) Real)
(declare-fun sinks (Thing) Bool)
(declare-const pear Thing)
(declare-const water Thing)
"""
RULE = "(assert (! (forall ((t Thing)) (=> (< (density t) (density water)) (not (sinks t)))) :named floats))\n"
FACTS = ("(assert (! (= (density pear) 0.6) :named pear_density))\n"
         "(assert (! (= (density water) 1.0) :named water_density))\n")
CLAIM = "(assert (! (sinks pear) :named claim))\n(check-sat)\n"


def script(*parts: str) -> Reply:
    return Reply(content="```smt2\n" + HEAD + "".join(parts) + CLAIM + "```")


def asker(server: FakeOpenAI, **kwargs) -> ProofOfThought:
    return ProofOfThought("openai/fake", api_base=server.api_base, retry=FAST_RETRY, format="smt2", **kwargs)


def test_counterexample_with_smt2_scripts():
    with FakeOpenAI([script(RULE), script(RULE, FACTS)]) as server:
        answer = asker(server, strategy="counterexample").query(QUESTION)
    assert (answer.answer, answer.kind) == (False, "refuted")
    sent = user_text(server.requests[1])
    assert "```smt2" in sent and "allow a world where the claim `(sinks pear)` is false" in sent
    assert "in one ```smt2 code block" in sent
    assert answer.program is None and "(density pear) 0.6" in answer.attempts[-1].program_text


def test_self_consistency_weighs_smt2_cores_by_their_rules():
    facts_only = "(assert (! (not (sinks pear)) :named said_so))\n"
    with FakeOpenAI([script(RULE, FACTS), script(facts_only)]) as server:
        answer = asker(server, strategy="self-consistency", samples=2).query(QUESTION)
    weights = sorted((s.weight, s.weight_reason) for s in answer.strategy.steps)
    assert weights == [(0.5, "refuted, evidence asserted"), (1.0, "refuted, evidence derived")]
    assert answer.answer is False and answer.strategy.votes[0].weight == 1.5


def test_core_check_lists_smt2_assertions():
    def responder(body):
        return Reply(content="1: true\n2: true\n3: false") if kind_of(body) == "check" else script(RULE, FACTS)

    with FakeOpenAI(responder=responder) as server:
        answer = asker(server, strategy="counterexample", check_core=True).query(QUESTION)
    assert "Is `(= (density pear) 0.6)` true?" in user_text(server.requests[1])
    assert answer.answer is None and answer.strategy.abstained
    assert answer.strategy.steps[-1].role == StepRole.FACT_CHECK
