"""Each strategy end to end through litellm and the fake provider, scripted per request."""

from __future__ import annotations

import asyncio
import itertools
import re

import pytest
from fakes.openai_server import FakeOpenAI, Reply, program_reply
from fakes.retry import FAST_RETRY
from strategy_programs import asserted, contradictory, derived_no, derived_yes, kind_of, renamed, unknown, user_text

from pot.answer import StepRole, Strategy
from pot.proof_of_thought import ProofOfThought

QUESTION = "Is Socrates mortal?"


def asker(server: FakeOpenAI, strategy: Strategy, **kwargs) -> ProofOfThought:
    return ProofOfThought("openai/fake", api_base=server.api_base, retry=FAST_RETRY, strategy=strategy, **kwargs)


def replies(*programs: dict) -> list[Reply]:
    return [program_reply(p) for p in programs]


# --- self-consistency -------------------------------------------------------------------------------------


@pytest.mark.litellm
def test_vote_by_weight_and_confidence():
    with FakeOpenAI(replies(derived_yes(), derived_yes(), asserted(False))) as server:
        answer = asker(server, Strategy.SELF_CONSISTENCY, samples=3).query(QUESTION)
    run = answer.strategy
    assert (answer.answer, answer.kind, answer.error) == (True, "proved", None)
    assert [(v.answer, v.weight, len(v.samples)) for v in run.votes] == [(True, 2.0, 2), (False, 0.5, 1)]
    assert run.confidence == 0.8 and run.undecided == [] and not run.abstained
    assert sorted(s.weight for s in run.steps) == [0.5, 1.0, 1.0]
    assert server.calls == 3 and run.calls == 3 and answer.usage.tokens == 3 * 150
    assert all(body["temperature"] == 0.7 for body in server.requests)  # samples are drawn above 0
    assert answer.verdict.results[0].core  # the chosen sample's evidence comes with the answer


@pytest.mark.litellm
def test_weights_outvote_a_plain_majority():
    """One sample derived through a rule outweighs two that state the opposite as a bare fact... not
    quite: 1.0 against 0.5 + 0.5 is a tie, so no answer; against one bare fact and an unknown, it wins."""
    with FakeOpenAI(replies(derived_no(), asserted(True), unknown())) as server:
        answer = asker(server, Strategy.SELF_CONSISTENCY, samples=3).query(QUESTION)
    assert answer.answer is False and answer.strategy.confidence == pytest.approx(1 / 1.5, abs=1e-4)
    assert len(answer.strategy.undecided) == 1
    with FakeOpenAI(replies(derived_no(), asserted(True), asserted(True))) as server:
        tie = asker(server, Strategy.SELF_CONSISTENCY, samples=3).query(QUESTION)
    assert tie.answer is None and tie.strategy.abstained  # two "yes" by count, but a tie by evidence


@pytest.mark.litellm
def test_conflict_abstains_and_shows_the_split():
    with FakeOpenAI(replies(derived_yes(), derived_no(), unknown())) as server:
        answer = asker(server, Strategy.SELF_CONSISTENCY, samples=3).query(QUESTION)
    run = answer.strategy
    assert answer.answer is None and answer.kind == "no-answer" and answer.verdict is None and run.abstained
    assert {(v.answer, v.weight) for v in run.votes} == {(True, 1.0), (False, 1.0)}
    assert "no clear majority" in run.decision and "yes 1 (samples" in run.decision and "no 1 (samples" in run.decision
    # the samples run concurrently: which request gets which reply varies
    assert re.search(r"\(samples \d\); sample \d: not decided \(unknown\)$", run.decision), run.decision
    assert answer.error.startswith("no answer: ")
    assert run.confidence == 0.5 and len(run.undecided) == 1


@pytest.mark.litellm
def test_no_decided_sample_votes_nothing():
    with FakeOpenAI(replies(unknown())) as server:
        answer = asker(server, Strategy.SELF_CONSISTENCY, samples=2).query(QUESTION)
    run = answer.strategy
    assert run.votes == [] and run.confidence is None and not run.abstained  # a vote with no voter, not a conflict
    assert run.undecided == [1, 2] and answer.answer is None
    assert run.decision == "none of the 2 samples was decided (samples 1, 2: not decided (unknown))"
    assert answer.kind == "unknown" and answer.verdict.results[0].counter_model  # as a plain run would say


@pytest.mark.litellm
def test_samples_are_never_copies_from_the_cache():
    """The same question twice, cache on: every sample of both runs reaches the provider, while a plain
    run at temperature 0 is answered from the cache the second time."""
    with FakeOpenAI(replies(derived_yes())) as server:
        for _ in range(2):
            asker(server, Strategy.SELF_CONSISTENCY, samples=3).query(QUESTION)
        assert server.calls == 6
        for _ in range(2):
            asker(server, Strategy.PLAIN).query(QUESTION)
        assert server.calls == 7


@pytest.mark.litellm  # building the client reads litellm's provider table
def test_samples_run_concurrently(monkeypatch):
    """The samples of one question are in flight together: each waits at a barrier that opens only
    when all three have started (run one after another, the first would wait forever)."""
    from pot.answer import Answer
    from pot.llm.translate import Translator

    barrier = asyncio.Barrier(3)

    async def answer(self, question, **kwargs):
        await asyncio.wait_for(barrier.wait(), timeout=10)
        return Answer(question=question)

    monkeypatch.setattr(Translator, "answer", answer)
    result = ProofOfThought("openai/fake", api_base="http://127.0.0.1:9/v1", strategy="self-consistency",
                            samples=3).query(QUESTION)
    assert len(result.strategy.steps) == 3 and result.strategy.undecided == [1, 2, 3]


def test_bad_options_are_refused():
    with pytest.raises(ValueError, match="samples must be at least 1"):
        ProofOfThought("openai/fake", api_base="http://127.0.0.1:9/v1", strategy="self-consistency", samples=0)
    with pytest.raises(ValueError, match="temperature must be above 0"):
        ProofOfThought("openai/fake", api_base="http://127.0.0.1:9/v1", sample_temperature=0)
    with pytest.raises(ValueError, match="strategy must be one of"):
        ProofOfThought("openai/fake", api_base="http://127.0.0.1:9/v1", strategy="majority")


# --- counterexample ---------------------------------------------------------------------------------------


@pytest.mark.litellm
def test_counterexample_round_trip():
    with FakeOpenAI(replies(unknown(), derived_yes())) as server:
        answer = asker(server, Strategy.COUNTEREXAMPLE).query(QUESTION)
    assert (answer.answer, answer.kind) == (True, "proved")
    assert [s.role for s in answer.strategy.steps] == [StepRole.INITIAL, StepRole.ROUND]
    sent = user_text(server.requests[1])
    assert "allow a world where the claim `mortal(socrates)` is false" in sent
    assert "mortal(…) = false for every argument" in sent and "human(…) = true for every argument" in sent
    assert "Being#0" not in sent  # elements go by the constants' names
    assert "Do not add the claim itself" in sent and '"verifications"' in sent  # the earlier program goes back
    assert server.calls == 2 and "round 1" in answer.strategy.decision


@pytest.mark.litellm
def test_counterexample_rounds_are_bounded():
    with FakeOpenAI(replies(*(renamed(unknown(), n) for n in range(4)))) as server:
        answer = asker(server, Strategy.COUNTEREXAMPLE, rounds=2).query(QUESTION)
    assert answer.kind == "unknown" and server.calls == 3
    assert [s.role for s in answer.strategy.steps] == [StepRole.INITIAL, StepRole.ROUND, StepRole.ROUND]
    assert answer.strategy.decision == "round 2 of at most 2: unknown"


@pytest.mark.litellm
def test_counterexample_stops_when_a_round_returns_the_same_program():
    # as the bench's model did: the next round's request would be the same as this one
    with FakeOpenAI(replies(unknown())) as server:
        answer = asker(server, Strategy.COUNTEREXAMPLE, rounds=3).query(QUESTION)
    assert answer.kind == "unknown" and server.calls == 2
    assert [s.role for s in answer.strategy.steps] == [StepRole.INITIAL, StepRole.ROUND]
    assert answer.strategy.decision == "round 1 changed nothing"


@pytest.mark.litellm
def test_counterexample_refuses_the_claim_stated_as_a_fact():
    with FakeOpenAI(replies(unknown(), asserted(True))) as server:
        answer = asker(server, Strategy.COUNTEREXAMPLE, rounds=1).query(QUESTION)
    assert answer.kind == "unknown" and answer.answer is None  # the round's "proof" is not taken
    assert "states the claim itself" in answer.strategy.steps[1].weight_reason


@pytest.mark.litellm
def test_a_decided_first_program_needs_no_round():
    with FakeOpenAI(replies(derived_no())) as server:
        answer = asker(server, Strategy.COUNTEREXAMPLE).query(QUESTION)
    assert answer.answer is False and server.calls == 1


@pytest.mark.litellm
@pytest.mark.parametrize(("verdicts", "kept"), [("1: true\n2: true", True), ("1: true\n2. False", False)])
def test_core_fact_check(verdicts, kept):
    def responder(body):
        return Reply(content=verdicts) if kind_of(body) == "check" else program_reply(derived_yes())

    with FakeOpenAI(responder=responder) as server:
        answer = asker(server, Strategy.COUNTEREXAMPLE, check_core=True).query(QUESTION)
    check = user_text(server.requests[1])
    assert "1. Is `human(socrates)` true?" in check and "2. Is `forall b: human(b) => mortal(b)` true?" in check
    assert server.calls == 2 and answer.strategy.steps[-1].role == StepRole.FACT_CHECK
    if kept:
        assert answer.answer is True and "stands by all 2 core fact(s)" in answer.strategy.decision
    else:
        assert answer.answer is None and answer.strategy.abstained and "disowns core fact" in answer.error


# --- self-refine ------------------------------------------------------------------------------------------


@pytest.mark.litellm
def test_self_refine_is_bounded_by_rounds():
    versions = itertools.count()

    def responder(body):
        if kind_of(body) == "review":
            return Reply(content="1. The rule about humans should name its source.")
        return program_reply(renamed(derived_yes(), next(versions)))

    with FakeOpenAI(responder=responder) as server:
        answer = asker(server, Strategy.SELF_REFINE, rounds=2).query(QUESTION)
    roles = [s.role for s in answer.strategy.steps]
    assert roles == [StepRole.INITIAL, StepRole.CRITIQUE, StepRole.REFINEMENT, StepRole.CRITIQUE,
                     StepRole.REFINEMENT]
    assert server.calls == 5 and answer.strategy.calls == 5 and answer.answer is True
    rewrite = user_text(server.requests[2])
    assert "These problems were found in it" in rewrite and "name its source" in rewrite
    review = user_text(server.requests[1])
    assert "The solver's verdict: proved" in review and "`human(socrates)`" in review  # the solver's view


@pytest.mark.litellm
def test_self_refine_stops_when_the_review_finds_nothing():
    def responder(body):
        return Reply(content="Nothing to change.") if kind_of(body) == "review" else program_reply(derived_yes())

    with FakeOpenAI(responder=responder) as server:
        answer = asker(server, Strategy.SELF_REFINE, rounds=3).query(QUESTION)
    assert server.calls == 2 and answer.answer is True and "found nothing to change" in answer.strategy.decision


@pytest.mark.litellm
def test_self_refine_rewrites_a_contradiction_the_review_does_not_see():
    # the solver proved the premises contradict each other: "nothing to change" does not end the loop
    def responder(body):
        if kind_of(body) == "review":
            return Reply(content="NOTHING TO CHANGE")
        return program_reply(contradictory() if "These problems were found" not in user_text(body) else derived_yes())

    with FakeOpenAI(responder=responder) as server:
        # one attempt: the translator's own repair turn would fix the contradiction before any review
        answer = asker(server, Strategy.SELF_REFINE, rounds=2, max_attempts=1).query(QUESTION)
    review, rewrite = user_text(server.requests[1]), user_text(server.requests[2])
    assert "contradict each other" in review and "`Not(mortal(socrates))`" in review
    assert "contradict each other, so at least one of them is wrong" in rewrite and "NOTHING" not in rewrite
    assert [s.role for s in answer.strategy.steps][:3] == [StepRole.INITIAL, StepRole.CRITIQUE, StepRole.REFINEMENT]
    assert answer.answer is True and answer.strategy.decision.startswith("review 2 found nothing to change")


# --- decomposed and least-to-most -------------------------------------------------------------------------


PLAN = "1. Is Socrates human?\n2. Are all humans mortal?\n3. Is Socrates mortal?"


def planned(body):
    if kind_of(body) == "plan":
        return Reply(content=PLAN)
    text = user_text(body)
    if text.startswith("Question: Are all humans mortal?"):
        return program_reply(unknown())
    return program_reply(derived_yes())


@pytest.mark.litellm
def test_decomposed_request_shapes():
    with FakeOpenAI(responder=planned) as server:
        answer = asker(server, Strategy.DECOMPOSED, parts=2).query(QUESTION)
    kinds = [kind_of(b) for b in server.requests]
    assert kinds == ["plan", "program", "program", "program"]
    plan = user_text(server.requests[0])
    assert "at most 2 smaller questions" in plan and "independently" in plan
    subs = sorted(user_text(b) for b in server.requests[1:3])  # the sub-questions run concurrently
    assert subs[0].startswith("Question: Are all humans mortal?") and subs[1].startswith("Question: Is Socrates human?")
    assert all(f"one part of a larger one: {QUESTION}" in s for s in subs)
    final = user_text(server.requests[3])
    assert final.startswith(f"Question: {QUESTION}")
    assert "- Is Socrates human?: yes (from: `human(socrates)`" in final
    assert "- Are all humans mortal?: not settled" in final
    assert answer.answer is True and [s.role for s in answer.strategy.steps] == [
        StepRole.PLAN, StepRole.SUB_QUESTION, StepRole.SUB_QUESTION, StepRole.FINAL]


@pytest.mark.litellm
def test_least_to_most_carries_earlier_answers_forward():
    with FakeOpenAI(responder=planned) as server:
        answer = asker(server, Strategy.LEAST_TO_MOST).query(QUESTION)
    texts = [user_text(b) for b in server.requests]
    assert kind_of(server.requests[0]) == "plan" and "from the simplest to the hardest" in texts[0]
    assert len(texts) == 4  # plan, two steps, the question (the plan's last item is the question itself)
    assert texts[1].startswith("Question: Is Socrates human?") and "Settled in earlier steps" not in texts[1]
    assert texts[2].startswith("Question: Are all humans mortal?")
    assert "- Is Socrates human?: yes" in texts[2]
    assert texts[3].startswith(f"Question: {QUESTION}") and "- Are all humans mortal?: not settled" in texts[3]
    assert answer.answer is True and answer.strategy.steps[-1].role == StepRole.FINAL


@pytest.mark.litellm
def test_a_plan_without_items_asks_the_question_itself():
    def responder(body):
        return Reply(content="I cannot split this.") if kind_of(body) == "plan" else program_reply(derived_yes())

    with FakeOpenAI(responder=responder) as server:
        answer = asker(server, Strategy.DECOMPOSED).query(QUESTION)
    assert server.calls == 2 and answer.answer is True and "no sub-question" in answer.strategy.decision
    assert user_text(server.requests[1]) == f"Question: {QUESTION}"
